import datetime as dt
import shutil
from pathlib import Path

import pandas as pd
import pytest

from jusolib.clean.collection import collection_status, status_summary, supersessions, write_status_csv
from jusolib.clean.pipeline import build_fiscal_year
from jusolib.core.errors import InputFileError, ParameterError
from jusolib.survey.codebook import load_codebook
from tests.helpers import implementing_only, make_data_dir, row, write_csv, write_form

BOOK = load_codebook(2024)

FILES = [Path("a.xlsx"), Path("b.xlsx"), Path("c.xlsx")]


def problems_of(manifest):
    with pytest.raises(InputFileError) as err:
        supersessions({"path": "M.yaml", **manifest}, FILES)
    return [(p.column, p.value, p.expected) for p in err.value.problems]


class TestSupersessions:
    def test_no_entry_means_nothing_replaced(self):
        assert supersessions({}, FILES) == {}

    def test_a_chain_of_corrections(self):
        entries = [
            {"file": "b.xlsx", "replaces": "a.xlsx"},
            {"file": "c.xlsx", "replaces": "b.xlsx", "note": "x"},
        ]
        assert supersessions({"supersedes": entries}, FILES) == {"a.xlsx": "b.xlsx", "b.xlsx": "c.xlsx"}

    def test_not_a_list(self):
        assert problems_of({"supersedes": "b.xlsx"})[0][:2] == ("supersedes", "b.xlsx")

    def test_an_entry_without_replaces(self):
        ((column, _, expected),) = problems_of({"supersedes": [{"file": "b.xlsx"}]})
        assert column == "supersedes[0]" and "replaces:" in expected

    def test_a_file_that_is_not_in_the_folder(self):
        ((column, value, expected),) = problems_of({"supersedes": [{"file": "d.xlsx", "replaces": "a.xlsx"}]})
        assert (column, value) == ("supersedes[0]", "d.xlsx")
        assert expected == "the name of a return file in the folder (a.xlsx, b.xlsx, c.xlsx)"

    def test_a_file_replacing_itself_or_replaced_twice(self):
        assert (
            problems_of({"supersedes": [{"file": "a.xlsx", "replaces": "a.xlsx"}]})[0][2]
            == "two different files"
        )
        twice = [{"file": "b.xlsx", "replaces": "a.xlsx"}, {"file": "c.xlsx", "replaces": "a.xlsx"}]
        assert "also replaced by b.xlsx" in problems_of({"supersedes": twice})[0][2]

    def test_a_circle(self):
        circle = [{"file": "b.xlsx", "replaces": "a.xlsx"}, {"file": "a.xlsx", "replaces": "b.xlsx"}]
        assert all("circle" in p[2] for p in problems_of({"supersedes": circle}))


def test_replacing_a_form_by_another_respondents_form_is_refused(tmp_path):
    root = make_data_dir(tmp_path / "data")
    folder = root / "raw" / "survey" / "FY2024"
    write_form(folder / "a.xlsx")
    write_form(folder / "b.xlsx", muni=("131075", "墨田区"))
    with open(folder / "MANIFEST.yaml", "a", encoding="utf-8") as manifest:
        manifest.write("supersedes:\n  - file: b.xlsx\n    replaces: a.xlsx\n")
    with pytest.raises(InputFileError, match=r"two forms of the same respondent; b\.xlsx is 墨田区"):
        build_fiscal_year(2024, root)


@pytest.fixture(scope="module")
def season_files(tmp_path_factory):
    """FY2024 with three implementing municipalities and a folder of returns as they came in."""
    root = implementing_only(
        make_data_dir(tmp_path_factory.mktemp("season") / "data"), 2024, ["中央区", "墨田区", "世田谷区"]
    )
    folder = root / "raw" / "survey" / "FY2024"
    write_form(folder / "中央区_自治体.xlsx", fields={"answered_on": dt.datetime(2025, 1, 8)})
    write_form(
        folder / "墨田区_自治体.xlsx",
        muni=("131075", "墨田区"),
        answers={
            "out_hubs": "どちらともいえない"
        },  # each respondent answers differently (identical sets are named)
        fields={"answered_on": dt.datetime(2025, 1, 20), "note": "遅れて申し訳ありません"},
    )
    write_form(
        folder / "世田谷区_自治体.xlsx",
        muni=("131121", "世田谷区"),
        answers={"out_leaders": "あてはまらない"},
    )
    write_form(
        folder / "世田谷区_自治体_再送.xlsx",
        muni=("131121", "世田谷区"),
        answers={"out_leaders": "あてはまらない"},
    )
    write_form(folder / "中央区_社協.xlsx", kind="council", answers={"out_hubs": "ややあてはまる"})
    write_csv(folder / "compiled.csv", [row("港区", "社協")])
    (folder / "broken.xlsx").write_bytes(b"PK\x03\x04 not a workbook")
    return root


@pytest.fixture
def season(season_files, tmp_path):
    """A copy of the season's data directory for one test (tests may add to its MANIFEST)."""
    return Path(shutil.copytree(season_files, tmp_path / "data"))


def test_status_of_every_expected_respondent(season):
    status = collection_status(2024, season)
    table = status[["respondent_type_label", "muni_name", "status", "file"]].values.tolist()
    assert table == [
        ["自治体", "中央区", "受領", "中央区_自治体.xlsx"],
        ["自治体", "墨田区", "受領（期限後）", "墨田区_自治体.xlsx"],
        ["自治体", "世田谷区", "重複・要確認", "世田谷区_自治体.xlsx / 世田谷区_自治体_再送.xlsx"],
        ["社協", "中央区", "受領・集計から除外", "中央区_社協.xlsx"],
        ["社協", "墨田区", "未着", ""],
        ["社協", "世田谷区", "未着", ""],
        ["社協", "港区", "受領（対象外）", "compiled.csv"],
        ["", "", "読めないファイル", "broken.xlsx"],
    ]
    by_name = status.set_index(["respondent_type_label", "muni_name"])
    assert by_name.loc[("自治体", "中央区"), "answered_on"] == "2025-01-08"
    assert "遅れて申し訳ありません" in by_name.loc[("自治体", "墨田区"), "remarks"]
    # every remark in Japanese: the value found, the cell, what happened to the form, what to ask
    assert by_name.loc[("社協", "中央区"), "remarks"] == (
        "セルD20（問1-2）の回答「ややあてはまる」は選択肢にありません。どの選択肢か送付元に確認し、corrections.yaml に"
        "記入してください → 集計から除外"
    )
    assert "supersedes" in by_name.loc[("自治体", "世田谷区"), "remarks"]
    assert set(status["data_status_label"]) == {"調査回答データ"}
    assert status_summary(status) == [
        "自治体: 受領 3 / 対象 3",
        "社協: 受領 1 / 対象 3 — 未着: 墨田区、世田谷区",
    ]


def test_the_manifest_settles_a_form_returned_twice(season):
    folder = season / "raw" / "survey" / "FY2024"
    with open(folder / "MANIFEST.yaml", "a", encoding="utf-8") as manifest:
        manifest.write(
            "supersedes:\n  - file: 世田谷区_自治体_再送.xlsx\n    replaces: 世田谷区_自治体.xlsx\n"
        )
    status = collection_status(2024, season).set_index(["respondent_type_label", "muni_name"])
    assert status.loc[("自治体", "世田谷区"), ["status", "file"]].tolist() == [
        "受領",
        "世田谷区_自治体_再送.xlsx",
    ]
    assert (
        "差し替え: 世田谷区_自治体.xlsx → 世田谷区_自治体_再送.xlsx"
        in status.loc[("自治体", "世田谷区"), "remarks"]
    )


def test_status_csv_has_japanese_headings_and_is_never_written_under_raw(season, tmp_path):
    status = collection_status(2024, season)
    out = write_status_csv(status, tmp_path / "out" / "status.csv", season)
    frame = pd.read_csv(out, encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert list(frame.columns) == [
        "回答主体",
        "団体コード",
        "団体名",
        "状況",
        "ファイル",
        "回答日",
        "確認事項",
        "担当部署",
        "担当者名",
        "電話番号",
        "メールアドレス",
        "データの種類",
    ]
    assert frame.loc[frame["団体名"] == "墨田区", ["回答主体", "状況"]].values.tolist() == [
        ["自治体", "受領（期限後）"],
        ["社協", "未着"],
    ]
    with pytest.raises(ParameterError, match="nothing is written under"):
        write_status_csv(status, season / "raw" / "survey" / "status.csv", season)


def test_before_anything_comes_back_everyone_is_missing(tmp_path):
    root = implementing_only(tmp_path / "data", 2024, ["中央区"])
    status = collection_status(2024, root)
    assert status[["respondent_type_label", "muni_name", "status"]].values.tolist() == [
        ["自治体", "中央区", "未着"],
        ["社協", "中央区", "未着"],
    ]


def test_the_remarks_are_japanese_and_a_form_with_unread_text_is_to_be_checked():
    # the shipped FY2025 forms (合成データ): 三鷹市（自治体） answered after the deadline with a 備考, 立川市（社協）
    # wrote a sentence in a row inserted into the form, which is not read
    status = collection_status(2025).set_index(["respondent_type_label", "muni_name"])
    late = status.loc[("自治体", "三鷹市")]
    assert late["status"] == "受領（期限後）"
    assert "回答日 2026-01-19 は締切（2026-01-13）の後です → 集計に含めた" in late["remarks"]
    assert "備考: 締切を過ぎての提出となり申し訳ありません。" in late["remarks"]
    inserted = status.loc[("社協", "立川市")]
    assert inserted["status"] == "受領・要確認"
    assert (
        "セルB43（挿入された行）の文「（補足）この設問については、庁内で引き続き検討しています。」は読んでいません"
        in (inserted["remarks"])
    )
    assert not any(
        code in "".join(status["remarks"]) for code in ("form_after_deadline", "form_inserted_row")
    )


def test_every_file_is_listed_under_its_respondent_with_what_to_ask(tmp_path):
    """A blank form is 白紙 (not a respondent); a file that cannot be read is under the respondent its name
    names, not 未着; a form answered on 和暦 shows an ISO date; the contact block is in the status."""
    root = implementing_only(make_data_dir(tmp_path / "data"), 2024, ["中央区", "墨田区", "世田谷区"])
    folder = root / "raw" / "survey" / "FY2024"
    write_form(
        folder / "令和6年度_成果と課題調査_中央区_自治体.xlsx",
        fields={"answered_on": "令和7年1月8日", "contact_name": "山田 花子", "contact_phone": "03-0000-1234"},
    )
    write_form(
        folder / "令和6年度_成果と課題調査_墨田区_自治体.xlsx",
        muni=("131075", "墨田区"),
        answers=dict.fromkeys(BOOK.item_ids()),
    )
    (folder / "令和6年度_成果と課題調査_世田谷区_自治体.ods").write_bytes(b"PK\x03\x04 not a spreadsheet")
    (folder / "令和6年度_成果と課題調査_世田谷区_社協.pdf").write_bytes(b"%PDF-1.4")
    status = collection_status(2024, root).set_index(["respondent_type_label", "muni_name"])
    chuo = status.loc[("自治体", "中央区")]
    assert (chuo["status"], chuo["answered_on"], chuo["contact_name"], chuo["contact_phone"]) == (
        "受領",
        "2025-01-08",
        "山田 花子",
        "03-0000-1234",
    )
    sumida = status.loc[("自治体", "墨田区")]
    assert sumida["status"] == "白紙"
    assert sumida["remarks"].endswith("→ 集計から除外（白紙。回答者に数えない）")
    setagaya = status.loc[("自治体", "世田谷区")]
    assert (setagaya["status"], setagaya["file"]) == (
        "読めないファイル",
        "令和6年度_成果と課題調査_世田谷区_自治体.ods",
    )
    assert setagaya["remarks"] == (
        "ファイルが壊れているか、.ods 形式ではありません。保存し直して送ってもらってください → 集計から除外"
    )
    council = status.loc[("社協", "世田谷区")]
    assert council["status"] == "読めないファイル" and council["file"].endswith(".pdf")
    assert "回答ファイルの形式ではないため読んでいません" in council["remarks"]
    assert status_summary(collection_status(2024, root))[0] == "自治体: 受領 3 / 対象 3"


def test_identical_answer_sets_are_named_on_both_respondents(tmp_path):
    root = implementing_only(make_data_dir(tmp_path / "data"), 2024, ["中央区", "墨田区"])
    folder = root / "raw" / "survey" / "FY2024"
    same = {"out_hubs": "どちらともいえない", "chl_plan_consent": "とてもあてはまる"}
    write_form(folder / "中央区_自治体.xlsx", answers=same)
    write_form(folder / "中央区_社協.xlsx", kind="council", answers=same)
    write_form(
        folder / "墨田区_自治体.xlsx", muni=("131075", "墨田区"), answers=same | {"out_hubs": "あてはまる"}
    )
    status = collection_status(2024, root).set_index(["respondent_type_label", "muni_name"])
    assert status.loc[("自治体", "中央区"), "status"] == "受領・要確認"
    assert status.loc[("自治体", "中央区"), "remarks"] == (
        "中央区（社協）と全項目の回答が同じです。写しや貼り付けの誤りでないか送付元に確認してください → 集計に含めた"
    )
    assert "中央区（自治体）と全項目の回答が同じです" in status.loc[("社協", "中央区"), "remarks"]
    assert status.loc[("自治体", "墨田区"), "status"] == "受領"  # one answer differs: not a copy
    build = build_fiscal_year(2024, root)
    (warning,) = [w for w in build.summary["warnings"] if w["kind"] == "identical_answers"]
    assert warning["params"]["a"] == "中央区（自治体）" and warning["params"]["b"] == "中央区（社協）"


def test_a_blank_form_is_no_respondent_unless_the_coordinator_counts_it(tmp_path):
    root = implementing_only(make_data_dir(tmp_path / "data"), 2024, ["中央区"])
    folder = root / "raw" / "survey" / "FY2024"
    write_form(folder / "中央区_自治体.xlsx", answers=dict.fromkeys(BOOK.item_ids()))
    build = build_fiscal_year(2024, root)
    assert build.summary["respondents"]["municipality"]["present"] == 0
    (folder / "corrections.yaml").write_text(
        "corrections:\n  - file: 中央区_自治体.xlsx\n    blank_form: counted\n"
        "    reason: 白紙で提出と電話で確認した\n    confirmed_by: 中央区（電話）\n    date: 2025-01-20\n",
        encoding="utf-8",
    )
    build = build_fiscal_year(2024, root)
    assert build.summary["respondents"]["municipality"]["present"] == 1
    assert (build.clean.responses["answer"] == "無回答").sum() == 27
    status = collection_status(2024, root).set_index(["respondent_type_label", "muni_name"])
    assert status.loc[("自治体", "中央区"), "status"] == "受領"  # settled by the coordinator
    assert "白紙のまま集計に含めた（corrections.yaml）" in status.loc[("自治体", "中央区"), "remarks"]


def test_the_same_free_texts_with_different_answers_are_named_as_such():
    from jusolib.clean.collection import identical_answer_sets

    who = [("municipality", "131024"), ("council", "131024")]
    answers = pd.DataFrame(
        [
            (k, c, i, "あてはまる" if (k, i) != ("council", "out_hubs") else "あてはまらない")
            for k, c in who
            for i in BOOK.item_ids()
        ],
        columns=["respondent_type", "muni_code", "item_id", "answer"],
    )
    texts = pd.DataFrame(
        [
            (k, c, i, t)
            for k, c in who
            for i, t in (("out_hubs", "拠点を開設"), ("out_leaders", "研修を開始"))
        ],
        columns=["respondent_type", "muni_code", "item_id", "text"],
    )
    assert identical_answer_sets(answers, texts, BOOK) == [(who[0], who[1], False, True)]
    # one common text alone is a coincidence, not a copy (MIN_SAME_TEXTS = 2)
    assert identical_answer_sets(answers, texts[texts["item_id"] == "out_hubs"], BOOK) == []
