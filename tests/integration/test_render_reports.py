"""Render FY2024 into a temporary folder once, then check what an analyst receives."""

import hashlib
import json
import os
import re

import nbformat
import pytest

from jusolib.analysis.published import load_published
from jusolib.cli import main
from jusolib.core.paths import BUNDLED_DATA_DIR, NOTEBOOKS_DIR
from jusolib.render.batch import NOTEBOOKS

EXTERNAL_RESOURCE = re.compile(
    r"""(?:\bsrc\s*=\s*["']?\s*(?:https?:)?//)|(?:<link[^>]*href\s*=\s*["']?\s*(?:https?:)?//)"""
    r"""|(?:url\(\s*["']?\s*(?:https?:)?//)|(?:@import)""",
    re.IGNORECASE,
)


def test_every_notebook_ran(rendered):
    summary, _ = rendered
    assert [(r.notebook, r.ok, r.error) for r in summary.results] == [(n, True, None) for n in NOTEBOOKS]


def test_files_of_the_report(rendered):
    _, folder = rendered
    expected = {f"{n}.{ext}" for n in NOTEBOOKS for ext in ("ipynb", "html")} | {
        "index.html",
        "tables.xlsx",
        "slides.pptx",
        "manifest.json",
        ".render-state.json",  # what was written with which key (jusolib.render.cache)
    }
    assert {p.name for p in folder.iterdir()} == expected


def pages(folder):
    return {p.name: p.read_text(encoding="utf-8") for p in folder.glob("*.html")}


def soup(html):
    from bs4 import BeautifulSoup

    return BeautifulSoup(html, "html.parser")


def text(html):
    """What a reader reads: the page without its markup (<wbr> and the like)."""
    return soup(html).get_text()


def test_no_page_fetches_anything_from_the_internet(rendered):
    for name, html in pages(rendered[1]).items():
        assert not EXTERNAL_RESOURCE.search(html), name
        assert "<script" not in html.lower(), name


def test_the_guard_would_catch_a_cdn_script():
    assert EXTERNAL_RESOURCE.search('<script src="https://cdn.example/require.js"></script>')
    assert EXTERNAL_RESOURCE.search("<link rel=stylesheet href='//fonts.example/css'>")


def test_one_banner_and_a_footer_on_every_page(rendered):
    for name, html in pages(rendered[1]).items():
        banners = soup(html).select(".banner")
        assert len(banners) == 1 and banners[0].get_text().startswith("合成データ: "), name
        assert "jusolib-banner" not in html, name  # the notebook's own banner is left out of the page
        # issue 22: a page names its sources in a sentence; the machinery (commit, hashes, parameters) is in one
        # block of the year's index and in manifest.json only
        footer = soup(html).select_one("footer.sources")
        assert footer is not None and footer.get_text().count("データ: 合成データ") == 1, name
        page = soup(html)
        for block in page.select("details.reproduce"):
            block.decompose()
        assert "コミット" not in page.get_text(), name
    index = soup(pages(rendered[1])["index.html"])
    assert (
        len(index.select("details.reproduce")) == 1
        and "コミット" in index.select_one("details.reproduce").get_text()
    )


def test_charts_are_embedded(rendered):
    html = pages(rendered[1])
    for name in ("00_overview.html", "01_outcomes.html", "02_changes.html", "03_challenges.html"):
        assert html[name].count('src="data:image/png;base64,') >= 2, name


def test_manifest_records_inputs_with_their_hashes(rendered):
    manifest = json.loads((rendered[1] / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["data_status"] == "synthetic"
    assert manifest["parameters"]["fiscal_year"] == 2024
    assert {"pandas", "matplotlib", "jusolib"} <= set(manifest["packages"])
    assert manifest["commit"]
    for name, digest in manifest["inputs"].items():
        assert hashlib.sha256((BUNDLED_DATA_DIR / name).read_bytes()).hexdigest() == digest, name
    assert all(n["ok"] for n in manifest["notebooks"])


def test_published_check_page_shows_every_figure_passing(rendered):
    n = len(load_published(2024))
    html = pages(rendered[1])["90_published_check.html"]
    assert f"{n} 件中 {n} 件が一致" in html
    assert "不一致" not in html


def outputs(folder):
    for path in folder.glob("*.ipynb"):
        notebook = nbformat.read(path, as_version=4)
        for cell in notebook.cells:
            for output in cell.get("outputs", []):
                yield path.name, output


def test_no_missing_glyph_warning_and_no_error_in_any_notebook(rendered):
    for name, output in outputs(rendered[1]):
        text = json.dumps(output, ensure_ascii=False)
        assert not ("Glyph" in text and "missing" in text), name
        assert output.get("output_type") != "error", name


def test_workbook_is_there_and_says_synthetic(rendered):
    import openpyxl

    book = openpyxl.load_workbook(rendered[1] / "tables.xlsx", read_only=True)
    assert book.sheetnames[:2] == ["目次", "出典"] and book.sheetnames[-1] == "再現のための情報"
    first = [row[0] for row in book["出典"].iter_rows(max_row=3, values_only=True)]
    assert any("合成データ" in str(v) for v in first)


def test_a_failing_notebook_does_not_stop_the_others(tmp_path, capsys, monkeypatch):
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    (notebooks / "90_published_check.ipynb").write_bytes(
        (NOTEBOOKS_DIR / "90_published_check.ipynb").read_bytes()
    )
    broken = nbformat.read(NOTEBOOKS_DIR / "91_data_quality.ipynb", as_version=4)
    broken.cells.insert(4, nbformat.v4.new_code_cell("raise RuntimeError('broken on purpose')"))
    nbformat.write(broken, notebooks / "01_broken.ipynb")
    monkeypatch.setattr("jusolib.render.batch.NOTEBOOKS_DIR", notebooks)
    status = main(
        [
            "render",
            "--fiscal-year",
            "2024",
            "--reports-dir",
            str(tmp_path / "out"),
            "--no-progress",
            "--notebook",
            "01_broken",
            "--notebook",
            "90_published_check",
        ]
    )
    err = capsys.readouterr().err
    assert status == 1
    assert "FAILED FY2024 01_broken.ipynb, cell 4: RuntimeError: broken on purpose" in err
    assert (tmp_path / "out" / "FY2024" / "90_published_check.html").is_file()
    assert "失敗: セル 4" in (tmp_path / "out" / "FY2024" / "index.html").read_text(encoding="utf-8")


def test_data_quality_page_accounts_for_every_row(rendered):
    html = text(pages(rendered[1])["91_data_quality.html"])
    assert "行の収支: 読み込み 49 ＝ 使用 46 ＋ 除外 3（一致）" in html  # 23 社協 rows + 26 自治体 sheet rows
    assert "空行" in html and "自治体名を団体コードへ" in html
    assert "blank row" not in html


def test_refresh_executes_a_notebook_in_place_without_timing_metadata(tmp_path, monkeypatch):
    from jusolib.render.batch import refresh_notebooks

    copy = tmp_path / "91_data_quality.ipynb"
    notebook = nbformat.read(NOTEBOOKS_DIR / "91_data_quality.ipynb", as_version=4)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    nbformat.write(notebook, copy)
    monkeypatch.setattr("jusolib.render.batch.NOTEBOOKS_DIR", tmp_path)
    assert refresh_notebooks(["91_data_quality"]) == [copy]
    done = nbformat.read(copy, as_version=4)
    code = [c for c in done.cells if c.cell_type == "code"]
    assert all(c.execution_count for c in code) and any(c.outputs for c in code)
    assert not any("execution" in c.metadata for c in code)


def test_refresh_refuses_real_data(tmp_path, monkeypatch):
    from jusolib.core.errors import ParameterError
    from jusolib.render.batch import refresh_notebooks
    from tests.helpers import make_data_dir

    monkeypatch.setenv("JUSOLIB_DATA_DIR", str(make_data_dir(tmp_path / "data", status="real")))
    with pytest.raises(ParameterError, match="not synthetic"):
        refresh_notebooks(["91_data_quality"])


# -- what a reader sees (issue 9) -------------------------------------------------------------------------------
HEADING = re.compile(r"<(h[1-6]|th|caption|summary|figcaption|dt)\b[^>]*>(.*?)</\1>", re.S)
TAG = re.compile(r"<[^>]+>")
#: Words that may stand alone in a heading: statistics names, units, file and package names.
ALLOWED_ASCII = {
    "n",
    "p",
    "fisher",
    "kruskal",
    "wallis",
    "h",
    "wilson",
    "holm",
    "sha",
    "256",
    "v",
    "kw",
    "mcnemar",
    "wilcoxon",
    "newcombe",
    "ac2",
    "i",  # the sections I, II, III as a table's stub
    "ii",
    "iii",
}
PACKAGE_OR_FILE = re.compile(r"^[\w.\-/\[\] ]+\.(csv|xlsx|yaml|json|ipynb|html)$|^[a-z][a-z0-9\-]*$")


def headings(html):
    for tag, inner in HEADING.findall(html):
        text = " ".join(TAG.sub("", inner).replace("&nbsp;", " ").split())
        if text:
            yield tag, text


def ascii_only_heading(text):
    if not text.isascii():
        return False
    if PACKAGE_OR_FILE.match(text):
        return False
    words = [w for w in re.split(r"[\s\-–_:;,.()/]+", text.lower()) if w and not w.isdigit()]
    return any(w not in ALLOWED_ASCII for w in words)


def test_the_heading_guard_catches_english():
    assert ascii_only_heading("distribution of answers")
    assert not ascii_only_heading("Fisher p") and not ascii_only_heading("Kruskal–Wallis H")
    assert not ascii_only_heading("回答の分布") and not ascii_only_heading("pandas")


def test_no_english_headings_in_any_page(rendered):
    root = rendered[1].parent
    for path in [*rendered[1].glob("*.html"), root / "index.html"]:
        html = path.read_text(encoding="utf-8").split('<footer class="provenance">')[0]
        english = [text for _, text in headings(html) if ascii_only_heading(text)]
        assert not english, (path.name, english)


def test_no_header_only_table(rendered):
    for name, html in pages(rendered[1]).items():
        for table in re.findall(r"<table\b.*?</table>", html, re.S):
            body = table.split("<tbody>", 1)[1] if "<tbody>" in table else ""
            assert "<td" in body or "<th" in body, (name, table[:200])


def test_pages_print_on_a4_with_their_own_font_and_stay_small(rendered):
    for name, html in pages(rendered[1]).items():
        assert "@page { size: A4;" in html, name
        assert "@font-face{font-family:'jusolib IPAexGothic';src:url(data:font/woff;base64," in html, name
        # 1.2 MB: charts are 256-colour PNGs since every chart also carries its phone drawing (the network too);
        # FY2024's 03, the heaviest page, is about 0.97 MB (it was 1.52 MB in full colour without the network's)
        assert len(html.encode("utf-8")) < 1_200_000, name


def test_navigation_has_japanese_titles_and_marks_the_current_page(rendered):
    page = soup(pages(rendered[1])["01_outcomes.html"])
    assert [li.get_text() for li in page.select("ol.nav-pages li")] == [
        "目次",
        "概要",
        "成果・進捗",
        "変化",
        "課題",
        "前年度比較",
        "自治体と社協",
        "公表値の検証",
        "データ品質",
        "方法",
    ]
    assert page.select_one('[aria-current="page"]').get_text() == "成果・進捗"
    assert page.select_one('a[rel="prev"]')["href"] == "00_overview.html"
    assert page.select_one('a[rel="next"]').get_text() == "変化 →"
    assert soup(pages(rendered[1])["index.html"]).select_one('[aria-current="page"]').get_text() == "目次"


def test_reports_index_and_the_real_status_of_each_page(rendered):
    folder = rendered[1]
    site = (folder.parent / "index.html").read_text(encoding="utf-8")
    assert '<a href="FY2024/index.html">自治体</a>' in site
    year = pages(folder)["index.html"]
    statuses = dict(
        re.findall(r'<a href="(\w+)\.html">[^<]*</a></th>\s*<td class="status[^"]*">([^<]*)</td>', year)
    )
    assert (
        statuses["01_outcomes"] == ""
    )  # rendered, with nothing to say (issue 22: no 「状態：正常」 for readers)
    assert statuses["04_year_over_year"] == "前年度なし"
    assert statuses["90_published_check"] == "全件一致"
    assert (
        statuses["91_data_quality"] == "警告なし・除外した行 3"
    )  # the three blank or note rows of the 自治体 sheet


def test_charts_have_real_alt_text(rendered):
    html = pages(rendered[1])["01_outcomes.html"]
    alts = [img["alt"] for img in soup(html).select("img")]
    assert len(alts) == 3 and "No description" not in html
    assert alts[2].startswith(
        "I 包括的支援体制の整備に向けた成果・進捗状況 — 具体的な内容の共起ネットワーク。"
    )
    assert alts[0].startswith(
        "I 包括的支援体制の整備に向けた成果・進捗状況（%）。地域住民の参加を促す活動を行う者（n=23）: あてはまる 82.6%"
    )


def test_free_text_folded_per_item(rendered):
    page = soup(pages(rendered[1])["01_outcomes.html"])
    summaries = [s.get_text() for s in page.select('figure[data-table="I_自由記述"] summary')]
    assert len(summaries) == 5 and all(re.fullmatch(r".+（\d+件）", s) for s in summaries)


def test_counts_open_the_texts_behind_them_on_the_page(rendered):
    page = soup(pages(rendered[1])["02_changes.html"])
    themes = page.select('figure[data-table="II_テーマ_記述"] details.text-group')
    assert themes and all(d.select("li") for d in themes)  # each theme opens its answers, grouped by class
    words = page.select('figure[data-table="II_特徴語_規模別"] details.cell-texts')
    assert words and all(d.select("li mark") for d in words)  # each count opens the texts, the word marked
    # paper cannot be clicked: the texts are printed open, item by item and theme by theme (issue 22)
    printed = page.select_one('figure[data-table="II_テーマ_記述"] div.appendix-texts.print-only')
    assert printed is not None and len(printed.select("li")) >= sum(len(d.select("li")) for d in themes) // 2
    method = [p.get_text() for p in page.select("p") if p.get_text().startswith("規則の確認:")]
    assert len(method) == 1 and "精度" in method[0] and "再現率" in method[0]


# -- print and the reviewer's findings on the pages ------------------------------------------------------------
def test_charts_carry_their_print_width_and_free_text_prints_a_pointer(rendered):
    html = pages(rendered[1])["01_outcomes.html"]
    widths = re.findall(
        r'<div class="output_png output_subarea chart[^"]*">\s*<picture>.*?<img [^>]*style="--print-width: ([\d.]+)mm"',
        html,
        re.S,
    )
    assert widths == ["171.0", "171.0", "171.0"]  # the three 9.5-inch charts (the network too) at one scale
    # issue 22: the free text is printed (an appendix by item and theme), not a pointer to the workbook
    appendix = soup(html).select(".appendix-texts")
    assert appendix and "地域住民の参加を促す活動を行う者" in appendix[0].get_text()


def test_every_chart_of_the_section_pages_has_a_drawing_for_a_phone(rendered):
    # issue 22 (phones): a 950 px chart shrunk to 354 px has 5 px labels; the network was the last chart
    # without its narrow drawing (the reader review found it in a sideways scroller at 390 px)
    for name in ("01_outcomes.html", "02_changes.html", "03_challenges.html"):
        charts = soup(pages(rendered[1])[name]).select("div.chart")
        assert len(charts) >= 3, name
        for chart in charts:
            assert chart.select_one('picture source[media="screen and (max-width: 640px)"]') is not None, name


def test_no_english_method_names_or_log_names_and_no_mark_on_empty_cells(rendered):
    folder = rendered[1]
    html = pages(folder)
    for name in ("01_outcomes.html", "02_changes.html", "03_challenges.html"):
        page = text(html[name])
        assert "tables enumerated" not in page and "resamples" not in page, name
        assert (
            page.count(
                "検定方法: Cochran–Armitage の傾向検定（正確な分布、通常の p）、Fisher の正確検定（すべての表を列挙、"
                "通常の p）、Kruskal–Wallis 検定（正確な分布を全列挙）"
            )
            == 1
        )
        assert "Cramér's V" not in page, name
        assert not re.search(r'class="num [a-z]+ ref">−<', html[name]), name  # never 「−※」
    quality = soup(html["91_data_quality.html"])
    assert "ログ上の名前" not in [th.get_text() for th in quality.select("th")]
    for name, page in html.items():
        assert "（synthetic）" not in text(page.split('<footer class="provenance">')[0]).replace(
            "合成データ（synthetic）です",
            "",  # a note row of the synthetic 自治体 sheet, shown as rejected
        ), name


def test_published_check_shows_items_by_label_and_ids_only_in_the_quiet_column(rendered):
    page = soup(pages(rendered[1])["90_published_check.html"])
    rows = {
        tr.select_one("th").get_text(): [td for td in tr.select("td")]
        for tr in page.select("table.report-table tbody tr")
    }
    found = rows["I 最も成果がみられる項目"]
    assert (
        found[1].get_text() == "「地域住民の参加を促す活動を行う者」"
    )  # 再計算値: I-1 is the highest (published)
    assert found[2].get_text() == "「地域住民の参加を促す活動を行う者」であること"
    # issue 22: no identifier (impl_r3, out_participation) on the reader's page, not even in a quiet column
    assert not page.select("td.quiet")
    assert not any("_" in td.get_text() for tds in rows.values() for td in tds)


def test_good_news_is_styled_as_good_and_notebooks_are_labelled(rendered):
    year = soup(pages(rendered[1])["index.html"])
    cells = {tr.select_one("th a")["href"]: tr.select("td") for tr in year.select("table.page-list tbody tr")}
    assert cells["90_published_check.html"][0]["class"] == ["status", "status-ok"]
    # issue 22: the notebooks (.ipynb) are not offered beside the reader's pages; they are listed, for whoever
    # reproduces the report, in the folded 「再現のための情報」 block only
    assert len(cells["90_published_check.html"]) == 1 and ".ipynb" not in str(
        year.select_one("table.page-list")
    )
    block = year.select_one("details.reproduce")
    assert any(a["href"].endswith(".ipynb") and a.has_attr("download") for a in block.select("a[href]"))


# -- warm kernels and reused outputs (issue 26) ----------------------------------------------------------------
def comparable(notebook_path):
    """An executed notebook without what differs between any two runs: papermill's times and paths, the kernel's
    execution times, and the id papermill gives the cell of injected parameters."""
    notebook = json.loads(notebook_path.read_text(encoding="utf-8"))
    notebook["metadata"].pop("papermill")
    for cell in notebook["cells"]:
        cell["metadata"].pop("papermill", None)
        cell["metadata"].pop("execution", None)
        if "injected-parameters" in cell["metadata"].get("tags", []):
            cell.pop("id")
    return notebook


#: The notebooks run again in cold kernels by make test: 03, the heaviest (charts with their phone drawings,
#: tests, the network, themes and the printed free text); ``make long`` (JUSOLIB_LONG=1) runs every one cold.
COLD_NOTEBOOKS = list(NOTEBOOKS) if os.environ.get("JUSOLIB_LONG") else ["03_challenges"]


def test_a_cold_kernel_render_gives_the_same_notebooks_pages_workbook_and_deck(rendered, tmp_path):
    """The shared render forks its kernels from the warm server. Here notebooks run again in a cold kernel
    (their executed notebook and page removed from a copy of the render) and write their pages: the notebooks
    are the same but for times and papermill's cell ids, the pages the same bytes. The workbook, the deck and
    the indexes, which no kernel makes, are reused and stay the bytes of the warm render."""
    import shutil

    from jusolib.render.batch import render

    summary, warm = rendered
    assert not summary.output_failures and len(summary.executed) == len(NOTEBOOKS)
    assert set(COLD_NOTEBOOKS) <= set(NOTEBOOKS)
    shutil.copytree(warm.parent, tmp_path / "reports")
    cold = tmp_path / "reports" / "FY2024"
    for name in COLD_NOTEBOOKS:
        (cold / f"{name}.ipynb").unlink()
        (cold / f"{name}.html").unlink()
    again = render([2024], jobs=2, reports=tmp_path / "reports", progress=False, warm_kernels=False)
    assert [r.notebook for r in again.executed] == COLD_NOTEBOOKS and again.ok
    states = again.outputs[2024]
    assert {states[f] for f in ("tables.xlsx", "slides.pptx", "index.html")} == {"reused"}
    files = {p.name for p in warm.iterdir()} - {".render-state.json", "manifest.json"}
    assert files == {p.name for p in cold.iterdir()} - {".render-state.json", "manifest.json"}
    for name in sorted(files):
        if name.endswith(".ipynb"):
            assert comparable(cold / name) == comparable(warm / name), name
        else:
            assert (cold / name).read_bytes() == (warm / name).read_bytes(), name


def test_a_render_with_nothing_changed_reuses_everything(rendered, tmp_path):
    import shutil

    from jusolib.render.batch import render

    shutil.copytree(rendered[1].parent, tmp_path / "reports")
    summary = render([2024], reports=tmp_path / "reports", progress=False)
    assert summary.executed == [] and set(summary.outputs[2024].values()) == {"reused"}
    assert [(r.notebook, r.ok, r.status) for r in summary.results] == [
        (r.notebook, r.ok, r.status) for r in rendered[0].results
    ]
    for name in ("01_outcomes.html", "tables.xlsx", "slides.pptx", "index.html"):
        assert (tmp_path / "reports" / "FY2024" / name).read_bytes() == (rendered[1] / name).read_bytes(), (
            name
        )


def test_a_deck_that_cannot_be_written_is_named_and_the_rest_is_written(
    rendered, tmp_path, monkeypatch, capsys
):
    """Issue 19: the deck's writer fails (as a text too long for its box made it fail); every page, the workbook,
    the indexes and the manifest are still there, and the deck is named as failed in each, and by the command."""
    import shutil

    from jusolib.report import YearReport

    shutil.copytree(rendered[1].parent, tmp_path / "reports")
    folder = tmp_path / "reports" / "FY2024"
    (folder / "slides.pptx").unlink()  # the deck must be written again: its writer fails this time

    def fails(report, path):
        raise ValueError("text does not fit a 12.43×0.90 in box even at 18 pt")

    monkeypatch.setattr(YearReport, "write_slides", fails)
    status = main(
        ["render", "--fiscal-year", "2024", "--reports-dir", str(tmp_path / "reports"), "--no-progress"]
    )
    assert status == 1
    assert "FAILED FY2024 slides.pptx: ValueError: text does not fit" in capsys.readouterr().err
    names = {p.name for p in folder.iterdir()}
    assert (
        "slides.pptx" not in names
        and {f"{n}.html" for n in NOTEBOOKS} | {"tables.xlsx", "index.html"} <= names
    )
    index = soup((folder / "index.html").read_text(encoding="utf-8"))
    assert (
        "スライド（PowerPoint）（slides.pptx）— ValueError: text does not fit"
        in index.select_one("section.output-failures").get_text()
    )
    assert "slides.pptx" not in [a["href"] for a in index.select("p.downloads a")]
    outputs = {
        o["file"]: o for o in json.loads((folder / "manifest.json").read_text(encoding="utf-8"))["outputs"]
    }
    assert outputs["slides.pptx"]["state"] == "failed" and outputs["tables.xlsx"]["state"] == "reused"
