"""KH Coder coding-rule files, read into jusolib's rules and written back.

A KH Coder coding-rule file (コーディングルール・ファイル) is plain text: a line ``*name`` starts a code, the lines
after it (up to the next ``*``) are its condition, lines starting with ``#`` are comments. A condition is made of
tokens separated by spaces:

* a word (KH Coder's 抽出語, matched on its base form) or ``'a string'`` (KH Coder's string search);
* ``near(a-b)`` — both words within 10 words of each other, in either order; ``seq(a-b)`` — *a* then *b* within
  10 words; ``[N]`` after either sets the distance (``near(a-b)[5]``);
* ``and`` ``or`` ``not`` (also ``&`` ``|`` ``!``, ``&!`` for ``and not``, ``|!`` for ``or not``) and parentheses,
  written apart from the words; ``not`` binds before ``and``, ``and`` before ``or`` (KH Coder hands the condition
  to SQL, which reads it so).

:func:`parse` reads a file's text into :class:`Code` objects (name and condition tree); :func:`rule_of` turns a
condition into jusolib's rule (the mapping :mod:`jusolib.text.themes` reads: ``any``, ``all``, ``phrase``,
``window``, ``none``); :func:`condition_of` and :func:`write` go back. A KH Coder distance *N* counts positions
(*b* at most *N* words after *a*), jusolib's ``window`` counts the words in between, so ``window`` = *N* − 1.
jusolib's ``negated`` (a word occurring negated) has no KH Coder equivalent: such a rule is reported, not written.

KH Coder counts a word whether or not a negation follows it; imported codes therefore get ``negation: ignore``.
What KH Coder has no place for — a theme id other than its name, ``negation: skip`` — is written as a comment
``# jusolib id=… negation=…`` on the line before the code, which KH Coder ignores and :func:`parse` reads back.
So a KH Coder file is written back identically, and so is a file jusolib wrote. The whole file is checked; an
error names the line and what was expected.

Examples
--------
>>> codes = parse("*連携\\n連携 or 協働\\n*役割分担\\n役割 and ( 分担 or 分ける ) and not 未実施\\n")
>>> [c.name for c in codes]
['連携', '役割分担']
>>> rule_of(codes[1].condition)
[{'all': [['役割'], ['分担', '分ける']], 'none': ['未実施']}]
>>> condition_of(rule_of(codes[1].condition))
'役割 and ( 分担 or 分ける ) and not 未実施'
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from jusolib.core.errors import CodebookError

#: KH Coder's distance for near() and seq() when none is given.
DEFAULT_DISTANCE = 10
#: The comment that carries what KH Coder has no place for.
META_PREFIX = "# jusolib "
_OPERATORS = {
    "and": "and",
    "&": "and",
    "or": "or",
    "|": "or",
    "not": "not",
    "!": "not",
    "&!": "and not",
    "|!": "or not",
}
_PROXIMITY = re.compile(r"^(near|seq)\((.+)\)(?:\[(\d+)\])?$")
_UNSUPPORTED = (
    (re.compile(r"^<>"), "a reference to another code (<>name)"),
    (re.compile(r"->"), "a part-of-speech condition (word->品詞)"),
    (re.compile(r"^\$|==|^[<>]=?$"), "a condition on an outside variable"),
    (re.compile(r"^(near|seq)\(.*\)\[[bd]\d*\]$"), "a distance in sentences or paragraphs ([b], [d])"),
)


# -- the condition tree ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Word:
    """A word; ``quoted`` for KH Coder's ``'string'`` search."""

    text: str
    quoted: bool = False


@dataclass(frozen=True)
class Proximity:
    """``near(a-b)`` (any order) or ``seq(a-b)`` (this order) within ``distance`` words."""

    kind: str
    words: tuple[Word, ...]
    distance: int = DEFAULT_DISTANCE


@dataclass(frozen=True)
class Not:
    operand: Node


@dataclass(frozen=True)
class And:
    operands: tuple[Node, ...]


@dataclass(frozen=True)
class Or:
    operands: tuple[Node, ...]


Node = Word | Proximity | Not | And | Or


@dataclass(frozen=True)
class Code:
    """One code of a file: its name, its condition, where it starts, and the jusolib comment above it."""

    name: str
    condition: Node
    line: int
    meta: tuple[tuple[str, str], ...] = ()


# -- reading --------------------------------------------------------------------------------------------------
def _error(source: str, line: int, message: str) -> CodebookError:
    return CodebookError(f"{source}, line {line}: {message}")


def _tokens(text: str) -> list[str]:
    return unicodedata.normalize("NFKC", text).split()


def parse(text: str, *, source: str = "KH Coder rules") -> list[Code]:
    """The codes of a KH Coder coding-rule file, in file order.

    Parameters
    ----------
    text
        The file's text.
    source
        What to call the file in an error (its name).

    Returns
    -------
    list of Code
        Each code's name, condition, line and ``# jusolib`` settings.

    Raises
    ------
    CodebookError
        Naming ``source`` and the line: a condition before the first ``*name``, a code with no condition, a
        name used twice, an unbalanced parenthesis, two words with no operator between them, or a feature
        jusolib cannot read (code references, parts of speech, outside variables, sentence distances).
    """
    codes: list[Code] = []
    current: tuple[str, int, tuple[tuple[str, str], ...]] | None = None
    body: list[tuple[int, str]] = []
    pending_meta: tuple[tuple[str, str], ...] = ()

    def close() -> None:
        if current is None:
            return
        name, line, meta = current
        tokens = [(n, t) for n, chunk in body for t in _tokens(chunk)]
        if not tokens:
            raise _error(
                source, line, f"code *{name} has no condition (expected words and and/or/not below it)"
            )
        codes.append(Code(name, _Parser(tokens, source).parse(), line, meta))

    for number, raw in enumerate(text.splitlines(), start=1):
        stripped = raw.strip()
        if stripped.startswith(META_PREFIX.strip()):
            pending_meta = _read_meta(stripped, source, number)
            continue
        if not stripped or stripped.startswith("#"):
            continue
        if stripped[0] in "*＊":
            close()
            name = stripped[1:].strip()
            if not name:
                raise _error(source, number, "expected a code name after *")
            if any(c.name == name for c in codes) or (current and current[0] == name):
                raise _error(source, number, f"code *{name} is defined twice")
            current, body, pending_meta = (name, number, pending_meta), [], ()
            continue
        if current is None:
            raise _error(source, number, "a condition before the first code (expected a line *name first)")
        body.append((number, stripped))
    close()
    if not codes:
        raise CodebookError(f"{source}: no code found (expected lines *name followed by a condition)")
    return codes


def _read_meta(line: str, source: str, number: int) -> tuple[tuple[str, str], ...]:
    pairs = []
    for part in line[len(META_PREFIX.strip()) :].split():
        key, sep, value = part.partition("=")
        if not sep or key not in ("id", "negation"):
            raise _error(source, number, f"expected id=… and/or negation=… after '# jusolib', got {part!r}")
        pairs.append((key, value))
    return tuple(pairs)


class _Parser:
    """Recursive descent over the tokens: or ← and ← not ← atom."""

    def __init__(self, tokens: list[tuple[int, str]], source: str):
        self.tokens, self.source, self.at = tokens, source, 0

    def fail(self, message: str) -> CodebookError:
        line = self.tokens[min(self.at, len(self.tokens) - 1)][0]
        return _error(self.source, line, message)

    def peek(self) -> str | None:
        return self.tokens[self.at][1] if self.at < len(self.tokens) else None

    def parse(self) -> Node:
        node = self.disjunction()
        if self.peek() is not None:
            token = self.peek()
            if token == ")":
                raise self.fail("a ')' without its '('")
            raise self.fail(f"expected and / or / not between two conditions, got {token!r}")
        return node

    def disjunction(self) -> Node:
        operands = [self.conjunction()]
        while self.peek() is not None and _OPERATORS.get(self.peek() or "", "").startswith("or"):
            negate = _OPERATORS[self.tokens[self.at][1]] == "or not"
            self.at += 1
            operand = self.conjunction()
            operands.append(Not(operand) if negate else operand)
        return operands[0] if len(operands) == 1 else Or(tuple(operands))

    def conjunction(self) -> Node:
        operands = [self.negation()]
        while self.peek() is not None and _OPERATORS.get(self.peek() or "", "").startswith("and"):
            negate = _OPERATORS[self.tokens[self.at][1]] == "and not"
            self.at += 1
            operand = self.negation()
            operands.append(Not(operand) if negate else operand)
        return operands[0] if len(operands) == 1 else And(tuple(operands))

    def negation(self) -> Node:
        if self.peek() is not None and _OPERATORS.get(self.peek() or "") == "not":
            self.at += 1
            return Not(self.negation())
        return self.atom()

    def atom(self) -> Node:
        token = self.peek()
        if token is None:
            raise self.fail("the condition ends where a word or '(' was expected")
        if token == "(":
            self.at += 1
            node = self.disjunction()
            if self.peek() != ")":
                raise self.fail("expected ')' to close the '('")
            self.at += 1
            return node
        if token == ")" or token in _OPERATORS:
            raise self.fail(f"expected a word or '(' before {token!r}")
        self.at += 1
        for pattern, what in _UNSUPPORTED:
            if pattern.search(token):
                raise self.fail(f"{token!r} is {what}, which jusolib's rules cannot express")
        found = _PROXIMITY.match(token)
        if found:
            words = tuple(_word(w) for w in found.group(2).split("-"))
            if len(words) != 2 or any(not w.text for w in words):
                raise self.fail(f"{token!r}: jusolib reads near() and seq() of two words (a-b)")
            distance = int(found.group(3)) if found.group(3) else DEFAULT_DISTANCE
            if not 1 <= distance <= 51:
                raise self.fail(f"{token!r}: the distance must be 1 to 51 words")
            return Proximity(found.group(1), words, distance)
        if token.startswith("(") or token.endswith(")"):
            raise self.fail(f"{token!r}: write ( and ) apart from the words, with spaces")
        return _word(token)


def _word(token: str) -> Word:
    if len(token) >= 2 and token[0] == token[-1] == "'":
        return Word(token[1:-1], quoted=True)
    return Word(token)


# -- to jusolib's rules ---------------------------------------------------------------------------------------
def _words_of(node: Node) -> list[Word] | None:
    """The words of a word or of an or-group of words, else None."""
    if isinstance(node, Word):
        return [node]
    if isinstance(node, Or) and all(isinstance(o, Word) for o in node.operands):
        return [o for o in node.operands if isinstance(o, Word)]
    return None


def _proximities_of(node: Node) -> list[Proximity] | None:
    if isinstance(node, Proximity):
        return [node]
    if isinstance(node, Or) and all(isinstance(o, Proximity) for o in node.operands):
        return [o for o in node.operands if isinstance(o, Proximity)]
    return None


def _pairs(proximities: list[Proximity]) -> tuple[list[list[str]], int]:
    distances = {p.distance for p in proximities}
    if len(distances) > 1:
        raise CodebookError(f"near()/seq() joined by or must share one distance, got {sorted(distances)}")
    pairs = []
    for p in proximities:
        a, b = (w.text for w in p.words)
        pairs += [[a, b], [b, a]] if p.kind == "near" else [[a, b]]
    return pairs, distances.pop() - 1


def _clause(factors: Sequence[Node]) -> dict[str, Any] | None:
    """One rule mapping for a conjunction of factors, or None if a factor needs splitting (an or of mixed parts)."""
    groups: list[list[str]] = []
    none: list[str] = []
    proximity: list[Proximity] | None = None
    for factor in factors:
        words = _words_of(factor)
        if words is not None:
            groups.append([w.text for w in words])
            continue
        if isinstance(factor, Not):
            negated = _words_of(factor.operand)
            if negated is None:
                raise CodebookError(
                    "not applies to words only in jusolib's rules (not near(), seq() or a group)"
                )
            none += [w.text for w in negated]
            continue
        found = _proximities_of(factor)
        if found is not None:
            if proximity is not None:
                raise CodebookError(
                    "one condition may hold one near()/seq() part (joined by and) in jusolib's rules"
                )
            proximity = found
            continue
        return None
    clause: dict[str, Any] = {}
    if len(groups) == 1:
        clause["any"] = groups[0]
    elif groups:
        clause["all"] = groups
    if proximity is not None:
        clause["phrase"], window = _pairs(proximity)
        clause["window"] = window
    if none:
        clause["none"] = none
    if not ({"any", "all", "phrase"} & set(clause)):
        raise CodebookError("a condition of only not … matches almost every text; add a word it must contain")
    return clause


def _conjunctions(node: Node) -> list[list[Node]]:
    """The node as an or of and-lists, distributing and over or where a factor is not a plain group."""
    if isinstance(node, Or) and _words_of(node) is None and _proximities_of(node) is None:
        return [c for operand in node.operands for c in _conjunctions(operand)]
    if isinstance(node, And):
        result: list[list[Node]] = [[]]
        for operand in node.operands:
            if (
                _words_of(operand) is not None
                or _proximities_of(operand) is not None
                or isinstance(operand, Not)
            ):
                result = [[*r, operand] for r in result]
            else:
                result = [r + c for r in result for c in _conjunctions(operand)]
        return result
    return [[node]]


def rule_of(condition: Node) -> list[dict[str, Any]]:
    """jusolib's rule for a KH Coder condition: a list of mappings, any of which may match.

    Parameters
    ----------
    condition
        A code's condition (:attr:`Code.condition`).

    Returns
    -------
    list of dict
        The rule mappings (``any``, ``all``, ``phrase``, ``window``, ``none``).

    Raises
    ------
    CodebookError
        When the condition has no jusolib form (``not`` of a group or of near()/seq(), two near()/seq() joined
        by and, or only ``not …``).

    Examples
    --------
    >>> rule_of(parse("*a\\nnear(情報-共有)[4]")[0].condition)
    [{'phrase': [['情報', '共有'], ['共有', '情報']], 'window': 3}]
    >>> rule_of(parse("*a\\n( 研修 and 役割 ) or 守秘義務")[0].condition)
    [{'all': [['研修'], ['役割']]}, {'any': ['守秘義務']}]
    """
    clauses = []
    for factors in _conjunctions(condition):
        clause = _clause(factors)
        if clause is None:  # pragma: no cover - _conjunctions leaves only plain factors
            raise CodebookError("this condition cannot be written as jusolib's rules")
        clauses.append(clause)
    return clauses


# -- from jusolib's rules -------------------------------------------------------------------------------------
def _write_word(text: str, several_tokens: Callable[[str], bool]) -> str:
    if any(c.isspace() for c in text) or "'" in text:
        raise CodebookError(f"{text!r}: a KH Coder word cannot hold spaces or quotes")
    return f"'{text}'" if several_tokens(text) else text


def _clause_parts(clause: Mapping[str, Any], several_tokens: Callable[[str], bool]) -> list[list[str]]:
    """A clause as the parts of a KH Coder conjunction, each a list of alternatives (joined by or)."""
    if clause.get("negated"):
        raise CodebookError(
            f"negated {list(clause['negated'])}: KH Coder has no condition for a negated word"
        )
    parts = [[_write_word(str(w), several_tokens) for w in clause["any"]]] if clause.get("any") else []
    parts += [[_write_word(str(w), several_tokens) for w in group] for group in clause.get("all", [])]
    pairs = [tuple(map(str, p)) for p in clause.get("phrase", [])]
    if pairs:
        window = int(clause.get("window", 5))
        distance = "" if window + 1 == DEFAULT_DISTANCE else f"[{window + 1}]"
        proximities, k = [], 0
        while k < len(pairs):
            a, b = pairs[k]
            near = k + 1 < len(pairs) and pairs[k + 1] == (b, a)
            proximities.append(f"{'near' if near else 'seq'}({a}-{b}){distance}")
            k += 2 if near else 1
        parts.append(proximities)
    parts += [[f"not {_write_word(str(w), several_tokens)}"] for w in clause.get("none", [])]
    if not parts:
        raise CodebookError(f"an empty rule {dict(clause)!r}")
    return parts


def condition_of(
    rule: Sequence[Mapping[str, Any]], *, several_tokens: Callable[[str], bool] = lambda _: False
) -> str:
    """The KH Coder condition of a jusolib rule (the inverse of :func:`rule_of`).

    ``several_tokens`` tells which words the analyser splits into several tokens: they are written as KH
    Coder's ``'string'`` search, since a KH Coder word is one token.

    Parameters
    ----------
    rule
        A list of rule mappings, as in a rules file (:meth:`jusolib.text.themes.Theme.rule`).
    several_tokens
        Whether a word is several tokens to the analyser (default: no word is).

    Returns
    -------
    str
        The condition on one line.

    Raises
    ------
    CodebookError
        For ``negated`` (KH Coder has no such condition) or a word with spaces or quotes.

    Examples
    --------
    >>> condition_of([{"any": ["守秘義務", "情報共有"]}, {"phrase": [["情報", "共有"]], "window": 2}])
    '守秘義務 or 情報共有 or seq(情報-共有)[3]'
    >>> condition_of([{"all": [["拠点"], ["整備", "開設"]], "none": ["検討"]}])
    '拠点 and ( 整備 or 開設 ) and not 検討'
    >>> condition_of([{"all": [["研修"], ["役割"]]}, {"any": ["守秘義務"]}])
    '( 研修 and 役割 ) or 守秘義務'
    """
    written = []
    for clause in rule:
        parts = _clause_parts(clause, several_tokens)
        if len(parts) == 1:
            written.append(" or ".join(parts[0]))
            continue
        conjunction = " and ".join(f"( {' or '.join(p)} )" if len(p) > 1 else p[0] for p in parts)
        written.append(conjunction if len(rule) == 1 else f"( {conjunction} )")
    return " or ".join(written)


def write(codes: Sequence[tuple[str, str, Mapping[str, str]]]) -> str:
    """A KH Coder coding-rule file: for each (name, condition, meta) the meta comment (when not empty), the
    line ``*name`` and the condition.

    Parameters
    ----------
    codes
        (name, condition, meta) per code, in file order; meta maps ``id`` / ``negation`` to their values.

    Returns
    -------
    str
        The file's text, ending with a line break.

    Examples
    --------
    >>> print(write([("連携", "連携 or 協働", {}), ("役割", "役割", {"id": "roles"})]), end="")
    *連携
    連携 or 協働
    # jusolib id=roles
    *役割
    役割
    """
    lines = []
    for name, condition, meta in codes:
        if meta:
            lines.append(META_PREFIX + " ".join(f"{k}={v}" for k, v in meta.items()))
        lines += [f"*{name}", condition]
    return "\n".join(lines) + "\n"
