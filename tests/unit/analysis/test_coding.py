"""A year's coding rules read from the codebook folder, and the digest that names the cached coding.

(The coding of texts and its cache are tested in tests/unit/text/test_themes.py.)"""

import hashlib
import re
import shutil

import pytest

from jusolib.analysis import coding
from jusolib.core.errors import CodebookError
from jusolib.core.paths import BUNDLED_DATA_DIR, PACKAGE_DIR

SHIPPED = BUNDLED_DATA_DIR / "raw" / "codebook"


@pytest.fixture
def own_codebooks(data_dir):
    """A data folder with its own codebook folder: the FY2024 codebook, no coding rules yet."""
    folder = data_dir / "raw" / "codebook"
    folder.mkdir(parents=True)
    shutil.copy(SHIPPED / "FY2024.yaml", folder)
    return data_dir


def test_the_rules_are_found_in_the_data_folder_or_the_shipped_one(own_codebooks):
    own = own_codebooks / "raw" / "codebook" / "FY2024.themes.yaml"
    assert coding.themes_path("令和6年度", own_codebooks) == own
    assert not coding.has_themes(2024, own_codebooks)
    assert coding.load_coded_free_text(2024, data_dir=own_codebooks) is None
    shutil.copy(SHIPPED / "FY2024.themes.yaml", own)
    assert coding.has_themes(2024, own_codebooks)


def test_shipped_rules_are_read_when_the_folder_has_no_codebooks(data_dir):
    assert coding.themes_path(2024, data_dir) == SHIPPED / "FY2024.themes.yaml"
    assert coding.has_themes(2024, data_dir) and not coding.has_themes(2026, data_dir)


def test_edited_rules_are_read_again(own_codebooks):
    own = own_codebooks / "raw" / "codebook" / "FY2024.themes.yaml"
    text = (SHIPPED / "FY2024.themes.yaml").read_text(encoding="utf-8")
    own.write_text(text, encoding="utf-8")
    first = coding.load_themes(2024, own_codebooks)
    assert coding.load_themes(2024, own_codebooks) is first  # unchanged: read once
    own.write_text(text + "\n# edited\n", encoding="utf-8")  # another size: read again
    assert coding.load_themes(2024, own_codebooks) is not first


def test_rules_that_are_not_yaml_are_refused_naming_the_file(own_codebooks):
    own = own_codebooks / "raw" / "codebook" / "FY2024.themes.yaml"
    own.write_text("items: [unclosed\n", encoding="utf-8")
    with pytest.raises(
        CodebookError, match=re.escape("FY2024.themes.yaml: not a valid UTF-8 YAML file of coding rules")
    ):
        coding.load_themes(2024, own_codebooks)


def test_the_digest_covers_texts_rules_code_and_analyser(tmp_path):
    texts, rules = tmp_path / "free_text.csv", tmp_path / "rules.yaml"
    texts.write_bytes("muni_code,text\n131016,連携\n".encode())
    rules.write_bytes(b"items: {}\n")
    parts = [
        texts.read_bytes(),
        rules.read_bytes(),
        (PACKAGE_DIR / "text" / "themes.py").read_bytes(),
        (PACKAGE_DIR / "text" / "morphology.py").read_bytes(),
        coding.analyser_description().encode(),
    ]
    by_hand = hashlib.sha256(b"".join(hashlib.sha256(p).digest() for p in parts)).hexdigest()
    assert coding.coding_digest(texts, rules) == by_hand
    rules.write_bytes(b"items: {out_hubs: []}\n")
    assert coding.coding_digest(texts, rules) != by_hand


def test_the_analyser_is_named_with_its_dictionary_and_settings():
    from jusolib.text.morphology import analyser_versions

    versions = analyser_versions()
    assert coding.analyser_description() == (
        f"SudachiPy {versions['sudachipy']}（sudachidict-core {versions['dictionary_version']}、分割単位C、正規化表記）"
    )
