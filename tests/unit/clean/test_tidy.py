"""Putting cleaned rows together (jusolib.clean.tidy): the frames' order and columns, and the row accounting.

The inputs are two small hand-written CSV returns cleaned by :func:`jusolib.clean.cleaner.clean_tables`, which
hands its cleaned rows to :func:`jusolib.clean.tidy.assemble`; every expected value below is worked out from the
rows as written.
"""

import pandas as pd
import pytest

from jusolib.clean.cleaner import clean_tables
from jusolib.clean.tidy import (
    ACCOUNTING_COLUMNS,
    LOG_COLUMNS,
    REJECTION_COLUMNS,
    RESPONDENT_COLUMNS,
    check_accounting,
)
from jusolib.io.read import read_return
from tests.helpers import BOOK, HEADINGS, row, write_csv

KEYS = {"区市町村名"}
#: Two free-text columns besides the items (the codebook's 具体的な内容 of 問1-1 and 問1-2).
TEXT_1_1, TEXT_1_2 = "問1-1 具体的な内容", "問1-2 具体的な内容"
TEXT_HEADINGS = [*HEADINGS, TEXT_1_1, TEXT_1_2]
ITEMS = BOOK.item_ids()  # questionnaire order: out_participation (問1-1), out_hubs (問1-2), …


def text_row(muni, kind="自治体", text_1_1="", text_1_2="", **answers):
    return [*row(muni, kind, **answers), text_1_1, text_1_2]


def clean(tmp_path, files, **kwargs):
    tables = []
    for name, rows in files.items():
        path = write_csv(tmp_path / name, rows, headings=TEXT_HEADINGS)
        tables += read_return(path, KEYS, file=name)
    return clean_tables(tables, BOOK, fiscal_year=2024, **kwargs)


@pytest.fixture
def result(tmp_path):
    """a.csv: lines 2–3 clean, 4 blank, 5 a note, 6 an unknown municipality, 7 two answers off the scale;
    b.csv: line 2 clean. Cleaned with keep_going, so the problem rows are rejected instead of stopping."""
    blank = [""] * len(TEXT_HEADINGS)
    note = ["※合成データ", *[""] * (len(TEXT_HEADINGS) - 1)]
    a = [
        text_row("世田谷区", "社協", text_1_1="地域の拠点が増えた", q1_1="2"),  # line 2
        text_row("稲城市", text_1_2="  会議を月1回開催 "),  # line 3
        blank,  # line 4
        note,  # line 5
        text_row("世田谷市", text_1_1="拒否される行の記述"),  # line 6: no such municipality
        text_row("中野区", q1_1="9", q1_2="8"),  # line 7: two problems, one row
    ]
    b = [text_row("世田谷区", text_1_1="参加支援", q1_1="")]  # line 2: 問1-1 blank → 無回答
    return clean(tmp_path, {"a.csv": a, "b.csv": b}, keep_going=True)


def test_every_row_read_is_clean_or_rejected(result):
    # a.csv: 6 rows = 2 clean (lines 2, 3) + 4 rejected (blank 4, note 5, problems 6 and 7); b.csv: 1 = 1 + 0
    assert result.accounting.columns.tolist() == ACCOUNTING_COLUMNS
    assert result.accounting.values.tolist() == [["a.csv", 6, 2, 4], ["b.csv", 1, 1, 0]]
    # only rows rejected for a problem count as rows with problems (not the blank and the note row)
    assert result.rows_with_problems == 2


def test_the_rejection_log_has_one_entry_per_problem_sorted_by_file_and_row(result):
    log = result.rejection_log
    assert log.columns.tolist() == REJECTION_COLUMNS
    # line 7 has two problems (問1-1 9, 問1-2 8): two entries, but one row in the accounting above
    assert log[["file", "row"]].values.tolist() == [["a.csv", r] for r in (4, 5, 6, 7, 7)]
    assert log["reason"].tolist()[0] == "blank row"
    assert log["reason"].str.startswith("unknown_municipality").tolist() == [False, False, True, False, False]
    assert log.loc[log["row"] == 7, "raw_value"].tolist() == ["9", "8"]


def test_respondents_in_codebook_type_order_then_by_code(result):
    # 自治体 before 社協 (the codebook's order), then by 団体コード: 世田谷区 131121 before 稲城市 132250
    respondents = result.respondents
    assert respondents.columns.tolist() == RESPONDENT_COLUMNS
    assert respondents.drop(columns="fiscal_year").values.tolist() == [
        ["municipality", "131121", "世田谷区", "世田谷区", "b.csv", 2],
        ["municipality", "132250", "稲城市", "稲城市", "a.csv", 3],
        ["council", "131121", "世田谷区", "世田谷区", "a.csv", 2],
    ]
    assert respondents["fiscal_year"].tolist() == [2024] * 3


def test_responses_one_row_per_respondent_and_item_in_questionnaire_order(result):
    responses = result.responses
    assert responses.columns.tolist() == [
        "fiscal_year",
        "respondent_type",
        "muni_code",
        "item_id",
        "answer",
        "answer_code",
    ]
    assert len(responses) == 3 * 27  # three clean rows × 27 items; the rejected rows give none
    who = responses[["respondent_type", "muni_code"]].drop_duplicates().values.tolist()
    assert who == [["municipality", "131121"], ["municipality", "132250"], ["council", "131121"]]
    assert responses["item_id"].tolist() == ITEMS * 3
    assert responses["answer"].dtype == BOOK.answer_dtype()
    first = responses[responses["item_id"] == "out_participation"]  # 問1-1 of each respondent, in order
    # b.csv left it blank (無回答, no option code); 稲城市 wrote 1; 社協 wrote 2
    assert first["answer"].astype(str).tolist() == ["無回答", "あてはまる", "どちらともいえない"]
    assert first["answer_code"].tolist() == [pd.NA, 1, 2]
    assert str(responses["answer_code"].dtype) == "Int64"


def test_free_text_only_where_written_trimmed_and_in_respondent_order(result):
    assert result.free_text.drop(columns="fiscal_year").values.tolist() == [
        ["municipality", "131121", "out_participation", "参加支援"],
        ["municipality", "132250", "out_hubs", "会議を月1回開催"],  # the spaces around it trimmed
        ["council", "131121", "out_participation", "地域の拠点が増えた"],
    ]  # line 6's text is not kept: its row is rejected


def test_the_cleaning_log_keeps_only_the_rows_kept(result):
    log = result.cleaning_log
    assert log.columns.tolist() == LOG_COLUMNS
    # line 6's answers (code 1 → label) and line 7's municipality (中野区 → 131148) were cleaned, then the rows
    # were rejected: their entries go with them
    assert sorted(set(log.loc[log["file"] == "a.csv", "row"])) == [2, 3]
    assert sorted(set(log.loc[log["file"] == "b.csv", "row"])) == [2]


def test_a_file_with_a_header_only_gives_empty_frames_with_their_columns(tmp_path):
    result = clean(tmp_path, {"empty.csv": []})
    assert result.accounting.values.tolist() == [["empty.csv", 0, 0, 0]]
    assert result.respondents.columns.tolist() == RESPONDENT_COLUMNS and result.respondents.empty
    assert result.responses.empty and result.responses["answer"].dtype == BOOK.answer_dtype()
    assert result.free_text.columns.tolist() == [
        "fiscal_year",
        "respondent_type",
        "muni_code",
        "item_id",
        "text",
    ]
    assert result.cleaning_log.columns.tolist() == LOG_COLUMNS and result.cleaning_log.empty
    assert result.rejection_log.columns.tolist() == REJECTION_COLUMNS and result.rejection_log.empty
    assert [w.kind for w in result.warnings] == ["header_only"]


def test_check_accounting_names_the_file_whose_rows_do_not_add_up():
    balanced = pd.DataFrame([["a.csv", 5, 3, 2], ["b.csv", 0, 0, 0]], columns=ACCOUNTING_COLUMNS)
    check_accounting(balanced)  # 5 = 3 + 2, 0 = 0 + 0: nothing raised
    broken = pd.DataFrame([["a.csv", 5, 3, 2], ["b.csv", 4, 3, 0]], columns=ACCOUNTING_COLUMNS)
    with pytest.raises(
        AssertionError, match=r"row accounting broken for b\.csv: 4 read ≠ 3 clean \+ 0 rejected"
    ):
        check_accounting(broken)
