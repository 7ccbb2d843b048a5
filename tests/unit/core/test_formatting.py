from decimal import Decimal

import pytest

from jusolib.core.formatting import (
    format_n,
    format_p,
    format_percent,
    format_points,
    format_share,
    is_small_base,
    percent,
    round_half_up,
)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (12.25, "12.3"),
        (0.05, "0.1"),
        (0.049, "0.0"),
        (82.6086, "82.6"),
        (2.675, "2.7"),
        (-0.05, "-0.1"),
        (99.95, "100.0"),
    ],
)
def test_round_half_up_on_the_written_decimal(value, expected):
    assert str(round_half_up(value)) == expected


def test_python_round_would_differ():
    assert round(12.25, 1) == 12.2  # banker's rounding — the reason round_half_up exists
    assert round_half_up(12.25) == Decimal("12.3")


def test_percent_is_exact():
    assert percent(49, 400) == Decimal("12.3")  # 12.25 exactly
    assert percent(19, 23) == Decimal("82.6")  # 82.6086…
    assert percent(13, 23) == Decimal("56.5")  # 56.5217…
    assert percent(1, 8) == Decimal("12.5")


def test_zero_cases_are_a_dash_and_tiny_shares_are_zero_point_zero():
    assert format_percent(0, 23) == "−"
    assert format_percent(1, 5000) == "0.0"
    assert format_percent(23, 23) == "100.0"


def test_points_and_n():
    assert format_points(12.25) == "+12.3ポイント"
    assert format_points(-3.0) == "-3.0ポイント"
    assert format_points(0.04) == "±0.0ポイント"
    assert format_n(23) == "n=23"


def test_small_base_under_ten():
    assert is_small_base(9) and not is_small_base(10)


def test_share_of_nothing():
    assert format_share(None) == "−" and format_share(float("nan")) == "−"


@pytest.mark.parametrize(
    ("p", "expected"),
    [
        (0.8893, "0.889"),  # four decimals before: one rule now
        (1.0, "1.000"),  # the table said 1.0 and the text 1.000
        (0.0004, "<0.001"),  # was printed 0.000
        (0.0496, "<0.050"),  # significant, so never written as 0.050
        (0.05, "0.050"),  # not below alpha: not significant, written as is
        (0.0495, "<0.050"),
        (0.0494, "0.049"),
        (0.2345, "0.235"),  # half up, not to even
    ],
)
def test_one_p_value_format(p, expected):
    assert format_p(p) == expected


def test_difference_points_exact_then_rounded_once():
    from jusolib.core.formatting import difference_points

    # 1/5 → 5/16: 25/80 − 16/80 = 9/80 = 0.1125 → 11.25 points exactly → half up 11.3
    assert str(difference_points((1, 5), (5, 16))) == "11.3"
    # 1/8 → 3/8: 25.0 exactly; 2/3 → 1/3: −33.33… → −33.3
    assert (
        str(difference_points((1, 8), (3, 8))) == "25.0" and str(difference_points((2, 3), (1, 3))) == "-33.3"
    )


def test_p_text():
    from jusolib.core.formatting import p_text

    assert [p_text(p) for p in (0.0496, 0.0004, 0.2)] == ["p<0.050", "p<0.001", "p=0.200"]


def test_a_value_rounded_to_zero_has_no_sign():
    from jusolib.core.formatting import format_number

    assert format_share(-0.04) == "0.0" and format_share(-0.049) == "0.0"
    assert format_share(-0.05) == "-0.1"  # half up: away from zero
    assert format_number(-0.0004, 3) == "0.000" and format_number(-0.0005, 3) == "-0.001"
    assert format_number(-0.4, 0) == "0" and format_number(1234.5, 0) == "1,235"
