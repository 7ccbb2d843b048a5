"""The free-text answers of a fiscal year's report coded into themes, and tools to explore them.

Functions of a year's data (:class:`~jusolib.analysis.year_data.YearData`), methods of :class:`jusolib.report.YearReport`. the coding is :mod:`jusolib.text.themes`, the counts
:mod:`jusolib.analysis.theme_tables`, KWIC and word counts :mod:`jusolib.text.kwic`.

Examples
--------
>>> from jusolib import YearReport
>>> YearReport.load(2024).themes("II").key
'II_テーマ'
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from jusolib.analysis.cache import cached
from jusolib.analysis.tables import ReportTable
from jusolib.analysis.year_data import YearData


@cached
def theme_book(year: YearData) -> Any:
    """The coding rules of the year (``data/raw/codebook/FYxxxx.themes.yaml``), or ``None`` if it has none.

    Examples
    --------
    >>> report.theme_book.path.name
    'FY2024.themes.yaml'
    """
    from jusolib.analysis.coding import has_themes, load_themes

    return (
        load_themes(year.fiscal_year, year.data_dir) if has_themes(year.fiscal_year, year.data_dir) else None
    )


@cached
def coded_free_text(year: YearData) -> pd.DataFrame | None:
    """Every free-text answer with its themes (one row per theme; 「その他」 for none).

    Examples
    --------
    >>> {"muni_code", "item_id", "theme", "label", "text"} <= set(report.coded_free_text.columns)
    True
    """
    from jusolib.analysis.coding import load_coded_free_text

    coded = load_coded_free_text(
        year.fiscal_year, respondent_type=year.respondent_key, data_dir=year.data_dir
    )
    if coded is not None and year.redact:  # themes come from the texts as written; quotes are masked
        from jusolib.clean.privacy import redact_frame

        coded = redact_frame(coded, ["text"])
    return coded


@cached
def themes(year: YearData, section: str) -> ReportTable | None:
    """Themes of a section's free text: count, % of writers and of all, answers given, shortest texts.

    Examples
    --------
    >>> report.themes("II").key
    'II_テーマ'
    """
    from jusolib.analysis.theme_tables import theme_table

    if coded_free_text(year) is None:
        return None
    return theme_table(
        coded_free_text(year),
        year.data,
        section=section,
        codebook=year.codebook,
        book=theme_book(year),
        respondent_label=year.respondent_label,
    )


def themes_by_class(year: YearData, section: str) -> ReportTable | None:
    """Theme counts of a section by size class (bases in the headings, 参考値 under 10).

    Examples
    --------
    >>> report.themes_by_class("II").key
    'II_テーマ_規模別'
    """
    from jusolib.analysis.theme_tables import theme_class_table

    if coded_free_text(year) is None:
        return None
    return theme_class_table(
        coded_free_text(year),
        year.data,
        section=section,
        by=year.scheme,
        caption=year.caption,
        codebook=year.codebook,
        book=theme_book(year),
    )


def _texts(year: YearData, section: str | None) -> pd.DataFrame:
    if section is None:
        return year.free_text
    return year.free_text[year.free_text["item_id"].isin(year.codebook.item_ids(section))]


def kwic(year: YearData, word: str, section: str | None = None, context: int = 8) -> ReportTable:
    """Keyword in context: every occurrence of a word in the free text (of a section), in any spelling.

    Examples
    --------
    >>> table = report.kwic("連携", section="II")
    >>> set(table.frame["語"])
    {'連携'}
    """
    from jusolib.analysis.kwic_tables import kwic_table
    from jusolib.text.themes import plain_book

    answers = year.data.set_index(["muni_code", "item_id"])["answer"].astype(str)
    return kwic_table(
        _texts(year, section),
        word,
        book=theme_book(year) or plain_book(year.fiscal_year),
        codebook=year.codebook,
        names=year.names,
        answers=answers,
        context=context,
    )


def word_frequencies(year: YearData, section: str | None = None, top: int = 30) -> ReportTable:
    """The most used content words of the free text (of a section), by respondents using them.

    Examples
    --------
    >>> report.word_frequencies("II", top=5).frame.columns.tolist()
    ['品詞', '回答者数', '出現回数']
    """
    from jusolib.analysis.kwic_tables import frequency_table
    from jusolib.text.themes import plain_book

    where = year.section_title(section) if section else "全項目"
    return frequency_table(
        _texts(year, section),
        book=theme_book(year) or plain_book(year.fiscal_year),
        title=f"{where} — 具体的な内容の頻出語（上位{top}）",
        top=top,
        key=f"{section or '全体'}_頻出語",
    )
