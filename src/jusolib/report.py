"""One fiscal year's analysis, as the notebooks, the pages, the workbook and the slide deck use it.

:class:`YearReport` is a year's data (:class:`~jusolib.analysis.year_data.YearData`: the clean answers of one
respondent type, classified by one size scheme, frozen once loaded) with every analysis function of
:mod:`jusolib.analysis` as a method — the shape of great_tables' ``GT``: the functions live in modules by
concept, typed against the data, and are assembled here. Each table is computed once per report and handed out
as a copy, so a notebook that changes a table never changes what the workbook or the deck get.

Every method speaks one vocabulary (:mod:`jusolib.survey.vocabulary`, applied by
:func:`jusolib.analyst.methods.speaks_vocabulary`): a section as 「I」, "ii" or 「Ⅲ」; an item by id, question
number in any width (「問1-2」, 「問１－２」), the 「I-2」 form or its label; respondent types, size schemes and bases
as codes or in Japanese (社協, 団体種別, 無回答を除く). A value that is none of these is a one-line error naming the
valid ones. Tables come back as :class:`jusolib.analyst.table.Table`: ``.frame`` as the pages print it,
``.keyed()`` by item id, class and answer code, ``.to_excel(path)``. Charts are closed after drawing, so JupyterLab
shows each once. ``report.answers()`` is the labelled tidy frame, ``report.tabulate()`` a cross-tab of your own,
``report.explore()`` the same without writing code.

Examples
--------
>>> from jusolib import YearReport
>>> report = YearReport.load(2024, respondent_type="自治体")
>>> report
YearReport(令和6年度 (2024), 自治体 23, 人口規模, 合成データ)
>>> report.n_respondents, report.is_synthetic, report.respondent_type
(23, True, '自治体')
>>> [t.key for t in report.section_tables("I")]
['I_分布_含', 'I_分布_除', 'I_肯定的回答', 'I_肯定的回答_規模別', 'I_クロス集計', 'I_検定']
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from jusolib.analysis.answers import answers, items
from jusolib.analysis.checks import (
    published_check,
    published_summary,
    quality_files,
    quality_personal_data,
    quality_rejections,
    quality_respondents,
    quality_rules,
    quality_status,
    quality_warnings,
)
from jusolib.analysis.commentary import commentary, commentary_text
from jusolib.analysis.contents import tables
from jusolib.analysis.detectable import (
    detectable,
    detectable_numbers,
    detectable_paired_sentence,
    detectable_sentence,
    detectable_summary,
)
from jusolib.analysis.extremes import extremes
from jusolib.analysis.free_text import (
    coded_free_text,
    kwic,
    rule_check_summary,
    theme_book,
    theme_matrix,
    themes,
    themes_by_class,
    try_rule,
    word_frequencies,
)
from jusolib.analysis.methods import glossary, methods_facts, methods_overview
from jusolib.analysis.overview import (
    coordinators,
    implementation_counts,
    planned_implementing,
    plot_coordinators,
    plot_implementation,
    respondent_list,
    survey_facts,
)
from jusolib.analysis.pairs import (
    all_responses,
    paired_agreement,
    paired_available,
    paired_comparison,
    paired_difference,
    paired_disagreements,
    paired_gaps,
    paired_key_points,
    paired_summary,
    plot_paired,
)
from jusolib.analysis.provenance import provenance
from jusolib.analysis.section_tables import (
    class_tests,
    crosstab,
    distribution,
    distribution_tables,
    free_text_answers,
    indices,
    positive,
    positive_by_class,
    respondents,
    section_tables,
    significance,
)
from jusolib.analysis.sections import (
    answer_counts,
    difference_summary,
    item_groups,
    key_points,
    no_answer_reasons,
    plot_distribution,
    plot_share_by_class,
    positive_meaning,
    section_lead,
    section_summary,
    size_summary,
)
from jusolib.analysis.tabulate import tabulate
from jusolib.analysis.text_lists import characteristic_words_html, theme_texts
from jusolib.analysis.words import (
    characteristic_words,
    cooccurrence,
    cooccurrence_table,
    free_text_words,
    grouping,
    keyness_counts,
    network_layout,
    node_groups,
    plot_cooccurrence,
)
from jusolib.analysis.year_data import YearData
from jusolib.analysis.year_over_year import (
    comparison,
    plot_year_over_year,
    year_over_year,
    year_over_year_summary,
)
from jusolib.analyst.methods import speaks_vocabulary
from jusolib.text.themes import ThemeBook


@speaks_vocabulary
class YearReport(YearData):
    """The analysis of one fiscal year for one respondent type, classified by one size scheme.

    Load it with :meth:`load` (``YearReport.load(2024)``). The methods come, one concept per module, from
    :mod:`jusolib.analysis`: a section's tables (:mod:`~jusolib.analysis.section_tables`), its charts and
    sentences (:mod:`~jusolib.analysis.sections`), the overview page (:mod:`~jusolib.analysis.overview`),
    year over year (:mod:`~jusolib.analysis.year_over_year`), free-text themes
    (:mod:`~jusolib.analysis.free_text`), 自治体×社協 (:mod:`~jusolib.analysis.pairs`), the published check and
    data quality (:mod:`~jusolib.analysis.checks`).
    """

    # -- the answers, labelled, and tables of your own -------------------------------------------------------
    answers = answers
    items = items
    tabulate = tabulate
    # -- a section's tables --------------------------------------------------------------------------------
    distribution = distribution
    distribution_tables = distribution_tables
    positive = positive
    positive_by_class = positive_by_class
    crosstab = crosstab
    class_tests = class_tests
    significance = significance
    indices = indices
    respondents = respondents
    free_text_answers = free_text_answers
    section_tables = section_tables
    # -- a section's charts and sentences ------------------------------------------------------------------
    plot_distribution = plot_distribution
    answer_counts = answer_counts
    item_groups = item_groups
    section_lead = section_lead
    plot_share_by_class = plot_share_by_class
    section_summary = section_summary
    difference_summary = difference_summary
    key_points = key_points
    positive_meaning = positive_meaning
    size_summary = size_summary
    no_answer_reasons = no_answer_reasons
    extremes = extremes
    # -- the analyst's words (「調査結果をふまえて」) -----------------------------------------------------------
    commentary = commentary
    commentary_text = commentary_text
    # -- what the data can show ----------------------------------------------------------------------------
    detectable = detectable
    detectable_numbers = detectable_numbers
    detectable_sentence = detectable_sentence
    detectable_paired_sentence = detectable_paired_sentence
    detectable_summary = detectable_summary
    # -- the 方法 page ---------------------------------------------------------------------------------------
    methods_facts = methods_facts
    methods_overview = methods_overview
    glossary = glossary
    # -- the overview page ---------------------------------------------------------------------------------
    respondent_list = respondent_list
    implementation_counts = implementation_counts
    planned_implementing = planned_implementing
    coordinators = coordinators
    plot_implementation = plot_implementation
    plot_coordinators = plot_coordinators
    survey_facts = survey_facts
    # -- year over year ------------------------------------------------------------------------------------
    year_over_year = year_over_year
    plot_year_over_year = plot_year_over_year
    year_over_year_summary = year_over_year_summary
    # -- 自治体×社協 -----------------------------------------------------------------------------------------
    paired_agreement = paired_agreement
    paired_difference = paired_difference
    paired_disagreements = paired_disagreements
    paired_gaps = paired_gaps
    paired_summary = paired_summary
    paired_key_points = paired_key_points
    plot_paired = plot_paired
    # -- free-text themes ----------------------------------------------------------------------------------
    themes = themes
    themes_by_class = themes_by_class
    kwic = kwic
    word_frequencies = word_frequencies
    theme_matrix = theme_matrix
    theme_texts = theme_texts
    try_rule = try_rule
    rule_check_summary = rule_check_summary
    # -- words of the free text: characteristic words, co-occurrence networks -------------------------------
    free_text_words = free_text_words
    grouping = grouping
    keyness_counts = keyness_counts
    characteristic_words = characteristic_words
    characteristic_words_html = characteristic_words_html
    cooccurrence = cooccurrence
    cooccurrence_table = cooccurrence_table
    network_layout = network_layout
    node_groups = node_groups
    plot_cooccurrence = plot_cooccurrence
    # -- the checks ----------------------------------------------------------------------------------------
    published_check = published_check
    published_summary = published_summary
    quality_files = quality_files
    quality_rules = quality_rules
    quality_rejections = quality_rejections
    quality_respondents = quality_respondents
    quality_warnings = quality_warnings
    quality_personal_data = quality_personal_data
    quality_status = quality_status
    # -- every table, provenance ---------------------------------------------------------------------------
    tables = tables
    provenance = provenance

    # -- data the analysis functions derive, read as attributes ---------------------------------------------
    @property
    def comparison(self) -> pd.DataFrame | None:
        """Year-over-year comparison with the previous fiscal year (:func:`jusolib.analysis.year_over_year.comparison`).

        Examples
        --------
        >>> report.comparison is None  # FY2024 is the first year with returns
        True
        """
        return comparison(self)

    @property
    def all_responses(self) -> pd.DataFrame:
        """Both respondent types' tidy responses (:func:`jusolib.analysis.pairs.all_responses`).

        Examples
        --------
        >>> sorted(report.all_responses["respondent_type"].unique())
        ['council', 'municipality']
        """
        return all_responses(self)

    @property
    def paired_available(self) -> bool:
        """True when both respondent types answered (:func:`jusolib.analysis.pairs.paired_available`).

        Examples
        --------
        >>> report.paired_available
        True
        """
        return paired_available(self)

    @property
    def paired_comparison(self) -> pd.DataFrame | None:
        """Per item, 自治体 and 社協 compared (:func:`jusolib.analysis.pairs.paired_comparison`).

        Examples
        --------
        >>> int(report.paired_comparison.set_index("item_id").at["out_hubs", "n_both"])
        23
        """
        return paired_comparison(self)

    @property
    def theme_book(self) -> ThemeBook | None:
        """The year's free-text coding rules (:func:`jusolib.analysis.free_text.theme_book`).

        Examples
        --------
        >>> report.theme_book.path.name
        'FY2024.themes.yaml'
        """
        return theme_book(self)

    @property
    def coded_free_text(self) -> pd.DataFrame | None:
        """Every free-text answer with its themes (:func:`jusolib.analysis.free_text.coded_free_text`).

        Examples
        --------
        >>> {"muni_code", "item_id", "theme", "text"} <= set(report.coded_free_text.columns)
        True
        """
        return coded_free_text(self)

    # -- writing the hand-outs -----------------------------------------------------------------------------
    def write_workbook(self, path: Path) -> None:
        """Write every table into one Excel workbook, a hand-out: a 目次 sheet first, then 出典, the tables under
        names a reader understands, and 「再現のための情報」 last.

        The tables are :meth:`tables`, one sheet each (:mod:`jusolib.outputs.workbook`); the last sheet is
        :meth:`provenance`. From synthetic data, every sheet of survey numbers says 合成データ.

        Parameters
        ----------
        path
            The .xlsx file to write (atomically; its folder is created if missing, an existing file replaced).

        Examples
        --------
        >>> import tempfile
        >>> path = Path(tempfile.mkdtemp()) / "tables.xlsx"
        >>> report.write_workbook(path)  # doctest: +SKIP
        >>> path.stat().st_size > 10_000  # doctest: +SKIP
        True
        """
        from jusolib.outputs.workbook import write_workbook

        write_workbook(self.tables(), path, self.provenance(), handout=True)

    def explore(self) -> object:
        """An explorer in JupyterLab: pick fiscal year, respondent type, section or item, size scheme and base,
        and see the chart, the table with n and the free texts of the chosen answers, with a button that saves
        the table to Excel (:class:`jusolib.analyst.explorer.Explorer`; needs ipywidgets).

        Returns
        -------
        Explorer
            Shown when it is the last line of a cell.

        Examples
        --------
        >>> explorer = report.explore()
        >>> explorer.table.title.startswith("I 包括的支援体制")
        True
        """
        from jusolib.analyst.explorer import Explorer

        return Explorer(self)

    def write_kwic(
        self, word: str | list[str], path: Path, section: str | None = None, context: int = 8
    ) -> None:
        """Save :meth:`kwic` of a word as an Excel workbook (the table with municipality, respondent type, answer
        and size class, and the 出典 sheet).

        Parameters
        ----------
        word
            A word or phrase, as in a coding rule (matched on normalised forms).
        path
            The ``.xlsx`` file to write.
        section
            Only the texts of this section (``None``: every section).
        context
            Words shown on each side.

        Examples
        --------
        >>> import tempfile
        >>> path = Path(tempfile.mkdtemp()) / "kwic.xlsx"
        >>> report.write_kwic("連携", path, section="II")
        >>> from jusolib.outputs.workbook import read_table
        >>> read_table(path, "KWIC").columns.tolist()[:4]
        ['区市町村', '回答主体', '区分', '回答']
        """
        from jusolib.outputs.workbook import write_workbook

        write_workbook([self.kwic(word, section=section, context=context)], path, self.provenance())

    def write_slides(self, path: Path) -> None:
        """Write the year's results as an editable PowerPoint deck (see :mod:`jusolib.outputs.slides.build`).

        Parameters
        ----------
        path
            The .pptx file to write (atomically; its folder is created if missing, an existing file replaced).

        Examples
        --------
        >>> import tempfile
        >>> report.write_slides(Path(tempfile.mkdtemp()) / "slides.pptx")  # doctest: +SKIP
        """
        from jusolib.outputs.slides.build import write_slides

        write_slides(self, path)
