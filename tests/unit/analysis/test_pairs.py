"""自治体 and 社協 side by side: the municipalities that disagree most, over all items or one section's."""

import pytest

from jusolib.analysis.pairs import paired_disagreements
from tests.helpers import fy2024_report


@pytest.fixture(scope="module")
def report():
    return fy2024_report()


def test_disagreements_over_a_sections_items_only(report):
    table = paired_disagreements(report, "I")
    # I has 5 items: no municipality can compare more, and items that differ are at most those compared
    assert table.frame["比較した項目"].max() <= 5
    assert (table.frame["回答が異なる項目"] <= table.frame["比較した項目"]).all()
    assert table.key == "I_自治体社協_食い違い" and table.notes[0].startswith("I 包括的支援体制")
    # ranked by the mean absolute score difference, largest first
    diffs = table.frame["得点差の大きさ（平均）"].tolist()
    assert diffs == sorted(diffs, reverse=True)


def test_disagreements_over_every_item_unchanged(report):
    table = paired_disagreements(report, top=3)
    assert table.key == "自治体社協_食い違い" and len(table.frame) >= 3
    assert table.frame["比較した項目"].max() <= 27


def test_the_workbook_names_municipalities_in_the_ranking_only_when_turned_on():
    # issue 22: 05 ranked 稲城市・国立市・多摩市… by how much their 自治体 and 社協 disagree, on the page and in a
    # sheet; the published report names no municipality in its results
    from jusolib.analysis.contents import tables
    from jusolib.report import YearReport

    def ranking(names_in_rankings):
        year = YearReport.load(2024, names_in_rankings=names_in_rankings)
        (table,) = [t for t in tables(year) if t.key == "自治体社協_食い違い"]
        return table.frame

    hidden, named = ranking(False), ranking(True)
    municipalities = set(YearReport.load(2024).names)
    shown = {str(v) for v in hidden.index} | {str(v) for v in hidden.to_numpy().ravel()}
    assert not municipalities & shown and hidden.index.name == "順位" and hidden.index[0] == "1位"
    assert set(named.index) <= municipalities and named.index[0] == "稲城市"  # the first name
    # the same ranking either way: the same numbers in the same order
    assert hidden.reset_index(drop=True).equals(named.reset_index(drop=True))
