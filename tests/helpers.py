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
