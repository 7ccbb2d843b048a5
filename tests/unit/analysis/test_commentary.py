"""The analyst's commentary: read from Markdown or YAML, by section, marked when written for synthetic data."""

from pathlib import Path

import pytest

from jusolib.analysis.commentary import (
    DEMONSTRATION_NOTE,
    Commentary,
    commentary_text,
    load_commentary,
    parse_commentary,
    parse_commentary_yaml,
)
from jusolib.core.errors import ParameterError
from tests.helpers import fy2024_report

SECTIONS = ["I", "II", "III"]

TEXT = """---
written_by: 地域福祉部
demonstration: false
---
# 令和8年度 調査結果をふまえて

前書き（全体に入る）

## 全体
- 全体の所見

## I 包括的支援体制の整備に向けた成果・進捗状況
- 成果の所見
<!-- 自分用のメモ:
     表示しない -->

## III 課題
- 課題の所見
### III の補足
- 補足も III に入る
"""


def test_each_section_reads_its_part_and_the_rest_is_the_overall_summary():
    found = parse_commentary(TEXT, sections=SECTIONS, path=Path("FY2026.md"))
    assert found.overall == "前書き（全体に入る）\n\n- 全体の所見"
    assert found.sections == {"I": "- 成果の所見", "III": "- 課題の所見\n### III の補足\n- 補足も III に入る"}
    assert found.part("II") == "" and found.written_by == "地域福祉部" and not found.demonstration
    assert "メモ" not in found.part("I")  # a comment to oneself is left out


def test_a_section_is_named_by_the_first_word_of_its_heading_only():
    found = parse_commentary("## II 変化\nに\n## IIの考察\nその他\n## III\nさん", sections=SECTIONS)
    # 「IIの考察」 does not start with the word II: it is not section II's heading, so its text is overall
    assert found.sections == {"II": "に", "III": "さん"} and found.overall == "その他"


def test_a_wrong_front_matter_names_the_file_the_line_and_what_is_expected():
    with pytest.raises(ParameterError, match=r"FY2026\.md, line 2: unknown key 'author': expected one of"):
        parse_commentary("---\nauthor: x\n---\n## 全体\na", sections=SECTIONS, path=Path("FY2026.md"))
    with pytest.raises(ParameterError, match="not closed"):
        parse_commentary("---\ndemonstration: true\n## 全体\na", sections=SECTIONS, path=Path("FY2026.md"))
    with pytest.raises(ParameterError, match="demonstration: expected true or false"):
        parse_commentary("---\ndemonstration: はい\n---\n", sections=SECTIONS, path=Path("FY2026.md"))


def test_the_yaml_form_takes_texts_or_lists_of_points():
    found = parse_commentary_yaml(
        {"overall": "全体", "sections": {"I": ["a", "b"]}, "demonstration": True},
        sections=SECTIONS,
        path=Path("FY2026.yaml"),
    )
    assert (found.overall, found.sections, found.demonstration) == ("全体", {"I": "- a\n- b"}, True)
    with pytest.raises(ParameterError, match="unknown section 'IV': valid sections are I, II, III"):
        parse_commentary_yaml({"sections": {"IV": "x"}}, sections=SECTIONS, path=Path("FY2026.yaml"))


def test_a_year_without_a_file_has_none(data_dir):
    assert load_commentary(2024, SECTIONS, data_dir) is None


def test_the_file_is_read_from_the_raw_folder_markdown_first(data_dir):
    folder = data_dir / "raw" / "commentary"
    folder.mkdir(parents=True)
    (folder / "FY2024.yaml").write_text("overall: YAML の所見\n", encoding="utf-8")
    assert load_commentary(2024, SECTIONS, data_dir).overall == "YAML の所見"
    (folder / "FY2024.md").write_text("## 全体\nMarkdown の所見\n", encoding="utf-8")
    assert load_commentary(2024, SECTIONS, data_dir).overall == "Markdown の所見"


def test_fy2024s_demonstration_text_has_every_part_and_says_it_is_a_demonstration():
    report = fy2024_report()
    found = report.commentary()
    assert isinstance(found, Commentary) and found.demonstration
    assert set(found.sections) == set(report.sections()) and found.overall
    for section in [None, *report.sections()]:
        assert commentary_text(report, section).endswith(DEMONSTRATION_NOTE)


def test_the_demonstration_texts_claims_agree_with_the_numbers():
    # the FY2024 text was written from the synthetic numbers: the claims it makes in words must still hold
    report = fy2024_report()
    shares = {s: report.positive(s).frame["割合"] for s in report.sections()}
    assert (shares["I"] >= 50).all()  # 「5項目すべてで、実施自治体の半数以上」
    assert (
        shares["I"].max() == shares["I"]["地域住民の参加を促す活動を行う者"] >= 80
    )  # 「最も多いのは…（8割）」
    assert 50 <= shares["I"]["地域住民等が相互に交流を図ることのできる拠点"] < 60  # 「6割弱」
    assert shares["II"]["地域課題についての市民の理解"] < 20  # 「2割に満たない」
    assert 40 <= shares["II"]["予防や地域づくりの関係者間の意識づけ"] < 50  # 「4割強」
    six = shares["II"].drop(["地域課題についての市民の理解", "予防や地域づくりの関係者間の意識づけ"])
    assert (six >= 60).all() and (six < 80).all()  # 「6割から8割」
    assert shares["III"]["個別ケースの関係形成に時間を使い、進捗の数値化が難しい"] >= 90  # 「9割」
    assert shares["III"]["困難ケースに対応する人材育成や支援体制に課題"] >= 90
    assert 80 <= shares["III"]["交付金の一体化に伴う事務負担が重い"] < 90  # 「8割」
    absent = report.themes("I").frame.loc[
        ("問1-5 地域生活課題を解決するための有機的な連携", "地域住民との連携・早期発見")
    ]
    assert int(absent["該当"]) == 0  # 「「地域住民との連携」「早期発見」につながる記述はみられない」


def test_a_text_written_from_one_respondent_types_numbers_is_not_shown_on_anothers_pages():
    # FY2024.md says respondent_type: 自治体 — it speaks of 「実施自治体では…」 numbers; the 社協 render's pages must
    # not carry it (they say 所見未記載 instead)
    from jusolib.report import YearReport

    council = YearReport.load(2024, respondent_type="社協")
    assert commentary_text(council, None) is None and commentary_text(council, "I") is None
    assert commentary_text(fy2024_report(), "I") is not None


def test_an_unknown_respondent_type_in_the_commentary_names_the_valid_ones(monkeypatch):
    import jusolib.analysis.commentary as module

    written = parse_commentary("---\nrespondent_type: 市役所\n---\n## 全体\n所見\n", sections=SECTIONS)
    assert written.respondent_type == "市役所"
    monkeypatch.setattr(module, "commentary", lambda year: written)
    with pytest.raises(ParameterError, match="自治体"):
        commentary_text(fy2024_report(), None)
