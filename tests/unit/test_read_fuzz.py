"""Fuzzing the reader: whatever bytes arrive as a return, the outcome is a clean table or a jusolib error
naming the file — never another exception, never a hang.

The budget is small in ``make test``; ``make fuzz`` runs the same properties with a large one
(``JUSOLIB_FUZZ=1``, see :data:`EXAMPLES`). The seeds are real returns: the shipped synthetic returns and the
corpus workbooks, truncated, bit-flipped and with their zip parts broken.
"""

from __future__ import annotations

import io
import os
import tempfile
import warnings
import zipfile
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jusolib.clean.cleaner import clean_tables
from jusolib.core.errors import JusolibError
from jusolib.core.paths import BUNDLED_DATA_DIR
from jusolib.io.read import RawTable, read_return
from jusolib.survey.codebook import load_codebook
from jusolib.survey.reference import municipality_resolver
from tests.helpers import BAD_INPUT_FILES

# openpyxl warns about what it replaces in a damaged workbook (no stylesheet …): expected here
pytestmark = pytest.mark.filterwarnings("ignore::UserWarning")

FUZZ = os.environ.get("JUSOLIB_FUZZ") == "1"
#: Examples per property: a bounded run in ``make test``, a long one in ``make fuzz``.
EXAMPLES = int(os.environ.get("JUSOLIB_FUZZ_EXAMPLES", 2000 if FUZZ else 30))
FUZZ_SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=timedelta(seconds=10),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

BOOK = load_codebook(2024)
KEYS = {"区市町村名"}
RESOLVER = municipality_resolver()
CORPUS = BAD_INPUT_FILES
SURVEY = BUNDLED_DATA_DIR / "raw" / "survey" / "FY2024"
SEEDS = {
    "returns.csv": next(SURVEY.glob("*.csv")).read_bytes(),
    "returns.xlsx": next(SURVEY.glob("*.xlsx")).read_bytes(),
    "sheets.xlsx": (CORPUS / "layout_sheet_per_respondent_type.xlsx").read_bytes(),
    "merged.xlsx": (CORPUS / "layout_merged_header.xlsx").read_bytes(),
    "formula.xlsx": (CORPUS / "xlsx_formula_with_saved_value.xlsx").read_bytes(),
    "utf16.csv": (CORPUS / "enc_utf16_bom.csv").read_bytes(),
}
XLSX_SEEDS = sorted(n for n in SEEDS if n.endswith(".xlsx"))
SUFFIXES = [".csv", ".tsv", ".txt", ".xlsx"]


def check_outcome(data: bytes, name: str, *, clean: bool = True) -> None:
    """Read ``data`` as the return ``name``: a clean table (cleaned too) or a jusolib error naming the file."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        display = f"raw/survey/FY2024/{name}"
        try:
            tables = read_return(path, KEYS, file=display)
            for table in tables:
                assert isinstance(table, RawTable)
                assert len(table.headings) == len(table.letters) == table.cells.shape[1]
                assert table.file.startswith(display)
            if clean and tables:
                result = clean_tables(tables, BOOK, fiscal_year=2024, resolver=RESOLVER, keep_going=True)
                accounting = result.accounting
                assert (
                    accounting["rows_read"] == accounting["rows_clean"] + accounting["rows_rejected"]
                ).all()
        except JusolibError as exc:
            assert display in str(exc), f"the message does not name the file: {exc}"


@FUZZ_SETTINGS
@given(st.binary(max_size=4096), st.sampled_from(SUFFIXES))
def test_random_bytes(data, suffix):
    check_outcome(data, "random" + suffix)


@FUZZ_SETTINGS
@given(st.sampled_from(sorted(SEEDS)), st.floats(0, 1))
def test_truncated_returns(seed, fraction):
    data = SEEDS[seed]
    check_outcome(data[: int(len(data) * fraction)], "cut_" + seed)


@FUZZ_SETTINGS
@given(st.sampled_from(sorted(SEEDS)), st.lists(st.tuples(st.floats(0, 1), st.integers(0, 7)), max_size=8))
def test_bit_flipped_returns(seed, flips):
    data = bytearray(SEEDS[seed])
    for where, bit in flips:
        data[min(int(where * len(data)), len(data) - 1)] ^= 1 << bit
    check_outcome(bytes(data), "flip_" + seed)


def _rezip(parts: list[tuple[zipfile.ZipInfo, bytes]]) -> bytes:
    out = io.BytesIO()
    with warnings.catch_warnings(), zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        warnings.simplefilter("ignore", UserWarning)  # a duplicate part name is the point here
        for info, data in parts:
            target.writestr(info, data)
    return out.getvalue()


PART_DAMAGE = st.sampled_from(["drop", "empty", "truncate", "garbage", "duplicate", "not_xml", "swap"])


@FUZZ_SETTINGS
@given(
    st.sampled_from(XLSX_SEEDS),
    st.lists(st.tuples(st.integers(0, 30), PART_DAMAGE, st.binary(max_size=64), st.floats(0, 1)), max_size=3),
)
def test_workbooks_with_broken_parts(seed, damages):
    source = zipfile.ZipFile(io.BytesIO(SEEDS[seed]))
    parts = [(info, source.read(info.filename)) for info in source.infolist()]
    for index, damage, junk, fraction in damages:
        if not parts:
            break
        i = index % len(parts)
        info, data = parts[i]
        if damage == "drop":
            parts.pop(i)
        elif damage == "empty":
            parts[i] = (info, b"")
        elif damage == "truncate":
            parts[i] = (info, data[: int(len(data) * fraction)])
        elif damage == "garbage":
            cut = int(len(data) * fraction)
            parts[i] = (info, data[:cut] + junk + data[cut:])
        elif damage == "duplicate":
            parts.append((info, junk))
        elif damage == "not_xml":
            parts[i] = (info, junk)
        else:  # two parts exchange their content
            j = (i + 1) % len(parts)
            parts[i], parts[j] = (info, parts[j][1]), (parts[j][0], data)
    check_outcome(_rezip(parts), "parts_" + seed)
