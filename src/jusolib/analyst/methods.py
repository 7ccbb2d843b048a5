"""Report methods that speak one vocabulary: arguments resolved once, tables keyed, charts shown once.

:func:`speaks_vocabulary` decorates :class:`jusolib.report.YearReport`: every analysis function assigned in its
body (a function of a ``jusolib.analysis`` module) becomes a method that

1. binds its arguments, and turns a call that does not fit the signature into a one-line
   :class:`~jusolib.core.errors.ParameterError` naming the parameters the method takes;
2. reads ``section``, ``item``, ``respondent_type``, ``size_scheme``/``scheme`` and ``base`` through the year's
   :class:`~jusolib.survey.vocabulary.Vocabulary` (codes or Japanese names, 問 numbers in any width, the 「I-1」
   form; a wrong value is an error naming the valid ones, with "did you mean"), so the analysis function — and
   its cache — always sees the keys;
3. hands back tables as :class:`~jusolib.analyst.table.Table` (``.keyed()``, ``.to_excel()``) and closes a
   chart in pyplot after drawing it: JupyterLab shows the returned figure once (not once more as a figure left
   open), figures do not pile up, and ``.savefig`` still works.

The analysis functions themselves are unchanged: the pages, the workbook and the deck call them directly.

Examples
--------
>>> from jusolib import YearReport
>>> report = YearReport.load(2024)
>>> report.distribution("ii").key, report.distribution("Ⅱ", base="無回答を除く").key
('II_分布_含', 'II_分布_除')
>>> report.indices("I")
Traceback (most recent call last):
...
jusolib.core.errors.ParameterError: indices() takes no more arguments than indices(); got indices('I')
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Any, TypeVar

from jusolib.analysis.tables import ReportTable
from jusolib.analyst.table import Table
from jusolib.core.errors import ParameterError
from jusolib.survey.vocabulary import base_key, size_scheme_key

C = TypeVar("C", bound=type)


def _item_or_items(vocabulary: Any, value: Any) -> Any:
    if isinstance(value, list | tuple):
        return tuple(vocabulary.items(value))
    return vocabulary.item(value)


def _respondent_types(vocabulary: Any, value: Any) -> Any:
    if isinstance(value, list | tuple):
        return tuple(vocabulary.respondent_type_keys(value))
    keys = vocabulary.respondent_type_keys(value)
    return keys[0] if len(keys) == 1 else tuple(keys)


#: Parameter name → how its value is read (``None`` is always passed through).
RESOLVERS: dict[str, Callable[[Any, Any], Any]] = {
    "section": lambda vocabulary, value: vocabulary.section(value),
    "item": _item_or_items,
    "respondent_type": _respondent_types,
    "size_scheme": lambda vocabulary, value: size_scheme_key(value),
    "scheme": lambda vocabulary, value: size_scheme_key(value),
    "base": lambda vocabulary, value: base_key(value),
}


def _call_text(name: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> str:
    given = [repr(a) for a in args] + [f"{k}={v!r}" for k, v in kwargs.items()]
    return f"{name}({', '.join(given)})"


def _signature_text(name: str, signature: inspect.Signature) -> str:
    parameters = list(signature.parameters.values())[1:]  # without the year
    return f"{name}({', '.join(str(p) for p in parameters)})"


def resolve_arguments(
    function: Callable[..., Any], year: Any, args: tuple[Any, ...], kwargs: dict[str, Any]
) -> inspect.BoundArguments:
    """``function(year, *args, **kwargs)``'s arguments bound, the vocabulary's parameters read as keys.

    Parameters
    ----------
    function
        An analysis function (its first parameter is the year's data).
    year
        The year's data (its ``vocabulary``).
    args, kwargs
        What the method was called with.

    Returns
    -------
    inspect.BoundArguments

    Raises
    ------
    ParameterError
        When the call does not fit the signature (the message shows both), or a value is not in the vocabulary.

    Examples
    --------
    >>> from jusolib.analysis.section_tables import distribution
    >>> resolve_arguments(distribution, report, ("iii",), {"base": "除く"}).arguments["section"]
    'III'
    """
    signature = inspect.signature(function)
    name = function.__name__
    try:
        bound = signature.bind(year, *args, **kwargs)
    except TypeError as exc:
        shown = _signature_text(name, signature)
        reason = str(exc)
        if "too many positional" in reason:
            reason = f"takes no more arguments than {shown}"
        raise ParameterError(f"{name}() {reason}; got {_call_text(name, args, kwargs)}") from None
    for parameter, value in bound.arguments.items():
        resolver = RESOLVERS.get(parameter)
        if resolver is not None and value is not None:
            bound.arguments[parameter] = resolver(year.vocabulary, value)
    return bound


def _handed_out(value: Any, year: Any) -> Any:
    """A method's result as the analyst gets it: tables as :class:`Table`, charts closed in pyplot."""
    if isinstance(value, ReportTable) and not isinstance(value, Table):
        return Table.of(value, year)
    if isinstance(value, list) and value and all(isinstance(v, ReportTable) for v in value):
        return [_handed_out(v, year) for v in value]
    if type(value).__module__.startswith("matplotlib.figure"):
        import matplotlib.pyplot as plt

        plt.close(value)
    return value


def method(function: Callable[..., Any]) -> Callable[..., Any]:
    """An analysis function as a report method that speaks the vocabulary (see the module docstring).

    Parameters
    ----------
    function
        A function whose first parameter is the year's data.

    Returns
    -------
    callable
        The method (the function's name, docstring and signature kept).
    """

    @functools.wraps(function)
    def wrapper(year: Any, *args: Any, **kwargs: Any) -> Any:
        bound = resolve_arguments(function, year, args, kwargs)
        return _handed_out(function(*bound.args, **bound.kwargs), year)

    wrapper.__jusolib_method__ = True  # type: ignore[attr-defined]
    return wrapper


def speaks_vocabulary(cls: C) -> C:
    """Make every analysis function assigned in ``cls``'s body a :func:`method` (see the module docstring).

    Parameters
    ----------
    cls
        The facade class (:class:`jusolib.report.YearReport`).

    Returns
    -------
    type
        The same class.
    """
    for name, value in list(vars(cls).items()):
        if (
            inspect.isfunction(value)
            and value.__module__.startswith("jusolib.analysis")
            and not getattr(value, "__jusolib_method__", False)
        ):
            setattr(cls, name, method(value))
    return cls
