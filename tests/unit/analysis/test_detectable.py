"""The detectable difference per section: the exact power functions applied at the year's n, in one table."""

import math

from jusolib.analysis.contents import tables
from jusolib.analysis.detectable import (
    class_sizes,
    detectable,
    detectable_numbers,
    detectable_paired_sentence,
    detectable_sentence,
)
from jusolib.stats.power import class_test_power, detectable_class_difference, halves
from tests.helpers import fy2024_report


def test_the_size_class_test_of_an_ordered_scheme_is_the_trend_test_on_the_ordered_classes():
    # FY2024, population bands 3 / 7 / 8 / 5 (published: 23 respondents; DESIGN.md §4)
    assert class_sizes(fy2024_report()) == ("trend", (3, 7, 8, 5))


def test_numbers_are_the_power_functions_at_the_years_n():
    numbers = detectable_numbers(fy2024_report()).set_index("section")
    # section I has 5 items: Holm's first step tests at 0.05/5 = 0.01
    assert numbers.loc["I", "items"] == 5 and numbers.loc["III", "items"] == 14
    single = detectable_class_difference((3, 7, 8, 5), alpha=0.05, test="trend")
    holm = detectable_class_difference((3, 7, 8, 5), alpha=0.01, test="trend")
    assert numbers.loc["I", ["class_alpha", "class_holm"]].tolist() == [single, holm]
    # the difference found is where the exact power first reaches 80%, and one point less does not
    assert class_test_power((3, 7, 8, 5), halves(4, single), alpha=0.05, test="trend") >= 0.8
    assert class_test_power((3, 7, 8, 5), halves(4, single - 1), alpha=0.05, test="trend") < 0.8
    # more items, a stricter first step: never a smaller detectable difference
    assert (
        numbers.loc["III", "class_holm"] >= numbers.loc["I", "class_holm"] >= numbers.loc["I", "class_alpha"]
    )
    # FY2024 is the first year with returns: no panel
    assert numbers.loc["I", "panel"] == 0 and math.isnan(numbers.loc["I", "panel_alpha"])


def test_the_workbook_holds_the_table():
    report = fy2024_report()
    assert "検出できる差" in [t.key for t in tables(report)]
    table = detectable(report)
    assert table.frame.loc["I", "区分の大きさ"] == "3／7／8／5"
    assert table.formatted().loc["I", "前年度との差（1項目）"] == "−"


def test_the_sentences_are_plain_and_give_both_levels():
    report = fy2024_report()
    numbers = detectable_numbers(report).set_index("section")
    text = detectable_sentence(report, "II")
    assert f"およそ{int(numbers.loc['II', 'class_alpha'])}ポイント以上" in text
    assert f"8項目の補正を含めるとおよそ{int(numbers.loc['II', 'class_holm'])}ポイント" in text
    assert "有意でない" in text and "Fisher" not in text and "power" not in text
    assert detectable_paired_sentence(report, "II").startswith("同じ区市の自治体と社協の比較（組 23）")
    assert detectable_paired_sentence(report, "II", panel=True) is None
