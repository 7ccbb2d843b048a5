"""Corrections without a new form: ``corrections.yaml`` beside the MANIFEST, written by the coordinator.

A returned form with a problem (an answer outside the scale, two rows swapped, merged cells, 社協 answering on
the 自治体 form …) is refused. Often one phone call settles it; the coordinator then writes what the sender
confirmed, and the build uses it — every correction a row of the cleaning log, the file as received untouched::

    corrections:
      - file: 令和7年度_成果と課題調査_国立市_自治体.xlsx   # a return file of the folder
        item: 問2-5                 # an item (問 number or id) or a respondent field (回答主体, 団体コード, 回答日 …)
        value: どちらともいえない     # the answer: an option of the item's scale, or 無回答
        text: 地域の会議で共有した   # optional: 具体的な内容 ("" empties it)
        reason: 問2-5と問2-6の行を入れ替えて貼り付けていた。表示どおりの回答と確認
        confirmed_by: 国立市 福祉総務課（電話）
        date: 2026-01-21
      - file: 令和7年度_成果と課題調査_多摩市_社協.xlsx
        blank_form: counted         # a blank form (白紙) that counts: a respondent with every item 無回答
        reason: 回答できる設問がないため白紙で提出と確認
        confirmed_by: 多摩市社協 地域福祉係（メール）
        date: 2026-01-22

A compiled sheet is corrected by ``cell:`` (``E5``; ``sheet:`` when the workbook has several) instead of
``item:``. A problem the correction answers is not raised again (:attr:`jusolib.io.form_reader.FormInfo.corrected`):
correcting 問2-5 settles 「問2-5 shows 問2-6」; correcting 回答主体 (even to the value it has) settles who
answered. The file is validated strictly: an unknown file, item or cell, a value not on the scale, a missing
reason, who confirmed it or date — each a problem naming ``corrections.yaml`` and the entry.

``confirmed_by`` is kept in ``corrections.yaml`` only; the cleaning log names the entry and its reason.

Examples
--------
>>> entries = parse_corrections({"corrections": []}, "corrections.yaml")
>>> entries
[]
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from jusolib.core.errors import InputFileError, JusolibError, Problem
from jusolib.core.normalize import normalize_heading, normalize_text
from jusolib.io.form_layout import CONTACT_FIELDS, RESPONDENT_FIELDS
from jusolib.io.raw import RawTable
from jusolib.survey.codebook import Codebook

CORRECTIONS_FILE = "corrections.yaml"
#: The fields an entry may have.
FIELDS = ("file", "item", "cell", "sheet", "value", "text", "blank_form", "reason", "confirmed_by", "date")
#: A reason shorter than this is not a reason.
MIN_REASON_LENGTH = 8
#: Respondent fields a correction may set (the contact block is not data: keep it in your address list).
CORRECTABLE_FIELDS = tuple(k for k in RESPONDENT_FIELDS if k not in CONTACT_FIELDS)


@dataclass(frozen=True)
class Correction:
    """One entry of ``corrections.yaml``, validated (see the module docstring)."""

    number: int
    file: str
    reason: str
    confirmed_by: str
    date: str
    item: str | None = None
    cell: str | None = None
    sheet: str | None = None
    value: object = None
    sets_value: bool = False
    text: str | None = None
    sets_text: bool = False
    blank_form: bool = False

    @property
    def rule(self) -> str:
        """The cleaning-log rule of this correction."""
        return f"correction ({CORRECTIONS_FILE} #{self.number}): {self.reason}"


def _problem(where: str, number: int | None, value: object, expected: str) -> Problem:
    column = None if number is None else f"corrections[{number}]"
    return Problem(where, None, column, value, expected, "bad_correction")


def _date(value: object) -> str | None:
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    try:
        return dt.date.fromisoformat(str(value).strip()).isoformat()
    except ValueError:
        return None


def parse_corrections(doc: Any, where: str) -> list[Correction]:
    """Validate the structure of a parsed ``corrections.yaml`` (what needs no return file: fields, reason, date).

    Raises
    ------
    InputFileError
        One ``bad_correction`` problem per fault, naming the file and the entry (``corrections[1]``).


    Parameters
    ----------
    doc
        The parsed YAML (``None`` for an empty file).
    where
        How the file is named in messages.

    Returns
    -------
    list of Correction
        The entries, numbered from 1.
    Examples
    --------
    >>> parse_corrections({"corrections": [{"file": "a.xlsx", "item": "問1-1", "value": "あてはまる"}]}, "c.yaml")
    Traceback (most recent call last):
    ...
    jusolib.core.errors.InputFileError: 3 problems in the input files:
      - c.yaml, column corrections[1] — expected a reason: why the value is corrected (at least 8 characters)
      - c.yaml, column corrections[1] — expected confirmed_by: who confirmed it (e.g. 国立市 福祉総務課（電話）)
      - c.yaml, column corrections[1] — expected date: when it was confirmed (YYYY-MM-DD)
    """
    if doc is None:
        return []
    if (
        not isinstance(doc, dict)
        or not isinstance(doc.get("corrections", []), list)
        or set(doc) - {"corrections"}
    ):
        raise InputFileError(
            [_problem(where, None, None, "a mapping with one key, corrections: a list of entries")]
        )
    problems: list[Problem] = []
    out = []
    for number, entry in enumerate(doc.get("corrections") or [], start=1):
        if not isinstance(entry, dict):
            problems.append(_problem(where, number, entry, "an entry with file:, item: (or cell:), value: …"))
            continue
        unknown = sorted(set(entry) - set(FIELDS))
        if unknown:
            problems.append(
                _problem(where, number, ", ".join(map(str, unknown)), f"only the fields {', '.join(FIELDS)}")
            )
        file = str(entry.get("file") or "").strip()
        if not file:
            problems.append(_problem(where, number, None, "file: the name of a return file of the folder"))
        targets = [k for k in ("item", "cell", "blank_form") if entry.get(k) not in (None, "")]
        if len(targets) != 1:
            problems.append(
                _problem(
                    where,
                    number,
                    ", ".join(targets) or None,
                    "exactly one of item:, cell: or blank_form: counted",
                )
            )
        if "blank_form" in targets and str(entry["blank_form"]).strip() != "counted":
            problems.append(_problem(where, number, entry["blank_form"], "blank_form: counted"))
        if ("item" in targets or "cell" in targets) and "value" not in entry and "text" not in entry:
            problems.append(_problem(where, number, None, "value: (the answer) and/or text: (具体的な内容)"))
        reason = str(entry.get("reason") or "").strip()
        if len(reason) < MIN_REASON_LENGTH:
            problems.append(
                _problem(
                    where,
                    number,
                    reason or None,
                    f"a reason: why the value is corrected (at least {MIN_REASON_LENGTH} characters)",
                )
            )
        confirmed = str(entry.get("confirmed_by") or "").strip()
        if not confirmed:
            problems.append(
                _problem(
                    where, number, None, "confirmed_by: who confirmed it (e.g. 国立市 福祉総務課（電話）)"
                )
            )
        date = _date(entry.get("date")) if entry.get("date") is not None else None
        if date is None:
            problems.append(
                _problem(where, number, entry.get("date"), "date: when it was confirmed (YYYY-MM-DD)")
            )
        text = entry.get("text")
        out.append(
            Correction(
                number,
                file,
                reason,
                confirmed,
                date or "",
                item=None if entry.get("item") in (None, "") else str(entry["item"]).strip(),
                cell=None if entry.get("cell") in (None, "") else str(entry["cell"]).strip().upper(),
                sheet=None if entry.get("sheet") in (None, "") else str(entry["sheet"]).strip(),
                value=entry.get("value"),
                sets_value="value" in entry,
                text=None if text is None else str(text),
                sets_text="text" in entry,
                blank_form="blank_form" in targets,
            )
        )
    if problems:
        raise InputFileError(problems)
    return out


def read_corrections(folder: Path, where: str) -> list[Correction]:
    """The entries of ``folder/corrections.yaml`` (none when there is no such file), structurally validated.

    Parameters
    ----------
    folder
        The survey folder of the year.
    where
        How the file is named in messages.

    Returns
    -------
    list of Correction
        See :func:`parse_corrections`.
    """
    path = Path(folder) / CORRECTIONS_FILE
    if not path.is_file():
        return []
    import yaml

    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise InputFileError([_problem(where, None, None, f"a UTF-8 YAML file ({exc})")]) from exc
    return parse_corrections(doc, where)


# -- applying ------------------------------------------------------------------------------------------------------
def _field_key(name: str) -> str | None:
    """A respondent field by its key (answered_on) or its name on the form (回答日)."""
    for key, label in RESPONDENT_FIELDS.items():
        if name in (key, label) and key in CORRECTABLE_FIELDS:
            return key
    return None


class _Applier:
    """Checks the entries against the tables they name and applies them."""

    def __init__(self, codebook: Codebook, where: str, resolver: Any) -> None:
        self.book, self.where, self.resolver = codebook, where, resolver
        self.problems: list[Problem] = []

    def fail(self, entry: Correction, value: object, expected: str) -> None:
        self.problems.append(_problem(self.where, entry.number, value, expected))

    def answer(self, entry: Correction, item_id: str) -> object:
        """The label of the entry's value on the item's scale (``None`` for 無回答), or a problem."""
        value = entry.value
        if value is None or normalize_text(str(value)) in (
            "",
            *(normalize_text(a) for a in (self.book.no_answer_label, *self.book.no_answer_aliases)),
        ):
            return None
        found = self.book.recode(item_id, str(value))
        if found is None or found[1] == "option code":
            options = " / ".join(self.book.scale_of(item_id).labels)
            self.fail(
                entry,
                value,
                f"an option of {self.book.item(item_id)['number']}'s scale ({options}) or 無回答",
            )
            return None
        return None if found[0] == self.book.no_answer_label else found[0]

    def field_value(self, entry: Correction, key: str) -> object:
        value = entry.value
        if key == "respondent_type":
            kind = None if value is None else self.book.respondent_type_key(str(value))
            if kind is None:
                self.fail(
                    entry, value, f"a respondent type ({' / '.join(self.book.respondent_types['label'])})"
                )
                return value
            return self.book.respondent_type_label(kind)
        if key in ("muni_code", "muni_name"):
            try:
                code = self.resolver.resolve(value)
            except JusolibError:
                self.fail(entry, value, "a Tokyo municipality (name or 団体コード)")
                return value
            return code if key == "muni_code" else self.resolver.name(code)
        if key == "answered_on":
            from jusolib.io.form_reader import parse_answer_date

            day = parse_answer_date(value)
            if day is None:
                self.fail(entry, value, "a date (2026-01-08, 令和8年1月8日 …)")
                return value
            return day.isoformat()
        return value

    def form(self, table: RawTable, entries: Sequence[Correction]) -> RawTable:
        from jusolib.io.form_reader import TEXT_SUFFIX

        info = table.form
        cells = table.cells.copy()
        headings, letters = list(table.headings), list(table.letters)
        positions = dict(info.positions)
        notes = list(table.notes)
        row = int(cells.index[0])
        corrected: set[str] = set(info.corrected)
        blank_accepted = info.blank_accepted
        by_cell = {letter: key for key, position in positions.items() for letter in [letters[position]]}

        def put(key: str, heading: str, value: object, entry: Correction) -> None:
            nonlocal cells
            position = positions.get(key)
            if position is None:  # the row was deleted: the correction supplies the cell
                position = len(headings)
                positions[key] = position
                headings.append(heading)
                letters.append(CORRECTIONS_FILE)
                cells[position] = pd.Series([None], index=cells.index, dtype=object)
            old = cells.iat[0, position]
            cells.iat[0, position] = value
            notes.append((row, position, old, value, entry.rule))

        for entry in entries:
            if entry.blank_form:
                blank_accepted = True
                notes.append((row, "all items", "", self.book.no_answer_label, entry.rule))
                continue
            key = None
            if entry.item is not None:
                key = _field_key(entry.item)
                if key is None:
                    try:
                        key = self.book.item_id(entry.item)
                    except JusolibError:
                        numbers = ", ".join(self.book.items["number"])
                        fields = ", ".join(RESPONDENT_FIELDS[k] for k in CORRECTABLE_FIELDS)
                        self.fail(
                            entry,
                            entry.item,
                            f"an item of {self.book.path.name} ({numbers}) or a field ({fields})",
                        )
                        continue
            else:
                found = by_cell.get(str(entry.cell))
                if found is None:
                    self.fail(
                        entry,
                        entry.cell,
                        "a cell the form is read from (an answer D…, a 具体的な内容 E…), or item:",
                    )
                    continue
                key = found.removesuffix(TEXT_SUFFIX)
            corrected.add(key)
            if key in RESPONDENT_FIELDS:
                if entry.sets_text:
                    self.fail(
                        entry, entry.text, f"value: only ({RESPONDENT_FIELDS[key]} has no 具体的な内容)"
                    )
                put(key, RESPONDENT_FIELDS[key], self.field_value(entry, key), entry)
                continue
            item = self.book.item(key)
            if entry.sets_value and not str(entry.cell or "").startswith("E"):
                put(key, str(item["number"]), self.answer(entry, key), entry)
            if entry.sets_text or (entry.cell or "").startswith("E"):
                if not isinstance(item["free_text_column"], str):
                    self.fail(
                        entry,
                        entry.text,
                        f"no text: {item['number']} has no 具体的な内容 in {self.book.path.name}",
                    )
                    continue
                text = entry.text if entry.sets_text else (None if entry.value is None else str(entry.value))
                put(key + TEXT_SUFFIX, f"{item['number']} 具体的な内容", text or None, entry)
        fixed = {letters[positions[k]] for k in positions if k.removesuffix(TEXT_SUFFIX) in corrected}
        return dataclasses.replace(
            table,
            cells=cells,
            headings=headings,
            letters=letters,
            notes=notes,
            cell_problems=[p for p in table.cell_problems if p.cell not in fixed],
            form=dataclasses.replace(
                info, positions=positions, corrected=frozenset(corrected), blank_accepted=blank_accepted
            ),
        )

    def compiled(self, table: RawTable, entries: Sequence[Correction]) -> RawTable:
        from jusolib.io.column_map import map_columns

        mapping = map_columns(table, self.book, self.resolver)
        roles = {p: i for i, p in mapping.items.items()}
        texts = {p: i for i, p in mapping.free_text.items()}
        cells = table.cells.copy()
        notes = list(table.notes)
        fixed: set[tuple[int, str]] = set()
        for entry in entries:
            if entry.blank_form or entry.item is not None:
                self.fail(
                    entry,
                    entry.item,
                    f"cell: for a compiled sheet ({table.file} holds many respondents); item: and blank_form: are "
                    "for a questionnaire form",
                )
                continue
            letter = normalize_heading(str(entry.cell)).rstrip("0123456789")
            number = str(entry.cell)[len(letter) :]
            position = table.letters.index(letter) if letter in table.letters else None
            row = int(number) if number.isdigit() else -1
            if (
                position is None
                or row not in cells.index
                or (position not in roles and position not in texts)
            ):
                self.fail(
                    entry,
                    entry.cell,
                    f"the cell of an answer or 具体的な内容 of {table.file} (rows {cells.index.min()}–{cells.index.max()})",
                )
                continue
            if position in roles:
                value = self.answer(entry, roles[position])
            else:
                value = entry.text if entry.sets_text else entry.value
            old = cells.at[row, position]
            cells.at[row, position] = value
            notes.append((row, position, old, value, entry.rule))
            fixed.add((row, table.column_label(position)))
        return dataclasses.replace(
            table,
            cells=cells,
            notes=notes,
            cell_problems=[p for p in table.cell_problems if (p.row, p.column) not in fixed],
        )


def apply_corrections(
    tables: Sequence[RawTable],
    corrections: Sequence[Correction],
    codebook: Codebook,
    *,
    where: str,
    folder_files: Sequence[str],
    replaced: dict[str, str] | None = None,
    resolver: Any = None,
) -> list[RawTable]:
    """The tables with the corrections applied (new tables; the ones given are not changed).

    Parameters
    ----------
    tables
        The year's tables as read (:func:`jusolib.clean.collection.read_year_returns`).
    corrections
        From :func:`read_corrections`.
    where
        How ``corrections.yaml`` is named in messages (relative to the data directory).
    folder_files
        The names of the folder's return files (an entry naming another file is a problem).
    replaced
        The MANIFEST's replacements: a correction of a replaced file is a problem (correct the new one).
    codebook
        The fiscal year's codebook (items, scales, respondent fields).
    resolver
        The municipality resolver (default: the reference data's).

    Returns
    -------
    list of RawTable
        The tables in the same order, those the corrections name replaced by corrected copies.

    Raises
    ------
    InputFileError
        Every entry that names an unknown file, item or cell, or a value not on the scale.
    """
    from jusolib.survey.reference import municipality_resolver

    applier = _Applier(codebook, where, resolver or municipality_resolver())
    by_file: dict[str, list[Correction]] = {}
    for entry in corrections:
        if entry.file not in folder_files:
            applier.fail(
                entry,
                entry.file,
                f"the name of a return file of the folder ({', '.join(sorted(folder_files))})",
            )
        elif entry.file in (replaced or {}):
            applier.fail(
                entry,
                entry.file,
                f"a file that is read; this one is replaced by {(replaced or {})[entry.file]} (MANIFEST.yaml): correct that one",
            )
        else:
            by_file.setdefault(entry.file, []).append(entry)
    out = []
    used: set[int] = set()
    for table in tables:
        name = Path(table.source or table.file).name
        entries = [
            e
            for e in by_file.get(name, [])
            if e.sheet is None or e.sheet == table.sheet or table.form is not None
        ]
        if not entries:
            out.append(table)
            continue
        used |= {e.number for e in entries}
        out.append(
            applier.form(table, entries) if table.form is not None else applier.compiled(table, entries)
        )
    for entries in by_file.values():
        for entry in entries:
            if entry.number not in used:
                applier.fail(entry, entry.sheet or entry.file, "a sheet of the file that is read (sheet: …)")
    if applier.problems:
        raise InputFileError(applier.problems)
    return out
