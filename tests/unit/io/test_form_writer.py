import io
import zipfile

import openpyxl
import pytest

from jusolib.core.errors import ParameterError
from jusolib.io.form_writer import (
    fill_form,
    form_bytes,
    form_sheet,
    form_workbook,
    wareki,
    write_questionnaires,
)
from jusolib.survey.codebook import load_codebook
from tests.helpers import implementing_only, make_data_dir

BOOK = load_codebook(2024)


@pytest.fixture(scope="module")
def form():
    return form_workbook(BOOK, muni_code="131121", muni_name="世田谷区", respondent_type="municipality")


def keyed_rows(sheet):
    return {sheet.cell(r, 1).value: r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 1).value}


def test_wareki_dates():
    # 2024-12-10 and 2025-01-14 (the FY2024 survey period) were Tuesdays; 令和7年 = 2025
    assert wareki("2024-12-10") == "令和6年12月10日（火）"
    assert wareki("2025-01-14") == "令和7年1月14日（火）"


def test_cover_gives_purpose_period_deadline_and_how_to_answer(form):
    cover = form["表紙"]
    entries = {r[1]: r[2] for r in cover.iter_rows(values_only=True) if len(r) > 2 and r[2] is not None}
    texts = [r[1] for r in cover.iter_rows(values_only=True) if r[1]]
    assert "世田谷区（自治体）　ご担当者様" in texts
    assert entries["調査期間"] == "令和6年12月10日（火） 〜 令和7年1月14日（火）"
    assert entries["回答期限"] == "令和7年1月14日（火）"
    assert entries["調査の目的"].startswith("東京都重層的支援体制整備事業後方支援事業の一環として")
    assert entries["調査方法"] == "電子メールでの調査票の送付・回収"
    assert entries["設問"] == "全27問（I 5問、II 8問、III 14問）"
    assert "一覧（▼）から選んでください" in entries["回答のしかた"]


def test_prefilled_respondent_block(form):
    sheet = form["調査票"]
    rows = keyed_rows(sheet)
    assert [
        sheet.cell(rows[k], 4).value for k in ("fiscal_year", "respondent_type", "muni_name", "muni_code")
    ] == [
        "令和6年度",
        "自治体",
        "世田谷区",
        "131121",
    ]
    assert [sheet.cell(rows[k], 2).value for k in ("department", "answered_on", "note")] == [
        "担当部署",
        "回答日",
        "備考",
    ]


def test_every_item_once_in_questionnaire_order_under_its_section(form):
    sheet = form["調査票"]
    column_a = [sheet.cell(r, 1).value for r in range(1, sheet.max_row + 1)]
    item_keys = [k for k in column_a if k in set(BOOK.item_ids())]
    assert item_keys == BOOK.item_ids()
    rows = keyed_rows(sheet)
    assert [sheet.cell(rows["out_participation"], c).value for c in (2, 3)] == [
        "問1-1",
        "地域住民の参加を促す活動を行う者",
    ]
    assert sheet.cell(rows["chl_community_building"], 3).value.endswith("（※1）")
    sections = [
        sheet.cell(r, 2).value for r in range(1, sheet.max_row + 1) if sheet.cell(r, 1).value == "#section"
    ]
    assert sections == [
        "I　包括的支援体制の整備に向けた成果・進捗状況",
        "II　重層事業の実施を通じて感じる変化",
        "III　重層事業をすすめるうえでの課題",
    ]
    assert (
        rows["out_collaboration"]
        < [r for r in range(1, sheet.max_row + 1) if column_a[r - 1] == "#section"][1]
    )


def test_dropdowns_list_each_scales_labels_on_its_items(form):
    sheet = form["調査票"]
    rows = keyed_rows(sheet)
    by_formula = {v.formula1: {str(r) for r in v.sqref.ranges} for v in sheet.data_validations.dataValidation}
    agree3 = {f"D{rows[i]}" for i in BOOK.item_ids() if BOOK.item(i)["scale"] == "agree3"}
    agree4 = {f"D{rows[i]}" for i in BOOK.item_ids() if BOOK.item(i)["scale"] == "agree4"}
    assert len(agree3) == 13 and len(agree4) == 14  # sections I + II on three points, III on four
    assert by_formula == {
        '"あてはまる,どちらともいえない,あてはまらない"': agree3,
        '"とてもあてはまる,あてはまる,あてはまらない,全くあてはまらない"': agree4,
    }
    assert all(v.allow_blank and v.showErrorMessage for v in sheet.data_validations.dataValidation)


def test_only_the_answer_cells_are_unlocked_and_the_sheets_protected_without_password(form):
    sheet = form["調査票"]
    rows = keyed_rows(sheet)
    unlocked = {c.coordinate for row in sheet.iter_rows() for c in row if not c.protection.locked}
    answers = {f"{col}{rows[i]}" for i in BOOK.item_ids() for col in "DE"}
    fields = ("department", "contact_name", "contact_phone", "contact_email", "answered_on", "note")
    respondent = {f"{c}{rows[k]}" for k in fields for c in "DE"}  # D:E merged
    assert unlocked == answers | respondent
    for ws in form.worksheets:
        assert ws.protection.sheet and not ws.protection.password
    assert form.security.lockStructure


def test_hidden_key_column_and_a4_print_setup(form):
    sheet = form["調査票"]
    assert sheet["A1"].value == "jusolib:調査票:v2"
    assert sheet.column_dimensions["A"].hidden
    # title, guide, spacer, 回答者, ten respondent rows (5–14: seven fields and the contact block), spacer: the
    # column headings are on row 16
    assert keyed_rows(sheet)["#header"] == 16
    assert sheet.print_title_rows == "$16:$16"
    assert (sheet.page_setup.paperSize, sheet.page_setup.orientation, sheet.page_setup.fitToWidth) == (
        9,
        "portrait",
        1,
    )
    assert sheet.sheet_properties.pageSetUpPr.fitToPage


def test_same_respondent_gives_the_same_bytes():
    def make():
        return form_bytes(form_workbook(BOOK, muni_code="131024", muni_name="中央区", respondent_type="社協"))

    assert make() == make()


def test_text_typed_with_a_leading_equals_sign_stays_text():
    form = form_workbook(BOOK, muni_code="131024", muni_name="中央区", respondent_type="自治体")
    fill_form(form, {"out_hubs": "あてはまる"}, {"out_hubs": '=HYPERLINK("http://example.invalid","詳細")'})
    data = form_bytes(form)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheets = [archive.read(n) for n in archive.namelist() if n.startswith("xl/worksheets/sheet")]
    assert not any(b"<f>" in s or b"<f " in s for s in sheets)
    back = form_sheet(openpyxl.load_workbook(io.BytesIO(data)))
    row = keyed_rows(back)["out_hubs"]
    assert back.cell(row, 5).value.startswith("=HYPERLINK")


def test_fill_form_refuses_an_unknown_key():
    form = form_workbook(BOOK, muni_code="131024", muni_name="中央区", respondent_type="自治体")
    with pytest.raises(Exception, match="no row with the key 'no_such_item'"):
        fill_form(form, {"no_such_item": "あてはまる"})


def test_one_form_per_implementing_respondent(tmp_path):
    root = implementing_only(make_data_dir(tmp_path / "data"), 2024, ["中央区", "世田谷区"])
    written = write_questionnaires(2024, out_dir=tmp_path / "forms", data_dir=root)
    assert sorted(p.name for p in written) == [
        "令和6年度_成果と課題調査_世田谷区_社協.xlsx",
        "令和6年度_成果と課題調査_世田谷区_自治体.xlsx",
        "令和6年度_成果と課題調査_中央区_社協.xlsx",
        "令和6年度_成果と課題調査_中央区_自治体.xlsx",
    ]
    only = write_questionnaires("R6", respondent_type="社協", out_dir=tmp_path / "council", data_dir=root)
    assert len(only) == 2 and all(p.name.endswith("_社協.xlsx") for p in only)


def test_forms_are_never_written_under_raw_nor_for_an_unknown_respondent_type(tmp_path):
    root = make_data_dir(tmp_path / "data")
    with pytest.raises(ParameterError, match="never written under"):
        write_questionnaires(2024, out_dir=root / "raw" / "survey" / "forms", data_dir=root)
    with pytest.raises(ParameterError, match="respondent_type"):
        write_questionnaires(2024, respondent_type="区民", out_dir=tmp_path / "forms", data_dir=root)
