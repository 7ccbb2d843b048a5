"""Batch rendering: run the notebooks with papermill for each fiscal year and write self-contained HTML.

For each fiscal year, ``reports/FYxxxx/`` (other variants in a sub-folder, see :mod:`jusolib.outputs.pages.site`) gets the
executed notebooks (``.ipynb``), one HTML page per notebook with the code hidden, ``index.html`` listing them
with their status, ``tables.xlsx`` (every table), ``slides.pptx`` (the results
as an editable deck, :mod:`jusolib.outputs.slides.build`) and ``manifest.json`` (input files and their SHA-256,
parameters, package versions, commit); ``reports/index.html`` lists every year and variant. Pages are laid out by
the jusolib nbconvert templates and fetch nothing from the internet: no script, style sheet or font is linked,
charts and the font subset are embedded. Every page shows the 合成データ banner once when the data is
synthetic, and the provenance footer.

A notebook that fails does not stop the others; :func:`render` reports which notebook and which cell failed. Each
output — a page, the workbook, the deck, an index, the manifest — is written on its own: one that fails is named in
the year's index, in ``manifest.json`` and in :attr:`RenderSummary.output_failures` (the command then exits 1), and
every other is still written.

Kernels start warm (:mod:`jusolib.render.kernels`: forked from a process that has imported what notebooks import),
and an output whose inputs have not changed since it was written is reused (:mod:`jusolib.render.cache`;
``force=True`` renders everything). Parameters are strict: a name no notebook declares is refused
(:mod:`jusolib.render.sources`).

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
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jusolib.core.errors import JusolibError, ParameterError
from jusolib.core.fiscal import fiscal_year_label, parse_fiscal_year
from jusolib.core.paths import NOTEBOOKS_DIR, DataDir, data_paths, reports_dir
from jusolib.outputs.pages.site import Site, notebook_title, year_folder_parts
from jusolib.render.cache import RenderState

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
#: The parameters every report notebook receives, and the option of ``jusolib render`` that sets each (they
#: cannot be given with ``-p``).
OPTION_PARAMETERS = {
    "fiscal_year": "--fiscal-year",
    "respondent_type": "--respondent-type",
    "size_scheme": "--size-scheme",
    "data_dir": "--data-dir",
    "redact": "--redact",
}
#: What each file of a year's folder is, as its index names a file that could not be written.
OUTPUT_LABELS = {
    "tables.xlsx": "全ての表（Excel）",
    "slides.pptx": "スライド（PowerPoint）",
    "index.html": "目次",
    "manifest.json": "出典の記録",
}
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
    #: True when the executed notebook of an earlier render was reused (its inputs had not changed).
    reused: bool = False

    def record(self) -> dict[str, Any]:
        """What the render state keeps of a result, to give it again when the notebook is reused.

        Returns
        -------
        dict
            Title, ok, seconds, status and whether the status is good news.
        """
        return {
            "title": self.title,
            "ok": self.ok,
            "seconds": round(self.seconds, 3),
            "status": list(self.status),
            "good": self.good,
        }

    def status_text(self) -> tuple[str, str]:
        """The page's status in Japanese for the index, and its level.

        Returns
        -------
        tuple of str
            The status (「正常」, 「前年度なし」, 「失敗: セル 4 — …」) and its level (``ok``, ``note``, ``failed``).
        """
        from jusolib.core.wording import status_label

        if not self.ok:
            where = f"セル {self.failed_cell}" if self.failed_cell is not None else "実行前"
            return f"{status_label('failed')}: {where} — {self.error or ''}", "failed"
        if self.status:
            return "、".join(self.status), "ok" if self.good else "note"
        return status_label("ok"), "ok"


@dataclass(frozen=True)
class OutputFailure:
    """An output that could not be written: its fiscal year (``None`` for the reports folder's index), its file
    (relative to its folder) and why."""

    fiscal_year: int | None
    file: str
    error: str

    def label(self) -> str:
        """What the file is, in Japanese (for the year's index).

        Returns
        -------
        str
            「ページ 01_outcomes」, 「スライド（PowerPoint）」 …
        """
        if self.file.endswith(".html") and self.file != "index.html":
            return f"ページ {self.file.removesuffix('.html')}"
        return OUTPUT_LABELS.get(self.file, self.file)


@dataclass
class RenderSummary:
    """What :func:`render` did, per fiscal year and notebook, and per output file."""

    results: list[NotebookResult] = field(default_factory=list)
    output_dirs: dict[int, Path] = field(default_factory=dict)
    #: Outputs that could not be written (the others were).
    output_failures: list[OutputFailure] = field(default_factory=list)
    #: Per fiscal year, every output file with what happened to it (``rendered``, ``reused`` or ``failed``).
    outputs: dict[int, dict[str, str]] = field(default_factory=dict)

    @property
    def failures(self) -> list[NotebookResult]:
        return [r for r in self.results if not r.ok]

    @property
    def executed(self) -> list[NotebookResult]:
        """The notebooks that ran in a kernel (not reused)."""
        return [r for r in self.results if not r.reused]

    @property
    def ok(self) -> bool:
        """True when every notebook ran and every output was written."""
        return not self.failures and not self.output_failures


def validate_parameters(
    *, fiscal_years: Sequence[object] | None, respondent_type: str, size_scheme: str, data_dir: DataDir
) -> tuple[list[int], str]:
    """Check render parameters before anything runs.

    Parameters
    ----------
    fiscal_years
        The years asked for (any form), or ``None`` for every year with returns.
    respondent_type
        自治体 or 社協 (or their keys).
    size_scheme
        A size scheme's name.
    data_dir
        The data folder, or ``None`` for the default.

    Returns
    -------
    tuple
        The fiscal years and the respondent type's key.

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

    Parameters
    ----------
    root
        The reports folder.
    *parts
        Folder and file names below it.

    Returns
    -------
    Path
        The path.

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
    kernel_manager_class: type | None = None,
) -> tuple[NotebookResult, Any]:
    """Execute one notebook with papermill into ``out_dir``; never raises on a cell error.

    Parameters
    ----------
    fiscal_year
        The year, for the result.
    name
        The notebook.
    out_dir
        Where the executed notebook goes.
    parameters
        What the notebook receives.
    notebooks_dir
        Where the source notebook is.
    kernel_manager_class
        What starts the kernel (:class:`jusolib.render.kernels.WarmKernelManager` forks a warm one); ``None``
        starts it cold.

    Returns
    -------
    tuple
        The result, and the executed notebook (``None`` if nothing could be written).
    """
    import nbformat
    import papermill as pm

    started = time.perf_counter()
    source = notebooks_dir / f"{name}.ipynb"
    target = safe_output_path(out_dir.parent, out_dir.name, f"{name}.ipynb")
    error, notebook = None, None
    manager = {"kernel_manager_class": kernel_manager_class} if kernel_manager_class is not None else {}
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
            **manager,
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
    """Write the HTML page of an executed notebook next to it.

    Parameters
    ----------
    notebook
        The executed notebook (nothing is written for ``None``).
    out_dir
        Its folder.
    name
        The notebook's name.
    record
        The year's provenance record (banner, footer).
    site
        The render's site (navigation).
    """
    from jusolib.core.files import write_text_atomic
    from jusolib.outputs.pages import site as pages

    if notebook is not None:
        title = f"{notebook_title(notebook)} — {record['fiscal_year_label']}{site.variant_suffix}"
        page = pages.notebook_page(
            notebook, pages.context(title, record, site.nav(record["fiscal_year"], name))
        )
        write_text_atomic(safe_output_path(out_dir.parent, out_dir.name, f"{name}.html"), page)


def _error(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"


def _write_page_or_say_why(
    notebook: Any, out_dir: Path, name: str, record: dict[str, Any], site: Site
) -> str | None:
    """Write a page; ``None`` when written, else what went wrong (the other outputs go on)."""
    try:
        write_page(notebook, out_dir, name, record, site)
    except Exception as exc:
        return _error(exc)
    return None


@dataclass(frozen=True)
class NotebookTask:
    """One notebook of one fiscal year to run, with what its page needs and the keys it is recorded under."""

    fiscal_year: int
    name: str
    out_dir: Path
    parameters: dict[str, Any]
    record: dict[str, Any]
    site: Site
    notebooks_dir: Path = NOTEBOOKS_DIR
    notebook_key: str = ""
    page_key: str = ""


def render_notebook(
    task: NotebookTask, kernel_manager_class: type | None = None
) -> tuple[NotebookResult, str | None]:
    """Execute one notebook and write its ``.ipynb`` and ``.html``; never raises on a cell error or a page that
    cannot be written.

    Parameters
    ----------
    task
        The notebook, its parameters and where its outputs go.
    kernel_manager_class
        As for :func:`execute_notebook`.

    Returns
    -------
    tuple
        The result, and why the page was not written (``None``: it was, or there was no executed notebook to
        write it from).
    """
    result, notebook = execute_notebook(
        task.fiscal_year, task.name, task.out_dir, task.parameters, task.notebooks_dir, kernel_manager_class
    )
    return result, _write_page_or_say_why(notebook, task.out_dir, task.name, task.record, task.site)


def index_entries(
    results: Sequence[NotebookResult], site: Site, page_failures: Mapping[str, str] = {}
) -> list[dict[str, Any]]:
    """The rows of a year's index: every page with its real status (a page that could not be written says so).

    Parameters
    ----------
    results
        The notebooks' results, in report order.
    site
        The render's site (titles of the pages).
    page_failures
        Pages that could not be written (``01_outcomes.html`` → why).

    Returns
    -------
    list of dict
        One row per page for :func:`jusolib.outputs.pages.site.year_index`.
    """
    from jusolib.core.wording import status_label

    entries = []
    for r in results:
        status, level = r.status_text()
        page_error = page_failures.get(f"{r.notebook}.html")
        if page_error is not None:
            status, level = f"{status_label('failed')}: ページを作成できなかった — {page_error}", "failed"
        entries.append(
            {
                "title": r.title or site.titles.get(r.notebook, r.notebook),
                "href": f"{r.notebook}.html",
                "notebook": f"{r.notebook}.ipynb",
                "status": status,
                "level": level,
                "has_html": page_error is None,
            }
        )
    return entries


def index_html(results: Sequence[NotebookResult], record: dict[str, Any], site: Site) -> str:
    """The index page of one fiscal year's report: every page with its real status.

    Parameters
    ----------
    results
        The notebooks' results, in report order.
    record
        The year's provenance record.
    site
        The render's site.

    Returns
    -------
    str
        The page's HTML.
    """
    from jusolib.outputs.pages import site as pages

    entries = index_entries(results, site)
    return pages.year_index(record["fiscal_year"], entries, record, site.nav(record["fiscal_year"], "index"))


def _run(task: NotebookTask) -> tuple[NotebookResult, str | None]:
    from jusolib.render.kernels import WarmKernelManager

    return render_notebook(task, WarmKernelManager if WarmKernelManager.server is not None else None)


def notebook_parameters(
    notebooks: Sequence[str],
    notebooks_dir: Path,
    standard: Mapping[str, Any],
    extra: Mapping[str, Any] | None = None,
) -> dict[str, dict[str, Any]]:
    """The parameters each notebook receives: ``standard`` (those of :data:`OPTION_PARAMETERS`) and ``extra``
    (``jusolib render -p NAME VALUE``), checked against the notebooks' parameters cells.

    Parameters
    ----------
    notebooks
        The notebooks to run.
    notebooks_dir
        Their folder.
    standard
        The parameters every notebook receives, with their values.
    extra
        Parameters given with ``-p``.

    Returns
    -------
    dict
        Per notebook, the parameters it declares and receives.

    Raises
    ------
    ParameterError
        For an ``extra`` name that no notebook declares (naming the valid ones), one that has its own option,
        a value unlike the notebook's default, or a notebook that lacks a standard parameter.

    Examples
    --------
    >>> standard = {"fiscal_year": 2024, "respondent_type": "自治体", "size_scheme": "population_band",
    ...             "data_dir": None, "redact": False}
    >>> notebook_parameters(["91_data_quality"], NOTEBOOKS_DIR, standard)["91_data_quality"]["fiscal_year"]
    2024
    >>> notebook_parameters(["91_data_quality"], NOTEBOOKS_DIR, standard, {"fiscal_yaer": 2024})
    Traceback (most recent call last):
    ...
    jusolib.core.errors.ParameterError: unknown parameter 'fiscal_yaer' (did you mean 'fiscal_year'?): the notebooks' parameters are fiscal_year (--fiscal-year), respondent_type (--respondent-type), size_scheme (--size-scheme), data_dir (--data-dir), redact (--redact)
    """
    from jusolib.render.sources import check_parameters, read_source

    extra = dict(extra or {})
    for name in extra:
        if name in OPTION_PARAMETERS:
            raise ParameterError(f"parameter {name!r} is set with {OPTION_PARAMETERS[name]}, not with -p")
    sources = [read_source(notebooks_dir / f"{name}.ipynb") for name in notebooks]
    return check_parameters({**standard, **extra}, sources, options=OPTION_PARAMETERS)


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
    force: bool = False,
    parameters: Mapping[str, Any] | None = None,
    warm_kernels: bool = True,
) -> RenderSummary:
    """Render every notebook for every fiscal year (default: all years with returns).

    The processed data of each year is built first (in this process), so that notebooks running in parallel
    never build it twice. Each fiscal year's ``tables.xlsx``, ``manifest.json`` and ``index.html`` are written
    after its notebooks, even when one of them failed. ``redact`` masks likely personal data in every output
    (:mod:`jusolib.clean.privacy`), written to the variant's own ``…_redacted`` folder (:func:`jusolib.outputs.pages.site.variant_folder`).

    An output whose inputs have not changed since it was written is reused (:mod:`jusolib.render.cache`);
    ``force`` renders everything. ``parameters`` are passed to the notebooks that declare them (a name none
    declares is refused). ``warm_kernels=False`` starts every kernel cold (:mod:`jusolib.render.kernels`).

    Two renders into the same reports folder never interleave: the second waits for the first (a lock file
    in the reports folder, :data:`RENDER_LOCK`), so the folder always holds one complete, consistent render.

    Parameters
    ----------
    fiscal_years
        The years (any form), or ``None`` for every year with returns.
    respondent_type
        自治体 or 社協.
    size_scheme
        The size scheme.
    data_dir
        The data folder (``None``: ``$JUSOLIB_DATA_DIR`` or the shipped data).
    jobs
        Notebooks run at once.
    reports
        The reports folder (``None``: ``$JUSOLIB_REPORTS_DIR`` or ``reports/``).
    notebooks
        The notebooks to render.
    progress
        Show a progress bar.
    notebooks_dir
        Where the notebooks are.
    redact
        Mask likely personal data.
    force
        Render every output, reusing none.
    parameters
        More parameters for the notebooks that declare them (``-p``).
    warm_kernels
        Fork kernels from a warm process (``False``: start each cold).

    Returns
    -------
    RenderSummary
        Every notebook's result, every output's state, the outputs that failed.
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
    extra = dict(parameters or {})
    standard = {
        "fiscal_year": years[0],
        "respondent_type": respondent_type,
        "size_scheme": size_scheme,
        "data_dir": data_dir,
        "redact": redact,
    }
    notebook_parameters(notebooks, notebooks_dir, standard, extra)  # refuse before anything is built
    root = reports_dir(reports)
    if root.exists() and not root.is_dir():
        raise ParameterError(f"reports folder {root}: is a file, expected a directory")

    def waiting() -> None:
        print(f"another jusolib render is writing into {root}; waiting for it to finish …", file=sys.stderr)

    options = RenderOptions(
        respondent_type,
        size_scheme,
        data_dir,
        jobs,
        progress,
        notebooks_dir,
        redact,
        force,
        extra,
        warm_kernels,
    )
    with exclusive_lock(root / RENDER_LOCK, waiting=waiting):
        return _render(years, notebooks, root, options)


def check_notebooks(names: Sequence[str], notebooks_dir: Path | None = None) -> list[str]:
    """The notebook names, checked: each a plain name with a notebook in the notebooks' folder.

    Parameters
    ----------
    names
        The notebooks asked for.
    notebooks_dir
        Their folder (default :data:`~jusolib.core.paths.NOTEBOOKS_DIR`, looked up when called).

    Returns
    -------
    list of str
        The names.

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


@dataclass(frozen=True)
class RenderOptions:
    """How :func:`render` was asked to render (after its checks)."""

    respondent_type: str
    size_scheme: str
    data_dir: str | None
    jobs: int
    progress: bool
    notebooks_dir: Path
    redact: bool
    force: bool = False
    parameters: dict[str, Any] = field(default_factory=dict)
    warm_kernels: bool = True


@dataclass
class YearPlan:
    """What one fiscal year's render does: which notebooks run, which outputs are reused, where they go."""

    fiscal_year: int
    report: Any
    record: dict[str, Any]
    parts: list[str]
    out_dir: Path
    state: RenderState
    #: Reused notebooks' results, by notebook.
    reused: dict[str, NotebookResult] = field(default_factory=dict)
    #: Notebooks to run.
    tasks: list[NotebookTask] = field(default_factory=list)
    #: Reused notebooks whose page must be written again (its navigation or footer changed).
    pages: list[NotebookTask] = field(default_factory=list)
    #: tables.xlsx and slides.pptx with their keys, when they must be written.
    writes: dict[str, str] = field(default_factory=dict)
    #: Every output file with what happened to it: rendered, reused, failed.
    outputs: dict[str, str] = field(default_factory=dict)
    failures: dict[str, str] = field(default_factory=dict)

    def written(self, file: str, key: str, **extra: Any) -> None:
        """Note an output written (and keep its key in the folder's render state).

        Parameters
        ----------
        file
            The file, in the year's folder.
        key
            Its key (:mod:`jusolib.render.cache`).
        **extra
            Kept with it (a notebook's result).
        """
        self.outputs[file] = "rendered"
        self.state.record(file, key, **extra)

    def failed(self, file: str, error: str) -> None:
        """Note an output that could not be written (it will be rendered again next time).

        Parameters
        ----------
        file
            The file, in the year's folder.
        error
            Why, as the index and the manifest name it.
        """
        self.outputs[file] = "failed"
        self.failures[file] = error
        self.state.forget(file)


def _plan_year(
    year: int,
    notebooks: list[str],
    root: Path,
    options: RenderOptions,
    site: Site | None,
    environment: dict[str, Any],
    sources: dict[str, Any],
    all_years: list[int],
) -> tuple[YearPlan, Site]:
    """Load a fiscal year, work out every output's key, and decide what must be rendered."""
    from jusolib.clean.pipeline import ensure_built
    from jusolib.core.wording import scheme_label
    from jusolib.outputs.pages import site as pages
    from jusolib.render import cache
    from jusolib.report import YearReport

    data_dir = options.data_dir
    ensure_built(year, data_dir)
    report = YearReport.load(
        year,
        respondent_type=options.respondent_type,
        size_scheme=options.size_scheme,
        data_dir=data_dir,
        redact=options.redact,
        # `-p names_in_rankings True` names the municipalities in the 05 notebook's ranking (its parameter) and
        # in the workbook's sheet of it too (issue 22: off by default, as the published report names none)
        names_in_rankings=bool(options.parameters.get("names_in_rankings", False)),
    )
    if site is None:
        key = report.respondent_key
        site = Site(
            root,
            key,
            options.size_scheme,
            sorted(
                set(all_years) | set(pages.rendered_years(root, key, options.size_scheme, options.redact))
            ),
            notebooks,
            {name: source.title or name for name, source in sources.items()},
            f"{report.respondent_label}・{scheme_label(options.size_scheme)}"
            + ("・伏せ字" if options.redact else ""),
            options.redact,
        )
    parts = year_folder_parts(year, report.respondent_key, options.size_scheme, options.redact)
    out_dir = safe_output_path(root, *parts)
    out_dir.mkdir(parents=True, exist_ok=True)
    provenance = report.provenance()
    record = {
        **provenance,
        "notebooks_rendered": notebooks,
        "variant": {
            "respondent_type": report.respondent_key,
            "size_scheme": options.size_scheme,
            "folder": "/".join(parts),
        },
    }
    plan = YearPlan(year, report, record, parts, out_dir, RenderState.load(out_dir, force=options.force))
    paths = data_paths(data_dir)
    earlier = [y for y in paths.fiscal_years() if y < year]
    # the notebooks that compare years read the earlier ones: build them here, once, not in a kernel
    for before in earlier:
        try:
            ensure_built(before, data_dir)
        except JusolibError:  # the notebook that reads it will say what is wrong with it
            pass
    codebook = report.codebook
    inputs = cache.YearInputs(
        paths, year, earlier, {s: codebook.item_ids(s) for s in codebook.sections.index}
    )
    standard = {
        "fiscal_year": year,
        "respondent_type": options.respondent_type,
        "size_scheme": options.size_scheme,
        "data_dir": data_dir,
        "redact": options.redact,
    }
    received = notebook_parameters(notebooks, options.notebooks_dir, standard, options.parameters)
    for name in notebooks:
        parameters = received[name]
        notebook_key = cache.digest_of(
            {
                "notebook": sources[name].digest,
                "parameters": parameters,
                "data": str(paths.root),
                "inputs": inputs.digests(name),
                "environment": environment,
            }
        )
        title = f"{sources[name].title} — {record['fiscal_year_label']}{site.variant_suffix}"
        page_key = cache.digest_of(
            {
                "notebook": notebook_key,
                "page": pages.context(title, record, site.nav(year, name)),
                "environment": environment,
            }
        )
        task = NotebookTask(
            year, name, out_dir, parameters, record, site, options.notebooks_dir, notebook_key, page_key
        )
        reused = _reused_result(year, name, plan.state.reusable(f"{name}.ipynb", notebook_key))
        if reused is None:
            plan.tasks.append(task)
            continue
        plan.reused[name] = reused
        plan.outputs[f"{name}.ipynb"] = "reused"
        if plan.state.reusable(f"{name}.html", page_key) is None:
            plan.pages.append(task)
        else:
            plan.outputs[f"{name}.html"] = "reused"
    for file in ("tables.xlsx", "slides.pptx"):
        key = cache.digest_of(
            {
                "output": file,
                "inputs": inputs.digests(file),
                "provenance": provenance,
                "data": str(paths.root),
                "environment": environment,
            }
        )
        if plan.state.reusable(file, key) is None:
            plan.writes[file] = key
        else:
            plan.outputs[file] = "reused"
    return plan, site


def _reused_result(fiscal_year: int, name: str, entry: dict[str, Any] | None) -> NotebookResult | None:
    """The result of a notebook as the render state kept it, when it ran without error (``None``: run it)."""
    kept = entry.get("result") if entry is not None else None
    if not isinstance(kept, dict) or kept.get("ok") is not True:
        return None
    try:
        return NotebookResult(
            fiscal_year,
            name,
            True,
            float(kept.get("seconds", 0.0)),
            str(kept.get("title", "")),
            status=[str(s) for s in kept.get("status", [])],
            good=bool(kept.get("good", False)),
            reused=True,
        )
    except (TypeError, ValueError):  # a state written by hand or by another version: run the notebook
        return None


def _render(years: list[int], notebooks: list[str], root: Path, options: RenderOptions) -> RenderSummary:
    """The body of :func:`render`, run while holding the reports folder's lock."""
    import contextlib

    from jusolib.render import cache, kernels
    from jusolib.render.sources import read_source

    summary = RenderSummary()
    environment = cache.environment(KERNEL)
    sources = {name: read_source(options.notebooks_dir / f"{name}.ipynb") for name in notebooks}
    plans: list[YearPlan] = []
    site: Site | None = None
    for year in years:
        plan, site = _plan_year(year, notebooks, root, options, site, environment, sources, years)
        plans.append(plan)
        summary.output_dirs[year] = plan.out_dir
    assert site is not None
    tasks = [task for plan in plans for task in plan.tasks]
    by_year = {plan.fiscal_year: plan for plan in plans}

    def side_work() -> None:
        """What needs no notebook: the free-text coding the section notebooks read (first), pages of reused
        notebooks whose navigation or footer changed, workbooks and decks."""
        for plan in plans:
            if plan.tasks or plan.writes:
                # a failure here is for the notebooks and writers that need the coding to report
                with contextlib.suppress(Exception):
                    _ = plan.report.coded_free_text
        for plan in plans:
            for task in plan.pages:
                _rewrite_page(plan, task)
            for file, key in plan.writes.items():
                target = safe_output_path(root, *plan.parts, file)
                try:
                    if file == "tables.xlsx":
                        plan.report.write_workbook(target)
                    else:
                        plan.report.write_slides(target)
                except Exception as exc:
                    plan.failed(file, _error(exc))
                else:
                    plan.written(file, key)

    def finished(task: NotebookTask, result: NotebookResult, page_error: str | None) -> None:
        """Record a notebook that ran and its page (in the render state, so a stopped render resumes here)."""
        plan = by_year[task.fiscal_year]
        if result.ok:
            plan.written(f"{task.name}.ipynb", task.notebook_key, result=result.record())
        else:
            plan.outputs[f"{task.name}.ipynb"] = "rendered"
            plan.state.forget(f"{task.name}.ipynb")
        if page_error is not None:
            plan.failed(f"{task.name}.html", page_error)
        elif (task.out_dir / f"{task.name}.html").is_file() and result.ok:
            plan.written(f"{task.name}.html", task.page_key)
        else:
            plan.outputs[f"{task.name}.html"] = "rendered"
            plan.state.forget(f"{task.name}.html")

    context = (
        kernels.warm_kernels(
            KERNEL,
            str(options.notebooks_dir),
            enabled=options.warm_kernels,
            spares=len(tasks) - 1 if options.jobs <= 1 else 0,
        )
        if tasks
        else contextlib.nullcontext(None)
    )
    with context as manager:
        results = _execute(
            tasks,
            options.jobs,
            options.progress,
            meanwhile=side_work,
            finished=finished,
            kernel_manager_class=manager,
        )
    for plan in plans:
        year_results = sorted(
            [*(r for r in results if r.fiscal_year == plan.fiscal_year), *plan.reused.values()],
            key=lambda r: notebooks.index(r.notebook),
        )
        _write_year_index(plan, year_results, site, environment)
        _write_manifest(plan, year_results, site)
        summary.results += year_results
        summary.outputs[plan.fiscal_year] = dict(sorted(plan.outputs.items()))
        summary.output_failures += [
            OutputFailure(plan.fiscal_year, file, error) for file, error in sorted(plan.failures.items())
        ]
    error = _write_site_index(root, environment)
    if error is not None:
        summary.output_failures.append(OutputFailure(None, "index.html", error))
    return summary


def _rewrite_page(plan: YearPlan, task: NotebookTask) -> None:
    """Write again the page of a reused notebook (its navigation or footer changed, or the page is missing)."""
    import nbformat

    try:
        notebook = nbformat.read(task.out_dir / f"{task.name}.ipynb", as_version=4)
        write_page(notebook, task.out_dir, task.name, task.record, task.site)
    except Exception as exc:
        plan.failed(f"{task.name}.html", _error(exc))
    else:
        plan.written(f"{task.name}.html", task.page_key)


def _write_year_index(
    plan: YearPlan, results: list[NotebookResult], site: Site, environment: dict[str, Any]
) -> None:
    """The year's index (reused when what it shows has not changed)."""
    from jusolib.core.files import write_text_atomic
    from jusolib.outputs.pages import site as pages
    from jusolib.render import cache

    failures = [
        {"file": f.file, "label": f.label(), "error": f.error}
        for f in (
            OutputFailure(plan.fiscal_year, file, error) for file, error in sorted(plan.failures.items())
        )
        if not f.file.endswith(".html")
    ]
    page_failures = {file: error for file, error in plan.failures.items() if file.endswith(".html")}
    entries = index_entries(results, site, page_failures)
    nav = site.nav(plan.fiscal_year, "index")
    key = cache.digest_of(
        {
            "index": pages.year_index_values(plan.fiscal_year, entries, plan.record, nav, failures),
            "environment": environment,
        }
    )
    if plan.state.reusable("index.html", key) is not None:
        plan.outputs["index.html"] = "reused"
        return
    try:
        html = pages.year_index(plan.fiscal_year, entries, plan.record, nav, failures)
        write_text_atomic(safe_output_path(plan.out_dir.parent, plan.out_dir.name, "index.html"), html)
    except Exception as exc:
        plan.failed("index.html", _error(exc))
    else:
        plan.written("index.html", key)


def _write_manifest(plan: YearPlan, results: list[NotebookResult], site: Site) -> None:
    """``manifest.json``: the provenance, every notebook's status, every output and whether it was reused."""
    from jusolib.core.files import write_text_atomic
    from jusolib.render.cache import reads

    def read_by(file: str) -> list[str]:
        output = (
            file.rsplit(".", 1)[0] if file.endswith((".ipynb", ".html")) and file != "index.html" else file
        )
        return (
            list(reads(output)) if output in site.notebooks or file in ("tables.xlsx", "slides.pptx") else []
        )

    outputs = [
        {
            "file": file,
            "state": state,
            **({"error": plan.failures[file]} if file in plan.failures else {}),
            **({"reads": read_by(file)} if read_by(file) else {}),
        }
        for file, state in sorted(plan.outputs.items())
    ]
    manifest = {
        **plan.record,
        "notebooks": [
            {
                "notebook": r.notebook,
                "title": r.title or site.titles.get(r.notebook, r.notebook),
                "ok": r.ok,
                "error": r.error,
                "failed_cell": r.failed_cell,
                "status": r.status,
                "good": r.good,
                "reused": r.reused,
            }
            for r in results
        ],
        "outputs": outputs,
        "reused": sorted(file for file, state in plan.outputs.items() if state == "reused"),
    }
    try:
        write_text_atomic(
            safe_output_path(plan.out_dir.parent, plan.out_dir.name, "manifest.json"),
            json.dumps(manifest, ensure_ascii=False, indent=2) + "\n",
        )
    except Exception as exc:
        plan.failed("manifest.json", _error(exc))


def _write_site_index(root: Path, environment: dict[str, Any]) -> str | None:
    """``reports/index.html`` (reused when what it shows has not changed); why it failed, if it did."""
    from jusolib.core.files import write_text_atomic
    from jusolib.outputs.pages import site as pages
    from jusolib.render import cache

    state = RenderState.load(root)
    try:
        key = cache.digest_of({"index": pages.site_index_values(root), "environment": environment})
        if state.reusable("index.html", key) is not None:
            return None
        write_text_atomic(root / "index.html", pages.site_index(root))
        state.record("index.html", key)
    except Exception as exc:
        return _error(exc)
    return None


def _execute(
    tasks: list[NotebookTask],
    jobs: int,
    progress: bool,
    meanwhile: Callable[[], None],
    finished: Callable[[NotebookTask, NotebookResult, str | None], None] | None = None,
    kernel_manager_class: type | None = None,
) -> list[NotebookResult]:
    """Run the notebook tasks and, while the kernels work, ``meanwhile`` (which needs no notebook); call
    ``finished`` as each notebook's page is written (or could not be).

    One job: the notebooks run one after another here and ``meanwhile`` and the pages in a thread (no process is
    forked). Several jobs: the worker processes are forked first, then ``meanwhile`` runs in this thread.
    """
    results: list[NotebookResult] = []
    if not tasks:
        meanwhile()
        return results
    from tqdm.auto import tqdm

    def done(task: NotebookTask, result: NotebookResult, page_error: str | None) -> None:
        if finished is not None:
            finished(task, result, page_error)

    bar = tqdm(total=len(tasks), desc="rendering", unit="notebook", disable=not progress)
    if jobs <= 1:
        # One notebook runs at a time; pages and workbooks are written by a thread while the next kernel works.
        # That thread holds the GIL for long stretches, and the kernel waits for this thread's client to answer
        # each message: with Python's default switch interval (5 ms) a notebook of 15 cells lost about 0.5 s.
        switch_interval = sys.getswitchinterval()
        sys.setswitchinterval(min(switch_interval, CLIENT_SWITCH_INTERVAL))

        def page(task: NotebookTask, result: NotebookResult, notebook: Any) -> None:
            done(
                task,
                result,
                _write_page_or_say_why(notebook, task.out_dir, task.name, task.record, task.site),
            )

        try:
            with ThreadPoolExecutor(max_workers=1) as background:
                side: list[Future[None]] = [background.submit(meanwhile)]
                for task in tasks:
                    result, notebook = execute_notebook(
                        task.fiscal_year,
                        task.name,
                        task.out_dir,
                        task.parameters,
                        task.notebooks_dir,
                        kernel_manager_class,
                    )
                    side.append(background.submit(page, task, result, notebook))
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
            running = {pool.submit(_run, task): task for task in tasks}
            meanwhile()
            for ended in as_completed(running):
                result, page_error = ended.result()
                done(running[ended], result, page_error)
                results.append(result)
                bar.update()
    bar.close()
    return results


def refresh_notebooks(names: Sequence[str] = NOTEBOOKS + EXAMPLES) -> list[Path]:
    """Execute the committed notebooks in place with their default parameters (FY2024), without timing metadata.

    The committed notebooks carry these outputs so that they can be read on GitHub and checked by nbval. They
    must never carry real answers (free text included): this refuses to run unless the default data directory
    holds the synthetic returns — unset ``JUSOLIB_DATA_DIR`` first.

    Parameters
    ----------
    names
        The notebooks to execute.

    Returns
    -------
    list of Path
        The notebooks written.

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
