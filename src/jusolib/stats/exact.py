"""Exact conditional tests over contingency tables with fixed margins, by complete enumeration.

With the row sums (the classes' sizes) and the column sums (how often each answer was given) fixed, every way of
dealing the answers to the classes is equally likely when the classes do not differ: the probability of a table
is the multivariate hypergeometric

    P(table) = Πᵢ nᵢ! Πⱼ cⱼ! / (n! Πᵢⱼ nᵢⱼ!).

Every statistic used here is a **sum over the rows** of something that depends only on the row (Kruskal–Wallis's
Σ Rᵢ²/nᵢ, the linear-by-linear T = Σᵢ uᵢ Σⱼ vⱼ nᵢⱼ, Pearson's X² of an r×2 table). So its exact distribution is
built row by row (:func:`conditional_distribution`): the state after some rows is what is left of each column and
the statistic so far; states that agree on both are merged, their probabilities added. That is the network
algorithm's idea (Mehta & Patel 1983, *J Am Stat Assoc* 78:427–434) in its simplest form, and it is exact: each
p is a sum over every table, not a sample. When the number of states would exceed :data:`MAX_STATES`, nothing
is returned and the caller falls back to a seeded resampling test (and says so in the method).

* :func:`kruskal_wallis_exact` — Kruskal–Wallis H with midranks (ties corrected), exact p = P(H ≥ h);
* :func:`linear_by_linear_exact` — the exact conditional test of linear-by-linear association (Agresti,
  *Categorical Data Analysis*, 3rd ed., §3.4.6 and §3.5), two-sided p = P(|T − E T| ≥ |t − E T|);
  with two columns it is the exact Cochran–Armitage trend test (:func:`cochran_armitage_exact`);
* :func:`chi_squared_null` — the exact distribution of X² of an r×2 table (for the noise level of Cramér's V).

All p-values are the conventional exact p (the observed table's probability counted in full), not mid-p.

Examples
--------
>>> kruskal_wallis_exact([[1, 1, 0], [0, 0, 1]]).pvalue  # ranks 1, 2 | 3: H = 1.5, reached by 2 of 3 ways
0.666666666667
>>> cochran_armitage_exact([0, 0, 1], [1, 1, 1]).pvalue  # the positive in the last of three rows
0.666666666667
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

#: At most this many merged states after a row; beyond it a distribution is not enumerated (FY2025's largest
#: Kruskal–Wallis, 30 respondents in 4 classes × 4 answers, needs about 70,000).
MAX_STATES = 1_000_000
#: Statistics equal to this many decimals are the same value (ties in a discrete distribution are ties).
DECIMALS = 9
#: Relative tolerance when comparing a statistic with the observed one.
TOLERANCE = 1e-9


@dataclass(frozen=True)
class NullDistribution:
    """The exact distribution of a statistic when the classes do not differ: values and their probabilities.

    Examples
    --------
    >>> null = NullDistribution(np.array([0.0, 1.0, 2.0]), np.array([0.25, 0.5, 0.25]))
    >>> null.upper_tail(1.0), null.quantile(0.95), null.mean
    (0.75, 2.0, 1.0)
    """

    values: np.ndarray
    probabilities: np.ndarray

    @property
    def mean(self) -> float:
        """The expectation of the statistic."""
        return float((self.values * self.probabilities).sum())

    def _tolerance(self, observed: float) -> float:
        return TOLERANCE * max(1.0, abs(observed))

    def upper_tail(self, observed: float) -> float:
        """P(X ≥ observed), ties with the observed value counted in full.

        Parameters
        ----------
        observed
            The observed value of the statistic.

        Returns
        -------
        float
            The probability, rounded to 12 decimals.
        """
        reached = self.values >= observed - self._tolerance(observed)
        return _probability(self.probabilities[reached])

    def two_sided(self, observed: float) -> float:
        """P(|X − E X| ≥ |observed − E X|): both tails, as far from the expectation as what was observed.

        Parameters
        ----------
        observed
            The observed value of the statistic.

        Returns
        -------
        float
            The probability, rounded to 12 decimals.
        """
        centre = self.mean
        distance = abs(observed - centre)
        reached = np.abs(self.values - centre) >= distance - self._tolerance(distance)
        return _probability(self.probabilities[reached])

    def quantile(self, q: float) -> float:
        """The smallest value v with P(X ≤ v) ≥ q.

        Parameters
        ----------
        q
            The probability, 0–1.

        Returns
        -------
        float
            The quantile.

        Examples
        --------
        >>> NullDistribution(np.array([3.0, 1.0, 2.0]), np.array([0.5, 0.3, 0.2])).quantile(0.5)  # P(X ≤ 2) = 0.5
        2.0
        """
        order = np.argsort(self.values, kind="stable")
        cumulative = np.cumsum(self.probabilities[order])
        position = int(np.searchsorted(cumulative, q - 1e-12))
        return float(self.values[order][min(position, len(order) - 1)])

    def mapped(self, function: Callable[[np.ndarray], np.ndarray]) -> NullDistribution:
        """The distribution of ``function(X)``.

        Parameters
        ----------
        function
            A function of an array of values (e.g. H to η²_H), monotone or not.

        Returns
        -------
        NullDistribution
            The mapped values with the same probabilities.
        """
        return NullDistribution(np.asarray(function(self.values), dtype=float), self.probabilities)


def _probability(parts: np.ndarray) -> float:
    """A sum of probabilities as a p-value: at most 1, rounded to 12 decimals (the sums of exponentials carry
    rounding of about 1e-15, which must not show as 0.19999999999999996)."""
    return round(min(1.0, math.fsum(parts)), 12)


@functools.lru_cache(maxsize=512)
def _compositions(total: int, caps: tuple[int, ...]) -> np.ndarray:
    """Every vector x ≥ 0 with Σx = ``total`` and xⱼ ≤ ``caps[j]`` (one per row of the result)."""
    out: list[list[int]] = []

    def extend(j: int, left: int, head: list[int]) -> None:
        if j == len(caps) - 1:
            if left <= caps[j]:
                out.append([*head, left])
            return
        for x in range(min(left, caps[j]) + 1):
            extend(j + 1, left - x, [*head, x])

    extend(0, total, [])
    result = np.array(out, dtype=np.int64).reshape(-1, len(caps))
    result.setflags(write=False)
    return result


def _log_factorial(values: np.ndarray | int) -> np.ndarray:
    from scipy.special import gammaln

    return np.asarray(gammaln(np.asarray(values, dtype=float) + 1))


def conditional_distribution(
    rows: Sequence[int],
    columns: Sequence[int],
    contribution: Callable[[int, np.ndarray], np.ndarray],
    *,
    max_states: int = MAX_STATES,
) -> NullDistribution | None:
    """The exact distribution of Σᵢ ``contribution(i, row i)`` over every table with these margins.

    ``contribution(i, compositions)`` gives, for row ``i`` and an array of its possible contents (one per row of
    the array, one column per table column), the statistic's part from that row. ``None`` when more than
    ``max_states`` states would be needed.

    Parameters
    ----------
    rows
        The row sums (the classes' sizes).
    columns
        The column sums (how often each answer value was given).
    contribution
        The statistic's part from one row, for an array of that row's possible contents.
    max_states
        The most merged states a row may leave before the enumeration gives up.

    Returns
    -------
    NullDistribution or None
        The statistic's values and their probabilities under no difference, or ``None`` when too large.

    Examples
    --------
    >>> null = conditional_distribution([1, 1], [1, 1], lambda i, c: i * c[:, 0].astype(float))
    >>> sorted(zip(null.values.tolist(), null.probabilities.round(3).tolist()))  # row 1 gets the first column or not
    [(0.0, 0.5), (1.0, 0.5)]
    """
    caps = tuple(int(c) for c in columns)
    sizes = [int(r) for r in rows]
    n = sum(caps)
    if sum(sizes) != n:
        raise ValueError(f"row sums {sizes} and column sums {list(caps)} differ in total")
    column_array = np.array(caps, dtype=np.int64)
    radix = np.cumprod(np.r_[1, column_array[:-1] + 1]).astype(np.int64)
    order = sorted(range(len(sizes)), key=lambda i: sizes[i])  # the largest row last: it is determined
    remaining = column_array[None, :].copy()
    statistic = np.zeros(1)
    log_weight = np.zeros(1)
    for step, i in enumerate(order):
        if step == len(order) - 1:  # the last row takes what is left
            statistic = statistic + contribution(i, remaining)
            log_weight = log_weight + _log_factorial(sizes[i]) - _log_factorial(remaining).sum(axis=1)
            break
        options = _compositions(sizes[i], caps)
        option_weight = _log_factorial(sizes[i]) - _log_factorial(options).sum(axis=1)
        option_statistic = contribution(i, options)
        parts = []
        for k in range(len(options)):
            left = remaining - options[k]
            fits = (left >= 0).all(axis=1)
            if fits.any():
                parts.append(
                    (left[fits], statistic[fits] + option_statistic[k], log_weight[fits] + option_weight[k])
                )
        remaining = np.concatenate([p[0] for p in parts])
        statistic = np.concatenate([p[1] for p in parts])
        log_weight = np.concatenate([p[2] for p in parts])
        if len(remaining) > 4 * max_states:
            return None
        remaining, statistic, log_weight = _merge(remaining, statistic, log_weight, radix)
        if len(remaining) > max_states:
            return None
    log_weight = log_weight + _log_factorial(column_array).sum() - _log_factorial(n)
    return NullDistribution(statistic, np.exp(log_weight))


def _merge(
    remaining: np.ndarray, statistic: np.ndarray, log_weight: np.ndarray, radix: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """States with the same columns left and the same statistic (to :data:`DECIMALS`) merged, weights added."""
    code = remaining @ radix
    key = np.round(statistic * 10**DECIMALS).astype(np.int64)
    order = np.lexsort((key, code))
    code, key = code[order], key[order]
    starts = np.flatnonzero(np.r_[True, (code[1:] != code[:-1]) | (key[1:] != key[:-1])])
    weights = log_weight[order]
    top = np.maximum.reduceat(weights, starts)
    lengths = np.diff(np.r_[starts, len(weights)])
    summed = np.add.reduceat(np.exp(weights - np.repeat(top, lengths)), starts)
    return remaining[order][starts], statistic[order][starts], top + np.log(summed)


@dataclass(frozen=True)
class ExactTest:
    """An exact conditional test: statistic, p, the method in words and the statistic's null distribution."""

    statistic: float
    pvalue: float
    method: str
    null: NullDistribution | None = None


def _table(table: ArrayLike) -> np.ndarray:
    counts = np.asarray(table, dtype=np.int64)
    if counts.ndim != 2 or (counts < 0).any():
        raise ValueError(f"expected a two-way table of non-negative counts, got {counts.tolist()}")
    return counts


def midranks(columns: Sequence[int]) -> np.ndarray:
    """The midrank of each ordered answer value given how many gave it (ties share the mean position).

    Parameters
    ----------
    columns
        How many respondents gave each answer value, in the values' order.

    Returns
    -------
    ndarray
        The midrank of each value.

    Examples
    --------
    >>> midranks([2, 1, 3]).tolist()  # positions 1–2, 3, 4–6
    [1.5, 3.0, 5.0]
    """
    counts = np.asarray(columns, dtype=float)
    return np.cumsum(counts) - (counts - 1) / 2


def kruskal_wallis_exact(table: ArrayLike, *, max_states: int = MAX_STATES) -> ExactTest | None:
    """Kruskal–Wallis H of a classes × ordered answer values table, with its exact p (``None`` if too large).

    Answers of equal value share their midrank; H = [12/(n(n+1)) Σ Rᵢ²/nᵢ − 3(n+1)] / C with the tie correction
    C = 1 − Σ(cⱼ³ − cⱼ)/(n³ − n). p = P(H ≥ h) over every table with the same class sizes and answer counts.
    Empty classes and answer values nobody gave are dropped first.

    Parameters
    ----------
    table
        Counts: one row per class, one column per answer value in ascending order.
    max_states
        The most merged states the enumeration may keep (:func:`conditional_distribution`).

    Returns
    -------
    ExactTest or None
        H, its exact p, the method and H's null distribution; ``None`` when too large to enumerate.

    Examples
    --------
    >>> result = kruskal_wallis_exact([[1, 1, 0, 0, 0, 0], [0, 0, 1, 1, 0, 0], [0, 0, 0, 0, 1, 1]])
    >>> round(result.statistic, 4), round(result.pvalue, 4)  # (2,2,2), ranks 1–2 | 3–4 | 5–6: 6/90
    (4.5714, 0.0667)
    """
    counts = _table(table)
    counts = counts[counts.sum(axis=1) > 0][:, counts.sum(axis=0) > 0]
    if counts.shape[0] < 2 or counts.shape[1] < 2:
        return ExactTest(math.nan, 1.0, "Kruskal–Wallis (no variation to test)")
    rows, columns = counts.sum(axis=1), counts.sum(axis=0)
    n = int(rows.sum())
    ranks = midranks(columns.tolist())
    correction = 1 - float((columns.astype(float) ** 3 - columns).sum()) / (n**3 - n)

    def h_of(sum_of_squares: np.ndarray) -> np.ndarray:
        return (12 / (n * (n + 1)) * sum_of_squares - 3 * (n + 1)) / correction

    null = conditional_distribution(
        rows.tolist(),
        columns.tolist(),
        lambda i, c: (c @ ranks) ** 2 / rows[i],
        max_states=max_states,
    )
    if null is None:
        return None
    observed = float(h_of(np.array([((counts @ ranks) ** 2 / rows).sum()]))[0])
    h_null = null.mapped(h_of)
    return ExactTest(
        observed,
        h_null.upper_tail(observed),
        "Kruskal–Wallis, exact p (complete enumeration)",
        h_null,
    )


def linear_by_linear_exact(
    table: ArrayLike,
    row_scores: Sequence[float] | None = None,
    column_scores: Sequence[float] | None = None,
    *,
    max_states: int = MAX_STATES,
) -> ExactTest | None:
    """The exact conditional test of linear-by-linear association of an ordered r×c table (``None`` if too large).

    T = Σᵢⱼ uᵢ vⱼ nᵢⱼ with row scores u (default 0, 1, 2 …: equally spaced classes) and column scores v (default
    0, 1, 2 …). Conditional on both margins, p = P(|T − E T| ≥ |t − E T|) (Agresti, *Categorical Data Analysis*:
    the exact version of the M² = (n − 1)r² test). The statistic returned is M² = (n − 1)r², with r the
    Pearson correlation of the scores over the n respondents.

    Rows or columns with nobody are dropped with their scores.

    Parameters
    ----------
    table
        Counts: one row per ordered class, one column per ordered answer value.
    row_scores
        The classes' scores (default 0, 1, 2 …).
    column_scores
        The answer values' scores (default 0, 1, 2 …).
    max_states
        The most merged states the enumeration may keep (:func:`conditional_distribution`).

    Returns
    -------
    ExactTest or None
        M², the exact two-sided p, the method and T's null distribution; ``None`` when too large.

    Examples
    --------
    >>> result = linear_by_linear_exact([[1, 0], [0, 1]], column_scores=[1, 0])  # 2×2: Fisher's test
    >>> result.pvalue, float(result.statistic)
    (1.0, 1.0)
    """
    counts = _table(table)
    r, c = counts.shape
    u = np.arange(r, dtype=float) if row_scores is None else np.asarray(row_scores, dtype=float)
    v = np.arange(c, dtype=float) if column_scores is None else np.asarray(column_scores, dtype=float)
    kept_rows, kept_columns = counts.sum(axis=1) > 0, counts.sum(axis=0) > 0
    counts, u, v = counts[kept_rows][:, kept_columns], u[kept_rows], v[kept_columns]
    if counts.shape[0] < 2 or counts.shape[1] < 2 or len(set(u)) < 2 or len(set(v)) < 2:
        return ExactTest(math.nan, 1.0, "linear-by-linear (no variation to test)")
    rows, columns = counts.sum(axis=1), counts.sum(axis=0)
    n = int(rows.sum())
    null = conditional_distribution(
        rows.tolist(), columns.tolist(), lambda i, part: u[i] * (part @ v), max_states=max_states
    )
    if null is None:
        return None
    observed = float(u @ counts @ v)
    mean_u, mean_v = (rows @ u) / n, (columns @ v) / n
    covariance = observed / n - mean_u * mean_v
    spread = math.sqrt(((rows @ u**2) / n - mean_u**2) * ((columns @ v**2) / n - mean_v**2))
    m2 = float((n - 1) * (covariance / spread) ** 2)
    return ExactTest(m2, null.two_sided(observed), "linear-by-linear association, exact p", null)


def cochran_armitage_exact(
    positive: Sequence[int], sizes: Sequence[int], scores: Sequence[float] | None = None
) -> ExactTest:
    """The exact Cochran–Armitage test for a trend in shares across ordered classes (two-sided).

    ``positive[i]`` of ``sizes[i]`` in class i, classes scored ``scores`` (default 0, 1, 2 …). It is
    :func:`linear_by_linear_exact` of the classes × (positive, not) table: T = Σ uᵢ xᵢ given the total positive.

    Parameters
    ----------
    positive
        Positive answers per class, in the classes' order.
    sizes
        Respondents per class (the base).
    scores
        The classes' scores (default 0, 1, 2 …).

    Returns
    -------
    ExactTest
        M², the exact two-sided p, the method and the null distribution of T.

    Examples
    --------
    >>> cochran_armitage_exact([0, 1, 2], [2, 2, 2]).pvalue  # T = 5, E T = 3: T ≥ 5 or T ≤ 1, 4 of the 20 ways
    0.2
    """
    x = np.asarray(positive, dtype=np.int64)
    table = np.column_stack([x, np.asarray(sizes, dtype=np.int64) - x])
    result = linear_by_linear_exact(table, scores, [1.0, 0.0])
    assert result is not None  # an r×2 table has at most (k + 1) × (values of T) states
    method = result.method.replace("linear-by-linear association", "Cochran–Armitage trend")
    return ExactTest(result.statistic, result.pvalue, method, result.null)


def chi_squared_null(sizes: Sequence[int], positives: int) -> NullDistribution | None:
    """The exact distribution of Pearson's X² of an r×2 table with these class ``sizes`` and ``positives`` in all.

    Parameters
    ----------
    sizes
        Respondents per class.
    positives
        Positive answers in all.

    Returns
    -------
    NullDistribution or None
        X²'s values and probabilities; ``None`` without variation (every or no answer positive) or when too large.

    Examples
    --------
    >>> null = chi_squared_null([1, 1], 1)  # the positive in one class or the other: X² = 2 either way
    >>> null.values.tolist(), null.probabilities.round(3).tolist()
    ([2.0], [1.0])
    """
    n = int(sum(sizes))
    if positives in (0, n):
        return None
    share = positives / n
    rows = np.asarray(sizes, dtype=float)

    def part(i: int, cells: np.ndarray) -> np.ndarray:
        expected_positive, expected_negative = rows[i] * share, rows[i] * (1 - share)
        return (cells[:, 0] - expected_positive) ** 2 / expected_positive + (
            cells[:, 1] - expected_negative
        ) ** 2 / expected_negative

    null = conditional_distribution([int(s) for s in sizes], [positives, n - positives], part)
    if null is None:
        return None
    merged: dict[float, float] = {}
    for value, probability in zip(np.round(null.values, DECIMALS), null.probabilities, strict=True):
        merged[float(value)] = merged.get(float(value), 0.0) + float(probability)
    return NullDistribution(np.array(list(merged)), np.array(list(merged.values())))
