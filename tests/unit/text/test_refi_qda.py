"""The theme codebook as REFI-QDA: valid against the standard's Codebook.xsd, stable GUIDs, shared themes as sets."""

import re
from pathlib import Path

import pytest
from lxml import etree

from jusolib.analysis.coding import load_themes
from jusolib.survey.codebook import load_codebook
from jusolib.text.refi_qda import NAMESPACE, codebook_xml, guid

SCHEMA = etree.XMLSchema(etree.parse(str(Path(__file__).parent / "data" / "refi_qda_codebook.xsd")))
NS = {"q": NAMESPACE}
BOOK, CODEBOOK = load_themes(2024), load_codebook(2024)


@pytest.fixture(scope="module")
def document():
    return etree.fromstring(codebook_xml(BOOK, CODEBOOK, origin="jusolib test"))


def test_valid_against_the_refi_qda_schema(document):
    SCHEMA.assertValid(document)


def test_the_schema_would_catch_a_broken_codebook():
    bad = etree.fromstring(
        f'<CodeBook xmlns="{NAMESPACE}"><Codes><Code name="x" isCodable="yes"/></Codes></CodeBook>'
    )
    assert not SCHEMA.validate(bad)  # no guid, isCodable not a boolean


def test_sections_items_and_themes_are_nested_and_only_themes_are_codable(document):
    sections = document.findall("q:Codes/q:Code", NS)
    assert [s.get("name").split(" ")[0] for s in sections] == ["I", "II", "III"]
    assert all(s.get("isCodable") == "false" for s in sections)
    item = next(c for c in sections[1].findall("q:Code", NS) if c.get("name").startswith("問2-1 "))
    themes = item.findall("q:Code", NS)
    assert [t.get("name") for t in themes] == [t.label for t in BOOK.themes_for("chg_supporter_support")]
    assert all(t.get("isCodable") == "true" for t in themes)
    description = themes[0].find("q:Description", NS).text
    assert description.splitlines()[0] == BOOK.themes_for("chg_supporter_support")[0].definition
    assert description.splitlines()[-1].startswith("KH Coder: ")


def test_guids_are_unique_stable_and_shared_themes_are_sets(document):
    guids = [c.get("guid") for c in document.iter(f"{{{NAMESPACE}}}Code")]
    assert len(guids) == len(set(guids))
    assert all(
        re.fullmatch(r"[0-9A-F]{8}-[0-9A-F]{4}-5[0-9A-F]{3}-[89AB][0-9A-F]{3}-[0-9A-F]{12}", g) for g in guids
    )
    assert codebook_xml(BOOK, CODEBOOK, origin="jusolib test") == codebook_xml(
        BOOK, CODEBOOK, origin="jusolib test"
    )
    sets = {s.get("name"): s for s in document.findall("q:Sets/q:Set", NS)}
    before = sets["重層以前から"]
    members = [m.get("guid") for m in before.findall("q:MemberCode", NS)]
    shared = next(t for t in BOOK.themes if t.id == "before_project")
    assert members == [guid(2024, "theme", i, "before_project") for i in shared.items]
    assert set(members) <= set(guids)


def test_a_theme_whose_rule_kh_coder_cannot_hold_keeps_jusolib_notation(document):
    barrier = next(
        c
        for c in document.iter(f"{{{NAMESPACE}}}Code")
        if c.get("name") == "重層事業への理解が進まない（連携の壁）"
    )
    assert (
        barrier.find("q:Description", NS).text.splitlines()[-1].startswith("jusolib: [{'negated': ['理解']}")
    )
