import warnings

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import pandas as pd
import pytest

from jusolib.analysis.charts import SYNTHETIC_STAMP, answer_colours, stacked_bars, use_japanese_theme
from jusolib.report import YearReport


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def draw(fig):
    fig.canvas.draw()
    return fig


def test_default_font_would_show_boxes():
    """The guard works: without the Japanese font, matplotlib warns about missing glyphs."""
    with (
        matplotlib.rc_context({"font.family": ["DejaVu Sans"]}),
        warnings.catch_warnings(record=True) as caught,
    ):
        warnings.simplefilter("always")
        fig, ax = plt.subplots()
        ax.set_title("無回答")
        fig.canvas.draw()
    assert any("Glyph" in str(w.message) and "missing" in str(w.message) for w in caught)


@pytest.fixture(scope="module")
def report():
    return YearReport.load(2025)


@pytest.mark.parametrize("section", ["I", "II", "III"])
def test_every_chart_draws_japanese_without_missing_glyphs(report, section):
    # pyproject's filterwarnings turns a "Glyph … missing" warning into an error here
    use_japanese_theme()
    draw(report.plot_distribution(section))
    draw(report.plot_share_by_class(section))


def test_other_charts(report):
    for fig in (report.plot_implementation(), report.plot_coordinators(), report.plot_year_over_year()):
        draw(fig)


def test_seaborn_theme_keeps_the_japanese_font():
    use_japanese_theme()
    assert plt.rcParams["font.family"][0] == "IPAexGothic" or "IPAexGothic" in plt.rcParams["font.sans-serif"]


def test_stacked_bars_show_n_and_the_synthetic_stamp():
    frame = pd.DataFrame(
        {"n": [23.0, 21.0], "あてはまる": [50.0, 40.0], "あてはまらない": [50.0, 60.0]}, index=["a", "b"]
    )
    fig = stacked_bars(frame, title="t", positive=["あてはまる"], synthetic=True)
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert "n=23" in texts and "n=21" in texts
    assert SYNTHETIC_STAMP in [t.get_text() for t in fig.texts]
    widths = [p.get_width() for p in fig.axes[0].patches]
    assert widths == [50.0, 40.0, 50.0, 60.0]


def test_real_data_has_no_stamp():
    frame = pd.DataFrame({"n": [5.0], "あてはまる": [100.0]}, index=["a"])
    fig = stacked_bars(frame, title="t", positive=["あてはまる"], synthetic=False)
    assert SYNTHETIC_STAMP not in [t.get_text() for t in fig.texts]


def test_colours_follow_polarity():
    colours = answer_colours(
        ["とてもあてはまる", "あてはまる", "あてはまらない", "全くあてはまらない", "無回答"],
        ["とてもあてはまる", "あてはまる"],
    )
    assert colours == ["#1f4e8c", "#6f9bd1", "#e39b5b", "#b5541c", "#ececec"]


@pytest.mark.parametrize("section", ["I", "III"])
def test_item_labels_and_legend_stay_inside_the_figure(report, section):
    for fig in (
        report.plot_distribution(section),
        report.plot_share_by_class(section),
        report.plot_year_over_year(),
    ):
        fig.canvas.draw()
        width = fig.bbox.width
        for label in fig.axes[0].get_yticklabels():
            box = label.get_window_extent()
            assert box.x0 >= 0 and box.x1 <= width, label.get_text()
        for legend in fig.legends:
            box = legend.get_window_extent()
            assert box.y0 >= 0 and box.x0 >= 0 and box.x1 <= width


def test_item_labels_wrap_between_phrases(report):
    fig = report.plot_distribution("I")
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    # BudouX phrases 地域住民等が|相互に|交流を|図る|ことの|できる|拠点 (22 characters): two lines are needed at
    # 18, and the narrowest width that still gives two is 12 — so the break falls after 交流を, not 「の/できる」
    assert "地域住民等が相互に交流を\n図ることのできる拠点" in labels
    assert "地域生活課題を解決する\nための有機的な連携" in labels
    assert all(len(line) <= 18 for label in labels for line in label.split("\n"))


def test_footnote_marks_sit_on_their_items(report):
    fig = report.plot_distribution("III")
    labels = [t.get_text().replace("\n", "") for t in fig.axes[0].get_yticklabels()]
    marked = {label.rsplit(" ", 1)[1] for label in labels if "※" in label}
    assert marked == {"※1", "※2", "※3"}
    assert sum("※" in label for label in labels) == 3


def test_alt_text_names_the_chart_and_its_numbers(report):
    from jusolib.analysis.charts import alt_text

    text = alt_text(YearReport.load(2024).plot_distribution("I"))
    assert text.startswith("I 包括的支援体制の整備に向けた成果・進捗状況（%）。")
    # I-1: 19 of 23 あてはまる (82.6%), as published
    assert "地域住民の参加を促す活動を行う者（n=23）: あてはまる 82.6%" in text


def test_network_chart_labels_every_node_and_sizes_them_by_respondents():
    from jusolib.analysis.charts import alt_text, network_chart

    nodes = pd.DataFrame(
        {
            "node": ["連携", "研修", "住民が地域課題を考える勉強会"],
            "kind": ["word", "word", "theme"],
            "documents": [3, 2, 2],
            "respondents": [3, 1, 2],
        }
    )
    edges = pd.DataFrame(
        {
            "source": ["研修", "研修"],
            "target": ["連携", "住民が地域課題を考える勉強会"],
            "both": [2, 2],
            "source_documents": [2, 2],
            "target_documents": [3, 2],
            "jaccard": [2 / 3, 1.0],
        }
    )
    positions = {"連携": (0.0, 0.0), "研修": (1.0, 0.0), "住民が地域課題を考える勉強会": (0.5, 1.0)}
    fig = draw(
        network_chart(
            nodes,
            edges,
            positions,
            groups={"連携": "大", "研修": None},
            legend={"大": "大（n=12）"},
            title="II 変化 — 共起",
            note="3語・2本",
            synthetic=True,
        )
    )
    ax = fig.axes[0]
    assert {t.get_text().replace("\n", "") for t in ax.texts} == set(nodes["node"])
    sizes = [c.get_sizes()[0] for c in ax.collections]
    assert sizes[0] > sizes[2] > sizes[1]  # 3, 2 and 1 respondents
    assert alt_text(fig).startswith(
        "II 変化 — 共起。3語・2本。強い共起: 研修–住民が地域課題を考える勉強会（1.00）"
    )
    assert SYNTHETIC_STAMP in {t.get_text() for t in fig.texts}


def test_dots_at_100_and_0_percent_are_drawn_whole():
    """A class at 100% (FY2025 cohort R3–R4 on I-3: 7 of 7) or 0% is a whole dot, not cut at the axes' edge."""
    chart = YearReport.load(2025, size_scheme="cohort").plot_share_by_class("I")
    ax = chart.axes[0]
    draw(chart)
    box = ax.get_window_extent()
    shares = [x for collection in ax.collections for x, _ in collection.get_offsets()]
    assert 100.0 in shares and 0.0 in shares
    for collection in ax.collections:
        radius = (collection.get_sizes()[0] ** 0.5) / 2 * chart.dpi / 72  # marker size is points²
        for x, y in collection.get_offsets():
            px, _ = ax.transData.transform((x, y))
            assert box.x0 <= px - radius and px + radius <= box.x1, (x, y)


def test_empty_classes_are_not_in_the_legend_and_the_title_says_gotoni():
    chart = YearReport.load(2024, size_scheme="団体種別").plot_share_by_class("I")
    legend = [t.get_text() for t in chart.legends[0].get_texts()]
    assert legend == ["特別区（n=11）", "市（n=12）", "全体"]  # no 町村（n=0）: no 町村 implements in 2024
    assert chart.axes[0].get_title(loc="left") == "I 肯定的回答の割合 — 団体種別ごと"  # not 団体種別別


def test_the_size_chart_draws_the_half_line_between_the_bars_and_the_marks(report):
    # issue 22 (the report's shape): the 50% line on every share chart; on the size chart it lies over the grey
    # 全体 bars and under the class marks, so both stay readable
    ax = report.plot_share_by_class("I").axes[0]
    halves = [line for line in ax.lines if list(line.get_xdata()) == [50.0, 50.0]]
    assert len(halves) == 1
    bars = max(patch.get_zorder() for patch in ax.patches)
    marks = min(collection.get_zorder() for collection in ax.collections)
    assert bars < halves[0].get_zorder() < marks
    plt.close("all")


def test_separated_network_labels_never_overlap_and_crowded_words_are_left_out():
    # issue 22: network words drawn on top of one another. Twelve words, six of them at one point: with
    # separate_labels every label's box (measured by the renderer) is clear of the others, and the note says
    # how many words are drawn
    from jusolib.analysis.charts import network_chart

    words = [f"語{k:02d}" for k in range(12)]
    nodes = pd.DataFrame({"node": words, "kind": "word", "respondents": list(range(12, 0, -1))})
    positions = {w: ((0.5, 0.5) if k < 6 else (k / 12, 0.1)) for k, w in enumerate(words)}
    edges = pd.DataFrame({"source": words[:-1], "target": words[1:], "jaccard": [0.5] * 11})
    fig = network_chart(
        nodes,
        edges,
        positions,
        groups={},
        legend={},
        title="t",
        note="12語",
        synthetic=False,
        size=(6.0, 3.0),
        label_size=12,
        separate_labels=True,
    )
    ax = fig.axes[0]
    texts = [t for t in ax.texts if t.get_text()]
    renderer = fig.canvas.get_renderer()
    boxes = [t.get_window_extent(renderer) for t in texts]
    assert all(not a.overlaps(b) for i, a in enumerate(boxes) for b in boxes[i + 1 :])
    assert 1 < len(texts) < 12 and all(t.get_fontsize() == 12 for t in texts)
    assert f"{len(texts)}語" in " ".join(t.get_text() for t in fig.texts)
    plt.close(fig)
