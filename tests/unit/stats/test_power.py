"""Exact power and detectable differences, checked against cases worked by hand and an independent enumeration."""

import itertools

import numpy as np
import pytest
from scipy.stats import binom

from jusolib.stats.crosstab import fisher_positive
from jusolib.stats.power import (
    class_test_power,
    detectable_class_difference,
    detectable_paired_difference,
    halves,
    paired_test_power,
)


class TestClassTestPower:
    def test_fisher_two_classes_of_two_worked_by_hand(self):
        # With two positives of four the tables are 0|2, 1|1, 2|0 with null weights 1, 4, 1 (of 6): Fisher's p of
        # 0|2 and 2|0 is 2/6 = 1/3, of 1|1 it is 1. With one or three positives both tables weigh 1/2 (p = 1).
        # So at α = 0.5 only 0/2 v 2/2 and 2/2 v 0/2 reject: power = (1 − p₁)²p₂² + p₁²(1 − p₂)².
        assert class_test_power((2, 2), (0.5, 0.5), alpha=0.5) == pytest.approx(2 / 16)
        assert class_test_power((2, 2), (0.2, 0.7), alpha=0.5) == pytest.approx(
            0.8**2 * 0.7**2 + 0.2**2 * 0.3**2
        )
        assert class_test_power((2, 2), (0.2, 0.7), alpha=0.3) == 0.0  # 1/3 is the smallest p there is

    def test_trend_three_classes_of_one_worked_by_hand(self):
        # One positive in classes scored 0, 1, 2: T = 0, 1, 2 each 1/3, E T = 1 → p = 2/3, 1, 2/3.
        # Two positives: T = 1 (classes 0, 1), 2 (0, 2), 3 (1, 2), E T = 2 → p = 2/3, 1, 2/3.
        # At α = 0.7 the rejecting outcomes are (1,0,0), (0,0,1), (1,1,0), (0,1,1).
        assert class_test_power((1, 1, 1), (0.5, 0.5, 0.5), alpha=0.7, test="trend") == pytest.approx(4 / 8)
        # shares 0.2, 0.5, 0.8: 0.2·0.5·0.2 + 0.8·0.5·0.8 + 0.2·0.5·0.2 + 0.8·0.5·0.8 = 0.68
        assert class_test_power((1, 1, 1), (0.2, 0.5, 0.8), alpha=0.7, test="trend") == pytest.approx(0.68)

    def test_matches_an_independent_enumeration_with_fishers_own_function(self):
        sizes, shares = (2, 3, 2), (0.2, 0.5, 0.9)
        power = 0.0
        for outcome in itertools.product(*[range(s + 1) for s in sizes]):
            table = np.column_stack([outcome, np.array(sizes) - outcome])
            if fisher_positive(table).pvalue < 0.1:
                power += np.prod([binom.pmf(x, n, p) for x, n, p in zip(outcome, sizes, shares, strict=True)])
        assert class_test_power(sizes, shares, alpha=0.1) == pytest.approx(power)

    def test_unknown_test(self):
        with pytest.raises(ValueError, match="unknown test"):
            class_test_power((2, 2), (0.5, 0.5), alpha=0.05, test="chi2")


class TestDetectable:
    def test_the_alternative_splits_the_classes_in_halves_around_50(self):
        assert halves(4, 30) == [0.35, 0.35, 0.65, 0.65]
        assert halves(3, 20) == [0.4, 0.6, 0.6]  # odd: the smaller half first

    def test_class_difference_is_the_first_that_reaches_80_percent(self):
        sizes = (3, 4)
        found = detectable_class_difference(sizes, alpha=0.2)
        powers = {d: class_test_power(sizes, halves(2, d), alpha=0.2) for d in range(1, 101)}
        assert found is not None and powers[found] >= 0.8
        assert all(powers[d] < 0.8 for d in range(1, found))

    def test_never_detectable(self):
        # one respondent per class: Fisher's p is 1 for every table, so no difference is ever found
        assert detectable_class_difference((1, 1), alpha=0.05) is None
        assert detectable_paired_difference(0, alpha=0.05) is None


class TestPairedPower:
    def test_two_pairs_worked_by_hand(self):
        # mid-p of one discordant pair: 2·P(X < 0) + P(X = 0) = 1/2; of two split 1–1: 1 − ½·P(X = 1) = 0.75;
        # of two the same way: P(X = 0) = 1/4. At α = 0.6: every outcome with one discordant pair, and two
        # discordant the same way, reject. With ψ = 0.5 discordant (half each way):
        # P(one) = 2ψ(1 − ψ) = 0.5, P(two, same way) = ψ²·(½² + ½²) = 0.125 → 0.625
        assert paired_test_power(2, 0.25, 0.25, alpha=0.6) == pytest.approx(0.625)

    def test_detectable_paired_difference_at_two_pairs(self):
        # With the two answers unrelated at 50 ∓ d/2 %: p₁₀ = (0.5 − h)², p₀₁ = (0.5 + h)², h = d/200, and at
        # α = 0.6 (previous test) power = 2ψ(1 − ψ) + p₁₀² + p₀₁² with ψ = p₁₀ + p₀₁. The first whole d at 80%:
        def power(d):
            h = d / 200
            low, high = (0.5 - h) ** 2, (0.5 + h) ** 2
            psi = low + high
            return 2 * psi * (1 - psi) + low**2 + high**2

        expected = next(d for d in range(1, 101) if power(d) >= 0.8)
        assert detectable_paired_difference(2, alpha=0.6) == expected
