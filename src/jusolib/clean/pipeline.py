"""Build and load the processed data of a fiscal year: ``data/raw/survey/FYxxxx`` → ``data/processed/FYxxxx``.

:func:`build_fiscal_year` reads every return file of the year, cleans it (:mod:`jusolib.clean.cleaner`) and writes

==================== ======================================================================================
``responses.csv``    tidy answers, one row per (fiscal_year, respondent_type, muni_code, item_id)
``free_text.csv``    「具体的な内容」 answers
``respondents.csv``  who answered, and from which file and row
``cleaning_log.csv`` every value the cleaner changed
``rejection_log.csv`` every row it could not use, with the reason
``build.json``       row accounting per file, warnings, expected vs present respondents, input and output
                     hashes, and whether the data is synthetic (合成データ)
==================== ======================================================================================

Files are written atomically and deterministically (same inputs → byte-identical files). Nothing is ever
written under ``raw/``. The loaders (:func:`load_responses` …) rebuild first when the processed data is
missing or was built from other inputs (compared by SHA-256, not by file times).

Examples
--------
>>> responses = load_responses(2024, respondent_type="自治体")
>>> responses["muni_code"].nunique()
23
>>> (responses.query("item_id == 'out_participation'")["answer"] == "あてはまる").sum()
np.int64(19)
"""

from __future__ import annotations

import contextlib
import functools
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from jusolib.core.docstrings import shared_parameters
from jusolib.core.errors import InputFileError, JusolibError, Problem
from jusolib.core.files import (
    csv_bytes,
    exclusive_lock,
    sha256_bytes,
    sha256_file,
    write_bytes_atomic,
    write_text_atomic,
)
from jusolib.core.fiscal import FiscalYearLike, fiscal_year_label, folder_name, parse_fiscal_year
from jusolib.core.paths import PACKAGE_DIR, DataDir, DataPaths, data_paths
from jusolib.core.status import DataStatus
from jusolib.core.version import VERSION as __version__
from jusolib.io.manifest import MANIFEST_FILE, read_manifest, survey_files
from jusolib.survey.codebook import Codebook, codebook_path, load_codebook
from jusolib.survey.reference import (
    CONTEXT_FILE,
    DEFAULT_POPULATION_SERIES,
    IMPLEMENTATION_FILE,
    MUNICIPALITIES_FILE,
    POPULATION_SERIES,
    VARIANTS_FILE,
    implementing_codes,
    load_municipalities,
    municipality_resolver,
)

if TYPE_CHECKING:  # the cleaner (and yaml) load only when a build runs, not when fresh data is loaded
    from jusolib.clean.tidy import CleanResult

BUILD_FILE = "build.json"
OUTPUT_FILES = ("respondents.csv", "responses.csv", "free_text.csv", "cleaning_log.csv", "rejection_log.csv")
#: Modules whose code shapes the processed data; a change to any of them triggers a rebuild.
_PIPELINE_MODULES = (
    "clean/pipeline.py",
    "clean/cleaner.py",
    "io/column_map.py",
    "clean/tidy.py",
    "io/limits.py",
    "io/read.py",
    "survey/codebook.py",
    "survey/reference.py",
    "core/normalize.py",
    "core/fiscal.py",
    "clean/privacy.py",
    "io/form_layout.py",
    "io/form_reader.py",
    "clean/collection.py",
    "clean/corrections.py",
    "io/raw.py",
)


def _paths(data_dir: DataDir) -> DataPaths:
    return data_paths(data_dir)


@functools.lru_cache(maxsize=1)
def pipeline_fingerprint() -> str:
    """SHA-256 over the source of the modules that shape processed data (plus the package version).

    A change to any of these modules (or a new version) makes every processed folder stale: :func:`is_fresh`
    compares it with the one in ``build.json``.

    Returns
    -------
    str
        The hex digest, computed once per process.
    """
    here = PACKAGE_DIR
    data = __version__.encode() + b"".join((here / m).read_bytes() for m in _PIPELINE_MODULES)
    return sha256_bytes(data)


def _reference_files(paths: DataPaths) -> list[Path]:
    return [
        paths.reference_dir / f
        for f in (MUNICIPALITIES_FILE, IMPLEMENTATION_FILE, VARIANTS_FILE, CONTEXT_FILE)
    ]


@shared_parameters
def input_fingerprints(fiscal_year: FiscalYearLike, data_dir: DataDir = None) -> dict[str, str]:
    """SHA-256 of every input of a fiscal year's build, keyed by path relative to the data directory.

    The inputs: the return files, the MANIFEST and ``corrections.yaml`` when present, the codebook and the
    reference files.

    Returns
    -------
    dict of str
        Path relative to the data directory (``"raw/survey/FY2024/r.csv"``) → hex digest of its bytes.
    """
    paths = _paths(data_dir)
    files, _ = survey_files(fiscal_year, paths)
    manifest = paths.survey_dir(fiscal_year) / MANIFEST_FILE
    corrections = paths.survey_dir(fiscal_year) / "corrections.yaml"
    inputs = [
        *files,
        *([manifest] if manifest.is_file() else []),
        *([corrections] if corrections.is_file() else []),
        codebook_path(fiscal_year, paths),
        *_reference_files(paths),
    ]
    return {paths.relative(p): sha256_file(p) for p in inputs if p.is_file()}


# -- build ---------------------------------------------------------------------------------------------------
@dataclass
class BuildResult:
    """What one build did: the clean data, the summary written to ``build.json``, and where it went."""

    fiscal_year: int
    clean: CleanResult
    summary: dict[str, Any]
    output_dir: Path
    warnings: list[Problem] = field(default_factory=list)


def _problem_record(problem: Problem) -> dict[str, Any]:
    record: dict[str, Any] = {
        "kind": problem.kind,
        "file": problem.file,
        "row": problem.row,
        "column": problem.column,
        "value": None if problem.value is None else str(problem.value),
        "message": str(problem),
    }
    if problem.details:
        record["params"] = problem.params
    return record


def _set_aside_warning(problem: Problem) -> Problem:
    """The build warning for a file set aside with ``--keep-going`` (it could not be read, or has a problem of
    its own), naming the problem in English and, for the 91 page, in Japanese."""
    from jusolib.core.wording import reason_label

    file = problem.file.split(", sheet ")[0].split(" [")[0]
    return Problem(
        file,
        None,
        None,
        problem.kind,
        f"a file that is read; it was set aside (--keep-going) and none of it is in the data: {problem}",
        "file_set_aside",
        details=(("reason", reason_label(f"{problem.kind}: expected {problem.expected}")),),
    )


def _respondent_check(
    clean: CleanResult, codebook: Codebook, year: int, paths: DataPaths
) -> tuple[dict, list[Problem]]:
    expected = implementing_codes(year, paths)
    resolver = municipality_resolver(paths)
    report, warnings = {}, []
    for kind in codebook.respondent_types.index:
        present = set(clean.respondents.loc[clean.respondents["respondent_type"] == kind, "muni_code"])
        missing = sorted(set(expected) - present)
        unexpected = sorted(present - set(expected))
        label = codebook.respondent_type_label(kind)
        report[kind] = {
            "label": label,
            "expected": len(expected),
            "present": len(present),
            "missing": [f"{resolver.name(c)} ({c})" for c in missing],
            "not_in_reference": [f"{resolver.name(c)} ({c})" for c in unexpected],
        }
        where = f"raw/survey/{folder_name(year)}"
        if not present:
            warnings.append(
                Problem.whole_file(
                    where,
                    f"{label} respondents; none were found in the return files",
                    "no_respondents",
                )
            )
        elif missing:
            names = "、".join(resolver.name(c) for c in missing)
            warnings.append(
                Problem.whole_file(
                    where,
                    f"{len(expected)} {label} respondents (the municipalities implementing in "
                    f"{fiscal_year_label(year)} per the reference data); {len(present)} answered — missing: {names}",
                    "missing_respondents",
                )
            )
        if unexpected:
            names = "、".join(resolver.name(c) for c in unexpected)
            warnings.append(
                Problem.whole_file(
                    where,
                    f"{label} respondents among the municipalities implementing in {fiscal_year_label(year)} per "
                    f"the reference data; these answered but are not listed there: {names}",
                    "respondents_not_in_reference",
                )
            )
    warnings += _population_warnings(clean, paths, f"raw/survey/{folder_name(year)}")
    return report, warnings


def _population_warnings(clean: CleanResult, paths: DataPaths, where: str) -> list[Problem]:
    """A warning naming the respondents with no population on the default series: the population-band scheme
    classes them 「人口不明」 (never guessed, never dropped; :func:`jusolib.survey.schemes.population_band`)."""
    series = DEFAULT_POPULATION_SERIES
    table = load_municipalities(paths).set_index("code6")
    codes = sorted(set(clean.respondents["muni_code"]))
    unknown = [c for c in codes if c in table.index and pd.isna(table.at[c, series])]
    if not unknown:
        return []
    names = "、".join(str(table.at[c, "name"]) for c in unknown)
    return [
        Problem(
            where,
            None,
            None,
            None,
            f"a population on the default series {series} ({POPULATION_SERIES[series][0]}) for every respondent; "
            f"these have none and are classed 人口不明 (population unknown) by the population_band scheme: {names}",
            "population_unknown",
            details=(("names", names), ("series", POPULATION_SERIES[series][0])),
        )
    ]


def _lock(directory: Path) -> contextlib.AbstractContextManager[None]:
    """One build at a time per processed folder (see :func:`jusolib.core.files.exclusive_lock`)."""
    return exclusive_lock(directory / ".build.lock")


def build_fiscal_year(
    fiscal_year: FiscalYearLike, data_dir: DataDir = None, *, keep_going: bool = False
) -> BuildResult:
    """Read, clean and write the processed data of one fiscal year.

    Parameters
    ----------
    fiscal_year
        Any accepted form (2024, "R6", "令和6年度" …).
    data_dir
        Data directory (default: ``$JUSOLIB_DATA_DIR`` or the repository's ``data/``).
    keep_going
        Reject rows with problems into the rejection log instead of stopping, and set aside files that cannot
        be read or have a problem of their own (listed in ``build.json`` under ``set_aside`` and as warnings):
        one run shows every problem, and the build goes on with the other files.

    Returns
    -------
    BuildResult
        The fiscal year, the clean data (:class:`~jusolib.clean.tidy.CleanResult`), the summary written to
        ``build.json`` (row accounting per file, warnings, respondents expected and present, hashes, data
        status), the processed folder and the warnings.

    Raises
    ------
    InputFileError
        Without ``keep_going``: with every problem found, of every file at once, each naming file, row, column,
        value and what was expected.
    """
    year = parse_fiscal_year(fiscal_year)
    paths = _paths(data_dir)
    out_dir = paths.processed_dir(year)
    if paths.raw.resolve() in out_dir.resolve().parents:
        raise JusolibError(f"refusing to write processed data under raw/: {out_dir}")
    with _lock(paths.processed):
        return _build(year, paths, keep_going)


def _build(year: int, paths: DataPaths, keep_going: bool) -> BuildResult:
    codebook = load_codebook(year, paths)
    manifest = read_manifest(year, paths)
    from jusolib.clean.cleaner import clean_tables
    from jusolib.clean.collection import read_year_returns

    returns = read_year_returns(year, paths, codebook, manifest)
    tables, skipped = returns.tables, returns.warnings
    resolver = municipality_resolver(paths)
    try:
        clean = clean_tables(tables, codebook, fiscal_year=year, resolver=resolver, keep_going=keep_going)
    except (
        InputFileError
    ) as exc:  # every problem of the run at once: files that cannot be read, then the rest
        raise InputFileError(returns.problems + exc.problems) from None
    if returns.problems and not keep_going:
        raise InputFileError(returns.problems)
    from jusolib.clean.collection import identical_answer_warnings

    set_aside = returns.problems + clean.set_aside
    respondents, respondent_warnings = _respondent_check(clean, codebook, year, paths)
    where = f"raw/survey/{folder_name(year)}"
    warnings = (
        skipped
        + [_set_aside_warning(p) for p in set_aside]
        + clean.warnings
        + identical_answer_warnings(clean.responses, clean.free_text, codebook, where, resolver)
        + respondent_warnings
    )
    status = manifest["data_status"]
    personal = _personal_data(clean, codebook)
    outputs = {
        "respondents.csv": clean.respondents.assign(data_status=status),
        "responses.csv": clean.responses.assign(data_status=status),
        "free_text.csv": clean.free_text.assign(data_status=status),
        "cleaning_log.csv": clean.cleaning_log,
        "rejection_log.csv": clean.rejection_log,
    }
    out_dir = paths.processed_dir(year)
    hashes = {}
    for name, frame in outputs.items():
        data = csv_bytes(frame)
        hashes[name] = sha256_bytes(data)
        write_bytes_atomic(out_dir / name, data)
    encodings = {t.file: t.encoding for t in tables}
    accounting = clean.accounting.assign(encoding=clean.accounting["file"].map(encodings))
    summary = {
        "fiscal_year": year,
        "fiscal_year_label": fiscal_year_label(year),
        "data_status": status,
        "data_status_label": DataStatus.of(status).label,
        "manifest": None if manifest["path"] is None else paths.relative(manifest["path"]),
        "codebook_demonstration": codebook.is_demonstration,
        "jusolib_version": __version__,
        "pipeline": pipeline_fingerprint(),
        "inputs": input_fingerprints(year, paths),
        "files": json.loads(accounting.to_json(orient="records", force_ascii=False)),
        "totals": {c: int(clean.accounting[c].sum()) for c in ("rows_read", "rows_clean", "rows_rejected")},
        "keep_going": keep_going,
        "rows_with_problems": clean.rows_with_problems,
        "set_aside": [_problem_record(p) for p in set_aside],
        "corrections": int(clean.cleaning_log["rule"].str.startswith("correction (").sum()),
        "respondents": respondents,
        "cleaning_rules": {
            str(k): int(v) for k, v in clean.cleaning_log["rule"].value_counts().sort_index().items()
        },
        "warnings": [_problem_record(w) for w in warnings],
        "personal_data": personal,
        "outputs": hashes,
    }
    write_text_atomic(out_dir / "README.txt", _readme(year, status))
    write_text_atomic(out_dir / BUILD_FILE, json.dumps(summary, ensure_ascii=False, indent=2) + "\n")
    return BuildResult(year, clean, summary, out_dir, warnings)


def _personal_data(clean: CleanResult, codebook: Codebook) -> dict[str, Any]:
    """Likely personal data in the free text and the rejected rows (:mod:`jusolib.clean.privacy`), for build.json."""
    from jusolib.clean.privacy import scan_returns

    columns = codebook.items["free_text_column"].dropna().to_dict()
    hits = scan_returns(clean.free_text, clean.respondents, clean.rejection_log, columns)
    records = json.loads(hits.to_json(orient="records", force_ascii=False))
    return {"count": len(records), "hits": records}


def _readme(year: int, status: str) -> str:
    return (
        f"{fiscal_year_label(year)} processed data — {DataStatus.of(status).label}\n\n"
        "Regenerated by jusolib from data/raw; never edit by hand. See build.json for the inputs and their hashes.\n"
        "The CSV files are data files: read them with jusolib or pandas, not by opening them in a spreadsheet\n"
        "(free text is kept verbatim, and a text starting with = + - @ would be taken for a formula).\n"
        + (
            "このフォルダのデータは合成データ（synthetic）です。実際の調査回答ではありません。\n"
            if status == "synthetic"
            else ""
        )
    )


@shared_parameters
def is_fresh(fiscal_year: FiscalYearLike, data_dir: DataDir = None) -> bool:
    """True if the processed data exists and was built from the current inputs by the current pipeline code.

    Inputs are compared by their SHA-256 (:func:`input_fingerprints`), never by file times.

    Returns
    -------
    bool
        False when ``build.json`` or an output file is missing or unreadable, or when the inputs or the
        pipeline's code (:func:`pipeline_fingerprint`) changed since the build.
    """
    paths = _paths(data_dir)
    summary_path = paths.processed_dir(fiscal_year) / BUILD_FILE
    if not summary_path.is_file():
        return False
    try:
        summary = json.loads(summary_path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError):
        return False
    if summary.get("pipeline") != pipeline_fingerprint():
        return False
    if summary.get("inputs") != input_fingerprints(fiscal_year, paths):
        return False
    out = paths.processed_dir(fiscal_year)
    return all((out / name).is_file() for name in OUTPUT_FILES)


@shared_parameters
def ensure_built(fiscal_year: FiscalYearLike, data_dir: DataDir = None) -> Path:
    """Build the fiscal year if its processed data is missing or stale; return the processed folder.

    One build at a time (a lock on the processed folder); a process that waited finds the data fresh.

    Returns
    -------
    Path
        ``processed/FYxxxx`` of the data directory.

    Raises
    ------
    InputFileError
        When a build is needed and a return has a problem (as :func:`build_fiscal_year` without
        ``keep_going``).
    """
    paths = _paths(data_dir)
    if not is_fresh(fiscal_year, paths):
        with _lock(paths.processed):
            if not is_fresh(fiscal_year, paths):
                _build(parse_fiscal_year(fiscal_year), paths, keep_going=False)
    return paths.processed_dir(fiscal_year)


# -- loaders -------------------------------------------------------------------------------------------------
def _read_processed(fiscal_year: FiscalYearLike, name: str, data_dir: DataDir) -> pd.DataFrame:
    folder = ensure_built(fiscal_year, data_dir)
    return pd.read_csv(folder / name, encoding="utf-8-sig", dtype=str, keep_default_na=False)


@shared_parameters
def filter_respondent_type(
    frame: pd.DataFrame, respondent_type: str | None, codebook: Codebook
) -> pd.DataFrame:
    """The rows of one respondent type (key or label, e.g. ``"council"`` or ``"社協"``); all rows for ``None``.

    Parameters
    ----------
    frame
        Any frame with a ``respondent_type`` column holding keys (``municipality``/``council``).

    Returns
    -------
    DataFrame
        The matching rows with a new index (``frame`` itself for ``None``).

    Raises
    ------
    JusolibError
        For an unknown respondent type, listing the keys and labels.

    Examples
    --------
    >>> from jusolib.survey.codebook import load_codebook
    >>> frame = pd.DataFrame({"respondent_type": ["municipality", "council"], "muni_code": ["131016"] * 2})
    >>> filter_respondent_type(frame, "社協", load_codebook(2024)).values.tolist()
    [['council', '131016']]
    """
    if respondent_type is None:
        return frame
    key = codebook.respondent_type_key(respondent_type)
    if key is None:
        labels = list(codebook.respondent_types.index) + list(codebook.respondent_types["label"])
        raise JusolibError(f"unknown respondent_type {respondent_type!r}: expected one of {labels}")
    return frame[frame["respondent_type"] == key].reset_index(drop=True)


@shared_parameters
def load_responses(
    fiscal_year: FiscalYearLike, *, respondent_type: str | None = None, data_dir: DataDir = None
) -> pd.DataFrame:
    """Tidy responses of a fiscal year (building them first if needed).

    Columns: ``fiscal_year`` (int), ``respondent_type`` (``municipality``/``council``), ``muni_code`` (6-digit
    string), ``item_id``, ``answer`` (ordered categorical, 無回答 last), ``answer_code`` (Int64, <NA> for
    無回答), ``data_status`` (synthetic / real / unknown).

    Parameters
    ----------
    respondent_type
        Keep one respondent type: ``"municipality"``/``"自治体"`` or ``"council"``/``"社協"``; ``None`` for
        both.

    Returns
    -------
    DataFrame
        The columns above, in codebook respondent-type order, then 団体コード and questionnaire order.
    """
    codebook = load_codebook(fiscal_year, data_dir)
    frame = _read_processed(fiscal_year, "responses.csv", data_dir)
    frame["fiscal_year"] = frame["fiscal_year"].astype(int)
    frame["answer"] = frame["answer"].astype(codebook.answer_dtype())
    frame["answer_code"] = pd.to_numeric(frame["answer_code"].replace("", None)).astype("Int64")
    return filter_respondent_type(frame, respondent_type, codebook)


@shared_parameters
def load_free_text(
    fiscal_year: FiscalYearLike, *, respondent_type: str | None = None, data_dir: DataDir = None
) -> pd.DataFrame:
    """Free-text answers of a fiscal year: fiscal_year, respondent_type, muni_code, item_id, text, data_status.

    Returns
    -------
    DataFrame
        One row per non-empty 「具体的な内容」 answer, the text verbatim (not redacted: see
        :mod:`jusolib.clean.privacy`); ``fiscal_year`` is an int, the other columns text.
    """
    frame = _read_processed(fiscal_year, "free_text.csv", data_dir)
    frame["fiscal_year"] = frame["fiscal_year"].astype(int)
    return filter_respondent_type(frame, respondent_type, load_codebook(fiscal_year, data_dir))


@shared_parameters
def load_respondents(
    fiscal_year: FiscalYearLike, *, respondent_type: str | None = None, data_dir: DataDir = None
) -> pd.DataFrame:
    """Respondents of a fiscal year with the file and row each came from.

    Returns
    -------
    DataFrame
        ``fiscal_year`` (int), ``respondent_type``, ``muni_code``, ``muni_name``, ``raw_municipality`` (as
        written in the return), ``source_file`` (relative to the data directory, with `` [sheet]``),
        ``source_row`` (int) and ``data_status``.
    """
    frame = _read_processed(fiscal_year, "respondents.csv", data_dir)
    frame["fiscal_year"] = frame["fiscal_year"].astype(int)
    frame["source_row"] = frame["source_row"].astype(int)
    return filter_respondent_type(frame, respondent_type, load_codebook(fiscal_year, data_dir))


@shared_parameters
def load_cleaning_log(fiscal_year: FiscalYearLike, data_dir: DataDir = None) -> pd.DataFrame:
    """Every value the cleaner changed: file, row, column, raw_value, clean_value, rule.

    Returns
    -------
    DataFrame
        One row per change, every column text (empty where there is no value); ``rule`` names the cleaning
        (e.g. ``"label (normalised text)"``, ``"correction (…)"``).
    """
    return _read_processed(fiscal_year, "cleaning_log.csv", data_dir)


@shared_parameters
def load_rejection_log(fiscal_year: FiscalYearLike, data_dir: DataDir = None) -> pd.DataFrame:
    """Every raw row the cleaner could not use: file, row, column, raw_value, reason.

    Returns
    -------
    DataFrame
        One row per problem or unused row, every column text; ``reason`` is ``"<kind>: expected <what>"``.
    """
    return _read_processed(fiscal_year, "rejection_log.csv", data_dir)


@shared_parameters
def load_build_summary(fiscal_year: FiscalYearLike, data_dir: DataDir = None) -> dict[str, Any]:
    """The ``build.json`` of a fiscal year (row accounting, warnings, data status, hashes).

    Returns
    -------
    dict
        The summary :func:`build_fiscal_year` wrote: ``files`` and ``totals`` (rows read, clean, rejected),
        ``warnings``, ``respondents`` (expected, present, missing per respondent type), ``data_status``,
        ``personal_data``, ``inputs`` and ``outputs`` (hashes) …
    """
    folder = ensure_built(fiscal_year, data_dir)
    return json.loads((folder / BUILD_FILE).read_text(encoding="utf-8"))


@shared_parameters
def is_synthetic(fiscal_year: FiscalYearLike, data_dir: DataDir = None) -> bool:
    """True if the fiscal year's returns are synthetic (合成データ) according to their MANIFEST.

    Returns
    -------
    bool
        True only for ``data_status: synthetic``; a folder without a MANIFEST is not synthetic.

    Examples
    --------
    >>> is_synthetic(2024)
    True
    """
    return DataStatus.of(read_manifest(fiscal_year, data_dir)["data_status"]).is_synthetic
