import math

import pandas as pd
import pytest
from scipy import stats

from jusolib import crosstab as ct
from jusolib.crosstab import compare_classes, cramers_v, crosstab, describe_difference, fisher_positive, holm


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
    assert result.loc["out_hubs", "n"] == 5 and result.loc["out_hubs", "min_class_n"] == 2


class TestDescribe:
    shares = pd.DataFrame({"class": ["A", "B", "C"], "n": [12, 4, 7], "share": [75.0, 25.0, 57.1]})

    def test_points_and_small_base(self):
        text = describe_difference(
            self.shares, item_label="拠点", positive_label="あてはまる", p_adjusted=0.3
        )
        assert "A（n=12）が75.0%で最も高く" in text and "B（n=4、参考値）が25.0%で最も低い" in text
        assert "差50.0ポイント" in text and "有意" not in text.replace("有意な差である", "")

    def test_significant_only_below_the_threshold(self):
        yes = describe_difference(self.shares, item_label="x", positive_label="y", p_adjusted=0.049)
        no = describe_difference(self.shares, item_label="x", positive_label="y", p_adjusted=0.05)
        assert "統計的に有意な差である" in yes
        assert "統計的に有意" not in no and "偶然の変動の範囲を超えるとはいえない" in no
