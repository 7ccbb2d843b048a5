"""Read a returned 調査票: recognise the form by its marker, read it by the hidden keys, check what people do.

:func:`jusolib.io.read.read_return` hands every sheet that carries :data:`~jusolib.io.form_layout.FORM_MARKER` here. The
form becomes a :class:`~jusolib.io.read.RawTable` with one row (the respondent) and one column per key — the
respondent block and every item's answer and free text — each remembering its cell, so that the cleaner's
messages name the cell (``…_世田谷区_自治体.xlsx, sheet 調査票, cell D14 (問1-1)``). From there the form goes
through the same cleaner as a compiled sheet: the same recoding, cleaning log, rejection log and row accounting.

:func:`map_form_columns` (called by :func:`jusolib.io.column_map.map_columns`) checks what happens to forms in real
life, each with the cell it concerns:

========================== ============================================================================ =======
kind                       what                                                                         outcome
========================== ============================================================================ =======
fiscal_year_contradicts_…  the form of another fiscal year (its 調査年度 cell)                           problem
form_missing_item          an item's row is missing (deleted): its hidden item id is not in column A    problem
form_repeated_key          the same hidden key on two rows (a row copied with its key)                  problem
form_unknown_key           a key that is neither a respondent field nor an item of this year's codebook problem
form_missing_field         a prefilled respondent row (団体コード, 回答主体) is missing                   problem
form_code_contradicts_…    the 団体コード cell disagrees with the municipality in the file name          problem
form_name_contradicts_code the 団体名 cell and the 団体コード cell name different municipalities          problem
form_wrong_respondent_type the 回答主体 cell disagrees with the respondent type in the file name         problem
form_inserted_row          a row without a key holds text: it was inserted, and its text is not read    warning
form_sheet_renamed         the questionnaire sheet was renamed (it is read by its marker all the same) warning
form_after_deadline        the 回答日 is after the end of the survey period (the form is read)          warning
form_unanswered            no answer and no free text at all: a blank form sent back                    warning
form_free_text_not_read    text in the free-text cell of an item that has no free text in the codebook  warning
========================== ============================================================================ =======

A problem rejects the form's row (with ``keep_going``) or stops the build, like any row problem; a typed answer
is recoded like any answer (a spelling the codebook lists is accepted and logged; anything else is an
``answer_outside_scale`` problem naming the cell); a blank answer is 無回答.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Any

import pandas as pd

from jusolib.core.errors import JusolibError, Problem
from jusolib.core.fiscal import fiscal_year_label, folder_name, parse_fiscal_year
from jusolib.core.normalize import is_blank, normalize_text
from jusolib.io.form_layout import (
    ANSWER_COLUMN,
    FORM_SHEET,
    FREE_TEXT_COLUMN,
    KEY_COLUMN,
    NUMBER_COLUMN,
    RESPONDENT_FIELDS,
    find_marker,
    is_form_key,
    survey_period,
)
from jusolib.io.raw import ColumnMap, RawTable

if TYPE_CHECKING:
    from jusolib.survey.codebook import Codebook
    from jusolib.survey.reference import MunicipalityResolver

#: Suffix of a free-text column's key in :attr:`FormInfo.positions`.
TEXT_SUFFIX = "#text"
#: How a word of a file name that names a municipality ends (世田谷区, 世田谷区社協, 世田谷区社会福祉協議会).
_NAME_ENDINGS = ("区", "市", "町", "村", "社協", "社会福祉協議会")
_FILE_NAME_TOKENS = re.compile(r"[_\s\-－・、，,（）()\[\]【】「」]+")


@dataclass(frozen=True)
class FormInfo:
    """What the reader found on a questionnaire sheet besides the cells it reads.

    Attributes
    ----------
    sheet
        The sheet's name as returned (``調査票`` unless renamed).
    marker_row
        Row of :data:`~jusolib.io.form_layout.FORM_MARKER`.
    keys
        Hidden key → spreadsheet row (first occurrence).
    repeated
        ``(key, first row, repeated row)`` for keys found on more than one row.
    inserted
        ``(row, text)`` for rows without a key that hold text (inserted by the respondent).
    positions
        Key → column position in the table (an item's free text under ``item_id + "#text"``).
    """

    sheet: str
    marker_row: int
    keys: dict[str, int]
    repeated: tuple[tuple[str, int, int], ...] = ()
    inserted: tuple[tuple[int, str], ...] = ()
    positions: dict[str, int] = field(default_factory=dict)

    def value(self, table: RawTable, key: str) -> object:
        """The value of a key's answer cell (``None`` if the key is missing)."""
        position = self.positions.get(key)
        return None if position is None else table.cells.iloc[0, position]


def _text(value: object) -> str:
    return "" if is_blank(value) else str(value).strip()


def read_form_workbook(
    file: str, path: Any, book: Any, titles: list[str], *, last_row: int | None = None
) -> list[RawTable]:
    """The questionnaire sheets ``titles`` of a workbook opened read-only with formulas (see :func:`read_form_sheet`).

    Saved values are loaded (a second read-only pass) only if a read cell holds a formula. ``last_row`` bounds
    the rows read (the workbook's checked extent, :func:`jusolib.io.limits.check_workbook`).
    """
    import openpyxl

    written = {
        title: [
            [(c.value, c.data_type) for c in row]
            for row in book[title].iter_rows(max_row=last_row, max_col=5)
        ]
        for title in titles
    }
    saved = None
    if any(kind == "f" for rows in written.values() for row in rows for _, kind in row):
        values = openpyxl.load_workbook(path, read_only=True, data_only=True)
        try:
            saved = {
                title: [
                    list(r) for r in values[title].iter_rows(max_row=last_row, max_col=5, values_only=True)
                ]
                for title in titles
            }
        finally:
            values.close()
    return [read_form_sheet(file, title, written[title], saved[title] if saved else None) for title in titles]


def read_form_sheet(
    file: str, title: str, written: list[list[tuple[object, str]]], saved: list[list[object]] | None
) -> RawTable:
    """A questionnaire sheet as a one-row :class:`~jusolib.io.read.RawTable` (see the module docstring).

    Parameters
    ----------
    file
        Display name of the file (relative to the data directory).
    title
        The sheet's name.
    written
        Columns A–E of every row as ``(value, openpyxl data type)``, formulas as written (type ``"f"``).
    saved
        The same cells' saved values, when the sheet has a formula (``None`` otherwise).
    """
    name = f"{file}, sheet {title}"
    blank = (None, "n")
    written = [list(r) + [blank] * (5 - len(r)) for r in written]
    rows = (
        [list(r) + [None] * (5 - len(r)) for r in saved]
        if saved is not None
        else [[v for v, _ in r] for r in written]
    )
    rows += [[None] * 5] * (len(written) - len(rows))
    marker_row = find_marker(r[0] for r in rows) or 1
    keys: dict[str, int] = {}
    repeated, inserted = [], []
    for number, row in enumerate(rows, start=1):
        key = row[0]
        if number == marker_row:
            continue
        if is_blank(key):
            text = " / ".join(_text(v) for v in row[1:5] if not is_blank(v))
            if text and number > marker_row:
                inserted.append((number, text))
            continue
        if not is_form_key(key):
            continue
        key = str(key).strip()
        if key in keys:
            repeated.append((key, keys[key], number))
        else:
            keys[key] = number
    headings: list[str] = []
    refs: list[str] = []
    cells: list[object] = []
    positions: dict[str, int] = {}
    for key, number in keys.items():
        row = rows[number - 1]
        label = RESPONDENT_FIELDS.get(key) or _text(row[1]) or key
        for suffix, column, heading in (
            ("", ANSWER_COLUMN, label),
            (TEXT_SUFFIX, FREE_TEXT_COLUMN, f"{label} 具体的な内容"),
        ):
            if suffix and key in RESPONDENT_FIELDS:
                continue
            positions[key + suffix] = len(cells)
            headings.append(heading)
            refs.append(f"{column}{number}")
            cells.append(row[ord(column) - ord("A")])
    table_row = keys.get("muni_code", marker_row)
    problems, notes = [], []
    for position, ref in enumerate(refs):
        index, number = ord(ref[0]) - ord("A"), int(ref[1:])
        formula, kind = written[number - 1][index]
        if kind != "f":
            continue
        value = cells[position]
        if value is None or saved is None:
            problems.append(
                Problem(
                    name,
                    table_row,
                    headings[position],
                    formula,
                    "a value; this formula has no saved result (the workbook was never recalculated) — "
                    "open it in Excel and save, or type the answer",
                    "formula_without_value",
                    cell=ref,
                )
            )
        else:
            notes.append((table_row, position, formula, value, "formula → saved value"))
    frame = pd.DataFrame([cells], index=[table_row], columns=range(len(cells)), dtype=object)
    info = FormInfo(title, marker_row, keys, tuple(repeated), tuple(inserted), positions)
    return RawTable(
        file=name,
        headings=headings,
        letters=refs,
        cells=frame,
        header_row=marker_row,
        sheet=title,
        cell_problems=problems,
        notes=notes,
        form=info,
        source=file,
    )


# -- checks ------------------------------------------------------------------------------------------------------
def _parse_date(value: object) -> dt.date | None:
    """A 回答日 as written: a date cell, ``2026/1/8``, ``2026-01-08``, ``2026年1月8日`` or ``令和8年1月8日``."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = normalize_text(str(value)) if not is_blank(value) else ""
    match = re.fullmatch(r"(令和)?(\d{1,4})[/\-年.](\d{1,2})[/\-月.](\d{1,2})日?", text)
    if not match:
        return None
    year = int(match[2]) + (2018 if match[1] else 0)
    try:
        return dt.date(year, int(match[3]), int(match[4]))
    except ValueError:
        return None


def _file_name_says(table: RawTable, codebook: Codebook, resolver: MunicipalityResolver) -> tuple[set, set]:
    """Municipalities (codes) and respondent types (keys) named by whole words of the file name."""
    stem = PurePosixPath(table.source or table.file).stem
    codes, kinds = set(), set()
    for token in _FILE_NAME_TOKENS.split(stem):
        if not token or (token.isascii() and not token.isdigit()):
            continue
        kind = codebook.respondent_type_key(token)
        if kind is not None:
            kinds.add(kind)
        elif token.isdigit() or token.endswith(_NAME_ENDINGS):  # only words that can name a municipality
            try:
                codes.add(resolver.resolve(token))
            except JusolibError:
                continue
    return codes, kinds


class _Checks:
    """Collects the problems and warnings of one form (see the module docstring)."""

    def __init__(self, table: RawTable, codebook: Codebook, resolver: MunicipalityResolver) -> None:
        self.table, self.book, self.resolver = table, codebook, resolver
        self.info: FormInfo = table.form
        self.row = int(table.cells.index[0])
        self.problems: list[Problem] = []
        self.warnings: list[Problem] = []

    def cell_of(self, key: str) -> str:
        return self.table.letters[self.info.positions[key]]

    def add(
        self, key_or_cell: str, value: object, expected: str, kind: str, *, warning: bool = False
    ) -> None:
        if key_or_cell in self.info.positions:
            column, cell = self.table.headings[self.info.positions[key_or_cell]], self.cell_of(key_or_cell)
        else:
            column, cell = None, key_or_cell
        shown = None if value is None else _text(value)
        problem = Problem(self.table.file, self.row, column, shown, expected, kind, cell=cell)
        (self.warnings if warning else self.problems).append(problem)

    def form_year(self) -> int | None:
        value = self.info.value(self.table, "fiscal_year")
        try:
            return None if is_blank(value) else parse_fiscal_year(value)
        except JusolibError:
            return None

    def structure(self, other_year: bool) -> None:
        for key in ("muni_code", "respondent_type"):
            if key not in self.info.keys:
                self.add(
                    "",
                    None,
                    f"the prefilled {RESPONDENT_FIELDS[key]} row (hidden key {key!r} in column {KEY_COLUMN}); it is "
                    "missing — the row was deleted. Ask the respondent to answer on a fresh form",
                    "form_missing_field",
                )
        for key, first, again in self.info.repeated:
            self.add(
                f"{KEY_COLUMN}{again}",
                key,
                f"each hidden key once; {key!r} is also on row {first} (a row was copied with its key) — keep "
                "one row per item",
                "form_repeated_key",
            )
        if other_year:
            return
        items = set(self.book.item_ids())
        for key, number in self.info.keys.items():
            if key not in RESPONDENT_FIELDS and key not in items:
                self.add(
                    f"{KEY_COLUMN}{number}",
                    key,
                    f"an item id of {self.book.path.name}; this one is not in it (is the form from another "
                    "survey?)",
                    "form_unknown_key",
                )
        for item_id in self.book.item_ids():
            if item_id not in self.info.keys:
                item = self.book.item(item_id)
                self.problems.append(
                    Problem(
                        self.table.file,
                        self.row,
                        f"{item['number']} {item['label']}",
                        None,
                        f"a row with the hidden item id {item_id!r} in column {KEY_COLUMN}; it is missing (the "
                        "row was deleted) — ask for the answer, and have it entered on a fresh form",
                        "form_missing_item",
                        cell="",
                    )
                )

    def year(self) -> bool:
        """Problem if the form is of another fiscal year; True when it is (its items are then not read)."""
        year = self.form_year()
        if year is None or year == self.book.fiscal_year:
            return False
        folder = fiscal_year_label(self.book.fiscal_year)
        self.add(
            "fiscal_year",
            self.info.value(self.table, "fiscal_year"),
            f"{folder}, the fiscal year of the folder; this is the {fiscal_year_label(year)} questionnaire — "
            f"the respondent answered another year's form: send the {folder} form (jusolib questionnaire "
            f"--fiscal-year {self.book.fiscal_year}), or move the file to {folder_name(year)} if it belongs there",
            "fiscal_year_contradicts_folder",
        )
        return True

    def file_name(self) -> None:
        """The 団体コード and 回答主体 cells against the file name, and the 団体名 cell against the code."""
        codes, kinds = _file_name_says(self.table, self.book, self.resolver)
        file = PurePosixPath(self.table.source or self.table.file).name
        code = self._resolve(self.info.value(self.table, "muni_code"))
        if code is not None and codes and code not in codes:
            named = "、".join(f"{self.resolver.name(c)} {c}" for c in sorted(codes))
            self.add(
                "muni_code",
                self.info.value(self.table, "muni_code"),
                f"the municipality the file name {file} names ({named}); the form is {self.resolver.name(code)}'s — "
                "a form sent to another municipality was filled in, or the file was misnamed: check with the "
                "sender before using it",
                "form_code_contradicts_file_name",
            )
        name = self._resolve(self.info.value(self.table, "muni_name"))
        if code is not None and name is not None and name != code:
            self.add(
                "muni_name",
                self.info.value(self.table, "muni_name"),
                f"{self.resolver.name(code)}, the municipality of the 団体コード cell {self.cell_of('muni_code')} "
                f"({code}); the prefilled cells were changed — check with the sender",
                "form_name_contradicts_code",
            )
        raw_kind = self.info.value(self.table, "respondent_type")
        kind = None if is_blank(raw_kind) else self.book.respondent_type_key(str(raw_kind))
        if kind is not None and kinds and kind not in kinds:
            named = "、".join(self.book.respondent_type_label(k) for k in sorted(kinds))
            self.add(
                "respondent_type",
                raw_kind,
                f"the respondent type the file name {file} names ({named}); the form is the "
                f"{self.book.respondent_type_label(kind)} form — the {named} answered on the form meant for the "
                f"{self.book.respondent_type_label(kind)}? Send it its own form and ask it to answer there",
                "form_wrong_respondent_type",
            )

    def _resolve(self, value: object) -> str | None:
        if is_blank(value):
            return None
        try:
            return self.resolver.resolve(value)
        except JusolibError:
            return None

    def content(self) -> None:
        """Warnings: renamed sheet, inserted rows, answered after the deadline, nothing answered."""
        info = self.info
        if info.sheet != FORM_SHEET:
            self.add(
                "",
                info.sheet,
                f"the sheet {FORM_SHEET}; it was renamed to {info.sheet!r} and was read by its hidden marker "
                f"({KEY_COLUMN}{info.marker_row})",
                "form_sheet_renamed",
                warning=True,
            )
        for number, text in info.inserted:
            self.add(
                f"{NUMBER_COLUMN}{number}",
                text,
                "no text outside the form's rows; this row was inserted (it has no hidden key in column "
                f"{KEY_COLUMN}) and its text was not read — if it belongs to an item, add it to that item's "
                "具体的な内容",
                "form_inserted_row",
                warning=True,
            )
        period = survey_period(self.book.meta)
        answered = _parse_date(info.value(self.table, "answered_on"))
        if period and answered and answered > dt.date.fromisoformat(period[1]):
            note = _text(info.value(self.table, "note"))
            self.add(
                "answered_on",
                answered.isoformat(),
                f"a date within the survey period {period[0]} 〜 {period[1]}; the form was answered after the "
                "deadline and was read" + (f" (備考: {note})" if note else ""),
                "form_after_deadline",
                warning=True,
            )
        items = [k for k in self.book.item_ids() if k in info.positions]
        texts = [k + TEXT_SUFFIX for k in items if k + TEXT_SUFFIX in info.positions]
        if items and all(is_blank(info.value(self.table, k)) for k in items + texts):
            self.add(
                "",
                None,
                "answers; the form has none at all (a blank form sent back?) — every item counts as 無回答",
                "form_unanswered",
                warning=True,
            )
        for item_id in items:
            key = item_id + TEXT_SUFFIX
            if not isinstance(self.book.item(item_id)["free_text_column"], str) and not is_blank(
                info.value(self.table, key)
            ):
                self.add(
                    key,
                    info.value(self.table, key),
                    f"no free text for this item (the codebook has no free-text column for {item_id}); it was "
                    "not read",
                    "form_free_text_not_read",
                    warning=True,
                )


def map_form_columns(table: RawTable, codebook: Codebook, resolver: MunicipalityResolver) -> ColumnMap:
    """Which cell of a form plays which role, and the form's problems and warnings (see the module docstring).

    Problems go to ``row_problems`` (they reject the form's row, or stop the build without ``keep_going``);
    nothing here is a file-level problem, so one bad form never hides the others.
    """

    info: FormInfo = table.form
    checks = _Checks(table, codebook, resolver)
    other_year = checks.year()
    checks.structure(other_year)
    checks.file_name()
    mapping = ColumnMap(
        municipality=info.positions.get("muni_code"),
        respondent_type=info.positions.get("respondent_type"),
    )
    if not other_year:
        mapping.fiscal_year = info.positions.get("fiscal_year")
        checks.content()
        for item_id in codebook.item_ids():
            if item_id in info.positions:
                mapping.items[item_id] = info.positions[item_id]
                if isinstance(codebook.item(item_id)["free_text_column"], str):
                    mapping.free_text[item_id] = info.positions[item_id + TEXT_SUFFIX]
    mapping.row_problems = checks.problems
    mapping.warnings = checks.warnings
    return mapping


def form_identity(
    table: RawTable, codebook: Codebook, resolver: MunicipalityResolver
) -> tuple[str, str] | None:
    """``(respondent type key, 団体コード)`` of a form from its prefilled cells, or ``None`` if unreadable."""
    info: FormInfo = table.form
    kind_value, code_value = info.value(table, "respondent_type"), info.value(table, "muni_code")
    kind = None if is_blank(kind_value) else codebook.respondent_type_key(str(kind_value))
    try:
        code = None if is_blank(code_value) else resolver.resolve(code_value)
    except JusolibError:
        code = None
    return (kind, code) if kind and code else None
