"""The coding rules in and out of other programs: KH Coder coding-rule files and REFI-QDA codebooks.

* :func:`read_khcoder` reads a KH Coder coding-rule file (UTF-8 or Shift_JIS) into the themes of jusolib's rules
  file — a mapping ready to go under ``shared_themes:`` of ``FYxxxx.themes.yaml``, for the items or sections
  given — and :func:`khcoder_book` into rules ready to code with. :func:`khcoder_text` writes the themes of an
  item back as a KH Coder file; a file read and written back is the same text (:mod:`jusolib.text.khcoder`).
* :func:`qdc_bytes` is the year's theme codebook as a REFI-QDA ``.qdc`` file (:mod:`jusolib.text.refi_qda`), for
  MAXQDA, NVivo, ATLAS.ti or QualCoder.

Examples
--------
>>> from jusolib.analysis.coding import load_themes
>>> for line in khcoder_text(load_themes(2024), "out_participation").splitlines()[3:6]:
...     print(line)
# jusolib id=funding negation=skip
*重層事業の財源の活用
財源 or 交付金 or 補助金 or 予算
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from jusolib.core.docstrings import shared_parameters
from jusolib.core.errors import CodebookError
from jusolib.core.fiscal import FiscalYearLike, parse_fiscal_year
from jusolib.core.paths import DataDir
from jusolib.survey.codebook import load_codebook
from jusolib.text import khcoder
from jusolib.text.refi_qda import codebook_xml, several_tokens
from jusolib.text.themes import ThemeBook, parse_themes

#: Encodings a KH Coder rule file is read in, in this order (KH Coder on Windows writes Shift_JIS).
ENCODINGS = ("utf-8-sig", "cp932")


def read_text(path: Path) -> str:
    """A rule file's text: UTF-8 (with or without BOM), else Shift_JIS (cp932); an error names the file.

    Parameters
    ----------
    path
        The file.

    Returns
    -------
    str
    """
    data = Path(path).read_bytes()
    for encoding in ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise CodebookError(f"{path}: not a text file in UTF-8 or Shift_JIS (cp932)")


def themes_of_khcoder(
    text: str, *, source: str, items: Sequence[str] = (), sections: Sequence[str] = ()
) -> list[dict[str, Any]]:
    """The codes of a KH Coder file as jusolib themes (the ``shared_themes`` entries of a rules file).

    Each code becomes a theme: its name the label (and the id, unless a ``# jusolib id=…`` comment says
    otherwise), its condition the rule (:func:`jusolib.text.khcoder.rule_of`) and the definition, ``negation:
    ignore`` as KH Coder counts every occurrence (or what the ``# jusolib`` comment says), for the ``items``
    and ``sections`` given.

    Parameters
    ----------
    text
        The KH Coder file's text.
    source
        The file's name (the themes' ``source``, and in errors).
    items, sections
        The items (ids) and sections the codes apply to; at least one.

    Returns
    -------
    list of dict
        The themes, as ``shared_themes`` entries.

    Examples
    --------
    >>> themes = themes_of_khcoder("*財源\\n財源 or 交付金\\n", source="a.txt", sections=["I"])
    >>> themes[0]["rule"], themes[0]["negation"], themes[0]["sections"]
    ([{'any': ['財源', '交付金']}], 'ignore', ['I'])
    """
    if not items and not sections:
        raise CodebookError(f"{source}: say which items or sections the KH Coder codes apply to")
    themes = []
    for code in khcoder.parse(text, source=source):
        meta = dict(code.meta)
        try:
            rule = khcoder.rule_of(code.condition)
        except CodebookError as exc:
            raise CodebookError(f"{source}, line {code.line} (*{code.name}): {exc}") from None
        theme: dict[str, Any] = {
            "id": meta.get("id", code.name),
            "label": code.name,
            "definition": f"KH Coder: {khcoder.condition_of(rule)}",
            "source": source,
            "negation": meta.get("negation", "ignore"),
            "rule": rule,
        }
        if sections:
            theme["sections"] = list(sections)
        if items:
            theme["items"] = list(items)
        themes.append(theme)
    return themes


@shared_parameters
def read_khcoder(
    path: Path, *, fiscal_year: FiscalYearLike, items: Sequence[str] = (), sections: Sequence[str] = ()
) -> dict[str, Any]:
    """A KH Coder coding-rule file as a jusolib rules document (``fiscal_year`` and ``shared_themes``), to save
    as YAML or to merge into the year's ``FYxxxx.themes.yaml``.

    Parameters
    ----------
    path
        The KH Coder file (UTF-8 or Shift_JIS).
    items, sections
        The items (ids) and sections the codes apply to.

    Returns
    -------
    dict
        The document.
    """
    themes = themes_of_khcoder(read_text(path), source=Path(path).name, items=items, sections=sections)
    return {"fiscal_year": parse_fiscal_year(fiscal_year), "shared_themes": themes}


@shared_parameters
def khcoder_book(
    path: Path,
    *,
    fiscal_year: FiscalYearLike,
    items: Sequence[str] = (),
    sections: Sequence[str] = (),
    data_dir: DataDir = None,
) -> ThemeBook:
    """Rules to code with, read from a KH Coder coding-rule file (checked against the year's codebook).

    Parameters
    ----------
    path
        The KH Coder file (UTF-8 or Shift_JIS).
    items, sections
        The items (ids) and sections the codes apply to.

    Returns
    -------
    ThemeBook
    """
    doc = read_khcoder(path, fiscal_year=fiscal_year, items=items, sections=sections)
    return parse_themes(doc, Path(path), load_codebook(fiscal_year, data_dir))


@shared_parameters
def khcoder_text(book: ThemeBook, item_id: str) -> str:
    """The themes of an item as a KH Coder coding-rule file.

    What KH Coder cannot hold — a theme id other than its label, ``negation: skip`` — goes in a ``# jusolib``
    comment line above the code, which KH Coder skips and :func:`themes_of_khcoder` reads back. A theme whose
    rule has no KH Coder equivalent (``negated``: a word occurring negated) is not written; a comment at the top
    of the file names it, so that nothing is left out silently.

    Parameters
    ----------
    book
        The year's coding rules.

    Returns
    -------
    str
        The file's text.
    """
    codes, skipped = [], []
    split = several_tokens(book)
    for theme in book.themes_for(item_id):
        try:
            condition = khcoder.condition_of(theme.rule(), several_tokens=split)
        except CodebookError as exc:
            skipped.append(f"# not written: {theme.id} ({theme.label}): {exc}")
            continue
        meta = {}
        if theme.id != theme.label:
            meta["id"] = theme.id
        if theme.negation != "ignore":
            meta["negation"] = theme.negation
        codes.append((theme.label, condition, meta))
    if not codes:
        raise CodebookError(f"{book.path.name}: item {item_id} has no theme that KH Coder can hold")
    return "".join(f"{line}\n" for line in skipped) + khcoder.write(codes)


@shared_parameters
def qdc_bytes(book: ThemeBook, *, sections: Sequence[str] | None = None, data_dir: DataDir = None) -> bytes:
    """The theme codebook of the rules as a REFI-QDA ``.qdc`` file (bytes).

    Parameters
    ----------
    book
        The year's coding rules.
    sections
        The sections to include (default: all).

    Returns
    -------
    bytes
    """
    from jusolib.core.version import VERSION

    codebook = load_codebook(book.fiscal_year, data_dir)
    return codebook_xml(book, codebook, origin=f"jusolib {VERSION}", sections=sections)
