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

    Parameters
    ----------
    texts
        Free-text answers, one row per text: ``muni_code``, ``item_id``, ``text`` (and ``respondent_type`` when
        they are both respondent types').
    word
        A word, matched on normalised forms (取組・取り組み are one word), or a compiled regular expression,
        matched on the texts as written.
    book
        The coding rules of the free text (:class:`~jusolib.text.themes.ThemeBook`, from
        :func:`~jusolib.analysis.coding.load_themes`): its synonyms, negation rule and analyser.
    codebook
        The fiscal year's codebook: item numbers (問2-5) and respondent type labels.
    names
        Municipality names by 6-digit 団体コード.
    answers
        The respondent's answer to the item beside each text, by ``(muni_code, item_id)``; ``None`` leaves the
        回答 column empty.
    context
        How many words of context are kept on each side (default :data:`~jusolib.text.kwic.CONTEXT`).
    classes
        Each municipality's size class by 6-digit code; ``None`` leaves the 区分 column empty.
    class_caption
        The scheme's name for a note on the 区分 column (人口規模); ``""`` adds no note.

    Returns
    -------
    ReportTable
        Key ``"KWIC"``: one row per occurrence with 項目, 区市町村, 回答主体, 区分, 回答, 前, 語, 後 and 否定
        (「否定」 where the coding rules read the word as negated, else empty); its notes say how the word was
        matched and how many words of context are shown.
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
    """The ``top`` content words of the texts by respondents using them (ties: more occurrences first).

    Parameters
    ----------
    texts
        Free-text answers, one row per text: ``muni_code``, ``item_id`` and ``text``.
    book
        The coding rules of the free text (:class:`~jusolib.text.themes.ThemeBook`): its analyser and the
        function words left out.
    title
        The table's title.
    top
        How many words are kept (default 30).
    key
        The table's key (its sheet name); default 語の頻度.

    Returns
    -------
    ReportTable
        One row per word (index 語（正規化表記）) with 品詞, 回答者数 (respondents who used it) and 出現回数 (every
        occurrence); the notes give the number of texts and respondents.
    """
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
