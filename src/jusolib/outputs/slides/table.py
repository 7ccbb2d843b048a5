"""Designed tables on slides: native PowerPoint tables whose every cell is checked to fit, split over slides.

A table is a list of :class:`TableRow` (a header, group rows such as an item with its bases, body rows) with
column widths in inches. :func:`row_height` gives the height a row needs at the table's font size — the
tallest of its cells wrapped into its column with the one width estimate of :mod:`jusolib.outputs.slides.parts` — and
:func:`add_table` sets exactly that height on every row, so that the check the tests run on the finished deck
(:func:`jusolib.outputs.slides.parts.fits` per cell) holds by construction. :func:`paginate` splits blocks of rows
(an item and its rows stay together) over as many slides as their heights need.

A native table, not a picture: staff can retype, restyle or delete rows in PowerPoint.

Examples
--------
>>> row_height(["地域住民の参加を促す活動を行う者", "19"], [1.5, 0.5], size=10)  # 10 a line: 2 lines of 13 pt + margins
33.2
>>> paginate([[1.0, 1.0], [1.0], [2.5]], room=3.0)  # blocks of 2, 1 and 2.5 inches
[[0, 1], [2]]
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

from jusolib.outputs.slides.parts import (
    BOX_MARGIN,
    EMU_PER_INCH,
    EMU_PER_POINT,
    JAPANESE_FONT,
    LINE_SPACING,
    SlideTextError,
    fits,
    wrap_lines,
)

#: Fills and text colours of the row kinds.
ROW_STYLES = {
    "header": ("#1f4e8c", "#ffffff", True),
    "group": ("#e8eef6", "#222222", True),
    "body": ("#ffffff", "#222222", False),
    "muted": ("#ffffff", "#595959", False),
}
RULE_COLOUR = "#bfbfbf"
ALIGN_XML = {"left": "l", "right": "r", "center": "ctr"}


@dataclass(frozen=True)
class TableRow:
    """One row: its cell texts and its kind (``header``, ``group``, ``body`` or ``muted``).

    ``span`` > 1 merges the first cell with the next ones (their texts must be empty): a group's label may run
    over the columns that its row leaves empty.
    """

    cells: tuple[str, ...]
    kind: str = "body"
    span: int = 1

    def widths(self, widths: Sequence[float]) -> list[float]:
        """The width of each cell of this row (a merged cell has the width of its columns, the others 0).

        Parameters
        ----------
        widths
            The table's column widths (inches), one per cell.

        Returns
        -------
        list of float
            The first cell as wide as the first ``span`` columns together, the ``span - 1`` cells it covers 0,
            the rest as their columns.

        Examples
        --------
        >>> TableRow(("問1-1", "", "n=23"), kind="group", span=2).widths([1.0, 0.5, 0.7])
        [1.5, 0.0, 0.7]
        """
        return [sum(widths[: self.span]), *([0.0] * (self.span - 1)), *widths[self.span :]]


def cell_width(width: float) -> float:
    """Points available to text in a column ``width`` inches wide (less the cell's margins).

    Parameters
    ----------
    width
        The column's width in inches.

    Returns
    -------
    float
        ``width`` in points less :data:`~jusolib.outputs.slides.parts.BOX_MARGIN` on each side.

    Examples
    --------
    >>> cell_width(1.0)  # 72 − 2 × 3.6
    64.8
    """
    return width * 72 - 2 * BOX_MARGIN


def row_height(cells: Sequence[str], widths: Sequence[float], *, size: float) -> float:
    """Height in points a row needs: its tallest cell wrapped into its column, plus the cell margins.

    Parameters
    ----------
    cells
        The row's cell texts.
    widths
        The width (inches) of each cell, as :meth:`TableRow.widths` gives them: a cell of width 0 (covered by a
        merged cell) is not measured.
    size
        The font size in points.

    Returns
    -------
    float
        The most lines of any cell × ``size`` × :data:`~jusolib.outputs.slides.parts.LINE_SPACING`, plus the top
        and bottom margins, rounded to 6 decimals (see the module's example).
    """
    lines = max(
        len(wrap_lines(text, width=cell_width(w), size=size))
        for text, w in zip(cells, widths, strict=True)
        if w
    )
    return round(lines * size * LINE_SPACING + 2 * BOX_MARGIN, 6)


def fit_or(text: str, fallback: str, *, width: float, size: float, max_lines: int) -> str:
    """``text`` if it fits ``max_lines`` lines of a column ``width`` inches wide, else ``fallback``.

    Used for quotes, which are shown whole or not at all (a cut quote may say the opposite of the text).

    Parameters
    ----------
    text
        The text to show when it fits.
    fallback
        What the cell says instead (e.g. that the quote is left out, and where to read it).
    width
        The column's width in inches (:func:`cell_width` is the room for text).
    size
        The font size in points.
    max_lines
        The most lines ``text`` may take.

    Returns
    -------
    str
        ``text`` whole, or ``fallback`` — never a shortened ``text``.

    Examples
    --------
    >>> fit_or("連携が進んだ", "（省略）", width=1.0, size=10, max_lines=1)
    '連携が進んだ'
    >>> fit_or("連携はまだできていない状況である", "（省略）", width=1.0, size=10, max_lines=1)
    '（省略）'
    """
    if fits(text, width=cell_width(width), height=1e9, size=size, max_lines=max_lines):
        return text
    return fallback


def paginate(blocks: Sequence[Sequence[float]], *, room: float) -> list[list[int]]:
    """Blocks of rows (their heights, inches) grouped into pages of at most ``room`` inches, in order.

    A block is never split (an item stays with its rows); a page is full when the next block would not fit it.

    Parameters
    ----------
    blocks
        The blocks in order, each the heights (inches) of its rows.
    room
        The height (inches) one page has for the table.

    Returns
    -------
    list of list of int
        The pages, each the indexes of its blocks (see the module's example).

    Raises
    ------
    SlideTextError
        If one block alone is taller than a page.
    """
    pages: list[list[int]] = []
    used = room + 1
    for k, block in enumerate(blocks):
        height = sum(block)
        if height > room + 1e-9:
            raise SlideTextError(
                f"a block of {len(block)} table rows ({height:.2f} in) is taller than {room:.2f} in"
            )
        if used + height > room + 1e-9:
            pages.append([])
            used = 0.0
        pages[-1].append(k)
        used += height
    return pages


def balanced_pages(
    blocks: Sequence[Sequence[float]], *, room: float, first_room: float | None = None
) -> list[list[int]]:
    """Blocks of rows over as few pages as they need, in order, with the fullest page as empty as it can be:
    the rows spread evenly rather than filling the first pages and leaving a stub on the last. ``first_room``:
    the first page's room when it differs (it carries the full notes, the pages after it shorter ones).

    Parameters
    ----------
    blocks
        The heights (inches) of the rows of each block; a block is never split.
    room
        Inches of rows a page holds.
    first_room
        Inches of rows the first page holds (``None``: ``room``).

    Returns
    -------
    list of list of int
        The blocks of each page, in order.

    Raises
    ------
    SlideTextError
        If one block alone is taller than a page (as :func:`paginate`).

    Examples
    --------
    >>> paginate([[2.0], [2.0], [1.0]], room=4.5), balanced_pages([[2.0], [2.0], [1.0]], room=4.5)
    ([[0, 1], [2]], [[0], [1, 2]])
    """
    heights = [sum(block) for block in blocks]
    n = len(heights)
    first = room if first_room is None else first_room

    def room_of(page: int) -> float:
        return first if page == 1 else room

    if n and heights[0] > first + 1e-9:  # the first block cannot go under the full notes: one room for all
        return paginate(blocks, room=min(first, room))
    count, used = 0, math.inf
    for k, height in enumerate(heights):  # greedy: the fewest pages that hold the blocks in order
        if height > room + 1e-9:
            raise SlideTextError(
                f"a block of {len(blocks[k])} table rows ({height:.2f} in) is taller than {room:.2f} in"
            )
        if used + height > room_of(count) + 1e-9:
            count, used = count + 1, 0.0
        used += height
    if count <= 1 or n == 0:
        return [list(range(n))] if n else []
    ends = [0.0]
    for height in heights:
        ends.append(ends[-1] + height)
    # best[k][j]: the smallest possible fullest page when the first j blocks fill k pages; cut[k][j] where the
    # k-th page starts. Ties keep the earliest start of the later page (the last pages fuller, never a stub at
    # the end when an even spread exists), so the result is deterministic.
    infinity = float("inf")
    best = [[infinity] * (n + 1) for _ in range(count + 1)]
    cut = [[0] * (n + 1) for _ in range(count + 1)]
    best[0][0] = 0.0
    for k in range(1, count + 1):
        for j in range(1, n + 1):
            for i in range(k - 1, j):
                page = ends[j] - ends[i]
                if page > room_of(k) + 1e-9 or best[k - 1][i] == infinity:
                    continue
                worst = max(best[k - 1][i], page)
                if worst < best[k][j] - 1e-9:
                    best[k][j], cut[k][j] = worst, i
    pages: list[list[int]] = []
    j = n
    for k in range(count, 0, -1):
        i = cut[k][j]
        pages.append(list(range(i, j)))
        j = i
    return pages[::-1]


def _cell_xml(
    text: str, *, size: float, bold: bool, colour: str, fill: str, align: str, rule: bool, merge: str = ""
) -> str:
    """One ``a:tc``: the text in the Japanese typeface (as :func:`jusolib.outputs.slides.parts.style_run` sets it), the
    cell's margins, fill and, for rows under the header, a thin grey line below."""
    margin = round(BOX_MARGIN * EMU_PER_POINT)
    below = (
        f'<a:lnB w="6350"><a:solidFill><a:srgbClr val="{RULE_COLOUR.lstrip("#").upper()}"/></a:solidFill></a:lnB>'
        if rule
        else ""
    )
    run = (
        f'<a:r><a:rPr lang="ja-JP" altLang="en-US" sz="{round(size * 100)}" b="{int(bold)}">'
        f'<a:solidFill><a:srgbClr val="{colour.lstrip("#").upper()}"/></a:solidFill>'
        f'<a:latin typeface="{JAPANESE_FONT}"/><a:ea typeface="{JAPANESE_FONT}"/></a:rPr>'
        f"<a:t>{escape(text)}</a:t></a:r>"
        if text
        else f'<a:endParaRPr lang="ja-JP" altLang="en-US" sz="{round(size * 100)}"/>'
    )
    return (
        f'<a:tc{merge}><a:txBody><a:bodyPr wrap="square"/><a:lstStyle/>'
        f'<a:p><a:pPr algn="{ALIGN_XML[align]}"><a:lnSpc><a:spcPct val="100000"/></a:lnSpc></a:pPr>{run}</a:p>'
        f'</a:txBody><a:tcPr marL="{margin}" marR="{margin}" marT="{margin}" marB="{margin}" anchor="ctr">'
        f'{below}<a:solidFill><a:srgbClr val="{fill.lstrip("#").upper()}"/></a:solidFill></a:tcPr></a:tc>'
    )


def add_table(
    slide: object,
    rows: Sequence[TableRow],
    *,
    left: float,
    top: float,
    widths: Sequence[float],
    size: float,
    aligns: Sequence[str],
    name: str,
    description: str = "",
) -> object:
    """A native table at (``left``, ``top``) inches: columns ``widths`` wide, rows as tall as their text needs.

    The rows are written as DrawingML directly (python-pptx's cell objects take a hundred times longer for
    the same XML), with the fonts, margins and fills every other text on the slides has.

    Parameters
    ----------
    slide
        The slide the table is added to.
    rows
        The rows, header first; a header row is centred, every row under it ruled below in grey.
    left, top
        Where the table's top-left corner goes (inches).
    widths
        The columns' widths (inches).
    size
        The font size of every cell (points).
    aligns
        Each column's alignment: ``"left"``, ``"right"`` or ``"center"``.
    name
        The shape's name (the workbook sheet whose numbers the table shows).
    description
        The table's alternative text (``descr``); empty for none.

    Returns
    -------
    GraphicFrame
        The python-pptx frame holding the table.

    Raises
    ------
    SlideTextError
        If a cell's text would not fit its row (it cannot happen with heights from :func:`row_height`; the
        check guards against a caller setting its own).
    """
    from pptx.oxml import parse_xml
    from pptx.oxml.ns import nsdecls
    from pptx.util import Emu

    heights = [row_height(r.cells, r.widths(widths), size=size) for r in rows]
    frame = slide.shapes.add_table(  # type: ignore[attr-defined]
        len(rows),
        len(widths),
        Emu(round(left * EMU_PER_INCH)),
        Emu(round(top * EMU_PER_INCH)),
        Emu(round(sum(widths) * EMU_PER_INCH)),
        Emu(round(sum(heights) * EMU_PER_POINT)),
    )
    frame.name = name
    if description:
        frame._element.nvGraphicFramePr.cNvPr.set("descr", description)
    table = frame.table
    table.first_row = True
    table.horz_banding = False
    for k, width in enumerate(widths):
        table.columns[k].width = Emu(round(width * EMU_PER_INCH))
    xml = []
    for row, height in zip(rows, heights, strict=True):
        fill, colour, bold = ROW_STYLES[row.kind]
        cells = []
        for k, (text, width, align) in enumerate(zip(row.cells, row.widths(widths), aligns, strict=True)):
            if width and not fits(text, width=cell_width(width), height=height - 2 * BOX_MARGIN, size=size):
                raise SlideTextError(f"table cell does not fit its row at {size} pt: {text!r}")
            if not width and text:
                raise SlideTextError(f"a merged cell must be empty: {text!r}")
            merge = (
                f' gridSpan="{row.span}"' if k == 0 and row.span > 1 else ' hMerge="1"' if not width else ""
            )
            cells.append(
                _cell_xml(
                    text,
                    size=size,
                    bold=bold,
                    colour=colour,
                    fill=fill,
                    align="center" if row.kind == "header" else align,
                    rule=row.kind != "header",
                    merge=merge,
                )
            )
        xml.append(f'<a:tr h="{round(height * EMU_PER_POINT)}">{"".join(cells)}</a:tr>')
    tbl = table._tbl
    for old in tbl.tr_lst:
        tbl.remove(old)
    for row in parse_xml(f"<a:tbl {nsdecls('a')}>{''.join(xml)}</a:tbl>"):
        tbl.append(row)
    return frame
