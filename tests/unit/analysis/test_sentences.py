"""The sentence on a difference between classes, worked by hand on tiny tables of shares."""

import pandas as pd

from jusolib.analysis.sentences import describe_difference, named_together


def _shares(rows):
    return pd.DataFrame(rows, columns=["class", "n", "positive"])


def _describe(rows, **options):
    options = {"item_label": "拠点", "positive_label": "あてはまる", "p_adjusted": 0.2, **options}
    return describe_difference(_shares(rows), **options)


def test_names_are_joined_and_a_tie_is_said_to_be_one():
    assert named_together(["「大」"]) == "「大」が"
    assert named_together(["「大」", "「中」", "「小」"]) == "「大」・「中」・「小」が並んで"


def test_a_tie_at_the_top_names_no_winner_and_a_significant_test_says_only_that_classes_differ():
    # 大 6/12 = 50.0%, 中 2/4 = 50.0% (tie, n=4 under 10: 参考値), 小 1/5 = 20.0% (参考値); 50.0 − 20.0 = 30.0
    text = _describe([("大", 12, 6), ("中", 4, 2), ("小", 5, 1)], p_adjusted=0.01)
    assert text == (
        "「拠点」で「あてはまる」の割合は、大（n=12）・中（n=4、参考値）が並んで50.0%で最も高く、"
        "小（n=5、参考値）が20.0%で最も低い（差30.0ポイント）。"
        "区分全体についての検定（Holm補正後 p=0.010）では、"
        "区分間に差がみられる（有意水準0.05）。どの区分の間の差かを示す検定ではない。"
    )


def test_shares_are_rounded_half_up_and_the_difference_from_the_exact_fractions():
    # 上 1/3 = 33.33 → 33.3; 下 5/16 = 31.25 → 31.3 (half up); the difference 1/3 − 5/16 = 1/48 = 2.083 → 2.1
    # (not 33.3 − 31.3 = 2.0). A trend test that is not significant claims no trend.
    text = _describe([("上", 3, 1), ("下", 16, 5)], test="trend", base_label="無回答を除く", p_adjusted=0.5)
    assert text == (
        "「拠点」で「あてはまる」の割合（無回答を除く）は、上（n=3、参考値）が33.3%で最も高く、"
        "下（n=16）が31.3%で最も低い（差2.1ポイント）。"
        "区分の順に沿った傾向の検定（Holm補正後 p=0.500）では、偶然の変動の範囲を超える傾向があるとはいえない。"
    )


def test_equal_shares_everywhere_are_said_to_be_the_same():
    # 5/10 = 10/20 = 50.0%
    assert _describe([("A", 10, 5), ("B", 20, 10)]) == (
        "「拠点」で「あてはまる」の割合は、A（n=10）・B（n=20）のどの区分も50.0%で同じ。"
    )


def test_no_test_and_nothing_to_compare_are_said_plainly():
    assert _describe([("A", 10, 5), ("B", 10, 1)], p_adjusted=float("nan")).endswith(
        "（差40.0ポイント）。検定はできなかった。"
    )
    # a class with n=0 is left out: one class remains
    assert (
        _describe([("A", 0, 0), ("B", 10, 1)])
        == "「拠点」は比較できる区分が1つ以下のため、区分間の比較は行わない。"
    )
