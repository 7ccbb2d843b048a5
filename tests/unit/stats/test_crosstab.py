import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from jusolib.analysis.sentences import describe_difference
from jusolib.stats import crosstab as ct
from jusolib.stats.crosstab import (
    compare_classes,
    cramers_v,
    crosstab,
    fisher_positive,
    holm,
    holm_levels,
    holm_verdict,
)
from jusolib.stats.effect_size import cramers_v_corrected


@pytest.fixture
def tiny():
    # 大: あてはまる, あてはまる, あてはまらない;  小: あてはまる, 無回答
    return pd.DataFrame(
        {
            "fiscal_year": 2024,
            "item_id": "out_hubs",
            "muni_code": list("abcde"),
            "size": pd.Categorical(["大", "大", "大", "小", "小"], categories=["小", "大"], ordered=True),
            "answer": ["あてはまる", "あてはまる", "あてはまらない", "あてはまる", "無回答"],
        }
    )


class TestCrosstab:
    def test_counts_check_by_eye(self, tiny):
        table = crosstab(tiny, item="out_hubs", by="size")
        wide = table.pivot_table(index="class", columns="answer", values="count", observed=True)
        assert wide.loc["全体"].tolist() == [3, 0, 1, 1]
        assert wide.loc["大"].tolist() == [2, 0, 1, 0]
        assert wide.loc["小"].tolist() == [1, 0, 0, 1]

    def test_n_and_percent_in_every_cell(self, tiny):
        table = crosstab(tiny, item="out_hubs", by="size").set_index(["class", "answer"])
        assert table.loc[("大", "あてはまる"), ["n_all", "pct_all"]].tolist() == [3, 66.7]
        assert table.loc[("小", "あてはまる"), ["n_all", "n_valid", "pct_all", "pct_valid"]].tolist() == [
            2,
            1,
            50.0,
            100.0,
        ]

    def test_small_bases_are_flagged(self, tiny):
        table = crosstab(tiny, item="out_hubs", by="size")
        assert table["small_base"].all()  # every base here is under 10
        big = pd.concat([tiny.assign(muni_code=tiny["muni_code"] + str(i)) for i in range(4)])
        flagged = (
            crosstab(big, item="out_hubs", by="size").groupby("class", observed=True)["small_base"].first()
        )
        assert flagged.to_dict() == {"全体": False, "小": True, "大": False}  # 20, 8, 12

    def test_class_order_follows_the_categories(self, tiny):
        assert list(crosstab(tiny, item="out_hubs", by="size")["class"].cat.categories) == [
            "全体",
            "小",
            "大",
        ]


class TestFisher:
    def test_three_by_two_worked_by_hand(self):
        # rows (2,0), (0,2), (1,1): row sums 2,2,2, 3 positives of 6. P(x) = ΠC(2,xᵢ)/C(6,3) = Π/20.
        # tables: the 6 orderings of (2,1,0) have weight 2 each; (1,1,1) has weight 8.
        # observed (2,0,1) has weight 2 (P = 0.1); tables with P ≤ 0.1 are the six (2,1,0)s: p = 12/20 = 0.6
        assert fisher_positive([[2, 0], [0, 2], [1, 1]]).pvalue == pytest.approx(0.6)

    def test_tea_tasting(self):
        # Fisher (1935): 4 of 8 cups milk first, 3 guessed right: two-sided p = 34/70 = 0.4857
        assert fisher_positive([[3, 1], [1, 3]]).pvalue == pytest.approx(34 / 70)

    def test_agrees_with_scipy_on_2x2(self):
        table = [[7, 1], [2, 6]]
        assert fisher_positive(table).pvalue == pytest.approx(stats.fisher_exact(table).pvalue)

    def test_reproducible_and_says_how(self):
        first, second = (
            fisher_positive([[3, 0], [5, 2], [6, 2], [5, 0]]),
            fisher_positive([[3, 0], [5, 2], [6, 2], [5, 0]]),
        )
        assert first == second and "enumerated" in first.method

    def test_large_tables_fall_back_to_seeded_monte_carlo(self, monkeypatch):
        monkeypatch.setattr(ct, "MAX_ENUMERATED_TABLES", 5)
        a = fisher_positive([[30, 10], [20, 20], [25, 15]], seed=1)
        b = fisher_positive([[30, 10], [20, 20], [25, 15]], seed=1)
        assert a.pvalue == b.pvalue and "Monte Carlo" in a.method and "seed 1" in a.method

    def test_no_variation(self):
        assert fisher_positive([[3, 0], [2, 0]]).pvalue == 1.0


def test_kruskal_permutation_is_reproducible():
    groups = [[100, 50, 100], [0, 50, 0, 50], [100, 100]]
    a, b = ct.kruskal_permutation(groups), ct.kruskal_permutation(groups)
    assert a == b
    assert a.statistic == pytest.approx(stats.kruskal(*groups).statistic)


class TestHolm:
    def test_worked_by_hand(self):
        # sorted 0.01, 0.03, 0.04 × 3, 2, 1 = 0.03, 0.06, 0.04 → monotone 0.03, 0.06, 0.06
        assert holm([0.01, 0.04, 0.03]) == [0.03, 0.06, 0.06]

    def test_capped_at_one_and_nan_kept(self):
        result = holm([0.5, float("nan"), 0.6])
        assert result[0] == 1.0 and math.isnan(result[1]) and result[2] == 1.0


def test_cramers_v_perfect_and_none():
    assert cramers_v([[5, 0], [0, 5]]) == pytest.approx(1.0)
    assert cramers_v([[5, 5], [5, 5]]) == pytest.approx(0.0)


def test_compare_classes_adjusts_across_items(tiny):
    data = pd.concat([tiny, tiny.assign(item_id="out_leaders")])
    result = compare_classes(data, by="size").set_index("item_id")
    assert list(result.index) == ["out_hubs", "out_leaders"]
    assert (result["fisher_p_holm"] >= result["fisher_p"]).all()
    # 無回答 (e) is left out of the base by default: 大 has 3, 小 has 1
    assert result.loc["out_hubs", "n"] == 4 and result.loc["out_hubs", "min_class_n"] == 1
    assert result.loc["out_hubs", "base"] == "無回答を除く"


def test_an_item_fewer_than_two_classes_answered_is_not_tested_and_not_in_holm(tiny):
    # out_leaders: everyone left it blank; out_consultation: only 大 answered (小's one answer is 無回答).
    # Neither can be tested (no p of 1.000 as if it had been): p NaN, methods empty, and Holm adjusts over the
    # one tested item alone, so out_hubs keeps its unadjusted p.
    blank = tiny.assign(item_id="out_leaders", answer="無回答")
    one_class = tiny.assign(item_id="out_consultation", answer=["あてはまる"] * 3 + ["無回答"] * 2)
    result = compare_classes(pd.concat([tiny, blank, one_class]), by="size").set_index("item_id")
    for item in ("out_leaders", "out_consultation"):
        assert math.isnan(result.at[item, "fisher_p"]) and math.isnan(result.at[item, "fisher_p_holm"])
        assert math.isnan(result.at[item, "kruskal_p"]) and result.at[item, "fisher_method"] == ""
    assert result.at["out_leaders", "n"] == 0 and result.at["out_consultation", "n"] == 3
    assert result.at["out_hubs", "fisher_p_holm"] == result.at["out_hubs", "fisher_p"]


def test_no_answer_does_not_count_as_not_positive_by_default():
    # A: 4 of 4 answered あてはまる; B: 2 answered (both あてはまる) and 2 left it blank.
    # On the 無回答を除く base both classes are 100%: [[4, 0], [2, 0]] has no variation, p = 1.
    # Counting 無回答 as "not positive" gives [[4, 0], [2, 2]]: tables with 6 positives among rows of 4 and 4
    # have P = C(4,x)C(4,6−x)/C(8,6) for x = 2, 3, 4: 6/28, 16/28, 6/28; p = P(x=4) + P(x=2) = 12/28 = 0.4286
    data = pd.DataFrame(
        {
            "fiscal_year": 2024,
            "item_id": "out_hubs",
            "muni_code": list("abcdefgh"),
            "size": ["A"] * 4 + ["B"] * 4,
            "answer": ["あてはまる"] * 6 + ["無回答"] * 2,
        }
    )
    assert compare_classes(data, by="size").loc[0, "fisher_p"] == 1.0
    assert compare_classes(data, by="size", base="all").loc[0, "fisher_p"] == pytest.approx(12 / 28)


def test_noise_is_the_95th_percentile_of_the_exact_null():
    # classes 1, 1, 2 with 2 positives of 4 (tests/unit/stats/test_exact.py): X² = 2 with probability 4/6 and 4
    # with 2/6, so the 95th percentile is X² = 4. Bergsma's V of X² = 4 at n = 4, r = 3: φ² = 1, φ̃² = 1 − 2/3,
    # k̃ − 1 = 1 − 1/3, r̃ − 1 = 3 − 4/3 − 1 = 2/3 → Ṽ = √((1/3)/(2/3)) = 0.7071, the V of the table [[1, 0], [1, 0],
    # [0, 2]] itself
    assert ct._v_noise((1, 1, 2), 2, ct.DEFAULT_SEED) == pytest.approx(math.sqrt(0.5))
    assert ct._v_noise((1, 1, 2), 2, ct.DEFAULT_SEED) == pytest.approx(
        cramers_v_corrected([[1, 0], [1, 0], [0, 2]])
    )


def test_eta_noise_is_the_95th_percentile_of_the_corrected_values():
    from jusolib.stats.exact import NullDistribution

    null = NullDistribution(np.array([0.5, 2.0, 4.0, 7.0]), np.full(4, 0.25))  # H, n = 21, k = 3
    # η²_H = max(0, (H − 2)/18): 0, 0, 2/18, 5/18; cumulative 0.25, 0.5, 0.75, 1 → the 95th percentile is 5/18
    assert ct._eta_noise(null, 21, 3) == pytest.approx(5 / 18)


class TestHolmLevels:
    def test_worked_by_hand(self):
        # sorted 0.001 (rank 1 of 3: tested at 0.05/3, rejected), 0.03 (rank 2: 0.05/2 = 0.025, not rejected:
        # stop), 0.04 (decided at the stopping level 0.025)
        assert holm_levels([0.001, 0.04, 0.03]) == pytest.approx([0.05 / 3, 0.025, 0.025])

    def test_every_step_rejected(self):
        # 0.001 < 0.05/3, 0.01 < 0.05/2, 0.02 < 0.05: each at its own step
        assert holm_levels([0.02, 0.001, 0.01]) == pytest.approx([0.05, 0.05 / 3, 0.025])

    def test_the_levels_agree_with_holms_adjusted_p(self):
        pvalues = [0.004, 0.2, 0.011, 0.03, 0.013]
        for p, adjusted, level in zip(pvalues, holm(pvalues), holm_levels(pvalues), strict=True):
            assert (adjusted < 0.05) == (p < level)

    def test_nan_stays_nan(self):
        levels = holm_levels([0.2, float("nan")])
        assert levels[0] == 0.05 and math.isnan(levels[1])


def test_verdicts_need_the_test_and_the_interval_to_agree():
    assert holm_verdict(0.01, 2.0, 30.0) == "significant"
    assert holm_verdict(0.01, -30.0, -2.0) == "significant"
    assert holm_verdict(0.3, -5.0, 20.0) == "not significant"
    assert holm_verdict(0.3, 1.0, 20.0) == "test and interval disagree"
    assert holm_verdict(0.04, -1.0, 20.0) == "test and interval disagree"
    assert holm_verdict(float("nan"), -1.0, 1.0) == ""


def test_ordered_classes_make_the_trend_test_primary():
    # four classes in order, 2 respondents each, あてはまる 0, 1, 1, 2 of 2: the trend test on scores 0–3 is
    # the exact Cochran–Armitage test (its own worked cases are in test_exact.py)
    answers = ["あてはまらない"] * 2 + ["あてはまる", "あてはまらない"] * 2 + ["あてはまる"] * 2
    data = pd.DataFrame(
        {
            "fiscal_year": 2024,
            "item_id": "out_hubs",
            "muni_code": list("abcdefgh"),
            "size": pd.Categorical(list("AABBCCDD"), categories=list("ABCD"), ordered=True),
            "answer": answers,
        }
    )
    from jusolib.stats.exact import cochran_armitage_exact

    ordered = compare_classes(data, by="size", order=list("ABCD")).iloc[0]
    assert ordered["primary_test"] == "trend"
    assert ordered["trend_p"] == pytest.approx(cochran_armitage_exact([0, 1, 1, 2], [2, 2, 2, 2]).pvalue)
    assert ordered["primary_p_holm"] == ordered["trend_p_holm"]
    assert "exact" in ordered["kruskal_method"] and "Cochran–Armitage" in ordered["trend_method"]
    unordered = compare_classes(data, by="size").iloc[0]
    assert unordered["primary_test"] == "fisher" and math.isnan(unordered["trend_p"])
    assert unordered["primary_p"] == unordered["fisher_p"]


class TestDescribe:
    shares = pd.DataFrame({"class": ["A", "B", "C"], "n": [12, 4, 7], "positive": [9, 1, 4]})

    def test_points_and_small_base(self):
        # 9/12 = 75.0%, 1/4 = 25.0%: difference 50.0 points; B has n=4 (参考値)
        text = describe_difference(
            self.shares, item_label="拠点", positive_label="あてはまる", p_adjusted=0.3
        )
        assert "A（n=12）が75.0%で最も高く" in text and "B（n=4、参考値）が25.0%で最も低い" in text
        assert "差50.0ポイント" in text and "有意" not in text

    def test_difference_from_exact_fractions(self):
        # 5/16 − 1/5 = 9/80 = 11.25 points exactly → 11.3 (31.3 − 20.0 of rounded shares would also be 11.3,
        # but 31.25 − 20.0 in floating point is 11.249999… and rounded to 11.2)
        shares = pd.DataFrame({"class": ["大", "小"], "n": [16, 5], "positive": [5, 1]})
        text = describe_difference(shares, item_label="x", positive_label="y", p_adjusted=0.5)
        assert "大（n=16）が31.3%で最も高く" in text and "差11.3ポイント" in text

    def test_ties_are_named_as_ties(self):
        # 2/4 and 1/2 are both exactly 50%: neither is "the" highest
        shares = pd.DataFrame({"class": ["A", "B", "C"], "n": [4, 2, 4], "positive": [2, 1, 1]})
        text = describe_difference(shares, item_label="x", positive_label="y", p_adjusted=0.5)
        assert "A（n=4、参考値）・B（n=2、参考値）が並んで50.0%で最も高く" in text
        assert "C（n=4、参考値）が25.0%で最も低い（差25.0ポイント）" in text

    def test_all_equal_classes(self):
        shares = pd.DataFrame({"class": ["A", "B"], "n": [4, 2], "positive": [2, 1]})
        text = describe_difference(shares, item_label="x", positive_label="y", p_adjusted=1.0)
        assert "どの区分も50.0%で同じ" in text and "最も高く" not in text and "差" not in text

    @pytest.mark.parametrize(
        ("p", "shown", "significant"),
        [
            (0.0496, "p<0.050", True),
            (0.0004, "p<0.001", True),
            (0.049, "p=0.049", True),
            (0.05, "p=0.050", False),
            (0.3, "p=0.300", False),
        ],
    )
    def test_omnibus_wording_only_below_the_threshold(self, p, shown, significant):
        text = describe_difference(self.shares, item_label="x", positive_label="y", p_adjusted=p)
        assert f"区分全体についての検定（Holm補正後 {shown}）" in text
        assert ("区分間に差がみられる" in text) is significant
        assert ("偶然の変動の範囲を超えるとはいえない" in text) is not significant
        assert (
            "有意な差である" not in text
        )  # the test is over all classes, not the highest against the lowest

    def test_the_trend_test_is_named_and_worded_as_a_trend(self):
        text = describe_difference(
            self.shares, item_label="x", positive_label="y", p_adjusted=0.01, test="trend"
        )
        assert "区分の順に沿った傾向の検定（Holm補正後 p=0.010）" in text
        assert text.endswith("区分の順に沿って割合が変わる傾向がみられる（有意水準0.05）。")
        text = describe_difference(
            self.shares, item_label="x", positive_label="y", p_adjusted=0.4, test="trend"
        )
        assert text.endswith("偶然の変動の範囲を超える傾向があるとはいえない。")

    def test_untestable(self):
        text = describe_difference(self.shares, item_label="x", positive_label="y", p_adjusted=float("nan"))
        assert text.endswith("検定はできなかった。")
