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
