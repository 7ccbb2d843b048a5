"""One render of FY2024 and one of FY2025, shared by every integration test that needs a rendered year (each
takes about 20 s).

The tests that use them run on one pytest-xdist worker (``--dist loadgroup`` in the Makefile), so that each year
is rendered once per run rather than once per worker.
"""

import pytest

from jusolib.render.batch import render

#: The fixtures whose tests share one worker.
RENDERS = {"rendered", "rendered_fy2025"}


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist reads the groups
def pytest_collection_modifyitems(config, items):
    for item in items:
        if RENDERS & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.xdist_group("renders"))


@pytest.fixture(scope="session")
def rendered(tmp_path_factory):
    reports = tmp_path_factory.mktemp("reports")
    summary = render([2024], jobs=2, reports=reports, progress=False)
    return summary, reports / "FY2024"


@pytest.fixture(scope="session")
def rendered_fy2025(tmp_path_factory):
    """Every notebook of FY2025 rendered (FY2025 has a previous year and 30 respondents)."""
    reports = tmp_path_factory.mktemp("reports_fy2025")
    summary = render([2025], jobs=2, reports=reports, progress=False)
    assert not summary.failures, [(r.notebook, r.error) for r in summary.failures]
    return reports / "FY2025"
