"""The items of a section with the highest and the lowest positive share, and whether a test backs them.

A section's summary and its slide name the items with the highest and the lowest share. With 23 respondents
one answer moves a share by 4.3 points, so such a ranking is a description of the answers unless a test says
more. Here each extreme is tested against the item(s) next to it: the same respondents answered both items,
so the comparison is paired — McNemar's mid-p test on the respondents who answered both (無回答を除く), against
each item at the next share (the largest p counts: the extreme must stand apart from all of them), Holm over
the two extremes of the section.

* :func:`callout_items` — the rule that singles items out on the slide (最も成果 / 他と比べ低い);
* :func:`extremes` — per side, the extreme items, whether the rule calls them out, the test and its verdict.

Examples
--------
>>> shares = pd.Series([82.6, 56.5, 65.2, 65.2, 65.2], index=list("abcde"))
>>> callout_items(shares)
{'highest': ['a'], 'lowest': ['b']}
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from jusolib.analysis.cache import cached
from jusolib.analysis.section_tables import positive
from jusolib.analysis.year_data import YearData
from jusolib.core.formatting import ALPHA
from jusolib.stats.agreement import mcnemar_midp
from jusolib.stats.crosstab import holm

#: Points by which called-out items must stand apart from the next item (two answers at n = 23).
CALLOUT_GAP = 5.0
SIDES = ("highest", "lowest")


def callout_items(
    shares: pd.Series, *, gap: float = CALLOUT_GAP, valid_shares: pd.Series | None = None
) -> dict[str, list[str]]:
    """Items the answers single out as highest and lowest, in item order.

    The items sharing the highest share are called out when the next share is at least ``gap`` points lower and
    they are fewer than half of the items; likewise the lowest. With ``valid_shares`` (the same items' shares
    with 無回答 left out) a callout is kept only when the same items stand out on that base too: an item that
    many left blank (III's ※ items) looks low on the full base only because of its 無回答. This rule describes
    the answers; :func:`extremes` says whether a test backs it.

    Parameters
    ----------
    shares
        Positive shares (percent) by item label, on the 無回答を含む base.
    gap
        Points by which the called-out items must stand apart from the next share.
    valid_shares
        The same items' shares with 無回答 left out, or ``None``.

    Returns
    -------
    dict
        ``{"highest": [...], "lowest": [...]}``: the labels called out (empty lists when none).

    Examples
    --------
    >>> callout_items(pd.Series([91.3, 91.3, 82.6, 39.1, 65.2], index=list("abcde")))
    {'highest': ['a', 'b'], 'lowest': ['d']}
    >>> callout_items(pd.Series([65.2, 62.0, 65.2, 60.9], index=list("abcd")))  # nothing stands 5 points apart
    {'highest': [], 'lowest': []}
    >>> callout_items(pd.Series([91.3, 91.3, 82.6, 39.1, 65.2], index=list("abcde")),
    ...               valid_shares=pd.Series([91.3, 91.3, 82.6, 69.2, 65.2], index=list("abcde")))  # d: many blank
    {'highest': ['a', 'b'], 'lowest': []}
    """
    if valid_shares is not None:
        full, valid = callout_items(shares, gap=gap), callout_items(valid_shares, gap=gap)
        return {key: full[key] if full[key] == valid[key] else [] for key in full}
    values = sorted(set(shares))
    result: dict[str, list[str]] = {"highest": [], "lowest": []}
    if len(values) < 2:
        return result
    for key, extreme, neighbour in (
        ("highest", values[-1], values[-2]),
        ("lowest", values[0], values[1]),
    ):
        chosen = [str(i) for i, v in shares.items() if v == extreme]
        if abs(extreme - neighbour) >= gap and 2 * len(chosen) < len(shares):
            result[key] = chosen
    return result


def _positive_flags(year: YearData, item_id: str) -> pd.Series:
    """Per municipality that answered the item (無回答を除く): whether the answer is positive."""
    rows = year.data[year.data["item_id"] == item_id]
    rows = rows[rows["answer"].astype(str) != year.codebook.no_answer_label]
    positive_answers = set(year.codebook.scale_of(item_id).positive)
    return pd.Series(
        [str(a) in positive_answers for a in rows["answer"]], index=rows["muni_code"].to_numpy(), dtype=bool
    )


def paired_item_test(year: YearData, first: str, second: str) -> tuple[float, int]:
    """McNemar's mid-p of two items' positive answers on the respondents who answered both, and their number.

    Parameters
    ----------
    year
        The year's data: a :class:`~jusolib.report.YearReport` (or the
        :class:`~jusolib.analysis.year_data.YearData` it is made of).
    first, second
        The two items' ids.

    Returns
    -------
    tuple
        The mid-p and the number of respondents it rests on.

    Examples
    --------
    >>> p, n = paired_item_test(report, "out_participation", "out_hubs")
    >>> n, 0 < p <= 1
    (23, True)
    """
    a, b = _positive_flags(year, first), _positive_flags(year, second)
    both = a.index.intersection(b.index)
    x, y = a.loc[both].to_numpy(), b.loc[both].to_numpy()
    return mcnemar_midp(int((x & ~y).sum()), int((~x & y).sum())).pvalue, len(both)


@cached
def extremes(year: YearData, section: str) -> pd.DataFrame:
    """The highest and the lowest items of a section (無回答を含む base, as the published charts) and their tests.

    Parameters
    ----------
    year
        The year's data: a :class:`~jusolib.report.YearReport` (or the
        :class:`~jusolib.analysis.year_data.YearData` it is made of).
    section
        A section of the questionnaire by its key: ``"I"``, ``"II"``, ``"III"``.

    Returns
    -------
    DataFrame
        One row per side (``highest``, ``lowest``): ``items`` and ``labels`` (tuples: several when tied),
        ``share`` (%), ``called`` (whether :func:`callout_items` singles them out, with 無回答 left out too),
        ``neighbours`` (the labels at the next share), ``n_pairs`` (the fewest respondents a test rested on),
        ``pvalue`` (the largest mid-p against the neighbours), ``pvalue_holm`` (over the two sides) and
        ``significant`` (adjusted p < 0.05). With fewer than two distinct shares there is nothing to test (p NaN).

    Examples
    --------
    >>> row = report.extremes("I").set_index("side").loc["highest"]
    >>> row["labels"], bool(row["called"]), bool(row["significant"])
    (('地域住民の参加を促す活動を行う者',), True, False)
    """
    table = positive(year, section).frame
    labels = {year.codebook.item(i)["label"]: i for i in year.codebook.item_ids(section)}
    shares = table["割合"]
    called = callout_items(shares, valid_shares=table["割合（無回答を除く）"])
    values = sorted(set(shares.dropna()))
    rows: list[dict[str, Any]] = []
    for side in SIDES:
        if len(values) < 2:
            rows.append({"side": side, "items": (), "labels": (), "share": float("nan"), "called": False})
            continue
        extreme, neighbour = (values[-1], values[-2]) if side == "highest" else (values[0], values[1])
        chosen = [str(label) for label, v in shares.items() if v == extreme]
        nearest = [str(label) for label, v in shares.items() if v == neighbour]
        tests = [paired_item_test(year, labels[c], labels[b]) for c in chosen for b in nearest]
        rows.append(
            {
                "side": side,
                "items": tuple(labels[c] for c in chosen),
                "labels": tuple(chosen),
                "share": float(extreme),
                "called": called[side] == chosen,
                "neighbours": tuple(nearest),
                "n_pairs": min(n for _, n in tests),
                "pvalue": max(p for p, _ in tests),
            }
        )
    out = pd.DataFrame(rows).reindex(
        columns=["side", "items", "labels", "share", "called", "neighbours", "n_pairs", "pvalue"]
    )
    out["pvalue_holm"] = holm(out["pvalue"].astype(float).tolist())
    out["significant"] = out["pvalue_holm"] < ALPHA
    return out
