"""Doctest namespace: the examples of :class:`jusolib.report.YearReport` methods (``report.py`` and its
mixins in ``report_*.py``) use one FY2024 report.

The class docstring shows how it is made (``report = YearReport.load(2024)``); loading it once for every
method's example (and for tests/unit/test_report.py) keeps the doctests fast.
"""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _report_for_doctests(request, doctest_namespace):
    """Give the YearReport method examples their ``report``; close the figures their plot examples draw."""
    if not (
        isinstance(request.node, pytest.DoctestItem)
        and request.node.name.startswith(("jusolib.report.YearReport.", "jusolib.report_"))
    ):
        yield
        return
    from tests.helpers import fy2024_report

    doctest_namespace["report"] = fy2024_report()
    yield
    import matplotlib.pyplot as plt

    plt.close("all")
