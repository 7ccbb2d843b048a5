"""Batch rendering: run the notebooks with papermill for each fiscal year and write self-contained HTML.

For each fiscal year, ``reports/FYxxxx/`` (other variants in a sub-folder, see :mod:`jusolib.outputs.pages.site`) gets the
executed notebooks (``.ipynb``), one HTML page per notebook with the code hidden, ``index.html`` listing them
with their status, ``tables.xlsx`` (every table), ``slides.pptx`` (the results
as an editable deck, :mod:`jusolib.outputs.slides.build`) and ``manifest.json`` (input files and their SHA-256,
parameters, package versions, commit); ``reports/index.html`` lists every year and variant. Pages are laid out by
the jusolib nbconvert templates and fetch nothing from the internet: no script, style sheet or font is linked,
charts and the font subset are embedded. Every page shows the 合成データ banner once when the data is
synthetic, and the provenance footer.

A notebook that fails does not stop the others; :func:`render` reports which notebook and which cell failed.

Examples
--------
>>> validate_parameters(fiscal_years=["R6"], respondent_type="社協", size_scheme="city_size", data_dir=None)
([2024], 'council')
"""

from __future__ import annotations

import json
import os
import re
import sys
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jusolib.core.errors import ParameterError
from jusolib.core.fiscal import fiscal_year_label, parse_fiscal_year
from jusolib.core.paths import NOTEBOOKS_DIR, DataDir, data_paths, reports_dir
from jusolib.outputs.pages.site import Site, notebook_title, year_folder_parts

#: Notebooks rendered for every fiscal year, in report order.
NOTEBOOKS = (
    "00_overview",
    "01_outcomes",
    "02_changes",
    "03_challenges",
    "04_year_over_year",
    "05_municipality_vs_council",
    "90_published_check",
    "91_data_quality",
    "92_methods",
)
#: Committed notebooks that are not report pages (the README's 「よくある分析」): executed by ``make notebooks``
#: and tested under nbval, never rendered.
EXAMPLES = ("analyst_tasks",)
KERNEL = "python3"
#: The fiscal year the committed notebooks' ``parameters`` cells default to.
DEFAULT_FISCAL_YEAR = 2024
EXECUTION_TIMEOUT = 600
#: Lock file in the reports folder: one render at a time writes there (see :func:`render`).
RENDER_LOCK = ".render.lock"
#: Passed to the kernel: keep ipykernel's own log lines (a TCP transport notice at start, an interrupt notice at
#: shutdown) out of the console; errors in cells are reported from the executed notebooks instead.
KERNEL_ARGUMENTS = ["--IPKernelApp.log_level=CRITICAL"]
#: Python's thread switch interval (seconds) while a one-job render writes pages in a thread beside the
#: notebook client (default 0.005): the client then answers the kernel within a millisecond. FY2024 rendered
#: in 36.1 s at 5 ms and 31.7 s at 1 ms (medians of 3, alternating, same machine).
CLIENT_SWITCH_INTERVAL = 0.001
_SAFE_NAME = re.compile(r"^[0-9A-Za-z_\-]+$")


@dataclass
class NotebookResult:
    """The outcome of rendering one notebook for one fiscal year."""

    fiscal_year: int
    notebook: str
    ok: bool
    seconds: float
    title: str = ""
    error: str | None = None
    failed_cell: int | None = None
    #: Statuses the page reported (e.g. 「前年度なし」, 「警告 2件」), shown on the year's index.
    status: list[str] = field(default_factory=list)
    #: True when every status is good news (「全件一致」): shown as 正常 is, not as a note.
    good: bool = False

    def status_text(self) -> tuple[str, str]:
        """The page's status in Japanese for the index, and its level (``ok``, ``note``, ``failed``)."""
        from jusolib.core.wording import status_label

        if not self.ok:
            where = f"セル {self.failed_cell}" if self.failed_cell is not None else "実行前"
            return f"{status_label('failed')}: {where} — {self.error or ''}", "failed"
        if self.status:
            return "、".join(self.status), "ok" if self.good else "note"
        return status_label("ok"), "ok"


@dataclass
class RenderSummary:
    """What :func:`render` did, per fiscal year and notebook."""

    results: list[NotebookResult] = field(default_factory=list)
    output_dirs: dict[int, Path] = field(default_factory=dict)

    @property
    def failures(self) -> list[NotebookResult]:
        return [r for r in self.results if not r.ok]


def validate_parameters(
    *, fiscal_years: Sequence[object] | None, respondent_type: str, size_scheme: str, data_dir: DataDir
) -> tuple[list[int], str]:
    """Check render parameters before anything runs; return the fiscal years and the respondent-type key.

    Raises
    ------
    ParameterError
        Naming the parameter, the value and what is accepted (unknown scheme or respondent type, a fiscal year
        with no returns, a data directory that does not exist).
    """
    from jusolib.survey.codebook import load_codebook
    from jusolib.survey.vocabulary import Vocabulary, size_scheme_key

    if data_dir is not None and not Path(str(data_dir)).expanduser().is_dir():
        raise ParameterError(f"--data-dir {data_dir!s}: no such directory")
    paths = data_paths(data_dir)
    available = paths.fiscal_years()
    years = sorted({parse_fiscal_year(y) for y in fiscal_years}) if fiscal_years else available
    if not years:
        raise ParameterError(f"no fiscal-year folders (FYxxxx) under {paths.survey_root}")
    missing = [y for y in years if y not in available]
    if missing:
        raise ParameterError(
            f"no returns for {', '.join(fiscal_year_label(y) for y in missing)} under {paths.survey_root}; "
            f"fiscal years present: {', '.join(fiscal_year_label(y) for y in available) or 'none'}"
        )
    size_scheme_key(size_scheme)  # 団体種別 as well as municipality_type; an error names both
    keys = {Vocabulary(load_codebook(year, paths)).respondent_type(respondent_type) for year in years}
    return years, keys.pop()


def respondent_types(
    fiscal_years: Sequence[int], respondent_type: str | None, data_dir: DataDir
) -> dict[int, str]:
    """The respondent type each fiscal year is rendered for: ``respondent_type`` when one is given; otherwise
    the codebook's first type (自治体) where it answered, else the type that did answer (a year with only 社協
    returns is rendered for 社協, never refused).

    Parameters
    ----------
    fiscal_years
        The years to render (checked: each has returns).
    respondent_type
        The type asked for (自治体, 社協 …), or ``None`` for the default rule above.
    data_dir
        The data directory (its build summaries say who answered).

    Returns
    -------
    dict
        Fiscal year → the respondent type's label.

    Examples
    --------
    >>> respondent_types([2024], None, None), respondent_types([2024], "社協", None)
    ({2024: '自治体'}, {2024: '社協'})
    """
    from jusolib.clean.pipeline import load_build_summary
    from jusolib.survey.codebook import load_codebook

    chosen = {}
    for year in fiscal_years:
        if respondent_type is not None:
            chosen[year] = respondent_type
            continue
        labels = list(load_codebook(year, data_dir).respondent_types["label"])
        present = load_build_summary(year, data_dir)["respondents"]
        answered = [info["label"] for info in present.values() if info["present"]]
        chosen[year] = labels[0] if labels[0] in answered or not answered else answered[0]
    return chosen


def safe_output_path(root: Path, *parts: str) -> Path:
    """A path inside ``root`` built from plain names; anything that would escape ``root`` is refused.

    Examples
    --------
    >>> safe_output_path(Path("/r"), "FY2024", "index.html").as_posix()
    '/r/FY2024/index.html'
    >>> safe_output_path(Path("/r"), "..", "x")
    Traceback (most recent call last):
    ...
    jusolib.core.errors.ParameterError: refusing to write outside /r: '..'
    """
    for part in parts:
        stem = part.rsplit(".", 1)[0]
        if not _SAFE_NAME.match(stem) or part in (".", ".."):
            raise ParameterError(f"refusing to write outside {root}: {part!r}")
    path = root.joinpath(*parts)
    resolved_root = root.resolve()
    if resolved_root not in path.resolve().parents:
        raise ParameterError(f"refusing to write outside {root}: {path}")
    return path


_ADDED_BY_PAPERMILL = {"injected-parameters", "papermill-error-cell-tag"}


def _failed_cell(notebook: Any) -> int | None:
    """Index (0-based, in the source notebook) of the cell whose output is an error.

    Cells papermill adds to the executed copy (injected parameters, error banners) are not counted.
    """
    index = 0
    for cell in notebook.cells:
        if _ADDED_BY_PAPERMILL & set(cell.get("metadata", {}).get("tags", [])):
            continue
        if cell.cell_type == "code" and any(o.get("output_type") == "error" for o in cell.get("outputs", [])):
            return index
        index += 1
    return None


def execute_notebook(
    fiscal_year: int,
    name: str,
    out_dir: Path,
    parameters: dict[str, Any],
    notebooks_dir: Path = NOTEBOOKS_DIR,
) -> tuple[NotebookResult, Any]:
    """Execute one notebook with papermill into ``out_dir``; never raises on a cell error.

    Returns the result and the executed notebook (``None`` if nothing could be written).
    """
    import nbformat
    import papermill as pm

    started = time.perf_counter()
    source = notebooks_dir / f"{name}.ipynb"
    target = safe_output_path(out_dir.parent, out_dir.name, f"{name}.ipynb")
    error, notebook = None, None
    try:
        notebook = pm.execute_notebook(
            source,
            target,
            parameters=parameters,
            kernel_name=KERNEL,
            cwd=str(notebooks_dir),
            progress_bar=False,
            log_output=False,
            execution_timeout=EXECUTION_TIMEOUT,
            extra_arguments=KERNEL_ARGUMENTS,
            request_save_on_cell_execute=False,  # write the executed notebook once, not after every cell
        )
    except pm.PapermillExecutionError as exc:
        error = f"{exc.ename}: {exc.evalue}"
    except Exception as exc:  # a kernel that dies or a notebook that cannot be read: report, don't stop
        error = f"{type(exc).__name__}: {exc}"
    if notebook is None and target.is_file():
        notebook = nbformat.read(target, as_version=4)
    from jusolib.outputs.pages.site import page_status_good, page_statuses

    title = notebook_title(notebook) if notebook is not None else ""
    failed_cell = _failed_cell(notebook) if error and notebook is not None else None
    result = NotebookResult(
        fiscal_year,
        name,
        error is None,
        time.perf_counter() - started,
        title,
        error,
        failed_cell,
        page_statuses(notebook),
        page_status_good(notebook),
    )
    return result, notebook


def write_page(notebook: Any, out_dir: Path, name: str, record: dict[str, Any], site: Site) -> None:
    """Write the HTML page of an executed notebook next to it."""
    from jusolib.core.files import write_text_atomic
    from jusolib.outputs.pages import site as pages

    if notebook is not None:
        title = f"{notebook_title(notebook)} — {record['fiscal_year_label']}{site.variant_suffix}"
        page = pages.notebook_page(
            notebook, pages.context(title, record, site.nav(record["fiscal_year"], name))
        )
        write_text_atomic(safe_output_path(out_dir.parent, out_dir.name, f"{name}.html"), page)


def render_notebook(
    fiscal_year: int,
    name: str,
    out_dir: Path,
    parameters: dict[str, Any],
    record: dict[str, Any],
    site: Site,
    notebooks_dir: Path = NOTEBOOKS_DIR,
) -> NotebookResult:
    """Execute one notebook and write its ``.ipynb`` and ``.html``; never raises on a cell error."""
    result, notebook = execute_notebook(fiscal_year, name, out_dir, parameters, notebooks_dir)
    write_page(notebook, out_dir, name, record, site)
    return result


def index_html(results: Sequence[NotebookResult], record: dict[str, Any], site: Site) -> str:
    """The index page of one fiscal year's report: every page with its real status."""
    from jusolib.outputs.pages import site as pages

    entries = []
    for r in results:
        status, level = r.status_text()
        entries.append(
            {
                "title": r.title or site.titles.get(r.notebook, r.notebook),
                "href": f"{r.notebook}.html",
                "notebook": f"{r.notebook}.ipynb",
                "status": status,
                "level": level,
                "has_html": True,
            }
        )
    return pages.year_index(record["fiscal_year"], entries, record, site.nav(record["fiscal_year"], "index"))


def _run(task: tuple[int, str, Path, dict[str, Any], dict[str, Any], Site, Path]) -> NotebookResult:
    return render_notebook(*task)


def render(
    fiscal_years: Sequence[object] | None = None,
    *,
    respondent_type: str = "自治体",
    size_scheme: str = "population_band",
    data_dir: str | None = None,
    jobs: int = 1,
    reports: str | os.PathLike[str] | None = None,
    notebooks: Sequence[str] = NOTEBOOKS,
    progress: bool = True,
    notebooks_dir: Path = NOTEBOOKS_DIR,
    redact: bool = False,
) -> RenderSummary:
    """Render every notebook for every fiscal year (default: all years with returns).

    The processed data of each year is built first (in this process), so that notebooks running in parallel
    never build it twice. Each fiscal year's ``tables.xlsx``, ``manifest.json`` and ``index.html`` are written
    after its notebooks, even when one of them failed. ``redact`` masks likely personal data in every output
    (:mod:`jusolib.clean.privacy`), written to the variant's own ``…_redacted`` folder (:func:`jusolib.outputs.pages.site.variant_folder`).

    Two renders into the same reports folder never interleave: the second waits for the first (a lock file
    in the reports folder, :data:`RENDER_LOCK`), so the folder always holds one complete, consistent render.
    """
    from jusolib.core.files import exclusive_lock
    from jusolib.survey.vocabulary import size_scheme_key

    years, _ = validate_parameters(
        fiscal_years=fiscal_years, respondent_type=respondent_type, size_scheme=size_scheme, data_dir=data_dir
    )
    size_scheme = size_scheme_key(size_scheme)  # the variant's folder and the notebooks get the key
    if data_dir is not None:  # notebooks run in notebooks/: a relative path must not change meaning there
        data_dir = str(Path(data_dir).expanduser().resolve())
    notebooks = check_notebooks(notebooks, notebooks_dir)
    root = reports_dir(reports)
    if root.exists() and not root.is_dir():
        raise ParameterError(f"reports folder {root}: is a file, expected a directory")

    def waiting() -> None:
        print(f"another jusolib render is writing into {root}; waiting for it to finish …", file=sys.stderr)

    with exclusive_lock(root / RENDER_LOCK, waiting=waiting):
        return _render(
            years,
            notebooks,
            root,
            respondent_type,
            size_scheme,
            data_dir,
            jobs,
            progress,
            notebooks_dir,
            redact,
        )


def check_notebooks(names: Sequence[str], notebooks_dir: Path | None = None) -> list[str]:
    """The notebook names, checked: each a plain name with a notebook in ``notebooks_dir`` (default
    :data:`~jusolib.core.paths.NOTEBOOKS_DIR`, looked up when called).

    Examples
    --------
    >>> check_notebooks(["01_outcomes"])
    ['01_outcomes']
    >>> check_notebooks(["x"])
    Traceback (most recent call last):
    ...
    jusolib.core.errors.ParameterError: unknown notebook 'x': expected some of ['00_overview', '01_outcomes', '02_changes', '03_challenges', '04_year_over_year', '05_municipality_vs_council', '90_published_check', '91_data_quality', '92_methods']
    """
    names = list(names)
    folder = NOTEBOOKS_DIR if notebooks_dir is None else notebooks_dir
    unknown = [n for n in names if not _SAFE_NAME.match(n) or not (folder / f"{n}.ipynb").is_file()]
    if unknown:
        listed = ", ".join(repr(n) for n in unknown)
        raise ParameterError(
            f"unknown notebook{'s' if len(unknown) > 1 else ''} {listed}: expected some of {list(NOTEBOOKS)}"
        )
    return names


def _render(
    years: list[int],
    notebooks: list[str],
    root: Path,
    respondent_type: str,
    size_scheme: str,
    data_dir: str | None,
    jobs: int,
    progress: bool,
    notebooks_dir: Path,
    redact: bool,
) -> RenderSummary:
    """The body of :func:`render`, run while holding the reports folder's lock."""
    from jusolib.clean.pipeline import ensure_built
    from jusolib.core.files import write_text_atomic
    from jusolib.core.wording import scheme_label
    from jusolib.outputs.pages import site as pages
    from jusolib.report import YearReport

    summary = RenderSummary()
    tasks, records, reports_by_year, folders = [], {}, {}, {}
    site: Site | None = None
    for year in years:
        ensure_built(year, data_dir)
        report = YearReport.load(
            year, respondent_type=respondent_type, size_scheme=size_scheme, data_dir=data_dir, redact=redact
        )
        if site is None:
            key = report.respondent_key
            site = Site(
                root,
                key,
                size_scheme,
                sorted(set(years) | set(pages.rendered_years(root, key, size_scheme, redact))),
                notebooks,
                pages.source_titles(notebooks, notebooks_dir),
                f"{report.respondent_label}・{scheme_label(size_scheme)}" + ("・伏せ字" if redact else ""),
                redact,
            )
        parts = year_folder_parts(year, report.respondent_key, size_scheme, redact)
        out_dir = safe_output_path(root, *parts)
        out_dir.mkdir(parents=True, exist_ok=True)
        record = {
            **report.provenance(),
            "notebooks_rendered": notebooks,
            "variant": {
                "respondent_type": report.respondent_key,
                "size_scheme": size_scheme,
                "folder": "/".join(parts),
            },
        }
        records[year], reports_by_year[year], folders[year] = record, report, parts
        summary.output_dirs[year] = out_dir
        parameters = {
            "fiscal_year": year,
            "respondent_type": respondent_type,
            "size_scheme": size_scheme,
            "data_dir": data_dir,
            "redact": redact,
        }
        tasks += [(year, name, out_dir, parameters, record, site, notebooks_dir) for name in notebooks]

    def write_workbooks() -> None:
        for year in years:  # first the free-text coding, which the section notebooks then read from its cache
            _ = reports_by_year[year].coded_free_text
        for year in years:
            reports_by_year[year].write_workbook(safe_output_path(root, *folders[year], "tables.xlsx"))
            reports_by_year[year].write_slides(safe_output_path(root, *folders[year], "slides.pptx"))

    results = _execute(tasks, jobs, progress, meanwhile=write_workbooks)
    titles = site.titles if site is not None else {}
    for year in years:
        year_results = sorted(
            (r for r in results if r.fiscal_year == year), key=lambda r: notebooks.index(r.notebook)
        )
        manifest = {
            **records[year],
            "notebooks": [
                {
                    "notebook": r.notebook,
                    "title": r.title or titles.get(r.notebook, r.notebook),
                    "ok": r.ok,
                    "error": r.error,
                    "failed_cell": r.failed_cell,
                    "status": r.status,
                    "good": r.good,
                }
                for r in year_results
            ],
        }
        write_text_atomic(
            safe_output_path(root, *folders[year], "manifest.json"),
            json.dumps(manifest, ensure_ascii=False, indent=2) + "\n",
        )
        assert site is not None
        write_text_atomic(
            safe_output_path(root, *folders[year], "index.html"),
            index_html(year_results, records[year], site),
        )
        summary.results += year_results
    write_text_atomic(root / "index.html", pages.site_index(root))
    return summary


def _execute(tasks: list, jobs: int, progress: bool, meanwhile: Callable[[], None]) -> list[NotebookResult]:
    """Run the notebook tasks and, while the kernels work, ``meanwhile`` (which needs no notebook).

    One job: the notebooks run one after another here and ``meanwhile`` in a thread (no process is forked).
    Several jobs: the worker processes are forked first, then ``meanwhile`` runs in this thread.
    """
    from tqdm.auto import tqdm

    bar = tqdm(total=len(tasks), desc="rendering", unit="notebook", disable=not progress)
    results: list[NotebookResult] = []
    if jobs <= 1:
        # One notebook runs at a time; pages and workbooks are written by a thread while the next kernel works.
        # That thread holds the GIL for long stretches, and the kernel waits for this thread's client to answer
        # each message: with Python's default switch interval (5 ms) a notebook of 15 cells lost about 0.5 s.
        switch_interval = sys.getswitchinterval()
        sys.setswitchinterval(min(switch_interval, CLIENT_SWITCH_INTERVAL))
        try:
            with ThreadPoolExecutor(max_workers=1) as background:
                side: list[Future[None]] = [background.submit(meanwhile)]
                for fiscal_year, name, out_dir, parameters, record, site, notebooks_dir in tasks:
                    result, notebook = execute_notebook(fiscal_year, name, out_dir, parameters, notebooks_dir)
                    side.append(background.submit(write_page, notebook, out_dir, name, record, site))
                    results.append(result)
                    bar.update()
                for future in side:
                    future.result()
        finally:
            sys.setswitchinterval(switch_interval)
    else:
        import multiprocessing

        context = (
            multiprocessing.get_context("fork") if "fork" in multiprocessing.get_all_start_methods() else None
        )
        with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
            futures = [pool.submit(_run, task) for task in tasks]
            meanwhile()
            for done in as_completed(futures):
                results.append(done.result())
                bar.update()
    bar.close()
    return results


def refresh_notebooks(names: Sequence[str] = NOTEBOOKS + EXAMPLES) -> list[Path]:
    """Execute the committed notebooks in place with their default parameters (FY2024), without timing metadata.

    The committed notebooks carry these outputs so that they can be read on GitHub and checked by nbval. They
    must never carry real answers (free text included): this refuses to run unless the default data directory
    holds the synthetic returns — unset ``JUSOLIB_DATA_DIR`` first.

    Raises
    ------
    ParameterError
        If the data the notebooks would read is not marked synthetic.
    """
    import nbformat
    from nbclient import NotebookClient

    from jusolib.io.manifest import read_manifest

    names = check_notebooks(names)
    paths = data_paths()
    status = read_manifest(DEFAULT_FISCAL_YEAR, paths)["data_status"]
    if status != "synthetic":
        raise ParameterError(
            f"refusing to store outputs in the committed notebooks: the data in {paths.root} is {status!r}, not "
            "synthetic, and would end up in git (answers and free text). Unset JUSOLIB_DATA_DIR, or render real "
            "data with `jusolib render` into reports/ (git-ignored)."
        )

    from jusolib.core.files import write_text_atomic

    written = []
    for name in names:
        path = NOTEBOOKS_DIR / f"{name}.ipynb"
        notebook = nbformat.read(path, as_version=4)
        client = NotebookClient(
            notebook,
            kernel_name=KERNEL,
            timeout=EXECUTION_TIMEOUT,
            record_timing=False,
            extra_arguments=KERNEL_ARGUMENTS,
            resources={"metadata": {"path": str(NOTEBOOKS_DIR)}},
        )
        client.execute()
        notebook.metadata.pop("widgets", None)
        write_text_atomic(path, nbformat.writes(notebook) + "\n")
        written.append(path)
    return written
