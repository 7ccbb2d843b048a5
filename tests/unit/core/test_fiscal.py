import pytest

from jusolib.core.errors import FiscalYearError
from jusolib.core.fiscal import (
    fiscal_year_label,
    fiscal_years_mentioned,
    folder_name,
    parse_fiscal_year,
    short_label,
)


class TestParseFiscalYear:
    @pytest.mark.parametrize(
        "value",
        [2024, "2024", "FY2024", "fy2024", "R6", "r6", "令和6年度", "令和６年度", "Ｒ６", "2024年度", 2024.0],
    )
    def test_every_accepted_form_means_2024(self, value):
        assert parse_fiscal_year(value) == 2024

    def test_reiwa_gannen_is_2019(self):
        assert parse_fiscal_year("令和元年度") == 2019

    @pytest.mark.parametrize("value", ["平成30年度", "R", "twenty", "", None, True, 2024.5, "FY24"])
    def test_rejects_what_is_not_a_fiscal_year(self, value):
        with pytest.raises(FiscalYearError):
            parse_fiscal_year(value)

    @pytest.mark.parametrize("value", [2018, "R0", 2061])
    def test_rejects_years_outside_the_range(self, value):
        with pytest.raises(FiscalYearError, match=r"outside|not a fiscal year"):
            parse_fiscal_year(value)


class TestLabels:
    def test_report_label(self):
        assert fiscal_year_label("R6") == "令和6年度 (2024)"

    def test_short_and_folder(self):
        assert short_label(2025) == "R7"
        assert folder_name("令和７年度") == "FY2025"


class TestMentioned:
    def test_reiwa_and_fy_forms_are_found(self):
        assert fiscal_years_mentioned("令和5年度調査 FY2023") == {2023}

    def test_dates_and_bare_numbers_are_not_fiscal_years(self):
        assert fiscal_years_mentioned("回答期限 2025年1月14日 No.2024") == set()
