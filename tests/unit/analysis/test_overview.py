"""The overview page: who answered, the implementation series and the coordinators.

The series are counted from small hand-written reference files (a data folder of their own); who answered is
the FY2024 report's."""

import shutil
from types import SimpleNamespace

import matplotlib.pyplot as plt
import pytest

from jusolib.analysis import overview
from jusolib.analysis.charts import use_japanese_theme
from jusolib.core.paths import BUNDLED_DATA_DIR
from tests.helpers import fy2024_report

IMPLEMENTATION = """fiscal_year,code6,name,status,source_id
2022,131121,世田谷区,実施,tsk_report_r6
2022,131075,墨田区,移行準備,tsk_report_r6
2023,131121,世田谷区,実施,tsk_report_r6
2023,131075,墨田区,実施,tsk_report_r6
2023,132012,八王子市,実施予定,tsk_report_r6
2024,131121,世田谷区,実施,tsk_report_r6
"""
CONTEXT = """series,fiscal_year,value,unit,label,source_id
tokyo_coordinators,2022,100,人,都内の地域福祉コーディネーター,tsk_report_r6
tokyo_coordinators,2023,150,人,都内の地域福祉コーディネーター,tsk_report_r6
national_implementing,2022,134,自治体,全国の重層的支援体制整備事業 実施自治体数,mhlw_white_paper
national_implementing,2023,189,自治体,全国の重層的支援体制整備事業 実施自治体数,mhlw_white_paper
tokyo_transition_end_of_year,2023,5,自治体,都内の移行準備事業 実施自治体数（令和5年度末）,tsk_articles
"""


@pytest.fixture
def year(data_dir):
    """A stand-in for a year's data that reads its reference data from a folder of its own."""
    reference = data_dir / "raw" / "reference"
    shutil.copytree(BUNDLED_DATA_DIR / "raw" / "reference", reference)
    (reference / "implementation_status.csv").write_text(IMPLEMENTATION, encoding="utf-8")
    (reference / "context_series.csv").write_text(CONTEXT, encoding="utf-8")
    return SimpleNamespace(data_dir=data_dir, store={})


def test_implementation_is_counted_per_year_with_unknowns_left_unknown(year):
    frame = overview.implementation_counts(year).frame
    assert frame.index.tolist() == ["令和4年度", "令和5年度", "令和6年度"]
    # 実施 and 実施予定 count as implementing: 2022 世田谷区; 2023 世田谷区・墨田区・八王子市; 2024 世田谷区
    assert frame["都内 実施"].tolist() == [1, 3, 1]
    # 移行準備: 2022 from the list (墨田区); 2023 not listed, the end-of-year count 5; 2024 not known
    assert frame["都内 移行準備事業"].tolist() == [1, 5, None]
    assert frame["全国 実施"].tolist() == [134, 189, None]


def test_coordinators_are_the_published_years_only(year):
    table = overview.coordinators(year)
    assert table.key == "地域福祉コーディネーター"
    assert table.frame.index.tolist() == ["令和4年度", "令和5年度"]
    assert table.frame["地域福祉コーディネーター（人）"].tolist() == [100, 150]


def test_the_charts_draw_the_same_series(year):
    use_japanese_theme()
    implementation, coordinators = overview.plot_implementation(year), overview.plot_coordinators(year)
    try:
        assert implementation.axes[0].get_ylabel() == "自治体数"
        assert coordinators.axes[0].get_ylabel() == "人"
    finally:
        plt.close(implementation)
        plt.close(coordinators)


def test_the_respondents_are_listed_with_code_class_and_first_year():
    report = fy2024_report()
    frame = overview.respondent_list(report).frame
    assert len(frame) == 23 and frame.index.name == "区市町村"
    # reference data: 世田谷区 131121 implements from 2021 (令和3年度) and has over 500,000 people
    assert frame.loc["世田谷区", ["団体コード", "実施開始"]].tolist() == ["131121", "令和3年度"]
    assert frame.loc["世田谷区", report.classes.label] == "50万以上"


def test_the_survey_facts_say_who_answered_out_of_whom():
    lines = overview.survey_facts(fy2024_report()).splitlines()
    assert "- 回答（自治体）: 23（参照データ上の実施自治体 23）" in lines
    assert "- データ: 合成データ" in lines


def test_the_published_plan_stands_beside_the_named_count(year):
    # issue 22's review: 令和7年度's bar showed the 26 named municipalities and the report's 30（予定） was nowhere in
    # the chart or table. Here the list names 3 for 令和5年度 and the plan says 4: the table has both, the title too
    (year.data_dir / "raw" / "reference" / "context_series.csv").write_text(
        CONTEXT + "tokyo_implementing_planned,2023,4,自治体,都内の実施予定自治体数（予定）,tsk_report_r6\n",
        encoding="utf-8",
    )
    frame = overview.implementation_counts(year).frame
    assert frame["都内 実施予定（公表）"].tolist() == [None, 4, None]
    figure = overview.plot_implementation(year)
    drawn = " ".join(ax.get_title(loc="left") for ax in figure.axes) + " ".join(
        t.get_text() for t in figure.texts
    )
    assert "令和5年度は実施予定4、うち名前が公表されている3" in drawn
    # a bar of each: the plan's beside the named ones
    ax = figure.axes[0]
    assert ax.get_legend_handles_labels()[1] == ["都内 実施", "都内 移行準備事業", "都内 実施予定（公表）"]
    plt.close(figure)
