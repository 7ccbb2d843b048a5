"""What a reader receives (issue 22): tables that fit the text column, one base per chart and sentence, a print
with the free text, a workbook with its 目次 and row heights, and nothing of the machinery in reader text.

The FY2024 render of ``conftest.rendered`` is read; nothing here needs Chromium or LibreOffice — the one test that
measures tables in a real browser is skipped when Chromium is not installed.
"""

import functools
import json
import math
import os
import re
import shutil
import subprocess
import tempfile
import unicodedata
from pathlib import Path
from typing import NamedTuple

import openpyxl
import pytest
from pptx import Presentation

from jusolib.report import YearReport

#: The pages a reader reads (the indexes too; 90–92 are part of the report).
READER_PAGES = (
    "00_overview",
    "01_outcomes",
    "02_changes",
    "03_challenges",
    "05_municipality_vs_council",
    "90_published_check",
    "91_data_quality",
    "92_methods",
    "index",
)
#: What belongs to the machinery: a file path, a digest, a notebook file, a parameter name or ``name=value``.
MACHINERY = re.compile(
    r"(?:data|raw|processed|survey|codebook|reference)/[\w.]"
    r"|\b[0-9a-f]{16,}\b"
    r"|\.ipynb\b"
    r"|\b(?:fiscal_year|respondent_type|size_scheme|redact|data_dir|names_in_rankings|empty_classes)\b"
    r"|\b[a-z_]{2,}=\w"
    r"|\b(?!manifest\.json)[A-Za-z0-9_.]+\.(?:csv|json|parquet|yaml|py)\b"  # a file the reader does not receive
    r"|（英語）|英語の原文|\bjusolib\b"
)


def soup(html):
    from bs4 import BeautifulSoup

    return BeautifulSoup(html, "html.parser")


def page(folder, name):
    return (folder / f"{name}.html").read_text(encoding="utf-8")


# -- tables that fit the text column ----------------------------------------------------------------------------
def css_rules(css):
    """``selector → declarations`` of the screen rules of the page's own CSS (print and phone rules left out)."""
    screen = re.sub(r"@media[^{]*\{(?:[^{}]*\{[^{}]*\})*[^{}]*\}", "", css)
    screen = re.sub(r"/\*.*?\*/", "", screen, flags=re.S)
    rules = {}
    for selectors, body in re.findall(r"([^{}]+)\{([^{}]*)\}", screen):
        for selector in selectors.split(","):
            rules[" ".join(selector.split())] = body
    return rules


def print_css_rules(css):
    """``selector → declarations`` of the page's CSS as printed: the screen rules with the print rules after them
    (a print declaration comes last, so it is the one read)."""
    rules = css_rules(css)
    printed = re.sub(r"/\*.*?\*/", "", re.search(r"@media print\s*\{(.*)\}", css, re.S).group(1), flags=re.S)
    for selectors, body in re.findall(r"([^{}]+)\{([^{}]*)\}", printed):
        for selector in selectors.split(","):
            key = " ".join(selector.split())
            rules[key] = rules.get(key, "") + ";" + body
    return rules


def declared(rules, selector, prop):
    """The last value the page's CSS gives ``prop`` for ``selector`` (``None`` if none)."""
    found = re.findall(rf"(?<![\w-]){prop}:\s*([^;]+)", rules.get(selector, ""))
    return found[-1].strip() if found else None


def em_value(rules, selector, prop):
    """A length in em of the page's CSS (``min-width: 12em`` → 12.0, ``0`` → 0.0; the last declaration, so that a
    print rule overrides the screen's); the test fails if the rule is gone."""
    value = declared(rules, selector, prop)
    found = re.fullmatch(r"([\d.]+)em|0", value or "")
    assert found, (selector, prop, value)
    return float(found.group(1) or 0)


def padding_em(rules):
    """The horizontal padding of a table cell (both sides, em): ``padding: .22em .5em`` → 1.0."""
    values = declared(rules, ".report-table td", "padding").split()
    side = values[1] if len(values) > 1 else values[0]
    return 2 * float(side.removesuffix("em"))


def breaks_anywhere(rules, selector):
    """Whether the page lets the cells of ``selector`` break between any two characters (the printed header)."""
    return (
        declared(rules, selector, "word-break") == "normal"
        and declared(rules, selector, "overflow-wrap") == "anywhere"
    )


def text_em(text):
    """Width of a line of text in em: a full-width character one em, any other 0.55 em (a generous estimate of
    the proportional Latin glyphs and digits of the page's fonts)."""
    return sum(1.0 if unicodedata.east_asian_width(c) in "FWA" else 0.55 for c in text)


def cell_min_em(cell, rules, several_long):
    """The narrowest a cell can be laid out, in em of the table's font, by the page's CSS: a number never wraps;
    running text (``long``) wraps anywhere down to its ``min-width``; other text and headers break only at the
    phrase breaks (<wbr>) and spaces the page puts in them (``word-break: keep-all``) — or, where the page lets
    headers break anywhere (print), at any character — never below their ``min-width``; a stub cell never wider
    than its ``max-width`` (Chromium keeps it there and breaks its words). Padding included."""
    classes = set(cell.get("class", []))
    cell = soup(str(cell)).find(cell.name)  # a copy: the texts folded in a closed <details> take no width
    for folded in cell.select("details"):
        summary = folded.find("summary")
        folded.replace_with(summary if summary is not None else "")
    pieces = re.split(r"<wbr/?>|\s+", "".join(str(c) for c in cell.contents))
    tokens = [re.sub(r"<[^>]+>", "", p) for p in pieces]
    widest = max((text_em(t) for t in tokens), default=0.0)
    if "num" in classes and cell.name == "td":
        content = text_em(cell.get_text()) + (0.75 if "ref" in classes else 0)  # the ※ after a 参考値 cell
    elif "long" in classes:
        selector = ".report-table.several-long td.text.long" if several_long else ".report-table td.text.long"
        content = em_value(rules, selector, "min-width")
    elif cell.name == "td":
        content = max(widest, em_value(rules, ".report-table td.text", "min-width"))
    elif "stub" in classes:  # a browser holds a stub cell to its max-width, its words broken (break-word)
        content = max(widest, em_value(rules, ".report-table th.stub", "min-width"))
        if declared(rules, ".report-table th.stub", "max-width"):
            content = min(content, em_value(rules, ".report-table th.stub", "max-width"))
    else:  # a heading of the table head
        if breaks_anywhere(rules, ".report-table thead th"):
            widest = max((text_em(c) for c in cell.get_text()), default=0.0)
        content = max(widest, em_value(rules, ".report-table thead th", "min-width"))
    return content + padding_em(rules)


def table_min_px(table, rules, font_px):
    """The narrowest the table can be (px): per column the widest of its cells' minimums, summed (row spans
    followed, so that each cell is counted in its own column)."""
    several_long = "several-long" in table.get("class", [])
    widths, spans = {}, {}
    for row in table.select("tr"):
        column = 0
        for cell in row.find_all(["th", "td"], recursive=False):
            while spans.get(column, 0) > 0:
                spans[column] -= 1
                column += 1
            span = int(cell.get("rowspan", 1))
            if span > 1:
                spans[column] = span - 1
            width = int(cell.get("colspan", 1))
            if width == 1:
                widths[column] = max(widths.get(column, 0.0), cell_min_em(cell, rules, several_long))
            column += width
        for rest in [c for c in spans if c >= column and spans[c] > 0]:
            spans[rest] -= 1
    return sum(widths.values()) * font_px + len(widths) + 1  # 1 px borders between and around the columns


def print_geometry(html):
    """The page's CSS as printed, the width of the A4 text column (px at 96 px an inch: 210 mm less the left and
    right margins of ``@page``) and a table's printed font size (px)."""
    css = "\n".join(style.get_text() for style in soup(html).find_all("style"))
    rules = print_css_rules(css)
    margins = re.search(r"@page\s*\{[^}]*margin:\s*([^;}]+)", css).group(1).split()
    sides = float((margins[1] if len(margins) > 1 else margins[0]).removesuffix("mm"))
    column = (210 - 2 * sides) / 25.4 * 96
    size = declared(rules, "table.report-table", "font-size")
    assert size.endswith("pt"), size  # the printed table font is set in points
    return rules, column, float(size.removesuffix("pt")) * 96 / 72


def page_geometry(html):
    """The page's CSS, the width of its text column (px, ``body { max-width }``) and a table's font size (px)."""
    css = "\n".join(style.get_text() for style in soup(html).find_all("style"))
    rules = css_rules(css)
    column = float(re.search(r"max-width:\s*([\d.]+)px", rules["body"]).group(1))
    root = float(re.search(r"font-size:\s*([\d.]+)px", rules["html"]).group(1))
    scale = float(re.search(r"font-size:\s*([\d.]+)em", rules["table.report-table"]).group(1))
    return rules, column, root * scale


#: A row of III's theme table as issue 22 found it (1,103–1,247 px in a 1,080 px column): four 内訳 columns and
#: the example quote at least 18em.
OLD_THEME_TABLE = (
    '<table class="report-table"><thead><tr><th class="stub-head">項目</th><th class="stub-head">テーマ</th>'
    '<th class="num">該当</th><th class="num">記述者に<wbr>占める<wbr>割合</th><th class="num">回答者に<wbr>占める<wbr>割合</th>'
    '<th class="num">記述者</th><th class="num">回答者</th><th class="num">内訳 とてもあてはまる</th>'
    '<th class="num">内訳 あてはまる</th><th class="num">内訳 あてはまらない</th><th class="num">内訳 全くあてはまらない</th>'
    '<th class="text">記述の例</th></tr></thead><tbody><tr>'
    '<th class="stub">問3-2 必要な<wbr>実施体制を<wbr>確保する<wbr>ための<wbr>国の<wbr>補助基準額が<wbr>不足</th>'
    '<th class="stub">人口規模別の<wbr>単価では<wbr>体制が<wbr>とれない</th><td class="num">4</td><td class="num">30.8</td>'
    '<td class="num">17.4</td><td class="num">n=13</td><td class="num">n=23</td><td class="num">2</td><td class="num">2</td>'
    '<td class="num">0</td><td class="num">0</td><td class="text long">「区市町村域が<wbr>広いと」</td></tr></tbody></table>'
)
#: The same row as the page lays it out now: the answers in one cell, the example quote at least 12em.
NEW_THEME_TABLE = (
    '<table class="report-table"><thead><tr><th class="stub-head">項目</th><th class="stub-head">テーマ</th>'
    '<th class="num">該当</th><th class="num">記述者に<wbr>占める<wbr>割合</th><th class="num">回答者に<wbr>占める<wbr>割合</th>'
    '<th class="text">回答</th><th class="text">記述の例</th></tr></thead><tbody><tr>'
    '<th class="stub">問3-2 必要な<wbr>実施体制を<wbr>確保する<wbr>ための<wbr>国の<wbr>補助基準額が<wbr>不足</th>'
    '<th class="stub">人口規模別の<wbr>単価では<wbr>体制が<wbr>とれない</th><td class="num">4</td><td class="num">30.8</td>'
    '<td class="num">17.4</td><td class="text">とてもあてはまる<wbr> 2／<wbr>あてはまる<wbr> 2</td>'
    '<td class="text long">「区市町村域が<wbr>広いと」</td></tr></tbody></table>'
)


def test_the_estimate_would_catch_what_the_issue_found():
    rules = {
        ".report-table td.text": "min-width: 4em;",
        ".report-table th.stub": "min-width: 7em;",
        ".report-table thead th": "min-width: 3.2em;",
        ".report-table td": "padding: .22em .5em;",
    }
    old = {**rules, ".report-table td.text.long": "min-width: 18em;"}
    # by hand, in em, each column's widest unbreakable piece (or its min-width) + 1em of padding: 項目 「補助基準額が」
    # 6 → 7 + 1 = 8; テーマ 「人口規模別の」 6 → 8; 該当 3.2 + 1 = 4.2; the two shares 「記述者に」 4 + 1 = 5 each;
    # 記述者, 回答者 4.2 each; 内訳: 「とてもあてはまる」 8 + 1 = 9, 「あてはまる」 6, 「あてはまらない」 8,
    # 「全くあてはまらない」 10; the quote 18 + 1 = 19 — 90.6em of 12.6 px, + 13 px of borders = 1,154.6 px
    assert table_min_px(soup(OLD_THEME_TABLE).table, old, 12.6) == pytest.approx(90.6 * 12.6 + 13)
    assert table_min_px(soup(OLD_THEME_TABLE).table, old, 12.6) > 1080
    # now: 8 + 8 + 4.2 + 5 + 5, 回答 「とてもあてはまる」 8 + 1 = 9, the quote 12 + 1 = 13 — 52.2em, + 8 px = 665.7 px
    new = {**rules, ".report-table td.text.long": "min-width: 12em;"}
    assert table_min_px(soup(NEW_THEME_TABLE).table, new, 12.6) == pytest.approx(52.2 * 12.6 + 8)


def test_no_table_is_wider_than_the_text_column_at_1280_px(rendered):
    folder = rendered[1]
    measured = 0
    for name in READER_PAGES:
        html = page(folder, name)
        rules, column, font_px = page_geometry(html)
        assert column == 1080  # a 1280 px window leaves the 1080 px column whole
        for table in soup(html).select("figure.report-block table.report-table"):
            measured += 1
            caption = table.caption.get_text() if table.caption else table.get("id")
            assert table_min_px(table, rules, font_px) <= column, (name, caption)
    assert measured > 40


#: A row of 05's 差 table as issue 22's review printed it (824 px in the 711 px A4 column: the page shrunk to 86%).
PAIRED_ROW = (
    '<table class="report-table"><thead><tr><th class="stub-head">項目</th><th class="num count">比較した組</th>'
    '<th class="num interval">信頼区間<wbr>（多重比較を<wbr>補正）<wbr> 下限</th></tr></thead><tbody><tr>'
    '<th class="stub stub-first">地域住民の<wbr>参加を<wbr>促す</th><td class="num count">n=22</td>'
    '<td class="num interval">-49.1</td></tr></tbody></table>'
)


def test_the_print_estimate_lets_printed_headers_break_anywhere():
    screen = {
        ".report-table td.text": "min-width: 4em;",
        ".report-table th.stub": "min-width: 7em;",
        ".report-table thead th": "min-width: 3.2em; word-break: keep-all; overflow-wrap: break-word;",
        ".report-table td": "padding: .22em .5em;",
    }
    # on screen, by hand: 項目 column 「地域住民の」 5em → 7em min + 1 = 8; 比較した組 unbroken 5 + 1 = 6; the interval
    # header's widest piece 「（多重比較を」 6 + 1 = 7 — 21em
    assert table_min_px(soup(PAIRED_ROW).table, screen, 10) == pytest.approx(21 * 10 + 4)
    printed = {
        **screen,
        ".report-table thead th": screen[".report-table thead th"]
        + ";min-width: 0; word-break: normal; overflow-wrap: anywhere",
        ".report-table td": screen[".report-table td"] + ";padding: .2em .3em",
        ".report-table th.stub": "min-width: 7em;;min-width: 5em",
    }
    # printed: padding .6em; 項目 max(5, 5) + .6 = 5.6; 比較した組 one character 1 (the header) against 「n=22」 4 × .55
    # = 2.2, + .6 = 2.8; the interval column 「-49.1」 5 × .55 = 2.75 + .6 = 3.35 — 11.75em
    assert table_min_px(soup(PAIRED_ROW).table, printed, 10) == pytest.approx(117.5 + 4)


def test_no_table_is_wider_than_the_a4_column_in_print(rendered, rendered_fy2025):
    # issue 22's review (A4, Chromium): 05's 差 table 824 px and 一致 table 744 px, FY2025 04's 784 px, 01–03's
    # 規模による差の検定 729 px, 92's 748 px in a 711 px column — Chromium shrank each whole page to fit (chart text
    # 6.1 pt). Every table of every page of both years, by the page's print CSS, fits the A4 column
    measured = 0
    for folder in (rendered[1], rendered_fy2025):
        for path in sorted(folder.glob("*.html")):
            html = path.read_text(encoding="utf-8")
            rules, column, font_px = print_geometry(html)
            assert column == pytest.approx(188 / 25.4 * 96)  # 210 mm less 11 mm either side: 710.6 px
            assert font_px >= 8 * 96 / 72  # the printed table text is at least 8 pt
            for table in soup(html).select("figure.report-block table.report-table"):
                measured += 1
                caption = table.caption.get_text() if table.caption else table.get("id")
                assert table_min_px(table, rules, font_px) <= column, (folder.name, path.stem, caption)
    assert measured > 100


def chromium():
    return next((p for n in ("chromium", "chromium-browser") if (p := shutil.which(n))), None)


#: Measures every report table of the page against the text column and writes the result into the DOM.
MEASURE = """<script>
addEventListener('load', () => {
  const column = document.body.getBoundingClientRect().width
    - parseFloat(getComputedStyle(document.body).paddingLeft) - parseFloat(getComputedStyle(document.body).paddingRight);
  const found = [...document.querySelectorAll('figure.report-block table.report-table')].map(t => [
    (t.caption ? t.caption.textContent : t.id).slice(0, 40), Math.round(t.getBoundingClientRect().width)]);
  document.body.setAttribute('data-measured', JSON.stringify({column: column, tables: found}));
});
</script>"""


@pytest.mark.skipif(chromium() is None, reason="Chromium is not installed (make test does not need it)")
def test_no_table_is_wider_than_the_text_column_in_a_real_browser(rendered):
    folder = rendered[1]
    for name in ("03_challenges", "05_municipality_vs_council"):  # the theme tables and the paired tables
        with tempfile.TemporaryDirectory() as tmp:
            copy = Path(tmp) / f"{name}.html"
            copy.write_text(page(folder, name).replace("</body>", MEASURE + "</body>"), encoding="utf-8")
            dom = subprocess.run(
                [
                    chromium(),
                    "--headless",
                    "--no-sandbox",
                    "--disable-gpu",
                    f"--user-data-dir={tmp}/profile",
                    "--window-size=1280,2000",
                    "--virtual-time-budget=5000",
                    "--dump-dom",
                    copy.as_uri(),
                ],
                capture_output=True,
                text=True,
                timeout=120,
                check=True,
            ).stdout
        found = soup(dom).body.get("data-measured")
        assert found, name
        measured = json.loads(found)
        assert measured["column"] == pytest.approx(1080, abs=1)
        wide = [(caption, width) for caption, width in measured["tables"] if width > measured["column"] + 0.5]
        assert measured["tables"] and wide == [], name


def phone_rules(html):
    """The declarations of the page's phone rules (``@media screen and (max-width: 640px)``), one selector each."""
    css = "\n".join(style.get_text() for style in soup(html).find_all("style"))
    block = re.search(r"@media screen and \(max-width: 640px\)\s*\{(.*?)\n\}", css, re.S).group(1)
    block = re.sub(r"/\*.*?\*/", "", block, flags=re.S)
    return {
        " ".join(selector.split()): body
        for selectors, body in re.findall(r"([^{}]+)\{([^{}]*)\}", block)
        for selector in selectors.split(",")
    }


def rows_without_stub(table):
    """The body rows of a table whose first column is not a stub cell held in place on a phone (``th.stub-first``,
    itself or spanning down from a row above)."""
    missing, covered = [], 0
    for row in table.select("tbody tr"):
        first = row.find(["th", "td"], recursive=False)
        if covered > 0:
            covered -= 1
        elif first is None or first.name != "th" or "stub-first" not in first.get("class", []):
            missing.append(row.get_text(" ")[:30])
        else:
            covered = int(first.get("rowspan", 1)) - 1
    return missing


def test_every_table_scrolls_with_its_stub_held_and_its_title_wrapped_on_a_phone(rendered, rendered_fy2025):
    # issue 22's review at 390 px: the 特徴語 table (01–03) and 05's ranking scrolled without a fixed stub, unlike
    # the other tables, and titles were cut at the scroller's edge (「…（%、無」). On a phone a table scrolls inside
    # its box (figure.report-block), its first stub column sticky; its title (caption) no wider than the screen
    # less the page's padding, and held in view while the table scrolls
    checked = 0
    for folder in (rendered[1], rendered_fy2025):
        for path in sorted(folder.glob("*.html")):
            html = path.read_text(encoding="utf-8")
            screen, phone = (
                css_rules("\n".join(s.get_text() for s in soup(html).find_all("style"))),
                phone_rules(html),
            )
            assert declared(screen, "figure.report-block", "overflow-x") == "auto"
            assert declared(phone, ".report-table th.stub-first", "position") == "sticky"
            assert declared(phone, "table.report-table caption", "position") == "sticky"
            assert declared(phone, "table.report-table caption", "max-width") == "calc(100vw - 1.4rem)"
            assert (
                declared(phone, "body", "padding").split()[1] == ".7em"
            )  # 1.4rem: the body's padding either side
            for table in soup(html).body.select("figure.report-block table.report-table"):
                caption = (path.stem, table.caption.get_text()[:30] if table.caption else table.get("id"))
                if not table.select("tbody th"):  # no stub: text only (the free text), wrapping to the screen
                    assert table.select("td.text") and not table.select("td.num"), caption
                    continue
                checked += 1
                assert rows_without_stub(table) == [], caption
    assert checked > 60


def test_what_the_print_says_is_on_paper(rendered, rendered_fy2025):
    # issue 22's review: every printed footer sent the reader to the 「再現のための情報」 of the index, a block that
    # is not printed; the printed free text said 「項目ごとに折りたたんだ85件は印刷していない」 though the appendix
    # prints every text, and 「自治体名は『具体的な内容（全文）』の表…にある」 though that table is not printed
    for folder in (rendered[1], rendered_fy2025):
        for path in sorted(folder.glob("*.html")):
            body = soup(path.read_text(encoding="utf-8")).body
            for hidden in body.select(
                ".screen-only, details.table-group, details.reproduce, details.inputs, nav"
            ):
                hidden.decompose()
            text = re.sub(r"\s+", "", body.get_text())
            blind = [
                text[max(0, m.start() - 20) : m.end()]
                for m in re.finditer("目次のページの「再現のための情報」", text)
                if not text[: m.start()].endswith("画面で開く")
            ]
            assert blind == [], path.stem
            assert "「具体的な内容（全文）」の表" not in text, path.stem
            if body.select_one(".appendix-texts"):  # the free text printed by theme: the folded table says so
                said = [p.get_text() for p in body.select("p.fold-print") if "具体的な内容" in p.get_text()]
                assert said and all(
                    "同じ記述は全て「テーマごとの記述（規模別）」に印刷している" in p for p in said
                )
                titles = [f.get_text() for f in body.select("figcaption.table-title")]
                assert any(t.endswith("テーマごとの記述（規模別）") for t in titles), path.stem


# -- one base per chart and sentence -----------------------------------------------------------------------------
BASE = re.compile(r"無回答を(含む|含め|除く|除い)")


def base_words(text):
    """The bases a text names: 含 (with 無回答) and/or 除 (without)."""
    return {m.group(1)[0] for m in BASE.finditer(text)}


def test_every_chart_and_the_sentences_beside_it_state_one_base(rendered):
    # issue 22: the chart of III by size said 20万〜50万 was lowest at 25.0% (base with 無回答), the sentence under
    # it 10万〜20万 and 50万以上 at 50.0% (without), the base in a small note only. Each chart of shares names its
    # base (alt text and under it), and the sentences of its part of the page (its h2) that name a base name
    # the same one
    folder = rendered[1]
    pairs = 0
    for name in ("01_outcomes", "02_changes", "03_challenges"):
        body = soup(page(folder, name)).body
        parts, current = [], None
        for element in body.find_all(["h2", "img", "p", "li"]):
            if element.name == "h2":
                current = {"charts": [], "sentences": []}
                parts.append(current)
            elif current is None or element.find_parent(["figure", "details", "table", "nav"]):
                continue
            elif element.find_parent(class_="commentary"):
                continue  # the analyst's words are theirs
            elif element.name == "img":
                current["charts"].append(element.get("alt", ""))
            else:
                current["sentences"].append(element.get_text())
        for part in parts:
            shares = [alt for alt in part["charts"] if "%" in alt]  # the network chart shows no share
            for alt in shares:
                assert len(base_words(alt)) == 1, (name, alt[:60])
            if not shares:
                continue
            (chart_base,) = {b for alt in shares for b in base_words(alt)}
            for sentence in part["sentences"]:
                said = base_words(sentence)
                if said:
                    pairs += 1
                    assert said == {chart_base}, (name, shares[0][:40], sentence[:80])
    assert pairs >= 3


def test_the_size_class_chart_and_its_table_share_their_base_and_numbers():
    # 問3-10 支援プランの検討 (issue 22): the chart by class said 25.0% for 20万〜50万 on the base with 無回答,
    # the sentence 50.0% on the base without. Now the chart, its table and the tests share the base without 無回答
    # — by hand from the FY2024 synthetic answers to 問3-10 in 20万〜50万 (8 自治体): 無回答 5 (no plan made, ※2),
    # とてもあてはまる 1, あてはまる 1, あてはまらない 1. Positive 2 of the 3 who answered: 66.7% (2 of 8 = 25.0%
    # with 無回答, the issue's number). The other classes likewise: 10万未満 2/2, 10万〜20万 3/6, 50万以上 2/4 — so
    # 10万〜20万 and 50万以上 tie lowest at 50.0%, as the sentence said
    from jusolib.analysis.charts import alt_text

    report = YearReport.load(2024)
    table = report.positive_by_class("III")
    assert "割合の基数は無回答を除く" in " ".join(table.notes)
    row = table.frame.loc[("支援プランの検討を本人に理解してもらうのが難しい", "20万〜50万 ※参考値")]
    assert (int(row["n"]), float(row["割合"])) == (3, 66.7)
    described = alt_text(report.plot_share_by_class("III"))
    assert base_words(described) == {"除"}
    assert "支援プランの検討を本人に理解してもらうのが難しい ※2: 全体" in described
    shown = described.split("支援プランの検討を本人に理解してもらうのが難しい")[1].split("。")[0]
    assert "10万未満 100.0%、10万〜20万 50.0%、20万〜50万 66.7%、50万以上 50.0%" in shown


# -- the print ---------------------------------------------------------------------------------------------------
def test_the_print_includes_every_free_text(rendered):
    # issue 22: 「項目ごとに折りたたんだ74件は印刷していない」 — the printed report had no free text at all
    folder = rendered[1]
    report = YearReport.load(2024)
    css = "\n".join(s.get_text() for s in soup(page(folder, "01_outcomes")).find_all("style"))
    printed_rules = re.search(r"@media print\s*\{(.*)\}", css, re.S).group(1)
    for name, section in (("01_outcomes", "I"), ("02_changes", "II"), ("03_challenges", "III")):
        body = soup(page(folder, name)).body
        appendix = body.select_one(".appendix-texts")
        assert appendix is not None, name
        hidden = [
            c
            for c in appendix.get("class", [])
            if re.search(rf"\.{c}\s*[,{{][^}}]*display:\s*none", printed_rules)
        ]
        assert hidden == [], name  # the appendix is not hidden on paper
        assert appendix.find_parent(class_="screen-only") is None and appendix.find_parent("details") is None
        printed = appendix.get_text()
        texts = report.free_text[report.free_text["item_id"].isin(report.codebook.item_ids(section))]
        assert len(texts) > 10, name
        flat = re.sub(r"\s+", "", printed)
        missing = [t for t in texts["text"].astype(str) if re.sub(r"\s+", "", t)[:20] not in flat]
        assert missing == [], (name, missing[:3])


# -- the workbook ------------------------------------------------------------------------------------------------
def test_the_workbook_has_its_contents_sheet_and_row_heights(rendered):
    from openpyxl.utils import get_column_letter

    book = openpyxl.load_workbook(rendered[1] / "tables.xlsx")
    assert book.sheetnames[0] == "目次"
    contents = book["目次"]
    listed = [row[0] for row in contents.iter_rows(min_row=3, values_only=True) if row[0]]
    assert listed == book.sheetnames[1:]  # every other sheet, in order
    assert not any(re.search(r"_[含除]$|^[IV]+_", s) for s in book.sheetnames)  # no 「I_分布_含」
    # a sheet of long texts: every row whose text needs more than one line of its column has a height for them
    sheet = book["I 具体的な内容（全文）"]
    header, column = next(
        (r, c) for r in range(1, 6) for c in range(1, 6) if sheet.cell(r, c).value == "具体的な内容"
    )
    width = sheet.column_dimensions[get_column_letter(column)].width  # characters of the default font
    for row in range(header + 1, sheet.max_row + 1):
        value = sheet.cell(row, column).value
        if value and text_em(str(value)) * 2 > width * 1.05:  # full-width: two character widths each
            height = sheet.row_dimensions[row].height
            assert height and height >= 2 * 12, (row, value)  # two lines of an 11 pt font at least


@pytest.mark.parametrize("year", [2024, 2025])
def test_every_printed_sheet_is_one_page_wide_at_8_points_or_more(rendered, rendered_fy2025, year):
    """Issue 22 (hand-outs): each sheet prints one A4 page across, no text under 8 pt, the title and header on
    every page of a sheet longer than a page, and the stub too where a sheet is still wider than a page. The
    geometry is worked out in :func:`tests.helpers.printed_sheet` (A4 landscape 841.89 pt less 2 × 0.25 in of
    margin = 805.89 pt; portrait 559.28 pt; a unit of column width 7.0 pt at most)."""
    from tests.helpers import printed_sheet

    folder = rendered[1] if year == 2024 else rendered_fy2025
    book = openpyxl.load_workbook(folder / "tables.xlsx")
    pages = 0.0
    for sheet in book.worksheets:
        printed = printed_sheet(sheet)
        assert printed["width"] * printed["scale"] / 100 <= printed["page"] + 1e-6, sheet.title
        assert printed["pages_wide"] == 1, (sheet.title, printed)
        assert printed["smallest"] >= 8 - 1e-9, (sheet.title, printed)
        if printed["height"] > printed["page_height"]:
            assert sheet.print_title_rows, sheet.title  # a sheet over a page: its title and header repeated
        if printed["pages_wide"] > 1 and sheet.cell(2, 1).value == "項目":
            assert sheet.print_title_cols, sheet.title
        pages += math.ceil(printed["height"] / printed["page_height"])
    # a workbook someone would print: before issue 22's print work LibreOffice printed FY2024 on 396 pages and
    # FY2025 on 451 (the 記述ごとのテーマ sheets alone 182 and 219); now about 120 and 134
    assert pages < 160, pages
    contents = {r[0]: r[4] for r in book["目次"].iter_rows(min_row=3, values_only=True)}
    for name in book.sheetnames:
        if name.endswith("記述ごとのテーマ"):  # analysts' data prints its title only, and the 目次 says so
            assert contents[name].startswith("印刷しない"), name
            assert book[name].print_area.endswith("$1")


def test_no_printed_sheet_names_a_municipality_beside_its_answers(rendered, rendered_fy2025):
    # issue 22's review (LibreOffice): the printed 「具体的な内容（全文）」 sheets named the municipality beside each
    # free text, which the report never does; the names stay in the cells (the analysts' data), outside the print
    import re

    from openpyxl.utils import column_index_from_string

    for folder in (rendered[1], rendered_fy2025):
        book = openpyxl.load_workbook(folder / "tables.xlsx")
        checked = 0
        for sheet in book.worksheets:
            headers = [c.value for c in sheet[2]]
            if "具体的な内容" not in headers or "自治体" not in headers:
                continue
            area = sheet.print_area if isinstance(sheet.print_area, str) else sheet.print_area[0]
            corners = re.findall(r"\$?([A-Z]+)\$?(\d+)", area.split("!")[-1])
            if int(corners[-1][1]) <= 1:
                continue  # the sheet prints its title only (記述ごとのテーマ)
            printed = headers[: column_index_from_string(corners[-1][0])]
            assert "具体的な内容" in printed and "自治体" not in printed, (folder.name, sheet.title, printed)
            checked += 1
        assert checked >= 3, folder.name  # I, II and III


# -- nothing of the machinery in reader text ---------------------------------------------------------------------
def reader_texts(folder):
    """(where, text) of everything a reader reads: the pages without the index's 「再現のための情報」 block, the
    slides, and the workbook's sheets but its last (再現のための情報)."""
    for name in READER_PAGES:
        body = soup(page(folder, name)).body
        for tag in body.select("details.reproduce, script, style"):
            tag.decompose()
        for tag in body.select("[href], [src]"):
            del tag["href"]
        yield name, body.get_text(" ")
    for number, slide in enumerate(Presentation(folder / "slides.pptx").slides, start=1):
        for shape in slide.shapes:
            if shape.has_text_frame:
                yield f"slide {number}", shape.text_frame.text
    book = openpyxl.load_workbook(folder / "tables.xlsx")
    for sheet in book.worksheets[:-1]:
        for row in sheet.iter_rows(values_only=True):
            yield sheet.title, " ".join(str(v) for v in row if isinstance(v, str))


def test_no_reader_facing_text_carries_a_path_hash_or_parameter_name(rendered):
    folder = rendered[1]
    assert openpyxl.load_workbook(folder / "tables.xlsx").sheetnames[-1] == "再現のための情報"
    found = [
        (where, m.group(0), text[max(0, m.start() - 30) : m.end() + 30])
        for where, text in reader_texts(folder)
        for m in [MACHINERY.search(text)]
        if m
    ]
    assert found == []


def test_the_machinery_check_catches_what_the_issue_found():
    # the last slide, 90 and 91 as issue 22 found them
    for text in (
        "fiscal_year=2024、size_scheme=population_band、redact=False",
        "参照データ data/raw/reference/implementation_status.csv から数えた",
        "data/processed/FYxxxx/clean.parquet",
        "01_outcomes.ipynb",
        "SHA-256 1890eba83dcd29f9ba94e45454c049b9",
        # and as a later review found them on 00, 91 and the last slide
        "実施開始: 参照データ implementation_status.csv。",
        "警告は集計を止めないが、確認が必要。英語の原文は処理済みデータの記録（build.json）にある。",
        "除外した行は、処理済みデータの除外記録にも、詳しい理由（英語）とともに残している。",
        "集計: jusolib（数値は tables.xlsx の各シートと同じ）",
    ):
        assert MACHINERY.search(text), text
    assert not MACHINERY.search("自治体 23（無回答を含む）。人口規模（東京都の人口(推計) 2022年1月1日）")


# -- the report's shape: counts beside shares, headings on the slides (issue 22, finished) ----------------------
def test_the_page_tables_show_each_share_with_its_count_and_the_workbook_both_as_numbers(rendered):
    # published: 19 of 23 answered あてはまる to I-1 (82.6%) — the report prints 「82.6%（19）」
    folder = rendered[1]
    body = soup(page(folder, "01_outcomes")).body
    distribution = next(
        t for t in body.select("table.report-table") if t.caption and "回答の分布" in t.caption.get_text()
    )
    row = next(
        r for r in distribution.select("tbody tr") if "地域住民の参加を促す活動を行う者" in r.get_text()
    )
    assert "82.6（19）" in [td.get_text() for td in row.select("td")]
    # the cross-tab: 問3-10 in 20万〜50万 (8 自治体): 無回答 5 → 62.5（5）, とてもあてはまる 1 → 12.5（1）
    # (by hand: 5/8 = 62.5%, 1/8 = 12.5%; the answers as in the size-class test above)
    body = soup(page(folder, "03_challenges")).body
    cross = next(
        t
        for t in body.select("table.report-table")
        if t.caption and "規模別の回答の分布" in t.caption.get_text()
    )
    cells = [td.get_text() for td in cross.select("td")]
    assert "62.5（5）" in cells and "12.5（1）" in cells
    # n is the same for every item per class (全体 23; 3, 7, 8, 5 by band): said once under the table
    assert "n=23" not in cells
    assert (
        "n: どの項目も同じ（全体 23、10万未満 3、10万〜20万 7、20万〜50万 8、50万以上 5）。"
        in cross.find_parent("figure").get_text()
    )
    book = openpyxl.load_workbook(folder / "tables.xlsx")
    sheet = book["I 回答の分布"]
    header = [c.value for c in sheet[2]]
    at = header.index("あてはまる")
    assert header[at + 1] == "あてはまる（件数）"
    first = [c.value for c in sheet[3]]
    assert (first[at], first[at + 1]) == (82.6, 19)  # numbers, not 「82.6（19）」


def test_the_distribution_slides_carry_the_reports_group_headings(rendered):
    # the codebook groups I by 106条の3 第1〜3号 (I-1〜3 第1号, I-4 第2号, I-5 第3号) and III by 交付金等の課題／課題:
    # one heading per group, beside its bars, top first
    from jusolib.survey.codebook import load_codebook

    codebook = load_codebook(2024)
    deck = Presentation(rendered[1] / "slides.pptx")
    for section in ("I", "III"):
        expected = list(
            dict.fromkeys(str(codebook.item(i)["subsection"]) for i in codebook.item_ids(section))
        )
        # a long section continues over several slides (labels at 12 pt): the headings of its slides in order
        slides = [s for s in deck.slides if any(sh.name.startswith(f"{section}_分布_含") for sh in s.shapes)]
        shown = []
        for slide in slides:
            headings = sorted(
                (sh.top, sh.text_frame.text) for sh in slide.shapes if sh.name.startswith("見出し_")
            )
            shown += [text.replace("\n", " ") for _, text in headings]
        assert list(dict.fromkeys(shown)) == expected, section
    assert expected[0] == "交付金等の課題"


#: The least share of its room a theme table fills (issue 22: the FY2024 I slides were 55–65% full with one item
#: each; a slide with room is now written larger, with more whole quotes: 81% and more in both years).
THEME_FILL = 0.75


def theme_fill(deck):
    """(slide number, table height ÷ the height between the content top and the notes) of every theme slide."""
    from jusolib.outputs.slides.deck import CONTENT_TOP

    emu = 914400
    found = []
    for number, slide in enumerate(deck.slides, start=1):
        tables = [sh for sh in slide.shapes if sh.has_table]
        if not tables or "テーマ" not in tables[0].name:
            continue
        notes = min(sh.top for sh in slide.shapes if sh.has_text_frame and "該当: " in sh.text_frame.text)
        found.append((number, tables[0].height / emu / (notes / emu - CONTENT_TOP)))
    return found


def test_no_theme_slide_is_left_half_empty(rendered, rendered_fy2025):
    # issue 22: slides whose theme table filled half the room under the title (one item alone after a full one).
    # Every theme table takes at least THEME_FILL of the height between the title and its notes, in both years
    deck = Presentation(rendered[1] / "slides.pptx")
    for folder in (rendered[1], rendered_fy2025):
        filled = theme_fill(Presentation(folder / "slides.pptx"))
        assert len(filled) >= 10
        assert [(n, round(f, 2)) for n, f in filled if f < THEME_FILL] == [], folder.name
    # II: eight items, each 1.7–1.9 in of rows (the item, 3–4 themes of one or two lines): two fit a later slide's
    # 4.3 in (and the first's 3.9) and three never do (≥ 5.1) — four slides, not five with two half empty
    titles = [
        s.shapes.title.text
        if s.shapes.title is not None
        else next(sh.text_frame.text for sh in s.shapes if sh.has_text_frame)
        for s in deck.slides
    ]
    assert sum("II 重層事業の実施を通じて感じる変化 — 具体的な内容のテーマ" in t for t in titles) == 4


# -- print: no stranded heading, chart text at least 7 pt -------------------------------------------------------
def print_rules(html):
    css = "\n".join(s.get_text() for s in soup(html).find_all("style"))
    return re.search(r"@media print\s*\{(.*)\}", css, re.S).group(1)


def test_every_heading_is_kept_with_what_follows_it_in_the_pages_css(rendered):
    # a heading is the last line of a printed page only if the page may break right after it. The page's CSS
    # forbids that for the heading itself (break-after: avoid, good for a heading followed by text in its own
    # box) and for the two boxes a heading can end: a Markdown cell of headings (section.md.keep-with-next) and a
    # Markdown output followed by the cell's chart or table (.output_area:has(> .output_markdown):not(:last-child))
    folder = rendered[1]
    for name in READER_PAGES:
        html = page(folder, name)
        rules = print_rules(html)
        for selector in (
            r"h2",
            r"h3",
            r"section\.md\.keep-with-next",
            r"\.output_area:has\(> \.output_markdown\):not\(:last-child\)",
        ):
            assert re.search(rf"(?:^|[,}}\s]){selector}\s*[,{{][^}}]*break-after:\s*avoid", rules), (
                name,
                selector,
            )
        for heading in soup(html).body.find_all(["h2", "h3", "h4"]):
            if heading.find_next_sibling() is not None:
                continue  # text after it in its own box: the heading's own break-after holds it
            box = heading.parent
            if box.name == "section" and "md" in box.get("class", []):
                assert "keep-with-next" in box.get("class", []) or box.find_next_sibling() is None, (
                    name,
                    heading,
                )
            else:
                assert "output_markdown" in box.get("class", []), (name, heading.get_text())
                assert box.parent.find_next_sibling() is not None, (name, heading.get_text())


# -- the A4 print, read back: one print per page and run, shared by the print tests -----------------------------
#: A4 in PostScript points, and the page margins of jusolib.css (11 mm above, 12 mm below, 1 mm = 72 / 25.4 pt):
#: pdftotext reads only the area inside them, so the running title, page number and 合成データ mark are left out.
A4_POINTS, TOP_POINTS, BOTTOM_POINTS = (595, 842), 32, 34


def printable():
    return chromium() is not None and shutil.which("pdftotext") is not None


#: The A4 prints in Chromium run in ``make long`` (JUSOLIB_LONG=1; every page of both years, about 2 minutes),
#: where Chromium and pdftotext are installed; ``make test`` checks the print through the pages' own CSS
#: (``..._in_the_pages_css``, the A4 column estimate) and does not need a browser.
needs_print = pytest.mark.skipif(
    not (printable() and os.environ.get("JUSOLIB_LONG")),
    reason="A4 prints in Chromium run in make long (and need Chromium and pdftotext)",
)


def flat(text):
    """Text without white space (pdftotext breaks and spaces a line where the page does not)."""
    return re.sub(r"[\s¶]", "", text)


class Sheet(NamedTuple):
    """One printed A4 sheet: its lines of text inside the margins, and whether text is the last thing on it (not
    a chart, which pdftotext does not see)."""

    lines: tuple[str, ...]
    ends_in_text: bool


def printed_a4(path):
    """The sheets of the page at ``path`` printed to A4 (:func:`printed`)."""
    return printed(path).sheets


def solid_word(word):
    """A printed word of kanji and kana only (and 「・」): each glyph one em wide, so the word's width over its
    length is its font size (brackets and 、。 may be set narrower, Latin and digits are proportional)."""
    return len(word) >= 4 and all(
        (unicodedata.category(c) in ("Lo", "Lm") and unicodedata.east_asian_width(c) == "W") or c == "・"
        for c in word
    )


class Print(NamedTuple):
    """A page as Chromium prints it: its sheets, and the words of kanji and kana on the first sheet with the size
    (pt) each is printed at (:func:`solid_word`)."""

    sheets: tuple[Sheet, ...]
    first_sheet_sizes: tuple[tuple[str, float], ...]


@functools.cache
def printed(path):
    """The page at ``path`` printed to A4 by Chromium (as a reader prints it), read back per sheet (blank sheets
    left out): the lines inside the margins as pdftotext lays them out, and whether the lowest ink of the sheet
    (pdftoppm at 24 dpi) is within 4 mm of its last word; and the printed size of the kanji and kana words of its
    first sheet. Each page is printed once per run (about 4 s), however many tests read it."""
    import numpy as np
    from PIL import Image

    width, height = A4_POINTS
    inside = [
        "-x",
        "0",
        "-y",
        str(TOP_POINTS),
        "-W",
        str(width),
        "-H",
        str(height - TOP_POINTS - BOTTOM_POINTS + 6),  # a last line may reach a little into the margin
    ]
    with tempfile.TemporaryDirectory() as tmp:
        pdf = Path(tmp) / "page.pdf"
        subprocess.run(
            [
                chromium(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                f"--user-data-dir={tmp}/profile",
                "--no-pdf-header-footer",
                f"--print-to-pdf={pdf}",
                path.as_uri(),
            ],
            capture_output=True,
            timeout=120,
            check=True,
        )

        def poppler(*arguments):
            return subprocess.run(arguments, capture_output=True, text=True, timeout=60, check=True).stdout

        texts = poppler("pdftotext", "-layout", *inside, str(pdf), "-").split("\f")
        words = poppler("pdftotext", "-bbox", str(pdf), "-").split("<page ")[1:]
        poppler("pdftoppm", "-r", "24", "-gray", str(pdf), f"{tmp}/sheet")
        pictures = sorted(Path(tmp).glob("sheet-*.pgm"), key=lambda p: int(p.stem.split("-")[1]))
        sheets = []
        for text, boxes, picture in zip(texts, words, pictures, strict=False):
            lines = tuple(line for line in text.splitlines() if line.strip())
            spans = [
                (float(a), float(b)) for a, b in re.findall(r'yMin="([\d.]+)" \S+ yMax="([\d.]+)"', boxes)
            ]
            # a word belongs to the content if it begins inside the margins (its descent may reach into them)
            last_word = max((b for a, b in spans if TOP_POINTS < a < height - BOTTOM_POINTS), default=0.0)
            with Image.open(picture) as image:
                darkest = np.asarray(image).min(axis=1)  # per row of pixels
            points = (np.arange(len(darkest)) + 1) * height / len(darkest)  # each row's lower edge
            content = (points > TOP_POINTS) & (points < height - BOTTOM_POINTS + 6)  # the margins' text below
            inked = points[(darkest < 200) & content]
            last_ink = float(inked.max()) if len(inked) else 0.0
            if lines:
                sheets.append(Sheet(lines, last_ink <= last_word + 4 * 72 / 25.4))
        boxes = re.findall(
            r'xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)<', words[0] if words else ""
        )
        sizes = tuple(
            (word, (float(right) - float(left)) / len(word))
            for left, right, word in boxes
            if solid_word(word)
        )
    return Print(tuple(sheets), sizes)


def tables_of(html):
    """Per report table of a page: its header (flat), the names of its row groups (the first stub cell of each
    group: the item) and the text of every body cell (flat)."""
    found = []
    for table in soup(html).body.select("table.report-table"):
        head = flat(table.thead.get_text()) if table.thead else ""
        names = [flat(th.get_text()) for th in table.select("tbody th.stub-first")]
        cells = [flat(cell.get_text()) for cell in table.select("tbody th, tbody td")]
        found.append((head, [n for n in names if n], [c for c in cells if c]))
    return found


def pieces(line):
    """The pieces of a printed line that pdftotext sets apart as columns (two spaces or more), flat."""
    return [flat(piece) for piece in re.split(r"\s{2,}", line.strip()) if flat(piece)]


def begins(piece, texts):
    """Whether a printed piece is the beginning of one of ``texts`` (its first line: at least two characters)
    or holds the whole beginning of one (a line wider than the text's first six characters)."""
    return any((len(piece) >= 2 and text.startswith(piece)) or piece.startswith(text[:6]) for text in texts)


def header_lines(sheet, head):
    """How many lines a sheet begins with that print a table's header: lines whose pieces are all part of the
    header's text and that, together, hold most of it (so that a heading that happens to be a header's word is
    not taken for the header)."""
    lines = 0
    while lines < len(sheet) and head and all(flat(piece) in head for piece in sheet[lines].split()):
        lines += 1
    return lines if sum(len(flat(line)) for line in sheet[:lines]) >= 0.6 * len(head) else 0


def is_table_row(line, cells):
    """A printed line of a table's body: two or more pieces set apart as columns, the first two beginning cells."""
    found = pieces(line)
    return len(found) >= 2 and all(begins(piece, cells) for piece in found[:2])


def continued_without_header_or_name(sheets, tables):
    """The sheets (numbered from 1) that begin inside a table but do not show its header and then the name of
    the row group the rows belong to (the item): ``[(sheet, first line)]``. Tables of one page may share a
    header (05: one per section); a sheet that begins with it continues one of them."""
    problems = []
    for number, sheet in enumerate(sheets[1:], start=2):
        sheet = sheet.lines
        continued = [(header_lines(sheet, head), names) for head, names, _ in tables]
        continued = [(lines, names) for lines, names in continued if 0 < lines < len(sheet)]
        if continued:
            lines = continued[0][0]
            named = [name for _, names in continued for name in names]
            if named and not begins(pieces(sheet[lines])[0], named):
                problems.append((number, sheet[lines].strip()))
        elif any(is_table_row(sheet[0], cells) for _, _, cells in tables):
            problems.append((number, sheet[0].strip()))
    return problems


def headings_of(html):
    """The headings of a page as printed (flat): h1–h4, the titles of tables and of the groups of texts."""
    body = soup(html).body
    marked = body.find_all(["h1", "h2", "h3", "h4", "caption", "figcaption"])
    marked += body.select("p.theme-title, p.group-title")
    return {flat(h.get_text()) for h in marked} - {""}


def stranded(sheets, headings):
    """The sheets (numbered from 1) but the last whose last lines are a whole heading (on one to three lines)
    with nothing under it: ``[(sheet, heading)]``."""
    found = []
    for number, sheet in enumerate(sheets[:-1], start=1):
        if not sheet.ends_in_text:
            continue  # a chart under the last line
        ends = {flat("".join(sheet.lines[-k:])) for k in (1, 2, 3)}
        found += [(number, heading) for heading in sorted(headings & ends)]
    return found


def leads_of(html):
    """``heading → lead`` (flat) of a page: each h2 and h3 and the first paragraph or list item after it, for the
    headings whose part goes on after the lead (a part that is one paragraph is whole with it)."""
    leads = {}
    for heading in soup(html).body.find_all(["h2", "h3"]):
        lead = heading.find_next(["p", "li"])
        if lead is None or not flat(heading.get_text()) or not flat(lead.get_text()):
            continue
        more = lead.find_next(["p", "li", "table", "img", "h2", "h3", "h4"])
        if more is not None and more.name not in ("h2", "h3"):
            leads[flat(heading.get_text())] = flat(lead.get_text())
    return leads


def stranded_with_lead(sheets, leads):
    """The sheets (numbered from 1) but the last that end with a heading (h2, h3) followed by nothing but (the
    beginning of) its lead paragraph: ``[(sheet, heading)]``."""
    found = []
    for number, sheet in enumerate(sheets[:-1], start=1):
        if not sheet.ends_in_text:
            continue  # a chart under the last line
        text = flat("".join(sheet.lines))
        for heading, lead in leads.items():
            at = text.rfind(heading)
            rest = text[at + len(heading) :] if at >= 0 else ""
            if at >= 0 and rest and lead.startswith(rest):
                found.append((number, heading))
    return found


def notes_of(html):
    """The first note (flat) under each report table of a page."""
    found = []
    for figure in soup(html).body.select("figure.report-block"):
        note = figure.select_one("ul.notes > li")
        if figure.find("table") is not None and note is not None and flat(note.get_text()):
            found.append(flat(note.get_text()))
    return found


def separated_notes(sheets, notes):
    """The sheets (numbered from 1) that begin with a table's notes (their table on the sheet before):
    ``[(sheet, first line)]``."""
    return [
        (number, sheet.lines[0].strip())
        for number, sheet in enumerate(sheets[1:], start=2)
        if any(note.startswith(flat(sheet.lines[0])[:12]) for note in notes)
        and len(flat(sheet.lines[0])) >= 6
    ]


def print_declarations(html):
    """``[(selector, declarations)]`` of the page's print rules, one selector each (comments left out)."""
    rules = re.sub(r"/\*.*?\*/", "", print_rules(html), flags=re.S)
    return [
        (selector.strip(), body)
        for selectors, body in re.findall(r"([^{}]+)\{([^{}]*)\}", rules)
        for selector in selectors.split(",")
    ]


def printed_with(body, html, declaration):
    """The ids of the elements of the page (``body``, parsed) that a print rule gives ``declaration`` (e.g.
    ``break-inside: avoid``; ``page-break-inside`` is not ``break-inside``)."""
    prop, value = (part.strip() for part in declaration.split(":"))
    found = set()
    for selector, rules in print_declarations(html):
        if "::" not in selector and re.search(rf"(?<![\w-]){prop}:\s*{value}\b", rules):
            found |= {id(element) for element in body.select(selector)}
    return found


def test_a_printed_table_breaks_only_between_items_and_repeats_its_header_in_the_pages_css(
    rendered, rendered_fy2025
):
    # issue 22's review (A4, FY2024 01 p.4, 03 p.11 and p.14): a table went on onto the next sheet in the middle
    # of an item's rows, the item name (the first stub cell, spanning the item's rows) left on the sheet before.
    # Each item's rows are a tbody of their own, first row carrying the item's name; on paper a tbody is kept
    # whole and a table may break before any of them — the page's CSS had put break-before: avoid on the first
    # row of every tbody, so that every break point was one to avoid and Chromium broke inside an item. The
    # header repeats on every sheet (display: table-header-group)
    grouped = 0
    for folder in (rendered[1], rendered_fy2025):
        for path in sorted(folder.glob("*.html")):
            html = path.read_text(encoding="utf-8")
            body = soup(html).body
            repeated = printed_with(body, html, "display: table-header-group")
            whole = printed_with(body, html, "break-inside: avoid")
            held = printed_with(body, html, "break-before: avoid")
            for table in body.select("table.report-table"):
                caption = (path.stem, table.caption.get_text() if table.caption else table.get("id"))
                assert table.thead is None or id(table.thead) in repeated, caption
                groups = table.find_all("tbody", recursive=False)
                if len(groups) < 2:
                    continue
                grouped += 1
                for group in groups:
                    assert group.find("tr").find("th", class_="stub-first", recursive=False), caption
                    assert id(group) in whole, caption
                assert [g for g in groups[1:] if id(g.find("tr")) in held] == [], caption
    assert grouped >= 10


def test_the_printed_free_text_keeps_each_heading_with_its_first_texts_in_the_pages_css(
    rendered, rendered_fy2025
):
    # issue 22's review (A4, FY2024 03 p.24): the item heading 「問3-9 …」 and its first theme's title were the
    # last lines of a sheet, their texts on the next. An item heading and a theme title may not be followed by a
    # break, nor may the first text of a list be preceded by one
    for folder in (rendered[1], rendered_fy2025):
        for name in ("01_outcomes", "02_changes", "03_challenges"):
            html = page(folder, name)
            body = soup(html).body
            kept = printed_with(body, html, "break-after: avoid")
            held = printed_with(body, html, "break-before: avoid")
            appendix = body.select_one(".appendix-texts")
            headings = appendix.select("h4, p.theme-title")
            assert len(headings) > 10, name
            assert [h.get_text() for h in headings if id(h) not in kept] == [], name
            lists = appendix.select("ul.text-list")
            assert [ul.get_text()[:20] for ul in lists if id(ul.find("li")) not in held] == [], name


#: The pages printed when ``JUSOLIB_LONG`` is unset (a quick run of the print tests by hand: 03, whose tables
#: continue over sheets and whose free text prints as an appendix, and 05, with the widest tables and the most
#: headings); ``make long`` prints every page of both years.
PRINTED = {"FY2024": ("03_challenges", "05_municipality_vs_council")}


def printed_pages(*folders):
    """(path, html) of the pages to print: every page with JUSOLIB_LONG, else those of PRINTED."""
    for folder in folders:
        for path in sorted(folder.glob("*.html")):
            if os.environ.get("JUSOLIB_LONG") or path.stem in PRINTED.get(folder.name, ()):
                yield path, path.read_text(encoding="utf-8")


#: FY2024 01_outcomes p.4 as issue 22's review printed it: the header repeated, then 問1-3's rows without 問1-3.
CONTINUED_WITHOUT_NAME = (
    "                                   記述者に 回答者に",
    "                                   占める 占める",
    "項目          テーマ                 該当 割合    割合                  回答                記述の例",
    "            重層以前から                 2    13.3       8.7   どちらともいえない   「担い手の育成は従来から行っている」",
    "                                                         2",
)
THEME_TABLE = (
    "項目テーマ該当記述者に占める割合回答者に占める割合回答記述の例",
    ["問1-1地域住民の参加を促す活動を行う者（記述者n=16）", "問1-3地域における担い手の育成（記述者n=15）"],
    [
        "問1-1地域住民の参加を促す活動を行う者（記述者n=16）",
        "重層以前から",
        "2",
        "13.3",
        "8.7",
        "どちらともいえない2",
    ],
)


def test_the_print_checks_catch_what_the_review_found():
    table = [THEME_TABLE]
    first = Sheet(("I 包括的支援体制の整備に向けた成果・進捗状況", "項目  テーマ"), True)
    # the rows of 問1-3 on a sheet of their own without the item's name: caught
    assert continued_without_header_or_name([first, Sheet(CONTINUED_WITHOUT_NAME, True)], table) == [
        (2, CONTINUED_WITHOUT_NAME[3].strip())
    ]
    # the same sheet beginning with 問1-3's first row, named: passes
    named = (
        *CONTINUED_WITHOUT_NAME[:3],
        "問1-3 地域に    養成講座の開催      7   46.7   30.4   あてはまる 7",
    )
    assert continued_without_header_or_name([first, Sheet(named, True)], table) == []
    # a sheet beginning with a row and no header: caught
    headless = Sheet(CONTINUED_WITHOUT_NAME[3:], True)
    assert continued_without_header_or_name([first, headless], table) == [
        (2, CONTINUED_WITHOUT_NAME[3].strip())
    ]
    # FY2024 03 p.24: an item heading and a theme title the last lines of a sheet — caught; the same lines with a
    # chart under them (pdftotext sees no chart) are not the end of the sheet
    headings = {"問3-9社会的に孤立している方の受け皿が不足", "コミュニケーションが苦手な方の受け皿（7件）"}
    foot = (
        "「周知の機会が少ない」（50万以上、あてはまる）",
        "問3-9 社会的に孤立している方の受け皿が不足",
        "コミュニケーションが苦手な方の受け皿（7件）",
    )
    assert stranded([Sheet(foot, True), first], headings) == [
        (1, "コミュニケーションが苦手な方の受け皿（7件）")
    ]
    assert stranded([Sheet(foot[:2], True), first], headings) == [
        (1, "問3-9社会的に孤立している方の受け皿が不足")
    ]
    assert stranded([Sheet(foot, False), first], headings) == []


def test_the_print_checks_catch_a_stranded_part_and_separated_notes():
    # issue 22's review: FY2025 01 p.8 ended with 「方法 — 数字の確かさと検定」 and its lead; FY2025 02 p.8 began with
    # a table's 「※参考値…」 note, its table on p.7
    leads = {"方法—数字の確かさと検定": "ここから先は、上の数字の確かさを調べた表と、その方法の説明。"}
    foot = (
        "問1-5 地域生活課題を解決するための有機的な連携  14",
        "方法 — 数字の確かさと検定",
        "ここから先は、上の数字の",
    )
    last = Sheet(("肯定的回答の割合",), True)
    assert stranded_with_lead([Sheet(foot, True), last], leads) == [(1, "方法—数字の確かさと検定")]
    assert stranded_with_lead([Sheet(foot[:2], True), last], leads) == []  # (the heading alone: stranded())
    table_after = (*foot, "ここから先は、上の数字の確かさを調べた表と、その方法の説明。", "項目 n 割合")
    assert stranded_with_lead([Sheet(table_after, True), last], leads) == []
    notes = [flat("※参考値: 記述者が10未満の区分。割合は参考として示す。")]
    assert separated_notes(
        [last, Sheet(("※参考値: 記述者が10未満の区分。割合は参考として", "示す。"), True)], notes
    ) == [(2, "※参考値: 記述者が10未満の区分。割合は参考として")]
    assert separated_notes([last, Sheet(("II 規模による差の検定",), True)], notes) == []


@needs_print
def test_every_page_prints_at_full_size(rendered, rendered_fy2025):
    # issue 22's review: Chromium shrank a page whose widest table did not fit the A4 column — 05 to 86%, FY2025 04
    # to 91%, 01–03 to 97–98%, 92 to 95% (its h1 at 12.6 pt on 05). Printed, the page's title (h1: 1.55em of the
    # printed 9.4 pt, 14.57 pt) is that size: each kanji or kana one em wide, its word's width over its length
    css = "\n".join(s.get_text() for s in soup(page(rendered[1], "index")).find_all("style"))
    rules = print_css_rules(css)
    expected = float(declared(rules, "html", "font-size").removesuffix("pt")) * em_value(
        rules, "h1", "font-size"
    )
    assert expected == pytest.approx(1.55 * 9.4)
    for path, html in printed_pages(rendered[1], rendered_fy2025):
        title = flat(soup(html).body.find("h1").get_text())
        sizes = [size for word, size in printed(path).first_sheet_sizes if word in title]
        assert sizes, path.stem
        assert sorted(sizes)[len(sizes) // 2] == pytest.approx(expected, abs=0.1), (
            path.parent.name,
            path.stem,
        )


@needs_print
def test_no_part_begins_at_the_foot_of_a_sheet_and_no_note_leaves_its_table(rendered, rendered_fy2025):
    # issue 22's review: 「方法 — 数字の確かさと検定」 with only its lead at the foot of FY2025 01 p.8, FY2024 01 p.9
    # and 03 p.15; FY2025 02 p.8 opened with a table's 「※参考値…」 note
    for path, html in printed_pages(rendered[1], rendered_fy2025):
        sheets = printed_a4(path)
        assert stranded_with_lead(sheets, leads_of(html)) == [], path.stem
        assert separated_notes(sheets, notes_of(html)) == [], path.stem


@needs_print
def test_every_sheet_that_continues_a_printed_table_shows_its_header_and_the_item(rendered, rendered_fy2025):
    # issue 22's review: FY2024 01 p.4, 03 p.11 and p.14 went on with an item's rows without the item's name.
    # Printed by Chromium to A4: a sheet that begins inside a table begins with the table's header and then the
    # first row of an item (its name in the first stub cell)
    checked = 0
    for path, html in printed_pages(rendered[1], rendered_fy2025):
        sheets = printed_a4(path)
        checked += len(sheets)
        assert continued_without_header_or_name(sheets, tables_of(html)) == [], path.stem
    assert checked >= 30


@needs_print
def test_no_heading_is_stranded_at_the_foot_of_a_printed_a4_page(rendered, rendered_fy2025):
    # issue 22: 05's 「出典・再現のための情報」 was the last line of p.7; its review: FY2024 03 p.24 ended with the
    # appendix's 「問3-9 …」 and its first theme's title. Printed by Chromium to A4, no sheet ends with a heading
    # (h1–h4, a table's title, a theme's or a class's title in the printed free text) with nothing under it
    for path, html in printed_pages(rendered[1], rendered_fy2025):
        sheets = printed_a4(path)
        assert len(sheets) >= 1, path.stem
        assert stranded(sheets, headings_of(html)) == [], path.stem


def test_printed_chart_text_is_at_least_7_points(rendered):
    # a chart prints at chart_print_width mm (18 mm to the inch, narrower when it would be too tall), so a text of
    # s points prints at s × printed width ÷ figure width. By hand for I's distribution chart (9.5 in wide, five
    # items, 5.02 in high): printed 9.5 × 18 = 171 mm (91 mm high, under the page's limit); its smallest text
    # 10 pt prints at 10 × 171 ÷ (9.5 × 25.4) = 1,710 ÷ 241.3 = 7.09 pt. Every chart of every rendered page is
    # checked the same way from the size and smallest text its page recorded (the notebook's chart metadata)
    from jusolib.outputs.pages.site import chart_print_width

    folder = rendered[1]
    printed = {}
    for notebook in sorted(folder.glob("*.ipynb")):
        cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
        outputs = [o for c in cells for o in c.get("outputs", [])]
        for k, output in enumerate(outputs):
            chart = output.get("metadata", {}).get("jusolib", {}).get("chart")
            if chart:
                mm = chart_print_width(chart)
                printed[(notebook.stem, k)] = chart["min_font"] * mm / (chart["width_in"] * 25.4)
    assert len(printed) >= 10
    first = min(k for name, k in printed if name == "01_outcomes")
    assert printed[("01_outcomes", first)] == pytest.approx(1710 / 241.3, abs=0.005)
    small = {key: round(points, 2) for key, points in printed.items() if points < 7 - 1e-9}
    assert small == {}
    html = page(folder, "01_outcomes")  # the page prints its charts at that width
    assert "--print-width: 171.0mm" in html


def test_no_repeated_block_on_the_section_pages(rendered):
    # issue 22's repeated blocks. (1) both bases' tables when nobody answered 無回答: in FY2024 nobody left an item
    # of I or II blank (published: every item of I has 23 answers), III has the ※1〜※3 blanks — so one table on
    # 01 and 02, two on 03. (2) ※1〜※3 printed three times on 03: each note once. (3) n=23 in every cell of a column
    folder = rendered[1]
    report = YearReport.load(2024)
    for name, tables in (("01_outcomes", 1), ("02_changes", 1), ("03_challenges", 2)):
        body = soup(page(folder, name)).body
        captions = [t.caption.get_text() for t in body.select("table.report-table") if t.caption]
        assert sum("回答の分布（%、無回答を" in c for c in captions) == tables, name
        for table in body.select("table.report-table"):
            for column in zip(
                *[[td.get_text() for td in tr.select("td")] for tr in table.select("tbody tr")], strict=False
            ):
                assert not (len(column) > 2 and set(column) == {"n=23"}), (name, table.caption)
    text = soup(page(folder, "03_challenges")).body.get_text()
    for mark, note in report.codebook.section_footnotes("III").items():
        assert text.count(note) == 1, mark


# -- each year cites its own source ------------------------------------------------------------------------------
def test_each_year_cites_the_report_it_comes_from_and_fy2025_none(rendered, rendered_fy2025):
    # issue 22's review: FY2025's codebook (a demonstration copy of FY2024's) named the 令和6年度 report as its
    # source, so FY2025's footers and last slide cited a report about another year. No FY2025 report exists: its
    # pages name the survey, its deck no report; FY2024's still cite the 令和6年度 report
    from jusolib.survey.codebook import load_codebook
    from jusolib.survey.reference import load_sources

    citation = str(load_sources().set_index("source_id").at["tsk_report_r6", "citation"])
    assert "令和6年度調査" in citation

    def footers(folder):
        return [
            soup(p.read_text(encoding="utf-8")).select_one("footer.sources") for p in folder.glob("*.html")
        ]

    def last_slide(folder):
        slide = list(Presentation(folder / "slides.pptx").slides)[-1]
        return " ".join(sh.text_frame.text for sh in slide.shapes if sh.has_text_frame)

    old = footers(rendered[1])
    assert len(old) >= 9 and all(f"出典: {citation}" in f.get_text() for f in old)
    assert f"報告書: {citation}" in last_slide(rendered[1])
    new = footers(rendered_fy2025)
    survey = load_codebook(2025).meta["survey"]
    assert len(new) >= 9 and all(f"出典: {survey}" in f.get_text() for f in new)
    assert [f.get_text() for f in new if "令和6年度調査" in f.get_text()] == []
    closing = last_slide(rendered_fy2025)
    assert "令和6年度調査" not in closing and "報告書:" not in closing
    assert "合成データ（令和7年度 (2025)）" in closing
    # the workbook's 出典 sheet: 報告書 for FY2024, 調査 (the survey's name, no report) for FY2025
    from openpyxl import load_workbook

    def source_rows(folder):
        sheet = load_workbook(folder / "tables.xlsx", read_only=True)["出典"]
        return {str(r[0]): str(r[1]) for r in sheet.iter_rows(values_only=True) if r[0] in ("報告書", "調査")}

    assert source_rows(rendered[1]) == {"報告書": citation}
    assert source_rows(rendered_fy2025) == {"調査": survey}


# -- statistics in the method part only --------------------------------------------------------------------------
#: Names of tests, corrections and statistics, and the analysts' words for groups: a reader meets them only in a
#: page's 方法 section (and on 92), never before it (issue 22, point 1).
METHOD_WORDS = re.compile(
    r"パネル|Holm|符号付き順位|調整済み残差|Fisher|Kruskal|Cramér|McNemar|Wilcoxon|Newcombe|MOVER|mid-p"
    r"|Benjamini|Cochran|Armitage|一部重複標本|z 検定"
)


def reader_part(html):
    """The text of a page before its 方法 heading (the whole page without one), navigation, footer, scripts and
    the index's 「再現のための情報」 left out."""
    body = soup(html).body
    for tag in body.select("nav, footer, script, style, details.reproduce"):
        tag.decompose()
    method = next((h for h in body.find_all("h2") if h.get_text().startswith("方法")), None)
    if method is not None:
        for later in method.find_all_next():
            later.decompose()
        method.decompose()
    return body.get_text(" ")


def test_the_method_scan_catches_what_the_review_found():
    page_04 = (
        "<body><nav>方法</nav><h2>前年度との差</h2><table><tr><th>p値（Holm補正）</th></tr><tr><td>パネル"
        "（両年度とも回答）</td></tr></table><h2>方法</h2><p>区間は Newcombe の方法10</p></body>"
    )
    found = METHOD_WORDS.findall(reader_part(page_04))
    assert found == ["Holm", "パネル"]  # the table's header and its row label; not Newcombe, after 方法
    page_05 = "<body><h2>比較できた組</h2><li>得点の差（符号付き順位検定）0項目</li><h2>方法 — 一致と差の検定</h2></body>"
    assert METHOD_WORDS.findall(reader_part(page_05)) == ["符号付き順位"]


def test_no_statistics_vocabulary_before_the_method_section(rendered, rendered_fy2025):
    found = []
    for folder in (rendered[1], rendered_fy2025):
        for path in sorted(folder.glob("*.html")):
            if path.stem == "92_methods":
                continue  # the methods page is all method
            text = re.sub(r"\s+", " ", reader_part(path.read_text(encoding="utf-8")))
            found += [
                (folder.name, path.stem, m.group(0), text[max(0, m.start() - 20) : m.end() + 20])
                for m in METHOD_WORDS.finditer(text)
            ]
    assert found == []
