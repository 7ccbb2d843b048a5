"""自治体 and 社協 of the same municipality side by side, for a fiscal year's report.

Mixed into :class:`jusolib.report.YearReport`; the statistics are :mod:`jusolib.stats.paired` and
:mod:`jusolib.stats.agreement`.

Examples
--------
>>> from jusolib import YearReport
>>> YearReport.load(2024).paired_available
True
"""

from __future__ import annotations

import functools
from typing import Any

import pandas as pd

from jusolib.analysis.cache import kept
from jusolib.analysis.tables import ReportTable
from jusolib.clean.pipeline import load_responses


class PairedMixin:
    """自治体 and 社協 of the same municipality side by side, for a fiscal year's report (methods of :class:`jusolib.report.YearReport`)."""

    @functools.cached_property
    def all_responses(self) -> pd.DataFrame:
        """The tidy responses of every respondent type of the year (both 自治体 and 社協).

        Examples
        --------
        >>> sorted(report.all_responses["respondent_type"].unique())
        ['council', 'municipality']
        """
        return load_responses(self.fiscal_year, data_dir=self.data_dir)

    @functools.cached_property
    def _pair_counts(self) -> dict[str, Any]:
        from jusolib.stats.paired import respondent_pair

        first, second = respondent_pair(self.codebook)
        codes = {
            key: set(self.all_responses.loc[self.all_responses["respondent_type"] == key, "muni_code"])
            for key in (first, second)
        }
        return {
            first: len(codes[first]),
            second: len(codes[second]),
            "both": len(codes[first] & codes[second]),
            "only": {
                key: sorted(self.names.get(c, c) for c in codes[key] - codes[other])
                for key, other in ((first, second), (second, first))
            },
        }

    @property
    def paired_available(self) -> bool:
        """True when both respondent types answered this year, so that their answers can be paired.

        Examples
        --------
        >>> report.paired_available
        True
        """
        return self._pair_counts["both"] > 0

    @functools.cached_property
    def paired_comparison(self) -> pd.DataFrame | None:
        """Per item, the two answers of the same municipalities compared (社協 − 自治体); ``None`` when one
        respondent type is missing. See :func:`jusolib.stats.paired.compare_respondent_types`.

        Examples
        --------
        >>> row = report.paired_comparison.set_index("item_id").loc["out_hubs"]
        >>> int(row["n_both"]), int(row["n_pairs"] + row["n_excluded"])
        (23, 23)
        """
        from jusolib.stats.paired import compare_respondent_types

        if not self.paired_available:
            return None
        return compare_respondent_types(self.all_responses, codebook=self.codebook)

    def paired_agreement(self, section: str) -> ReportTable | None:
        """How often 自治体 and 社協 of the same municipality gave the same answer (items of a section).

        Examples
        --------
        >>> report.paired_agreement("I").frame.columns[:3].tolist()
        ['両方が回答', '除外（無回答を含む組）', '比較した組']
        """
        from jusolib.stats.paired import agreement_table

        if self.paired_comparison is None:
            return None
        return agreement_table(self.paired_comparison, section=section, codebook=self.codebook)

    @kept
    def paired_difference(self, section: str) -> ReportTable | None:
        """Positive shares and scores of 自治体 and 社協 on the same pairs, the differences and exact tests.

        Examples
        --------
        >>> report.paired_difference("I").title
        'I 自治体と社協の差（社協 − 自治体）'
        """
        from jusolib.stats.paired import difference_table

        if self.paired_comparison is None:
            return None
        return difference_table(self.paired_comparison, section=section, codebook=self.codebook)

    def paired_disagreements(self, top: int = 5) -> ReportTable | None:
        """The municipalities where 自治体 and 社協 disagree most (names shown), ``top`` of them and any ties.

        Examples
        --------
        >>> len(report.paired_disagreements(top=3).frame) >= 3
        True
        """
        from jusolib.stats.paired import disagreement_table, disagreements

        if not self.paired_available:
            return None
        ranked = disagreements(self.all_responses, codebook=self.codebook, top=top)
        return disagreement_table(ranked, codebook=self.codebook, names=self.names, top=top)

    def paired_summary(self) -> str:
        """Markdown: who could be paired, pairs left out for 無回答, what the tests found — or why there is
        no comparison (one respondent type missing).

        Examples
        --------
        >>> print(report.paired_summary().splitlines()[0])
        - 回答: 自治体 23、社協 23。両方が回答した区市 23。
        """
        from jusolib.stats.paired import summary

        counts = self._pair_counts
        return summary(self.paired_comparison, codebook=self.codebook, counts=counts, only_one=counts["only"])

    def plot_paired(self, section: str | None = None) -> Any:
        """The positive-share difference (社協 − 自治体) with its 95% interval, for the items of a section (one chart
        per section keeps a printed chart readable) or of all (``None`` when one respondent type is missing).

        Examples
        --------
        >>> chart = report.plot_paired("I")
        >>> chart.axes[0].get_xlabel(), len(chart.axes[0].get_yticks())
        ('差（ポイント）と95%信頼区間', 5)
        """
        from jusolib.analysis.charts import change_chart
        from jusolib.stats.paired import chart_frame, respondent_pair

        if self.paired_comparison is None:
            return None
        comparison = self.paired_comparison
        if section is not None:
            comparison = comparison[comparison["item_id"].isin(self.codebook.item_ids(section))]
        first, second = (self.codebook.respondent_type_label(k) for k in respondent_pair(self.codebook))
        labels = {i: self.codebook.item(i)["label"] for i in self.codebook.item_ids()}
        note = "同じ区市の2つの回答の組、無回答を含む組は除く"
        if section is None:
            title = f"{first}と{second}の差（{second} − {first}）— {self.label}"
        else:
            title, note = f"{self.section_title(section)}（{second} − {first}）", f"{self.label}、{note}"
        return change_chart(
            chart_frame(comparison, codebook=self.codebook),
            labels=labels,
            title=title,
            synthetic=self.is_synthetic,
            note=note,
        )
