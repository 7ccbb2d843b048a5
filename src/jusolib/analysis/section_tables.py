"""The tables of a section (I 成果・進捗, II 変化, III 課題): distributions, positive shares, cross-tabs and tests.

Functions of a year's data (:class:`~jusolib.analysis.year_data.YearData`), assembled into
:class:`jusolib.report.YearReport` as its methods; each table is computed once per report (one cache) and handed
out as a fresh copy.

Examples
--------
>>> from jusolib import YearReport
>>> report = YearReport.load(2024)
>>> row = report.distribution("I").frame.loc["地域住民の参加を促す活動を行う者"]
>>> float(row["あてはまる"])  # published: 82.6%
82.6
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

import pandas as pd

from jusolib.analysis.cache import cached
from jusolib.analysis.tables import (
    ReportTable,
    crosstab_table,
    distribution_table,
    free_text_table,
    index_table,
    positive_by_class_table,
    positive_table,
    respondents_table,
    significance_table,
)
from jusolib.analysis.year_data import YearData
from jusolib.core.docstrings import shared_parameters
from jusolib.core.errors import ParameterError
from jusolib.stats.crosstab import compare_classes


@cached
@shared_parameters
def distribution(year: YearData, section: str, base: str = "all") -> ReportTable:
    """Answer distribution of each item of a section (%), on the 無回答を含む (``"all"``) or 除く base.

    Returns
    -------
    ReportTable
        Key ``{section}_分布_含`` (``"all"``) or ``{section}_分布_除`` (``"valid"``): one row per item (index 項目) with
        n and the % of each answer in the codebook's order.

    Examples
    --------
    >>> table = report.distribution("I")
    >>> row = table.frame.loc["地域住民の参加を促す活動を行う者"]
    >>> int(row["n"]), float(row["あてはまる"])  # published: 19 of 23, 82.6%
    (23, 82.6)
    """
    return distribution_table(year.data, section=section, base=base, codebook=year.codebook)


@cached
@shared_parameters
def positive(year: YearData, section: str) -> ReportTable:
    """Positive share of each item of a section, both bases, with Wilson intervals and the item score.

    Returns
    -------
    ReportTable
        Key ``{section}_肯定的回答``: one row per item (index 項目) with the positive answers, n, 件数, 割合 and its
        Wilson 95% interval, the share on the 無回答を除く base, and the item score (0–100).

    Examples
    --------
    >>> row = report.positive("I").frame.loc["地域住民等が相互に交流を図ることのできる拠点"]
    >>> int(row["件数"]), int(row["n"]), float(row["割合"])  # published: 13 of 23 (56.5%)
    (13, 23, 56.5)
    """
    return positive_table(year.data, section=section, codebook=year.codebook)


@cached
@shared_parameters
def positive_by_class(year: YearData, section: str) -> ReportTable:
    """Positive share of each item of a section, all respondents and by size class (with n and 参考値).

    Returns
    -------
    ReportTable
        Key ``{section}_肯定的回答_規模別``: rows (項目, 区分) — 全体 then each class — with n, 件数, 割合 and its
        Wilson interval, and each class's difference from the other classes with its (unadjusted) interval.

    Examples
    --------
    >>> row = report.positive_by_class("I").frame.loc[("地域住民の参加を促す活動を行う者", "全体")]
    >>> int(row["件数"]), int(row["n"])  # published: 19 of 23
    (19, 23)
    """
    return positive_by_class_table(
        year.data, section=section, by=year.scheme, caption=year.caption, codebook=year.codebook
    )


@shared_parameters
def crosstab(year: YearData, section: str) -> ReportTable:
    """Answers of each item of a section by size class (%), n in every cell, 参考値 for small bases.

    Returns
    -------
    ReportTable
        Key ``{section}_クロス集計``: rows (項目, 区分) — 全体 then each class — with n and the % of each answer
        (無回答 included); 参考値 marks bases under 10.

    Examples
    --------
    >>> table = report.crosstab("I")
    >>> table.frame.loc["地域住民の参加を促す活動を行う者"]["n"].tolist()  # 全体 and the four bands
    [23, 3, 7, 8, 5]
    """
    return crosstab_table(
        year.data, section=section, by=year.scheme, caption=year.caption, codebook=year.codebook
    )


@cached
@shared_parameters
def class_tests(year: YearData, section: str) -> pd.DataFrame:
    """The tests behind :meth:`significance`, as numbers (computed once per section and kept).

    Returns
    -------
    DataFrame
        One row per item of the section: ``item_id``, ``n``, ``n_classes``, ``min_class_n``, the primary test and
        its p (raw and Holm), Fisher's, the trend's, Kruskal–Wallis' and the score trend's p (raw and Holm),
        Cramér's V (raw, bias-corrected, noise 95% point), ε² and η²_H (with its noise 95% point), ``base`` and
        each test's method.

    Examples
    --------
    >>> first = report.class_tests("I").iloc[0]
    >>> first["item_id"], int(first["n"]), first["base"]
    ('out_participation', 23, '無回答を除く')
    """
    items = [i for i in year.codebook.item_ids(section) if i in set(year.data["item_id"])]
    order = year.classes.order or None
    return compare_classes(year.data, by=year.scheme, item=items, codebook=year.codebook, order=order)


@cached
@shared_parameters
def significance(year: YearData, section: str) -> ReportTable:
    """Tests of size-class differences (computed once per section).

    For an ordered scheme (population bands, cohorts) the exact trend tests first, then Fisher's exact test and
    Kruskal–Wallis, all on the 無回答を除く base and Holm-adjusted across the section, with bias-corrected effect
    sizes beside what noise alone reaches, and one sentence per item.

    Returns
    -------
    ReportTable
        Key ``{section}_検定``: one row per item (index 項目) with the 無回答を除く n and the smallest class's n, the
        Holm-adjusted p of each test, Cramér's V (bias-corrected) and η²_H each beside its noise 95% point, and a
        one-sentence 要約; the workbook also gets the unadjusted p.

    Examples
    --------
    >>> table = report.significance("I")
    >>> table.frame.columns[:4].tolist()
    ['n（無回答を除く）', '最小区分のn', '傾向 p（Holm補正）', 'Fisher p（Holm補正）']
    """
    return significance_table(
        year.data,
        section=section,
        by=year.scheme,
        caption=year.caption,
        codebook=year.codebook,
        tests=class_tests(year, section),
        order=year.classes.order or None,
    )


@shared_parameters
def indices(year: YearData) -> ReportTable:
    """Section indices (0–100) by size class: n, mean and median.

    Returns
    -------
    ReportTable
        Key 指標_規模別: rows (指標, 区分) — each section's index, 全体 then each class — with n, 平均, 中央値,
        項目数, and Cronbach's α with its n.

    Examples
    --------
    >>> int(report.indices().frame.loc[("I 包括的支援体制の整備に向けた成果・進捗状況", "全体"), "n"])
    23
    """
    return index_table(
        year.data,
        by=year.scheme,
        caption=year.caption,
        classes=year.classes.classes,
        codebook=year.codebook,
    )


@shared_parameters
def respondents(year: YearData) -> ReportTable:
    """Respondents by size class (n and %).

    Returns
    -------
    ReportTable
        Key 回答者_規模別: rows 全体 and each size class (index 区分) with n and 割合.

    Examples
    --------
    >>> report.respondents().frame["n"].tolist()  # 全体 and the bands 3 / 7 / 8 / 5
    [23, 3, 7, 8, 5]
    """
    return respondents_table(year.classes.classes, year.caption)


@shared_parameters
def free_text_answers(
    year: YearData,
    section: str | None = None,
    *,
    item: str | Sequence[str] | None = None,
    answer: object | Sequence[object] | None = None,
) -> ReportTable:
    """The 「具体的な内容」 answers of a section, or of an item or items (id, question number or the I-1 form),
    with the answer each municipality gave — and only those who gave a certain ``answer`` when it is given.

    Parameters
    ----------
    section
        A section (I, II, III); with ``item`` left ``None``, all of its items.
    item
        One item or a list of items (any form :mod:`jusolib.survey.vocabulary` accepts).
    answer
        Only the texts of respondents who gave this answer (label or code of the item's scale, or 無回答) or one
        of a list of answers. The table's note names those who gave it and wrote nothing.

    Returns
    -------
    ReportTable
        Key ``{section}_自由記述``: 項目, 自治体, 回答, 具体的な内容, one block per item.

    Examples
    --------
    >>> table = report.free_text_answers(item="問1-2")
    >>> set(table.frame["項目"])
    {'地域住民等が相互に交流を図ることのできる拠点'}
    >>> who = report.free_text_answers(item="I-2", answer="あてはまらない")
    >>> set(who.frame["回答"]), who.title
    ({'あてはまらない'}, 'I 具体的な内容（自由記述） — 「あてはまらない」と回答')
    """
    items = None if item is None else year.vocabulary.items(item)
    if section is None:
        if items is None:
            raise ParameterError(
                "free_text_answers needs a section (I, II, III) or an item, e.g. "
                "free_text_answers('I') or free_text_answers(item='問1-2')"
            )
        section = str(year.codebook.item(items[0])["section"])
    texts = year.free_text
    if answer is None:
        from jusolib.analysis.free_text import theme_book

        table = free_text_table(
            texts,
            year.data,
            section=section,
            codebook=year.codebook,
            names=year.names,
            items=items,
            name_heading=year.name_heading,
        )
        if theme_book(year) is None:  # no theme appendix on paper: print the texts themselves
            return dataclasses.replace(table, print_full=True)
        return dataclasses.replace(table, printed_as="「テーマごとの記述（規模別）」")
    scope = items if items is not None else year.codebook.item_ids(section)
    wanted = {i: set(year.vocabulary.answers(i, answer)) for i in scope if _answer_of(year, i, answer)}
    if not wanted:
        year.vocabulary.answers(scope[0], answer)  # raises, naming the answers of the item
    given = year.data.set_index(["muni_code", "item_id"])["answer"].astype(str)
    keep = [
        given.get((m, i), "") in wanted.get(i, set())
        for m, i in zip(texts["muni_code"], texts["item_id"], strict=True)
    ]
    table = free_text_table(
        texts[keep],
        year.data,
        section=section,
        codebook=year.codebook,
        names=year.names,
        items=list(wanted),
        name_heading=year.name_heading,
    )
    labels = "」「".join(dict.fromkeys(label for labels in wanted.values() for label in sorted(labels)))
    wrote = set(zip(texts["muni_code"], texts["item_id"], strict=True))
    silent = [
        f"{year.codebook.item(i)['number']} {year.names.get(m, m)}"
        for i in wanted
        for m, a in given.xs(i, level="item_id").items()
        if a in wanted[i] and (m, i) not in wrote
    ]
    notes = [
        *table.notes,
        f"「{labels}」と回答した{year.respondent_label}のうち、具体的な内容の記述がないもの: "
        + ("、".join(silent) if silent else "なし")
        + "。",
    ]
    return dataclasses.replace(table, title=f"{table.title} — 「{labels}」と回答", notes=notes)


def _answer_of(year: YearData, item_id: str, answer: object) -> bool:
    """True when ``answer`` (or each of a list) is an answer of the item's scale."""
    from jusolib.core.errors import ParameterError as Invalid

    try:
        year.vocabulary.answers(item_id, answer)
    except Invalid:
        return False
    return True


@shared_parameters
def distribution_tables(year: YearData, section: str) -> list[ReportTable]:
    """A section's distribution as its page shows it: on the base with 無回答, and on the base without 無回答
    only when someone left an item of the section blank (otherwise the two tables are the same).

    Returns
    -------
    list of ReportTable
        One or two distribution tables.

    Examples
    --------
    >>> [t.key for t in report.distribution_tables("I")], [t.key for t in report.distribution_tables("III")]
    (['I_分布_含'], ['III_分布_含', 'III_分布_除'])
    """
    tables = [distribution(year, section, "all")]
    items = year.codebook.item_ids(section)
    blank = year.data["item_id"].isin(items) & (
        year.data["answer"].astype(str) == year.codebook.no_answer_label
    )
    if blank.any():
        tables.append(distribution(year, section, "valid"))
    return tables


@shared_parameters
def section_tables(year: YearData, section: str) -> list[ReportTable]:
    """The tables of one section, in report order.

    Returns
    -------
    list of ReportTable
        :func:`distribution` on both bases, :func:`positive`, :func:`positive_by_class`, :func:`crosstab` and
        :func:`significance` of the section.

    Examples
    --------
    >>> [t.key for t in report.section_tables("II")]
    ['II_分布_含', 'II_分布_除', 'II_肯定的回答', 'II_肯定的回答_規模別', 'II_クロス集計', 'II_検定']
    """
    return [
        distribution(year, section, "all"),
        distribution(year, section, "valid"),
        positive(year, section),
        positive_by_class(year, section),
        crosstab(year, section),
        significance(year, section),
    ]
