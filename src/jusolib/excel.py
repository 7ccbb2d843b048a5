"""Excel export: every table of a fiscal year in one workbook, one sheet per table, plus a 出典 sheet.

Each table sheet has the title, the notes (base, test used, scheme and population series), then the table with
its base n. Percentages are numbers already rounded half up to one decimal (shown with one decimal).
The workbook is byte-identical when regenerated from the same inputs: no clock time is written.

Examples
--------
>>> import tempfile, pathlib
>>> from jusolib.tables import ReportTable
>>> table = ReportTable("例", "例の表", pd.DataFrame({"n": [23.0], "割合": [82.6]}, index=["項目"]), ["注"],
...                     percent_columns=["割合"], count_columns=["n"])
>>> path = pathlib.Path(tempfile.mkdtemp()) / "t.xlsx"
>>> write_workbook([table], path, {"data_status_label": "合成データ（synthetic）"})
>>> read_table(path, "例").values.tolist()
[[23.0, 82.6]]
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from jusolib.atomic import cell_text, write_bytes_atomic, xlsx_bytes
from jusolib.tables import ReportTable

PROVENANCE_SHEET = "出典"
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")


def sheet_name(key: str) -> str:
    """A valid Excel sheet name (≤ 31 characters, none of ``[]:*?/\\``).

    Examples
    --------
    >>> sheet_name("I/II: 分布?")
    'I_II_ 分布_'
    """
    return _BAD_SHEET_CHARS.sub("_", key)[:31]


def _cell(value: object) -> object:
    if value is None:
        return None
    if isinstance(value, float) and value != value:
        return None
    if hasattr(value, "item"):  # numpy scalars
        value = value.item()
    if isinstance(value, str):  # text from a return: storable (formulas are defused when the book is saved)
        return cell_text(value)
    return value


def _write_table(sheet: Any, table: ReportTable) -> None:
    from openpyxl.styles import Font

    sheet.append([table.title])
    sheet["A1"].font = Font(bold=True)
    for note in table.notes:
        sheet.append([note])
    sheet.append([])
    frame = table.frame
    index_names = [n or "" for n in frame.index.names]
    header_row = sheet.max_row + 1
    sheet.append([*index_names, *map(str, frame.columns)])
    for cell in sheet[header_row]:
        cell.font = Font(bold=True)
    for key, values in zip(frame.index, frame.itertuples(index=False), strict=True):
        keys = key if isinstance(key, tuple) else (key,)
        sheet.append([*map(_cell, keys), *map(_cell, values)])
    offset = len(index_names)
    for position, column in enumerate(frame.columns, start=offset + 1):
        fmt = "0.0" if column in table.percent_columns else "0" if column in table.count_columns else None
        if fmt:
            for row in sheet.iter_rows(min_row=header_row + 1, min_col=position, max_col=position):
                row[0].number_format = fmt
    sheet.freeze_panes = sheet.cell(header_row + 1, offset + 1)


def _write_provenance(sheet: Any, record: dict[str, Any]) -> None:
    sheet.append(["出典・データの来歴"])
    status = record.get("data_status_label", "")
    if record.get("data_status") == "synthetic":
        sheet.append(
            [
                "【合成データ（synthetic）】この workbook の数値は再構成した合成データによるもので、実際の調査回答ではありません。"
            ]
        )
    sheet.append(["データの種類", status])
    for key in ("fiscal_year_label", "commit"):
        if key in record:
            sheet.append([key, str(record[key])])
    for key, value in record.get("parameters", {}).items():
        sheet.append([f"parameter: {key}", str(value)])
    for key, value in record.get("packages", {}).items():
        sheet.append([f"package: {key}", value])
    sheet.append([])
    sheet.append(["入力ファイル", "SHA-256"])
    for name, digest in record.get("inputs", {}).items():
        sheet.append([name, digest])
    rest = {
        k: v
        for k, v in record.items()
        if k not in {"data_status_label", "fiscal_year_label", "commit", "parameters", "packages", "inputs"}
    }
    if rest:
        sheet.append([])
        sheet.append(["その他", json.dumps(rest, ensure_ascii=False, sort_keys=True)])


def workbook_bytes(tables: Sequence[ReportTable], record: dict[str, Any]) -> bytes:
    """The workbook as bytes (see :func:`write_workbook`)."""
    import openpyxl

    book = openpyxl.Workbook()
    _write_provenance(book.active, record)
    book.active.title = PROVENANCE_SHEET
    seen = {PROVENANCE_SHEET}
    for table in tables:
        name = sheet_name(table.key)
        if name in seen:
            raise ValueError(f"two tables would share the sheet name {name!r}")
        seen.add(name)
        _write_table(book.create_sheet(name), table)
    return xlsx_bytes(book, creator="jusolib")


def write_workbook(tables: Sequence[ReportTable], path: Path, record: dict[str, Any]) -> None:
    """Write every table into one workbook at ``path`` (atomically), with the provenance record first."""
    write_bytes_atomic(Path(path), workbook_bytes(tables, record))


def read_table(path: Path, sheet: str, index_levels: int = 1) -> pd.DataFrame:
    """Read one table sheet back (for checks): the header is the row after the first blank row.

    Returns the table with its first ``index_levels`` columns as the index, cells as stored.
    """
    import openpyxl

    book = openpyxl.load_workbook(path, read_only=True)
    rows = [list(r) for r in book[sheet].iter_rows(values_only=True)]
    blank = next(i for i, r in enumerate(rows) if all(v is None for v in r))
    header, body = rows[blank + 1], rows[blank + 2 :]
    frame = pd.DataFrame(body, columns=[h if h is not None else "" for h in header])
    index = list(frame.columns[:index_levels])
    return frame.set_index(index if index_levels > 1 else index[0])
