"""Navigation, variants and the indexes, from small hand-made records (no notebook runs here)."""

import json
import re

from jusolib.outputs.pages.site import (
    Site,
    chart_print_width,
    context,
    footer,
    notebook_page,
    reproduce,
    site_index,
    year_folder_parts,
    year_index,
)

RECORD = {
    "fiscal_year": 2024,
    "data_status": "synthetic",
    "data_status_label": "合成データ（synthetic）",
    "fiscal_year_label": "令和6年度 (2024)",
    "parameters": {"fiscal_year": 2024, "respondent_type": "<b>自治体</b>", "size_scheme": "population_band"},
    "inputs": {"raw/x.csv": "ab" * 32},
    "packages": {"pandas": "3.1.1"},
    "commit": "abc",
}
PAGES = ["00_overview", "01_outcomes", "02_changes"]
TITLES = {
    "00_overview": "00 概要 — 回答者",
    "01_outcomes": "01 成果・進捗 — 成果",
    "02_changes": "02 変化 — 変化",
}


def site(tmp_path, respondent="municipality", scheme="population_band", years=(2024, 2025)):
    return Site(tmp_path, respondent, scheme, list(years), PAGES, TITLES, "自治体・人口規模")


def test_navigation_marks_the_current_page_with_previous_and_next(tmp_path):
    nav = site(tmp_path).nav(2024, "01_outcomes")
    assert [(p["label"], p["current"]) for p in nav["pages"]] == [
        ("概要", False),
        ("成果・進捗", True),
        ("変化", False),
    ]
    assert nav["previous"]["href"] == "00_overview.html" and nav["next"]["href"] == "02_changes.html"
    assert nav["site_index"] == "../index.html"


def test_year_switch_links_the_same_page_of_each_year(tmp_path):
    nav = site(tmp_path).nav(2025, "02_changes")
    assert [(y["label"], y["href"], y["current"]) for y in nav["years"]] == [
        ("令和6年度", "../FY2024/02_changes.html", False),
        ("令和7年度", "../FY2025/02_changes.html", True),
    ]


def test_variants_live_side_by_side_in_ascii_folders(tmp_path):
    assert year_folder_parts(2024, "municipality", "population_band") == ["FY2024"]
    assert year_folder_parts(2024, "council", "city_size") == ["FY2024", "council_city_size"]
    assert year_folder_parts(2024, "municipality", "population_band", redacted=True) == [
        "FY2024",
        "municipality_population_band_redacted",
    ]
    nav = site(tmp_path, "council", "city_size").nav(2024, "00_overview")
    assert nav["site_index"] == "../../index.html"
    assert nav["years"][1]["href"] == "../../FY2025/council_city_size/00_overview.html"


def test_a_single_year_has_no_year_switch(tmp_path):
    assert site(tmp_path, years=[2024]).nav(2024, "00_overview")["years"] == []


def test_year_index_shows_each_page_status_and_escapes(tmp_path):
    pages = [
        {
            "title": "04 前年度比較",
            "href": "04.html",
            "notebook": "04.ipynb",
            "status": "前年度なし",
            "level": "note",
            "has_html": True,
        },
        {
            "title": "91 データ品質",
            "href": "91.html",
            "notebook": "91.ipynb",
            "status": "警告 2件",
            "level": "note",
            "has_html": True,
        },
    ]
    html = year_index(2024, pages, RECORD, site(tmp_path).nav(2024, "index"))
    assert re.findall(r'<td class="status status-note">(.*?)</td>', html) == ["前年度なし", "警告 2件"]
    assert "&lt;b&gt;自治体&lt;/b&gt;" in html and "<b>自治体" not in html
    assert html.count('class="banner ') == 1 and "@font-face" in html
    assert '<span aria-current="page">目次</span>' in html


def test_the_reproduction_block_is_in_japanese():
    facts = dict(reproduce({**RECORD, "parameters": {**RECORD["parameters"], "redact": False}})["facts"])
    assert facts["個人情報の伏せ字"] == "いいえ"
    assert facts["データの種類"] == "合成データ" and facts["規模の区分（方式）"] == "人口規模"
    assert facts["コミット"] == "abc"


def test_a_page_footer_names_the_sources_and_nothing_of_the_machinery():
    plain = footer({**RECORD, "report_source": "東京都社会福祉協議会「報告書」"})
    assert plain == {"source": "東京都社会福祉協議会「報告書」", "data": "合成データ（令和6年度 (2024)）"}


def write_manifest(folder, year, respondent, scheme, notebooks):
    folder.mkdir(parents=True)
    record = {
        **RECORD,
        "fiscal_year": year,
        "fiscal_year_label": f"FY{year}",
        "parameters": {"respondent_type": respondent, "size_scheme": scheme},
        "notebooks": notebooks,
    }
    (folder / "manifest.json").write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")


def test_site_index_lists_every_year_and_variant_newest_first(tmp_path):
    ok = {"notebook": "01_outcomes", "title": "01 成果・進捗 — 状況", "ok": True, "status": []}
    failed = {"notebook": "02_changes", "title": "02 変化 — 変化", "ok": False}
    noted = {"notebook": "04_year_over_year", "ok": True, "status": ["前年度なし"]}
    good = {"notebook": "90_published_check", "ok": True, "status": ["全件一致"], "good": True}
    write_manifest(tmp_path / "FY2024", 2024, "自治体", "population_band", [ok, ok])
    write_manifest(tmp_path / "FY2024" / "council_city_size", 2024, "社協", "city_size", [ok, failed])
    write_manifest(tmp_path / "FY2025", 2025, "自治体", "population_band", [ok, noted, good])
    html = site_index(tmp_path)
    assert re.findall(r"<h2>(.*?)</h2>", html) == ["令和7年度 (2025)", "令和6年度 (2024)"]
    links = re.findall(r'<a href="([^"]+)">(.*?)</a>', html)
    assert links == [
        ("FY2025/index.html", "自治体"),
        ("FY2024/index.html", "自治体"),
        ("FY2024/council_city_size/index.html", "社協"),
    ]
    assert "2ページ。失敗: 変化" in html and "都市規模" in html
    assert "3ページ。注記: 04_year_over_year（前年度なし）" in html  # good news (全件一致) is no note
    assert "注記 " not in html


def test_no_banner_for_real_data():
    assert context("t", {**RECORD, "data_status": "real"}, None)["banner"] is None


# -- print (A4) and the variant in titles -----------------------------------------------------------------------
def test_charts_print_at_one_scale_and_at_most_230_mm_high():
    # 18 mm per inch of figure: the 9.5-inch charts are 171 mm wide, their 10-pt labels 7.2 pt on paper
    assert chart_print_width({"width_in": 9.5, "height_in": 4.12}) == 171.0  # I 成果・進捗, 74 mm high
    assert chart_print_width({"width_in": 9.5, "height_in": 8.62}) == 171.0  # III: 155 mm high, same scale
    # 27 items: 13.77 in × 18 = 248 mm high; 230 mm caps it, 230 × 9.5 / 13.77 = 158.7 mm wide
    assert chart_print_width({"width_in": 9.5, "height_in": 13.77}) == 158.7
    assert chart_print_width({"width_in": 12.0, "height_in": 3.0}) == 188.0  # never wider than the column


def test_every_printed_sheet_names_its_page_and_says_synthetic(tmp_path):
    html = year_index(2024, [], RECORD, site(tmp_path).nav(2024, "index"))
    page_rules = re.search(r"<style>@page \{(.*?)\}</style>", html, re.S).group(1)
    assert '@bottom-left { content: "調査結果 令和6年度 (2024)"; }' in page_rules
    assert '@top-right { content: "合成データ — 実際の調査回答ではありません";' in page_rules
    real = year_index(2024, [], {**RECORD, "data_status": "real"}, site(tmp_path).nav(2024, "index"))
    assert "@top-right" not in re.search(r"<style>@page \{(.*?)\}</style>", real, re.S).group(1)


def test_a_variant_names_itself_in_the_title_and_heading(tmp_path):
    import nbformat

    notebook = nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_markdown_cell("# 01 成果・進捗 — 状況\n\n本文")]
    )
    variant = site(tmp_path, "council", "city_size")
    assert variant.variant_suffix == "（自治体・人口規模）" and site(tmp_path).variant_suffix == ""
    html = notebook_page(notebook, context("01 成果・進捗", RECORD, variant.nav(2024, "01_outcomes")))
    assert re.search(r"<h1[^>]*>01 成果・進捗 — 状況（自治体・人口規模）<", html)
    assert notebook.cells[0].source == "# 01 成果・進捗 — 状況\n\n本文"  # the notebook itself is unchanged
    index = year_index(2024, [], RECORD, variant.nav(2024, "index"))
    assert "<h1>重層的支援体制整備事業 調査結果 — 令和6年度 (2024)（自治体・人口規模）</h1>" in index
    assert "<title>調査結果 令和6年度 (2024)（自治体・人口規模）</title>" in index


def test_the_files_and_their_hashes_are_in_one_folded_block_of_the_index(tmp_path):
    many = {**RECORD, "inputs": {f"raw/survey/FY2025/{k:02d}.xlsx": "ab" * 32 for k in range(60)}}
    html = year_index(2025, [], many, site(tmp_path).nav(2025, "index"))
    block = re.search(r'<details class="reproduce" id="reproduce">(.*?)</details>', html, re.S).group(1)
    assert block.count('<td class="hash">') == 60 and "再現のための情報" in block
    outside = html.replace(block, "")
    assert "ab" * 32 not in outside and "raw/survey" not in outside


def test_markdown_cells_join_japanese_lines(tmp_path):
    import nbformat

    cell = nbformat.v4.new_markdown_cell("同じ区市の2つの回答を\n項目ごとに組にする。")
    html = notebook_page(nbformat.v4.new_notebook(cells=[cell]), context("t", RECORD, None))
    assert "2つの回答を項目ごとに組にする" in html


def test_headings_are_written_as_characters_and_are_in_the_page_font():
    import base64
    import io

    import nbformat
    from fontTools.ttLib import TTFont

    cell = nbformat.v4.new_markdown_cell("## 鬱蒼 — 見出し\n\n本文の &lt;エスケープ&gt; はそのまま。")
    html = notebook_page(nbformat.v4.new_notebook(cells=[cell]), context("t", RECORD, None))
    heading = re.search(r"<h2[^>]*>(.*?)</h2>", html).group(1)
    assert heading.startswith("鬱蒼 — 見出し")  # nbconvert writes &#37804;… here; the page has the characters
    assert not re.search(r"&#(?:x[0-9a-fA-F]{3,}|[0-9]{3,});", html)
    assert "&lt;エスケープ&gt;" in html  # references below 160 stay references
    woff = re.search(r"base64,([^)]*)\) format\('woff'\)", html).group(1)
    font = TTFont(io.BytesIO(base64.b64decode(woff)))
    assert {ord("鬱"), ord("蒼"), ord("見")} <= set(font.getBestCmap())
