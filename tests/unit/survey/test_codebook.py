from pathlib import Path

import pytest
import yaml

from jusolib.core.errors import CodebookError
from jusolib.survey.codebook import codebook_path, load_codebook, parse_codebook


@pytest.fixture(scope="module")
def book():
    return load_codebook(2024)


def test_27_items_5_8_14(book):
    assert book.items["section"].value_counts().to_dict() == {"I": 5, "II": 8, "III": 14}


def test_section_one_has_its_legal_basis(book):
    bases = book.items.loc[book.item_ids("I"), "legal_basis"].tolist()
    assert bases == ["社会福祉法106条の3 第1号"] * 3 + [
        "社会福祉法106条の3 第2号",
        "社会福祉法106条の3 第3号",
    ]


def test_footnoted_items_carry_their_no_answer_reason(book):
    notes = book.items.dropna(subset=["footnote"])[["footnote", "no_answer_reason"]]
    assert notes.to_dict("index") == {
        "chl_community_building": {"footnote": "※1", "no_answer_reason": "実施後期間が短く判断できない"},
        "chl_plan_consent": {"footnote": "※2", "no_answer_reason": "支援プランを作成していない"},
        "chl_consultation_desk_collab": {
            "footnote": "※3",
            "no_answer_reason": "総合相談窓口は設置していない",
        },
    }


def test_positive_answers_per_scale(book):
    assert book.scale_of("chg_staff_quality").positive == ("あてはまる",)
    assert book.scale_of("chl_youth_places").positive == ("とてもあてはまる", "あてはまる")


@pytest.mark.parametrize(
    ("item", "raw", "label"),
    [
        ("out_hubs", "1", "あてはまる"),
        ("out_hubs", "３", "あてはまらない"),
        ("out_hubs", "当てはまる", "あてはまる"),
        ("out_hubs", "あてはまる。", "あてはまる"),
        ("out_hubs", "どちらとも言えない", "どちらともいえない"),
        ("chl_plan_consent", "1", "とてもあてはまる"),
        ("chl_plan_consent", "4", "全くあてはまらない"),
        ("chl_plan_consent", "まったくあてはまらない", "全くあてはまらない"),
        ("chl_plan_consent", "", "無回答"),
        ("chl_plan_consent", "無回答", "無回答"),
        ("chl_plan_consent", "－", "無回答"),
    ],
)
def test_recode(book, item, raw, label):
    assert book.recode(item, raw)[0] == label


@pytest.mark.parametrize(
    ("item", "raw"), [("out_hubs", "4"), ("out_hubs", "とてもあてはまる"), ("chl_plan_consent", "5")]
)
def test_values_outside_the_scale_do_not_recode(book, item, raw):
    assert book.recode(item, raw) is None


def test_item_ids_are_stable_across_years_while_numbers_move():
    fy24, fy25 = load_codebook(2024), load_codebook("R7")
    assert set(fy24.item_ids()) < set(fy25.item_ids())
    assert fy24.item("chl_consultation_desk_collab")["number"] == "問3-14"
    assert fy25.item("chl_consultation_desk_collab")["number"] == "問3-15"


def test_respondent_types(book):
    assert book.respondent_type_key("区市") == "municipality"
    assert book.respondent_type_key("社会福祉協議会") == "council"
    assert book.respondent_type_label("council") == "社協"


def _doc():
    return yaml.safe_load(codebook_path(2024).read_text(encoding="utf-8"))


def test_unknown_scale_is_an_error():
    doc = _doc()
    doc["items"][0]["scale"] = "agree7"
    with pytest.raises(CodebookError, match="out_participation: unknown scale 'agree7'"):
        parse_codebook(doc, Path("FY2024.yaml"))


def test_duplicate_column_is_an_error():
    doc = _doc()
    doc["items"][1]["column"] = "問 1-1"
    with pytest.raises(CodebookError, match="duplicate item column"):
        parse_codebook(doc, Path("FY2024.yaml"))


def test_fiscal_year_must_match_file_name():
    with pytest.raises(CodebookError, match="contradicts the file name"):
        parse_codebook(_doc(), Path("FY2023.yaml"))


def test_scale_options_must_follow_answer_order():
    doc = _doc()
    doc["scales"]["agree3"]["options"].reverse()
    with pytest.raises(CodebookError, match="answer_order"):
        parse_codebook(doc, Path("FY2024.yaml"))


def test_missing_codebook_says_what_to_do(tmp_path):
    with pytest.raises(CodebookError, match="Copy the previous year's codebook"):
        load_codebook(2030, tmp_path)


# -- answers that are not options ----------------------------------------------------------------------------
@pytest.mark.parametrize("raw", ["ややあてはまる", "あまりあてはまらない"])
def test_answers_that_are_not_options_are_not_mapped_by_default(book, raw):
    # the 4-point scale offers とても／あてはまる／あてはまらない／全く: neither is one of them
    assert book.recode("chl_plan_consent", raw) is None


def _with_off_scale(**entry):
    doc = _doc()
    doc["scales"]["agree4"]["off_scale_answers"] = [entry]
    return parse_codebook(doc, Path("FY2024.yaml"))


def test_an_off_scale_answer_maps_only_with_its_written_reason():
    reason = "この年度の調査票の選択肢が「ややあてはまる」だったため"
    book = _with_off_scale(answer="ややあてはまる", maps_to="あてはまる", reason=reason)
    assert book.recode("chl_plan_consent", "やや当てはまる。") is None  # only the spelling the codebook gives
    assert book.recode("chl_plan_consent", " ややあてはまる ") == (
        "あてはまる",
        f"not an option, mapped by the codebook: {reason}",
    )
    assert book.recode("out_hubs", "ややあてはまる") is None  # agree3 maps nothing


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ({"answer": "ややあてはまる", "maps_to": "あてはまる", "reason": ""}, "needs a written reason"),
        ({"answer": "ややあてはまる", "maps_to": "あてはまる", "reason": "ok"}, "needs a written reason"),
        (
            {"answer": "ややあてはまる", "maps_to": "どちらともいえない", "reason": "x" * 10},
            "maps_to must be",
        ),
        ({"answer": "当てはまる", "maps_to": "あてはまる", "reason": "x" * 10}, "already an option"),
        ({"answer": "ややあてはまる", "maps_to": "あてはまる"}, "exactly the fields"),
    ],
)
def test_off_scale_mappings_are_validated(entry, message):
    doc = _doc()
    doc["scales"]["agree4"]["off_scale_answers"] = [entry]
    with pytest.raises(CodebookError, match=message):
        parse_codebook(doc, Path("FY2024.yaml"))


# -- one resolver for items ----------------------------------------------------------------------------------
@pytest.mark.parametrize("ref", ["out_hubs", "問1-2", "問１－２", "問 1 ー 2", "1-2"])
def test_items_by_id_or_question_number(book, ref):
    assert book.item_id(ref) == "out_hubs"
    assert book.item(ref)["label"] == "地域住民等が相互に交流を図ることのできる拠点"


def test_question_numbers_are_per_year():
    # FY2025 inserted 問3-12, so 問3-14 is a different item in each year
    assert load_codebook(2024).item_id("問3-14") == "chl_consultation_desk_collab"
    assert load_codebook(2025).item_id("問3-14") == "chl_complex_needs_stalled"


def test_unknown_item_lists_what_exists(book):
    from jusolib.core.errors import ParameterError

    with pytest.raises(ParameterError, match=r"no item '問9-9'.*問1-1 out_participation"):
        book.item_id("問9-9")


def test_a_caller_changing_its_codebook_does_not_change_the_next_callers():
    """load_codebook keeps a parsed codebook per file; each caller gets tables of its own."""
    from jusolib.survey.codebook import load_codebook

    mine = load_codebook(2024)
    mine.items.loc["out_hubs", "label"] = "書き換えた"
    mine.meta["survey"] = "書き換えた"
    fresh = load_codebook(2024)
    assert fresh.items.at["out_hubs", "label"] == "地域住民等が相互に交流を図ることのできる拠点"
    assert fresh.meta["survey"] != "書き換えた"
