"""Every file of the bad-input corpus gives its expected result, through the API and through the CLI.

A case is one file, or a folder whose files (and ``MANIFEST.yaml``, if it has one) together make the survey folder.
"""

from pathlib import Path

import pytest
import yaml

from jusolib.clean.pipeline import build_fiscal_year, load_cleaning_log, load_rejection_log, load_responses
from jusolib.cli import main
from jusolib.core.errors import InputFileError
from tests.bad_inputs.make_corpus import GENERATED
from tests.helpers import make_data_dir

HERE = Path(__file__).parent
CASES = yaml.safe_load((HERE / "cases.yaml").read_text(encoding="utf-8"))


def test_corpus_is_complete():
    files = {p.name for p in (HERE / "files").iterdir()}
    generated = {name for name, case in CASES.items() if case.get("generated")}
    assert generated == set(GENERATED), "every generated case has a generator and every generator a case"
    assert not files & generated, "generated files are not committed"
    assert files | generated == set(CASES), (
        "every corpus file has an expectation and every expectation a file"
    )
    assert len(files) >= 30


def case_files(name):
    """The files of a case: the file itself, or the files of its folder."""
    path = HERE / "files" / name
    return sorted(path.iterdir()) if path.is_dir() else [path]


@pytest.fixture
def case_dir(tmp_path, request):
    name = request.param
    root = make_data_dir(tmp_path / "data")
    if name in GENERATED:
        GENERATED[name](root / "raw" / "survey" / "FY2024" / name)
    else:
        for path in case_files(name):
            (root / "raw" / "survey" / "FY2024" / path.name).write_bytes(path.read_bytes())
    return name, root


def lines_of(problems, kind):
    return [str(p) for p in problems if p.kind == kind]


@pytest.mark.parametrize("case_dir", sorted(CASES), indirect=True)
def test_case(case_dir, capsys):
    name, root = case_dir
    expected = CASES[name]
    if expected["outcome"] == "error":
        with pytest.raises(InputFileError) as err:
            build_fiscal_year(2024, root)
        lines = lines_of(err.value.problems, expected["kind"])
        assert lines, f"{name}: no {expected['kind']} problem in {[p.kind for p in err.value.problems]}"
        assert any(all(fragment in line for fragment in expected["message"]) for line in lines), lines
        names = [p.name for p in case_files(name) if p.name != "MANIFEST.yaml"]
        assert all(any("raw/survey/FY2024/" + n in str(p) for n in names) for p in err.value.problems)
    else:
        result = build_fiscal_year(2024, root)
        files = result.summary["files"]
        if "rows" in expected:
            assert [
                sum(f[k] for f in files) for k in ("rows_read", "rows_clean", "rows_rejected")
            ] == expected["rows"]
        if "encoding" in expected:
            assert files[0]["encoding"] == expected["encoding"]
        rules = set(load_cleaning_log(2024, root)["rule"])
        assert set(expected.get("rules", [])) <= rules, rules
        reasons = " / ".join(load_rejection_log(2024, root)["reason"])
        assert all(r in reasons for r in expected.get("rejections", []))
        if expected["outcome"] == "warning":
            messages = [w["message"] for w in result.summary["warnings"] if w["kind"] == expected["kind"]]
            assert any(all(f in m for f in expected["message"]) for m in messages), result.summary["warnings"]
        if "answers" in expected:  # no silent change: every answer read is the one filled in
            answers = load_responses(2024, data_dir=root)
            assert len(answers), f"{name}: no answer read"
            wanted = expected["answers"]
            read = {(r.respondent_type, r.muni_code, r.item_id): str(r.answer) for r in answers.itertuples()}
            meant = {key: wanted.get(key[2], wanted.get("*", "あてはまる")) for key in read}
            assert read == meant, {k: (v, meant[k]) for k, v in read.items() if v != meant[k]}
        for secret in expected.get("never_in_outputs", []):  # the contact block is for status only
            for path in result.output_dir.iterdir():
                assert secret not in path.read_text(encoding="utf-8-sig"), f"{secret!r} in {path.name}"


@pytest.mark.parametrize("case_dir", sorted(CASES), indirect=True)
def test_cli_exit_status_and_no_traceback(case_dir, capsys):
    name, root = case_dir
    expected = CASES[name]
    status = main(["build", "--fiscal-year", "2024", "--data-dir", str(root)])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    if expected["outcome"] == "error":
        assert status == 2
        assert expected["message"][0] in err
        assert "run with --debug for the traceback" in err
    else:
        assert status == 0
        if expected["outcome"] == "warning":
            assert "warning:" in out


def test_one_keep_going_run_over_every_case_lists_every_problem_and_status_shows_every_file(tmp_path):
    """The coordinator's day: every file of the corpus (but the large generated ones) in one survey folder. One
    ``build --keep-going`` sets aside what cannot be read and goes on; every error case's problem is in the
    rejection log or among the files set aside, every warning case's warning is in build.json, rows in = rows
    clean + rows rejected; ``jusolib status`` lists every file of the folder."""
    from jusolib.clean.collection import collection_status

    root = make_data_dir(tmp_path / "data")
    folder = root / "raw" / "survey" / "FY2024"
    names = set()
    for name in sorted(CASES):
        if name in GENERATED:
            continue
        for path in case_files(name):
            if path.name in ("MANIFEST.yaml", "corrections.yaml"):
                continue
            target = path.name if (HERE / "files" / name).is_file() else f"{name}__{path.name}"
            (folder / target).write_bytes(path.read_bytes())
            names.add(target)
    result = build_fiscal_year(2024, root, keep_going=True)
    totals = result.summary["totals"]
    assert totals["rows_read"] == totals["rows_clean"] + totals["rows_rejected"]
    reasons = " / ".join(load_rejection_log(2024, root)["reason"])
    set_aside = {p["kind"] for p in result.summary["set_aside"]}
    warnings = {w["kind"] for w in result.summary["warnings"]}
    for name, case in CASES.items():
        if name in GENERATED or case["outcome"] == "clean":
            continue
        kind = case["kind"]
        if kind in ("missing_respondents", "duplicate_respondent", "bad_correction"):
            continue  # a folder of many files answers for everyone twice; corrections.yaml is not copied
        if case["outcome"] == "error":
            assert kind in set_aside or f"{kind}: expected" in reasons, name
        else:
            assert kind in warnings, name
    status = collection_status(2024, root)
    listed = {n for cell in status["file"] for n in cell.split(" / ") if n}
    assert listed == names
