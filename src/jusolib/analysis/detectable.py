"""What the year's data can and cannot show: the smallest difference each test finds with 80% power.

With 23 respondents 「有意でない」 is read as 「差がない」 unless the reader knows how large a difference the test
would have found. Per section this computes (exactly, :mod:`jusolib.stats.power`) the detectable difference of

* the size-class test of the positive share — the trend test for an ordered scheme, Fisher's test otherwise —
  at the year's class sizes;
* the paired test (McNemar's mid-p) of 自治体 against 社協 at the section's number of pairs, and of the
  year-over-year panel at its number of municipalities,

each for one test at α = 0.05 and at the first step of Holm's method over the section's items (α/m). The table
goes to the workbook and the 方法 page; one plain sentence per section goes on the section page and in the
slide notes.

Examples
--------
>>> from jusolib import YearReport
>>> row = YearReport.load(2024).detectable().frame.loc["I"]
>>> int(row["回答者 n"]), row["区分の大きさ"]
(23, '3／7／8／5')
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

from jusolib.analysis.cache import cached
from jusolib.analysis.pairs import paired_comparison
from jusolib.analysis.tables import ReportTable
from jusolib.analysis.year_data import YearData
from jusolib.analysis.year_over_year import comparison
from jusolib.core.formatting import ALPHA
from jusolib.stats.power import POWER, detectable_class_difference, detectable_paired_difference
from jusolib.stats.year_over_year import PANEL

#: How each size-class test is named on the page (the workbook and the 方法 page give the statistical name).
TEST_WORDS = {"trend": "区分の順に沿った傾向の検定", "fisher": "Fisher の正確検定"}


def class_sizes(year: YearData) -> tuple[str, tuple[int, ...]]:
    """The test the size-class comparison uses (``"trend"`` or ``"fisher"``) and the class sizes it rests on
    (every respondent; for the trend test only the ordered classes, in order).

    Parameters
    ----------
    year
        The year's data: a :class:`~jusolib.report.YearReport` (or the
        :class:`~jusolib.analysis.year_data.YearData` it is made of).

    Returns
    -------
    tuple
        ``("trend" or "fisher", class sizes)``.
    """
    counts = year.classes.classes.value_counts(sort=False)
    order = year.classes.order
    if order:
        return "trend", tuple(int(counts.get(c, 0)) for c in order if counts.get(c, 0) > 0)
    return "fisher", tuple(int(v) for v in counts if v > 0)


def _median_n(values: pd.Series) -> int:
    present = values.dropna()
    return math.floor(float(np.median(present))) if len(present) else 0


def _section_pairs(year: YearData, section: str) -> int:
    paired = paired_comparison(year)
    if paired is None:
        return 0
    return _median_n(paired.loc[paired["section"] == section, "n_pairs"])


def _section_panel(year: YearData, section: str) -> int:
    compared = comparison(year)
    if compared is None:
        return 0
    items = set(year.codebook.item_ids(section))
    rows = compared[(compared["group"] == PANEL) & compared["item_id"].isin(items) & compared["comparable"]]
    return _median_n(rows["n_panel"].astype(float))


def _items(year: YearData, section: str) -> int:
    """The number of the section's items in the year's data (the size of its Holm family)."""
    present = set(year.data["item_id"])
    return len([i for i in year.codebook.item_ids(section) if i in present])


def _points(value: int | None) -> float:
    return math.nan if value is None else float(value)


@cached
def detectable_numbers(year: YearData) -> pd.DataFrame:
    """The detectable differences per section, as numbers (see the module docstring); NaN where the test cannot
    reach 80% power even at 100 points, or where there is nothing to compare.

    Parameters
    ----------
    year
        The year's data: a :class:`~jusolib.report.YearReport` (or the
        :class:`~jusolib.analysis.year_data.YearData` it is made of).

    Returns
    -------
    DataFrame
        One row per section: ``section``, ``items``, ``n``, ``sizes``, ``test``, ``class_alpha``, ``class_holm``,
        ``pairs``, ``paired_alpha``, ``paired_holm``, ``panel``, ``panel_alpha``, ``panel_holm`` (points).

    Examples
    --------
    >>> numbers = report.detectable_numbers().set_index("section")
    >>> numbers.loc["I", ["items", "n", "class_alpha", "class_holm"]].tolist()  # doctest: +SKIP
    [5, 23, 66.0, 76.0]
    """
    test, sizes = class_sizes(year)
    rows: list[dict[str, Any]] = []
    for section in year.sections():
        m = _items(year, section)
        pairs, panel = _section_pairs(year, section), _section_panel(year, section)
        holm_alpha = ALPHA / m if m else ALPHA
        rows.append(
            {
                "section": section,
                "items": m,
                "n": int(sum(sizes)),
                "sizes": sizes,
                "test": test,
                "class_alpha": _points(detectable_class_difference(sizes, alpha=ALPHA, test=test)),
                "class_holm": _points(detectable_class_difference(sizes, alpha=holm_alpha, test=test)),
                "pairs": pairs,
                "paired_alpha": _points(detectable_paired_difference(pairs, alpha=ALPHA)),
                "paired_holm": _points(detectable_paired_difference(pairs, alpha=holm_alpha)),
                "panel": panel,
                "panel_alpha": _points(detectable_paired_difference(panel, alpha=ALPHA)),
                "panel_holm": _points(detectable_paired_difference(panel, alpha=holm_alpha)),
            }
        )
    return pd.DataFrame(rows)


@cached
def detectable(year: YearData) -> ReportTable:
    """The detectable difference of each section's tests at the year's n (the 検出できる差 sheet of the workbook).

    Parameters
    ----------
    year
        The year's data: a :class:`~jusolib.report.YearReport` (or the
        :class:`~jusolib.analysis.year_data.YearData` it is made of).

    Returns
    -------
    ReportTable
        One row per section (key 検出できる差).

    Examples
    --------
    >>> report.detectable().key
    '検出できる差'
    """
    numbers = detectable_numbers(year)
    frame = pd.DataFrame(
        {
            "設問群": numbers["section"],
            "項目数": numbers["items"],
            "回答者 n": numbers["n"],
            "区分の大きさ": ["／".join(map(str, s)) for s in numbers["sizes"]],
            "規模の検定": [TEST_WORDS[t] for t in numbers["test"]],
            "規模の差（1項目）": numbers["class_alpha"],
            "規模の差（Holm補正）": numbers["class_holm"],
            "自治体と社協の組 n": numbers["pairs"],
            "自治体と社協の差（1項目）": numbers["paired_alpha"],
            "自治体と社協の差（Holm補正）": numbers["paired_holm"],
            "前年度と両方回答 n": numbers["panel"],
            "前年度との差（1項目）": numbers["panel_alpha"],
            "前年度との差（Holm補正）": numbers["panel_holm"],
        }
    ).set_index("設問群")
    notes = [
        f"各検定が{int(POWER * 100)}%の確率で「有意」と判定できる最小の差（肯定的回答の割合、ポイント）。すべての結果を数え"
        "上げた正確な計算。これより小さい差は、実際にあっても「有意でない」となることが多い。",
        f"「1項目」: 有意水準{ALPHA}の検定1つ。「Holm補正」: 設問群の項目数 m で Holm の方法の最初の段階（{ALPHA}/m）"
        "— 補正後に最も有利な項目でもこの差が必要。",
        "規模の差: 区分の半分（順序の前半）の割合が50%−差/2、残りが50%＋差/2 のとき（割合が50%付近は最もばらつくため、"
        "最も厳しい場合）。傾向の検定は Cochran–Armitage の正確検定、それ以外は Fisher の正確検定。",
        "自治体と社協・前年度との差: 2つの割合が50%−差/2 と 50%＋差/2 で、2つの回答が互いに無関係なとき（関係が強いほど"
        "小さな差も検出できる）。McNemar の mid-p 検定。組の数は設問群の項目の中央値。",
        "「−」: 比較する組がない、または100ポイントの差でも8割に届かない。",
    ]
    return ReportTable(
        "検出できる差",
        "検定で検出できる差（検出力80%）",
        frame,
        notes,
        count_columns=["回答者 n", "自治体と社協の組 n", "前年度と両方回答 n"],
        integer_columns=[
            "項目数",
            "規模の差（1項目）",
            "規模の差（Holm補正）",
            "自治体と社協の差（1項目）",
            "自治体と社協の差（Holm補正）",
            "前年度との差（1項目）",
            "前年度との差（Holm補正）",
        ],
    )


def _about(points: float) -> str:
    return "100ポイントの差でも8割に届かない" if math.isnan(points) else f"およそ{int(points)}ポイント"


def detectable_sentence(year: YearData, section: str) -> str:
    """One plain sentence: how large a size-class difference the section's test finds 8 times in 10.

    Parameters
    ----------
    year
        The year's data: a :class:`~jusolib.report.YearReport` (or the
        :class:`~jusolib.analysis.year_data.YearData` it is made of).
    section
        A section of the questionnaire by its key: ``"I"``, ``"II"``, ``"III"``.

    Returns
    -------
    str
        The sentence.

    Examples
    --------
    >>> print(report.detectable_sentence("I"))  # doctest: +ELLIPSIS
    この回答数（23、区分ごとに3／7／8／5）で、規模の区分の間の差を8割の確率で検出できるのは、肯定的回答の割合の差が...
    """
    test, sizes = class_sizes(year)  # only the class test: the paired numbers are not needed here
    m = _items(year, section)
    single = _points(detectable_class_difference(sizes, alpha=ALPHA, test=test))
    corrected = _points(detectable_class_difference(sizes, alpha=ALPHA / m if m else ALPHA, test=test))
    left_out = "、順序のない区分を除く" if sum(sizes) < year.n_respondents else ""
    return (
        f"この回答数（{sum(sizes)}、区分ごとに{'／'.join(map(str, sizes))}{left_out}）で、規模の区分の間の差を8割の確率で"
        f"検出できるのは、肯定的回答の割合の差が{_about(single)}以上のとき（この設問群の{m}項目の"
        f"補正を含めると{_about(corrected)}）。これより小さい差は、実際にあっても「有意でない」となりやすい。"
    )


def detectable_paired_sentence(year: YearData, section: str, *, panel: bool = False) -> str | None:
    """The same for the paired comparison: 自治体 against 社協, or (``panel``) this year against the previous
    one; ``None`` when there are no pairs.

    Parameters
    ----------
    year
        The year's data: a :class:`~jusolib.report.YearReport` (or the
        :class:`~jusolib.analysis.year_data.YearData` it is made of).
    section
        A section of the questionnaire by its key: ``"I"``, ``"II"``, ``"III"``.
    panel
        The year-over-year panel instead of 自治体 against 社協.

    Returns
    -------
    str or None
        The sentence, or ``None`` without pairs.

    Examples
    --------
    >>> print(report.detectable_paired_sentence("II"))  # doctest: +ELLIPSIS
    同じ区市の自治体と社協の比較（組 23）で、8割の確率で検出できるのは、肯定的回答の割合の差が...
    """
    row = detectable_numbers(year).set_index("section").loc[section]
    n, single, corrected = (
        (row["panel"], row["panel_alpha"], row["panel_holm"])
        if panel
        else (row["pairs"], row["paired_alpha"], row["paired_holm"])
    )
    if not n:
        return None
    who = "両年度とも回答した自治体の前年度との比較" if panel else "同じ区市の自治体と社協の比較"
    unit = "自治体" if panel else "組"
    return (
        f"{who}（{unit} {int(n)}）で、8割の確率で検出できるのは、肯定的回答の割合の差が{_about(single)}以上の"
        f"とき（この設問群の{int(row['items'])}項目の補正を含めると{_about(corrected)}）。"
    )


def detectable_summary(year: YearData, *, panel: bool = False) -> str:
    """Markdown: :func:`detectable_paired_sentence` of every section that has pairs, one bullet each.

    Parameters
    ----------
    year
        The year's data: a :class:`~jusolib.report.YearReport` (or the
        :class:`~jusolib.analysis.year_data.YearData` it is made of).
    panel
        The year-over-year panel instead of 自治体 against 社協.

    Returns
    -------
    str
        Markdown bullets (empty without pairs).

    Examples
    --------
    >>> print(report.detectable_summary().splitlines()[0])  # doctest: +ELLIPSIS
    - I 包括的支援体制の整備に向けた成果・進捗状況: 同じ区市の自治体と社協の比較（組 22）で、...
    """
    lines = []
    for section in year.sections():
        sentence = detectable_paired_sentence(year, section, panel=panel)
        if sentence:
            lines.append(f"- {year.section_title(section)}: {sentence}")
    return "\n".join(lines)
