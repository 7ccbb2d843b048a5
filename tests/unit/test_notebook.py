"""What every report notebook shows: the banner, the header, charts with their metadata, notices and statuses.

The report is a hand-made stand-in with only the attributes these functions read; what is displayed is
caught by replacing IPython's ``display``."""

from __future__ import annotations

from types import SimpleNamespace

import matplotlib.pyplot as plt
import pytest
from IPython import display as ipython_display

from jusolib import notebook
from jusolib.analysis.charts import use_japanese_theme
from jusolib.core.typography import join_cjk_lines
from jusolib.core.wording import paragraph


def _report(**changes):
    values = {
        "banner": "合成データ（架空の回答）",
        "build_notice": "",
        "privacy_notice": "",
        "label": "令和6年度 (2024)",
        "respondent_label": "自治体",
        "n_respondents": 23,
        "caption": "人口規模: 10万未満 3／10万〜20万 7",
    }
    return SimpleNamespace(**{**values, **changes})


@pytest.fixture
def shown(monkeypatch):
    """Every object ``display`` was given, with its metadata."""
    calls = []
    monkeypatch.setattr(ipython_display, "display", lambda obj, metadata=None: calls.append((obj, metadata)))
    return calls


def test_the_banner_is_escaped_red_text_and_nothing_for_real_data():
    html = notebook.banner_html(_report(banner="合成データ <架空>"))
    assert html.startswith('<p class="jusolib-banner"') and "#b71c1c" in html
    assert "合成データ &lt;架空&gt;</p>" in html
    assert notebook.banner_html(_report(banner="")) == ""


def test_the_header_names_year_respondents_and_classes_after_the_notices():
    html = notebook.header_html(_report(build_notice="問題のある2行を除外", privacy_notice="電話番号 & 氏名"))
    assert html.index("build-notice") < html.index("問題のある2行を除外") < html.index("電話番号 &amp; 氏名")
    assert html.endswith(
        '<p class="page-facts"><b>令和6年度 (2024)</b>　回答主体: 自治体（23）　規模の区分: '
        "人口規模: 10万未満 3／10万〜20万 7</p>"
    )
    assert "build-notice" not in notebook.header_html(_report())


def test_chart_metadata_is_the_size_in_inches_to_two_decimals():
    figure = plt.figure(figsize=(6.004, 3.456))
    try:
        chart = notebook.chart_metadata(figure)["chart"]
    finally:
        plt.close(figure)
    assert (chart["width_in"], chart["height_in"]) == (6.0, 3.46)


def test_show_embeds_a_png_with_its_alt_text_and_size_and_closes_the_figure(shown):
    use_japanese_theme()
    figure, axes = plt.subplots(figsize=(4, 3))
    axes.set_title("実施自治体数")
    notebook.show(figure)
    [(image, metadata)] = shown
    assert image.data[:8] == b"\x89PNG\r\n\x1a\n" and "実施自治体数" in image.alt
    assert metadata[notebook.METADATA_KEY]["chart"]["width_in"] == 4.0
    assert not plt.fignum_exists(figure.number)


def test_show_of_nothing_shows_nothing(shown):
    notebook.show(None)
    assert shown == []


def test_a_notice_carries_a_status_only_when_given_one(shown):
    notebook.notice("前年度の\nデータはない。")
    notebook.notice("すべて一致。", status="全件一致", good=True)
    notebook.notice("2件の警告。", status="警告 2件")
    assert [obj.data for obj, _ in shown] == ["前年度のデータはない。", "すべて一致。", "2件の警告。"]
    assert [metadata for _, metadata in shown] == [
        None,
        {"jusolib": {"status": "全件一致", "good": True}},
        {"jusolib": {"status": "警告 2件"}},
    ]


def test_explain_shows_the_paragraph_of_texts_yaml(shown):
    notebook.explain("reading_notes", n=23, status="参考")
    [(markdown, metadata)] = shown
    assert markdown.data == join_cjk_lines(paragraph("reading_notes", n=23))
    assert metadata == {"jusolib": {"status": "参考"}}


def test_reading_notes_write_in_the_number_of_respondents(shown):
    notebook.reading_notes(_report(n_respondents=23))
    [(markdown, _)] = shown
    assert "回答者は23団体" in markdown.data


def test_start_loads_the_year_without_showing_when_asked_not_to(shown):
    report = notebook.start(2024, "社協", "municipality_type", None, show=False)
    assert (report.label, report.respondent_label) == ("令和6年度 (2024)", "社協")
    assert shown == []


def test_a_chart_is_embedded_as_a_256_colour_png_with_its_text_intact():
    # pages carry every chart twice (screen and phone): a palette PNG keeps them light. The drawing below has a
    # white ground, one black word and a red bar: a palette of at most 256 colours holds them exactly
    import io

    from PIL import Image

    use_japanese_theme()
    figure = plt.figure(figsize=(2, 1))
    figure.text(0.1, 0.5, "連携", fontsize=12, color="black")
    figure.add_axes((0.6, 0.2, 0.3, 0.6)).bar([0], [1], color="#ff0000")
    picture = Image.open(io.BytesIO(notebook._png(figure)))
    assert picture.mode == "P" and picture.size == (200, 100)
    colours = {colour for _, colour in picture.convert("RGB").getcolors(256)}
    assert {(255, 255, 255), (255, 0, 0)} <= colours  # the ground and the bar exactly
    assert min(sum(c) for c in colours) < 60  # the word's ink (near black) is kept
