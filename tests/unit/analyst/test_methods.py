"""Every call quoted in issue 23 either works or raises a one-line error naming the valid choices — through the
report's methods, as an analyst types them."""

import matplotlib.pyplot as plt
import pytest

from jusolib.analyst.methods import method, resolve_arguments, speaks_vocabulary
from jusolib.analyst.table import Table
from jusolib.core.errors import ParameterError, UnknownItemError
from jusolib.report import YearReport
from tests.helpers import fy2024_report


@pytest.fixture(scope="module")
def report():
    return fy2024_report()


@pytest.fixture(scope="module")
def report2025():
    return YearReport.load(2025)


def _one_line_naming(exc: pytest.ExceptionInfo, *choices: str) -> None:
    message = str(exc.value)
    assert "\n" not in message, message
    for choice in choices:
        assert choice in message, message


# -- "The section argument breaks in different ways" ---------------------------------------------------------
def test_paired_disagreements_of_a_section_works(report):
    # was: TypeError ('>' not supported between 'int' and 'str') — "II" was read as `top`
    table = report.paired_disagreements("II")
    assert table.key == "II_自治体社協_食い違い"
    # over II's 8 items only: no municipality compares more than 8
    assert table.frame["比較した項目"].max() <= 8 < report.paired_disagreements().frame["比較した項目"].max()


def test_paired_agreement_of_an_unknown_section_names_the_sections(report):
    # was: an empty table
    with pytest.raises(ParameterError) as exc:
        report.paired_agreement("IV")
    _one_line_naming(exc, "unknown section 'IV'", "I, II, III")


def test_word_frequencies_of_an_unknown_section_names_the_sections(report):
    # was: a bare KeyError
    with pytest.raises(ParameterError) as exc:
        report.word_frequencies("IV")
    _one_line_naming(exc, "I, II, III")


def test_year_over_year_of_a_section(report, report2025):
    # was: TypeError (takes 1 positional argument)
    assert report.year_over_year("I") is None  # FY2024 has no previous year: no table, no error
    table = report2025.year_over_year("I")
    # 5 items of I × (panel, all respondents)
    assert len(table.frame) == 10 and table.key == "I_前年度比較"


@pytest.mark.parametrize("section", ["I", "i", "Ⅰ", 1, "問1"])
def test_any_spelling_of_a_section_gives_the_same_table(report, section):
    assert report.distribution(section).frame.equals(report.distribution("I").frame)


# -- "Names differ between the API and the data" --------------------------------------------------------------
def test_size_scheme_by_its_japanese_name(report):
    # was: ParameterError with no hint
    assert YearReport.load(2024, size_scheme="団体種別").scheme == "municipality_type"
    with pytest.raises(ParameterError) as exc:
        YearReport.load(2024, size_scheme="団体")
    _one_line_naming(exc, "municipality_type (団体種別)", "did you mean '団体種別'")


def test_base_by_its_japanese_name(report):
    # was: KeyError '無回答を除く'
    assert report.distribution("I", base="無回答を除く").key == "I_分布_除"
    with pytest.raises(ParameterError) as exc:
        report.distribution("I", base="無回答")
    _one_line_naming(exc, "all (無回答を含む)", "valid (無回答を除く)")


def test_respondent_type_in_the_data_by_label_or_key(report):
    # was: data.respondent_type == "社協" → 0 rows; answers() holds the label beside the key
    both = report.answers("両方")
    assert (both["respondent_type"] == "社協").sum() == 23 * 27  # 23 councils × 27 items
    assert (both["respondent_key"] == "council").sum() == 23 * 27
    with pytest.raises(ParameterError) as exc:
        report.answers("住民")
    _one_line_naming(exc, "自治体 (municipality)", "社協 (council)")


def test_the_name_column_of_a_council_report_is_not_headed_jichitai():
    council = YearReport.load(2024, respondent_type="社協")
    assert "区市町村" in council.free_text_answers("I").frame.columns
    assert "自治体" in YearReport.load(2024).free_text_answers("I").frame.columns  # 自治体 reports as before


def test_by_size_class_in_the_docstrings_sense(report):
    # was: by="size_class" fails; answers() has the class under one name whatever the scheme
    assert "size_class" in report.answers().columns
    assert report.tabulate("I-2", by="size_class").frame.columns[0] == "全体（N=23）"


# -- "The package's own item names are not accepted everywhere" -----------------------------------------------
def test_the_i_form_of_published_check(report):
    # was: UnknownItemError for "I-1"
    assert set(report.free_text_answers(item="I-1").frame["項目"]) == {"地域住民の参加を促す活動を行う者"}


def test_an_item_given_as_a_section_says_to_pass_item(report):
    # was: "no section" with no hint
    with pytest.raises(ParameterError) as exc:
        report.free_text_answers("問1-2")
    _one_line_naming(exc, "is an item, not a section", "item='問1-2'")


def test_an_unknown_item_names_the_items(report):
    with pytest.raises(UnknownItemError) as exc:
        report.free_text_answers(item="問1-9")
    _one_line_naming(exc, "問1-1 I-1 out_participation", "did you mean")


# -- "No filter by answer" -------------------------------------------------------------------------------------
def test_free_text_of_those_who_gave_an_answer(report):
    table = report.free_text_answers(item="I-2", answer="あてはまらない")
    assert set(table.frame["回答"]) <= {"あてはまらない"}
    assert table.frame.equals(
        report.free_text_answers(item="問1-2", answer=3).frame
    )  # by code: 3 = あてはまらない
    with pytest.raises(ParameterError) as exc:
        report.free_text_answers(item="I-2", answer="とてもあてはまる")
    _one_line_naming(exc, "1 あてはまる, 2 どちらともいえない, 3 あてはまらない, 無回答")


# -- "kwic takes one word" -------------------------------------------------------------------------------------
def test_kwic_with_a_list_of_words(report):
    # was: TypeError (normalize() argument 2 must be str)
    table = report.kwic(["守秘義務", "個人情報"])
    assert set(table.frame["語"]) <= {"守秘義務", "個人情報"}
    single = len(report.kwic("守秘義務").frame) + len(report.kwic("個人情報").frame)
    assert len(table.frame) == single


def test_kwic_with_a_regular_expression_and_without_regex_true(report):
    # was: nothing found, silently
    found = report.kwic("連携|協働", regex=True, section="II")
    words = report.kwic(["連携", "協働"], section="II")
    assert len(found.frame) >= len(words.frame[words.frame["語"].isin(["連携", "協働"])]) > 0
    with pytest.raises(ParameterError) as exc:
        report.kwic("連携|協働")
    _one_line_naming(exc, "regex=True", "['連携', '協働']")


@pytest.mark.parametrize("word", ["", "  ", [], "、"])
def test_kwic_of_nothing_is_a_clear_error(report, word):
    # was: IndexError for ""
    with pytest.raises(ParameterError) as exc:
        report.kwic(word)
    _one_line_naming(exc, "kwic")


def test_kwic_of_both_respondent_types(report):
    both = report.kwic("連携", respondent_type="両方", section="II")
    mine = report.kwic("連携", section="II")
    council = YearReport.load(2024, respondent_type="社協").kwic("連携", section="II")
    assert len(both.frame) == len(mine.frame) + len(council.frame)
    assert set(both.frame["回答主体"]) == {"自治体", "社協"}


# -- "Every chart shows twice": closed in pyplot after drawing, still savable -----------------------------------
def test_a_chart_is_closed_and_can_still_be_saved(report, tmp_path):
    before = set(plt.get_fignums())
    figure = report.plot_distribution("I")
    assert set(plt.get_fignums()) == before  # not left open: JupyterLab shows the returned figure only
    figure.savefig(tmp_path / "chart.png")
    assert (tmp_path / "chart.png").stat().st_size > 10_000


# -- arguments that do not fit -----------------------------------------------------------------------------------
def test_a_call_that_does_not_fit_the_signature_shows_the_signature(report):
    with pytest.raises(ParameterError) as exc:
        report.indices("I")
    _one_line_naming(exc, "indices()", "got indices('I')")
    with pytest.raises(ParameterError) as exc:
        report.distribution("I", bases="all")
    _one_line_naming(exc, "unexpected keyword argument 'bases'")


def test_resolved_arguments_reach_the_cache_as_keys(report):
    report.distribution("ii")
    report.distribution("II")
    keys = [
        k
        for k in report.store
        if len(k) == 4 and k[1] == "distribution" and k[2] in (("II",), ("ii",))  # other callers pass a base
    ]
    assert keys == [keys[0]] and keys[0][2] == ("II",)  # "ii" and "II" are one table, computed once


def test_tables_come_back_keyed_and_lists_of_tables_too(report):
    assert isinstance(report.distribution("I"), Table)
    assert all(isinstance(t, Table) for t in report.section_tables("I"))


def test_speaks_vocabulary_wraps_only_analysis_functions():
    def outside(year, section):
        return section

    outside.__module__ = "somewhere.else"

    @speaks_vocabulary
    class Facade:
        own = outside

    assert Facade.own is outside  # a function of another module is left alone
    wrapped = method(lambda year, section: section)
    assert getattr(wrapped, "__jusolib_method__", False)


def test_resolve_arguments_reads_item_lists_as_tuples(report):
    from jusolib.analysis.section_tables import free_text_answers

    bound = resolve_arguments(free_text_answers, report, (), {"item": ["問1-1", "I-2"]})
    assert bound.arguments["item"] == ("out_participation", "out_hubs")


def test_a_chart_displays_once_in_a_jupyter_kernel():
    """In a real kernel with the inline backend, the method's figure shows once; the bare analysis function —
    which leaves the figure open in pyplot — shows twice (the issue's "every chart shows twice")."""
    import nbformat
    from nbclient import NotebookClient

    from jusolib.core.paths import NOTEBOOKS_DIR

    cells = [
        "%matplotlib inline\nfrom jusolib import YearReport\nreport = YearReport.load(2024)",
        'report.plot_distribution("I")',
        'from jusolib.analysis.sections import plot_distribution\nplot_distribution(report, "I")',
    ]
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])
    NotebookClient(
        notebook,
        kernel_name="python3",
        timeout=300,
        resources={"metadata": {"path": str(NOTEBOOKS_DIR)}},
    ).execute()
    images = [sum("image/png" in o.get("data", {}) for o in cell.outputs) for cell in notebook.cells[1:]]
    assert images == [1, 2]
