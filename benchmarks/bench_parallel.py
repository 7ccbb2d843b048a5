"""Parallel batch: rendering two fiscal years with --jobs 2 against --jobs 1, on this machine's cores.

Target: ≤ 0.65 on two cores (the kernels of two notebooks run at once; the rest of the work overlaps).
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from _common import machine, verdict

from jusolib.clean.pipeline import ensure_built
from jusolib.render.batch import render

REPEAT = 2
TARGET = 0.65
YEARS = [2024, 2025]


def run(jobs: int, folder: Path) -> float:
    start = time.perf_counter()
    summary = render(YEARS, jobs=jobs, reports=folder, progress=False)
    elapsed = time.perf_counter() - start
    assert not summary.failures, summary.failures
    return elapsed


def main() -> None:
    print("parallel batch —", machine())
    for year in YEARS:
        ensure_built(year)
    with tempfile.TemporaryDirectory() as tmp:
        run(2, Path(tmp) / "warm")
        one, two = [], []
        for i in range(REPEAT):  # interleaved
            one.append(run(1, Path(tmp) / f"one{i}"))
            two.append(run(2, Path(tmp) / f"two{i}"))
    serial, parallel = statistics.median(one), statistics.median(two)
    print(
        f"  --jobs 1: {serial:6.2f} s   --jobs 2: {parallel:6.2f} s   (FY{YEARS[0]} and FY{YEARS[1]}, "
        f"median of {REPEAT})"
    )
    ratio = parallel / serial
    print(f"  ratio jobs 2 / jobs 1 = {ratio:.2f}  {verdict(ratio, TARGET)}")


if __name__ == "__main__":
    main()
