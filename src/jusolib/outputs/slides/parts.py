"""Building blocks of the slide deck: Japanese typography, text that fits its box, native charts, fixed bytes.

What is on the slides is decided in :mod:`jusolib.outputs.slides.build`; this module knows how to put it there with
python-pptx (imported only when a deck is built):

* **Fonts.** PowerPoint has no font stack. The theme names Meiryo as the East-Asian (``a:ea``) and Latin
  typeface, with the Japanese character set (``charset="-128"``, SHIFTJIS) and its PANOSE number, so that a
  machine without Meiryo substitutes another Japanese font rather than a Latin one; the theme's Japanese-script
  entry (``a:font script="Jpan"``) names Yu Gothic. Every run and every chart also names the East-Asian
  typeface itself and is tagged ``lang="ja-JP"``, so that a chart copied into another deck keeps it.
* **Text that fits.** Nothing is left to PowerPoint's shrink-on-overflow. The width of a text is estimated
  from its characters — full-width (East Asian Width F, W or A) one em, others :data:`HALF_WIDTH_EM` em —
  and wrapped greedily, character by character, into the box's width; a box gets the largest size from its
  list at which the wrapped lines fit its height. :func:`fits` is the one check, used when boxes are made and
  again by the tests on the finished deck.
* **Charts.** Native charts (:func:`add_bar_chart`) with their data in an embedded workbook (python-pptx writes
  it with XlsxWriter), the plot area laid out by hand so that the position of every bar is known, category
  labels checked against the room left for them, data labels in ``0.0`` (those on slivers hidden). Text in
  the embedded workbook is always a string: XlsxWriter would otherwise turn a text beginning with 「=」 into a
  formula and one beginning with ``http://`` into a link (:func:`inert_chart_data`).
* **Bytes.** :func:`presentation_bytes` fixes the document properties and rewrites the package with fixed
  zip times, including the chart workbooks inside it (:func:`jusolib.core.files.normalize_zip`).

Examples
--------
>>> text_width("令和6年度", 10)  # four full-width characters and one half-width digit
46.0
>>> wrap_lines("地域住民の参加を促す活動を行う者", width=60, size=10)
['地域住民の参', '加を促す活動', 'を行う者']
>>> fits("地域住民の参加を促す活動を行う者", width=60, height=40, size=10)  # 3 lines of 13 pt
True
"""

from __future__ import annotations

import contextlib
import io
import math
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from jusolib.core.errors import JusolibError

#: 16:9 slide, in EMU (English Metric Units: 914,400 to the inch, 12,700 to the point).
SLIDE_WIDTH = 12_192_000
SLIDE_HEIGHT = 6_858_000
EMU_PER_INCH = 914_400
EMU_PER_POINT = 12_700
#: East-Asian and Latin typeface of the theme, every run and every chart.
JAPANESE_FONT = "Meiryo"
#: The theme's Japanese-script font (used by PowerPoint where the East-Asian slot is left to the script).
JAPANESE_SCRIPT_FONT = "Yu Gothic"
_MEIRYO_PANOSE = "020B0604030504040204"
#: Width of a half-width character in em (Meiryo's Latin letters and digits are about 0.5–0.6 em; the upper
#: end is taken so that the check errs towards a line too many, never one too few).
HALF_WIDTH_EM = 0.6
#: Line height as a multiple of the font size (PowerPoint's single spacing for Meiryo is about 1.2–1.3).
LINE_SPACING = 1.3
#: Inner margin of every text box, in points.
BOX_MARGIN = 3.6
#: The time written into the deck and its chart workbooks: the same for every render.
DOCUMENT_TIME = datetime(2000, 1, 1)


class SlideTextError(JusolibError):
    """A table row does not fit its slide, or a cell its row (a guard on layouts computed to fit)."""


#: Ends a text cut to fit its box (:func:`shorten_to_fit`).
ELLIPSIS = "…"


# -- measuring text --------------------------------------------------------------------------------------------
def char_em(char: str) -> float:
    """Width of one character in em: 1 for full-width (and East-Asian ambiguous) characters, else 0.6.

    Parameters
    ----------
    char
        One character.

    Returns
    -------
    float
        1.0 for East Asian Width F, W or A; :data:`HALF_WIDTH_EM` otherwise.

    Examples
    --------
    >>> char_em("年"), char_em("（"), char_em("※"), char_em("6"), char_em("n")
    (1.0, 1.0, 1.0, 0.6, 0.6)
    """
    return 1.0 if unicodedata.east_asian_width(char) in ("F", "W", "A") else HALF_WIDTH_EM


def text_width(text: str, size: float) -> float:
    """Estimated width in points of ``text`` on one line at ``size`` points.

    Parameters
    ----------
    text
        The text, on one line.
    size
        The font size, in points.

    Returns
    -------
    float
        The sum of the characters' widths (:func:`char_em`) times ``size`` (see the module's example).
    """
    return sum(char_em(c) for c in text) * size


def wrap_lines(text: str, *, width: float, size: float) -> list[str]:
    """``text`` broken into lines no wider than ``width`` points (greedy, at any character; ``\\n`` kept).

    Japanese breaks between any two characters, so breaking by character is what PowerPoint does for it;
    Latin words break only at spaces in PowerPoint, which this estimate ignores (Latin is rare on the slides).

    Parameters
    ----------
    text
        The text; each ``\\n`` starts a new line.
    width
        The room for one line, in points.
    size
        The font size, in points.

    Returns
    -------
    list of str
        The lines; a line holds at least one character, even one wider than ``width``.

    Examples
    --------
    >>> wrap_lines("あいうえお\\nかき", width=30, size=10)
    ['あいう', 'えお', 'かき']
    """
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line, used = "", 0.0
        for char in paragraph:
            w = char_em(char) * size
            if line and used + w > width:
                lines.append(line)
                line, used = "", 0.0
            line += char
            used += w
        lines.append(line)
    return lines


def phrase_lines(text: str, *, width: float, size: float) -> list[str]:
    """``text`` broken into lines no wider than ``width`` points *between phrases* (BudouX's, never inside a word
    :func:`jusolib.core.typography.phrases` keeps whole); a phrase wider than a line is broken by character.
    Line breaks are kept. Titles are written with these breaks, so that a title never reads 「有意でな／い」.

    Parameters
    ----------
    text
        The text.
    width
        The room for one line, in points.
    size
        The font size, in points.

    Returns
    -------
    list of str
        The lines.

    Examples
    --------
    >>> phrase_lines("人口規模による違いは、5項目のいずれもはっきりしない", width=420, size=24)
    ['人口規模による違いは、5項目の', 'いずれもはっきりしない']
    >>> wrap_lines("人口規模による違いは、5項目のいずれもはっきりしない", width=420, size=24)  # by character
    ['人口規模による違いは、5項目のいず', 'れもはっきりしない']
    """
    from jusolib.core.typography import phrases

    lines: list[str] = []
    for paragraph in text.split("\n"):
        line, used = "", 0.0
        for phrase in phrases(paragraph) if paragraph else ("",):
            w = text_width(phrase, size)
            if line and used + w > width:
                lines.append(line)
                line, used = "", 0.0
            if w > width:  # a phrase wider than a line: by character
                for part in wrap_lines(phrase, width=width, size=size):
                    if line:
                        lines.append(line)
                    line, used = part, text_width(part, size)
                continue
            line += phrase
            used += w
        lines.append(line)
    return lines


def text_height(text: str, *, width: float, size: float) -> float:
    """Height in points of ``text`` wrapped into ``width`` at ``size``.

    Parameters
    ----------
    text
        The text.
    width
        The room for one line, in points.
    size
        The font size, in points.

    Returns
    -------
    float
        The number of lines of :func:`wrap_lines` × ``size`` × :data:`LINE_SPACING`.

    Examples
    --------
    >>> text_height("地域住民の参加を促す活動を行う者", width=60, size=10)  # 3 lines of 13 pt
    39.0
    """
    return len(wrap_lines(text, width=width, size=size)) * size * LINE_SPACING


def fits(text: str, *, width: float, height: float, size: float, max_lines: int | None = None) -> bool:
    """Whether ``text`` at ``size`` points, wrapped into ``width``, fits ``height`` (all in points).

    Parameters
    ----------
    text
        The text.
    width, height
        The room, in points (a box's :meth:`Box.inner_points`).
    size
        The font size, in points.
    max_lines
        The most lines the text may take; ``None`` for as many as the height holds.

    Returns
    -------
    bool
        Whether the lines of :func:`wrap_lines`, each ``size`` × :data:`LINE_SPACING` high, fit (and are no more
        than ``max_lines``).

    Examples
    --------
    >>> fits("いずれの項目も実施自治体の半数以上に成果・進捗", width=600, height=40, size=24)
    True
    >>> fits("いずれの項目も実施自治体の半数以上に成果・進捗", width=300, height=40, size=24)
    False
    """
    lines = wrap_lines(text, width=width, size=size)
    if max_lines is not None and len(lines) > max_lines:
        return False
    return len(lines) * size * LINE_SPACING <= height + 1e-6


def fits_phrases(text: str, *, width: float, height: float, size: float) -> bool:
    """Like :func:`fits`, with the text broken between phrases (:func:`phrase_lines`), as titles are written.

    Parameters
    ----------
    text
        The text.
    width, height
        The room, in points.
    size
        The font size, in points.

    Returns
    -------
    bool

    Examples
    --------
    >>> fits_phrases("人口規模による違いは、5項目のいずれもはっきりしない", width=420, height=70, size=24)
    True
    >>> fits_phrases("人口規模による違いは、5項目のいずれもはっきりしない", width=300, height=70, size=24)  # 3 lines
    False
    """
    return len(phrase_lines(text, width=width, size=size)) * size * LINE_SPACING <= height + 1e-6


def fitting_size(text: str, *, width: float, height: float, sizes: Sequence[float]) -> float | None:
    """The first of ``sizes`` (largest first) at which ``text`` fits, or ``None``.

    Parameters
    ----------
    text
        The text.
    width, height
        The room, in points.
    sizes
        Font sizes to try, largest first.

    Returns
    -------
    float or None
        The first size at which :func:`fits`; ``None`` when the text fits at none.

    Examples
    --------
    >>> fitting_size("あ" * 30, width=200, height=40, sizes=(24, 18, 14, 12))  # at 12: 16 a line, 2 lines
    12
    """
    for size in sizes:
        if fits(text, width=width, height=height, size=size):
            return size
    return None


def shorten_to_fit(paragraphs: Sequence[str], *, width: float, height: float, size: float) -> list[str]:
    """The paragraphs, shortened by rule until they fit ``width`` × ``height`` points at ``size``.

    The rule: paragraphs are kept whole from the first while they fit; the first one that does not is cut to
    the longest beginning that fits with 「…」 after it, and the paragraphs after it are left out. A text
    that fits is returned as it is.

    Parameters
    ----------
    paragraphs
        The text's paragraphs.
    width, height
        The room for the text, in points (the box less its margins).
    size
        The font size, in points.

    Returns
    -------
    list of str
        The paragraphs that fit, the last one cut and ending in 「…」 when the text was shortened.

    Examples
    --------
    >>> shorten_to_fit(["あいうえおかきくけこ"], width=50, height=14, size=10)  # one line of 5 characters
    ['あいうえ…']
    >>> shorten_to_fit(["あいう", "えおかきくけこさしす"], width=50, height=28, size=10)  # two lines
    ['あいう', 'えおかき…']
    >>> shorten_to_fit(["あいう"], width=50, height=14, size=10)
    ['あいう']
    """
    paragraphs = list(paragraphs)
    if fits("\n".join(paragraphs), width=width, height=height, size=size):
        return paragraphs
    kept: list[str] = []
    for paragraph in paragraphs:
        if fits("\n".join([*kept, paragraph]), width=width, height=height, size=size):
            kept.append(paragraph)
            continue
        low, high = 0, len(paragraph)  # the longest beginning that fits with the ellipsis: binary search
        while low < high:
            middle = (low + high + 1) // 2
            candidate = paragraph[:middle].rstrip() + ELLIPSIS
            if fits("\n".join([*kept, candidate]), width=width, height=height, size=size):
                low = middle
            else:
                high = middle - 1
        if low or not kept:
            kept.append(paragraph[:low].rstrip() + ELLIPSIS)
        break
    return kept


# -- geometry ---------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Box:
    """A rectangle on the slide in inches (left, top, width, height)."""

    left: float
    top: float
    width: float
    height: float

    @property
    def right(self) -> float:
        return self.left + self.width

    @property
    def bottom(self) -> float:
        return self.top + self.height

    def emu(self) -> tuple[int, int, int, int]:
        """The box in EMU, as python-pptx places shapes.

        Returns
        -------
        tuple of int
            Left, top, width and height, each rounded to a whole EMU (914,400 to the inch).

        Examples
        --------
        >>> Box(0.5, 1, 2, 0.25).emu()
        (457200, 914400, 1828800, 228600)
        """
        return tuple(round(v * EMU_PER_INCH) for v in (self.left, self.top, self.width, self.height))  # type: ignore[return-value]

    def inner_points(self) -> tuple[float, float]:
        """Width and height in points available to text (less the box's margins).

        Returns
        -------
        tuple of float
            The width and the height in points, less :data:`BOX_MARGIN` on each side.

        Examples
        --------
        >>> Box(0, 0, 1, 0.5).inner_points()  # 72 − 7.2, 36 − 7.2
        (64.8, 28.8)
        """
        return self.width * 72 - 2 * BOX_MARGIN, self.height * 72 - 2 * BOX_MARGIN


# -- fonts ------------------------------------------------------------------------------------------------------
def _qn(tag: str) -> str:
    from pptx.oxml.ns import qn

    return qn(tag)


def set_japanese_font(properties: Any) -> None:
    """Name the Latin and East-Asian typeface on an ``a:rPr``/``a:defRPr`` element and tag it Japanese.

    Sets ``lang="ja-JP"`` and ``altLang="en-US"``, and replaces any ``a:latin``/``a:ea`` with ones naming
    :data:`JAPANESE_FONT`, placed where the schema wants them.

    Parameters
    ----------
    properties
        The run's or paragraph default's properties element (lxml), changed in place.
    """
    from lxml import etree

    properties.set("lang", "ja-JP")
    properties.set("altLang", "en-US")
    for tag in ("a:latin", "a:ea"):
        for old in properties.findall(_qn(tag)):
            properties.remove(old)
    latin = etree.SubElement(properties, _qn("a:latin"), typeface=JAPANESE_FONT)
    ea = etree.SubElement(properties, _qn("a:ea"), typeface=JAPANESE_FONT)
    # a:latin and a:ea come after the fill and before a:cs, a:sym, hyperlinks and extensions
    for tag in ("a:cs", "a:sym", "a:hlinkClick", "a:hlinkMouseOver", "a:rtl", "a:extLst"):
        following = properties.find(_qn(tag))
        if following is not None:
            following.addprevious(latin)
            following.addprevious(ea)
            break


def _font_element(tag: str, typeface: str) -> bytes:
    return (
        f'<a:{tag} typeface="{typeface}" panose="{_MEIRYO_PANOSE}" pitchFamily="50" charset="-128"/>'
    ).encode()


def japanese_theme(theme_xml: bytes) -> bytes:
    """The theme's font scheme with Meiryo as Latin and East-Asian typeface and Yu Gothic for Japanese script.

    Parameters
    ----------
    theme_xml
        The theme part's XML.

    Returns
    -------
    bytes
        The XML with every ``a:latin`` and ``a:ea`` naming Meiryo (with its PANOSE number and the Japanese
        character set) and the ``Jpan`` script font naming Yu Gothic; the rest unchanged.

    Examples
    --------
    >>> xml = b'<a:majorFont><a:latin typeface="Calibri"/><a:ea typeface=""/><a:font script="Jpan" typeface="x"/>'
    >>> import re
    >>> re.findall(r'(ea|latin|script="Jpan") typeface="([^"]*)"', japanese_theme(xml).decode())
    [('latin', 'Meiryo'), ('ea', 'Meiryo'), ('script="Jpan"', 'Yu Gothic')]
    """
    import re

    xml = re.sub(rb'<a:latin typeface="[^"]*"[^>]*/>', _font_element("latin", JAPANESE_FONT), theme_xml)
    xml = re.sub(rb'<a:ea typeface="[^"]*"[^>]*/>', _font_element("ea", JAPANESE_FONT), xml)
    return re.sub(
        rb'<a:font script="Jpan" typeface="[^"]*"/>',
        f'<a:font script="Jpan" typeface="{JAPANESE_SCRIPT_FONT}"/>'.encode(),
        xml,
    )


def new_presentation() -> Any:
    """An empty 16:9 presentation with the Japanese theme fonts and the master's placeholders widened to 16:9.

    Returns
    -------
    Presentation
        A python-pptx presentation of :data:`SLIDE_WIDTH` × :data:`SLIDE_HEIGHT` with no slide, its theme from
        :func:`japanese_theme`.

    Examples
    --------
    >>> deck = new_presentation()
    >>> deck.slide_width == SLIDE_WIDTH, len(deck.slides)
    (True, 0)
    """
    from pptx import Presentation
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT
    from pptx.util import Emu

    deck = Presentation()
    scale = SLIDE_WIDTH / deck.slide_width
    deck.slide_width, deck.slide_height = Emu(SLIDE_WIDTH), Emu(SLIDE_HEIGHT)
    master = deck.slide_master
    theme = master.part.part_related_by(RT.THEME)
    theme._blob = japanese_theme(theme.blob)
    for shapes in [master.placeholders, *(layout.placeholders for layout in deck.slide_layouts)]:
        for shape in shapes:
            if shape.left is not None and shape.width is not None:
                shape.left, shape.width = round(shape.left * scale), round(shape.width * scale)
    return deck


# -- text boxes -------------------------------------------------------------------------------------------------
def _rgb(colour: str) -> Any:
    from pptx.dml.color import RGBColor

    return RGBColor.from_string(colour.lstrip("#"))


def style_run(run: Any, *, size: float, bold: bool = False, colour: str = "#222222") -> None:
    """Size, weight, colour and the Japanese typefaces of one run.

    Parameters
    ----------
    run
        A python-pptx run, changed in place.
    size
        The font size, in points.
    bold
        Whether the run is bold.
    colour
        The text colour as ``"#rrggbb"``.
    """
    from pptx.util import Pt

    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.color.rgb = _rgb(colour)
    set_japanese_font(run._r.get_or_add_rPr())


def fill_text(
    frame: Any,
    paragraphs: Sequence[str],
    *,
    box: Box,
    sizes: Sequence[float],
    bold: bool = False,
    colour: str = "#222222",
    align: str = "left",
    anchor: str = "top",
    by_phrase: bool = False,
) -> float:
    """Write paragraphs into a text frame at the largest of ``sizes`` that fits ``box``; return that size.

    With ``by_phrase`` (titles), lines break between phrases (:func:`phrase_lines`): the fit is measured on those
    lines and they are written with explicit line breaks, so the measure and the slide agree.

    A text that does not fit even at the smallest size is written at that size, shortened by the rule of
    :func:`shorten_to_fit` — never an error.

    Parameters
    ----------
    frame
        The python-pptx text frame; its text is replaced, and it is set not to resize or shrink the text.
    paragraphs
        The text, one paragraph each.
    box
        The box the frame fills (inches): the room the text is measured against.
    sizes
        Font sizes to try, largest first.
    bold
        Whether the text is bold.
    colour
        The text colour as ``"#rrggbb"``.
    align
        ``"left"``, ``"center"`` or ``"right"``.
    anchor
        ``"top"`` or ``"middle"``: where the text sits in the box.
    by_phrase
        Whether lines break between phrases (:func:`phrase_lines`), as titles do, rather than at any character.

    Returns
    -------
    float
        The size written, in points.
    """
    from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
    from pptx.util import Pt

    text = "\n".join(paragraphs)
    width, height = box.inner_points()
    if by_phrase:
        size = next((z for z in sizes if fits_phrases(text, width=width, height=height, size=z)), None)
    else:
        size = fitting_size(text, width=width, height=height, sizes=sizes)
    if size is None:
        size = min(sizes)
        paragraphs = shorten_to_fit(paragraphs, width=width, height=height, size=size)
    frame.word_wrap = True
    frame.auto_size = MSO_AUTO_SIZE.NONE
    frame.vertical_anchor = {"top": MSO_ANCHOR.TOP, "middle": MSO_ANCHOR.MIDDLE}[anchor]
    for side in ("margin_left", "margin_right", "margin_top", "margin_bottom"):
        setattr(frame, side, Pt(BOX_MARGIN))
    frame.clear()
    for k, line in enumerate(paragraphs):
        paragraph = frame.paragraphs[0] if k == 0 else frame.add_paragraph()
        paragraph.alignment = {"left": PP_ALIGN.LEFT, "center": PP_ALIGN.CENTER, "right": PP_ALIGN.RIGHT}[
            align
        ]
        paragraph.line_spacing = 1.0
        pieces = phrase_lines(line, width=width, size=size) if by_phrase else [line]
        for number, piece in enumerate(pieces):
            if number:
                paragraph.add_line_break()
            run = paragraph.add_run()
            run.text = piece
            style_run(run, size=size, bold=bold, colour=colour)
    return size


def add_text(
    slide: Any,
    paragraphs: Sequence[str] | str,
    box: Box,
    *,
    sizes: Sequence[float],
    name: str | None = None,
    bold: bool = False,
    colour: str = "#222222",
    align: str = "left",
    anchor: str = "top",
    fill: str | None = None,
    line: str | None = None,
    rounded: bool = False,
) -> Any:
    """A text box (or, with ``fill``/``line``, a shape with text) whose text fits at one of ``sizes``.

    Parameters
    ----------
    slide
        The slide the box is added to.
    paragraphs
        The text, one paragraph each (a string is one paragraph).
    box
        Where the box goes (inches).
    sizes
        Font sizes to try, largest first (:func:`fill_text`).
    name
        The shape's name (tests and staff find boxes by it: 「注」, 「副題」 …); ``None`` keeps python-pptx's.
    bold, colour, align, anchor
        As for :func:`fill_text`.
    fill
        The shape's fill colour; ``None`` for none.
    line
        The shape's outline colour (a thin line); ``None`` for none.
    rounded
        Whether a shape with ``fill`` or ``line`` has rounded corners.

    Returns
    -------
    Shape
        The python-pptx text box or shape.
    """
    from pptx.enum.shapes import MSO_SHAPE

    if isinstance(paragraphs, str):
        paragraphs = [paragraphs]
    if fill or line:
        kind = MSO_SHAPE.ROUNDED_RECTANGLE if rounded else MSO_SHAPE.RECTANGLE
        shape = slide.shapes.add_shape(kind, *box.emu())
        shape.shadow.inherit = False
        if fill:
            shape.fill.solid()
            shape.fill.fore_color.rgb = _rgb(fill)
        else:
            shape.fill.background()
        if line:
            shape.line.color.rgb = _rgb(line)
            shape.line.width = 9525
        else:
            shape.line.fill.background()
    else:
        shape = slide.shapes.add_textbox(*box.emu())
    if name:
        shape.name = name
    fill_text(
        shape.text_frame,
        paragraphs,
        box=box,
        sizes=sizes,
        bold=bold,
        colour=colour,
        align=align,
        anchor=anchor,
    )
    return shape


def add_line(slide: Any, start: tuple[float, float], end: tuple[float, float], colour: str) -> Any:
    """A thin straight connector between two points (inches).

    Parameters
    ----------
    slide
        The slide the line is added to.
    start, end
        The two ends as (left, top) in inches.
    colour
        The line's colour as ``"#rrggbb"`` (0.75 point wide, no shadow).

    Returns
    -------
    Connector
        The python-pptx connector.
    """
    from pptx.enum.shapes import MSO_CONNECTOR

    x1, y1, x2, y2 = (round(v * EMU_PER_INCH) for v in (*start, *end))
    connector = slide.shapes.add_connector(MSO_CONNECTOR.STRAIGHT, x1, y1, x2, y2)
    connector.line.color.rgb = _rgb(colour)
    connector.line.width = 9525
    connector.shadow.inherit = False
    return connector


# -- charts -----------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class PlotArea:
    """The plot area inside a chart, as fractions of the chart frame (PowerPoint's manual *inner* layout)."""

    x: float
    y: float
    w: float
    h: float


def category_label_size(
    labels: Sequence[str], *, width: float, slot: float, sizes: Sequence[float]
) -> float | None:
    """The first of ``sizes`` at which every category label fits ``width`` points within a ``slot`` of height.

    Parameters
    ----------
    labels
        The chart's category labels.
    width
        The room for a label's lines, in points.
    slot
        The height each category has, in points.
    sizes
        Font sizes to try, largest first.

    Returns
    -------
    float or None
        The first size at which every label :func:`fits`; ``None`` when there is none.

    Examples
    --------
    >>> category_label_size(["地域住民の参加を促す活動を行う者（n=23）"], width=100, slot=30, sizes=(11, 10, 9))
    9
    """
    for size in sizes:
        if all(fits(label, width=width, height=slot, size=size) for label in labels):
            return size
    return None


def _manual_layout(plot_area: Any, area: PlotArea) -> None:
    from lxml import etree

    layout = plot_area.find(_qn("c:layout"))
    if layout is None:
        layout = etree.Element(_qn("c:layout"))
        plot_area.insert(0, layout)
    for child in list(layout):
        layout.remove(child)
    manual = etree.SubElement(layout, _qn("c:manualLayout"))
    etree.SubElement(manual, _qn("c:layoutTarget"), val="inner")
    etree.SubElement(manual, _qn("c:xMode"), val="edge")
    etree.SubElement(manual, _qn("c:yMode"), val="edge")
    for key in ("x", "y", "w", "h"):
        etree.SubElement(manual, _qn(f"c:{key}"), val=f"{getattr(area, key):.4f}")


def _hide_point_labels(series: Any, indices: Sequence[int]) -> None:
    """Delete the data labels of some points of a series (slivers too thin to hold one)."""
    from lxml import etree

    labels = series._element.get_or_add_dLbls()
    for idx in sorted(indices, reverse=True):
        label = etree.Element(_qn("c:dLbl"))
        etree.SubElement(label, _qn("c:idx"), val=str(idx))
        etree.SubElement(label, _qn("c:delete"), val="1")
        labels.insert(0, label)


def _chart_font(chart: Any, size: float) -> None:
    from pptx.util import Pt

    chart.font.size = Pt(size)
    set_japanese_font(chart._chartSpace.get_or_add_txPr().p_lst[0].get_or_add_pPr().get_or_add_defRPr())


def _axis_font(axis: Any, size: float) -> None:
    from pptx.util import Pt

    axis.tick_labels.font.size = Pt(size)
    set_japanese_font(axis._element.get_or_add_txPr().p_lst[0].get_or_add_pPr().get_or_add_defRPr())


def inert_chart_data(number_format: str) -> Any:
    """Category chart data whose embedded workbook stores every text as text (never a formula or a link).

    python-pptx writes the categories and series names with XlsxWriter's ``write``, which makes a formula of a
    string beginning with 「=」 and a link of one beginning with ``http://``; the workbook here is opened with
    ``strings_to_formulas`` and ``strings_to_urls`` off, so that no text on a slide can run in 「データの編集」.

    Parameters
    ----------
    number_format
        The number format of the values in the embedded workbook (``"0.0"``, ``"0"``).

    Returns
    -------
    CategoryChartData
        Empty chart data (a subclass of python-pptx's) to add categories and series to.
    """
    from pptx.chart.data import CategoryChartData
    from pptx.chart.xlsx import CategoryWorkbookWriter

    class InertWorkbookWriter(CategoryWorkbookWriter):
        @contextlib.contextmanager
        def _open_worksheet(self, xlsx_file: Any) -> Any:
            from xlsxwriter import Workbook

            options = {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
            workbook = Workbook(xlsx_file, options)
            worksheet = workbook.add_worksheet()
            yield workbook, worksheet
            workbook.close()

    class InertChartData(CategoryChartData):
        @property
        def _workbook_writer(self) -> Any:
            return InertWorkbookWriter(self)

    return InertChartData(number_format=number_format)


@dataclass
class BarSpec:
    """What a bar chart shows: categories (labels with n), series (name → values), colours, formats."""

    categories: list[str]
    series: dict[str, list[float | None]]
    colours: list[str]
    kind: str = "stacked"  # "stacked" (100% stacked bars), "clustered" (bars), "columns"
    number_format: str = "0.0"
    label_colours: list[str] | None = None
    hide_labels_below: float | None = None
    value_max: float | None = None
    legend: bool = True


def add_bar_chart(
    slide: Any,
    spec: BarSpec,
    box: Box,
    *,
    area: PlotArea,
    label_size: float,
    data_label_size: float = 12,
    name: str,
    description: str,
    point_labels: dict[tuple[int, int], str] | None = None,
    half_line: bool = False,
) -> Any:
    """A native, editable chart with its data embedded (「データの編集」 opens it) at ``box``.

    Data labels are ``data_label_size`` points (12: readable when projected); ``point_labels`` replaces the
    label of a point (series index, category index) with a text, e.g. a share with its count 「82.6（19）」. A
    clustered chart's legend is drawn under the chart as shapes, in the order of the bars from the top (the
    chart's own legend lists a horizontal bar chart's series the other way round). ``half_line`` (100% stacked
    bars): a dark dashed line at half (50%), as the report draws it: the value axis's gridline, seen through bars
    drawn see-through (:func:`_half_gridline`); the value axis is labelled at 0, 50% and 100% only, so
    「50%」 is said once.

    Categories are listed top first (columns left to right); data labels in ``spec.number_format``, those of
    missing values and of values under ``spec.hide_labels_below`` hidden; the value axis from 0 (to 100% for
    stacked bars, to ``spec.value_max`` if given).

    Parameters
    ----------
    slide
        The slide the chart is added to.
    spec
        What the chart shows (:class:`BarSpec`).
    box
        The chart's frame (inches).
    area
        The plot area inside the frame (:class:`PlotArea`), so that the bars' positions are known
        (:func:`bar_centre`).
    label_size
        The size of the category labels, in points (the chart's own legend as large, at least 12).
    data_label_size
        The size of the data labels, in points.
    name
        The chart's name: the workbook sheet whose numbers it holds.
    description
        The chart's alternative text (``descr``).
    point_labels
        (series index, category index) → the text of that point's data label; ``None`` for none.
    half_line
        Whether a 100% stacked chart gets the line at 50%, seen through its bars (:func:`_half_gridline`).

    Returns
    -------
    GraphicFrame
        The python-pptx frame holding the chart.
    """
    from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION, XL_LEGEND_POSITION
    from pptx.util import Pt

    data = inert_chart_data(spec.number_format)
    data.categories = spec.categories
    for series_name, values in spec.series.items():
        data.add_series(series_name, values)
    kind = {
        "stacked": XL_CHART_TYPE.BAR_STACKED_100,
        "clustered": XL_CHART_TYPE.BAR_CLUSTERED,
        "columns": XL_CHART_TYPE.COLUMN_CLUSTERED,
    }[spec.kind]
    frame = slide.shapes.add_chart(kind, *box.emu(), data)
    frame.name = name
    frame._element.nvGraphicFramePr.cNvPr.set("descr", description)
    chart = frame.chart
    chart.has_title = False  # the slide's title carries the message
    _chart_font(chart, label_size)
    _manual_layout(chart._chartSpace.chart.plotArea, area)
    plot = chart.plots[0]
    plot.gap_width = 40 if spec.kind == "stacked" else 60
    if spec.kind == "stacked":
        plot.overlap = 100
    categories, values = chart.category_axis, chart.value_axis
    _axis_font(categories, label_size)
    _axis_font(values, 12)
    categories.format.line.color.rgb = _rgb("#888888")
    categories.has_major_gridlines = False
    values.has_major_gridlines = True
    values.major_gridlines.format.line.color.rgb = _rgb("#d9d9d9")
    values.format.line.fill.background()
    values.minimum_scale = 0
    if spec.kind == "stacked":
        values.maximum_scale = 1.0
        values.tick_labels.number_format = "0%"
        values.tick_labels.number_format_is_linked = False
        if half_line:  # ticks at 0, 50% and 100% (「50%」 said once, on the axis) and the line at 50%
            values.major_unit = 0.5
            _half_gridline(values)
    elif spec.value_max is not None:
        values.maximum_scale = spec.value_max
    if spec.kind != "columns":
        categories.reverse_order = True  # first item at the top, as in the report
    label_colours = spec.label_colours or ["#222222"] * len(spec.series)
    for series, colour, text_colour, series_values in zip(
        plot.series, spec.colours, label_colours, spec.series.values(), strict=True
    ):
        series.format.fill.solid()
        series.format.fill.fore_color.rgb = _rgb(colour)
        if half_line and spec.kind == "stacked":
            _see_through(series, HALF_LINE_BAR_OPACITY)
        series.format.line.color.rgb = _rgb("#ffffff")
        series.invert_if_negative = False
        labels = series.data_labels
        labels.show_value = True
        labels.number_format = spec.number_format
        labels.number_format_is_linked = False
        labels.font.size = Pt(data_label_size)
        labels.font.color.rgb = _rgb(text_colour)
        labels.position = (
            XL_LABEL_POSITION.CENTER if spec.kind == "stacked" else XL_LABEL_POSITION.OUTSIDE_END
        )
        hidden = [
            k
            for k, v in enumerate(series_values)
            if v is None
            or (isinstance(v, float) and math.isnan(v))
            or (spec.hide_labels_below is not None and v < spec.hide_labels_below)
        ]
        if hidden:
            _hide_point_labels(series, hidden)
    for (series_index, point_index), text in (point_labels or {}).items():
        label = plot.series[series_index].points[point_index].data_label
        label.text_frame.text = text
        for paragraph in label.text_frame.paragraphs:
            for run in paragraph.runs:
                style_run(run, size=data_label_size, colour=label_colours[series_index])
        label.position = XL_LABEL_POSITION.CENTER if spec.kind == "stacked" else XL_LABEL_POSITION.OUTSIDE_END
    own_legend = spec.legend and spec.kind == "clustered"
    chart.has_legend = spec.legend and not own_legend
    if chart.has_legend:
        chart.legend.position = XL_LEGEND_POSITION.BOTTOM
        chart.legend.include_in_layout = False
        chart.legend.font.size = Pt(max(label_size, 12))
    if own_legend:
        add_legend(slide, list(spec.series), spec.colours, Box(box.left, box.bottom - 0.34, box.width, 0.34))
    return frame


#: The line at 50% of a 100% stacked chart: colour and width (EMU: 1.5 pt); the bars' opacity (their fill lets
#: the line show through them).
HALF_LINE_COLOUR, HALF_LINE_WIDTH, HALF_LINE_BAR_OPACITY = "#222222", 19050, 0.62


def _half_gridline(values: Any) -> None:
    """The report's reference line at half (50%) as the value axis's own gridline (major unit 0.5), dark, dashed.

    It is part of the chart, so every program puts it at 50% of the plot area as it lays the chart out (a line
    shape laid over the chart followed PowerPoint's layout only: LibreOffice placed the plot area otherwise and the
    line fell at 34–44%, issue 22's review). A gridline lies behind the bars: the bars are drawn see-through
    (:data:`HALF_LINE_BAR_OPACITY`), so the line shows across every bar.
    """
    from pptx.enum.dml import MSO_LINE_DASH_STYLE

    values.has_major_gridlines = True
    line = values.major_gridlines.format.line
    line.color.rgb = _rgb(HALF_LINE_COLOUR)
    line.width = HALF_LINE_WIDTH
    line.dash_style = MSO_LINE_DASH_STYLE.DASH


def _see_through(series: Any, opacity: float) -> None:
    """Give a series' solid fill an opacity (OOXML ``a:alpha``, in thousandths of a percent)."""
    from lxml import etree

    colour = series.format.fill._fill._solidFill.srgbClr  # the fill is solid and its colour set before
    for old in colour.findall(_qn("a:alpha")):
        colour.remove(old)
    etree.SubElement(colour, _qn("a:alpha"), val=str(round(opacity * 100000)))


#: Size (points) of the legend's text and side of its swatches (inches).
LEGEND_SIZE, SWATCH = 12, 0.16


def add_legend(slide: Any, names: Sequence[str], colours: Sequence[str], box: Box) -> None:
    """A legend as shapes, centred in ``box``: a swatch and the name of each series, in the given order.

    Parameters
    ----------
    slide
        The slide.
    names
        The series' names, in the order of the bars from the top.
    colours
        Their colours.
    box
        The row the legend is centred in (inches).
    """
    from pptx.enum.shapes import MSO_SHAPE

    widths = [SWATCH + 0.08 + text_width(n, LEGEND_SIZE) / 72 + 2 * BOX_MARGIN / 72 + 0.2 for n in names]
    left = box.left + max((box.width - sum(widths)) / 2, 0)
    for name, colour, width in zip(names, colours, widths, strict=True):
        swatch = slide.shapes.add_shape(
            MSO_SHAPE.RECTANGLE, *Box(left, box.top + (box.height - SWATCH) / 2, SWATCH, SWATCH).emu()
        )
        swatch.fill.solid()
        swatch.fill.fore_color.rgb = _rgb(colour)
        swatch.line.fill.background()
        swatch.shadow.inherit = False
        swatch.name = f"凡例_{name}"
        label = Box(left + SWATCH + 0.04, box.top, width - SWATCH - 0.04, box.height)
        add_text(slide, name, label, sizes=(LEGEND_SIZE,), anchor="middle", name=f"凡例_{name}")
        left += width


def bar_centre(box: Box, area: PlotArea, index: int, count: int) -> float:
    """Vertical centre (inches) of the ``index``-th category of a horizontal bar chart listed top first.

    Parameters
    ----------
    box
        The chart's frame (inches).
    area
        Its plot area (:class:`PlotArea`).
    index
        The category's position, from 0 at the top.
    count
        How many categories the chart has.

    Returns
    -------
    float
        Inches from the top of the slide, rounded to 6 decimals.

    Examples
    --------
    >>> bar_centre(Box(0, 1, 8, 4), PlotArea(0.3, 0.1, 0.6, 0.8), 0, 4)
    1.8
    """
    top = box.top + box.height * area.y
    return round(top + box.height * area.h * (index + 0.5) / count, 6)


# -- bytes ------------------------------------------------------------------------------------------------------
def presentation_bytes(deck: Any, *, title: str, subject: str, keywords: str = "") -> bytes:
    """The deck as bytes that depend only on its content (fixed document properties and zip times).

    Parameters
    ----------
    deck
        The python-pptx presentation; its core properties are set (author and last editor 「jusolib」, every
        time :data:`DOCUMENT_TIME`, language ja-JP).
    title, subject, keywords
        The document properties of those names.

    Returns
    -------
    bytes
        The ``.pptx`` file, its zip entries and the chart workbooks inside it rewritten with fixed times
        (:func:`jusolib.core.files.normalize_zip`).
    """
    from jusolib.core.files import normalize_zip

    properties = deck.core_properties
    properties.title = title
    properties.subject = subject
    properties.keywords = keywords
    properties.author = "jusolib"
    properties.last_modified_by = "jusolib"
    properties.revision = 1
    properties.created = DOCUMENT_TIME
    properties.modified = DOCUMENT_TIME
    properties.last_printed = DOCUMENT_TIME
    properties.language = "ja-JP"
    buffer = io.BytesIO()
    deck.save(buffer)
    return normalize_zip(buffer.getvalue(), document_time=DOCUMENT_TIME.strftime("%Y-%m-%dT%H:%M:%SZ"))
