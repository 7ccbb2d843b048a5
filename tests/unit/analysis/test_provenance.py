"""The provenance record: data status, parameters, input files with their SHA-256, package versions, commit."""

import hashlib
import subprocess

import pytest

from jusolib.analysis import provenance as module
from jusolib.analysis.coding import analyser_description
from jusolib.core.paths import BUNDLED_DATA_DIR
from tests.helpers import fy2024_report


@pytest.fixture
def git(monkeypatch):
    """Answer git_commit's two questions by hand; the kept answer is forgotten before and after."""
    answers = {}

    def fake(*args):
        answer = answers[args[0]]
        if isinstance(answer, Exception):
            raise answer
        return answer

    monkeypatch.setattr(module, "_git", fake)
    module.git_commit.cache_clear()
    yield answers
    module.git_commit.cache_clear()


def test_the_commit_is_marked_dirty_only_when_tracked_files_changed(git):
    git.update({"rev-parse": "0123abcd", "status": ""})
    assert module.git_commit() == "0123abcd"
    module.git_commit.cache_clear()
    git["status"] = " M src/jusolib/report.py"
    assert module.git_commit() == "0123abcd+dirty"


@pytest.mark.parametrize(
    "failure", [OSError("not in a source checkout"), subprocess.CalledProcessError(128, "git")]
)
def test_without_a_repository_the_commit_is_unknown(git, failure):
    git.update({"rev-parse": failure, "status": ""})
    assert module.git_commit() == "unknown"


def test_package_versions_name_a_missing_package(monkeypatch):
    from importlib import metadata

    monkeypatch.setattr(module, "KEY_PACKAGES", ("pandas", "jusolib-no-such-package"))
    assert module.package_versions() == {
        "pandas": metadata.version("pandas"),
        "jusolib-no-such-package": "not installed",
    }


def test_the_record_copies_the_parameters_and_hashes_every_input():
    parameters = {"respondent_type": "自治体"}
    record = module.provenance_record(2024, parameters)
    parameters["respondent_type"] = "社協"
    assert record["parameters"] == {"respondent_type": "自治体"}
    assert (record["fiscal_year"], record["data_status"], record["data_status_label"]) == (
        2024,
        "synthetic",
        "合成データ",
    )
    codebook = "raw/codebook/FY2024.yaml"
    assert (
        record["inputs"][codebook] == hashlib.sha256((BUNDLED_DATA_DIR / codebook).read_bytes()).hexdigest()
    )
    assert list(record["packages"]) == list(module.KEY_PACKAGES)


def test_a_year_with_coding_rules_records_them_their_samples_and_the_analyser():
    record = fy2024_report().provenance()
    for name in ("FY2024.themes.yaml", "FY2024.themes.sample.yaml", "FY2024.themes.sample.coder2.yaml"):
        path = BUNDLED_DATA_DIR / "raw" / "codebook" / name
        assert record["inputs"][f"raw/codebook/{name}"] == hashlib.sha256(path.read_bytes()).hexdigest()
    assert record["parameters"]["free_text_analyser"] == analyser_description()
    assert record["parameters"]["respondent_type"] == "自治体"
