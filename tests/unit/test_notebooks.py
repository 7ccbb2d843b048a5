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
    assert values == EXPECTED_PARAMETERS


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
