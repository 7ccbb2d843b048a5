"""Exploring free text: keyword in context (KWIC) and word frequencies, on the analyser's normalised forms.

Both serve the analyst who writes or checks coding rules in JupyterLab: :func:`kwic` shows every place a word
occurs (in any spelling the analyser unifies — 取組／取組み／取り組み), with the words around it and whether the
negation rule of the coding rules would read it as negated; :func:`word_frequencies` counts content words
(nouns, verbs, adjectives) by how many respondents used them.

Examples
--------
>>> texts = pd.DataFrame({"muni_code": ["1", "2"], "item_id": "chg_internal_collab",
...                       "text": ["庁内の連携が進んだ", "連携はまだできていない"]})
>>> from jusolib.analysis.coding import load_themes
>>> book = load_themes(2024)
>>> kwic(texts, "連携", book=book)[["muni_code", "left", "keyword", "right", "negated"]].values.tolist()
[['1', '庁内の', '連携', 'が進んだ', False], ['2', '', '連携', 'はまだできていない', True]]
>>> word_frequencies(texts, book=book).head(2)[["word", "respondents", "occurrences"]].values.tolist()
[['連携', 2, 2], ['庁内', 1, 1]]
"""

from __future__ import annotations

import re
from collections import Counter

import pandas as pd

from jusolib.core.docstrings import shared_parameters
from jusolib.text.themes import ThemeBook

#: Tokens shown on each side of the keyword.
CONTEXT = 8
#: Normalised forms left out of word counts (too common in these answers to tell anything).
STOP_WORDS = frozenset(
    {"為る", "居る", "成る", "有る", "事", "こと", "もの", "物", "よう", "様", "等", "ため", "為"}
    # particles and connectives the analyser reads as verbs or nouns: による, を通じて, あわせて, という, ところ
    | {"よる", "通じる", "合わせる", "言う", "所", "はじめ"}
)


@shared_parameters
def kwic(texts: pd.DataFrame, word: str, *, book: ThemeBook, context: int = CONTEXT) -> pd.DataFrame:
    """Every occurrence of a word in the texts, with ``context`` tokens (as written) on each side.

    Parameters
    ----------
    texts
        Free text (``muni_code``, ``item_id``, ``text``, other key columns are kept).
    word
        A word or phrase, written as in a coding rule (it is tokenised and normalised the same way).
    book
        Coding rules whose synonyms and negation rule apply (:func:`jusolib.analysis.coding.load_themes`).
    context
        How many tokens (as written) to show on each side of the keyword (default :data:`CONTEXT`, 8).

    Returns
    -------
    DataFrame
        One row per occurrence, in the order of the texts: the key columns (every column but ``text``),
        ``left``, ``keyword`` (as written in the text), ``right`` and ``negated`` (whether the negation rule
        reads this occurrence as negated, e.g. 「連携はまだできていない」).
    """
    term = book.term(word)
    keys = [c for c in texts.columns if c != "text"]
    rows = []
    for record in texts.to_dict("records"):
        analysed = book.analyse(str(record["text"]))
        surfaces = [t.surface for t in analysed.tokens]
        for start, end in analysed.occurrences(term):
            rows.append(
                {
                    **{k: record[k] for k in keys},
                    "left": "".join(surfaces[max(0, start - context) : start]),
                    "keyword": "".join(surfaces[start:end]),
                    "right": "".join(surfaces[end : end + context]),
                    "negated": analysed.is_negated(end),
                }
            )
    return pd.DataFrame(rows, columns=[*keys, "left", "keyword", "right", "negated"])


def kwic_pattern(
    texts: pd.DataFrame, pattern: re.Pattern[str], *, book: ThemeBook, context: int = CONTEXT
) -> pd.DataFrame:
    """Every match of a regular expression in the texts (as written), with ``context`` tokens on each side.

    The texts are matched as the analyser reads them (the tokens' surfaces joined), so that the context is cut
    at token boundaries as in :func:`kwic`; a match that starts or ends inside a token keeps the rest of that
    token in the context. Empty matches are skipped.

    Parameters
    ----------
    texts
        Free text (``muni_code``, ``item_id``, ``text``, other key columns are kept).
    pattern
        A compiled regular expression.
    book
        Coding rules whose negation rule applies.
    context
        Tokens shown on each side.

    Returns
    -------
    DataFrame
        The key columns, ``left``, ``keyword`` (the matched text), ``right`` and ``negated`` (the word that ends
        the match is negated by what follows it).

    Examples
    --------
    >>> from jusolib.analysis.coding import load_themes
    >>> texts = pd.DataFrame({"muni_code": ["1"], "item_id": "x", "text": ["庁内の連携と協働が進んだ"]})
    >>> found = kwic_pattern(texts, re.compile("連携|協働"), book=load_themes(2024), context=2)
    >>> found[["left", "keyword", "right"]].values.tolist()
    [['庁内の', '連携', 'と協働'], ['連携と', '協働', 'が進ん']]
    """
    keys = [c for c in texts.columns if c != "text"]
    rows = []
    for record in texts.to_dict("records"):
        analysed = book.analyse(str(record["text"]))
        surfaces = [t.surface for t in analysed.tokens]
        bounds = [0]
        for surface in surfaces:
            bounds.append(bounds[-1] + len(surface))
        text = analysed.surface
        for match in pattern.finditer(text):
            if match.end() == match.start():
                continue
            first = max(i for i in range(len(surfaces)) if bounds[i] <= match.start())
            last = min(i for i in range(1, len(bounds)) if bounds[i] >= match.end())
            rows.append(
                {
                    **{k: record[k] for k in keys},
                    "left": "".join(surfaces[max(0, first - context) : first])
                    + text[bounds[first] : match.start()],
                    "keyword": match.group(0),
                    "right": text[match.end() : bounds[last]] + "".join(surfaces[last : last + context]),
                    "negated": analysed.is_negated(last),
                }
            )
    return pd.DataFrame(rows, columns=[*keys, "left", "keyword", "right", "negated"])


@shared_parameters
def word_frequencies(texts: pd.DataFrame, *, book: ThemeBook, by: str | None = None) -> pd.DataFrame:
    """Content words by the number of respondents who used them (and by occurrences), most frequent first.

    Content words are nouns, verbs, adjectives and adjectival nouns (:attr:`jusolib.text.morphology.Token.is_content`),
    counted by normalised form with the rules' synonyms applied; :data:`STOP_WORDS` are left out.

    Parameters
    ----------
    texts
        Free text with ``muni_code`` and ``text`` (and the ``by`` column).
    by
        A column of ``texts`` to count within (e.g. ``item_id`` or ``section``); ``None`` counts over all.

    Returns
    -------
    DataFrame
        (``by``,) ``word`` (normalised form), ``pos``, ``respondents`` (distinct ``muni_code``),
        ``occurrences``; ties in alphabetical order of the word. With ``by``, the groups keep their order of
        first appearance in ``texts``.
    """
    groups = [(None, texts)] if by is None else list(texts.groupby(by, sort=False))
    rows = []
    for key, part in groups:
        users: dict[tuple[str, str], set[str]] = {}
        occurrences: Counter[tuple[str, str]] = Counter()
        for muni, text in zip(part["muni_code"], part["text"], strict=True):
            analysed = book.analyse(str(text))
            for token, form in zip(analysed.tokens, analysed.forms, strict=True):
                if token.is_content and form not in STOP_WORDS:
                    users.setdefault((form, token.pos), set()).add(muni)
                    occurrences[(form, token.pos)] += 1
        for (form, pos), who in users.items():
            row = {"word": form, "pos": pos, "respondents": len(who), "occurrences": occurrences[(form, pos)]}
            rows.append(row if by is None else {by: key, **row})
    columns = ([] if by is None else [by]) + ["word", "pos", "respondents", "occurrences"]
    frame = pd.DataFrame(rows, columns=columns)
    order = ([] if by is None else [by]) + ["respondents", "occurrences", "word"]
    ascending = ([] if by is None else [True]) + [False, False, True]
    if by is not None:
        frame[by] = pd.Categorical(frame[by], categories=list(dict.fromkeys(texts[by])), ordered=True)
    frame = frame.sort_values(order, ascending=ascending, kind="stable").reset_index(drop=True)
    if by is not None:
        frame[by] = frame[by].astype(str)
    return frame
