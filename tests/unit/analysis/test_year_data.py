"""The year's data: loaded by any name of a scheme or respondent type, empty classes left out unless asked for,
and a cache that follows the coding rules file."""

import shutil

import pytest

from jusolib.analysis.year_data import YearData
from jusolib.core.errors import ParameterError
from jusolib.core.paths import data_paths


def test_loaded_by_japanese_names():
    year = YearData.load("令和6年度", respondent_type="社会福祉協議会", size_scheme="都市規模")
    assert (year.fiscal_year, year.respondent_key, year.scheme) == (2024, "council", "city_size")
    assert year.name_heading == "区市町村"


def test_an_unknown_respondent_type_names_both():
    with pytest.raises(
        ParameterError, match=r"valid respondent types are 自治体 \(municipality\), 社協 \(council\)"
    ):
        YearData.load(2024, respondent_type="住民")


def test_empty_classes_are_left_out_unless_asked_for():
    # no 町村 implements the project in 2024: 特別区 11, 市 12
    year = YearData.load(2024, size_scheme="municipality_type")
    assert list(year.classes.classes.cat.categories) == ["特別区", "市"]
    assert list(year.data["municipality_type"].cat.categories) == ["特別区", "市"]
    kept = YearData.load(2024, size_scheme="municipality_type", empty_classes=True)
    assert list(kept.classes.classes.cat.categories) == ["特別区", "市", "町村"]
    assert kept.parameters()["empty_classes"] is True and "empty_classes" not in year.parameters()


def test_an_ordered_schemes_order_is_kept_for_the_trend_test():
    year = YearData.load(2025, size_scheme="cohort")
    assert year.classes.order == ("R3–R4", "R5", "R6", "R7")


def test_section_title_speaks_the_vocabulary():
    assert YearData.load(2024).section_title("ii") == "II 重層事業の実施を通じて感じる変化"


def test_an_edited_rules_file_counts_without_loading_again(tmp_path):
    """A rule added to the themes file is counted at the next call (issue 23: it took YearReport.load again)."""
    from jusolib.analysis.free_text import themes

    source = data_paths()
    shutil.copytree(source.codebook_dir, tmp_path / "raw" / "codebook")
    shutil.copytree(source.survey_root / "FY2024", tmp_path / "raw" / "survey" / "FY2024")
    year = YearData.load(2024, data_dir=tmp_path)
    before = themes(year, "I").frame
    rules = tmp_path / "raw" / "codebook" / "FY2024.themes.yaml"
    text = rules.read_text(encoding="utf-8")
    marker = "\nshared_themes:\n"
    assert marker in text
    added = (
        "\nshared_themes:\n"
        "  - id: test_salon\n"
        "    label: テスト用サロン\n"
        "    definition: サロンという語\n"
        "    source: test\n"
        "    items: [out_hubs]\n"
        "    rule: {any: [サロン]}\n"
    )
    stamp = year.inputs_stamp()
    rules.write_text(text.replace(marker, added, 1), encoding="utf-8")
    assert year.inputs_stamp() != stamp
    after = themes(year, "I").frame
    labels = after.index.get_level_values("テーマ")
    assert "テスト用サロン" in labels and "テスト用サロン" not in before.index.get_level_values("テーマ")
    texts = year.free_text
    salon = texts[(texts["item_id"] == "out_hubs") & texts["text"].str.contains("サロン")]
    row = after.loc[(after.index.get_level_values("テーマ") == "テスト用サロン")].iloc[0]
    assert int(row["該当"]) == salon["muni_code"].nunique() > 0
