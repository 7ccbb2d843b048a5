"""Excel export: every table of a fiscal year in one workbook, one sheet per table, plus a 出典 sheet.

Each table sheet has the title in row 1 and the header in row 2 (bold, frozen below, with an autofilter, repeated
on every printed page), then the rows and, under them, the notes (base, test used, scheme and population series).
Numbers keep their value and get the number format of their column kind (0.0 for shares and intervals, 0 for n,
0.000 for p with 「<0.001」, …); where the page shows 「−」 the sheet does too (a share of none, a value that
does not exist); columns are as wide as their contents; wrapped text gets rows tall enough for its lines; 参考値
rows are grey italic; pages print A4 landscape, fitted to the page's width but never smaller than
:data:`MIN_PRINT_SCALE` percent (a wider table continues on further pages, its stub and header repeated). The stub
(表側) is written only when the table has one: no unnamed index column. Every cell value goes through :func:`put`.
The workbook is byte-identical when regenerated from the same inputs: no clock time is written.

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

from collections.abc import Sequence
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
#: Never print a sheet smaller than this (percent of 11 pt: about 8 pt).
MIN_PRINT_SCALE = 75
#: A4 landscape holds about this many units of column width at 100% (277 mm of print width).
PAGE_WIDTH_UNITS = 150
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
MIN_WIDTH, MAX_WIDTH, LONG_TEXT_WIDTH = 6, 48, 60
HEADER_ROW = 2
#: Excel number format of the count beside a share: a count of none is 「−」, as the share beside it and the page.
SHARE_COUNT_FORMAT = '0;-0;"−"'
#: Width of a count column beside a share (its heading 「あてはまる（件数）」 on two lines).
COUNT_WIDTH = 10


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
    """Columns a text takes in a spreadsheet cell: East Asian wide characters count as two.

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
    >>> display_width("n"), display_width("あてはまる"), display_width(82.6)
    (1, 10, 4)
    """
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in str(text))


def lines_needed(text: object, width: float) -> int:
    """How many lines a wrapped cell of ``width`` units (about one half-width character each) needs.

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
    >>> lines_needed("あ" * 30, 21), lines_needed("a\\nb", 20), lines_needed("", 10)  # 60 half-widths in 20 a line
    (3, 2, 1)
    """
    return max(
        1, sum(max(1, -(-display_width(part) // max(int(width) - 1, 1))) for part in str(text).split("\n"))
    )


def _write_table(sheet: Any, table: ReportTable, stamp: str | None = None) -> None:
    """Title in row 1, the header in row 2 (bold, frozen below, filtered, repeated on printed pages), the rows,
    then the notes; widths from the contents, number formats from the column kinds, 「−」 where the page shows
    it, rows tall enough for their wrapped text, 参考値 rows grey italic. ``stamp`` (synthetic data) follows the
    title and heads every printed page, so that a sheet copied out or printed alone still says what its numbers
    are."""
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    title = f"{table.title}　【{stamp}】" if stamp else table.title
    put(sheet, 1, 1, title).font = Font(bold=True, size=12)
    table, count_columns = with_count_columns(table)
    frame = table.frame
    stub = [n or "" for n in frame.index.names] if table.shows_index() else []
    columns = list(frame.columns)
    headers = [*stub, *map(str, columns)]
    widths = [display_width(h) + 2 for h in headers]
    if frame.empty:
        put(sheet, HEADER_ROW, 1, table.empty_message)
        last = HEADER_ROW
    else:
        fill = PatternFill("solid", fgColor="EEF2F8")
        rule = Border(bottom=Side(style="thin", color="8899AA"))
        for position, header in enumerate(headers, start=1):
            cell = put(sheet, HEADER_ROW, position, header)
            cell.font, cell.fill, cell.border = Font(bold=True), fill, rule
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        formats = [SHARE_COUNT_FORMAT if c in count_columns else number_format(table, c) for c in columns]
        long_text = [
            table.column_kind(c) == "text" and max((len(str(v)) for v in frame[c].dropna()), default=0) > 40
            for c in columns
        ]
        reference = table.reference_mask()
        grey = Font(italic=True, color="777777")
        wrapped: dict[int, list[tuple[int, object]]] = {}
        for row, (key, values, small) in enumerate(
            zip(frame.index, frame.itertuples(index=False), reference, strict=True), start=HEADER_ROW + 1
        ):
            keys = (key if isinstance(key, tuple) else (key,)) if stub else ()
            for position, value in enumerate([*keys, *values], start=1):
                offset = position - len(keys) - 1
                missing = value is None or (isinstance(value, float) and value != value)
                if offset >= 0 and formats[offset] and missing:  # the page shows 「−」: so does the sheet
                    cell = put(sheet, row, position, NONE_MARK)
                    cell.alignment = Alignment(horizontal="right")
                else:
                    cell = put(sheet, row, position, value)
                if offset >= 0:
                    if formats[offset]:
                        cell.number_format = formats[offset]
                        if small:
                            cell.font = grey
                    elif long_text[offset]:
                        cell.alignment = Alignment(wrap_text=True, vertical="top")
                        wrapped.setdefault(row, []).append((position, cell.value))
                shown = "" if cell.value is None else cell.value
                widths[position - 1] = max(widths[position - 1], display_width(shown) + 2)
        last = HEADER_ROW + len(frame)
        for offset, is_long in enumerate(long_text):
            if is_long:
                widths[len(stub) + offset] = LONG_TEXT_WIDTH
        for offset, column in enumerate(columns):
            if (
                column in count_columns
            ):  # a count of two digits: its heading wraps rather than widen the sheet
                widths[len(stub) + offset] = COUNT_WIDTH
        for row, cells in wrapped.items():  # rows tall enough for their wrapped text (printed and on screen)
            lines = max(lines_needed(value, LONG_TEXT_WIDTH) for _, value in cells)
            if lines > 1:
                sheet.row_dimensions[row].height = lines * LINE_HEIGHT
        header_lines = max(
            lines_needed(h, min(max(w, MIN_WIDTH), LONG_TEXT_WIDTH))
            for h, w in zip(headers, widths, strict=True)
        )
        if header_lines > 1:
            sheet.row_dimensions[HEADER_ROW].height = header_lines * LINE_HEIGHT
        end = get_column_letter(len(headers))
        sheet.freeze_panes = sheet.cell(HEADER_ROW + 1, len(stub) + 1)
        sheet.auto_filter.ref = f"A{HEADER_ROW}:{end}{last}"
        sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
        if stub:
            sheet.print_title_cols = f"A:{get_column_letter(len(stub))}"
    final = [min(max(width, MIN_WIDTH), LONG_TEXT_WIDTH) for width in widths]
    for position, width in enumerate(final, start=1):
        sheet.column_dimensions[get_column_letter(position)].width = width
    # the notes: wrapped across the table's width (at least the width of a page), each row as tall as its lines
    note_width = max(sum(final), 100)
    note_font = Font(size=9, color="555555")
    columns_spanned = max(len(final), 1)
    for offset, note in enumerate([*table.notes, *table.method_notes], start=2):
        row = last + offset
        cell = put(sheet, row, 1, f"注: {note}" if offset == 2 else note)
        cell.font = note_font
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if columns_spanned > 1:
            sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=columns_spanned)
        sheet.row_dimensions[row].height = lines_needed(cell.value, note_width * 11 / 9) * 12.5
    _print_setup(sheet, stamp, width=sum(final))


def print_scale(width: float) -> int | None:
    """The print scale (percent) of a sheet whose columns add up to ``width`` units: ``None`` (fit to the page's
    width) when fitting keeps the text at :data:`MIN_PRINT_SCALE` percent or more, else that floor (the sheet
    then continues on further pages rather than shrink below about 8 points).

    Parameters
    ----------
    width
        The sum of the sheet's column widths (Excel's units).

    Returns
    -------
    int or None
        The scale, or ``None`` to fit the page's width.

    Examples
    --------
    >>> print_scale(120), print_scale(190), print_scale(400)  # 150 units fit a page at 100%
    (None, None, 75)
    """
    return None if width <= PAGE_WIDTH_UNITS * 100 / MIN_PRINT_SCALE else MIN_PRINT_SCALE


def _print_setup(sheet: Any, stamp: str | None = None, width: float = 0.0) -> None:
    """A4 landscape, fitted to the page width when that keeps the text readable (:func:`print_scale`);
    ``stamp`` in the header of every printed page."""
    if stamp:
        sheet.oddHeader.center.text = stamp
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape"
    # the width as printed: a column of w characters is 7w + 5 px at 96 px an inch (Calibri 11), in a page of
    # A4 landscape less the sheet's margins — many narrow columns (counts beside shares) take more than their sum
    from openpyxl.utils import get_column_letter

    pixels = sum(
        7 * (sheet.column_dimensions[get_column_letter(k)].width or 8.43) + 5
        for k in range(1, sheet.max_column + 1)
    )
    page = (11.69 - sheet.page_margins.left - sheet.page_margins.right) * 96
    scale = print_scale(max(width, pixels / page * PAGE_WIDTH_UNITS))
    if scale is None:
        sheet.page_setup.fitToWidth = 1
        sheet.page_setup.fitToHeight = 0
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
    else:
        sheet.page_setup.scale = scale
        sheet.sheet_properties.pageSetUpPr.fitToPage = False


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
    put(sheet, 1, 1, "出典・データの来歴").font = Font(bold=True, size=12)
    row = 2
    for key, value in rows:
        put(sheet, row, 1, key).font = Font(bold=True)
        put(sheet, row, 2, value)
        row += 1
    for head, second, values in blocks:
        if not values:
            continue
        row += 1
        put(sheet, row, 1, head).font = Font(bold=True)
        put(sheet, row, 2, second).font = Font(bold=True)
        for name, digest in values.items():
            row += 1
            put(sheet, row, 1, name)
            put(sheet, row, 2, _flat(digest))
        row += 1
    sheet.column_dimensions["A"].width = 56
    sheet.column_dimensions["B"].width = 72
    _print_setup(sheet, stamp)


def _write_sources(sheet: Any, record: dict[str, Any], stamp: str | None) -> None:
    """The hand-out's 出典 sheet: the published report, the data and the conditions of the tables, in words —
    nothing of the machinery (that is the last sheet, 「再現のための情報」)."""
    from openpyxl.styles import Alignment, Font

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
        rows.append(("報告書", str(record["report_source"])))
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
    put(sheet, 1, 1, "出典").font = Font(bold=True, size=12)
    for row, (key, value) in enumerate(rows, start=2):
        put(sheet, row, 1, key).font = Font(bold=True)
        cell = put(sheet, row, 2, value)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.row_dimensions[row].height = lines_needed(value, 90) * LINE_HEIGHT
    sheet.column_dimensions["A"].width = 22
    sheet.column_dimensions["B"].width = 90
    _print_setup(sheet, stamp, width=112)


def _write_contents(sheet: Any, tables: Sequence[ReportTable], names: list[str], stamp: str | None) -> None:
    """The 目次 sheet: every sheet with a link, what it holds (the table's title), its rows and where its
    numbers come from."""
    from openpyxl.styles import Alignment, Font, PatternFill

    put(sheet, 1, 1, "目次" + (f"　【{stamp}】" if stamp else "")).font = Font(bold=True, size=12)
    headers = ("シート", "内容", "行数", "数値の出所")
    fill = PatternFill("solid", fgColor="EEF2F8")
    for column, header in enumerate(headers, start=1):
        cell = put(sheet, HEADER_ROW, column, header)
        cell.font, cell.fill = Font(bold=True), fill
    entries = [
        (PROVENANCE_SHEET, "報告書、データ、集計の条件、読み方", None, ""),
        *(
            (
                name,
                table.title,
                len(table.frame),
                "公表資料（実数）" if table.public_figures else ("合成データ" if stamp else "調査回答"),
            )
            for name, table in zip(names, tables, strict=True)
        ),
        (
            REPRODUCE_SHEET,
            "入力ファイルとその SHA-256、パッケージ、コミット、集計の条件（分析担当者向け）",
            None,
            "",
        ),
    ]
    for row, (name, title, count, origin) in enumerate(entries, start=HEADER_ROW + 1):
        link = put(sheet, row, 1, name)
        link.hyperlink = f"#'{name}'!A1"
        link.font = Font(color="1F4E8C", underline="single")
        put(sheet, row, 2, title).alignment = Alignment(wrap_text=True, vertical="top")
        if count is not None:
            put(sheet, row, 3, count)
        put(sheet, row, 4, origin)
        sheet.row_dimensions[row].height = lines_needed(title, 70) * LINE_HEIGHT
    for letter, width in zip("ABCD", (34, 70, 8, 18), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = sheet.cell(HEADER_ROW + 1, 1)
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    _print_setup(sheet, stamp, width=130)


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
