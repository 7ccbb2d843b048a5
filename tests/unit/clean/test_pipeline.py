import json
import os
import stat

import pytest

from jusolib.clean.pipeline import (
    OUTPUT_FILES,
    build_fiscal_year,
    is_fresh,
    load_build_summary,
    load_rejection_log,
    load_responses,
    read_manifest,
)
from jusolib.core.errors import InputFileError
from tests.helpers import HEADINGS, forbid_writes_under, row, write_csv, write_xlsx


@pytest.fixture
def two_files(survey_dir):
    write_csv(
        survey_dir / "自治体.csv", [row("稻城市", q1_1="当てはまる"), row("世田谷区")], encoding="cp932"
    )
    write_xlsx(survey_dir / "社協.xlsx", [row("稲城市", "社協", default=2)], title=["令和6年度 社協回答"])
    return survey_dir


def test_build_writes_every_output_and_accounts_for_every_row(data_dir, two_files):
    result = build_fiscal_year(2024, data_dir)
    assert sorted(p.name for p in result.output_dir.glob("*.csv")) == sorted(OUTPUT_FILES)
    assert result.summary["totals"] == {"rows_read": 3, "rows_clean": 3, "rows_rejected": 0}
    encodings = {f["file"]: f["encoding"] for f in result.summary["files"]}
    assert encodings == {"raw/survey/FY2024/自治体.csv": "cp932", "raw/survey/FY2024/社協.xlsx [回答]": None}


def test_build_twice_gives_byte_identical_files(data_dir, two_files):
    first = build_fiscal_year(2024, data_dir).output_dir
    before = {p.name: p.read_bytes() for p in first.iterdir() if p.is_file() and not p.name.startswith(".")}
    second = build_fiscal_year(2024, data_dir).output_dir
    after = {p.name: p.read_bytes() for p in second.iterdir() if p.is_file() and not p.name.startswith(".")}
    assert before == after


def test_read_only_raw_directory_still_builds(data_dir, two_files):
    raw = data_dir / "raw"
    before = {p: p.read_bytes() for p in raw.rglob("*") if p.is_file()}
    modes = {p: p.stat().st_mode for p in [raw, *raw.rglob("*")]}
    for path, mode in modes.items():
        path.chmod(mode & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))
    try:
        with forbid_writes_under(raw):  # also holds when the tests run as root, where chmod does not bind
            build_fiscal_year(2024, data_dir)
    finally:
        for path, mode in modes.items():
            path.chmod(mode)
    assert {p: p.read_bytes() for p in raw.rglob("*") if p.is_file()} == before
    assert (data_dir / "processed" / "FY2024" / "responses.csv").is_file()


def test_write_guard_catches_a_write(tmp_path):
    with forbid_writes_under(tmp_path), pytest.raises(PermissionError):
        (tmp_path / "x.txt").write_text("x")


def test_loader_builds_when_missing_and_rebuilds_when_raw_changes(data_dir, survey_dir):
    path = write_csv(survey_dir / "r.csv", [row("稲城市", q1_1="1")])
    assert not is_fresh(2024, data_dir)
    first = load_responses(2024, data_dir=data_dir)
    assert first.set_index("item_id").at["out_participation", "answer"] == "あてはまる"
    assert is_fresh(2024, data_dir)
    write_csv(path, [row("稲城市", q1_1="3")])
    assert not is_fresh(2024, data_dir)
    second = load_responses(2024, data_dir=data_dir)
    assert second.set_index("item_id").at["out_participation", "answer"] == "あてはまらない"


def test_loader_types(data_dir, survey_dir):
    write_csv(survey_dir / "r.csv", [row("千代田区", q3_1="")])
    data = load_responses(2024, data_dir=data_dir)
    assert data["muni_code"].iloc[0] == "131016"  # string with its leading digits kept
    assert str(data["answer"].dtype) == "category" and data["answer"].cat.ordered
    assert data.set_index("item_id").at["chl_grant_admin_burden", "answer"] == "無回答"
    assert data["answer_code"].isna().sum() == 1


def test_respondent_type_filter_accepts_japanese_labels(data_dir, two_files):
    assert load_responses(2024, respondent_type="社協", data_dir=data_dir)["muni_code"].unique().tolist() == [
        "132250"
    ]
    with pytest.raises(Exception, match="unknown respondent_type"):
        load_responses(2024, respondent_type="住民", data_dir=data_dir)


def test_summary_names_missing_respondents(data_dir, two_files):
    summary = load_build_summary(2024, data_dir)
    municipality = summary["respondents"]["municipality"]
    assert (municipality["expected"], municipality["present"]) == (23, 2)
    assert "中央区 (131024)" in municipality["missing"]
    (warning,) = [
        w for w in summary["warnings"] if w["kind"] == "missing_respondents" and "自治体" in w["message"]
    ]
    assert "中央区" in warning["message"]


def test_data_status_comes_from_the_manifest(data_dir, two_files):
    assert read_manifest(2024, data_dir)["data_status"] == "real"
    assert set(load_responses(2024, data_dir=data_dir)["data_status"]) == {"real"}


def test_folder_without_manifest_is_unknown(data_dir, two_files):
    (two_files / "MANIFEST.yaml").unlink()
    assert build_fiscal_year(2024, data_dir).summary["data_status"] == "unknown"


def test_a_bad_file_stops_the_build_and_writes_nothing(data_dir, survey_dir):
    write_csv(survey_dir / "r.csv", [row("世田谷市")])
    with pytest.raises(InputFileError, match="世田谷市"):
        build_fiscal_year(2024, data_dir)
    assert not (data_dir / "processed" / "FY2024" / "build.json").exists()


def test_keep_going_writes_the_rejection_log(data_dir, survey_dir):
    write_csv(survey_dir / "r.csv", [row("稲城市"), row("世田谷市")])
    result = build_fiscal_year(2024, data_dir, keep_going=True)
    assert result.summary["totals"] == {"rows_read": 2, "rows_clean": 1, "rows_rejected": 1}
    log = load_rejection_log(2024, data_dir)
    assert log["row"].tolist() == ["3"] and log["reason"].str.startswith("unknown_municipality").all()


def test_excel_lock_files_and_notes_are_not_returns(data_dir, survey_dir):
    write_csv(survey_dir / "r.csv", [row("稲城市")])
    (survey_dir / "~$r.xlsx").write_bytes(b"lock")
    (survey_dir / "memo.docx").write_bytes(b"memo")
    summary = build_fiscal_year(2024, data_dir).summary
    assert [f["file"] for f in summary["files"]] == ["raw/survey/FY2024/r.csv"]
    assert any(w["kind"] == "ignored_file" and "memo.docx" in w["file"] for w in summary["warnings"])


def test_env_variable_points_at_another_data_directory(data_dir, survey_dir, monkeypatch):
    write_csv(survey_dir / "r.csv", [row("稲城市")])
    monkeypatch.setenv("JUSOLIB_DATA_DIR", os.fspath(data_dir))
    assert load_responses(2024)["muni_code"].unique().tolist() == ["132250"]


def test_build_json_is_valid_and_has_no_timestamps(data_dir, two_files):
    text = (build_fiscal_year(2024, data_dir).output_dir / "build.json").read_text(encoding="utf-8")
    summary = json.loads(text)
    assert set(summary["outputs"]) == set(OUTPUT_FILES)
    assert "2026" not in text and "time" not in summary


@pytest.fixture
def personal(survey_dir):
    headings = [*HEADINGS, "問1-1 具体的な内容"]
    rows = [
        [*row("中央区"), "山田太郎様の世帯（03-1234-5678）"],
        [*row("墨田区"), "8050問題への対応"],
        ["※担当: 佐藤 花子さん 〒160-0023", *[""] * (len(headings) - 1)],
    ]
    return write_csv(survey_dir / "r.csv", rows, headings=headings)


def test_build_lists_likely_personal_data_and_keeps_the_text(data_dir, personal):
    summary = build_fiscal_year(2024, data_dir).summary
    hits = [
        (h["source"], h["row"], h["column"], h["item_id"], h["kind"], h["start"], h["end"], h["span"])
        for h in summary["personal_data"]["hits"]
    ]
    assert hits == [
        ("free_text", 2, "問1-1 具体的な内容", "out_participation", "name", 0, 4, "山田太郎"),
        ("free_text", 2, "問1-1 具体的な内容", "out_participation", "phone", 9, 21, "03-1234-5678"),
        ("rejection_log", 4, None, None, "name", 5, 10, "佐藤 花子"),
        ("rejection_log", 4, None, None, "postal_code", 13, 22, "〒160-0023"),
    ]
    assert summary["personal_data"]["count"] == 4
    assert all(h["file"] == "raw/survey/FY2024/r.csv" for h in summary["personal_data"]["hits"])
    free_text = (data_dir / "processed" / "FY2024" / "free_text.csv").read_text(encoding="utf-8-sig")
    assert "山田太郎様の世帯（03-1234-5678）" in free_text  # data/processed stays verbatim


def test_the_shipped_synthetic_returns_hold_no_personal_data():
    assert load_build_summary(2024)["personal_data"] == {"count": 0, "hits": []}
    assert load_build_summary(2025)["personal_data"] == {"count": 0, "hits": []}


def test_one_run_shows_every_problem_and_keep_going_sets_aside_what_cannot_be_read(data_dir, survey_dir):
    """Without --keep-going: a file that cannot be read, a file with a missing column and a bad row, in one
    error. With it: the first two set aside (build.json set_aside, warnings), the bad row rejected, the rest
    built — rows in = rows clean + rows rejected."""
    (survey_dir / "old.xls").write_bytes(b"not a workbook")
    write_csv(
        survey_dir / "short.csv", [r[:-1] for r in [row("中央区"), row("港区")]], headings=HEADINGS[:-1]
    )
    write_csv(survey_dir / "rows.csv", [row("墨田区"), row("世田谷区", q1_1="9")])
    with pytest.raises(InputFileError) as err:
        build_fiscal_year(2024, data_dir)
    assert [p.kind for p in err.value.problems] == [
        "corrupt_xls",
        "missing_item_column",
        "answer_outside_scale",
    ]
    result = build_fiscal_year(2024, data_dir, keep_going=True)
    assert [(p["kind"], p["file"]) for p in result.summary["set_aside"]] == [
        ("corrupt_xls", "raw/survey/FY2024/old.xls"),
        ("missing_item_column", "raw/survey/FY2024/short.csv"),
    ]
    assert [w["kind"] for w in result.summary["warnings"]].count("file_set_aside") == 2
    # short.csv's two rows are rejected as set aside, rows.csv's 世田谷区 for its answer: 4 read = 1 + 3
    assert result.summary["totals"] == {"rows_read": 4, "rows_clean": 1, "rows_rejected": 3}
    assert list(result.clean.respondents["muni_code"]) == ["131075"]


def test_a_respondent_without_a_population_is_warned_about_in_the_build_and_on_91(data_dir, survey_dir):
    # 日の出町 and 檜原村 have no figure on the default series (tokyo_municipalities.csv): the build warns,
    # naming them; the 91 page says it in Japanese; the population bands class them 人口不明 (never refused)
    from jusolib.cli import format_build_summary
    from jusolib.report import YearReport

    write_csv(survey_dir / "returns.csv", [row("中央区"), row("日の出町"), row("檜原村")])
    result = build_fiscal_year(2024, data_dir)
    (warning,) = [w for w in result.summary["warnings"] if w["kind"] == "population_unknown"]
    assert warning["params"] == {"names": "日の出町、檜原村", "series": "東京都の人口(推計) 2022年1月1日"}
    assert "classed 人口不明 (population unknown) by the population_band scheme: 日の出町、檜原村" in (
        format_build_summary(result.summary)
    )
    report = YearReport.load(2024, data_dir=data_dir)
    page = report.quality_warnings().frame.set_index("種類")
    assert page.at["人口不明の回答者", "内容"].startswith(
        "日の出町、檜原村は参照データの人口（東京都の人口(推計) 2022年1月1日）がないため、人口規模の区分では「人口不明」に分類しました"
    )
    assert report.classes.classes.astype(str).to_dict() == {
        "131024": "10万〜20万",
        "133051": "人口不明",
        "133078": "人口不明",
    }
