"""Computations of the funders' figures that need no database: periods, rates, medians, age bands.

``tests/test_reports_math.py`` tests them without Odoo; the indicator engine and the funder pack call them.
"""

import statistics
from datetime import date

from .housing_math import add_months, month_end

#: age bands of minors used by the State's resorption platform: (first age, last age, figure key)
AGE_BANDS = (
    (0, 2, "minors_0_2"),
    (3, 5, "minors_3_5"),
    (6, 11, "minors_6_11"),
    (12, 15, "minors_12_15"),
    (16, 17, "minors_16_17"),
)
#: exit destinations that count as permanent housing (a sliding lease taken over is one)
PERMANENT_DESTINATIONS = ("permanent_housing", "sliding_lease")

PERIOD_MONTH, PERIOD_QUARTER, PERIOD_YEAR, PERIOD_CUSTOM = "month", "quarter", "year", "custom"


def period_bounds(kind, year, month=1, quarter=1):
    """First and last day of a month, a quarter or a year: ``(date_from, date_to)``."""
    if kind == PERIOD_MONTH:
        first = date(year, month, 1)
        return first, month_end(first)
    if kind == PERIOD_QUARTER:
        first = date(year, 3 * (quarter - 1) + 1, 1)
        return first, month_end(add_months(first, 2))
    if kind == PERIOD_YEAR:
        return date(year, 1, 1), date(year, 12, 31)
    raise ValueError(f"unknown period kind {kind!r}")


def period_days(date_from, date_to):
    """Days of the period, both ends included."""
    return (date_to - date_from).days + 1


def rate(part, whole, digits=4):
    """``part / whole`` rounded (0 when there is nothing to divide): rates are between 0 and 1."""
    return round(part / whole, digits) if whole else 0.0


def median(values):
    """The median of ``values`` (0 when empty), as PostgreSQL's ``percentile_cont(0.5)`` gives it."""
    values = list(values)
    return float(statistics.median(values)) if values else 0.0


def average(values, digits=1):
    values = list(values)
    return round(sum(values) / len(values), digits) if values else 0.0


def age_band(age):
    """The figure key of a minor's age band, ``None`` for an adult (a child not yet born: the first band)."""
    for _first, last, key in AGE_BANDS:
        if age <= last:
            return key
    return None
