"""The one cache of a year's report: each table is computed once per :class:`~jusolib.analysis.year_data.YearData`
and handed out as a fresh copy.

A year's data does not change once loaded (it is frozen), so an analysis function called again with the same
arguments may return what it returned the first time: the workbook, the slide deck and a notebook then read
the same table without computing it again. A table (a ``ReportTable``, a DataFrame or Series, or a list of
them) comes back as a copy each time, so that changing it in a notebook never changes what the next caller
gets.

Examples
--------
>>> from dataclasses import dataclass, field
>>> @dataclass(frozen=True)
... class Year:
...     store: dict = field(default_factory=dict)
>>> calls = []
>>> @cached
... def table(year, section):
...     calls.append(section)
...     return pd.DataFrame({"n": [23]})
>>> year = Year()
>>> mine = table(year, "I")
>>> mine.loc[0, "n"] = 0  # a caller changes its copy …
>>> int(table(year, "I").loc[0, "n"]), calls  # … the next caller gets the table as computed, computed once
(23, ['I'])
>>> _ = table(year, "II"), table(Year(), "I")  # other arguments, another year: computed
>>> calls
['I', 'II', 'I']
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable, Hashable
from typing import Any, ParamSpec, Protocol, TypeVar

import pandas as pd

P = ParamSpec("P")
R = TypeVar("R")


class HasStore(Protocol):
    """What the cache keeps its tables on: a year's data (its ``store`` dict)."""

    @property
    def store(self) -> dict[tuple[Any, ...], Any]: ...


def cached(function: Callable[P, R]) -> Callable[P, R]:
    """Keep what ``function(year, *args)`` returns in ``year.store``, per function and arguments; return copies.

    The first argument must be a year's data (anything with a ``store`` dict); the others must be hashable.
    A year with an ``inputs_stamp()`` (:meth:`jusolib.analysis.year_data.YearData.inputs_stamp`) gets an empty
    store when the stamp changes.

    Parameters
    ----------
    function
        An analysis function whose first argument is a year's data.

    Returns
    -------
    callable
        ``function`` with the same signature and docstring, computing once per year and arguments and returning
        :func:`fresh` copies of what it computed.
    """

    @functools.wraps(function)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        year, rest = args[0], args[1:]
        store: dict[tuple[Any, ...], Any] = year.store  # type: ignore[attr-defined]
        _start_afresh_if_inputs_changed(year, store)
        key = (function.__module__, function.__qualname__, rest, tuple(sorted(kwargs.items())))
        _check_hashable(function.__qualname__, key)
        if key not in store:
            store[key] = function(*args, **kwargs)
        return fresh(store[key])

    return wrapper


#: Where the store keeps the stamp of the inputs its tables were computed from.
_STAMP = ("inputs_stamp",)


def _start_afresh_if_inputs_changed(year: Any, store: dict[tuple[Any, ...], Any]) -> None:
    """Empty the store when the year's changeable inputs (its ``inputs_stamp()``: the coding rules file) are
    not those its tables were computed from: a rule edited in a notebook session counts at the next call.

    Examples
    --------
    >>> class Year:
    ...     def __init__(self):
    ...         self.store, self.stamp = {}, 1
    ...     def inputs_stamp(self):
    ...         return self.stamp
    >>> @cached
    ... def count(year):
    ...     return year.stamp * 10
    >>> year = Year()
    >>> count(year), count(year)
    (10, 10)
    >>> year.stamp = 2  # the rules file changed
    >>> count(year)
    20
    """
    stamp = getattr(year, "inputs_stamp", None)
    if stamp is None:
        return
    current = stamp()
    if store.get(_STAMP, current) != current:
        store.clear()
    store[_STAMP] = current


def _check_hashable(name: str, key: Hashable) -> None:
    try:
        hash(key)
    except TypeError as exc:
        raise TypeError(f"{name}: cached tables take hashable arguments ({exc})") from None


def fresh(value: Any) -> Any:
    """A copy of a kept table that a caller may change (frames copied, lists and tuples element by element).

    Parameters
    ----------
    value
        What an analysis function returned: a DataFrame or Series, a report table (a dataclass with a ``frame``), a
        list or tuple of them, or anything else.

    Returns
    -------
    object
        A copy for frames, series and report tables (the table's frame copied), lists and tuples copied element
        by element; any other value as it is (strings, numbers and figures are not copied).

    Examples
    --------
    >>> frame = pd.DataFrame({"n": [1]})
    >>> copy = fresh([frame])[0]
    >>> copy is frame, copy.equals(frame)
    (False, True)
    """
    if isinstance(value, pd.DataFrame | pd.Series):
        return value.copy()
    if isinstance(value, list | tuple):
        return type(value)(fresh(v) for v in value)
    frame = getattr(value, "frame", None)
    if dataclasses.is_dataclass(value) and not isinstance(value, type) and isinstance(frame, pd.DataFrame):
        return dataclasses.replace(value, frame=frame.copy())
    return value
