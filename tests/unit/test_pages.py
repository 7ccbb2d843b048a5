"""Navigation, variants and the indexes, from small hand-made records (no notebook runs here)."""

import json
import re

from jusolib.pages import Site, context, footer, site_index, year_folder_parts, year_index

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


def test_footer_in_japanese():
    facts = dict(footer({**RECORD, "parameters": {**RECORD["parameters"], "redact": False}})["facts"])
    assert facts["個人情報の伏せ字"] == "いいえ"
    assert facts["データの種類"] == "合成データ（synthetic）" and facts["規模の区分（方式）"] == "人口規模"
    assert facts["コミット"] == "abc"


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
    ok = {"ok": True, "status": []}
    write_manifest(tmp_path / "FY2024", 2024, "自治体", "population_band", [ok, ok])
    write_manifest(tmp_path / "FY2024" / "council_city_size", 2024, "社協", "city_size", [ok, {"ok": False}])
    write_manifest(
        tmp_path / "FY2025", 2025, "自治体", "population_band", [ok, {"ok": True, "status": ["x"]}]
    )
    html = site_index(tmp_path)
    assert re.findall(r"<h2>(.*?)</h2>", html) == ["令和7年度 (2025)", "令和6年度 (2024)"]
    links = re.findall(r'<a href="([^"]+)">(.*?)</a>', html)
    assert links == [
        ("FY2025/index.html", "自治体"),
        ("FY2024/index.html", "自治体"),
        ("FY2024/council_city_size/index.html", "社協"),
    ]
    assert "2ページ、失敗 1" in html and "2ページ、注記 1" in html and "都市規模" in html


def test_no_banner_for_real_data():
    assert context("t", {**RECORD, "data_status": "real"}, None)["banner"] is None
