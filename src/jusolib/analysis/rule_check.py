"""Rules you can check: the coding rules against a hand-coded sample, and two coders against each other.

A hand-coded sample (``data/raw/codebook/FYxxxx.themes.sample.yaml``) says, for each answer a person read, which
themes of the year's rules it carries. :func:`check_rules` codes the same answers with the rules and counts, per
theme, the answers both gave the theme (TP), the rules only (FP), the person only (FN) and neither (TN), with
precision, recall and F1 (:mod:`jusolib.stats.coder_agreement`), their sums over all themes, and the text
behind every false positive and false negative — what an analyst reads to improve a rule. A second coder's file
of the same answers (``FYxxxx.themes.sample.<name>.yaml``) gives Cohen's κ per theme (:func:`coder_agreement`).
``jusolib themes check --fiscal-year 2024`` prints it all (:func:`format_check`); the pages' 方法 states the
overall figures (:func:`check_sentence`).

The sample file (documented in ``data/raw/README.md``)::

    fiscal_year: 2024
    coder: 氏名または所属
    coded_on: 2026-12-06
    items: [out_hubs, …]            # the items whose every answer is coded
    answers:
      municipality/131075/out_hubs: {themes: [], text: 場所の確保が課題}

Examples
--------
>>> check = check_rules(2024)
>>> check.n_answers, check.coder.startswith("Claude")
(243, True)
>>> set(check.themes.columns) >= {"item_id", "theme", "tp", "fp", "fn", "precision", "recall", "f1"}
True
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from jusolib.analysis.coding import load_themes, themes_path
from jusolib.core.docstrings import shared_parameters
from jusolib.core.errors import CodebookError
from jusolib.core.fiscal import FiscalYearLike, folder_name, parse_fiscal_year
from jusolib.core.paths import DataDir, data_paths
from jusolib.stats.coder_agreement import (
    Confusion,
    cohen_kappa,
    confusion,
    micro_average,
    precision_recall_f1,
)
from jusolib.survey.codebook import Codebook, load_codebook
from jusolib.text.themes import OTHER, ThemeBook

SAMPLE_KEYS = (
    "fiscal_year",
    "coder",
    "coded_on",
    "reading_rule",
    "data_status",
    "items",
    "held_out_items",
    "answers",
    "note",
)
#: Columns of an answer key, in the key's order.
KEY_COLUMNS = ("respondent_type", "muni_code", "item_id")


@dataclass(frozen=True)
class HandCoding:
    """One coder's sample: who, when, and per answer the themes read (``answers``: the key columns, ``text``,
    ``themes`` as a tuple of theme ids, empty for 「その他」)."""

    path: Path
    coder: str
    coded_on: str
    reading_rule: str
    items: tuple[str, ...]
    answers: pd.DataFrame
    held_out: tuple[str, ...] = ()


@shared_parameters
def sample_paths(fiscal_year: FiscalYearLike, data_dir: DataDir = None) -> list[Path]:
    """The hand-coded samples of a year: the main one (``FYxxxx.themes.sample.yaml``) first, then the other
    coders' (``FYxxxx.themes.sample.<name>.yaml``) in name order; empty when the year has none.

    Returns
    -------
    list of Path
        The main sample first, then the other coders'.

    Examples
    --------
    >>> [p.name for p in sample_paths(2024)]
    ['FY2024.themes.sample.yaml', 'FY2024.themes.sample.coder2.yaml']
    """
    folder = data_paths(data_dir).codebook_dir
    stem = f"{folder_name(fiscal_year)}.themes.sample"
    main = folder / f"{stem}.yaml"
    others = sorted(p for p in folder.glob(f"{stem}.*.yaml") if p != main)
    return ([main] if main.is_file() else []) + others


@shared_parameters
def load_sample(path: Path, *, codebook: Codebook, book: ThemeBook) -> HandCoding:
    """Read and check a hand-coded sample against the year's codebook and rules.

    Parameters
    ----------
    path
        The sample file.
    book
        The year's coding rules (the themes an answer may be given).

    Returns
    -------
    HandCoding
        Who coded, when, and the answers with their themes.

    Raises
    ------
    CodebookError
        Naming the file and the answer key: not YAML, an unknown key, a key not of the form
        respondent type/団体コード/item id, an unknown respondent type or item, a theme the item does not have.
    """
    import yaml

    name = path.name
    try:
        doc = yaml.load(
            path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        )
    except (OSError, yaml.YAMLError, UnicodeDecodeError) as exc:
        raise CodebookError(f"{path}: not a readable UTF-8 YAML file of hand coding: {exc}") from exc
    if not isinstance(doc, dict):
        raise CodebookError(
            f"{name}: expected a mapping with fiscal_year, coder, coded_on, items and answers"
        )
    unknown = set(doc) - set(SAMPLE_KEYS)
    if unknown:
        raise CodebookError(f"{name}: unknown keys {sorted(unknown)}; expected {list(SAMPLE_KEYS)}")
    for key in ("fiscal_year", "coder", "coded_on", "answers"):
        if not doc.get(key):
            raise CodebookError(f"{name}: missing {key!r}")
    if parse_fiscal_year(doc["fiscal_year"]) != codebook.fiscal_year:
        raise CodebookError(
            f"{name}: fiscal_year {doc['fiscal_year']} is not the codebook's ({codebook.fiscal_year})"
        )
    coded_on = doc["coded_on"]
    if not isinstance(coded_on, dt.date):
        raise CodebookError(f"{name}: coded_on must be a date (2026-12-06), got {coded_on!r}")
    items = tuple(str(i) for i in doc.get("items") or ())
    held_out = tuple(str(i) for i in doc.get("held_out_items") or ())
    unknown_items = [i for i in (*items, *held_out) if i not in codebook.items.index]
    if unknown_items:
        raise CodebookError(f"{name}: items {unknown_items} are not in the codebook {codebook.path.name}")
    if not isinstance(doc["answers"], dict):
        raise CodebookError(f"{name}: answers must map respondent type/団体コード/item id to themes and text")
    types = set(codebook.respondent_types.index)
    rows = []
    for key, entry in doc["answers"].items():
        parts = str(key).split("/")
        where = f"{name}: answer {key}"
        if len(parts) != 3 or not all(parts):
            raise CodebookError(
                f"{where}: expected a key respondent type/団体コード/item id (municipality/131016/out_hubs)"
            )
        respondent, muni, item = parts
        if respondent not in types:
            raise CodebookError(
                f"{where}: unknown respondent type {respondent!r}; expected one of {sorted(types)}"
            )
        if item not in codebook.items.index:
            raise CodebookError(f"{where}: item {item!r} is not in the codebook {codebook.path.name}")
        if not isinstance(entry, dict) or set(entry) - {"themes", "text"} or "themes" not in entry:
            raise CodebookError(f"{where}: expected {{themes: [...], text: ...}}")
        themes = entry["themes"] or []
        if not isinstance(themes, list):
            raise CodebookError(f"{where}: themes must be a list of theme ids ([] for none), got {themes!r}")
        valid = {t.id for t in book.themes_for(item)}
        wrong = [t for t in themes if str(t) not in valid]
        if wrong:
            raise CodebookError(
                f"{where}: {wrong} are not themes of {item}; expected some of {sorted(valid)}"
            )
        rows.append(
            {
                "respondent_type": respondent,
                "muni_code": muni,
                "item_id": item,
                "text": None if entry.get("text") is None else str(entry["text"]),
                "themes": tuple(dict.fromkeys(str(t) for t in themes)),
            }
        )
    answers = pd.DataFrame(rows, columns=[*KEY_COLUMNS, "text", "themes"])
    return HandCoding(
        path,
        str(doc["coder"]),
        coded_on.isoformat(),
        str(doc.get("reading_rule") or ""),
        items,
        answers,
        held_out,
    )


def _with_current_text(sample: HandCoding, free_text: pd.DataFrame) -> pd.DataFrame:
    """The sample's answers with the text of the processed free text; a text changed since coding, or an answer
    no longer there, is an error (the coding would no longer say anything about it)."""
    current = {
        (r, m, i): t
        for r, m, i, t in zip(
            free_text["respondent_type"],
            free_text["muni_code"],
            free_text["item_id"],
            free_text["text"],
            strict=True,
        )
    }
    texts = []
    for record in sample.answers.to_dict("records"):
        key = tuple(record[c] for c in KEY_COLUMNS)
        where = f"{sample.path.name}: answer {'/'.join(key)}"
        if key not in current:
            raise CodebookError(f"{where}: there is no such answer in this year's free text")
        if record["text"] is not None and " ".join(record["text"].split()) != " ".join(
            str(current[key]).split()
        ):
            raise CodebookError(
                f"{where}: the text coded ({record['text']!r}) is not the answer's text now ({current[key]!r}); "
                "code the answer again"
            )
        texts.append(str(current[key]))
    return sample.answers.assign(text=texts)


@dataclass(frozen=True)
class RuleCheck:
    """The rules against one coder's sample.

    ``themes``: one row per (item, theme) of the sampled items — item_id, theme, label, tp, fp, fn, tn,
    precision, recall, f1 (NaN where a base is 0), n (answers of the item in the sample). ``overall``: the same
    summed over every row (micro-average). ``errors``: one row per false positive or false negative — kind
    (``FP``/``FN``), the key columns, theme, label, text, and the themes each side gave.
    """

    fiscal_year: int
    rules: Path
    sample: Path
    coder: str
    coded_on: str
    n_answers: int
    themes: pd.DataFrame
    overall: Confusion
    errors: pd.DataFrame
    held_out_items: tuple[str, ...] = ()
    respondent_types: tuple[str, ...] = ()

    @property
    def held_out(self) -> Confusion | None:
        """The counts summed over the held-out items (coded after the rules were last revised), or None."""
        part = self.themes[self.themes["item_id"].isin(self.held_out_items)]
        if part.empty:
            return None
        return Confusion(*(int(part[c].sum()) for c in ("tp", "fp", "fn", "tn")))

    @property
    def precision(self) -> float:
        return precision_recall_f1(self.overall)[0]

    @property
    def recall(self) -> float:
        return precision_recall_f1(self.overall)[1]

    @property
    def f1(self) -> float:
        return precision_recall_f1(self.overall)[2]


def _free_text(fiscal_year: int, data_dir: DataDir) -> pd.DataFrame:
    from jusolib.clean.pipeline import load_free_text

    return load_free_text(fiscal_year, data_dir=data_dir)


@shared_parameters
def check_rules(
    fiscal_year: FiscalYearLike,
    *,
    data_dir: DataDir = None,
    sample: Path | None = None,
    book: ThemeBook | None = None,
) -> RuleCheck:
    """The year's coding rules (or ``book``) against its hand-coded sample (or the file ``sample``).

    Parameters
    ----------
    sample
        A sample file other than the year's (default ``FYxxxx.themes.sample.yaml``).
    book
        Rules other than the year's file (e.g. a draft, to compare).

    Returns
    -------
    RuleCheck
        Per theme and overall counts and figures, and the disagreements with their texts.

    Raises
    ------
    CodebookError
        When the year has no sample (naming the file expected) or the sample does not fit the data or rules.
    """
    year = parse_fiscal_year(fiscal_year)
    codebook = load_codebook(year, data_dir)
    book = book or load_themes(year, data_dir)
    paths = sample_paths(year, data_dir)
    if sample is None and not paths:
        expected = data_paths(data_dir).codebook_dir / f"{folder_name(year)}.themes.sample.yaml"
        raise CodebookError(
            f"no hand-coded sample for {folder_name(year)}: expected {expected} (see data/raw/README.md)"
        )
    coding = load_sample(sample or paths[0], codebook=codebook, book=book)
    answers = _with_current_text(coding, _free_text(year, data_dir))
    predicted = [book.code(i, t) for i, t in zip(answers["item_id"], answers["text"], strict=True)]
    rows, errors, tables = [], [], []
    items = list(dict.fromkeys(answers["item_id"]))
    for item_id in [i for i in codebook.item_ids() if i in items]:
        mask = (answers["item_id"] == item_id).to_numpy()
        part = answers[mask]
        said = [p for p, m in zip(predicted, mask, strict=True) if m]
        for theme in book.themes_for(item_id):
            truth = [theme.id in t for t in part["themes"]]
            found = [theme.id in p for p in said]
            table = confusion(truth=truth, predicted=found)
            tables.append(table)
            precision, recall, f1 = precision_recall_f1(table)
            rows.append(
                {
                    "item_id": item_id,
                    "theme": theme.id,
                    "label": theme.label,
                    "n": len(part),
                    "tp": table.tp,
                    "fp": table.fp,
                    "fn": table.fn,
                    "tn": table.tn,
                    "precision": precision,
                    "recall": recall,
                    "f1": f1,
                }
            )
            for record, t, f, p in zip(part.to_dict("records"), truth, found, said, strict=True):
                if t != f:
                    errors.append(
                        {
                            "kind": "FP" if f else "FN",
                            **{c: record[c] for c in KEY_COLUMNS},
                            "theme": theme.id,
                            "label": theme.label,
                            "text": record["text"],
                            "coder_themes": record["themes"] or (OTHER,),
                            "rule_themes": p or (OTHER,),
                        }
                    )
    columns = ["kind", *KEY_COLUMNS, "theme", "label", "text", "coder_themes", "rule_themes"]
    return RuleCheck(
        year,
        themes_path(year, data_dir),
        coding.path,
        coding.coder,
        coding.coded_on,
        len(answers),
        pd.DataFrame(rows),
        micro_average(tables),
        pd.DataFrame(errors, columns=columns),
        coding.held_out,
        tuple(dict.fromkeys(answers["respondent_type"])),
    )


@shared_parameters
def coder_agreement(
    fiscal_year: FiscalYearLike,
    *,
    data_dir: DataDir = None,
    first: Path | None = None,
    second: Path | None = None,
) -> pd.DataFrame | None:
    """Cohen's κ per (item, theme) between two coders on the answers both coded (``None`` with fewer than two
    sample files).

    Parameters
    ----------
    first, second
        The two coders' files (default: the year's main sample and the first other coder's).

    Returns
    -------
    DataFrame
        item_id, theme, label, n (answers both coded), both, first_only, second_only, neither, agreement (share
        of answers coded alike), kappa (NaN when both coders said the same of every answer).
    """
    year = parse_fiscal_year(fiscal_year)
    paths = sample_paths(year, data_dir)
    if first is None or second is None:
        if len(paths) < 2:
            return None
        first, second = first or paths[0], second or paths[1]
    codebook, book = load_codebook(year, data_dir), load_themes(year, data_dir)
    a = load_sample(first, codebook=codebook, book=book).answers.set_index(list(KEY_COLUMNS))["themes"]
    b = load_sample(second, codebook=codebook, book=book).answers.set_index(list(KEY_COLUMNS))["themes"]
    common = [k for k in a.index if k in b.index]
    rows = []
    for item_id in [i for i in codebook.item_ids() if any(k[2] == i for k in common)]:
        keys = [k for k in common if k[2] == item_id]
        for theme in book.themes_for(item_id):
            x = [theme.id in a[k] for k in keys]
            y = [theme.id in b[k] for k in keys]
            cells = confusion(truth=x, predicted=y)
            rows.append(
                {
                    "item_id": item_id,
                    "theme": theme.id,
                    "label": theme.label,
                    "n": len(keys),
                    "both": cells.tp,
                    "first_only": cells.fn,
                    "second_only": cells.fp,
                    "neither": cells.tn,
                    "agreement": (cells.tp + cells.tn) / len(keys),
                    "kappa": cohen_kappa(x, y),
                }
            )
    out = pd.DataFrame(rows)
    out.attrs.update(first=first.name, second=second.name, n_answers=len(common))
    return out


# -- printing -------------------------------------------------------------------------------------------------
def _figure(value: float) -> str:
    return "   −" if math.isnan(value) else f"{value:.3f}"


@shared_parameters
def format_check(check: RuleCheck, agreement: pd.DataFrame | None = None, *, codebook: Codebook) -> str:
    """What ``jusolib themes check`` prints: per theme the counts and figures, overall, every false positive and
    false negative with its text, then κ per theme when a second coder's file exists.

    Parameters
    ----------
    check
        The rules against the sample (:func:`check_rules`).
    agreement
        κ per theme between two coders (:func:`coder_agreement`), or ``None``.

    Returns
    -------
    str
        The lines to print.
    """
    from jusolib.core.fiscal import fiscal_year_label

    lines = [
        f"{fiscal_year_label(check.fiscal_year)} — coding rules {check.rules.name} against the hand-coded sample "
        f"{check.sample.name}",
        f"  coder: {check.coder}, {check.coded_on}; {check.n_answers} answers",
        "  item        theme                          TP  FP  FN   TN  precision  recall     F1",
    ]
    for row in check.themes.to_dict("records"):
        number = codebook.item(row["item_id"])["number"]
        lines.append(
            f"  {number:<10}  {row['theme']:<28}  {row['tp']:>3} {row['fp']:>3} {row['fn']:>3} {row['tn']:>4}"
            f"  {_figure(row['precision']):>9}  {_figure(row['recall']):>6}  {_figure(row['f1']):>5}  {row['label']}"
        )
    o = check.overall
    lines.append(
        f"  {'overall':<10}  {'(every theme, micro-average)':<28}  {o.tp:>3} {o.fp:>3} {o.fn:>3} {o.tn:>4}"
        f"  {_figure(check.precision):>9}  {_figure(check.recall):>6}  {_figure(check.f1):>5}"
    )
    held = check.held_out
    if held is not None:
        p, r, f = precision_recall_f1(held)
        lines.append(
            f"  {'held out':<10}  {f'({len(check.held_out_items)} items, micro-average)':<28}  {held.tp:>3} {held.fp:>3}"
            f" {held.fn:>3} {held.tn:>4}  {_figure(p):>9}  {_figure(r):>6}  {_figure(f):>5}  coded after the rules were "
            f"last revised: {', '.join(codebook.item(i)['number'] for i in check.held_out_items)}"
        )
    for kind, heading in (
        ("FP", "false positives (the rules gave the theme, the coder did not)"),
        ("FN", "false negatives (the coder gave the theme, the rules did not)"),
    ):
        part = check.errors[check.errors["kind"] == kind]
        lines.append(f"  {heading}: {len(part)}")
        for row in part.to_dict("records"):
            number = codebook.item(row["item_id"])["number"]
            key = "/".join(row[c] for c in KEY_COLUMNS)
            text = " ".join(str(row["text"]).split())
            lines.append(f"    {number} {row['theme']} ({row['label']}) — {key}")
            lines.append(
                f"      「{text}」  coder: {', '.join(row['coder_themes'])}; rules: {', '.join(row['rule_themes'])}"
            )
    if agreement is not None and not agreement.empty:
        lines.append(
            f"  intercoder agreement: {agreement.attrs['first']} and {agreement.attrs['second']}, "
            f"{agreement.attrs['n_answers']} answers coded by both"
        )
        lines.append("  item        theme                         both  1st  2nd  neither  agreement  kappa")
        for row in agreement.to_dict("records"):
            number = codebook.item(row["item_id"])["number"]
            lines.append(
                f"  {number:<10}  {row['theme']:<28}  {row['both']:>4} {row['first_only']:>4} {row['second_only']:>4}"
                f" {row['neither']:>8}  {row['agreement']:>9.3f}  {_figure(row['kappa']):>5}"
            )
    return "\n".join(lines)
