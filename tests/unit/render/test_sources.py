import json

import pytest

from jusolib.core.errors import ParameterError
from jusolib.core.paths import NOTEBOOKS_DIR
from jusolib.render.sources import (
    NotebookSource,
    check_parameters,
    declared_parameters,
    parse_value,
    read_source,
)

STANDARD = ["fiscal_year", "respondent_type", "size_scheme", "data_dir", "redact"]
OPTIONS = {"fiscal_year": "--fiscal-year", "redact": "--redact"}


def copy_of(name, tmp_path):
    notebook = json.loads((NOTEBOOKS_DIR / f"{name}.ipynb").read_text(encoding="utf-8"))
    return notebook, tmp_path / f"{name}.ipynb"


def write(notebook, path):
    path.write_text(json.dumps(notebook, ensure_ascii=False), encoding="utf-8")
    return read_source(path)


class TestReadSource:
    def test_every_report_notebook_declares_the_standard_parameters_and_a_title(self):
        from jusolib.render.batch import NOTEBOOKS

        for path in (NOTEBOOKS_DIR / f"{name}.ipynb" for name in NOTEBOOKS):
            source = read_source(path)
            # 05 also takes names_in_rankings (issue 22: `-p names_in_rankings True`, off by default)
            extra = ["names_in_rankings"] if path.stem == "05_municipality_vs_council" else []
            assert list(source.parameters) == [*STANDARD, *extra], path.name
            assert source.parameters["fiscal_year"] == 2024 and source.parameters["data_dir"] is None
            assert source.title.startswith(path.stem[:2] + " "), path.name

    def test_the_digest_ignores_what_running_the_notebook_replaces(self, tmp_path):
        notebook, path = copy_of("91_data_quality", tmp_path)
        before = write(notebook, path).digest
        for cell in notebook["cells"]:
            if cell["cell_type"] == "code":
                cell["outputs"], cell["execution_count"] = [{"output_type": "stream", "text": "x"}], 99
                cell["metadata"]["execution"] = {"iopub.status.busy": "2026-01-01T00:00:00Z"}
        notebook["metadata"]["language_info"] = {"version": "9.9"}
        notebook["metadata"]["papermill"] = {"duration": 1.0}
        assert write(notebook, path).digest == before

    def test_the_digest_changes_with_a_cell_a_tag_or_the_kernel(self, tmp_path):
        notebook, path = copy_of("91_data_quality", tmp_path)
        before = write(notebook, path).digest
        code = [c for c in notebook["cells"] if c["cell_type"] == "code"]
        code[-1]["source"] = code[-1]["source"] + ["\n", "1 + 1"]
        edited = write(notebook, path).digest
        code[-1]["metadata"]["tags"] = ["nbval-skip"]
        tagged = write(notebook, path).digest
        notebook["metadata"]["kernelspec"]["name"] = "other"
        kernel = write(notebook, path).digest
        assert len({before, edited, tagged, kernel}) == 4

    def test_source_as_one_string_or_lines_reads_the_same(self, tmp_path):
        notebook, path = copy_of("91_data_quality", tmp_path)
        as_lines = write(notebook, path)
        for cell in notebook["cells"]:
            cell["source"] = "".join(cell["source"])
        assert write(notebook, path) == as_lines


def test_declared_parameters_reads_literals_and_notes_the_rest():
    cell = 'fiscal_year = 2024  # 年度\nsections: list = ["I", "II"]\nlimit = 3 * 4\nredact = False'
    assert declared_parameters(cell) == {
        "fiscal_year": 2024,
        "sections": ["I", "II"],
        "limit": None,  # not a literal: no default to compare a value with
        "redact": False,
    }
    assert declared_parameters("this is not python =") == {}


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("2024", 2024),
        ("0.5", 0.5),
        ("False", False),
        ("None", None),
        ("'R6'", "R6"),
        ("R6", "R6"),
        ("[1]", "[1]"),
    ],
)
def test_parse_value(text, value):
    assert parse_value(text) == value and type(parse_value(text)) is type(value)


NOTEBOOKS = (
    NotebookSource("01_a", "a", {"fiscal_year": 2024, "redact": False, "top": 3, "share": 0.5}),
    NotebookSource("02_b", "b", {"fiscal_year": 2024, "redact": False, "label": None}),
)


class TestCheckParameters:
    notebooks = NOTEBOOKS

    def test_each_notebook_receives_the_parameters_it_declares(self):
        given = {"fiscal_year": 2025, "redact": True, "top": 5, "label": "x"}
        assert check_parameters(given, self.notebooks, options=OPTIONS) == {
            "01_a": {"fiscal_year": 2025, "redact": True, "top": 5},
            "02_b": {"fiscal_year": 2025, "redact": True, "label": "x"},
        }

    def test_a_misspelt_name_is_refused_naming_the_valid_ones_and_the_closest(self):
        with pytest.raises(ParameterError) as caught:
            check_parameters({"fiscal_yaer": 2024}, self.notebooks, options=OPTIONS)
        assert str(caught.value) == (
            "unknown parameter 'fiscal_yaer' (did you mean 'fiscal_year'?): the notebooks' parameters are "
            "fiscal_year (--fiscal-year), redact (--redact), top, share, label"
        )

    def test_a_name_no_notebook_declares_is_refused(self):
        with pytest.raises(ParameterError, match="unknown parameter 'colour': the notebooks' parameters are"):
            check_parameters({"colour": "red"}, self.notebooks, options=OPTIONS)

    @pytest.mark.parametrize(
        ("name", "value", "expected"),
        [("top", "five", "a whole number"), ("top", True, "a whole number"), ("share", "x", "a number")],
    )
    def test_a_value_unlike_the_default_is_refused(self, name, value, expected):
        with pytest.raises(ParameterError, match=f"parameter '{name}' of 01_a.ipynb expects {expected}"):
            check_parameters({name: value}, self.notebooks, options=OPTIONS)

    def test_a_whole_number_fits_a_number_and_anything_fits_none(self):
        assert check_parameters({"share": 1, "label": [1]}, self.notebooks)["01_a"] == {"share": 1}

    def test_a_notebook_without_a_standard_parameter_is_refused(self):
        odd = NotebookSource("03_c", "c", {"fiscal_year": 2024})
        with pytest.raises(ParameterError, match=r"03_c\.ipynb does not declare the parameter 'redact'"):
            check_parameters({"fiscal_year": 2024, "redact": False}, [*NOTEBOOKS, odd], options=OPTIONS)
