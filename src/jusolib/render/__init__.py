"""Batch rendering: the notebooks of each fiscal year run with papermill, then pages, workbook, deck.

``jusolib.render`` was a module in jusolib 0.1; its functions still resolve here, with a warning naming their new
module (see :mod:`jusolib._compat`).
"""

from typing import Any


def __getattr__(name: str) -> Any:
    from jusolib._compat import forward

    return forward(__name__, name)
