"""Report tables as designed HTML, built with pandas' Styler and the jusolib templates.

A :class:`~jusolib.analysis.tables.ReportTable` is laid out from what it holds (see its docstring): the stub (表側) as
header cells with repeated outer labels merged, numbers right-aligned with the column's fixed decimals, 参考値
rows marked in every numeric cell, the title as the table's caption and the notes under it, groups folded in
``<details>``, an empty table replaced by a sentence. Japanese text may wrap only between phrases (BudouX
inserts ``<wbr>``; the style sheet sets ``word-break: keep-all``), so a cell never breaks 「一/致」.

Why Styler rather than great_tables: on our tables Styler renders four section tables in about 18 ms and adds
46 ms of import to a kernel; great_tables took 150 ms and 160 ms, wrote twice the bytes (a style block per
table) and is a new dependency. Styler's ids are fixed here (``set_uuid``), so pages are byte-identical.

Examples
--------
>>> import pandas as pd
>>> from jusolib.analysis.tables import ReportTable
>>> table = ReportTable("例", "例の表", pd.DataFrame({"n": [23.0], "割合": [82.6]}, index=pd.Index(["<b>項目"],
...                     name="項目")), ["注"], percent_columns=["割合"], count_columns=["n"])
>>> html = table_html(table)
>>> "&lt;b&gt;" in html and "<b>項目" not in html and 'class="num percent"' in html
True
"""

from __future__ import annotations

import functools
import hashlib
import html
from collections.abc import Sequence
from typing import Any, Protocol

import numpy as np
import pandas as pd

from jusolib.core.formatting import NONE_MARK
from jusolib.core.paths import TEMPLATES_DIR
from jusolib.core.typography import phrases


class TableLike(Protocol):
    """What a table must give to be laid out (:class:`jusolib.analysis.tables.ReportTable` does); typed here so
    that the layout does not import the table model, which shows itself through this module."""

    key: str
    title: str
    frame: pd.DataFrame
    notes: list[str]
    group: str | None
    fold: bool
    workbook_only: list[str]
    quiet_columns: list[str]
    empty_message: str
    full_list_at: str | None
    printed_as: str | None
    print_full: bool

    @property
    def sheet(self) -> str: ...

    def column_kind(self, column: object) -> str:
        """The kind of a column, which decides its alignment and format.

        Parameters
        ----------
        column
            A column of ``frame``.

        Returns
        -------
        str
            One of :data:`jusolib.analysis.tables.COLUMN_KINDS` (``"percent"``, ``"p"``, ``"text"`` …).
        """

    def reference_mask(self) -> list[bool]:
        """Which rows are 参考値 (a base under 10), marked on the page.

        Returns
        -------
        list of bool
            One per row of ``frame``.
        """

    def shows_index(self) -> bool:
        """Whether the index is shown as the table's stub.

        Returns
        -------
        bool
            False for an unnamed default index (0, 1, 2 …).
        """

    def formatted(self) -> pd.DataFrame:
        """The cells as displayed.

        Returns
        -------
        DataFrame
            ``frame`` with every cell a string (percentages, n, p … formatted).
        """

    def part(self, positions: Sequence[int] | np.ndarray) -> TableLike:
        """The rows of one group, laid out as a table of their own.

        Parameters
        ----------
        positions
            Row positions (0-based) in ``frame``.

        Returns
        -------
        TableLike
            Those rows, without the group column or index level, their 参考値 marks kept.
        """


#: A text column whose longest value exceeds this many characters is laid out as running text.
LONG_TEXT = 40
#: A table of at most this many rows (and no running text) is kept on one printed page with its title.
KEEP_ROWS = 6


def wrap_html(text: object) -> str:
    """Escaped text with ``<wbr>`` between phrases and ``<br>`` for line breaks.

    Parameters
    ----------
    text
        Any value; shown as ``str(text)`` (free text may hold markup: it is escaped).

    Returns
    -------
    str
        HTML: each line's phrases (:func:`jusolib.core.typography.phrases`) escaped and joined by ``<wbr>`` (where a
        narrow column may break a Japanese line), lines joined by ``<br>``.

    Examples
    --------
    >>> wrap_html("関係職員の質の向上<script>")
    '関係<wbr>職員の<wbr>質の<wbr>向上&lt;script&gt;'
    """
    lines = str(text).split("\n")
    return "<br>".join("<wbr>".join(html.escape(p) for p in phrases(line)) for line in lines)


@functools.lru_cache(maxsize=1)
def _bytecode_cache() -> Any:
    """Jinja's cache of compiled templates, in a directory of this user's own under the system temp folder
    (Jinja refuses one it does not own). Each report notebook runs in a fresh kernel, which would otherwise
    compile the table templates again — about 0.1 s of its first table. A cached template is used only while
    its source is unchanged (Jinja checks a checksum); without a usable folder nothing is cached."""
    import jinja2

    class QuietCache(jinja2.FileSystemBytecodeCache):
        def dump_bytecode(self, bucket: Any) -> None:
            try:
                super().dump_bytecode(bucket)
            except OSError:  # a cache that cannot be written only makes the next kernel slower
                pass

    try:
        return QuietCache()
    except (OSError, RuntimeError):
        return None


@functools.lru_cache(maxsize=1)
def _styler_class() -> type:
    """pandas' Styler with the jusolib table and style templates: what ``Styler.from_custom_template`` makes,
    with the bytecode cache on its environment."""
    import jinja2
    from pandas.io.formats.style import Styler

    loader = jinja2.ChoiceLoader([jinja2.FileSystemLoader(str(TEMPLATES_DIR)), Styler.loader])
    env = jinja2.Environment(loader=loader, bytecode_cache=_bytecode_cache())
    return type(
        "ReportStyler",
        (Styler,),
        {
            "env": env,
            "template_html_table": env.get_template("styler_table.tpl"),
            "template_html_style": env.get_template("styler_style.tpl"),
        },
    )


@functools.lru_cache(maxsize=1)
def _environment() -> Any:
    import jinja2

    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES_DIR)),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        bytecode_cache=_bytecode_cache(),
    )


def _uuid(key: str, part: int) -> str:
    return hashlib.sha1(f"{key}\0{part}".encode()).hexdigest()[:10]


def _is_long(table: TableLike, column: object, kind: str | None = None) -> bool:
    """A text column laid out as running text (its longest value over :data:`LONG_TEXT` characters)."""
    if (kind or table.column_kind(column)) != "text":
        return False
    return max((len(str(v)) for v in table.frame[column].dropna()), default=0) > LONG_TEXT


def _column_classes(table: TableLike, columns: list[object]) -> dict[object, str]:
    """The CSS classes of each column: its kind (``num <kind>`` or ``text``), ``long`` for running text,
    ``quiet`` for a quiet column. Worked out once per table: inferring a kind reads the whole column."""
    classes = {}
    for column in columns:
        kind = table.column_kind(column)
        css = ("text long" if _is_long(table, column, kind) else "text") if kind == "text" else f"num {kind}"
        classes[column] = css + (" quiet" if column in table.quiet_columns else "")
    return classes


def _cell_classes(
    table: TableLike, shown: pd.DataFrame, columns: list[object], column_classes: dict[object, str]
) -> pd.DataFrame:
    """Classes of every cell: the column's (kind, long text, quiet), and ``ref`` on a 参考値 row's numbers —
    not on a cell with no value (「−」), which has nothing to mark."""
    reference = table.reference_mask()
    classes = {}
    for column in columns:
        css = column_classes[column]
        if css.startswith("num"):
            classes[column] = [
                css + (" ref" if ref and value not in (NONE_MARK, "") else "")
                for ref, value in zip(reference, shown[column], strict=True)
            ]
        else:
            classes[column] = [css] * len(shown)
    return pd.DataFrame(classes, index=shown.index, columns=columns)


def collapsed_counts(table: TableLike) -> tuple[list[object], dict[object, str], list[str]]:
    """Base columns whose value never changes, taken out of the table's body so that 「n=23」 is not printed in
    every row: a count column with one value in every row becomes a note under the table; one with one value
    within each group of the stub's first level (the theme table's 記述者 per item) goes into that group's label.

    Parameters
    ----------
    table
        The report table.

    Returns
    -------
    tuple
        The columns taken out, the new label of each first-level group (old label → new), and the notes.

    Examples
    --------
    >>> from jusolib.analysis.tables import ReportTable
    >>> index = pd.MultiIndex.from_tuples([("a", "x"), ("a", "y"), ("b", "x")], names=["項目", "テーマ"])
    >>> frame = pd.DataFrame({"該当": [1, 2, 3], "記述者": [4, 4, 5], "回答者": [9, 9, 9]}, index=index)
    >>> collapsed_counts(ReportTable("k", "t", frame, count_columns=["記述者", "回答者"]))
    (['記述者', '回答者'], {'a': 'a（記述者 n=4）', 'b': 'b（記述者 n=5）'}, ['回答者: すべての行で n=9。'])
    """
    frame = table.frame
    if len(frame) < 2:
        return [], {}, []
    hidden: list[object] = []
    notes: list[str] = []
    per_group: dict[object, list[str]] = {}
    grouped = frame.index.nlevels > 1
    for column in frame.columns:
        if column in table.workbook_only or table.column_kind(column) != "count":
            continue
        values = frame[column]
        if values.isna().any():
            continue
        if values.nunique() == 1:
            hidden.append(column)
            notes.append(f"{column}: すべての行で n={int(values.iloc[0]):,}。")
        elif grouped and (values.groupby(level=0, sort=False).nunique() == 1).all():
            hidden.append(column)
            for label, value in values.groupby(level=0, sort=False).first().items():
                per_group.setdefault(label, []).append(f"{column} n={int(value):,}")
        elif (
            grouped
            and frame.index.get_level_values(0).nunique() > 1
            and len(frame)
            == frame.index.get_level_values(0).nunique() * frame.index.get_level_values(-1).nunique()
            and (values.groupby(level=-1, sort=False).nunique() == 1).all()
        ):  # one n per class whatever the item (the cross-tab's 全体 23 and its classes): said once, in a note
            hidden.append(column)
            each = "、".join(
                f"{str(label).split(' ※')[0]} {int(value):,}"  # the row's label keeps its ※参考値 mark
                for label, value in values.groupby(level=-1, sort=False).first().items()
            )
            notes.append(f"{column}: どの{frame.index.names[0] or '行'}も同じ（{each}）。")
    labels = {label: f"{label}（{'、'.join(parts)}）" for label, parts in per_group.items()}
    return hidden, labels, notes


def _styled(
    table: TableLike,
    shown: pd.DataFrame,
    part: int,
    caption: str | None,
    hidden: Sequence[object] = (),
    labels: dict[object, str] | None = None,
) -> str:
    """One Styler table: ``table`` holds the numbers (for kinds and 参考値), ``shown`` the display strings;
    ``hidden`` columns are left out and the stub's first-level ``labels`` replaced (:func:`collapsed_counts`)."""
    columns = [c for c in shown.columns if c not in table.workbook_only and c not in hidden]
    shown = shown[columns]
    if labels and shown.index.nlevels > 1:
        shown = shown.rename(index=labels, level=0)
    column_classes = _column_classes(table, columns)
    labels_by_row = None
    if (
        shown.index.nlevels == 1 and not shown.index.is_unique
    ):  # ties in a ranking (「3位」 twice): Styler's cell
        labels_by_row = list(
            shown.index
        )  # classes need a unique index, so the rows are numbered, shown by label
        shown = shown.set_axis(pd.RangeIndex(len(shown), name=shown.index.name))
    styler = _styler_class()(shown, uuid=_uuid(table.key, part), cell_ids=False)
    styler.set_td_classes(_cell_classes(table, shown, columns, column_classes))
    styler.format(wrap_html, na_rep="")
    styler.format_index(wrap_html, axis=1)
    if table.shows_index():
        if labels_by_row is not None:
            styler.format_index(lambda row: wrap_html(labels_by_row[row]), axis=0)
        else:
            styler.format_index(wrap_html, axis=0)
        styler.hide(axis="index", names=True)
        stubs = [str(n or "") for n in shown.index.names]
    else:
        styler.hide(axis="index")
        stubs = []
    several_long = sum(" long" in column_classes[c] for c in columns) > 1
    styler.set_table_attributes(f'class="report-table{" several-long" if several_long else ""}"')
    return styler.to_html(
        caption=wrap_html(caption) if caption else None,
        stub_names=stubs,
        kinds=[column_classes[c].split(" long")[0] for c in columns],
    )


def _group_positions(table: TableLike) -> list[tuple[object, np.ndarray]]:
    frame = table.frame
    keys = frame[table.group] if table.group in frame.columns else frame.index.get_level_values(table.group)
    values = np.asarray(keys, dtype=object)
    return [(key, np.flatnonzero(values == key)) for key in pd.unique(values)]


def print_summary(table: TableLike) -> str:
    """What the printed page says in place of a folded table: how many rows are left out, where they all are,
    and the count of each group (paper cannot be clicked open).

    Parameters
    ----------
    table
        A folded report table (its ``group``, ``key`` or ``full_list_at`` are read).

    Returns
    -------
    str
        One sentence: how many rows (or, for a grouped table, entries per group) are not printed, where the paper
        shows the same texts (``printed_as``, when it does) and where they all are (the workbook's sheet, or
        ``full_list_at``).

    Examples
    --------
    >>> from jusolib.analysis.tables import ReportTable
    >>> frame = pd.DataFrame({"項目": ["拠点", "拠点", "担い手"], "具体的な内容": ["a", "b", "c"]})
    >>> print_summary(ReportTable("I_自由記述", "I 自由記述", frame, group="項目", fold=True))
    '項目ごとに折りたたんだ3件は印刷していない。全て Excel（tables.xlsx）のシート「I 具体的な内容（全文）」にある。件数: 拠点 2件、担い手 1件。'
    >>> themed = ReportTable("I_自由記述", "I 自由記述", frame, group="項目", fold=True, printed_as="「テーマごとの記述」")
    >>> print_summary(themed)
    'この表（項目ごとに折りたたんだ3件）は印刷していない。同じ記述は全て「テーマごとの記述」に印刷している。表の全ては Excel（tables.xlsx）のシート「I 具体的な内容（全文）」にある。件数: 拠点 2件、担い手 1件。'
    """
    where = table.full_list_at or f"Excel（tables.xlsx）のシート「{table.sheet}」"
    where = (" " if where[0].isascii() else "") + where + (" " if where[-1].isascii() else "")
    if table.group is None:
        return f"折りたたんだ{len(table.frame)}行は印刷していない。全て{where}にある。"
    counts = "、".join(f"{label} {len(rows)}件" for label, rows in _group_positions(table))
    if table.printed_as:  # the texts are on paper, in another form: the sentence says so
        return (
            f"この表（{table.group}ごとに折りたたんだ{len(table.frame)}件）は印刷していない。同じ記述は全て"
            f"{table.printed_as}に印刷している。表の全ては{where}にある。件数: {counts}。"
        )
    return f"{table.group}ごとに折りたたんだ{len(table.frame)}件は印刷していない。全て{where}にある。件数: {counts}。"


def table_html(table: TableLike) -> str:
    """The HTML block of a report table (see the module docstring).

    Parameters
    ----------
    table
        A report table (:class:`~jusolib.analysis.tables.ReportTable`, or anything :class:`TableLike`).

    Returns
    -------
    str
        The HTML block from ``table_block.html.j2``: the title, the table (one foldable block per group, or one
        block folded when the table says so), its notes, or the empty message when the frame is empty; every
        text escaped. A folded table also gets the sentence the printed page shows instead (:func:`print_summary`).
    """
    blocks = []
    hidden, labels, count_notes = collapsed_counts(table) if not table.frame.empty else ([], {}, [])
    if table.frame.empty:
        pass
    elif table.group is not None:
        for part, (label, positions) in enumerate(_group_positions(table), start=1):
            sub = table.part(positions)
            blocks.append(
                {
                    "summary": f"{label}（{len(positions)}件）",
                    "html": _styled(sub, sub.formatted(), part, None),
                }
            )
    else:
        caption = None if table.fold else table.title
        blocks.append(
            {
                "summary": f"全{len(table.frame)}行を表示",
                "html": _styled(table, table.formatted(), 0, caption, hidden, labels),
            }
        )
    folded = table.fold and bool(blocks)
    keep = not folded and len(table.frame) <= KEEP_ROWS and not any(_is_long(table, c) for c in table.frame)
    template = _environment().get_template("table_block.html.j2")
    return template.render(
        title=table.title,
        blocks=blocks,
        fold=table.fold,
        grouped=table.group is not None,
        notes=[*count_notes, *table.notes],
        empty_message=table.empty_message,
        key=table.key,
        wrap=wrap_html,
        keep=keep,
        print_summary=print_summary(table) if folded and not table.print_full else "",
        print_full=folded and table.print_full,
        grouped_label=f"{table.group}名" if table.group else "",
    )
