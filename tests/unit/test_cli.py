from jusolib.cli import main
from tests.helpers import row, write_csv


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
