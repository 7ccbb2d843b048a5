"""One version, read by the package and by the build."""

import tomllib
from pathlib import Path

import jusolib
from jusolib.core.version import VERSION


def test_the_package_and_the_build_read_the_same_version():
    root = Path(__file__).resolve().parents[3]
    config = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))
    assert "version" in config["project"]["dynamic"]
    assert config["tool"]["hatch"]["version"]["path"] == "src/jusolib/core/version.py"
    assert jusolib.__version__ == VERSION
    major, minor, patch = (int(p) for p in VERSION.split("."))
    assert major >= 0 and minor >= 0 and patch >= 0
