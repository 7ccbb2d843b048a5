"""Limits on what is read from a return file, checked before the file is parsed.

Returns arrive by e-mail from dozens of organisations and are untrusted: no file may exhaust memory or time,
and no workbook that can run code or reach other files is opened. Every limit is checked *before* the file is
parsed (an ``.xlsx`` is judged from its zip directory and a streaming pass over its sheets, never by inflating
it into memory), and every refusal is an :class:`~jusolib.core.errors.InputFileError` naming the file, the limit,
the value found and how to raise the limit.

The limits, all in this one place, each with the environment variable that raises it:

=============================== ========= ===================================================================
environment variable            default   what it bounds
=============================== ========= ===================================================================
``JUSOLIB_MAX_FILE_MB``         20        size of one return file on disk (MB)
``JUSOLIB_MAX_UNCOMPRESSED_MB`` 50        total size of an ``.xlsx``'s parts once unzipped (MB)
``JUSOLIB_MAX_COMPRESSION_RATIO`` 100     unzipped ÷ zipped size of any one part of 1 MB or more
``JUSOLIB_MAX_ZIP_PARTS``       500       parts (files) inside one ``.xlsx``
``JUSOLIB_MAX_ROWS``            20000     rows of a CSV file; rows up to the last value of a sheet
``JUSOLIB_MAX_COLUMNS``         1000      columns of a CSV file; columns up to the last value of a sheet
``JUSOLIB_MAX_CELLS``           1000000   cells stored in one sheet (with values or only formatting)
=============================== ========= ===================================================================

The defaults leave room for a national survey (1,741 municipalities × 2 respondent types ≈ 3,500 rows of
about 60 columns, a few MB). Whatever the settings, these are always refused: macro-enabled workbooks
(``.xlsm``, or a ``vbaProject.bin`` inside), workbooks with links to other workbooks (``externalLinks``) or
external data connections, and sheets whose XML declares a DTD (entity expansion). openpyxl parses the other
parts of a workbook through ``defusedxml``.

Examples
--------
>>> limits = ReadLimits.from_environment({"JUSOLIB_MAX_ROWS": "40000"})
>>> limits.rows, limits.file_mb
(40000, 20.0)
>>> print(LIMITS["rows"].refusal("a.csv", 40001, limits).expected)  # doctest: +NORMALIZE_WHITESPACE
at most 40,000 rows (JUSOLIB_MAX_ROWS=40000); this file has 40,001 rows. If the file is genuine, raise the limit, e.g.
JUSOLIB_MAX_ROWS=50000 jusolib build (see data/raw/README.md)
"""

from __future__ import annotations

import math
import os
import re
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, fields
from pathlib import Path
from typing import IO, Any

from jusolib.core.docstrings import shared_parameters
from jusolib.core.errors import InputFileError, ParameterError, Problem, file_error

MB = 1_000_000
#: Parts smaller than this (unzipped) are not judged by their compression ratio: small XML compresses well.
RATIO_MIN_BYTES = 1 << 20
#: Where the limits are documented for analysts.
DOCUMENTED_IN = "data/raw/README.md"


@dataclass(frozen=True)
class Limit:
    """One limit: its setting, default, unit and what a refusal says."""

    key: str
    env: str
    default: float
    unit: str
    what: str
    kind: str
    integer: bool = True

    def show(self, value: float) -> str:
        """A value in this limit's unit, e.g. ``20 MB`` or ``40,001 rows``.

        Parameters
        ----------
        value
            A size in this limit's unit (MB, a ratio, or a count of rows, columns, cells or parts).

        Returns
        -------
        str
            MB with one decimal unless whole, a ratio as ``100 : 1``, counts with thousands separators.

        Examples
        --------
        >>> LIMITS["file_mb"].show(20), LIMITS["file_mb"].show(35.24), LIMITS["rows"].show(40001)
        ('20 MB', '35.2 MB', '40,001 rows')
        """
        if self.unit == "MB":
            return f"{value:,.1f} MB" if value != int(value) else f"{int(value):,} MB"
        if self.unit == "ratio":
            return f"{value:,.0f} : 1"
        return f"{int(value):,} {self.unit}"

    @shared_parameters
    def refusal(self, file: str, found: float, limits: ReadLimits, where: str = "") -> Problem:
        """The problem reported when ``found`` exceeds the limit (``where``: e.g. the part of a workbook).

        Parameters
        ----------
        found
            The value found in the file, in this limit's unit.
        where
            What in the file exceeds it (e.g. a part of a workbook, ``xl/worksheets/sheet1.xml``); ``""`` for
            the whole file.

        Returns
        -------
        Problem
            A whole-file problem of this limit's kind whose ``expected`` names the limit, its setting, the value
            found and a setting that would admit the file (see the module's example).
        """
        allowed = getattr(limits, self.key)
        setting = f"{allowed:g}" if not self.integer else str(int(allowed))
        place = f" ({where})" if where else ""
        return Problem.whole_file(
            file,
            f"at most {self.show(allowed)}{' ' + self.what if self.what else ''} ({self.env}={setting}); "
            f"this file has {self.show(found)}{place}. If the file is genuine, raise the limit, e.g. "
            f"{self.env}={_above(found)} jusolib build (see {DOCUMENTED_IN})",
            self.kind,
        )


def _above(value: float) -> int:
    """The smallest round number (1, 2 or 5 × 10ⁿ) above ``value``: a setting to suggest.

    Examples
    --------
    >>> _above(40_001), _above(35.2), _above(20)
    (50000, 50, 50)
    """
    power = 1
    while True:
        for step in (1, 2, 5):
            if step * power > value:
                return step * power
        power *= 10


#: Every limit, by the name of its :class:`ReadLimits` field.
LIMITS: dict[str, Limit] = {
    limit.key: limit
    for limit in (
        Limit("file_mb", "JUSOLIB_MAX_FILE_MB", 20, "MB", "on disk", "file_too_large", integer=False),
        Limit(
            "uncompressed_mb",
            "JUSOLIB_MAX_UNCOMPRESSED_MB",
            50,
            "MB",
            "once unzipped",
            "unzipped_too_large",
            integer=False,
        ),
        Limit(
            "compression_ratio",
            "JUSOLIB_MAX_COMPRESSION_RATIO",
            100,
            "ratio",
            "unzipped to zipped size of one part (more is typical of a zip bomb)",
            "compression_ratio",
            integer=False,
        ),
        Limit("zip_parts", "JUSOLIB_MAX_ZIP_PARTS", 500, "parts", "inside the workbook", "too_many_parts"),
        Limit("rows", "JUSOLIB_MAX_ROWS", 20_000, "rows", "", "too_many_rows"),
        Limit("columns", "JUSOLIB_MAX_COLUMNS", 1_000, "columns", "", "too_many_columns"),
        Limit("cells", "JUSOLIB_MAX_CELLS", 1_000_000, "cells", "in one sheet", "too_many_cells"),
    )
}


@dataclass(frozen=True)
class ReadLimits:
    """The limits in force (see the module docstring); :meth:`from_environment` reads the settings."""

    file_mb: float = float(LIMITS["file_mb"].default)
    uncompressed_mb: float = float(LIMITS["uncompressed_mb"].default)
    compression_ratio: float = float(LIMITS["compression_ratio"].default)
    zip_parts: int = int(LIMITS["zip_parts"].default)
    rows: int = int(LIMITS["rows"].default)
    columns: int = int(LIMITS["columns"].default)
    cells: int = int(LIMITS["cells"].default)

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] | None = None) -> ReadLimits:
        """The defaults, raised (or lowered) by ``JUSOLIB_MAX_…`` environment variables.

        Parameters
        ----------
        environ
            The environment to read (a mapping of variable → value); ``None`` for ``os.environ``. Unset or
            blank variables keep their default.

        Returns
        -------
        ReadLimits

        Raises
        ------
        ParameterError
            Naming the variable when its value is not a positive number.
        """
        environ = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        for field in fields(cls):
            limit = LIMITS[field.name]
            raw = environ.get(limit.env)
            if raw is None or not raw.strip():
                continue
            try:
                value = float(raw)
            except ValueError:
                value = math.nan
            if not (value > 0 and math.isfinite(value)) or (limit.integer and value != int(value)):
                kind = "a positive whole number" if limit.integer else "a positive number"
                raise ParameterError(f"{limit.env}={raw!r}: expected {kind} (see {DOCUMENTED_IN})")
            values[field.name] = int(value) if limit.integer else value
        return cls(**values)


def read_limits() -> ReadLimits:
    """The limits in force now (defaults and ``JUSOLIB_MAX_…`` settings).

    Returns
    -------
    ReadLimits
        :meth:`ReadLimits.from_environment` of ``os.environ``, read anew at each call.
    """
    return ReadLimits.from_environment()


def _refuse(problem: Problem) -> InputFileError:
    return InputFileError([problem])


@shared_parameters
def check_file_size(path: Path, file: str, limits: ReadLimits) -> None:
    """Refuse a file larger than ``JUSOLIB_MAX_FILE_MB`` before reading it.

    Parameters
    ----------
    path
        The file on disk (only its size is read).

    Raises
    ------
    InputFileError
        ``file_too_large``, naming the size found and the setting that raises the limit.
    """
    size = Path(path).stat().st_size / MB
    if size > limits.file_mb:
        raise _refuse(LIMITS["file_mb"].refusal(file, round(size, 1), limits))


@shared_parameters
def check_table_size(file: str, rows: int, columns: int, limits: ReadLimits) -> None:
    """Refuse a table with more rows or columns than the limits allow (a CSV file as it is read).

    Parameters
    ----------
    rows
        Rows read so far (or in the sheet).
    columns
        The widest row's number of columns.

    Raises
    ------
    InputFileError
        ``too_many_rows`` (checked first) or ``too_many_columns``, naming the value and the setting.

    Examples
    --------
    >>> check_table_size("a.csv", 20_000, 1_000, ReadLimits())  # at the limits: accepted
    >>> check_table_size("a.csv", 3, 1_001, ReadLimits())  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    jusolib.core.errors.InputFileError: ... at most 1,000 columns (JUSOLIB_MAX_COLUMNS=1000); this file has 1,001 columns...
    """
    if rows > limits.rows:
        raise _refuse(LIMITS["rows"].refusal(file, rows, limits))
    if columns > limits.columns:
        raise _refuse(LIMITS["columns"].refusal(file, columns, limits))


# -- workbooks ---------------------------------------------------------------------------------------------
_SHEET_PART = re.compile(r"^xl/worksheets/[^/]+\.xml$", re.IGNORECASE)
_CELL_REF = re.compile(r"^\$?([A-Za-z]{1,7})\$?(\d{1,9})$")


@dataclass(frozen=True)
class WorkbookScan:
    """What the streaming pass over a workbook's sheets found.

    Attributes
    ----------
    rows, columns
        The last row and column that hold a value (a ``<v>``, an inline string or a formula) in any sheet: the
        reader never asks openpyxl for cells beyond them (a formatted empty cell far away costs nothing).
    cells
        The most cells stored in one sheet.
    """

    rows: int = 0
    columns: int = 0
    cells: int = 0


def _column_number(letters: str) -> int:
    number = 0
    for char in letters.upper():
        number = number * 26 + ord(char) - 64
    return number


class _SheetTooLarge(Exception):
    def __init__(self, limit: str, found: int) -> None:
        self.limit, self.found = limit, found


class _DTDFound(Exception):
    pass


def _scan_sheet(stream: IO[bytes], limits: ReadLimits) -> WorkbookScan:
    """Stream one sheet's XML through expat, counting cells and the extent of the values; keep nothing."""
    from xml.parsers import expat

    parser = expat.ParserCreate(namespace_separator=" ")
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    state = {"row": 0, "col": 0, "cells": 0, "max_row": 0, "max_col": 0, "in_cell": False, "value": False}

    def start(name: str, attributes: dict[str, str]) -> None:
        local = name.rpartition(" ")[2]
        if local == "row":
            r = attributes.get("r")
            state["row"] = int(r) if r else state["row"] + 1
            state["col"] = 0
        elif local == "c":
            ref = attributes.get("r")
            match = _CELL_REF.match(ref) if ref else None
            if match:
                state["col"], state["row"] = _column_number(match.group(1)), int(match.group(2))
            elif ref:
                raise ValueError(f"cell reference {ref[:20]!r}")
            else:
                state["col"] += 1
            state["cells"] += 1
            if state["cells"] > limits.cells:
                raise _SheetTooLarge("cells", state["cells"])
            state["in_cell"], state["value"] = True, False
        elif state["in_cell"] and local in ("v", "is", "f"):
            state["value"] = True

    def end(name: str) -> None:
        if name.rpartition(" ")[2] == "c":
            if state["value"]:
                if state["row"] > limits.rows:
                    raise _SheetTooLarge("rows", state["row"])
                if state["col"] > limits.columns:
                    raise _SheetTooLarge("columns", state["col"])
                state["max_row"] = max(state["max_row"], state["row"])
                state["max_col"] = max(state["max_col"], state["col"])
            state["in_cell"] = False

    def forbidden(*_: object) -> None:
        raise _DTDFound

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.StartDoctypeDeclHandler = forbidden
    parser.EntityDeclHandler = forbidden
    while chunk := stream.read(1 << 16):
        parser.Parse(chunk, False)
    parser.Parse(b"", True)
    return WorkbookScan(state["max_row"], state["max_col"], state["cells"])


def _refuse_parts(file: str, names: list[str]) -> None:
    lowered = [n.lower() for n in names]
    macros = [n for n, low in zip(names, lowered, strict=True) if low.endswith("vbaproject.bin")]
    if macros:
        raise file_error(
            file,
            f"a workbook without macros; this one carries a macro project ({macros[0]}) and is not opened — "
            "save it in Excel as 「Excel ブック (*.xlsx)」 (macros are removed) and send that file",
            "macro_enabled",
        )
    links = [
        n
        for n, low in zip(names, lowered, strict=True)
        if low.startswith("xl/externallinks/") or low == "xl/connections.xml"
    ]
    if links:
        raise file_error(
            file,
            f"a workbook without links to other files; this one links to external workbooks or data ({links[0]}) "
            "— in Excel use データ → リンクの編集 → リンクの解除 (and remove data connections), save, and send it again",
            "external_link",
        )


def _check_archive(archive: zipfile.ZipFile, file: str, limits: ReadLimits) -> list[zipfile.ZipInfo]:
    """The zip-directory checks every zipped workbook gets: parts, unzipped size, compression ratios."""
    infos = archive.infolist()
    if len(infos) > limits.zip_parts:
        raise _refuse(LIMITS["zip_parts"].refusal(file, len(infos), limits))
    total = sum(i.file_size for i in infos) / MB
    if total > limits.uncompressed_mb:
        raise _refuse(LIMITS["uncompressed_mb"].refusal(file, round(total, 1), limits))
    for info in infos:
        if info.file_size >= RATIO_MIN_BYTES:
            ratio = info.file_size / max(info.compress_size, 1)
            if ratio > limits.compression_ratio:
                limit = LIMITS["compression_ratio"]
                raise _refuse(limit.refusal(file, round(ratio), limits, where=info.filename))
    return infos


def check_ods(path: Path, file: str, limits: ReadLimits) -> None:
    """Check an OpenDocument spreadsheet (``.ods``, LibreOffice's own format) before it is parsed: the same zip
    limits as an ``.xlsx``; refused when it carries macros (``Basic/``, ``Scripts/``) or its content declares
    a DTD.


    Parameters
    ----------
    path
        The file.
    file
        Its name in messages.
    limits
        The limits in force (:func:`read_limits`).
    Raises
    ------
    InputFileError
        As :func:`check_workbook`; ``corrupt_ods`` for a zip that cannot be read.
    """
    try:
        archive = zipfile.ZipFile(path)
    except Exception as exc:  # untrusted bytes
        raise _corrupt(file, exc, kind="corrupt_ods", what=".ods spreadsheet") from exc
    with archive:
        infos = _check_archive(archive, file, limits)
        macros = [i.filename for i in infos if i.filename.startswith(("Basic/", "Scripts/"))]
        if macros:
            raise file_error(
                file,
                f"a spreadsheet without macros; this one carries macros ({macros[0]}) and is not opened — save it "
                "without macros (or as 「Excel ブック (*.xlsx)」) and send that file",
                "macro_enabled",
            )
        names = {i.filename for i in infos}
        if "content.xml" in names:
            with archive.open("content.xml") as stream:
                head = stream.read(4096)
            if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                raise file_error(
                    file,
                    "a spreadsheet as LibreOffice writes it; its content declares a DTD (XML entities), which "
                    "can expand without bound — the file is refused",
                    "xml_dtd",
                )


#: The storage of an old Excel workbook (.xls, an OLE2 compound file) that holds its macros, named as stored.
_XLS_MACRO_STORAGE = "_VBA_PROJECT_CUR".encode("utf-16-le")


def check_xls(path: Path, file: str, limits: ReadLimits) -> None:
    """Check an old Excel workbook (``.xls``) before it is parsed: refused when it carries a macro project
    (a ``_VBA_PROJECT_CUR`` storage); its size is bounded by ``JUSOLIB_MAX_FILE_MB`` (it is not zipped).


    Parameters
    ----------
    path
        The file.
    file
        Its name in messages.
    limits
        The limits in force (the file size was checked before).
    Raises
    ------
    InputFileError
        ``macro_enabled`` naming the file.
    """
    data = Path(path).read_bytes()
    if _XLS_MACRO_STORAGE in data:
        raise file_error(
            file,
            "a workbook without macros; this .xls carries a macro project and is not opened — save it in Excel "
            "as 「Excel ブック (*.xlsx)」 (macros are removed) and send that file",
            "macro_enabled",
        )


@shared_parameters
def check_workbook(path: Path, file: str, limits: ReadLimits) -> WorkbookScan:
    """Check an ``.xlsx`` before openpyxl parses it; return the extent of its values.

    From the zip directory alone (nothing inflated): the number of parts, their total unzipped size, the
    compression ratio of each large part, macro projects and external links. Then a streaming pass over each
    sheet (memory bounded by a 64 KB buffer): cells stored, and the last row and column holding a value —
    counted from the cells themselves, never from the sheet's ``<dimension>``, which a file can misstate.

    Parameters
    ----------
    path
        The ``.xlsx`` (or ``.xlsm``, refused for its macros) on disk.

    Returns
    -------
    WorkbookScan
        The last row and column holding a value over all sheets, and the most cells stored in one sheet.

    Raises
    ------
    InputFileError
        Naming the file, the limit, the value found and the setting that raises the limit; or
        ``corrupt_xlsx`` for a zip that cannot be read.
    """
    if Path(path).suffix.lower() == ".xlsm":
        raise file_error(
            file,
            "an .xlsx workbook; macro-enabled workbooks (.xlsm) are not opened — save it in Excel as "
            "「Excel ブック (*.xlsx)」 and send that file",
            "macro_enabled",
        )
    try:
        archive = zipfile.ZipFile(path)
    except Exception as exc:  # untrusted bytes: BadZipFile, NotImplementedError (zip version), OSError …
        raise _corrupt(file, exc) from exc
    with archive:
        infos = archive.infolist()
        if len(infos) > limits.zip_parts:
            raise _refuse(LIMITS["zip_parts"].refusal(file, len(infos), limits))
        _refuse_parts(file, [i.filename for i in infos])
        _check_archive(archive, file, limits)
        scans = []
        for info in infos:
            if _SHEET_PART.match(info.filename):
                scans.append(_scan_part(archive, info, file, limits))
    return WorkbookScan(
        max((s.rows for s in scans), default=0),
        max((s.columns for s in scans), default=0),
        max((s.cells for s in scans), default=0),
    )


def _scan_part(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, file: str, limits: ReadLimits
) -> WorkbookScan:
    try:
        with archive.open(info) as stream:
            return _scan_sheet(stream, limits)
    except _SheetTooLarge as exc:
        raise _refuse(LIMITS[exc.limit].refusal(file, exc.found, limits, where=info.filename)) from None
    except _DTDFound:
        raise file_error(
            file,
            f"a workbook as Excel writes it; the sheet {info.filename} declares a DTD (XML entities), which "
            "Excel never writes and which can expand without bound — the file is refused",
            "xml_dtd",
        ) from None
    except (
        Exception
    ) as exc:  # untrusted bytes: ExpatError, zlib.error, BadZipFile (bad CRC), NotImplementedError …
        raise _corrupt(file, exc, info.filename) from exc


def _corrupt(
    file: str,
    exc: BaseException,
    part: str | None = None,
    *,
    kind: str = "corrupt_xlsx",
    what: str = ".xlsx workbook",
) -> InputFileError:
    where = f" (part {part})" if part else ""
    return file_error(
        file,
        f"a readable {what}; it could not be opened{where} ({type(exc).__name__}: {exc}) — the file may "
        "be corrupt or truncated",
        kind,
    )
