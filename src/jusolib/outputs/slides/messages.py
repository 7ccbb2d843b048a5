"""The words of the slide deck: key messages and facts computed from the data, never typed in.

Every slide title of :mod:`jusolib.outputs.slides.build` that states a finding comes from one of these pure functions over
the numbers of a report table; the rules:

* **Majority** (:func:`majority_message`): 「いずれの項目も{subject}の半数以上{finding}」 when every item's
  positive share (無回答を含む base) is at least 50%; otherwise 「{k}項目中{m}項目で{subject}の半数以上
  {finding}」; 「いずれの項目も{subject}の半数に届かない」 when none is. ``subject`` comes from the codebook's
  respondent type (実施自治体), ``finding`` from its section (に成果・進捗). Where 無回答 changes the count (III's
  ※ items: 無回答 means not applicable), the count on the 無回答を除く base follows in the same title.
* **Callouts** (:func:`callouts`, the rule of :func:`jusolib.analysis.extremes.callout_items`): the items sharing
  the highest positive share are called out (the section's ``callout_highest``, e.g. 最も成果) when the next
  share is at least 5 points lower and they are fewer than half of the items; likewise the lowest
  (``callout_lowest``, e.g. 他と比べ低い), and only when the same items stand out with 無回答 left out. Each
  callout is tested against the next item(s) (McNemar's mid-p on the same respondents, Holm over the two
  sides: :func:`jusolib.analysis.extremes.extremes`); a callout the test does not back says 「検定による差では
  ない」 in its box.
* **Size classes** (:func:`difference_message`): a finding, not a test verdict — the items whose class
  difference is significant after Holm's adjustment under the primary test (the trend test for ordered
  classes, else Fisher's), named as showing a difference by size, or that the difference by size is not clear
  (「はっきりしない」: never 「差がない」).
* **Year over year** (:func:`change_message`): the items whose change is significant — the Holm-adjusted p
  below 0.05 *and* the interval at the same level excluding 0 (the 判定 of the year-over-year table) — said as
  what changed, or that no item clearly changed; an unadjusted interval away from 0 is not called a change.
* **自治体×社協** (:func:`paired_message`, :func:`agreement_message`): the items whose positive-share difference
  between the two answers of the same municipalities is significant on the same rule (McNemar's mid-p, Holm,
  and the Holm-level Newcombe interval), named with the side that is higher — nothing else is called a
  difference, and without one the title says no item clearly differs; and how often the two gave the same
  answer (median and range of the agreement over the items) with the number of items whose weighted κ interval includes 0, beside Gwet's AC2 (which skewed answers do
  not pull down).
* **Shorter forms** (:func:`difference_messages`, :func:`change_messages`, :func:`paired_messages`): a title that
  names items has shorter forms, longest first — two items named, one item named, none (「内訳は注」, or
  「＊印の項目」 where the slide marks the items), then the count alone 「5項目中5項目で…違いがみられる（…）」. The
  deck takes the first that fits its title box (:func:`jusolib.outputs.slides.deck.fit_title`); items the
  title does not name are listed in the slide's notes (:func:`named_note`) or marked in its body. Named items
  are separated by 「、」.
* **Who answered** (:func:`respondent_count`): 「自治体 23／23」, or, when some respondents are not among the
  municipalities the reference data lists for the year, the total first and then both parts, so that more
  answers than expected are never shown without saying why.

Examples
--------
>>> shares = pd.Series([82.6, 56.5, 65.2, 65.2, 65.2], index=list("abcde"))
>>> majority_message(shares, subject="実施自治体", finding="に成果・進捗")
'いずれの項目も実施自治体の半数以上に成果・進捗'
>>> callouts(shares)
{'highest': ['a'], 'lowest': ['b']}
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

import pandas as pd

from jusolib.analysis.extremes import CALLOUT_GAP, callout_items
from jusolib.core.formatting import ALPHA, format_points, format_share, round_half_up

#: A share at or above this (percent) is 「半数以上」.
MAJORITY = 50.0
#: The verdict of a Holm-adjusted difference read together with its interval at the Holm level.
SIGNIFICANT = "有意"


def majority_message(
    shares: pd.Series, *, subject: str, finding: str, valid_shares: pd.Series | None = None
) -> str:
    """The key message about how many items reach half of the respondents (rule in the module docstring).

    With ``valid_shares`` (the shares with 無回答 left out), a count that differs on that base is given too.

    Parameters
    ----------
    shares
        The positive share (%) of each item of the section, 無回答を含む base.
    subject
        Who answered, as the codebook's respondent type says it (実施自治体).
    finding
        What a positive answer means, as the codebook's section says it (に成果・進捗, が課題と回答).
    valid_shares
        The same items' positive shares with 無回答 left out (III's ※ items); ``None`` to count on one base.

    Returns
    -------
    str
        The title: every item, none, or 「k項目中m項目で…」 reach :data:`MAJORITY`, with the count on the
        無回答を除く base in brackets when it differs.

    Examples
    --------
    >>> majority_message(pd.Series([82.6, 50.0, 17.4]), subject="実施自治体", finding="が変化を実感")
    '3項目中2項目で実施自治体の半数以上が変化を実感'
    >>> majority_message(pd.Series([49.9, 17.4]), subject="実施自治体", finding="が変化を実感")
    'いずれの項目も実施自治体の半数に届かない'
    >>> majority_message(pd.Series([82.6, 39.1]), subject="実施自治体", finding="が課題と回答",
    ...                  valid_shares=pd.Series([82.6, 60.0]))
    '2項目中1項目で実施自治体の半数以上が課題と回答（無回答を除くと2項目中2項目）'
    """
    majority = int((shares >= MAJORITY).sum())
    if majority == len(shares):
        message = f"いずれの項目も{subject}の半数以上{finding}"
    elif majority == 0:
        message = f"いずれの項目も{subject}の半数に届かない"
    else:
        message = f"{len(shares)}項目中{majority}項目で{subject}の半数以上{finding}"
    if valid_shares is not None:
        valid = int((valid_shares.dropna() >= MAJORITY).sum())
        if valid != majority:
            message += f"（無回答を除くと{len(valid_shares.dropna())}項目中{valid}項目）"
    return message


def callouts(
    shares: pd.Series, *, gap: float = CALLOUT_GAP, valid_shares: pd.Series | None = None
) -> dict[str, list[str]]:
    """Items the data single out as highest and lowest (:func:`jusolib.analysis.extremes.callout_items`).

    Parameters
    ----------
    shares
        The positive share (%) of each item, indexed by the item's label, 無回答を含む base.
    gap
        How many points the next share must be below (above) the called-out items' share (default
        :data:`~jusolib.analysis.extremes.CALLOUT_GAP`, 5).
    valid_shares
        The shares with 無回答 left out: an item is called out only when it stands out on this base too;
        ``None`` to decide on ``shares`` alone.

    Returns
    -------
    dict
        ``"highest"`` and ``"lowest"``, each the list of the labels called out (empty when none is).

    Examples
    --------
    >>> callouts(pd.Series([91.3, 91.3, 82.6, 39.1, 65.2], index=list("abcde")))
    {'highest': ['a', 'b'], 'lowest': ['d']}
    """
    return callout_items(shares, gap=gap, valid_shares=valid_shares)


def _named(items: Sequence[str], extra: Mapping[str, str] | None = None, *, limit: int = 2) -> str:
    """「a」、「b」ほか: at most ``limit`` items named (with an optional text after each), 「、」 between them,
    then ほか when there are more.

    Examples
    --------
    >>> _named(["a", "b", "c"])
    '「a」、「b」ほか'
    >>> _named(["a", "b"], {"a": "で社協が5.0ポイント高い", "b": "で自治体が4.0ポイント高い"})
    '「a」で社協が5.0ポイント高い、「b」で自治体が4.0ポイント高い'
    """
    extra = extra or {}
    named = "、".join(f"「{i}」{extra.get(i, '')}" for i in items[:limit])
    return named + ("ほか" if len(items) > limit else "")


def _forms(*forms: str) -> list[str]:
    """The forms of a title, longest first, each once."""
    return list(dict.fromkeys(forms))


def named_note(items: Sequence[str], extra: Mapping[str, str] | None = None, *, what: str) -> str:
    """The note that lists every item a shortened title leaves out: 「{what}: 「a」、「b」、「c」」.

    Parameters
    ----------
    items
        The items, in order.
    extra
        A text after each item (its difference …), by item.
    what
        What the items are (the note's head).

    Returns
    -------
    str
        The note, every item named.

    Examples
    --------
    >>> named_note(["a", "b", "c"], what="統計的に有意な項目")
    '統計的に有意な項目: 「a」、「b」、「c」'
    """
    return f"{what}: {_named(items, extra, limit=len(items))}"


def _significant_classes(adjusted: pd.Series) -> list[str]:
    return [str(i) for i, p in adjusted.items() if p < ALPHA]


def difference_message(adjusted: pd.Series, *, scheme_label: str, named: int = 2) -> str:
    """One plain sentence on the tests of size-class differences (the primary test's Holm-adjusted p per item,
    indexed by item label), naming at most ``named`` items (0: 「内訳は注」).

    An item with no test (nobody in two classes answered it: p missing) is not counted.

    Parameters
    ----------
    adjusted
        The primary test's Holm-adjusted p per item, indexed by the item's label (NaN: not tested).
    scheme_label
        The size scheme's name (人口規模 …).
    named
        How many significant items the sentence names at most; 0 names none (「内訳は注」).

    Returns
    -------
    str
        The sentence: how many of the tested items show a difference by size (Holm-adjusted p below 0.05),
        named; that the difference is not clear for any (「はっきりしない」, never 「差がない」); or that no item
        could be compared.

    Examples
    --------
    >>> adjusted = pd.Series([1.0, 0.31], index=["a", "b"])
    >>> difference_message(adjusted, scheme_label="人口規模")
    '人口規模による違いは、2項目のいずれもはっきりしない'
    >>> difference_message(pd.Series([0.01, 0.31], index=["a", "b"]), scheme_label="人口規模")
    '人口規模による違いがみられるのは2項目中1項目（「a」）'
    >>> difference_message(pd.Series([0.01, 0.02], index=["a", "b"]), scheme_label="人口規模", named=0)
    '人口規模による違いがみられるのは2項目中2項目（内訳は注）'
    """
    tested = adjusted.dropna()
    significant = _significant_classes(tested)
    if tested.empty:
        return f"{scheme_label}による違いは確かめられない（比べられる項目がない）"
    if not significant:
        return f"{scheme_label}による違いは、{len(tested)}項目のいずれもはっきりしない"
    which = _named(significant, limit=named) if named else "内訳は注"
    return f"{scheme_label}による違いがみられるのは{len(tested)}項目中{len(significant)}項目（{which}）"


def difference_messages(adjusted: pd.Series, *, scheme_label: str) -> list[str]:
    """:func:`difference_message` in its forms, longest first (see the module docstring).

    Parameters
    ----------
    adjusted
        The primary test's Holm-adjusted p per item, indexed by item label (NaN: not tested).
    scheme_label
        The size scheme's name (人口規模 …).

    Returns
    -------
    list of str
        Two items named, one, none (「内訳は注」), the count alone; one form when nothing is significant.

    Examples
    --------
    >>> difference_messages(pd.Series([0.01, 0.02, 0.03], index=list("abc")), scheme_label="人口規模")[-1]
    '3項目中3項目で人口規模による違い（内訳は注）'
    """
    tested, significant = adjusted.dropna(), _significant_classes(adjusted.dropna())
    forms = [difference_message(adjusted, scheme_label=scheme_label, named=k) for k in (2, 1, 0)]
    if significant:
        forms.append(f"{len(tested)}項目中{len(significant)}項目で{scheme_label}による違い（内訳は注）")
    return _forms(*forms)


def smallest_p_note(adjusted: pd.Series) -> str:
    """Which item has the smallest adjusted p — only when one item does; a tie is said as a tie.

    Parameters
    ----------
    adjusted
        The Holm-adjusted p per item, indexed by the item's label.

    Returns
    -------
    str
        The sentence (empty when no p was computed).

    Examples
    --------
    >>> smallest_p_note(pd.Series([1.0, 1.0, 1.0], index=list("abc")))
    '補正後 p は3項目とも1.000。'
    >>> smallest_p_note(pd.Series([0.2, 0.2, 1.0], index=list("abc")))
    '補正後 p が最も小さいのは「a」、「b」で、並んでp=0.200。'
    >>> smallest_p_note(pd.Series([0.02, 0.2, 1.0], index=list("abc")))
    '補正後 p が最も小さいのは「a」（p=0.020）。'
    """
    from jusolib.core.formatting import format_p, p_text

    present = adjusted.dropna()
    if present.empty:
        return ""
    shown = present.map(format_p)
    lowest = shown[present == present.min()]
    tied = [str(i) for i in shown.index if shown[i] == lowest.iloc[0]]
    if len(tied) == len(present):
        return f"補正後 p は{len(present)}項目とも{lowest.iloc[0]}。"
    if len(tied) > 1:
        return f"補正後 p が最も小さいのは{_named(tied)}で、並んで{p_text(float(present.min()))}。"
    return f"補正後 p が最も小さいのは「{tied[0]}」（{p_text(float(present.min()))}）。"


def _changes(changes: pd.DataFrame) -> tuple[list[str], dict[str, str]]:
    clear = changes[changes["判定（補正後）"] == SIGNIFICANT]
    return [str(i) for i in clear.index], {
        str(i): format_points(d) for i, d in clear["差（ポイント）"].items()
    }


def change_message(changes: pd.DataFrame, *, named: int = 2) -> str:
    """One plain sentence on the year-over-year changes of a section: the items the 判定 calls 有意, at most
    ``named`` of them named (0: 「内訳は注」).

    ``changes`` has one row per item of the section — the whole section, the family Holm adjusts over, also when
    its items are shown over several slides — (index: the item label) with ``差（ポイント）`` and ``判定（補正後）``,
    as the year-over-year table (:func:`jusolib.analysis.tables.year_over_year_table`) gives them: 有意 means
    the Holm-adjusted p is below 0.05 and the interval at the same level excludes 0.

    Parameters
    ----------
    changes
        One row per item of the section (index: the item label) with ``差（ポイント）`` and ``判定（補正後）``.
    named
        How many changed items the sentence names at most (each with its points); 0 names none (「内訳は注」).

    Returns
    -------
    str
        The sentence: how many items clearly changed (判定 有意), named with their points, or that none did.

    Examples
    --------
    >>> frame = pd.DataFrame({"差（ポイント）": [-9.3, 17.4], "判定（補正後）": ["有意でない", "有意"]}, index=["a", "b"])
    >>> change_message(frame)
    '前年度からはっきり変わったのは2項目中1項目（「b」+17.4ポイント）'
    >>> change_message(frame.iloc[:1])
    '前年度からはっきり変わった項目はない（比べた1項目）'
    """
    items, points = _changes(changes)
    if not items:
        # 「比べた」: a new item of the year is not compared, so the count can be short of the section's
        return f"前年度からはっきり変わった項目はない（比べた{len(changes)}項目）"
    which = _named(items, points, limit=named) if named else "内訳は注"
    return f"前年度からはっきり変わったのは{len(changes)}項目中{len(items)}項目（{which}）"


def change_messages(changes: pd.DataFrame) -> list[str]:
    """:func:`change_message` in its forms, longest first (see the module docstring).

    Parameters
    ----------
    changes
        One row per item of the section (index: the item label) with ``差（ポイント）`` and ``判定（補正後）``.

    Returns
    -------
    list of str
        Two items named, one, none (「内訳は注」), the count alone; one form when nothing changed.

    Examples
    --------
    >>> frame = pd.DataFrame({"差（ポイント）": [-9.3, 17.4], "判定（補正後）": ["有意", "有意"]}, index=["a", "b"])
    >>> change_messages(frame)[-1]
    '2項目中2項目が前年度から変化（内訳は注）'
    """
    items, _ = _changes(changes)
    forms = [change_message(changes, named=k) for k in (2, 1, 0)]
    if items:
        forms.append(f"{len(changes)}項目中{len(items)}項目が前年度から変化（内訳は注）")
    return _forms(*forms)


def change_note(changes: pd.DataFrame) -> str | None:
    """The note listing every significant change with its points (``None`` when there is none).

    Parameters
    ----------
    changes
        One row per item of the section (index: the item label) with ``差（ポイント）`` and ``判定（補正後）``.

    Returns
    -------
    str or None
        The note, or ``None`` when no item changed significantly.

    Examples
    --------
    >>> frame = pd.DataFrame({"差（ポイント）": [-9.3, 17.4], "判定（補正後）": ["有意", "有意"]}, index=["a", "b"])
    >>> change_note(frame)
    '前年度からはっきり変わった項目: 「a」-9.3ポイント、「b」+17.4ポイント'
    """
    items, points = _changes(changes)
    return named_note(items, points, what="前年度からはっきり変わった項目") if items else None


def _paired(comparison: pd.DataFrame, *, first: str, second: str) -> tuple[list[str], dict[str, str]]:
    significant = [str(i) for i, v in comparison["verdict"].items() if v == "significant"]
    higher = {}
    for item in significant:
        points = float(comparison.at[item, "diff_points"])
        side = second if points > 0 else first
        higher[item] = f"で{side}が{format_share(abs(points))}ポイント高い"
    return significant, higher


def paired_message(comparison: pd.DataFrame, *, first: str, second: str, named: int = 2) -> str:
    """One plain sentence on the paired tests of a section: the items whose ``verdict`` is significant, at most
    ``named`` of them named (0: 「＊印の項目」, the mark the slide puts beside them).

    ``comparison`` has one row per item (index: the item label) with ``diff_points`` (second − first, in
    points) and ``verdict`` (Holm-adjusted mid-p below 0.05 and the Holm-level interval excluding 0), as
    :func:`jusolib.stats.paired.compare_respondent_types` gives them.

    Parameters
    ----------
    comparison
        One row per item (index: the item label) with ``diff_points`` and ``verdict``.
    first, second
        The two respondent types' labels (自治体, 社協); the side that is higher is named with each item.
    named
        How many significant items the sentence names at most; 0 names none (「＊印の項目」).

    Returns
    -------
    str
        The sentence: how many items clearly differ (named, with the higher side and its points), or that no
        item does.

    Examples
    --------
    >>> frame = pd.DataFrame({"diff_points": [-22.7, 13.0], "verdict": ["not significant"] * 2}, index=["a", "b"])
    >>> paired_message(frame, first="自治体", second="社協")
    '自治体と社協の肯定的回答の割合に、はっきりした差のある項目はない（2項目）'
    >>> paired_message(frame.assign(verdict=["significant", "not significant"]), first="自治体", second="社協")
    '自治体と社協の肯定的回答の割合の差がはっきりしているのは2項目中1項目（「a」で自治体が22.7ポイント高い）'
    """
    significant, higher = _paired(comparison, first=first, second=second)
    head = f"{first}と{second}の肯定的回答の割合"
    if not significant:
        return f"{head}に、はっきりした差のある項目はない（{len(comparison)}項目）"
    which = _named(significant, higher, limit=named) if named else "＊印の項目"
    return f"{head}の差がはっきりしているのは{len(comparison)}項目中{len(significant)}項目（{which}）"


def paired_messages(comparison: pd.DataFrame, *, first: str, second: str) -> list[str]:
    """:func:`paired_message` in its forms, longest first (see the module docstring).

    Parameters
    ----------
    comparison
        One row per item (index: the item label) with ``diff_points`` and ``verdict``.
    first, second
        The two respondent types' labels (自治体, 社協).

    Returns
    -------
    list of str
        Two items named, one, none (「＊印の項目」), the count alone; one form when nothing is significant.

    Examples
    --------
    >>> frame = pd.DataFrame({"diff_points": [-22.7, 13.0], "verdict": ["significant"] * 2}, index=["a", "b"])
    >>> paired_messages(frame, first="自治体", second="社協")[-1]
    '2項目中2項目で自治体と社協に差（＊印の項目）'
    """
    significant, _ = _paired(comparison, first=first, second=second)
    forms = [paired_message(comparison, first=first, second=second, named=k) for k in (2, 1, 0)]
    if significant:
        forms.append(f"{len(comparison)}項目中{len(significant)}項目で{first}と{second}に差（＊印の項目）")
    return _forms(*forms)


def agreement_message(comparison: pd.DataFrame) -> str:
    """One plain sentence on how often the two answers of a municipality agreed, over a section's items.

    ``comparison`` has ``agreement`` (% of pairs with the same answer) and ``kappa_low``/``kappa_high`` (the
    weighted κ's 95% interval) per item, and optionally ``ac2`` (Gwet's AC2); items with no pair (NaN) are
    left out.

    Parameters
    ----------
    comparison
        One row per item with ``agreement``, ``kappa_low``, ``kappa_high`` and, optionally, ``ac2``.

    Returns
    -------
    str
        The sentence: the median and range of the agreement (%, one decimal), how many items' κ interval
        includes 0, and the median AC2 when there is one.

    Examples
    --------
    >>> frame = pd.DataFrame({"agreement": [63.6, 43.5, 50.0, 54.5, 56.5],
    ...                       "kappa_low": [-0.236, -0.268, -0.283, -0.008, 0.1],
    ...                       "kappa_high": [0.372, 0.41, 0.476, 0.78, 0.5]})
    >>> agreement_message(frame)
    '同じ選択肢を選んだ組は項目の中央値で54.5%（43.5〜63.6%）、重み付きκの95%信頼区間が0を含み偶然の一致と区別できない項目は5項目中4項目'
    >>> agreement_message(frame.assign(ac2=[0.58, 0.33, 0.62, 0.69, 0.70]))  # doctest: +ELLIPSIS
    '...5項目中4項目。回答の偏りに左右されにくい AC2 は中央値0.620'
    """
    valid = comparison.dropna(subset=["agreement"])
    shares = valid["agreement"]
    chance = int(((valid["kappa_low"] <= 0) & (valid["kappa_high"] >= 0)).sum())
    message = (
        f"同じ選択肢を選んだ組は項目の中央値で{format_share(float(shares.median()))}%"
        f"（{format_share(float(shares.min()))}〜{format_share(float(shares.max()))}%）、"
        f"重み付きκの95%信頼区間が0を含み偶然の一致と区別できない項目は{len(valid)}項目中{chance}項目"
    )
    if "ac2" in valid and valid["ac2"].notna().any():
        message += f"。回答の偏りに左右されにくい AC2 は中央値{float(valid['ac2'].median()):.3f}"
    return message


def agreement_lead(comparison: pd.DataFrame) -> str:
    """The plain half of :func:`agreement_message`, for the slide itself: how often the two answers of a
    municipality were the same (median and range over the items); the κ and AC2 go to the speaker notes.

    Parameters
    ----------
    comparison
        One row per item with ``agreement`` (% of pairs with the same answer); items with no pair (NaN) are
        left out.

    Returns
    -------
    str
        The sentence.

    Examples
    --------
    >>> agreement_lead(pd.DataFrame({"agreement": [63.6, 43.5, 50.0, 54.5, 56.5]}))
    '同じ区市の2つの回答が同じ選択肢だったのは、項目の中央値で54.5%（43.5〜63.6%）'
    """
    shares = comparison["agreement"].dropna()
    return (
        f"同じ区市の2つの回答が同じ選択肢だったのは、項目の中央値で{format_share(float(shares.median()))}%"
        f"（{format_share(float(shares.min()))}〜{format_share(float(shares.max()))}%）"
    )


def respondent_count(info: Mapping[str, Any]) -> str:
    """Who answered out of whom expected, from the build summary (``summary["respondents"][key]``).

    ``expected`` counts the municipalities the reference data lists as implementing in the year;
    ``not_in_reference`` the respondents it does not list (counted in the results, never dropped).

    Parameters
    ----------
    info
        One respondent type's entry of the summary: ``label`` (自治体), ``present`` (how many answered),
        ``expected`` and ``not_in_reference`` (the respondents' names with their codes).

    Returns
    -------
    str
        「{label} present／expected」, or, when some respondents are not in the reference data, the total and
        both parts.

    Examples
    --------
    >>> respondent_count({"label": "自治体", "expected": 23, "present": 23, "not_in_reference": []})
    '自治体 23／23'
    >>> extra = ["品川区 (131091)", "練馬区 (131202)", "町田市 (132098)", "福生市 (132187)"]
    >>> respondent_count({"label": "自治体", "expected": 26, "present": 30, "not_in_reference": extra})
    '自治体 30（実施地区の名簿にある 26／26、名簿にない区市 4）'
    >>> respondent_count({"label": "社協", "expected": 26, "present": 27, "not_in_reference": extra[:2]})
    '社協 27（実施地区の名簿にある 25／26、名簿にない区市 2）'
    """
    extra = len(info.get("not_in_reference") or [])
    present, expected = int(info["present"]), int(info["expected"])
    if not extra:
        return f"{info['label']} {present}／{expected}"
    return f"{info['label']} {present}（実施地区の名簿にある {present - extra}／{expected}、名簿にない区市 {extra}）"


def unlisted_note(infos: Sequence[Mapping[str, Any]]) -> str | None:
    """The respondents the reference data does not list, named once (per respondent type if they differ).

    Parameters
    ----------
    infos
        The summary's entries, one per respondent type (``label``, ``not_in_reference``), as for
        :func:`respondent_count`.

    Returns
    -------
    str or None
        The note naming them without their codes — once when every respondent type lists the same ones, else per
        respondent type, separated by 「／」; ``None`` when every respondent is in the reference data.

    Examples
    --------
    >>> a = {"label": "自治体", "not_in_reference": ["品川区 (131091)", "町田市 (132098)"]}
    >>> unlisted_note([a, {**a, "label": "社協"}])
    '名簿にない区市（集計には含む）: 品川区、町田市'
    >>> unlisted_note([a, {"label": "社協", "not_in_reference": []}])
    '名簿にない区市（集計には含む）: 自治体 品川区、町田市'
    >>> unlisted_note([{"label": "自治体", "not_in_reference": []}]) is None
    True
    """

    def names(info: Mapping[str, Any]) -> str:
        return "、".join(re.sub(r"\s*\(\d+\)$", "", e) for e in info.get("not_in_reference") or [])

    listed = [(str(info["label"]), names(info)) for info in infos if names(info)]
    if not listed:
        return None
    if len(listed) == len(infos) and len({n for _, n in listed}) == 1:
        return f"名簿にない区市（集計には含む）: {listed[0][1]}"
    return "名簿にない区市（集計には含む）: " + "／".join(f"{label} {n}" for label, n in listed)


def implementation_message(counts: pd.Series, planned: Mapping[str, int]) -> str:
    """The title of the implementation slide: from the first year's count to the last one's. Where the last year
    is a published plan and the reference list names only some of its municipalities (令和7年度: 30 planned, 26
    named), the title gives the plan as the report does, 「30（予定）」, and the chart shows the plan's bar beside
    the bar of the named ones (issue 22: one number per claim, both on the slide).

    Parameters
    ----------
    counts
        Municipalities implementing, indexed by 令和N年度 (the reference list's counts: the chart's bars).
    planned
        The published plan, by the same labels (e.g. {"令和7年度": 30}).

    Returns
    -------
    str
        The title.

    Examples
    --------
    >>> counts = pd.Series([2, 7, 12, 23, 26], index=["令和3年度", "令和4年度", "令和5年度", "令和6年度", "令和7年度"])
    >>> implementation_message(counts, {"令和7年度": 30})
    '都内の実施自治体は令和3年度の2から令和7年度の30（予定）に'
    >>> implementation_message(counts.iloc[:4], {"令和7年度": 30})
    '都内の実施自治体は令和3年度の2から令和6年度の23に'
    >>> implementation_message(counts.iloc[:4], {"令和6年度": 23})  # a plan the list names in full: one number
    '都内の実施自治体は令和3年度の2から令和6年度の23に'
    """
    last = str(counts.index[-1])
    number = f"{int(counts.iloc[-1])}"
    if last in planned and int(planned[last]) != int(counts.iloc[-1]):
        number = f"{int(planned[last])}（予定）"
    return f"都内の実施自治体は{counts.index[0]}の{int(counts.iloc[0])}から{last}の{number}に"


#: What the implementation chart counts in a year whose plan the reference list names only in part (the words of
#: the overview page's note: 「令和7年度は実施予定30のうち、公開資料で名前が分かる26を数えている」).
NAMED_OF_PLANNED = "名前が分かる数"


def approximate_ratio(first: float, last: float) -> str:
    """「約1.4倍」: ``last / first`` rounded half up to one decimal.

    Parameters
    ----------
    first, last
        The first and the last value of a series (the ratio's denominator and numerator; ``first`` not 0).

    Returns
    -------
    str
        「約{ratio}倍」.

    Examples
    --------
    >>> approximate_ratio(283, 398)
    '約1.4倍'
    """
    return f"約{round_half_up(last / first, 1)}倍"


def survey_period(text: str) -> str:
    """The codebook's ``YYYY-MM-DD/YYYY-MM-DD`` as the report writes it; anything else as it is.

    Parameters
    ----------
    text
        The codebook's ``survey_period``.

    Returns
    -------
    str
        Both dates in 令和 with the number of days, both counted; ``text`` unchanged when it is not two dates.

    Examples
    --------
    >>> survey_period("2024-12-10/2025-01-14")
    '令和6年12月10日～令和7年1月14日（36日間）'
    >>> survey_period("2025-12/2026-01 (demonstration)")
    '2025-12/2026-01 (demonstration)'
    """
    match = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})/(\d{4})-(\d{2})-(\d{2})", text.strip())
    if not match:
        return text
    first, last = (date(*map(int, match.groups()[k : k + 3])) for k in (0, 3))

    def japanese(day: date) -> str:
        return f"令和{day.year - 2018}年{day.month}月{day.day}日"

    return f"{japanese(first)}～{japanese(last)}（{(last - first).days + 1}日間）"


__all__ = [
    "agreement_lead",
    "agreement_message",
    "approximate_ratio",
    "callouts",
    "change_message",
    "change_messages",
    "change_note",
    "difference_message",
    "difference_messages",
    "implementation_message",
    "majority_message",
    "named_note",
    "paired_message",
    "paired_messages",
    "respondent_count",
    "smallest_p_note",
    "survey_period",
    "unlisted_note",
]
