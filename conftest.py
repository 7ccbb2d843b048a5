"""Doctest namespace: the examples of :class:`jusolib.report.YearReport` methods (``report.py`` and its
the analysis functions it is made of) use one FY2024 report.

The class docstring shows how it is made (``report = YearReport.load(2024)``); loading it once for every
method's example (and for tests/unit/test_report.py) keeps the doctests fast.
"""

from __future__ import annotations

import pytest

#: Doctests whose examples use ``report`` (the facade's methods and the analysis functions it is made of).
_REPORT_EXAMPLES = ("jusolib.report.YearReport.", "jusolib.analysis.", "jusolib.analyst.")


@pytest.fixture(autouse=True)
def _report_for_doctests(request, doctest_namespace):
    """Give the YearReport method examples their ``report``; close the figures their plot examples draw."""
    if not (isinstance(request.node, pytest.DoctestItem) and request.node.name.startswith(_REPORT_EXAMPLES)):
        yield
        return
    from tests.helpers import fy2024_report

    doctest_namespace["report"] = fy2024_report()
    yield
    import matplotlib.pyplot as plt

    plt.close("all")


# ``make test`` runs the suite on two workers (pytest-xdist). Work goes out one test file at a time, as with
# ``--dist loadfile``: the cells of a notebook must run in order in one kernel under nbval. The three files that
# use the one FY2024 render (tests/integration/conftest.py ``rendered``) go out together, so that it is made
# once. (``--dist loadgroup`` would say this with marks, but it renames node ids, which pytest 9 no longer
# lets a plugin do.)
_SHARED_RENDER_FILES = (
    "tests/integration/test_render_reports.py",
    "tests/integration/test_slides_deck.py",
    "tests/integration/test_statements.py",
)


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    from xdist.scheduler import LoadScopeScheduling

    class OneFileOrOneRenderAtATime(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            path = nodeid.split("::", 1)[0]
            return "rendered-fy2024" if path in _SHARED_RENDER_FILES else path

    return OneFileOrOneRenderAtATime(config, log)
