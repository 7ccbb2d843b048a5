import math

import pandas as pd
import pytest

from jusolib.core.errors import ParameterError
from jusolib.stats.score import (
    answer_distribution,
    item_scores,
    positive_share,
    section_indices,
    wilson_interval,
)


def responses(answers_by_muni, item="out_hubs"):
    return pd.DataFrame(
        {
            "fiscal_year": 2024,
            "respondent_type": "municipality",
            "muni_code": list(answers_by_muni),
            "item_id": item,
            "answer": list(answers_by_muni.values()),
        }
    )


class TestWilson:
    def test_19_of_23_worked_by_hand(self):
        # p = 0.826087, z = 1.959964, z²/n = 0.167020, denominator 1.167020
        # centre = (p + z²/2n)/den = 0.909597/1.167020 = 0.779419
        # half = z/den · √(p(1−p)/n + z²/4n²) = 1.679470 · √(0.0062464 + 0.0018154) = 0.150796
        low, high = wilson_interval(19, 23)
        assert low == pytest.approx(62.862, abs=0.01)
        assert high == pytest.approx(93.021, abs=0.01)

    def test_bounds_stay_inside_0_100(self):
        assert wilson_interval(0, 5)[0] == 0.0 and wilson_interval(5, 5)[1] == 100.0

    def test_no_base(self):
        assert all(math.isnan(v) for v in wilson_interval(0, 0))


class TestDistribution:
    @pytest.fixture
    def table(self):
        data = responses({"a": "あてはまる", "b": "あてはまる", "c": "どちらともいえない", "d": "無回答"})
        return answer_distribution(data).set_index("answer")

    def test_counts(self, table):
        assert table["count"].to_dict() == {
            "あてはまる": 2,
            "どちらともいえない": 1,
            "あてはまらない": 0,
            "無回答": 1,
        }

    def test_both_bases_labelled(self, table):
        # 2/4 = 50.0 with 無回答 in the base; 2/3 = 66.7 without
        assert table.loc["あてはまる", ["n_all", "n_valid", "pct_all", "pct_valid"]].tolist() == [
            4,
            3,
            50.0,
            66.7,
        ]
        assert math.isnan(table.loc["無回答", "pct_valid"])

    def test_input_not_modified(self):
        data = responses({"a": "あてはまる"})
        before = data.copy()
        answer_distribution(data)
        pd.testing.assert_frame_equal(data, before)


class TestPositiveShare:
    def test_top_two_box_for_section_three(self):
        data = responses(
            {"a": "とてもあてはまる", "b": "あてはまる", "c": "あてはまらない", "d": "無回答"},
            item="chl_plan_consent",
        )
        all_base = positive_share(data).iloc[0]
        valid = positive_share(data, base="valid").iloc[0]
        assert (all_base["positive"], all_base["n"], all_base["share"]) == (2, 4, 50.0)
        assert (valid["n"], valid["share"]) == (3, 66.7)
        assert all_base["base"] == "無回答を含む" and valid["base"] == "無回答を除く"

    def test_by_group(self):
        data = responses({"a": "あてはまる", "b": "あてはまらない", "c": "あてはまる"}).assign(
            size=["大", "大", "小"]
        )
        shares = positive_share(data, by="size").set_index("size")
        assert shares["share"].to_dict() == {"大": 50.0, "小": 100.0}

    def test_unknown_base(self):
        with pytest.raises(ParameterError, match="base"):
            positive_share(responses({"a": "あてはまる"}), base="everyone")

    def test_unknown_by_column(self):
        with pytest.raises(ParameterError, match="size"):
            positive_share(responses({"a": "あてはまる"}), by="size")


def test_item_score_excludes_no_answer():
    # agree3 scores 2/1/0 → 100/50/0; mean of 100 and 50 = 75
    data = responses({"a": "あてはまる", "b": "どちらともいえない", "c": "無回答"})
    assert item_scores(data)[["n_valid", "score"]].values.tolist() == [[2, 75.0]]


def test_section_index_by_hand():
    data = pd.concat(
        [
            responses({"a": "あてはまる"}, item="out_hubs"),  # 100
            responses({"a": "あてはまらない"}, item="out_leaders"),  # 0
            responses({"a": "とてもあてはまる"}, item="chl_plan_consent"),  # 3/3 → 100
            responses({"a": "あてはまらない"}, item="chl_youth_places"),  # 1/3 → 33.3
        ]
    )
    out = section_indices(data).set_index("index")
    assert out.loc["outcome", "value"] == 50.0
    assert out.loc["challenge", "value"] == pytest.approx(66.667, abs=0.001)
    assert out.loc["challenge", "n_items"] == 2


def test_shares_by_two_columns_with_a_missing_class_and_an_empty_category():
    # Six answers to out_hubs, by size (categorical with an empty 中) and by area (plain strings); one row has no
    # size and is left out of every group, as pandas' groupby leaves it out. Counted by hand:
    # 大/東: あてはまる, 無回答 → n 2, positive 1, valid 1; 大/西: あてはまらない → n 1, positive 0;
    # 小/東: あてはまる, どちらともいえない → n 2, positive 1; 小/西: none → n 0; 中/東 and 中/西: none → n 0.
    data = pd.DataFrame(
        {
            "fiscal_year": 2024,
            "item_id": "out_hubs",
            "answer": [
                "あてはまる",
                "無回答",
                "あてはまらない",
                "あてはまる",
                "あてはまる",
                "どちらともいえない",
            ],
            "size": pd.Categorical(["大", "大", "大", "小", None, "小"], categories=["大", "中", "小"]),
            "area": ["東", "東", "西", "東", "西", "東"],
        }
    )
    shares = positive_share(data, by=["size", "area"])
    got = {(s, a): (n, k) for s, a, n, k in shares[["size", "area", "n", "positive"]].itertuples(index=False)}
    assert list(got) == [("大", "東"), ("大", "西"), ("中", "東"), ("中", "西"), ("小", "東"), ("小", "西")]
    assert got == {
        ("大", "東"): (2, 1),
        ("大", "西"): (1, 0),
        ("中", "東"): (0, 0),
        ("中", "西"): (0, 0),
        ("小", "東"): (2, 1),
        ("小", "西"): (0, 0),
    }
    valid = positive_share(data, by="size", base="valid").set_index("size")["n"].to_dict()
    # 大: three answers, one 無回答; the row without a size is left out
    assert valid == {"大": 2, "中": 0, "小": 2}
    counts = answer_distribution(data, by="size").query("size == '小'").set_index("answer")["count"]
    assert counts[["あてはまる", "どちらともいえない", "あてはまらない", "無回答"]].tolist() == [1, 1, 0, 0]
