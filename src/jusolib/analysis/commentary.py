"""The analyst's own words: 「調査結果をふまえて」 per section and an overall summary, written once a year.

A fiscal year's commentary is a file the analyst writes beside the returns, ``data/raw/commentary/FYxxxx.md``
(or ``FYxxxx.yaml``); the pipeline never writes it. The Markdown form:

.. code-block:: markdown

    ---
    written_by: 地域福祉部
    demonstration: false
    ---
    # 令和6年度 調査結果をふまえて

    ## 全体
    - 実施自治体では、…

    ## I 包括的支援体制の整備に向けた成果・進捗状況
    - …

A level-2 heading whose first word is a section of the codebook (「I」, 「II」, 「III」; the rest of the heading is
free) opens that section's part; any other level-2 heading (「全体」, 「まとめ」) and text outside a section's part
make the overall summary. The level-1 title, blank lines at either end and HTML comments (``<!-- … -->``, notes
to oneself) are left out. The optional front matter between ``---`` lines may say ``written_by`` and
``demonstration: true`` (a text written to show the format, e.g. on synthetic data). The YAML form has the same
keys plus ``overall`` and ``sections`` (section → text, or a list of bullet points).

A year without a file has no commentary: its pages render, and say 「所見未記載」. A file that cannot be read as
either form is an error naming the file, the line and what was expected.

Examples
--------
>>> text = "# 所見\\n\\n## 全体\\n- 全体の所見\\n\\n## I 成果\\n- 成果の所見\\n<!-- メモ -->\\n"
>>> found = parse_commentary(text, sections=["I", "II"])
>>> found.overall, found.sections
('- 全体の所見', {'I': '- 成果の所見'})
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jusolib.analysis.year_data import YearData
from jusolib.core.docstrings import shared_parameters
from jusolib.core.errors import ParameterError
from jusolib.core.fiscal import FiscalYearLike, folder_name
from jusolib.core.paths import DataDir, data_paths

#: Front-matter (and YAML) keys besides the texts.
META_KEYS = ("written_by", "demonstration", "respondent_type")
#: Where the analyst's commentary lives, below the raw data folder.
COMMENTARY_FOLDER = "commentary"
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")


@dataclass(frozen=True)
class Commentary:
    """A fiscal year's commentary: the overall summary and each section's 「調査結果をふまえて」 (Markdown)."""

    overall: str = ""
    sections: dict[str, str] = field(default_factory=dict)
    written_by: str = ""
    demonstration: bool = False
    path: Path | None = None
    #: The respondent type whose numbers the text was written from (自治体, 社協 …); ``""``: every type.
    respondent_type: str = ""

    def part(self, section: str | None = None) -> str:
        """The text of a section (``None``: the overall summary), ``""`` when it says nothing.

        Parameters
        ----------
        section
            A section key of the codebook, or ``None`` for the overall summary.

        Returns
        -------
        str
            Markdown.

        Examples
        --------
        >>> Commentary("全体", {"I": "成果"}).part("I"), Commentary("全体").part("II")
        ('成果', '')
        """
        return self.overall if section is None else self.sections.get(section, "")


def _fail(path: Path | None, line: int | None, message: str) -> ParameterError:
    where = f"{path}" if path is not None else "commentary"
    if line is not None:
        where += f", line {line}"
    return ParameterError(f"{where}: {message}")


def _meta(values: Mapping[str, Any], path: Path | None, line: int | None) -> dict[str, Any]:
    unknown = sorted(set(values) - set(META_KEYS))
    if unknown:
        raise _fail(path, line, f"unknown key {unknown[0]!r}: expected one of {', '.join(META_KEYS)}")
    demonstration = values.get("demonstration", False)
    if not isinstance(demonstration, bool):
        raise _fail(path, line, f"demonstration: expected true or false, got {demonstration!r}")
    written_by = values.get("written_by") or ""
    respondent_type = values.get("respondent_type") or ""
    return {
        "written_by": str(written_by),
        "demonstration": demonstration,
        "respondent_type": str(respondent_type),
    }


def heading_section(title: str, sections: Iterable[str]) -> str | None:
    """The section a heading is about (its first word is the section's key), or ``None``.

    Parameters
    ----------
    title
        The heading's text, without the ``#`` marks.
    sections
        The codebook's section keys.

    Returns
    -------
    str or None
        The section key.

    Examples
    --------
    >>> heading_section("II 変化", ["I", "II", "III"]), heading_section("全体", ["I"])
    ('II', None)
    """
    for section in sorted(sections, key=len, reverse=True):
        if re.match(rf"^{re.escape(section)}(?=$|[\s　.．:：、。）)」])", title.strip()):
            return section
    return None


def _front_matter(lines: list[str], path: Path | None) -> tuple[dict[str, Any], int]:
    """The front matter's values and the number of lines it takes (0 without one)."""
    if not lines or lines[0].strip() != "---":
        return _meta({}, path, None), 0
    import yaml

    for end in range(1, len(lines)):
        if lines[end].strip() == "---":
            try:
                values = yaml.safe_load("\n".join(lines[1:end])) or {}
            except yaml.YAMLError as error:
                raise _fail(path, 2, f"the front matter is not YAML ({error})") from None
            if not isinstance(values, dict):
                raise _fail(path, 2, "expected the front matter to be key: value lines")
            return _meta(values, path, 2), end + 1
    raise _fail(path, 1, "the front matter opened with --- is not closed by a --- line")


def parse_commentary(text: str, *, sections: Iterable[str], path: Path | None = None) -> Commentary:
    """Read the Markdown form (see the module docstring).

    Parameters
    ----------
    text
        The file's text.
    sections
        The codebook's section keys (I, II, III).
    path
        The file, for error messages.

    Returns
    -------
    Commentary
        The overall summary and each section's part, stripped.

    Raises
    ------
    ParameterError
        For front matter that is not closed, not YAML, or has an unknown key.

    Examples
    --------
    >>> parse_commentary("---\\ndemonstration: true\\n---\\n## III 課題\\n本文", sections=["III"]).demonstration
    True
    """
    sections = list(sections)
    lines = text.replace("\r\n", "\n").split("\n")
    meta, start = _front_matter(lines, path)
    body = _COMMENT.sub("", "\n".join(lines[start:]))
    parts: dict[str | None, list[str]] = {None: []}
    current: str | None = None
    for line in body.split("\n"):
        heading = _HEADING.match(line)
        if heading and len(heading[1]) == 1:
            continue  # the title
        if heading and len(heading[1]) == 2:
            current = heading_section(heading[2], sections)
            parts.setdefault(current, [])
            continue
        parts[current].append(line)
    texts = {key: "\n".join(value).strip() for key, value in parts.items()}
    return Commentary(
        overall=texts.pop(None, ""),
        sections={k: v for k, v in texts.items() if k is not None and v},
        path=path,
        **meta,
    )


def _as_text(value: object, path: Path, key: str) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return "\n".join(f"- {v.strip()}" for v in value)
    raise _fail(path, None, f"{key}: expected a text or a list of texts, got {type(value).__name__}")


def parse_commentary_yaml(doc: object, *, sections: Iterable[str], path: Path) -> Commentary:
    """Read the YAML form: ``overall``, ``sections`` (section → text or list of points) and the meta keys.

    Parameters
    ----------
    doc
        The parsed YAML document.
    sections
        The codebook's section keys.
    path
        The file, for error messages.

    Returns
    -------
    Commentary
        As :func:`parse_commentary` gives it.

    Raises
    ------
    ParameterError
        For a document that is not a mapping, an unknown key or section, or a value that is not text.

    Examples
    --------
    >>> found = parse_commentary_yaml({"overall": ["a", "b"], "sections": {"I": "c"}}, sections=["I"],
    ...                               path=Path("FY2024.yaml"))
    >>> found.overall, found.sections
    ('- a\\n- b', {'I': 'c'})
    """
    sections = list(sections)
    if not isinstance(doc, dict):
        raise _fail(path, None, "expected a mapping with overall, sections, written_by, demonstration")
    unknown = sorted(set(doc) - {"overall", "sections", *META_KEYS})
    if unknown:
        raise _fail(
            path, None, f"unknown key {unknown[0]!r}: expected overall, sections, {', '.join(META_KEYS)}"
        )
    parts = doc.get("sections") or {}
    if not isinstance(parts, dict):
        raise _fail(path, None, "sections: expected a mapping of section to text")
    wrong = [str(k) for k in parts if str(k) not in sections]
    if wrong:
        raise _fail(path, None, f"unknown section {wrong[0]!r}: valid sections are {', '.join(sections)}")
    texts = {str(k): _as_text(v, path, f"sections.{k}") for k, v in parts.items()}
    return Commentary(
        overall=_as_text(doc.get("overall"), path, "overall"),
        sections={k: v for k, v in texts.items() if v},
        path=path,
        **_meta({k: v for k, v in doc.items() if k in META_KEYS}, path, None),
    )


def commentary_path(fiscal_year: FiscalYearLike, data_dir: DataDir = None) -> Path | None:
    """The year's commentary file (Markdown first, then YAML), or ``None`` when there is none.

    Parameters
    ----------
    fiscal_year
        The fiscal year.
    data_dir
        The data folder (``None``: the default).

    Returns
    -------
    Path or None
        ``raw/commentary/FYxxxx.md`` or ``.yaml``.

    Examples
    --------
    >>> commentary_path(2024).name
    'FY2024.md'
    """
    folder = data_paths(data_dir).raw / COMMENTARY_FOLDER
    for suffix in (".md", ".yaml", ".yml"):
        path = folder / f"{folder_name(fiscal_year)}{suffix}"
        if path.is_file():
            return path
    return None


def load_commentary(
    fiscal_year: FiscalYearLike, sections: Iterable[str], data_dir: DataDir = None
) -> Commentary | None:
    """The year's commentary, or ``None`` when the analyst has written none.

    Parameters
    ----------
    fiscal_year
        The fiscal year.
    sections
        The codebook's section keys.
    data_dir
        The data folder.

    Returns
    -------
    Commentary or None
        What the file says.

    Raises
    ------
    ParameterError
        For a file that cannot be read (see :func:`parse_commentary` and :func:`parse_commentary_yaml`).
    """
    path = commentary_path(fiscal_year, data_dir)
    if path is None:
        return None
    text = path.read_text(encoding="utf-8-sig")
    if path.suffix == ".md":
        return parse_commentary(text, sections=sections, path=path)
    import yaml

    try:
        doc = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise _fail(path, None, f"not YAML ({error})") from None
    return parse_commentary_yaml(doc, sections=sections, path=path)


@shared_parameters
def commentary(year: YearData) -> Commentary | None:
    """The analyst's commentary of the year (read afresh at each call: it is edited while a notebook is open).

    Returns
    -------
    Commentary or None
        What ``raw/commentary/FYxxxx.md`` (or ``.yaml``) says; ``None`` when the analyst has written none.

    Examples
    --------
    >>> report.commentary().demonstration
    True
    """
    return load_commentary(year.fiscal_year, year.sections(), year.data_dir)


#: Said under the analyst's words when they were written for synthetic data or as a demonstration.
DEMONSTRATION_NOTE = (
    "※ この所見はデモンストレーション用の例文で、合成データの集計に合わせて書いたもの。実際の調査回答から"
    "導いた所見ではない。"
)


@shared_parameters
def commentary_text(year: YearData, section: str | None = None) -> str | None:
    """Markdown of the analyst's 「調査結果をふまえて」 for a section (``None``: the overall summary), with the
    demonstration note when the text was written for synthetic data; ``None`` when the year has none.

    Parameters
    ----------
    section
        A section (I, II, III), or ``None`` for the overall summary.

    Returns
    -------
    str or None
        The text as the analyst wrote it, then the note.

    Examples
    --------
    >>> report.commentary_text("I").splitlines()[0].startswith("- 5項目すべてで")
    True
    >>> report.commentary_text("I").endswith("導いた所見ではない。")
    True
    """
    found = commentary(year)
    if found is not None and found.respondent_type:
        # written from one respondent type's numbers (自治体's, as the report): not shown on another type's pages,
        # whose index then says 「所見未記載」. An unknown type is an error naming the valid ones.
        if year.vocabulary.respondent_type(found.respondent_type) != year.respondent_key:
            return None
    text = found.part(section) if found is not None else ""
    if not text:
        return None
    if year.is_synthetic or (found is not None and found.demonstration):
        text += "\n\n" + DEMONSTRATION_NOTE
    return text
