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

from jusolib.codebook import Codebook, load_codebook
from jusolib.crosstab import compare_classes
from jusolib.errors import ParameterError
from jusolib.fiscal import fiscal_year_label
from jusolib.formatting import ALPHA
from jusolib.paths import data_paths
from jusolib.pipeline import load_build_summary, load_free_text, load_responses
from jusolib.reference import load_municipalities
from jusolib.schemes import SCHEMES, SizeClasses, add_size_class, size_classes
from jusolib.tables import (
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
from jusolib.yoy import year_over_year


def _count_or_none(value: object) -> int | None:
    """A count as an int, or ``None`` where it is not known (shown as 「−」)."""
    return None if value is None or value != value else int(value)  # type: ignore[call-overload]


#: Tables longer than this are folded on the page (the workbook always has every row).
FOLD_ROWS = 20
SYNTHETIC_BANNER = (
    "合成データ（synthetic）: この報告の数値は、公表値に合わせて再構成した合成データによるものです。"
    "実際の自治体の回答ではありません。"
)


@dataclass(eq=False, repr=False)
class YearReport:
    """The analysis of one fiscal year for one respondent type, classified by one size scheme.

    ``respondent_type`` reads 自治体 or 社協; the key (``municipality``/``council``) is ``respondent_key``.
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
            Mask likely personal data (:mod:`jusolib.privacy`) in every text this report shows: free text,
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
        >>> report.banner.startswith("合成データ（synthetic）")
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
        """How many likely items of personal data the build found (:mod:`jusolib.privacy`).

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
            from jusolib.privacy import redact_frame

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

    def positive(self, section: str) -> ReportTable:
        """Positive share of each item of a section, both bases, with Wilson intervals and the item score.

        Examples
        --------
        >>> row = report.positive("I").frame.loc["地域住民等が相互に交流を図ることのできる拠点"]
        >>> int(row["件数"]), int(row["n"]), float(row["割合"])  # published: 13 of 23 (56.5%)
        (13, 23, 56.5)
        """
        return positive_table(self.data, section=section, codebook=self.codebook)

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

    # -- free-text themes (coding rules: jusolib.themes; counts: jusolib.theme_tables) ----------------------
    @functools.cached_property
    def theme_book(self) -> Any:
        """The coding rules of the year (``data/raw/codebook/FYxxxx.themes.yaml``), or ``None`` if it has none.

        Examples
        --------
        >>> report.theme_book.path.name
        'FY2024.themes.yaml'
        """
        from jusolib.themes import has_themes, load_themes

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
        from jusolib.themes import load_coded_free_text

        coded = load_coded_free_text(
            self.fiscal_year, respondent_type=self.respondent_key, data_dir=self.data_dir
        )
        if coded is not None and self.redact:  # themes come from the texts as written; quotes are masked
            from jusolib.privacy import redact_frame

            coded = redact_frame(coded, ["text"])
        return coded

    def themes(self, section: str) -> ReportTable | None:
        """Themes of a section's free text: count, % of writers and of all, answers given, shortest texts.

        Examples
        --------
        >>> report.themes("II").key
        'II_テーマ'
        """
        from jusolib.theme_tables import theme_table

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
        from jusolib.theme_tables import theme_class_table

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
        from jusolib.kwic import kwic_table
        from jusolib.themes import plain_book

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
        from jusolib.kwic import frequency_table
        from jusolib.themes import plain_book

        where = self.section_title(section) if section else "全項目"
        return frequency_table(
            self._texts(section),
            book=self.theme_book or plain_book(self.fiscal_year),
            title=f"{where} — 具体的な内容の頻出語（上位{top}）",
            top=top,
            key=f"{section or '全体'}_頻出語",
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

    # -- overview ------------------------------------------------------------------------------------------
    def respondent_list(self) -> ReportTable:
        """Who answered: name, code, type, population, class and first year of implementation.

        Examples
        --------
        >>> report.respondent_list().frame.loc["世田谷区", "団体コード"]
        '131121'
        """
        from jusolib.reference import DEFAULT_POPULATION_SERIES, first_implementation_year

        codes = sorted(self.data["muni_code"].unique())
        table = load_municipalities(self.data_dir).set_index("code6").loc[codes]
        first = first_implementation_year(self.data_dir)
        frame = pd.DataFrame(
            {
                "団体コード": codes,
                "種別": table["type"].to_numpy(),
                "人口（2022年1月1日推計）": table[DEFAULT_POPULATION_SERIES].astype("Float64").to_numpy(),
                self.classes.label: [str(self.classes.classes[c]) for c in codes],
                "実施開始": [
                    fiscal_year_label(int(first[c]), western=False) if c in first.index else "記載なし"
                    for c in codes
                ],
            },
            index=table["name"].to_numpy(),
        )
        frame.index.name = "区市町村"
        frame["人口（2022年1月1日推計）"] = frame["人口（2022年1月1日推計）"].astype(float)
        notes = [
            self.caption,
            "人口: 東京都の人口(推計) 2022年1月1日。実施開始: 参照データ implementation_status.csv。",
        ]
        return ReportTable(
            "回答者一覧",
            f"回答した{self.respondent_label}（{self.n_respondents}）",
            frame,
            notes,
            integer_columns=["人口（2022年1月1日推計）"],
        )

    def implementation_counts(self) -> ReportTable:
        """Municipalities implementing and in 移行準備事業 per fiscal year (reference data), with national counts.

        Examples
        --------
        >>> report.implementation_counts().frame["都内 実施"].tolist()[:4]  # published: R3–R6 2 / 7 / 12 / 23
        [2, 7, 12, 23]
        """
        from jusolib.reference import (
            IMPLEMENTING_STATUSES,
            TRANSITION_STATUS,
            load_context_series,
            load_implementation,
        )

        table = load_implementation(self.data_dir)
        national = load_context_series(self.data_dir).query("series == 'national_implementing'")
        national = national.set_index("fiscal_year")["value"]
        years = sorted(table["fiscal_year"].unique())
        listed = set(table.loc[table["status"] == TRANSITION_STATUS, "fiscal_year"])
        end_of_year = (
            load_context_series(self.data_dir)
            .query("series == 'tokyo_transition_end_of_year'")
            .set_index("fiscal_year")["value"]
        )

        def transition(year: int) -> int | None:
            if year in listed:
                return int((table["fiscal_year"].eq(year) & table["status"].eq(TRANSITION_STATUS)).sum())
            known = end_of_year.get(year)
            return None if known is None or known != known else int(known)

        frame = pd.DataFrame(
            {
                "都内 実施": [
                    int((table["fiscal_year"].eq(y) & table["status"].isin(IMPLEMENTING_STATUSES)).sum())
                    for y in years
                ],
                # object columns: whole numbers where known, None (「−」) where not
                "都内 移行準備事業": pd.array([transition(y) for y in years], dtype=object),
                "全国 実施": pd.array([_count_or_none(national.get(y)) for y in years], dtype=object),
            },
            index=[fiscal_year_label(y, western=False) for y in years],
        )
        frame.index.name = "年度"
        notes = [
            "都内: 参照データ implementation_status.csv（出典: 東京都社会福祉協議会の報告ほか）。令和7年度は実施予定30のうち"
            "公開資料で名前が分かる26を数えている。移行準備事業は令和5・6年度が名簿による数、令和4年度は年度末の数（17、"
            "東社協）。令和3・7年度は不明（−）。",
            "全国: 厚生労働省（厚生労働白書 令和4・5年版、社会保障審議会福祉部会 第29回 資料1）。令和7年度は予定。",
        ]
        return ReportTable(
            "実施状況",
            "重層的支援体制整備事業の実施状況（年度別）",
            frame,
            notes,
            integer_columns=list(frame.columns),
        )

    def coordinators(self) -> ReportTable:
        """都内の地域福祉コーディネーター per fiscal year (published context series, not survey data).

        Examples
        --------
        >>> report.coordinators().frame.iloc[:, 0].tolist()  # published: 283 → 398
        [283, 398]
        """
        from jusolib.reference import load_context_series

        series = load_context_series(self.data_dir).query("series == 'tokyo_coordinators'")
        frame = pd.DataFrame(
            {"地域福祉コーディネーター（人）": series["value"].to_numpy(dtype=int)},
            index=[fiscal_year_label(y, western=False) for y in series["fiscal_year"]],
        )
        frame.index.name = "年度"
        notes = ["出典: 東京都社会福祉協議会の報告（参照データ context_series.csv、公表された年度のみ）。"]
        return ReportTable(
            "地域福祉コーディネーター",
            "都内の地域福祉コーディネーター（人）",
            frame,
            notes,
            integer_columns=list(frame.columns),
        )

    # -- charts --------------------------------------------------------------------------------------------
    def _note(self, base: str = "無回答を含む") -> str:
        return f"{self.label} {self.respondent_label} {self.n_respondents}（{base}）"

    def plot_distribution(self, section: str) -> Any:
        """100% stacked bars of a section's answers, as published (n on each bar).

        Examples
        --------
        >>> fig = report.plot_distribution("I")
        >>> fig.axes[0].get_title(loc="left")
        'I 包括的支援体制の整備に向けた成果・進捗状況（%）'
        """
        from jusolib.plot import stacked_bars

        positive = sorted(
            {p for i in self.codebook.item_ids(section) for p in self.codebook.scale_of(i).positive}
        )
        frame = self.distribution(section).frame
        items = [i for i in self.codebook.item_ids(section) if i in set(self.data["item_id"])]
        frame = frame.set_axis([self.item_label(i) for i in items], axis=0)
        return stacked_bars(
            frame,
            title=f"{self.section_title(section)}（%）",
            positive=positive,
            synthetic=self.is_synthetic,
            note=self._note(),
            no_answer=self.codebook.no_answer_label,
        )

    def plot_share_by_class(self, section: str) -> Any:
        """Positive share of each item of a section by size class, against all respondents.

        Examples
        --------
        >>> report.plot_share_by_class("I").axes[0].get_title(loc="left")
        'I 肯定的回答の割合 — 人口規模別'
        """
        from jusolib.plot import share_by_class
        from jusolib.score import positive_share

        items = self.codebook.item_ids(section)
        by_class = positive_share(self.data, item=items, by=self.scheme, codebook=self.codebook)
        by_class = by_class.rename(columns={self.scheme: "class"})
        total = positive_share(self.data, item=items, codebook=self.codebook).assign(**{"class": "全体"})
        shares = pd.concat(
            [total, by_class.assign(**{"class": by_class["class"].astype(str)})], ignore_index=True
        )
        labels = {i: self.item_label(i) for i in items}
        return share_by_class(
            shares,
            labels=labels,
            title=f"{section} 肯定的回答の割合 — {self.classes.label}別",
            synthetic=self.is_synthetic,
            note=self.caption,
        )

    def plot_implementation(self) -> Any:
        """Municipalities implementing and in 移行準備事業 per fiscal year (reference data: real, not synthetic).

        Examples
        --------
        >>> report.plot_implementation().axes[0].get_ylabel()
        '自治体数'
        """
        from jusolib.plot import counts_by_year

        frame = self.implementation_counts().frame[["都内 実施", "都内 移行準備事業"]].astype(float)
        return counts_by_year(
            frame,
            title="都内の実施自治体数（令和7年度は予定のうち名前が公表されている数）",
            ylabel="自治体数",
            note="出典: 東京都社会福祉協議会の報告（参照データ）",
        )

    def plot_coordinators(self) -> Any:
        """都内の地域福祉コーディネーター (published context series).

        Examples
        --------
        >>> report.plot_coordinators().axes[0].get_ylabel()
        '人'
        """
        from jusolib.plot import counts_by_year

        return counts_by_year(
            self.coordinators().frame,
            title="都内の地域福祉コーディネーター",
            ylabel="人",
            note="出典: 東京都社会福祉協議会の報告（令和3年度→令和6年度 約1.4倍）",
        )

    def plot_year_over_year(self) -> Any:
        """Change of each comparable item's positive share since the previous year (``None`` without one).

        Examples
        --------
        >>> report.plot_year_over_year() is None
        True
        """
        from jusolib.plot import change_chart

        if self.comparison is None:
            return None
        labels = {i: self.codebook.item(i)["label"] for i in self.codebook.item_ids()}
        return change_chart(
            self.comparison,
            labels=labels,
            title=f"前年度との差 — {self.comparison.attrs['caption']}",
            synthetic=self.is_synthetic,
            note=f"{self.respondent_label}、無回答を除く",
        )

    # -- 自治体 and 社協 side by side (delegates to jusolib.paired) --------------------------------------------
    @functools.cached_property
    def all_responses(self) -> pd.DataFrame:
        """The tidy responses of every respondent type of the year (both 自治体 and 社協).

        Examples
        --------
        >>> sorted(report.all_responses["respondent_type"].unique())
        ['council', 'municipality']
        """
        return load_responses(self.fiscal_year, data_dir=self.data_dir)

    @functools.cached_property
    def _pair_counts(self) -> dict[str, Any]:
        from jusolib.paired import respondent_pair

        first, second = respondent_pair(self.codebook)
        codes = {
            key: set(self.all_responses.loc[self.all_responses["respondent_type"] == key, "muni_code"])
            for key in (first, second)
        }
        return {
            first: len(codes[first]),
            second: len(codes[second]),
            "both": len(codes[first] & codes[second]),
            "only": {
                key: sorted(self.names.get(c, c) for c in codes[key] - codes[other])
                for key, other in ((first, second), (second, first))
            },
        }

    @property
    def paired_available(self) -> bool:
        """True when both respondent types answered this year, so that their answers can be paired.

        Examples
        --------
        >>> report.paired_available
        True
        """
        return self._pair_counts["both"] > 0

    @functools.cached_property
    def paired_comparison(self) -> pd.DataFrame | None:
        """Per item, the two answers of the same municipalities compared (社協 − 自治体); ``None`` when one
        respondent type is missing. See :func:`jusolib.paired.compare_respondent_types`.

        Examples
        --------
        >>> row = report.paired_comparison.set_index("item_id").loc["out_hubs"]
        >>> int(row["n_both"]), int(row["n_pairs"] + row["n_excluded"])
        (23, 23)
        """
        from jusolib.paired import compare_respondent_types

        if not self.paired_available:
            return None
        return compare_respondent_types(self.all_responses, codebook=self.codebook)

    def paired_agreement(self, section: str) -> ReportTable | None:
        """How often 自治体 and 社協 of the same municipality gave the same answer (items of a section).

        Examples
        --------
        >>> report.paired_agreement("I").frame.columns[:3].tolist()
        ['両方が回答', '除外（無回答を含む組）', '比較した組']
        """
        from jusolib.paired import agreement_table

        if self.paired_comparison is None:
            return None
        return agreement_table(self.paired_comparison, section=section, codebook=self.codebook)

    def paired_difference(self, section: str) -> ReportTable | None:
        """Positive shares and scores of 自治体 and 社協 on the same pairs, the differences and exact tests.

        Examples
        --------
        >>> report.paired_difference("I").title
        'I 自治体と社協の差（社協 − 自治体）'
        """
        from jusolib.paired import difference_table

        if self.paired_comparison is None:
            return None
        return difference_table(self.paired_comparison, section=section, codebook=self.codebook)

    def paired_disagreements(self, top: int = 5) -> ReportTable | None:
        """The municipalities where 自治体 and 社協 disagree most (names shown), ``top`` of them and any ties.

        Examples
        --------
        >>> len(report.paired_disagreements(top=3).frame) >= 3
        True
        """
        from jusolib.paired import disagreement_table, disagreements

        if not self.paired_available:
            return None
        ranked = disagreements(self.all_responses, codebook=self.codebook, top=top)
        return disagreement_table(ranked, codebook=self.codebook, names=self.names, top=top)

    def paired_summary(self) -> str:
        """Markdown: who could be paired, pairs left out for 無回答, what the tests found — or why there is
        no comparison (one respondent type missing).

        Examples
        --------
        >>> print(report.paired_summary().splitlines()[0])
        - 回答: 自治体 23、社協 23。両方が回答した区市 23。
        """
        from jusolib.paired import summary

        counts = self._pair_counts
        return summary(self.paired_comparison, codebook=self.codebook, counts=counts, only_one=counts["only"])

    def plot_paired(self) -> Any:
        """The positive-share difference (社協 − 自治体) of every item with its 95% interval (``None`` when one
        respondent type is missing).

        Examples
        --------
        >>> report.plot_paired().axes[0].get_xlabel()
        '差（ポイント）と95%信頼区間'
        """
        from jusolib.paired import chart_frame, respondent_pair
        from jusolib.plot import change_chart

        if self.paired_comparison is None:
            return None
        first, second = (self.codebook.respondent_type_label(k) for k in respondent_pair(self.codebook))
        labels = {i: self.codebook.item(i)["label"] for i in self.codebook.item_ids()}
        return change_chart(
            chart_frame(self.paired_comparison, codebook=self.codebook),
            labels=labels,
            title=f"{first}と{second}の差（{second} − {first}）— {self.label}",
            synthetic=self.is_synthetic,
            note="同じ区市の2つの回答の組、無回答を含む組は除く",
        )

    # -- narrative (numbers in the text come from the data, never typed in) --------------------------------
    def survey_facts(self) -> str:
        """Markdown: the survey, its period and population, who answered out of whom expected.

        Examples
        --------
        >>> print(report.survey_facts().splitlines()[3])
        - 回答（自治体）: 23（参照データ上の実施自治体 23）
        """
        meta = self.codebook.meta
        expected = self.summary["respondents"][self.respondent_key]
        missing = expected["missing"]
        lines = [
            f"- 調査: {meta.get('survey', '')}（{self.label}）",
            f"- 調査期間: {str(meta.get('survey_period', '')).replace('/', ' 〜 ')}",
            f"- 対象: {meta.get('population', '')}",
            f"- 回答（{self.respondent_label}）: {expected['present']}（参照データ上の実施自治体 {expected['expected']}）"
            + (f"。未回答: {'、'.join(missing)}" if missing else ""),
            f"- データ: {self.data_status_label}",
        ]
        if self.codebook.is_demonstration:
            lines.append("- この年度のコードブックはデモンストレーション用（調査票は未公表）。")
        return "\n".join(lines)

    def section_summary(self, section: str) -> str:
        """Markdown: the highest and lowest positive share of a section, with counts and bases.

        Examples
        --------
        >>> report.section_summary("I").startswith("「あてはまる」の割合が最も高いのは「地域住民の参加を促す活動を行う者」")
        True
        """
        table = self.positive(section).frame
        top, bottom = table["割合"].idxmax(), table["割合"].idxmin()

        def part(label: str) -> str:
            row = table.loc[label]
            return f"「{label}」（{row['割合']:.1f}%、{int(row['件数'])}/{int(row['n'])}）"

        positive = table["肯定的回答"].iloc[0]
        return (
            f"「{positive}」の割合が最も高いのは{part(top)}、最も低いのは{part(bottom)}。"
            f"割合の基数は無回答を含む{self.respondent_label}{self.n_respondents}。"
        )

    def difference_summary(self, section: str) -> str:
        """Markdown: one sentence per item on the difference between size classes (Holm-adjusted).

        Examples
        --------
        >>> report.difference_summary("I").startswith("人口規模による差が統計的に有意")
        True
        """
        tests = self.class_tests(section)
        table = self.significance(section).frame
        significant = int((tests["fisher_p_holm"] < ALPHA).sum())
        head = (
            f"{self.classes.label}による差が統計的に有意（Holm補正後 p < {ALPHA}）な項目は{len(tests)}項目中"
            f"{significant}項目（無回答を除く）。最も小さい区分の回答数は{int(tests['min_class_n'].min())}と少なく、"
            "有意でないことは差がないことの証明にはならない。"
        )
        return head + "\n\n" + "\n".join(f"- {sentence}" for sentence in table["要約"])

    def no_answer_reasons(self) -> ReportTable:
        """Section III items with a 無回答 footnote: how many left it blank and how many gave the reason.

        Examples
        --------
        >>> report.no_answer_reasons().frame.index.tolist()
        ['※1', '※2', '※3']
        """
        items = self.codebook.items.dropna(subset=["footnote"])
        texts = self.free_text
        rows = []
        for item_id, item in items.iterrows():
            blank = self.data[
                (self.data["item_id"] == item_id)
                & (self.data["answer"].astype(str) == self.codebook.no_answer_label)
            ]
            reason = str(item["no_answer_reason"])
            said = texts[(texts["item_id"] == item_id) & texts["text"].str.contains(reason, regex=False)]
            rows.append(
                {
                    "注": item["footnote"],
                    "項目": item["label"],
                    "無回答": len(blank),
                    "うち理由の記載あり": int(blank["muni_code"].isin(said["muni_code"]).sum()),
                    "理由（コードブック）": item["no_answer_reason"],
                }
            )
        frame = pd.DataFrame(rows).set_index("注")
        notes = [
            *(f"{k} {v}" for k, v in self.codebook.footnotes.items()),
            "「うち理由の記載あり」: 具体的な内容にコードブックの理由の文言を含む無回答の数。",
        ]
        return ReportTable(
            "無回答の理由",
            "III 無回答の理由（※1〜※3）",
            frame,
            notes,
            integer_columns=["無回答", "うち理由の記載あり"],
        )

    # -- checks --------------------------------------------------------------------------------------------
    def published_check(self) -> ReportTable | None:
        """Every published figure of the year beside the recomputed one (``None`` if nothing was published).

        Examples
        --------
        >>> set(report.published_check().frame["判定"])
        {'一致'}
        """
        from jusolib.published import check_published

        check = check_published(self.fiscal_year, self.data_dir)
        if check.empty:
            return None
        frame = check.assign(判定=check["passed"].map({True: "一致", False: "不一致"}))
        frame = frame[
            [
                "description",
                "published_text",
                "recomputed",
                "accepted",
                "判定",
                "location",
                "note",
                "figure_id",
            ]
        ]
        frame.columns = [
            "図表の数値",
            "公表値（報告の記載）",
            "再計算値",
            "許容範囲",
            "判定",
            "報告の箇所",
            "読み方",
            "識別子",
        ]
        frame = frame.set_index("図表の数値")
        notes = [
            "再計算値は data/raw の回答ファイルから jusolib の公開 API（クリーニング→集計）で計算した値。"
            "件数と四捨五入後の割合は完全一致、「約9割」「3割」は記載の範囲で判定。"
        ]
        if self.is_synthetic:
            notes.append(
                "回答データは公表値に合わせて再構成した合成データ（synthetic）。一致は再構成とパイプラインの検証であり、"
                "実際の回答の検証ではない。"
            )
        notes.append("識別子: data/raw/published の figure_id（検証の追跡用）。")
        return ReportTable("公表値の検証", "公表値と再計算値", frame, notes)

    # -- data quality --------------------------------------------------------------------------------------
    def quality_files(self) -> ReportTable:
        """Files read and their row accounting: rows read = rows clean + rows rejected.

        Examples
        --------
        >>> total = report.quality_files().frame.loc["合計"]  # 46 respondents + 3 note or blank rows
        >>> [int(total[c]) for c in ("読み込んだ行", "使用した行", "除外した行")]
        [49, 46, 3]
        """
        frame = pd.DataFrame(self.summary["files"]).set_index("file")
        frame = frame.rename(
            columns={
                "rows_read": "読み込んだ行",
                "rows_clean": "使用した行",
                "rows_rejected": "除外した行",
                "encoding": "文字コード",
            }
        )
        frame["文字コード"] = frame["文字コード"].fillna("xlsx")
        total = self.summary["totals"]
        frame.loc["合計"] = [
            int(total["rows_read"]),
            int(total["rows_clean"]),
            int(total["rows_rejected"]),
            "",
        ]
        frame.index.name = "ファイル"
        ok = total["rows_read"] == total["rows_clean"] + total["rows_rejected"]
        notes = [
            f"行の収支: 読み込み {total['rows_read']} ＝ 使用 {total['rows_clean']} ＋ 除外 {total['rows_rejected']}"
            f"（{'一致' if ok else '不一致'}）。全ての回答主体を含む。"
        ]
        return ReportTable(
            "品質_ファイル",
            "読み込んだファイルと行の収支",
            frame,
            notes,
            integer_columns=["読み込んだ行", "使用した行", "除外した行"],
        )

    def quality_rules(self) -> ReportTable:
        """Every cleaning rule applied, with how many values it changed (named in Japanese; the log's own name
        beside it).

        Examples
        --------
        >>> report.quality_rules().frame.loc["選択肢の番号から回答へ", "ログ上の名前"]
        'option code'
        """
        from jusolib.texts import rule_label

        rules = self.summary["cleaning_rules"]
        frame = pd.DataFrame(
            {"件数": [int(v) for v in rules.values()], "ログ上の名前": list(rules)},
            index=pd.Index([rule_label(r) for r in rules], name="クリーニング規則"),
        )
        notes = [
            "変更した値はすべて data/processed/FYxxxx/cleaning_log.csv に、ファイル・行・列・元の値・変更後の値とともに記録"
            "（規則は「ログ上の名前」で記録）。"
        ]
        return ReportTable(
            "品質_規則",
            "適用したクリーニング規則",
            frame,
            notes,
            integer_columns=["件数"],
            empty_message="クリーニングで変更した値はありません。",
        )

    def quality_rejections(self) -> ReportTable:
        """Every raw row that was not used, with the reason.

        Examples
        --------
        >>> report.quality_rejections().frame.index.names
        FrozenList(['ファイル', '行'])
        """
        from jusolib.pipeline import load_rejection_log
        from jusolib.texts import reason_label

        log = load_rejection_log(self.fiscal_year, self.data_dir)
        if self.redact:
            from jusolib.privacy import redact_frame

            log = redact_frame(log, ["raw_value"])
        frame = pd.DataFrame(
            {
                "ファイル": log["file"].to_numpy(),
                "行": log["row"].to_numpy(),
                "列": log["column"].fillna("").to_numpy(),
                "値": log["raw_value"].fillna("").to_numpy(),
                "理由": [reason_label(str(r)) for r in log["reason"]],
            }
        ).set_index(["ファイル", "行"])
        return ReportTable(
            "品質_除外",
            f"除外した行（{len(log)}）",
            frame,
            ["除外した行は data/processed/FYxxxx/rejection_log.csv にも、詳しい理由（英語）とともに記録。"],
            fold=len(log) > FOLD_ROWS,
            empty_message="除外した行はありません。",
        )

    def quality_respondents(self) -> ReportTable:
        """Respondents expected (reference data) against present, per respondent type, with who is missing.

        Examples
        --------
        >>> report.quality_respondents().frame["回答"].tolist()
        [23, 23]
        """
        rows = {}
        for info in self.summary["respondents"].values():
            rows[info["label"]] = {
                "想定（参照データ）": int(info["expected"]),
                "回答": int(info["present"]),
                "未回答": "、".join(info["missing"]) or "なし",
                "参照データにない回答者": "、".join(info["not_in_reference"]) or "なし",
            }
        frame = pd.DataFrame.from_dict(rows, orient="index")
        frame.index.name = "回答主体"
        notes = ["想定: 参照データ implementation_status.csv でその年度に実施（予定）とされる区市。"]
        return ReportTable(
            "品質_回答者",
            "想定した回答者と実際の回答者",
            frame,
            notes,
            integer_columns=["想定（参照データ）", "回答"],
        )

    def quality_warnings(self) -> ReportTable:
        """Warnings of the build (unknown columns, ignored files, missing respondents …).

        Examples
        --------
        >>> report.quality_warnings().title
        '警告（0）'
        """
        from jusolib.texts import warning_label, warning_message

        warnings = self.summary["warnings"]
        respondents = {info["label"]: info for info in self.summary["respondents"].values()}
        rows = []
        for warning in warnings:
            values = {"value": warning.get("value") or ""}
            label = next((k for k in respondents if f"{k} respondents" in warning["message"]), None)
            if label is not None:
                info = respondents[label]
                names = (
                    info["missing"] if warning["kind"] == "missing_respondents" else info["not_in_reference"]
                )
                values |= {**info, "names": "、".join(names)}
            rows.append(
                {
                    "種類": warning_label(warning["kind"]),
                    "対象": warning["file"],
                    "内容": warning_message(warning["kind"], **values),
                }
            )
        frame = pd.DataFrame(rows, columns=["種類", "対象", "内容"])
        return ReportTable(
            "品質_警告",
            f"警告（{len(warnings)}）",
            frame,
            ["警告はビルドを止めないが、確認が必要。英語の原文は data/processed/FYxxxx/build.json にある。"],
            empty_message="警告はありません。",
        )

    def quality_personal_data(self) -> ReportTable:
        """Likely personal data found by the build: file, row, column, item, kind and the span (masked with
        ``redact``).

        Examples
        --------
        >>> report.quality_personal_data().title
        '個人情報の可能性がある記述（0）'
        """
        from jusolib.privacy import mask

        hits = self.summary.get("personal_data", {}).get("hits", [])
        labels = self.codebook.items["label"]
        frame = pd.DataFrame(
            {
                "ファイル": [h["file"] for h in hits],
                "行": [int(h["row"]) for h in hits],
                "列": [h["column"] or "" for h in hits],
                "項目": [labels.get(h["item_id"], "") if h["item_id"] else "（除外した行）" for h in hits],
                "種類": [h["label"] for h in hits],
                "該当箇所": [mask(h["kind"]) if self.redact else h["span"] for h in hits],
            }
        )
        notes = [
            "自由記述と除外した行の値から、電話番号、メールアドレス、郵便番号、敬称（様・さん・氏）の前の氏名、"
            "生年月日らしい記述を機械的に抽出（jusolib.privacy）。抽出は目安で、漏れも誤りもありうる。",
            "伏せ字にしたレポートは jusolib render --redact で作成できる（data/processed のデータはそのまま）。",
        ]
        if self.redact:
            notes.append("このレポートは伏せ字で作成（該当箇所は種類のみ表示）。")
        return ReportTable(
            "品質_個人情報",
            f"個人情報の可能性がある記述（{len(hits)}）",
            frame,
            notes,
            integer_columns=["行"],
            empty_message="個人情報の可能性がある記述は見つかりませんでした。",
        )

    def quality_status(self) -> str:
        """The data-quality page's status on the year index: warnings and rows left out, counted.

        Examples
        --------
        >>> report.quality_status()  # FY2024: the 自治体 sheet's blank and note rows are left out
        '警告なし・除外した行 3'
        """
        warnings = len(self.summary["warnings"])
        rejected = self.summary["totals"]["rows_rejected"]
        parts = [
            f"警告 {warnings}件" if warnings else "警告なし",
            f"除外した行 {rejected}" if rejected else "除外なし",
        ]
        hits = len(self.summary.get("personal_data", {}).get("hits", []))
        if hits:
            parts.append(f"個人情報の可能性 {hits}件")
        return "・".join(parts)

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
        from jusolib.provenance import provenance

        record = provenance(self.fiscal_year, self.parameters(), self.data_dir)
        if self.theme_book is not None:  # the coding rules shape the theme tables: name them and the analyser
            from jusolib.atomic import sha256_file
            from jusolib.morphology import analyser_description
            from jusolib.paths import data_paths

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
        from jusolib.excel import write_workbook

        write_workbook(self.tables(), path, self.provenance())

    def write_slides(self, path: Path) -> None:
        """Write the year's results as an editable PowerPoint deck (see :mod:`jusolib.slides`).

        Examples
        --------
        >>> import tempfile
        >>> report.write_slides(Path(tempfile.mkdtemp()) / "slides.pptx")  # doctest: +SKIP
        """
        from jusolib.slides import write_slides

        write_slides(self, path)
