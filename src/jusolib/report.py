"""One fiscal year's analysis, as the notebooks and the Excel workbook use it.

:class:`YearReport` loads the clean data of a fiscal year and one respondent type (building it from raw if
needed), classifies the respondents with the chosen size scheme, and hands out every report table. The
notebooks call it; the workbook is written from the same tables, so the two cannot disagree.

Examples
--------
>>> report = YearReport.load(2024, respondent_type="自治体")
>>> report.n_respondents, report.is_synthetic
(23, True)
>>> [t.key for t in report.section_tables("I")]
['I_分布_含', 'I_分布_除', 'I_肯定的回答', 'I_クロス集計', 'I_検定']
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from jusolib.codebook import Codebook, load_codebook
from jusolib.errors import ParameterError
from jusolib.fiscal import fiscal_year_label, parse_fiscal_year
from jusolib.pipeline import load_build_summary, load_free_text, load_responses
from jusolib.reference import load_municipalities
from jusolib.schemes import SCHEMES, SizeClasses, add_size_class, size_classes
from jusolib.tables import (
    ReportTable,
    crosstab_table,
    distribution_table,
    free_text_table,
    index_table,
    positive_table,
    respondents_table,
    significance_table,
    year_over_year_table,
)
from jusolib.yoy import year_over_year

SYNTHETIC_BANNER = (
    "合成データ（synthetic）: この報告の数値は、公表値に合わせて再構成した合成データによるものです。"
    "実際の自治体の回答ではありません。"
)


@dataclass(eq=False)
class YearReport:
    """The analysis of one fiscal year for one respondent type, classified by one size scheme."""

    fiscal_year: int
    respondent_type: str
    scheme: str
    data_dir: object
    codebook: Codebook
    data: pd.DataFrame
    classes: SizeClasses
    summary: dict[str, Any]
    scheme_options: dict[str, Any]

    @classmethod
    def load(
        cls,
        fiscal_year: object,
        respondent_type: str = "自治体",
        size_scheme: str = "population_band",
        data_dir: object = None,
        **scheme_options: Any,
    ) -> YearReport:
        """Load a fiscal year (building the processed data first if needed).

        Parameters
        ----------
        respondent_type
            自治体 / 社協 (or municipality / council).
        size_scheme
            population_band (default), municipality_type, city_size or cohort.
        scheme_options
            Passed to the scheme, e.g. ``edges=[100_000, 300_000, 500_000]``.
        """
        year = parse_fiscal_year(fiscal_year)
        if size_scheme not in SCHEMES:
            raise ParameterError(f"unknown size_scheme {size_scheme!r}: expected one of {list(SCHEMES)}")
        codebook = load_codebook(year, data_dir)
        key = codebook.respondent_type_key(respondent_type)
        if key is None:
            raise ParameterError(
                f"unknown respondent_type {respondent_type!r}: expected one of {list(codebook.respondent_types['label'])}"
            )
        data = load_responses(year, respondent_type=key, data_dir=data_dir)
        if data.empty:
            raise ParameterError(
                f"no {codebook.respondent_type_label(key)} respondents in {fiscal_year_label(year)}"
            )
        classes = size_classes(data["muni_code"], size_scheme, data_dir=data_dir, **scheme_options)
        data = add_size_class(data, size_scheme, data_dir=data_dir, **scheme_options)
        summary = load_build_summary(year, data_dir)
        return cls(year, key, size_scheme, data_dir, codebook, data, classes, summary, dict(scheme_options))

    # -- facts ---------------------------------------------------------------------------------------------
    @property
    def label(self) -> str:
        return fiscal_year_label(self.fiscal_year)

    @property
    def respondent_label(self) -> str:
        return self.codebook.respondent_type_label(self.respondent_type)

    @property
    def n_respondents(self) -> int:
        return int(self.data["muni_code"].nunique())

    @property
    def is_synthetic(self) -> bool:
        return self.summary["data_status"] == "synthetic"

    @property
    def data_status_label(self) -> str:
        return self.summary["data_status_label"]

    @property
    def banner(self) -> str | None:
        """The synthetic-data warning shown at the top of every page, or ``None`` for real data."""
        if self.is_synthetic:
            return SYNTHETIC_BANNER
        if self.summary["data_status"] == "unknown":
            return "出所未記載: このデータの MANIFEST がなく、実データか合成データか記録されていません。"
        return None

    @property
    def caption(self) -> str:
        """The caption every table by size carries: scheme, population series and date, classes."""
        return self.classes.caption

    @functools.cached_property
    def names(self) -> pd.Series:
        return load_municipalities(self.data_dir).set_index("code6")["name"]

    @functools.cached_property
    def free_text(self) -> pd.DataFrame:
        return load_free_text(self.fiscal_year, respondent_type=self.respondent_type, data_dir=self.data_dir)

    def sections(self) -> list[str]:
        return list(self.codebook.sections.index)

    def section_title(self, section: str) -> str:
        return f"{section} {self.codebook.sections.at[section, 'title']}"

    # -- tables --------------------------------------------------------------------------------------------
    def distribution(self, section: str, base: str = "all") -> ReportTable:
        return distribution_table(self.data, section=section, base=base, codebook=self.codebook)

    def positive(self, section: str) -> ReportTable:
        return positive_table(self.data, section=section, codebook=self.codebook)

    def crosstab(self, section: str) -> ReportTable:
        return crosstab_table(
            self.data, section=section, by=self.scheme, caption=self.caption, codebook=self.codebook
        )

    @functools.lru_cache(maxsize=8)  # noqa: B019 - a report object lives as long as its notebook
    def significance(self, section: str) -> ReportTable:
        return significance_table(
            self.data, section=section, by=self.scheme, caption=self.caption, codebook=self.codebook
        )

    def indices(self) -> ReportTable:
        return index_table(
            self.data,
            by=self.scheme,
            caption=self.caption,
            classes=self.classes.classes,
            codebook=self.codebook,
        )

    def respondents(self) -> ReportTable:
        return respondents_table(self.classes.classes, self.caption)

    def free_text_answers(self, section: str) -> ReportTable:
        return free_text_table(
            self.free_text, self.data, section=section, codebook=self.codebook, names=self.names
        )

    @functools.cached_property
    def comparison(self) -> pd.DataFrame | None:
        """Year-over-year comparison with the previous fiscal year that has returns (``None`` if none)."""
        return year_over_year(self.fiscal_year, respondent_type=self.respondent_type, data_dir=self.data_dir)

    def year_over_year(self) -> ReportTable | None:
        if self.comparison is None:
            return None
        return year_over_year_table(
            self.comparison, codebook=self.codebook, caption=self.comparison.attrs["caption"]
        )

    def section_tables(self, section: str) -> list[ReportTable]:
        return [
            self.distribution(section, "all"),
            self.distribution(section, "valid"),
            self.positive(section),
            self.crosstab(section),
            self.significance(section),
        ]

    def tables(self) -> list[ReportTable]:
        """Every table of the fiscal year, in report order (the workbook's sheets)."""
        tables = [self.respondents()]
        for section in self.sections():
            tables += self.section_tables(section)
        tables.append(self.indices())
        comparison = self.year_over_year()
        if comparison is not None:
            tables.append(comparison)
        for section in self.sections():
            tables.append(self.free_text_answers(section))
        return tables

    # -- provenance and export -----------------------------------------------------------------------------
    def parameters(self) -> dict[str, Any]:
        return {
            "fiscal_year": self.fiscal_year,
            "respondent_type": self.respondent_label,
            "size_scheme": self.scheme,
            **{k: v for k, v in self.scheme_options.items()},
            "size_caption": self.caption,
        }

    def provenance(self) -> dict[str, Any]:
        from jusolib.provenance import provenance

        return provenance(self.fiscal_year, self.parameters(), self.data_dir)

    def write_workbook(self, path: Path) -> None:
        """Write every table into one Excel workbook with a 出典 sheet first."""
        from jusolib.excel import write_workbook

        write_workbook(self.tables(), path, self.provenance())
