"""Back-test: the FY2024 published figures recomputed from the raw return files.

The raw files are cleaned into a temporary processed directory through the public API (never the generator's
internals), then each figure of data/raw/published/FY2024.csv is compared: counts and rounded percentages exactly,
「約9割」「3割」 within the ranges stated in that file (a share that rounds to that many 割).
"""

import shutil

import pytest

from jusolib.analysis.published import check_published, load_published
from jusolib.clean.pipeline import load_responses
from jusolib.core.paths import BUNDLED_DATA_DIR


@pytest.fixture(scope="module")
def fresh_data(tmp_path_factory):
    root = tmp_path_factory.mktemp("data")
    shutil.copytree(BUNDLED_DATA_DIR / "raw", root / "raw")
    return root


@pytest.fixture(scope="module")
def check(fresh_data):
    return check_published(2024, fresh_data).set_index("figure_id")


def test_every_published_figure_is_checked(check):
    assert set(check.index) == set(load_published(2024)["figure_id"])


@pytest.mark.parametrize("figure_id", list(load_published(2024)["figure_id"]))
def test_published_figure(check, figure_id):
    row = check.loc[figure_id]
    assert row["passed"], f"{figure_id}: published {row['published_text']!r}, recomputed {row['recomputed']}"


def test_outcome_counts_from_raw_are_19_13_15_15_15(fresh_data):
    data = load_responses(2024, respondent_type="自治体", data_dir=fresh_data)
    items = ["out_participation", "out_hubs", "out_leaders", "out_consultation", "out_collaboration"]
    applies = data[data["answer"] == "あてはまる"].groupby("item_id").size()
    assert [int(applies[i]) for i in items] == [19, 13, 15, 15, 15]
    assert data["muni_code"].nunique() == 23


def test_82_6_and_56_5_percent_by_hand(fresh_data):
    # 19/23 = 0.826086… → 82.6; 13/23 = 0.565217… → 56.5 (half-up rounding changes neither)
    assert check_published(2024, fresh_data).set_index("figure_id").loc[
        ["out1_pct", "out2_pct"], "recomputed"
    ].tolist() == [82.6, 56.5]


def test_about_nine_in_ten_means_20_or_21_of_23(check):
    assert check.loc["chl_quant", "recomputed"] in (87.0, 91.3)
    assert check.loc["chl_capacity", "recomputed"] in (87.0, 91.3)
