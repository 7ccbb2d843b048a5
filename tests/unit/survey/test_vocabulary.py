"""The one vocabulary: every spelling an analyst uses resolves to the key, anything else is a one-line error
naming the valid choices."""

import pytest

from jusolib.core.errors import ParameterError, UnknownItemError
from jusolib.survey.codebook import load_codebook
from jusolib.survey.vocabulary import Vocabulary, base_key, did_you_mean, size_scheme_key


@pytest.fixture(scope="module")
def vocabulary():
    return Vocabulary(load_codebook(2024))


@pytest.mark.parametrize(
    "value", ["I", "i", "Ⅰ", "Ｉ", 1, "1", "問1", "包括的支援体制の整備に向けた成果・進捗状況"]
)
def test_every_spelling_of_section_one(vocabulary, value):
    assert vocabulary.section(value) == "I"


@pytest.mark.parametrize(
    "value",
    [
        "out_hubs",
        "問1-2",
        "問１－２",
        "1-2",
        "問 1 ー 2",
        "I-2",
        "i-2",
        "Ⅰ-2",
        "地域住民等が相互に交流を図ることのできる拠点",
    ],
)
def test_every_spelling_of_an_item(vocabulary, value):
    assert vocabulary.item(value) == "out_hubs"


def test_the_i_form_counts_within_the_section_and_follows_the_year():
    # FY2025 inserts 問3-12 参加支援: III-12 is the new item there, III-13 is FY2024's III-12
    v2024, v2025 = Vocabulary(load_codebook(2024)), Vocabulary(load_codebook(2025))
    assert v2024.item("III-12") == "chl_non_welfare_collab"
    assert v2025.item("III-12") == "chl_participation_support"
    assert v2025.item("III-13") == "chl_non_welfare_collab"


def test_an_item_label_with_its_footnote_mark_and_a_label_cut_short(vocabulary):
    assert (
        vocabulary.item("個別課題を地域課題として共有した地域づくりがすすまない ※1")
        == "chl_community_building"
    )
    assert vocabulary.find_item("問1-2 地域住民等が相互に交流を図ることの...") == "out_hubs"


def _one_line(exc: pytest.ExceptionInfo) -> str:
    message = str(exc.value)
    assert "\n" not in message
    return message


def test_an_unknown_section_names_the_sections(vocabulary):
    with pytest.raises(ParameterError) as exc:
        vocabulary.section("IV")
    assert _one_line(exc) == "unknown section 'IV': valid sections are I, II, III"


def test_an_item_where_a_section_is_expected_says_to_pass_item(vocabulary):
    with pytest.raises(ParameterError) as exc:
        vocabulary.section("問1-2")
    assert "is an item, not a section" in _one_line(exc) and "item='問1-2'" in str(exc.value)


def test_an_unknown_item_lists_every_item_and_the_closest(vocabulary):
    with pytest.raises(UnknownItemError) as exc:
        vocabulary.item("問1-6")
    message = _one_line(exc)
    assert (
        "問1-1 I-1 out_participation" in message and "問3-14 III-14 chl_consultation_desk_collab" in message
    )
    assert message.endswith("(did you mean '問1-1'?)")


def test_an_unknown_item_is_also_a_parameter_error(vocabulary):
    with pytest.raises(ParameterError):
        vocabulary.item("out_hub")


def test_answers_by_label_or_code_in_the_items_own_scale(vocabulary):
    assert vocabulary.answer("I-2", 3) == "あてはまらない"  # agree3: 3 = あてはまらない
    assert vocabulary.answer("III-1", 3) == "あてはまらない"  # agree4: 3 = あてはまらない as well
    assert vocabulary.answer("III-1", 1) == "とてもあてはまる"
    assert vocabulary.answer("I-2", "未回答") == "無回答"  # an alias of 無回答 in the codebook
    with pytest.raises(ParameterError) as exc:
        vocabulary.answer("I-2", 4)
    assert "valid answers are 1 あてはまる, 2 どちらともいえない, 3 あてはまらない, 無回答" in _one_line(exc)


def test_respondent_types_by_key_label_alias_or_both(vocabulary):
    assert vocabulary.respondent_type("社協") == "council"
    assert vocabulary.respondent_type("Municipality") == "municipality"
    assert vocabulary.respondent_type("社会福祉協議会") == "council"
    assert vocabulary.respondent_type_keys("両方") == ["municipality", "council"]
    assert vocabulary.respondent_type_keys("all") == ["municipality", "council"]
    with pytest.raises(ParameterError) as exc:
        vocabulary.respondent_type("住民")
    assert "valid respondent types are 自治体 (municipality), 社協 (council)" in _one_line(exc)


@pytest.mark.parametrize(
    ("value", "key"),
    [
        ("団体種別", "municipality_type"),
        ("municipality_type", "municipality_type"),
        ("人口規模", "population_band"),
        ("都市規模", "city_size"),
        ("実施開始年度", "cohort"),
        ("COHORT", "cohort"),
    ],
)
def test_size_schemes_by_key_or_japanese_name(value, key):
    assert size_scheme_key(value) == key


@pytest.mark.parametrize(
    ("value", "key"),
    [("無回答を除く", "valid"), ("無回答を含む", "all"), ("除く", "valid"), ("valid", "valid")],
)
def test_bases_by_key_or_japanese_name(value, key):
    assert base_key(value) == key


def test_scheme_and_base_errors_name_both_spellings():
    with pytest.raises(ParameterError) as exc:
        size_scheme_key("団体")
    assert "municipality_type (団体種別)" in _one_line(exc) and "(did you mean '団体種別'?)" in str(exc.value)
    with pytest.raises(ParameterError) as exc:
        base_key("無回答")
    assert "all (無回答を含む), valid (無回答を除く)" in _one_line(exc)


def test_did_you_mean_is_silent_when_nothing_is_close():
    assert did_you_mean("zzz", ["population_band"]) == ""
    assert did_you_mean("拠点", ["地域住民等が相互に交流を図ることのできる拠点", "担い手"]) == (
        " (did you mean '地域住民等が相互に交流を図ることのできる拠点'?)"
    )
