"""Which themes the slides show and how a row reads, from small theme tables written by hand."""

import pandas as pd

from jusolib.outputs.slides.themes import (
    LONG_QUOTE,
    ROOMY_SIZES,
    TABLE_SIZE,
    block_heights,
    first_quote,
    item_rows,
    page_layout,
    top_themes,
    writers,
)


def theme_frame(rows):
    """A theme table as :func:`jusolib.analysis.theme_tables.theme_table` lays it out (the columns the slides read)."""
    frame = pd.DataFrame(
        rows,
        columns=[
            "項目",
            "テーマ",
            "該当",
            "記述者に占める割合",
            "回答者に占める割合",
            "記述者",
            "回答者",
            "記述の例",
        ],
    )
    return frame.set_index(["項目", "テーマ"])


# a hand-written table shaped like II-1 (支援者支援): 12 of 23 wrote; shares of 12 and of 23 rounded half up
II_1 = [
    ("問2-1 支援者支援", "関係の構築", 2, 16.7, 8.7, 12, 23, "「関係ができた」"),
    ("問2-1 支援者支援", "負担の軽減", 7, 58.3, 30.4, 12, 23, "「負担が減った」／「抱え込まない」"),
    ("問2-1 支援者支援", "機能の理解", 4, 33.3, 17.4, 12, 23, "「役割が伝わった」"),
    ("問2-1 支援者支援", "重層以前から", 1, 8.3, 4.3, 12, 23, "「以前から」"),
    ("問2-1 支援者支援", "その他", 1, 8.3, 4.3, 12, 23, "「特になし」"),
]


def test_the_most_carried_themes_come_first_then_other():
    assert top_themes(theme_frame(II_1)) == {
        "問2-1 支援者支援": ["負担の軽減", "機能の理解", "関係の構築", "その他"]
    }


def test_a_theme_the_report_says_is_absent_is_listed_at_zero():
    rows = [*II_1[:4], ("問2-1 支援者支援", "早期発見", 0, 0.0, 0.0, 12, 23, ""), II_1[4]]
    chosen = top_themes(theme_frame(rows), always={"問2-1 支援者支援": {"早期発見"}})
    assert chosen == {"問2-1 支援者支援": ["負担の軽減", "機能の理解", "関係の構築", "早期発見", "その他"]}
    assert item_rows(theme_frame(rows), "問2-1 支援者支援", ["早期発見"])[1].cells[1:] == (
        "0",
        "−",  # 0件: 「−」 as on the page and in the workbook, not 「0.0」 (under 0.05%)
        "−",
        "（該当する記述なし）",
    )


def test_ties_at_the_cut_are_kept_and_themes_nobody_carries_are_not():
    rows = [
        ("a", "x", 3, 0, 0, 5, 9, ""),
        ("a", "y", 1, 0, 0, 5, 9, ""),
        ("a", "z", 1, 0, 0, 5, 9, ""),
        ("a", "w", 0, 0, 0, 5, 9, ""),
        ("a", "その他", 0, 0, 0, 5, 9, ""),
        ("b", "x", 0, 0, 0, 0, 9, ""),
        ("b", "その他", 0, 0, 0, 0, 9, ""),
    ]
    assert top_themes(theme_frame(rows), top=2) == {"a": ["x", "y", "z"], "b": []}
    assert writers(theme_frame(rows)).to_dict() == {"a": 5, "b": 0}


def test_an_item_reads_with_both_bases_and_its_themes_counted():
    frame = theme_frame(II_1)
    rows = item_rows(frame, "問2-1 支援者支援", ["負担の軽減", "その他"])
    assert [r.cells for r in rows] == [
        ("問2-1 支援者支援", "", "n=12", "n=23", ""),
        ("　負担の軽減", "7", "58.3", "30.4", "「負担が減った」"),
        ("　その他", "1", "8.3", "4.3", "「特になし」"),
    ]
    assert [r.kind for r in rows] == ["group", "body", "muted"]


def test_a_quote_too_long_for_two_lines_is_not_cut():
    long_text = (
        "連携はまだ十分とはいえないが、" * 6
    )  # 90 characters: more than two lines of the example column
    frame = theme_frame([("問2-5 庁内連携", "関係の構築", 1, 100.0, 4.3, 1, 23, f"「{long_text}」")])
    assert item_rows(frame, "問2-5 庁内連携", ["関係の構築"])[1].cells[4] == LONG_QUOTE


def test_the_first_example_is_the_most_typical_text_and_the_next_one_stands_in_when_it_is_too_long():
    assert (
        first_quote("「負担が減った」／「抱え込まなくなった」") == "負担が減った"
    )  # the table lists the typical first
    long_text = "連携はまだ十分とはいえないが、" * 6
    frame = theme_frame(
        [("問2-5 庁内連携", "関係の構築", 2, 100.0, 8.7, 2, 23, f"「{long_text}」／「関係ができた」")]
    )
    assert item_rows(frame, "問2-5 庁内連携", ["関係の構築"])[1].cells[4] == "「関係ができた」"
    assert first_quote('「=HYPERLINK("x")」') == '=HYPERLINK("x")'


def test_the_network_slide_is_a_picture_in_the_content_area_named_after_its_sheet():
    from jusolib.outputs.slides.deck import CONTENT_BOTTOM, CONTENT_TOP, WIDTH, Deck
    from jusolib.outputs.slides.parts import new_presentation
    from jusolib.outputs.slides.themes import network_slide
    from tests.helpers import fy2024_report

    deck = Deck(fy2024_report(), presentation=new_presentation())
    network_slide(deck, "II")
    (slide,) = deck.slides
    pictures = [s for s in slide.shapes if s.shape_type == 13]  # MSO_SHAPE_TYPE.PICTURE
    assert [p.name for p in pictures] == ["II 語の共起"]
    emu = 914400
    picture = pictures[0]
    assert picture.left >= 0 and (picture.left + picture.width) / emu <= WIDTH
    assert picture.top / emu == CONTENT_TOP and (picture.top + picture.height) / emu <= CONTENT_BOTTOM
    # drawn at the size it is shown (issue 22: words were 10 pt in a 9.5 in figure shrunk to 6.3 in, about 7 pt)
    from jusolib.outputs.slides.parts import Box
    from jusolib.outputs.slides.themes import network_figure

    room = Box(picture.left / emu, picture.top / emu, picture.width / emu, picture.height / emu)
    figure = network_figure(deck, "II", room)
    scale = room.width / figure.get_size_inches()[0]
    assert abs(scale - 1) < 1e-6 and abs(room.height / figure.get_size_inches()[1] - 1) < 1e-6
    ax = figure.axes[0]
    words = [t for t in ax.texts if t.get_text()]
    assert len(words) >= 10 and min(t.get_fontsize() * scale for t in words) >= 12
    renderer = figure.canvas.get_renderer()
    boxes = [t.get_window_extent(renderer) for t in words]
    overlapping = [
        (words[i].get_text(), words[j].get_text())
        for i in range(len(boxes))
        for j in range(i + 1, len(boxes))
        if boxes[i].overlaps(boxes[j])
    ]
    assert not overlapping
    notes = " ".join(s.text_frame.text for s in slide.shapes if s.name == "注")
    assert "tables.xlsx の「II 語の共起」シート" in notes


def test_a_slide_with_room_is_written_larger_with_more_whole_quotes_and_a_full_one_stays_plain():
    # issue 22: an item alone on a theme slide left it about half empty. II-1 here: 5 rows (the item, 4 themes);
    # on a slide with 4.5 in for the table it is written at the largest roomy size that fits, each theme with both
    # of its examples where they fit whole; with 1.8 in it stays at 11 pt with one example a theme
    frame = theme_frame(II_1)
    items = [("問2-1 支援者支援", ["負担の軽減", "機能の理解", "関係の構築", "その他"])]
    roomy, size = page_layout(frame, items, room=4.5)
    assert size == max(ROOMY_SIZES)
    assert roomy[2].cells[4] == "「負担が減った」／「抱え込まない」"  # both examples, whole
    assert sum(block_heights(roomy, size)) <= 4.5
    plain, small = page_layout(frame, items, room=1.8)
    assert small == TABLE_SIZE and plain[2].cells[4] == "「負担が減った」"


def test_a_zero_share_reads_as_the_pages_dash():
    # issue 22's review: the deck showed 「0 0.0 0.0」 for a theme nobody's text carried, where the page and the
    # workbook show 「−」 (0件); 「0.0」 stays for a share under 0.05%
    from jusolib.outputs.slides.themes import _share

    assert [_share(0), _share(0.0), _share(float("nan")), _share(0.04), _share(82.55)] == [
        "−",
        "−",
        "−",
        "0.0",
        "82.6",
    ]
