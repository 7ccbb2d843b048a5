"""The 調査票 (questionnaire form): the layout the writer and the reader share, and how form files are named.

One form per respondent (a municipality or its council of social welfare). A form workbook has a cover sheet
(``表紙``) and the questionnaire sheet (``調査票``), whose columns are

====== ================================================================================================
``A``  hidden: a key per row — :data:`FORM_MARKER` in the first row, a respondent field or an item id on
       the rows that are read, ``#…`` on rows that are only layout (titles, headings, notes, spacers)
``B``  the question number (問1-1) or the respondent field's name (団体名)
``C``  the item's wording
``D``  the answer: a drop-down of the item's scale (its options by name, never by number); the prefilled
       respondent block (調査年度, 回答主体, 団体名, 団体コード) and the respondent's own fields (担当部署, the
       contact block 担当者名・電話番号・メールアドレス, 回答日, 備考)
``E``  the free text 「具体的な内容」
====== ================================================================================================

Reading goes by the keys in column A, never by cell positions: a row the respondent inserts (it has no key) or
a spacer row deleted does not shift anything. A row without a key that holds text is reported; an item whose
row is missing is reported. What the respondent saw is checked too: the 問 number and wording beside each key.

Layouts: ``v2`` (this one) added the contact block; ``v1`` forms, without it, are read all the same. The contact
block is for reminders only: the reader keeps it apart from the answers, so that it never reaches a report.

Examples
--------
>>> form_file_name(2025, "成果と課題調査", "世田谷区", "自治体")
'令和7年度_成果と課題調査_世田谷区_自治体.xlsx'
>>> is_form_key("out_hubs"), is_form_key("#section"), is_form_key(None)
(True, False, False)
>>> find_marker(["jusolib:調査票:v1"]), find_marker(["jusolib:調査票:v2"])
(1, 1)
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from jusolib.core.docstrings import shared_parameters
from jusolib.core.fiscal import FiscalYearLike, fiscal_year_label

#: Written in the hidden cell A1 of every questionnaire sheet; a sheet holding it is read as a form.
FORM_MARKER = "jusolib:調査票:v2"
#: Every layout's marker that is still read (v1: before the contact block).
FORM_MARKERS = ("jusolib:調査票:v1", FORM_MARKER)
#: Name of the questionnaire sheet and of the cover sheet.
FORM_SHEET = "調査票"
COVER_SHEET = "表紙"
#: Columns of the questionnaire sheet (see the module docstring).
KEY_COLUMN, NUMBER_COLUMN, LABEL_COLUMN, ANSWER_COLUMN, FREE_TEXT_COLUMN = "A", "B", "C", "D", "E"
#: How many rows from the top of a sheet are searched for the marker (rows inserted above it are tolerated).
MARKER_SEARCH_ROWS = 20
#: The respondent block: key → label shown in column B. The first four are prefilled and locked.
RESPONDENT_FIELDS = {
    "fiscal_year": "調査年度",
    "respondent_type": "回答主体",
    "muni_name": "団体名",
    "muni_code": "団体コード",
    "department": "担当部署",
    "contact_name": "担当者名",
    "contact_phone": "電話番号",
    "contact_email": "メールアドレス",
    "answered_on": "回答日",
    "note": "備考",
}
PREFILLED_FIELDS = ("fiscal_year", "respondent_type", "muni_name", "muni_code")
#: The contact block: read for ``jusolib status`` and its CSV (reminder e-mails), never into the data.
CONTACT_FIELDS = ("contact_name", "contact_phone", "contact_email")
#: Whether the form shows option numbers beside the options: it does not (the drop-down lists their names), so
#: a number typed into an answer cell is not read as an option.
SHOWS_OPTION_NUMBERS = False
#: Short survey name used in file names when the codebook gives none (``questionnaire.short_title``).
DEFAULT_SHORT_TITLE = "調査票"


def is_form_key(value: object) -> bool:
    """True for a key that names something to read (a respondent field or an item id), not a layout row.

    Parameters
    ----------
    value
        A cell of the hidden column A, as read (any type).

    Returns
    -------
    bool
        True for a non-blank text that does not start with ``#`` (layout rows: ``#section``, ``#spacer`` …).

    Examples
    --------
    >>> is_form_key(" muni_code "), is_form_key("#spacer"), is_form_key("  "), is_form_key(17)
    (True, False, False, False)
    """
    return isinstance(value, str) and bool(value.strip()) and not value.strip().startswith("#")


def find_marker(column_a: Iterable[object]) -> int | None:
    """1-based row of :data:`FORM_MARKER` among the first cells of column A, or ``None``.

    Every layout's marker counts (:data:`FORM_MARKERS`: v1 and v2), with spaces around it; only the first
    :data:`MARKER_SEARCH_ROWS` cells are looked at.

    Parameters
    ----------
    column_a
        The values of column A from the first row down (an iterator is read only as far as needed).

    Returns
    -------
    int or None
        The row of the first marker; ``None`` when there is none in the rows searched.

    Examples
    --------
    >>> find_marker([None, "jusolib:調査票:v1", "fiscal_year"]), find_marker(["区市町村名"])
    (2, None)
    """
    for number, value in enumerate(column_a, start=1):
        if number > MARKER_SEARCH_ROWS:
            break
        if isinstance(value, str) and value.strip() in FORM_MARKERS:
            return number
    return None


def sheet_marker_row(sheet: Any) -> int | None:
    """Row of the marker in an openpyxl worksheet's column A (reading only existing rows: no cell is created).

    Parameters
    ----------
    sheet
        An openpyxl worksheet (read-only or not).

    Returns
    -------
    int or None
        As :func:`find_marker` of the sheet's column A.
    """
    last = min(MARKER_SEARCH_ROWS, sheet.max_row)
    return find_marker(v for (v,) in sheet.iter_rows(min_row=1, max_row=last, max_col=1, values_only=True))


def shown_label(item: Any) -> str:
    """An item's wording as the form shows it: the codebook's label, with its footnote mark (※1) when the item
    has a reason for 無回答.


    Parameters
    ----------
    item
        A codebook item (its row, or a mapping with ``label``, ``footnote``, ``no_answer_reason``).

    Returns
    -------
    str
    Examples
    --------
    >>> shown_label({"label": "支援プランの検討", "footnote": "※2", "no_answer_reason": "作成していない"})
    '支援プランの検討（※2）'
    >>> shown_label({"label": "拠点", "footnote": None, "no_answer_reason": None})
    '拠点'
    """
    label = str(item["label"])
    if isinstance(item["footnote"], str) and isinstance(item["no_answer_reason"], str):
        return f"{label}（{item['footnote']}）"
    return label


def looks_like_keyless_form(rows: Iterable[Iterable[object]]) -> bool:
    """True for the rows of a sheet that is a questionnaire form whose hidden key column was deleted: no
    marker, but one column holding at least three of the prefilled fields' names (調査年度, 回答主体, 団体名,
    団体コード) near the top, as the form's column B does.


    Parameters
    ----------
    rows
        The first rows of a sheet, each the values of its first columns.

    Returns
    -------
    bool
    Examples
    --------
    >>> looks_like_keyless_form([["令和6年度 調査票"], ["調査年度", None, "令和6年度"], ["回答主体", None, "自治体"],
    ...                          ["団体名", None, "中央区"], ["団体コード", None, "131024"]])
    True
    >>> looks_like_keyless_form([["区市町村名", "回答主体", "問1-1"], ["中央区", "自治体", "1"]])
    False
    """
    names = {RESPONDENT_FIELDS[k] for k in PREFILLED_FIELDS}
    found: dict[int, set[str]] = {}
    for number, row in enumerate(rows, start=1):
        if number > MARKER_SEARCH_ROWS:
            break
        for column, value in enumerate(row):
            if column >= 5:
                break
            if isinstance(value, str) and value.strip() in names:
                found.setdefault(column, set()).add(value.strip())
    return any(len(seen) >= 3 for seen in found.values())


@shared_parameters
def form_file_name(
    fiscal_year: FiscalYearLike, short_title: str, muni_name: str, respondent_label: str
) -> str:
    """File name of one respondent's form: ``令和7年度_成果と課題調査_世田谷区_自治体.xlsx``.

    The reader checks a returned form against the municipality and respondent type its name gives.

    Parameters
    ----------
    short_title
        The survey's short name (the codebook's ``questionnaire.short_title``, :func:`questionnaire_meta`).
    muni_name
        The municipality's name (世田谷区).
    respondent_label
        The respondent type's label (自治体 / 社協).

    Returns
    -------
    str
        ``<年度 in wareki>_<short_title>_<muni_name>_<respondent_label>.xlsx``.
    """
    year = fiscal_year_label(fiscal_year, western=False)
    return f"{year}_{short_title}_{muni_name}_{respondent_label}.xlsx"


def questionnaire_meta(codebook_meta: dict) -> dict:
    """The codebook's ``questionnaire:`` block (cover texts, short title), with defaults filled in.

    Parameters
    ----------
    codebook_meta
        The codebook's metadata (:attr:`~jusolib.survey.codebook.Codebook.meta`): ``survey`` and
        ``questionnaire``.

    Returns
    -------
    dict
        A copy of the ``questionnaire`` block, with ``short_title`` (default :data:`DEFAULT_SHORT_TITLE`) and
        ``title`` (default: the ``survey`` name) always present.

    Examples
    --------
    >>> questionnaire_meta({"survey": "調査"})["short_title"]
    '調査票'
    """
    block = dict(codebook_meta.get("questionnaire") or {})
    block.setdefault("short_title", DEFAULT_SHORT_TITLE)
    block.setdefault("title", codebook_meta.get("survey", ""))
    return block


def survey_period(codebook_meta: dict) -> tuple[str, str] | None:
    """Start and end (ISO dates) of the codebook's ``survey_period: "YYYY-MM-DD/YYYY-MM-DD"``, if it has them.

    Parameters
    ----------
    codebook_meta
        The codebook's metadata (:attr:`~jusolib.survey.codebook.Codebook.meta`).

    Returns
    -------
    tuple of str or None
        ``(start, end)``; ``None`` when there is no period or it is not given to the day.

    Examples
    --------
    >>> survey_period({"survey_period": "2024-12-10/2025-01-14"})
    ('2024-12-10', '2025-01-14')
    >>> survey_period({"survey_period": "2025-12/2026-01"}) is None
    True
    """
    import re

    text = str(codebook_meta.get("survey_period") or "")
    match = re.fullmatch(r"\s*(\d{4}-\d{2}-\d{2})\s*/\s*(\d{4}-\d{2}-\d{2})\b.*", text)
    return (match[1], match[2]) if match else None
