"""The slides of each section, from twelve hand-written returns whose numbers can be worked out by hand: the
distribution with its majority title and its callouts, the share by size class with the tests in one sentence,
and the change since the previous year."""

import pytest

from jusolib.analysis.section_tables import distribution, positive_by_class
from jusolib.outputs.slides.deck import Deck
from jusolib.outputs.slides.parts import new_presentation
from jusolib.outputs.slides.sections import difference_slides, distribution_slide, year_over_year_slides
from jusolib.report import YearReport
from jusolib.survey.codebook import load_codebook
from tests.helpers import make_data_dir, write_csv

#: Twelve municipalities implementing in FY2024 and FY2025, by population band (人口規模, the default scheme):
#: two under 10万, four of 10万〜20万, four of 20万〜50万, two of 50万 and more. The first of each pair in a band
#: ("yes") answers あてはまる to 問1-2〜1-4, the second ("no") あてはまらない, so that every band is half and half.
YES = ["国立市", "中央区", "立川市", "墨田区", "目黒区", "大田区"]
NO = ["狛江市", "三鷹市", "青梅市", "渋谷区", "中野区", "世田谷区"]
MIDDLE = ("out_hubs", "out_leaders", "out_consultation")  # 問1-2, 問1-3, 問1-4


def write_year(root, year, *, collaboration):
    """Section I as designed: 問1-1 あてはまる for all 12; 問1-2〜1-4 あてはまる for YES only; 問1-5
    ``collaboration`` for all 12. Every other item: the scale's first option (code 1)."""
    book = load_codebook(year)
    items = book.item_ids()
    headings = ["区市町村名", "回答主体", *(book.item(i)["column"] for i in items)]
    rows = []
    for name in YES + NO:
        answers = []
        for item in items:
            if item in MIDDLE:
                answers.append("あてはまる" if name in YES else "あてはまらない")
            elif item == "out_collaboration":
                answers.append(collaboration)
            else:
                answers.append(book.scale_of(item).labels[0])
        rows.append([name, "自治体", *answers])
    write_csv(root / "raw" / "survey" / f"FY{year}" / "r.csv", rows, headings=headings)


@pytest.fixture(scope="module")
def twelve(tmp_path_factory):
    """FY2024 as designed with 問1-5 あてはまらない for all; FY2025 the same but 問1-5 あてはまる for all."""
    root = make_data_dir(tmp_path_factory.mktemp("twelve") / "data")
    make_data_dir(root, 2025)
    write_year(root, 2024, collaboration="あてはまらない")
    write_year(root, 2025, collaboration="あてはまる")
    return root


@pytest.fixture(scope="module")
def fy2024(twelve):
    return YearReport.load(2024, data_dir=twelve)


def title_of(slide):
    """A slide's title as one line: titles break between phrases with line breaks (\\v), which are layout."""
    return slide.shapes.title.text_frame.text.replace("\v", "")


def new_deck(year):
    return Deck(year, presentation=new_presentation())


def shape_named(slide, name):
    (shape,) = [s for s in slide.shapes if s.name == name]
    return shape


def chart_of(slide):
    (frame,) = [s for s in slide.shapes if s.has_chart]
    return frame


def test_the_distribution_title_counts_the_items_half_the_respondents_answered_positively(fy2024):
    year = fy2024
    deck = new_deck(year)
    distribution_slide(deck, "I")
    (slide,) = deck.slides
    # positive shares (あてはまる, 無回答を含む): 問1-1 12/12 = 100%, 問1-2〜1-4 6/12 = 50%, 問1-5 0/12 = 0%. 50% is
    # 「半数以上」: 4 of 5 items.
    assert title_of(slide) == "5項目中4項目で実施自治体の半数以上に成果・進捗"
    frame = chart_of(slide)
    assert frame.name == distribution(year, "I", "all").key  # named after its sheet of tables.xlsx
    chart = frame.chart
    categories = list(chart.plots[0].categories)
    assert categories[0] == "地域住民の参加を促す活動を行う者（n=12）" and len(categories) == 5
    shares = {s.name: list(s.values) for s in chart.plots[0].series}
    assert shares["あてはまる"] == [100.0, 50.0, 50.0, 50.0, 0.0]
    assert shares["あてはまらない"] == [0.0, 50.0, 50.0, 50.0, 100.0]


def test_the_callouts_name_the_items_that_stand_apart_and_the_test_backing_them(fy2024):
    deck = new_deck(fy2024)
    distribution_slide(deck, "I")
    (slide,) = deck.slides
    # 100% stands 50 points above the next share (≥ 5) and is one item of five (fewer than half): 最も成果; so is
    # 0% below 50%: 他と比べ低い (the section's callout words in the codebook). Each against its neighbours
    # 問1-2〜1-4, on the same 12 municipalities: the 6 of NO differ, all one way, the 6 of YES agree. McNemar's
    # exact two-sided p with 6 discordant pairs all one way is 2 × 0.5^6 = 0.03125, its mid-p half of the
    # observed table's probability less: 0.03125 − 0.5^6 = 0.015625; Holm over the two sides: 2 × 0.015625 =
    # 0.03125 for both, below 0.05.
    highest = shape_named(slide, "注目_最も成果").text_frame.text.split("\n")
    lowest = shape_named(slide, "注目_他と比べ低い").text_frame.text.split("\n")
    assert highest == ["最も成果", "100.0%（12／12）", "次の項目との差も偶然では説明しにくい"]
    assert lowest == ["他と比べ低い", "0.0%（0／12）", "次の項目との差も偶然では説明しにくい"]
    # the test and its p in the speaker notes, not on the projected slide
    notes = slide.notes_slide.notes_text_frame.text
    assert (
        "「最も成果」: 次の項目との差を同じ回答者どうしで検定（McNemar の mid-p 検定、Holm 補正後 p=0.031）"
        in notes
    )
    assert (
        "「他と比べ低い」: 次の項目との差を同じ回答者どうしで検定（McNemar の mid-p 検定、Holm 補正後 p=0.031）"
        in notes
    )


def test_with_fewer_than_ten_respondents_no_item_is_called_out_and_the_notes_say_why(tmp_path):
    root = make_data_dir(tmp_path / "data")
    book = load_codebook(2024)
    items = book.item_ids()
    headings = ["区市町村名", "回答主体", *(book.item(i)["column"] for i in items)]
    # three municipalities, 問1-1 あてはまる and the rest あてはまらない: the shares would call 問1-1 out at n = 12
    rows = [
        [
            name,
            "自治体",
            *("あてはまる" if i == "out_participation" else book.scale_of(i).labels[-1] for i in items),
        ]
        for name in ("中央区", "墨田区", "目黒区")
    ]
    write_csv(root / "raw" / "survey" / "FY2024" / "r.csv", rows, headings=headings)
    deck = new_deck(YearReport.load(2024, data_dir=root))
    distribution_slide(deck, "I")
    (slide,) = deck.slides
    assert not [s.name for s in slide.shapes if s.name.startswith("注目_")]
    notes = shape_named(slide, "注").text_frame.text
    assert "回答した自治体が3と少ない（10未満、参考値）ため、最も高い・低い項目は示さない。" in notes
    # 1 of 5 items at 100%, the others at 0%
    assert title_of(slide) == "5項目中1項目で実施自治体の半数以上に成果・進捗"


def test_share_by_size_class_shows_every_band_with_its_n_and_no_difference_where_the_bands_are_alike(fy2024):
    year = fy2024
    deck = new_deck(year)
    difference_slides(deck, "I")
    (slide,) = deck.slides  # five items: one slide
    # every band has the same share of each item (100%, 50%, 50%, 50%, 0%): no test can find a difference, and
    # the title says the difference is not clear (never that there is none)
    assert title_of(slide) == "人口規模による違いは、5項目のいずれもはっきりしない"
    frame = chart_of(slide)
    assert frame.name == positive_by_class(year, "I").key
    series = {s.name: list(s.values) for s in frame.chart.plots[0].series}
    # 全体 first, then the bands in order, each n the same for every item (so in the legend; nobody left an item
    # blank, so the base without 無回答 is every respondent)
    assert list(series) == [
        "全体（n=12）",
        "10万未満（n=2）",
        "10万〜20万（n=4）",
        "20万〜50万（n=4）",
        "50万以上（n=2）",
    ]
    assert all(values == [100.0, 50.0, 50.0, 50.0, 0.0] for values in series.values())
    notes = shape_named(slide, "注").text_frame.text
    assert "違いがはっきりしないことは、違いがないことではない。" in notes
    # the tests, by name, are in the speaker notes
    details = slide.notes_slide.notes_text_frame.text
    assert "同じ設問群の5項目で Holm 補正。" in details
    # each band's table is exactly what equal shares expect: the most probable table, p = 1 (Holm keeps 1)
    assert "補正後 p は5項目とも1.000。" in details


def test_no_year_over_year_slide_without_a_previous_year(tmp_path):
    root = make_data_dir(tmp_path / "data")
    write_year(root, 2024, collaboration="あてはまらない")
    deck = new_deck(YearReport.load(2024, data_dir=root))
    year_over_year_slides(deck)
    assert deck.slides == []


def test_the_year_over_year_title_names_the_one_item_that_changed(twelve):
    deck = new_deck(YearReport.load(2025, data_dir=twelve))
    year_over_year_slides(deck)
    titles = [title_of(s) for s in deck.slides]
    (first,) = [t for t in titles if t.startswith("I ")]
    # 問1-5 went from 0/12 to 12/12 for the same 12 municipalities: 12 discordant pairs, all one way, McNemar's
    # mid-p 0.5^12 ≈ 0.0002, × 5 (Holm over the section's five items) ≈ 0.001 < 0.05, and a change of 100
    # points has an interval far from 0. The four other items did not change (no discordant pair: p = 1).
    assert (
        first
        == "I 前年度からはっきり変わったのは5項目中1項目（「地域生活課題を解決するための有機的な連携」+100.0ポイント）"
    )
    slide = deck.slides[titles.index(first)]
    chart = chart_of(slide).chart
    series = {s.name: list(s.values) for s in chart.plots[0].series}
    assert series == {
        "令和6年度 (2024)（n=12）": [100.0, 50.0, 50.0, 50.0, 0.0],
        "令和7年度 (2025)（n=12）": [100.0, 50.0, 50.0, 50.0, 100.0],
    }
    # the other sections did not change at all
    assert all("前年度からはっきり変わった項目はない" in t for t in titles if not t.startswith("I "))


def test_a_long_section_s_distribution_continues_on_slides_with_12_point_labels_and_the_50_line_across_the_bars(
    fy2024,
):
    # issue 22: III's 14 items on one slide had 8-point labels. Each label needs two lines of 12 pt (31.2 pt with
    # spacing); the chart has about 4 in × 72 × 0.78 ≈ 225 pt of bars: at most 7 items a slide, so 7 and 7
    deck = new_deck(fy2024)
    distribution_slide(deck, "III")
    assert len(deck.slides) == 2
    assert [title_of(s)[-5:] for s in deck.slides] == ["（1／2）", "（2／2）"]
    items = []
    for k, slide in enumerate(deck.slides, start=1):
        frame = chart_of(slide)
        assert frame.name == f"III_分布_含_{k}"
        chart = frame.chart._chartSpace
        sizes = chart.xpath(".//c:catAx/c:txPr//a:defRPr/@sz")
        assert sizes and min(int(z) for z in sizes) >= 1200
        items += list(frame.chart.plots[0].categories)
        # the 50% line: the value axis's own gridline (every program puts it at 50% as it lays the chart out; a
        # line shape over the chart fell at 34–44% in LibreOffice), dark and dashed, seen through bars whose fill
        # is see-through (a:alpha 62%: the line shows across the darkest bar in LibreOffice too)
        assert chart.xpath(".//c:valAx/c:majorUnit/@val") == ["0.5"]
        (grid,) = chart.xpath(".//c:valAx/c:majorGridlines/c:spPr/a:ln")
        assert grid.xpath("a:prstDash/@val") == ["dash"] and grid.xpath(".//a:srgbClr/@val") == ["222222"]
        fills = chart.xpath(".//c:ser/c:spPr/a:solidFill/a:srgbClr")
        assert fills and all(f.xpath("a:alpha/@val") == ["62000"] for f in fills)
    assert len(items) == 14 and all("…" not in c for c in items)


def test_a_group_heading_too_long_for_its_column_breaks_between_phrases():
    # issue 22's review: 「交付金等の課題」 (7 characters, no space) wrapped as 「交付金等の課／題」 in LibreOffice. In a
    # 1.2-inch column (the heading column less its 0.1-inch gap) at 10 pt it does not fit one line: it is written
    # as two paragraphs, 「交付金等の」 and 「課題」; 「106条の3 第1号」 still breaks at its space
    from pptx import Presentation

    from jusolib.outputs.slides.parts import Box, PlotArea
    from jusolib.outputs.slides.sections import group_headings

    slide = Presentation().slides.add_slide(Presentation().slide_layouts[6])
    group_headings(
        slide,
        ["交付金等の課題", "106条の3 第1号"],
        Box(2, 1, 8, 1.2),
        PlotArea(0.3, 0, 0.6, 1),
        Box(0.5, 1, 0.9, 1.2),
    )
    written = {s.name: [p.text for p in s.text_frame.paragraphs] for s in slide.shapes if s.has_text_frame}
    assert written["見出し_交付金等の課題"] == ["交付金等の", "課題"]
    assert written["見出し_106条の3 第1号"] == ["106条の3", "第1号"]
