"""自治体×社協 slides: the two answers of the same municipalities side by side, one section at a time.

Per section, a native clustered bar chart of the positive share of each respondent type on the same pairs
(the 「自治体 %」 and 「社協 %」 columns of the ``{section}_自治体社協_差`` sheet of ``tables.xlsx``, n = the pairs
compared, 無回答を含む組 left out), and beside each item its difference (社協 − 自治体, ポイント) with the
continuity-corrected Newcombe paired interval at the level Holm decides the item at (多重比較を補正), as the
sheet gives them — the interval on the same basis as the verdict in the title. The title is the tests in one
sentence (:func:`jusolib.outputs.slides.messages.paired_message`: 有意 only where the Holm-adjusted McNemar
mid-p < 0.05 and that interval excludes 0; a shorter form when it does not fit, the items then marked ＊ beside
their bars), the line under it the agreement
(:func:`jusolib.outputs.slides.messages.agreement_message`).

Why two bars and not a bar of the difference with error bars: python-pptx has no API for error bars, so they
would be raw chart XML that the tests here cannot check is drawn as meant in the staff's PowerPoint, and an
interval drawn as shapes would not follow when staff edit the numbers. Two bars per item are the chart staff
know from the year-over-year slides; 「データの編集」 opens exactly the two shares of the workbook, and the
difference with its interval is plain text beside its bar, written from the same sheet, which staff can retype.

No 自治体×社協 slides when the year has only one respondent type (:func:`jusolib.analysis.pairs.paired_available`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from jusolib.analysis.detectable import detectable_paired_sentence
from jusolib.analysis.pairs import paired_comparison, paired_difference
from jusolib.analysis.tables import HOLM_HIGH, HOLM_LOW
from jusolib.core.formatting import format_points, format_share
from jusolib.core.palette import CLASS_COLOURS
from jusolib.outputs.slides.deck import (
    BLUE,
    CONTENT_TOP,
    GREY,
    MARGIN,
    WIDTH,
    Deck,
    chart_area,
    chunks,
    fit_title,
    item_label,
    notes_box,
    part,
    values,
)
from jusolib.outputs.slides.messages import agreement_lead, agreement_message, paired_messages
from jusolib.outputs.slides.parts import BarSpec, Box, PlotArea, add_bar_chart, add_text, bar_centre

if TYPE_CHECKING:
    from jusolib.analysis.year_data import YearData

#: Width (inches) of the column beside the chart that states each difference with its interval, on one line at
#: :data:`DIFFERENCE_SIZE` (「+13.0ポイント（−19.7〜42.9）＊」: about 197 points).
DIFFERENCE_WIDTH = 3.0
#: Size (points) of the differences and their heading: data labels readable when projected (issue 22).
DIFFERENCE_SIZE = 12
#: Height (inches) of the heading over that column (two lines of 12 pt); the bars start below it.
HEADING_HEIGHT = 0.55
#: Height (inches) of the agreement sentence under the title: two lines (κ with its paradox check, AC2).
LEAD_HEIGHT = 0.62
#: Marks an item whose difference is significant after Holm's adjustment (test and interval agreeing).
SIGNIFICANT = "＊"
#: Marks an item where the test and the interval at the same level fall on different sides (not significant).
SPLIT = "†"


def difference_text(
    diff: float, low: float, high: float, *, significant: bool = False, split: bool = False
) -> str:
    """「-22.7ポイント（-43.7〜1.3）」: a difference with its interval, ＊ when significant, † when the test and
    the interval disagree.

    Parameters
    ----------
    diff
        The difference (second − first, 社協 − 自治体) in points.
    low, high
        Its interval's bounds in points, at the level the verdict uses (Holm).
    significant
        Whether the verdict is significant: the text ends with :data:`SIGNIFICANT` (＊).
    split
        Whether the test and the interval fall on different sides: :data:`SPLIT` (†), unless ``significant``.

    Returns
    -------
    str
        The difference signed in ポイント, one decimal half up, the bounds in brackets, then the mark.

    Examples
    --------
    >>> difference_text(-22.7, -43.7, 1.3)
    '-22.7ポイント（-43.7〜1.3）'
    >>> difference_text(30.4, 8.7, 49.0, significant=True)
    '+30.4ポイント（8.7〜49.0）＊'
    """
    mark = SIGNIFICANT if significant else SPLIT if split else ""
    return f"{format_points(diff)}（{format_share(low)}〜{format_share(high)}）{mark}"


def section_numbers(year: YearData, section: str) -> pd.DataFrame:
    """The paired comparison of a section's items with pairs, indexed by item label (numbers, not text).

    Parameters
    ----------
    year
        The year's data; it must have both respondent types (:func:`jusolib.analysis.pairs.paired_comparison`
        is not ``None``).
    section
        A section of the questionnaire by its key: ``"I"``, ``"II"``, ``"III"``.

    Returns
    -------
    DataFrame
        The rows of :func:`~jusolib.analysis.pairs.paired_comparison` for the section's items compared on at
        least one pair (``n_pairs`` > 0), indexed by the item's label (``項目``): ``diff_points``, ``verdict``,
        ``agreement``, the κ interval … as :func:`jusolib.outputs.slides.messages.paired_messages` and
        :func:`~jusolib.outputs.slides.messages.agreement_message` read them.
    """
    comparison = paired_comparison(year)
    assert comparison is not None
    rows = comparison[(comparison["section"] == section) & (comparison["n_pairs"] > 0)]
    labels = [year.codebook.item(i)["label"] for i in rows["item_id"]]
    return rows.set_index(pd.Index(labels, name="項目"))


def paired_slides(deck: Deck) -> None:
    """Per section, the two positive shares on the same pairs and their differences (nothing without pairs).

    One slide per section (more for a long one, :func:`~jusolib.outputs.slides.deck.chunks`): the title the
    tests in one sentence, the agreement sentence under it, the clustered chart named after the
    ``{section}_自治体社協_差`` sheet, the difference with its Holm-level interval beside each bar
    (:func:`difference_text`), and the notes. A section without a comparable pair has no slide.

    Parameters
    ----------
    deck
        The deck being built (:class:`~jusolib.outputs.slides.deck.Deck`); the slides are added to it.
    """
    from jusolib.stats.paired import respondent_pair

    year = deck.year
    if paired_comparison(year) is None:
        return
    first, second = (year.codebook.respondent_type_label(k) for k in respondent_pair(year.codebook))
    for section in year.sections():
        numbers = section_numbers(year, section)
        if numbers.empty:
            continue
        table = paired_difference(year, section)
        if table is None:  # both types answered, but this section has no comparable pair
            continue
        frame = table.frame
        forms = [f"{section} {f}" for f in paired_messages(numbers, first=first, second=second)]
        message = forms[0]
        lead = agreement_lead(numbers)  # plain words on the slide; κ and AC2 in the speaker notes
        significant = {str(i) for i, v in numbers["verdict"].items() if v == "significant"}
        split = {str(i) for i, v in numbers["verdict"].items() if v == "test and interval disagree"}
        notes = [table.notes[0]]
        # the tests' names and method, and the agreement statistics: in the speaker notes
        details = [f"{agreement_message(numbers)}。", table.notes[1], table.notes[3]]
        if significant:
            notes.append(
                f"{SIGNIFICANT}: 多重比較を補正して有意（Holm 補正後の p < 0.05、同じ水準の区間も0を含まない）。"
            )
        if split:
            notes.append(f"{SPLIT}: 検定と区間の計算方法の違いで判定が分かれた（有意とはしない）。")
        extra = detectable_paired_sentence(year, section)
        if extra:
            details.append(extra)
        parts = chunks(list(numbers.index))
        for k, chunk in enumerate(parts, start=1):
            slide = deck.slide(fit_title([part(f, k, len(parts)) for f in forms]))
            lead_box = Box(MARGIN, CONTENT_TOP - 0.08, WIDTH - 2 * MARGIN, LEAD_HEIGHT)
            add_text(slide, lead, lead_box, sizes=(14, 13, 12, 11), colour=GREY, name="一致")
            top = notes_box(slide, notes, details=details)
            box = Box(MARGIN, lead_box.bottom + 0.05, WIDTH - 2 * MARGIN - DIFFERENCE_WIDTH, 0)
            box = Box(box.left, box.top, box.width, top - box.top - 0.05)
            labels = [f"{item_label(year, i)}（n={int(frame.at[i, '比較した組'])}）" for i in chunk]
            # the bars start below the heading of the difference column: the labels are fitted to what is left
            below = Box(box.left, box.top + HEADING_HEIGHT, box.width, box.height - HEADING_HEIGHT)
            fitted, size, labels = chart_area(labels, below, legend=True)
            area = PlotArea(
                fitted.x,
                (HEADING_HEIGHT + fitted.y * below.height) / box.height,
                fitted.w,
                fitted.h * below.height / box.height,
            )
            columns = [f"{first} %", f"{second} %"]
            spec = BarSpec(
                labels,
                {c: values(frame.loc[chunk, c]) for c in columns},
                [BLUE, CLASS_COLOURS[0]],
                kind="clustered",
                value_max=100,
            )
            add_bar_chart(
                slide,
                spec,
                box,
                area=area,
                label_size=size,
                name=table.key if len(parts) == 1 else f"{table.key}_{k}",
                description=f"{table.title}。{message}",
            )
            column = Box(box.right + 0.1, box.top, DIFFERENCE_WIDTH - 0.1, HEADING_HEIGHT)
            add_text(
                slide,
                [f"差（{second} − {first}）", "と信頼区間（多重比較を補正）"],
                column,
                sizes=(DIFFERENCE_SIZE,),
                bold=True,
                colour=GREY,
                align="center",
                name="差の見出し",
            )
            slot = box.height * area.h / len(chunk)
            for index, item in enumerate(chunk):
                centre = bar_centre(box, area, index, len(chunk))
                height = min(slot, 0.4)
                add_text(
                    slide,
                    difference_text(
                        frame.at[item, "差（ポイント）"],
                        frame.at[item, HOLM_LOW],
                        frame.at[item, HOLM_HIGH],
                        significant=item in significant,
                        split=item in split,
                    ),
                    Box(column.left, centre - height / 2, column.width, height),
                    sizes=(DIFFERENCE_SIZE,),
                    align="center",
                    anchor="middle",
                    name=f"差_{index + 1}",
                )
