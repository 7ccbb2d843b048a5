"""The deck being built and the layout every slide shares: title, footer, synthetic mark, notes, chart room.

:mod:`jusolib.outputs.slides.build` assembles the deck from the slide modules (:mod:`jusolib.outputs.slides.overview`,
:mod:`jusolib.outputs.slides.sections`, :mod:`jusolib.outputs.slides.themes`, :mod:`jusolib.outputs.slides.paired`); they all draw on a
:class:`Deck` and on the helpers here, so that every slide has the same frame: the title (the key message) at
the top with a rule under it, the content area between :data:`CONTENT_TOP` and :data:`CONTENT_BOTTOM` inches,
notes at the foot of the content area, the footer and page number, and the 合成データ mark when the data is
synthetic.

Examples
--------
>>> chunks(list("abcdefghij"), 7)  # ten items: two slides of five rather than seven and three
[['a', 'b', 'c', 'd', 'e'], ['f', 'g', 'h', 'i', 'j']]
>>> part("I 成果", 2, 3), part("I 成果", 1, 1)
('I 成果（2／3）', 'I 成果')
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pandas as pd

from jusolib.analysis.section_tables import positive
from jusolib.core.palette import POSITIVE_COLOURS, SYNTHETIC_COLOUR
from jusolib.outputs.slides.parts import (
    Box,
    PlotArea,
    add_line,
    add_text,
    category_label_size,
    fill_text,
    fits_phrases,
    shorten_to_fit,
    text_height,
)

if TYPE_CHECKING:
    from jusolib.analysis.year_data import YearData

#: At most this many items on one year-over-year or 自治体×社協 slide (two bars per item, their 12-point data
#: labels readable; longer sections continue).
ITEMS_PER_SLIDE = 5
#: Data labels of 100% stacked bars narrower than this (percent) are hidden: a 12-point label would not fit.
HIDE_LABELS_BELOW = 8.0

WIDTH, HEIGHT, MARGIN = 13.333, 7.5, 0.45
MARK_BOX = Box(WIDTH - MARGIN - 4.7, 0.08, 4.7, 0.34)
TITLE_BOX = Box(MARGIN, 0.45, WIDTH - 2 * MARGIN, 0.9)
CONTENT_TOP, CONTENT_BOTTOM = 1.5, 6.98
FOOTER_BOX = Box(MARGIN, 7.06, 10.4, 0.32)
PAGE_BOX = Box(WIDTH - MARGIN - 1.4, 7.06, 1.4, 0.32)
TITLE_SIZES = (26, 24, 22, 20, 18)
BODY_SIZES = (16, 15, 14, 13, 12)
NOTE_SIZES = (10, 9, 8)  # the footer and the synthetic mark (page furniture, not notes)
#: Category labels (the items beside the bars): 12 points, readable when projected (issue 22); a chart with more
#: items than fit at 12 continues on another slide (:func:`fitting_chunks`).
LABEL_SIZES = (12,)
BLUE, GREY = POSITIVE_COLOURS[0], "#595959"
NEGATIVE_TEXT, GREY_BAR = "#b5541c", "#9e9e9e"
#: Notes under a chart: never smaller than 12 points (readable when projected). What does not fit there — the
#: tests' names and references, the method — goes in the slide's speaker notes.
NOTE_SIZE = 12


@dataclass
class Deck:
    """The presentation being built and what every slide repeats (footer, synthetic mark)."""

    year: YearData
    presentation: Any = None
    footer: str = ""
    mark: str | None = None
    slides: list[Any] = field(default_factory=list)

    def slide(self, title: str | Sequence[str], *, mark: bool = True) -> Any:
        """A new slide with its title (the key message, broken between phrases), the footer and, for synthetic
        data, the mark (``mark=False``: a slide of public figures, which are real in every year).

        ``title`` is the message, or its forms longest first: the first that fits is the title
        (:func:`fit_title`).

        Parameters
        ----------
        title
            The slide's title, or its forms longest first.
        mark
            Whether the slide carries the deck's 合成データ mark (when the deck has one); ``False`` for a slide of
            public figures.

        Returns
        -------
        Slide
            The new python-pptx slide (layout 「タイトルのみ」), also appended to :attr:`slides`.
        """
        layout = self.presentation.slide_layouts[5]  # タイトルのみ: the title stays a real title placeholder
        slide = self.presentation.slides.add_slide(layout)
        heading = slide.shapes.title
        heading.left, heading.top, heading.width, heading.height = TITLE_BOX.emu()
        text = fit_title(title)
        fill_text(
            heading.text_frame,
            [text],
            box=TITLE_BOX,
            sizes=TITLE_SIZES,
            bold=True,
            colour=BLUE,
            by_phrase=True,
        )
        add_line(slide, (MARGIN, TITLE_BOX.bottom + 0.02), (WIDTH - MARGIN, TITLE_BOX.bottom + 0.02), BLUE)
        add_text(slide, self.footer, FOOTER_BOX, sizes=NOTE_SIZES, colour=GREY, name="フッター")
        if self.mark and mark:
            add_text(
                slide,
                self.mark,
                MARK_BOX,
                sizes=NOTE_SIZES,
                bold=True,
                colour=SYNTHETIC_COLOUR,
                line=SYNTHETIC_COLOUR,
                fill="#ffffff",
                align="center",
                anchor="middle",
                name="合成データ",
            )
        self.slides.append(slide)
        return slide

    def number_pages(self) -> None:
        for k, slide in enumerate(self.slides, start=1):
            add_text(
                slide, f"{k}／{len(self.slides)}", PAGE_BOX, sizes=NOTE_SIZES, colour=GREY, align="right"
            )


def fit_title(forms: str | Sequence[str]) -> str:
    """The first of a title's forms (longest first) that fits the title box at one of :data:`TITLE_SIZES`, broken
    between phrases as the title is written (:func:`jusolib.outputs.slides.parts.fits_phrases`).

    When none does, the last (shortest) form is returned: :func:`jusolib.outputs.slides.parts.fill_text` then
    writes it at the smallest size, shortened by rule. A title is never an error.

    Parameters
    ----------
    forms
        The title, or its forms longest first (e.g. :func:`jusolib.outputs.slides.messages.paired_messages`).

    Returns
    -------
    str
        The form written on the slide.

    Examples
    --------
    >>> fit_title(["地域" * 60, "5項目中5項目で人口規模による違い（内訳は注）"])
    '5項目中5項目で人口規模による違い（内訳は注）'
    >>> fit_title("いずれの項目も実施自治体の半数以上に成果・進捗")
    'いずれの項目も実施自治体の半数以上に成果・進捗'
    """
    forms = [forms] if isinstance(forms, str) else list(forms)
    width, height = TITLE_BOX.inner_points()
    for text in forms:
        if any(fits_phrases(text, width=width, height=height, size=size) for size in TITLE_SIZES):
            return text
    return forms[-1]


def notes_box(
    slide: Any, notes: list[str], *, bottom: float = CONTENT_BOTTOM, details: list[str] | None = None
) -> float:
    """Notes under a chart, at the foot of the content area (:data:`NOTE_SIZE`); ``details`` (how the numbers
    were tested, with the tests' names) go in the slide's speaker notes. Returns the top of the box (inches).

    Parameters
    ----------
    slide
        The slide the notes are written on (a text box named 「注」, grey, :data:`NOTE_SIZE` points).
    notes
        The notes, one paragraph each; none adds no box.
    bottom
        Where the box ends (inches from the top; default :data:`CONTENT_BOTTOM`).
    details
        Paragraphs for the slide's speaker notes (:func:`speaker_notes`); ``None`` or empty for none.

    Returns
    -------
    float
        The top of the box (inches): the content above ends there; ``bottom`` when there are no notes.
    """
    if details:
        speaker_notes(slide, details)
    if not notes:
        return bottom
    height = notes_height(notes)
    box = Box(MARGIN, bottom - height, WIDTH - 2 * MARGIN, height)
    add_text(slide, notes, box, sizes=(NOTE_SIZE,), colour=GREY, name="注")
    return box.top


def speaker_notes(slide: Any, lines: list[str]) -> None:
    """Add ``lines`` to the slide's speaker notes (the 「ノート」 pane; printed with 「ノート」 layout).

    Parameters
    ----------
    slide
        The slide.
    lines
        Paragraphs to add, after any notes it has.
    """
    frame = slide.notes_slide.notes_text_frame
    existing = frame.text
    frame.text = "\n".join([*([existing] if existing else []), *lines])


def notes_height(notes: list[str]) -> float:
    """Height (inches) :func:`notes_box` gives these notes.

    Parameters
    ----------
    notes
        The notes, one paragraph each.

    Returns
    -------
    float
        Their height wrapped into the content width at :data:`NOTE_SIZE` points, plus 0.12 inches of margin.

    Examples
    --------
    >>> round(notes_height(["注"]), 4)  # one line of 12 pt × 1.3 = 15.6 pt: 0.2167 + 0.12 inches
    0.3367
    """
    width = (WIDTH - 2 * MARGIN) * 72 - 7.2
    return text_height("\n".join(notes), width=width, size=NOTE_SIZE) / 72 + 0.12


def chart_area(labels: list[str], box: Box, *, legend: bool) -> tuple[PlotArea, float, list[str]]:
    """Room for the category labels: the plot area, the label size at which every label fits, and the labels.

    The labels come back as given; only when one does not fit even with 45% of the chart's width at 12 pt is it
    shortened by the rule of :func:`jusolib.outputs.slides.parts.shorten_to_fit` (the full label stays in the
    chart's description and in the workbook).

    Parameters
    ----------
    labels
        The category labels, top first.
    box
        The chart's frame (inches).
    legend
        Whether the chart has a legend below the plot (the plot then takes 78% of the height rather than 88%).

    Returns
    -------
    tuple
        The :class:`~jusolib.outputs.slides.parts.PlotArea` (the labels get the first of 30%, 36%, 42% or 45% of
        the width at which they all fit, else 45% at the smallest size), the label size in points (one of
        :data:`LABEL_SIZES`), and the labels (shortened only in that last case).
    """
    top, height = 0.08, (0.78 if legend else 0.88)
    slot = box.height * 72 * height / max(len(labels), 1)
    for fraction in (0.3, 0.36, 0.42, 0.45):
        size = category_label_size(labels, width=box.width * 72 * fraction - 8, slot=slot, sizes=LABEL_SIZES)
        if size is not None:
            return PlotArea(fraction + 0.01, top, 0.96 - fraction - 0.01, height), size, labels
    fraction, size = 0.45, LABEL_SIZES[-1]
    width = box.width * 72 * fraction - 8
    shortened = [shorten_to_fit([label], width=width, height=slot, size=size)[0] for label in labels]
    return PlotArea(fraction + 0.01, top, 0.96 - fraction - 0.01, height), size, shortened


def values(column: pd.Series) -> list[float | None]:
    """A column as chart values: floats, a missing value as ``None`` (an empty cell, no bar).

    Parameters
    ----------
    column
        A column of numbers (shares, counts) of a report table.

    Returns
    -------
    list
        One float per row, ``None`` where the value is missing.

    Examples
    --------
    >>> values(pd.Series([82.6, None, 3]))
    [82.6, None, 3.0]
    """
    return [None if pd.isna(v) else float(v) for v in column]


def item_label(year: YearData, label: str) -> str:
    """An item label with its footnote mark (※1 …) in front, as in the report.

    Parameters
    ----------
    year
        The year's data: its codebook's items give the footnote marks.
    label
        An item's label as the report tables show it (「問3-1 …」).

    Returns
    -------
    str
        「※1 {label}」 for an item with a footnote in the codebook, else ``label`` as it is.
    """
    items = year.codebook.items
    marks = items.loc[items["label"] == label, "footnote"].dropna()
    return f"{marks.iloc[0]} {label}" if len(marks) else label


def wording(deck: Deck, section: str) -> dict[str, str]:
    """The codebook's words for a section's messages: subject, finding and the two callouts.

    Parameters
    ----------
    deck
        The deck being built (:class:`Deck`): its year's codebook gives the words.
    section
        A section of the questionnaire by its key: ``"I"``, ``"II"``, ``"III"``.

    Returns
    -------
    dict
        ``subject`` (the respondent type's ``subject``, else 「回答した{respondent type}」), ``finding`` (the
        section's ``finding``, else 「が「{positive answer}」」), ``highest`` and ``lowest`` (the section's
        callout words, else 最も高い, 他と比べ低い).
    """
    year = deck.year
    sections, types = year.codebook.sections, year.codebook.respondent_types

    def get(frame: pd.DataFrame, key: str, column: str, default: str) -> str:
        value = frame.at[key, column] if column in frame.columns else None
        return default if value is None or pd.isna(value) else str(value)

    positive_label = positive(deck.year, section).frame["肯定的回答"].iloc[0]
    return {
        "subject": get(types, year.respondent_key, "subject", f"回答した{year.respondent_label}"),
        "finding": get(sections, section, "finding", f"が「{positive_label}」"),
        "highest": get(sections, section, "callout_highest", "最も高い"),
        "lowest": get(sections, section, "callout_lowest", "他と比べ低い"),
    }


def labels_fit(labels: list[str], box: Box, *, legend: bool) -> bool:
    """Whether every category label fits beside its bar at :data:`LABEL_SIZES` in a chart at ``box`` (within
    45% of its width at most), so that :func:`chart_area` need not shorten any.

    Parameters
    ----------
    labels
        The category labels, top first.
    box
        The chart's frame (inches).
    legend
        Whether the chart has a legend below the plot.

    Returns
    -------
    bool
        ``True`` when :func:`chart_area` gives the labels back unchanged.

    Examples
    --------
    >>> label = "地域住民の参加を促す活動を行う者（n=23）"
    >>> labels_fit([label] * 5, Box(0, 0, 10, 4), legend=True), labels_fit([label] * 15, Box(0, 0, 10, 4), legend=True)
    (True, False)
    """
    height = 0.78 if legend else 0.88  # the plot area of chart_area
    slot = box.height * 72 * height / max(len(labels), 1)
    return (
        category_label_size(labels, width=box.width * 72 * 0.45 - 8, slot=slot, sizes=LABEL_SIZES) is not None
    )


def fitting_chunks(labels: list[str], box: Box, *, legend: bool) -> list[list[str]]:
    """The items of a chart over as few slides as their labels need to fit at :data:`LABEL_SIZES` (in parts of
    nearly equal length, :func:`chunks`); one item a slide when even that does not fit (its label is then
    shortened by :func:`chart_area`).

    Parameters
    ----------
    labels
        The category labels, top first (the items' labels as the chart shows them).
    box
        The chart's frame on each slide (inches).
    legend
        Whether the chart has a legend below the plot.

    Returns
    -------
    list of list of str
        The labels of each slide, in order.

    Examples
    --------
    >>> label = "地域住民の参加を促す活動を行う者（n=23）"
    >>> [len(c) for c in fitting_chunks([label] * 14, Box(0, 0, 10, 3), legend=True)]  # 12 pt of 15.6 a slot
    [7, 7]
    """
    for per_slide in range(len(labels), 0, -1):
        parts = chunks(labels, per_slide)
        if all(labels_fit(part, box, legend=legend) for part in parts):
            return parts
    return chunks(labels, 1)


def chunks(labels: list[str], per_slide: int = ITEMS_PER_SLIDE) -> list[list[str]]:
    """Items split over as few slides as needed, in parts of nearly equal length.

    Parameters
    ----------
    labels
        The items, in order (at least one).
    per_slide
        The most items on one slide (default :data:`ITEMS_PER_SLIDE`).

    Returns
    -------
    list of list of str
        The parts in order, as few as ``per_slide`` allows, all of one length but the last, which may be
        shorter (ten items at most seven a slide: five and five, see the module's example).
    """
    count = -(-len(labels) // per_slide)
    size = -(-len(labels) // count)
    return [labels[k : k + size] for k in range(0, len(labels), size)]


def part(title: str, k: int, parts: int) -> str:
    """A title continued over several slides: 「…（2／3）」.

    Parameters
    ----------
    title
        The title of every part.
    k
        The part's number, from 1.
    parts
        How many parts there are.

    Returns
    -------
    str
        ``title`` with 「（k／parts）」 after it; ``title`` alone when there is one part.
    """
    return title if parts == 1 else f"{title}（{k}／{parts}）"
