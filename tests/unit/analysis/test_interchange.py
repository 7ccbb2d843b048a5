"""A KH Coder rule file imported, coded and written back identically; Shift_JIS files; the REFI-QDA bytes."""

import pytest

from jusolib.analysis.coding import load_themes
from jusolib.analysis.interchange import (
    khcoder_book,
    khcoder_text,
    qdc_bytes,
    read_khcoder,
    themes_of_khcoder,
)
from jusolib.core.errors import CodebookError

ITEM = "chg_internal_collab"
# A KH Coder file as jusolib writes one: words the analyser splits (守秘義務 = 守秘 + 義務) quoted as KH Coder's string
# search, the default distance left out, a `# jusolib` line for what KH Coder has no place for.
RULES = (
    "*守秘義務\n'守秘義務' or 情報共有 or seq(情報-共有)[4]\n"
    "# jusolib id=roles negation=skip\n*役割分担\n役割 and ( 分担 or 分ける ) and not 未実施\n"
    "*近い\nnear(支援-連携)[3] or 協働\n"
)


@pytest.fixture
def rule_file(tmp_path):
    path = tmp_path / "rules.txt"
    path.write_text(RULES, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("text", "themes"),
    [
        ("支援会議で守秘義務が整理された", ("守秘義務",)),
        ("情報を共有できた", ("守秘義務",)),  # seq(情報-共有)[4]: 共有 two words after 情報
        ("役割を分担できた", ("roles",)),
        ("役割分担は未実施", ()),  # not 未実施
        ("役割は分担していない", ()),  # negation=skip: 分担 negated
        ("連携して支援した", ("近い",)),  # near(): either order, 2 words between
        ("住民と協働した", ("近い",)),
        ("特になし", ()),
    ],
)
def test_imported_rules_code_hand_made_texts(rule_file, text, themes):
    book = khcoder_book(rule_file, fiscal_year=2024, items=[ITEM])
    assert book.code(ITEM, text) == themes


def test_kh_coder_counts_negated_words_unless_told_otherwise(rule_file):
    book = khcoder_book(rule_file, fiscal_year=2024, items=[ITEM])
    assert book.code(ITEM, "守秘義務が整理されていない") == ("守秘義務",)  # negation: ignore, as KH Coder


def test_written_back_identically(rule_file):
    book = khcoder_book(rule_file, fiscal_year=2024, items=[ITEM])
    assert khcoder_text(book, ITEM) == RULES


def test_a_shift_jis_file_is_read(tmp_path):
    path = tmp_path / "sjis.txt"
    path.write_bytes("*財源\n財源 or 交付金\n".encode("cp932"))
    doc = read_khcoder(path, fiscal_year=2024, sections=["I"])
    assert doc["shared_themes"][0]["rule"] == [{"any": ["財源", "交付金"]}]


def test_errors_name_the_code_and_its_line():
    with pytest.raises(CodebookError, match=r"a.txt, line 3 \(\*b\): not applies to words only"):
        themes_of_khcoder("*a\n連携\n*b\n連携 and not near(a-b)\n", source="a.txt", items=[ITEM])
    with pytest.raises(CodebookError, match="say which items or sections"):
        themes_of_khcoder("*a\n連携\n", source="a.txt")


def test_a_theme_kh_coder_cannot_hold_is_named_not_dropped_silently():
    text = khcoder_text(load_themes(2024), ITEM)
    assert text.startswith(
        "# not written: understanding_barrier (重層事業への理解が進まない（連携の壁）): negated"
    )
    assert "*研修を通じてお互いの役割を知れた" in text


def test_the_qdc_bytes_name_jusolib_as_origin():
    data = qdc_bytes(load_themes(2024))
    assert data.startswith(
        b'<?xml version="1.0" encoding="utf-8"?>\n<CodeBook xmlns="urn:QDA-XML:codebook:1.0"'
    )
    assert b'origin="jusolib ' in data
