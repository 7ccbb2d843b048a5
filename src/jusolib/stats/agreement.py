"""Statistics of paired answers — the same municipality answering twice (自治体 and 社協, or two fiscal years).

Every function here is pure and works on counts or short arrays, so that each can be checked by hand:

* :func:`newcombe_paired_interval` — difference of two paired proportions with Newcombe's method 10
  (Newcombe 1998b, *Stat Med* 17:2635–2650), with his continuity-corrected φ*, so that the interval does not
  collapse when few answers changed;
* :func:`mcnemar_exact` — McNemar's test as the exact two-sided binomial test on the discordant pairs;
* :func:`weighted_kappa` — Cohen's weighted kappa (quadratic weights by default) with the large-sample
  variance of Fleiss, Cohen & Everitt (1969, *Psychol Bull* 72:323–327) and an interval that does not
  collapse when every pair agrees;
* :func:`signed_rank_exact` — Wilcoxon's signed-rank test with its exact conditional distribution over
  midranks (ties are the rule on 3- and 4-point scales), computed by dynamic programming on doubled ranks.

Examples
--------
>>> diff, low, high = newcombe_paired_interval(8, 0, 4, 11)
>>> round(diff, 1), round(low, 2), round(high, 1)
(17.4, -0.15, 32.9)
>>> mcnemar_exact(0, 4).pvalue
0.125
>>> signed_rank_exact([1, 1, -1, 2]).pvalue
0.5
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

import numpy as np
from numpy.typing import ArrayLike

from jusolib.stats.score import Z95, normal_quantile, wilson_interval


@dataclass(frozen=True)
class PairedTest:
    """An exact paired test: the statistic, its two-sided p-value and the method in words."""

    statistic: float
    pvalue: float
    method: str


@dataclass(frozen=True)
class Kappa:
    """A weighted kappa with its standard error and confidence interval (NaN when kappa is undefined)."""

    kappa: float
    se: float
    ci_low: float
    ci_high: float
    method: str


def _z(confidence: float) -> float:
    return Z95 if confidence == 0.95 else normal_quantile(1 - (1 - confidence) / 2)


# -- paired proportions --------------------------------------------------------------------------------------
def corrected_phi(both: int, first_only: int, second_only: int, neither: int) -> float:
    """Newcombe's continuity-corrected correlation φ* of a paired 2×2 table (0 when a margin is empty).

    With A = both, B = first only, C = second only, D = neither and N their sum (Newcombe 1998b, method 10):
    φ* = (AD − BC − N/2)/√(EFGH) when AD − BC > N/2, 0 when 0 ≤ AD − BC ≤ N/2, and the plain φ when AD < BC
    (E…H are the four margins).

    Examples
    --------
    >>> corrected_phi(11, 0, 0, 12)  # (132 − 11.5) / 132
    0.9128787878787878
    >>> corrected_phi(1, 1, 1, 1), corrected_phi(0, 2, 2, 0)
    (0.0, -1.0)
    """
    n = both + first_only + second_only + neither
    margins = (both + first_only) * (second_only + neither) * (both + second_only) * (first_only + neither)
    if margins == 0:
        return 0.0
    cross = both * neither - first_only * second_only
    if cross > n / 2:
        corrected = cross - n / 2
    elif cross >= 0:
        corrected = 0.0
    else:
        corrected = float(cross)
    return corrected / math.sqrt(margins)


def newcombe_paired_interval(
    both: int, first_only: int, second_only: int, neither: int, confidence: float = 0.95
) -> tuple[float, float, float]:
    """Paired difference (second − first) with Newcombe's method 10 interval, in percentage points.

    ``both``: positive in both; ``first_only``: positive only in the first (e.g. 自治体, or the earlier year);
    ``second_only``: only in the second; ``neither``. The two Wilson intervals of the margins are combined with
    the continuity-corrected φ* (:func:`corrected_phi`), as Newcombe (1998b) defines method 10.

    Examples
    --------
    >>> diff, low, high = newcombe_paired_interval(11, 0, 0, 12)  # nobody changed: the interval stays open
    >>> diff, round(low, 1), round(high, 1)
    (0.0, -7.9, 7.9)
    """
    n = both + first_only + second_only + neither
    if n <= 0:
        return (math.nan, math.nan, math.nan)
    k1, k2 = both + first_only, both + second_only
    p1, p2 = k1 / n, k2 / n
    l1, u1 = (v / 100 for v in wilson_interval(k1, n, confidence))
    l2, u2 = (v / 100 for v in wilson_interval(k2, n, confidence))
    phi = corrected_phi(both, first_only, second_only, neither)
    diff = p2 - p1
    low = diff - math.sqrt(max(0.0, (p2 - l2) ** 2 - 2 * phi * (p2 - l2) * (u1 - p1) + (u1 - p1) ** 2))
    high = diff + math.sqrt(max(0.0, (u2 - p2) ** 2 - 2 * phi * (u2 - p2) * (p1 - l1) + (p1 - l1) ** 2))
    return (100 * diff, 100 * low, 100 * high)


def binomial_two_sided(k: int, n: int) -> float:
    """Exact two-sided p of k successes in n trials with probability ½: 2·P(X ≤ min(k, n−k)), at most 1.

    Computed from exact integers (binomial coefficients over 2ⁿ), so that 0.125 is 0.125.

    Examples
    --------
    >>> binomial_two_sided(0, 4), binomial_two_sided(2, 4), binomial_two_sided(0, 0)
    (0.125, 1.0, 1.0)
    """
    if n <= 0:
        return 1.0
    tail = sum(math.comb(n, i) for i in range(min(k, n - k) + 1))
    return float(min(Fraction(1), Fraction(2 * tail, 2**n)))


def mcnemar_exact(first_only: int, second_only: int) -> PairedTest:
    """McNemar's test, exact: the two-sided binomial test of the discordant pairs against ½.

    Examples
    --------
    >>> mcnemar_exact(0, 4)  # four changed, all the same way: 2 × (1/2)⁴
    PairedTest(statistic=4.0, pvalue=0.125, method='McNemar exact (binomial on 4 discordant pairs)')
    """
    discordant = first_only + second_only
    return PairedTest(
        float(second_only),
        binomial_two_sided(second_only, discordant),
        f"McNemar exact (binomial on {discordant} discordant pairs)",
    )


# -- weighted kappa ------------------------------------------------------------------------------------------
def quadratic_weights(scores: Sequence[float]) -> np.ndarray:
    """Agreement weights 1 − (sᵢ − sⱼ)²/(max − min)² of a scale's option scores (Fleiss & Cohen 1973).

    Examples
    --------
    >>> quadratic_weights([2, 1, 0]).tolist()
    [[1.0, 0.75, 0.0], [0.75, 1.0, 0.75], [0.0, 0.75, 1.0]]
    """
    s = np.asarray(scores, dtype=float)
    span = s.max() - s.min()
    if span == 0:
        return np.ones((len(s), len(s)))
    return 1 - (s[:, None] - s[None, :]) ** 2 / span**2


def fleiss_cohen_everitt(table: ArrayLike, weights: np.ndarray) -> tuple[float, float]:
    """Weighted kappa of a square table and its large-sample variance (Fleiss, Cohen & Everitt 1969).

    With cell proportions pᵢⱼ, margins pᵢ. and p.ⱼ, agreement weights wᵢⱼ, pₒ = Σwᵢⱼpᵢⱼ and pₑ = Σwᵢⱼpᵢ.p.ⱼ:
    κ = (pₒ − pₑ)/(1 − pₑ) and

        var κ = [Σᵢⱼ pᵢⱼ (wᵢⱼ − (w̄ᵢ. + w̄.ⱼ)(1 − κ))² − (κ − pₑ(1 − κ))²] / (n (1 − pₑ)²),

    where w̄ᵢ. = Σⱼ p.ⱼ wᵢⱼ and w̄.ⱼ = Σᵢ pᵢ. wᵢⱼ. Returns (NaN, NaN) when pₑ = 1 (both sides gave one answer).

    Examples
    --------
    >>> kappa, variance = fleiss_cohen_everitt([[1, 0], [0, 1]], quadratic_weights([1, 0]))
    >>> kappa, variance
    (1.0, 0.0)
    """
    counts = np.asarray(table, dtype=float)
    n = counts.sum()
    if n <= 0:
        return (math.nan, math.nan)
    p = counts / n
    rows, columns = p.sum(axis=1), p.sum(axis=0)
    observed = float((weights * p).sum())
    expected = float((weights * np.outer(rows, columns)).sum())
    if expected >= 1 - 1e-12:
        return (math.nan, math.nan)
    kappa = (observed - expected) / (1 - expected)
    row_means, column_means = weights @ columns, rows @ weights
    spread = (p * (weights - (row_means[:, None] + column_means[None, :]) * (1 - kappa)) ** 2).sum()
    variance = (spread - (kappa - expected * (1 - kappa)) ** 2) / (n * (1 - expected) ** 2)
    return (float(kappa), max(0.0, float(variance)))


def _wald(kappa: float, variance: float, z: float) -> tuple[float, float]:
    half = z * math.sqrt(variance)
    return (max(-1.0, kappa - half), min(1.0, kappa + half))


def weighted_kappa(
    table: ArrayLike,
    scores: Sequence[float] | None = None,
    *,
    weights: np.ndarray | None = None,
    confidence: float = 0.95,
) -> Kappa:
    """Weighted kappa of a square table (rows: one side, columns: the other) with a confidence interval.

    Weights are quadratic in the option ``scores`` (default 0, 1, 2 …) unless ``weights`` are given. The
    standard error is Fleiss, Cohen & Everitt's (1969) and the interval κ ± z·SE, kept within [−1, 1] — the
    interval SAS, Stata and R's vcd report. With 23 pairs it is approximate: in simulations of 3- and 4-point
    answers it covered the true kappa 88–93% of the time rather than 95%.

    When every pair agrees (κ = 1) the standard error is 0 and κ ± z·SE would collapse to a point. No
    large-sample interval for κ exists then, so none is given (both limits NaN, shown 「−」): the report gives
    instead the interval of the agreement rate itself (Wilson's, which stays open at 100%: 23 of 23 pairs
    agreeing is compatible with a true rate of 85.7%).

    Examples
    --------
    >>> result = weighted_kappa([[5, 0, 0], [0, 5, 0], [0, 0, 5]])
    >>> result.kappa, result.ci_low, result.ci_high
    (1.0, nan, nan)
    """
    counts = np.asarray(table, dtype=float)
    k = counts.shape[0]
    if counts.ndim != 2 or counts.shape[1] != k:
        raise ValueError(f"weighted_kappa needs a square table, got shape {counts.shape}")
    if weights is None:
        weights = quadratic_weights(range(k) if scores is None else scores)
    kappa, variance = fleiss_cohen_everitt(counts, weights)
    method = "Fleiss–Cohen–Everitt SE, κ ± z·SE"
    if math.isnan(kappa):
        return Kappa(math.nan, math.nan, math.nan, math.nan, "undefined: both sides gave a single answer")
    z = _z(confidence)
    low, high = _wald(kappa, variance, z)
    if kappa >= 1 and variance == 0:
        low = high = math.nan
        method = "every pair agrees: no standard-error interval for κ (see the agreement rate's interval)"
    return Kappa(kappa, math.sqrt(variance), low, high, method)


# -- signed-rank test ----------------------------------------------------------------------------------------
def _midranks_doubled(values: np.ndarray) -> np.ndarray:
    """Twice the midranks of ``values`` (integers even with ties): ties share the mean of their positions."""
    order = np.argsort(values, kind="stable")
    ranks = np.empty(len(values), dtype=np.int64)
    sorted_values = values[order]
    start = 0
    while start < len(values):
        end = start
        while end + 1 < len(values) and sorted_values[end + 1] == sorted_values[start]:
            end += 1
        ranks[order[start : end + 1]] = (start + 1) + (end + 1)  # 2 × mean of positions start+1 … end+1
        start = end + 1
    return ranks


def signed_rank_exact(differences: Sequence[float]) -> PairedTest:
    """Wilcoxon signed-rank test with the exact distribution conditional on the tied midranks.

    Zero differences are dropped (Wilcoxon's convention); the absolute values of the rest get midranks. Under
    the null hypothesis each difference is positive or negative with probability ½ independently, so the
    statistic T⁺ (sum of the ranks of the positive differences) has a distribution over the 2ᵐ sign patterns.
    It is counted exactly by dynamic programming over *doubled* midranks, which are integers even with ties.
    The two-sided p is P(|T⁺ − E T⁺| ≥ |t⁺ − E T⁺|). scipy's ``method="exact"`` assumes no ties, which is why
    this is written out.

    Examples
    --------
    >>> signed_rank_exact([1, 2, 3, 4, 5, 6]).pvalue  # all six positive: 2/2⁶
    0.03125
    >>> signed_rank_exact([0, 0]).pvalue
    1.0
    """
    d = np.asarray(differences, dtype=float)
    d = d[~np.isnan(d)]
    d = d[d != 0]
    m = len(d)
    if m == 0:
        return PairedTest(0.0, 1.0, "Wilcoxon signed-rank, exact (no non-zero differences)")
    ranks = _midranks_doubled(np.abs(d))
    observed = int(ranks[d > 0].sum())
    total = int(ranks.sum())
    ways = [0] * (total + 1)  # ways[s]: sign patterns whose positive doubled ranks sum to s
    ways[0] = 1
    for r in ranks:
        for s in range(total - int(r), -1, -1):
            if ways[s]:
                ways[s + int(r)] += ways[s]
    distance = abs(2 * observed - total)  # |t⁺ − E T⁺| doubled, with E T⁺ = total / 2
    extreme = sum(w for s, w in enumerate(ways) if w and abs(2 * s - total) >= distance)
    pvalue = float(Fraction(extreme, 2**m))
    return PairedTest(
        observed / 2,
        pvalue,
        f"Wilcoxon signed-rank, exact over midranks ({m} non-zero differences)",
    )
