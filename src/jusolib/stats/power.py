"""What the tests can detect at the survey's size: exact power and the minimum detectable difference.

With 23 municipalities a test that finds no difference says little unless one knows how large a difference it
would have found. Everything here is computed exactly, by summing over every possible outcome:

* :func:`class_test_power` — the power of the size-class test of a positive share (Fisher's exact test, or the
  exact Cochran–Armitage trend test for ordered classes) at given class sizes and true shares: Σ P(outcome)
  over the outcomes whose p is below α, each class's positive count binomial;
* :func:`paired_test_power` — the power of McNemar's mid-p test at n pairs;
* :func:`detectable_class_difference`, :func:`detectable_paired_difference` — the smallest difference (whole
  percentage points) that the test finds with at least 80% power.

The alternatives (stated wherever a detectable difference is shown):

* classes: the first half of the classes (in the scheme's order; with an odd number, the smaller half) at
  50 − d/2 %, the others at 50 + d/2 %. Shares around 50% vary most, so this is the hardest case: at other
  levels the same difference is found a little more often;
* pairs: the two sides at 50 − d/2 % and 50 + d/2 % and their answers unrelated (a pair is discordant as
  often as two independent answers are). Related answers (a municipality that says yes one year tends to say
  yes the next) make fewer discordant pairs and a difference easier to detect.

The significance level is α = 0.05 for one test, and α/m at the first step of Holm's method over a section's m
items: the most any single item of the section can be tested at.

Examples
--------
>>> round(class_test_power((3, 7, 8, 5), (0.35, 0.35, 0.65, 0.65), alpha=0.05), 3)  # FY2024's classes, 30 points
0.179
>>> detectable_class_difference((3, 7, 8, 5), alpha=0.05), detectable_paired_difference(23, alpha=0.05)
(66, 42)
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Sequence

import numpy as np

from jusolib.stats.agreement import midp_two_sided

#: The power a detectable difference must reach.
POWER = 0.8
#: The shares are placed around this level (percent), where a share varies most.
CENTRE = 50.0
#: Outcome tables beyond this many are not enumerated (the power is then not computed).
MAX_OUTCOMES = 2_000_000
TESTS = ("fisher", "trend")


@functools.lru_cache(maxsize=64)
def _outcome_pvalues(sizes: tuple[int, ...], test: str) -> tuple[np.ndarray, np.ndarray] | None:
    """Every outcome (positive count per class) and its p under ``test``, or ``None`` when too many.

    Grouped by the total number positive k, each test is exact conditional on k: the null probability of an
    outcome is Πᵢ C(nᵢ, xᵢ)/C(n, k). Fisher's p sums the outcomes no more probable than the observed one
    (Freeman–Halton, as :func:`jusolib.stats.crosstab.fisher_positive`); the trend test's p sums those whose
    T = Σ i·xᵢ is at least as far from its expectation (as :func:`jusolib.stats.exact.cochran_armitage_exact`).
    """
    from scipy.special import gammaln

    count = math.prod(s + 1 for s in sizes)
    if count > MAX_OUTCOMES:
        return None
    grids = np.meshgrid(*[np.arange(s + 1) for s in sizes], indexing="ij")
    outcomes = np.stack([g.ravel() for g in grids], axis=1)
    size_array = np.array(sizes)
    log_choose = (gammaln(size_array + 1) - gammaln(outcomes + 1) - gammaln(size_array - outcomes + 1)).sum(
        axis=1
    )
    totals = outcomes.sum(axis=1)
    n = int(size_array.sum())
    log_null = log_choose - (gammaln(n + 1) - gammaln(totals + 1) - gammaln(n - totals + 1))
    null = np.exp(log_null)
    scores = np.arange(len(sizes), dtype=float)
    trend = outcomes @ scores
    pvalues = np.ones(len(outcomes))
    for k in range(n + 1):
        members = np.flatnonzero(totals == k)
        if k in (0, n) or len(members) < 2:
            continue
        probabilities = null[members]
        if test == "fisher":
            distance = -log_null[members]  # less probable = further
            tolerance = 1e-7
        else:
            distance = np.abs(trend[members] - k / n * float(size_array @ scores))
            tolerance = 1e-9
        order = np.argsort(-distance, kind="stable")
        sorted_distance = distance[order]
        cumulative = np.cumsum(probabilities[order])
        # p of an outcome = the probability of every outcome at least as far (ties included)
        reach = np.searchsorted(-sorted_distance, -(sorted_distance - tolerance), side="right") - 1
        pvalues[members[order]] = np.minimum(1.0, cumulative[reach])
    outcomes.setflags(write=False)
    pvalues.setflags(write=False)
    return outcomes, pvalues


def class_test_power(
    sizes: Sequence[int], shares: Sequence[float], *, alpha: float, test: str = "fisher"
) -> float:
    """Exact power of the size-class test (``"fisher"`` or ``"trend"``) when class i's true share is shares[i].

    Power = Σ over every outcome (x₁ … x_r positive) of Πᵢ Bin(xᵢ; nᵢ, shares[i]) where the test's p < α.
    NaN when there are more than :data:`MAX_OUTCOMES` outcomes.

    Parameters
    ----------
    sizes
        Respondents per class, in the scheme's order.
    shares
        Each class's true share of positive answers (0–1).
    alpha
        The significance level the test is run at.
    test
        ``"fisher"`` (Fisher's exact test) or ``"trend"`` (the exact Cochran–Armitage test).

    Returns
    -------
    float
        The probability that the test's p is below ``alpha``.

    Examples
    --------
    >>> class_test_power((2, 2), (0.0, 1.0), alpha=0.5)  # always 0/2 against 2/2: Fisher p = 1/3 < 0.5
    1.0
    >>> class_test_power((2, 2), (0.5, 0.5), alpha=0.5)  # only 0/2 v 2/2 and 2/2 v 0/2 reject: 2·(1/4·1/4)
    0.125
    """
    if test not in TESTS:
        raise ValueError(f"unknown test {test!r}: expected one of {list(TESTS)}")
    table = _outcome_pvalues(tuple(int(s) for s in sizes), test)
    if table is None:
        return math.nan
    outcomes, pvalues = table
    from scipy.stats import binom

    rejecting = outcomes[pvalues < alpha]
    log_probability = np.zeros(len(rejecting))
    for i, (n, p) in enumerate(zip(sizes, shares, strict=True)):
        log_probability += binom.logpmf(np.arange(n + 1), n, p)[rejecting[:, i]]  # each count's once
    return float(np.exp(log_probability).sum())


def halves(count: int, difference: float, centre: float = CENTRE) -> list[float]:
    """The alternative of :func:`detectable_class_difference`: shares (0–1) of ``count`` classes, the first
    ⌊count/2⌋ at centre − d/2, the rest at centre + d/2 (percent in, proportions out).

    Parameters
    ----------
    count
        How many classes.
    difference
        The difference between the two halves, in points.
    centre
        The level (percent) the two halves sit around.

    Returns
    -------
    list of float
        Each class's share (0–1).

    Examples
    --------
    >>> halves(4, 30)
    [0.35, 0.35, 0.65, 0.65]
    """
    low, high = (centre - difference / 2) / 100, (centre + difference / 2) / 100
    return [round(low, 12)] * (count // 2) + [round(high, 12)] * (count - count // 2)


def detectable_class_difference(
    sizes: Sequence[int], *, alpha: float, test: str = "fisher", power: float = POWER
) -> int | None:
    """The smallest difference d (whole points, 1–100) between the two halves of the classes that the test finds
    with at least ``power``; ``None`` when even 100 points is not enough (or the classes are too few).

    Parameters
    ----------
    sizes
        Respondents per class, in the scheme's order (empty classes are left out).
    alpha
        The significance level.
    test
        ``"fisher"`` or ``"trend"``.
    power
        The power the difference must reach.

    Returns
    -------
    int or None
        The detectable difference in whole points, or ``None``.

    Examples
    --------
    >>> detectable_class_difference((1, 1), alpha=0.05) is None  # one respondent per class: never significant
    True
    """
    return _detectable_class(tuple(int(s) for s in sizes if s > 0), float(alpha), test, float(power))


@functools.lru_cache(maxsize=256)
def _detectable_class(sizes: tuple[int, ...], alpha: float, test: str, power: float) -> int | None:
    if len(sizes) < 2:
        return None
    return _smallest(lambda d: class_test_power(sizes, halves(len(sizes), d), alpha=alpha, test=test), power)


def paired_test_power(n: int, first_only: float, second_only: float, *, alpha: float) -> float:
    """Exact power of McNemar's mid-p test at ``n`` pairs, with these probabilities of the two discordant kinds.

    The discordant count m is Bin(n, ψ), ψ = first_only + second_only, and given m the second-only count is
    Bin(m, second_only/ψ); power = Σ P(m, b) over the (m, b) whose mid-p is below α.

    Parameters
    ----------
    n
        Pairs.
    first_only, second_only
        The probabilities that a pair is positive only on the first side, and only on the second.
    alpha
        The significance level.

    Returns
    -------
    float
        The probability that the mid-p is below ``alpha``.

    Examples
    --------
    >>> paired_test_power(4, 0.0, 1.0, alpha=0.2)  # every pair discordant the same way: mid-p 1/16 < 0.2
    1.0
    """
    from scipy.stats import binom

    discordant = first_only + second_only
    if n <= 0 or discordant <= 0:
        return 0.0
    rejecting = _rejecting(int(n), float(alpha))
    counts = np.arange(n + 1)
    given_m = binom.pmf(counts[None, :], counts[:, None], min(1.0, second_only / discordant))
    weights = binom.pmf(counts, n, min(1.0, discordant))
    return float((weights[:, None] * given_m * rejecting).sum())


@functools.lru_cache(maxsize=256)
def _rejecting(n: int, alpha: float) -> np.ndarray:
    """(m, b) → whether the mid-p of b of m discordant pairs is below α (b > m never happens)."""
    flags = np.zeros((n + 1, n + 1))
    for m in range(1, n + 1):
        for b in range(m + 1):
            flags[m, b] = _midp(b, m) < alpha
    flags.setflags(write=False)
    return flags


@functools.lru_cache(maxsize=4096)
def _midp(k: int, n: int) -> float:
    return midp_two_sided(k, n)


def detectable_paired_difference(n: int, *, alpha: float, power: float = POWER) -> int | None:
    """The smallest difference d (whole points) between two paired shares, at 50 ∓ d/2 % with unrelated answers,
    that McNemar's mid-p test finds with at least ``power`` at ``n`` pairs; ``None`` if even 100 is not enough.

    Parameters
    ----------
    n
        Pairs.
    alpha
        The significance level.
    power
        The power the difference must reach.

    Returns
    -------
    int or None
        The detectable difference in whole points, or ``None``.

    Examples
    --------
    >>> detectable_paired_difference(1, alpha=0.05) is None  # one pair: mid-p is at least ½
    True
    """
    return _detectable_paired(int(n), float(alpha), float(power))


@functools.lru_cache(maxsize=256)
def _detectable_paired(n: int, alpha: float, power: float) -> int | None:
    if n < 1:
        return None

    def achieved(d: float) -> float:
        low, high = (CENTRE - d / 2) / 100, (CENTRE + d / 2) / 100
        return paired_test_power(n, low * (1 - high), high * (1 - low), alpha=alpha)

    return _smallest(achieved, power)


def _smallest(power_at: Callable[[float], float], target: float) -> int | None:
    """The smallest whole difference 1–100 whose power reaches ``target`` (scanning up; power rises with d
    but not strictly for exact tests, so the first that reaches it is taken)."""
    for d in range(1, 101):
        value = power_at(d)
        if value >= target:
            return d
        if math.isnan(value):
            return None
    return None
