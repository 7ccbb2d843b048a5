"""The data of one fiscal year as a report reads it: frozen once loaded, and the one cache of its tables.

:class:`YearData` holds what :meth:`YearData.load` read — the clean answers of one respondent type classified by
one size scheme, the codebook, the build summary — and the facts every page states (label, respondents, data
status, caption). It never changes: the analysis functions (:mod:`jusolib.analysis.section_tables`,
:mod:`~jusolib.analysis.overview`, :mod:`~jusolib.analysis.pairs` …) take it as their first argument and keep
what they compute in its one cache (:func:`jusolib.analysis.cache.cached`), handing out copies.
:class:`jusolib.report.YearReport` is this object with those functions as methods; the writers (pages,
workbook, slides) read it and the analysis functions, never the facade.

Examples
--------
>>> year = YearData.load(2024, respondent_type="自治体")
>>> year
YearData(令和6年度 (2024), 自治体 23, 人口規模, 合成データ)
>>> year.n_respondents, year.is_synthetic, year.respondent_key
(23, True, 'municipality')
>>> year.fiscal_year = 2025  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
dataclasses.FrozenInstanceError: cannot assign to field 'fiscal_year'
"""

from __future__ import annotations

import dataclasses
import functools
from dataclasses import dataclass, field
from typing import Any, Self

import pandas as pd

from jusolib.analysis.cache import cached
from jusolib.clean.pipeline import load_build_summary, load_free_text, load_responses
from jusolib.core.errors import ParameterError
from jusolib.core.fiscal import FiscalYearLike, fiscal_year_label
from jusolib.core.paths import DataDir, data_paths
from jusolib.core.status import DataStatus
from jusolib.survey.codebook import Codebook, load_codebook
from jusolib.survey.reference import load_municipalities
from jusolib.survey.schemes import SizeClasses, add_size_class, size_classes
from jusolib.survey.vocabulary import Vocabulary, size_scheme_key


@dataclass(frozen=True, eq=False, repr=False)
class YearData:
    """One fiscal year for one respondent type, classified by one size scheme (see the module docstring).

    ``respondent_type`` reads 自治体 or 社協; the key (``municipality``/``council``) is ``respondent_key``.
    Build it with :meth:`load`.
    """

    fiscal_year: int
    respondent_key: str
    scheme: str
    data_dir: DataDir
    codebook: Codebook
    data: pd.DataFrame
    classes: SizeClasses
    summary: dict[str, Any]
    scheme_options: dict[str, Any]
    redact: bool = False
    #: Keep the classes of the scheme that no respondent falls in (町村 n=0) in tables and legends.
    empty_classes: bool = False
    #: Name the municipalities in rankings of results (the pages and workbook leave them out by default, as the
    #: published report does; an analyst's own call of :func:`jusolib.analysis.pairs.paired_disagreements` shows
    #: them).
    names_in_rankings: bool = False
    #: What the analysis functions computed (:func:`jusolib.analysis.cache.cached`), by function and arguments.
    store: dict[tuple[Any, ...], Any] = field(default_factory=dict, repr=False)

    def __repr__(self) -> str:
        status = "合成データ" if self.is_synthetic else self.data_status_label
        return (
            f"{type(self).__name__}({self.label}, {self.respondent_type} {self.n_respondents}, {self.classes.label}, "
            f"{status})"
        )

    @classmethod
    def load(
        cls,
        fiscal_year: FiscalYearLike,
        respondent_type: str = "自治体",
        size_scheme: str = "population_band",
        data_dir: DataDir = None,
        *,
        redact: bool = False,
        empty_classes: bool = False,
        names_in_rankings: bool = False,
        **scheme_options: Any,
    ) -> Self:
        """Load a fiscal year (building the processed data first if needed).

        Parameters
        ----------
        fiscal_year
            2024, "R6", "令和6年度" …; a year with no returns is refused, naming the years that have them.
        respondent_type
            自治体 / 社協 (or municipality / council, or an alias of the codebook: 社会福祉協議会).
        size_scheme
            population_band (default), municipality_type, city_size or cohort — or the Japanese name: 人口規模,
            団体種別, 都市規模, 実施開始年度 (:func:`jusolib.survey.vocabulary.size_scheme_key`).
        data_dir
            A data folder holding ``raw/`` (and ``processed/``); ``None`` for ``$JUSOLIB_DATA_DIR`` or the
            shipped data (:func:`~jusolib.core.paths.data_paths`).
        redact
            Mask likely personal data (:mod:`jusolib.clean.privacy`) in every text this report shows: free text,
            rejected values, the hits themselves. ``data/processed`` is never changed.
        empty_classes
            Keep the scheme's classes that no respondent falls in (e.g. 町村 under 団体種別: no 町村 implements
            the project in 2024) as rows of n=0 in tables and entries in chart legends. By default they are left
            out; the scheme's caption still names every class.
        names_in_rankings
            Name the municipalities in the rankings of results that the pages and the workbook show (the
            自治体・社協 disagreements). Off by default: the published report names no municipality in its results.
        scheme_options
            Passed to the scheme, e.g. ``edges=[100_000, 300_000, 500_000]``.

        Returns
        -------
        YearData
            The year's tidy answers of that respondent type with the size class column added, its codebook,
            classes and build summary, and an empty cache.

        Raises
        ------
        ParameterError
            When the fiscal year has no returns, or none of that respondent type (naming the types it has).

        Examples
        --------
        >>> YearData.load("R6", respondent_type="社協", size_scheme="municipality_type")
        YearData(令和6年度 (2024), 社協 23, 団体種別, 合成データ)
        """
        year = data_paths(data_dir).require_fiscal_year(fiscal_year)
        size_scheme = size_scheme_key(size_scheme)
        codebook = load_codebook(year, data_dir)
        key = Vocabulary(codebook).respondent_type(respondent_type)
        data = load_responses(year, respondent_type=key, data_dir=data_dir)
        if data.empty:
            answered = sorted(set(load_responses(year, data_dir=data_dir)["respondent_type"]))
            hint = (
                f"; the returns hold {'、'.join(codebook.respondent_type_label(k) for k in answered)} only: "
                f"choose respondent_type={codebook.respondent_type_label(answered[0])!r} "
                f"(jusolib render --respondent-type {codebook.respondent_type_label(answered[0])})"
                if answered
                else ""
            )
            raise ParameterError(
                f"no {codebook.respondent_type_label(key)} respondents in {fiscal_year_label(year)}{hint}"
            )
        classes = size_classes(data["muni_code"], size_scheme, data_dir=data_dir, **scheme_options)
        data = add_size_class(data, size_scheme, data_dir=data_dir, **scheme_options)
        if not empty_classes:
            classes, data = _without_empty_classes(classes, data)
        summary = load_build_summary(year, data_dir)
        return cls(
            year,
            key,
            size_scheme,
            data_dir,
            codebook,
            data,
            classes,
            summary,
            dict(scheme_options),
            redact,
            empty_classes,
            names_in_rankings,
        )

    @functools.cached_property
    def vocabulary(self) -> Vocabulary:
        """The year's names for sections, items, answers and respondent types (:mod:`jusolib.survey.vocabulary`).

        Examples
        --------
        >>> report.vocabulary.item("I-2"), report.vocabulary.section("ii")
        ('out_hubs', 'II')
        """
        return Vocabulary(self.codebook)

    def inputs_stamp(self) -> tuple[int, int] | None:
        """When and how large the year's coding rules file is (``None`` without one): the one cache
        (:func:`jusolib.analysis.cache.cached`) starts afresh when it changes, so an edited rule counts at once.

        Returns
        -------
        tuple or None
            The file's modification time (ns) and size, or ``None`` when the year has no rules file.

        Examples
        --------
        >>> stamp = report.inputs_stamp()
        >>> stamp is not None and stamp[1] > 0
        True
        """
        from jusolib.core.fiscal import folder_name

        path = data_paths(self.data_dir).codebook_dir / f"{folder_name(self.fiscal_year)}.themes.yaml"
        try:
            stat = path.stat()
        except OSError:
            return None
        return stat.st_mtime_ns, stat.st_size

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
        return self.data_status.is_synthetic

    @property
    def data_status(self) -> DataStatus:
        """Where the data came from (:class:`~jusolib.core.status.DataStatus`), as the year's MANIFEST says.

        Examples
        --------
        >>> report.data_status
        <DataStatus.SYNTHETIC: 'synthetic'>
        """
        return DataStatus.of(self.summary["data_status"])

    @property
    def data_status_label(self) -> str:
        """Where the data came from, in Japanese (合成データ / 実データ / 出所未記載).

        Examples
        --------
        >>> report.data_status_label.startswith("合成データ")
        True
        """
        return self.data_status.label

    @property
    def banner(self) -> str | None:
        """The synthetic-data warning shown at the top of every page, or ``None`` for real data.

        Examples
        --------
        >>> report.banner.startswith("合成データ: ")
        True
        """
        return self.data_status.banner

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
    def name_heading(self) -> str:
        """What heads a column of municipality names in this report's tables: 自治体, or 区市町村 when the
        respondents are not the municipalities themselves (a 社協 report names the municipality it serves).

        Examples
        --------
        >>> report.name_heading
        '自治体'
        """
        return self.respondent_type if self.respondent_key == "municipality" else "区市町村"

    @property
    def caption(self) -> str:
        """The caption every table by size carries: scheme, population series and date, classes.

        Examples
        --------
        >>> report.caption.startswith("人口規模")
        True
        """
        return self.classes.caption

    @property
    def names(self) -> pd.Series:
        """Municipality names by 6-digit code (reference data).

        Examples
        --------
        >>> report.names["131121"]
        '世田谷区'
        """
        return _names(self)

    @property
    def free_text(self) -> pd.DataFrame:
        """Every free-text answer (「具体的な内容」) of this respondent type, tidy: muni_code, item_id, text.

        With ``redact``, likely personal data is masked.

        Examples
        --------
        >>> list(report.free_text.columns)[:5]
        ['fiscal_year', 'respondent_type', 'muni_code', 'item_id', 'text']
        """
        return _free_text(self)

    def sections(self) -> list[str]:
        """The sections of the questionnaire in order.

        Returns
        -------
        list of str
            The section keys in the codebook's order (``"I"``, ``"II"``, ``"III"``).

        Examples
        --------
        >>> report.sections()
        ['I', 'II', 'III']
        """
        return list(self.codebook.sections.index)

    def section_title(self, section: str) -> str:
        """A section's key and title, as headings write it.

        Parameters
        ----------
        section
            A section by its key or any name :meth:`jusolib.survey.vocabulary.Vocabulary.section` reads (``"ii"``).

        Returns
        -------
        str
            The key and the codebook's title, separated by a space.

        Examples
        --------
        >>> report.section_title("II")
        'II 重層事業の実施を通じて感じる変化'
        """
        section = self.vocabulary.section(section)
        return f"{section} {self.codebook.sections.at[section, 'title']}"

    def item_id(self, item: str) -> str:
        """The item id of an id, a question number (any width), the 「I-2」 form or the label of an item.

        Parameters
        ----------
        item
            An item id (``"out_hubs"``), question number (問1-2, in any width), short form (I-2) or label.

        Returns
        -------
        str
            The item's stable id.

        Examples
        --------
        >>> report.item_id("問1-2"), report.item_id("I-2")
        ('out_hubs', 'out_hubs')
        """
        return self.vocabulary.item(item)

    def item_label(self, item_id: str) -> str:
        """An item's label with its footnote mark (※1〜※3) when the codebook gives one, as charts show it.

        Parameters
        ----------
        item_id
            An item's stable id in the codebook (``"out_hubs"``).

        Returns
        -------
        str
            The codebook's label, followed by a space and the footnote mark when the item has one.

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

    def parameters(self) -> dict[str, Any]:
        """The parameters the report was made with, as the provenance footer lists them.

        Returns
        -------
        dict
            ``fiscal_year``, ``respondent_type`` (its label), ``size_scheme`` (the key), the scheme's options,
            ``size_caption`` and ``redact``; ``empty_classes`` only when it is on.

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
            **({"empty_classes": True} if self.empty_classes else {}),
            **({"names_in_rankings": True} if self.names_in_rankings else {}),
        }


def _without_empty_classes(classes: SizeClasses, data: pd.DataFrame) -> tuple[SizeClasses, pd.DataFrame]:
    """The classes and the data without the scheme's classes that no respondent falls in (their order kept;
    ``order``, which a trend test scores by position, unchanged).

    Examples
    --------
    >>> from jusolib.survey.schemes import add_size_class, size_classes
    >>> data = add_size_class(pd.DataFrame({"muni_code": ["131016", "132012"]}), "municipality_type")
    >>> classes = size_classes(data["muni_code"], "municipality_type")
    >>> kept, data = _without_empty_classes(classes, data)
    >>> list(kept.classes.cat.categories), list(data["municipality_type"].cat.categories)
    (['特別区', '市'], ['特別区', '市'])
    """
    present = classes.classes.cat.remove_unused_categories()
    column = data[classes.scheme].cat.set_categories(list(present.cat.categories), ordered=True)
    return dataclasses.replace(classes, classes=present), data.assign(**{classes.scheme: column})


@cached
def _names(year: YearData) -> pd.Series:
    return load_municipalities(year.data_dir).set_index("code6")["name"]


@cached
def _free_text(year: YearData) -> pd.DataFrame:
    texts = load_free_text(year.fiscal_year, respondent_type=year.respondent_key, data_dir=year.data_dir)
    if year.redact:
        from jusolib.clean.privacy import redact_frame

        texts = redact_frame(texts, ["text"])
    return texts
