"""Cross-tabs of items and indices by a classification, with tests fit for 23 respondents.

* :func:`crosstab` — counts and percentages per answer for each class and 全体, n in every cell, both bases,
  参考値 for bases under 10.
* :func:`fisher_positive` — Fisher's exact test on positive vs not × class (Freeman–Halton for r×2 tables,
  by complete enumeration; seeded Monte Carlo only when there are too many tables to enumerate).
* :func:`kruskal_permutation` — Kruskal–Wallis H on the ordinal answer score, p by seeded permutation.
* :func:`compare_classes` — both tests for every item of a section, effect sizes (Cramér's V, ε²), and Holm
  adjustment across the section's items.
* :func:`describe_difference` — a plain-language sentence in ポイント that never calls a difference
  significant unless the adjusted p is below the threshold.

Examples
--------
>>> fisher_positive([[2, 0], [0, 2], [1, 1]]).pvalue  # worked by hand in tests/unit/test_crosstab.py
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

import numpy as np
import pandas as pd

from jusolib.codebook import Codebook
from jusolib.errors import ParameterError
from jusolib.formatting import (
    SMALL_BASE,
    SMALL_BASE_MARK,
    format_n,
    format_points,
    format_share,
    is_small_base,
)
from jusolib.score import _check_columns, answer_distribution, answer_scores, codebook_for, positive_share

#: Seed of every resampling test, so that rendered reports are reproducible.
DEFAULT_SEED = 20241210
N_RESAMPLES = 9_999
#: Fisher's test enumerates every table when there are at most this many; otherwise seeded Monte Carlo.
MAX_ENUMERATED_TABLES = 200_000
TOTAL = "全体"
ALPHA = 0.05


@dataclass(frozen=True)
class HypothesisTest:
    """A test's outcome: statistic, p-value, and in words how p was obtained."""

    statistic: float
    pvalue: float
    method: str


def crosstab(
    data: pd.DataFrame,
    *,
    item: str | Sequence[str],
    by: str,
    codebook: Codebook | None = None,
) -> pd.DataFrame:
    """Answer distribution of an item (or several) for each class of ``by`` and for 全体 (all respondents).

    Returns
    -------
    DataFrame
        One row per class (全体 first) × answer: ``class``, ``answer``, ``count``, ``n_all``, ``n_valid``,
        ``pct_all``, ``pct_valid`` and ``small_base`` (base under 10: 参考値). Empty classes are kept with n=0.

    Examples
    --------
    >>> data = pd.DataFrame({"fiscal_year": 2024, "item_id": "out_hubs", "size": ["大", "大", "小"],
    ...                      "answer": ["あてはまる", "あてはまらない", "あてはまる"]})
    >>> table = crosstab(data, item="out_hubs", by="size")
    >>> table[table["answer"] == "あてはまる"][["class", "count", "n_all", "pct_all"]].values.tolist()
    [['全体', 2, 3, 66.7], ['大', 1, 2, 50.0], ['小', 1, 1, 100.0]]
    """
    codebook = codebook_for(data, codebook)
    _check_columns(data, ["item_id", "answer", by])
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


def fisher_positive(table: Sequence[Sequence[int]], *, seed: int = DEFAULT_SEED) -> HypothesisTest:
    """Fisher's exact test of an r×2 table (rows: classes; columns: positive, not positive).

    The two-sided p (Freeman–Halton) is the probability, with row and column sums fixed, of every table no
    more probable than the observed one. It is computed by enumerating all tables; if there are more than
    :data:`MAX_ENUMERATED_TABLES` (large surveys), scipy's Monte Carlo with a fixed seed is used instead.
    Rows with no respondents are dropped; a table with one row or an empty column has p = 1.

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
    permutation); p = (1 + #{H* ≥ H}) / (1 + resamples). Groups of a single respondent are allowed.

    Examples
    --------
    >>> result = kruskal_permutation([[1, 2, 3], [4, 5, 6]])
    >>> round(result.statistic, 4), result.pvalue < 0.2
    (3.8571, True)
    """
    samples = [np.asarray(g, dtype=float) for g in groups]
    samples = [s[~np.isnan(s)] for s in samples]
    samples = [s for s in samples if len(s)]
    pooled = np.concatenate(samples) if samples else np.array([])
    if len(samples) < 2 or len(np.unique(pooled)) < 2:
        return HypothesisTest(math.nan, 1.0, "Kruskal–Wallis (no variation to test)")
    n = len(pooled)
    ranks = pd.Series(pooled).rank(method="average").to_numpy()  # midranks, as scipy's rankdata
    _, tie_counts = np.unique(pooled, return_counts=True)
    correction = 1 - float((tie_counts**3 - tie_counts).sum()) / (n**3 - n)
    sizes = np.array([len(s) for s in samples])
    groups = len(samples)
    labels = np.repeat(np.arange(groups), sizes)

    def statistic(label_rows: np.ndarray) -> np.ndarray:
        rows = label_rows.reshape(-1, n)
        flat = (rows + groups * np.arange(len(rows))[:, None]).ravel()
        sums = np.bincount(flat, weights=np.tile(ranks, len(rows)), minlength=groups * len(rows))
        sums = sums.reshape(len(rows), groups)
        h = 12 / (n * (n + 1)) * (sums**2 / sizes).sum(axis=-1) - 3 * (n + 1)
        return h / correction

    observed = float(statistic(labels)[0])
    shuffled = labels[_permutations(n, seed)]
    exceed = int((statistic(shuffled) >= observed - 1e-9).sum())
    p = (1 + exceed) / (1 + N_RESAMPLES)
    return HypothesisTest(
        observed, p, f"Kruskal–Wallis, permutation p ({N_RESAMPLES:,} resamples, seed {seed})"
    )


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


def cramers_v(table: Sequence[Sequence[int]]) -> float:
    """Cramér's V of a contingency table (NaN when a row or column is empty).

    Examples
    --------
    >>> cramers_v([[10, 0], [0, 10]])
    1.0
    """
    counts = np.asarray(table, dtype=float)
    counts = counts[counts.sum(axis=1) > 0][:, counts.sum(axis=0) > 0]
    if min(counts.shape) < 2:
        return math.nan
    n = counts.sum()
    expected = np.outer(counts.sum(axis=1), counts.sum(axis=0)) / n
    chi2 = float(((counts - expected) ** 2 / expected).sum())
    return math.sqrt(chi2 / (n * (min(counts.shape) - 1)))


def compare_classes(
    data: pd.DataFrame,
    *,
    by: str,
    item: str | Sequence[str] | None = None,
    codebook: Codebook | None = None,
    seed: int = DEFAULT_SEED,
    shares: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Test, for each item, whether the classes of ``by`` differ; Holm-adjust across the items given.

    ``shares`` may pass :func:`jusolib.score.positive_share` of the same data by ``by`` when already computed.

    Two tests per item: Fisher's exact on positive vs not (無回答 counted as not positive: the base is every
    respondent, as in the tables) and Kruskal–Wallis on the answer score (無回答 left out).

    Returns
    -------
    DataFrame
        ``item_id``, ``n``, ``n_classes`` (classes with respondents), ``min_class_n``, ``fisher_p``,
        ``fisher_p_holm``, ``cramers_v``, ``kruskal_h``, ``kruskal_p``, ``kruskal_p_holm``, ``epsilon_squared``,
        ``fisher_method``, ``kruskal_method``.
    """
    codebook = codebook_for(data, codebook)
    _check_columns(data, ["item_id", "answer", by])
    if shares is None:
        shares = positive_share(data, item=item, by=by, codebook=codebook)
    scored = answer_scores(data, codebook=codebook)
    rows = []
    for item_id, part in shares.groupby("item_id", sort=False):
        part = part[part["n"] > 0]
        table = np.column_stack([part["positive"], part["n"] - part["positive"]])
        fisher = fisher_positive(table, seed=seed)
        subset = scored[scored["item_id"] == item_id]
        groups = [g["score"].to_numpy() for _, g in subset.groupby(by, observed=True)]
        kruskal = kruskal_permutation(groups, seed=seed)
        n_valid = int(subset["score"].notna().sum())
        rows.append(
            {
                "item_id": item_id,
                "n": int(part["n"].sum()),
                "n_classes": len(part),
                "min_class_n": int(part["n"].min()) if len(part) else 0,
                "fisher_p": fisher.pvalue,
                "cramers_v": cramers_v(table),
                "kruskal_h": kruskal.statistic,
                "kruskal_p": kruskal.pvalue,
                "epsilon_squared": kruskal.statistic / (n_valid - 1)
                if n_valid > 1 and not math.isnan(kruskal.statistic)
                else math.nan,
                "fisher_method": fisher.method,
                "kruskal_method": kruskal.method,
            }
        )
    out = pd.DataFrame(rows)
    if len(out):
        out["fisher_p_holm"] = holm(out["fisher_p"])
        out["kruskal_p_holm"] = holm(out["kruskal_p"])
    columns = [
        "item_id",
        "n",
        "n_classes",
        "min_class_n",
        "fisher_p",
        "fisher_p_holm",
        "cramers_v",
        "kruskal_h",
        "kruskal_p",
        "kruskal_p_holm",
        "epsilon_squared",
        "fisher_method",
        "kruskal_method",
    ]
    return out.reindex(columns=columns)


def describe_difference(
    shares: pd.DataFrame,
    *,
    item_label: str,
    positive_label: str,
    p_adjusted: float,
    alpha: float = ALPHA,
) -> str:
    """One sentence, in Japanese, on how the positive share differs between classes.

    ``shares`` holds one row per class with ``class``, ``n`` and ``share`` (percent) — e.g. a slice of
    :func:`jusolib.score.positive_share` by class. The difference between the highest and lowest class is given
    in ポイント; it is called statistically significant only if ``p_adjusted < alpha``.

    Examples
    --------
    >>> shares = pd.DataFrame({"class": ["大", "小"], "n": [12, 11], "share": [91.7, 45.5]})
    >>> print(describe_difference(shares, item_label="拠点", positive_label="あてはまる", p_adjusted=0.2))
    「拠点」で「あてはまる」の割合は、大（n=12）が91.7%で最も高く、小（n=11）が45.5%で最も低い（差46.2ポイント）。ただし多重比較を補正したp値は0.200で、この差は偶然の変動の範囲を超えるとはいえない。
    """
    rows = shares[shares["n"] > 0].sort_values("share", ascending=False, kind="stable")
    if len(rows) < 2:
        return f"「{item_label}」は比較できる区分が1つ以下のため、区分間の比較は行わない。"
    top, bottom = rows.iloc[0], rows.iloc[-1]

    def who(row: pd.Series) -> str:
        mark = f"、{SMALL_BASE_MARK}" if is_small_base(row["n"]) else ""
        return f"{row['class']}（{format_n(row['n'])}{mark}）"

    difference = float(top["share"]) - float(bottom["share"])
    text = (
        f"「{item_label}」で「{positive_label}」の割合は、{who(top)}が{format_share(top['share'])}%で最も高く、"
        f"{who(bottom)}が{format_share(bottom['share'])}%で最も低い（差{format_points(difference).lstrip('+')}）。"
    )
    if math.isnan(p_adjusted):
        return text + "検定はできなかった。"
    if p_adjusted < alpha:
        return (
            text + f"多重比較を補正したp値は{p_adjusted:.3f}で、統計的に有意な差である（有意水準{alpha}）。"
        )
    return (
        text
        + f"ただし多重比較を補正したp値は{p_adjusted:.3f}で、この差は偶然の変動の範囲を超えるとはいえない。"
    )
