"""A whole deck from a few hand-written returns: redaction, inert text, counts honest, no pairs without 社協."""

import io
import zipfile

import pytest
from pptx import Presentation

from jusolib.outputs.slides.build import slides_bytes
from jusolib.outputs.slides.deck import Deck
from jusolib.outputs.slides.parts import new_presentation
from jusolib.outputs.slides.themes import theme_slides
from jusolib.report import YearReport
from tests.helpers import HEADINGS, implementing_only, make_data_dir, row, write_csv

PHONE = "03-1234-5678"
FORMULA = '=HYPERLINK("http://example.com","開く")'


@pytest.fixture(scope="module")
def planted(tmp_path_factory):
    """Three 自治体 returns, no 社協: the reference data lists 中央区 and 墨田区 as implementing, not 世田谷区;
    中央区 wrote a name and a phone number for 問1-1, 墨田区 a formula for 問1-2."""
    root = make_data_dir(tmp_path_factory.mktemp("planted") / "data")
    implementing_only(root, 2024, ["中央区", "墨田区"])
    headings = [*HEADINGS, "問1-1 具体的な内容", "問1-2 具体的な内容"]
    rows = [
        [*row("中央区"), f"山田太郎様の世帯（{PHONE}）", ""],
        [*row("墨田区"), "", FORMULA],
        [*row("世田谷区"), "", ""],
    ]
    write_csv(root / "raw" / "survey" / "FY2024" / "r.csv", rows, headings=headings)
    return root


@pytest.fixture(scope="module")
def redacted(planted):
    return slides_bytes(YearReport.load(2024, data_dir=planted, redact=True))


def package_texts(data):
    """Every XML part of the deck and of the workbooks embedded in its charts, as text."""
    texts = {}
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        for name in package.namelist():
            if name.endswith(".xlsx"):
                with zipfile.ZipFile(io.BytesIO(package.read(name))) as inner:
                    for part in inner.namelist():
                        texts[f"{name}!{part}"] = inner.read(part).decode("utf-8")
            elif name.endswith((".xml", ".rels")):
                texts[name] = package.read(name).decode("utf-8")
    return texts


def table_cells(data):
    deck = Presentation(io.BytesIO(data))
    return [
        cell.text
        for slide in deck.slides
        for shape in slide.shapes
        if shape.has_table
        for r in shape.table.rows
        for cell in r.cells
    ]


def test_personal_data_in_the_free_text_does_not_reach_the_deck_when_redacting(planted, redacted):
    texts = package_texts(redacted)
    assert not [name for name, text in texts.items() if PHONE in text or "山田太郎" in text]
    assert "「［氏名］様の世帯（［電話番号］）」" in table_cells(redacted)  # the example, masked
    # without --redact the same text is shown: the check above can fail
    deck = Deck(YearReport.load(2024, data_dir=planted), presentation=new_presentation())
    theme_slides(deck, "I")
    buffer = io.BytesIO()
    deck.presentation.save(buffer)
    assert f"「山田太郎様の世帯（{PHONE}）」" in table_cells(buffer.getvalue())


def test_a_text_beginning_with_equals_stays_text(redacted):
    assert f"「{FORMULA}」" in table_cells(redacted)  # shown as written, in a table cell
    workbooks = {
        name: text for name, text in package_texts(redacted).items() if ".xlsx!xl/worksheets/" in name
    }
    assert workbooks and not [name for name, text in workbooks.items() if "<f>" in text or "<f " in text]


def test_counts_are_honest_and_no_pairs_are_shown_without_the_other_respondent_type(redacted):
    deck = Presentation(io.BytesIO(redacted))
    title = next(s for s in deck.slides[0].shapes if s.name == "副題").text_frame.text
    # 3 answered: 中央区 and 墨田区 of the 2 the reference data lists, and 世田谷区, which it does not; no 社協
    assert "自治体 3（実施地区の名簿にある 2／2、名簿にない区市 1）" in title
    assert "社協 0／2" in title
    overview = "\n".join(s.text_frame.text for s in deck.slides[1].shapes if s.has_text_frame)
    assert "名簿にない区市（集計には含む）: 自治体 世田谷区" in overview
    names = [shape.name for slide in deck.slides for shape in slide.shapes]
    assert not [n for n in names if "自治体社協" in n]
    # themes: only section I has texts, one slide; the items nobody wrote for are named in its notes
    assert [n for n in names if "テーマ" in n] == ["I_テーマ"]
    (slide,) = [s for s in deck.slides if any(shape.name == "I_テーマ" for shape in s.shapes)]
    notes = next(s for s in slide.shapes if s.name == "注").text_frame.text
    assert "具体的な内容の記入がなかった項目（表から省略）: 問1-3、問1-4、問1-5" in notes
