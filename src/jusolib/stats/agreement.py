"""Statistics of paired answers — the same municipality answering twice (自治体 and 社協, or two fiscal years).

Every function here is pure and works on counts or short arrays, so that each can be checked by hand:

* :func:`newcombe_paired_interval` — difference of two paired proportions with Newcombe's method 10
  (Newcombe 1998b, *Stat Med* 17:2635–2650), with his continuity-corrected φ*, so that the interval does not
  collapse when few answers changed;
* :func:`mcnemar_midp` — McNemar's test, mid-p version (Fagerland, Lydersen & Laake 2013, *BMC Med Res
  Methodol* 13:91): the exact conditional binomial test on the discordant pairs with half the probability of
  the observed count. It is the paired test of the reports: its size stays near the nominal 5% where the
  conventional exact test (:func:`mcnemar_exact`) rejects far less often, and its verdicts agree with
  Newcombe's interval on nearly every table (where they do not, the reports say 境界);
* :func:`weighted_kappa` — Cohen's weighted kappa (quadratic weights by default) with the large-sample
  variance of Fleiss, Cohen & Everitt (1969, *Psychol Bull* 72:323–327) and an interval that does not
  collapse when every pair agrees;
* :func:`agreement_bootstrap` — weighted kappa and Gwet's AC2 (the same weights; Gwet 2008, *Br J Math Stat
  Psychol* 61:29–48, and his *Handbook of Inter-Rater Reliability*, 4th ed. 2014), each with a BCa bootstrap
  interval (Efron & Tibshirani 1993, *An Introduction to the Bootstrap*, ch. 14; seeded). Taking each of FY2024's
  27 paired tables as the truth, at 23 and 30 pairs the BCa interval covered the true κ 84.5–96.1% of the time
  (median 91.3%), the κ ± z·SE interval 77.4–93.7% (median 90.5%; ``tools/kappa_coverage.py``): both are
  approximate at this size, and the reports say so. AC2 does not collapse when the answers are skewed (the
  kappa paradox), so the two side by side say whether a low κ means disagreement or only skewed margins;
* :func:`signed_rank_exact` — Wilcoxon's signed-rank test with its exact conditional distribution over
  midranks (ties are the rule on 3- and 4-point scales), computed by dynamic programming on doubled ranks.

Examples
--------
>>> diff, low, high = newcombe_paired_interval(8, 0, 4, 11)
>>> round(diff, 1), round(low, 2), round(high, 1)
(17.4, -0.15, 32.9)
>>> mcnemar_exact(0, 4).pvalue, mcnemar_midp(0, 4).pvalue
(0.125, 0.0625)
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

#: Seed and number of resamples of the agreement bootstrap (reports are reproducible).
BOOTSTRAP_SEED = 20241210
BOOTSTRAP_RESAMPLES = 4_000


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

    Parameters
    ----------
    both
        Pairs positive on both sides (A).
    first_only
        Pairs positive only on the first side (B; e.g. 自治体, or the earlier year).
    second_only
        Pairs positive only on the second side (C).
    neither
        Pairs positive on neither side (D).

    Returns
    -------
    float
        φ*, between −1 and 1; 0 when a margin of the table is empty.

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

    Parameters
    ----------
    both
        Pairs positive on both sides.
    first_only
        Pairs positive only on the first side (e.g. 自治体, or the earlier year).
    second_only
        Pairs positive only on the second side (e.g. 社協, or the later year).
    neither
        Pairs positive on neither side.
    confidence
        The interval's confidence level, 0–1 (default 0.95).

    Returns
    -------
    tuple of float
        ``(difference, low, high)``: the second side's share minus the first's and the interval's limits, in
        percentage points (not rounded); three NaN when there are no pairs.

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

    Parameters
    ----------
    k
        Successes (e.g. the pairs discordant one way).
    n
        Trials (all discordant pairs); 0 gives 1.

    Returns
    -------
    float
        The two-sided exact p, at most 1.

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

    The conventional exact (conditional) test; conservative with few discordant pairs, which is why the
    reports use :func:`mcnemar_midp` (Fagerland, Lydersen & Laake 2013).

    Parameters
    ----------
    first_only
        Pairs positive only on the first side (e.g. 自治体, or the earlier year).
    second_only
        Pairs positive only on the second side.

    Returns
    -------
    PairedTest
        The second-only count as the statistic, the two-sided exact p (:func:`binomial_two_sided`) and the
        method in words.

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


def midp_two_sided(k: int, n: int) -> float:
    """Two-sided mid-p of k successes in n trials with probability ½: 2·P(X < m) + P(X = m), m = min(k, n − k).

    That is the exact two-sided p less the probability of the observed count (Fagerland et al. 2013, eq. 2);
    when k = n − k it is 1 − ½·P(X = k). Exact integers, so that 0.0625 is 0.0625.

    Parameters
    ----------
    k
        Successes (e.g. the pairs discordant one way).
    n
        Trials (all discordant pairs); 0 gives 1.

    Returns
    -------
    float
        The two-sided mid-p.

    Examples
    --------
    >>> midp_two_sided(1, 8)  # 2·(1 + 8)/2⁸ − 8/2⁸ = 10/256
    0.0390625
    >>> midp_two_sided(2, 4), midp_two_sided(0, 0)  # 1 − ½·6/16
    (0.8125, 1.0)
    """
    if n <= 0:
        return 1.0
    m = min(k, n - k)
    below = sum(math.comb(n, i) for i in range(m))
    if 2 * m == n:
        return float(1 - Fraction(math.comb(n, m), 2 ** (n + 1)))
    return float(min(Fraction(1), Fraction(2 * below + math.comb(n, m), 2**n)))


def mcnemar_midp(first_only: int, second_only: int) -> PairedTest:
    """McNemar's mid-p test (Fagerland, Lydersen & Laake 2013): the paired test of the reports.

    Parameters
    ----------
    first_only
        Pairs positive only on the first side (e.g. 自治体, or the earlier year).
    second_only
        Pairs positive only on the second side.

    Returns
    -------
    PairedTest
        The second-only count as the statistic, the two-sided mid-p, and the method in words.

    Examples
    --------
    >>> mcnemar_midp(1, 7)  # the paper's example (Bentur et al.): exact conditional p 0.070, mid-p 0.039
    PairedTest(statistic=7.0, pvalue=0.0390625, method='McNemar mid-p (8 discordant pairs)')
    """
    discordant = first_only + second_only
    return PairedTest(
        float(second_only),
        midp_two_sided(second_only, discordant),
        f"McNemar mid-p ({discordant} discordant pairs)",
    )


# -- weighted kappa ------------------------------------------------------------------------------------------
def quadratic_weights(scores: Sequence[float]) -> np.ndarray:
    """Agreement weights 1 − (sᵢ − sⱼ)²/(max − min)² of a scale's option scores (Fleiss & Cohen 1973).

    Parameters
    ----------
    scores
        The options' scores in the table's order (the codebook's, e.g. 2, 1, 0 for a 3-point scale).

    Returns
    -------
    numpy.ndarray
        A k × k matrix of weights, 1 on the diagonal; all ones when every score is the same.

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

    Parameters
    ----------
    table
        A square table of counts (rows: one side's answers, columns: the other's, in the same order).
    weights
        Agreement weights of the answer pairs (1 on the diagonal), e.g. :func:`quadratic_weights`.

    Returns
    -------
    tuple of float
        κ and its large-sample variance (not the standard error); ``(nan, nan)`` for an empty table or when
        pₑ = 1.

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
    answers it covered the true kappa 77–94% of the time rather than 95% (the reports show the BCa interval of
    :func:`agreement_bootstrap` instead).

    When every pair agrees (κ = 1) the standard error is 0 and κ ± z·SE would collapse to a point. No
    large-sample interval for κ exists then, so none is given (both limits NaN, shown 「−」): the report gives
    instead the interval of the agreement rate itself (Wilson's, which stays open at 100%: 23 of 23 pairs
    agreeing is compatible with a true rate of 85.7%).

    Parameters
    ----------
    table
        A square table of counts (rows: one side's answers, columns: the other's, in the same order).
    scores
        The options' scores, from which the quadratic weights are made (default 0, 1, 2 …).
    weights
        Agreement weights to use instead (a k × k matrix, 1 on the diagonal); ``scores`` is then ignored.
    confidence
        The interval's confidence level, 0–1 (default 0.95).

    Returns
    -------
    Kappa
        κ, its standard error, the limits of κ ± z·SE within [−1, 1] (NaN when every pair agrees) and the
        method in words; all NaN when κ is undefined (both sides gave a single answer).

    Raises
    ------
    ValueError
        For a table that is not square.

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


# -- kappa and AC2 with bootstrap intervals -------------------------------------------------------------------
@dataclass(frozen=True)
class Agreement:
    """Weighted κ and Gwet's AC2 of a paired table, each with its BCa bootstrap interval (NaN when undefined)."""

    kappa: float
    kappa_low: float
    kappa_high: float
    ac2: float
    ac2_low: float
    ac2_high: float
    method: str


def agreement_coefficients(tables: ArrayLike, weights: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Weighted κ and Gwet's AC2 of one square table or of a stack of them (tables × k × k), vectorised.

    With cell proportions pᵢⱼ, margins pᵢ. and p.ⱼ and agreement weights wᵢⱼ, both start from the weighted
    agreement pₐ = Σ wᵢⱼ pᵢⱼ and differ in the agreement expected by chance:

    * κ: pₑ = Σ wᵢⱼ pᵢ. p.ⱼ (Cohen 1968);
    * AC2: pₑ = T_w/(q(q − 1)) · Σₖ πₖ(1 − πₖ), with πₖ = (pₖ. + p.ₖ)/2, q categories and T_w = Σᵢⱼ wᵢⱼ
      (Gwet 2014, ch. 3). With identity weights it is Gwet's AC1.

    Each is (pₐ − pₑ)/(1 − pₑ); κ is NaN when pₑ = 1 (both sides gave a single answer).

    Parameters
    ----------
    tables
        A square table of counts (rows: one side's answers, columns: the other's) or a stack of them.
    weights
        Agreement weights of the answer pairs (1 on the diagonal), e.g. :func:`quadratic_weights`.

    Returns
    -------
    tuple
        κ and AC2: floats for one table, arrays (one value per table) for a stack.

    Examples
    --------
    >>> kappa, ac1 = agreement_coefficients([[118, 5], [2, 0]], np.eye(2))  # Gwet (2008): the kappa paradox
    >>> round(float(kappa), 4), round(float(ac1), 4)
    (-0.0234, 0.9408)
    """
    counts = np.asarray(tables, dtype=float)
    single = counts.ndim == 2
    if single:
        counts = counts[None]
    q = counts.shape[-1]
    n = counts.sum(axis=(1, 2))
    with np.errstate(divide="ignore", invalid="ignore"):
        p = counts / n[:, None, None]
        rows, columns = p.sum(axis=2), p.sum(axis=1)
        observed = (weights[None] * p).sum(axis=(1, 2))
        chance_kappa = np.einsum("bi,ij,bj->b", rows, weights, columns)
        kappa = np.where(chance_kappa >= 1 - 1e-12, np.nan, (observed - chance_kappa) / (1 - chance_kappa))
        pi = (rows + columns) / 2
        chance_ac2 = weights.sum() / (q * (q - 1)) * (pi * (1 - pi)).sum(axis=1)
        ac2 = (observed - chance_ac2) / (1 - chance_ac2)
    if single:
        return kappa[0], ac2[0]
    return kappa, ac2


def bca_interval(
    estimate: float, replicates: ArrayLike, jackknife: ArrayLike, confidence: float = 0.95
) -> tuple[float, float]:
    """The bias-corrected and accelerated (BCa) bootstrap interval (Efron & Tibshirani 1993, §14.3).

    With the bootstrap replicates θ*ᵦ and the jackknife values θ₍ᵢ₎ (their mean θ̄):

    * bias correction z₀ = Φ⁻¹(share of θ* below θ̂, ties counted half — the replicates of a small table are
      discrete);
    * acceleration a = Σ(θ̄ − θ₍ᵢ₎)³ / (6 [Σ(θ̄ − θ₍ᵢ₎)²]^{3/2});
    * the limits are the α₁ and α₂ quantiles of θ* (the smallest replicate whose share reaches them), with
      αₖ = Φ(z₀ + (z₀ + z)/(1 − a(z₀ + z))) for z = ±Φ⁻¹((1 + confidence)/2).

    NaN limits when the replicates do not vary or all lie on one side of θ̂ (no interval can be read then).

    Parameters
    ----------
    estimate
        The statistic of the observed data, θ̂.
    replicates
        The statistic of each bootstrap resample (non-finite values are left out).
    jackknife
        The statistic with each observation left out in turn (one value per observation).
    confidence
        The interval's confidence level.

    Returns
    -------
    tuple
        The lower and upper limit (NaN, NaN when no interval can be read).

    Examples
    --------
    >>> replicates = np.arange(1, 100, dtype=float)  # symmetric around 50, symmetric jackknife: a = z₀ = 0
    >>> bca_interval(50.0, replicates, [49.0, 51.0], confidence=0.9)  # the 5% and 95% points
    (5.0, 95.0)
    """
    from scipy.stats import norm

    values = np.round(np.asarray(replicates, dtype=float), 12)  # the same table twice is the same value
    values = values[np.isfinite(values)]
    estimate = round(float(estimate), 12)
    if len(values) < 2 or np.ptp(values) == 0 or not math.isfinite(estimate):
        return (math.nan, math.nan)
    below = (np.count_nonzero(values < estimate) + 0.5 * np.count_nonzero(values == estimate)) / len(values)
    if below <= 0 or below >= 1:
        return (math.nan, math.nan)
    z0 = float(norm.ppf(below))
    leave_one_out = np.asarray(jackknife, dtype=float)
    leave_one_out = leave_one_out[np.isfinite(leave_one_out)]
    spread = leave_one_out.mean() - leave_one_out if len(leave_one_out) else np.zeros(1)
    denominator = 6 * float((spread**2).sum()) ** 1.5
    acceleration = float((spread**3).sum()) / denominator if denominator > 0 else 0.0
    z = float(norm.ppf((1 + confidence) / 2))
    limits = []
    for side in (-z, z):
        shifted = z0 + side
        limits.append(float(norm.cdf(z0 + shifted / (1 - acceleration * shifted))))
    low, high = np.quantile(values, limits, method="inverted_cdf")
    return (float(low), float(high))


def agreement_bootstrap(
    table: ArrayLike,
    scores: Sequence[float] | None = None,
    *,
    seed: int = BOOTSTRAP_SEED,
    resamples: int = BOOTSTRAP_RESAMPLES,
    confidence: float = 0.95,
) -> Agreement:
    """Weighted κ and Gwet's AC2 (quadratic weights on the option ``scores``) with seeded BCa intervals.

    The pairs are resampled with replacement (``resamples`` times, seeded): a resample of n pairs is a
    multinomial draw of n over the cells of the observed table, which is how it is drawn. The jackknife leaves
    out one pair at a time (one per cell, counted as often as the cell holds pairs). Resamples where κ is
    undefined (every pair in one answer on one side) are left out of κ's interval.

    Parameters
    ----------
    table
        A square table of counts (rows: the first respondent type's answers, columns: the second's).
    scores
        The options' scores, from which the quadratic weights are made (default 0, 1, 2 …).
    seed
        Seed of the resampling.
    resamples
        How many bootstrap resamples.
    confidence
        The intervals' confidence level.

    Returns
    -------
    Agreement
        κ and AC2 with their BCa limits (NaN where undefined) and the method in words.

    Examples
    --------
    >>> result = agreement_bootstrap([[8, 0, 0], [0, 8, 0], [0, 0, 7]])  # every pair agrees: no interval
    >>> result.kappa, result.kappa_low, result.ac2
    (1.0, nan, 1.0)
    """
    counts = np.asarray(table, dtype=float)
    k = counts.shape[0]
    if counts.ndim != 2 or counts.shape[1] != k:
        raise ValueError(f"agreement_bootstrap needs a square table, got shape {counts.shape}")
    weights = quadratic_weights(range(k) if scores is None else scores)
    kappa, ac2 = (float(v) for v in agreement_coefficients(counts, weights))
    n = int(counts.sum())
    method = f"BCa bootstrap ({resamples:,} resamples of the pairs, seed {seed})"
    if n < 2 or not math.isfinite(ac2):
        return Agreement(kappa, math.nan, math.nan, ac2, math.nan, math.nan, method)
    rng = np.random.default_rng(seed)
    draws = rng.multinomial(n, (counts / n).ravel(), size=resamples).reshape(resamples, k, k)
    boot_kappa, boot_ac2 = agreement_coefficients(draws, weights)
    cells = np.argwhere(counts > 0)
    left_out = np.repeat(counts[None], len(cells), axis=0)
    left_out[np.arange(len(cells)), cells[:, 0], cells[:, 1]] -= 1
    jack_kappa, jack_ac2 = agreement_coefficients(left_out, weights)
    multiplicity = counts[cells[:, 0], cells[:, 1]].astype(int)
    jack_kappa, jack_ac2 = np.repeat(jack_kappa, multiplicity), np.repeat(jack_ac2, multiplicity)
    kappa_low, kappa_high = bca_interval(kappa, boot_kappa, jack_kappa, confidence)
    ac2_low, ac2_high = bca_interval(ac2, boot_ac2, jack_ac2, confidence)
    return Agreement(kappa, kappa_low, kappa_high, ac2, ac2_low, ac2_high, method)


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

    Parameters
    ----------
    differences
        One difference per pair (e.g. the later year's score minus the earlier's); NaN and zeros are dropped.

    Returns
    -------
    PairedTest
        T⁺ (the sum of the midranks of the positive differences) as the statistic, the exact two-sided p and
        the method in words (with the number of non-zero differences); p = 1 when none is left.

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
