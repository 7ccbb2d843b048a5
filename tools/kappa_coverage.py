"""Measure how often the weighted-κ intervals of the 05 page cover the true κ at the survey's size.

Each of FY2024's paired tables (自治体 × 社協, one per item) is taken as the truth: samples of n pairs are drawn
from its cell shares, and the share of samples whose interval contains the table's κ is counted, for the BCa
bootstrap interval the reports show (:func:`jusolib.stats.agreement.agreement_bootstrap`, its default number of
resamples) and for the large-sample κ ± z·SE (:func:`jusolib.stats.agreement.weighted_kappa`).

    .venv/bin/python tools/kappa_coverage.py --replicates 1000

It prints one line per item and size and the range over the items (about four minutes at 1,000 replicates on
one core). Samples where an interval is undefined count as not covering. The pages state the measured range.
"""

from __future__ import annotations

import argparse

import numpy as np

from jusolib import YearReport
from jusolib.stats.agreement import (
    agreement_bootstrap,
    agreement_coefficients,
    quadratic_weights,
    weighted_kappa,
)
from jusolib.stats.paired import pair_answers


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replicates", type=int, default=1000)
    parser.add_argument("--sizes", type=int, nargs="+", default=[23, 30])
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    report = YearReport.load(2024)
    pairs = pair_answers(report.all_responses, codebook=report.codebook)
    pairs = pairs[pairs["complete"]]
    rng = np.random.default_rng(args.seed)
    coverage: dict[str, list[float]] = {"BCa": [], "Wald": []}
    for item, part in pairs.groupby("item_id", sort=False):
        scale = report.codebook.scale_of(item)
        labels, scores = list(scale.labels), [o.score for o in scale.options]
        table = np.zeros((len(labels), len(labels)))
        for a, b in zip(part["first"], part["second"], strict=True):
            table[labels.index(a), labels.index(b)] += 1
        truth = float(agreement_coefficients(table, quadratic_weights(scores))[0])
        for n in args.sizes:
            hits = {"BCa": 0, "Wald": 0}
            for replicate in range(args.replicates):
                sample = rng.multinomial(n, (table / table.sum()).ravel()).reshape(table.shape)
                bca = agreement_bootstrap(sample, scores, seed=replicate)
                wald = weighted_kappa(sample, scores)
                hits["BCa"] += bool(bca.kappa_low <= truth <= bca.kappa_high)
                hits["Wald"] += bool(wald.ci_low <= truth <= wald.ci_high)
            shares = {k: v / args.replicates for k, v in hits.items()}
            for k, v in shares.items():
                coverage[k].append(v)
            print(
                f"{item:32} n={n:3}  κ={truth:+.3f}  BCa {shares['BCa']:.3f}  κ±z·SE {shares['Wald']:.3f}",
                flush=True,
            )
    for k, values in coverage.items():
        print(f"{k}: {min(values):.3f}–{max(values):.3f} (median {float(np.median(values)):.3f})")


if __name__ == "__main__":
    main()
