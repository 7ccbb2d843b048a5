from pathlib import Path

import pytest

from jusolib.errors import ParameterError
from jusolib.render import footer_html, page, safe_output_path, validate_parameters

RECORD = {
    "data_status": "synthetic",
    "data_status_label": "合成データ（synthetic）",
    "fiscal_year_label": "令和6年度 (2024)",
    "parameters": {"respondent_type": "<b>自治体</b>"},
    "inputs": {"raw/x.csv": "ab" * 32},
    "packages": {"pandas": "3.1.1"},
    "commit": "abc",
}


class TestValidateParameters:
    def test_accepts_any_fiscal_year_form(self):
        assert validate_parameters(
            fiscal_years=["令和6年度", 2025], respondent_type="自治体", size_scheme="cohort", data_dir=None
        ) == ([2024, 2025], "municipality")

    def test_year_without_returns(self):
        with pytest.raises(ParameterError, match="no returns for 令和5年度"):
            validate_parameters(
                fiscal_years=["R5"], respondent_type="自治体", size_scheme="cohort", data_dir=None
            )

    def test_year_out_of_range(self):
        with pytest.raises(Exception, match="outside"):
            validate_parameters(
                fiscal_years=[1999], respondent_type="自治体", size_scheme="cohort", data_dir=None
            )

    def test_unknown_scheme_and_respondent_type(self):
        with pytest.raises(ParameterError, match="size scheme"):
            validate_parameters(
                fiscal_years=None, respondent_type="自治体", size_scheme="region", data_dir=None
            )
        with pytest.raises(ParameterError, match="respondent type"):
            validate_parameters(
                fiscal_years=None, respondent_type="住民", size_scheme="cohort", data_dir=None
            )

    def test_missing_data_directory(self, tmp_path):
        with pytest.raises(ParameterError, match="no such directory"):
            validate_parameters(
                fiscal_years=None,
                respondent_type="自治体",
                size_scheme="cohort",
                data_dir=str(tmp_path / "nope"),
            )


class TestSafeOutputPath:
    @pytest.mark.parametrize("part", ["..", "../x", "/etc", "a/b", "FY2024/../../x", ""])
    def test_refuses_to_escape(self, tmp_path, part):
        with pytest.raises(ParameterError, match="refusing"):
            safe_output_path(tmp_path, part)

    def test_plain_names(self, tmp_path):
        assert (
            safe_output_path(tmp_path, "FY2024", "01_outcomes.html")
            == tmp_path / "FY2024" / "01_outcomes.html"
        )


def test_page_is_self_contained_and_escaped():
    html = page("<t>", "<p>body</p>", banner="合成データ <x>", footer=footer_html(RECORD))
    assert "<script" not in html and "http" not in html
    assert "合成データ &lt;x&gt;" in html and "&lt;b&gt;自治体&lt;/b&gt;" in html
    assert "ab" * 32 in html


def test_notebooks_exist():
    from jusolib.paths import NOTEBOOKS_DIR
    from jusolib.render import NOTEBOOKS

    assert all((NOTEBOOKS_DIR / f"{name}.ipynb").is_file() for name in NOTEBOOKS)
    assert Path(NOTEBOOKS_DIR).name == "notebooks"


def test_relative_data_dir_is_resolved_before_the_notebooks_run(tmp_path, monkeypatch):
    import jusolib.render as rendering
    from jusolib.paths import REPO_ROOT

    seen = {}

    def fake_execute(tasks, jobs, progress, meanwhile):
        seen["data_dir"] = tasks[0][3]["data_dir"]
        return []

    monkeypatch.setattr(rendering, "_execute", fake_execute)
    monkeypatch.chdir(REPO_ROOT)
    rendering.render([2024], data_dir="data", reports=tmp_path, notebooks=["91_data_quality"], progress=False)
    assert seen["data_dir"] == str((REPO_ROOT / "data").resolve())


def test_two_renders_into_one_folder_take_turns_and_leave_one_complete_render(tmp_path, monkeypatch):
    """A second render waits for the first (lock file in the reports folder): pages, index and manifest of
    the folder then all come from one render, never a mix."""
    import json
    import threading
    import time

    import jusolib.render as rendering

    spans, started = [], threading.Event()

    def slow_execute(tasks, jobs, progress, meanwhile):
        begin = time.perf_counter()
        started.set()
        time.sleep(0.4)  # the kernels at work
        spans.append((tasks[0][3]["size_scheme"], begin, time.perf_counter()))
        return []

    monkeypatch.setattr(rendering, "_execute", slow_execute)
    reports = tmp_path / "reports"

    def run(scheme):
        rendering.render(
            [2024], reports=reports, notebooks=["91_data_quality"], progress=False, size_scheme=scheme
        )

    first = threading.Thread(target=run, args=("cohort",))
    first.start()
    started.wait(30)
    run("city_size")
    first.join()
    (a, _, a_end), (b, b_start, _) = spans
    assert (a, b) == ("cohort", "city_size") and a_end <= b_start  # one after the other, never at once
    manifest = json.loads((reports / "FY2024" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["parameters"]["size_scheme"] == "city_size"  # the folder holds the later render, whole
    assert (reports / rendering.RENDER_LOCK).is_file()
