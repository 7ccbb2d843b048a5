from jusolib.core.normalize import (
    clean_free_text,
    is_blank,
    normalize_heading,
    normalize_text,
    replace_variants,
    to_katakana,
)


def test_normalize_text_folds_width_spaces_and_trailing_punctuation():
    assert normalize_text("　当て はまる。") == "当てはまる"
    assert normalize_text("１２") == "12"
    assert normalize_text("ｱﾃﾊﾏﾙ") == "アテハマル"


def test_normalize_heading_unifies_dashes_and_digits():
    for heading in ("問1-1", "問１－１", "問 1 ー 1", "問1―1", "問1‐1"):
        assert normalize_heading(heading) == "問1-1"


def test_heading_keeps_katakana_long_vowel_between_letters():
    assert normalize_heading("コーディネーター") == "コーディネーター"


def test_blank_values():
    assert is_blank("　") and is_blank(None) and is_blank(float("nan"))
    assert not is_blank("0") and not is_blank(0)


def test_variants_and_kana():
    assert replace_variants("稻城市", {"稻": "稲"}) == "稲城市"
    assert to_katakana("いなぎし") == "イナギシ"


def test_free_text_keeps_content_and_trims():
    assert clean_free_text(" 様式が多く\r\n複雑 ") == "様式が多く\n複雑"
