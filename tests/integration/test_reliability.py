"""Nothing lost or half-written, deterministic builds, and safe rendering."""

import os
import re
import shutil

import pytest

from jusolib.clean.pipeline import BUILD_FILE, OUTPUT_FILES, build_fiscal_year, is_fresh, load_responses
from jusolib.core.paths import BUNDLED_DATA_DIR
from jusolib.render.batch import render
from jusolib.report import YearReport
from tests.helpers import HEADINGS, make_data_dir, row, write_csv


@pytest.fixture
def shipped_data(tmp_path):
    root = tmp_path / "data"
    shutil.copytree(BUNDLED_DATA_DIR / "raw", root / "raw")
    return root


def snapshot(folder):
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file() and not p.name.startswith(".")}


@pytest.mark.parametrize(
    "year",
    [2024, 2025] if os.environ.get("JUSOLIB_LONG") else [2024],  # FY2025 (11 s) in make long
)
def test_two_builds_and_two_workbooks_are_byte_identical(shipped_data, tmp_path, year):
    # each snapshot is taken after the workbook, so it also holds the free-text coding cached beside the data
    output_dir = build_fiscal_year(year, shipped_data).output_dir
    YearReport.load(year, data_dir=shipped_data).write_workbook(tmp_path / "a.xlsx")
    first = snapshot(output_dir)
    build_fiscal_year(year, shipped_data)
    YearReport.load(year, data_dir=shipped_data).write_workbook(tmp_path / "b.xlsx")
    second = snapshot(output_dir)
    assert any(name.startswith("free_text_themes_") for name in first)
    assert first == second
    assert (tmp_path / "a.xlsx").read_bytes() == (tmp_path / "b.xlsx").read_bytes()


def test_an_interrupted_build_leaves_no_half_file_and_is_rebuilt(shipped_data, monkeypatch):
    real_replace = os.replace
    calls = {"n": 0}

    def replace_then_die(src, dst):
        calls["n"] += 1
        if calls["n"] == 3:
            raise KeyboardInterrupt  # the analyst pressed Ctrl-C while the third file was being moved into place
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", replace_then_die)
    with pytest.raises(KeyboardInterrupt):
        build_fiscal_year(2024, shipped_data)
    monkeypatch.setattr(os, "replace", real_replace)
    folder = shipped_data / "processed" / "FY2024"
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        OUTPUT_FILES[:2]
    )  # two complete files, no temporaries
    assert not (folder / BUILD_FILE).exists() and not is_fresh(2024, shipped_data)
    assert load_responses(2024, data_dir=shipped_data)["muni_code"].nunique() == 23  # rebuilt on first use
    assert is_fresh(2024, shipped_data)


def test_free_text_markup_is_escaped_and_personal_data_masked_in_the_rendered_report(tmp_path):
    root = make_data_dir(tmp_path / "data", status="real")
    headings = [*HEADINGS, "問1-1 具体的な内容", "問1-2 具体的な内容"]
    rows = [
        [*row("中央区"), "<script>alert('x')</script>", "<img src=x onerror=alert(1)>"],
        [*row("世田谷区", q1_1="2"), "普通の記述 & 記号 <b>太字</b>", "山田太郎様の世帯（03-1234-5678）"],
    ]
    write_csv(root / "raw" / "survey" / "FY2024" / "returns.csv", rows, headings=headings)
    summary = render(
        [2024],
        data_dir=str(root),
        reports=tmp_path / "reports",
        notebooks=["01_outcomes"],
        progress=False,
        redact=True,
    )
    assert [r.ok for r in summary.results] == [True], summary.results
    # a masked render is a variant of its own: it never overwrites (or is taken for) the unmasked one
    out = tmp_path / "reports" / "FY2024" / "municipality_population_band_redacted"
    assert (
        summary.output_dirs[2024] == out
        and not (tmp_path / "reports" / "FY2024" / "01_outcomes.html").exists()
    )
    html = (out / "01_outcomes.html").read_text(encoding="utf-8")
    text = re.sub(r"<wbr/?>", "", html)  # Japanese may break between phrases: the page marks them with <wbr>
    assert "&lt;script&gt;alert(" in text and "&lt;/script&gt;" in text
    assert "&lt;img src=x onerror=alert(1)&gt;" in text
    assert "<script" not in html.lower() and "<img src=x" not in html and "<b>太字</b>" not in html
    assert '<div class="banner' not in html  # real data: no synthetic banner
    # --redact: masked on the page and in the workbook, verbatim in data/processed
    assert "［氏名］様の世帯（［電話番号］）" in text and "山田太郎" not in text and "1234-5678" not in text
    import openpyxl

    book = openpyxl.load_workbook(out / "tables.xlsx")
    cells = [str(c.value) for sheet in book for r in sheet.iter_rows() for c in r]
    assert "［氏名］様の世帯（［電話番号］）" in cells and not any("山田太郎" in c for c in cells)
    processed = (root / "processed" / "FY2024" / "free_text.csv").read_text(encoding="utf-8-sig")
    assert "山田太郎様の世帯（03-1234-5678）" in processed
