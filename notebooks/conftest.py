"""nbval settings for the report notebooks: compare only what a cell shows, not what it printed to stderr."""


def pytest_collectstart(collector):
    if collector.fspath and collector.fspath.ext == ".ipynb":
        collector.skip_compare += ("stderr",)
