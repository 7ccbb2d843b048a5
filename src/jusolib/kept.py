"""Tables a report computes once: the workbook and the slide deck read the same ones.

A :class:`~jusolib.report.YearReport` does not change once loaded (its data, classes and parameters are fixed),
so a table method called again with the same arguments may return what it returned the first time.
:func:`kept` does that for the table methods that both the workbook and the slide deck read, so that writing
the deck after the workbook does not compute them again. The same object is returned each time: copy its
frame before changing it.

Examples
--------
>>> class Report:
...     calls = 0
...     @kept
...     def table(self, section):
...         Report.calls += 1
...         return [section]
>>> report = Report()
>>> report.table("I") is report.table("I"), Report.calls
(True, 1)
>>> report.table("II"), Report().table("I"), Report.calls  # other arguments, another report: computed
(['II'], ['I'], 3)
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

Method = TypeVar("Method", bound=Callable[..., Any])


def kept(method: Method) -> Method:
    """Keep what ``method`` returns per arguments, on the instance, for the life of the instance."""

    @functools.wraps(method)
    def wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
        store = self.__dict__.setdefault("_kept_tables", {})
        key = (method.__name__, args, tuple(sorted(kwargs.items())))
        if key not in store:
            store[key] = method(self, *args, **kwargs)
        return store[key]

    return wrapper  # type: ignore[return-value]
