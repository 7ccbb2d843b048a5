"""The checks of a year's report: published figures recomputed, and the quality of the data.

The quality tables read the build summary: most tests give a hand-written one to a stand-in for the year's
data; the published check and the rejected rows are the FY2024 report's."""

from types import SimpleNamespace

import pandas as pd

from jusolib.analysis import checks
from tests.helpers import fy2024_report

SUMMARY = {
    "files": [
        {
            "file": "raw/survey/FY2024/a.csv",
            "rows_read": 5,
            "rows_clean": 4,
            "rows_rejected": 1,
            "encoding": "cp932",
        },
        {
            "file": "raw/survey/FY2024/b.xlsx [回答]",
            "rows_read": 3,
            "rows_clean": 3,
            "rows_rejected": 0,
            "encoding": None,
        },
    ],
    "totals": {"rows_read": 8, "rows_clean": 7, "rows_rejected": 1},
    "cleaning_rules": {"blank → 無回答": 2, "option code": 12},
    "respondents": {
        "municipality": {
            "label": "自治体",
            "expected": 3,
            "present": 2,
            "missing": ["港区"],
            "not_in_reference": [],
        },
        "council": {
            "label": "社協",
            "expected": 3,
            "present": 3,
            "missing": [],
            "not_in_reference": ["檜原村"],
        },
    },
    "warnings": [
        {
            "file": "raw/survey/FY2024/a.csv",
            "kind": "missing_respondents",
            "message": "3 自治体 respondents (…); 2 answered — missing: 港区",
        },
        {"file": "raw/survey/FY2024/notes.txt", "kind": "ignored_file", "message": "not a return"},
    ],
    "personal_data": {
        "hits": [
            {
                "file": "raw/survey/FY2024/a.csv",
                "row": "4",
                "column": "問1-1 具体的な内容",
                "item_id": "out_hubs",
                "label": "電話番号",
                "kind": "phone",
                "span": "03-1234-5678",
            }
        ]
    },
}


def _year(summary=SUMMARY, redact=False):
    codebook = SimpleNamespace(items=pd.DataFrame({"label": ["包括的な相談の拠点"]}, index=["out_hubs"]))
    return SimpleNamespace(summary=summary, redact=redact, codebook=codebook)


def test_files_account_for_every_row_read():
    table = checks.quality_files(_year())
    frame = table.frame
    # files by their own name and sheet, without the folders; a CSV's format names its encoding
    assert frame.index.tolist() == ["a.csv", "b.xlsx（シート 回答）", "合計"]
    assert frame["形式"].tolist() == ["CSV（Shift_JIS）", "Excel", ""]
    assert frame.loc["合計", ["読み込んだ行", "使用した行", "除外した行"]].tolist() == [8, 7, 1]
    assert table.notes[0].startswith("行の収支: 読み込み 8 ＝ 使用 7 ＋ 除外 1（一致）")


def test_rows_that_do_not_add_up_are_said_to_differ():
    summary = {**SUMMARY, "totals": {"rows_read": 9, "rows_clean": 7, "rows_rejected": 1}}
    assert "（不一致）" in checks.quality_files(_year(summary)).notes[0]


def test_rules_are_named_in_japanese_beside_the_logged_name():
    frame = checks.quality_rules(_year()).frame
    assert frame.loc["空欄を無回答とする", ["件数", "ログ上の名前"]].tolist() == [2, "blank → 無回答"]
    assert frame["件数"].tolist() == [2, 12]


def test_respondents_expected_and_present_with_the_names():
    frame = checks.quality_respondents(_year()).frame
    assert frame.loc["自治体"].tolist() == [3, 2, "港区", "なし"]
    assert frame.loc["社協"].tolist() == [3, 3, "なし", "檜原村"]


def test_warnings_are_written_in_japanese_with_the_respondents_named():
    table = checks.quality_warnings(_year())
    assert table.title == "警告（2）"
    assert table.frame.values.tolist() == [
        [
            "未回答の自治体",
            "a.csv",
            "自治体: 参照データ上の実施自治体3のうち2が回答。未回答: 港区",
        ],
        [
            "読まなかったファイル",
            "notes.txt",
            "回答ファイルではないため読みませんでした（.xlsx または .csv のみ読む）。",
        ],
    ]


def test_personal_data_is_shown_or_masked():
    shown = checks.quality_personal_data(_year()).frame
    assert shown.iloc[0].tolist() == [
        "a.csv",
        4,
        "問1-1 具体的な内容",
        "包括的な相談の拠点",
        "電話番号",
        "03-1234-5678",
    ]
    masked = checks.quality_personal_data(_year(redact=True))
    assert masked.frame.loc[0, "該当箇所"] == "［電話番号］"
    assert masked.notes[-1] == "このレポートは伏せ字で作成（該当箇所は種類のみ表示）。"


def test_the_status_counts_warnings_rows_left_out_and_personal_data():
    assert checks.quality_status(_year()) == "警告 2件・除外した行 1・個人情報の可能性 1件"
    quiet = {
        **SUMMARY,
        "warnings": [],
        "totals": {**SUMMARY["totals"], "rows_rejected": 0},
        "personal_data": {},
    }
    assert checks.quality_status(_year(quiet)) == "警告なし・除外なし"


def test_fy2024_rejected_rows_are_listed_with_their_reasons():
    # the 自治体 sheet: two blank rows and a note row are left out (build summary: 49 read, 46 used, 3 rejected)
    frame = checks.quality_rejections(fy2024_report()).frame
    assert frame.index.names == ["ファイル", "行"]
    assert frame["理由"].tolist().count("空行") == 2 and len(frame) == 3


def test_fy2024_published_figures_all_match():
    report = fy2024_report()
    table = checks.published_check(report)
    assert set(table.frame["判定"]) == {"一致"}
    text, status, good = checks.published_summary(report)
    n = len(table.frame)
    assert text.startswith(f"**{n} 件中 {n} 件が一致。**") and (status, good) == ("全件一致", True)
