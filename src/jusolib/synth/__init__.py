"""Reconstructed microdata (合成データ): return files calibrated to the published figures."""
