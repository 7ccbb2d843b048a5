"""The one cache of a year's report: computed once per function and arguments, never shared between years,
handed out as copies."""

from dataclasses import dataclass, field

import pandas as pd
import pytest

from jusolib.analysis.cache import cached


@dataclass(frozen=True)
class Year:
    store: dict = field(default_factory=dict)


calls = []


@cached
def table(year, section, base="all"):
    calls.append((section, base))
    return pd.DataFrame({"section": [section], "base": [base]})


@cached
def tables(year):
    return [pd.DataFrame({"n": [1]}), pd.DataFrame({"n": [2]})]


def test_a_table_is_computed_once_per_arguments_and_per_year():
    calls.clear()
    first, second = Year(), Year()
    assert table(first, "I").equals(table(first, "I"))
    assert table(first, "I", base="valid")["base"].tolist() == ["valid"]
    assert calls == [("I", "all"), ("I", "valid")]
    table(second, "I")
    assert calls == [("I", "all"), ("I", "valid"), ("I", "all")]


def test_every_frame_of_a_list_comes_back_as_a_copy():
    year = Year()
    mine = tables(year)
    mine[0].loc[0, "n"] = 99
    mine.append("extra")
    again = tables(year)
    assert [int(f.loc[0, "n"]) for f in again] == [1, 2]


def test_arguments_that_cannot_be_keys_are_named():
    @cached
    def by_words(year, words):
        return words

    with pytest.raises(TypeError, match="by_words: cached tables take hashable arguments"):
        by_words(Year(), ["連携"])


def test_the_report_computes_a_table_once_and_hands_out_copies(monkeypatch):
    from jusolib.analysis import section_tables
    from tests.helpers import fy2024_report

    report = fy2024_report()
    first = report.positive("I")  # computed (or kept from an earlier test on the shared report)

    def not_again(*_args, **_kwargs):
        raise AssertionError("a kept table was computed a second time")

    monkeypatch.setattr(section_tables, "positive_table", not_again)
    second = report.positive("I")
    assert second.frame.equals(first.frame) and second.frame is not first.frame
    second.frame.loc[:, "割合"] = 0.0  # a notebook changes its copy …
    assert report.positive("I").frame["割合"].iloc[0] == 82.6  # … the next caller gets 19/23 as published
    assert report.distribution("I", "all").key != report.distribution("I", "valid").key


def test_a_changed_significance_frame_does_not_reach_the_workbook():
    """Issue 24's confirmed leak: changing ``report.significance("I").frame`` changed what the workbook got."""
    from tests.helpers import fy2024_report

    report = fy2024_report()
    mine = report.significance("I").frame
    mine.iloc[:, 0] = -1
    sheet = next(t for t in report.tables() if t.key == "I_検定")
    assert (sheet.frame.iloc[:, 0] >= 0).all()
