"""The 方法 page's facts and its table of tests."""

from jusolib.analysis.methods import methods_facts, methods_overview
from jusolib.core.wording import paragraph
from tests.helpers import fy2024_report

METHOD_PARAGRAPHS = (
    "methods_census",
    "methods_small_base",
    "methods_power",
    "methods_holm",
    "methods_primary",
    "methods_agreement",
    "methods_index",
    "methods_formulas",
)


def test_facts_worked_by_hand():
    facts = methods_facts(fy2024_report())
    # classes 3 / 7 / 8 / 5: one answer in the smallest moves its share by 100/3 = 33.3 points; all four are
    # under 10 (参考値). The largest section has 14 items: 1 − 0.95¹⁴ = 0.5123 of at least one p < 0.05 by
    # chance alone.
    assert (facts["sizes"], facts["smallest"], facts["one_answer"]) == ("3／7／8／5", 3, "33.3")
    assert facts["reference_count"] == "すべての区分が参考値"
    assert (facts["m_max"], facts["chance_any"]) == (14, "51")


def test_every_paragraph_fills_in():
    facts = methods_facts(fy2024_report())
    for key in METHOD_PARAGRAPHS:
        text = paragraph(key, **facts)
        assert "{" not in text and text


def test_plain_words_first_names_last():
    # the plain paragraphs name no test; the formulas and references are in one place
    facts = methods_facts(fy2024_report())
    for key in METHOD_PARAGRAPHS[:-1]:
        assert "Fisher" not in paragraph(key, **facts) and "Fagerland" not in paragraph(key, **facts)
    formulas = paragraph("methods_formulas", **facts)
    for name in ("Fagerland", "Holm (1979)", "Bergsma", "Derrick", "Agresti", "Cronbach", "Gwet", "Newcombe"):
        assert name in formulas


def test_overview_names_the_primary_test_per_comparison():
    table = methods_overview(fy2024_report())
    assert (
        table.frame.loc["規模による差（肯定的回答の割合）", "主な検定"]
        == "Cochran–Armitage の傾向検定（正確）"
    )
    assert table.frame.loc["自治体と社協の差（割合）", "主な検定"] == "McNemar mid-p 検定"
