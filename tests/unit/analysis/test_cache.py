"""Tables kept per report: computed once per arguments, never shared between reports."""

from jusolib.analysis.cache import kept


class Counting:
    def __init__(self):
        self.calls = []

    @kept
    def table(self, section, base="all"):
        self.calls.append((section, base))
        return {"section": section, "base": base}


def test_a_table_is_computed_once_per_arguments_and_per_report():
    first, second = Counting(), Counting()
    assert first.table("I") is first.table("I")
    assert first.table("I", base="valid") == {"section": "I", "base": "valid"}
    assert first.calls == [("I", "all"), ("I", "valid")]
    assert second.table("I") is not first.table("I") and second.calls == [("I", "all")]


def test_the_report_computes_a_table_once_and_hands_out_copies(monkeypatch):
    from jusolib import report as report_module
    from tests.helpers import fy2024_report

    report = fy2024_report()
    first = report.positive("I")  # computed (or kept from an earlier test on the shared report)

    def not_again(*_args, **_kwargs):
        raise AssertionError("a kept table was computed a second time")

    monkeypatch.setattr(report_module, "positive_table", not_again)
    second = report.positive("I")
    assert second.frame.equals(first.frame) and second.frame is not first.frame
    second.frame.loc[:, "割合"] = 0.0  # a notebook changes its copy …
    assert report.positive("I").frame["割合"].iloc[0] == 82.6  # … the next caller gets 19/23 as published
    assert report.distribution("I", "all").key != report.distribution("I", "valid").key
