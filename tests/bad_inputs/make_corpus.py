"""Write the bad-input corpus: small return files in every shape an Excel user can produce.

Run ``python -m tests.bad_inputs.make_corpus`` from the repository root to regenerate ``files/``; the files are
committed, and ``cases.yaml`` says what each must produce. Workbooks are written with fixed timestamps so that
regenerating gives the same bytes. Files that are large once read (a zip bomb, a CSV over the row limit) are not
committed: :data:`GENERATED` writes them at test time.

A case is a file, or a folder of files (with its own ``MANIFEST.yaml`` if it needs one) for what takes more
than one file, such as a form returned twice.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import struct
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

from jusolib.core.files import normalize_zip, xlsx_bytes
from jusolib.io.form_layout import FORM_SHEET
from jusolib.io.form_writer import FormRow, fill_form, form_rows, render_form
from jusolib.survey.codebook import load_codebook
from tests.helpers import HEADINGS, ITEM_COLUMNS, csv_text, row

FILES = Path(__file__).parent / "files"
GOOD = [row("中央区"), row("墨田区", q1_1="2", q3_10="4"), row("世田谷区", q2_7="3")]


def text(name: str, content: str, encoding: str = "utf-8") -> None:
    (FILES / name).write_bytes(content.encode(encoding))


def workbook(
    name: str, sheets: list[tuple[str, list[list[object]]]], merge: list[tuple[str, str]] = ()
) -> None:
    import openpyxl  # here, after jusolib: jusolib keeps openpyxl on the serialiser that gives stable bytes

    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets:
        sheet = book.create_sheet(title)
        for r in rows:
            sheet.append(list(r))
    for title, cells in merge:
        book[title].merge_cells(cells)
    (FILES / name).write_bytes(xlsx_bytes(book, creator="jusolib test corpus", formulas=True))


def with_cached_values(name: str, values: dict[str, str]) -> None:
    """Give formula cells of the first sheet a saved result, as Excel does when it saves a workbook."""
    source = zipfile.ZipFile(FILES / name)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                for ref, value in values.items():
                    data = re.sub(
                        rf'(<c r="{ref}"[^>]*><f>[^<]*</f>)<v\s*/>|(<c r="{ref}"[^>]*><f>[^<]*</f>)(<v>)?',
                        lambda m, v=value: (m.group(1) or m.group(2)) + f"<v>{v}</v>",
                        data.decode(),
                    ).encode()
            target.writestr(info, data)
    (FILES / name).write_bytes(normalize_zip(out.getvalue()))


def with_parts(name: str, extra: dict[str, bytes], replace: dict[str, bytes] | None = None) -> None:
    """Add parts to (or replace parts of) a corpus workbook, as other programs' workbooks carry them."""
    source = zipfile.ZipFile(FILES / name)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info, (replace or {}).get(info.filename, source.read(info.filename)))
        for part, data in extra.items():
            target.writestr(zipfile.ZipInfo(part, date_time=(2000, 1, 1, 0, 0, 0)), data)
    (FILES / name).write_bytes(normalize_zip(out.getvalue()))


def _stored_zip(entries: list[tuple[str, int, bytes, int, int]]) -> bytes:
    """A zip written field by field: (name, method, data as stored, CRC-32, unzipped size) per entry.

    zipfile cannot store data compressed elsewhere; a bomb needs exactly that (deflate blocks repeated).
    """
    body, directory = io.BytesIO(), io.BytesIO()
    for name, method, data, crc, size in entries:
        encoded = name.encode()
        offset = body.tell()
        header = (method, 0x0021, 0x2800, crc, len(data), size, len(encoded))  # 2000-01-01 00:00
        body.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, *header, 0) + encoded + data)
        directory.write(
            struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, *header, 0, 0, 0, 0, 0, offset) + encoded
        )
    count, start = len(entries), body.tell()
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, count, count, directory.tell(), start, 0)
    return body.getvalue() + directory.getvalue() + end


def zip_bomb(path: Path, unzipped_bytes: int = 1 << 30) -> None:
    """A workbook whose first sheet inflates to ``unzipped_bytes`` (default 1 GiB) from about 1 KB per MiB.

    The sheet is ``<row/>`` repeated: a deflate block of 1 MiB of it, ended by a full flush so that it does
    not refer to what came before, is repeated; the CRC-32 is the true one, so the archive is valid.
    """
    chunk = b"<row/>" * ((1 << 20) // 6)
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    repeats = max(unzipped_bytes // len(chunk), 1)
    crc = 0
    for _ in range(repeats):
        crc = zlib.crc32(chunk, crc)
    sheet = block * repeats + b"\x03\x00"  # an empty final block
    small = zipfile.ZipFile(io.BytesIO(_good_workbook()))
    entries = [
        (i.filename, 0, small.read(i.filename), i.CRC, i.file_size)
        for i in small.infolist()
        if i.filename != "xl/worksheets/sheet1.xml"
    ]
    entries.append(("xl/worksheets/sheet1.xml", 8, sheet, crc, len(chunk) * repeats))
    path.write_bytes(_stored_zip(entries))


def _good_workbook() -> bytes:
    import openpyxl  # after jusolib (see workbook())

    book = openpyxl.Workbook()
    book.active.title = "回答"
    for r in [HEADINGS, *GOOD]:
        book.active.append(list(r))
    return xlsx_bytes(book, creator="jusolib test corpus")


def csv_over_row_limit(path: Path, rows: int = 20_001) -> None:
    """A CSV return followed by blank lines: one line more than the default row limit."""
    path.write_bytes((csv_text(GOOD) + "\n" * (rows - len(GOOD) - 1)).encode("utf-8"))


def csv_long_cell(path: Path) -> None:
    """A CSV return with a free-text cell longer than the csv module accepts (131,072 characters)."""
    path.write_bytes(csv_text([[*GOOD[0][:-1], "あ" * 140_000], *GOOD[1:]]).encode("utf-8"))


#: Corpus files written at test time (large once read), by name: each function writes the file at a path.
GENERATED: dict[str, Callable[[Path], None]] = {
    "xlsx_zip_bomb.xlsx": zip_bomb,
    "xlsx_compression_ratio.xlsx": lambda path: zip_bomb(path, 20 << 20),
    "limit_too_many_rows.csv": csv_over_row_limit,
    "csv_cell_too_long.csv": csv_long_cell,
}


def sheet_xml_with_value_at(ref: str, dimension: str = "A1:AC4") -> Callable[[bytes], bytes]:
    """Patch a sheet: one more cell with a value at ``ref`` (its own row), and a ``<dimension>`` that lies."""
    row = int(re.sub(r"[A-Z]", "", ref))

    def patch(data: bytes) -> bytes:
        text = data.decode()
        text = re.sub(r'<dimension ref="[^"]*"', f'<dimension ref="{dimension}"', text)
        cell = f'<row r="{row}"><c r="{ref}" t="inlineStr"><is><t>備考</t></is></c></row>'
        return text.replace("</sheetData>", cell + "</sheetData>").encode()

    return patch


def form(
    name: str,
    *,
    fiscal_year: int = 2024,
    muni: tuple[str, str] = ("131024", "中央区"),
    kind: str = "municipality",
    answers: dict[str, object] | None = None,
    fields: dict[str, object] | None = None,
    edit: Callable[[list[FormRow]], list[FormRow]] | None = None,
    sheet: str | None = None,
    formula: tuple[str, str] | None = None,
) -> None:
    """A questionnaire form as ``jusolib questionnaire`` writes it, filled in (every item あてはまる unless said)."""
    book = load_codebook(fiscal_year)
    rows = form_rows(book, muni_code=muni[0], muni_name=muni[1], respondent_type=kind)
    if edit is not None:
        rows = edit(rows)
    workbook_ = render_form(rows, book, who=f"{muni[1]}（{book.respondent_type_label(kind)}）")
    present = {r.key for r in rows}
    filled = {i: "あてはまる" for i in book.item_ids() if i in present} | (answers or {})
    fill_form(workbook_, filled, fields=fields)
    if formula:  # typed into the answer cell as a formula, which fill_form would keep as text
        target = next(r for r, f in enumerate(rows, start=1) if f.key == formula[0])
        workbook_[FORM_SHEET].cell(target, 4).value = formula[1]
    if sheet:
        workbook_[FORM_SHEET].title = sheet
    path = FILES / name
    path.parent.mkdir(exist_ok=True)
    path.write_bytes(xlsx_bytes(workbook_, creator="jusolib test corpus", formulas=True))


def insert_after(key: str, text: str) -> Callable[[list[FormRow]], list[FormRow]]:
    """A row inserted by the respondent below the row of ``key``, with text in its 具体的な内容 cell."""

    def edit(rows: list[FormRow]) -> list[FormRow]:
        at = next(i for i, r in enumerate(rows) if r.key == key) + 1
        return [*rows[:at], FormRow(None, "inserted", free_text=text), *rows[at:]]

    return edit


def delete(*keys: str) -> Callable[[list[FormRow]], list[FormRow]]:
    """Rows deleted by the respondent (the first row with each key)."""

    def edit(rows: list[FormRow]) -> list[FormRow]:
        out = list(rows)
        for key in keys:
            out.remove(next(r for r in out if r.key == key))
        return out

    return edit


def build() -> None:
    FILES.mkdir(exist_ok=True)
    for old in FILES.iterdir():
        shutil.rmtree(old) if old.is_dir() else old.unlink()
    good = csv_text(GOOD)

    # -- encodings ----------------------------------------------------------------------------------------
    text("enc_shift_jis_no_declaration.csv", csv_text([row("稻城市", q1_1="当てはまる"), *GOOD]), "cp932")
    text("enc_utf16_bom.csv", good, "utf-16")
    text("enc_utf16_no_bom.csv", good, "utf-16-le")
    text("enc_utf8_bom.csv", good, "utf-8-sig")
    (FILES / "enc_invalid_bytes.csv").write_bytes(good.encode("utf-8") + b"\xff\xfe\xfa,\x80\x81\n")
    text("empty.csv", "")
    text("header_only.csv", csv_text([]))
    # -- layout -------------------------------------------------------------------------------------------
    text(
        "layout_title_rows.csv",
        csv_text(GOOD, title=["令和6年度 成果と課題に関する調査 回答一覧", "（自治体）", ""]),
    )
    title_rows = [["令和6年度 成果と課題に関する調査 回答一覧"], ["（自治体）"], HEADINGS, *GOOD]
    workbook("layout_title_rows_merged_title.xlsx", [("回答", title_rows)], merge=[("回答", "A1:F1")])
    workbook("layout_merged_header.xlsx", [("回答", [HEADINGS, *GOOD])], merge=[("回答", "C1:E1")])
    workbook(
        "layout_several_sheets.xlsx",
        [("説明", [["この表について"], ["回答は次のシート"]]), ("回答", [HEADINGS, *GOOD])],
    )
    council = [row(r[0], "社協") for r in GOOD]
    workbook(
        "layout_sheet_per_respondent_type.xlsx",
        [("自治体", [HEADINGS, *GOOD]), ("社協", [HEADINGS, *council])],
    )
    text(
        "layout_blank_and_note_rows.csv", csv_text([GOOD[0], [""] * len(HEADINGS), *GOOD[1:], ["※集計: 3件"]])
    )
    text("layout_no_municipality_column.csv", csv_text(GOOD, headings=["自治体番号", *HEADINGS[1:]]))
    text("layout_duplicate_heading.csv", csv_text([[*r, "1"] for r in GOOD], headings=[*HEADINGS, "問1-1"]))
    text("layout_missing_item_column.csv", csv_text([r[:-1] for r in GOOD], headings=HEADINGS[:-1]))
    text(
        "layout_unknown_extra_column.csv",
        csv_text([[*r, "済"] for r in GOOD], headings=[*HEADINGS, "担当者確認"]),
    )
    # -- workbooks gone wrong ------------------------------------------------------------------------------
    workbook("xlsx_corrupt.xlsx", [("回答", [HEADINGS, *GOOD])])
    data = (FILES / "xlsx_corrupt.xlsx").read_bytes()
    (FILES / "xlsx_corrupt.xlsx").write_bytes(data[: len(data) // 2])
    # An encrypted workbook is an OLE2 compound file, not a zip; this stub has the OLE2 signature and header only.
    (FILES / "xlsx_password_protected.xlsx").write_bytes(
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 16 + b"\x3e\x00\x03\x00\xfe\xff" + b"\x00" * 482
    )
    formula_rows = [HEADINGS, [*GOOD[0][:2], "=1+0", *GOOD[0][3:]], *GOOD[1:]]
    workbook("xlsx_formula_without_saved_value.xlsx", [("回答", formula_rows)])
    workbook("xlsx_formula_with_saved_value.xlsx", [("回答", formula_rows)])
    with_cached_values("xlsx_formula_with_saved_value.xlsx", {"C2": "1"})
    workbook(
        "xlsx_date_in_answer.xlsx",
        [("回答", [HEADINGS, row("中央区", default=1, q1_2=dt.datetime(2024, 1, 2))])],
    )
    workbook(
        "xlsx_numbers.xlsx",
        [("回答", [HEADINGS, row("中央区", default=1, q1_1=2.0), row("墨田区", default=3)])],
    )
    # -- workbooks that must not be opened, or not read whole (issue 14) ------------------------------------
    good_rows = [("回答", [HEADINGS, *GOOD])]
    workbook("xlsx_macro_enabled.xlsm", good_rows)
    with_parts("xlsx_macro_enabled.xlsm", {"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0 macro project stub"})
    workbook("xlsx_macro_project_renamed.xlsx", good_rows)
    with_parts(
        "xlsx_macro_project_renamed.xlsx", {"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0 macro project stub"}
    )
    workbook("xlsx_external_link.xlsx", good_rows)
    link = (
        b'<externalLink xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b'<externalBook r:id="rId1" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"/>'
        b"</externalLink>"
    )
    with_parts("xlsx_external_link.xlsx", {"xl/externalLinks/externalLink1.xml": link})
    for name, ref in (
        ("limit_too_many_rows_lying_dimension.xlsx", "A20005"),
        ("limit_too_many_columns.xlsx", "ALN2"),
    ):
        workbook(name, good_rows)
        source = zipfile.ZipFile(FILES / name)
        sheet = source.read("xl/worksheets/sheet1.xml")
        source.close()
        with_parts(name, {}, replace={"xl/worksheets/sheet1.xml": sheet_xml_with_value_at(ref)(sheet)})
    workbook("xlsx_dtd_entities.xlsx", good_rows)
    source = zipfile.ZipFile(FILES / "xlsx_dtd_entities.xlsx")
    sheet = source.read("xl/worksheets/sheet1.xml")
    source.close()
    laughs = b'<!DOCTYPE worksheet [<!ENTITY a "ha"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
    sheet = b'<?xml version="1.0" encoding="UTF-8"?>' + laughs + sheet.replace(b"<t>", b"<t>&b;", 1)
    with_parts("xlsx_dtd_entities.xlsx", {}, replace={"xl/worksheets/sheet1.xml": sheet})
    text(
        "limit_too_many_columns.csv", csv_text(GOOD, headings=[*HEADINGS, *(f"列{i}" for i in range(1_000))])
    )
    # free text that a spreadsheet would take for a formula: kept verbatim, never a formula in a workbook
    formula_like = [
        '=HYPERLINK("http://example.invalid","詳細")',
        "+αの取組み（伴走支援）",
        "-支援会議の開催",
        "@SUM(1+1)",
    ]
    text(
        "value_formula_looking_free_text.csv",
        csv_text(
            [[*r, t] for r, t in zip([*GOOD, row("練馬区")], formula_like, strict=True)],
            headings=[*HEADINGS, "問1-1 具体的な内容"],
        ),
    )
    (FILES / "old_format.xls").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504)
    # -- values ---------------------------------------------------------------------------------------------
    text("value_two_point_zero.csv", csv_text([row("中央区", q1_1="2.0", q3_1="4.0"), *GOOD[1:]]))
    text("value_full_width_digits.csv", csv_text([row("中央区", default="１", q1_2="３"), *GOOD[1:]]))
    variants = row("中央区", q1_1="当てはまる", q1_2="あてはまる", q1_3="あてはまる。", q1_4=" あてはまる ")
    text("value_label_variants.csv", csv_text([variants, *GOOD[1:]]))
    text("value_whitespace_cells.csv", csv_text([row("中央区", q1_1="　", q1_2=" ", q3_1=""), *GOOD[1:]]))
    text("value_answer_outside_scale.csv", csv_text([*GOOD[:2], row("世田谷区", q3_4="5")]))
    text("value_text_outside_scale.csv", csv_text([*GOOD[:2], row("世田谷区", q1_5="とてもあてはまる")]))
    # -- respondents ----------------------------------------------------------------------------------------
    text("who_unknown_municipality.csv", csv_text([*GOOD[:2], row("東京都新宿市")]))
    text("who_ambiguous_municipality.csv", csv_text([*GOOD[:2], row("としま")]))
    text("who_wrong_check_digit.csv", csv_text([*GOOD[:2], row("132251")]))
    text("who_missing_municipality_cell.csv", csv_text([*GOOD[:2], row("")]))
    text("who_duplicate_respondent.csv", csv_text([*GOOD, row("墨田区")]))
    text("who_same_municipality_two_spellings.csv", csv_text([*GOOD, row("稲城市"), row("東京都稻城市")]))
    text("who_missing_respondent_type.csv", csv_text([GOOD[0], row("墨田区", ""), GOOD[2]]))
    text("who_unknown_respondent_type.csv", csv_text([GOOD[0], row("墨田区", "区民"), GOOD[2]]))
    text("who_fewer_than_expected.csv", good)
    # -- fiscal year ----------------------------------------------------------------------------------------
    text(
        "fy_column_contradicts_folder.csv",
        csv_text(
            [[*r, fy] for r, fy in zip(GOOD, ["令和6年度", "R6", "R5"], strict=True)],
            headings=[*HEADINGS, "調査年度"],
        ),
    )
    text("fy_title_contradicts_folder.csv", csv_text(GOOD, title=["令和5年度 成果と課題に関する調査"]))
    text("fy_R5_in_file_name.csv", good)
    # -- returned questionnaire forms (jusolib questionnaire), filled in as people do -------------------------
    form(
        "form_answered.xlsx",
        fields={"department": "福祉部 地域福祉課", "answered_on": dt.datetime(2025, 1, 8)},
    )
    form("form_typed_spelling.xlsx", answers={"out_hubs": "当てはまる"})
    form("form_typed_outside_scale.xlsx", answers={"out_hubs": "ややあてはまる"})
    form("form_item_left_blank.xlsx", answers={"chl_community_building": None})
    form(
        "form_row_inserted.xlsx",
        answers={"out_leaders": "どちらともいえない"},
        edit=insert_after("out_hubs", "補足です"),
    )
    form("form_rows_deleted.xlsx", edit=delete("#spacer", "out_leaders"))
    form("form_sheet_renamed.xlsx", sheet="Sheet1")
    form("form_other_year.xlsx", fiscal_year=2025)
    form("form_code_disagrees_杉並区_自治体.xlsx")
    form("form_wrong_respondent_type_中央区_社協.xlsx")
    form("form_formula_in_answer.xlsx", formula=("out_participation", "=1+0"))
    form(
        "form_answered_after_deadline.xlsx",
        fields={"answered_on": dt.datetime(2025, 1, 20), "note": "締切後の提出となりました"},
    )
    form("form_unanswered.xlsx", answers={k: None for k in load_codebook(2024).item_ids()})
    twice = (
        "令和6年度_成果と課題調査_中央区_自治体.xlsx",
        "令和6年度_成果と課題調査_中央区_自治体（再送）.xlsx",
    )
    for folder in ("form_returned_twice", "form_returned_twice_manifest_says"):
        form(f"{folder}/{twice[0]}", answers={"out_hubs": None})
        form(f"{folder}/{twice[1]}")
    text(
        "form_returned_twice_manifest_says/MANIFEST.yaml",
        "fiscal_year: 2024\ndata_status: real\ntitle: test fixture\nsupersedes:\n"
        f"  - file: {twice[1]}\n    replaces: {twice[0]}\n    note: 2025-01-16 再送（問1-2 の回答漏れ）\n",
    )
    form("form_and_compiled_sheet/令和6年度_成果と課題調査_中央区_自治体.xlsx")
    text("form_and_compiled_sheet/compiled.csv", csv_text(GOOD[1:]))
    assert len(ITEM_COLUMNS) == 27


if __name__ == "__main__":
    build()
    print(f"wrote {len(list(FILES.iterdir()))} files to {FILES}")
