import io
import zipfile

import pandas as pd
import pytest

from jusolib.core.files import csv_bytes, normalize_zip, write_bytes_atomic


def test_failed_write_leaves_the_old_file_and_no_temporary(tmp_path, monkeypatch):
    target = tmp_path / "out.csv"
    target.write_bytes(b"old")

    def broken_replace(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr("os.replace", broken_replace)
    with pytest.raises(OSError, match="disk full"):
        write_bytes_atomic(target, b"new")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]


def test_csv_bytes_are_utf8_with_bom_and_lf():
    data = csv_bytes(pd.DataFrame({"muni_code": ["131016"], "answer": ["無回答"]}))
    assert data.startswith(b"\xef\xbb\xbf") and b"\r" not in data
    assert data.decode("utf-8-sig") == "muni_code,answer\n131016,無回答\n"


def _zip(when):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        info = zipfile.ZipInfo("docProps/core.xml", date_time=when)
        z.writestr(
            info,
            b"<dcterms:created x>2025-01-20T00:00:00Z</dcterms:created>"
            b"<dcterms:modified x>%d-01-01T00:00:00Z</dcterms:modified>" % when[0],
        )
    return buffer.getvalue()


def test_normalize_zip_removes_clock_times():
    first, second = normalize_zip(_zip((2024, 1, 1, 0, 0, 0))), normalize_zip(_zip((2026, 5, 5, 5, 5, 6)))
    assert first == second
    content = zipfile.ZipFile(io.BytesIO(first)).read("docProps/core.xml")
    assert b"<dcterms:modified x>2025-01-20T00:00:00Z</dcterms:modified>" in content


def test_workbooks_do_not_depend_on_whether_openpyxl_finds_lxml():
    """python-pptx installs lxml, with which openpyxl writes other bytes: jusolib keeps the standard serialiser."""
    import subprocess
    import sys

    code = (
        "import {first}, {second}, hashlib; from jusolib.core.files import xlsx_bytes; "
        "print(hashlib.sha256(xlsx_bytes(openpyxl.Workbook(), creator='t')).hexdigest())"
    )
    ours = subprocess.run(
        [sys.executable, "-c", code.format(first="jusolib", second="openpyxl")],
        capture_output=True,
        text=True,
    )
    import openpyxl

    from jusolib.core.files import sha256_bytes, xlsx_bytes

    assert ours.stdout.strip() == sha256_bytes(xlsx_bytes(openpyxl.Workbook(), creator="t"))
    theirs = subprocess.run(
        [sys.executable, "-c", code.format(first="openpyxl", second="jusolib")],
        capture_output=True,
        text=True,
        env={"PATH": "", "OPENPYXL_LXML": "True"},
    )
    assert "OPENPYXL_LXML=False" in theirs.stderr


def test_no_cell_written_through_xlsx_bytes_is_a_formula():
    import openpyxl

    from jusolib.core.files import xlsx_bytes

    texts = ['=HYPERLINK("http://example.invalid","詳細")', "+1", "-1", "@SUM(1)", "\tタブ", "\r改行", "地域"]
    book = openpyxl.Workbook()
    book.active.append(texts)
    data = xlsx_bytes(book, creator="test")
    sheet = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet and "<f " not in sheet
    back = openpyxl.load_workbook(io.BytesIO(data)).active
    # every text as written (XML reads a carriage return back as a line feed)
    assert [c.value for c in back[1]] == [t.replace("\r", "\n") for t in texts]
    assert [c.data_type for c in back[1]] == ["s"] * 7
    assert [c.quotePrefix for c in back[1]] == [True] * 6 + [False]  # Excel keeps them text when edited


def test_the_test_corpus_may_keep_a_formula():
    import openpyxl

    from jusolib.core.files import xlsx_bytes

    book = openpyxl.Workbook()
    book.active["A1"] = "=1+0"
    sheet = zipfile.ZipFile(io.BytesIO(xlsx_bytes(book, creator="t", formulas=True))).read(
        "xl/worksheets/sheet1.xml"
    )
    assert b"<f>1+0</f>" in sheet


def test_a_second_holder_of_the_lock_waits_for_the_first(tmp_path):
    import threading
    import time

    from jusolib.core.files import exclusive_lock

    lock, events, waited = tmp_path / "reports" / ".lock", [], []

    def hold(name, seconds):
        with exclusive_lock(lock, waiting=lambda: waited.append(name)):
            events.append((name, "in", time.perf_counter()))
            time.sleep(seconds)
            events.append((name, "out", time.perf_counter()))

    first = threading.Thread(target=hold, args=("first", 0.3))
    first.start()
    time.sleep(0.1)
    hold("second", 0)
    first.join()
    assert [(n, e) for n, e, _ in events] == [
        ("first", "in"),
        ("first", "out"),
        ("second", "in"),
        ("second", "out"),
    ]
    assert waited == ["second"]
