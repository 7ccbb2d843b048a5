"""nbval settings for the report notebooks: compare only what a cell shows, not what it printed to stderr.

``work/`` holds the analysts' own notebooks (``make lab`` opens there): never collected, so a notebook saved
there — half finished, failing, or reading real data — never runs in ``make test``.
"""

collect_ignore_glob = ["work/*", "work/**/*"]


def pytest_collectstart(collector):
    if collector.fspath and collector.fspath.ext == ".ipynb":
        collector.skip_compare += ("stderr",)
