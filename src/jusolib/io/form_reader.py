"""Read a returned 調査票: recognise the form by its marker, read it by the hidden keys, check what people do.

:func:`jusolib.io.read.read_return` hands every sheet that carries a form marker
(:data:`~jusolib.io.form_layout.FORM_MARKERS`) here. The form becomes a :class:`~jusolib.io.read.RawTable` with
one row (the respondent) and one column per key — the respondent block and every item's answer and free text —
each remembering its cell, so that the cleaner's messages name the cell (``…_世田谷区_自治体.xlsx, sheet 調査票,
cell D17 (問1-1)``). From there the form goes through the same cleaner as a compiled sheet: the same recoding,
cleaning log, rejection log and row accounting. The contact block (担当者名, 電話番号, メールアドレス) is kept
apart (:attr:`FormInfo.contact`), never among the cells: it serves ``jusolib status`` and cannot reach a report.

:func:`map_form_columns` (called by :func:`jusolib.io.column_map.map_columns`) checks every cell read against
what the respondent saw, and what happens to forms in real life, each with the cell it concerns:

============================== ======================================================================= =======
kind                           what                                                                    outcome
============================== ======================================================================= =======
fiscal_year_contradicts_…      the form of another fiscal year (its 調査年度 cell)                      problem
form_missing_item              an item's row is missing (deleted): its hidden item id is not in col. A problem
form_repeated_key              the same hidden key on two rows (a row copied with its key)             problem
form_unknown_key               a key that is neither a respondent field nor an item of the codebook    problem
form_missing_field             a prefilled respondent row (団体コード, 回答主体) is missing              problem
form_code_contradicts_…        the 団体コード cell disagrees with the municipality in the file name     problem
form_name_contradicts_code     the 団体名 cell and the 団体コード cell name different municipalities     problem
form_wrong_respondent_type     the 回答主体 cell disagrees with the respondent type in the file name    problem
form_moved_row                 a row shows another item's 問 number or wording than its hidden key:    problem
                               its visible cells were moved (cut and paste); both rows are named
form_merged_cells              answer or 具体的な内容 cells merged (the cells after the first would be problem
                               read as blank)
form_answer_in_text            an option typed into 具体的な内容 while the answer cell is blank         problem
form_department_other_type     担当部署 names the other respondent type (社会福祉協議会 on the 自治体  problem
                               form): who answered?
form_wording_changed           a row's wording is not the codebook's (no other item's either)          warning
form_note_other_type           備考 mentions the other respondent type                                 warning
form_inserted_row              a row without a key holds text: it was inserted, and its text is not    warning
                               read (withheld when it is in the contact block)
form_cell_comment              a comment on a cell: kept in the cleaning log, not read as an answer    warning
form_extra_sheet               a sheet added to the workbook holds text: not read                      warning
form_sheet_renamed             the questionnaire sheet was renamed (read by its marker all the same)  warning
form_after_deadline            the 回答日 is after the end of the survey period (the form is read)     warning
form_unanswered                no answer and no free text at all: a blank form (白紙) — set aside, not  warning
                               a respondent, unless ``corrections.yaml`` counts it
form_free_text_not_read        text in the free-text cell of an item that has no free text             warning
============================== ======================================================================= =======

A problem rejects the form's row (with ``keep_going``) or stops the build, like any row problem; a typed answer
is recoded like any answer (a spelling the codebook lists is accepted and logged; a number is not an answer on
a form, which shows no option numbers; anything else is an ``answer_outside_scale`` problem naming the cell); a
blank answer is 無回答. A problem the coordinator settled in ``corrections.yaml`` (the keys it concerns were
corrected, :attr:`FormInfo.corrected`) is not raised again: the correction is in the cleaning log instead.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Any

import pandas as pd

from jusolib.core.docstrings import shared_parameters
from jusolib.core.errors import JusolibError, Problem
from jusolib.core.fiscal import fiscal_year_label, folder_name, parse_fiscal_year
from jusolib.core.normalize import is_blank, normalize_heading, normalize_text, spelling_key
from jusolib.io.form_layout import (
    ANSWER_COLUMN,
    CONTACT_FIELDS,
    FORM_SHEET,
    FREE_TEXT_COLUMN,
    KEY_COLUMN,
    NUMBER_COLUMN,
    RESPONDENT_FIELDS,
    find_marker,
    is_form_key,
    shown_label,
    survey_period,
)
from jusolib.io.raw import ColumnMap, RawTable

if TYPE_CHECKING:
    from jusolib.survey.codebook import Codebook
    from jusolib.survey.reference import MunicipalityResolver

#: Suffix of a free-text column's key in :attr:`FormInfo.positions`.
TEXT_SUFFIX = "#text"
#: The rule of a cell comment in the cleaning log.
COMMENT_RULE = "cell comment (kept here, not read as an answer)"
#: How a word of a file name that names a municipality ends (世田谷区, 世田谷区社協, 世田谷区社会福祉協議会).
_NAME_ENDINGS = ("区", "市", "町", "村", "社協", "社会福祉協議会")
_FILE_NAME_TOKENS = re.compile(r"[_\s\-－・、，,（）()\[\]【】「」]+")
_CELL = re.compile(r"^([A-Z]{1,3})(\d+)$")


@dataclass(frozen=True)
class FormInfo:
    """What the reader found on a questionnaire sheet besides the cells it reads.

    Attributes
    ----------
    sheet
        The sheet's name as returned (``調査票`` unless renamed).
    marker_row
        Row of the form marker.
    keys
        Hidden key → spreadsheet row (first occurrence).
    repeated
        ``(key, first row, repeated row)`` for keys found on more than one row.
    inserted
        ``(row, text)`` for rows without a key that hold text (inserted by the respondent); the text is
        ``None`` for a row inserted in the contact block (withheld: it may be a phone number).
    positions
        Key → column position in the table (an item's free text under ``item_id + "#text"``).
    shown
        Key → what its row shows in columns B and C (the 問 number or field name, and the wording).
    contact
        The contact block (担当者名, 電話番号, メールアドレス) by key: for ``jusolib status`` only.
    merged
        Merged ranges of the sheet (``"D17:D18"``).
    comments
        ``(cell, text)`` of every cell comment on the sheet.
    extra_sheets
        Other sheets of the workbook (not the cover) that hold text.
    corrected
        Keys the coordinator corrected in ``corrections.yaml`` (set by :mod:`jusolib.clean.corrections`).
    blank_accepted
        The coordinator counts this blank form as a respondent (``corrections.yaml``).
    """

    sheet: str
    marker_row: int
    keys: dict[str, int]
    repeated: tuple[tuple[str, int, int], ...] = ()
    inserted: tuple[tuple[int, str | None], ...] = ()
    positions: dict[str, int] = field(default_factory=dict)
    shown: dict[str, tuple[str, str]] = field(default_factory=dict)
    contact: dict[str, str] = field(default_factory=dict)
    merged: tuple[str, ...] = ()
    comments: tuple[tuple[str, str], ...] = ()
    extra_sheets: tuple[str, ...] = ()
    corrected: frozenset[str] = frozenset()
    blank_accepted: bool = False

    def value(self, table: RawTable, key: str) -> object:
        """The value of a key's answer cell (``None`` if the key is missing).

        Parameters
        ----------
        table
            The one-row table this form was read into (:func:`read_form_sheet`).
        key
            A respondent field (``"muni_code"``), an item id, or an item id with :data:`TEXT_SUFFIX` for its
            free text.

        Returns
        -------
        object
            The cell's value as read (text, a number, a date …); ``None`` when the form has no row of that key.
        """
        position = self.positions.get(key)
        return None if position is None else table.cells.iloc[0, position]


def _text(value: object) -> str:
    return "" if is_blank(value) else str(value).strip()


def split_cell(ref: str) -> tuple[str, int]:
    """Column letters and row number of a cell reference.


    Parameters
    ----------
    ref
        A cell reference (``D17``, ``$D$17``).

    Returns
    -------
    (str, int)
    Examples
    --------
    >>> split_cell("D17")
    ('D', 17)
    """
    match = _CELL.match(ref.replace("$", "").upper())
    if not match:
        raise ValueError(f"not a cell reference: {ref!r}")
    return match[1], int(match[2])


def range_cells(ref: str) -> list[tuple[str, int]]:
    """The cells (column letter A–Z, row) of a range such as ``D17:E18``; one cell for ``D17``.


    Parameters
    ----------
    ref
        A range (``D17:E18``) or a cell.

    Returns
    -------
    list of (str, int)
    Examples
    --------
    >>> range_cells("D17:E18")
    [('D', 17), ('E', 17), ('D', 18), ('E', 18)]
    """
    first, _, last = ref.partition(":")
    (c0, r0), (c1, r1) = split_cell(first), split_cell(last or first)
    columns = [chr(c) for c in range(ord(c0[-1]), ord(c1[-1]) + 1)] if len(c0) == len(c1) == 1 else [c0]
    return [(c, r) for r in range(r0, r1 + 1) for c in columns]


@shared_parameters
def read_form_workbook(
    file: str, path: Any, book: Any, titles: list[str], *, last_row: int | None = None
) -> list[RawTable]:
    """The questionnaire sheets ``titles`` of a workbook opened read-only with formulas (see :func:`read_form_sheet`).

    Saved values are loaded (a second read-only pass) only if a read cell holds a formula. ``last_row`` bounds
    the rows read (the workbook's checked extent, :func:`jusolib.io.limits.check_workbook`). Merged ranges and
    cell comments, which openpyxl's read-only mode does not load, are read from the sheets' parts
    (:func:`sheet_extras`).

    Parameters
    ----------
    path
        The ``.xlsx`` file (opened again for the saved values and the sheets' parts).
    book
        The workbook, opened by openpyxl read-only with ``data_only=False`` (the caller closes it).
    titles
        The sheets that carry the form marker, in the workbook's order.
    last_row
        The last row to read (the workbook's checked extent); ``None`` for every row.

    Returns
    -------
    list of RawTable
        One one-row table per form sheet; other sheets holding text (not the cover) are listed in each
        form's :attr:`FormInfo.extra_sheets`.
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
    extras = sheet_extras(path, book.sheetnames)
    others = tuple(
        title
        for title in book.sheetnames
        if title not in titles and _holds_text(book[title], last_row) and not _is_cover(book[title], last_row)
    )
    return [
        read_form_sheet(
            file,
            title,
            written[title],
            saved[title] if saved else None,
            merged=extras.get(title, ((), ()))[0],
            comments=extras.get(title, ((), ()))[1],
            extra_sheets=others,
        )
        for title in titles
    ]


def _holds_text(sheet: Any, last_row: int | None) -> bool:
    return any(not is_blank(v) for row in sheet.iter_rows(max_row=last_row, values_only=True) for v in row)


def _is_cover(sheet: Any, last_row: int | None) -> bool:
    """The form's own cover (``表紙``, as written, or renamed): it names the survey and how to answer."""
    from jusolib.io.form_layout import COVER_SHEET

    if sheet.title == COVER_SHEET:
        return True
    texts = {_text(v) for row in sheet.iter_rows(max_row=last_row, values_only=True) for v in row}
    return "回答のしかた" in texts and "調査票" in texts


def sheet_extras(
    path: Any, titles: Sequence[str]
) -> dict[str, tuple[tuple[str, ...], tuple[tuple[str, str], ...]]]:
    """Merged ranges and cell comments of each sheet of an ``.xlsx``, read from its parts.

    openpyxl's read-only mode loads neither. The parts are parsed with :mod:`defusedxml` after the workbook
    passed the read limits (:func:`jusolib.io.limits.check_workbook`); a part that cannot be parsed gives
    nothing (the values are read all the same).

    Parameters
    ----------
    path
        The workbook.
    titles
        The sheets wanted.

    Returns
    -------
    dict
        Sheet title → ``(merged ranges, ((cell, comment text), …))``.
    """
    import posixpath
    import zipfile

    from defusedxml import ElementTree

    main = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    rel_ns = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
    package = "{http://schemas.openxmlformats.org/package/2006/relationships}"
    out: dict[str, tuple[tuple[str, ...], tuple[tuple[str, str], ...]]] = {}
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())

            def parse(part: str) -> Any:
                return ElementTree.fromstring(archive.read(part)) if part in names else None

            def targets(part: str) -> dict[str, tuple[str, str]]:
                rels = parse(
                    posixpath.join(posixpath.dirname(part), "_rels", posixpath.basename(part) + ".rels")
                )
                found = {}
                for rel in [] if rels is None else rels.iter(f"{package}Relationship"):
                    target = rel.get("Target", "")
                    where = (
                        target.lstrip("/")
                        if target.startswith("/")
                        else posixpath.normpath(posixpath.join(posixpath.dirname(part), target))
                    )
                    found[rel.get("Id", "")] = (rel.get("Type", ""), where)
                return found

            workbook = parse("xl/workbook.xml")
            sheets = targets("xl/workbook.xml")
            for sheet in [] if workbook is None else workbook.iter(f"{main}sheet"):
                title = sheet.get("name", "")
                if title not in titles:
                    continue
                part = sheets.get(sheet.get(f"{rel_ns}id", ""), ("", ""))[1]
                root = parse(part)
                if root is None:
                    continue
                merged = tuple(m.get("ref", "") for m in root.iter(f"{main}mergeCell") if m.get("ref"))
                comments: list[tuple[str, str]] = []
                for kind, target in targets(part).values():
                    if not kind.endswith("/comments"):
                        continue
                    notes = parse(target)
                    for comment in [] if notes is None else notes.iter(f"{main}comment"):
                        text = "".join(t.text or "" for t in comment.iter(f"{main}t")).strip()
                        if text:
                            comments.append((comment.get("ref", ""), text))
                out[title] = (merged, tuple(comments))
    except Exception:  # untrusted bytes that openpyxl could read: extras are then simply not known
        return out
    return out


def read_form_sheet(
    file: str,
    title: str,
    written: list[list[tuple[object, str]]],
    saved: list[list[object]] | None,
    *,
    merged: Sequence[str] = (),
    comments: Sequence[tuple[str, str]] = (),
    extra_sheets: Sequence[str] = (),
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
    merged, comments, extra_sheets
        The sheet's merged ranges, its cell comments ``(cell, text)``, and the workbook's other sheets that hold
        text (see :class:`FormInfo`).

    Returns
    -------
    RawTable
        Named ``"<file>, sheet <title>"``: one row (indexed by the 団体コード row's number) with a column per
        key — respondent fields, then each item's answer and free text — whose ``letters`` are the cells
        (``D17``); its ``form`` is the :class:`FormInfo`, its ``cell_problems`` the formulas without a saved
        value, its ``notes`` the formulas read by their saved value and the cell comments.
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
    repeated: list[tuple[str, int, int]] = []
    unkeyed: list[tuple[int, str]] = []
    keyed_rows: list[tuple[int, str]] = []
    for number, row in enumerate(rows, start=1):
        key = row[0]
        if number == marker_row:
            continue
        if is_blank(key):
            text = " / ".join(_text(v) for v in row[1:5] if not is_blank(v))
            if text and number > marker_row:
                unkeyed.append((number, text))
            continue
        if not is_form_key(key):
            continue
        key = str(key).strip()
        keyed_rows.append((number, key))
        if key in keys:
            repeated.append((key, keys[key], number))
        else:
            keys[key] = number
    inserted = tuple(
        (number, None if _in_contact_block(number, keyed_rows) else text) for number, text in unkeyed
    )
    headings: list[str] = []
    refs: list[str] = []
    cells: list[object] = []
    positions: dict[str, int] = {}
    shown: dict[str, tuple[str, str]] = {}
    contact: dict[str, str] = {}
    for key, number in keys.items():
        row = rows[number - 1]
        shown[key] = (_text(row[1]), _text(row[2]))
        if key in CONTACT_FIELDS:  # kept apart: never a cell of the table, so never in any output
            contact[key] = _text(row[3])
            continue
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
    problems: list[Problem] = []
    notes: list[tuple[int, int | str, object, object, str]] = []
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
    contact_rows = {keys[k] for k in CONTACT_FIELDS if k in keys}
    kept_comments = []
    for ref, text in comments:
        try:
            _, comment_row = split_cell(ref)
        except ValueError:
            continue
        if comment_row in contact_rows:
            kept_comments.append(
                (ref, "")
            )  # withheld: a comment on the contact block may hold a phone number
            continue
        kept_comments.append((ref, text))
        at: int | str = refs.index(ref) if ref in refs else f"cell {ref}"
        notes.append((table_row, at, text, "", COMMENT_RULE))
    frame = pd.DataFrame([cells], index=[table_row], columns=range(len(cells)), dtype=object)
    info = FormInfo(
        title,
        marker_row,
        keys,
        tuple(repeated),
        inserted,
        positions,
        shown,
        contact,
        tuple(merged),
        tuple(kept_comments),
        tuple(extra_sheets),
    )
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


def _in_contact_block(number: int, keyed_rows: list[tuple[int, str]]) -> bool:
    """True for an unkeyed row next to the contact block (the keyed row above or below it is a contact field)."""
    above = [key for row, key in keyed_rows if row < number]
    below = [key for row, key in keyed_rows if row > number]
    return bool(above and above[-1] in CONTACT_FIELDS) or bool(below and below[0] in CONTACT_FIELDS)


# -- dates -------------------------------------------------------------------------------------------------------
_ERAS = {"令和": 2018, "R": 2018, "平成": 1988, "H": 1988}
_DATE = re.compile(
    r"(令和|平成|R|H)?(\d{1,4}|元)[/\-年.](\d{1,2})[/\-月.](\d{1,2})日?(?:\(.\))?(?:\d{1,2}:\d{2}(?::\d{2})?)?"
)
#: Excel's day 0 (its serial dates count from 1899-12-30, leap-year bug included).
_EXCEL_EPOCH = dt.date(1899, 12, 30)


def parse_answer_date(value: object) -> dt.date | None:
    """A 回答日 as written: a date cell, ``2026/1/8``, ``2026-01-08``, ``2026年1月8日``, ``令和8年1月8日``,
    ``R8.1.8``, ``令和元年…``, or an Excel date serial typed as a number; ``None`` when it is not a date.


    Parameters
    ----------
    value
        The 回答日 cell as read.

    Returns
    -------
    datetime.date or None
    Examples
    --------
    >>> parse_answer_date("令和8年1月8日（木）"), parse_answer_date("R8.1.8"), parse_answer_date(46030)
    (datetime.date(2026, 1, 8), datetime.date(2026, 1, 8), datetime.date(2026, 1, 8))
    >>> parse_answer_date("1月8日") is None, parse_answer_date("2026/2/30") is None
    (True, True)
    """
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if 30_000 <= value <= 80_000 and float(value).is_integer():  # 1982 … 2119: a plausible serial
            return _EXCEL_EPOCH + dt.timedelta(days=int(value))
        return None
    text = normalize_text(str(value)).upper() if not is_blank(value) else ""
    match = _DATE.fullmatch(text)
    if not match:
        return None
    year = 1 if match[2] == "元" else int(match[2])
    if match[1]:
        year += _ERAS[match[1]]
    elif year < 100:
        return None
    try:
        return dt.date(year, int(match[3]), int(match[4]))
    except ValueError:
        return None


# -- checks ------------------------------------------------------------------------------------------------------
def _file_name_says(table: RawTable, codebook: Codebook, resolver: MunicipalityResolver) -> tuple[set, set]:
    """Municipalities (codes) and respondent types (keys) named by whole words of the file name."""
    return file_name_says(PurePosixPath(table.source or table.file).stem, codebook, resolver)


def file_name_says(stem: str, codebook: Codebook, resolver: MunicipalityResolver) -> tuple[set, set]:
    """Municipalities (codes) and respondent types (keys) named by whole words of a file name (without suffix).


    Parameters
    ----------
    stem
        The file name without its suffix.
    codebook
        The fiscal year's codebook (respondent types and their spellings).
    resolver
        The municipality resolver.

    Returns
    -------
    (set, set)
        団体コード and respondent-type keys.
    Examples
    --------
    >>> from jusolib.survey.codebook import load_codebook
    >>> from jusolib.survey.reference import municipality_resolver
    >>> file_name_says("令和7年度_成果と課題調査_国立市_自治体", load_codebook(2025), municipality_resolver())
    ({'132152'}, {'municipality'})
    """
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


def respondent_type_words(codebook: Codebook) -> dict[str, tuple[str, ...]]:
    """Words that name each respondent type in a text (its label and aliases, normalised), leaving out any word
    that is part of another type's word (区市 is in 区市社協).


    Parameters
    ----------
    codebook
        The fiscal year's codebook (respondent types, labels and aliases).

    Returns
    -------
    dict
        Respondent-type key → its words.
    Examples
    --------
    >>> from jusolib.survey.codebook import load_codebook
    >>> words = respondent_type_words(load_codebook(2024))
    >>> "社会福祉協議会" in words["council"], "区市" in words["municipality"], "自治体" in words["municipality"]
    (True, False, True)
    """
    words = {
        key: {
            normalize_text(str(w))
            for w in (row["label"], *row["aliases"])
            if len(normalize_text(str(w))) >= 2
        }
        for key, row in codebook.respondent_types.iterrows()
    }
    out = {}
    for key, mine in words.items():
        others = [w for k, ws in words.items() if k != key for w in ws]
        out[key] = tuple(sorted(w for w in mine if not any(w in o for o in others)))
    return out


def _names_types(text: str, words: dict[str, tuple[str, ...]]) -> set[str]:
    normal = normalize_text(text)
    return {key for key, found in words.items() if any(w in normal for w in found)}


class _Checks:
    """Collects the problems and warnings of one form (see the module docstring)."""

    def __init__(self, table: RawTable, codebook: Codebook, resolver: MunicipalityResolver) -> None:
        self.table, self.book, self.resolver = table, codebook, resolver
        self.info: FormInfo = table.form
        self.row = int(table.cells.index[0])
        self.problems: list[Problem] = []
        self.warnings: list[Problem] = []
        self.settled: list[Problem] = []

    def cell_of(self, key: str) -> str:
        return self.table.letters[self.info.positions[key]]

    def add(
        self,
        key_or_cell: str,
        value: object,
        expected: str,
        kind: str,
        *,
        warning: bool = False,
        settled_by: Iterable[str] = (),
        column: str | None = None,
        **details: object,
    ) -> None:
        """Record a problem (or a warning) at a key's cell or at a cell; ``settled_by``: the keys whose correction
        in ``corrections.yaml`` settles it (then it is not raised)."""
        if key_or_cell in self.info.positions:
            shown_column, cell = (
                self.table.headings[self.info.positions[key_or_cell]],
                self.cell_of(key_or_cell),
            )
        else:
            shown_column, cell = None, key_or_cell
        shown = None if value is None else _text(value)
        problem = Problem(
            self.table.file,
            self.row,
            column or shown_column,
            shown,
            expected,
            kind,
            cell=cell,
            details=tuple((k, str(v)) for k, v in details.items()),
        )
        keys = set(settled_by)
        if not warning and keys and keys <= self.info.corrected:
            self.settled.append(problem)
            return
        (self.warnings if warning else self.problems).append(problem)

    def label(self, key: str) -> str:
        """How a key is named to a person: 問1-2 for an item, 団体コード for a field."""
        if key in RESPONDENT_FIELDS:
            return RESPONDENT_FIELDS[key]
        if key in self.book.items.index:
            return str(self.book.item(key)["number"])
        return key

    def form_year(self) -> int | None:
        value = self.info.value(self.table, "fiscal_year")
        try:
            return None if is_blank(value) else parse_fiscal_year(value)
        except JusolibError:
            return None

    def structure(self, other_year: bool) -> None:
        for key in ("muni_code", "respondent_type"):
            if key not in self.info.keys and key not in self.info.positions:
                self.add(
                    "",
                    None,
                    f"the prefilled {RESPONDENT_FIELDS[key]} row (hidden key {key!r} in column {KEY_COLUMN}); it is "
                    "missing — the row was deleted. Ask the respondent to answer on a fresh form",
                    "form_missing_field",
                    settled_by=[key],
                    column=RESPONDENT_FIELDS[key],
                    field=RESPONDENT_FIELDS[key],
                )
        for key, first, again in self.info.repeated:
            self.add(
                f"{KEY_COLUMN}{again}",
                key,
                f"each hidden key once; {key!r} is also on row {first} (a row was copied with its key) — keep "
                "one row per item",
                "form_repeated_key",
                settled_by=[key],
                item=self.label(key),
                row=again,
                first_row=first,
            )
        if other_year:
            return
        items = set(self.book.item_ids())
        numbers = {normalize_heading(str(self.book.item(i)["number"])): i for i in items}
        for key, number in self.info.keys.items():
            if key not in RESPONDENT_FIELDS and key not in items:
                shows = numbers.get(normalize_heading(self.info.shown.get(key, ("", ""))[0]))
                self.add(
                    f"{KEY_COLUMN}{number}",
                    key,
                    f"an item id of {self.book.path.name}; this one is not in it (is the form from another "
                    "survey, or was the hidden column edited?)",
                    "form_unknown_key",
                    settled_by=[shows] if shows else [],
                    row=number,
                )
        for item_id in self.book.item_ids():
            if item_id not in self.info.keys and item_id not in self.info.positions:
                item = self.book.item(item_id)
                self.add(
                    "",
                    None,
                    f"a row with the hidden item id {item_id!r} in column {KEY_COLUMN}; it is missing (the row was "
                    "deleted) — ask for the answer, and have it entered on a fresh form or in corrections.yaml",
                    "form_missing_item",
                    settled_by=[item_id],
                    column=f"{item['number']} {item['label']}",
                    item=item["number"],
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
            form_year=fiscal_year_label(year, western=False),
            folder_year=fiscal_year_label(self.book.fiscal_year, western=False),
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
                settled_by=["muni_code"],
                file_names="、".join(self.resolver.name(c) for c in sorted(codes)),
                form_name=self.resolver.name(code),
            )
        name = self._resolve(self.info.value(self.table, "muni_name"))
        if code is not None and name is not None and name != code:
            self.add(
                "muni_name",
                self.info.value(self.table, "muni_name"),
                f"{self.resolver.name(code)}, the municipality of the 団体コード cell {self.cell_of('muni_code')} "
                f"({code}); the prefilled cells were changed — check with the sender",
                "form_name_contradicts_code",
                settled_by=["muni_code"],
                code_name=self.resolver.name(code),
                code=code,
                code_cell=self.cell_of("muni_code"),
            )
        raw_kind = self.info.value(self.table, "respondent_type")
        kind = None if is_blank(raw_kind) else self.book.respondent_type_key(str(raw_kind))
        if kind is not None and kinds and kind not in kinds:
            named = "、".join(self.book.respondent_type_label(k) for k in sorted(kinds))
            form_label = self.book.respondent_type_label(kind)
            self.add(
                "respondent_type",
                raw_kind,
                f"the respondent type the file name {file} names ({named}); the form is the "
                f"{form_label} form — the {named} answered on the form meant for the "
                f"{form_label}? Send it its own form and ask it to answer there",
                "form_wrong_respondent_type",
                settled_by=["respondent_type"],
                file_type=named,
                form_type=form_label,
            )

    def _resolve(self, value: object) -> str | None:
        if is_blank(value):
            return None
        try:
            return self.resolver.resolve(value)
        except JusolibError:
            return None

    # -- what the respondent saw -------------------------------------------------------------------------------
    def _expected_shown(self, key: str) -> tuple[str, str] | None:
        if key in RESPONDENT_FIELDS:
            return RESPONDENT_FIELDS[key], ""
        if key in self.book.items.index:
            item = self.book.item(key)
            return str(item["number"]), shown_label(item)
        return None

    def visible(self) -> None:
        """Each row's 問 number (or field name) and wording against its hidden key: a row showing another key's
        number or wording was moved (its visible cells cut and pasted) — a problem naming both rows."""
        by_number: dict[str, str] = {}
        by_label: dict[str, str] = {}
        for key in [*RESPONDENT_FIELDS, *self.book.item_ids()]:
            expected = self._expected_shown(key)
            if expected is None:
                continue
            by_number[normalize_heading(expected[0])] = key
            if expected[1]:
                by_label[normalize_heading(expected[1])] = key
        for key, row in self.info.keys.items():
            expected = self._expected_shown(key)
            if expected is None or key not in self.info.shown:
                continue
            number, wording = (normalize_heading(t) for t in self.info.shown[key])
            other = by_number.get(number) or (by_label.get(wording) if not number else None)
            if other is not None and other != key:
                other_row = self.info.keys.get(other)
                if other_row is not None:
                    where = (
                        f"{self.label(other)}'s hidden key is on row {other_row}, which shows "
                        f"{self.info.shown.get(other, ('',))[0] or 'no number'}"
                    )
                else:
                    where = f"{self.label(other)}'s hidden key is on no row"
                shown_number = self.info.shown[key][0] or self.info.shown[key][1]
                self.add(
                    f"{NUMBER_COLUMN}{row}",
                    shown_number,
                    f"{self.label(key)} on row {row} (its hidden key); the row shows {self.label(other)} — {where}: "
                    "the visible cells were moved (cut and paste), so the answer and text on this row may belong to "
                    "another item. Ask the sender which answer belongs to which item",
                    "form_moved_row",
                    settled_by=[key],
                    column=self.label(key),
                    item=self.label(key),
                    row=row,
                    shows=self.label(other),
                    other_row=other_row if other_row is not None else "",
                )
            elif key not in RESPONDENT_FIELDS and normalize_heading(expected[1]) != wording:
                self.add(
                    f"C{row}",
                    self.info.shown[key][1],
                    f"the wording of {self.label(key)} in {self.book.path.name} ({expected[1]}); the row shows other "
                    "words — the answer was read as the answer to the codebook's question",
                    "form_wording_changed",
                    warning=True,
                    item=self.label(key),
                )

    def merged(self) -> None:
        """Merged ranges over answer or 具体的な内容 cells of items: the cells after the first read as blank."""
        rows = {row: key for key, row in self.info.keys.items() if key in self.book.items.index}
        for ref in self.info.merged:
            try:
                cells = range_cells(ref)
            except ValueError:
                continue
            covered = sorted(
                {rows[r] for c, r in cells if r in rows and c in (ANSWER_COLUMN, FREE_TEXT_COLUMN)},
                key=lambda k: self.info.keys[k],
            )
            if not covered:
                continue
            first = (
                self.table.cells.iloc[0, self.info.positions[covered[0]]]
                if covered[0] in self.info.positions
                else None
            )
            names = "・".join(self.label(k) for k in covered)
            self.add(
                ref.split(":")[0],
                first,
                f"one cell per answer and per 具体的な内容; the cells {ref} ({names}) are merged, so only the first "
                "cell's value is read and the others would count as blank (無回答) — ask the sender for the answer "
                "of each item",
                "form_merged_cells",
                settled_by=covered,
                column=names,
                range=ref,
                items=names,
            )

    def answer_in_text(self) -> None:
        """An option typed into 具体的な内容 while the answer cell is blank: which answer did they mean?"""
        for item_id in self.book.item_ids():
            answer_at, text_at = (
                self.info.positions.get(item_id),
                self.info.positions.get(item_id + TEXT_SUFFIX),
            )
            if answer_at is None or text_at is None:
                continue
            answer, text = self.table.cells.iloc[0, answer_at], self.table.cells.iloc[0, text_at]
            if not is_blank(answer) or is_blank(text):
                continue
            key = spelling_key(str(text))
            options = [
                o.label
                for o in self.book.scale_of(item_id).options
                if key in {spelling_key(s) for s in (o.label, *o.aliases)}
            ]
            if len(options) == 1:
                self.add(
                    item_id + TEXT_SUFFIX,
                    text,
                    f"the answer in the answer cell {self.cell_of(item_id)} (a drop-down) and text in 具体的な内容; the "
                    f"answer cell is blank and 具体的な内容 says 「{options[0]}」 — was that the answer? Ask the sender; "
                    "as it is, the item would count as 無回答",
                    "form_answer_in_text",
                    settled_by=[item_id],
                    item=self.label(item_id),
                    option=options[0],
                    answer_cell=self.cell_of(item_id),
                )

    def respondent_words(self) -> None:
        """担当部署 naming the other respondent type (a problem: who answered?); 備考 mentioning it (a warning)."""
        raw_kind = self.info.value(self.table, "respondent_type")
        kind = None if is_blank(raw_kind) else self.book.respondent_type_key(str(raw_kind))
        if kind is None:
            return
        words = respondent_type_words(self.book)
        form_label = self.book.respondent_type_label(kind)
        for key, warning in (("department", False), ("note", True)):
            value = self.info.value(self.table, key)
            if is_blank(value):
                continue
            named = _names_types(str(value), words)
            others = sorted(named - {kind})
            if not others or (kind in named and not warning):
                continue
            other_label = "、".join(self.book.respondent_type_label(k) for k in others)
            self.add(
                key,
                value,
                f"the {form_label}'s {RESPONDENT_FIELDS[key]}; it names the {other_label} — did the {other_label} "
                f"answer on the {form_label}'s form? Ask the sender who answered"
                + (" (the form was read)" if warning else ""),
                "form_note_other_type" if warning else "form_department_other_type",
                warning=warning,
                settled_by=["respondent_type"],
                form_type=form_label,
                other_type=other_label,
            )

    def content(self) -> None:
        """Warnings: renamed sheet, inserted rows, comments, added sheets, answered after the deadline."""
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
            if text is None:
                self.add(
                    f"{NUMBER_COLUMN}{number}",
                    None,
                    "no text outside the form's rows; a row was inserted in the contact block (its text is not "
                    "shown here: it may be a phone number or an address) — see the form",
                    "form_inserted_row",
                    warning=True,
                )
                continue
            self.add(
                f"{NUMBER_COLUMN}{number}",
                text,
                "no text outside the form's rows; this row was inserted (it has no hidden key in column "
                f"{KEY_COLUMN}) and its text was not read — if it belongs to an item, add it to that item's "
                "具体的な内容",
                "form_inserted_row",
                warning=True,
            )
        for cell, text in info.comments:
            self.add(
                cell,
                text or None,
                "answers in the cells; a comment on this cell was kept in the cleaning log and not read as an "
                "answer" + ("" if text else " (a comment on the contact block: not shown here)"),
                "form_cell_comment",
                warning=True,
            )
        for title in info.extra_sheets:
            self.add(
                "",
                title,
                f"the form's own sheets; the sheet {title!r} was added and holds text that was not read — if it "
                "answers an item, ask the sender to put it in that item's 具体的な内容",
                "form_extra_sheet",
                warning=True,
                sheet=title,
            )
        period = survey_period(self.book.meta)
        answered = parse_answer_date(info.value(self.table, "answered_on"))
        if period and answered and answered > dt.date.fromisoformat(period[1]):
            note = _text(info.value(self.table, "note"))
            self.add(
                "answered_on",
                answered.isoformat(),
                f"a date within the survey period {period[0]} 〜 {period[1]}; the form was answered after the "
                "deadline and was read" + (f" (備考: {note})" if note else ""),
                "form_after_deadline",
                warning=True,
                deadline=period[1],
            )
        items = [k for k in self.book.item_ids() if k in info.positions]
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
                    item=self.label(item_id),
                )

    def blank(self) -> bool:
        """True for a blank form (no answer, no free text): a warning, and the form is set aside (白紙) unless the
        coordinator counts it (``corrections.yaml``)."""
        info = self.info
        items = [k for k in self.book.item_ids() if k in info.positions]
        texts = [k + TEXT_SUFFIX for k in items if k + TEXT_SUFFIX in info.positions]
        if not items or not all(is_blank(info.value(self.table, k)) for k in items + texts):
            return False
        counted = info.blank_accepted
        self.add(
            "",
            None,
            "answers; the form has none at all (a blank form sent back, 白紙) — "
            + (
                "counted as a respondent with every item 無回答, as corrections.yaml says"
                if counted
                else "it is set aside, not a respondent, until the coordinator says in corrections.yaml that it "
                "counts (blank_form: counted)"
            ),
            "form_unanswered",
            warning=True,
        )
        return not counted


#: Why the rows of a blank form are set aside (the rejection log's reason).
BLANK_FORM_REASON = (
    "blank form (白紙): no answer and no free text — not a respondent unless corrections.yaml counts it"
)


@shared_parameters
def map_form_columns(table: RawTable, codebook: Codebook, resolver: MunicipalityResolver) -> ColumnMap:
    """Which cell of a form plays which role, and the form's problems and warnings (see the module docstring).

    Problems go to ``row_problems`` (they reject the form's row, or stop the build without ``keep_going``);
    nothing here is a file-level problem, so one bad form never hides the others. A blank form is set aside
    (``set_aside``: its row is rejected with the reason, it is not a problem).

    Parameters
    ----------
    table
        A form read by :func:`read_form_sheet` (its ``form`` set).

    Returns
    -------
    ColumnMap
        The positions of 団体コード, 回答主体, 調査年度 (not for a form of another fiscal year), each item and its
        free text; ``row_problems``, ``warnings``, ``settled`` (problems settled in ``corrections.yaml``) and
        ``set_aside`` for a blank form.
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
        checks.visible()
        checks.merged()
        checks.answer_in_text()
        checks.respondent_words()
        checks.content()
        if checks.blank():
            mapping.set_aside = BLANK_FORM_REASON
        for item_id in codebook.item_ids():
            if item_id in info.positions:
                mapping.items[item_id] = info.positions[item_id]
                if (
                    isinstance(codebook.item(item_id)["free_text_column"], str)
                    and item_id + TEXT_SUFFIX in info.positions
                ):
                    mapping.free_text[item_id] = info.positions[item_id + TEXT_SUFFIX]
    mapping.row_problems = checks.problems
    mapping.warnings = checks.warnings
    mapping.settled = checks.settled
    return mapping


@shared_parameters
def form_identity(
    table: RawTable, codebook: Codebook, resolver: MunicipalityResolver
) -> tuple[str, str] | None:
    """``(respondent type key, 団体コード)`` of a form from its prefilled cells, or ``None`` if unreadable.

    Parameters
    ----------
    table
        A form read by :func:`read_form_sheet` (its ``form`` set).

    Returns
    -------
    tuple of str or None
        ``("municipality", "131121")`` from the 回答主体 and 団体コード cells; ``None`` when either is blank or
        names no respondent type or municipality.
    """
    info: FormInfo = table.form
    kind_value, code_value = info.value(table, "respondent_type"), info.value(table, "muni_code")
    kind = None if is_blank(kind_value) else codebook.respondent_type_key(str(kind_value))
    try:
        code = None if is_blank(code_value) else resolver.resolve(code_value)
    except JusolibError:
        code = None
    return (kind, code) if kind and code else None
