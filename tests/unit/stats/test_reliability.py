"""Cronbach's α, worked by hand."""

import math

import pytest

from jusolib.stats.reliability import cronbach_alpha, reliability


def test_two_items_worked_by_hand():
    # items (2, 1, 0) and (1, 2, 0): variances 1 and 1 (n − 1); sums (3, 3, 0) have mean 2 and variance
    # (1 + 1 + 4)/2 = 3 → α = 2/(2 − 1)·(1 − 2/3) = 0.6667
    assert cronbach_alpha([[2, 1], [1, 2], [0, 0]]) == pytest.approx(2 / 3)


def test_three_items_worked_by_hand():
    # respondents × items [[3, 2, 3], [1, 1, 2], [2, 2, 2], [0, 1, 1]]: item variances
    # (3, 1, 2, 0) → 5/3; (2, 1, 2, 1) → 1/3; (3, 2, 2, 1) → 2/3; Σ = 8/3.
    # sums (8, 4, 6, 2): mean 5, variance (9 + 1 + 1 + 9)/3 = 20/3. α = 3/2·(1 − (8/3)/(20/3)) = 3/2·0.6 = 0.9
    assert cronbach_alpha([[3, 2, 3], [1, 1, 2], [2, 2, 2], [0, 1, 1]]) == pytest.approx(0.9)


def test_items_pulling_apart_give_a_negative_alpha():
    # (2, 1), (0, 1), (1, 0): item variances 1 and 1/3; sums 3, 1, 1 → variance 4/3: α = 2·(1 − (4/3)/(4/3)) = 0
    assert cronbach_alpha([[2, 1], [0, 1], [1, 0]]) == pytest.approx(0.0)
    # (2, 0), (0, 2), (1, 0): variances 1, 4/3; sums 2, 2, 1 → 1/3: α = 2·(1 − (7/3)/(1/3)) = −12
    assert cronbach_alpha([[2, 0], [0, 2], [1, 0]]) == pytest.approx(-12.0)


def test_incomplete_respondents_are_left_out_and_counted():
    result = reliability([[2, 1], [1, float("nan")], [1, 2], [0, 0]])
    assert (result.n, result.items) == (3, 2) and result.alpha == pytest.approx(2 / 3)


def test_undefined_cases():
    assert math.isnan(cronbach_alpha([[1], [2]]))  # one item
    assert math.isnan(cronbach_alpha([[1, 1]]))  # one respondent
    assert math.isnan(cronbach_alpha([[1, 1], [1, 1]]))  # no variation
    with pytest.raises(ValueError, match="respondents × items"):
        cronbach_alpha([1, 2, 3])
