"""A cross-tab of your own: 「件数（%）」 by any grouping, the base in the headings, the right test per grouping."""

import pytest
from scipy import stats

from jusolib.analysis.tabulate import grouping, tabulate
from jusolib.core.errors import ParameterError
from tests.helpers import fy2024_report

ITEM = "地域住民等が相互に交流を図ることのできる拠点"  # 問1-2, out_hubs


@pytest.fixture(scope="module")
def report():
    return fy2024_report()


def test_cells_are_count_and_percent_of_the_column(report):
    table = tabulate(report, "問1-2", by="団体種別")
    frame = table.frame
    # published FY2024 I-2: あてはまる 13 of 23 (56.5%); 特別区 11 and 市 12 respondents, 町村 none (left out)
    assert frame.columns.tolist() == ["全体（N=23）", "特別区（N=11）", "市（N=12）", "p値", "検定"]
    assert frame.loc[(ITEM, "あてはまる"), "全体（N=23）"] == "13（56.5%）"
    # 特別区 5 of 11 = 45.45… → 45.5 (half up); 市 8 of 12 = 66.66… → 66.7
    assert frame.loc[(ITEM, "あてはまる"), "特別区（N=11）"] == "5（45.5%）"
    assert frame.loc[(ITEM, "あてはまる"), "市（N=12）"] == "8（66.7%）"
    assert frame.loc[(ITEM, "n（無回答を含む）"), "全体（N=23）"] == "23"


def test_the_class_test_is_fishers_on_positive_or_not(report):
    table = tabulate(report, "問1-2", by="団体種別")
    # positive (あてはまる) or not, 無回答 none: 特別区 5 / 6, 市 8 / 4 — a 2×2 table scipy tests independently
    expected = stats.fisher_exact([[5, 6], [8, 4]], alternative="two-sided").pvalue
    assert table.frame.loc[(ITEM, "n（無回答を含む）"), "p値"] == pytest.approx(expected, abs=1e-12)
    assert "Fisher の正確検定" in table.notes[-1] and "差がないことの証明にはならない" in table.notes[-1]


def test_the_respondent_type_test_is_mcnemar_on_the_pairs(report):
    table = tabulate(report, "問1-2", by="回答主体")
    assert table.frame.columns.tolist() == [
        "自治体（N=23）",
        "社協（N=23）",
        "p値",
        "検定",
    ]  # no 全体: paired
    both = report.answers("両方")
    part = both[both["item_id"] == "out_hubs"].pivot(
        index="muni_code", columns="respondent_key", values="positive"
    )
    b = int((part["municipality"] & ~part["council"]).sum())
    c = int((~part["municipality"] & part["council"]).sum())
    # mid-p: twice the lower tail of Binomial(b + c, 1/2) at min(b, c), less the point probability once
    low = min(b, c)
    mid_p = min(1.0, 2 * stats.binom.cdf(low, b + c, 0.5) - stats.binom.pmf(low, b + c, 0.5))
    assert table.frame.loc[(ITEM, "n（無回答を含む）"), "p値"] == pytest.approx(mid_p, abs=1e-12)
    assert "McNemar" in table.notes[-1]


def test_a_section_gets_holm_beside_the_unadjusted_p(report):
    table = tabulate(report, "I", by="団体種別", base="無回答を除く")
    p = table.frame["p値"].dropna().tolist()
    holm = table.frame["p値（Holm補正）"].dropna().tolist()
    assert len(p) == len(holm) == 5
    # Holm: the smallest p times 5, never below the unadjusted p, never above 1
    assert min(holm) == pytest.approx(min(1.0, 5 * min(p)))
    assert all(a >= q for a, q in zip(holm, p, strict=True)) and max(holm) <= 1
    assert all(label != "無回答" for _, label in table.frame.index)  # the valid base has no 無回答 row


def test_by_another_item_and_by_nothing(report):
    crossed = tabulate(report, "問1-2", by="問1-1")
    # columns: the answers 問1-1 received (あてはまる 19, どちらともいえない 2, あてはまらない 2 — published 19 of 23)
    assert crossed.frame.columns[:2].tolist() == ["全体（N=23）", "あてはまる（N=19）"]
    alone = tabulate(report, "問1-2", by=None)
    assert alone.frame.columns.tolist() == ["全体（N=23）"]


def test_an_unknown_by_names_every_choice(report):
    with pytest.raises(ParameterError) as exc:
        tabulate(report, "問1-2", by="地域")
    message = str(exc.value)
    assert (
        "\n" not in message
        and "'class'" in message
        and "団体種別" in message
        and "respondent_type" in message
    )


def test_neither_section_nor_item_is_one_error(report):
    with pytest.raises(ParameterError, match="neither a section"):
        tabulate(report, "IV")


def test_grouping_of_the_reports_own_classes(report):
    g = grouping(report, "class", ["out_hubs"])
    assert g.groups == ["10万未満", "10万〜20万", "20万〜50万", "50万以上"] and g.test == "fisher"
