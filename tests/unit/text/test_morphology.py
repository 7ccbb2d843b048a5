"""The analyser: 表記揺れ unified, negation and clause ends, loaded lazily and once."""

import subprocess
import sys

import pytest

from jusolib.text import morphology as morphology
from jusolib.text.morphology import prepare, tokenize


def forms(text: str) -> list[str]:
    return [t.form for t in tokenize(text)]


@pytest.mark.parametrize(
    "variants",
    [
        ["取り組み", "取組み", "取組"],
        ["子ども", "子供", "こども"],
        ["立ち上げ", "立上げ"],
        ["分かった", "わかった"],
        ["進んだ", "すすんだ"],
        ["位置付け", "位置づけ"],
        ["コーディネーター", "コーディネータ"],
    ],
)
def test_spelling_variants_have_one_normalised_form(variants):
    assert len({tuple(forms(v)) for v in variants}) == 1


def test_full_width_letters_and_digits_are_normalised_first():
    assert prepare("ＣＳＷ２名") == "CSW2名"
    assert forms("ＣＳＷを配置") == forms("CSWを配置")


def test_negation_and_clause_ends():
    tokens = tokenize("連携は進んだが、課題はない")
    assert [t.surface for t in tokens if t.is_negation] == ["ない"]
    assert [t.surface for t in tokens if t.ends_clause] == ["が", "、"]
    assert not any(t.ends_clause for t in tokenize("できていない"))  # て continues the clause


def test_spaces_are_not_tokens():
    assert forms("連携 が\n進んだ") == forms("連携が進んだ")


def test_the_dictionary_is_loaded_once_per_process():
    tokenize("一度目")
    assert morphology._dictionary() is morphology._dictionary()
    assert morphology._dictionary.cache_info().currsize == 1


def test_import_jusolib_does_not_load_the_analyser():
    code = "import sys, jusolib, jusolib.notebook, jusolib.text.themes; print('sudachipy' in sys.modules)"
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert loaded.strip() == "False"
