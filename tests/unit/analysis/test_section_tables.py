"""A section's tables: the free texts of those who gave an answer (and who gave it without writing)."""

import pytest

from jusolib.analysis.section_tables import free_text_answers
from jusolib.core.errors import ParameterError
from tests.helpers import fy2024_report


@pytest.fixture(scope="module")
def report():
    return fy2024_report()


def test_the_texts_of_those_who_gave_an_answer_and_who_wrote_nothing(report):
    table = free_text_answers(report, item=["out_hubs"], answer=["あてはまらない"])
    data, texts = report.data, report.free_text
    gave = set(data[(data["item_id"] == "out_hubs") & (data["answer"] == "あてはまらない")]["muni_code"])
    wrote = set(texts[texts["item_id"] == "out_hubs"]["muni_code"])
    assert sorted(table.frame["自治体"]) == sorted(report.names[m] for m in gave & wrote)
    silent = sorted(report.names[m] for m in gave - wrote)
    note = table.notes[-1]
    assert note.startswith("「あてはまらない」と回答した自治体のうち、具体的な内容の記述がないもの: ")
    assert all(f"問1-2 {name}" in note for name in silent) and ("なし。" in note) == (not silent)
    assert table.title == "I 具体的な内容（自由記述） — 「あてはまらない」と回答"


def test_an_answer_over_a_section_keeps_the_items_that_have_it(report):
    # あてはまる is an answer of every scale (agree3 code 1, agree4 code 2)
    table = free_text_answers(report, "III", answer="あてはまる")
    assert set(table.frame["回答"]) == {"あてはまる"}
    assert table.frame["項目"].nunique() > 1


def test_no_section_and_no_item_is_an_error_with_an_example(report):
    with pytest.raises(ParameterError, match=r"free_text_answers\('I'\)"):
        free_text_answers(report)


def test_without_an_answer_the_table_is_as_before(report):
    table = free_text_answers(report, "I")
    assert table.frame.columns.tolist() == ["項目", "自治体", "回答", "具体的な内容"]
    assert len(table.frame) == int(report.free_text["item_id"].isin(report.codebook.item_ids("I")).sum())
