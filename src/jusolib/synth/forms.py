"""Synthetic returns as filled-in 調査票 (合成データ): the FY2025 demonstration year arrives as forms.

Each respondent's form is made by the questionnaire generator (:mod:`jusolib.io.form_writer`) and filled in with
the answers :func:`jusolib.synth.returns.draw_answers` drew, the way people fill forms in:

* answers picked from the drop-down (the label), 無回答 left blank;
* a few answers typed over the drop-down in a spelling the codebook accepts (当てはまる, とても当てはまる …),
  which the reader recodes and logs;
* 担当部署, the contact block (a made-up 担当者名, a telephone number in the unused 03-0000 range, an address
  at example.jp — the domain reserved for examples) and 回答日 filled in, the 回答日 within the survey period;
* one form answered after the deadline, with a note in 備考 (read, with a warning);
* one form with a row inserted under an item to add a remark (its text is reported, not read).

None of this changes an answer: the tidy data read back from these forms is the data drawn. Every form says
合成データ on both sheets and in its document properties, and the year's MANIFEST says so. The contact block is
what ``jusolib status`` shows for reminders; a test renders the year and finds it in no output.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import numpy as np
import pandas as pd

from jusolib.core.docstrings import shared_parameters
from jusolib.io.form_layout import form_file_name, questionnaire_meta, survey_period
from jusolib.io.form_writer import FormRow, form_bytes, form_rows, render_form
from jusolib.survey.codebook import Codebook, load_codebook
from jusolib.survey.reference import municipality_resolver

#: How many answers are typed over the drop-down, over all forms of a year.
TYPED_ANSWERS = 6
LATE_NOTE = "締切を過ぎての提出となり申し訳ありません。"
INSERTED_TEXT = "（補足）この設問については、庁内で引き続き検討しています。"
_SURNAMES = ("佐藤", "鈴木", "高橋", "田中", "伊藤", "渡辺", "山本", "中村", "小林", "加藤")
_GIVEN_NAMES = ("花子", "太郎", "由美", "健一", "直子", "誠", "美咲", "浩二", "恵", "翔")
_DEPARTMENTS = {
    "municipality": [
        "福祉部 地域福祉課",
        "福祉局 福祉政策課",
        "健康福祉部 福祉総合相談課",
        "保健福祉部 地域共生推進課",
    ],
    "council": ["地域福祉推進課", "地域福祉係", "総務課 企画係", "地域支援課"],
}


def _typed(codebook: Codebook, item_id: str, label: str) -> str | None:
    """A spelling of ``label`` the codebook accepts (its first alias), as typed over the drop-down."""
    option = next(o for o in codebook.scale_of(item_id).options if o.label == label)
    return option.aliases[0] if option.aliases else None


def synthetic_contact(kind: str, code: str) -> dict[str, str]:
    """A made-up contact block for a respondent (derived from its 団体コード, so the other draws are unchanged).


    Parameters
    ----------
    kind
        ``municipality`` or ``council``.
    code
        The 6-digit 団体コード.

    Returns
    -------
    dict
        ``contact_name``, ``contact_phone``, ``contact_email``.
    Examples
    --------
    >>> synthetic_contact("council", "131121")
    {'contact_name': '鈴木 健一', 'contact_phone': '03-0000-1121', 'contact_email': 'council-131121@example.jp'}
    """
    number = int(code)
    return {
        "contact_name": f"{_SURNAMES[number % 10]} {_GIVEN_NAMES[(number // 10 + (kind == 'council')) % 10]}",
        "contact_phone": f"03-0000-{code[2:6]}",
        "contact_email": f"{kind}-{code}@example.jp",
    }


def _fill(
    rows: list[FormRow], answers: pd.DataFrame, codebook: Codebook, typed: set[str], fields: dict[str, Any]
) -> list[FormRow]:
    """One respondent's form rows with its answers (無回答 blank; items in ``typed`` in a spelling), free texts
    and the respondent fields in ``fields`` filled in."""
    by_item = answers.set_index("item_id")
    filled = []
    for row in rows:
        if row.kind == "item":
            answer = by_item.at[row.key, "answer"]
            text = by_item.at[row.key, "text"]
            value = None if answer == codebook.no_answer_label else answer
            if row.key in typed and value is not None:
                value = _typed(codebook, row.key, value) or value
            row = dataclasses.replace(row, answer=value, free_text=text if isinstance(text, str) else None)
        elif row.kind == "field" and row.key in fields:
            row = dataclasses.replace(row, answer=fields[row.key])
        filled.append(row)
    return filled


@shared_parameters
def filled_forms(
    fiscal_year: int, answers: pd.DataFrame, *, rng: np.random.Generator, notice: str
) -> dict[str, bytes]:
    """One filled-in form per respondent of ``answers`` (as from :func:`jusolib.synth.returns.draw_answers`), by file name.

    Filled in as the module docstring says: :data:`TYPED_ANSWERS` answered cells, drawn over all forms, typed
    in the codebook's first spelling of the answer (where it has one); 担当部署 and a 回答日 within the codebook's survey period
    on every form; one form answered six days after the period with :data:`LATE_NOTE` in 備考; one form of
    another municipality with a row holding :data:`INSERTED_TEXT` inserted under one item.

    Parameters
    ----------
    fiscal_year
        The fiscal year as a western year (``2025``): its codebook lays out the forms.
    answers
        One row per (respondent_type, muni_code, item_id) for every item of the codebook, with ``answer``
        (a label of the item's scale or 無回答) and ``text`` (free text or ``None``). The respondents must
        include at least two municipalities, and at least :data:`TYPED_ANSWERS` answers must not be 無回答.
    rng
        The random generator that decides who is late, whose form has the inserted row, which answers are
        typed, the departments and the dates: the same seed gives the same bytes.

    Returns
    -------
    dict
        File name (``令和7年度_成果と課題調査_世田谷区_自治体.xlsx``) → the form's .xlsx bytes, respondents in
        codebook order of respondent type, then by 団体コード.
    """
    codebook = load_codebook(fiscal_year)
    resolver = municipality_resolver()
    meta = questionnaire_meta(codebook.meta)
    period = survey_period(codebook.meta)
    start, end = (dt.date.fromisoformat(d) for d in period) if period else (dt.date(fiscal_year, 12, 1),) * 2
    kinds = list(codebook.respondent_types.index)
    who = sorted(
        {(k, c) for k, c in zip(answers["respondent_type"], answers["muni_code"], strict=True)},
        key=lambda w: (kinds.index(w[0]), w[1]),
    )
    groups = {w: g for w, g in answers.groupby(["respondent_type", "muni_code"], sort=False)}
    order = [who[int(i)] for i in rng.permutation(len(who))]
    late = order[0]
    inserted = next(w for w in order if w[1] != late[1])  # another municipality, so the two show separately
    answered = answers[answers["answer"] != codebook.no_answer_label]
    typed_cells = answered.iloc[rng.choice(len(answered), size=TYPED_ANSWERS, replace=False)]
    typed: dict[tuple[str, str], set[str]] = {
        (r.respondent_type, r.muni_code): set() for r in typed_cells.itertuples()
    }
    for r in typed_cells.itertuples():
        typed[(r.respondent_type, r.muni_code)].add(r.item_id)
    inserted_after = codebook.item_ids()[int(rng.integers(len(codebook.items)))]
    files = {}
    for kind, code in who:
        name = resolver.name(code)
        days = int(rng.integers((end - start).days + 1))
        fields: dict[str, Any] = {
            "department": _DEPARTMENTS[kind][int(rng.integers(len(_DEPARTMENTS[kind])))],
            "answered_on": dt.datetime.combine(start + dt.timedelta(days=days), dt.time()),
        }
        fields |= synthetic_contact(kind, code)
        if (kind, code) == late:
            fields["answered_on"] = dt.datetime.combine(end + dt.timedelta(days=6), dt.time())
            fields["note"] = LATE_NOTE
        rows = form_rows(codebook, muni_code=code, muni_name=name, respondent_type=kind, notice=notice)
        rows = _fill(rows, groups[(kind, code)], codebook, typed.get((kind, code), set()), fields)
        if (kind, code) == inserted:
            at = next(i for i, r in enumerate(rows) if r.key == inserted_after) + 1
            rows.insert(at, FormRow(None, "inserted", free_text=INSERTED_TEXT))
        label = codebook.respondent_type_label(kind)
        book = render_form(rows, codebook, who=f"{name}（{label}）", notice=notice)
        book.properties.lastModifiedBy = "jusolib.synth"
        files[form_file_name(fiscal_year, meta["short_title"], name, label)] = form_bytes(
            book, creator="jusolib.synth (合成データ / synthetic)", created=dt.datetime(2026, 1, 20)
        )
    return files
