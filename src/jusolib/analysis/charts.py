"""Charts in the report's style, with Japanese text that renders (IPAexGothic from matplotlib-fontja).

Every chart states its base n, and carries a 「合成データ」 stamp when drawn from synthetic data. Every text of a
chart is at least :data:`MIN_FONT` points at the chart's own size, so that a chart printed at the pages' one scale
(18 mm to the inch: a 9.5-inch chart is 171 mm wide) has no text under 7 points. The bar charts can also be drawn
for a phone's width (``narrow=True``: item labels above the bars instead of beside them);
:func:`set_narrow` attaches that drawing to the wide chart, and the page offers it to narrow screens.
Call :func:`use_japanese_theme` once (the chart functions do it for you): it sets the seaborn theme *with*
the Japanese font, because ``sns.set_theme()`` alone resets the font and Japanese turns into boxes.

Examples
--------
>>> frame = pd.DataFrame({"n": [23.0], "あてはまる": [82.6], "どちらともいえない": [8.7], "あてはまらない": [8.7]},
...                      index=["地域住民の参加を促す活動を行う者"])
>>> fig = stacked_bars(frame, title="I 成果・進捗", positive=["あてはまる"], synthetic=True)
>>> [t.get_text() for t in fig.axes[0].texts if t.get_text().startswith("n=")]
['n=23']
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from jusolib.core.palette import (
    CLASS_COLOURS,
    NEGATIVE_COLOURS,
    POSITIVE_COLOURS,
    SYNTHETIC_STAMP,
    answer_colours,
)

FONT = "IPAexGothic"


def use_japanese_theme() -> None:
    """Seaborn's whitegrid theme with the bundled Japanese font (no missing glyphs)."""
    import matplotlib_fontja
    import seaborn as sns

    matplotlib_fontja.japanize()
    sns.set_theme(
        style="whitegrid", font=FONT, rc={"axes.unicode_minus": False, "figure.dpi": 100, "savefig.dpi": 100}
    )


def _ensure_theme() -> None:
    """Apply :func:`use_japanese_theme` unless matplotlib already draws in the Japanese font (read from
    matplotlib's own settings: this module keeps no state of its own)."""
    import matplotlib as mpl

    if FONT not in mpl.rcParams["font.family"]:
        use_japanese_theme()


def _wrap(label: str, width: int = 18) -> str:
    """An item label on lines of at most ``width`` characters, broken between phrases (never 「課/題」)."""
    from jusolib.core.typography import wrap_phrases

    return "\n".join(wrap_phrases(str(label), width, balance=True))


#: Attribute under which a chart keeps its alt text (read by :func:`alt_text`).
_ALT = "_jusolib_alt_text"
#: Attribute under which a chart keeps how to draw it for a narrow screen (read by :func:`narrow_of`).
_NARROW = "_jusolib_narrow"
#: The smallest text of any chart (points at the chart's own size): 10 pt prints at 7 pt at 18 mm to the inch.
MIN_FONT = 10
#: Width (inches) of a chart drawn for a phone (shown about 3.7 inches wide at 100 dpi).
NARROW_WIDTH = 3.8


def set_narrow(fig: Figure, draw: Any) -> None:
    """Attach how to draw the same chart for a narrow screen (a function of no argument returning a figure).

    Parameters
    ----------
    fig
        The wide chart.
    draw
        Draws the narrow chart when called.

    Examples
    --------
    >>> fig = plt.figure()
    >>> set_narrow(fig, lambda: plt.figure(figsize=(3.8, 3)))
    >>> narrow = narrow_of(fig)
    >>> narrow.get_size_inches().tolist(), plt.close("all")
    ([3.8, 3.0], None)
    """
    setattr(fig, _NARROW, draw)


def narrow_of(fig: Figure) -> Figure | None:
    """The chart drawn for a narrow screen (``None`` when it has no narrow drawing).

    Parameters
    ----------
    fig
        A chart.

    Returns
    -------
    Figure or None
        A new figure.
    """
    draw = getattr(fig, _NARROW, None)
    return None if draw is None else draw()


def smallest_font(fig: Figure) -> float:
    """The smallest size (points) of any visible text of a chart: titles, tick labels, legend, notes.

    Parameters
    ----------
    fig
        A chart.

    Returns
    -------
    float
        The size in points (the chart's own size, before any scaling on paper).

    Examples
    --------
    >>> fig = plt.figure(); _ = fig.text(0, 0, "a", fontsize=12); _ = fig.text(0, 1, "b", fontsize=10)
    >>> smallest_font(fig), plt.close(fig)
    (10.0, None)
    """
    from matplotlib.text import Text

    sizes = [
        float(t.get_fontsize())
        for t in fig.findobj(Text)
        if t.get_visible() and t.get_text().strip() and t.figure is fig
    ]
    return min(sizes) if sizes else float("nan")


def set_alt_text(fig: Figure, text: str) -> None:
    """Attach the alt text (title and key numbers) that a page shows for this chart.

    Parameters
    ----------
    fig
        A chart.
    text
        The alt text: the chart's title and key numbers in one line of Japanese.
    """
    setattr(fig, _ALT, text)


def alt_text(fig: Figure) -> str:
    """The chart's alt text; a chart drawn elsewhere falls back to its axes' titles.

    Parameters
    ----------
    fig
        A chart.

    Returns
    -------
    str
        The alt text set with :func:`set_alt_text`; for a chart without one, its axes' titles joined by 「。」
        (「図」 when it has none).

    Examples
    --------
    >>> fig = stacked_bars(pd.DataFrame({"n": [23.0], "あてはまる": [82.6], "あてはまらない": [17.4]},
    ...                    index=["拠点"]), title="I 成果・進捗", positive=["あてはまる"], synthetic=False)
    >>> alt_text(fig)
    'I 成果・進捗。拠点（n=23）: あてはまる 82.6%、あてはまらない 17.4%'
    """
    stored = getattr(fig, _ALT, None)
    if stored:
        return stored
    return "。".join(ax.get_title(loc="left") or ax.get_title() for ax in fig.axes) or "グラフ"


def _share(value: float) -> str:
    from jusolib.core.formatting import format_share

    return f"{format_share(value)}%"


#: Fixed margins in inches: item labels wrap at 18 characters, so their width is bounded and no layout pass
#: (tight_layout) is needed to find it — that pass costs as much as drawing the chart.
LABEL_MARGIN = 2.8
#: Item labels are drawn at this size (points); a line holds at most 18 characters.
LABEL_SIZE = 10
TITLE_MARGIN = 0.45
#: The title sits on the top of the axes (plus matplotlib's pad). Given explicitly, so that matplotlib does not
#: measure the x-axis' tick labels at every draw to see whether the title must move up (it never must: the
#: ticks are at the bottom); that saves about 6% of the CPU time of writing a chart, the pixels unchanged.
TITLE_Y = 1.0
AXIS_MARGIN = 0.55
LEGEND_ROW = 0.22
STAMP_MARGIN = 0.3


def _layout(
    fig: Figure,
    ax: plt.Axes,
    *,
    left: float,
    right: float = 0.2,
    legend_rows: int = 0,
    ncol: int = 1,
    foot: float = STAMP_MARGIN,
) -> None:
    """Place the axes with fixed margins (inches) and, if asked, the legend centred below it, above the foot
    (the stamp and the note: :func:`foot_height`)."""
    ax.tick_params(axis="y", labelsize=LABEL_SIZE)
    ax.tick_params(axis="x", labelsize=MIN_FONT)
    width, height = fig.get_size_inches()
    bottom = foot + AXIS_MARGIN + (LEGEND_ROW * legend_rows + 0.1 if legend_rows else 0)
    fig.subplots_adjust(
        left=left / width, right=1 - right / width, top=1 - TITLE_MARGIN / height, bottom=bottom / height
    )
    if legend_rows:
        handles, labels = ax.get_legend_handles_labels()
        fig.legend(
            handles,
            labels,
            loc="lower center",
            ncol=ncol,
            frameon=False,
            fontsize=MIN_FONT,
            bbox_to_anchor=(0.5, (foot - 0.05) / height),
        )


#: Height (inches) of one line of text at the foot of a chart (10 pt).
FOOT_LINE = 0.2


def _text_inches(text: str, size: float = MIN_FONT) -> float:
    """Estimated width (inches) of a line of text: full-width characters one em, others 0.6 em."""
    import unicodedata

    return sum(1.0 if unicodedata.east_asian_width(c) in "FWA" else 0.6 for c in text) * size / 72


def _foot_lines(width: float, synthetic: bool, note: str | None) -> list[str]:
    """The lines of the note that do not fit beside the 合成データ stamp, wrapped to the chart's width (empty
    when the note fits on the stamp's line).

    Examples
    --------
    >>> _foot_lines(9.5, True, "令和6年度 (2024) 自治体 23（無回答を含む）")
    []
    >>> len(_foot_lines(3.8, True, "令和6年度 (2024) 自治体 23（無回答を含む）"))  # wrapped at 25 characters
    2
    """
    if not note:
        return []
    room = width - 0.3 - (_text_inches(SYNTHETIC_STAMP) + 0.2 if synthetic else 0)
    if _text_inches(note) <= room:
        return []
    from jusolib.core.typography import wrap_phrases

    per_line = max(int((width - 0.3) * 72 / MIN_FONT), 8)
    return wrap_phrases(note, per_line)


def foot_height(width: float, synthetic: bool, note: str | None) -> float:
    """Room (inches) the foot of a chart needs: the stamp's line and any lines of a long note above it.

    Parameters
    ----------
    width
        The chart's width (inches).
    synthetic
        Whether the 合成データ stamp is drawn.
    note
        The note (the base, the scheme), or ``None``.

    Returns
    -------
    float
        The height to keep free at the bottom.
    """
    return STAMP_MARGIN + FOOT_LINE * len(_foot_lines(width, synthetic, note))


def _legend_below(fig: Figure, ax: plt.Axes, *, ncol: int, bottom: float) -> None:
    """The axes' legend centred under a narrow chart, its foot at ``bottom`` (a fraction of the figure's height)."""
    handles, legend_labels = ax.get_legend_handles_labels()
    fig.legend(
        handles,
        legend_labels,
        loc="lower center",
        ncol=ncol,
        frameon=False,
        fontsize=MIN_FONT,
        bbox_to_anchor=(0.5, bottom),
    )


def _stamp(fig: Figure, synthetic: bool, note: str | None = None) -> None:
    """The 合成データ stamp at the bottom left and the note (the base) at the bottom right — or, when the note
    does not fit beside the stamp, on lines of its own above it (:func:`foot_height` keeps the room)."""
    width, height = fig.get_size_inches()
    if synthetic:
        fig.text(0.01, 0.005, SYNTHETIC_STAMP, ha="left", va="bottom", fontsize=MIN_FONT, color="#b71c1c")
    if not note:
        return
    lines = _foot_lines(width, synthetic, note)
    if not lines:
        fig.text(0.99, 0.005, note, ha="right", va="bottom", fontsize=MIN_FONT, color="#555555")
        return
    fig.text(
        0.01,
        (0.05 + (FOOT_LINE if synthetic else 0)) / height,
        "\n".join(lines),
        ha="left",
        va="bottom",
        fontsize=MIN_FONT,
        color="#555555",
        linespacing=1.2,
    )


#: Where a chart draws the line of half the respondents (percent), as the published charts do.
HALF = 50.0
#: A segment of a stacked bar gets its share when at least this wide (percent), and its count too when at least
#: the second width (wide chart) — the text would not fit a thinner one.
LABEL_MIN, LABEL_WITH_COUNT = 6.0, 14.0
#: On a narrow chart, a segment gets its share when at least this wide.
NARROW_LABEL_MIN = 11.0
#: Characters per line of an item label above a bar of a narrow chart (10 pt in 3.8 inches).
NARROW_LABEL_CHARS = 22


def _rows_with_groups(labels: Sequence[str], groups: Sequence[str] | None) -> list[tuple[str, str | None]]:
    """The rows of a bar chart from the top: ``("group", name)`` before each group of items (when there is
    more than one group), then ``("item", label)``.

    Examples
    --------
    >>> _rows_with_groups(["a", "b", "c"], ["第1号", "第1号", "第2号"])
    [('group', '第1号'), ('item', 'a'), ('item', 'b'), ('group', '第2号'), ('item', 'c')]
    >>> _rows_with_groups(["a", "b"], ["x", "x"])
    [('item', 'a'), ('item', 'b')]
    """
    rows: list[tuple[str, str | None]] = []
    named = groups is not None and len(set(groups)) > 1
    previous: object = object()
    for k, label in enumerate(labels):
        if named and groups is not None and groups[k] != previous:
            rows.append(("group", groups[k]))
            previous = groups[k]
        rows.append(("item", label))
    return rows


def _segment_label(share: float, count: float | None, *, narrow: bool) -> str:
    """The text inside a segment of a stacked bar: its share, and its count in （ ） where it fits.

    Examples
    --------
    >>> _segment_label(82.6, 19, narrow=False), _segment_label(8.7, 2, narrow=False), _segment_label(3.0, 1, narrow=False)
    ('82.6（19）', '8.7', '')
    >>> _segment_label(8.7, 2, narrow=True), _segment_label(30.4, 7, narrow=True)
    ('', '30.4')
    """
    if narrow:
        return f"{share:.1f}" if share >= NARROW_LABEL_MIN else ""
    if share < LABEL_MIN:
        return ""
    if count is not None and share >= LABEL_WITH_COUNT:
        return f"{share:.1f}（{int(count)}）"
    return f"{share:.1f}"


def stacked_bars(
    frame: pd.DataFrame,
    *,
    title: str,
    positive: Sequence[str],
    synthetic: bool,
    note: str | None = None,
    no_answer: str = "無回答",
    counts: pd.DataFrame | None = None,
    groups: Sequence[str] | None = None,
    narrow: bool = False,
) -> Figure:
    """100% stacked horizontal bars, one per item in questionnaire order (top first), in the published report's
    shape: each segment's share with its count where it fits (「82.6（19）」), n at the end of each bar, a dotted
    line at half (50%), and the items under their group's heading (``groups``, e.g. 106条の3 第1号).

    Parameters
    ----------
    frame
        A distribution table: an ``n`` column then one column of percentages per answer.
    title
        The chart's title.
    positive
        The positive answers (drawn in blue).
    synthetic
        Stamp the chart 合成データ.
    note
        The base, under the chart.
    no_answer
        The label of 無回答 (drawn light grey).
    counts
        The number of respondents behind each share (same rows and answer columns as ``frame``), or ``None``.
    groups
        Each row's group, or ``None`` (no headings; one group gets none either).
    narrow
        Draw for a phone: :data:`NARROW_WIDTH` wide, each item's label above its bar with n and the count of
        positive answers.

    Returns
    -------
    Figure
        The chart, with its alt text.
    """
    _ensure_theme()
    answers = [c for c in frame.columns if c != "n"]
    if no_answer in answers and not frame[no_answer].fillna(0).any():  # nobody left an item blank
        answers.remove(no_answer)
        frame = frame.drop(columns=[no_answer])
    colours = answer_colours(answers, positive, no_answer)
    labels = [str(label) for label in frame.index]
    rows = _rows_with_groups(labels, groups)
    index_of = {label: k for k, label in enumerate(labels)}
    positive_counts = (
        counts[[a for a in answers if a in positive]].sum(axis=1) if counts is not None else None
    )
    if narrow:
        label_lines = {
            label: _wrap_narrow(
                f"{label}（n={int(frame.at[label, 'n'])}"
                + (
                    f"、{'・'.join(a for a in answers if a in positive)} {int(positive_counts[label])}"
                    if positive_counts is not None
                    else ""
                )
                + "）"
            )
            for label in labels
        }
        heights = [
            (0.3 if kind == "group" else 0.36 + 0.19 * len(label_lines[str(name)])) for kind, name in rows
        ]
        title_lines = _wrap_narrow(title, 24)
        top_margin = 0.2 + 0.2 * len(title_lines)
        legend_rows = -(-len(answers) // 2)
        foot = foot_height(NARROW_WIDTH, synthetic, note)
        bottom = foot + AXIS_MARGIN + LEGEND_ROW * legend_rows + 0.1
        height = top_margin + sum(heights) + bottom
        fig, ax = plt.subplots(figsize=(NARROW_WIDTH, height))
        fig.subplots_adjust(
            left=0.15 / NARROW_WIDTH,
            right=1 - 0.15 / NARROW_WIDTH,
            top=1 - top_margin / height,
            bottom=bottom / height,
        )
    else:
        heights = [0.3 if kind == "group" else 0.5 for kind, _ in rows]
        foot = foot_height(9.5, synthetic, note)
        height = TITLE_MARGIN + foot + AXIS_MARGIN + LEGEND_ROW + 0.1 + sum(heights)
        fig, ax = plt.subplots(figsize=(9.5, height))
    # each row's centre, from the top, in the units of its height (inches)
    centres, edge = [], 0.0
    for h in heights:
        centres.append(edge + h / 2)
        edge += h
    total = edge
    bar_rows = [(k, str(name)) for k, (kind, name) in enumerate(rows) if kind == "item"]
    y = np.array([total - centres[k] - (0.09 if narrow else 0) for k, _ in bar_rows])
    order = [index_of[name] for _, name in bar_rows]
    bar_height = 0.3 if narrow else 0.35
    left = np.zeros(len(bar_rows))
    for answer, colour in zip(answers, colours, strict=True):
        values = frame[answer].fillna(0).to_numpy(dtype=float)[order]
        numbers = counts[answer].to_numpy()[order] if counts is not None and answer in counts else None
        ax.barh(y, values, left=left, color=colour, edgecolor="white", height=bar_height, label=answer)
        dark = colour in (POSITIVE_COLOURS[0], NEGATIVE_COLOURS[1])
        for k, (yi, x0, v) in enumerate(zip(y, left, values, strict=True)):
            text = _segment_label(v, None if numbers is None else numbers[k], narrow=narrow)
            if text:
                ax.text(
                    x0 + v / 2,
                    yi,
                    text,
                    ha="center",
                    va="center",
                    fontsize=MIN_FONT,
                    color="white" if dark else "#222222",
                    zorder=5,
                )
        left += values
    ax.axvline(HALF, color="#333333", linestyle=(0, (3, 3)), linewidth=1.0, zorder=4)
    ax.set_xlim(0, 100)
    ax.set_ylim(0, total)
    ax.set_xticks([0, 20, 40, 50, 60, 80, 100] if not narrow else [0, 50, 100])
    ax.tick_params(axis="x", labelsize=MIN_FONT)
    ax.set_xlabel("%", fontsize=MIN_FONT)
    ax.grid(axis="y", visible=False)
    if narrow:
        ax.set_yticks([])
        for k, (kind, name) in enumerate(rows):
            if kind == "group":
                ax.text(
                    0,
                    total - centres[k],
                    f"■ {name}",
                    ha="left",
                    va="center",
                    fontsize=MIN_FONT,
                    color="#1f4e8c",
                    zorder=5,
                    bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.5},
                )
            else:
                ax.text(
                    0,
                    total - centres[k] + 0.5 * bar_height - 0.09 + 0.02,
                    "\n".join(label_lines[str(name)]),
                    ha="left",
                    va="bottom",
                    fontsize=MIN_FONT,
                    linespacing=1.15,
                    zorder=5,
                    bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.5},
                )
        ax.set_title("\n".join(title_lines), loc="left", fontsize=11, y=TITLE_Y)
        _legend_below(fig, ax, ncol=2, bottom=(foot - 0.05) / height)
    else:
        for yi, row in zip(y, order, strict=True):
            ax.text(
                101, yi, f"n={int(frame['n'].iloc[row])}", va="center", fontsize=MIN_FONT, color="#333333"
            )
        ticks = [total - c for c in centres]
        ax.set_yticks(ticks, [_wrap(str(name)) if kind == "item" else f"■ {name}" for kind, name in rows])
        for tick, (kind, _) in zip(ax.get_yticklabels(), rows, strict=True):
            if kind == "group":
                tick.set_color("#1f4e8c")
        ax.set_title(title, loc="left", fontsize=11, y=TITLE_Y)
        _layout(fig, ax, left=LABEL_MARGIN, right=0.6, legend_rows=1, ncol=len(answers), foot=foot)
    _stamp(fig, synthetic, note)
    items = []
    for label, row in frame.iterrows():
        parts = []
        for a in answers:
            if row[a] == row[a] and row[a] > 0:
                count = f"（{int(counts.at[label, a])}）" if counts is not None else ""
                parts.append(f"{a} {_share(row[a])}{count}")
        items.append(f"{label}（n={int(row['n'])}）: " + "、".join(parts))
    set_alt_text(fig, f"{title}。" + "。".join(items) + (f"。{note}" if note else ""))
    return fig


def _wrap_narrow(text: str, width: int = NARROW_LABEL_CHARS) -> list[str]:
    """A label on lines for a narrow chart, broken between phrases.

    Examples
    --------
    >>> _wrap_narrow("地域住民等が相互に交流を図ることのできる拠点（n=23、あてはまる 13）")
    ['地域住民等が相互に交流を図ることのできる拠点', '（n=23、あてはまる 13）']
    """
    from jusolib.core.typography import wrap_phrases

    return wrap_phrases(str(text), width)


def share_by_class(
    shares: pd.DataFrame,
    *,
    labels: dict[str, str],
    title: str,
    synthetic: bool,
    note: str | None = None,
    small_base: int = 10,
    narrow: bool = False,
) -> Figure:
    """Positive share of each item by class (dots) against all respondents (grey bar), n in the legend.

    ``shares`` has ``item_id``, ``class``, ``n``, ``share`` rows (one per item × class) plus rows with class
    ``全体``. ``narrow``: drawn for a phone's width, each item's label above its bar.

    Parameters
    ----------
    shares
        One row per item × class with ``item_id``, ``class``, ``n`` and ``share`` (%), plus the rows of class
        全体.
    labels
        Item labels by item id.
    title
        The chart's title.
    synthetic
        Stamp the chart 「合成データ」 (data made up for the demonstration).
    note
        A line in small type at the bottom right (the base, the source); ``None`` for none.
    small_base
        A class with fewer respondents than this is marked 参考値 in the legend (default 10).
    narrow
        Draw for a phone's width (:data:`NARROW_WIDTH`), each item's label above its marks.

    Returns
    -------
    Figure
        A matplotlib figure with its alt text set (:func:`alt_text`): the title and the numbers drawn.
    """
    _ensure_theme()
    items = list(dict.fromkeys(shares["item_id"]))
    classes = [c for c in dict.fromkeys(shares["class"].astype(str)) if c != "全体"]
    ncol = 1 if narrow else min(len(classes) + 1, 3)
    legend_rows = -(-(len(classes) + 1) // ncol)
    width = NARROW_WIDTH if narrow else 9.5
    foot = foot_height(width, synthetic, note)
    margins = TITLE_MARGIN + foot + AXIS_MARGIN + LEGEND_ROW * legend_rows + 0.1
    wrapped = {i: _wrap_narrow(labels[i]) for i in items} if narrow else {}
    slot = {i: (0.5 + 0.19 * len(wrapped[i]) if narrow else 0.55) for i in items}
    title_lines = _wrap_narrow(title, 24) if narrow else [title]
    top = TITLE_MARGIN + 0.2 * (len(title_lines) - 1)
    fig, ax = plt.subplots(figsize=(width, margins + top - TITLE_MARGIN + sum(slot.values())))
    total_height = sum(slot.values())
    y, edge = {}, total_height
    for item in items:
        y[item] = edge - slot[item] + (0.25 if narrow else slot[item] / 2)
        edge -= slot[item]
    bar_height = 0.38
    total = shares[shares["class"].astype(str) == "全体"]
    ax.barh(
        [y[i] for i in total["item_id"]], total["share"], color="#dddddd", height=bar_height, label="全体"
    )
    offsets = np.linspace(0.13, -0.13, max(len(classes), 1))  # the first class on top, as the legend lists it
    for offset, (k, name) in zip(offsets, enumerate(classes), strict=False):
        part = shares[shares["class"].astype(str) == name]
        n = int(part["n"].max()) if len(part) else 0
        mark = "、参考値" if 0 < n < small_base else ""
        ax.scatter(
            part["share"],
            [y[i] + offset for i in part["item_id"]],
            color=CLASS_COLOURS[k % len(CLASS_COLOURS)],
            s=28,
            zorder=3,
            label=f"{name}（n={n}{mark}）",
        )
    ax.set_xlim(-2, 102)
    ax.set_ylim(0, total_height)
    # the report's 50% line, over the bars and under the class marks (as on the distribution chart)
    ax.axvline(HALF, color="#333333", linestyle=(0, (3, 3)), linewidth=1.0, zorder=2.5)
    ax.set_xlabel("肯定的回答の割合（%）", fontsize=MIN_FONT)
    ax.set_title("\n".join(title_lines), loc="left", fontsize=11, y=TITLE_Y)
    ax.grid(axis="y", visible=False)
    if narrow:
        ax.set_yticks([])
        for item in items:
            ax.text(
                0,
                y[item] + bar_height / 2 + 0.04,
                "\n".join(wrapped[item]),
                ha="left",
                va="bottom",
                fontsize=MIN_FONT,
                linespacing=1.15,
                zorder=5,
                bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.5},
            )
        ax.tick_params(axis="x", labelsize=MIN_FONT)
        fig_height = fig.get_size_inches()[1]
        bottom = foot + AXIS_MARGIN + LEGEND_ROW * legend_rows + 0.1
        fig.subplots_adjust(
            left=0.15 / width, right=1 - 0.15 / width, top=1 - top / fig_height, bottom=bottom / fig_height
        )
        handles, legend_labels = ax.get_legend_handles_labels()
        fig.legend(
            handles,
            legend_labels,
            loc="lower center",
            ncol=ncol,
            frameon=False,
            fontsize=MIN_FONT,
            bbox_to_anchor=(0.5, (foot - 0.05) / fig_height),
        )
    else:
        ax.set_yticks([y[i] for i in items], [_wrap(labels[i]) for i in items])
        _layout(fig, ax, left=LABEL_MARGIN, legend_rows=legend_rows, ncol=ncol, foot=foot)
    _stamp(fig, synthetic, note)
    described = []
    for item in items:
        part = shares[shares["item_id"] == item]
        values = "、".join(
            f"{c} {_share(v)}" for c, v in zip(part["class"].astype(str), part["share"], strict=True)
        )
        described.append(f"{labels[item]}: {values}")
    set_alt_text(fig, f"{title}。" + "。".join(described) + (f"。{note}" if note else ""))
    return fig


def counts_by_year(
    frame: pd.DataFrame,
    *,
    title: str,
    ylabel: str,
    synthetic: bool = False,
    note: str | None = None,
    narrow: bool = False,
) -> Figure:
    """Grouped bars of counts per fiscal year: ``frame`` indexed by year label, one column per series
    (``narrow``: drawn for a phone, the year labels on two lines).

    Parameters
    ----------
    frame
        Counts indexed by fiscal year label (令和3年度 …), one column per series; NaN where not known.
    title
        The chart's title.
    ylabel
        The y axis' label (自治体数, 人).
    synthetic
        Stamp the chart 「合成データ」 (data made up for the demonstration).
    note
        A line in small type at the bottom right (the base, the source); ``None`` for none.
    narrow
        Draw for a phone's width (:data:`NARROW_WIDTH`), the year labels on two lines.

    Returns
    -------
    Figure
        A matplotlib figure with its alt text set (:func:`alt_text`): the title and the numbers drawn.
    """
    _ensure_theme()
    width_in = NARROW_WIDTH if narrow else 8.0
    foot = foot_height(width_in, synthetic, note)
    fig, ax = plt.subplots(figsize=(width_in, 3.3 + foot + (0.3 if narrow else 0)))
    width = 0.8 / max(len(frame.columns), 1)
    x = np.arange(len(frame))
    for k, column in enumerate(frame.columns):
        values = frame[column].to_numpy(dtype=float)
        bars = ax.bar(
            x + (k - (len(frame.columns) - 1) / 2) * width,
            np.nan_to_num(values),
            width=width,
            color=CLASS_COLOURS[k % len(CLASS_COLOURS)] if k else POSITIVE_COLOURS[0],
            label=column,
        )
        for bar, value in zip(bars, values, strict=True):
            if not np.isnan(value):
                ax.text(
                    bar.get_x() + bar.get_width() / 2,
                    bar.get_height(),
                    f"{int(value)}",
                    ha="center",
                    va="bottom",
                    fontsize=MIN_FONT,
                )
    years = [str(y) for y in frame.index]
    ax.set_xticks(x, [y.replace("年度", "\n年度") for y in years] if narrow else years)
    ax.set_ylabel(ylabel, fontsize=MIN_FONT)
    ax.set_title("\n".join(_wrap_narrow(title, 20)) if narrow else title, loc="left", fontsize=11, y=TITLE_Y)
    if len(frame.columns) > 1:
        ax.legend(frameon=False, fontsize=MIN_FONT)
    ax.grid(axis="x", visible=False)
    _layout(fig, ax, left=0.6 if narrow else 0.8, foot=foot + (0.3 if narrow else 0))
    if narrow:
        height = fig.get_size_inches()[1]
        lines = len(_wrap_narrow(title, 20))
        fig.subplots_adjust(top=1 - (TITLE_MARGIN + 0.2 * (lines - 1)) / height)
    _stamp(fig, synthetic, note)
    series = [
        f"{column}: " + "、".join(f"{year} {int(v)}" for year, v in frame[column].items() if v == v)
        for column in frame.columns
    ]
    set_alt_text(fig, f"{title}。" + "。".join(series) + (f"。{note}" if note else ""))
    return fig


def change_chart(
    comparison: pd.DataFrame,
    *,
    labels: dict[str, str],
    title: str,
    synthetic: bool,
    note: str | None = None,
    interval_label: str = "95%信頼区間",
    narrow: bool = False,
) -> Figure:
    """Change of each comparable item's positive share in ポイント with its interval (``ci_low``/``ci_high``,
    named ``interval_label``), per group (``narrow``: drawn for a phone, each item's label above its lines).

    Parameters
    ----------
    comparison
        One row per item and group: ``item_id``, ``group``, ``comparable``, ``diff_points``, ``ci_low``,
        ``ci_high`` (ポイント); rows not comparable are left out.
    labels
        Item labels by item id.
    title
        The chart's title.
    synthetic
        Stamp the chart 「合成データ」 (data made up for the demonstration).
    note
        A line in small type at the bottom right (the base, the source); ``None`` for none.
    interval_label
        What the interval is, in the x axis' label and the alt text (default 95%信頼区間).
    narrow
        Draw for a phone's width (:data:`NARROW_WIDTH`), each item's label above its marks.

    Returns
    -------
    Figure
        A matplotlib figure with its alt text set (:func:`alt_text`): the title and the numbers drawn.
    """
    _ensure_theme()
    rows = comparison[comparison["comparable"]]
    items = list(dict.fromkeys(rows["item_id"]))
    groups = list(dict.fromkeys(rows["group"]))
    width = NARROW_WIDTH if narrow else 9.5
    foot = foot_height(width, synthetic, note)
    legend_rows = len(groups) if narrow else 1
    title_lines = _wrap_narrow(title, 24) if narrow else [title]
    top = TITLE_MARGIN + 0.2 * (len(title_lines) - 1)
    margins = top + foot + AXIS_MARGIN + LEGEND_ROW * legend_rows + 0.1
    wrapped = {i: _wrap_narrow(labels[i]) for i in items} if narrow else {}
    slot = {i: (0.2 + 0.3 * len(groups) + 0.19 * len(wrapped[i]) if narrow else 0.45) for i in items}
    total = sum(slot.values())
    fig, ax = plt.subplots(figsize=(width, margins + total))
    y, edge = {}, total
    for item in items:
        y[item] = edge - slot[item] + (0.1 + 0.15 * len(groups) if narrow else slot[item] / 2)
        edge -= slot[item]
    for k, group in enumerate(groups):
        part = rows[rows["group"] == group]
        ys = np.array([y[i] for i in part["item_id"]]) + ((len(groups) - 1) / 2 - k) * (
            0.3 if narrow else 0.14
        )
        xerr = np.vstack([part["diff_points"] - part["ci_low"], part["ci_high"] - part["diff_points"]])
        ax.errorbar(
            part["diff_points"],
            ys,
            xerr=xerr,
            fmt="o",
            ms=4,
            capsize=2,
            color=CLASS_COLOURS[k % len(CLASS_COLOURS)],
            label=group,
        )
    ax.axvline(0, color="#333333", lw=0.8)
    ax.set_ylim(0, total)
    ax.set_xlabel(f"差（ポイント）と{interval_label}", fontsize=MIN_FONT)
    ax.set_title("\n".join(title_lines), loc="left", fontsize=11, y=TITLE_Y)
    if narrow:
        ax.set_yticks([])
        left_edge = ax.get_xlim()[0]
        for item in items:
            ax.text(
                left_edge,
                y[item] + 0.15 * len(groups) + 0.05,
                "\n".join(wrapped[item]),
                ha="left",
                va="bottom",
                fontsize=MIN_FONT,
                linespacing=1.15,
                zorder=5,
                bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.5},
            )
        ax.tick_params(axis="x", labelsize=MIN_FONT)
        height = fig.get_size_inches()[1]
        fig.subplots_adjust(
            left=0.15 / width,
            right=1 - 0.15 / width,
            top=1 - top / height,
            bottom=(foot + AXIS_MARGIN + LEGEND_ROW * legend_rows + 0.1) / height,
        )
        _legend_below(fig, ax, ncol=1, bottom=(foot - 0.05) / height)
    else:
        ax.set_yticks([y[i] for i in items], [_wrap(labels[i], 21) for i in items])
        _layout(fig, ax, left=LABEL_MARGIN + 0.5, legend_rows=1, ncol=2, foot=foot)
    _stamp(fig, synthetic, note)
    from jusolib.core.formatting import format_points, format_share

    described = [
        f"{labels[r.item_id]}（{r.group}）: {format_points(r.diff_points)}"
        f"（{interval_label} {format_share(r.ci_low)}〜{format_share(r.ci_high)}）"
        for r in rows.itertuples()
    ]
    set_alt_text(fig, f"{title}。" + "。".join(described) + (f"。{note}" if note else ""))
    return fig


def network_chart(
    nodes: pd.DataFrame,
    edges: pd.DataFrame,
    positions: dict[str, tuple[float, float]],
    *,
    groups: dict[str, str | None],
    legend: dict[str, str],
    title: str,
    note: str,
    synthetic: bool,
    shared_colour: str = "#9e9e9e",
    size: tuple[float, float] = (9.5, 7.0),
    label_size: float = MIN_FONT,
    separate_labels: bool = False,
    narrow: bool = False,
) -> Figure:
    """A co-occurrence network: edges as grey lines (thicker for a larger Jaccard coefficient), nodes as circles
    sized by ``respondents`` and coloured by their group (``groups``: node → a key of ``legend``, or ``None`` for
    none), every word labelled. ``positions`` places the nodes (:func:`jusolib.text.cooccurrence.layout`); the
    axes span them with a margin, so two years drawn with shared positions line up.

    With ``separate_labels`` (a slide, drawn at the size it is shown) no two labels overlap: the words are
    labelled in order of respondents, each on its node or just above, below, right or left of it, the first of
    these places where its box (measured by the renderer) meets no label already placed; a word with no such
    place is left out of the picture with its edges, as is a word left with no edge, and the note says how many
    words are drawn (the numbers of every word stay in the table).

    Parameters
    ----------
    nodes
        ``node``, ``respondents`` (and ``kind``: a ``theme`` is drawn as a square), as
        :attr:`jusolib.text.cooccurrence.Network.nodes`.
    edges
        ``source``, ``target``, ``jaccard``, as :attr:`jusolib.text.cooccurrence.Network.edges`.
    positions
        Node → (x, y).
    groups
        Node → the key of ``legend`` whose colour it takes, or ``None`` (``shared_colour``).
    legend
        Group key → its label with its base, in colour order.
    title
        The chart's title (the section and what it shows).
    note
        The settings in one line (words, edges, threshold), printed under the chart.
    synthetic
        Stamp the chart 合成データ.
    shared_colour
        The colour of a node no group uses most.
    size
        The figure's width and height (inches; default 9.5 × 7).
    label_size
        The words' and the legend's font size (points; default :data:`MIN_FONT`).
    separate_labels
        Place the labels so that none overlaps another, leaving out the words that cannot be placed.
    narrow
        Drawn for a phone's width: the title on lines broken between phrases, the legend in one column.

    Returns
    -------
    Figure
        ``size`` inches, with its alt text.

    Examples
    --------
    >>> nodes = pd.DataFrame({"node": ["連携", "研修"], "kind": "word", "documents": [3, 2], "respondents": [3, 2]})
    >>> edges = pd.DataFrame({"source": ["研修"], "target": ["連携"], "both": [2], "source_documents": [2],
    ...                       "target_documents": [3], "jaccard": [2 / 3]})
    >>> fig = network_chart(nodes, edges, {"連携": (0.0, 0.0), "研修": (1.0, 0.5)}, groups={"連携": "大", "研修": None},
    ...                     legend={"大": "大（n=12）"}, title="II 変化", note="2語", synthetic=True)
    >>> sorted(t.get_text() for t in fig.axes[0].texts)
    ['研修', '連携']
    """
    _ensure_theme()
    fig, ax = plt.subplots(figsize=size)
    colours = {name: CLASS_COLOURS[k % len(CLASS_COLOURS)] for k, name in enumerate(legend)}
    xs = [p[0] for p in positions.values()] or [0.0]
    ys = [p[1] for p in positions.values()] or [0.0]
    pad_x = max(0.15, 0.12 * (max(xs) - min(xs)))
    pad_y = max(0.15, 0.1 * (max(ys) - min(ys)))
    ax.set_xlim(min(xs) - pad_x, max(xs) + pad_x)
    ax.set_ylim(min(ys) - pad_y, max(ys) + pad_y)
    ax.set_xticks([])
    ax.set_yticks([])
    ax.grid(False)
    for spine in ax.spines.values():
        spine.set_visible(False)
    handles = [
        plt.Line2D([], [], marker="o", linestyle="", color=colours[name], markersize=8, label=text)
        for name, text in legend.items()
    ]
    handles.append(
        plt.Line2D([], [], marker="o", linestyle="", color=shared_colour, markersize=8, label="同率")
    )
    width, height = fig.get_size_inches()
    columns = 1 if narrow else 4
    rows = -(-len(handles) // columns)
    title_lines = _wrap_narrow(title, 24) if narrow else [title]
    top_margin = TITLE_MARGIN + 0.2 * (len(title_lines) - 1)
    kinds = nodes["kind"] if "kind" in nodes else pd.Series("word", index=nodes.index)
    labels = {
        str(node): _wrap(str(node), 10) if kind == "theme" else str(node)
        for node, kind in zip(nodes["node"], kinds, strict=True)
    }
    placed: dict[str, tuple[float, float]] = {str(n): (0.0, 0.0) for n in nodes["node"]}
    if separate_labels:
        # the figure's layout is fixed first (the note's lines included), so that the labels are measured where
        # they are drawn
        fig.subplots_adjust(
            left=0.2 / width,
            right=1 - 0.2 / width,
            top=1 - top_margin / height,
            bottom=(foot_height(width, synthetic, note) + LEGEND_ROW * rows + 0.25) / height,
        )
        placed = place_labels(ax, nodes, positions, labels, label_size=label_size)
        linked = {
            str(a)
            for pair in zip(edges["source"], edges["target"], strict=True)
            for a in pair
            if str(pair[0]) in placed and str(pair[1]) in placed
        }
        placed = {n: offset for n, offset in placed.items() if n in linked}
        edges = edges[edges["source"].astype(str).isin(placed) & edges["target"].astype(str).isin(placed)]
        if len(placed) < len(nodes):
            note = (
                f"{note}。図は回答者の多い語から、重ならずに書ける{len(placed)}語と{len(edges)}本（全体は表）"
            )
        nodes = nodes[nodes["node"].astype(str).isin(placed)]
        kinds = kinds[nodes.index]
    for source, target, weight in zip(edges["source"], edges["target"], edges["jaccard"], strict=True):
        (x0, y0), (x1, y1) = positions[source], positions[target]
        ax.plot([x0, x1], [y0, y1], color="#b0b0b0", linewidth=0.6 + 3.0 * float(weight), zorder=1)
    largest = max(int(nodes["respondents"].max()), 1) if len(nodes) else 1
    for node, respondents, kind in zip(nodes["node"], nodes["respondents"], kinds, strict=True):
        x, y = positions[node]
        group = groups.get(node)
        colour = colours.get(group, shared_colour) if group is not None else shared_colour
        ax.scatter(
            [x],
            [y],
            s=80 + 900 * int(respondents) / largest,
            color=colour,
            alpha=0.75,
            zorder=2,
            edgecolors="white",
            linewidths=0.8,
            marker="s" if kind == "theme" else "o",  # a theme is a square, a word a circle
        )
        ax.annotate(
            labels[str(node)],
            (x, y),
            xytext=placed[str(node)],
            textcoords="offset points",
            ha="center",
            va="center",
            fontsize=label_size,
            zorder=3,
        )
    ax.set_title("\n".join(title_lines), loc="left", fontsize=11, y=TITLE_Y)
    foot = foot_height(width, synthetic, note)
    bottom = foot + LEGEND_ROW * rows + 0.25
    fig.subplots_adjust(
        left=0.2 / width, right=1 - 0.2 / width, top=1 - top_margin / height, bottom=bottom / height
    )
    fig.legend(
        handles=handles,
        loc="lower center",
        ncol=min(len(handles), columns),
        frameon=False,
        fontsize=label_size,
        bbox_to_anchor=(0.5, (foot + 0.02) / height),
    )
    _stamp(fig, synthetic, note)
    strongest = edges.sort_values("jaccard", ascending=False, kind="stable").head(10)
    pairs = "、".join(
        f"{a}–{b}（{float(j):.2f}）"
        for a, b, j in zip(strongest["source"], strongest["target"], strongest["jaccard"], strict=True)
    )
    set_alt_text(fig, f"{title}。{note}。強い共起: {pairs}" if pairs else f"{title}。{note}")
    return fig


def place_labels(
    ax: plt.Axes,
    nodes: pd.DataFrame,
    positions: dict[str, tuple[float, float]],
    labels: dict[str, str],
    *,
    label_size: float,
) -> dict[str, tuple[float, float]]:
    """Where each node's label goes (an offset in points from the node) so that no two labels overlap.

    The nodes are taken by ``respondents``, most first (ties in their order); each label tries its node's
    centre, then just above, below, right and left of it, and takes the first place whose box (as the renderer
    draws it, 2 points of margin) meets no label placed before and stays inside the axes. A node with no such
    place is not in the result.

    Parameters
    ----------
    ax
        The axes, its limits and position final.
    nodes
        ``node`` and ``respondents``.
    positions
        Node → (x, y) in data coordinates.
    labels
        Node → its label's text.
    label_size
        The labels' font size (points).

    Returns
    -------
    dict
        Node → (dx, dy) in points, for the nodes whose label has a place, in the order they were placed.

    Examples
    --------
    >>> fig, ax = plt.subplots(figsize=(4, 3))
    >>> ax.set_xlim(0, 1); ax.set_ylim(0, 1)  # doctest: +ELLIPSIS
    (...)
    >>> nodes = pd.DataFrame({"node": ["連携", "研修", "地域"], "respondents": [3, 2, 1]})
    >>> place_labels(ax, nodes, {"連携": (0.5, 0.5), "研修": (0.5, 0.5), "地域": (0.1, 0.9)},
    ...              {"連携": "連携", "研修": "研修", "地域": "地域"}, label_size=12)
    {'連携': (0.0, 0.0), '研修': (0.0, 18.0), '地域': (0.0, 0.0)}
    >>> plt.close(fig)
    """
    renderer = ax.figure.canvas.get_renderer()  # type: ignore[attr-defined]
    frame = ax.get_window_extent(renderer)
    step, side = 1.5 * label_size, 0.6 * label_size
    order = nodes.sort_values("respondents", ascending=False, kind="stable")["node"]
    boxes: list[Any] = []
    placed: dict[str, tuple[float, float]] = {}
    for node in order.astype(str):
        width = len(labels[node]) * label_size
        candidates = [
            (0.0, 0.0),
            (0.0, step),
            (0.0, -step),
            (width / 2 + side, 0.0),
            (-width / 2 - side, 0.0),
        ]
        for offset in candidates:
            text = ax.annotate(
                labels[node],
                positions[node],
                xytext=offset,
                textcoords="offset points",
                ha="center",
                va="center",
                fontsize=label_size,
            )
            box = text.get_window_extent(renderer).expanded(1.0, 1.0).padded(2.0)
            text.remove()
            inside = box.x0 >= frame.x0 and box.x1 <= frame.x1 and box.y0 >= frame.y0 and box.y1 <= frame.y1
            if inside and not any(box.overlaps(other) for other in boxes):
                boxes.append(box)
                placed[node] = offset
                break
    return placed
