"""Property-based tests: normalisation, municipality resolution and recoding are idempotent and only ever
raise the documented error types, whatever an Excel user types."""

import datetime as dt
import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from jusolib.clean.cleaner import recode_answer
from jusolib.core.errors import FiscalYearError, MunicipalityError
from jusolib.core.fiscal import parse_fiscal_year
from jusolib.core.normalize import normalize_heading, normalize_text, to_katakana
from jusolib.survey.codebook import load_codebook
from jusolib.survey.reference import is_valid_code6, load_municipalities, municipality_resolver

BOOK = load_codebook(2024)
RESOLVER = municipality_resolver()
TABLE = load_municipalities()
ROWS = list(TABLE[["code6", "name", "kana"]].itertuples(index=False))
SPACES = st.sampled_from(["", " ", "　", "\t", "  "])
ANY_TEXT = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=20)


@given(ANY_TEXT)
def test_normalize_text_is_idempotent(text):
    assert normalize_text(normalize_text(text)) == normalize_text(text)


@given(ANY_TEXT)
def test_normalize_heading_is_idempotent(text):
    assert normalize_heading(normalize_heading(text)) == normalize_heading(text)


def full_width(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


@given(
    st.sampled_from(ROWS),
    st.sampled_from(["name", "kana", "hiragana", "code6", "code5"]),
    SPACES,
    SPACES,
    st.booleans(),
    st.booleans(),
)
def test_every_way_of_writing_a_municipality_resolves_to_its_code(row, form, before, after, prefix, wide):
    if form == "name":
        value = ("東京都" if prefix else "") + row.name
    elif form == "kana":
        value = row.kana
    elif form == "hiragana":
        value = "".join(chr(ord(c) - 0x60) if "ァ" <= c <= "ヶ" else c for c in row.kana)
    else:
        value = row.code6 if form == "code6" else row.code6[:5]
    if wide:
        value = full_width(value)
    candidates = {row.code6}
    try:
        assert RESOLVER.resolve(before + value + after) in candidates
    except MunicipalityError as exc:  # only the kana shared by 豊島区 and 利島村 may be ambiguous
        assert form in ("kana", "hiragana") and to_katakana(row.kana).startswith("トシマ"), exc


@given(st.one_of(ANY_TEXT, st.integers(), st.floats(allow_nan=True)))
def test_resolution_returns_a_tokyo_code_or_raises_a_municipality_error(value):
    try:
        code = RESOLVER.resolve(value)
    except MunicipalityError:
        return
    assert is_valid_code6(code) and code in set(TABLE["code6"])


@given(st.sampled_from(BOOK.item_ids()), ANY_TEXT)
def test_recoding_never_raises_and_gives_a_label_of_the_scale(item_id, raw):
    result = BOOK.recode(item_id, raw)
    if result is None:
        return
    label, _ = result
    assert label in (*BOOK.scale_of(item_id).labels, BOOK.no_answer_label)
    assert BOOK.recode(item_id, label)[0] == label  # idempotent


CELL_VALUES = st.one_of(
    ANY_TEXT,
    st.integers(-10, 10),
    st.floats(allow_nan=True, allow_infinity=True),
    st.none(),
    st.booleans(),
    st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2030, 1, 1)),
    st.sampled_from(["１", "2.0", "当てはまる", "あてはまる。", "　", "－", "NA"]),
)


@given(st.sampled_from(list(BOOK.scales)), CELL_VALUES)
def test_recode_answer_handles_any_cell(scale, value):
    label, rule = recode_answer(value, BOOK.answer_lookup(scale))
    assert label is None or label in (*BOOK.scales[scale].labels, BOOK.no_answer_label)
    assert isinstance(rule, str)


@given(st.one_of(ANY_TEXT, st.integers(), st.floats()))
def test_fiscal_year_parses_or_raises_fiscal_year_error(value):
    try:
        year = parse_fiscal_year(value)
    except FiscalYearError:
        return
    assert 2019 <= year <= 2060
    assert parse_fiscal_year(f"令和{year - 2018}年度") == year


def test_nfkc_assumption():
    assert unicodedata.normalize("NFKC", "ｾﾀｶﾞﾔｸ") == "セタガヤク"
