"""The overview page of a fiscal year's report: who answered, the implementation series, the coordinators.

Functions of a year's data (:class:`~jusolib.analysis.year_data.YearData`), methods of :class:`jusolib.report.YearReport`. The context series are public
reference data (not survey answers), so they are real in every year, synthetic or not.

Examples
--------
>>> from jusolib import YearReport
>>> report = YearReport.load(2024)
>>> report.implementation_counts().frame["都内 実施"].tolist()[:4]  # published R3–R6: 2 / 7 / 12 / 23
[2, 7, 12, 23]
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from jusolib.analysis.cache import cached
from jusolib.analysis.tables import ReportTable
from jusolib.analysis.year_data import YearData
from jusolib.core.docstrings import shared_parameters
from jusolib.core.fiscal import fiscal_year_label
from jusolib.survey.reference import load_municipalities


def _count_or_none(value: object) -> int | None:
    """A count as an int, or ``None`` where it is not known (shown as 「−」)."""
    return None if value is None or value != value else int(value)  # type: ignore[call-overload]


@shared_parameters
def respondent_list(year: YearData) -> ReportTable:
    """Who answered: name, code, type, population, class and first year of implementation.

    Returns
    -------
    ReportTable
        Key 回答者一覧: one row per municipality that answered (index 区市町村, by 団体コード), with 団体コード, 種別,
        人口（2022年1月1日推計）, the size class of the report's scheme and 実施開始 (和暦, or 記載なし when the
        reference data does not list it).

    Examples
    --------
    >>> report.respondent_list().frame.loc["世田谷区", "団体コード"]
    '131121'
    """
    from jusolib.survey.reference import DEFAULT_POPULATION_SERIES, first_implementation_year

    codes = sorted(year.data["muni_code"].unique())
    table = load_municipalities(year.data_dir).set_index("code6").loc[codes]
    first = first_implementation_year(year.data_dir)
    frame = pd.DataFrame(
        {
            "団体コード": codes,
            "種別": table["type"].to_numpy(),
            "人口（2022年1月1日推計）": table[DEFAULT_POPULATION_SERIES].astype("Float64").to_numpy(),
            year.classes.label: [str(year.classes.classes[c]) for c in codes],
            "実施開始": [
                fiscal_year_label(int(first[c]), western=False) if c in first.index else "記載なし"
                for c in codes
            ],
        },
        index=table["name"].to_numpy(),
    )
    frame.index.name = "区市町村"
    frame["人口（2022年1月1日推計）"] = frame["人口（2022年1月1日推計）"].astype(float)
    notes = [
        year.caption,
        "人口: 東京都の人口(推計) 2022年1月1日。実施開始: 調査報告と東京都社会福祉協議会の公表資料にある各年度の実施地区。",
    ]
    return ReportTable(
        "回答者一覧",
        f"回答した{year.respondent_label}（{year.n_respondents}）",
        frame,
        notes,
        integer_columns=["人口（2022年1月1日推計）"],
    )


@cached
@shared_parameters
def implementation_counts(year: YearData) -> ReportTable:
    """Municipalities implementing and in 移行準備事業 per fiscal year (reference data), with national counts.

    Returns
    -------
    ReportTable
        Key 実施状況: one row per fiscal year of the reference data (index 年度, 和暦) with 都内 実施 (named in the
        lists), 都内 移行準備事業, 全国 実施 and 都内 実施予定（公表） (the published plan, where the list names only
        some); a count that is not known is ``None`` (shown as 「−」). The notes name the sources.

    Examples
    --------
    >>> report.implementation_counts().frame["都内 実施"].tolist()[:4]  # published: R3–R6 2 / 7 / 12 / 23
    [2, 7, 12, 23]
    """
    from jusolib.survey.reference import (
        IMPLEMENTING_STATUSES,
        TRANSITION_STATUS,
        load_context_series,
        load_implementation,
    )

    table = load_implementation(year.data_dir)
    national = load_context_series(year.data_dir).query("series == 'national_implementing'")
    national = national.set_index("fiscal_year")["value"]
    years = sorted(table["fiscal_year"].unique())
    listed = set(table.loc[table["status"] == TRANSITION_STATUS, "fiscal_year"])
    end_of_year = (
        load_context_series(year.data_dir)
        .query("series == 'tokyo_transition_end_of_year'")
        .set_index("fiscal_year")["value"]
    )

    def transition(year: int) -> int | None:
        if year in listed:
            return int((table["fiscal_year"].eq(year) & table["status"].eq(TRANSITION_STATUS)).sum())
        known = end_of_year.get(year)
        return None if known is None or known != known else int(known)

    frame = pd.DataFrame(
        {
            "都内 実施": [
                int((table["fiscal_year"].eq(y) & table["status"].isin(IMPLEMENTING_STATUSES)).sum())
                for y in years
            ],
            # object columns: whole numbers where known, None (「−」) where not
            "都内 移行準備事業": pd.array([transition(y) for y in years], dtype=object),
            "全国 実施": pd.array([_count_or_none(national.get(y)) for y in years], dtype=object),
            # the published plan of a year whose list names only some (令和7年度: 30 planned, 26 named)
            "都内 実施予定（公表）": pd.array(
                [planned_implementing(year).get(y) for y in years], dtype=object
            ),
        },
        index=[fiscal_year_label(y, western=False) for y in years],
    )
    frame.index.name = "年度"
    notes = [
        "都内: 東京都社会福祉協議会の報告ほかの公表資料にある名簿から数えた実数（合成データではない）。"
        + planned_note(year, frame)
        + "移行準備事業は令和5・6年度が名簿による数、令和4年度は年度末の数（17、東社協）。令和3・7年度は不明（−）。",
        "全国: 厚生労働省（厚生労働白書 令和4・5年版、社会保障審議会福祉部会 第29回 資料1）。令和7年度は予定。",
    ]
    return ReportTable(
        "実施状況",
        "重層的支援体制整備事業の実施状況（年度別）",
        frame,
        notes,
        integer_columns=list(frame.columns),
        public_figures=True,
    )


@shared_parameters
def planned_implementing(year: YearData) -> dict[int, int]:
    """Municipalities planned to implement, as published (the context series ``tokyo_implementing_planned``):
    fiscal year → count. The reference list names only some of them.

    Returns
    -------
    dict
        Fiscal year → the planned number.

    Examples
    --------
    >>> report.planned_implementing()  # 令和7年度: 30 planned, as the report says
    {2025: 30}
    """
    from jusolib.survey.reference import load_context_series

    series = load_context_series(year.data_dir).query("series == 'tokyo_implementing_planned'")
    return {int(y): int(v) for y, v in zip(series["fiscal_year"], series["value"], strict=True)}


@shared_parameters
def planned_note(year: YearData, frame: pd.DataFrame) -> str:
    """What the implementation table says of a year counted from a partial list: 「令和7年度は実施予定30のうち、
    公開資料で名前が分かる26を数えている。」 (from the published plan and the table's own count).

    Parameters
    ----------
    frame
        The implementation table (:func:`implementation_counts`), 都内 実施 per 令和N年度.

    Returns
    -------
    str
        One sentence per year whose count is short of the plan (empty when none is).

    Examples
    --------
    >>> planned_note(report, report.implementation_counts().frame)
    '令和7年度は実施予定30のうち、公開資料で名前が分かる26を数えている。'
    """
    notes = []
    for fiscal_year, planned in planned_implementing(year).items():
        label = fiscal_year_label(fiscal_year, western=False)
        if label in frame.index:
            named = int(frame.at[label, "都内 実施"])
            if named != planned:
                notes.append(f"{label}は実施予定{planned}のうち、公開資料で名前が分かる{named}を数えている。")
    return "".join(notes)


@cached
@shared_parameters
def coordinators(year: YearData) -> ReportTable:
    """都内の地域福祉コーディネーター per fiscal year (published context series, not survey data).

    Returns
    -------
    ReportTable
        Key 地域福祉コーディネーター: one row per fiscal year published (index 年度, 和暦) with the number of
        coordinators.

    Examples
    --------
    >>> report.coordinators().frame.iloc[:, 0].tolist()  # published: 283 → 398
    [283, 398]
    """
    from jusolib.survey.reference import load_context_series

    series = load_context_series(year.data_dir).query("series == 'tokyo_coordinators'")
    frame = pd.DataFrame(
        {"地域福祉コーディネーター（人）": series["value"].to_numpy(dtype=int)},
        index=[fiscal_year_label(y, western=False) for y in series["fiscal_year"]],
    )
    frame.index.name = "年度"
    notes = ["出典: 東京都社会福祉協議会の報告（公表された年度のみ。合成データではない）。"]
    return ReportTable(
        "地域福祉コーディネーター",
        "都内の地域福祉コーディネーター（人）",
        frame,
        notes,
        integer_columns=list(frame.columns),
        public_figures=True,
    )


@shared_parameters
def plot_implementation(year: YearData, narrow: bool = False) -> Any:
    """Municipalities implementing and in 移行準備事業 per fiscal year (reference data: real, not synthetic;
    ``narrow``: drawn for a phone's width).

    Parameters
    ----------
    narrow
        Draw for a phone's width (no narrow drawing is attached then).

    Returns
    -------
    Figure
        A matplotlib figure: the two series of :func:`implementation_counts` by fiscal year, with the source noted;
        unless ``narrow``, with its drawing for a phone's width attached (:func:`~jusolib.analysis.charts.set_narrow`).

    Examples
    --------
    >>> report.plot_implementation().axes[0].get_ylabel()
    '自治体数'
    """
    from jusolib.analysis.charts import counts_by_year, set_narrow

    table = implementation_counts(year).frame
    plan = "都内 実施予定（公表）"
    shown = ["都内 実施", "都内 移行準備事業", *([plan] if table[plan].notna().any() else [])]
    # the plan's bar beside the named ones, as on the deck (令和7年度: 30, 26)
    frame = table[shown].astype(float)
    named = frame["都内 実施"]
    planned = [
        f"{label}は実施予定{count}、うち名前が公表されている{int(named[label])}"
        for label, count in (
            (fiscal_year_label(y, western=False), c) for y, c in planned_implementing(year).items()
        )
        if label in named.index and int(named[label]) != count
    ]
    figure = counts_by_year(
        frame,
        title="都内の実施自治体数" + (f"（{'、'.join(planned)}）" if planned else ""),
        ylabel="自治体数",
        note="出典: 東京都社会福祉協議会の報告（公表資料）",
        narrow=narrow,
    )
    if not narrow:
        set_narrow(figure, lambda: plot_implementation(year, narrow=True))
    return figure


@shared_parameters
def plot_coordinators(year: YearData, narrow: bool = False) -> Any:
    """都内の地域福祉コーディネーター (published context series; ``narrow``: drawn for a phone's width).

    Parameters
    ----------
    narrow
        Draw for a phone's width (no narrow drawing is attached then).

    Returns
    -------
    Figure
        A matplotlib figure: :func:`coordinators` by fiscal year, with the source noted; unless ``narrow``, with its
        drawing for a phone's width attached.

    Examples
    --------
    >>> report.plot_coordinators().axes[0].get_ylabel()
    '人'
    """
    from jusolib.analysis.charts import counts_by_year, set_narrow

    figure = counts_by_year(
        coordinators(year).frame,
        title="都内の地域福祉コーディネーター",
        ylabel="人",
        note="出典: 東京都社会福祉協議会の報告（令和3年度→令和6年度 約1.4倍）",
        narrow=narrow,
    )
    if not narrow:
        set_narrow(figure, lambda: plot_coordinators(year, narrow=True))
    return figure


@shared_parameters
def survey_facts(year: YearData) -> str:
    """Markdown: the survey and its purpose (the questionnaire's cover text), its period and population, who
    answered out of whom expected.

    Returns
    -------
    str
        Markdown list lines: 調査, 目的 (when the questionnaire states one), 調査期間, 対象 (from the codebook's
        meta), 回答 (present out of expected, and who is missing), データ (the data status), and a line when the
        codebook is a demonstration.

    Examples
    --------
    >>> print(report.survey_facts().splitlines()[4])
    - 回答（自治体）: 23（参照データ上の実施自治体 23）
    """
    meta = year.codebook.meta
    expected = year.summary["respondents"][year.respondent_key]
    missing = expected["missing"]
    purpose = (meta.get("questionnaire") or {}).get("purpose")
    lines = [
        f"- 調査: {meta.get('survey', '')}（{year.label}）",
        *([f"- 目的: {purpose}"] if purpose else []),
        f"- 調査期間: {str(meta.get('survey_period', '')).replace('/', ' 〜 ')}",
        f"- 対象: {meta.get('population', '')}",
        f"- 回答（{year.respondent_label}）: {expected['present']}（参照データ上の実施自治体 {expected['expected']}）"
        + (f"。未回答: {'、'.join(missing)}" if missing else ""),
        f"- データ: {year.data_status_label}",
    ]
    if year.codebook.is_demonstration:
        lines.append(
            "- この年度の設問と選択肢の定義は、説明のために用意したもの（この年度の調査票は未公表）。"
        )
    return "\n".join(lines)
