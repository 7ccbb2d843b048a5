"""A year's free text for the report: the document × theme matrix, trying a rule, the rules' check in words."""

import pytest

from tests.helpers import fy2024_report


@pytest.fixture(scope="module")
def report():
    return fy2024_report()


def test_document_by_theme_matrix_agrees_with_the_theme_table(report):
    matrix = report.theme_matrix("II").frame
    texts = report.free_text[report.free_text["item_id"].isin(report.codebook.item_ids("II"))]
    assert len(matrix) == len(texts)  # one row per answer
    counts = report.themes("II").frame["該当"]
    for (item, label), n in counts.items():
        if label == "その他":
            continue
        column = f"{item.split(' ')[0]} {label}"
        assert int(matrix[column].sum()) == int(n), column
        of_item = matrix["項目"] == item.split(" ")[0]
        assert matrix.loc[of_item, column].notna().all() and matrix.loc[~of_item, column].isna().all()
    none = matrix[matrix["テーマ数"] == 0]
    other = counts.xs("その他", level=1).sum()
    assert len(none) == int(other)


def test_try_rule_counts_hits_per_rule_and_year_and_finds_near_misses(report):
    # FY2024 自治体, 問2-4: 紹介先 in 131075 (「…また、紹介先が増えた」) and 132055 (「紹介先が増えた」); 選択肢 in 131164
    # and 131237 (「支援の選択肢が増えた」) — read in data/raw/codebook/FY2024.themes.sample.yaml.
    trial = report.try_rule([{"all": [["紹介先"], ["増える"]]}, {"any": ["選択肢"]}], item="問2-4")
    assert trial.by_clause["該当"].tolist() == [2, 2]
    assert trial.by_year.values.tolist() == [["令和6年度 (2024)", 14, 4]]
    near = report.try_rule({"all": [["紹介先"], ["減る"]]}, item="問2-4")
    assert near.hits.empty and len(near.near_misses) == 2 and set(near.near_misses["含む語"]) == {"紹介先"}
    negated = report.try_rule({"any": ["連携"]}, section="II")
    assert "連携" in set(negated.near_misses["否定された語"])  # 「…連携したことのない…」 is negated
    assert len(report.try_rule({"any": ["連携"]}, section="II", negation="ignore").near_misses) == 0
    from bs4 import BeautifulSoup

    shown = BeautifulSoup(trial._repr_html_(), "html.parser").get_text()
    assert "条件ごとの該当数" in shown and "該当する記述（4件）" in shown


def test_try_rule_covers_every_fiscal_year_with_returns():
    from jusolib import YearReport

    trial = YearReport.load(2025).try_rule({"any": ["紹介先"]}, item="chg_support_content")
    assert trial.by_year["年度"].tolist() == ["令和6年度 (2024)", "令和7年度 (2025)"]
    assert trial.by_year["該当"].tolist()[0] == 2


def test_a_bad_rule_is_refused_naming_the_key(report):
    from jusolib.core.errors import CodebookError

    with pytest.raises(CodebookError, match="unknown keys"):
        report.try_rule({"anyof": ["連携"]})


def test_the_rules_check_in_words(report):
    text = report.rule_check_summary("III")
    assert text.startswith("規則の確認: 問3-3・問3-5・問3-10の全記述85件（自治体・社協、合成データ）")
    assert "精度）は100.0%（107/107）" in text and "Cohen の κ" in text
    assert ".yaml" not in text and "jusolib" not in text.replace(
        "jusolib helper", ""
    )  # no machinery on the page


def test_kwic_carries_respondent_type_and_class_for_excel(report):
    table = report.kwic("連携", section="II")
    assert table.frame.columns.tolist()[:5] == ["項目", "区市町村", "回答主体", "区分", "回答"]
    assert set(table.frame["回答主体"]) == {"自治体"}
    assert set(table.frame["区分"]) <= set(report.data[report.scheme].astype(str))
