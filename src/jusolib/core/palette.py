"""The report's colours and the synthetic-data stamp, shared by the matplotlib charts and the slides.

Kept apart from :mod:`jusolib.analysis.charts` so that the slide deck can use the same colours without importing
matplotlib.

Examples
--------
>>> answer_colours(["あてはまる", "どちらともいえない", "あてはまらない", "無回答"], ["あてはまる"])
['#1f4e8c', '#bdbdbd', '#b5541c', '#ececec']
"""

from __future__ import annotations

from collections.abc import Sequence

from jusolib.core.status import DataStatus

POSITIVE_COLOURS = ["#1f4e8c", "#6f9bd1"]
NEGATIVE_COLOURS = ["#e39b5b", "#b5541c"]
NEUTRAL_COLOUR = "#bdbdbd"
NO_ANSWER_COLOUR = "#ececec"
CLASS_COLOURS = ["#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02", "#a6761d"]
#: Fills dark enough that text on them is written in white.
DARK_COLOURS = (POSITIVE_COLOURS[0], NEGATIVE_COLOURS[1])
#: The colour of the 合成データ stamp and banner.
SYNTHETIC_COLOUR = "#b71c1c"
#: The stamp every chart and slide made from synthetic data carries.
SYNTHETIC_STAMP = str(DataStatus.SYNTHETIC.mark)


def answer_colours(answers: Sequence[str], positive: Sequence[str], no_answer: str = "無回答") -> list[str]:
    """Colours for answers in scale order: blues for positive, greys for neutral, oranges for negative.

    On a scale with an odd number of answers (無回答 not counted), the first answer that is not positive is the
    neutral middle (grey). The darkest blue goes to the first positive answer, the darkest orange to the last
    answer of the scale.

    Parameters
    ----------
    answers
        Answer labels in scale order (most positive first), 無回答 among them or not.
    positive
        The labels that count as positive (a scale's ``positive`` in the codebook).
    no_answer
        The label of 無回答, which gets a light grey.

    Returns
    -------
    list of str
        One hex colour (``"#1f4e8c"``) per answer, in the order given.

    Examples
    --------
    >>> answer_colours(["とてもあてはまる", "あてはまる", "あてはまらない", "全くあてはまらない"],
    ...                ["とてもあてはまる", "あてはまる"])
    ['#1f4e8c', '#6f9bd1', '#e39b5b', '#b5541c']
    """
    answers = list(answers)
    scale = [a for a in answers if a != no_answer]
    positives = [a for a in scale if a in positive]
    rest = [a for a in scale if a not in positive]
    colours = {}
    for i, a in enumerate(positives):
        colours[a] = POSITIVE_COLOURS[min(i, len(POSITIVE_COLOURS) - 1)]
    negatives = (
        rest[1:] if len(scale) % 2 == 1 and rest else rest
    )  # odd scales: the first non-positive is neutral
    if len(scale) % 2 == 1 and rest:
        colours[rest[0]] = NEUTRAL_COLOUR
    for i, a in enumerate(reversed(negatives)):
        colours[a] = NEGATIVE_COLOURS[::-1][min(i, len(NEGATIVE_COLOURS) - 1)]
    colours[no_answer] = NO_ANSWER_COLOUR
    return [colours[a] for a in answers]
