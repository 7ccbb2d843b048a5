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

    def fake_execute(tasks, jobs, progress, meanwhile, **kwargs):
        seen["data_dir"] = tasks[0].parameters["data_dir"]
        return []

    monkeypatch.setattr(rendering, "_execute", fake_execute)
    monkeypatch.chdir(REPO_ROOT)
    rendering.render(
        [2024],
        data_dir="data",
        reports=tmp_path,
        notebooks=["91_data_quality"],
        progress=False,
        warm_kernels=False,
    )
    assert seen["data_dir"] == str((REPO_ROOT / "data").resolve())


def test_two_renders_into_one_folder_take_turns_and_leave_one_complete_render(tmp_path, monkeypatch):
    """A second render waits for the first (lock file in the reports folder): pages, index and manifest of
    the folder then all come from one render, never a mix."""
    import json
    import threading
    import time

    import jusolib.render.batch as rendering

    spans, started = [], threading.Event()

    def slow_execute(tasks, jobs, progress, meanwhile, **kwargs):
        begin = time.perf_counter()
        started.set()
        time.sleep(0.4)  # the kernels at work
        spans.append((tasks[0].name, begin, time.perf_counter()))
        return []

    monkeypatch.setattr(rendering, "_execute", slow_execute)
    reports = tmp_path / "reports"

    def run(notebook):  # the same variant (same folder), told apart by the notebook rendered
        rendering.render([2024], reports=reports, notebooks=[notebook], progress=False, warm_kernels=False)

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

    def fake_execute(tasks, jobs, progress, meanwhile, **kwargs):
        return [
            NotebookResult(t.fiscal_year, t.name, True, 0.1, title="91 データ品質", status=["警告なし"])
            for t in tasks
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
            warm_kernels=False,
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

    def fake_notebook(fiscal_year, name, out_dir, parameters, notebooks_dir, kernel_manager_class=None):
        seen[name] = sys.getswitchinterval()
        return name, None

    monkeypatch.setattr(rendering, "execute_notebook", fake_notebook)
    monkeypatch.setattr(rendering, "write_page", lambda *args: None)
    before = sys.getswitchinterval()
    tasks = [
        rendering.NotebookTask(2024, name, Path("/nowhere"), {}, {}, None)  # type: ignore[arg-type]
        for name in ("00_overview", "01_outcomes")
    ]
    results = rendering._execute(tasks, jobs=1, progress=False, meanwhile=lambda: None)
    assert results == ["00_overview", "01_outcomes"]
    assert seen == {
        "00_overview": rendering.CLIENT_SWITCH_INTERVAL,
        "01_outcomes": rendering.CLIENT_SWITCH_INTERVAL,
    }
    assert sys.getswitchinterval() == before


# -- re-rendering only what changed, resuming, and outputs written independently (issues 26 and 19) ----------
# The kernels and the writers are replaced by fakes that note what they were asked to do; the keys, the render
# state, the decisions and the indexes are the real ones.
import json  # noqa: E402
import shutil  # noqa: E402

from jusolib.core.paths import BUNDLED_DATA_DIR  # noqa: E402
from jusolib.render.batch import NOTEBOOKS  # noqa: E402


@pytest.fixture(scope="module")
def built_data(tmp_path_factory):
    """FY2024's returns with their own codebook and published figures (which a test may edit), built once."""
    from jusolib.clean.pipeline import ensure_built

    root = tmp_path_factory.mktemp("built") / "data"
    for part in ("survey/FY2024", "codebook", "published"):
        shutil.copytree(BUNDLED_DATA_DIR / "raw" / part, root / "raw" / part)
    ensure_built(2024, root)
    return root


@pytest.fixture
def data(built_data, tmp_path):
    root = tmp_path / "data"
    shutil.copytree(built_data, root)
    return root


class Fakes:
    """Stand-ins for the kernels and the writers, noting what each render asked of them."""

    def __init__(self, monkeypatch):
        import nbformat

        import jusolib.render.batch as rendering
        from jusolib.report import YearReport

        self.executed, self.pages, self.files = [], [], []
        self.fail_notebook = self.interrupt_at = self.fail_page = None
        self.fail_file: dict[str, Exception] = {}

        def execute(fiscal_year, name, out_dir, parameters, notebooks_dir, kernel_manager_class=None):
            if name == self.interrupt_at:
                raise KeyboardInterrupt  # the render stopped here (Ctrl-C, a machine going down)
            self.executed.append(name)
            notebook = nbformat.read(notebooks_dir / f"{name}.ipynb", as_version=4)
            nbformat.write(notebook, out_dir / f"{name}.ipynb")
            ok = name != self.fail_notebook
            error = None if ok else "RuntimeError: broken"
            return rendering.NotebookResult(fiscal_year, name, ok, 0.1, f"{name} title", error), notebook

        def page(notebook, out_dir, name, record, site):
            if name == self.fail_page:
                raise ValueError("the page writer failed")
            self.pages.append(name)
            (out_dir / f"{name}.html").write_text(f"<p>{name} {record['inputs']}</p>", encoding="utf-8")

        def writer(file):
            def write(report, path):
                if file in self.fail_file:
                    raise self.fail_file[file]
                self.files.append(file)
                path.write_text(f"{file} {report.provenance()['inputs']}", encoding="utf-8")

            return write

        monkeypatch.setattr(rendering, "execute_notebook", execute)
        monkeypatch.setattr(rendering, "write_page", page)
        monkeypatch.setattr(YearReport, "write_workbook", writer("tables.xlsx"))
        monkeypatch.setattr(YearReport, "write_slides", writer("slides.pptx"))

    def render(self, data, reports, **options):
        from jusolib.render.batch import render

        self.executed, self.pages, self.files = [], [], []
        return render(
            [2024], data_dir=str(data), reports=reports, progress=False, warm_kernels=False, **options
        )


@pytest.fixture
def fakes(monkeypatch):
    return Fakes(monkeypatch)


def manifest(reports):
    return json.loads((reports / "FY2024" / "manifest.json").read_text(encoding="utf-8"))


def test_a_second_render_with_nothing_changed_reuses_every_output(fakes, data, tmp_path):
    first = fakes.render(data, tmp_path / "r")
    assert fakes.executed == list(NOTEBOOKS) and sorted(fakes.files) == ["slides.pptx", "tables.xlsx"]
    assert set(first.outputs[2024].values()) == {"rendered"}
    second = fakes.render(data, tmp_path / "r")
    assert (fakes.executed, fakes.pages, fakes.files) == ([], [], [])
    assert (
        set(second.outputs[2024].values()) == {"reused"}
        and len(second.outputs[2024]) == 2 * len(NOTEBOOKS) + 3
    )
    assert [r.notebook for r in second.results] == list(NOTEBOOKS) and all(r.reused for r in second.results)
    assert [r.title for r in second.results] == [
        f"{n} title" for n in NOTEBOOKS
    ]  # kept from the first render
    written = manifest(tmp_path / "r")
    assert written["reused"] == sorted(second.outputs[2024]) and all(
        n["reused"] for n in written["notebooks"]
    )
    assert {o["file"]: o.get("reads") for o in written["outputs"]}["02_changes.html"] == [
        "build",
        "codebook",
        "reference",
        "themes[II]",
        "commentary[II]",
        "earlier_builds",
        "earlier_themes[II]",
    ]
    forced = fakes.render(data, tmp_path / "r", force=True)
    assert fakes.executed == list(NOTEBOOKS) and set(forced.outputs[2024].values()) == {"rendered"}


def edit_published(data):
    published = data / "raw" / "published" / "FY2024.csv"
    text = published.read_text(encoding="utf-8")
    published.write_text(
        text.replace("参照データの名簿から数えた", "参照データの名簿から数えた（確認済み）", 1),
        encoding="utf-8",
    )


def edit_theme_rule_of_section_ii(data):
    """One more word in one rule of the first item of section II (one line of the rules file)."""
    import yaml

    from jusolib.survey.codebook import load_codebook

    item = load_codebook(2024).item_ids("II")[0]
    rules = data / "raw" / "codebook" / "FY2024.themes.yaml"
    head, block = rules.read_text(encoding="utf-8").split(f"\n  {item}:\n", 1)
    assert "any: [" in block.split("\n  chg_", 1)[0]  # the item's own rules have an any: list
    rules.write_text(
        f"{head}\n  {item}:\n" + block.replace("any: [", "any: [新しい語, ", 1), encoding="utf-8"
    )
    edited = yaml.safe_load(rules.read_text(encoding="utf-8"))["items"][item]
    assert any("新しい語" in json.dumps(theme["rule"], ensure_ascii=False) for theme in edited)


@pytest.mark.parametrize(
    ("edit", "notebooks", "files", "pages"),
    [
        # the published figures: their check, the workbook and the deck (the pages' footers do not list them)
        (edit_published, ["90_published_check"], ["slides.pptx", "tables.xlsx"], ["90_published_check"]),
        # one theme rule of section II: its page and the published check, which counts themes of I and II; no
        # other page is written again (issue 22: a page's footer names its sources, not the files' SHA-256)
        (
            edit_theme_rule_of_section_ii,
            ["02_changes", "90_published_check"],
            ["slides.pptx", "tables.xlsx"],
            ["02_changes", "90_published_check"],
        ),
    ],
)
def test_a_changed_input_re_renders_its_dependants_and_nothing_else(
    fakes, data, tmp_path, edit, notebooks, files, pages
):
    fakes.render(data, tmp_path / "r")
    edit(data)
    summary = fakes.render(data, tmp_path / "r")
    assert fakes.executed == notebooks
    assert sorted(fakes.files) == files and sorted(fakes.pages) == sorted(pages)
    states = summary.outputs[2024]
    assert {n for n in NOTEBOOKS if states[f"{n}.ipynb"] == "rendered"} == set(notebooks)
    assert all(states[f"{n}.ipynb"] == "reused" for n in NOTEBOOKS if n not in notebooks)


def test_commentary_re_renders_the_section_it_is_about(fakes, data, tmp_path):
    fakes.render(data, tmp_path / "r")
    commentary = data / "raw" / "commentary" / "FY2024.md"
    commentary.parent.mkdir(parents=True)
    commentary.write_text(
        "# 所見\n## I 成果・進捗\nいち\n## II 変化\nに\n## III 課題\nさん\n", encoding="utf-8"
    )
    fakes.render(data, tmp_path / "r")  # a new file: every page that may read it (00: the overall summary)
    assert fakes.executed == ["00_overview", "01_outcomes", "02_changes", "03_challenges"]
    assert fakes.files == ["slides.pptx"]
    commentary.write_text(
        commentary.read_text(encoding="utf-8").replace("に\n", "に（改訂）\n"), encoding="utf-8"
    )
    fakes.render(data, tmp_path / "r")
    # II's page, and 00, which reads the whole file for its overall summary (a part may be too wide, never narrow)
    assert fakes.executed == ["00_overview", "02_changes"] and fakes.files == ["slides.pptx"]


def test_a_render_that_stops_resumes_from_the_notebooks_that_did_not_finish(fakes, data, tmp_path):
    fakes.interrupt_at = "02_changes"
    with pytest.raises(KeyboardInterrupt):
        fakes.render(data, tmp_path / "r")
    assert fakes.executed == ["00_overview", "01_outcomes"]
    fakes.interrupt_at, fakes.fail_notebook = None, "04_year_over_year"
    summary = fakes.render(data, tmp_path / "r")
    assert fakes.executed == list(NOTEBOOKS[2:])  # the workbook and deck were finished while the kernels ran
    assert [r.notebook for r in summary.failures] == ["04_year_over_year"]
    fakes.fail_notebook = None
    fakes.render(data, tmp_path / "r")
    assert fakes.executed == ["04_year_over_year"]  # a failed notebook is never reused


def test_an_output_that_fails_is_named_and_every_other_is_still_written(fakes, data, tmp_path, capsys):
    """Issue 19: the deck's writer and one page's writer fail; pages, workbook, indexes and manifest are written,
    the failures are named in the year's index, in manifest.json and by the command, which exits 1."""
    from bs4 import BeautifulSoup

    from jusolib.cli import main

    fakes.fail_file = {"slides.pptx": ValueError("text does not fit a 12.43×0.90 in box")}
    fakes.fail_page = "05_municipality_vs_council"
    reports = tmp_path / "r"
    status = main(
        [
            "render",
            "--fiscal-year",
            "2024",
            "--data-dir",
            str(data),
            "--reports-dir",
            str(reports),
            "--no-progress",
            "--cold-kernels",
        ]
    )
    assert status == 1
    err = capsys.readouterr().err
    assert "FAILED FY2024 slides.pptx: ValueError: text does not fit a 12.43×0.90 in box" in err
    assert "FAILED FY2024 05_municipality_vs_council.html: ValueError: the page writer failed" in err
    folder = reports / "FY2024"
    assert not (folder / "slides.pptx").exists() and not (folder / "05_municipality_vs_council.html").exists()
    assert {f"{n}.html" for n in NOTEBOOKS if n != "05_municipality_vs_council"} <= {
        p.name for p in folder.iterdir()
    }
    assert {"tables.xlsx", "index.html", "manifest.json"} <= {p.name for p in folder.iterdir()}
    index = BeautifulSoup((folder / "index.html").read_text(encoding="utf-8"), "html.parser")
    failures = index.select_one("section.output-failures").get_text()
    assert "スライド（PowerPoint）（slides.pptx）— ValueError: text does not fit" in failures
    rows = {
        tr.select_one("th").get_text(): tr.select_one("td").get_text()
        for tr in index.select("table.page-list tbody tr")
    }
    assert rows["05_municipality_vs_council title"].startswith("失敗: ページを作成できなかった — ValueError")
    assert [a["href"] for a in index.select("p.downloads a")] == ["tables.xlsx", "manifest.json"]
    written = manifest(reports)
    states = {o["file"]: (o["state"], o.get("error")) for o in written["outputs"]}
    assert states["slides.pptx"] == ("failed", "ValueError: text does not fit a 12.43×0.90 in box")
    assert states["05_municipality_vs_council.html"][0] == "failed" and states["tables.xlsx"] == (
        "rendered",
        None,
    )
    site = (reports / "index.html").read_text(encoding="utf-8")
    assert "作成できなかったファイル: 05_municipality_vs_council.html、slides.pptx" in site
    # the cause removed, the next render writes what failed and reuses the rest
    fakes.fail_file, fakes.fail_page = {}, None
    summary = fakes.render(data, reports)
    assert (fakes.executed, fakes.files, fakes.pages) == ([], ["slides.pptx"], ["05_municipality_vs_council"])
    assert summary.ok and '<section class="output-failures"' not in (folder / "index.html").read_text(
        encoding="utf-8"
    )


def test_unknown_parameters_are_refused_before_anything_runs(fakes, data, tmp_path):
    from jusolib.core.errors import ParameterError

    with pytest.raises(
        ParameterError, match=r"unknown parameter 'fiscal_yaer' \(did you mean 'fiscal_year'\?\)"
    ):
        fakes.render(data, tmp_path / "r", parameters={"fiscal_yaer": 2024})
    with pytest.raises(ParameterError, match="parameter 'redact' is set with --redact, not with -p"):
        fakes.render(data, tmp_path / "r", parameters={"redact": True})
    assert fakes.executed == [] and not (tmp_path / "r").exists()
