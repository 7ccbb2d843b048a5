"""Reference facts: Tokyo's 62 municipalities, who implemented the project when, published context series.

The files live in ``data/raw/reference/`` with their sources in ``sources.csv``. Municipalities are keyed by
the 6-digit 全国地方公共団体コード kept as a *string* ("131121" is 世田谷区).

Examples
--------
>>> resolve_municipality("東京都稻城市")
'132250'
>>> resolve_municipality(13112)
'131121'
>>> municipality_name("131121")
'世田谷区'
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from jusolib.core.docstrings import shared_parameters
from jusolib.core.errors import (
    AmbiguousMunicipalityError,
    ReferenceDataError,
    UnknownMunicipalityError,
)
from jusolib.core.fiscal import FiscalYearLike, parse_fiscal_year
from jusolib.core.normalize import normalize_text, replace_variants, to_katakana
from jusolib.core.paths import DataDir, DataPaths, data_paths

MUNICIPALITIES_FILE = "tokyo_municipalities.csv"
IMPLEMENTATION_FILE = "implementation_status.csv"
CONTEXT_FILE = "context_series.csv"
SOURCES_FILE = "sources.csv"
VARIANTS_FILE = "variant_characters.csv"

#: Status values in ``implementation_status.csv`` that mean "runs the project that year".
IMPLEMENTING_STATUSES = ("実施", "実施予定")
#: Status of the preparatory 移行準備事業.
TRANSITION_STATUS = "移行準備"
#: Population series available in the reference table, with their date and source id.
POPULATION_SERIES = {
    "pop_tmg_estimate_2022_01_01": ("東京都の人口(推計) 2022年1月1日", "tmg_pop_2022"),
    "pop_census_2020": ("令和2年国勢調査 2020年10月1日", "census_2020_secondary"),
}
DEFAULT_POPULATION_SERIES = "pop_tmg_estimate_2022_01_01"

_PREFIXES = ("東京都",)
_SUFFIXES = ("社会福祉協議会", "社協", "役所", "役場")
_TYPE_SUFFIXES = ("区", "市", "町", "村")
_KANA_SUFFIXES = ("ク", "シ", "マチ", "ムラ")


def check_digit(code5: str) -> int:
    """Check digit of a 5-digit 団体コード: ``(11 − Σ wᵢdᵢ mod 11) mod 10`` with weights 6, 5, 4, 3, 2.

    Parameters
    ----------
    code5
        The first five digits of a 団体コード, as a string (``"13112"``).

    Returns
    -------
    int
        The sixth digit, 0–9.

    Raises
    ------
    ValueError
        If ``code5`` is not five digits.

    Examples
    --------
    >>> check_digit("13112")  # 世田谷区 → 131121
    1
    >>> check_digit("13101")  # 千代田区 → 131016
    6
    """
    if len(code5) != 5 or not code5.isdigit():
        raise ValueError(f"{code5!r} is not a 5-digit code")
    total = sum(w * int(d) for w, d in zip((6, 5, 4, 3, 2), code5, strict=True))
    return (11 - total % 11) % 10


def is_valid_code6(code6: str) -> bool:
    """True if ``code6`` is six digits whose last digit is the check digit of the first five.

    Parameters
    ----------
    code6
        A text that may be a 6-digit 団体コード (any text is accepted).

    Returns
    -------
    bool
        Whether the code is well formed; it says nothing of whether a municipality has it.

    Examples
    --------
    >>> is_valid_code6("131121"), is_valid_code6("131122"), is_valid_code6("13112")
    (True, False, False)
    """
    return len(code6) == 6 and code6.isdigit() and int(code6[5]) == check_digit(code6[:5])


def _read_csv(path: Path) -> pd.DataFrame:
    """A reference CSV with every cell as text (empty cells ``""``), or an error naming the missing file."""
    if not path.is_file():
        raise ReferenceDataError(f"reference file missing: {path}")
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")


@functools.lru_cache(maxsize=8)
def _municipalities(reference_dir: Path) -> pd.DataFrame:
    table = _read_csv(reference_dir / MUNICIPALITIES_FILE)
    for column in POPULATION_SERIES:
        table[column] = pd.to_numeric(table[column].replace("", None)).astype("Int64")
    bad = [c for c in table["code6"] if not is_valid_code6(c)]
    if bad:
        raise ReferenceDataError(f"{reference_dir / MUNICIPALITIES_FILE}: invalid check digit in {bad}")
    return table


@shared_parameters
def load_municipalities(data_dir: DataDir = None) -> pd.DataFrame:
    """The 62 Tokyo municipalities: ``code6``, ``code5``, ``name``, ``kana``, ``type`` and populations.

    Populations are nullable integers: empty where no reliable figure was found (never guessed).

    Returns
    -------
    DataFrame
        One row per municipality in code order: ``code6`` (6-digit 団体コード, text), ``code5``, ``name``
        (世田谷区), ``kana`` (セタガヤク), ``type`` (特別区 / 市 / 町 / 村) and one ``Int64`` column per
        population series (:data:`POPULATION_SERIES`). A copy: changing it changes nothing else.

    Raises
    ------
    ReferenceDataError
        If the file is missing or a code has a wrong check digit.

    Examples
    --------
    >>> table = load_municipalities()
    >>> len(table), table["type"].value_counts().to_dict()
    (62, {'市': 26, '特別区': 23, '村': 8, '町': 5})
    """
    return _municipalities(_paths(data_dir).reference_dir).copy()


def _paths(data_dir: DataDir) -> DataPaths:
    """The folders of the data directory (see :func:`~jusolib.core.paths.data_paths`)."""
    return data_paths(data_dir)


@functools.lru_cache(maxsize=8)
def _variants(reference_dir: Path) -> dict[str, str]:
    table = _read_csv(reference_dir / VARIANTS_FILE)
    return dict(zip(table["variant"], table["standard"], strict=True))


@shared_parameters
def load_variant_characters(data_dir: DataDir = None) -> dict[str, str]:
    """The 異体字 table: variant character → standard character (e.g. 稻 → 稲).

    Returns
    -------
    dict
        Variant → standard character (a copy), from ``variant_characters.csv``.

    Examples
    --------
    >>> load_variant_characters()["稻"]
    '稲'
    """
    return dict(_variants(_paths(data_dir).reference_dir))


@dataclass
class MunicipalityResolver:
    """Resolve anything an analyst may type to a 6-digit 団体コード.

    Accepts a 6-digit code (check digit validated), a 5-digit code, the name with or without 「東京都」,
    full-width or half-width characters, stray spaces, 異体字 (稻城市), the kana reading, the name without
    its 区/市/町/村 suffix when that is unique, and a 社会福祉協議会/社協 suffix (for council rows).

    Examples
    --------
    >>> resolver = MunicipalityResolver.from_reference()
    >>> [resolver.resolve(v) for v in ("131121", "13112", "世田谷区", "東京都 世田谷区", "せたがやく", "世田谷")]
    ['131121', '131121', '131121', '131121', '131121', '131121']
    >>> resolver.resolve("としま")
    Traceback (most recent call last):
    ...
    jusolib.core.errors.AmbiguousMunicipalityError: 'としま': matches more than one municipality (closest: 豊島区 (131164), 利島村 (133621))
    """

    table: pd.DataFrame
    variants: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._codes = set(self.table["code6"])
        self._by_code5 = dict(zip(self.table["code5"], self.table["code6"], strict=True))
        self._names = dict(zip(self.table["code6"], self.table["name"], strict=True))
        self._exact: dict[str, set[str]] = {}
        self._stem: dict[str, set[str]] = {}
        for code, name, kana in zip(self.table["code6"], self.table["name"], self.table["kana"], strict=True):
            for key in (name, kana):
                self._exact.setdefault(self._key(key), set()).add(code)
            for stem in (_strip_suffix(name, _TYPE_SUFFIXES), _strip_suffix(kana, _KANA_SUFFIXES)):
                if stem:
                    self._stem.setdefault(self._key(stem), set()).add(code)
        self._cache: dict[object, str] = {}

    def _key(self, text: str) -> str:
        """The form names are compared in: normalised, hiragana as katakana, 異体字 replaced."""
        return replace_variants(to_katakana(normalize_text(text)), self.variants)

    @classmethod
    @shared_parameters
    def from_reference(cls, data_dir: DataDir = None) -> MunicipalityResolver:
        """A resolver over the reference table of ``data_dir`` (default data directory).

        Returns
        -------
        MunicipalityResolver
            A new resolver (:func:`municipality_resolver` gives the shared, cached one).
        """
        paths = _paths(data_dir)
        return cls(load_municipalities(paths), load_variant_characters(paths))

    @shared_parameters
    def name(self, code6: str) -> str:
        """The municipality name of a 6-digit code.

        Returns
        -------
        str
            The name as the reference table writes it (世田谷区).

        Raises
        ------
        KeyError
            If no Tokyo municipality has the code (use :meth:`resolve` for anything typed by a person).
        """
        return self._names[code6]

    def resolve(self, value: object) -> str:
        """Return the 6-digit code for ``value`` or raise a :class:`MunicipalityError` naming candidates.

        Each distinct value is resolved once per resolver.

        Parameters
        ----------
        value
            A name or code in any of the forms the class accepts (a code may be an int or a float such as
            ``13112.0``, as a spreadsheet gives it).

        Returns
        -------
        str
            The 6-digit 団体コード.

        Raises
        ------
        UnknownMunicipalityError
            If no Tokyo municipality matches (the closest names are listed), or a code's check digit is wrong.
        AmbiguousMunicipalityError
            If several match (they are listed).
        """
        key = value if isinstance(value, str | int) else repr(value)
        if key not in self._cache:
            self._cache[key] = self._resolve(value)
        return self._cache[key]

    def _resolve(self, value: object) -> str:
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, bool) or value is None:
            raise UnknownMunicipalityError(value, "is not a municipality name or code")
        text = self._key(str(value))
        if not text:
            raise UnknownMunicipalityError(value, "is empty: expected a municipality name or 団体コード")
        if text.isdigit():
            return self._resolve_code(value, text)
        for prefix in _PREFIXES:
            if text.startswith(prefix) and len(text) > len(prefix):
                text = text[len(prefix) :]
        candidates = self._lookup(text)
        if not candidates:
            for suffix in _SUFFIXES:
                if text.endswith(suffix) and len(text) > len(suffix):
                    candidates = self._lookup(text[: -len(suffix)])
                    if candidates:
                        break
        if len(candidates) == 1:
            return next(iter(candidates))
        if len(candidates) > 1:
            labels = [f"{self._names[c]} ({c})" for c in sorted(candidates)]
            raise AmbiguousMunicipalityError(value, "matches more than one municipality", labels)
        import difflib  # only for a name that is not found: not imported with the module

        close = difflib.get_close_matches(text, list(self._exact), n=3, cutoff=0.4)
        labels = []
        for match in close:
            for code in sorted(self._exact[match]):
                label = f"{self._names[code]} ({code})"
                if label not in labels:
                    labels.append(label)
        raise UnknownMunicipalityError(value, "is not a Tokyo municipality", labels)

    def _lookup(self, text: str) -> set[str]:
        return self._exact.get(text) or self._stem.get(text) or set()

    def _resolve_code(self, value: object, digits: str) -> str:
        if len(digits) == 6:
            if not is_valid_code6(digits):
                raise UnknownMunicipalityError(
                    value,
                    f"has a wrong check digit: a 6-digit 団体コード {digits[:5]}? ends in "
                    f"{check_digit(digits[:5])}",
                )
            code6 = digits
        elif len(digits) == 5:
            code6 = self._by_code5.get(digits, digits + str(check_digit(digits)))
        else:
            raise UnknownMunicipalityError(value, "is not a 5- or 6-digit 団体コード")
        if code6 not in self._codes:
            raise UnknownMunicipalityError(value, f"no Tokyo municipality has the 団体コード {code6}")
        return code6


def _strip_suffix(text: str, suffixes: Iterable[str]) -> str:
    """``text`` without the first of ``suffixes`` it ends with; ``""`` if none (or nothing would be left)."""
    for suffix in suffixes:
        if text.endswith(suffix) and len(text) > len(suffix):
            return text[: -len(suffix)]
    return ""


@functools.lru_cache(maxsize=8)
def _resolver(reference_dir: Path) -> MunicipalityResolver:
    return MunicipalityResolver(_municipalities(reference_dir), dict(_variants(reference_dir)))


@shared_parameters
def municipality_resolver(data_dir: DataDir = None) -> MunicipalityResolver:
    """The shared resolver of a data directory (cached).

    Returns
    -------
    MunicipalityResolver
        The same resolver on every call for the same reference folder, so that its cache of resolved
        spellings is shared.
    """
    return _resolver(_paths(data_dir).reference_dir)


@shared_parameters
def resolve_municipality(value: object, data_dir: DataDir = None) -> str:
    """Resolve a municipality name or code to its 6-digit 団体コード (see :class:`MunicipalityResolver`).

    Parameters
    ----------
    value
        A name (東京都 世田谷区, せたがやく, 稻城市 …) or a 5- or 6-digit code, as text or a number.

    Returns
    -------
    str
        The 6-digit 団体コード.

    Raises
    ------
    MunicipalityError
        If the value matches no Tokyo municipality, or more than one (the message names candidates).

    Examples
    --------
    >>> resolve_municipality("世田谷区社会福祉協議会")
    '131121'
    """
    return municipality_resolver(data_dir).resolve(value)


@shared_parameters
def municipality_name(code6: str, data_dir: DataDir = None) -> str:
    """Name of the municipality with 6-digit code ``code6``.

    Returns
    -------
    str
        The name as the reference table writes it.

    Raises
    ------
    KeyError
        If no Tokyo municipality has that code.
    """
    return municipality_resolver(data_dir).name(code6)


@shared_parameters
def load_implementation(data_dir: DataDir = None) -> pd.DataFrame:
    """Implementation status per fiscal year: ``fiscal_year``, ``code6``, ``name``, ``status``, ``source_id``.

    ``status`` is 実施 (implementing), 実施予定 (planned; FY2025) or 移行準備 (移行準備事業).

    Returns
    -------
    DataFrame
        One row per (fiscal_year, municipality) the sources record: ``fiscal_year`` (int), ``code6``,
        ``name``, ``status`` and ``source_id`` (ids of ``sources.csv``, joined by ``;``).

    Examples
    --------
    >>> table = load_implementation()
    >>> table.query("status == '実施'").groupby("fiscal_year").size().to_dict()
    {2021: 2, 2022: 7, 2023: 12, 2024: 23}
    """
    table = _read_csv(_paths(data_dir).reference_dir / IMPLEMENTATION_FILE)
    table["fiscal_year"] = table["fiscal_year"].astype(int)
    return table


@shared_parameters
def implementing_codes(fiscal_year: FiscalYearLike, data_dir: DataDir = None) -> list[str]:
    """6-digit codes of the municipalities implementing (or planning to implement) in a fiscal year.

    Returns
    -------
    list of str
        The codes with status 実施 or 実施予定 that year, sorted; 移行準備 does not count.

    Examples
    --------
    >>> len(implementing_codes("R6")), len(implementing_codes("R7"))
    (23, 26)
    """
    year = parse_fiscal_year(fiscal_year)
    table = load_implementation(data_dir)
    chosen = table[(table["fiscal_year"] == year) & table["status"].isin(IMPLEMENTING_STATUSES)]
    return sorted(chosen["code6"])


@shared_parameters
def first_implementation_year(data_dir: DataDir = None) -> pd.Series:
    """First fiscal year each municipality implemented (or plans to implement) the project, by ``code6``.

    Returns
    -------
    Series
        ``first_fiscal_year`` (int) indexed by ``code6``; municipalities never implementing are absent.

    Examples
    --------
    >>> first_implementation_year()[["131121", "131024"]].to_dict()
    {'131121': 2021, '131024': 2024}
    """
    table = load_implementation(data_dir)
    running = table[table["status"].isin(IMPLEMENTING_STATUSES)]
    return running.groupby("code6")["fiscal_year"].min().rename("first_fiscal_year")


@shared_parameters
def load_context_series(data_dir: DataDir = None) -> pd.DataFrame:
    """Published context series (地域福祉コーディネーター, national counts …) with their source ids.

    Returns
    -------
    DataFrame
        One row per figure: ``series`` (key), ``fiscal_year`` (int), ``value`` (int), ``unit`` (人, 団体 …),
        ``label`` (Japanese) and ``source_id``.

    Examples
    --------
    >>> series = load_context_series()
    >>> series.query("series == 'tokyo_coordinators'")["value"].tolist()
    [283, 398]
    """
    table = _read_csv(_paths(data_dir).reference_dir / CONTEXT_FILE)
    table["fiscal_year"] = table["fiscal_year"].astype(int)
    table["value"] = table["value"].astype(int)
    return table


@shared_parameters
def load_sources(data_dir: DataDir = None) -> pd.DataFrame:
    """Where each reference fact comes from: ``source_id``, ``citation``, ``url``, ``as_of`` …

    Returns
    -------
    DataFrame
        One row per source, every cell text: ``source_id``, ``citation``, ``url``, ``as_of`` and
        ``accessed_via`` (how the figures were taken and checked).

    Examples
    --------
    >>> "tmg_pop_2022" in set(load_sources()["source_id"])
    True
    """
    return _read_csv(_paths(data_dir).reference_dir / SOURCES_FILE)


@shared_parameters
def population(
    code6s: Iterable[str], series: str = DEFAULT_POPULATION_SERIES, data_dir: DataDir = None
) -> pd.Series:
    """Population of each municipality on a named series; raises if any is unknown (never guessed).

    Parameters
    ----------
    code6s
        6-digit 団体コード as strings, in the order wanted (a code given twice appears twice).

    Returns
    -------
    Series
        The populations (int) in the order of ``code6s``, indexed by code and named after the series.

    Raises
    ------
    ReferenceDataError
        If a municipality has no figure on that series (naming it and the series), or the series is unknown.

    Examples
    --------
    >>> population(["131121"]).tolist()
    [937615]
    >>> population(["133035"])
    Traceback (most recent call last):
    ...
    jusolib.core.errors.ReferenceDataError: no population on series pop_tmg_estimate_2022_01_01 (東京都の人口(推計) 2022年1月1日) for 瑞穂町 (133035); choose another series or add the figure with its source to tokyo_municipalities.csv
    """
    if series not in POPULATION_SERIES:
        raise ReferenceDataError(
            f"unknown population series {series!r}: expected one of {list(POPULATION_SERIES)}"
        )
    table = load_municipalities(data_dir).set_index("code6")
    codes = list(code6s)
    values = table.reindex(codes)[series]
    missing = [c for c, v in zip(codes, values, strict=True) if pd.isna(v)]
    if missing:
        names = ", ".join(f"{table.at[c, 'name'] if c in table.index else '?'} ({c})" for c in missing)
        raise ReferenceDataError(
            f"no population on series {series} ({POPULATION_SERIES[series][0]}) for {names}; choose another "
            f"series or add the figure with its source to {MUNICIPALITIES_FILE}"
        )
    return values.astype(int).rename(series)
