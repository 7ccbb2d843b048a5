from jusolib.texts import paragraph, reading_notes, reason_label, rule_label, warning_label, warning_message


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
    assert warning_label("respondents_not_in_reference") == "参照データにない回答者"
    text = warning_message(
        "missing_respondents", label="社協", expected=23, present=22, names="港区 (131032)"
    )
    assert text == "社協: 参照データ上の実施自治体23のうち22が回答。未回答: 港区 (131032)"


def test_paragraphs_fill_their_placeholders():
    assert paragraph("no_published", label="令和7年度 (2025)").startswith("令和7年度 (2025) の公表値")
