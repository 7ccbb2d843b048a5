"""Shared helpers of the benchmark scripts: machine facts, timing, fresh-process runs."""

from __future__ import annotations

import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from importlib import metadata
from pathlib import Path

from jusolib.analysis.provenance import KEY_PACKAGES, package_versions

REPO = Path(__file__).resolve().parents[1]
PACKAGES = (*KEY_PACKAGES, "ipykernel")


def compiled() -> None:
    """Compile jusolib's modules to bytecode, as installing a package does. Without it, a machine that sets
    ``PYTHONDONTWRITEBYTECODE`` compiles every jusolib module from source at every import (about 40 ms of
    ``import jusolib.notebook``) while pandas, installed, is read from its bytecode."""
    import compileall

    import jusolib

    compileall.compile_dir(Path(jusolib.__file__).parent, quiet=1)


def machine() -> str:
    """One line about the machine: cores, Python, platform, key package versions."""
    versions = package_versions()
    listed = ", ".join(f"{name} {versions.get(name) or metadata.version(name)}" for name in PACKAGES)
    return f"machine: {os.cpu_count()} cores, Python {platform.python_version()}, {platform.platform()}\npackages: {listed}"


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def median_time(fn: Callable[[], object], repeat: int) -> float:
    return statistics.median(timed(fn) for _ in range(repeat))


def run_python(code: str) -> float:
    """Wall time of a fresh ``python -c code`` with this interpreter."""
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True)
    return time.perf_counter() - start


def verdict(ratio: float, target: float) -> str:
    return f"{'OK' if ratio <= target else 'MISSED'} (target ≤ {target})"
