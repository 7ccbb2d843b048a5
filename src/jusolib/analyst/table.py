"""Tables an analyst can compute with: the report's table, and the same numbers keyed by stable ids.

A report table's :attr:`~jusolib.analysis.tables.ReportTable.frame` is laid out for readers: its stub (表側) is
what the page prints — the item's label, the class with 「※参考値」 appended, the municipality's name — because the
pages, ``tables.xlsx`` and the deck are laid out from it. Those strings change with the data (a class becomes
「R5 ※参考値」 when its n drops under 10) and between tables (「問1-2 地域…」 in the theme tables), so they make
poor keys: ``frame.loc["R5"]`` fails in one year and works in the next.

Design: readers' layout is left exactly as it is, and the analyst gets a second view beside it.
:meth:`Table.keyed` returns the same numbers indexed by stable keys — ``item_id``, ``class`` (the scheme's class,
marks removed), ``muni_code`` — with the display labels kept as columns beside them, the 参考値 mark as a boolean
column ``参考値``, an ``answer_code`` beside every 回答 column, and column headings without their 「（n=…）」 and
「※参考値」. Nothing that the pages, the workbook or the deck read changes: they call the analysis functions and
get plain :class:`~jusolib.analysis.tables.ReportTable` objects; :class:`Table` (what ``YearReport``'s methods
return) only adds the keyed view and :meth:`Table.to_excel`. The alternative — keys as the index of ``frame``
and labels only for display — would have changed every writer and every committed notebook for no gain to
readers.

Examples
--------
>>> from jusolib import YearReport
>>> table = YearReport.load(2025, size_scheme="cohort").crosstab("I")
>>> table.frame.index[1]  # as printed
('地域住民の参加を促す活動を行う者', 'R3–R4 ※参考値')
>>> keyed = table.keyed()
>>> int(keyed.loc[("out_participation", "R3–R4"), "n"]), bool(keyed.loc[("out_participation", "R3–R4"), "参考値"])
(7, True)
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from jusolib.analysis.tables import ReportTable
from jusolib.core.formatting import SMALL_BASE_MARK

#: Stub columns and the key each gets (the label stays beside it).
ITEM_LABELS = ("項目",)
CLASS_LABELS = ("区分",)
MUNICIPALITY_LABELS = ("自治体", "区市", "区市町村")
ANSWER_LABELS = ("回答",)
#: What a display label carries besides its key: 「（n=7）」「（N=23）」 and 「※参考値」.
_MARKS = re.compile(rf"\s*[（(][nN]=\d+[）)]|\s*※\s*{SMALL_BASE_MARK}")
REFERENCE = SMALL_BASE_MARK


def strip_marks(label: object) -> str:
    """A display label without the base and 参考値 marks it carries: the key it stands for.

    Parameters
    ----------
    label
        A class, column heading or stub label as printed.

    Returns
    -------
    str

    Examples
    --------
    >>> strip_marks("R3–R4（n=7） ※参考値"), strip_marks("R5 ※参考値"), strip_marks("全体（N=23）")
    ('R3–R4', 'R5', '全体')
    """
    return _MARKS.sub("", str(label)).strip()


@dataclass(repr=False)
class Table(ReportTable):
    """A report table of one year, as :class:`jusolib.report.YearReport`'s methods return it.

    Everything a :class:`~jusolib.analysis.tables.ReportTable` is (``frame`` as readers get it, ``notes``,
    ``to_html`` …), plus :meth:`keyed` and :meth:`to_excel`. ``year`` is the report it came from (its vocabulary,
    names and provenance).
    """

    year: Any = field(default=None, compare=False)

    @classmethod
    def of(cls, table: ReportTable, year: Any) -> Table:
        """The :class:`Table` of a report table of ``year`` (the same frame, not copied).

        Parameters
        ----------
        table
            A table from an analysis function.
        year
            The year's data it was computed from.

        Returns
        -------
        Table
        """
        values = {f.name: getattr(table, f.name) for f in dataclasses.fields(ReportTable)}
        return cls(**values, year=year)

    def keyed(self) -> pd.DataFrame:
        """The table's numbers keyed by stable ids, with the labels beside them (see the module docstring).

        Returns
        -------
        DataFrame
            Index: the stub with each level replaced by its key (``item_id`` for 項目, ``class`` for 区分,
            ``muni_code`` for 区市) — or the table's own index when it has no stub; columns: the labels
            (項目, 区分 …), the keys of label columns (``item_id``, ``muni_code``, ``answer_code`` beside 項目,
            自治体, 回答), the table's columns with their headings' marks removed, and ``参考値`` (bool) when any
            row is 参考値.

        Examples
        --------
        >>> keyed = report.distribution("I").keyed()
        >>> row = keyed.loc["out_hubs"]  # published: 56.5% of 23
        >>> row["項目"], int(row["n"]), float(row["あてはまる"])
        ('地域住民等が相互に交流を図ることのできる拠点', 23, 56.5)
        """
        return keyed_frame(self, self.year)

    def to_excel(self, path: str | Path) -> Path:
        """Save this table as an Excel workbook: its formatted sheet (as in ``tables.xlsx``) and the 出典 sheet.

        Parameters
        ----------
        path
            The ``.xlsx`` file to write (atomically; its folder is created; an existing file replaced).

        Returns
        -------
        Path
            The file written.

        Examples
        --------
        >>> import tempfile
        >>> path = report.tabulate("問1-2", by="団体種別").to_excel(Path(tempfile.mkdtemp()) / "t.xlsx")
        >>> from jusolib.outputs.workbook import read_table
        >>> read_table(path, "集計_out_hubs", index_levels=2).iloc[1, 0]  # published: 13 of 23
        '13（56.5%）'
        """
        from jusolib.analysis.provenance import provenance
        from jusolib.outputs.workbook import write_workbook

        target = Path(path).expanduser()
        if target.suffix.lower() != ".xlsx":
            from jusolib.core.errors import ParameterError

            raise ParameterError(f"to_excel: {str(path)!r} is not an .xlsx file name")
        write_workbook([self], target, provenance(self.year))
        return target


def _item_ids(values: pd.Series, vocabulary: Any) -> list[Any]:
    return [vocabulary.find_item(v) if isinstance(v, str) else None for v in values]


def _municipality_codes(values: pd.Series, names: pd.Series) -> list[Any]:
    codes = {name: code for code, name in names.items()}
    return [codes.get(v) for v in values]


def _answer_codes(answers: pd.Series, items: list[Any], vocabulary: Any) -> list[Any]:
    out = []
    for answer, item in zip(answers, items, strict=True):
        codes = {label: code for code, label in vocabulary.answers_of(item)} if item else {}
        out.append(codes.get(str(answer)))
    return out


def keyed_frame(table: ReportTable, year: Any) -> pd.DataFrame:
    """:meth:`Table.keyed` of any report table of ``year``.

    Parameters
    ----------
    table
        A report table.
    year
        The year's data (its ``vocabulary`` and ``names`` turn labels back into keys).

    Returns
    -------
    DataFrame
        See :meth:`Table.keyed`.
    """
    vocabulary, names = year.vocabulary, year.names
    frame = table.frame
    stub = [str(n) for n in frame.index.names] if table.shows_index() and frame.index.names != [None] else []
    flat = frame.reset_index() if stub else frame.reset_index(drop=True)
    flat = flat.rename(columns={c: strip_marks(c) for c in flat.columns if c not in stub})
    index: list[str] = []
    item_keys: list[Any] | None = None
    for name in stub:
        if name in ITEM_LABELS:
            item_keys = _item_ids(flat[name], vocabulary)
            flat.insert(0, "item_id", item_keys)
            index.append("item_id")
        elif name in CLASS_LABELS:
            flat.insert(0, "class", [strip_marks(v) for v in flat[name]])
            index.append("class")
        elif name in MUNICIPALITY_LABELS:
            flat.insert(0, "muni_code", _municipality_codes(flat[name], names))
            index.append("muni_code")
        elif name in ANSWER_LABELS and item_keys is not None:  # answers are codebook labels: a stable key
            codes = _answer_codes(flat[name], item_keys, vocabulary)
            flat.insert(len(flat.columns), "answer_code", pd.array(codes, dtype="Int64"))
            index.append(name)
        else:
            index.append(name)
    for name in list(flat.columns):
        if name in stub:
            continue
        position = flat.columns.get_loc(name)
        if name in ITEM_LABELS and "item_id" not in flat.columns:
            item_keys = _item_ids(flat[name], vocabulary)
            flat.insert(position, "item_id", item_keys)
        elif name in MUNICIPALITY_LABELS and "muni_code" not in flat.columns:
            flat.insert(position, "muni_code", _municipality_codes(flat[name], names))
        elif name in CLASS_LABELS and "class" not in flat.columns:
            flat.insert(position, "class", [strip_marks(v) for v in flat[name]])
        elif name in ANSWER_LABELS and item_keys is not None and "answer_code" not in flat.columns:
            codes = _answer_codes(flat[name], item_keys, vocabulary)
            flat.insert(position, "answer_code", pd.array(codes, dtype="Int64"))
    if any(table.reference_mask()):
        flat[REFERENCE] = table.reference_mask()
    if index:
        flat = flat.set_index(index)
    return flat
