"""Published figures (hand-keyed in ``data/raw/published/FYxxxx.csv``) beside the figures recomputed from raw.

Every figure is recomputed through the public API — the reference loaders and the clean data built from the
raw return files by :mod:`jusolib.clean.pipeline` — never from the synthetic generator.

Examples
--------
>>> check = check_published(2024)
>>> bool(check["passed"].all()), len(check)
(True, 33)
"""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd

from jusolib.clean.pipeline import load_free_text, load_respondents, load_responses
from jusolib.core.docstrings import shared_parameters
from jusolib.core.errors import CodebookError
from jusolib.core.fiscal import FiscalYearLike, folder_name, parse_fiscal_year
from jusolib.core.formatting import percent, round_half_up
from jusolib.core.paths import DataDir, data_paths
from jusolib.stats.score import positive_share
from jusolib.survey.codebook import load_codebook
from jusolib.survey.reference import (
    IMPLEMENTING_STATUSES,
    TRANSITION_STATUS,
    load_context_series,
    load_implementation,
)

CHECKS = ("exact", "range", "at_most", "at_least", "identity")


#: Measures that count respondents, not their answers: such a figure says nothing of whose answers are published.
RESPONDENT_MEASURES = frozenset({"respondent_count"})


class NotComputable(Exception):
    """A published figure that cannot be recomputed from this year's returns; the message says why (Japanese)."""


@shared_parameters
def published_path(fiscal_year: FiscalYearLike, data_dir: DataDir = None) -> Path:
    """Where the hand-keyed published figures of a fiscal year are: ``raw/published/FYxxxx.csv``.

    Returns
    -------
    Path
        ``FYxxxx.csv`` in the data folder's ``raw/published/`` (the shipped one when it has none), whether or
        not the file exists.

    Examples
    --------
    >>> published_path("R6").name
    'FY2024.csv'
    """
    paths = data_paths(data_dir)
    return paths.published_dir / f"{folder_name(fiscal_year)}.csv"


@shared_parameters
def load_published(fiscal_year: FiscalYearLike, data_dir: DataDir = None) -> pd.DataFrame:
    """The hand-keyed published figures of a fiscal year (empty frame if none were published).

    Returns
    -------
    DataFrame
        One row per published figure, every column as text: ``figure_id``, ``description``, ``measure`` (how to
        recompute it), ``fiscal_year``, ``respondent_type``, ``section``, ``item_id``, ``answers`` …,
        ``published_text`` and ``published_value``, ``check`` (``exact`` …) with ``accept_min`` / ``accept_max``,
        ``location`` and ``note``; an empty frame when the year has no file.

    Raises
    ------
    CodebookError
        When a row's ``check`` is not one of :data:`CHECKS`, naming the file and the unknown kinds.
    """
    path = published_path(fiscal_year, data_dir)
    if not path.is_file():
        return pd.DataFrame()
    table = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    bad = sorted(set(table["check"]) - set(CHECKS))
    if bad:
        raise CodebookError(f"{path.name}: unknown check kinds {bad}; expected {CHECKS}")
    return table


class _Recompute:
    """Recomputes one published figure; one method per ``measure``."""

    def __init__(self, data_dir: DataDir):
        self.data_dir = data_dir
        self._loaded: dict[tuple[str, str, str], pd.DataFrame] = {}

    def _load(self, loader: Callable[..., pd.DataFrame], row: pd.Series) -> pd.DataFrame:
        """Load once per (loader, fiscal year, respondent type) for the whole check."""
        key = (loader.__name__, row["fiscal_year"], row["respondent_type"])
        if key not in self._loaded:
            self._loaded[key] = loader(
                row["fiscal_year"], respondent_type=row["respondent_type"] or None, data_dir=self.data_dir
            )
        return self._loaded[key]

    def _responses(self, row: pd.Series) -> pd.DataFrame:
        return self._load(load_responses, row)

    def implementing_count(self, row: pd.Series) -> float:
        table = load_implementation(self.data_dir)
        year = parse_fiscal_year(row["fiscal_year"])
        return float(((table["fiscal_year"] == year) & table["status"].isin(IMPLEMENTING_STATUSES)).sum())

    def transition_count(self, row: pd.Series) -> float:
        table = load_implementation(self.data_dir)
        year = parse_fiscal_year(row["fiscal_year"])
        return float(((table["fiscal_year"] == year) & (table["status"] == TRANSITION_STATUS)).sum())

    def respondent_count(self, row: pd.Series) -> float:
        respondents = self._load(load_respondents, row)
        return float(respondents["muni_code"].nunique())

    def _who(self, row: pd.Series) -> str:
        """The respondents a figure counts, as a reader names them (自治体, 社協), or 回答者."""
        if not row["respondent_type"]:
            return "回答者"
        return load_codebook(row["fiscal_year"], self.data_dir).respondent_type_label(row["respondent_type"])

    def _answer_count(self, row: pd.Series) -> tuple[int, int]:
        data = self._responses(row)
        answers = data.loc[data["item_id"] == row["item_id"], "answer"].astype(str)
        if answers.empty:
            raise NotComputable(f"この年度は{self._who(row)}の回答がない")
        return int(answers.isin(row["answers"].split("|")).sum()), len(answers)

    def answer_count(self, row: pd.Series) -> float:
        return float(self._answer_count(row)[0])

    def answer_share(self, row: pd.Series) -> float:
        count, n = self._answer_count(row)
        return float(percent(count, n))

    def _section_shares(self, row: pd.Series) -> pd.Series:
        data = self._responses(row)
        if data.empty:
            raise NotComputable(f"この年度は{self._who(row)}の回答がない")
        book = load_codebook(row["fiscal_year"], self.data_dir)
        shares = positive_share(data, item=book.item_ids(row["section"]), codebook=book)
        shares = shares.set_index("item_id")["share"].dropna()
        if shares.empty:
            raise NotComputable(f"この設問群に回答した{self._who(row)}がない")
        return shares

    def min_positive_share(self, row: pd.Series) -> float:
        return float(self._section_shares(row).min())

    def highest_positive_item(self, row: pd.Series) -> str:
        shares = self._section_shares(row)
        top = shares[shares == shares.max()]
        return "|".join(top.index)

    def lowest_positive_item(self, row: pd.Series) -> str:
        shares = self._section_shares(row)
        bottom = shares[shares == shares.min()]
        return "|".join(bottom.index)

    def free_text_share(self, row: pd.Series) -> float:
        data = self._responses(row)
        if data.empty:
            raise NotComputable(f"この年度は{self._who(row)}の回答がない")
        texts = self._load(load_free_text, row)
        holders = data[
            (data["item_id"] == row["item_id"]) & data["answer"].astype(str).isin(row["answers"].split("|"))
        ]
        said = texts[
            (texts["item_id"] == row["item_id"]) & texts["text"].str.contains(row["pattern"], regex=False)
        ]
        if not len(holders):
            answers = "・".join(f"「{a}」" for a in row["answers"].split("|"))
            raise NotComputable(f"{answers}の{self._who(row)}がなく、割合の基数が0")
        return float(percent(int(holders["muni_code"].isin(said["muni_code"]).sum()), len(holders)))

    def theme_respondents(self, row: pd.Series) -> float:
        """Respondents who gave one of ``answers`` to an item (``item_id``, or every item of ``section``) and whose
        「具体的な内容」 for that item carries the theme ``pattern`` of the year's coding rules."""
        from jusolib.analysis.coding import load_coded_free_text

        data = self._responses(row)
        if data.empty:
            raise NotComputable(f"この年度は{self._who(row)}の回答がない")
        book = load_codebook(row["fiscal_year"], self.data_dir)
        items = [row["item_id"]] if row["item_id"] else book.item_ids(row["section"])
        coded = self._load(load_coded_free_text, row)
        coded = coded[coded["item_id"].isin(items)]
        carriers = coded.loc[coded["theme"] == row["pattern"], ["muni_code", "item_id"]]
        holders = data.loc[
            data["item_id"].isin(items) & data["answer"].astype(str).isin(row["answers"].split("|")),
            ["muni_code", "item_id"],
        ]
        return float(holders.merge(carriers, on=["muni_code", "item_id"])["muni_code"].nunique())

    def _series(self, row: pd.Series) -> pd.Series:
        table = load_context_series(self.data_dir)
        return table[table["series"] == row["series"]].set_index("fiscal_year")["value"]

    def context_value(self, row: pd.Series) -> float:
        return float(self._series(row)[parse_fiscal_year(row["fiscal_year"])])

    def context_ratio(self, row: pd.Series) -> float:
        series = self._series(row)
        ratio = series[parse_fiscal_year(row["fiscal_year"])] / series[parse_fiscal_year(row["from_year"])]
        return float(round_half_up(float(ratio), 1))


def _passes(check: str, value: object, row: pd.Series) -> bool:
    if check == "identity":
        return value == row["item_id"]
    if not isinstance(value, float) or math.isnan(value):
        return False
    published = float(row["published_value"]) if row["published_value"] else math.nan
    if check == "exact":
        return value == published
    if check == "range":
        return float(row["accept_min"]) <= value < float(row["accept_max"])
    if check == "at_most":
        return value <= published
    return value >= published  # at_least


def _accepted(row: pd.Series) -> str:
    check = row["check"]
    if check == "identity":
        return f"= {row['item_id']}"
    return _accepted_rule(row)


def _accepted_rule(row: pd.Series) -> str:
    check = row["check"]
    if check == "range":
        return f"{row['accept_min']} ≤ x < {row['accept_max']}"
    symbol = {"exact": "=", "at_most": "≤", "at_least": "≥"}[check]
    return f"{symbol} {row['published_value']}"


def item_names(value: object, labels: dict[str, str]) -> str:
    """Item ids (one, or several joined by ``|``) as a reader reads them: 「label」, joined by 「、」; anything else
    (a number) as it is.

    Parameters
    ----------
    value
        A recomputed or accepted value: item ids joined by ``|`` (``"out_hubs|out_leaders"``), or a number.
    labels
        Item labels by id; an id without a label is shown as it is.

    Returns
    -------
    str
        Each item's label in 「」, joined by 「、」; a number (or an empty value) as ``str(value)``.

    Examples
    --------
    >>> item_names("out_hubs|out_leaders", {"out_hubs": "拠点", "out_leaders": "担い手の育成"}), item_names(19, {})
    ('「拠点」、「担い手の育成」', '19')
    """
    if not isinstance(value, str) or not value:
        return str(value)
    return "、".join(f"「{labels.get(part, part)}」" for part in value.split("|"))


def _shown(row: pd.Series, value: object, labels: dict[str, str]) -> tuple[str, str]:
    """The recomputed value and the accepted rule as a reader reads them (item labels instead of ids)."""
    if row["check"] == "identity":
        return item_names(value, labels), f"{item_names(row['item_id'], labels)}であること"
    return str(value), _accepted_rule(row)


@shared_parameters
def check_published(fiscal_year: FiscalYearLike, data_dir: DataDir = None) -> pd.DataFrame:
    """Recompute every published figure of a fiscal year from raw data and compare.

    Returns
    -------
    DataFrame
        ``figure_id``, ``description``, ``published_text``, ``published_value``, ``recomputed``,
        ``accepted`` (the rule, e.g. ``= 19`` or ``85 ≤ x < 95``), ``passed``, ``location``, ``note``, and for
        readers ``recomputed_text`` and ``accepted_text`` (items by their codebook labels, not their ids).
        ``computable`` is False for a figure this year's returns cannot give (no respondents of the type it
        counts, an empty base): its ``recomputed`` is ``None``, ``passed`` False and ``recomputed_text`` says
        why (「算出できない（…）」).
    """
    table = load_published(fiscal_year, data_dir)
    if table.empty:
        return pd.DataFrame(
            columns=[
                "figure_id",
                "description",
                "published_text",
                "published_value",
                "recomputed",
                "accepted",
                "passed",
                "location",
                "note",
                "recomputed_text",
                "accepted_text",
                "computable",
            ]
        )
    recompute = _Recompute(data_dir)
    labels = _item_labels(table, data_dir)
    rows = []
    for _, row in table.iterrows():
        method: Callable[[pd.Series], object] | None = getattr(recompute, row["measure"], None)
        if method is None or row["measure"].startswith("_"):
            raise CodebookError(
                f"{published_path(fiscal_year, data_dir).name}: unknown measure {row['measure']!r}"
            )
        try:
            value: Any = method(row)
        except NotComputable as reason:
            value, why = None, f"算出できない（{reason}）"
        if isinstance(value, float) and math.isnan(value):
            value, why = None, "算出できない（基数が0）"
        if value is None:
            recomputed, shown, accepted = None, why, _shown(row, None, labels)[1]
        else:
            recomputed = (
                value if isinstance(value, str) else (int(value) if float(value).is_integer() else value)
            )
            shown, accepted = _shown(row, recomputed, labels)
        rows.append(
            {
                "figure_id": row["figure_id"],
                "description": row["description"],
                "published_text": row["published_text"],
                "published_value": row["published_value"],
                "recomputed": recomputed,
                "accepted": _accepted(row),
                "passed": value is not None and _passes(row["check"], value, row),
                "location": row["location"],
                "note": row["note"],
                "recomputed_text": shown,
                "accepted_text": accepted,
                "computable": value is not None,
            }
        )
    return pd.DataFrame(rows)


def _item_labels(table: pd.DataFrame, data_dir: DataDir) -> dict[str, str]:
    """Item labels of the codebooks of the fiscal years the identity checks name (the others need none)."""
    labels: dict[str, str] = {}
    for year in sorted(set(table.loc[table["check"] == "identity", "fiscal_year"])):
        labels |= load_codebook(year, data_dir).items["label"].astype(str).to_dict()
    return labels
