import datetime as dt

import pandas as pd
import pytest

from jusolib.clean.cleaner import check_file_fiscal_year, clean_tables, recode_answer
from jusolib.core.errors import InputFileError
from jusolib.io.read import RawTable, read_return
from jusolib.survey.codebook import load_codebook
from tests.helpers import HEADINGS, ITEM_COLUMNS, row, write_csv, write_xlsx

BOOK = load_codebook(2024)
KEYS = {"区市町村名"}


def clean_file(path, **kwargs):
    return clean_tables(read_return(path, KEYS, file=path.name), BOOK, fiscal_year=2024, **kwargs)


def errors_of(path, **kwargs):
    with pytest.raises(InputFileError) as err:
        clean_file(path, **kwargs)
    return err.value.problems


class TestMessyButValidReturnsCleanWithNothingLost:
    @pytest.fixture
    def result(self, tmp_path):
        rows = [
            row("稻城市", q1_1="当てはまる", q1_2="２", q3_10="全く当てはまらない"),
            row("東京都　世田谷区", "社協", default="１", q2_7=" あてはまる。", q3_1=""),
        ]
        return clean_file(write_csv(tmp_path / "r.csv", rows, encoding="cp932"))

    def test_every_row_is_clean(self, result):
        assert result.accounting[["rows_read", "rows_clean", "rows_rejected"]].values.tolist() == [[2, 2, 0]]

    def test_municipalities_resolve(self, result):
        assert result.respondents[["respondent_type", "muni_code"]].values.tolist() == [
            ["municipality", "132250"],
            ["council", "131121"],
        ]

    def test_answers_recode_by_the_codebook(self, result):
        answers = result.responses.set_index(["muni_code", "item_id"])["answer"].astype(str)
        assert answers[("132250", "out_participation")] == "あてはまる"  # 当てはまる
        assert answers[("132250", "out_hubs")] == "どちらともいえない"  # ２ (full-width)
        assert answers[("132250", "chl_plan_consent")] == "全くあてはまらない"
        assert answers[("131121", "chg_citizen_understanding")] == "あてはまる"
        assert answers[("131121", "chl_grant_admin_burden")] == "無回答"  # blank kept as 無回答
        assert answers[("131121", "chl_youth_places")] == "とてもあてはまる"  # １ on the 4-point scale

    def test_one_tidy_row_per_item_and_respondent(self, result):
        assert len(result.responses) == 2 * 27
        assert result.responses["answer"].dtype == BOOK.answer_dtype()

    def test_cleaning_log_records_each_change_with_its_rule(self, result):
        log = result.cleaning_log.set_index(["row", "column"])
        assert log.loc[(2, "区市町村名 (A)"), "clean_value"] == "132250 稲城市"
        assert log.loc[(2, "問1-1 (C)"), ["raw_value", "clean_value", "rule"]].tolist() == [
            "当てはまる",
            "あてはまる",
            "spelling variant",
        ]
        assert log.loc[(2, "問1-2 (D)"), "rule"] == "option code"
        assert log.loc[(3, "問2-7 (N)"), "rule"] == "label (normalised text)"
        assert log.loc[(3, "問3-1 (P)"), "rule"] == "blank → 無回答"

    def test_values_written_as_the_label_are_not_logged(self, tmp_path):
        result = clean_file(
            write_csv(tmp_path / "r.csv", [row("稲城市", default="あてはまる", q3_1="無回答")])
        )
        answer_columns = result.cleaning_log["column"].str.startswith("問")
        assert result.cleaning_log.loc[answer_columns, "raw_value"].tolist() == []


def test_unknown_municipality_names_file_row_and_value(tmp_path):
    path = write_csv(tmp_path / "r.csv", [row("世田谷区"), row("世田谷市")])
    (problem,) = errors_of(path)
    assert (problem.file, problem.row, problem.column, problem.value) == (
        "r.csv",
        3,
        "区市町村名 (A)",
        "世田谷市",
    )
    assert "世田谷区 (131121)" in problem.expected


def test_ambiguous_municipality(tmp_path):
    (problem,) = errors_of(write_csv(tmp_path / "r.csv", [row("としま")]))
    assert problem.kind == "ambiguous_municipality"


def test_duplicate_respondent_under_two_spellings_names_both_rows(tmp_path):
    path = write_csv(tmp_path / "r.csv", [row("稲城市"), row("東京都稻城市")])
    problems = errors_of(path)
    assert [(p.row, p.kind) for p in problems] == [(2, "duplicate_respondent"), (3, "duplicate_respondent")]
    assert "r.csv row 3" in problems[0].expected and "r.csv row 2" in problems[1].expected


def test_same_municipality_as_two_respondent_types_is_fine(tmp_path):
    result = clean_file(write_csv(tmp_path / "r.csv", [row("稲城市", "自治体"), row("稲城市", "社協")]))
    assert len(result.respondents) == 2


def test_answer_outside_the_scale_says_what_was_expected(tmp_path):
    (problem,) = errors_of(write_csv(tmp_path / "r.csv", [row("稲城市", q1_4="4")]))
    assert (problem.row, problem.column, problem.value) == (2, "問1-4 (F)", "4")
    assert problem.expected.startswith("one of 1 あてはまる / 2 どちらともいえない / 3 あてはまらない")


def test_missing_item_column(tmp_path):
    headings = [h for h in HEADINGS if h != "問2-3"]
    rows = [[v for h, v in zip(HEADINGS, row("稲城市"), strict=True) if h != "問2-3"]]
    (problem,) = errors_of(write_csv(tmp_path / "r.csv", rows, headings=headings))
    assert problem.kind == "missing_item_column" and problem.column == "問2-3"
    assert "chg_case_finding" in problem.expected


def test_missing_respondent_type_cell(tmp_path):
    (problem,) = errors_of(write_csv(tmp_path / "r.csv", [row("稲城市", "")]))
    assert (problem.kind, problem.column) == ("missing_respondent_type", "回答主体 (B)")


def test_title_row_naming_another_fiscal_year(tmp_path):
    path = write_csv(tmp_path / "r.csv", [row("稲城市")], title=["令和5年度 調査結果"])
    (problem,) = errors_of(path)
    assert problem.kind == "fiscal_year_contradicts_folder" and "令和5年度 (2023)" in problem.expected


def test_fiscal_year_column_contradicting_the_folder(tmp_path):
    headings = [*HEADINGS, "調査年度"]
    path = write_csv(
        tmp_path / "r.csv", [[*row("稲城市"), "R6"], [*row("世田谷区"), "R5"]], headings=headings
    )
    (problem,) = errors_of(path)
    assert (problem.row, problem.value, problem.kind) == (3, "R5", "fiscal_year_contradicts_folder")


def test_file_name_naming_another_fiscal_year():
    table = RawTable("raw/survey/FY2024/R5_returns.csv", [], [], pd.DataFrame(), header_row=1)
    assert [p.kind for p in check_file_fiscal_year(table, 2024)] == ["fiscal_year_contradicts_folder"]


def test_blank_and_note_rows_are_rejected_with_their_reason(tmp_path):
    rows = [
        row("稲城市"),
        [""] * len(HEADINGS),
        ["※合成データ"] + [""] * (len(HEADINGS) - 1),
        ["", "", *[""] * 27],
    ]
    result = clean_file(write_csv(tmp_path / "r.csv", rows))
    assert result.accounting[["rows_read", "rows_clean", "rows_rejected"]].values.tolist() == [[4, 1, 3]]
    assert result.rejection_log[["row", "reason"]].values.tolist()[0] == [3, "blank row"]
    assert result.rejection_log.loc[1, "raw_value"] == "※合成データ"
    assert result.rejection_log.loc[1, "reason"].startswith("no respondent type and no answers")


def test_keep_going_rejects_only_the_bad_rows(tmp_path):
    rows = [row("稲城市"), row("世田谷市"), row("中野区", q1_1="9")]
    result = clean_file(write_csv(tmp_path / "r.csv", rows), keep_going=True)
    assert result.respondents["muni_code"].tolist() == ["132250"]
    assert result.accounting[["rows_read", "rows_clean", "rows_rejected"]].values.tolist() == [[3, 1, 2]]
    assert sorted(result.rejection_log["row"]) == [3, 4]
    assert len(result.responses) == 27


def test_unknown_extra_column_is_a_warning(tmp_path):
    headings = [*HEADINGS, "担当者メモ"]
    result = clean_file(write_csv(tmp_path / "r.csv", [[*row("稲城市"), "電話済み"]], headings=headings))
    assert [(w.kind, w.column) for w in result.warnings] == [("unknown_column", f"担当者メモ ({'AD'})")]


def test_workbook_numbers_dates_and_formulas(tmp_path):
    rows = [row("稲城市", default=1, q1_1=2.0, q1_2=dt.datetime(2024, 1, 2))]
    path = write_xlsx(tmp_path / "r.xlsx", rows)
    (problem,) = errors_of(path)
    assert problem.column == "問1-2 (D)" and "date" in problem.expected


def test_numeric_text_2_point_0_is_option_2(tmp_path):
    result = clean_file(write_csv(tmp_path / "r.csv", [row("稲城市", q1_1="2.0")]))
    answers = result.responses.set_index("item_id")["answer"]
    assert answers["out_participation"] == "どちらともいえない"
    assert "numeric text 2.0 → option code" in set(result.cleaning_log["rule"])


def test_workbook_numbers_are_option_codes(tmp_path):
    result = clean_file(write_xlsx(tmp_path / "r.xlsx", [row("稲城市", default=1, q1_1=3)]))
    assert result.responses.set_index("item_id").at["out_participation", "answer"] == "あてはまらない"


@pytest.mark.parametrize(
    ("value", "label"),
    [
        ("当てはまる", "あてはまる"),
        ("あてはまる。", "あてはまる"),
        (" あてはまる ", "あてはまる"),
        ("1", "あてはまる"),
        ("１", "あてはまる"),
        (1, "あてはまる"),
        (1.0, "あてはまる"),
        ("1.0", "あてはまる"),
        ("　", "無回答"),
        (None, "無回答"),
    ],
)
def test_recode_answer_variants(value, label):
    assert recode_answer(value, BOOK.answer_lookup("agree3"))[0] == label


def test_input_tables_are_not_modified(tmp_path):
    (table,) = read_return(write_csv(tmp_path / "r.csv", [row("稻城市", q1_1="当てはまる")]), KEYS)
    before = table.cells.copy()
    clean_tables([table], BOOK, fiscal_year=2024)
    pd.testing.assert_frame_equal(table.cells, before)


def test_item_columns_helper_matches_codebook():
    assert len(ITEM_COLUMNS) == 27


def test_an_answer_that_is_not_an_option_stops_the_build(tmp_path):
    (problem,) = errors_of(write_csv(tmp_path / "r.csv", [row("稲城市", q3_2="ややあてはまる")]))
    assert (problem.column, problem.value) == ("問3-2 (Q)", "ややあてはまる")
    assert "off_scale_answers" in problem.expected


def test_a_codebook_mapping_with_a_reason_is_applied_and_logged(tmp_path):
    import yaml

    from jusolib.survey.codebook import codebook_path, parse_codebook

    doc = yaml.safe_load(codebook_path(2024).read_text(encoding="utf-8"))
    reason = "この年度の調査票の選択肢が「ややあてはまる」だったため"
    doc["scales"]["agree4"]["off_scale_answers"] = [
        {"answer": "ややあてはまる", "maps_to": "あてはまる", "reason": reason}
    ]
    book = parse_codebook(doc, tmp_path / "FY2024.yaml")
    path = write_csv(tmp_path / "r.csv", [row("稲城市", q3_2="ややあてはまる")])
    result = clean_tables(read_return(path, KEYS, file=path.name), book, fiscal_year=2024)
    answers = result.responses.set_index("item_id")["answer"].astype(str)
    assert answers["chl_grant_insufficient"] == "あてはまる"
    logged = result.cleaning_log.set_index("column").loc["問3-2 (Q)"]
    assert logged["rule"] == f"not an option, mapped by the codebook: {reason}"


def test_a_no_answer_written_as_the_free_text_is_no_text_and_logged(tmp_path):
    headings = [*HEADINGS, "問1-1 具体的な内容"]
    path = write_csv(
        tmp_path / "r.csv", [[*row("中央区"), "－"], [*row("港区"), "拠点を開設"]], headings=headings
    )
    result = clean_file(path)
    assert result.free_text["text"].tolist() == ["拠点を開設"]
    log = result.cleaning_log[result.cleaning_log["rule"].str.startswith("無回答")]
    assert log[["row", "raw_value", "clean_value"]].values.tolist() == [[2, "－", ""]]


def test_unambiguous_spellings_are_folded_but_a_number_is_no_answer_on_a_form(tmp_path):
    from jusolib.clean.cleaner import with_spelling_variants

    lookup = with_spelling_variants(BOOK.answer_lookup("agree4"))
    # ｱﾃﾊﾏﾗﾅｲ and 全くｱﾃﾊﾏﾗﾅｲ fold to different keys: each reads as its own option
    assert recode_answer("ｱﾃﾊﾏﾗﾅｲ", lookup)[0] == "あてはまらない"
    assert recode_answer("全くｱﾃﾊﾏﾗﾅｲ", lookup)[0] == "全くあてはまらない"
    assert recode_answer("○とてもあてはまる", lookup) == (
        "とてもあてはまる",
        "spelling variant (kana, brackets or marks)",
    )
    assert recode_answer("2", lookup)[0] == "あてはまる"  # a compiled sheet's option number
    assert recode_answer("2", with_spelling_variants(BOOK.answer_lookup("agree4"), option_codes=False)) == (
        None,
        "",
    )
