"""One vocabulary for what an analyst passes: sections, items, answers, respondent types, size schemes, bases.

Every report method that takes ``section``, ``item``, ``answer``, ``respondent_type``, ``size_scheme`` or
``base`` reads it through :class:`Vocabulary` (a year's codebook) and the two functions :func:`size_scheme_key`
and :func:`base_key`, so that one spelling works everywhere and a wrong one fails the same way everywhere: a
one-line :class:`~jusolib.core.errors.ParameterError` that names the valid choices and, when one is close,
asks "did you mean …?".

============== ================================================================================================
``section``    the key (``"I"``), in any width or case (「Ⅱ」, ``"ii"``), the 問 number of its items (``2``,
               「問2」) or its title
``item``       the id (``out_hubs``), the question number in any width (「問1-2」, 「問１－２」, ``"1-2"``), the
               「I-2」 form (section and position, as the published report numbers items) or its label
``answer``     an option's label (あてはまらない) or code (``3``) of the item's scale, or 無回答
``respondent_type`` the key (``municipality``/``council``), the label (自治体/社協) or an alias of the codebook
               (社会福祉協議会); ``"all"``/「両方」 for both where a method can take both
``size_scheme`` the key (``municipality_type``) or the Japanese name (団体種別)
``base``       ``"all"``/``"valid"`` or 無回答を含む/無回答を除く (含む/除く)
============== ================================================================================================

The keys are what the data holds (``report.data``) and what every keyed table is indexed by; the Japanese
names are what the reports print. Both are accepted; the keys are returned.

Examples
--------
>>> vocabulary = Vocabulary(load_codebook(2024))
>>> vocabulary.section("ii"), vocabulary.item("I-2"), vocabulary.item("問１－２"), vocabulary.item("1-2")
('II', 'out_hubs', 'out_hubs', 'out_hubs')
>>> vocabulary.respondent_type("社協"), size_scheme_key("団体種別"), base_key("無回答を除く")
('council', 'municipality_type', 'valid')
>>> vocabulary.section("IV")
Traceback (most recent call last):
...
jusolib.core.errors.ParameterError: unknown section 'IV': valid sections are I, II, III
"""

from __future__ import annotations

import difflib
import functools
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from jusolib.core.errors import ParameterError, UnknownItemError
from jusolib.core.normalize import normalize_heading
from jusolib.core.wording import scheme_label
from jusolib.survey.codebook import Codebook, load_codebook
from jusolib.survey.schemes import SCHEMES

#: The two bases of a share (key → how tables write it).
BASES = {"all": "無回答を含む", "valid": "無回答を除く"}
#: Other ways an analyst writes a base.
BASE_ALIASES = {"含む": "all", "除く": "valid", "全体": "all", "有効回答": "valid"}
#: Ways of asking for every respondent type at once (where a method can take both).
ALL_RESPONDENT_TYPES = ("all", "both", "両方", "全て", "すべて")


def spelling_key(value: object) -> str:
    """A spelling made comparable: NFKC (「Ⅱ」→"II", full width → half width), no spaces, one dash, upper case.

    Parameters
    ----------
    value
        What an analyst wrote.

    Returns
    -------
    str

    Examples
    --------
    >>> spelling_key("Ⅱ－３"), spelling_key("回答 主体")
    ('II-3', '回答主体')
    """
    return normalize_heading(unicodedata.normalize("NFKC", str(value))).upper()


def _as_list(value: object) -> list[object]:
    """One value (a string, a number) or a list of them, as a list."""
    if isinstance(value, str | int) or not isinstance(value, Iterable):
        return [value]
    return list(value)


def _quoted(values: Iterable[str]) -> str:
    return ", ".join(values)


def did_you_mean(value: object, candidates: Iterable[str], *, cutoff: float = 0.5) -> str:
    """`` (did you mean 'x'?)`` for the candidate closest to ``value``, or an empty string.

    A value that is part of exactly one candidate (「拠点」 of an item label) is suggested too.

    Parameters
    ----------
    value
        What was passed.
    candidates
        The spellings that would have worked.
    cutoff
        How close (0–1, :func:`difflib.get_close_matches`) a candidate must be.

    Returns
    -------
    str
        The hint, starting with a space, or ``""``.

    Examples
    --------
    >>> did_you_mean("municipalty_type", ["municipality_type", "city_size"])
    " (did you mean 'municipality_type'?)"
    >>> did_you_mean("xyz", ["municipality_type"])
    ''
    """
    options = list(dict.fromkeys(candidates))
    text = str(value)
    scores = [difflib.SequenceMatcher(None, text, option).ratio() for option in options]
    best = max(scores, default=0.0)
    close = [options[scores.index(best)]] if best >= cutoff else []  # on a tie, the first in the list
    if not close and len(text) >= 2:
        containing = [c for c in options if text in c]
        close = containing if len(containing) == 1 else []
    return f" (did you mean {close[0]!r}?)" if close else ""


def scheme_labels() -> dict[str, str]:
    """Each size scheme's key and its Japanese name (``size_schemes`` in ``texts.yaml``), in the schemes' order.

    Returns
    -------
    dict

    Examples
    --------
    >>> scheme_labels()["municipality_type"]
    '団体種別'
    """
    return {key: scheme_label(key) for key in SCHEMES}


def size_scheme_key(value: object) -> str:
    """The key of a size scheme given by key or Japanese name (団体種別 → ``municipality_type``).

    Parameters
    ----------
    value
        ``population_band``, ``municipality_type``, ``city_size``, ``cohort``, or 人口規模, 団体種別, 都市規模,
        実施開始年度.

    Returns
    -------
    str
        The scheme's key.

    Raises
    ------
    ParameterError
        Naming the valid schemes, key and name.

    Examples
    --------
    >>> size_scheme_key("団体種別"), size_scheme_key("city_size")
    ('municipality_type', 'city_size')
    >>> size_scheme_key("size")
    Traceback (most recent call last):
    ...
    jusolib.core.errors.ParameterError: unknown size_scheme 'size': valid schemes are population_band (人口規模), municipality_type (団体種別), city_size (都市規模), cohort (実施開始年度) (did you mean 'city_size'?)
    """
    labels = scheme_labels()
    spellings = {spelling_key(k): k for k in labels} | {spelling_key(v): k for k, v in labels.items()}
    found = spellings.get(spelling_key(value))
    if found is None:
        choices = _quoted(f"{k} ({v})" for k, v in labels.items())
        raise ParameterError(
            f"unknown size_scheme {value!r}: valid schemes are {choices}"
            + did_you_mean(value, [*labels, *labels.values()])
        )
    return found


def base_key(value: object) -> str:
    """The key of a base (``all``/``valid``) given by key or Japanese name (無回答を除く → ``valid``).

    Parameters
    ----------
    value
        ``all``, ``valid``, 無回答を含む, 無回答を除く (or 含む, 除く).

    Returns
    -------
    str
        ``"all"`` or ``"valid"``.

    Raises
    ------
    ParameterError
        Naming the valid bases.

    Examples
    --------
    >>> base_key("無回答を除く"), base_key("all")
    ('valid', 'all')
    >>> base_key("valid_only")
    Traceback (most recent call last):
    ...
    jusolib.core.errors.ParameterError: unknown base 'valid_only': valid bases are all (無回答を含む), valid (無回答を除く) (did you mean 'valid'?)
    """
    spellings = (
        {spelling_key(k): k for k in BASES}
        | {spelling_key(v): k for k, v in BASES.items()}
        | {spelling_key(k): v for k, v in BASE_ALIASES.items()}
    )
    found = spellings.get(spelling_key(value))
    if found is None:
        choices = _quoted(f"{k} ({v})" for k, v in BASES.items())
        raise ParameterError(
            f"unknown base {value!r}: valid bases are {choices}"
            + did_you_mean(value, [*BASES, *BASES.values()])
        )
    return found


@dataclass(frozen=True, eq=False)
class Vocabulary:
    """The names a fiscal year's codebook gives sections, items, answers and respondent types, and their keys.

    Build it from a codebook (``Vocabulary(load_codebook(2024))``); a report has one as ``report.vocabulary``.
    Each method takes what an analyst writes and returns the key, or raises a one-line
    :class:`~jusolib.core.errors.ParameterError` naming the valid choices (see the module docstring).
    """

    codebook: Codebook

    # -- sections --------------------------------------------------------------------------------------------
    @functools.cached_property
    def _sections(self) -> dict[str, str]:
        table: dict[str, str] = {}
        for key, row in self.codebook.sections.iterrows():
            table[spelling_key(key)] = str(key)
            table[spelling_key(row["title"])] = str(key)
        for _, row in self.codebook.items.iterrows():  # 問2-4 is in II: 「問2」 and 2 name II
            match = re.match(r"^問?(\d+)-", spelling_key(row["number"]))
            if match:
                table.setdefault(match.group(1), str(row["section"]))
                table.setdefault(f"問{match.group(1)}", str(row["section"]))
        return table

    def sections(self) -> list[str]:
        """The section keys in questionnaire order.

        Returns
        -------
        list of str

        Examples
        --------
        >>> Vocabulary(load_codebook(2024)).sections()
        ['I', 'II', 'III']
        """
        return [str(s) for s in self.codebook.sections.index]

    def section(self, value: object) -> str:
        """The key of a section (see the module docstring for what is accepted).

        Parameters
        ----------
        value
            「I」, "ii", 「Ⅲ」, 2, 「問2」 or a section's title.

        Returns
        -------
        str
            ``"I"``, ``"II"`` …

        Raises
        ------
        ParameterError
            For anything else; an item given where a section is expected is named as such.

        Examples
        --------
        >>> v = Vocabulary(load_codebook(2024))
        >>> v.section("Ⅲ"), v.section(2), v.section("問1")
        ('III', 'II', 'I')
        >>> v.section("問1-2")
        Traceback (most recent call last):
        ...
        jusolib.core.errors.ParameterError: '問1-2' is an item, not a section: valid sections are I, II, III (for one item pass item='問1-2')
        """
        found = self._sections.get(spelling_key(value))
        if found is not None:
            return found
        valid = f"valid sections are {_quoted(self.sections())}"
        if not isinstance(value, int) and self.find_item(value) is not None:
            raise ParameterError(
                f"{value!r} is an item, not a section: {valid} (for one item pass item={value!r})"
            )
        raise ParameterError(
            f"unknown section {value!r}: {valid}" + did_you_mean(value, self.sections(), cutoff=0.75)
        )

    # -- items -----------------------------------------------------------------------------------------------
    @functools.cached_property
    def _items(self) -> dict[str, str]:
        table: dict[str, str] = {}
        for section in self.sections():
            for position, item_id in enumerate(self.codebook.item_ids(section), start=1):
                row = self.codebook.item(item_id)
                table[spelling_key(f"{section}-{position}")] = item_id
                table[spelling_key(row["label"])] = item_id
                mark = row.get("footnote")
                if isinstance(mark, str) and mark:
                    table[spelling_key(f"{row['label']} {mark}")] = item_id
        for item_id in self.codebook.items.index:
            table[spelling_key(item_id)] = item_id
        return table

    def item_forms(self) -> dict[str, tuple[str, str, str]]:
        """Every item id with its question number, its 「I-1」 form and its label, in questionnaire order.

        Returns
        -------
        dict
            Item id → (問番号, I-1 form, label).

        Examples
        --------
        >>> Vocabulary(load_codebook(2024)).item_forms()["out_hubs"]
        ('問1-2', 'I-2', '地域住民等が相互に交流を図ることのできる拠点')
        """
        forms = {}
        for section in self.sections():
            for position, item_id in enumerate(self.codebook.item_ids(section), start=1):
                row = self.codebook.item(item_id)
                forms[item_id] = (str(row["number"]), f"{section}-{position}", str(row["label"]))
        return forms

    def find_item(self, value: object) -> str | None:
        """The item id of ``value`` (any accepted form), or ``None``.

        Parameters
        ----------
        value
            An item id, question number, 「I-1」 form or label; a label cut short in a table (「問1-2 地域…」)
            is read by its leading question number.

        Returns
        -------
        str or None

        Examples
        --------
        >>> v = Vocabulary(load_codebook(2024))
        >>> v.find_item("問1-2 地域住民等が相互に…"), v.find_item("地域における担い手の育成"), v.find_item("x")
        ('out_hubs', 'out_leaders', None)
        """
        text = str(value)
        if text in self.codebook.items.index:
            return text
        found = self._items.get(spelling_key(text))
        if found is None:
            try:
                found = self.codebook.item_id(text)
            except UnknownItemError:
                found = None
        if found is None and " " in text.strip():
            return self.find_item(text.strip().split()[0])
        return found

    def item(self, value: object) -> str:
        """The id of an item (see the module docstring for what is accepted).

        Parameters
        ----------
        value
            「問1-2」, 「問１－２」, "1-2", 「I-2」, ``out_hubs`` or the item's label.

        Returns
        -------
        str
            The item id.

        Raises
        ------
        UnknownItemError
            Naming the question numbers and ids of the year, with the closest one.

        Examples
        --------
        >>> v = Vocabulary(load_codebook(2024))
        >>> v.item("II-3"), v.item("庁内連携がしやすくなった")
        ('chg_case_finding', 'chg_internal_collab')
        >>> v.item("問1-9")  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        jusolib.core.errors.UnknownItemError: unknown item '問1-9' in FY2024.yaml: give an id, a question number or the I-1 form (問1-1 I-1 out_participation, ... 問3-14 III-14 chl_consultation_desk_collab) (did you mean '問1-1'?)
        """
        found = self.find_item(value)
        if found is not None:
            return found
        forms = self.item_forms()
        listed = _quoted(f"{number} {short} {item_id}" for item_id, (number, short, _) in forms.items())
        candidates = [
            f for item_id, (number, short, label) in forms.items() for f in (number, short, item_id, label)
        ]
        raise UnknownItemError(
            f"unknown item {value!r} in {self.codebook.path.name}: give an id, a question number or the I-1 form "
            f"({listed})" + did_you_mean(value, candidates)
        )

    def items(self, value: object | Sequence[object]) -> list[str]:
        """Item ids of one item or a list of them, in the order given.

        Parameters
        ----------
        value
            One item (any accepted form) or a list.

        Returns
        -------
        list of str

        Examples
        --------
        >>> Vocabulary(load_codebook(2024)).items(["問1-1", "I-2"])
        ['out_participation', 'out_hubs']
        """
        values = _as_list(value)
        return [self.item(v) for v in values]

    def section_or_items(self, value: object) -> tuple[str | None, list[str]]:
        """A section (its items) or an item (or a list of items), as :meth:`jusolib.report.YearReport.tabulate` takes it.

        Parameters
        ----------
        value
            A section (「I」), an item in any form, or a list of items.

        Returns
        -------
        tuple
            (section key or ``None``, item ids).

        Raises
        ------
        ParameterError
            When ``value`` is neither, naming the sections and the items.

        Examples
        --------
        >>> v = Vocabulary(load_codebook(2024))
        >>> v.section_or_items("I")[1][:2], v.section_or_items("問1-2")
        (['out_participation', 'out_hubs'], (None, ['out_hubs']))
        """
        if isinstance(value, list | tuple):
            return None, self.items(value)
        found = self._sections.get(spelling_key(value))
        if found is not None and not isinstance(value, int):
            return found, self.codebook.item_ids(found)
        item = self.find_item(value)
        if item is not None:
            return None, [item]
        try:
            self.item(value)
        except UnknownItemError as exc:
            raise ParameterError(
                f"{value!r} is neither a section ({_quoted(self.sections())}) nor an item: " + str(exc)
            ) from None
        raise AssertionError("unreachable")  # pragma: no cover

    # -- answers ---------------------------------------------------------------------------------------------
    def answers_of(self, item_id: str) -> list[tuple[int | None, str]]:
        """The (code, label) of every answer an item can have, 無回答 last with no code.

        Parameters
        ----------
        item_id
            An item id.

        Returns
        -------
        list of tuple

        Examples
        --------
        >>> Vocabulary(load_codebook(2024)).answers_of("out_hubs")
        [(1, 'あてはまる'), (2, 'どちらともいえない'), (3, 'あてはまらない'), (None, '無回答')]
        """
        scale = self.codebook.scale_of(item_id)
        return [*((int(o.code), str(o.label)) for o in scale.options), (None, self.codebook.no_answer_label)]

    def answer(self, item: object, value: object) -> str:
        """The label of an answer of an item, given by label or code.

        Parameters
        ----------
        item
            The item (any accepted form): codes and labels belong to its scale.
        value
            An option's label, code (``3`` or ``"3"``), or 無回答.

        Returns
        -------
        str
            The answer's label.

        Raises
        ------
        ParameterError
            Naming the item's answers, code and label.

        Examples
        --------
        >>> v = Vocabulary(load_codebook(2024))
        >>> v.answer("問1-2", 3), v.answer("問1-2", "あてはまらない"), v.answer("問3-1", 2)
        ('あてはまらない', 'あてはまらない', 'あてはまる')
        >>> v.answer("問1-2", "とてもあてはまる")
        Traceback (most recent call last):
        ...
        jusolib.core.errors.ParameterError: 'とてもあてはまる' is not an answer of 問1-2: valid answers are 1 あてはまる, 2 どちらともいえない, 3 あてはまらない, 無回答 (did you mean 'あてはまる'?)
        """
        item_id = self.item(item)
        choices = self.answers_of(item_id)
        wanted = spelling_key(value)
        for code, label in choices:
            if wanted in (spelling_key(label), spelling_key(code) if code is not None else None):
                return label
        if spelling_key(value) in {spelling_key(a) for a in self.codebook.no_answer_aliases}:
            return self.codebook.no_answer_label
        listed = _quoted(f"{code} {label}" if code is not None else label for code, label in choices)
        number = self.codebook.item(item_id)["number"]
        raise ParameterError(
            f"{value!r} is not an answer of {number}: valid answers are {listed}"
            + did_you_mean(value, [label for _, label in choices])
        )

    def answers(self, item: object, value: object | Sequence[object]) -> list[str]:
        """Labels of one answer or a list of them (see :meth:`answer`).

        Parameters
        ----------
        item
            The item whose scale they belong to.
        value
            One answer or a list.

        Returns
        -------
        list of str

        Examples
        --------
        >>> Vocabulary(load_codebook(2024)).answers("問1-2", ["あてはまらない", 2])
        ['あてはまらない', 'どちらともいえない']
        """
        values = _as_list(value)
        return [self.answer(item, v) for v in values]

    # -- respondent types ------------------------------------------------------------------------------------
    def respondent_types(self) -> dict[str, str]:
        """Respondent-type keys and their labels.

        Returns
        -------
        dict

        Examples
        --------
        >>> Vocabulary(load_codebook(2024)).respondent_types()
        {'municipality': '自治体', 'council': '社協'}
        """
        return {str(k): str(v) for k, v in self.codebook.respondent_types["label"].items()}

    def respondent_type(self, value: object) -> str:
        """The key of a respondent type given by key, label or alias (社協 → ``council``).

        Parameters
        ----------
        value
            自治体, 社協, ``municipality``, ``council`` or an alias of the codebook (社会福祉協議会).

        Returns
        -------
        str

        Raises
        ------
        ParameterError
            Naming the respondent types, key and label.

        Examples
        --------
        >>> Vocabulary(load_codebook(2024)).respondent_type("社会福祉協議会")
        'council'
        """
        found = self.codebook.respondent_type_key(str(value))
        if found is None:
            types = self.respondent_types()
            raise ParameterError(
                f"unknown respondent_type {value!r}: valid respondent types are "
                + _quoted(f"{label} ({key})" for key, label in types.items())
                + did_you_mean(value, [*types, *types.values()])
            )
        return found

    def respondent_type_keys(self, value: object | Sequence[object]) -> list[str]:
        """Keys of one respondent type, a list of them, or of all (``"all"``, 「両方」).

        Parameters
        ----------
        value
            One respondent type, a list, or ``"all"``/``"both"``/「両方」.

        Returns
        -------
        list of str

        Examples
        --------
        >>> v = Vocabulary(load_codebook(2024))
        >>> v.respondent_type_keys("両方"), v.respondent_type_keys(["社協"])
        (['municipality', 'council'], ['council'])
        """
        if isinstance(value, str) and spelling_key(value) in {spelling_key(a) for a in ALL_RESPONDENT_TYPES}:
            return list(self.respondent_types())
        values = _as_list(value)
        return list(dict.fromkeys(self.respondent_type(v) for v in values))


@functools.lru_cache(maxsize=16)
def vocabulary_of(fiscal_year: int) -> Vocabulary:
    """The vocabulary of a fiscal year's codebook in the repository's data (for doctests and quick looks).

    Parameters
    ----------
    fiscal_year
        The fiscal year (western).

    Returns
    -------
    Vocabulary

    Examples
    --------
    >>> vocabulary_of(2025).item("III-12")
    'chl_participation_support'
    """
    return Vocabulary(load_codebook(fiscal_year))
