"""KWIC and word frequencies laid out as report tables, on three hand-written texts.

(The word matching itself is tested in tests/unit/text/test_kwic.py.)"""

import re

import pandas as pd

from jusolib.analysis.coding import load_themes
from jusolib.analysis.kwic_tables import frequency_table, kwic_table
from jusolib.survey.codebook import load_codebook

BOOK, CODEBOOK = load_themes(2024), load_codebook(2024)
TEXTS = pd.DataFrame(
    {
        "respondent_type": ["municipality", "council", "municipality"],
        "muni_code": ["131016", "131024", "131032"],
        "item_id": ["chg_internal_collab", "chg_internal_collab", "chg_external_collab"],
        "text": [
            "庁内の取組みが進んだ。取り組みを続けたい",
            "取組はまだ進んでいない",
            "外部の機関と連携できた",
        ],
    }
)
NAMES = pd.Series({"131016": "千代田区", "131024": "中央区", "131032": "港区"})


def test_a_pattern_is_matched_as_written_and_named_in_the_title_and_note():
    # 取組 as written: 「取組み」 of 千代田区 and 「取組」 of 中央区, not 「取り組み」
    table = kwic_table(TEXTS, re.compile("取組"), book=BOOK, codebook=CODEBOOK, names=NAMES)
    assert table.key == "KWIC" and table.title == "KWIC — 「取組」（2件）"
    assert table.frame[["区市町村", "回答主体", "語"]].values.tolist() == [
        ["千代田区", "自治体", "取組"],
        ["中央区", "社協", "取組"],
    ]
    assert table.notes[0] == "正規表現「取組」に合う箇所（書かれたままの記述で照合）。前後は8語まで。"
    assert table.frame["区分"].tolist() == ["", ""] and table.frame["回答"].tolist() == ["", ""]


def test_classes_fill_their_column_and_the_scheme_is_noted():
    classes = pd.Series({"131016": "10万未満", "131024": "50万以上"})
    table = kwic_table(
        TEXTS, "取組", book=BOOK, codebook=CODEBOOK, names=NAMES, classes=classes, class_caption="人口規模"
    )
    # a word is matched on normalised forms: 取組み, 取り組み (千代田区) and 取組 (中央区)
    assert table.frame["区分"].tolist() == ["10万未満", "10万未満", "50万以上"]
    assert table.notes[-1] == "区分: 人口規模" and table.title == "KWIC — 「取組」（3件）"


def test_frequencies_rank_words_by_respondents_then_occurrences():
    # 取り組み: 千代田区 twice and 中央区 once → 2 respondents, 3 occurrences; 進む: 千代田区 and 中央区 once each
    table = frequency_table(TEXTS, book=BOOK, title="語の頻度（変化）", top=2, key="II_語")
    assert table.key == "II_語" and table.frame.index.name == "語（正規化表記）"
    assert table.frame.index.tolist() == ["取り組み", "進む"]
    assert table.frame[["回答者数", "出現回数"]].values.tolist() == [[2, 3], [2, 2]]
    assert table.notes[0].startswith("記述 3 件（回答者 3）の名詞・動詞・形容詞・形状詞。")
