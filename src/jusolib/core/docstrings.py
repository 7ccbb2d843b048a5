"""Parameter descriptions written once and shared by every docstring that takes the parameter (as seaborn's
``_docstrings`` does), and the reading of a NumPy-style docstring's sections.

:func:`shared_parameters` adds to a function's ``Parameters`` section the shared description of each of its
parameters that the docstring does not describe itself, in signature order, so that ``fiscal_year`` or
``section`` reads the same in every ``help()``.

Examples
--------
>>> @shared_parameters
... def share(year, section: str, *, base: str = "all") -> float:
...     '''The positive share of a section.
...
...     Parameters
...     ----------
...     base
...         Here: only ``"all"``.
...
...     Returns
...     -------
...     float
...     '''
>>> print(share.__doc__.split("Returns")[0].strip())  # doctest: +NORMALIZE_WHITESPACE
The positive share of a section.
<BLANKLINE>
    Parameters
    ----------
    year
        The year's data: a :class:`~jusolib.report.YearReport` (or the
        :class:`~jusolib.analysis.year_data.YearData` it is made of).
    section
        A section of the questionnaire by its key: ``"I"``, ``"II"``, ``"III"``.
    base
        Here: only ``"all"``.
>>> sorted(documented_parameters(share.__doc__))
['base', 'section', 'year']
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable
from typing import TypeVar

F = TypeVar("F", bound=Callable[..., object])

#: The descriptions of parameters that many functions take, by name.
SHARED: dict[str, str] = {
    "year": (
        "The year's data: a :class:`~jusolib.report.YearReport` (or the\n"
        ":class:`~jusolib.analysis.year_data.YearData` it is made of)."
    ),
    "fiscal_year": '2024, "R6", "FY2024", "令和6年度" — any form :func:`~jusolib.core.fiscal.parse_fiscal_year` reads.',
    "data_dir": (
        "A data folder holding ``raw/`` (and ``processed/``); ``None`` for ``$JUSOLIB_DATA_DIR`` or the shipped\n"
        "data (:func:`~jusolib.core.paths.data_paths`)."
    ),
    "codebook": (
        "The fiscal year's codebook (:func:`~jusolib.survey.codebook.load_codebook`); where it may be ``None``,\n"
        "the codebook of the single fiscal year in ``data`` is read."
    ),
    "data": (
        "Tidy responses, one row per (fiscal_year, respondent_type, muni_code, item_id) with the answer\n"
        "(:func:`~jusolib.clean.pipeline.load_responses`)."
    ),
    "section": 'A section of the questionnaire by its key: ``"I"``, ``"II"``, ``"III"``.',
    "item": (
        'An item or several: ids (``"out_hubs"``) or question numbers (「問1-2」); ``None`` for every item\n'
        "present."
    ),
    "by": "A column of ``data`` to group by (e.g. the size class column a scheme adds).",
    "base": (
        '``"all"`` (無回答を含む: every respondent is in the base) or ``"valid"`` (無回答を除く: those who\n'
        "answered the item)."
    ),
    "respondent_type": (
        "自治体 or 社協 (or the keys ``municipality`` / ``council``); where it may be ``None``, every respondent\n"
        "type."
    ),
    "deck": "The deck being built (:class:`~jusolib.outputs.slides.deck.Deck`).",
    "table": "A report table (:class:`~jusolib.analysis.tables.ReportTable`).",
    "fiscal_years": 'Several fiscal years, each in any form ``fiscal_year`` takes (``[2024, "R7"]``).',
    "item_id": (
        'An item\'s stable id in the codebook (``"out_hubs"``), as in the ``item_id`` column of the tidy data;\n'
        "ids do not change between fiscal years, question numbers may."
    ),
    "scheme": (
        'A size scheme by its key (:data:`~jusolib.survey.schemes.SCHEMES`): ``"population_band"`` (人口規模,\n'
        'the default), ``"municipality_type"`` (団体種別), ``"city_size"`` (都市規模) or ``"cohort"``\n'
        "(実施開始年度)."
    ),
    "codes": (
        'Municipalities by their 6-digit 団体コード as strings (``"131121"`` is 世田谷区): a list, a Series\n'
        "or any iterable; a code given twice counts once."
    ),
    "code6": 'A municipality\'s 6-digit 全国地方公共団体コード as a string (``"131121"`` is 世田谷区).',
    "series": (
        "The population series to use, by key (:data:`~jusolib.survey.reference.POPULATION_SERIES`): the\n"
        'default ``"pop_tmg_estimate_2022_01_01"`` (東京都の人口(推計) 2022年1月1日) or ``"pop_census_2020"``\n'
        "(令和2年国勢調査)."
    ),
    "resolver": (
        "Resolves municipality names and codes to 団体コード\n"
        "(:class:`~jusolib.survey.reference.MunicipalityResolver`); where it may be ``None``, the shared resolver\n"
        "of the reference data is used."
    ),
    "digits": (
        "Decimal places kept, rounded half up (:func:`~jusolib.core.formatting.round_half_up`); the reports show\n"
        "percentages and ポイント with 1."
    ),
    "alpha": (
        "The significance level: an (adjusted) p below it is called 有意 (default\n"
        ":data:`~jusolib.core.formatting.ALPHA`, 0.05)."
    ),
    "notice": (
        "A line printed in red on both sheets of a questionnaire form, e.g. the 合成データ notice of generated\n"
        "returns."
    ),
    "creator": 'The author written into the document properties (``"jusolib"``, ``"jusolib.synth …"``).',
    "created": (
        "The creation time written into the document properties (also its modified time): fixed, so that the\n"
        "same content gives the same bytes."
    ),
    "confidence": (
        "The confidence level of the interval, between 0 and 1 (default 0.95: a 95% interval, with no\n"
        "adjustment for multiple items)."
    ),
    "seed": (
        "Seed of the random numbers where a test resamples (only when exact enumeration is too large): the\n"
        "same data and seed give the same p; the reports use :data:`~jusolib.stats.crosstab.DEFAULT_SEED`."
    ),
    "file": (
        "The file's name in messages and logs: its path relative to the data directory\n"
        '(``"raw/survey/FY2024/r.xlsx"``); the readers add the sheet to it for each table of a workbook.'
    ),
    "limits": (
        "The read limits in force (:class:`~jusolib.io.limits.ReadLimits`); where it may be ``None``, the\n"
        "defaults with the ``JUSOLIB_MAX_…`` environment settings (:func:`~jusolib.io.limits.read_limits`)."
    ),
    "header_keys": (
        "Normalised headings (:func:`~jusolib.core.normalize.normalize_heading`) that identify the header row:\n"
        'the codebook\'s accepted headings of the municipality column (``{"区市町村名"}``).'
    ),
    "status": (
        "The collection status of a fiscal year (:func:`~jusolib.clean.collection.collection_status`): one row\n"
        "per respondent with its ``status`` (受領, 未着 …), files and remarks, the fiscal year in ``attrs``."
    ),
    "manifest": (
        "The survey folder's MANIFEST as read (:func:`~jusolib.io.manifest.read_manifest`): ``data_status``,\n"
        "``path`` (``None`` without a MANIFEST) and, when a return replaces another, ``supersedes``."
    ),
    "book": (
        "The coding rules of the free text (:class:`~jusolib.text.themes.ThemeBook`, from\n"
        ":func:`~jusolib.analysis.coding.load_themes`): its themes, synonyms, negation rule and analyser."
    ),
}

_SECTION = re.compile(r"^(?P<indent>[ \t]*)(?P<title>[A-Z][A-Za-z ]+)\n(?P=indent)-{3,}[ \t]*$", re.M)


def sections(doc: str | None) -> dict[str, str]:
    """The sections of a NumPy-style docstring (``Parameters``, ``Returns`` …) by title, each with its body.

    Parameters
    ----------
    doc
        A docstring (as written, or cleaned by :func:`inspect.cleandoc`).

    Returns
    -------
    dict
        Section title → the text under its underline, up to the next section.

    Examples
    --------
    >>> sorted(sections("Summary.\\n\\nParameters\\n----------\\nx\\n    A number.\\n\\nReturns\\n-------\\nint\\n"))
    ['Parameters', 'Returns']
    """
    return _sections(inspect.cleandoc(doc or ""))[1]


def _sections(text: str) -> tuple[list[re.Match[str]], dict[str, str]]:
    """The section headings of a cleaned docstring, and :func:`sections` of it."""
    found = list(_SECTION.finditer(text))
    return found, {
        match["title"].strip(): text[match.end() : found[i + 1].start() if i + 1 < len(found) else len(text)]
        for i, match in enumerate(found)
    }


def documented_parameters(doc: str | None) -> set[str]:
    """The parameter names a docstring's ``Parameters`` section describes (``a, b : int`` names two).

    Parameters
    ----------
    doc
        A docstring.

    Returns
    -------
    set of str
        The names, without ``*`` or ``**``.

    Examples
    --------
    >>> sorted(documented_parameters("S.\\n\\nParameters\\n----------\\na, b : int\\n    Two.\\n**options\\n    More.\\n"))
    ['a', 'b', 'options']
    """
    return _names(sections(doc).get("Parameters", ""))


def _names(parameters: str) -> set[str]:
    """The names a ``Parameters`` section's body describes."""
    names: set[str] = set()
    for line in parameters.splitlines():
        if line and not line[0].isspace():
            for name in line.split(":")[0].split(","):
                names.add(name.strip().lstrip("*"))
    return names - {""}


def shared_parameters(function: F) -> F:
    """Add the shared description (:data:`SHARED`) of each parameter the docstring does not describe.

    Parameters
    ----------
    function
        A function with a NumPy-style docstring.

    Returns
    -------
    callable
        The same function, its ``__doc__`` completed (nothing else changes).
    """
    # every notebook imports about a hundred functions made with this: the docstring is cleaned and read once
    cleaned = inspect.cleandoc(function.__doc__ or "")
    headings, found = _sections(cleaned)
    own = _names(found.get("Parameters", ""))
    names = [n for n in _parameter_names(function) if n not in ("self", "cls")]
    if not [n for n in names if n not in own and n in SHARED]:
        return function
    described = {n: _entry(n, found.get("Parameters", "")) for n in own}
    entries = [
        described[n] if n in own else f"{n}\n{_indent(SHARED[n])}" for n in names if n in own or n in SHARED
    ]
    entries += [described[n] for n in own if n not in names]
    block = "Parameters\n----------\n" + "\n".join(entries) + "\n"
    match = re.search(r"^Parameters\n-{3,}\n", cleaned, re.M)
    if match:
        following = [m.start() for m in headings if m.start() > match.start()]
        end = following[0] if following else len(cleaned)
        rebuilt = cleaned[: match.start()] + block + ("\n" if cleaned[end:].strip() else "") + cleaned[end:]
    else:  # numpydoc order: summary, extended summary, Parameters, then the other sections
        first_section = headings[0] if headings else None
        at = first_section.start() if first_section else len(cleaned)
        head, rest = cleaned[:at].rstrip(), cleaned[at:]
        rebuilt = head + "\n\n" + block + ("\n" + rest if rest else "")
    first, _, body = rebuilt.partition("\n")
    function.__doc__ = first + "\n" + _indent(body.rstrip()) + "\n    "
    return function


def _parameter_names(function: Callable[..., object]) -> list[str]:
    """The names of a function's parameters in :func:`inspect.signature`'s order (positional, ``*args``,
    keyword-only, ``**kwargs``), read from its code object where it is a plain function (ten times faster)."""
    code = getattr(function, "__code__", None)
    if code is None or hasattr(function, "__wrapped__") or hasattr(function, "__signature__"):
        return list(inspect.signature(function).parameters)
    names = code.co_varnames
    positional, keyword = code.co_argcount, code.co_kwonlyargcount
    found = list(names[:positional])
    after = positional + keyword
    if code.co_flags & inspect.CO_VARARGS:
        found.append(names[after])
        after += 1
    found += names[positional : positional + keyword]
    if code.co_flags & inspect.CO_VARKEYWORDS:
        found.append(names[after])
    return found


def _entry(name: str, parameters: str) -> str:
    """The lines that describe ``name`` in a ``Parameters`` section (its line and the indented ones under it)."""
    lines, keep = [], False
    for line in parameters.splitlines():
        if line and not line[0].isspace():
            keep = name in {n.strip().lstrip("*") for n in line.split(":")[0].split(",")}
        if keep:
            lines.append(line)
    return "\n".join(lines).rstrip()


def _indent(text: str, prefix: str = "    ") -> str:
    return "\n".join(prefix + line if line else line for line in text.splitlines())
