"""The rendered FY2024 deck, opened with python-pptx: the numbers are the workbook's, every slide is marked."""

import functools
import io
import math
import zipfile

import openpyxl
import pytest
from pptx import Presentation
from pptx.enum.chart import XL_CHART_TYPE
from pptx.util import Emu

from jusolib.analysis.tables import sheet_name
from jusolib.core.wording import sheet_label
from jusolib.outputs.slides.parts import BOX_MARGIN, fits
from jusolib.outputs.workbook import read_table as read_sheet
from jusolib.report import YearReport


@pytest.fixture(scope="module")
def deck(rendered):
    _, folder = rendered
    return Presentation(folder / "slides.pptx")


@functools.cache
def read_table(path, key, index_levels=1):
    """The sheet of a table (by its key: the deck names its charts by key, the workbook its sheets for a reader,
    issue 22), read once for all the tests (the frame is only read, never changed)."""
    return read_sheet(path, sheet_name(sheet_label(key)), index_levels=index_levels)


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
        key = name.rsplit("_", 1)[0] if name[-1].isdigit() else name
        if key.startswith("前年度比較"):
            key = "前年度比較"
        seen.add(key)
        sheet = key
        if key.endswith("_肯定的回答_規模別"):
            table = read_table(workbook, sheet, index_levels=2)
            # on the base without 無回答 a class may be 参考値 for one item only: the sheet marks it in the
            # row, the series is the class
            table = table.rename(index=lambda c: str(c).replace(" ※参考値", ""), level=1)
            items = table_rows(table.index.get_level_values(0).unique(), categories)
            for series_name, values in series.items():
                label = series_name.rsplit("（n=", 1)[0]
                expected = [table.loc[(item, label), "割合"] for item in items]
                assert values == expected, (number, name, series_name)
                n = {table.loc[(item, label), "n"] for item in items}
                # every class has one n on every item of the section: the legend gives it; otherwise (n differs
                # by item on the base without 無回答) the notes say so and the legend names the classes only
                section_items = table.index.get_level_values(0).unique()
                same_n = all(
                    len({table.loc[(i, c), "n"] for i in section_items}) == 1
                    for c in table.index.get_level_values(1).unique()
                )
                if same_n:
                    assert series_name.endswith(f"（n={int(n.pop())}）"), (number, series_name)
                else:
                    assert series_name == label, (number, series_name)
        else:
            table = read_table(workbook, sheet)
            paired = "自治体社協" in key  # only the items with pairs, several slides for a long section
            rows = table_rows(table.index, categories) if "_分布_" in key or paired else list(table.index)
            assert len(rows) == len(categories), (number, name)
            for series_name, values in series.items():
                expected = [cell(table.loc[row, series_name]) for row in rows]
                assert values == expected, (number, name, series_name)
            base = "比較した組" if paired else "n"
            if base in table.columns:
                for row, category in zip(rows, categories, strict=True):
                    assert category.endswith(f"（n={int(table.loc[row, base])}）"), (number, category)
    sections = ("I", "II", "III")
    assert seen == {"実施状況", "地域福祉コーディネーター"} | {
        f"{s}_{kind}" for s in sections for kind in ("分布_含", "肯定的回答_規模別", "自治体社協_差")
    }


def test_each_paired_difference_beside_its_bar_is_the_workbook_s(deck, rendered):
    workbook = rendered[1] / "tables.xlsx"
    checked = 0
    for slide in deck.slides:
        (chart,) = [s for s in slide.shapes if s.has_chart] or [None]
        if chart is None or "自治体社協_差" not in chart.name:
            continue
        table = read_table(workbook, chart.name.split("_差")[0] + "_差")
        rows = table_rows(table.index, list(chart.chart.plots[0].categories))
        texts = {s.name: s.text_frame.text for s in slide.shapes if s.name.startswith("差_")}
        for k, row in enumerate(rows, start=1):
            diff, low, high = (  # the interval on the basis of the verdict in the title (多重比較を補正)
                table.loc[row, c]
                for c in (
                    "差（ポイント）",
                    "信頼区間（多重比較を補正） 下限",
                    "信頼区間（多重比較を補正） 上限",
                )
            )
            sign = "±" if diff == 0 else "+" if diff > 0 else "-"
            assert texts[f"差_{k}"].startswith(f"{sign}{abs(diff):.1f}ポイント（{low:.1f}〜{high:.1f}）"), row
            checked += 1
    assert (
        checked == 27
    )  # every item of I, II and III (5 + 8 + 14) has pairs in FY2024 (23 of 23 answered both)


def test_every_theme_table_holds_the_counts_of_its_workbook_sheet(deck, rendered):
    workbook = rendered[1] / "tables.xlsx"
    shown: dict[str, dict[str, list[str]]] = {}
    for number, slide in enumerate(deck.slides, start=1):
        for shape in slide.shapes:
            if not shape.has_table:
                continue
            sheet = shape.name.rsplit("_", 1)[0] if shape.name[-1].isdigit() else shape.name
            assert sheet.endswith("_テーマ"), (number, shape.name)
            table = read_table(workbook, sheet, index_levels=2)
            items = shown.setdefault(sheet, {})
            item = None
            for row in list(shape.table.rows)[1:]:
                cells = [c.text for c in row.cells]
                if not cells[0].startswith("　"):  # an item with its two bases
                    item = cells[0]
                    block = table.loc[item]
                    assert cells[2:4] == [f"n={block['記述者'].iloc[0]}", f"n={block['回答者'].iloc[0]}"], (
                        number
                    )
                    assert item not in items, (number, item)  # an item is never split over slides
                    items[item] = []
                    continue
                theme = cells[0].removeprefix("　")
                line = table.loc[(item, theme)]
                # a share of 0件 reads 「−」, as the workbook's number format and the page show it
                assert cells[1:4] == [
                    str(line["該当"]),
                    *(
                        "−" if line[column] == 0 else f"{line[column]:.1f}"
                        for column in ("記述者に占める割合", "回答者に占める割合")
                    ),
                ], (number, item, theme)
                items[item].append(theme)
    assert set(shown) == {"I_テーマ", "II_テーマ", "III_テーマ"}
    for sheet, items in shown.items():
        table = read_table(workbook, sheet, index_levels=2)
        written = table.groupby(level=0, sort=False)["記述者"].first()
        assert list(items) == list(written[written > 0].index), sheet  # every item with texts, in order
        for item, themes in items.items():
            counts = table.loc[item, "該当"].drop("その他")
            left_out = counts.drop([t for t in themes if t != "その他"])
            kept = counts[[t for t in themes if t != "その他"]]
            assert len(kept) >= min(3, int((counts > 0).sum())), (sheet, item)  # the top 3 at least
            most_left_out = left_out.max() if len(left_out) else 0
            assert most_left_out <= (kept.min() if len(kept) else 0), (sheet, item)


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
        charts = {s.name for s in slide.shapes if s.has_chart}
        if charts and charts <= {"実施状況", "地域福祉コーディネーター"}:
            # public figures, real in every year: never stamped 合成データ (issue 22)
            assert not any(s.name == "合成データ" for s in slide.shapes), number
            continue
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


def test_every_table_cell_fits_its_row_and_column(deck):
    checked = 0
    for number, slide in enumerate(deck.slides, start=1):
        for shape in slide.shapes:
            if not shape.has_table:
                continue
            table = shape.table
            widths = [Emu(c.width).pt for c in table.columns]
            for row in table.rows:
                height = Emu(row.height).pt - 2 * BOX_MARGIN
                for k, cell in enumerate(row.cells):
                    if cell.is_spanned or not cell.text:
                        continue
                    width = sum(widths[k : k + cell.span_width]) - 2 * BOX_MARGIN
                    (size,) = {r.font.size.pt for p in cell.text_frame.paragraphs for r in p.runs}
                    assert fits(cell.text, width=width, height=height, size=size), (number, cell.text)
                    checked += 1
            (notes,) = [s for s in slide.shapes if s.name == "注"]
            assert shape.top + sum(r.height for r in table.rows) <= notes.top, number  # above its notes
    assert checked > 100


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


@pytest.mark.parametrize("year", [2024, 2025])
def test_every_chart_label_is_at_least_12_points_on_the_slide(year, rendered, rendered_fy2025):
    # issue 22: III's item labels were 8 pt, the differences beside the paired bars 11 pt. Native charts: the
    # category axis and data labels carry their size; the text boxes beside the bars (differences, callouts,
    # group headings) theirs; the network picture is drawn at its size on the slide (its words: unit test)
    folder = rendered[1] if year == 2024 else rendered_fy2025
    deck = Presentation(folder / "slides.pptx")
    checked = 0
    for number, slide in enumerate(deck.slides, start=1):
        for shape in slide.shapes:
            if shape.has_chart:
                space = shape.chart._chartSpace
                sizes = space.xpath(".//c:catAx/c:txPr//a:defRPr/@sz") + space.xpath(
                    ".//c:dLbls/c:txPr//a:defRPr/@sz"
                )
                sizes += space.xpath(".//c:dLbl//a:rPr/@sz")
                assert sizes and min(int(z) for z in sizes) >= 1200, (number, shape.name)
                assert all("…" not in str(c) for c in shape.chart.plots[0].categories), (number, shape.name)
                checked += 1
            elif shape.has_text_frame and shape.name.split("_")[0] in ("差", "差の見出し", "注目", "見出し"):
                runs = [r for p in shape.text_frame.paragraphs for r in p.runs]
                assert min(r.font.size.pt for r in runs) >= 12, (number, shape.name)
                assert "…" not in shape.text_frame.text, (number, shape.name)  # whole at 12 pt, not shortened
    assert checked >= 18  # FY2024: 2 overview, 1+1 I, 1+2 II, 2+3 III, 1+2+3 自治体×社協


def test_the_planned_thirty_is_on_the_fy2025_implementation_slide_as_a_bar(rendered_fy2025):
    # issue 22's review: the title said 26 (or 30) and the chart never showed 30. The report's 「30自治体(予定)」
    # is the title's number and a bar of its own, beside the 26 that the public list names
    deck = Presentation(rendered_fy2025 / "slides.pptx")
    (slide,) = [s for s in deck.slides if any(sh.has_chart and sh.name == "実施状況" for sh in s.shapes)]
    assert slide.shapes.title.text_frame.text.replace("\n", "").endswith("令和7年度の30（予定）に")
    chart = next(sh for sh in slide.shapes if sh.has_chart).chart
    series = {s.name: list(s.values) for s in chart.plots[0].series}
    categories = list(chart.plots[0].categories)
    last = categories.index("令和7年度")
    assert series["都内 実施"][last] == 26 and series["都内 実施予定（公表）"][last] == 30
