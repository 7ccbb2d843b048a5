"""jusolib 0.1's module paths keep working for one release, each with a warning that names the new path."""

import importlib
import sys

import pytest

from jusolib._compat import FORWARDED, MOVED


@pytest.mark.parametrize("old", sorted(MOVED))
def test_an_old_module_path_is_the_new_module_with_a_warning(old):
    sys.modules.pop(old, None)
    with pytest.warns(DeprecationWarning, match=f"{old} moved to {MOVED[old]}"):
        module = importlib.import_module(old)
    assert module is importlib.import_module(MOVED[old])


@pytest.mark.parametrize(
    ("package", "name", "new"),
    [
        ("jusolib.text", "normalize_text", "jusolib.core.normalize"),
        ("jusolib.text", "phrases", "jusolib.core.typography"),
        ("jusolib.clean", "clean_tables", "jusolib.clean.cleaner"),
        ("jusolib.render", "render", "jusolib.render.batch"),
        ("jusolib.synth", "generate", "jusolib.synth.returns"),
    ],
)
def test_a_package_that_was_a_module_still_gives_its_functions(package, name, new):
    assert package in FORWARDED
    with pytest.warns(DeprecationWarning, match=f"{package}.{name} moved to {new}.{name}"):
        found = getattr(importlib.import_module(package), name)
    assert found is getattr(importlib.import_module(new), name)


def test_a_name_no_module_had_is_an_attribute_error():
    with pytest.raises(AttributeError, match="has no attribute 'nothing_here'"):
        importlib.import_module("jusolib.text").nothing_here  # noqa: B018


def test_the_readme_names_no_old_path():
    """New code and documentation use the new paths; only the CHANGELOG keeps the history."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    text = (root / "README.md").read_text(encoding="utf-8") + (root / "data/raw/README.md").read_text(
        encoding="utf-8"
    )
    assert not [old for old in MOVED if f"`{old}`" in text or f"{old}." in text]
