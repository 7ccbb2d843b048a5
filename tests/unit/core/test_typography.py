from jusolib.core.typography import join_breaks, join_cjk_lines, phrases, unbroken_words


# -- where a page may break Japanese text (<wbr> between phrases) ----------------------------------------------
def breaks(parts):
    """Offsets of the breaks between phrases."""
    offsets, position = [], 0
    for part in parts[:-1]:
        position += len(part)
        offsets.append(position)
    return offsets


def test_no_break_inside_a_number_or_a_latin_word():
    # BudouX proposed 「人口（202 | 2年1月1日推計）」 on the 91 page
    assert join_breaks(("人口（202", "2年1月1日", "推計）")) == ("人口（2022年1月1日", "推計）")
    assert join_breaks(("n=2", "3の", "回答")) == ("n=23の", "回答")
    assert join_breaks(("割合は82.", "6%で", "最も高い")) == ("割合は82.6%で", "最も高い")
    text = "東京都の人口（推計）2022年1月1日現在の区分"
    parts = phrases(text)
    assert "".join(parts) == text and not set(breaks(parts)) & {12, 13, 14}  # 2022 spans offsets 10–14


def test_short_texts_are_never_broken():
    assert phrases("あてはまらない") == ("あてはまらない",)  # 7 characters: a header or a label
    assert phrases("とてもあてはまる") == ("とてもあてはまる",)  # 8
    assert len(phrases("地域住民等が相互に交流を図ることのできる拠点")) > 1  # 22: may wrap between phrases


def test_words_kept_whole_wherever_they_occur():
    assert join_breaks(("内訳 あては", "まらない"), ["あてはまらない"]) == ("内訳 あてはまらない",)
    assert join_breaks(("制度のは", "ざまに", "ある"), ["制度のはざま"]) == ("制度のはざまに", "ある")
    assert join_breaks(("重層的支援体", "制整備事業の"), ["重層的支援体制"]) == ("重層的支援体制整備事業の",)
    assert join_breaks(("担い", "手の", "育成と", "担い", "手養成"), ["担い手"]) == (
        "担い手の",
        "育成と",
        "担い手養成",
    )
    assert join_breaks(("課題調査_", "自治", "体回答.xlsx"), ["自治体"]) == ("課題調査_", "自治体回答.xlsx")


def test_every_codebook_label_is_listed_as_unbreakable():
    """The answer and respondent-type labels of every bundled codebook are in texts.yaml's unbreakable_words
    (nothing is registered at run time: the words do not depend on what a process loaded before)."""
    from jusolib.core.paths import BUNDLED_DATA_DIR
    from jusolib.survey.codebook import load_codebook

    for path in sorted((BUNDLED_DATA_DIR / "raw" / "codebook").glob("FY????.yaml")):
        codebook = load_codebook(int(path.stem[2:]))
        labels = {*codebook.answer_categories, *codebook.respondent_types["label"].astype(str)}
        assert labels <= unbroken_words(), (
            f"{path.name}: add {labels - unbroken_words()} to unbreakable_words"
        )


def test_codebook_labels_and_listed_words_are_never_broken():
    words = unbroken_words()
    assert {"全くあてはまらない", "どちらともいえない", "自治体", "社協", "制度のはざま", "回答者"} <= words
    for text, word in [
        ("内訳 全くあてはまらない", "全くあてはまらない"),
        ("令和6年度_成果と課題調査_自治体回答.xlsx", "自治体"),
        ("令和6年度_成果と課題調査_社協回答.csv", "社協"),
        ("割合の基数は全回答者23が基数", "回答者"),
    ]:
        start = text.index(word)
        assert not set(breaks(phrases(text))) & set(range(start + 1, start + len(word))), text


def test_japanese_source_lines_join_without_a_space():
    # 05_municipality_vs_council's introduction, as written in the notebook
    source = "同じ区市の2つの回答を\n項目ごとに組にして、両者の見方を示す。差はすべて「社協 − 自治体」。\nどちらかが無回答の組"
    assert join_cjk_lines(source) == (
        "同じ区市の2つの回答を項目ごとに組にして、両者の見方を示す。差はすべて「社協 − 自治体」。どちらかが無回答の組"
    )
    assert join_cjk_lines("## 肯定的回答の割合の差\n項目ごとの差") == "## 肯定的回答の割合の差\n項目ごとの差"
    assert (
        join_cjk_lines("- 全回答: 重なる\n  （独立でない）\n- 区間")
        == "- 全回答: 重なる（独立でない）\n- 区間"
    )
    assert join_cjk_lines("Wilson の\nスコア法") == "Wilson のスコア法"
    assert (
        join_cjk_lines("区間は\nNewcombe の方法") == "区間は\nNewcombe の方法"
    )  # a Latin word keeps its space
