"""Synthetic returns as filled-in forms (jusolib.synth.forms): filled in the way people fill forms in, and read
back they are exactly the answers they were filled in with.

The answers are written by hand for four respondents (世田谷区 and 稲城市, 自治体 and 社協) of FY2025; the forms
are read and cleaned as the build reads any return (:func:`jusolib.io.read.read_return`,
:func:`jusolib.clean.cleaner.clean_tables`).
"""

import datetime as dt
import io
import itertools

import numpy as np
import openpyxl
import pandas as pd
import pytest

from jusolib.clean.cleaner import clean_tables
from jusolib.core.normalize import normalize_heading
from jusolib.io.form_writer import form_sheet
from jusolib.io.read import read_return
from jusolib.survey.codebook import load_codebook
from jusolib.synth.forms import INSERTED_TEXT, LATE_NOTE, TYPED_ANSWERS, filled_forms

BOOK = load_codebook(2025)
NOTICE = "【合成データ（テスト）】"
#: The survey period of the FY2025 codebook is 2025-12-09 〜 2026-01-13; the late form is dated six days after.
PERIOD = (dt.date(2025, 12, 9), dt.date(2026, 1, 13))
LATE_DAY = dt.date(2026, 1, 19)
RESPONDENTS = [  # (respondent type, 団体コード, name, where its answers start on each scale, its 無回答 item)
    ("municipality", "131121", "世田谷区", 0, "out_hubs"),
    ("municipality", "132250", "稲城市", 1, "chl_youth_places"),
    ("council", "131121", "世田谷区", 2, "chg_staff_quality"),
    ("council", "132250", "稲城市", 3, None),
]
TEXTS = {
    ("municipality", "131121", "out_participation"): "地域の居場所づくりが進んだ",
    ("council", "132250", "chl_plan_consent"): "合意形成に時間がかかる",
}


def hand_written_answers() -> pd.DataFrame:
    """Each respondent answers the items in questionnaire order going round its scale's options, starting at
    its own option (so every option of both scales is used), leaves one item blank (無回答) and writes the
    free texts of ``TEXTS``."""
    rows = []
    for kind, code, _, start, blank in RESPONDENTS:
        for position, item_id in enumerate(BOOK.item_ids()):
            labels = BOOK.scale_of(item_id).labels
            answer = BOOK.no_answer_label if item_id == blank else labels[(start + position) % len(labels)]
            text = TEXTS.get((kind, code, item_id))
            rows.append((kind, code, item_id, answer, text))
    return pd.DataFrame(rows, columns=["respondent_type", "muni_code", "item_id", "answer", "text"])


@pytest.fixture(scope="module")
def answers():
    return hand_written_answers()


@pytest.fixture(scope="module")
def files(answers):
    return filled_forms(2025, answers, rng=np.random.default_rng(7), notice=NOTICE)


@pytest.fixture(scope="module")
def read(files, tmp_path_factory):
    """The forms read and cleaned as the build reads a survey folder."""
    folder = tmp_path_factory.mktemp("FY2025")
    keys = {normalize_heading(h) for h in BOOK.column_headings("municipality")}
    tables = []
    for name, data in files.items():
        (folder / name).write_bytes(data)
        tables += read_return(folder / name, keys, file=name)
    return tables, clean_tables(tables, BOOK, fiscal_year=2025)


def test_one_form_per_respondent_named_as_the_questionnaire_names_it(files):
    assert list(files) == [
        "令和7年度_成果と課題調査_世田谷区_自治体.xlsx",
        "令和7年度_成果と課題調査_稲城市_自治体.xlsx",
        "令和7年度_成果と課題調査_世田谷区_社協.xlsx",
        "令和7年度_成果と課題調査_稲城市_社協.xlsx",
    ]


def test_read_back_the_forms_are_the_answers_they_were_filled_in_with(answers, read):
    _, result = read
    keys = ["respondent_type", "muni_code", "item_id"]
    got = result.responses[keys].assign(answer=result.responses["answer"].astype(str))
    assert sorted(got.itertuples(index=False, name=None)) == sorted(
        answers[[*keys, "answer"]].itertuples(index=False, name=None)
    )  # 4 respondents × 28 items, the 無回答 left blank read as 無回答
    assert result.free_text.set_index(keys)["text"].to_dict() == TEXTS
    assert result.accounting[["rows_read", "rows_clean", "rows_rejected"]].sum().tolist() == [4, 4, 0]


def test_a_few_answers_are_typed_over_the_drop_down_in_the_codebooks_first_spelling(read):
    _, result = read
    typed = result.cleaning_log[result.cleaning_log["rule"] == "spelling variant"]
    # every option of both FY2025 scales has spellings, so each of the answers picked is typed: exactly six
    assert len(typed) == TYPED_ANSWERS == 6
    for label, spelling in zip(typed["clean_value"], typed["raw_value"], strict=True):
        options = {o.label: o.aliases for scale in BOOK.scales.values() for o in scale.options}
        assert spelling == options[label][0] != label  # e.g. あてはまる typed as 当てはまる
    # the other answers were picked from the drop-down (the label itself: nothing to recode or log) or left
    # blank: the three hand-written 無回答 (世田谷区 自治体, 稲城市 自治体, 世田谷区 社協)
    answer_rules = result.cleaning_log[result.cleaning_log["column"].str.startswith("問", na=False)]["rule"]
    assert answer_rules.value_counts().to_dict() == {"spelling variant": 6, "blank → 無回答": 3}


def test_one_form_after_the_deadline_with_a_note_and_one_with_an_inserted_row_of_another_municipality(read):
    _, result = read
    late = [w for w in result.warnings if w.kind == "form_after_deadline"]
    inserted = [w for w in result.warnings if w.kind == "form_inserted_row"]
    assert len(late) == len(inserted) == 1
    assert late[0].value == LATE_DAY.isoformat() and f"(備考: {LATE_NOTE})" in late[0].expected
    assert inserted[0].value == INSERTED_TEXT

    def municipality(warning):  # 令和7年度_成果と課題調査_<name>_<type>.xlsx, sheet 調査票
        return warning.file.split("_")[2]

    assert municipality(late[0]) != municipality(inserted[0])


def test_every_other_form_is_dated_within_the_survey_period_and_names_a_department(read):
    tables, _ = read
    dates = {t.file: t.form.value(t, "answered_on") for t in tables}
    late = [f for f, d in dates.items() if d.date() == LATE_DAY]
    assert len(late) == 1
    for table in tables:
        if table.file not in late:
            assert PERIOD[0] <= dates[table.file].date() <= PERIOD[1], table.file
            assert table.form.value(table, "note") is None
        assert isinstance(table.form.value(table, "department"), str)


def test_the_inserted_row_sits_under_an_item_and_has_no_key(files):
    found = []
    for name, data in files.items():
        sheet = form_sheet(openpyxl.load_workbook(io.BytesIO(data)))
        rows = list(sheet.iter_rows(min_col=1, max_col=5, values_only=True))
        for above, here in itertools.pairwise(rows):
            if here[4] == INSERTED_TEXT:
                found.append((name, above[0], here[0]))
    assert len(found) == 1
    _, key_above, key = found[0]
    assert key is None and key_above in BOOK.item_ids()


def test_every_form_carries_the_notice_on_both_sheets(files):
    for data in files.values():
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
        on = [
            any(NOTICE in str(v) for r in ws.iter_rows(max_row=6, values_only=True) for v in r) for ws in book
        ]
        assert on == [True, True]


def test_the_same_generator_state_fills_in_the_same_bytes(answers, files):
    assert filled_forms(2025, answers, rng=np.random.default_rng(7), notice=NOTICE) == files
