"""自治体 and 社協 side by side as report tables: agreement, differences with paired intervals, the chart's numbers and the sentence.

The statistics are :mod:`jusolib.stats.paired` and :mod:`jusolib.stats.agreement`; these functions lay them out."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

from jusolib.analysis.tables import (
    HOLM_HIGH,
    HOLM_LOW,
    RAW_HIGH,
    RAW_LOW,
    VERDICT_LABELS,
    ReportTable,
    holm_interval_note,
)
from jusolib.core.formatting import ALPHA, NONE_MARK, format_share
from jusolib.stats.paired import (
    TOP,
    respondent_pair,
)
from jusolib.survey.codebook import Codebook

#: How often the weighted-κ interval (BCa) covered the true κ at 23 and 30 pairs, each of FY2024's 27 paired
#: tables taken as the truth, 1,000 samples each (``tools/kappa_coverage.py --replicates 1000``: 84.5–96.1% over
#: the 54, median 91.3%; the κ ± z·SE interval it replaced: 77.4–93.7%, median 90.5%).
KAPPA_COVERAGE = "項目によって85〜96%（中央値91%）"


# -- report tables -------------------------------------------------------------------------------------------
def _label(codebook: Codebook, key: str) -> str:
    return codebook.respondent_type_label(key)


def _one_decimal(value: Any) -> float:
    return math.nan if value is None or value != value else float(format_share(float(value)))


def agreement_table(comparison: pd.DataFrame, *, section: str, codebook: Codebook) -> ReportTable:
    """How often the two respondent types of a municipality gave the same answer, item by item.

    Parameters
    ----------
    comparison
        Per item, the paired comparison (:func:`jusolib.stats.paired.compare_respondent_types`): one row per item
        with its ``section``.
    section
        A section of the questionnaire by its key: ``"I"``, ``"II"``, ``"III"``.
    codebook
        The year's codebook (item labels, respondent type labels).

    Returns
    -------
    ReportTable
        Key ``{section}_自治体社協_一致``: one row per item of the section (index 項目, its label) with 両方が回答,
        除外（無回答を含む組）, 比較した組, 同じ回答, 一致率（%） and its Wilson interval, 重み付きκ and AC2 with their
        bootstrap intervals; the notes say how each is computed and how well the κ interval covers.
    """
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
            "AC2": part["ac2"].round(3).to_numpy(),
            "AC2 95%信頼区間 下限": part["ac2_low"].round(3).to_numpy(),
            "AC2 95%信頼区間 上限": part["ac2_high"].round(3).to_numpy(),
        },
        index=pd.Index([codebook.item(i)["label"] for i in part["item_id"]], name="項目"),
    )
    excluded = int(part["n_excluded"].sum())
    notes = [
        f"組: 同じ区市の{first}と{second}の回答。{first}と{second}の両方が回答した区市のうち、どちらかが無回答の組は"
        f"その項目の比較から除いた（この設問群で計{excluded}組、「除外」列）。",
        "一致率: 比較した組のうち、同じ選択肢を選んだ組の割合。95%信頼区間は Wilson のスコア法。",
        "重み付きκ: 選択肢の得点の差の2乗で重み付けした一致（1 = 完全に一致、0 = 偶然と同程度）。95%信頼区間は組を"
        "復元抽出するブートストラップ（BCa 法、乱数の種を固定）。組が20〜30では近似で、模擬実験では真の値を含むのは"
        f"{KAPPA_COVERAGE}と、多くの項目で95%より少ない。すべての組が一致した項目では区間は求められない（−）: "
        "一致率の95%信頼区間（Wilson）がその代わりになる。",
        "AC2: Gwet の一致係数（κ と同じ重み）。回答が一方の選択肢に偏ると、一致していても κ は低く出る（κ の逆説）。"
        "κ が低く AC2 が高い項目は、食い違いではなく回答の偏りのため κ が低い。",
    ]
    return ReportTable(
        f"{section}_{first}{second}_一致",
        f"{section} {first}と{second}の回答の一致",
        frame,
        notes,
        percent_columns=["一致率（%）"],
        interval_columns=["一致率 95%信頼区間 下限", "一致率 95%信頼区間 上限"],
        statistic_columns=[
            "重み付きκ",
            "κ 95%信頼区間 下限",
            "κ 95%信頼区間 上限",
            "AC2",
            "AC2 95%信頼区間 下限",
            "AC2 95%信頼区間 上限",
        ],
        count_columns=["両方が回答", "比較した組"],
        integer_columns=["除外（無回答を含む組）", "同じ回答"],
    )


def difference_table(comparison: pd.DataFrame, *, section: str, codebook: Codebook) -> ReportTable:
    """Positive shares and scores of the two respondent types on the same pairs, and their differences.

    Parameters
    ----------
    comparison
        Per item, the paired comparison (:func:`jusolib.stats.paired.compare_respondent_types`): one row per item
        with its ``section``.
    section
        A section of the questionnaire by its key: ``"I"``, ``"II"``, ``"III"``.
    codebook
        The year's codebook (item labels, respondent type labels, the positive answers).

    Returns
    -------
    ReportTable
        Key ``{section}_自治体社協_差``: one row per item of the section (index 項目) with 比較した組, both positive
        shares, 差（ポイント） (社協 − 自治体) with its interval at the Holm level, McNemar p (Holm), 判定（補正後）,
        the two scores, 得点差 and the signed-rank p (Holm); the workbook also gets the unadjusted interval and p.
    """
    first, second = (_label(codebook, k) for k in respondent_pair(codebook))
    part = comparison[comparison["section"] == section]
    frame = pd.DataFrame(
        {
            "比較した組": part["n_pairs"].astype(int).to_numpy(),
            f"{first} %": part["share_first"].to_numpy(),
            f"{second} %": part["share_second"].to_numpy(),
            "差（ポイント）": part["diff_points"].to_numpy(),
            HOLM_LOW: part["ci_low_holm"].map(_one_decimal).to_numpy(),
            HOLM_HIGH: part["ci_high_holm"].map(_one_decimal).to_numpy(),
            "McNemar p（Holm補正）": part["mcnemar_p_holm"].astype(float).to_numpy(),
            "判定（補正後）": [VERDICT_LABELS[str(v) if v == v else ""] for v in part["verdict"]],
            f"得点 {first}": part["score_first"].map(_one_decimal).to_numpy(),
            f"得点 {second}": part["score_second"].map(_one_decimal).to_numpy(),
            "得点差": part["score_diff"].map(_one_decimal).to_numpy(),
            "符号付き順位 p（Holm補正）": part["signed_rank_p_holm"].astype(float).to_numpy(),
            "区間の信頼水準（%）": (100 * part["holm_confidence"]).map(_one_decimal).to_numpy(),
            RAW_LOW: part["ci_low"].map(_one_decimal).to_numpy(),
            RAW_HIGH: part["ci_high"].map(_one_decimal).to_numpy(),
            "McNemar p（補正なし）": part["mcnemar_p"].astype(float).to_numpy(),
        },
        index=pd.Index([codebook.item(i)["label"] for i in part["item_id"]], name="項目"),
    )
    notes = [
        f"差はすべて {second} − {first}。基数は両方が回答した組（無回答を含む組は除く）。",
        f"肯定的回答（{codebook.positive_definition()}）の割合の差は正確な分数から計算して一度だけ四捨五入。"
        "信頼区間は Newcombe (1998) の対応のある比較の方法10（連続性補正したφ*）、p値は McNemar の mid-p 検定"
        "（回答が食い違った組の二項検定から観測値の確率の半分を除く。Fagerland ほか 2013。通常の正確検定より保守的で"
        "なく、Newcombe の区間と判定がほぼ一致する。一致しない項目は「境界」と示す）。",
        "得点: 選択肢の得点を0〜100に換算した平均。得点差の検定は Wilcoxon の符号付き順位検定（同順位を含む正確な分布、"
        "差が0の組は除く）。",
        holm_interval_note(f"設問群（{section}）の{len(part)}項目"),
    ]
    return ReportTable(
        f"{section}_{first}{second}_差",
        f"{section} {first}と{second}の差（{second} − {first}）",
        frame,
        notes,
        percent_columns=[f"{first} %", f"{second} %"],
        count_columns=["比較した組"],
        p_columns=["McNemar p（Holm補正）", "符号付き順位 p（Holm補正）", "McNemar p（補正なし）"],
        # one decimal whatever the values (a difference of exactly 0 prints 0.0, as every other row does)
        interval_columns=[
            "差（ポイント）",
            HOLM_LOW,
            HOLM_HIGH,
            f"得点 {first}",
            f"得点 {second}",
            "得点差",
            RAW_LOW,
            RAW_HIGH,
            "区間の信頼水準（%）",
        ],
        workbook_only=["区間の信頼水準（%）", RAW_LOW, RAW_HIGH, "McNemar p（補正なし）"],
    )


def disagreement_table(
    ranked: pd.DataFrame, *, codebook: Codebook, names: pd.Series | None, top: int = TOP
) -> ReportTable:
    """The municipalities whose two answers differ most: by name, or (``names`` ``None``) by rank only, as the
    published report never names municipalities in its results.

    Parameters
    ----------
    ranked
        The municipalities ranked by how much their two answers differ
        (:func:`jusolib.stats.paired.rank_disagreements`): ``muni_code``, ``n_items``, ``n_differ``,
        ``mean_abs_diff``, ``first_higher``, ``second_higher``.
    codebook
        The year's codebook (respondent type labels).
    names
        Municipality names by 6-digit 団体コード; a code without a name is shown as the code.
    top
        How many municipalities the ranking kept, for the note (ties included).

    Returns
    -------
    ReportTable
        Key ``自治体社協_食い違い``: one row per municipality (index 区市, its name; without names, index 順位) with 比較した項目, 回答が異なる項目,
        得点差の大きさ（平均）, and how many items each respondent type rated higher.
    """
    first, second = (_label(codebook, k) for k in respondent_pair(codebook))
    columns = {
        "比較した項目": ranked["n_items"].astype(int).to_numpy(),
        "回答が異なる項目": ranked["n_differ"].astype(int).to_numpy(),
        "得点差の大きさ（平均）": ranked["mean_abs_diff"].map(_one_decimal).to_numpy(),
        f"{second}が高い項目": ranked["second_higher"].astype(int).to_numpy(),
        f"{first}が高い項目": ranked["first_higher"].astype(int).to_numpy(),
    }
    if names is not None:
        frame = pd.DataFrame(
            columns, index=pd.Index([names.get(c, c) for c in ranked["muni_code"]], name="区市")
        )
    else:  # ranks only (ties share a rank): the rank is the stub (held in place on a phone), a rank is no name
        ranks = ranked["mean_abs_diff"].map(_one_decimal).rank(method="min", ascending=False)
        frame = pd.DataFrame(columns, index=pd.Index([f"{int(r)}位" for r in ranks], name="順位"))
    notes = [
        f"両方が回答した項目（無回答を含む組は除く）について、{first}と{second}の得点（0〜100）の差の絶対値の平均が"
        f"大きい順に上位{top}（同順位を含む）。",
        "差が大きいことは、どちらの見方が正しいかを示すものではない。情報交換の手がかりとして示す。",
        *(
            []
            if names is not None
            else ["報告書と同じく、結果の順位には区市名を示さない（同順位は同じ差の大きさ）。"]
        ),
    ]
    return ReportTable(
        f"{first}{second}_食い違い",
        f"{first}と{second}の回答の食い違いが大きい区市",
        frame,
        notes,
        integer_columns=["比較した項目", "回答が異なる項目", f"{second}が高い項目", f"{first}が高い項目"],
        interval_columns=["得点差の大きさ（平均）"],
    )


def chart_frame(comparison: pd.DataFrame, *, codebook: Codebook) -> pd.DataFrame:
    """The positive-share differences in the shape :func:`jusolib.analysis.charts.change_chart` draws, with the
    intervals on the same basis as the Holm-adjusted verdicts (多重比較を補正).

    Parameters
    ----------
    comparison
        Per item, the paired comparison (:func:`jusolib.stats.paired.compare_respondent_types`): one row per item
        with its ``section``.
    codebook
        The year's codebook (respondent type labels, for the group's name).

    Returns
    -------
    DataFrame
        ``item_id``, ``group`` (「社協 − 自治体（肯定的回答の割合）」), ``comparable`` (the item has pairs),
        ``diff_points``, and ``ci_low`` / ``ci_high`` taken from the Holm-level interval.
    """
    first, second = (_label(codebook, k) for k in respondent_pair(codebook))
    return comparison.assign(
        group=f"{second} − {first}（肯定的回答の割合）",
        comparable=comparison["n_pairs"] > 0,
        ci_low=comparison["ci_low_holm"],
        ci_high=comparison["ci_high_holm"],
    )[["item_id", "group", "comparable", "diff_points", "ci_low", "ci_high"]]


def gaps(comparison: pd.DataFrame, *, section: str, codebook: Codebook) -> str:
    """Markdown: the items of a section with no pair to compare (every pair has a 無回答), or ``""``.

    Parameters
    ----------
    comparison
        Per item, the paired comparison (:func:`jusolib.stats.paired.compare_respondent_types`): ``item_id``,
        ``section`` and ``n_pairs`` are read.
    section
        A section of the questionnaire by its key: ``"I"``, ``"II"``, ``"III"``.
    codebook
        The year's codebook (item labels).

    Returns
    -------
    str
        One sentence naming the items without a pair (or saying that no item of the section has one); ``""``
        when every item has a pair.

    Examples
    --------
    >>> from jusolib.survey.codebook import load_codebook
    >>> book = load_codebook(2024)
    >>> frame = pd.DataFrame({"item_id": ["out_hubs", "out_leaders"], "section": ["I", "I"], "n_pairs": [0, 5]})
    >>> gaps(frame, section="I", codebook=book)
    'この設問群で比較できる組がない項目（どの組もどちらかが無回答）: 「地域住民等が相互に交流を図ることのできる拠点」。表では「−」。'
    """
    part = comparison[comparison["section"] == section]
    empty = [codebook.item(i)["label"] for i in part.loc[part["n_pairs"] == 0, "item_id"]]
    if not empty:
        return ""
    if len(empty) == len(part):
        return "この設問群には比較できる組がない（どの項目も、どの組もどちらかが無回答）。図は示さず、表では「−」。"
    named = "、".join(f"「{label}」" for label in empty)
    return f"この設問群で比較できる組がない項目（どの組もどちらかが無回答）: {named}。表では「−」。"


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

    Parameters
    ----------
    comparison
        Per item, the paired comparison (:func:`jusolib.stats.paired.compare_respondent_types`), or ``None``
        when nothing could be paired.
    codebook
        The year's codebook (item and respondent type labels).
    counts
        How many respondents of each type answered, by respondent type key, and ``"both"``: the municipalities
        where both did.
    only_one
        By respondent type key, the names of the municipalities that only that type answered.

    Returns
    -------
    str
        Markdown bullets: who answered and was paired, who answered alone, pairs left out for 無回答 (and the item
        with most), how many differences are significant after Holm, the median agreement; or one sentence saying
        why no comparison is made.
    """
    first_key, second_key = respondent_pair(codebook)
    first, second = _label(codebook, first_key), _label(codebook, second_key)
    missing = [_label(codebook, k) for k in (first_key, second_key) if not counts.get(k)]
    if missing:
        return (
            f"この年度は{'・'.join(missing)}の回答データがないため、{first}と{second}の比較はできない"
            "（以下の表と図は表示しない）。"
        )
    if comparison is None or not counts.get("both"):
        return (
            f"この年度は{first} {counts[first_key]}、{second} {counts[second_key]}が回答したが、同じ区市で"
            f"{first}と{second}の両方が回答した組がないため、比較はできない（以下の表と図は表示しない）。"
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
        most = int(excluded["n_excluded"].max())
        worst = [codebook.item(i)["label"] for i in excluded.loc[excluded["n_excluded"] == most, "item_id"]]
        named = "・".join(f"「{label}」" for label in worst) + ("が並んで" if len(worst) > 1 else "の")
        lines.append(
            f"- 無回答を含む組は項目ごとに比較から除いた: {len(comparison)}項目中{len(excluded)}項目で計"
            f"{int(comparison['n_excluded'].sum())}組（最多は{named}{most}組）。項目ごとの数は各表の「除外」列。"
        )
    else:
        lines.append("- 無回答を含む組はなかった。")
    significant_share = int((comparison["verdict"] == "significant").sum())
    split = int((comparison["verdict"] == "test and interval disagree").sum())
    significant_score = int((comparison["signed_rank_p_holm"] < ALPHA).sum())
    lines.append(
        f"- 偶然の揺れを超える差（検定した項目の数に応じて基準を厳しくした判定。検定の名前は「方法」）: 肯定的回答の割合の差"
        f"{significant_share}項目、選択肢の得点の差{significant_score}項目（{len(comparison)}項目中）"
        + (f"。ほかに検定と区間で判定が分かれた項目が{split}項目（差があるとはしない）" if split else "")
        + "。組の数が少ないため、差が見つからないことは差がないことの証明にはならない。"
    )
    median_agreement = float(np.nanmedian(comparison["agreement"])) if len(comparison) else math.nan
    lines.append(
        f"- 同じ選択肢を選んだ組の割合（一致率）は項目の中央値で{format_share(median_agreement)}%。"
        if not math.isnan(median_agreement)
        else f"- 一致率: {NONE_MARK}。"
    )
    return "\n".join(lines)
