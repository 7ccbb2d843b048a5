import math

import pandas as pd
import pytest

from jusolib.stats.year_over_year import (
    ALL,
    PANEL,
    compare_years,
    comparison_rule,
    newcombe_interval,
    newcombe_paired_interval,
    overlapping_interval,
    overlapping_test,
)
from jusolib.survey.codebook import load_codebook


def test_newcombe_worked_example():
    # Newcombe (1998) Table II (a): 56/70 − 48/80 = 0.20, hybrid score interval 0.0524 to 0.3339.
    # By hand: Wilson 56/70 = (0.69183, 0.87695), 48/80 = (0.49045, 0.70038);
    # low = 0.2 − √(0.10817² + 0.10038²) = 0.05243; high = 0.2 + √(0.07695² + 0.10955²) = 0.33387
    diff, low, high = newcombe_interval(48, 80, 56, 70)
    assert diff == pytest.approx(20.0)
    assert low == pytest.approx(5.24, abs=0.01) and high == pytest.approx(33.39, abs=0.01)


def test_paired_worked_by_hand():
    # 10 both, 2 first only, 2 second only, 6 neither: p1 = p2 = 0.6, Wilson(12/20) = (0.38658, 0.78120),
    # φ* = (10·6 − 2·2 − 20/2)/√(12·8·12·8) = 46/96 = 0.47917 (Newcombe's continuity correction);
    # half-width = √(0.21342² − 2φ*·0.21342·0.18120 + 0.18120²) = 0.20327
    diff, low, high = newcombe_paired_interval(10, 2, 2, 6)
    assert diff == 0.0
    assert low == pytest.approx(-20.33, abs=0.01) and high == pytest.approx(20.33, abs=0.01)


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
    assert list(hubs.index) == [PANEL, ALL]  # the like-for-like comparison first
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

    from jusolib.survey.codebook import codebook_path, parse_codebook

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


def test_overlapping_samples_example_from_the_paper():
    # Derrick, Dobson-McKittrick, Toher & White (2015), the example of their R package (Prop.test): 15 paired
    # units (8 positive in both, 1 only in sample 1, 3 only in sample 2, 3 in neither), 9 units only in
    # sample 1 (5 positive) and 6 only in sample 2 (all positive). By hand:
    #   n₁ = 24, n₂ = 21, p₁ = 14/24 = 0.583333, p₂ = 17/21 = 0.809524, p̄ = 31/45 = 0.688889,
    #   r = φ = (8·3 − 1·3)/√(9·6·11·4) = 21/48.744 = 0.430820, w = p̄(1 − p̄) = 0.214321,
    #   var = w/24 + w/21 − 2·r·w·15/(24·21) = 0.019136 − 0.005496 = 0.013640,
    #   z = (0.809524 − 0.583333)/0.116790 = 1.9367 → two-sided p = 0.0528 (the paper: 0.053)
    result = overlapping_test((8, 1, 3, 3), (5, 4), (6, 0))
    assert result.statistic == pytest.approx(1.9367, abs=1e-4)
    assert result.pvalue == pytest.approx(0.0528, abs=1e-4)


def test_overlap_of_nothing_or_everything_reduces_to_newcombe():
    assert overlapping_interval((0, 0, 0, 0), (48, 32), (56, 14)) == pytest.approx(
        newcombe_interval(48, 80, 56, 70)
    )
    assert overlapping_interval((10, 2, 2, 6), (0, 0), (0, 0)) == pytest.approx(
        newcombe_paired_interval(10, 2, 2, 6)
    )
    # without overlap the test is the pooled two-proportion z-test: 48/80 vs 56/70, p̄ = 104/150
    pooled = 104 / 150
    z = (56 / 70 - 48 / 80) / math.sqrt(pooled * (1 - pooled) * (1 / 80 + 1 / 70))
    assert overlapping_test((0, 0, 0, 0), (48, 32), (56, 14)).statistic == pytest.approx(z)


def test_no_answer_is_left_out_of_the_base_by_default():
    before = frame(2024, {"a": "あてはまる", "b": "無回答", "c": "あてはまらない"})
    after = frame(2025, {"a": "あてはまる", "b": "あてはまる", "c": "あてはまる"})
    book24, book25 = load_codebook(2024), load_codebook(2025)
    valid = compare_years(before, after, previous_codebook=book24, current_codebook=book25)
    hubs = valid[valid["item_id"] == "out_hubs"].set_index("group")
    # b answered only in 2025: the panel is a and c (1/2 → 2/2), all respondents 1/2 → 3/3
    assert hubs.loc[PANEL, ["n_previous", "share_previous", "share_current"]].tolist() == [2, 50.0, 100.0]
    assert hubs.loc[ALL, ["n_previous", "n_current"]].tolist() == [2, 3]
    counted = compare_years(before, after, previous_codebook=book24, current_codebook=book25, base="all")
    assert counted.set_index(["item_id", "group"]).loc[("out_hubs", ALL), "share_previous"] == 33.3


def test_differences_are_exact_then_rounded_once():
    # 1 of 5 → 5 of 16: 9/80 = 11.25 points exactly, which rounds half up to 11.3 (floating point gives 11.2)
    before = frame(2024, {f"m{i}": "あてはまる" if i < 1 else "あてはまらない" for i in range(5)})
    after = frame(2025, {f"n{i}": "あてはまる" if i < 5 else "あてはまらない" for i in range(16)})
    result = compare_years(
        before, after, previous_codebook=load_codebook(2024), current_codebook=load_codebook(2025)
    )
    assert result.set_index(["item_id", "group"]).loc[("out_hubs", ALL), "diff_points"] == 11.3


def test_an_item_without_a_panel_does_not_break_the_table():
    from jusolib.analysis.tables import year_over_year_table

    before, after = frame(2024, {"a": "あてはまる"}), frame(2025, {"b": "あてはまる"})
    book25 = load_codebook(2025)
    result = compare_years(before, after, previous_codebook=load_codebook(2024), current_codebook=book25)
    table = year_over_year_table(result, codebook=book25, caption="test")
    panel = table.formatted().loc[("地域住民等が相互に交流を図ることのできる拠点", PANEL)]
    assert panel["前年度 n"] == "n=0" and panel["差（ポイント）"] == "−" and panel["p値（Holm補正）"] == "−"
    assert panel["判定（補正後）"] == "−"
    assert '<td class="num count">n=0</td>' in table.to_html()


def test_p_values_are_holm_adjusted_within_the_section_for_each_group():
    # section I, panel of four municipalities: out_hubs goes 0 → 1 for all four (four discordant pairs, one
    # way: McNemar mid-p = P(X = 0) = (1/2)⁴ = 0.0625, where the exact p would be 0.125); out_leaders changes
    # for one (mid-p = ½). Holm over these two comparable items of I (the others have no answers, so no p):
    # 2 × 0.0625 = 0.125, and max(0.125, 1 × 0.5) = 0.5.
    no, yes = "あてはまらない", "あてはまる"
    before = pd.concat(
        [frame(2024, dict.fromkeys("abcd", no)), frame(2024, dict.fromkeys("abcd", yes), "out_leaders")]
    )
    after = pd.concat(
        [
            frame(2025, dict.fromkeys("abcd", yes)),
            frame(2025, {"a": no, "b": yes, "c": yes, "d": yes}, "out_leaders"),
        ]
    )
    result = compare_years(
        before, after, previous_codebook=load_codebook(2024), current_codebook=load_codebook(2025)
    ).set_index(["item_id", "group"])
    assert result.loc[("out_hubs", PANEL), ["pvalue", "pvalue_holm"]].tolist() == [0.0625, 0.125]
    assert result.loc[("out_leaders", PANEL), ["pvalue", "pvalue_holm"]].tolist() == [0.5, 0.5]
    assert math.isnan(result.loc[("out_participation", PANEL), "pvalue_holm"])
    # Holm's first step tests 0.0625 at 0.05/2 and stops: both items are decided at 0.025, so their intervals
    # are at 97.5%. out_hubs (0, 0, 4, 0) at z = Φ⁻¹(0.9875) = 2.241403: Wilson(0/4) = (0, z²/(4 + z²)) =
    # (0, 0.556734), Wilson(4/4) = (4/(4 + z²), 1) = (0.443266, 1), φ* = 0 (a margin is empty) →
    # low = 1 − √(0.556734² + 0.556734²) = 0.212653: the interval excludes 0 while the adjusted p (0.125) does
    # not reject — the two methods disagree, and the verdict says so rather than calling it significant.
    hubs = result.loc[("out_hubs", PANEL)]
    assert hubs["holm_confidence"] == pytest.approx(0.975)
    assert hubs["ci_low_holm"] == pytest.approx(21.27, abs=0.01) and hubs["ci_high_holm"] == pytest.approx(
        100.0
    )
    assert hubs["verdict"] == "test and interval disagree"
    assert result.loc[("out_leaders", PANEL), "verdict"] == "not significant"
