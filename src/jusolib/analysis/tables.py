"""Report tables laid out as a Japanese survey report prints them: 表側 items or classes, 表頭 answers.

Each builder returns a :class:`ReportTable`: a numeric DataFrame (percentages already rounded half up to one
decimal, so that the Excel workbook and the HTML page show the same numbers) with a title, the base it uses
and notes. :meth:`ReportTable.formatted` gives the display version (「−」 for none, 「0.0」 below the display unit,
n=…, 参考値 marks).

Examples
--------
>>> data = pd.DataFrame({"fiscal_year": 2024, "respondent_type": "municipality", "muni_code": ["1", "2", "3"],
...                      "item_id": "out_hubs", "answer": ["あてはまる", "あてはまる", "無回答"]})
>>> table = distribution_table(data, section="I", base="all")
>>> table.frame.loc["地域住民等が相互に交流を図ることのできる拠点"].tolist()
[3.0, 66.7, 0.0, 0.0, 33.3]
>>> table.formatted().loc["地域住民等が相互に交流を図ることのできる拠点"].tolist()
['n=3', '66.7', '−', '−', '33.3']
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from jusolib.analysis.sentences import describe_difference
from jusolib.core.formatting import (
    NONE_MARK,
    SMALL_BASE,
    SMALL_BASE_MARK,
    format_n,
    format_number,
    format_p,
    format_share,
)
from jusolib.core.wording import methods_note
from jusolib.stats.crosstab import TOTAL, compare_classes, crosstab
from jusolib.stats.score import (
    BASES,
    answer_distribution,
    codebook_for,
    item_scores,
    positive_share,
    section_indices,
)
from jusolib.survey.codebook import Codebook

N = "n"
#: Tables longer than this are folded on the page (the workbook always has every row).
FOLD_ROWS = 20


#: Kinds of columns a report table can hold; each has one display rule and one Excel number format.
COLUMN_KINDS = ("percent", "count", "integer", "p", "statistic", "interval", "number", "formatted", "text")
#: Text that is a number already written for display (「0.889」, 「<0.001」, 「+3.2ポイント」, 「−」): aligned as a number.
_FORMATTED_NUMBER = re.compile(r"^(?:[<>≤≥]?[+\-−±]?\d[\d,]*(?:\.\d+)?(?:%|ポイント)?|−|)$")
_P_NAME = re.compile(r"(^|[\s（(・])p値?($|[\s（(）)])|p値")
_INTERVAL_NAME = re.compile(r"信頼区間|区間")

_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")


def sheet_name(key: str) -> str:
    """A valid Excel sheet name (≤ 31 characters, none of ``[]:*?/\\``).

    Examples
    --------
    >>> sheet_name("I/II: 分布?")
    'I_II_ 分布_'
    """
    return _BAD_SHEET_CHARS.sub("_", key)[:31]


@dataclass
class ReportTable:
    """A table as reported: the numbers, a title, and the notes every table must carry (base, source).

    The page (:meth:`to_html`) and the workbook (:mod:`jusolib.outputs.workbook`) both lay the table out from what it holds,
    so a new table looks right without code of its own. What they need to know:

    Column kinds (:meth:`column_kind`)
        ``percent_columns`` (shares, one decimal, 「−」 for none), ``count_columns`` (bases n),
        ``integer_columns`` (other whole numbers, thousands separated), ``p_columns`` (p-values through
        :func:`jusolib.core.formatting.format_p`: three decimals, 「<0.001」), ``statistic_columns`` (test statistics and
        effect sizes, three decimals), ``interval_columns`` (interval bounds in percent, one decimal). A column
        not listed is inferred: a name with 「p」 or 「p値」 as a word is a p-value, one with 「信頼区間」 an
        interval, whole numbers are integers, other numbers keep the fewest decimals (≤ 3) that show every value
        exactly; text that is all numbers already written for display (「0.889」, 「<0.001」) is shown as written
        but aligned as a number (``formatted``); anything else is text.
    Rows
        The index is the stub (表側): a named index or a MultiIndex shows as the first columns, with a repeated
        outer label shown once (items as row groups); an unnamed 0-based index is never shown.
        ``reference_rows`` flags rows whose base is under 10 (参考値; marked in each cell); left ``None``, rows
        whose label carries 「参考値」 are flagged.
    Layout
        ``group`` names a column whose values split the table into groups, each in its own folded block when
        ``fold`` is true (free text: one block per item). ``fold`` without ``group`` folds the whole table.
        ``workbook_only`` columns are left out of the page (e.g. a sentence per row that the page prints as
        narrative); ``quiet_columns`` (identifiers kept for traceability) are shown small and grey on screen and
        left out of the printed page. An empty table is replaced by ``empty_message`` on the page.
    """

    key: str
    title: str
    frame: pd.DataFrame
    notes: list[str] = field(default_factory=list)
    percent_columns: list[str] = field(default_factory=list)
    count_columns: list[str] = field(default_factory=list)
    integer_columns: list[str] = field(default_factory=list)
    p_columns: list[str] = field(default_factory=list)
    statistic_columns: list[str] = field(default_factory=list)
    interval_columns: list[str] = field(default_factory=list)
    reference_rows: list[bool] | None = None
    group: str | None = None
    fold: bool = False
    workbook_only: list[str] = field(default_factory=list)
    quiet_columns: list[str] = field(default_factory=list)
    empty_message: str = "該当する行はありません。"
    #: Where a reader finds every row of a folded table (the printed page says so); default: the table's sheet
    #: of tables.xlsx.
    full_list_at: str | None = None

    def column_kind(self, column: object) -> str:
        """The kind of a column (one of :data:`COLUMN_KINDS`), as declared or inferred (see the class docstring).

        Examples
        --------
        >>> t = ReportTable("k", "t", pd.DataFrame({"p値（Holm補正）": [0.5], "H": [0.91], "件数": [3.0],
        ...                                       "平均": [62.5], "95%信頼区間 下限": [40.1], "自治体": ["a"],
        ...                                       "McNemar p": ["<0.001"]}))
        >>> [t.column_kind(c) for c in t.frame.columns]
        ['p', 'number', 'integer', 'number', 'interval', 'text', 'formatted']
        """
        declared = (
            ("percent", self.percent_columns),
            ("count", self.count_columns),
            ("integer", self.integer_columns),
            ("p", self.p_columns),
            ("statistic", self.statistic_columns),
            ("interval", self.interval_columns),
        )
        for kind, columns in declared:
            if column in columns:
                return kind
        name = str(column)
        values = self.frame[column]
        if not pd.api.types.is_numeric_dtype(values) or pd.api.types.is_bool_dtype(values):
            present = [str(v) for v in values.dropna()]
            if present and any(present) and all(_FORMATTED_NUMBER.match(v) for v in present):
                return "formatted"
            return "text"
        if _P_NAME.search(name):
            return "p"
        if _INTERVAL_NAME.search(name):
            return "interval"
        present = values.dropna().astype(float)
        if len(present) and (present == present.round()).all():
            return "integer"
        return "number"

    def decimals(self, column: object) -> int:
        """Decimals a numeric column is shown with (fixed for the whole column).

        Examples
        --------
        >>> t = ReportTable("k", "t", pd.DataFrame({"a": [0.5, 0.25], "b": [1 / 3, 1.0], "c": [2.0, 3.0]}))
        >>> t.decimals("a"), t.decimals("b"), t.decimals("c")
        (2, 3, 0)
        """
        kind = self.column_kind(column)
        fixed = {
            "percent": 1,
            "interval": 1,
            "p": 3,
            "statistic": 3,
            "count": 0,
            "integer": 0,
            "formatted": 0,
            "text": 0,
        }
        if kind in fixed:
            return fixed[kind]
        present = self.frame[column].dropna().astype(float)
        for digits in range(4):
            if (present.round(digits) == present).all():
                return digits
        return 3

    def reference_mask(self) -> list[bool]:
        """Which rows are 参考値 (declared in ``reference_rows``, or labelled 「参考値」)."""
        if self.reference_rows is not None:
            return list(self.reference_rows)
        return [
            SMALL_BASE_MARK in " ".join(map(str, k if isinstance(k, tuple) else (k,)))
            for k in self.frame.index
        ]

    def shows_index(self) -> bool:
        """False for an unnamed default index (0, 1, 2 …), which is never shown."""
        index = self.frame.index
        return not (isinstance(index, pd.RangeIndex) and index.name is None)

    @property
    def sheet(self) -> str:
        """The name of the table's sheet in the workbook (:func:`sheet_name` of its key)."""
        return sheet_name(self.key)

    def part(self, positions: Sequence[int] | np.ndarray) -> ReportTable:
        """The rows at ``positions`` (a group of the table), without its group column or index level.

        Examples
        --------
        >>> t = ReportTable("k", "t", pd.DataFrame({"項目": ["a", "a", "b"], "n": [1, 2, 3]}), group="項目")
        >>> t.part([0, 1]).frame["n"].tolist(), t.part([0, 1]).group
        ([1, 2], None)
        """
        frame = self.frame.iloc[list(positions)]
        if self.group in frame.columns:
            frame = frame.drop(columns=[self.group])
        elif frame.index.nlevels > 1:
            frame = frame.droplevel(self.group)
        else:
            frame = frame.reset_index(drop=True)
        mask = self.reference_mask()
        reference = [mask[i] for i in positions]
        return dataclasses.replace(self, frame=frame, reference_rows=reference, group=None)

    def to_html(self) -> str:
        """The table as designed for the page: title, stub, aligned numbers, 参考値 marks, notes under it.

        Every text is escaped (free text can hold markup). Built with pandas' Styler (see :mod:`jusolib.analysis.table_html`).
        """
        from jusolib.analysis.table_html import table_html

        return table_html(self)

    def _repr_html_(self) -> str:
        return self.to_html()

    def __repr__(self) -> str:
        """Short: key, title and shape (the numbers are in :attr:`frame`, the display in :meth:`formatted`).

        Examples
        --------
        >>> ReportTable("k", "題", pd.DataFrame({"n": [1, 2]}))
        ReportTable('k', '題', 2 rows × 1 column)
        """
        rows, columns = self.frame.shape
        return (
            f"ReportTable({self.key!r}, {self.title!r}, {rows} row{'s' * (rows != 1)} × "
            f"{columns} column{'s' * (columns != 1)})"
        )

    def formatted(self) -> pd.DataFrame:
        """Display strings: percentages with 「−」 for zero counts, n as 「n=23」, p through ``format_p``,
        other numbers with the column's fixed decimals; text as it is."""
        out = self.frame.copy().astype(object)
        for column in self.frame.columns:
            kind = self.column_kind(column)
            if kind in ("text", "formatted"):
                continue
            digits = self.decimals(column)
            out[column] = [_display(v, kind, digits) for v in self.frame[column]]
        return out


def _display(value: Any, kind: str, decimals: int) -> object:
    if _missing(value):
        return NONE_MARK
    if kind == "percent":
        return _percent_cell(value)
    if kind == "count":
        return format_n(value)
    if kind == "integer":
        return f"{int(value):,}"
    if kind == "p":
        return format_p(float(value))
    if kind == "interval":
        return format_share(float(value))
    return format_number(float(value), decimals)


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _percent_cell(value: Any) -> str:
    if _missing(value):
        return NONE_MARK
    return NONE_MARK if float(value) == 0 else format_share(float(value))


def _small_base_note(classes: object) -> list[str]:
    """The 参考値 note, when a class of the table is marked 参考値 (a note only where it applies).

    Examples
    --------
    >>> _small_base_note(["全体", "小 ※参考値"]), _small_base_note(["全体", "大"])
    (['※参考値: 基数が10未満の区分。割合は参考として示す。'], [])
    """
    marked = any(SMALL_BASE_MARK in str(c) for c in classes)  # type: ignore[attr-defined]
    return [f"※{SMALL_BASE_MARK}: 基数が{SMALL_BASE}未満の区分。割合は参考として示す。"] if marked else []


def _base_note(base: str) -> str:
    return f"割合の基数: {BASES[base]}。小数第2位を四捨五入しているため、合計が100.0にならないことがある。"


def distribution_table(
    data: pd.DataFrame, *, section: str, base: str = "all", codebook: Codebook | None = None
) -> ReportTable:
    """Answer distribution of every item of a section: 表側 items, 表頭 n and answers (%)."""
    codebook = codebook_for(data, codebook)
    items = [i for i in codebook.item_ids(section) if i in set(data["item_id"])]
    dist = answer_distribution(data, item=items, codebook=codebook)
    pct = "pct_all" if base == "all" else "pct_valid"
    n_column = "n_all" if base == "all" else "n_valid"
    answers = [a for a in codebook.answer_categories if a in set(dist["answer"].astype(str))]
    if base == "valid":
        answers = [a for a in answers if a != codebook.no_answer_label]
        dist = dist[dist["answer"].astype(str) != codebook.no_answer_label]
    wide = dist.pivot_table(
        index="item_id", columns="answer", values=pct, observed=True, sort=False, dropna=False
    )
    wide = wide.reindex(index=items, columns=answers)
    counts = dist.groupby("item_id", sort=False)[n_column].first().reindex(items)
    frame = pd.concat([counts.rename(N).astype(int), wide], axis=1)
    frame.index = [codebook.item(i)["label"] for i in items]
    frame.index.name = "項目"
    frame.columns.name = None
    title = f"{section} {codebook.sections.at[section, 'title']} — 回答の分布（%、{BASES[base]}）"
    notes = [_base_note(base)]
    notes += [f"{k} {v}" for k, v in codebook.section_footnotes(section).items()]
    return ReportTable(
        f"{section}_分布_{'含' if base == 'all' else '除'}",
        title,
        frame,
        notes,
        percent_columns=answers,
        count_columns=[N],
    )


def positive_table(data: pd.DataFrame, *, section: str, codebook: Codebook | None = None) -> ReportTable:
    """Positive share of every item of a section, both bases, Wilson 95% intervals and the item score."""
    codebook = codebook_for(data, codebook)
    items = [i for i in codebook.item_ids(section) if i in set(data["item_id"])]
    all_base = positive_share(data, item=items, codebook=codebook, base="all").set_index("item_id")
    valid = positive_share(data, item=items, codebook=codebook, base="valid").set_index("item_id")
    scores = item_scores(data, item=items, codebook=codebook).set_index("item_id")
    frame = pd.DataFrame(
        {
            "肯定的回答": [codebook.scale_of(i).positive_label for i in items],
            "n": all_base["n"].astype(int),
            "件数": all_base["positive"].astype(int),
            "割合": all_base["share"],
            "95%信頼区間 下限": all_base["ci_low"].map(lambda v: float(format_share(v))),
            "95%信頼区間 上限": all_base["ci_high"].map(lambda v: float(format_share(v))),
            "n（無回答を除く）": valid["n"].astype(int),
            "割合（無回答を除く）": valid["share"],
            "項目得点": scores["score"].map(lambda v: math.nan if _missing(v) else float(format_share(v))),
        },
        index=items,
    )
    frame.index = [codebook.item(i)["label"] for i in items]
    frame.index.name = "項目"
    notes = [
        f"肯定的回答: {codebook.positive_definition()}（コードブックの定義）。",
        "割合は無回答を含む全回答者が基数。信頼区間は Wilson のスコア法（95%）。",
        f"項目得点: 選択肢の得点（{codebook.score_definition()}）を0〜100に換算した平均（無回答を除く）。",
    ]
    return ReportTable(
        f"{section}_肯定的回答",
        f"{section} 肯定的回答の割合",
        frame,
        notes,
        percent_columns=["割合", "割合（無回答を除く）"],
        count_columns=["n", "n（無回答を除く）"],
        integer_columns=["件数"],
        interval_columns=["95%信頼区間 下限", "95%信頼区間 上限"],
    )


def crosstab_table(
    data: pd.DataFrame, *, section: str, by: str, caption: str, codebook: Codebook | None = None
) -> ReportTable:
    """Cross-tab of every item of a section by class: 表側 item × (全体, classes), 表頭 n and answers (%)."""
    codebook = codebook_for(data, codebook)
    items = [i for i in codebook.item_ids(section) if i in set(data["item_id"])]
    tables = crosstab(data, item=items, by=by, codebook=codebook)
    # One row per (item, class), read from the long table by key: reshaping each item with pandas cost more
    # than computing the cross-tab.
    share = {
        (i, str(c), str(a)): p
        for i, c, a, p in zip(
            tables["item_id"], tables["class"], tables["answer"], tables["pct_all"], strict=True
        )
    }
    n_of = {
        (i, str(c)): int(n)
        for i, c, n in zip(tables["item_id"], tables["class"], tables["n_all"], strict=True)
    }
    classes = [str(c) for c in tables["class"].cat.categories]
    rows = []
    for item_id in dict.fromkeys(tables["item_id"]):
        answers = [*codebook.scale_of(item_id).labels, codebook.no_answer_label]
        label = codebook.item(item_id)["label"]
        for c in classes:
            n = n_of[(item_id, c)]
            rows.append(
                {
                    "項目": label,
                    "区分": c + (f" ※{SMALL_BASE_MARK}" if 0 < n < SMALL_BASE and c != TOTAL else ""),
                    N: n,
                    **{a: share.get((item_id, c, a), math.nan) for a in answers},
                }
            )
    frame = pd.DataFrame(rows).set_index(["項目", "区分"])
    answers = [c for c in frame.columns if c != N]
    classes = frame.index.get_level_values("区分")
    notes = [caption, _base_note("all"), *_small_base_note(classes)]
    return ReportTable(
        f"{section}_クロス集計",
        f"{section} 規模別の回答の分布（%）",
        frame,
        notes,
        percent_columns=answers,
        count_columns=[N],
        reference_rows=[SMALL_BASE_MARK in c for c in classes],
    )


def positive_by_class_table(
    data: pd.DataFrame, *, section: str, by: str, caption: str, codebook: Codebook | None = None
) -> ReportTable:
    """Positive share of every item of a section for all respondents and by class (the share-by-class chart).

    表側 item × (全体, classes), 表頭 n, 件数, 割合; classes with a base under 10 are marked 参考値 as in
    :func:`crosstab_table`.

    Examples
    --------
    >>> data = pd.DataFrame({"fiscal_year": 2024, "respondent_type": "municipality",
    ...                      "muni_code": ["1", "2", "3"], "item_id": "out_hubs",
    ...                      "answer": ["あてはまる", "あてはまらない", "あてはまる"],
    ...                      "size": pd.Categorical(["小", "小", "大"], categories=["小", "大"])})
    >>> positive_by_class_table(data, section="I", by="size", caption="規模").frame["割合"].tolist()
    [66.7, 50.0, 100.0]
    """
    codebook = codebook_for(data, codebook)
    items = [i for i in codebook.item_ids(section) if i in set(data["item_id"])]
    total = positive_share(data, item=items, codebook=codebook).assign(**{"class": TOTAL})
    by_class = positive_share(data, item=items, by=by, codebook=codebook).rename(columns={by: "class"})
    shares = pd.concat(
        [total, by_class.assign(**{"class": by_class["class"].astype(str)})], ignore_index=True
    )
    shares["item_order"] = shares["item_id"].map({i: k for k, i in enumerate(items)})
    shares["class_order"] = (shares["class"] != TOTAL).astype(int)  # 全体 first, then classes as scored
    shares = shares.sort_values(["item_order", "class_order"], kind="stable")
    frame = pd.DataFrame(
        {
            "項目": [codebook.item(i)["label"] for i in shares["item_id"]],
            "区分": [
                f"{c}" + (f" ※{SMALL_BASE_MARK}" if 0 < n < SMALL_BASE and c != TOTAL else "")
                for c, n in zip(shares["class"], shares["n"], strict=True)
            ],
            N: shares["n"].astype(int).to_numpy(),
            "件数": shares["positive"].astype(int).to_numpy(),
            "割合": shares["share"].astype(float).to_numpy(),
        }
    ).set_index(["項目", "区分"])
    notes = [
        caption,
        f"肯定的回答: {codebook.positive_definition()}。割合の基数は無回答を含む。",
        *_small_base_note(frame.index.get_level_values("区分")),
    ]
    return ReportTable(
        f"{section}_肯定的回答_規模別",
        f"{section} 肯定的回答の割合（規模別、%）",
        frame,
        notes,
        percent_columns=["割合"],
        count_columns=[N],
        integer_columns=["件数"],
    )


def significance_table(
    data: pd.DataFrame,
    *,
    section: str,
    by: str,
    caption: str,
    codebook: Codebook | None = None,
    seed: int | None = None,
    base: str = "valid",
    tests: pd.DataFrame | None = None,
) -> ReportTable:
    """Tests of class differences for every item of a section, Holm-adjusted, with a sentence per item.

    The tests, the shares in the sentences and the base stated in the notes are on the same ``base``
    (default 無回答を除く). ``tests`` may pass :func:`jusolib.stats.crosstab.compare_classes` already computed.
    """
    codebook = codebook_for(data, codebook)
    items = [i for i in codebook.item_ids(section) if i in set(data["item_id"])]
    kwargs = {} if seed is None else {"seed": seed}
    by_class = positive_share(data, item=items, by=by, codebook=codebook, base=base)
    if tests is None:
        tests = compare_classes(
            data, by=by, item=items, codebook=codebook, shares=by_class, base=base, **kwargs
        )
    tests = tests.set_index("item_id")
    shares = by_class.rename(columns={by: "class"})
    sentences = [
        describe_difference(
            shares[shares["item_id"] == i],
            item_label=codebook.item(i)["label"],
            positive_label=codebook.scale_of(i).positive_label,
            p_adjusted=tests.at[i, "fisher_p_holm"],
            base_label=BASES[base],
        )
        for i in items
    ]
    n_column = f"n（{BASES[base]}）"
    frame = pd.DataFrame(
        {
            n_column: tests["n"].astype(int),
            "最小区分のn": tests["min_class_n"].astype(int),
            "Fisher p": tests["fisher_p"],
            "Fisher p（Holm補正）": tests["fisher_p_holm"],
            "Cramér の V（補正）": tests["cramers_v_corrected"],
            "V 偶然のみの平均": tests["cramers_v_noise"],
            "Kruskal–Wallis p（Holm補正）": tests["kruskal_p_holm"],
            "ε²（補正）": tests["epsilon_squared_corrected"],
            "ε² 偶然のみの平均": tests["epsilon_squared_noise"],
        }
    ).reindex(items)
    frame["要約"] = sentences
    frame.index = [codebook.item(i)["label"] for i in items]
    frame.index.name = "項目"
    methods = [*sorted(set(tests["fisher_method"])), *sorted(set(tests["kruskal_method"]))]
    notes = [
        caption,
        f"基数: {BASES[base]}（各項目に回答した数）。Fisher: 肯定的回答か否か × 区分。Kruskal–Wallis: 回答の得点。"
        + ("無回答は肯定的回答でない側に数えている。" if base == "all" else ""),
        f"p値は同じ設問群（{section}）の{len(items)}項目で Holm の方法により補正。補正後 p < 0.05 のみ「有意」とする。",
        "効果量は小標本の偏りを補正した値: Cramér の V は Bergsma (2013) の補正、ε² は (H − k + 1)/(n − k)"
        "（Cohen 2008、負の値は0）。「偶然のみの平均」は、区分と無関係に回答を並べ替えたとき（乱数の種を固定した"
        "9,999通り）の補正後の値の平均で、同じ区分の大きさで偶然だけから生じる水準を示す。",
        "回答数が少ないため、差がないことの証明にはならない。検定方法: " + methods_note(methods) + "。",
    ]
    return ReportTable(
        f"{section}_検定",
        f"{section} 規模による差の検定",
        frame,
        notes,
        count_columns=[n_column, "最小区分のn"],
        p_columns=["Fisher p", "Fisher p（Holm補正）", "Kruskal–Wallis p（Holm補正）"],
        statistic_columns=["Cramér の V（補正）", "V 偶然のみの平均", "ε²（補正）", "ε² 偶然のみの平均"],
        workbook_only=["要約"],
    )


def index_table(
    data: pd.DataFrame, *, by: str, caption: str, classes: pd.Series, codebook: Codebook | None = None
) -> ReportTable:
    """Section indices (0–100) by class: n, mean and median per index."""
    codebook = codebook_for(data, codebook)
    indices = section_indices(data, codebook=codebook)
    indices["class"] = indices["muni_code"].map(classes)
    rows = []
    for index_name, part in indices.groupby("index", sort=False):
        for label, group in [(TOTAL, part), *((str(c), g) for c, g in part.groupby("class", observed=False))]:
            values = group["value"].dropna()
            rows.append(
                {
                    "指標": index_name,
                    "区分": label,
                    "n": len(values),
                    "平均": float(format_share(values.mean())) if len(values) else math.nan,
                    "中央値": float(format_share(values.median())) if len(values) else math.nan,
                }
            )
    frame = pd.DataFrame(rows)
    order = {v: i for i, v in enumerate(codebook.sections["index"])}
    frame = frame.sort_values("指標", key=lambda s: s.map(order), kind="stable").set_index(["指標", "区分"])
    notes = [
        caption,
        "指標: 各自治体が回答した項目の得点（0〜100）の平均。outcome=I 成果・進捗、change=II 変化、"
        "challenge=III 課題（高いほど課題を感じている）。",
    ]
    small = [
        0 < n < SMALL_BASE and c != TOTAL
        for n, c in zip(frame["n"], frame.index.get_level_values("区分"), strict=True)
    ]
    if any(small):
        notes.append(f"灰色の斜体（※）: 基数が{SMALL_BASE}未満の区分（{SMALL_BASE_MARK}）。")
    return ReportTable(
        "指標_規模別",
        "設問群ごとの指標（0〜100）の規模別比較",
        frame,
        notes,
        count_columns=["n"],
        reference_rows=small,
    )


def respondents_table(classes: pd.Series, caption: str) -> ReportTable:
    """Respondents by class (n and share)."""
    counts = classes.value_counts(sort=False)
    total = int(counts.sum())
    labels = [TOTAL, *counts.index.astype(str)]
    frame = pd.DataFrame({"n": [total, *counts.astype(int)]}, index=labels)
    frame.index.name = "区分"
    frame["割合"] = [float(format_share(100 * v / total)) if total else np.nan for v in frame["n"]]
    return ReportTable(
        "回答者_規模別", "回答者の規模別構成", frame, [caption], percent_columns=["割合"], count_columns=["n"]
    )


def free_text_table(
    free_text: pd.DataFrame,
    data: pd.DataFrame,
    *,
    section: str,
    codebook: Codebook,
    names: pd.Series,
    items: list[str] | None = None,
) -> ReportTable:
    """The 「具体的な内容」 answers of a section (or of some of its ``items``) with the municipality's answer."""
    answers = data.set_index(["muni_code", "item_id"])["answer"].astype(str)
    items = codebook.item_ids(section) if items is None else codebook.item_ids_of(items)
    part = free_text[free_text["item_id"].isin(items)].copy()
    part["order"] = part["item_id"].map({i: k for k, i in enumerate(items)})
    part = part.sort_values(["order", "muni_code"], kind="stable")
    frame = pd.DataFrame(
        {
            "項目": part["item_id"].map(lambda i: codebook.item(i)["label"]).to_numpy(),
            "自治体": part["muni_code"].map(names).to_numpy(),
            "回答": [
                answers.get((m, i), "") for m, i in zip(part["muni_code"], part["item_id"], strict=True)
            ],
            "具体的な内容": part["text"].to_numpy(),
        }
    )
    return ReportTable(
        f"{section}_自由記述",
        f"{section} 具体的な内容（自由記述）",
        frame,
        [
            "自由記述は回答のまま（前後の空白のみ除去）。全ての記述は Excel（tables.xlsx）のシート"
            f"「{section}_自由記述」にもある。"
        ],
        group="項目",
        fold=True,
        empty_message="具体的な内容の記述はありません。",
    )


def _rounded(value: Any) -> float:
    """A share or difference at report precision as a float, NaN kept (never ``float("−")``)."""
    return math.nan if _missing(value) else float(format_share(float(value)))


def year_over_year_table(comparison: pd.DataFrame, *, codebook: Codebook, caption: str) -> ReportTable:
    """Change of the positive share per item (panel first, then all respondents), in ポイント with 95% intervals.

    An item that nobody answered in both years (no panel) shows 「−」 for the panel, not an error.
    """
    rows = []
    for row in comparison.itertuples(index=False):
        label = codebook.item(row.item_id)["label"] if row.item_id in codebook.items.index else row.item_id
        comparable = bool(row.comparable)
        rows.append(
            {
                "項目": label,
                "対象": row.group,
                "前年度 n": int(row.n_previous),
                "前年度 %": row.share_previous,
                "今年度 n": int(row.n_current),
                "今年度 %": row.share_current,
                "差（ポイント）": row.diff_points if comparable else math.nan,
                "95%信頼区間 下限": _rounded(row.ci_low) if comparable else math.nan,
                "95%信頼区間 上限": _rounded(row.ci_high) if comparable else math.nan,
                "p値": row.pvalue if comparable else math.nan,
                "p値（Holm補正）": row.pvalue_holm if comparable else math.nan,
                "比較": row.rule,
            }
        )
    frame = pd.DataFrame(rows).set_index(["項目", "対象"])
    base = comparison["base"].iloc[0] if len(comparison) and "base" in comparison else "無回答を含む"
    notes = [
        caption,
        f"肯定的回答（{codebook.positive_definition()}）の割合の差（今年度 − 前年度）。基数: {base}。",
        "パネル（両年度とも回答した自治体）を先に示す: 同じ自治体どうしの比較なので、自治体の入れ替わりの影響を受けない。"
        "区間は Newcombe の方法10（連続性補正したφ*）、p値は McNemar の正確検定。",
        "全回答: 各年度の全回答者。多くの自治体が両年度に回答しているため2つの標本は一部が重なる。区間は Zou と Donner の"
        "MOVER（重なりによる相関を考慮）、p値は Derrick ほか (2015) の一部重複標本の z 検定。割合の変化には、新たに"
        "加わった自治体の影響も含まれる。",
        "差は正確な分数から計算して一度だけ四捨五入。",
        "p値は同じ設問群の項目で、パネルと全回答それぞれ Holm の方法により補正。補正後 p < 0.05 のときだけ"
        "「変化があった」といえる。区間と検定は方法が異なるため、境界近くでは一方だけが0を外すことがある"
        "（そのときも判断は補正後の p による）。",
    ]
    return ReportTable(
        "前年度比較",
        "前年度との比較（肯定的回答の割合）",
        frame,
        notes,
        percent_columns=["前年度 %", "今年度 %"],
        count_columns=["前年度 n", "今年度 n"],
        interval_columns=["差（ポイント）", "95%信頼区間 下限", "95%信頼区間 上限"],
        p_columns=["p値", "p値（Holm補正）"],
    )
