"""Reconstructed microdata (合成データ): return files calibrated to the published figures.

``jusolib.synth`` was a module in jusolib 0.1; its functions still resolve here, with a warning naming their new
module (see :mod:`jusolib._compat`).
"""

from typing import Any


def __getattr__(name: str) -> Any:
    from jusolib._compat import forward

    return forward(__name__, name)
