"""Keyword in context and word frequencies as report tables (the words and counts are :mod:`jusolib.text.kwic`)."""

from __future__ import annotations

import re

import pandas as pd

from jusolib.analysis.tables import ReportTable
from jusolib.survey.codebook import Codebook
from jusolib.text.kwic import CONTEXT, kwic, kwic_pattern, word_frequencies
from jusolib.text.themes import ThemeBook


def kwic_table(
    texts: pd.DataFrame,
    word: str | re.Pattern[str],
    *,
    book: ThemeBook,
    codebook: Codebook,
    names: pd.Series,
    answers: pd.Series | None = None,
    context: int = CONTEXT,
    classes: pd.Series | None = None,
    class_caption: str = "",
) -> ReportTable:
    """:func:`kwic` laid out for reading and for Excel: item, municipality (区市町村: the texts may be both
    respondent types'), respondent type, its answer, its size
    class, left context, word, right context, negated.

    ``word`` is a word (matched on normalised forms) or a compiled regular expression (matched as written).
    ``classes`` gives each municipality's class (by 6-digit code); ``class_caption`` names the scheme in a note.
    """
    if isinstance(word, re.Pattern):
        found = kwic_pattern(texts, word, book=book, context=context)
        what = f"正規表現「{word.pattern}」に合う箇所（書かれたままの記述で照合）"
        word = word.pattern
    else:
        found = kwic(texts, word, book=book, context=context)
        what = f"「{word}」の出現箇所（正規化表記で照合: 表記の違う同じ語も含む）"
    types = (
        found["respondent_type"].map(codebook.respondent_type_label)
        if "respondent_type" in found
        else pd.Series("", index=found.index)
    )
    frame = pd.DataFrame(
        {
            "項目": [codebook.item(i)["number"] for i in found["item_id"]],
            "区市町村": found["muni_code"].map(names).to_numpy(),
            "回答主体": types.to_numpy(),
            "区分": (
                found["muni_code"].map(classes).astype(str)
                if classes is not None
                else pd.Series("", index=found.index)
            ).to_numpy(),
            "回答": [
                "" if answers is None else answers.get((m, i), "")
                for m, i in zip(found["muni_code"], found["item_id"], strict=True)
            ],
            "前": found["left"].to_numpy(),
            "語": found["keyword"].to_numpy(),
            "後": found["right"].to_numpy(),
            "否定": found["negated"].map({True: "否定", False: ""}).to_numpy(),
        }
    )
    notes = [
        f"{what}。前後は{context}語まで。",
        "否定: コーディング規則の否定の判定（後に「ない」「ず」などが続く）。否定の語はテーマに数えない。",
        *([f"区分: {class_caption}"] if class_caption else []),
    ]
    return ReportTable("KWIC", f"KWIC — 「{word}」（{len(frame)}件）", frame, notes)


def frequency_table(
    texts: pd.DataFrame, *, book: ThemeBook, title: str, top: int = 30, key: str = "語の頻度"
) -> ReportTable:
    """The ``top`` content words of the texts by respondents using them (ties: more occurrences first)."""
    counts = word_frequencies(texts, book=book).head(top)
    frame = pd.DataFrame(
        {
            "品詞": counts["pos"].to_numpy(),
            "回答者数": counts["respondents"].astype(int).to_numpy(),
            "出現回数": counts["occurrences"].astype(int).to_numpy(),
        },
        index=pd.Index(counts["word"], name="語（正規化表記）"),
    )
    notes = [
        f"記述 {len(texts)} 件（回答者 {texts['muni_code'].nunique()}）の名詞・動詞・形容詞・形状詞。"
        "回答者数はその語を使った回答者の数、出現回数は延べ数。",
        "「する」「いる」「こと」などの機能的な語は除いている。",
    ]
    return ReportTable(key, title, frame, notes, integer_columns=["回答者数", "出現回数"])
