"""Theme counts behave like answers: n and % on two bases, answers given, once per respondent, その他, quotes."""

import math

import pandas as pd
import pytest

from jusolib.analysis.coding import load_themes
from jusolib.analysis.theme_tables import (
    theme_answers,
    theme_class_table,
    theme_counts,
    theme_counts_by_class,
    theme_table,
)
from jusolib.survey.codebook import load_codebook
from jusolib.text.themes import OTHER, code_free_text

BOOK = load_themes(2024)
CODEBOOK = load_codebook(2024)
ITEM = "chg_supporter_support"

# Five respondents of II-1; four wrote a text, E left the item blank. Themes decided by hand:
#   A: 関係ができた + 負担が減った (two themes)      B: 役割を理解してもらえた
#   C: 重層以前から (under あてはまらない)           D: no theme → その他
ANSWERS = {
    "A": "あてはまる",
    "B": "あてはまる",
    "C": "あてはまらない",
    "D": "どちらともいえない",
    "E": "無回答",
}
TEXTS = {
    "A": "支援会議で顔の見える関係ができ、抱え込みによる負担も減った",
    "B": "他機関に自分たちの役割を理解してもらえた",
    "C": "重層以前からできている",
    "D": "特になし",
}
SIZE = {"A": "小", "B": "小", "C": "大", "D": "大", "E": "大"}


@pytest.fixture(scope="module")
def data():
    frame = pd.DataFrame({"muni_code": list(ANSWERS), "item_id": ITEM, "answer": list(ANSWERS.values())})
    frame["band"] = pd.Categorical(frame["muni_code"].map(SIZE), categories=["小", "大"], ordered=True)
    return frame


@pytest.fixture(scope="module")
def coded():
    texts = pd.DataFrame({"muni_code": list(TEXTS), "item_id": ITEM, "text": list(TEXTS.values())})
    return code_free_text(texts, BOOK)


@pytest.fixture(scope="module")
def counts(coded, data):
    return theme_counts(coded, data, items=[ITEM], book=BOOK).set_index("theme")


def test_counts_and_both_bases(counts):
    assert counts.loc["relations_built", ["n", "n_text", "n_all"]].tolist() == [1, 4, 5]
    # 1 of 4 writers = 25.0%, 1 of 5 respondents (無回答 included) = 20.0%
    assert counts.loc["relations_built", ["pct_text", "pct_all"]].tolist() == [25.0, 20.0]
    assert counts.loc["function_understood", "n"] == 1
    assert counts.loc["before_project", "n"] == 1


def test_every_theme_is_listed_with_other_last_even_at_zero(coded, data):
    table = theme_counts(coded, data, items=[ITEM], book=BOOK)
    assert table["theme"].tolist() == [
        "relations_built",
        "less_burden",
        "function_understood",
        "before_project",
        OTHER,
    ]
    assert table.set_index("theme").loc[OTHER, "n"] == 1  # D


def test_a_text_with_two_themes_counts_for_both(counts):
    assert counts.loc["relations_built", "n"] == counts.loc["less_burden", "n"] == 1
    assert (
        counts.loc[
            ["relations_built", "less_burden", "function_understood", "before_project", OTHER], "n"
        ].sum()
        == 5
    )


def test_a_respondent_counts_once_per_theme(coded, data):
    doubled = pd.concat([coded, coded[coded["muni_code"] == "A"]], ignore_index=True)
    again = theme_counts(doubled, data, items=[ITEM], book=BOOK).set_index("theme")
    assert again.loc["relations_built", "n"] == 1
    assert again.loc["relations_built", "n_text"] == 4


def test_answers_of_the_theme_respondents(coded, data):
    answers = ["あてはまる", "どちらともいえない", "あてはまらない", "無回答"]
    table = theme_answers(coded, data, items=[ITEM], book=BOOK, answers=answers).set_index("theme")
    assert table.loc["before_project", answers].tolist() == [0, 0, 1, 0]  # 重層以前から under あてはまらない
    assert table.loc["relations_built", answers].tolist() == [1, 0, 0, 0]


def test_quotes_are_the_most_typical_distinct_texts_not_the_shortest():
    texts = pd.DataFrame(
        {
            "muni_code": ["1", "2", "3", "4"],
            "item_id": ITEM,
            "text": ["負担が減った", "抱え込みの負担が大きく減った", "負担が減った", "負担が軽減"],
        }
    )
    data = pd.DataFrame({"muni_code": ["1", "2", "3", "4"], "item_id": ITEM, "answer": "あてはまる"})
    counts = theme_counts(code_free_text(texts, BOOK), data, items=[ITEM], book=BOOK).set_index("theme")
    assert counts.loc["less_burden", "n"] == 4
    # the rule: all of [抱え込む, 負担, 一人で抱える] and [軽減, 減る, 軽い, 和らぐ, 分散, 減少]. 「抱え込みの負担が大きく
    # 減った」 uses three of its words (抱え込む, 負担, 減る), the two others two each (負担 + 減る, 負担 + 軽減); between
    # those, the length closest to the middle one (lengths 5, 6, 14: the middle is 6) comes first — 「負担が減った」
    # (6) before 「負担が軽減」 (5), though the latter is the shortest
    assert counts.loc["less_burden", "quotes"] == (
        "抱え込みの負担が大きく減った",
        "負担が減った",
        "負担が軽減",
    )


def test_no_text_at_all_gives_zero_and_no_percentage():
    data = pd.DataFrame({"muni_code": ["1"], "item_id": ITEM, "answer": "あてはまる"})
    empty = pd.DataFrame(columns=["muni_code", "item_id", "theme", "text"])
    counts = theme_counts(empty, data, items=[ITEM], book=BOOK).set_index("theme")
    assert counts.loc["relations_built", "n"] == 0 and math.isnan(counts.loc["relations_built", "pct_text"])
    assert counts.loc["relations_built", "pct_all"] == 0.0


def test_report_table_layout(coded, data):
    table = theme_table(coded, data, section="II", codebook=CODEBOOK, book=BOOK, respondent_label="自治体")
    assert table.key == "II_テーマ"
    item = "問2-1 支援者支援につながっている ※参考値"  # 4 writers: under 10
    frame = table.frame.loc[item]
    assert frame.index.tolist() == [
        "支援機関同士の関係が構築されている",
        "ケースの抱え込みによる負担が軽減されている",
        "他の支援機関に自らの機能が理解される",
        "重層以前から",
        "その他",
    ]
    assert frame.loc[
        "重層以前から", ["該当", "記述者に占める割合", "回答者に占める割合", "内訳 あてはまらない"]
    ].tolist() == [
        1.0,
        25.0,
        20.0,
        1.0,
    ]
    assert frame.loc["その他", "記述の例"] == "「特になし」"
    assert frame.loc["重層以前から", "回答"] == "あてはまらない 1"  # the answers given, in one cell
    assert table.formatted().loc[(item, "重層以前から"), "記述者"] == "n=4"


def test_by_class_counts_with_bases_and_small_base_marks(coded, data):
    long = theme_counts_by_class(coded, data, items=[ITEM], book=BOOK, by="band")
    row = long[long["theme"] == "before_project"].set_index("class")
    assert row["n"].to_dict() == {"小": 0, "大": 1} and row["n_all"].to_dict() == {"小": 2, "大": 3}
    table = theme_class_table(
        coded, data, section="II", by="band", caption="規模", codebook=CODEBOOK, book=BOOK
    )
    assert list(table.frame.columns) == ["全体（n=5）", "小（n=2） ※参考値", "大（n=3） ※参考値"]
    block = table.frame.loc["問2-1 支援者支援につながっている"]
    assert block.loc["（記述者）"].tolist() == [4.0, 2.0, 2.0]
    assert block.loc["重層以前から"].tolist() == [1.0, 0.0, 1.0]
    assert block.loc["支援機関同士の関係が構築されている"].tolist() == [1.0, 1.0, 0.0]


def test_items_without_text_are_named_and_a_section_without_text_is_a_sentence(coded, data):
    # II-2: the same five answered it, nobody wrote a text: no rows of zeros for it, a note names it
    second = data.assign(item_id="chg_staff_quality")
    both = pd.concat([data, second])
    table = theme_table(coded, both, section="II", codebook=CODEBOOK, book=BOOK, respondent_label="自治体")
    items = set(table.frame.index.get_level_values("項目"))
    assert items == {"問2-1 支援者支援につながっている ※参考値"}
    assert (
        "具体的な内容の記述がない項目（表に示さない）: 「問2-2 関係職員の質の向上につながっている」"
        in table.notes
    )
    by_class = theme_class_table(
        coded, both, section="II", by="band", caption="規模", codebook=CODEBOOK, book=BOOK
    )
    assert set(by_class.frame.index.get_level_values("項目")) == {"問2-1 支援者支援につながっている"}
    # no text at all in the section: an empty table, whose page says so in one sentence (not a table of zeros)
    empty = pd.DataFrame(columns=["muni_code", "item_id", "theme", "text"])
    for made in (
        theme_table(empty, both, section="II", codebook=CODEBOOK, book=BOOK),
        theme_class_table(empty, both, section="II", by="band", caption="規模", codebook=CODEBOOK, book=BOOK),
    ):
        assert (
            made.frame.empty
            and made.empty_message == "この設問群には具体的な内容の記述がない（テーマは数えない）。"
        )
        assert "この設問群には具体的な内容の記述がない" in made.to_html()
        assert not any("記述がない項目" in n for n in made.notes)  # the sentence says it once
