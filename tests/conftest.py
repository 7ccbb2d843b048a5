from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import make_data_dir


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """An empty data directory for FY2024 (reference, codebook and published fall back to the repository's)."""
    return make_data_dir(tmp_path / "data")


@pytest.fixture
def survey_dir(data_dir: Path) -> Path:
    return data_dir / "raw" / "survey" / "FY2024"
