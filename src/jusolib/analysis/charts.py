"""Charts in the report's style, with Japanese text that renders (IPAexGothic from matplotlib-fontja).

Every chart states its base n, and carries a 「合成データ」 stamp when drawn from synthetic data.
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


def set_alt_text(fig: Figure, text: str) -> None:
    """Attach the alt text (title and key numbers) that a page shows for this chart."""
    setattr(fig, _ALT, text)


def alt_text(fig: Figure) -> str:
    """The chart's alt text; a chart drawn elsewhere falls back to its axes' titles.

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
    fig: Figure, ax: plt.Axes, *, left: float, right: float = 0.2, legend_rows: int = 0, ncol: int = 1
) -> None:
    """Place the axes with fixed margins (inches) and, if asked, the legend centred below it."""
    ax.tick_params(axis="y", labelsize=LABEL_SIZE)
    width, height = fig.get_size_inches()
    bottom = STAMP_MARGIN + AXIS_MARGIN + (LEGEND_ROW * legend_rows + 0.1 if legend_rows else 0)
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
            fontsize=8,
            bbox_to_anchor=(0.5, (STAMP_MARGIN - 0.05) / height),
        )


def _stamp(fig: Figure, synthetic: bool, note: str | None = None) -> None:
    if synthetic:
        fig.text(0.01, 0.005, SYNTHETIC_STAMP, ha="left", va="bottom", fontsize=8, color="#b71c1c")
    if note:
        fig.text(0.99, 0.005, note, ha="right", va="bottom", fontsize=8, color="#555555")


def stacked_bars(
    frame: pd.DataFrame,
    *,
    title: str,
    positive: Sequence[str],
    synthetic: bool,
    note: str | None = None,
    no_answer: str = "無回答",
) -> Figure:
    """100% stacked horizontal bars, one per item in questionnaire order (top first), n at the end of each bar.

    ``frame`` is a distribution table: an ``n`` column then one column of percentages per answer.
    """
    _ensure_theme()
    answers = [c for c in frame.columns if c != "n"]
    colours = answer_colours(answers, positive, no_answer)
    height = TITLE_MARGIN + STAMP_MARGIN + AXIS_MARGIN + LEGEND_ROW + 0.1 + 0.5 * len(frame)
    fig, ax = plt.subplots(figsize=(9.5, height))
    y = np.arange(len(frame))[::-1]
    left = np.zeros(len(frame))
    for answer, colour in zip(answers, colours, strict=True):
        values = frame[answer].fillna(0).to_numpy(dtype=float)
        ax.barh(y, values, left=left, color=colour, edgecolor="white", height=0.7, label=answer)
        for yi, x0, v in zip(y, left, values, strict=True):
            if v >= 6:
                dark = colour in (POSITIVE_COLOURS[0], NEGATIVE_COLOURS[1])
                ax.text(
                    x0 + v / 2,
                    yi,
                    f"{v:.1f}",
                    ha="center",
                    va="center",
                    fontsize=8,
                    color="white" if dark else "#222222",
                )
        left += values
    for yi, n in zip(y, frame["n"], strict=True):
        ax.text(101, yi, f"n={int(n)}", va="center", fontsize=8, color="#333333")
    ax.set_yticks(y, [_wrap(label) for label in frame.index])
    ax.set_xlim(0, 100)
    ax.set_xlabel("%")
    ax.set_title(title, loc="left", fontsize=11, y=TITLE_Y)
    ax.grid(axis="y", visible=False)
    _layout(fig, ax, left=LABEL_MARGIN, right=0.6, legend_rows=1, ncol=len(answers))
    _stamp(fig, synthetic, note)
    items = [
        f"{label}（n={int(row['n'])}）: "
        + "、".join(f"{a} {_share(row[a])}" for a in answers if row[a] == row[a] and row[a] > 0)
        for label, row in frame.iterrows()
    ]
    set_alt_text(fig, f"{title}。" + "。".join(items))
    return fig


def share_by_class(
    shares: pd.DataFrame,
    *,
    labels: dict[str, str],
    title: str,
    synthetic: bool,
    note: str | None = None,
    small_base: int = 10,
) -> Figure:
    """Positive share of each item by class (dots) against all respondents (grey bar), n in the legend.

    ``shares`` has ``item_id``, ``class``, ``n``, ``share`` rows (one per item × class) plus rows with class
    ``全体``.
    """
    _ensure_theme()
    items = list(dict.fromkeys(shares["item_id"]))
    classes = [c for c in dict.fromkeys(shares["class"].astype(str)) if c != "全体"]
    legend_rows = -(-(len(classes) + 1) // min(len(classes) + 1, 3))
    margins = TITLE_MARGIN + STAMP_MARGIN + AXIS_MARGIN + LEGEND_ROW * legend_rows + 0.1
    fig, ax = plt.subplots(figsize=(9.5, margins + 0.6 * len(items)))
    y = {item: len(items) - 1 - i for i, item in enumerate(items)}
    total = shares[shares["class"].astype(str) == "全体"]
    ax.barh([y[i] for i in total["item_id"]], total["share"], color="#dddddd", height=0.7, label="全体")
    offsets = np.linspace(-0.25, 0.25, max(len(classes), 1))
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
    ax.set_yticks([y[i] for i in items], [_wrap(labels[i]) for i in items])
    ax.set_xlim(-2, 102)
    ax.set_xlabel("肯定的回答の割合（%）")
    ax.set_title(title, loc="left", fontsize=11, y=TITLE_Y)
    ax.grid(axis="y", visible=False)
    _layout(fig, ax, left=LABEL_MARGIN, legend_rows=legend_rows, ncol=min(len(classes) + 1, 3))
    _stamp(fig, synthetic, note)
    described = []
    for item in items:
        part = shares[shares["item_id"] == item]
        values = "、".join(
            f"{c} {_share(v)}" for c, v in zip(part["class"].astype(str), part["share"], strict=True)
        )
        described.append(f"{labels[item]}: {values}")
    set_alt_text(fig, f"{title}。" + "。".join(described))
    return fig


def counts_by_year(
    frame: pd.DataFrame,
    *,
    title: str,
    ylabel: str,
    synthetic: bool = False,
    note: str | None = None,
) -> Figure:
    """Grouped bars of counts per fiscal year: ``frame`` indexed by year label, one column per series."""
    _ensure_theme()
    fig, ax = plt.subplots(figsize=(8, 3.6))
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
                    fontsize=9,
                )
    ax.set_xticks(x, list(frame.index))
    ax.set_ylabel(ylabel)
    ax.set_title(title, loc="left", fontsize=11, y=TITLE_Y)
    if len(frame.columns) > 1:
        ax.legend(frameon=False, fontsize=9)
    ax.grid(axis="x", visible=False)
    _layout(fig, ax, left=0.8)
    _stamp(fig, synthetic, note)
    series = [
        f"{column}: " + "、".join(f"{year} {int(v)}" for year, v in frame[column].items() if v == v)
        for column in frame.columns
    ]
    set_alt_text(fig, f"{title}。" + "。".join(series))
    return fig


def change_chart(
    comparison: pd.DataFrame,
    *,
    labels: dict[str, str],
    title: str,
    synthetic: bool,
    note: str | None = None,
    interval_label: str = "95%信頼区間",
) -> Figure:
    """Change of each comparable item's positive share in ポイント with its interval (``ci_low``/``ci_high``,
    named ``interval_label``), per group."""
    _ensure_theme()
    rows = comparison[comparison["comparable"]]
    items = list(dict.fromkeys(rows["item_id"]))
    groups = list(dict.fromkeys(rows["group"]))
    margins = TITLE_MARGIN + STAMP_MARGIN + AXIS_MARGIN + LEGEND_ROW + 0.1
    fig, ax = plt.subplots(figsize=(9.5, margins + 0.45 * len(items)))
    y = {item: len(items) - 1 - i for i, item in enumerate(items)}
    for k, group in enumerate(groups):
        part = rows[rows["group"] == group]
        ys = np.array([y[i] for i in part["item_id"]]) + (k - (len(groups) - 1) / 2) * 0.3
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
    ax.set_yticks([y[i] for i in items], [_wrap(labels[i], 21) for i in items])
    ax.set_xlabel(f"差（ポイント）と{interval_label}")
    ax.set_title(title, loc="left", fontsize=11, y=TITLE_Y)
    _layout(fig, ax, left=LABEL_MARGIN + 0.5, legend_rows=1, ncol=2)
    _stamp(fig, synthetic, note)
    from jusolib.core.formatting import format_points, format_share

    described = [
        f"{labels[r.item_id]}（{r.group}）: {format_points(r.diff_points)}"
        f"（{interval_label} {format_share(r.ci_low)}〜{format_share(r.ci_high)}）"
        for r in rows.itertuples()
    ]
    set_alt_text(fig, f"{title}。" + "。".join(described))
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
) -> Figure:
    """A co-occurrence network: edges as grey lines (thicker for a larger Jaccard coefficient), nodes as circles
    sized by ``respondents`` and coloured by their group (``groups``: node → a key of ``legend``, or ``None`` for
    none), every word labelled. ``positions`` places the nodes (:func:`jusolib.text.cooccurrence.layout`); the
    axes span them with a margin, so two years drawn with shared positions line up.

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

    Returns
    -------
    Figure
        9.5 × 7 inches, with its alt text.

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
    fig, ax = plt.subplots(figsize=(9.5, 7.0))
    colours = {name: CLASS_COLOURS[k % len(CLASS_COLOURS)] for k, name in enumerate(legend)}
    for source, target, weight in zip(edges["source"], edges["target"], edges["jaccard"], strict=True):
        (x0, y0), (x1, y1) = positions[source], positions[target]
        ax.plot([x0, x1], [y0, y1], color="#b0b0b0", linewidth=0.6 + 3.0 * float(weight), zorder=1)
    largest = max(int(nodes["respondents"].max()), 1) if len(nodes) else 1
    kinds = nodes["kind"] if "kind" in nodes else pd.Series("word", index=nodes.index)
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
        label = _wrap(str(node), 10) if kind == "theme" else str(node)
        ax.text(x, y, label, ha="center", va="center", fontsize=8 if kind == "theme" else 9, zorder=3)
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
    ax.set_title(title, loc="left", fontsize=11, y=TITLE_Y)
    handles = [
        plt.Line2D([], [], marker="o", linestyle="", color=colours[name], markersize=8, label=text)
        for name, text in legend.items()
    ]
    handles.append(
        plt.Line2D([], [], marker="o", linestyle="", color=shared_colour, markersize=8, label="同率")
    )
    width, height = fig.get_size_inches()
    rows = -(-len(handles) // 4)
    bottom = STAMP_MARGIN + LEGEND_ROW * rows + 0.25
    fig.subplots_adjust(
        left=0.2 / width, right=1 - 0.2 / width, top=1 - TITLE_MARGIN / height, bottom=bottom / height
    )
    fig.legend(
        handles=handles,
        loc="lower center",
        ncol=min(len(handles), 4),
        frameon=False,
        fontsize=8,
        bbox_to_anchor=(0.5, (STAMP_MARGIN + 0.12) / height),
    )
    fig.text(0.5, 0.005 + STAMP_MARGIN / height * 0.05, "", fontsize=1)
    _stamp(fig, synthetic, None)
    fig.text(0.01, (STAMP_MARGIN - 0.02) / height, note, ha="left", va="top", fontsize=7.5, color="#555555")
    strongest = edges.sort_values("jaccard", ascending=False, kind="stable").head(10)
    pairs = "、".join(
        f"{a}–{b}（{float(j):.2f}）"
        for a, b, j in zip(strongest["source"], strongest["target"], strongest["jaccard"], strict=True)
    )
    set_alt_text(fig, f"{title}。{note}。強い共起: {pairs}" if pairs else f"{title}。{note}")
    return fig
