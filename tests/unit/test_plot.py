import warnings

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import pandas as pd
import pytest

from jusolib.plot import SYNTHETIC_STAMP, answer_colours, stacked_bars, use_japanese_theme
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
