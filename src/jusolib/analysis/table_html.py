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

    @property
    def sheet(self) -> str: ...

    def column_kind(self, column: object) -> str: ...

    def reference_mask(self) -> list[bool]: ...

    def shows_index(self) -> bool: ...

    def formatted(self) -> pd.DataFrame: ...

    def part(self, positions: Sequence[int] | np.ndarray) -> TableLike: ...


#: A text column whose longest value exceeds this many characters is laid out as running text.
LONG_TEXT = 40
#: A table of at most this many rows (and no running text) is kept on one printed page with its title.
KEEP_ROWS = 6


def wrap_html(text: object) -> str:
    """Escaped text with ``<wbr>`` between phrases and ``<br>`` for line breaks.

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


def _styled(table: TableLike, shown: pd.DataFrame, part: int, caption: str | None) -> str:
    """One Styler table: ``table`` holds the numbers (for kinds and 参考値), ``shown`` the display strings."""
    columns = [c for c in shown.columns if c not in table.workbook_only]
    shown = shown[columns]
    column_classes = _column_classes(table, columns)
    styler = _styler_class()(shown, uuid=_uuid(table.key, part), cell_ids=False)
    styler.set_td_classes(_cell_classes(table, shown, columns, column_classes))
    styler.format(wrap_html, na_rep="")
    styler.format_index(wrap_html, axis=1)
    if table.shows_index():
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

    Examples
    --------
    >>> from jusolib.analysis.tables import ReportTable
    >>> frame = pd.DataFrame({"項目": ["拠点", "拠点", "担い手"], "具体的な内容": ["a", "b", "c"]})
    >>> print_summary(ReportTable("I_自由記述", "I 自由記述", frame, group="項目", fold=True))
    '項目ごとに折りたたんだ3件は印刷していない。全て Excel（tables.xlsx）のシート「I_自由記述」にある。件数: 拠点 2件、担い手 1件。'
    """
    where = table.full_list_at or f"Excel（tables.xlsx）のシート「{table.sheet}」"
    where = (" " if where[0].isascii() else "") + where + (" " if where[-1].isascii() else "")
    if table.group is None:
        return f"折りたたんだ{len(table.frame)}行は印刷していない。全て{where}にある。"
    counts = "、".join(f"{label} {len(rows)}件" for label, rows in _group_positions(table))
    return f"{table.group}ごとに折りたたんだ{len(table.frame)}件は印刷していない。全て{where}にある。件数: {counts}。"


def table_html(table: TableLike) -> str:
    """The HTML block of a report table (see the module docstring)."""
    blocks = []
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
                "html": _styled(table, table.formatted(), 0, caption),
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
        notes=table.notes,
        empty_message=table.empty_message,
        key=table.key,
        wrap=wrap_html,
        keep=keep,
        print_summary=print_summary(table) if folded else "",
        grouped_label=f"{table.group}名" if table.group else "",
    )
