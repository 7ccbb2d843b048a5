"""Japanese typography: where a line may break (phrases, never inside a listed word), and Markdown lines joined.

Pages, charts and slides wrap Japanese text between phrases (BudouX's model); a soft line break in Markdown
between Japanese characters is no space.

Examples
--------
>>> wrap_phrases("地域生活課題を解決するための有機的な連携", 18)
['地域生活課題を解決するための有機的な', '連携']
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence

from jusolib.core.resources import texts


@functools.lru_cache(maxsize=1)
def _phrase_parser() -> object:
    """BudouX's Japanese model, loaded once."""
    import budoux

    return budoux.load_default_japanese_parser()


#: A text of at most this many characters is never broken (headers, labels, answer options).
SHORT_TEXT = 8
#: A run of digits or Latin letters (with inner . , : / as in 「82.6」「1,741」「n=23」) is never broken.
_ALNUM_RUN = r"[0-9A-Za-z０-９Ａ-Ｚａ-ｚ]+(?:[.,:/=][0-9A-Za-z０-９Ａ-Ｚａ-ｚ]+)*"


@functools.lru_cache(maxsize=1)
def _listed_words() -> frozenset[str]:
    """``unbreakable_words`` of ``texts.yaml``, read once."""
    return frozenset(texts().get("unbreakable_words", []))


def unbroken_words() -> frozenset[str]:
    """Words never broken: those listed in ``resources/texts.yaml`` (``unbreakable_words``: the codebooks'
    answer and respondent-type labels, 重層的支援体制, 制度のはざま, 担い手 …).

    Returns
    -------
    frozenset of str
        The words (read once per process).

    Examples
    --------
    >>> {"重層的支援体制", "回答者"} <= unbroken_words()
    True
    """
    return _listed_words()


def join_breaks(parts: Sequence[str], words: Iterable[str] = ()) -> tuple[str, ...]:
    """Phrases of a text rejoined where a break is not allowed: inside a run of digits or Latin letters, and
    inside any of ``words`` (wherever it occurs in the text).

    Parameters
    ----------
    parts
        The text cut into phrases (as BudouX cuts it), in order.
    words
        Words a line must not break inside.

    Returns
    -------
    tuple of str
        The phrases, neighbours joined where the cut between them falls inside a run or a word; joined
        together they are the text.

    Examples
    --------
    >>> join_breaks(["人口（202", "2年1月1日", "推計）"])
    ('人口（2022年1月1日', '推計）')
    >>> join_breaks(["内訳 あては", "まらない"], ["あてはまらない"])
    ('内訳 あてはまらない',)
    >>> join_breaks(["全回", "答者23が"], ["回答者"]), join_breaks(["地域の", "担い", "手養成"], ["担い手"])
    (('全回答者23が',), ('地域の', '担い手養成'))
    """
    text = "".join(parts)
    blocked: set[int] = set()
    for run in _pattern(_ALNUM_RUN).finditer(text):
        blocked.update(range(run.start() + 1, run.end()))
    for word in words:
        start = text.find(word)
        while start >= 0:
            blocked.update(range(start + 1, start + len(word)))
            start = text.find(word, start + 1)
    joined: list[str] = []
    position = 0
    for part in parts:
        if joined and position in blocked:
            joined[-1] += part
        else:
            joined.append(part)
        position += len(part)
    return tuple(joined)


def phrases(text: str, keep: Iterable[str] | None = None, shortest: int = SHORT_TEXT) -> tuple[str, ...]:
    """Japanese text split at phrase boundaries (BudouX's model, shipped in its wheel), for wrapping.

    Never broken: a text of at most ``shortest`` characters (default :data:`SHORT_TEXT`), a run of digits or Latin
    letters, and the words ``keep`` (default :func:`unbroken_words`) — see :func:`join_breaks`.

    Parameters
    ----------
    text
        Japanese text (a title, a label, a sentence).
    keep
        Words never broken; ``None`` for :func:`unbroken_words`.
    shortest
        A text of at most this many characters is one phrase (0: a short heading in a narrow box may break too).

    Returns
    -------
    tuple of str
        The phrases in order; joined together they are the text.

    Examples
    --------
    >>> phrases("地域住民等が相互に交流を図ることのできる拠点")
    ('地域住民等が', '相互に', '交流を', '図る', 'ことの', 'できる', '拠点')
    >>> phrases("課題"), phrases("あてはまらない"), phrases("交付金等の課題", shortest=0)
    (('課題',), ('あてはまらない',), ('交付金等の', '課題'))
    """
    return _phrases(text, unbroken_words() if keep is None else frozenset(keep), shortest)


@functools.lru_cache(maxsize=4096)
def _phrases(text: str, keep: frozenset[str], shortest: int = SHORT_TEXT) -> tuple[str, ...]:
    """:func:`phrases`, cached by text, kept words and the shortest text broken."""
    if len(text) <= shortest:
        return (text,)
    parts = tuple(_phrase_parser().parse(text)) or (text,)  # type: ignore[attr-defined]
    return join_breaks(parts, [w for w in keep if w in text])


#: East Asian characters (kana, kanji, full-width forms and punctuation): a line break between two of them is no
#: space in Japanese.
_CJK = "\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"
_EAST_ASIAN = f"[{_CJK}]"
#: A soft line break in Markdown (inline marks ** _ ` around it allowed) between characters that join without a
#: space: Japanese, or Japanese and a digit (「全回答者の\\n2つの基数」); the next line must not start a block
#: (list item, heading, quote, table row).
_SOFT_BREAK = f"(?<=[{_CJK}0-9%])([*_`]*)[ \\t]*\\n[ \\t]*(?![-+*] |#|>|\\||\\d+[.)] )([*_`]*)(?=[{_CJK}0-9])"


@functools.cache
def _pattern(source: str) -> re.Pattern[str]:
    """A regular expression of this module, compiled when first used (compiling the three of them took as long
    as importing the rest of the module, and every notebook imports it)."""
    return re.compile(source)


def join_cjk_lines(markdown: str) -> str:
    """Markdown with the line breaks between Japanese characters removed, so that a paragraph written on several
    source lines shows no stray space (「2つの回答を 項目ごとに」); list items, headings and breaks next to Latin
    words (「Wilson の」) stay as written. The one rule for notebook Markdown, notices and ``texts.yaml``
    paragraphs.

    Parameters
    ----------
    markdown
        Markdown text, e.g. a notebook cell or a paragraph of ``texts.yaml``.

    Returns
    -------
    str
        The same Markdown with those soft line breaks (and the spaces around them) removed.

    Examples
    --------
    >>> join_cjk_lines("同じ区市の2つの回答を\\n項目ごとに組にして")
    '同じ区市の2つの回答を項目ごとに組にして'
    >>> join_cjk_lines("示す。\\n**パネル**を先に"), join_cjk_lines("全回答者の\\n2つの基数"), join_cjk_lines("は\\nWilson")
    ('示す。**パネル**を先に', '全回答者の2つの基数', 'は\\nWilson')
    >>> join_cjk_lines("読み方\\n- パネル: 区間は\\n  Newcombe の方法\\n- 全回答: 重なる\\n  （独立でない）")
    '読み方\\n- パネル: 区間は\\n  Newcombe の方法\\n- 全回答: 重なる（独立でない）'
    >>> join_cjk_lines("段落。\\n\\n次の段落"), join_cjk_lines("23\\n30"), join_cjk_lines("## 見出し\\n本文")
    ('段落。\\n\\n次の段落', '23\\n30', '## 見出し\\n本文')
    """

    def join(match: re.Match[str]) -> str:
        text = match.string
        before, after = text[match.start() - 1], text[match.end()]
        line = text[text.rfind("\n", 0, match.start()) + 1 : match.start()].lstrip()
        if line.startswith(("#", "|")):  # a heading or a table row ends at its line
            return match.group(0)
        if _pattern(_EAST_ASIAN).match(before) or _pattern(_EAST_ASIAN).match(after):
            return match.group(1) + match.group(2)
        return match.group(0)

    return _pattern(_SOFT_BREAK).sub(join, markdown)


def wrap_phrases(text: str, width: int, *, balance: bool = False) -> list[str]:
    """Lines of at most ``width`` characters, broken only between phrases (a longer phrase is cut).

    With ``balance``, the same number of lines is kept but their lengths are evened out (no orphan word on the
    last line).

    Parameters
    ----------
    text
        Japanese text (a chart title, a slide heading, an axis label).
    width
        The most characters a line may hold (each character counts one, full- or half-width).
    balance
        Even out the lines' lengths, keeping their number.

    Returns
    -------
    list of str
        The lines in order (one line, possibly empty, for an empty text).

    Examples
    --------
    >>> wrap_phrases("地域生活課題を解決するための有機的な連携", 18)
    ['地域生活課題を解決するための有機的な', '連携']
    >>> wrap_phrases("地域生活課題を解決するための有機的な連携", 18, balance=True)
    ['地域生活課題を解決する', 'ための有機的な連携']
    >>> wrap_phrases("地域住民等が相互に交流を図ることのできる拠点", 12)
    ['地域住民等が相互に交流を', '図ることのできる拠点']
    >>> wrap_phrases("課題", 14)
    ['課題']
    """
    lines: list[str] = []
    line = ""
    for phrase in phrases(str(text)):
        while len(phrase) > width:
            if line:
                lines.append(line)
                line = ""
            lines.append(phrase[:width])
            phrase = phrase[width:]
        if len(line) + len(phrase) > width and line:
            lines.append(line)
            line = ""
        line += phrase
    if line or not lines:
        lines.append(line)
    if balance and len(lines) > 1:
        for narrower in range(-(-len(text) // len(lines)), width):
            candidate = wrap_phrases(text, narrower)
            if len(candidate) == len(lines):
                return candidate
    return lines
