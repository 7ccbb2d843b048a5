"""make api: the API reference is written from the docstrings, offline."""

import importlib.util
import re
from pathlib import Path

TOOL = Path(__file__).resolve().parents[2] / "tools" / "api_reference.py"


def _tool():
    spec = importlib.util.spec_from_file_location("api_reference", TOOL)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_reference_is_written_from_the_docstrings_and_fetches_nothing(tmp_path):
    tool = _tool()
    pages = tool.build(tmp_path, ("jusolib.survey.vocabulary", "jusolib.analyst.table"))
    names = {p.relative_to(tmp_path).as_posix() for p in pages}
    assert {"jusolib/survey/vocabulary.html", "jusolib/analyst/table.html", "index.html"} <= names
    page = (tmp_path / "jusolib" / "survey" / "vocabulary.html").read_text(encoding="utf-8")
    assert "size_scheme_key" in page and "did you mean" in page  # the functions and their docstrings
    assert not re.search(r'<(script|link|img)[^>]+(src|href)="https?://', page)  # nothing fetched


def test_every_public_module_of_a_package_is_listed():
    modules = _tool().public_modules("jusolib.analyst")
    assert modules == [
        "jusolib.analyst",
        "jusolib.analyst.explorer",
        "jusolib.analyst.methods",
        "jusolib.analyst.table",
    ]
    assert not [m for m in modules if any(part.startswith("_") for part in m.split("."))]
