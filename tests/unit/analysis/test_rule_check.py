"""The rules against a hand-coded sample (counted by hand), two coders' κ, and samples that do not fit."""

import math

import pytest

from jusolib.analysis.coding import load_themes
from jusolib.analysis.rule_check import check_rules, coder_agreement, format_check, load_sample, sample_paths
from jusolib.core.errors import CodebookError
from jusolib.survey.codebook import load_codebook

CODEBOOK, BOOK = load_codebook(2024), load_themes(2024)
HEAD = "fiscal_year: 2024\ncoder: テスト係\ncoded_on: 2026-12-01\nitems: [chg_supporter_support]\nanswers:\n"
# Four FY2024 answers of 問2-1 and what the rules give them (FY2024.themes.yaml):
#   131121 一つの機関で抱え込まずに済み、担当者の負担が減った → less_burden
#   132047 後方支援として相談に乗っている                      → その他
#   131229 自分たちの役割を他機関に知ってもらえた              → function_understood
#   132080 以前から支援者同士の相談の場があった                → before_project
# The hand coding below agrees on 131121 and 132080, reads 132047 as relations_built (the rules miss it: FN) and
# 131229 as none (the rules' function_understood is a FP).
FIRST = (
    HEAD
    + "  municipality/131121/chg_supporter_support: {themes: [less_burden], text: 一つの機関で抱え込まずに済み、担当者の負担が減った}\n"
    + "  municipality/132047/chg_supporter_support: {themes: [relations_built], text: 後方支援として相談に乗っている}\n"
    + "  municipality/131229/chg_supporter_support: {themes: [], text: 自分たちの役割を他機関に知ってもらえた}\n"
    + "  municipality/132080/chg_supporter_support: {themes: [before_project], text: 以前から支援者同士の相談の場があった}\n"
)


@pytest.fixture
def sample(tmp_path):
    path = tmp_path / "FY2024.themes.sample.yaml"
    path.write_text(FIRST, encoding="utf-8")
    return path


def test_precision_and_recall_counted_by_hand(sample):
    check = check_rules(2024, sample=sample)
    # TP: less_burden (131121), before_project (132080); FP: function_understood (131229); FN: relations_built
    assert (check.overall.tp, check.overall.fp, check.overall.fn) == (2, 1, 1)
    assert check.precision == 2 / 3 and check.recall == 2 / 3 and check.f1 == 4 / 6
    themes = check.themes.set_index("theme")
    assert themes.loc["function_understood", ["tp", "fp", "fn", "tn"]].tolist() == [0, 1, 0, 3]
    assert themes.loc["function_understood", "precision"] == 0.0 and math.isnan(
        themes.loc["function_understood", "recall"]
    )
    errors = check.errors.set_index("kind")
    assert errors.loc["FP", "text"] == "自分たちの役割を他機関に知ってもらえた"
    assert errors.loc["FN", "theme"] == "relations_built" and errors.loc["FN", "rule_themes"] == ("other",)


def test_the_printed_check_lists_every_false_positive_and_negative_with_its_text(sample):
    printed = format_check(check_rules(2024, sample=sample), codebook=CODEBOOK)
    assert "overall" in printed and "0.667" in printed
    assert "false positives (the rules gave the theme, the coder did not): 1" in printed
    assert "「自分たちの役割を他機関に知ってもらえた」  coder: other; rules: function_understood" in printed
    assert "「後方支援として相談に乗っている」  coder: relations_built; rules: other" in printed


def test_kappa_between_two_hand_made_coders(sample, tmp_path):
    second = tmp_path / "FY2024.themes.sample.b.yaml"
    # The second coder agrees on less_burden and before_project, also reads 131229 as function_understood and
    # 132047 as none. relations_built: first yes/no/no/no, second no ×4: p_o = 3/4, p_e = .25·0 + .75·1 = .75 → κ 0.
    # function_understood: first no ×4, second yes once: p_o = 3/4, p_e = 0·.25 + 1·.75 = .75 → κ 0.
    # less_burden: both yes once (131121), no three times: p_o = 1, p_e = .25² + .75² = .625 → κ 1.
    second.write_text(
        FIRST.replace("{themes: [relations_built]", "{themes: []").replace(
            "131229/chg_supporter_support: {themes: []",
            "131229/chg_supporter_support: {themes: [function_understood]",
        ),
        encoding="utf-8",
    )
    kappa = coder_agreement(2024, first=sample, second=second).set_index("theme")
    assert kappa.loc["less_burden", "kappa"] == 1.0
    assert kappa.loc["relations_built", "kappa"] == 0.0 and kappa.loc["function_understood", "kappa"] == 0.0
    assert kappa.loc["relations_built", ["both", "first_only", "second_only", "neither"]].tolist() == [
        0,
        1,
        0,
        3,
    ]


def test_the_repository_sample_is_found_and_the_second_coder_too():
    assert [p.name for p in sample_paths(2024)] == [
        "FY2024.themes.sample.yaml",
        "FY2024.themes.sample.coder2.yaml",
    ]
    assert sample_paths(2025) == []
    with pytest.raises(CodebookError, match="no hand-coded sample for FY2025"):
        check_rules(2025)


@pytest.mark.parametrize(
    ("replace", "message"),
    [
        (
            ("municipality/131121/", "municipality/131121"),
            "expected a key respondent type/団体コード/item id",
        ),
        (("municipality/132047", "residents/132047"), "unknown respondent type 'residents'"),
        (
            ("[relations_built]", "[no_such_theme]"),
            "['no_such_theme'] are not themes of chg_supporter_support",
        ),
        (("coded_on: 2026-12-01", "coded_on: yesterday"), "coded_on must be a date"),
        (("coder: テスト係\n", ""), "missing 'coder'"),
    ],
)
def test_a_sample_that_does_not_fit_is_refused_naming_the_answer(tmp_path, replace, message):
    path = tmp_path / "s.yaml"
    path.write_text(FIRST.replace(*replace), encoding="utf-8")
    with pytest.raises(CodebookError, match=r"s\.yaml") as caught:
        load_sample(path, codebook=CODEBOOK, book=BOOK)
    assert message in str(caught.value)


def test_a_text_changed_since_it_was_coded_is_refused(tmp_path):
    path = tmp_path / "s.yaml"
    path.write_text(
        FIRST.replace("text: 後方支援として相談に乗っている", "text: 後方支援をしている"), encoding="utf-8"
    )
    with pytest.raises(CodebookError, match="municipality/132047/chg_supporter_support: the text coded"):
        check_rules(2024, sample=path)
