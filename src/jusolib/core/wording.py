"""Reader-facing text written once: reading notes, method paragraphs and the Japanese names of machine keys.

``resources/texts.yaml`` holds the wording that is written once and shared: the 表の読み方 under every section
page, the method paragraphs the section pages share, the Japanese names of cleaning rules, rejection reasons,
test methods and build warnings (the processed logs keep their machine keys), the labels of the provenance
record and of the data status, and the words a line never breaks inside. Counts are filled in from the data.
Sentences computed from a table (titles, notes, summaries) are written beside the table they describe, in
:mod:`jusolib.analysis` and the outputs; statistics and free-text code write none (a test checks).

Examples
--------
>>> print(paragraph("no_previous_year", label="令和6年度 (2024)"))
令和6年度 (2024) より前の年度の回答データがないため、前年度比較はありません。
>>> rule_label("numeric 1.0 → option code"), rule_label("a rule nobody wrote down")
('数値（1.0）を選択肢の番号として読む', 'a rule nobody wrote down')
>>> reason_label("answer_outside_scale: expected one of 1 あてはまる / 2 どちらともいえない")
'選択肢にない回答'
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

from jusolib.core.docstrings import shared_parameters
from jusolib.core.resources import texts
from jusolib.core.typography import join_cjk_lines

__all__ = ["texts"]  # read by the modules that need the parsed file itself


def paragraph(key: str, **values: object) -> str:
    """A paragraph of ``texts.yaml`` with its placeholders filled in.

    Japanese lines of the YAML are joined without a space (:func:`~jusolib.core.typography.join_cjk_lines`);
    Markdown bullets stay on their lines.

    Parameters
    ----------
    key
        The paragraph's key under ``paragraphs:`` in ``texts.yaml`` (``"reading_notes"``, ``"themes"`` …).
    **values
        The values of its ``{placeholders}``; ``small_base`` is filled in (10) unless given.

    Returns
    -------
    str
        The paragraph as Markdown.

    Raises
    ------
    KeyError
        If there is no such paragraph, or a placeholder was not given a value.

    Examples
    --------
    >>> "回答者は30団体と少ない" in paragraph("reading_notes", n=30, small_base=10)
    True
    >>> "テーマに分けて" in paragraph("themes", who="自治体")  # a line break in the YAML adds no space
    True
    """
    from jusolib.core.formatting import SMALL_BASE

    text = texts()["paragraphs"][key].format(**{"small_base": SMALL_BASE, **values})
    return join_cjk_lines(text)  # Japanese lines join without a space; bullets stay on their lines


def reading_notes(n_respondents: int) -> str:
    """表の読み方 (Markdown bullets) for a year with ``n_respondents`` respondents.

    Parameters
    ----------
    n_respondents
        How many respondents the year's tables count.

    Returns
    -------
    str
        The notes as Markdown bullets.

    Examples
    --------
    >>> "回答者は23団体" in reading_notes(23) and "10未満" in reading_notes(23)
    True
    """
    return paragraph("reading_notes", n=n_respondents)


@functools.lru_cache(maxsize=4)
def _patterns(section: str) -> list[tuple[re.Pattern[str], str]]:
    """The compiled ``pattern``/``label`` rules of a section of ``texts.yaml``, read once."""
    return [(re.compile(rule["pattern"]), rule["label"]) for rule in texts()[section]]


def _group(match: re.Match[str], placeholder: re.Match[str]) -> str:
    """The group of ``match`` that a ``{n}`` placeholder names."""
    return str(match.group(int(placeholder.group(1))))


def _named(section: str, key: str) -> str:
    """The label of the first pattern of ``section`` matching the whole ``key`` ({1} … filled from its groups);
    ``key`` itself when none matches."""
    for pattern, label in _patterns(section):
        match = pattern.fullmatch(key)
        if match:
            return re.sub(r"\{(\d)\}", functools.partial(_group, match), label)
    return key


def rule_label(rule: str) -> str:
    """The Japanese name of a cleaning rule as logged; an unknown rule is shown as logged.

    Parameters
    ----------
    rule
        The ``rule`` of a cleaning-log row (``"blank → 無回答"``, ``"numeric 1.0 → option code"`` …).

    Returns
    -------
    str
        Its name from ``cleaning_rules`` in ``texts.yaml``, or ``rule`` itself.

    Examples
    --------
    >>> rule_label("blank → 無回答"), rule_label("label (normalised text)")
    ('空欄を無回答とする', '選択肢の文言（全角・半角、空白、句点をそろえる）')
    """
    return _named("cleaning_rules", rule)


def sheet_label(key: str) -> str:
    """The name a reader sees for a table's sheet in ``tables.xlsx`` (``sheet_names`` in ``texts.yaml``): the
    section first, then what the table shows, in words (「I 回答の分布」 for ``I_分布_含``); a key without a name
    is shown as it is.

    Parameters
    ----------
    key
        The table's stable key (:attr:`jusolib.analysis.tables.ReportTable.key`).

    Returns
    -------
    str
        The sheet's name (not yet cut to Excel's 31 characters).

    Examples
    --------
    >>> sheet_label("I_分布_含"), sheet_label("III_自由記述"), sheet_label("集計_out_hubs")
    ('I 回答の分布', 'III 具体的な内容（全文）', '集計_out_hubs')
    """
    return _named("sheet_names", key)


def methods_note(methods: Iterable[str]) -> str:
    """How the p-values under a table were obtained, in Japanese, each method named once (the methods are the
    English descriptions of :class:`jusolib.stats.crosstab.HypothesisTest`).

    Parameters
    ----------
    methods
        The tests' method descriptions, in the order of the table; repeats are fine.

    Returns
    -------
    str
        The Japanese names joined by 「、」, first occurrence first; a method without a name in
        ``test_methods`` is shown as given.

    Examples
    --------
    >>> methods_note(["Fisher exact (all 119 tables enumerated)", "Fisher exact (all 36 tables enumerated)",
    ...                    "Kruskal–Wallis, permutation p (9,999 resamples, seed 20241210)"])
    'Fisher の正確検定（すべての表を列挙、通常の p）、Kruskal–Wallis 検定の p は並べ替え 9,999 回（乱数の種 20241210）'
    """
    return "、".join(dict.fromkeys(_named("test_methods", m) for m in methods))


def reason_label(reason: str) -> str:
    """The Japanese reason for a rejected row, from the logged reason (``kind: expected …`` or a phrase).

    Parameters
    ----------
    reason
        The ``reason`` of a rejection-log row.

    Returns
    -------
    str
        Its name from ``rejection_reasons`` in ``texts.yaml``; 「その他（kind）」 for a kind without one.

    Examples
    --------
    >>> reason_label("blank row")
    '空行'
    >>> reason_label("no respondent type and no answers (a note or total row)")
    '回答主体も回答もない行（注記・合計の行、または回答のない自治体の行）'
    >>> reason_label("new_kind: expected something")
    'その他（new_kind）'
    """
    labels = texts()["rejection_reasons"]
    if reason in labels:
        return labels[reason]
    for phrase, label in labels.items():
        if " " in phrase and reason.startswith(phrase):
            return label
    kind = reason.split(":", 1)[0].strip()
    return labels.get(kind, f"その他（{kind}）")


def warning_label(kind: str) -> str:
    """The Japanese name of a build warning's kind.

    Parameters
    ----------
    kind
        The ``kind`` of a warning in ``build.json`` (``"missing_respondents"``, ``"form_after_deadline"`` …).

    Returns
    -------
    str
        Its name from ``warning_kinds`` in ``texts.yaml``; 「その他（kind）」 for a kind without one.

    Examples
    --------
    >>> warning_label("missing_respondents"), warning_label("odd")
    ('未回答の自治体', 'その他（odd）')
    """
    return texts()["warning_kinds"].get(kind, f"その他（{kind}）")


def warning_message(kind: str, **values: object) -> str:
    """A build warning in Japanese; kinds without a message point to ``build.json``.

    Parameters
    ----------
    kind
        The ``kind`` of the warning.
    **values
        The values of the message's ``{placeholders}``; if one is missing, the general message is used.

    Returns
    -------
    str
        One sentence (or the general message, ``other`` in texts.yaml).

    Examples
    --------
    >>> warning_message("header_only")
    '見出しの下に回答の行がありません。'
    >>> warning_message("odd")
    'この種類の警告には日本語の説明がまだない。内容は処理済みデータの記録に残している。'
    """
    messages = texts()["warning_messages"]
    template = messages.get(kind, messages["other"])
    try:
        return template.format(**values)
    except KeyError:
        return messages["other"]


def parameter_label(key: str) -> str:
    """The Japanese name of a render parameter.

    Parameters
    ----------
    key
        The parameter's name (``"respondent_type"``, ``"size_scheme"`` …).

    Returns
    -------
    str
        Its name from ``parameters`` in ``texts.yaml``, or ``key`` itself.

    Examples
    --------
    >>> parameter_label("respondent_type"), parameter_label("new_option")
    ('回答主体', 'new_option')
    """
    return texts()["parameters"].get(key, key)


def provenance_label(key: str) -> str:
    """The Japanese name of a field of the provenance record.

    Parameters
    ----------
    key
        The field's key (``"data_status_label"``, ``"commit"`` …).

    Returns
    -------
    str
        Its name from ``provenance_keys`` in ``texts.yaml``, or ``key`` itself.

    Examples
    --------
    >>> provenance_label("not_a_field")
    'not_a_field'
    """
    return texts()["provenance_keys"].get(key, key)


@shared_parameters
def scheme_label(scheme: str) -> str:
    """The Japanese name of a size scheme.

    Returns
    -------
    str
        Its name from ``size_schemes`` in ``texts.yaml`` (人口規模 …), or ``scheme`` itself.

    Examples
    --------
    >>> scheme_label("city_size")
    '都市規模'
    """
    return texts()["size_schemes"].get(scheme, scheme)


def by_label(name: str) -> str:
    """「… 別」 for a grouping's Japanese name, without doubling 別 (団体種別 → 団体種別ごと, not 団体種別別).

    Parameters
    ----------
    name
        What the groups are called (人口規模, 団体種別, 回答主体 …).

    Returns
    -------
    str

    Examples
    --------
    >>> by_label("人口規模"), by_label("団体種別")
    ('人口規模別', '団体種別ごと')
    """
    return f"{name}ごと" if name.endswith("別") else f"{name}別"


def status_label(key: str) -> str:
    """The Japanese word for a page status (``ok``, ``failed``).

    Parameters
    ----------
    key
        The status of a rendered page as the batch records it.

    Returns
    -------
    str
        Its word from ``page_status`` in ``texts.yaml``, or ``key`` itself.

    Examples
    --------
    >>> status_label("ok"), status_label("failed")
    ('正常', '失敗')
    """
    return texts()["page_status"].get(key, key)


class _Blank(dict[str, object]):
    """A format mapping that leaves a placeholder the values do not fill empty instead of failing."""

    def __missing__(self, key: str) -> str:
        return ""


def problem_place(cell: str | None, row: int | None, column: str | None) -> str:
    """Where a problem is, in Japanese: 「セルD20（問1-2）」 on a form, 「5行目・問1-1 (C)」 on a compiled sheet.


    Parameters
    ----------
    cell
        The problem's cell (``""`` for a whole form's problem, ``None`` off a form).
    row
        The row, off a form.
    column
        The column or item as named in the problem.

    Returns
    -------
    str
    Examples
    --------
    >>> problem_place("D20", 8, "問1-2"), problem_place(None, 5, "問1-1 (C)"), problem_place("", 8, "問1-3 担い手")
    ('セルD20（問1-2）', '5行目・問1-1 (C)', '問1-3 担い手')
    """
    if cell:
        return f"セル{cell}" + (f"（{column}）" if column else "")
    if cell is not None:
        return column or ""
    parts = ([f"{row}行目"] if row is not None else []) + ([column] if column else [])
    return "・".join(parts)


def status_remark(kind: str, outcome: str | None = None, **values: object) -> str:
    """One remark of ``jusolib status`` in Japanese: what was found (``status_remarks`` of ``texts.yaml``,
    filled with ``values``) and, with ``outcome`` (a key of ``status_outcomes``), what happened to the form.


    Parameters
    ----------
    kind
        The problem's kind (``answer_outside_scale`` …); a kind without a text gets ``other``.
    outcome
        ``excluded``, ``included``, ``settled``, ``blank`` or ``blank_counted``; ``None`` for the text alone.
    values
        The placeholders: ``where``, ``cell``, ``value`` and the problem's details; a missing one is empty.

    Returns
    -------
    str
    Examples
    --------
    >>> status_remark("answer_outside_scale", "excluded", where="セルD20（問1-2）", value="ややあてはまる")
    'セルD20（問1-2）の回答「ややあてはまる」は選択肢にありません。どの選択肢か送付元に確認し、corrections.yaml に記入してください → 集計から除外'
    >>> status_remark("a_new_kind", "included", where="セルD9")
    'セルD9に確認が必要です（a_new_kind） → 集計に含めた'
    """
    remarks = texts()["status_remarks"]
    template = remarks.get(kind, remarks["other"])
    text = template.format_map(
        _Blank({"kind": kind, **{k: "" if v is None else v for k, v in values.items()}})
    )
    if outcome is None:
        return text
    return f"{text} → {texts()['status_outcomes'][outcome]}"
