"""自治体×社協 in words when there is little or nothing to pair (issue 19)."""

import pandas as pd

from jusolib.analysis.pair_tables import difference_table, gaps, summary
from jusolib.survey.codebook import load_codebook

BOOK = load_codebook(2024)


def test_both_types_without_a_common_municipality_is_said_as_such():
    # issue 19: 05 said 「この年度は**の回答データがない**」 although both types had answered
    counts = {"municipality": 11, "council": 12, "both": 0}
    text = summary(None, codebook=BOOK, counts=counts, only_one={})
    assert text == (
        "この年度は自治体 11、社協 12が回答したが、同じ区市で自治体と社協の両方が回答した組がないため、"
        "比較はできない（以下の表と図は表示しない）。"
    )
    # one type missing: it is named
    missing = summary(None, codebook=BOOK, counts={"municipality": 0, "council": 23, "both": 0}, only_one={})
    assert missing.startswith("この年度は自治体の回答データがないため")


def test_items_and_sections_without_a_pair_are_named():
    part = pd.DataFrame(
        {
            "item_id": ["chl_grant_admin_burden", "chl_grant_insufficient"],
            "section": "III",
            "n_pairs": [0, 0],
        }
    )
    assert gaps(part, section="III", codebook=BOOK) == (
        "この設問群には比較できる組がない（どの項目も、どの組もどちらかが無回答）。図は示さず、表では「−」。"
    )
    assert gaps(part.assign(n_pairs=[3, 3]), section="III", codebook=BOOK) == ""


def test_a_zero_difference_prints_with_one_decimal_like_every_other_row():
    # issue 19: a difference of exactly 0 printed as 「0」 (the column was inferred as whole numbers)
    comparison = pd.DataFrame(
        {
            "item_id": ["out_participation", "out_hubs"],
            "section": "I",
            "n_pairs": [10, 10],
            "share_first": [50.0, 40.0],
            "share_second": [50.0, 40.0],
            "diff_points": [0.0, 0.0],
            "ci_low_holm": [-20.0, -20.0],
            "ci_high_holm": [20.0, 20.0],
            "mcnemar_p_holm": [1.0, 1.0],
            "verdict": ["not significant"] * 2,
            "score_first": [50.0, 50.0],
            "score_second": [50.0, 50.0],
            "score_diff": [0.0, 0.0],
            "signed_rank_p_holm": [1.0, 1.0],
            "holm_confidence": [0.975, 0.975],
            "ci_low": [-10.0, -10.0],
            "ci_high": [10.0, 10.0],
            "mcnemar_p": [1.0, 1.0],
        }
    )
    table = difference_table(comparison, section="I", codebook=BOOK)
    for column in ("差（ポイント）", "得点差", "得点 自治体"):
        assert table.decimals(column) == 1, column
    assert table.formatted()["差（ポイント）"].tolist() == ["0.0", "0.0"]
