"""The year's answers as an analyst computes with them: one row per respondent and item, keys and labels side by side.

``report.data`` is the coded frame the tables are computed from (``respondent_type`` holds ``municipality``,
the class column is named after the scheme). :func:`answers` is the same answers labelled, in the vocabulary of
:mod:`jusolib.survey.vocabulary`: every key beside its label, so that a filter can use either —
``respondent_key == "council"`` or ``respondent_type == "社協"`` — and the column of the size class has one name
whatever the scheme (``size_class``). :func:`items` lists the items with every name they can be given by.

Functions of a year's data (:class:`~jusolib.analysis.year_data.YearData`), methods of
:class:`jusolib.report.YearReport`.

Examples
--------
>>> from jusolib import YearReport
>>> answers = YearReport.load(2024).answers()
>>> row = answers[(answers["municipality"] == "世田谷区") & (answers["item_number"] == "問1-2")].iloc[0]
>>> row["respondent_type"], row["item_id"], row["item_short"], row["size_class"]
('自治体', 'out_hubs', 'I-2', '50万以上')
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from jusolib.analysis.cache import cached
from jusolib.analysis.year_data import YearData
from jusolib.core.docstrings import shared_parameters

#: The columns of :func:`answers`, in order (keys first, each label beside its key).
ANSWER_COLUMNS = (
    "fiscal_year",
    "respondent_key",
    "respondent_type",
    "muni_code",
    "municipality",
    "size_class",
    "section",
    "item_id",
    "item_number",
    "item_short",
    "item_label",
    "answer_code",
    "answer",
    "positive",
    "score",
    "text",
)


@cached
@shared_parameters
def answers(year: YearData, respondent_type: str | Sequence[str] | None = None) -> pd.DataFrame:
    """Every answer of the year, labelled: one row per respondent and item, each key beside its label.

    Parameters
    ----------
    respondent_type
        Whose answers: ``None`` (this report's), 自治体, 社協, a list, or ``"all"``/「両方」 for both.

    Returns
    -------
    DataFrame
        ``fiscal_year``; ``respondent_key`` (``municipality``/``council``) and ``respondent_type`` (自治体/社協);
        ``muni_code`` (6-digit 団体コード) and ``municipality`` (its name); ``size_class`` — the class of the
        report's scheme, an ordered categorical in the scheme's order (the scheme is named in
        ``attrs["size_scheme"]`` and ``attrs["size_scheme_label"]``, e.g. 人口規模); ``section``; ``item_id``,
        ``item_number`` (問1-2), ``item_short`` (I-2) and ``item_label``; ``answer_code`` (the option's code,
        empty for 無回答) and ``answer`` (its label, a categorical in report order); ``positive`` (the codebook's
        肯定的回答); ``score`` (0–100, NaN for 無回答); ``text`` (the 具体的な内容 written beside it, ``""`` for
        none; masked with ``redact``).

    Examples
    --------
    >>> frame = report.answers()
    >>> len(frame), frame["respondent_type"].unique().tolist()  # 23 municipalities × 27 items
    (621, ['自治体'])
    >>> frame.attrs["size_scheme_label"], frame["size_class"].cat.categories.tolist()[:2]
    ('人口規模', ['10万未満', '10万〜20万'])
    >>> both = report.answers("両方")
    >>> both.groupby("respondent_type", observed=True).size().to_dict()
    {'自治体': 621, '社協': 621}
    """
    from jusolib.analysis.free_text import _texts_of
    from jusolib.stats.score import answer_scores
    from jusolib.survey.schemes import size_classes

    keys = (
        [year.respondent_key]
        if respondent_type is None
        else year.vocabulary.respondent_type_keys(respondent_type)
    )
    forms = year.vocabulary.item_forms()
    frames = []
    for key in keys:
        texts, data = _texts_of(year, key)
        data = data[
            [c for c in ("fiscal_year", "muni_code", "item_id", "answer", "answer_code") if c in data]
        ]
        if key == year.respondent_key:
            classes = year.data.drop_duplicates("muni_code").set_index("muni_code")[year.scheme]
        else:
            codes = sorted(set(data["muni_code"]))
            classes = size_classes(codes, year.scheme, data_dir=year.data_dir, **year.scheme_options).classes
        written = texts.set_index(["muni_code", "item_id"])["text"]
        written = written[~written.index.duplicated()]
        scored = answer_scores(data, codebook=year.codebook)
        answer = scored["answer"].astype(str)
        positive = {i: set(year.codebook.scale_of(i).positive) for i in year.codebook.item_ids()}
        frames.append(
            pd.DataFrame(
                {
                    "fiscal_year": scored["fiscal_year"].astype(int).to_numpy(),
                    "respondent_key": key,
                    "respondent_type": year.codebook.respondent_type_label(key),
                    "muni_code": scored["muni_code"].to_numpy(),
                    "municipality": scored["muni_code"].map(year.names).to_numpy(),
                    "size_class": scored["muni_code"].map(classes.astype(str)).to_numpy(),
                    "section": [str(year.codebook.item(i)["section"]) for i in scored["item_id"]],
                    "item_id": scored["item_id"].to_numpy(),
                    "item_number": [forms[i][0] for i in scored["item_id"]],
                    "item_short": [forms[i][1] for i in scored["item_id"]],
                    "item_label": [forms[i][2] for i in scored["item_id"]],
                    "answer_code": scored["answer_code"].astype("Int64").to_numpy(),
                    "answer": answer.to_numpy(),
                    "positive": [a in positive[i] for i, a in zip(scored["item_id"], answer, strict=True)],
                    "score": scored["score"].to_numpy(dtype=float),
                    "text": [
                        str(written.get((m, i), ""))
                        for m, i in zip(scored["muni_code"], scored["item_id"], strict=True)
                    ],
                }
            )
        )
    frame = pd.concat(frames, ignore_index=True)
    categories = [str(c) for c in year.classes.classes.cat.categories]
    extra = sorted(set(frame["size_class"].dropna()) - set(categories))
    frame["size_class"] = pd.Categorical(frame["size_class"], categories=[*categories, *extra], ordered=True)
    order = [a for a in year.codebook.answer_categories]
    frame["answer"] = pd.Categorical(frame["answer"], categories=order, ordered=True)
    labels = list(year.vocabulary.respondent_types().values())
    frame["respondent_type"] = pd.Categorical(frame["respondent_type"], categories=labels)
    position = {k: n for n, k in enumerate(forms)}
    frame = (
        frame.assign(_order=frame["item_id"].map(position))
        .sort_values(["respondent_type", "muni_code", "_order"], kind="stable")
        .drop(columns="_order")
        .reset_index(drop=True)
    )
    frame.attrs.update(
        {"size_scheme": year.scheme, "size_scheme_label": year.classes.label, "caption": year.caption}
    )
    return frame[list(ANSWER_COLUMNS)]


@shared_parameters
def items(year: YearData, section: str | None = None) -> pd.DataFrame:
    """The items of the year with every name they can be given by, and their scales.

    Parameters
    ----------
    section
        Only the items of this section (``None``: every item).

    Returns
    -------
    DataFrame
        Indexed by ``item_id``: ``section``, ``item_number`` (問1-2), ``item_short`` (I-2), ``item_label``,
        ``answers`` (code and label of each option), ``positive`` (the codebook's 肯定的回答) and ``footnote``.

    Examples
    --------
    >>> report.items("I").loc["out_hubs", ["item_number", "item_short", "answers"]].tolist()
    ['問1-2', 'I-2', '1 あてはまる／2 どちらともいえない／3 あてはまらない']
    """
    forms = year.vocabulary.item_forms()
    ids = year.codebook.item_ids(section)
    rows = []
    for item_id in ids:
        number, short, label = forms[item_id]
        scale = year.codebook.scale_of(item_id)
        footnote = year.codebook.item(item_id).get("footnote")
        rows.append(
            {
                "item_id": item_id,
                "section": str(year.codebook.item(item_id)["section"]),
                "item_number": number,
                "item_short": short,
                "item_label": label,
                "answers": "／".join(f"{o.code} {o.label}" for o in scale.options),
                "positive": scale.positive_label,
                "footnote": footnote if isinstance(footnote, str) else "",
            }
        )
    return pd.DataFrame(rows).set_index("item_id")
