"""report.explore(), driven through the widget model (no browser): the controls change what the chart, the table
and the free texts show, and the button saves the table."""

import io

import pytest
from PIL import Image

from jusolib.analyst.explorer import Explorer
from jusolib.outputs.workbook import read_table
from tests.helpers import fy2024_report


@pytest.fixture()
def explorer(tmp_path):
    return Explorer(fy2024_report(), save_dir=tmp_path)


def test_it_opens_on_the_first_section_with_a_chart_a_table_and_texts(explorer):
    c = explorer.controls
    assert c["selection"].value == "I" and c["fiscal_year"].value == 2024 and c["base"].value == "all"
    assert explorer.table.key == "集計_I"
    assert "全体（N=23）" in explorer.table_view.value  # the table with n
    width, height = Image.open(io.BytesIO(explorer.chart.value)).size
    assert width == 950 and height > 300  # a 9.5-inch chart at 100 dpi
    assert "具体的な内容" in explorer.texts_view.value
    assert explorer.widget.children  # a VBox of the controls and views


def test_an_item_by_another_scheme_and_base(explorer):
    c = explorer.controls
    c["selection"].value = "out_hubs"
    c["size_scheme"].value = "municipality_type"
    c["base"].value = "valid"
    assert explorer.report.scheme == "municipality_type"
    assert explorer.table.frame.columns.tolist()[:3] == ["全体（N=23）", "特別区（N=11）", "市（N=12）"]
    frame, title = explorer.chart_frame()
    # FY2024 I-2, 無回答を除く: 13 / 7 / 3 of 23 (no 無回答) → 56.5 / 30.4 / 13.0; 町村 (no respondent) left out
    assert frame.loc["全体"].tolist() == [23.0, 56.5, 30.4, 13.0]
    assert list(frame.index) == ["全体", "特別区", "市"]
    assert title.startswith("問1-2") and "団体種別ごと" in title


def test_the_chosen_answers_filter_the_free_texts(explorer):
    c = explorer.controls
    c["selection"].value = "out_hubs"
    everyone = len(explorer.texts.frame)
    c["answers"].value = ("あてはまらない",)
    assert set(explorer.texts.frame["回答"]) <= {"あてはまらない"}
    assert len(explorer.texts.frame) < everyone


def test_another_year_and_respondent_type_are_loaded(explorer):
    c = explorer.controls
    c["fiscal_year"].value = 2025
    assert explorer.report.fiscal_year == 2025 and "全体（N=30）" in explorer.table_view.value
    c["respondent_type"].value = "council"
    assert explorer.report.respondent_type == "社協"


def test_the_button_saves_the_table_to_excel(explorer, tmp_path):
    c = explorer.controls
    c["selection"].value = "out_hubs"
    c["save"].click()
    path = tmp_path / "集計_out_hubs_FY2024.xlsx"
    assert path.is_file() and str(path) in explorer.status.value
    frame = read_table(path, "集計_out_hubs", index_levels=2)
    assert (
        frame.loc[("地域住民等が相互に交流を図ることのできる拠点", "あてはまる"), "全体（N=23）"]
        == "13（56.5%）"
    )


def test_report_explore_returns_a_displayable_explorer():
    explorer = fy2024_report().explore()
    bundle = explorer._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
