"""Cross-tabs of items and indices by a classification, with tests fit for 23 respondents.

* :func:`crosstab` — counts and percentages per answer for each class and 全体, n in every cell, both bases,
  参考値 for bases under 10.
* :func:`fisher_positive` — Fisher's exact test on positive vs not × class (Freeman–Halton for r×2 tables,
  by complete enumeration; seeded Monte Carlo only when there are too many tables to enumerate).
* :func:`kruskal_permutation` — Kruskal–Wallis H on the ordinal answer score, p by seeded permutation (the
  fallback when the exact distribution, :mod:`jusolib.stats.exact`, is too large to enumerate).
* :func:`compare_classes` — the tests of every item of a section on the 無回答を除く base (for an ordered scheme
  the exact trend test first), effect sizes with their small-sample bias corrected (Bergsma's V, η²_H) beside
  the 95th percentile of what noise alone gives, and Holm adjustment across the section's items;
  :func:`holm_levels` gives the level at which Holm decides each item, for intervals on the same basis.

The sentences that describe a difference are written in :mod:`jusolib.analysis.sentences`.

Examples
--------
>>> fisher_positive([[2, 0], [0, 2], [1, 1]]).pvalue  # worked by hand in tests/unit/stats/test_crosstab.py
0.6
>>> holm([0.01, 0.04, 0.03])
[0.03, 0.06, 0.06]
"""

from __future__ import annotations

import functools
import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from jusolib.core.docstrings import shared_parameters
from jusolib.core.errors import ParameterError, check_choice
from jusolib.core.formatting import (
    SMALL_BASE,
)
from jusolib.stats.effect_size import (
    cramers_v,
    cramers_v_corrected,
    cramers_v_corrected_rows,
    epsilon_squared,
    epsilon_squared_corrected,
)
from jusolib.stats.exact import (
    ExactTest,
    NullDistribution,
    chi_squared_null,
    cochran_armitage_exact,
    kruskal_wallis_exact,
    linear_by_linear_exact,
)
from jusolib.stats.score import (
    BASES,
    _by_item,
    answer_distribution,
    answer_scores,
    check_columns,
    codebook_for,
    positive_share,
)
from jusolib.survey.codebook import Codebook

#: Seed of every resampling test, so that rendered reports are reproducible.
DEFAULT_SEED = 20241210
N_RESAMPLES = 9_999
#: Fisher's test enumerates every table when there are at most this many; otherwise seeded Monte Carlo.
MAX_ENUMERATED_TABLES = 200_000
TOTAL = "全体"
ALPHA = 0.05
#: What noise alone reaches is shown as this percentile of an effect size when the classes do not differ.
NOISE_QUANTILE = 0.95


@dataclass(frozen=True)
class HypothesisTest:
    """A test's outcome: statistic, p-value, and in words how p was obtained."""

    statistic: float
    pvalue: float
    method: str


@shared_parameters
def crosstab(
    data: pd.DataFrame,
    *,
    item: str | Sequence[str],
    by: str,
    codebook: Codebook | None = None,
) -> pd.DataFrame:
    """Answer distribution of an item (or several) for each class of ``by`` and for 全体 (all respondents).

    Parameters
    ----------
    data
        Tidy responses with ``fiscal_year``, ``item_id``, ``answer`` and the ``by`` column.
    item
        One item or several, by id (``"out_hubs"``) or question number (「問1-2」).
    by
        The column of ``data`` whose classes are compared (e.g. the size class a scheme adds); a categorical
        column keeps its categories' order, others are sorted.

    Returns
    -------
    DataFrame
        One row per item × class (全体 first) × answer: ``item_id``, ``class``, ``answer``, ``count``,
        ``n_all``, ``n_valid``, ``pct_all``, ``pct_valid`` (as :func:`jusolib.stats.score.answer_distribution`)
        and ``small_base`` (base under :data:`~jusolib.core.formatting.SMALL_BASE`, 10: 参考値). Empty classes
        are kept with n=0.

    Examples
    --------
    >>> data = pd.DataFrame({"fiscal_year": 2024, "item_id": "out_hubs", "size": ["大", "大", "小"],
    ...                      "answer": ["あてはまる", "あてはまらない", "あてはまる"]})
    >>> table = crosstab(data, item="out_hubs", by="size")
    >>> table[table["answer"] == "あてはまる"][["class", "count", "n_all", "pct_all"]].values.tolist()
    [['全体', 2, 3, 66.7], ['大', 1, 2, 50.0], ['小', 1, 1, 100.0]]
    """
    codebook = codebook_for(data, codebook)
    check_columns(data, ["item_id", "answer", by])
    total = answer_distribution(data, item=item, codebook=codebook).assign(**{"class": TOTAL})
    parts = answer_distribution(data, item=item, by=by, codebook=codebook).rename(columns={by: "class"})
    classes = (
        list(data[by].cat.categories)
        if isinstance(data[by].dtype, pd.CategoricalDtype)
        else sorted(data[by].dropna().unique())
    )
    out = pd.concat([total, parts], ignore_index=True)
    out["class"] = pd.Categorical(
        out["class"].astype(str), categories=[TOTAL, *map(str, classes)], ordered=True
    )
    out["small_base"] = out["n_all"] < SMALL_BASE
    return out[
        ["item_id", "class", "answer", "count", "n_all", "n_valid", "pct_all", "pct_valid", "small_base"]
    ]


# -- tests ---------------------------------------------------------------------------------------------------
def _log_choose(n: int, k: int) -> float:
    return math.lgamma(n + 1) - math.lgamma(k + 1) - math.lgamma(n - k + 1)


def _count_tables(rows: Sequence[int], k: int) -> int:
    """Number of r×2 tables with these row sums and ``k`` in the first column (dynamic programming)."""
    ways = np.zeros(k + 1, dtype=object)
    ways[0] = 1
    for n in rows:
        new = np.zeros(k + 1, dtype=object)
        for taken in range(k + 1):
            if ways[taken]:
                for x in range(min(n, k - taken) + 1):
                    new[taken + x] += ways[taken]
        ways = new
    return int(ways[k])


@shared_parameters
def fisher_positive(table: ArrayLike, *, seed: int = DEFAULT_SEED) -> HypothesisTest:
    """Fisher's exact test of an r×2 table (rows: classes; columns: positive, not positive).

    The two-sided p (Freeman–Halton) is the probability, with row and column sums fixed, of every table no
    more probable than the observed one. It is computed by enumerating all tables; if there are more than
    :data:`MAX_ENUMERATED_TABLES` (large surveys), scipy's Monte Carlo with a fixed seed is used instead.
    Rows with no respondents are dropped; a table with one row or an empty column has p = 1.

    Parameters
    ----------
    table
        An r×2 table of non-negative counts: one row per class, columns (positive, not positive).

    Returns
    -------
    HypothesisTest
        The probability of the observed table as the statistic, the two-sided p (rounded to 12 decimals when
        enumerated) and the method in words (how many tables were enumerated, or the Monte Carlo's size and
        seed).

    Raises
    ------
    ParameterError
        For anything but an r×2 table of non-negative counts.

    Examples
    --------
    >>> round(fisher_positive([[3, 1], [1, 3]]).pvalue, 4)  # Fisher's tea-tasting table
    0.4857
    """
    counts = np.asarray(table, dtype=int)
    if counts.ndim != 2 or counts.shape[1] != 2 or (counts < 0).any():
        raise ParameterError(f"expected an r×2 table of non-negative counts, got {counts.tolist()}")
    counts = counts[counts.sum(axis=1) > 0]
    rows, k = counts.sum(axis=1), int(counts[:, 0].sum())
    n = int(rows.sum())
    if len(rows) < 2 or k in (0, n):
        return HypothesisTest(math.nan, 1.0, "Fisher exact (no variation to test)")
    log_total = _log_choose(n, k)

    def log_p(column: Sequence[int]) -> float:
        return sum(_log_choose(int(r), int(x)) for r, x in zip(rows, column, strict=True)) - log_total

    observed = log_p(counts[:, 0])
    tables = _count_tables(rows.tolist(), k)
    if tables > MAX_ENUMERATED_TABLES:
        from scipy import stats

        result = stats.fisher_exact(
            counts, method=stats.MonteCarloMethod(n_resamples=N_RESAMPLES, rng=np.random.default_rng(seed))
        )
        return HypothesisTest(
            math.exp(observed),
            float(result.pvalue),
            f"Fisher exact, Monte Carlo ({N_RESAMPLES:,} tables, seed {seed})",
        )
    terms = []
    ranges = [range(min(int(r), k) + 1) for r in rows[:-1]]
    for head in itertools.product(*ranges):
        last = k - sum(head)
        if 0 <= last <= rows[-1]:
            value = log_p([*head, last])
            if value <= observed + 1e-9:
                terms.append(math.exp(value))
    p = round(min(1.0, math.fsum(terms)), 12)
    return HypothesisTest(math.exp(observed), p, f"Fisher exact (all {tables:,} tables enumerated)")


def kruskal_permutation(groups: Sequence[Sequence[float]], *, seed: int = DEFAULT_SEED) -> HypothesisTest:
    """Kruskal–Wallis H (ties corrected) with a permutation p-value (seeded, so reproducible).

    Group labels are shuffled over the pooled midranks (which, like the tie correction, do not change under
    permutation); p = (1 + #{H* ≥ H}) / (1 + resamples), with :data:`N_RESAMPLES` resamples (Phipson & Smyth
    2010, *Stat Appl Genet Mol Biol* 9:39: a permutation p is never 0). Groups of a single respondent are
    allowed. The reports use the exact test (:func:`jusolib.stats.exact.kruskal_wallis_exact`) where the
    enumeration is small enough, this one beyond it.

    Parameters
    ----------
    groups
        The values of each class (e.g. answer scores); NaN is left out, and so are empty groups.
    seed
        Seed of the permutations: the same groups and seed give the same p.

    Returns
    -------
    HypothesisTest
        H (tie-corrected), the permutation p and the method in words; H NaN and p = 1 when fewer than two
        groups or a single distinct value remain.

    Examples
    --------
    >>> result = kruskal_permutation([[1, 2, 3], [4, 5, 6]])
    >>> round(result.statistic, 4), result.pvalue < 0.2
    (3.8571, True)
    """
    return _kruskal(groups, seed)[0]


def _kruskal(groups: Sequence[Sequence[float]], seed: int) -> tuple[HypothesisTest, np.ndarray]:
    """The Kruskal–Wallis test and H of every permutation (empty when there is no variation to test)."""
    samples = [np.asarray(g, dtype=float) for g in groups]
    samples = [s[~np.isnan(s)] for s in samples]
    samples = [s for s in samples if len(s)]
    pooled = np.concatenate(samples) if samples else np.array([])
    if len(samples) < 2 or len(np.unique(pooled)) < 2:
        return HypothesisTest(math.nan, 1.0, "Kruskal–Wallis (no variation to test)"), np.array([])
    n = len(pooled)
    ranks = pd.Series(pooled).rank(method="average").to_numpy()  # midranks, as scipy's rankdata
    _, tie_counts = np.unique(pooled, return_counts=True)
    correction = 1 - float((tie_counts**3 - tie_counts).sum()) / (n**3 - n)
    sizes = np.array([len(s) for s in samples])
    count = len(samples)
    labels = np.repeat(np.arange(count), sizes)

    def statistic(label_rows: np.ndarray) -> np.ndarray:
        rows = label_rows.reshape(-1, n)
        flat = (rows + count * np.arange(len(rows))[:, None]).ravel()
        sums = np.bincount(flat, weights=np.tile(ranks, len(rows)), minlength=count * len(rows))
        sums = sums.reshape(len(rows), count)
        h = 12 / (n * (n + 1)) * (sums**2 / sizes).sum(axis=-1) - 3 * (n + 1)
        return h / correction

    observed = float(statistic(labels)[0])
    null = statistic(labels[_permutations(n, seed)])
    exceed = int((null >= observed - 1e-9).sum())
    p = (1 + exceed) / (1 + N_RESAMPLES)
    test = HypothesisTest(
        observed, p, f"Kruskal–Wallis, permutation p ({N_RESAMPLES:,} resamples, seed {seed})"
    )
    return test, null


@functools.lru_cache(maxsize=8)
def _permutations(n: int, seed: int) -> np.ndarray:
    """:data:`N_RESAMPLES` seeded shuffles of positions 0…n-1, one per row (shared by every test of size n).

    Shuffling positions and then indexing the labels gives exactly the shuffles ``rng.permuted`` would give
    the labels themselves, so p-values do not depend on the cache.
    """
    rng = np.random.default_rng(seed)
    order = rng.permuted(np.tile(np.arange(n), (N_RESAMPLES, 1)), axis=1)
    order.setflags(write=False)
    return order


def holm(pvalues: Sequence[float]) -> list[float]:
    """Holm's step-down adjustment (family-wise error), in the input order. NaN stays NaN.

    Holm (1979, *Scand J Stat* 6:65–70): the i-th smallest of m p-values is multiplied by m − i + 1, and each
    adjusted p is at least the one before it (capped at 1). It controls the chance of any false finding in the
    family under any dependence between the tests.

    Parameters
    ----------
    pvalues
        The unadjusted p-values of one family (e.g. the items of a section); NaN for an item not tested, which
        does not count in m.

    Returns
    -------
    list of float
        The adjusted p-values in the input order, rounded to 12 decimals.

    Examples
    --------
    >>> holm([0.01, 0.02, 0.03, 0.04])  # 0.04, 0.06, 0.06, 0.06
    [0.04, 0.06, 0.06, 0.06]
    """
    values = [float(p) for p in pvalues]
    order = sorted((p, i) for i, p in enumerate(values) if not math.isnan(p))
    m = len(order)
    adjusted = list(values)
    running = 0.0
    for rank, (p, i) in enumerate(order):
        running = max(running, min(1.0, (m - rank) * p))
        adjusted[i] = round(running, 12)
    return adjusted


def holm_levels(pvalues: Sequence[float], alpha: float = ALPHA) -> list[float]:
    """The significance level at which Holm's method decides each hypothesis, in the input order (NaN stays NaN).

    Holm's step-down tests the smallest p at α/m, the next at α/(m − 1) …, and stops at the first that is not
    below its level; every hypothesis from there on is decided at that stopping level. An interval computed at
    confidence 1 − (this level) is therefore on the same basis as the Holm-adjusted verdict: with a test whose
    interval it inverts, the interval excludes 0 exactly when the adjusted p is below α. For the hypotheses Holm
    does not reject, these are the simultaneous intervals at level 1 − α/|J| of Strassburger & Bretz (2008,
    *Stat Med* 27:4914–4927) and Guilbaud (2008, *Biom J* 50:678–692); for the rejected ones they are the
    step at which each was rejected (compatible with the verdict, not a simultaneous statement).

    Parameters
    ----------
    pvalues
        The unadjusted p-values of one family (NaN for an item not tested).
    alpha
        The family-wise significance level.

    Returns
    -------
    list of float
        The level each hypothesis is decided at, in the input order.

    Examples
    --------
    >>> holm_levels([0.001, 0.04, 0.03])  # 0.001 < 0.05/3 rejects; 0.03 ≥ 0.05/2 stops: the rest at 0.025
    [0.016666666666666666, 0.025, 0.025]
    >>> holm_levels([0.2, float("nan")])
    [0.05, nan]
    """
    values = [float(p) for p in pvalues]
    order = sorted((p, i) for i, p in enumerate(values) if not math.isnan(p))
    m = len(order)
    levels = [math.nan] * len(values)
    stopped: float | None = None
    for rank, (p, i) in enumerate(order):
        level = alpha / (m - rank)
        if stopped is None and not p < level:
            stopped = level
        levels[i] = level if stopped is None else stopped
    return levels


#: Verdicts of a Holm-adjusted comparison read together with its interval at the Holm level (:func:`holm_verdict`).
SIGNIFICANT = "significant"
NOT_SIGNIFICANT = "not significant"
METHODS_DISAGREE = "test and interval disagree"


def holm_verdict(p_holm: float, low: float, high: float, alpha: float = ALPHA) -> str:
    """The verdict on a difference from its Holm-adjusted p and its interval at the Holm level (:func:`holm_levels`).

    ``"significant"`` when p < α and the interval excludes 0, ``"not significant"`` when neither, and
    ``"test and interval disagree"`` when the two methods fall on different sides (a test and an interval
    computed differently, e.g. McNemar's mid-p and Newcombe's interval, can near the boundary); ``""`` when
    there is nothing to test. Nothing is called significant unless the interval beside it says so too.

    Parameters
    ----------
    p_holm
        The Holm-adjusted p.
    low, high
        The interval's limits at the level Holm decides the item at.
    alpha
        The significance level.

    Returns
    -------
    str
        :data:`SIGNIFICANT`, :data:`NOT_SIGNIFICANT`, :data:`METHODS_DISAGREE` or ``""``.

    Examples
    --------
    >>> holm_verdict(0.01, 2.0, 30.0), holm_verdict(0.3, -5.0, 20.0), holm_verdict(0.04, -1.0, 20.0)
    ('significant', 'not significant', 'test and interval disagree')
    """
    if any(math.isnan(v) for v in (p_holm, low, high)):
        return ""
    tested = p_holm < alpha
    excludes = low > 0 or high < 0
    if tested and excludes:
        return SIGNIFICANT
    if not tested and not excludes:
        return NOT_SIGNIFICANT
    return METHODS_DISAGREE


@shared_parameters
def compare_classes(
    data: pd.DataFrame,
    *,
    by: str,
    item: str | Sequence[str] | None = None,
    codebook: Codebook | None = None,
    seed: int = DEFAULT_SEED,
    shares: pd.DataFrame | None = None,
    base: str = "valid",
    order: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Test, for each item, whether the classes of ``by`` differ; Holm-adjust across the items given.

    Tests per item, all on the respondents who answered it (``base="valid"``, 無回答を除く, the default:
    counting 無回答 as "not positive" would make a class with more blanks look less positive):

    * on the positive share: Fisher's exact test (positive or not × class); with ``order`` (the classes of an
      ordered scheme, in order) also the exact Cochran–Armitage trend test, classes scored 0, 1, 2 … — the
      **primary** test then, since a trend has one direction to look in and more power (Agresti);
    * on the answer score (無回答 has no score): Kruskal–Wallis, exact by enumeration
      (:func:`jusolib.stats.exact.kruskal_wallis_exact`) or, beyond :data:`jusolib.stats.exact.MAX_STATES`,
      by seeded permutation (the method says which); with ``order`` also the exact linear-by-linear test.

    ``base="all"`` counts 無回答 as not positive in the share tests. ``shares`` may pass
    :func:`jusolib.stats.score.positive_share` of the same data by ``by`` on the same base when computed.

    Effect sizes come with their small-sample bias corrected (:mod:`jusolib.stats.effect_size`) and beside
    what noise alone reaches: the 95th percentile of the corrected value when the classes do not differ, from
    the exact null distribution (or the permutations when that is too large).

    Parameters
    ----------
    data
        Tidy responses with ``fiscal_year``, ``item_id``, ``answer`` and the ``by`` column.
    by
        The column of ``data`` whose classes are compared (e.g. the size class a scheme adds).
    shares
        :func:`jusolib.stats.score.positive_share` of the same data by ``by`` on the same ``base``, when
        already computed (it also decides which items are tested); ``None`` to compute it.
    base
        ``"valid"`` (無回答を除く, the default) or ``"all"`` (無回答を含む: 無回答 counts as not positive in the
        share tests; the score tests always leave it out).
    order
        The classes of an ordered scheme, in order (they are scored 0, 1, 2 … for the trend tests); classes
        not in it are left out of the trend tests. ``None`` for an unordered scheme: no trend tests, Fisher's
        test is primary.

    Returns
    -------
    DataFrame
        ``item_id``, ``n`` (the base of the share tests), ``n_classes`` (classes with respondents),
        ``min_class_n``, ``primary_test`` (``"trend"`` or ``"fisher"``), ``primary_p``, ``primary_p_holm``,
        ``fisher_p``, ``fisher_p_holm``, ``trend_p``, ``trend_p_holm``, ``cramers_v``, ``cramers_v_corrected``,
        ``cramers_v_noise95``, ``kruskal_h``, ``kruskal_p``, ``kruskal_p_holm``, ``score_trend_p``,
        ``score_trend_p_holm``, ``epsilon_squared`` (H/(n − 1)), ``eta_squared_h`` ((H − k + 1)/(n − k)),
        ``eta_squared_h_noise95``, ``base``, ``fisher_method``, ``trend_method``, ``kruskal_method``. The trend
        columns are NaN without ``order``. The Holm adjustment runs over the rows returned (the items of
        ``item``, or of ``shares``). An item that fewer than two classes answered (nobody, or one class only) is
        not tested: its p and effect sizes are NaN, its methods empty, and Holm leaves it out of the family.

    Examples
    --------
    >>> data = pd.DataFrame({"fiscal_year": 2024, "item_id": "out_hubs", "size": ["大", "大", "小", "小"],
    ...                      "answer": ["あてはまる", "あてはまる", "あてはまらない", "あてはまらない"]})
    >>> row = compare_classes(data, by="size").iloc[0]  # 2 of 2 against 0 of 2: P = 1/6, and 1/6 its mirror
    >>> row["primary_test"], round(float(row["fisher_p"]), 4), int(row["n"])
    ('fisher', 0.3333, 4)
    """
    check_choice("base", base, list(BASES))
    codebook = codebook_for(data, codebook)
    check_columns(data, ["item_id", "answer", by])
    if shares is None:
        shares = positive_share(data, item=item, by=by, codebook=codebook, base=base)
    tested = list(dict.fromkeys(shares["item_id"]))
    scored = _by_item(answer_scores(data[data["item_id"].isin(tested)], codebook=codebook), tested)
    position = {str(c): k for k, c in enumerate(order)} if order else {}
    rows = []
    for item_id, part in shares.groupby("item_id", sort=False):
        part = part[part["n"] > 0]
        if len(part) < 2:  # fewer than two classes answered: nothing to compare, no test (p NaN, not 1)
            rows.append(_untested(item_id, part, BASES[base]))
            continue
        table = np.column_stack([part["positive"], part["n"] - part["positive"]])
        fisher = fisher_positive(table, seed=seed)
        subset = scored[item_id]
        answered = subset[subset["score"].notna()]
        score_table = pd.crosstab(answered[by].astype(str), answered["score"]).sort_index(axis=1)
        kruskal, null_h = _kruskal_table(score_table, seed)
        n_valid = int(score_table.to_numpy().sum())
        k = int((score_table.sum(axis=1) > 0).sum())
        trend, score_trend = _trend_tests(part, by, position, score_table)
        sizes = tuple(int(v) for v in part["n"])
        rows.append(
            {
                "item_id": item_id,
                "n": int(part["n"].sum()),
                "n_classes": len(part),
                "min_class_n": int(part["n"].min()) if len(part) else 0,
                "fisher_p": fisher.pvalue,
                "trend_p": trend.pvalue if trend else math.nan,
                "cramers_v": cramers_v(table),
                "cramers_v_corrected": cramers_v_corrected(table),
                "cramers_v_noise95": _v_noise(sizes, int(part["positive"].sum()), seed),
                "kruskal_h": kruskal.statistic,
                "kruskal_p": kruskal.pvalue,
                "score_trend_p": score_trend.pvalue if score_trend else math.nan,
                "epsilon_squared": epsilon_squared(kruskal.statistic, n_valid),
                "eta_squared_h": epsilon_squared_corrected(kruskal.statistic, n_valid, k),
                "eta_squared_h_noise95": _eta_noise(null_h, n_valid, k),
                "base": BASES[base],
                "fisher_method": fisher.method,
                "trend_method": trend.method if trend else "",
                "kruskal_method": kruskal.method,
            }
        )
    out = pd.DataFrame(rows)
    if len(out):
        for column in ("fisher_p", "trend_p", "kruskal_p", "score_trend_p"):
            out[f"{column}_holm"] = holm(out[column])
        primary = "trend" if order else "fisher"
        out["primary_test"] = primary
        out["primary_p"] = out[f"{primary}_p"]
        out["primary_p_holm"] = out[f"{primary}_p_holm"]
    return out.reindex(columns=COMPARE_COLUMNS)


def _untested(item_id: str, part: pd.DataFrame, base: str) -> dict[str, Any]:
    """The row of :func:`compare_classes` for an item fewer than two classes answered: counts, no test."""
    return {
        "item_id": item_id,
        "n": int(part["n"].sum()),
        "n_classes": len(part),
        "min_class_n": int(part["n"].min()) if len(part) else 0,
        **dict.fromkeys(
            ("fisher_p", "trend_p", "cramers_v", "cramers_v_corrected", "cramers_v_noise95", "kruskal_h"),
            math.nan,
        ),
        **dict.fromkeys(
            ("kruskal_p", "score_trend_p", "epsilon_squared", "eta_squared_h", "eta_squared_h_noise95"),
            math.nan,
        ),
        "base": base,
        "fisher_method": "",
        "trend_method": "",
        "kruskal_method": "",
    }


COMPARE_COLUMNS = [
    "item_id",
    "n",
    "n_classes",
    "min_class_n",
    "primary_test",
    "primary_p",
    "primary_p_holm",
    "fisher_p",
    "fisher_p_holm",
    "trend_p",
    "trend_p_holm",
    "cramers_v",
    "cramers_v_corrected",
    "cramers_v_noise95",
    "kruskal_h",
    "kruskal_p",
    "kruskal_p_holm",
    "score_trend_p",
    "score_trend_p_holm",
    "epsilon_squared",
    "eta_squared_h",
    "eta_squared_h_noise95",
    "base",
    "fisher_method",
    "trend_method",
    "kruskal_method",
]


def _trend_tests(
    part: pd.DataFrame, by: str, position: dict[str, int], score_table: pd.DataFrame
) -> tuple[ExactTest | None, ExactTest | None]:
    """The exact trend tests of an ordered scheme: on the positive share (Cochran–Armitage) and on the score
    (linear-by-linear), over the classes that carry the order (``None`` for an unordered scheme)."""
    if not position:
        return None, None
    ordered = part[part[by].astype(str).isin(position)]
    share_scores = [position[str(c)] for c in ordered[by]]
    trend = cochran_armitage_exact(ordered["positive"].tolist(), ordered["n"].tolist(), share_scores)
    kept = score_table[score_table.index.isin(position)]
    row_scores = [position[str(c)] for c in kept.index]
    score_trend = linear_by_linear_exact(kept.to_numpy(), row_scores, [float(v) for v in kept.columns])
    if score_trend is None:
        score_trend = ExactTest(math.nan, math.nan, "linear-by-linear (too many tables to enumerate)")
    return trend, score_trend


def _kruskal_table(score_table: pd.DataFrame, seed: int) -> tuple[HypothesisTest, NullDistribution | None]:
    """Kruskal–Wallis of a classes × answer score table: exact when it can be enumerated, else by permutation
    (then the null is the permutations' H, each with probability 1/resamples)."""
    exact = kruskal_wallis_exact(score_table.to_numpy())
    if exact is not None:
        return HypothesisTest(exact.statistic, exact.pvalue, exact.method), exact.null
    groups = [
        np.repeat(score_table.columns.to_numpy(dtype=float), row).tolist()
        for row in score_table.to_numpy(dtype=int)
    ]
    test, null = _kruskal(groups, seed)
    if not len(null):
        return test, None
    return test, NullDistribution(null, np.full(len(null), 1 / len(null)))


def _eta_noise(null_h: NullDistribution | None, n: int, k: int) -> float:
    """The 95th percentile of η²_H when the classes do not differ (from the null distribution of H)."""
    if null_h is None or n <= k:
        return math.nan
    return null_h.mapped(lambda h: np.maximum(0.0, (h - k + 1) / (n - k))).quantile(NOISE_QUANTILE)


@functools.lru_cache(maxsize=256)
def _v_noise(sizes: tuple[int, ...], positives: int, seed: int) -> float:
    """The 95th percentile of Bergsma's corrected V when the classes do not differ (what noise alone reaches).

    It depends only on the class sizes and the number of positive answers: exact from the distribution of X²
    (:func:`jusolib.stats.exact.chi_squared_null`), or over the seeded permutations of the class labels when
    that is too large to enumerate. Computed once per table shape and cached.
    """
    r, n = len(sizes), sum(sizes)
    if r < 2 or positives in (0, n):
        return math.nan
    null = chi_squared_null(sizes, positives)
    if null is not None:
        return null.mapped(lambda chi2: _corrected_v_of_chi2(chi2, n, r)).quantile(NOISE_QUANTILE)
    labels = np.repeat(np.arange(r), sizes)[_permutations(n, seed)][:, :positives]  # classes of the positives
    flat = (labels + r * np.arange(len(labels))[:, None]).ravel()
    counts = np.bincount(flat, minlength=r * len(labels)).reshape(len(labels), r)
    values = cramers_v_corrected_rows(counts, np.array(sizes))
    values = values[~np.isnan(values)]
    return float(np.quantile(values, NOISE_QUANTILE, method="inverted_cdf")) if len(values) else math.nan


def _corrected_v_of_chi2(chi2: np.ndarray, n: int, r: int) -> np.ndarray:
    """Bergsma's corrected V of an r×2 table from its X² (as :func:`cramers_v_corrected`)."""
    phi2 = np.maximum(0.0, chi2 / n - (r - 1) / (n - 1))
    denominator = min(2 - 1 / (n - 1) - 1, r - (r - 1) ** 2 / (n - 1) - 1)
    if denominator <= 0:
        return np.full(np.shape(chi2), np.nan)
    return np.sqrt(phi2 / denominator)
