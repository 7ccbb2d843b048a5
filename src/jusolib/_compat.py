"""Module paths of jusolib 0.1 before the sub-packages (``jusolib.pipeline``, ``jusolib.slides`` …), kept
working for one release with a :class:`DeprecationWarning` that names the new path.

``import jusolib`` installs :class:`MovedModules` on :data:`sys.meta_path`: importing an old path imports the
module at its new path and registers it under the old name too (the same module object, so monkeypatching
either name patches both). Names that are packages now (``jusolib.text``, ``jusolib.clean``,
``jusolib.render``, ``jusolib.synth``) keep their old functions through :func:`forward`, called by the package's ``__getattr__``.

Examples
--------
>>> import sys, warnings
>>> _ = sys.modules.pop("jusolib.pipeline", None)  # as in a fresh process
>>> with warnings.catch_warnings(record=True) as caught:
...     warnings.simplefilter("always")
...     from jusolib.pipeline import load_responses
>>> load_responses.__module__, str(caught[0].message)
('jusolib.clean.pipeline', 'jusolib.pipeline moved to jusolib.clean.pipeline; the old path goes in jusolib 0.3')
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.machinery
import sys
import warnings
from types import ModuleType
from typing import Any

#: Old module path → new module path (every module of jusolib 0.1 that moved).
MOVED = {
    "jusolib.errors": "jusolib.core.errors",
    "jusolib.fiscal": "jusolib.core.fiscal",
    "jusolib.paths": "jusolib.core.paths",
    "jusolib.formatting": "jusolib.core.formatting",
    "jusolib.atomic": "jusolib.core.files",
    "jusolib.texts": "jusolib.core.wording",
    "jusolib.palette": "jusolib.core.palette",
    "jusolib.codebook": "jusolib.survey.codebook",
    "jusolib.reference": "jusolib.survey.reference",
    "jusolib.schemes": "jusolib.survey.schemes",
    "jusolib.read": "jusolib.io.read",
    "jusolib.column_map": "jusolib.io.column_map",
    "jusolib.forms": "jusolib.io.form_layout",
    "jusolib.forms_read": "jusolib.io.form_reader",
    "jusolib.forms_write": "jusolib.io.form_writer",
    "jusolib.limits": "jusolib.io.limits",
    "jusolib.tidy": "jusolib.clean.tidy",
    "jusolib.pipeline": "jusolib.clean.pipeline",
    "jusolib.collection": "jusolib.clean.collection",
    "jusolib.privacy": "jusolib.clean.privacy",
    "jusolib.score": "jusolib.stats.score",
    "jusolib.crosstab": "jusolib.stats.crosstab",
    "jusolib.effect_size": "jusolib.stats.effect_size",
    "jusolib.agreement": "jusolib.stats.agreement",
    "jusolib.paired": "jusolib.stats.paired",
    "jusolib.yoy": "jusolib.stats.year_over_year",
    "jusolib.morphology": "jusolib.text.morphology",
    "jusolib.themes": "jusolib.text.themes",
    "jusolib.kwic": "jusolib.text.kwic",
    "jusolib.tables": "jusolib.analysis.tables",
    "jusolib.tablehtml": "jusolib.analysis.table_html",
    "jusolib.plot": "jusolib.analysis.charts",
    "jusolib.published": "jusolib.analysis.published",
    "jusolib.theme_tables": "jusolib.analysis.theme_tables",
    "jusolib.kept": "jusolib.analysis.cache",
    "jusolib.provenance": "jusolib.analysis.provenance",
    "jusolib.report_overview": "jusolib.analysis.overview",
    "jusolib.report_sections": "jusolib.analysis.sections",
    "jusolib.report_paired": "jusolib.analysis.pairs",
    "jusolib.report_themes": "jusolib.analysis.free_text",
    "jusolib.report_checks": "jusolib.analysis.checks",
    "jusolib.pages": "jusolib.outputs.pages.site",
    "jusolib.fonts": "jusolib.outputs.pages.fonts",
    "jusolib.excel": "jusolib.outputs.workbook",
    "jusolib.slide_deck": "jusolib.outputs.slides.deck",
    "jusolib.slide_messages": "jusolib.outputs.slides.messages",
    "jusolib.slide_overview": "jusolib.outputs.slides.overview",
    "jusolib.slide_paired": "jusolib.outputs.slides.paired",
    "jusolib.slide_parts": "jusolib.outputs.slides.parts",
    "jusolib.slide_sections": "jusolib.outputs.slides.sections",
    "jusolib.slide_table": "jusolib.outputs.slides.table",
    "jusolib.slide_themes": "jusolib.outputs.slides.themes",
    "jusolib.slides": "jusolib.outputs.slides.build",
    "jusolib.synth_forms": "jusolib.synth.forms",
}
#: Old modules whose name is a package now: their functions, by the module that holds each now.
FORWARDED = {
    "jusolib.text": ("jusolib.core.normalize", "jusolib.core.typography"),
    "jusolib.clean": ("jusolib.clean.cleaner",),
    "jusolib.render": ("jusolib.render.batch",),
    "jusolib.synth": ("jusolib.synth.returns",),
}
#: The release that drops the old paths.
REMOVED_IN = "jusolib 0.3"


def _warn(old: str, new: str) -> None:
    warnings.warn(
        f"{old} moved to {new}; the old path goes in {REMOVED_IN}", DeprecationWarning, stacklevel=3
    )


class _Alias(importlib.abc.Loader):
    """Loads an old path as the module at its new path (the same object)."""

    def __init__(self, new: str) -> None:
        self.new = new

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType:
        _warn(spec.name, self.new)
        return importlib.import_module(self.new)

    def exec_module(self, module: ModuleType) -> None:
        """Nothing to run: the module at the new path is already imported."""


class MovedModules(importlib.abc.MetaPathFinder):
    """Finds the old module paths of :data:`MOVED`."""

    def find_spec(
        self, fullname: str, path: Any = None, target: Any = None
    ) -> importlib.machinery.ModuleSpec | None:
        if fullname not in MOVED:
            return None
        return importlib.machinery.ModuleSpec(fullname, _Alias(MOVED[fullname]))


def install() -> None:
    """Put :class:`MovedModules` on :data:`sys.meta_path` (once)."""
    if not any(isinstance(finder, MovedModules) for finder in sys.meta_path):
        sys.meta_path.append(MovedModules())


def forward(package: str, name: str) -> Any:
    """An old module's function, now in one of :data:`FORWARDED`'s modules, with a warning naming where.

    Raises
    ------
    AttributeError
        If none of them has ``name`` (as ``module.name`` would).
    """
    for module in FORWARDED[package]:
        found = getattr(importlib.import_module(module), name, None)
        if found is not None:
            _warn(f"{package}.{name}", f"{module}.{name}")
            return found
    raise AttributeError(f"module {package!r} has no attribute {name!r}")
