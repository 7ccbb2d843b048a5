"""Excel export: every table of a fiscal year in one workbook, one sheet per table, plus a 出典 sheet.

Each table sheet has the title in row 1 and the header in row 2 (bold, frozen below, with an autofilter, both
repeated on every printed page), then the rows and, under them, the notes (base, test used, scheme and population
series). Numbers keep their value and get the number format of their column kind (0.0 for shares and intervals, 0
for n, 0.000 for p with 「<0.001」, …); where the page shows 「−」 the sheet does too (a share of none, a value that
does not exist); columns are as wide as what they show, a long heading or text wraps and its row is as tall as its
lines; 参考値 rows are grey italic. The stub (表側) is written only when the table has one: no unnamed index
column. Every cell value goes through :func:`put`. The workbook is byte-identical when regenerated from the same
inputs: no clock time is written.

Printed (issue 22: a hand-out), every sheet is one A4 page wide and no text is under 8 points
(:data:`MIN_PRINTED_POINTS`): the columns the page shows are printed, the analysts' detail the page leaves out
(:func:`detail_columns`: unadjusted p, the breakdowns) sits to their right, outside the print area; wrapping
columns are narrowed until the sheet fits the page at :data:`TARGET_SCALE` percent, in the orientation that takes
the fewest pages (:func:`print_plan`); a sheet of analysts' data that the hand-out prints elsewhere prints its
title only (:func:`unprinted_remark`). The 目次 says, sheet by sheet, what its print leaves out.

Two shapes. The year's ``tables.xlsx`` is a hand-out (``handout=True``, :meth:`jusolib.report.YearReport.write_workbook`):
a 目次 sheet first with every sheet, what it holds and whether its numbers are survey answers or public figures;
then 出典 (the report, the data and the conditions, in words); the tables under names a reader understands
(「I 回答の分布」, :attr:`jusolib.analysis.tables.ReportTable.sheet`); and last 「再現のための情報」 (files and their
SHA-256, versions, commit, parameters) — the one sheet of machinery. Public figures (the implementation status,
the coordinators) are not stamped 合成データ. An analyst's single table (``Table.to_excel``) keeps the compact
shape: the 出典 sheet with the provenance first, the table under its key.

Examples
--------
>>> import tempfile, pathlib
>>> from jusolib.analysis.tables import ReportTable, sheet_name
>>> table = ReportTable("例", "例の表", pd.DataFrame({"n": [23.0], "割合": [82.6]}, index=["項目"]), ["注"],
...                     percent_columns=["割合"], count_columns=["n"])
>>> path = pathlib.Path(tempfile.mkdtemp()) / "t.xlsx"
>>> write_workbook([table], path, {"data_status_label": "合成データ（synthetic）"})
>>> read_table(path, "例").values.tolist()
[[23.0, 82.6]]
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from jusolib.analysis.tables import ReportTable, sheet_name
from jusolib.core.docstrings import shared_parameters
from jusolib.core.files import cell_text, write_bytes_atomic, xlsx_bytes
from jusolib.core.formatting import NONE_MARK
from jusolib.core.status import DataStatus

PROVENANCE_SHEET = "出典"
CONTENTS_SHEET = "目次"
REPRODUCE_SHEET = "再現のための情報"
#: Points per line of wrapped text at the sheet's 11-point font.
LINE_HEIGHT = 15.0


def _cell(value: object) -> object:
    """A value as a cell stores it: ``None`` for missing and NaN, numpy scalars as Python, text storable."""
    if value is None:
        return None
    if isinstance(value, float) and value != value:
        return None
    if hasattr(value, "item"):  # numpy scalars
        value = value.item()
    if isinstance(value, str):  # text from a return: storable (formulas are defused when the book is saved)
        return cell_text(value)
    return value


def put(sheet: Any, row: int, column: int, value: object) -> Any:
    """Write one value into a cell and return the cell: the only place this module writes cell values.

    Parameters
    ----------
    sheet
        An openpyxl worksheet.
    row, column
        The cell's position, 1-based (row 1, column 1 is A1).
    value
        What to write: ``None`` and NaN leave the cell empty, a numpy number is stored as a number, a text has
        the control characters a workbook cannot hold replaced (:func:`~jusolib.core.files.cell_text`).

    Returns
    -------
    openpyxl.cell.Cell
        The cell, for the caller to style.

    Examples
    --------
    >>> import openpyxl
    >>> sheet = openpyxl.Workbook().active
    >>> put(sheet, 2, 3, float("nan")).coordinate, sheet["C2"].value, put(sheet, 1, 1, "a\\x0bb").value
    ('C2', None, 'a\ufffdb')
    """
    cell = sheet.cell(row=row, column=column)
    cell.value = _cell(value)
    return cell


#: Excel number format of each column kind (see :meth:`jusolib.analysis.tables.ReportTable.column_kind`).
NUMBER_FORMATS = {
    "percent": '0.0;-0.0;"−"',  # a share of none is 「−」, as on the page
    "interval": "0.0",
    "count": "0",
    "integer": "#,##0",
    "p": '[<0.001]"<0.001";0.000',
    "statistic": "0.000",
}
HEADER_ROW = 2
#: Excel number format of the count beside a share: a count of none is 「−」, as the share beside it and the page.
SHARE_COUNT_FORMAT = '0;-0;"−"'


def count_heading(column: object) -> str:
    """The heading of the count column written beside a share column (issue 22: 「82.6（19）」 as numbers).

    Parameters
    ----------
    column
        The share column's heading.

    Returns
    -------
    str
        The count column's heading.

    Examples
    --------
    >>> count_heading("あてはまる")
    'あてはまる（件数）'
    """
    return f"{column}（件数）"


def with_count_columns(table: ReportTable) -> tuple[ReportTable, list[str]]:
    """The table with a numeric count column after each share column that has counts
    (:attr:`~jusolib.analysis.tables.ReportTable.share_counts`), and the names of the columns added.

    The page prints 「82.6（19）」 in one cell; a sheet keeps both as numbers an analyst can compute with.

    Parameters
    ----------
    table
        A report table, with or without counts.

    Returns
    -------
    tuple
        The table to write (unchanged when it has no counts) and the headings of the count columns added.

    Examples
    --------
    >>> table = ReportTable("k", "t", pd.DataFrame({"n": [23], "あてはまる": [82.6], "無回答": [0.0]}),
    ...                     percent_columns=["あてはまる", "無回答"], count_columns=["n"],
    ...                     share_counts=pd.DataFrame({"あてはまる": [19], "無回答": [0]}))
    >>> wide, added = with_count_columns(table)
    >>> wide.frame.columns.tolist(), wide.frame.iloc[0].tolist()
    (['n', 'あてはまる', 'あてはまる（件数）', '無回答', '無回答（件数）'], [23.0, 82.6, 19.0, 0.0, 0.0])
    """
    import dataclasses

    counts = table.aligned_counts()
    if counts is None:
        return table, []
    columns: dict[object, pd.Series] = {}
    added: list[str] = []
    for column in table.frame.columns:
        columns[column] = table.frame[column]
        if column in counts.columns and column in table.percent_columns:
            added.append(count_heading(column))
            columns[added[-1]] = counts[column]
    frame = pd.DataFrame(columns, index=table.frame.index)
    wide = dataclasses.replace(
        table, frame=frame, integer_columns=[*table.integer_columns, *added], share_counts=None
    )
    return wide, added


@shared_parameters
def number_format(table: ReportTable, column: object) -> str | None:
    """The number format of a column (``None`` for text).

    Parameters
    ----------
    column
        A column of the table's frame; its kind (:meth:`~jusolib.analysis.tables.ReportTable.column_kind`)
        decides the format, and for a plain number its decimals.

    Returns
    -------
    str or None
        An Excel number format (:data:`NUMBER_FORMATS`; ``"0.00"`` for a number with two decimals), or
        ``None`` for text and already formatted columns.

    Examples
    --------
    >>> t = ReportTable("k", "t", pd.DataFrame({"p": [0.5], "平均": [62.5], "件数": [3.0], "名前": ["a"]}))
    >>> [number_format(t, c) for c in t.frame.columns]
    ['[<0.001]"<0.001";0.000', '0.0', '#,##0', None]
    >>> number_format(ReportTable("k", "t", pd.DataFrame({"割合": [0.0]}), percent_columns=["割合"]), "割合")
    '0.0;-0.0;"−"'
    """
    kind = table.column_kind(column)
    if kind in ("text", "formatted"):
        return None
    if kind == "number":
        digits = table.decimals(column)
        return "0" + ("." + "0" * digits if digits else "")
    return NUMBER_FORMATS[kind]


def display_width(text: object) -> int:
    """Columns a text takes in a spreadsheet cell: East Asian wide characters (and the ambiguous ones a Japanese
    font draws wide: ※, −, …) count as two.

    Parameters
    ----------
    text
        Any value; it is measured as ``str(text)``.

    Returns
    -------
    int
        Its width in half-width characters.

    Examples
    --------
    >>> display_width("n"), display_width("あてはまる"), display_width(82.6), display_width("※")
    (1, 10, 4, 2)
    """
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(c) in "WFA" else 1 for c in str(text))


#: A run of Latin letters, digits and their marks: a line never breaks inside it.
_WORD = re.compile(r"[A-Za-z0-9.,%²_'’]+|.", re.DOTALL)
#: Units of column width a wide character takes when a cell wraps: Excel draws a Japanese character of the 11-point
#: font about 14.7 px wide in columns of 7 px a unit, so a little over two (LibreOffice fits more on a line).
WIDE_UNITS = 2.1


def longest_word(text: object) -> int:
    """The width of the longest run of a text that a line never breaks inside (a Latin word, a number).

    Parameters
    ----------
    text
        Any value; it is measured as ``str(text)``.

    Returns
    -------
    int
        Its width in half-width characters (0 for an empty text).

    Examples
    --------
    >>> longest_word("Kruskal–Wallis p（Holm補正）"), longest_word("あてはまる")
    (7, 2)
    """
    return max((display_width(w) for w in _WORD.findall(str(text)) if not w.isspace()), default=0)


def lines_needed(text: object, width: float) -> int:
    """How many lines a wrapped cell of ``width`` units (about one half-width character each) needs.

    Lines fill word by word (a Latin word or number is never broken, a Japanese text breaks between any two
    characters) into the column less a unit of padding, a wide character counting :data:`WIDE_UNITS`: rows set
    to this many lines are never too short for their text, in Excel or LibreOffice.

    Parameters
    ----------
    text
        The cell's value (its lines counted apart).
    width
        The column's width in Excel's units.

    Returns
    -------
    int
        At least 1.

    Examples
    --------
    >>> lines_needed("あ" * 30, 21)  # 20 units a line hold 9 characters of 2.1: 9 + 9 + 9 + 3
    4
    >>> lines_needed("a\\nb", 20), lines_needed("", 10)
    (2, 1)
    >>> lines_needed("p（Holm補正）", 8)  # 7 units a line: 「p（」 then 「Holm補」 (「p（Holm」 is 7.1), 「正）」
    3
    """
    import unicodedata

    room = max(width - 1, 1.0)
    total = 0
    for part in str(text).split("\n"):
        lines, used = 1, 0.0
        for word in _WORD.findall(part):
            size = sum(WIDE_UNITS if unicodedata.east_asian_width(c) in "WFA" else 1.0 for c in word)
            if used and used + size > room and not word.isspace():
                lines, used = lines + 1, 0.0
            used += size
            while used > room:  # a word longer than a line runs on
                lines, used = lines + 1, used - room
        total += lines
    return max(total, 1)


def shown_text(value: object, number_format: str | None) -> str:
    """The text a cell shows: a number as its number format writes it (for the column's width).

    Parameters
    ----------
    value
        The cell's value.
    number_format
        The cell's number format (:data:`NUMBER_FORMATS`, ``"0.00"``…), ``None`` for text.

    Returns
    -------
    str
        What the cell displays.

    Examples
    --------
    >>> shown_text(0.46672931909657, "0.000"), shown_text(0.0004, NUMBER_FORMATS["p"])
    ('0.467', '<0.001')
    >>> shown_text(0.0, NUMBER_FORMATS["percent"]), shown_text(12345, "#,##0"), shown_text("名前", None)
    ('−', '12,345', '名前')
    """
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, int | float) or not number_format:
        return str(value)
    if number_format.startswith("[<0.001]") and 0 <= value < 0.001:
        return "<0.001"
    if f'"{NONE_MARK}"' in number_format and value == 0:
        return NONE_MARK
    decimals = re.search(r"\.(0+)", number_format)
    digits = len(decimals.group(1)) if decimals else 0
    return f"{value:,.{digits}f}" if "," in number_format else f"{value:.{digits}f}"


# -- print --------------------------------------------------------------------------------------------------------
#: A4 in points (210 × 297 mm at 72/25.4 points a millimetre).
A4_POINTS = {"portrait": 595.28, "landscape": 841.89}
#: Margins in inches: Excel's 「狭い」 preset (left and right 0.25 in = 6.35 mm; top and bottom 0.75 in with the
#: header and footer 0.3 in from the edge).
SIDE_MARGIN, END_MARGIN, HEADER_MARGIN = 0.25, 0.75, 0.3
#: Points a unit of column width takes when printed at 100%, at most: LibreOffice lays a unit out as 7.0 pt when
#: Calibri falls back to DejaVu Sans (a column of 60 units is 5.8335 in, measured), Excel as 7 px plus 5 px of
#: padding a column at 96 px an inch (5.25 pt a unit + 3.75 pt), which is less from 3 units up.
POINTS_PER_UNIT = 7.0
#: The font size of the table's cells, its title and its notes (points).
BODY_SIZE, TITLE_SIZE, NOTE_SIZE = 11, 12, 11
#: The smallest text on paper (points, issue 22).
MIN_PRINTED_POINTS = 8.0
#: Never print a sheet smaller than this (percent): the 11-point text at 8.25 points.
MIN_PRINT_SCALE = 75
#: The scale a sheet is laid out for: its wrapping columns narrowed until it fits the page at this scale
#: (9.35-point text), fewer lines than at 100% and so fewer pages.
TARGET_SCALE = 85


def printable_points(orientation: str) -> float:
    """The width of an A4 page inside its left and right margins (:data:`SIDE_MARGIN`), in points.

    Parameters
    ----------
    orientation
        ``"portrait"`` or ``"landscape"``.

    Returns
    -------
    float
        Points.

    Examples
    --------
    >>> printable_points("landscape"), printable_points("portrait")  # 841.89 − 2 × 18, 595.28 − 2 × 18
    (805.89, 559.28)
    """
    return round(A4_POINTS[orientation] - 2 * SIDE_MARGIN * 72, 2)


def column_points(width: float) -> float:
    """The width of a column of ``width`` units on paper at 100%, in points (the wider of LibreOffice's and
    Excel's layouts, :data:`POINTS_PER_UNIT`).

    Parameters
    ----------
    width
        The column's width in Excel's units.

    Returns
    -------
    float
        Points.

    Examples
    --------
    >>> column_points(10), column_points(2)  # 10 × 7.0; 0.75 × (7 × 2 + 5)
    (70.0, 14.25)
    """
    return max(POINTS_PER_UNIT * width, 0.75 * (7 * width + 5))


@dataclass(frozen=True)
class PrintPlan:
    """How a sheet prints: on A4 in ``orientation``, at ``scale`` percent or more (``fit``: fitted to the page's
    width, each program then choosing a scale of at least this), ``pages_wide`` pages across."""

    orientation: str
    scale: int
    fit: bool
    pages_wide: int


def print_floor(smallest_font: float) -> int:
    """The smallest print scale (percent) that keeps a sheet's smallest text at :data:`MIN_PRINTED_POINTS`.

    Parameters
    ----------
    smallest_font
        The size of the smallest font on the sheet (points).

    Returns
    -------
    int
        At least :data:`MIN_PRINT_SCALE`.

    Examples
    --------
    >>> print_floor(11), print_floor(9)  # 8 / 11 = 72.7% → 75; 8 / 9 = 88.9% → 89
    (75, 89)
    """
    return max(MIN_PRINT_SCALE, math.ceil(100 * MIN_PRINTED_POINTS / smallest_font - 1e-9))


def print_plan(
    widths: Sequence[float], floor: int = MIN_PRINT_SCALE, orientation: str | None = None
) -> PrintPlan:
    """How a sheet whose printed columns are ``widths`` units wide prints: portrait when it fits a portrait page
    at 100% (unless ``orientation`` is given), else landscape — fitted to the page's width when that keeps the
    scale at ``floor`` percent or more, else at ``floor`` on several pages across (the stub and header repeated
    on each).

    Parameters
    ----------
    widths
        The widths of the printed columns (Excel's units).
    floor
        The smallest scale allowed (:func:`print_floor`).
    orientation
        ``"portrait"`` or ``"landscape"`` to decide it; ``None`` to choose as above.

    Returns
    -------
    PrintPlan
        The orientation, the (smallest) scale, whether it is fitted, and how many pages across.

    Examples
    --------
    >>> print_plan([40, 30])  # 490 pt in a portrait page of 559.28 pt
    PrintPlan(orientation='portrait', scale=100, fit=True, pages_wide=1)
    >>> print_plan([60, 60])  # 840 pt in a landscape page of 805.89 pt: 805.89 / 840 = 95.9%
    PrintPlan(orientation='landscape', scale=95, fit=True, pages_wide=1)
    >>> print_plan([60, 60], orientation="portrait")  # 559.28 / 840 = 66.6%: at 75%, 630 pt on two pages
    PrintPlan(orientation='portrait', scale=75, fit=False, pages_wide=2)
    >>> print_plan([100, 100])  # 1400 pt: 57.6% would be too small; at 75%, 1050 pt on two pages
    PrintPlan(orientation='landscape', scale=75, fit=False, pages_wide=2)
    """
    total = sum(column_points(w) for w in widths)
    if orientation is None:
        orientation = "portrait" if total <= printable_points("portrait") else "landscape"
    page = printable_points(orientation)
    scale = min(100, math.floor(100 * page / total)) if total else 100
    if scale >= floor:
        return PrintPlan(orientation, scale, True, 1)
    return PrintPlan(orientation, floor, False, math.ceil(total * floor / 100 / page))


def printable_height(orientation: str) -> float:
    """The height of an A4 page inside its top and bottom margins (:data:`END_MARGIN`), in points.

    Parameters
    ----------
    orientation
        ``"portrait"`` or ``"landscape"``.

    Returns
    -------
    float
        Points.

    Examples
    --------
    >>> printable_height("portrait"), printable_height("landscape")  # 841.89 − 2 × 54, 595.28 − 2 × 54
    (733.89, 487.28)
    """
    return round(A4_POINTS["landscape" if orientation == "portrait" else "portrait"] - 2 * END_MARGIN * 72, 2)


def narrowed(natural: Sequence[float], least: Sequence[float], room: float) -> list[int]:
    """Column widths that fit ``room`` points on paper: the columns that can wrap (``least`` below ``natural``)
    give up the same share of their slack, never below ``least``; widths that already fit are kept.

    Parameters
    ----------
    natural
        Each column's width for its contents (Excel's units).
    least
        Each column's narrowest width (its heading wrapped, its text on more lines).
    room
        The page's printable width (points).

    Returns
    -------
    list of int
        The widths.

    Examples
    --------
    >>> narrowed([60, 40, 10], [30, 20, 10], 805.89)  # 110 units fit a landscape page (770 pt)
    [60, 40, 10]
    >>> narrowed([60, 60, 10], [30, 20, 10], 805.89)  # 130 units: 15 too many, from slacks of 30 and 40
    [53, 51, 10]
    """
    total = sum(column_points(w) for w in natural)
    if total <= room:
        return [math.floor(w) for w in natural]
    slack = [max(n - m, 0.0) for n, m in zip(natural, least, strict=True)]
    excess = (total - room) / POINTS_PER_UNIT
    share = min(excess / sum(slack), 1.0) if sum(slack) else 0.0
    return [math.floor(n - s * share) for n, s in zip(natural, slack, strict=True)]


def _print_setup(sheet: Any, stamp: str | None, plan: PrintPlan) -> None:
    """A4 in the plan's orientation and scale, Excel's narrow margins, ``stamp`` in the header of every printed
    page (in the body's size, so that it too prints at 8 points or more)."""
    if stamp:
        sheet.oddHeader.center.text = stamp
        sheet.oddHeader.center.size = BODY_SIZE
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = plan.orientation
    margins = sheet.page_margins
    margins.left = margins.right = SIDE_MARGIN
    margins.top = margins.bottom = END_MARGIN
    margins.header = margins.footer = HEADER_MARGIN
    if plan.fit:
        sheet.page_setup.fitToWidth = 1
        sheet.page_setup.fitToHeight = 0
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
    else:
        sheet.page_setup.scale = plan.scale
        sheet.sheet_properties.pageSetUpPr.fitToPage = False


def _widths(sheet: Any, widths: Sequence[float]) -> None:
    """Set the sheet's column widths, from column A."""
    from openpyxl.utils import get_column_letter

    for position, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(position)].width = width


#: Widths (Excel's units): a heading wider than its column's values wraps at :data:`HEADER_WIDTH` (at the
#: narrowest at :data:`NARROW_HEADER`); a stub label at :data:`STUB_WIDTH` (at the narrowest
#: :data:`NARROW_STUB`); a short text at :data:`TEXT_WIDTH`; a long text (over 40 characters) at
#: :data:`LONG_TEXT_WIDTH` (at the narrowest :data:`NARROW_LONG_TEXT`).
HEADER_WIDTH, NARROW_HEADER = 12, 8
STUB_WIDTH, NARROW_STUB = 40, 20
TEXT_WIDTH, NARROW_TEXT = 30, 12
LONG_TEXT_WIDTH, NARROW_LONG_TEXT = 60, 36
MIN_WIDTH = 6


def unprinted_remark(key: str, part: str = "label") -> str | None:
    """Why a table's sheet prints its title only (``unprinted_sheets`` in ``texts.yaml``: analysts' data whose
    contents the hand-out prints elsewhere), in the words of the 目次 or, short, of the printed page's footer;
    ``None`` for a sheet that prints.

    Parameters
    ----------
    key
        The table's stable key.
    part
        ``"label"`` (the 目次's remark) or ``"footer"``.

    Returns
    -------
    str or None
        The remark, its ``{1}`` filled with the key's section.

    Examples
    --------
    >>> unprinted_remark("II_テーマ_文書")[:12], unprinted_remark("II_テーマ") is None
    ('印刷しない（表題のみ）。', True)
    >>> unprinted_remark("II_テーマ_文書", "footer")
    '分析用の表のため印刷は表題のみ（目次を参照）'
    """
    from jusolib.core.resources import texts

    for rule in texts()["unprinted_sheets"]:
        match = re.fullmatch(rule["pattern"], key)
        if match:
            remark = str(rule[part])
            for number, group in enumerate(match.groups(), start=1):
                remark = remark.replace(f"{{{number}}}", group)
            return remark
    return None


def detail_columns(table: ReportTable) -> list[object]:
    """The columns of a table that its sheet keeps to the right of what it prints: those the page leaves out
    (``workbook_only``, ``quiet_columns``: the analysts' detail) and the counts beside them.

    Parameters
    ----------
    table
        The table as written (:func:`with_count_columns`).

    Returns
    -------
    list
        The columns, in the table's order.

    Examples
    --------
    >>> t = ReportTable("k", "t", pd.DataFrame({"p": [0.1], "p（補正なし）": [0.05], "要約": ["…"]}),
    ...                 workbook_only=["p（補正なし）"])
    >>> detail_columns(t)
    ['p（補正なし）']
    """
    left_out = {*table.workbook_only, *table.quiet_columns}
    left_out |= {count_heading(c) for c in left_out}
    return [c for c in table.frame.columns if c in left_out]


def print_remark(table: ReportTable) -> str:
    """What the 目次 says of how a table's sheet prints: nothing when it prints whole, else what is left out.

    Parameters
    ----------
    table
        A report table.

    Returns
    -------
    str
        The remark, or ``""``.

    Examples
    --------
    >>> t = ReportTable("k", "t", pd.DataFrame({"p": [0.1], "p（補正なし）": [0.05]}), workbook_only=["p（補正なし）"])
    >>> print_remark(t)
    '報告書の表と同じ列を印刷（右の1列は分析用の詳細で、画面で見る）'
    """
    unprinted = unprinted_remark(table.key)
    if unprinted:
        return unprinted
    if table.frame.empty:
        return ""
    detail = detail_columns(with_count_columns(table)[0])
    return f"報告書の表と同じ列を印刷（右の{len(detail)}列は分析用の詳細で、画面で見る）" if detail else ""


def _column_widths(
    headers: Sequence[str], shown: Sequence[Sequence[str]], roles: Sequence[str]
) -> tuple[list[float], list[float]]:
    """Each column's natural and narrowest width (Excel's units), from its heading, the texts it shows and its
    role (``stub``, ``number``, ``text`` or ``long``)."""
    natural: list[float] = []
    least: list[float] = []
    for header, texts_shown, role in zip(headers, shown, roles, strict=True):
        content = max([display_width(t) + 2 for t in texts_shown] + [MIN_WIDTH])
        head = display_width(header)
        lines = max(math.ceil(head / (HEADER_WIDTH - 2)), 1)
        head = math.ceil(head / lines) + 2  # a heading over HEADER_WIDTH wraps into lines of even length
        word = max([longest_word(header)] + [longest_word(t) for t in texts_shown]) + 2
        if role == "long":
            wide, narrow = LONG_TEXT_WIDTH, NARROW_LONG_TEXT
        elif role == "stub":
            wide = min(max(content, min(head, HEADER_WIDTH)), STUB_WIDTH)
            narrow = min(wide, NARROW_STUB)
        elif role == "text":
            wide = min(max(content, min(head, HEADER_WIDTH)), TEXT_WIDTH)
            narrow = min(wide, NARROW_TEXT)
        else:  # a number is never wrapped: only its heading
            wide = max(content, min(head, HEADER_WIDTH))
            narrow = max(content, min(head, NARROW_HEADER))
        natural.append(max(wide, word))
        least.append(max(narrow, word))
    return natural, least


def _wraps(text: str, width: float) -> bool:
    """Whether a cell showing ``text`` wraps in a column of ``width`` units."""
    return display_width(text) + 2 > width


def _row_lines(shown: Sequence[Sequence[str]], roles: Sequence[str], widths: Sequence[float]) -> list[int]:
    """The lines each body row needs: the most of its wrapped cells (numbers never wrap)."""
    rows = len(shown[0]) if shown else 0
    lines = [1] * rows
    for texts_shown, role, width in zip(shown, roles, widths, strict=True):
        if role == "number":
            continue
        for row, text in enumerate(texts_shown):
            if _wraps(text, width):
                lines[row] = max(lines[row], lines_needed(text, width))
    return lines


def _layout(
    headers: Sequence[str],
    natural: Sequence[float],
    least: Sequence[float],
    printed: int,
    shown: Sequence[Sequence[str]],
    roles: Sequence[str],
    floor: int,
) -> tuple[list[float], PrintPlan]:
    """The column widths and print plan of a table sheet: its printed columns narrowed to a page at
    :data:`TARGET_SCALE` in each orientation, and the orientation that prints on the fewest pages (then the
    larger scale; then portrait). The columns after ``printed`` keep their natural widths."""
    best: tuple[tuple[int, int], list[float], PrintPlan] | None = None
    for orientation in ("portrait", "landscape"):
        room = printable_points(orientation) * 100 / TARGET_SCALE
        paper = narrowed(natural[:printed], least[:printed], room)
        plan = print_plan(paper, floor, orientation)
        lines = _row_lines(shown[:printed], roles[:printed], paper)
        header = max(lines_needed(h, w) for h, w in zip(headers, paper, strict=False))
        height = sum(lines) * LINE_HEIGHT * plan.scale / 100
        per_page = printable_height(orientation) - (header + 2) * LINE_HEIGHT * plan.scale / 100
        pages = plan.pages_wide * max(math.ceil(height / max(per_page, LINE_HEIGHT)), 1)
        rank = (pages, -plan.scale)
        if best is None or rank < best[0]:
            best = (rank, [*paper, *map(math.floor, natural[printed:])], plan)
    assert best is not None
    return best[1], best[2]


def _write_table(sheet: Any, table: ReportTable, stamp: str | None = None) -> None:
    """Title in row 1, the header in row 2 (bold, frozen below, filtered, both repeated on printed pages), the
    rows, then the notes; widths from the contents (long headings and texts wrap, rows as tall as their lines),
    number formats from the column kinds, 「−」 where the page shows it, 参考値 rows grey italic. The columns the
    page shows print, on one A4 page across; the analysts' detail (:func:`detail_columns`) sits to their right,
    outside the print area; a sheet of analysts' data (:func:`unprinted_remark`) prints its title only, saying
    why in its footer. ``stamp`` (synthetic data) follows the title and heads every printed page, so that a sheet
    copied out or printed alone still says what its numbers are."""
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    title = f"{table.title}　【{stamp}】" if stamp else table.title
    put(sheet, 1, 1, title).font = Font(bold=True, size=TITLE_SIZE)
    table, count_columns = with_count_columns(table)
    detail = detail_columns(table)
    columns = [c for c in table.frame.columns if c not in detail] + detail
    frame = table.frame[columns]
    stub = [n or "" for n in frame.index.names] if table.shows_index() else []
    headers = [*stub, *map(str, columns)]
    printed = len(headers) - len(detail)
    if frame.empty:
        put(sheet, HEADER_ROW, 1, table.empty_message)
        last = HEADER_ROW
        widths = [float(min(max(display_width(table.empty_message) + 2, MIN_WIDTH), LONG_TEXT_WIDTH))]
        printed = 1
    else:
        formats = [SHARE_COUNT_FORMAT if c in count_columns else number_format(table, c) for c in columns]
        keys = [(k if isinstance(k, tuple) else (k,)) if stub else () for k in frame.index]
        body = [[*key, *values] for key, values in zip(keys, frame.itertuples(index=False), strict=True)]
        cells = [[_cell(v) for v in row] for row in body]
        shown = [
            [shown_text(row[k], None if k < len(stub) else formats[k - len(stub)]) for row in cells]
            for k in range(len(headers))
        ]
        roles = [
            "stub"
            if k < len(stub)
            else "number"
            if formats[k - len(stub)]
            else "long"
            if table.column_kind(columns[k - len(stub)]) == "text"
            and max((len(t) for t in shown[k]), default=0) > 40
            else "text"
            for k in range(len(headers))
        ]
        natural, least = _column_widths(headers, shown, roles)
        widths, plan = _layout(
            headers, natural, least, printed, shown, roles, print_floor(min(BODY_SIZE, NOTE_SIZE))
        )
        fill = PatternFill("solid", fgColor="EEF2F8")
        rule = Border(bottom=Side(style="thin", color="8899AA"))
        for position, header in enumerate(headers, start=1):
            cell = put(sheet, HEADER_ROW, position, header)
            cell.font, cell.fill, cell.border = Font(bold=True), fill, rule
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        lines = _row_lines(shown, roles, widths)
        header_lines = max(lines_needed(h, w) for h, w in zip(headers, widths, strict=True))
        if header_lines > 1:
            sheet.row_dimensions[HEADER_ROW].height = header_lines * LINE_HEIGHT
        grey = Font(italic=True, color="777777")
        wrap, top = Alignment(wrap_text=True, vertical="top"), Alignment(vertical="top")
        for row, (values, small) in enumerate(
            zip(cells, table.reference_mask(), strict=True), start=HEADER_ROW + 1
        ):
            for position, value in enumerate(values, start=1):
                offset = position - len(stub) - 1
                if (
                    offset >= 0 and formats[offset] and value is None
                ):  # the page shows 「−」: so does the sheet
                    cell = put(sheet, row, position, NONE_MARK)
                    cell.alignment = Alignment(horizontal="right", vertical="top")
                    continue
                cell = put(sheet, row, position, value)
                cell.alignment = top
                if offset >= 0 and formats[offset]:
                    cell.number_format = formats[offset]
                    if small:
                        cell.font = grey
                elif _wraps(shown[position - 1][row - HEADER_ROW - 1], widths[position - 1]):
                    cell.alignment = wrap  # a text wider than its column wraps, its row as tall as its lines
            if lines[row - HEADER_ROW - 1] > 1:
                sheet.row_dimensions[row].height = lines[row - HEADER_ROW - 1] * LINE_HEIGHT
        last = HEADER_ROW + len(frame)
        end = get_column_letter(len(headers))
        sheet.freeze_panes = sheet.cell(HEADER_ROW + 1, len(stub) + 1)
        sheet.auto_filter.ref = f"A{HEADER_ROW}:{end}{last}"
        sheet.print_title_rows = f"1:{HEADER_ROW}"
        if stub:
            sheet.print_title_cols = f"A:{get_column_letter(len(stub))}"
    _widths(sheet, widths)
    unprinted = unprinted_remark(table.key)
    if (
        unprinted
    ):  # analysts' data: its title only (the leading columns a landscape page holds), why in the footer
        room = printable_points("landscape")
        printed = max(sum(sum(map(column_points, widths[: k + 1])) <= room for k in range(printed)), 1)
    paper = widths[:printed]
    if printed > 1:  # the title wraps across the printed columns rather than run off the page
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=printed)
        sheet["A1"].alignment = Alignment(wrap_text=True, vertical="top")
        title_lines = lines_needed(title, sum(paper) * BODY_SIZE / TITLE_SIZE)
        if title_lines > 1:
            sheet.row_dimensions[1].height = title_lines * LINE_HEIGHT * TITLE_SIZE / BODY_SIZE
    # the notes: wrapped across the printed columns, each row as tall as its lines
    note_font = Font(size=NOTE_SIZE, color="555555")
    notes = [*table.notes, *table.method_notes]
    for offset, note in enumerate(notes, start=2):
        row = last + offset
        cell = put(sheet, row, 1, f"注: {note}" if offset == 2 else note)
        cell.font = note_font
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if printed > 1:
            sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=printed)
        sheet.row_dimensions[row].height = (
            lines_needed(cell.value, sum(paper) * BODY_SIZE / NOTE_SIZE) * LINE_HEIGHT * NOTE_SIZE / BODY_SIZE
        )
    if unprinted:
        sheet.print_area = f"A1:{get_column_letter(printed)}1"
        sheet.oddFooter.center.text = unprinted_remark(table.key, "footer")
        sheet.oddFooter.center.size = BODY_SIZE
        plan = print_plan(paper, print_floor(BODY_SIZE), "landscape")
    else:
        last_row = last + 1 + len(notes) if notes else last
        sheet.print_area = f"A1:{get_column_letter(printed)}{last_row}"
        if frame.empty:
            plan = print_plan(paper, print_floor(min(BODY_SIZE, NOTE_SIZE)))
    _print_setup(sheet, stamp, plan)


def _flat(value: object) -> str:
    """A provenance value as text: lists joined by 、, mappings as 「key: value」 (never JSON)."""
    if isinstance(value, dict):
        return "、".join(f"{k}: {_flat(v)}" for k, v in value.items())
    if isinstance(value, list | tuple):
        return "、".join(_flat(v) for v in value)
    if isinstance(value, bool):
        return "はい" if value else "いいえ"
    return "" if value is None else str(value)


def _write_provenance(sheet: Any, record: dict[str, Any], stamp: str | None = None) -> None:
    """The 出典 sheet: Japanese key/value rows, then the input and processed files with their SHA-256."""
    from openpyxl.styles import Font

    from jusolib.core.wording import parameter_label, provenance_label, scheme_label

    rows: list[tuple[object, object]] = []
    if stamp:
        rows.append(
            (
                "【合成データ】このブックの数値は、公表値に合わせて再構成した合成データによるもので、"
                "実際の調査回答ではありません。",
                None,
            )
        )
    rows.append((provenance_label("data_status_label"), record.get("data_status_label", "")))
    if "fiscal_year_label" in record:
        rows.append((provenance_label("fiscal_year_label"), record["fiscal_year_label"]))
    for key, value in record.get("parameters", {}).items():
        if key != "fiscal_year":
            rows.append(
                (parameter_label(key), scheme_label(str(value)) if key == "size_scheme" else _flat(value))
            )
    if "codebook_demonstration" in record:
        demonstration = record["codebook_demonstration"]
        rows.append(
            (
                provenance_label("codebook_demonstration"),
                "デモンストレーション用" if demonstration else "調査票による",
            )
        )
    if "commit" in record:
        rows.append((provenance_label("commit"), record["commit"]))
    listed = {
        "data_status",
        "data_status_label",
        "fiscal_year",
        "fiscal_year_label",
        "parameters",
        "codebook_demonstration",
        "commit",
        "inputs",
        "processed_outputs",
        "packages",
        "variant",
    }
    for key, value in record.items():
        if key not in listed:
            rows.append((provenance_label(key), _flat(value)))
    blocks = [
        ("入力ファイル", "SHA-256", record.get("inputs", {})),
        ("処理済みファイル", "SHA-256", record.get("processed_outputs", {})),
        ("パッケージ", "バージョン", record.get("packages", {})),
    ]
    put(sheet, 1, 1, "出典・データの来歴").font = Font(bold=True, size=TITLE_SIZE)
    listing: list[tuple[object, object, str]] = [(key, value, "key") for key, value in rows]
    for head, second, values in blocks:
        if not values:
            continue
        listing.append((None, None, "blank"))
        listing.append((head, second, "heading"))
        listing.extend((name, _flat(digest), "item") for name, digest in values.items())
    _write_pairs(sheet, listing, PROVENANCE_WIDTHS, stamp)


#: Widths of the two columns of the provenance sheet: a file's path wraps, its SHA-256 (64 characters) does not.
PROVENANCE_WIDTHS = (40, 68)
#: Widths of the 出典 sheet's two columns.
SOURCES_WIDTHS = (22, 90)
#: Widths of the 目次's columns: シート, 内容, 行数, 数値の出所, 印刷 (134 units: 938 pt, a landscape page at 85.9%).
CONTENTS_WIDTHS = (30, 56, 6, 14, 28)


def _write_pairs(
    sheet: Any, rows: Sequence[tuple[object, object, str]], widths: tuple[int, int], stamp: str | None
) -> None:
    """Key/value rows from row 2, each with its kind: ``key`` (the key bold), ``heading`` (a block's heading: both
    bold), ``item`` (a block's row) or ``blank``; both wrapped in their columns, each row as tall as its lines; a
    key without a value spans both columns; printed on one page across."""
    from openpyxl.styles import Alignment, Font

    wrap = Alignment(wrap_text=True, vertical="top")
    for row, (key, value, kind) in enumerate(rows, start=2):
        if kind == "blank":
            continue
        first = put(sheet, row, 1, key)
        first.alignment = wrap
        if kind != "item":
            first.font = Font(bold=True)
        if value is None or value == "":
            sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=2)
            lines = lines_needed(key, sum(widths))
        else:
            second = put(sheet, row, 2, value)
            second.alignment = wrap
            if kind == "heading":
                second.font = Font(bold=True)
            lines = max(lines_needed(key, widths[0]), lines_needed(value, widths[1]))
        if lines > 1:
            sheet.row_dimensions[row].height = lines * LINE_HEIGHT
    _widths(sheet, widths)
    sheet.print_title_rows = "1:1"
    _print_setup(sheet, stamp, print_plan(widths, print_floor(BODY_SIZE)))


def _write_sources(sheet: Any, record: dict[str, Any], stamp: str | None) -> None:
    """The hand-out's 出典 sheet: the published report, the data and the conditions of the tables, in words —
    nothing of the machinery (that is the last sheet, 「再現のための情報」)."""
    from openpyxl.styles import Font

    from jusolib.core.wording import parameter_label, scheme_label

    parameters = record.get("parameters", {})
    rows: list[tuple[str, str]] = []
    if stamp:
        rows.append(
            (
                "【合成データ】",
                "このブックの調査結果の数値は、公表値に合わせて再構成した合成データによるもので、実際の調査回答では"
                "ありません（「都内の実施状況」「地域福祉コーディネーター」のシートは公表資料による実数）。",
            )
        )
    if record.get("report_source"):
        rows.append((str(record.get("report_source_label", "報告書")), str(record["report_source"])))
    rows.append(("データ", f"{DataStatus.of(record.get('data_status', DataStatus.UNKNOWN)).label}"))
    if "fiscal_year_label" in record:
        rows.append(("年度", str(record["fiscal_year_label"])))
    for key in ("respondent_type", "size_caption"):
        if key in parameters:
            rows.append((parameter_label(key), str(parameters[key])))
    if "size_scheme" in parameters and "size_caption" not in parameters:
        rows.append((parameter_label("size_scheme"), scheme_label(str(parameters["size_scheme"]))))
    if parameters.get("redact"):
        rows.append((parameter_label("redact"), "個人情報の可能性がある記述を伏せ字にしている"))
    rows.append(
        (
            "読み方",
            "割合（%）は小数第2位を四捨五入。「−」は該当なし（0件）または値がないこと。灰色の斜体は参考値（基数が10未満）。"
            "各シートの下の注に、割合の基数と区分の定義がある。",
        )
    )
    rows.append(
        ("再現のための情報", f"入力ファイルとその SHA-256、パッケージ、コミットは「{REPRODUCE_SHEET}」シート")
    )
    put(sheet, 1, 1, "出典").font = Font(bold=True, size=TITLE_SIZE)
    _write_pairs(sheet, [(key, value, "key") for key, value in rows], SOURCES_WIDTHS, stamp)


def _write_contents(sheet: Any, tables: Sequence[ReportTable], names: list[str], stamp: str | None) -> None:
    """The 目次 sheet: every sheet with a link, what it holds (the table's title), its rows, where its numbers
    come from and, where a sheet prints less than it holds, what it leaves out (:func:`print_remark`)."""
    from openpyxl.styles import Alignment, Font, PatternFill

    put(sheet, 1, 1, "目次" + (f"　【{stamp}】" if stamp else "")).font = Font(bold=True, size=TITLE_SIZE)
    headers = ("シート", "内容", "行数", "数値の出所", "印刷")
    fill = PatternFill("solid", fgColor="EEF2F8")
    for column, header in enumerate(headers, start=1):
        cell = put(sheet, HEADER_ROW, column, header)
        cell.font, cell.fill = Font(bold=True), fill
    entries = [
        (PROVENANCE_SHEET, "報告書、データ、集計の条件、読み方", None, "", ""),
        *(
            (
                name,
                table.title,
                len(table.frame),
                "公表資料（実数）" if table.public_figures else ("合成データ" if stamp else "調査回答"),
                print_remark(table),
            )
            for name, table in zip(names, tables, strict=True)
        ),
        (
            REPRODUCE_SHEET,
            "入力ファイルとその SHA-256、パッケージ、コミット、集計の条件（分析担当者向け）",
            None,
            "",
            "",
        ),
    ]
    wrap = Alignment(wrap_text=True, vertical="top")
    for row, entry in enumerate(entries, start=HEADER_ROW + 1):
        name = entry[0]
        for column, value in enumerate(entry, start=1):
            if value is not None and value != "":
                put(sheet, row, column, value).alignment = wrap
        link = sheet.cell(row, 1)
        link.hyperlink = f"#'{name}'!A1"
        link.font = Font(color="1F4E8C", underline="single")
        lines = max(lines_needed(v, w) for v, w in zip(entry, CONTENTS_WIDTHS, strict=True) if v)
        if lines > 1:
            sheet.row_dimensions[row].height = lines * LINE_HEIGHT
    _widths(sheet, CONTENTS_WIDTHS)
    sheet.freeze_panes = sheet.cell(HEADER_ROW + 1, 1)
    sheet.print_title_rows = f"1:{HEADER_ROW}"
    _print_setup(sheet, stamp, print_plan(CONTENTS_WIDTHS, print_floor(BODY_SIZE)))


def workbook_bytes(tables: Sequence[ReportTable], record: dict[str, Any], *, handout: bool = False) -> bytes:
    """The workbook as bytes (see :func:`write_workbook`).

    Parameters
    ----------
    tables
        The report tables, one sheet each in this order (named by their key, or with ``handout`` by the name a
        reader understands, :attr:`~jusolib.analysis.tables.ReportTable.sheet`).
    record
        The provenance record (:func:`~jusolib.analysis.provenance.provenance`): its ``data_status`` decides the
        合成データ stamp of every sheet of survey numbers (a record without one counts as ``unknown``).
    handout
        The year's ``tables.xlsx`` as a hand-out: 目次 first, 出典 in words, the tables, 「再現のための情報」
        last (see the module docstring). Otherwise the 出典 sheet with the provenance first, then the tables.

    Returns
    -------
    bytes
        The .xlsx file; the same tables and record give the same bytes.

    Raises
    ------
    ValueError
        If two tables would get the same sheet name.

    Examples
    --------
    >>> table = ReportTable("I_分布_含", "分布", pd.DataFrame({"n": [23]}), count_columns=["n"])
    >>> import io, openpyxl
    >>> book = openpyxl.load_workbook(io.BytesIO(workbook_bytes([table], {"data_status": "synthetic"}, handout=True)))
    >>> book.sheetnames
    ['目次', '出典', 'I 回答の分布', '再現のための情報']
    """
    import openpyxl

    book = openpyxl.Workbook()
    stamp = DataStatus.of(record.get("data_status", DataStatus.UNKNOWN)).mark
    names = [table.sheet if handout else sheet_name(table.key) for table in tables]
    seen = {PROVENANCE_SHEET, CONTENTS_SHEET, REPRODUCE_SHEET}
    for name in names:
        if name in seen:
            raise ValueError(f"two tables would share the sheet name {name!r}")
        seen.add(name)
    first = book.active
    if handout:
        _write_contents(first, tables, names, stamp)
        first.title = CONTENTS_SHEET
        _write_sources(book.create_sheet(PROVENANCE_SHEET), record, stamp)
    else:
        _write_provenance(first, record, stamp)
        first.title = PROVENANCE_SHEET
    for name, table in zip(names, tables, strict=True):
        _write_table(book.create_sheet(name), table, None if table.public_figures else stamp)
    if handout:
        reproduce = book.create_sheet(REPRODUCE_SHEET)
        _write_provenance(reproduce, record, stamp)
        reproduce["A1"].value = REPRODUCE_SHEET
    return xlsx_bytes(book, creator="jusolib")


def write_workbook(
    tables: Sequence[ReportTable], path: Path, record: dict[str, Any], *, handout: bool = False
) -> None:
    """Write every table into one workbook at ``path`` (atomically), with the provenance record first — or, as
    a hand-out, with a 目次 first and the provenance last (:func:`workbook_bytes`).

    Parameters
    ----------
    tables
        The report tables, one sheet each in this order.
    path
        The .xlsx file to write (its folder is created if missing, an existing file replaced).
    record
        The provenance record, written as the 出典 sheet (as a hand-out: 「再現のための情報」).
    handout
        Write the year's hand-out (see :func:`workbook_bytes`).
    """
    write_bytes_atomic(Path(path), workbook_bytes(tables, record, handout=handout))


def read_table(path: Path, sheet: str, index_levels: int = 1) -> pd.DataFrame:
    """Read one table sheet back (for checks): the header is row 2, the rows run to the first blank row.

    Parameters
    ----------
    path
        A workbook written by :func:`write_workbook`.
    sheet
        The sheet's name (:func:`~jusolib.analysis.tables.sheet_name` of the table's key).
    index_levels
        How many leading columns are the table's stub (表側) and become the index; 0 for none.

    Returns
    -------
    DataFrame
        The table with the sheet's header as column names (an empty heading as ``""``) and the cells as
        stored (numbers as numbers, not as displayed).
    """
    import openpyxl

    book = openpyxl.load_workbook(path, read_only=True)
    rows = [list(r) for r in book[sheet].iter_rows(values_only=True)]
    header = rows[HEADER_ROW - 1]
    body = []
    for r in rows[HEADER_ROW:]:
        if all(v is None for v in r):
            break
        body.append(r)
    frame = pd.DataFrame(body, columns=[h if h is not None else "" for h in header])
    for column in frame.columns:  # 「−」 in a column of numbers is a missing value, as written
        values = frame[column]
        others = values[values != NONE_MARK].dropna()
        if (values == NONE_MARK).any() and all(isinstance(v, int | float) for v in others):
            frame[column] = values.where(values != NONE_MARK, None)
    if not index_levels:
        return frame
    index = list(frame.columns[:index_levels])
    return frame.set_index(index if index_levels > 1 else index[0])
