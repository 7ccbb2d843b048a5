import json
import shutil

import pytest

from jusolib.core.paths import BUNDLED_DATA_DIR, DataPaths, data_paths
from jusolib.render import cache
from jusolib.render.cache import (
    INPUT_FILES,
    READS,
    RenderState,
    YearInputs,
    code_digest,
    digest_of,
    markdown_part,
    reads,
    section_part,
    split_input,
    yaml_part,
)
from jusolib.survey.codebook import load_codebook

SECTIONS = {"I": ["i1", "i2"], "II": ["j1"], "III": ["k1"]}


def sections_2024():
    book = load_codebook(2024)
    return {s: book.item_ids(s) for s in book.sections.index}


class TestDeclarations:
    def test_every_declared_input_has_a_file(self):
        for output, declared in READS.items():
            for spec in (*cache.ALWAYS, *declared):
                name, section = split_input(spec)
                assert name in INPUT_FILES, (output, spec)
                assert section is None or section in sections_2024(), (output, spec)

    def test_every_report_notebook_and_file_is_declared(self):
        from jusolib.render.batch import NOTEBOOKS

        assert set(READS) == {*NOTEBOOKS, "tables.xlsx", "slides.pptx"}

    def test_the_section_pages_read_their_own_section_and_the_deck_reads_everything_it_shows(self):
        assert "themes[II]" in reads("02_changes") and "themes" not in reads("02_changes")
        assert {"themes", "published", "previous_build", "commentary"} <= set(reads("slides.pptx"))
        assert "previous_build" in reads("04_year_over_year")
        assert "earlier_themes[II]" in reads("02_changes")  # its word network is laid out on last year's


class TestMarkdownPart:
    TEXT = (
        "# 令和6年度 所見\n全体のまとめ\n"
        "## I 成果・進捗\nいちの所見\n### 補足\nいちの補足\n"
        "## II 変化\nにの所見\n"
        "## III　課題\nさんの所見\n"
        "## おわりに\n結び\n"
    )

    def test_another_sections_block_is_left_out_with_its_sub_headings(self):
        part = markdown_part(self.TEXT, "II", SECTIONS)
        assert part == "# 令和6年度 所見\n全体のまとめ\n## II 変化\nにの所見\n## おわりに\n結び\n"

    def test_a_change_in_one_section_changes_only_its_part(self):
        changed = self.TEXT.replace("にの所見", "にの所見（改訂）")
        assert markdown_part(changed, "I", SECTIONS) == markdown_part(self.TEXT, "I", SECTIONS)
        assert markdown_part(changed, "III", SECTIONS) == markdown_part(self.TEXT, "III", SECTIONS)
        assert markdown_part(changed, "II", SECTIONS) != markdown_part(self.TEXT, "II", SECTIONS)

    def test_what_belongs_to_no_section_is_in_every_part(self):
        changed = self.TEXT.replace("結び", "結び（改訂）")
        assert all(
            markdown_part(changed, s, SECTIONS) != markdown_part(self.TEXT, s, SECTIONS) for s in SECTIONS
        )

    def test_ii_is_not_read_as_i_followed_by_something(self):
        assert "にの所見" not in markdown_part(self.TEXT, "I", SECTIONS)
        assert "いちの所見" not in markdown_part(self.TEXT, "III", SECTIONS)


class TestYamlPart:
    def test_the_real_rules_of_another_sections_item_do_not_concern_a_section(self):
        import yaml

        doc = yaml.safe_load(
            (BUNDLED_DATA_DIR / "raw/codebook/FY2024.themes.yaml").read_text(encoding="utf-8")
        )
        sections = sections_2024()
        item_ii = sections["II"][0]
        edited = json.loads(json.dumps(doc))
        edited["items"][item_ii][0]["rule"] = {"any": ["新しい語"]}  # one rule of one item of section II
        for section in ("I", "III"):
            assert yaml_part(edited, section, sections) == yaml_part(doc, section, sections), section
        assert yaml_part(edited, "II", sections) != yaml_part(doc, "II", sections)

    def test_shared_themes_stay_where_one_of_their_items_or_sections_is(self):
        doc = {
            "shared_themes": [
                {"id": "both", "items": ["i1", "j1"]},
                {"id": "only_ii", "items": ["j1"]},
                {"id": "by_section", "sections": ["II"]},
                {"id": "unknown_item", "items": ["zz"]},
            ]
        }
        kept = {s: [t["id"] for t in yaml_part(doc, s, SECTIONS)["shared_themes"]] for s in SECTIONS}
        assert kept == {
            "I": ["both", "unknown_item"],
            "II": ["both", "only_ii", "by_section", "unknown_item"],
            "III": ["unknown_item"],
        }

    def test_global_settings_are_in_every_part(self):
        doc = {"synonyms": {"取組": ["取り組み"]}, "negation": {"window": 8}, "items": {}}
        changed = {**doc, "negation": {"window": 6}}
        assert all(yaml_part(changed, s, SECTIONS) != yaml_part(doc, s, SECTIONS) for s in SECTIONS)

    def test_keys_named_after_sections_belong_to_them(self):  # commentary written as YAML
        doc = {"overall": "全体", "I": "いち", "II": "に"}
        assert yaml_part(doc, "I", SECTIONS) == {"overall": "全体", "I": "いち"}


def test_section_part_of_a_file_it_cannot_read_is_the_whole_file(tmp_path):
    broken = tmp_path / "x.yaml"
    broken.write_text("items: [unclosed\n", encoding="utf-8")
    assert section_part(broken, "I", SECTIONS) == "items: [unclosed\n"
    other = tmp_path / "x.csv"
    other.write_text("a,b\n", encoding="utf-8")
    assert section_part(other, "I", SECTIONS) == "a,b\n"
    assert section_part(broken, "IV", SECTIONS) == "items: [unclosed\n"  # not a section of the codebook


class TestYearInputs:
    def inputs(self, root):
        return YearInputs(DataPaths(root), 2024, [], sections_2024())

    def test_files_of_a_year(self):
        inputs = YearInputs(data_paths(), 2025, [2023, 2024], sections_2024())
        assert [p.name for p in inputs.files("themes")] == ["FY2025.themes.yaml"]
        assert [p.parent.name for p in inputs.files("previous_build")] == ["FY2024"]
        assert [p.parent.name for p in inputs.files("earlier_builds")] == ["FY2023", "FY2024"]
        assert [p.name for p in inputs.files("earlier_themes")] == [
            "FY2023.themes.yaml",
            "FY2024.themes.yaml",
        ]
        assert {p.name for p in inputs.files("reference")} >= {"tokyo_municipalities.csv", "sources.csv"}
        assert self.inputs(BUNDLED_DATA_DIR).files("previous_build") == []  # FY2024 has no earlier year
        assert self.inputs(BUNDLED_DATA_DIR).files("earlier_themes") == []

    def test_a_file_that_appears_changes_the_digest_and_then_only_its_sections_part_counts(self, tmp_path):
        root = tmp_path / "data"
        (root / "raw" / "survey" / "FY2024").mkdir(parents=True)
        absent = self.inputs(root).digest("commentary[I]")
        commentary = root / "raw" / "commentary" / "FY2024.md"
        commentary.parent.mkdir(parents=True)
        commentary.write_text("# 所見\n", encoding="utf-8")
        present = self.inputs(root).digest("commentary[I]")
        assert present != absent  # a file that is there may be read as such (「所見未記入」 or not)
        commentary.write_text("# 所見\n## II 変化\nにの所見\n", encoding="utf-8")
        assert self.inputs(root).digest("commentary[I]") == present  # section II's text is not I's
        assert self.inputs(root).digest("commentary[II]") != present
        commentary.write_text("# 所見\n## I 成果・進捗\nいちの所見\n## II 変化\nにの所見\n", encoding="utf-8")
        assert self.inputs(root).digest("commentary[I]") != present

    def test_digests_are_those_of_the_files(self, tmp_path):
        root = tmp_path / "data"
        shutil.copytree(BUNDLED_DATA_DIR / "raw" / "published", root / "raw" / "published")
        (root / "raw" / "survey").mkdir()
        before = self.inputs(root).digests("90_published_check")
        assert set(before) == {"build", "codebook", "reference", "published", "themes"}
        published = root / "raw" / "published" / "FY2024.csv"
        published.write_bytes(published.read_bytes().replace(b"23", b"24", 1))
        after = self.inputs(root).digests("90_published_check")
        assert {k for k in before if before[k] != after[k]} == {"published"}


class TestRenderState:
    def test_an_output_is_reused_only_with_its_key_and_its_bytes(self, tmp_path):
        (tmp_path / "a.html").write_text("页", encoding="utf-8")
        state = RenderState(tmp_path)
        state.record("a.html", "k1", result={"ok": True})
        again = RenderState.load(tmp_path)
        assert again.reusable("a.html", "k1") == {
            "key": "k1",
            "sha256": again.entries["a.html"]["sha256"],
            "result": {"ok": True},
        }
        assert again.reusable("a.html", "k2") is None
        assert RenderState.load(tmp_path, force=True).reusable("a.html", "k1") is None
        (tmp_path / "a.html").write_text("changed by hand", encoding="utf-8")
        assert RenderState.load(tmp_path).reusable("a.html", "k1") is None
        (tmp_path / "a.html").unlink()
        assert RenderState.load(tmp_path).reusable("a.html", "k1") is None

    def test_forget_and_a_state_file_that_cannot_be_read(self, tmp_path):
        (tmp_path / "a.html").write_text("x", encoding="utf-8")
        state = RenderState(tmp_path)
        state.record("a.html", "k")
        state.forget("a.html")
        assert RenderState.load(tmp_path).entries == {}
        (tmp_path / cache.STATE_FILE).write_text("{not json", encoding="utf-8")
        assert RenderState.load(tmp_path).entries == {}
        (tmp_path / cache.STATE_FILE).write_text(
            json.dumps({"format": 0, "outputs": {"a.html": {}}}), encoding="utf-8"
        )
        assert RenderState.load(tmp_path).entries == {}  # another format: nothing is trusted


def test_the_code_digest_changes_with_any_file_of_the_package_but_bytecode(tmp_path):
    package = tmp_path / "pkg"
    (package / "__pycache__").mkdir(parents=True)
    (package / "a.py").write_text("x = 1\n", encoding="utf-8")
    (package / "t.css").write_text("p {}\n", encoding="utf-8")
    before = code_digest(package)
    (package / "__pycache__" / "a.cpython-311.pyc").write_bytes(b"\0")
    assert code_digest(package) == before
    (package / "t.css").write_text("p { color: red }\n", encoding="utf-8")
    assert code_digest(package) != before


def test_environment_names_the_code_the_lock_and_the_versions():
    found = cache.environment("python3")
    assert set(found) == {"jusolib", "lock", "packages", "python", "kernel"}
    assert found["lock"] != "absent" and "pandas" in found["packages"]


def test_digest_of_is_stable():
    # the same value in any key order; what json cannot write is written as text
    assert digest_of({"a": 1, "b": [2]}) == digest_of({"b": [2], "a": 1})
    assert digest_of({"p": __import__("pathlib").Path("/x")}) == digest_of({"p": "/x"})
    assert len(digest_of(None)) == 64


@pytest.mark.parametrize("spec", ["themes[I]", "build", "commentary[III]"])
def test_split_input_round_trip(spec):
    name, section = split_input(spec)
    assert (f"{name}[{section}]" if section else name) == spec
