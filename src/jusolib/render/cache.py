"""Re-rendering only what changed: every output of a render is keyed by what it reads.

An output's key is the SHA-256 of everything that shapes it: for an executed notebook, the notebook itself
(:mod:`jusolib.render.sources`), its parameters, the files it reads (:data:`READS`, found by
:data:`INPUT_FILES`), jusolib's own code and resources, the lock file, the versions of the packages that shape
numbers and charts, Python's version and the kernel. A page adds what the page template receives besides the
executed notebook (title, navigation, the provenance footer); the workbook and the deck add the provenance they
print; an index adds its list of pages. An output whose key is the one recorded when its file was written, and
whose file still has the SHA-256 recorded then, is reused; any other is rendered again. ``jusolib render
--force`` renders everything.

What an output reads is declared once, here: :data:`INPUT_FILES` says where each input is, :data:`READS` which
inputs each output reads. A new input is one line in each. ``name[S]`` reads only the part of a file that can
concern section ``S`` of the codebook: the file without what belongs to the codebook's *other* sections — the
coding rules of their items (and shared themes that only their items use), the Markdown headings or YAML keys
named after them (:func:`section_part`). Whatever is not clearly another section's stays in every part, so a part
can only be too wide, never too narrow. A notebook that is not in :data:`READS` (one of the analyst's own) reads
every input. ``tests/integration/test_render_cache.py`` runs every notebook with Python's audit hook and checks
that each file it opens is declared.

The record of what was written (keys, files' SHA-256, each notebook's status) is kept in each output folder in
:data:`STATE_FILE`, updated as each output is written, so a render that stopped half-way is resumed from the
outputs it had not finished.

Examples
--------
>>> reads("01_outcomes")
('build', 'codebook', 'reference', 'themes[I]', 'commentary[I]', 'earlier_builds', 'earlier_themes[I]')
>>> reads("my_own_notebook") == tuple(INPUT_FILES)  # not declared: every input
True
>>> split_input("themes[II]"), split_input("build")
(('themes', 'II'), ('build', None))
"""

from __future__ import annotations

import glob
import hashlib
import json
import re
import sys
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jusolib.core.fiscal import folder_name
from jusolib.core.paths import PACKAGE_DIR, REPO_ROOT, DataPaths

#: Where each input of a fiscal year's report is. Placeholders: the data folders ``{processed}``, ``{raw}``,
#: ``{codebook}``, ``{reference}``, ``{published}`` (see :class:`jusolib.core.paths.DataPaths`), the year's folder
#: name ``{FY}``, ``{previous}`` the latest earlier year with returns, and ``{earlier}`` every earlier year with
#: returns (one file each). ``build.json`` holds the SHA-256 of every processed file and of every raw file the
#: build read (the codebook among them), so ``build`` stands for all of them.
INPUT_FILES: dict[str, str] = {
    "build": "{processed}/{FY}/build.json",
    "codebook": "{codebook}/{FY}.yaml",
    "reference": "{reference}/*.csv",
    "themes": "{codebook}/{FY}.themes.yaml",
    "published": "{published}/{FY}.csv",
    "previous_build": "{processed}/{previous}/build.json",
    "earlier_builds": "{processed}/{earlier}/build.json",
    "earlier_themes": "{codebook}/{earlier}.themes.yaml",
    # the analyst's 「調査結果をふまえて」: FY2024.md, or FY2024.yaml (jusolib.analysis.commentary reads either)
    "commentary": "{raw}/commentary/{FY}.*",
}
#: What every output reads: the year's processed data (and through ``build.json`` its raw files), its codebook,
#: the reference facts.
ALWAYS = ("build", "codebook", "reference")
#: What each output reads besides :data:`ALWAYS`.
READS: dict[str, tuple[str, ...]] = {
    "00_overview": ("commentary",),  # the overall 「調査結果をふまえて」 (the sections' are on 01–03)
    # a section's word network is laid out on the earlier years' networks, from their texts and rules
    "01_outcomes": ("themes[I]", "commentary[I]", "earlier_builds", "earlier_themes[I]"),
    "02_changes": ("themes[II]", "commentary[II]", "earlier_builds", "earlier_themes[II]"),
    "03_challenges": ("themes[III]", "commentary[III]", "earlier_builds", "earlier_themes[III]"),
    "04_year_over_year": ("previous_build",),
    "05_municipality_vs_council": (
        "previous_build",
    ),  # what the panel of this and the previous year can detect
    "90_published_check": ("published", "themes"),  # two published notes count a theme of sections I and II
    "91_data_quality": (),
    "92_methods": ("previous_build",),
    "tables.xlsx": ("themes", "published", "previous_build", "earlier_builds", "earlier_themes"),
    "slides.pptx": (
        "themes",
        "published",
        "previous_build",
        "earlier_builds",
        "earlier_themes",
        "commentary",
    ),
}
#: The record of what was written, in each output folder.
STATE_FILE = ".render-state.json"
STATE_FORMAT = 1
_PART = re.compile(r"^(?P<name>\w+)\[(?P<section>[^\]]+)\]$")


def reads(output: str) -> tuple[str, ...]:
    """The inputs an output reads.

    Parameters
    ----------
    output
        A notebook's name, ``tables.xlsx`` or ``slides.pptx``.

    Returns
    -------
    tuple of str
        :data:`ALWAYS` and what :data:`READS` declares; every input for an output it does not declare.
    """
    if output not in READS:
        return tuple(INPUT_FILES)
    return (*ALWAYS, *READS[output])


def split_input(spec: str) -> tuple[str, str | None]:
    """An input as declared, taken apart.

    Parameters
    ----------
    spec
        ``themes`` or ``themes[II]``.

    Returns
    -------
    tuple
        The input's name and the section whose part is read (``None``: the whole file).
    """
    match = _PART.match(spec)
    if match:
        return match["name"], match["section"]
    return spec, None


def digest_of(value: Any) -> str:
    """SHA-256 of a JSON-able value (keys sorted; anything else by its ``str``).

    Parameters
    ----------
    value
        What to hash.

    Returns
    -------
    str
        The digest, as hex.

    Examples
    --------
    >>> digest_of({"b": 1, "a": [1, "二"]}) == digest_of({"a": [1, "二"], "b": 1})
    True
    """
    text = json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def code_digest(folder: Path = PACKAGE_DIR) -> str:
    """SHA-256 of jusolib's code and resources (every file of the package but compiled bytecode, and the data
    and notebooks a wheel ships in ``_shipped``, which are inputs of their own): a change to any of them may
    change any output.

    Parameters
    ----------
    folder
        The package's folder.

    Returns
    -------
    str
        The digest, as hex.
    """
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        parts = path.relative_to(folder).parts
        if path.is_file() and "__pycache__" not in parts and parts[0] != "_shipped" and path.suffix != ".pyc":
            digest.update(path.relative_to(folder).as_posix().encode())
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def environment(kernel: str) -> dict[str, Any]:
    """What shapes every output besides its inputs.

    Parameters
    ----------
    kernel
        The kernel's name.

    Returns
    -------
    dict
        jusolib's code digest, the lock file's, the key packages' versions, Python's version, the kernel.
    """
    from jusolib.analysis.provenance import package_versions

    lock = REPO_ROOT / "requirements.lock" if REPO_ROOT is not None else None
    return {
        "jusolib": code_digest(),
        "lock": _file_digest(lock) if lock is not None and lock.is_file() else "absent",
        "packages": package_versions(),
        "python": sys.version,
        "kernel": kernel,
    }


# -- the part of a file that can concern one section -----------------------------------------------------------
def _heading_section(title: str, sections: Iterable[str]) -> str | None:
    """The section a Markdown heading is about (its first word is the section's id), if any.

    Examples
    --------
    >>> _heading_section("II 変化", ["I", "II"]), _heading_section("III", ["I", "III"]), _heading_section("概要", ["I"])
    ('II', 'III', None)
    """
    for section in sorted(sections, key=len, reverse=True):
        if re.match(rf"^{re.escape(section)}(?=$|[\s　.．:：、。）)」])", title.strip()):
            return section
    return None


def markdown_part(text: str, section: str, sections: Iterable[str]) -> str:
    """``text`` without the blocks headed by another section (a heading whose first word is that section's id,
    up to the next heading of the same or a higher level).

    Parameters
    ----------
    text
        A Markdown document.
    section
        The section whose part is wanted.
    sections
        Every section of the codebook.

    Returns
    -------
    str
        What of ``text`` can concern ``section``.

    Examples
    --------
    >>> text = "# 所見\\n全体\\n## I 成果\\nいち\\n### 補足\\nほ\\n## II 変化\\nに\\n"
    >>> markdown_part(text, "II", ["I", "II", "III"])
    '# 所見\\n全体\\n## II 変化\\nに\\n'
    """
    sections = list(sections)
    kept, skipping = [], 0  # skipping: the level of the heading whose block is left out (0: keeping)
    for line in text.splitlines(keepends=True):
        heading = re.match(r"^(#{1,6})\s+(.*)$", line.rstrip("\n"))
        if heading:
            level = len(heading[1])
            if skipping and level <= skipping:
                skipping = 0
            owner = _heading_section(heading[2], sections)
            if not skipping and owner is not None and owner != section:
                skipping = level
        if not skipping:
            kept.append(line)
    return "".join(kept)


def yaml_part(doc: Any, section: str, section_items: Mapping[str, Iterable[str]]) -> Any:
    """A parsed YAML document without what concerns only other sections: keys named after them, the ``items``
    of their items, and ``shared_themes`` that only their items (or only they) use (coding rules,
    :mod:`jusolib.text.themes`).

    Parameters
    ----------
    doc
        The parsed document.
    section
        The section whose part is wanted.
    section_items
        Every section of the codebook with its items.

    Returns
    -------
    object
        What of ``doc`` can concern ``section`` (``doc`` itself when it is not a mapping).

    Examples
    --------
    >>> doc = {"synonyms": {"a": ["b"]}, "items": {"i1": ["x"], "j1": ["y"]},
    ...        "shared_themes": [{"id": "s", "items": ["j1"]}, {"id": "t", "sections": ["I", "II"]}]}
    >>> yaml_part(doc, "I", {"I": ["i1"], "II": ["j1"]})
    {'synonyms': {'a': ['b']}, 'items': {'i1': ['x']}, 'shared_themes': [{'id': 't', 'sections': ['I', 'II']}]}
    """
    others = {s for s in section_items if s != section}
    other_items = {i for s in others for i in section_items[s]} - set(section_items.get(section, ()))

    def only_others(theme: Any) -> bool:
        if not isinstance(theme, dict):
            return False
        named = [str(s) for s in theme.get("sections") or [] if isinstance(s, str)]
        items = [str(i) for i in theme.get("items") or [] if isinstance(i, str)]
        items += [i for s in named if s in section_items for i in section_items[s]]
        return bool(items or named) and set(named) <= others and set(items) <= other_items

    if not isinstance(doc, dict):
        return doc
    part: dict[Any, Any] = {}
    for key, value in doc.items():
        if key in others:
            continue
        if key == "items" and isinstance(value, dict):
            part[key] = {k: v for k, v in value.items() if k not in other_items}
        elif key == "shared_themes" and isinstance(value, list):
            part[key] = [t for t in value if not only_others(t)]
        else:
            part[key] = value
    return part


def section_part(path: Path, section: str, section_items: Mapping[str, Iterable[str]]) -> str:
    """What of a file can concern a section, as text to hash.

    Parameters
    ----------
    path
        A YAML or Markdown file (another kind is read whole).
    section
        The section (one not in ``section_items`` reads the whole file).
    section_items
        Every section of the codebook with its items.

    Returns
    -------
    str
        The part (:func:`yaml_part`, :func:`markdown_part`), or the whole file when it cannot be read as its kind.
    """
    text = path.read_text(encoding="utf-8", errors="replace")
    if section not in section_items:
        return text
    if path.suffix in (".yaml", ".yml"):
        import yaml

        try:
            doc = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        except yaml.YAMLError:
            return text
        return json.dumps(
            yaml_part(doc, section, section_items), sort_keys=True, ensure_ascii=False, default=str
        )
    if path.suffix in (".md", ".markdown"):
        return markdown_part(text, section, section_items)
    return text


@dataclass
class YearInputs:
    """The inputs of one fiscal year's outputs, resolved and hashed once per render."""

    paths: DataPaths
    fiscal_year: int
    #: Every earlier fiscal year with returns, oldest first (the last is the previous year).
    earlier_years: list[int]
    #: The codebook's sections and their items (for parts of files).
    section_items: dict[str, list[str]]
    _digests: dict[str, str] = field(default_factory=dict)

    def files(self, name: str) -> list[Path]:
        """The files of an input.

        Parameters
        ----------
        name
            An input of :data:`INPUT_FILES`.

        Returns
        -------
        list of Path
            Its files for this year (none for an earlier year's input when there is no earlier year), which may
            not exist.
        """
        pattern = INPUT_FILES[name]
        if "{previous}" in pattern:
            years = self.earlier_years[-1:]
        elif "{earlier}" in pattern:
            years = list(self.earlier_years)
        else:
            years = [self.fiscal_year]
        found = []
        for year in years:
            text = pattern.format(
                processed=self.paths.processed,
                raw=self.paths.raw,
                codebook=self.paths.codebook_dir,
                reference=self.paths.reference_dir,
                published=self.paths.published_dir,
                FY=folder_name(self.fiscal_year),
                previous=folder_name(year),
                earlier=folder_name(year),
            )
            found += [Path(p) for p in sorted(glob.glob(text))] if glob.has_magic(text) else [Path(text)]
        return found

    def digest(self, spec: str) -> str:
        """SHA-256 of an input as declared.

        Parameters
        ----------
        spec
            ``themes`` or ``themes[I]``.

        Returns
        -------
        str
            The digest of its files (their parts), a missing file counting as absent.
        """
        if spec not in self._digests:
            name, section = split_input(spec)
            parts = []
            for path in self.files(name):
                if not path.is_file():
                    parts.append([self.paths.relative(path), "absent"])
                elif section is None:
                    parts.append([self.paths.relative(path), _file_digest(path)])
                else:
                    content = section_part(path, section, self.section_items)
                    parts.append([self.paths.relative(path), digest_of(content)])
            self._digests[spec] = digest_of(parts or "none")
        return self._digests[spec]

    def digests(self, output: str) -> dict[str, str]:
        """Every input of an output with its digest.

        Parameters
        ----------
        output
            As for :func:`reads`.

        Returns
        -------
        dict
            Input as declared → digest.
        """
        return {spec: self.digest(spec) for spec in reads(output)}


class RenderState:
    """What a render wrote into one output folder: per file, its key and SHA-256 (and a notebook's status).

    Updated after each output is written (thread-safe), so that a render that stopped resumes from there.
    """

    def __init__(
        self, folder: Path, entries: dict[str, dict[str, Any]] | None = None, *, force: bool = False
    ):
        self.folder = folder
        self.entries = dict(entries or {})
        self.force = force
        self._lock = threading.Lock()

    @classmethod
    def load(cls, folder: Path, *, force: bool = False) -> RenderState:
        """The state of an output folder.

        Parameters
        ----------
        folder
            The folder.
        force
            Reuse nothing (``jusolib render --force``).

        Returns
        -------
        RenderState
            What :data:`STATE_FILE` holds (nothing when there is none, or it cannot be read or is of another
            format).
        """
        try:
            data = json.loads((folder / STATE_FILE).read_text(encoding="utf-8"))
            entries = data["outputs"] if data.get("format") == STATE_FORMAT else {}
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            entries = {}
        return cls(folder, entries if isinstance(entries, dict) else {}, force=force)

    def reusable(self, file: str, key: str) -> dict[str, Any] | None:
        """Whether a file can be reused.

        Parameters
        ----------
        file
            The file, in the folder.
        key
            The key it must have been written with.

        Returns
        -------
        dict or None
            Its entry when written with that key and still the bytes written then (``None`` otherwise, and
            always when forced).
        """
        entry = self.entries.get(file)
        if self.force or not isinstance(entry, dict) or entry.get("key") != key:
            return None
        path = self.folder / file
        try:
            if not path.is_file() or _file_digest(path) != entry.get("sha256"):
                return None
        except OSError:
            return None
        return entry

    def record(self, file: str, key: str, **extra: Any) -> None:
        """Note that a file was written, and save the state.

        Parameters
        ----------
        file
            The file, in the folder.
        key
            The key it was written with.
        **extra
            Kept with it (a notebook's result).
        """
        entry = {"key": key, "sha256": _file_digest(self.folder / file), **extra}
        with self._lock:
            self.entries[file] = entry
            self._save()

    def forget(self, file: str) -> None:
        """Drop a file from the state (it failed, or it is being written again).

        Parameters
        ----------
        file
            The file, in the folder.
        """
        with self._lock:
            if self.entries.pop(file, None) is not None:
                self._save()

    def _save(self) -> None:
        from jusolib.core.files import write_text_atomic

        text = json.dumps(
            {"format": STATE_FORMAT, "outputs": self.entries}, ensure_ascii=False, indent=1, sort_keys=True
        )
        write_text_atomic(self.folder / STATE_FILE, text + "\n")
