"""Import cost: `import jusolib` (and the notebooks' entry point) against `import pandas`, in fresh processes.

Prints the median wall time of each over several fresh interpreters and the ratios. Target: `import jusolib`
≤ 1.15 × `import pandas`; heavy modules (seaborn, scipy, papermill, openpyxl, matplotlib) load only where used.
"""

from __future__ import annotations

import statistics
import subprocess
import sys

from _common import compiled, machine, run_python, verdict

REPEAT = 15
TARGET = 1.15
HEAVY = ("seaborn", "scipy", "papermill", "openpyxl", "matplotlib", "nbconvert", "pptx")


def main() -> None:
    print("import cost —", machine())
    compiled()
    run_python("import pandas, jusolib.notebook")  # warm the file cache
    cases = {
        "python (empty)": "pass",
        "import pandas": "import pandas",
        "import jusolib": "import jusolib",
        "import jusolib.notebook": "import jusolib.notebook",
    }
    times = {name: [] for name in cases}
    for _ in range(REPEAT):  # interleaved, so that a busy moment hurts every case alike
        for name, code in cases.items():
            times[name].append(run_python(code))
    medians = {name: statistics.median(values) for name, values in times.items()}
    for name, value in medians.items():
        print(f"  {name:<26} {value * 1000:7.1f} ms (median of {REPEAT})")
    ratio = medians["import jusolib"] / medians["import pandas"]
    entry = medians["import jusolib.notebook"] / medians["import pandas"]
    print(f"  ratio import jusolib / import pandas          = {ratio:.2f}  {verdict(ratio, TARGET)}")
    print(
        f"  ratio import jusolib.notebook / import pandas = {entry:.2f}  (what every notebook imports; "
        f"{verdict(entry, TARGET)})"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", "import sys, jusolib.notebook; print(' '.join(sorted(sys.modules)))"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    heavy = [m for m in HEAVY if m in loaded]
    print(f"  heavy modules loaded by import jusolib.notebook: {', '.join(heavy) or 'none'}")


if __name__ == "__main__":
    main()
