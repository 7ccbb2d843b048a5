"""Pages a reader receives: executed notebooks and indexes through nbconvert's template system.

The layout lives in the jusolib template folder (``templates/jusolib``): ``index.html.j2`` (a notebook page,
extending nbconvert's ``basic`` template), ``nav.html.j2`` (Japanese page titles, the current page marked,
previous/next, a fiscal-year switch), ``year_index.html.j2`` and ``site_index.html.j2`` (the indexes),
``footer.html.j2`` (the sources, in a sentence), ``reproduce.html.j2`` (the one block of what it takes to
reproduce the report, on the year's index) and ``jusolib.css`` (screen and A4 print rules). This module only gathers what
the templates show and embeds the font subset of each page (:mod:`jusolib.outputs.pages.fonts`).

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

from jusolib.core.errors import ParameterError
from jusolib.core.fiscal import fiscal_year_label, folder_name
from jusolib.core.paths import TEMPLATES_DIR
from jusolib.core.status import DataStatus

DEFAULT_RESPONDENT_TYPE = "municipality"
DEFAULT_SIZE_SCHEME = "population_band"
MANIFEST = "manifest.json"
#: The files a year's index offers besides its pages, with what they are.
DOWNLOADS = {
    "tables.xlsx": "全ての表（Excel: tables.xlsx）",
    "slides.pptx": "スライド（PowerPoint: slides.pptx）",
    "manifest.json": "出典の記録（manifest.json）",
}
#: A footer with more input files than this folds them on screen (paper always gives only their count).
FOLD_INPUTS = 12
#: Charts print at one scale: this many millimetres per inch of figure (a 9.5-inch chart is 171 mm wide, its
#: 10-point labels 7 points on paper) …
CHART_MM_PER_INCH = 18.0
#: … no wider than the printed column of an A4 page (210 mm less the 11 mm margins) …
PRINT_WIDTH_MM = 188.0
#: … and no taller than this, so that a chart fits on one page with its heading (a taller one is scaled down).
CHART_MAX_HEIGHT_MM = 230.0
#: Replaced by the page's ``@font-face`` rule once the page's characters are known.
FONT_FACE_MARKER = "/*jusolib-font-face*/"
_NUMBER_PREFIX = re.compile(r"^\s*\d+\s+")


def variant_folder(respondent_type: str, size_scheme: str, redacted: bool = False) -> str | None:
    """The sub-folder of a variant (``None`` for the default: 自治体 by population band, not redacted).

    Parameters
    ----------
    respondent_type
        The respondent type's key: ``"municipality"`` (自治体) or ``"council"`` (社協).
    size_scheme
        The size scheme's key (``"population_band"``, ``"city_size"`` …: :data:`~jusolib.survey.schemes.SCHEMES`).
    redacted
        Whether the render masks personal data (``--redact``): such a render always has a folder of its own.

    Returns
    -------
    str or None
        ``"{respondent_type}_{size_scheme}"``, with ``"_redacted"`` after it for a redacted render; ``None`` for
        the default variant, whose pages sit in the year's folder itself (see the module's examples).
    """
    if (respondent_type, size_scheme, redacted) == (DEFAULT_RESPONDENT_TYPE, DEFAULT_SIZE_SCHEME, False):
        return None
    return f"{respondent_type}_{size_scheme}" + ("_redacted" if redacted else "")


def year_folder_parts(
    fiscal_year: int, respondent_type: str, size_scheme: str, redacted: bool = False
) -> list[str]:
    """Path parts of a year's output folder below the reports folder.

    Parameters
    ----------
    fiscal_year
        The fiscal year (western, ``2024``).
    respondent_type, size_scheme, redacted
        The variant, as for :func:`variant_folder`.

    Returns
    -------
    list of str
        ``["FY2024"]`` for the default variant, ``["FY2024", "<variant folder>"]`` for any other.

    Examples
    --------
    >>> year_folder_parts(2024, "municipality", "population_band"), year_folder_parts(2024, "council", "cohort")
    (['FY2024'], ['FY2024', 'council_cohort'])
    """
    sub = variant_folder(respondent_type, size_scheme, redacted)
    return [folder_name(fiscal_year), *([sub] if sub else [])]


def chart_print_width(chart: dict[str, Any]) -> float:
    """The printed width of a chart (mm) from its size in inches (:func:`jusolib.notebook.chart_metadata`): every
    chart at :data:`CHART_MM_PER_INCH`, at most :data:`PRINT_WIDTH_MM` wide and :data:`CHART_MAX_HEIGHT_MM` high.

    Parameters
    ----------
    chart
        The chart's metadata: ``width_in`` and ``height_in``, its figure size in inches.

    Returns
    -------
    float
        The printed width in millimetres, rounded to 0.1 (the height follows from the chart's proportions).

    Examples
    --------
    >>> chart_print_width({"width_in": 9.5, "height_in": 4.12})  # I 成果・進捗, five items: 171 × 74 mm
    171.0
    >>> chart_print_width({"width_in": 9.5, "height_in": 13.77})  # 27 items: 246 mm high at scale, so 230
    158.7
    >>> chart_print_width({"width_in": 12.0, "height_in": 4.0})  # wider than the page: the page's width
    188.0
    """
    width, height = float(chart["width_in"]), float(chart["height_in"])
    printed = min(width * CHART_MM_PER_INCH, PRINT_WIDTH_MM)
    if printed * height / width > CHART_MAX_HEIGHT_MM:
        printed = CHART_MAX_HEIGHT_MM * width / height
    return round(printed, 1)


def short_title(title: str) -> str:
    """A page's name in the navigation: its title without the number and the subtitle.

    Parameters
    ----------
    title
        A page's title as its notebook's heading gives it (「01 成果・進捗 — 包括的支援体制の…」).

    Returns
    -------
    str
        The title without a leading number and without what follows 「—」; the whole title when nothing is left.

    Examples
    --------
    >>> short_title("92 分析の方法"), short_title("— 副題だけ")
    ('分析の方法', '— 副題だけ')
    """
    return _NUMBER_PREFIX.sub("", title).split("—")[0].strip() or title


def notebook_title(notebook: Any) -> str:
    """The first heading of a notebook's first Markdown cell with a heading (its title on the index page).

    Parameters
    ----------
    notebook
        A notebook as nbformat reads it.

    Returns
    -------
    str
        The heading's text without its ``#`` marks; empty when no Markdown cell has a heading.

    Examples
    --------
    >>> import nbformat
    >>> notebook_title(nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("本文\\n## 01 成果")]))
    '01 成果'
    """
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("#"):
                    return line.lstrip("#").strip()
    return ""


def _status_outputs(notebook: Any) -> list[dict[str, Any]]:
    found = []
    for cell in notebook.cells if notebook is not None else []:
        for output in cell.get("outputs", []):
            entry = output.get("metadata", {}).get("jusolib", {})
            if entry.get("status"):
                found.append(entry)
    return found


def page_statuses(notebook: Any) -> list[str]:
    """Statuses a notebook reported through output metadata (``{"jusolib": {"status": …}}``).

    Parameters
    ----------
    notebook
        An executed notebook as nbformat reads it, or ``None`` (a page that was not executed: no status).

    Returns
    -------
    list of str
        Each status once, in the order the cells reported them.

    Examples
    --------
    >>> import nbformat
    >>> def cell(status):
    ...     metadata = {"jusolib": {"status": status}}
    ...     output = nbformat.v4.new_output("display_data", {"text/plain": ""}, metadata=metadata)
    ...     return nbformat.v4.new_code_cell(outputs=[output])
    >>> page_statuses(nbformat.v4.new_notebook(cells=[cell("前年度なし"), cell("前年度なし")]))
    ['前年度なし']
    >>> page_statuses(None)
    []
    """
    return list(dict.fromkeys(str(entry["status"]) for entry in _status_outputs(notebook)))


def page_status_good(notebook: Any) -> bool:
    """True when the page reported statuses and every one is good news (``"good": true``, e.g. 「全件一致」).

    Parameters
    ----------
    notebook
        An executed notebook as nbformat reads it, or ``None``.

    Returns
    -------
    bool
        ``False`` for a page that reported no status at all, or any status without ``"good": true``.
    """
    entries = _status_outputs(notebook)
    return bool(entries) and all(entry.get("good") for entry in entries)


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

    @property
    def variant_suffix(self) -> str:
        """What a page title and heading add for a variant other than the default (「（社協・都市規模）」)."""
        return f"（{self.variant_label}）" if self.depth > 1 and self.variant_label else ""

    def _up(self) -> str:
        return "../" * self.depth

    def _year_href(self, year: int, page: str) -> str:
        parts = year_folder_parts(year, self.respondent_type, self.size_scheme, self.redacted)
        return self._up() + "/".join([*parts, f"{page}.html"])

    def nav(self, fiscal_year: int, current: str) -> dict[str, Any]:
        """The navigation of one page (``current``: a notebook name, or ``index`` for the year's index).

        Parameters
        ----------
        fiscal_year
            The fiscal year of the page (western, ``2024``): marked current in the year switch.
        current
            The page: a notebook's name (``"01_outcomes"``), or ``"index"`` for the year's index.

        Returns
        -------
        dict
            What ``nav.html.j2`` shows: ``pages`` (each with ``href``, ``label``, ``current``), ``current``,
            ``previous`` and ``next`` (a page or ``None``; the index leads to the first page), ``years`` (the
            year switch, each linking to the same page in that year — for a page that is not one of
            :attr:`notebooks`, only where its file exists under :attr:`root`, else to that year's index; empty for a
            single year), ``year_index``, ``site_index`` (relative links), ``variant_label`` and
            ``variant_suffix``.
        """
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
            "variant_suffix": self.variant_suffix,
        }

    def _has_page(self, year: int, page: str) -> bool:
        if page == "index" or page in self.notebooks:
            return True
        folder = self.root.joinpath(
            *year_folder_parts(year, self.respondent_type, self.size_scheme, self.redacted)
        )
        return (folder / f"{page}.html").is_file()


def rendered_years(root: Path, respondent_type: str, size_scheme: str, redacted: bool = False) -> list[int]:
    """Fiscal years of one variant already rendered under ``root`` (those with a manifest).

    Parameters
    ----------
    root
        The reports folder.
    respondent_type, size_scheme, redacted
        The variant, as for :func:`variant_folder`.

    Returns
    -------
    list of int
        The ``fiscal_year`` of each readable ``manifest.json`` in the variant's folders, in folder order; a
        manifest that cannot be read or has no fiscal year is skipped.
    """
    years = []
    folder = variant_folder(respondent_type, size_scheme, redacted) or ""
    for manifest in sorted(root.glob("FY*/" + folder + "/" + MANIFEST)):
        try:
            years.append(int(json.loads(manifest.read_text(encoding="utf-8"))["fiscal_year"]))
        except (OSError, ValueError, KeyError, TypeError):
            continue
    return years


def data_status_label(record: dict[str, Any]) -> str:
    """The data's status as a reader reads it (合成データ / 調査回答データ / 出所未記載), from its key, so that a
    manifest written by an older version shows the same words.

    Parameters
    ----------
    record
        A provenance record or a ``manifest.json`` as read: ``data_status`` (its key) and, from older versions,
        ``data_status_label``.

    Returns
    -------
    str
        The status's label (:class:`~jusolib.core.status.DataStatus`); for a key it does not know, the record's
        own ``data_status_label`` (empty when there is none).

    Examples
    --------
    >>> data_status_label({"data_status": "synthetic", "data_status_label": "合成データ（synthetic）"})
    '合成データ'
    """
    try:
        return DataStatus.of(record.get("data_status")).label
    except ParameterError:
        return str(record.get("data_status_label", ""))


def footer(record: dict[str, Any]) -> dict[str, Any]:
    """What a page says about where its numbers come from: the published report, the data and the year, in one
    or two plain sentences. The rest (parameters, files, hashes, versions, commit) is for whoever reproduces the
    report: :func:`reproduce`, on the year's index only, and ``manifest.json``.

    Parameters
    ----------
    record
        The render's provenance record (:func:`jusolib.analysis.provenance.provenance`): ``report_source``,
        ``data_status`` and ``fiscal_year_label``.

    Returns
    -------
    dict
        ``source`` (the published report, as the record cites it; empty without one) and ``data`` (the data
        status's label with the fiscal year in brackets).

    Examples
    --------
    >>> footer({"data_status": "synthetic", "fiscal_year_label": "令和6年度 (2024)", "report_source": "報告書"})
    {'source': '報告書', 'data': '合成データ（令和6年度 (2024)）'}
    """
    return {
        "source": str(record.get("report_source", "")),
        "data": f"{data_status_label(record)}（{record.get('fiscal_year_label', '')}）",
    }


def reproduce(record: dict[str, Any], notebooks: Sequence[dict[str, str]] = ()) -> dict[str, Any]:
    """The one block of what it takes to reproduce a year's report (the year's index, folded): the conditions in
    Japanese, the notebooks that made the pages, the input files with their SHA-256, package versions, commit.

    Parameters
    ----------
    record
        The year's provenance record (:func:`jusolib.analysis.provenance.provenance`): data status, fiscal year
        label, ``parameters``, ``inputs``, ``packages``, ``commit``.
    notebooks
        The executed notebooks: ``href`` and ``title``.

    Returns
    -------
    dict
        ``facts`` (label, value) in Japanese — the data status, the year, each parameter but the fiscal year
        (size scheme by its label, booleans as はい／いいえ, ``None`` as なし), whether the codebook is a
        demonstration, the commit; ``notebooks``; ``inputs`` and ``packages`` as (name, value) pairs;
        ``fold_inputs`` (:data:`FOLD_INPUTS`).

    Examples
    --------
    >>> block = reproduce({"data_status": "synthetic", "parameters": {"redact": False}, "commit": "abc"})
    >>> block["facts"]
    [('データの種類', '合成データ'), ('年度', ''), ('個人情報の伏せ字', 'いいえ'), ('コミット', 'abc')]
    """
    from jusolib.core.wording import parameter_label, provenance_label, scheme_label

    facts = [
        (provenance_label("data_status_label"), data_status_label(record)),
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
        "notebooks": [dict(n) for n in notebooks],
        "inputs": [(str(k), str(v)) for k, v in record.get("inputs", {}).items()],
        "packages": [(str(k), str(v)) for k, v in record.get("packages", {}).items()],
        "fold_inputs": FOLD_INPUTS,
    }


def _status(record: dict[str, Any]) -> DataStatus | None:
    """The record's data status (an unreadable key is 出所未記載); ``None`` for a page with no data (an index)."""
    if record.get("data_status") is None:
        return None
    try:
        return DataStatus.of(record["data_status"])
    except ParameterError:
        return DataStatus.UNKNOWN


def banner(record: dict[str, Any]) -> tuple[str | None, str]:
    """The page banner for the record's data status, and its CSS class.

    Parameters
    ----------
    record
        A provenance record (``data_status``); an empty one for a page without data.

    Returns
    -------
    tuple
        The banner's text (``None`` when the record has no data status, or the status has no banner) and its
        CSS class: ``"unknown"`` for 出所未記載 (the record's status is ``"unknown"`` or a key not known), else ``""``.

    Examples
    --------
    >>> banner({})
    (None, '')
    >>> banner({"data_status": "no such status"})[1]
    'unknown'
    """
    status = _status(record)
    if status is None:
        return None, ""
    return status.banner, "unknown" if status is DataStatus.UNKNOWN else ""


def print_mark(record: dict[str, Any]) -> str | None:
    """What the top of every printed sheet says about the data (the banner prints on the first sheet only).

    Parameters
    ----------
    record
        A provenance record (``data_status``).

    Returns
    -------
    str or None
        The data status's mark (:attr:`~jusolib.core.status.DataStatus.mark`); ``None`` for real data and for a
        page without data.

    Examples
    --------
    >>> print_mark({"data_status": "synthetic"}), print_mark({"data_status": "real"})
    ('合成データ — 実際の調査回答ではありません', None)
    """
    status = _status(record)
    return None if status is None else status.mark


def context(
    title: str, record: dict[str, Any] | None, nav: dict[str, Any] | None, *, show_footer: bool = True
) -> dict[str, Any]:
    """What the templates receive as ``site`` (``resources.jusolib`` on notebook pages).

    Parameters
    ----------
    title
        The page's title (the ``<title>`` of an index).
    record
        The provenance record of the page's data; ``None`` for a page without data (no banner, no footer).
    nav
        The page's navigation (:meth:`Site.nav`); ``None`` for the index over every year.
    show_footer
        Whether the page carries the provenance footer (:func:`footer`).

    Returns
    -------
    dict
        ``title``, ``banner`` and ``banner_class`` (:func:`banner`), ``print_mark``, ``nav``, ``footer`` and the
        ``font_face_marker`` the page's ``@font-face`` rule later replaces (:func:`with_font`).
    """
    text, css = banner(record or {})
    return {
        "title": title,
        "banner": text,
        "banner_class": css,
        "print_mark": print_mark(record or {}),
        "nav": nav,
        "footer": footer(record) if record and show_footer else None,
        "font_face_marker": FONT_FACE_MARKER,
    }


@functools.lru_cache(maxsize=1)
def exporter() -> Any:
    """One nbconvert HTML exporter with the jusolib template per process (building it loads the templates).

    Input cells and prompts are left out, and the templates get three filters: ``join_cjk_lines``,
    ``chart_print_width`` (:func:`chart_print_width`) and ``css_string`` (:func:`css_string`).

    Returns
    -------
    HTMLExporter
        The exporter (a subclass that skips nbconvert's re-parse of the page: ``_page_exporter_class``); its
        ``environment`` also renders the index templates (:func:`render_template`).
    """
    from jusolib.core.typography import join_cjk_lines

    exporter = _page_exporter_class()(
        template_name=TEMPLATES_DIR.name,
        extra_template_basedirs=[str(TEMPLATES_DIR.parent)],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
    )
    exporter.register_filter("join_cjk_lines", join_cjk_lines)
    exporter.register_filter("chart_print_width", chart_print_width)
    exporter.register_filter("css_string", css_string)
    return exporter


def _page_exporter_class() -> type:
    """nbconvert's HTML exporter without the step that parses the whole page again with BeautifulSoup to add
    ``alt="No description …"`` to images without alt text and ``tabindex`` to JupyterLab's cell elements: the
    jusolib template gives every chart its alt text and has no such elements, so that step changed nothing but
    the HTML's spelling (``<meta …/>``, attribute order) and took most of the time of writing a page. What
    ``HTMLExporter.from_notebook_node`` does before that step is done here the same way."""
    from nbconvert import HTMLExporter
    from nbconvert.exporters.templateexporter import TemplateExporter
    from nbconvert.filters.highlight import Highlight2HTML
    from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter

    class PageExporter(HTMLExporter):
        def from_notebook_node(  # type: ignore[override]  # an HTML exporter returns text, as nbconvert's does
            self, nb: Any, resources: Any = None, **kw: Any
        ) -> tuple[str, dict[str, Any]]:
            language = nb.metadata.get("language_info", {})
            lexer = language.get("pygments_lexer", language.get("name", None))
            highlight = self.filters.get("highlight_code", Highlight2HTML(pygments_lexer=lexer, parent=self))
            resources = self._init_resources(resources)
            data_types = WidgetsDataTypeFilter(
                notebook_metadata=self._nb_metadata, parent=self, resources=resources
            )
            self.register_filter("highlight_code", highlight)
            self.register_filter("filter_data_type", data_types)
            return TemplateExporter.from_notebook_node(self, nb, resources, **kw)

    return PageExporter


def css_string(text: object) -> str:
    """A CSS string literal (for ``content:``), safe inside a ``<style>`` element.

    Parameters
    ----------
    text
        The text to quote (anything; it is read as ``str``).

    Returns
    -------
    str
        ``text`` in double quotes, with ``"``, ``\\``, ``<``, ``>`` and newlines written as CSS hexadecimal
        escapes, so that the text can neither end the string nor the ``<style>`` element.

    Examples
    --------
    >>> print(css_string('合成データ "x" </style>'))
    "合成データ \\22 x\\22  \\3c /style\\3e "
    """
    escaped = "".join(f"\\{ord(c):x} " if c in '"\\<>\n' else c for c in str(text))
    return f'"{escaped}"'


def with_font(page: str) -> str:
    """The page with its ``@font-face`` rule: IPAexGothic cut down to the page's own characters.

    Parameters
    ----------
    page
        A page's HTML holding :data:`FONT_FACE_MARKER` where the rule goes (the templates' style element).

    Returns
    -------
    str
        The page with its first marker replaced by :func:`~jusolib.outputs.pages.fonts.font_face_css` of the
        page's text; a page without the marker is returned as it is.
    """
    from jusolib.outputs.pages.fonts import font_face_css

    return page.replace(FONT_FACE_MARKER, font_face_css(page.replace(FONT_FACE_MARKER, "")), 1)


def with_heading_suffix(notebook: Any, suffix: str) -> Any:
    """The notebook with ``suffix`` (the variant, 「（社協・都市規模）」) after its title heading; the other cells
    are shared, not copied.

    Parameters
    ----------
    notebook
        A notebook as nbformat reads it; it is not changed.
    suffix
        What follows the title, :attr:`Site.variant_suffix`; empty for the default variant.

    Returns
    -------
    NotebookNode
        A shallow copy with the first ``# `` heading of the first Markdown cell that has one extended (that cell
        copied); ``notebook`` itself when ``suffix`` is empty or no cell has such a heading.

    Examples
    --------
    >>> import nbformat
    >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# 01 成果 — 状況\\n\\n本文")])
    >>> with_heading_suffix(nb, "（社協・都市規模）").cells[0].source
    '# 01 成果 — 状況（社協・都市規模）\\n\\n本文'
    >>> nb.cells[0].source
    '# 01 成果 — 状況\\n\\n本文'
    """
    import copy

    if not suffix:
        return notebook
    for position, cell in enumerate(notebook.cells):
        lines = cell.source.split("\n") if cell.cell_type == "markdown" else []
        for number, line in enumerate(lines):
            if line.startswith("# "):
                titled = copy.copy(notebook)
                titled.cells = list(notebook.cells)
                titled.cells[position] = copy.deepcopy(cell)
                lines[number] = line.rstrip() + suffix
                titled.cells[position].source = "\n".join(lines)
                return titled
    return notebook


def notebook_page(notebook: Any, site: dict[str, Any]) -> str:
    """One executed notebook as a page (code hidden, one banner, navigation, provenance footer, font); a variant's
    page names the variant in its heading.

    Parameters
    ----------
    notebook
        The executed notebook as nbformat reads it.
    site
        The templates' ``site`` (:func:`context`); its ``nav.variant_suffix`` is added to the page's heading.

    Returns
    -------
    str
        The page's HTML, with non-ASCII character references written as characters
        (:func:`non_ascii_references_as_characters`) and the page's font subset embedded (:func:`with_font`).
    """
    suffix = (site.get("nav") or {}).get("variant_suffix", "")
    body, _ = exporter().from_notebook_node(
        with_heading_suffix(notebook, suffix), resources={"jusolib": site}
    )
    return with_font(non_ascii_references_as_characters(body))


_CHARACTER_REFERENCE = re.compile(r"&#(?:[xX]([0-9a-fA-F]+)|([0-9]+));")


def non_ascii_references_as_characters(page: str) -> str:
    """``page`` with numeric character references of non-ASCII characters written as the characters (nbconvert's
    Markdown writes a heading's Japanese as ``&#25104;…``): the page's font subset is cut from the characters it
    finds, and a reader's search finds the words. References below 160 stay as they are: those below 128
    (``&#60;`` …) could be read as markup, and a browser reads 128–159 as Windows-1252 (``&#133;`` is …), not as
    the control character of that number.

    Parameters
    ----------
    page
        A page's HTML.

    Returns
    -------
    str
        The page with each decimal or hexadecimal reference to a character from U+00A0 up (surrogates excepted)
        replaced by the character.

    Examples
    --------
    >>> non_ascii_references_as_characters("<h2>&#25104;&#x679C; &#182; &#60;b&#62; &#133; &amp;</h2>")
    '<h2>成果 ¶ &#60;b&#62; &#133; &amp;</h2>'
    """

    def character(match: re.Match[str]) -> str:
        code = int(match.group(1), 16) if match.group(1) else int(match.group(2))
        return chr(code) if 160 <= code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else match.group(0)

    return _CHARACTER_REFERENCE.sub(character, page)


def render_template(name: str, site: dict[str, Any], **values: Any) -> str:
    """An index page from the jusolib templates (same environment as the notebook pages).

    Parameters
    ----------
    name
        The template's file name in ``templates/jusolib`` (``"year_index.html.j2"``, ``"site_index.html.j2"``).
    site
        The templates' ``site`` (:func:`context`).
    **values
        Further values the template reads (``year=…``, ``years=…``).

    Returns
    -------
    str
        The page's HTML with its font subset embedded (:func:`with_font`).
    """
    template = exporter().environment.get_template(name)
    return with_font(template.render(site=site, **values))


def page_note(page: dict[str, Any]) -> str:
    """What the year's index says beside a page: nothing for a page that rendered and has nothing to say, its
    notes otherwise (「前年度なし」, 「所見未記載」, 「全件一致」), or that it failed.

    Parameters
    ----------
    page
        The page's row of the index (``status`` and ``level``).

    Returns
    -------
    str
        The note (empty for a page with nothing to say).

    Examples
    --------
    >>> page_note({"status": "正常", "level": "ok"}), page_note({"status": "前年度なし", "level": "note"})
    ('', '前年度なし')
    """
    from jusolib.core.wording import status_label

    status = str(page.get("status", ""))
    return "" if page.get("level") == "ok" and status == status_label("ok") else status


def year_index_values(
    fiscal_year: int,
    pages: list[dict[str, Any]],
    record: dict[str, Any],
    nav: dict[str, Any],
    failures: Sequence[dict[str, str]] = (),
) -> tuple[dict[str, Any], dict[str, Any]]:
    """What the index of one fiscal year shows (the template's ``site`` and ``year``): every page with its status,
    and the files that could not be written.

    Parameters
    ----------
    fiscal_year
        The year of the index.
    pages
        One row per page (``title``, ``href``, ``notebook``, ``status``, ``level``, ``has_html``).
    record
        The year's provenance record (banner, footer, parameters).
    nav
        The index's navigation (:meth:`Site.nav`).
    failures
        Files that could not be written: each a ``file``, a ``label`` in Japanese and the ``error``.

    Returns
    -------
    tuple
        The template's ``site`` context and ``year`` values (the links to the files written, not to those that
        failed).
    """
    parameters = record.get("parameters", {})
    failed = {f["file"] for f in failures}
    year = {
        "label": record.get("fiscal_year_label", fiscal_year_label(fiscal_year)),
        "respondent_label": str(parameters.get("respondent_type", "")),
        "size_caption": str(parameters.get("size_caption", "")),
        "pages": [{**page, "note": page_note(page)} for page in pages],
        "failures": [dict(f) for f in failures],
        "downloads": [
            {"href": name, "label": label} for name, label in DOWNLOADS.items() if name not in failed
        ],
        "reproduce": reproduce(
            record,
            [{"href": str(p["notebook"]), "title": str(p["title"])} for p in pages if p.get("notebook")],
        ),
    }
    year["suffix"] = nav.get("variant_suffix", "")
    site = context(f"調査結果 {year['label']}{year['suffix']}", record, nav)
    return site, year


def year_index(
    fiscal_year: int,
    pages: list[dict[str, Any]],
    record: dict[str, Any],
    nav: dict[str, Any],
    failures: Sequence[dict[str, str]] = (),
) -> str:
    """The index of one fiscal year and variant (each page with its status, and any file not written).

    Parameters
    ----------
    fiscal_year, pages, record, nav, failures
        As for :func:`year_index_values`.

    Returns
    -------
    str
        The page's HTML.
    """
    site, year = year_index_values(fiscal_year, pages, record, nav, failures)
    return render_template("year_index.html.j2", site, year=year)


def variant_summary(notebooks: list[dict[str, Any]], failed_files: Sequence[str] = ()) -> str:
    """A rendered variant in one line for the index over every year: how many pages, which failed, and the notes
    of the pages that have one (「前年度比較: 前年度なし」); good news (「全件一致」) is no note.

    Parameters
    ----------
    notebooks
        The manifest's notebooks.
    failed_files
        The files of the variant that could not be written.

    Returns
    -------
    str
        The line.

    Examples
    --------
    >>> variant_summary([{"notebook": "01_outcomes", "ok": True, "status": []},
    ...                  {"notebook": "04_year_over_year", "title": "04 前年度比較 — 変化", "ok": True,
    ...                   "status": ["前年度なし"]},
    ...                  {"notebook": "90_published_check", "ok": True, "status": ["全件一致"], "good": True}])
    '3ページ。注記: 前年度比較（前年度なし）'
    >>> variant_summary([{"notebook": "01_outcomes", "title": "01 成果・進捗", "ok": False}])
    '1ページ。失敗: 成果・進捗'
    >>> variant_summary([{"notebook": "01_outcomes", "ok": True}], ["slides.pptx"])
    '1ページ。作成できなかったファイル: slides.pptx'
    """

    def name(entry: dict[str, Any]) -> str:
        return short_title(str(entry.get("title") or entry["notebook"]))

    failed = [name(n) for n in notebooks if not n.get("ok")]
    notes = [
        f"{name(n)}（{'、'.join(n['status'])}）"
        for n in notebooks
        if n.get("ok") and n.get("status") and not n.get("good")
    ]
    parts = [
        f"失敗: {'、'.join(failed)}" if failed else "",
        f"作成できなかったファイル: {'、'.join(failed_files)}" if failed_files else "",
        f"注記: {'、'.join(notes)}" if notes else "",
    ]
    return f"{len(notebooks)}ページ" + "".join(f"。{p}" for p in parts if p)


def _variant_order(variant: dict[str, Any]) -> tuple[bool, str]:
    """The default variant first, then by folder."""
    return (not variant["default"], str(variant["href"]))


def site_index_values(root: Path) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """What ``reports/index.html`` shows (the template's ``site`` and ``years``): every fiscal year and variant
    with a manifest under ``root``, newest first.

    Parameters
    ----------
    root
        The reports folder.

    Returns
    -------
    tuple
        The template's ``site`` context and the ``years``, each with its variants and their summaries.
    """
    from jusolib.core.wording import scheme_label

    entries: dict[int, list[dict[str, Any]]] = {}
    status = None
    for manifest in sorted([*root.glob(f"FY*/{MANIFEST}"), *root.glob(f"FY*/*/{MANIFEST}")]):
        try:
            record = json.loads(manifest.read_text(encoding="utf-8"))
            year = int(record["fiscal_year"])
        except (OSError, ValueError, KeyError, TypeError):
            continue
        parameters = record.get("parameters", {})
        failed = [
            o["file"] for o in record.get("outputs", []) if isinstance(o, dict) and o.get("state") == "failed"
        ]
        summary = variant_summary(record.get("notebooks", []), failed)
        entries.setdefault(year, []).append(
            {
                "href": manifest.parent.relative_to(root).as_posix() + "/index.html",
                "respondent_label": str(parameters.get("respondent_type", "")),
                "scheme_label": scheme_label(str(parameters.get("size_scheme", "")))
                + ("（伏せ字）" if parameters.get("redact") else ""),
                "data_status": data_status_label(record),
                "summary": summary,
                "default": manifest.parent.parent == root,
            }
        )
        if status is None or (
            record.get("data_status") == "synthetic" and status.get("data_status") != "synthetic"
        ):
            status = record
    years: list[dict[str, Any]] = [
        {
            "label": fiscal_year_label(year),
            "variants": sorted(found, key=_variant_order),
        }
        for year, found in sorted(entries.items(), reverse=True)
    ]
    return context("調査結果の一覧", status, None, show_footer=False), years


def site_index(root: Path) -> str:
    """``reports/index.html``: every rendered fiscal year and variant found under ``root``, newest first.

    Parameters
    ----------
    root
        The reports folder.

    Returns
    -------
    str
        The page's HTML.
    """
    site, years = site_index_values(root)
    return render_template("site_index.html.j2", site, years=years)
