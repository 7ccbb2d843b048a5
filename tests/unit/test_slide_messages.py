"""Key messages of the deck, from shares worked out by hand (FY2024 shares as published: 19/23 = 82.6 …)."""

import pandas as pd

from jusolib.slides import (
    approximate_ratio,
    callouts,
    change_message,
    difference_message,
    majority_message,
    survey_period,
)

# Section I as published: 19, 13, 15, 15, 15 of 23 answered あてはまる
SECTION_I = pd.Series(
    [82.6, 56.5, 65.2, 65.2, 65.2],
    index=["参加を促す活動を行う者", "交流拠点", "担い手の育成", "相談を受けとめる場", "有機的な連携"],
)


def test_section_i_reads_as_the_published_report():
    assert majority_message(SECTION_I, subject="実施自治体", finding="に成果・進捗") == (
        "いずれの項目も実施自治体の半数以上に成果・進捗"
    )
    # the report's callouts: 最も成果 on I-1 (82.6%), 他と比べ低い on I-2 (56.5%)
    assert callouts(SECTION_I) == {"highest": ["参加を促す活動を行う者"], "lowest": ["交流拠点"]}


def test_exactly_half_counts_as_half_or_more():
    shares = pd.Series([50.0, 49.9, 100.0])
    assert majority_message(shares, subject="実施自治体", finding="が課題と回答") == (
        "3項目中2項目で実施自治体の半数以上が課題と回答"
    )


def test_ties_are_called_out_together_and_a_small_gap_is_not_called_out():
    # III as published: two items at 約9割 (21/23 = 91.3), the next at 19/23 = 82.6
    shares = pd.Series([82.6, 91.3, 91.3, 65.2, 39.1, 39.1], index=list("abcdef"))
    assert callouts(shares) == {"highest": ["b", "c"], "lowest": ["e", "f"]}
    # 4.3 points apart (one answer of 23): nothing stands out
    assert callouts(pd.Series([69.6, 65.2, 65.2], index=list("abc"))) == {"highest": [], "lowest": []}
    # half of the items at the top is not "the most"
    assert callouts(pd.Series([90.0, 90.0, 40.0, 30.0], index=list("abcd")))["highest"] == []


def test_the_test_sentence_names_significant_items_only_below_0_05_after_holm():
    tests = pd.DataFrame({"Fisher p（Holm補正）": [0.049, 0.05, 1.0]}, index=["a", "b", "c"])
    assert (
        difference_message(tests, scheme_label="人口規模")
        == "人口規模による差が統計的に有意なのは3項目中1項目（「a」）"
    )


def test_a_change_counts_only_when_its_interval_excludes_zero():
    frame = pd.DataFrame(
        {
            "差（ポイント）": [10.1, -12.25],
            "95%信頼区間 下限": [-15.1, -20.0],
            "95%信頼区間 上限": [34.4, -0.5],
        },
        index=["拠点", "理解"],
    )
    assert (
        change_message(frame) == "前年度から変化が区間推定で確かなのは2項目中1項目（「理解」-12.3ポイント）"
    )


def test_report_facts_in_the_report_s_words():
    assert approximate_ratio(283, 398) == "約1.4倍"  # 地域福祉コーディネーター R3 → R6, as published
    # survey period as published: 令和6年12月10日～1月14日 (36日間)
    assert survey_period("2024-12-10/2025-01-14") == "令和6年12月10日～令和7年1月14日（36日間）"
