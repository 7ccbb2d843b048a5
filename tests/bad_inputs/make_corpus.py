"""Write the bad-input corpus: small return files in every shape an Excel user can produce.

Run ``python -m tests.bad_inputs.make_corpus`` from the repository root to regenerate ``files/``; the files are
committed, and ``cases.yaml`` says what each must produce. Workbooks are written with fixed timestamps so that
regenerating gives the same bytes. Files that are large once read (a zip bomb, a CSV over the row limit) are not
committed: :data:`GENERATED` writes them at test time.

A case is a file, or a folder of files (with its own ``MANIFEST.yaml`` or ``corrections.yaml`` if it needs
one) for what takes more than one file, such as a form returned twice.

The ``form_…`` cases are questionnaire forms as ``jusolib questionnaire`` writes them, filled in the way people
fill them (one habit per form). A few are saved through LibreOffice Calc (``.xlsx``, ``.xls``, ``.ods``) when
``soffice`` is installed (Debian: ``apt-get install libreoffice-calc``); without it those files are left as
committed (LibreOffice stamps the time into what it writes, so they change whenever they are made again). The
tests read the committed files and never need LibreOffice.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import struct
import subprocess
import tempfile
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

from jusolib.core.files import normalize_zip, xlsx_bytes
from jusolib.io.form_layout import CONTACT_FIELDS, FORM_MARKERS, FORM_SHEET
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
    texts: dict[str, object] | None = None,
    post: Callable[[object], None] | None = None,
    via_libreoffice: str | None = None,
) -> None:
    """A questionnaire form as ``jusolib questionnaire`` writes it, filled in (every item あてはまる unless said).

    ``post`` changes the filled-in workbook (openpyxl) as a respondent does (swap rows, merge cells, add a
    comment …); ``via_libreoffice`` (``xlsx``, ``xls`` or ``ods``) saves the form through LibreOffice Calc, as a
    respondent using it does (the file then ends in that suffix).
    """
    book = load_codebook(fiscal_year)
    rows = form_rows(book, muni_code=muni[0], muni_name=muni[1], respondent_type=kind)
    if edit is not None:
        rows = edit(rows)
    workbook_ = render_form(rows, book, who=f"{muni[1]}（{book.respondent_type_label(kind)}）")
    present = {r.key for r in rows}
    filled = {i: "あてはまる" for i in book.item_ids() if i in present} | (answers or {})
    fill_form(workbook_, filled, texts, fields=fields)
    if formula:  # typed into the answer cell as a formula, which fill_form would keep as text
        target = next(r for r, f in enumerate(rows, start=1) if f.key == formula[0])
        workbook_[FORM_SHEET].cell(target, 4).value = formula[1]
    if sheet:
        workbook_[FORM_SHEET].title = sheet
    if post is not None:
        post(workbook_)
    data = xlsx_bytes(workbook_, creator="jusolib test corpus", formulas=True)
    path = FILES / name
    path.parent.mkdir(exist_ok=True)
    if via_libreoffice is None:
        path.write_bytes(data)
    else:
        through_libreoffice(data, path, via_libreoffice)


def through_libreoffice(data: bytes, path: Path, fmt: str) -> None:
    """Save a workbook through LibreOffice Calc into ``path`` (``fmt``: xlsx, xls or ods), as a respondent who
    opens the form in Calc and saves it does. Without ``soffice`` the committed file is left as it is."""
    soffice = shutil.which("soffice")
    if soffice is None:
        print(f"soffice not found: {path.name} left as committed")
        return
    filters = {"xlsx": "xlsx:Calc MS Excel 2007 XML", "xls": "xls:MS Excel 97", "ods": "ods"}
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "in" / "form.xlsx"
        source.parent.mkdir()
        source.write_bytes(data)
        profile = Path(folder) / "profile"
        subprocess.run(
            [
                soffice,
                f"-env:UserInstallation=file://{profile}",
                "--headless",
                "--convert-to",
                filters[fmt],
                "--outdir",
                folder,
                str(source),
            ],
            check=True,
            capture_output=True,
            timeout=180,
        )
        shutil.copyfile(Path(folder) / f"form.{fmt}", path)


def find_row(workbook_: object, key: str) -> int:
    """The row of a hidden key on the questionnaire sheet."""
    sheet = workbook_[FORM_SHEET]  # type: ignore[index]
    return next(c.row for c in sheet["A"] if c.value == key)


def swap_visible(first: str, second: str) -> Callable[[object], None]:
    """The visible cells (B:E) of two item rows swapped by cut and paste; the hidden keys in A stay."""

    def post(workbook_: object) -> None:
        sheet = workbook_[FORM_SHEET]  # type: ignore[index]
        a, b = find_row(workbook_, first), find_row(workbook_, second)
        for column in range(2, 6):
            one, two = sheet.cell(a, column), sheet.cell(b, column)
            one.value, two.value = two.value, one.value

    return post


def merge_cells(first: str, last: str, columns: str = "D") -> Callable[[object], None]:
    """Cells of one or two item rows merged (e.g. the answers of two items), as a respondent does to tidy up."""

    def post(workbook_: object) -> None:
        a, b = find_row(workbook_, first), find_row(workbook_, last)
        workbook_[FORM_SHEET].merge_cells(f"{columns[0]}{a}:{columns[-1]}{b}")  # type: ignore[index]

    return post


def comment_on(key: str, text: str, column: str = "D") -> Callable[[object], None]:
    """A cell comment (Excel's 「コメントの挿入」) on a key's answer cell."""

    def post(workbook_: object) -> None:
        from openpyxl.comments import Comment

        row = find_row(workbook_, key)
        workbook_[FORM_SHEET][f"{column}{row}"].comment = Comment(text, "回答者")  # type: ignore[index]

    return post


def set_cell(key: str, column: str, value: object) -> Callable[[object], None]:
    """One cell of a key's row overwritten (column A: the hidden key itself; C: the wording)."""

    def post(workbook_: object) -> None:
        workbook_[FORM_SHEET][f"{column}{find_row(workbook_, key)}"].value = value  # type: ignore[index]

    return post


def delete_key_column(workbook_: object) -> None:
    """Column A (the hidden keys) deleted, as a respondent who unhides it and deletes it does."""
    sheet = workbook_[FORM_SHEET]  # type: ignore[index]
    for merged in list(sheet.merged_cells.ranges):
        sheet.unmerge_cells(str(merged))
    sheet.delete_cols(1)


def extra_sheet(workbook_: object) -> None:
    """A sheet added by the respondent for notes."""
    workbook_.create_sheet("メモ").append(["問2の補足: 来年度は地区ごとに会議を開く予定"])  # type: ignore[attr-defined]


def previous_layout(rows: list[FormRow]) -> list[FormRow]:
    """The form as layout v1 wrote it: no contact block, the v1 marker."""
    rows = [r for r in rows if r.key not in CONTACT_FIELDS]
    return [FormRow(FORM_MARKERS[0], r.kind, r.number) if r.key in FORM_MARKERS else r for r in rows]


def insert_row_after(key: str, text: str, column: str = "E") -> Callable[[list[FormRow]], list[FormRow]]:
    """A row inserted below ``key`` with text in its D (answer) or E (具体的な内容) cell."""

    def edit(rows: list[FormRow]) -> list[FormRow]:
        at = next(i for i, r in enumerate(rows) if r.key == key) + 1
        row = FormRow(
            None,
            "inserted",
            answer=text if column == "D" else None,
            free_text=text if column == "E" else None,
        )
        return [*rows[:at], row, *rows[at:]]

    return edit


def corrections(folder: str, entries: str) -> None:
    """A case folder's corrections.yaml, as the coordinator writes it after a phone call."""
    text(f"{folder}/corrections.yaml", "corrections:\n" + entries)


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
    people()
    assert len(ITEM_COLUMNS) == 27


def people() -> None:
    """Forms filled in as respondents really do (issue 20): one habit per form, each with its outcome in
    cases.yaml. Items: 問2-5 chg_internal_collab and 問2-6 chg_external_collab sit on rows 31 and 32."""
    contact = {
        "contact_name": "山田 花子",
        "contact_phone": "03-0000-1234",
        "contact_email": "yamada@example.jp",
    }
    form(
        "form_previous_layout_v1.xlsx", edit=previous_layout, fields={"answered_on": dt.datetime(2025, 1, 8)}
    )
    form("form_contact_block_filled.xlsx", fields={"department": "福祉部 地域福祉課", **contact})
    form(
        "form_contact_row_inserted.xlsx",
        fields=contact,
        edit=insert_row_after("contact_phone", "携帯 090-0000-5678", column="D"),
    )
    # 1. the visible cells of two rows swapped by cut and paste: the hidden keys stay
    form(
        "form_rows_swapped.xlsx",
        answers={"chg_internal_collab": "どちらともいえない", "chg_external_collab": "あてはまらない"},
        texts={"chg_internal_collab": "支援会議を月1回開催"},
        post=swap_visible("chg_internal_collab", "chg_external_collab"),
    )
    # 2. a 社協 answering on its city's 自治体 form without renaming it
    form(
        "form_council_on_municipality_form.xlsx", fields={"department": "中央区社会福祉協議会 地域福祉推進課"}
    )
    form("form_note_names_the_council.xlsx", fields={"note": "社協と相談のうえ回答しました"})
    # 3. answer cells of two items merged
    form("form_answer_cells_merged.xlsx", post=merge_cells("out_hubs", "out_leaders"))
    form("form_answer_and_text_merged.xlsx", post=merge_cells("out_hubs", "out_hubs", columns="DE"))
    # 4. the answer typed into the wide free-text cell, the answer cell left blank
    form(
        "form_option_typed_in_text.xlsx",
        answers={"chg_internal_collab": None},
        texts={"chg_internal_collab": "どちらともいえない"},
    )
    form(
        "form_no_answer_typed_in_text.xlsx",
        answers={"chg_internal_collab": None},
        texts={"chg_internal_collab": "無回答"},
    )
    form(
        "form_cell_comment.xlsx",
        post=comment_on("out_hubs", "迷いましたが、拠点は2か所あるため「あてはまる」としました"),
    )
    form("form_key_column_deleted.xlsx", post=delete_key_column)
    form("form_half_width_kana.xlsx", answers={"out_hubs": "ｱﾃﾊﾏﾗﾅｲ"})
    form("form_answer_in_brackets.xlsx", answers={"out_leaders": "「どちらともいえない」"})
    form("form_option_number_typed.xlsx", answers={"out_participation": "1"})
    form("form_extra_sheet_added.xlsx", post=extra_sheet)
    form("form_wording_edited.xlsx", post=set_cell("out_hubs", "C", "拠点（居場所を含む）"))
    form("form_hidden_key_edited.xlsx", post=set_cell("out_leaders", "A", "out_leaderz"))
    form("form_row_copied_with_key.xlsx", edit=copy_row("out_hubs"))
    form("form_name_of_another_municipality.xlsx", muni=("132152", "国立市"), fields={"muni_name": "狛江市"})
    form("form_answered_on_in_wareki.xlsx", fields={"answered_on": "令和7年1月8日"})
    # saved through LibreOffice Calc, as a third of the respondents do
    form(
        "form_saved_by_libreoffice.xlsx",
        fields={"answered_on": dt.datetime(2025, 1, 9)},
        via_libreoffice="xlsx",
    )
    form(
        "form_saved_as_xls.xls",
        answers={"out_hubs": "どちらともいえない"},
        fields={"answered_on": dt.datetime(2025, 1, 9)},
        via_libreoffice="xls",
    )
    form(
        "form_saved_as_ods.ods",
        answers={"chl_plan_consent": None},
        texts={"out_hubs": "拠点を2か所開設"},
        via_libreoffice="ods",
    )
    form(
        "form_ods_with_comment.ods",
        post=comment_on("out_leaders", "担い手の数は把握していません"),
        via_libreoffice="ods",
    )
    form(
        "form_xls_answer_cells_merged.xls", post=merge_cells("out_hubs", "out_leaders"), via_libreoffice="xls"
    )
    form(
        "form_formula_copies_an_answer_libreoffice.xlsx",
        formula=("out_leaders", "=D20"),
        via_libreoffice="xlsx",
    )
    # 5. copies: a 社協 that typed its 自治体's answers (texts too); an answer column pasted from another form
    same = {
        "out_hubs": "どちらともいえない",
        "chg_external_collab": "あてはまらない",
        "chl_plan_consent": "とてもあてはまる",
    }
    same_texts = {"out_hubs": "拠点を2か所開設", "chg_internal_collab": "支援会議を月1回開催"}
    for kind in ("municipality", "council"):
        label = "自治体" if kind == "municipality" else "社協"
        form(
            f"form_council_copied_municipality/中央区_{label}.xlsx", kind=kind, answers=same, texts=same_texts
        )
    form("form_answer_column_pasted/墨田区_自治体.xlsx", muni=("131075", "墨田区"), answers=same)
    form(
        "form_answer_column_pasted/世田谷区_自治体.xlsx",
        muni=("131121", "世田谷区"),
        answers=same,
        texts={"out_hubs": "世田谷区の記述"},
    )
    # corrections without a new form
    form(
        "form_corrected_by_the_coordinator/国立市_自治体.xlsx",
        muni=("132152", "国立市"),
        answers={
            "chg_internal_collab": "どちらともいえない",
            "chg_external_collab": "あてはまらない",
            "out_hubs": "ややあてはまる",
        },
        texts={"chg_internal_collab": "支援会議を月1回開催"},
        post=swap_visible("chg_internal_collab", "chg_external_collab"),
    )
    corrections(
        "form_corrected_by_the_coordinator",
        "  - file: 国立市_自治体.xlsx\n    item: 問2-5\n    value: どちらともいえない\n    text: 支援会議を月1回開催\n"
        "    reason: 問2-5と問2-6の行を入れ替えて貼り付けていた。回答は表示どおりと確認\n"
        "    confirmed_by: 国立市 福祉総務課（電話）\n    date: 2025-01-16\n"
        "  - file: 国立市_自治体.xlsx\n    item: 問2-6\n    value: あてはまらない\n"
        "    reason: 問2-5と問2-6の行を入れ替えて貼り付けていた。回答は表示どおりと確認\n"
        "    confirmed_by: 国立市 福祉総務課（電話）\n    date: 2025-01-16\n"
        "  - file: 国立市_自治体.xlsx\n    item: out_hubs\n    value: あてはまる\n"
        "    reason: 「ややあてはまる」は「あてはまる」の意味と電話で確認\n"
        "    confirmed_by: 国立市 福祉総務課（電話）\n    date: 2025-01-16\n",
    )
    form(
        "form_blank_counted/多摩市_社協.xlsx",
        muni=("132241", "多摩市"),
        kind="council",
        answers=dict.fromkeys(load_codebook(2024).item_ids()),
    )
    corrections(
        "form_blank_counted",
        "  - file: 多摩市_社協.xlsx\n    blank_form: counted\n"
        "    reason: 回答できる設問がないため白紙で提出したと確認\n"
        "    confirmed_by: 多摩市社協 地域福祉係（メール）\n    date: 2025-01-17\n",
    )
    form("form_corrections_name_an_unknown_item/中央区_自治体.xlsx", answers={"out_hubs": "ややあてはまる"})
    corrections(
        "form_corrections_name_an_unknown_item",
        "  - file: 中央区_自治体.xlsx\n    item: 問9-9\n    value: あてはまる\n"
        "    reason: 電話で確認した回答を入力する\n    confirmed_by: 中央区（電話）\n    date: 2025-01-16\n"
        "  - file: 中央区_自治体.xlsx\n    item: 問1-2\n    value: ややあてはまる\n"
        "    reason: 電話で確認した回答を入力する\n    confirmed_by: 中央区（電話）\n    date: 2025-01-16\n",
    )


def copy_row(key: str) -> Callable[[list[FormRow]], list[FormRow]]:
    """A row copied with its hidden key (Excel's copy and 「コピーしたセルの挿入」) below itself."""

    def edit(rows: list[FormRow]) -> list[FormRow]:
        at = next(i for i, r in enumerate(rows) if r.key == key)
        return [*rows[: at + 1], rows[at], *rows[at + 1 :]]

    return edit


if __name__ == "__main__":
    build()
    print(f"wrote {len(list(FILES.iterdir()))} files to {FILES}")
