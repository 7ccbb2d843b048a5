"""Batch rendering: run the notebooks with papermill for each fiscal year and write self-contained HTML.

For each fiscal year, ``reports/FYxxxx/`` gets the executed notebooks (``.ipynb``), one HTML page per notebook
with the code hidden, ``index.html`` linking them, ``tables.xlsx`` (every table), ``slides.pptx`` (the results
as an editable deck, :mod:`jusolib.slides`) and ``manifest.json`` (input
files and their SHA-256, parameters, package versions, commit). Pages fetch nothing from the internet: no
script, style sheet or font is linked, charts are embedded as PNG data. Every page shows the 合成データ banner
when the data is synthetic, and the provenance footer.

A notebook that fails does not stop the others; :func:`render` reports which notebook and which cell failed.

Examples
--------
>>> validate_parameters(fiscal_years=["R6"], respondent_type="社協", size_scheme="city_size", data_dir=None)
([2024], 'council')
"""

from __future__ import annotations

import functools
import html
import json
import os
import re
import sys
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jusolib.errors import ParameterError
from jusolib.fiscal import fiscal_year_label, folder_name, parse_fiscal_year
from jusolib.paths import NOTEBOOKS_DIR, data_paths, reports_dir

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
)
KERNEL = "python3"
#: The fiscal year the committed notebooks' ``parameters`` cells default to.
DEFAULT_FISCAL_YEAR = 2024
EXECUTION_TIMEOUT = 600
#: Lock file in the reports folder: one render at a time writes there (see :func:`render`).
RENDER_LOCK = ".render.lock"
#: Passed to the kernel: keep ipykernel's own log lines (a TCP transport notice at start, an interrupt notice at
#: shutdown) out of the console; errors in cells are reported from the executed notebooks instead.
KERNEL_ARGUMENTS = ["--IPKernelApp.log_level=CRITICAL"]
_SAFE_NAME = re.compile(r"^[0-9A-Za-z_\-]+$")

CSS = """
body{font-family:"Hiragino Kaku Gothic ProN","Hiragino Sans","Yu Gothic","Meiryo","IPAexGothic","Noto Sans CJK JP",sans-serif;
max-width:1100px;margin:0 auto;padding:0 1.2em 3em;color:#222;line-height:1.6}
.banner{background:#b71c1c;color:#fff;padding:.6em 1em;margin:0 -1.2em 1em;font-weight:bold}
.banner.unknown{background:#8d6e00}
nav{font-size:.9em;margin:.8em 0;padding:.4em 0;border-bottom:1px solid #ddd}
nav a{margin-right:1em}
h1{font-size:1.6em;border-bottom:2px solid #1f4e8c;padding-bottom:.2em}
h2{font-size:1.3em;margin-top:1.6em;border-left:6px solid #1f4e8c;padding-left:.4em}
h3{font-size:1.1em}
h4{font-size:1em;margin:1.2em 0 .3em}
a.anchor-link{display:none}
table{border-collapse:collapse;margin:.4em 0;font-size:.85em}
th,td{border:1px solid #ccc;padding:.25em .5em;vertical-align:top}
thead th{background:#eef2f8}
td,th{text-align:left}
td.num{text-align:right;white-space:nowrap}
tbody th{font-weight:normal;background:#fafafa}
.report-block ul.notes{font-size:.8em;color:#555;margin:.2em 0 1em;padding-left:1.2em}
img{max-width:100%;height:auto}
pre{background:#f7f7f7;padding:.5em;overflow-x:auto;font-size:.85em}
.output_stderr pre{background:#fff3f3}
footer{margin-top:3em;border-top:1px solid #ccc;font-size:.75em;color:#555}
footer table{font-size:1em}
footer td{text-align:left;word-break:break-all}
.status-ok{color:#1b5e20}.status-failed{color:#b71c1c;font-weight:bold}
"""


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


@dataclass
class RenderSummary:
    """What :func:`render` did, per fiscal year and notebook."""

    results: list[NotebookResult] = field(default_factory=list)
    output_dirs: dict[int, Path] = field(default_factory=dict)

    @property
    def failures(self) -> list[NotebookResult]:
        return [r for r in self.results if not r.ok]


def validate_parameters(
    *, fiscal_years: Sequence[object] | None, respondent_type: str, size_scheme: str, data_dir: object
) -> tuple[list[int], str]:
    """Check render parameters before anything runs; return the fiscal years and the respondent-type key.

    Raises
    ------
    ParameterError
        Naming the parameter, the value and what is accepted (unknown scheme or respondent type, a fiscal year
        with no returns, a data directory that does not exist).
    """
    from jusolib.codebook import load_codebook
    from jusolib.schemes import SCHEMES

    if data_dir is not None and not Path(str(data_dir)).expanduser().is_dir():
        raise ParameterError(f"--data-dir {data_dir!s}: no such directory")
    paths = data_paths(data_dir)  # type: ignore[arg-type]
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
    if size_scheme not in SCHEMES:
        raise ParameterError(f"unknown size scheme {size_scheme!r}: expected one of {list(SCHEMES)}")
    keys = set()
    for year in years:
        key = load_codebook(year, paths).respondent_type_key(respondent_type)
        if key is None:
            labels = list(load_codebook(year, paths).respondent_types["label"])
            raise ParameterError(f"unknown respondent type {respondent_type!r}: expected one of {labels}")
        keys.add(key)
    return years, keys.pop()


def safe_output_path(root: Path, *parts: str) -> Path:
    """A path inside ``root`` built from plain names; anything that would escape ``root`` is refused.

    Examples
    --------
    >>> safe_output_path(Path("/r"), "FY2024", "index.html").as_posix()
    '/r/FY2024/index.html'
    >>> safe_output_path(Path("/r"), "..", "x")
    Traceback (most recent call last):
    ...
    jusolib.errors.ParameterError: refusing to write outside /r: '..'
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


def notebook_title(notebook: Any) -> str:
    """The first heading of a notebook's first Markdown cell (its title on the index page)."""
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("#"):
                    return line.lstrip("#").strip()
    return ""


def page(
    title: str, body: str, *, banner: str | None, banner_class: str = "", nav: str = "", footer: str = ""
) -> str:
    """A complete, self-contained HTML page (inline CSS only)."""
    banner_html = f'<div class="banner {banner_class}">{html.escape(banner)}</div>' if banner else ""
    return (
        '<!DOCTYPE html>\n<html lang="ja"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{html.escape(title)}</title><style>{CSS}</style></head><body>"
        f"{banner_html}{nav}<main>{body}</main>{footer}</body></html>\n"
    )


def footer_html(record: dict[str, Any]) -> str:
    """The provenance footer: data status, parameters, input files with SHA-256, versions, commit."""
    rows = [("データ", record["data_status_label"]), ("年度", record["fiscal_year_label"])]
    rows += [(f"パラメータ {k}", str(v)) for k, v in record["parameters"].items()]
    rows += [(f"入力 {name}", digest) for name, digest in record["inputs"].items()]
    rows += [(f"パッケージ {name}", version) for name, version in record["packages"].items()]
    rows.append(("コミット", record["commit"]))
    cells = "".join(f"<tr><th>{html.escape(k)}</th><td>{html.escape(v)}</td></tr>" for k, v in rows)
    return f"<footer><h4>出典・再現のための情報</h4><table>{cells}</table></footer>"


def _banner(record: dict[str, Any]) -> tuple[str | None, str]:
    from jusolib.report import SYNTHETIC_BANNER

    if record["data_status"] == "synthetic":
        return SYNTHETIC_BANNER, ""
    if record["data_status"] == "unknown":
        return "出所未記載: MANIFEST がなく、実データか合成データか記録されていません。", "unknown"
    return None, ""


def _nav(record: dict[str, Any]) -> str:
    names = record.get("notebooks_rendered", NOTEBOOKS)
    links = ['<a href="index.html">目次</a>'] + [f'<a href="{name}.html">{name}</a>' for name in names]
    return "<nav>" + "".join(links) + "</nav>"


@functools.lru_cache(maxsize=1)
def _exporter() -> Any:
    """One HTML exporter per process: building it loads the templates, which costs more than converting."""
    from nbconvert import HTMLExporter

    return HTMLExporter(
        template_name="basic", exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True
    )


def notebook_html(notebook: Any, record: dict[str, Any]) -> str:
    """One executed notebook as a page with the code hidden, the banner, the navigation and the footer."""
    body, _ = _exporter().from_notebook_node(notebook)
    banner, banner_class = _banner(record)
    title = f"{notebook_title(notebook)} — {record['fiscal_year_label']}"
    return page(
        title, body, banner=banner, banner_class=banner_class, nav=_nav(record), footer=footer_html(record)
    )


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
    title = notebook_title(notebook) if notebook is not None else ""
    failed_cell = _failed_cell(notebook) if error and notebook is not None else None
    result = NotebookResult(
        fiscal_year, name, error is None, time.perf_counter() - started, title, error, failed_cell
    )
    return result, notebook


def write_page(notebook: Any, out_dir: Path, name: str, record: dict[str, Any]) -> None:
    """Write the HTML page of an executed notebook next to it."""
    from jusolib.atomic import write_text_atomic

    if notebook is not None:
        write_text_atomic(
            safe_output_path(out_dir.parent, out_dir.name, f"{name}.html"), notebook_html(notebook, record)
        )


def render_notebook(
    fiscal_year: int,
    name: str,
    out_dir: Path,
    parameters: dict[str, Any],
    record: dict[str, Any],
    notebooks_dir: Path = NOTEBOOKS_DIR,
) -> NotebookResult:
    """Execute one notebook and write its ``.ipynb`` and ``.html``; never raises on a cell error."""
    result, notebook = execute_notebook(fiscal_year, name, out_dir, parameters, notebooks_dir)
    write_page(notebook, out_dir, name, record)
    return result


def index_html(fiscal_year: int, results: Sequence[NotebookResult], record: dict[str, Any]) -> str:
    """The index page of one fiscal year's report."""
    label = record["fiscal_year_label"]
    items = []
    for r in results:
        status = (
            '<span class="status-ok">OK</span>'
            if r.ok
            else f'<span class="status-failed">失敗: セル {r.failed_cell} — {html.escape(r.error or "")}</span>'
        )
        items.append(
            f'<li><a href="{r.notebook}.html">{html.escape(r.title or r.notebook)}</a> '
            f'（<a href="{r.notebook}.ipynb">ipynb</a>） {status}</li>'
        )
    body = (
        f"<h1>重層的支援体制整備事業 調査結果 — {html.escape(label)}</h1>"
        f"<p>回答主体: {html.escape(str(record['parameters'].get('respondent_type')))}　"
        f"規模の区分: {html.escape(str(record['parameters'].get('size_caption', '')))}</p>"
        f"<ul>{''.join(items)}</ul>"
        '<p><a href="tables.xlsx">全ての表（Excel: tables.xlsx）</a>　<a href="slides.pptx">スライド（PowerPoint: slides.pptx）</a>'
        '　<a href="manifest.json">manifest.json</a></p>'
    )
    banner, banner_class = _banner(record)
    return page(
        f"調査結果 {label}",
        body,
        banner=banner,
        banner_class=banner_class,
        nav=_nav(record),
        footer=footer_html(record),
    )


def _run(task: tuple[int, str, Path, dict[str, Any], dict[str, Any], Path]) -> NotebookResult:
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
    (:mod:`jusolib.privacy`).

    Two renders into the same reports folder never interleave: the second waits for the first (a lock file
    in the reports folder, :data:`RENDER_LOCK`), so the folder always holds one complete, consistent render.
    """
    from jusolib.atomic import exclusive_lock

    years, _ = validate_parameters(
        fiscal_years=fiscal_years, respondent_type=respondent_type, size_scheme=size_scheme, data_dir=data_dir
    )
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
    :data:`~jusolib.paths.NOTEBOOKS_DIR`, looked up when called).

    Examples
    --------
    >>> check_notebooks(["01_outcomes"])
    ['01_outcomes']
    >>> check_notebooks(["x"])
    Traceback (most recent call last):
    ...
    jusolib.errors.ParameterError: unknown notebook 'x': expected some of ['00_overview', '01_outcomes', '02_changes', '03_challenges', '04_year_over_year', '05_municipality_vs_council', '90_published_check', '91_data_quality']
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
    from jusolib.atomic import write_text_atomic
    from jusolib.pipeline import ensure_built
    from jusolib.report import YearReport

    summary = RenderSummary()
    tasks, records, reports_by_year = [], {}, {}
    for year in years:
        ensure_built(year, data_dir)
        report = YearReport.load(
            year, respondent_type=respondent_type, size_scheme=size_scheme, data_dir=data_dir, redact=redact
        )
        out_dir = safe_output_path(root, folder_name(year))
        out_dir.mkdir(parents=True, exist_ok=True)
        record = {**report.provenance(), "notebooks_rendered": notebooks}
        records[year], reports_by_year[year] = record, report
        summary.output_dirs[year] = out_dir
        parameters = {
            "fiscal_year": year,
            "respondent_type": respondent_type,
            "size_scheme": size_scheme,
            "data_dir": data_dir,
            "redact": redact,
        }
        tasks += [(year, name, out_dir, parameters, record, notebooks_dir) for name in notebooks]

    def write_workbooks() -> None:
        for year in years:
            reports_by_year[year].write_workbook(safe_output_path(root, folder_name(year), "tables.xlsx"))
            reports_by_year[year].write_slides(safe_output_path(root, folder_name(year), "slides.pptx"))

    results = _execute(tasks, jobs, progress, meanwhile=write_workbooks)
    for year in years:
        year_results = sorted(
            (r for r in results if r.fiscal_year == year), key=lambda r: notebooks.index(r.notebook)
        )
        manifest = {
            **records[year],
            "notebooks": [
                {"notebook": r.notebook, "ok": r.ok, "error": r.error, "failed_cell": r.failed_cell}
                for r in year_results
            ],
        }
        write_text_atomic(
            safe_output_path(root, folder_name(year), "manifest.json"),
            json.dumps(manifest, ensure_ascii=False, indent=2) + "\n",
        )
        write_text_atomic(
            safe_output_path(root, folder_name(year), "index.html"),
            index_html(year, year_results, records[year]),
        )
        summary.results += year_results
    return summary


def _execute(tasks: list, jobs: int, progress: bool, meanwhile: Callable[[], None]) -> list[NotebookResult]:
    """Run the notebook tasks and, while the kernels work, ``meanwhile`` (which needs no notebook).

    One job: the notebooks run one after another here and ``meanwhile`` in a thread (no process is forked).
    Several jobs: the worker processes are forked first, then ``meanwhile`` runs in this thread.
    """
    from tqdm.auto import tqdm

    bar = tqdm(total=len(tasks), desc="rendering", unit="notebook", disable=not progress)
    results = []
    if jobs <= 1:
        # One notebook runs at a time; pages and workbooks are written by a thread while the next kernel works.
        with ThreadPoolExecutor(max_workers=1) as background:
            side = [background.submit(meanwhile)]
            for fiscal_year, name, out_dir, parameters, record, notebooks_dir in tasks:
                result, notebook = execute_notebook(fiscal_year, name, out_dir, parameters, notebooks_dir)
                side.append(background.submit(write_page, notebook, out_dir, name, record))
                results.append(result)
                bar.update()
            for future in side:
                future.result()
    else:
        import multiprocessing

        context = (
            multiprocessing.get_context("fork") if "fork" in multiprocessing.get_all_start_methods() else None
        )
        with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
            futures = [pool.submit(_run, task) for task in tasks]
            meanwhile()
            for future in as_completed(futures):
                results.append(future.result())
                bar.update()
    bar.close()
    return results


def refresh_notebooks(names: Sequence[str] = NOTEBOOKS) -> list[Path]:
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

    from jusolib.pipeline import read_manifest

    names = check_notebooks(names)
    paths = data_paths()
    status = read_manifest(DEFAULT_FISCAL_YEAR, paths)["data_status"]
    if status != "synthetic":
        raise ParameterError(
            f"refusing to store outputs in the committed notebooks: the data in {paths.root} is {status!r}, not "
            "synthetic, and would end up in git (answers and free text). Unset JUSOLIB_DATA_DIR, or render real "
            "data with `jusolib render` into reports/ (git-ignored)."
        )

    from jusolib.atomic import write_text_atomic

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
