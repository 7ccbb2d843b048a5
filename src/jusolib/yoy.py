"""Year over year: change of the positive share of each item between two fiscal years, in ポイント.

Items are matched through the codebooks' stable ids. An item is compared when its scale is the same in both
years; when the scale changed, only if both codebooks name the rule ``compare_when_scale_changes:
positive_share`` (each year's positive answers as its own codebook defines them); otherwise it is flagged as
not comparable. Two groups are compared:

* 全回答 — all respondents of each year (independent samples): Newcombe's hybrid score interval
  (Newcombe 1998, method 10) for the difference of two proportions;
* パネル — the municipalities that answered both years (paired): Newcombe's interval for paired proportions
  (Newcombe 1998b, method 10), which uses the correlation of the two years' answers.

Examples
--------
>>> diff, low, high = newcombe_interval(48, 80, 56, 70)  # 48/80 → 56/70, Newcombe (1998) example (a)
>>> round(diff, 2), round(low, 2), round(high, 2)
(20.0, 5.24, 33.39)
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from jusolib.codebook import Codebook, load_codebook
from jusolib.fiscal import fiscal_year_label, parse_fiscal_year
from jusolib.formatting import percent
from jusolib.paths import data_paths
from jusolib.score import wilson_interval

ALL = "全回答"
PANEL = "パネル（両年度とも回答）"
SAME_SCALE = "同一の尺度"
CROSS_SCALE = "尺度変更: 各年度の肯定的回答の割合で比較"
NOT_COMPARABLE = "尺度が変わり比較の規則がないため比較しない"
NEW_ITEM = "新規項目（前年度になし）"
DROPPED_ITEM = "廃止項目（今年度になし）"


def newcombe_interval(
    k1: int, n1: int, k2: int, n2: int, confidence: float = 0.95
) -> tuple[float, float, float]:
    """Difference ``k2/n2 − k1/n1`` with Newcombe's hybrid score interval, all in percentage points."""
    if n1 <= 0 or n2 <= 0:
        return (math.nan, math.nan, math.nan)
    p1, p2 = k1 / n1, k2 / n2
    l1, u1 = (v / 100 for v in wilson_interval(k1, n1, confidence))
    l2, u2 = (v / 100 for v in wilson_interval(k2, n2, confidence))
    diff = p2 - p1
    low = diff - math.sqrt((p2 - l2) ** 2 + (u1 - p1) ** 2)
    high = diff + math.sqrt((u2 - p2) ** 2 + (p1 - l1) ** 2)
    return (100 * diff, 100 * low, 100 * high)


def newcombe_paired_interval(
    both: int, first_only: int, second_only: int, neither: int, confidence: float = 0.95
) -> tuple[float, float, float]:
    """Paired difference (second − first year) with Newcombe's method 10 interval, in percentage points.

    ``both``: positive in both years; ``first_only``: positive only in the first; ``second_only``: only in the
    second; ``neither``.

    Examples
    --------
    >>> diff, low, high = newcombe_paired_interval(10, 2, 2, 6)
    >>> diff
    0.0
    """
    n = both + first_only + second_only + neither
    if n <= 0:
        return (math.nan, math.nan, math.nan)
    k1, k2 = both + first_only, both + second_only
    p1, p2 = k1 / n, k2 / n
    l1, u1 = (v / 100 for v in wilson_interval(k1, n, confidence))
    l2, u2 = (v / 100 for v in wilson_interval(k2, n, confidence))
    denominator = (
        (both + first_only) * (second_only + neither) * (both + second_only) * (first_only + neither)
    )
    phi = 0.0 if denominator == 0 else (both * neither - first_only * second_only) / math.sqrt(denominator)
    diff = p2 - p1
    low = diff - math.sqrt(max(0.0, (p2 - l2) ** 2 - 2 * phi * (p2 - l2) * (u1 - p1) + (u1 - p1) ** 2))
    high = diff + math.sqrt(max(0.0, (u2 - p2) ** 2 - 2 * phi * (u2 - p2) * (p1 - l1) + (p1 - l1) ** 2))
    return (100 * diff, 100 * low, 100 * high)


def comparison_rule(item_id: str, previous: Codebook, current: Codebook) -> tuple[bool, str]:
    """Whether an item can be compared between two codebooks, and the rule (in Japanese) that says so.

    Examples
    --------
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


def _positive(data: pd.DataFrame, codebook: Codebook) -> pd.DataFrame:
    positive_sets = {i: set(codebook.scale_of(i).positive) for i in codebook.item_ids()}
    flags = [
        a in positive_sets.get(i, set())
        for i, a in zip(data["item_id"], data["answer"].astype(str), strict=True)
    ]
    return data.assign(positive=np.array(flags, dtype=bool))


def compare_years(
    previous: pd.DataFrame,
    current: pd.DataFrame,
    *,
    previous_codebook: Codebook | None = None,
    current_codebook: Codebook | None = None,
) -> pd.DataFrame:
    """Change of each item's positive share between two years' tidy responses (one respondent type).

    Returns
    -------
    DataFrame
        One row per item × group (全回答, パネル): ``item_id``, ``group``, ``comparable``, ``rule``,
        ``n_previous``, ``share_previous``, ``n_current``, ``share_current`` (percent, 無回答 in the base),
        ``diff_points`` (unrounded), ``ci_low``, ``ci_high`` (percentage points), and ``n_panel``.
    """
    previous_codebook = previous_codebook or load_codebook(int(previous["fiscal_year"].iloc[0]))
    current_codebook = current_codebook or load_codebook(int(current["fiscal_year"].iloc[0]))
    before, after = _positive(previous, previous_codebook), _positive(current, current_codebook)
    items = current_codebook.item_ids() + [
        i for i in previous_codebook.item_ids() if i not in current_codebook.items.index
    ]
    rows = []
    for item_id in items:
        comparable, rule = comparison_rule(item_id, previous_codebook, current_codebook)
        a = before[before["item_id"] == item_id].set_index("muni_code")["positive"]
        b = after[after["item_id"] == item_id].set_index("muni_code")["positive"]
        panel = sorted(set(a.index) & set(b.index))
        base = {"item_id": item_id, "comparable": comparable, "rule": rule}
        for group, first, second in ((ALL, a, b), (PANEL, a.reindex(panel), b.reindex(panel))):
            row = {
                **base,
                "group": group,
                "n_previous": len(first),
                "n_current": len(second),
                "n_panel": len(panel),
                "share_previous": float(percent(int(first.sum()), len(first))) if len(first) else math.nan,
                "share_current": float(percent(int(second.sum()), len(second))) if len(second) else math.nan,
            }
            if not comparable or not len(first) or not len(second):
                diff = low = high = math.nan
            elif group == ALL:
                diff, low, high = newcombe_interval(
                    int(first.sum()), len(first), int(second.sum()), len(second)
                )
            else:
                x, y = first.to_numpy(), second.to_numpy()
                diff, low, high = newcombe_paired_interval(
                    int((x & y).sum()), int((x & ~y).sum()), int((~x & y).sum()), int((~x & ~y).sum())
                )
            rows.append({**row, "diff_points": diff, "ci_low": low, "ci_high": high})
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
        "n_panel",
    ]
    return pd.DataFrame(rows, columns=columns)


def previous_fiscal_year(fiscal_year: object, data_dir: object = None) -> int | None:
    """The latest fiscal year before ``fiscal_year`` that has returns, or ``None``.

    Examples
    --------
    >>> previous_fiscal_year(2025), previous_fiscal_year(2024)
    (2024, None)
    """
    year = parse_fiscal_year(fiscal_year)
    earlier = [y for y in data_paths(data_dir).fiscal_years() if y < year]  # type: ignore[arg-type]
    return max(earlier) if earlier else None


def year_over_year(
    fiscal_year: object, *, respondent_type: str, data_dir: object = None
) -> pd.DataFrame | None:
    """Load two fiscal years and compare them (``None`` when there is no earlier year with returns).

    The result's ``attrs["caption"]`` names the two years, e.g. 「令和6年度 (2024) → 令和7年度 (2025)」.
    """
    from jusolib.pipeline import load_responses

    year = parse_fiscal_year(fiscal_year)
    before = previous_fiscal_year(year, data_dir)
    if before is None:
        return None
    previous = load_responses(before, respondent_type=respondent_type, data_dir=data_dir)
    current = load_responses(year, respondent_type=respondent_type, data_dir=data_dir)
    out = compare_years(
        previous,
        current,
        previous_codebook=load_codebook(before, data_dir),
        current_codebook=load_codebook(year, data_dir),
    )
    out.attrs["caption"] = f"{fiscal_year_label(before)} → {fiscal_year_label(year)}"
    return out
