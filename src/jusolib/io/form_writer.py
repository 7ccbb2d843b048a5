"""Write the 調査票: one questionnaire workbook per respondent, generated from the codebook.

Each form has a cover (``表紙``: the survey's purpose, period, deadline, how to answer and how to return it,
from the codebook's metadata) and the questionnaire (``調査票``): the prefilled respondent block (調査年度,
回答主体, 団体名, 団体コード), then every item in questionnaire order under its section heading, with its number,
wording, a drop-down of its scale's options (Excel data validation) and a free-text cell beside it. Only the
answer cells are unlocked; the sheets are protected without a password (so a respondent cannot overwrite the
wording by accident, but nothing is locked away) and the hidden column A carries the keys the reader goes by
(see :mod:`jusolib.io.form_layout`). A4 portrait, one page wide, the column headings repeated on every page.

Workbooks go through :func:`jusolib.core.files.xlsx_bytes`, so the same codebook and respondent give the same bytes.

Examples
--------
>>> from jusolib.survey.codebook import load_codebook
>>> book = form_workbook(load_codebook(2024), muni_code="131121", muni_name="世田谷区", respondent_type="municipality")
>>> book.sheetnames
['表紙', '調査票']
>>> sheet = book["調査票"]
>>> sheet["A1"].value, sheet.column_dimensions["A"].hidden, sheet.protection.sheet
('jusolib:調査票:v2', True, True)
>>> rows = {sheet.cell(r, 1).value: r for r in range(1, sheet.max_row + 1)}
>>> sheet.cell(rows["muni_code"], 4).value, sheet.cell(rows["out_hubs"], 2).value
('131121', '問1-2')
>>> sheet.cell(rows["out_hubs"], 4).protection.locked, sheet.cell(rows["out_hubs"], 3).protection.locked
(False, True)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jusolib.core.docstrings import shared_parameters
from jusolib.core.errors import JusolibError, ParameterError
from jusolib.core.files import write_bytes_atomic, xlsx_bytes
from jusolib.core.fiscal import FiscalYearLike, fiscal_year_label, folder_name, parse_fiscal_year
from jusolib.core.paths import BUNDLED_DATA_DIR, DataDir, data_paths, reports_dir
from jusolib.io.form_layout import (
    COVER_SHEET,
    FORM_MARKER,
    FORM_SHEET,
    PREFILLED_FIELDS,
    RESPONDENT_FIELDS,
    form_file_name,
    is_form_key,
    questionnaire_meta,
    sheet_marker_row,
    shown_label,
    survey_period,
)
from jusolib.survey.codebook import Codebook, load_codebook

#: How to answer, printed on the cover (about the form's mechanics; the survey's own texts are in the codebook).
HOW_TO_ANSWER = (
    "「調査票」シートの黄色のセルに回答を入力してください。灰色のセルは変更できません。",
    "各設問の「回答」欄は、セルを選ぶと表示される一覧（▼）から選んでください。",
    "回答できない設問は空欄のままにしてください（無回答として集計します）。"
    "※印の設問を無回答とした場合は、その理由を「具体的な内容」欄にご記入ください。",
    "「具体的な内容」欄には、回答の理由や具体的な取組みをご記入ください（任意）。",
    "行・列の挿入や削除、シート名の変更はしないでください。補足は「備考」欄にご記入ください。",
    "回答日、担当部署とご担当者の連絡先（担当者名・電話番号・メールアドレス）をご記入のうえ、"
    "ファイル名を変えずに保存してください。連絡先は本調査のお問い合わせにのみ使い、集計・報告書には含めません。",
)
_WEEKDAYS = "月火水木金土日"
_FONT = "游ゴシック"
_WIDTHS = {"A": 14, "B": 9, "C": 42, "D": 20, "E": 42}
_INPUT_FILL = "FFF2CC"
_PREFILLED_FILL = "EDEDED"
_HEADING_FILL = "DDEBF7"
_HEADER_FILL = "BDD7EE"


@dataclass(frozen=True)
class FormRow:
    """One row of the questionnaire sheet, before it is drawn.

    ``kind`` decides the style: ``title``, ``notice``, ``spacer``, ``block``, ``field``, ``header``, ``section``,
    ``question``, ``item``, ``note``, ``footnote``, ``end``; ``inserted`` is a row without a key, as when a
    respondent inserts one (used to make realistic returns, never by :func:`form_workbook`).
    """

    key: str | None
    kind: str
    number: object = None
    label: object = None
    answer: object = None
    free_text: object = None
    scale: str | None = None
    has_free_text: bool = False


def wareki(iso_date: str) -> str:
    """An ISO date as a Japanese date with the era and the weekday.

    Parameters
    ----------
    iso_date
        A date ``"YYYY-MM-DD"`` from 1989-01-08 on (平成 up to 2019-04-30, 令和 from 2019-05-01).

    Returns
    -------
    str
        ``令和N年M月D日（曜）`` (元年 for the first year of an era).

    Examples
    --------
    >>> wareki("2025-01-14"), wareki("2019-05-01"), wareki("2019-04-30")
    ('令和7年1月14日（火）', '令和元年5月1日（水）', '平成31年4月30日（火）')
    """
    day = dt.date.fromisoformat(iso_date)
    era, start = ("令和", 2018) if day >= dt.date(2019, 5, 1) else ("平成", 1988)
    number = day.year - start
    return f"{era}{'元' if number == 1 else number}年{day.month}月{day.day}日（{_WEEKDAYS[day.weekday()]}）"


@shared_parameters
def form_rows(
    codebook: Codebook,
    *,
    muni_code: str,
    muni_name: str,
    respondent_type: str,
    notice: str | None = None,
) -> list[FormRow]:
    """The rows of one respondent's questionnaire sheet, in order (see :mod:`jusolib.io.form_layout` for the columns).

    Parameters
    ----------
    codebook
        The codebook of the fiscal year: items, sections, scales, footnotes and the ``questionnaire:`` texts.
    muni_code
        The respondent's 6-digit 団体コード, prefilled.
    muni_name
        The respondent's name (世田谷区), prefilled.
    respondent_type
        The respondent type's key (``municipality`` / ``council``); :func:`form_workbook` also takes labels.

    Returns
    -------
    list of FormRow
        The marker and title, the notices, the respondent block, the column headings, each section with its
        items, the footnotes and the end row; keys as :mod:`jusolib.io.form_layout` names them.
    """
    meta = questionnaire_meta(codebook.meta)
    year_label = fiscal_year_label(codebook.fiscal_year, western=False)
    rows = [FormRow(FORM_MARKER, "title", f"{year_label} {meta['title']}　調査票")]
    if notice:
        rows.append(FormRow("#notice", "notice", notice))
    if codebook.is_demonstration:
        rows.append(
            FormRow(
                "#demonstration", "notice", "※デモンストレーション用の設問です（codebook: demonstration）。"
            )
        )
    rows += [
        FormRow("#guide", "note", "黄色のセルに回答してください。回答欄は一覧（▼）から選びます。"),
        FormRow("#spacer", "spacer"),
        FormRow("#block", "block", "回答者"),
    ]
    prefilled = {
        "fiscal_year": year_label,
        "respondent_type": codebook.respondent_type_label(respondent_type),
        "muni_name": muni_name,
        "muni_code": muni_code,
    }
    for key, label in RESPONDENT_FIELDS.items():
        rows.append(FormRow(key, "field", label, answer=prefilled.get(key)))
    rows += [
        FormRow("#spacer", "spacer"),
        FormRow("#header", "header", "番号", "設問", "回答（一覧から選択）", "具体的な内容（自由記述）"),
    ]
    for section, spec in codebook.sections.iterrows():
        rows.append(FormRow("#section", "section", f"{section}　{spec['title']}"))
        if isinstance(spec.get("question"), str):
            rows.append(FormRow("#question", "question", spec["question"]))
        notes = []
        for item_id in codebook.item_ids(section):
            item = codebook.item(item_id)
            label = shown_label(item)
            if isinstance(item["footnote"], str) and isinstance(item["no_answer_reason"], str):
                notes.append(
                    f"{item['footnote']} {item['no_answer_reason']}場合は、回答欄を空欄（無回答）とし、"
                    "その旨を「具体的な内容」欄にご記入ください。"
                )
            rows.append(
                FormRow(
                    item_id,
                    "item",
                    item["number"],
                    label,
                    scale=item["scale"],
                    has_free_text=isinstance(item["free_text_column"], str),
                )
            )
        rows += [FormRow("#footnote", "footnote", text) for text in notes]
        rows.append(FormRow("#spacer", "spacer"))
    rows.append(FormRow("#end", "end", "設問は以上です。ご協力ありがとうございました。"))
    return rows


def _add_styles(book: Any) -> None:
    """Register the form's named cell styles in a workbook (one style per kind of cell, set in one assignment)."""
    from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Protection, Side

    thin = Side(style="thin", color="808080")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    fonts = {
        "plain": Font(name=_FONT, size=10.5),
        "bold": Font(name=_FONT, size=10.5, bold=True),
        "title": Font(name=_FONT, size=14, bold=True),
        "red": Font(name=_FONT, size=10.5, bold=True, color="C00000"),
        "small": Font(name=_FONT, size=9),
        "key": Font(name=_FONT, size=8, color="808080"),
    }
    fills = {
        key: PatternFill("solid", fgColor=color)
        for key, color in (
            ("input", _INPUT_FILL),
            ("prefilled", _PREFILLED_FILL),
            ("heading", _HEADING_FILL),
            ("header", _HEADER_FILL),
        )
    }
    align = {
        "wrap": Alignment(wrap_text=True, vertical="center"),
        "left": Alignment(horizontal="left", vertical="center", wrap_text=True),
        "top": Alignment(wrap_text=True, vertical="top"),
        "center": Alignment(horizontal="center", vertical="center", wrap_text=True),
    }
    # name: font, fill, boxed, alignment, unlocked (an answer cell), number format
    specs = {
        "key": ("key", None, False, None, False, "General"),
        "text": ("plain", None, False, "wrap", False, "General"),
        "bold": ("bold", None, False, "wrap", False, "General"),
        "title": ("title", None, False, "wrap", False, "General"),
        "title_center": ("title", None, False, "center", False, "General"),
        "notice": ("red", None, False, "wrap", False, "General"),
        "small": ("small", None, False, "wrap", False, "General"),
        "section": ("bold", "heading", True, "wrap", False, "General"),
        "label": ("plain", "header", True, "wrap", False, "General"),
        "label_bold": ("bold", "header", True, "wrap", False, "General"),
        "header": ("bold", "header", True, "center", False, "General"),
        "prefilled": ("plain", "prefilled", True, "left", False, "@"),
        "input": ("plain", "input", True, "left", True, "General"),
        "input_date": ("plain", "input", True, "left", True, "yyyy/m/d"),
        "number": ("plain", None, True, "center", False, "General"),
        "cell": ("plain", None, True, "wrap", False, "General"),
        "cell_top": ("plain", None, True, "top", False, "General"),
        "answer": ("plain", "input", True, "center", True, "General"),
        "free_text": ("plain", "input", True, "top", True, "General"),
        "no_free_text": ("plain", "prefilled", True, "top", False, "General"),
    }
    for name, (font, fill, boxed, alignment, unlocked, number_format) in specs.items():
        style = NamedStyle(name=f"jusolib_{name}", font=fonts[font], number_format=number_format)
        if fill:
            style.fill = fills[fill]
        if boxed:
            style.border = box
        if alignment:
            style.alignment = align[alignment]
        style.protection = Protection(locked=not unlocked)
        book.add_named_style(style)


def _merge(sheet: Any, row: int, first: int, last: int) -> None:
    """Merge cells of one row, keeping the styles the form gave each cell.

    ``Worksheet.merge_cells`` would also rebuild the borders of every merged cell, which costs more than drawing
    the whole form; the cells here are styled already, so only the range is recorded.
    """
    from openpyxl.worksheet.merge import MergedCellRange

    sheet.merged_cells.add(MergedCellRange(sheet, f"{chr(64 + first)}{row}:{chr(64 + last)}{row}"))


def _style(cell: Any, name: str) -> None:
    cell.style = f"jusolib_{name}"


def _validations(codebook: Codebook) -> dict[str, Any]:
    """One list validation per scale: the options' labels, blank allowed (無回答)."""
    from openpyxl.worksheet.datavalidation import DataValidation

    out = {}
    for key, scale in codebook.scales.items():
        labels = list(scale.labels)
        if any(c in label for label in labels for c in ',"'):
            raise JusolibError(f"{codebook.path.name}: scale {key} has a label with a comma or quote")
        listing = ",".join(labels)
        if len(listing) > 255:
            raise JusolibError(
                f"{codebook.path.name}: the options of scale {key} exceed Excel's 255 characters"
            )
        out[key] = DataValidation(
            type="list",
            formula1=f'"{listing}"',
            allow_blank=True,
            showErrorMessage=True,
            showInputMessage=True,
            errorTitle="回答の選択",
            error="一覧（▼）から選んでください。回答できない場合は空欄のままにしてください。",
            promptTitle="回答",
            prompt="一覧（▼）から選んでください",
        )
    return out


_MERGED_STYLE = {
    "title": "title",
    "notice": "notice",
    "note": "small",
    "block": "bold",
    "section": "section",
    "question": "text",
    "footnote": "small",
    "end": "text",
}


def _draw_rows(sheet: Any, rows: Sequence[FormRow], codebook: Codebook) -> None:
    validations = _validations(codebook)
    for number, row in enumerate(rows, start=1):
        _style(sheet.cell(number, 1, row.key), "key")
        cells = {c: sheet.cell(number, i) for i, c in enumerate("BCDE", start=2)}
        kind = row.kind
        if kind in _MERGED_STYLE:
            cells["B"].value = row.number
            for cell in cells.values() if kind == "section" else [cells["B"]]:
                _style(cell, _MERGED_STYLE[kind])
            _merge(sheet, number, 2, 5)
            height = {"title": 30, "question": 30, "notice": 18}.get(kind)
            if kind == "footnote" and len(str(row.number)) >= 60:
                height = 27
            if height:
                sheet.row_dimensions[number].height = height
        elif kind == "field":
            cells["B"].value = row.number
            cells["D"].value = row.answer
            for column in "BC":
                _style(cells[column], "label")
            prefilled = row.key in PREFILLED_FIELDS
            for column in "DE":
                _style(
                    cells[column],
                    "prefilled" if prefilled else "input_date" if row.key == "answered_on" else "input",
                )
            _merge(sheet, number, 2, 3)
            _merge(sheet, number, 4, 5)
            sheet.row_dimensions[number].height = 20
        elif kind == "header":
            for column, value in zip("BCDE", (row.number, row.label, row.answer, row.free_text), strict=True):
                cells[column].value = value
                _style(cells[column], "header")
        elif kind in ("item", "inserted"):
            cells["B"].value, cells["C"].value = row.number, row.label
            cells["D"].value = row.answer
            cells["E"].value = row.free_text
            _style(cells["B"], "number")
            _style(cells["C"], "cell")
            if kind == "item":
                _style(cells["D"], "answer")
                _style(cells["E"], "free_text" if row.has_free_text else "no_free_text")
                validations[str(row.scale)].add(cells["D"].coordinate)
                sheet.row_dimensions[number].height = 40
            else:
                _style(cells["D"], "cell")
                _style(cells["E"], "cell_top")
    for validation in validations.values():
        if validation.sqref.ranges:
            sheet.add_data_validation(validation)


def _page_setup(sheet: Any, *, last_column: str, header: str, footer: str, title_rows: str | None) -> None:
    from openpyxl.worksheet.page import PageMargins

    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "portrait"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_margins = PageMargins(left=0.5, right=0.5, top=0.7, bottom=0.7, header=0.3, footer=0.3)
    sheet.print_options.horizontalCentered = True
    sheet.print_area = f"B1:{last_column}{sheet.max_row}"
    if title_rows:
        sheet.print_title_rows = title_rows
    sheet.oddHeader.right.text = header
    sheet.oddHeader.right.size = 8
    sheet.oddFooter.center.text = "&P / &N"
    sheet.oddFooter.left.text = footer
    sheet.oddFooter.left.size = 8


def _protect(sheet: Any) -> None:
    """Protect the sheet without a password; rows may still be made taller to read long answers."""
    sheet.protection.sheet = True
    sheet.protection.formatRows = False
    sheet.protection.formatColumns = False


def _cover(sheet: Any, codebook: Codebook, *, who: str, notice: str | None) -> None:
    meta = questionnaire_meta(codebook.meta)
    year_label = fiscal_year_label(codebook.fiscal_year, western=False)
    period = survey_period(codebook.meta)
    sections = codebook.items["section"].value_counts(sort=False)
    counts = "、".join(f"{k} {sections.get(k, 0)}問" for k in codebook.sections.index)
    lines: list[tuple[str, object]] = [("title", f"{year_label}\n{meta['title']}"), ("subtitle", "調査票")]
    if notice:
        lines.append(("notice", notice))
    if codebook.is_demonstration:
        lines.append(
            ("notice", "※この調査票はデモンストレーション用の設問によるものです（codebook: demonstration）。")
        )
    lines += [("spacer", None), ("to", f"{who}　ご担当者様"), ("spacer", None)]
    entries: list[tuple[str, object]] = [("調査の目的", meta.get("purpose") or meta["title"])]
    if codebook.meta.get("population"):
        entries.append(("調査の対象", codebook.meta["population"]))
    if period:
        entries.append(("調査期間", f"{wareki(period[0])} 〜 {wareki(period[1])}"))
        entries.append(("回答期限", wareki(period[1])))
    elif codebook.meta.get("survey_period"):
        entries.append(("調査期間", str(codebook.meta["survey_period"])))
    if meta.get("method"):
        entries.append(("調査方法", meta["method"]))
    entries.append(("設問", f"全{len(codebook.items)}問（{counts}）"))
    entries.append(("回答のしかた", "\n".join(f"{i}. {t}" for i, t in enumerate(HOW_TO_ANSWER, start=1))))
    if meta.get("return_to"):
        entries.append(("返送方法", meta["return_to"]))
    if meta.get("sender"):
        entries.append(("送付元", meta["sender"]))
    for kind, value in lines:
        sheet.append([None, value])
        number = sheet.max_row
        style = {"title": "title_center", "subtitle": "title_center", "notice": "notice"}.get(kind, "text")
        _style(sheet.cell(number, 2), style)
        _merge(sheet, number, 2, 3)
        if kind == "title":
            sheet.row_dimensions[number].height = 48
    for heading, value in entries:
        sheet.append([None, heading, value])
        number = sheet.max_row
        _style(sheet.cell(number, 2), "label_bold")
        _style(sheet.cell(number, 3), "cell")
        lines_needed = sum(1 + len(part) // 44 for part in str(value).split("\n"))
        sheet.row_dimensions[number].height = max(20, 14 * lines_needed + 6)
    sheet.column_dimensions["A"].width = 2
    sheet.column_dimensions["B"].width = 16
    sheet.column_dimensions["C"].width = 70
    _page_setup(
        sheet, last_column="C", header=f"{year_label} {meta['short_title']}", footer=who, title_rows=None
    )
    _protect(sheet)


@shared_parameters
def render_form(rows: Sequence[FormRow], codebook: Codebook, *, who: str, notice: str | None = None) -> Any:
    """Draw a cover and a questionnaire sheet from ``rows`` (see :func:`form_rows`) into a new workbook.

    Parameters
    ----------
    rows
        The questionnaire sheet's rows (:func:`form_rows`, or rows changed as a respondent would change them);
        one must be the ``header`` row.
    codebook
        The codebook of the fiscal year (the cover's texts, the scales of the drop-downs).
    who
        The respondent as the page footers and the cover name it: ``"世田谷区（自治体）"``.

    Returns
    -------
    openpyxl.Workbook
        The cover (表紙) and the questionnaire (調査票) sheets, protected without a password, not yet saved.
    """
    import openpyxl
    from openpyxl.workbook.protection import WorkbookProtection

    book = openpyxl.Workbook()
    _add_styles(book)
    _cover(book.active, codebook, who=who, notice=notice)
    book.active.title = COVER_SHEET
    sheet = book.create_sheet(FORM_SHEET)
    _draw_rows(sheet, rows, codebook)
    for column, width in _WIDTHS.items():
        sheet.column_dimensions[column].width = width
    sheet.column_dimensions["A"].hidden = True
    header_row = next(i for i, r in enumerate(rows, start=1) if r.kind == "header")
    meta = questionnaire_meta(codebook.meta)
    year_label = fiscal_year_label(codebook.fiscal_year, western=False)
    _page_setup(
        sheet,
        last_column="E",
        header=f"{year_label} {meta['short_title']}" + ("（合成データ）" if notice else ""),
        footer=who,
        title_rows=f"{header_row}:{header_row}",
    )
    _protect(sheet)
    book.security = WorkbookProtection(lockStructure=True)
    return book


@shared_parameters
def form_workbook(
    codebook: Codebook,
    *,
    muni_code: str,
    muni_name: str,
    respondent_type: str,
    notice: str | None = None,
) -> Any:
    """One respondent's questionnaire workbook (openpyxl), not yet saved (see :func:`form_bytes`).

    Parameters
    ----------
    codebook
        The codebook of the fiscal year: items, sections, scales, the cover texts (``questionnaire:``).
    muni_code, muni_name
        The respondent's 6-digit 団体コード and name, prefilled and locked.
    respondent_type
        ``municipality`` / ``council`` (or 自治体 / 社協).
    notice
        A line printed in red on both sheets, e.g. the 合成データ notice of generated returns.

    Returns
    -------
    openpyxl.Workbook
        The cover and the questionnaire sheet (:func:`render_form` of :func:`form_rows`).

    Raises
    ------
    ParameterError
        For an unknown respondent type, listing the labels.
    """
    kind = codebook.respondent_type_key(respondent_type)
    if kind is None:
        labels = list(codebook.respondent_types["label"])
        raise ParameterError(
            f"The value for `respondent_type` must be one of {labels}, but {respondent_type!r} was passed."
        )
    rows = form_rows(codebook, muni_code=muni_code, muni_name=muni_name, respondent_type=kind, notice=notice)
    who = f"{muni_name}（{codebook.respondent_type_label(kind)}）"
    return render_form(rows, codebook, who=who, notice=notice)


def form_sheet(book: Any) -> Any:
    """The questionnaire sheet of a form workbook: the sheet whose column A holds the marker.

    Parameters
    ----------
    book
        An openpyxl workbook (:func:`form_workbook`, or a returned form opened with openpyxl).

    Returns
    -------
    openpyxl.worksheet.worksheet.Worksheet
        The first sheet carrying a form marker in its first rows of column A, whatever its name.

    Raises
    ------
    JusolibError
        When no sheet carries the marker.
    """
    for sheet in book.worksheets:
        if sheet_marker_row(sheet) is not None:
            return sheet
    raise JusolibError("not a questionnaire form: no sheet has the form marker in column A")


def fill_form(
    book: Any,
    answers: Mapping[str, object],
    texts: Mapping[str, object] | None = None,
    fields: Mapping[str, object] | None = None,
) -> None:
    """Fill in a form workbook as a respondent does: answers, free texts and respondent fields by key.

    Cells are found by the hidden keys of column A, so the form may have rows inserted or deleted. Values are
    written as typed (a label, another spelling, a number); ``None`` leaves the cell blank (無回答). Save the
    workbook with :func:`form_bytes`, which keeps a text starting with ``=`` a text.

    Parameters
    ----------
    book
        A form workbook (:func:`form_workbook`); changed in place.
    answers
        Item id → the answer to type into column D.
    texts
        Item id → the free text for column E (「具体的な内容」).
    fields
        Respondent field key (``"answered_on"``, ``"department"``, ``"contact_name"`` …) → value for column D.

    Raises
    ------
    JusolibError
        For a key the form has no row of.

    Examples
    --------
    >>> from jusolib.survey.codebook import load_codebook
    >>> book = form_workbook(load_codebook(2024), muni_code="131121", muni_name="世田谷区",
    ...                      respondent_type="自治体")
    >>> fill_form(book, {"out_hubs": "あてはまる"}, {"out_hubs": "拠点を2か所開設"}, {"answered_on": "2025/1/8"})
    >>> sheet = form_sheet(book)
    >>> [c.value for c in next(r for r in sheet.iter_rows() if r[0].value == "out_hubs")][1:]
    ['問1-2', '地域住民等が相互に交流を図ることのできる拠点', 'あてはまる', '拠点を2か所開設']
    """
    sheet = form_sheet(book)
    rows = {c.value: c.row for c in sheet["A"] if is_form_key(c.value)}
    for values, column in ((answers, 4), (texts or {}, 5), (fields or {}, 4)):
        for key, value in values.items():
            if key not in rows:
                raise JusolibError(f"the form has no row with the key {key!r}")
            sheet.cell(rows[key], column).value = value


@shared_parameters
def form_bytes(
    book: Any, *, creator: str = "jusolib questionnaire", created: dt.datetime | None = None
) -> bytes:
    """A form workbook as deterministic bytes, through the project's one xlsx writer
    (:func:`jusolib.core.files.xlsx_bytes`), which also makes every text inert: a free text typed as
    ``=HYPERLINK(…)`` stays text, never a formula.

    Parameters
    ----------
    book
        A form workbook (:func:`form_workbook`, filled or not).
    created
        The creation time written into the document properties; ``None`` for 2000-01-01 00:00, so that the
        same form gives the same bytes.

    Returns
    -------
    bytes
        The ``.xlsx`` file's bytes.
    """
    return xlsx_bytes(book, creator=creator, created=created or dt.datetime(2000, 1, 1))


@shared_parameters
def default_out_dir(fiscal_year: FiscalYearLike) -> Path:
    """Where ``jusolib questionnaire`` writes by default: ``reports/questionnaire/FYxxxx``.

    Returns
    -------
    Path
        The folder under the reports folder (:func:`~jusolib.core.paths.reports_dir`); nothing is created.

    Examples
    --------
    >>> default_out_dir("令和7年度").parts[-2:]
    ('questionnaire', 'FY2025')
    """
    return reports_dir() / "questionnaire" / folder_name(fiscal_year)


@shared_parameters
def check_out_dir(out_dir: Path, data_dir: DataDir = None) -> Path:
    """Refuse an output folder under ``raw/`` (returns go there, never generated files) or that is a file.

    Both the configured data folder's ``raw/`` and the shipped data's are refused.

    Parameters
    ----------
    out_dir
        The folder forms are to be written to (``~`` expanded; it need not exist yet).

    Returns
    -------
    Path
        ``out_dir`` as an absolute path.

    Raises
    ------
    ParameterError
        When it is under a ``raw/`` folder, or is an existing file.
    """
    out = Path(out_dir).expanduser().resolve()
    paths = data_paths(data_dir)
    for raw in {paths.raw.resolve(), (BUNDLED_DATA_DIR / "raw").resolve()}:
        if out == raw or raw in out.parents:
            raise ParameterError(f"--out {out_dir}: forms are never written under {raw} (the raw returns)")
    if out.exists() and not out.is_dir():
        raise ParameterError(f"--out {out_dir}: expected a folder, but it is a file")
    return out


@shared_parameters
def write_questionnaires(
    fiscal_year: FiscalYearLike,
    *,
    respondent_type: str | None = None,
    out_dir: Path | None = None,
    data_dir: DataDir = None,
) -> list[Path]:
    """Write one form per respondent of a fiscal year; return the paths written.

    The respondents are the municipalities implementing in that year per the reference data
    (``implementation_status.csv``) × the codebook's respondent types (or the one given).

    Parameters
    ----------
    out_dir
        The folder to write to (created if needed); ``None`` for :func:`default_out_dir`. Never under
        ``raw/`` (:func:`check_out_dir`).

    Returns
    -------
    list of Path
        The forms written (named by :func:`~jusolib.io.form_layout.form_file_name`), by respondent type in the
        codebook's order, then by 団体コード.

    Raises
    ------
    ParameterError
        For an unknown respondent type or an output folder that is refused.
    JusolibError
        When no municipality implements in the fiscal year per the reference data.
    """
    from jusolib.survey.reference import implementing_codes, municipality_resolver

    year = parse_fiscal_year(fiscal_year)
    codebook = load_codebook(year, data_dir)
    kinds = list(codebook.respondent_types.index)
    if respondent_type is not None:
        kind = codebook.respondent_type_key(respondent_type)
        if kind is None:
            labels = list(codebook.respondent_types["label"])
            raise ParameterError(
                f"The value for `respondent_type` must be one of {labels}, but {respondent_type!r} was passed."
            )
        kinds = [kind]
    codes = implementing_codes(year, data_dir)
    if not codes:
        raise JusolibError(
            f"no municipality implements in {fiscal_year_label(year)} per the reference data "
            "(implementation_status.csv): add the year's rows first"
        )
    out = check_out_dir(out_dir if out_dir is not None else default_out_dir(year), data_dir)
    resolver = municipality_resolver(data_dir)
    short_title = questionnaire_meta(codebook.meta)["short_title"]
    written = []
    for kind in kinds:
        for code in codes:
            name = resolver.name(code)
            book = form_workbook(codebook, muni_code=code, muni_name=name, respondent_type=kind)
            path = out / form_file_name(year, short_title, name, codebook.respondent_type_label(kind))
            write_bytes_atomic(path, form_bytes(book))
            written.append(path)
    return written
