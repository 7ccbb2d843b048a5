"""Coding rules: hand-written texts with hand-decided themes, negation, 表記揺れ, and validation errors."""

import shutil
from pathlib import Path

import pandas as pd
import pytest
import yaml

from jusolib.analysis.coding import load_coded_free_text, load_themes
from jusolib.core.errors import CodebookError
from jusolib.core.paths import data_paths
from jusolib.survey.codebook import load_codebook
from jusolib.text import themes as themes
from jusolib.text.themes import OTHER, code_free_text, parse_themes
from tests.helpers import HEADINGS, row, write_csv

BOOK = load_themes(2024)
CODEBOOK = load_codebook(2024)
PATH = Path("FY2024.themes.yaml")


def rules(items: dict, **top) -> dict:
    return {"fiscal_year": 2024, **top, "items": items}


def book_of(rule: dict, *, negation: str = "skip"):
    """A one-theme rules file for chg_internal_collab."""
    theme = {"id": "t", "label": "連携が進んだ", "definition": "d", "rule": rule, "negation": negation}
    doc = rules(
        {"chg_internal_collab": [theme]},
        negation=yaml.safe_load("{window: 8, exceptions: [だけでなく, なければならない]}"),
    )
    return parse_themes(doc, PATH, CODEBOOK)


# -- negation -------------------------------------------------------------------------------------------------
PROGRESSED = {"all": [["連携"], ["進む", "できる"]]}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("連携が進んだ", True),
        ("連携がすすんだ", True),  # かな書き: the same normalised form 進む
        ("連携はまだできていない", False),  # できる negated (て い ない follow it), and so is 連携
        ("連携が進んでいない", False),
        ("連携は進んだが、課題もある", True),  # the が ends the clause: nothing after it negates 連携
        ("連携できず困っている", False),  # ず
        ("連携できませんでした", False),  # ません → ます + ず
        ("連携が進まなかった", False),  # なかっ → 無い
    ],
)
def test_negation_after_a_word_stops_it_counting(text, expected):
    assert BOOK_PROGRESSED.code("chg_internal_collab", text) == (("t",) if expected else ())


BOOK_PROGRESSED = book_of(PROGRESSED)


def test_exceptions_are_not_negations():
    book = book_of({"any": ["庁内"]})
    assert book.code("chg_internal_collab", "庁内だけでなく外部とも連携できた") == ("t",)
    assert book.code("chg_internal_collab", "庁内の連携はない") == ()
    must = book_of({"any": ["連携"]})
    assert must.code("chg_internal_collab", "連携しなければならない") == ("t",)


def test_negation_ignore_counts_every_occurrence():
    book = book_of({"any": ["連携"]}, negation="ignore")
    assert book.code("chg_internal_collab", "連携はまだできていない") == ("t",)


def test_negated_requires_a_negated_occurrence():
    book = book_of({"negated": ["理解"]})
    assert book.code("chg_internal_collab", "他課の理解が得られない") == ("t",)
    assert book.code("chg_internal_collab", "他課の理解が得られた") == ()


def test_phrase_needs_order_and_window():
    book = book_of({"phrase": [["情報", "共有"]], "window": 2})
    assert book.code("chg_internal_collab", "情報を共有できた") == ("t",)  # 情報 を 共有: 1 token between
    assert book.code("chg_internal_collab", "共有した情報") == ()  # wrong order
    assert book.code("chg_internal_collab", "情報は会議の場で共有") == ()  # 5 tokens between


def test_none_excludes_even_a_negated_word():
    book = book_of({"any": ["配置"], "none": ["検討"]})
    assert book.code("chg_internal_collab", "担当を配置した") == ("t",)
    assert book.code("chg_internal_collab", "担当を配置した。検討はしていない") == ()


# -- the FY2024 rules on hand-written texts ---------------------------------------------------------------------
@pytest.mark.parametrize(
    ("item", "text", "themes"),
    [
        # 「連携はまだできていない」 must not count for any 連携が進んだ theme of II-5/6
        ("chg_external_collab", "連携はまだできていない", ()),
        ("chg_external_collab", "情報共有が進んでいない", ()),
        ("chg_external_collab", "情報の共有ができるようになった", ("confidentiality",)),
        # 連携したことのない is negated, but the theme is about the relationship built
        ("chg_external_collab", "これまで連携したことのない機関と関係を築けた", ("new_partners",)),
        # 表記揺れ: full-width ＣＳＷ, 位置づけ／位置付け, 取組／取り組み, 繋ぎ先／つなぎ先, はざま／狭間
        ("out_participation", "ＣＳＷを２名増員した", ("coordinators",)),
        ("chg_internal_collab", "連携の調整を担う担当を位置づけた", ("coordinating_role",)),
        ("chg_internal_collab", "担当者を位置付けた", ("coordinating_role",)),
        ("chg_supporter_support", "重層以前の取組から出来ていた", ("before_project",)),
        ("chg_supporter_support", "取り組みは重層事業を開始する前から行っている", ("before_project",)),
        ("chg_support_content", "繋ぎ先が増えた", ("more_referrals",)),
        ("chg_support_content", "つなぎ先が広がった", ("more_referrals",)),
        ("chg_case_finding", "はざまの課題に気づけた", ("gaps_noticed",)),
        # two themes in one text
        (
            "chg_supporter_support",
            "支援会議で顔の見える関係ができ、抱え込みによる負担も減った",
            ("relations_built", "less_burden"),
        ),
        ("out_hubs", "子供食堂を住民主体で立ち上げた", ("resident_led", "multigenerational")),
        (
            "chl_progress_quantification",
            "信頼関係づくりに時間がかかる。数値化は困難",
            ("trust_takes_time", "hard_to_quantify"),
        ),
        # none-of: a desk being considered is not a desk set up
        ("out_consultation", "総合相談窓口の設置を検討中", ()),
        ("out_consultation", "総合相談窓口を開設した", ("general_desk",)),
        # the footnotes' reasons
        ("chl_plan_consent", "支援プランを作成していない", ("no_plan",)),
        ("chl_plan_consent", "プランは作成済み", ()),
        ("chl_consultation_desk_collab", "総合相談窓口は設置していない", ("no_desk",)),
        ("chl_community_building", "実施後期間が短く判断できない", ("too_early",)),
        # 十分 alone reads as 10 + 分; written as in the rule it still matches on token boundaries
        ("chl_grant_insufficient", "十分でない", ("not_enough",)),
        ("chl_grant_insufficient", "基準額は十分である", ()),
        ("chg_supporter_support", "特になし", ()),
    ],
)
def test_fy2024_rules_on_hand_written_texts(item, text, themes):
    assert BOOK.code(item, text) == themes


def test_report_footnote_theme_applies_to_every_item_of_sections_i_and_ii():
    shared = next(t for t in BOOK.themes if t.id == "before_project")
    assert set(shared.items) == set(CODEBOOK.item_ids("I")) | set(CODEBOOK.item_ids("II"))
    assert not set(shared.items) & set(CODEBOOK.item_ids("III"))


def test_every_item_of_both_years_has_themes_and_labels_are_unique_per_item():
    for year in (2024, 2025):
        book, codebook = load_themes(year), load_codebook(year)
        for item_id in codebook.item_ids():
            labels = [t.label for t in book.themes_for(item_id)]
            assert labels and len(labels) == len(set(labels)), item_id


def test_code_free_text_one_row_per_theme_and_other_for_none():
    texts = pd.DataFrame(
        {
            "muni_code": ["131016", "131024", "131032"],
            "item_id": "chg_supporter_support",
            "text": [
                "顔の見える関係ができ、抱え込みによる負担も減った",
                "特になし",
                "重層以前からできている",
            ],
        }
    )
    coded = code_free_text(texts, BOOK)
    assert coded[["muni_code", "theme"]].values.tolist() == [
        ["131016", "relations_built"],
        ["131016", "less_burden"],
        ["131024", OTHER],
        ["131032", "before_project"],
    ]
    assert coded.loc[coded["theme"] == OTHER, "label"].tolist() == ["その他"]


def test_coding_is_kept_beside_the_processed_data_and_redone_when_the_rules_change(
    data_dir, survey_dir, monkeypatch
):
    column = CODEBOOK.item("chg_supporter_support")["free_text_column"]
    write_csv(
        survey_dir / "returns.csv",
        [[*row("千代田区"), "抱え込みによる負担が減った"], [*row("中央区"), "特になし"]],
        headings=[*HEADINGS, column],
    )
    first = load_coded_free_text(2024, data_dir=data_dir)
    # decided by hand: 抱え込み…負担 is the less_burden theme; 特になし carries none
    assert first[["muni_code", "theme"]].values.tolist() == [["131016", "less_burden"], ["131024", OTHER]]
    cached = list((data_dir / "processed" / "FY2024").glob("free_text_themes_*.csv"))
    assert len(cached) == 1

    def no_analyser(*_args, **_kwargs):
        raise AssertionError("the cached coding should have been read")

    monkeypatch.setattr(themes, "code_free_text", no_analyser)
    assert load_coded_free_text(2024, data_dir=data_dir).equals(first)
    assert load_coded_free_text(2024, respondent_type="社協", data_dir=data_dir).empty

    # an analyst edits the rules: the old coding is not read again (and is removed)
    monkeypatch.undo()
    shutil.copytree(data_paths(None).codebook_dir, data_dir / "raw" / "codebook")
    rules_file = data_dir / "raw" / "codebook" / "FY2024.themes.yaml"
    edited = rules_file.read_text(encoding="utf-8").replace(
        "- [軽減, 減る, 軽い, 和らぐ, 分散, 減少]", "- [軽減]"
    )  # 「負担が減った」 no longer reads as 負担が軽減
    assert "- [軽減]" in edited
    rules_file.write_text(edited, encoding="utf-8")
    again = load_coded_free_text(2024, data_dir=data_dir)
    assert again["theme"].tolist() == [OTHER, OTHER]
    assert [p.name for p in (data_dir / "processed" / "FY2024").glob("free_text_themes_*.csv")] != [
        cached[0].name
    ]


# -- validation ----------------------------------------------------------------------------------------------
GOOD = {"id": "x", "label": "ラベル", "definition": "定義", "rule": {"any": ["連携"]}}


@pytest.mark.parametrize(
    ("doc", "message"),
    [
        (
            rules({"out_nothing": [GOOD]}),
            "FY2024.themes.yaml: item 'out_nothing' is not in the codebook FY2024.yaml",
        ),
        (rules({"out_hubs": [{**GOOD, "label": ""}]}), "item out_hubs, theme #1 (x): missing 'label'"),
        (
            rules({"out_hubs": [{**GOOD, "rule": {"anyof": ["連携"]}}]}),
            "theme #1 (x), rule: unknown keys ['anyof']",
        ),
        (
            rules({"out_hubs": [{**GOOD, "rule": {"none": ["連携"]}}]}),
            "theme #1 (x), rule: needs at least one of",
        ),
        (rules({"out_hubs": [{**GOOD, "rule": {"any": ["、"]}}]}), "'、' has no word the analyser can match"),
        (
            rules({"out_hubs": [{**GOOD, "rule": {"phrase": [["a", "b"]], "window": 0}}]}),
            "window: expected a whole number",
        ),
        (rules({"out_hubs": [{**GOOD, "rule": {"phrase": [["拠点"]]}}]}), "phrase: expected [first, second]"),
        (rules({"out_hubs": [{**GOOD, "negation": "maybe"}]}), "negation must be one of ('skip', 'ignore')"),
        (rules({"out_hubs": [{**GOOD, "label": "その他"}]}), "reserved for texts that match no theme"),
        (rules({"out_hubs": [GOOD, GOOD]}), "item out_hubs: theme ids ['x'] are used twice"),
        (
            rules({}, shared_themes=[{**GOOD, "sections": ["IV"]}]),
            "shared theme #1 (x): unknown section 'IV'",
        ),
        (rules({}, synonyms={"付ける": ["つける"], "点ける": ["つける"]}), "'つける' is listed under both"),
        ({"fiscal_year": 2025, "items": {}}, "fiscal_year 2025 is not the codebook's (2024)"),
    ],
)
def test_bad_rules_are_refused_naming_the_file_item_and_theme(doc, message):
    with pytest.raises(CodebookError) as error:
        parse_themes(doc, PATH, CODEBOOK)
    assert message in str(error.value)
    assert str(error.value).startswith("FY2024.themes.yaml: ")


def test_a_missing_rules_file_says_what_to_do(data_dir):
    with pytest.raises(CodebookError, match="no coding rules for FY2026"):
        load_themes(2026, data_dir)


def test_theme_ids_are_unique_within_an_item_only():
    theme = {"id": "few", "definition": "d", "rule": {"any": ["場"]}}
    doc = rules(
        {
            "chl_youth_places": [{**theme, "label": "若者の場が少ない"}],
            "chl_non_welfare_collab": [{**theme, "label": "接点が少ない"}],
        }
    )
    book = parse_themes(doc, PATH, CODEBOOK)
    texts = pd.DataFrame(
        {"muni_code": ["1", "1"], "item_id": ["chl_youth_places", "chl_non_welfare_collab"], "text": "場"}
    )
    assert code_free_text(texts, book)["label"].tolist() == ["若者の場が少ない", "接点が少ない"]
