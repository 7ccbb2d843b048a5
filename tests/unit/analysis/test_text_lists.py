"""From a count to the texts: the folded lists behind theme × class counts and characteristic-word counts."""

import re

import pytest
from bs4 import BeautifulSoup

from jusolib.analysis.text_lists import _answer_line
from jusolib.core.paths import TEMPLATES_DIR
from tests.helpers import fy2024_report


@pytest.fixture(scope="module")
def report():
    return fy2024_report()


def test_each_theme_opens_its_answers_grouped_by_class_as_counted(report):
    page = BeautifulSoup(report.theme_texts("II").html, "html.parser")
    by_class = report.themes_by_class("II").frame
    for block in page.select("details.text-group"):
        summary = block.select_one("summary").get_text()
        number, rest = summary.split(" ", 1)
        label, counts = rest.rsplit(" — ", 1)
        total = int(re.match(r"(\d+)件", counts).group(1))
        assert len(block.select("li")) == total  # every answer behind the count, none more
        item = next(i for i in by_class.index.get_level_values(0).unique() if i.startswith(number + " "))
        row = by_class.loc[(item, label.replace("\u200b", ""))]
        assert int(row.iloc[0]) == total  # 全体 column of the theme-by-class table
        for title in block.select("p.group-title"):
            cls = title.get_text().split("（")[0]
            shown = int(re.search(r"(\d+)件$", title.get_text()).group(1))
            column = next(c for c in by_class.columns if c.startswith(cls + "（"))
            assert int(row[column]) == shown  # each class's count, as the table gives it


def test_lists_hold_no_municipality_name_and_no_script(report):
    html = report.theme_texts("II").html
    assert "<script" not in html
    assert not any(
        name in BeautifulSoup(html, "html.parser").get_text() for name in ("世田谷区", "練馬区", "杉並区")
    )


def test_texts_are_escaped():
    assert _answer_line("<b>連携</b>\n次の行", "大", "あてはまる") == (
        '<li>「&lt;b&gt;連携&lt;/b&gt;<br>次の行」<span class="text-meta">（大、あてはまる）</span></li>'
    )


def test_each_characteristic_word_count_opens_the_texts_that_use_the_word(report):
    table = report.characteristic_words("II").frame.reset_index()
    page = BeautifulSoup(report.characteristic_words_html("II").html, "html.parser")
    cells = page.select("details.cell-texts")
    assert len(cells) == len(table)
    for cell, row in zip(cells, table.to_dict("records"), strict=True):
        assert cell.select_one("summary").get_text() == f"{row['使用']} / {row['記述者']}"
        marked = cell.select("li")
        # one text per writer of the group who used the word (a writer with the word in two items: two texts)
        assert len(marked) >= row["使用"]
        assert all(mark.get_text() for li in marked for mark in li.select("mark"))
        assert all(li.select("mark") for li in marked)


def test_what_only_a_screen_can_do_is_not_printed(report):
    # 「クリックすると」 means nothing on paper: the note is screen-only, and the count's summary has no ▶ marker
    page = BeautifulSoup(report.characteristic_words_html("II").html, "html.parser")
    clicks = [li for li in page.select("ul.notes li") if "クリック" in li.get_text()]
    assert clicks and all("screen-only" in li.get("class", []) for li in clicks)
    css = (TEMPLATES_DIR / "jusolib.css").read_text(encoding="utf-8")
    printed = css[css.index("@media print") :]
    assert re.search(r"details\.cell-texts > summary \{[^}]*list-style: none", printed)


def test_the_page_names_no_test_and_the_workbook_keeps_the_method(report):
    # issue 22: the reader part of 01–03 speaks plain words; the test's name, the adjusted residual and the
    # unadjusted p stay with the analysts (the table's method_notes and columns, in the workbook)
    table = report.characteristic_words("II")
    page = BeautifulSoup(report.characteristic_words_html("II").html, "html.parser")
    text = page.get_text(" ")
    assert "Fisher" not in text and "調整済み残差" not in text and "Benjamini" not in text
    assert [th.get_text() for th in page.select("thead th")][-1] == "p値（補正後）"
    assert "p値" not in [th.get_text() for th in page.select("thead th")]
    assert any("Fisher の正確検定" in note for note in table.method_notes)
    assert {"調整済み残差", "p値", "p値（補正後）"} <= set(table.frame.columns)
