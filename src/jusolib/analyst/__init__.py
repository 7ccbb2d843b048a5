"""What an analyst works with in JupyterLab: report methods that speak one vocabulary, tables keyed by stable
ids, and an explorer for those who do not write Python.

* :mod:`~jusolib.analyst.methods` — every analysis function assigned to :class:`jusolib.report.YearReport` reads
  its ``section``, ``item``, ``respondent_type``, ``size_scheme`` and ``base`` through the year's
  :class:`~jusolib.survey.vocabulary.Vocabulary`, hands back its tables as :class:`~jusolib.analyst.table.Table`
  and closes its charts after drawing them (a chart shows once in JupyterLab, ``.savefig`` still works).
* :mod:`~jusolib.analyst.table` — :class:`~jusolib.analyst.table.Table`: the table as readers get it
  (``.frame``, laid out by the pages, the workbook and the deck exactly as before), plus ``.keyed()`` (the same
  numbers indexed by item id, class and answer code, labels beside them, 参考値 as a column) and ``.to_excel()``.
* :mod:`~jusolib.analyst.explorer` — ``report.explore()``: pick a year, respondent type, section or item, size
  scheme and base; see the chart, the table with n and the free texts; save the table to Excel (ipywidgets).

This package sits between the outputs and the facade (``docs/architecture.md``): it reads the analysis
functions and writes single-table workbooks through :mod:`jusolib.outputs.workbook`; the pages, the workbook and
the deck never import it, so nothing here changes what readers receive.
"""
