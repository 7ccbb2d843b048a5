"""Where data lives: a source checkout's folders, a wheel's shipped copies, and the settings that override."""

from pathlib import Path

import pytest

from jusolib.core.errors import ParameterError
from jusolib.core.paths import (
    BUNDLED_DATA_DIR,
    DATA_DIR_ENV,
    REPORTS_DIR_ENV,
    DataPaths,
    data_paths,
    locate,
    reports_dir,
)


def test_a_package_inside_a_checkout_uses_the_checkout(tmp_path):
    (tmp_path / "src" / "jusolib").mkdir(parents=True)
    (tmp_path / "data" / "raw").mkdir(parents=True)
    (tmp_path / "pyproject.toml").write_text("[project]\n")
    where = locate(tmp_path / "src" / "jusolib", cwd=Path("/elsewhere"))
    assert where.checkout == tmp_path
    assert (where.data, where.notebooks, where.reports) == (
        tmp_path / "data",
        tmp_path / "notebooks",
        tmp_path / "reports",
    )


def test_an_installed_package_uses_its_shipped_copies_and_the_current_folder(tmp_path):
    package = tmp_path / "lib" / "site-packages" / "jusolib"
    package.mkdir(parents=True)
    where = locate(package, cwd=tmp_path / "work")
    assert where.checkout is None
    assert where.data == package / "_shipped" / "data"
    assert where.notebooks == package / "_shipped" / "notebooks"
    assert where.reports == tmp_path / "work" / "reports"


def test_a_folder_without_pyproject_is_not_taken_for_a_checkout(tmp_path):
    (tmp_path / "src" / "jusolib").mkdir(parents=True)
    (tmp_path / "data" / "raw").mkdir(parents=True)
    assert locate(tmp_path / "src" / "jusolib").checkout is None


def test_data_dir_argument_then_environment_then_shipped(tmp_path, monkeypatch):
    monkeypatch.delenv(DATA_DIR_ENV, raising=False)
    assert data_paths().root == BUNDLED_DATA_DIR.resolve()
    monkeypatch.setenv(DATA_DIR_ENV, str(tmp_path / "env"))
    assert data_paths().root == (tmp_path / "env").resolve()
    assert data_paths(tmp_path / "arg").root == (tmp_path / "arg").resolve()
    given = DataPaths(tmp_path)
    assert data_paths(given) is given


def test_reference_and_codebooks_fall_back_to_the_shipped_copies(tmp_path):
    paths = data_paths(tmp_path)
    assert paths.reference_dir == BUNDLED_DATA_DIR / "raw" / "reference"
    (tmp_path / "raw" / "codebook").mkdir(parents=True)
    assert paths.codebook_dir == tmp_path / "raw" / "codebook"


def test_a_missing_year_names_the_years_present_and_where_to_put_returns(tmp_path):
    (tmp_path / "raw" / "survey" / "FY2024").mkdir(parents=True)
    with pytest.raises(ParameterError) as caught:
        data_paths(tmp_path).require_fiscal_year("R7")
    message = str(caught.value)
    assert "令和7年度 (2025)" in message and "令和6年度 (2024)" in message
    assert str(tmp_path / "raw" / "survey" / "FY2025") in message


def test_reports_go_where_the_setting_says(tmp_path, monkeypatch):
    monkeypatch.setenv(REPORTS_DIR_ENV, str(tmp_path / "out"))
    assert reports_dir() == (tmp_path / "out").resolve()
    assert reports_dir(tmp_path / "given") == (tmp_path / "given").resolve()


def test_paths_inside_the_data_folder_are_shown_relative(tmp_path):
    paths = data_paths(tmp_path)
    assert paths.relative(tmp_path / "raw" / "survey" / "a.csv") == "raw/survey/a.csv"
    assert paths.relative(Path("/nowhere/else.csv")) == "/nowhere/else.csv"


def test_the_wheel_carries_the_shipped_data_and_notebooks():
    """pyproject's force-include and locate() agree on the folder names."""
    import tomllib

    root = Path(__file__).resolve().parents[3]
    config = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))
    shipped = config["tool"]["hatch"]["build"]["targets"]["wheel"]["force-include"]
    assert shipped["data/raw/reference"] == "jusolib/_shipped/data/raw/reference"
    assert shipped["data/raw/codebook"] == "jusolib/_shipped/data/raw/codebook"
    assert shipped["notebooks"] == "jusolib/_shipped/notebooks"
