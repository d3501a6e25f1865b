"""Camp resorption and hotel shelter computations that need no database.

Models call these functions; ``tests/test_resorption_math.py`` tests them without Odoo.
"""

from datetime import timedelta

from .housing_math import add_months, month_start

#: Living-condition statuses from best to worst: the status of a domain is the worst of its answers.
CONDITION_STATUSES = ("good", "unknown", "to_improve", "bad")

#: Age bands of minors used by the State's resorption platform (upper bound excluded), then adults.
AGE_BANDS = (("0_2", 0, 3), ("3_5", 3, 6), ("6_11", 6, 12), ("12_15", 12, 16), ("16_17", 16, 18))
ADULT_BAND = "adult"


def worst_status(statuses):
    """The worst of ``statuses`` (``CONDITION_STATUSES`` keys); "unknown" when there is none."""
    ranked = [CONDITION_STATUSES.index(status) for status in statuses if status]
    return CONDITION_STATUSES[max(ranked)] if ranked else "unknown"


def answer_status(answer, good_answer, severity):
    """Status of one answer: "good" when it is the good answer, ``severity`` ("to_improve" or "bad") when it is
    the other one, "unknown" when the question was not answered."""
    if answer not in ("yes", "no"):
        return "unknown"
    return "good" if answer == good_answer else severity


def age_band(age):
    """Band of a person ``age`` years old: "0_2" … "16_17" for minors, "adult" from 18."""
    for band, low, high in AGE_BANDS:
        if low <= age < high:
            return band
    return ADULT_BAND


def meets_lasting_rule(lasting_persons, persons, numerator, denominator):
    """At least ``numerator``/``denominator`` of the ``persons`` have a lasting solution (exact, no rounding).

    A site with nobody censused is not resorbed by this rule.
    """
    if numerator < 0 or denominator <= 0 or numerator > denominator:
        raise ValueError("the lasting-solution fraction must be between 0 and 1")
    if persons <= 0:
        return False
    return lasting_persons * denominator >= numerator * persons


def nights_in_month(checkin, checkout, month):
    """Nights of a stay (arrival ``checkin``, departure ``checkout``; ``None``: still there) spent in the month of
    ``month``: a night counts in the month of its evening. An open stay counts every night of the month from its
    arrival."""
    first = month_start(month)
    after = add_months(first, 1)
    start = max(checkin, first)
    end = min(checkout, after) if checkout else after
    return max(0, (end - start).days)


def nights_between(checkin, checkout, date_from, date_to):
    """Nights of a stay whose evening falls in [``date_from``, ``date_to``]; an open stay runs to ``date_to``."""
    start = max(checkin, date_from)
    stop = date_to + timedelta(days=1)
    end = min(checkout, stop) if checkout else stop
    return max(0, (end - start).days)


def stays_overlap(checkin_a, checkout_a, checkin_b, checkout_b):
    """Two stays share a night (``None`` checkout: still there). Leaving on the day the other arrives is fine."""
    return checkin_a < (checkout_b or checkin_a + timedelta(days=1)) and checkin_b < (
        checkout_a or checkin_b + timedelta(days=1)
    )
