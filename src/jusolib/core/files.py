"""Atomic, deterministic file writing: write to a temporary file beside the target, then move it into place.

An interrupted build therefore never leaves a half-written file: the target is either the old file or the new.

Examples
--------
>>> import tempfile, pathlib
>>> target = pathlib.Path(tempfile.mkdtemp()) / "out.txt"
>>> write_text_atomic(target, "令和6年度\\n")
>>> target.read_text(encoding="utf-8")
'令和6年度\\n'
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import re
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pandas as pd

from jusolib.core.docstrings import shared_parameters

#: Timestamp written into zip-based files (xlsx) so that they are byte-identical run to run.
FIXED_ZIP_TIME = (2000, 1, 1, 0, 0, 0)


def write_bytes_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically (temporary file in the same folder, fsync, rename).

    The folder is created if missing; the file gets mode 644. If writing fails, the temporary file is removed
    and ``path`` is left as it was.

    Parameters
    ----------
    path
        The file to write (replaced if it exists).
    data
        Its new content.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "new" / "out.bin"
    >>> write_bytes_atomic(target, b"\\x00\\x01")
    >>> target.read_bytes(), [p.name for p in target.parent.iterdir()]
    (b'\\x00\\x01', ['out.bin'])
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_text_atomic(path: Path, text: str, encoding: str = "utf-8") -> None:
    """Write text atomically (``\\n`` line ends as given; see :func:`write_bytes_atomic`).

    Parameters
    ----------
    path
        The file to write (replaced if it exists).
    text
        Its new content; line ends are written as they are in the string.
    encoding
        How the text is encoded (default UTF-8, without BOM).
    """
    write_bytes_atomic(path, text.encode(encoding))


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """A DataFrame as deterministic CSV bytes: UTF-8 with BOM (so Excel shows Japanese), ``\\n`` line ends.

    Parameters
    ----------
    frame
        The table; its index is not written.

    Returns
    -------
    bytes
        The header row and one line per row.

    Examples
    --------
    >>> csv_bytes(pd.DataFrame({"a": [1], "b": ["あ"]}))
    b'\\xef\\xbb\\xbfa,b\\n1,\\xe3\\x81\\x82\\n'
    """
    return frame.to_csv(index=False, lineterminator="\n").encode("utf-8-sig")


def write_csv_atomic(path: Path, frame: pd.DataFrame) -> None:
    """Write a DataFrame as CSV atomically (see :func:`csv_bytes`).

    Parameters
    ----------
    path
        The file to write (replaced if it exists).
    frame
        The table; its index is not written.
    """
    write_bytes_atomic(path, csv_bytes(frame))


_MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")
_CREATED = re.compile(rb"<dcterms:created[^>]*>([^<]*)</dcterms:created>")
_CREATED_ELEMENT = re.compile(rb"(<dcterms:created[^>]*>)[^<]*(</dcterms:created>)")
#: Office packages that may be embedded in another (a chart's workbook inside a deck): normalised too.
_EMBEDDED_PACKAGES = (".xlsx", ".xlsm", ".docx", ".pptx")


def normalize_zip(data: bytes, *, document_time: str | None = None) -> bytes:
    """Rewrite a zip (e.g. an .xlsx) with fixed timestamps so that equal content gives equal bytes.

    Entry times become :data:`FIXED_ZIP_TIME`; in an Office ``docProps/core.xml`` the *modified* time, which
    openpyxl sets to the clock at save, is replaced by the *created* time (or 2000-01-01 if there is none).
    With ``document_time`` (an ISO time such as ``"2000-01-01T00:00:00Z"``) both the created and the modified
    time become it, and Office packages embedded in this one (the workbook behind each chart of a deck, which
    XlsxWriter stamps with the clock) are normalised the same way. Entries keep their order.

    Parameters
    ----------
    data
        The zip file's bytes (an .xlsx, .pptx …).
    document_time
        An ISO time for the document's created and modified times, applied to embedded packages too;
        ``None`` keeps the created time and sets the modified time to it.

    Returns
    -------
    bytes
        The same entries, compressed with deflate, with fixed times and permissions.

    Examples
    --------
    >>> inner = io.BytesIO()
    >>> with zipfile.ZipFile(inner, "w") as z:
    ...     z.writestr("docProps/core.xml", b"<dcterms:created x>2031-05-06T07:08:09Z</dcterms:created>")
    >>> outer = io.BytesIO()
    >>> with zipfile.ZipFile(outer, "w") as z:
    ...     z.writestr("ppt/embeddings/Sheet1.xlsx", inner.getvalue())
    >>> fixed = normalize_zip(outer.getvalue(), document_time="2000-01-01T00:00:00Z")
    >>> embedded = zipfile.ZipFile(io.BytesIO(zipfile.ZipFile(io.BytesIO(fixed)).read("ppt/embeddings/Sheet1.xlsx")))
    >>> embedded.read("docProps/core.xml"), embedded.infolist()[0].date_time
    (b'<dcterms:created x>2000-01-01T00:00:00Z</dcterms:created>', (2000, 1, 1, 0, 0, 0))
    """
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                if document_time is not None:
                    stamp = document_time.encode("ascii")
                    content = _CREATED_ELEMENT.sub(rb"\g<1>" + stamp + rb"\g<2>", content)
                else:
                    created = _CREATED.search(content)
                    stamp = created.group(1) if created else b"2000-01-01T00:00:00Z"
                content = _MODIFIED.sub(rb"\g<1>" + stamp + rb"\g<2>", content)
            elif document_time is not None and info.filename.lower().endswith(_EMBEDDED_PACKAGES):
                content = normalize_zip(content, document_time=document_time)
            fixed = zipfile.ZipInfo(info.filename, date_time=FIXED_ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            target.writestr(fixed, content)
    return out.getvalue()


#: Leading characters that make Excel or LibreOffice read typed or imported text as a formula.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
#: Control characters that XML 1.0 (and so an .xlsx) cannot hold.
_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def cell_text(value: str) -> str:
    """Text as a worksheet cell can hold it: control characters XML forbids become U+FFFD.

    A text pasted from Word can carry a vertical tab (``\\x0b``); openpyxl refuses such a cell outright.

    Parameters
    ----------
    value
        A text to be written into a cell.

    Returns
    -------
    str
        The text with each forbidden control character replaced (tab, line feed and carriage return stay).

    Examples
    --------
    >>> cell_text("支援会議\x0b守秘義務")
    '支援会議\ufffd守秘義務'
    """
    return _ILLEGAL_XML.sub("\ufffd", value)


def defuse_formulas(book: Any) -> int:
    """Make every text cell of an openpyxl workbook inert text; return how many cells looked like formulas.

    openpyxl writes any string starting with ``=`` as a formula: such a cell is turned back into a string
    (written as an inline string, no ``<f>`` element). Every text starting with one of
    :data:`FORMULA_TRIGGERS` also gets Excel's *quote prefix*, so that editing the cell keeps it text. This is
    the one place where jusolib stops a formula from the data reaching a workbook: :func:`xlsx_bytes` calls it.

    Parameters
    ----------
    book
        An openpyxl ``Workbook``; its cells are changed in place.

    Returns
    -------
    int
        How many cells started with ``=`` or another of :data:`FORMULA_TRIGGERS`.

    Examples
    --------
    >>> import openpyxl
    >>> book = openpyxl.Workbook()
    >>> book.active.append(['=HYPERLINK("http://example.invalid","詳細")', "-1", "地域"])
    >>> [c.data_type for c in book.active[1]]
    ['f', 's', 's']
    >>> defuse_formulas(book)
    2
    >>> [(c.data_type, c.quotePrefix) for c in book.active[1]]
    [('s', True), ('s', True), ('s', False)]
    """
    found = 0
    for sheet in book.worksheets:
        # the stored cells only: openpyxl's iter_rows() would create a cell at every empty position
        for cell in getattr(sheet, "_cells", {}).values():
            value = cell.value
            if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
                cell.data_type = "s"
                cell.quotePrefix = True
                found += 1
    return found


@shared_parameters
def xlsx_bytes(
    book: Any, *, creator: str, created: datetime = datetime(2000, 1, 1), formulas: bool = False
) -> bytes:
    """An openpyxl workbook as bytes that depend only on its content (fixed document times, normalised zip).

    openpyxl stamps the clock into the document properties and the zip entries; both are fixed here. Every
    text cell is made inert first (:func:`defuse_formulas`): no cell of a workbook jusolib writes is a formula.
    ``formulas=True`` keeps formulas, for the test corpus only (returns that carry formulas on purpose).

    Parameters
    ----------
    book
        An openpyxl ``Workbook``; its cells and document properties are changed in place.
    created
        The created and modified time of the document properties (default 2000-01-01 00:00), fixed so that
        the same content gives the same bytes.
    formulas
        Keep cells starting with ``=`` as formulas instead of making them text.

    Returns
    -------
    bytes
        The .xlsx file, the same bytes for the same content.

    Raises
    ------
    RuntimeError
        If openpyxl serialises with lxml (it was imported before jusolib, or ``OPENPYXL_LXML=True`` is set):
        its XML then differs byte for byte from the standard library's, and workbooks would not be reproducible.
    """
    from openpyxl.xml import LXML

    if LXML:
        raise RuntimeError(
            "openpyxl is using lxml, which writes different bytes: import jusolib before openpyxl, or set "
            "the environment variable OPENPYXL_LXML=False, so that workbooks are byte-identical"
        )
    if not formulas:
        defuse_formulas(book)
    book.properties.creator = creator
    book.properties.created = created
    book.properties.modified = created
    buffer = io.BytesIO()
    book.save(buffer)
    return normalize_zip(buffer.getvalue())


@contextlib.contextmanager
def exclusive_lock(path: Path, *, waiting: Callable[[], None] | None = None) -> Iterator[None]:
    """Hold an exclusive lock on the file ``path`` (created if missing) while the block runs.

    Another process, or another thread, asking for the same lock waits until it is released; ``waiting`` is
    called first if it has to. The operating system releases the lock if the holder dies. (Where ``fcntl`` is
    missing, on Windows, nothing is locked.)

    Parameters
    ----------
    path
        The lock file; its folder is created if missing. The file is left in place afterwards.
    waiting
        Called once, with no arguments, when the lock is held by someone else and this process has to wait
        (e.g. to print 「waiting for another build …」).

    Yields
    ------
    None
        While the lock is held.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> with exclusive_lock(pathlib.Path(tempfile.mkdtemp()) / ".lock"):
    ...     pass
    """
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        yield
        return
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a+b") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if waiting is not None:
                waiting()
            fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def sha256_file(path: Path) -> str:
    """SHA-256 of a file's bytes, as hex (read in blocks of 1 MiB, so a large file is not held in memory).

    Parameters
    ----------
    path
        The file.

    Returns
    -------
    str
        64 lowercase hexadecimal digits.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> empty = pathlib.Path(tempfile.mkdtemp()) / "empty"
    >>> empty.write_bytes(b"")
    0
    >>> sha256_file(empty) == sha256_bytes(b"")
    True
    """
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def sha256_bytes(data: bytes) -> str:
    """SHA-256 of bytes, as hex.

    Parameters
    ----------
    data
        The bytes.

    Returns
    -------
    str
        64 lowercase hexadecimal digits.

    Examples
    --------
    >>> sha256_bytes(b"")[:12]
    'e3b0c44298fc'
    """
    return hashlib.sha256(data).hexdigest()
