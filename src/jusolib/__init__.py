"""jusolib — analysis of the Tokyo survey of municipalities running 重層的支援体制整備事業.

Cleaning and scoring functions over tidy data, driven by a codebook, for parameterised notebooks rendered
per fiscal year. ``import jusolib`` is cheap: modules load when first used, e.g. ``jusolib.clean.pipeline``.

For analysts in JupyterLab (``make lab``), the building blocks: :class:`jusolib.report.YearReport`
(``YearReport.load(2024)``: every table and chart of the pages as a method), its tables
(:class:`jusolib.analyst.table.Table`: ``.frame`` as printed, ``.keyed()`` by stable keys, ``.to_excel()``),
``report.answers()`` (:mod:`jusolib.analysis.answers`), ``report.tabulate()`` (:mod:`jusolib.analysis.tabulate`),
``report.explore()`` (:mod:`jusolib.analyst.explorer`) and the vocabulary every method speaks
(:mod:`jusolib.survey.vocabulary`).

Examples
--------
>>> import jusolib
>>> jusolib.parse_fiscal_year("令和6年度")
2024
>>> from jusolib import YearReport  # the analysis of one fiscal year, for notebooks and analysts
>>> YearReport.__module__
'jusolib.report'

"""

from __future__ import annotations

import importlib
import os
from typing import Any

from jusolib.core.version import VERSION as __version__

# openpyxl writes different (equally valid) XML when lxml is installed, which python-pptx brings in: keep it on
# the standard library's serialiser so that workbooks and the committed synthetic returns stay byte-identical
# whether or not lxml is present. This must happen before openpyxl is first imported (see atomic.xlsx_bytes).
os.environ.setdefault("OPENPYXL_LXML", "False")

# jusolib 0.1's module paths (jusolib.pipeline, jusolib.slides …) keep working for one release, with a warning
from jusolib import _compat

_compat.install()

#: Public names re-exported at the top level, and the module each lives in (imported on first use).
_EXPORTS = {
    "parse_fiscal_year": "jusolib.core.fiscal",
    "fiscal_year_label": "jusolib.core.fiscal",
    "data_paths": "jusolib.core.paths",
    "load_codebook": "jusolib.survey.codebook",
    "resolve_municipality": "jusolib.survey.reference",
    "load_municipalities": "jusolib.survey.reference",
    "build_fiscal_year": "jusolib.clean.pipeline",
    "load_responses": "jusolib.clean.pipeline",
    "load_free_text": "jusolib.clean.pipeline",
    "load_respondents": "jusolib.clean.pipeline",
    "YearReport": "jusolib.report",
}

__all__ = ["__version__", *_EXPORTS]


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(importlib.import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'jusolib' has no attribute {name!r}")
