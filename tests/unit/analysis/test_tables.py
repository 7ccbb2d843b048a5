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
    # a, b あてはまる: 2 of 4 = 50.0; c どちらともいえない 1 of 4 = 25.0; nobody あてはまらない (「−」); d 無回答 1 = 25.0
    assert table.formatted().iloc[0].tolist() == ["n=4", "50.0（2）", "25.0（1）", "−", "25.0（1）"]
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


def test_the_page_shows_each_share_with_its_count_as_the_report_prints_it(data):
    # issue 22: the report prints 「82.6%（19）」. Without 無回答 (a, b, c): あてはまる 2 of 3 = 66.67 → 66.7（2）,
    # どちらともいえない 1 of 3 = 33.33 → 33.3（1）, あてはまらない none → 「−」 with no count
    valid = distribution_table(data, section="I", base="valid")
    assert valid.formatted().iloc[0].tolist() == ["n=3", "66.7（2）", "33.3（1）", "−"]
    assert valid.share_counts.iloc[0].tolist() == [2, 1, 0]
    # by class: 小 (b あてはまる, c どちらともいえない, d 無回答) a third each = 33.3（1）; 大 (a) あてはまる 1 of 1
    cross = crosstab_table(data, section="I", by="size", caption="規模").formatted()
    assert cross.loc[("地域住民の参加を促す活動を行う者", "小 ※参考値")].tolist() == [
        "n=3",
        "33.3（1）",
        "33.3（1）",
        "−",
        "33.3（1）",
    ]
    assert cross.loc[("地域住民の参加を促す活動を行う者", "大 ※参考値")].tolist() == [
        "n=1",
        "100.0（1）",
        "−",
        "−",
        "−",
    ]
    html = crosstab_table(data, section="I", by="size", caption="規模").to_html()
    assert "100.0（1）" in html and "33.3（1）" in html


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


def test_shares_by_class_carry_wilson_intervals_and_the_difference_from_the_rest():
    from jusolib.analysis.tables import positive_by_class_table

    data = pd.DataFrame(
        {
            "fiscal_year": 2024,
            "respondent_type": "municipality",
            "muni_code": ["1", "2", "3"],
            "item_id": "out_hubs",
            "answer": ["あてはまる", "あてはまらない", "あてはまる"],
            "size": pd.Categorical(["小", "小", "大"], categories=["小", "大"]),
        }
    )
    table = positive_by_class_table(data, section="I", by="size", caption="規模")
    small = table.frame.xs("小 ※参考値", level="区分").iloc[0]
    # Wilson 1 of 2 (z² = 3.841459): centre (0.5 + z²/4)/(1 + z²/2) = 0.5, half z/(1 + z²/2)·√(1/8 + z²/16) =
    # 0.671051·0.604232 = 0.405470 → 9.5 to 90.5 (percent, rounded half up)
    assert (small["95%信頼区間 下限"], small["95%信頼区間 上限"]) == (9.5, 90.5)
    # 小 1/2 against the rest (大, 1/1): −50.0 points; 大 against 小: +50.0; 全体 has no difference
    assert small["他の区分との差（ポイント）"] == -50.0
    assert table.frame.xs("大 ※参考値", level="区分").iloc[0]["他の区分との差（ポイント）"] == 50.0
    assert table.formatted().xs("全体", level="区分").iloc[0]["他の区分との差（ポイント）"] == "−"
    assert any("多重比較の補正はしていない" in note for note in table.notes)


def test_index_carries_cronbachs_alpha_on_the_items_everyone_could_answer():
    from jusolib.analysis.tables import index_table

    answers = {
        "a": ("あてはまる", "あてはまる"),
        "b": ("どちらともいえない", "あてはまる"),
        "c": ("あてはまらない", "どちらともいえない"),
    }
    data = pd.DataFrame(
        [
            {
                "fiscal_year": 2024,
                "respondent_type": "municipality",
                "muni_code": m,
                "item_id": item,
                "answer": a,
            }
            for m, pair in answers.items()
            for item, a in zip(("out_participation", "out_hubs"), pair, strict=True)
        ]
    )
    classes = pd.Series(pd.Categorical(["大", "大", "小"]), index=list("abc"))
    table = index_table(data, by="size", caption="規模", classes=classes)
    outcome = "I 包括的支援体制の整備に向けた成果・進捗状況"  # issue 22: the section, not the key 「outcome」
    row = table.frame.loc[(outcome, "全体")]
    # scores 0–100: items (100, 50, 0) and (100, 100, 50): variances 2500 and 2500/3; sums (200, 150, 50)
    # variance 17500/3 → α = 2·(1 − (10000/3)/(17500/3)) = 2·3/7 = 6/7
    assert row["α"] == pytest.approx(6 / 7) and row["α の n"] == 3 and row["項目数"] == 2
    assert table.formatted().loc[(outcome, "大"), "α"] == "−"  # α is of the index, not of a class
