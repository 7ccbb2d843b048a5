"""Batch rendering: the notebooks of each fiscal year run with papermill, then pages, workbook, deck."""
