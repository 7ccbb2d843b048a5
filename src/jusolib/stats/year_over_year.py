"""Year over year: change of the positive share of each item between two fiscal years, in ポイント.

Items are matched through the codebooks' stable ids. An item is compared when its scale is the same in both
years; when the scale changed, only if both codebooks name the rule ``compare_when_scale_changes:
positive_share`` (each year's positive answers as its own codebook defines them); otherwise it is flagged as
not comparable. Shares are on the 無回答を除く base by default (those who answered the item). Two groups:

* パネル — the municipalities that answered the item in both years (paired, shown first: it compares like
  with like): Newcombe's method 10 interval for paired proportions with his continuity-corrected φ*
  (Newcombe 1998b) and McNemar's mid-p test (Fagerland, Lydersen & Laake 2013), whose verdicts agree with
  that interval on nearly every table;
* 全回答 — all respondents of each year. Most municipalities answer in both years, so the two samples
  *partially overlap*: the test is the partially-overlapping-samples z-test of Derrick, Dobson-McKittrick,
  Toher & White (2015, *J Appl Quant Methods* 10(3)) and the interval is Zou & Donner's (2008) MOVER with the
  two Wilson intervals and the correlation of the two shares, φ*·n₁₂/√(n₁n₂) — which is Newcombe's paired
  interval when every respondent is in both years and his independent-samples interval when none is.

The p-values are Holm-adjusted over the comparable items of each section (separately for the two groups), and
each interval is given twice: at 95% with no adjustment for the multiple items (``ci_low``/``ci_high``, beside
the unadjusted p) and at the level Holm decides the item at (``ci_low_holm``/``ci_high_holm``, beside the
adjusted p: :func:`jusolib.stats.crosstab.holm_levels`), with the ``verdict`` the adjusted p and that interval
give together.

Examples
--------
>>> diff, low, high = newcombe_interval(48, 80, 56, 70)  # 48/80 → 56/70, Newcombe (1998) example (a)
>>> round(diff, 2), round(low, 2), round(high, 2)
(20.0, 5.24, 33.39)
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from jusolib.core.docstrings import shared_parameters
from jusolib.core.errors import check_choice
from jusolib.core.formatting import difference_points, percent
from jusolib.stats.agreement import corrected_phi, mcnemar_midp, newcombe_paired_interval
from jusolib.stats.crosstab import holm, holm_levels, holm_verdict
from jusolib.stats.score import BASES, codebook_for, wilson_interval
from jusolib.survey.codebook import Codebook

__all__ = [
    "ALL",
    "PANEL",
    "compare_years",
    "comparison_rule",
    "newcombe_interval",
    "newcombe_paired_interval",
    "overlapping_interval",
    "overlapping_test",
]

ALL = "全回答"
#: The respondents who answered in both years (the panel; 「両年度とも回答」 is what readers see).
PANEL = "両年度とも回答した区市"
SAME_SCALE = "同一の尺度"
CROSS_SCALE = "尺度変更: 各年度の肯定的回答の割合で比較"
NOT_COMPARABLE = "尺度が変わり比較の規則がないため比較しない"
NEW_ITEM = "新規項目（前年度になし）"
DROPPED_ITEM = "廃止項目（今年度になし）"


@shared_parameters
def newcombe_interval(
    k1: int, n1: int, k2: int, n2: int, confidence: float = 0.95
) -> tuple[float, float, float]:
    """Difference ``k2/n2 − k1/n1`` with Newcombe's hybrid score interval, all in percentage points.

    Two independent proportions: Newcombe's method 10 (1998a, *Stat Med* 17:873–890), the two Wilson
    intervals combined; it is :func:`overlapping_interval` with no unit in both samples.

    Parameters
    ----------
    k1, n1
        Positive answers and base of the first sample (e.g. the earlier year).
    k2, n2
        Positive answers and base of the second sample.

    Returns
    -------
    tuple of float
        ``(difference, low, high)`` in percentage points, unrounded; three NaN when a base is 0.

    Examples
    --------
    >>> [round(v, 2) for v in newcombe_interval(3, 10, 9, 10)]  # Newcombe (1998a) example (b): 0.6 (0.1705, 0.8090)
    [60.0, 17.05, 80.9]
    """
    return overlapping_interval((0, 0, 0, 0), (k1, n1 - k1), (k2, n2 - k2), confidence)


@dataclass(frozen=True)
class OverlapTest:
    """The partially-overlapping-samples z-test: z (for second − first), two-sided p, and how."""

    statistic: float
    pvalue: float
    method: str


def _counts(
    paired: tuple[int, int, int, int], first: tuple[int, int], second: tuple[int, int]
) -> tuple[int, int, int, int]:
    both, first_only, second_only, neither = paired
    k1 = both + first_only + first[0]
    n1 = both + first_only + second_only + neither + first[0] + first[1]
    k2 = both + second_only + second[0]
    n2 = both + first_only + second_only + neither + second[0] + second[1]
    return k1, n1, k2, n2


def _phi(both: int, first_only: int, second_only: int, neither: int) -> float:
    margins = (both + first_only) * (second_only + neither) * (both + second_only) * (first_only + neither)
    return 0.0 if margins == 0 else (both * neither - first_only * second_only) / math.sqrt(margins)


def overlapping_test(
    paired: tuple[int, int, int, int], first: tuple[int, int], second: tuple[int, int]
) -> OverlapTest:
    """Derrick et al. (2015) z-test for two proportions whose samples partially overlap.

    ``paired`` = (both positive, first only, second only, neither) of the units in both samples; ``first`` and
    ``second`` = (positive, not positive) of the units in only one sample. With the shares p₁ = k₁/n₁ and
    p₂ = k₂/n₂, the pooled p̄ = (k₁ + k₂)/(n₁ + n₂), the correlation r (φ) of the paired units and n₁₂ of them:

        z = (p₂ − p₁) / √( p̄(1 − p̄)/n₁ + p̄(1 − p̄)/n₂ − 2 r p̄(1 − p̄) n₁₂/(n₁ n₂) ),

    two-sided p from the normal distribution. With no overlap it is the pooled two-proportion z-test.

    Parameters
    ----------
    paired
        ``(both, first_only, second_only, neither)``: the units in both samples by where they were positive.
    first
        ``(positive, not positive)`` of the units only in the first sample (e.g. only in the earlier year).
    second
        ``(positive, not positive)`` of the units only in the second sample.

    Returns
    -------
    OverlapTest
        z (for second − first), the two-sided p and the method in words; z NaN when there is no variance (p = 1
        then if the shares are equal), both NaN when a sample is empty.

    Examples
    --------
    >>> result = overlapping_test((8, 1, 3, 3), (5, 4), (6, 0))  # the paper's example: p = 0.053
    >>> round(result.pvalue, 3)
    0.053
    """
    k1, n1, k2, n2 = _counts(paired, first, second)
    overlap = sum(paired)
    method = "partially overlapping samples z-test (Derrick et al. 2015)"
    if n1 <= 0 or n2 <= 0:
        return OverlapTest(math.nan, math.nan, method)
    pooled = (k1 + k2) / (n1 + n2)
    w = pooled * (1 - pooled)
    r = _phi(*paired) if overlap >= 2 else 0.0
    variance = w / n1 + w / n2 - 2 * r * w * overlap / (n1 * n2)
    difference = k2 / n2 - k1 / n1
    if variance <= 0:
        return OverlapTest(math.nan, 1.0 if difference == 0 else math.nan, method)
    z = difference / math.sqrt(variance)
    return OverlapTest(z, math.erfc(abs(z) / math.sqrt(2)), method)


@shared_parameters
def overlapping_interval(
    paired: tuple[int, int, int, int],
    first: tuple[int, int],
    second: tuple[int, int],
    confidence: float = 0.95,
) -> tuple[float, float, float]:
    """Difference of two shares from partially overlapping samples (second − first), in points, with MOVER.

    Zou & Donner's (2008, *Stat Med* 27:1693–1702) method of variance estimates recovery combines the Wilson
    interval of each share with the correlation of the two shares, r = φ*·n₁₂/√(n₁n₂), where φ* is
    Newcombe's continuity-corrected φ of the n₁₂ paired units (:func:`jusolib.stats.agreement.corrected_phi`):

        L = d − √((p₂ − l₂)² + (u₁ − p₁)² − 2r(p₂ − l₂)(u₁ − p₁)),
        U = d + √((u₂ − p₂)² + (p₁ − l₁)² − 2r(u₂ − p₂)(p₁ − l₁)).

    Parameters
    ----------
    paired
        ``(both, first_only, second_only, neither)``: the units in both samples by where they were positive.
    first
        ``(positive, not positive)`` of the units only in the first sample (e.g. only in the earlier year).
    second
        ``(positive, not positive)`` of the units only in the second sample.

    Returns
    -------
    tuple of float
        ``(difference, low, high)`` of the second share minus the first, in percentage points, unrounded;
        three NaN when a sample is empty.

    Examples
    --------
    >>> overlapping_interval((11, 0, 0, 12), (0, 0), (0, 0)) == newcombe_paired_interval(11, 0, 0, 12)
    True
    """
    k1, n1, k2, n2 = _counts(paired, first, second)
    if n1 <= 0 or n2 <= 0:
        return (math.nan, math.nan, math.nan)
    overlap = sum(paired)
    r = corrected_phi(*paired) * overlap / math.sqrt(n1 * n2) if overlap else 0.0
    p1, p2 = k1 / n1, k2 / n2
    l1, u1 = (v / 100 for v in wilson_interval(k1, n1, confidence))
    l2, u2 = (v / 100 for v in wilson_interval(k2, n2, confidence))
    diff = p2 - p1
    low = diff - math.sqrt(max(0.0, (p2 - l2) ** 2 + (u1 - p1) ** 2 - 2 * r * (p2 - l2) * (u1 - p1)))
    high = diff + math.sqrt(max(0.0, (u2 - p2) ** 2 + (p1 - l1) ** 2 - 2 * r * (u2 - p2) * (p1 - l1)))
    return (100 * diff, 100 * low, 100 * high)


def comparison_rule(item_id: str, previous: Codebook, current: Codebook) -> tuple[bool, str]:
    """Whether an item can be compared between two codebooks, and the rule (in Japanese) that says so.

    Comparable when the item is in both codebooks with the same scale, or when its scale changed and both
    codebooks give it ``compare_when_scale_changes: positive_share``.

    Parameters
    ----------
    item_id
        The item's stable id (``"out_hubs"``).
    previous
        The codebook of the earlier fiscal year.
    current
        The codebook of the later fiscal year.

    Returns
    -------
    tuple
        ``(comparable, rule)``: a bool and the rule's label (同一の尺度, 尺度変更…, 新規項目…, 廃止項目…, or
        not comparable).

    Examples
    --------
    >>> from jusolib.survey.codebook import load_codebook
    >>> comparison_rule("out_hubs", load_codebook(2024), load_codebook(2025))
    (True, '同一の尺度')
    >>> comparison_rule("chl_participation_support", load_codebook(2024), load_codebook(2025))
    (False, '新規項目（前年度になし）')
    """
    in_previous, in_current = item_id in previous.items.index, item_id in current.items.index
    if not in_previous:
        return False, NEW_ITEM
    if not in_current:
        return False, DROPPED_ITEM
    if previous.scale_of(item_id).same_as(current.scale_of(item_id)):
        return True, SAME_SCALE
    rules = {
        previous.item(item_id)["compare_when_scale_changes"],
        current.item(item_id)["compare_when_scale_changes"],
    }
    if rules == {"positive_share"}:
        return True, CROSS_SCALE
    return False, NOT_COMPARABLE


def _positive(data: pd.DataFrame, codebook: Codebook, base: str) -> pd.DataFrame:
    """Rows with a boolean ``positive``; 無回答 rows dropped on the 無回答を除く base."""
    if base == "valid":
        data = data[data["answer"].astype(str) != codebook.no_answer_label]
    positive_sets = {i: set(codebook.scale_of(i).positive) for i in codebook.item_ids()}
    flags = [
        a in positive_sets.get(i, set())
        for i, a in zip(data["item_id"], data["answer"].astype(str), strict=True)
    ]
    return data.assign(positive=np.array(flags, dtype=bool))


def _table(x: np.ndarray, y: np.ndarray) -> tuple[int, int, int, int]:
    return int((x & y).sum()), int((x & ~y).sum()), int((~x & y).sum()), int((~x & ~y).sum())


def _share(k: int, n: int) -> float:
    return float(percent(k, n)) if n else math.nan


@shared_parameters
def compare_years(
    previous: pd.DataFrame,
    current: pd.DataFrame,
    *,
    previous_codebook: Codebook | None = None,
    current_codebook: Codebook | None = None,
    base: str = "valid",
) -> pd.DataFrame:
    """Change of each item's positive share between two years' tidy responses (one respondent type).

    The methods, per group: パネル — Newcombe's paired interval (method 10) and McNemar's mid-p; 全回答 —
    Zou & Donner's MOVER interval (:func:`overlapping_interval`) and Derrick et al.'s partially overlapping
    z-test (:func:`overlapping_test`); Holm over each section's comparable items (see the module docstring).

    Parameters
    ----------
    previous
        Tidy responses of the earlier fiscal year, one respondent type (``fiscal_year``, ``muni_code``,
        ``item_id``, ``answer``).
    current
        Tidy responses of the later fiscal year, the same respondent type.
    previous_codebook
        The earlier year's codebook; ``None`` to read the codebook of the fiscal year in ``previous``.
    current_codebook
        The later year's codebook; ``None`` to read the codebook of the fiscal year in ``current``.
    base
        ``"valid"`` (default: 無回答を除く, those who answered the item in that year) or ``"all"``.

    Returns
    -------
    DataFrame
        Two rows per item, パネル first then 全回答: ``item_id``, ``group``, ``comparable``, ``rule``,
        ``n_previous``, ``share_previous``, ``n_current``, ``share_current`` (percent), ``diff_points``
        (exact difference, rounded half up once to 0.1), ``ci_low``, ``ci_high`` (percentage points,
        unrounded, 95% with no adjustment for multiple items), ``pvalue``, ``pvalue_holm`` (Holm-adjusted over
        the comparable items of the item's section, separately for パネル and 全回答, as every other family of
        tests in the reports), ``holm_confidence`` with ``ci_low_holm``/``ci_high_holm`` (the interval at the
        level Holm decides the item at), ``verdict`` (:func:`jusolib.stats.crosstab.holm_verdict`), ``method``,
        ``n_panel`` (respondents in both years), ``base``. Items of the current codebook come first, then
        those only in the previous one; statistics are NaN where the item is not comparable.
    """
    check_choice("base", base, list(BASES))
    previous_codebook = codebook_for(previous, previous_codebook)
    current_codebook = codebook_for(current, current_codebook)
    before = _positive(previous, previous_codebook, base)
    after = _positive(current, current_codebook, base)
    items = current_codebook.item_ids() + [
        i for i in previous_codebook.item_ids() if i not in current_codebook.items.index
    ]
    rows = []
    for item_id in items:
        comparable, rule = comparison_rule(item_id, previous_codebook, current_codebook)
        a = before[before["item_id"] == item_id].set_index("muni_code")["positive"]
        b = after[after["item_id"] == item_id].set_index("muni_code")["positive"]
        panel = sorted(set(a.index) & set(b.index))
        only_a, only_b = a.drop(panel), b.drop(panel)
        paired = _table(a.reindex(panel).to_numpy(dtype=bool), b.reindex(panel).to_numpy(dtype=bool))
        first = (int(only_a.sum()), len(only_a) - int(only_a.sum()))
        second = (int(only_b.sum()), len(only_b) - int(only_b.sum()))
        base_row = {
            "item_id": item_id,
            "comparable": comparable,
            "rule": rule,
            "n_panel": len(panel),
            "_counts": (paired, first, second),
        }
        for group in (PANEL, ALL):
            if group == PANEL:
                k1, n1 = paired[0] + paired[1], len(panel)
                k2, n2 = paired[0] + paired[2], len(panel)
            else:
                k1, n1, k2, n2 = int(a.sum()), len(a), int(b.sum()), len(b)
            row = {
                **base_row,
                "group": group,
                "n_previous": n1,
                "share_previous": _share(k1, n1),
                "n_current": n2,
                "share_current": _share(k2, n2),
                "diff_points": math.nan,
                "ci_low": math.nan,
                "ci_high": math.nan,
                "pvalue": math.nan,
                "method": "",
            }
            if comparable and n1 and n2:
                row["diff_points"] = float(difference_points((k1, n1), (k2, n2)))
                if group == PANEL:
                    _, row["ci_low"], row["ci_high"] = newcombe_paired_interval(*paired)
                    test = mcnemar_midp(paired[1], paired[2])
                    row["pvalue"], row["method"] = (
                        test.pvalue,
                        "Newcombe method 10 (continuity-corrected phi*), McNemar mid-p",
                    )
                else:
                    _, row["ci_low"], row["ci_high"] = overlapping_interval(paired, first, second)
                    row["pvalue"] = overlapping_test(paired, first, second).pvalue
                    row["method"] = (
                        "partially overlapping samples: MOVER interval, Derrick et al. (2015) z-test"
                    )
            rows.append({**row, "base": BASES[base]})
    out = pd.DataFrame(rows)
    sections = {
        i: (current_codebook if i in current_codebook.items.index else previous_codebook).item(i)["section"]
        for i in items
    }
    out["pvalue_holm"] = math.nan
    out["holm_confidence"] = math.nan
    if len(out):
        for _, family in out.groupby([out["item_id"].map(sections), "group"], sort=False):
            out.loc[family.index, "pvalue_holm"] = holm(family["pvalue"].tolist())
            out.loc[family.index, "holm_confidence"] = [1 - v for v in holm_levels(family["pvalue"].tolist())]
    limits = [
        _interval(group, counts, confidence)
        for group, counts, confidence in zip(
            out["group"], out["_counts"], out["holm_confidence"], strict=True
        )
    ]
    out["ci_low_holm"] = [low for low, _ in limits]
    out["ci_high_holm"] = [high for _, high in limits]
    out["verdict"] = [
        holm_verdict(float(p), float(low), float(high))
        for p, low, high in zip(out["pvalue_holm"], out["ci_low_holm"], out["ci_high_holm"], strict=True)
    ]
    columns = [
        "item_id",
        "group",
        "comparable",
        "rule",
        "n_previous",
        "share_previous",
        "n_current",
        "share_current",
        "diff_points",
        "ci_low",
        "ci_high",
        "pvalue",
        "pvalue_holm",
        "holm_confidence",
        "ci_low_holm",
        "ci_high_holm",
        "verdict",
        "method",
        "n_panel",
        "base",
    ]
    return out.reindex(columns=columns)


def _interval(
    group: str,
    counts: tuple[tuple[int, int, int, int], tuple[int, int], tuple[int, int]],
    confidence: float,
) -> tuple[float, float]:
    """The group's interval (Newcombe for the panel, MOVER for all respondents) at ``confidence``."""
    if math.isnan(confidence):
        return (math.nan, math.nan)
    paired, first, second = counts
    if group == PANEL:
        return newcombe_paired_interval(*paired, confidence=confidence)[1:]
    return overlapping_interval(paired, first, second, confidence)[1:]
