"""From a count to the texts: the answers behind each theme × class count and each characteristic-word count, as
folded lists on the page.

A page shows counts; a reader who wonders what stands behind 「負担の軽減 3件（50万以上）」 opens it and reads the
three answers. Everything is plain HTML — ``<details>`` that open in place, ids a link can point to — with no
script, so the page still fetches nothing and works on a closed network. Each answer is shown with its size class
and the answer its writer gave to the item; municipality names are left out (the counts are about groups, and
the full list with names is the free-text table further down the page and in ``tables.xlsx``). Every text is
escaped. A printed page cannot be opened: it prints the texts behind the theme counts in full instead, grouped by
item and theme, and says where the texts behind the word counts are.

Examples
--------
>>> block = report.theme_texts("II")
>>> block.html.count("<details") > 0 and "<script" not in block.html
True
"""

from __future__ import annotations

import html
from dataclasses import dataclass

import pandas as pd

from jusolib.analysis.cache import cached
from jusolib.analysis.table_html import wrap_html
from jusolib.analysis.year_data import YearData
from jusolib.core.docstrings import shared_parameters
from jusolib.core.formatting import (
    SMALL_BASE,
    SMALL_BASE_MARK,
    format_n,
    format_p,
    format_share,
)
from jusolib.stats.keyness import MIN_COUNT


@dataclass(frozen=True)
class HtmlBlock:
    """A block of HTML for a page (JupyterLab shows it too); ``text`` says in words what it holds."""

    html: str
    text: str = ""

    def _repr_html_(self) -> str:
        return self.html

    def __repr__(self) -> str:
        return f"HtmlBlock({self.text or 'HTML'!r})"


def _anchor(*parts: str) -> str:
    return "texts-" + "-".join(p.replace(" ", "_") for p in parts)


def _item_heading(year: YearData, item_id: str) -> str:
    item = year.codebook.item(item_id)
    return f"{item['number']} {item['label']}"


def _answer_line(text: str, cls: str, answer: str, highlight: str | None = None) -> str:
    body = html.escape(text) if highlight is None else highlight
    body = body.replace("\n", "<br>")
    return f'<li>「{body}」<span class="text-meta">（{html.escape(cls)}、{html.escape(answer)}）</span></li>'


def _class_of(year: YearData) -> dict[str, str]:
    return year.data.drop_duplicates("muni_code").set_index("muni_code")[year.scheme].astype(str).to_dict()


def _class_order(year: YearData) -> list[str]:
    column = year.data[year.scheme]
    if isinstance(column.dtype, pd.CategoricalDtype):
        return [str(c) for c in column.cat.categories if (column == c).any()]
    return sorted(set(column.astype(str)))


@cached
@shared_parameters
def theme_texts(year: YearData, section: str) -> HtmlBlock:
    """Per item and theme, the answers that carry the theme, grouped by size class: one folded block each,
    whose heading gives the count per class as the theme tables do. Paper cannot be clicked open: the printed
    page carries the same texts open, item by item and theme by theme (an appendix of the free text).

    Returns
    -------
    HtmlBlock
        The folded lists (empty when the year has no coding rules).

    Examples
    --------
    >>> 'id="texts-II-chg_supporter_support-less_burden"' in report.theme_texts("II").html
    True
    """
    from jusolib.analysis.free_text import coded_free_text, theme_book
    from jusolib.text.themes import theme_order

    coded, book = coded_free_text(year), theme_book(year)
    if coded is None or book is None:
        return HtmlBlock("", "")
    items = [i for i in year.codebook.item_ids(section) if i in set(year.data["item_id"])]
    class_of, order = _class_of(year), _class_order(year)
    answers = year.data.set_index(["muni_code", "item_id"])["answer"].astype(str)
    sizes = year.data.drop_duplicates("muni_code")[year.scheme].astype(str).value_counts()
    blocks, total = [], 0
    appendix: dict[str, list[str]] = {}
    by_theme = {key: part for key, part in coded.groupby(["item_id", "theme"], sort=False)}
    for item_id, theme_id in theme_order(book, items):
        part = by_theme.get((item_id, theme_id))
        if part is None or part.empty:
            continue
        part = part.drop_duplicates("muni_code")
        number = year.codebook.item(item_id)["number"]
        label = book.label(item_id, theme_id)
        counts = part["muni_code"].map(class_of).value_counts()
        per_class = "、".join(f"{c} {int(counts[c])}" for c in order if c in counts)
        groups = []
        for cls in order:
            rows = part[part["muni_code"].map(class_of) == cls].sort_values("text", key=lambda s: s.str.len())
            if rows.empty:
                continue
            small = f" ※{SMALL_BASE_MARK}" if int(sizes.get(cls, 0)) < SMALL_BASE else ""
            lines = "".join(
                _answer_line(str(t), cls, answers.get((m, item_id), ""))
                for m, t in zip(rows["muni_code"], rows["text"], strict=True)
            )
            groups.append(
                f'<p class="group-title">{html.escape(cls)}（{format_n(int(sizes.get(cls, 0)))}{small}）'
                f'{len(rows)}件</p><ul class="text-list">{lines}</ul>'
            )
        total += len(part)
        ordered = part.assign(_class=part["muni_code"].map(class_of)).sort_values(
            "_class", key=lambda c: c.map({name: k for k, name in enumerate(order)}), kind="stable"
        )
        appendix.setdefault(item_id, []).append(
            f'<p class="theme-title">{wrap_html(label)}（{len(part)}件）</p><ul class="text-list">'
            + "".join(
                _answer_line(str(t), str(c), answers.get((m, item_id), ""))
                for m, t, c in zip(ordered["muni_code"], ordered["text"], ordered["_class"], strict=True)
            )
            + "</ul>"
        )
        blocks.append(
            f'<details class="table-group text-group" id="{html.escape(_anchor(section, item_id, theme_id))}">'
            f"<summary>{wrap_html(f'{number} {label}')} — {len(part)}件（{html.escape(per_class)}）</summary>"
            + "".join(groups)
            + "</details>"
        )
    if not blocks:
        return HtmlBlock("", "")
    title = f"{year.section_title(section)} — テーマごとの記述（規模別）"
    printed = "".join(
        f"<h4>{wrap_html(_item_heading(year, item_id))}</h4>" + "".join(parts)
        for item_id, parts in appendix.items()
    )
    page = (
        f'<figure class="report-block folded" data-table="{html.escape(section)}_テーマ_記述">'
        f'<figcaption class="table-title">{wrap_html(title)}</figcaption>'
        '<p class="fold-hint screen-only">テーマをクリックすると、当てはまった記述を区分ごとに開く。</p>'
        + "".join(blocks)
        + f'<div class="appendix-texts print-only">{printed}</div>'
        + '<ul class="notes"><li>（ ）内は規模の区分と、その項目への回答。同じ回答者は1テーマにつき1回。'
        f'<span class="screen-only">{year.name_heading}名は「具体的な内容（全文）」の表と Excel（tables.xlsx）にある。</span>'
        f'<span class="print-only">{year.name_heading}名は Excel（tables.xlsx）の「具体的な内容（全文）」のシートにある'
        "（その表は印刷していない）。</span></li></ul></figure>"
    )
    return HtmlBlock(page, f"{title}（{len(blocks)}テーマ、{total}件）")


def _highlighted(text: str, word: str, analyse: object) -> str:
    """The text escaped, the tokens whose normalised form is ``word`` in <mark>."""
    analysed = analyse(text)  # type: ignore[operator]
    out = []
    for token, form in zip(analysed.tokens, analysed.forms, strict=True):
        piece = html.escape(token.surface)
        out.append(f"<mark>{piece}</mark>" if form == word else piece)
    return "".join(out)


_TEXT_KEY = ("fiscal_year", "respondent_type", "muni_code", "item_id")


def _text_keys(frame: pd.DataFrame) -> list[tuple[str, ...]]:
    return [tuple(str(v) for v in row) for row in frame[list(_TEXT_KEY)].to_numpy()]


@cached
@shared_parameters
def characteristic_words_html(
    year: YearData, section: str, by: str = "class", top: int = 5, min_count: int = MIN_COUNT
) -> HtmlBlock:
    """The characteristic-words table of a section (:func:`jusolib.analysis.words.characteristic_words`) with
    every count of writers opening the answers behind it (the word marked). The page shows the adjusted p only, and
    the table's plain notes; the adjusted residual, the unadjusted p and the notes naming the test
    (``method_notes``) are in the workbook and on the 方法 page.

    Parameters
    ----------
    by
        How the writers are grouped: ``"class"`` (size class, the default), ``"answer"`` (肯定的回答 against the
        rest), ``"respondent_type"`` (自治体 against 社協) or ``"fiscal_year"`` (this year against the previous).
    top
        Words shown per group.
    min_count
        Words used by fewer writers are not tested.

    Returns
    -------
    HtmlBlock
        The table with its notes.

    Examples
    --------
    >>> block = report.characteristic_words_html("II")
    >>> block.html.count('<details class="cell-texts">') == len(report.characteristic_words("II").frame)
    True
    """
    from jusolib.analysis.words import _book, characteristic_words, grouping

    table = characteristic_words(year, section, by, top, min_count)
    g = grouping(year, section, by)
    book = _book(year)
    answers = year.data.set_index(["muni_code", "item_id"])["answer"].astype(str)
    class_of = _class_of(year)
    group_of = {
        tuple(str(v) for v in key): str(group)
        for key, group in zip(map(tuple, g.units[g.unit].to_numpy()), g.units["group"], strict=True)
    }
    word_rows = g.words.assign(
        _unit=[tuple(str(v) for v in k) for k in g.words[g.unit].to_numpy()], _text=_text_keys(g.words)
    )
    texts = g.texts.assign(_text=_text_keys(g.texts))
    own = (str(year.fiscal_year), year.respondent_key)

    def line(record: dict[str, object], word: str, group: str) -> str:
        key: tuple[str, str, str, str] = record["_text"]  # type: ignore[assignment]
        fy, rt, muni, item = key
        said = answers.get((muni, item), "") if (fy, rt) == own else group
        return _answer_line(
            str(record["text"]),
            class_of.get(muni, ""),
            said,
            _highlighted(str(record["text"]), word, book.analyse),
        )

    frame = table.frame.reset_index()
    spans = frame["区分"].value_counts()
    body, previous = [], None
    for row, reference in zip(frame.to_dict("records"), table.reference_mask(), strict=True):
        word, group = str(row["語"]), str(row["区分"]).split("（")[0]
        chosen = set(
            word_rows.loc[(word_rows["word"] == word) & (word_rows["_unit"].map(group_of) == group), "_text"]
        )
        lines = "".join(line(r, word, group) for r in texts[texts["_text"].isin(chosen)].to_dict("records"))
        ref = " ref" if reference else ""
        cells = []
        if row["区分"] != previous:
            if previous is not None:  # each class's words a row group of their own, kept whole on paper
                body.append("</tbody><tbody>")
            cells.append(
                f'<th class="stub stub-first" rowspan="{int(spans[row["区分"]])}">{wrap_html(row["区分"])}</th>'
            )
            previous = row["区分"]
        cells += [
            f'<td class="text">{html.escape(word)}</td>',
            f'<td class="text">{html.escape(str(row["品詞"]))}</td>',
            f'<td class="num integer{ref}"><details class="cell-texts"><summary>{int(row["使用"])} / '
            f'{int(row["記述者"])}</summary><ul class="text-list">{lines}</ul></details></td>',
            f'<td class="num percent{ref}">{format_share(row["割合"])}</td>',
            f'<td class="num integer">{int(row["それ以外の使用"])} / {int(row["それ以外の記述者"])}</td>',
            f'<td class="num percent">{format_share(row["それ以外の割合"])}</td>',
            f'<td class="num p">{format_p(row["p値（補正後）"])}</td>',
        ]
        body.append("<tr>" + "".join(cells) + "</tr>")
    head = (
        '<tr><th class="stub-head">区分</th><th>語</th><th>品詞</th><th>使用 / 記述者</th><th>割合</th>'
        "<th>それ以外の使用 / 記述者</th><th>割合</th><th>p値（補正後）</th></tr>"
    )
    notes = "".join(f"<li>{html.escape(n)}</li>" for n in table.notes)
    notes += (
        '<li class="screen-only">「使用」の数をクリックすると、その語を使った記述が開く（語に印）。'
        "（ ）内は区分と回答。</li>"
    )
    content = (
        f'<table class="report-table keyness"><thead>{head}</thead><tbody>{"".join(body)}</tbody></table>'
        if body
        else f'<p class="empty-table">{html.escape(table.empty_message)}</p>'
    )
    page = (
        f'<figure class="report-block" data-table="{html.escape(table.key)}">'
        f'<figcaption class="table-title">{wrap_html(table.title)}</figcaption>{content}'
        f'<ul class="notes">{notes}</ul></figure>'
    )
    return HtmlBlock(page, f"{table.title}（{len(frame)}語）")
