"""Collecting a year's returns: which file replaces which, and who has answered.

Returns arrive by e-mail, one questionnaire form per respondent (or a compiled sheet). Two things follow:

* **A form returned twice** (a corrected version sent after the first) stops the build, naming both files,
  until the year's ``MANIFEST.yaml`` says which one counts. File times are never used to decide: a copied or
  re-saved file changes them. The MANIFEST lists each replacement::

      supersedes:
        - file: 令和7年度_成果と課題調査_世田谷区_自治体_修正版.xlsx   # the file that counts
          replaces: 令和7年度_成果と課題調査_世田谷区_自治体.xlsx       # kept as received, not read
          note: 2026-01-20 修正版を受領（誤記の訂正）                    # optional: why

  The replaced file stays in the folder (returns are kept as received); each of its rows is listed in the
  rejection log as "superseded by …", so rows in = rows clean + rows rejected still holds. Two forms named
  in one entry must be of the same respondent.
* **Who has answered** (:func:`collection_status`, ``jusolib status``): every respondent expected in the year
  (the implementing municipalities × respondent types) as received, received with something to check, returned
  twice, or missing — the list a reminder e-mail is written from.

Examples
--------
>>> status = collection_status(2024)
>>> status.groupby("respondent_type")["status"].value_counts().to_dict()
{('council', '受領'): 23, ('municipality', '受領'): 23}
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pandas as pd

from jusolib.core.errors import InputFileError, JusolibError, ParameterError, Problem
from jusolib.core.fiscal import FiscalYearLike, fiscal_year_label, folder_name, parse_fiscal_year
from jusolib.core.normalize import is_blank, normalize_heading
from jusolib.core.paths import DataDir, DataPaths, data_paths, reports_dir
from jusolib.io.read import RawTable, read_return
from jusolib.survey.codebook import Codebook, load_codebook

SUPERSEDES_KEY = "supersedes"
#: Build warnings that make a received return 受領・要確認: something on the form was not read.
WARNINGS_TO_CHECK = ("form_inserted_row",)
#: Columns of the status table and their Japanese headings (the printed table and the CSV).
STATUS_COLUMNS = {
    "respondent_type_label": "回答主体",
    "muni_code": "団体コード",
    "muni_name": "団体名",
    "status": "状況",
    "file": "ファイル",
    "answered_on": "回答日",
    "remarks": "確認事項",
    "data_status_label": "データの種類",
}
RECEIVED, LATE, CHECK, TWICE, MISSING, NOT_EXPECTED, UNREADABLE = (
    "受領",
    "受領（期限後）",
    "受領・要確認",
    "重複・要確認",
    "未着",
    "受領（対象外）",
    "読めないファイル",
)


def _manifest_problem(manifest: dict[str, Any], index: int | None, value: object, expected: str) -> Problem:
    column = SUPERSEDES_KEY if index is None else f"{SUPERSEDES_KEY}[{index}]"
    return Problem(str(manifest.get("path")), None, column, value, expected, "bad_manifest")


def supersessions(manifest: dict[str, Any], files: list[Path]) -> dict[str, str]:
    """The MANIFEST's ``supersedes`` as {replaced file name: the file name that replaces it}.

    Raises
    ------
    InputFileError
        Naming the MANIFEST and the entry: not a list of ``file``/``replaces`` pairs, a name that is not a
        return file of the folder, a file replacing itself, a file replaced twice, or a circle of replacements.

    Examples
    --------
    >>> files = [Path("a.xlsx"), Path("b.xlsx")]
    >>> supersessions({"supersedes": [{"file": "b.xlsx", "replaces": "a.xlsx"}]}, files)
    {'a.xlsx': 'b.xlsx'}
    >>> supersessions({"path": "M.yaml", "supersedes": [{"file": "b.xlsx", "replaces": "c.xlsx"}]}, files)
    Traceback (most recent call last):
    ...
    jusolib.core.errors.InputFileError: 1 problem in the input files:
      - M.yaml, column supersedes[0]: 'c.xlsx' — expected the name of a return file in the folder (a.xlsx, b.xlsx)
    """
    entries = manifest.get(SUPERSEDES_KEY)
    if entries is None:
        return {}
    if not isinstance(entries, list):
        raise InputFileError([_manifest_problem(manifest, None, entries, "a list of {file: …, replaces: …}")])
    names = sorted(p.name for p in files)
    problems: list[Problem] = []
    replaced: dict[str, str] = {}
    for index, entry in enumerate(entries):
        if not isinstance(entry, dict) or not all(
            isinstance(entry.get(k), str) for k in ("file", "replaces")
        ):
            problems.append(
                _manifest_problem(
                    manifest, index, entry, "file: <name> and replaces: <name>, both file names"
                )
            )
            continue
        new, old = entry["file"].strip(), entry["replaces"].strip()
        for name in (new, old):
            if name not in names:
                expected = f"the name of a return file in the folder ({', '.join(names)})"
                problems.append(_manifest_problem(manifest, index, name, expected))
        if new == old:
            problems.append(_manifest_problem(manifest, index, new, "two different files"))
        elif old in replaced:
            problems.append(
                _manifest_problem(
                    manifest, index, old, f"each file replaced once; it is also replaced by {replaced[old]}"
                )
            )
        else:
            replaced[old] = new
    for old in replaced:
        seen, current = {old}, replaced[old]
        while current in replaced:
            if current in seen:
                problems.append(
                    _manifest_problem(
                        manifest, None, old, "replacements that end in one file; these go in a circle"
                    )
                )
                break
            seen.add(current)
            current = replaced[current]
    if problems:
        raise InputFileError(problems)
    return replaced


@dataclasses.dataclass
class YearReturns:
    """The return files of a fiscal year as read: tables, problems of unreadable files, warnings."""

    tables: list[RawTable]
    problems: list[Problem]
    warnings: list[Problem]
    replaced: dict[str, str]


def read_year_returns(
    year: int, paths: DataPaths, codebook: Codebook, manifest: dict[str, Any]
) -> YearReturns:
    """Read every return file of a year; mark the tables of replaced files (they are then not read).

    A replaced file that cannot be read is only a warning: it is not used anyway. Two forms named in one
    ``supersedes`` entry must be of the same respondent.
    """
    from jusolib.io.manifest import survey_files

    files, warnings = survey_files(year, paths)
    replaced = supersessions(manifest, files)
    header_keys = {normalize_heading(h) for h in codebook.column_headings("municipality")}
    tables, problems = [], []
    by_name: dict[str, list[RawTable]] = {}
    for path in files:
        try:
            read = read_return(path, header_keys, file=paths.relative(path))
        except InputFileError as exc:
            if path.name in replaced:
                warnings.append(
                    Problem.whole_file(
                        paths.relative(path),
                        f"a readable file; it is replaced by {replaced[path.name]} (MANIFEST.yaml) and could not "
                        f"be read, so it was skipped: {exc.problems[0].expected}",
                        "superseded_file_unreadable",
                    )
                )
                continue
            problems += exc.problems
            continue
        if path.name in replaced:
            read = [dataclasses.replace(t, superseded_by=replaced[path.name]) for t in read]
        by_name[path.name] = read
        tables += read
    problems += _check_same_respondent(replaced, by_name, codebook, paths, manifest)
    return YearReturns(tables, problems, warnings, replaced)


def _check_same_respondent(
    replaced: dict[str, str],
    by_name: dict[str, list[RawTable]],
    codebook: Codebook,
    paths: DataPaths,
    manifest: dict[str, Any],
) -> list[Problem]:
    from jusolib.io.form_reader import form_identity
    from jusolib.survey.reference import municipality_resolver

    resolver = municipality_resolver(paths)
    problems = []
    for old, new in replaced.items():
        pair = [by_name.get(old, []), by_name.get(new, [])]
        if not all(len(tables) == 1 and tables[0].form is not None for tables in pair):
            continue
        old_who, new_who = (form_identity(tables[0], codebook, resolver) for tables in pair)
        if old_who is not None and new_who is not None and old_who != new_who:
            names = [
                f"{resolver.name(c)} ({codebook.respondent_type_label(k)})" for k, c in (old_who, new_who)
            ]
            problems.append(
                _manifest_problem(
                    manifest,
                    None,
                    f"{new} replaces {old}",
                    f"two forms of the same respondent; {new} is {names[1]}'s form and {old} is {names[0]}'s",
                )
            )
    return problems


# -- status --------------------------------------------------------------------------------------------------
def _when(value: object) -> str:
    import datetime as dt

    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return "" if is_blank(value) else str(value).strip()


def _entries(
    table: RawTable, codebook: Codebook, year: int, paths: DataPaths
) -> tuple[list[dict[str, Any]], list[str]]:
    """Who a table holds, each with remarks; and remarks about rows whose respondent is unknown."""
    from jusolib.clean.cleaner import clean_tables
    from jusolib.core.wording import reason_label, warning_label, warning_message
    from jusolib.io.form_reader import form_identity
    from jusolib.survey.reference import municipality_resolver

    resolver = municipality_resolver(paths)
    file = table.source or table.file
    try:
        result = clean_tables([table], codebook, fiscal_year=year, resolver=resolver, keep_going=True)
    except InputFileError as exc:
        return [], [str(p) for p in exc.problems]
    rejected = result.rejection_log[
        ~result.rejection_log["reason"].str.startswith(("blank row", "no respondent"))
    ]
    reasons = [f"{r.column or ''} {reason_label(r.reason)}".strip() for r in rejected.itertuples()]
    notes = [
        f"{w.column or w.cell or ''} {warning_label(w.kind)}: {warning_message(w.kind, value=w.value or '')}".strip()
        for w in result.warnings
    ]
    check = any(w.kind in WARNINGS_TO_CHECK for w in result.warnings)
    if table.form is not None:
        who = form_identity(table, codebook, resolver)
        if who is None:
            return [], reasons or ["調査票の回答主体または団体コードの欄が読めません"]
        late = any(w.kind == "form_after_deadline" for w in result.warnings)
        answered = table.form.value(table, "answered_on")
        remark = table.form.value(table, "note")  # the form's 備考, e.g. why it is late
        if not is_blank(remark):
            notes.append(f"備考: {str(remark).strip()}")
        return [
            {
                "who": who,
                "file": file,
                "answered_on": _when(answered),
                "problems": reasons,
                "notes": notes,
                "late": late,
                "check": check,
            }
        ], []
    entries = [
        {
            "who": (r.respondent_type, r.muni_code),
            "file": file,
            "answered_on": "",
            "problems": [],
            "notes": notes,
            "late": False,
            "check": check,
        }
        for r in result.respondents.itertuples()
    ]
    return entries, [f"{file} {reason}" for reason in reasons]


def collection_status(fiscal_year: FiscalYearLike, data_dir: DataDir = None) -> pd.DataFrame:
    """Every expected respondent of a fiscal year with what has come in, plus unexpected and unreadable returns.

    Expected respondents are the municipalities implementing in the year per the reference data, times the
    codebook's respondent types. Nothing is written and nothing stops at a bad return: a return with problems
    is "受領・要確認" with the problems in ``remarks``, a file that cannot be read is listed as such. Before the
    year's survey folder exists, every respondent is missing.

    Returns
    -------
    DataFrame
        ``respondent_type``, ``respondent_type_label``, ``muni_code``, ``muni_name``, ``status`` (受領 /
        受領（期限後） / 受領・要確認 / 重複・要確認 / 未着 / 受領（対象外） / 読めないファイル), ``file``,
        ``answered_on``, ``remarks``, ``data_status_label``; in codebook respondent-type order, then 団体コード.
    """
    from jusolib.core.status import DataStatus
    from jusolib.io.manifest import read_manifest
    from jusolib.survey.reference import implementing_codes, municipality_resolver

    year = parse_fiscal_year(fiscal_year)
    paths = data_paths(data_dir)
    codebook = load_codebook(year, paths)
    manifest = read_manifest(year, paths)
    resolver = municipality_resolver(paths)
    if paths.survey_dir(year).is_dir():
        returns = read_year_returns(year, paths, codebook, manifest)
    else:  # nothing has come back yet: everyone is missing
        returns = YearReturns([], [], [], {})
    received: dict[tuple[str, str], list[dict[str, Any]]] = {}
    replaced_by: dict[tuple[str, str], list[str]] = {}
    loose: list[str] = []
    for table in returns.tables:
        if table.superseded_by is not None:
            from jusolib.io.form_reader import form_identity

            who = form_identity(table, codebook, resolver) if table.form is not None else None
            if who is not None:
                replaced_by.setdefault(who, []).append(f"{Path(table.source).name} → {table.superseded_by}")
            continue
        entries, unknown = _entries(table, codebook, year, paths)
        loose += unknown
        for entry in entries:
            received.setdefault(entry["who"], []).append(entry)
    rows = []
    expected = implementing_codes(year, paths)
    kinds = list(codebook.respondent_types.index)
    keys = [(k, c) for k in kinds for c in expected]
    keys += sorted((w for w in received if w not in set(keys)), key=lambda w: (kinds.index(w[0]), w[1]))
    for kind, code in keys:
        entries = received.get((kind, code), [])
        remarks = [f"差し替え: {r}" for r in replaced_by.get((kind, code), [])]
        if not entries:
            status = MISSING
        elif len(entries) > 1:
            status = TWICE
            remarks.append(
                "同じ回答者のファイルが複数あります。MANIFEST.yaml の supersedes でどれを使うか指定してください"
            )
        elif entries[0]["problems"] or entries[0]["check"]:
            status = CHECK
        elif code not in expected:
            status = NOT_EXPECTED
            remarks.append("参照データ（implementation_status.csv）の実施自治体にありません")
        else:
            status = LATE if entries[0]["late"] else RECEIVED
        for entry in entries:
            remarks += entry["problems"] + entry["notes"]
        rows.append(
            {
                "respondent_type": kind,
                "respondent_type_label": codebook.respondent_type_label(kind),
                "muni_code": code,
                "muni_name": resolver.name(code),
                "status": status,
                "file": " / ".join(Path(e["file"]).name for e in entries),
                "answered_on": " / ".join(e["answered_on"] for e in entries if e["answered_on"]),
                "remarks": "; ".join(remarks),
            }
        )
    for problem in returns.problems:
        rows.append(
            {
                "respondent_type": "",
                "respondent_type_label": "",
                "muni_code": "",
                "muni_name": "",
                "status": UNREADABLE,
                "file": Path(problem.file.split(", sheet ")[0].split(" [")[0]).name,
                "answered_on": "",
                "remarks": str(problem),
            }
        )
    for remark in loose:
        rows.append(
            {
                "respondent_type": "",
                "respondent_type_label": "",
                "muni_code": "",
                "muni_name": "",
                "status": CHECK,
                "file": "",
                "answered_on": "",
                "remarks": remark,
            }
        )
    frame = pd.DataFrame(rows, columns=["respondent_type", *STATUS_COLUMNS][:-1])
    frame["data_status_label"] = DataStatus.of(manifest["data_status"]).label
    frame.attrs["fiscal_year"] = year
    return frame


def default_status_path(fiscal_year: FiscalYearLike) -> Path:
    """Where ``jusolib status`` writes its CSV by default: ``reports/status/FYxxxx_回答状況.csv``."""
    return reports_dir() / "status" / f"{folder_name(fiscal_year)}_回答状況.csv"


def write_status_csv(status: pd.DataFrame, path: Path, data_dir: DataDir = None) -> Path:
    """Write the status table with Japanese headings (UTF-8 with BOM, for Excel); never under ``raw/``."""
    from jusolib.core.files import csv_bytes, write_bytes_atomic

    out = Path(path).expanduser().resolve()
    raw = data_paths(data_dir).raw.resolve()
    if out == raw or raw in out.parents:
        raise ParameterError(f"--out {path}: nothing is written under {raw} (the raw returns)")
    if out.is_dir():
        raise ParameterError(f"--out {path}: expected a CSV file name, but it is a folder")
    table = status[list(STATUS_COLUMNS)].rename(columns=STATUS_COLUMNS)
    write_bytes_atomic(out, csv_bytes(table))
    return out


def status_summary(status: pd.DataFrame) -> list[str]:
    """One line per respondent type: received of expected, and who is missing.

    Examples
    --------
    >>> frame = pd.DataFrame({"respondent_type_label": ["自治体", "自治体"], "muni_name": ["中央区", "港区"],
    ...                       "status": ["受領", "未着"]})
    >>> status_summary(frame)
    ['自治体: 受領 1 / 対象 2 — 未着: 港区']
    """
    lines = []
    for label, group in status[status["respondent_type_label"] != ""].groupby(
        "respondent_type_label", sort=False
    ):
        expected = group[group["status"] != NOT_EXPECTED]
        got = int((expected["status"] != MISSING).sum())
        missing = "、".join(expected.loc[expected["status"] == MISSING, "muni_name"])
        lines.append(
            f"{label}: 受領 {got} / 対象 {len(expected)}" + (f" — 未着: {missing}" if missing else "")
        )
    return lines


def fiscal_year_heading(status: pd.DataFrame) -> str:
    """``令和7年度 (2025) — 合成データ``: the line above a printed status table."""
    year = status.attrs.get("fiscal_year")
    label = status["data_status_label"].iloc[0] if len(status) else ""
    if year is None:
        raise JusolibError("status table without its fiscal year")
    return f"{fiscal_year_label(year)} — {label}"
