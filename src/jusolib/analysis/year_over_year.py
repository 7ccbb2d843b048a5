"""Year over year for a report: the comparison with the previous fiscal year that has returns, as a table and a chart.

The statistics are :mod:`jusolib.stats.year_over_year`; loading the two years' data happens here.

Examples
--------
>>> from jusolib import YearReport
>>> YearReport.load(2025).year_over_year().key
'前年度比較'
"""

from __future__ import annotations

import dataclasses
from typing import Any

import pandas as pd

from jusolib.analysis.cache import cached
from jusolib.analysis.tables import HOLM_INTERVAL, ReportTable, year_over_year_table
from jusolib.analysis.year_data import YearData
from jusolib.clean.pipeline import load_responses
from jusolib.core.docstrings import shared_parameters
from jusolib.core.fiscal import FiscalYearLike, fiscal_year_label, parse_fiscal_year
from jusolib.core.paths import DataDir, data_paths
from jusolib.stats.year_over_year import PANEL, compare_years
from jusolib.survey.codebook import load_codebook


@cached
@shared_parameters
def comparison(year: YearData) -> pd.DataFrame | None:
    """Year-over-year comparison with the previous fiscal year that has returns (``None`` if none).

    Returns
    -------
    DataFrame or None
        :func:`compare_with_previous` of the year's respondent type: two rows per item (パネル, then 全回答) as
        :func:`jusolib.stats.year_over_year.compare_years` gives them, the two years named in
        ``attrs["caption"]``; ``None`` when no earlier fiscal year has returns.

    Examples
    --------
    >>> report.comparison is None  # FY2024 is the first year with returns
    True
    """
    return compare_with_previous(
        year.fiscal_year, respondent_type=year.respondent_key, data_dir=year.data_dir
    )


@cached
@shared_parameters
def year_over_year(year: YearData, section: str | None = None) -> ReportTable | None:
    """The year-over-year table (panel first, then all respondents) of every item or of a section's items, or
    ``None`` without an earlier year.

    Parameters
    ----------
    section
        Only the items of this section (``None``: every item).

    Returns
    -------
    ReportTable or None
        Key ``前年度比較`` (``{section}_前年度比較`` for a section).

    Examples
    --------
    >>> report.year_over_year() is None
    True
    """
    compared = comparison(year)
    if compared is None:
        return None
    caption = compared.attrs["caption"]
    if section is not None:
        compared = compared[compared["item_id"].isin(year.codebook.item_ids(section))]
    table = year_over_year_table(compared, codebook=year.codebook, caption=caption)
    if section is None:
        return table
    return dataclasses.replace(table, key=f"{section}_{table.key}", title=f"{section} {table.title}")


@shared_parameters
def plot_year_over_year(year: YearData, section: str | None = None, narrow: bool = False) -> Any:
    """Change of each comparable item's positive share since the previous year, for the items of a section
    (one chart per section keeps a printed chart readable) or of all (``None`` without a previous year or
    with nothing comparable). The intervals are those at the level Holm decides each item at, the basis of the
    verdicts beside the chart. ``narrow``: drawn for a phone's width.

    Parameters
    ----------
    section
        Only the items of this section (``None``: every item, in one chart).
    narrow
        Draw for a phone's width (no narrow drawing is attached then).

    Returns
    -------
    Figure or None
        A matplotlib figure of each comparable item's difference in ポイント with its Holm-level interval (unless
        ``narrow``, with its drawing for a phone's width attached); ``None`` without a previous year or when no
        item of the section is comparable.

    Examples
    --------
    >>> report.plot_year_over_year("I") is None  # FY2024 has no previous year
    True
    """
    from jusolib.analysis.charts import change_chart, set_narrow

    compared = comparison(year)
    if compared is None:
        return None
    caption = compared.attrs["caption"]
    if section is not None:
        compared = compared[compared["item_id"].isin(year.codebook.item_ids(section))]
    if not compared["comparable"].any():
        return None
    labels = {i: year.codebook.item(i)["label"] for i in year.codebook.item_ids()}
    if section is None:
        title, note = f"前年度との差 — {caption}", f"{year.respondent_label}、無回答を除く"
    else:
        title, note = (
            f"{year.section_title(section)} — 前年度との差",
            f"{caption}、{year.respondent_label}、無回答を除く",
        )
    compared = compared.assign(ci_low=compared["ci_low_holm"], ci_high=compared["ci_high_holm"])
    figure = change_chart(
        compared,
        labels=labels,
        title=title,
        synthetic=year.is_synthetic,
        note=note,
        interval_label=HOLM_INTERVAL,
        narrow=narrow,
    )
    if not narrow:
        set_narrow(figure, lambda: plot_year_over_year(year, section, narrow=True))
    return figure


@shared_parameters
def previous_fiscal_year(fiscal_year: FiscalYearLike, data_dir: DataDir = None) -> int | None:
    """The latest fiscal year before ``fiscal_year`` that has returns, or ``None``.

    Returns
    -------
    int or None
        The latest fiscal year before ``fiscal_year`` with a survey folder of returns, ``None`` when there is none.

    Examples
    --------
    >>> previous_fiscal_year(2025), previous_fiscal_year(2024)
    (2024, None)
    """
    year = parse_fiscal_year(fiscal_year)
    earlier = [y for y in data_paths(data_dir).fiscal_years() if y < year]
    return max(earlier) if earlier else None


@shared_parameters
def compare_with_previous(
    fiscal_year: FiscalYearLike, *, respondent_type: str, data_dir: DataDir = None
) -> pd.DataFrame | None:
    """Load two fiscal years and compare them (``None`` when there is no earlier year with returns).

    The result's ``attrs["caption"]`` names the two years, e.g. 「令和6年度 (2024) → 令和7年度 (2025)」.

    Parameters
    ----------
    respondent_type
        Whose answers are compared: 自治体 or 社協 (or the keys ``municipality`` / ``council``).

    Returns
    -------
    DataFrame or None
        Two rows per item (パネル: the respondents of both years, then 全回答) with the shares of both years, the
        difference in ポイント, its intervals, the Holm-adjusted p and the verdict, as
        :func:`jusolib.stats.year_over_year.compare_years` gives them; ``attrs["caption"]`` names the two years.
        ``None`` when there is no earlier year with returns.
    """
    year = parse_fiscal_year(fiscal_year)
    before = previous_fiscal_year(year, data_dir)
    if before is None:
        return None
    previous = load_responses(before, respondent_type=respondent_type, data_dir=data_dir)
    current = load_responses(year, respondent_type=respondent_type, data_dir=data_dir)
    out = compare_years(
        previous,
        current,
        previous_codebook=load_codebook(before, data_dir),
        current_codebook=load_codebook(year, data_dir),
    )
    out.attrs["caption"] = f"{fiscal_year_label(before)} → {fiscal_year_label(year)}"
    return out


@shared_parameters
def year_over_year_summary(year: YearData) -> str:
    """Markdown: the page's conclusion in everyday words — which items changed since the previous year (the
    same municipalities compared first, then all respondents), or that no change stands out; ``""`` without a
    previous year. A change is named only where the verdict of the comparison table says 有意 (Holm-adjusted p and
    the interval on its basis agree); 「はっきりしない」 is never written as 「変わらない」.

    Returns
    -------
    str
        Markdown bullets (empty without a previous year).

    Examples
    --------
    >>> report.year_over_year_summary()  # FY2024: no previous year
    ''
    >>> from jusolib import YearReport
    >>> print(YearReport.load(2025).year_over_year_summary().splitlines()[0])
    - 両年度とも回答した自治体どうしで比べると、前年度からはっきり変わった項目はない（27項目。差は偶然でも生じうる大きさで、大きな変化でなければ判別できない）。
    """
    compared = comparison(year)
    if compared is None:
        return ""
    compared = compared[compared["comparable"]]
    labels = {i: year.codebook.item(i)["label"] for i in year.codebook.item_ids()}
    lines = []
    for group in dict.fromkeys(compared["group"]):
        words = (
            f"両年度とも回答した{year.respondent_label}どうしで比べると"
            if group == PANEL
            else "各年度の全回答者で比べると"
        )
        part = compared[compared["group"] == group]
        changed = part[part["verdict"] == "significant"]
        if changed.empty:
            lines.append(
                f"{words}、前年度からはっきり変わった項目はない（{len(part)}項目。差は偶然でも生じうる大きさで、"
                "大きな変化でなければ判別できない）。"
            )
            continue
        named = "、".join(
            f"「{labels[r.item_id]}」（{'上がった' if r.diff_points > 0 else '下がった'}、{r.diff_points:+.1f}ポイント）"
            for r in changed.itertuples()
        )
        lines.append(
            f"{words}、前年度から変わったのは{named}（偶然だけでは説明しにくい差）。ほかの{len(part) - len(changed)}項目では"
            "はっきりした変化はみられない。"
        )
    if len(lines) > 1:
        lines.append(
            "全回答者どうしの比較には、新たに実施した自治体が加わったことによる変化も含まれるため、同じ自治体どうしの比較を先に読む。"
        )
    return "\n".join(f"- {line}" for line in lines)
