"""Which words each text uses, and how many respondents of a group use each word against the rest.

:func:`text_words` lists the distinct content words (normalised forms, with part of speech; stop words left out)
of every text. :func:`group_word_counts` counts, for each group of a grouping (a size class, an answer, a
respondent type, a fiscal year), the *units* that use each word in the group and in the rest: a unit is one
respondent (or one respondent's answer to one item when the grouping is the answer), so a respondent counts once
however often, and in however many of its texts, it uses the word. The tests are
:func:`jusolib.stats.keyness.keyness`.

Examples
--------
>>> from jusolib.analysis.coding import load_themes
>>> texts = pd.DataFrame({"muni_code": ["1", "1", "2"], "item_id": ["a", "b", "a"],
...                       "text": ["連携が進んだ", "連携の会議", "研修を行った"]})
>>> words = text_words(texts, book=load_themes(2024))
>>> words[["muni_code", "item_id", "word"]].values.tolist()
[['1', 'a', '連携'], ['1', 'a', '進む'], ['1', 'b', '連携'], ['1', 'b', '会議'], ['2', 'a', '研修'], ['2', 'a', '行う']]
>>> groups = pd.DataFrame({"muni_code": ["1", "2"], "group": ["大", "小"]})
>>> counts = group_word_counts(words, groups, unit=["muni_code"], group="group")
>>> counts[counts["word"] == "連携"][["group", "a", "group_n", "c", "rest_n"]].values.tolist()
[['大', 1, 1, 0, 1], ['小', 0, 1, 1, 1]]
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence

import pandas as pd

from jusolib.core.errors import ParameterError
from jusolib.text.kwic import STOP_WORDS
from jusolib.text.themes import ThemeBook

#: Parts of speech counted by default (content words, as :attr:`jusolib.text.morphology.Token.is_content`).
CONTENT_POS = ("名詞", "動詞", "形容詞", "形状詞")
#: A one-character noun written against another noun is part of a compound the analyser split: a suffix (別 of
#: 規模別, 先 of 紹介先, 名 of 事業名) or a piece (町 of 区市町村域, which leaves 村域 behind). On its own it names
#: nothing in a word list or a network (issue 22), so :func:`text_words` joins it to the noun beside it and counts
#: the compound whole (:func:`joins`): 区市＋町＋村域 → 区市町村域, 規模＋別 → 規模別. A one-character word standing
#: alone (「聞く場」の 場, 「住民の声」の 声) is a word and stays.
JOIN_ONE_CHARACTER_NOUNS = True


def joins(previous: str, form: str) -> bool:
    """Whether a noun ``form`` written right after the noun ``previous`` is part of one compound with it: when
    either is a single character (a suffix or a piece the analyser split off, :data:`JOIN_ONE_CHARACTER_NOUNS`).

    Parameters
    ----------
    previous
        The form of the noun just before (its own form, before any joining); empty when the token before was no
        counted noun.
    form
        The noun's normalised form.

    Returns
    -------
    bool
        ``True`` when the two are one word.

    Examples
    --------
    >>> joins("区市", "町"), joins("町", "村域"), joins("人口", "規模"), joins("", "別")
    (True, True, False, False)
    """
    return bool(previous) and (len(previous) == 1 or len(form) == 1)


def text_words(
    texts: pd.DataFrame,
    *,
    book: ThemeBook,
    stop_words: Iterable[str] = STOP_WORDS,
    parts_of_speech: Sequence[str] = CONTENT_POS,
    compounds: bool = JOIN_ONE_CHARACTER_NOUNS,
) -> pd.DataFrame:
    """The distinct content words of every text: one row per (text, word), in text order and word order.

    Parameters
    ----------
    texts
        Free text: a ``text`` column and any key columns (``muni_code``, ``item_id`` …), which are kept.
    book
        Coding rules whose synonyms apply (the word of 繋ぎ is 繋ぐ when the rules say so).
    stop_words
        Normalised forms left out (default :data:`jusolib.text.kwic.STOP_WORDS`: する, いる, こと …).
    parts_of_speech
        First-level parts of speech counted (default nouns, verbs, adjectives, adjectival nouns).
    compounds
        Join a one-character noun to the noun written against it, counting the compound as one word (default
        :data:`JOIN_ONE_CHARACTER_NOUNS`: 区市＋町＋村域 → 区市町村域, :func:`joins`); ``False`` counts every
        word as the analyser gives it.

    Returns
    -------
    DataFrame
        The key columns, ``word`` (normalised form) and ``pos``; a text with no counted word has no row. A form
        with no letter or digit (an emoji or a symbol the analyser tags as a noun, ❤️) is not a word.
    """
    stops, kinds = frozenset(stop_words), frozenset(parts_of_speech)
    keys = [c for c in texts.columns if c != "text"]
    rows = []
    for record in texts.to_dict("records"):
        analysed = book.analyse(str(record["text"]))
        seen: dict[tuple[str, str], None] = {}
        kept: list[tuple[str, str]] = []
        previous = ""  # the last counted noun's own form; empty after any other token
        for token, form in zip(analysed.tokens, analysed.forms, strict=True):
            counted = token.pos in kinds and token.is_content and form not in stops and _has_letter(form)
            noun = counted and token.pos == "名詞"
            if compounds and noun and joins(previous, form):  # 区市＋町＋村域 → 区市町村域
                kept[-1] = (kept[-1][0] + form, "名詞")
            elif counted:
                kept.append((form, token.pos))
            previous = form if noun else ""
        for form, pos in kept:
            seen.setdefault((form, pos), None)
        for form, pos in seen:
            rows.append({**{k: record[k] for k in keys}, "word": form, "pos": pos})
    return pd.DataFrame(rows, columns=[*keys, "word", "pos"])


def _has_letter(form: str) -> bool:
    """True when a word has a letter or a digit: an emoji or a symbol the analyser calls a noun (❤️) is no word.

    Examples
    --------
    >>> _has_letter("連携"), _has_letter("❤️"), _has_letter("R6")
    (True, False, True)
    """
    return any(unicodedata.category(c)[0] in "LN" for c in form)


def group_word_counts(
    words: pd.DataFrame, units: pd.DataFrame, *, unit: Sequence[str], group: str
) -> pd.DataFrame:
    """Units using each word in each group and in the rest.

    Parameters
    ----------
    words
        :func:`text_words` of the texts in scope (it must hold the ``unit`` columns).
    units
        Every unit in scope, one row each: the ``unit`` columns and the ``group`` column. Its groups, in the
        order they first appear (or a categorical's order), are the groups compared; a unit with no counted
        word still counts in its group's size.
    unit
        The columns that identify a unit (``["muni_code"]``; ``["muni_code", "item_id"]`` for answers).
    group
        The column of ``units`` that holds each unit's group.

    Returns
    -------
    DataFrame
        ``group``, ``word``, ``pos``, ``a`` (units of the group using the word), ``group_n``, ``c`` (units of
        the rest using it), ``rest_n``; words in order of their total users (descending), then the word.
    """
    unit = list(unit)
    missing = [c for c in [*unit, group] if c not in units.columns] + [
        c for c in unit if c not in words.columns
    ]
    if missing:
        raise ParameterError(f"group_word_counts: columns {missing} are missing")
    if units.duplicated(unit).any():
        raise ParameterError(f"group_word_counts: units repeat a key of {unit}")
    column = units[group]
    order = (
        [str(c) for c in column.cat.categories if (column == c).any()]
        if isinstance(column.dtype, pd.CategoricalDtype)
        else [str(g) for g in dict.fromkeys(column.astype(str))]
    )
    group_of = dict(zip(map(tuple, units[unit].astype(str).to_numpy()), column.astype(str), strict=True))
    sizes = {g: sum(1 for v in group_of.values() if v == g) for g in order}
    total = len(group_of)
    users: dict[tuple[str, str], dict[str, set[tuple[str, ...]]]] = {}
    for key, word, pos in zip(
        map(tuple, words[unit].astype(str).to_numpy()), words["word"], words["pos"], strict=True
    ):
        if key in group_of:
            users.setdefault((word, pos), {}).setdefault(group_of[key], set()).add(key)
    ranked = sorted(users, key=lambda w: (-sum(len(s) for s in users[w].values()), w[0], w[1]))
    rows = []
    for g in order:
        for word, pos in ranked:
            by_group = users[(word, pos)]
            inside = len(by_group.get(g, ()))
            everyone = sum(len(s) for s in by_group.values())
            rows.append(
                {
                    "group": g,
                    "word": word,
                    "pos": pos,
                    "a": inside,
                    "group_n": sizes[g],
                    "c": everyone - inside,
                    "rest_n": total - sizes[g],
                }
            )
    return pd.DataFrame(rows, columns=["group", "word", "pos", "a", "group_n", "c", "rest_n"])
