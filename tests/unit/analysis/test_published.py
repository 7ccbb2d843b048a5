"""Published figures beside the recomputed ones when the returns cannot give some of them (issue 19)."""

import pytest

from jusolib.analysis.published import check_published, load_published
from jusolib.report import YearReport
from tests.helpers import row, write_csv


@pytest.fixture(scope="module")
def councils_only(tmp_path_factory):
    """Three 社協 returns and no 自治体 return: the published FY2024 figures count 自治体 answers."""
    from tests.helpers import make_data_dir

    root = make_data_dir(tmp_path_factory.mktemp("councils") / "data")
    rows = [row(name, "社協") for name in ("中央区", "墨田区", "世田谷区")]
    write_csv(root / "raw" / "survey" / "FY2024" / "c.csv", rows)
    return root


def test_figures_the_returns_cannot_give_are_named_not_failed(councils_only):
    check = check_published(2024, councils_only).set_index("figure_id")
    measures = load_published(2024).set_index("figure_id")["measure"]
    from_answers = {
        "answer_count",
        "answer_share",
        "free_text_share",
        "highest_positive_item",
        "lowest_positive_item",
        "min_positive_share",
        "theme_respondents",
    }
    # 21 figures count 自治体 answers (5 counts, 5 shares, 5 footnote shares, 4 section facts, 2 themes): none
    # can be recomputed, and none is a mismatch
    unknown = check[~check["computable"]]
    assert set(unknown.index) == set(measures[measures.isin(from_answers)].index) and len(unknown) == 21
    assert unknown["recomputed"].isna().all() and not unknown["passed"].any()
    assert set(unknown["recomputed_text"]) == {"算出できない（この年度は自治体の回答がない）"}
    # the respondent counts can: 0 自治体 and 3 社協 of the published 23 are mismatches; the reference figures
    # (implementing 5, transition 2, context 3) still match
    assert check.loc[["resp_muni", "resp_council"], "recomputed"].tolist() == [0, 3]
    assert int((check["computable"] & ~check["passed"]).sum()) == 2
    assert int(check["passed"].sum()) == 10


def test_the_90_page_says_what_cannot_be_checked_and_whose_answers_the_figures_count(councils_only):
    report = YearReport.load(2024, respondent_type="社協", data_dir=councils_only)
    verdicts = report.published_check().frame["判定"].value_counts().to_dict()
    assert verdicts == {"確かめられない": 21, "一致": 10, "不一致": 2}
    text, status, good = report.published_summary()
    assert status == "不一致 2件、確かめられない 21件" and not good
    assert text.startswith("**33 件中 10 件が一致。** 不一致 2 件。")
    assert "公表値は自治体の回答を集計した数値であり、このページの再計算も自治体の回答から行う" in text


def test_an_empty_footnote_base_is_said_in_words_never_nan(tmp_path):
    # every 自治体 answered 問3-7 (※1): 「無回答の自治体のうち…」 has no base
    from tests.helpers import make_data_dir

    root = make_data_dir(tmp_path / "data")
    write_csv(root / "raw" / "survey" / "FY2024" / "m.csv", [row(n) for n in ("中央区", "墨田区")])
    check = check_published(2024, root).set_index("figure_id")
    assert check.at["note1", "recomputed_text"] == "算出できない（「無回答」の自治体がなく、割合の基数が0）"
    assert not check.at["note1", "computable"]
    assert "nan" not in " ".join(check["recomputed_text"].astype(str))


def test_the_90_page_names_no_other_type_when_the_figures_count_this_type_s_answers():
    # FY2024's published answer figures (counts, shares, footnotes, section facts, themes) all count 自治体
    # answers; only the respondent counts name 社協 too (23 社協 answered), and they count no answers
    text, _, _ = YearReport.load(2024).published_summary()
    assert "公表値は" not in text and "社協の回答" not in text
