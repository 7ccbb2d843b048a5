"""Every table of a fiscal year's report, in report order: the workbook's sheets.

Examples
--------
>>> from jusolib import YearReport
>>> [t.key for t in YearReport.load(2024).tables()][:3]
['回答者_規模別', '実施状況', '地域福祉コーディネーター']
"""

from __future__ import annotations

from jusolib.analysis.detectable import detectable
from jusolib.analysis.free_text import theme_matrix, themes, themes_by_class
from jusolib.analysis.overview import coordinators, implementation_counts
from jusolib.analysis.pairs import paired_agreement, paired_available, paired_difference, paired_disagreements
from jusolib.analysis.section_tables import free_text_answers, indices, respondents, section_tables
from jusolib.analysis.tables import ReportTable
from jusolib.analysis.words import characteristic_words, cooccurrence_table
from jusolib.analysis.year_data import YearData
from jusolib.analysis.year_over_year import year_over_year


def tables(year: YearData) -> list[ReportTable]:
    """Every table of the fiscal year, in report order (the workbook's sheets).

    The order: respondents, implementation and coordinators; each section's tables; the section indices and the
    detectable differences; the comparison with the previous year when there is one; the paired tables
    (municipality and council of one place) when both answered; then, per section, the free-text tables
    (themes, themes by class, characteristic words, co-occurrence, the theme matrix, the answers). Tables a year
    cannot make (no previous year, no pairs, no coded free text) are left out, not made empty.

    Parameters
    ----------
    year
        The year's data: a :class:`~jusolib.report.YearReport` (or the
        :class:`~jusolib.analysis.year_data.YearData` it is made of).

    Returns
    -------
    list of ReportTable
        The tables, each with its ``key`` (the sheet name), title, frame and notes.

    Examples
    --------
    >>> tables = report.tables()  # doctest: +SKIP
    >>> tables[0].key, "I_自治体社協_差" in [t.key for t in tables]  # doctest: +SKIP
    ('回答者_規模別', True)
    """
    every = [respondents(year), implementation_counts(year), coordinators(year)]
    for section in year.sections():
        every += section_tables(year, section)
    every.append(indices(year))
    every.append(detectable(year))
    compared = year_over_year(year)
    if compared is not None:
        every.append(compared)
    if paired_available(year):
        for section in year.sections():
            every += [t for t in (paired_agreement(year, section), paired_difference(year, section)) if t]
        # the workbook names no municipality in a ranking unless the render turned names on
        ranked = paired_disagreements(year, names=year.names_in_rankings)
        if ranked is not None:
            every.append(ranked)
    for section in year.sections():
        every += [t for t in (themes(year, section), themes_by_class(year, section)) if t is not None]
        every += [characteristic_words(year, section, "class"), characteristic_words(year, section, "answer")]
        every.append(cooccurrence_table(year, section))
        matrix = theme_matrix(year, section)
        if matrix is not None:
            every.append(matrix)
        every.append(free_text_answers(year, section))
    return every
