"""A library of valid return sets (scenarios) and the answers each one truly holds.

Each :class:`Scenario` is a set of returns a survey round could really bring back — valid, but unlike the
demonstration data: random answers at several seeds, every answer the same, an item or a whole section left
blank by everyone, only one respondent type, one or five respondents, towns and villages, 自治体 and 社協 far
apart, a previous year with very different answers, no free text, very long free text, emoji and rare kanji …
(:data:`SCENARIOS`, each with the case it covers and, where it found one, the defect it found).

:func:`draw` gives a scenario's answers as a tidy frame (the truth); :func:`write` writes them as raw return files
into a data directory — compiled sheets (CSV or ``.xlsx``, as :mod:`tests.helpers` writes them) or returned
questionnaire forms (:mod:`jusolib.io.form_writer`, as ``jusolib questionnaire`` writes them and a respondent
fills them in); :func:`truth` counts the answers per item, the numbers the workbook must show.

Everything is seeded: the same scenario always writes the same answers.
"""

from __future__ import annotations

import dataclasses
import random
import shutil
from collections.abc import Callable, Sequence
from pathlib import Path

import pandas as pd

from jusolib.survey.codebook import Codebook, load_codebook
from jusolib.survey.reference import implementing_codes, load_municipalities

#: What a rule returns for an item left blank.
BLANK = None
#: Respondent keys as the codebook names them.
MUNI, COUNCIL = "municipality", "council"

#: An answer rule: (random generator, respondent key, 団体コード, item id, the item's labels most positive first,
#: the item's section) → a label, or :data:`BLANK`.
AnswerRule = Callable[[random.Random, str, str, str, Sequence[str], str], "str | None"]
#: A free-text rule: (random generator, respondent key, 団体コード, item id, the answer) → a text or ``None``.
TextRule = Callable[[random.Random, str, str, str, "str | None"], "str | None"]


def names() -> dict[str, str]:
    """団体コード → name, from the bundled reference table."""
    return load_municipalities().set_index("code6")["name"].to_dict()


def code_of(name: str) -> str:
    """The 団体コード of a municipality named as in the reference table."""
    return {v: k for k, v in names().items()}[name]


IMPLEMENTING_2024 = tuple(sorted(implementing_codes(2024)))
IMPLEMENTING_2025 = tuple(sorted(implementing_codes(2025)))


# -- answer rules ----------------------------------------------------------------------------------------------
def uniform(blank: float = 0.0) -> AnswerRule:
    """Every option equally likely; 無回答 with probability ``blank``."""

    def rule(rng: random.Random, kind: str, code: str, item: str, labels: Sequence[str], section: str):
        if blank and rng.random() < blank:
            return BLANK
        return rng.choice(list(labels))

    return rule


def constant(position: int) -> AnswerRule:
    """Every answer the option at ``position`` (0 = most positive, -1 = least)."""

    def rule(rng: random.Random, kind: str, code: str, item: str, labels: Sequence[str], section: str):
        return labels[position]

    return rule


def by_kind(**rules: AnswerRule) -> AnswerRule:
    """A rule per respondent key (``municipality=…, council=…``)."""

    def rule(rng: random.Random, kind: str, code: str, item: str, labels: Sequence[str], section: str):
        return rules[kind](rng, kind, code, item, labels, section)

    return rule


def blank_where(
    base: AnswerRule, *, items: Sequence[str] = (), sections: Sequence[str] = (), kinds=()
) -> AnswerRule:
    """``base``, with the given items or sections left blank (by the given respondent keys, or by all)."""

    def rule(rng: random.Random, kind: str, code: str, item: str, labels: Sequence[str], section: str):
        answer = base(rng, kind, code, item, labels, section)
        if (item in items or section in sections) and (not kinds or kind in kinds):
            return BLANK
        return answer

    return rule


def skewed(weights: Sequence[float]) -> AnswerRule:
    """Options drawn with ``weights`` (most positive first; cut to the item's number of options)."""

    def rule(rng: random.Random, kind: str, code: str, item: str, labels: Sequence[str], section: str):
        return rng.choices(list(labels), weights=list(weights)[: len(labels)])[0]

    return rule


def same_for_both_types() -> AnswerRule:
    """Random answers that 自治体 and 社協 of a municipality give alike (every paired difference exactly 0)."""

    def rule(rng: random.Random, kind: str, code: str, item: str, labels: Sequence[str], section: str):
        return random.Random(f"alike/{code}/{item}").choice(list(labels))

    return rule


def tie_at_top(tied: Sequence[str], fixed: Sequence[str]) -> AnswerRule:
    """Two items of a section with the same answers (a tie at the top); the others lower, by rule."""

    def rule(rng: random.Random, kind: str, code: str, item: str, labels: Sequence[str], section: str):
        if item in tied:
            return labels[0]
        if item in fixed:
            return labels[-1] if int(code) % 2 else labels[0]
        return labels[-1]

    return rule


# -- free-text rules -------------------------------------------------------------------------------------------
def no_text(rng: random.Random, kind: str, code: str, item: str, answer: str | None) -> str | None:
    return None


_PHRASES = (
    "地域の支援機関との連携会議を毎月開催し、顔の見える関係ができてきた",
    "相談窓口の職員の研修を行い、複合的な課題に対応できるようになった",
    "住民向けの説明会を開いたが、事業への理解はまだ十分でない",
    "庁内の関係課との調整に時間がかかっている",
    "地域福祉コーディネーターを配置し、居場所づくりを進めている",
    "交付金の事務負担が大きく、様式が複雑である",
)


def some_text(rate: float = 0.4) -> TextRule:
    """A phrase from a small bank, for a share ``rate`` of the answers."""

    def rule(rng: random.Random, kind: str, code: str, item: str, answer: str | None) -> str | None:
        return rng.choice(_PHRASES) if rng.random() < rate else None

    return rule


def long_text(length: int = 1500) -> TextRule:
    """Texts of ``length`` characters (the phrases repeated), for every third answer."""

    def rule(rng: random.Random, kind: str, code: str, item: str, answer: str | None) -> str | None:
        if rng.random() >= 1 / 3:
            return None
        text = "。".join(rng.choice(_PHRASES) for _ in range(length // 20))
        return text[:length]

    return rule


#: Emoji (outside the BMP, with a variation selector and a ZWJ sequence), rare kanji of place and person
#: names (𠮷, 髙, 﨑, 𡈽, 々), an IVS, half-width kana and a text that starts like a formula.
RARE = (
    "住民の声を聞く場をつくった😊 👨‍👩‍👧 ❤️",
    "𠮷野町の髙橋地区と﨑山地区で𡈽地の活用を検討（葛󠄀飾の例も参考）",
    "ｻﾛﾝ活動を再開、参加者は徐々に増えている",
    "=SUM(A1:A3) のような記述もそのまま文字として残る",
)


SOME_TEXT = some_text()


def rare_text(rng: random.Random, kind: str, code: str, item: str, answer: str | None) -> str | None:
    return rng.choice(RARE) if rng.random() < 0.5 else None


# -- scenarios -------------------------------------------------------------------------------------------------
@dataclasses.dataclass(frozen=True)
class Year:
    """The returns of one fiscal year of a scenario.

    ``municipalities`` and ``councils`` are the 団体コード answering as 自治体 and as 社協; ``layout`` is how the
    returns arrive: ``csv`` (one compiled Shift_JIS sheet for both types), ``xlsx`` (one compiled workbook per
    type) or ``forms`` (one filled-in questionnaire per respondent).
    """

    fiscal_year: int
    municipalities: tuple[str, ...]
    councils: tuple[str, ...]
    answers: AnswerRule
    texts: TextRule = SOME_TEXT
    layout: str = "csv"


@dataclasses.dataclass(frozen=True)
class Scenario:
    """A set of valid returns with what it covers.

    ``case`` says which case of issue 19 it is; ``found`` the defect it found before it was fixed (empty when it
    found none); ``variants`` the (respondent type, size scheme) renders whose outputs the properties check,
    for the last year; ``reference`` edits the copy of the reference data the scenario's data directory gets
    (``None``: the bundled reference data is read).
    """

    name: str
    case: str
    years: tuple[Year, ...]
    seed: int = 0
    variants: tuple[tuple[str, str], ...] = (("自治体", "population_band"),)
    reference: Callable[[Path], None] | None = None
    found: str = ""

    @property
    def fiscal_year(self) -> int:
        """The year the properties render (the last one: earlier years are its previous years)."""
        return self.years[-1].fiscal_year

    def year(self, fiscal_year: int | None = None) -> Year:
        fiscal_year = self.fiscal_year if fiscal_year is None else fiscal_year
        return next(y for y in self.years if y.fiscal_year == fiscal_year)


def draw(scenario: Scenario, fiscal_year: int | None = None) -> pd.DataFrame:
    """The scenario's answers of one year (default: the last), one row per respondent and item.

    Returns
    -------
    DataFrame
        ``respondent_type`` (key), ``muni_code``, ``item_id``, ``section``, ``answer`` (label, or 無回答),
        ``text`` (or ``None``).
    """
    year = scenario.year(fiscal_year)
    book = load_codebook(year.fiscal_year)
    rows = []
    for kind, codes in ((MUNI, year.municipalities), (COUNCIL, year.councils)):
        for code in codes:
            for item in book.item_ids():
                rng = random.Random(
                    f"{scenario.name}/{scenario.seed}/{year.fiscal_year}/{kind}/{code}/{item}"
                )
                labels = list(book.scale_of(item).labels)
                section = book.item(item)["section"]
                answer = year.answers(rng, kind, code, item, labels, section)
                text = year.texts(rng, kind, code, item, answer)
                rows.append(
                    {
                        "respondent_type": kind,
                        "muni_code": code,
                        "item_id": item,
                        "section": section,
                        "answer": book.no_answer_label if answer is BLANK else answer,
                        "text": text,
                    }
                )
    return pd.DataFrame(rows)


def truth(scenario: Scenario, kind: str, fiscal_year: int | None = None) -> pd.DataFrame:
    """How many respondents of one type gave each answer to each item: items × answers (無回答 included)."""
    answers = draw(scenario, fiscal_year)
    answers = answers[answers["respondent_type"] == kind]
    return answers.groupby(["item_id", "answer"]).size().unstack(fill_value=0)


# -- writing the returns ---------------------------------------------------------------------------------------
def _headings(book: Codebook) -> list[str]:
    headings = [book.columns["municipality"]["heading"], book.columns["respondent_type"]["heading"]]
    for item in book.item_ids():
        headings += [book.item(item)["column"], book.item(item)["free_text_column"]]
    return headings


def _compiled_rows(book: Codebook, answers: pd.DataFrame, kind: str) -> list[list[object]]:
    label = book.respondent_type_label(kind)
    municipality_names = names()
    rows = []
    frame = answers[answers["respondent_type"] == kind]
    for code, group in frame.groupby("muni_code", sort=True):
        by_item = group.set_index("item_id")
        row: list[object] = [municipality_names[code], label]
        for item in book.item_ids():
            answer = by_item.at[item, "answer"]
            row.append("" if answer == book.no_answer_label else answer)
            text = by_item.at[item, "text"]
            row.append(text if isinstance(text, str) else "")
        rows.append(row)
    return rows


def _write_year(scenario: Scenario, year: Year, folder: Path) -> None:
    from tests.helpers import write_csv, write_xlsx

    book = load_codebook(year.fiscal_year)
    answers = draw(scenario, year.fiscal_year)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "MANIFEST.yaml").write_text(
        f"fiscal_year: {year.fiscal_year}\ndata_status: real\ntitle: scenario {scenario.name}\n",
        encoding="utf-8",
    )
    headings = _headings(book)
    if year.layout == "csv":
        rows = [r for kind in (MUNI, COUNCIL) for r in _compiled_rows(book, answers, kind)]
        if rows:
            write_csv(
                folder / "回答一覧.csv",
                rows,
                headings=headings,
                encoding="cp932" if _cp932(rows) else "utf-8",
            )
    elif year.layout == "xlsx":
        for kind in (MUNI, COUNCIL):
            rows = _compiled_rows(book, answers, kind)
            if rows:
                write_xlsx(
                    folder / f"回答一覧_{book.respondent_type_label(kind)}.xlsx", rows, headings=headings
                )
    elif year.layout == "forms":
        from jusolib.io.form_writer import fill_form, form_bytes, form_workbook

        municipality_names = names()
        for (kind, code), group in answers.groupby(["respondent_type", "muni_code"], sort=True):
            form = form_workbook(
                book, muni_code=code, muni_name=municipality_names[code], respondent_type=kind
            )
            by_item = group.set_index("item_id")
            filled = {i: (None if a == book.no_answer_label else a) for i, a in by_item["answer"].items()}
            texts = {i: t for i, t in by_item["text"].items() if isinstance(t, str)}
            fill_form(form, filled, texts)
            name = f"{municipality_names[code]}_{book.respondent_type_label(kind)}.xlsx"
            (folder / name).write_bytes(form_bytes(form))
    else:
        raise ValueError(f"unknown layout {year.layout!r}")


def _cp932(rows: list[list[object]]) -> bool:
    """True when every text can be written in Shift_JIS (as most compiled returns are)."""
    try:
        "".join(str(v) for r in rows for v in r).encode("cp932")
    except UnicodeEncodeError:
        return False
    return True


def write(scenario: Scenario, root: Path) -> Path:
    """Write the scenario's returns (and, when it has one, its reference data) under ``root``; return the data
    directory to pass as ``data_dir``."""
    from jusolib.core.paths import BUNDLED_DATA_DIR

    data = root / "data"
    for year in scenario.years:
        _write_year(scenario, year, data / "raw" / "survey" / f"FY{year.fiscal_year}")
    if scenario.reference is not None:
        target = data / "raw" / "reference"
        shutil.copytree(BUNDLED_DATA_DIR / "raw" / "reference", target, dirs_exist_ok=True)
        scenario.reference(target)
    return data


# -- the library -----------------------------------------------------------------------------------------------
def _both(codes: Sequence[str], year: int = 2024, **options) -> Year:
    return Year(year, tuple(codes), tuple(codes), **options)


def _without_population(*names_: str) -> Callable[[Path], None]:
    """Empty the default population series for some municipalities in a copy of the reference data."""

    def edit(folder: Path) -> None:
        table = pd.read_csv(folder / "tokyo_municipalities.csv", dtype=str, keep_default_na=False)
        table.loc[table["name"].isin(names_), "pop_tmg_estimate_2022_01_01"] = ""
        table.to_csv(folder / "tokyo_municipalities.csv", index=False)

    return edit


def _scenarios() -> list[Scenario]:
    n24 = IMPLEMENTING_2024
    towns = tuple(code_of(n) for n in ("日の出町", "檜原村", "奥多摩町", "大島町", "小笠原村"))
    section_three = "III"
    far_apart = by_kind(municipality=constant(0), council=constant(-1))
    library = [
        *(
            Scenario(
                f"random_seed{seed}",
                f"random answers (seed {seed}), some 無回答, both respondent types, 23 municipalities",
                (_both(n24, answers=uniform(blank=0.08)),),
                seed=seed,
            )
            for seed in (1, 2, 3, 4)
        ),
        Scenario(
            "random_forms_fy2025",
            "random answers returned as questionnaire forms, FY2025, 26 municipalities",
            (_both(IMPLEMENTING_2025, 2025, answers=uniform(blank=0.05), layout="forms"),),
            seed=5,
        ),
        Scenario(
            "random_xlsx_schemes",
            "random answers in one compiled .xlsx per type; every size scheme and 社協",
            (_both(n24, answers=uniform(blank=0.1), layout="xlsx"),),
            seed=6,
            variants=(
                ("自治体", "population_band"),
                ("社協", "city_size"),
                ("自治体", "municipality_type"),
                ("自治体", "cohort"),
            ),
        ),
        Scenario(
            "all_same_answer",
            "every answer the same (the most positive option), both types",
            (_both(n24, answers=constant(0)),),
        ),
        Scenario(
            "all_lowest_answer",
            "every answer the least positive option, both types, no free text",
            (_both(n24, answers=constant(-1), texts=no_text),),
        ),
        Scenario(
            "item_blank_by_all",
            "one item (問1-2) left blank by every respondent of both types",
            (_both(n24, answers=blank_where(uniform(), items=("out_hubs",))),),
            found="Fisher p 1.000 and Holm 1.000 printed for an item nobody answered",
        ),
        Scenario(
            "section_blank_by_all",
            "section III left blank by everyone",
            (_both(n24, answers=blank_where(uniform(), sections=(section_three,))),),
        ),
        Scenario(
            "council_section_blank",
            "every 社協 left section III blank: no comparable pair in III",
            (_both(n24, answers=blank_where(uniform(), sections=(section_three,), kinds=(COUNCIL,))),),
            found="05: ValueError: bottom cannot be >= top (the change chart on an empty frame)",
        ),
        Scenario(
            "municipality_only",
            "only the 自治体 file",
            (Year(2024, n24, (), uniform(blank=0.05)),),
        ),
        Scenario(
            "council_only",
            "only the 社協 file (the default render falls back to 社協; 90 says the published figures are 自治体's)",
            (Year(2024, (), n24, uniform(blank=0.05)),),
            variants=(("社協", "population_band"),),
            found="the default render refused; 90 failed: a percentage needs a positive base, got n=0",
        ),
        Scenario(
            "five_respondents",
            "five respondents of each type",
            (_both(n24[:5], answers=uniform(blank=0.05)),),
        ),
        Scenario(
            "one_respondent",
            "one respondent of each type",
            (_both(n24[:1], answers=uniform()),),
            found="a callout 「最も成果 100.0%（1／1）」 on a single respondent",
        ),
        Scenario(
            "towns_and_villages",
            "towns and villages among the respondents (西多摩 and the islands), every scheme",
            (_both(n24[:10] + towns, answers=uniform(blank=0.05)),),
            variants=(
                ("自治体", "population_band"),
                ("自治体", "city_size"),
                ("社協", "municipality_type"),
            ),
            found="population_band refused the whole render: no population for 日の出町 (133051)",
        ),
        Scenario(
            "population_unknown",
            "a respondent with no population on the series (人口不明, warned on 91 and in the build)",
            (_both(n24[:10] + towns[:2], answers=uniform(blank=0.05)),),
            reference=_without_population("日の出町", "檜原村"),
        ),
        Scenario(
            "far_apart",
            "自治体 all most positive, 社協 all least positive: every item differs",
            (_both(n24, answers=far_apart),),
            found="slide title does not fit at 18 pt: 5項目中5項目 named in the title",
        ),
        Scenario(
            "far_apart_random",
            "自治体 mostly positive, 社協 mostly negative at random: most items differ",
            (_both(n24, answers=by_kind(municipality=skewed([8, 1, 1, 1]), council=skewed([1, 1, 8, 8]))),),
            seed=7,
        ),
        Scenario(
            "no_pair_both_types",
            "both types answered, but no municipality as both",
            (Year(2024, n24[:11], n24[11:], uniform(blank=0.05)),),
            found="05 said 「この年度は…の回答データがない」 although both types answered",
        ),
        Scenario(
            "identical_types",
            "自治体 and 社協 answered alike: every difference exactly zero",
            (_both(n24, answers=same_for_both_types()),),
            found="a zero difference printed as 「0」, not 「0.0」",
        ),
        Scenario(
            "previous_year_different",
            "FY2025 after a very different FY2024 (every item changes; long section III names in titles)",
            (
                _both(n24, answers=constant(-1), texts=no_text),
                _both(IMPLEMENTING_2025, 2025, answers=constant(0), layout="forms"),
            ),
            found="year-over-year titles counted one continuation slide; legend n was the first item's",
        ),
        Scenario(
            "previous_year_random",
            "FY2025 after FY2024, random answers both years (the panel and the partly overlapping samples)",
            (
                _both(n24, answers=uniform(blank=0.1)),
                _both(IMPLEMENTING_2025, 2025, answers=uniform(blank=0.1), layout="forms"),
            ),
            seed=9,
        ),
        Scenario(
            "no_free_text",
            "no free text at all",
            (_both(n24, answers=uniform(blank=0.05), texts=no_text),),
            found="every theme table a table of zeros",
        ),
        Scenario(
            "long_free_text",
            "free texts of 1,500 characters",
            (_both(n24, answers=uniform(blank=0.05), texts=long_text()),),
        ),
        Scenario(
            "emoji_rare_kanji",
            "emoji, rare kanji, half-width kana and a formula-like text in the free text (returned forms)",
            (_both(n24, answers=uniform(blank=0.05), texts=rare_text, layout="forms"),),
        ),
        Scenario(
            "no_no_answer",
            "nobody left anything blank (the published check's footnote bases are empty)",
            (_both(n24, answers=uniform()),),
            found="90 printed 「無回答 nan = 100 不一致」",
        ),
        Scenario(
            "ties_at_top",
            "two items tied at the top of every section",
            (_both(n24, answers=tie_at_top(("out_participation", "out_hubs"), ("out_leaders",))),),
        ),
        Scenario(
            "one_respondent_blank",
            "one respondent who left everything blank among random answers",
            (
                _both(
                    n24,
                    answers=lambda rng, kind, code, item, labels, section: (
                        BLANK if code == n24[0] else rng.choice(list(labels))
                    ),
                ),
            ),
        ),
    ]
    return library


SCENARIOS: tuple[Scenario, ...] = tuple(_scenarios())
BY_NAME = {s.name: s for s in SCENARIOS}
