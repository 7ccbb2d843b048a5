"""Designed tables on slides: row heights counted by hand, pages, merged cells, text kept literal."""

import pytest
from pptx.util import Emu

from jusolib.outputs.slides.parts import BOX_MARGIN, SlideTextError, fits, new_presentation
from jusolib.outputs.slides.table import TableRow, add_table, balanced_pages, fit_or, paginate, row_height


def test_a_row_is_as_tall_as_its_tallest_cell():
    # 15 full-width characters at 10 pt in 1.5 in (108 pt less 7.2 pt of margins = 100.8 pt): 10 a line, 2 lines
    # of 13 pt, plus 7.2 pt of margins = 33.2 pt; 「12」 (1.2 em = 12 pt) takes one line of 0.5 in
    assert row_height(["あ" * 15, "12"], [1.5, 0.5], size=10) == pytest.approx(33.2)
    assert row_height(["あ" * 10, "12"], [1.5, 0.5], size=10) == pytest.approx(20.2)


def test_a_merged_cell_takes_the_width_of_its_columns():
    row = TableRow(("あ" * 15, "", "n=12"), "group", span=2)
    assert row.widths([1.0, 0.5, 1.0]) == [1.5, 0.0, 1.0]
    # over 1.5 in the label needs 2 lines; over 1.0 in alone it would need 3 (6 a line in 64.8 pt)
    assert row_height(row.cells, row.widths([1.0, 0.5, 1.0]), size=10) == pytest.approx(33.2)


def test_blocks_of_rows_go_to_pages_in_order_and_are_never_split():
    assert paginate([[1.0, 1.0], [1.0], [2.5], [0.5]], room=3.0) == [[0, 1], [2, 3]]
    with pytest.raises(SlideTextError, match="taller than"):
        paginate([[2.0, 2.0]], room=3.0)


def test_a_quote_is_shown_whole_or_not_at_all():
    # 1.0 in = 64.8 pt of text: 6 full-width characters a line at 10 pt
    assert fit_or("あ" * 12, "（省略）", width=1.0, size=10, max_lines=2) == "あ" * 12
    assert fit_or("あ" * 13, "（省略）", width=1.0, size=10, max_lines=2) == "（省略）"


def test_the_table_on_the_slide_has_the_heights_merges_and_literal_text_asked_for():
    deck = new_presentation()
    slide = deck.slides.add_slide(deck.slide_layouts[6])
    rows = [
        TableRow(("項目", "件数", "例"), "header"),
        TableRow(("問1-1 地域住民の参加を促す活動を行う者", "", "n=23"), "group", span=2),
        TableRow(("　その他", "3", "「<b>太字</b> & =SUM(A1)」"), "muted"),
    ]
    widths = [2.0, 0.6, 3.0]
    frame = add_table(
        slide, rows, left=0.5, top=1.0, widths=widths, size=11, aligns=["left", "right", "left"], name="t"
    )
    table = frame.table
    assert [c.text for c in table.rows[2].cells] == ["　その他", "3", "「<b>太字</b> & =SUM(A1)」"]
    merged = table.cell(1, 0)
    assert merged.is_merge_origin and merged.span_width == 2 and table.cell(1, 1).is_spanned
    # every cell fits its row, the merged label over the width of both its columns
    for r, row in enumerate(table.rows):
        height = Emu(row.height).pt - 2 * BOX_MARGIN
        for c, cell in enumerate(row.cells):
            if cell.is_spanned:
                continue
            width = sum(widths[c : c + cell.span_width]) * 72 - 2 * BOX_MARGIN
            size = cell.text_frame.paragraphs[0].runs[0].font.size.pt if cell.text else 11
            assert fits(cell.text, width=width, height=height, size=size), (r, c)
    run = table.cell(2, 2).text_frame.paragraphs[0].runs[0]
    assert (
        run._r.rPr.find("{http://schemas.openxmlformats.org/drawingml/2006/main}ea").get("typeface")
        == "Meiryo"
    )


def test_text_in_a_cell_merged_away_is_refused():
    deck = new_presentation()
    slide = deck.slides.add_slide(deck.slide_layouts[6])
    with pytest.raises(SlideTextError, match="merged cell must be empty"):
        add_table(
            slide,
            [TableRow(("a", "b"), "group", span=2)],
            left=0,
            top=0,
            widths=[1.0, 1.0],
            size=11,
            aligns=["left", "left"],
            name="t",
        )


def test_blocks_spread_evenly_over_the_fewest_pages_and_the_first_page_may_hold_less():
    # greedy in 4.5 in: [2 + 2] then [1] — a stub; evenly: [2] and [2 + 1] (fullest page 3 in, not 4)
    assert balanced_pages([[2.0], [2.0], [1.0]], room=4.5) == [[0], [1, 2]]
    # five blocks of 1.8 in, the first page 3.9 in (full notes), the others 4.3: 1.8 × 2 = 3.6 fits either, 5.4
    # fits neither — 3 pages (greedy: [0, 1], [2, 3], [4]); the fullest page is 3.6 in either way, and on a tie
    # the later pages take the blocks, so the last page is not a stub
    assert balanced_pages([[1.8]] * 5, room=4.3, first_room=3.9) == [[0], [1, 2], [3, 4]]
    # a block of 4.1 in fits the later pages only: alone on the first page is impossible, so one room for all
    # (paginate's rule) — and a block taller than every page is an error as before
    assert balanced_pages([[1.0], [4.1]], room=4.3, first_room=3.9) == [[0], [1]]
    with pytest.raises(SlideTextError):
        balanced_pages([[5.0]], room=4.3)
