"""Exact conditional tests, each checked against a case worked by hand or a published value."""

import itertools
import math

import numpy as np
import pytest

from jusolib.stats.exact import (
    NullDistribution,
    chi_squared_null,
    cochran_armitage_exact,
    conditional_distribution,
    kruskal_wallis_exact,
    linear_by_linear_exact,
    midranks,
)


class TestKruskalWallisExact:
    def test_three_groups_of_two_without_ties(self):
        # (2, 2, 2) with ranks 1–2 | 3–4 | 5–6: R = 3, 7, 11, H = 12/(6·7)·(9 + 49 + 121)/2 − 21 = 4.5714.
        # That is the largest H there is; it arises whenever the groups hold the pairs {1,2}, {3,4}, {5,6}
        # in any order: 3! = 6 of the 6!/(2!2!2!) = 90 equally likely ways → p = 6/90 = 0.0667 (the value in
        # the published tables of the exact Kruskal–Wallis distribution for sizes 2, 2, 2).
        table = np.zeros((3, 6), dtype=int)
        for group, ranks in enumerate(([0, 1], [2, 3], [4, 5])):
            table[group, ranks] = 1
        result = kruskal_wallis_exact(table)
        assert result.statistic == pytest.approx(4.571429, abs=1e-6)
        assert result.pvalue == pytest.approx(6 / 90)
        assert "exact" in result.method

    def test_ties_use_midranks_and_the_tie_correction(self):
        # answers 1, 1 | 2 (two classes, scores tied within the first): midranks 1.5, 1.5, 3.
        # Three ways to place the single member of class 2 (each 1/3): on a "1" (two ways) R₂ = 1.5, or on the
        # "2" R₂ = 3. H = [12/(3·4)·(R₁²/2 + R₂²) − 12]/C with C = 1 − (2³ − 2)/(3³ − 3) = 0.75:
        # R₂ = 3: R₁ = 3 → (4.5 + 9 − 12)/0.75 = 2.0; R₂ = 1.5: R₁ = 4.5 → (10.125 + 2.25 − 12)/0.75 = 0.5.
        # Observed (the 2 in class 2): H = 2.0, reached only by that placement → p = 1/3
        result = kruskal_wallis_exact([[2, 0], [0, 1]])
        assert result.statistic == pytest.approx(2.0)
        assert result.pvalue == pytest.approx(1 / 3)

    def test_matches_enumeration_of_every_labelling(self):
        # an independent check: every assignment of 7 respondents to groups of 3 and 4, H recomputed each time
        scores = np.array([0, 0, 1, 1, 1, 2, 2])
        groups = [0, 0, 1, 0, 1, 1, 1]
        ranks = _midranks(scores)

        def h(labels):
            n = len(scores)
            total = sum((ranks[labels == g].sum() ** 2) / (labels == g).sum() for g in (0, 1))
            _, counts = np.unique(scores, return_counts=True)
            return (12 / (n * (n + 1)) * total - 3 * (n + 1)) / (1 - (counts**3 - counts).sum() / (n**3 - n))

        observed = h(np.array(groups))
        hits = 0
        combinations = list(itertools.combinations(range(7), 3))
        for members in combinations:
            labels = np.ones(7, dtype=int)
            labels[list(members)] = 0
            hits += h(labels) >= observed - 1e-9
        table = [[2, 1, 0], [0, 2, 2]]  # class 0: scores 0, 0, 1; class 1: 1, 1, 2, 2
        result = kruskal_wallis_exact(table)
        assert result.statistic == pytest.approx(observed)
        assert result.pvalue == pytest.approx(hits / len(combinations))

    def test_no_variation(self):
        assert kruskal_wallis_exact([[3], [2]]).pvalue == 1.0

    def test_too_large_to_enumerate_returns_none(self):
        assert kruskal_wallis_exact([[5, 5, 5], [5, 5, 5], [5, 5, 5]], max_states=10) is None


def _midranks(values):
    order = np.argsort(values, kind="stable")
    ranks = np.empty(len(values))
    ranks[order] = np.arange(1, len(values) + 1)
    for value in np.unique(values):
        ranks[values == value] = ranks[values == value].mean()
    return ranks


class TestTrend:
    def test_three_rows_worked_by_hand(self):
        # classes of 2, scores 0, 1, 2, positives 0, 1, 2 (k = 3 of n = 6): T = Σ score × positives = 5,
        # E T = 3/6 × (0·2 + 1·2 + 2·2) = 3. The 20 ways to place 3 positives weigh C(2,x₀)C(2,x₁)C(2,x₂);
        # |T − 3| ≥ 2 for (0, 1, 2) [T = 5, weight 2] and (2, 1, 0) [T = 1, weight 2] → p = 4/20
        assert cochran_armitage_exact([0, 1, 2], [2, 2, 2]).pvalue == pytest.approx(0.2)

    def test_published_statxact_example(self):
        # Maternal alcohol consumption and malformation (Graubard & Korn 1987; Agresti, Categorical Data
        # Analysis, Table 3.7): present 48, 38, 5, 1, 1 of 17114, 14502, 793, 127, 38. Cytel's StatXact
        # (example 6, "Cochran-Armitage exact test of trend") with the average drinks per day as scores
        # (0, 0.5, 1.5, 4, 8): exact two-sided p = .0159.
        result = cochran_armitage_exact([48, 38, 5, 1, 1], [17114, 14502, 793, 127, 38], [0, 0.5, 1.5, 4, 8])
        assert result.pvalue == pytest.approx(0.0159, abs=5e-5)

    def test_linear_by_linear_on_two_columns_is_cochran_armitage(self):
        positive, sizes = [1, 3, 4], [4, 5, 4]
        table = np.column_stack([positive, np.array(sizes) - positive])
        assert linear_by_linear_exact(table, column_scores=[1, 0]).pvalue == pytest.approx(
            cochran_armitage_exact(positive, sizes).pvalue
        )

    def test_linear_by_linear_statistic_is_n_minus_one_r_squared(self):
        # table [[2, 0], [0, 2]] with scores 0/1 both ways: the four respondents' scores are perfectly
        # correlated (r = 1), so M² = (n − 1)r² = 3. Conditional on the margins the tables are [[x, 2−x],
        # [2−x, x]] for x = 0, 1, 2 with weights C(2,x)C(2,2−x) = 1, 4, 1 (of 6); T = Σ uᵢvⱼnᵢⱼ = x, E T = 1:
        # |T − 1| ≥ |2 − 1| for x = 0 and x = 2 → p = 2/6
        result = linear_by_linear_exact([[2, 0], [0, 2]])
        assert result.statistic == pytest.approx(3.0)
        assert result.pvalue == pytest.approx(1 / 3)


class TestNullDistribution:
    def test_conditional_distribution_sums_to_one(self):
        null = conditional_distribution([3, 7, 8, 5], [10, 13], lambda i, c: c[:, 0].astype(float) * i)
        assert null.probabilities.sum() == pytest.approx(1.0)

    def test_chi_squared_of_an_r_by_2_table_worked_by_hand(self):
        # classes 1, 1, 2 with 2 positives of 4: tables (1,1,0) ×1, (1,0,1) ×2, (0,1,1) ×2, (0,0,2) ×1 of
        # C(4,2) = 6. Expected positives 0.5, 0.5, 1: X² = 4 for (1,1,0) and (0,0,2), 2 for the other two.
        null = chi_squared_null([1, 1, 2], 2)
        assert dict(zip(null.values.tolist(), null.probabilities.round(12).tolist(), strict=True)) == {
            2.0: round(4 / 6, 12),
            4.0: round(2 / 6, 12),
        }
        assert null.quantile(0.95) == 4.0

    def test_tails_count_ties_in_full(self):
        null = NullDistribution(np.array([0.0, 1.0, 1.0, 3.0]), np.array([0.1, 0.2, 0.3, 0.4]))
        assert null.upper_tail(1.0) == pytest.approx(0.9)
        # mean 1.7: |1 − 1.7| = 0.7, values at least 0.7 away: 0 (1.7) and 1 (0.7 twice) and 3 (1.3) → 1.0
        assert null.two_sided(1.0) == pytest.approx(1.0)
        assert null.quantile(0.3) == 1.0 and null.quantile(0.61) == 3.0

    def test_midranks(self):
        # one answer of the lowest value, two of the next, one of the highest: positions 1 | 2–3 | 4
        assert midranks([1, 2, 1]).tolist() == [1.0, 2.5, 4.0]


def test_no_nan_in_p():
    assert not math.isnan(kruskal_wallis_exact([[1, 2, 3], [3, 2, 1]]).pvalue)
