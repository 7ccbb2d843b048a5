"""The rendered FY2024 deck, opened with python-pptx: the numbers are the workbook's, every slide is marked."""

import io
import math
import zipfile

import openpyxl
import pytest
from pptx import Presentation
from pptx.enum.chart import XL_CHART_TYPE
from pptx.util import Emu

from jusolib.excel import read_table
from jusolib.report import YearReport
from jusolib.slide_parts import BOX_MARGIN, fits


@pytest.fixture(scope="module")
def deck(rendered):
    _, folder = rendered
    return Presentation(folder / "slides.pptx")


def charts(deck):
    for number, slide in enumerate(deck.slides, start=1):
        for shape in slide.shapes:
            if shape.has_chart:
                yield number, shape


def cell(value):
    """A workbook cell as the chart holds it: an empty cell is a missing point (``None``)."""
    return None if value is None or (isinstance(value, float) and math.isnan(value)) else value


def table_rows(index, labels):
    """Rows of a table in the order of chart categories, which carry the item (with ※ mark or n) as text."""
    found = []
    for label in labels:
        matches = [row for row in index if str(row) in label]
        assert matches, f"no row of the table in the category {label!r}"
        found.append(max(matches, key=len))
    return found


def test_the_published_figure_is_in_the_first_chart(deck):
    (_, shape), *_ = [c for c in charts(deck) if c[1].name == "I_分布_含"]
    plot = shape.chart.plots[0]
    first = plot.categories[0]
    assert first == "地域住民の参加を促す活動を行う者（n=23）"  # published: 19 of 23
    values = {s.name: s.values[0] for s in plot.series}
    assert values["あてはまる"] == 82.6


def test_every_chart_holds_the_values_of_its_workbook_table(deck, rendered):
    workbook = rendered[1] / "tables.xlsx"
    seen = set()
    for number, shape in charts(deck):
        name = shape.name
        plot = shape.chart.plots[0]
        categories = list(plot.categories)
        series = {s.name: list(s.values) for s in plot.series}
        sheet = name.rsplit("_", 1)[0] if name[-1].isdigit() else name
        if sheet.startswith("前年度比較"):
            sheet = "前年度比較"
        seen.add(sheet)
        if sheet.endswith("_肯定的回答_規模別"):
            table = read_table(workbook, sheet, index_levels=2)
            items = table_rows(table.index.get_level_values(0).unique(), categories)
            for series_name, values in series.items():
                label = series_name.rsplit("（n=", 1)[0]
                expected = [table.loc[(item, label), "割合"] for item in items]
                assert values == expected, (number, name, series_name)
                n = {table.loc[(item, label), "n"] for item in items}
                assert series_name.endswith(f"（n={int(n.pop())}）"), (number, series_name)
        else:
            table = read_table(workbook, sheet)
            rows = table_rows(table.index, categories) if "_分布_" in sheet else list(table.index)
            assert len(rows) == len(categories), (number, name)
            for series_name, values in series.items():
                expected = [cell(table.loc[row, series_name]) for row in rows]
                assert values == expected, (number, name, series_name)
            if "n" in table.columns:
                for row, category in zip(rows, categories, strict=True):
                    assert category.endswith(f"（n={int(table.loc[row, 'n'])}）"), (number, category)
    sections = ("I", "II", "III")
    assert seen == {"実施状況", "地域福祉コーディネーター"} | {
        f"{s}_{kind}" for s in sections for kind in ("分布_含", "肯定的回答_規模別")
    }


def test_charts_are_native_with_their_data_embedded_and_labelled_in_one_decimal(deck):
    for number, shape in charts(deck):
        chart = shape.chart
        workbook = openpyxl.load_workbook(io.BytesIO(chart.part.chart_workbook.xlsx_part.blob))
        sheet = workbook.active
        first_series = chart.plots[0].series[0]
        embedded = [sheet.cell(row=k + 2, column=2).value for k in range(len(first_series.values))]
        assert embedded == list(first_series.values), (number, shape.name)
        xml = chart._chartSpace.xml
        assert 'formatCode="0.0"' in xml or 'formatCode="0"' in xml, number
        if shape.name.endswith("分布_含"):
            assert chart.chart_type == XL_CHART_TYPE.BAR_STACKED_100, number


def test_every_slide_carries_the_synthetic_mark(deck):
    for number, slide in enumerate(deck.slides, start=1):
        marks = [s for s in slide.shapes if s.name == "合成データ" and "合成データ" in s.text_frame.text]
        assert marks, f"slide {number} has no 合成データ mark"


def test_every_text_fits_its_box_at_its_size(deck):
    checked = 0
    for number, slide in enumerate(deck.slides, start=1):
        for shape in slide.shapes:
            if not shape.has_text_frame or not shape.text_frame.text:
                continue
            sizes = {r.font.size.pt for p in shape.text_frame.paragraphs for r in p.runs}
            assert len(sizes) == 1, (number, shape.name)
            width = Emu(shape.width).pt - 2 * BOX_MARGIN
            height = Emu(shape.height).pt - 2 * BOX_MARGIN
            text = shape.text_frame.text.replace("\v", "\n")
            assert fits(text, width=width, height=height, size=sizes.pop()), (number, shape.name, text)
            checked += 1
    assert checked > 3 * len(deck.slides)


def test_deck_is_16_9_with_a_japanese_theme_font(deck, rendered):
    assert (deck.slide_width, deck.slide_height) == (12_192_000, 6_858_000)
    with zipfile.ZipFile(rendered[1] / "slides.pptx") as package:
        theme = package.read("ppt/theme/theme1.xml").decode()
        assert '<a:ea typeface="Meiryo"' in theme and 'script="Jpan" typeface="Yu Gothic"' in theme
        assert {i.date_time for i in package.infolist()} == {(2000, 1, 1, 0, 0, 0)}
        core = package.read("docProps/core.xml").decode()
        assert "2000-01-01T00:00:00Z" in core and "jusolib" in core
        for name in package.namelist():
            if name.endswith(".xlsx"):
                inner = zipfile.ZipFile(io.BytesIO(package.read(name)))
                assert "2000-01-01T00:00:00Z" in inner.read("docProps/core.xml").decode(), name


def test_a_second_render_gives_the_same_bytes(rendered, tmp_path):
    again = tmp_path / "slides.pptx"
    YearReport.load(2024).write_slides(again)
    assert again.read_bytes() == (rendered[1] / "slides.pptx").read_bytes()


def test_the_year_index_links_the_deck(rendered):
    assert 'href="slides.pptx"' in (rendered[1] / "index.html").read_text(encoding="utf-8")
