from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import settings

from tests.helpers import make_data_dir

# Property tests: no example database on disk, no per-example deadline (CI machines are slow at times).
settings.register_profile("jusolib", database=None, deadline=None, max_examples=200)
settings.load_profile("jusolib")


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """An empty data directory for FY2024 (reference, codebook and published fall back to the repository's)."""
    return make_data_dir(tmp_path / "data")


@pytest.fixture
def survey_dir(data_dir: Path) -> Path:
    return data_dir / "raw" / "survey" / "FY2024"
