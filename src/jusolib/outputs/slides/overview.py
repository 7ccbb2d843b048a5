"""The slides around the results: title, 調査実施の概要, 実施自治体の推移, 地域福祉コーディネーター, the
section divider, and the closing slide with the sources (in a reader's words: what it takes to reproduce the
report is on the year's index and in ``manifest.json``, not on a slide). The slides of public figures (実施自治体,
地域福祉コーディネーター) carry no 合成データ mark: they are real in every year.

Who answered is written by :func:`jusolib.outputs.slides.messages.respondent_count`: when the year's returns include
municipalities the reference data does not list as implementing (the FY2025 demonstration year: 30 returns, 26
municipalities named in the reference data), the title says 「自治体 30（実施地区の名簿にある 26／26、名簿に
ない区市 4）」 and the overview names them, instead of a bare 「30／26」.

Examples
--------
>>> from jusolib.analysis.year_data import YearData
>>> planned_counts(YearData.load(2025))
{'令和7年度': 30}
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from jusolib.analysis.overview import coordinators, implementation_counts
from jusolib.analysis.provenance import provenance
from jusolib.core.fiscal import fiscal_year_label
from jusolib.core.palette import CLASS_COLOURS, SYNTHETIC_COLOUR
from jusolib.outputs.slides.deck import (
    BLUE,
    BODY_SIZES,
    CONTENT_BOTTOM,
    CONTENT_TOP,
    MARGIN,
    WIDTH,
    Deck,
    notes_box,
    values,
    wording,
)
from jusolib.outputs.slides.messages import (
    NAMED_OF_PLANNED,
    approximate_ratio,
    implementation_message,
    respondent_count,
    survey_period,
    unlisted_note,
)
from jusolib.outputs.slides.parts import BarSpec, Box, PlotArea, add_bar_chart, add_text

if TYPE_CHECKING:
    from jusolib.analysis.year_data import YearData


def answered_lines(year: YearData, *, head: str, names: bool = False) -> list[str]:
    """「回答　自治体 23／23　社協 23／23」, or one line per respondent type when some respondents are not among
    the municipalities the reference data lists (the counts then say so: :func:`respondent_count`); with
    ``names``, a last line names those respondents (:func:`unlisted_note`).

    Parameters
    ----------
    year
        The year's data: its build summary's ``respondents`` (one entry per respondent type).
    head
        What the first line begins with (「回答　」, 「◆回答結果　」); the lines after it are indented as far, with
        full-width spaces.
    names
        Whether a last line names the respondents the reference data does not list.

    Returns
    -------
    list of str
        One line with every respondent type's count when all respondents are in the reference data; else one
        line per respondent type, and the names with ``names``.
    """
    infos = list(year.summary["respondents"].values())
    counts = [respondent_count(info) for info in infos]
    note = unlisted_note(infos)
    if note is None:
        return [head + "　".join(counts)]
    indent = "　" * len(head)
    lines = [(head if k == 0 else indent) + c for k, c in enumerate(counts)]
    return [*lines, indent + note] if names else lines


def title_slide(deck: Deck) -> None:
    """Survey, fiscal year, who answered out of whom expected, what this deck counts; the synthetic notice.

    The title is the codebook's survey name with 「調査結果」; the subtitle box (「副題」) the year, the counts
    (:func:`answered_lines`) and the respondent type and size scheme counted; for synthetic data a red box
    (「合成データの説明」) with the year's banner.

    Parameters
    ----------
    deck
        The deck being built (:class:`~jusolib.outputs.slides.deck.Deck`); the slide is added to it.
    """
    year = deck.year
    meta = year.codebook.meta
    slide = deck.slide(f"{meta.get('survey', '調査')} 調査結果")
    lines = [
        f"{year.label}",
        *answered_lines(year, head="回答　"),
        f"この資料: {year.respondent_label}の回答を集計（規模の区分: {year.classes.label}）",
    ]
    add_text(slide, lines, Box(1.2, 2.3, WIDTH - 2.4, 2.2), sizes=(24, 22, 20, 18), name="副題")
    if deck.mark:
        add_text(
            slide,
            [year.banner or ""],
            Box(1.2, 4.9, WIDTH - 2.4, 1.1),
            sizes=(16, 14, 12),
            bold=True,
            colour=SYNTHETIC_COLOUR,
            line=SYNTHETIC_COLOUR,
            fill="#ffffff",
            name="合成データの説明",
        )


def overview_slide(deck: Deck) -> None:
    """調査実施の概要: survey, population, period, method, who answered (named when not in the reference data).

    One text box of 「◆」 lines from the codebook's ``meta`` (survey, population, period as
    :func:`~jusolib.outputs.slides.messages.survey_period` writes it, method when given), the counts with the
    names of respondents not in the reference data, the data status, what is counted, and a line when the
    codebook is a demonstration.

    Parameters
    ----------
    deck
        The deck being built (:class:`~jusolib.outputs.slides.deck.Deck`); the slide is added to it.
    """
    year = deck.year
    meta = year.codebook.meta
    slide = deck.slide(f"{year.label.split(' ')[0]}調査実施の概要")
    lines = [
        f"◆調査　{meta.get('survey', '')}",
        f"◆調査対象　{meta.get('population', '')}",
        f"◆調査期間　{survey_period(str(meta.get('survey_period', '')))}",
    ]
    if meta.get("survey_method"):
        lines.append(f"◆調査方法　{meta['survey_method']}")
    lines += [
        *answered_lines(year, head="◆回答結果　", names=True),
        f"◆データ　{year.data_status_label}",
        f"◆集計　{year.respondent_label}の回答（{year.n_respondents}）。{year.caption}",
    ]
    if year.codebook.is_demonstration:
        lines.append("◆この年度のコードブックはデモンストレーション用（調査票は未公表）")
    add_text(
        slide, lines, Box(MARGIN + 0.3, CONTENT_TOP + 0.2, WIDTH - 2 * MARGIN - 0.6, 5.0), sizes=BODY_SIZES
    )


def implementation_slide(deck: Deck) -> None:
    """都内の実施自治体数 R3… with 移行準備事業 (reference data); title from the table.

    The title says how the number of implementing municipalities grew, from the first year of the table to
    this fiscal year (later years of the reference data are left out of the title, not of the chart; a year with
    a published plan is said with the plan: :func:`~jusolib.outputs.slides.messages.implementation_message`); a
    column chart of 「都内 実施」 and 「都内 移行準備事業」 per year, named after the table's sheet, its notes under
    it. Public figures: the slide carries no 合成データ mark.

    Parameters
    ----------
    deck
        The deck being built (:class:`~jusolib.outputs.slides.deck.Deck`); the slide is added to it.
    """
    year = deck.year
    table = implementation_counts(year)
    frame = table.frame
    this_year = fiscal_year_label(year.fiscal_year, western=False)
    known = frame.loc[:this_year, "都内 実施"] if this_year in frame.index else frame["都内 実施"]
    # the published plan where the reference list names only some of the year's municipalities (令和7年度: the
    # report says 30 planned, the list names 26): the title says 30（予定）, the chart a bar of each, named so
    planned = planned_counts(year)
    slide = deck.slide(implementation_message(known, planned), mark=False)
    top = notes_box(slide, table.notes)
    box = Box(MARGIN + 0.5, CONTENT_TOP, WIDTH - 2 * MARGIN - 1.0, top - CONTENT_TOP - 0.05)
    columns = ["都内 実施", "都内 移行準備事業"]
    colours = [BLUE, CLASS_COLOURS[1]]
    plan = "都内 実施予定（公表）"
    # the plan's bar beside the named ones (令和7年度: 30 by 26)
    if plan in frame and frame[plan].notna().any():
        columns.append(plan)
        colours.append("#9e9e9e")
    spec = BarSpec(
        list(frame.index),
        {c: values(frame[c]) for c in columns},
        colours,
        kind="columns",
        number_format="0",
    )
    # on the bar of a year whose plan is named only in part: what the bar counts, in words
    point_labels = {
        (0, k): f"{int(frame.iloc[k]['都内 実施'])}（{NAMED_OF_PLANNED}）"
        for k, label in enumerate(frame.index)
        if label in planned
        and pd.notna(frame.iloc[k]["都内 実施"])
        and int(planned[label]) != int(frame.iloc[k]["都内 実施"])
    }
    add_bar_chart(
        slide,
        spec,
        box,
        area=PlotArea(0.08, 0.06, 0.88, 0.76),
        label_size=12,
        data_label_size=12,
        name=table.key,
        description=f"{table.title}。" + "、".join(f"{y} {int(v)}" for y, v in frame["都内 実施"].items()),
        point_labels=point_labels,
    )


def coordinators_slide(deck: Deck) -> None:
    """[参考] 都内の地域福祉コーディネーター (published context series).

    The title gives the first and the last year's number and their ratio
    (:func:`~jusolib.outputs.slides.messages.approximate_ratio`); a column chart of the series, named after the
    table's sheet, its notes under it. Public figures: the slide carries no 合成データ mark.

    Parameters
    ----------
    deck
        The deck being built (:class:`~jusolib.outputs.slides.deck.Deck`); the slide is added to it.
    """
    table = coordinators(deck.year)
    frame = table.frame
    column = frame.columns[0]
    first, last = frame.index[0], frame.index[-1]
    a, b = frame[column].iloc[0], frame[column].iloc[-1]
    slide = deck.slide(  # published figures: real in every year, never stamped 合成データ
        f"[参考] 都内の地域福祉コーディネーター {first}{int(a)}人 → {last}{int(b)}人（{approximate_ratio(a, b)}）",
        mark=False,
    )
    top = notes_box(slide, table.notes)
    box = Box(MARGIN + 2.5, CONTENT_TOP, 7.0, top - CONTENT_TOP - 0.05)
    spec = BarSpec(
        list(frame.index),
        {column: values(frame[column])},
        [BLUE],
        kind="columns",
        number_format="0",
        legend=False,
    )
    add_bar_chart(
        slide,
        spec,
        box,
        area=PlotArea(0.12, 0.06, 0.84, 0.84),
        label_size=12,
        data_label_size=12,
        name=table.key,
        description=f"{table.title}。{first} {int(a)}人、{last} {int(b)}人",
    )


def divider_slide(deck: Deck) -> None:
    """The divider before the results: 「{subject}向けアンケート結果から」 and the sections' titles as contents.

    Parameters
    ----------
    deck
        The deck being built (:class:`~jusolib.outputs.slides.deck.Deck`); the slide is added to it. The subject
        is the codebook's (:func:`~jusolib.outputs.slides.deck.wording` of the first section).
    """
    year = deck.year
    subject = wording(deck, year.sections()[0])["subject"]
    slide = deck.slide(f"{subject}向けアンケート結果から")
    lines = [year.section_title(s) for s in year.sections()]
    add_text(slide, lines, Box(1.5, 2.4, WIDTH - 3.0, 3.0), sizes=(24, 22, 20, 18), name="目次")


def planned_counts(year: YearData) -> dict[str, int]:
    """The published plans of how many Tokyo municipalities implement, by 令和N年度 (context series
    ``tokyo_implementing_planned``; empty when none is published).

    Parameters
    ----------
    year
        The year's data.

    Returns
    -------
    dict
        令和N年度 → the planned count.

    Examples
    --------
    >>> from jusolib.analysis.year_data import YearData
    >>> planned_counts(YearData.load(2024))  # the plan for 令和7年度, published in the 令和6年度 report
    {'令和7年度': 30}
    """
    from jusolib.survey.reference import load_context_series

    series = load_context_series(year.data_dir).query("series == 'tokyo_implementing_planned'")
    return {
        fiscal_year_label(int(y), western=False): int(v)
        for y, v in zip(series["fiscal_year"], series["value"], strict=True)
    }


def closing_slide(deck: Deck) -> None:
    """Sources, in a reader's words: the report, the data, what the numbers were counted over, and where the
    information to reproduce them is (the year's index and ``manifest.json``: no path, hash, parameter name or
    version on a slide).

    Titled 「出典」: the published report's citation (when the codebook's ``source_id`` is in the reference
    sources), the data status and year from the provenance record (:func:`jusolib.analysis.provenance.provenance`),
    how the numbers were made, what was counted, that personal data is masked when the report is redacted, and
    where to find what it takes to reproduce the report — in one text box named 「来歴」.

    Parameters
    ----------
    deck
        The deck being built (:class:`~jusolib.outputs.slides.deck.Deck`); the slide is added to it.
    """
    from jusolib.survey.reference import load_sources

    year = deck.year
    record = provenance(year)
    slide = deck.slide("出典")
    sources = load_sources(year.data_dir).set_index("source_id")
    source_id = year.codebook.meta.get("source_id")
    lines = []
    if source_id in sources.index:
        lines.append(f"報告書: {sources.at[source_id, 'citation']}")
    lines += [
        f"データ: {record['data_status_label']}（{record['fiscal_year_label']}）",
        "数値は集計表（tables.xlsx）の各シートと同じ。グラフを右クリック →「データの編集」で元の数値を表示",
        f"集計の対象: {year.respondent_label}の回答（{year.n_respondents}）。{year.caption}",
        *(["個人情報の可能性がある記述は伏せ字にしている。"] if year.redact else []),
        "集計の条件、使ったファイル、ソフトウェアの版など、この報告を作り直すための情報は、報告のページの目次に"
        "ある「再現のための情報」と、同じフォルダの manifest.json にある。",
    ]
    add_text(
        slide,
        lines,
        Box(MARGIN, CONTENT_TOP, WIDTH - 2 * MARGIN, CONTENT_BOTTOM - CONTENT_TOP),
        sizes=(12, 11, 10, 9, 8),
        name="来歴",
    )


def commentary_paragraphs(text: str) -> list[str]:
    """The analyst's Markdown as slide paragraphs: a point 「- …」 becomes 「・…」, blank lines go, the rest stays.

    Parameters
    ----------
    text
        The commentary's Markdown (:func:`jusolib.analysis.commentary.commentary_text`).

    Returns
    -------
    list of str
        One paragraph per point or line.

    Examples
    --------
    >>> commentary_paragraphs("- 半数以上に成果\\n- 拠点は6割弱\\n\\n※ 例文")
    ['・半数以上に成果', '・拠点は6割弱', '※ 例文']
    """
    paragraphs = []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        paragraphs.append("・" + line[2:].strip() if line.startswith(("- ", "* ")) else line)
    return paragraphs


def commentary_slide(deck: Deck, section: str | None = None) -> None:
    """The analyst's 「調査結果をふまえて」 for a section (``None``: the overall summary), as the published report
    closes each section and the whole; no slide when the year's commentary says nothing there.

    Parameters
    ----------
    deck
        The deck being built.
    section
        A section key, or ``None`` for the overall summary.
    """
    from jusolib.analysis.commentary import commentary_text

    year = deck.year
    text = commentary_text(year, section)
    if text is None:
        return
    title = (
        "調査結果をふまえて（全体）"
        if section is None
        else f"{year.section_title(section)} — 調査結果をふまえて"
    )
    slide = deck.slide(title)
    add_text(
        slide,
        commentary_paragraphs(text),
        Box(MARGIN + 0.2, CONTENT_TOP + 0.1, WIDTH - 2 * MARGIN - 0.4, CONTENT_BOTTOM - CONTENT_TOP - 0.2),
        sizes=(20, *BODY_SIZES),
        name="調査結果をふまえて",
    )
