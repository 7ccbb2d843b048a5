"""Coding rules for the 「具体的な内容」 free text: themes per item, kept beside the codebook.

``data/raw/codebook/FYxxxx.themes.yaml`` lists, for each item id, the themes an analyst looks for in what the
municipalities wrote — a Japanese label, a one-line definition, where the theme comes from, and a *rule* over
normalised words (see :mod:`jusolib.text.morphology`), in the spirit of KH Coder's ``*コード`` rules. Themes under
``shared_themes`` apply to several items (e.g. 重層以前から for every item of sections I and II). The file is
validated on load; every error names the file, the item and the theme. ``data/raw/README.md`` documents the
format for analysts.

A rule is a mapping (or a list of mappings, any of which may match) of:

``any``      at least one of these words occurs;
``all``      every entry occurs (an entry may be a list of alternatives: ``[[拠点, 居場所], [整備, 開設]]``);
``phrase``   at least one of these pairs occurs in this order within ``window`` tokens (default 5);
``negated``  at least one of these words occurs *negated* (「理解が進まない」 for 理解);
``none``     none of these words occurs (negated or not).

A word may be several tokens (守秘義務 is 守秘 + 義務): it matches where its tokens follow each other.

**Negation.** An occurrence of a word counts for ``any``, ``all`` and ``phrase`` only if it is not negated: it
is negated when one of the next ``negation.window`` tokens (default 8) is ない／無い／ず／ぬ before the clause
ends (punctuation or a conjunctive particle such as が or けれど). So 「連携はまだできていない」 does not count for
連携 and 「連携は進んだが、課題はない」 does. Phrases listed under ``negation.exceptions`` (だけでなく, なければならない,
関わらず …) are not negations. A theme with ``negation: ignore`` counts every occurrence.

Examples
--------
>>> from jusolib.analysis.coding import load_themes  # reading the rules file is not this module's job
>>> book = load_themes(2024)
>>> [t.label for t in book.themes_for("chg_supporter_support")]  # doctest: +NORMALIZE_WHITESPACE
['支援機関同士の関係が構築されている', 'ケースの抱え込みによる負担が軽減されている',
 '他の支援機関に自らの機能が理解される', '重層以前から']
>>> book.code("chg_internal_collab", "支援会議で守秘義務が整理され、情報を共有できるようになった")
('confidentiality',)
>>> book.code("chg_internal_collab", "連携はまだできていない")
()

The coding of a fiscal year's free text is kept beside its processed data
(:func:`jusolib.analysis.coding.load_coded_free_text`), so that the pages of a report read it instead of loading
the analyser in every notebook.
"""

from __future__ import annotations

import functools
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from jusolib.core.docstrings import shared_parameters
from jusolib.core.errors import CodebookError
from jusolib.core.fiscal import FiscalYearLike, parse_fiscal_year
from jusolib.survey.codebook import Codebook
from jusolib.text.morphology import Token, prepare, tokenize

#: Theme id and label of texts that match no theme.
OTHER = "other"
OTHER_LABEL = "その他"
RULE_KEYS = ("any", "all", "phrase", "negated", "none", "window")
THEME_KEYS = (
    "id",
    "label",
    "definition",
    "source",
    "rule",
    "negation",
    "sections",
    "items",
    "report_when_absent",
)
NEGATION_MODES = ("skip", "ignore")
DEFAULT_PHRASE_WINDOW = 5
DEFAULT_NEGATION_WINDOW = 8


@dataclass(frozen=True)
class Term:
    """A word of a rule: as written (NFKC) and as the normalised token forms it matches.

    The forms are computed when the term is first matched, not when the rules are loaded, so that a report
    can lay out its theme tables (labels, order) from the rules without loading the analyser.
    """

    text: str
    synonyms: tuple[tuple[str, str], ...] = ()

    @functools.cached_property
    def forms(self) -> tuple[str, ...]:
        """The normalised token forms of the word, synonyms applied."""
        table = dict(self.synonyms)
        return tuple(table.get(t.form, t.form) for t in tokenize(self.text))


@dataclass(frozen=True)
class Clause:
    """One alternative of a rule (see the module docstring)."""

    all: tuple[tuple[Term, ...], ...] = ()
    any: tuple[Term, ...] = ()
    phrase: tuple[tuple[Term, Term], ...] = ()
    negated: tuple[Term, ...] = ()
    none: tuple[Term, ...] = ()
    window: int = DEFAULT_PHRASE_WINDOW

    def mapping(self) -> dict[str, Any]:
        """The clause as written in a rules file (``any``, ``all``, ``phrase``, ``window``, ``negated``, ``none``;
        keys without words left out, ``window`` only with ``phrase``).

        Returns
        -------
        dict
            The rule keys with their words.

        Examples
        --------
        >>> Clause(any=(Term("財源"), Term("交付金")), none=(Term("検討"),)).mapping()
        {'any': ['財源', '交付金'], 'none': ['検討']}
        """
        out: dict[str, Any] = {}
        if self.any:
            out["any"] = [t.text for t in self.any]
        if self.all:
            out["all"] = [[t.text for t in group] for group in self.all]
        if self.phrase:
            out["phrase"] = [[a.text, b.text] for a, b in self.phrase]
            out["window"] = self.window
        if self.negated:
            out["negated"] = [t.text for t in self.negated]
        if self.none:
            out["none"] = [t.text for t in self.none]
        return out


@dataclass(frozen=True)
class Theme:
    """A theme: id, Japanese label, definition, source, the items it applies to and its rule."""

    id: str
    label: str
    definition: str
    source: str
    items: tuple[str, ...]
    clauses: tuple[Clause, ...]
    negation: str = "skip"
    shared: bool = False
    #: Shown with its count even when no text carries it: the report stresses that it is absent
    #: (``report_when_absent: true`` in the rules file).
    report_absent: bool = False

    def rule(self) -> list[dict[str, Any]]:
        """The theme's rule as written in a rules file: one mapping per alternative (:meth:`Clause.mapping`).

        Returns
        -------
        list of dict
            One mapping per alternative, in file order.
        """
        return [clause.mapping() for clause in self.clauses]


@dataclass(frozen=True)
class Analysed:
    """A text as the rules see it: normalised forms, where each form occurs, and what is negated."""

    tokens: tuple[Token, ...]
    forms: tuple[str, ...]
    positions: dict[str, tuple[int, ...]]
    negated_after: tuple[bool, ...]
    surface: str = ""
    starts: dict[int, int] = field(default_factory=dict)
    ends: dict[int, int] = field(default_factory=dict)

    def occurrences(self, term: Term) -> list[tuple[int, int]]:
        """(start, end) token spans of a term: where its normalised forms follow each other, or where it is
        written exactly as in the rule on token boundaries (so 「十分」 matches even though, alone, the analyser
        reads it as 10 + 分).

        Parameters
        ----------
        term
            A word of a rule (:meth:`ThemeBook.term`).

        Returns
        -------
        list of tuple
            ``(start, end)`` token positions (end exclusive), sorted; empty when the word does not occur.
            Negated occurrences are included (see :meth:`is_negated`).

        Examples
        --------
        >>> from jusolib.analysis.coding import load_themes
        >>> book = load_themes(2024)
        >>> book.analyse("連携して連携を深めた").occurrences(book.term("連携"))
        [(0, 1), (3, 4)]
        """
        k = len(term.forms)
        spans = {
            (i, i + k) for i in self.positions.get(term.forms[0], ()) if self.forms[i : i + k] == term.forms
        }
        at = self.surface.find(term.text)
        while at >= 0:
            start, end = self.starts.get(at), self.ends.get(at + len(term.text))
            if start is not None and end is not None:
                spans.add((start, end))
            at = self.surface.find(term.text, at + 1)
        return sorted(spans)

    def is_negated(self, end: int) -> bool:
        """True if a word ending before token ``end`` is negated by what follows it.

        A negation (ない／無い／ず／ぬ) among the next ``negation.window`` tokens, before the clause ends and
        not part of a listed exception (だけでなく …).

        Parameters
        ----------
        end
            The token position just after the word (the ``end`` of an :meth:`occurrences` span).

        Returns
        -------
        bool
        """
        return self.negated_after[end]


@dataclass(frozen=True)
class ThemeBook:
    """The coding rules of one fiscal year. Use :func:`jusolib.analysis.coding.load_themes` to get one."""

    fiscal_year: int
    path: Path
    themes: tuple[Theme, ...]
    synonyms: dict[str, str]
    negation_window: int
    negation_exceptions: tuple[Term, ...]
    meta: dict[str, Any] = field(default_factory=dict)

    @shared_parameters
    def themes_for(self, item_id: str) -> list[Theme]:
        """Themes of an item in file order: the item's own first, then shared ones.

        Returns
        -------
        list of Theme
            Empty for an item the rules do not code.
        """
        own = [t for t in self.themes if not t.shared and item_id in t.items]
        return own + [t for t in self.themes if t.shared and item_id in t.items]

    @shared_parameters
    def theme(self, item_id: str, theme_id: str) -> Theme:
        """One theme of an item, by its id (theme ids are unique within an item only).

        Parameters
        ----------
        theme_id
            The theme's ``id`` in the rules file (``"relations_built"``).

        Returns
        -------
        Theme

        Raises
        ------
        CodebookError
            When the item has no theme of that id, naming the rules file.
        """
        for theme in self.themes_for(item_id):
            if theme.id == theme_id:
                return theme
        raise CodebookError(f"{self.path.name}: item {item_id} has no theme {theme_id!r}")

    @shared_parameters
    def label(self, item_id: str, theme_id: str) -> str:
        """Label of an item's theme (「その他」 for :data:`OTHER`); ids are unique within an item only.

        Parameters
        ----------
        theme_id
            The theme's ``id`` in the rules file, or :data:`OTHER`.

        Returns
        -------
        str
            The theme's Japanese label.

        Raises
        ------
        CodebookError
            When the item has no theme of that id.
        """
        return OTHER_LABEL if theme_id == OTHER else self.theme(item_id, theme_id).label

    def term(self, text: str) -> Term:
        """A word as the rules match it (tokenised, synonyms applied, when first matched).

        Parameters
        ----------
        text
            A word or phrase as an analyst writes it in a rule (「守秘義務」); made NFKC.

        Returns
        -------
        Term
            The word with this book's synonyms, ready for :meth:`Analysed.occurrences`.
        """
        return Term(prepare(text), self._synonym_pairs)

    @functools.cached_property
    def _synonym_pairs(self) -> tuple[tuple[str, str], ...]:
        return tuple(sorted(self.synonyms.items()))

    def _form(self, form: str) -> str:
        return self.synonyms.get(form, form)

    def analyse(self, text: str) -> Analysed:
        """Tokenise a text, apply the synonyms and mark which positions are negated.

        Parameters
        ----------
        text
            A free-text answer.

        Returns
        -------
        Analysed
            Its tokens, their normalised forms with the synonyms applied, where each form occurs and, for each
            position, whether a word ending there is negated.
        """
        tokens = tokenize(text)
        forms = tuple(self._form(t.form) for t in tokens)
        positions: dict[str, list[int]] = {}
        for i, form in enumerate(forms):
            positions.setdefault(form, []).append(i)
        starts, ends, offset = {}, {}, 0
        for i, token in enumerate(tokens):
            starts[offset] = i
            offset += len(token.surface)
            ends[offset] = i + 1
        surface = "".join(t.surface for t in tokens)
        base = Analysed(tokens, forms, {k: tuple(v) for k, v in positions.items()}, (), surface, starts, ends)
        excepted = {
            i
            for term in self.negation_exceptions
            for start, end in base.occurrences(term)
            for i in range(start, end)
        }
        # negated_after[j]: a negation among tokens j … j+window-1 with no clause end before it (one backward pass)
        negated_after = [False] * (len(tokens) + 1)
        nearest = None
        for j in range(len(tokens) - 1, -1, -1):
            token = tokens[j]
            if token.ends_clause:
                nearest = None
            elif token.is_negation and j not in excepted:
                nearest = j
            negated_after[j] = nearest is not None and nearest - j < self.negation_window
        return Analysed(tokens, forms, base.positions, tuple(negated_after), surface, starts, ends)

    def matches(self, theme: Theme, text: str | Analysed) -> bool:
        """True if the text carries the theme (any of its rule's alternatives matches).

        Parameters
        ----------
        theme
            A theme of this book (:meth:`themes_for`).
        text
            A free-text answer, or one already analysed (:meth:`analyse`; faster when several themes are tried).

        Returns
        -------
        bool
        """
        analysed = self.analyse(text) if isinstance(text, str) else text
        return any(_clause_matches(c, analysed, theme.negation == "ignore") for c in theme.clauses)

    @shared_parameters
    def code(self, item_id: str, text: str) -> tuple[str, ...]:
        """Ids of the themes of an item that a text carries (empty: the text is 「その他」).

        Parameters
        ----------
        text
            The item's free-text answer.

        Returns
        -------
        tuple of str
            Theme ids in the order of :meth:`themes_for`; empty when no theme matches.
        """
        analysed = self.analyse(text)
        return tuple(t.id for t in self.themes_for(item_id) if self.matches(t, analysed))


def _clause_matches(clause: Clause, text: Analysed, ignore_negation: bool) -> bool:
    def affirmed(term: Term) -> bool:
        return any(ignore_negation or not text.is_negated(end) for _, end in text.occurrences(term))

    if any(text.occurrences(term) for term in clause.none):
        return False
    if clause.any and not any(affirmed(t) for t in clause.any):
        return False
    if not all(any(affirmed(t) for t in group) for group in clause.all):
        return False
    if clause.negated and not any(
        text.is_negated(end) for t in clause.negated for _, end in text.occurrences(t)
    ):
        return False
    if clause.phrase and not any(
        _phrase(text, a, b, clause.window, ignore_negation) for a, b in clause.phrase
    ):
        return False
    return True


def _phrase(text: Analysed, first: Term, second: Term, window: int, ignore_negation: bool) -> bool:
    ends = [end for _, end in text.occurrences(first)]
    for start, end in text.occurrences(second):
        if any(e <= start <= e + window for e in ends) and (ignore_negation or not text.is_negated(end)):
            return True
    return False


@shared_parameters
def parse_themes(doc: object, path: Path, codebook: Codebook) -> ThemeBook:
    """Build a :class:`ThemeBook` from a parsed YAML document, validating it against the codebook.

    Reading the file is the caller's job (:func:`jusolib.analysis.coding.load_themes`); the format is in the
    module docstring and ``data/raw/README.md``.

    Parameters
    ----------
    doc
        The parsed document: a mapping with ``fiscal_year``, ``items`` and optionally ``negation``,
        ``synonyms``, ``shared_themes``, ``source``, ``note``.
    path
        The rules file it was read from (its name is in every error; kept as :attr:`ThemeBook.path`).

    Returns
    -------
    ThemeBook
        The rules, shared themes first, then the items' own themes in file order.

    Raises
    ------
    CodebookError
        For anything malformed (an unknown key, an item not in the codebook, a fiscal year other than the
        codebook's, a theme id used twice for one item …), naming the file, the item and the theme.

    Examples
    --------
    >>> from jusolib.survey.codebook import load_codebook
    >>> doc = {"fiscal_year": 2024, "items": {"out_hubs": [
    ...     {"id": "hub", "label": "拠点", "definition": "拠点の整備", "rule": {"any": ["拠点"]}}]}}
    >>> book = parse_themes(doc, Path("FY2024.themes.yaml"), load_codebook(2024))
    >>> [t.id for t in book.themes_for("out_hubs")], book.negation_window
    (['hub'], 8)
    """
    name = path.name

    def fail(message: str) -> CodebookError:
        return CodebookError(f"{name}: {message}")

    if not isinstance(doc, dict):
        raise fail(
            "expected a mapping at the top level (fiscal_year, negation, synonyms, shared_themes, items)"
        )
    unknown = set(doc) - {"fiscal_year", "negation", "synonyms", "shared_themes", "items", "source", "note"}
    if unknown:
        raise fail(f"unknown top-level keys {sorted(unknown)}")
    if "fiscal_year" not in doc:
        raise fail("missing top-level key 'fiscal_year'")
    year = parse_fiscal_year(doc["fiscal_year"])
    if year != codebook.fiscal_year:
        raise fail(f"fiscal_year {year} is not the codebook's ({codebook.fiscal_year})")
    synonyms = _parse_synonyms(doc.get("synonyms") or {}, fail)
    negation = doc.get("negation") or {}
    if not isinstance(negation, dict) or set(negation) - {"window", "exceptions"}:
        raise fail("negation: expected a mapping with window and exceptions")
    window = _positive_int(negation.get("window", DEFAULT_NEGATION_WINDOW), "negation.window", fail)
    book = ThemeBook(year, path, (), synonyms, window, ())
    exceptions = tuple(
        _term(book, w, "negation.exceptions", fail)
        for w in _strings(negation.get("exceptions", []), "negation.exceptions", fail)
    )
    book = ThemeBook(
        year, path, (), synonyms, window, exceptions, {k: doc.get(k) for k in ("source", "note")}
    )

    themes: list[Theme] = []
    for position, spec in enumerate(doc.get("shared_themes") or [], start=1):
        where = f"shared theme #{position} ({spec.get('id', '?') if isinstance(spec, dict) else '?'})"
        items = _shared_items(spec, codebook, where, fail)
        themes.append(_parse_theme(spec, items, True, book, where, fail))
    items_doc = doc.get("items") or {}
    if not isinstance(items_doc, dict):
        raise fail("items: expected a mapping of item id → list of themes")
    for item_id, specs in items_doc.items():
        if item_id not in codebook.items.index:
            raise fail(f"item {item_id!r} is not in the codebook {codebook.path.name}")
        if not isinstance(specs, list) or not specs:
            raise fail(f"item {item_id}: expected a non-empty list of themes")
        for position, spec in enumerate(specs, start=1):
            where = f"item {item_id}, theme #{position} ({spec.get('id', '?') if isinstance(spec, dict) else '?'})"
            themes.append(_parse_theme(spec, (item_id,), False, book, where, fail))
    for item_id in codebook.item_ids():
        ids = [t.id for t in themes if item_id in t.items]
        duplicated = sorted({i for i in ids if ids.count(i) > 1})
        if duplicated:
            raise fail(f"item {item_id}: theme ids {duplicated} are used twice (shared themes included)")
    return ThemeBook(year, path, tuple(themes), synonyms, window, exceptions, book.meta)


def _parse_synonyms(spec: object, fail: Any) -> dict[str, str]:
    if not isinstance(spec, dict):
        raise fail("synonyms: expected a mapping of form → list of variant forms")
    table: dict[str, str] = {}
    for canonical, variants in spec.items():
        for variant in _strings(variants, f"synonyms.{canonical}", fail):
            if variant in table and table[variant] != str(canonical):
                raise fail(f"synonyms: {variant!r} is listed under both {table[variant]!r} and {canonical!r}")
            table[variant] = str(canonical)
    return table


def _shared_items(spec: object, codebook: Codebook, where: str, fail: Any) -> tuple[str, ...]:
    if not isinstance(spec, dict):
        raise fail(f"{where}: expected a mapping")
    items = list(_strings(spec.get("items", []), f"{where}: items", fail))
    for section in _strings(spec.get("sections", []), f"{where}: sections", fail):
        if section not in codebook.sections.index:
            raise fail(f"{where}: unknown section {section!r}; sections are {list(codebook.sections.index)}")
        items += codebook.item_ids(section)
    unknown = [i for i in items if i not in codebook.items.index]
    if unknown:
        raise fail(f"{where}: items {unknown} are not in the codebook {codebook.path.name}")
    if not items:
        raise fail(f"{where}: a shared theme needs sections or items")
    return tuple(dict.fromkeys(items))


def _parse_theme(
    spec: object, items: tuple[str, ...], shared: bool, book: ThemeBook, where: str, fail: Any
) -> Theme:
    if not isinstance(spec, dict):
        raise fail(f"{where}: expected a mapping with id, label, definition and rule")
    unknown = set(spec) - set(THEME_KEYS)
    if unknown:
        raise fail(f"{where}: unknown keys {sorted(unknown)}; expected {list(THEME_KEYS)}")
    if not shared and ({"sections", "items"} & set(spec)):
        raise fail(f"{where}: sections/items belong to shared_themes only")
    for key in ("id", "label", "definition", "rule"):
        if not spec.get(key):
            raise fail(f"{where}: missing {key!r}")
    theme_id, label = str(spec["id"]), str(spec["label"])
    if theme_id == OTHER or label == OTHER_LABEL:
        raise fail(f"{where}: {OTHER!r} / {OTHER_LABEL} is reserved for texts that match no theme")
    negation = spec.get("negation", "skip")
    if negation not in NEGATION_MODES:
        raise fail(f"{where}: negation must be one of {NEGATION_MODES}, got {negation!r}")
    report_absent = spec.get("report_when_absent", False)
    if not isinstance(report_absent, bool):
        raise fail(f"{where}: report_when_absent must be true or false, got {report_absent!r}")
    rules = spec["rule"] if isinstance(spec["rule"], list) else [spec["rule"]]
    clauses = tuple(_parse_clause(rule, book, f"{where}, rule", fail) for rule in rules)
    return Theme(
        theme_id,
        label,
        str(spec["definition"]),
        str(spec.get("source", "")),
        items,
        clauses,
        negation,
        shared,
        report_absent,
    )


def parse_rule(rule: object, book: ThemeBook, *, where: str = "rule") -> tuple[Clause, ...]:
    """A rule as written in a rules file (one mapping or a list of them), checked and ready to match.

    Parameters
    ----------
    rule
        One mapping of ``any``, ``all``, ``phrase``, ``window``, ``negated``, ``none``, or a list of them.
    book
        The rules whose synonyms apply to the words.
    where
        What to call the rule in an error.

    Returns
    -------
    tuple of Clause
        The alternatives, checked.

    Raises
    ------
    CodebookError
        For an unknown key or a malformed value, naming ``where``.

    Examples
    --------
    >>> from jusolib.analysis.coding import load_themes
    >>> book = load_themes(2024)
    >>> clauses = parse_rule({"any": ["守秘義務"]}, book)
    >>> rule_matches(clauses, book.analyse("守秘義務が整理された")), rule_matches(clauses, book.analyse("連携"))
    (True, False)
    """

    def fail(message: str) -> CodebookError:
        return CodebookError(message)

    rules = rule if isinstance(rule, list) else [rule]
    if not rules:
        raise fail(f"{where}: expected a mapping of {list(RULE_KEYS)} or a list of them")
    return tuple(_parse_clause(r, book, where, fail) for r in rules)


def rule_matches(clauses: Sequence[Clause], text: Analysed, *, ignore_negation: bool = False) -> bool:
    """True if any of the clauses matches the analysed text (:meth:`ThemeBook.analyse`).

    Parameters
    ----------
    clauses
        The alternatives of a rule (:func:`parse_rule`).
    text
        A text as the rules see it (:meth:`ThemeBook.analyse`).
    ignore_negation
        Count negated occurrences too (a theme's ``negation: ignore``).

    Returns
    -------
    bool
    """
    return any(_clause_matches(c, text, ignore_negation) for c in clauses)


def _parse_clause(rule: object, book: ThemeBook, where: str, fail: Any) -> Clause:
    if not isinstance(rule, dict) or not rule:
        raise fail(f"{where}: expected a mapping of {list(RULE_KEYS)}")
    unknown = set(rule) - set(RULE_KEYS)
    if unknown:
        raise fail(f"{where}: unknown keys {sorted(unknown)}; expected {list(RULE_KEYS)}")
    if not {"any", "all", "phrase", "negated"} & set(rule):
        raise fail(
            f"{where}: needs at least one of any, all, phrase, negated (none alone matches everything)"
        )
    if "window" in rule and "phrase" not in rule:
        raise fail(f"{where}: window applies to phrase only")

    def terms(key: str) -> tuple[Term, ...]:
        return tuple(
            _term(book, w, f"{where} {key}", fail)
            for w in _strings(rule.get(key, []), f"{where} {key}", fail, required=key in rule)
        )

    groups = []
    for entry in rule.get("all", []) if isinstance(rule.get("all", []), list) else [None]:
        alternatives = entry if isinstance(entry, list) else [entry]
        groups.append(
            tuple(
                _term(book, w, f"{where} all", fail)
                for w in _strings(alternatives, f"{where} all", fail, required=True)
            )
        )
    if "all" in rule and not groups:
        raise fail(f"{where} all: expected a non-empty list")
    pairs = []
    phrase = rule.get("phrase", [])
    if not isinstance(phrase, list) or ("phrase" in rule and not phrase):
        raise fail(f"{where} phrase: expected a list of [first, second] word pairs")
    for pair in phrase:
        if not isinstance(pair, list) or len(pair) != 2:
            raise fail(f"{where} phrase: expected [first, second], got {pair!r}")
        first, second = (
            _term(book, w, f"{where} phrase", fail) for w in _strings(pair, f"{where} phrase", fail)
        )
        pairs.append((first, second))
    window = _positive_int(rule.get("window", DEFAULT_PHRASE_WINDOW), f"{where} window", fail)
    return Clause(tuple(groups), terms("any"), tuple(pairs), terms("negated"), terms("none"), window)


def _strings(value: object, where: str, fail: Any, required: bool = False) -> list[str]:
    if not isinstance(value, list) or any(
        not isinstance(v, str | int) or str(v).strip() == "" for v in value
    ):
        raise fail(f"{where}: expected a list of words, got {value!r}")
    if required and not value:
        raise fail(f"{where}: expected a non-empty list of words")
    return [str(v) for v in value]


def _term(book: ThemeBook, text: str, where: str, fail: Any) -> Term:
    if all(unicodedata.category(c)[0] in "PSZ" for c in prepare(text)):  # punctuation, symbols, spaces
        raise fail(f"{where}: {text!r} has no word the analyser can match")
    return book.term(text)


def _positive_int(value: object, where: str, fail: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 50:
        raise fail(f"{where}: expected a whole number of tokens from 1 to 50, got {value!r}")
    return value


@shared_parameters
def plain_book(fiscal_year: FiscalYearLike) -> ThemeBook:
    """Rules with no themes and no synonyms (the default negation rule): for KWIC and word counts of a year
    that has no coding rules yet.

    Returns
    -------
    ThemeBook
        An empty book for that fiscal year, its path ``(no coding rules)``.

    Examples
    --------
    >>> book = plain_book("R7")
    >>> book.fiscal_year, book.themes, book.negation_window
    (2025, (), 8)
    """
    return ThemeBook(
        parse_fiscal_year(fiscal_year), Path("(no coding rules)"), (), {}, DEFAULT_NEGATION_WINDOW, ()
    )


# -- coding ---------------------------------------------------------------------------------------------------
@shared_parameters
def code_free_text(free_text: pd.DataFrame, book: ThemeBook) -> pd.DataFrame:
    """Themes of every free-text answer: one row per (answer, theme); answers with none get 「その他」.

    Parameters
    ----------
    free_text
        Tidy free text (``muni_code``, ``item_id``, ``text`` and any other key columns, e.g. from
        :func:`jusolib.clean.pipeline.load_free_text`).

    Returns
    -------
    DataFrame
        The key columns of ``free_text`` plus ``theme`` (id, :data:`OTHER` for none), ``label`` and ``text``,
        in the order of the input and, within an answer, of the rules file.

    Examples
    --------
    >>> texts = pd.DataFrame({"muni_code": ["131016", "131024"], "item_id": "chg_supporter_support",
    ...                       "text": ["抱え込みによる負担が軽減された。顔の見える関係ができた", "特になし"]})
    >>> from jusolib.analysis.coding import load_themes
    >>> code_free_text(texts, load_themes(2024))[["muni_code", "theme"]].values.tolist()
    [['131016', 'relations_built'], ['131016', 'less_burden'], ['131024', 'other']]
    """
    rows = []
    keys = [c for c in free_text.columns if c != "text"]
    for record in free_text.to_dict("records"):
        themes = book.code(record["item_id"], str(record["text"])) or (OTHER,)
        for theme_id in themes:
            rows.append(
                {
                    **{k: record[k] for k in keys},
                    "theme": theme_id,
                    "label": book.label(record["item_id"], theme_id),
                    "text": record["text"],
                }
            )
    return pd.DataFrame(rows, columns=[*keys, "theme", "label", "text"])


@shared_parameters
def theme_order(book: ThemeBook, items: Sequence[str]) -> list[tuple[str, str]]:
    """(item_id, theme id) pairs in report order: items as given, themes as in the file, 「その他」 last.

    Parameters
    ----------
    items
        Item ids, in the order the report shows them.

    Returns
    -------
    list of tuple
        ``(item_id, theme_id)`` for each theme of each item (:meth:`ThemeBook.themes_for`), then
        ``(item_id, "other")``.

    Examples
    --------
    >>> theme_order(plain_book(2024), ["out_hubs"])  # no rules: only その他
    [('out_hubs', 'other')]
    """
    return [pair for i in items for pair in [*((i, t.id) for t in book.themes_for(i)), (i, OTHER)]]


def typical_order(book: ThemeBook, theme: Theme | None, texts: Sequence[str]) -> list[str]:
    """The distinct texts carrying a theme, the most typical first: the one that uses the most of the words of
    the theme's rule (positive words only: ``any``, ``all`` and ``phrase``), then the one written by the most
    respondents (「その他」 has no rule: what most wrote leads, not a one-off), then the one whose length is
    closest to the middle length of the texts — never merely the shortest, which is often the emptiest.

    Parameters
    ----------
    book
        The rules whose analyser reads the texts.
    theme
        The theme (``None`` for 「その他」, which has no rule: length alone decides).
    texts
        The texts that carry it.

    Returns
    -------
    list of str
        Each text once, most typical first (ties in the order of the text).

    Examples
    --------
    >>> from jusolib.analysis.coding import load_themes
    >>> book = load_themes(2024)
    >>> theme = book.theme("out_participation", "coordinators")
    >>> typical_order(book, theme, ["CSWを増員した", "地域福祉コーディネーターを全圏域に配置し、CSWも増員した"])[0]
    '地域福祉コーディネーターを全圏域に配置し、CSWも増員した'
    >>> typical_order(book, None, ["a", "abcdefgh", "abcd"])  # no rule: the middle length first
    ['abcd', 'a', 'abcdefgh']
    >>> typical_order(book, None, ["物価の上昇に追いつかない", "基準額の範囲で実施できている", "基準額の範囲で実施できている"])[0]
    '基準額の範囲で実施できている'

    """
    written = Counter(str(t) for t in texts)
    distinct = list(written)
    if not distinct:
        return []
    lengths = sorted(len(t) for t in distinct)
    middle = lengths[(len(lengths) - 1) // 2]
    words: list[Term] = []
    if theme is not None:
        for clause in theme.clauses:
            for group in (*clause.all, clause.any):
                words += list(group)
            words += [t for pair in clause.phrase for t in pair]
    unique = list({t.text: t for t in words}.values())

    def used(text: str) -> int:
        if not unique:
            return 0
        analysed = book.analyse(text)
        return sum(1 for term in unique if analysed.occurrences(term))

    return sorted(distinct, key=lambda t: (-used(t), -written[t], abs(len(t) - middle), t))


def terms_of(themes: Iterable[Theme]) -> set[str]:
    """Every word the rules of these themes use (as written), e.g. for checking a text by hand.

    Parameters
    ----------
    themes
        Themes of a book (``book.themes``, or :meth:`ThemeBook.themes_for` an item).

    Returns
    -------
    set of str
        The words of every clause (``any``, ``all``, ``phrase``, ``negated``, ``none``), NFKC.

    Examples
    --------
    >>> theme = Theme("t", "例", "例", "", ("out_hubs",), (Clause(any=(Term("拠点"),), none=(Term("検討"),)),))
    >>> sorted(terms_of([theme]))
    ['拠点', '検討']
    """
    words = set()
    for theme in themes:
        for clause in theme.clauses:
            for group in (*clause.all, clause.any, clause.negated, clause.none):
                words |= {t.text for t in group}
            words |= {t.text for pair in clause.phrase for t in pair}
    return words
