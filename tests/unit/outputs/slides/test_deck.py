"""The frame every slide shares: titles that fit by rule, category labels that fit, year-over-year titles and
legends on the right family (issue 19)."""

import pytest
from pptx.util import Emu

from jusolib.outputs.slides.deck import (
    TITLE_BOX,
    TITLE_SIZES,
    Deck,
    chart_area,
    fit_title,
)
from jusolib.outputs.slides.parts import BOX_MARGIN, Box, fits, new_presentation
from jusolib.outputs.slides.sections import year_over_year_slides
from jusolib.report import YearReport
from tests.helpers import make_data_dir, write_csv
from tests.scenarios.library import code_of, names


def test_a_title_takes_its_first_form_that_fits():
    # the title box is 12.43 in wide: 895 − 7.2 = 887.8 pt, 57.6 pt high. At 18 pt (the smallest) 49 full-width
    # characters a line and two lines of 23.4 pt: 98 characters fit, 99 do not.
    width, height = TITLE_BOX.inner_points()
    assert fits("あ" * 98, width=width, height=height, size=18)
    assert not fits("あ" * 99, width=width, height=height, size=18)
    long, short = "あ" * 99, "5項目中5項目で自治体と社協に差（＊印の項目）"
    assert fit_title([long, short]) == short
    assert fit_title(["あ" * 98, short]) == "あ" * 98
    # no form fits: the last is returned, and the slide writes it shortened by rule at the smallest size
    assert fit_title([long, "い" * 120]) == "い" * 120
    deck = Deck(None, presentation=new_presentation())
    slide = deck.slide([long, "い" * 120])
    title = slide.shapes.title.text_frame.text
    assert title.endswith("…") and title.startswith("い")
    (size,) = {r.font.size.pt for p in slide.shapes.title.text_frame.paragraphs for r in p.runs}
    # the title is written broken between phrases: python-pptx gives its line breaks as \x0b
    assert size == min(TITLE_SIZES) and fits(
        title.replace("\x0b", "\n"), width=width, height=height, size=size
    )


def test_category_labels_that_cannot_fit_are_shortened_not_refused():
    # a chart 2 in wide and 1.2 in high with 4 items: at 45% of the width 0.9 × 72 − 8 = 56.8 pt for a label, a
    # slot of 1.2 × 72 × 0.78 / 4 = 16.8 pt (one line of 12 pt, 15.6 pt high; labels are never below 12 pt, issue
    # 22): 4 full-width characters (48 pt), so 3 and 「…」
    area, size, labels = chart_area(["地域住民の参加を促す活動を行う者"] * 4, Box(0, 0, 2, 1.2), legend=True)
    assert size == 12 and labels == ["地域住…"] * 4
    assert area.x == pytest.approx(0.46)
    # labels that fit come back as they are
    _, _, kept = chart_area(["拠点"], Box(0, 0, 10, 4), legend=True)
    assert kept == ["拠点"]


@pytest.fixture(scope="module")
def two_years(tmp_path_factory):
    """Ten municipalities answering 全くあてはまらない to every item of III in FY2024 and とてもあてはまる in
    FY2025 (III has 14 items: two year-over-year slides of 7); in FY2025 one of them left 問3-1 blank."""
    from jusolib.survey.codebook import load_codebook
    from tests.scenarios.library import IMPLEMENTING_2024

    root = make_data_dir(tmp_path_factory.mktemp("years") / "data")
    make_data_dir(root, 2025)
    municipality_names = names()
    codes = IMPLEMENTING_2024[:10]
    for year, answer in ((2024, "全くあてはまらない"), (2025, "とてもあてはまる")):
        book = load_codebook(year)
        items = book.item_ids()
        headings = ["区市町村名", "回答主体", *(book.item(i)["column"] for i in items)]
        rows = []
        for k, code in enumerate(codes):
            values = []
            for item in items:
                if book.item(item)["section"] != "III":
                    values.append(book.scale_of(item).labels[0])
                elif year == 2025 and k == 0 and item == "chl_grant_admin_burden":
                    values.append("")
                else:
                    values.append(answer)
            rows.append([municipality_names[code], "自治体", *values])
        write_csv(root / "raw" / "survey" / f"FY{year}" / "r.csv", rows, headings=headings)
    assert code_of("世田谷区") in IMPLEMENTING_2024
    return root


def test_year_over_year_titles_count_the_whole_section_and_per_item_n_where_it_differs(two_years):
    deck = Deck(YearReport.load(2025, data_dir=two_years), presentation=new_presentation())
    year_over_year_slides(deck)
    titles = [s.shapes.title.text_frame.text for s in deck.slides]
    three = [t for t in titles if t.startswith("III ")]
    # 14 items over three slides of at most 5 (ITEMS_PER_SLIDE, issue 22: 12-point labels): each title counts the
    # 14 (the Holm family), never the 5 of its slide. Every
    # item changed from 0% to 100% for the 10 (9 for 問3-1) municipalities of the panel: McNemar mid-p
    # 0.5^10 ≈ 0.001 (0.5^9 ≈ 0.002), times 14 at most 0.027 < 0.05 — all 14 significant.
    assert len(three) == 3
    assert all("14項目中14項目" in t for t in three), three
    assert [t[-5:] for t in three] == ["（1／3）", "（2／3）", "（3／3）"]
    # the 14 are listed in the notes, separated by 「、」, since no title form names them all
    notes = next(s for s in deck.slides[titles.index(three[0])].shapes if s.name == "注").text_frame.text
    assert "前年度からはっきり変わった項目: 「" in notes
    assert notes.count("+100.0ポイント、「") == 13  # 14 items, 「、」 between them
    # n differs: the panel is 10 for most items but 9 for 問3-1 (one municipality left it blank in FY2025, so
    # it is not in that item's panel in either year): each category label carries its own n, the legend none
    chart = next(s for s in deck.slides[titles.index(three[0])].shapes if s.has_chart).chart
    categories = list(chart.plots[0].categories)
    assert categories[0].endswith("（n=9→9）") and categories[1].endswith("（n=10→10）")
    assert [s.name for s in chart.plots[0].series] == ["令和6年度 (2024)", "令和7年度 (2025)"]
    # every title fits its box at its size
    for slide in deck.slides:
        shape = slide.shapes.title
        (size,) = {r.font.size.pt for p in shape.text_frame.paragraphs for r in p.runs}
        width = Emu(shape.width).pt - 2 * BOX_MARGIN
        assert fits(
            shape.text_frame.text, width=width, height=Emu(shape.height).pt - 2 * BOX_MARGIN, size=size
        )
