from jusolib.cli import main
from tests.helpers import HEADINGS, row, write_csv


def test_unknown_municipality_exits_non_zero_naming_file_row_value(data_dir, survey_dir, capsys):
    write_csv(survey_dir / "returns.csv", [row("稲城市"), row("東京都新宿市")])
    status = main(["build", "--fiscal-year", "R6", "--data-dir", str(data_dir)])
    err = capsys.readouterr().err
    assert status == 2
    assert "raw/survey/FY2024/returns.csv, row 3, column 区市町村名 (A): '東京都新宿市'" in err
    assert "Traceback" not in err


def test_debug_shows_the_traceback(data_dir, survey_dir, capsys):
    write_csv(survey_dir / "returns.csv", [row("東京都新宿市")])
    assert main(["--debug", "build", "--data-dir", str(data_dir)]) == 2
    assert "Traceback" in capsys.readouterr().err


def test_build_prints_the_row_accounting(data_dir, survey_dir, capsys):
    write_csv(survey_dir / "returns.csv", [row("稲城市"), [""] * 29])
    assert main(["build", "--data-dir", str(data_dir)]) == 0
    out = capsys.readouterr().out
    assert "令和6年度 (2024)" in out
    assert "returns.csv" in out and "total" in out
    total = next(line for line in out.splitlines() if line.strip().startswith("total")).split()
    assert total[1:] == ["2", "1", "1"]


# -- every subcommand, every bad argument: status 2, one line on stderr, no traceback ----------------------------
import pathlib  # noqa: E402
import re  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402

import pytest  # noqa: E402

from jusolib.cli import build_parser  # noqa: E402

#: (subcommand, arguments, a fragment of the one-line message). Placeholders: {data} a data directory with an
#: FY2024 folder, {missing} a path that does not exist, {file} a file, {unreadable} a folder that cannot be
#: listed. A new subcommand needs its lines here (test_every_subcommand_is_swept fails until it has them).
SWEEP = [
    ("build", ["--fiscal-year", "R99"], "'R99' is outside the supported fiscal years"),
    ("build", ["--fiscal-year", "abc"], "'abc' is not a fiscal year"),
    ("build", ["--fiscal-year", "2023", "--data-dir", "{data}"], "no returns for 令和5年度 (2023)"),
    ("build", ["--data-dir", "{missing}"], "no such directory"),
    ("build", ["--data-dir", "{file}"], "is a file, expected a directory"),
    ("build", ["--data-dir", "{unreadable}"], "Permission denied"),
    ("build", ["--keep-going=yes"], "ignored explicit argument 'yes'"),
    ("render", ["--fiscal-year", "R5", "--data-dir", "{data}"], "no returns for 令和5年度 (2023)"),
    ("render", ["--fiscal-year", "1999"], "outside the supported fiscal years"),
    (
        "render",
        ["--size-scheme", "region"],
        "unknown size_scheme 'region': valid schemes are population_band (人口規模)",
    ),
    (
        "render",
        ["--respondent-type", "住民"],
        "unknown respondent_type '住民': valid respondent types are 自治体",
    ),
    ("render", ["--jobs", "-1"], "argument --jobs: expected a whole number ≥ 1, got '-1'"),
    ("render", ["--jobs", "0"], "argument --jobs: expected a whole number ≥ 1, got '0'"),
    ("render", ["--jobs", "many"], "argument --jobs: expected a whole number ≥ 1, got 'many'"),
    ("render", ["--data-dir", "{missing}"], "no such directory"),
    ("render", ["--data-dir", "{file}"], "is a file, expected a directory"),
    ("render", ["--data-dir", "{unreadable}"], "Permission denied"),
    ("render", ["--reports-dir", "{file}"], "--reports-dir"),
    ("render", ["--notebook", "x"], "unknown notebook 'x'"),
    ("render", ["--notebook", "../00_overview"], "unknown notebook '../00_overview'"),
    (
        "render",
        ["-p", "fiscal_yaer", "2024"],
        "unknown parameter 'fiscal_yaer' (did you mean 'fiscal_year'?)",
    ),
    (
        "render",
        ["-p", "colour", "red"],
        "the notebooks' parameters are fiscal_year (--fiscal-year), respondent_type",
    ),
    ("render", ["-p", "redact", "True"], "parameter 'redact' is set with --redact, not with -p"),
    ("render", ["-p", "top", "3", "-p", "top", "4"], "-p top is given twice"),
    ("render", ["-p", "top"], "argument -p/--parameter: expected 2 arguments"),
    ("refresh-notebooks", ["--notebook", "x"], "unknown notebook 'x'"),
    ("refresh-notebooks", ["--fiscal-year", "2024"], "unrecognized arguments: --fiscal-year 2024"),
    ("synth", ["--fiscal-year", "2026"], "no synthetic-data generator for 令和8年度 (2026)"),
    ("synth", ["--fiscal-year", "abc"], "'abc' is not a fiscal year"),
    (
        "synth",
        ["--fiscal-year", "2024", "--fiscal-year", "2030"],
        "no synthetic-data generator for 令和12年度",
    ),
    ("questionnaire", [], "the following arguments are required: --fiscal-year"),
    ("questionnaire", ["--fiscal-year", "abc"], "'abc' is not a fiscal year"),
    ("questionnaire", ["--fiscal-year", "R99"], "outside the supported fiscal years"),
    ("questionnaire", ["--fiscal-year", "2023", "--data-dir", "{data}"], "no codebook for FY2023"),
    ("questionnaire", ["--fiscal-year", "2024", "--respondent-type", "住民"], "but '住民' was passed"),
    ("questionnaire", ["--fiscal-year", "2024", "--data-dir", "{missing}"], "no such directory"),
    ("questionnaire", ["--fiscal-year", "2024", "--data-dir", "{file}"], "is a file, expected a directory"),
    ("questionnaire", ["--fiscal-year", "2024", "--out", "{file}"], "expected a folder, but it is a file"),
    (
        "questionnaire",
        ["--fiscal-year", "2024", "--data-dir", "{data}", "--out", "{data}/raw/survey/forms"],
        "forms are never written under",
    ),
    ("status", [], "the following arguments are required: --fiscal-year"),
    ("status", ["--fiscal-year", "abc"], "'abc' is not a fiscal year"),
    ("status", ["--fiscal-year", "2023", "--data-dir", "{data}"], "no codebook for FY2023"),
    ("status", ["--fiscal-year", "2024", "--data-dir", "{missing}"], "no such directory"),
    ("status", ["--fiscal-year", "2024", "--data-dir", "{file}"], "is a file, expected a directory"),
    (
        "status",
        ["--fiscal-year", "2024", "--data-dir", "{data}", "--out", "{data}"],
        "expected a CSV file name",
    ),
    (
        "status",
        ["--fiscal-year", "2024", "--data-dir", "{data}", "--out", "{data}/raw/status.csv"],
        "nothing is written under",
    ),
    ("themes", [], "the following arguments are required: check|export|import-khcoder"),
    ("themes", ["check"], "the following arguments are required: --fiscal-year"),
    ("themes", ["check", "--fiscal-year", "abc"], "'abc' is not a fiscal year"),
    ("themes", ["check", "--fiscal-year", "2024", "--data-dir", "{missing}"], "no such directory"),
    ("themes", ["check", "--fiscal-year", "2024", "--sample", "{missing}"], "not a readable UTF-8 YAML file"),
    ("themes", ["export", "--fiscal-year", "2024", "--format", "pdf", "--out", "x"], "invalid choice: 'pdf'"),
    (
        "themes",
        ["export", "--fiscal-year", "2024", "--format", "khcoder", "--out", "{data}/x.txt"],
        "--format khcoder needs --item",
    ),
    (
        "themes",
        [
            "export",
            "--fiscal-year",
            "2024",
            "--data-dir",
            "{data}",
            "--format",
            "qdc",
            "--out",
            "{data}/raw/a.qdc",
        ],
        "nothing is written under",
    ),
    (
        "themes",
        ["import-khcoder", "{missing}", "--fiscal-year", "2024", "--section", "II", "--out", "{data}/a.yaml"],
        "No such file or directory",
    ),
]


@pytest.fixture
def places(tmp_path, monkeypatch):
    """The placeholder paths; the bundled data is guarded against any write while the sweep runs."""
    from jusolib.core.paths import BUNDLED_DATA_DIR
    from tests.helpers import forbid_writes_under, make_data_dir

    data = make_data_dir(tmp_path / "data")
    (tmp_path / "a_file").write_text("x")
    unreadable = make_data_dir(tmp_path / "locked")
    survey = (unreadable / "raw" / "survey").resolve()
    real_iterdir = pathlib.Path.iterdir

    def iterdir(self):  # as a folder without read permission behaves (chmod binds nobody when run as root)
        if self.resolve() == survey:
            raise PermissionError(13, "Permission denied", str(self))
        return real_iterdir(self)

    monkeypatch.setattr(pathlib.Path, "iterdir", iterdir)
    monkeypatch.setenv("JUSOLIB_DATA_DIR", str(data))  # synth would write here, never into the repository
    with forbid_writes_under(BUNDLED_DATA_DIR / "raw"):
        yield {
            "data": str(data),
            "missing": str(tmp_path / "missing"),
            "file": str(tmp_path / "a_file"),
            "unreadable": str(unreadable),
        }


def test_every_subcommand_is_swept():
    parser = build_parser()
    commands = set(next(a for a in parser._actions if a.dest == "command").choices)
    assert commands == {command for command, _, _ in SWEEP}


@pytest.mark.parametrize(("command", "arguments", "fragment"), SWEEP)
def test_bad_argument_exits_2_with_one_line_and_no_traceback(places, capsys, command, arguments, fragment):
    argv = [command, *(a.format(**places) for a in arguments)]
    try:
        status = main(argv)
    except SystemExit as exit:  # argparse refuses the value before the command runs
        status = exit.code
    out, err = capsys.readouterr()
    assert status == 2, (argv, out, err)
    assert "Traceback" not in out + err
    assert err.count("\n") == 1, err  # one line
    # the command named (and its subcommand, for `jusolib themes check`)
    assert re.match(rf"jusolib {command}( [a-z-]+)?: error: ", err) and fragment in err, err
    assert out == ""  # nothing was built or written first


def test_debug_keeps_the_traceback_of_a_bad_argument(capsys):
    assert main(["--debug", "render", "--size-scheme", "region"]) == 2
    err = capsys.readouterr().err
    assert "Traceback" in err and "ParameterError" in err


def test_an_unexpected_failure_is_one_line_with_status_1(monkeypatch, capsys):
    import jusolib.cli

    def broken(args):
        raise KeyError("x")

    monkeypatch.setattr(jusolib.cli, "_cmd_build", broken)
    assert main(["build"]) == 1
    err = capsys.readouterr().err
    assert (
        err
        == "jusolib build: internal error (a bug in jusolib): KeyError: 'x' (run with --debug for the traceback)\n"
    )


@pytest.mark.parametrize(
    ("argv", "fragment"),
    [
        (["synth", "--fiscal-year", "2026"], "no synthetic-data generator"),
        (["render", "--jobs", "-1"], "expected a whole number ≥ 1"),
    ],
)
def test_the_installed_command_exits_2_with_one_line(argv, fragment, tmp_path):
    env = {**__import__("os").environ, "JUSOLIB_DATA_DIR": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-m", "jusolib.cli", *argv], capture_output=True, text=True, env=env, timeout=60
    )
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and fragment in done.stderr and "Traceback" not in done.stderr


def test_build_and_render_warn_with_the_count_of_personal_data(data_dir, survey_dir, capsys):
    headings = [*HEADINGS, "問1-1 具体的な内容"]
    write_csv(survey_dir / "r.csv", [[*row("中央区"), "山田太郎様（03-1234-5678）"]], headings=headings)
    assert main(["build", "--data-dir", str(data_dir)]) == 0
    out = capsys.readouterr().out
    assert "warning: 2 possible personal data" in out and "--redact" in out


def test_questionnaire_writes_one_form_per_respondent_into_out(tmp_path, capsys):
    from tests.helpers import implementing_only, make_data_dir

    root = implementing_only(make_data_dir(tmp_path / "data"), 2024, ["中央区"])
    status = main(
        ["questionnaire", "--fiscal-year", "令和6年度", "--data-dir", str(root), "--out", str(tmp_path / "f")]
    )
    out = capsys.readouterr().out
    assert status == 0
    assert sorted(p.name for p in (tmp_path / "f").iterdir()) == [
        "令和6年度_成果と課題調査_中央区_社協.xlsx",
        "令和6年度_成果と課題調査_中央区_自治体.xlsx",
    ]
    assert "2 forms →" in out


def test_questionnaire_goes_under_reports_by_default(tmp_path, monkeypatch, capsys):
    from tests.helpers import implementing_only, make_data_dir

    root = implementing_only(make_data_dir(tmp_path / "data"), 2024, ["中央区"])
    monkeypatch.setenv("JUSOLIB_REPORTS_DIR", str(tmp_path / "reports"))
    assert (
        main(["questionnaire", "--fiscal-year", "2024", "--respondent-type", "社協", "--data-dir", str(root)])
        == 0
    )
    assert [p.name for p in (tmp_path / "reports" / "questionnaire" / "FY2024").iterdir()] == [
        "令和6年度_成果と課題調査_中央区_社協.xlsx"
    ]


def test_status_prints_the_table_and_writes_the_csv(tmp_path, monkeypatch, capsys):
    from tests.helpers import implementing_only, make_data_dir, write_form

    root = implementing_only(make_data_dir(tmp_path / "data"), 2024, ["中央区", "墨田区"])
    write_form(root / "raw" / "survey" / "FY2024" / "中央区_自治体.xlsx")
    monkeypatch.setenv("JUSOLIB_REPORTS_DIR", str(tmp_path / "reports"))
    assert main(["status", "--fiscal-year", "R6", "--data-dir", str(root)]) == 0
    out = capsys.readouterr().out
    assert "自治体: 受領 1 / 対象 2 — 未着: 墨田区" in out
    assert "社協: 受領 0 / 対象 2 — 未着: 中央区、墨田区" in out
    assert (tmp_path / "reports" / "status" / "FY2024_回答状況.csv").is_file()


def test_status_names_the_contact_and_puts_each_remark_on_its_own_line(tmp_path, monkeypatch, capsys):
    from tests.helpers import implementing_only, make_data_dir, write_form

    root = implementing_only(make_data_dir(tmp_path / "data"), 2024, ["中央区"])
    write_form(
        root / "raw" / "survey" / "FY2024" / "中央区_自治体.xlsx",
        answers={"out_hubs": "ややあてはまる", "out_leaders": "1"},
        fields={"contact_name": "山田 花子", "contact_phone": "03-0000-1234"},
    )
    monkeypatch.setenv("JUSOLIB_REPORTS_DIR", str(tmp_path / "reports"))
    assert main(["status", "--fiscal-year", "R6", "--data-dir", str(root)]) == 0
    out = capsys.readouterr().out.splitlines()
    at = out.index("    - 中央区（自治体） 受領・集計から除外（連絡先: 山田 花子・03-0000-1234）")
    assert out[at + 1].startswith("        セルD20（問1-2）の回答「ややあてはまる」は選択肢にありません。")
    assert out[at + 2] == (
        "        セルD21（問1-3）の回答「1」は選択肢にありません（調査票は選択肢を番号で示していないため、番号は回答として"
        "読みません）。どの選択肢か送付元に確認し、corrections.yaml に記入してください → 集計から除外"
    )


def test_an_unknown_fiscal_year_lists_the_years_that_exist(data_dir, survey_dir, capsys):
    assert main(["build", "--fiscal-year", "R12", "--data-dir", str(data_dir)]) == 2
    err = capsys.readouterr().err
    assert "no returns for 令和12年度 (2030)" in err and "fiscal years present: 令和6年度 (2024)" in err
    assert "Copy the previous year's codebook" not in err


# -- jusolib themes ---------------------------------------------------------------------------------------------
def test_themes_check_prints_the_figures_the_errors_and_kappa(capsys):
    assert main(["themes", "check", "--fiscal-year", "2024"]) == 0
    out = capsys.readouterr().out
    assert "against the hand-coded sample FY2024.themes.sample.yaml" in out
    overall = next(line for line in out.splitlines() if line.strip().startswith("overall")).split()
    assert overall[-3:] == ["1.000", "1.000", "1.000"]  # after the rules were revised from this check
    assert "held out" in out and "問1-4, 問2-6" in out
    assert "intercoder agreement: FY2024.themes.sample.yaml and FY2024.themes.sample.coder2.yaml" in out


def test_themes_check_shows_the_text_behind_a_false_negative(tmp_path, capsys):
    sample = tmp_path / "mine.yaml"
    sample.write_text(
        "fiscal_year: 2024\ncoder: x\ncoded_on: 2026-12-01\nanswers:\n"
        "  municipality/132047/chg_supporter_support: {themes: [relations_built], text: 後方支援として相談に乗っている}\n",
        encoding="utf-8",
    )
    assert main(["themes", "check", "--fiscal-year", "R6", "--sample", str(sample)]) == 0
    out = capsys.readouterr().out
    assert "false negatives (the coder gave the theme, the rules did not): 1" in out
    assert "「後方支援として相談に乗っている」  coder: relations_built; rules: other" in out


def test_themes_export_and_import_round_trip(tmp_path, capsys):
    kh = tmp_path / "rules.txt"
    assert (
        main(
            [
                "themes",
                "export",
                "--fiscal-year",
                "2024",
                "--format",
                "khcoder",
                "--item",
                "問2-1",
                "--out",
                str(kh),
            ]
        )
        == 0
    )
    assert (
        main(
            [
                "themes",
                "import-khcoder",
                str(kh),
                "--fiscal-year",
                "2024",
                "--item",
                "問2-1",
                "--out",
                str(tmp_path / "t.yaml"),
            ]
        )
        == 0
    )
    import yaml

    doc = yaml.safe_load((tmp_path / "t.yaml").read_text(encoding="utf-8"))
    assert [t["id"] for t in doc["shared_themes"]] == [
        "relations_built",
        "less_burden",
        "function_understood",
        "before_project",
    ]
    qdc = tmp_path / "codebook.qdc"
    assert main(["themes", "export", "--fiscal-year", "2024", "--format", "qdc", "--out", str(qdc)]) == 0
    assert qdc.read_bytes().startswith(b'<?xml version="1.0" encoding="utf-8"?>')


def test_a_year_with_only_council_returns_is_rendered_for_the_council_not_refused(
    data_dir, survey_dir, monkeypatch, capsys
):
    # issue 19: the default render refused a year with only 社協 returns. Without --respondent-type the year is
    # rendered for 社協, and stderr says why; asked for 自治体 explicitly, the refusal names what there is.
    import jusolib.render.batch as rendering

    write_csv(survey_dir / "returns.csv", [row("中央区", "社協"), row("墨田区", "社協")])
    asked = []

    def fake_render(years, **options):
        asked.append((years, options["respondent_type"]))
        return rendering.RenderSummary()

    monkeypatch.setattr(rendering, "render", fake_render)
    assert main(["render", "--data-dir", str(data_dir), "--no-progress"]) == 0
    assert asked == [([2024], "社協")]
    assert (
        "FY2024: no 自治体 returns; rendering the 社協 returns (--respondent-type 社協)"
        in capsys.readouterr().err
    )
    asked.clear()
    assert main(["render", "--data-dir", str(data_dir), "--respondent-type", "社協", "--no-progress"]) == 0
    assert asked == [([2024], "社協")]
    assert rendering.respondent_types([2024], None, data_dir) == {2024: "社協"}
    assert rendering.respondent_types([2024], "自治体", data_dir) == {2024: "自治体"}


def test_a_report_of_a_respondent_type_that_did_not_answer_is_refused_naming_the_one_that_did(
    data_dir, survey_dir
):
    import pytest

    from jusolib.core.errors import ParameterError
    from jusolib.report import YearReport

    write_csv(survey_dir / "returns.csv", [row("中央区", "社協")])
    with pytest.raises(
        ParameterError, match=r"no 自治体 respondents in 令和6年度 \(2024\); the returns hold 社協 only"
    ):
        YearReport.load(2024, data_dir=data_dir)
