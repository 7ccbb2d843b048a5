"""自治体 and 社協 side by side: the two answers of each implementing municipality, item by item.

Each municipality that implements the project answers twice — the municipality (自治体) and its council of
social welfare (社協). Pairing the two answers of the same municipality shows where the two see their shared
project differently. All differences are **second − first** in the codebook's order of respondent types
(社協 − 自治体). A pair with 無回答 on either side is counted and left out of that item.

* :func:`pair_answers` — one row per municipality × item answered by both respondent types;
* :func:`compare_respondent_types` — per item: exact agreement, weighted kappa (quadratic) and Gwet's AC2 with
  seeded BCa bootstrap intervals, the positive-share difference with Newcombe's continuity-corrected paired
  interval and McNemar's mid-p, the score difference with the exact signed-rank test; Holm across each
  section's items, and the difference's interval again at the level Holm decides it at, so that the verdict
  and the interval beside it share one basis;
* :func:`disagreements` — the municipalities whose two answers differ most.

The report tables made from them are in :mod:`jusolib.analysis.pair_tables`.

Examples
--------
>>> data = pd.DataFrame({"fiscal_year": 2024, "item_id": "out_hubs",
...     "respondent_type": ["municipality"] * 3 + ["council"] * 3, "muni_code": ["a", "b", "c"] * 2,
...     "answer": ["あてはまる", "あてはまる", "無回答", "あてはまる", "どちらともいえない", "あてはまる"]})
>>> row = compare_respondent_types(data).iloc[0]
>>> int(row["n_pairs"]), int(row["n_excluded"]), int(row["agree"]), float(row["score_diff"])
(2, 1, 1, -25.0)
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from fractions import Fraction
from typing import Any

import numpy as np
import pandas as pd

from jusolib.core.docstrings import shared_parameters
from jusolib.core.formatting import difference_points, percent
from jusolib.stats.agreement import (
    agreement_bootstrap,
    mcnemar_midp,
    newcombe_paired_interval,
    signed_rank_exact,
)
from jusolib.stats.crosstab import holm, holm_levels, holm_verdict
from jusolib.stats.score import check_columns, codebook_for, wilson_interval
from jusolib.survey.codebook import Codebook

#: How many municipalities :func:`disagreements` lists by default (more when several tie at the cut).
TOP = 5


@shared_parameters
def respondent_pair(codebook: Codebook) -> tuple[str, str]:
    """The two respondent types compared, in the codebook's order (differences are second − first).

    Returns
    -------
    tuple of str
        The keys of the first two respondent types of the codebook (``"municipality"``, ``"council"``).

    Raises
    ------
    ValueError
        When the codebook has fewer than two respondent types.

    Examples
    --------
    >>> from jusolib.survey.codebook import load_codebook
    >>> respondent_pair(load_codebook(2024))
    ('municipality', 'council')
    """
    keys = list(codebook.respondent_types.index)
    if len(keys) < 2:
        raise ValueError(f"{codebook.path.name}: a paired comparison needs two respondent types, got {keys}")
    return keys[0], keys[1]


@shared_parameters
def pair_answers(
    data: pd.DataFrame, *, codebook: Codebook | None = None, item: str | Sequence[str] | None = None
) -> pd.DataFrame:
    """The answers of both respondent types of each municipality, one row per municipality × item.

    Only municipalities for which both respondent types answered the item are kept. ``complete`` is False
    when either side is 無回答 (such a pair is counted and left out of the comparison).

    Parameters
    ----------
    data
        Tidy responses of one fiscal year with ``respondent_type``, ``muni_code``, ``item_id`` and ``answer``
        (both respondent types).
    item
        An item or several, by id or question number (「問1-2」); ``None`` for every item of the codebook.

    Returns
    -------
    DataFrame
        One row per municipality × item in questionnaire order, then by ``muni_code``: ``muni_code``,
        ``item_id``, ``first``, ``second`` (the two answers, the codebook's first respondent type first),
        ``first_score``, ``second_score`` (the options' scores on the codebook's scale, e.g. 2/1/0, NaN for
        無回答), ``first_positive``, ``second_positive`` (bool) and ``complete`` (neither side 無回答).

    Examples
    --------
    >>> data = pd.DataFrame({"fiscal_year": 2024, "item_id": "out_hubs", "muni_code": ["a", "a", "b"],
    ...     "respondent_type": ["municipality", "council", "municipality"],
    ...     "answer": ["あてはまる", "どちらともいえない", "あてはまる"]})
    >>> pair_answers(data)[["muni_code", "first", "second", "first_score", "second_score"]].values.tolist()
    [['a', 'あてはまる', 'どちらともいえない', 2.0, 1.0]]
    """
    codebook = codebook_for(data, codebook)
    check_columns(data, ["respondent_type", "muni_code", "item_id", "answer"])
    first, second = respondent_pair(codebook)
    items = codebook.item_ids_of(item) if item is not None else codebook.item_ids()
    part = data[data["item_id"].isin(items)]
    wide = (
        part.assign(answer=part["answer"].astype(str))
        .pivot_table(
            index=["muni_code", "item_id"], columns="respondent_type", values="answer", aggfunc="first"
        )
        .reindex(columns=[first, second])
        .dropna()
        .reset_index()
        .rename(columns={first: "first", second: "second"})
    )
    wide.columns.name = None
    order = {i: k for k, i in enumerate(items)}
    wide = wide.sort_values(
        ["item_id", "muni_code"], key=lambda s: s.map(order) if s.name == "item_id" else s
    )
    scores = {(i, o.label): o.score for i in items for o in codebook.scale_of(i).options}
    positives = {i: set(codebook.scale_of(i).positive) for i in items}
    out = wide.reset_index(drop=True)
    for side in ("first", "second"):
        keys = zip(out["item_id"], out[side], strict=True)
        out[f"{side}_score"] = np.array([scores.get(k, np.nan) for k in keys], dtype=float)
        out[f"{side}_positive"] = [a in positives[i] for i, a in zip(out["item_id"], out[side], strict=True)]
    out["complete"] = out["first_score"].notna() & out["second_score"].notna()
    return out


def _item_row(item_id: str, pairs: pd.DataFrame, codebook: Codebook) -> dict[str, object]:
    scale = codebook.scale_of(item_id)
    valid = pairs[pairs["complete"]]
    n = len(valid)
    row: dict[str, Any] = {
        "item_id": item_id,
        "section": codebook.item(item_id)["section"],
        "n_both": len(pairs),
        "n_pairs": n,
        "n_excluded": len(pairs) - n,
        "agree": int((valid["first"] == valid["second"]).sum()),
    }
    if n == 0:
        return {**row, "agreement": math.nan}
    labels = list(scale.labels)
    table = np.zeros((len(labels), len(labels)))
    for a, b in zip(valid["first"], valid["second"], strict=True):
        table[labels.index(a), labels.index(b)] += 1
    agreement = agreement_bootstrap(table, [o.score for o in scale.options])
    x, y = valid["first_positive"].to_numpy(bool), valid["second_positive"].to_numpy(bool)
    cells = (int((x & y).sum()), int((x & ~y).sum()), int((~x & y).sum()), int((~x & ~y).sum()))
    _, low, high = newcombe_paired_interval(*cells)
    k1, k2 = cells[0] + cells[1], cells[0] + cells[2]
    unit = 100 / scale.max_score
    first_score, second_score = valid["first_score"] * unit, valid["second_score"] * unit
    return {
        **row,
        "agreement": float(percent(row["agree"], n)),
        "agreement_low": wilson_interval(row["agree"], n)[0],
        "agreement_high": wilson_interval(row["agree"], n)[1],
        "kappa": agreement.kappa,
        "kappa_low": agreement.kappa_low,
        "kappa_high": agreement.kappa_high,
        "ac2": agreement.ac2,
        "ac2_low": agreement.ac2_low,
        "ac2_high": agreement.ac2_high,
        "kappa_method": agreement.method,
        "both": cells[0],
        "first_only": cells[1],
        "second_only": cells[2],
        "neither": cells[3],
        "first_positive": k1,
        "second_positive": k2,
        "share_first": float(percent(k1, n)),
        "share_second": float(percent(k2, n)),
        "diff_points": float(difference_points((k1, n), (k2, n))),
        "ci_low": low,
        "ci_high": high,
        "mcnemar_p": mcnemar_midp(cells[1], cells[2]).pvalue,
        "score_first": float(first_score.mean()),
        "score_second": float(second_score.mean()),
        "score_diff": float(Fraction(int((valid["second_score"] - valid["first_score"]).sum()), n)) * unit,
        "signed_rank_p": signed_rank_exact(valid["second_score"] - valid["first_score"]).pvalue,
    }


COLUMNS = [
    "item_id",
    "section",
    "n_both",
    "n_pairs",
    "n_excluded",
    "agree",
    "agreement",
    "agreement_low",
    "agreement_high",
    "kappa",
    "kappa_low",
    "kappa_high",
    "ac2",
    "ac2_low",
    "ac2_high",
    "kappa_method",
    "both",
    "first_only",
    "second_only",
    "neither",
    "first_positive",
    "second_positive",
    "share_first",
    "share_second",
    "diff_points",
    "ci_low",
    "ci_high",
    "mcnemar_p",
    "mcnemar_p_holm",
    "holm_confidence",
    "ci_low_holm",
    "ci_high_holm",
    "verdict",
    "score_first",
    "score_second",
    "score_diff",
    "signed_rank_p",
    "signed_rank_p_holm",
]


@shared_parameters
def compare_respondent_types(
    data: pd.DataFrame, *, codebook: Codebook | None = None, item: str | Sequence[str] | None = None
) -> pd.DataFrame:
    """Per item, how the two respondent types of the same municipalities answered (second − first).

    The methods: weighted κ and Gwet's AC2 with BCa intervals (:func:`jusolib.stats.agreement.agreement_bootstrap`),
    Newcombe's paired interval (method 10, :func:`jusolib.stats.agreement.newcombe_paired_interval`),
    McNemar's mid-p (:func:`jusolib.stats.agreement.mcnemar_midp`), Wilcoxon's exact signed-rank test
    (:func:`jusolib.stats.agreement.signed_rank_exact`) and Holm's adjustment (:func:`jusolib.stats.crosstab.holm`).

    Parameters
    ----------
    data
        Tidy responses of one fiscal year with ``respondent_type``, ``muni_code``, ``item_id`` and ``answer``
        (both respondent types).
    item
        An item or several, by id or question number (「問1-2」); ``None`` for every item of the codebook.
        Items no municipality answered on both sides get no row.

    Returns
    -------
    DataFrame
        One row per item in questionnaire order: ``n_both`` (municipalities where both types answered the
        item, 無回答 included), ``n_pairs`` (pairs without 無回答, the base of everything else),
        ``n_excluded`` (pairs with 無回答 on either side), ``agree``/``agreement`` (same answer, count and %),
        ``kappa`` and ``ac2`` (quadratic weights on the option scores) with BCa bootstrap intervals
        (``…_low``/``…_high``), the paired 2×2 cells of the positive answers (``both``, ``first_only``,
        ``second_only``, ``neither``), ``share_first``/``share_second`` (positive %), ``diff_points`` (exact,
        rounded half up once) with ``ci_low``/``ci_high`` (Newcombe, continuity-corrected, 95%, no
        adjustment for multiple items), ``mcnemar_p`` (mid-p), ``score_first``/``score_second``/``score_diff``
        (0–100), ``signed_rank_p``, the two p-values Holm-adjusted across the items of each section
        (``…_holm``), and the difference's interval at the level Holm decides the item at
        (``holm_confidence``, ``ci_low_holm``/``ci_high_holm``) with the ``verdict`` the two give together
        (:func:`jusolib.stats.crosstab.holm_verdict`).
    """
    codebook = codebook_for(data, codebook)
    pairs = pair_answers(data, codebook=codebook, item=item)
    items = codebook.item_ids_of(item) if item is not None else codebook.item_ids()
    groups = {i: part for i, part in pairs.groupby("item_id", sort=False)}
    rows = [_item_row(i, groups.get(i, pairs.iloc[:0]), codebook) for i in items if i in groups]
    out = pd.DataFrame(rows).reindex(columns=COLUMNS)
    for column in ("mcnemar_p", "signed_rank_p"):
        out[f"{column}_holm"] = np.nan
        for _, part in out.groupby("section", sort=False):
            out.loc[part.index, f"{column}_holm"] = holm(part[column])
    return _holm_intervals(out)


def _holm_intervals(out: pd.DataFrame) -> pd.DataFrame:
    """The Newcombe interval of each item again at the level Holm decides it at, and the verdict."""
    out = out.copy()
    out["holm_confidence"] = np.nan
    for _, part in out.groupby("section", sort=False):
        levels = holm_levels(part["mcnemar_p"].tolist())
        out.loc[part.index, "holm_confidence"] = [1 - level for level in levels]
    limits = [
        newcombe_paired_interval(int(a), int(b), int(c), int(d), confidence)[1:]
        if confidence == confidence
        else (math.nan, math.nan)
        for a, b, c, d, confidence in zip(
            out["both"].fillna(0),
            out["first_only"].fillna(0),
            out["second_only"].fillna(0),
            out["neither"].fillna(0),
            out["holm_confidence"],
            strict=True,
        )
    ]
    out["ci_low_holm"] = [low for low, _ in limits]
    out["ci_high_holm"] = [high for _, high in limits]
    out["verdict"] = [
        holm_verdict(float(p), float(low), float(high))
        for p, low, high in zip(out["mcnemar_p_holm"], out["ci_low_holm"], out["ci_high_holm"], strict=True)
    ]
    return out


@shared_parameters
def disagreements(data: pd.DataFrame, *, codebook: Codebook | None = None, top: int = TOP) -> pd.DataFrame:
    """The municipalities whose two answers differ most, over the items both respondent types answered.

    Ranked by the mean absolute score difference (0–100) over those items, then by how many items differ.
    The first ``top`` are kept, and every municipality tied with the last of them.

    Parameters
    ----------
    data
        Tidy responses of one fiscal year with ``respondent_type``, ``muni_code``, ``item_id`` and ``answer``
        (both respondent types).
    top
        How many municipalities to keep (default :data:`TOP`, 5); more when several tie at the cut.

    Returns
    -------
    DataFrame
        One row per municipality, most different first: ``muni_code``, ``n_items`` (items without 無回答 on
        either side), ``n_differ`` (items answered differently), ``mean_abs_diff`` (mean absolute score
        difference, 0–100 points), ``second_higher`` and ``first_higher`` (items where that side scored
        higher).

    Examples
    --------
    >>> data = pd.DataFrame({"fiscal_year": 2024, "item_id": "out_hubs", "muni_code": ["a", "a", "b", "b"],
    ...     "respondent_type": ["municipality", "council"] * 2,
    ...     "answer": ["あてはまる", "あてはまらない", "あてはまる", "どちらともいえない"]})
    >>> disagreements(data)[["muni_code", "mean_abs_diff", "first_higher"]].values.tolist()  # 2 and 1 of 2 steps
    [['a', 100.0, 1], ['b', 50.0, 1]]
    """
    codebook = codebook_for(data, codebook)
    pairs = pair_answers(data, codebook=codebook)
    valid = pairs[pairs["complete"]].copy()
    maxima = {i: codebook.scale_of(i).max_score for i in codebook.item_ids()}
    unit = 100 / valid["item_id"].map(maxima).astype(float)
    valid["diff"] = (valid["second_score"] - valid["first_score"]) * unit
    per = (
        valid.groupby("muni_code")
        .agg(
            n_items=("diff", "size"),
            n_differ=("diff", lambda d: int((d != 0).sum())),
            mean_abs_diff=("diff", lambda d: float(d.abs().mean())),
            second_higher=("diff", lambda d: int((d > 0).sum())),
            first_higher=("diff", lambda d: int((d < 0).sum())),
        )
        .reset_index()
    )
    per["mean_abs_diff"] = per["mean_abs_diff"].round(9)  # ties are ties, whatever the summation order
    per = per.sort_values(
        ["mean_abs_diff", "n_differ", "muni_code"], ascending=[False, False, True], kind="stable"
    ).reset_index(drop=True)
    if len(per) > top:
        cut = per.loc[top - 1, ["mean_abs_diff", "n_differ"]].tolist()
        keep = (per.index < top) | ((per["mean_abs_diff"] == cut[0]) & (per["n_differ"] == cut[1]))
        per = per[keep]
    return per.reset_index(drop=True)
