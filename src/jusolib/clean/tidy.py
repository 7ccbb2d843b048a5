"""From cleaned rows to the tidy frames of a fiscal year, with the row accounting checked.

:func:`assemble` puts the tables :mod:`jusolib.clean.cleaner` has cleaned together into a :class:`CleanResult`:
respondents, responses, free text, cleaning log and rejection log, sorted by respondent (type in codebook
order, then 団体コード) and item (questionnaire order). Every raw row is in the respondents or in the rejection
log: :func:`check_accounting` checks rows read = rows clean + rows rejected for every file.

Examples
--------
>>> check_accounting(pd.DataFrame([{"file": "a.csv", "rows_read": 3, "rows_clean": 2, "rows_rejected": 1}]))
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from jusolib.core.errors import Problem
from jusolib.core.normalize import display_value
from jusolib.survey.codebook import Codebook
from jusolib.survey.reference import MunicipalityResolver

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
ACCOUNTING_COLUMNS = ["file", "rows_read", "rows_clean", "rows_rejected"]


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
    #: Rows rejected because of a problem (only with ``keep_going``; blank and note rows are not counted).
    rows_with_problems: int = 0
    #: The problems of rows (with ``keep_going``: each rejected its row).
    problems: list[Problem] = field(default_factory=list)
    #: Problems of whole files that were set aside (with ``keep_going``: every row of the file rejected).
    set_aside: list[Problem] = field(default_factory=list)
    #: Problems the coordinator settled in ``corrections.yaml`` (not raised).
    settled: list[Problem] = field(default_factory=list)


def assemble(
    cleaned: list, codebook: Codebook, year: int, resolver: MunicipalityResolver, warnings: list[Problem]
) -> CleanResult:
    """Put the cleaned tables together: arrays per column, sorted once by integer keys, one DataFrame each.

    Responses and free text refer to their respondent by position (``who``), so sorting them needs no string
    comparison: respondents are ranked once (type in codebook order, then 団体コード), answers by that rank and the
    item's questionnaire order.

    Parameters
    ----------
    cleaned
        One ``(cleaner, column map, state)`` per table, as :func:`jusolib.clean.cleaner.clean_tables` makes
        them: the table's cleaner (its rows, problems and log), its :class:`~jusolib.io.raw.ColumnMap`, and
        the arrays of its cleaned rows (live rows, respondent types, 団体コード, answers and free text).
    codebook
        The fiscal year's codebook: the order of respondent types and items, and the answers' categories.
    year
        The fiscal year as a number (2024), written into every row.
    resolver
        Gives each 団体コード its municipality's name (``muni_name``).
    warnings
        The warnings of the tables (unknown columns …), handed on as they are.

    Returns
    -------
    CleanResult
        The frames of the year; its ``problems``, ``set_aside`` and ``settled`` are left empty for the caller.

    Raises
    ------
    AssertionError
        When a file's rows do not add up (:func:`check_accounting`): a bug, not bad input.
    """
    type_order = {k: i for i, k in enumerate(codebook.respondent_types.index)}
    item_position = {k: i for i, k in enumerate(codebook.items.index)}
    respondents: dict[str, list[np.ndarray]] = {c: [] for c in RESPONDENT_COLUMNS[1:]}
    responses: dict[str, list[np.ndarray]] = {"who": [], "item": [], "answer": [], "answer_code": []}
    free: dict[str, list[np.ndarray]] = {"who": [], "item": [], "text": []}
    logs, rejections, accounting = [], [], []
    rows_with_problems = 0
    offset = 0
    for cleaner, columns, state in cleaned:
        table = cleaner.table
        bad_rows = {p.row for p in cleaner.problems if p.row is not None}
        rows_with_problems += len(bad_rows)
        rejections += [
            {
                "file": p.file,
                "row": p.row,
                "column": f"{p.column} (cell {p.cell})" if p.cell and p.column else p.column or p.cell,
                "raw_value": display_value(p.value),
                "reason": f"{p.kind}: expected {p.expected}",
            }
            for p in cleaner.problems
        ]
        rejections += cleaner.rejected
        keep = state["live"] & ~np.isin(cleaner.rows, list(bad_rows))
        idx = np.flatnonzero(keep)
        accounting.append(
            {
                "file": table.file,
                "rows_read": len(cleaner.rows),
                "rows_clean": len(idx),
                "rows_rejected": len(set(cleaner.rows[~state["live"]]) | bad_rows),
            }
        )
        log = cleaner.log_frame()
        if log is not None:
            logs.append(log[~log["row"].isin(bad_rows)] if bad_rows else log)
        if not len(idx):
            continue
        muni, m = state["muni"][idx], len(idx)
        raw_muni = table.cells[columns.municipality].to_numpy(dtype=object)[idx]
        for name, values in (
            ("respondent_type", state["types"][idx]),
            ("muni_code", muni),
            ("muni_name", np.array([resolver.name(c) for c in muni], dtype=object)),
            ("raw_municipality", np.array([display_value(v) for v in raw_muni], dtype=object)),
            ("source_file", np.repeat(np.array([table.file], dtype=object), m)),
            ("source_row", cleaner.rows[idx]),
        ):
            respondents[name].append(values)
        who = np.arange(offset, offset + m)
        offset += m
        answered = list(state["answers"])
        if answered:
            responses["who"].append(np.tile(who, len(answered)))
            responses["item"].append(np.repeat(np.array([item_position[i] for i in answered]), m))
            responses["answer"].append(np.concatenate([state["categories"][i][idx] for i in answered]))
            responses["answer_code"].append(np.concatenate([state["codes"][i][idx] for i in answered]))
        for item_id, texts in state["free"].items():
            chosen = texts[idx]
            has = pd.notna(chosen)
            free["who"].append(who[has])
            free["item"].append(np.repeat(item_position[item_id], int(has.sum())))
            free["text"].append(chosen[has])

    def joined(parts: dict[str, list[np.ndarray]], empty: dict[str, type]) -> dict[str, np.ndarray]:
        return {
            k: np.concatenate(v) if v else np.array([], dtype=empty.get(k, object)) for k, v in parts.items()
        }

    people = joined(respondents, {"source_row": int})
    kinds, munis = people["respondent_type"], people["muni_code"]
    type_rank = np.array([type_order[k] for k in kinds], dtype=np.intp)
    order = (
        np.lexsort((pd.factorize(munis, sort=True)[0], type_rank))
        if len(kinds)
        else np.array([], dtype=np.intp)
    )
    rank = np.empty(len(order), dtype=np.intp)
    rank[order] = np.arange(len(order))

    def by_respondent(parts: dict[str, np.ndarray]) -> tuple[np.ndarray, dict[str, pd.Series]]:
        sort = np.lexsort((parts["item"], rank[parts["who"]])) if len(parts["who"]) else np.array([], np.intp)
        who = parts["who"][sort]
        items = np.array(codebook.items.index, dtype=object)
        return sort, {
            "respondent_type": pd.Series(kinds[who], dtype=object),
            "muni_code": pd.Series(munis[who], dtype=object),
            "item_id": pd.Series(items[parts["item"][sort].astype(np.intp)], dtype=object),
        }

    respondent_frame = pd.DataFrame(
        {
            name: pd.Series(values[order], dtype=int if name == "source_row" else object)
            for name, values in people.items()
        }
    )
    respondent_frame.insert(0, "fiscal_year", np.repeat(year, len(respondent_frame)))
    answers = joined(responses, {"who": np.intp, "item": np.intp, "answer": np.int8, "answer_code": float})
    sort, keys = by_respondent(answers)
    response_frame = pd.DataFrame({"fiscal_year": np.repeat(year, len(sort)), **keys})
    response_frame["answer"] = pd.Categorical.from_codes(
        answers["answer"][sort].astype(np.int8), dtype=codebook.answer_dtype()
    )
    response_frame["answer_code"] = pd.array(answers["answer_code"][sort], dtype="Int64")
    texts = joined(free, {"who": np.intp, "item": np.intp})
    sort, keys = by_respondent(texts)
    free_frame = pd.DataFrame(
        {
            "fiscal_year": np.repeat(year, len(sort)),
            **keys,
            "text": pd.Series(texts["text"][sort], dtype=object),
        }
    )
    cleaning_log = pd.concat(logs, ignore_index=True) if logs else pd.DataFrame(columns=LOG_COLUMNS)
    rejection_log = pd.DataFrame(rejections, columns=REJECTION_COLUMNS)
    rejection_log = rejection_log.sort_values(
        ["file", "row"], kind="stable", na_position="first"
    ).reset_index(drop=True)
    accounting_frame = pd.DataFrame(accounting, columns=ACCOUNTING_COLUMNS)
    check_accounting(accounting_frame)
    return CleanResult(
        respondent_frame,
        response_frame,
        free_frame,
        cleaning_log,
        rejection_log,
        accounting_frame,
        warnings,
        rows_with_problems,
    )


def check_accounting(accounting: pd.DataFrame) -> None:
    """Raise if any file's rows read differ from rows clean + rows rejected (an internal invariant).

    Parameters
    ----------
    accounting
        One row per file: ``file``, ``rows_read``, ``rows_clean``, ``rows_rejected`` (:data:`ACCOUNTING_COLUMNS`).

    Raises
    ------
    AssertionError
        Naming the first file whose rows do not add up.

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
