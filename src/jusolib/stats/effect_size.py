"""Effect sizes for differences between classes, with their small-sample bias corrected.

With 23 municipalities in classes of 3, 7, 8 and 5, the plain effect sizes are far from zero even when the
classes do not differ at all: Cramér's V ≈ 0.34 and ε² ≈ 0.14 on average under pure noise. The reports show

* Cramér's V with Bergsma's bias correction (Bergsma 2013, "A bias-correction for Cramér's V and Tschuprow's
  T", *J Korean Stat Soc* 42:323–328): φ̃² = max(0, φ² − (k−1)(r−1)/(n−1)), k̃ = k − (k−1)²/(n−1),
  r̃ = r − (r−1)²/(n−1), Ṽ = √(φ̃² / min(k̃−1, r̃−1));
* ε² of the Kruskal–Wallis H with its small-sample bias removed: η²_H = (H − k + 1)/(n − k) (Cohen 2008,
  *Explaining Psychological Statistics*, 3rd ed.; recommended by Tomczak & Tomczak 2014, *Trends Sport Sci*
  21:19–25), which subtracts H's null expectation E[H] = k − 1 in the numerator and uses n − k, not n − 1, in
  the denominator (so it is not exactly ε² = H/(n − 1) minus its null mean), shown as 0 when negative;

each beside what noise alone gives at the same class sizes: the reports show the 95th percentile of the
corrected statistic when the classes do not differ (:func:`jusolib.stats.crosstab.compare_classes`, from the
exact null distribution or the seeded permutations). Both statistics are truncated at 0, so that noise level
sits above 0 (its mean is about 0.11 for V and 0.04 for ε² at classes of 3/7/8/5).

Examples
--------
>>> round(cramers_v([[3, 1], [1, 3]]), 3), round(cramers_v_corrected([[3, 1], [1, 3]]), 3)
(0.5, 0.354)
>>> epsilon_squared(4.0, 21), epsilon_squared_corrected(4.0, 21, 3)
(0.2, 0.1111111111111111)
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike


def _trimmed(table: ArrayLike) -> np.ndarray:
    counts = np.asarray(table, dtype=float)
    return counts[counts.sum(axis=1) > 0][:, counts.sum(axis=0) > 0]


def _phi_squared(counts: np.ndarray) -> float:
    n = counts.sum()
    expected = np.outer(counts.sum(axis=1), counts.sum(axis=0)) / n
    return float(((counts - expected) ** 2 / expected).sum()) / n


def cramers_v(table: ArrayLike) -> float:
    """Cramér's V of a contingency table, uncorrected (NaN when a row or column is empty).

    V = √(φ² / (min(r, k) − 1)) with φ² = X²/n (Cramér 1946, *Mathematical Methods of Statistics*).

    Parameters
    ----------
    table
        A table of counts (rows: classes, columns: answers); empty rows and columns are dropped first.

    Returns
    -------
    float
        V between 0 and 1; NaN when fewer than two non-empty rows or columns remain.

    Examples
    --------
    >>> cramers_v([[10, 0], [0, 10]]), cramers_v([[5, 5], [5, 5]])
    (1.0, 0.0)
    """
    counts = _trimmed(table)
    if min(counts.shape) < 2:
        return math.nan
    return math.sqrt(_phi_squared(counts) / (min(counts.shape) - 1))


def cramers_v_corrected(table: ArrayLike) -> float:
    """Bergsma's (2013) bias-corrected Cramér's V (NaN when a row or column is empty or n ≤ 1).

    Ṽ = √(φ̃² / min(k̃ − 1, r̃ − 1)) with the formulas of the module docstring (Bergsma 2013, *J Korean Stat
    Soc* 42:323–328).

    Parameters
    ----------
    table
        A table of counts (rows: classes, columns: answers); empty rows and columns are dropped first.

    Returns
    -------
    float
        Ṽ between 0 and 1; NaN when fewer than two non-empty rows or columns remain, n ≤ 1, or the corrected
        denominator is not positive (too few respondents).

    Examples
    --------
    >>> cramers_v_corrected([[10, 0], [0, 10]])  # φ̃² = 1 − 1/19 = k̃ − 1: still a perfect association
    1.0
    >>> cramers_v_corrected([[5, 5], [5, 5]])
    0.0
    """
    counts = _trimmed(table)
    r, k = counts.shape
    n = counts.sum()
    if min(r, k) < 2 or n <= 1:
        return math.nan
    phi2 = max(0.0, _phi_squared(counts) - (k - 1) * (r - 1) / (n - 1))
    k_tilde = k - (k - 1) ** 2 / (n - 1)
    r_tilde = r - (r - 1) ** 2 / (n - 1)
    denominator = min(k_tilde - 1, r_tilde - 1)
    if denominator <= 0:
        return math.nan
    return math.sqrt(phi2 / denominator)


def epsilon_squared(h: float, n: int) -> float:
    """ε² of a Kruskal–Wallis H, uncorrected: H / (n − 1) (NaN when undefined).

    Parameters
    ----------
    h
        The Kruskal–Wallis statistic H (tie-corrected).
    n
        The number of respondents in the test.

    Returns
    -------
    float
        H / (n − 1); NaN when n ≤ 1 or H is NaN.

    Examples
    --------
    >>> epsilon_squared(4.0, 21)
    0.2
    """
    if n <= 1 or math.isnan(h):
        return math.nan
    return h / (n - 1)


def epsilon_squared_corrected(h: float, n: int, k: int) -> float:
    """Bias-corrected ε² (η²_H): (H − k + 1)/(n − k), 0 when negative; NaN when undefined.

    ``k`` is the number of classes with respondents. Under no difference E[H] ≈ k − 1, so the expectation of
    the uncorrected value, (k − 1)/(n − 1), is removed.

    Parameters
    ----------
    h
        The Kruskal–Wallis statistic H (tie-corrected).
    n
        The number of respondents in the test.
    k
        The number of classes with respondents.

    Returns
    -------
    float
        η²_H, at least 0; NaN when n ≤ k or H is NaN.

    Examples
    --------
    >>> epsilon_squared_corrected(4.0, 21, 3)  # (4 − 2)/18
    0.1111111111111111
    >>> epsilon_squared_corrected(1.0, 21, 3)
    0.0
    """
    if n <= k or math.isnan(h):
        return math.nan
    return max(0.0, (h - k + 1) / (n - k))


def cramers_v_corrected_rows(positive: np.ndarray, sizes: np.ndarray) -> np.ndarray:
    """Bergsma's corrected V of many r×2 tables at once: ``positive`` counts (tables × classes), class ``sizes``.

    Used to get the corrected V of every permutation of the class labels in one pass.

    Parameters
    ----------
    positive
        Positive answers per class, one row per table (tables × classes).
    sizes
        The classes' sizes (respondents per class), the same for every table.

    Returns
    -------
    numpy.ndarray
        Bergsma's corrected V of each table (as :func:`cramers_v_corrected` of the r×2 table positive / not
        positive); NaN for a table with no positive or only positive answers, and for every table when the
        classes are too small for the correction.

    Examples
    --------
    >>> cramers_v_corrected_rows(np.array([[3, 1], [2, 2]]), np.array([4, 4])).round(3).tolist()
    [0.354, 0.0]
    """
    positive = np.asarray(positive, dtype=float)
    sizes = np.asarray(sizes, dtype=float)
    n = sizes.sum()
    total = positive.sum(axis=1, keepdims=True)
    expected_pos = sizes[None, :] * total / n
    expected_neg = sizes[None, :] - expected_pos
    with np.errstate(divide="ignore", invalid="ignore"):
        chi2 = ((positive - expected_pos) ** 2 / expected_pos).sum(axis=1) + (
            ((sizes[None, :] - positive) - expected_neg) ** 2 / expected_neg
        ).sum(axis=1)
    r, k = len(sizes), 2
    phi2 = np.maximum(0.0, chi2 / n - (k - 1) * (r - 1) / (n - 1))
    k_tilde = k - (k - 1) ** 2 / (n - 1)
    r_tilde = r - (r - 1) ** 2 / (n - 1)
    denominator = min(k_tilde - 1, r_tilde - 1)
    if denominator <= 0:  # too few respondents for the correction
        return np.full(len(positive), np.nan)
    out = np.sqrt(phi2 / denominator)
    degenerate = (total[:, 0] == 0) | (total[:, 0] == n)
    out[degenerate] = np.nan
    return out
