"""Tables keyed by stable ids beside the readers' layout, and any table to Excel."""

import pandas as pd
import pytest

from jusolib.analysis.section_tables import crosstab as crosstab_function
from jusolib.analyst.table import Table, strip_marks
from jusolib.outputs.workbook import read_table
from jusolib.report import YearReport
from tests.helpers import fy2024_report


@pytest.fixture(scope="module")
def report():
    return fy2024_report()


@pytest.fixture(scope="module")
def cohort2025():
    return YearReport.load(2025, size_scheme="cohort")


def test_the_readers_frame_is_the_analysis_functions_frame(cohort2025):
    # what the pages, the workbook and the deck lay out is unchanged: the same frame, labels as the stub
    table = cohort2025.crosstab("I")
    plain = crosstab_function(cohort2025, "I")
    assert type(plain).__name__ == "ReportTable" and isinstance(table, Table)
    pd.testing.assert_frame_equal(table.frame, plain.frame)
    assert table.frame.index[1] == ("地域住民の参加を促す活動を行う者", "R3–R4 ※参考値")
    with pytest.raises(KeyError):
        table.frame.loc[("out_participation", "R3–R4")]


def test_keyed_rows_by_item_id_and_class_with_the_mark_as_a_column(cohort2025):
    keyed = cohort2025.crosstab("I").keyed()
    assert list(keyed.index.names) == ["item_id", "class"]
    row = keyed.loc[("out_participation", "R3–R4")]
    # FY2025 cohort R3–R4: 7 respondents, under 10 → 参考値; the label keeps its mark beside the key
    assert int(row["n"]) == 7 and bool(row["参考値"]) and row["区分"] == "R3–R4 ※参考値"
    assert not bool(keyed.loc[("out_participation", "R6"), "参考値"])  # 11 respondents
    # the same numbers as the printed table, row for row
    assert keyed["n"].tolist() == cohort2025.crosstab("I").frame["n"].tolist()


def test_keyed_item_ids_are_the_same_whatever_the_label(cohort2025):
    # the theme tables print 「問1-2 地域住民等が相互に交流を図ることの...」 (cut short), the distribution the label
    themes = cohort2025.themes_by_class("I").keyed()
    assert set(themes.index.get_level_values("item_id")) == set(cohort2025.codebook.item_ids("I"))
    assert list(themes.columns[:2]) == ["項目", "全体"]  # 「全体（n=30）」 without its n


def test_keyed_free_text_has_municipality_and_answer_codes(report):
    keyed = report.free_text_answers(item="I-2").keyed()
    names = report.names
    for _, row in keyed.iterrows():
        assert names[row["muni_code"]] == row["自治体"]
        # agree3: あてはまる 1, どちらともいえない 2, あてはまらない 3
        expected = {"あてはまる": 1, "どちらともいえない": 2, "あてはまらない": 3}.get(row["回答"])
        assert (pd.isna(row["answer_code"]) and expected is None) or row["answer_code"] == expected
    assert set(keyed["item_id"]) == {"out_hubs"}


def test_keyed_municipalities_of_the_disagreement_table(report):
    keyed = report.paired_disagreements().keyed()
    assert keyed.index.name == "muni_code"
    assert all(report.names[code] == name for code, name in keyed["区市"].items())


def test_every_table_of_the_year_has_its_keys_resolved(cohort2025):
    for table in cohort2025.tables():
        keyed = table.keyed()
        for key in ("item_id", "muni_code"):
            values = keyed.index.get_level_values(key) if key in keyed.index.names else keyed.get(key)
            if values is not None:
                assert pd.notna(pd.Series(values)).all(), (table.key, key)


def test_strip_marks():
    assert strip_marks("記載なし（n=4） ※参考値") == "記載なし"
    assert strip_marks("特別区（N=11）") == "特別区"
    assert strip_marks("地域住民の参加を促す活動を行う者") == "地域住民の参加を促す活動を行う者"


def test_any_table_to_excel_with_its_provenance(report, tmp_path):
    path = report.crosstab("I").to_excel(tmp_path / "sub" / "crosstab.xlsx")
    frame = read_table(path, "I_クロス集計", index_levels=2)
    # published: I-1 あてはまる 19 of 23 = 82.6%
    assert float(frame.loc[("地域住民の参加を促す活動を行う者", "全体"), "あてはまる"]) == 82.6
    import openpyxl

    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["出典", "I_クロス集計"]
    assert any("合成データ" in str(c.value) for row in book["出典"].iter_rows() for c in row)


def test_to_excel_refuses_another_suffix(report, tmp_path):
    from jusolib.core.errors import ParameterError

    with pytest.raises(ParameterError, match=r"not an \.xlsx file name"):
        report.crosstab("I").to_excel(tmp_path / "crosstab.csv")
