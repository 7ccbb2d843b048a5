"""Fiscal years: 令和N年度 = FY(2018+N), April to March.

Everything that takes a fiscal year accepts ``2024``, ``"2024"``, ``"FY2024"``, ``"R6"``, ``"令和6年度"`` or
``"令和６年度"`` and means the same year; reports show it as ``令和6年度 (2024)``.

Examples
--------
>>> parse_fiscal_year("令和６年度")
2024
>>> fiscal_year_label(2024)
'令和6年度 (2024)'
"""

from __future__ import annotations

import re
import unicodedata
from typing import TypeAlias

from jusolib.core.docstrings import shared_parameters
from jusolib.core.errors import FiscalYearError

#: A fiscal year as users give it: 2024, "2024", "R6", "FY2024", "令和6年度", "令和６年度".
FiscalYearLike: TypeAlias = int | str
#: 令和N年度 is FY(REIWA_OFFSET + N): 令和元年度 (N = 1) is FY2019.
REIWA_OFFSET = 2018
#: Fiscal years jusolib accepts. The project started in 令和3年度; earlier years cannot hold survey data.
MIN_FISCAL_YEAR = 2019
MAX_FISCAL_YEAR = 2060

_PATTERNS = [
    re.compile(r"^(?:FY)?(?P<western>\d{4})(?:年度?)?$"),
    re.compile(r"^(?:令和|R)(?P<reiwa>\d{1,2}|元)(?:年度?)?$"),
]


def parse_fiscal_year(value: object) -> int:
    """Read a fiscal year written in any of the accepted forms and return it as a western year.

    Parameters
    ----------
    value
        ``2024``, ``"2024"``, ``"FY2024"``, ``"2024年度"``, ``"R6"``, ``"令和6年度"``, ``"令和６年度"``,
        ``"令和元年度"`` …

    Returns
    -------
    int
        The western year in which the fiscal year starts (April).

    Raises
    ------
    FiscalYearError
        If the value has none of the accepted forms or is outside 2019–2060.

    Examples
    --------
    >>> [parse_fiscal_year(v) for v in (2024, "2024", "FY2024", "R6", "令和6年度", "令和６年度", " fy 2024 ")]
    [2024, 2024, 2024, 2024, 2024, 2024, 2024]
    >>> parse_fiscal_year("令和元年度")
    2019
    >>> parse_fiscal_year("平成30年度")
    Traceback (most recent call last):
    ...
    jusolib.core.errors.FiscalYearError: '平成30年度' is not a fiscal year: expected 2024, 'FY2024', 'R6' or '令和6年度'
    """
    if isinstance(value, bool):
        raise FiscalYearError(f"{value!r} is not a fiscal year: expected 2024, 'FY2024', 'R6' or '令和6年度'")
    if isinstance(value, int | float) and float(value).is_integer():
        year = int(value)
    else:
        text = unicodedata.normalize("NFKC", str(value)).strip().upper().replace(" ", "")
        found: int | None = None
        for pattern in _PATTERNS:
            match = pattern.match(text)
            if match is None:
                continue
            if match.groupdict().get("western"):
                found = int(match["western"])
            else:
                reiwa = match["reiwa"]
                found = REIWA_OFFSET + (1 if reiwa == "元" else int(reiwa))
            break
        if found is None:
            raise FiscalYearError(
                f"{value!r} is not a fiscal year: expected 2024, 'FY2024', 'R6' or '令和6年度'"
            )
        year = found
    if not MIN_FISCAL_YEAR <= year <= MAX_FISCAL_YEAR:
        raise FiscalYearError(
            f"{value!r} is outside the supported fiscal years {MIN_FISCAL_YEAR}–{MAX_FISCAL_YEAR}"
        )
    return year


@shared_parameters
def reiwa_year(fiscal_year: FiscalYearLike) -> int:
    """Return N of 令和N年度.

    Returns
    -------
    int
        The year of the Reiwa era (1 for 令和元年度 = FY2019).

    Examples
    --------
    >>> reiwa_year(2024)
    6
    """
    return parse_fiscal_year(fiscal_year) - REIWA_OFFSET


@shared_parameters
def fiscal_year_label(fiscal_year: FiscalYearLike, *, western: bool = True) -> str:
    """Label a fiscal year as reports show it.

    Parameters
    ----------
    western
        Add the western year in brackets (``令和6年度 (2024)``); ``False`` gives ``令和6年度`` alone.

    Returns
    -------
    str
        The label; the first year of the era is written 令和元年度.

    Examples
    --------
    >>> fiscal_year_label("R7")
    '令和7年度 (2025)'
    >>> fiscal_year_label(2019, western=False)
    '令和元年度'
    """
    year = parse_fiscal_year(fiscal_year)
    n = year - REIWA_OFFSET
    label = f"令和{'元' if n == 1 else n}年度"
    return f"{label} ({year})" if western else label


@shared_parameters
def short_label(fiscal_year: FiscalYearLike) -> str:
    """Short label used on chart axes, e.g. ``R6``.

    Returns
    -------
    str
        ``R`` and the year of the Reiwa era.

    Examples
    --------
    >>> short_label(2024)
    'R6'
    """
    return f"R{reiwa_year(fiscal_year)}"


@shared_parameters
def folder_name(fiscal_year: FiscalYearLike) -> str:
    """Folder name used under ``data/raw/survey``, ``data/processed`` and ``reports``.

    Returns
    -------
    str
        ``FY`` and the western year.

    Examples
    --------
    >>> folder_name("令和6年度")
    'FY2024'
    """
    return f"FY{parse_fiscal_year(fiscal_year)}"


_MENTION = re.compile(
    r"(?:令和\s*(?P<reiwa>\d{1,2}|元)\s*年度?)|(?:FY\s*(?P<fy>\d{4}))|(?:\bR(?P<r>\d{1,2})\b)"
)


def fiscal_years_mentioned(text: str) -> set[int]:
    """Fiscal years written in a piece of free text (a title row, a file name).

    Only explicit forms count (``令和6年度``, ``FY2024``, ``R6``); bare 4-digit numbers are ignored because
    they are as likely to be dates or counts.

    Parameters
    ----------
    text
        Any text: full-width digits and underscores (``survey_FY2025``) are read too.

    Returns
    -------
    set of int
        The western years named, within the supported range 2019–2060 (others are ignored); empty if none.

    Examples
    --------
    >>> sorted(fiscal_years_mentioned("令和６年度 重層事業 調査（R6）回答一覧"))
    [2024]
    >>> sorted(fiscal_years_mentioned("survey_FY2025_returns.xlsx"))
    [2025]
    >>> fiscal_years_mentioned("2024年12月10日")
    set()
    """
    normal = unicodedata.normalize("NFKC", text).replace("_", " ")
    found = set()
    for match in _MENTION.finditer(normal):
        if match["reiwa"]:
            found.add(REIWA_OFFSET + (1 if match["reiwa"] == "元" else int(match["reiwa"])))
        elif match["fy"]:
            found.add(int(match["fy"]))
        elif match["r"]:
            found.add(REIWA_OFFSET + int(match["r"]))
    return {y for y in found if MIN_FISCAL_YEAR <= y <= MAX_FISCAL_YEAR}
