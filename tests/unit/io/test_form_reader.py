import datetime as dt

import pandas as pd
import pytest

from jusolib.clean.cleaner import clean_tables
from jusolib.core.errors import InputFileError
from jusolib.core.paths import data_paths
from jusolib.io.form_reader import _file_name_says, parse_answer_date, read_form_sheet
from jusolib.io.read import read_return
from jusolib.survey.codebook import load_codebook
from jusolib.survey.reference import municipality_resolver
from jusolib.synth.returns import draw_answers
from tests.helpers import write_form

BOOK = load_codebook(2024)
KEYS = {"区市町村名"}


def text_rows(*rows):
    """Rows of a sheet as the reader gets them: (value, type) per cell, "s" for text, "f" for a formula."""
    return [
        [(v, "f" if isinstance(v, str) and v.startswith("=") else "s" if v is not None else "n") for v in r]
        for r in rows
    ]


PLAIN = (
    ["jusolib:調査票:v1", "令和6年度 調査票"],
    ["fiscal_year", "調査年度", None, "令和6年度"],
    ["respondent_type", "回答主体", None, "自治体"],
    ["muni_code", "団体コード", None, "131121"],
    ["#header", "番号", "設問", "回答", "具体的な内容"],
    ["out_hubs", "問1-2", "拠点", "当てはまる", "拠点を開設"],
    [None, None, None, None, "（補足）来年度も継続"],
    ["out_leaders", "問1-3", "担い手", None, None],
    ["out_hubs", "問1-2", "拠点", "あてはまる", None],
)
SMALL = text_rows(*PLAIN)


def test_a_form_becomes_one_row_with_one_column_per_key_each_at_its_cell():
    table = read_form_sheet("FY2024/a.xlsx", "調査票", SMALL, None)
    assert table.file == "FY2024/a.xlsx, sheet 調査票"
    assert list(table.cells.index) == [4]  # the 団体コード row
    columns = dict(zip(table.letters, table.cells.iloc[0], strict=True))
    assert columns == {
        "D2": "令和6年度",
        "D3": "自治体",
        "D4": "131121",
        "D6": "当てはまる",
        "E6": "拠点を開設",
        "D8": None,
        "E8": None,
    }
    assert table.column_label(table.form.positions["out_hubs"]) == "問1-2 (cell D6)"


def test_rows_without_a_key_are_inserted_and_a_repeated_key_is_kept_once():
    info = read_form_sheet("a.xlsx", "調査票", SMALL, None).form
    assert info.inserted == ((7, "（補足）来年度も継続"),)
    assert info.repeated == (("out_hubs", 6, 9),)
    assert info.keys["out_leaders"] == 8


def test_a_formula_is_replaced_by_its_saved_value_or_reported_at_its_cell():
    rows = text_rows(*PLAIN[:5], ["out_hubs", "問1-2", "拠点", "=1+0", None])
    saved = [[v for v, _ in r] for r in rows]
    saved[5][3] = 1
    table = read_form_sheet("a.xlsx", "調査票", rows, saved)
    assert table.cells.iloc[0, table.form.positions["out_hubs"]] == 1
    assert table.notes == [(4, table.form.positions["out_hubs"], "=1+0", 1, "formula → saved value")]
    saved[5][3] = None
    (problem,) = read_form_sheet("a.xlsx", "調査票", rows, saved).cell_problems
    assert (problem.cell, problem.kind) == ("D6", "formula_without_value")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (dt.datetime(2025, 1, 20, 9, 30), dt.date(2025, 1, 20)),
        ("2025/1/20", dt.date(2025, 1, 20)),
        ("２０２５年１月２０日", dt.date(2025, 1, 20)),
        ("令和7年1月20日", dt.date(2025, 1, 20)),
        ("1月20日", None),
        ("2025/2/30", None),
        (None, None),
    ],
)
def test_answer_dates_as_people_write_them(value, expected):
    assert parse_answer_date(value) == expected


def test_the_file_name_names_municipalities_and_respondent_types_by_whole_words():
    def says(name):
        table = read_form_sheet(f"FY2024/{name}", "調査票", SMALL, None)
        return _file_name_says(table, BOOK, municipality_resolver())

    assert says("令和6年度_成果と課題調査_世田谷区_自治体.xlsx") == ({"131121"}, {"municipality"})
    assert says("杉並区社会福祉協議会（回答）.xlsx") == ({"131156"}, set())
    assert says("回答_社協.xlsx") == (set(), {"council"})
    assert says("survey form v2.xlsx") == (set(), set())


def test_a_typed_spelling_is_recoded_and_logged_at_its_cell(tmp_path):
    path = write_form(tmp_path / "f.xlsx", answers={"out_hubs": "当てはまる"})
    result = clean_tables(read_return(path, KEYS, file="FY2024/f.xlsx"), BOOK, fiscal_year=2024)
    log = result.cleaning_log.set_index("column")
    # out_hubs (問1-2) is the second item of section I: rows 19–23 hold 問1-1〜1-5 (see the bad-input corpus)
    assert log.loc["問1-2 (cell D20)", ["raw_value", "clean_value", "rule"]].tolist() == [
        "当てはまる",
        "あてはまる",
        "spelling variant",
    ]
    assert result.respondents[["muni_code", "source_file", "source_row"]].values.tolist() == [
        ["131024", "FY2024/f.xlsx, sheet 調査票", 8]
    ]


def test_keep_going_rejects_only_the_form_with_a_problem(tmp_path):
    good = write_form(tmp_path / "good.xlsx")
    bad = write_form(
        tmp_path / "bad.xlsx", muni=("131075", "墨田区"), answers={"out_leaders": "ややあてはまる"}
    )
    tables = read_return(good, KEYS, file="good.xlsx") + read_return(bad, KEYS, file="bad.xlsx")
    with pytest.raises(InputFileError, match=r"bad\.xlsx, sheet 調査票, cell D21"):
        clean_tables(tables, BOOK, fiscal_year=2024)
    result = clean_tables(tables, BOOK, fiscal_year=2024, keep_going=True)
    assert result.accounting[["rows_read", "rows_clean", "rows_rejected"]].sum().tolist() == [2, 1, 1]
    assert result.rejection_log["column"].tolist() == ["問1-3 (cell D21)"]
    assert list(result.respondents["muni_code"]) == ["131024"]


def test_a_few_forms_filled_from_the_synthetic_answers_read_back_as_the_compiled_sheet(tmp_path):
    answers = draw_answers(2024)
    who = [("municipality", "131024"), ("council", "131121"), ("municipality", "132250")]
    resolver = municipality_resolver()
    tables = []
    for kind, code in who:
        mine = answers[(answers["respondent_type"] == kind) & (answers["muni_code"] == code)]
        path = write_form(
            tmp_path / f"{code}_{kind}.xlsx",
            muni=(code, resolver.name(code)),
            kind=kind,
            answers={r.item_id: None if r.answer == "無回答" else r.answer for r in mine.itertuples()},
            texts={r.item_id: r.text for r in mine.itertuples() if isinstance(r.text, str)},
        )
        tables += read_return(path, KEYS)
    result = clean_tables(tables, BOOK, fiscal_year=2024)
    compiled = clean_tables(
        [t for p in sorted(data_paths().survey_dir(2024).glob("*_*")) for t in read_return(p, KEYS)],
        BOOK,
        fiscal_year=2024,
    )

    def chosen(frame):
        keys = list(zip(frame["respondent_type"], frame["muni_code"], strict=True))
        return frame[[k in who for k in keys]].reset_index(drop=True)

    pd.testing.assert_frame_equal(result.responses, chosen(compiled.responses))
    pd.testing.assert_frame_equal(result.free_text, chosen(compiled.free_text))


# -- what the respondent saw (issue 20) ----------------------------------------------------------------------------
def mapped(rows, **extras):
    from jusolib.io.column_map import map_columns

    table = read_form_sheet("FY2024/中央区_自治体.xlsx", "調査票", text_rows(*rows), None, **extras)
    return table, map_columns(table, BOOK, municipality_resolver())


def kinds(mapping):
    return sorted(p.kind for p in mapping.row_problems), sorted(w.kind for w in mapping.warnings)


FULL_BLOCK = (
    ["jusolib:調査票:v2", "令和6年度 調査票"],
    ["fiscal_year", "調査年度", None, "令和6年度"],
    ["respondent_type", "回答主体", None, "自治体"],
    ["muni_name", "団体名", None, "中央区"],
    ["muni_code", "団体コード", None, "131024"],
    ["department", "担当部署", None, "福祉部"],
    ["contact_name", "担当者名", None, "山田 花子"],
    ["contact_phone", "電話番号", None, "03-0000-1234"],
)


def item_rows(**changes):
    """Every FY2024 item row as the form shows it (あてはまる), with ``changes``: item id → (B, C, D, E)."""
    from jusolib.io.form_layout import shown_label

    rows = []
    for item_id in BOOK.item_ids():
        item = BOOK.item(item_id)
        rows.append([item_id, *changes.get(item_id, (item["number"], shown_label(item), "あてはまる", None))])
    return rows


def test_a_complete_form_has_no_problem_and_its_contact_block_is_not_a_cell():
    table, mapping = mapped([*FULL_BLOCK, *item_rows()])
    assert kinds(mapping) == ([], [])
    assert table.form.contact == {"contact_name": "山田 花子", "contact_phone": "03-0000-1234"}
    assert "山田 花子" not in table.cells.to_numpy().ravel().tolist()
    assert not any(h in ("担当者名", "電話番号") for h in table.headings)


def test_rows_whose_visible_cells_were_swapped_are_named_both():
    swapped = item_rows(
        chg_internal_collab=("問2-6", BOOK.item("chg_external_collab")["label"], "あてはまらない", None),
        chg_external_collab=("問2-5", BOOK.item("chg_internal_collab")["label"], "あてはまる", None),
    )
    _, mapping = mapped([*FULL_BLOCK, *swapped])
    first, second = mapping.row_problems
    assert (first.kind, first.value, first.params["shows"], first.params["other_row"]) == (
        "form_moved_row",
        "問2-6",
        "問2-6",
        "19",
    )
    assert (second.value, second.params["other_row"]) == ("問2-5", "18")


def test_merged_answer_cells_an_option_in_the_text_and_a_council_department():
    rows = [*FULL_BLOCK[:5], ["department", "担当部署", None, "社会福祉協議会 地域福祉課"], *FULL_BLOCK[6:]]
    rows += item_rows(out_hubs=("問1-2", BOOK.item("out_hubs")["label"], None, "ｱﾃﾊﾏﾙ"))
    _, mapping = mapped(rows, merged=("D9:D10", "B1:E1"))
    problems = {p.kind: p for p in mapping.row_problems}
    assert sorted(problems) == ["form_answer_in_text", "form_department_other_type", "form_merged_cells"]
    # rows 9 and 10 hold 問1-1 and 問1-2 (the block takes rows 1–8); B1:E1 is the title's own merge
    assert problems["form_merged_cells"].params == {"range": "D9:D10", "items": "問1-1・問1-2"}
    assert problems["form_answer_in_text"].params["option"] == "あてはまる"
    assert problems["form_department_other_type"].params["other_type"] == "社協"


def test_a_comment_is_a_warning_and_a_note_in_the_cleaning_log_but_not_on_the_contact_block():
    table, mapping = mapped(
        [*FULL_BLOCK, *item_rows()], comments=(("D9", "迷いました"), ("D8", "携帯 090-0000-0000"))
    )
    assert [(w.kind, w.cell, w.value) for w in mapping.warnings] == [
        ("form_cell_comment", "D9", "迷いました"),
        ("form_cell_comment", "D8", None),
    ]
    assert [(n[2], n[4]) for n in table.notes] == [
        ("迷いました", "cell comment (kept here, not read as an answer)")
    ]


def test_a_row_inserted_in_the_contact_block_keeps_its_text_out():
    rows = [*FULL_BLOCK, [None, None, None, "090-0000-0000"], *item_rows()]
    table, mapping = mapped(rows)
    assert table.form.inserted == ((9, None),)
    (warning,) = mapping.warnings
    assert warning.value is None and "090" not in str(warning)
