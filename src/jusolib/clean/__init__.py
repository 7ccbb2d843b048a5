"""From raw returns to the processed data of a fiscal year: cleaning, tidy frames, the build, the collection.

``jusolib.clean`` was a module in jusolib 0.1 (now :mod:`jusolib.clean.cleaner`); its functions still resolve
here, with a warning naming their new module (see :mod:`jusolib._compat`).
"""

from typing import Any


def __getattr__(name: str) -> Any:
    from jusolib._compat import forward

    return forward(__name__, name)
