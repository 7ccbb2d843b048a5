"""Words of the free text for a report: characteristic words (特徴語) of a group, and co-occurrence networks.

Functions of a year's data (:class:`~jusolib.analysis.year_data.YearData`), methods of
:class:`jusolib.report.YearReport`. The counting is :mod:`jusolib.text.keyness` and
:mod:`jusolib.text.cooccurrence`, the tests :mod:`jusolib.stats.keyness`; the words and tables are here.

**Characteristic words** (:func:`characteristic_words`): for the texts of a section, the words that each group's
writers use more than the other writers do, by

* ``"class"`` — the size class of the report's scheme (a respondent counts once in the section);
* ``"answer"`` — the answer to the item the text belongs to: 肯定的回答 against the rest (each answer counts once);
* ``"respondent_type"`` — 自治体 against 社協 of the same year;
* ``"fiscal_year"`` — this year against the previous year with returns (the same respondent type).

Each word makes a 2×2 table of writers (the group's and the rest's, using the word or not): Fisher's exact test,
two-sided, adjusted across the words tested for the group (Benjamini–Hochberg by default, or Holm), and the
adjusted standardised residual of the group's cell. Words used by fewer than ``min_count`` writers are not tested.

**Co-occurrence networks** (:func:`cooccurrence`, :func:`plot_cooccurrence`): words that occur in the same
answer, joined where their Jaccard coefficient passes the threshold the chart states; node size by the
respondents using the word, colour by the group whose writers use it most. The layout is seeded and each year's
nodes keep the positions they had in the previous year's network (:func:`network_layout`), so two years can be
laid side by side.

Examples
--------
>>> report.characteristic_words("II").key
'II_特徴語_規模別'
>>> report.cooccurrence("II").threshold
0.2
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from typing import Any

import pandas as pd

from jusolib.analysis.cache import cached
from jusolib.analysis.tables import ReportTable
from jusolib.analysis.year_data import YearData
from jusolib.core.docstrings import shared_parameters
from jusolib.core.errors import check_choice
from jusolib.core.fiscal import fiscal_year_label
from jusolib.core.formatting import SMALL_BASE, SMALL_BASE_MARK, percent
from jusolib.stats.keyness import MIN_COUNT, keyness
from jusolib.text import cooccurrence as co
from jusolib.text.keyness import group_word_counts, text_words
from jusolib.text.themes import ThemeBook

#: Ways of grouping the writers for characteristic words (see the module docstring).
GROUPINGS = ("class", "answer", "respondent_type", "fiscal_year")
#: Words shown per group.
TOP_WORDS = 5
POSITIVE, OTHERS = "肯定的回答", "それ以外"
ADJUSTMENT_NAMES = {"BH": "Benjamini–Hochberg 法", "Holm": "Holm の方法", "none": "補正なし"}
BY_NAMES = {"class": "規模別", "answer": "回答別", "respondent_type": "回答主体別", "fiscal_year": "年度別"}
#: Node colour for a word no group uses most (a tie).
SHARED_COLOUR = "#9e9e9e"


def _book(year: YearData) -> ThemeBook:
    from jusolib.analysis.free_text import theme_book
    from jusolib.text.themes import plain_book

    return theme_book(year) or plain_book(year.fiscal_year)


@cached
@shared_parameters
def free_text_words(year: YearData) -> pd.DataFrame:
    """The distinct content words of every free-text answer of the year (:func:`jusolib.text.keyness.text_words`).

    Returns
    -------
    DataFrame
        The free text's key columns, ``word`` and ``pos``: one row per (answer, word).

    Examples
    --------
    >>> {"muni_code", "item_id", "word", "pos"} <= set(report.free_text_words().columns)
    True
    """
    return text_words(year.free_text, book=_book(year))


def _section_texts(texts: pd.DataFrame, items: list[str]) -> pd.DataFrame:
    return texts[texts["item_id"].isin(items)]


def _redacted(year: YearData, texts: pd.DataFrame) -> pd.DataFrame:
    if not year.redact:
        return texts
    from jusolib.clean.privacy import redact_frame

    return redact_frame(texts, ["text"])


def _previous_year(year: YearData) -> int | None:
    from jusolib.analysis.year_over_year import previous_fiscal_year

    return previous_fiscal_year(year.fiscal_year, year.data_dir)


@dataclass(frozen=True)
class Grouping:
    """Texts in scope, their words, the units (with their group) and what to call them."""

    texts: pd.DataFrame
    words: pd.DataFrame
    units: pd.DataFrame
    unit: list[str]
    unit_name: str
    caption: str


@cached
@shared_parameters
def grouping(year: YearData, section: str, by: str = "class") -> Grouping:
    """The writers of a section's free text and their groups, for characteristic words and node colours.

    Parameters
    ----------
    by
        How the writers are grouped: ``"class"`` (size class, the default), ``"answer"`` (肯定的回答 against the
        rest), ``"respondent_type"`` (自治体 against 社協) or ``"fiscal_year"`` (this year against the previous).

    Returns
    -------
    Grouping
        The texts in scope, their words, the units with their group, the unit columns and a caption.

    Examples
    --------
    >>> g = report.grouping("II", by="answer")
    >>> g.unit, sorted(set(g.units["group"]))
    (['muni_code', 'item_id'], ['それ以外', '肯定的回答'])
    """
    check_choice("by", by, GROUPINGS)
    book = _book(year)
    items = year.codebook.item_ids(section)
    if by in ("class", "answer"):
        texts = _section_texts(year.free_text, items)
        words = free_text_words(year)
        words = words[words["item_id"].isin(items)]
    if by == "class":
        classes = year.data.drop_duplicates("muni_code").set_index("muni_code")[year.scheme]
        writers = list(dict.fromkeys(texts["muni_code"]))
        units = pd.DataFrame({"muni_code": writers, "group": classes.reindex(writers).reset_index(drop=True)})
        return Grouping(texts, words, units, ["muni_code"], "記述者", year.caption)
    if by == "answer":
        answers = year.data.set_index(["muni_code", "item_id"])["answer"].astype(str)
        positive = {i: set(year.codebook.scale_of(i).positive) for i in items}
        keys = list(dict.fromkeys(zip(texts["muni_code"], texts["item_id"], strict=True)))
        units = pd.DataFrame(
            {
                "muni_code": [m for m, _ in keys],
                "item_id": [i for _, i in keys],
                "group": pd.Categorical(
                    [POSITIVE if answers.get(k, "") in positive[k[1]] else OTHERS for k in keys],
                    categories=[POSITIVE, OTHERS],
                ),
            }
        )
        label = year.codebook.scale_of(items[0]).positive_label if items else ""
        return Grouping(
            texts,
            words,
            units,
            ["muni_code", "item_id"],
            "記述",
            f"肯定的回答: {label}。それ以外: 無回答を含む。",
        )
    if by == "respondent_type":
        from jusolib.clean.pipeline import load_free_text

        texts = _redacted(
            year, _section_texts(load_free_text(year.fiscal_year, data_dir=year.data_dir), items)
        )
        words = text_words(texts, book=book)
        labels = {k: year.codebook.respondent_type_label(k) for k in year.codebook.respondent_types.index}
        keys = list(dict.fromkeys(zip(texts["respondent_type"], texts["muni_code"], strict=True)))
        units = pd.DataFrame(
            {
                "respondent_type": [r for r, _ in keys],
                "muni_code": [m for _, m in keys],
                "group": pd.Categorical([labels[r] for r, _ in keys], categories=list(labels.values())),
            }
        )
        return Grouping(
            texts, words, units, ["respondent_type", "muni_code"], "記述者", "回答主体: 自治体と社協。"
        )
    # by == "fiscal_year"
    from jusolib.clean.pipeline import load_free_text
    from jusolib.survey.codebook import load_codebook

    before = _previous_year(year)
    parts = [_section_texts(year.free_text, items)]
    if before is not None:
        earlier = load_free_text(before, respondent_type=year.respondent_key, data_dir=year.data_dir)
        parts.insert(
            0,
            _redacted(year, _section_texts(earlier, load_codebook(before, year.data_dir).item_ids(section))),
        )
    texts = pd.concat(parts, ignore_index=True)
    words = text_words(texts, book=book)
    keys = list(dict.fromkeys(zip(texts["fiscal_year"].astype(int), texts["muni_code"], strict=True)))
    order = [fiscal_year_label(y) for y in sorted({y for y, _ in keys})]
    units = pd.DataFrame(
        {
            "fiscal_year": [str(y) for y, _ in keys],
            "muni_code": [m for _, m in keys],
            "group": pd.Categorical([fiscal_year_label(y) for y, _ in keys], categories=order),
        }
    )
    words = words.assign(fiscal_year=words["fiscal_year"].astype(int).astype(str))
    caption = (
        "年度: " + "と".join(order) + "。"
        if len(order) > 1
        else "前年度の回答がないため、年度別の比較はできない。"
    )
    return Grouping(texts, words, units, ["fiscal_year", "muni_code"], "記述者", caption)


@cached
@shared_parameters
def keyness_counts(
    year: YearData, section: str, by: str = "class", min_count: int = MIN_COUNT, adjustment: str = "BH"
) -> pd.DataFrame:
    """Every word of a section's free text, per group: writers using it in the group and in the rest, with
    Fisher's p, the adjusted p and the adjusted residual (:func:`jusolib.stats.keyness.keyness`, per group).

    Parameters
    ----------
    by
        How the writers are grouped: ``"class"`` (size class, the default), ``"answer"`` (肯定的回答 against the
        rest), ``"respondent_type"`` (自治体 against 社協) or ``"fiscal_year"`` (this year against the previous).
    min_count
        Words used by fewer units are not tested.
    adjustment
        ``"BH"`` (default), ``"Holm"`` or ``"none"``, across the words tested for each group.

    Returns
    -------
    DataFrame
        One row per (group, word): ``a``, ``group_n``, ``c``, ``rest_n``, ``tested``, ``p``, ``p_adjusted``,
        ``residual``.

    Examples
    --------
    >>> counts = report.keyness_counts("II")
    >>> {"group", "word", "a", "group_n", "c", "rest_n", "p", "p_adjusted", "residual"} <= set(counts.columns)
    True
    """
    g = grouping(year, section, by)
    counts = group_word_counts(g.words, g.units, unit=g.unit, group="group")
    if counts.empty:
        return counts.assign(tested=pd.Series(dtype=bool), p=[], p_adjusted=[], residual=[])
    parts = [
        keyness(part, min_count=min_count, adjustment=adjustment)
        for _, part in counts.groupby("group", sort=False)
    ]
    return pd.concat(parts, ignore_index=True)


def _share(count: int, base: int) -> float:
    return float(percent(count, base)) if base else math.nan


@cached
@shared_parameters
def characteristic_words(
    year: YearData,
    section: str,
    by: str = "class",
    top: int = TOP_WORDS,
    min_count: int = MIN_COUNT,
    adjustment: str = "BH",
) -> ReportTable:
    """The characteristic words of each group in a section's free text: the ``top`` words the group's writers use
    more than the rest (positive residual), smallest p first, with both counts and bases, the adjusted residual,
    p and the adjusted p.

    Parameters
    ----------
    by
        How the writers are grouped: ``"class"`` (size class, the default), ``"answer"`` (肯定的回答 against the
        rest), ``"respondent_type"`` (自治体 against 社協) or ``"fiscal_year"`` (this year against the previous).
    top
        Words shown per group.
    min_count
        Words used by fewer writers are not tested.
    adjustment
        ``"BH"`` (default), ``"Holm"`` or ``"none"``.

    Returns
    -------
    ReportTable
        Key ``{section}_特徴語_{規模別|回答別|回答主体別|年度別}``; rows (区分, 語).

    Examples
    --------
    >>> table = report.characteristic_words("II")
    >>> table.frame.columns.tolist()[:4]
    ['品詞', '使用', '記述者', '割合']
    """
    check_choice("adjustment", adjustment, tuple(ADJUSTMENT_NAMES))
    g = grouping(year, section, by)
    counts = keyness_counts(year, section, by, min_count, adjustment)
    rows, reference, without = [], [], []
    groups = list(dict.fromkeys(counts["group"])) if not counts.empty else []
    for group in groups:
        part = counts[(counts["group"] == group) & counts["tested"] & (counts["residual"] > 0)]
        part = part.sort_values(["p", "residual", "word"], ascending=[True, False, True], kind="stable").head(
            top
        )
        n = int(counts.loc[counts["group"] == group, "group_n"].iloc[0])
        small = n < SMALL_BASE
        label = f"{group}（n={n}）" + (f" ※{SMALL_BASE_MARK}" if small else "")
        if part.empty:
            without.append(str(group))
        for row in part.to_dict("records"):
            rows.append(
                {
                    "区分": label,
                    "語": row["word"],
                    "品詞": row["pos"],
                    "使用": int(row["a"]),
                    "記述者": int(row["group_n"]),
                    "割合": _share(int(row["a"]), int(row["group_n"])),
                    "それ以外の使用": int(row["c"]),
                    "それ以外の記述者": int(row["rest_n"]),
                    "それ以外の割合": _share(int(row["c"]), int(row["rest_n"])),
                    "調整済み残差": float(row["residual"]),
                    "p値": float(row["p"]),
                    "p値（補正後）": float(row["p_adjusted"]),
                }
            )
            reference.append(small)
    columns = [
        "区分",
        "語",
        "品詞",
        "使用",
        "記述者",
        "割合",
        "それ以外の使用",
        "それ以外の記述者",
        "それ以外の割合",
        "調整済み残差",
        "p値",
        "p値（補正後）",
    ]
    frame = pd.DataFrame(rows, columns=columns).set_index(["区分", "語"])
    unit = "記述（回答）" if by == "answer" else "記述者"
    notes = [
        g.caption,
        f"特徴語: その区分の{unit}が、それ以外の{unit}より多く使った語（正規化表記、名詞・動詞・形容詞・形状詞。"
        "「する」「こと」などは除く）。件数は語を使った"
        + unit
        + "の数で、同じ"
        + unit
        + "は何度使っても1と数える。"
        "割合の基数は「記述者」「それ以外の記述者」の列（小数第2位を四捨五入）。",
        f"各区分で、ほかの区分より多く使った語のうち p値（補正後）の小さい順に上位{top}語。p値（補正後）が 0.05 未満の"
        f"ときだけ、その区分に特徴的と言える。{unit}が少ないため、0.05 以上は「違いがない」ことを示すものではない。",
    ]
    method_notes = [
        f"Fisher の正確検定（両側）。p値は区分ごとに、検定した語の数で{ADJUSTMENT_NAMES[adjustment]}により補正"
        f"（{'偽発見率' if adjustment == 'BH' else '族単位の誤り率'}）。{min_count}未満の{unit}しか使っていない語は検定しない。"
        "調整済み残差が1.96を超える語は、その区分での使用が独立の場合の期待より多い（補正前の目安）。"
        "上位の語は調整済み残差が正の語から選ぶ。",
    ]
    if any(reference):
        notes.append(f"※{SMALL_BASE_MARK}: {unit}が{SMALL_BASE}未満の区分。割合は参考として示す。")
    if without:
        notes.append("ほかの区分より多く使った語で、検定できたもののない区分: " + "、".join(without) + "。")
    return ReportTable(
        f"{section}_特徴語_{BY_NAMES[by]}",
        f"{year.section_title(section)} — 具体的な内容の特徴語（{BY_NAMES[by]}）",
        frame,
        notes,
        percent_columns=["割合", "それ以外の割合"],
        count_columns=["記述者", "それ以外の記述者"],
        integer_columns=["使用", "それ以外の使用"],
        p_columns=["p値", "p値（補正後）"],
        statistic_columns=["調整済み残差"],
        reference_rows=reference,
        empty_message="特徴語を検定できる語がありません（記述が少ない）。",
        method_notes=method_notes,
    )


# -- co-occurrence networks -----------------------------------------------------------------------------------
def _network_items(words: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "muni_code": words["muni_code"].to_numpy(),
            "item_id": words["item_id"].to_numpy(),
            "node": words["word"].to_numpy(),
            "kind": "word",
        }
    )


@cached
@shared_parameters
def cooccurrence(
    year: YearData,
    section: str,
    threshold: float = co.THRESHOLD,
    min_documents: int = co.MIN_DOCUMENTS,
    max_edges: int = co.MAX_EDGES,
    themes: bool = False,
) -> co.Network:
    """The co-occurrence network of a section's free text: words in the same answer, Jaccard ≥ ``threshold``;
    with ``themes``, the themes the rules gave each answer are nodes too (kind ``theme``).

    Parameters
    ----------
    threshold
        The smallest Jaccard coefficient of an edge (default 0.2).
    min_documents
        Words in fewer answers are left out (default 2).
    max_edges
        At most this many edges, the strongest (default 60).
    themes
        Add the themes the rules gave each answer as nodes.

    Returns
    -------
    Network
        Nodes, edges and settings (:class:`jusolib.text.cooccurrence.Network`).

    Examples
    --------
    >>> net = report.cooccurrence("II")
    >>> net.n_documents == len(report.free_text[report.free_text["item_id"].isin(report.codebook.item_ids("II"))])
    True
    >>> set(report.cooccurrence("II", themes=True).nodes["kind"]) == {"word", "theme"}
    True
    """
    items = year.codebook.item_ids(section)
    words = free_text_words(year)
    nodes = _network_items(words[words["item_id"].isin(items)])
    if themes:
        from jusolib.analysis.free_text import coded_free_text
        from jusolib.text.themes import OTHER

        coded = coded_free_text(year)
        if coded is not None:
            coded = coded[coded["item_id"].isin(items) & (coded["theme"] != OTHER)]
            carried = pd.DataFrame(
                {
                    "muni_code": coded["muni_code"].to_numpy(),
                    "item_id": coded["item_id"].to_numpy(),
                    "node": coded["label"].to_numpy(),
                    "kind": "theme",
                }
            )
            nodes = pd.concat([nodes, carried], ignore_index=True)
    return co.network(
        nodes,
        document=["muni_code", "item_id"],
        min_documents=min_documents,
        threshold=threshold,
        max_edges=max_edges,
    )


@functools.lru_cache(maxsize=32)
def _positions(
    fiscal_year: int,
    respondent_key: str,
    section: str,
    data_dir: str | None,
    settings: tuple[float, int, int],
) -> tuple[tuple[str, tuple[float, float]], ...]:
    """Layout of one year's network of a section, anchored on the previous year's (recursively)."""
    from jusolib.analysis.coding import has_themes, load_themes
    from jusolib.analysis.year_over_year import previous_fiscal_year
    from jusolib.clean.pipeline import load_free_text
    from jusolib.survey.codebook import load_codebook
    from jusolib.text.themes import plain_book

    codebook = load_codebook(fiscal_year, data_dir)
    if section not in codebook.sections.index:
        return ()
    book = (
        load_themes(fiscal_year, data_dir) if has_themes(fiscal_year, data_dir) else plain_book(fiscal_year)
    )
    texts = load_free_text(fiscal_year, respondent_type=respondent_key, data_dir=data_dir)
    words = text_words(texts[texts["item_id"].isin(codebook.item_ids(section))], book=book)
    threshold, min_documents, max_edges = settings
    net = co.network(
        _network_items(words),
        document=["muni_code", "item_id"],
        threshold=threshold,
        min_documents=min_documents,
        max_edges=max_edges,
    )
    before = previous_fiscal_year(fiscal_year, data_dir)
    anchor = (
        dict(_positions(before, respondent_key, section, data_dir, settings)) if before is not None else None
    )
    return tuple(co.layout(net, anchor=anchor).items())


@shared_parameters
def network_layout(year: YearData, section: str) -> dict[str, tuple[float, float]]:
    """Positions of the nodes of :func:`cooccurrence`: seeded, and where a node was in the previous year's
    network of the section, there again (the chain goes back to the first year with returns).

    Returns
    -------
    dict
        Word → (x, y).

    Examples
    --------
    >>> positions = report.network_layout("II")
    >>> set(positions) == set(report.cooccurrence("II").nodes["node"])
    True
    """
    from jusolib.analysis.year_over_year import previous_fiscal_year

    before = previous_fiscal_year(year.fiscal_year, year.data_dir)
    anchor = None
    if before is not None:
        data_dir = None if year.data_dir is None else str(year.data_dir)
        settings = (co.THRESHOLD, co.MIN_DOCUMENTS, co.MAX_EDGES)
        anchor = dict(_positions(before, year.respondent_key, section, data_dir, settings))
    return co.layout(cooccurrence(year, section), anchor=anchor)


@shared_parameters
def node_groups(year: YearData, section: str, by: str = "class") -> dict[str, str | None]:
    """For each word of the section's network, the group whose writers use it most (share of the group's
    writers); ``None`` when two groups tie.

    Parameters
    ----------
    by
        How the writers are grouped: ``"class"`` (size class, the default), ``"answer"`` (肯定的回答 against the
        rest), ``"respondent_type"`` (自治体 against 社協) or ``"fiscal_year"`` (this year against the previous).

    Returns
    -------
    dict
        Word → group, or ``None`` on a tie.

    Examples
    --------
    >>> groups = report.node_groups("II")
    >>> set(groups) == set(report.cooccurrence("II").nodes["node"])
    True
    """
    net = cooccurrence(year, section)
    counts = keyness_counts(year, section, by)
    out: dict[str, str | None] = {}
    for node in net.nodes["node"]:
        part = counts[counts["word"] == node]
        shares = {
            str(g): a / n for g, a, n in zip(part["group"], part["a"], part["group_n"], strict=True) if n
        }
        if not shares:
            out[node] = None
            continue
        best = max(shares.values())
        leaders = [g for g, s in shares.items() if s == best]
        out[node] = leaders[0] if len(leaders) == 1 else None
    return out


#: The height (inches) of the network drawn for a phone's width (its words placed without overlap).
NARROW_NETWORK_HEIGHT = 6.0


@shared_parameters
def plot_cooccurrence(
    year: YearData,
    section: str,
    by: str = "class",
    *,
    size: tuple[float, float] = (9.5, 7.0),
    label_size: float | None = None,
    separate_labels: bool = False,
    narrow: bool = False,
) -> Any:
    """The co-occurrence network of a section's free text as a chart (``None`` when no pair of words passes the
    threshold): node size by respondents, colour by the group that uses the word most (grey: a tie).

    Parameters
    ----------
    by
        How the writers are grouped: ``"class"`` (size class, the default), ``"answer"`` (肯定的回答 against the
        rest), ``"respondent_type"`` (自治体 against 社協) or ``"fiscal_year"`` (this year against the previous).
    size
        The chart's width and height (inches; default 9.5 × 7).
    label_size
        The words' font size (points; ``None``: the charts' smallest, 10).
    separate_labels
        Leave out the words whose label would overlap another's (a slide drawn at the size it is shown:
        :func:`jusolib.analysis.charts.network_chart`).
    narrow
        Draw for a phone's width (:data:`jusolib.analysis.charts.NARROW_WIDTH` wide, labels that do not overlap);
        the default chart carries this drawing (:func:`jusolib.analysis.charts.set_narrow`) for the pages.

    Returns
    -------
    Figure or None
        The chart (``size`` inches), or ``None`` when there is no edge.

    Examples
    --------
    >>> figure = report.plot_cooccurrence("II")
    >>> figure.get_size_inches().tolist()
    [9.5, 7.0]
    """
    from jusolib.analysis.charts import MIN_FONT, NARROW_WIDTH, network_chart, set_narrow

    net = cooccurrence(year, section)
    if net.empty:
        return None
    g = grouping(year, section, by)
    groups = node_groups(year, section, by)
    sizes = g.units["group"].astype(str).value_counts()
    order = [str(c) for c in dict.fromkeys(g.units["group"].astype(str))]
    if isinstance(g.units["group"].dtype, pd.CategoricalDtype):
        order = [str(c) for c in g.units["group"].cat.categories if str(c) in set(sizes.index)]
    legend = {
        name: f"{name}（n={int(sizes[name])}{'、' + SMALL_BASE_MARK if sizes[name] < SMALL_BASE else ''}）"
        for name in order
    }
    title = f"{year.section_title(section)} — 具体的な内容の共起ネットワーク"
    note = (
        f"{len(net.nodes)}語・{len(net.edges)}本（線は、どちらかの語を含む記述のうち両方を含む記述が{net.threshold:g}以上の割合の組、"
        f"{net.min_documents}件以上の記述に出た語、"
        f"上位{net.max_edges}本まで）。円の大きさ: 使った{year.respondent_label}の数。色: {g.unit_name}のうち最もよく使った区分"
    )
    figure = network_chart(
        net.nodes,
        net.edges,
        network_layout(year, section),
        groups=groups,
        legend=legend,
        title=title,
        note=note,
        synthetic=year.is_synthetic,
        size=(NARROW_WIDTH, NARROW_NETWORK_HEIGHT) if narrow else size,
        label_size=MIN_FONT if label_size is None else label_size,
        separate_labels=separate_labels or narrow,
        narrow=narrow,
    )
    if not narrow and not separate_labels:
        set_narrow(figure, lambda: plot_cooccurrence(year, section, by, narrow=True))
    return figure


@cached
@shared_parameters
def cooccurrence_table(year: YearData, section: str) -> ReportTable:
    """The edges of a section's co-occurrence network with their counts (the chart's numbers).

    Returns
    -------
    ReportTable
        Key ``{section}_共起``: one row per edge, strongest first.

    Examples
    --------
    >>> report.cooccurrence_table("II").key
    'II_共起'
    """
    net = cooccurrence(year, section)
    respondents = dict(zip(net.nodes["node"], net.nodes["respondents"], strict=True))
    frame = pd.DataFrame(
        {
            "語A": net.edges["source"].to_numpy(),
            "語B": net.edges["target"].to_numpy(),
            "共起した記述": net.edges["both"].astype(int).to_numpy(),
            "語Aの記述": net.edges["source_documents"].astype(int).to_numpy(),
            "語Bの記述": net.edges["target_documents"].astype(int).to_numpy(),
            "Jaccard係数": net.edges["jaccard"].astype(float).to_numpy(),
            "語Aの回答者": [int(respondents[w]) for w in net.edges["source"]],
            "語Bの回答者": [int(respondents[w]) for w in net.edges["target"]],
        }
    )
    notes = [
        f"記述（1回答の具体的な内容）{net.n_documents}件のうち、同じ記述に出た語の組。Jaccard係数 = 両方を含む記述の数 ÷"
        " どちらかを含む記述の数。",
        f"{net.min_documents}件以上の記述に出た語の組のうち、{net.min_together}件以上の記述で共起し Jaccard係数が"
        f"{net.threshold:g}以上のもの（強い順に上位{net.max_edges}本まで、同値は語の順）。回答者: その語を使った"
        f"{year.respondent_label}の数。",
    ]
    return ReportTable(
        f"{section}_共起",
        f"{year.section_title(section)} — 具体的な内容の共起（ネットワークの数値）",
        frame,
        notes,
        integer_columns=["共起した記述", "語Aの記述", "語Bの記述", "語Aの回答者", "語Bの回答者"],
        statistic_columns=["Jaccard係数"],
        empty_message="Jaccard係数が基準を超える語の組はありません。",
    )


def clear_layouts() -> None:
    """Forget the layouts computed in this process (after the free text or rules of a year changed)."""
    _positions.cache_clear()
