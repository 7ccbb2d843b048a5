"""Item scoring over tidy responses: distributions with both bases, positive shares with Wilson intervals,
ordinal item scores and per-municipality section indices.

Bases (Japanese survey practice): ``all`` = every respondent, 無回答 included (「無回答を含む」, the report
convention); ``valid`` = respondents who answered (「無回答を除く」).

Scores: each option has a ``score`` in the codebook (agree3: 2/1/0; agree4: 3/2/1/0). An answer's score on
0–100 is ``100 × score / max score of its scale``; 無回答 has no score.

* item score = mean answer score (0–100) over the respondents who answered the item;
* section index of a municipality = mean of its answer scores (0–100) over the items of the section it
  answered (outcome = I, change = II, challenge = III; higher = more of what the section asks about, so a
  higher challenge index means more challenges felt). ``n_items`` says how many items it rests on.

Examples
--------
>>> data = pd.DataFrame({"fiscal_year": 2024, "respondent_type": "municipality",
...                      "muni_code": ["131016", "131024", "131032"], "item_id": "out_hubs",
...                      "answer": ["あてはまる", "どちらともいえない", "無回答"]})
>>> shares = positive_share(data)
>>> shares[["item_id", "n", "positive", "share"]].values.tolist()
[['out_hubs', 3, 1, 33.3]]
>>> item_scores(data)[["item_id", "n_valid", "score"]].values.tolist()
[['out_hubs', 2, 75.0]]
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pandas as pd

from jusolib.core.docstrings import shared_parameters
from jusolib.core.errors import ParameterError, check_choice
from jusolib.core.formatting import percent
from jusolib.survey.codebook import Codebook, load_codebook
from jusolib.survey.vocabulary import BASES as BASES  # the bases' names are the vocabulary's

#: 95% two-sided normal quantile, to the precision scipy gives (used when confidence=0.95).
Z95 = 1.959963984540054


def _as_list(by: str | Sequence[str] | None) -> list[str]:
    if by is None:
        return []
    return [by] if isinstance(by, str) else list(by)


def codebook_for(data: pd.DataFrame, codebook: Codebook | None = None) -> Codebook:
    """The codebook of the (single) fiscal year in ``data`` unless one is given.

    Parameters
    ----------
    data
        Tidy responses with a ``fiscal_year`` column (read only when ``codebook`` is ``None``).
    codebook
        A codebook to use as it is; ``None`` to load the codebook of the fiscal year in ``data``.

    Returns
    -------
    Codebook
        ``codebook`` when given, else the codebook of ``data``'s fiscal year.

    Raises
    ------
    ParameterError
        When ``codebook`` is ``None`` and ``data`` holds several fiscal years (or none), naming them.

    Examples
    --------
    >>> codebook_for(pd.DataFrame({"fiscal_year": [2025, 2025]})).fiscal_year
    2025
    """
    if codebook is not None:
        return codebook
    years = pd.unique(data["fiscal_year"])
    if len(years) != 1:
        raise ParameterError(
            f"data holds fiscal years {sorted(years)}; pass one year or a codebook explicitly"
        )
    return load_codebook(int(years[0]))


def check_columns(data: pd.DataFrame, columns: Sequence[str]) -> None:
    """Raise a :class:`~jusolib.core.errors.ParameterError` naming the columns ``data`` lacks, and those it has.

    Parameters
    ----------
    data
        Any frame (its column names are checked).
    columns
        The columns it must have.

    Raises
    ------
    ParameterError
        When a column is missing: the message lists the missing columns and the columns ``data`` has.

    Examples
    --------
    >>> check_columns(pd.DataFrame({"item_id": []}), ["item_id", "answer"])  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    jusolib.core.errors.ParameterError: data lacks the column(s) ['answer']; it has ['item_id']
    """
    missing = [c for c in columns if c not in data.columns]
    if missing:
        raise ParameterError(f"data lacks the column(s) {missing}; it has {list(data.columns)}")


def _items(data: pd.DataFrame, codebook: Codebook, item: str | Sequence[str] | None) -> list[str]:
    """Item ids to work on: ``item`` as ids or question numbers (「問1-2」), or every item present in ``data``."""
    if _as_list(item):
        return codebook.item_ids_of(_as_list(item))
    present = set(pd.unique(data["item_id"].astype(object)))
    return [i for i in codebook.item_ids() if i in present]


def _by_item(data: pd.DataFrame, items: Sequence[str]) -> dict[str, pd.DataFrame]:
    """The rows of each item, split in one pass over the rows of ``items`` only (an empty frame for an item
    with no rows)."""
    wanted = data[data["item_id"].isin(list(items))]
    parts = {key: part for key, part in wanted.groupby("item_id", sort=False, observed=True)}
    return {item_id: parts.get(item_id, data.iloc[:0]) for item_id in items}


def _group_counts(
    part: pd.DataFrame, groups: list[str], flags: dict[str, np.ndarray]
) -> list[tuple[tuple[object, ...], int, dict[str, int]]]:
    """Rows and flagged rows of ``part`` per group of ``groups``: ``(key, rows, {flag: count})``.

    The groups are those ``part.groupby(groups, observed=False, sort=True)`` iterates over, in its order
    (every category of a categorical column, empty ones included; rows with a missing key left out), but
    counted with one pass of ``np.bincount`` instead of a sub-frame per group. No ``groups``: one group,
    key ``()``, holding every row.

    Examples
    --------
    >>> part = pd.DataFrame({"size": pd.Categorical(["大", "小", "大"], categories=["大", "中", "小"])})
    >>> _group_counts(part, ["size"], {"yes": np.array([True, False, True])})
    [(('大',), 2, {'yes': 2}), (('中',), 0, {'yes': 0}), (('小',), 1, {'yes': 0})]
    """
    if not groups:
        return [((), len(part), {name: int(np.count_nonzero(flag)) for name, flag in flags.items()})]
    sizes = part.groupby(groups, observed=False, sort=True).size()
    keys = part[groups[0]] if len(groups) == 1 else pd.MultiIndex.from_frame(part[groups])
    codes = sizes.index.get_indexer(keys)
    kept = codes >= 0
    counts = {
        name: np.bincount(codes[kept & np.asarray(flag, dtype=bool)], minlength=len(sizes))
        for name, flag in flags.items()
    }
    return [
        (
            key if isinstance(key, tuple) else (key,),
            int(size),
            {name: int(values[position]) for name, values in counts.items()},
        )
        for position, (key, size) in enumerate(sizes.items())
    ]


@shared_parameters
def wilson_interval(k: int, n: int, confidence: float = 0.95) -> tuple[float, float]:
    """Wilson score interval for a proportion, in percent.

    The interval of the score test (Wilson 1927, *J Am Stat Assoc* 22:209–212): it stays inside 0–100% and
    does not collapse at 0 of n or n of n, as the normal (Wald) interval does.

    Parameters
    ----------
    k
        Positive answers (successes).
    n
        The base (trials); 0 or less gives NaN limits.

    Returns
    -------
    tuple of float
        ``(low, high)`` in percent, unrounded, within 0–100; ``(nan, nan)`` when ``n`` ≤ 0.

    Examples
    --------
    >>> low, high = wilson_interval(19, 23)
    >>> round(low, 2), round(high, 2)
    (62.86, 93.02)
    >>> wilson_interval(0, 0)
    (nan, nan)
    """
    if n <= 0:
        return (math.nan, math.nan)
    z = Z95 if confidence == 0.95 else normal_quantile(1 - (1 - confidence) / 2)
    p = k / n
    denominator = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denominator
    half = z / denominator * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return (100 * max(0.0, centre - half), 100 * min(1.0, centre + half))


def normal_quantile(q: float) -> float:
    """The standard normal quantile of ``q`` (scipy, imported on first use).

    Parameters
    ----------
    q
        A probability, between 0 and 1 (0.975 for the two-sided 95% level).

    Returns
    -------
    float
        Φ⁻¹(q): the value a standard normal variable falls below with probability ``q``.

    Examples
    --------
    >>> round(normal_quantile(0.975), 4)
    1.96
    """
    from scipy.stats import norm

    return float(norm.ppf(q))


@shared_parameters
def answer_distribution(
    data: pd.DataFrame,
    *,
    item: str | Sequence[str] | None = None,
    by: str | Sequence[str] | None = None,
    codebook: Codebook | None = None,
) -> pd.DataFrame:
    """Counts and percentages per answer of each item, on both bases, in questionnaire and scale order.

    Parameters
    ----------
    data
        Tidy responses (``item_id``, ``answer`` …), e.g. from :func:`jusolib.clean.pipeline.load_responses`.
    item
        One item or several, by id (``"out_hubs"``) or question number (``"問1-2"``); default: every item in
        ``data``, in questionnaire order.
    by
        Column(s) of ``data`` to break the counts down by (e.g. ``"size_class"``); ``None`` for no breakdown.

    Returns
    -------
    DataFrame
        One row per item × group × answer (the item's scale plus 無回答): ``item_id``, the ``by`` columns,
        ``answer`` (ordered categorical), ``count``, ``n_all`` (無回答を含む),
        ``n_valid`` (無回答を除く), ``pct_all``, ``pct_valid`` (percent rounded half up to one decimal;
        ``pct_valid`` is NaN for 無回答 and where nobody answered).

    Examples
    --------
    >>> data = pd.DataFrame({"fiscal_year": 2024, "item_id": "out_hubs",
    ...                      "answer": ["あてはまる", "あてはまる", "無回答"]})
    >>> answer_distribution(data)[["answer", "count", "pct_all", "pct_valid"]].values.tolist()
    [['あてはまる', 2, 66.7, 100.0], ['どちらともいえない', 0, 0.0, 0.0], ['あてはまらない', 0, 0.0, 0.0], ['無回答', 1, 33.3, nan]]
    """
    codebook = codebook_for(data, codebook)
    groups = _as_list(by)
    check_columns(data, ["item_id", "answer", *groups])
    rows = []
    items = _items(data, codebook, item)
    parts = _by_item(data, items)
    for item_id in items:
        labels = [*codebook.scale_of(item_id).labels, codebook.no_answer_label]
        subset = parts[item_id]
        answers = subset["answer"].to_numpy(dtype=object, na_value=None)
        flags = {label: answers == label for label in labels}
        for key, n_all, counts in _group_counts(subset, groups, flags):
            n_valid = n_all - counts[codebook.no_answer_label]
            for label in labels:
                count = counts[label]
                valid = label != codebook.no_answer_label and n_valid > 0
                rows.append(
                    {
                        "item_id": item_id,
                        **dict(zip(groups, key, strict=True)),
                        "answer": label,
                        "count": count,
                        "n_all": n_all,
                        "n_valid": n_valid,
                        "pct_all": float(percent(count, n_all)) if n_all else math.nan,
                        "pct_valid": float(percent(count, n_valid)) if valid else math.nan,
                    }
                )
    out = pd.DataFrame(rows)
    if len(out):
        out["answer"] = pd.Categorical(out["answer"], categories=codebook.answer_categories, ordered=True)
    return out


@shared_parameters
def positive_share(
    data: pd.DataFrame,
    *,
    item: str | Sequence[str] | None = None,
    by: str | Sequence[str] | None = None,
    base: str = "all",
    codebook: Codebook | None = None,
    confidence: float = 0.95,
) -> pd.DataFrame:
    """Share of positive answers per item (as the codebook defines positive per scale), with a Wilson interval.

    Which answers are positive is each scale's ``positive`` in the codebook (FY2024: あてはまる on the 3-point
    scale of I and II; とてもあてはまる + あてはまる on the 4-point scale of III).

    Parameters
    ----------
    data
        Tidy responses (``fiscal_year``, ``item_id``, ``answer`` and the ``by`` columns).
    by
        Column(s) of ``data`` to give a share per group of (every category of a categorical column, empty ones
        included, with ``n`` = 0); ``None`` for one share per item.
    base
        ``"all"`` (無回答を含む, default) or ``"valid"`` (無回答を除く).
    confidence
        The Wilson interval's confidence level, between 0 and 1 (default 0.95).

    Returns
    -------
    DataFrame
        ``item_id``, the ``by`` columns, ``n`` (the base), ``positive``, ``share`` (percent, rounded half up to
        one decimal), ``ci_low``/``ci_high`` (Wilson, percent, unrounded), ``base`` (its Japanese label) and
        ``positive_label``. ``share`` and the interval are NaN where the base is 0.

    Examples
    --------
    >>> data = pd.DataFrame({"fiscal_year": 2024, "item_id": "out_hubs",
    ...                      "answer": ["あてはまる", "どちらともいえない", "無回答"]})
    >>> positive_share(data, base="valid")[["n", "positive", "share", "base"]].values.tolist()
    [[2, 1, 50.0, '無回答を除く']]
    """
    check_choice("base", base, list(BASES))
    codebook = codebook_for(data, codebook)
    groups = _as_list(by)
    check_columns(data, ["item_id", "answer", *groups])
    rows = []
    items = _items(data, codebook, item)
    parts = _by_item(data, items)
    for item_id in items:
        scale = codebook.scale_of(item_id)
        subset = parts[item_id]
        answers = subset["answer"]
        flags = {
            "positive": answers.isin(scale.positive).to_numpy(dtype=bool),
            "answered": (answers != codebook.no_answer_label).fillna(False).to_numpy(dtype=bool),
        }
        for key, size, counts in _group_counts(subset, groups, flags):
            n = size if base == "all" else counts["answered"]
            positive = counts["positive"]
            low, high = wilson_interval(positive, n, confidence)
            rows.append(
                {
                    "item_id": item_id,
                    **dict(zip(groups, key, strict=True)),
                    "n": n,
                    "positive": positive,
                    "share": float(percent(positive, n)) if n else math.nan,
                    "ci_low": low,
                    "ci_high": high,
                    "base": BASES[base],
                    "positive_label": scale.positive_label,
                }
            )
    return pd.DataFrame(rows)


@shared_parameters
def answer_scores(data: pd.DataFrame, *, codebook: Codebook | None = None) -> pd.DataFrame:
    """``data`` with a ``score`` column: the answer's score on 0–100 (NaN for 無回答). Input is not changed.

    The score is ``100 × option score / the scale's highest score`` (3-point scale: 100, 50, 0).

    Returns
    -------
    DataFrame
        A copy of ``data`` with ``score`` (float; NaN for 無回答 and for answers the item's scale does not
        have).

    Examples
    --------
    >>> data = pd.DataFrame({"fiscal_year": 2024, "item_id": ["out_hubs", "chl_plan_consent"],
    ...                      "answer": ["どちらともいえない", "あてはまる"]})
    >>> answer_scores(data)["score"].round(1).tolist()
    [50.0, 66.7]
    """
    codebook = codebook_for(data, codebook)
    check_columns(data, ["item_id", "answer"])
    table = {
        (item_id, option.label): 100 * option.score / codebook.scale_of(item_id).max_score
        for item_id in codebook.items.index
        for option in codebook.scale_of(item_id).options
    }
    keys = zip(data["item_id"], data["answer"].astype(str), strict=True)
    return data.assign(score=np.array([table.get(k, np.nan) for k in keys], dtype=float))


@shared_parameters
def item_scores(
    data: pd.DataFrame,
    *,
    item: str | Sequence[str] | None = None,
    by: str | Sequence[str] | None = None,
    codebook: Codebook | None = None,
) -> pd.DataFrame:
    """Mean answer score (0–100) per item over those who answered, with ``n_valid``.

    Parameters
    ----------
    by
        Column(s) of ``data`` to give a score per group of; ``None`` for one score per item.

    Returns
    -------
    DataFrame
        One row per item (× group), in questionnaire order: ``item_id``, the ``by`` columns, ``n_valid``
        (answers other than 無回答) and ``score`` (their mean score on 0–100, NaN where nobody answered).

    Examples
    --------
    >>> data = pd.DataFrame({"fiscal_year": 2024, "item_id": "out_hubs",
    ...                      "answer": ["あてはまる", "どちらともいえない", "無回答"]})
    >>> item_scores(data)[["item_id", "n_valid", "score"]].values.tolist()  # (100 + 50) / 2
    [['out_hubs', 2, 75.0]]
    """
    codebook = codebook_for(data, codebook)
    groups = _as_list(by)
    items = _items(data, codebook, item)
    scored = answer_scores(data[data["item_id"].isin(items)], codebook=codebook)
    out = (
        scored.groupby(["item_id", *groups], observed=False, sort=False)["score"]
        .agg(n_valid="count", score="mean")
        .reset_index()
    )
    out["item_id"] = pd.Categorical(out["item_id"], categories=items, ordered=True)
    return (
        out.sort_values(["item_id", *groups], kind="stable")
        .reset_index(drop=True)
        .assign(item_id=lambda f: f["item_id"].astype(str))
    )


def answerable_items(codebook: Codebook, section: str | None = None) -> list[str]:
    """The items every respondent could answer: those whose 無回答 has no reason in the codebook (III's ※1–※3
    items are left out: 無回答 there means not yet judgeable, no plan made, no desk — not applicable).

    Parameters
    ----------
    codebook
        The fiscal year's codebook (:func:`~jusolib.survey.codebook.load_codebook`).
    section
        A section key (``"III"``); ``None`` for every section.

    Returns
    -------
    list of str
        Item ids in questionnaire order.

    Examples
    --------
    >>> items = answerable_items(load_codebook(2024), "III")
    >>> len(items), "chl_plan_consent" in items
    (11, False)
    """
    reasons = codebook.items["no_answer_reason"]
    return [
        i for i in codebook.item_ids(section) if not isinstance(reasons.get(i), str) or not reasons.get(i)
    ]


@shared_parameters
def section_indices(
    data: pd.DataFrame, *, codebook: Codebook | None = None, answerable_only: bool = False
) -> pd.DataFrame:
    """Per-respondent section indices (0–100): mean answer score over the section's answered items.

    With ``answerable_only`` the index rests on :func:`answerable_items` only, so that every respondent's index
    averages the same items (an item that did not apply to a respondent does not change what the index is of).

    Parameters
    ----------
    data
        Tidy responses with ``fiscal_year``, ``respondent_type``, ``muni_code``, ``item_id`` and ``answer``.
    answerable_only
        Average only the items every respondent could answer (default ``False``: every item answered).

    Returns
    -------
    DataFrame
        ``fiscal_year``, ``respondent_type``, ``muni_code``, ``index`` (outcome / change / challenge),
        ``section``, ``value`` (NaN if no item of the section was answered) and ``n_items``.

    Examples
    --------
    >>> data = pd.DataFrame({"fiscal_year": 2024, "respondent_type": "municipality", "muni_code": "131016",
    ...                      "item_id": ["out_hubs", "out_leaders", "out_participation"],
    ...                      "answer": ["あてはまる", "あてはまらない", "無回答"]})
    >>> section_indices(data)[["index", "value", "n_items"]].values.tolist()
    [['outcome', 50.0, 2]]
    """
    codebook = codebook_for(data, codebook)
    check_columns(data, ["fiscal_year", "respondent_type", "muni_code", "item_id", "answer"])
    if answerable_only:
        data = data[data["item_id"].isin(answerable_items(codebook))]
    scored = answer_scores(data, codebook=codebook)
    scored = scored.assign(section=scored["item_id"].map(codebook.items["section"]))
    keys = ["fiscal_year", "respondent_type", "muni_code", "section"]
    out = (
        scored.groupby(keys, observed=True, sort=True)["score"]
        .agg(value="mean", n_items="count")
        .reset_index()
    )
    out["index"] = out["section"].map(codebook.sections["index"])
    return out[["fiscal_year", "respondent_type", "muni_code", "index", "section", "value", "n_items"]]
