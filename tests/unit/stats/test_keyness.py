"""Fisher's exact test, the adjusted residual and the p-value adjustments, worked by hand."""

import math
from fractions import Fraction

import pandas as pd
import pytest

from jusolib.core.errors import ParameterError
from jusolib.stats.keyness import adjust, adjusted_residual, benjamini_hochberg, fisher_two_sided, keyness


def test_fisher_two_sided_worked_by_hand():
    # A word used by 5 of the group's 6 writers and by 1 of the other 17 (23 writers, 6 users).
    # X (users in the group) is hypergeometric: P(x) = C(6, x) C(17, 6 − x) / C(23, 6), C(23, 6) = 100947.
    # x = 0..6: 12376, 37128, 35700, 13600, 2040, 102, 1 (they sum to 100947). Observed x = 5 (102): the tables
    # at most as probable are x = 5 and x = 6, so p = (102 + 1) / 100947.
    assert fisher_two_sided(5, 1, 1, 16) == float(Fraction(103, 100947))
    assert math.isclose(fisher_two_sided(5, 1, 1, 16), 0.00102033740478, rel_tol=1e-10)


def test_fisher_two_sided_small_tables_and_symmetry():
    assert fisher_two_sided(3, 0, 0, 3) == 0.1  # [[3,0],[0,3]] and [[0,3],[3,0]]: 2 of C(6,3) = 20 tables
    assert fisher_two_sided(1, 1, 1, 1) == 1.0  # the most probable table: every table counts
    assert fisher_two_sided(5, 1, 1, 16) == fisher_two_sided(1, 16, 5, 1)  # rows swapped
    assert fisher_two_sided(0, 0, 0, 0) == 1.0


def test_adjusted_residual_worked_by_hand():
    # E = 6·6/23 = 1.56522; variance = E (1 − 6/23)(1 − 6/23) = 1.56522 × 0.546314 = 0.855100; √ = 0.924716;
    # (5 − 1.56522) / 0.924716 = 3.71441
    assert adjusted_residual(5, 1, 1, 16) == pytest.approx(3.71441, abs=1e-5)
    # [[3,0],[0,3]]: E = 1.5, variance = 1.5 · .5 · .5 = .375, (3 − 1.5) / .612372 = 2.44949
    assert adjusted_residual(3, 0, 0, 3) == pytest.approx(2.44949, abs=1e-5)
    assert adjusted_residual(0, 3, 3, 0) == pytest.approx(-2.44949, abs=1e-5)
    assert math.isnan(adjusted_residual(3, 3, 0, 0))  # nobody in the rest: the cell cannot differ


def test_benjamini_hochberg_and_holm_by_hand():
    # sorted 0.01, 0.02, 0.04, 0.5 (m = 4): 0.04, 0.04, 0.0533, 0.5; min from the top keeps 0.04 for the first two
    assert benjamini_hochberg([0.04, 0.5, 0.01, 0.02]) == pytest.approx([0.053333, 0.5, 0.04, 0.04], abs=1e-6)
    assert adjust([0.01, 0.04, math.nan], "Holm")[:2] == [0.02, 0.04]
    assert math.isnan(benjamini_hochberg([math.nan, 0.1])[0])
    with pytest.raises(ParameterError, match="adjustment"):
        adjust([0.1], "Bonferroni")


def test_keyness_tests_only_words_above_the_minimum_and_keeps_the_input():
    counts = pd.DataFrame(
        {"word": ["連携", "研修", "会議"], "a": [5, 2, 1], "group_n": 6, "c": [1, 0, 1], "rest_n": 17}
    )
    before = counts.copy()
    out = keyness(counts, min_count=3, adjustment="BH")
    pd.testing.assert_frame_equal(counts, before)
    assert out["tested"].tolist() == [True, False, False]  # 研修 and 会議: 2 writers each, under 3
    # one word tested: BH of one p-value is the p-value itself
    assert out.loc[0, "p"] == float(Fraction(103, 100947))
    assert out.loc[0, "p_adjusted"] == pytest.approx(out.loc[0, "p"], abs=1e-12)
    assert math.isnan(out.loc[1, "p"]) and math.isnan(out.loc[1, "residual"])


def test_keyness_refuses_impossible_counts():
    with pytest.raises(ParameterError, match="2×2 table"):
        keyness(pd.DataFrame({"a": [7], "group_n": [6], "c": [0], "rest_n": [3]}))
    with pytest.raises(ParameterError, match="missing"):
        keyness(pd.DataFrame({"a": [1]}))
