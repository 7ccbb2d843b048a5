"""Precision, recall, F1 and Cohen's κ on hand-made codings, worked by hand."""

import math

import pytest

from jusolib.core.errors import ParameterError
from jusolib.stats.coder_agreement import (
    Confusion,
    cohen_kappa,
    confusion,
    micro_average,
    precision_recall_f1,
)

# Ten answers; the person's reading (truth) and the rules' coding (predicted) of one theme.
TRUTH = [True, True, True, True, False, False, False, False, False, True]
RULES = [True, True, True, False, True, False, False, False, False, False]


def test_precision_recall_f1_of_a_hand_coded_sample():
    # both: answers 1–3 (TP 3); rules only: answer 5 (FP 1); person only: answers 4 and 10 (FN 2); TN 4
    cells = confusion(truth=TRUTH, predicted=RULES)
    assert cells == Confusion(tp=3, fp=1, fn=2, tn=4)
    precision, recall, f1 = precision_recall_f1(cells)
    assert precision == 3 / 4 and recall == 3 / 5
    assert f1 == pytest.approx(2 * 0.75 * 0.6 / (0.75 + 0.6)) and f1 == 6 / 9  # 2TP / (2TP + FP + FN)


def test_empty_bases_are_nan_not_zero_or_one():
    assert all(math.isnan(v) for v in precision_recall_f1(Confusion(0, 0, 0, 7)))
    precision, recall, _ = precision_recall_f1(Confusion(0, 0, 2, 5))  # the rules never said yes
    assert math.isnan(precision) and recall == 0.0


def test_micro_average_sums_the_cells():
    assert micro_average([Confusion(3, 1, 2, 4), Confusion(1, 0, 0, 9)]) == Confusion(4, 1, 2, 13)


def test_cohen_kappa_of_two_hand_made_coders():
    # Coder A and coder B on ten answers: both yes 4, A only 1, B only 1, both no 4.
    # p_o = 8/10; A says yes 5/10, B 5/10: p_e = .5·.5 + .5·.5 = .5; κ = (.8 − .5)/(1 − .5) = .6
    a = [True] * 5 + [False] * 5
    b = [True, True, True, True, False, True, False, False, False, False]
    assert cohen_kappa(a, b) == pytest.approx(0.6)
    # Unbalanced: both yes 1, A only 2, B only 0, both no 7: p_o = .8; p_e = .3·.1 + .7·.9 = .66;
    # κ = (.8 − .66)/(.34) = .411765
    c = [True, True, True] + [False] * 7
    d = [True] + [False] * 9
    assert cohen_kappa(c, d) == pytest.approx(0.14 / 0.34)


def test_kappa_undefined_when_chance_agreement_is_total():
    assert math.isnan(cohen_kappa([True, True], [True, True]))
    assert math.isnan(cohen_kappa([], []))
    with pytest.raises(ParameterError, match="length"):
        cohen_kappa([True], [True, False])
