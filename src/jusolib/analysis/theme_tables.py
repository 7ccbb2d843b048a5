"""Theme counts of the 「具体的な内容」 free text, as report tables: counted like answers.

A theme's count is the number of *respondents* whose text for the item carries it (a respondent counts once per
theme; one text may carry several themes), shown against two bases — those who wrote a text for the item and all
respondents of the item (無回答 included) — with the answers those respondents gave (so 「重層以前から」 under
あてはまらない is a number), the one or two most typical texts (:func:`jusolib.text.themes.typical_order`: those
that use the most words of the theme's rule, not merely the shortest), and 「その他」 for texts that carry no theme. By size class
the counts carry the class's base and 参考値 for bases under 10, as every other table does.

Examples
--------
>>> coded = pd.DataFrame({"muni_code": ["1", "1", "2"], "item_id": "chg_supporter_support",
...                       "theme": ["less_burden", "relations_built", "other"],
...                       "text": ["負担が減った。関係ができた"] * 2 + ["特になし"]})
>>> data = pd.DataFrame({"muni_code": ["1", "2", "3"], "item_id": "chg_supporter_support",
...                      "answer": ["あてはまる", "どちらともいえない", "無回答"]})
>>> counts = theme_counts(coded, data, items=["chg_supporter_support"], book=load_themes(2024))
>>> counts.set_index("theme").loc[["relations_built", "before_project", "other"], ["n", "n_text", "n_all", "pct_text"]]
... # doctest: +NORMALIZE_WHITESPACE
                 n  n_text  n_all  pct_text
theme
relations_built  1       2      3      50.0
before_project   0       2      3       0.0
other            1       2      3      50.0
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

import pandas as pd

from jusolib.analysis.coding import load_themes
from jusolib.analysis.tables import ReportTable
from jusolib.core.docstrings import shared_parameters
from jusolib.core.formatting import SMALL_BASE, SMALL_BASE_MARK, percent
from jusolib.stats.crosstab import TOTAL
from jusolib.survey.codebook import Codebook
from jusolib.text.themes import OTHER, ThemeBook, theme_order, typical_order

#: Texts quoted per theme on the page (the most typical ones).
QUOTES = 2
N_THEME = "該当"
PCT_TEXT = "記述者に占める割合"
PCT_ALL = "回答者に占める割合"
N_TEXT = "記述者"
N_ALL = "回答者"
QUOTE = "記述の例"
#: The answers of those carrying a theme, in one cell of the page (「あてはまる 4／あてはまらない 1」).
ANSWERS = "回答"
WRITERS_ROW = "（記述者）"
#: What a theme table says when nobody wrote a text for any item of its section.
NO_TEXT = "この設問群には具体的な内容の記述がない（テーマは数えない）。"


def _pct(count: int, base: int) -> float:
    return float(percent(count, base)) if base else math.nan


class _Index:
    """The coded texts and the responses, indexed once by item (the tables read them many times)."""

    def __init__(self, coded: pd.DataFrame, data: pd.DataFrame):
        self.writers: dict[str, set[str]] = {}
        self.carriers: dict[tuple[str, str], dict[str, str]] = {}
        for muni, item, theme, text in zip(
            coded["muni_code"], coded["item_id"], coded["theme"], coded["text"], strict=True
        ):
            self.writers.setdefault(item, set()).add(muni)
            self.carriers.setdefault((item, theme), {}).setdefault(muni, str(text))
        self.respondents: dict[str, set[str]] = {}
        self.answer: dict[tuple[str, str], str] = {}
        answers = data["answer"].astype(str) if "answer" in data else pd.Series("", index=data.index)
        for muni, item, answer in zip(data["muni_code"], data["item_id"], answers, strict=True):
            self.respondents.setdefault(item, set()).add(muni)
            self.answer[(muni, item)] = answer


def theme_counts(
    coded: pd.DataFrame, data: pd.DataFrame, *, items: Sequence[str], book: ThemeBook
) -> pd.DataFrame:
    """Respondents per (item, theme), with both bases and the shortest quotes.

    Parameters
    ----------
    coded
        Output of :func:`jusolib.text.themes.code_free_text` (``muni_code``, ``item_id``, ``theme``, ``text``).
    data
        Tidy responses of the same respondents (``muni_code``, ``item_id``, ``answer``): the base of all
        respondents and their answers.
    items
        The items whose themes are counted, in order.
    book
        The coding rules (:class:`~jusolib.text.themes.ThemeBook`): each item's themes in order, 「その他」 last.

    Returns
    -------
    DataFrame
        item_id, theme, label, n (respondents carrying the theme), n_text (respondents who wrote a text for the
        item), n_all (all respondents of the item), pct_text, pct_all (rounded half up; NaN for a zero base),
        quotes (tuple of every distinct text carrying the theme, the most typical first:
        :func:`jusolib.text.themes.typical_order`). Every theme of every item is listed, 「その他」 last, also with
        n = 0.
    """
    index = _Index(coded, data)
    rows = []
    for item_id, theme_id in theme_order(book, items):
        carriers = index.carriers.get((item_id, theme_id), {})
        n_text = len(index.writers.get(item_id, ()))
        n_all = len(index.respondents.get(item_id, ()))
        theme = None if theme_id == OTHER else book.theme(item_id, theme_id)
        ordered = sorted(carriers.items(), key=lambda pair: (pair[0], pair[1]))
        quotes = tuple(typical_order(book, theme, [text for _, text in ordered]))
        rows.append(
            {
                "item_id": item_id,
                "theme": theme_id,
                "label": book.label(item_id, theme_id),
                "n": len(carriers),
                "n_text": n_text,
                "n_all": n_all,
                "pct_text": _pct(len(carriers), n_text),
                "pct_all": _pct(len(carriers), n_all),
                "quotes": quotes,
            }
        )
    columns = ["item_id", "theme", "label", "n", "n_text", "n_all", "pct_text", "pct_all", "quotes"]
    return pd.DataFrame(rows, columns=columns)


def theme_answers(
    coded: pd.DataFrame, data: pd.DataFrame, *, items: Sequence[str], book: ThemeBook, answers: Sequence[str]
) -> pd.DataFrame:
    """How the respondents carrying each theme answered the item: one row per (item, theme), one column per
    answer label (counts).

    Parameters
    ----------
    coded
        Output of :func:`jusolib.text.themes.code_free_text` (``muni_code``, ``item_id``, ``theme``, ``text``):
        one row per (text, theme).
    data
        Tidy responses of the same respondents (``muni_code``, ``item_id``, ``answer``): the base of all
        respondents and their answers.
    items
        The items whose themes are counted, in order.
    book
        The coding rules (:class:`~jusolib.text.themes.ThemeBook`): each item's themes in order.
    answers
        The answer labels to count, in the order of the columns (the scale's answers, 無回答 …).

    Returns
    -------
    DataFrame
        ``item_id``, ``theme``, then one column per answer in ``answers``: how many respondents carrying the theme
        gave that answer to the item.

    Examples
    --------
    >>> coded = pd.DataFrame({"muni_code": ["1", "2"], "item_id": "out_participation",
    ...                       "theme": ["before_project", "before_project"], "text": ["以前から配置", "前から"]})
    >>> data = pd.DataFrame({"muni_code": ["1", "2"], "item_id": "out_participation",
    ...                      "answer": ["あてはまらない", "どちらともいえない"]})
    >>> table = theme_answers(coded, data, items=["out_participation"], book=load_themes(2024),
    ...                       answers=["あてはまる", "どちらともいえない", "あてはまらない"])
    >>> table.set_index("theme").loc["before_project", ["あてはまる", "どちらともいえない", "あてはまらない"]].tolist()
    [0, 1, 1]
    """
    index = _Index(coded, data)
    rows = []
    for item_id, theme_id in theme_order(book, items):
        given = [index.answer.get((m, item_id)) for m in index.carriers.get((item_id, theme_id), {})]
        rows.append({"item_id": item_id, "theme": theme_id, **{a: given.count(a) for a in answers}})
    return pd.DataFrame(rows, columns=["item_id", "theme", *answers])


def theme_counts_by_class(
    coded: pd.DataFrame, data: pd.DataFrame, *, items: Sequence[str], book: ThemeBook, by: str
) -> pd.DataFrame:
    """Respondents per (item, theme, class): n carrying the theme, n_text who wrote, n_all in the class.

    The class of a respondent is ``data[by]`` (e.g. the column :func:`jusolib.survey.schemes.add_size_class` adds);
    classes in their categorical order (or sorted), those with no respondent left out.

    Parameters
    ----------
    coded
        Output of :func:`jusolib.text.themes.code_free_text` (``muni_code``, ``item_id``, ``theme``, ``text``):
        one row per (text, theme).
    data
        Tidy responses of the same respondents (``muni_code``, ``item_id``, ``answer``): the base of all
        respondents and their answers.
    items
        The items whose themes are counted, in order.
    book
        The coding rules (:class:`~jusolib.text.themes.ThemeBook`): each item's themes in order.
    by
        The column of ``data`` holding each respondent's class.

    Returns
    -------
    DataFrame
        ``item_id``, ``theme``, ``class``, ``n`` (respondents of the class carrying the theme), ``n_text`` (of the
        class who wrote a text for the item) and ``n_all`` (of the class who answered the item).
    """
    index = _Index(coded, data)
    column = data.drop_duplicates("muni_code").set_index("muni_code")[by]
    order = (
        list(column.cat.categories)
        if isinstance(column.dtype, pd.CategoricalDtype)
        else sorted(column.unique())
    )
    class_of = column.astype(str).to_dict()
    classes = [str(c) for c in order if str(c) in set(class_of.values())]
    rows = []
    for item_id, theme_id in theme_order(book, items):
        carriers = [class_of[m] for m in index.carriers.get((item_id, theme_id), {})]
        writers = [class_of[m] for m in index.writers.get(item_id, ())]
        answered = [class_of[m] for m in index.respondents.get(item_id, ())]
        for cls in classes:
            rows.append(
                {
                    "item_id": item_id,
                    "theme": theme_id,
                    "class": cls,
                    "n": carriers.count(cls),
                    "n_text": writers.count(cls),
                    "n_all": answered.count(cls),
                }
            )
    return pd.DataFrame(rows, columns=["item_id", "theme", "class", "n", "n_text", "n_all"])


def _section_answers(data: pd.DataFrame, items: Sequence[str], codebook: Codebook) -> list[str]:
    """The answer labels of the section's scales in report order, 無回答 too if anyone left an item blank."""
    labels = {label for i in items for label in codebook.scale_of(i).labels}
    given = set(data.loc[data["item_id"].isin(items), "answer"].astype(str))
    if codebook.no_answer_label in given:
        labels.add(codebook.no_answer_label)
    return [a for a in codebook.answer_categories if a in labels]


def _items_written(
    coded: pd.DataFrame, data: pd.DataFrame, section: str, codebook: Codebook
) -> tuple[list[str], list[str]]:
    """The section's items with at least one text (their themes are counted) and those with none (a table of
    zeros says nothing: they are named in a note instead)."""
    answered = set(data["item_id"])
    written = set(coded["item_id"]) if len(coded) else set()
    items = [i for i in codebook.item_ids(section) if i in answered]
    return [i for i in items if i in written], [i for i in items if i not in written]


def _silent_note(silent: Sequence[str], codebook: Codebook, written: Sequence[str]) -> list[str]:
    """The note naming the items nobody wrote a text for — none when every item has a text, or when no item
    has one (the empty table says so)."""
    if not silent or not written:
        return []
    named = "、".join(f"「{_item_label(codebook, i)}」" for i in silent)
    return [f"具体的な内容の記述がない項目（表に示さない）: {named}"]


def _item_label(codebook: Codebook, item_id: str) -> str:
    item = codebook.item(item_id)
    return f"{item['number']} {item['label']}"


def _quote(texts: tuple[str, ...]) -> str:
    """The first :data:`QUOTES` texts, each on one line (a line break after 。 or 、 joined without a space), a
    text left out when it repeats a sentence of a text already quoted (a reader sees two examples, not one twice).

    >>> _quote(("見守りができた。", "見守りができた。\\n研修を行った。", "研修を行った。", "相談が増えた。"))
    '「見守りができた。」／「研修を行った。」'
    """
    chosen: list[str] = []
    for text in texts:
        flat = re.sub(r"(?<=[。、！？」）])\s+", "", " ".join(str(text).split()))
        sentences = [s for s in re.split(r"(?<=。)", flat) if s.strip()]
        if any(s in earlier or earlier in flat for s in sentences for earlier in chosen):
            continue
        chosen.append(flat)
        if len(chosen) == QUOTES:
            break
    return "／".join(f"「{text}」" for text in chosen)


def answers_cell(given: dict[str, int], answers: list[str]) -> str:
    """How those carrying a theme answered the item, in one cell: the answers given, in scale order.

    Parameters
    ----------
    given
        Answer → how many of those carrying the theme gave it.
    answers
        The answers in scale order.

    Returns
    -------
    str
        「answer count」 for each answer given, joined by ／; 「−」 when none.

    Examples
    --------
    >>> answers_cell({"あてはまる": 0, "どちらともいえない": 2, "あてはまらない": 1},
    ...              ["あてはまる", "どちらともいえない", "あてはまらない"])
    'どちらともいえない 2／あてはまらない 1'
    >>> answers_cell({"あてはまる": 0}, ["あてはまる"])
    '−'
    """
    shown = [f"{a} {int(given[a])}" for a in answers if int(given.get(a, 0))]
    return "／".join(shown) if shown else "−"


@shared_parameters
def theme_table(
    coded: pd.DataFrame,
    data: pd.DataFrame,
    *,
    section: str,
    codebook: Codebook,
    book: ThemeBook | None = None,
    respondent_label: str = "回答者",
) -> ReportTable:
    """The themes of every item of a section: count, shares of both bases, answers given, shortest texts.

    Rows are (項目, テーマ) in questionnaire and rules-file order, 「その他」 last in each item; an item whose
    writers number fewer than 10 is marked 参考値.

    Parameters
    ----------
    coded
        Output of :func:`jusolib.text.themes.code_free_text` (``muni_code``, ``item_id``, ``theme``, ``text``):
        one row per (text, theme).
    data
        Tidy responses of the same respondents (``muni_code``, ``item_id``, ``answer``): the base of all
        respondents and their answers.
    codebook
        The year's codebook (sections, item numbers and labels, answer labels).
    book
        The coding rules of the free text (:class:`~jusolib.text.themes.ThemeBook`, from
        :func:`~jusolib.analysis.coding.load_themes`): its themes in order; ``None`` for the codebook's fiscal
        year's rules.
    respondent_label
        Who the respondents are in the headings and notes (自治体, 社協; default 回答者).

    Returns
    -------
    ReportTable
        Key ``{section}_テーマ``: rows (項目, テーマ) with 該当, 記述者に占める割合, 回答者に占める割合, 記述者, 回答者,
        内訳 by answer and the shortest texts (記述の例); items under 10 writers marked 参考値, items nobody wrote for
        named in a note.
    """
    book = book or load_themes(codebook.fiscal_year)
    items, silent = _items_written(coded, data, section, codebook)
    counts = theme_counts(coded, data, items=items, book=book)
    answers = _section_answers(data, items, codebook)
    answer_table = theme_answers(coded, data, items=items, book=book, answers=answers)
    breakdown = {a: f"内訳 {a}" for a in answers}
    rows = []
    for count, given in zip(counts.to_dict("records"), answer_table.to_dict("records"), strict=True):
        item = _item_label(codebook, count["item_id"])
        if 0 < count["n_text"] < SMALL_BASE:
            item += f" ※{SMALL_BASE_MARK}"
        rows.append(
            {
                "項目": item,
                "テーマ": count["label"],
                N_THEME: int(count["n"]),
                PCT_TEXT: count["pct_text"],
                PCT_ALL: count["pct_all"],
                N_TEXT: int(count["n_text"]),
                N_ALL: int(count["n_all"]),
                **{breakdown[a]: int(given[a]) for a in answers},
                ANSWERS: answers_cell(given, answers),
                QUOTE: _quote(count["quotes"]),
            }
        )
    frame = pd.DataFrame(
        rows,
        columns=[
            "項目",
            "テーマ",
            N_THEME,
            PCT_TEXT,
            PCT_ALL,
            N_TEXT,
            N_ALL,
            *breakdown.values(),
            ANSWERS,
            QUOTE,
        ],
    ).set_index(["項目", "テーマ"])
    notes = [
        *_silent_note(silent, codebook, items),
        "テーマ: 報告書の「具体的な内容」の要約と注から作った規則による。1つの記述が複数の"
        f"テーマに当てはまることがある（複数回答）。同じ{respondent_label}は1テーマにつき1回だけ数える。",
        f"割合の基数: 記述者 = その項目に具体的な内容を記入した{respondent_label}、回答者 = その項目の全{respondent_label}"
        "（無回答を含む）。小数第2位を四捨五入。",
        "回答（内訳）: そのテーマに当てはまった回答者が、その項目に選んだ選択肢と件数。その他: どのテーマにも当てはまらない記述。"
        "記述の例: そのテーマの規則の語を多く含む記述から選んだ例（ほかの例と同じ文を含む記述は選ばない）。",
        *(
            [f"※{SMALL_BASE_MARK}: 記述者が{SMALL_BASE}未満の項目。割合は参考として示す。"]
            if any(0 < c < SMALL_BASE for c in counts["n_text"])
            else []
        ),
    ]
    return ReportTable(
        f"{section}_テーマ",
        f"{section} {codebook.sections.at[section, 'title']} — 具体的な内容のテーマ",
        frame,
        notes,
        percent_columns=[PCT_TEXT, PCT_ALL],
        count_columns=[N_TEXT, N_ALL],
        integer_columns=[N_THEME, *breakdown.values()],
        empty_message=NO_TEXT,
        workbook_only=list(breakdown.values()),
    )


@shared_parameters
def theme_class_table(
    coded: pd.DataFrame,
    data: pd.DataFrame,
    *,
    section: str,
    by: str,
    caption: str,
    codebook: Codebook,
    book: ThemeBook | None = None,
) -> ReportTable:
    """Theme counts of a section by size class: one column per class headed with its base (参考値 under 10).

    Each item starts with a 「（記述者）」 row: how many in each class wrote a text for it.

    Parameters
    ----------
    coded
        Output of :func:`jusolib.text.themes.code_free_text` (``muni_code``, ``item_id``, ``theme``, ``text``):
        one row per (text, theme).
    data
        Tidy responses of the same respondents (``muni_code``, ``item_id``, ``answer``): the base of all
        respondents and their answers.
    caption
        The size scheme's caption, written in the notes.
    codebook
        The year's codebook (sections, item numbers and labels).
    book
        The coding rules of the free text (:class:`~jusolib.text.themes.ThemeBook`, from
        :func:`~jusolib.analysis.coding.load_themes`): its themes in order; ``None`` for the codebook's fiscal
        year's rules.

    Returns
    -------
    ReportTable
        Key ``{section}_テーマ_規模別``: rows (項目, テーマ), each item led by its 「（記述者）」 row, one column per
        class (全体 first) headed with its n and ※参考値 under 10; items nobody wrote for are named in a note.
    """
    book = book or load_themes(codebook.fiscal_year)
    items, silent = _items_written(coded, data, section, codebook)
    by_class = theme_counts_by_class(coded, data, items=items, book=book, by=by)
    totals = theme_counts(coded, data, items=items, book=book)
    classes = list(dict.fromkeys(by_class["class"]))
    sizes = data.drop_duplicates("muni_code")[by].astype(str).value_counts()
    n_total = int(data["muni_code"].nunique())

    def heading(name: str, n: int, small: bool) -> str:
        return f"{name}（n={n}）" + (f" ※{SMALL_BASE_MARK}" if small and n < SMALL_BASE else "")

    columns = [heading(TOTAL, n_total, False), *(heading(c, int(sizes.get(c, 0)), True) for c in classes)]
    # Looked up by key rather than filtered per item and theme: the counts of each (item, theme, class), the
    # writers of each (item, class) and the totals, with each item's themes in the order the counts give them.
    counts = by_class[["item_id", "theme", "class", "n", "n_text"]].itertuples(index=False, name=None)
    n_carrying: dict[tuple[str, str, str], int] = {}
    writers: dict[tuple[str, str], int] = {}
    themes_of: dict[str, dict[str, None]] = {}
    for item_id, theme_id, cls, n, n_text in counts:
        n_carrying[(item_id, theme_id, cls)] = int(n)
        writers[(item_id, cls)] = int(n_text)
        themes_of.setdefault(item_id, {})[theme_id] = None
    total_n = {
        (i, t): int(n) for i, t, n in zip(totals["item_id"], totals["theme"], totals["n"], strict=True)
    }
    total_text = {i: int(n) for i, n in zip(totals["item_id"], totals["n_text"], strict=True)}
    rows = []
    for item_id in items:
        item = _item_label(codebook, item_id)
        rows.append([item, WRITERS_ROW, total_text[item_id], *(writers[(item_id, c)] for c in classes)])
        for theme_id in themes_of.get(item_id, {}):
            label = book.label(item_id, theme_id)
            rows.append(
                [
                    item,
                    label,
                    total_n[(item_id, theme_id)],
                    *(n_carrying[(item_id, theme_id, c)] for c in classes),
                ]
            )
    frame = pd.DataFrame(rows, columns=["項目", "テーマ", *columns]).set_index(["項目", "テーマ"])
    notes = [
        caption,
        *_silent_note(silent, codebook, items),
        "該当する回答者の数（件数）。見出しの n は区分の回答者数。（記述者）はその項目に具体的な内容を記入した数。",
        *(
            [
                f"※{SMALL_BASE_MARK}: 回答者が{SMALL_BASE}未満の区分。件数が少ないため、区分間の違いは偶然の範囲で"
                "あることが多い。"
            ]
            if any(SMALL_BASE_MARK in c for c in columns)
            else []
        ),
        "1つの記述が複数のテーマに当てはまることがある。",
    ]
    return ReportTable(
        f"{section}_テーマ_規模別",
        f"{section} 具体的な内容のテーマ — 規模別の該当数",
        frame,
        notes,
        integer_columns=columns,
        empty_message=NO_TEXT,
    )
