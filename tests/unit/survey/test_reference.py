import pytest

from jusolib.core.errors import AmbiguousMunicipalityError, ReferenceDataError, UnknownMunicipalityError
from jusolib.survey.reference import (
    check_digit,
    first_implementation_year,
    implementing_codes,
    is_valid_code6,
    load_context_series,
    load_implementation,
    load_municipalities,
    population,
    resolve_municipality,
)


class TestCheckDigit:
    # Worked by hand: 13225 → 6·1+5·3+4·2+3·2+2·5 = 45; 45 mod 11 = 1; (11−1) mod 10 = 0 → 132250 (稲城市)
    def test_inagi(self):
        assert check_digit("13225") == 0

    # 13101 → 6+15+4+0+2 = 27; 27 mod 11 = 5; 11−5 = 6 → 131016 (千代田区)
    def test_chiyoda(self):
        assert check_digit("13101") == 6

    def test_every_reference_code_is_valid(self):
        assert all(is_valid_code6(code) for code in load_municipalities()["code6"])


class TestResolve:
    @pytest.mark.parametrize(
        "value",
        [
            "132250",
            "13225",
            132250,
            13225,
            "稲城市",
            "稻城市",
            "東京都稻城市",
            "東京都 稲城市",
            " 稲城市 ",
            "稲城 市",
            "いなぎし",
            "イナギシ",
            "ｲﾅｷﾞｼ",
            "稲城",
            "稲城市社会福祉協議会",
            "稻城市社協",
            "１３２２５０",
        ],
    )
    def test_everything_an_analyst_may_type_resolves_to_inagi(self, value):
        assert resolve_municipality(value) == "132250"

    def test_wrong_check_digit_is_an_error(self):
        with pytest.raises(UnknownMunicipalityError, match="check digit"):
            resolve_municipality("132251")

    def test_unknown_name_names_the_value_and_candidates(self):
        with pytest.raises(UnknownMunicipalityError) as err:
            resolve_municipality("世田谷市")
        assert "'世田谷市'" in str(err.value)
        assert any(c.startswith("世田谷区") for c in err.value.candidates)

    def test_kana_shared_by_two_municipalities_is_ambiguous(self):
        with pytest.raises(AmbiguousMunicipalityError) as err:
            resolve_municipality("としま")
        assert sorted(err.value.candidates) == ["利島村 (133621)", "豊島区 (131164)"]

    def test_code_outside_tokyo(self):
        with pytest.raises(UnknownMunicipalityError, match="no Tokyo municipality"):
            resolve_municipality("011002")  # 札幌市

    def test_empty_value(self):
        with pytest.raises(UnknownMunicipalityError):
            resolve_municipality("　")


class TestReferenceTables:
    def test_62_municipalities_by_type(self):
        table = load_municipalities()
        assert table["type"].value_counts().to_dict() == {"特別区": 23, "市": 26, "町": 5, "村": 8}

    def test_tmg_2022_series_sums_to_the_printed_totals(self):
        table = load_municipalities()
        assert table.loc[table["type"] == "特別区", "pop_tmg_estimate_2022_01_01"].sum() == 9_671_141
        assert table.loc[table["type"] == "市", "pop_tmg_estimate_2022_01_01"].sum() == 4_237_962

    def test_implementation_counts_match_the_report(self):
        table = load_implementation()
        counts = table.groupby(["fiscal_year", "status"]).size().to_dict()
        assert counts[(2021, "実施")] == 2 and counts[(2022, "実施")] == 7
        assert counts[(2023, "実施")] == 12 and counts[(2024, "実施")] == 23
        assert counts[(2023, "移行準備")] == 16 and counts[(2024, "移行準備")] == 7

    def test_implementation_is_cumulative(self):
        for year in (2022, 2023, 2024, 2025):
            assert set(implementing_codes(year - 1)) <= set(implementing_codes(year))

    def test_first_year(self):
        first = first_implementation_year()
        assert first["132012"] == 2021  # 八王子市
        assert first["132250"] == 2024  # 稲城市

    def test_population_is_never_guessed(self):
        with pytest.raises(ReferenceDataError, match="瑞穂町"):
            population(["131121", "133035"])
        with pytest.raises(ReferenceDataError, match="国立市"):
            population(["132152"], series="pop_census_2020")

    def test_coordinator_series(self):
        series = (
            load_context_series().query("series == 'tokyo_coordinators'").set_index("fiscal_year")["value"]
        )
        assert series.to_dict() == {2021: 283, 2024: 398}


def test_hiragana_in_a_name_is_not_confused_with_its_kana_reading():
    # found by the property tests: 日の出町 contains the hiragana の, which kana matching turns into ノ
    assert resolve_municipality("日の出町") == "133051"
    assert resolve_municipality("東京都　日の出町") == "133051"
