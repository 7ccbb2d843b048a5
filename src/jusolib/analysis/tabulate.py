"""A cross-tab of your own in one call: the answers of an item or a section by any grouping, 「n（%）」 in every
cell, the base in every heading, the test beside each item — what gtsummary's ``tbl_cross``/``tbl_summary(by=)``
give, on the report's vocabulary and its statistics.

``by`` may be the report's size classes (``"class"``), any other size scheme (``"団体種別"``), the respondent
type (``"respondent_type"``: 自治体 and 社協 of the same municipalities), another item (``"問1-1"``: its answers
as columns) or ``None`` (all respondents only). The test is chosen for the grouping:

* classes of a scheme, or another item's answers: Fisher's exact test of 肯定的回答 or not × group, on those who
  answered (無回答を除く) — the pages' test for classes without an order;
* 自治体 and 社協: McNemar's mid-p test on the pairs of the same municipality (pairs with 無回答 left out), as the
  自治体×社協 page does — the two answers of one municipality are not independent samples;
* several items: Holm's adjustment across them beside the unadjusted p.

Functions of a year's data (:class:`~jusolib.analysis.year_data.YearData`), a method of
:class:`jusolib.report.YearReport`.

Examples
--------
>>> from jusolib import YearReport
>>> table = YearReport.load(2024).tabulate("問1-2", by="団体種別")
>>> table.frame.columns.tolist()
['全体（N=23）', '特別区（N=11）', '市（N=12）', 'p値', '検定']
>>> table.frame.loc[("地域住民等が相互に交流を図ることのできる拠点", "あてはまる"), "全体（N=23）"]  # published: 13 of 23
'13（56.5%）'
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from jusolib.analysis.tables import ReportTable
from jusolib.analysis.year_data import YearData
from jusolib.core.docstrings import shared_parameters
from jusolib.core.errors import ParameterError
from jusolib.core.formatting import SMALL_BASE, SMALL_BASE_MARK, format_share
from jusolib.core.wording import by_label
from jusolib.survey.vocabulary import BASES, base_key, scheme_labels, size_scheme_key, spelling_key

TOTAL = "全体"
#: Spellings of ``by`` for the report's own size classes and for the respondent type.
CLASS_WORDS = ("class", "size_class", "区分", "規模")
RESPONDENT_WORDS = ("respondent_type", "回答主体")


@dataclass(frozen=True)
class Grouping:
    """What ``by`` resolved to: the long data with a ``group`` column, the groups in order, and how to test."""

    data: pd.DataFrame
    groups: list[str]
    name: str
    test: str  # "fisher", "mcnemar" or ""
    total: bool


def _scheme_groups(year: YearData, scheme: str, data: pd.DataFrame) -> tuple[pd.Series, list[str]]:
    from jusolib.survey.schemes import size_classes

    if scheme == year.scheme:
        classes = year.classes.classes
    else:
        classes = size_classes(
            sorted(set(data["muni_code"])), scheme, data_dir=year.data_dir, **year.scheme_options
        ).classes
        if not year.empty_classes:
            classes = classes.cat.remove_unused_categories()
    return classes.astype(str), [str(c) for c in classes.cat.categories]


@shared_parameters
def grouping(year: YearData, by: object, items: list[str]) -> Grouping:
    """The answers of ``items`` with the group of each row, for :func:`tabulate` (see the module docstring).

    Parameters
    ----------
    by
        ``None``, ``"class"``, a size scheme (key or Japanese name), ``"respondent_type"`` or an item.
    items
        The item ids tabulated.

    Returns
    -------
    Grouping

    Raises
    ------
    ParameterError
        For any other ``by``, naming every choice.

    Examples
    --------
    >>> g = grouping(report, "respondent_type", ["out_hubs"])
    >>> g.groups, g.test, len(g.data)
    (['自治体', '社協'], 'mcnemar', 46)
    """
    data = year.data[year.data["item_id"].isin(items)][["muni_code", "item_id", "answer"]]
    if by is None:
        return Grouping(data.assign(group=TOTAL), [], "", "", True)
    key = spelling_key(by)
    if key in {spelling_key(w) for w in CLASS_WORDS}:
        by = year.scheme
    if key in {spelling_key(w) for w in RESPONDENT_WORDS}:
        from jusolib.analysis.pairs import all_responses

        both = all_responses(year)
        both = both[both["item_id"].isin(items)]
        labels = year.vocabulary.respondent_types()
        grouped = both[["muni_code", "item_id", "answer"]].assign(group=both["respondent_type"].map(labels))
        return Grouping(grouped, list(labels.values()), "回答主体", "mcnemar", False)
    try:
        scheme = size_scheme_key(by)
    except ParameterError:
        scheme = None
    if scheme is not None:
        classes, groups = _scheme_groups(year, scheme, data)
        grouped = data.assign(group=data["muni_code"].map(classes))
        return Grouping(grouped, groups, scheme_labels()[scheme], "fisher", True)
    other = year.vocabulary.find_item(by)
    if other is None:
        raise ParameterError(
            f"unknown by={by!r}: give None, 'class' (the report's {year.classes.label}), a size scheme ("
            + ", ".join(f"{k}/{v}" for k, v in scheme_labels().items())
            + "), 'respondent_type' (自治体 and 社協) or an item (問1-2, I-2, out_hubs …)"
        )
    column = year.data[year.data["item_id"] == other].set_index("muni_code")["answer"].astype(str)
    groups = [label for _, label in year.vocabulary.answers_of(other)]
    grouped = data.assign(group=data["muni_code"].map(column))
    number = year.codebook.item(other)["number"]
    return Grouping(grouped, [g for g in groups if g in set(column)], f"{number}の回答", "fisher", True)


def _cell(count: int, n: int) -> str:
    return f"{count}（{format_share(100 * count / n)}%）" if n else "−"


@shared_parameters
def tabulate(
    year: YearData, item_or_section: object, by: object = "class", *, base: str = "all"
) -> ReportTable:
    """「n（%）」 of the answers of an item, a list of items or a section, by a grouping, with the base in each
    heading and a test per item (see the module docstring).

    Parameters
    ----------
    item_or_section
        A section (「I」), an item (「問1-2」, 「I-2」, ``out_hubs``) or a list of items.
    by
        ``"class"`` (the report's size classes, the default), another size scheme (``"団体種別"``),
        ``"respondent_type"`` (自治体 and 社協), another item (its answers as columns), or ``None``.
    base
        ``"all"``/無回答を含む (default: 無回答 is a row and counts in n) or ``"valid"``/無回答を除く.

    Returns
    -------
    ReportTable
        Rows (項目, 回答): first the base n of each group, then one row per answer; columns 全体 and each group
        (「N=」 its respondents, 参考値 under 10), ``p値`` (and ``p値（Holm補正）`` for several items) and
        ``検定``; the test and the base in the notes.

    Examples
    --------
    >>> table = report.tabulate("問1-2", by="respondent_type")
    >>> table.frame.columns.tolist()
    ['自治体（N=23）', '社協（N=23）', 'p値', '検定']
    >>> table.frame.iloc[0, :2].tolist()  # the base: 23 municipalities, each answered by both
    ['23', '23']
    """
    base = base_key(base)
    section, items = year.vocabulary.section_or_items(item_or_section)
    items = [i for i in items if i in set(year.data["item_id"])]
    g = grouping(year, by, items)
    data = g.data.assign(answer=g.data["answer"].astype(str))
    no_answer = year.codebook.no_answer_label
    respondents = data.drop_duplicates(["muni_code", "group"]).groupby("group").size()
    columns = ([(TOTAL, None)] if g.total else []) + [(group, group) for group in g.groups]
    headings = {}
    for heading, group in columns:
        n = int(respondents.sum() if group is None else respondents.get(group, 0))
        small = f" ※{SMALL_BASE_MARK}" if group is not None and 0 < n < SMALL_BASE else ""
        headings[heading] = f"{heading}（N={n}）{small}"
    tests = _tests(year, g, data, items) if g.test else {}
    rows, index = [], []
    for item_id in items:
        part = data[data["item_id"] == item_id]
        if base == "valid":
            part = part[part["answer"] != no_answer]
        label = year.codebook.item(item_id)["label"]
        answers = [a for _, a in year.vocabulary.answers_of(item_id) if base == "all" or a != no_answer]
        counts = {h: part if grp is None else part[part["group"] == grp] for h, grp in columns}
        p, method = tests.get(item_id, (math.nan, ""))
        rows.append({**{headings[h]: str(len(c)) for h, c in counts.items()}, "p値": p, "検定": method})
        index.append((label, f"n（{BASES[base]}）"))
        for answer in answers:
            rows.append(
                {
                    **{
                        headings[h]: _cell(int((c["answer"] == answer).sum()), len(c))
                        for h, c in counts.items()
                    },
                    "p値": math.nan,
                    "検定": "",
                }
            )
            index.append((label, answer))
    frame = pd.DataFrame(rows, index=pd.MultiIndex.from_tuples(index, names=["項目", "回答"]))
    p_columns = ["p値"]
    if len([i for i in items if i in tests]) > 1:
        from jusolib.stats.crosstab import holm

        adjusted = dict(zip(tests, holm([tests[i][0] for i in tests]), strict=True))
        frame.insert(
            frame.columns.get_loc("p値") + 1,
            "p値（Holm補正）",
            [
                adjusted.get(i, math.nan) if r[1].startswith("n（") else math.nan
                for i, r in _item_rows(items, index)
            ],
        )
        p_columns.append("p値（Holm補正）")
    if not g.test:
        frame = frame.drop(columns=["p値", "検定"])
        p_columns = []
    what = (
        year.section_title(section) if section else "・".join(year.codebook.item(i)["number"] for i in items)
    )
    grouped = f" — {by_label(g.name)}" if g.name else ""
    notes = [
        f"セルは「件数（%）」。%の基数は各列の{BASES[base]}回答者（n の行）、小数第2位を四捨五入。"
        f"見出しの N はその列の{year.respondent_label if g.test != 'mcnemar' else '区市'}の数。",
        *(
            [f"※{SMALL_BASE_MARK}: 基数が{SMALL_BASE}未満の列。割合は参考として示す。"]
            if any(SMALL_BASE_MARK in h for h in headings.values())
            else []
        ),
        *_test_notes(g, tests, len(p_columns) > 1),
        *([year.caption] if g.test == "fisher" and g.name == year.classes.label else []),
    ]
    return ReportTable(
        f"集計_{section or items[0]}"[:31],
        f"{what}{grouped}（件数と%、{BASES[base]}）",
        frame,
        notes,
        p_columns=p_columns,
    )


def _item_rows(items: list[str], index: list[tuple[str, str]]) -> list[tuple[str, tuple[str, str]]]:
    """Each row's item id beside its (label, answer) key (rows are in item order, the n row first)."""
    out, k = [], -1
    for row in index:
        if row[1].startswith("n（"):
            k += 1
        out.append((items[k], row))
    return out


def _tests(year: YearData, g: Grouping, data: pd.DataFrame, items: list[str]) -> dict[str, tuple[float, str]]:
    """Per item, the p-value and the method (see the module docstring)."""
    if g.test == "mcnemar":
        from jusolib.analysis.pairs import paired_comparison

        compared = paired_comparison(year)
        if compared is None:
            return {}
        compared = compared.set_index("item_id")
        return {
            i: (float(compared.at[i, "mcnemar_p"]), "McNemar mid-p 検定")
            for i in items
            if i in compared.index and compared.at[i, "n_pairs"] > 0
        }
    from jusolib.stats.crosstab import fisher_positive

    no_answer = year.codebook.no_answer_label
    out = {}
    for item_id in items:
        positive = set(year.codebook.scale_of(item_id).positive)
        part = data[(data["item_id"] == item_id) & (data["answer"] != no_answer) & data["group"].notna()]
        part = part[part["group"] != no_answer]
        table = [
            [
                int(part[(part["group"] == group)]["answer"].isin(positive).sum()),
                int((~part[(part["group"] == group)]["answer"].isin(positive)).sum()),
            ]
            for group in g.groups
        ]
        out[item_id] = (fisher_positive(table).pvalue, "Fisher の正確検定")
    return out


def _test_notes(g: Grouping, tests: dict[str, tuple[float, str]], holm: bool) -> list[str]:
    if not g.test:
        return []
    if g.test == "mcnemar":
        text = (
            "検定: 同じ区市の自治体と社協の組で、肯定的回答の割合の差を McNemar の mid-p 検定（無回答を含む組は除く）。"
            "2つの回答は同じ区市のものなので、独立な群の検定は使わない。"
        )
    else:
        text = (
            f"検定: 肯定的回答か否か × {g.name}の Fisher の正確検定（無回答を除く。すべての表を列挙した正確な p、"
            "分割表が大きい場合は乱数の種を固定したモンテカルロ法）。"
        )
    if holm:
        text += "p値（Holm補正）は表の項目の間で Holm の方法により補正した値。"
    return [text + "回答数が少ないため、有意でないことは差がないことの証明にはならない。"]
