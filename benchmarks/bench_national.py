"""National scale: a synthetic survey the size of a national one through read → clean → score → one cross-tab.

1,741 municipalities (a synthetic reference table with valid 団体コード, names, types and populations) × 2
respondent types × 10 fiscal years (FY2019–FY2028), returns written as real ones arrive (labels mixed with option
numbers and full-width digits, 無回答 written several ways, some free text). The pipeline — build the processed
data (read, clean, write), load it, positive shares of every item, one cross-tab by population band — is timed
against `pandas.read_csv` of the same raw files, at three sizes, each in a fresh process so that peak memory is
the pipeline's own. Each stage is timed; the target compares cleaning (clean_tables: normalise, resolve,
recode, validate, log, tidy) with read_csv of the same files, and reports read + clean, scoring, the cross-tab
and the full build that also writes data/processed. Targets: cleaning ≤ 3 × read_csv; peak memory ≤ 500 MB.

Usage: python bench_national.py [--sizes 435,870,1741]
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import REPO, machine, verdict

TIME_TARGET = 3.0
MEMORY_TARGET_MB = 500
YEARS = list(range(2019, 2029))
SEED = 1741


def make_data(root: Path, n: int) -> None:
    """Write a synthetic national data directory with ``n`` municipalities."""
    import numpy as np
    import pandas as pd

    from jusolib.survey.codebook import codebook_path
    from jusolib.survey.reference import check_digit

    rng = np.random.default_rng(SEED)
    reference = root / "raw" / "reference"
    reference.mkdir(parents=True)
    for name in ("variant_characters.csv", "context_series.csv", "sources.csv"):
        shutil.copy(REPO / "data" / "raw" / "reference" / name, reference / name)
    codes5 = [f"{1 + i // 60:02d}{200 + i % 60 * 3:03d}" for i in range(n)]  # 47 prefectures × up to 60
    codes6 = [c + str(check_digit(c)) for c in codes5]
    kinds = rng.choice(["市", "町", "村"], size=n, p=[0.45, 0.42, 0.13])
    names = [f"合成{i:04d}{k}" for i, k in enumerate(kinds)]
    kana = [f"ゴウセイ{i:04d}" for i in range(n)]
    population = (10 ** rng.uniform(3, 6.3, size=n)).astype(int)
    pd.DataFrame(
        {
            "code6": codes6,
            "code5": codes5,
            "name": names,
            "kana": kana,
            "type": kinds,
            "pop_tmg_estimate_2022_01_01": population,
            "pop_census_2020": population,
        }
    ).to_csv(reference / "tokyo_municipalities.csv", index=False)
    status = pd.DataFrame(
        [(y, c, nm, "実施", "synthetic") for y in YEARS for c, nm in zip(codes6, names, strict=True)],
        columns=["fiscal_year", "code6", "name", "status", "source_id"],
    )
    status.to_csv(reference / "implementation_status.csv", index=False)

    codebooks = root / "raw" / "codebook"
    codebooks.mkdir(parents=True)
    template = codebook_path(2024).read_text(encoding="utf-8")
    from jusolib.survey.codebook import load_codebook

    book = load_codebook(2024)
    headings = ["区市町村名", "回答主体", "調査年度"]
    for item_id in book.item_ids():
        headings += [book.item(item_id)["column"], book.item(item_id)["free_text_column"]]
    spellings = {
        3: [
            "あてはまる",
            "1",
            "１",
            "当てはまる",
            "どちらともいえない",
            "2",
            "あてはまらない",
            "3",
            "",
            "無回答",
        ],
        4: [
            "とてもあてはまる",
            "1",
            "あてはまる",
            "2",
            "２",
            "あてはまらない",
            "3",
            "全くあてはまらない",
            "4",
            "",
        ],
    }
    for year in YEARS:
        (codebooks / f"FY{year}.yaml").write_text(
            template.replace("fiscal_year: 2024", f"fiscal_year: {year}"), encoding="utf-8"
        )
        folder = root / "raw" / "survey" / f"FY{year}"
        folder.mkdir(parents=True)
        (folder / "MANIFEST.yaml").write_text(
            f"fiscal_year: {year}\ndata_status: synthetic\n", encoding="utf-8"
        )
        rows = 2 * n
        columns = {
            "区市町村名": names * 2,
            "回答主体": ["自治体"] * n + ["社協"] * n,
            "調査年度": [f"R{year - 2018}"] * rows,
        }
        for item_id in book.item_ids():
            options = spellings[len(book.scale_of(item_id).options)]
            columns[book.item(item_id)["column"]] = rng.choice(options, size=rows)
            text = np.where(rng.random(rows) < 0.2, "研修を通じて連携が進んだ", "")
            columns[book.item(item_id)["free_text_column"]] = text
        pd.DataFrame(columns)[headings].to_csv(folder / f"returns_FY{year}.csv", index=False)


def run_read(root: Path) -> dict[str, float]:
    """The baseline: pandas.read_csv of every raw file."""
    import pandas as pd

    start = time.perf_counter()
    for path in sorted(root.glob("raw/survey/FY*/*.csv")):
        pd.read_csv(path)
    return {"read_csv": time.perf_counter() - start}


def run_pipeline(root: Path) -> dict[str, float]:
    """read → clean → score → one cross-tab per fiscal year, in memory, each stage timed."""
    from jusolib.clean.cleaner import clean_tables
    from jusolib.core.normalize import normalize_heading
    from jusolib.io.read import read_return
    from jusolib.stats.crosstab import crosstab
    from jusolib.stats.score import positive_share
    from jusolib.survey.codebook import load_codebook
    from jusolib.survey.reference import municipality_resolver
    from jusolib.survey.schemes import add_size_class

    stages = dict.fromkeys(("read", "clean", "score", "crosstab"), 0.0)
    resolver = municipality_resolver(root)

    def timed(stage: str, fn, *args, **kwargs):
        start = time.perf_counter()
        result = fn(*args, **kwargs)
        stages[stage] += time.perf_counter() - start
        return result

    def read_all(files: list[Path], keys: set[str]) -> list:
        return [table for path in files for table in read_return(path, keys)]

    def one_crosstab(data, book):
        return crosstab(
            add_size_class(data, data_dir=root), item="out_hubs", by="population_band", codebook=book
        )

    for year in YEARS:
        book = load_codebook(year, root)
        keys = {normalize_heading(h) for h in book.column_headings("municipality")}
        files = sorted((root / "raw" / "survey" / f"FY{year}").glob("*.csv"))
        tables = timed("read", read_all, files, keys)
        data = timed("clean", clean_tables, tables, book, fiscal_year=year, resolver=resolver).responses
        timed("score", positive_share, data, codebook=book)
        timed("crosstab", one_crosstab, data, book)
    return stages


def run_build(root: Path) -> dict[str, float]:
    """The same through the files an analyst gets: build_fiscal_year (writes data/processed) and load_responses."""
    from jusolib.clean.pipeline import build_fiscal_year, load_responses

    start = time.perf_counter()
    for year in YEARS:
        build_fiscal_year(year, root)
        load_responses(year, data_dir=root)
    return {"build_and_load": time.perf_counter() - start}


MODES = {"read_csv": run_read, "pipeline": run_pipeline, "build": run_build}


def child(mode: str, root: Path) -> None:
    """Run one mode in this (fresh) process; print its stage times and peak memory as JSON."""
    import pandas  # noqa: F401 - imports are not part of the measured work

    if mode != "read_csv":
        import jusolib.clean.cleaner
        import jusolib.clean.pipeline
        import jusolib.stats.crosstab
        import jusolib.survey.schemes  # noqa: F401
    result = MODES[mode](root)
    result["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(result))


def measure(mode: str, root: Path) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, "--child", mode, str(root)], check=True, capture_output=True, text=True
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="435,870,1741")
    parser.add_argument("--child", nargs=2, metavar=("MODE", "ROOT"))
    args = parser.parse_args()
    if args.child:
        child(args.child[0], Path(args.child[1]))
        return
    print("national scale —", machine())
    results = []
    for n in [int(s) for s in args.sizes.split(",")]:
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp) / "data"
            make_data(root, n)
            measure("read_csv", root)  # warm the file cache
            runs = [(measure("read_csv", root), measure("pipeline", root)) for _ in range(3)]
            read = sorted(runs, key=lambda r: r[0]["read_csv"])[1][0]
            pipeline = sorted(runs, key=lambda r: r[1]["clean"])[1][1]
            build = measure("build", root)
        rows = 2 * n * len(YEARS)
        ratio = pipeline["clean"] / read["read_csv"]
        results.append((n, rows, read, pipeline, build, ratio))
        print(f"  {n:5d} municipalities × 2 types × 10 years = {rows:6d} return rows ({rows * 27:,} answers)")
        print(
            f"        pandas.read_csv {read['read_csv']:5.2f} s | jusolib read {pipeline['read']:5.2f} s, clean "
            f"{pipeline['clean']:5.2f} s, score {pipeline['score']:5.2f} s, cross-tab {pipeline['crosstab']:5.2f} s "
            f"| clean / read_csv = {ratio:.2f}, (read + clean) / read_csv = "
            f"{(pipeline['read'] + pipeline['clean']) / read['read_csv']:.2f}"
        )
        print(
            f"        peak memory: read → clean → score → cross-tab {pipeline['peak_mb']:.0f} MB; read_csv alone "
            f"{read['peak_mb']:.0f} MB; with the processed files written and loaded back "
            f"{build['build_and_load']:.2f} s, {build['peak_mb']:.0f} MB"
        )
    n, rows, read, pipeline, build, ratio = results[-1]
    print(f"  ratio cleaning / read_csv at {n} municipalities = {ratio:.2f}  {verdict(ratio, TIME_TARGET)}")
    peak = max(pipeline["peak_mb"], build["peak_mb"])
    print(
        f"  peak memory at {n} municipalities = {peak:.0f} MB  "
        f"{'OK' if peak <= MEMORY_TARGET_MB else 'MISSED'} (target ≤ {MEMORY_TARGET_MB} MB)"
    )
    if len(results) > 1:
        first, last = results[0], results[-1]
        size = last[1] / first[1]
        total = sum(last[3][k] for k in ("read", "clean", "score", "crosstab"))
        total0 = sum(first[3][k] for k in ("read", "clean", "score", "crosstab"))
        print(
            f"  growth: {size:.1f}× the rows took {last[3]['clean'] / first[3]['clean']:.1f}× the cleaning time and "
            f"{total / total0:.1f}× the whole in-memory pipeline (1.0× per unit of size = linear)"
        )


if __name__ == "__main__":
    main()
