"""Theme slides: the top themes of each item's free text with their counts and bases, after a section's charts.

The numbers are those of the section's theme table (:func:`jusolib.analysis.free_text.themes`, the page's
theme table and the ``{section}_テーマ`` sheet of ``tables.xlsx``): per item, the themes carried by the most
respondents (:func:`top_themes`: the first :data:`TOP_THEMES`, ties at the cut kept, themes nobody carries
left out), then 「その他」 (texts that carry no theme) when there are any, each with its count, its share of the
respondents who wrote a text for the item (記述者) and of all respondents of the item (回答者, 無回答 included);
the item's row gives both bases (n). A theme the rules mark ``report_when_absent`` (the report stresses that no
answer shows it yet, as I-5's 「地域住民との連携・早期発見」) is always listed, 0 included. One example per theme —
the most typical text that carries it (the table's 「記述の例」 lists the most typical first:
:func:`jusolib.text.themes.typical_order`), or the next one when it does not fit two lines — is shown whole or not
at all (:data:`LONG_QUOTE`), because a cut quote may say the opposite of the text. Quotes come from the report's free text, so ``YearReport.load(…, redact=True)`` masks personal
data in them as on the pages.

Why a table and not a chart: theme labels are sentences (up to 25 characters) grouped under their item with
two bases each; as bars they would need a chart per item (dozens of slides) or labels too long for the
category axis. A native PowerPoint table keeps the item, the theme, the counts and an example on one row, and
staff can retype, restyle or delete rows. Items are never split across slides; the slides of a section continue
(「（2／3）」) as the rows' heights require (:func:`jusolib.outputs.slides.table.paginate`).

Examples
--------
>>> index = pd.MultiIndex.from_tuples([("問2-1", "関係の構築"), ("問2-1", "負担の軽減"), ("問2-1", "機能の理解"),
...     ("問2-1", "重層以前から"), ("問2-1", "その他")], names=["項目", "テーマ"])
>>> frame = pd.DataFrame({"該当": [2, 7, 4, 1, 1]}, index=index)
>>> top_themes(frame, top=2)
{'問2-1': ['負担の軽減', '機能の理解', 'その他']}
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import pandas as pd

from jusolib.analysis.free_text import theme_book, themes
from jusolib.analysis.theme_tables import N_ALL, N_TEXT, N_THEME, PCT_ALL, PCT_TEXT, QUOTE
from jusolib.core.formatting import NONE_MARK, SMALL_BASE, SMALL_BASE_MARK, format_n, format_share
from jusolib.outputs.slides.deck import (
    CONTENT_BOTTOM,
    CONTENT_TOP,
    MARGIN,
    WIDTH,
    Deck,
    notes_box,
    notes_height,
    part,
)
from jusolib.outputs.slides.parts import Box
from jusolib.outputs.slides.table import TableRow, add_table, balanced_pages, fit_or, row_height
from jusolib.text.themes import OTHER_LABEL as OTHER

if TYPE_CHECKING:
    from jusolib.analysis.year_data import YearData

#: Themes shown per item (more when several tie at the cut).
TOP_THEMES = 3
#: Columns: item / theme, count, % of writers, % of all respondents, example (inches; the slide's width).
WIDTHS = (4.3, 0.75, 1.25, 1.25, WIDTH - 2 * MARGIN - 4.3 - 0.75 - 1.25 - 1.25)
ALIGNS = ("left", "right", "right", "right", "left")
HEADER = (
    "項目／テーマ",
    "該当",
    "記述者に占める割合（%）",
    "回答者に占める割合（%）",
    "記述の例（典型的な記述）",
)
#: Font size of the table (points) and lines an example may take.
TABLE_SIZE = 11
#: Larger sizes a slide with room writes its table at (the first that still fits, :func:`page_layout`).
ROOMY_SIZES = (14, 13, 12)
QUOTE_LINES = 2
#: Lines an example may take on a slide with room to spare (a slide is filled with whole, more typical quotes
#: rather than left half empty: :func:`page_layout`).
MAX_QUOTE_LINES = 5
#: Examples a theme may show on a slide with room (the theme table lists up to two, the most typical first).
MAX_QUOTES = 2
#: Shown instead of an example that would not fit whole.
LONG_QUOTE = "（該当する記述はいずれも長いため省略。全文は tables.xlsx）"
INDENT = "　"


def top_themes(
    frame: pd.DataFrame, *, top: int = TOP_THEMES, always: dict[str, set[str]] | None = None
) -> dict[str, list[str]]:
    """Per item (first index level), the themes to show: most respondents first, then 「その他」.

    The first ``top`` themes by count (``該当``, descending; ties in the rules file's order), every theme tied
    with the last of them, none with a count of 0 — except those in ``always`` (item → theme labels the report
    stresses are absent), which are listed after them whatever their count; 「その他」 last when any text carries
    no theme.

    Parameters
    ----------
    frame
        A theme table's frame (:func:`jusolib.analysis.free_text.themes`): indexed by (item, theme), with the
        count ``該当``.
    top
        How many themes to show per item before ties (default :data:`TOP_THEMES`).
    always
        Item → the labels of themes listed whatever their count (the rules' ``report_when_absent``); ``None``
        for none.

    Returns
    -------
    dict
        Item → its theme labels to show, in order; an empty list for an item with no theme to show.

    Examples
    --------
    >>> index = pd.MultiIndex.from_tuples([("a", "x"), ("a", "y"), ("a", "z"), ("a", "w"), ("a", "その他"),
    ...                                    ("b", "x"), ("b", "その他")])
    >>> top_themes(pd.DataFrame({"該当": [3, 1, 1, 0, 0, 0, 0]}, index=index), top=2)  # y and z tie at the cut
    {'a': ['x', 'y', 'z'], 'b': []}
    >>> top_themes(pd.DataFrame({"該当": [3, 1, 1, 0, 0, 0, 0]}, index=index), top=1, always={"a": {"w"}})
    {'a': ['x', 'w'], 'b': []}
    """
    chosen: dict[str, list[str]] = {}
    for item, block in frame.groupby(level=0, sort=False):
        counts = block[N_THEME].droplevel(0)
        themes = counts.drop(OTHER, errors="ignore")
        themes = themes[themes > 0].sort_values(ascending=False, kind="stable")
        if len(themes) > top:
            themes = themes[themes >= themes.iloc[top - 1]]
        chosen[str(item)] = [str(t) for t in themes.index]
        chosen[str(item)] += [
            str(t)
            for t in counts.index
            if str(t) in (always or {}).get(str(item), set()) and t not in themes.index
        ]
        if counts.get(OTHER, 0) > 0:
            chosen[str(item)].append(OTHER)
    return chosen


def quotes_of(cell: object) -> list[str]:
    """The examples in a 「記述の例」 cell, the most typical first: 「a」／「b」 → [a, b].

    Parameters
    ----------
    cell
        The cell of the theme table.

    Returns
    -------
    list of str
        The quotes without their 「」.

    Examples
    --------
    >>> quotes_of("「連携が進んだ」／「研修を実施した」"), quotes_of("")
    (['連携が進んだ', '研修を実施した'], [])
    """
    text = str(cell or "")
    if not text:
        return []
    if not text.startswith("「"):
        return [text]
    return [part.removesuffix("」") for part in text[1:].split("」／「")]


def first_quote(cell: object) -> str:
    """The first (most typical) of the examples in a 「記述の例」 cell: 「a」／「b」 → a.

    Parameters
    ----------
    cell
        The theme table's 「記述の例」 cell (quotes in 「」 separated by 「／」), or a missing value.

    Returns
    -------
    str
        The first quote without its 「」; a cell not written in 「」 as it is; empty for an empty cell.

    Examples
    --------
    >>> first_quote("「連携が進んだ」／「研修を実施した」"), first_quote("")
    ('連携が進んだ', '')
    """
    found = quotes_of(cell)
    return found[0] if found else ""


def fitting_quote(cell: object, *, width: float, size: float, max_lines: int, count: int = 1) -> str:
    """The most typical examples of a cell (up to ``count``) that fit ``max_lines`` lines whole, each in 「」 and
    joined by 「／」 as the table writes them, or :data:`LONG_QUOTE` when not even one fits.

    The examples are taken in the table's order (the most typical first); one that would not fit beside those
    already taken is skipped, never cut.

    Parameters
    ----------
    cell
        The 「記述の例」 cell of the theme table.
    width
        The column's width (inches).
    size
        The font size (points).
    max_lines
        The most lines the examples may take together.
    count
        The most examples to show (1: the most typical that fits; more on a slide with room, :func:`page_layout`).

    Returns
    -------
    str
        The quotes, whole, or the note that every one is too long.

    Examples
    --------
    >>> fitting_quote("「" + "長い" * 60 + "」／「短い記述」", width=4.0, size=11, max_lines=2)
    '「短い記述」'
    >>> fitting_quote("「連携が進んだ」／「研修を実施した」", width=4.0, size=11, max_lines=2, count=2)
    '「連携が進んだ」／「研修を実施した」'
    """
    taken: list[str] = []
    for quote in quotes_of(cell):
        if len(taken) == count:
            break
        candidate = "／".join([*taken, f"「{quote}」"])
        if fit_or(candidate, "", width=width, size=size, max_lines=max_lines):
            taken.append(f"「{quote}」")
    return "／".join(taken) if taken else LONG_QUOTE


def _share(value: object) -> str:
    """A share as the page and the workbook show it: 「−」 for none and for zero (0件), 「0.0」 only below 0.05%."""
    if pd.isna(value) or float(value) == 0:  # type: ignore[arg-type]
        return NONE_MARK
    return format_share(float(value))  # type: ignore[arg-type]


def writers(frame: pd.DataFrame) -> pd.Series:
    """How many respondents wrote a text, per item (first index level) of a theme table.

    Parameters
    ----------
    frame
        A theme table's frame, indexed by (item, theme), with ``記述者`` (the same on every row of an item).

    Returns
    -------
    Series
        The number of writers per item, as int, in the table's order.

    Examples
    --------
    >>> index = pd.MultiIndex.from_tuples([("a", "x"), ("a", "その他"), ("b", "x")])
    >>> writers(pd.DataFrame({"記述者": [4, 4, 0]}, index=index)).to_dict()
    {'a': 4, 'b': 0}
    """
    return frame[N_TEXT].groupby(level=0, sort=False).first().astype(int)


def item_rows(
    frame: pd.DataFrame,
    item: str,
    themes: list[str],
    quote_lines: int = QUOTE_LINES,
    quotes: int = 1,
    size: float = TABLE_SIZE,
) -> list[TableRow]:
    """The rows of one item: the item with its bases (n of writers, n of all respondents), then its themes.

    Each theme's row has its count, its two shares (one decimal) and an example in 「」, the most typical that
    fits ``quote_lines`` lines whole (:func:`fitting_quote`), 「（該当する記述なし）」 for a theme listed with a
    count of 0; 「その他」 is a muted row.

    Parameters
    ----------
    frame
        A theme table's frame, indexed by (item, theme).
    item
        The item's label in the table (its first index level, 「問1-1 …」).
    themes
        The themes to show, in order (:func:`top_themes`).
    quote_lines
        How many lines an example may take (:data:`QUOTE_LINES`; more on a slide with room).
    quotes
        How many examples a theme may show (1; up to :data:`MAX_QUOTES` on a slide with room).
    size
        The table's font size (points): the examples are fitted at it.

    Returns
    -------
    list of TableRow
        A group row (the item over two columns, then the n of writers and of all respondents), then one row per
        theme.
    """
    block = frame.loc[item]
    first = block.iloc[0]
    rows = [TableRow((item, "", format_n(first[N_TEXT]), format_n(first[N_ALL]), ""), "group", span=2)]
    for theme in themes:
        row = block.loc[theme]
        quote = (
            fitting_quote(row[QUOTE], width=WIDTHS[4], size=size, max_lines=quote_lines, count=quotes)
            if int(row[N_THEME])
            else "（該当する記述なし）"
        )
        cells = (
            INDENT + theme,
            str(int(row[N_THEME])),
            _share(row[PCT_TEXT]),
            _share(row[PCT_ALL]),
            quote,
        )
        rows.append(TableRow(cells, "muted" if theme == OTHER else "body"))
    return rows


def block_heights(block: list[TableRow], size: float = TABLE_SIZE) -> list[float]:
    """The heights (inches) of a block of theme-table rows at the table's font size.

    Parameters
    ----------
    block
        The rows.
    size
        The font size (points; default :data:`TABLE_SIZE`).

    Returns
    -------
    list of float
        One height per row.
    """
    return [row_height(r.cells, r.widths(WIDTHS), size=size) / 72 for r in block]


def page_layout(
    frame: pd.DataFrame, items: list[tuple[str, list[str]]], *, room: float
) -> tuple[list[TableRow], float]:
    """The rows of the items of one slide and their font size, laid out to use the slide's room: the largest
    of :data:`ROOMY_SIZES` at which the plain rows (two lines, one example) fit, else :data:`TABLE_SIZE`; then,
    at that size, each theme's examples may take :data:`QUOTE_LINES` up to :data:`MAX_QUOTE_LINES` lines and
    show one or up to :data:`MAX_QUOTES` of the most typical texts — of these layouts the one whose table fills
    ``room`` the most (of equals the last: more quotes in the same room). A slide with room is written larger,
    with longer and more typical quotes (each whole or not at all) instead of white space (issue 22: theme slides
    holding one item were about half full).

    Parameters
    ----------
    frame
        The section's theme table (:func:`jusolib.analysis.free_text.themes`).
    items
        (item label, its themes) of the slide, in order.
    room
        Inches the table may take, its header included (the slide's content height less its notes).

    Returns
    -------
    tuple
        The rows (header first) and their font size in points; at :data:`TABLE_SIZE` and the plain layout when
        nothing fits ``room``.

    Examples
    --------
    >>> index = pd.MultiIndex.from_tuples([("問1-1 拠点", "関係の構築")], names=["項目", "テーマ"])
    >>> frame = pd.DataFrame({"該当": [2], "記述者に占める割合": [50.0], "回答者に占める割合": [8.7],
    ...     "記述者": [4], "回答者": [23], "記述の例": ["「" + "地域の関係機関と顔の見える関係ができた。" * 4 + "」／「連携した」"]},
    ...     index=index)
    >>> (short, small), (roomy, large) = (page_layout(frame, [("問1-1 拠点", ["関係の構築"])], room=r) for r in (1.0, 4.0))
    >>> small, short[2].cells[4], large, roomy[2].cells[4].startswith("「地域の"), roomy[2].cells[4].endswith("／「連携した」")
    (11, '「連携した」', 14, True, True)
    """
    header = TableRow(HEADER, "header")

    def layout(size: float, quotes: int, lines: int) -> tuple[list[TableRow], float]:
        rows = [header]
        for item, shown in items:
            rows += item_rows(frame, item, shown, quote_lines=lines, quotes=quotes, size=size)
        return rows, sum(block_heights(rows, size))

    size = next(
        (z for z in ROOMY_SIZES if layout(z, 1, QUOTE_LINES)[1] <= room + 1e-9),
        TABLE_SIZE,
    )
    chosen, fullest = layout(size, 1, QUOTE_LINES)
    for quotes in range(1, MAX_QUOTES + 1):
        for lines in range(QUOTE_LINES, MAX_QUOTE_LINES + 1):
            rows, height = layout(size, quotes, lines)
            if height <= room + 1e-9 and height >= fullest - 1e-9:
                chosen, fullest = rows, height
    return chosen, size


def _item_ids(year: YearData, section: str, labels: Iterable[object]) -> list[str]:
    """The item ids of the theme table's item labels (「問1-5 地域生活課題を…」, perhaps with ※参考値), in order."""
    numbers = {str(year.codebook.item(i)["number"]): i for i in year.codebook.item_ids(section)}
    return [numbers.get(str(label).split(" ", 1)[0], "") for label in labels]


def theme_notes(
    deck: Deck, table_key: str, *, small: bool, empty: list[str], continued: bool = False
) -> list[str]:
    """The notes under a theme table: what is shown and where the rest is, the bases, 参考値, the items nobody
    wrote a text for (``empty``, left out of the table), redaction.

    Parameters
    ----------
    deck
        The deck being built (:class:`~jusolib.outputs.slides.deck.Deck`): its year gives the respondent type,
        the coding rules' file and whether the quotes are redacted.
    table_key
        The theme table's key (``"I_テーマ"``): the note names its workbook sheet.
    small
        Whether an item has fewer writers than :data:`~jusolib.core.formatting.SMALL_BASE` (its shares are
        参考値): a note explains the mark.
    empty
        The items nobody wrote a text for, by label; their question numbers are listed.
    continued
        Whether the slide follows the section's first theme slide: its notes give the bases only (the rest
        is on the first slide).

    Returns
    -------
    list of str
        The notes, in the order the slide shows them.
    """
    from jusolib.analysis.tables import sheet_name
    from jusolib.core.wording import sheet_label

    year = deck.year
    who = year.respondent_label
    lines = [
        f"各項目で該当の多いテーマ上位{TOP_THEMES}（同数を含む）と、どのテーマにも該当しない記述（その他）。テーマは"
        "報告書の要約と注から作った規則による（1つの記述が複数のテーマに該当することがある）。"
        f"すべてのテーマと記述の全文は tables.xlsx の「{sheet_name(sheet_label(table_key))}」シート。",
        f"該当: そのテーマに該当した{who}の数。割合の基数は項目の行の n（記述者 = 具体的な内容を記入した{who}、"
        f"回答者 = その項目の全{who}、無回答を含む）。",
    ]
    if (
        continued
    ):  # the slides after the first: the bases only (what is shown and where the rest is: 1st slide)
        lines = [lines[1] + "テーマの選び方と全文のシートは1枚目の注。"]
    if small:
        lines.append(f"※{SMALL_BASE_MARK}: 記述者が{SMALL_BASE}未満の項目。割合は参考として示す。")
    if empty and not continued:
        numbers = "、".join(item.split(" ", 1)[0] for item in empty)
        lines.append(f"具体的な内容の記入がなかった項目（表から省略）: {numbers}")
    if year.redact:
        lines.append("記述の例は、個人情報の可能性がある部分を伏せ字にしている（［電話番号］［氏名］など）。")
    return lines


def theme_slides(deck: Deck, section: str) -> None:
    """The section's top themes per item, as a table over as many slides as needed.

    None when the year has no coding rules or nobody wrote a text for any item of the section.

    Per item the themes of :func:`top_themes` (:func:`item_rows`), blocks kept whole and split over slides
    (:func:`~jusolib.outputs.slides.table.paginate`), each table named after the theme sheet, the notes of
    :func:`theme_notes` under it.

    Parameters
    ----------
    deck
        The deck being built (:class:`~jusolib.outputs.slides.deck.Deck`); the slides are added to it.
    section
        A section of the questionnaire by its key: ``"I"``, ``"II"``, ``"III"``.
    """
    year = deck.year
    table = themes(year, section)
    if table is None or table.frame.empty:
        return
    frame = table.frame
    counts = writers(frame)
    if not counts.any():
        return
    book = theme_book(year)
    always = (
        {
            item: {t.label for t in book.themes_for(i) if t.report_absent}
            for item, i in zip(counts.index, _item_ids(year, section, counts.index), strict=True)
        }
        if book is not None
        else {}
    )
    chosen = {item: themes for item, themes in top_themes(frame, always=always).items() if counts[item] > 0}
    small = any(f"※{SMALL_BASE_MARK}" in item for item in chosen)
    shown = {str(i).split(" ", 1)[0] for i in counts.index}
    unwritten = [  # items nobody wrote a text for are not rows of the table: named in the notes
        str(year.codebook.item(i)["number"])
        for i in year.codebook.item_ids(section)
        if str(year.codebook.item(i)["number"]) not in shown
    ]
    empty = [str(i) for i in counts.index[counts == 0]] + unwritten
    notes = theme_notes(deck, table.key, small=small, empty=empty)
    later_notes = theme_notes(deck, table.key, small=small, empty=empty, continued=True)
    blocks = [item_rows(frame, item, themes) for item, themes in chosen.items()]
    header = TableRow(HEADER, "header")
    header_height = row_height(header.cells, WIDTHS, size=TABLE_SIZE) / 72
    first_space = CONTENT_BOTTOM - notes_height(notes) - 0.1 - CONTENT_TOP
    space = CONTENT_BOTTOM - notes_height(later_notes) - 0.1 - CONTENT_TOP
    pages = balanced_pages(
        [block_heights(block) for block in blocks],
        room=space - header_height,
        first_room=first_space - header_height,
    )
    title = f"{year.section_title(section)} — 具体的な内容のテーマ"
    items = list(chosen.items())
    for k, page in enumerate(pages, start=1):
        slide = deck.slide(part(title, k, len(pages)))
        notes_box(slide, notes if k == 1 else later_notes)
        rows, size = page_layout(frame, [items[b] for b in page], room=first_space if k == 1 else space)
        add_table(
            slide,
            rows,
            left=MARGIN,
            top=CONTENT_TOP,
            widths=WIDTHS,
            size=size,
            aligns=ALIGNS,
            name=table.key if len(pages) == 1 else f"{table.key}_{k}",
            description=f"{table.title}（各項目の上位{TOP_THEMES}テーマ）",
        )


#: Resolution of the network picture on a slide (dots per inch; it is drawn at the size it is shown).
NETWORK_DPI = 150
#: Size (points) of the words of the network on the slide: it is drawn at its size on the slide, so these are
#: the points a reader sees (issue 22: at least 12 when projected).
NETWORK_LABEL_SIZE = 12


def network_figure(deck: Deck, section: str, room: Box) -> Any:
    """The co-occurrence network drawn for the slide: at the size of ``room`` (the picture is not scaled, so
    its text is as large on the slide as in the figure), words at :data:`NETWORK_LABEL_SIZE` points, none
    overlapping another (:func:`jusolib.analysis.words.plot_cooccurrence` with ``separate_labels``).

    Parameters
    ----------
    deck
        The deck being built.
    section
        A section of the questionnaire by its key.
    room
        Where the picture goes (inches).

    Returns
    -------
    Figure or None
        The figure, ``room.width`` × ``room.height`` inches; ``None`` when no pair of words passes the threshold.
    """
    from jusolib.analysis.words import plot_cooccurrence

    return plot_cooccurrence(
        deck.year,
        section,
        size=(room.width, room.height),
        label_size=NETWORK_LABEL_SIZE,
        separate_labels=True,
    )


def network_slide(deck: Deck, section: str) -> None:
    """The co-occurrence network of a section's free text as a picture (drawn by :func:`network_figure`; its
    numbers are the ``{section}_共起`` sheet of ``tables.xlsx``). None when no pair of words passes the threshold.

    Parameters
    ----------
    deck
        The deck being built (:class:`~jusolib.outputs.slides.deck.Deck`).
    section
        A section of the questionnaire by its key: ``"I"``, ``"II"``, ``"III"``.
    """
    import io

    import matplotlib.pyplot as plt
    from pptx.util import Inches

    from jusolib.analysis.words import cooccurrence, cooccurrence_table

    year = deck.year
    if cooccurrence(year, section).empty:
        return
    table = cooccurrence_table(year, section)
    notes = [
        "同じ記述（1つの回答の具体的な内容）によく一緒に出る語を結んだ図。線が太いほど一緒に使われることが多く、円が大きいほど"
        f"多くの{year.respondent_label}が使った語。色はその語を最もよく使った規模の区分。",
        f"数値は tables.xlsx の「{table.sheet}」シート。",
    ]
    slide = deck.slide(f"{year.section_title(section)} — 具体的な内容の共起ネットワーク")
    top_of_notes = notes_box(slide, notes)
    room = Box(MARGIN, CONTENT_TOP, WIDTH - 2 * MARGIN, top_of_notes - 0.1 - CONTENT_TOP)
    figure = network_figure(deck, section, room)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=NETWORK_DPI, metadata={"Software": None})
    plt.close(figure)
    picture = slide.shapes.add_picture(
        buffer, Inches(room.left), Inches(room.top), width=Inches(room.width), height=Inches(room.height)
    )
    picture.name = table.sheet
