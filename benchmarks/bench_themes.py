"""Free-text themes: tokenise and code all free text of a fiscal year, after the analyser is loaded; then the
characteristic words and the co-occurrence networks of the year.

Prints the one-off costs (importing SudachiPy and loading its dictionary, loading and checking the coding rules)
and the median time of tokenising and coding every 「具体的な内容」 answer of FY2024 (both respondent types, all
items) with the FY2024 rules. Target: < 1 s for the year once the analyser is loaded.

Then, for the FY2024 report (自治体, population bands; the data loaded before timing, a fresh report each run so
nothing is cached): the characteristic words of every section by size class and by answer (tokenising the texts,
counting writers, Fisher's test and the residual of every word) and the co-occurrence network of every section
(Jaccard edges and the seeded layout, anchored on no earlier year). Target: < 1 s together, once the analyser is
loaded. Drawing the network (matplotlib) is printed apart: it is the charts' cost, not the analysis'.
"""

from __future__ import annotations

import statistics
import time

from _common import machine

from jusolib.clean.pipeline import load_free_text

REPEAT = 5
TARGET = 1.0


def main() -> None:
    print("free-text themes —", machine())
    texts = load_free_text(2024)  # both respondent types
    start = time.perf_counter()
    from jusolib.analysis.coding import analyser_description
    from jusolib.text.morphology import load_analyser, tokenize

    load_analyser()
    loaded = time.perf_counter() - start
    from jusolib.analysis.coding import load_themes
    from jusolib.text.themes import code_free_text

    start = time.perf_counter()
    book = load_themes(2024)
    rules = time.perf_counter() - start
    runs = []
    for _ in range(REPEAT):
        start = time.perf_counter()
        coded = code_free_text(texts, book)
        runs.append(time.perf_counter() - start)
    tokens = sum(len(tokenize(t)) for t in texts["text"])
    median = statistics.median(runs)
    print(f"  analyser: {analyser_description()}")
    print(f"  import SudachiPy + load the dictionary     {loaded * 1000:7.1f} ms (once per process)")
    print(f"  load and check the FY2024 coding rules     {rules * 1000:7.1f} ms ({len(book.themes)} themes)")
    print(
        f"  tokenise and code all FY2024 free text     {median * 1000:7.1f} ms (median of {REPEAT}; "
        f"{len(texts)} texts, {tokens} tokens, {len(coded)} text–theme rows)"
    )
    verdict = "OK" if median < TARGET else "MISSED"
    print(f"  ratio to the 1 s target = {median / TARGET:.2f}  {verdict} (target < {TARGET:.0f} s)")
    words_and_networks()


def words_and_networks() -> None:
    """Characteristic words and co-occurrence networks of FY2024, once the analyser is loaded."""
    import matplotlib.pyplot as plt

    from jusolib.analysis.words import characteristic_words, cooccurrence, network_layout, plot_cooccurrence
    from jusolib.report import YearReport

    reports = [YearReport.load(2024) for _ in range(REPEAT + 1)]
    _ = reports[0].free_text  # the processed data read once before any timing
    keyness_runs, network_runs, draw_runs = [], [], []
    for report in reports[1:]:
        sections = report.sections()
        _ = report.free_text  # loading the texts is not the analysis
        start = time.perf_counter()
        for section in sections:
            characteristic_words(report, section, "class")
            characteristic_words(report, section, "answer")
        keyness_runs.append(time.perf_counter() - start)
        start = time.perf_counter()
        nodes = edges = 0
        for section in sections:
            net = cooccurrence(report, section)
            network_layout(report, section)
            nodes, edges = nodes + len(net.nodes), edges + len(net.edges)
        network_runs.append(time.perf_counter() - start)
        start = time.perf_counter()
        for section in sections:
            plt.close(plot_cooccurrence(report, section))
        draw_runs.append(time.perf_counter() - start)
    keyness_median, network_median = statistics.median(keyness_runs), statistics.median(network_runs)
    total = statistics.median(k + n for k, n in zip(keyness_runs, network_runs, strict=True))
    print(
        f"  characteristic words, 3 sections × 2 groupings  {keyness_median * 1000:7.1f} ms (median of {REPEAT}; "
        "tokenising the texts included)"
    )
    print(
        f"  co-occurrence networks and layouts, 3 sections {network_median * 1000:7.1f} ms "
        f"({nodes} nodes, {edges} edges)"
    )
    print(f"  drawing the 3 networks (matplotlib, apart)     {statistics.median(draw_runs) * 1000:7.1f} ms")
    verdict = "OK" if total < TARGET else "MISSED"
    print(
        f"  ratio to the 1 s target = {total / TARGET:.2f}  {verdict} (keyness and networks together, target < 1 s)"
    )


if __name__ == "__main__":
    main()
