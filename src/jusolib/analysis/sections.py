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
from jusolib.core.docstrings import shared_parameters
from jusolib.core.formatting import ALPHA, p_text, percent
from jusolib.core.wording import by_label


def _note(year: YearData, base: str = "無回答を含む") -> str:
    return f"{year.label} {year.respondent_label} {year.n_respondents}（{base}）"


@shared_parameters
def answer_counts(year: YearData, section: str) -> pd.DataFrame:
    """How many respondents gave each answer to each item of a section (rows: the item labels as the
    distribution table has them; columns: the answers, 無回答 included).

    Returns
    -------
    DataFrame
        Counts.

    Examples
    --------
    >>> int(report.answer_counts("I").at["地域住民の参加を促す活動を行う者", "あてはまる"])  # published: 19
    19
    """
    frame = distribution(year, section).frame
    items = [i for i in year.codebook.item_ids(section) if i in set(year.data["item_id"])]
    part = year.data[year.data["item_id"].isin(items)]
    counts = pd.crosstab(part["item_id"], part["answer"].astype(str))
    counts = counts.reindex(index=items, columns=[c for c in frame.columns if c != "n"], fill_value=0)
    counts.index = list(frame.index)
    return counts


@shared_parameters
def item_groups(year: YearData, section: str) -> list[str]:
    """Each item's group as the published report groups them (the codebook's ``subsection``: 106条の3 第1号 …,
    交付金等の課題 and 課題), in questionnaire order; empty names where the codebook gives none.

    Returns
    -------
    list of str
        One name per item of the section that has answers.

    Examples
    --------
    >>> report.item_groups("I")
    ['106条の3 第1号', '106条の3 第1号', '106条の3 第1号', '106条の3 第2号', '106条の3 第3号']
    """
    items = [i for i in year.codebook.item_ids(section) if i in set(year.data["item_id"])]
    return [_subsection(year, item_id) for item_id in items]


def _subsection(year: YearData, item_id: str) -> str:
    """The report's group of an item (the codebook's ``subsection``), or ``""`` where the codebook gives none."""
    value = year.codebook.item(item_id).get("subsection")
    return str(value) if isinstance(value, str) else ""


@shared_parameters
def section_lead(year: YearData, section: str) -> str:
    """What a section asked, in the codebook's words: the question, how many items (by the report's groups), the
    options and what a positive answer means — the lead of a section page, so that no page types these facts.

    Returns
    -------
    str
        One paragraph of Markdown.

    Examples
    --------
    >>> print(report.section_lead("I"))  # doctest: +NORMALIZE_WHITESPACE
    5項目（106条の3 第1号 3項目、106条の3 第2号 1項目、106条の3 第3号 1項目）について、「重層事業の実施を通じて、次の項目に成果・進捗（増えた・進んだ）がみられますか。」と尋ねた。選択肢は「あてはまる／どちらともいえない／あてはまらない」。「あてはまる」を肯定的回答とし、成果・進捗がみられる（増えた・進んだ）という回答として数える。「あてはまらない」には、例えば重層事業を開始する前から地域福祉コーディネーターを全圏域に配置しているものも含まれている。
    """
    section = year.vocabulary.section(section)
    spec = year.codebook.sections.loc[section]
    items = year.codebook.item_ids(section)
    groups: dict[str, int] = {}
    for item_id in items:
        name = _subsection(year, item_id)
        groups[name] = groups.get(name, 0) + 1
    # every item counted once: the groups in questionnaire order, items of no group as 「ほか」
    named = [f"{name or 'ほか'} {count}項目" for name, count in groups.items()]
    counted = f"{len(items)}項目" + (f"（{'、'.join(named)}）" if named and len(groups) > 1 else "")
    question = str(spec.get("question") or "")
    lines = [f"{counted}について、「{question}」と尋ねた。" if question else f"{counted}について尋ねた。"]
    scales = list(dict.fromkeys(year.codebook.scale_of(i).key for i in items))
    for key in scales:
        scale = year.codebook.scales[key]
        lines.append(f"選択肢は「{'／'.join(scale.labels)}」。")
        if not scale.positive:  # a scale without positive answers: nothing is counted as positive
            continue
        positive = "」「".join(scale.positive)
        means = spec.get("positive_means")
        lines.append(
            f"「{positive}」を肯定的回答とし"
            + (f"、{means}という回答として数える。" if isinstance(means, str) and means else "て数える。")
        )
    note = spec.get("note")
    if isinstance(note, str) and note:
        lines.append(note.removeprefix("※") + ("" if note.endswith("。") else "。"))
    return "".join(lines)


@shared_parameters
def plot_distribution(year: YearData, section: str, narrow: bool = False) -> Any:
    """100% stacked bars of a section's answers, as published: each share with its count, n on each bar, the
    50% line, the items under the report's group headings (:func:`item_groups`).

    Parameters
    ----------
    narrow
        Draw for a phone's width (see :func:`jusolib.analysis.charts.stacked_bars`); the wide chart carries
        this drawing for the pages (:func:`jusolib.analysis.charts.set_narrow`).

    Returns
    -------
    Figure
        A matplotlib figure of 100% stacked bars, one per item of the section under its group heading, each share
        with its count and n on each bar (unless ``narrow``, with its drawing for a phone's width attached).

    Examples
    --------
    >>> fig = report.plot_distribution("I")
    >>> fig.axes[0].get_title(loc="left")
    'I 包括的支援体制の整備に向けた成果・進捗状況（%）'
    """
    from jusolib.analysis.charts import set_narrow, stacked_bars

    positive = sorted(
        {p for i in year.codebook.item_ids(section) for p in year.codebook.scale_of(i).positive}
    )
    frame = distribution(year, section).frame
    items = [i for i in year.codebook.item_ids(section) if i in set(year.data["item_id"])]
    labels = [year.item_label(i) for i in items]
    counts = answer_counts(year, section).set_axis(labels, axis=0)
    frame = frame.set_axis(labels, axis=0)
    figure = stacked_bars(
        frame,
        title=f"{year.section_title(section)}（%）",
        positive=positive,
        synthetic=year.is_synthetic,
        note=_note(year),
        no_answer=year.codebook.no_answer_label,
        counts=counts,
        groups=item_groups(year, section),
        narrow=narrow,
    )
    if not narrow:
        set_narrow(figure, lambda: plot_distribution(year, section, narrow=True))
    return figure


@shared_parameters
def plot_share_by_class(year: YearData, section: str, narrow: bool = False) -> Any:
    """Positive share of each item of a section by size class, against all respondents, on the base of the
    tests and the sentences beside it (無回答を除く).

    Parameters
    ----------
    narrow
        Draw for a phone's width (item labels above the dots).

    Returns
    -------
    Figure
        A matplotlib figure: each item's positive share per size class (dots) beside 全体 (a grey bar), on the
        無回答を除く base, small bases marked 参考値 (unless ``narrow``, with its drawing for a phone's width
        attached).

    Examples
    --------
    >>> report.plot_share_by_class("I").axes[0].get_title(loc="left")
    'I 肯定的回答の割合 — 人口規模別'
    """
    from jusolib.analysis.charts import set_narrow, share_by_class
    from jusolib.stats.score import positive_share

    items = year.codebook.item_ids(section)
    by_class = positive_share(year.data, item=items, by=year.scheme, codebook=year.codebook, base="valid")
    by_class = by_class.rename(columns={year.scheme: "class"})
    total = positive_share(year.data, item=items, codebook=year.codebook, base="valid").assign(
        **{"class": "全体"}
    )
    shares = pd.concat(
        [total, by_class.assign(**{"class": by_class["class"].astype(str)})], ignore_index=True
    )
    labels = {i: year.item_label(i) for i in items}
    figure = share_by_class(
        shares,
        labels=labels,
        title=f"{section} 肯定的回答の割合 — {by_label(year.classes.label)}",
        synthetic=year.is_synthetic,
        note=f"{year.caption}　割合の基数: 無回答を除く",
        narrow=narrow,
    )
    if not narrow:
        set_narrow(figure, lambda: plot_share_by_class(year, section, narrow=True))
    return figure


@shared_parameters
def section_summary(year: YearData, section: str) -> str:
    """Markdown: the highest and lowest positive share of a section, with counts and bases, and what a test says.

    Shares are compared as exact fractions: items with the same share are named together, 「並んで」 (a tie names
    no winner). The base is every respondent, 無回答 included, as in the published charts; where leaving 無回答
    out would name other items (an item many left blank — III's ※ items — looks low on the full base), a
    second sentence says so with the 無回答を除く shares. Last, whether the extremes stand apart from the next
    items by a test (:func:`jusolib.analysis.extremes.extremes`): otherwise the sentence says it is a
    description, 「検定による差ではない」.

    Returns
    -------
    str
        One paragraph (Markdown) in plain Japanese: the highest and lowest items with share, count and base, the
        base named, the 無回答を除く reading where it names other items, and what the test between the extremes
        and the next items says.

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


@shared_parameters
def difference_summary(year: YearData, section: str) -> str:
    """Markdown: what the size-class tests found, what size of difference they could have found, and one
    sentence per item (Holm-adjusted).

    Returns
    -------
    str
        Markdown: whether the size-class tests found a difference (Holm-adjusted), the smallest difference they
        could have detected, and one sentence per item (:func:`~jusolib.analysis.sentences.describe_difference`).

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
        + "以下の割合は、検定と規模別の図と同じく、無回答を除く基数。"
    )
    return head + "\n\n" + "\n".join(f"- {sentence}" for sentence in table["要約"])


@shared_parameters
def no_answer_reasons(year: YearData) -> ReportTable:
    """Section III items with a 無回答 footnote: how many left it blank and how many gave the reason.

    Returns
    -------
    ReportTable
        One row per footnote mark (※1 …, the index) of the section III items the codebook gives a 無回答 footnote:
        how many left the item blank and how many of them wrote the reason.

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
                "無回答の理由（注）": item["no_answer_reason"],
            }
        )
    frame = pd.DataFrame(rows).set_index("注")
    notes = [
        "注（※1〜※3）の全文は、回答の分布の表の下にある。",
        "「うち理由の記載あり」: 具体的な内容に、注の理由の文言を含む無回答の数。",
    ]
    return ReportTable(
        "無回答の理由",
        "III 無回答の理由（※1〜※3）",
        frame,
        notes,
        integer_columns=["無回答", "うち理由の記載あり"],
    )


def _subject(year: YearData) -> str:
    """How a sentence names the respondents: the codebook's ``subject`` (実施自治体), else 回答した自治体."""
    types = year.codebook.respondent_types
    value = types.at[year.respondent_key, "subject"] if "subject" in types.columns else None
    return str(value) if isinstance(value, str) and value else f"回答した{year.respondent_label}"


@shared_parameters
def positive_meaning(year: YearData, section: str) -> str:
    """What a positive answer of a section means, in one sentence (the codebook's ``positive_means``).

    Returns
    -------
    str
        The answers counted as positive and, where the codebook says, what they mean.

    Examples
    --------
    >>> report.positive_meaning("III")
    'この設問群では「とてもあてはまる」「あてはまる」を肯定的回答として数える。肯定的回答は、その項目が課題だという回答である。'
    """
    answers = sorted(
        {p for i in year.codebook.item_ids(section) for p in year.codebook.scale_of(i).positive},
        key=year.codebook.answer_categories.index,
    )
    quoted = "".join(f"「{a}」" for a in answers)
    means = (
        year.codebook.sections.at[section, "positive_means"]
        if "positive_means" in (year.codebook.sections.columns)
        else None
    )
    text = f"この設問群では{quoted}を肯定的回答として数える。"
    if isinstance(means, str) and means:
        text += f"肯定的回答は、{means}という回答である。"
    return text


@shared_parameters
def size_summary(year: YearData, section: str) -> str:
    """One plain sentence on whether the answers differ by size class: the items whose difference the primary
    test (Holm-adjusted) finds, or that none stands out — never that there is no difference.

    Returns
    -------
    str
        The sentence.

    Examples
    --------
    >>> print(report.size_summary("I"))
    人口規模による違いは、5項目のいずれもはっきりしない（回答が少なく、大きな差でなければ判別できない。区分ごとの割合は参考として読む）。
    """
    tests = class_tests(year, section)
    scheme = year.classes.label
    tested = tests[tests["primary_p_holm"].notna()]
    found = [
        year.codebook.item(i)["label"]
        for i, p in zip(tested["item_id"], tested["primary_p_holm"], strict=True)
        if p < ALPHA
    ]
    caveat = "回答が少なく、大きな差でなければ判別できない。区分ごとの割合は参考として読む"
    if not len(tested):
        return f"{scheme}による違いは、比べられる区分がないため調べていない。"
    if not found:
        return f"{scheme}による違いは、{len(tested)}項目のいずれもはっきりしない（{caveat}）。"
    named = "・".join(f"「{label}」" for label in found)
    rest = len(tested) - len(found)
    text = f"{named}では、{scheme}による違いがみられる（偶然だけでは説明しにくい差。どの区分の間の差かまでは示さない）。"
    if rest:
        text += f"ほかの{rest}項目では違いははっきりしない（{caveat}）。"
    return text


@shared_parameters
def key_points(year: YearData, section: str) -> str:
    """Markdown: what a section's numbers say, in everyday words, before any table (the page's 結果の要点).

    Four points, each from the section's tables: how many items reach half of the respondents (with the
    無回答を除く count too where 無回答 changes it), the highest and the lowest items with their counts and
    whether the difference to the next item is more than chance, what a positive answer means, and whether the
    size classes differ (:func:`size_summary`).

    Returns
    -------
    str
        Markdown bullets.

    Examples
    --------
    >>> print(report.key_points("I").splitlines()[0])
    - 5項目のいずれも、実施自治体の半数以上に成果・進捗（割合の基数は無回答を含む自治体23）。
    """
    from jusolib.analysis.extremes import extremes

    table = positive(year, section).frame
    subject = _subject(year)
    positive_label = str(table["肯定的回答"].iloc[0])
    finding = year.codebook.sections.at[section, "finding"] if "finding" in year.codebook.sections else None
    finding = finding if isinstance(finding, str) and finding else f"が「{positive_label}」と回答"
    full = int((table["割合"] >= 50).sum())
    valid = int((table["割合（無回答を除く）"] >= 50).sum())
    k = len(table)
    base = f"割合の基数は無回答を含む{year.respondent_label}{year.n_respondents}"
    if full == k:
        head = f"{k}項目のいずれも、{subject}の半数以上{finding}"
    elif full == 0:
        head = f"{k}項目のいずれも、{subject}の半数に届かない"
    else:
        head = f"{k}項目中{full}項目で、{subject}の半数以上{finding}"
    if valid != full:
        base += f"。無回答を除くと{k}項目中{valid}項目"
    points = [f"{head}（{base}）。"]
    below = [label for label, share in table["割合"].items() if share < 50]
    if 0 < len(below) <= 3 and full:
        points[0] += (
            "半数に届かないのは"
            + "・".join(
                f"「{label}」（{table.at[label, '割合']:.1f}%、{int(table.at[label, '件数'])}/{int(table.at[label, 'n'])}）"
                for label in below
            )
            + "。"
        )
    shares = {label: Fraction(int(r["件数"]), int(r["n"])) for label, r in table.iterrows() if r["n"]}
    if len(set(shares.values())) > 1:
        sides = []
        for word, target in (("高", max(shares.values())), ("低", min(shares.values()))):
            labels = [label for label, share in shares.items() if share == target]
            first = table.loc[labels[0]]
            counts = "・".join(
                f"{int(table.at[label, '件数'])}/{int(table.at[label, 'n'])}" for label in labels
            )
            names = "・".join(f"「{label}」" for label in labels)
            tie = "並んで" if len(labels) > 1 else ""
            sides.append(f"最も{word}いのは{names}（{tie}{first['割合']:.1f}%、{counts}）")
        text = f"「{positive_label}」の割合が" + "、".join(sides) + "。"
        tested = extremes(year, section).set_index("side")
        backed = [side for side in tested.index if bool(tested.at[side, "significant"])]
        words = {"highest": "最も高い", "lowest": "最も低い"}
        for side in backed:
            text += f"{words[side]}項目は、次の項目との差も偶然だけでは説明しにくい。"
        if len(backed) < len(tested.index):
            rest = "・".join(words[s] for s in tested.index if s not in backed)
            text += f"{rest}項目と次の項目との差は、この回答数では偶然でも生じうる大きさで、はっきりした差とはいえない。"
        points.append(text)
    points.append(positive_meaning(year, section))
    points.append(size_summary(year, section))
    return "\n".join(f"- {point}" for point in points)
