"""The slides around the results: title, 調査実施の概要, 実施自治体の推移, 地域福祉コーディネーター, the
section divider, and the closing slide with the sources and the provenance.

Who answered is written by :func:`jusolib.outputs.slides.messages.respondent_count`: when the year's returns include
municipalities the reference data does not list as implementing (the FY2025 demonstration year: 30 returns, 26
municipalities named in the reference data), the title says 「自治体 30（参照データの実施自治体 26／26、参照データ
にない区市 4）」 and the overview names them, instead of a bare 「30／26」.

Examples
--------
>>> input_lines({"raw/codebook/FY2025.yaml": "d8e5de58ede8a5fb00"})
['\u3000raw/codebook/FY2025.yaml\u3000d8e5de58ede8a5fb']
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from jusolib.analysis.overview import coordinators, implementation_counts
from jusolib.analysis.provenance import provenance
from jusolib.core.fiscal import fiscal_year_label
from jusolib.core.palette import CLASS_COLOURS, SYNTHETIC_COLOUR
from jusolib.outputs.slides.deck import (
    BLUE,
    BODY_SIZES,
    CONTENT_BOTTOM,
    CONTENT_TOP,
    MARGIN,
    WIDTH,
    Deck,
    notes_box,
    values,
    wording,
)
from jusolib.outputs.slides.messages import approximate_ratio, respondent_count, survey_period, unlisted_note
from jusolib.outputs.slides.parts import BarSpec, Box, PlotArea, add_bar_chart, add_text

if TYPE_CHECKING:
    from jusolib.analysis.year_data import YearData


def answered_lines(year: YearData, *, head: str, names: bool = False) -> list[str]:
    """「回答　自治体 23／23　社協 23／23」, or one line per respondent type when some respondents are not among
    the municipalities the reference data lists (the counts then say so: :func:`respondent_count`); with
    ``names``, a last line names those respondents (:func:`unlisted_note`)."""
    infos = list(year.summary["respondents"].values())
    counts = [respondent_count(info) for info in infos]
    note = unlisted_note(infos)
    if note is None:
        return [head + "　".join(counts)]
    indent = "　" * len(head)
    lines = [(head if k == 0 else indent) + c for k, c in enumerate(counts)]
    return [*lines, indent + note] if names else lines


def title_slide(deck: Deck) -> None:
    """Survey, fiscal year, who answered out of whom expected, what this deck counts; the synthetic notice."""
    year = deck.year
    meta = year.codebook.meta
    slide = deck.slide(f"{meta.get('survey', '調査')} 調査結果")
    lines = [
        f"{year.label}",
        *answered_lines(year, head="回答　"),
        f"この資料: {year.respondent_label}の回答を集計（規模の区分: {year.classes.label}）",
    ]
    add_text(slide, lines, Box(1.2, 2.3, WIDTH - 2.4, 2.2), sizes=(24, 22, 20, 18), name="副題")
    if deck.mark:
        add_text(
            slide,
            [year.banner or ""],
            Box(1.2, 4.9, WIDTH - 2.4, 1.1),
            sizes=(16, 14, 12),
            bold=True,
            colour=SYNTHETIC_COLOUR,
            line=SYNTHETIC_COLOUR,
            fill="#ffffff",
            name="合成データの説明",
        )


def overview_slide(deck: Deck) -> None:
    """調査実施の概要: survey, population, period, method, who answered (named when not in the reference data)."""
    year = deck.year
    meta = year.codebook.meta
    slide = deck.slide(f"{year.label.split(' ')[0]}調査実施の概要")
    lines = [
        f"◆調査　{meta.get('survey', '')}",
        f"◆調査対象　{meta.get('population', '')}",
        f"◆調査期間　{survey_period(str(meta.get('survey_period', '')))}",
    ]
    if meta.get("survey_method"):
        lines.append(f"◆調査方法　{meta['survey_method']}")
    lines += [
        *answered_lines(year, head="◆回答結果　", names=True),
        f"◆データ　{year.data_status_label}",
        f"◆集計　{year.respondent_label}の回答（{year.n_respondents}）。{year.caption}",
    ]
    if year.codebook.is_demonstration:
        lines.append("◆この年度のコードブックはデモンストレーション用（調査票は未公表）")
    add_text(
        slide, lines, Box(MARGIN + 0.3, CONTENT_TOP + 0.2, WIDTH - 2 * MARGIN - 0.6, 5.0), sizes=BODY_SIZES
    )


def implementation_slide(deck: Deck) -> None:
    """都内の実施自治体数 R3… with 移行準備事業 (reference data); title from the table."""
    year = deck.year
    table = implementation_counts(year)
    frame = table.frame
    this_year = fiscal_year_label(year.fiscal_year, western=False)
    known = frame.loc[:this_year, "都内 実施"] if this_year in frame.index else frame["都内 実施"]
    slide = deck.slide(
        f"都内の実施自治体は{known.index[0]}の{int(known.iloc[0])}から{known.index[-1]}の{int(known.iloc[-1])}に"
    )
    top = notes_box(slide, table.notes)
    box = Box(MARGIN + 0.5, CONTENT_TOP, WIDTH - 2 * MARGIN - 1.0, top - CONTENT_TOP - 0.05)
    columns = ["都内 実施", "都内 移行準備事業"]
    spec = BarSpec(
        list(frame.index),
        {c: values(frame[c]) for c in columns},
        [BLUE, CLASS_COLOURS[1]],
        kind="columns",
        number_format="0",
    )
    add_bar_chart(
        slide,
        spec,
        box,
        area=PlotArea(0.08, 0.06, 0.88, 0.76),
        label_size=12,
        data_label_size=11,
        name=table.key,
        description=f"{table.title}。" + "、".join(f"{y} {int(v)}" for y, v in frame["都内 実施"].items()),
    )


def coordinators_slide(deck: Deck) -> None:
    """[参考] 都内の地域福祉コーディネーター (published context series)."""
    table = coordinators(deck.year)
    frame = table.frame
    column = frame.columns[0]
    first, last = frame.index[0], frame.index[-1]
    a, b = frame[column].iloc[0], frame[column].iloc[-1]
    slide = deck.slide(
        f"[参考] 都内の地域福祉コーディネーター {first}{int(a)}人 → {last}{int(b)}人（{approximate_ratio(a, b)}）"
    )
    top = notes_box(slide, table.notes)
    box = Box(MARGIN + 2.5, CONTENT_TOP, 7.0, top - CONTENT_TOP - 0.05)
    spec = BarSpec(
        list(frame.index),
        {column: values(frame[column])},
        [BLUE],
        kind="columns",
        number_format="0",
        legend=False,
    )
    add_bar_chart(
        slide,
        spec,
        box,
        area=PlotArea(0.12, 0.06, 0.84, 0.84),
        label_size=12,
        data_label_size=12,
        name=table.key,
        description=f"{table.title}。{first} {int(a)}人、{last} {int(b)}人",
    )


def divider_slide(deck: Deck) -> None:
    year = deck.year
    subject = wording(deck, year.sections()[0])["subject"]
    slide = deck.slide(f"{subject}向けアンケート結果から")
    lines = [year.section_title(s) for s in year.sections()]
    add_text(slide, lines, Box(1.5, 2.4, WIDTH - 3.0, 3.0), sizes=(24, 22, 20, 18), name="目次")


#: A folder with more input files than this is listed on the closing slide as one line (one form per respondent).
MAX_FILES_LISTED = 6


def input_lines(inputs: dict[str, str]) -> list[str]:
    """The input files on the closing slide: each with its hash, or one line for a folder of many returns.

    A year returned as forms has one file per respondent (60 for 30 municipalities); they are counted, and
    their hashes are in ``manifest.json`` and the workbook's 出典 sheet. Other files (a MANIFEST, codebooks,
    reference data) are always listed.

    Examples
    --------
    >>> input_lines({"raw/codebook/FY2025.yaml": "d8e5de58ede8a5fb00"})
    ['\u3000raw/codebook/FY2025.yaml\u3000d8e5de58ede8a5fb']
    >>> forms = {f"raw/survey/FY2025/{i}.xlsx": "0" * 64 for i in range(60)}
    >>> for line in input_lines({**forms, "raw/survey/FY2025/MANIFEST.yaml": "1" * 64}):
    ...     print(line.strip())
    raw/survey/FY2025/ の回答ファイル 60件（各ファイルの SHA-256 は manifest.json と tables.xlsx の出典シート）
    raw/survey/FY2025/MANIFEST.yaml　1111111111111111
    """

    def folder(name: str) -> str | None:
        return None if name.endswith("MANIFEST.yaml") or "/" not in name else name.rsplit("/", 1)[0]

    counts: dict[str | None, int] = {}
    for name in inputs:
        counts[folder(name)] = counts.get(folder(name), 0) + 1
    lines, done = [], set()
    for name, digest in inputs.items():
        where = folder(name)
        if where is None or counts[where] <= MAX_FILES_LISTED:
            lines.append(f"　{name}　{digest[:16]}")
        elif where not in done:
            done.add(where)
            lines.append(
                f"　{where}/ の回答ファイル {counts[where]}件（各ファイルの SHA-256 は manifest.json と "
                "tables.xlsx の出典シート）"
            )
    return lines


def closing_slide(deck: Deck) -> None:
    """Sources and provenance: data status, input files with their SHA-256, parameters, versions, commit."""
    from jusolib.survey.reference import load_sources

    year = deck.year
    record = provenance(year)
    slide = deck.slide("出典・データの来歴")
    sources = load_sources(year.data_dir).set_index("source_id")
    source_id = year.codebook.meta.get("source_id")
    lines = []
    if source_id in sources.index:
        lines.append(f"報告書: {sources.at[source_id, 'citation']}")
    lines += [
        f"データ: {record['data_status_label']}（{record['fiscal_year_label']}）",
        "集計: jusolib（数値は tables.xlsx の各シートと同じ。グラフを右クリック →「データの編集」で元の数値を表示）",
        "パラメータ: "
        + "、".join(f"{k}={v}" for k, v in record["parameters"].items() if k != "size_caption"),
        "入力ファイル（SHA-256 の先頭16桁）:",
        *input_lines(record["inputs"]),
        "パッケージ: " + "、".join(f"{k} {v}" for k, v in record["packages"].items()),
        f"コミット: {record['commit']}",
    ]
    add_text(
        slide,
        lines,
        Box(MARGIN, CONTENT_TOP, WIDTH - 2 * MARGIN, CONTENT_BOTTOM - CONTENT_TOP),
        sizes=(12, 11, 10, 9, 8),
        name="来歴",
    )
