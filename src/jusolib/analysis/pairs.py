"""自治体 and 社協 of the same municipality side by side, for a fiscal year's report.

Functions of a year's data (:class:`~jusolib.analysis.year_data.YearData`), methods of :class:`jusolib.report.YearReport`. the statistics are :mod:`jusolib.stats.paired` and
:mod:`jusolib.stats.agreement`.

Examples
--------
>>> from jusolib import YearReport
>>> YearReport.load(2024).paired_available
True
"""

from __future__ import annotations

import dataclasses
from typing import Any

import pandas as pd

from jusolib.analysis.cache import cached
from jusolib.analysis.tables import HOLM_INTERVAL, ReportTable
from jusolib.analysis.year_data import YearData
from jusolib.clean.pipeline import load_responses
from jusolib.core.docstrings import shared_parameters


@cached
@shared_parameters
def all_responses(year: YearData) -> pd.DataFrame:
    """The tidy responses of every respondent type of the year (both 自治体 and 社協).

    Returns
    -------
    DataFrame
        The year's tidy responses of every respondent type (:func:`~jusolib.clean.pipeline.load_responses`),
        whatever type the report is for.

    Examples
    --------
    >>> sorted(report.all_responses["respondent_type"].unique())
    ['council', 'municipality']
    """
    return load_responses(year.fiscal_year, data_dir=year.data_dir)


@cached
def _pair_counts(year: YearData) -> dict[str, Any]:
    from jusolib.stats.paired import respondent_pair

    first, second = respondent_pair(year.codebook)
    codes = {
        key: set(all_responses(year).loc[all_responses(year)["respondent_type"] == key, "muni_code"])
        for key in (first, second)
    }
    return {
        first: len(codes[first]),
        second: len(codes[second]),
        "both": len(codes[first] & codes[second]),
        "only": {
            key: sorted(year.names.get(c, c) for c in codes[key] - codes[other])
            for key, other in ((first, second), (second, first))
        },
    }


@shared_parameters
def paired_available(year: YearData) -> bool:
    """True when both respondent types answered this year, so that their answers can be paired.

    Returns
    -------
    bool
        Whether both respondent types answered in the year.

    Examples
    --------
    >>> report.paired_available
    True
    """
    return _pair_counts(year)["both"] > 0


@cached
@shared_parameters
def paired_comparison(year: YearData) -> pd.DataFrame | None:
    """Per item, the two answers of the same municipalities compared (社協 − 自治体); ``None`` when one
    respondent type is missing. See :func:`jusolib.stats.paired.compare_respondent_types`.

    Returns
    -------
    DataFrame or None
        One row per item: the pairs (``n_both``, ``n_excluded``, ``n_pairs``), agreement and weighted κ / AC2 with
        their intervals, the two positive shares and their difference with intervals and McNemar p (raw and Holm),
        the scores and the signed-rank p, and the verdict; ``None`` when one respondent type is missing.

    Examples
    --------
    >>> row = report.paired_comparison.set_index("item_id").loc["out_hubs"]
    >>> int(row["n_both"]), int(row["n_pairs"] + row["n_excluded"])
    (23, 23)
    """
    from jusolib.stats.paired import compare_respondent_types

    if not paired_available(year):
        return None
    return compare_respondent_types(all_responses(year), codebook=year.codebook)


@shared_parameters
def paired_agreement(year: YearData, section: str) -> ReportTable | None:
    """How often 自治体 and 社協 of the same municipality gave the same answer (items of a section).

    Returns
    -------
    ReportTable or None
        Key ``{section}_自治体社協_一致`` (:func:`~jusolib.analysis.pair_tables.agreement_table`): per item the pairs
        compared, 一致率 with its Wilson interval, weighted κ and AC2 with their intervals; ``None`` when one
        respondent type is missing.

    Examples
    --------
    >>> report.paired_agreement("I").frame.columns[:3].tolist()
    ['両方が回答', '除外（無回答を含む組）', '比較した組']
    """
    from jusolib.analysis.pair_tables import agreement_table

    if paired_comparison(year) is None:
        return None
    return agreement_table(paired_comparison(year), section=section, codebook=year.codebook)


@cached
@shared_parameters
def paired_difference(year: YearData, section: str) -> ReportTable | None:
    """Positive shares and scores of 自治体 and 社協 on the same pairs, the differences and exact tests.

    Returns
    -------
    ReportTable or None
        Key ``{section}_自治体社協_差`` (:func:`~jusolib.analysis.pair_tables.difference_table`): per item the two
        positive shares, their difference (社協 − 自治体) with its Holm-level interval, McNemar p and the verdict, and
        the scores with the signed-rank p; ``None`` when one respondent type is missing.

    Examples
    --------
    >>> report.paired_difference("I").title
    'I 自治体と社協の差（社協 − 自治体）'
    """
    from jusolib.analysis.pair_tables import difference_table

    if paired_comparison(year) is None:
        return None
    return difference_table(paired_comparison(year), section=section, codebook=year.codebook)


def paired_gaps(year: YearData, section: str) -> str:
    """Markdown: the items of a section that no pair could be compared on (every pair has a 無回答), or ``""``.

    Parameters
    ----------
    year
        The year's data: a :class:`~jusolib.report.YearReport` (or the
        :class:`~jusolib.analysis.year_data.YearData` it is made of).
    section
        A section of the questionnaire by its key: ``"I"``, ``"II"``, ``"III"``.

    Returns
    -------
    str
        The sentence of :func:`jusolib.analysis.pair_tables.gaps`; ``""`` when every item has a pair or one
        respondent type is missing (:func:`paired_summary` says that).

    Examples
    --------
    >>> report.paired_gaps("I")
    ''
    """
    from jusolib.analysis.pair_tables import gaps

    comparison = paired_comparison(year)
    if comparison is None:
        return ""
    return gaps(comparison, section=section, codebook=year.codebook)


@shared_parameters
def paired_disagreements(
    year: YearData, section: str | None = None, top: int = 5, *, names: bool = True
) -> ReportTable | None:
    """The municipalities where 自治体 and 社協 disagree most, ``top`` of them and any ties, over the items of a
    section or of all.

    The published report never names municipalities in its results: the pages and the workbook show this
    ranking without names (``names=False``) unless the analyst turns them on (the 05 notebook's
    ``names_in_rankings`` parameter). In a notebook of one's own the names are shown.

    Parameters
    ----------
    section
        Only the items of this section (``None``: every item).
    top
        How many municipalities (and every one tied with the last).
    names
        Show the municipalities' names (else their ranks only).

    Returns
    -------
    ReportTable or None
        Key ``自治体社協_食い違い`` (``{section}_自治体社協_食い違い`` for a section); ``None`` when one respondent
        type is missing.

    Examples
    --------
    >>> len(report.paired_disagreements(top=3).frame) >= 3
    True
    >>> report.paired_disagreements("II").title
    'II 自治体と社協の回答の食い違いが大きい区市'
    >>> report.paired_disagreements(names=False).frame.index.tolist()[:3]
    ['1位', '2位', '3位']
    """
    from jusolib.analysis.pair_tables import disagreement_table
    from jusolib.stats.paired import disagreements

    if not paired_available(year):
        return None
    data = all_responses(year)
    if section is not None:
        data = data[data["item_id"].isin(year.codebook.item_ids(section))]
    ranked = disagreements(data, codebook=year.codebook, top=top)
    table = disagreement_table(ranked, codebook=year.codebook, names=year.names if names else None, top=top)
    if section is None:
        return table
    return dataclasses.replace(
        table,
        key=f"{section}_{table.key}",
        title=f"{section} {table.title}",
        notes=[f"{year.section_title(section)}の{len(year.codebook.item_ids(section))}項目。", *table.notes],
    )


@shared_parameters
def paired_summary(year: YearData) -> str:
    """Markdown: who could be paired, pairs left out for 無回答, what the tests found — or why there is
    no comparison (one respondent type missing).

    Returns
    -------
    str
        Markdown bullets (who answered and was paired, who answered alone, pairs left out for 無回答, how many
        differences are significant after Holm, the median agreement), or one sentence saying why no comparison
        is made.

    Examples
    --------
    >>> print(report.paired_summary().splitlines()[0])
    - 回答: 自治体 23、社協 23。両方が回答した区市 23。
    """
    from jusolib.analysis.pair_tables import summary

    counts = _pair_counts(year)
    return summary(paired_comparison(year), codebook=year.codebook, counts=counts, only_one=counts["only"])


@shared_parameters
def plot_paired(year: YearData, section: str | None = None, narrow: bool = False) -> Any:
    """The positive-share difference (社協 − 自治体) with its 95% interval, for the items of a section (one chart
    per section keeps a printed chart readable) or of all (``None`` when one respondent type is missing, or
    when no item of the section has a pair to compare: :func:`paired_gaps` says so); ``narrow``: drawn for a
    phone's width.

    Parameters
    ----------
    section
        Only the items of this section (``None``: every item, in one chart).
    narrow
        Draw for a phone's width (no narrow drawing is attached then).

    Returns
    -------
    Figure or None
        A matplotlib figure of each item's difference (社協 − 自治体) in ポイント with its interval at the Holm
        level (unless ``narrow``, with its drawing for a phone's width attached); ``None`` when one respondent
        type is missing or no item of the section has a pair.

    Examples
    --------
    >>> chart = report.plot_paired("I")
    >>> chart.axes[0].get_xlabel(), len(chart.axes[0].get_yticks())
    ('差（ポイント）と信頼区間（多重比較を補正）', 5)
    """
    from jusolib.analysis.charts import change_chart, set_narrow
    from jusolib.analysis.pair_tables import chart_frame
    from jusolib.stats.paired import respondent_pair

    comparison = paired_comparison(year)
    if comparison is None:
        return None
    if section is not None:
        comparison = comparison[comparison["item_id"].isin(year.codebook.item_ids(section))]
    if not (comparison["n_pairs"] > 0).any():  # nothing to draw: paired_gaps says so in words
        return None
    first, second = (year.codebook.respondent_type_label(k) for k in respondent_pair(year.codebook))
    labels = {i: year.codebook.item(i)["label"] for i in year.codebook.item_ids()}
    note = "同じ区市の2つの回答の組、無回答を含む組は除く"
    if section is None:
        title = f"{first}と{second}の差（{second} − {first}）— {year.label}"
    else:
        title, note = f"{year.section_title(section)}（{second} − {first}）", f"{year.label}、{note}"
    figure = change_chart(
        chart_frame(comparison, codebook=year.codebook),
        labels=labels,
        title=title,
        synthetic=year.is_synthetic,
        note=note,
        interval_label=HOLM_INTERVAL,
        narrow=narrow,
    )
    if not narrow:
        set_narrow(figure, lambda: plot_paired(year, section, narrow=True))
    return figure


@shared_parameters
def paired_key_points(year: YearData) -> str:
    """Markdown: what the comparison of 自治体 and 社協 says, in everyday words — how often the two answers of the
    same municipality agree, and where one side's positive share is clearly higher (the items whose verdict is
    有意), or that no difference stands out; ``""`` when one respondent type is missing.

    Returns
    -------
    str
        Markdown bullets.

    Examples
    --------
    >>> print(report.paired_key_points().splitlines()[0])
    - 同じ区市の自治体と社協が同じ選択肢を選んだのは、項目の中央値で47.8%（27項目）。
    """
    import numpy as np

    from jusolib.core.formatting import format_share
    from jusolib.stats.paired import respondent_pair

    compared = paired_comparison(year)
    if compared is None or compared.empty:
        return ""
    first, second = (year.codebook.respondent_type_label(k) for k in respondent_pair(year.codebook))
    agreement = float(np.nanmedian(compared["agreement"]))
    lines = [
        f"同じ区市の{first}と{second}が同じ選択肢を選んだのは、項目の中央値で{format_share(agreement)}%"
        f"（{len(compared)}項目）。"
    ]
    clear = compared[compared["verdict"] == "significant"]
    if clear.empty:
        lines.append(
            f"肯定的回答の割合で、{first}と{second}の間にはっきりした差がある項目はない（組が少なく、大きな差で"
            "なければ判別できない）。"
        )
    else:
        named = "、".join(
            f"「{year.codebook.item(r.item_id)['label']}」（{second if r.diff_points > 0 else first}の方が"
            f"{abs(r.diff_points):.1f}ポイント高い）"
            for r in clear.itertuples()
        )
        lines.append(f"肯定的回答の割合がはっきり異なるのは{named}。")
    lines.append("食い違いは、どちらの見方が正しいかを示すものではなく、両者で話し合う手がかりである。")
    return "\n".join(f"- {line}" for line in lines)
