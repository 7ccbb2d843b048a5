"""What writing ``slides.pptx`` adds to a fiscal year's render.

In a fresh process per run (so that importing python-pptx is counted, as in a render): load the year's report
and compute its tables as the render does before the deck (the workbook's tables, whose permutation tests the
deck re-uses), then time :meth:`YearReport.write_slides` alone. Median of 5 runs per fiscal year. Target: < 2 s.
"""

from __future__ import annotations

import statistics
import subprocess
import sys

from _common import machine, verdict

REPEAT = 5
TARGET = 2.0
CODE = """
import tempfile, time
from pathlib import Path
from jusolib.report import YearReport
report = YearReport.load({year})
report.tables()
start = time.perf_counter()
report.write_slides(Path(tempfile.mkdtemp()) / "slides.pptx")
print(time.perf_counter() - start)
"""


def deck_seconds(year: int) -> float:
    out = subprocess.run(
        [sys.executable, "-c", CODE.format(year=year)], capture_output=True, text=True, check=True
    ).stdout
    return float(out.strip().splitlines()[-1])


def main() -> None:
    print(machine())
    worst = 0.0
    for year in (2024, 2025):
        runs = [deck_seconds(year) for _ in range(REPEAT)]
        median = statistics.median(runs)
        worst = max(worst, median)
        print(f"  FY{year}: writing slides.pptx {median:.2f} s (runs {min(runs):.2f}–{max(runs):.2f} s)")
    print(f"  ratio slowest year / {TARGET:.0f} s = {worst / TARGET:.2f}  {verdict(worst / TARGET, 1.0)}")


if __name__ == "__main__":
    main()
