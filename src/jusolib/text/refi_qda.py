"""The theme codebook as a REFI-QDA codebook (``.qdc``), the exchange format MAXQDA, NVivo, ATLAS.ti and QualCoder
read (REFI-QDA Standard 1.5, Codebook.xsd, namespace ``urn:QDA-XML:codebook:1.0``).

The codes are nested section → item → theme: a section and an item are not codable (they group), a theme is,
with its definition, its source and its rule (in KH Coder's notation where it has one) as its description, and a
colour. A theme shared by several items (重層以前から) is a code under each of them and, besides, a *set*
(``<Set>``) holding those codes, so that a program can count it across items. Every ``guid`` is a UUID derived
(version 5) from the fiscal year and the ids, so the same rules always give the same file and a program that
imports it twice recognises its codes. The file is built here as bytes; writing it is the caller's.

Examples
--------
>>> from jusolib.analysis.coding import load_themes
>>> from jusolib.survey.codebook import load_codebook
>>> xml = codebook_xml(load_themes(2024), load_codebook(2024), origin="jusolib")
>>> xml.splitlines()[1].decode()
'<CodeBook xmlns="urn:QDA-XML:codebook:1.0" origin="jusolib">'
"""

from __future__ import annotations

import uuid
import xml.etree.ElementTree as ET
from collections.abc import Callable, Sequence

from jusolib.core.errors import CodebookError
from jusolib.core.palette import CLASS_COLOURS
from jusolib.survey.codebook import Codebook
from jusolib.text.khcoder import condition_of
from jusolib.text.themes import Theme, ThemeBook

NAMESPACE = "urn:QDA-XML:codebook:1.0"
#: The namespace of jusolib's GUIDs (a fixed UUID, so that GUIDs are stable across versions).
GUID_NAMESPACE = uuid.UUID("6a1d3c52-6f0e-5b8e-9c55-2d4f0f6b1e25")
GROUP_COLOUR = "#808080"


def guid(*parts: object) -> str:
    """A REFI-QDA GUID (upper-case UUID version 5) for the parts, e.g. ``guid(2024, "item", "out_hubs")``.

    Parameters
    ----------
    *parts
        What the code is: fiscal year, kind and ids.

    Returns
    -------
    str
        36 characters, upper case.

    Examples
    --------
    >>> guid(2024, "theme", "out_hubs", "resident_led") == guid(2024, "theme", "out_hubs", "resident_led")
    True
    >>> len(guid(2024))
    36
    """
    return str(uuid.uuid5(GUID_NAMESPACE, "/".join(map(str, parts)))).upper()


def several_tokens(book: ThemeBook) -> Callable[[str], bool]:
    """Whether the analyser splits a word of the rules into several tokens (KH Coder then needs ``'…'``).

    Parameters
    ----------
    book
        The rules whose analyser and synonyms decide.

    Returns
    -------
    callable
        word → True when it is several tokens.
    """
    return lambda word: len(book.term(word).forms) > 1


def rule_text(theme: Theme, book: ThemeBook) -> str:
    """The theme's rule for a description: KH Coder's notation, or jusolib's mapping where KH Coder has none.

    Parameters
    ----------
    theme
        A theme of the rules.
    book
        The rules it belongs to (for the words the analyser splits).

    Returns
    -------
    str
        ``KH Coder: …`` or ``jusolib: …``.

    Examples
    --------
    >>> from jusolib.analysis.coding import load_themes
    >>> book = load_themes(2024)
    >>> rule_text(book.theme("out_participation", "funding"), book)
    'KH Coder: 財源 or 交付金 or 補助金 or 予算'
    >>> rule_text(book.theme("out_hubs", "resident_led"), book)
    "KH Coder: ( 主体 or 自主 or '住民の手' ) and ( 拠点 or 居場所 or サロン or 場 or 食堂 )"
    """
    try:
        condition = condition_of(theme.rule(), several_tokens=several_tokens(book))
    except CodebookError:
        return f"jusolib: {theme.rule()}"
    return f"KH Coder: {condition}"


def _description(parent: ET.Element, text: str) -> None:
    if text:
        ET.SubElement(parent, "Description").text = text


def _code(
    parent: ET.Element, code_guid: str, name: str, codable: bool, colour: str, description: str
) -> ET.Element:
    element = ET.SubElement(
        parent,
        "Code",
        {"guid": code_guid, "name": name, "isCodable": "true" if codable else "false", "color": colour},
    )
    _description(element, description)
    return element


def codebook_xml(
    book: ThemeBook, codebook: Codebook, *, origin: str, sections: Sequence[str] | None = None
) -> bytes:
    """The REFI-QDA codebook of a year's themes (UTF-8 bytes, with the XML declaration).

    Parameters
    ----------
    book
        The rules of the year.
    codebook
        The year's codebook (section titles, item numbers and labels).
    origin
        The program that wrote it (the ``origin`` attribute), e.g. ``"jusolib 0.2.0"``.
    sections
        The sections to include (default: every section with a themed item).

    Returns
    -------
    bytes
        The ``.qdc`` file.
    """
    year = book.fiscal_year
    root = ET.Element("CodeBook", {"xmlns": NAMESPACE, "origin": origin})
    codes = ET.SubElement(root, "Codes")
    members: dict[str, list[str]] = {}
    for section in sections or list(codebook.sections.index):
        items = [i for i in codebook.item_ids(section) if book.themes_for(i)]
        if not items:
            continue
        title = f"{section} {codebook.sections.at[section, 'title']}"
        section_code = _code(codes, guid(year, "section", section), title, False, GROUP_COLOUR, "")
        for item_id in items:
            item = codebook.item(item_id)
            item_code = _code(
                section_code,
                guid(year, "item", item_id),
                f"{item['number']} {item['label']}",
                False,
                GROUP_COLOUR,
                "",
            )
            for k, theme in enumerate(book.themes_for(item_id)):
                code_guid = guid(year, "theme", item_id, theme.id)
                description = "\n".join(
                    p for p in (theme.definition, theme.source, rule_text(theme, book)) if p
                )
                colour = CLASS_COLOURS[k % len(CLASS_COLOURS)]
                _code(item_code, code_guid, theme.label, True, colour, description)
                if theme.shared:
                    members.setdefault(theme.id, []).append(code_guid)
    if not len(codes):
        raise CodebookError(f"{book.path.name}: no theme to export for sections {list(sections or [])}")
    shared = {t.id: t for t in book.themes if t.shared}
    if members:
        sets = ET.SubElement(root, "Sets")
        for theme_id, guids in members.items():
            theme = shared[theme_id]
            element = ET.SubElement(sets, "Set", {"guid": guid(year, "set", theme_id), "name": theme.label})
            _description(element, theme.definition)
            for member in guids:
                ET.SubElement(element, "MemberCode", {"guid": member})
    ET.indent(root)
    return (
        b'<?xml version="1.0" encoding="utf-8"?>\n'
        + ET.tostring(root, encoding="utf-8", xml_declaration=False)
        + b"\n"
    )
