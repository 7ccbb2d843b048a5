"""Words of hand-written texts, counted by writer in a group and in the rest, and one word's test by hand."""

import pandas as pd
import pytest

from jusolib.analysis.coding import load_themes
from jusolib.core.errors import ParameterError
from jusolib.stats.keyness import keyness
from jusolib.text.keyness import group_word_counts, text_words

BOOK = load_themes(2024)
# Six writers; 1–3 (大) all write about 連携, 4–6 (小) never; writer 1 writes it in two items.
TEXTS = pd.DataFrame(
    {
        "muni_code": ["1", "1", "2", "3", "4", "5", "6"],
        "item_id": ["a", "b", "a", "a", "a", "a", "a"],
        "text": [
            "連携が進んだ",
            "庁内の連携",
            "連携と研修",
            "会議で連携",
            "研修を行った",
            "会議の開催",
            "住民と研修",
        ],
    }
)
GROUPS = pd.DataFrame({"muni_code": list("123456"), "group": ["大"] * 3 + ["小"] * 3})


def test_text_words_are_distinct_content_words_per_text():
    words = text_words(TEXTS, book=BOOK)
    first = words[(words["muni_code"] == "1") & (words["item_id"] == "a")]
    assert first[["word", "pos"]].values.tolist() == [
        ["連携", "名詞"],
        ["進む", "動詞"],
    ]  # が, た are not counted
    assert "行う" not in set(
        text_words(TEXTS, book=BOOK, stop_words={"行う"})["word"]
    )  # stop words are settable
    only_nouns = text_words(TEXTS, book=BOOK, parts_of_speech=["名詞"])
    assert set(only_nouns["pos"]) == {"名詞"}


def test_an_emoji_the_analyser_calls_a_noun_is_no_word():
    # issue 19: 「❤️」 came out as a noun and reached the network chart, whose font has no glyph for it
    texts = pd.DataFrame({"muni_code": ["1"], "text": ["住民の声を聞く場をつくった😊 ❤️"]})
    words = set(text_words(texts, book=BOOK)["word"])
    assert {"住民", "声", "聞く", "場", "作る"} <= words
    assert not any("❤" in w or "😊" in w for w in words)


def test_a_writer_counts_once_however_often_the_word_occurs():
    counts = group_word_counts(text_words(TEXTS, book=BOOK), GROUPS, unit=["muni_code"], group="group")
    row = counts[(counts["group"] == "大") & (counts["word"] == "連携")].iloc[0]
    assert (row["a"], row["group_n"], row["c"], row["rest_n"]) == (3, 3, 0, 3)  # writer 1 once, not twice
    mirror = counts[(counts["group"] == "小") & (counts["word"] == "連携")].iloc[0]
    assert (mirror["a"], mirror["c"]) == (0, 3)


def test_one_word_tested_by_hand():
    counts = group_word_counts(text_words(TEXTS, book=BOOK), GROUPS, unit=["muni_code"], group="group")
    tested = keyness(counts[counts["group"] == "大"], min_count=3)
    row = tested[tested["word"] == "連携"].iloc[0]
    # [[3, 0], [0, 3]]: P(x = 3) = C(3,3)C(3,0)/C(6,3) = 1/20, and x = 0 is as probable: p = 2/20 = 0.1.
    assert row["p"] == 0.1
    # E = 3·3/6 = 1.5; variance = 1.5 (1 − 3/6)(1 − 3/6) = 0.375; (3 − 1.5)/√0.375 = 2.449490
    assert row["residual"] == pytest.approx(2.449490, abs=1e-6)
    # 研修 is used by writers 2, 4, 6: three, so tested; 会議 by 3 and 5: two, so not
    assert (
        tested.set_index("word").loc["研修", "tested"] and not tested.set_index("word").loc["会議", "tested"]
    )


def test_units_of_answers_and_a_group_with_no_word():
    groups = pd.DataFrame(
        {"muni_code": ["1", "1", "9"], "item_id": ["a", "b", "a"], "group": ["x", "y", "y"]}
    )
    counts = group_word_counts(
        text_words(TEXTS, book=BOOK), groups, unit=["muni_code", "item_id"], group="group"
    )
    row = counts[(counts["group"] == "y") & (counts["word"] == "連携")].iloc[0]
    assert (row["a"], row["group_n"], row["c"], row["rest_n"]) == (
        1,
        2,
        1,
        1,
    )  # writer 9 wrote nothing in scope
    with pytest.raises(ParameterError, match="repeat"):
        group_word_counts(
            text_words(TEXTS, book=BOOK), pd.concat([GROUPS, GROUPS]), unit=["muni_code"], group="group"
        )


def test_a_one_character_noun_split_off_a_compound_is_counted_with_it_not_as_a_word():
    # issue 22: the network showed 「村域」 (区市町村域 read as 区市／町／村域) and 「別」 (人口規模別) as words.
    # A one-character noun written against another noun joins it; a one-character word standing alone stays
    texts = pd.DataFrame(
        {
            "muni_code": ["1", "2"],
            "text": ["区市町村域が広く、人口規模別の差が大きい", "紹介先の事業名を聞く場"],
        }
    )
    words = set(text_words(texts, book=BOOK)["word"])
    assert {"区市町村域", "規模別", "紹介先", "事業名", "人口", "場"} <= words
    assert not words & {"村域", "町", "別", "先", "名", "区市"}
    assert {"村域", "別"} <= set(text_words(texts, book=BOOK, compounds=False)["word"])
