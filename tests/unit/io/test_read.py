import zipfile

import openpyxl
import pytest

from jusolib.core.errors import InputFileError
from jusolib.io.read import decode_bytes, read_return
from tests.helpers import HEADINGS, csv_text, row, write_xlsx

KEYS = {"区市町村名"}


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp932", "utf-16"])
def test_csv_in_every_accepted_encoding_reads_the_same_cells(tmp_path, encoding):
    path = tmp_path / "r.csv"
    path.write_bytes(csv_text([row("稻城市", q1_1="当てはまる")]).encode(encoding))
    (table,) = read_return(path, KEYS)
    assert table.cells.loc[2, 0] == "稻城市"
    assert table.cells.loc[2, 2] == "当てはまる"


def test_shift_jis_without_declaration_is_detected(tmp_path):
    path = tmp_path / "r.csv"
    path.write_bytes(csv_text([row("世田谷区")]).encode("cp932"))
    (table,) = read_return(path, KEYS)
    assert table.encoding == "cp932"


def test_invalid_bytes_name_the_file_and_line(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_bytes(csv_text([row("世田谷区")]).encode("utf-8") + b"\xff\xfe\xfa broken\n")
    with pytest.raises(InputFileError) as err:
        read_return(path, KEYS, file="FY2024/bad.csv")
    problem = err.value.problems[0]
    assert (problem.file, problem.row, problem.kind) == ("FY2024/bad.csv", 3, "undecodable_file")


def test_empty_file(tmp_path):
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")
    with pytest.raises(InputFileError, match="empty"):
        read_return(path, KEYS)


def test_title_rows_above_the_header(tmp_path):
    path = tmp_path / "r.csv"
    path.write_text(csv_text([row("世田谷区")], title=["令和6年度 調査", ""]), encoding="utf-8")
    (table,) = read_return(path, KEYS)
    assert table.header_row == 3
    assert table.title_text == "令和6年度 調査"
    assert list(table.cells.index) == [4]


def test_no_header_row_lists_the_accepted_headings(tmp_path):
    path = tmp_path / "r.csv"
    path.write_text("名前,答え\n世田谷区,1\n", encoding="utf-8")
    with pytest.raises(InputFileError, match="区市町村名"):
        read_return(path, KEYS)


def test_workbook_reads_only_sheets_with_a_header(tmp_path):
    path = write_xlsx(tmp_path / "r.xlsx", [row("世田谷区")], title=["令和6年度"])
    book = openpyxl.load_workbook(path)
    book.create_sheet("説明").append(["この表について"])
    book.save(path)
    tables = read_return(path, KEYS, file="r.xlsx")
    assert [t.file for t in tables] == ["r.xlsx [回答]"]
    assert tables[0].header_row == 2


def test_merged_header_cells_are_a_problem(tmp_path):
    path = write_xlsx(tmp_path / "r.xlsx", [row("世田谷区")])
    book = openpyxl.load_workbook(path)
    book.active.merge_cells("C1:E1")
    book.save(path)
    (table,) = read_return(path, KEYS)
    assert [p.kind for p in table.header_problems] == ["merged_header"]
    assert "C1:E1" in table.header_problems[0].expected


def test_formula_without_saved_value_is_a_problem(tmp_path):
    rows = [row("世田谷区", q1_1="=1+0")]
    path = write_xlsx(tmp_path / "r.xlsx", rows)
    (table,) = read_return(path, KEYS)
    assert [(p.row, p.kind) for p in table.cell_problems] == [(2, "formula_without_value")]


def test_encrypted_workbook(tmp_path):
    path = tmp_path / "locked.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504)
    with pytest.raises(InputFileError, match="password-protected"):
        read_return(path, KEYS)


def test_corrupt_workbook(tmp_path):
    path = write_xlsx(tmp_path / "r.xlsx", [row("世田谷区")])
    path.write_bytes(path.read_bytes()[:300])
    with pytest.raises(InputFileError, match="corrupt"):
        read_return(path, KEYS)


def test_zip_that_is_not_a_workbook(tmp_path):
    path = tmp_path / "r.xlsx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("hello.txt", "not a workbook")
    with pytest.raises(InputFileError, match="could not be opened"):
        read_return(path, KEYS)


def test_a_file_named_xls_that_is_not_one_is_refused_naming_it(tmp_path):
    path = tmp_path / "r.xls"
    path.write_bytes(b"anything")
    with pytest.raises(
        InputFileError, match=r"r\.xls — expected a readable \.xls file.*not the format its name says"
    ):
        read_return(path, KEYS)


def test_an_xls_with_a_macro_project_is_refused_before_it_is_parsed(tmp_path):
    path = tmp_path / "r.xls"
    path.write_bytes(
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64 + "_VBA_PROJECT_CUR".encode("utf-16-le")
    )
    with pytest.raises(InputFileError) as err:
        read_return(path, KEYS)
    assert err.value.problems[0].kind == "macro_enabled"


def test_an_ods_with_macros_is_refused(tmp_path):
    import zipfile

    path = tmp_path / "r.ods"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", "<office:document-content/>")
        archive.writestr("Basic/Standard/Module1.xml", "<script/>")
    with pytest.raises(InputFileError) as err:
        read_return(path, KEYS)
    assert err.value.problems[0].kind == "macro_enabled" and "Basic/Standard/Module1.xml" in str(err.value)


def test_decode_prefers_utf8_then_cp932():
    text = "区市町村名"
    assert decode_bytes(text.encode("utf-8"), "f")[1] == "utf-8"
    assert decode_bytes(text.encode("cp932"), "f")[1] == "cp932"


def test_headings_are_kept_as_written(tmp_path):
    path = tmp_path / "r.csv"
    headings = [" 区市町村名 ", *HEADINGS[1:]]
    path.write_text(csv_text([row("世田谷区")], headings=headings), encoding="utf-8")
    (table,) = read_return(path, KEYS)
    assert table.headings[0] == "区市町村名"
