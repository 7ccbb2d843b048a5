"""KWIC and word frequencies on hand-written texts."""

import pandas as pd

from jusolib.analysis.coding import load_themes
from jusolib.analysis.kwic_tables import frequency_table, kwic_table
from jusolib.survey.codebook import load_codebook
from jusolib.text.kwic import kwic, word_frequencies

BOOK = load_themes(2024)
TEXTS = pd.DataFrame(
    {
        "muni_code": ["131016", "131024", "131032"],
        "item_id": ["chg_internal_collab", "chg_internal_collab", "chg_external_collab"],
        "text": [
            "庁内の取組みが進んだ。取り組みを続けたい",
            "取組はまだ進んでいない",
            "外部の機関と連携できた",
        ],
    }
)


def test_kwic_finds_every_spelling_with_context_and_negation():
    found = kwic(TEXTS, "取り組み", book=BOOK, context=3)
    assert found[["muni_code", "left", "keyword", "right", "negated"]].values.tolist() == [
        ["131016", "庁内の", "取組み", "が進んだ", False],
        ["131016", "進んだ。", "取り組み", "を続けたい", False],
        ["131024", "", "取組", "はまだ進ん", True],
    ]


def test_kwic_of_an_absent_word_is_empty_with_its_columns():
    found = kwic(TEXTS, "守秘義務", book=BOOK)
    assert found.empty and list(found.columns)[-4:] == ["left", "keyword", "right", "negated"]


def test_kwic_table_is_laid_out_for_reading():
    names = pd.Series({"131016": "千代田区", "131024": "中央区", "131032": "港区"})
    answers = pd.Series({("131024", "chg_internal_collab"): "あてはまらない"})
    table = kwic_table(TEXTS, "取組", book=BOOK, codebook=load_codebook(2024), names=names, answers=answers)
    assert table.frame.columns.tolist() == [
        "項目",
        "区市町村",
        "回答主体",
        "区分",
        "回答",
        "前",
        "語",
        "後",
        "否定",
    ]
    assert table.frame.iloc[2][["項目", "区市町村", "回答"]].tolist() == ["問2-5", "中央区", "あてはまらない"]
    assert table.frame["否定"].tolist() == ["", "", "否定"]


def test_word_frequencies_count_respondents_and_occurrences():
    counts = word_frequencies(TEXTS, book=BOOK).set_index("word")
    # 取り組み: 131016 twice, 131024 once → 2 respondents, 3 occurrences; 進む: 131016, 131024
    assert counts.loc["取り組み", ["respondents", "occurrences"]].tolist() == [2, 3]
    assert counts.loc["進む", ["respondents", "occurrences"]].tolist() == [2, 2]
    assert "為る" not in counts.index and "出来る" not in counts.index  # function-like words left out
    assert counts.index[0] == "取り組み"


def test_word_frequencies_by_item():
    counts = word_frequencies(TEXTS, book=BOOK, by="item_id")
    external = counts[counts["item_id"] == "chg_external_collab"].set_index("word")
    assert set(external.index) == {"外部", "機関", "連携"}
    assert counts["item_id"].tolist()[0] == "chg_internal_collab"


def test_frequency_table_keeps_the_top_words():
    table = frequency_table(TEXTS, book=BOOK, title="t", top=2)
    assert table.frame.index.tolist() == ["取り組み", "進む"]
    assert table.frame["回答者数"].tolist() == [2.0, 2.0]


def test_kwic_table_has_respondent_type_answer_and_class_for_excel():
    texts = TEXTS.assign(respondent_type=["municipality", "council", "municipality"])
    table = kwic_table(
        texts,
        "連携",
        book=BOOK,
        codebook=load_codebook(2024),
        names=pd.Series({"131032": "港区"}),
        answers=pd.Series({("131032", "chg_external_collab"): "あてはまる"}),
        classes=pd.Series({"131032": "20万〜50万"}),
        class_caption="人口規模",
    )
    assert table.frame[["区市町村", "回答主体", "区分", "回答", "語"]].values.tolist() == [
        ["港区", "自治体", "20万〜50万", "あてはまる", "連携"]
    ]
    assert "区分: 人口規模" in table.notes


def test_kwic_pattern_matches_as_written_with_token_context():
    import re

    from jusolib.text.kwic import kwic_pattern

    texts = pd.DataFrame(
        {
            "muni_code": ["1", "2"],
            "item_id": "x",
            "text": ["庁内の連携と協働が進んだ", "連携はまだできていない"],
        }
    )
    found = kwic_pattern(texts, re.compile("連携|協働"), book=BOOK, context=2)
    # tokens 庁内/の/連携/と/協働/が/進ん/だ: two words of context on each side
    assert found[["muni_code", "left", "keyword", "right"]].values.tolist() == [
        ["1", "庁内の", "連携", "と協働"],
        ["1", "連携と", "協働", "が進ん"],
        ["2", "", "連携", "はまだ"],
    ]
    assert found["negated"].tolist() == [False, False, True]  # 連携はまだできていない: negated
    # a match inside a token keeps the rest of that token in the context; empty matches are skipped
    inside = kwic_pattern(texts.iloc[:1], re.compile("携|x*"), book=BOOK, context=1)
    assert inside[["left", "keyword", "right"]].values.tolist() == [["の連", "携", "と"]]
