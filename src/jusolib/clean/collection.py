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

from jusolib.core.docstrings import shared_parameters
from jusolib.core.errors import InputFileError, JusolibError, ParameterError, Problem
from jusolib.core.fiscal import FiscalYearLike, fiscal_year_label, folder_name, parse_fiscal_year
from jusolib.core.normalize import is_blank, normalize_heading
from jusolib.core.paths import DataDir, DataPaths, data_paths, reports_dir
from jusolib.io.read import RawTable, read_return
from jusolib.survey.codebook import Codebook, load_codebook

SUPERSEDES_KEY = "supersedes"
#: Two respondents whose answers differ are named for the same free texts only from this many texts on.
MIN_SAME_TEXTS = 2
#: Build warnings that make a received return 受領・要確認: something on the form was not read, or is doubtful.
WARNINGS_TO_CHECK = (
    "form_inserted_row",
    "form_cell_comment",
    "form_extra_sheet",
    "form_note_other_type",
    "form_wording_changed",
    "form_free_text_not_read",
)
#: Between two remarks of one respondent (one per line in a CSV cell and in the printed table).
REMARK_SEPARATOR = "\n"
#: The contact block's columns (the form's 担当者名, 電話番号, メールアドレス): in the status CSV, for reminders.
CONTACT_COLUMNS = ("contact_name", "contact_phone", "contact_email")
#: Columns of the status table and their Japanese headings (the printed table and the CSV).
STATUS_COLUMNS = {
    "respondent_type_label": "回答主体",
    "muni_code": "団体コード",
    "muni_name": "団体名",
    "status": "状況",
    "file": "ファイル",
    "answered_on": "回答日",
    "remarks": "確認事項",
    "department": "担当部署",
    "contact_name": "担当者名",
    "contact_phone": "電話番号",
    "contact_email": "メールアドレス",
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
EXCLUDED_STATUS, BLANK, SKIPPED = "受領・集計から除外", "白紙", "読まなかったファイル"


def _manifest_problem(manifest: dict[str, Any], index: int | None, value: object, expected: str) -> Problem:
    column = SUPERSEDES_KEY if index is None else f"{SUPERSEDES_KEY}[{index}]"
    return Problem(str(manifest.get("path")), None, column, value, expected, "bad_manifest")


@shared_parameters
def supersessions(manifest: dict[str, Any], files: list[Path]) -> dict[str, str]:
    """The MANIFEST's ``supersedes`` as {replaced file name: the file name that replaces it}.

    Parameters
    ----------
    files
        The return files of the folder (:func:`~jusolib.io.manifest.survey_files`); the names in
        ``supersedes`` must be among theirs.

    Returns
    -------
    dict of str
        Replaced file name → the name of the file that replaces it; empty without ``supersedes``.

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
    """The return files of a fiscal year as read: tables (with ``corrections.yaml`` applied), problems of files
    that could not be read, warnings (files skipped …), the MANIFEST's replacements, and — when corrections are
    not strict (``jusolib status``) — the problems of ``corrections.yaml``."""

    tables: list[RawTable]
    problems: list[Problem]
    warnings: list[Problem]
    replaced: dict[str, str]
    correction_problems: list[Problem] = dataclasses.field(default_factory=list)


@shared_parameters
def read_year_returns(
    year: int,
    paths: DataPaths,
    codebook: Codebook,
    manifest: dict[str, Any],
    *,
    strict_corrections: bool = True,
) -> YearReturns:
    """Read every return file of a year; mark the tables of replaced files (they are then not read); apply the
    coordinator's ``corrections.yaml`` (:mod:`jusolib.clean.corrections`).

    A replaced file that cannot be read is only a warning: it is not used anyway. Two forms named in one
    ``supersedes`` entry must be of the same respondent. A faulty ``corrections.yaml`` raises (the build), or with
    ``strict_corrections=False`` is reported in :attr:`YearReturns.correction_problems` and not applied.

    Parameters
    ----------
    year
        The fiscal year as a number (2024).
    paths
        The data folder's paths (:func:`~jusolib.core.paths.data_paths`): where the survey folder is, and how
        files are named in messages (relative to the data directory).
    codebook
        The fiscal year's codebook (the accepted headings of the municipality column, the respondent types).
    strict_corrections
        Raise on a faulty ``corrections.yaml`` (default, the build) or report it and go on (``jusolib status``).

    Returns
    -------
    YearReturns
        The tables of every readable file (replaced files marked ``superseded_by``, corrections applied), the
        problems of files that could not be read, warnings, the replacements, and the problems of
        ``corrections.yaml`` when not strict.

    Raises
    ------
    InputFileError
        For a faulty ``supersedes`` in the MANIFEST and, when strict, a faulty ``corrections.yaml``.
    """
    from jusolib.clean.corrections import CORRECTIONS_FILE, apply_corrections, read_corrections
    from jusolib.io.manifest import survey_files
    from jusolib.survey.reference import municipality_resolver

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
    folder = paths.survey_dir(year)
    where = paths.relative(folder / CORRECTIONS_FILE)
    correction_problems: list[Problem] = []
    try:
        corrections = read_corrections(folder, where)
        tables = apply_corrections(
            tables,
            corrections,
            codebook,
            where=where,
            folder_files=[p.name for p in files],
            replaced=replaced,
            resolver=municipality_resolver(paths),
        )
    except InputFileError as exc:
        if strict_corrections:
            raise
        correction_problems = exc.problems
    return YearReturns(tables, problems, warnings, replaced, correction_problems)


def identical_answer_sets(
    responses: pd.DataFrame, free_text: pd.DataFrame, codebook: Codebook
) -> list[tuple[tuple[str, str], tuple[str, str], bool, bool]]:
    """Pairs of respondents whose answers are the same on every item, or whose free texts are all the same.

    A form whose answer column was pasted from another respondent's, or a 社協 that typed its 自治体's answers,
    looks like this. Respondents who answered nothing (every item 無回答) are not compared.

    Returns
    -------
    list
        ``(respondent, other respondent, same answers, same free texts)``; respondents as ``(type, 団体コード)``,
        in respondent order. Free texts are the same when both wrote the same non-empty set of texts.


    Parameters
    ----------
    responses
        Tidy responses (``respondent_type``, ``muni_code``, ``item_id``, ``answer``).
    free_text
        Tidy free text (``respondent_type``, ``muni_code``, ``item_id``, ``text``).
    codebook
        The fiscal year's codebook (its items and 無回答 label).
    Examples
    --------
    >>> from jusolib.survey.codebook import load_codebook
    >>> book = load_codebook(2024)
    >>> rows = [(k, c, i, "あてはまる") for k, c in (("municipality", "131024"), ("council", "131024"))
    ...         for i in book.item_ids()]
    >>> answers = pd.DataFrame(rows, columns=["respondent_type", "muni_code", "item_id", "answer"])
    >>> texts = pd.DataFrame(columns=["respondent_type", "muni_code", "item_id", "text"])
    >>> identical_answer_sets(answers, texts, book)
    [(('municipality', '131024'), ('council', '131024'), True, False)]
    """
    if responses.empty:
        return []
    kinds = list(codebook.respondent_types.index)
    answers = responses.assign(answer=responses["answer"].astype(str))
    by_who = {
        who: tuple(group.set_index("item_id")["answer"].reindex(codebook.item_ids()).fillna(""))
        for who, group in answers.groupby(["respondent_type", "muni_code"], sort=False)
    }
    texts = {
        who: tuple(sorted(zip(group["item_id"], group["text"], strict=True)))
        for who, group in free_text.groupby(["respondent_type", "muni_code"], sort=False)
    }
    nothing = tuple([codebook.no_answer_label] * len(codebook.item_ids()))
    who_list = sorted(by_who, key=lambda w: (kinds.index(w[0]) if w[0] in kinds else len(kinds), w[1]))
    pairs = []
    for index, a in enumerate(who_list):
        for b in who_list[index + 1 :]:
            same_answers = by_who[a] == by_who[b] and by_who[a] != nothing
            same_texts = bool(texts.get(a)) and texts.get(a) == texts.get(b)
            # free texts alone count only when there are several: one short common phrase is a coincidence
            if same_answers or (same_texts and len(texts[a]) >= MIN_SAME_TEXTS):
                pairs.append((a, b, same_answers, same_texts))
    return pairs


def identical_answer_warnings(
    responses: pd.DataFrame, free_text: pd.DataFrame, codebook: Codebook, where: str, resolver: Any
) -> list[Problem]:
    """A build warning per pair of :func:`identical_answer_sets`, naming both respondents.

    Parameters
    ----------
    responses, free_text, codebook
        As for :func:`identical_answer_sets`.
    where
        The survey folder, as the warnings name it (``raw/survey/FY2025``).
    resolver
        The municipality resolver (names in the messages).

    Returns
    -------
    list of Problem
        Kind ``identical_answers``, the two respondents in ``details`` (``a``, ``b``, ``texts``).
    """
    out = []
    for a, b, same_answers, same_texts in identical_answer_sets(responses, free_text, codebook):
        names = [f"{resolver.name(code)}（{codebook.respondent_type_label(kind)}）" for kind, code in (a, b)]
        what = (
            "the same answer on every item" + (" and the same free text" if same_texts else "")
            if same_answers
            else "the same free text on every item they wrote (answers differ)"
        )
        texts = "（具体的な内容も同一）" if same_answers and same_texts else ""
        out.append(
            Problem(
                where,
                None,
                None,
                f"{names[0]} / {names[1]}",
                f"answers of each respondent's own; {names[0]} and {names[1]} gave {what} — a form filled in from "
                "another's, or an answer column pasted from another form? Ask both senders (the answers were read)",
                "identical_answers" if same_answers else "identical_free_text",
                details=(("a", names[0]), ("b", names[1]), ("texts", texts)),
            )
        )
    return out


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
#: What happened to a form, for its status remarks (keys of ``status_outcomes`` in texts.yaml).
EXCLUDED, INCLUDED, SETTLED = "excluded", "included", "settled"


def _remark(problem: Problem, outcome: str) -> str:
    """A problem or warning as a Japanese status remark (with the value, the cell, what happened)."""
    from jusolib.core.wording import problem_place, status_remark

    values = {
        "where": problem_place(problem.cell, problem.row, problem.column),
        "cell": problem.cell or "",
        "column": problem.column or "",
        "value": "" if problem.value is None else str(problem.value),
        **problem.params,
    }
    if (
        problem.kind == "answer_outside_scale"
        and "number" in problem.expected
        and "by name" in problem.expected
    ):
        values["why"] = "（調査票は選択肢を番号で示していないため、番号は回答として読みません）"
    return status_remark(problem.kind, outcome, **values)


@dataclasses.dataclass
class _Entry:
    """One file (or one respondent of a compiled sheet) as the status sees it."""

    who: tuple[str, str] | None
    file: str
    state: str  # included / excluded / blank / unreadable / skipped
    answered_on: str = ""
    remarks: list[str] = dataclasses.field(default_factory=list)
    late: bool = False
    check: bool = False
    contact: dict[str, str] = dataclasses.field(default_factory=dict)
    department: str = ""


def _answered_on(value: object) -> tuple[str, str | None]:
    """The 回答日 as an ISO date, and a remark when what was written is not a date."""
    from jusolib.io.form_reader import parse_answer_date

    if is_blank(value):
        return "", None
    day = parse_answer_date(value)
    if day is None:
        return str(value).strip(), f"回答日「{str(value).strip()}」が日付として読めません（書かれたまま表示）"
    return day.isoformat(), None


def _form_entry(table: RawTable, codebook: Codebook, year: int, paths: DataPaths) -> tuple[_Entry, Any]:
    """A returned form: who, what happened to it, every remark; and its clean result (for comparing answers)."""
    from jusolib.clean.cleaner import clean_tables
    from jusolib.io.form_layout import CONTACT_FIELDS
    from jusolib.io.form_reader import BLANK_FORM_REASON, form_identity
    from jusolib.survey.reference import municipality_resolver

    resolver = municipality_resolver(paths)
    file = table.source or table.file
    info = table.form
    who = form_identity(table, codebook, resolver)
    result = clean_tables([table], codebook, fiscal_year=year, resolver=resolver, keep_going=True)
    blank = bool((result.rejection_log["reason"] == BLANK_FORM_REASON).any())
    state = "excluded" if result.problems else "blank" if blank else "included"
    outcome = EXCLUDED if state == "excluded" else INCLUDED
    remarks = [_remark(p, EXCLUDED) for p in result.problems]
    remarks += [_remark(p, SETTLED) for p in result.settled]
    for warning in result.warnings:
        if warning.kind == "form_unanswered":
            remarks.append(_remark(warning, "blank" if blank else "blank_counted"))
        else:
            remarks.append(_remark(warning, outcome))
    answered, odd = _answered_on(info.value(table, "answered_on"))
    if odd:
        remarks.append(odd)
    note = info.value(table, "note")
    if not is_blank(note):
        remarks.append(f"備考: {str(note).strip()}")
    department = info.value(table, "department")
    entry = _Entry(
        who,
        file,
        state,
        answered,
        remarks,
        late=any(w.kind == "form_after_deadline" for w in result.warnings),
        check=any(w.kind in WARNINGS_TO_CHECK for w in result.warnings) or bool(result.settled),
        contact={k: info.contact.get(k, "") for k in CONTACT_FIELDS},
        department="" if is_blank(department) else str(department).strip(),
    )
    if who is None:
        entry.remarks.insert(
            0,
            "調査票の回答主体または団体コードの欄が読めません。どの団体の回答か送付元に確認してください → 集計から除外",
        )
    return entry, result if state == "included" else None


def _sheet_entries(
    table: RawTable, codebook: Codebook, year: int, paths: DataPaths
) -> tuple[list[_Entry], list[str], Any]:
    """The respondents of a compiled sheet, and remarks about its rows that could not be used."""
    from jusolib.clean.cleaner import clean_tables
    from jusolib.survey.reference import municipality_resolver

    resolver = municipality_resolver(paths)
    file = table.source or table.file
    result = clean_tables([table], codebook, fiscal_year=year, resolver=resolver, keep_going=True)
    notes = [_remark(w, INCLUDED) for w in result.warnings]
    entries = [
        _Entry((r.respondent_type, r.muni_code), file, "included", remarks=list(notes))
        for r in result.respondents.itertuples()
    ]
    loose = [_remark(p, EXCLUDED) for p in result.problems + result.set_aside]
    if not entries and not loose:  # read, but no respondent in it (a header only): listed all the same
        loose = notes or ["回答者の行がありません"]
    return entries, loose, result


def _attributed(file: str, codebook: Codebook, paths: DataPaths) -> tuple[str, str] | None:
    """The respondent a file name names (one municipality and one respondent type), or ``None``."""
    from jusolib.io.form_reader import file_name_says
    from jusolib.survey.reference import municipality_resolver

    codes, kinds = file_name_says(Path(file).stem, codebook, municipality_resolver(paths))
    return (next(iter(kinds)), next(iter(codes))) if len(codes) == 1 and len(kinds) == 1 else None


@shared_parameters
def collection_status(fiscal_year: FiscalYearLike, data_dir: DataDir = None) -> pd.DataFrame:
    """Every expected respondent of a fiscal year with what has come in, plus unexpected and unreadable returns.

    Expected respondents are the municipalities implementing in the year per the reference data, times the
    codebook's respondent types. Nothing is written and nothing stops at a bad return. Every file of the folder
    is listed under the respondent it belongs to (by its cells, or for a file that cannot be read by its name):
    a return with problems is 受領・集計から除外 with each problem in ``remarks`` (in Japanese: the value, the
    cell, what to ask the sender), one with something to check 受領・要確認, a blank form 白紙, a file that
    cannot be read 読めないファイル. Before the year's survey folder exists, every respondent is missing.

    Returns
    -------
    DataFrame
        ``respondent_type``, ``respondent_type_label``, ``muni_code``, ``muni_name``, ``status`` (受領 /
        受領（期限後） / 受領・要確認 / 受領・集計から除外 / 白紙 / 重複・要確認 / 読めないファイル / 未着 /
        受領（対象外）), ``file``, ``answered_on`` (ISO date), ``remarks``, ``department``, ``contact_name``,
        ``contact_phone``, ``contact_email`` (the form's contact block: for reminders, never for reports),
        ``data_status_label``; in codebook respondent-type order, then 団体コード. Files that belong to no
        respondent follow with the respondent columns empty (status 受領・要確認, 受領・集計から除外,
        読めないファイル or 読まなかったファイル). ``attrs["fiscal_year"]`` holds the fiscal year.
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
        returns = read_year_returns(year, paths, codebook, manifest, strict_corrections=False)
    else:  # nothing has come back yet: everyone is missing
        returns = YearReturns([], [], [], {})
    received: dict[tuple[str, str], list[_Entry]] = {}
    replaced_by: dict[tuple[str, str], list[str]] = {}
    loose: list[dict[str, str]] = []
    results: dict[tuple[str, str], Any] = {}
    for table in returns.tables:
        if table.superseded_by is not None:
            from jusolib.io.form_reader import form_identity

            who = form_identity(table, codebook, resolver) if table.form is not None else None
            if who is not None:
                replaced_by.setdefault(who, []).append(f"{Path(table.source).name} → {table.superseded_by}")
            continue
        if table.form is not None:
            entry, result = _form_entry(table, codebook, year, paths)
            entries, unknown = [entry], list[str]()
            if result is not None and entry.who is not None:
                results[entry.who] = result
        else:
            entries, unknown, result = _sheet_entries(table, codebook, year, paths)
            for e in entries:
                if e.who is not None:
                    results[e.who] = result
        loose += [
            {"status": CHECK, "file": Path(table.source or table.file).name, "remarks": r} for r in unknown
        ]
        for entry in entries:
            if entry.who is None:
                loose.append(
                    {
                        "status": EXCLUDED_STATUS,
                        "file": Path(entry.file).name,
                        "remarks": REMARK_SEPARATOR.join(entry.remarks),
                    }
                )
            else:
                received.setdefault(entry.who, []).append(entry)
    for problem, state in [(p, "unreadable") for p in returns.problems] + [
        (w, "skipped") for w in returns.warnings if w.kind == "ignored_file"
    ]:
        file = problem.file.split(", sheet ")[0].split(" [")[0]
        remark = _remark(problem, EXCLUDED)
        who = _attributed(file, codebook, paths)
        if who is None:
            loose.append(
                {
                    "status": UNREADABLE if state == "unreadable" else SKIPPED,
                    "file": Path(file).name,
                    "remarks": remark,
                }
            )
        else:
            received.setdefault(who, []).append(_Entry(who, file, state, remarks=[remark]))
    _mark_identical(results, codebook, resolver, received)
    rows = []
    expected = implementing_codes(year, paths)
    kinds = list(codebook.respondent_types.index)
    keys = [(k, c) for k in kinds for c in expected]
    keys += sorted((w for w in received if w not in set(keys)), key=lambda w: (kinds.index(w[0]), w[1]))
    for kind, code in keys:
        entries = received.get((kind, code), [])
        remarks = [
            f"差し替え: {r}（差し替え前のファイルは使いません）" for r in replaced_by.get((kind, code), [])
        ]
        read = [e for e in entries if e.state not in ("unreadable", "skipped")]
        status = _status_of(entries, read, code in expected)
        if status == TWICE:
            remarks.append(
                "同じ回答者のファイルが複数あります。MANIFEST.yaml の supersedes でどれを使うか指定してください"
                " → 指定されるまで集計から除外"
            )
        elif status == NOT_EXPECTED:
            remarks.append("参照データ（implementation_status.csv）の実施自治体にありません → 集計に含めた")
        for entry in entries:
            prefix = f"{Path(entry.file).name}: " if len(entries) > 1 else ""
            remarks += [prefix + r for r in entry.remarks]
        contact = next((e.contact for e in read if any(e.contact.values())), {})
        rows.append(
            {
                "respondent_type": kind,
                "respondent_type_label": codebook.respondent_type_label(kind),
                "muni_code": code,
                "muni_name": resolver.name(code),
                "status": status,
                "file": " / ".join(Path(e.file).name for e in entries),
                "answered_on": " / ".join(e.answered_on for e in read if e.answered_on),
                "remarks": REMARK_SEPARATOR.join(remarks),
                "department": " / ".join(e.department for e in read if e.department),
                **{k: contact.get(k, "") for k in CONTACT_COLUMNS},
            }
        )
    for problem in returns.correction_problems:
        loose.append({"status": CHECK, "file": "corrections.yaml", "remarks": _remark(problem, EXCLUDED)})
    for extra in loose:
        rows.append(
            {
                "respondent_type": "",
                "respondent_type_label": "",
                "muni_code": "",
                "muni_name": "",
                "answered_on": "",
                "department": "",
                **{k: "" for k in CONTACT_COLUMNS},
                **extra,
            }
        )
    frame = pd.DataFrame(rows, columns=["respondent_type", *STATUS_COLUMNS][:-1])
    frame["data_status_label"] = DataStatus.of(manifest["data_status"]).label
    frame.attrs["fiscal_year"] = year
    return frame


def _status_of(entries: list[_Entry], read: list[_Entry], expected: bool) -> str:
    """The status word of one respondent from its files."""
    if not entries:
        return MISSING
    if len(read) > 1:
        return TWICE
    if not read:
        return UNREADABLE
    entry = read[0]
    if entry.state == "excluded":
        return EXCLUDED_STATUS
    if entry.state == "blank":
        return BLANK
    if entry.check or len(entries) > 1:
        return CHECK
    if not expected:
        return NOT_EXPECTED
    return LATE if entry.late else RECEIVED


def _mark_identical(
    results: dict[tuple[str, str], Any],
    codebook: Codebook,
    resolver: Any,
    received: dict[tuple[str, str], list[_Entry]],
) -> None:
    """Add a remark to both respondents of every pair whose answers (or free texts) are the same."""
    from jusolib.core.wording import status_remark

    if not results:
        return

    def of(frame: pd.DataFrame, who: tuple[str, str]) -> pd.DataFrame:
        return frame[(frame["respondent_type"] == who[0]) & (frame["muni_code"] == who[1])]

    # one result per respondent (a respondent of several files is named as returned twice, not compared)
    responses = pd.concat([of(r.responses, who) for who, r in results.items()], ignore_index=True)
    free = pd.concat([of(r.free_text, who) for who, r in results.items()], ignore_index=True)
    for a, b, same_answers, same_texts in identical_answer_sets(responses, free, codebook):
        for me, other in ((a, b), (b, a)):
            name = f"{resolver.name(other[1])}（{codebook.respondent_type_label(other[0])}）"
            texts = "（具体的な内容も同一）" if same_answers and same_texts else ""
            kind = "identical_answers" if same_answers else "identical_free_text"
            remark = status_remark(kind, INCLUDED, other=name, texts=texts)
            for entry in received.get(me, []):
                if entry.state == "included":
                    entry.remarks.append(remark)
                    entry.check = True


@shared_parameters
def default_status_path(fiscal_year: FiscalYearLike) -> Path:
    """Where ``jusolib status`` writes its CSV by default: ``reports/status/FYxxxx_回答状況.csv``.

    Returns
    -------
    Path
        The file under the reports folder (:func:`~jusolib.core.paths.reports_dir`); nothing is created.

    Examples
    --------
    >>> default_status_path("R7").name
    'FY2025_回答状況.csv'
    """
    return reports_dir() / "status" / f"{folder_name(fiscal_year)}_回答状況.csv"


@shared_parameters
def write_status_csv(status: pd.DataFrame, path: Path, data_dir: DataDir = None) -> Path:
    """Write the status table with Japanese headings (UTF-8 with BOM, for Excel); never under ``raw/``.

    The columns of :data:`STATUS_COLUMNS` only (the respondent type's key is left out), written atomically.

    Parameters
    ----------
    path
        The CSV file to write (``~`` expanded); its folder is created if needed.
    data_dir
        The data folder whose ``raw/`` must not be written to (``None``: ``$JUSOLIB_DATA_DIR`` or the shipped
        data).

    Returns
    -------
    Path
        The file written, as an absolute path.

    Raises
    ------
    ParameterError
        When ``path`` is under the raw data or is a folder.
    """
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


@shared_parameters
def status_summary(status: pd.DataFrame) -> list[str]:
    """One line per respondent type: received of expected, and who is missing.

    Respondents 受領（対象外） (not expected in the year) are not counted; every status other than 未着 counts
    as received.

    Returns
    -------
    list of str
        ``"<type>: 受領 <n> / 対象 <m>"``, with ``" — 未着: <names>"`` when someone is missing, in the order of
        the table.

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


@shared_parameters
def fiscal_year_heading(status: pd.DataFrame) -> str:
    """``令和7年度 (2025) — 合成データ``: the line above a printed status table.

    Returns
    -------
    str
        The fiscal year's label and the data status's label.

    Raises
    ------
    JusolibError
        When the table does not carry its fiscal year in ``attrs`` (not made by :func:`collection_status`).
    """
    year = status.attrs.get("fiscal_year")
    label = status["data_status_label"].iloc[0] if len(status) else ""
    if year is None:
        raise JusolibError("status table without its fiscal year")
    return f"{fiscal_year_label(year)} — {label}"
