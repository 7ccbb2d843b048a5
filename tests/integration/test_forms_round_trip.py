"""The survey round trip: the FY2024 forms, filled in from the FY2024 synthetic answers, read back as the
compiled sheet.

The questionnaire generator makes the 46 forms (23 municipalities × 自治体 / 社協) as ``jusolib questionnaire``
does; each is filled in with the answers the compiled FY2024 returns hold (無回答 left blank, free text in
具体的な内容); the folder of forms is built like any year; its tidy responses and free text must be those of the
compiled sheet, row for row.
"""

import pandas as pd

from jusolib.clean.pipeline import build_fiscal_year, load_free_text, load_responses
from jusolib.io.form_layout import form_file_name
from jusolib.io.form_writer import fill_form, form_bytes, form_workbook
from jusolib.survey.codebook import load_codebook
from jusolib.survey.reference import implementing_codes, municipality_resolver
from jusolib.synth.returns import draw_answers
from tests.helpers import make_data_dir


def test_forms_filled_from_the_fy2024_answers_read_back_as_the_compiled_sheet(tmp_path):
    root = make_data_dir(tmp_path / "data", status="synthetic")
    folder = root / "raw" / "survey" / "FY2024"
    book, resolver, answers = load_codebook(2024), municipality_resolver(), draw_answers(2024)
    for kind in ("municipality", "council"):
        for code in implementing_codes(2024):
            name = resolver.name(code)
            form = form_workbook(book, muni_code=code, muni_name=name, respondent_type=kind)
            mine = answers[(answers["respondent_type"] == kind) & (answers["muni_code"] == code)]
            fill_form(
                form,
                {r.item_id: None if r.answer == "無回答" else r.answer for r in mine.itertuples()},
                {r.item_id: r.text for r in mine.itertuples() if isinstance(r.text, str)},
                {"department": "福祉部", "answered_on": "2025/1/10"},
            )
            label = book.respondent_type_label(kind)
            (folder / form_file_name(2024, "成果と課題調査", name, label)).write_bytes(form_bytes(form))
    assert len(list(folder.glob("*.xlsx"))) == 46

    result = build_fiscal_year(2024, root)
    assert result.summary["totals"] == {"rows_read": 46, "rows_clean": 46, "rows_rejected": 0}
    assert result.warnings == []

    def tidy(frame):
        return frame.drop(columns="data_status")

    pd.testing.assert_frame_equal(tidy(load_responses(2024, data_dir=root)), tidy(load_responses(2024)))
    pd.testing.assert_frame_equal(tidy(load_free_text(2024, data_dir=root)), tidy(load_free_text(2024)))
