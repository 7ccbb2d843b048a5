"""One fiscal year's analysis, as the notebooks and the Excel workbook use it.

:class:`YearReport` loads the clean data of a fiscal year and one respondent type (building it from raw if
needed), classifies the respondents with the chosen size scheme, and hands out every report table. The
notebooks call it; the workbook is written from the same tables, so the two cannot disagree.

Items may be given by id or by question number (「問1-2」) everywhere an item is taken.

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

import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from jusolib.analysis.cache import kept
from jusolib.analysis.checks import ChecksMixin
from jusolib.analysis.free_text import ThemesMixin
from jusolib.analysis.overview import OverviewMixin
from jusolib.analysis.pairs import PairedMixin
from jusolib.analysis.sections import SectionMixin
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
    year_over_year_table,
)
from jusolib.clean.pipeline import load_build_summary, load_free_text, load_responses
from jusolib.core.errors import ParameterError
from jusolib.core.fiscal import fiscal_year_label
from jusolib.core.paths import data_paths
from jusolib.stats.crosstab import compare_classes
from jusolib.stats.year_over_year import year_over_year
from jusolib.survey.codebook import Codebook, load_codebook
from jusolib.survey.reference import load_municipalities
from jusolib.survey.schemes import SCHEMES, SizeClasses, add_size_class, size_classes

SYNTHETIC_BANNER = (
    "合成データ: この報告の数値は、公表値に合わせて再構成した合成データによるものです。"
    "実際の自治体の回答ではありません。"
)


@dataclass(eq=False, repr=False)
class YearReport(OverviewMixin, SectionMixin, ThemesMixin, PairedMixin, ChecksMixin):
    """The analysis of one fiscal year for one respondent type, classified by one size scheme.

    ``respondent_type`` reads 自治体 or 社協; the key (``municipality``/``council``) is ``respondent_key``.

    This module holds the facts of the year and the tables of a section; the rest comes, one concept per
    module, from mixins: the overview page (:mod:`jusolib.analysis.overview`), a section's charts and sentences
    (:mod:`jusolib.analysis.sections`), free-text themes (:mod:`jusolib.analysis.free_text`), 自治体×社協
    (:mod:`jusolib.analysis.pairs`) and the published check and data quality (:mod:`jusolib.analysis.checks`).
    Each delegates the work to its own module (``paired``, ``themes``, ``tables`` …).
    """

    fiscal_year: int
    respondent_key: str
    scheme: str
    data_dir: object
    codebook: Codebook
    data: pd.DataFrame
    classes: SizeClasses
    summary: dict[str, Any]
    scheme_options: dict[str, Any]
    redact: bool = False
    _significance: dict[str, ReportTable] = field(default_factory=dict, repr=False)
    _class_tests: dict[str, pd.DataFrame] = field(default_factory=dict, repr=False)

    def __repr__(self) -> str:
        status = "合成データ" if self.is_synthetic else self.data_status_label
        return (
            f"YearReport({self.label}, {self.respondent_type} {self.n_respondents}, {self.classes.label}, "
            f"{status})"
        )

    @classmethod
    def load(
        cls,
        fiscal_year: object,
        respondent_type: str = "自治体",
        size_scheme: str = "population_band",
        data_dir: object = None,
        *,
        redact: bool = False,
        **scheme_options: Any,
    ) -> YearReport:
        """Load a fiscal year (building the processed data first if needed).

        Parameters
        ----------
        fiscal_year
            2024, "R6", "令和6年度" …; a year with no returns is refused, naming the years that have them.
        respondent_type
            自治体 / 社協 (or municipality / council).
        size_scheme
            population_band (default), municipality_type, city_size or cohort.
        redact
            Mask likely personal data (:mod:`jusolib.clean.privacy`) in every text this report shows: free text,
            rejected values, the hits themselves. ``data/processed`` is never changed.
        scheme_options
            Passed to the scheme, e.g. ``edges=[100_000, 300_000, 500_000]``.

        Examples
        --------
        >>> YearReport.load("R6", respondent_type="社協", size_scheme="municipality_type")
        YearReport(令和6年度 (2024), 社協 23, 団体種別, 合成データ)
        """
        year = data_paths(data_dir).require_fiscal_year(fiscal_year)  # type: ignore[arg-type]
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
        return cls(
            year, key, size_scheme, data_dir, codebook, data, classes, summary, dict(scheme_options), redact
        )

    # -- facts ---------------------------------------------------------------------------------------------
    @property
    def label(self) -> str:
        """The fiscal year as reports write it.

        Examples
        --------
        >>> report.label
        '令和6年度 (2024)'
        """
        return fiscal_year_label(self.fiscal_year)

    @property
    def respondent_type(self) -> str:
        """Who answered, as reports write it: 自治体 or 社協 (the key is :attr:`respondent_key`).

        Examples
        --------
        >>> report.respondent_type, report.respondent_key
        ('自治体', 'municipality')
        """
        return self.codebook.respondent_type_label(self.respondent_key)

    @property
    def respondent_label(self) -> str:
        """Same as :attr:`respondent_type` (自治体 / 社協).

        Examples
        --------
        >>> report.respondent_label
        '自治体'
        """
        return self.respondent_type

    @property
    def n_respondents(self) -> int:
        """How many municipalities answered (as this respondent type).

        Examples
        --------
        >>> report.n_respondents  # published: 23 of 23
        23
        """
        return int(self.data["muni_code"].nunique())

    @property
    def is_synthetic(self) -> bool:
        """True when the year's MANIFEST says the returns are synthetic (合成データ).

        Examples
        --------
        >>> report.is_synthetic
        True
        """
        return self.summary["data_status"] == "synthetic"

    @property
    def data_status_label(self) -> str:
        """Where the data came from, in Japanese (合成データ / 実データ / 出所未記載).

        Examples
        --------
        >>> report.data_status_label.startswith("合成データ")
        True
        """
        return self.summary["data_status_label"]

    @property
    def banner(self) -> str | None:
        """The synthetic-data warning shown at the top of every page, or ``None`` for real data.

        Examples
        --------
        >>> report.banner.startswith("合成データ: ")
        True
        """
        if self.is_synthetic:
            return SYNTHETIC_BANNER
        if self.summary["data_status"] == "unknown":
            return "出所未記載: このデータの MANIFEST がなく、実データか合成データか記録されていません。"
        return None

    @property
    def build_notice(self) -> str | None:
        """A warning when the data was built with ``--keep-going`` and rows with problems were left out.

        Examples
        --------
        >>> report.build_notice is None  # a strict build
        True
        """
        dropped = self.summary.get("rows_with_problems", 0)
        if not dropped:
            return None
        return (
            f"注意: このデータは jusolib build --keep-going で作成され、問題のある{dropped}行を集計から除外しています。"
            "除外した行と理由は 91 データ品質 を参照してください。"
        )

    @property
    def personal_data_count(self) -> int:
        """How many likely items of personal data the build found (:mod:`jusolib.clean.privacy`).

        Examples
        --------
        >>> report.personal_data_count  # the synthetic returns hold none
        0
        """
        return int(self.summary.get("personal_data", {}).get("count", 0))

    @property
    def privacy_notice(self) -> str | None:
        """What every page says about personal data: masked, or found and shown (``None`` if none was found).

        Examples
        --------
        >>> report.privacy_notice is None
        True
        """
        n = self.personal_data_count
        if self.redact:
            return (
                f"個人情報の可能性がある記述（{n}件）は伏せ字にしています（［電話番号］［氏名］など）。"
                if n
                else None
            )
        if not n:
            return None
        return (
            f"注意: 自由記述などに個人情報の可能性がある記述が{n}件あります（91 データ品質 に一覧）。"
            "配布する前に確認するか、jusolib render --redact で伏せ字にしてください。"
        )

    @property
    def caption(self) -> str:
        """The caption every table by size carries: scheme, population series and date, classes.

        Examples
        --------
        >>> report.caption.startswith("人口規模")
        True
        """
        return self.classes.caption

    @functools.cached_property
    def names(self) -> pd.Series:
        """Municipality names by 6-digit code (reference data).

        Examples
        --------
        >>> report.names["131121"]
        '世田谷区'
        """
        return load_municipalities(self.data_dir).set_index("code6")["name"]

    @functools.cached_property
    def free_text(self) -> pd.DataFrame:
        """Every free-text answer (「具体的な内容」) of this respondent type, tidy: muni_code, item_id, text.

        With ``redact``, likely personal data is masked.

        Examples
        --------
        >>> list(report.free_text.columns)[:5]
        ['fiscal_year', 'respondent_type', 'muni_code', 'item_id', 'text']
        """
        texts = load_free_text(self.fiscal_year, respondent_type=self.respondent_key, data_dir=self.data_dir)
        if self.redact:
            from jusolib.clean.privacy import redact_frame

            texts = redact_frame(texts, ["text"])
        return texts

    def sections(self) -> list[str]:
        """The sections of the questionnaire in order.

        Examples
        --------
        >>> report.sections()
        ['I', 'II', 'III']
        """
        return list(self.codebook.sections.index)

    def section_title(self, section: str) -> str:
        """A section's key and title, as headings write it.

        Examples
        --------
        >>> report.section_title("II")
        'II 重層事業の実施を通じて感じる変化'
        """
        return f"{section} {self.codebook.sections.at[section, 'title']}"

    def item_id(self, item: str) -> str:
        """The item id of an id or a question number of this year's questionnaire.

        Examples
        --------
        >>> report.item_id("問1-2")
        'out_hubs'
        """
        return self.codebook.item_id(item)

    def item_label(self, item_id: str) -> str:
        """An item's label with its footnote mark (※1〜※3) when the codebook gives one, as charts show it.

        Examples
        --------
        >>> report.item_label("out_hubs")
        '地域住民等が相互に交流を図ることのできる拠点'
        >>> report.item_label("chl_community_building")
        '個別課題を地域課題として共有した地域づくりがすすまない ※1'
        """
        item = self.codebook.item(item_id)
        mark = item.get("footnote")
        return f"{item['label']} {mark}" if isinstance(mark, str) and mark else str(item["label"])

    # -- tables --------------------------------------------------------------------------------------------
    @kept
    def distribution(self, section: str, base: str = "all") -> ReportTable:
        """Answer distribution of each item of a section (%), on the 無回答を含む (``"all"``) or 除く base.

        Examples
        --------
        >>> table = report.distribution("I")
        >>> row = table.frame.loc["地域住民の参加を促す活動を行う者"]
        >>> int(row["n"]), float(row["あてはまる"])  # published: 19 of 23, 82.6%
        (23, 82.6)
        """
        return distribution_table(self.data, section=section, base=base, codebook=self.codebook)

    @kept
    def positive(self, section: str) -> ReportTable:
        """Positive share of each item of a section, both bases, with Wilson intervals and the item score.

        Examples
        --------
        >>> row = report.positive("I").frame.loc["地域住民等が相互に交流を図ることのできる拠点"]
        >>> int(row["件数"]), int(row["n"]), float(row["割合"])  # published: 13 of 23 (56.5%)
        (13, 23, 56.5)
        """
        return positive_table(self.data, section=section, codebook=self.codebook)

    @kept
    def positive_by_class(self, section: str) -> ReportTable:
        """Positive share of each item of a section, all respondents and by size class (with n and 参考値).

        Examples
        --------
        >>> row = report.positive_by_class("I").frame.loc[("地域住民の参加を促す活動を行う者", "全体")]
        >>> int(row["件数"]), int(row["n"])  # published: 19 of 23
        (19, 23)
        """
        return positive_by_class_table(
            self.data, section=section, by=self.scheme, caption=self.caption, codebook=self.codebook
        )

    def crosstab(self, section: str) -> ReportTable:
        """Answers of each item of a section by size class (%), n in every cell, 参考値 for small bases.

        Examples
        --------
        >>> table = report.crosstab("I")
        >>> table.frame.loc["地域住民の参加を促す活動を行う者"]["n"].tolist()  # 全体 and the four bands
        [23, 3, 7, 8, 5]
        """
        return crosstab_table(
            self.data, section=section, by=self.scheme, caption=self.caption, codebook=self.codebook
        )

    def class_tests(self, section: str) -> pd.DataFrame:
        """The tests behind :meth:`significance`, as numbers (computed once per section and kept).

        Examples
        --------
        >>> first = report.class_tests("I").iloc[0]
        >>> first["item_id"], int(first["n"]), first["base"]
        ('out_participation', 23, '無回答を除く')
        """
        if section not in self._class_tests:
            items = [i for i in self.codebook.item_ids(section) if i in set(self.data["item_id"])]
            self._class_tests[section] = compare_classes(
                self.data, by=self.scheme, item=items, codebook=self.codebook
            )
        return self._class_tests[section]

    def significance(self, section: str) -> ReportTable:
        """Tests of size-class differences (computed once per section: the permutation tests take time).

        Fisher's exact test and Kruskal–Wallis on the 無回答を除く base, Holm-adjusted across the section, with
        bias-corrected effect sizes beside what noise alone gives, and one sentence per item.

        Examples
        --------
        >>> table = report.significance("I")
        >>> table.frame.columns[:4].tolist()
        ['n（無回答を除く）', '最小区分のn', 'Fisher p', 'Fisher p（Holm補正）']
        """
        if section not in self._significance:
            self._significance[section] = significance_table(
                self.data,
                section=section,
                by=self.scheme,
                caption=self.caption,
                codebook=self.codebook,
                tests=self.class_tests(section),
            )
        return self._significance[section]

    def indices(self) -> ReportTable:
        """Section indices (0–100) by size class: n, mean and median.

        Examples
        --------
        >>> int(report.indices().frame.loc[("outcome", "全体"), "n"])
        23
        """
        return index_table(
            self.data,
            by=self.scheme,
            caption=self.caption,
            classes=self.classes.classes,
            codebook=self.codebook,
        )

    def respondents(self) -> ReportTable:
        """Respondents by size class (n and %).

        Examples
        --------
        >>> report.respondents().frame["n"].tolist()  # 全体 and the bands 3 / 7 / 8 / 5
        [23, 3, 7, 8, 5]
        """
        return respondents_table(self.classes.classes, self.caption)

    def free_text_answers(self, section: str | None = None, *, item: str | None = None) -> ReportTable:
        """The 「具体的な内容」 answers of a section, or of one item (id or question number), with the answer.

        Examples
        --------
        >>> table = report.free_text_answers(item="問1-2")
        >>> set(table.frame["項目"])
        {'地域住民等が相互に交流を図ることのできる拠点'}
        """
        items = None if item is None else [self.codebook.item_id(item)]
        if section is None:
            if items is None:
                raise ParameterError("free_text_answers needs a section (I, II, III) or an item")
            section = str(self.codebook.item(items[0])["section"])
        return free_text_table(
            self.free_text, self.data, section=section, codebook=self.codebook, names=self.names, items=items
        )

    @functools.cached_property
    def comparison(self) -> pd.DataFrame | None:
        """Year-over-year comparison with the previous fiscal year that has returns (``None`` if none).

        Examples
        --------
        >>> report.comparison is None  # FY2024 is the first year with returns
        True
        """
        return year_over_year(self.fiscal_year, respondent_type=self.respondent_key, data_dir=self.data_dir)

    @kept
    def year_over_year(self) -> ReportTable | None:
        """The year-over-year table (panel first, then all respondents), or ``None`` without an earlier year.

        Examples
        --------
        >>> report.year_over_year() is None
        True
        """
        if self.comparison is None:
            return None
        return year_over_year_table(
            self.comparison, codebook=self.codebook, caption=self.comparison.attrs["caption"]
        )

    def section_tables(self, section: str) -> list[ReportTable]:
        """The tables of one section, in report order.

        Examples
        --------
        >>> [t.key for t in report.section_tables("II")]
        ['II_分布_含', 'II_分布_除', 'II_肯定的回答', 'II_肯定的回答_規模別', 'II_クロス集計', 'II_検定']
        """
        return [
            self.distribution(section, "all"),
            self.distribution(section, "valid"),
            self.positive(section),
            self.positive_by_class(section),
            self.crosstab(section),
            self.significance(section),
        ]

    def tables(self) -> list[ReportTable]:
        """Every table of the fiscal year, in report order (the workbook's sheets).

        Examples
        --------
        >>> tables = report.tables()  # doctest: +SKIP
        >>> tables[0].key, "I_自治体社協_差" in [t.key for t in tables]  # doctest: +SKIP
        ('回答者_規模別', True)
        """
        tables = [self.respondents(), self.implementation_counts(), self.coordinators()]
        for section in self.sections():
            tables += self.section_tables(section)
        tables.append(self.indices())
        comparison = self.year_over_year()
        if comparison is not None:
            tables.append(comparison)
        if self.paired_available:
            for section in self.sections():
                tables += [self.paired_agreement(section), self.paired_difference(section)]
            tables.append(self.paired_disagreements())
        for section in self.sections():
            themes = [self.themes(section), self.themes_by_class(section)]
            tables += [t for t in themes if t is not None]
            tables.append(self.free_text_answers(section))
        return tables

    # -- provenance and export -----------------------------------------------------------------------------
    def parameters(self) -> dict[str, Any]:
        """The parameters the report was made with, as the provenance footer lists them.

        Examples
        --------
        >>> report.parameters()["respondent_type"], report.parameters()["size_scheme"]
        ('自治体', 'population_band')
        """
        return {
            "fiscal_year": self.fiscal_year,
            "respondent_type": self.respondent_label,
            "size_scheme": self.scheme,
            **{k: v for k, v in self.scheme_options.items()},
            "size_caption": self.caption,
            "redact": self.redact,
        }

    def provenance(self) -> dict[str, Any]:
        """The provenance record: data status, parameters, input files with SHA-256, package versions, commit.

        Examples
        --------
        >>> report.provenance()["data_status"]
        'synthetic'
        """
        from jusolib.analysis.provenance import provenance

        record = provenance(self.fiscal_year, self.parameters(), self.data_dir)
        if self.theme_book is not None:  # the coding rules shape the theme tables: name them and the analyser
            from jusolib.core.files import sha256_file
            from jusolib.core.paths import data_paths
            from jusolib.text.morphology import analyser_description

            path = self.theme_book.path
            record["inputs"] = {
                **record["inputs"],
                data_paths(self.data_dir).relative(path): sha256_file(path),
            }
            record["parameters"] = {**record["parameters"], "free_text_analyser": analyser_description()}
        return record

    def write_workbook(self, path: Path) -> None:
        """Write every table into one Excel workbook with a 出典 sheet first.

        Examples
        --------
        >>> import tempfile
        >>> path = Path(tempfile.mkdtemp()) / "tables.xlsx"
        >>> report.write_workbook(path)  # doctest: +SKIP
        >>> path.stat().st_size > 10_000  # doctest: +SKIP
        True
        """
        from jusolib.outputs.workbook import write_workbook

        write_workbook(self.tables(), path, self.provenance())

    def write_slides(self, path: Path) -> None:
        """Write the year's results as an editable PowerPoint deck (see :mod:`jusolib.outputs.slides.build`).

        Examples
        --------
        >>> import tempfile
        >>> report.write_slides(Path(tempfile.mkdtemp()) / "slides.pptx")  # doctest: +SKIP
        """
        from jusolib.outputs.slides.build import write_slides

        write_slides(self, path)
