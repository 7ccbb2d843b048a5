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
    """One answer option of a scale."""

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
        return tuple(o.label for o in self.options)

    @property
    def max_score(self) -> float:
        return max(o.score for o in self.options)

    @property
    def scores(self) -> dict[str, float]:
        return {o.label: o.score for o in self.options}

    def same_as(self, other: Scale) -> bool:
        """True if the two scales have the same labels in the same order and the same positive set."""
        return self.labels == other.labels and self.positive == other.positive


@dataclass(frozen=True)
class Codebook:
    """A parsed and validated codebook. Use :func:`load_codebook` to get one."""

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
        return {item_id: row for item_id, row in self.items.iterrows()}

    def item(self, item: str) -> pd.Series:
        """The codebook row of one item, given by id or question number (see :meth:`item_id`)."""
        row = self._item_rows.get(item)
        return row if row is not None else self._item_rows[self.item_id(item)]

    @functools.cached_property
    def _numbers(self) -> dict[str, str]:
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

        Examples
        --------
        >>> load_codebook(2024).item_ids_of(["問1-1", "out_hubs"])
        ['out_participation', 'out_hubs']
        """
        refs = [items] if isinstance(items, str) else list(items)
        return [self.item_id(ref) for ref in refs]

    def item_ids(self, section: str | None = None) -> list[str]:
        """Item ids in questionnaire order, optionally of one section (``"I"``, ``"II"``, ``"III"``).

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

    def section_footnotes(self, section: str) -> dict[str, str]:
        """The footnotes (※1 …) of the items of a section that have one, with their text.

        Examples
        --------
        >>> list(load_codebook(2024).section_footnotes("III")), load_codebook(2024).section_footnotes("I")
        (['※1', '※2', '※3'], {})
        """
        marks = set(self.items.loc[self.items["section"] == section, "footnote"].dropna())
        return {mark: text for mark, text in self.footnotes.items() if mark in marks}

    def scale_of(self, item_id: str) -> Scale:
        """The answer scale of an item."""
        return self.scales[self.item(item_id)["scale"]]

    # -- answers -------------------------------------------------------------------------------------------
    @property
    def answer_categories(self) -> list[str]:
        """All answer labels in report order, 無回答 last."""
        return [*self.answer_order, self.no_answer_label]

    def answer_dtype(self) -> pd.CategoricalDtype:
        """Ordered categorical of every answer label (positive → negative, 無回答 last)."""
        return pd.CategoricalDtype(self.answer_categories, ordered=True)

    @functools.cached_property
    def _lookups(self) -> dict[str, dict[str, tuple[str, str]]]:
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
        """Normalised text → (label, rule) for every accepted way of writing an answer on a scale."""
        return self._lookups[scale_key]

    def recode(self, item_id: str, raw: str) -> tuple[str, str] | None:
        """Recode one raw answer of an item to its label; ``None`` if it is not on the item's scale.

        Examples
        --------
        >>> book = load_codebook(2024)
        >>> book.recode("out_hubs", " 当てはまる。"), book.recode("out_hubs", "－"), book.recode("out_hubs", "4")
        (('あてはまる', 'spelling variant'), ('無回答', '無回答 spelling'), None)
        """
        return self._lookups[self.item(item_id)["scale"]].get(normalize_text(raw))

    def expected_answers(self, item_id: str) -> str:
        """Words for an error message: what an answer of this item may be.

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
        table = {}
        for key, row in self.respondent_types.iterrows():
            for text in (key, row["label"], row["label_en"], *row["aliases"]):
                table[normalize_text(str(text)).lower()] = key
        return table

    def respondent_type_key(self, raw: str) -> str | None:
        """The respondent-type key (``municipality``/``council``) of a raw value, or ``None``.

        Examples
        --------
        >>> book = load_codebook(2024)
        >>> book.respondent_type_key("社会福祉協議会"), book.respondent_type_key("自治体"), book.respondent_type_key("x")
        ('council', 'municipality', None)
        """
        return self._respondent_lookup.get(normalize_text(str(raw)).lower())

    def respondent_type_label(self, key: str) -> str:
        """Japanese label of a respondent type key (自治体 / 社協)."""
        return str(self.respondent_types.at[key, "label"])

    # -- columns -------------------------------------------------------------------------------------------
    def column_headings(self, role: str) -> list[str]:
        """Accepted headings of a non-item column (``municipality``, ``respondent_type``, ``fiscal_year``)."""
        spec = self.columns[role]
        return [spec["heading"], *spec.get("aliases", [])]

    @property
    def is_demonstration(self) -> bool:
        return bool(self.meta.get("demonstration", False))


def codebook_path(fiscal_year: FiscalYearLike, data_dir: DataDir = None) -> Path:
    """Path of the codebook of a fiscal year, e.g. ``data/raw/codebook/FY2024.yaml``."""
    paths = data_paths(data_dir)
    return paths.codebook_dir / f"{folder_name(fiscal_year)}.yaml"


def load_codebook(fiscal_year: FiscalYearLike, data_dir: DataDir = None) -> Codebook:
    """Load and validate the codebook of a fiscal year.

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
    """Build a :class:`Codebook` from a parsed YAML document, validating it (see :func:`load_codebook`)."""
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
