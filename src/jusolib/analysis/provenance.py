"""Where a report's numbers came from: data files and their hashes, parameters, package versions, commit.

The same record feeds the Excel workbook's 出典 sheet, the footer of every HTML page and ``manifest.json``.
Nothing in it depends on the clock, so regenerating from the same inputs and commit gives the same bytes.

Examples
--------
>>> record = provenance(2024, {"respondent_type": "自治体"})
>>> record["data_status"], record["fiscal_year_label"]
('synthetic', '令和6年度 (2024)')
"""

from __future__ import annotations

import functools
import subprocess
from importlib import metadata
from typing import Any

from jusolib.core.paths import REPO_ROOT

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
    return subprocess.run(
        ["git", *args], cwd=REPO_ROOT, capture_output=True, text=True, check=True, timeout=10
    ).stdout.strip()


@functools.lru_cache(maxsize=1)
def git_commit() -> str:
    """The repository's commit (with ``+dirty`` when tracked files changed), or ``unknown`` outside git."""
    try:
        commit = _git("rev-parse", "HEAD")
        dirty = _git("status", "--porcelain", "--untracked-files=no")
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return f"{commit}+dirty" if dirty else commit


def package_versions() -> dict[str, str]:
    """Installed versions of :data:`KEY_PACKAGES`."""
    versions = {}
    for name in KEY_PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return versions


def provenance(fiscal_year: object, parameters: dict[str, Any], data_dir: object = None) -> dict[str, Any]:
    """The provenance record of a fiscal year's report (see the module docstring)."""
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
