"""Text normalisation shared by the resolver, the codebook and the cleaner.

All functions are pure and idempotent: ``f(f(x)) == f(x)``.

Examples
--------
>>> normalize_text("　あてはまる。 ")
'あてはまる'
>>> normalize_heading("問１－１　具体的な内容")
'問1-1具体的な内容'
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable, Mapping

#: Characters used for a dash in headings such as 「問1-1」.
_DASHES = re.compile(r"[‐‑‒–—―−－﹣ｰ]")
_DIGIT_CHOONPU_DIGIT = re.compile(r"(?<=\d)ー(?=\d)")
_WHITESPACE = re.compile(r"\s+")
#: Trailing punctuation that respondents add to a label (「あてはまる。」).
_TRAILING_PUNCT = re.compile(r"[。．.、,，!！]+$")


def is_blank(value: object) -> bool:
    """True for ``None``, NaN, ``pd.NA`` and strings that are empty or only whitespace.

    Parameters
    ----------
    value
        A raw cell of any type; full-width spaces count as whitespace.

    Returns
    -------
    bool
        False for anything else, ``0`` and ``"0"`` included (a list, tuple or dict is never blank).

    Examples
    --------
    >>> [is_blank(v) for v in (None, float("nan"), "", " \\u3000 ", "0", 0)]
    [True, True, True, True, False, False]
    """
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    if isinstance(value, str):
        return value.strip() == ""
    try:
        import pandas as pd

        return bool(pd.isna(value)) if not isinstance(value, list | tuple | dict) else False
    except (TypeError, ValueError):
        return False


def display_value(value: object) -> str:
    """A raw cell as logs and messages show it: ``""`` for empty (None, NaN), else ``str(value)``.

    Parameters
    ----------
    value
        A raw cell of any type.

    Returns
    -------
    str
        The value as text, unchanged otherwise (no stripping: the log shows what was found).

    Examples
    --------
    >>> display_value(None), display_value(float("nan")), display_value(1.0), display_value("あ")
    ('', '', '1.0', 'あ')
    """
    return "" if value is None or (isinstance(value, float) and math.isnan(value)) else str(value)


def normalize_text(value: str) -> str:
    """NFKC, strip, collapse inner whitespace to nothing, and drop trailing punctuation.

    Used for short coded values (answers, respondent types), not for free text.

    Parameters
    ----------
    value
        A short text as typed (an answer, a respondent type, a municipality name).

    Returns
    -------
    str
        Half-width letters and digits, full-width katakana, no whitespace anywhere, no trailing 。．.、,，!！.

    Examples
    --------
    >>> normalize_text("ｱﾃﾊﾏﾙ")
    'アテハマル'
    >>> normalize_text(" 当て はまる 。")
    '当てはまる'
    >>> normalize_text("１")
    '1'
    """
    return _until_stable(value, _normalize_text_once)


def _normalize_text_once(text: str) -> str:
    """One pass of :func:`normalize_text`."""
    text = _WHITESPACE.sub("", unicodedata.normalize("NFKC", text))
    return _TRAILING_PUNCT.sub("", unicodedata.normalize("NFKC", text))


def _until_stable(text: str, step: Callable[[str], str]) -> str:
    """Apply ``step`` until the text stops changing (removing a space can let NFKC compose two characters)."""
    for _ in range(8):
        new = step(text)
        if new == text:
            return new
        text = new
    return text


def normalize_heading(value: str) -> str:
    """Normalise a column heading for matching: NFKC, no whitespace, one kind of dash.

    Parameters
    ----------
    value
        A heading as found in a return file (anything: it is made text first).

    Returns
    -------
    str
        The heading with every dash (and a ー between digits) written ``-``, e.g. 「問1-2」.

    Examples
    --------
    >>> normalize_heading("問 1 ー 2")
    '問1-2'
    >>> normalize_heading("区市町村名\\n")
    '区市町村名'
    """
    return _until_stable(str(value), _normalize_heading_once)


def _normalize_heading_once(text: str) -> str:
    """One pass of :func:`normalize_heading`."""
    text = _WHITESPACE.sub("", unicodedata.normalize("NFKC", text))
    text = _DIGIT_CHOONPU_DIGIT.sub("-", text)
    return unicodedata.normalize("NFKC", _DASHES.sub("-", text))


def to_katakana(text: str) -> str:
    """Convert hiragana to katakana (other characters unchanged).

    Parameters
    ----------
    text
        Any text, e.g. a municipality's reading typed in hiragana.

    Returns
    -------
    str
        The text with ぁ–ゖ replaced by ァ–ヶ.

    Examples
    --------
    >>> to_katakana("せたがやく")
    'セタガヤク'
    """
    return "".join(chr(ord(c) + 0x60) if "ぁ" <= c <= "ゖ" else c for c in text)


def replace_variants(text: str, variants: Mapping[str, str]) -> str:
    """Replace 異体字 by their standard form, e.g. 稻 → 稲.

    Parameters
    ----------
    text
        Any text.
    variants
        Variant character → standard character
        (:func:`~jusolib.survey.reference.load_variant_characters`).

    Returns
    -------
    str
        The text with each variant character replaced.

    Examples
    --------
    >>> replace_variants("稻城市", {"稻": "稲"})
    '稲城市'
    """
    if not variants:
        return text
    return "".join(variants.get(c, c) for c in text)


def clean_free_text(value: str) -> str:
    """Free text as kept: stripped of surrounding whitespace, line breaks unified; otherwise untouched.

    Parameters
    ----------
    value
        A free-text answer as found in the return.

    Returns
    -------
    str
        The text with ``\\r\\n`` and ``\\r`` written ``\\n`` and no whitespace at either end.

    Examples
    --------
    >>> clean_free_text("  様式が多く複雑\\r\\n提出期間が短い　")
    '様式が多く複雑\\n提出期間が短い'
    """
    return value.replace("\r\n", "\n").replace("\r", "\n").strip()


#: Marks people put around or before a chosen option: 「あてはまる」, ○あてはまる, ■ あてはまる.
_ENCLOSING = re.compile(r"^[「『\"'“”‘’（(【\[]+|[」』\"'“”‘’）)】\]]+$")
_LEADING_MARKS = re.compile(r"^[○◯●◎■□☑✓✔・※→]+")


def spelling_key(value: str) -> str:
    """A short coded value reduced to what cannot be misread: :func:`normalize_text`, hiragana as katakana
    (ｱﾃﾊﾏﾙ, アテハマル and あてはまる are one answer), without enclosing brackets or quotes and without a leading
    mark (○, ■, ・). Two options whose keys are the same cannot be told apart this way, and then neither is read
    by its key (see :func:`jusolib.clean.cleaner.with_spelling_variants`).


    Parameters
    ----------
    value
        A short coded value as written (an answer).

    Returns
    -------
    str
        The key two spellings of one answer share.
    Examples
    --------
    >>> spelling_key("ｱﾃﾊﾏﾙ") == spelling_key("あてはまる") == spelling_key("「あてはまる」") == spelling_key("○あてはまる")
    True
    >>> spelling_key("当てはまる")
    '当テハマル'
    """

    def once(text: str) -> str:
        text = _LEADING_MARKS.sub("", normalize_text(text))
        while True:
            stripped = _ENCLOSING.sub("", text)
            if stripped == text:
                break
            text = stripped
        return to_katakana(text)

    return _until_stable(str(value), once)
