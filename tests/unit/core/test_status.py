"""One data status, one wording: the page banner, the mark on charts and slides, the name."""

import pytest

from jusolib.core.errors import ParameterError
from jusolib.core.status import DataStatus


def test_keys_are_the_manifest_words_and_compare_as_strings():
    assert [s.value for s in DataStatus] == ["synthetic", "real", "unknown"]
    assert DataStatus.of("synthetic") == "synthetic" and DataStatus.of(DataStatus.REAL) is DataStatus.REAL


def test_synthetic_data_says_so_everywhere_and_real_returns_carry_no_mark():
    synthetic = DataStatus.SYNTHETIC
    assert synthetic.is_synthetic and synthetic.label == "合成データ"
    assert synthetic.banner.startswith("合成データ: ") and "実際の調査回答ではありません" in synthetic.banner
    assert synthetic.mark == "合成データ — 実際の調査回答ではありません"
    real = DataStatus.REAL
    assert (real.is_synthetic, real.banner, real.mark, real.label) == (False, None, None, "調査回答データ")


def test_an_unrecorded_status_is_named_as_such():
    unknown = DataStatus.UNKNOWN
    assert unknown.label.startswith("出所未記載") and "MANIFEST" in unknown.banner
    assert unknown.mark.startswith("出所未記載")


def test_an_unknown_key_lists_the_valid_ones():
    with pytest.raises(ParameterError, match="expected one of synthetic, real, unknown"):
        DataStatus.of("simulated")


def test_the_chart_stamp_is_the_synthetic_mark():
    from jusolib.core.palette import SYNTHETIC_STAMP

    assert SYNTHETIC_STAMP == DataStatus.SYNTHETIC.mark
