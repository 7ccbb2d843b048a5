import pandas as pd
import pytest

from jusolib.analysis.tables import crosstab_table, distribution_table, positive_table, respondents_table


@pytest.fixture
def data():
    answers = {"a": "あてはまる", "b": "あてはまる", "c": "どちらともいえない", "d": "無回答"}
    frame = pd.DataFrame(
        {
            "fiscal_year": 2024,
            "respondent_type": "municipality",
            "muni_code": list(answers),
            "item_id": "out_participation",
            "answer": list(answers.values()),
        }
    )
    return frame.assign(size=pd.Categorical(["大", "小", "小", "小"], categories=["小", "大"], ordered=True))


def test_distribution_layout_items_down_answers_across(data):
    table = distribution_table(data, section="I")
    assert list(table.frame.columns) == ["n", "あてはまる", "どちらともいえない", "あてはまらない", "無回答"]
    assert table.frame.index.tolist() == ["地域住民の参加を促す活動を行う者"]
    assert table.frame.iloc[0].tolist() == [4.0, 50.0, 25.0, 0.0, 25.0]
    assert table.formatted().iloc[0].tolist() == ["n=4", "50.0", "25.0", "−", "25.0"]
    assert "無回答を含む" in table.title and "無回答を含む" in table.notes[0]


def test_distribution_without_no_answer(data):
    table = distribution_table(data, section="I", base="valid")
    assert list(table.frame.columns) == ["n", "あてはまる", "どちらともいえない", "あてはまらない"]
    assert table.frame.iloc[0].tolist() == [3.0, 66.7, 33.3, 0.0]


def test_positive_table_both_bases(data):
    row = positive_table(data, section="I").frame.iloc[0]
    assert (row["n"], row["件数"], row["割合"], row["n（無回答を除く）"], row["割合（無回答を除く）"]) == (
        4,
        2,
        50.0,
        3,
        66.7,
    )


def test_crosstab_table_marks_small_bases(data):
    table = crosstab_table(data, section="I", by="size", caption="規模")
    assert table.frame.index.get_level_values("区分").tolist() == ["全体", "小 ※参考値", "大 ※参考値"]
    assert table.frame["n"].tolist() == [4.0, 3.0, 1.0]
    assert table.notes[0] == "規模"


def test_respondents_table():
    classes = pd.Series(pd.Categorical(["小", "大", "大"], categories=["小", "大"]), index=["a", "b", "c"])
    table = respondents_table(classes, "cap")
    assert table.frame["n"].tolist() == [3.0, 1.0, 2.0] and table.frame["割合"].tolist() == [
        100.0,
        33.3,
        66.7,
    ]


def test_statistics_rounded_to_zero_show_no_sign():
    from jusolib.analysis.tables import ReportTable

    table = ReportTable(
        "k", "t", pd.DataFrame({"ε²（補正）": [-0.0004, 0.1235, -0.25]}), statistic_columns=["ε²（補正）"]
    )
    assert table.formatted()["ε²（補正）"].tolist() == ["0.000", "0.124", "-0.250"]


def test_the_reference_note_only_where_a_class_is_marked(data):
    assert any("参考値" in n for n in crosstab_table(data, section="I", by="size", caption="規模").notes)
    ten = pd.concat([data.assign(muni_code=data["muni_code"] + str(k)) for k in range(3)], ignore_index=True)
    big = ten.assign(size=pd.Categorical(["大"] * 12, categories=["大"]))  # one class of 12: none under 10
    assert not any("※参考値" in n for n in crosstab_table(big, section="I", by="size", caption="規模").notes)
