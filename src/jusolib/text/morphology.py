"""Japanese morphological analysis of free text: SudachiPy with sudachidict-core, loaded once per process.

Free text is split into tokens, each with its surface (as written), its *normalised form* and its part of
speech. Coding rules, KWIC and word counts all work on normalised forms, so that 表記揺れ — 取り組み／取組み／取組,
子ども／子供, 立上げ／立ち上げ, すすむ／進む, 位置づけ／位置付け — is one word. Sudachi's split mode C keeps
the compounds an analyst would name (居場所, 関係性, 未実施, 世帯員) as one token.

Why SudachiPy and not fugashi + unidic-lite
-------------------------------------------
Both were run on the synthetic free text of FY2024 and FY2025 and on the hand-written test texts (1,431 texts;
``benchmarks/compare_tokenisers.py`` repeats the comparison where fugashi is installed). unidic-lite's lemma
unified more groups of spelling variants (12 of 13 against 9 of 13) and, splitting words finer, found a rule's
word inside more compounds (相談 in 相談窓口). SudachiPy was chosen because:

- split mode C keeps the compounds an analyst names as one word (7 of 8: 居場所, 関係性, 世帯員, 役割分担 …,
  against 1 of 8): unidic-lite reads 居場所 as 居る + 場所, so a rule on 場所 or 関係 also matches 居場所 or
  関係機関, and word counts list 居る;
- its normalised form is a written word, while unidic-lite's lemma appended an English gloss to 260 tokens
  (``コーディネーター-coordinator``) and had none for 20 unknown words (``CSW``);
- sudachidict-core is maintained (a release in 2026) while unidic-lite ships UniDic 2.1.2 (2013) and was last
  released in 2021; SudachiPy tokenised the texts in 218 ms against 382 ms.

The variants Sudachi leaves apart (つける／づける／付ける, つなぎ／繋ぎ, はざま／狭間, すすめる／進める,
知れる／知る) are listed under ``synonyms:`` in the coding rules (``data/raw/codebook/FYxxxx.themes.yaml``), where an analyst can add more.

The analyser is imported on first use only (``import jusolib`` stays cheap) and its dictionary is loaded once
per process; each thread gets its own tokenizer over that dictionary (Sudachi tokenizers are not thread-safe).

Examples
--------
>>> [t.form for t in tokenize("取組みを進めた")]
['取り組み', 'を', '進める', 'た']
>>> [t.form for t in tokenize("取り組み")] == [t.form for t in tokenize("取組")]
True
>>> tokenize("連携ができていない")[-1].is_negation
True
"""

from __future__ import annotations

import functools
import threading
import unicodedata
from dataclasses import dataclass
from typing import Any

from jusolib.core.errors import JusolibError

#: The Sudachi dictionary edition used (``sudachidict-core``).
DICTIONARY = "core"
#: Normalised forms that negate what comes before them (助動詞 ない／ず／ぬ and 形容詞 無い as in 「負担がない」).
NEGATION_FORMS = frozenset({"ない", "無い", "ず", "ぬ"})
#: Conjunctive particles that do not end a clause (「できていない」 is で+き+て+い+ない: て continues it).
_CONTINUING_PARTICLES = frozenset({"て", "で"})

_local = threading.local()


@dataclass(frozen=True, slots=True)
class Token:
    """One morpheme: as written, its normalised form, and its part of speech (two levels)."""

    surface: str
    form: str
    pos: str
    pos_detail: str

    @property
    def is_negation(self) -> bool:
        """True for ない／無い／ず／ぬ (see :data:`NEGATION_FORMS`)."""
        return self.form in NEGATION_FORMS and self.pos in ("助動詞", "形容詞")

    @property
    def ends_clause(self) -> bool:
        """True for punctuation and clause-ending conjunctive particles (が, けれど, し …; not て／で).

        The negation rule of the coding rules looks no further than this.
        """
        if self.pos == "補助記号":
            return True
        return self.pos_detail == "接続助詞" and self.form not in _CONTINUING_PARTICLES

    @property
    def is_content(self) -> bool:
        """True for nouns, verbs, adjectives and adjectival nouns that carry meaning (word counts use these)."""
        if self.pos not in ("名詞", "動詞", "形容詞", "形状詞"):
            return False
        return self.pos_detail not in ("非自立可能", "数詞", "助動詞語幹")


@functools.lru_cache(maxsize=1)
def _dictionary() -> Any:
    try:
        from sudachipy import Dictionary
    except ImportError as exc:  # pragma: no cover - the dependency is installed with jusolib
        raise JusolibError(
            "free-text analysis needs SudachiPy and its dictionary: pip install sudachipy sudachidict-core "
            "(both are in requirements.lock; `make test` or `make report` installs them)"
        ) from exc
    return Dictionary(dict=DICTIONARY)


def _tokenizer() -> Any:
    tokenizer = getattr(_local, "tokenizer", None)
    if tokenizer is None:
        from sudachipy import SplitMode

        tokenizer = _dictionary().tokenizer(SplitMode.C, fields={"pos", "normalized_form"})
        _local.tokenizer = tokenizer
    return tokenizer


def load_analyser() -> None:
    """Load the dictionary now (it is otherwise loaded on the first :func:`tokenize`)."""
    _tokenizer()


def prepare(text: str) -> str:
    """The text as analysed: NFKC (full-width letters and digits, half-width kana), nothing else changed.

    Parameters
    ----------
    text
        Any text (a free-text answer, or a word of a coding rule).

    Returns
    -------
    str
        The text in Unicode normalisation form NFKC: ＣＳＷ → CSW, ２ → 2, ｶﾅ → カナ.

    Examples
    --------
    >>> prepare("ＣＳＷを２名配置")
    'CSWを2名配置'
    """
    return unicodedata.normalize("NFKC", text)


def tokenize(text: str) -> tuple[Token, ...]:
    """Tokens of a text (split mode C, normalised forms).

    Parameters
    ----------
    text
        Any text; line breaks and spaces are dropped as tokens.

    Returns
    -------
    tuple of Token
        The morphemes of the NFKC text (:func:`prepare`) in order: surface, normalised form and the first two
        levels of the part of speech.

    Examples
    --------
    >>> [(t.surface, t.form) for t in tokenize("子どもの居場所づくり")]
    [('子ども', '子供'), ('の', 'の'), ('居場所', '居場所'), ('づくり', '作り')]
    """
    out = []
    for morpheme in _tokenizer().tokenize(prepare(text)):
        pos = morpheme.part_of_speech()
        if pos[0] == "空白":
            continue
        out.append(Token(morpheme.surface(), morpheme.normalized_form(), pos[0], pos[1]))
    return tuple(out)


def analyser_versions() -> dict[str, str]:
    """The analyser, its dictionary and their versions: what a coding depends on besides the texts and rules.

    Returns
    -------
    dict of str
        ``sudachipy`` (its version), ``dictionary`` (``sudachidict-core``) and ``dictionary_version``;
        ``"not installed"`` for a package that is missing.

    Examples
    --------
    >>> sorted(analyser_versions())
    ['dictionary', 'dictionary_version', 'sudachipy']
    """
    return {
        "sudachipy": _version("sudachipy"),
        "dictionary": f"sudachidict-{DICTIONARY}",
        "dictionary_version": _version("sudachidict-core"),
    }


def _version(package: str) -> str:
    from importlib import metadata  # imported when asked: it doubles what importing this module costs

    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "not installed"
