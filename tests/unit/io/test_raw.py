"""The shapes every return reader hands on (jusolib.io.raw): how a column and a row of a table are named in
messages — a compiled sheet by heading and letter, a returned form by its cell — and spreadsheet letters."""

import pandas as pd
import pytest

from jusolib.io.form_reader import FormInfo
from jusolib.io.raw import ColumnMap, RawTable, column_letter


def sheet_table():
    """A compiled sheet: headings in row 2 (a title above), respondents in rows 3 and 4; column C unnamed."""
    cells = pd.DataFrame([["世田谷区", "自治体", "1"], ["中野区", "社協", "2"]], index=[3, 4], dtype=object)
    return RawTable(
        "raw/survey/FY2024/r.xlsx [回答]",
        ["区市町村名", "回答主体", ""],
        ["A", "B", "C"],
        cells,
        header_row=2,
    )


def form_table():
    """A returned form: one row (the 団体コード row, 7), each column remembering its cell."""
    cells = pd.DataFrame([["131121", "あてはまる"]], index=[7], dtype=object)
    info = FormInfo("調査票", 1, {"muni_code": 7, "out_hubs": 17})
    return RawTable(
        "raw/survey/FY2024/f.xlsx, sheet 調査票",
        ["団体コード", "問1-2"],
        ["D7", "D17"],
        cells,
        header_row=1,
        form=info,
    )


def test_a_sheet_column_is_named_by_its_heading_and_letter():
    table = sheet_table()
    assert [table.column_label(i) for i in range(3)] == ["区市町村名 (A)", "回答主体 (B)", "(no heading) (C)"]


def test_a_form_column_is_named_by_its_heading_and_cell():
    table = form_table()
    assert [table.column_label(i) for i in range(2)] == ["団体コード (cell D7)", "問1-2 (cell D17)"]


def test_only_a_form_has_cells_to_name():
    assert [form_table().cell_ref(i) for i in (0, 1, None)] == ["D7", "D17", None]
    assert [sheet_table().cell_ref(i) for i in (0, 2, None)] == [None, None, None]  # a sheet's rows vary


def test_a_sheet_row_is_named_by_its_number_a_form_by_its_file_and_sheet():
    sheet, form = sheet_table(), form_table()
    assert [sheet.place(r) for r in sheet.cells.index] == [
        "raw/survey/FY2024/r.xlsx [回答] row 3",
        "raw/survey/FY2024/r.xlsx [回答] row 4",
    ]
    assert form.place(7) == "raw/survey/FY2024/f.xlsx, sheet 調査票"  # one respondent: the row adds nothing


@pytest.mark.parametrize(
    ("position", "letters"),
    [
        (0, "A"),
        (1, "B"),
        (25, "Z"),
        (26, "AA"),  # 26 one-letter columns come first
        (27, "AB"),
        (51, "AZ"),
        (52, "BA"),
        (701, "ZZ"),  # 26 + 26² = 702 columns have at most two letters
        (702, "AAA"),
        (16_383, "XFD"),  # Excel's last column: X=24, F=6, D=4 → 24·26² + 6·26 + 4 = 16,384
    ],
)
def test_column_letters_are_excels(position, letters):
    assert column_letter(position) == letters


def test_tables_and_maps_do_not_share_their_lists():
    first, second = sheet_table(), sheet_table()
    first.notes.append((3, 0, "東京都世田谷区", "世田谷区", "prefix removed"))
    assert second.notes == [] and first.header_problems is not second.header_problems
    a, b = ColumnMap(), ColumnMap()
    a.items["out_hubs"] = 3
    assert (b.items, b.problems, b.set_aside, b.municipality) == ({}, [], None, None)
