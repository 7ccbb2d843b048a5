"""Rendering one fiscal year against its floor.

Real: `jusolib.render.batch.render` of FY2024 — every notebook executed with papermill, HTML pages, index, workbook,
manifest — with one job. Floor: the same number of notebooks that only start a kernel and import what the real
notebooks import, executed the same way (papermill, same kernel, one at a time). The ratio says what the
analysis itself costs on top of starting kernels and importing. Target: ≤ 1.25.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

import nbformat
import papermill as pm
from _common import machine, verdict

from jusolib.clean.pipeline import ensure_built
from jusolib.render.batch import KERNEL, KERNEL_ARGUMENTS, NOTEBOOKS, render

REPEAT = 5
TARGET = 1.25
YEAR = 2024
#: What every report notebook imports, directly or through jusolib.notebook.start(), the charts, the tests and the
#: tables it displays (jusolib.analysis.table_html: pandas' Styler, Jinja2, BudouX; jusolib.core.wording: the reading notes, PyYAML;
#: the inline backend and PIL's PNG writer that draw the charts). Several of these are imported by jusolib only on
#: first use, so they are named here: the floor imports every module a real notebook has loaded when it ends that
#: the kernel alone had not (compared with sys.modules, 2026-11-28). The free-text analyser is not here: the
#: notebooks read the year's coding from its cache in data/processed.
FLOOR_IMPORTS = """import matplotlib.pyplot as plt
from IPython.display import Markdown, display

import budoux
import jinja2
import jusolib.notebook
import jusolib.analysis.charts
import jusolib.analysis.table_html
import jusolib.core.wording
import matplotlib.backends.backend_agg
import matplotlib_fontja
import matplotlib_inline.backend_inline
import pandas.io.formats.style
import PIL.PngImagePlugin
import scipy.stats
import seaborn
import yaml"""


def floor_notebook(path: Path) -> None:
    notebook = nbformat.v4.new_notebook()
    parameters = nbformat.v4.new_code_cell('fiscal_year = 2024\nrespondent_type = "自治体"')
    parameters.metadata["tags"] = ["parameters"]
    notebook.cells = [parameters, nbformat.v4.new_code_cell(FLOOR_IMPORTS)]
    notebook.metadata["kernelspec"] = {"name": KERNEL, "display_name": "Python 3", "language": "python"}
    nbformat.write(notebook, path)


def run_floor(folder: Path) -> float:
    start = time.perf_counter()
    for i in range(len(NOTEBOOKS)):
        source = folder / f"floor_{i}.ipynb"
        pm.execute_notebook(
            source,
            folder / f"out_{i}.ipynb",
            parameters={"fiscal_year": YEAR},
            kernel_name=KERNEL,
            progress_bar=False,
            log_output=False,
            extra_arguments=KERNEL_ARGUMENTS,
        )
    return time.perf_counter() - start


def run_real(folder: Path) -> float:
    start = time.perf_counter()
    summary = render([YEAR], jobs=1, reports=folder, progress=False)
    elapsed = time.perf_counter() - start
    assert not summary.failures, summary.failures
    return elapsed


def main() -> None:
    print("render vs floor —", machine())
    ensure_built(YEAR)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for i in range(len(NOTEBOOKS)):
            floor_notebook(folder / f"floor_{i}.ipynb")
        run_floor(folder)  # warm-up: .pyc files, font cache
        floors, reals = [], []
        for _ in range(REPEAT):  # interleaved
            floors.append(run_floor(folder))
            reals.append(run_real(folder / "reports"))
    floor, real = statistics.median(floors), statistics.median(reals)
    ratios = sorted(r / f for r, f in zip(reals, floors, strict=True))
    print(
        "  runs (floor, real):", ", ".join(f"({f:.1f}, {r:.1f})" for f, r in zip(floors, reals, strict=True))
    )
    n = len(NOTEBOOKS)
    print(
        f"  floor: {n} notebooks that start a kernel and import   {floor:6.2f} s (median of {REPEAT}; "
        f"{floor / n:.2f} s each)"
    )
    print(
        f"  real:  render FY{YEAR}, {n} notebooks + HTML + workbook {real:6.2f} s (median of {REPEAT}; "
        f"{real / n:.2f} s each)"
    )
    ratio = statistics.median(ratios)
    print(
        f"  ratio real / floor = {ratio:.2f} (median of {REPEAT} interleaved pairs; range {ratios[0]:.2f}–"
        f"{ratios[-1]:.2f})  {verdict(ratio, TARGET)}"
    )


if __name__ == "__main__":
    main()
