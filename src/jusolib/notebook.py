"""What every report notebook does first: load the year, set the Japanese chart theme, show the banner.

Examples
--------
>>> report = start(2024, "自治体", "population_band", None, show=False)
>>> report.label
'令和6年度 (2024)'
"""

from __future__ import annotations

import html

from jusolib.report import YearReport


def header_html(report: YearReport) -> str:
    """The banner (合成データ / 出所未記載) and one line saying what this page is about."""
    parts = []
    if report.banner:
        parts.append(
            '<p style="color:#b71c1c;font-weight:bold;border-left:6px solid #b71c1c;padding-left:.5em">'
            f"{html.escape(report.banner)}</p>"
        )
    if report.build_notice:
        parts.append(f'<p style="color:#8d6e00;font-weight:bold">{html.escape(report.build_notice)}</p>')
    if report.privacy_notice:
        parts.append(f'<p style="color:#8d6e00;font-weight:bold">{html.escape(report.privacy_notice)}</p>')
    parts.append(
        f"<p><b>{html.escape(report.label)}</b>　回答主体: {html.escape(report.respondent_label)}"
        f"（{report.n_respondents}）　規模の区分: {html.escape(report.caption)}</p>"
    )
    return "".join(parts)


def _inline_figures_as_drawn() -> None:
    """Show figures at the size they were laid out (the charts fit their canvas), skipping the extra drawing
    pass that the inline backend's default ``bbox_inches="tight"`` costs."""
    from IPython import get_ipython

    shell = get_ipython()
    if shell is not None and hasattr(shell, "run_line_magic"):
        shell.run_line_magic("config", "InlineBackend.print_figure_kwargs = {'bbox_inches': None}")


def start(
    fiscal_year: object,
    respondent_type: str,
    size_scheme: str,
    data_dir: object,
    redact: bool = False,
    *,
    show: bool = True,
) -> YearReport:
    """Load the fiscal year for the notebook's parameters, set the chart theme and display the header.

    ``redact`` masks likely personal data in every text the notebook shows (:mod:`jusolib.privacy`).
    """
    from jusolib.plot import use_japanese_theme

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
        from IPython.display import HTML, display

        display(HTML(header_html(report)))
    return report
