"""Rendering one fiscal year: against papermill's floor, and again after nothing or one input changed.

Floor: as many notebooks as the report has (9 since issue 21 added 92_methods) that only start a kernel and import
what the real notebooks import, executed one after another with papermill and cold kernels — what any papermill
render of these notebooks pays before it computes anything.

In the same run, on a copy of the FY2024 data (so that an input can be changed without touching data/raw):

1. **First render** — `jusolib.render.batch.render` of FY2024 into an empty reports folder (nothing to reuse):
   every notebook in a warm kernel, pages, index, workbook, deck, manifest; one job. Ratio to the floor; target
   ≤ 0.6.
2. **Nothing changed** — the same render again: every output reused. Ratio to the first render; target ≤ 0.05.
3. **One section's commentary changed** (section II of ``raw/commentary/FY2024.md``) and **one theme rule changed**
   (a word added to one rule of the first item of section III): how many notebooks ran again, and the time as a
   ratio to the first render (no target: what they must re-run is what they read).

Pairs (floor, first render) are interleaved; medians are printed, with the range. The load average is printed at
the start and the end: the machine is shared, and a busy one slows the floor and the render differently.
"""

from __future__ import annotations

import os
import re
import shutil
import statistics
import tempfile
import time
from pathlib import Path

import nbformat
import papermill as pm
from _common import compiled, machine, verdict

from jusolib.clean.pipeline import ensure_built
from jusolib.core.paths import BUNDLED_DATA_DIR
from jusolib.render.batch import KERNEL, KERNEL_ARGUMENTS, NOTEBOOKS, render
from jusolib.survey.codebook import load_codebook

REPEAT = 5
TARGET_FIRST = 0.6
TARGET_UNCHANGED = 0.05
YEAR = 2024
#: What every report notebook imports, directly or through jusolib.notebook.start(), the charts, the tests and the
#: tables it displays (jusolib.analysis.table_html: pandas' Styler, Jinja2, BudouX; jusolib.core.wording: the reading notes, PyYAML;
#: the inline backend and PIL's PNG writer that draw the charts). Several of these are imported by jusolib only on
#: first use, so they are named here: the floor imports every module a real notebook has loaded when it ends that
#: the kernel alone had not (compared with sys.modules, 2026-11-28). Since issue 25 the section notebooks draw word
#: networks, which import networkx and the free-text analyser (SudachiPy): both are imported here too (compared
#: again, 2026-12-06).
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
import networkx
import pandas.io.formats.style
import PIL.PngImagePlugin
import scipy.stats
import seaborn
import sudachipy
import yaml"""
COMMENTARY = (
    "# 所見\n\n## I 成果・進捗\n\n成果の所見。\n\n## II 変化\n\n変化の所見。\n\n## III 課題\n\n課題の所見。\n"
)


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


def run_render(data: Path, reports: Path) -> tuple[float, list[str]]:
    """One render; its wall time and the notebooks that ran in a kernel."""
    start = time.perf_counter()
    summary = render([YEAR], jobs=1, reports=reports, progress=False, data_dir=str(data))
    elapsed = time.perf_counter() - start
    assert summary.ok, (summary.failures, summary.output_failures)
    return elapsed, [r.notebook for r in summary.executed]


def data_copy(folder: Path) -> Path:
    """FY2024's returns with their own codebook folder and a commentary file, built once."""
    root = folder / "data"
    for part in (f"survey/FY{YEAR}", "codebook", "published"):
        shutil.copytree(BUNDLED_DATA_DIR / "raw" / part, root / "raw" / part)
    (root / "raw" / "commentary").mkdir()
    (root / "raw" / "commentary" / f"FY{YEAR}.md").write_text(COMMENTARY, encoding="utf-8")
    ensure_built(YEAR, root)
    return root


def change_commentary(data: Path, round_: int) -> None:
    """Section II's commentary gets one more sentence."""
    path = data / "raw" / "commentary" / f"FY{YEAR}.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("変化の所見。", f"変化の所見。追記{round_}。", 1), encoding="utf-8")


def change_theme_rule(data: Path, round_: int) -> None:
    """One more word in one rule of the first item of section III (within that item's own lines)."""
    item = load_codebook(YEAR).item_ids("III")[0]
    path = data / "raw" / "codebook" / f"FY{YEAR}.themes.yaml"
    head, rest = path.read_text(encoding="utf-8").split(f"\n  {item}:\n", 1)
    block, *after = re.split(r"(?m)^(?=  \w+:$)", rest, maxsplit=1)
    assert "any: [" in block, item
    block = block.replace("any: [", f"any: [追加語{round_}, ", 1)
    path.write_text(f"{head}\n  {item}:\n" + block + "".join(after), encoding="utf-8")


def load() -> str:
    return "load average " + " / ".join(f"{v:.2f}" for v in os.getloadavg())


def main() -> None:
    print("render: first, unchanged, one input changed — vs the floor —", machine())
    print(f"  at the start: {load()}")
    compiled()
    ensure_built(YEAR)
    floors: list[float] = []
    firsts: list[float] = []
    unchanged: list[float] = []
    commentary: list[tuple[float, list[str]]] = []
    themes: list[tuple[float, list[str]]] = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        data = data_copy(folder)
        for i in range(len(NOTEBOOKS)):
            floor_notebook(folder / f"floor_{i}.ipynb")
        run_floor(folder)  # warm-up: .pyc files, font cache
        run_render(data, folder / "warm-up")
        for round_ in range(REPEAT):  # interleaved
            floors.append(run_floor(folder))
            reports = folder / f"reports{round_}"
            seconds, ran = run_render(data, reports)
            assert ran == list(NOTEBOOKS), ran
            firsts.append(seconds)
            seconds, ran = run_render(data, reports)
            assert ran == [], ran
            unchanged.append(seconds)
            change_commentary(data, round_)
            commentary.append(run_render(data, reports))
            change_theme_rule(data, round_)
            themes.append(run_render(data, reports))
    print(f"  at the end: {load()}")
    n = len(NOTEBOOKS)
    floor, first = statistics.median(floors), statistics.median(firsts)
    print(
        "  runs (floor, first render):",
        ", ".join(f"({f:.1f}, {r:.1f})" for f, r in zip(floors, firsts, strict=True)),
    )
    print(
        f"  floor: {n} cold kernels that start and import       {floor:6.2f} s (median of {REPEAT}; {floor / n:.2f} s each)"
    )
    print(f"  first render: {n} notebooks in warm kernels + pages   {first:6.2f} s (median of {REPEAT})")
    ratios = sorted(r / f for r, f in zip(firsts, floors, strict=True))
    ratio = statistics.median(ratios)
    print(
        f"  ratio first render / floor = {ratio:.2f} (median of {REPEAT} interleaved pairs; range {ratios[0]:.2f}–"
        f"{ratios[-1]:.2f})  {verdict(ratio, TARGET_FIRST)}"
    )
    again = sorted(u / f for u, f in zip(unchanged, firsts, strict=True))
    print(
        f"  nothing changed: {statistics.median(unchanged):.3f} s, no notebook run; ratio to the first render = "
        f"{statistics.median(again):.3f} (range {again[0]:.3f}–{again[-1]:.3f})  "
        f"{verdict(statistics.median(again), TARGET_UNCHANGED)}"
    )
    for label, runs in (
        ("section II's commentary changed", commentary),
        ("one theme rule of section III", themes),
    ):
        ran = {tuple(r) for _, r in runs}
        shares = sorted(s / f for (s, _), f in zip(runs, firsts, strict=True))
        print(
            f"  {label}: {statistics.median(s for s, _ in runs):.2f} s; notebooks run again: "
            + "; ".join(f"{len(r)} of {n} ({', '.join(r)})" for r in sorted(ran))
            + f"; ratio to the first render = {statistics.median(shares):.2f} (range {shares[0]:.2f}–{shares[-1]:.2f})"
        )


if __name__ == "__main__":
    main()
