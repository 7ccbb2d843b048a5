"""Characteristic words (特徴語): Fisher's exact test and the adjusted standardised residual on a 2×2 table.

A word characterises a group when the group's respondents use it more often than the rest do. For each word the
counts make a 2×2 table of *respondents* (a respondent counts once, however often the word occurs):

=========  ===============  ====================
           uses the word    does not use it
=========  ===============  ====================
group      a                b = group n − a
the rest   c                d = rest n − c
=========  ===============  ====================

* :func:`fisher_two_sided` — Fisher's exact test, two-sided, with the rule R's ``fisher.test`` uses: the sum of
  the probabilities of every table with the same margins that is at most as probable as the observed one
  (a relative tolerance of 10⁻⁷ keeps tables of equal probability together). Computed on whole numbers, so that
  ties are exact.
* :func:`adjusted_residual` — Haberman's adjusted standardised residual of cell *a*: (a − E) / √(E (1 − r/n)
  (1 − k/n)) with E = r k / n, r the group's size and k the word's users. Above +1.96 the cell is larger than
  independence would give at the 5% level (unadjusted): KH Coder's users read it to see *which* cell differs.
* :func:`benjamini_hochberg` and :func:`jusolib.stats.crosstab.holm` — adjusting the p-values across the words
  tested for one group.
* :func:`keyness` — all of it for a table of counts, words under a minimum count left untested.

Examples
--------
>>> round(fisher_two_sided(5, 1, 1, 16), 6)  # worked by hand in tests/unit/stats/test_keyness.py
0.00102
>>> round(adjusted_residual(5, 1, 1, 16), 3)
3.714
>>> benjamini_hochberg([0.01, 0.04, 0.03])
[0.03, 0.04, 0.04]
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from fractions import Fraction

import pandas as pd

from jusolib.core.errors import ParameterError, check_choice
from jusolib.stats.crosstab import holm

#: Ways of adjusting the p-values across the words of one group (machine keys; analysis names them in words).
ADJUSTMENTS = ("BH", "Holm", "none")
#: Words used by fewer respondents than this (group and rest together) are listed but not tested.
MIN_COUNT = 3
#: Relative tolerance for tables as probable as the observed one (as R's fisher.test: 1 + 10⁻⁷).
_TOLERANCE = 10**7


def _check_table(a: int, b: int, c: int, d: int) -> None:
    if any(isinstance(v, bool) or int(v) != v or v < 0 for v in (a, b, c, d)):
        raise ParameterError(f"a 2×2 table holds counts ≥ 0, got {(a, b, c, d)}")


def fisher_two_sided(a: int, b: int, c: int, d: int) -> float:
    """Two-sided p-value of Fisher's exact test for the table [[a, b], [c, d]].

    The sum of P(X = x) over the tables with the observed margins whose probability is at most the observed
    one's (times 1 + 10⁻⁷), X hypergeometric. Every probability is a ratio of whole numbers (binomial
    coefficients), so the comparison is exact.

    Parameters
    ----------
    a, b, c, d
        The table's cells, counts of writers: the group's using the word (a) and not (b), the rest's using it
        (c) and not (d).

    Returns
    -------
    float
        The two-sided p-value, at most 1.

    Examples
    --------
    >>> fisher_two_sided(3, 0, 0, 3)  # the two most extreme tables of [[3,0],[0,3]]: 2 / C(6,3) = 2 / 20
    0.1
    >>> fisher_two_sided(0, 0, 0, 0)
    1.0
    """
    _check_table(a, b, c, d)
    a, b, c, d = int(a), int(b), int(c), int(d)
    row, col, n = a + b, a + c, a + b + c + d
    if n == 0:
        return 1.0
    low, high = max(0, row + col - n), min(row, col)
    weights = {x: math.comb(col, x) * math.comb(n - col, row - x) for x in range(low, high + 1)}
    observed = weights[a]
    extreme = sum(w for w in weights.values() if w * _TOLERANCE <= observed * (_TOLERANCE + 1))
    return float(min(Fraction(extreme, math.comb(n, row)), Fraction(1)))


def adjusted_residual(a: int, b: int, c: int, d: int) -> float:
    """Adjusted standardised residual of cell *a* of [[a, b], [c, d]] (Haberman 1973); NaN when a margin is
    empty or full (the cell cannot differ from its expectation).

    Parameters
    ----------
    a, b, c, d
        The table's cells, counts of writers: the group's using the word (a) and not (b), the rest's using it
        (c) and not (d).

    Returns
    -------
    float
        The residual: positive when the group uses the word more than independence would give.

    Examples
    --------
    >>> adjusted_residual(2, 2, 2, 2)
    0.0
    >>> math.isnan(adjusted_residual(3, 0, 2, 0))  # everyone uses the word
    True
    """
    _check_table(a, b, c, d)
    row, col, n = a + b, a + c, a + b + c + d
    if n == 0 or row in (0, n) or col in (0, n):
        return math.nan
    expected = row * col / n
    variance = expected * (1 - row / n) * (1 - col / n)
    return (a - expected) / math.sqrt(variance)


def benjamini_hochberg(pvalues: Sequence[float]) -> list[float]:
    """Benjamini–Hochberg adjusted p-values (false discovery rate), in the order given; NaN stays NaN.

    Sorted ascending, p₍ᵢ₎ becomes min over j ≥ i of p₍ⱼ₎ m / j, capped at 1 (m: the number of p-values that
    are not NaN).

    Parameters
    ----------
    pvalues
        p-values of one family (the words tested for one group).

    Returns
    -------
    list of float
        The adjusted p-values in the order given.

    Examples
    --------
    >>> benjamini_hochberg([0.04, 0.01])  # 0.01·2/1 = 0.02, 0.04·2/2 = 0.04
    [0.04, 0.02]
    >>> benjamini_hochberg([])
    []
    """
    present = [(p, i) for i, p in enumerate(pvalues) if not math.isnan(p)]
    out = [math.nan] * len(pvalues)
    m = len(present)
    running = 1.0
    for rank, (p, i) in reversed(list(enumerate(sorted(present), start=1))):
        running = min(running, p * m / rank)
        out[i] = round(min(running, 1.0), 12)
    return out


def adjust(pvalues: Sequence[float], method: str) -> list[float]:
    """p-values adjusted by ``method`` (one of :data:`ADJUSTMENTS`); NaN stays NaN.

    Parameters
    ----------
    pvalues
        p-values of one family.
    method
        ``"BH"``, ``"Holm"`` or ``"none"``.

    Returns
    -------
    list of float
        The adjusted p-values in the order given.

    Examples
    --------
    >>> adjust([0.01, 0.04], "Holm"), adjust([0.01, 0.04], "none")
    ([0.02, 0.04], [0.01, 0.04])
    """
    check_choice("adjustment", method, ADJUSTMENTS)
    if method == "none":
        return [float(p) for p in pvalues]
    if method == "BH":
        return benjamini_hochberg(pvalues)
    return holm(pvalues)


KEYNESS_COLUMNS = ("a", "group_n", "c", "rest_n")


def keyness(counts: pd.DataFrame, *, min_count: int = MIN_COUNT, adjustment: str = "BH") -> pd.DataFrame:
    """Fisher's test and the adjusted residual for every word of one group against the rest.

    Parameters
    ----------
    counts
        One row per word: ``a`` (respondents of the group who use it), ``group_n`` (respondents of the group),
        ``c`` (respondents of the rest who use it), ``rest_n``; any other columns (the word, its part of
        speech) are kept.
    min_count
        Words used by fewer than this many respondents in all (a + c) are not tested: p, adjusted p and
        residual are NaN and ``tested`` is False.
    adjustment
        ``"BH"`` (Benjamini–Hochberg, default), ``"Holm"`` or ``"none"``, across the tested words.

    Returns
    -------
    DataFrame
        The input with ``tested``, ``p``, ``p_adjusted`` and ``residual``; the input is not changed.

    Examples
    --------
    >>> counts = pd.DataFrame({"word": ["連携", "研修"], "a": [5, 1], "group_n": 6, "c": [1, 0], "rest_n": 17})
    >>> keyness(counts)[["word", "tested", "p_adjusted"]].round(5).values.tolist()
    [['連携', True, 0.00102], ['研修', False, nan]]
    """
    if min_count < 1:
        raise ParameterError(f"min_count must be a whole number ≥ 1, got {min_count}")
    check_choice("adjustment", adjustment, ADJUSTMENTS)
    missing = [c for c in KEYNESS_COLUMNS if c not in counts.columns]
    if missing:
        raise ParameterError(f"keyness needs the columns {list(KEYNESS_COLUMNS)}; missing {missing}")
    out = counts.copy()
    tables = [
        (int(a), int(n - a), int(c), int(m - c))
        for a, n, c, m in zip(out["a"], out["group_n"], out["c"], out["rest_n"], strict=True)
    ]
    for table in tables:
        _check_table(*table)
    tested = [t[0] + t[2] >= min_count for t in tables]
    pvalues = [fisher_two_sided(*t) if ok else math.nan for t, ok in zip(tables, tested, strict=True)]
    out["tested"] = tested
    out["p"] = pvalues
    out["p_adjusted"] = adjust(pvalues, adjustment)
    out["residual"] = [
        adjusted_residual(*t) if ok else math.nan for t, ok in zip(tables, tested, strict=True)
    ]
    return out
