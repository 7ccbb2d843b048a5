"""Read survey return files as received: CSV (UTF-8, UTF-8-BOM, UTF-16, Shift_JIS/cp932), .xlsx, and the old
.xls and LibreOffice's .ods (through python-calamine, which reads saved values and runs nothing).

The reader finds the header row (title rows above it are common in Japanese workbooks), keeps every cell as
written, and remembers where each came from (row number as the analyst sees it, column heading and letter). It
decides nothing about answers: that is :mod:`jusolib.clean.cleaner`'s job.

A workbook with a sheet carrying the questionnaire form's marker (:data:`jusolib.io.form_layout.FORM_MARKER`) is a
returned 調査票, not a compiled sheet: its form sheets are read by :mod:`jusolib.io.form_reader` (one respondent
each, every cell remembered by its address) and its other sheets (the cover) are not read. A workbook that is a
form whose hidden key column was deleted is recognised as such and refused with one message (ask for a fresh
form): read by position, its answers could go to the wrong items.

Problems that make a file unreadable (undecodable bytes, an empty file, no header row, a corrupt or
password-protected workbook) raise :class:`~jusolib.core.errors.InputFileError`. So does a file over one of the
read limits (size, unzipped size, compression ratio, rows, columns; macros, external links), checked before the
file is parsed: see :mod:`jusolib.io.limits`.

Examples
--------
>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "r.csv").write_bytes("調査結果\\n区市町村名,回答主体,問1-1\\n世田谷区,自治体,1\\n".encode("cp932"))
>>> table, = read_return(folder / "r.csv", header_keys={"区市町村名"})
>>> table.encoding, table.header_row, table.headings, table.cells.index.tolist()
('cp932', 2, ['区市町村名', '回答主体', '問1-1'], [3])
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pandas as pd

from jusolib.core.docstrings import shared_parameters
from jusolib.core.errors import InputFileError, Problem, file_error
from jusolib.core.normalize import display_value, is_blank, normalize_heading
from jusolib.io.form_layout import MARKER_SEARCH_ROWS, find_marker, looks_like_keyless_form
from jusolib.io.limits import (
    ReadLimits,
    check_file_size,
    check_ods,
    check_table_size,
    check_workbook,
    check_xls,
    read_limits,
)
from jusolib.io.raw import RawTable, column_letter

#: File extensions read as returns.
CSV_SUFFIXES = (".csv", ".txt", ".tsv")
XLSX_SUFFIXES = (".xlsx", ".xlsm")
#: Read through python-calamine: the old Excel format and LibreOffice's own.
CALAMINE_SUFFIXES = (".xls", ".ods")
RETURN_SUFFIXES = CSV_SUFFIXES + XLSX_SUFFIXES + CALAMINE_SUFFIXES
#: How many rows from the top are searched for the header row.
HEADER_SEARCH_ROWS = 20
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@shared_parameters
def decode_bytes(data: bytes, file: str) -> tuple[str, str]:
    """Decode a CSV file's bytes: BOMs first, then UTF-8, then Shift_JIS (cp932); never guess silently.

    UTF-16 without a BOM is recognised by its NUL bytes (more than one byte in ten).

    Parameters
    ----------
    data
        The file's bytes, as read.

    Returns
    -------
    tuple of str
        ``(text, encoding)``: the decoded text and the codec that decoded it (``"utf-8-sig"``, ``"utf-16"``,
        ``"utf-16-le"``, ``"utf-16-be"``, ``"utf-8"`` or ``"cp932"``).

    Raises
    ------
    InputFileError
        For an empty file or bytes that are neither UTF-8/UTF-16 nor cp932, naming the line of the first bad byte.

    Examples
    --------
    >>> decode_bytes("あ".encode("utf-8-sig"), "f.csv")
    ('あ', 'utf-8-sig')
    >>> decode_bytes("あ".encode("cp932"), "f.csv")
    ('あ', 'cp932')
    """
    if not data.strip():
        raise file_error(
            file, "a return file with a header row and answers (the file is empty)", "empty_file"
        )
    if data.startswith(b"\xef\xbb\xbf"):
        return data.decode("utf-8-sig"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as exc:
            raise _undecodable(data, file, "utf-16", exc) from exc
    if data.count(b"\x00") > len(data) // 10:  # UTF-16 without a BOM: ASCII characters carry a NUL byte
        encoding = "utf-16-le" if data[1::2].count(0) >= data[0::2].count(0) else "utf-16-be"
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError as exc:
            raise _undecodable(data, file, encoding, exc) from exc
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as utf8_error:
        try:
            return data.decode("cp932"), "cp932"
        except UnicodeDecodeError:
            raise _undecodable(data, file, "utf-8", utf8_error) from utf8_error


def _undecodable(data: bytes, file: str, encoding: str, exc: UnicodeDecodeError) -> InputFileError:
    line = data[: exc.start].count(b"\n") + 1
    bad = data[exc.start : exc.start + 4].hex(" ")
    return InputFileError(
        [
            Problem(
                file,
                line,
                None,
                f"bytes {bad}",
                f"text in UTF-8, UTF-16 (with BOM) or Shift_JIS/cp932; byte {exc.start} cannot be decoded as "
                f"{encoding} nor as cp932 — save the file again as 'CSV UTF-8' or 'CSV (Shift_JIS)'",
                "undecodable_file",
            )
        ]
    )


def _find_header(rows: list[list[object]], header_keys: set[str]) -> int | None:
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        if any(not is_blank(cell) and normalize_heading(str(cell)) in header_keys for cell in row):
            return index
    return None


def _no_header(file: str, header_keys: Iterable[str]) -> InputFileError:
    keys = "、".join(sorted(header_keys))
    return file_error(
        file,
        f"a header row within the first {HEADER_SEARCH_ROWS} rows with a municipality column headed one of: {keys}",
        "no_header",
    )


def _table(
    file: str, rows: list[list[object]], header_index: int, first_row_number: int, **extra: object
) -> RawTable:
    width = max((len(r) for r in rows[header_index:]), default=0)
    header = list(rows[header_index]) + [None] * (width - len(rows[header_index]))
    body = [list(r) + [None] * (width - len(r)) for r in rows[header_index + 1 :]]
    start = first_row_number + header_index + 1
    cells = pd.DataFrame(body, columns=range(width), index=range(start, start + len(body)), dtype=object)
    title = " ".join(str(c) for r in rows[:header_index] for c in r if not is_blank(c))
    headings = ["" if is_blank(h) else str(h).strip() for h in header]
    return RawTable(
        file=file,
        headings=headings,
        letters=[column_letter(i) for i in range(width)],
        cells=cells,
        header_row=first_row_number + header_index,
        title_text=title,
        **extra,  # type: ignore[arg-type]
    )


def _csv_rows(text: str, delimiter: str, file: str, limits: ReadLimits) -> list[list[object]]:
    """Parse CSV text, refusing it as soon as it has more rows or columns than the limits allow."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[list[object]] = []
    width = 0
    try:
        for record in reader:
            rows.append(record)  # type: ignore[arg-type]
            width = max(width, len(record))
            if len(rows) > limits.rows or width > limits.columns:
                check_table_size(file, len(rows), width, limits)
    except csv.Error as exc:  # e.g. a cell longer than the csv module's field limit (131,072 characters)
        raise InputFileError(
            [
                Problem(
                    file,
                    reader.line_num,
                    None,
                    None,
                    f"a well-formed CSV file (the reader stopped: {exc})",
                    "bad_csv",
                )
            ]
        ) from exc
    return rows


@shared_parameters
def read_csv_return(
    path: Path, header_keys: set[str], file: str | None = None, *, limits: ReadLimits | None = None
) -> RawTable:
    """Read a CSV return (see :func:`read_return`).

    Tab-separated for ``.tsv``, comma-separated otherwise (``.csv``, ``.txt``). The size, rows and columns are
    checked against the limits while reading.

    Parameters
    ----------
    path
        The CSV file.
    file
        The file's name in messages and logs (default: ``path``'s name).

    Returns
    -------
    RawTable
        The cells below the header row as text, its headings, the encoding and the title rows' text.

    Raises
    ------
    InputFileError
        For an empty, undecodable or malformed file, one over the limits, or one without a header row.
    """
    file = file or path.name
    limits = limits or read_limits()
    check_file_size(path, file, limits)
    text, encoding = decode_bytes(path.read_bytes(), file)
    delimiter = "\t" if path.suffix.lower() == ".tsv" else ","
    rows = _csv_rows(text, delimiter, file, limits)
    header_index = _find_header(rows, header_keys)
    if header_index is None:
        raise _no_header(file, header_keys)
    return _table(file, rows, header_index, 1, encoding=encoding, source=file)


def _has_form_marker(sheet: Any) -> bool:
    """True if a (read-only) worksheet has the questionnaire form's marker near the top of column A."""
    column_a = (
        row[0] if row else None
        for row in sheet.iter_rows(max_row=MARKER_SEARCH_ROWS, max_col=1, values_only=True)
    )
    return find_marker(column_a) is not None


@shared_parameters
def read_xlsx_return(
    path: Path, header_keys: set[str], file: str | None = None, *, limits: ReadLimits | None = None
) -> list[RawTable]:
    """Read every sheet of a workbook that has a header row (see :func:`read_return`).

    The workbook is checked first (:func:`~jusolib.io.limits.check_workbook`); a returned questionnaire form
    is read by :func:`jusolib.io.form_reader.read_form_workbook`.

    Parameters
    ----------
    path
        The ``.xlsx`` file (an ``.xlsm`` is refused: macros).
    file
        The file's name in messages and logs (default: ``path``'s name); each table is named
        ``"<file> [<sheet>]"``.

    Returns
    -------
    list of RawTable
        One per sheet with a header row (or per form sheet), in the workbook's order.

    Raises
    ------
    InputFileError
        For an encrypted, corrupt or macro-enabled workbook, one over the limits, a form without its key
        column, or a workbook with no header row in any sheet.
    """
    file = file or path.name
    limits = limits or read_limits()
    check_file_size(path, file, limits)
    with open(path, "rb") as handle:
        head = handle.read(8)
    if head == _OLE_MAGIC:
        raise file_error(
            file,
            "an unprotected .xlsx workbook; this file is password-protected (encrypted) or an old .xls — "
            "remove the password or save it as .xlsx",
            "encrypted_or_xls",
        )
    extent = check_workbook(path, file, limits)
    try:
        return _read_workbook(path, header_keys, file, extent.rows, extent.columns)
    except InputFileError:
        raise
    except (
        Exception
    ) as exc:  # openpyxl on damaged parts raises many types (KeyError, TypeError, zlib.error …)
        raise file_error(
            file,
            f"a readable .xlsx workbook; it could not be opened ({type(exc).__name__}: {exc}) — the file may be "
            "corrupt or truncated",
            "corrupt_xlsx",
        ) from exc


def _read_workbook(
    path: Path, header_keys: set[str], file: str, last_row: int, last_column: int
) -> list[RawTable]:
    """Read the sheets of a checked workbook, never beyond the last row and column holding a value."""
    import openpyxl  # imported here: reading CSV must not pay for it

    # a returned questionnaire form is recognised by its marker and read in openpyxl's fast read-only mode
    quick = openpyxl.load_workbook(path, read_only=True, data_only=False)
    try:
        forms = [s.title for s in quick.worksheets if _has_form_marker(s)]
        if forms:
            from jusolib.io.form_reader import read_form_workbook

            return read_form_workbook(file, path, quick, forms, last_row=last_row)
        for sheet in quick.worksheets:
            top = sheet.iter_rows(max_row=MARKER_SEARCH_ROWS, max_col=5, values_only=True)
            if looks_like_keyless_form(top):
                raise keyless_form_error(file, sheet.title)
    finally:
        quick.close()
    formula_book = openpyxl.load_workbook(path, data_only=False)
    # saved values differ from what is written only in formula cells: load them only when there are any
    has_formulas = any(
        cell.data_type == "f"
        for sheet in formula_book.worksheets
        if sheet.max_row and sheet.max_column
        for row in sheet.iter_rows(
            max_row=min(sheet.max_row, last_row), max_col=min(sheet.max_column, last_column)
        )
        for cell in row
    )
    values_book = openpyxl.load_workbook(path, data_only=True) if has_formulas else formula_book
    tables = []
    for sheet in values_book.worksheets:
        bounds = {"max_row": min(sheet.max_row, last_row), "max_col": min(sheet.max_column, last_column)}
        if not bounds["max_row"] or not bounds["max_col"]:
            continue  # no value in this sheet (openpyxl would read 0 as "no bound")
        rows = [list(r) for r in sheet.iter_rows(**bounds, values_only=True)]
        header_index = _find_header(rows, header_keys)
        if header_index is None:
            continue
        name = f"{file} [{sheet.title}]"
        table = _table(name, rows, header_index, 1, sheet=sheet.title, source=file)
        header_row = header_index + 1
        for merged in sheet.merged_cells.ranges:
            if merged.min_row <= header_row <= merged.max_row and merged.max_col > merged.min_col:
                table.header_problems.append(
                    Problem(
                        name,
                        header_row,
                        f"{column_letter(merged.min_col - 1)}–{column_letter(merged.max_col - 1)}",
                        str(sheet.cell(merged.min_row, merged.min_col).value),
                        f"one heading per column; the header cells {merged.coord} are merged — unmerge them and give "
                        "each column its own heading (e.g. 問1-1, 問1-2)",
                        "merged_header",
                    )
                )
        formulas = formula_book[sheet.title]
        for row in formulas.iter_rows(min_row=header_row + 1, **bounds):
            for cell in row:
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    saved = sheet.cell(cell.row, cell.column).value
                    if saved is None:
                        table.cell_problems.append(
                            Problem(
                                name,
                                cell.row,
                                table.column_label(cell.column - 1),
                                cell.value,
                                "a value; this formula has no saved result (the workbook was never recalculated) — "
                                "open it in Excel and save, or paste values",
                                "formula_without_value",
                            )
                        )
                    else:
                        table.notes.append(
                            (cell.row, cell.column - 1, cell.value, saved, "formula → saved value")
                        )
        tables.append(table)
    if not tables:
        raise _no_header(file, header_keys)
    return tables


def keyless_form_error(file: str, sheet: str) -> InputFileError:
    """The one message for a questionnaire form whose hidden key column (A) was deleted.

    Parameters
    ----------
    file
        The file's display name.
    sheet
        The sheet that looks like a form.

    Returns
    -------
    InputFileError
        One ``form_without_key`` problem.
    """
    return file_error(
        f"{file}, sheet {sheet}",
        "a questionnaire form with its hidden column A (the item ids the form is read by); this form's column A "
        "was deleted, so its answers cannot be matched to the items with certainty — ask the sender to answer on "
        "a fresh form (jusolib questionnaire), or to copy the answers into one",
        "form_without_key",
    )


# -- .xls and .ods, through python-calamine -----------------------------------------------------------------------
def read_calamine_return(
    path: Path, header_keys: set[str], file: str | None = None, *, limits: ReadLimits | None = None
) -> list[RawTable]:
    """Read an old Excel workbook (``.xls``) or an OpenDocument spreadsheet (``.ods``) like an ``.xlsx``.

    python-calamine reads the saved values (a formula's last result; nothing is calculated, no macro runs);
    the file is checked against the read limits first (:func:`~jusolib.io.limits.check_ods`,
    :func:`~jusolib.io.limits.check_xls`). A questionnaire form keeps its cells' addresses; merged ranges are
    read where calamine gives them (``.xls``) or from the content (``.ods``, with its comments). A formula's
    saved value is read without a note in the cleaning log (calamine does not say which cells hold formulas).

    Parameters
    ----------
    path
        The ``.xls`` or ``.ods`` file.
    header_keys
        As for :func:`read_return`.
    file
        Display name for messages (default: the file name).
    limits
        The read limits (default: those in force).

    Returns
    -------
    list of RawTable
        One per form sheet, or per sheet with a header row.
    """
    file = file or path.name
    limits = limits or read_limits()
    check_file_size(path, file, limits)
    suffix = path.suffix.lower()
    if suffix == ".ods":
        check_ods(path, file, limits)
    else:
        check_xls(path, file, limits)
    try:
        from python_calamine import CalamineWorkbook, PasswordError  # only .xls and .ods need it
    except ImportError as exc:  # pragma: no cover - a dependency of the package
        raise file_error(file, f"python-calamine to read {suffix} files ({exc})", "reader_missing") from exc
    try:
        book = CalamineWorkbook.from_path(str(path))
        sheets: list[tuple[str, list[list[object]], Any]] = []
        for title in book.sheet_names:
            sheet = book.get_sheet_by_name(title)
            check_table_size(file, sheet.height, sheet.width, limits)
            rows: list[list[object]] = [list(r) for r in sheet.to_python(skip_empty_area=False)]
            merged = getattr(sheet, "merged_cell_ranges", None)
            sheets.append((title, rows, merged))
        book.close()
    except InputFileError:
        raise
    except PasswordError as exc:
        raise file_error(
            file,
            "an unprotected workbook; this one is password-protected — remove the password",
            "encrypted_or_xls",
        ) from exc
    except Exception as exc:  # untrusted bytes: calamine raises its own errors, ValueError …
        raise file_error(
            file,
            f"a readable {suffix} file; it could not be opened ({type(exc).__name__}: {exc}) — the file may be "
            "corrupt, or not the format its name says",
            "corrupt_" + suffix.lstrip("."),
        ) from exc
    return _calamine_tables(path, file, header_keys, sheets)


def _calamine_range(merged: tuple[tuple[int, int], tuple[int, int]]) -> str:
    (r0, c0), (r1, c1) = merged
    return f"{column_letter(c0)}{r0 + 1}:{column_letter(c1)}{r1 + 1}"


def _calamine_tables(
    path: Path, file: str, header_keys: set[str], sheets: list[tuple[str, list[list[object]], Any]]
) -> list[RawTable]:
    forms = [title for title, rows, _ in sheets if find_marker(r[0] if r else None for r in rows) is not None]
    if forms:
        from jusolib.io.form_reader import read_form_sheet

        ods = _ods_extras(path, forms) if path.suffix.lower() == ".ods" else {}
        others = tuple(
            title
            for title, rows, _ in sheets
            if title not in forms and title != "表紙" and any(not is_blank(v) for r in rows for v in r)
        )
        tables = []
        for title, rows, merged in sheets:
            if title not in forms:
                continue
            written = [[(v, "n" if is_blank(v) else "s") for v in r[:5]] for r in rows]
            ranges = tuple(_calamine_range(m) for m in merged or ()) or ods.get(title, ((), ()))[0]
            tables.append(
                read_form_sheet(
                    file,
                    title,
                    written,
                    None,
                    merged=ranges,
                    comments=ods.get(title, ((), ()))[1],
                    extra_sheets=others,
                )
            )
        return tables
    for title, rows, _ in sheets:
        if looks_like_keyless_form(r[:5] for r in rows[:MARKER_SEARCH_ROWS]):
            raise keyless_form_error(file, title)
    tables = []
    for title, rows, merged in sheets:
        header_index = _find_header(rows, header_keys)
        if header_index is None:
            continue
        name = f"{file} [{title}]"
        table = _table(name, rows, header_index, 1, sheet=title, source=file)
        for (r0, c0), (r1, c1) in merged or ():
            if r0 <= header_index <= r1 and c1 > c0:
                ref = _calamine_range(((r0, c0), (r1, c1)))
                table.header_problems.append(
                    Problem(
                        name,
                        header_index + 1,
                        f"{column_letter(c0)}–{column_letter(c1)}",
                        display_value(rows[r0][c0]),
                        f"one heading per column; the header cells {ref} are merged — unmerge them and give each "
                        "column its own heading (e.g. 問1-1, 問1-2)",
                        "merged_header",
                    )
                )
        tables.append(table)
    if not tables:
        raise _no_header(file, header_keys)
    return tables


def _ods_extras(
    path: Path, titles: list[str]
) -> dict[str, tuple[tuple[str, ...], tuple[tuple[str, str], ...]]]:
    """Merged ranges and cell comments of the sheets ``titles`` of an ``.ods`` (calamine reads neither)."""
    import zipfile

    from defusedxml import ElementTree

    table_ns = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
    office_ns = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
    text_ns = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"

    def attr(element: Any, name: str, default: int = 1) -> int:
        try:
            return int(element.get(f"{{{table_ns}}}{name}", default))
        except ValueError:
            return default

    out: dict[str, tuple[tuple[str, ...], tuple[tuple[str, str], ...]]] = {}
    try:
        with zipfile.ZipFile(path) as archive:
            root = ElementTree.fromstring(archive.read("content.xml"))
    except Exception:  # checked already; extras are then simply not known
        return out
    for sheet in root.iter(f"{{{table_ns}}}table"):
        title = sheet.get(f"{{{table_ns}}}name", "")
        if title not in titles:
            continue
        merged, comments = [], []
        row = 0
        for element in sheet.iter(f"{{{table_ns}}}table-row"):
            column = 0
            for cell in element:
                tag = cell.tag.rpartition("}")[2]
                if tag not in ("table-cell", "covered-table-cell"):
                    continue
                repeat = attr(cell, "number-columns-repeated")
                if tag == "table-cell":
                    across, down = attr(cell, "number-columns-spanned"), attr(cell, "number-rows-spanned")
                    if across > 1 or down > 1:
                        merged.append(
                            f"{column_letter(column)}{row + 1}:{column_letter(column + across - 1)}{row + down}"
                        )
                    for note in cell.iter(f"{{{office_ns}}}annotation"):
                        text = "\n".join("".join(p.itertext()) for p in note.iter(f"{{{text_ns}}}p")).strip()
                        if text:
                            comments.append((f"{column_letter(column)}{row + 1}", text))
                column += min(repeat, 16_384)
            row += min(attr(element, "number-rows-repeated"), 1_048_576)
        out[title] = (tuple(merged), tuple(comments))
    return out


@shared_parameters
def read_return(path: Path, header_keys: set[str], file: str | None = None) -> list[RawTable]:
    """Read one return file into one table per sheet that has a header row.

    Parameters
    ----------
    path
        A ``.csv``/``.txt``/``.tsv``, ``.xlsx``, ``.xls`` or ``.ods`` file (an ``.xlsm`` is recognised, and
        refused: macros).
    header_keys
        Normalised headings (see :func:`~jusolib.core.normalize.normalize_heading`) that identify the header row: the
        codebook's accepted headings of the municipality column.
    file
        Display name for messages (default: the file name).

    Returns
    -------
    list of RawTable
        One table for a CSV file; one per sheet with a header row (or per form sheet) for a workbook. The
        limits in force (:func:`~jusolib.io.limits.read_limits`) apply.

    Raises
    ------
    InputFileError
        For a file that cannot be read (see the module docstring), or an extension not in
        :data:`RETURN_SUFFIXES`.
    """
    suffix = path.suffix.lower()
    file = file or path.name
    if suffix in CSV_SUFFIXES:
        return [read_csv_return(path, header_keys, file)]
    if suffix in XLSX_SUFFIXES:
        return read_xlsx_return(path, header_keys, file)
    if suffix in CALAMINE_SUFFIXES:
        return read_calamine_return(path, header_keys, file)
    raise file_error(file, f"a file ending in {', '.join(RETURN_SUFFIXES)}", "unknown_file_type")
