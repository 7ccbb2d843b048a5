"""The checks of a fiscal year's report: published figures recomputed, and the quality of the data.

Functions of a year's data (:class:`~jusolib.analysis.year_data.YearData`), methods of :class:`jusolib.report.YearReport`.

Examples
--------
>>> from jusolib import YearReport
>>> YearReport.load(2024).quality_status()
'警告なし・除外した行 3'
"""

from __future__ import annotations

import pandas as pd

from jusolib.analysis.tables import FOLD_ROWS, ReportTable
from jusolib.analysis.year_data import YearData
from jusolib.core.docstrings import shared_parameters


@shared_parameters
def published_check(year: YearData) -> ReportTable | None:
    """Every published figure of the year beside the recomputed one (``None`` if nothing was published).

    Returns
    -------
    ReportTable or None
        Key 公表値の検証: one row per published figure (index 図表の数値) with 公表値（報告の記載）, 再計算値, 許容範囲,
        判定 (一致, 不一致 or 確かめられない), 報告の箇所 and 読み方; the notes say how figures are compared and, for
        synthetic data, what a match does and does not show. ``None`` when nothing was published for the year.

    Examples
    --------
    >>> set(report.published_check().frame["判定"])
    {'一致'}
    """
    from jusolib.analysis.published import check_published

    check = check_published(year.fiscal_year, year.data_dir)
    if check.empty:
        return None
    frame = check.assign(
        判定=[
            "一致" if passed else "不一致" if computable else "確かめられない"
            for passed, computable in zip(check["passed"], check["computable"], strict=True)
        ],
    )
    frame = frame[
        [
            "description",
            "published_text",
            "recomputed_text",
            "accepted_text",
            "判定",
            "location",
            "note",
        ]
    ]
    frame.columns = [
        "図表の数値",
        "公表値（報告の記載）",
        "再計算値",
        "許容範囲",
        "判定",
        "報告の箇所",
        "読み方",
    ]
    frame = frame.set_index("図表の数値")
    notes = [
        "再計算値は、回答ファイルからクリーニングと集計をやり直して求めた値。"
        "件数と四捨五入後の割合は完全一致、「約9割」「3割」は記載の範囲で判定。"
    ]
    if not check["computable"].all():
        notes.append(
            "確かめられない: この年度の回答からは計算できない数値（その回答主体の回答がない、割合の基数が0など）。"
            "再計算値の欄に理由を示す。"
        )
    if year.is_synthetic:
        notes.append(
            "回答データは公表値に合わせて再構成した合成データ。一致は再構成と集計の手順の検証であり、"
            "実際の回答の検証ではない。"
        )
    return ReportTable("公表値の検証", "公表値と再計算値", frame, notes)


def published_summary(year: YearData) -> tuple[str, str, bool]:
    """The 90 page's first sentence, its status on the index and whether that status is good news.

    Published figures count the answers of the respondent type the report published (自治体 in FY2024); they are
    recomputed from that type's returns whatever the page's respondent type, and the sentence says so when the
    page is another type's. Figures the returns cannot give (no respondents of that type, an empty base) are
    counted apart as 「確かめられない」, never as 不一致.

    Parameters
    ----------
    year
        The year's data: a :class:`~jusolib.report.YearReport` (or the
        :class:`~jusolib.analysis.year_data.YearData` it is made of), with published figures
        (:func:`published_check` not ``None``).

    Returns
    -------
    tuple
        Markdown, the status (「全件一致」, 「不一致 N件」, 「確かめられない N件」 …) and True only when every figure
        matches.

    Examples
    --------
    >>> text, status, good = report.published_summary()
    >>> status, good
    ('全件一致', True)
    """
    table = published_check(year)
    assert table is not None, "published_summary needs published figures (published_check is not None)"
    verdicts = table.frame["判定"]
    passed = int((verdicts == "一致").sum())
    failed = int((verdicts == "不一致").sum())
    unknown = int((verdicts == "確かめられない").sum())
    text = f"**{len(verdicts)} 件中 {passed} 件が一致。**"
    if failed:
        text += f" 不一致 {failed} 件。"
    if unknown:
        text += f" この年度の回答からは確かめられない数値が {unknown} 件（理由は再計算値の欄）。"
    published_types = set(_published_types(year))
    if published_types and year.respondent_key not in published_types:
        labels = "・".join(year.codebook.respondent_type_label(t) for t in sorted(published_types))
        text += (
            f"\n\n公表値は{labels}の回答を集計した数値であり、このページの再計算も{labels}の回答から行う"
            f"（{year.respondent_label}の回答の集計は公表されていない）。"
        )
    parts = [f"不一致 {failed}件"] if failed else []
    parts += [f"確かめられない {unknown}件"] if unknown else []
    status = "全件一致" if not parts else "、".join(parts)
    return text, status, not parts


def _published_types(year: YearData) -> list[str]:
    """The respondent types (keys) whose answers the year's published figures count (a count of respondents
    counts no answers)."""
    from jusolib.analysis.published import RESPONDENT_MEASURES, load_published

    table = load_published(year.fiscal_year, year.data_dir)
    answers = table[~table["measure"].isin(RESPONDENT_MEASURES)] if len(table) else table
    return sorted({t for t in answers["respondent_type"] if t}) if len(answers) else []


@shared_parameters
def quality_files(year: YearData) -> ReportTable:
    """Files read and their row accounting: rows read = rows clean + rows rejected.

    Returns
    -------
    ReportTable
        Key 品質_ファイル: one row per file read (index ファイル: its name and sheet, :func:`file_label`) with
        読み込んだ行, 使用した行, 除外した行 and 形式 (:func:`file_format`), and a 合計 row; the note says whether
        read = used + rejected holds.

    Examples
    --------
    >>> total = report.quality_files().frame.loc["合計"]  # 46 respondents + 3 note or blank rows
    >>> [int(total[c]) for c in ("読み込んだ行", "使用した行", "除外した行")]
    [49, 46, 3]
    """
    frame = pd.DataFrame(year.summary["files"])
    frame["形式"] = [file_format(f, e) for f, e in zip(frame["file"], frame["encoding"], strict=True)]
    frame["file"] = frame["file"].map(file_label)
    frame = frame.set_index("file").drop(columns=["encoding"])
    frame = frame.rename(
        columns={
            "rows_read": "読み込んだ行",
            "rows_clean": "使用した行",
            "rows_rejected": "除外した行",
        }
    )
    total = year.summary["totals"]
    frame.loc["合計"] = [
        int(total["rows_read"]),
        int(total["rows_clean"]),
        int(total["rows_rejected"]),
        "",
    ]
    frame.index.name = "ファイル"
    ok = total["rows_read"] == total["rows_clean"] + total["rows_rejected"]
    notes = [
        f"行の収支: 読み込み {total['rows_read']} ＝ 使用 {total['rows_clean']} ＋ 除外 {total['rows_rejected']}"
        f"（{'一致' if ok else '不一致'}）。全ての回答主体を含む。"
    ]
    return ReportTable(
        "品質_ファイル",
        "読み込んだファイルと行の収支",
        frame,
        notes,
        integer_columns=["読み込んだ行", "使用した行", "除外した行"],
    )


def file_label(file: str) -> str:
    """A return file as a reader names it: its own name (and sheet), without the folders it sits in.

    Parameters
    ----------
    file
        The file as the build records it (``raw/survey/FY2024/name.xlsx [sheet]``).

    Returns
    -------
    str
        The name and its sheet in Japanese (「（シート 調査票）」), or 「令和N年度の回答ファイル」 for a year's folder.

    Examples
    --------
    >>> file_label("raw/survey/FY2024/令和6年度_成果と課題調査_自治体回答.xlsx [回答一覧]")
    '令和6年度_成果と課題調査_自治体回答.xlsx（シート 回答一覧）'
    >>> file_label("raw/survey/FY2025/a_b.xlsx, sheet 調査票"), file_label("raw/survey/FY2025")
    ('a_b.xlsx（シート 調査票）', '令和7年度の回答ファイル')
    """
    from jusolib.core.fiscal import fiscal_year_label, parse_fiscal_year

    head, _, tail = file.partition(" ")
    name = head.rstrip("/").rsplit("/", 1)[-1]
    if "." not in name and not tail:  # a folder: the year's returns as a whole
        try:
            return f"{fiscal_year_label(parse_fiscal_year(name), western=False)}の回答ファイル"
        except ValueError:
            return f"{name} の回答ファイル"
    name = name.removesuffix(",")
    sheet = tail.removeprefix("sheet ").strip()
    if sheet.startswith("[") and sheet.endswith("]"):
        sheet = sheet[1:-1]
    return f"{name}（シート {sheet}）" if sheet else name


#: Each file format in words (the encoding of a CSV, else the kind of workbook).
FORMATS = {".xlsx": "Excel", ".xlsm": "Excel", ".xls": "Excel（旧形式）", ".ods": "OpenDocument"}


def file_format(file: str, encoding: object) -> str:
    """What kind of file a return was, in words: 「Excel」, 「CSV（Shift_JIS）」 …

    Parameters
    ----------
    file
        The file as the build records it.
    encoding
        The encoding a CSV was read in (``None`` for a workbook).

    Returns
    -------
    str
        The format in words (「−」 when unknown).

    Examples
    --------
    >>> file_format("a.xlsx [回答一覧]", None), file_format("b.csv", "cp932"), file_format("c.csv", "utf-8-sig")
    ('Excel', 'CSV（Shift_JIS）', 'CSV（UTF-8）')
    """
    if isinstance(encoding, str) and encoding:
        name = {"cp932": "Shift_JIS", "shift_jis": "Shift_JIS", "utf-8": "UTF-8", "utf-8-sig": "UTF-8"}
        return f"CSV（{name.get(encoding.lower(), encoding)}）"
    suffix = "." + file.split(" ")[0].split(",")[0].rsplit(".", 1)[-1].lower() if "." in file else ""
    return FORMATS.get(suffix, "−")


@shared_parameters
def quality_rules(year: YearData) -> ReportTable:
    """Every cleaning rule applied, with how many values it changed (named in Japanese; the log's own name
    beside it).

    Returns
    -------
    ReportTable
        Key 品質_規則: one row per rule applied (index クリーニング規則, its Japanese name) with 件数 and ログ上の名前
        (the workbook only); a sentence instead when no value was changed.

    Examples
    --------
    >>> report.quality_rules().frame.loc["選択肢の番号から回答へ", "ログ上の名前"]
    'option code'
    """
    from jusolib.core.wording import rule_label

    rules = year.summary["cleaning_rules"]
    frame = pd.DataFrame(
        {"件数": [int(v) for v in rules.values()], "ログ上の名前": list(rules)},
        index=pd.Index([rule_label(r) for r in rules], name="クリーニング規則"),
    )
    notes = [
        "変更した値はすべて、処理済みデータの変更記録に、ファイル・行・列・元の値・変更後の値とともに残している"
        "（記録の場所は画面で開く目次のページの「再現のための情報」、記録上の規則の名前は Excel の同じ表にある）。"
    ]
    return ReportTable(
        "品質_規則",
        "適用したクリーニング規則",
        frame,
        notes,
        integer_columns=["件数"],
        workbook_only=["ログ上の名前"],
        empty_message="クリーニングで変更した値はありません。",
    )


@shared_parameters
def quality_rejections(year: YearData) -> ReportTable:
    """Every raw row that was not used, with the reason.

    Returns
    -------
    ReportTable
        Key 品質_除外: one row per rejected raw row (index ファイル (:func:`file_label`), 行) with 列, 値 (masked with
        ``redact``) and 理由 (in Japanese); folded when long, a sentence when nothing was rejected.

    Examples
    --------
    >>> report.quality_rejections().frame.index.names
    FrozenList(['ファイル', '行'])
    """
    from jusolib.clean.pipeline import load_rejection_log
    from jusolib.core.wording import reason_label

    log = load_rejection_log(year.fiscal_year, year.data_dir)
    if year.redact:
        from jusolib.clean.privacy import redact_frame

        log = redact_frame(log, ["raw_value"])
    frame = pd.DataFrame(
        {
            "ファイル": log["file"].map(file_label).to_numpy(),
            "行": log["row"].to_numpy(),
            "列": log["column"].fillna("").to_numpy(),
            "値": log["raw_value"].fillna("").to_numpy(),
            "理由": [reason_label(str(r)) for r in log["reason"]],
        }
    ).set_index(["ファイル", "行"])
    return ReportTable(
        "品質_除外",
        f"除外した行（{len(log)}）",
        frame,
        [
            "除外した行とその理由は、処理済みデータの除外記録にも残している（場所は画面で開く目次のページの「再現のための情報」）。"
        ],
        fold=len(log) > FOLD_ROWS,
        empty_message="除外した行はありません。",
        full_list_at="処理済みデータの除外記録（場所は画面で開く目次のページの「再現のための情報」）",
    )


@shared_parameters
def quality_respondents(year: YearData) -> ReportTable:
    """Respondents expected (reference data) against present, per respondent type, with who is missing.

    Returns
    -------
    ReportTable
        Key 品質_回答者: one row per respondent type (index 回答主体) with 想定（参照データ）, 回答, 未回答 and
        参照データにない回答者 (names joined with 「、」, or なし).

    Examples
    --------
    >>> report.quality_respondents().frame["回答"].tolist()
    [23, 23]
    """
    rows = {}
    for info in year.summary["respondents"].values():
        rows[info["label"]] = {
            "想定（参照データ）": int(info["expected"]),
            "回答": int(info["present"]),
            "未回答": "、".join(info["missing"]) or "なし",
            "実施地区の名簿にない回答者": "、".join(info["not_in_reference"]) or "なし",
        }
    frame = pd.DataFrame.from_dict(rows, orient="index")
    frame.index.name = "回答主体"
    notes = ["想定: 参照データ（都内の実施状況の名簿）でその年度に実施（予定）とされる区市。"]
    return ReportTable(
        "品質_回答者",
        "想定した回答者と実際の回答者",
        frame,
        notes,
        integer_columns=["想定（参照データ）", "回答"],
    )


@shared_parameters
def quality_warnings(year: YearData) -> ReportTable:
    """Warnings of the build (unknown columns, ignored files, missing respondents …).

    Returns
    -------
    ReportTable
        Key 品質_警告, titled with the number of warnings: one row per warning with 種類, 対象 (:func:`file_label`) and 内容 (the
        message in Japanese, naming the missing or unexpected respondents); a sentence when there is none.

    Examples
    --------
    >>> report.quality_warnings().title
    '警告（0）'
    """
    from jusolib.core.wording import warning_label, warning_message

    warnings = year.summary["warnings"]
    respondents = {info["label"]: info for info in year.summary["respondents"].values()}
    rows = []
    for warning in warnings:
        values = {"value": warning.get("value") or "", **warning.get("params", {})}
        label = next((k for k in respondents if f"{k} respondents" in warning["message"]), None)
        if label is not None:
            info = respondents[label]
            names = info["missing"] if warning["kind"] == "missing_respondents" else info["not_in_reference"]
            values |= {**info, "names": "、".join(names)}
        rows.append(
            {
                "種類": warning_label(warning["kind"]),
                "対象": file_label(str(warning["file"])),
                "内容": warning_message(warning["kind"], **values),
            }
        )
    frame = pd.DataFrame(rows, columns=["種類", "対象", "内容"])
    return ReportTable(
        "品質_警告",
        f"警告（{len(warnings)}）",
        frame,
        [
            "警告は集計を止めないが、確認が必要。どの警告も処理済みデータの記録に残している（場所は画面で開く目次のページの「再現のための情報」）。"
        ],
        empty_message="警告はありません。",
    )


@shared_parameters
def quality_personal_data(year: YearData) -> ReportTable:
    """Likely personal data found by the build: file, row, column, item, kind and the span (masked with
    ``redact``).

    Returns
    -------
    ReportTable
        Key 品質_個人情報, titled with the number found: one row per hit with ファイル, 行, 列, 項目 (the item's label, or
        （除外した行）), 種類 and 該当箇所 (the span, or only its kind with ``redact``); a sentence when there is none.

    Examples
    --------
    >>> report.quality_personal_data().title
    '個人情報の可能性がある記述（0）'
    """
    from jusolib.clean.privacy import mask

    hits = year.summary.get("personal_data", {}).get("hits", [])
    labels = year.codebook.items["label"]
    frame = pd.DataFrame(
        {
            "ファイル": [file_label(str(h["file"])) for h in hits],
            "行": [int(h["row"]) for h in hits],
            "列": [h["column"] or "" for h in hits],
            "項目": [labels.get(h["item_id"], "") if h["item_id"] else "（除外した行）" for h in hits],
            "種類": [h["label"] for h in hits],
            "該当箇所": [mask(h["kind"]) if year.redact else h["span"] for h in hits],
        }
    )
    notes = [
        "自由記述と除外した行の値から、電話番号、メールアドレス、郵便番号、敬称（様・さん・氏）の前の氏名、"
        "生年月日らしい記述を機械的に抽出。抽出は目安で、漏れも誤りもありうる。",
        "分析担当者は、これらを伏せ字にした版の報告を作成できる（処理済みのデータはそのまま）。",
    ]
    if year.redact:
        notes.append("このレポートは伏せ字で作成（該当箇所は種類のみ表示）。")
    return ReportTable(
        "品質_個人情報",
        f"個人情報の可能性がある記述（{len(hits)}）",
        frame,
        notes,
        integer_columns=["行"],
        empty_message="個人情報の可能性がある記述は見つかりませんでした。",
    )


@shared_parameters
def quality_status(year: YearData) -> str:
    """The data-quality page's status on the year index: warnings and rows left out, counted.

    Returns
    -------
    str
        「警告 N件」 or 「警告なし」, then 「除外した行 N」 or 「除外なし」, then 「個人情報の可能性 N件」 when any was
        found, joined with 「・」.

    Examples
    --------
    >>> report.quality_status()  # FY2024: the 自治体 sheet's blank and note rows are left out
    '警告なし・除外した行 3'
    """
    warnings = len(year.summary["warnings"])
    rejected = year.summary["totals"]["rows_rejected"]
    parts = [
        f"警告 {warnings}件" if warnings else "警告なし",
        f"除外した行 {rejected}" if rejected else "除外なし",
    ]
    hits = len(year.summary.get("personal_data", {}).get("hits", []))
    if hits:
        parts.append(f"個人情報の可能性 {hits}件")
    return "・".join(parts)
