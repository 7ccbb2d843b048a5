"""Whether a section's items hang together well enough for their mean to be read as one index.

A section index (:func:`jusolib.stats.score.section_indices`) averages a respondent's answers over the section's
items. That is one number only if the items measure much the same thing; Cronbach's α says how far they do:

    α = k/(k − 1) · (1 − Σᵢ sᵢ² / s²_total),

with k items, sᵢ² the variance of item i and s²_total the variance of the respondents' sums (sample variances,
n − 1; Cronbach 1951, *Psychometrika* 16:297–334). It is computed on the respondents who answered every item
(complete cases). α near 1: the items rise and fall together; below about 0.7 the index mixes things that do
not go together; α can be negative when items pull in opposite directions.

Examples
--------
>>> cronbach_alpha([[2, 2], [1, 1], [0, 0]])  # two items always equal: α = 1
1.0
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike


@dataclass(frozen=True)
class Reliability:
    """Cronbach's α with the number of complete respondents and of items it rests on."""

    alpha: float
    n: int
    items: int


def cronbach_alpha(scores: ArrayLike) -> float:
    """Cronbach's α of a respondents × items matrix of scores (rows with a missing score left out; NaN when
    fewer than two items, two complete respondents, or no variation in the sums).

    Parameters
    ----------
    scores
        Respondents × items (NaN for an item a respondent did not answer).

    Returns
    -------
    float
        Cronbach's α.

    Examples
    --------
    >>> round(cronbach_alpha([[2, 1], [1, 2], [0, 0]]), 4)  # worked in the tests: 2·(1 − 2/3) = 0.6667
    0.6667
    """
    return reliability(scores).alpha


def reliability(scores: ArrayLike) -> Reliability:
    """:func:`cronbach_alpha` with the complete respondents and items it used.

    Parameters
    ----------
    scores
        Respondents × items (NaN for an item a respondent did not answer).

    Returns
    -------
    Reliability
        α, the complete respondents and the items it rests on.

    Examples
    --------
    >>> reliability([[2, 1], [1, float("nan")], [0, 0], [1, 2]])  # the second respondent left out
    Reliability(alpha=0.666666666667, n=3, items=2)
    """
    matrix = np.asarray(scores, dtype=float)
    if matrix.ndim != 2:
        raise ValueError(f"expected respondents × items, got shape {matrix.shape}")
    complete = matrix[~np.isnan(matrix).any(axis=1)]
    n, k = complete.shape
    if k < 2 or n < 2:
        return Reliability(math.nan, n, k)
    total = complete.sum(axis=1).var(ddof=1)
    if total == 0:
        return Reliability(math.nan, n, k)
    alpha = k / (k - 1) * (1 - complete.var(axis=0, ddof=1).sum() / total)
    return Reliability(round(float(alpha), 12), n, k)
