"""Likely personal data in free text: find it before reports go out, and mask it on request.

Welfare free text can hold a phone number or 「山田太郎様の世帯」, and the reports go to every municipality that
answered. The build scans every 「具体的な内容」 answer (and every raw value in the rejection log, where note rows
with a contact person end up) and lists each hit with its file, row, item and span in ``build.json`` and on the
91_data_quality page; ``jusolib render`` warns with the count, and ``--redact`` (the notebooks' ``redact``
parameter) masks the spans in every output. ``data/processed`` keeps the text verbatim.

The patterns, all in this module:

================ ============================================================================================
kind             what counts (digits may be full-width, dashes any of - ‐ − － ー)
================ ============================================================================================
``phone``        a number starting 0 (or +81) with 10–11 digits, grouped or not: 03-1234-5678, (03)1234-5678,
                 090１２３４５６７８, 0120-123-456
``email``        name@domain.tld (also with a full-width ＠)
``postal_code``  〒123-4567, or 123-4567 standing alone
``name``         a kanji name of 2–6 characters (a space between family and given name allowed) right before
                 様, さん or 氏 (also 様宅, さん宅) — unless it is a role or organisation (:data:`NOT_NAME_SUFFIXES`: 利用者様,
                 住民さん, 民生委員さん, 社協さん …) or an ordinary word (:data:`WORDS_WITH_HONORIFIC`: 同様,
                 多様, 皆様, 同氏 …); 様々, 様式, 様子 and 氏名 are not honorifics
``birth_date``   a date with at least year and month followed by 生 or 生まれ (昭和50年1月1日生, 1975/1/1生まれ),
                 or after 生年月日
================ ============================================================================================

A hit is a flag for a person to check, not a verdict: the name rule misses names in kana or katakana, single-
kanji family names (林さん) and given names alone, and can flag a place or group named like a person. Names
already anonymised (Aさん, ○○様) are not flagged.

Examples
--------
>>> [(h.kind, h.text) for h in find_personal_data("山田太郎様の世帯（電話 03-1234-5678）")]
[('name', '山田太郎'), ('phone', '03-1234-5678')]
>>> redact_text("山田太郎様の世帯（電話 03-1234-5678）")
'［氏名］様の世帯（電話 ［電話番号］）'
>>> find_personal_data("地域の皆様、利用者様、住民さんと同様に、令和6年4月から8050問題に3か所で取り組む")
[]
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

#: Japanese labels of the kinds, as the reports and the masks show them.
KIND_LABELS = {
    "phone": "電話番号",
    "email": "メールアドレス",
    "postal_code": "郵便番号",
    "name": "氏名",
    "birth_date": "生年月日",
}
#: Which kind wins where two hits overlap (earlier wins).
_PRIORITY = ("email", "phone", "birth_date", "postal_code", "name")

_D = "[0-9０-９]"
_DASHES = r"\-‐‑‒–—―−－ー"
_SEP = f"[{_DASHES}]"
_KANJI = "[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff々〆ヶ]"
_PHONE_SEP = f"[{_DASHES}()（）]"
_ASCII_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")

_PHONE = re.compile(
    rf"(?<![0-9０-９.．])"
    rf"(?:[+＋](?:81|８１)[\s{_DASHES}]?(?:[(（]{_D}{{1,4}}[)）]|{_D}{{1,4}})"
    rf"|[(（][0０]{_D}{{1,4}}[)）]|[0０]{_D}{{1,4}})"
    rf"\s?{_PHONE_SEP}?\s?{_D}{{1,4}}\s?{_PHONE_SEP}?\s?{_D}{{3,4}}"
    rf"(?![0-9０-９])"
)
_EMAIL = re.compile(r"[A-Za-z0-9._%+\-]+[@＠][A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}")
_POSTAL = re.compile(
    rf"〒\s?{_D}{{3}}{_SEP}?{_D}{{4}}(?![0-9０-９])"
    rf"|(?<![0-9０-９])(?<!{_D}{_SEP}){_D}{{3}}{_SEP}{_D}{{4}}(?![0-9０-９]|{_SEP}{_D})"
)
_ERA = "(?:明治|大正|昭和|平成|令和|[MTSHRＭＴＳＨＲ明大昭平令])"
_DATE = (
    rf"{_ERA}?\s?(?:{_D}{{1,4}}|元)\s?(?:年|[./．／{_DASHES}])\s?{_D}{{1,2}}\s?(?:月|[./．／{_DASHES}])?"
    rf"(?:\s?{_D}{{1,2}}\s?日?)?"
)
_BIRTH = re.compile(
    rf"(?<![0-9０-９]){_DATE}\s?生(?:まれ)?(?!{_KANJI})|生年月日\s?[:：]?\s?(?P<date>{_DATE})(?![0-9０-９])"
)
_NAME = re.compile(
    rf"(?<!{_KANJI})(?P<run>{_KANJI}{{2,12}}|{_KANJI}{{1,6}}[ 　]{_KANJI}{{1,6}})[ 　]?"
    rf"(?P<honorific>さん|様(?:(?=[宅方邸家])|(?![々\u3400-\u4dbf\u4e00-\u9fff]))|氏(?!{_KANJI}))"
)

#: A kanji run right before an honorific that ends with one of these is a role, a relation or an
#: organisation, not a person's name (利用者様, 住民さん, 民生委員さん, 社協さん, 区役所さん, ご本人様 …).
#: Single characters also split a run: in 福祉課山田様 the name is 山田.
NOT_NAME_SUFFIXES: tuple[str, ...] = (
    *"者民員族長師士生所協会局課係室館校園院庁省府区市町都県国家主手先店社団体母父兄姉弟妹妻嫁婿孫娘親客殿達等関業設括政署職御察",
    "本人",
    "住人",
    "法人",
    "個人",
    "管理人",
    "主人",
    "老人",
    "外国人",
    "知人",
    "友人",
    "後見人",
    "保証人",
    "隣人",
    "成人",
    "他人",
    "当人",
    "世話人",
    "代理人",
    "職人",
    "大人",
    "息子",
    "旦那",
    "担当",
    "先方",
    "相手方",
    "貴方",
    "行政",
    "包括",
    "民生",
    "近所",
)
#: One kanji that forms an ordinary word with the honorific that follows it (同様, 多様, 皆様, 同氏, 皆さん …):
#: such a run is not a name (前回同様, 多種多様).
WORDS_WITH_HONORIFIC = {
    "様": "多同一仕模異有皆貴王神仏殿奥客外左逆人斯今",
    "氏": "同両各諸彼某",
    "さん": "皆奥娘",
}
_ROLE_CHARS = frozenset(s for s in NOT_NAME_SUFFIXES if len(s) == 1)


@dataclass(frozen=True)
class Hit:
    """One likely item of personal data: its kind and where it is in the text (``text[start:end]``)."""

    kind: str
    start: int
    end: int
    text: str

    @property
    def label(self) -> str:
        return KIND_LABELS[self.kind]


def _phone_hits(text: str) -> Iterable[Hit]:
    for match in _PHONE.finditer(text):
        digits = re.sub(r"\D", "", match.group()).translate(_ASCII_DIGITS)
        digits = "0" + digits[2:] if match.group().lstrip("(（").startswith(("+", "＋")) else digits
        if digits.startswith("0") and 10 <= len(digits) <= 11:
            yield Hit("phone", match.start(), match.end(), match.group())


def _name_hits(text: str) -> Iterable[Hit]:
    for match in _NAME.finditer(text):
        run, honorific = match.group("run"), match.group("honorific")
        words = run.replace("　", " ").split(" ")
        last = words[-1]
        if last.endswith(NOT_NAME_SUFFIXES) or last[-1] in WORDS_WITH_HONORIFIC[honorific]:
            continue
        # the name is what follows the last role character (福祉課山田 → 山田), at most six characters
        cut = max((i + 1 for i, c in enumerate(run) if c in _ROLE_CHARS), default=0)
        name = run[cut:].strip()
        if len(name.replace(" ", "").replace("　", "")) < 2:
            continue
        start = match.start("run") + run.index(name, cut)
        yield Hit("name", start, start + len(name), name)


def _simple_hits(kind: str, pattern: re.Pattern[str], text: str, group: str | int = 0) -> Iterable[Hit]:
    for match in pattern.finditer(text):
        g = group if match.group(group) is not None else 0
        yield Hit(kind, match.start(g), match.end(g), match.group(g))


def find_personal_data(text: str) -> list[Hit]:
    """Every likely item of personal data in ``text``, in order, without overlaps.

    Where two hits overlap, the kind listed first in the patterns' priority wins (e-mail, phone, birth date,
    postal code, name).

    Parameters
    ----------
    text
        A free-text answer (anything else, or an empty text, has no hits).

    Returns
    -------
    list of Hit
        Each hit's kind (``phone``, ``email``, ``postal_code``, ``name``, ``birth_date``), its span
        ``start``–``end`` (``text[start:end]``) and the text found, in the order of the text.

    Examples
    --------
    >>> [(h.kind, h.text) for h in find_personal_data("〒160-0023 連絡は yamada@example.jp へ。昭和50年1月1日生")]
    [('postal_code', '〒160-0023'), ('email', 'yamada@example.jp'), ('birth_date', '昭和50年1月1日生')]
    """
    if not isinstance(text, str) or not text:
        return []
    candidates = [
        *_simple_hits("email", _EMAIL, text),
        *_phone_hits(text),
        *_simple_hits("birth_date", _BIRTH, text, "date"),
        *_simple_hits("postal_code", _POSTAL, text),
        *_name_hits(text),
    ]
    candidates.sort(key=lambda h: (_PRIORITY.index(h.kind), h.start))
    kept: list[Hit] = []
    for hit in candidates:
        if all(hit.end <= k.start or hit.start >= k.end for k in kept):
            kept.append(hit)
    return sorted(kept, key=lambda h: h.start)


def mask(kind: str) -> str:
    """What replaces a hit of ``kind`` when the output is redacted.

    Parameters
    ----------
    kind
        A kind of :data:`KIND_LABELS` (``"phone"``, ``"email"``, ``"postal_code"``, ``"name"``,
        ``"birth_date"``).

    Returns
    -------
    str
        The kind's Japanese label in full-width brackets.

    Examples
    --------
    >>> mask("phone")
    '［電話番号］'
    """
    return f"［{KIND_LABELS[kind]}］"


def redact_text(text: object) -> object:
    """``text`` with every hit replaced by its mask (non-text values are returned as they are).

    Parameters
    ----------
    text
        A free-text value (``None``, NaN or a number pass through).

    Returns
    -------
    object
        The text with each hit of :func:`find_personal_data` replaced by :func:`mask` of its kind; ``text``
        itself when it is not a ``str``.

    Examples
    --------
    >>> redact_text("担当: 佐藤 花子さん（090-1234-5678）")
    '担当: ［氏名］さん（［電話番号］）'
    >>> redact_text(None) is None
    True
    """
    if not isinstance(text, str):
        return text
    out, position = [], 0
    for hit in find_personal_data(text):
        out += [text[position : hit.start], mask(hit.kind)]
        position = hit.end
    out.append(text[position:])
    return "".join(out)


HIT_COLUMNS = ["kind", "label", "start", "end", "span"]


def scan_frame(frame: pd.DataFrame, column: str, keep: Sequence[str] = ()) -> pd.DataFrame:
    """One row per hit in ``frame[column]``: the ``keep`` columns of its row, then :data:`HIT_COLUMNS`.

    Parameters
    ----------
    frame
        Any frame with a text column (the input is not changed).
    column
        The column to scan (values that are not text are skipped).
    keep
        Columns of ``frame`` copied onto each hit to locate it (e.g. ``item_id``, ``file``, ``row``).

    Returns
    -------
    DataFrame
        The ``keep`` columns, ``kind``, ``label`` (Japanese), ``start``, ``end`` and ``span`` (the text
        found), in the order of the rows and, within a text, of the hits; no rows when nothing is found.

    Examples
    --------
    >>> texts = pd.DataFrame({"item_id": ["a", "b"], "text": ["03-1234-5678", "令和6年4月から"]})
    >>> scan_frame(texts, "text", keep=["item_id"]).values.tolist()
    [['a', 'phone', '電話番号', 0, 12, '03-1234-5678']]
    """
    rows = []
    values = frame[column].tolist()
    kept = frame[list(keep)].to_dict("records") if keep else [{}] * len(frame)
    for record, text in zip(kept, values, strict=True):
        for hit in find_personal_data(text) if isinstance(text, str) else ():
            rows.append(
                {
                    **record,
                    "kind": hit.kind,
                    "label": hit.label,
                    "start": hit.start,
                    "end": hit.end,
                    "span": hit.text,
                }
            )
    return pd.DataFrame(rows, columns=[*keep, *HIT_COLUMNS])


def redact_frame(frame: pd.DataFrame, columns: Sequence[str]) -> pd.DataFrame:
    """A copy of ``frame`` with the text of ``columns`` redacted (the input is not changed).

    Parameters
    ----------
    frame
        Any frame.
    columns
        The text columns to redact (:func:`redact_text` on each value).

    Returns
    -------
    DataFrame
        A copy of ``frame``, those columns redacted, every other column as it was.

    Examples
    --------
    >>> redact_frame(pd.DataFrame({"text": ["田中一郎氏が来所"]}), ["text"])["text"].tolist()
    ['［氏名］氏が来所']
    """
    out = frame.copy()
    for column in columns:
        out[column] = [redact_text(v) for v in frame[column].tolist()]
    return out


#: Columns of :func:`scan_returns` (and of the hits in ``build.json``).
REPORT_COLUMNS = ["source", "file", "row", "column", "item_id", *HIT_COLUMNS]


def scan_returns(
    free_text: pd.DataFrame,
    respondents: pd.DataFrame,
    rejection_log: pd.DataFrame,
    columns: Mapping[str, str],
) -> pd.DataFrame:
    """Every hit in a build's free text and in the raw values of its rejection log, located in the returns.

    Parameters
    ----------
    free_text
        The tidy free text (respondent_type, muni_code, item_id, text).
    respondents
        Who answered, with ``source_file`` and ``source_row`` (to locate each text in its return).
    rejection_log
        Rows not used (file, row, column, raw_value): note rows often carry a contact person.
    columns
        The free-text column heading of each item id (to name the column).

    Returns
    -------
    DataFrame
        :data:`REPORT_COLUMNS`, sorted by file, row and position; ``source`` is ``free_text`` or
        ``rejection_log``.

    Examples
    --------
    >>> free = pd.DataFrame({"respondent_type": ["municipality"], "muni_code": ["131016"], "item_id": ["a"],
    ...                      "text": ["山田様より"]})
    >>> who = pd.DataFrame({"respondent_type": ["municipality"], "muni_code": ["131016"],
    ...                     "source_file": ["r.csv"], "source_row": [2]})
    >>> log = pd.DataFrame({"file": ["r.csv"], "row": [9], "column": [None], "raw_value": ["〒100-0001"]})
    >>> scan_returns(free, who, log, {"a": "問1-1 具体的な内容"})[["source", "row", "column", "span"]].values.tolist()
    [['free_text', 2, '問1-1 具体的な内容', '山田'], ['rejection_log', 9, None, '〒100-0001']]
    """
    where = respondents.set_index(["respondent_type", "muni_code"])[["source_file", "source_row"]]
    located = free_text.join(where, on=["respondent_type", "muni_code"]).rename(
        columns={"source_file": "file", "source_row": "row"}
    )
    located["column"] = located["item_id"].map(dict(columns))
    texts = scan_frame(located, "text", keep=["file", "row", "column", "item_id"]).assign(source="free_text")
    logged = scan_frame(rejection_log, "raw_value", keep=["file", "row", "column"]).assign(
        source="rejection_log", item_id=None
    )
    frames = [f for f in (texts, logged) if len(f)]
    if not frames:
        return pd.DataFrame(columns=REPORT_COLUMNS)
    hits = pd.concat(frames, ignore_index=True)[REPORT_COLUMNS]
    hits["row"] = hits["row"].astype(int)
    return hits.sort_values(["file", "row", "source", "column", "start"], kind="stable", na_position="first")
