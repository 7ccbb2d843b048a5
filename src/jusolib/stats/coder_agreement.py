"""How well coding rules agree with a careful human reading, and how well two human coders agree.

For one theme, every text of a hand-coded sample is either coded with the theme or not, by the rules and by the
person. :func:`confusion` counts the four cells; :func:`precision_recall_f1` turns them into

* **precision** — of the texts the rules gave the theme, the share the person gave it too: TP / (TP + FP);
* **recall** — of the texts the person gave the theme, the share the rules found: TP / (TP + FN);
* **F1** — their harmonic mean, 2 TP / (2 TP + FP + FN);

each NaN when its base is 0 (no text to count), never 0 or 1 by convention. Summed over the themes, the same
counts give the micro-averaged figures (:func:`micro_average`).

:func:`cohen_kappa` is Cohen's (1960) κ for two coders' yes/no decisions on the same texts:
κ = (p_o − p_e) / (1 − p_e), p_o the share of texts on which they agree, p_e the agreement expected from each
coder's own rate of yes. It is NaN when p_e = 1 (both coders said the same thing of every text: agreement is
total but carries no information beyond each coder's rate).

Examples
--------
>>> c = confusion(truth=[True, True, False, False, True], predicted=[True, False, True, False, True])
>>> c
Confusion(tp=2, fp=1, fn=1, tn=1)
>>> precision_recall_f1(c)
(0.6666666666666666, 0.6666666666666666, 0.6666666666666666)
>>> round(cohen_kappa([True, True, False, False], [True, False, False, False]), 3)
0.5
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction

from jusolib.core.errors import ParameterError


@dataclass(frozen=True)
class Confusion:
    """Counts of one theme over a sample: true and false positives, false and true negatives."""

    tp: int
    fp: int
    fn: int
    tn: int

    def __add__(self, other: Confusion) -> Confusion:
        return Confusion(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn, self.tn + other.tn)


def confusion(*, truth: Sequence[bool], predicted: Sequence[bool]) -> Confusion:
    """The four cells for decisions on the same texts, in the same order.

    Parameters
    ----------
    truth
        The reader's decision per text: does it carry the theme?
    predicted
        The rules' (or a second coder's) decision per text, in the same order.

    Returns
    -------
    Confusion
        TP, FP, FN and TN.

    Examples
    --------
    >>> confusion(truth=[True], predicted=[False])
    Confusion(tp=0, fp=0, fn=1, tn=0)
    """
    if len(truth) != len(predicted):
        raise ParameterError(f"truth and predicted differ in length ({len(truth)} and {len(predicted)})")
    pairs = list(zip(map(bool, truth), map(bool, predicted), strict=True))
    return Confusion(
        pairs.count((True, True)),
        pairs.count((False, True)),
        pairs.count((True, False)),
        pairs.count((False, False)),
    )


def _ratio(numerator: int, denominator: int) -> float:
    return numerator / denominator if denominator else math.nan


def precision_recall_f1(counts: Confusion) -> tuple[float, float, float]:
    """Precision, recall and F1 of one confusion table (NaN for an empty base).

    Parameters
    ----------
    counts
        A confusion table (:func:`confusion`).

    Returns
    -------
    tuple of float
        Precision, recall and F1.

    Examples
    --------
    >>> precision_recall_f1(Confusion(tp=3, fp=1, fn=2, tn=10))  # 3/4, 3/5, 6/9
    (0.75, 0.6, 0.6666666666666666)
    >>> precision_recall_f1(Confusion(tp=0, fp=0, fn=0, tn=5))
    (nan, nan, nan)
    """
    return (
        _ratio(counts.tp, counts.tp + counts.fp),
        _ratio(counts.tp, counts.tp + counts.fn),
        _ratio(2 * counts.tp, 2 * counts.tp + counts.fp + counts.fn),
    )


def micro_average(tables: Iterable[Confusion]) -> Confusion:
    """The cells summed over themes (the micro-average's counts).

    Parameters
    ----------
    tables
        Confusion tables, one per theme.

    Returns
    -------
    Confusion
        Their cells summed.

    Examples
    --------
    >>> micro_average([Confusion(1, 0, 1, 3), Confusion(2, 1, 0, 1)])
    Confusion(tp=3, fp=1, fn=1, tn=4)
    """
    total = Confusion(0, 0, 0, 0)
    for table in tables:
        total = total + table
    return total


def cohen_kappa(first: Sequence[bool], second: Sequence[bool]) -> float:
    """Cohen's κ for two coders' yes/no decisions on the same texts (NaN when chance agreement is 1).

    Parameters
    ----------
    first, second
        Two coders' decisions on the same texts, in the same order.

    Returns
    -------
    float
        κ (1 for perfect agreement, 0 for chance agreement), NaN when undefined.

    Examples
    --------
    >>> cohen_kappa([True, False], [True, False])
    1.0
    >>> cohen_kappa([True] * 4 + [False] * 16, [True, True, False, False, True, True] + [False] * 14)  # .12 / .32
    0.375
    >>> cohen_kappa([True, False], [False, True])
    -1.0
    >>> math.isnan(cohen_kappa([False, False], [False, False]))
    True
    """
    if len(first) != len(second):
        raise ParameterError(f"the two codings differ in length ({len(first)} and {len(second)})")
    n = len(first)
    if n == 0:
        return math.nan
    cells = confusion(truth=first, predicted=second)
    # exact fractions: κ of a small sample is often a short decimal (0.375), which floats would round away
    observed = Fraction(cells.tp + cells.tn, n)
    yes_first, yes_second = Fraction(cells.tp + cells.fn, n), Fraction(cells.tp + cells.fp, n)
    expected = yes_first * yes_second + (1 - yes_first) * (1 - yes_second)
    if expected == 1:
        return math.nan
    return float((observed - expected) / (1 - expected))
