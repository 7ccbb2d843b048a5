"""The shapes every return reader hands on: a table of cells as written, and which column plays which role.

:class:`RawTable` is what :mod:`jusolib.io.read` (compiled sheets, CSV) and :mod:`jusolib.io.form_reader`
(returned questionnaire forms) read; :class:`ColumnMap` is what :mod:`jusolib.io.column_map` and the form reader
find in it. Neither module imports the other's reader.

Examples
--------
>>> import pandas as pd
>>> table = RawTable("r.csv", ["区市町村名"], ["A"], pd.DataFrame([["世田谷区"]], index=[3]), header_row=2)
>>> table.column_label(0), table.place(3)
('区市町村名 (A)', 'r.csv row 3')
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from jusolib.core.errors import Problem


@dataclass
class RawTable:
    """The cells of one sheet (or CSV file) below its header row, exactly as written.

    Attributes
    ----------
    file
        Display name used in messages and logs (path relative to the data directory, plus ``[sheet]``).
    headings
        Raw heading text of each column (``""`` where the heading cell is empty).
    letters
        Spreadsheet column letters (A, B, …) for messages.
    cells
        Object DataFrame with positional columns ``0 … n-1``; its index is the row number as the analyst sees it.
    title_text
        Text of the rows above the header (titles often name the fiscal year).
    encoding
        Encoding a CSV file was decoded with (``None`` for workbooks).
    header_problems
        Problems with the header row itself (merged heading cells): they concern the whole file.
    cell_problems
        Problems found while reading cells (e.g. a formula with no saved value).
    notes
        What the reader did that an analyst should know (e.g. a formula replaced by its saved value, a cell
        comment, a correction from ``corrections.yaml``): ``(row, column position, raw, clean, rule)``, the
        position given as the column's label (``"cell C17"``) when the cell is not a column of the table.
    form
        For a returned questionnaire form, what :mod:`jusolib.io.form_reader` found (a ``FormInfo``); the table
        then has one row and ``letters`` holds each column's cell (``D14``) instead of its letter.
    header_row
        The row number of the header (1-based, as the analyst sees it); the cells start below it.
    sheet
        The sheet of a workbook the table was read from (``None`` for a CSV file).
    source
        The file's display name without the sheet.
    superseded_by
        The file that replaces this one according to the MANIFEST (its rows are then rejected, not read).
    """

    file: str
    headings: list[str]
    letters: list[str]
    cells: pd.DataFrame
    header_row: int
    title_text: str = ""
    encoding: str | None = None
    sheet: str | None = None
    header_problems: list[Problem] = field(default_factory=list)
    cell_problems: list[Problem] = field(default_factory=list)
    notes: list[tuple[int, int | str, object, object, str]] = field(default_factory=list)
    form: Any = None
    source: str = ""
    superseded_by: str | None = None

    def column_label(self, position: int) -> str:
        """A column as shown in messages and logs: its heading and letter, e.g. ``問1-1 (E)``.

        For a form, its heading and cell: ``問1-1 (cell D14)``.

        Parameters
        ----------
        position
            The column's 0-based position in :attr:`cells`.

        Returns
        -------
        str
            The heading (``(no heading)`` when empty) with the column's letter, or for a form its cell.
        """
        heading = self.headings[position] or "(no heading)"
        if self.form is not None:
            return f"{heading} (cell {self.letters[position]})"
        return f"{heading} ({self.letters[position]})"

    def cell_ref(self, position: int | None) -> str | None:
        """The cell of a column of a form (``D14``); ``None`` for a compiled sheet, where rows vary.

        Parameters
        ----------
        position
            The column's 0-based position, or ``None`` (no column).

        Returns
        -------
        str or None
            The cell reference for a form; ``None`` for a compiled sheet or no column.
        """
        return self.letters[position] if self.form is not None and position is not None else None

    def place(self, row: int) -> str:
        """Where a row is, in words: ``a.csv row 5``, or just the file and sheet for a form (one respondent).

        Parameters
        ----------
        row
            The row number as the analyst sees it (the index of :attr:`cells`).

        Returns
        -------
        str
            ``"<file> row <row>"``, or the table's ``file`` for a form.
        """
        return self.file if self.form is not None else f"{self.file} row {row}"


def column_letter(position: int) -> str:
    """Spreadsheet letter of a 0-based column position.

    Parameters
    ----------
    position
        The column's 0-based position (0 is column A).

    Returns
    -------
    str
        The column's letters, as Excel names them (A … Z, AA … ZZ, AAA …).

    Examples
    --------
    >>> column_letter(0), column_letter(25), column_letter(26), column_letter(701)
    ('A', 'Z', 'AA', 'ZZ')
    """
    letters = ""
    n = position + 1
    while n:
        n, rest = divmod(n - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


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
    #: Problems of the table's rows found while mapping (a questionnaire form's structure): reject rows, not files.
    row_problems: list[Problem] = field(default_factory=list)
    #: Why every row of the table is set aside without being a problem (a blank form, 白紙), or ``None``.
    set_aside: str | None = None
    #: Problems the coordinator settled in ``corrections.yaml`` (not raised; reported by ``jusolib status``).
    settled: list[Problem] = field(default_factory=list)
