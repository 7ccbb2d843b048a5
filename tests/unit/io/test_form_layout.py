"""The questionnaire form's layout (jusolib.io.form_layout): the marker that makes a sheet a form, the keys of
column A, the wording a form shows, a form without its key column, file names and the codebook's form texts."""

import itertools

import openpyxl

from jusolib.io.form_layout import (
    DEFAULT_SHORT_TITLE,
    FORM_MARKER,
    MARKER_SEARCH_ROWS,
    find_marker,
    form_file_name,
    is_form_key,
    looks_like_keyless_form,
    questionnaire_meta,
    sheet_marker_row,
    shown_label,
    survey_period,
)

V1 = "jusolib:調査票:v1"


def test_the_marker_is_found_below_inserted_rows_in_either_layout():
    assert find_marker([FORM_MARKER]) == 1
    assert find_marker([None, "", "表題", FORM_MARKER, "fiscal_year"]) == 4  # three rows inserted above it
    assert find_marker([None, V1]) == 2  # a v1 form (before the contact block) is still read
    assert find_marker(["  " + FORM_MARKER + " "]) == 1  # spaces around it


def test_no_marker_is_none():
    assert find_marker([]) is None
    assert find_marker(["区市町村名", "世田谷区"]) is None
    assert find_marker(["jusolib:調査票:v3", "jusolib:調査票"]) is None  # not a layout the reader knows
    assert find_marker([1, 2.5, None]) is None


def test_the_marker_is_searched_for_in_the_first_rows_only():
    assert MARKER_SEARCH_ROWS == 20
    assert find_marker([None] * 19 + [FORM_MARKER]) == 20
    assert find_marker([None] * 20 + [FORM_MARKER]) is None  # row 21
    # an endless column A is read no further than the search rows
    assert find_marker(itertools.repeat(None)) is None


def test_the_marker_row_of_a_worksheet_creates_no_cell():
    book = openpyxl.Workbook()
    sheet = book.active
    sheet["A3"] = FORM_MARKER
    assert sheet_marker_row(sheet) == 3
    other = book.create_sheet("回答")
    other["B1"] = "区市町村名"
    assert sheet_marker_row(other) is None
    assert (other.max_row, other.max_column) == (1, 2)  # asking did not add rows below the one with a value


def test_a_key_names_something_to_read_a_hash_only_layout():
    assert [is_form_key(v) for v in ("out_hubs", " muni_code ", "answered_on")] == [True, True, True]
    assert [is_form_key(v) for v in ("#section", " #spacer", "", "　", None, 3)] == [False] * 6


def test_an_item_shows_its_footnote_only_when_its_no_answer_has_a_reason():
    with_reason = {"label": "相談窓口", "footnote": "※1", "no_answer_reason": "設置していない"}
    assert shown_label(with_reason) == "相談窓口（※1）"
    assert shown_label({**with_reason, "no_answer_reason": None}) == "相談窓口"
    assert (
        shown_label({**with_reason, "footnote": float("nan")}) == "相談窓口"
    )  # a codebook row's missing value


def test_a_form_without_its_key_column_is_recognised_by_three_prefilled_names_in_one_column():
    top = [
        ["令和6年度 調査票"],
        ["調査年度", None, "令和6年度"],
        ["回答主体", None, "自治体"],
        ["団体名", None, "中央区"],
    ]
    assert looks_like_keyless_form(top)
    assert not looks_like_keyless_form(top[:3])  # two names are not enough
    # the three names in three different columns: a compiled sheet's header, not a form's column B
    assert not looks_like_keyless_form(
        [["調査年度", "回答主体", "団体名"], ["令和6年度", "自治体", "中央区"]]
    )
    # below the rows searched, or beyond the first five columns, they do not count
    assert not looks_like_keyless_form([[None]] * MARKER_SEARCH_ROWS + top)
    assert not looks_like_keyless_form([[None] * 5 + r[:1] for r in top])


def test_a_form_file_names_year_survey_municipality_and_respondent_type():
    assert (
        form_file_name(2025, "成果と課題調査", "世田谷区", "社協")
        == "令和7年度_成果と課題調査_世田谷区_社協.xlsx"
    )
    assert form_file_name("R6", "調査票", "檜原村", "自治体") == "令和6年度_調査票_檜原村_自治体.xlsx"
    assert form_file_name(2019, "調査票", "港区", "自治体").startswith("令和元年度_")  # the era's first year


def test_questionnaire_texts_get_their_defaults_without_changing_the_codebook():
    meta = {"survey": "重層的支援体制整備事業に関する調査", "questionnaire": {"deadline": "2025-01-14"}}
    block = questionnaire_meta(meta)
    assert block == {
        "deadline": "2025-01-14",
        "short_title": DEFAULT_SHORT_TITLE,
        "title": "重層的支援体制整備事業に関する調査",
    }
    assert meta["questionnaire"] == {"deadline": "2025-01-14"}  # a copy was filled in
    given = questionnaire_meta(
        {"survey": "S", "questionnaire": {"short_title": "成果と課題調査", "title": "T"}}
    )
    assert (given["short_title"], given["title"]) == ("成果と課題調査", "T")
    assert questionnaire_meta({})["title"] == ""


def test_the_survey_period_is_read_to_the_day_or_not_at_all():
    assert survey_period({"survey_period": "2024-12-10/2025-01-14"}) == ("2024-12-10", "2025-01-14")
    assert survey_period({"survey_period": " 2024-12-10 / 2025-01-14 (予定)"}) == ("2024-12-10", "2025-01-14")
    assert survey_period({"survey_period": "2025-12/2026-01"}) is None  # months only: no deadline to check
    assert survey_period({"survey_period": None}) is None
    assert survey_period({}) is None
