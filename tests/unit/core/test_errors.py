"""Errors name the file, the row or cell, the column, the value found and what was expected."""

import pytest

from jusolib.core.errors import (
    MAX_PROBLEMS_SHOWN,
    AmbiguousMunicipalityError,
    FiscalYearError,
    InputFileError,
    JusolibError,
    ParameterError,
    Problem,
    UnknownItemError,
    UnknownMunicipalityError,
    check_choice,
    file_error,
)


class TestProblem:
    def test_a_row_problem_names_file_row_column_value_and_expectation(self):
        problem = Problem(
            "r.csv", 5, "問1-1 (E)", "ややあてはまる", "one of あてはまる / あてはまらない", "answer"
        )
        assert str(problem) == (
            "r.csv, row 5, column 問1-1 (E): 'ややあてはまる' — expected one of あてはまる / あてはまらない"
        )

    def test_a_form_problem_names_the_cell_instead_of_the_row(self):
        problem = Problem("f.xlsx, sheet 調査票", 1, "問2-3", "x", "an option", "answer", cell="D22")
        assert str(problem) == "f.xlsx, sheet 調査票, cell D22 (問2-3): 'x' — expected an option"

    def test_a_whole_form_problem_with_no_cell_names_the_column(self):
        problem = Problem("f.xlsx", 1, "問2-3", None, "the item's row", "missing_item", cell="")
        assert str(problem) == "f.xlsx, 問2-3 — expected the item's row"

    def test_a_whole_file_problem_has_no_row_or_value(self):
        assert str(Problem.whole_file("a.xls", "an .xlsx file", "xls")) == "a.xls — expected an .xlsx file"


def test_input_file_error_lists_every_problem_up_to_its_limit():
    problems = [
        Problem("a.csv", i, "回答主体", "", "a respondent type", "missing")
        for i in range(MAX_PROBLEMS_SHOWN + 3)
    ]
    message = str(InputFileError(problems))
    assert message.splitlines()[0] == f"{MAX_PROBLEMS_SHOWN + 3} problems in the input files:"
    assert message.count("\n  - ") == MAX_PROBLEMS_SHOWN
    assert message.endswith("… and 3 more (see the rejection log with --keep-going)")


def test_one_problem_is_singular_and_file_error_wraps_one_whole_file_problem():
    error = file_error("a.xlsm", "an .xlsx without macros", "macro")
    assert str(error) == "1 problem in the input files:\n  - a.xlsm — expected an .xlsx without macros"
    assert error.problems[0].kind == "macro"


def test_the_error_family_lets_callers_catch_by_meaning():
    assert issubclass(UnknownMunicipalityError, LookupError) and issubclass(
        AmbiguousMunicipalityError, JusolibError
    )
    assert issubclass(FiscalYearError, ValueError) and issubclass(ParameterError, ValueError)
    assert issubclass(UnknownItemError, ParameterError)  # a wrong item is a wrong argument
    error = UnknownMunicipalityError("世田谷", "is not a Tokyo municipality", ["世田谷区"])
    assert (error.value, error.candidates) == ("世田谷", ["世田谷区"])
    assert str(error) == "'世田谷': is not a Tokyo municipality (closest: 世田谷区)"


def test_check_choice_lists_the_valid_choices():
    check_choice("base", "all", ["all", "valid"])
    with pytest.raises(ParameterError, match=r"must be one of \['all', 'valid'\], but 'x' was passed"):
        check_choice("base", "x", ["all", "valid"])
