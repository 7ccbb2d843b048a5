"""自治体 and 社協 side by side, on a hand-written fixture whose every number is worked out in the comments."""

import pandas as pd
import pytest

from jusolib.analysis.pair_tables import agreement_table, difference_table, summary
from jusolib.stats.paired import compare_respondent_types, disagreements, pair_answers
from jusolib.survey.codebook import load_codebook

BOOK = load_codebook(2024)
MUNI = {
    "out_hubs": {"a": "あてはまる", "b": "あてはまる", "c": "どちらともいえない", "d": "無回答"},
    "chl_plan_consent": {
        "a": "とてもあてはまる",
        "b": "あてはまる",
        "c": "あてはまらない",
        "d": "全くあてはまらない",
    },
}
COUNCIL = {
    "out_hubs": {"a": "あてはまる", "b": "どちらともいえない", "c": "あてはまる", "d": "あてはまる"},
    "chl_plan_consent": {
        "a": "あてはまる",
        "b": "あてはまる",
        "c": "とてもあてはまる",
        "d": "全くあてはまらない",
    },
}


def tidy(answers, kind):
    return pd.DataFrame(
        [
            {
                "fiscal_year": 2024,
                "respondent_type": kind,
                "muni_code": code,
                "item_id": item,
                "answer": answer,
            }
            for item, by_code in answers.items()
            for code, answer in by_code.items()
        ]
    )


@pytest.fixture
def data():
    return pd.concat([tidy(MUNI, "municipality"), tidy(COUNCIL, "council")], ignore_index=True)


@pytest.fixture
def result(data):
    return compare_respondent_types(data, codebook=BOOK).set_index("item_id")


def test_pairs_with_no_answer_are_counted_and_left_out(data):
    pairs = pair_answers(data, codebook=BOOK)
    hubs = pairs[pairs["item_id"] == "out_hubs"].set_index("muni_code")
    assert hubs["complete"].to_dict() == {"a": True, "b": True, "c": True, "d": False}  # d: 自治体 無回答


def test_three_point_item_worked_by_hand(result):
    hubs = result.loc["out_hubs"]
    # four municipalities answered both; d is left out (無回答); a agrees, b and c do not: 1 of 3 = 33.3%
    assert (hubs["n_both"], hubs["n_pairs"], hubs["n_excluded"], hubs["agree"]) == (4, 3, 1, 1)
    assert hubs["agreement"] == 33.3
    # Wilson 95% for 1 of 3 (z² = 3.841459): centre (1/3 + z²/6)/(1 + z²/3) = 0.973577/2.280486 = 0.426916,
    # half z/(1 + z²/3)·√(2/27 + z²/36) = 0.859448·√0.180781 = 0.859448·0.425183 = 0.365423 → 6.15% to 79.23%
    assert hubs["agreement_low"] == pytest.approx(6.15, abs=0.01)
    assert hubs["agreement_high"] == pytest.approx(79.23, abs=0.01)
    # positive (あてはまる): 自治体 a, b; 社協 a, c → 2/3 each, difference 0.0; discordant 1 and 1 → McNemar
    # mid-p = 1 − ½·P(X = 1), X ~ Bin(2, ½) = 1 − ½·½ = 0.75 (Fagerland et al. 2013, equal counts)
    assert (hubs["share_first"], hubs["share_second"], hubs["diff_points"], hubs["mcnemar_p"]) == (
        66.7,
        66.7,
        0.0,
        0.75,
    )
    # quadratic kappa, scores 2/1/0, weights 1, 0.75, 0: table [[1, 1, 0], [1, 0, 0], [0, 0, 0]] / 3,
    # pₒ = (1 + 0.75 + 0.75)/3 = 0.833333, margins (2/3, 1/3, 0) both ways,
    # pₑ = 4/9 + 2·(2/9)·0.75 + 1/9 = 0.888889 → κ = (0.833333 − 0.888889)/(1 − 0.888889) = −0.5
    assert hubs["kappa"] == pytest.approx(-0.5)
    # scores 0–100: 自治体 100, 100, 50; 社協 100, 50, 100 → both 83.3, difference 0; signed ranks of
    # (−1, +1) are 1.5 and 1.5: every sign pattern is as extreme as T⁺ = 1.5 → p = 1
    assert hubs["score_first"] == pytest.approx(250 / 3) and hubs["score_diff"] == 0.0
    assert hubs["signed_rank_p"] == 1.0


def test_four_point_item_worked_by_hand(result):
    plan = result.loc["chl_plan_consent"]
    assert (plan["n_pairs"], plan["n_excluded"], plan["agree"], plan["agreement"]) == (4, 0, 2, 50.0)
    # positive (とても＋あてはまる): 自治体 a, b = 2/4; 社協 a, b, c = 3/4 → +25.0 points;
    # discordant: 0 自治体 only, 1 社協 only → McNemar mid-p = 2·P(X < 0) + P(X = 0) = ½ (exact p would be 1)
    assert (plan["share_first"], plan["share_second"], plan["diff_points"], plan["mcnemar_p"]) == (
        50.0,
        75.0,
        25.0,
        0.5,
    )
    # one item in section III: Holm decides it at 0.05, so the interval beside the verdict is the 95% one, and
    # p = 0.5 with an interval that includes 0 is not significant
    assert plan["holm_confidence"] == pytest.approx(0.95)
    assert (plan["ci_low_holm"], plan["ci_high_holm"]) == (plan["ci_low"], plan["ci_high"])
    assert plan["ci_low_holm"] < 0 < plan["ci_high_holm"] and plan["verdict"] == "not significant"
    # score differences 社協 − 自治体 on 3/2/1/0: a −1, b 0, c +2, d 0 → mean 0.25 = 8.33 points on 0–100
    assert plan["score_diff"] == pytest.approx(25 / 3)


def test_holm_within_each_section(result):
    # one item per section here, so the Holm-adjusted p equals the raw one
    assert (result["mcnemar_p_holm"] == result["mcnemar_p"]).all()


def test_the_municipalities_that_differ_most(data):
    # mean |score difference| over complete items (0–100): c (50 + 66.7)/2 = 58.3, b (50 + 0)/2 = 25.0,
    # a (0 + 33.3)/2 = 16.7, d 0 (out_hubs left out: only chl_plan_consent)
    ranked = disagreements(data, codebook=BOOK, top=2)
    assert ranked["muni_code"].tolist() == ["c", "b"]
    everyone = disagreements(data, codebook=BOOK, top=10).set_index("muni_code")
    assert everyone.loc["c", ["n_items", "n_differ", "second_higher", "first_higher"]].tolist() == [
        2,
        2,
        2,
        0,
    ]
    assert everyone.loc["d", ["n_items", "n_differ"]].tolist() == [1, 0]
    assert everyone.loc["c", "mean_abs_diff"] == pytest.approx(175 / 3)


def test_ties_at_the_cut_are_kept(data):
    twin = data[data["muni_code"] == "a"].assign(muni_code="e")  # e answers exactly as a
    ranked = disagreements(pd.concat([data, twin]), codebook=BOOK, top=3)
    assert ranked["muni_code"].tolist() == ["c", "b", "a", "e"]


def test_tables_say_how_many_pairs_were_left_out(result, data):
    comparison = compare_respondent_types(data, codebook=BOOK)
    table = agreement_table(comparison, section="I", codebook=BOOK)
    assert table.frame.loc["地域住民等が相互に交流を図ることのできる拠点", "除外（無回答を含む組）"] == 1
    assert "計1組" in table.notes[0]
    difference = difference_table(comparison, section="III", codebook=BOOK)
    assert difference.title == "III 自治体と社協の差（社協 − 自治体）"
    assert difference.frame["McNemar p（補正なし）"].tolist() == [0.5]
    assert difference.formatted()["McNemar p（Holm補正）"].tolist() == ["0.500"]  # written like every p
    assert difference.formatted()["判定（補正後）"].tolist() == ["有意でない"]
    # the page shows the interval on the basis of the verdict; the unadjusted one goes to the workbook only
    page = [c for c in difference.frame.columns if c not in difference.workbook_only]
    assert "信頼区間（多重比較を補正） 下限" in page
    assert "95%信頼区間（補正なし） 下限" not in page


def test_summary_says_so_when_one_respondent_type_is_missing():
    text = summary(None, codebook=BOOK, counts={"municipality": 23, "council": 0, "both": 0}, only_one={})
    assert text.startswith("この年度は社協の回答データがないため、自治体と社協の比較はできない")


def test_question_numbers_select_items(data):
    assert compare_respondent_types(data, codebook=BOOK, item="問1-2")["item_id"].tolist() == ["out_hubs"]


def test_every_pair_agreeing_gives_the_agreement_interval_instead_of_a_collapsed_kappa_interval():
    same = {"out_hubs": {c: "あてはまる" for c in "abcd"} | {"e": "どちらともいえない"}}
    data = pd.concat([tidy(same, "municipality"), tidy(same, "council")], ignore_index=True)
    hubs = compare_respondent_types(data, codebook=BOOK).set_index("item_id").loc["out_hubs"]
    assert hubs["kappa"] == 1.0 and pd.isna(hubs["kappa_low"]) and pd.isna(hubs["kappa_high"])
    # 5 of 5 agree: Wilson lower limit 5/(5 + z²) = 5/8.841459 = 56.6%, upper 100%
    assert hubs["agreement_low"] == pytest.approx(56.55, abs=0.01) and hubs["agreement_high"] == 100.0
    table = agreement_table(compare_respondent_types(data, codebook=BOOK), section="I", codebook=BOOK)
    shown = table.formatted().iloc[0]
    assert shown["κ 95%信頼区間 下限"] == "−" and shown["一致率 95%信頼区間 下限"] == "56.6"
