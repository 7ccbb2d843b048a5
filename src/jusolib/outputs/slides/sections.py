"""The slides of each section: the answer distribution with its key message and callouts, the positive share
by size class with the tests in one sentence, and the change since the previous year.

The messages are computed by :mod:`jusolib.outputs.slides.messages` (rules in its docstring); every chart is named after
the ``tables.xlsx`` sheet whose numbers it holds.
"""

from __future__ import annotations

import pandas as pd

from jusolib.analysis.detectable import detectable_paired_sentence, detectable_sentence
from jusolib.analysis.extremes import extremes
from jusolib.analysis.section_tables import (
    class_tests,
    distribution,
    positive,
    positive_by_class,
)
from jusolib.analysis.sections import answer_counts, item_groups
from jusolib.analysis.year_over_year import comparison, year_over_year
from jusolib.core.formatting import ALPHA, SMALL_BASE, SMALL_BASE_MARK, p_text
from jusolib.core.palette import CLASS_COLOURS, DARK_COLOURS, NEUTRAL_COLOUR, answer_colours
from jusolib.core.typography import phrases
from jusolib.outputs.slides.deck import (
    BLUE,
    CONTENT_BOTTOM,
    CONTENT_TOP,
    GREY,
    GREY_BAR,
    HIDE_LABELS_BELOW,
    MARGIN,
    NEGATIVE_TEXT,
    WIDTH,
    Deck,
    chart_area,
    chunks,
    fit_title,
    fitting_chunks,
    item_label,
    notes_box,
    notes_height,
    part,
    speaker_notes,
    values,
    wording,
)
from jusolib.outputs.slides.messages import (
    change_messages,
    change_note,
    difference_messages,
    majority_message,
    named_note,
    smallest_p_note,
)
from jusolib.outputs.slides.parts import (
    BarSpec,
    Box,
    PlotArea,
    add_bar_chart,
    add_line,
    add_text,
    bar_centre,
    fits,
)

#: What a callout says under its share: the next item's difference tested (its p in the speaker notes), or not.
CALLOUT_BACKED, CALLOUT_NOT_BACKED = (
    "次の項目との差も偶然では説明しにくい",
    "次の項目との差は偶然でも生じうる",
)

#: A segment of a stacked bar at least this wide (percent) shows its count after its share: 「82.6（19）」 at 12 pt
#: needs about 70 points, 18% of the 10-inch chart's plot area.
COUNT_LABEL_MIN = 18.0


#: Width (inches) of the column of group headings left of a distribution chart, and their sizes (points).
HEADING_WIDTH = 1.3
HEADING_SIZES = (12, 11, 10)


def group_headings(slide: object, groups: list[str], box: Box, area: PlotArea, column: Box) -> list[Box]:
    """The report's group headings (106条の3 第1号 …, the codebook's ``subsection``) beside the bars of their
    items: a heading per run of items of one group, centred on its bars, with a rule along them; items without
    a group get none. A heading too long for its room wraps at its spaces, then is shortened by the deck's rule.

    Parameters
    ----------
    slide
        The slide.
    groups
        The group of each bar, top first (empty: none).
    box, area
        The chart's frame and plot area (where the bars are).
    column
        The room left of the chart for the headings.

    Returns
    -------
    list of Box
        Where each heading was put, in order.

    Examples
    --------
    >>> from pptx import Presentation
    >>> slide = Presentation().slides.add_slide(Presentation().slide_layouts[6])
    >>> placed = group_headings(slide, ["第1号", "第1号", "第2号"], Box(1, 1, 8, 3), PlotArea(0.3, 0, 0.6, 1),
    ...                         Box(0, 1, 1, 3))
    >>> [(round(b.top, 2), round(b.height, 2)) for b in placed]  # bars 1 inch each: 1–3 and 3–4
    [(1.0, 2.0), (3.0, 1.0)]
    """
    count = len(groups)
    slot = box.height * area.h / max(count, 1)
    runs: list[tuple[str, int, int]] = []
    for index, group in enumerate(groups):
        if runs and runs[-1][0] == group:
            runs[-1] = (group, runs[-1][1], index)
        else:
            runs.append((group, index, index))
    placed = []
    for group, first, last in runs:
        if not group:
            continue
        top = bar_centre(box, area, first, count) - slot / 2
        bottom = bar_centre(box, area, last, count) + slot / 2
        room = Box(column.left, top, column.width - 0.1, bottom - top)
        width, height = room.inner_points()
        one_line = fits(group, width=width, height=height, size=HEADING_SIZES[-1], max_lines=1)
        # too long for one line: at its spaces (106条の3 第1号), or between phrases (交付金等の／課題), never
        # inside a word as a program's own wrapping would (「交付金等の課／題」 in LibreOffice)
        lines = group.split() if " " in group.strip() else list(phrases(group, shortest=0))
        add_text(
            slide,
            [group] if one_line else lines,
            room,
            sizes=HEADING_SIZES,
            bold=True,
            colour=BLUE,
            align="right",
            anchor="middle",
            name=f"見出し_{group}",
        )
        x = column.left + column.width - 0.05
        add_line(slide, (x, top + 0.04), (x, bottom - 0.04), BLUE)
        placed.append(room)
    return placed


def distribution_slide(deck: Deck, section: str) -> None:
    """The section's 100% stacked bars; title = the majority message; callouts on the items singled out.

    The chart (named after the section's distribution sheet, 無回答を含む) has one bar per item with its n, the
    answers coloured positive or not by the codebook's scales (no 無回答 series when nobody left an item blank),
    a segment of at least :data:`COUNT_LABEL_MIN` % labelled with its share and count 「82.6（19）」, and the
    value axis's one gridline dotted at 50%; the notes give the section, its codebook note and the table's ※
    notes. A callout box (「注目_…」, joined to its bars by lines) marks the items
    :func:`jusolib.analysis.extremes.extremes` calls highest or lowest, with the share, its count and whether
    the test against the next item backs it; none when fewer than
    :data:`~jusolib.core.formatting.SMALL_BASE` respondents answered, which a note says.

    Parameters
    ----------
    deck
        The deck being built (:class:`~jusolib.outputs.slides.deck.Deck`); the slide is added to it.
    section
        A section of the questionnaire by its key: ``"I"``, ``"II"``, ``"III"``.
    """
    year = deck.year
    table = distribution(deck.year, section, "all")
    shares = positive(deck.year, section).frame
    words = wording(deck, section)
    title = majority_message(
        shares["割合"],
        subject=words["subject"],
        finding=words["finding"],
        valid_shares=shares["割合（無回答を除く）"],
    )
    frame = table.frame
    answers = [c for c in frame.columns if c != "n"]
    no_answer = year.codebook.no_answer_label
    if no_answer in answers and not frame[no_answer].fillna(0).any():  # nobody left an item blank: no legend
        answers.remove(no_answer)
    scale_positive = sorted(
        {p for i in year.codebook.item_ids(section) for p in year.codebook.scale_of(i).positive}
    )
    colours = answer_colours(answers, scale_positive, year.codebook.no_answer_label)
    labels = [f"{item_label(year, i)}（n={int(n)}）" for i, n in frame["n"].items()]
    notes = [year.section_title(section) + f"（%、{year.respondent_label}、無回答を含む）"]
    section_note = year.codebook.sections.at[section, "note"]
    if isinstance(section_note, str) and section_note:
        notes.append(section_note if section_note.startswith("※") else f"※{section_note}")
    notes += [n for n in table.notes if n.startswith("※")]
    few = year.n_respondents < SMALL_BASE
    if few:
        notes.append(
            f"回答した{year.respondent_label}が{year.n_respondents}と少ない（{SMALL_BASE}未満、参考値）ため、"
            "最も高い・低い項目は示さない。"
        )
    top = CONTENT_BOTTOM - notes_height(notes)
    full_box = Box(MARGIN, CONTENT_TOP, 10.0, top - CONTENT_TOP - 0.05)
    groups = item_groups(year, section)
    chart_box = full_box
    if any(groups):  # the report's headings (from the codebook) in a column left of the chart
        chart_box = Box(
            full_box.left + HEADING_WIDTH, full_box.top, full_box.width - HEADING_WIDTH, full_box.height
        )
    # items whose labels would not fit beside their bars at 12 pt continue on the next slide (issue 22)
    parts = fitting_chunks(labels, chart_box, legend=True)
    counts = answer_counts(year, section)
    tested = extremes(year, section).set_index("side")
    first = 0
    for k, chunk in enumerate(parts, start=1):
        rows = list(range(first, first + len(chunk)))
        first += len(chunk)
        slide = deck.slide(part(title, k, len(parts)))
        notes_box(slide, notes)
        area, size, chunk_labels = chart_area(chunk, chart_box, legend=True)
        if chart_box is not full_box:
            headings = Box(full_box.left, full_box.top, HEADING_WIDTH, full_box.height)
            group_headings(slide, [groups[r] for r in rows], chart_box, area, headings)
        spec = BarSpec(
            categories=chunk_labels,
            series={a: values(frame[a].iloc[rows]) for a in answers},
            colours=colours,
            label_colours=["#ffffff" if c in DARK_COLOURS else "#222222" for c in colours],
            hide_labels_below=HIDE_LABELS_BELOW,
        )
        # 「82.6（19）」: the share with its count, as the report prints it, where the segment has room for both
        point_labels = {
            (si, j): f"{float(frame.iloc[r][a]):.1f}（{int(counts.iloc[r][a])}）"
            for si, a in enumerate(answers)
            for j, r in enumerate(rows)
            if pd.notna(frame.iloc[r][a]) and float(frame.iloc[r][a]) >= COUNT_LABEL_MIN
        }
        shown = shares.iloc[rows]
        add_bar_chart(
            slide,
            spec,
            chart_box,
            area=area,
            label_size=size,
            name=table.key if len(parts) == 1 else f"{table.key}_{k}",
            description=f"{table.title}。" + "、".join(f"{i} {v:.1f}%" for i, v in shown["割合"].items()),
            point_labels=point_labels,
            half_line=True,
        )
        if not few:
            callouts(slide, tested, shares, rows, chart_box, area, words)


def callouts(
    slide: object,
    tested: pd.DataFrame,
    shares: pd.DataFrame,
    rows: list[int],
    box: Box,
    area: PlotArea,
    words: dict[str, str],
) -> None:
    """Callout boxes (「注目_…」, joined to their bars by lines) for the items
    :func:`jusolib.analysis.extremes.extremes` calls highest or lowest, on the slide that shows their bars.

    Parameters
    ----------
    slide
        The slide of a distribution chart.
    tested
        :func:`~jusolib.analysis.extremes.extremes` indexed by ``side``.
    shares
        The section's positive shares (:func:`~jusolib.analysis.section_tables.positive`), one row per item.
    rows
        The positions (in ``shares``) of the items on this slide, top first.
    box, area
        The chart's frame and plot area.
    words
        The section's callout words (:func:`~jusolib.outputs.slides.deck.wording`).
    """
    plot_right = box.left + box.width * (area.x + area.w)
    column = Box(box.right + 0.2, 0, WIDTH - MARGIN - box.right - 0.2, 1.1)  # four lines of 12 pt
    placed_bottom = CONTENT_TOP
    for key in ("highest", "lowest"):
        if key not in tested.index or not bool(tested.at[key, "called"]):
            continue
        called_labels = [i for i in tested.at[key, "labels"] if list(shares.index).index(i) in rows]
        if not called_labels:  # the items called out are on another slide of the section
            continue
        positions = [rows.index(list(shares.index).index(i)) for i in called_labels]
        centres = [bar_centre(box, area, r, len(rows)) for r in positions]
        top_edge = max(sum(centres) / len(centres) - column.height / 2, placed_bottom + 0.05)
        callout = Box(column.left, top_edge, column.width, column.height)
        row = shares.loc[called_labels[0]]
        significant = bool(tested.at[key, "significant"])
        # plain words on the slide; the test and its p in the speaker notes (issue 22: no p on a projected slide,
        # and 「他と比べ低い」 beside 「検定による差ではない」 read as a contradiction)
        backing = CALLOUT_BACKED if significant else CALLOUT_NOT_BACKED
        speaker_notes(
            slide,
            [
                f"「{words[key]}」: 次の項目との差を同じ回答者どうしで検定（McNemar の mid-p 検定、Holm 補正後 "
                f"{p_text(float(tested.at[key, 'pvalue_holm']))}）。"
                + ("偶然の範囲を超える差。" if significant else "偶然の範囲を超えるとはいえない。")
            ],
        )
        add_text(
            slide,
            [words[key], f"{row['割合']:.1f}%（{int(row['件数'])}／{int(row['n'])}）", backing],
            callout,
            sizes=(13, 12),
            bold=True,
            colour=BLUE if key == "highest" else NEGATIVE_TEXT,
            line=BLUE if key == "highest" else NEGATIVE_TEXT,
            fill="#ffffff",
            rounded=True,
            align="center",
            anchor="middle",
            name=f"注目_{words[key]}",
        )
        for centre in centres:
            add_line(
                slide, (callout.left, callout.top + callout.height / 2), (plot_right + 0.03, centre), GREY
            )
        placed_bottom = callout.bottom


def difference_slides(deck: Deck, section: str) -> None:
    """Positive share by size class (全体 and each class, n in the legend); title = the tests in one sentence.

    A clustered bar chart per slide (at most :data:`~jusolib.outputs.slides.deck.ITEMS_PER_SLIDE` items; more
    continue on further slides, 「（k／n）」) of the shares on the base the tests use (無回答を除く), classes with
    no respondent left out and named without their 参考値 mark. The title is the first form of
    :func:`~jusolib.outputs.slides.messages.difference_messages` that fits; the notes give the base, the
    smallest class and that an unclear difference is not the absence of one, the items not tested and the
    significant items the title does not name; the speaker notes say which test was used (the trend test when
    every item's primary test is, else Fisher's), the Holm family, the smallest p and what could be detected.
    Where a class's n differs between items the legend gives no n and a note says so.

    Parameters
    ----------
    deck
        The deck being built (:class:`~jusolib.outputs.slides.deck.Deck`); the slides are added to it.
    section
        A section of the questionnaire by its key: ``"I"``, ``"II"``, ``"III"``.
    """
    year = deck.year
    table = positive_by_class(year, section)
    numbers = class_tests(year, section).set_index("item_id")
    adjusted = numbers["primary_p_holm"]
    adjusted.index = [year.codebook.item(i)["label"] for i in adjusted.index]
    ordered = bool(len(numbers)) and (numbers["primary_test"] == "trend").all()
    # the class labels without their 参考値 mark: on the base without 無回答 a class may be 参考値 for one item
    # and not for another, and the slide's series are the classes (its notes carry the 参考値 note)
    frame = table.frame.rename(index=lambda c: str(c).replace(f" ※{SMALL_BASE_MARK}", ""), level="区分")
    items = list(dict.fromkeys(frame.index.get_level_values("項目")))
    # classes with no respondent at all (無回答 left out) have no bar
    answered = frame["n"].groupby(level="区分", sort=False).max()
    classes = [c for c, n in answered.items() if n > 0]
    if not classes:  # every item of the section left blank by everyone: a sentence, not an empty chart
        slide = deck.slide(fit_title([f"{year.section_title(section)}: 規模による違いは示せない"]))
        notes_box(
            slide,
            [
                f"この設問群のどの項目にも、無回答以外の回答がない（{year.respondent_label} "
                f"{year.n_respondents}）。規模による違いは、回答があるときにだけ示せる。"
            ],
        )
        return
    forms = difference_messages(adjusted, scheme_label=year.classes.label)
    significant = [str(i) for i, p in adjusted.dropna().items() if p < ALPHA]
    untested = [str(i) for i, p in adjusted.items() if pd.isna(p)]
    test_words = (
        "区分の順に沿った傾向の検定（Cochran–Armitage の正確検定、肯定的回答か否か、無回答を除く）"
        if ordered
        else "Fisher の正確検定（肯定的回答か否か × 区分、無回答を除く）"
    )
    tested = numbers[numbers["primary_p"].notna()]  # the untested items' smallest class says nothing
    smallest = f"最も小さい区分の回答数は{int(tested['min_class_n'].min())}で、" if len(tested) else ""
    notes = [
        f"{year.section_title(section)} — 肯定的回答（{positive(deck.year, section).frame['肯定的回答'].iloc[0]}）"
        f"の割合（%、無回答を除く: 規模による違いを確かめたのと同じ基数）。{year.caption}",
        f"{smallest}回答が少なく、大きな差でなければ判別できない。違いがはっきりしないことは、違いがないことではない。",
    ]
    # how the numbers were tested, with the tests' names: in the speaker notes, not on the projected slide
    details = [
        f"検定: {test_words}、同じ設問群の{len(adjusted.dropna())}項目で Holm 補正。{smallest_p_note(adjusted)}",
        detectable_sentence(year, section),
    ]
    if untested:
        notes.append(
            named_note(untested, what="回答が2つ以上の区分になく検定できない項目（検定の数に含めない）")
        )
    if len(significant) > 2:  # every title form names at most two: the rest are listed here
        notes.append(named_note(significant, what="統計的に有意な項目"))
    notes += [n for n in table.notes if n.startswith("※")]
    parts = chunks(items)
    colours = [GREY_BAR, *(CLASS_COLOURS[k % len(CLASS_COLOURS)] for k in range(len(classes) - 1))]
    class_n = {c: {int(frame.loc[(i, c), "n"]) for i in items} for c in classes}
    same_n = all(len(v) == 1 for v in class_n.values())
    if not same_n:
        notes.append("区分ごとの n は項目によって異なる（tables.xlsx の規模別の表）。")
    for k, chunk in enumerate(parts, start=1):
        title = fit_title([part(f, k, len(parts)) for f in forms])
        if len(significant) <= 2 and title != part(forms[0], k, len(parts)) and significant:
            chunk_notes = [*notes, named_note(significant, what="統計的に有意な項目")]
        else:
            chunk_notes = notes
        slide = deck.slide(title)
        top = notes_box(slide, chunk_notes, details=details)
        box = Box(MARGIN, CONTENT_TOP, WIDTH - 2 * MARGIN, top - CONTENT_TOP - 0.05)
        labels = [item_label(year, i) for i in chunk]
        area, size, labels = chart_area(labels, box, legend=True)
        series = {
            (f"{c}（n={next(iter(class_n[c]))}）" if same_n else c): values(
                frame.loc[[(i, c) for i in chunk], "割合"]
            )
            for c in classes
        }
        spec = BarSpec(labels, series, colours, kind="clustered", value_max=100, legend=True)
        add_bar_chart(
            slide,
            spec,
            box,
            area=area,
            label_size=size,
            data_label_size=12,
            name=table.key if len(parts) == 1 else f"{table.key}_{k}",
            description=f"{table.title}。{forms[0]}",
        )


def year_over_year_slides(deck: Deck) -> None:
    """Positive share this year and last, per section (the group listed first in the comparison table).

    Nothing when the year has no previous year to compare with. Per section with compared items, clustered bars
    of the previous and this year's share (at most :data:`~jusolib.outputs.slides.deck.ITEMS_PER_SLIDE` items a
    slide), the title the first form of :func:`~jusolib.outputs.slides.messages.change_messages` that fits,
    counted over every compared item of the section (the Holm family), prefixed with the section's key. The n
    is in the legend when every item has the same, else after each label (「（n=前年度→今年度）」); a note lists
    the significant changes the title does not name; the method (the table's notes, what the panel could
    detect) goes in the speaker notes.

    Parameters
    ----------
    deck
        The deck being built (:class:`~jusolib.outputs.slides.deck.Deck`); the slides are added to it.
    """
    year = deck.year
    table, compared = year_over_year(year), comparison(year)
    if table is None or compared is None:
        return
    base = compared["base"].iloc[0]
    frame = table.frame
    group = frame.index.get_level_values("対象")[0]
    rows = frame.xs(group, level="対象")
    caption = table.notes[0]
    previous, current = (s.strip() for s in caption.split("→"))
    for section in year.sections():
        labels = [year.codebook.item(i)["label"] for i in year.codebook.item_ids(section)]
        chunk_all = [label for label in labels if label in rows.index]
        chunk_all = [label for label in chunk_all if pd.notna(rows.at[label, "差（ポイント）"])]
        if not chunk_all:
            continue
        section_rows = rows.loc[chunk_all]  # the Holm family: every compared item of the section
        forms = change_messages(section_rows)
        parts = chunks(chunk_all)
        panel = detectable_paired_sentence(year, section, panel=True)
        bases = section_rows[["前年度 n", "今年度 n"]].astype(int)
        same_n = len(bases.drop_duplicates()) == 1
        notes = [f"{year.section_title(section)} — 肯定的回答の割合（%、{base}）。{caption}。対象: {group}。"]
        details = [*table.notes[1:], *([panel] if panel else [])]  # the method: in the speaker notes
        if not same_n:
            notes.append("n は項目によって異なる: 項目名のあとに前年度→今年度の順で示す。")
        listed = change_note(section_rows)
        n_significant = int((section_rows["判定（補正後）"] == "有意").sum())
        for k, chunk in enumerate(parts, start=1):
            title = fit_title([part(f"{section} {f}", k, len(parts)) for f in forms])
            # the title names every significant item only in its longest form, and only up to two
            names_all = title == part(f"{section} {forms[0]}", k, len(parts)) and n_significant <= 2
            chunk_notes = [*notes, listed] if listed and not names_all else notes
            slide = deck.slide(title)
            top = notes_box(slide, chunk_notes, details=details)
            box = Box(MARGIN, CONTENT_TOP, WIDTH - 2 * MARGIN, top - CONTENT_TOP - 0.05)
            category_labels = [item_label(year, i) for i in chunk]
            if not same_n:
                category_labels = [
                    f"{label}（n={int(rows.at[i, '前年度 n'])}→{int(rows.at[i, '今年度 n'])}）"
                    for label, i in zip(category_labels, chunk, strict=True)
                ]
            area, size, category_labels = chart_area(category_labels, box, legend=True)
            first = rows.loc[chunk[0]]
            series: dict[str, list[float | None]] = {
                (f"{previous}（n={int(first['前年度 n'])}）" if same_n else previous): [
                    float(rows.at[i, "前年度 %"]) for i in chunk
                ],
                (f"{current}（n={int(first['今年度 n'])}）" if same_n else current): [
                    float(rows.at[i, "今年度 %"]) for i in chunk
                ],
            }
            spec = BarSpec(category_labels, series, [NEUTRAL_COLOUR, BLUE], kind="clustered", value_max=100)
            add_bar_chart(
                slide,
                spec,
                box,
                area=area,
                label_size=size,
                name=f"{table.key}_{section}" + ("" if len(parts) == 1 else f"_{k}"),
                description=f"{table.title}（{section}）。{forms[0]}",
            )
