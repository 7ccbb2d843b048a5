"""The 方法 page: how to read the numbers, in plain Japanese first, the statistical names and formulas last.

The paragraphs live in ``resources/texts.yaml`` (``methods_…``); this module gives them the year's facts (how many
answered, the class sizes, the detectable difference …) and the table of which test is primary for which
comparison. Every other page points here rather than explaining the methods again.

Examples
--------
>>> from jusolib import YearReport
>>> facts = methods_facts(YearReport.load(2024))
>>> facts["n"], facts["sizes"], facts["smallest"]
(23, '3／7／8／5', 3)
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

from jusolib.analysis.detectable import class_sizes, detectable_numbers
from jusolib.analysis.pair_tables import KAPPA_COVERAGE
from jusolib.analysis.tables import ReportTable
from jusolib.analysis.year_data import YearData
from jusolib.core.docstrings import shared_parameters
from jusolib.core.formatting import ALPHA, SMALL_BASE, format_share


def methods_facts(year: YearData) -> dict[str, Any]:
    """The values the 方法 paragraphs are filled with, from the year's data.

    Parameters
    ----------
    year
        The year's data: a :class:`~jusolib.report.YearReport` (or the
        :class:`~jusolib.analysis.year_data.YearData` it is made of).

    Returns
    -------
    dict
        The placeholders of the ``methods_…`` paragraphs of ``texts.yaml`` and their values.

    Examples
    --------
    >>> facts = methods_facts(report)
    >>> facts["m_max"], facts["chance_any"]  # 14 items: 1 − 0.95¹⁴ = 0.512
    (14, '51')
    """
    test, sizes = class_sizes(year)
    numbers = detectable_numbers(year)
    m_max = int(numbers["items"].max()) if len(numbers) else 0
    small = [s for s in sizes if s < SMALL_BASE]
    smallest = min(sizes) if sizes else 0
    if not sizes:
        reference = "区分はない"
    elif len(small) == len(sizes):
        reference = "すべての区分が参考値"
    elif small:
        reference = f"{len(sizes)}区分のうち{len(small)}区分が参考値"
    else:
        reference = "参考値の区分はない"
    return {
        "label": year.label,
        "respondent": year.respondent_label,
        "n": year.n_respondents,
        "sizes": "／".join(map(str, sizes)),
        "smallest": smallest,
        "one_answer": format_share(100 / smallest) if smallest else "−",
        "reference_count": reference,
        "class_alpha": _whole(numbers["class_alpha"].min() if len(numbers) else math.nan),
        "m_max": m_max,
        "chance_any": format_share(100 * (1 - (1 - ALPHA) ** m_max), 0) if m_max else "0",
        "kappa_coverage": KAPPA_COVERAGE,
        "test": test,
    }


def _whole(value: float) -> str:
    return "100超" if math.isnan(value) else str(int(value))


def methods_overview(year: YearData) -> ReportTable:
    """Which test is primary for which comparison, with what stands beside it and how it is adjusted.

    Parameters
    ----------
    year
        The year's data: a :class:`~jusolib.report.YearReport` (or the
        :class:`~jusolib.analysis.year_data.YearData` it is made of).

    Returns
    -------
    ReportTable
        One row per comparison (key 検定の一覧; on the 方法 page, not in the workbook).

    Examples
    --------
    >>> table = report.methods_overview()
    >>> table.frame.loc["規模による差（肯定的回答の割合）", "主な検定"]
    'Cochran–Armitage の傾向検定（正確）'
    """
    ordered = bool(year.classes.order)
    rows = [
        (
            "規模による差（肯定的回答の割合）",
            "01〜03",
            "Cochran–Armitage の傾向検定（正確）" if ordered else "Fisher の正確検定",
            "Fisher の正確検定" if ordered else "−",
            "割合: Wilson、差: Newcombe（補正なし、参考）",
            "設問群ごとに Holm",
        ),
        (
            "規模による差（回答の得点）",
            "01〜03",
            "線形×線形の正確検定" if ordered else "Kruskal–Wallis 検定（正確）",
            "Kruskal–Wallis 検定（正確）" if ordered else "−",
            "−",
            "設問群ごとに Holm",
        ),
        (
            "最も高い・低い項目",
            "01〜03、スライド",
            "次の項目との McNemar mid-p 検定",
            "−",
            "−",
            "2つの側で Holm",
        ),
        (
            "前年度との差（パネル）",
            "04",
            "McNemar mid-p 検定",
            "−",
            "Newcombe 方法10（多重比較を補正。補正なしは Excel）",
            "設問群ごとに Holm",
        ),
        (
            "前年度との差（全回答）",
            "04",
            "一部重複標本の z 検定",
            "−",
            "MOVER（多重比較を補正。補正なしは Excel）",
            "設問群ごとに Holm",
        ),
        (
            "自治体と社協の差（割合）",
            "05",
            "McNemar mid-p 検定",
            "−",
            "Newcombe 方法10（多重比較を補正。補正なしは Excel）",
            "設問群ごとに Holm",
        ),
        (
            "自治体と社協の差（得点）",
            "05",
            "Wilcoxon の符号付き順位検定（正確）",
            "−",
            "−",
            "設問群ごとに Holm",
        ),
        ("自治体と社協の一致", "05", "−", "−", "重み付きκ・AC2: BCa ブートストラップ", "−"),
        (
            "具体的な内容の特徴語",
            "01〜03",
            "語ごとの Fisher の正確検定（両側）",
            "調整済み残差（目安）",
            "−",
            "区分ごとに Benjamini–Hochberg（偽発見率）",
        ),
    ]
    frame = pd.DataFrame(
        rows, columns=["比較", "ページ", "主な検定", "並べて示す検定", "区間", "多重比較の補正"]
    ).set_index("比較")
    notes = [
        f"「有意」は補正後の p < {ALPHA}（区間のある比較では、同じ基準の区間も0を含まないとき）。",
        "区分の順序: "
        + ("あり（傾向の検定を主とする）" if ordered else "なし（区分全体の検定を主とする）")
        + "。",
    ]
    return ReportTable("検定の一覧", "比較ごとの検定", frame, notes)


@shared_parameters
def glossary(year: YearData) -> ReportTable:
    """用語の説明: the words of the pages a reader may not know, each explained once in plain Japanese (the
    ``glossary`` of ``resources/texts.yaml``).

    Returns
    -------
    ReportTable
        Key ``用語の説明``: 用語 (the stub) and 意味.

    Examples
    --------
    >>> table = report.glossary()
    >>> table.frame.loc["参考値", "意味"].startswith("回答者が10未満の区分の割合。")
    True
    """
    from jusolib.core.formatting import SMALL_BASE
    from jusolib.core.resources import texts

    entries = texts()["glossary"]
    frame = pd.DataFrame(
        {"意味": [str(e["meaning"]).format(small_base=SMALL_BASE) for e in entries]},
        index=pd.Index([str(e["term"]) for e in entries], name="用語"),
    )
    return ReportTable("用語の説明", "用語の説明", frame, [])
