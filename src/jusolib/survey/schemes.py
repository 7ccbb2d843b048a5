"""Municipality size and other classification schemes for cross-tabs.

Each scheme is a function of the reference data that returns one class per municipality and says which
population series (and its date) it used, so that every table can carry it in its caption:

=================== ============================================================================================
``population_band`` 人口規模 (default): population bands with edges as a parameter (default 10万/20万/50万) on a
                    named population series (default 東京都の人口(推計) 2022年1月1日)
``municipality_type`` 団体種別: 特別区 / 市 / 町村
``city_size``       内閣府-style 都市規模: 大都市 (区部) / 中都市 (市, 10万以上) / 小都市 (市, 10万未満) / 町村
``cohort``          実施開始年度: the first fiscal year the municipality implemented the project (R3–R4, R5, R6, R7…)
=================== ============================================================================================

A municipality that a scheme needs a population for and that has none on the series gets the explicit class
「人口不明」 (after the bands, outside their order, named in the caption) — never a guessed figure, never a silent
drop; the build warns about it (:mod:`jusolib.clean.pipeline`) and the 91 page lists the warning. A municipality
with no implementation record gets the explicit cohort class 「記載なし」.

Examples
--------
>>> classes = size_classes(["131121", "132250", "132152"])
>>> classes.classes.astype(str).tolist()
['50万以上', '10万未満', '10万未満']
>>> classes.caption
'人口規模（東京都の人口(推計) 2022年1月1日、区分: 10万未満／10万〜20万／20万〜50万／50万以上）'
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import pandas as pd

from jusolib.core.docstrings import shared_parameters
from jusolib.core.errors import ParameterError, check_choice
from jusolib.core.fiscal import short_label
from jusolib.core.paths import DataDir
from jusolib.core.wording import scheme_label
from jusolib.survey.reference import (
    DEFAULT_POPULATION_SERIES,
    POPULATION_SERIES,
    first_implementation_year,
    load_municipalities,
    population,
)

DEFAULT_EDGES = (100_000, 200_000, 500_000)
UNRECORDED = "記載なし"
#: The class of a municipality with no population on the series (population bands, 市 of city_size).
UNKNOWN_POPULATION = "人口不明"


@dataclass(frozen=True)
class SizeClasses:
    """The classes of a set of municipalities under one scheme.

    Attributes
    ----------
    scheme
        Scheme key (``population_band`` …), also the column name :func:`add_size_class` adds.
    label
        Japanese name of the scheme (人口規模 …).
    classes
        Ordered categorical indexed by ``muni_code``.
    caption
        What every table using the scheme states: the scheme, the series and its date, the classes.
    series
        Population series used, or ``None``.
    order
        The classes that are ordered (population bands, cohorts), in their order: a trend test scores them
        0, 1, 2 … and leaves any other class out (cohort's 「記載なし」). Empty for a scheme whose classes have
        no order of size (団体種別, 都市規模: 区部 are a type, not a size).
    """

    scheme: str
    label: str
    classes: pd.Series
    caption: str
    series: str | None = None
    order: tuple[str, ...] = ()


def _man(value: int) -> str:
    """A population edge in 万, e.g. 100000 → 10万."""
    if value % 10_000:
        return f"{value:,}"
    return f"{value // 10_000}万"


def band_labels(edges: Sequence[int]) -> list[str]:
    """Labels of the bands cut at ``edges``.

    Parameters
    ----------
    edges
        The populations where one band ends and the next begins, increasing (at least one).

    Returns
    -------
    list of str
        ``len(edges) + 1`` labels, smallest band first; an edge that is a whole number of 万 is written in 万,
        any other with thousands separators (``"123,456未満"``).

    Examples
    --------
    >>> band_labels([100_000, 300_000, 500_000])
    ['10万未満', '10万〜30万', '30万〜50万', '50万以上']
    """
    labels = [f"{_man(edges[0])}未満"]
    labels += [f"{_man(lo)}〜{_man(hi)}" for lo, hi in itertools.pairwise(edges)]
    return [*labels, f"{_man(edges[-1])}以上"]


def _codes(codes: Iterable[str]) -> list[str]:
    """The distinct codes, sorted (a Series is read by its values)."""
    values = codes.astype(object).to_numpy() if isinstance(codes, pd.Series) else list(codes)
    return sorted(pd.unique(pd.Series(values, dtype=object)))


@shared_parameters
def population_band(
    codes: Iterable[str],
    *,
    edges: Sequence[int] = DEFAULT_EDGES,
    series: str = DEFAULT_POPULATION_SERIES,
    data_dir: DataDir = None,
) -> SizeClasses:
    """Population bands: ``[0, e1)``, ``[e1, e2)``, …, ``[ek, ∞)`` on a named series.

    Parameters
    ----------
    edges
        Where the bands are cut, in people, strictly increasing (default 10万, 20万, 50万): a municipality of
        exactly 100,000 is in 10万〜20万.

    Returns
    -------
    SizeClasses
        ``population_band`` classes (labels from :func:`band_labels`, every band a category even when empty),
        indexed by the sorted distinct codes, with the caption naming the series and the bands. A municipality
        with no population on the series is in the class 「人口不明」, the last category (only when there is one),
        outside the ordered bands (the trend test leaves it out) and named in the caption.

    Raises
    ------
    ReferenceDataError
        If the series is unknown.
    ParameterError
        If the edges are not strictly increasing positive integers, or a code is not in the reference table.

    Examples
    --------
    >>> population_band(["131121", "132250"], edges=[100_000]).classes.astype(str).to_dict()
    {'131121': '10万以上', '132250': '10万未満'}
    """
    edges = [int(e) for e in edges]
    if not edges or any(e <= 0 for e in edges) or edges != sorted(set(edges)):
        raise ParameterError(f"edges must be strictly increasing positive populations, got {edges}")
    codes = _codes(codes)
    values, unknown = _populations(codes, series, data_dir)
    labels = band_labels(edges)
    bins = [0, *edges, float("inf")]
    categories = [*labels, UNKNOWN_POPULATION] if unknown else labels
    classes = pd.cut(values, bins=bins, labels=labels, right=False).astype(
        pd.CategoricalDtype(categories, ordered=True)
    )
    if unknown:
        classes[unknown] = UNKNOWN_POPULATION
    caption = f"人口規模（{POPULATION_SERIES[series][0]}、区分: {'／'.join(labels)}{_unknown_caption(unknown, data_dir)}）"
    return SizeClasses(
        "population_band",
        scheme_label("population_band"),
        classes.rename("population_band"),
        caption,
        series,
        tuple(labels),
    )


def _populations(codes: list[str], series: str, data_dir: DataDir) -> tuple[pd.Series, list[str]]:
    """The populations of ``codes`` on ``series`` (NaN where there is none) and the codes without one.

    Raises
    ------
    ReferenceDataError
        If the series is unknown.
    ParameterError
        If a code is not in the reference table.
    """
    table = load_municipalities(data_dir).set_index("code6").reindex(codes)
    _require_known(codes, table)
    known = [c for c in codes if pd.notna(table.at[c, series])] if series in table else []
    values = pd.Series(float("nan"), index=codes, dtype=float)
    if known:
        values[known] = population(known, series, data_dir).astype(float)
    else:
        population([], series, data_dir)  # refuses an unknown series, naming the known ones
    return values, [c for c in codes if c not in known]


def _unknown_caption(unknown: Sequence[str], data_dir: DataDir) -> str:
    """「、人口不明: 日の出町（系列に人口がない）」 for the municipalities without a population, or ``""``."""
    if not unknown:
        return ""
    names = load_municipalities(data_dir).set_index("code6")["name"]
    return f"、{UNKNOWN_POPULATION}: {'・'.join(str(names[c]) for c in unknown)}（この系列に人口がない）"


@shared_parameters
def municipality_type(codes: Iterable[str], *, data_dir: DataDir = None) -> SizeClasses:
    """団体種別: 特別区 / 市 / 町村 (町 and 村 together).

    Returns
    -------
    SizeClasses
        ``municipality_type`` classes indexed by the sorted distinct codes; no population series.

    Raises
    ------
    ParameterError
        If a code is not in the reference table (the codes are listed).

    Examples
    --------
    >>> municipality_type(["133051", "131016", "132250"]).classes.astype(str).tolist()
    ['特別区', '市', '町村']
    """
    codes = _codes(codes)
    table = load_municipalities(data_dir).set_index("code6").reindex(codes)
    _require_known(codes, table)
    labels = ["特別区", "市", "町村"]
    values = table["type"].replace({"町": "町村", "村": "町村"})
    classes = pd.Series(
        pd.Categorical(values, categories=labels, ordered=True), index=codes, name="municipality_type"
    )
    return SizeClasses(
        "municipality_type", scheme_label("municipality_type"), classes, "団体種別（特別区／市／町村）"
    )


@shared_parameters
def city_size(
    codes: Iterable[str], *, series: str = DEFAULT_POPULATION_SERIES, data_dir: DataDir = None
) -> SizeClasses:
    """内閣府-style 都市規模: 大都市 (東京都区部) / 中都市 (市, 10万以上) / 小都市 (市, 10万未満) / 町村.

    Only 市 need a population; 特別区 and 町村 are classed by type.

    Returns
    -------
    SizeClasses
        ``city_size`` classes indexed by the sorted distinct codes, with the caption naming the series.

    A 市 with no population on the series is in the class 「人口不明」 (named in the caption).

    Raises
    ------
    ParameterError
        If a code is not in the reference table.
    """
    codes = _codes(codes)
    table = load_municipalities(data_dir).set_index("code6").reindex(codes)
    _require_known(codes, table)
    cities = [c for c in codes if table.at[c, "type"] == "市"]
    pops, unknown = _populations(cities, series, data_dir)
    labels = ["大都市", "中都市", "小都市", "町村", *([UNKNOWN_POPULATION] if unknown else [])]
    values = []
    for code in codes:
        kind = table.at[code, "type"]
        if kind == "特別区":
            values.append("大都市")
        elif kind == "市":
            values.append(
                UNKNOWN_POPULATION if code in unknown else "中都市" if pops[code] >= 100_000 else "小都市"
            )
        else:
            values.append("町村")
    classes = pd.Series(
        pd.Categorical(values, categories=labels, ordered=True), index=codes, name="city_size"
    )
    caption = (
        f"都市規模（内閣府の区分に準拠: 大都市=東京都区部、中都市=市のうち人口10万以上、小都市=市のうち10万未満、町村。"
        f"人口は{POPULATION_SERIES[series][0]}{_unknown_caption(unknown, data_dir)}）"
    )
    return SizeClasses("city_size", scheme_label("city_size"), classes, caption, series)


@shared_parameters
def cohort(codes: Iterable[str], *, data_dir: DataDir = None) -> SizeClasses:
    """実施開始年度: R3–R4 (the first two years together, 7 municipalities), then one class per year.

    Municipalities with no implementation record in the reference data get the class 「記載なし」.

    Returns
    -------
    SizeClasses
        ``cohort`` classes indexed by the sorted distinct codes; only the years present are categories
        (記載なし last, when needed).

    Examples
    --------
    >>> cohort(["131121", "131024", "133051"]).classes.astype(str).to_dict()
    {'131024': 'R6', '131121': 'R3–R4', '133051': '記載なし'}
    """
    codes = _codes(codes)
    first = first_implementation_year(data_dir)
    years = sorted({int(first[c]) for c in codes if c in first.index})
    labels_by_year = {y: ("R3–R4" if y <= 2022 else short_label(y)) for y in years}
    labels = list(dict.fromkeys(labels_by_year[y] for y in years))
    values = [labels_by_year[int(first[c])] if c in first.index else UNRECORDED for c in codes]
    ordered = tuple(labels)
    if UNRECORDED in values:
        labels.append(UNRECORDED)
    classes = pd.Series(pd.Categorical(values, categories=labels, ordered=True), index=codes, name="cohort")
    caption = "実施開始年度（調査報告と東京都社会福祉協議会の公表資料にある各年度の実施地区から、初めて実施した年度。R3–R4 は合算）"
    return SizeClasses("cohort", scheme_label("cohort"), classes, caption, order=ordered)


SCHEMES: dict[str, Callable[..., SizeClasses]] = {
    "population_band": population_band,
    "municipality_type": municipality_type,
    "city_size": city_size,
    "cohort": cohort,
}


def _require_known(codes: list[str], table: pd.DataFrame) -> None:
    """Raise if a code has no row in the reference table (``table`` reindexed by ``codes``)."""
    unknown = [c for c in codes if pd.isna(table.at[c, "type"])]
    if unknown:
        raise ParameterError(f"municipality codes not in the reference table: {unknown}")


@shared_parameters
def size_classes(codes: Iterable[str], scheme: str = "population_band", **options: object) -> SizeClasses:
    """Classify municipalities with a named scheme (see the module docstring); ``options`` go to the scheme.

    Parameters
    ----------
    **options
        Passed to the scheme's function: ``data_dir`` for every scheme, ``series`` for ``population_band``
        and ``city_size``, ``edges`` for ``population_band``.

    Returns
    -------
    SizeClasses
        The classes indexed by the sorted distinct codes, with the scheme's label and caption.

    Raises
    ------
    ParameterError
        If the scheme is unknown (the valid keys are listed), or a code is not in the reference table.
    TypeError
        If an option is not one the scheme takes.

    Examples
    --------
    >>> size_classes(["131121", "132250"], "city_size").classes.astype(str).to_dict()
    {'131121': '大都市', '132250': '小都市'}
    """
    check_choice("scheme", scheme, list(SCHEMES))
    return SCHEMES[scheme](codes, **options)


@shared_parameters
def add_size_class(data: pd.DataFrame, scheme: str = "population_band", **options: object) -> pd.DataFrame:
    """Return ``data`` with a column named after the scheme holding each row's class (input not changed).

    Parameters
    ----------
    data
        Any frame with a ``muni_code`` column (6-digit 団体コード), e.g. tidy responses or respondents.
    **options
        Passed to the scheme (see :func:`size_classes`).

    Returns
    -------
    DataFrame
        A copy of ``data`` with one more column, named after the scheme (``population_band`` …): each row's
        class as an ordered categorical.

    Examples
    --------
    >>> data = pd.DataFrame({"muni_code": ["131121", "132250", "131121"]})
    >>> add_size_class(data)["population_band"].astype(str).tolist()
    ['50万以上', '10万未満', '50万以上']
    """
    classes = size_classes(data["muni_code"], scheme, **options)
    return data.assign(
        **{classes.scheme: data["muni_code"].map(classes.classes).astype(classes.classes.dtype)}
    )
