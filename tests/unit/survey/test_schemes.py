import pytest

from jusolib.core.errors import ParameterError, ReferenceDataError
from jusolib.survey.reference import implementing_codes
from jusolib.survey.schemes import add_size_class, band_labels, size_classes

FY2024 = implementing_codes(2024)


def counts(classes):
    return classes.classes.value_counts(sort=False).to_dict()


def test_default_bands_on_tmg_2022_give_3_7_8_5():
    # by hand from tokyo_municipalities.csv: under 10万 国立市 76,944, 狛江市 84,434, 稲城市 94,107;
    # 50万以上 世田谷区, 大田区, 杉並区, 江戸川区, 八王子市
    assert counts(size_classes(FY2024)) == {"10万未満": 3, "10万〜20万": 7, "20万〜50万": 8, "50万以上": 5}


def test_edges_are_a_parameter():
    classes = size_classes(FY2024, edges=[100_000, 300_000, 500_000])
    assert counts(classes) == {"10万未満": 3, "10万〜30万": 13, "30万〜50万": 2, "50万以上": 5}


def test_toshima_changes_band_between_series():
    tmg = size_classes(["131164"], edges=[100_000, 300_000, 500_000]).classes["131164"]
    census = size_classes(["131164"], edges=[100_000, 300_000, 500_000], series="pop_census_2020").classes[
        "131164"
    ]
    assert (tmg, census) == ("10万〜30万", "30万〜50万")  # 297,751 vs 301,599


def test_caption_names_the_series_and_its_date():
    assert "東京都の人口(推計) 2022年1月1日" in size_classes(FY2024).caption
    assert "令和2年国勢調査 2020年10月1日" in size_classes(["131121"], series="pop_census_2020").caption


def test_a_missing_population_is_its_own_class_never_a_guess_or_a_drop():
    # pop_census_2020 has no figure for 国立市 (132152) and 狛江市 (132195): they are 人口不明, after the bands,
    # outside the order the trend test uses, and named in the caption; every other code keeps its band
    classes = size_classes(["131121", "132152", "132195"], series="pop_census_2020")
    assert classes.classes.astype(str).to_dict() == {
        "131121": "50万以上",
        "132152": "人口不明",
        "132195": "人口不明",
    }
    assert list(classes.classes.cat.categories)[-1] == "人口不明"
    assert "人口不明" not in classes.order
    assert "人口不明: 国立市・狛江市（この系列に人口がない）" in classes.caption
    # without one, there is no such class
    assert "人口不明" not in list(size_classes(["131121"]).classes.cat.categories)
    # a 市 without a population in city_size too (町村 need none)
    city = size_classes(["132152", "133035"], "city_size", series="pop_census_2020")
    assert city.classes.astype(str).to_dict() == {"132152": "人口不明", "133035": "町村"}


def test_an_unknown_series_is_refused_naming_the_series():
    with pytest.raises(ReferenceDataError, match="pop_1999"):
        size_classes(FY2024, series="pop_1999")


def test_municipality_type_and_city_size():
    assert counts(size_classes(FY2024, "municipality_type")) == {"特別区": 11, "市": 12, "町村": 0}
    assert counts(size_classes(FY2024, "city_size")) == {"大都市": 11, "中都市": 9, "小都市": 3, "町村": 0}
    assert size_classes(["133035"], "city_size").classes["133035"] == "町村"  # 町村 need no population


def test_cohort_from_first_year_implementing():
    assert counts(size_classes(FY2024, "cohort")) == {"R3–R4": 7, "R5": 5, "R6": 11}


def test_cohort_without_record_is_explicit():
    classes = size_classes(["131091"], "cohort")  # 品川区: 移行準備 only
    assert classes.classes["131091"] == "記載なし"


def test_unknown_scheme_and_bad_edges():
    with pytest.raises(ParameterError, match="scheme"):
        size_classes(FY2024, "region")
    with pytest.raises(ParameterError, match="increasing"):
        size_classes(FY2024, edges=[200_000, 100_000])


def test_band_labels():
    assert band_labels([50_000]) == ["5万未満", "5万以上"]


def test_add_size_class_keeps_rows_and_input():
    import pandas as pd

    data = pd.DataFrame({"muni_code": ["132250", "131121", "132250"], "x": [1, 2, 3]})
    out = add_size_class(data)
    assert list(data.columns) == ["muni_code", "x"]
    assert out["population_band"].astype(str).tolist() == ["10万未満", "50万以上", "10万未満"]
