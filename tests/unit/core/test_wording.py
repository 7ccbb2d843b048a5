from jusolib.core.wording import (
    methods_note,
    paragraph,
    reading_notes,
    reason_label,
    rule_label,
    warning_label,
    warning_message,
)


def test_reading_notes_count_the_respondents_of_the_year():
    assert "回答者は30団体と少ない" in reading_notes(30)
    assert "23" not in reading_notes(30)


def test_every_logged_cleaning_rule_has_a_japanese_name():
    logged = [
        "option code",
        "numeric 2.0 → option code",
        "numeric text ２ → option code",
        "spelling variant",
        "label",
        "label (normalised text)",
        "無回答 spelling",
        "blank → 無回答",
        "municipality → 団体コード",
        "respondent type",
        "free text trimmed",
        "formula → saved value",
    ]
    names = [rule_label(r) for r in logged]
    assert names[1] == "数値（2.0）を選択肢の番号として読む"
    assert names[2] == "数字の文字列（２）を選択肢の番号として読む"
    assert all(not n.isascii() for n in names)
    assert len(set(names)) == len(names)


def test_rejection_reasons_in_japanese():
    assert reason_label("blank row") == "空行"
    assert reason_label("duplicate_respondent: expected one row per respondent") == "同じ回答者の重複"
    assert reason_label("no respondent type and no answers (a note or total row, or a …)").startswith(
        "回答主体も"
    )


def test_warnings_in_japanese_with_their_counts():
    assert warning_label("respondents_not_in_reference") == "実施地区の名簿にない回答者"
    text = warning_message(
        "missing_respondents", label="社協", expected=23, present=22, names="港区 (131032)"
    )
    assert text == "社協: 参照データ上の実施自治体23のうち22が回答。未回答: 港区 (131032)"


def test_paragraphs_fill_their_placeholders():
    assert paragraph("no_published", label="令和7年度 (2025)").startswith("令和7年度 (2025) の公表値")


def test_test_methods_named_once_in_japanese():
    methods = [
        "Fisher exact (all 119 tables enumerated)",
        "Fisher exact (all 36 tables enumerated)",
        "Fisher exact (no variation to test)",
        "Kruskal–Wallis, permutation p (9,999 resamples, seed 20241210)",
        "Kruskal–Wallis (no variation to test)",
    ]
    assert methods_note(methods) == (
        "Fisher の正確検定（すべての表を列挙、通常の p）、回答にばらつきのない項目の Fisher の p は1、"
        "Kruskal–Wallis 検定の p は並べ替え 9,999 回（乱数の種 20241210）、"
        "回答にばらつきのない項目の Kruskal–Wallis の p は1"
    )
    assert methods_note(["Fisher exact, Monte Carlo (9,999 tables, seed 7)"]) == (
        "Fisher の正確検定の p はモンテカルロ法 9,999 回（乱数の種 7）"
    )
    assert methods_note(["a method nobody wrote down"]) == "a method nobody wrote down"


def test_paragraph_lines_join_without_a_space():
    assert "テーマに分けて数える" in paragraph("themes", who="自治体")
    assert "全回答者の2つの基数" in paragraph("themes", who="自治体")  # a digit joins too
    for key in (
        "free_text",
        "free_text_appendix",
    ):  # paper cannot be clicked: the page says it on screen only
        assert "クリック" not in paragraph(key, who="自治体")
