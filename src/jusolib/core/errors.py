"""Error types and the :class:`Problem` record every input error is reported with.

Every error the pipeline raises for bad input names the file, the row, the column, the value it found
and what it expected, so that an analyst can open the file and fix it without reading code.

Examples
--------
>>> p = Problem(file="FY2024/returns.csv", row=5, column="区市町村名", value="世田谷市",
...             expected="a Tokyo municipality (closest: 世田谷区)", kind="unknown_municipality")
>>> print(p)
FY2024/returns.csv, row 5, column 区市町村名: '世田谷市' — expected a Tokyo municipality (closest: 世田谷区)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

#: How many problems an error message lists before it says "… and N more".
MAX_PROBLEMS_SHOWN = 20


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input, located precisely.

    Parameters
    ----------
    file
        The file, relative to the data directory where possible.
    row
        The row number as the analyst sees it (spreadsheet row or CSV line, 1-based), or ``None``
        when the problem concerns the whole file.
    column
        The column heading (with its spreadsheet letter where known), or ``None``.
    value
        The raw value found.
    expected
        What was expected instead, in words.
    kind
        A short machine-readable code, e.g. ``"unknown_municipality"``.
    cell
        The spreadsheet cell (``"D14"``) where the problem is, for a questionnaire form: the message then names
        the cell instead of the row, which for a form is only a bookkeeping number. ``""`` for a problem of the
        whole form that concerns no one cell (the message then names ``column``, e.g. a missing item).
    details
        Named values for the Japanese wording of the problem (``jusolib status``, the 91 page): e.g. the other
        row of a moved item, the municipality a changed 団体名 names. Pairs of strings, so that a problem stays
        hashable; :attr:`params` gives them as a dict.

    Examples
    --------
    >>> print(Problem("FY2025/a.xlsx, sheet 調査票", 9, "問1-1", "ややあてはまる", "a label", "x", cell="D14"))
    FY2025/a.xlsx, sheet 調査票, cell D14 (問1-1): 'ややあてはまる' — expected a label
    """

    file: str
    row: int | None
    column: str | None
    value: object
    expected: str
    kind: str
    cell: str | None = None
    details: tuple[tuple[str, str], ...] = ()

    @property
    def params(self) -> dict[str, str]:
        """:attr:`details` as a dict.

        Examples
        --------
        >>> Problem("a.xlsx", 1, None, None, "x", "k", details=(("row", "28"),)).params
        {'row': '28'}
        """
        return dict(self.details)

    @classmethod
    def whole_file(cls, file: str, expected: str, kind: str) -> Problem:
        """A problem that concerns a whole file (or folder) rather than one row or column.

        Parameters
        ----------
        file
            The file or folder, relative to the data directory where possible.
        expected
            What was expected of it, in words (the message reads 「… — expected <expected>」).
        kind
            A short machine-readable code, e.g. ``"no_header"``.

        Returns
        -------
        Problem
            With no row, column or value.

        Examples
        --------
        >>> print(Problem.whole_file("a.csv", "a file with a header row", "no_header"))
        a.csv — expected a file with a header row
        """
        return cls(file, None, None, None, expected, kind)

    def __str__(self) -> str:
        where = [self.file]
        if self.cell:
            where.append(f"cell {self.cell}" + (f" ({self.column})" if self.column else ""))
        elif self.cell is not None:
            where += [self.column] if self.column else []
        else:
            if self.row is not None:
                where.append(f"row {self.row}")
            if self.column is not None:
                where.append(f"column {self.column}")
        value = "" if self.value is None else f": {self.value!r}"
        return f"{', '.join(where)}{value} — expected {self.expected}"


class JusolibError(Exception):
    """Base class of every error jusolib raises on purpose (the CLI prints these without a traceback)."""


class InputFileError(JusolibError):
    """One or more problems in input files; the message lists each with file, row, column and value.

    Examples
    --------
    >>> err = InputFileError([Problem("a.csv", 3, "回答主体", "", "a respondent type", "missing")])
    >>> print(err)
    1 problem in the input files:
      - a.csv, row 3, column 回答主体: '' — expected a respondent type
    """

    def __init__(self, problems: Sequence[Problem], headline: str | None = None) -> None:
        self.problems = list(problems)
        n = len(self.problems)
        head = headline or f"{n} problem{'s' if n != 1 else ''} in the input files:"
        lines = [head] + [f"  - {p}" for p in self.problems[:MAX_PROBLEMS_SHOWN]]
        if n > MAX_PROBLEMS_SHOWN:
            lines.append(f"  … and {n - MAX_PROBLEMS_SHOWN} more (see the rejection log with --keep-going)")
        super().__init__("\n".join(lines))


def file_error(file: str, expected: str, kind: str) -> InputFileError:
    """An :class:`InputFileError` for one problem with a whole file (see :meth:`Problem.whole_file`).

    Parameters
    ----------
    file
        The file or folder, relative to the data directory where possible.
    expected
        What was expected of it, in words.
    kind
        A short machine-readable code, e.g. ``"no_header"``.

    Returns
    -------
    InputFileError
        The error, to be raised by the caller.

    Examples
    --------
    >>> print(file_error("FY2024/a.csv", "a file with a header row", "no_header"))
    1 problem in the input files:
      - FY2024/a.csv — expected a file with a header row
    """
    return InputFileError([Problem.whole_file(file, expected, kind)])


class MunicipalityError(JusolibError, LookupError):
    """A municipality could not be resolved to one 6-digit 団体コード."""

    def __init__(self, value: object, reason: str, candidates: Sequence[str] = ()) -> None:
        self.value = value
        self.reason = reason
        self.candidates = list(candidates)
        hint = f" (closest: {', '.join(self.candidates)})" if self.candidates else ""
        super().__init__(f"{value!r}: {reason}{hint}")


class UnknownMunicipalityError(MunicipalityError):
    """No Tokyo municipality matches the value."""


class AmbiguousMunicipalityError(MunicipalityError):
    """More than one Tokyo municipality matches the value."""


class FiscalYearError(JusolibError, ValueError):
    """A value could not be read as a fiscal year, or is outside the supported range."""


class CodebookError(JusolibError):
    """A codebook file is missing, malformed or inconsistent."""


class ReferenceDataError(JusolibError):
    """Reference data is missing a fact that a computation needs (e.g. a population)."""


class ParameterError(JusolibError, ValueError):
    """A report or function parameter is not one of the accepted values."""


class UnknownItemError(CodebookError, ParameterError):
    """An item was asked for by an id or question number that the fiscal year's codebook does not have."""


def check_choice(name: str, value: object, choices: Sequence[object]) -> None:
    """Raise :class:`ParameterError` unless ``value`` is one of ``choices``.

    Parameters
    ----------
    name
        The parameter's name, as the message shows it (``base``).
    value
        The value passed.
    choices
        The accepted values; the message lists them in this order.

    Raises
    ------
    ParameterError
        If ``value`` is not among ``choices``.

    Examples
    --------
    >>> check_choice("base", "valid", ["all", "valid"])
    >>> check_choice("base", "x", ["all", "valid"])
    Traceback (most recent call last):
    ...
    jusolib.core.errors.ParameterError: The value for `base` must be one of ['all', 'valid'], but 'x' was passed.
    """
    if value not in choices:
        raise ParameterError(
            f"The value for `{name}` must be one of {list(choices)}, but {value!r} was passed."
        )
