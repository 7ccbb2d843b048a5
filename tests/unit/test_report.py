import pandas as pd
import pytest

from jusolib.errors import ParameterError
from jusolib.excel import read_table, sheet_name
from jusolib.report import YearReport


@pytest.fixture(scope="module")
def report():
    return YearReport.load(2024, respondent_type="自治体")


def test_loads_the_23_municipalities_with_their_classes(report):
    assert report.n_respondents == 23
    assert report.data["population_band"].notna().all()
    assert report.banner.startswith("合成データ")


def test_every_table_is_in_the_workbook_as_written(report, tmp_path):
    path = tmp_path / "tables.xlsx"
    report.write_workbook(path)
    for table in report.tables():
        levels = table.frame.index.nlevels
        back = read_table(path, sheet_name(table.key), index_levels=levels)
        assert back.shape == table.frame.shape, table.key
        numeric = table.frame.select_dtypes("number").columns
        pd.testing.assert_frame_equal(
            back[numeric].astype(float),
            table.frame[numeric].astype(float),
            check_names=False,
            check_index_type=False,
        )


def test_workbook_is_byte_identical_when_regenerated(report, tmp_path):
    report.write_workbook(tmp_path / "a.xlsx")
    YearReport.load(2024, respondent_type="自治体").write_workbook(tmp_path / "b.xlsx")
    assert (tmp_path / "a.xlsx").read_bytes() == (tmp_path / "b.xlsx").read_bytes()


def test_no_previous_year_means_no_comparison(report):
    assert report.year_over_year() is None


def test_demonstration_year_compares_with_fy2024():
    table = YearReport.load(2025).year_over_year()
    assert table is not None and "令和6年度 (2024) → 令和7年度 (2025)" in table.notes[0]


def test_bad_parameters_are_named():
    with pytest.raises(ParameterError, match="size_scheme"):
        YearReport.load(2024, size_scheme="region")
    with pytest.raises(ParameterError, match="respondent_type"):
        YearReport.load(2024, respondent_type="住民")


def test_a_keep_going_build_is_announced_on_every_page(data_dir, survey_dir):
    from jusolib.notebook import header_html
    from jusolib.pipeline import build_fiscal_year
    from tests.helpers import row, write_csv

    write_csv(survey_dir / "r.csv", [row("稲城市"), row("世田谷区"), row("世田谷市")])
    build_fiscal_year(2024, data_dir, keep_going=True)
    report = YearReport.load(2024, data_dir=data_dir)
    assert report.summary["rows_with_problems"] == 1 and report.summary["keep_going"]
    assert "問題のある1行を集計から除外" in header_html(report)


def test_a_strict_build_has_no_notice(report):
    assert report.build_notice is None
