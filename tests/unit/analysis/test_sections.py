"""A section's summary sentence when every item is alike or nobody answered (issue 19)."""

import pytest

from jusolib.report import YearReport
from tests.helpers import BOOK, make_data_dir, row, write_csv


@pytest.fixture(scope="module")
def alike(tmp_path_factory):
    """Three 自治体: every answer of I and II is the first option (あてはまる); III left blank by all three."""
    root = make_data_dir(tmp_path_factory.mktemp("alike") / "data")
    blank = {f"q{BOOK.item(i)['column'][1:].replace('-', '_')}": "" for i in BOOK.item_ids("III")}
    rows = [row(name, **blank) for name in ("中央区", "墨田区", "世田谷区")]
    write_csv(root / "raw" / "survey" / "FY2024" / "m.csv", rows)
    return YearReport.load(2024, data_dir=root)


def test_items_with_the_same_share_name_no_highest_and_no_lowest(alike):
    # 3 of 3 answered あてはまる to each of the 5 items of I: 100.0%, nothing is highest or lowest
    assert alike.section_summary("I") == (
        "「あてはまる」の割合は5項目とも100.0%（3/3）で、項目による違いはない。割合の基数は無回答を含む自治体3。"
    )


def test_a_section_nobody_answered_says_so(alike):
    assert alike.section_summary("III") == (
        "この設問群の14項目には、回答した自治体3のだれも回答していない（すべて無回答）。割合と検定は示せない。"
    )


def test_the_section_lead_counts_the_items_of_the_year_codebook():
    # FY2025's demonstration codebook adds one item to III (問3-12): 2 交付金等の課題 + 13 課題 = 15 items, where
    # FY2024's has 2 + 12 = 14 (counted by hand in data/raw/codebook/FY2024.yaml and FY2025.yaml)
    lead_2024 = YearReport.load(2024).section_lead("III")
    lead_2025 = YearReport.load(2025).section_lead("III")
    assert lead_2024.startswith(
        "14項目（交付金等の課題 2項目、課題 12項目）について、「重層事業をすすめるうえで"
    )
    assert lead_2025.startswith("15項目（交付金等の課題 2項目、課題 13項目）について")
    assert (
        "「とてもあてはまる」「あてはまる」を肯定的回答とし、その項目が課題だという回答として数える。"
        in lead_2025
    )


def test_no_section_page_types_a_count_of_items():
    # the lead comes from the codebook (section_lead); a count typed into a notebook's prose goes stale when a
    # year's questionnaire changes (FY2025's 03 said 「その他12項目」 of FY2024)
    import re

    import nbformat

    from jusolib.core.paths import NOTEBOOKS_DIR

    for name in (
        "01_outcomes",
        "02_changes",
        "03_challenges",
        "04_year_over_year",
        "05_municipality_vs_council",
    ):
        notebook = nbformat.read(NOTEBOOKS_DIR / f"{name}.ipynb", as_version=4)
        prose = "\n".join(c.source for c in notebook.cells if c.cell_type == "markdown")
        assert not re.search(r"[0-9０-９]+項目", prose), name
