"""Answer colours: blues for positive answers, grey for the middle of an odd scale, oranges for negative."""

from jusolib.core.palette import (
    NEGATIVE_COLOURS,
    NEUTRAL_COLOUR,
    NO_ANSWER_COLOUR,
    POSITIVE_COLOURS,
    answer_colours,
)


def test_a_three_point_scale_has_a_neutral_middle():
    colours = answer_colours(["あてはまる", "どちらともいえない", "あてはまらない", "無回答"], ["あてはまる"])
    assert colours == [POSITIVE_COLOURS[0], NEUTRAL_COLOUR, NEGATIVE_COLOURS[1], NO_ANSWER_COLOUR]


def test_a_four_point_scale_has_two_shades_each_side_and_no_neutral():
    answers = ["とてもあてはまる", "あてはまる", "あてはまらない", "全くあてはまらない"]
    colours = answer_colours(answers, answers[:2])
    assert colours == [POSITIVE_COLOURS[0], POSITIVE_COLOURS[1], NEGATIVE_COLOURS[0], NEGATIVE_COLOURS[1]]
    assert NEUTRAL_COLOUR not in colours


def test_order_of_the_answers_given_is_kept():
    assert answer_colours(["無回答", "あてはまる"], ["あてはまる"]) == [NO_ANSWER_COLOUR, POSITIVE_COLOURS[0]]
