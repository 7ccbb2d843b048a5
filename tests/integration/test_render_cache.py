"""What each notebook reads is what jusolib.render.cache declares it reads.

Report notebooks of FY2025 (which has a previous year; four in ``make test``, all of them in ``make long``) and
90 of FY2024 (which has published figures) run in a warm kernel with Python's audit hook noting each file it
opens; every file under the data folders must be
covered by an input the notebook declares (:data:`jusolib.render.cache.READS`). A notebook that starts reading a
new file without declaring it would be reused when that file changes: this test fails first.
"""

import json
import os
from pathlib import Path

import nbformat
import papermill as pm
import pytest

from jusolib.core.fiscal import folder_name
from jusolib.core.paths import NOTEBOOKS_DIR, data_paths
from jusolib.render import kernels
from jusolib.render.batch import KERNEL, KERNEL_ARGUMENTS, NOTEBOOKS
from jusolib.render.cache import reads, split_input

#: The runs traced by make test: the FY2025 notebooks whose declared inputs differ (the previous year's build,
#: the earlier years' themes, the rules, none of the earlier years) and the published check of FY2024, which
#: alone reads the published figures. ``make long`` (JUSOLIB_LONG=1) traces every notebook of FY2025.
SAMPLED = ("01_outcomes", "02_changes", "04_year_over_year", "91_data_quality")
TRACED = [
    *((2025, name) for name in NOTEBOOKS if os.environ.get("JUSOLIB_LONG") or name in SAMPLED),
    (2024, "90_published_check"),
]

#: Installed first: notes every file opened, and writes the list when the kernel ends.
TRACE = """
import atexit, json, os, sys
_opened = set()
def _note(event, args):
    if event == "open" and isinstance(args[0], (str, bytes, os.PathLike)):
        _opened.add(os.path.realpath(os.fsdecode(args[0])))
sys.addaudithook(_note)
atexit.register(lambda: open({out!r}, "w").write(json.dumps(sorted(_opened))))
"""


def covering_inputs(path: Path, year: int) -> list[set[str]] | None:
    """What a notebook of ``year`` must declare to read ``path``: alternatives, each a set of inputs (names as in
    INPUT_FILES) that together cover it; ``[set()]`` for a data file no input covers; ``None`` for a file that is
    not data."""
    paths = data_paths()
    this = folder_name(year)
    earlier = [y for y in paths.fiscal_years() if y < year]
    rules: list[tuple[Path, list[set[str]]]] = [
        # the coding cache: the texts (in build.json) and the rules
        (paths.processed / this / "free_text_themes_", [{"build", "themes"}]),
        (paths.processed / this, [{"build"}]),
        (paths.raw / "survey" / this, [{"build"}]),  # build.json holds the SHA-256 of every return file
        (paths.codebook_dir / f"{this}.themes.yaml", [{"themes"}]),
        (paths.codebook_dir / f"{this}.yaml", [{"codebook"}, {"build"}]),
        (paths.reference_dir, [{"reference"}]),
        (paths.published_dir / f"{this}.csv", [{"published"}]),
        (paths.raw / "commentary" / f"{this}.md", [{"commentary"}]),
    ]
    for before in earlier:
        builds = [{"earlier_builds"}, *([{"previous_build"}] if before == earlier[-1] else [])]
        rules += [
            (
                paths.processed / folder_name(before) / "free_text_themes_",
                [b | {"earlier_themes"} for b in builds],
            ),
            (paths.processed / folder_name(before), builds),
            (paths.raw / "survey" / folder_name(before), builds),
            (paths.codebook_dir / f"{folder_name(before)}.themes.yaml", [{"earlier_themes"}]),
            (paths.codebook_dir / f"{folder_name(before)}.yaml", builds),  # in that year's build.json
        ]
    text = str(path)
    for prefix, alternatives in rules:
        if text.startswith(str(prefix.resolve())):
            return alternatives
    inside = any(text.startswith(str(root.resolve())) for root in (paths.raw, paths.processed))
    return [set()] if inside else None


def covered(path: Path, year: int, declared: set[str]) -> bool:
    return any(needed and needed <= declared for needed in covering_inputs(path, year) or [])


@pytest.fixture(scope="module")
def opened(tmp_path_factory):
    """Per traced run, the files the notebook opened."""
    from jusolib.clean.pipeline import ensure_built

    for year in {year for year, _ in TRACED}:
        ensure_built(year)
    folder = tmp_path_factory.mktemp("traced")
    found = {}
    with kernels.warm_kernels(KERNEL, str(NOTEBOOKS_DIR), spares=len(TRACED) - 1) as manager:
        for year, name in TRACED:
            notebook = nbformat.read(NOTEBOOKS_DIR / f"{name}.ipynb", as_version=4)
            trace = folder / f"{year}_{name}.json"
            notebook.cells.insert(0, nbformat.v4.new_code_cell(TRACE.format(out=str(trace))))
            nbformat.write(notebook, folder / f"{name}.ipynb")
            pm.execute_notebook(
                folder / f"{name}.ipynb",
                folder / f"{name}.out.ipynb",
                parameters={"fiscal_year": year},
                kernel_name=KERNEL,
                cwd=str(NOTEBOOKS_DIR),
                progress_bar=False,
                extra_arguments=KERNEL_ARGUMENTS,
                **({"kernel_manager_class": manager} if manager else {}),
            )
            found[year, name] = [Path(p) for p in json.loads(trace.read_text(encoding="utf-8"))]
    return found


@pytest.mark.parametrize(("year", "name"), TRACED)
def test_every_file_a_notebook_opens_is_an_input_it_declares(opened, year, name):
    declared = {split_input(spec)[0] for spec in reads(name)}
    data_files = [p for p in opened[year, name] if covering_inputs(p, year) is not None]
    assert data_files, name  # it read its data (the trace works)
    undeclared = [str(p) for p in data_files if not covered(p, year, declared)]
    assert not undeclared, (name, undeclared)


def test_the_trace_sees_what_the_declarations_are_about(opened):
    def inputs(year, name):
        return {i for p in opened[year, name] for needed in (covering_inputs(p, year) or []) for i in needed}

    assert "previous_build" in inputs(2025, "04_year_over_year")
    assert "earlier_themes" in inputs(2025, "01_outcomes")  # the word network laid out on last year's
    assert "earlier_builds" not in inputs(2025, "91_data_quality")  # so its key leaves the earlier years out
    assert "themes" in inputs(2025, "02_changes") and "themes" not in inputs(2025, "91_data_quality")
    assert {"published", "themes"} <= inputs(2024, "90_published_check")
