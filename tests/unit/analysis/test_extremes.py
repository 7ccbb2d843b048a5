"""The highest and lowest items of a section and the test behind a callout, on answers written by hand."""

import dataclasses

import pandas as pd
import pytest

from jusolib.analysis.extremes import callout_items, extremes, paired_item_test
from jusolib.analysis.sections import section_summary
from tests.helpers import fy2024_report

YES, NO = "あてはまる", "あてはまらない"


def year_with(answers):
    """The FY2024 report with its answers replaced by ``answers`` ({item: {municipality: answer}})."""
    report = fy2024_report()
    rows = [
        {
            "fiscal_year": 2024,
            "respondent_type": "municipality",
            "muni_code": code,
            "item_id": item,
            "answer": answer,
            report.scheme: report.data[report.scheme].cat.categories[0],
        }
        for item, by_code in answers.items()
        for code, answer in by_code.items()
    ]
    data = pd.DataFrame(rows)
    data[report.scheme] = data[report.scheme].astype(report.data[report.scheme].dtype)
    return dataclasses.replace(report, data=data, store={})


def answered(yes, everyone="abcdef"):
    return {code: YES if code in yes else NO for code in everyone}


@pytest.fixture
def year():
    # six municipalities: participation 6/6 = 100%, hubs 3/6 = 50%, the other three 4/6 = 66.7%
    return year_with(
        {
            "out_participation": answered("abcdef"),
            "out_hubs": answered("abc"),
            "out_leaders": answered("abcd"),
            "out_consultation": answered("abcd"),
            "out_collaboration": answered("abcd"),
        }
    )


def test_callout_items_rule():
    shares = pd.Series([82.6, 56.5, 65.2, 65.2, 65.2], index=list("abcde"))
    assert callout_items(shares) == {"highest": ["a"], "lowest": ["b"]}
    # half of the items at the top is not "the most"
    assert callout_items(pd.Series([90.0, 90.0, 40.0, 30.0], index=list("abcd")))["highest"] == []


def test_each_extreme_is_tested_against_the_next_items(year):
    # highest: participation against each of the three at 66.7%: e and f said yes to participation only, nobody
    # the other way → mid-p of 2 v 0 = P(X = 0), X ~ Bin(2, ½) = 0.25 for each; the largest counts: 0.25.
    # lowest: hubs against the same three: d said yes to them only → 1 v 0: mid-p = ½.
    # Holm over the two sides: 2 × 0.25 = 0.5, max(0.5, 1 × 0.5) = 0.5 — neither backed by the test.
    tested = extremes(year, "I").set_index("side")
    assert tested.loc["highest", "labels"] == ("地域住民の参加を促す活動を行う者",)
    assert tested.loc["lowest", "labels"] == ("地域住民等が相互に交流を図ることのできる拠点",)
    assert bool(tested.loc["highest", "called"]) and bool(tested.loc["lowest", "called"])
    assert len(tested.loc["highest", "neighbours"]) == 3
    assert tested["pvalue"].tolist() == [0.25, 0.5]
    assert tested["pvalue_holm"].tolist() == [0.5, 0.5]
    assert not tested["significant"].any() and tested["n_pairs"].tolist() == [6, 6]


def test_paired_item_test_counts_the_discordant_respondents(year):
    assert paired_item_test(year, "out_participation", "out_hubs") == (0.125, 6)  # 3 v 0: P(X = 0) = 1/8


def test_the_summary_says_a_ranking_is_a_description_when_no_test_backs_it(year):
    text = section_summary(year, "I")
    assert "最も高いのは「地域住民の参加を促す活動を行う者」（100.0%、6/6）" in text
    assert "最も低いのは「地域住民等が相互に交流を図ることのできる拠点」（50.0%、3/6）" in text
    assert text.endswith("検定による差ではない（回答の記述）。")


def test_a_tie_at_the_top_is_named_as_a_tie():
    year = year_with(
        {
            "out_participation": answered("abcdef"),
            "out_hubs": answered("abc"),
            "out_leaders": answered("abcdef"),
            "out_consultation": answered("abcd"),
            "out_collaboration": answered("abcd"),
        }
    )
    text = section_summary(year, "I")
    assert (
        "「地域住民の参加を促す活動を行う者」・「地域における担い手の育成」（並んで100.0%、6/6・6/6）" in text
    )
    assert extremes(year, "I").set_index("side").loc["highest", "labels"] == (
        "地域住民の参加を促す活動を行う者",
        "地域における担い手の育成",
    )


def test_a_test_that_backs_the_extreme_is_said_so():
    # twelve municipalities: participation yes for all, the others for two only. Against each the ten who said
    # yes to participation only → mid-p = P(X = 0), X ~ Bin(10, ½) = 1/1024; Holm (two sides) 2/1024
    everyone = "abcdefghijkl"
    year = year_with(
        {
            "out_participation": answered(everyone, everyone),
            "out_hubs": answered("ab", everyone),
            "out_leaders": answered("ab", everyone),
            "out_consultation": answered("ab", everyone),
            "out_collaboration": answered("ab", everyone),
        }
    )
    tested = extremes(year, "I").set_index("side")
    assert tested.loc["highest", "pvalue"] == 1 / 1024 and bool(tested.loc["highest", "significant"])
    assert (
        "次の項目との差も同じ自治体どうしの検定で偶然の範囲を超える（McNemar mid-p、Holm補正後 p=0.002）"
        in (section_summary(year, "I"))
    )
