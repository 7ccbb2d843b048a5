import io

import openpyxl
import pandas as pd

from jusolib.analysis.tables import ReportTable, sheet_name
from jusolib.outputs.workbook import read_table, workbook_bytes, write_workbook


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


def test_notes_under_the_table_and_synthetic_notice(tmp_path):
    path = tmp_path / "t.xlsx"
    write_workbook(tables(), path, RECORD)
    book = openpyxl.load_workbook(path)
    sheet = book["I_分布"]
    # title, header, two rows, a blank row, then the note
    assert sheet["A1"].value == "分布　【合成データ — 実際の調査回答ではありません】"
    assert sheet["A6"].value == "注: 割合の基数: 無回答を含む"
    assert "合成データ" in book["出典"]["A2"].value
    # every sheet says so, on screen and at the head of every printed page: a sheet copied out or printed alone
    for name in book.sheetnames:
        assert book[name].oddHeader.center.text == "合成データ — 実際の調査回答ではありません", name
    for name in book.sheetnames[1:]:
        assert "【合成データ" in book[name]["A1"].value, name


def test_a_workbook_of_real_answers_carries_no_synthetic_mark(tmp_path):
    path = tmp_path / "t.xlsx"
    write_workbook(tables(), path, {**RECORD, "data_status": "real", "data_status_label": "調査回答データ"})
    book = openpyxl.load_workbook(path)
    assert book["I_分布"]["A1"].value == "分布"
    assert all(not book[name].oddHeader.center.text for name in book.sheetnames)


def test_header_bold_frozen_below_filtered_and_repeated_when_printed(tmp_path):
    path = tmp_path / "t.xlsx"
    write_workbook(tables(), path, RECORD)
    sheet = openpyxl.load_workbook(path)["I_クロス"]
    assert [c.value for c in sheet[2]] == ["項目", "区分", "n", "x"]
    assert all(c.font.bold for c in sheet[2]) and sheet["A1"].font.bold
    assert not any(c.font.bold for c in sheet[3])
    assert sheet.freeze_panes == "C3"  # header row and the two stub columns stay in view
    assert sheet.auto_filter.ref == "A2:D4"
    assert sheet.print_title_rows == "$1:$2"  # the title and the header head every printed page
    assert int(sheet.page_setup.paperSize) == 9  # 9 is A4 in the OOXML paper-size list
    # four columns of 6 units (「項目」「区分」 4 + 2 of padding, the values narrower): 4 × 6 × 7.0 = 168 pt, well
    # inside a portrait page (595.28 − 2 × 18 = 559.28 pt)
    assert sheet.page_setup.orientation == "portrait"


def test_number_formats_follow_the_column_kinds(tmp_path):
    table = ReportTable(
        "検定",
        "検定",
        pd.DataFrame(
            {
                "n": [23.0],
                "割合": [82.6],
                "Fisher p": [0.0004],
                "H": [3.8391],
                "平均": [62.5],
                "名前": ["世田谷区"],
            }
        ),
        percent_columns=["割合"],
        count_columns=["n"],
        statistic_columns=["H"],
    )
    path = tmp_path / "t.xlsx"
    write_workbook([table], path, RECORD)
    sheet = openpyxl.load_workbook(path)["検定"]
    assert [c.number_format for c in sheet[3]] == [
        "0",
        '0.0;-0.0;"−"',  # a share of none shows 「−」, as on the page
        '[<0.001]"<0.001";0.000',
        "0.000",
        "0.0",
        "General",
    ]
    assert sheet["C3"].value == 0.0004  # the value is kept; only its display is 「<0.001」


def test_no_unnamed_index_column_and_widths_fit_japanese(tmp_path):
    table = ReportTable(
        "自由記述",
        "自由記述",
        pd.DataFrame({"自治体": ["世田谷区", "八王子市"], "具体的な内容": ["あ" * 50, "い"]}),
    )
    path = tmp_path / "t.xlsx"
    write_workbook([table], path, RECORD)
    sheet = openpyxl.load_workbook(path)["自由記述"]
    assert [c.value for c in sheet[2]] == ["自治体", "具体的な内容"]
    # 八王子市: four wide characters = 8 columns, plus 2 of padding; long text is wrapped at 60
    assert sheet.column_dimensions["A"].width == 10
    assert sheet.column_dimensions["B"].width == 60 and sheet["B3"].alignment.wrap_text


def test_an_empty_table_says_so(tmp_path):
    table = ReportTable(
        "除外", "除外した行（0）", pd.DataFrame({"理由": []}), empty_message="除外した行はありません。"
    )
    path = tmp_path / "t.xlsx"
    write_workbook([table], path, RECORD)
    sheet = openpyxl.load_workbook(path)["除外"]
    assert sheet["A2"].value == "除外した行はありません。" and sheet.freeze_panes is None


def test_provenance_sheet_in_japanese_key_value_rows(tmp_path):
    record = {
        **RECORD,
        "fiscal_year_label": "令和6年度 (2024)",
        "parameters": {"fiscal_year": 2024, "respondent_type": "自治体", "size_scheme": "city_size"},
        "packages": {"pandas": "3.1.1"},
        "notebooks_rendered": ["00_overview", "01_outcomes"],
        "commit": "abc",
    }
    path = tmp_path / "t.xlsx"
    write_workbook([], path, record)
    rows = {r[0]: r[1] for r in openpyxl.load_workbook(path)["出典"].iter_rows(values_only=True) if r[0]}
    assert rows["データの種類"] == "合成データ（synthetic）" and rows["年度"] == "令和6年度 (2024)"
    assert rows["回答主体"] == "自治体" and rows["規模の区分（方式）"] == "都市規模"
    assert rows["ページ"] == "00_overview、01_outcomes" and rows["コミット"] == "abc"
    assert rows["raw/survey/FY2024/a.csv"] == "ab" * 32 and rows["pandas"] == "3.1.1"
    assert not any(str(v).startswith(("{", "[")) for v in rows.values() if v)


def test_byte_identical_when_regenerated():
    assert workbook_bytes(tables(), RECORD) == workbook_bytes(tables(), RECORD)


def test_sheet_names_are_valid():
    assert sheet_name("a" * 40) == "a" * 31
    assert sheet_name("I:II/III") == "I_II_III"


def test_free_text_that_looks_like_a_formula_is_inert_text_in_the_workbook(tmp_path):
    """Done when (issue 14): a return whose free text starts with each of = + - @ gives no <f> element."""
    import zipfile

    from jusolib.clean.pipeline import load_free_text
    from jusolib.report import YearReport
    from tests.helpers import BAD_INPUT_FILES, make_data_dir

    corpus = BAD_INPUT_FILES / "value_formula_looking_free_text.csv"
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


def test_counts_sit_beside_the_shares_as_numbers(tmp_path):
    # issue 22: the page prints 「82.6（19）」 in a cell; the sheet keeps the share and its count as numbers,
    # a count column after each share column, and a count of none shows 「−」 like the share beside it
    index = pd.Index(["地域住民の参加を促す活動を行う者", "b"], name="項目")
    table = ReportTable(
        "I_分布",
        "分布",
        pd.DataFrame({"n": [23, 23], "あてはまる": [82.6, 0.0]}, index=index),
        percent_columns=["あてはまる"],
        count_columns=["n"],
        share_counts=pd.DataFrame({"あてはまる": [19, 0]}, index=index),
    )
    path = tmp_path / "t.xlsx"
    write_workbook([table], path, RECORD)
    back = read_table(path, "I_分布")
    assert back.columns.tolist() == ["n", "あてはまる", "あてはまる（件数）"]
    assert back.loc["地域住民の参加を促す活動を行う者"].tolist() == [23, 82.6, 19]
    sheet = openpyxl.load_workbook(path)["I_分布"]
    count = sheet.cell(4, 4)  # row b: title, header, 地域住民…, b
    assert count.value == 0 and count.number_format == '0;-0;"−"'
    assert isinstance(sheet.cell(3, 4).value, int)


def test_method_notes_follow_the_plain_notes_in_the_sheet(tmp_path):
    # the page leaves a table's method notes to its 方法 section; the workbook, the analysts' copy, keeps them
    table = ReportTable(
        "I_分布",
        "分布",
        pd.DataFrame({"n": [23]}),
        ["割合の基数: 無回答を含む"],
        method_notes=["Fisher の正確検定"],
    )
    path = tmp_path / "t.xlsx"
    write_workbook([table], path, RECORD)
    sheet = openpyxl.load_workbook(path)["I_分布"]
    # title, header, one row, a blank row, then the plain note and the method note under it
    assert [sheet["A5"].value, sheet["A6"].value] == ["注: 割合の基数: 無回答を含む", "Fisher の正確検定"]


# -- print (issue 22: the workbook as a hand-out) ---------------------------------------------------------------------
def test_test_sheet_prints_the_page_columns_on_one_page_across_with_the_detail_to_the_right(tmp_path):
    """A sheet like 「III 規模による差の検定」: a long stub, eleven p and effect-size columns with long headings,
    the unadjusted p and a sentence per row that the page leaves out (workbook_only)."""
    from tests.helpers import printed_sheet

    items = [f"項目{k}：必要な実施体制を確保するための国の補助基準額が不足" for k in range(14)]
    shown = {f"検定{k} p（Holm補正）": [0.5] * 14 for k in range(7)}
    shown |= {f"効果量{k}（補正）": [0.123456789] * 14 for k in range(4)}
    detail = {f"検定{k} p（補正なし）": [0.05] * 14 for k in range(4)} | {
        "要約": ["「項目」で差は小さい。" * 5] * 14
    }
    frame = pd.DataFrame({"n": [23] * 14, **shown, **detail}, index=pd.Index(items, name="項目"))
    table = ReportTable(
        "III_検定",
        "III 規模による差の検定",
        frame,
        ["注" * 300],
        count_columns=["n"],
        workbook_only=list(detail),
    )
    path = tmp_path / "t.xlsx"
    write_workbook([table], path, RECORD)
    sheet = openpyxl.load_workbook(path)["III_検定"]
    headers = [c.value for c in sheet[2]]
    # the page's columns first, the four unadjusted p and the sentence after them, outside the print area
    assert headers == ["項目", "n", *shown, *detail]
    # 13 columns (項目, n, the 11 shown); rows: title, header, 14 rows (3–16), a blank row, the note in 18
    assert sheet.print_area == "'III_検定'!$A$1:$M$18"
    printed = printed_sheet(sheet)
    assert printed["pages_wide"] == 1 and printed["width"] * printed["scale"] / 100 <= printed["page"]
    assert printed["smallest"] >= 8
    # the effect sizes print as 0.123: their columns are as wide as their headings wrap, not as the raw value
    assert sheet.column_dimensions["J"].width < len("0.123456789") + 2
    # a heading wider than its column wraps, and its row is tall enough: 「効果量0（補正）」 is 16 units
    assert sheet["J2"].alignment.wrap_text and sheet.row_dimensions[2].height >= 2 * 15
    # the analyst's numbers are all there, by name
    back = read_table(path, "III_検定")
    assert back["検定3 p（補正なし）"].tolist() == [0.05] * 14 and len(back.columns) == 1 + 11 + 5
    assert sheet.print_title_rows == "$1:$2" and sheet.print_title_cols == "$A:$A"


def test_a_sheet_wider_than_a_page_at_8_points_repeats_its_stub_and_header(tmp_path):
    from tests.helpers import printed_sheet

    # 30 numeric columns of 「あてはまる割合（件数）」-like headings that cannot wrap below their numbers:
    # 30 × 12 units = 360 units = 2,520 pt; at the 75% floor 1,890 pt, on ⌈1890 / 805.89⌉ = 3 landscape pages
    frame = pd.DataFrame(
        {f"列{k:02d}": [123456789.0, 987654321.0] for k in range(30)}, index=pd.Index(["a", "b"], name="項目")
    )
    path = tmp_path / "t.xlsx"
    write_workbook([ReportTable("広い", "広い表", frame)], path, RECORD)
    sheet = openpyxl.load_workbook(path)["広い"]
    printed = printed_sheet(sheet)
    assert sheet.page_setup.scale == 75 and not sheet.sheet_properties.pageSetUpPr.fitToPage
    assert printed["smallest"] >= 8 and printed["pages_wide"] >= 2
    assert sheet.print_title_cols == "$A:$A" and sheet.print_title_rows == "$1:$2"


def test_long_texts_wrap_in_a_readable_column_with_rows_tall_enough(tmp_path):
    # 200 characters in a column of at most 60 units: Excel draws a Japanese character about 2.1 units wide, so
    # a line holds ⌊59 / 2.1⌋ = 28 characters and the text needs ⌈200 / 28⌉ = 8 lines (at least 7 at 29 a line)
    text = ("地域福祉コーディネーターが住民の集まりに出向き、活動への参加を働きかけている。" * 6)[:200]
    assert len(text) == 200
    frame = pd.DataFrame({"自治体": ["世田谷区"] * 3, "具体的な内容": [text[:200], "短い", text[:100]]})
    path = tmp_path / "t.xlsx"
    write_workbook([ReportTable("自由記述", "自由記述", frame)], path, RECORD)
    sheet = openpyxl.load_workbook(path)["自由記述"]
    width = sheet.column_dimensions["B"].width
    assert 36 <= width <= 60 and sheet["B3"].alignment.wrap_text
    per_line = int((width - 1) // 2.1)
    assert sheet.row_dimensions[3].height >= -(-200 // per_line) * 15 >= 7 * 15
    assert sheet.row_dimensions[4].height is None  # 「短い」 fits one line
    assert sheet["A3"].alignment.vertical == "top"  # beside a tall cell, the name stays at the row's top


def test_analysts_data_prints_its_title_only_and_the_contents_say_why(tmp_path):
    from tests.helpers import printed_sheet

    matrix = pd.DataFrame(
        {"項目": ["問1-1"], "具体的な内容": ["記述"], **{f"問1-1 テーマ{k}": [1] for k in range(40)}}
    )
    tables = [
        ReportTable("I_テーマ_文書", "I — 記述 × テーマ", matrix),
        ReportTable("I_自由記述", "I 具体的な内容", pd.DataFrame({"具体的な内容": ["記述"]})),
    ]
    book = openpyxl.load_workbook(io.BytesIO(workbook_bytes(tables, RECORD, handout=True)))
    sheet = book["I 記述ごとのテーマ"]
    assert sheet.print_area.endswith("$1")  # the title row only
    assert sheet.oddFooter.center.text == "分析用の表のため印刷は表題のみ（目次を参照）"
    assert printed_sheet(sheet)["pages_wide"] == 1
    contents = {r[0]: r for r in book["目次"].iter_rows(min_row=3, values_only=True)}
    assert [c.value for c in book["目次"][2]] == ["シート", "内容", "行数", "数値の出所", "印刷"]
    assert contents["I 記述ごとのテーマ"][4].startswith("印刷しない（表題のみ）")
    assert "「I 具体的な内容（全文）」" in contents["I 記述ごとのテーマ"][4]
    assert contents["I 具体的な内容（全文）"][4] is None  # printed whole: nothing to say
    for name in book.sheetnames:
        printed = printed_sheet(book[name])
        assert printed["pages_wide"] == 1 and printed["smallest"] >= 8, name
