"""What every output of every scenario must satisfy, as functions that list what they find wrong.

Each function returns a list of problems (empty when the output is right), so that one failing test shows all of
them:

* :func:`machine_words` — no ``nan``, ``None``, ``inf``, ``<NA>``, ``NaT`` or Python repr where a reader looks;
* :func:`deck_problems` — every text of the deck fits its box at its size by the deck's own measure
  (:func:`jusolib.outputs.slides.parts.fits`), every table cell its row, no shape leaves the slide, and no
  machine word on a slide, in a chart's categories or series;
* :func:`workbook_problems` — no machine word in any cell of ``tables.xlsx``, and its counts equal the truth
  of the scenario (:func:`tests.scenarios.library.truth`): per item the base n and the count of every answer
  (from the distribution's shares and n), the positive answers, the pairs compared;
* :func:`page_problems` — no machine word in the text of any rendered page.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from jusolib.survey.codebook import Codebook

#: What a reader must never see: a missing value or an infinity printed by Python or pandas, or a repr.
MACHINE_WORDS = re.compile(
    r"(?<![A-Za-z_])(?:nan|NaN|None|inf|NaT)(?![A-Za-z_])|<NA>|np\.float|np\.int|numpy\.|Timestamp\(|dtype[:=]"
    r"|object at 0x|Series\(|DataFrame\(|\[\]|\{\}|\(\)"
)


def machine_words(text: str) -> list[str]:
    """The machine words in a text, each with a little context.

    Examples
    --------
    >>> machine_words("無回答 nan = 100 不一致")
    ['…無回答 nan = 100 不…']
    >>> machine_words("information (infinity)")
    []
    """
    return [f"…{text[max(m.start() - 8, 0) : m.end() + 8]}…" for m in MACHINE_WORDS.finditer(text)]


# -- the deck ----------------------------------------------------------------------------------------------------
def deck_problems(path: Path) -> list[str]:
    """Texts that do not fit, shapes off the slide, machine words — on every slide of a deck."""
    from pptx import Presentation
    from pptx.util import Emu

    from jusolib.outputs.slides.parts import BOX_MARGIN, fits

    deck = Presentation(str(path))
    width, height = deck.slide_width, deck.slide_height
    problems: list[str] = []
    for number, slide in enumerate(deck.slides, start=1):
        for shape in slide.shapes:
            where = f"slide {number} {shape.name!r}"
            if (
                shape.left < 0
                or shape.top < 0
                or shape.left + shape.width > width
                or shape.top + shape.height > height
            ):
                if not (shape.width == 0 and shape.height == 0):
                    problems.append(f"{where} leaves the slide")
            if shape.has_text_frame and shape.text_frame.text:
                text = shape.text_frame.text.replace("\v", "\n")
                sizes = {r.font.size.pt for p in shape.text_frame.paragraphs for r in p.runs if r.font.size}
                if len(sizes) != 1:
                    problems.append(f"{where} has {len(sizes)} font sizes")
                else:
                    inner_w = Emu(shape.width).pt - 2 * BOX_MARGIN
                    inner_h = Emu(shape.height).pt - 2 * BOX_MARGIN
                    if not fits(text, width=inner_w, height=inner_h, size=sizes.pop()):
                        problems.append(f"{where} text does not fit: {text!r}")
                problems += [f"{where}: {w}" for w in machine_words(text)]
            if shape.has_table:
                table = shape.table
                widths = [Emu(c.width).pt for c in table.columns]
                for row in table.rows:
                    row_height = Emu(row.height).pt - 2 * BOX_MARGIN
                    for k, cell in enumerate(row.cells):
                        if cell.is_spanned or not cell.text:
                            continue
                        cell_width = sum(widths[k : k + cell.span_width]) - 2 * BOX_MARGIN
                        (size,) = {r.font.size.pt for p in cell.text_frame.paragraphs for r in p.runs}
                        if not fits(cell.text, width=cell_width, height=row_height, size=size):
                            problems.append(f"{where} cell does not fit: {cell.text!r}")
                        problems += [f"{where} cell: {w}" for w in machine_words(cell.text)]
                if shape.top + sum(r.height for r in table.rows) > height:
                    problems.append(f"{where} table runs off the slide")
            if shape.has_chart:
                chart = shape.chart
                words = [str(c) for c in chart.plots[0].categories] + [s.name for s in chart.plots[0].series]
                problems += [f"{where} chart: {w}" for t in words for w in machine_words(t)]
    return problems


# -- the workbook ------------------------------------------------------------------------------------------------
def _cells(path: Path) -> list[tuple[str, str]]:
    import openpyxl

    book = openpyxl.load_workbook(path, read_only=True)
    found = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows(values_only=True):
            for value in row:
                if isinstance(value, str):
                    found.append((sheet.title, value))
                elif isinstance(value, float) and (value != value or value in (float("inf"), float("-inf"))):
                    found.append((sheet.title, "nan" if value != value else "inf"))
    return found


def workbook_problems(
    path: Path, truth: pd.DataFrame, codebook: Codebook, *, pairs: dict[str, int] | None = None
) -> list[str]:
    """Machine words in the workbook, and every count that differs from the truth.

    Parameters
    ----------
    truth
        Items × answers: how many respondents of the workbook's type gave each answer
        (:func:`tests.scenarios.library.truth`).
    pairs
        Item id → the number of municipalities where both types answered the item (無回答 in neither), or
        ``None`` when the year has no pairs to compare.
    """
    from jusolib.analysis.tables import sheet_name
    from jusolib.core.wording import sheet_label
    from jusolib.outputs.workbook import read_table as read_sheet

    def read_table(path: Path, key: str) -> pd.DataFrame:
        """The sheet of a table by its key (issue 22: sheets are named for a reader, 「I 回答の分布」)."""
        return read_sheet(path, sheet_name(sheet_label(key)))

    problems = [f"{sheet}: {w}" for sheet, text in _cells(path) for w in machine_words(text)]
    no_answer = codebook.no_answer_label
    for section in codebook.sections.index:
        shares = read_table(path, f"{section}_分布_含")
        positive = read_table(path, f"{section}_肯定的回答")
        for item in codebook.item_ids(section):
            label = codebook.item(item)["label"]
            expected = truth.loc[item] if item in truth.index else pd.Series(dtype=int)
            n = int(expected.sum())
            row = shares.loc[label]
            if int(row["n"]) != n:
                problems.append(f"{section} {label}: n {row['n']} ≠ {n}")
                continue
            for answer in [*codebook.scale_of(item).labels, no_answer]:
                want = int(expected.get(answer, 0))
                share = row.get(answer)
                got = 0 if share is None or pd.isna(share) else round(float(share) * n / 100)
                if got != want:
                    problems.append(f"{section} {label} {answer}: {got} ≠ {want} (share {share}, n {n})")
            positives = sum(int(expected.get(a, 0)) for a in codebook.scale_of(item).positive)
            if int(positive.at[label, "件数"]) != positives:
                problems.append(f"{section} {label} 肯定的回答: {positive.at[label, '件数']} ≠ {positives}")
        if pairs is not None:
            table = read_table(path, f"{section}_自治体社協_差")
            for item in codebook.item_ids(section):
                label = codebook.item(item)["label"]
                got = int(table.at[label, "比較した組"]) if label in table.index else 0
                if got != pairs.get(item, 0):
                    problems.append(f"{section} {label} 比較した組: {got} ≠ {pairs.get(item, 0)}")
    return problems


def pairs_truth(answers: pd.DataFrame, codebook: Codebook) -> dict[str, int] | None:
    """Item id → municipalities where both types answered the item (neither 無回答); ``None`` without pairs."""
    valid = answers[answers["answer"] != codebook.no_answer_label]
    both = set(answers.loc[answers["respondent_type"] == "municipality", "muni_code"]) & set(
        answers.loc[answers["respondent_type"] == "council", "muni_code"]
    )
    if not both:
        return None
    counts = {}
    for item in codebook.item_ids():
        rows = valid[(valid["item_id"] == item) & valid["muni_code"].isin(both)]
        counts[item] = int((rows.groupby("muni_code")["respondent_type"].nunique() == 2).sum())
    return counts


# -- the pages ---------------------------------------------------------------------------------------------------
def page_problems(folder: Path) -> list[str]:
    """Machine words in what a reader reads on each HTML page of a rendered year (the provenance block aside)."""
    from bs4 import BeautifulSoup

    problems = []
    for page in sorted(folder.glob("*.html")):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for block in soup.select("footer, .provenance, script, style"):
            block.decompose()
        problems += [f"{page.name}: {w}" for w in machine_words(soup.get_text(" "))]
    return problems


# -- the pages, without a kernel ----------------------------------------------------------------------------------
def _shown_text(value: object) -> str:
    """What a notebook shows for a value: a table's page HTML as text, a sentence, nothing for a chart (drawn
    without error is what a chart must do; it is closed at once)."""
    import matplotlib.pyplot as plt

    if value is None:
        return ""
    if hasattr(value, "savefig"):
        plt.close(value)
        return ""
    if hasattr(value, "_repr_html_"):
        from bs4 import BeautifulSoup

        return BeautifulSoup(value._repr_html_(), "html.parser").get_text(" ")
    if isinstance(value, tuple):
        return " ".join(_shown_text(v) for v in value)
    return str(value)


def page_texts(report) -> dict[str, str]:
    """What the notebooks show, computed in this process: every table as its page HTML, every sentence, every
    chart drawn (and closed). The same calls as the notebooks make (``notebooks/*.ipynb``), so that a scenario
    can be checked for machine words and exceptions without starting a kernel per page.

    Returns
    -------
    dict
        Page → the text of everything it shows.
    """
    pages: dict[str, list[str]] = {}

    def show(page: str, *calls: Callable[[], object]) -> None:
        pages.setdefault(page, []).extend(_shown_text(call()) for call in calls)

    show(
        "00",
        report.survey_facts,
        report.respondent_list,
        report.respondents,
        report.implementation_counts,
        report.plot_implementation,
        report.plot_coordinators,
    )
    for s in report.sections():
        show(
            s,
            lambda s=s: report.plot_distribution(s),
            lambda s=s: report.distribution(s),
            lambda s=s: report.distribution(s, base="valid"),
            lambda s=s: report.positive(s),
            lambda s=s: report.section_summary(s),
            lambda s=s: report.plot_share_by_class(s),
            lambda s=s: report.crosstab(s),
            lambda s=s: report.significance(s),
            lambda s=s: report.difference_summary(s),
            lambda s=s: report.themes(s),
            lambda s=s: report.rule_check_summary(s),
            lambda s=s: report.themes_by_class(s),
            lambda s=s: report.theme_texts(s),
            lambda s=s: report.characteristic_words_html(s),
            lambda s=s: report.plot_cooccurrence(s),
            lambda s=s: report.free_text_answers(s),
        )
    show("III", report.no_answer_reasons)
    if report.comparison is not None:
        show("04", *(lambda s=s: report.plot_year_over_year(s) for s in report.sections()))
        show("04", report.year_over_year, lambda: report.detectable_summary(panel=True))
    show("05", report.paired_summary, report.paired_disagreements)
    if report.paired_available:
        for s in report.sections():
            show(
                "05",
                lambda s=s: report.plot_paired(s),
                lambda s=s: report.paired_gaps(s),
                lambda s=s: report.paired_agreement(s),
                lambda s=s: report.paired_difference(s),
                lambda s=s: report.detectable_paired_sentence(s),
            )
    if report.published_check() is not None:
        show("90", report.published_summary, report.published_check)
    show(
        "91",
        report.quality_status,
        report.quality_files,
        report.quality_rules,
        report.quality_rejections,
        report.quality_respondents,
        report.quality_warnings,
        report.quality_personal_data,
    )
    show("92", report.methods_overview, report.detectable, report.indices)
    return {page: " ".join(texts) for page, texts in pages.items()}
