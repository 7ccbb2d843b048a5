"""Free-text themes: tokenise and code all free text of a fiscal year, after the analyser is loaded.

Prints the one-off costs (importing SudachiPy and loading its dictionary, loading and checking the coding rules)
and the median time of tokenising and coding every 「具体的な内容」 answer of FY2024 (both respondent types, all
items) with the FY2024 rules. Target: < 1 s for the year once the analyser is loaded.
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
    from jusolib.analysis.coding import analyser_description, load_analyser, tokenize

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


if __name__ == "__main__":
    main()
