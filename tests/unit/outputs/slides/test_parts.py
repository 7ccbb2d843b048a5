"""Text measurement, the Japanese theme and fixed bytes, with widths counted by hand."""

import io
import zipfile

import pytest

from jusolib.outputs.slides.parts import (
    BarSpec,
    Box,
    PlotArea,
    add_bar_chart,
    add_text,
    bar_centre,
    category_label_size,
    fits,
    new_presentation,
    presentation_bytes,
    shorten_to_fit,
    text_width,
    wrap_lines,
)


def test_width_counts_full_width_as_one_em_and_half_width_as_0_6():
    # 「（n=23）」: two full-width brackets (2 em) and four half-width characters (2.4 em), at 10 pt
    assert text_width("（n=23）", 10) == pytest.approx(44.0)
    assert text_width("令和6年度", 20) == pytest.approx(92.0)  # 4 × 20 + 0.6 × 20


def test_wrapping_breaks_japanese_between_any_two_characters():
    assert wrap_lines("いずれの項目も半数以上", width=48, size=12) == ["いずれの", "項目も半", "数以上"]
    assert wrap_lines("課題\n交付金", width=100, size=12) == ["課題", "交付金"]


def test_fits_counts_lines_against_the_height():
    # 15 characters at 20 pt in 100 pt: 5 a line, 3 lines of 26 pt = 78 pt
    assert fits("あ" * 15, width=100, height=78, size=20)
    assert not fits("あ" * 15, width=100, height=77, size=20)
    assert not fits("あ" * 15, width=100, height=200, size=20, max_lines=2)


def test_category_labels_get_the_largest_size_at_which_all_fit():
    labels = ["あ" * 10, "い" * 20]
    # at 10 pt in 100 pt: 10 a line, so the longer label needs 2 lines of 13 pt = 26 pt
    assert category_label_size(labels, width=100, slot=26, sizes=(12, 10, 8)) == 10
    assert category_label_size(labels, width=100, slot=10, sizes=(12, 10)) is None


def test_a_text_that_cannot_fit_is_shortened_by_rule_never_refused():
    slide = new_presentation()
    page = slide.slides.add_slide(slide.slide_layouts[6])
    # a 2 × 0.4 in box: 144 − 7.2 = 136.8 pt wide, 28.8 − 7.2 = 21.6 pt high. At 10 pt a line is 13 pt, so one
    # line of 13 full-width characters (130 pt) fits: 12 characters and 「…」.
    shape = add_text(page, "長い見出し" * 20, Box(0, 0, 2, 0.4), sizes=(12, 10))
    assert shape.text_frame.text == "長い見出し長い見出し長い…"
    (size,) = {r.font.size.pt for p in shape.text_frame.paragraphs for r in p.runs}
    assert size == 10 and fits(shape.text_frame.text, width=136.8, height=21.6, size=10)


def test_shortening_keeps_whole_paragraphs_first_and_cuts_the_first_that_does_not_fit():
    # 50 pt wide at 10 pt: 5 full-width characters a line; 28 pt high: two lines of 13 pt
    assert shorten_to_fit(["あいう", "えおかきくけこ", "さしす"], width=50, height=28, size=10) == [
        "あいう",
        "えおかき…",
    ]
    assert shorten_to_fit(["あいう"], width=50, height=28, size=10) == ["あいう"]


def test_bar_centres_follow_the_manual_plot_area():
    # plot area from 10% to 90% of a 4 in chart placed 1 in down: 4 rows of 0.8 in
    box, area = Box(0, 1, 8, 4), PlotArea(0.3, 0.1, 0.6, 0.8)
    assert [bar_centre(box, area, k, 4) for k in range(4)] == [1.8, 2.6, 3.4, 4.2]


def small_deck():
    deck = new_presentation()
    slide = deck.slides.add_slide(deck.slide_layouts[6])
    spec = BarSpec(
        ["項目A（n=23）"], {"あてはまる": [82.6], "あてはまらない": [17.4]}, ["#1f4e8c", "#b5541c"]
    )
    add_bar_chart(
        slide,
        spec,
        Box(0.5, 0.5, 8, 3),
        area=PlotArea(0.3, 0.1, 0.6, 0.7),
        label_size=11,
        name="t",
        description="d",
    )
    return presentation_bytes(deck, title="t", subject="s")


def test_the_same_deck_gives_the_same_bytes_with_no_clock_time_anywhere():
    first, second = small_deck(), small_deck()
    assert first == second
    package = zipfile.ZipFile(io.BytesIO(first))
    workbooks = [n for n in package.namelist() if n.endswith(".xlsx")]
    assert len(workbooks) == 1
    inner = zipfile.ZipFile(io.BytesIO(package.read(workbooks[0])))
    core = inner.read("docProps/core.xml").decode()
    assert core.count("2000-01-01T00:00:00Z") == 2  # created and modified
    assert "2000-01-01T00:00:00Z" in package.read("docProps/core.xml").decode()


def test_text_in_a_chart_s_workbook_is_stored_as_text_never_as_a_formula_or_link():
    deck = new_presentation()
    slide = deck.slides.add_slide(deck.slide_layouts[6])
    spec = BarSpec(
        ['=HYPERLINK("http://example.com","開く")', "http://example.com"],
        {"=1+1": [50.0, 25.0]},
        ["#1f4e8c"],
        kind="clustered",
    )
    add_bar_chart(
        slide,
        spec,
        Box(0.5, 0.5, 8, 3),
        area=PlotArea(0.3, 0.1, 0.6, 0.7),
        label_size=11,
        name="t",
        description="d",
    )
    package = zipfile.ZipFile(io.BytesIO(presentation_bytes(deck, title="t", subject="s")))
    (name,) = [n for n in package.namelist() if n.endswith(".xlsx")]
    inner = zipfile.ZipFile(io.BytesIO(package.read(name)))
    sheet = inner.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet and "hyperlink" not in sheet.lower()
    assert "xl/worksheets/_rels/sheet1.xml.rels" not in inner.namelist()  # where a link's target would be
    import openpyxl

    cells = openpyxl.load_workbook(io.BytesIO(package.read(name))).active
    assert cells["A2"].value == '=HYPERLINK("http://example.com","開く")' and cells["A2"].data_type == "s"
    assert cells["B1"].value == "=1+1" and cells["B1"].data_type == "s"
