"""Clean raw return tables into tidy data, driven by the codebook.

normalise → resolve municipality → recode answers by the codebook → validate, producing:

* ``respondents``: one row per respondent (fiscal year, respondent type, 団体コード, where the row came from);
* ``responses``: one row per (fiscal_year, respondent_type, muni_code, item_id), 無回答 kept as its own answer;
* ``free_text``: one row per non-empty 「具体的な内容」 answer;
* ``cleaning_log``: every value the cleaner changed (file, row, column, raw value, clean value, rule);
* ``rejection_log``: every row it could not use (file, row, column, raw value, reason).

Every raw row ends up in exactly one of ``respondents`` (clean) or the rejection log: rows in = rows clean + rows
rejected, checked on every call. By default any problem (unknown municipality, answer outside the scale,
duplicate respondent …) raises :class:`~jusolib.errors.InputFileError` listing all of them; with
``keep_going=True`` the rows concerned are rejected instead and the rest is kept.

Examples
--------
>>> from jusolib.codebook import load_codebook
>>> from jusolib.read import RawTable
>>> book = load_codebook(2024)
>>> headings = ["区市町村名", "回答主体"] + list(book.items["column"])
>>> row = ["東京都稻城市", "自治体"] + ["当てはまる"] * 13 + ["１"] * 14
>>> cells = pd.DataFrame([row], index=[2], columns=range(len(row)), dtype=object)
>>> table = RawTable("r.csv", headings, [str(i) for i in range(len(row))], cells, header_row=1)
>>> result = clean_tables([table], book, fiscal_year=2024)
>>> result.respondents[["respondent_type", "muni_code"]].values.tolist()
[['municipality', '132250']]
>>> result.responses.groupby("answer", observed=True).size().to_dict()
{'とてもあてはまる': 14, 'あてはまる': 13}
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from jusolib.codebook import Codebook
from jusolib.errors import InputFileError, JusolibError, Problem
from jusolib.fiscal import fiscal_year_label, fiscal_years_mentioned, parse_fiscal_year
from jusolib.read import RawTable
from jusolib.reference import MunicipalityResolver, municipality_resolver
from jusolib.text import clean_free_text, is_blank, normalize_heading, normalize_text

_DECIMAL_INTEGER = re.compile(r"^\d+\.0+$")
LOG_COLUMNS = ["file", "row", "column", "raw_value", "clean_value", "rule"]
REJECTION_COLUMNS = ["file", "row", "column", "raw_value", "reason"]
RESPONDENT_COLUMNS = [
    "fiscal_year",
    "respondent_type",
    "muni_code",
    "muni_name",
    "raw_municipality",
    "source_file",
    "source_row",
]
RESPONSE_COLUMNS = ["fiscal_year", "respondent_type", "muni_code", "item_id", "answer", "answer_code"]
FREE_TEXT_COLUMNS = ["fiscal_year", "respondent_type", "muni_code", "item_id", "text"]
ACCOUNTING_COLUMNS = ["file", "rows_read", "rows_clean", "rows_rejected"]


@dataclass
class ColumnMap:
    """Which column of a table plays which role (positions are 0-based)."""

    municipality: int | None = None
    respondent_type: int | None = None
    fiscal_year: int | None = None
    items: dict[str, int] = field(default_factory=dict)
    free_text: dict[str, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)


@dataclass
class CleanResult:
    """Everything :func:`clean_tables` produces (all frames are new; inputs are never changed)."""

    respondents: pd.DataFrame
    responses: pd.DataFrame
    free_text: pd.DataFrame
    cleaning_log: pd.DataFrame
    rejection_log: pd.DataFrame
    accounting: pd.DataFrame
    warnings: list[Problem]


def map_columns(table: RawTable, codebook: Codebook) -> ColumnMap:
    """Match the table's headings to the codebook: roles, item columns, free-text columns, unknown columns.

    Missing item columns and missing municipality/respondent-type columns are problems; unknown columns that
    hold data are warnings; empty unnamed columns are ignored.
    """
    mapping = ColumnMap()
    roles = {}
    for role in ("municipality", "respondent_type", "fiscal_year"):
        for heading in codebook.column_headings(role) if role in codebook.columns else []:
            roles[normalize_heading(heading)] = role
    ignored = {normalize_heading(h) for h in codebook.columns.get("ignored", [])}
    item_columns = {normalize_heading(c): i for i, c in codebook.items["column"].items()}
    free_columns = {normalize_heading(c): i for i, c in codebook.items["free_text_column"].dropna().items()}
    seen: dict[str, int] = {}
    for position, heading in enumerate(table.headings):
        key = normalize_heading(heading)
        if key in seen:
            mapping.problems.append(
                Problem(
                    table.file,
                    table.header_row,
                    table.column_label(position),
                    heading,
                    f"each heading once; it is also the heading of column {table.letters[seen[key]]}",
                    "duplicate_column",
                )
            )
            continue
        if key:
            seen[key] = position
        if key in roles:
            setattr(mapping, roles[key], position)
        elif key in item_columns:
            mapping.items[item_columns[key]] = position
        elif key in free_columns:
            mapping.free_text[free_columns[key]] = position
        elif key in ignored:
            continue
        elif table.cells[position].map(is_blank).all():
            continue
        else:
            mapping.warnings.append(
                Problem(
                    table.file,
                    table.header_row,
                    table.column_label(position),
                    heading,
                    "a column of the codebook; this column is not in the codebook and was ignored",
                    "unknown_column",
                )
            )
    for role in ("municipality", "respondent_type"):
        if getattr(mapping, role) is None:
            mapping.problems.append(
                Problem(
                    table.file,
                    table.header_row,
                    None,
                    None,
                    f"a column headed {' or '.join(codebook.column_headings(role))}",
                    f"missing_{role}_column",
                )
            )
    for item_id, column in codebook.items["column"].items():
        if item_id not in mapping.items:
            mapping.problems.append(
                Problem(
                    table.file,
                    table.header_row,
                    column,
                    None,
                    f"a column headed {column} for item {item_id} ({codebook.item(item_id)['label']}) as in "
                    f"{codebook.path.name}",
                    "missing_item_column",
                )
            )
    return mapping


def _factorize(values: np.ndarray) -> tuple[np.ndarray, list[object]]:
    """Codes and unique values of an object array; ``None``/NaN get their own code (-1 → last unique)."""
    codes, uniques = pd.factorize(pd.Series(values, dtype=object), use_na_sentinel=True)
    unique_list = list(uniques)
    if (codes < 0).any():
        codes = np.where(codes < 0, len(unique_list), codes)
        unique_list.append(None)
    return codes, unique_list


def _show(value: object) -> str:
    return "" if value is None or (isinstance(value, float) and np.isnan(value)) else str(value)


def recode_answer(value: object, lookup: dict[str, tuple[str, str]]) -> tuple[str | None, str]:
    """Recode one raw cell with a scale's lookup: ``(label, rule)`` or ``(None, why it failed)``.

    Examples
    --------
    >>> lookup = {"1": ("あてはまる", "option code"), "": ("無回答", "blank → 無回答")}
    >>> recode_answer(1.0, lookup), recode_answer("　", lookup)
    (('あてはまる', 'numeric 1.0 → option code'), ('無回答', 'blank → 無回答'))
    >>> recode_answer(dt.date(2024, 1, 2), lookup)
    (None, 'found a date (2024-01-02): Excel may have turned the entry into a date')
    """
    if is_blank(value):
        return lookup[""]
    if isinstance(value, dt.date | dt.time):
        return None, f"found a date ({value}): Excel may have turned the entry into a date"
    if isinstance(value, bool):
        return None, "found TRUE/FALSE"
    if isinstance(value, float | np.floating):
        if not float(value).is_integer():
            return None, "found a number with decimals"
        found = lookup.get(str(int(value)))
        return (found[0], f"numeric {value} → option code") if found else (None, "")
    if isinstance(value, int | np.integer):
        found = lookup.get(str(int(value)))
        return found if found else (None, "")
    text = str(value)
    key = normalize_text(text)
    if _DECIMAL_INTEGER.match(key):
        found = lookup.get(key.split(".")[0])
        return (found[0], f"numeric text {text.strip()} → option code") if found else (None, "")
    found = lookup.get(key)
    if found is None:
        return None, ""
    label, rule = found
    if rule == "label" and text != label:
        rule = "label (normalised text)"
    return label, rule


class _TableCleaner:
    """Cleans one table; collects per-row problems instead of stopping at the first."""

    def __init__(self, table: RawTable, codebook: Codebook, resolver: MunicipalityResolver, fiscal_year: int):
        self.table = table
        self.book = codebook
        self.resolver = resolver
        self.fiscal_year = fiscal_year
        self.rows = table.cells.index.to_numpy()
        self.problems: list[Problem] = list(table.cell_problems)
        self.log: list[pd.DataFrame] = []
        self.rejected: list[dict[str, object]] = []

    # -- helpers -------------------------------------------------------------------------------------------
    def _problem(
        self, row: int | None, position: int | None, value: object, expected: str, kind: str
    ) -> None:
        column = None if position is None else self.table.column_label(position)
        self.problems.append(Problem(self.table.file, row, column, _show(value), expected, kind))

    def _log(
        self,
        rows: np.ndarray,
        column: str | np.ndarray,
        raw: np.ndarray,
        clean: np.ndarray,
        rule: np.ndarray | str,
    ) -> None:
        if len(rows):
            self.log.append(
                pd.DataFrame(
                    {
                        "file": self.table.file,
                        "row": rows,
                        "column": column,
                        "raw_value": raw,
                        "clean_value": clean,
                        "rule": rule,
                    }
                )
            )

    def _per_unique(self, position: int, mask: np.ndarray, fn: Callable[[object], object]) -> np.ndarray:
        """Apply ``fn`` once per distinct value of a column (restricted to ``mask``); returns results per row."""
        values = self.table.cells[position].to_numpy(dtype=object)
        codes, uniques = _factorize(values)
        results = np.empty(len(uniques), dtype=object)
        for i, value in enumerate(uniques):
            results[i] = fn(value)
        out = results[codes]
        out[~mask] = None
        return out

    # -- steps ---------------------------------------------------------------------------------------------
    def run(self, columns: ColumnMap) -> dict[str, object]:
        table, cells = self.table, self.table.cells
        all_values = cells.to_numpy(dtype=object)
        codes, uniques = _factorize(all_values.ravel())
        blank_unique = np.array([is_blank(u) for u in uniques], dtype=bool)
        blank = (
            blank_unique[codes].reshape(all_values.shape)
            if all_values.size
            else np.zeros(all_values.shape, bool)
        )
        blank_row = blank.all(axis=1) if all_values.shape[1] else np.ones(len(cells), bool)
        answer_positions = list(columns.items.values()) + list(columns.free_text.values())
        no_answers = blank[:, answer_positions].all(axis=1) if answer_positions else np.ones(len(cells), bool)
        no_type = (
            blank[:, columns.respondent_type]
            if columns.respondent_type is not None
            else np.ones(len(cells), bool)
        )
        note_row = ~blank_row & no_answers & no_type
        for row in self.rows[blank_row]:
            self.rejected.append(
                {"file": table.file, "row": row, "column": None, "raw_value": "", "reason": "blank row"}
            )
        for index in np.flatnonzero(note_row):
            text = " ".join(_show(v) for v in all_values[index] if not is_blank(v))
            self.rejected.append(
                {
                    "file": table.file,
                    "row": self.rows[index],
                    "column": None,
                    "raw_value": text,
                    "reason": "no respondent type and no answers (a note or total row, or a "
                    "municipality listed that did not answer)",
                }
            )
        live = ~(blank_row | note_row)

        muni = self._resolve_municipalities(columns.municipality, live)
        types = self._respondent_types(columns.respondent_type, live)
        self._check_fiscal_year_column(columns.fiscal_year, live)
        answers = self._recode_answers(columns.items, live)
        free = self._free_text(columns.free_text, live)
        for row, position, raw, saved, rule in table.notes:
            self._log(
                np.array([row]),
                table.column_label(position),
                np.array([_show(raw)]),
                np.array([_show(saved)]),
                rule,
            )
        return {"live": live, "muni": muni, "types": types, "answers": answers, "free": free}

    def _resolve_municipalities(self, position: int | None, live: np.ndarray) -> np.ndarray:
        if position is None:
            return np.full(len(self.rows), None, dtype=object)

        def resolve(value: object) -> object:
            if is_blank(value):
                return (
                    "error",
                    "a municipality name or 団体コード (the cell is blank)",
                    "missing_municipality",
                )
            try:
                return ("ok", self.resolver.resolve(value))
            except JusolibError as exc:
                kind = type(exc).__name__.replace("MunicipalityError", "").lower() + "_municipality"
                hint = f" (closest: {', '.join(exc.candidates)})" if getattr(exc, "candidates", None) else ""
                return ("error", f"a Tokyo municipality: {exc.reason}{hint}", kind)  # type: ignore[attr-defined]

        results = self._per_unique(position, live, resolve)
        raw = self.table.cells[position].to_numpy(dtype=object)
        out = np.full(len(self.rows), None, dtype=object)
        ok_rows = []
        for i in np.flatnonzero(live):
            status = results[i]
            if status[0] == "ok":
                out[i] = status[1]
                ok_rows.append(i)
            else:
                self._problem(self.rows[i], position, raw[i], status[1], status[2])
        if ok_rows:
            idx = np.array(ok_rows)
            clean = np.array([f"{c} {self.resolver.name(c)}" for c in out[idx]], dtype=object)
            raw_text = np.array([_show(v) for v in raw[idx]], dtype=object)
            self._log(
                self.rows[idx],
                self.table.column_label(position),
                raw_text,
                clean,
                "municipality → 団体コード",
            )
        return out

    def _respondent_types(self, position: int | None, live: np.ndarray) -> np.ndarray:
        if position is None:
            return np.full(len(self.rows), None, dtype=object)
        labels = " or ".join(self.book.respondent_types["label"])
        results = self._per_unique(
            position, live, lambda v: None if is_blank(v) else self.book.respondent_type_key(str(v))
        )
        raw = self.table.cells[position].to_numpy(dtype=object)
        changed = []
        for i in np.flatnonzero(live):
            if results[i] is None:
                what = "the cell is blank" if is_blank(raw[i]) else "not a respondent type of the codebook"
                self._problem(
                    self.rows[i],
                    position,
                    raw[i],
                    f"a respondent type: {labels} ({what})",
                    "missing_respondent_type" if is_blank(raw[i]) else "unknown_respondent_type",
                )
            elif _show(raw[i]) != results[i]:
                changed.append(i)
        if changed:
            idx = np.array(changed)
            self._log(
                self.rows[idx],
                self.table.column_label(position),
                np.array([_show(v) for v in raw[idx]], dtype=object),
                results[idx].astype(object),
                "respondent type",
            )
        return results

    def _check_fiscal_year_column(self, position: int | None, live: np.ndarray) -> None:
        if position is None:
            return

        def parse(value: object) -> object:
            if is_blank(value):
                return None
            try:
                return parse_fiscal_year(value)
            except JusolibError:
                return "bad"

        results = self._per_unique(position, live, parse)
        raw = self.table.cells[position].to_numpy(dtype=object)
        folder = fiscal_year_label(self.fiscal_year)
        for i in np.flatnonzero(live):
            if results[i] == "bad":
                self._problem(
                    self.rows[i], position, raw[i], f"a fiscal year such as {folder}", "bad_fiscal_year"
                )
            elif results[i] is not None and results[i] != self.fiscal_year:
                self._problem(
                    self.rows[i],
                    position,
                    raw[i],
                    f"{folder}, the fiscal year of the folder the file is in "
                    f"(the row says {fiscal_year_label(results[i])})",
                    "fiscal_year_contradicts_folder",
                )

    def _recode_answers(self, items: dict[str, int], live: np.ndarray) -> dict[str, np.ndarray]:
        out = {}
        for item_id, position in items.items():
            scale = self.book.item(item_id)["scale"]
            lookup = self.book.answer_lookup(scale)
            results = self._per_unique(position, live, lambda v, lookup=lookup: recode_answer(v, lookup))
            raw = self.table.cells[position].to_numpy(dtype=object)
            labels = np.full(len(self.rows), None, dtype=object)
            changed = []
            rules = []
            for i in np.flatnonzero(live):
                label, rule = results[i]
                if label is None:
                    why = f" ({rule})" if rule else ""
                    self._problem(
                        self.rows[i],
                        position,
                        raw[i],
                        self.book.expected_answers(item_id) + why,
                        "answer_outside_scale",
                    )
                    continue
                labels[i] = label
                if _show(raw[i]) != label:
                    changed.append(i)
                    rules.append(rule)
            if changed:
                idx = np.array(changed)
                self._log(
                    self.rows[idx],
                    self.table.column_label(position),
                    np.array([_show(v) for v in raw[idx]], dtype=object),
                    labels[idx],
                    np.array(rules),
                )
            out[item_id] = labels
        return out

    def _free_text(self, free: dict[str, int], live: np.ndarray) -> dict[str, np.ndarray]:
        out = {}
        for item_id, position in free.items():
            raw = self.table.cells[position].to_numpy(dtype=object)
            texts = np.full(len(self.rows), None, dtype=object)
            changed = []
            for i in np.flatnonzero(live):
                if is_blank(raw[i]):
                    continue
                text = clean_free_text(_show(raw[i]))
                texts[i] = text
                if text != raw[i]:
                    changed.append(i)
            if changed:
                idx = np.array(changed)
                self._log(
                    self.rows[idx],
                    self.table.column_label(position),
                    np.array([_show(v) for v in raw[idx]], dtype=object),
                    texts[idx],
                    "free text trimmed",
                )
            out[item_id] = texts
        return out


def check_file_fiscal_year(table: RawTable, fiscal_year: int) -> list[Problem]:
    """Problems if the file name or the title rows name a fiscal year other than the folder's.

    Examples
    --------
    >>> t = RawTable("R5_returns.csv", [], [], pd.DataFrame(), header_row=1, title_text="令和5年度 調査")
    >>> [p.kind for p in check_file_fiscal_year(t, 2024)]
    ['fiscal_year_contradicts_folder', 'fiscal_year_contradicts_folder']
    """
    problems = []
    for where, text, row in (
        ("file name", table.file.split(" [")[0], None),
        ("title rows", table.title_text, 1),
    ):
        other = sorted(fiscal_years_mentioned(text) - {fiscal_year})
        if other:
            problems.append(
                Problem(
                    table.file,
                    row if text else None,
                    None,
                    text,
                    f"{fiscal_year_label(fiscal_year)} (the folder's fiscal year); the {where} say "
                    f"{', '.join(fiscal_year_label(y) for y in other)} — move the file to the right FY folder",
                    "fiscal_year_contradicts_folder",
                )
            )
    return problems


def clean_tables(
    tables: Sequence[RawTable],
    codebook: Codebook,
    *,
    fiscal_year: object,
    resolver: MunicipalityResolver | None = None,
    keep_going: bool = False,
) -> CleanResult:
    """Clean the raw tables of one fiscal year into tidy data (see the module docstring).

    Parameters
    ----------
    tables
        Raw tables from :func:`jusolib.read.read_return`, all of the same fiscal year.
    codebook
        The codebook of that fiscal year.
    fiscal_year
        The fiscal year of the folder the files were found in; files and rows that say otherwise are errors.
    resolver
        Municipality resolver (default: the reference data's).
    keep_going
        If True, reject rows with problems (they go to the rejection log) instead of raising.

    Raises
    ------
    InputFileError
        Listing every problem found (file, row, column, value, what was expected) — always for file-level
        problems (missing item column, fiscal year contradicting the folder), and for row problems unless
        ``keep_going``.
    """
    year = parse_fiscal_year(fiscal_year)
    resolver = resolver or municipality_resolver()
    file_problems: list[Problem] = []
    warnings: list[Problem] = []
    parts = []
    for table in tables:
        columns = map_columns(table, codebook)
        file_problems += table.header_problems + columns.problems + check_file_fiscal_year(table, year)
        warnings += columns.warnings
        if len(table.cells) == 0:
            warnings.append(
                Problem(
                    table.file,
                    table.header_row,
                    None,
                    None,
                    "respondent rows below the header; the file has a header only",
                    "header_only",
                )
            )
        parts.append((table, columns))
    if file_problems:
        raise InputFileError(file_problems)

    cleaned = []
    for table, columns in parts:
        cleaner = _TableCleaner(table, codebook, resolver, year)
        cleaned.append((cleaner, columns, cleaner.run(columns)))

    _check_duplicates(cleaned, codebook)
    problems = [p for cleaner, _, _ in cleaned for p in cleaner.problems]
    if problems and not keep_going:
        raise InputFileError(problems)
    return _assemble(cleaned, codebook, year, resolver, warnings)


def _check_duplicates(cleaned: list, codebook: Codebook) -> None:
    """Add a problem to every row of a respondent (respondent type + municipality) that answered twice."""
    seen: dict[tuple[str, str], list[tuple[_TableCleaner, int, int]]] = {}
    for cleaner, columns, state in cleaned:
        for i in np.flatnonzero(state["live"]):
            code, kind = state["muni"][i], state["types"][i]
            if code is not None and kind is not None:
                seen.setdefault((kind, code), []).append(
                    (cleaner, int(cleaner.rows[i]), columns.municipality)
                )
    for (kind, code), places in seen.items():
        if len(places) < 2:
            continue
        who = f"{places[0][0].resolver.name(code)} {code} ({codebook.respondent_type_label(kind)})"
        for cleaner, row, position in places:
            others = "; ".join(f"{c.table.file} row {r}" for c, r, _ in places if (c, r) != (cleaner, row))
            cleaner._problem(
                row,
                position,
                cleaner.table.cells.at[row, position],
                f"one row per respondent; {who} also answered in {others}",
                "duplicate_respondent",
            )


def _assemble(
    cleaned: list, codebook: Codebook, year: int, resolver: MunicipalityResolver, warnings: list[Problem]
) -> CleanResult:
    respondent_parts, response_parts, free_parts, log_parts, rejections, accounting = [], [], [], [], [], []
    type_order = {k: i for i, k in enumerate(codebook.respondent_types.index)}
    item_order = {k: i for i, k in enumerate(codebook.items.index)}
    for cleaner, columns, state in cleaned:
        table = cleaner.table
        bad_rows = {p.row for p in cleaner.problems if p.row is not None}
        for p in cleaner.problems:
            rejections.append(
                {
                    "file": p.file,
                    "row": p.row,
                    "column": p.column,
                    "raw_value": _show(p.value),
                    "reason": f"{p.kind}: expected {p.expected}",
                }
            )
        rejections += cleaner.rejected
        keep = state["live"] & ~np.isin(cleaner.rows, list(bad_rows))
        idx = np.flatnonzero(keep)
        rows_rejected = len(set(cleaner.rows[~state["live"]]) | bad_rows)
        accounting.append(
            {
                "file": table.file,
                "rows_read": len(cleaner.rows),
                "rows_clean": len(idx),
                "rows_rejected": rows_rejected,
            }
        )
        log = pd.concat(cleaner.log, ignore_index=True) if cleaner.log else None
        if log is not None:
            log_parts.append(log[~log["row"].isin(bad_rows)])
        if not len(idx):
            continue
        muni = state["muni"][idx]
        kinds = state["types"][idx]
        respondent_parts.append(
            pd.DataFrame(
                {
                    "fiscal_year": year,
                    "respondent_type": kinds,
                    "muni_code": muni,
                    "muni_name": [resolver.name(c) for c in muni],
                    "raw_municipality": [
                        _show(v) for v in table.cells[columns.municipality].to_numpy(dtype=object)[idx]
                    ],
                    "source_file": table.file,
                    "source_row": cleaner.rows[idx],
                }
            )
        )
        for item_id, labels in state["answers"].items():
            response_parts.append(
                pd.DataFrame(
                    {
                        "fiscal_year": year,
                        "respondent_type": kinds,
                        "muni_code": muni,
                        "item_id": item_id,
                        "answer": labels[idx],
                    }
                )
            )
        for item_id, texts in state["free"].items():
            chosen = texts[idx]
            has = np.array([t is not None for t in chosen], dtype=bool)
            if has.any():
                free_parts.append(
                    pd.DataFrame(
                        {
                            "fiscal_year": year,
                            "respondent_type": kinds[has],
                            "muni_code": muni[has],
                            "item_id": item_id,
                            "text": chosen[has],
                        }
                    )
                )

    respondents = _frame(respondent_parts, RESPONDENT_COLUMNS)
    responses = _frame(response_parts, RESPONSE_COLUMNS[:-1])
    scale_codes = {
        item: {o.label: o.code for o in codebook.scale_of(item).options} for item in codebook.items.index
    }
    responses["answer_code"] = (
        pd.array(
            [scale_codes[i].get(a) for i, a in zip(responses["item_id"], responses["answer"], strict=True)],
            dtype="Int64",
        )
        if len(responses)
        else pd.array([], dtype="Int64")
    )
    responses["answer"] = responses["answer"].astype(codebook.answer_dtype())
    free_text = _frame(free_parts, FREE_TEXT_COLUMNS)
    sort_keys = {
        "respondent_type": lambda s: s.map(type_order),
        "item_id": lambda s: s.map(item_order),
    }
    respondents = _sorted(respondents, ["respondent_type", "muni_code"], sort_keys)
    responses = _sorted(responses, ["respondent_type", "muni_code", "item_id"], sort_keys)
    free_text = _sorted(free_text, ["respondent_type", "muni_code", "item_id"], sort_keys)
    cleaning_log = _frame(log_parts, LOG_COLUMNS)
    rejection_log = pd.DataFrame(rejections, columns=REJECTION_COLUMNS)
    rejection_log = rejection_log.sort_values(
        ["file", "row"], kind="stable", na_position="first"
    ).reset_index(drop=True)
    accounting_frame = pd.DataFrame(accounting, columns=ACCOUNTING_COLUMNS)
    check_accounting(accounting_frame)
    return CleanResult(
        respondents, responses, free_text, cleaning_log, rejection_log, accounting_frame, warnings
    )


def _frame(parts: list[pd.DataFrame], columns: list[str]) -> pd.DataFrame:
    parts = [p for p in parts if len(p)]
    if not parts:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in columns})
    return pd.concat(parts, ignore_index=True)[columns]


def _sorted(
    frame: pd.DataFrame, by: list[str], keys: dict[str, Callable[[pd.Series], pd.Series]]
) -> pd.DataFrame:
    if frame.empty:
        return frame.reset_index(drop=True)
    return frame.sort_values(
        by, key=lambda s: keys[s.name](s) if s.name in keys else s, kind="stable"
    ).reset_index(drop=True)


def check_accounting(accounting: pd.DataFrame) -> None:
    """Raise if any file's rows read differ from rows clean + rows rejected (an internal invariant).

    Examples
    --------
    >>> check_accounting(pd.DataFrame([{"file": "a", "rows_read": 3, "rows_clean": 2, "rows_rejected": 1}]))
    >>> check_accounting(pd.DataFrame([{"file": "a", "rows_read": 3, "rows_clean": 1, "rows_rejected": 1}]))
    Traceback (most recent call last):
    ...
    AssertionError: row accounting broken for a: 3 read ≠ 1 clean + 1 rejected
    """
    for row in accounting.itertuples():
        if row.rows_read != row.rows_clean + row.rows_rejected:
            raise AssertionError(
                f"row accounting broken for {row.file}: {row.rows_read} read ≠ {row.rows_clean} clean + "
                f"{row.rows_rejected} rejected"
            )
