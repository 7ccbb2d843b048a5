import openpyxl
import pandas as pd

from jusolib.excel import read_table, sheet_name, workbook_bytes, write_workbook
from jusolib.tables import ReportTable


def tables():
    first = ReportTable(
        "I_分布",
        "分布",
        pd.DataFrame({"n": [23.0, 23.0], "あてはまる": [82.6, 56.5]}, index=["a", "b"]),
        ["割合の基数: 無回答を含む"],
        percent_columns=["あてはまる"],
        count_columns=["n"],
    )
    index = pd.MultiIndex.from_tuples([("a", "全体"), ("a", "小")], names=["項目", "区分"])
    second = ReportTable(
        "I_クロス",
        "クロス",
        pd.DataFrame({"n": [23.0, 3.0], "x": [50.0, float("nan")]}, index=index),
        ["人口規模（東京都の人口(推計) 2022年1月1日）"],
    )
    return [first, second]


RECORD = {
    "data_status": "synthetic",
    "data_status_label": "合成データ（synthetic）",
    "parameters": {"fiscal_year": 2024},
    "inputs": {"raw/survey/FY2024/a.csv": "ab" * 32},
}


def test_workbook_matches_the_frames(tmp_path):
    path = tmp_path / "t.xlsx"
    write_workbook(tables(), path, RECORD)
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["出典", "I_分布", "I_クロス"]
    first = read_table(path, "I_分布")
    pd.testing.assert_frame_equal(first, tables()[0].frame, check_names=False, check_dtype=False)
    second = read_table(path, "I_クロス", index_levels=2)
    assert second["n"].tolist() == [23, 3] and pd.isna(second["x"].iloc[1])


def test_notes_and_synthetic_notice(tmp_path):
    path = tmp_path / "t.xlsx"
    write_workbook(tables(), path, RECORD)
    book = openpyxl.load_workbook(path)
    assert book["I_分布"]["A2"].value == "割合の基数: 無回答を含む"
    assert "合成データ" in book["出典"]["A2"].value
    assert book["I_分布"]["C5"].number_format == "0.0"


def test_byte_identical_when_regenerated():
    assert workbook_bytes(tables(), RECORD) == workbook_bytes(tables(), RECORD)


def test_sheet_names_are_valid():
    assert sheet_name("a" * 40) == "a" * 31
    assert sheet_name("I:II/III") == "I_II_III"


def test_free_text_that_looks_like_a_formula_is_inert_text_in_the_workbook(tmp_path):
    """Done when (issue 14): a return whose free text starts with each of = + - @ gives no <f> element."""
    import zipfile
    from pathlib import Path

    from jusolib.pipeline import load_free_text
    from jusolib.report import YearReport
    from tests.helpers import make_data_dir

    corpus = Path(__file__).parents[1] / "bad_inputs" / "files" / "value_formula_looking_free_text.csv"
    root = make_data_dir(tmp_path / "data")
    (root / "raw" / "survey" / "FY2024" / "returns.csv").write_bytes(corpus.read_bytes())
    texts = load_free_text(2024, data_dir=root)["text"].tolist()
    starts = sorted(t[0] for t in texts)
    assert starts == ["+", "-", "=", "@"]  # kept verbatim in data/processed
    path = tmp_path / "tables.xlsx"
    YearReport.load(2024, data_dir=root).write_workbook(path)
    with zipfile.ZipFile(path) as book:
        sheets = [n for n in book.namelist() if n.startswith("xl/worksheets/")]
        xml = "".join(book.read(n).decode() for n in sheets)
    assert "<f>" not in xml and "<f " not in xml
    assert '<is><t>=HYPERLINK("http://example.invalid","詳細")</t></is>' in xml  # an inline string
    shown = [c.value for ws in openpyxl.load_workbook(path).worksheets for r in ws.iter_rows() for c in r]
    assert all(t in shown for t in texts)


def test_control_characters_from_a_return_do_not_stop_the_workbook(tmp_path):
    table = tables()[0]
    table.frame.index = ["支援会議\x0b守秘義務", "b"]
    path = tmp_path / "t.xlsx"
    write_workbook([table], path, RECORD)
    assert read_table(path, "I_分布").index.tolist() == ["支援会議\ufffd守秘義務", "b"]
