"""The charts and sentences of a section page (I 成果・進捗, II 変化, III 課題) of a fiscal year's report.

Functions of a year's data (:class:`~jusolib.analysis.year_data.YearData`), methods of :class:`jusolib.report.YearReport`. Every number in a sentence comes from the section's tables,
never typed in.

Examples
--------
>>> from jusolib import YearReport
>>> print(YearReport.load(2024).section_summary("I")[:48])  # published: I-1 19 of 23 (82.6%)
「あてはまる」の割合が最も高いのは「地域住民の参加を促す活動を行う者」（82.6%、19/23）
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import pandas as pd

from jusolib.analysis.section_tables import class_tests, distribution, positive, significance
from jusolib.analysis.tables import ReportTable
from jusolib.analysis.year_data import YearData
from jusolib.core.formatting import ALPHA, p_text, percent
from jusolib.core.wording import by_label


def _note(year: YearData, base: str = "無回答を含む") -> str:
    return f"{year.label} {year.respondent_label} {year.n_respondents}（{base}）"


def plot_distribution(year: YearData, section: str) -> Any:
    """100% stacked bars of a section's answers, as published (n on each bar).

    Examples
    --------
    >>> fig = report.plot_distribution("I")
    >>> fig.axes[0].get_title(loc="left")
    'I 包括的支援体制の整備に向けた成果・進捗状況（%）'
    """
    from jusolib.analysis.charts import stacked_bars

    positive = sorted(
        {p for i in year.codebook.item_ids(section) for p in year.codebook.scale_of(i).positive}
    )
    frame = distribution(year, section).frame
    items = [i for i in year.codebook.item_ids(section) if i in set(year.data["item_id"])]
    frame = frame.set_axis([year.item_label(i) for i in items], axis=0)
    return stacked_bars(
        frame,
        title=f"{year.section_title(section)}（%）",
        positive=positive,
        synthetic=year.is_synthetic,
        note=_note(year),
        no_answer=year.codebook.no_answer_label,
    )


def plot_share_by_class(year: YearData, section: str) -> Any:
    """Positive share of each item of a section by size class, against all respondents.

    Examples
    --------
    >>> report.plot_share_by_class("I").axes[0].get_title(loc="left")
    'I 肯定的回答の割合 — 人口規模別'
    """
    from jusolib.analysis.charts import share_by_class
    from jusolib.stats.score import positive_share

    items = year.codebook.item_ids(section)
    by_class = positive_share(year.data, item=items, by=year.scheme, codebook=year.codebook)
    by_class = by_class.rename(columns={year.scheme: "class"})
    total = positive_share(year.data, item=items, codebook=year.codebook).assign(**{"class": "全体"})
    shares = pd.concat(
        [total, by_class.assign(**{"class": by_class["class"].astype(str)})], ignore_index=True
    )
    labels = {i: year.item_label(i) for i in items}
    return share_by_class(
        shares,
        labels=labels,
        title=f"{section} 肯定的回答の割合 — {by_label(year.classes.label)}",
        synthetic=year.is_synthetic,
        note=f"{year.caption}　割合の基数: 無回答を含む",
    )


def section_summary(year: YearData, section: str) -> str:
    """Markdown: the highest and lowest positive share of a section, with counts and bases, and what a test says.

    Shares are compared as exact fractions: items with the same share are named together, 「並んで」 (a tie names
    no winner). The base is every respondent, 無回答 included, as in the published charts; where leaving 無回答
    out would name other items (an item many left blank — III's ※ items — looks low on the full base), a
    second sentence says so with the 無回答を除く shares. Last, whether the extremes stand apart from the next
    items by a test (:func:`jusolib.analysis.extremes.extremes`): otherwise the sentence says it is a
    description, 「検定による差ではない」.

    Examples
    --------
    >>> print(report.section_summary("I"))  # published: I-1 19 of 23 (82.6%), I-2 13 of 23 (56.5%)
    「あてはまる」の割合が最も高いのは「地域住民の参加を促す活動を行う者」（82.6%、19/23）、最も低いのは「地域住民等が相互に交流を図ることのできる拠点」（56.5%、13/23）。割合の基数は無回答を含む自治体23。最も高い・最も低い項目と次の項目との差は、同じ自治体どうしの検定で偶然の範囲を超えるとはいえず、検定による差ではない（回答の記述）。
    """
    from jusolib.analysis.extremes import extremes

    table = positive(year, section).frame
    positive_label = table["肯定的回答"].iloc[0]
    full = {label: Fraction(int(r["件数"]), int(r["n"])) for label, r in table.iterrows() if r["n"]}
    valid = {  # positive answers are never 無回答: the same count over those who answered
        label: Fraction(int(r["件数"]), int(r["n（無回答を除く）"]))
        for label, r in table.iterrows()
        if r["n（無回答を除く）"]
    }

    def extreme_labels(shares: dict[str, Fraction]) -> tuple[list[str], list[str]]:
        high, low = max(shares.values()), min(shares.values())
        return [k for k, v in shares.items() if v == high], [k for k, v in shares.items() if v == low]

    def named(labels: list[str], count: str, base: str) -> str:
        counts = [f"{int(table.at[label, count])}/{int(table.at[label, base])}" for label in labels]
        share = percent(int(table.at[labels[0], count]), int(table.at[labels[0], base]))
        if len(labels) == 1:
            return f"「{labels[0]}」（{share:.1f}%、{counts[0]}）"
        return "・".join(f"「{label}」" for label in labels) + f"（並んで{share:.1f}%、{'・'.join(counts)}）"

    if not valid:  # every item left blank by everyone
        return (
            f"この設問群の{len(full)}項目には、回答した{year.respondent_label}{year.n_respondents}のだれも回答していない"
            "（すべて無回答）。割合と検定は示せない。"
        )
    if len(set(full.values())) == 1 and len(full) > 1:  # identical shares: no highest, no lowest
        first = next(iter(full))
        return (
            f"「{positive_label}」の割合は{len(full)}項目とも{percent(int(table.at[first, '件数']), int(table.at[first, 'n'])):.1f}%"
            f"（{int(table.at[first, '件数'])}/{int(table.at[first, 'n'])}）で、項目による違いはない。"
            f"割合の基数は無回答を含む{year.respondent_label}{year.n_respondents}。"
        )
    top, bottom = extreme_labels(full)
    text = (
        f"「{positive_label}」の割合が最も高いのは{named(top, '件数', 'n')}、最も低いのは{named(bottom, '件数', 'n')}。"
        f"割合の基数は無回答を含む{year.respondent_label}{year.n_respondents}。"
    )
    if valid and extreme_labels(valid) != (top, bottom):
        valid_top, valid_bottom = extreme_labels(valid)
        text += (
            f"無回答を除いて比べると、最も高いのは{named(valid_top, '件数', 'n（無回答を除く）')}、"
            f"最も低いのは{named(valid_bottom, '件数', 'n（無回答を除く）')}"
            "（無回答の多い項目は、無回答を含む基数では割合が低く出る）。"
        )
    if len(set(full.values())) < 2:
        return text
    tested = extremes(year, section).set_index("side")
    words = {"highest": "最も高い", "lowest": "最も低い"}
    backed = [side for side in tested.index if bool(tested.at[side, "significant"])]
    for side in backed:
        text += (
            f"{words[side]}項目は、次の項目との差も同じ{year.respondent_label}どうしの検定で偶然の範囲を超える"
            f"（McNemar mid-p、Holm補正後 {p_text(float(tested.at[side, 'pvalue_holm']))}）。"
        )
    rest = [words[side] for side in tested.index if side not in backed]
    if rest:
        text += (
            f"{'・'.join(rest)}項目と次の項目との差は、同じ{year.respondent_label}どうしの検定で偶然の範囲を"
            "超えるとはいえず、検定による差ではない（回答の記述）。"
        )
    return text


def difference_summary(year: YearData, section: str) -> str:
    """Markdown: what the size-class tests found, what size of difference they could have found, and one
    sentence per item (Holm-adjusted).

    Examples
    --------
    >>> report.difference_summary("I").startswith("人口規模による差が統計的に有意")
    True
    """
    from jusolib.analysis.detectable import detectable_sentence

    tests = class_tests(year, section)
    table = significance(year, section).frame
    ordered = bool(len(tests)) and (tests["primary_test"] == "trend").all()
    fisher = int((tests["fisher_p_holm"] < ALPHA).sum())
    kruskal = int((tests["kruskal_p_holm"] < ALPHA).sum())
    if ordered:
        trend = int((tests["trend_p_holm"] < ALPHA).sum())
        score_trend = int((tests["score_trend_p_holm"] < ALPHA).sum())
        found = (
            f"区分の順に沿った傾向の検定（主な検定）で、肯定的回答の割合が{trend}項目、回答の得点が{score_trend}項目。"
            f"並べて示す区分全体の検定では、割合（Fisher）が{fisher}項目、得点（Kruskal–Wallis）が{kruskal}項目"
        )
    else:
        found = f"肯定的回答の割合（Fisher）で{fisher}項目、回答の得点（Kruskal–Wallis）で{kruskal}項目"
    head = (
        f"{year.classes.label}による差が統計的に有意（Holm補正後 p < {ALPHA}）な項目は{len(tests)}項目中、{found}"
        f"（いずれも無回答を除く）。最も小さい区分の回答数は{int(tests['min_class_n'].min())}と少なく、"
        "有意でないことは差がないことの証明にはならない。"
        + detectable_sentence(year, section)
        + "以下の割合は検定と同じく無回答を除く基数（規模別の図は無回答を含む基数）。"
    )
    return head + "\n\n" + "\n".join(f"- {sentence}" for sentence in table["要約"])


def no_answer_reasons(year: YearData) -> ReportTable:
    """Section III items with a 無回答 footnote: how many left it blank and how many gave the reason.

    Examples
    --------
    >>> report.no_answer_reasons().frame.index.tolist()
    ['※1', '※2', '※3']
    """
    items = year.codebook.items.dropna(subset=["footnote"])
    texts = year.free_text
    rows = []
    for item_id, item in items.iterrows():
        blank = year.data[
            (year.data["item_id"] == item_id)
            & (year.data["answer"].astype(str) == year.codebook.no_answer_label)
        ]
        reason = str(item["no_answer_reason"])
        said = texts[(texts["item_id"] == item_id) & texts["text"].str.contains(reason, regex=False)]
        rows.append(
            {
                "注": item["footnote"],
                "項目": item["label"],
                "無回答": len(blank),
                "うち理由の記載あり": int(blank["muni_code"].isin(said["muni_code"]).sum()),
                "理由（コードブック）": item["no_answer_reason"],
            }
        )
    frame = pd.DataFrame(rows).set_index("注")
    notes = [
        *(f"{k} {v}" for k, v in year.codebook.footnotes.items()),
        "「うち理由の記載あり」: 具体的な内容にコードブックの理由の文言を含む無回答の数。",
    ]
    return ReportTable(
        "無回答の理由",
        "III 無回答の理由（※1〜※3）",
        frame,
        notes,
        integer_columns=["無回答", "うち理由の記載あり"],
    )
