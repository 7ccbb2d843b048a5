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
from jusolib.core.fiscal import FiscalYearLike, fiscal_year_label, parse_fiscal_year
from jusolib.core.paths import DataDir, data_paths
from jusolib.stats.year_over_year import compare_years
from jusolib.survey.codebook import load_codebook


@cached
def comparison(year: YearData) -> pd.DataFrame | None:
    """Year-over-year comparison with the previous fiscal year that has returns (``None`` if none).

    Examples
    --------
    >>> report.comparison is None  # FY2024 is the first year with returns
    True
    """
    return compare_with_previous(
        year.fiscal_year, respondent_type=year.respondent_key, data_dir=year.data_dir
    )


@cached
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


def plot_year_over_year(year: YearData, section: str | None = None) -> Any:
    """Change of each comparable item's positive share since the previous year, for the items of a section
    (one chart per section keeps a printed chart readable) or of all (``None`` without a previous year or
    with nothing comparable). The intervals are those at the level Holm decides each item at, the basis of the
    verdicts beside the chart.

    Examples
    --------
    >>> report.plot_year_over_year("I") is None  # FY2024 has no previous year
    True
    """
    from jusolib.analysis.charts import change_chart

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
    return change_chart(
        compared,
        labels=labels,
        title=title,
        synthetic=year.is_synthetic,
        note=note,
        interval_label=HOLM_INTERVAL,
    )


def previous_fiscal_year(fiscal_year: FiscalYearLike, data_dir: DataDir = None) -> int | None:
    """The latest fiscal year before ``fiscal_year`` that has returns, or ``None``.

    Examples
    --------
    >>> previous_fiscal_year(2025), previous_fiscal_year(2024)
    (2024, None)
    """
    year = parse_fiscal_year(fiscal_year)
    earlier = [y for y in data_paths(data_dir).fiscal_years() if y < year]
    return max(earlier) if earlier else None


def compare_with_previous(
    fiscal_year: FiscalYearLike, *, respondent_type: str, data_dir: DataDir = None
) -> pd.DataFrame | None:
    """Load two fiscal years and compare them (``None`` when there is no earlier year with returns).

    The result's ``attrs["caption"]`` names the two years, e.g. 「令和6年度 (2024) → 令和7年度 (2025)」.
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
