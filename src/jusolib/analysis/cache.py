"""Tables a report computes once: the workbook and the slide deck read the same ones.

A :class:`~jusolib.report.YearReport` does not change once loaded (its data, classes and parameters are fixed),
so a table method called again with the same arguments may return what it returned the first time.
:func:`kept` does that for the table methods that both the workbook and the slide deck read, so that writing
the deck after the workbook does not compute them again. A table (a ``ReportTable`` or a DataFrame) comes
back as a fresh copy each time, so that changing it in a notebook never changes what the next caller gets.

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
>>> import pandas as pd
>>> class Frames:
...     @kept
...     def frame(self):
...         return pd.DataFrame({"n": [23]})
>>> frames = Frames()
>>> mine = frames.frame()
>>> mine.loc[0, "n"] = 0  # a caller changes its copy …
>>> int(frames.frame().loc[0, "n"])  # … and the next caller still gets the table as computed
23
"""

from __future__ import annotations

import dataclasses
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
        return _fresh(store[key])

    return wrapper  # type: ignore[return-value]


def _fresh(value: Any) -> Any:
    """A copy of a kept table that a caller may change (its frame copied); anything else as it is."""
    import pandas as pd

    if isinstance(value, pd.DataFrame):
        return value.copy()
    frame = getattr(value, "frame", None)
    if dataclasses.is_dataclass(value) and isinstance(frame, pd.DataFrame):
        return dataclasses.replace(value, frame=frame.copy())
    return value
