"""What every report notebook does: load the year, set the Japanese chart theme, show the header, charts, notes.

Outputs that the rendered page treats specially carry ``{"jusolib": …}`` in their output metadata:

* ``{"role": "banner"}`` — the 合成データ banner. JupyterLab shows it; the rendered page leaves it out because
  the page template draws its own banner once, from the provenance record.
* ``{"status": "…"}`` — a short status of the page (e.g. 「前年度なし」, 「警告 2件」) that the year's index lists
  beside the page instead of a blanket 「正常」; with ``"good": true`` it reads as good news (「全件一致」), not as
  something to look at.
* ``{"chart": {"width_in": …, "height_in": …, "min_font": …, "narrow": …}}`` — a chart's size in inches, from which
  the page sets its printed size (:func:`jusolib.outputs.pages.site.chart_print_width`: every chart prints at one
  scale, a tall one up to a page), its smallest text in points (so that a test can check the printed size), and
  the same chart drawn for a phone's width (a base64 PNG, :func:`jusolib.analysis.charts.narrow_of`) that the page
  offers to narrow screens; a chart without one scrolls sideways on a phone instead.

Charts are shown with :func:`show`, which embeds the PNG with its alt text (title and key numbers) and its size.

Examples
--------
>>> report = start(2024, "自治体", "population_band", None, show=False)
>>> report.label
'令和6年度 (2024)'
"""

from __future__ import annotations

import html
import io
from typing import Any

from jusolib.core.docstrings import shared_parameters
from jusolib.core.fiscal import FiscalYearLike
from jusolib.core.paths import DataDir
from jusolib.report import YearReport

#: Key of jusolib's entries in an output's metadata.
METADATA_KEY = "jusolib"
BANNER_ROLE = "banner"


def banner_html(report: YearReport) -> str:
    """The banner (合成データ / 出所未記載) as shown in JupyterLab; empty for real data.

    Parameters
    ----------
    report
        The notebook's report (:class:`~jusolib.report.YearReport`); its ``banner`` is the text shown.

    Returns
    -------
    str
        A red ``<p class="jusolib-banner">`` with the banner escaped; ``""`` when the report has no banner (real
        data whose source is recorded).
    """
    if not report.banner:
        return ""
    return (
        '<p class="jusolib-banner" style="color:#b71c1c;font-weight:bold;border-left:6px solid #b71c1c;'
        f'padding-left:.5em">{html.escape(report.banner)}</p>'
    )


def header_html(report: YearReport) -> str:
    """Notices every page carries (rows left out by a ``--keep-going`` build, likely personal data), and one
    line saying what this page is about (year, respondent type and n, size classes).

    Parameters
    ----------
    report
        The notebook's report (:class:`~jusolib.report.YearReport`).

    Returns
    -------
    str
        HTML: a ``<p class="build-notice">`` per notice the report carries, then ``<p class="page-facts">`` with the
        year, respondent type, n and the size scheme's caption; every text escaped.
    """
    notices = [n for n in (report.build_notice, report.privacy_notice) if n]
    return "".join(f'<p class="build-notice">{html.escape(n)}</p>' for n in notices) + (
        f'<p class="page-facts"><b>{html.escape(report.label)}</b>　回答主体: '
        f"{html.escape(report.respondent_label)}（{report.n_respondents}）　規模の区分: "
        f"{html.escape(report.caption)}</p>"
    )


def _display_html(text: str, **metadata: Any) -> None:
    from IPython.display import HTML, display

    display(HTML(text), metadata={METADATA_KEY: metadata} if metadata else None)


def _inline_figures_as_drawn() -> None:
    """Show figures at the size they were laid out (the charts fit their canvas), skipping the extra drawing
    pass that the inline backend's default ``bbox_inches="tight"`` costs."""
    from IPython import get_ipython

    shell = get_ipython()
    if shell is not None and hasattr(shell, "run_line_magic"):
        shell.run_line_magic("config", "InlineBackend.print_figure_kwargs = {'bbox_inches': None}")


@shared_parameters
def start(
    fiscal_year: FiscalYearLike,
    respondent_type: str,
    size_scheme: str,
    data_dir: DataDir,
    redact: bool = False,
    *,
    names_in_rankings: bool = False,
    show: bool = True,
) -> YearReport:
    """Load the fiscal year for the notebook's parameters, set the chart theme and display the header.

    ``redact`` masks likely personal data in every text the notebook shows (:mod:`jusolib.clean.privacy`);
    ``names_in_rankings`` names the municipalities in rankings of results (off: the published report's way).

    Parameters
    ----------
    size_scheme
        population_band, municipality_type, city_size or cohort, or its Japanese name (人口規模 …), as
        :meth:`~jusolib.analysis.year_data.YearData.load` takes it.
    redact
        Mask likely personal data in every text the notebook shows (``data/processed`` is never changed).
    names_in_rankings
        Name the municipalities in rankings of results (default off, as the published report does).
    show
        Display the banner (synthetic data) and the header now; ``False`` only loads and sets the theme (for tests
        and examples).

    Returns
    -------
    YearReport
        The loaded year, for the notebook's other cells.
    """
    from jusolib.analysis.charts import use_japanese_theme

    report = YearReport.load(
        fiscal_year,
        respondent_type=respondent_type,
        size_scheme=size_scheme,
        data_dir=data_dir,
        redact=redact,
        names_in_rankings=names_in_rankings,
    )
    use_japanese_theme()
    _inline_figures_as_drawn()
    if show:
        if report.banner:
            _display_html(banner_html(report), role=BANNER_ROLE)
        dropped = report.summary.get("rows_with_problems", 0)
        _display_html(header_html(report), **({"status": f"問題のある{dropped}行を除外"} if dropped else {}))
    return report


#: zlib level of the charts' PNG (a page renders a dozen charts; see benchmarks/README.md).
PNG_COMPRESS_LEVEL = 1


def chart_metadata(figure: Any) -> dict[str, Any]:
    """What a page needs to lay a chart out: its size in inches (two decimals) and its smallest text (points).

    Parameters
    ----------
    figure
        A matplotlib figure.

    Returns
    -------
    dict
        ``{"chart": {"width_in": …, "height_in": …, "min_font": …}}`` (inches to two decimals, the smallest text
        in points), to go under :data:`METADATA_KEY` in the output's metadata.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> figure = plt.figure(figsize=(9.5, 13.75))
    >>> _ = figure.text(0, 0, "n=23", fontsize=10)
    >>> chart_metadata(figure)
    {'chart': {'width_in': 9.5, 'height_in': 13.75, 'min_font': 10.0}}
    >>> plt.close(figure)
    """
    from jusolib.analysis.charts import smallest_font

    width, height = (round(float(v), 2) for v in figure.get_size_inches())
    return {"chart": {"width_in": width, "height_in": height, "min_font": smallest_font(figure)}}


def _png(figure: Any) -> bytes:
    """The chart as a PNG of at most 256 colours (a chart has a few flat colours and the grey steps of its
    anti-aliased text): about a third of the bytes of the full-colour PNG, so that a page with a phone drawing of
    every chart stays light; the colours are chosen by median cut without dithering, so text edges stay clean and
    the bytes are the same on every run."""
    import matplotlib.pyplot as plt
    from PIL import Image

    buffer = io.BytesIO()
    figure.savefig(
        buffer, format="png", pil_kwargs={"compress_level": 0}
    )  # read back at once: no need to pack
    plt.close(figure)
    picture = Image.open(io.BytesIO(buffer.getvalue())).convert("RGB")
    palette = picture.quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    out = io.BytesIO()
    palette.save(out, format="PNG", compress_level=PNG_COMPRESS_LEVEL)
    return out.getvalue()


def show(figure: Any) -> None:
    """Display a chart as an embedded PNG with its alt text (see :func:`jusolib.analysis.charts.alt_text`), its size
    and smallest text (:func:`chart_metadata`) and, when it has one, its drawing for a phone's width; then close
    it. ``None`` (a chart method with nothing to draw) shows nothing.

    Parameters
    ----------
    figure
        A matplotlib figure (closed once shown, with its narrow drawing), or ``None``.
    """
    import base64

    from IPython.display import Image, display

    from jusolib.analysis.charts import alt_text, narrow_of

    if figure is None:
        return
    metadata = chart_metadata(figure)
    narrow = narrow_of(figure)
    if narrow is not None:
        metadata["chart"]["narrow_min_font"] = chart_metadata(narrow)["chart"]["min_font"]
        metadata["chart"]["narrow"] = base64.b64encode(_png(narrow)).decode("ascii")
    data = _png(figure)
    display(Image(data=data, format="png", alt=alt_text(figure)), metadata={METADATA_KEY: metadata})


def notice(text: str, *, status: str | None = None, good: bool = False) -> None:
    """A sentence on the page (Markdown, Japanese lines joined: :func:`jusolib.core.typography.join_cjk_lines`); with
    ``status``, also the page's status on the year index (``good``: a status that needs no attention).

    Parameters
    ----------
    text
        Markdown; Japanese lines broken in the source are joined without a space.
    status
        The page's short status on the year index (「前年度なし」); ``None`` for none.
    good
        With ``status``: the status is good news (「全件一致」), not something to look at.
    """
    from IPython.display import Markdown, display

    from jusolib.core.typography import join_cjk_lines

    metadata = {"status": status, **({"good": True} if good else {})}
    display(Markdown(join_cjk_lines(text)), metadata={METADATA_KEY: metadata} if status else None)


def explain(
    key: str,
    *,
    status: str | None = None,
    report: YearReport | None = None,
    section: str | None = None,
    **values: object,
) -> None:
    """A paragraph written once in ``resources/texts.yaml`` (see :mod:`jusolib.core.wording`), optionally a status.

    With ``report``, the paragraph may name the respondents (``{who}``: 自治体 or 社協), the year (``{label}``) and
    their number (``{n}``); with ``section`` too, the section (``{section}``) and the sheet of ``tables.xlsx`` that
    holds its word network (``{sheet}``).

    Parameters
    ----------
    key
        The paragraph's key in ``texts.yaml`` (under ``paragraphs``).
    status
        The page's short status on the year index; ``None`` for none.
    report
        The notebook's report, for ``{who}``, ``{label}``, ``{n}`` and ``{fiscal_year}``; ``None`` for none.
    section
        A section (I, II, III), for ``{section}`` and ``{sheet}``; ``None`` for none.
    **values
        The values the paragraph's other ``{placeholders}`` take (they win over those ``report`` gives).
    """
    from jusolib.core.wording import paragraph

    if report is not None:
        values = {
            "who": report.respondent_label,
            "label": report.label,
            "n": report.n_respondents,
            "fiscal_year": report.fiscal_year,
            **values,
        }
    if section is not None:
        from jusolib.analysis.tables import sheet_name
        from jusolib.core.wording import sheet_label

        values = {"section": section, "sheet": sheet_name(sheet_label(f"{section}_共起")), **values}
    notice(paragraph(key, **values), status=status)


def reading_notes(report: YearReport) -> None:
    """表の読み方, with the year's number of respondents.

    Parameters
    ----------
    report
        The notebook's report (:class:`~jusolib.report.YearReport`): its number of respondents is written in.
    """
    from jusolib.core.wording import reading_notes as notes

    notice(notes(report.n_respondents))


#: The page's status on the year index when the analyst has written no commentary for it.
NO_COMMENTARY = "所見未記載"


def commentary(report: YearReport, section: str | None = None) -> None:
    """The analyst's 「調査結果をふまえて」 for a section (``None``: the overall summary), or — when none was
    written — one sentence saying so, which the year's index lists as 「所見未記載」.

    Parameters
    ----------
    report
        The year's report.
    section
        A section (I, II, III), or ``None`` for the overall summary.

    Examples
    --------
    >>> from jusolib.core.wording import paragraph
    >>> paragraph("no_commentary")[:19]
    'この年度の所見（調査結果をふまえて）は'
    """
    text = report.commentary_text(section)
    if text is None:
        explain("no_commentary", status=NO_COMMENTARY)
    else:
        # in a box of its own (class commentary): the analyst's words, set apart from what the numbers say; the
        # blank lines let the Markdown inside the HTML block be read as Markdown (CommonMark)
        notice(f'<div class="commentary">\n\n{text}\n\n</div>')
