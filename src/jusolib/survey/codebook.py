"""Codebooks: one YAML file per fiscal year in ``data/raw/codebook/`` describing the questionnaire.

A codebook lists every item (stable id, section, the question number and the column heading it has in that
year's return file, Japanese wording, English gloss, answer scale, legal basis, 無回答 footnotes), the answer
scales (labels, option codes, accepted spellings, score, which answers count as positive), the respondent types
and the non-item columns of the return file. No item list is written in Python.

Examples
--------
>>> book = load_codebook(2024)
>>> len(book.items), book.items["section"].value_counts(sort=False).to_dict()
(27, {'I': 5, 'II': 8, 'III': 14})
>>> book.scale_of("out_participation").positive
('あてはまる',)
>>> book.recode("chl_plan_consent", "１")
('とてもあてはまる', 'option code')
"""

from __future__ import annotations

import copy
import dataclasses
import functools
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from jusolib.core.docstrings import shared_parameters
from jusolib.core.errors import CodebookError, UnknownItemError
from jusolib.core.fiscal import FiscalYearLike, folder_name, parse_fiscal_year
from jusolib.core.normalize import normalize_heading, normalize_text
from jusolib.core.paths import DataDir, data_paths

ITEM_FIELDS = (
    "id",
    "section",
    "subsection",
    "number",
    "column",
    "free_text_column",
    "label",
    "label_en",
    "scale",
    "legal_basis",
    "footnote",
    "no_answer_reason",
    "new_in_fiscal_year",
    "compare_when_scale_changes",
)
REQUIRED_ITEM_FIELDS = ("id", "section", "number", "column", "label", "label_en", "scale")
#: Cross-year rules a codebook may name in ``compare_when_scale_changes``.
CROSS_SCALE_RULES = ("positive_share",)


@dataclass(frozen=True)
class Option:
    """One answer option of a scale.

    Attributes
    ----------
    code
        The option's number on the questionnaire (1 for the first option); a return may give it instead of the
        label.
    label
        The option as the questionnaire writes it (あてはまる).
    label_en
        An English gloss.
    score
        Its score in item scores and indices (higher is more positive).
    aliases
        Other spellings the codebook accepts for it (当てはまる); each is recoded and logged.
    """

    code: int
    label: str
    label_en: str
    score: float
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class OffScaleAnswer:
    """An answer that is not an option of the scale, mapped to an option only because the codebook says why.

    Written in the codebook under the scale::

        off_scale_answers:
          - answer: ややあてはまる
            maps_to: あてはまる
            reason: 令和N年度の調査票の選択肢が「ややあてはまる」だったため（…）
    """

    answer: str
    maps_to: str
    reason: str


@dataclass(frozen=True)
class Scale:
    """An answer scale: its options in questionnaire order and which of them count as positive.

    Examples
    --------
    >>> scale = load_codebook(2024).scales["agree4"]
    >>> scale.labels
    ('とてもあてはまる', 'あてはまる', 'あてはまらない', '全くあてはまらない')
    >>> scale.max_score
    3.0
    """

    key: str
    label: str
    label_en: str
    options: tuple[Option, ...]
    positive: tuple[str, ...]
    positive_label: str
    off_scale: tuple[OffScaleAnswer, ...] = ()

    @property
    def labels(self) -> tuple[str, ...]:
        """The options' labels in questionnaire order (無回答 is not an option)."""
        return tuple(o.label for o in self.options)

    @property
    def max_score(self) -> float:
        """The highest score of an option."""
        return max(o.score for o in self.options)

    @property
    def scores(self) -> dict[str, float]:
        """Label → score of each option."""
        return {o.label: o.score for o in self.options}

    def same_as(self, other: Scale) -> bool:
        """True if the two scales have the same labels in the same order and the same positive set.

        Scores, codes and spellings are not compared: two years' answers on the same scale can be compared.

        Parameters
        ----------
        other
            Another scale, typically the same item's in another fiscal year.

        Returns
        -------
        bool

        Examples
        --------
        >>> scales = load_codebook(2024).scales
        >>> scales["agree3"].same_as(scales["agree3"]), scales["agree3"].same_as(scales["agree4"])
        (True, False)
        """
        return self.labels == other.labels and self.positive == other.positive


@dataclass(frozen=True)
class Codebook:
    """A parsed and validated codebook. Use :func:`load_codebook` to get one.

    Attributes
    ----------
    fiscal_year
        The fiscal year it describes (western year).
    path
        The YAML file it was read from.
    meta
        The file's other top-level keys (``survey``, ``survey_period``, ``questionnaire``, ``demonstration`` …).
    items
        One row per item in questionnaire order, indexed by item id: ``section``, ``subsection``, ``number``
        (問1-1), ``column`` (the heading in the return file), ``free_text_column``, ``label``, ``label_en``,
        ``scale``, ``legal_basis``, ``footnote``, ``no_answer_reason``, ``new_in_fiscal_year``,
        ``compare_when_scale_changes`` and ``order``.
    sections
        One row per section, indexed by its key (``"I"``, ``"II"``, ``"III"``): ``title``, ``title_en``,
        ``question``, ``note`` and the other fields the codebook gives a section.
    scales
        The answer scales by key (``"agree3"``, ``"agree4"``).
    respondent_types
        One row per respondent type, indexed by key (``municipality``, ``council``): ``label`` (自治体, 社協),
        ``label_en`` and ``aliases``.
    columns
        The non-item columns of a return file by role (``municipality``, ``respondent_type``, ``fiscal_year``):
        their ``heading`` and accepted ``aliases``; ``ignored`` lists headings read past (番号, 備考 …).
    no_answer_label
        The label of 無回答.
    no_answer_aliases
        Other ways a return writes 無回答 (未回答, NA, 「-」 …).
    answer_order
        Every answer label of every scale in report order (positive first).
    footnotes
        The footnotes (※1 …) by mark, with their text.
    """

    fiscal_year: int
    path: Path
    meta: dict[str, Any]
    items: pd.DataFrame
    sections: pd.DataFrame
    scales: dict[str, Scale]
    respondent_types: pd.DataFrame
    columns: dict[str, Any]
    no_answer_label: str
    no_answer_aliases: tuple[str, ...]
    answer_order: tuple[str, ...]
    footnotes: dict[str, str]

    # -- items ---------------------------------------------------------------------------------------------
    @functools.cached_property
    def _item_rows(self) -> dict[str, pd.Series]:
        """Item id → its row of :attr:`items`."""
        return {item_id: row for item_id, row in self.items.iterrows()}

    def item(self, item: str) -> pd.Series:
        """The codebook row of one item, given by id or question number (see :meth:`item_id`).

        Parameters
        ----------
        item
            An item id (``"out_hubs"``) or a question number of this year (「問1-2」).

        Returns
        -------
        Series
            The item's row of :attr:`items` (its name is the item id).

        Raises
        ------
        UnknownItemError
            If the codebook has no such item (the message lists the question numbers and ids).

        Examples
        --------
        >>> load_codebook(2024).item("問1-2")[["section", "scale"]].tolist()
        ['I', 'agree3']
        """
        row = self._item_rows.get(item)
        return row if row is not None else self._item_rows[self.item_id(item)]

    @functools.cached_property
    def _numbers(self) -> dict[str, str]:
        """Normalised question number or column heading (with and without 問) → item id."""
        table = {}
        for item_id, row in self.items.iterrows():
            for text in (row["number"], row["column"]):
                if isinstance(text, str):
                    table[normalize_heading(text)] = item_id
                    table[normalize_heading(text).removeprefix("問")] = item_id
        return table

    def item_id(self, item: str) -> str:
        """The stable item id of an id or a question number: 「問1-2」, 「問１－２」 and "1-2" all work.

        This is the one place where an item reference is resolved; every function that takes ``item`` uses it.

        Parameters
        ----------
        item
            An item id, a question number of this year (full- or half-width, with or without 問) or the item's
            column heading.

        Returns
        -------
        str
            The item id.

        Raises
        ------
        UnknownItemError
            If nothing matches; the message lists every question number with its id.

        Examples
        --------
        >>> book = load_codebook(2024)
        >>> book.item_id("問1-2"), book.item_id("問１－２"), book.item_id("out_hubs")
        ('out_hubs', 'out_hubs', 'out_hubs')
        >>> load_codebook(2025).item_id("問3-12")  # numbering changes between years; ids do not
        'chl_participation_support'
        """
        text = str(item)
        if text in self._item_rows:
            return text
        found = self._numbers.get(normalize_heading(text))
        if found is None:
            numbers = ", ".join(f"{n} {i}" for i, n in self.items["number"].items())
            raise UnknownItemError(
                f"{self.path.name}: no item {item!r}; give an item id or a question number ({numbers})"
            )
        return found

    def item_ids_of(self, items: str | Sequence[str]) -> list[str]:
        """Item ids of one reference or several (ids or question numbers), in the order given.

        Parameters
        ----------
        items
            One item reference (a string) or a sequence of them, each as :meth:`item_id` takes it.

        Returns
        -------
        list of str
            The item ids, a repeated reference repeated.

        Raises
        ------
        UnknownItemError
            For the first reference that names no item.

        Examples
        --------
        >>> load_codebook(2024).item_ids_of(["問1-1", "out_hubs"])
        ['out_participation', 'out_hubs']
        """
        refs = [items] if isinstance(items, str) else list(items)
        return [self.item_id(ref) for ref in refs]

    def item_ids(self, section: str | None = None) -> list[str]:
        """Item ids in questionnaire order, optionally of one section (``"I"``, ``"II"``, ``"III"``).

        Parameters
        ----------
        section
            A section's key; ``None`` for every item.

        Returns
        -------
        list of str
            The item ids.

        Raises
        ------
        CodebookError
            If the codebook has no such section (the message lists the sections).

        Examples
        --------
        >>> load_codebook(2024).item_ids("I")
        ['out_participation', 'out_hubs', 'out_leaders', 'out_consultation', 'out_collaboration']
        """
        if section is None:
            return list(self.items.index)
        if section not in set(self.sections.index):
            raise CodebookError(
                f"{self.path.name}: no section {section!r}; sections are {list(self.sections.index)}"
            )
        return list(self.items.index[self.items["section"] == section])

    def _sections_by_scale(self, attribute: str) -> list[tuple[list[str], Any]]:
        """Sections grouped by a property of their items' scales (sections in questionnaire order)."""
        groups: dict[Any, list[str]] = {}
        for section in self.sections.index:
            items = self.item_ids(str(section))
            if not items:
                continue
            value = tuple(dict.fromkeys(getattr(self.scale_of(i), attribute) for i in items))
            groups.setdefault(value, []).append(str(section))
        return [(sections, value) for value, sections in groups.items()]

    def positive_definition(self) -> str:
        """Which answers count as positive, per section, in the words tables and notes use.

        Sections whose items share the same positive answers are named together, in questionnaire order.

        Returns
        -------
        str
            A phrase for a table note.

        Examples
        --------
        >>> load_codebook(2024).positive_definition()
        'I・II は「あてはまる」、III は「とてもあてはまる」＋「あてはまる」'
        """
        parts = []
        for sections, scales in self._sections_by_scale("positive"):
            answers = "＋".join(f"「{a}」" for a in dict.fromkeys(a for scale in scales for a in scale))
            parts.append(f"{'・'.join(sections)} は{answers}")
        return "、".join(parts)

    def score_definition(self) -> str:
        """The options' scores per section (questionnaire order), as the item-score notes write them.

        Returns
        -------
        str
            For each group of sections with the same scales, the scores of the options in questionnaire order
            separated by ``/``.

        Examples
        --------
        >>> load_codebook(2024).score_definition()
        'I・II: 2/1/0、III: 3/2/1/0'
        """
        parts = []
        for sections, scales in self._sections_by_scale("key"):
            scores = "、".join("/".join(f"{o.score:g}" for o in self.scales[key].options) for key in scales)
            parts.append(f"{'・'.join(sections)}: {scores}")
        return "、".join(parts)

    @shared_parameters
    def section_footnotes(self, section: str) -> dict[str, str]:
        """The footnotes (※1 …) of the items of a section that have one, with their text.

        Returns
        -------
        dict
            Mark → text, in the order of the codebook's ``footnotes``; empty for a section without footnotes
            (or a key that is no section).

        Examples
        --------
        >>> list(load_codebook(2024).section_footnotes("III")), load_codebook(2024).section_footnotes("I")
        (['※1', '※2', '※3'], {})
        """
        marks = set(self.items.loc[self.items["section"] == section, "footnote"].dropna())
        return {mark: text for mark, text in self.footnotes.items() if mark in marks}

    @shared_parameters
    def scale_of(self, item_id: str) -> Scale:
        """The answer scale of an item (a question number works too, see :meth:`item_id`).

        Returns
        -------
        Scale

        Examples
        --------
        >>> load_codebook(2024).scale_of("out_participation").labels
        ('あてはまる', 'どちらともいえない', 'あてはまらない')
        """
        return self.scales[self.item(item_id)["scale"]]

    # -- answers -------------------------------------------------------------------------------------------
    @property
    def answer_categories(self) -> list[str]:
        """All answer labels in report order, 無回答 last (the categories of :meth:`answer_dtype`)."""
        return [*self.answer_order, self.no_answer_label]

    def answer_dtype(self) -> pd.CategoricalDtype:
        """Ordered categorical of every answer label (positive → negative, 無回答 last).

        Returns
        -------
        pandas.CategoricalDtype
            The dtype of the ``answer`` column of the tidy responses.

        Examples
        --------
        >>> list(load_codebook(2024).answer_dtype().categories)[-2:]
        ['全くあてはまらない', '無回答']
        """
        return pd.CategoricalDtype(self.answer_categories, ordered=True)

    @functools.cached_property
    def _lookups(self) -> dict[str, dict[str, tuple[str, str]]]:
        """Per scale key, the table :meth:`answer_lookup` returns."""
        tables = {}
        no_answer = {
            normalize_text(a): (self.no_answer_label, "無回答 spelling") for a in self.no_answer_aliases
        }
        no_answer[""] = (self.no_answer_label, "blank → 無回答")
        for key, scale in self.scales.items():
            table = dict(no_answer)
            for option in scale.options:
                table[str(option.code)] = (option.label, "option code")
                for alias in option.aliases:
                    table[normalize_text(alias)] = (option.label, "spelling variant")
                table[normalize_text(option.label)] = (option.label, "label")
            for mapped in scale.off_scale:
                table[normalize_text(mapped.answer)] = (
                    mapped.maps_to,
                    f"not an option, mapped by the codebook: {mapped.reason}",
                )
            tables[key] = table
        return tables

    def answer_lookup(self, scale_key: str) -> dict[str, tuple[str, str]]:
        """Normalised text → (label, rule) for every accepted way of writing an answer on a scale.

        Parameters
        ----------
        scale_key
            The scale's key (``"agree3"``; an item's ``scale`` in :attr:`items`).

        Returns
        -------
        dict
            Text normalised by :func:`~jusolib.core.normalize.normalize_text` → ``(label, rule)``: the option
            code (``"1"``), each spelling, the label itself, the spellings of 無回答 and ``""`` (blank →
            無回答), and any off-scale answer the codebook maps with a reason. ``rule`` is what the cleaning
            log records (``"option code"``, ``"spelling variant"`` …).

        Examples
        --------
        >>> load_codebook(2024).answer_lookup("agree3")["当てはまる"]
        ('あてはまる', 'spelling variant')
        """
        return self._lookups[scale_key]

    @shared_parameters
    def recode(self, item_id: str, raw: str) -> tuple[str, str] | None:
        """Recode one raw answer of an item to its label; ``None`` if it is not on the item's scale.

        A question number works for the item too (see :meth:`item_id`).

        Parameters
        ----------
        raw
            The answer as written in the return (it is normalised first).

        Returns
        -------
        tuple of (str, str) or None
            ``(label, rule)`` as :meth:`answer_lookup` gives it.

        Examples
        --------
        >>> book = load_codebook(2024)
        >>> book.recode("out_hubs", " 当てはまる。"), book.recode("out_hubs", "－"), book.recode("out_hubs", "4")
        (('あてはまる', 'spelling variant'), ('無回答', '無回答 spelling'), None)
        """
        return self._lookups[self.item(item_id)["scale"]].get(normalize_text(raw))

    @shared_parameters
    def expected_answers(self, item_id: str) -> str:
        """Words for an error message: what an answer of this item may be.

        Returns
        -------
        str
            The options with their codes, 無回答, and where the codebook could map another answer.

        Examples
        --------
        >>> load_codebook(2024).expected_answers("out_hubs")  # doctest: +ELLIPSIS
        'one of 1 あてはまる / 2 どちらともいえない / 3 あてはまらない, or 無回答 (blank); ...'
        """
        scale = self.scale_of(item_id)
        options = " / ".join(f"{o.code} {o.label}" for o in scale.options)
        return (
            f"one of {options}, or 無回答 (blank); an answer that is not an option is used only if the "
            f"codebook maps it with a reason (scales.{scale.key}.off_scale_answers in {self.path.name})"
        )

    # -- respondent types ----------------------------------------------------------------------------------
    @functools.cached_property
    def _respondent_lookup(self) -> dict[str, str]:
        """Normalised key, label, English label or alias (lower case) → respondent-type key."""
        table = {}
        for key, row in self.respondent_types.iterrows():
            for text in (key, row["label"], row["label_en"], *row["aliases"]):
                table[normalize_text(str(text)).lower()] = key
        return table

    def respondent_type_key(self, raw: str) -> str | None:
        """The respondent-type key (``municipality``/``council``) of a raw value, or ``None``.

        Parameters
        ----------
        raw
            A respondent type as written: the key, the label (自治体), the English label or an alias of the
            codebook (社会福祉協議会); normalised and compared without case.

        Returns
        -------
        str or None
            The key, or ``None`` if the value names no respondent type.

        Examples
        --------
        >>> book = load_codebook(2024)
        >>> book.respondent_type_key("社会福祉協議会"), book.respondent_type_key("自治体"), book.respondent_type_key("x")
        ('council', 'municipality', None)
        """
        return self._respondent_lookup.get(normalize_text(str(raw)).lower())

    def respondent_type_label(self, key: str) -> str:
        """Japanese label of a respondent type key (自治体 / 社協).

        Parameters
        ----------
        key
            ``"municipality"`` or ``"council"`` (a key of :attr:`respondent_types`).

        Returns
        -------
        str

        Raises
        ------
        KeyError
            If ``key`` is not a respondent-type key (a label is not accepted: use :meth:`respondent_type_key`).

        Examples
        --------
        >>> load_codebook(2024).respondent_type_label("council")
        '社協'
        """
        return str(self.respondent_types.at[key, "label"])

    # -- columns -------------------------------------------------------------------------------------------
    def column_headings(self, role: str) -> list[str]:
        """Accepted headings of a non-item column (``municipality``, ``respondent_type``, ``fiscal_year``).

        Parameters
        ----------
        role
            The column's role, a key of :attr:`columns`.

        Returns
        -------
        list of str
            The heading first, then its aliases.

        Raises
        ------
        KeyError
            If the codebook has no column of that role.

        Examples
        --------
        >>> load_codebook(2024).column_headings("municipality")[0]
        '区市町村名'
        """
        spec = self.columns[role]
        return [spec["heading"], *spec.get("aliases", [])]

    @property
    def is_demonstration(self) -> bool:
        """True for a codebook marked ``demonstration: true`` (items written for a demonstration year)."""
        return bool(self.meta.get("demonstration", False))


@shared_parameters
def codebook_path(fiscal_year: FiscalYearLike, data_dir: DataDir = None) -> Path:
    """Path of the codebook of a fiscal year, e.g. ``data/raw/codebook/FY2024.yaml``.

    A data directory without its own ``raw/codebook`` uses the shipped codebooks.

    Returns
    -------
    Path
        The file, whether it exists or not.

    Examples
    --------
    >>> codebook_path("R6").name
    'FY2024.yaml'
    """
    paths = data_paths(data_dir)
    return paths.codebook_dir / f"{folder_name(fiscal_year)}.yaml"


@shared_parameters
def load_codebook(fiscal_year: FiscalYearLike, data_dir: DataDir = None) -> Codebook:
    """Load and validate the codebook of a fiscal year.

    The file is parsed once per process (again when it changes); each call returns a copy whose tables a
    caller may change without changing what the next call returns.

    Returns
    -------
    Codebook

    Raises
    ------
    CodebookError
        If the file is missing, not valid YAML, or inconsistent (unknown scale, duplicate id or column …).
    """
    path = codebook_path(fiscal_year, data_dir)
    if not path.is_file():
        raise CodebookError(
            f"no codebook for {folder_name(fiscal_year)}: expected {path}. Copy the previous year's codebook, "
            "set fiscal_year and adjust question numbers and column headings."
        )
    stat = path.stat()
    return _fresh(_load(path, stat.st_mtime_ns, stat.st_size))


def _fresh(codebook: Codebook) -> Codebook:
    """A copy of a cached codebook whose tables and dicts a caller may change without changing the cache."""
    return dataclasses.replace(
        codebook,
        meta=copy.deepcopy(codebook.meta),
        items=codebook.items.copy(),
        sections=codebook.sections.copy(),
        respondent_types=codebook.respondent_types.copy(),
        columns=copy.deepcopy(codebook.columns),
        footnotes=dict(codebook.footnotes),
    )


@functools.lru_cache(maxsize=16)
def _load(path: Path, _mtime: int, _size: int) -> Codebook:
    """Parse the file (cached by path, modification time and size, so a changed file is read again)."""
    try:
        import yaml  # imported here: loading a codebook is the only use

        # libyaml's loader when PyYAML was built with it (the wheels are): ten times faster than pure Python
        doc = yaml.load(
            path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        )
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise CodebookError(f"{path}: not a valid UTF-8 YAML codebook: {exc}") from exc
    return parse_codebook(doc, path)


#: A reason shorter than this is not a reason ("ok", "same").
MIN_REASON_LENGTH = 8


def _off_scale_answers(
    specs: Any, options: tuple[Option, ...], key: str, fail: Any
) -> tuple[OffScaleAnswer, ...]:
    """Validate ``off_scale_answers`` of a scale: each needs an answer that is not already an option (or a
    spelling of one), an option label to map to, and a written reason."""
    if specs is None:
        return ()
    if not isinstance(specs, list):
        raise fail(f"scale {key}: off_scale_answers must be a list of {{answer, maps_to, reason}}")
    labels = {o.label for o in options}
    known = {normalize_text(text) for o in options for text in (o.label, *o.aliases)}
    out = []
    for position, spec in enumerate(specs, start=1):
        where = f"scale {key}: off_scale_answers #{position}"
        if not isinstance(spec, dict) or set(spec) != {"answer", "maps_to", "reason"}:
            raise fail(f"{where} must have exactly the fields answer, maps_to and reason")
        answer, maps_to, reason = (str(spec[f] or "").strip() for f in ("answer", "maps_to", "reason"))
        if not answer:
            raise fail(f"{where}: answer is empty")
        if normalize_text(answer) in known:
            raise fail(f"{where}: {answer!r} is already an option (or a spelling of one) of the scale")
        if maps_to not in labels:
            raise fail(f"{where}: maps_to must be an option of the scale ({sorted(labels)}), got {maps_to!r}")
        if len(reason) < MIN_REASON_LENGTH:
            raise fail(
                f"{where}: mapping {answer!r} to {maps_to!r} needs a written reason "
                f"(why this answer may count as that option), got {reason!r}"
            )
        out.append(OffScaleAnswer(answer, maps_to, reason))
    return tuple(out)


def parse_codebook(doc: dict[str, Any], path: Path) -> Codebook:
    """Build a :class:`Codebook` from a parsed YAML document, validating it (see :func:`load_codebook`).

    Parameters
    ----------
    doc
        The YAML document as parsed (a mapping with ``fiscal_year``, ``respondent_types``, ``columns``,
        ``no_answer``, ``answer_order``, ``scales``, ``sections`` and ``items``).
    path
        The file it came from: named in every error, and a name ``FYxxxx.yaml`` must agree with
        ``fiscal_year``.

    Returns
    -------
    Codebook

    Raises
    ------
    CodebookError
        Naming the file and what is wrong: a missing key, an unknown scale or section, a duplicate id or
        column, a scale whose options are out of ``answer_order``, an undefined footnote, an off-scale answer
        without a reason …

    Examples
    --------
    >>> import yaml
    >>> doc = yaml.safe_load(codebook_path(2024).read_text(encoding="utf-8"))
    >>> parse_codebook(doc, Path("FY2024.yaml")).fiscal_year
    2024
    >>> parse_codebook(doc, Path("FY2025.yaml"))
    Traceback (most recent call last):
    ...
    jusolib.core.errors.CodebookError: FY2025.yaml: fiscal_year 2024 contradicts the file name FY2025
    """
    name = path.name

    def fail(message: str) -> CodebookError:
        return CodebookError(f"{name}: {message}")

    if not isinstance(doc, dict):
        raise fail("expected a mapping at the top level")
    for key in (
        "fiscal_year",
        "respondent_types",
        "columns",
        "no_answer",
        "answer_order",
        "scales",
        "sections",
        "items",
    ):
        if key not in doc:
            raise fail(f"missing top-level key {key!r}")
    fiscal_year = parse_fiscal_year(doc["fiscal_year"])
    if path.stem.startswith("FY") and parse_fiscal_year(path.stem) != fiscal_year:
        raise fail(f"fiscal_year {fiscal_year} contradicts the file name {path.stem}")

    answer_order = tuple(doc["answer_order"])
    scales = {}
    for key, spec in doc["scales"].items():
        options = tuple(
            Option(
                int(o["code"]),
                str(o["label"]),
                str(o.get("label_en", "")),
                float(o["score"]),
                tuple(str(a) for a in o.get("aliases", [])),
            )
            for o in spec["options"]
        )
        labels = [o.label for o in options]
        if len(set(labels)) != len(labels) or len({o.code for o in options}) != len(options):
            raise fail(f"scale {key}: duplicate option label or code")
        missing = [label for label in labels if label not in answer_order]
        if missing:
            raise fail(f"scale {key}: labels {missing} are not in answer_order")
        positions = [answer_order.index(label) for label in labels]
        if positions != sorted(positions):
            raise fail(f"scale {key}: options are not in answer_order's order")
        positive = tuple(spec.get("positive", []))
        if not positive or any(p not in labels for p in positive):
            raise fail(f"scale {key}: positive must list labels of the scale, got {list(positive)}")
        scales[key] = Scale(
            key,
            str(spec.get("label", key)),
            str(spec.get("label_en", "")),
            options,
            positive,
            str(spec.get("positive_label", "＋".join(positive))),
            _off_scale_answers(spec.get("off_scale_answers"), options, key, fail),
        )

    sections = pd.DataFrame(doc["sections"]).set_index("key")
    rows = []
    for position, spec in enumerate(doc["items"], start=1):
        absent = [f for f in REQUIRED_ITEM_FIELDS if f not in spec]
        if absent:
            raise fail(f"item #{position} ({spec.get('id', '?')}) lacks {absent}")
        unknown = set(spec) - set(ITEM_FIELDS)
        if unknown:
            raise fail(f"item {spec['id']}: unknown fields {sorted(unknown)}")
        if spec["scale"] not in scales:
            raise fail(f"item {spec['id']}: unknown scale {spec['scale']!r}")
        if spec["section"] not in sections.index:
            raise fail(f"item {spec['id']}: unknown section {spec['section']!r}")
        rule = spec.get("compare_when_scale_changes")
        if rule is not None and rule not in CROSS_SCALE_RULES:
            raise fail(f"item {spec['id']}: compare_when_scale_changes must be one of {CROSS_SCALE_RULES}")
        rows.append({f: spec.get(f) for f in ITEM_FIELDS} | {"order": position})
    items = pd.DataFrame(rows).set_index("id")
    for field in ("id", "column", "free_text_column"):
        values = items.index if field == "id" else items[field].dropna()
        keys = [normalize_heading(v) for v in values]
        duplicated = sorted({v for v, k in zip(values, keys, strict=True) if keys.count(k) > 1})
        if duplicated:
            raise fail(f"duplicate item {field}: {duplicated}")
    footnotes = {str(k): str(v) for k, v in (doc.get("footnotes") or {}).items()}
    bad_notes = sorted(set(items["footnote"].dropna()) - set(footnotes))
    if bad_notes:
        raise fail(f"items refer to undefined footnotes {bad_notes}")

    types = pd.DataFrame(doc["respondent_types"]).set_index("key")
    types["aliases"] = types.get("aliases", pd.Series(dtype=object)).apply(
        lambda a: tuple(a) if isinstance(a, list) else ()
    )
    columns = dict(doc["columns"])
    for role in ("municipality", "respondent_type"):
        if role not in columns or "heading" not in columns[role]:
            raise fail(f"columns.{role}.heading is required")
    no_answer = doc["no_answer"]
    meta = {
        k: v
        for k, v in doc.items()
        if k not in ("items", "scales", "sections", "respondent_types", "columns")
    }
    return Codebook(
        fiscal_year=fiscal_year,
        path=path,
        meta=meta,
        items=items,
        sections=sections,
        scales=scales,
        respondent_types=types,
        columns=columns,
        no_answer_label=str(no_answer["label"]),
        no_answer_aliases=tuple(str(a) for a in no_answer.get("aliases", [])),
        answer_order=answer_order,
        footnotes=footnotes,
    )
