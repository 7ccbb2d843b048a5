"""Every table of a year in report order (the workbook's sheets), and the tables a year cannot make left out."""

import pandas as pd

from jusolib.analysis import contents
from jusolib.analysis.tables import ReportTable
from tests.helpers import fy2024_report

SECTION_TABLES = ("分布_含", "分布_除", "肯定的回答", "肯定的回答_規模別", "クロス集計", "検定")
FREE_TEXT_TABLES = (
    "テーマ",
    "テーマ_規模別",
    "特徴語_規模別",
    "特徴語_回答別",
    "共起",
    "テーマ_文書",
    "自由記述",
)


def test_fy2024_has_every_table_in_report_order():
    keys = [t.key for t in contents.tables(fy2024_report())]
    sections = ("I", "II", "III")
    expected = [
        "回答者_規模別",
        "実施状況",
        "地域福祉コーディネーター",
        *[f"{s}_{t}" for s in sections for t in SECTION_TABLES],
        "指標_規模別",
        "検出できる差",
        # FY2023 has no returns: no comparison with the previous year. Both respondent types answered: pairs.
        *[f"{s}_自治体社協_{t}" for s in sections for t in ("一致", "差")],
        "自治体社協_食い違い",
        *[f"{s}_{t}" for s in sections for t in FREE_TEXT_TABLES],
    ]
    # 3 + 3 × 6 + 2 + 3 × 2 + 1 + 3 × 7 = 51 sheets
    assert keys == expected and len(keys) == 51


def test_a_comparison_comes_after_the_indices_and_pairs_are_left_out_without_both_types(monkeypatch):
    compared = ReportTable("前年度比較", "前年度との比較", pd.DataFrame({"x": [1]}), [])
    monkeypatch.setattr(contents, "year_over_year", lambda year: compared)
    monkeypatch.setattr(contents, "paired_available", lambda year: False)
    keys = [t.key for t in contents.tables(fy2024_report())]
    assert keys[keys.index("検出できる差") + 1 : keys.index("検出できる差") + 3] == ["前年度比較", "I_テーマ"]
    assert not [k for k in keys if "自治体社協" in k]
