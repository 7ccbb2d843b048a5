"""Sentences a report writes from its numbers: plain Japanese, every number from a table, never typed in.

Statistics (:mod:`jusolib.stats`) compute; the words are written here."""

from __future__ import annotations

import math
from fractions import Fraction

import pandas as pd

from jusolib.core.formatting import (
    SMALL_BASE_MARK,
    difference_points,
    format_n,
    is_small_base,
    p_text,
    percent,
)
from jusolib.stats.crosstab import (
    ALPHA,
)

#: The tests a sentence can report, by the key :func:`jusolib.stats.crosstab.compare_classes` gives them.
TEST_NAMES = {"fisher": "区分全体についての検定", "trend": "区分の順に沿った傾向の検定"}
SIGNIFICANT_FINDINGS = {
    "fisher": "区分間に差がみられる（有意水準{alpha}）。どの区分の間の差かを示す検定ではない。",
    "trend": "区分の順に沿って割合が変わる傾向がみられる（有意水準{alpha}）。",
}
CHANCE_FINDINGS = {
    "fisher": "この差は偶然の変動の範囲を超えるとはいえない。",
    "trend": "偶然の変動の範囲を超える傾向があるとはいえない。",
}


def named_together(names: list[str]) -> str:
    """Names joined with 「・」, followed by 「が並んで」 when there are several (a tie) and 「が」 for one.

    Parameters
    ----------
    names
        The names, already quoted or marked as they are to be printed.

    Returns
    -------
    str
        The names and the particle.

    Examples
    --------
    >>> named_together(["「a」"]), named_together(["「a」", "「b」"])
    ('「a」が', '「a」・「b」が並んで')
    """
    return "・".join(names) + ("が並んで" if len(names) > 1 else "が")


def describe_difference(
    shares: pd.DataFrame,
    *,
    item_label: str,
    positive_label: str,
    p_adjusted: float,
    alpha: float = ALPHA,
    base_label: str | None = None,
    test: str = "fisher",
) -> str:
    """One sentence, in Japanese, on how the positive share differs between classes, and what the test says.

    ``shares`` holds one row per class with ``class``, ``n`` (the base) and ``positive`` (the count) — e.g. a
    slice of :func:`jusolib.stats.score.positive_share` by class. Shares and their difference are computed from
    the exact fractions and rounded half up once. Classes with the same share are named together, 「並んで」
    (a tie names no winner); when every class has the same share the sentence says so. ``p_adjusted`` is the
    Holm-adjusted p of the primary test over all classes (``test``: ``"fisher"``, the omnibus test, or
    ``"trend"``, the trend over ordered classes), so the sentence says a difference shows only when it is below
    ``alpha`` — it never ranks two classes as significantly different.

    Parameters
    ----------
    shares
        One row per class: ``class`` (its label as printed), ``n`` (the base) and ``positive`` (how many of the
        base answered positively). Classes with ``n`` 0 are left out; with fewer than two left the sentence says
        no comparison is made.
    item_label
        The item as the sentence names it, in 「」.
    positive_label
        The answers counted as positive, as the sentence names them (「あてはまる」).
    p_adjusted
        The Holm-adjusted p of ``test`` over all classes; NaN when no test could be made (the sentence says so).
    alpha
        The significance level: a difference shows only when ``p_adjusted`` is below it (default
        :data:`~jusolib.stats.crosstab.ALPHA`, 0.05).
    base_label
        The base named after 「割合」 in （）, e.g. 「無回答を除く」; ``None`` for none.
    test
        Which test ``p_adjusted`` comes from: ``"fisher"`` (the omnibus test over all classes) or ``"trend"``
        (the trend over the classes' order).

    Returns
    -------
    str
        The sentence: the highest and lowest shares with their bases, the difference in ポイント and what the
        test says (or that every class has the same share, or that there is nothing to compare).

    Examples
    --------
    >>> shares = pd.DataFrame({"class": ["大", "小"], "n": [12, 11], "positive": [11, 5]})
    >>> print(describe_difference(shares, item_label="拠点", positive_label="あてはまる", p_adjusted=0.2))
    「拠点」で「あてはまる」の割合は、大（n=12）が91.7%で最も高く、小（n=11）が45.5%で最も低い（差46.2ポイント）。区分全体についての検定（Holm補正後 p=0.200）では、この差は偶然の変動の範囲を超えるとはいえない。
    >>> print(describe_difference(shares.assign(positive=[6, 0], n=[12, 0]), item_label="拠点",
    ...                           positive_label="あてはまる", p_adjusted=float("nan")))
    「拠点」は比較できる区分が1つ以下のため、区分間の比較は行わない。
    """
    rows = shares[shares["n"] > 0]
    base = f"（{base_label}）" if base_label else ""
    if len(rows) < 2:
        return f"「{item_label}」は比較できる区分が1つ以下のため、区分間の比較は行わない。"
    fractions = [Fraction(int(k), int(n)) for k, n in zip(rows["positive"], rows["n"], strict=True)]

    def named(indices: list[int]) -> str:
        names = []
        for i in indices:
            n = int(rows["n"].iloc[i])
            mark = f"、{SMALL_BASE_MARK}" if is_small_base(n) else ""
            names.append(f"{rows['class'].iloc[i]}（{format_n(n)}{mark}）")
        return "・".join(names)

    def who(indices: list[int]) -> str:
        return named_together([named([i]) for i in indices])

    def share(i: int) -> str:
        return f"{percent(int(rows['positive'].iloc[i]), int(rows['n'].iloc[i])):.1f}"

    high, low = max(fractions), min(fractions)
    head = f"「{item_label}」で「{positive_label}」の割合{base}は、"
    if high == low:
        return head + f"{named(list(range(len(rows))))}のどの区分も{share(0)}%で同じ。"
    top = [i for i, f in enumerate(fractions) if f == high]
    bottom = [i for i, f in enumerate(fractions) if f == low]
    i, j = top[0], bottom[0]
    difference = difference_points(
        (int(rows["positive"].iloc[j]), int(rows["n"].iloc[j])),
        (int(rows["positive"].iloc[i]), int(rows["n"].iloc[i])),
    )
    text = (
        head
        + f"{who(top)}{share(i)}%で最も高く、{who(bottom)}{share(j)}%で最も低い（差{difference:.1f}ポイント）。"
    )
    if math.isnan(p_adjusted):
        return text + "検定はできなかった。"
    said = f"{TEST_NAMES[test]}（Holm補正後 {p_text(p_adjusted, alpha=alpha)}）では、"
    if p_adjusted < alpha:
        return text + said + SIGNIFICANT_FINDINGS[test].format(alpha=alpha)
    return text + said + CHANCE_FINDINGS[test]
