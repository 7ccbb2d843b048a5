"""Clean raw return tables into tidy data, driven by the codebook.

normalise → resolve municipality → recode answers by the codebook → validate, producing:

* ``respondents``: one row per respondent (fiscal year, respondent type, 団体コード, where the row came from);
* ``responses``: one row per (fiscal_year, respondent_type, muni_code, item_id), 無回答 kept as its own answer;
* ``free_text``: one row per non-empty 「具体的な内容」 answer;
* ``cleaning_log``: every value the cleaner changed (file, row, column, raw value, clean value, rule);
* ``rejection_log``: every row it could not use (file, row, column, raw value, reason).

Every raw row ends up in exactly one of ``respondents`` (clean) or the rejection log: rows in = rows clean + rows
rejected, checked on every call. By default any problem (unknown municipality, answer outside the scale,
duplicate respondent …) raises :class:`~jusolib.core.errors.InputFileError` listing all of them — the problems of
whole files and of rows together, so that one run shows everything; with ``keep_going=True`` the rows concerned
are rejected instead, a file with a problem of its own (a missing item column …) is set aside (every row
rejected with that problem), and the rest is kept.

Answers are recoded by the codebook: an option's label, a spelling the codebook lists, an option number — on a
compiled sheet only: a questionnaire form shows its options by name, so a number typed there is not an answer —
and unambiguous spellings of these (half-width kana ｱﾃﾊﾏﾙ, katakana, 「」 around, a ○ before), each logged.

Which column holds what is :mod:`jusolib.io.column_map`; putting the cleaned rows together into the tidy frames
(and checking the row accounting) is :mod:`jusolib.clean.tidy`.

Examples
--------
>>> from jusolib.survey.codebook import load_codebook
>>> from jusolib.io.read import RawTable
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

import numpy as np
import pandas as pd

from jusolib.clean.tidy import LOG_COLUMNS, CleanResult, assemble
from jusolib.core.errors import InputFileError, JusolibError, MunicipalityError, Problem
from jusolib.core.fiscal import FiscalYearLike, fiscal_year_label, fiscal_years_mentioned, parse_fiscal_year
from jusolib.core.normalize import clean_free_text, display_value, is_blank, normalize_text, spelling_key
from jusolib.io.column_map import ColumnMap, map_columns
from jusolib.io.read import RawTable
from jusolib.survey.codebook import Codebook
from jusolib.survey.reference import MunicipalityResolver, municipality_resolver

_DECIMAL_INTEGER = re.compile(r"^\d+\.0+$")
#: Prefix of the keys :func:`with_spelling_variants` adds to a lookup (they never meet a normalised text).
FOLDED = "\x00"
#: The cleaning rule of an answer read through :func:`~jusolib.core.normalize.spelling_key`.
FOLDED_RULE = "spelling variant (kana, brackets or marks)"
#: The cleaning rule of a 無回答 written as the free text.
NO_ANSWER_TEXT_RULE = "無回答 written as the free text → no free text"
#: Why a number in a form's answer cell is not an answer.
FORM_NUMBER_WHY = (
    "a number: the form shows its options by name, never by number, so a number is not read as an option"
)


def _factorize(values: np.ndarray) -> tuple[np.ndarray, list[object]]:
    """Codes and unique values of an object array; ``None``/NaN get their own code (-1 → last unique)."""
    codes, uniques = pd.factorize(pd.Series(values, dtype=object), use_na_sentinel=True)
    unique_list = list(uniques)
    if (codes < 0).any():
        codes = np.where(codes < 0, len(unique_list), codes)
        unique_list.append(None)
    return codes, unique_list


def with_spelling_variants(
    lookup: dict[str, tuple[str, str]], *, option_codes: bool = True
) -> dict[str, tuple[str, str]]:
    """A scale's lookup (:meth:`jusolib.survey.codebook.Codebook.answer_lookup`) that also reads unambiguous
    spellings: every label and listed spelling folded by :func:`~jusolib.core.normalize.spelling_key`, kept only
    where all the texts that fold to one key mean the same answer. ``option_codes=False`` drops the option
    numbers (a questionnaire form does not show them).


    Parameters
    ----------
    lookup
        Normalised text → ``(label, rule)``, as :meth:`~jusolib.survey.codebook.Codebook.answer_lookup` gives.
    option_codes
        Keep the option numbers (a compiled sheet) or drop them (a questionnaire form).

    Returns
    -------
    dict
        The lookup with the folded keys added (prefixed by :data:`FOLDED`).
    Examples
    --------
    >>> lookup = {"1": ("あてはまる", "option code"), "あてはまる": ("あてはまる", "label"),
    ...           "": ("無回答", "blank → 無回答")}
    >>> recode_answer("ｱﾃﾊﾏﾙ", with_spelling_variants(lookup))
    ('あてはまる', 'spelling variant (kana, brackets or marks)')
    >>> recode_answer("1", with_spelling_variants(lookup, option_codes=False))
    (None, '')
    """
    out = {k: v for k, v in lookup.items() if option_codes or v[1] != "option code"}
    folded: dict[str, set[str]] = {}
    for key, (label, rule) in out.items():
        if key and rule != "option code":
            folded.setdefault(spelling_key(key), set()).add(label)
    for key, labels in folded.items():
        if key and len(labels) == 1:
            out[FOLDED + key] = (next(iter(labels)), FOLDED_RULE)
    return out


def recode_answer(value: object, lookup: dict[str, tuple[str, str]]) -> tuple[str | None, str]:
    """Recode one raw cell with a scale's lookup: ``(label, rule)`` or ``(None, why it failed)``.

    A blank cell is 無回答; a number (or a text of digits, 「1.0」) is looked up as an option number; a text by
    its normalised form, then by its folded spelling (:func:`with_spelling_variants`). Dates and TRUE/FALSE are
    never answers.

    Parameters
    ----------
    value
        The cell as read: text, a number, a date, ``None`` …
    lookup
        Normalised text → ``(label, rule)`` of the item's scale (:meth:`~jusolib.survey.codebook.Codebook.answer_lookup`,
        with :func:`with_spelling_variants`); it must hold ``""`` (the blank's answer).

    Returns
    -------
    tuple
        ``(label, rule)``: the answer's label and the cleaning rule that read it (``"label"`` when written
        exactly), or ``(None, why)``: ``why`` says what was found (a date, a decimal …), ``""`` for a text that
        is no answer of the scale.

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
    found = lookup.get(key) or lookup.get(FOLDED + spelling_key(text))
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
        self._lookups: dict[tuple[str, bool], dict[str, tuple[str, str]]] = {}
        self.log: list[tuple[np.ndarray, object, np.ndarray, np.ndarray, object]] = []
        self.rejected: list[dict[str, object]] = []
        # Every cell is hashed once: codes[row, column] indexes ``uniques`` (None/NaN share one code).
        values = table.cells.to_numpy(dtype=object)
        codes, self.uniques = _factorize(values.ravel())
        self.codes = codes.reshape(values.shape) if values.size else np.zeros(values.shape, dtype=np.intp)

    # -- helpers -------------------------------------------------------------------------------------------
    def _problem(
        self, row: int | None, position: int | None, value: object, expected: str, kind: str
    ) -> None:
        cell = self.table.cell_ref(position)
        if position is None:
            column = None
        else:
            column = self.table.headings[position] if cell else self.table.column_label(position)
        self.problems.append(
            Problem(self.table.file, row, column, display_value(value), expected, kind, cell=cell)
        )

    def _log(
        self,
        rows: np.ndarray,
        column: str | np.ndarray,
        raw: np.ndarray,
        clean: np.ndarray,
        rule: np.ndarray | str,
    ) -> None:
        if len(rows):
            self.log.append((rows, column, raw, clean, rule))

    def _log_rows(
        self, position: int, idx: np.ndarray, raw: np.ndarray, clean: np.ndarray, rule: np.ndarray | str
    ) -> None:
        """Log the values changed in rows ``idx`` (positions) of one column."""
        if len(idx):
            self._log(self.rows[idx], self.table.column_label(position), raw, clean, rule)

    def log_frame(self) -> pd.DataFrame | None:
        """The cleaning log entries of this table as one frame (built once, not per column)."""
        if not self.log:
            return None
        columns: dict[str, list[np.ndarray]] = {c: [] for c in LOG_COLUMNS}
        for rows, column, raw, clean, rule in self.log:
            n = len(rows)
            columns["file"].append(np.repeat(np.array([self.table.file], dtype=object), n))
            columns["row"].append(np.asarray(rows))
            for name, value in (
                ("column", column),
                ("raw_value", raw),
                ("clean_value", clean),
                ("rule", rule),
            ):
                columns[name].append(
                    value if isinstance(value, np.ndarray) else np.repeat(np.array([value], dtype=object), n)
                )
        return pd.DataFrame(
            {
                name: pd.Series(np.concatenate(parts), dtype=int if name == "row" else object)
                for name, parts in columns.items()
            }
        )

    def _column(self, position: int) -> tuple[np.ndarray, np.ndarray]:
        """Codes of a column's cells and the positions (in ``uniques``) of the distinct values it holds."""
        codes = self.codes[:, position]
        return codes, np.unique(codes)

    def _per_unique(self, position: int, mask: np.ndarray, fn: Callable[[object], object]) -> np.ndarray:
        """Apply ``fn`` once per distinct value of a column (restricted to ``mask``); returns results per row."""
        codes, present = self._column(position)
        results = np.empty(len(self.uniques), dtype=object)
        for u in present:
            results[u] = fn(self.uniques[u])
        out = results[codes]
        out[~mask] = None
        return out

    # -- steps ---------------------------------------------------------------------------------------------
    def run(self, columns: ColumnMap) -> dict[str, object]:
        table, cells = self.table, self.table.cells
        if table.superseded_by is not None:
            self.problems = []
            return self._reject_all(f"superseded by {table.superseded_by} (MANIFEST.yaml supersedes)")
        self.problems += columns.row_problems
        if columns.set_aside is not None:
            return self._reject_all(columns.set_aside)
        all_values = cells.to_numpy(dtype=object)
        blank_unique = np.array([is_blank(u) for u in self.uniques], dtype=bool)
        blank = blank_unique[self.codes] if all_values.size else np.zeros(all_values.shape, bool)
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
            text = " ".join(display_value(v) for v in all_values[index] if not is_blank(v))
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
        self.option_codes: dict[str, np.ndarray] = {}
        self.categories: dict[str, np.ndarray] = {}
        answers = self._recode_answers(columns.items, live)
        free = self._free_text(columns.free_text, live)
        for row, position, raw, saved, rule in table.notes:
            self._log(
                np.array([row]),
                position if isinstance(position, str) else table.column_label(position),
                np.array([display_value(raw)]),
                np.array([display_value(saved)]),
                rule,
            )
        return {
            "live": live,
            "muni": muni,
            "types": types,
            "answers": answers,
            "codes": self.option_codes,
            "categories": self.categories,
            "free": free,
        }

    def _reject_all(self, reason: str) -> dict[str, object]:
        """Every row rejected with ``reason``, nothing read: a file the MANIFEST says is replaced by another, a
        blank form (白紙), a file set aside for a problem of its own (``keep_going``)."""
        for row in self.rows:
            self.rejected.append(
                {"file": self.table.file, "row": row, "column": None, "raw_value": "", "reason": reason}
            )
        n = len(self.rows)
        self.option_codes, self.categories = {}, {}
        nothing = np.full(n, None, dtype=object)
        return {
            "live": np.zeros(n, dtype=bool),
            "muni": nothing,
            "types": nothing.copy(),
            "answers": {},
            "codes": {},
            "categories": {},
            "free": {},
        }

    def _resolve_municipalities(self, position: int | None, live: np.ndarray) -> np.ndarray:
        """団体コード per row; each distinct spelling is resolved once, problems named per row."""
        if position is None:
            return np.full(len(self.rows), None, dtype=object)
        codes, present = self._column(position)
        size = len(self.uniques)
        code_u, shown_u, clean_u = (np.full(size, None, dtype=object) for _ in range(3))
        error_u: dict[int, tuple[str, str]] = {}
        for u in present:
            value = self.uniques[u]
            if is_blank(value):
                error_u[u] = ("a municipality name or 団体コード (the cell is blank)", "missing_municipality")
                continue
            try:
                code = self.resolver.resolve(value)
            except MunicipalityError as exc:
                kind = type(exc).__name__.replace("MunicipalityError", "").lower() + "_municipality"
                hint = f" (closest: {', '.join(exc.candidates)})" if exc.candidates else ""
                error_u[u] = (f"a Tokyo municipality: {exc.reason}{hint}", kind)
                continue
            code_u[u], shown_u[u], clean_u[u] = (
                code,
                display_value(value),
                f"{code} {self.resolver.name(code)}",
            )
        out = code_u[codes] if len(codes) else np.array([], dtype=object)
        out[~live] = None
        bad_u = np.zeros(size, dtype=bool)
        bad_u[list(error_u)] = True
        for i in np.flatnonzero(live & bad_u[codes]):
            expected, kind = error_u[codes[i]]
            self._problem(self.rows[i], position, self.uniques[codes[i]], expected, kind)
        idx = np.flatnonzero(live & ~bad_u[codes])
        self._log_rows(position, idx, shown_u[codes[idx]], clean_u[codes[idx]], "municipality → 団体コード")
        return out

    def _respondent_types(self, position: int | None, live: np.ndarray) -> np.ndarray:
        """Respondent-type key per row, from each distinct spelling once."""
        if position is None:
            return np.full(len(self.rows), None, dtype=object)
        labels = " or ".join(self.book.respondent_types["label"])
        codes, present = self._column(position)
        size = len(self.uniques)
        key_u, shown_u = np.full(size, None, dtype=object), np.full(size, None, dtype=object)
        for u in present:
            value = self.uniques[u]
            key_u[u] = None if is_blank(value) else self.book.respondent_type_key(str(value))
            shown_u[u] = display_value(value)
        out = key_u[codes] if len(codes) else np.array([], dtype=object)
        out[~live] = None
        missing_u = np.array([k is None for k in key_u], dtype=bool)
        for i in np.flatnonzero(live & missing_u[codes]):
            value = self.uniques[codes[i]]
            blank = is_blank(value)
            what = "the cell is blank" if blank else "not a respondent type of the codebook"
            self._problem(
                self.rows[i],
                position,
                value,
                f"a respondent type: {labels} ({what})",
                "missing_respondent_type" if blank else "unknown_respondent_type",
            )
        changed_u = ~missing_u & (shown_u != key_u)
        idx = np.flatnonzero(live & changed_u[codes])
        self._log_rows(position, idx, shown_u[codes[idx]], key_u[codes[idx]], "respondent type")
        return out

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
        """Recode each item column by the codebook, deciding once per distinct value (vectorised over rows)."""
        out = {}
        categories = {label: i for i, label in enumerate(self.book.answer_categories)}
        is_form = self.table.form is not None
        for item_id, position in items.items():
            scale = self.book.item(item_id)["scale"]
            if (scale, is_form) not in self._lookups:
                self._lookups[(scale, is_form)] = with_spelling_variants(
                    self.book.answer_lookup(scale), option_codes=not is_form
                )
            lookup = self._lookups[(scale, is_form)]
            codes, present = self._column(position)
            uniques = self.uniques
            label_u = np.full(len(uniques), None, dtype=object)
            rule_u = np.full(len(uniques), "", dtype=object)
            shown_u = np.full(len(uniques), "", dtype=object)
            invalid_u = np.zeros(len(uniques), dtype=bool)
            changed_u = np.zeros(len(uniques), dtype=bool)
            code_u = np.full(len(uniques), np.nan)
            category_u = np.full(len(uniques), -1, dtype=np.int8)
            option_codes = {o.label: o.code for o in self.book.scale_of(item_id).options}
            for u in present:
                label, rule = recode_answer(uniques[u], lookup)
                if label is None and is_form and not rule and _looks_numeric(uniques[u]):
                    rule = FORM_NUMBER_WHY
                shown = display_value(uniques[u])
                label_u[u], rule_u[u], shown_u[u] = label, rule, shown
                invalid_u[u] = label is None
                changed_u[u] = label is not None and shown != label
                code_u[u] = np.nan if label is None else option_codes.get(label, np.nan)
                category_u[u] = -1 if label is None else categories.get(label, -1)
            labels = label_u[codes] if len(codes) else np.array([], dtype=object)
            labels[~live] = None
            for i in np.flatnonzero(live & invalid_u[codes]):
                rule = rule_u[codes[i]]
                why = f" ({rule})" if rule else ""
                self._problem(
                    self.rows[i],
                    position,
                    uniques[codes[i]],
                    self.book.expected_answers(item_id) + why,
                    "answer_outside_scale",
                )
            labels[live & invalid_u[codes]] = None
            item_codes = code_u[codes] if len(codes) else np.array([], dtype=float)
            item_codes[~live | invalid_u[codes]] = np.nan
            self.option_codes[item_id] = item_codes
            self.categories[item_id] = category_u[codes] if len(codes) else np.array([], dtype=np.int8)
            idx = np.flatnonzero(live & changed_u[codes])
            self._log_rows(position, idx, shown_u[codes[idx]], labels[idx], rule_u[codes[idx]])
            out[item_id] = labels
        return out

    def _free_text(self, free: dict[str, int], live: np.ndarray) -> dict[str, np.ndarray]:
        """Keep non-blank free text, trimmed; a 無回答 written as the text (「無回答」, 「－」) is no text. Decided
        once per distinct value, every change logged."""
        out = {}
        no_answer = {normalize_text(a) for a in (*self.book.no_answer_aliases, self.book.no_answer_label)}
        for item_id, position in free.items():
            codes, present = self._column(position)
            uniques = self.uniques
            text_u = np.full(len(uniques), None, dtype=object)
            changed_u = np.zeros(len(uniques), dtype=bool)
            rule_u = np.full(len(uniques), "free text trimmed", dtype=object)
            for u in present:
                if not is_blank(uniques[u]):
                    text = clean_free_text(display_value(uniques[u]))
                    if normalize_text(text) in no_answer:
                        text_u[u], changed_u[u], rule_u[u] = None, True, NO_ANSWER_TEXT_RULE
                    else:
                        text_u[u] = text
                        changed_u[u] = text_u[u] != uniques[u]
            texts = text_u[codes] if len(codes) else np.array([], dtype=object)
            texts[~live] = None
            idx = np.flatnonzero(live & changed_u[codes])
            shown = np.array([display_value(uniques[c]) for c in codes[idx]], dtype=object)
            cleaned = np.array([display_value(t) for t in texts[idx]], dtype=object)
            self._log_rows(position, idx, shown, cleaned, rule_u[codes[idx]])
            out[item_id] = texts
        return out


def _looks_numeric(value: object) -> bool:
    """True for a number, or a text of digits (「1」, 「１」, 「1.0」)."""
    if isinstance(value, bool):
        return False
    if isinstance(value, int | float | np.integer | np.floating):
        return True
    return bool(re.fullmatch(r"\d+(\.0+)?", normalize_text(str(value))))


def check_file_fiscal_year(table: RawTable, fiscal_year: int) -> list[Problem]:
    """Problems if the file name or the title rows name a fiscal year other than the folder's.

    A questionnaire form says its fiscal year in its 調査年度 cell, checked with the form
    (:mod:`jusolib.io.form_reader`); forms and superseded files are not checked here.

    Parameters
    ----------
    table
        A raw table (:class:`~jusolib.io.raw.RawTable`): its ``file`` (the name, without `` [sheet]``) and its
        ``title_text`` (the rows above the header) are read.
    fiscal_year
        The fiscal year of the folder the file was found in, as a number (2024).

    Returns
    -------
    list of Problem
        ``fiscal_year_contradicts_folder`` for the file name and for the title rows each when they mention
        another fiscal year (令和5年度, R5, FY2023 …); empty when they agree or mention none.

    Examples
    --------
    >>> t = RawTable("R5_returns.csv", [], [], pd.DataFrame(), header_row=1, title_text="令和5年度 調査")
    >>> [p.kind for p in check_file_fiscal_year(t, 2024)]
    ['fiscal_year_contradicts_folder', 'fiscal_year_contradicts_folder']
    """
    if table.form is not None or table.superseded_by is not None:
        return []
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
    fiscal_year: FiscalYearLike,
    resolver: MunicipalityResolver | None = None,
    keep_going: bool = False,
) -> CleanResult:
    """Clean the raw tables of one fiscal year into tidy data (see the module docstring).

    Parameters
    ----------
    tables
        Raw tables from :func:`jusolib.io.read.read_return`, all of the same fiscal year.
    codebook
        The codebook of that fiscal year.
    fiscal_year
        The fiscal year of the folder the files were found in; files and rows that say otherwise are errors.
    resolver
        Municipality resolver (default: the reference data's).
    keep_going
        If True, reject rows with problems (they go to the rejection log) instead of raising, and set aside a
        file with a problem of its own (every row rejected with it; :attr:`CleanResult.set_aside`).

    Returns
    -------
    CleanResult
        The tidy frames of the year (``respondents``, ``responses``, ``free_text``), the ``cleaning_log`` and
        ``rejection_log``, the per-file ``accounting`` (rows read = clean + rejected, checked), the warnings
        (unknown columns, header-only files …) and, with ``keep_going``, the problems of rows and the files set
        aside.

    Raises
    ------
    InputFileError
        Unless ``keep_going``: listing every problem found (file, row, column, value, what was expected), of
        whole files (missing item column, fiscal year contradicting the folder …) and of rows, in one error.
    """
    year = parse_fiscal_year(fiscal_year)
    resolver = resolver or municipality_resolver()
    file_problems: list[Problem] = []
    set_aside: list[Problem] = []
    warnings: list[Problem] = []
    settled: list[Problem] = []
    parts = []
    for table in tables:
        if table.superseded_by is not None:  # not read: its rows are rejected as superseded
            parts.append((table, ColumnMap()))
            continue
        columns = map_columns(table, codebook, resolver)
        own = table.header_problems + columns.problems + check_file_fiscal_year(table, year)
        warnings += columns.warnings
        settled += columns.settled
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
        if own:
            file_problems += own
            if keep_going:  # the file is set aside: each of its rows rejected with the file's problem
                set_aside += own
                columns = ColumnMap(set_aside=f"file set aside: {own[0].kind}: expected {own[0].expected}")
        parts.append((table, columns))

    cleaned = []
    for table, columns in parts:
        cleaner = _TableCleaner(table, codebook, resolver, year)
        cleaned.append((cleaner, columns, cleaner.run(columns)))

    _check_duplicates(cleaned, codebook)
    problems = [p for cleaner, _, _ in cleaned for p in cleaner.problems]
    if (problems or file_problems) and not keep_going:
        raise InputFileError(file_problems + problems)
    result = assemble(cleaned, codebook, year, resolver, warnings)
    result.problems, result.set_aside, result.settled = problems, set_aside, settled
    return result


def _check_duplicates(cleaned: list, codebook: Codebook) -> None:
    """Add a problem to every row of a respondent (respondent type + municipality) that answered twice."""
    parts = []
    for number, (_, _, state) in enumerate(cleaned):
        live = np.flatnonzero(state["live"] & pd.notna(state["muni"]) & pd.notna(state["types"]))
        parts.append(
            pd.DataFrame(
                {"table": number, "index": live, "kind": state["types"][live], "code": state["muni"][live]}
            )
        )
    rows = (
        pd.concat(parts, ignore_index=True)
        if parts
        else pd.DataFrame(columns=["table", "index", "kind", "code"])
    )
    repeated = rows[rows.duplicated(["kind", "code"], keep=False)]
    for (kind, code), group in repeated.groupby(["kind", "code"], sort=True):
        places = [
            (cleaned[t][0], int(cleaned[t][0].rows[i]), cleaned[t][1].municipality)
            for t, i in zip(group["table"], group["index"], strict=True)
        ]
        who = f"{places[0][0].resolver.name(code)} {code} ({codebook.respondent_type_label(kind)})"
        forms = all(c.table.form is not None for c, _, _ in places)
        for cleaner, row, position in places:
            others = "; ".join(c.table.place(r) for c, r, _ in places if (c, r) != (cleaner, row))
            expected = (
                f"one form per respondent; {who} also returned {others} — keep the one that counts, or list in "
                "MANIFEST.yaml which supersedes which (supersedes: - file: … replaces: …)"
                if forms
                else f"one row per respondent; {who} also answered in {others}"
            )
            cleaner._problem(
                row, position, cleaner.table.cells.at[row, position], expected, "duplicate_respondent"
            )
