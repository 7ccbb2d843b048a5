"""The survey folder of a fiscal year (jusolib.io.manifest): its MANIFEST read and validated, and its return
files listed.

Each test starts from an empty FY2024 folder whose MANIFEST says ``data_status: real`` (``tests/helpers``).
"""

import pytest

from jusolib.core.errors import InputFileError
from jusolib.io.manifest import MANIFEST_FILE, read_manifest, survey_files


def write_manifest(survey_dir, text):
    (survey_dir / MANIFEST_FILE).write_text(text, encoding="utf-8")


def only_problem(error):
    (problem,) = error.value.problems
    return problem


def test_the_data_status_and_every_key_are_read_as_written(data_dir, survey_dir):
    manifest = read_manifest(2024, data_dir)
    assert manifest == {
        "fiscal_year": 2024,
        "data_status": "real",
        "title": "test fixture",
        "path": survey_dir / MANIFEST_FILE,
    }


def test_a_synthetic_folder_says_so(data_dir, survey_dir):
    write_manifest(survey_dir, "data_status: synthetic\nsupersedes:\n  - {file: b.csv, replaces: a.csv}\n")
    manifest = read_manifest("R6", data_dir)
    assert manifest["data_status"] == "synthetic"
    assert manifest["supersedes"] == [{"file": "b.csv", "replaces": "a.csv"}]


def test_a_folder_without_a_manifest_has_an_unknown_status(data_dir, survey_dir):
    (survey_dir / MANIFEST_FILE).unlink()
    assert read_manifest(2024, data_dir) == {"data_status": "unknown", "path": None}


def test_an_empty_manifest_or_one_without_a_status_is_unknown(data_dir, survey_dir):
    write_manifest(survey_dir, "")
    assert read_manifest(2024, data_dir) == {"data_status": "unknown", "path": survey_dir / MANIFEST_FILE}
    write_manifest(survey_dir, "title: 令和6年度 返送分\n")
    assert read_manifest(2024, data_dir)["data_status"] == "unknown"


def test_a_status_other_than_the_three_is_refused_naming_them(data_dir, survey_dir):
    write_manifest(survey_dir, "data_status: simulated\n")
    with pytest.raises(InputFileError) as error:
        read_manifest(2024, data_dir)
    problem = only_problem(error)
    assert (problem.kind, problem.column, problem.value) == ("bad_manifest", "data_status", "simulated")
    assert problem.file == str(survey_dir / MANIFEST_FILE)
    assert problem.expected == "one of ['synthetic', 'real', 'unknown']"


@pytest.mark.parametrize(
    "content",
    [b"data_status: [real\n", "data_status: 合成\n".encode("cp932")],
    ids=["not YAML", "not UTF-8"],
)
def test_a_manifest_that_cannot_be_read_is_refused(data_dir, survey_dir, content):
    (survey_dir / MANIFEST_FILE).write_bytes(content)
    with pytest.raises(InputFileError) as error:
        read_manifest(2024, data_dir)
    problem = only_problem(error)
    assert problem.kind == "bad_manifest" and problem.expected.startswith("a UTF-8 YAML manifest (")


def test_the_manifest_fiscal_year_must_be_the_folders(data_dir, survey_dir):
    write_manifest(survey_dir, "fiscal_year: 2023\ndata_status: real\n")
    with pytest.raises(InputFileError, match=r"folder's fiscal year") as error:
        read_manifest(2024, data_dir)
    problem = only_problem(error)
    assert (problem.kind, problem.column, problem.value) == (
        "fiscal_year_contradicts_folder",
        "fiscal_year",
        2023,
    )
    # the same year in another form is the same year
    write_manifest(survey_dir, "fiscal_year: 令和6年度\ndata_status: real\n")
    assert read_manifest(2024, data_dir)["fiscal_year"] == "令和6年度"


def test_return_files_are_listed_by_name_and_the_rest_set_aside(data_dir, survey_dir):
    for name in ("b.xlsx", "a.csv", "C.CSV", "d.xls", "e.ods", "f.tsv", "g.txt"):
        (survey_dir / name).write_bytes(b"x")
    for name in ("~$b.xlsx", ".DS_Store", "corrections.yaml", "README.md", "readme.txt"):
        (survey_dir / name).write_bytes(b"x")  # lock file, hidden file, the folder's own documents: silently
    (survey_dir / "old").mkdir()  # a sub-folder is not a return
    (survey_dir / "memo.docx").write_bytes(b"x")
    files, skipped = survey_files(2024, data_dir)
    assert [p.name for p in files] == ["C.CSV", "a.csv", "b.xlsx", "d.xls", "e.ods", "f.tsv", "g.txt"]
    assert all(p.parent == survey_dir for p in files)
    (warning,) = skipped
    assert (warning.kind, warning.file) == ("ignored_file", "raw/survey/FY2024/memo.docx")
    assert warning.expected.endswith("this file was ignored")


def test_an_empty_folder_has_no_return_files(data_dir):
    assert survey_files(2024, data_dir) == ([], [])  # its MANIFEST is not a return


def test_a_missing_survey_folder_is_refused(data_dir):
    with pytest.raises(InputFileError) as error:
        survey_files(2025, data_dir)
    problem = only_problem(error)
    assert problem.kind == "missing_survey_folder" and problem.file.endswith("FY2025")
    assert problem.expected == "a folder of return files for 令和7年度 (2025)"
