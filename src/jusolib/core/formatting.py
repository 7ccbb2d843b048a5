"""Japanese survey-report number formatting.

* Percentages to one decimal place, **rounded half up** (12.25 → 12.3; Python's ``round`` would give 12.2).
* 「0.0」 when a share is above zero but below the display unit; 「−」 when there is none at all.
* Differences in ポイント; bases written 「n=23」; 参考値 marked for small bases.

Examples
--------
>>> percent(19, 23)
Decimal('82.6')
>>> format_percent(19, 23), format_percent(0, 23), format_percent(1, 20000)
('82.6', '−', '0.0')
>>> format_points(3.25), format_points(-0.04), format_n(23)
('+3.3ポイント', '±0.0ポイント', 'n=23')
>>> format_p(0.8893), format_p(1.0), format_p(0.0004)
('0.889', '1.000', '<0.001')
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from jusolib.core.docstrings import shared_parameters

#: Mark used for a cell with no cases at all (全角ダッシュ as in Japanese statistical tables).
NONE_MARK = "−"
#: Bases below this are marked 参考値.
SMALL_BASE = 10
SMALL_BASE_MARK = "参考値"
POINTS = "ポイント"
#: Significance level of every test in the reports (adjusted p below it is called 有意).
ALPHA = 0.05


def round_half_up(value: float | Decimal | int, digits: int = 1) -> Decimal:
    """Round half up (away from zero at exactly .5), on the decimal value as written.

    Floats are converted through their shortest representation, so ``12.25`` rounds to ``12.3``.

    Parameters
    ----------
    value
        A number: an int, a float (numpy floats too) or a :class:`~decimal.Decimal`.
    digits
        Decimal places kept (default 1; 0 rounds to a whole number).

    Returns
    -------
    Decimal
        The rounded value, with exactly ``digits`` decimal places.

    Examples
    --------
    >>> round_half_up(12.25), round_half_up(0.05), round_half_up(82.6086), round_half_up(-0.05)
    (Decimal('12.3'), Decimal('0.1'), Decimal('82.6'), Decimal('-0.1'))
    >>> round_half_up(2.5, 0)
    Decimal('3')
    """
    if isinstance(value, Decimal):
        exact = value
    elif isinstance(value, int) and not isinstance(value, bool):
        exact = Decimal(value)
    else:
        exact = Decimal(repr(float(value)))  # numpy floats too: their repr is not a plain number
    return exact.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)


@shared_parameters
def percent(count: int, base: int, digits: int = 1) -> Decimal:
    """``count / base`` in percent, computed exactly and rounded half up.

    Parameters
    ----------
    count
        How many of the base (e.g. respondents who answered あてはまる).
    base
        The base n, a positive whole number.

    Returns
    -------
    Decimal
        The percentage with ``digits`` decimal places.

    Raises
    ------
    ValueError
        If ``base`` is not positive.

    Examples
    --------
    >>> percent(1, 8), percent(1, 3), percent(2, 3)
    (Decimal('12.5'), Decimal('33.3'), Decimal('66.7'))
    >>> percent(49, 400, digits=1)  # 12.25 exactly
    Decimal('12.3')
    """
    if base <= 0:
        raise ValueError(f"a percentage needs a positive base, got n={base}")
    return round_half_up(Decimal(int(count)) * 100 / Decimal(int(base)), digits)


@shared_parameters
def format_percent(count: int, base: int, digits: int = 1) -> str:
    """A percentage for a report cell: 「−」 for no cases, 「0.0」 when positive but under the display unit.

    Parameters
    ----------
    count
        How many of the base.
    base
        The base n; a base of 0 (nobody to count) gives 「−」 too.

    Returns
    -------
    str
        The percentage without the % sign (``"56.5"``), or 「−」.

    Examples
    --------
    >>> format_percent(13, 23), format_percent(0, 5), format_percent(1, 3000)
    ('56.5', '−', '0.0')
    """
    if base <= 0:
        return NONE_MARK
    if count == 0:
        return NONE_MARK
    return f"{percent(count, base, digits):.{digits}f}"


@shared_parameters
def format_share(share: float | None, digits: int = 1) -> str:
    """A share already in percent (e.g. a mean or an interval bound) to report precision; ``None`` → 「−」.

    Parameters
    ----------
    share
        A percentage (62.45 for 62.45 %), ``None`` or NaN.

    Returns
    -------
    str
        The rounded share without the % sign; a value that rounds to zero has no sign (「0.0」).

    Examples
    --------
    >>> format_share(62.45), format_share(None), format_share(-0.04), format_share(-0.05)
    ('62.5', '−', '0.0', '-0.1')
    """
    if share is None or share != share:  # None or NaN
        return NONE_MARK
    return f"{_unsigned_zero(round_half_up(share, digits)):.{digits}f}"


def _unsigned_zero(rounded: Decimal) -> Decimal:
    """A value rounded to zero loses its sign: −0.04 is 「0.0」, never 「-0.0」."""
    return abs(rounded) if rounded == 0 else rounded


@shared_parameters
def format_number(value: float, digits: int) -> str:
    """A number with fixed decimals, thousands separated, rounded half up; a value that rounds to zero is 「0.000」,
    never 「-0.000」 (statistics and effect sizes in tables).

    Parameters
    ----------
    value
        The number (a statistic, an effect size, a count).

    Returns
    -------
    str
        The number with ``digits`` decimals and ``,`` between thousands.

    Examples
    --------
    >>> format_number(-0.0004, 3), format_number(0.0125, 3), format_number(-1234.5, 0), format_number(-0.25, 1)
    ('0.000', '0.013', '-1,235', '-0.3')
    """
    return f"{_unsigned_zero(round_half_up(value, digits)):,.{digits}f}"


@shared_parameters
def format_points(difference: float, digits: int = 1) -> str:
    """A difference between two percentages in ポイント, with its sign.

    Parameters
    ----------
    difference
        The difference in percentage points (later − earlier, or this group − that group).

    Returns
    -------
    str
        ``+`` or ``-`` and the rounded difference followed by ポイント; 「±0.0ポイント」 when it rounds to zero.

    Examples
    --------
    >>> format_points(12.25), format_points(-4.0), format_points(0.0)
    ('+12.3ポイント', '-4.0ポイント', '±0.0ポイント')
    """
    rounded = round_half_up(difference, digits)
    sign = "±" if rounded == 0 else "+" if rounded > 0 else "-"
    return f"{sign}{abs(rounded):.{digits}f}{POINTS}"


def format_n(n: int) -> str:
    """A base as written under Japanese tables: ``n=23`` (thousands separated).

    Parameters
    ----------
    n
        The number of respondents (or answers) in the base.

    Returns
    -------
    str
        ``n=`` and the number.

    Examples
    --------
    >>> format_n(23), format_n(1741)
    ('n=23', 'n=1,741')
    """
    return f"n={int(n):,}"


def is_small_base(n: int) -> bool:
    """True if a base is too small to read as more than a reference value (参考値: n < 10).

    Parameters
    ----------
    n
        The base of a share.

    Returns
    -------
    bool
        True below :data:`SMALL_BASE` (10).

    Examples
    --------
    >>> is_small_base(9), is_small_base(10)
    (True, False)
    """
    return int(n) < SMALL_BASE


@shared_parameters
def format_p(p: float | None, *, alpha: float = ALPHA) -> str:
    """A p-value as every table and sentence of the reports writes it: three decimals, 「<0.001」 below that.

    Rounded half up, except that a p below ``alpha`` is never written as ``alpha`` itself: 0.0496 would
    round to 0.050, which reads as not significant, so it is written 「<0.050」. ``None``/NaN → 「−」.

    Parameters
    ----------
    p
        The p-value (adjusted where the table adjusts), ``None`` or NaN when no test was made.

    Returns
    -------
    str
        ``"0.049"``, ``"<0.050"``, ``"<0.001"`` or 「−」.

    Examples
    --------
    >>> format_p(0.0496), format_p(0.05), format_p(0.0494), format_p(0.00099), format_p(0.001)
    ('<0.050', '0.050', '0.049', '<0.001', '0.001')
    >>> format_p(float("nan"))
    '−'
    """
    if p is None or p != p:
        return NONE_MARK
    if p < 0.001:
        return "<0.001"
    rounded = round_half_up(p, 3)
    if p < alpha and rounded >= round_half_up(alpha, 3):
        return f"<{round_half_up(alpha, 3):.3f}"
    return f"{rounded:.3f}"


@shared_parameters
def difference_points(first: tuple[int, int], second: tuple[int, int], digits: int = 1) -> Decimal:
    """``second − first`` of two shares given as (count, base), in ポイント: exact, then rounded half up once.

    Subtracting two rounded or floating-point percentages can land on the wrong side of a half:
    1/5 → 5/16 is exactly 11.25 points, which rounds half up to 11.3, while 31.25 − 20.0 in floating point is
    11.249999… and would show 11.2.

    Parameters
    ----------
    first, second
        The two shares as ``(count, base)``, e.g. the previous year's and this year's; both bases positive.

    Returns
    -------
    Decimal
        The difference in percentage points, positive when ``second`` is the larger share.

    Raises
    ------
    ValueError
        If a base is not positive.

    Examples
    --------
    >>> difference_points((1, 5), (5, 16)), difference_points((5, 16), (1, 5)), difference_points((1, 2), (1, 2))
    (Decimal('11.3'), Decimal('-11.3'), Decimal('0.0'))
    """
    (k1, n1), (k2, n2) = first, second
    if n1 <= 0 or n2 <= 0:
        raise ValueError(f"a difference of shares needs positive bases, got n={n1} and n={n2}")
    exact = Decimal(int(k2) * int(n1) - int(k1) * int(n2)) * 100 / Decimal(int(n1) * int(n2))
    return round_half_up(exact, digits)


@shared_parameters
def p_text(p: float | None, *, alpha: float = ALPHA) -> str:
    """A p-value inside a sentence: 「p=0.012」, 「p<0.001」 (the same digits as :func:`format_p`).

    Parameters
    ----------
    p
        The p-value, ``None`` or NaN.

    Returns
    -------
    str
        ``p=`` or ``p<`` and the digits (「p=−」 when there is no p).

    Examples
    --------
    >>> p_text(0.0123), p_text(0.0004), p_text(0.0496)
    ('p=0.012', 'p<0.001', 'p<0.050')
    """
    shown = format_p(p, alpha=alpha)
    return f"p{shown}" if shown.startswith("<") else f"p={shown}"
