"""A year's free-text coding rules and its coded free text: read from the codebook folder, cached in the processed folder.

The rules and the coding are :mod:`jusolib.text.themes` (pure); reading the rules file and keeping the coding
beside the processed data happen here."""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

import pandas as pd

from jusolib.core.docstrings import shared_parameters
from jusolib.core.errors import CodebookError
from jusolib.core.fiscal import FiscalYearLike, folder_name, parse_fiscal_year
from jusolib.core.paths import PACKAGE_DIR, DataDir, DataPaths, data_paths
from jusolib.survey.codebook import load_codebook
from jusolib.text.morphology import analyser_versions
from jusolib.text.themes import (
    ThemeBook,
    code_free_text,
    parse_themes,
)


# -- loading and validation ----------------------------------------------------------------------------------
@shared_parameters
def themes_path(fiscal_year: FiscalYearLike, data_dir: DataDir = None) -> Path:
    """Path of the coding rules of a fiscal year, e.g. ``data/raw/codebook/FY2024.themes.yaml``.

    Returns
    -------
    Path
        ``FYxxxx.themes.yaml`` in the data folder's ``raw/codebook/`` (the shipped codebooks when it has none),
        whether or not the file exists.

    Examples
    --------
    >>> themes_path("R6").name
    'FY2024.themes.yaml'
    """
    paths = data_paths(data_dir)
    return paths.codebook_dir / f"{folder_name(fiscal_year)}.themes.yaml"


@shared_parameters
def has_themes(fiscal_year: FiscalYearLike, data_dir: DataDir = None) -> bool:
    """True if the fiscal year has coding rules.

    Returns
    -------
    bool
        Whether :func:`themes_path` is a file.

    Examples
    --------
    >>> has_themes(2024), has_themes(2023)
    (True, False)
    """
    return themes_path(fiscal_year, data_dir).is_file()


@shared_parameters
def load_themes(fiscal_year: FiscalYearLike, data_dir: DataDir = None) -> ThemeBook:
    """Load and validate the coding rules of a fiscal year (checked against that year's codebook).

    The file is read once while it and the codebook stay unchanged (a changed file is read again).

    Returns
    -------
    ThemeBook
        The year's themes by item, with their synonyms, negation rule and analyser settings.

    Raises
    ------
    CodebookError
        If the file is missing or not valid YAML, or a theme is malformed: the message names the file, the
        item and the theme, and what was expected.
    """
    fiscal_year = parse_fiscal_year(fiscal_year)
    path = themes_path(fiscal_year, data_dir)
    if not path.is_file():
        raise CodebookError(
            f"no coding rules for {folder_name(fiscal_year)}: expected {path}. Copy the previous year's "
            "themes file and adjust it (see data/raw/README.md)."
        )
    codebook = load_codebook(fiscal_year, data_dir)
    stat, book_stat = path.stat(), codebook.path.stat()
    return _load(
        path, stat.st_mtime_ns, stat.st_size, book_stat.st_mtime_ns, fiscal_year, data_paths(data_dir)
    )


@functools.lru_cache(maxsize=8)
def _load(
    path: Path, _mtime: int, _size: int, _codebook_mtime: int, fiscal_year: FiscalYearLike, paths: DataPaths
) -> ThemeBook:
    import yaml

    try:
        doc = yaml.load(
            path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        )
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise CodebookError(f"{path}: not a valid UTF-8 YAML file of coding rules: {exc}") from exc
    return parse_themes(doc, path, load_codebook(fiscal_year, paths))


#: Name of the cached coding in ``data/processed/FYxxxx/`` (the digest of what it depends on follows).
CODED_FILE_PREFIX = "free_text_themes_"


#: The modules whose code decides which themes a text carries (part of the cache's digest).
_CODING_MODULES = ("text/themes.py", "text/morphology.py")


def coding_digest(free_text_path: Path, rules_path: Path) -> str:
    """SHA-256 of everything a coding depends on: the texts, the rules, jusolib's coding code, the analyser.

    A change of any of them (a corrected return, an edited rule, another Sudachi dictionary) names another
    cache file, so a stale coding is never read.

    Parameters
    ----------
    free_text_path
        The processed free text (``data/processed/FYxxxx/free_text.csv``).
    rules_path
        The coding rules file (:func:`themes_path`).

    Returns
    -------
    str
        64 hex digits: the SHA-256 of the SHA-256s of the two files, of :mod:`jusolib.text.themes` and
        :mod:`jusolib.text.morphology`, and of :func:`analyser_description`.
    """
    here = PACKAGE_DIR
    digest = hashlib.sha256()
    for part in (
        free_text_path.read_bytes(),
        rules_path.read_bytes(),
        *((here / module).read_bytes() for module in _CODING_MODULES),
        analyser_description().encode(),
    ):
        digest.update(hashlib.sha256(part).digest())
    return digest.hexdigest()


@shared_parameters
def load_coded_free_text(
    fiscal_year: FiscalYearLike, *, respondent_type: str | None = None, data_dir: DataDir = None
) -> pd.DataFrame | None:
    """:func:`code_free_text` of a fiscal year's free text (every respondent type), cached in its processed folder.

    The first call codes every text (loading the analyser) and writes
    ``data/processed/FYxxxx/free_text_themes_<digest>.csv`` atomically; later calls — every notebook of a
    render, the workbook, the published check — read it. ``None`` when the year has no coding rules.
    ``respondent_type`` keeps one type (key or label), as :func:`jusolib.clean.pipeline.load_free_text` does.

    Returns
    -------
    DataFrame or None
        One row per (text, theme found in it) as :func:`~jusolib.text.themes.code_free_text` gives it —
        ``fiscal_year``, ``respondent_type`` (the key), ``muni_code``, ``item_id``, ``theme``, ``label``, ``text``
        …; ``None`` when the year has no coding rules.

    Examples
    --------
    >>> coded = load_coded_free_text(2024, respondent_type="自治体")
    >>> set(coded["respondent_type"]), {"muni_code", "item_id", "theme", "label", "text"} <= set(coded.columns)
    ({'municipality'}, True)
    """
    from jusolib.clean.pipeline import ensure_built, filter_respondent_type, load_free_text
    from jusolib.core.files import write_csv_atomic

    if not has_themes(fiscal_year, data_dir):
        return None
    folder = ensure_built(fiscal_year, data_dir)
    path = (
        folder
        / f"{CODED_FILE_PREFIX}{coding_digest(folder / 'free_text.csv', themes_path(fiscal_year, data_dir))[:16]}.csv"
    )
    if path.is_file():
        coded = pd.read_csv(path, encoding="utf-8-sig", dtype=str, keep_default_na=False)
        coded["fiscal_year"] = coded["fiscal_year"].astype(int)
    else:
        coded = code_free_text(
            load_free_text(fiscal_year, data_dir=data_dir), load_themes(fiscal_year, data_dir)
        )
        write_csv_atomic(path, coded)
        for stale in folder.glob(f"{CODED_FILE_PREFIX}*.csv"):
            if stale != path:
                stale.unlink(missing_ok=True)
    return filter_respondent_type(coded, respondent_type, load_codebook(fiscal_year, data_dir))


def analyser_description() -> str:
    """The analyser and dictionary versions as table notes and the provenance name them (split mode C,
    normalised forms: see :mod:`jusolib.text.morphology`).

    Returns
    -------
    str
        「SudachiPy <version>（sudachidict-core <version>、分割単位C、正規化表記）」 with the versions installed.

    Examples
    --------
    >>> analyser_description().startswith("SudachiPy ")
    True
    """
    versions = analyser_versions()
    return (
        f"SudachiPy {versions['sudachipy']}（{versions['dictionary']} {versions['dictionary_version']}、"
        "分割単位C、正規化表記）"
    )
