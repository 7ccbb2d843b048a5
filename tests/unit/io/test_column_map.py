"""Which column of a compiled sheet holds what (jusolib.io.column_map): headings matched to the FY2024 codebook
after normalisation, missing columns as problems, unknown columns with data as warnings.

Every table is written by hand: a header and one respondent row. Positions are 0-based; the letters are those
of the columns (A is position 0). FY2024's codebook has 27 items, 問1-1 … in questionnaire order, so with the
municipality and respondent type first, 問1-1 is at position 2 (C) and the 27th item at 28 (AC).
"""

import pandas as pd
import pytest

from jusolib.io.column_map import map_columns
from jusolib.io.form_reader import FormInfo
from jusolib.io.raw import RawTable, column_letter
from tests.helpers import BOOK, ITEM_COLUMNS

ITEMS = list(BOOK.items.index)  # out_participation (問1-1), out_hubs (問1-2), out_leaders (問1-3), …


def table(headings, values=None):
    """A compiled sheet with ``headings`` in row 1 and one respondent in row 2 (every cell ``"1"`` unless
    ``values`` gives the row)."""
    values = ["1"] * len(headings) if values is None else values
    cells = pd.DataFrame([values], index=[2], columns=range(len(headings)), dtype=object)
    letters = [column_letter(i) for i in range(len(headings))]
    return RawTable("r.csv", list(headings), letters, cells, header_row=1)


def kinds(problems):
    return [p.kind for p in problems]


def test_the_codebook_headings_map_to_their_roles_and_items():
    mapping = map_columns(table(["区市町村名", "回答主体", *ITEM_COLUMNS]), BOOK)
    assert (mapping.municipality, mapping.respondent_type, mapping.fiscal_year) == (0, 1, None)
    assert mapping.items == {item_id: 2 + k for k, item_id in enumerate(ITEMS)}
    assert mapping.items["out_participation"] == 2 and mapping.items[ITEMS[-1]] == 28
    assert (mapping.problems, mapping.warnings, mapping.free_text) == ([], [], {})


def test_headings_are_matched_after_normalisation_and_by_their_aliases():
    # 「区市町村 名」 loses its space; 自治体名 and 回答者 are the codebook's aliases; 問１－１ and 「問 1 ー 2」 are
    # full-width digits and a long dash: all become 区市町村名, 回答主体, 問1-1, 問1-2
    headings = ["調査年度", "自治体名", "回答者", "問１－１", "問 1 ー 2", *ITEM_COLUMNS[2:]]
    mapping = map_columns(table(headings), BOOK)
    assert (mapping.fiscal_year, mapping.municipality, mapping.respondent_type) == (0, 1, 2)
    assert (mapping.items["out_participation"], mapping.items["out_hubs"], mapping.items["out_leaders"]) == (
        3,
        4,
        5,
    )
    assert mapping.problems == [] and mapping.warnings == []


def test_a_free_text_column_is_mapped_to_its_item():
    headings = ["区市町村名", "回答主体", *ITEM_COLUMNS, "問1-2 具体的な内容", "問１－１　具体的な内容"]
    mapping = map_columns(table(headings), BOOK)
    assert mapping.free_text == {"out_hubs": 29, "out_participation": 30}
    assert (
        max(mapping.items.values()) == 28 and mapping.warnings == []
    )  # not taken for items or unknown columns


def test_a_missing_item_column_is_a_problem_naming_the_column_and_the_item():
    headings = ["区市町村名", "回答主体", *[c for c in ITEM_COLUMNS if c != "問1-3"]]
    mapping = map_columns(table(headings), BOOK)
    (problem,) = mapping.problems
    assert (problem.kind, problem.file, problem.row, problem.column) == (
        "missing_item_column",
        "r.csv",
        1,
        "問1-3",
    )
    assert "out_leaders" in problem.expected and "FY2024.yaml" in problem.expected
    assert "out_leaders" not in mapping.items and len(mapping.items) == 26


def test_missing_municipality_and_respondent_type_columns_are_problems_listing_the_accepted_headings():
    mapping = map_columns(table(ITEM_COLUMNS), BOOK)
    assert kinds(mapping.problems) == ["missing_municipality_column", "missing_respondent_type_column"]
    municipality, respondent_type = mapping.problems
    assert municipality.expected.startswith("a column headed 区市町村名 or 自治体名 or ")
    assert "団体コード" in municipality.expected
    assert respondent_type.expected.startswith("a column headed 回答主体 or 回答者 or ")
    assert municipality.column is None and municipality.row == 1


def test_an_unknown_column_with_data_is_a_warning_and_an_empty_one_is_not():
    headings = ["区市町村名", "回答主体", *ITEM_COLUMNS, "メモ", "", "作業用"]
    values = [
        "世田谷区",
        "自治体",
        *["1"] * 27,
        "確認済み",
        None,
        "　",
    ]  # 作業用 holds a full-width space only
    mapping = map_columns(table(headings, values), BOOK)
    (warning,) = mapping.warnings
    assert (warning.kind, warning.column, warning.value) == ("unknown_column", "メモ (AD)", "メモ")
    assert "not in the codebook and was ignored" in warning.expected
    assert mapping.problems == []


def test_a_heading_the_codebook_ignores_is_ignored_even_with_data():
    headings = ["No.", "区市町村名", "回答主体", *ITEM_COLUMNS, "備考"]
    values = ["7", "世田谷区", "自治体", *["1"] * 27, "電話で確認"]
    mapping = map_columns(table(headings, values), BOOK)
    assert (mapping.warnings, mapping.problems) == ([], [])
    assert (mapping.municipality, mapping.items["out_participation"]) == (1, 3)


def test_a_heading_given_twice_is_a_problem_naming_both_columns():
    # 問1-1 at C, and again at AD written 問１－１: the same heading once normalised
    headings = ["区市町村名", "回答主体", *ITEM_COLUMNS, "問１－１"]
    mapping = map_columns(table(headings), BOOK)
    (problem,) = mapping.problems
    assert (problem.kind, problem.column, problem.value) == ("duplicate_column", "問１－１ (AD)", "問１－１")
    assert problem.expected == "each heading once; it is also the heading of column C"
    assert mapping.items["out_participation"] == 2  # the first one is read


def test_a_returned_form_is_mapped_by_its_hidden_keys_not_its_headings():
    # a form table (its ``form`` set) goes to the form reader: the problems of a form are those of its row,
    # never of the whole file — here the item rows are all missing
    info = FormInfo("調査票", 1, {"muni_code": 5}, positions={"muni_code": 0, "respondent_type": 1})
    cells = pd.DataFrame([["131121", "自治体"]], index=[5], columns=[0, 1], dtype=object)
    form = RawTable(
        "f.xlsx, sheet 調査票", ["団体コード", "回答主体"], ["D5", "D6"], cells, header_row=1, form=info
    )
    mapping = map_columns(form, BOOK)
    assert (mapping.municipality, mapping.respondent_type) == (0, 1)
    assert mapping.problems == []
    assert "form_missing_item" in kinds(mapping.row_problems)


@pytest.mark.parametrize("heading", ["区市町村名", "区市町村 名"])
def test_mapping_never_changes_the_table(heading):
    headings = [heading, "回答主体", *ITEM_COLUMNS]
    source = table(headings)
    before = (list(source.headings), source.cells.copy())
    map_columns(source, BOOK)
    assert source.headings == before[0]
    pd.testing.assert_frame_equal(source.cells, before[1])
