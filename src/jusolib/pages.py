"""Pages a reader receives: executed notebooks and indexes through nbconvert's template system.

The layout lives in the jusolib template folder (``templates/jusolib``): ``index.html.j2`` (a notebook page,
extending nbconvert's ``basic`` template), ``nav.html.j2`` (Japanese page titles, the current page marked,
previous/next, a fiscal-year switch), ``year_index.html.j2`` and ``site_index.html.j2`` (the indexes),
``footer.html.j2`` (provenance) and ``jusolib.css`` (screen and A4 print rules). This module only gathers what
the templates show and embeds the font subset of each page (:mod:`jusolib.fonts`).

Where pages go: the default variant (自治体, population bands) in ``reports/FYxxxx/``; any other respondent type
or size scheme in a sub-folder named after both (``reports/FY2024/council_city_size/``), and a render with
personal data masked (``--redact``) in its own sub-folder ending ``_redacted``, so that variants sit side by side
and never overwrite one another. ``reports/index.html`` lists every year and variant on disk.

Examples
--------
>>> variant_folder("municipality", "population_band") is None, variant_folder("council", "city_size")
(True, 'council_city_size')
>>> variant_folder("municipality", "population_band", redacted=True)
'municipality_population_band_redacted'
>>> short_title("01 成果・進捗 — 包括的支援体制の整備に向けた成果・進捗状況")
'成果・進捗'
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jusolib.fiscal import fiscal_year_label, folder_name
from jusolib.paths import TEMPLATES_DIR

DEFAULT_RESPONDENT_TYPE = "municipality"
DEFAULT_SIZE_SCHEME = "population_band"
MANIFEST = "manifest.json"
#: Replaced by the page's ``@font-face`` rule once the page's characters are known.
FONT_FACE_MARKER = "/*jusolib-font-face*/"
_NUMBER_PREFIX = re.compile(r"^\s*\d+\s+")


def variant_folder(respondent_type: str, size_scheme: str, redacted: bool = False) -> str | None:
    """The sub-folder of a variant (``None`` for the default: 自治体 by population band, not redacted)."""
    if (respondent_type, size_scheme, redacted) == (DEFAULT_RESPONDENT_TYPE, DEFAULT_SIZE_SCHEME, False):
        return None
    return f"{respondent_type}_{size_scheme}" + ("_redacted" if redacted else "")


def year_folder_parts(
    fiscal_year: int, respondent_type: str, size_scheme: str, redacted: bool = False
) -> list[str]:
    """Path parts of a year's output folder below the reports folder.

    Examples
    --------
    >>> year_folder_parts(2024, "municipality", "population_band"), year_folder_parts(2024, "council", "cohort")
    (['FY2024'], ['FY2024', 'council_cohort'])
    """
    sub = variant_folder(respondent_type, size_scheme, redacted)
    return [folder_name(fiscal_year), *([sub] if sub else [])]


def short_title(title: str) -> str:
    """A page's name in the navigation: its title without the number and the subtitle."""
    return _NUMBER_PREFIX.sub("", title).split("—")[0].strip() or title


def notebook_title(notebook: Any) -> str:
    """The first heading of a notebook's first Markdown cell (its title on the index page)."""
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("#"):
                    return line.lstrip("#").strip()
    return ""


def source_titles(names: Sequence[str], notebooks_dir: Path) -> dict[str, str]:
    """The titles of the source notebooks (known before any of them runs, for the navigation)."""
    import nbformat

    titles = {}
    for name in names:
        path = notebooks_dir / f"{name}.ipynb"
        titles[name] = notebook_title(nbformat.read(path, as_version=4)) if path.is_file() else name
    return titles


def page_statuses(notebook: Any) -> list[str]:
    """Statuses a notebook reported through output metadata (``{"jusolib": {"status": …}}``)."""
    found = []
    for cell in notebook.cells if notebook is not None else []:
        for output in cell.get("outputs", []):
            status = output.get("metadata", {}).get("jusolib", {}).get("status")
            if status and status not in found:
                found.append(str(status))
    return found


@dataclass
class Site:
    """What the navigation of one render needs: the reports folder, the variant, the years and the pages."""

    root: Path
    respondent_type: str
    size_scheme: str
    years: list[int]
    notebooks: list[str]
    titles: dict[str, str] = field(default_factory=dict)
    variant_label: str = ""
    redacted: bool = False

    @property
    def depth(self) -> int:
        return 1 if variant_folder(self.respondent_type, self.size_scheme, self.redacted) is None else 2

    def _up(self) -> str:
        return "../" * self.depth

    def _year_href(self, year: int, page: str) -> str:
        parts = year_folder_parts(year, self.respondent_type, self.size_scheme, self.redacted)
        return self._up() + "/".join([*parts, f"{page}.html"])

    def nav(self, fiscal_year: int, current: str) -> dict[str, Any]:
        """The navigation of one page (``current``: a notebook name, or ``index`` for the year's index)."""
        pages = [
            {
                "href": f"{name}.html",
                "label": short_title(self.titles.get(name, name)),
                "current": name == current,
            }
            for name in self.notebooks
        ]
        position = self.notebooks.index(current) if current in self.notebooks else -1
        previous = pages[position - 1] if position > 0 else None
        following = pages[position + 1] if position + 1 < len(pages) else None
        if current == "index":
            following = pages[0] if pages else None
        years = [
            {
                "label": fiscal_year_label(year, western=False),
                "href": self._year_href(year, current if self._has_page(year, current) else "index"),
                "current": year == fiscal_year,
            }
            for year in self.years
        ]
        return {
            "pages": pages,
            "current": current,
            "previous": previous,
            "next": following,
            "years": years if len(years) > 1 else [],
            "year_index": "index.html",
            "site_index": self._up() + "index.html",
            "variant_label": self.variant_label,
        }

    def _has_page(self, year: int, page: str) -> bool:
        if page == "index" or page in self.notebooks:
            return True
        folder = self.root.joinpath(
            *year_folder_parts(year, self.respondent_type, self.size_scheme, self.redacted)
        )
        return (folder / f"{page}.html").is_file()


def rendered_years(root: Path, respondent_type: str, size_scheme: str, redacted: bool = False) -> list[int]:
    """Fiscal years of one variant already rendered under ``root`` (those with a manifest)."""
    years = []
    folder = variant_folder(respondent_type, size_scheme, redacted) or ""
    for manifest in sorted(root.glob("FY*/" + folder + "/" + MANIFEST)):
        try:
            years.append(int(json.loads(manifest.read_text(encoding="utf-8"))["fiscal_year"]))
        except (OSError, ValueError, KeyError, TypeError):
            continue
    return years


def footer(record: dict[str, Any]) -> dict[str, list[tuple[str, str]]]:
    """The provenance footer's content, in Japanese (facts, input files with SHA-256, package versions)."""
    from jusolib.texts import parameter_label, provenance_label, scheme_label

    facts = [
        (provenance_label("data_status_label"), str(record.get("data_status_label", ""))),
        (provenance_label("fiscal_year_label"), str(record.get("fiscal_year_label", ""))),
    ]
    for key, value in record.get("parameters", {}).items():
        if key == "fiscal_year":
            continue
        if key == "size_scheme":
            shown = scheme_label(str(value))
        elif isinstance(value, bool):
            shown = "はい" if value else "いいえ"
        else:
            shown = "なし" if value is None else str(value)
        facts.append((parameter_label(key), shown))
    if "codebook_demonstration" in record:
        facts.append(
            (
                provenance_label("codebook_demonstration"),
                "デモンストレーション用（調査票は未公表）"
                if record["codebook_demonstration"]
                else "調査票による",
            )
        )
    facts.append((provenance_label("commit"), str(record.get("commit", ""))))
    return {
        "facts": facts,
        "inputs": [(str(k), str(v)) for k, v in record.get("inputs", {}).items()],
        "packages": [(str(k), str(v)) for k, v in record.get("packages", {}).items()],
    }


def banner(record: dict[str, Any]) -> tuple[str | None, str]:
    """The page banner for the record's data status, and its CSS class."""
    from jusolib.report import SYNTHETIC_BANNER

    if record.get("data_status") == "synthetic":
        return SYNTHETIC_BANNER, ""
    if record.get("data_status") == "unknown":
        return "出所未記載: MANIFEST がなく、実データか合成データか記録されていません。", "unknown"
    return None, ""


def context(
    title: str, record: dict[str, Any] | None, nav: dict[str, Any] | None, *, show_footer: bool = True
) -> dict[str, Any]:
    """What the templates receive as ``site`` (``resources.jusolib`` on notebook pages)."""
    text, css = banner(record or {})
    return {
        "title": title,
        "banner": text,
        "banner_class": css,
        "nav": nav,
        "footer": footer(record) if record and show_footer else None,
        "font_face_marker": FONT_FACE_MARKER,
    }


@functools.lru_cache(maxsize=1)
def exporter() -> Any:
    """One nbconvert HTML exporter with the jusolib template per process (building it loads the templates)."""
    from nbconvert import HTMLExporter

    return HTMLExporter(
        template_name=TEMPLATES_DIR.name,
        extra_template_basedirs=[str(TEMPLATES_DIR.parent)],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
    )


def with_font(page: str) -> str:
    """The page with its ``@font-face`` rule: IPAexGothic cut down to the page's own characters."""
    from jusolib.fonts import font_face_css

    return page.replace(FONT_FACE_MARKER, font_face_css(page.replace(FONT_FACE_MARKER, "")), 1)


def notebook_page(notebook: Any, site: dict[str, Any]) -> str:
    """One executed notebook as a page (code hidden, one banner, navigation, provenance footer, font)."""
    body, _ = exporter().from_notebook_node(notebook, resources={"jusolib": site})
    return with_font(body)


def render_template(name: str, site: dict[str, Any], **values: Any) -> str:
    """An index page from the jusolib templates (same environment as the notebook pages)."""
    template = exporter().environment.get_template(name)
    return with_font(template.render(site=site, **values))


def year_index(
    fiscal_year: int, pages: list[dict[str, Any]], record: dict[str, Any], nav: dict[str, Any]
) -> str:
    """The index of one fiscal year and variant (each page with its status)."""
    parameters = record.get("parameters", {})
    year = {
        "label": record.get("fiscal_year_label", fiscal_year_label(fiscal_year)),
        "respondent_label": str(parameters.get("respondent_type", "")),
        "size_caption": str(parameters.get("size_caption", "")),
        "pages": pages,
    }
    site = context(f"調査結果 {year['label']}", record, nav)
    return render_template("year_index.html.j2", site, year=year)


def site_index(root: Path) -> str:
    """``reports/index.html``: every rendered fiscal year and variant found under ``root``, newest first."""
    from jusolib.texts import scheme_label

    entries: dict[int, list[dict[str, Any]]] = {}
    status = None
    for manifest in sorted([*root.glob(f"FY*/{MANIFEST}"), *root.glob(f"FY*/*/{MANIFEST}")]):
        try:
            record = json.loads(manifest.read_text(encoding="utf-8"))
            year = int(record["fiscal_year"])
        except (OSError, ValueError, KeyError, TypeError):
            continue
        parameters = record.get("parameters", {})
        notebooks = record.get("notebooks", [])
        failed = sum(1 for n in notebooks if not n.get("ok"))
        notes = sum(1 for n in notebooks if n.get("ok") and n.get("status"))
        summary = (
            f"{len(notebooks)}ページ"
            + (f"、失敗 {failed}" if failed else "")
            + (f"、注記 {notes}" if notes else "")
        )
        entries.setdefault(year, []).append(
            {
                "href": manifest.parent.relative_to(root).as_posix() + "/index.html",
                "respondent_label": str(parameters.get("respondent_type", "")),
                "scheme_label": scheme_label(str(parameters.get("size_scheme", "")))
                + ("（伏せ字）" if parameters.get("redact") else ""),
                "data_status": str(record.get("data_status_label", "")),
                "summary": summary,
                "default": manifest.parent.parent == root,
            }
        )
        if status is None or (
            record.get("data_status") == "synthetic" and status.get("data_status") != "synthetic"
        ):
            status = record
    years = [
        {
            "label": fiscal_year_label(year),
            "variants": sorted(variants, key=lambda v: (not v["default"], v["href"])),
        }
        for year, variants in sorted(entries.items(), reverse=True)
    ]
    site = context("調査結果の一覧", status, None, show_footer=False)
    return render_template("site_index.html.j2", site, years=years)
