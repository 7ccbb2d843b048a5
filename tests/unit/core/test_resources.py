"""The package's own files are read from the package, whatever the current folder."""

import os

from jusolib.core.resources import TEXTS_FILE, texts


def test_texts_are_read_from_the_package_not_the_current_folder(tmp_path):
    before = os.getcwd()
    try:
        os.chdir(tmp_path)
        assert TEXTS_FILE.is_file() and TEXTS_FILE.parent.name == "resources"
        loaded = texts()
    finally:
        os.chdir(before)
    assert {"paragraphs", "unbreakable_words", "data_status"} <= set(loaded)


def test_texts_are_parsed_once_per_process():
    assert texts() is texts()
