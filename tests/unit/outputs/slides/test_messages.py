"""Key messages of the deck, from shares worked out by hand (FY2024 shares as published: 19/23 = 82.6 …)."""

import math

import pandas as pd

from jusolib.outputs.slides.messages import (
    agreement_message,
    approximate_ratio,
    callouts,
    change_message,
    change_messages,
    change_note,
    difference_message,
    difference_messages,
    majority_message,
    paired_message,
    paired_messages,
    respondent_count,
    smallest_p_note,
    survey_period,
    unlisted_note,
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
    adjusted = pd.Series([0.049, 0.05, 1.0], index=["a", "b", "c"])
    assert (
        difference_message(adjusted, scheme_label="人口規模")
        == "人口規模による違いがみられるのは3項目中1項目（「a」）"
    )


def test_the_smallest_p_names_no_winner_on_a_tie():
    # FY2024 as the issue found it: every adjusted p 1.000 and the first item named as "the smallest"
    assert smallest_p_note(pd.Series([1.0] * 5, index=list("abcde"))) == "補正後 p は5項目とも1.000。"
    # p that print alike are a tie too (0.9995 and 1.0 both show 1.000)
    assert smallest_p_note(pd.Series([0.9995, 1.0], index=list("ab"))) == "補正後 p は2項目とも1.000。"
    assert smallest_p_note(pd.Series([0.3, 0.3, 0.9], index=list("abc"))) == (
        "補正後 p が最も小さいのは「a」、「b」で、並んでp=0.300。"
    )
    assert (
        smallest_p_note(pd.Series([0.9, 0.2, 0.3], index=list("abc")))
        == "補正後 p が最も小さいのは「b」（p=0.200）。"
    )


def test_a_headline_gives_the_count_on_both_bases_when_no_answer_changes_it():
    # III as the issue found it: 9/23 = 39.1% twice on the full base, but 9/15 = 60.0% and 9/18 = 50.0% of those
    # who answered (無回答 = no plan made / no desk): 12 of 14 items reach half on one base, 14 of 14 on the other
    full = pd.Series([82.6] * 12 + [39.1, 39.1])
    valid = pd.Series([82.6] * 12 + [60.0, 50.0])
    assert majority_message(full, subject="実施自治体", finding="が課題と回答", valid_shares=valid) == (
        "14項目中12項目で実施自治体の半数以上が課題と回答（無回答を除くと14項目中14項目）"
    )
    # the same count on both bases: one base is enough
    assert majority_message(
        SECTION_I, subject="実施自治体", finding="に成果・進捗", valid_shares=SECTION_I
    ) == ("いずれの項目も実施自治体の半数以上に成果・進捗")


def test_a_change_counts_only_when_its_verdict_is_significant():
    # 理解: 有意 (adjusted p below 0.05 and the interval at the same level away from 0); 拠点: 有意でない;
    # 居場所: the test and the interval disagree (境界) — not called a change
    frame = pd.DataFrame(
        {
            "差（ポイント）": [10.1, -12.25, 26.1],
            "判定（補正後）": ["有意でない", "有意", "境界（検定と区間で判定が分かれる）"],
        },
        index=["拠点", "理解", "居場所"],
    )
    assert change_message(frame) == "前年度からはっきり変わったのは3項目中1項目（「理解」-12.3ポイント）"


def test_report_facts_in_the_report_s_words():
    assert approximate_ratio(283, 398) == "約1.4倍"  # 地域福祉コーディネーター R3 → R6, as published
    # survey period as published: 令和6年12月10日～1月14日 (36日間)
    assert survey_period("2024-12-10/2025-01-14") == "令和6年12月10日～令和7年1月14日（36日間）"


def test_a_paired_difference_is_called_significant_only_when_test_and_interval_agree():
    ns, split = "not significant", "test and interval disagree"
    frame = pd.DataFrame(
        {"diff_points": [30.4, -26.1, 4.3], "verdict": ["significant", split, ns]},
        index=["拠点", "担い手", "連携"],
    )
    # the direction is said in words: 社協 − 自治体 = +30.4 → 社協 higher; a split verdict is not significant
    assert paired_message(frame, first="自治体", second="社協") == (
        "自治体と社協の肯定的回答の割合の差がはっきりしているのは3項目中1項目（「拠点」で社協が30.4ポイント高い）"
    )
    frame["verdict"] = [ns, "significant", ns]
    assert paired_message(frame, first="自治体", second="社協").endswith(
        "（「担い手」で自治体が26.1ポイント高い）"
    )
    frame["verdict"] = [split, ns, ns]
    assert paired_message(frame, first="自治体", second="社協") == (
        "自治体と社協の肯定的回答の割合に、はっきりした差のある項目はない（3項目）"
    )


def test_the_agreement_sentence_counts_kappa_intervals_that_include_zero():
    # agreements 50.0, 60.0, 70.0, 90.0 → median 65.0, range 50.0–90.0; an item with no pair is left out.
    # κ intervals: (-0.1, 0.3) and (0.0, 0.4) include 0 (a bound of exactly 0 does), (0.1, 0.5) and (0.2, 0.9) do not
    frame = pd.DataFrame(
        {
            "agreement": [50.0, 60.0, 70.0, 90.0, math.nan],
            "kappa_low": [-0.1, 0.0, 0.1, 0.2, math.nan],
            "kappa_high": [0.3, 0.4, 0.5, 0.9, math.nan],
        }
    )
    assert agreement_message(frame) == (
        "同じ選択肢を選んだ組は項目の中央値で65.0%（50.0〜90.0%）、"
        "重み付きκの95%信頼区間が0を含み偶然の一致と区別できない項目は4項目中2項目"
    )


def test_more_answers_than_expected_are_never_shown_without_saying_why():
    # FY2025 demonstration year: 30 answered; the reference data names 26 implementing, all of whom answered,
    # and 4 others (so 30 − 4 = 26 of the 26 expected)
    others = ["品川区 (131091)", "練馬区 (131202)", "町田市 (132098)", "福生市 (132187)"]
    fy2025 = {"label": "自治体", "expected": 26, "present": 30, "missing": [], "not_in_reference": others}
    assert respondent_count(fy2025) == "自治体 30（実施地区の名簿にある 26／26、名簿にない区市 4）"
    # one expected municipality missing: 22 of 23, nothing else to explain
    assert (
        respondent_count({"label": "社協", "expected": 23, "present": 22, "not_in_reference": []})
        == "社協 22／23"
    )
    assert unlisted_note([fy2025, {**fy2025, "label": "社協"}]) == (
        "名簿にない区市（集計には含む）: 品川区、練馬区、町田市、福生市"
    )


def test_a_callout_must_hold_with_no_answer_left_out():
    # III as the synthetic FY2024 returns have it (all bases worked from the counts): the two lowest on the full
    # base, 支援プラン 9/23 and 総合相談窓口 9/23 (39.1%), are lowest only because 8 and 5 left them blank
    # (※2, ※3); with 無回答 left out they are 9/15 = 60.0% and 9/18 = 50.0%, and the lowest is 総合相談窓口 alone,
    # so no item is called 他と比べ低い. The highest (21/23 = 91.3% twice, 約9割 as published) have no 無回答.
    full = pd.Series(
        [91.3, 91.3, 39.1, 39.1, 65.2], index=["数値化", "人材育成", "支援プラン", "総合相談", "他"]
    )
    valid = pd.Series([91.3, 91.3, 60.0, 50.0, 65.2], index=full.index)
    assert callouts(full, valid_shares=valid) == {"highest": ["数値化", "人材育成"], "lowest": []}
    # section I has no 無回答: both bases agree and the published callouts stay
    assert callouts(SECTION_I, valid_shares=SECTION_I) == callouts(SECTION_I)


def test_named_items_are_separated_by_a_comma():
    # issue 19: 「…」で社協が72.7ポイント高い「…」で… ran together
    frame = pd.DataFrame(
        {"diff_points": [72.7, -47.4, 30.0], "verdict": ["significant"] * 3}, index=["参加", "拠点", "担い手"]
    )
    assert paired_message(frame, first="自治体", second="社協") == (
        "自治体と社協の肯定的回答の割合の差がはっきりしているのは3項目中3項目"
        "（「参加」で社協が72.7ポイント高い、「拠点」で自治体が47.4ポイント高いほか）"
    )
    adjusted = pd.Series([0.01, 0.02], index=["a", "b"])
    assert difference_message(adjusted, scheme_label="人口規模").endswith("（「a」、「b」）")


def test_a_title_naming_items_has_shorter_forms_down_to_the_count_alone():
    frame = pd.DataFrame({"diff_points": [100.0] * 5, "verdict": ["significant"] * 5}, index=list("abcde"))
    forms = paired_messages(frame, first="自治体", second="社協")
    assert forms == [
        "自治体と社協の肯定的回答の割合の差がはっきりしているのは5項目中5項目"
        "（「a」で社協が100.0ポイント高い、「b」で社協が100.0ポイント高いほか）",
        "自治体と社協の肯定的回答の割合の差がはっきりしているのは5項目中5項目（「a」で社協が100.0ポイント高いほか）",
        "自治体と社協の肯定的回答の割合の差がはっきりしているのは5項目中5項目（＊印の項目）",
        "5項目中5項目で自治体と社協に差（＊印の項目）",
    ]
    # nothing significant: one form
    assert paired_messages(frame.assign(verdict="not significant"), first="自治体", second="社協") == [
        "自治体と社協の肯定的回答の割合に、はっきりした差のある項目はない（5項目）"
    ]
    changes = pd.DataFrame(
        {"差（ポイント）": [12.0, -8.0], "判定（補正後）": ["有意", "有意"]}, index=["a", "b"]
    )
    assert change_messages(changes)[-2:] == [
        "前年度からはっきり変わったのは2項目中2項目（内訳は注）",
        "2項目中2項目が前年度から変化（内訳は注）",
    ]
    assert change_note(changes) == "前年度からはっきり変わった項目: 「a」+12.0ポイント、「b」-8.0ポイント"
    adjusted = pd.Series([0.01, 0.02, 0.5], index=list("abc"))
    assert (
        difference_messages(adjusted, scheme_label="人口規模")[-1]
        == "3項目中2項目で人口規模による違い（内訳は注）"
    )


def test_an_item_no_test_could_be_run_on_is_not_counted():
    # 「b」: nobody in two classes answered it (p NaN): 2 items tested, not 3
    adjusted = pd.Series([0.5, float("nan"), 0.8], index=list("abc"))
    assert (
        difference_message(adjusted, scheme_label="人口規模")
        == "人口規模による違いは、2項目のいずれもはっきりしない"
    )
    assert difference_message(adjusted[["b"]], scheme_label="人口規模") == (
        "人口規模による違いは確かめられない（比べられる項目がない）"
    )


def test_the_implementation_title_gives_the_published_plan():
    # issue 22: FY2025 showed a bar of 26 (the municipalities the public list names) under 「…令和7年度の30（予定）に」,
    # then a title of 26 whose chart never showed 30. The title gives the report's 30（予定）; the chart a bar of the
    # plan beside the 26 named (tests/integration/test_slides_deck.py)
    from jusolib.outputs.slides.messages import implementation_message

    counts = pd.Series(
        [2, 7, 12, 23, 26], index=["令和3年度", "令和4年度", "令和5年度", "令和6年度", "令和7年度"]
    )
    title = implementation_message(counts, {"令和7年度": 30})
    assert title == "都内の実施自治体は令和3年度の2から令和7年度の30（予定）に"
