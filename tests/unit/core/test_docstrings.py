"""Every public function documents each of its parameters (NumPy style) and what it returns; shared
parameters read the same everywhere (:mod:`jusolib.core.docstrings`)."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from pathlib import Path

import jusolib
from jusolib.core.docstrings import SHARED, documented_parameters, sections, shared_parameters

#: Public functions whose docstrings still lack parameters or a Returns section (issue 24). It may only shrink.
TO_COMPLETE = Path(__file__).with_name("docstrings_to_complete.txt")


def _public_callables():
    for info in pkgutil.walk_packages(jusolib.__path__, "jusolib."):
        if info.name == "jusolib._compat":
            continue
        module = importlib.import_module(info.name)
        for name, obj in vars(module).items():
            if name.startswith("_") or getattr(obj, "__module__", None) != module.__name__:
                continue
            function = inspect.unwrap(obj) if callable(obj) and not inspect.isclass(obj) else obj
            if inspect.isfunction(function):  # functions, and those wrapped by lru_cache or functools.wraps
                yield f"{module.__name__}.{name}", function
            elif inspect.isclass(obj):
                for member_name, member in vars(obj).items():
                    if isinstance(member, classmethod | staticmethod):
                        member = member.__func__
                    if not member_name.startswith("_") and inspect.isfunction(member):
                        if member.__module__ == module.__name__:
                            yield f"{module.__name__}.{name}.{member_name}", member


def _lacks(function) -> list[str]:
    signature = inspect.signature(function)
    doc = inspect.getdoc(function) or ""
    documented = documented_parameters(doc)
    lacking = [p for p in signature.parameters if p not in ("self", "cls") and p not in documented]
    returns = signature.return_annotation
    if returns not in (inspect.Signature.empty, None, "None") and not {"Returns", "Yields"} & set(
        sections(doc)
    ):
        lacking.append("Returns")
    return lacking


def _incomplete() -> dict[str, list[str]]:
    return {name: lacks for name, function in _public_callables() if (lacks := _lacks(function))}


def test_every_public_function_documents_its_parameters_and_what_it_returns():
    listed = set(TO_COMPLETE.read_text(encoding="utf-8").split())
    new = {name: lacks for name, lacks in _incomplete().items() if name not in listed}
    assert new == {}, (
        "document these (Parameters / Returns), or use jusolib.core.docstrings.shared_parameters"
    )


def test_the_list_of_docstrings_to_complete_only_shrinks():
    listed = set(TO_COMPLETE.read_text(encoding="utf-8").split())
    done = listed - set(_incomplete())
    assert done == set(), f"remove from {TO_COMPLETE.name}: {sorted(done)}"


def test_a_shared_description_fills_only_what_the_docstring_leaves_out():
    def count(data, section: str, *, base: str = "all") -> int:
        """Count.

        Parameters
        ----------
        base
            Only ``"all"`` here.

        Returns
        -------
        int
            How many.
        """
        return 0

    doc = inspect.getdoc(shared_parameters(count))
    assert documented_parameters(doc) == {"data", "section", "base"}
    assert SHARED["section"].splitlines()[0] in doc and 'Only ``"all"`` here.' in doc
    assert SHARED["base"].splitlines()[0] not in doc  # the function's own words win
    assert doc.index("data\n") < doc.index("section\n") < doc.index("base\n") < doc.index("Returns")


def test_a_function_without_shared_parameters_is_left_as_it_is():
    def nothing(x):
        """Nothing."""

    assert shared_parameters(nothing).__doc__ == "Nothing."
