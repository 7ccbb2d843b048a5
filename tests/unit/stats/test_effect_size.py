"""Bias-corrected effect sizes, worked by hand from the formulas of Bergsma (2013) and Cohen (2008)."""

import math

import numpy as np
import pytest

from jusolib.stats.effect_size import (
    cramers_v,
    cramers_v_corrected,
    cramers_v_corrected_rows,
    epsilon_squared,
    epsilon_squared_corrected,
)


def test_bergsma_two_by_two():
    # [[3, 1], [1, 3]], n = 8: χ² = 4·(1²/2) = 2, φ² = 0.25, V = 0.5.
    # φ̃² = 0.25 − 1·1/7 = 0.107143; k̃ − 1 = r̃ − 1 = 1 − 1/7 = 0.857143 → Ṽ = √0.125 = 0.353553
    assert cramers_v([[3, 1], [1, 3]]) == pytest.approx(0.5)
    assert cramers_v_corrected([[3, 1], [1, 3]]) == pytest.approx(math.sqrt(0.125))


def test_bergsma_three_classes():
    # [[2, 0], [0, 2], [1, 1]], n = 6: expected 1 in every cell, χ² = 4, φ² = 2/3, V = √(2/3) = 0.816497.
    # φ̃² = 2/3 − (2−1)(3−1)/5 = 0.266667; k̃ = 2 − 1/5 = 1.8, r̃ = 3 − 4/5 = 2.2; min(0.8, 1.2) = 0.8
    # → Ṽ = √(0.266667/0.8) = √(1/3) = 0.577350
    assert cramers_v([[2, 0], [0, 2], [1, 1]]) == pytest.approx(math.sqrt(2 / 3))
    assert cramers_v_corrected([[2, 0], [0, 2], [1, 1]]) == pytest.approx(math.sqrt(1 / 3))


def test_bergsma_is_zero_for_no_association_and_one_for_perfect():
    assert cramers_v_corrected([[5, 5], [5, 5]]) == 0.0
    # [[10, 0], [0, 10]]: φ² = 1, φ̃² = 1 − 1/19 = 18/19 = k̃ − 1 → Ṽ = 1
    assert cramers_v_corrected([[10, 0], [0, 10]]) == pytest.approx(1.0)
    assert math.isnan(cramers_v_corrected([[3, 0], [4, 0]]))


def test_many_tables_at_once_match_one_at_a_time():
    positive = np.array([[2, 0, 1], [1, 1, 1], [0, 2, 1]])
    sizes = np.array([2, 2, 2])
    expected = [cramers_v_corrected(np.column_stack([row, sizes - row])) for row in positive]
    assert cramers_v_corrected_rows(positive, sizes) == pytest.approx(expected)


def test_epsilon_squared_corrected():
    # H = 4 with n = 21 in k = 3 classes: ε² = 4/20 = 0.2; η²_H = (4 − 3 + 1)/(21 − 3) = 2/18
    assert epsilon_squared(4.0, 21) == pytest.approx(0.2)
    assert epsilon_squared_corrected(4.0, 21, 3) == pytest.approx(2 / 18)
    # H at its null expectation k − 1 gives 0; below it is shown as 0
    assert epsilon_squared_corrected(2.0, 21, 3) == 0.0 and epsilon_squared_corrected(0.5, 21, 3) == 0.0
