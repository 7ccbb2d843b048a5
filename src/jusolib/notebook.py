"""What every report notebook does: load the year, set the Japanese chart theme, show the header, charts, notes.

Outputs that the rendered page treats specially carry ``{"jusolib": …}`` in their output metadata:

* ``{"role": "banner"}`` — the 合成データ banner. JupyterLab shows it; the rendered page leaves it out because
  the page template draws its own banner once, from the provenance record.
* ``{"status": "…"}`` — a short status of the page (e.g. 「前年度なし」, 「警告 2件」) that the year's index lists
  beside the page instead of a blanket 「正常」; with ``"good": true`` it reads as good news (「全件一致」), not as
  something to look at.
* ``{"chart": {"width_in": …, "height_in": …}}`` — a chart's size in inches, from which the page sets its printed
  size (:func:`jusolib.outputs.pages.site.chart_print_width`): every chart prints at one scale, a tall one up to a page.

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

from jusolib.core.fiscal import FiscalYearLike
from jusolib.core.paths import DataDir
from jusolib.report import YearReport

#: Key of jusolib's entries in an output's metadata.
METADATA_KEY = "jusolib"
BANNER_ROLE = "banner"


def banner_html(report: YearReport) -> str:
    """The banner (合成データ / 出所未記載) as shown in JupyterLab; empty for real data."""
    if not report.banner:
        return ""
    return (
        '<p class="jusolib-banner" style="color:#b71c1c;font-weight:bold;border-left:6px solid #b71c1c;'
        f'padding-left:.5em">{html.escape(report.banner)}</p>'
    )


def header_html(report: YearReport) -> str:
    """Notices every page carries (rows left out by a ``--keep-going`` build, likely personal data), and one
    line saying what this page is about (year, respondent type and n, size classes)."""
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


def start(
    fiscal_year: FiscalYearLike,
    respondent_type: str,
    size_scheme: str,
    data_dir: DataDir,
    redact: bool = False,
    *,
    show: bool = True,
) -> YearReport:
    """Load the fiscal year for the notebook's parameters, set the chart theme and display the header.

    ``redact`` masks likely personal data in every text the notebook shows (:mod:`jusolib.clean.privacy`).
    """
    from jusolib.analysis.charts import use_japanese_theme

    report = YearReport.load(
        fiscal_year,
        respondent_type=respondent_type,
        size_scheme=size_scheme,
        data_dir=data_dir,
        redact=redact,
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
    """What a page needs to lay a chart out: its size in inches (two decimals).

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> figure = plt.figure(figsize=(9.5, 13.75))
    >>> chart_metadata(figure)
    {'chart': {'width_in': 9.5, 'height_in': 13.75}}
    >>> plt.close(figure)
    """
    width, height = (round(float(v), 2) for v in figure.get_size_inches())
    return {"chart": {"width_in": width, "height_in": height}}


def show(figure: Any) -> None:
    """Display a chart as an embedded PNG with its alt text (see :func:`jusolib.analysis.charts.alt_text`) and its size
    (:func:`chart_metadata`), then close it. ``None`` (a chart method with nothing to draw) shows nothing."""
    import matplotlib.pyplot as plt
    from IPython.display import Image, display

    from jusolib.analysis.charts import alt_text

    if figure is None:
        return
    metadata = chart_metadata(figure)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", pil_kwargs={"compress_level": PNG_COMPRESS_LEVEL})
    plt.close(figure)
    display(
        Image(data=buffer.getvalue(), format="png", alt=alt_text(figure)),
        metadata={METADATA_KEY: metadata},
    )


def notice(text: str, *, status: str | None = None, good: bool = False) -> None:
    """A sentence on the page (Markdown, Japanese lines joined: :func:`jusolib.core.typography.join_cjk_lines`); with
    ``status``, also the page's status on the year index (``good``: a status that needs no attention)."""
    from IPython.display import Markdown, display

    from jusolib.core.typography import join_cjk_lines

    metadata = {"status": status, **({"good": True} if good else {})}
    display(Markdown(join_cjk_lines(text)), metadata={METADATA_KEY: metadata} if status else None)


def explain(key: str, *, status: str | None = None, **values: object) -> None:
    """A paragraph written once in ``resources/texts.yaml`` (see :mod:`jusolib.core.wording`), optionally a status."""
    from jusolib.core.wording import paragraph

    notice(paragraph(key, **values), status=status)


def reading_notes(report: YearReport) -> None:
    """表の読み方, with the year's number of respondents."""
    from jusolib.core.wording import reading_notes as notes

    notice(notes(report.n_respondents))
