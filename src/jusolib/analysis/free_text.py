"""The free-text answers of a fiscal year's report coded into themes, and tools to explore them.

Mixed into :class:`jusolib.report.YearReport`; the coding is :mod:`jusolib.text.themes`, the counts
:mod:`jusolib.analysis.theme_tables`, KWIC and word counts :mod:`jusolib.text.kwic`.

Examples
--------
>>> from jusolib import YearReport
>>> YearReport.load(2024).themes("II").key
'II_テーマ'
"""

from __future__ import annotations

import functools
from typing import Any

import pandas as pd

from jusolib.analysis.cache import kept
from jusolib.analysis.tables import ReportTable


class ThemesMixin:
    """The free-text answers of a fiscal year's report coded into themes, and tools to explore them (methods of :class:`jusolib.report.YearReport`)."""

    @functools.cached_property
    def theme_book(self) -> Any:
        """The coding rules of the year (``data/raw/codebook/FYxxxx.themes.yaml``), or ``None`` if it has none.

        Examples
        --------
        >>> report.theme_book.path.name
        'FY2024.themes.yaml'
        """
        from jusolib.text.themes import has_themes, load_themes

        return (
            load_themes(self.fiscal_year, self.data_dir)
            if has_themes(self.fiscal_year, self.data_dir)
            else None
        )

    @functools.cached_property
    def coded_free_text(self) -> pd.DataFrame | None:
        """Every free-text answer with its themes (one row per theme; 「その他」 for none).

        Examples
        --------
        >>> {"muni_code", "item_id", "theme", "label", "text"} <= set(report.coded_free_text.columns)
        True
        """
        from jusolib.text.themes import load_coded_free_text

        coded = load_coded_free_text(
            self.fiscal_year, respondent_type=self.respondent_key, data_dir=self.data_dir
        )
        if coded is not None and self.redact:  # themes come from the texts as written; quotes are masked
            from jusolib.clean.privacy import redact_frame

            coded = redact_frame(coded, ["text"])
        return coded

    @kept
    def themes(self, section: str) -> ReportTable | None:
        """Themes of a section's free text: count, % of writers and of all, answers given, shortest texts.

        Examples
        --------
        >>> report.themes("II").key
        'II_テーマ'
        """
        from jusolib.analysis.theme_tables import theme_table

        if self.coded_free_text is None:
            return None
        return theme_table(
            self.coded_free_text,
            self.data,
            section=section,
            codebook=self.codebook,
            book=self.theme_book,
            respondent_label=self.respondent_label,
        )

    def themes_by_class(self, section: str) -> ReportTable | None:
        """Theme counts of a section by size class (bases in the headings, 参考値 under 10).

        Examples
        --------
        >>> report.themes_by_class("II").key
        'II_テーマ_規模別'
        """
        from jusolib.analysis.theme_tables import theme_class_table

        if self.coded_free_text is None:
            return None
        return theme_class_table(
            self.coded_free_text,
            self.data,
            section=section,
            by=self.scheme,
            caption=self.caption,
            codebook=self.codebook,
            book=self.theme_book,
        )

    def _texts(self, section: str | None) -> pd.DataFrame:
        if section is None:
            return self.free_text
        return self.free_text[self.free_text["item_id"].isin(self.codebook.item_ids(section))]

    def kwic(self, word: str, section: str | None = None, context: int = 8) -> ReportTable:
        """Keyword in context: every occurrence of a word in the free text (of a section), in any spelling.

        Examples
        --------
        >>> table = report.kwic("連携", section="II")
        >>> set(table.frame["語"])
        {'連携'}
        """
        from jusolib.text.kwic import kwic_table
        from jusolib.text.themes import plain_book

        answers = self.data.set_index(["muni_code", "item_id"])["answer"].astype(str)
        return kwic_table(
            self._texts(section),
            word,
            book=self.theme_book or plain_book(self.fiscal_year),
            codebook=self.codebook,
            names=self.names,
            answers=answers,
            context=context,
        )

    def word_frequencies(self, section: str | None = None, top: int = 30) -> ReportTable:
        """The most used content words of the free text (of a section), by respondents using them.

        Examples
        --------
        >>> report.word_frequencies("II", top=5).frame.columns.tolist()
        ['品詞', '回答者数', '出現回数']
        """
        from jusolib.text.kwic import frequency_table
        from jusolib.text.themes import plain_book

        where = self.section_title(section) if section else "全項目"
        return frequency_table(
            self._texts(section),
            book=self.theme_book or plain_book(self.fiscal_year),
            title=f"{where} — 具体的な内容の頻出語（上位{top}）",
            top=top,
            key=f"{section or '全体'}_頻出語",
        )
