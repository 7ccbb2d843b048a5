"""One render of FY2024 shared by every integration test that needs a rendered year (it takes about 20 s)."""

import pytest

from jusolib.render.batch import render


@pytest.fixture(scope="session")
def rendered(tmp_path_factory):
    reports = tmp_path_factory.mktemp("reports")
    summary = render([2024], jobs=2, reports=reports, progress=False)
    return summary, reports / "FY2024"
