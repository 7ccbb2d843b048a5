"""``report.explore()``: the report's numbers for those who do not write Python, in JupyterLab (ipywidgets).

Pick the fiscal year, the respondent type, a section or an item, the size scheme and the base; the explorer shows

* the chart — a section's answers item by item, or one item's answers by size class (100% stacked bars, n on
  each bar, in the report's style);
* the table with n — :func:`jusolib.analysis.tabulate.tabulate` by the chosen scheme: 「件数（%）」, N in every
  heading, the test beside each item;
* the free texts of the chosen answers (all answers when none is chosen);

and a button that saves the table to Excel (its formatted sheet and the 出典 sheet) under the name in the box.

Every view is a widget holding its content (an ``Image`` of the chart, ``HTML`` of the tables), so the explorer
can be driven and read through the widget model without a browser — which is how it is tested.

Examples
--------
>>> from jusolib import YearReport
>>> explorer = Explorer(YearReport.load(2024))
>>> explorer.controls["selection"].value = "out_hubs"
>>> explorer.controls["size_scheme"].value = "municipality_type"
>>> explorer.table.frame.columns.tolist()[:3]
['全体（N=23）', '特別区（N=11）', '市（N=12）']
>>> explorer.controls["answers"].value = ("あてはまらない",)
>>> set(explorer.texts.frame["回答"])
{'あてはまらない'}
"""

from __future__ import annotations

import html
import io
from pathlib import Path
from typing import Any

import pandas as pd

from jusolib.analysis.tables import ReportTable
from jusolib.core.formatting import format_share
from jusolib.survey.vocabulary import BASES, scheme_labels

#: The chart's PNG compression (as the pages' charts).
PNG_COMPRESS_LEVEL = 1


def _widgets() -> Any:
    try:
        import ipywidgets
    except ImportError as exc:  # pragma: no cover - a dependency of jusolib
        raise ImportError(
            "report.explore() needs ipywidgets: pip install ipywidgets (it is in jusolib's requirements)"
        ) from exc
    return ipywidgets


class Explorer:
    """The explorer's widgets and what they show (see the module docstring).

    Parameters
    ----------
    report
        The report to start from (:class:`jusolib.report.YearReport`); another year, respondent type or scheme is
        loaded with the same class, data folder and masking.
    save_dir
        Where the save button writes (default: the current folder, the notebook's).

    Attributes
    ----------
    controls
        The input widgets by name: ``fiscal_year``, ``respondent_type``, ``selection`` (a section key or an item
        id), ``size_scheme``, ``base``, ``answers`` (of the chosen item, for the free texts), ``file_name``, ``save``.
    chart, table_view, texts_view, status
        The output widgets (``Image``, ``HTML``, ``HTML``, ``HTML``).
    report, table, texts, figure
        What is shown now: the loaded report, the table, the free-text table and the chart.
    """

    def __init__(self, report: Any, save_dir: str | Path | None = None) -> None:
        from jusolib.core.fiscal import fiscal_year_label
        from jusolib.core.paths import data_paths

        w = _widgets()
        self.report = report
        self.save_dir = Path.cwd() if save_dir is None else Path(save_dir)
        years = data_paths(report.data_dir).fiscal_years()
        layout = w.Layout(width="auto")
        style = {"description_width": "7em"}
        self.controls: dict[str, Any] = {
            "fiscal_year": w.Dropdown(
                options=[(fiscal_year_label(y), y) for y in years],
                value=report.fiscal_year,
                description="年度",
                style=style,
            ),
            "respondent_type": w.Dropdown(
                options=[(label, key) for key, label in report.vocabulary.respondent_types().items()],
                value=report.respondent_key,
                description="回答主体",
                style=style,
            ),
            "selection": w.Dropdown(description="設問", style=style, layout=w.Layout(width="42em")),
            "size_scheme": w.Dropdown(
                options=[(label, key) for key, label in scheme_labels().items()],
                value=report.scheme,
                description="規模の区分",
                style=style,
            ),
            "base": w.ToggleButtons(
                options=[(label, key) for key, label in BASES.items()],
                value="all",
                description="基数",
                style=style,
            ),
            "answers": w.SelectMultiple(description="記述を見る回答", style=style, rows=5),
            "file_name": w.Text(description="保存するファイル", style=style, layout=w.Layout(width="30em")),
            "save": w.Button(description="表を Excel に保存", icon="download"),
        }
        self.chart = w.Image(format="png", layout=layout)
        self.table_view = w.HTML()
        self.texts_view = w.HTML()
        self.status = w.HTML()
        self.table: ReportTable
        self.texts: ReportTable
        self.figure: Any = None
        self._fill_selection()
        self._refresh()
        for name in ("fiscal_year", "respondent_type", "size_scheme"):
            self.controls[name].observe(self._on_report, names="value")
        self.controls["selection"].observe(self._on_selection, names="value")
        self.controls["base"].observe(lambda _: self._refresh(), names="value")
        self.controls["answers"].observe(lambda _: self._show_texts(), names="value")
        self.controls["save"].on_click(lambda _: self.save())
        c = self.controls
        self.widget = w.VBox(
            [
                w.HBox([c["fiscal_year"], c["respondent_type"], c["size_scheme"]]),
                c["selection"],
                c["base"],
                self.chart,
                w.HTML("<b>表（件数と%、N は各列の回答者数）</b>"),
                self.table_view,
                w.HBox([c["file_name"], c["save"]]),
                self.status,
                w.HTML("<b>具体的な内容（自由記述）</b>"),
                c["answers"],
                self.texts_view,
            ]
        )

    # -- what is chosen ------------------------------------------------------------------------------------------
    def _fill_selection(self) -> None:
        report = self.report
        options = []
        for section in report.sections():
            options.append((f"{report.section_title(section)}（全項目）", section))
            for item_id, (number, short, label) in report.vocabulary.item_forms().items():
                if str(report.codebook.item(item_id)["section"]) == section:
                    options.append((f"　{number}（{short}） {label}", item_id))
        current = self.controls["selection"].value
        values = [v for _, v in options]
        self.controls["selection"].options = options
        self.controls["selection"].value = current if current in values else values[0]

    def _fill_answers(self) -> None:
        selection = self.controls["selection"].value
        report = self.report
        if selection in report.codebook.items.index:
            labels = [label for _, label in report.vocabulary.answers_of(selection)]
        else:
            labels = list(
                dict.fromkeys(
                    label
                    for item_id in report.codebook.item_ids(selection)
                    for _, label in report.vocabulary.answers_of(item_id)
                )
            )
        self.controls["answers"].options = labels
        self.controls["answers"].value = ()

    # -- reacting ------------------------------------------------------------------------------------------------
    def _on_report(self, _: object) -> None:
        c = self.controls
        try:
            self.report = type(self.report).load(
                c["fiscal_year"].value,
                respondent_type=c["respondent_type"].value,
                size_scheme=c["size_scheme"].value,
                data_dir=self.report.data_dir,
                redact=self.report.redact,
            )
        except Exception as exc:  # a year without this respondent type: say so, keep the last view
            self.status.value = f'<span style="color:#b71c1c">{html.escape(str(exc))}</span>'
            return
        self._fill_selection()
        self._refresh()

    def _on_selection(self, _: object) -> None:
        self._refresh()

    def _refresh(self) -> None:
        self._fill_answers()
        self._show_table()
        self._show_chart()
        self._show_texts()
        self.status.value = ""

    def _show_table(self) -> None:
        c = self.controls
        self.table = self.report.tabulate(c["selection"].value, by="class", base=c["base"].value)
        self.table_view.value = self.table.to_html()
        c["file_name"].value = f"{self.table.key}_FY{self.report.fiscal_year}.xlsx"

    def _show_chart(self) -> None:
        from jusolib.analysis.charts import stacked_bars

        frame, title = self.chart_frame()
        positive = sorted({p for i in self._items() for p in self.report.codebook.scale_of(i).positive})
        base = BASES[self.controls["base"].value]
        figure = stacked_bars(
            frame,
            title=title,
            positive=positive,
            synthetic=self.report.is_synthetic,
            note=f"{self.report.label} {self.report.respondent_label}（{base}）",
            no_answer=self.report.codebook.no_answer_label,
        )
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", pil_kwargs={"compress_level": PNG_COMPRESS_LEVEL})
        import matplotlib.pyplot as plt

        plt.close(figure)
        self.figure = figure
        self.chart.value = buffer.getvalue()

    def _show_texts(self) -> None:
        selection = self.controls["selection"].value
        answers = list(self.controls["answers"].value) or None
        if selection in self.report.codebook.items.index:
            self.texts = self.report.free_text_answers(item=selection, answer=answers)
        else:
            self.texts = self.report.free_text_answers(selection, answer=answers)
        self.texts_view.value = self.texts.to_html()

    # -- the chart's numbers ---------------------------------------------------------------------------------
    def _items(self) -> list[str]:
        selection = self.controls["selection"].value
        report = self.report
        if selection in report.codebook.items.index:
            return [selection]
        return [i for i in report.codebook.item_ids(selection) if i in set(report.data["item_id"])]

    def chart_frame(self) -> tuple[pd.DataFrame, str]:
        """The numbers of the chart shown: n and the share of each answer (%) per bar, and its title.

        Returns
        -------
        tuple
            (frame with ``n`` and one column per answer, indexed by the bars' labels; title).

        Examples
        --------
        >>> explorer = Explorer(report)
        >>> explorer.controls["selection"].value = "out_hubs"
        >>> frame, title = explorer.chart_frame()
        >>> frame.loc["全体"].tolist()  # published: 13 / 7 / 3 of 23
        [23.0, 56.5, 30.4, 13.0, 0.0]
        """
        report = self.report
        base = self.controls["base"].value
        selection = self.controls["selection"].value
        if selection not in report.codebook.items.index:
            frame = report.distribution(selection, base=base).frame
            return frame, f"{report.section_title(selection)}（%、{BASES[base]}）"
        from jusolib.core.wording import by_label
        from jusolib.stats.crosstab import crosstab

        long = crosstab(report.data, item=selection, by=report.scheme, codebook=report.codebook)
        share, n = ("pct_all", "n_all") if base == "all" else ("pct_valid", "n_valid")
        no_answer = report.codebook.no_answer_label
        answers = [a for _, a in report.vocabulary.answers_of(selection) if base == "all" or a != no_answer]
        rows = {}
        for group, part in long.groupby("class", observed=True, sort=True):
            counts = part.set_index(part["answer"].astype(str))
            total = int(part[n].iloc[0])
            rows[f"{group}"] = {
                "n": float(total),
                **{
                    a: float(format_share(counts.at[a, share])) if total and a in counts.index else 0.0
                    for a in answers
                },
            }
        frame = pd.DataFrame.from_dict(rows, orient="index")
        number = report.codebook.item(selection)["number"]
        title = f"{number} {report.codebook.item(selection)['label']} — {by_label(report.classes.label)}（%、{BASES[base]}）"
        return frame, title

    # -- saving --------------------------------------------------------------------------------------------------
    def save(self) -> Path:
        """Save the table shown to Excel under the name in the box (in ``save_dir``), and say where.

        Returns
        -------
        Path
            The file written.
        """
        from jusolib.analysis.provenance import provenance
        from jusolib.outputs.workbook import write_workbook

        name = self.controls["file_name"].value.strip() or f"{self.table.key}.xlsx"
        path = self.save_dir / Path(name).name
        if path.suffix.lower() != ".xlsx":
            path = path.with_suffix(".xlsx")
        write_workbook([self.table], path, provenance(self.report))
        self.status.value = f"保存しました: {html.escape(str(path))}"
        return path

    # -- display ---------------------------------------------------------------------------------------------
    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.widget._repr_mimebundle_(**kwargs)

    def __repr__(self) -> str:
        return f"Explorer({self.report!r}, {self.controls['selection'].value!r})"
