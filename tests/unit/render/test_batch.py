from pathlib import Path

import pytest

from jusolib.core.errors import ParameterError
from jusolib.render.batch import NotebookResult, safe_output_path, validate_parameters


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
        with pytest.raises(ParameterError, match="unknown size_scheme 'region': valid schemes are"):
            validate_parameters(
                fiscal_years=None, respondent_type="自治体", size_scheme="region", data_dir=None
            )
        with pytest.raises(
            ParameterError, match="unknown respondent_type '住民': valid respondent types are"
        ):
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


class TestStatusText:
    def test_ok_page(self):
        assert NotebookResult(2024, "01_outcomes", True, 1.0).status_text() == ("正常", "ok")

    def test_a_page_that_reported_its_status(self):
        result = NotebookResult(2024, "04_year_over_year", True, 1.0, status=["前年度なし"])
        assert result.status_text() == ("前年度なし", "note")

    def test_good_news_reads_as_good(self):
        result = NotebookResult(2024, "90_published_check", True, 1.0, status=["全件一致"], good=True)
        assert result.status_text() == ("全件一致", "ok")

    def test_a_failed_page_names_the_cell(self):
        result = NotebookResult(2024, "01_x", False, 1.0, error="RuntimeError: x", failed_cell=4)
        assert result.status_text() == ("失敗: セル 4 — RuntimeError: x", "failed")


def test_notebooks_exist():
    from jusolib.core.paths import NOTEBOOKS_DIR
    from jusolib.render.batch import NOTEBOOKS

    assert all((NOTEBOOKS_DIR / f"{name}.ipynb").is_file() for name in NOTEBOOKS)
    assert Path(NOTEBOOKS_DIR).name == "notebooks"


def test_relative_data_dir_is_resolved_before_the_notebooks_run(tmp_path, monkeypatch):
    import jusolib.render.batch as rendering
    from jusolib.core.paths import REPO_ROOT

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

    import jusolib.render.batch as rendering

    spans, started = [], threading.Event()

    def slow_execute(tasks, jobs, progress, meanwhile):
        begin = time.perf_counter()
        started.set()
        time.sleep(0.4)  # the kernels at work
        spans.append((tasks[0][1], begin, time.perf_counter()))
        return []

    monkeypatch.setattr(rendering, "_execute", slow_execute)
    reports = tmp_path / "reports"

    def run(notebook):  # the same variant (same folder), told apart by the notebook rendered
        rendering.render([2024], reports=reports, notebooks=[notebook], progress=False)

    first = threading.Thread(target=run, args=("91_data_quality",))
    first.start()
    started.wait(30)
    run("90_published_check")
    first.join()
    (a, _, a_end), (b, b_start, _) = spans
    assert (a, b) == ("91_data_quality", "90_published_check") and a_end <= b_start  # never at once
    manifest = json.loads((reports / "FY2024" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["notebooks_rendered"] == [
        "90_published_check"
    ]  # the folder holds the later render, whole
    assert (reports / rendering.RENDER_LOCK).is_file()


def test_variants_render_side_by_side_and_the_site_index_lists_both(tmp_path, monkeypatch):
    import json

    import jusolib.render.batch as rendering

    def fake_execute(tasks, jobs, progress, meanwhile):
        return [
            NotebookResult(t[0], t[1], True, 0.1, title="91 データ品質", status=["警告なし"]) for t in tasks
        ]

    monkeypatch.setattr(rendering, "_execute", fake_execute)
    for respondent, scheme in (("自治体", "population_band"), ("社協", "city_size")):
        rendering.render(
            [2024],
            respondent_type=respondent,
            size_scheme=scheme,
            reports=tmp_path,
            notebooks=["91_data_quality"],
            progress=False,
        )
    default = json.loads((tmp_path / "FY2024" / "manifest.json").read_text(encoding="utf-8"))
    variant = json.loads(
        (tmp_path / "FY2024" / "council_city_size" / "manifest.json").read_text(encoding="utf-8")
    )
    assert (
        default["parameters"]["respondent_type"] == "自治体"
        and variant["parameters"]["respondent_type"] == "社協"
    )
    assert variant["notebooks"][0]["status"] == ["警告なし"]
    index = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert 'href="FY2024/index.html"' in index and 'href="FY2024/council_city_size/index.html"' in index
    year = (tmp_path / "FY2024" / "council_city_size" / "index.html").read_text(encoding="utf-8")
    assert '<td class="status status-note">警告なし</td>' in year and 'href="../../index.html"' in year
    assert "調査結果 — 令和6年度 (2024)（社協・都市規模）</h1>" in year  # the variant is in the heading
    assert "（自治体・人口規模）" not in (tmp_path / "FY2024" / "index.html").read_text(encoding="utf-8")


def test_one_job_answers_the_kernel_quickly_while_pages_are_written_and_restores_the_switch_interval(
    monkeypatch,
):
    import sys

    import jusolib.render.batch as rendering

    seen = {}

    def fake_notebook(fiscal_year, name, out_dir, parameters, notebooks_dir):
        seen[name] = sys.getswitchinterval()
        return name, None

    monkeypatch.setattr(rendering, "execute_notebook", fake_notebook)
    monkeypatch.setattr(rendering, "write_page", lambda *args: None)
    before = sys.getswitchinterval()
    tasks = [(2024, name, None, {}, {}, None, None) for name in ("00_overview", "01_outcomes")]
    results = rendering._execute(tasks, jobs=1, progress=False, meanwhile=lambda: None)
    assert results == ["00_overview", "01_outcomes"]
    assert seen == {
        "00_overview": rendering.CLIENT_SWITCH_INTERVAL,
        "01_outcomes": rendering.CLIENT_SWITCH_INTERVAL,
    }
    assert sys.getswitchinterval() == before
