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
['n=3', '66.7（2）', '−', '−', '33.3（1）']
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
from jusolib.core.docstrings import shared_parameters
from jusolib.core.formatting import (
    NONE_MARK,
    SMALL_BASE,
    SMALL_BASE_MARK,
    difference_points,
    format_n,
    format_number,
    format_p,
    format_share,
)
from jusolib.core.wording import methods_note, sheet_label
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

    Parameters
    ----------
    key
        A table's key.

    Returns
    -------
    str
        The key with each of ``[]:*?/\\`` replaced by ``_``, cut to 31 characters.

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
        left out of the printed page. An empty table is replaced by ``empty_message`` on the page. A folded
        table prints a sentence saying where its rows are (and, with ``printed_as``, where the paper shows the
        same texts), or, with ``print_full``, every group open.
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
    #: Where the printed page shows the same texts in another form (the free text by theme), so that its sentence
    #: in place of the folded table says they are on paper; ``None``: nowhere else on the page.
    printed_as: str | None = None
    #: A folded table printed whole (every group open on paper) instead of a sentence saying where it is.
    print_full: bool = False
    #: Numbers from public sources (the implementation status, the coordinators), not from the returns: real in
    #: every year, so never stamped 合成データ.
    public_figures: bool = False
    #: The count behind each share (same rows, one column per percent column it belongs to): the page shows
    #: 「82.6（19）」 in the share's cell, the workbook a numeric count column beside the share's
    #: (:mod:`jusolib.outputs.workbook`). ``None``: shares alone.
    share_counts: pd.DataFrame | None = None
    #: Notes naming the statistical methods behind the numbers (test, correction, references): the workbook prints
    #: them after ``notes``; the page leaves them to its 方法 section and the 方法 page, so that the reader part
    #: of a page speaks plain words (issue 22).
    method_notes: list[str] = field(default_factory=list)

    def column_kind(self, column: object) -> str:
        """The kind of a column (one of :data:`COLUMN_KINDS`), as declared or inferred (see the class docstring).

        Parameters
        ----------
        column
            A column of :attr:`frame`.

        Returns
        -------
        str
            ``"percent"``, ``"count"``, ``"integer"``, ``"p"``, ``"interval"``, ``"statistic"``, ``"number"``,
            ``"formatted"`` or ``"text"`` (:data:`COLUMN_KINDS`).

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

        Parameters
        ----------
        column
            A numeric column of :attr:`frame`.

        Returns
        -------
        int
            By the column's kind: 1 for percentages and intervals, 3 for p and statistics, 0 for counts,
            integers and text; for other numbers the fewest decimals (0 to 3) that show every value as it is.

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
        """Which rows are 参考値 (declared in ``reference_rows``, or labelled 「参考値」).

        Returns
        -------
        list of bool
            One per row: ``reference_rows`` when declared, else True where the row's index label contains
            参考値.
        """
        if self.reference_rows is not None:
            return list(self.reference_rows)
        return [
            SMALL_BASE_MARK in " ".join(map(str, k if isinstance(k, tuple) else (k,)))
            for k in self.frame.index
        ]

    def shows_index(self) -> bool:
        """False for an unnamed default index (0, 1, 2 …), which is never shown.

        Returns
        -------
        bool
            False only for an unnamed default index (a ``RangeIndex``); otherwise the page and workbook show the
            index as the table's stub.
        """
        index = self.frame.index
        return not (isinstance(index, pd.RangeIndex) and index.name is None)

    @property
    def sheet(self) -> str:
        """The name of the table's sheet in the year's ``tables.xlsx``, in words a reader understands
        (:func:`jusolib.core.wording.sheet_label` of its key, within Excel's rules).

        Examples
        --------
        >>> ReportTable("I_分布_含", "t", pd.DataFrame()).sheet
        'I 回答の分布'
        """
        return sheet_name(sheet_label(self.key))

    def part(self, positions: Sequence[int] | np.ndarray) -> ReportTable:
        """The rows at ``positions`` (a group of the table), without its group column or index level.

        Parameters
        ----------
        positions
            Row positions (0-based) of the rows kept, in the order given.

        Returns
        -------
        ReportTable
            A copy with those rows only, the group column (or index level) dropped, ``group`` set to ``None`` and
            the rows' 参考値 marks carried over as ``reference_rows``; title, notes and column declarations kept.

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
        counts = self.aligned_counts()
        if counts is not None:
            counts = counts.iloc[list(positions)].set_axis(frame.index, axis=0)
        return dataclasses.replace(
            self, frame=frame, reference_rows=reference, group=None, share_counts=counts
        )

    def to_html(self) -> str:
        """The table as designed for the page: title, stub, aligned numbers, 参考値 marks, notes under it.

        Every text is escaped (free text can hold markup). Built with pandas' Styler (see :mod:`jusolib.analysis.table_html`).

        Returns
        -------
        str
            An HTML block (:func:`~jusolib.analysis.table_html.table_html`): the title, the table (one block per
            group, folded when the table says so), the notes, or the empty message.
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
        other numbers with the column's fixed decimals; text as it is.

        Returns
        -------
        DataFrame
            The frame with every cell a string as the page and slides show it (same index and columns).
        """
        out = self.frame.copy().astype(object)
        counts = self.aligned_counts()
        for column in self.frame.columns:
            kind = self.column_kind(column)
            if kind in ("text", "formatted"):
                continue
            digits = self.decimals(column)
            out[column] = [_display(v, kind, digits) for v in self.frame[column]]
            if counts is not None and column in counts.columns:
                out[column] = [
                    with_count(shown, count) for shown, count in zip(out[column], counts[column], strict=True)
                ]
        return out

    def aligned_counts(self) -> pd.DataFrame | None:
        """:attr:`share_counts` on the rows of :attr:`frame` (a row without a count: missing).

        Returns
        -------
        DataFrame or None
            The counts, one column per share column that has them; ``None`` when the table has none or its
            rows cannot be matched one to one.
        """
        if self.share_counts is None:
            return None
        if self.share_counts.index.equals(self.frame.index):
            return self.share_counts
        if not self.frame.index.is_unique or not self.share_counts.index.is_unique:
            return None  # rows that cannot be matched one to one: the shares alone, as before
        return self.share_counts.reindex(self.frame.index)


def with_count(shown: object, count: object) -> object:
    """A share as displayed with its count after it, as the report prints it: 「82.6（19）」; a share of none
    stays 「−」 and a cell without a count is left as it is.

    Parameters
    ----------
    shown
        The share as displayed (「82.6」, 「−」).
    count
        The count behind it (missing: none).

    Returns
    -------
    object
        「82.6（19）」, or ``shown`` unchanged.

    Examples
    --------
    >>> with_count("82.6", 19), with_count("4.3", 1.0), with_count("−", 0), with_count("50.0", float("nan"))
    ('82.6（19）', '4.3（1）', '−', '50.0')
    """
    if shown == NONE_MARK or count is None or _missing(count):
        return shown
    return f"{shown}（{int(float(str(count))):,}）"


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


@shared_parameters
def distribution_table(
    data: pd.DataFrame, *, section: str, base: str = "all", codebook: Codebook | None = None
) -> ReportTable:
    """Answer distribution of every item of a section: 表側 items, 表頭 n and answers (%).

    Returns
    -------
    ReportTable
        Key ``{section}_分布_含`` (``"all"``) or ``{section}_分布_除`` (``"valid"``): one row per item (index 項目) with
        n and the % of each answer in the codebook's order.
    """
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
    answer_counts = dist.pivot_table(
        index="item_id", columns="answer", values="count", observed=True, sort=False, dropna=False
    ).reindex(index=items, columns=answers)
    answer_counts.index = frame.index
    answer_counts.columns.name = None
    title = f"{section} {codebook.sections.at[section, 'title']} — 回答の分布（%、{BASES[base]}）"
    notes = [_base_note(base)]
    if base == "all":  # the footnotes once, under the first table (the other base refers to them)
        notes += [f"{k} {v}" for k, v in codebook.section_footnotes(section).items()]
    elif codebook.section_footnotes(section):
        notes.append("※の注は、無回答を含む回答の分布の表の下にある。")
    return ReportTable(
        f"{section}_分布_{'含' if base == 'all' else '除'}",
        title,
        frame,
        notes,
        percent_columns=answers,
        count_columns=[N],
        share_counts=answer_counts,
    )


@shared_parameters
def positive_table(data: pd.DataFrame, *, section: str, codebook: Codebook | None = None) -> ReportTable:
    """Positive share of every item of a section, both bases, Wilson 95% intervals and the item score.

    Returns
    -------
    ReportTable
        Key ``{section}_肯定的回答``: one row per item (index 項目) with the positive answers, n, 件数, 割合 and its
        Wilson 95% interval, the share on the 無回答を除く base, and the item score (0–100).
    """
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
        interval_columns=["95%信頼区間 下限", "95%信頼区間 上限", "項目得点"],
    )


@shared_parameters
def crosstab_table(
    data: pd.DataFrame, *, section: str, by: str, caption: str, codebook: Codebook | None = None
) -> ReportTable:
    """Cross-tab of every item of a section by class: 表側 item × (全体, classes), 表頭 n and answers (%).

    Parameters
    ----------
    caption
        The size scheme's caption (人口規模: … ), written in the notes.

    Returns
    -------
    ReportTable
        Key ``{section}_クロス集計``: rows (項目, 区分) — 全体 then each class — with n and the % of each answer
        (無回答 included); classes under 10 marked 参考値.
    """
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
    count_of = {
        (i, str(c), str(a)): k
        for i, c, a, k in zip(
            tables["item_id"], tables["class"], tables["answer"], tables["count"], strict=True
        )
    }
    n_of = {
        (i, str(c)): int(n)
        for i, c, n in zip(tables["item_id"], tables["class"], tables["n_all"], strict=True)
    }
    count_rows = []
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
            count_rows.append({a: count_of.get((item_id, c, a), math.nan) for a in answers})
    frame = pd.DataFrame(rows).set_index(["項目", "区分"])
    answers = [c for c in frame.columns if c != N]
    answer_counts = pd.DataFrame(count_rows, columns=answers).set_axis(frame.index, axis=0)
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
        share_counts=answer_counts,
    )


@shared_parameters
def positive_by_class_table(
    data: pd.DataFrame,
    *,
    section: str,
    by: str,
    caption: str,
    codebook: Codebook | None = None,
    base: str = "valid",
) -> ReportTable:
    """Positive share of every item of a section for all respondents and by class (the share-by-class chart),
    each with its Wilson 95% interval, and each class's difference from the other respondents with its interval.

    The base is that of the tests and the sentences beside the chart (``base``, default 無回答を除く), so that a
    chart, its table and its sentence name the same shares.

    表側 item × (全体, classes), 表頭 n, 件数, 割合 and its interval, the difference (class − the rest, ポイント,
    from exact fractions) and its interval (Newcombe's hybrid score interval for two independent shares).
    Classes with a base under 10 are marked 参考値 as in :func:`crosstab_table`. The intervals are each on their
    own, with no adjustment for the many classes and items: they show how precise a share is, not a verdict
    (the tests are in :func:`significance_table`).

    Parameters
    ----------
    caption
        The size scheme's caption, written in the notes.

    Returns
    -------
    ReportTable
        Key ``{section}_肯定的回答_規模別``: rows (項目, 区分) with n, 件数, 割合 and its Wilson interval, the
        difference from the other classes (ポイント) and its interval; NaN differences for 全体.

    Examples
    --------
    >>> data = pd.DataFrame({"fiscal_year": 2024, "respondent_type": "municipality",
    ...                      "muni_code": ["1", "2", "3"], "item_id": "out_hubs",
    ...                      "answer": ["あてはまる", "あてはまらない", "あてはまる"],
    ...                      "size": pd.Categorical(["小", "小", "大"], categories=["小", "大"])})
    >>> table = positive_by_class_table(data, section="I", by="size", caption="規模")
    >>> table.frame["割合"].tolist(), table.frame["他の区分との差（ポイント）"].tolist()
    ([66.7, 50.0, 100.0], [nan, -50.0, 50.0])
    """
    from jusolib.stats.year_over_year import newcombe_interval

    codebook = codebook_for(data, codebook)
    items = [i for i in codebook.item_ids(section) if i in set(data["item_id"])]
    total = positive_share(data, item=items, codebook=codebook, base=base).assign(**{"class": TOTAL})
    by_class = positive_share(data, item=items, by=by, codebook=codebook, base=base).rename(
        columns={by: "class"}
    )
    shares = pd.concat(
        [total, by_class.assign(**{"class": by_class["class"].astype(str)})], ignore_index=True
    )
    shares["item_order"] = shares["item_id"].map({i: k for k, i in enumerate(items)})
    shares["class_order"] = (shares["class"] != TOTAL).astype(int)  # 全体 first, then classes as scored
    shares = shares.sort_values(["item_order", "class_order"], kind="stable")
    overall = total.set_index("item_id")
    differences = []
    for item_id, c, k, n in zip(
        shares["item_id"], shares["class"], shares["positive"], shares["n"], strict=True
    ):
        rest_k, rest_n = int(overall.at[item_id, "positive"]) - int(k), int(overall.at[item_id, "n"]) - int(n)
        if c == TOTAL or not n or not rest_n:
            differences.append((math.nan, math.nan, math.nan))
            continue
        _, low, high = newcombe_interval(rest_k, rest_n, int(k), int(n))
        differences.append((float(difference_points((rest_k, rest_n), (int(k), int(n)))), low, high))
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
            "95%信頼区間 下限": [_rounded(v) for v in shares["ci_low"]],
            "95%信頼区間 上限": [_rounded(v) for v in shares["ci_high"]],
            "他の区分との差（ポイント）": [d for d, _, _ in differences],
            "差の95%信頼区間（補正なし） 下限": [_rounded(low) for _, low, _ in differences],
            "差の95%信頼区間（補正なし） 上限": [_rounded(high) for _, _, high in differences],
        }
    ).set_index(["項目", "区分"])
    notes = [
        caption,
        f"肯定的回答: {codebook.positive_definition()}。割合の基数は{BASES[base]}（規模による差の検定と同じ）。",
        "95%信頼区間: 割合は Wilson のスコア法、他の区分との差（その区分 − 他の区分の回答者）は Newcombe の方法。"
        "どちらも区分・項目ごとの区間で、多重比較の補正はしていない（割合の精度の目安。区分の差の判定は検定の表による）。",
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
        interval_columns=[
            "95%信頼区間 下限",
            "95%信頼区間 上限",
            "他の区分との差（ポイント）",
            "差の95%信頼区間（補正なし） 下限",
            "差の95%信頼区間（補正なし） 上限",
        ],
    )


@shared_parameters
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
    order: Sequence[str] | None = None,
) -> ReportTable:
    """Tests of class differences for every item of a section, Holm-adjusted, with a sentence per item.

    The tests, the shares in the sentences and the base stated in the notes are on the same ``base``
    (default 無回答を除く). With ``order`` (an ordered scheme's classes) the exact trend tests come first and are
    the primary test of the sentences; Fisher's and Kruskal–Wallis's tests stand beside them. ``tests`` may pass
    :func:`jusolib.stats.crosstab.compare_classes` already computed (with the same ``order``). The page shows the
    Holm-adjusted p; the unadjusted p are in the workbook, labelled 補正なし.

    Parameters
    ----------
    caption
        The size scheme's caption, written in the notes.
    tests
        :func:`jusolib.stats.crosstab.compare_classes` of the section already computed (same ``base`` and
        ``order``); ``None`` to compute it.
    order
        The classes in their order when the scheme is ordered (population bands, cohorts): trend tests are then
        computed and are primary; ``None`` for an unordered scheme.

    Returns
    -------
    ReportTable
        Key ``{section}_検定``: one row per item (index 項目) with n, the smallest class's n, the Holm-adjusted p of
        each test, Cramér's V (bias-corrected) and η²_H beside their noise 95% points, and a 要約 sentence; the
        unadjusted p in the workbook only.
    """
    codebook = codebook_for(data, codebook)
    items = [i for i in codebook.item_ids(section) if i in set(data["item_id"])]
    kwargs = {} if seed is None else {"seed": seed}
    by_class = positive_share(data, item=items, by=by, codebook=codebook, base=base)
    if tests is None:
        tests = compare_classes(
            data, by=by, item=items, codebook=codebook, shares=by_class, base=base, order=order, **kwargs
        )
    tests = tests.set_index("item_id")
    ordered = bool(len(tests)) and (tests["primary_test"] == "trend").all()
    shares = by_class.rename(columns={by: "class"})
    sentences = [
        describe_difference(
            shares[shares["item_id"] == i],
            item_label=codebook.item(i)["label"],
            positive_label=codebook.scale_of(i).positive_label,
            p_adjusted=tests.at[i, "primary_p_holm"],
            base_label=BASES[base],
            test="trend" if ordered else "fisher",
        )
        for i in items
    ]
    n_column = f"n（{BASES[base]}）"
    columns: dict[str, Any] = {
        n_column: tests["n"].astype(int),
        "最小区分のn": tests["min_class_n"].astype(int),
    }
    if ordered:
        columns["傾向 p（Holm補正）"] = tests["trend_p_holm"]
    columns["Fisher p（Holm補正）"] = tests["fisher_p_holm"]
    if ordered:
        columns["得点の傾向 p（Holm補正）"] = tests["score_trend_p_holm"]
    columns["Kruskal–Wallis p（Holm補正）"] = tests["kruskal_p_holm"]
    columns.update(
        {
            "Cramér の V（補正）": tests["cramers_v_corrected"],
            "V 偶然の95%点": tests["cramers_v_noise95"],
            "η²_H": tests["eta_squared_h"],
            "η²_H 偶然の95%点": tests["eta_squared_h_noise95"],
        }
    )
    unadjusted = {
        **({"傾向 p（補正なし）": tests["trend_p"]} if ordered else {}),
        "Fisher p（補正なし）": tests["fisher_p"],
        **({"得点の傾向 p（補正なし）": tests["score_trend_p"]} if ordered else {}),
        "Kruskal–Wallis p（補正なし）": tests["kruskal_p"],
    }
    frame = pd.DataFrame({**columns, **unadjusted}).reindex(items)
    frame["要約"] = sentences
    frame.index = [codebook.item(i)["label"] for i in items]
    frame.index.name = "項目"
    methods = [
        *sorted(set(tests["trend_method"]) - {""}),
        *sorted(set(tests["fisher_method"]) - {""}),
        *sorted(set(tests["kruskal_method"]) - {""}),
    ]
    untested = [codebook.item(i)["label"] for i in items if pd.isna(tests.at[i, "primary_p"])]
    primary = (
        "区分に順序があるため、区分の順に沿った傾向の検定（Cochran–Armitage の正確検定、区分に0, 1, 2…の得点）を主な検定とし、"
        "Fisher の正確検定を並べて示す。回答の得点には傾向の検定（線形×線形の正確検定）と Kruskal–Wallis 検定。"
        if ordered
        else "主な検定は Fisher の正確検定（肯定的回答か否か × 区分）。回答の得点には Kruskal–Wallis 検定。"
    )
    notes = [
        caption,
        f"基数: {BASES[base]}（各項目に回答した数）。"
        + ("無回答は肯定的回答でない側に数えている。" if base == "all" else "")
        + primary,
        f"p値は同じ設問群（{section}）の{len(items) - len(untested)}項目で Holm の方法により補正。"
        "補正後 p < 0.05 のみ「有意」とする。補正前の p は Excel（tables.xlsx）に「補正なし」として示す。"
        + (
            "回答が2つ以上の区分にない項目は検定しない（p は「−」、補正の数にも含めない）: "
            + "、".join(f"「{label}」" for label in untested)
            + "。"
            if untested
            else ""
        ),
        "効果量は小標本の偏りを補正した値: Cramér の V は Bergsma (2013) の補正、η²_H は (H − k + 1)/(n − k)"
        "（Kruskal–Wallis の H から、負の値は0）。「偶然の95%点」は、区分と回答が無関係なときにこの値が95%の確率で"
        "収まる上限（同じ区分の大きさでの正確な分布から）。これを超えない効果量は偶然でも生じる大きさ。",
        "回答数が少ないため、有意でないことは差がないことの証明にはならない。"
        + (f"検定方法: {methods_note(methods)}。" if methods else ""),
    ]
    p_columns = [c for c in frame.columns if " p（" in c]
    return ReportTable(
        f"{section}_検定",
        f"{section} 規模による差の検定",
        frame,
        notes,
        count_columns=[n_column, "最小区分のn"],
        p_columns=p_columns,
        statistic_columns=["Cramér の V（補正）", "V 偶然の95%点", "η²_H", "η²_H 偶然の95%点"],
        workbook_only=[*unadjusted, "要約"],
    )


@shared_parameters
def index_table(
    data: pd.DataFrame, *, by: str, caption: str, classes: pd.Series, codebook: Codebook | None = None
) -> ReportTable:
    """Section indices (0–100) by class: n, mean and median per index, and Cronbach's α of each index's items.

    Each index averages the items every respondent could answer (:func:`jusolib.stats.score.answerable_items`:
    III's ※ items, where 無回答 means not applicable, are left out), so that all respondents' indices rest on
    the same items. α (on the respondents who answered every one of those items) says whether the items hang
    together enough for their mean to be read as one number.

    Parameters
    ----------
    caption
        The size scheme's caption, written in the notes.
    classes
        Each respondent's class by 6-digit 団体コード (the scheme's classes in order).

    Returns
    -------
    ReportTable
        Key 指標_規模別: rows (指標, 区分) — each section's index, 全体 then each class — with n, 平均, 中央値,
        項目数, and Cronbach's α with its n.
    """
    from jusolib.stats.reliability import reliability
    from jusolib.stats.score import answer_scores, answerable_items

    codebook = codebook_for(data, codebook)
    indices = section_indices(data, codebook=codebook, answerable_only=True)
    indices["class"] = indices["muni_code"].map(classes)
    scored = answer_scores(data[data["item_id"].isin(answerable_items(codebook))], codebook=codebook)
    rows = []
    for _, part in indices.groupby("index", sort=False):
        section = str(part["section"].iloc[0])
        items = [i for i in answerable_items(codebook, section) if i in set(data["item_id"])]
        matrix = scored[scored["item_id"].isin(items)].pivot_table(
            index="muni_code", columns="item_id", values="score", aggfunc="first"
        )
        alpha = reliability(matrix.reindex(columns=items).to_numpy())
        for label, group in [(TOTAL, part), *((str(c), g) for c, g in part.groupby("class", observed=False))]:
            values = group["value"].dropna()
            rows.append(
                {
                    "指標": f"{section} {codebook.sections.at[section, 'title']}",  # the reader's words, not the key
                    "区分": label,
                    "n": len(values),
                    "平均": float(format_share(values.mean())) if len(values) else math.nan,
                    "中央値": float(format_share(values.median())) if len(values) else math.nan,
                    "項目数": len(items) if label == TOTAL else math.nan,
                    "α": alpha.alpha if label == TOTAL else math.nan,
                    "α の n": alpha.n if label == TOTAL else math.nan,
                }
            )
    frame = pd.DataFrame(rows)
    order = {f"{k} {t}": i for i, (k, t) in enumerate(codebook.sections["title"].items())}
    frame = frame.sort_values("指標", key=lambda s: s.map(order), kind="stable").set_index(["指標", "区分"])
    left_out = [codebook.item(i)["label"] for i in codebook.item_ids() if i not in answerable_items(codebook)]
    notes = [
        caption,
        "指標: 設問群ごとに、各自治体が回答した項目の得点（0〜100）の平均。III は高いほど課題を感じている。",
        *(
            [
                "無回答が「該当しない」を意味する項目（"
                + "、".join(f"「{label}」" for label in left_out)
                + "）は指標に含めない（すべての自治体が同じ項目で比べられるように）。"
            ]
            if left_out
            else []
        ),
        "α: Cronbach の α（指標の項目がまとまって同じことを測っている度合い、すべての項目に回答した自治体で計算）。"
        "0.7 未満では項目のまとまりが弱く、指標は性質の異なる項目の平均として参考程度に読む。負の値は項目どうしが"
        "逆に動いていることを示す。",
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
        count_columns=["n", "α の n"],
        integer_columns=["項目数"],
        statistic_columns=["α"],
        interval_columns=["平均", "中央値"],
        reference_rows=small,
    )


def respondents_table(classes: pd.Series, caption: str) -> ReportTable:
    """Respondents by class (n and share).

    Parameters
    ----------
    classes
        Each respondent's class (a categorical: its categories give the order).
    caption
        The size scheme's caption, the table's note.

    Returns
    -------
    ReportTable
        Key 回答者_規模別: rows 全体 and each class (index 区分) with n and 割合 (%, one decimal).

    Examples
    --------
    >>> classes = pd.Series(pd.Categorical(["小", "小", "大"], categories=["小", "大"]))
    >>> respondents_table(classes, "規模").frame.values.tolist()  # 2/3 = 66.7%, 1/3 = 33.3%
    [[3.0, 100.0], [2.0, 66.7], [1.0, 33.3]]
    """
    counts = classes.value_counts(sort=False)
    total = int(counts.sum())
    labels = [TOTAL, *counts.index.astype(str)]
    frame = pd.DataFrame({"n": [total, *counts.astype(int)]}, index=labels)
    frame.index.name = "区分"
    frame["割合"] = [float(format_share(100 * v / total)) if total else np.nan for v in frame["n"]]
    return ReportTable(
        "回答者_規模別", "回答者の規模別構成", frame, [caption], percent_columns=["割合"], count_columns=["n"]
    )


@shared_parameters
def free_text_table(
    free_text: pd.DataFrame,
    data: pd.DataFrame,
    *,
    section: str,
    codebook: Codebook,
    names: pd.Series,
    items: list[str] | None = None,
    name_heading: str = "自治体",
) -> ReportTable:
    """The 「具体的な内容」 answers of a section (or of some of its ``items``) with the municipality's answer;
    ``name_heading`` heads the column of names (区市町村 in a 社協 report).

    Parameters
    ----------
    free_text
        The free text, one row per text: ``muni_code``, ``item_id``, ``text``.
    names
        Municipality names by 6-digit 団体コード.
    items
        Only these items (ids, question numbers or the I-1 form) instead of all of the section's.
    name_heading
        The heading of the column of names (default 自治体).

    Returns
    -------
    ReportTable
        Key ``{section}_自由記述``: 項目, the names, 回答 (the answer to the item) and 具体的な内容, grouped by item in
        the codebook's order, folded; a sentence when there is no text.
    """
    answers = data.set_index(["muni_code", "item_id"])["answer"].astype(str)
    items = codebook.item_ids(section) if items is None else codebook.item_ids_of(items)
    part = free_text[free_text["item_id"].isin(items)].copy()
    part["order"] = part["item_id"].map({i: k for k, i in enumerate(items)})
    part = part.sort_values(["order", "muni_code"], kind="stable")
    frame = pd.DataFrame(
        {
            "項目": part["item_id"].map(lambda i: codebook.item(i)["label"]).to_numpy(),
            name_heading: part["muni_code"].map(names).to_numpy(),
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
            "自由記述は回答のまま（前後の空白のみ除去）。"
            f"{name_heading}名は画面と分析用の Excel だけに示し、印刷しない（報告書と同じく、結果に区市名を示さない）。"
        ],
        group="項目",
        fold=True,
        empty_message="具体的な内容の記述はありません。",
        # the names: on screen and in the workbook's cells for the analysts, never on paper (issue 22 review)
        quiet_columns=[name_heading],
    )


def _rounded(value: Any) -> float:
    """A share or difference at report precision as a float, NaN kept (never ``float("−")``)."""
    return math.nan if _missing(value) else float(format_share(float(value)))


#: The verdicts of :func:`jusolib.stats.crosstab.holm_verdict` as a table cell reads them.
VERDICT_LABELS = {
    "significant": "有意",
    "not significant": "有意でない",
    "test and interval disagree": "境界（検定と区間で判定が分かれる）",
    "": NONE_MARK,
}
#: An interval on the same basis as the Holm-adjusted p beside it (at the level Holm decides the item at), and
#: its column headings.
HOLM_INTERVAL = "信頼区間（多重比較を補正）"
HOLM_LOW, HOLM_HIGH = f"{HOLM_INTERVAL} 下限", f"{HOLM_INTERVAL} 上限"
RAW_LOW, RAW_HIGH = "95%信頼区間（補正なし） 下限", "95%信頼区間（補正なし） 上限"


def holm_interval_note(tests: str) -> str:
    """The note under a table of Holm-adjusted differences: what the two intervals are and why they may differ
    from the verdict (``tests`` names the test and the interval in words).

    Parameters
    ----------
    tests
        What the family of tests is, in words (「設問群（I）の5項目」).

    Returns
    -------
    str
        The note.
    """
    return (
        f"{tests}。p値は同じ設問群の項目で Holm の方法により補正し、補正後 p < 0.05 を「有意」とする。"
        "「信頼区間（多重比較を補正）」は、Holm の方法でその項目を判定したのと同じ水準（95%を項目数に応じて広げた"
        "水準、「区間の信頼水準」）で求めた区間で、補正後の判定と同じ基準に立つ。95%信頼区間（補正なし）と補正前の"
        "p は Excel（tables.xlsx）に示す: 補正なしの区間が0を含まなくても、多重比較を補正すると有意でないことがある"
        "（理由は補正の有無で、方法の違いではない）。「境界」は、検定と区間の計算方法の違いにより、同じ水準で"
        "一方だけが0を外れた項目（有意とはしない）。"
    )


def year_over_year_table(comparison: pd.DataFrame, *, codebook: Codebook, caption: str) -> ReportTable:
    """Change of the positive share per item (panel first, then all respondents), in ポイント, with the interval
    on the same basis as the Holm-adjusted verdict beside it (and, in the workbook, the unadjusted ones).

    An item that nobody answered in both years (no panel) shows 「−」 for the panel, not an error.

    Parameters
    ----------
    comparison
        Two rows per item (パネル, 全回答) as :func:`jusolib.stats.year_over_year.compare_years` gives them.
    codebook
        The current year's codebook (item labels, the positive answers).
    caption
        The two years, e.g. 「令和6年度 (2024) → 令和7年度 (2025)」, in the title.

    Returns
    -------
    ReportTable
        Key 前年度比較: rows (項目, 対象: パネル then 全回答) with 前年度 n / %, 今年度 n / %, 差（ポイント） with its
        Holm-level interval, p値（Holm補正）, 判定（補正後） and 比較 (the rule); the unadjusted interval and p in the
        workbook. 「−」 where an item is not comparable.
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
                HOLM_LOW: _rounded(row.ci_low_holm) if comparable else math.nan,
                HOLM_HIGH: _rounded(row.ci_high_holm) if comparable else math.nan,
                "p値（Holm補正）": row.pvalue_holm if comparable else math.nan,
                "判定（補正後）": VERDICT_LABELS[row.verdict if comparable else ""],
                "区間の信頼水準（%）": _confidence(row.holm_confidence) if comparable else math.nan,
                RAW_LOW: _rounded(row.ci_low) if comparable else math.nan,
                RAW_HIGH: _rounded(row.ci_high) if comparable else math.nan,
                "p値（補正なし）": row.pvalue if comparable else math.nan,
                "比較": row.rule,
            }
        )
    frame = pd.DataFrame(rows).set_index(["項目", "対象"])
    base = comparison["base"].iloc[0] if len(comparison) and "base" in comparison else "無回答を含む"
    notes = [
        caption,
        f"肯定的回答（{codebook.positive_definition()}）の割合の差（今年度 − 前年度）。基数: {base}。",
        "両年度とも回答した区市（パネル）を先に示す: 同じ回答者どうしの比較なので、自治体の入れ替わりの影響を受けない。"
        "区間は Newcombe の方法10（連続性補正したφ*）、p値は McNemar の mid-p 検定（Fagerland ほか 2013。通常の正確検定"
        "より保守的でなく、この区間と判定がほぼ一致する）。",
        "全回答: 各年度の全回答者。多くの自治体が両年度に回答しているため2つの標本は一部が重なる。区間は Zou と Donner の"
        "MOVER（重なりによる相関を考慮）、p値は Derrick ほか (2015) の一部重複標本の z 検定。割合の変化には、新たに"
        "加わった自治体の影響も含まれる。",
        "差は正確な分数から計算して一度だけ四捨五入。",
        holm_interval_note("パネルと全回答それぞれ"),
    ]
    return ReportTable(
        "前年度比較",
        "前年度との比較（肯定的回答の割合）",
        frame,
        notes,
        percent_columns=["前年度 %", "今年度 %"],
        count_columns=["前年度 n", "今年度 n"],
        interval_columns=["差（ポイント）", HOLM_LOW, HOLM_HIGH, RAW_LOW, RAW_HIGH, "区間の信頼水準（%）"],
        p_columns=["p値（Holm補正）", "p値（補正なし）"],
        workbook_only=["区間の信頼水準（%）", RAW_LOW, RAW_HIGH, "p値（補正なし）"],
    )


def _confidence(value: Any) -> float:
    """A confidence level (0–1) in percent at report precision (99.375% → 99.4)."""
    return math.nan if _missing(value) else float(format_share(100 * float(value)))
