"""Year over year: every item, or one section's."""

from jusolib.analysis.year_over_year import year_over_year
from jusolib.report import YearReport


def test_a_sections_items_only_and_the_whole_table_unchanged():
    report = YearReport.load(2025)
    whole, section = year_over_year(report), year_over_year(report, "III")
    labels = {report.codebook.item(i)["label"] for i in report.codebook.item_ids("III")}
    assert set(section.frame.index.get_level_values("項目")) <= labels
    # FY2025's III has 15 items, one of them new in 2025 (問3-12): 14 comparable and the new one, × 2 groups
    assert len(section.frame) == 2 * len(set(section.frame.index.get_level_values("項目")))
    rows = section.frame.index.tolist()
    assert all(row in whole.frame.index for row in rows)
    assert section.frame.loc[rows[0]].equals(whole.frame.loc[rows[0]])  # the same numbers, Holm per section
    assert whole.key == "前年度比較" and section.key == "III_前年度比較"


def test_none_without_a_previous_year():
    assert year_over_year(YearReport.load(2024), "I") is None
