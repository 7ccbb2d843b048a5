"""Reconstructed microdata (合成データ / synthetic): raw return files calibrated to the published figures.

The survey's per-municipality answers are not public. This module writes raw return files — in the format a
real compiled return arrives in, messy the way real returns are — whose FY2024 自治体 answers meet every
published aggregate exactly (targets and their basis in ``resources/synth_targets.yaml``), with plausible
structure:

1. each municipality has a latent *maturity* that grows with the years it has run the project;
2. each answer has a latent = item loading × maturity + noise (+ an offset per respondent type and section);
3. for the calibrated group (FY2024 自治体), the municipalities are ranked on each item's latent and the
   categories are handed out in scale order with exactly the target counts; 無回答 with a footnoted reason
   (※1 〜 ※3) goes to the least mature or to a random subset, as the targets say;
4. other groups (FY2024 社協, the FY2025 demonstration year) are drawn with the calibrated group's cut points,
   so a year of extra maturity shifts answers upward.

Everything is seeded; the same seed writes byte-identical files. The pipeline never calls this module: the
files it writes are raw data, read like any other returns.

Examples
--------
>>> answers = draw_answers(2024)
>>> muni = answers[answers["respondent_type"] == "municipality"]
>>> int((muni.query("item_id == 'out_participation'")["answer"] == "あてはまる").sum())
19
"""

from __future__ import annotations

import functools
import io
import itertools
import zlib
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import yaml

from jusolib.core.docstrings import shared_parameters
from jusolib.core.errors import JusolibError, ParameterError
from jusolib.core.files import sha256_bytes, write_bytes_atomic, write_text_atomic, xlsx_bytes
from jusolib.core.fiscal import FiscalYearLike, fiscal_year_label, folder_name, parse_fiscal_year, reiwa_year
from jusolib.core.paths import RESOURCES_DIR, data_paths
from jusolib.survey.codebook import Codebook, load_codebook
from jusolib.survey.reference import (
    first_implementation_year,
    implementing_codes,
    load_municipalities,
    resolve_municipality,
)

RESOURCES = RESOURCES_DIR
TARGETS_FILE = RESOURCES / "synth_targets.yaml"
FREE_TEXT_FILE = RESOURCES / "synth_free_text.yaml"
#: Fiscal years the generator writes (by default all of them; it is calibrated for these only).
DEFAULT_YEARS = (2024, 2025)
SYNTHETIC_NOTICE = (
    "合成データ（synthetic）：実際の調査回答ではありません。公表値に合わせて再構成したデータです。"
)


@functools.lru_cache(maxsize=1)
def load_targets() -> dict[str, Any]:
    """The calibration targets and model settings (``resources/synth_targets.yaml``).

    Returns
    -------
    dict
        The parsed file (read once per process; read it, never change it): ``seed``, ``calibrated``,
        ``maturity``, ``items`` (per item its loading and target counts or shares) …
    """
    return yaml.safe_load(TARGETS_FILE.read_text(encoding="utf-8"))


@functools.lru_cache(maxsize=1)
def load_phrases() -> dict[str, Any]:
    """Phrase banks for synthetic free text (``resources/synth_free_text.yaml``): per item, polarity and theme.

    Returns
    -------
    dict
        The parsed file (read once per process; read it, never change it): item id → polarity → theme key →
        phrases, and ``settings`` (how often a text carries no theme or two, and the joiners).
    """
    return yaml.safe_load(FREE_TEXT_FILE.read_text(encoding="utf-8"))


def _rng(*keys: object) -> np.random.Generator:
    """A generator seeded by the targets' seed and stable keys (so each draw is independent of call order)."""
    seed = int(load_targets()["seed"])
    words = [seed] + [zlib.crc32(str(k).encode("utf-8")) for k in keys]
    return np.random.default_rng(words)


@shared_parameters
def respondent_frame(fiscal_year: FiscalYearLike) -> pd.DataFrame:
    """Municipalities answering in a fiscal year, with years implemented and latent maturity.

    FY2025 adds the four municipalities the demonstration assumes (see the targets file).

    Returns
    -------
    DataFrame
        One row per municipality, by code: ``muni_code``, ``name``, ``years_implementing`` (1 in the first
        year), ``maturity`` (the latent: a fixed step per year implemented, 0 at 2.5 years, plus seeded noise)
        and ``assumed`` (True for the municipalities the demonstration year adds).

    Examples
    --------
    >>> frame = respondent_frame(2025)
    >>> len(frame), int(frame["assumed"].sum())
    (30, 4)
    """
    year = parse_fiscal_year(fiscal_year)
    targets = load_targets()
    codes = implementing_codes(year)
    assumed = []
    if year == 2025:
        assumed = [resolve_municipality(name) for name in targets["fy2025_assumed_new"]]
    first = first_implementation_year()
    table = load_municipalities().set_index("code6")
    rows = []
    for code in sorted(set(codes) | set(assumed)):
        start = int(first.get(code, year)) if code not in assumed else year
        years = year - start + 1
        z = _rng("maturity", code).standard_normal()
        maturity = targets["maturity"]["per_year"] * (years - 2.5) + targets["maturity"]["noise_sd"] * z
        rows.append(
            {
                "muni_code": code,
                "name": table.at[code, "name"],
                "years_implementing": years,
                "maturity": maturity,
                "assumed": code in assumed,
            }
        )
    return pd.DataFrame(rows)


def _polarity(codebook: Codebook, item_id: str, answer: str) -> str | None:
    """``positive``/``neutral``/``negative`` by the answer's score against the scale's maximum; ``None`` for 無回答."""
    if answer == codebook.no_answer_label:
        return None
    scale = codebook.scale_of(item_id)
    ratio = scale.scores[answer] / scale.max_score
    return "positive" if ratio > 0.5 else "neutral" if ratio == 0.5 else "negative"


def _largest_remainder(shares: dict[str, float], n: int) -> dict[str, int]:
    """Whole counts summing to ``n`` in proportion to ``shares`` (largest remainder; ties in the given order)."""
    raw = {k: v * n for k, v in shares.items()}
    counts = {k: int(np.floor(v)) for k, v in raw.items()}
    order = sorted(raw, key=lambda k: (-(raw[k] - counts[k]), list(raw).index(k)))
    for k in order[: n - sum(counts.values())]:
        counts[k] += 1
    return counts


def _no_answer_pick(frame: pd.DataFrame, k: int, rule: str, rng: np.random.Generator) -> set[str]:
    """The ``k`` municipalities that answer 無回答: the least mature (``rule="least_mature"``) or a random set."""
    if k <= 0:
        return set()
    if rule == "least_mature":
        return set(frame.sort_values(["maturity", "muni_code"])["muni_code"].head(k))
    return set(rng.permutation(frame["muni_code"].to_numpy())[:k])


def _assign_by_rank(latent: pd.Series, labels: Sequence[str], counts: dict[str, int]) -> dict[str, str]:
    """Hand out categories in scale order (most positive first) to the highest latents, exactly ``counts``."""
    order = latent.sort_values(ascending=False, kind="stable").index
    out, position = {}, 0
    for label in labels:
        for code in order[position : position + counts.get(label, 0)]:
            out[code] = label
        position += counts.get(label, 0)
    if position != len(order):
        raise JusolibError(f"target counts sum to {position}, but there are {len(order)} respondents")
    return out


def _cut_points(latent: pd.Series, assigned: dict[str, str], labels: Sequence[str]) -> list[float]:
    """Midpoints between neighbouring categories of the calibrated assignment (descending)."""
    cuts = []
    for upper, lower in itertools.pairwise(labels):
        upper_values = [latent[c] for c, a in assigned.items() if labels.index(a) <= labels.index(upper)]
        lower_values = [latent[c] for c, a in assigned.items() if labels.index(a) >= labels.index(lower)]
        if upper_values and lower_values:
            cuts.append((min(upper_values) + max(lower_values)) / 2)
        else:
            cuts.append(max(lower_values) + 1.0 if lower_values else min(upper_values) - 1.0)
    return cuts


@shared_parameters
def draw_answers(fiscal_year: FiscalYearLike) -> pd.DataFrame:
    """Synthetic answers of one fiscal year, both respondent types, with free text.

    The same fiscal year always gives the same answers (every draw is seeded by the targets' seed and its keys).

    Returns
    -------
    DataFrame
        respondent_type, muni_code, item_id, answer (label or 無回答), text (free text or ``None``) and
        themes (the ids of the coding-rule themes the text was written to carry; empty for 「その他」).
    """
    year = parse_fiscal_year(fiscal_year)
    targets = load_targets()
    codebook = load_codebook(year)
    calibration = _calibration()
    respondents = respondent_frame(year)
    rows = []
    for kind in codebook.respondent_types.index:
        calibrated = (
            year == targets["calibrated"]["fiscal_year"] and kind == targets["calibrated"]["respondent_type"]
        )
        for item_id in codebook.item_ids():
            spec = targets["items"][item_id]
            labels = list(codebook.scale_of(item_id).labels)
            section = codebook.item(item_id)["section"]
            offset = targets["respondent_offsets"].get(kind, {}).get(section, 0.0)
            noise = pd.Series(
                {
                    c: _rng("answer", year, kind, item_id, c).standard_normal()
                    for c in respondents["muni_code"]
                }
            )
            latent = spec["loading"] * respondents.set_index("muni_code")["maturity"] + noise + offset
            n = len(respondents)
            if "counts" in spec:
                counts = dict(spec["counts"])
                no_answer_share = counts.pop(codebook.no_answer_label, 0) / sum(spec["counts"].values())
            else:
                counts, no_answer_share = None, 0.0
            if calibrated:
                k_na = int(spec["counts"].get(codebook.no_answer_label, 0))
            else:
                k_na = int(np.floor(no_answer_share * n + 0.5))
            pick_rng = _rng("no_answer", year, kind, item_id)
            blank = _no_answer_pick(respondents, k_na, spec.get("no_answer_from", "random"), pick_rng)
            answered = latent.drop(index=sorted(blank))
            if calibrated:
                assigned = _assign_by_rank(answered, labels, counts)  # type: ignore[arg-type]
            elif counts is not None:
                cuts = calibration[item_id]
                assigned = {c: labels[sum(v < cut for cut in cuts)] for c, v in answered.items()}
            else:
                assigned = _assign_by_rank(
                    answered, labels, _largest_remainder(spec["shares"], len(answered))
                )
            random_blank = set()
            if not calibrated:
                draws = _rng("random_no_answer", year, kind, item_id).random(n)
                random_blank = {
                    c
                    for c, u in zip(respondents["muni_code"], draws, strict=True)
                    if u < targets["random_no_answer"]
                }
            answers = {
                c: codebook.no_answer_label if c in blank or c in random_blank else assigned[c]
                for c in respondents["muni_code"]
            }
            texts = _free_texts(codebook, year, kind, item_id, answers, spec)
            for code in respondents["muni_code"]:
                text, themes = texts.get(code, (None, ()))
                rows.append(
                    {
                        "respondent_type": kind,
                        "muni_code": code,
                        "item_id": item_id,
                        "answer": answers[code],
                        "text": text,
                        "themes": themes,
                    }
                )
    return pd.DataFrame(rows)


@functools.lru_cache(maxsize=1)
def _calibration() -> dict[str, list[float]]:
    """Cut points of every calibrated item, from the calibrated group's latents and exact assignment."""
    targets = load_targets()
    year, kind = targets["calibrated"]["fiscal_year"], targets["calibrated"]["respondent_type"]
    codebook = load_codebook(year)
    respondents = respondent_frame(year)
    maturity = respondents.set_index("muni_code")["maturity"]
    cuts = {}
    for item_id, spec in targets["items"].items():
        if "counts" not in spec:
            continue
        labels = list(codebook.scale_of(item_id).labels)
        noise = pd.Series(
            {c: _rng("answer", year, kind, item_id, c).standard_normal() for c in maturity.index}
        )
        latent = spec["loading"] * maturity + noise
        counts = dict(spec["counts"])
        k_na = int(counts.pop(codebook.no_answer_label, 0))
        blank = _no_answer_pick(
            respondents, k_na, spec.get("no_answer_from", "random"), _rng("no_answer", year, kind, item_id)
        )
        answered = latent.drop(index=sorted(blank))
        cuts[item_id] = _cut_points(answered, _assign_by_rank(answered, labels, counts), labels)
    return cuts


def _free_texts(
    codebook: Codebook, year: int, kind: str, item_id: str, answers: dict[str, str], spec: dict[str, Any]
) -> dict[str, tuple[str, tuple[str, ...]]]:
    """Free text per municipality with the themes it was written to carry.

    Texts the targets fix first (a footnote's reason, 重層以前から under あてはまらない: ``reason`` and ``given``,
    each handed to an exact share of the holders of an answer), then, at the respondent type's rate, a text
    composed from the phrase bank of the answer's polarity (:func:`_compose`).
    """
    rng = _rng("free_text", year, kind, item_id)
    phrases = load_phrases()
    bank = phrases.get(item_id, {})
    rate = load_targets()["free_text_rate"][kind]
    texts: dict[str, tuple[str, tuple[str, ...]]] = {}
    fixed = ([spec["reason"]] if "reason" in spec else []) + list(spec.get("given", []))
    for given in fixed:
        variants = given["text"] if isinstance(given["text"], list) else [given["text"]]
        for label, share in given["given_by"].items():
            holders = sorted(c for c, a in answers.items() if a == label and c not in texts)
            k = int(np.floor(share * len(holders) + 0.5))
            for code in rng.permutation(np.array(holders, dtype=object))[:k] if holders else []:
                texts[code] = (variants[int(rng.integers(len(variants)))], tuple(given.get("themes", ())))
    for code in sorted(answers):
        if code in texts:
            continue
        polarity = _polarity(codebook, item_id, answers[code])
        themes = bank.get(polarity or "", {})
        if themes and rng.random() < rate:
            texts[code] = _compose(themes, rng, phrases["settings"])
    return texts


def _compose(
    bank: dict[str, list[str]], rng: np.random.Generator, settings: dict[str, Any]
) -> tuple[str, tuple[str, ...]]:
    """One text from a polarity's bank: an `other` phrasing (no theme), one theme, or two themes joined."""

    def pick(key: str) -> str:
        return bank[key][int(rng.integers(len(bank[key])))]

    themed = [k for k in bank if k != "other"]
    if "other" in bank and (not themed or rng.random() < settings["no_theme"]):
        return pick("other"), ()
    keys = [themed[int(rng.integers(len(themed)))]]
    if rng.random() < settings["two_themes"]:
        rest = [k for k in themed if not set(k.split("+")) & set(keys[0].split("+"))]
        if rest:
            keys.append(rest[int(rng.integers(len(rest)))])
    joiners = settings["joiners"]
    text = pick(keys[0])
    if len(keys) == 2:
        text += joiners[int(rng.integers(len(joiners)))] + pick(keys[1])
    return text, tuple(dict.fromkeys(t for k in keys for t in k.split("+")))


# -- writing raw returns -------------------------------------------------------------------------------------
def _messy_answer(
    codebook: Codebook, item_id: str, answer: str, rng: np.random.Generator, excel: bool
) -> object:
    """An answer as a compiled return writes it: the label, the code (a number in Excel), a full-width digit,
    a spelling or stray punctuation; 無回答 as blank, 「－」, 「NA」 …"""
    if answer == codebook.no_answer_label:
        return str(rng.choice(["", "", "", "無回答", "－", " ", "NA"]))
    option = next(o for o in codebook.scale_of(item_id).options if o.label == answer)
    u = rng.random()
    if u < 0.45:
        return option.label
    if u < 0.80:
        return option.code if excel else str(option.code)
    if u < 0.88:
        return chr(0xFF10 + option.code)  # full-width digit
    variants = [f"{option.label}。", f" {option.label} ", *option.aliases]
    return variants[int(rng.integers(len(variants)))]


def _messy_name(name: str, code6: str, kind: str, rng: np.random.Generator) -> object:
    """A municipality as a compiled return writes it: with 東京都 or 社会福祉協議会, stray spaces, 異体字, its
    5-digit code."""
    if name == "稲城市":
        return "稻城市" if rng.random() < 0.5 else "東京都稻城市"  # as written in the source report
    u = rng.random()
    if kind == "council" and u < 0.2:
        return f"{name}社会福祉協議会"
    if u < 0.55:
        return name
    if u < 0.75:
        return f"東京都{name}"
    if u < 0.85:
        return f"{name[:-1]}　{name[-1]}" if len(name) > 2 else f" {name} "
    if u < 0.93:
        return f"{name} "
    return code6[:5]


_TYPE_SPELLINGS = {
    "municipality": ["自治体", "自治体", "区市", "自治体 "],
    "council": ["社協", "社協", "社会福祉協議会"],
}


def _fy_spelling(year: int, rng: np.random.Generator) -> str:
    """The fiscal year as a return writes it: 令和6年度, R6, 2024 or 令和６年度."""
    n = reiwa_year(year)
    options = [f"令和{n}年度", f"R{n}", str(year), f"令和{chr(0xFF10 + n) if n < 10 else n}年度"]
    return options[int(rng.integers(len(options)))]


def _return_rows(
    codebook: Codebook,
    answers: pd.DataFrame,
    kind_order: Sequence[str],
    excel: bool,
    year: int,
    file_key: str,
) -> tuple[list[object], list[list[object]]]:
    """The headings and rows of one compiled return, one row per respondent, every cell written messily."""
    rng = _rng("messy", year, file_key)
    columns = codebook.columns
    heading_rng = _rng("headings", year, file_key)
    headings = [
        "No.",
        columns["municipality"]["heading"],
        columns["respondent_type"]["heading"],
        columns["fiscal_year"]["heading"],
    ]
    for item_id in codebook.item_ids():
        item = codebook.item(item_id)
        column = item["column"]
        if heading_rng.random() < 0.15:  # some headings typed with full-width digits
            column = column.translate({ord(d): 0xFF10 + int(d) for d in "0123456789"})
        headings += [column, item["free_text_column"]]
    names = load_municipalities().set_index("code6")["name"]
    rows = []
    wide = answers.set_index(["respondent_type", "muni_code", "item_id"])
    number = 0
    for kind in kind_order:
        codes = sorted(answers.loc[answers["respondent_type"] == kind, "muni_code"].unique())
        for code in codes:
            number += 1
            row: list[object] = [
                number,
                _messy_name(names[code], code, kind, rng),
                _TYPE_SPELLINGS[kind][int(rng.integers(len(_TYPE_SPELLINGS[kind])))],
                _fy_spelling(year, rng),
            ]
            for item_id in codebook.item_ids():
                record = wide.loc[(kind, code, item_id)]
                row.append(_messy_answer(codebook, item_id, record["answer"], rng, excel))
                row.append(record["text"] if isinstance(record["text"], str) else None)
            rows.append(row)
    return headings, rows


def _xlsx_bytes(sheets: list[tuple[str, list[list[object]]]]) -> bytes:
    """A workbook of the given sheets (title, rows) as reproducible bytes; ``""`` cells are left empty."""
    import openpyxl

    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets:
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append([None if v == "" else v for v in row])
    book.properties.lastModifiedBy = "jusolib.synth"
    return xlsx_bytes(book, creator="jusolib.synth (合成データ / synthetic)", created=datetime(2025, 1, 20))


def _csv_bytes(rows: list[list[object]], encoding: str) -> bytes:
    """Rows as CSV bytes with ``\\r\\n`` line ends (as Excel on Windows saves them) in ``encoding``."""
    import csv

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
    return buffer.getvalue().encode(encoding)


def _title(year: int, who: str) -> list[list[object]]:
    """The two title rows above a compiled return's header: the survey's title and the 合成データ notice."""
    return [
        [
            f"{fiscal_year_label(year, western=False)} 重層的支援体制整備事業の実施を通じた成果や課題に関する調査 回答一覧（{who}）"
        ],
        [f"【{SYNTHETIC_NOTICE}】"],
    ]


@shared_parameters
def build_return_files(fiscal_year: FiscalYearLike) -> dict[str, bytes]:
    """The raw return files of a fiscal year as bytes, keyed by file name (nothing written).

    FY2024: the 自治体 returns as .xlsx (title rows, a blank row, a note row at the bottom) and the 社協 returns as
    Shift_JIS CSV. FY2025: one filled-in 調査票 per respondent (:mod:`jusolib.synth.forms`), as returned by e-mail.

    Returns
    -------
    dict
        File name → its bytes; the same fiscal year always gives the same bytes.
    """
    year = parse_fiscal_year(fiscal_year)
    codebook = load_codebook(year)
    answers = draw_answers(year)
    n = reiwa_year(year)
    files = {}
    if year == 2024:
        headings, rows = _return_rows(
            codebook,
            answers[answers["respondent_type"] == "municipality"],
            ["municipality"],
            True,
            year,
            "municipality",
        )
        body: list[list[object]] = [*rows[:12], [], *rows[12:], [], ["※本表は合成データです。"]]
        files[f"令和{n}年度_成果と課題調査_自治体回答.xlsx"] = _xlsx_bytes(
            [("回答一覧", [*_title(year, "自治体"), headings, *body])]
        )
        headings, rows = _return_rows(
            codebook, answers[answers["respondent_type"] == "council"], ["council"], False, year, "council"
        )
        files[f"令和{n}年度_成果と課題調査_社協回答.csv"] = _csv_bytes(
            [*_title(year, "社協"), headings, *rows], "cp932"
        )
    else:
        from jusolib.synth.forms import filled_forms

        files = filled_forms(year, answers, rng=_rng("forms", year), notice=f"【{SYNTHETIC_NOTICE}】")
    return files


@shared_parameters
def manifest_text(fiscal_year: FiscalYearLike, files: dict[str, bytes]) -> str:
    """The MANIFEST.yaml of a synthetic survey folder.

    Parameters
    ----------
    files
        The folder's return files, file name → bytes (:func:`build_return_files`): each is listed with its
        format and SHA-256.

    Returns
    -------
    str
        The YAML text: ``data_status: synthetic``, how the data was made, the respondents and the files.

    Examples
    --------
    >>> import yaml
    >>> manifest = yaml.safe_load(manifest_text(2024, {"a.csv": b""}))
    >>> manifest["data_status"], manifest["files"][0]["sha256"][:12]
    ('synthetic', 'e3b0c44298fc')
    """
    year = parse_fiscal_year(fiscal_year)
    targets = load_targets()
    frame = respondent_frame(year)
    lines = [
        "# 合成データ（synthetic） — these are NOT real survey returns.",
        f"# Written by jusolib.synth; regenerate with `jusolib synth --fiscal-year {year}`. Do not edit by hand.",
        "",
        f"fiscal_year: {year}",
        "data_status: synthetic",
        f"title: {fiscal_year_label(year, western=False)} 成果と課題に関する調査 — 再構成データ（合成データ / synthetic）",
        "description: >-",
        "  The per-municipality answers of the survey are not public. These files are reconstructed microdata:",
        "  synthetic answers generated by jusolib.synth with a fixed seed from a latent model of municipal",
    ]
    if year == targets["calibrated"]["fiscal_year"]:
        lines += [
            "  maturity, calibrated so that every published FY2024 aggregate of the 自治体 answers is met exactly",
            "  (data/raw/published/FY2024.csv). 社協 answers meet no published figure (none exists) and are drawn",
            "  from the same model. Free text is written from the report's summary bullet points, not quoted.",
        ]
    else:
        lines += [
            "  maturity. No FY2025 results have been published: this is a demonstration year for per-year rendering",
            "  and year-over-year comparison, drawn with the cut points calibrated on FY2024 and one more year of",
            "  maturity. It must not be read as a forecast. The returns arrive as one filled-in 調査票 per respondent",
            "  (the layout of `jusolib questionnaire`), filled in the way people fill forms: a few answers typed over",
            "  the drop-down in spellings the codebook accepts, one row inserted by a respondent (its text is",
            "  reported, not read), one form answered after the deadline with a note in 備考. Each form carries a",
            "  made-up contact block (担当者名, a 03-0000 telephone number, an example.jp address) for `jusolib status`.",
            "demonstration: true",
            f"assumed_respondents: [{', '.join(targets['fy2025_assumed_new'])}]",
            f"assumed_respondents_reason: >-\n  {targets['fy2025_assumed_reason']}",
        ]
    lines += [
        f"generator: jusolib.synth, seed {targets['seed']}",
        "calibration: src/jusolib/resources/synth_targets.yaml",
        "respondents:",
        f"  municipalities: {len(frame)}",
        "  respondent_types: [自治体, 社協]",
        "files:",
    ]
    for name, data in sorted(files.items()):
        kind = (
            "Shift_JIS (cp932) CSV"
            if name.endswith(".csv")
            else "調査票 (questionnaire form, .xlsx)"
            if year != targets["calibrated"]["fiscal_year"]
            else "Excel workbook (.xlsx)"
        )
        lines += [f"  - name: {name}", f"    format: {kind}", f"    sha256: {sha256_bytes(data)}"]
    return "\n".join(lines) + "\n"


@shared_parameters
def generate(
    fiscal_years: Sequence[object] = DEFAULT_YEARS,
    survey_root: Path | None = None,
    *,
    overwrite_real: bool = False,
) -> list[Path]:
    """Write the synthetic return files and MANIFEST of each fiscal year; return the paths written.

    Refuses to write into a folder whose MANIFEST does not say ``data_status: synthetic`` (real returns are
    never overwritten) unless the folder is empty. In a synthetic folder, the files other than the MANIFEST
    are removed first.

    Parameters
    ----------
    fiscal_years
        The years to write (default FY2024 and FY2025, the only years the generator is calibrated for).
    survey_root
        The folder that holds one ``FYxxxx`` folder per year; ``None`` for ``raw/survey`` of the default
        data directory.
    overwrite_real
        Write even into a folder that is not marked synthetic (its files are then replaced only where the
        generator writes a file of the same name).

    Returns
    -------
    list of Path
        The files written, each year's MANIFEST.yaml after its returns.

    Raises
    ------
    ParameterError
        If a year is one the generator has no calibration for (checked before anything is written).
    JusolibError
        If a folder holds files not marked synthetic and ``overwrite_real`` is not set.
    """
    years = [parse_fiscal_year(y) for y in fiscal_years]
    without = [y for y in years if y not in DEFAULT_YEARS]
    if without:  # checked for every year before anything is written
        raise ParameterError(
            f"no synthetic-data generator for {', '.join(fiscal_year_label(y) for y in without)}: "
            f"jusolib synth writes {', '.join(fiscal_year_label(y) for y in DEFAULT_YEARS)} "
            "(calibrated in src/jusolib/resources/synth_targets.yaml)"
        )
    root = Path(survey_root) if survey_root is not None else data_paths().survey_root
    written = []
    for year in years:
        folder = root / folder_name(year)
        manifest = folder / "MANIFEST.yaml"
        if folder.is_dir() and any(folder.iterdir()) and not overwrite_real:
            status = (
                yaml.safe_load(manifest.read_text(encoding="utf-8")).get("data_status")
                if manifest.is_file()
                else None
            )
            if status != "synthetic":
                raise JusolibError(
                    f"{folder} holds data that is not marked synthetic; refusing to overwrite it"
                )
            for old in folder.iterdir():
                if old.is_file() and old.name != "MANIFEST.yaml":
                    old.unlink()
        files = build_return_files(year)
        for name, data in files.items():
            write_bytes_atomic(folder / name, data)
            written.append(folder / name)
        write_text_atomic(manifest, manifest_text(year, files))
        written.append(manifest)
    return written
