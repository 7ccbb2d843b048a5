"""Property tests over the scenario library (:mod:`tests.scenarios.library`): any valid returns give a complete
report.

For every scenario: the returns build; for every variant (respondent type × size scheme) the year loads, the
workbook and the deck are written, the workbook's counts equal the scenario's truth, every slide text fits its
box by the deck's measure and no shape leaves its slide, and nothing a reader sees — page, sheet or slide — holds
``nan``, ``None``, ``inf``, ``<NA>`` or a Python repr (:mod:`tests.scenarios.properties`). The pages are checked
in this process (every table and sentence the notebooks show, every chart drawn).

``make test`` runs :data:`QUICK` (small scenarios, no notebook kernels). ``make scenarios``
(``JUSOLIB_SCENARIOS=all``) runs every scenario, and renders each one with ``jusolib render`` as a user would:
exit status 0, every expected file, and no machine word in any rendered page. ``JUSOLIB_SCENARIOS=far_apart,...``
runs the named scenarios only (no renders).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from jusolib.clean.pipeline import build_fiscal_year
from jusolib.cli import main
from jusolib.render.batch import NOTEBOOKS
from jusolib.report import YearReport
from jusolib.survey.codebook import load_codebook
from tests.scenarios.library import BY_NAME, SCENARIOS, Scenario, draw, truth, write
from tests.scenarios.properties import (
    deck_problems,
    machine_words,
    page_problems,
    page_texts,
    pairs_truth,
    workbook_problems,
)

#: The scenarios ``make test`` runs: small ones that between them reach the fixes of issue 19 (titles that must
#: be shortened, one respondent, one respondent type, towns without a population, an item nobody answered).
QUICK = ("one_respondent", "section_blank_by_all")  # the others in make scenarios (make test's time)
#: ``JUSOLIB_SCENARIOS``: unset for :data:`QUICK`, ``all`` for every scenario with full renders, or names
#: separated by commas for those scenarios only (without renders, to work on one case).
SELECTION = os.environ.get("JUSOLIB_SCENARIOS", "")
ALL = SELECTION == "all"
CHOSEN = SCENARIOS if ALL else tuple(BY_NAME[name] for name in (SELECTION.split(",") if SELECTION else QUICK))


def test_the_library_covers_every_case_of_the_issue():
    # issue 19 lists these cases; each must be a scenario (with at least 25 scenarios in all)
    cases = {
        "random answers at several seeds": ["random_seed1", "random_seed2", "random_seed3", "random_seed4"],
        "every answer the same": ["all_same_answer", "all_lowest_answer"],
        "an item left blank by everyone": ["item_blank_by_all"],
        "a whole section left blank by everyone": ["section_blank_by_all", "council_section_blank"],
        "only the 自治体 or only the 社協 file": ["municipality_only", "council_only"],
        "five respondents, one respondent": ["five_respondents", "one_respondent"],
        "towns and villages": ["towns_and_villages", "population_unknown"],
        "自治体 and 社協 far apart": ["far_apart", "far_apart_random"],
        "a previous year with very different answers": ["previous_year_different", "previous_year_random"],
        "no free text, 1,500 characters, emoji and rare kanji": [
            "no_free_text",
            "long_free_text",
            "emoji_rare_kanji",
        ],
        "both types but no municipality as both": ["no_pair_both_types"],
        "a footnote's base empty": ["no_no_answer"],
        "ties, identical answers": ["ties_at_top", "identical_types", "all_same_answer"],
        "returned forms as well as compiled sheets": ["random_forms_fy2025", "random_xlsx_schemes"],
    }
    missing = [name for names in cases.values() for name in names if name not in BY_NAME]
    assert not missing
    assert len(SCENARIOS) >= 25
    assert {y.layout for s in SCENARIOS for y in s.years} == {"csv", "xlsx", "forms"}


def test_the_truth_counts_every_respondent_once_per_item():
    # one respondent of each type: each item has exactly one answer per type, 無回答 included
    scenario = BY_NAME["one_respondent"]
    book = load_codebook(2024)
    for kind in ("municipality", "council"):
        counts = truth(scenario, kind)
        assert counts.sum(axis=1).tolist() == [1] * len(book.item_ids())


@pytest.fixture(scope="module", params=CHOSEN, ids=lambda s: s.name)
def built(request, tmp_path_factory) -> tuple[Scenario, Path]:
    """The scenario's returns written and built (once per scenario for every test of this module)."""
    scenario: Scenario = request.param
    data = write(scenario, tmp_path_factory.mktemp(scenario.name))
    for year in scenario.years:
        build_fiscal_year(year.fiscal_year, data)
    return scenario, data


def test_every_variant_gives_a_true_workbook_a_fitting_deck_and_pages_without_machine_words(built, tmp_path):
    scenario, data = built
    book = load_codebook(scenario.fiscal_year, data)
    problems: list[str] = []
    for respondent_type, scheme in scenario.variants:
        where = f"{respondent_type}・{scheme}"
        report = YearReport.load(scenario.fiscal_year, respondent_type, scheme, data)
        workbook, deck = tmp_path / f"{where}.xlsx", tmp_path / f"{where}.pptx"
        report.write_workbook(workbook)
        report.write_slides(deck)
        kind = book.respondent_type_key(respondent_type)
        pairs = pairs_truth(draw(scenario), book)
        problems += [
            f"{where} workbook: {p}"
            for p in workbook_problems(workbook, truth(scenario, kind), book, pairs=pairs)
        ]
        problems += [f"{where} deck: {p}" for p in deck_problems(deck)]
        for page, text in page_texts(report).items():
            problems += [f"{where} page {page}: {w}" for w in machine_words(text)]
    assert not problems, "\n".join(problems[:40])


@pytest.mark.skipif(not ALL, reason="full renders run in `make scenarios` (JUSOLIB_SCENARIOS=all)")
def test_the_render_exits_0_and_writes_every_output_without_machine_words(built, tmp_path):
    scenario, data = built
    reports = tmp_path / "reports"
    status = main(
        [
            "render",
            "--data-dir",
            str(data),
            "--fiscal-year",
            str(scenario.fiscal_year),
            "--reports-dir",
            str(reports),
            "--no-progress",
            "--jobs",
            "1",  # make scenarios runs two scenarios at a time
        ]
    )
    assert status == 0
    folders = [p.parent for p in reports.rglob("manifest.json")]
    assert len(folders) == 1, folders  # the default variant (社協 when only 社協 answered)
    folder = folders[0]
    expected = {f"{n}.{ext}" for n in NOTEBOOKS for ext in ("ipynb", "html")}
    expected |= {"index.html", "tables.xlsx", "slides.pptx", "manifest.json"}
    assert expected <= {p.name for p in folder.iterdir()}
    assert (reports / "index.html").is_file()
    assert page_problems(folder) == []
    assert deck_problems(folder / "slides.pptx") == []
