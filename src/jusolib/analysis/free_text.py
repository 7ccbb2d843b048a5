"""The free-text answers of a fiscal year's report coded into themes, and tools to explore them.

Functions of a year's data (:class:`~jusolib.analysis.year_data.YearData`), methods of :class:`jusolib.report.YearReport`. the coding is :mod:`jusolib.text.themes`, the counts
:mod:`jusolib.analysis.theme_tables`, KWIC and word counts :mod:`jusolib.text.kwic`.

Examples
--------
>>> from jusolib import YearReport
>>> YearReport.load(2024).themes("II").key
'II_テーマ'
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from jusolib.analysis.cache import cached
from jusolib.analysis.tables import ReportTable
from jusolib.analysis.year_data import YearData
from jusolib.core.docstrings import shared_parameters


@cached
@shared_parameters
def theme_book(year: YearData) -> Any:
    """The coding rules of the year (``data/raw/codebook/FYxxxx.themes.yaml``), or ``None`` if it has none.

    Returns
    -------
    ThemeBook or None
        The year's rules (:func:`~jusolib.analysis.coding.load_themes`), ``None`` when it has none.

    Examples
    --------
    >>> report.theme_book.path.name
    'FY2024.themes.yaml'
    """
    from jusolib.analysis.coding import has_themes, load_themes

    return (
        load_themes(year.fiscal_year, year.data_dir) if has_themes(year.fiscal_year, year.data_dir) else None
    )


@cached
@shared_parameters
def coded_free_text(year: YearData) -> pd.DataFrame | None:
    """Every free-text answer with its themes (one row per theme; 「その他」 for none).

    Returns
    -------
    DataFrame or None
        One row per (free-text answer, theme) of the report's respondent type, 「その他」 for a text with no theme:
        ``muni_code``, ``item_id``, ``theme``, ``label``, ``text`` …, masked with ``redact``; ``None`` when the
        year has no coding rules.

    Examples
    --------
    >>> {"muni_code", "item_id", "theme", "label", "text"} <= set(report.coded_free_text.columns)
    True
    """
    from jusolib.analysis.coding import load_coded_free_text

    coded = load_coded_free_text(
        year.fiscal_year, respondent_type=year.respondent_key, data_dir=year.data_dir
    )
    if coded is not None and year.redact:  # themes come from the texts as written; quotes are masked
        from jusolib.clean.privacy import redact_frame

        coded = redact_frame(coded, ["text"])
    return coded


@cached
@shared_parameters
def themes(year: YearData, section: str) -> ReportTable | None:
    """Themes of a section's free text: count, % of writers and of all, answers given, shortest texts.

    Returns
    -------
    ReportTable or None
        Key ``{section}_テーマ``: rows (項目, テーマ) with 該当, the shares of writers and of all respondents, the
        counts of both, the theme's texts by the answer given, and its shortest texts; ``None`` without coding
        rules.

    Examples
    --------
    >>> report.themes("II").key
    'II_テーマ'
    """
    from jusolib.analysis.theme_tables import theme_table

    if coded_free_text(year) is None:
        return None
    return theme_table(
        coded_free_text(year),
        year.data,
        section=section,
        codebook=year.codebook,
        book=theme_book(year),
        respondent_label=year.respondent_label,
    )


@shared_parameters
def themes_by_class(year: YearData, section: str) -> ReportTable | None:
    """Theme counts of a section by size class (bases in the headings, 参考値 under 10).

    Returns
    -------
    ReportTable or None
        Key ``{section}_テーマ_規模別``: rows (項目, テーマ), one column per class (全体 first) headed with its n,
        ※参考値 under 10; ``None`` without coding rules.

    Examples
    --------
    >>> report.themes_by_class("II").key
    'II_テーマ_規模別'
    """
    from jusolib.analysis.theme_tables import theme_class_table

    if coded_free_text(year) is None:
        return None
    return theme_class_table(
        coded_free_text(year),
        year.data,
        section=section,
        by=year.scheme,
        caption=year.caption,
        codebook=year.codebook,
        book=theme_book(year),
    )


def _texts(year: YearData, section: str | None) -> pd.DataFrame:
    if section is None:
        return year.free_text
    return year.free_text[year.free_text["item_id"].isin(year.codebook.item_ids(section))]


#: Characters that make a word a regular expression (kwic refuses to read them as a word).
_REGEX_CHARACTERS = re.compile(r"[|*+?\[\]\\^$]|\.\*|\(.*\)")


def _kwic_words(year: YearData, word: str | Sequence[str], regex: bool) -> list[str]:
    """The words (or patterns) of :func:`kwic`, checked: each a non-empty string, a pattern that compiles, a
    word the analyser reads as words."""
    from jusolib.core.errors import ParameterError

    words = [word] if isinstance(word, str) else list(word)
    example = "kwic('連携') or kwic(['守秘義務', '個人情報'])"
    if not words:
        raise ParameterError(f"kwic: no word given; pass a word or a list of words, e.g. {example}")
    for w in words:
        if not isinstance(w, str) or not w.strip():
            raise ParameterError(f"kwic: {w!r} is not a word; pass a word or a list of words, e.g. {example}")
        if regex:
            try:
                compiled = re.compile(w)
            except re.error as exc:
                raise ParameterError(f"kwic: {w!r} is not a valid regular expression ({exc})") from None
            if compiled.fullmatch(""):
                raise ParameterError(
                    f"kwic: the regular expression {w!r} matches an empty text; make it longer"
                )
        elif _REGEX_CHARACTERS.search(w):
            raise ParameterError(
                f"kwic: {w!r} looks like a regular expression; pass regex=True to search with it, or a list of "
                f"words (kwic({[p for p in re.split(r'[|]', w) if p]!r}))"
            )
        elif all(t.pos in ("補助記号", "空白") for t in _book(year).analyse(w).tokens):
            raise ParameterError(f"kwic: {w!r} has no word in it; pass a word, e.g. {example}")
    return words


def _book(year: YearData) -> Any:
    from jusolib.text.themes import plain_book

    return theme_book(year) or plain_book(year.fiscal_year)


@shared_parameters
def kwic(
    year: YearData,
    word: str | Sequence[str],
    section: str | None = None,
    context: int = 8,
    *,
    item: str | None = None,
    regex: bool = False,
    respondent_type: str | Sequence[str] | None = None,
) -> ReportTable:
    """Keyword in context: every occurrence of a word (or of any of a list of words, or of a regular expression)
    in the free text, in any spelling, with the municipality, the respondent type, its answer and its size class
    (``report.write_kwic`` saves it for Excel).

    Parameters
    ----------
    word
        A word or phrase as in a coding rule (matched on normalised forms: 取組／取り組み are one word), or a list
        of them; with ``regex=True`` a regular expression (or a list) matched on the texts as written.
    section
        Only the texts of this section (``None``: every section).
    context
        Words shown on each side.
    item
        Only the texts of this item (id, 問番号 or the I-1 form).
    regex
        Read ``word`` as a regular expression. A word that looks like one (「連携|協働」) without it is an error,
        never a silent empty result.
    respondent_type
        Whose texts: ``None`` (this report's), 自治体, 社協, a list, or ``"all"``/「両方」 for both.

    Returns
    -------
    ReportTable
        Key ``KWIC``: 項目, 自治体, 回答主体, 区分, 回答, 前, 語, 後, 否定; one row per occurrence.

    Raises
    ------
    ParameterError
        For an empty word or list, a word with no word in it, a regular expression that does not compile or
        matches the empty text, or a regular expression passed without ``regex=True``.

    Examples
    --------
    >>> table = report.kwic("連携", section="II")
    >>> set(table.frame["語"])
    {'連携'}
    >>> both = report.kwic(["守秘義務", "個人情報"], respondent_type="両方")
    >>> sorted(set(both.frame["回答主体"])) == ["社協", "自治体"] and len(both.frame) > 0
    True
    >>> report.kwic("連携|協働")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    jusolib.core.errors.ParameterError: kwic: '連携|協働' looks like a regular expression; pass regex=True ...
    """
    from jusolib.analysis.kwic_tables import kwic_table
    from jusolib.survey.schemes import size_classes

    words = _kwic_words(year, word, regex)
    keys = (
        [year.respondent_key]
        if respondent_type is None
        else year.vocabulary.respondent_type_keys(respondent_type)
    )
    items = year.codebook.item_ids(section) if section is not None else None
    if item is not None:
        items = [year.vocabulary.item(item)]
    frames: list[pd.DataFrame] = []
    notes: list[str] = []
    for key in keys:
        texts, data = _texts_of(year, key)
        if items is not None:
            texts = texts[texts["item_id"].isin(items)]
        answers = data.set_index(["muni_code", "item_id"])["answer"].astype(str)
        if key == year.respondent_key:
            classes = data.drop_duplicates("muni_code").set_index("muni_code")[year.scheme]
        else:
            codes = sorted(set(data["muni_code"]))
            classes = size_classes(codes, year.scheme, data_dir=year.data_dir, **year.scheme_options).classes
        for w in words:
            table = kwic_table(
                texts,
                re.compile(w) if regex else w,
                book=_book(year),
                codebook=year.codebook,
                names=year.names,
                answers=answers,
                context=context,
                classes=classes.astype(str),
                class_caption=year.caption,
            )
            frames.append(table.frame)
            notes += [n for n in table.notes if n not in notes]
    frame = pd.concat(frames, ignore_index=True)
    shown = "」「".join(words)
    return ReportTable("KWIC", f"KWIC — 「{shown}」（{len(frame)}件）", frame, notes)


def _texts_of(year: YearData, respondent_key: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The free text and the answers of one respondent type of the year (masked as the report is)."""
    if respondent_key == year.respondent_key:
        return year.free_text, year.data
    from jusolib.analysis.pairs import all_responses
    from jusolib.clean.pipeline import load_free_text

    texts = load_free_text(year.fiscal_year, respondent_type=respondent_key, data_dir=year.data_dir)
    if year.redact:
        from jusolib.clean.privacy import redact_frame

        texts = redact_frame(texts, ["text"])
    data = all_responses(year)
    return texts, data[data["respondent_type"] == respondent_key]


@shared_parameters
def word_frequencies(year: YearData, section: str | None = None, top: int = 30) -> ReportTable:
    """The most used content words of the free text (of a section), by respondents using them.

    Parameters
    ----------
    section
        Only the texts of this section (``None``: every section).
    top
        How many words are kept (default 30).

    Returns
    -------
    ReportTable
        Key ``{section}_頻出語`` (``全体_頻出語`` for every section), as
        :func:`~jusolib.analysis.kwic_tables.frequency_table` lays it out: one row per word with 品詞, 回答者数
        and 出現回数.

    Examples
    --------
    >>> report.word_frequencies("II", top=5).frame.columns.tolist()
    ['品詞', '回答者数', '出現回数']
    """
    from jusolib.analysis.kwic_tables import frequency_table
    from jusolib.text.themes import plain_book

    where = year.section_title(section) if section else "全項目"
    return frequency_table(
        _texts(year, section),
        book=theme_book(year) or plain_book(year.fiscal_year),
        title=f"{where} — 具体的な内容の頻出語（上位{top}）",
        top=top,
        key=f"{section or '全体'}_頻出語",
    )


# -- document × theme ----------------------------------------------------------------------------------------
@cached
@shared_parameters
def theme_matrix(year: YearData, section: str) -> ReportTable | None:
    """Document × theme: one row per answer of a section (its item, municipality, class, answer and text), one
    column per theme of the section's items — 1 when the answer carries the theme, 0 when it does not, empty for
    the themes of other items. For counting or cross-tabulating themes in a spreadsheet or a QDA program.

    Returns
    -------
    ReportTable or None
        Key ``{section}_テーマ_文書``; ``None`` when the year has no coding rules.

    Examples
    --------
    >>> matrix = report.theme_matrix("II")
    >>> matrix.key, int(matrix.frame["問2-1 ケースの抱え込みによる負担が軽減されている"].sum())
    ('II_テーマ_文書', 7)
    """
    from jusolib.text.themes import OTHER, theme_order

    coded, book = coded_free_text(year), theme_book(year)
    if coded is None or book is None:
        return None
    items = [i for i in year.codebook.item_ids(section) if i in set(year.data["item_id"])]
    pairs = theme_order(book, items)
    number = {i: year.codebook.item(i)["number"] for i in items}
    column = {(i, t): f"{number[i]} {book.label(i, t)}" for i, t in pairs}
    carried: dict[tuple[str, str], set[str]] = {}
    for muni, item, theme in zip(coded["muni_code"], coded["item_id"], coded["theme"], strict=True):
        carried.setdefault((muni, item), set()).add(theme)
    texts = year.free_text[year.free_text["item_id"].isin(items)]
    order = {i: k for k, i in enumerate(items)}
    texts = texts.assign(_order=texts["item_id"].map(order)).sort_values(
        ["_order", "muni_code"], kind="stable"
    )
    classes = year.data.drop_duplicates("muni_code").set_index("muni_code")[year.scheme].astype(str)
    answers = year.data.set_index(["muni_code", "item_id"])["answer"].astype(str)
    rows = []
    for muni, item, text in zip(texts["muni_code"], texts["item_id"], texts["text"], strict=True):
        has = carried.get((muni, item), {OTHER})
        row = {
            "項目": number[item],
            "団体コード": muni,
            year.name_heading: year.names.get(muni, ""),
            "区分": classes.get(muni, ""),
            "回答": answers.get((muni, item), ""),
            "具体的な内容": text,
            "テーマ数": len(has - {OTHER}),
        }
        for (i, t), name in column.items():
            row[name] = (1 if t in has else 0) if i == item else math.nan
        rows.append(row)
    frame = pd.DataFrame(
        rows,
        columns=[
            "項目",
            "団体コード",
            year.name_heading,
            "区分",
            "回答",
            "具体的な内容",
            "テーマ数",
            *column.values(),
        ],
    )
    notes = [
        f"記述（1回答の具体的な内容）{len(frame)}件 × テーマ。1 = 該当、0 = その項目のテーマだが該当しない、空欄 = 他の項目のテーマ。"
        "テーマはこの年度のコーディング規則による（「その他」= どのテーマにも該当しない）。",
        year.caption,
    ]
    return ReportTable(
        f"{section}_テーマ_文書",
        f"{year.section_title(section)} — 記述 × テーマ（該当 1、非該当 0）",
        frame,
        notes,
        integer_columns=["テーマ数", *column.values()],
        empty_message="具体的な内容の記述はありません。",
    )


# -- trying a rule --------------------------------------------------------------------------------------------
@dataclass
class RuleTrial:
    """What a rule would match, without editing the rules file (:func:`try_rule`)."""

    rule: list[dict[str, Any]]
    hits: pd.DataFrame
    near_misses: pd.DataFrame
    by_clause: pd.DataFrame
    by_year: pd.DataFrame

    def tables(self) -> list[ReportTable]:
        """The four tables shown in a notebook: hits per rule and per year, the hits, the near misses.

        Returns
        -------
        list of ReportTable
        """
        return [
            ReportTable(
                "規則_条件別",
                "条件ごとの該当数",
                self.by_clause,
                ["条件は規則の各行（どれか1つに合えば該当）。"],
                integer_columns=["該当"],
            ),
            ReportTable(
                "規則_年度別",
                "年度ごとの該当数",
                self.by_year,
                ["記述: その年度の対象の記述の数。"],
                integer_columns=["記述", "該当"],
            ),
            ReportTable(
                "規則_該当",
                f"該当する記述（{len(self.hits)}件）",
                self.hits,
                [],
                empty_message="該当する記述はありません。",
            ),
            ReportTable(
                "規則_近い記述",
                f"規則の語を含むが該当しない記述（{len(self.near_misses)}件）",
                self.near_misses,
                [
                    "規則のどれかの語を含むのに該当しなかった記述。否定を伴う語や、条件の組み合わせが足りない場合。"
                ],
                empty_message="該当しないが規則の語を含む記述はありません。",
            ),
        ]

    def _repr_html_(self) -> str:
        return "".join(t.to_html() for t in self.tables())


@shared_parameters
def try_rule(
    year: YearData,
    rule: dict[str, Any] | list[dict[str, Any]],
    item: str | None = None,
    section: str | None = None,
    negation: str = "skip",
) -> RuleTrial:
    """What a rule (written as in the rules file) would match in the free text of every fiscal year with returns,
    and its near misses (texts with one of its words that it does not match), without editing the rules file.

    ``item`` (id or question number) or ``section`` limits the texts; the year's synonyms and negation rule
    apply (``negation="ignore"`` counts negated words too, as a theme's ``negation: ignore``).

    Parameters
    ----------
    rule
        One mapping of ``any``, ``all``, ``phrase``, ``window``, ``negated``, ``none`` (as in the rules file),
        or a list of them (any may match).
    item
        One item (id or question number) whose texts are searched; ``None`` for every item (or ``section``).
    negation
        ``"skip"`` (default: negated words do not count) or ``"ignore"``.

    Returns
    -------
    RuleTrial
        The hits per alternative and per year, the hits and the near misses (tables in a notebook).

    Examples
    --------
    >>> trial = report.try_rule({"all": [["選択肢", "紹介先"], ["増える"]]}, item="問2-4")
    >>> trial.by_year["該当"].tolist(), trial.by_clause["該当"].tolist()  # 紹介先が増えた ×2, 支援の選択肢が増えた ×2
    ([4], [4])
    >>> len(trial.near_misses) >= 0
    True
    """
    from jusolib.analysis.year_over_year import previous_fiscal_year
    from jusolib.clean.pipeline import load_free_text
    from jusolib.core.errors import check_choice
    from jusolib.core.fiscal import fiscal_year_label
    from jusolib.survey.codebook import load_codebook
    from jusolib.text.themes import parse_rule, plain_book, rule_matches

    check_choice("negation", negation, ("skip", "ignore"))
    book = theme_book(year) or plain_book(year.fiscal_year)
    clauses = parse_rule(rule, book)
    mappings = [c.mapping() for c in clauses]
    words = sorted(
        {w for m in mappings for key in ("any", "all", "phrase", "negated") for w in _flat(m.get(key, []))}
    )
    terms = [book.term(w) for w in words]
    years = [year.fiscal_year]
    while (before := previous_fiscal_year(years[0], year.data_dir)) is not None:
        years.insert(0, before)
    hit_rows, near_rows, per_year = [], [], []
    counts = [0] * len(clauses)
    for fy in years:
        codebook = load_codebook(fy, year.data_dir)
        texts = (
            year.free_text
            if fy == year.fiscal_year
            else load_free_text(fy, respondent_type=year.respondent_key, data_dir=year.data_dir)
        )
        if item is not None:
            wanted = year.item_id(item)
            texts = texts[texts["item_id"] == wanted]
        elif section is not None:
            texts = texts[
                texts["item_id"].isin(
                    codebook.item_ids(section) if section in codebook.sections.index else []
                )
            ]
        found = 0
        for muni, item_id, text in zip(texts["muni_code"], texts["item_id"], texts["text"], strict=True):
            analysed = book.analyse(str(text))
            matched = [
                k
                for k, c in enumerate(clauses)
                if rule_matches([c], analysed, ignore_negation=negation == "ignore")
            ]
            where = {
                "年度": fiscal_year_label(fy),
                "項目": codebook.item(item_id)["number"] if item_id in codebook.items.index else item_id,
                year.name_heading: year.names.get(muni, muni),
                "具体的な内容": text,
            }
            if matched:
                found += 1
                for k in matched:
                    counts[k] += 1
                hit_rows.append({**where, "条件": "、".join(str(k + 1) for k in matched)})
            else:
                present = [w for w, t in zip(words, terms, strict=True) if analysed.occurrences(t)]
                if present:
                    negated = [
                        w
                        for w, t in zip(words, terms, strict=True)
                        if any(analysed.is_negated(end) for _, end in analysed.occurrences(t))
                    ]
                    near_rows.append(
                        {**where, "含む語": "、".join(present), "否定された語": "、".join(negated)}
                    )
        per_year.append({"年度": fiscal_year_label(fy), "記述": len(texts), "該当": found})
    by_clause = pd.DataFrame(
        {
            "条件": [str(k + 1) for k in range(len(clauses))],
            "規則": [str(m) for m in mappings],
            "該当": counts,
        }
    )
    return RuleTrial(
        mappings,
        pd.DataFrame(hit_rows, columns=["年度", "項目", year.name_heading, "具体的な内容", "条件"]),
        pd.DataFrame(
            near_rows, columns=["年度", "項目", year.name_heading, "具体的な内容", "含む語", "否定された語"]
        ),
        by_clause,
        pd.DataFrame(per_year, columns=["年度", "記述", "該当"]),
    )


def _flat(value: object) -> list[str]:
    if isinstance(value, list | tuple):
        return [w for v in value for w in _flat(v)]
    return [str(value)]


# -- the rules against a hand-coded sample, for the pages' 方法 ---------------------------------------------------
@cached
@shared_parameters
def rule_check_summary(year: YearData, section: str | None = None) -> str:
    """One paragraph for the 方法 of the theme tables: how well the rules agree with the year's hand-coded sample
    (precision, recall, F1 over the themes of the section's sampled items, or of all) and, with a second coder,
    the range of Cohen's κ; or that there is no sample.

    Returns
    -------
    str
        The paragraph (empty when the year has no coding rules).

    Examples
    --------
    >>> report.rule_check_summary("II").startswith("規則の確認:")
    True
    """
    from jusolib.analysis.rule_check import check_rules, coder_agreement, sample_paths
    from jusolib.core.formatting import format_number
    from jusolib.stats.coder_agreement import Confusion

    if theme_book(year) is None:
        return ""
    if not sample_paths(year.fiscal_year, year.data_dir):
        return (
            f"規則の確認: {year.label}には人が読んでテーマを付けた標本がないため、"
            "規則がどの程度正しくテーマを付けるかは確かめていない。"
        )
    from jusolib.core.errors import CodebookError

    try:
        check = check_rules(year.fiscal_year, data_dir=year.data_dir)
    except (
        CodebookError
    ):  # the sample was read on other texts (e.g. the synthetic ones, before real returns came)
        return (
            "規則の確認: 人が読んでテーマを付けた標本の記述が、今年度の回答の記述と一致しないため、規則の精度は示さない"
            "（標本を今年度の回答で作り直す必要がある）。"
        )
    scope = check.themes
    if section is not None:
        scope = scope[scope["item_id"].isin(year.codebook.item_ids(section))]
    if scope.empty:
        return "規則の確認: 人が読んでテーマを付けた標本には、この設問群の項目が含まれていない。"
    counts = Confusion(*(int(scope[c].sum()) for c in ("tp", "fp", "fn", "tn")))
    items = [year.codebook.item(i)["number"] for i in dict.fromkeys(scope["item_id"])]
    answers = int(scope.drop_duplicates("item_id")["n"].sum())
    types = "・".join(year.codebook.respondent_type_label(k) for k in check.respondent_types)
    synthetic = "、合成データ" if year.is_synthetic else ""
    f1 = (
        2 * counts.tp / (2 * counts.tp + counts.fp + counts.fn)
        if counts.tp + counts.fp + counts.fn
        else math.nan
    )
    text = (
        f"規則の確認: {'・'.join(items)}の全記述{answers}件（{types}{synthetic}）を読んでテーマを付けた標本"
        f"（読んだ者: {check.coder}、{check.coded_on}）と比べると、規則が付けたテーマのうち標本と一致した割合"
        f"（精度）は{_ratio(counts.tp, counts.tp + counts.fp)}、標本のテーマのうち規則が見つけた割合（再現率）は"
        f"{_ratio(counts.tp, counts.tp + counts.fn)}、F1 は{'−' if math.isnan(f1) else f'{f1:.3f}'}。"
        "標本のファイルは画面で開く目次のページの「再現のための情報」にある。"
    )
    agreement = coder_agreement(year.fiscal_year, data_dir=year.data_dir)
    if agreement is not None:
        kappas = agreement.loc[agreement["item_id"].isin(scope["item_id"]), "kappa"].dropna()
        if len(kappas):
            text += (
                "同じ記述を別の読み方でコード化した2つ目の標本との一致は、テーマごとの Cohen の κ で"
                f"{format_number(kappas.min(), 2)}〜{format_number(kappas.max(), 2)}"
                f"（中央値 {format_number(kappas.median(), 2)}）。"
            )
    return text + analyser_note()


def analyser_note() -> str:
    """How the rules read the words (the morphological analyser and its normalised forms), for the 方法.

    Returns
    -------
    str
        One sentence.

    Examples
    --------
    >>> analyser_note().startswith("語の照合:")
    True
    """
    from jusolib.analysis.coding import analyser_description

    return (
        f"語の照合: 形態素解析（{analyser_description().split(' ')[0]}）の正規化表記（取組／取組み／取り組み などの表記揺れを"
        "同一視。使った版は画面で開く目次のページの「再現のための情報」）。"
        "否定を伴う語（「連携はまだできていない」の連携など）は、そのテーマには数えない。"
    )


def _ratio(numerator: int, denominator: int) -> str:
    if not denominator:
        return "−"
    from jusolib.core.formatting import format_share

    return f"{format_share(100 * numerator / denominator)}%（{numerator}/{denominator}）"
