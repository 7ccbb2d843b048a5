"""自治体 and 社協 side by side: the two answers of each implementing municipality, item by item.

Each municipality that implements the project answers twice — the municipality (自治体) and its council of
social welfare (社協). Pairing the two answers of the same municipality shows where the two see their shared
project differently. All differences are **second − first** in the codebook's order of respondent types
(社協 − 自治体). A pair with 無回答 on either side is counted and left out of that item.

* :func:`pair_answers` — one row per municipality × item answered by both respondent types;
* :func:`compare_respondent_types` — per item: exact agreement, weighted kappa (quadratic) with its interval,
  the positive-share difference with Newcombe's continuity-corrected paired interval and McNemar's exact p,
  the score difference with the exact signed-rank test; Holm across each section's items;
* :func:`disagreements` — the municipalities whose two answers differ most;
* :func:`agreement_table`, :func:`difference_table`, :func:`disagreement_table` — the report tables.

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

import numpy as np
import pandas as pd

from jusolib.analysis.tables import ReportTable
from jusolib.core.formatting import NONE_MARK, difference_points, format_share, percent
from jusolib.stats.agreement import mcnemar_exact, newcombe_paired_interval, signed_rank_exact, weighted_kappa
from jusolib.stats.crosstab import holm
from jusolib.stats.score import _check_columns, codebook_for, wilson_interval
from jusolib.survey.codebook import Codebook

#: How many municipalities :func:`disagreements` lists by default (more when several tie at the cut).
TOP = 5


def respondent_pair(codebook: Codebook) -> tuple[str, str]:
    """The two respondent types compared, in the codebook's order (differences are second − first).

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


def pair_answers(
    data: pd.DataFrame, *, codebook: Codebook | None = None, item: str | Sequence[str] | None = None
) -> pd.DataFrame:
    """The answers of both respondent types of each municipality, one row per municipality × item.

    Only municipalities for which both respondent types answered the item are kept. ``complete`` is False
    when either side is 無回答 (such a pair is counted and left out of the comparison).

    Returns
    -------
    DataFrame
        ``muni_code``, ``item_id``, ``first``, ``second`` (answers), ``first_score``, ``second_score`` (the
        options' scores, NaN for 無回答), ``first_positive``, ``second_positive`` and ``complete``.
    """
    codebook = codebook_for(data, codebook)
    _check_columns(data, ["respondent_type", "muni_code", "item_id", "answer"])
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
    row: dict[str, object] = {
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
    kappa = weighted_kappa(table, [o.score for o in scale.options])
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
        "kappa": kappa.kappa,
        "kappa_low": kappa.ci_low,
        "kappa_high": kappa.ci_high,
        "kappa_method": kappa.method,
        "first_positive": k1,
        "second_positive": k2,
        "share_first": float(percent(k1, n)),
        "share_second": float(percent(k2, n)),
        "diff_points": float(difference_points((k1, n), (k2, n))),
        "ci_low": low,
        "ci_high": high,
        "mcnemar_p": mcnemar_exact(cells[1], cells[2]).pvalue,
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
    "kappa_method",
    "first_positive",
    "second_positive",
    "share_first",
    "share_second",
    "diff_points",
    "ci_low",
    "ci_high",
    "mcnemar_p",
    "mcnemar_p_holm",
    "score_first",
    "score_second",
    "score_diff",
    "signed_rank_p",
    "signed_rank_p_holm",
]


def compare_respondent_types(
    data: pd.DataFrame, *, codebook: Codebook | None = None, item: str | Sequence[str] | None = None
) -> pd.DataFrame:
    """Per item, how the two respondent types of the same municipalities answered (second − first).

    Returns
    -------
    DataFrame
        One row per item in questionnaire order: ``n_both`` (municipalities where both types answered the
        item, 無回答 included), ``n_pairs`` (pairs without 無回答, the base of everything else),
        ``n_excluded`` (pairs with 無回答 on either side), ``agree``/``agreement`` (same answer, count and %),
        ``kappa`` with ``kappa_low``/``kappa_high`` (quadratic weights on the option scores),
        ``share_first``/``share_second`` (positive %), ``diff_points`` (exact, rounded half up once) with
        ``ci_low``/``ci_high`` (Newcombe, continuity-corrected), ``mcnemar_p``, ``score_first``/
        ``score_second``/``score_diff`` (0–100), ``signed_rank_p``, and the two p-values Holm-adjusted across
        the items of each section (``…_holm``).
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
    return out


def disagreements(data: pd.DataFrame, *, codebook: Codebook | None = None, top: int = TOP) -> pd.DataFrame:
    """The municipalities whose two answers differ most, over the items both respondent types answered.

    Ranked by the mean absolute score difference (0–100) over those items, then by how many items differ.
    The first ``top`` are kept, and every municipality tied with the last of them.

    Returns
    -------
    DataFrame
        ``muni_code``, ``n_items``, ``n_differ``, ``mean_abs_diff``, ``second_higher``, ``first_higher``.
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


# -- report tables -------------------------------------------------------------------------------------------
def _label(codebook: Codebook, key: str) -> str:
    return codebook.respondent_type_label(key)


def _one_decimal(value: object) -> float:
    return math.nan if value is None or value != value else float(format_share(float(value)))


def agreement_table(comparison: pd.DataFrame, *, section: str, codebook: Codebook) -> ReportTable:
    """How often the two respondent types of a municipality gave the same answer, item by item."""
    first, second = (_label(codebook, k) for k in respondent_pair(codebook))
    part = comparison[comparison["section"] == section]
    frame = pd.DataFrame(
        {
            "両方が回答": part["n_both"].astype(int).to_numpy(),
            "除外（無回答を含む組）": part["n_excluded"].astype(int).to_numpy(),
            "比較した組": part["n_pairs"].astype(int).to_numpy(),
            "同じ回答": part["agree"].astype(int).to_numpy(),
            "一致率（%）": part["agreement"].to_numpy(),
            "一致率 95%信頼区間 下限": part["agreement_low"].map(_one_decimal).to_numpy(),
            "一致率 95%信頼区間 上限": part["agreement_high"].map(_one_decimal).to_numpy(),
            "重み付きκ": part["kappa"].round(3).to_numpy(),
            "κ 95%信頼区間 下限": part["kappa_low"].round(3).to_numpy(),
            "κ 95%信頼区間 上限": part["kappa_high"].round(3).to_numpy(),
        },
        index=pd.Index([codebook.item(i)["label"] for i in part["item_id"]], name="項目"),
    )
    excluded = int(part["n_excluded"].sum())
    notes = [
        f"組: 同じ区市の{first}と{second}の回答。{first}と{second}の両方が回答した区市のうち、どちらかが無回答の組は"
        f"その項目の比較から除いた（この設問群で計{excluded}組、「除外」列）。",
        "一致率: 比較した組のうち、同じ選択肢を選んだ組の割合。95%信頼区間は Wilson のスコア法。",
        "重み付きκ: 選択肢の得点の差の2乗で重み付けした一致（1 = 完全に一致、0 = 偶然と同程度）。95%信頼区間は "
        "Fleiss, Cohen & Everitt (1969) の標準誤差による κ ± 1.96×SE（組が20余りでは近似で、やや狭めに出る）。"
        "すべての組が一致した項目では標準誤差が0になり κ の区間は求められない（−）。一致率の95%信頼区間（Wilson）が"
        "その代わりになる。",
    ]
    return ReportTable(
        f"{section}_{first}{second}_一致",
        f"{section} {first}と{second}の回答の一致",
        frame,
        notes,
        percent_columns=["一致率（%）"],
        interval_columns=["一致率 95%信頼区間 下限", "一致率 95%信頼区間 上限"],
        statistic_columns=["重み付きκ", "κ 95%信頼区間 下限", "κ 95%信頼区間 上限"],
        count_columns=["両方が回答", "比較した組"],
        integer_columns=["除外（無回答を含む組）", "同じ回答"],
    )


def difference_table(comparison: pd.DataFrame, *, section: str, codebook: Codebook) -> ReportTable:
    """Positive shares and scores of the two respondent types on the same pairs, and their differences."""
    first, second = (_label(codebook, k) for k in respondent_pair(codebook))
    part = comparison[comparison["section"] == section]
    frame = pd.DataFrame(
        {
            "比較した組": part["n_pairs"].astype(int).to_numpy(),
            f"{first} %": part["share_first"].to_numpy(),
            f"{second} %": part["share_second"].to_numpy(),
            "差（ポイント）": part["diff_points"].to_numpy(),
            "95%信頼区間 下限": part["ci_low"].map(_one_decimal).to_numpy(),
            "95%信頼区間 上限": part["ci_high"].map(_one_decimal).to_numpy(),
            "McNemar p": part["mcnemar_p"].astype(float).to_numpy(),
            "McNemar p（Holm補正）": part["mcnemar_p_holm"].astype(float).to_numpy(),
            f"得点 {first}": part["score_first"].map(_one_decimal).to_numpy(),
            f"得点 {second}": part["score_second"].map(_one_decimal).to_numpy(),
            "得点差": part["score_diff"].map(_one_decimal).to_numpy(),
            "符号付き順位 p（Holm補正）": part["signed_rank_p_holm"].astype(float).to_numpy(),
        },
        index=pd.Index([codebook.item(i)["label"] for i in part["item_id"]], name="項目"),
    )
    notes = [
        f"差はすべて {second} − {first}。基数は両方が回答した組（無回答を含む組は除く）。",
        "肯定的回答（I・II: あてはまる、III: とても＋あてはまる）の割合の差は正確な分数から計算して一度だけ四捨五入。"
        "95%信頼区間は Newcombe (1998) の対応のある比較の方法10（連続性補正したφ*）、p値は McNemar の正確検定"
        "（回答が食い違った組の二項検定）。",
        "得点: 選択肢の得点を0〜100に換算した平均。得点差の検定は Wilcoxon の符号付き順位検定（同順位を含む正確な分布、"
        "差が0の組は除く）。",
        f"p値は同じ設問群（{section}）の{len(part)}項目で Holm の方法により補正。補正後 p < 0.05 のみ「有意」とする。"
        "区間（Newcombe）と検定（McNemar）は方法が異なるため、境界近くでは区間だけが0を外し p は0.05を超える"
        "ことがある。差があるといえるかは補正後の p で判断する。",
    ]
    return ReportTable(
        f"{section}_{first}{second}_差",
        f"{section} {first}と{second}の差（{second} − {first}）",
        frame,
        notes,
        percent_columns=[f"{first} %", f"{second} %"],
        count_columns=["比較した組"],
        p_columns=["McNemar p", "McNemar p（Holm補正）", "符号付き順位 p（Holm補正）"],
        interval_columns=["95%信頼区間 下限", "95%信頼区間 上限"],
    )


def disagreement_table(
    ranked: pd.DataFrame, *, codebook: Codebook, names: pd.Series, top: int = TOP
) -> ReportTable:
    """The municipalities whose two answers differ most (names shown, as the report names implementing ones)."""
    first, second = (_label(codebook, k) for k in respondent_pair(codebook))
    frame = pd.DataFrame(
        {
            "比較した項目": ranked["n_items"].astype(int).to_numpy(),
            "回答が異なる項目": ranked["n_differ"].astype(int).to_numpy(),
            "得点差の大きさ（平均）": ranked["mean_abs_diff"].map(_one_decimal).to_numpy(),
            f"{second}が高い項目": ranked["second_higher"].astype(int).to_numpy(),
            f"{first}が高い項目": ranked["first_higher"].astype(int).to_numpy(),
        },
        index=pd.Index([names.get(c, c) for c in ranked["muni_code"]], name="区市"),
    )
    notes = [
        f"両方が回答した項目（無回答を含む組は除く）について、{first}と{second}の得点（0〜100）の差の絶対値の平均が"
        f"大きい順に上位{top}（同順位を含む）。",
        "差が大きいことは、どちらの見方が正しいかを示すものではない。情報交換の手がかりとして示す。",
    ]
    return ReportTable(
        f"{first}{second}_食い違い",
        f"{first}と{second}の回答の食い違いが大きい区市",
        frame,
        notes,
        integer_columns=["比較した項目", "回答が異なる項目", f"{second}が高い項目", f"{first}が高い項目"],
    )


def chart_frame(comparison: pd.DataFrame, *, codebook: Codebook) -> pd.DataFrame:
    """The positive-share differences in the shape :func:`jusolib.analysis.charts.change_chart` draws."""
    first, second = (_label(codebook, k) for k in respondent_pair(codebook))
    return comparison.assign(
        group=f"{second} − {first}（肯定的回答の割合）", comparable=comparison["n_pairs"] > 0
    )[["item_id", "group", "comparable", "diff_points", "ci_low", "ci_high"]]


def summary(
    comparison: pd.DataFrame | None,
    *,
    codebook: Codebook,
    counts: dict[str, int],
    only_one: dict[str, list[str]],
) -> str:
    """Markdown: who could be paired, how many pairs were left out for 無回答, and what the tests found.

    ``counts`` holds the respondents of each type, ``only_one`` the names of municipalities that only one
    respondent type answered (by respondent type key).
    """
    first_key, second_key = respondent_pair(codebook)
    first, second = _label(codebook, first_key), _label(codebook, second_key)
    missing = [_label(codebook, k) for k in (first_key, second_key) if not counts.get(k)]
    if missing or comparison is None:
        return (
            f"この年度は{'・'.join(missing)}の回答データがないため、{first}と{second}の比較はできない"
            "（以下の表と図は表示しない）。"
        )
    both = counts["both"]
    lines = [
        f"- 回答: {first} {counts[first_key]}、{second} {counts[second_key]}。両方が回答した区市 {both}。",
    ]
    for key in (first_key, second_key):
        if only_one.get(key):
            lines.append(
                f"- {_label(codebook, key)}だけが回答した区市（比較から除く）: {'、'.join(only_one[key])}"
            )
    excluded = comparison[comparison["n_excluded"] > 0]
    if len(excluded):
        worst = excluded.sort_values("n_excluded", ascending=False, kind="stable").iloc[0]
        lines.append(
            f"- 無回答を含む組は項目ごとに比較から除いた: {len(comparison)}項目中{len(excluded)}項目で計"
            f"{int(comparison['n_excluded'].sum())}組（最多は「{codebook.item(worst['item_id'])['label']}」の"
            f"{int(worst['n_excluded'])}組）。項目ごとの数は各表の「除外」列。"
        )
    else:
        lines.append("- 無回答を含む組はなかった。")
    significant_share = int((comparison["mcnemar_p_holm"] < 0.05).sum())
    significant_score = int((comparison["signed_rank_p_holm"] < 0.05).sum())
    lines.append(
        f"- Holm 補正後 p < 0.05 となった項目: 肯定的回答の割合の差（McNemar）{significant_share}項目、"
        f"得点の差（符号付き順位検定）{significant_score}項目（{len(comparison)}項目中）。"
        "組の数が少ないため、有意でないことは差がないことの証明にはならない。"
    )
    median_agreement = float(np.nanmedian(comparison["agreement"])) if len(comparison) else math.nan
    lines.append(
        f"- 同じ選択肢を選んだ組の割合（一致率）は項目の中央値で{format_share(median_agreement)}%。"
        if not math.isnan(median_agreement)
        else f"- 一致率: {NONE_MARK}。"
    )
    return "\n".join(lines)
