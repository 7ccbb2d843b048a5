import pandas as pd
import pytest

from jusolib.core.errors import ParameterError
from jusolib.outputs.workbook import read_table
from jusolib.report import YearReport


@pytest.fixture(scope="module")
def report():
    from tests.helpers import fy2024_report

    return fy2024_report()


def test_loads_the_23_municipalities_with_their_classes(report):
    assert report.n_respondents == 23
    assert report.data["population_band"].notna().all()
    assert report.banner.startswith("合成データ")


def test_every_table_is_in_the_workbook_as_written(report, tmp_path):
    path = tmp_path / "tables.xlsx"
    report.write_workbook(path)
    for table in report.tables():
        levels = table.frame.index.nlevels if table.shows_index() else 0
        back = read_table(path, table.sheet, index_levels=levels)
        # the sheet adds a count column after each share that has counts (「82.6（19）」 as two numbers)
        counted = [] if table.share_counts is None else list(table.share_counts.columns)
        assert back.shape == (len(table.frame), len(table.frame.columns) + len(counted)), table.key
        for column in counted:
            pd.testing.assert_series_equal(
                back[f"{column}（件数）"].astype(float),
                table.share_counts[column].astype(float),
                check_names=False,
                check_index_type=False,
            )
        numeric = table.frame.select_dtypes("number").columns
        pd.testing.assert_frame_equal(
            back[numeric].astype(float),
            table.frame[numeric].astype(float),
            check_names=False,
            check_index_type=False,
        )


def test_no_previous_year_means_no_comparison(report):
    assert report.year_over_year() is None


def test_demonstration_year_compares_with_fy2024():
    table = YearReport.load(2025).year_over_year()
    assert table is not None and "令和6年度 (2024) → 令和7年度 (2025)" in table.notes[0]


def test_bad_parameters_are_named():
    with pytest.raises(ParameterError, match="size_scheme"):
        YearReport.load(2024, size_scheme="region")
    with pytest.raises(ParameterError, match="respondent_type"):
        YearReport.load(2024, respondent_type="住民")


def test_a_keep_going_build_is_announced_on_every_page(data_dir, survey_dir):
    from jusolib.clean.pipeline import build_fiscal_year
    from jusolib.notebook import header_html
    from tests.helpers import row, write_csv

    write_csv(survey_dir / "r.csv", [row("稲城市"), row("世田谷区"), row("世田谷市")])
    build_fiscal_year(2024, data_dir, keep_going=True)
    report = YearReport.load(2024, data_dir=data_dir)
    assert report.summary["rows_with_problems"] == 1 and report.summary["keep_going"]
    assert "問題のある1行を集計から除外" in header_html(report)


def test_a_strict_build_has_no_notice(report):
    assert report.build_notice is None


# -- free-text themes -----------------------------------------------------------------------------------------
def test_fy2024_ii_1_shows_the_three_report_bullets_as_themes_with_counts(report):
    from jusolib.synth.returns import draw_answers

    block = report.themes("II").frame.loc["問2-1 支援者支援につながっている"]
    bullets = [
        "支援機関同士の関係が構築されている",
        "ケースの抱え込みによる負担が軽減されている",
        "他の支援機関に自らの機能が理解される",
    ]
    assert block.index.tolist()[:3] == bullets
    # The counts from the raw files (read, cleaned, coded by the rules) equal the number of municipalities whose
    # synthetic text the generator wrote to carry each theme: two independent routes to the same number.
    written = draw_answers(2024).query(
        "respondent_type == 'municipality' and item_id == 'chg_supporter_support'"
    )
    ids = ["relations_built", "less_burden", "function_understood"]
    assert block.loc[bullets, "該当"].tolist() == [
        float(written["themes"].map(lambda t, i=i: i in t).sum()) for i in ids
    ]
    assert all(block.loc[bullets, "該当"] > 0)
    assert block["記述者"].iloc[0] == written["text"].notna().sum()


def test_theme_tables_come_before_the_free_text_of_their_section(report):
    keys = [t.key for t in report.tables()]
    for section in ("I", "II", "III"):
        assert (
            keys.index(f"{section}_テーマ")
            < keys.index(f"{section}_テーマ_規模別")
            < keys.index(f"{section}_自由記述")
        )


def test_kwic_and_word_frequencies_of_a_section(report):
    table = report.kwic("守秘義務", section="II")
    assert set(table.frame["項目"]) <= {"問2-5", "問2-6"} and len(table.frame) > 0
    assert report.word_frequencies("II", top=5).frame.shape == (5, 3)


def test_a_year_without_coding_rules_has_no_theme_tables(tmp_path):
    import shutil

    from jusolib.core.paths import BUNDLED_DATA_DIR

    root = tmp_path / "data"
    shutil.copytree(BUNDLED_DATA_DIR / "raw" / "survey" / "FY2024", root / "raw" / "survey" / "FY2024")
    (root / "raw" / "codebook").mkdir(parents=True)
    shutil.copy(BUNDLED_DATA_DIR / "raw" / "codebook" / "FY2024.yaml", root / "raw" / "codebook")
    report = YearReport.load(2024, data_dir=root)
    assert report.themes("I") is None and report.themes_by_class("I") is None
    assert not any("テーマ" in t.key for t in report.tables())
    assert len(report.kwic("連携").frame) > 0  # exploration still works, without synonyms


@pytest.fixture
def planted(data_dir, survey_dir):
    from tests.helpers import HEADINGS, row, write_csv

    headings = [*HEADINGS, "問1-1 具体的な内容"]
    rows = [
        [*row("中央区"), "山田太郎様の世帯（03-1234-5678）"],
        [*row("墨田区"), "8050問題への対応"],
        ["※担当: 佐藤 花子さん 〒160-0023", *[""] * (len(headings) - 1)],
    ]
    write_csv(survey_dir / "r.csv", rows, headings=headings)
    return data_dir


def test_personal_data_is_listed_and_announced(planted):
    from jusolib.notebook import header_html

    report = YearReport.load(2024, data_dir=planted)
    table = report.quality_personal_data()
    assert table.title == "個人情報の可能性がある記述（4）"
    assert table.frame["該当箇所"].tolist() == ["山田太郎", "03-1234-5678", "佐藤 花子", "〒160-0023"]
    assert table.frame["種類"].tolist() == ["氏名", "電話番号", "氏名", "郵便番号"]
    assert table.frame["項目"].tolist()[:2] == ["地域住民の参加を促す活動を行う者"] * 2
    assert "個人情報の可能性がある記述が4件" in header_html(report)
    texts = report.free_text_answers("I").frame["具体的な内容"].tolist()
    assert "山田太郎様の世帯（03-1234-5678）" in texts


def test_redact_masks_every_text_the_report_shows(planted, tmp_path):
    from jusolib.notebook import header_html

    report = YearReport.load(2024, data_dir=planted, redact=True)
    texts = report.free_text_answers("I").frame["具体的な内容"].tolist()
    assert "［氏名］様の世帯（［電話番号］）" in texts and "8050問題への対応" in texts
    assert report.quality_personal_data().frame["該当箇所"].tolist() == [
        "［氏名］",
        "［電話番号］",
        "［氏名］",
        "［郵便番号］",
    ]
    assert report.quality_rejections().frame["値"].tolist() == ["※担当: ［氏名］さん ［郵便番号］"]
    assert "伏せ字にしています" in header_html(report)
    report.write_workbook(tmp_path / "t.xlsx")
    import openpyxl

    cells = [
        str(c.value) for ws in openpyxl.load_workbook(tmp_path / "t.xlsx") for r in ws.iter_rows() for c in r
    ]
    assert not any("山田" in c or "1234-5678" in c or "佐藤" in c for c in cells)
    assert "個人情報の伏せ字" in cells  # the 出典 sheet records the redact parameter, in Japanese
    free_text = (planted / "processed" / "FY2024" / "free_text.csv").read_text(encoding="utf-8-sig")
    assert "山田太郎様の世帯（03-1234-5678）" in free_text  # data/processed is never redacted


# -- the analyst's API ---------------------------------------------------------------------------------------
def test_short_reprs(report):
    assert repr(report) == "YearReport(令和6年度 (2024), 自治体 23, 人口規模, 合成データ)"
    assert (
        repr(report.positive("I")) == "ReportTable('I_肯定的回答', 'I 肯定的回答の割合', 5 rows × 9 columns)"
    )


def test_respondent_type_reads_in_japanese(report):
    assert (report.respondent_type, report.respondent_key) == ("自治体", "municipality")


def test_importable_from_the_package():
    from jusolib import YearReport as exported

    assert exported is YearReport


def test_counts_are_integers(report):
    for table in (report.positive("I"), report.distribution("II"), report.crosstab("I"), report.indices()):
        assert pd.api.types.is_integer_dtype(table.frame["n"]), table.key
    assert pd.api.types.is_integer_dtype(report.positive("I").frame["件数"])


def test_free_text_of_one_item_by_question_number(report):
    by_number = report.free_text_answers(item="問1-2").frame
    by_id = report.free_text_answers("I", item="out_hubs").frame
    assert set(by_number["項目"]) == {"地域住民等が相互に交流を図ることのできる拠点"}
    assert by_number.equals(by_id)
    section = report.free_text_answers("I").frame
    assert len(by_number) == int((section["項目"] == "地域住民等が相互に交流を図ることのできる拠点").sum())


def test_items_by_question_number_in_the_scoring_functions(report):
    from jusolib.stats.score import positive_share

    by_number = positive_share(report.data, item=["問1-2", "問3-14"], codebook=report.codebook)
    assert by_number["item_id"].tolist() == ["out_hubs", "chl_consultation_desk_collab"]


def test_an_unknown_fiscal_year_names_the_years_that_exist():
    with pytest.raises(ParameterError, match=r"fiscal years present: 令和6年度 \(2024\), 令和7年度 \(2025\)"):
        YearReport.load(2030)


def test_every_public_method_has_an_example():
    import inspect

    for name, member in inspect.getmembers(YearReport):
        if name.startswith("_") or not (callable(member) or isinstance(member, property)):
            continue  # dataclass fields such as redact are data, not methods
        target = member.fget if isinstance(member, property) else getattr(member, "func", member)
        doc = inspect.getdoc(target) or ""
        assert ">>>" in doc, f"YearReport.{name} has no example"


def test_one_respondent_type_missing_says_so_and_stops(data_dir, survey_dir):
    from jusolib.clean.pipeline import build_fiscal_year
    from tests.helpers import row, write_csv

    write_csv(survey_dir / "r.csv", [row("稲城市"), row("世田谷区")])  # 自治体 only
    build_fiscal_year(2024, data_dir)
    only = YearReport.load(2024, data_dir=data_dir)
    assert not only.paired_available and only.paired_comparison is None
    assert only.paired_summary().startswith("この年度は社協の回答データがないため")
    assert only.paired_agreement("I") is None and only.paired_disagreements() is None
    assert only.plot_paired() is None and only.paired_difference("I") is None


def test_the_workbook_has_the_paired_comparison(report):
    keys = [t.key for t in report.tables()]
    assert keys[0] == "回答者_規模別"
    assert {"I_自治体社協_一致", "III_自治体社協_差", "自治体社協_食い違い"} <= set(keys)
