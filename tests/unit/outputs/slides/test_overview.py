"""The slides around the results, from three hand-written returns: who answered (and why more than the reference
data lists), the overview, the implementation and coordinator charts from the reference data (public figures,
never stamped 合成データ), the divider, the analyst's commentary and the closing slide with the sources."""

import hashlib

import pytest

from jusolib.analysis.commentary import DEMONSTRATION_NOTE
from jusolib.outputs.slides.deck import Deck
from jusolib.outputs.slides.overview import (
    answered_lines,
    closing_slide,
    commentary_slide,
    coordinators_slide,
    divider_slide,
    implementation_slide,
    overview_slide,
    title_slide,
)
from jusolib.outputs.slides.parts import new_presentation
from jusolib.report import YearReport
from tests.helpers import implementing_only, make_data_dir, row, write_csv

SURVEY = "重層的支援体制整備事業の実施を通じた成果や課題に関する調査"  # the FY2024 codebook's ``survey``


@pytest.fixture(scope="module")
def three(tmp_path_factory):
    """Three 自治体 returns marked synthetic, no 社協: the reference data of this folder lists only 中央区 and
    墨田区 as implementing in FY2024, so 世田谷区 answered without being listed. The analyst's commentary has an
    overall part and one for section I, none for II and III."""
    root = make_data_dir(tmp_path_factory.mktemp("three") / "data", status="synthetic")
    implementing_only(root, 2024, ["中央区", "墨田区"])
    write_csv(root / "raw" / "survey" / "FY2024" / "r.csv", [row("中央区"), row("墨田区"), row("世田谷区")])
    (root / "raw" / "commentary").mkdir(parents=True)
    (root / "raw" / "commentary" / "FY2024.md").write_text(
        "# 所見\n\n## 全体\n- 全体の所見\n\n## I 成果\n- 成果の所見\n- 二つ目の所見\n", encoding="utf-8"
    )
    return root


@pytest.fixture(scope="module")
def year(three):
    return YearReport.load(2024, data_dir=three)


def title_of(slide):
    """A slide's title as one line: titles break between phrases with line breaks (\\v), which are layout."""
    return slide.shapes.title.text_frame.text.replace("\v", "")


def new_deck(year):
    return Deck(year, presentation=new_presentation(), mark=year.data_status.mark)


def text_of(slide, name):
    (shape,) = [s for s in slide.shapes if s.name == name]
    return shape.text_frame.text


def test_who_answered_says_why_more_answered_than_the_reference_data_lists(year):
    # 3 answered, 2 of them (中央区, 墨田区) among the 2 the reference data lists, 1 (世田谷区) not; no 社協 of 2
    lines = answered_lines(year, head="回答　")
    assert lines == [
        "回答　自治体 3（実施地区の名簿にある 2／2、名簿にない区市 1）",
        "　　　社協 0／2",  # under the first count: as many full-width spaces as 「回答　」 has characters
    ]
    named = answered_lines(year, head="回答　", names=True)
    assert named == [*lines, "　　　名簿にない区市（集計には含む）: 自治体 世田谷区"]


def test_who_answered_is_one_line_when_everyone_is_listed(tmp_path):
    root = make_data_dir(tmp_path / "data")
    implementing_only(root, 2024, ["中央区", "墨田区"])
    write_csv(root / "raw" / "survey" / "FY2024" / "r.csv", [row("中央区")])
    listed = YearReport.load(2024, data_dir=root)
    assert answered_lines(listed, head="回答　", names=True) == ["回答　自治体 1／2　社協 0／2"]


def test_the_title_slide_names_the_survey_the_year_and_the_synthetic_data(year):
    deck = new_deck(year)
    title_slide(deck)
    (slide,) = deck.slides
    assert title_of(slide) == f"{SURVEY} 調査結果"
    subtitle = text_of(slide, "副題").split("\n")
    assert subtitle[0] == "令和6年度 (2024)"
    assert subtitle[1].startswith("回答　自治体 3（")
    assert subtitle[-1] == "この資料: 自治体の回答を集計（規模の区分: 人口規模）"
    assert text_of(slide, "合成データの説明") == year.banner and "合成データ" in year.banner
    assert "合成データ" in text_of(slide, "合成データ")  # the mark every slide carries


def test_real_data_has_no_synthetic_box(tmp_path):
    root = make_data_dir(tmp_path / "data")  # status: real
    write_csv(root / "raw" / "survey" / "FY2024" / "r.csv", [row("中央区")])
    real = YearReport.load(2024, data_dir=root)
    deck = new_deck(real)
    title_slide(deck)
    names = [s.name for s in deck.slides[0].shapes]
    assert "合成データの説明" not in names and "合成データ" not in names


def test_the_overview_gives_the_period_in_japanese_and_names_who_is_not_listed(year):
    deck = new_deck(year)
    overview_slide(deck)
    (slide,) = deck.slides
    assert title_of(slide) == "令和6年度調査実施の概要"
    lines = [s.text_frame.text for s in slide.shapes if s.has_text_frame and s.name.startswith("TextBox")]
    (body,) = [t for t in lines if t.startswith("◆調査")]
    # the codebook's 2024-12-10/2025-01-14: 22 days of December (10th–31st) and 14 of January, both ends counted
    assert f"◆調査　{SURVEY}" in body.split("\n")
    assert "◆調査期間　令和6年12月10日～令和7年1月14日（36日間）" in body.split("\n")
    assert "◆調査方法　電子メールでの調査票の送付・回収" in body.split("\n")
    assert "名簿にない区市（集計には含む）: 自治体 世田谷区" in body
    assert "◆データ　合成データ" in body.split("\n")


def test_the_implementation_title_counts_up_to_this_year_from_the_reference_data(year):
    deck = new_deck(year)
    implementation_slide(deck)
    (slide,) = deck.slides
    # the published counts 令和3年度 2 (世田谷区, 八王子市); this folder's reference data lists 2 for 令和6年度
    assert title_of(slide) == "都内の実施自治体は令和3年度の2から令和6年度の2に"
    (frame,) = [s for s in slide.shapes if s.has_chart]
    plot = frame.chart.plots[0]
    categories = list(plot.categories)
    assert categories[:4] == ["令和3年度", "令和4年度", "令和5年度", "令和6年度"]
    assert "令和7年度" in categories  # later years stay in the chart, out of the title
    implementing = {s.name: list(s.values) for s in plot.series}["都内 実施"]
    assert implementing[:4] == [2.0, 7.0, 12.0, 2.0]  # published R3–R5: 2, 7, 12
    # public figures, real in every year: no 合成データ mark although the deck has one
    assert deck.mark and "合成データ" not in [s.name for s in slide.shapes]


def test_the_coordinators_title_gives_both_years_and_their_ratio(year):
    deck = new_deck(year)
    coordinators_slide(deck)
    (slide,) = deck.slides
    # published: 283 (令和3年度) and 398 (令和6年度); 398 / 283 = 1.406…, 1.4 rounded half up
    expected = "[参考] 都内の地域福祉コーディネーター 令和3年度283人 → 令和6年度398人（約1.4倍）"
    assert title_of(slide) == expected
    (frame,) = [s for s in slide.shapes if s.has_chart]
    assert [list(s.values) for s in frame.chart.plots[0].series] == [[283.0, 398.0]]
    assert "合成データ" not in [s.name for s in slide.shapes]  # published figures: never stamped


def test_the_divider_names_the_respondents_and_lists_the_sections(year):
    deck = new_deck(year)
    divider_slide(deck)
    (slide,) = deck.slides
    assert title_of(slide) == "実施自治体向けアンケート結果から"  # the codebook's subject
    assert text_of(slide, "目次").split("\n") == [
        "I 包括的支援体制の整備に向けた成果・進捗状況",
        "II 重層事業の実施を通じて感じる変化",
        "III 重層事業をすすめるうえでの課題",
    ]


def test_the_analysts_commentary_closes_a_section_and_the_whole(year):
    deck = new_deck(year)
    commentary_slide(deck, "I")
    commentary_slide(deck, "II")  # the commentary says nothing on II: no slide
    commentary_slide(deck)
    first, overall = deck.slides
    assert title_of(first) == "I 包括的支援体制の整備に向けた成果・進捗状況 — 調査結果をふまえて"
    # each point 「- …」 a paragraph 「・…」; the data are synthetic, so the demonstration note follows
    assert text_of(first, "調査結果をふまえて").split("\n") == [
        "・成果の所見",
        "・二つ目の所見",
        DEMONSTRATION_NOTE,
    ]
    assert title_of(overall) == "調査結果をふまえて（全体）"
    assert text_of(overall, "調査結果をふまえて").split("\n") == ["・全体の所見", DEMONSTRATION_NOTE]


def test_the_closing_slide_cites_the_report_in_a_readers_words_without_machinery(year, three):
    deck = new_deck(year)
    closing_slide(deck)
    (slide,) = deck.slides
    assert title_of(slide) == "出典"
    text = text_of(slide, "来歴")
    lines = text.split("\n")
    assert lines[0].startswith(
        "報告書: 東京都社会福祉協議会 地域福祉部「都内実施地区向けアンケート調査結果等にみる"
    )
    assert "データ: 合成データ（令和6年度 (2024)）" in lines
    assert any(line.startswith("集計の対象: 自治体の回答（3）。") for line in lines)
    assert "manifest.json" in lines[-1]  # where to find what it takes to reproduce the report
    # no path, hash, parameter name or version on a slide
    digest = hashlib.sha256((three / "raw" / "survey" / "FY2024" / "r.csv").read_bytes()).hexdigest()
    assert digest[:16] not in text and "raw/" not in text and "fiscal_year=" not in text
    assert "伏せ字" not in text  # not redacted
