"""Tables kept per report: computed once per arguments, never shared between reports."""

from jusolib.kept import kept


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


def test_the_report_hands_the_deck_the_workbook_s_tables():
    from tests.helpers import fy2024_report

    report = fy2024_report()
    assert report.positive("I") is report.positive("I")
    assert report.themes("II") is report.themes("II")
    assert report.distribution("I", "all") is not report.distribution("I", "valid")
