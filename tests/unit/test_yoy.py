import math

import pandas as pd
import pytest

from jusolib.codebook import load_codebook
from jusolib.yoy import (
    ALL,
    PANEL,
    compare_years,
    comparison_rule,
    newcombe_interval,
    newcombe_paired_interval,
)


def test_newcombe_worked_example():
    # Newcombe (1998) Table II (a): 56/70 − 48/80 = 0.20, hybrid score interval 0.0524 to 0.3339.
    # By hand: Wilson 56/70 = (0.69183, 0.87695), 48/80 = (0.49045, 0.70038);
    # low = 0.2 − √(0.10817² + 0.10038²) = 0.05243; high = 0.2 + √(0.07695² + 0.10955²) = 0.33387
    diff, low, high = newcombe_interval(48, 80, 56, 70)
    assert diff == pytest.approx(20.0)
    assert low == pytest.approx(5.24, abs=0.01) and high == pytest.approx(33.39, abs=0.01)


def test_paired_worked_by_hand():
    # 10 both, 2 first only, 2 second only, 6 neither: p1 = p2 = 0.6, Wilson(12/20) = (0.38658, 0.78120),
    # φ = (10·6 − 2·2)/√(12·8·12·8) = 0.58333; half-width = √(0.21342² − 2φ·0.21342·0.18120 + 0.18120²) = 0.18238
    diff, low, high = newcombe_paired_interval(10, 2, 2, 6)
    assert diff == 0.0
    assert low == pytest.approx(-18.24, abs=0.01) and high == pytest.approx(18.24, abs=0.01)


def test_pairing_narrows_the_interval_when_answers_correlate():
    _, low_paired, high_paired = newcombe_paired_interval(10, 2, 2, 6)
    _, low, high = newcombe_interval(12, 20, 12, 20)
    assert high_paired - low_paired < high - low


def frame(year, answers, item="out_hubs"):
    return pd.DataFrame(
        {
            "fiscal_year": year,
            "respondent_type": "municipality",
            "muni_code": list(answers),
            "item_id": item,
            "answer": list(answers.values()),
        }
    )


def test_panel_keeps_only_municipalities_answering_both_years():
    before = frame(2024, {"a": "あてはまる", "b": "あてはまらない", "c": "あてはまる"})
    after = frame(2025, {"a": "あてはまる", "b": "あてはまる", "d": "あてはまらない"})
    book24, book25 = load_codebook(2024), load_codebook(2025)
    result = compare_years(before, after, previous_codebook=book24, current_codebook=book25)
    hubs = result[result["item_id"] == "out_hubs"].set_index("group")
    assert hubs.loc[ALL, ["n_previous", "n_current"]].tolist() == [3, 3]
    assert hubs.loc[ALL, ["share_previous", "share_current"]].tolist() == [66.7, 66.7]
    assert hubs.loc[PANEL, ["n_previous", "n_current", "n_panel"]].tolist() == [2, 2, 2]  # a and b
    assert hubs.loc[PANEL, ["share_previous", "share_current"]].tolist() == [50.0, 100.0]
    assert hubs.loc[PANEL, "diff_points"] == pytest.approx(50.0)


def test_new_item_is_flagged_not_compared():
    before = frame(2024, {"a": "あてはまる"})
    after = pd.concat(
        [frame(2025, {"a": "あてはまる"}), frame(2025, {"a": "あてはまる"}, "chl_participation_support")]
    )
    result = compare_years(
        before, after, previous_codebook=load_codebook(2024), current_codebook=load_codebook(2025)
    )
    new = result[result["item_id"] == "chl_participation_support"].iloc[0]
    assert not new["comparable"] and math.isnan(new["diff_points"]) and new["rule"].startswith("新規項目")


def test_scale_change_needs_a_rule(tmp_path):
    import yaml

    from jusolib.codebook import codebook_path, parse_codebook

    doc = yaml.safe_load(codebook_path(2025).read_text(encoding="utf-8"))
    hubs = next(i for i in doc["items"] if i["id"] == "out_hubs")
    hubs["scale"] = "agree4"
    changed = parse_codebook(doc, tmp_path / "FY2025.yaml")
    assert comparison_rule("out_hubs", load_codebook(2024), changed) == (
        False,
        "尺度が変わり比較の規則がないため比較しない",
    )
    hubs["compare_when_scale_changes"] = "positive_share"
    doc24 = yaml.safe_load(codebook_path(2024).read_text(encoding="utf-8"))
    next(i for i in doc24["items"] if i["id"] == "out_hubs")["compare_when_scale_changes"] = "positive_share"
    ruled = parse_codebook(doc, tmp_path / "FY2025.yaml")
    ruled24 = parse_codebook(doc24, tmp_path / "FY2024.yaml")
    comparable, rule = comparison_rule("out_hubs", ruled24, ruled)
    assert comparable and rule.startswith("尺度変更")
