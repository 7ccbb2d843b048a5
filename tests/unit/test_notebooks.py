"""The committed notebooks: one literal-only parameters cell, executed for FY2024, nothing broken in them."""

import ast
import json

import nbformat
import pytest

from jusolib.core.paths import NOTEBOOKS_DIR
from jusolib.render.batch import NOTEBOOKS

EXPECTED_PARAMETERS = {
    "fiscal_year": 2024,
    "respondent_type": "自治体",
    "size_scheme": "population_band",
    "data_dir": None,
    "redact": False,
}


@pytest.fixture(params=NOTEBOOKS)
def notebook(request):
    return request.param, nbformat.read(NOTEBOOKS_DIR / f"{request.param}.ipynb", as_version=4)


def test_exactly_one_parameters_cell_of_literals(notebook):
    name, nb = notebook
    cells = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(cells) == 1, name
    values = {}
    for statement in ast.parse(cells[0].source).body:
        assert isinstance(statement, ast.Assign) and isinstance(statement.value, ast.Constant), name
        values[statement.targets[0].id] = statement.value.value
    # the notebooks that rank municipalities also take names_in_rankings, off by default (issue 22)
    extra = {"names_in_rankings": False} if name == "05_municipality_vs_council" else {}
    assert values == {**EXPECTED_PARAMETERS, **extra}


def test_committed_executed_without_errors_or_missing_glyphs(notebook):
    name, nb = notebook
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        assert cell.execution_count is not None, f"{name}: run `make notebooks` to execute it"
        for output in cell.outputs:
            text = json.dumps(output, ensure_ascii=False)
            assert output.output_type != "error", name
            assert not ("Glyph" in text and "missing" in text), name


def test_key_tables_are_checked_by_nbval(notebook):
    name, nb = notebook
    if name == "04_year_over_year" or name.startswith("9"):
        return
    assert any("nbval-check-output" in c.metadata.get("tags", []) for c in nb.cells), name


def test_notebooks_are_thin(notebook):
    """Logic lives in jusolib: no function or class is defined in a notebook."""
    name, nb = notebook
    for cell in nb.cells:
        if cell.cell_type == "code":
            tree = ast.parse(cell.source)
            assert not any(isinstance(n, ast.FunctionDef | ast.ClassDef) for n in ast.walk(tree)), name


# -- the analysts' folder and the 「よくある分析」 notebook ---------------------------------------------------------
ANALYSTS_FOLDER = NOTEBOOKS_DIR / "work"
FAILING_NOTEBOOK = {
    "cells": [
        {
            "cell_type": "code",
            "execution_count": None,
            "metadata": {},
            "outputs": [],
            "source": [
                "import os, sys\n",
                "x=1;y = undefined_name\n",
                "raise RuntimeError('an analyst is half way')",
            ],
        }
    ],
    "metadata": {},
    "nbformat": 4,
    "nbformat_minor": 5,
}


@pytest.fixture()
def analysts_notebook():
    """A notebook saved in notebooks/work/ that fails to run and that ruff would reject (unused imports,
    two statements on a line, an undefined name)."""
    path = ANALYSTS_FOLDER / "test_issue23_scratch.ipynb"
    path.write_text(json.dumps(FAILING_NOTEBOOK), encoding="utf-8")
    yield path
    path.unlink(missing_ok=True)


def test_the_analysts_folder_is_ignored_by_git(analysts_notebook):
    import subprocess

    root = NOTEBOOKS_DIR.parent
    if not (root / ".git").exists():
        pytest.skip("not a git checkout")
    ignored = subprocess.run(
        ["git", "check-ignore", "-q", str(analysts_notebook)], cwd=root, check=False
    ).returncode
    kept = subprocess.run(
        ["git", "check-ignore", "-q", str(ANALYSTS_FOLDER / "README.md")], cwd=root, check=False
    )
    assert ignored == 0 and kept.returncode == 1


def test_the_analysts_folder_is_ignored_by_ruff(analysts_notebook):
    import subprocess
    import sys
    from pathlib import Path

    ruff = Path(sys.executable).with_name("ruff")
    result = subprocess.run(
        [str(ruff), "check", "--no-cache", "notebooks"],
        cwd=NOTEBOOKS_DIR.parent,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout
    alone = subprocess.run(
        [str(ruff), "check", "--no-cache", "--isolated", str(analysts_notebook)],
        capture_output=True,
        text=True,
    )
    assert (
        alone.returncode == 1
    )  # the same file, linted on its own, has errors: the folder is what is excluded


def test_the_analysts_folder_is_not_collected_by_pytest(analysts_notebook):
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:xdist", "notebooks"],
        cwd=NOTEBOOKS_DIR.parent,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout[-2000:]
    assert "analyst_tasks.ipynb" in result.stdout and "test_issue23_scratch" not in result.stdout


def test_the_analysts_folder_is_never_rendered(analysts_notebook):
    from jusolib.core.errors import ParameterError
    from jusolib.render.batch import EXAMPLES, check_notebooks

    assert not any(name.startswith("work") for name in NOTEBOOKS + EXAMPLES)
    with pytest.raises(ParameterError):
        check_notebooks(["work/test_issue23_scratch"])


def test_make_lab_opens_the_analysts_folder_on_a_chosen_port():
    import subprocess

    root = NOTEBOOKS_DIR.parent
    dry = subprocess.run(
        ["make", "-n", "lab", "PORT=8899"], cwd=root, capture_output=True, text=True, check=True
    ).stdout
    assert "--notebook-dir=notebooks" in dry and "--LabApp.default_url=/lab/tree/work" in dry
    assert "--port=8899" in dry
    assert (
        "--port" not in subprocess.run(["make", "-n", "lab"], cwd=root, capture_output=True, text=True).stdout
    )


def _readme_tasks() -> list[str]:
    readme = (NOTEBOOKS_DIR.parent / "README.md").read_text(encoding="utf-8")
    section = readme.split("### よくある分析", 1)[1].split("\n## ", 1)[0].split("\n### ", 1)[0]
    blocks = section.split("```python")[1:]
    return [block.split("```", 1)[0] for block in blocks]


def test_the_ten_common_tasks_take_one_to_three_lines_and_run_in_the_notebook():
    blocks = _readme_tasks()
    assert len(blocks) == 10
    lines = [[line.strip() for line in block.strip().splitlines()] for block in blocks]
    assert all(1 <= len(task) <= 3 for task in lines)
    notebook = nbformat.read(NOTEBOOKS_DIR / "analyst_tasks.ipynb", as_version=4)
    code = [
        line.strip()
        for cell in notebook.cells
        if cell.cell_type == "code"
        for line in cell.source.splitlines()
    ]
    for task in lines:
        for line in task:
            statement = line.split("  #", 1)[0].strip()
            assert statement in code, (
                f"README task line not run in notebooks/analyst_tasks.ipynb: {statement}"
            )


def test_the_common_tasks_notebook_is_executed_without_errors():
    notebook = nbformat.read(NOTEBOOKS_DIR / "analyst_tasks.ipynb", as_version=4)
    cells = [c for c in notebook.cells if c.cell_type == "code"]
    assert all(c.execution_count for c in cells)
    assert not [o for c in cells for o in c.outputs if o.output_type == "error"]
