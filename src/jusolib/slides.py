"""The yearly results as an editable PowerPoint deck, in the shape of the published report.

:func:`write_slides` writes ``slides.pptx`` for a :class:`~jusolib.report.YearReport`. Every chart is a native
PowerPoint chart whose data is embedded (「データの編集」 opens it in Excel) and is taken from the same
:class:`~jusolib.tables.ReportTable` the pages and ``tables.xlsx`` show, so the three cannot disagree; each
chart is named after its workbook sheet. The deck follows the report: title (survey, 令和N年度, 回答 n／n),
調査実施の概要, 実施自治体の推移, [参考] 地域福祉コーディネーター, then per section the distribution chart
whose title is the key message computed from the data, with the 最も…／他と比べ… callouts and the section's
notes (※1〜※3 for III), the share-by-size-class chart whose title states the tests in one sentence, the
year-over-year comparison when there is a previous year, and a closing slide with the sources and the
provenance. Every slide carries the 合成データ mark when the data is synthetic.

Key messages are computed, never typed in; the rules:

* **Majority** (:func:`majority_message`): 「いずれの項目も{subject}の半数以上{finding}」 when every item's
  positive share (無回答を含む base) is at least 50%; otherwise 「{k}項目中{m}項目で{subject}の半数以上
  {finding}」; 「いずれの項目も{subject}の半数に届かない」 when none is. ``subject`` comes from the codebook's
  respondent type (実施自治体), ``finding`` from its section (に成果・進捗).
* **Callouts** (:func:`callouts`): the items sharing the highest positive share are called out (the section's
  ``callout_highest``, e.g. 最も成果) when the next share is at least :data:`CALLOUT_GAP` points lower and they
  are fewer than half of the items; likewise the lowest (``callout_lowest``, e.g. 他と比べ低い). With 23
  respondents one answer moves a share by 4.3 points, so a gap of 5 points is at least two answers.
* **Size classes** (:func:`difference_message`): the number of items whose class difference is significant
  after Holm's adjustment (adjusted Fisher p < 0.05), or that none is.
* **Year over year** (:func:`change_message`): the items whose 95% interval of the change excludes 0, or that
  none does.

Two slides wait for work on other issues and are not in the deck yet: the 自治体×社協 differences (the paired
comparison) and the free-text themes. They belong in :func:`section_slides` (themes, after each section's
charts) and :func:`build_deck` (the paired comparison, before the closing slide): see the comments there.
Free text shown on slides must pass through the same redaction as the pages.

Examples
--------
>>> shares = pd.Series([82.6, 56.5, 65.2, 65.2, 65.2], index=list("abcde"))
>>> majority_message(shares, subject="実施自治体", finding="に成果・進捗")
'いずれの項目も実施自治体の半数以上に成果・進捗'
>>> callouts(shares)
{'highest': ['a'], 'lowest': ['b']}
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from jusolib.fiscal import fiscal_year_label
from jusolib.formatting import ALPHA, format_points, p_text, round_half_up
from jusolib.palette import (
    CLASS_COLOURS,
    DARK_COLOURS,
    NEUTRAL_COLOUR,
    POSITIVE_COLOURS,
    SYNTHETIC_COLOUR,
    SYNTHETIC_STAMP,
    answer_colours,
)
from jusolib.slide_parts import (
    BarSpec,
    Box,
    PlotArea,
    SlideTextError,
    add_bar_chart,
    add_line,
    add_text,
    bar_centre,
    category_label_size,
    fill_text,
    new_presentation,
    presentation_bytes,
    text_height,
)

if TYPE_CHECKING:
    from jusolib.report import YearReport

#: A share at or above this (percent) is 「半数以上」.
MAJORITY = 50.0
#: Points by which the called-out items must stand apart from the next item.
CALLOUT_GAP = 5.0
#: At most this many items on one share-by-class or year-over-year slide (longer sections continue).
ITEMS_PER_SLIDE = 7
#: Data labels of 100% stacked bars narrower than this (percent) are hidden: the text would not fit.
HIDE_LABELS_BELOW = 5.0

WIDTH, HEIGHT, MARGIN = 13.333, 7.5, 0.45
MARK_BOX = Box(WIDTH - MARGIN - 4.7, 0.08, 4.7, 0.34)
TITLE_BOX = Box(MARGIN, 0.45, WIDTH - 2 * MARGIN, 0.9)
CONTENT_TOP, CONTENT_BOTTOM = 1.5, 6.98
FOOTER_BOX = Box(MARGIN, 7.06, 10.4, 0.32)
PAGE_BOX = Box(WIDTH - MARGIN - 1.4, 7.06, 1.4, 0.32)
TITLE_SIZES = (26, 24, 22, 20, 18)
BODY_SIZES = (16, 15, 14, 13, 12)
NOTE_SIZES = (10, 9, 8)
LABEL_SIZES = (12, 11, 10, 9, 8)
BLUE, GREY = POSITIVE_COLOURS[0], "#595959"
NEGATIVE_TEXT, GREY_BAR = "#b5541c", "#9e9e9e"
NOTE_SIZE = 9.5


# -- key messages ---------------------------------------------------------------------------------------------
def majority_message(shares: pd.Series, *, subject: str, finding: str) -> str:
    """The key message about how many items reach half of the respondents (rule in the module docstring).

    Examples
    --------
    >>> majority_message(pd.Series([82.6, 50.0, 17.4]), subject="実施自治体", finding="が変化を実感")
    '3項目中2項目で実施自治体の半数以上が変化を実感'
    >>> majority_message(pd.Series([49.9, 17.4]), subject="実施自治体", finding="が変化を実感")
    'いずれの項目も実施自治体の半数に届かない'
    """
    majority = int((shares >= MAJORITY).sum())
    if majority == len(shares):
        return f"いずれの項目も{subject}の半数以上{finding}"
    if majority == 0:
        return f"いずれの項目も{subject}の半数に届かない"
    return f"{len(shares)}項目中{majority}項目で{subject}の半数以上{finding}"


def callouts(shares: pd.Series, *, gap: float = CALLOUT_GAP) -> dict[str, list[str]]:
    """Items the data single out as highest and lowest (rule in the module docstring), in item order.

    Examples
    --------
    >>> callouts(pd.Series([91.3, 91.3, 82.6, 39.1, 65.2], index=list("abcde")))
    {'highest': ['a', 'b'], 'lowest': ['d']}
    >>> callouts(pd.Series([65.2, 62.0, 65.2, 60.9], index=list("abcd")))  # nothing stands 5 points apart
    {'highest': [], 'lowest': []}
    """
    values = sorted(set(shares))
    result: dict[str, list[str]] = {"highest": [], "lowest": []}
    if len(values) < 2:
        return result
    for key, extreme, neighbour in (
        ("highest", values[-1], values[-2]),
        ("lowest", values[0], values[1]),
    ):
        chosen = [str(i) for i, v in shares.items() if v == extreme]
        if abs(extreme - neighbour) >= gap and 2 * len(chosen) < len(shares):
            result[key] = chosen
    return result


def difference_message(significance: pd.DataFrame, *, scheme_label: str) -> str:
    """One plain sentence on the tests of size-class differences (Holm-adjusted Fisher p).

    Examples
    --------
    >>> frame = pd.DataFrame({"Fisher p（Holm補正）": [1.0, 0.31]}, index=["a", "b"])
    >>> difference_message(frame, scheme_label="人口規模")
    '人口規模による差は、2項目のいずれも統計的に有意でない'
    >>> difference_message(frame.assign(**{"Fisher p（Holm補正）": [0.01, 0.31]}), scheme_label="人口規模")
    '人口規模による差が統計的に有意なのは2項目中1項目（「a」）'
    """
    adjusted = significance["Fisher p（Holm補正）"]
    significant = [str(i) for i, p in adjusted.items() if p < ALPHA]
    if not significant:
        return f"{scheme_label}による差は、{len(adjusted)}項目のいずれも統計的に有意でない"
    named = "".join(f"「{i}」" for i in significant[:2]) + ("ほか" if len(significant) > 2 else "")
    return f"{scheme_label}による差が統計的に有意なのは{len(adjusted)}項目中{len(significant)}項目（{named}）"


def change_message(changes: pd.DataFrame) -> str:
    """One plain sentence on the year-over-year changes: the items whose 95% interval excludes 0.

    Examples
    --------
    >>> frame = pd.DataFrame({"差（ポイント）": [-9.3, 17.4], "95%信頼区間 下限": [-29.9, 2.1],
    ...                       "95%信頼区間 上限": [14.1, 38.0]}, index=["a", "b"])
    >>> change_message(frame)
    '前年度から変化が区間推定で確かなのは2項目中1項目（「b」+17.4ポイント）'
    >>> change_message(frame.iloc[:1])
    '前年度との差は、1項目のいずれも偶然の変動と区別できない'
    """
    low, high = changes["95%信頼区間 下限"], changes["95%信頼区間 上限"]
    clear = changes[(low > 0) | (high < 0)]
    if clear.empty:
        return f"前年度との差は、{len(changes)}項目のいずれも偶然の変動と区別できない"
    named = "".join(f"「{i}」{format_points(d)}" for i, d in clear["差（ポイント）"].iloc[:2].items())
    more = "ほか" if len(clear) > 2 else ""
    return f"前年度から変化が区間推定で確かなのは{len(changes)}項目中{len(clear)}項目（{named}{more}）"


def approximate_ratio(first: float, last: float) -> str:
    """「約1.4倍」: ``last / first`` rounded half up to one decimal.

    Examples
    --------
    >>> approximate_ratio(283, 398)
    '約1.4倍'
    """
    return f"約{round_half_up(last / first, 1)}倍"


def survey_period(text: str) -> str:
    """The codebook's ``YYYY-MM-DD/YYYY-MM-DD`` as the report writes it; anything else as it is.

    Examples
    --------
    >>> survey_period("2024-12-10/2025-01-14")
    '令和6年12月10日～令和7年1月14日（36日間）'
    >>> survey_period("2025-12/2026-01 (demonstration)")
    '2025-12/2026-01 (demonstration)'
    """
    match = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})/(\d{4})-(\d{2})-(\d{2})", text.strip())
    if not match:
        return text
    first, last = (date(*map(int, match.groups()[k : k + 3])) for k in (0, 3))

    def japanese(day: date) -> str:
        return f"令和{day.year - 2018}年{day.month}月{day.day}日"

    return f"{japanese(first)}～{japanese(last)}（{(last - first).days + 1}日間）"


# -- the deck -------------------------------------------------------------------------------------------------
@dataclass
class Deck:
    """The presentation being built and what every slide repeats (footer, synthetic mark)."""

    report: YearReport
    presentation: Any = None
    footer: str = ""
    mark: str | None = None
    slides: list[Any] = field(default_factory=list)

    def slide(self, title: str) -> Any:
        """A new slide with its title (the key message), the footer and, for synthetic data, the mark."""
        layout = self.presentation.slide_layouts[5]  # タイトルのみ: the title stays a real title placeholder
        slide = self.presentation.slides.add_slide(layout)
        heading = slide.shapes.title
        heading.left, heading.top, heading.width, heading.height = TITLE_BOX.emu()
        fill_text(heading.text_frame, [title], box=TITLE_BOX, sizes=TITLE_SIZES, bold=True, colour=BLUE)
        add_line(slide, (MARGIN, TITLE_BOX.bottom + 0.02), (WIDTH - MARGIN, TITLE_BOX.bottom + 0.02), BLUE)
        add_text(slide, self.footer, FOOTER_BOX, sizes=NOTE_SIZES, colour=GREY, name="フッター")
        if self.mark:
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


def notes_box(slide: Any, notes: list[str], *, bottom: float = CONTENT_BOTTOM) -> float:
    """Notes under a chart, at the foot of the content area; returns the top of the box (inches)."""
    if not notes:
        return bottom
    width = (WIDTH - 2 * MARGIN) * 72 - 7.2
    height = text_height("\n".join(notes), width=width, size=NOTE_SIZE) / 72 + 0.12
    box = Box(MARGIN, bottom - height, WIDTH - 2 * MARGIN, height)
    add_text(slide, notes, box, sizes=(NOTE_SIZE, 9, 8), colour=GREY, name="注")
    return box.top


def chart_area(labels: list[str], box: Box, *, legend: bool) -> tuple[PlotArea, float]:
    """Room for the category labels: the plot area and the label size at which every label fits.

    Raises
    ------
    SlideTextError
        If some label does not fit even with 45% of the chart's width at 8 pt.
    """
    top, height = 0.08, (0.78 if legend else 0.88)
    slot = box.height * 72 * height / len(labels)
    for fraction in (0.3, 0.36, 0.42, 0.45):
        size = category_label_size(labels, width=box.width * 72 * fraction - 8, slot=slot, sizes=LABEL_SIZES)
        if size is not None:
            return PlotArea(fraction + 0.01, top, 0.96 - fraction - 0.01, height), size
    raise SlideTextError(f"category labels do not fit a chart {box.width:.1f} in wide: {labels}")


def _values(column: pd.Series) -> list[float | None]:
    return [None if pd.isna(v) else float(v) for v in column]


def _label(report: YearReport, label: str) -> str:
    """An item label with its footnote mark (※1 …) in front, as in the report."""
    items = report.codebook.items
    marks = items.loc[items["label"] == label, "footnote"].dropna()
    return f"{marks.iloc[0]} {label}" if len(marks) else label


def _wording(report: YearReport, section: str) -> dict[str, str]:
    sections, types = report.codebook.sections, report.codebook.respondent_types

    def get(frame: pd.DataFrame, key: str, column: str, default: str) -> str:
        value = frame.at[key, column] if column in frame.columns else None
        return default if value is None or pd.isna(value) else str(value)

    positive = report.positive(section).frame["肯定的回答"].iloc[0]
    return {
        "subject": get(types, report.respondent_key, "subject", f"回答した{report.respondent_label}"),
        "finding": get(sections, section, "finding", f"が「{positive}」"),
        "highest": get(sections, section, "callout_highest", "最も高い"),
        "lowest": get(sections, section, "callout_lowest", "他と比べ低い"),
    }


def distribution_slide(deck: Deck, section: str) -> None:
    """The section's 100% stacked bars; title = the majority message; callouts on the items singled out."""
    report = deck.report
    table = report.distribution(section, "all")
    positive = report.positive(section).frame
    words = _wording(report, section)
    slide = deck.slide(majority_message(positive["割合"], subject=words["subject"], finding=words["finding"]))
    frame = table.frame
    answers = [c for c in frame.columns if c != "n"]
    scale_positive = sorted(
        {p for i in report.codebook.item_ids(section) for p in report.codebook.scale_of(i).positive}
    )
    colours = answer_colours(answers, scale_positive, report.codebook.no_answer_label)
    labels = [f"{_label(report, i)}（n={int(n)}）" for i, n in frame["n"].items()]
    notes = [report.section_title(section) + f"（%、{report.respondent_label}、無回答を含む）"]
    section_note = report.codebook.sections.at[section, "note"]
    if isinstance(section_note, str) and section_note:
        notes.append(section_note if section_note.startswith("※") else f"※{section_note}")
    notes += [n for n in table.notes if n.startswith("※")]
    top = notes_box(slide, notes)
    box = Box(MARGIN, CONTENT_TOP, 10.0, top - CONTENT_TOP - 0.05)
    area, size = chart_area(labels, box, legend=True)
    spec = BarSpec(
        categories=labels,
        series={a: _values(frame[a]) for a in answers},
        colours=colours,
        label_colours=["#ffffff" if c in DARK_COLOURS else "#222222" for c in colours],
        hide_labels_below=HIDE_LABELS_BELOW,
    )
    add_bar_chart(
        slide,
        spec,
        box,
        area=area,
        label_size=size,
        name=table.key,
        description=f"{table.title}。" + "、".join(f"{i} {v:.1f}%" for i, v in positive["割合"].items()),
    )
    called = callouts(positive["割合"])
    plot_right = box.left + box.width * (area.x + area.w)
    column = Box(box.right + 0.2, 0, WIDTH - MARGIN - box.right - 0.2, 0.62)
    placed_bottom = CONTENT_TOP
    for key in ("highest", "lowest"):
        if not called[key]:
            continue
        rows = [list(positive.index).index(i) for i in called[key]]
        centres = [bar_centre(box, area, r, len(positive)) for r in rows]
        top_edge = max(sum(centres) / len(centres) - column.height / 2, placed_bottom + 0.05)
        callout = Box(column.left, top_edge, column.width, column.height)
        row = positive.loc[called[key][0]]
        add_text(
            slide,
            [words[key], f"{row['割合']:.1f}%（{int(row['件数'])}／{int(row['n'])}）"],
            callout,
            sizes=(13, 12, 11, 10),
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


def _chunks(labels: list[str]) -> list[list[str]]:
    count = -(-len(labels) // ITEMS_PER_SLIDE)
    size = -(-len(labels) // count)
    return [labels[k : k + size] for k in range(0, len(labels), size)]


def _part(title: str, k: int, parts: int) -> str:
    return title if parts == 1 else f"{title}（{k}／{parts}）"


def difference_slides(deck: Deck, section: str) -> None:
    """Positive share by size class (全体 and each class, n in the legend); title = the tests in one sentence."""
    report = deck.report
    table = report.positive_by_class(section)
    tests = report.significance(
        section
    ).frame  # display strings; the p-values as numbers come from class_tests
    adjusted = report.class_tests(section).set_index("item_id")["fisher_p_holm"]
    adjusted.index = [report.codebook.item(i)["label"] for i in adjusted.index]
    frame = table.frame
    items = list(dict.fromkeys(frame.index.get_level_values("項目")))
    first = frame.loc[items[0]]  # classes with no respondent at all have no bar
    classes = [c for c in dict.fromkeys(frame.index.get_level_values("区分")) if first.at[c, "n"] > 0]
    message = difference_message(
        pd.DataFrame({"Fisher p（Holm補正）": adjusted}), scheme_label=report.classes.label
    )
    smallest = adjusted.idxmin()
    notes = [
        f"{report.section_title(section)} — 肯定的回答（{report.positive(section).frame['肯定的回答'].iloc[0]}）"
        f"の割合（%、無回答を含む）。{report.caption}",
        f"検定: Fisher の正確検定（肯定的回答か否か × 区分、無回答を除く）、同じ設問群の{len(tests)}項目で Holm 補正。"
        f"補正後 p が最も小さいのは「{smallest}」（{p_text(adjusted[smallest])}）。"
        f"最も小さい区分の回答数は{int(tests['最小区分のn'].min())}で、有意でないことは差がないことの証明にはならない。",
    ]
    notes += [n for n in table.notes if n.startswith("※")]
    parts = _chunks(items)
    colours = [GREY_BAR, *(CLASS_COLOURS[k % len(CLASS_COLOURS)] for k in range(len(classes) - 1))]
    for k, chunk in enumerate(parts, start=1):
        slide = deck.slide(_part(message, k, len(parts)))
        top = notes_box(slide, notes)
        box = Box(MARGIN, CONTENT_TOP, WIDTH - 2 * MARGIN, top - CONTENT_TOP - 0.05)
        labels = [_label(report, i) for i in chunk]
        area, size = chart_area(labels, box, legend=True)
        series = {
            f"{c}（n={int(frame.loc[(chunk[0], c), 'n'])}）": _values(
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
            data_label_size=8,
            name=table.key if len(parts) == 1 else f"{table.key}_{k}",
            description=f"{table.title}。{message}",
        )


def year_over_year_slides(deck: Deck) -> None:
    """Positive share this year and last, per section (the group listed first in the comparison table)."""
    report = deck.report
    table = report.year_over_year()
    if table is None:
        return
    frame = table.frame
    group = frame.index.get_level_values("対象")[0]
    rows = frame.xs(group, level="対象")
    caption = table.notes[0]
    previous, current = (s.strip() for s in caption.split("→"))
    for section in report.sections():
        labels = [report.codebook.item(i)["label"] for i in report.codebook.item_ids(section)]
        chunk_all = [label for label in labels if label in rows.index]
        chunk_all = [label for label in chunk_all if pd.notna(rows.at[label, "差（ポイント）"])]
        if not chunk_all:
            continue
        parts = _chunks(chunk_all)
        notes = [
            f"{report.section_title(section)} — 肯定的回答の割合（%、{report.comparison['base'].iloc[0]}）。"
            f"{caption}。対象: {group}。",
            *table.notes[1:],
        ]
        for k, chunk in enumerate(parts, start=1):
            message = change_message(rows.loc[chunk])
            slide = deck.slide(_part(f"{section} {message}", k, len(parts)))
            top = notes_box(slide, notes)
            box = Box(MARGIN, CONTENT_TOP, WIDTH - 2 * MARGIN, top - CONTENT_TOP - 0.05)
            category_labels = [_label(report, i) for i in chunk]
            area, size = chart_area(category_labels, box, legend=True)
            first = rows.loc[chunk[0]]
            series = {
                f"{previous}（n={int(first['前年度 n'])}）": [float(rows.at[i, "前年度 %"]) for i in chunk],
                f"{current}（n={int(first['今年度 n'])}）": [float(rows.at[i, "今年度 %"]) for i in chunk],
            }
            spec = BarSpec(category_labels, series, [NEUTRAL_COLOUR, BLUE], kind="clustered", value_max=100)
            add_bar_chart(
                slide,
                spec,
                box,
                area=area,
                label_size=size,
                name=f"{table.key}_{section}" + ("" if len(parts) == 1 else f"_{k}"),
                description=f"{table.title}（{section}）。{message}",
            )


def title_slide(deck: Deck) -> None:
    report = deck.report
    meta = report.codebook.meta
    slide = deck.slide(f"{meta.get('survey', '調査')} 調査結果")
    counts = "　".join(
        f"{info['label']} {info['present']}／{info['expected']}"
        for info in report.summary["respondents"].values()
    )
    lines = [
        f"{report.label}",
        f"回答: {counts}",
        f"この資料: {report.respondent_label}の回答を集計（規模の区分: {report.classes.label}）",
    ]
    add_text(slide, lines, Box(1.2, 2.3, WIDTH - 2.4, 2.2), sizes=(24, 22, 20, 18), name="副題")
    if deck.mark:
        add_text(
            slide,
            [report.banner or ""],
            Box(1.2, 4.9, WIDTH - 2.4, 1.1),
            sizes=(16, 14, 12),
            bold=True,
            colour=SYNTHETIC_COLOUR,
            line=SYNTHETIC_COLOUR,
            fill="#ffffff",
            name="合成データの説明",
        )


def overview_slide(deck: Deck) -> None:
    report = deck.report
    meta = report.codebook.meta
    slide = deck.slide(f"{report.label.split(' ')[0]}調査実施の概要")
    respondents = "、".join(
        f"{info['label']}（{info['present']}／{info['expected']}地区）"
        for info in report.summary["respondents"].values()
    )
    lines = [
        f"◆調査　{meta.get('survey', '')}",
        f"◆調査対象　{meta.get('population', '')}",
        f"◆調査期間　{survey_period(str(meta.get('survey_period', '')))}",
    ]
    if meta.get("survey_method"):
        lines.append(f"◆調査方法　{meta['survey_method']}")
    lines += [
        f"◆回答結果　{respondents}",
        f"◆データ　{report.data_status_label}",
        f"◆集計　{report.respondent_label}の回答（{report.n_respondents}）。{report.caption}",
    ]
    if report.codebook.is_demonstration:
        lines.append("◆この年度のコードブックはデモンストレーション用（調査票は未公表）")
    add_text(
        slide, lines, Box(MARGIN + 0.3, CONTENT_TOP + 0.2, WIDTH - 2 * MARGIN - 0.6, 5.0), sizes=BODY_SIZES
    )


def implementation_slide(deck: Deck) -> None:
    """都内の実施自治体数 R3… with 移行準備事業 (reference data); title from the table."""
    report = deck.report
    table = report.implementation_counts()
    frame = table.frame
    this_year = fiscal_year_label(report.fiscal_year, western=False)
    known = frame.loc[:this_year, "都内 実施"] if this_year in frame.index else frame["都内 実施"]
    slide = deck.slide(
        f"都内の実施自治体は{known.index[0]}の{int(known.iloc[0])}から{known.index[-1]}の{int(known.iloc[-1])}に"
    )
    top = notes_box(slide, table.notes)
    box = Box(MARGIN + 0.5, CONTENT_TOP, WIDTH - 2 * MARGIN - 1.0, top - CONTENT_TOP - 0.05)
    columns = ["都内 実施", "都内 移行準備事業"]
    spec = BarSpec(
        list(frame.index),
        {c: _values(frame[c]) for c in columns},
        [BLUE, CLASS_COLOURS[1]],
        kind="columns",
        number_format="0",
    )
    add_bar_chart(
        slide,
        spec,
        box,
        area=PlotArea(0.08, 0.06, 0.88, 0.76),
        label_size=12,
        data_label_size=11,
        name=table.key,
        description=f"{table.title}。" + "、".join(f"{y} {int(v)}" for y, v in frame["都内 実施"].items()),
    )


def coordinators_slide(deck: Deck) -> None:
    """[参考] 都内の地域福祉コーディネーター (published context series)."""
    table = deck.report.coordinators()
    frame = table.frame
    column = frame.columns[0]
    first, last = frame.index[0], frame.index[-1]
    a, b = frame[column].iloc[0], frame[column].iloc[-1]
    slide = deck.slide(
        f"[参考] 都内の地域福祉コーディネーター {first}{int(a)}人 → {last}{int(b)}人（{approximate_ratio(a, b)}）"
    )
    top = notes_box(slide, table.notes)
    box = Box(MARGIN + 2.5, CONTENT_TOP, 7.0, top - CONTENT_TOP - 0.05)
    spec = BarSpec(
        list(frame.index),
        {column: _values(frame[column])},
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
    report = deck.report
    subject = _wording(report, report.sections()[0])["subject"]
    slide = deck.slide(f"{subject}向けアンケート結果から")
    lines = [report.section_title(s) for s in report.sections()]
    add_text(slide, lines, Box(1.5, 2.4, WIDTH - 3.0, 3.0), sizes=(24, 22, 20, 18), name="目次")


#: A folder with more input files than this is listed on the closing slide as one line (one form per respondent).
MAX_FILES_LISTED = 6


def input_lines(inputs: dict[str, str]) -> list[str]:
    """The input files on the closing slide: each with its hash, or one line for a folder of many returns.

    A year returned as forms has one file per respondent (60 for 30 municipalities); they are counted, and
    their hashes are in ``manifest.json`` and the workbook's 出典 sheet. Other files (a MANIFEST, codebooks,
    reference data) are always listed.

    Examples
    --------
    >>> input_lines({"raw/codebook/FY2025.yaml": "d8e5de58ede8a5fb00"})
    ['\u3000raw/codebook/FY2025.yaml\u3000d8e5de58ede8a5fb']
    >>> forms = {f"raw/survey/FY2025/{i}.xlsx": "0" * 64 for i in range(60)}
    >>> for line in input_lines({**forms, "raw/survey/FY2025/MANIFEST.yaml": "1" * 64}):
    ...     print(line.strip())
    raw/survey/FY2025/ の回答ファイル 60件（各ファイルの SHA-256 は manifest.json と tables.xlsx の出典シート）
    raw/survey/FY2025/MANIFEST.yaml　1111111111111111
    """

    def folder(name: str) -> str | None:
        return None if name.endswith("MANIFEST.yaml") or "/" not in name else name.rsplit("/", 1)[0]

    counts: dict[str | None, int] = {}
    for name in inputs:
        counts[folder(name)] = counts.get(folder(name), 0) + 1
    lines, done = [], set()
    for name, digest in inputs.items():
        where = folder(name)
        if where is None or counts[where] <= MAX_FILES_LISTED:
            lines.append(f"　{name}　{digest[:16]}")
        elif where not in done:
            done.add(where)
            lines.append(
                f"　{where}/ の回答ファイル {counts[where]}件（各ファイルの SHA-256 は manifest.json と "
                "tables.xlsx の出典シート）"
            )
    return lines


def closing_slide(deck: Deck) -> None:
    """Sources and provenance: data status, input files with their SHA-256, parameters, versions, commit."""
    from jusolib.reference import load_sources

    report = deck.report
    record = report.provenance()
    slide = deck.slide("出典・データの来歴")
    sources = load_sources(report.data_dir).set_index("source_id")
    source_id = report.codebook.meta.get("source_id")
    lines = []
    if source_id in sources.index:
        lines.append(f"報告書: {sources.at[source_id, 'citation']}")
    lines += [
        f"データ: {record['data_status_label']}（{record['fiscal_year_label']}）",
        "集計: jusolib（数値は tables.xlsx の各シートと同じ。グラフを右クリック →「データの編集」で元の数値を表示）",
        "パラメータ: "
        + "、".join(f"{k}={v}" for k, v in record["parameters"].items() if k != "size_caption"),
        "入力ファイル（SHA-256 の先頭16桁）:",
        *input_lines(record["inputs"]),
        "パッケージ: " + "、".join(f"{k} {v}" for k, v in record["packages"].items()),
        f"コミット: {record['commit']}",
    ]
    add_text(
        slide,
        lines,
        Box(MARGIN, CONTENT_TOP, WIDTH - 2 * MARGIN, CONTENT_BOTTOM - CONTENT_TOP),
        sizes=(12, 11, 10, 9, 8),
        name="来歴",
    )


def section_slides(deck: Deck, section: str) -> None:
    distribution_slide(deck, section)
    difference_slides(deck, section)
    # Extension point (free-text themes): once the themes of each item can be counted, their slides (top themes
    # per item with counts, quotes passed through the redaction of free text) go here, after the charts.


def build_deck(report: YearReport) -> Deck:
    """Every slide of the year's deck, in the report's order (see the module docstring)."""
    deck = Deck(report, presentation=new_presentation())
    deck.footer = f"{report.codebook.meta.get('survey', '')}　{report.label}　{report.respondent_label}の回答"
    if report.is_synthetic:
        deck.mark = SYNTHETIC_STAMP
    elif report.summary["data_status"] == "unknown":
        deck.mark = "出所未記載 — 実データか合成データか記録されていません"
    title_slide(deck)
    overview_slide(deck)
    implementation_slide(deck)
    coordinators_slide(deck)
    divider_slide(deck)
    for section in report.sections():
        section_slides(deck, section)
    year_over_year_slides(deck)
    # Extension point (自治体×社協): the paired comparison of the two respondent types' answers goes here, one
    # slide per section, once the report offers it.
    closing_slide(deck)
    deck.number_pages()
    return deck


def slides_bytes(report: YearReport) -> bytes:
    """The deck as bytes: the same inputs always give the same bytes."""
    deck = build_deck(report)
    return presentation_bytes(
        deck.presentation,
        title=f"{report.codebook.meta.get('survey', '')} {report.label}",
        subject=f"{report.respondent_label}の回答（{report.data_status_label}）",
        keywords="合成データ" if report.is_synthetic else "",
    )


def write_slides(report: YearReport, path: Path) -> None:
    """Write the deck to ``path`` atomically."""
    from jusolib.atomic import write_bytes_atomic

    write_bytes_atomic(Path(path), slides_bytes(report))


__all__ = [
    "approximate_ratio",
    "build_deck",
    "callouts",
    "change_message",
    "difference_message",
    "majority_message",
    "slides_bytes",
    "write_slides",
]
