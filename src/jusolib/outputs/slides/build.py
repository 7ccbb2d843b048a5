"""The yearly results as an editable PowerPoint deck, in the shape of the published report.

:func:`write_slides` writes ``slides.pptx`` for a year's data (a :class:`~jusolib.report.YearReport`). Every chart is a native
PowerPoint chart whose data is embedded (「データの編集」 opens it in Excel) and is taken from the same
:class:`~jusolib.analysis.tables.ReportTable` the pages and ``tables.xlsx`` show, so the three cannot disagree; each
chart (and each table) is named after its workbook sheet. The deck follows the report:

1. title (survey, 令和N年度, 回答 n／n — and why, when more answered than the reference data lists),
   調査実施の概要, 実施自治体の推移, [参考] 地域福祉コーディネーター, a divider (:mod:`jusolib.outputs.slides.overview`);
2. per section (:mod:`jusolib.outputs.slides.sections`, :mod:`jusolib.outputs.slides.themes`): the distribution chart whose title
   is the key message computed from the data, with the 最も…／他と比べ… callouts and the section's notes
   (※1〜※3 for III); the share-by-size-class chart whose title states the tests in one sentence; the top
   themes of each item's free text with their counts and bases (a table; quotes redacted with the report); the
   co-occurrence network of the section's words (a picture; its numbers in the workbook); the analyst's
   「調査結果をふまえて」 for the section when the year's commentary has it
   (:func:`jusolib.outputs.slides.overview.commentary_slide`);
3. the year-over-year comparison when there is a previous year (:mod:`jusolib.outputs.slides.sections`);
4. 自治体×社協: per section the two positive shares on the same pairs with each difference and its paired
   interval, the tests and the agreement in one sentence each (:mod:`jusolib.outputs.slides.paired`; none when only one
   respondent type answered);
5. the analyst's overall 「調査結果をふまえて」 (when written), and a closing slide with the sources in a reader's
   words (what it takes to reproduce the report is on the year's index and in ``manifest.json``).

Every slide of survey numbers carries the 合成データ mark when the data is synthetic (the slides of public
figures do not: they are real in every year). The messages are computed, never typed in:
the rules are in :mod:`jusolib.outputs.slides.messages`. Layout shared by every slide: :mod:`jusolib.outputs.slides.deck`;
text that fits, charts and fixed bytes: :mod:`jusolib.outputs.slides.parts`; designed tables: :mod:`jusolib.outputs.slides.table`.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from jusolib.outputs.slides.deck import Deck
from jusolib.outputs.slides.messages import (
    agreement_message,
    approximate_ratio,
    callouts,
    change_message,
    difference_message,
    majority_message,
    paired_message,
    respondent_count,
)
from jusolib.outputs.slides.overview import (
    closing_slide,
    commentary_slide,
    coordinators_slide,
    divider_slide,
    implementation_slide,
    overview_slide,
    title_slide,
)
from jusolib.outputs.slides.paired import paired_slides
from jusolib.outputs.slides.parts import new_presentation, presentation_bytes
from jusolib.outputs.slides.sections import difference_slides, distribution_slide, year_over_year_slides
from jusolib.outputs.slides.themes import network_slide, theme_slides

if TYPE_CHECKING:
    from jusolib.analysis.year_data import YearData


def section_slides(deck: Deck, section: str) -> None:
    """A section: its distribution, its share by size class, then the themes of its free text and the network of
    its words.

    Parameters
    ----------
    deck
        The deck being built (:class:`~jusolib.outputs.slides.deck.Deck`); the slides are added to it.
    section
        A section of the questionnaire by its key: ``"I"``, ``"II"``, ``"III"``.
    """
    distribution_slide(deck, section)
    difference_slides(deck, section)
    theme_slides(deck, section)
    network_slide(deck, section)
    commentary_slide(deck, section)


def build_deck(year: YearData) -> Deck:
    """Every slide of the year's deck, in the report's order (see the module docstring).

    Parameters
    ----------
    year
        The year's data (:class:`~jusolib.analysis.year_data.YearData`, or the
        :class:`~jusolib.report.YearReport` made of it): its tables, codebook, respondent type and data status.

    Returns
    -------
    Deck
        The deck with every slide, its footer and, for synthetic data, the mark on each slide; pages numbered.
    """
    deck = Deck(year, presentation=new_presentation())
    deck.footer = f"{year.codebook.meta.get('survey', '')}　{year.label}　{year.respondent_label}の回答"
    deck.mark = year.data_status.mark
    title_slide(deck)
    overview_slide(deck)
    implementation_slide(deck)
    coordinators_slide(deck)
    divider_slide(deck)
    for section in year.sections():
        section_slides(deck, section)
    year_over_year_slides(deck)
    paired_slides(deck)
    commentary_slide(deck)
    closing_slide(deck)
    deck.number_pages()
    return deck


def slides_bytes(year: YearData) -> bytes:
    """The deck as bytes: the same inputs always give the same bytes.

    Parameters
    ----------
    year
        The year's data, as for :func:`build_deck`.

    Returns
    -------
    bytes
        The ``.pptx`` file, its document properties (title, subject, and 合成データ as a keyword for synthetic
        data) written from the year and no time of writing
        (:func:`~jusolib.outputs.slides.parts.presentation_bytes`).
    """
    deck = build_deck(year)
    return presentation_bytes(
        deck.presentation,
        title=f"{year.codebook.meta.get('survey', '')} {year.label}",
        subject=f"{year.respondent_label}の回答（{year.data_status_label}）",
        keywords=year.data_status.label if year.is_synthetic else "",
    )


def write_slides(year: YearData, path: Path) -> None:
    """Write the deck to ``path`` atomically.

    Parameters
    ----------
    year
        The year's data, as for :func:`build_deck`.
    path
        The file to write (``reports/FY2024/slides.pptx``); it is replaced only once the whole deck is written
        (:func:`~jusolib.core.files.write_bytes_atomic`).
    """
    from jusolib.core.files import write_bytes_atomic

    write_bytes_atomic(Path(path), slides_bytes(year))


__all__ = [
    "agreement_message",
    "approximate_ratio",
    "build_deck",
    "callouts",
    "change_message",
    "difference_message",
    "majority_message",
    "paired_message",
    "respondent_count",
    "slides_bytes",
    "write_slides",
]
