"""The survey folder of a fiscal year: its MANIFEST (what the data is, which file replaces which) and its files.

Examples
--------
>>> read_manifest(2024)["data_status"]
'synthetic'
>>> files, skipped = survey_files(2024)
>>> sorted(p.suffix for p in files), skipped
(['.csv', '.xlsx'], [])
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jusolib.core.docstrings import shared_parameters
from jusolib.core.errors import InputFileError, Problem, file_error
from jusolib.core.fiscal import FiscalYearLike, fiscal_year_label, parse_fiscal_year
from jusolib.core.paths import DataDir, data_paths
from jusolib.core.status import DataStatus
from jusolib.io.read import RETURN_SUFFIXES

MANIFEST_FILE = "MANIFEST.yaml"
#: Files in a survey folder that are documentation, not returns.
_NOT_RETURNS = {MANIFEST_FILE.lower(), "corrections.yaml", "readme.md", "readme.txt"}


@shared_parameters
def read_manifest(fiscal_year: FiscalYearLike, data_dir: DataDir = None) -> dict[str, Any]:
    """The MANIFEST of a survey folder, with ``data_status`` one of synthetic / real / unknown.

    A folder without a MANIFEST gets ``data_status: unknown`` (reports then say the provenance is not recorded).

    Returns
    -------
    dict
        Every key of ``raw/survey/FYxxxx/MANIFEST.yaml`` as written (``fiscal_year``, ``title``,
        ``supersedes`` …), ``data_status`` (``"unknown"`` when not given) and ``path`` (the MANIFEST's path,
        ``None`` without one).

    Raises
    ------
    InputFileError
        ``bad_manifest`` for a MANIFEST that is not UTF-8 YAML or whose ``data_status`` is not one of
        synthetic / real / unknown; ``fiscal_year_contradicts_folder`` when its ``fiscal_year`` is not the
        folder's.

    Examples
    --------
    >>> read_manifest(2024)["data_status"]
    'synthetic'
    """
    path = data_paths(data_dir).survey_dir(fiscal_year) / MANIFEST_FILE
    if not path.is_file():
        return {"data_status": "unknown", "path": None}
    try:
        import yaml

        manifest = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise file_error(str(path), f"a UTF-8 YAML manifest ({exc})", "bad_manifest") from exc
    status = manifest.get("data_status", "unknown")
    if status not in {s.value for s in DataStatus}:
        raise InputFileError(
            [
                Problem(
                    str(path),
                    None,
                    "data_status",
                    status,
                    f"one of {[s.value for s in DataStatus]}",
                    "bad_manifest",
                )
            ]
        )
    manifest_year = manifest.get("fiscal_year")
    if manifest_year is not None and parse_fiscal_year(manifest_year) != parse_fiscal_year(fiscal_year):
        raise InputFileError(
            [
                Problem(
                    str(path),
                    None,
                    "fiscal_year",
                    manifest_year,
                    f"{fiscal_year_label(fiscal_year)}, the folder's fiscal year",
                    "fiscal_year_contradicts_folder",
                )
            ]
        )
    return {**manifest, "data_status": status, "path": path}


@shared_parameters
def survey_files(fiscal_year: FiscalYearLike, data_dir: DataDir = None) -> tuple[list[Path], list[Problem]]:
    """Return files of a fiscal year (sorted by name) and warnings about files that were skipped.

    Excel's lock files (``~$…``) and hidden files are skipped silently; so are the folder's documentation
    (``MANIFEST.yaml``, ``corrections.yaml``, ``README.md``/``.txt``) and sub-folders; other files that are no
    return (not one of :data:`~jusolib.io.read.RETURN_SUFFIXES`) with a warning.

    Returns
    -------
    tuple
        ``(files, skipped)``: the paths of the return files, sorted by name, and one ``ignored_file`` warning
        per other file (named relative to the data directory).

    Raises
    ------
    InputFileError
        ``missing_survey_folder`` when ``raw/survey/FYxxxx`` does not exist.
    """
    folder = data_paths(data_dir).survey_dir(fiscal_year)
    if not folder.is_dir():
        raise file_error(
            str(folder),
            f"a folder of return files for {fiscal_year_label(fiscal_year)}",
            "missing_survey_folder",
        )
    files, skipped = [], []
    for path in sorted(folder.iterdir()):
        name = path.name
        if not path.is_file() or name.startswith((".", "~$")) or name.lower() in _NOT_RETURNS:
            continue
        if path.suffix.lower() in RETURN_SUFFIXES:
            files.append(path)
        else:
            expected = f"a return file ({', '.join(RETURN_SUFFIXES)}); this file was ignored"
            skipped.append(Problem.whole_file(data_paths(data_dir).relative(path), expected, "ignored_file"))
    return files, skipped
