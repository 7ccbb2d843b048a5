"""Read limits: a bomb, an oversized or macro-carrying return is refused before it is parsed, quickly, with
bounded memory, naming the file, the limit and the setting that raises it."""

import time
import tracemalloc

import openpyxl
import pytest

from jusolib.core.errors import InputFileError, ParameterError
from jusolib.io.limits import ReadLimits, check_workbook
from jusolib.io.read import read_return
from tests.bad_inputs.make_corpus import zip_bomb
from tests.helpers import HEADINGS, csv_text, row, write_csv, write_xlsx

KEYS = {"区市町村名"}
ROWS = [row("中央区"), row("墨田区"), row("世田谷区")]


def refusal(path, **kwargs):
    with pytest.raises(InputFileError) as err:
        read_return(path, KEYS, **kwargs)
    (problem,) = err.value.problems
    return problem


def test_a_zip_bomb_is_refused_in_seconds_without_inflating_it(tmp_path):
    path = tmp_path / "bomb.xlsx"
    zip_bomb(path)  # one sheet of 1024 × 1,048,572 bytes (about 1.07 GB) once unzipped
    assert path.stat().st_size < 2_000_000  # small on disk
    tracemalloc.start()
    started = time.perf_counter()
    try:
        problem = refusal(path, file="FY2024/bomb.xlsx")
        seconds = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert seconds < 5
    assert peak < 20_000_000  # nothing inflated: far below the 1 GB inside
    assert problem.kind == "unzipped_too_large"
    message = str(problem)
    assert message.startswith("FY2024/bomb.xlsx — expected at most 50 MB once unzipped")
    assert "JUSOLIB_MAX_UNCOMPRESSED_MB=50" in message and "data/raw/README.md" in message


def test_the_bomb_is_a_real_one(tmp_path):
    """The generator's archive is valid: what it declares is what inflating gives (first block checked)."""
    import zipfile

    path = tmp_path / "bomb.xlsx"
    zip_bomb(path, 3 << 20)
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo("xl/worksheets/sheet1.xml")
        assert info.file_size == 3 * 1_048_572 and info.compress_size < 5_000
        assert archive.read(info) == b"<row/>" * (3 * 174_762)  # CRC-32 checked by zipfile on the way


def test_a_high_compression_ratio_is_refused_below_the_size_limit(tmp_path):
    path = tmp_path / "r.xlsx"
    zip_bomb(path, 20 << 20)
    problem = refusal(path)
    assert problem.kind == "compression_ratio"
    assert "(xl/worksheets/sheet1.xml)" in str(problem) and "JUSOLIB_MAX_COMPRESSION_RATIO=100" in str(
        problem
    )


def test_limits_are_raised_by_their_setting(tmp_path, monkeypatch):
    path = write_csv(tmp_path / "r.csv", ROWS)
    monkeypatch.setenv("JUSOLIB_MAX_ROWS", "3")  # the header and three rows are four
    problem = refusal(path)
    assert problem.kind == "too_many_rows"
    assert "at most 3 rows (JUSOLIB_MAX_ROWS=3); this file has 4 rows" in str(problem)
    assert "JUSOLIB_MAX_ROWS=5 jusolib build" in str(problem)
    monkeypatch.setenv("JUSOLIB_MAX_ROWS", "4")
    (table,) = read_return(path, KEYS)
    assert len(table.cells) == 3


@pytest.mark.parametrize(
    ("variable", "kind"),
    [
        ("JUSOLIB_MAX_FILE_MB", "file_too_large"),
        ("JUSOLIB_MAX_UNCOMPRESSED_MB", "unzipped_too_large"),
        ("JUSOLIB_MAX_ZIP_PARTS", "too_many_parts"),
        ("JUSOLIB_MAX_CELLS", "too_many_cells"),
        ("JUSOLIB_MAX_COLUMNS", "too_many_columns"),
    ],
)
def test_each_limit_of_a_workbook_refuses_and_names_its_setting(tmp_path, monkeypatch, variable, kind):
    path = write_xlsx(tmp_path / "r.xlsx", ROWS)  # 4 rows × 29 columns = 116 cells, 10 parts, about 5 KB
    monkeypatch.setenv(variable, "0.001" if variable.endswith("_MB") else "5")
    problem = refusal(path)
    assert problem.kind == kind
    assert variable in str(problem) and "r.xlsx" in str(problem)


def test_a_formatted_cell_far_away_costs_nothing(tmp_path):
    """Excel users format whole rows: a styled empty cell at XFD1048576 must not make the reader walk the
    grid up to it (17 billion positions)."""
    path = tmp_path / "r.xlsx"
    write_xlsx(path, ROWS)
    book = openpyxl.load_workbook(path)
    book.active["XFD1048576"].number_format = "0.0"
    book.save(path)
    assert check_workbook(path, "r.xlsx", ReadLimits()).rows == 4
    started = time.perf_counter()
    (table,) = read_return(path, KEYS)
    assert time.perf_counter() - started < 5
    assert table.cells.shape == (3, len(HEADINGS))


def test_a_dimension_that_lies_is_not_trusted(tmp_path):
    from tests.bad_inputs.make_corpus import FILES

    scan = check_workbook(FILES / "layout_several_sheets.xlsx", "x", ReadLimits())
    assert (scan.rows, scan.columns) == (4, len(HEADINGS))
    with pytest.raises(InputFileError, match="this file has 20,005 rows"):
        check_workbook(FILES / "limit_too_many_rows_lying_dimension.xlsx", "x", ReadLimits())


@pytest.mark.parametrize("value", ["lots", "-1", "0", "2.5", "inf"])
def test_a_bad_setting_names_the_variable(monkeypatch, tmp_path, value):
    monkeypatch.setenv("JUSOLIB_MAX_ROWS", value)
    with pytest.raises(ParameterError, match="JUSOLIB_MAX_ROWS"):
        read_return(write_csv(tmp_path / "r.csv", ROWS), KEYS)


def test_a_csv_wider_than_the_limit_stops_at_the_first_wide_row(tmp_path):
    path = tmp_path / "r.csv"
    path.write_text(csv_text(ROWS, headings=[*HEADINGS, *(f"列{i}" for i in range(1_000))]), encoding="utf-8")
    problem = refusal(path)
    assert problem.kind == "too_many_columns"
    assert "this file has 1,029 columns" in str(problem)  # 29 headings + 1,000 extra


def test_every_limit_is_documented_with_its_default():
    from jusolib.core.paths import REPO_ROOT
    from jusolib.io.limits import LIMITS

    readme = (REPO_ROOT / "data" / "raw" / "README.md").read_text(encoding="utf-8")
    for limit in LIMITS.values():
        assert f"| `{limit.env}` | {limit.default:.0f} |" in readme, limit.env
