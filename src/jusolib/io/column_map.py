"""Which column of a return holds what: municipality, respondent type, each item and its free text.

A compiled sheet is mapped by its headings, matched to the codebook after normalisation (full-width letters,
spaces, 問 numbers); a returned questionnaire form by its hidden keys (:mod:`jusolib.io.form_reader`). Missing
columns are problems that stop the file; unknown columns holding data are warnings.

Examples
--------
>>> import pandas as pd
>>> from jusolib.survey.codebook import load_codebook
>>> from jusolib.io.raw import ColumnMap, RawTable
>>> book = load_codebook(2024)
>>> headings = ["区市町村 名", "回答主体", *book.items["column"]]
>>> cells = pd.DataFrame([["世田谷区", "自治体", *["1"] * 27]], index=[2], columns=range(29), dtype=object)
>>> mapping = map_columns(RawTable("r.csv", headings, [str(i) for i in range(29)], cells, header_row=1), book)
>>> mapping.municipality, mapping.items["out_participation"], mapping.problems
(0, 2, [])
"""

from __future__ import annotations

from jusolib.core.docstrings import shared_parameters
from jusolib.core.errors import Problem
from jusolib.core.normalize import is_blank, normalize_heading
from jusolib.io.raw import ColumnMap, RawTable
from jusolib.survey.codebook import Codebook
from jusolib.survey.reference import MunicipalityResolver, municipality_resolver


@shared_parameters
def map_columns(
    table: RawTable, codebook: Codebook, resolver: MunicipalityResolver | None = None
) -> ColumnMap:
    """Match the table's headings to the codebook: roles, item columns, free-text columns, unknown columns.

    Missing item columns and missing municipality/respondent-type columns are problems; unknown columns that
    hold data are warnings; empty unnamed columns are ignored. A returned questionnaire form is mapped by its
    hidden keys instead (:func:`jusolib.io.form_reader.map_form_columns`).

    Headings are compared after :func:`~jusolib.core.normalize.normalize_heading` (full-width letters and
    digits, spaces, dashes): 「問 1 ー 1」 is the column 問1-1. The codebook's ``columns:`` block gives the
    accepted headings of the municipality, respondent-type and fiscal-year columns and the headings to ignore.

    Parameters
    ----------
    table
        A raw table from :func:`jusolib.io.read.read_return`.
    codebook
        The fiscal year's codebook (item columns, free-text columns, the ``columns:`` block).
    resolver
        Resolves municipality names and codes (used for a questionnaire form only); ``None`` for the shared
        resolver of the reference data.

    Returns
    -------
    ColumnMap
        The position of each role's column, of each item and free-text column (by item id), ``problems``
        (``missing_municipality_column``, ``missing_respondent_type_column``, ``missing_item_column``,
        ``duplicate_column``: they stop the file) and ``warnings`` (``unknown_column``).
    """
    if table.form is not None:
        from jusolib.io.form_reader import map_form_columns

        return map_form_columns(table, codebook, resolver or municipality_resolver())
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
