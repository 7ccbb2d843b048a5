"""Where a report's numbers came from: data files and their hashes, parameters, package versions, commit.

The same record feeds the Excel workbook's 出典 sheet, the footer of every HTML page and ``manifest.json``.
Nothing in it depends on the clock, so regenerating from the same inputs and commit gives the same bytes.

Examples
--------
>>> record = provenance_record(2024, {"respondent_type": "自治体"})
>>> record["data_status"], record["fiscal_year_label"]
('synthetic', '令和6年度 (2024)')
"""

from __future__ import annotations

import functools
import subprocess
from typing import Any

from jusolib.analysis.cache import cached
from jusolib.analysis.free_text import theme_book
from jusolib.analysis.year_data import YearData
from jusolib.core.docstrings import shared_parameters
from jusolib.core.fiscal import FiscalYearLike
from jusolib.core.paths import REPO_ROOT, DataDir

#: Packages whose versions shape the numbers or the charts.
KEY_PACKAGES = (
    "jusolib",
    "pandas",
    "numpy",
    "scipy",
    "matplotlib",
    "seaborn",
    "matplotlib-fontja",
    "openpyxl",
    "papermill",
    "nbconvert",
    "python-pptx",
)


def _git(*args: str) -> str:
    if REPO_ROOT is None:  # installed from a wheel: no repository to ask
        raise OSError("not in a source checkout")
    return subprocess.run(
        ["git", *args], cwd=REPO_ROOT, capture_output=True, text=True, check=True, timeout=10
    ).stdout.strip()


@functools.lru_cache(maxsize=1)
def git_commit() -> str:
    """The repository's commit (with ``+dirty`` when tracked files changed), or ``unknown`` outside git.

    Asked once per process (the answer is kept): a report rendered from a checkout names the code it was made
    with; one rendered from an installed wheel says ``unknown``.

    Returns
    -------
    str
        The 40-hex commit of ``HEAD``, followed by ``+dirty`` when tracked files differ from it; ``"unknown"``
        when there is no repository or git cannot be run.
    """
    try:
        commit = _git("rev-parse", "HEAD")
        dirty = _git("status", "--porcelain", "--untracked-files=no")
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return f"{commit}+dirty" if dirty else commit


def package_versions() -> dict[str, str]:
    """Installed versions of :data:`KEY_PACKAGES`.

    Returns
    -------
    dict of str to str
        Package name → its installed version, in the order of :data:`KEY_PACKAGES`; ``"not installed"`` for a
        package that is not.

    Examples
    --------
    >>> versions = package_versions()
    >>> list(versions) == list(KEY_PACKAGES), versions["pandas"] != "not installed"
    (True, True)
    """
    # imported here, not with the module: it costs what importing jusolib.notebook has to spare
    from importlib import metadata

    versions = {}
    for name in KEY_PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return versions


@shared_parameters
def provenance_record(
    fiscal_year: FiscalYearLike, parameters: dict[str, Any], data_dir: DataDir = None
) -> dict[str, Any]:
    """The provenance record of a fiscal year's report (see the module docstring).

    Reads the build summary of the year's processed data (building it first when it is missing or stale).

    Parameters
    ----------
    parameters
        The report's parameters as they are to be recorded (respondent type, size scheme …); copied.

    Returns
    -------
    dict
        ``fiscal_year``, ``fiscal_year_label``, ``data_status`` and ``data_status_label``,
        ``codebook_demonstration``, ``inputs`` (data file → SHA-256), ``processed_outputs``, ``parameters``,
        ``packages`` (:func:`package_versions`) and ``commit`` (:func:`git_commit`).
    """
    from jusolib.clean.pipeline import load_build_summary

    summary = load_build_summary(fiscal_year, data_dir)
    return {
        "fiscal_year": summary["fiscal_year"],
        "fiscal_year_label": summary["fiscal_year_label"],
        "data_status": summary["data_status"],
        "data_status_label": summary["data_status_label"],
        "codebook_demonstration": summary["codebook_demonstration"],
        "inputs": summary["inputs"],
        "processed_outputs": summary["outputs"],
        "parameters": dict(parameters),
        "packages": package_versions(),
        "commit": git_commit(),
    }


@cached
@shared_parameters
def provenance(year: YearData) -> dict[str, Any]:
    """The provenance record: data status, parameters, input files with SHA-256, package versions, commit.

    :func:`provenance_record` of the year's parameters; when the year has free-text coding rules, the rules
    file and the hand-coded samples they are checked against join the inputs, and the analyser
    (:func:`~jusolib.analysis.coding.analyser_description`) joins the parameters.

    Returns
    -------
    dict
        The record as :func:`provenance_record` gives it, with the coding rules' files and analyser added.

    Examples
    --------
    >>> report.provenance()["data_status"]
    'synthetic'
    """
    record = provenance_record(year.fiscal_year, year.parameters(), year.data_dir)
    record["report_source"] = report_source(year)
    # 報告書 when the codebook names the published report; 調査 when it names none (a year not yet reported)
    record["report_source_label"] = "報告書" if year.codebook.meta.get("source_id") else "調査"
    book = theme_book(year)
    if book is not None:  # the coding rules shape the theme tables: name them and the analyser
        from jusolib.analysis.coding import analyser_description
        from jusolib.analysis.rule_check import sample_paths
        from jusolib.core.files import sha256_file
        from jusolib.core.paths import data_paths

        paths = data_paths(year.data_dir)
        record["inputs"] = {  # the rules, and the hand-coded samples the pages' 方法 checks them against
            **record["inputs"],
            **{
                paths.relative(p): sha256_file(p)
                for p in [book.path, *sample_paths(year.fiscal_year, year.data_dir)]
            },
        }
        record["parameters"] = {**record["parameters"], "free_text_analyser": analyser_description()}
    return record


@shared_parameters
def report_source(year: YearData) -> str:
    """The published report the survey belongs to, as a citation (the codebook's ``source_id`` in the reference
    sources), or the survey's name when the codebook names no known source.

    Returns
    -------
    str
        The citation.

    Examples
    --------
    >>> report_source(report).startswith("東京都社会福祉協議会 地域福祉部「都内実施地区向けアンケート調査結果等")
    True
    """
    from jusolib.survey.reference import load_sources

    sources = load_sources(year.data_dir).set_index("source_id")
    source_id = year.codebook.meta.get("source_id")
    if source_id in sources.index:
        return str(sources.at[source_id, "citation"])
    return str(year.codebook.meta.get("survey", ""))
