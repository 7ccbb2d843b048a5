"""Small hand-written return files for tests.

A return row is written as the municipality, the respondent type and the answers that matter to the test;
every other item gets ``default`` (option code 1 unless said otherwise). Headings are the FY2024 codebook's.
"""

from __future__ import annotations

import contextlib
import csv
import functools
import io
import os
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

from jusolib.survey.codebook import load_codebook

#: The corpus of bad return files (tests/bad_inputs/files), shared by the tests that read them.
BAD_INPUT_FILES = Path(__file__).parent / "bad_inputs" / "files"
BOOK = load_codebook(2024)
ITEM_COLUMNS = list(BOOK.items["column"])
HEADINGS = ["区市町村名", "回答主体", *ITEM_COLUMNS]
MANIFEST = "fiscal_year: {year}\ndata_status: {status}\ntitle: test fixture\n"


def row(muni: object, kind: object = "自治体", default: object = "1", **answers: object) -> list[object]:
    """One return row; keyword arguments are item columns with 問 replaced: q1_1="当てはまる" → 問1-1."""
    by_column = {f"問{k[1:].replace('_', '-')}": v for k, v in answers.items()}
    return [muni, kind, *[by_column.get(c, default) for c in ITEM_COLUMNS]]


def csv_text(
    rows: Sequence[Sequence[object]], headings: Sequence[str] = HEADINGS, title: Sequence[str] = ()
) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    for line in title:
        writer.writerow([line])
    writer.writerow(headings)
    writer.writerows(rows)
    return buffer.getvalue()


def write_csv(
    path: Path,
    rows: Sequence[Sequence[object]],
    headings: Sequence[str] = HEADINGS,
    encoding: str = "utf-8",
    title: Sequence[str] = (),
) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(csv_text(rows, headings, title).encode(encoding))
    return path


def write_xlsx(
    path: Path,
    rows: Sequence[Sequence[object]],
    headings: Sequence[str] = HEADINGS,
    title: Sequence[str] = (),
    sheet: str = "回答",
) -> Path:
    import openpyxl

    book = openpyxl.Workbook()
    ws = book.active
    ws.title = sheet
    for line in title:
        ws.append([line])
    ws.append(list(headings))
    for r in rows:
        ws.append(list(r))
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path


def make_data_dir(root: Path, year: int = 2024, status: str = "real") -> Path:
    """A data directory with an empty survey folder and a MANIFEST (reference and codebook fall back)."""
    folder = root / "raw" / "survey" / f"FY{year}"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "MANIFEST.yaml").write_text(MANIFEST.format(year=year, status=status), encoding="utf-8")
    return root


_GUARDED: list[Path] = []
_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_TRUNC
_WRITE_EVENTS = {
    "os.rename",
    "os.replace",
    "os.remove",
    "os.unlink",
    "os.rmdir",
    "os.mkdir",
    "os.chmod",
    "os.truncate",
    "shutil.copyfile",
    "shutil.rmtree",
}


def _inside_guard(path: object) -> bool:
    if not isinstance(path, str | bytes | os.PathLike):
        return False
    resolved = Path(os.fsdecode(path)).resolve()
    return any(resolved == g or g in resolved.parents for g in _GUARDED)


def _audit(event: str, args: tuple) -> None:
    if not _GUARDED:
        return
    if event == "open":
        path, mode, flags = args
        writing = (isinstance(mode, str) and any(c in mode for c in "wax+")) or bool(
            (flags or 0) & _WRITE_FLAGS
        )
        if writing and _inside_guard(path):
            raise PermissionError(f"write under a guarded directory: {path}")
    elif event in _WRITE_EVENTS and any(_inside_guard(a) for a in args[:2]):
        raise PermissionError(f"{event} under a guarded directory: {args[:2]}")


sys.addaudithook(_audit)


@contextlib.contextmanager
def forbid_writes_under(directory: Path) -> Iterator[None]:
    """Make any write, rename or delete under ``directory`` raise PermissionError (works as root too)."""
    _GUARDED.append(Path(directory).resolve())
    try:
        yield
    finally:
        _GUARDED.pop()


def write_form(
    path: Path,
    muni: tuple[str, str] = ("131024", "中央区"),
    kind: str = "municipality",
    answers: dict[str, object] | None = None,
    texts: dict[str, object] | None = None,
    fields: dict[str, object] | None = None,
    year: int = 2024,
) -> Path:
    """A questionnaire form as ``jusolib questionnaire`` writes it, filled in: every item あてはまる unless said."""
    from jusolib.io.form_writer import fill_form, form_bytes, form_workbook

    book = load_codebook(year)
    form = form_workbook(book, muni_code=muni[0], muni_name=muni[1], respondent_type=kind)
    fill_form(form, {i: "あてはまる" for i in book.item_ids()} | (answers or {}), texts, fields)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(form_bytes(form))
    return path


def implementing_only(root: Path, year: int, names: Sequence[str]) -> Path:
    """Give a data directory its own reference data in which only ``names`` implement in ``year``."""
    import shutil

    import pandas as pd

    from jusolib.core.paths import BUNDLED_DATA_DIR

    target = root / "raw" / "reference"
    shutil.copytree(BUNDLED_DATA_DIR / "raw" / "reference", target, dirs_exist_ok=True)
    table = pd.read_csv(target / "implementation_status.csv", dtype=str)
    keep = (table["fiscal_year"] != str(year)) | table["name"].isin(names)
    table[keep].to_csv(target / "implementation_status.csv", index=False)
    return root


@functools.cache
def fy2024_report():
    """The FY2024 自治体 report, loaded once per test session (its tables cache what they compute)."""
    from jusolib.report import YearReport

    return YearReport.load(2024, respondent_type="自治体")


def printed_sheet(sheet) -> dict:
    """How a sheet of an openpyxl workbook prints on A4, worked out from the sheet alone (not from the module that
    wrote it), for the workbook's print tests (issue 22).

    The page: A4 is 210 × 297 mm = 595.28 × 841.89 pt (72 pt an inch, 25.4 mm an inch). Its printable width is
    the paper's width in the sheet's orientation less its left and right margins (inches × 72): with Excel's
    「狭い」 margins of 0.25 in, landscape 841.89 − 2 × 18 = 805.89 pt, portrait 595.28 − 36 = 559.28 pt; its
    printable height likewise less the top and bottom margins (0.75 in: 595.28 − 108 = 487.28 pt landscape).
    A column of w units prints at most max(7.0 w, 0.75 (7 w + 5)) pt at 100%: LibreOffice lays a unit out as
    0.0972 in = 7.0 pt where Calibri falls back to DejaVu Sans (measured: a column of 60 units is 5.8335 in);
    Excel as 7 px + 5 px of padding at 96 px an inch.

    Returns a dict: ``width`` (points of the printed columns at 100%), ``page`` (printable width), ``scale``
    (percent: the fixed scale, or for a sheet fitted to the page's width the scale that fitting gives, never
    above 100), ``pages_wide``, ``height`` (points of the printed rows at the scale), ``page_height``, and
    ``smallest`` (the smallest printed font size in points: cells, header and footer, at the scale).
    """
    import math
    import re

    from openpyxl.utils import column_index_from_string, get_column_letter

    landscape = sheet.page_setup.orientation == "landscape"
    paper_wide, paper_high = (841.89, 595.28) if landscape else (595.28, 841.89)
    margins = sheet.page_margins
    page = paper_wide - 72 * (margins.left + margins.right)
    page_height = paper_high - 72 * (margins.top + margins.bottom)
    area = sheet.print_area
    area = (
        (area if isinstance(area, str) else area[0])
        if area
        else f"A1:{get_column_letter(sheet.max_column)}{sheet.max_row}"
    )
    first, last = re.findall(r"\$?([A-Z]+)\$?(\d+)", area.split("!")[-1])
    columns = range(column_index_from_string(first[0]), column_index_from_string(last[0]) + 1)
    rows = range(int(first[1]), int(last[1]) + 1)
    widths = [sheet.column_dimensions[get_column_letter(k)].width or 8.43 for k in columns]
    width = sum(max(7.0 * w, 0.75 * (7 * w + 5)) for w in widths)
    fitted = sheet.sheet_properties.pageSetUpPr is not None and sheet.sheet_properties.pageSetUpPr.fitToPage
    if fitted and sheet.page_setup.fitToWidth == 1:
        scale = min(100.0, 100 * page / width)
    else:
        scale = float(sheet.page_setup.scale or 100)
    sizes = [
        float(sheet.cell(r, k).font.sz or 11)
        for r in rows
        for k in columns
        if sheet.cell(r, k).value not in (None, "")
    ]
    for part in (sheet.oddHeader.center, sheet.oddFooter.center):
        if part.text:
            sizes.append(float(part.size or 11))
    height = sum(sheet.row_dimensions[r].height or 15.0 for r in rows) * scale / 100
    return {
        "width": width,
        "page": page,
        "scale": scale,
        "pages_wide": math.ceil(width * scale / 100 / page - 1e-9),
        "height": height,
        "page_height": page_height,
        "smallest": min(sizes, default=11.0) * scale / 100,
    }
