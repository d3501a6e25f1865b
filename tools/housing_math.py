"""Computations of the trade that need no database.

Models call these functions; ``tests/test_housing_math.py`` tests them without Odoo.
Money goes in as numbers and comes out as ``float`` rounded to the cent (half up,
like a French accountant rounds), computed with ``Decimal`` in between so that no
binary rounding error leaks into a share.
"""

import calendar
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from babel.dates import format_date

CENT = Decimal("0.01")

#: Prorata methods an agreement can state (key, label).
PRORATA_ACTUAL = "actual"
PRORATA_30 = "days_30"
PRORATA_365 = "days_365"


def to_decimal(value):
    """Return ``value`` as a Decimal, going through ``str`` so that 0.1 stays 0.1."""
    if isinstance(value, Decimal):
        return value
    return Decimal(str(value or 0))


def round_cents(value):
    """Round to the cent, half up."""
    return to_decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def month_label(day, lang=None):
    """'mars 2026': the month of ``day`` in ``lang`` (an Odoo language code, e.g. fr_FR)."""
    return format_date(day, "MMMM y", locale=lang or "en_US")


def month_start(day):
    return day.replace(day=1)


def month_end(day):
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def add_months(day, months):
    """Same day ``months`` later, clamped to the end of a shorter month."""
    month_index = day.month - 1 + months
    year = day.year + month_index // 12
    month = month_index % 12 + 1
    last = calendar.monthrange(year, month)[1]
    return date(year, month, min(day.day, last))


def iter_months(date_from, date_to):
    """Yield the first day of each month touched by [date_from, date_to]."""
    current = month_start(date_from)
    while current <= date_to:
        yield current
        current = add_months(current, 1)


def overlap_days(start_a, end_a, start_b, end_b):
    """Number of days shared by two closed date ranges (``None`` end = open)."""
    start = max(start_a, start_b)
    ends = [d for d in (end_a, end_b) if d]
    end = min(ends) if ends else None
    if end is None:
        raise ValueError("At least one range must be closed to count days.")
    return max(0, (end - start).days + 1)


def prorate(monthly_amount, days, period_start, method=PRORATA_ACTUAL):
    """Amount due for ``days`` occupied in the month starting on ``period_start``.

    - ``actual``: monthly amount × days occupied / days in that month (the default);
    - ``days_30``: every month counts 30 days, a full month is the monthly amount;
    - ``days_365``: daily rate = monthly amount × 12 / 365, a full month is the monthly
      amount.

    Returns ``(amount, basis)`` where ``basis`` is the divisor used, so that the
    proration can be stated on the document ("12 / 31 days").
    """
    month_days = calendar.monthrange(period_start.year, period_start.month)[1]
    if days < 0 or days > month_days:
        raise ValueError(f"{days} days cannot be occupied in a month of {month_days} days.")
    if method not in (PRORATA_ACTUAL, PRORATA_30, PRORATA_365):
        raise ValueError(f"Unknown prorata method {method!r}.")
    basis = month_days if days == month_days else {PRORATA_ACTUAL: month_days, PRORATA_30: 30, PRORATA_365: 365}[method]
    return round_cents(to_decimal(monthly_amount) * _month_fraction(days, days, month_days, method)), basis


def split_amount(total, shares):
    """Split ``total`` between payers.

    ``shares`` is a list of dicts with ``key``, ``amount`` (fixed, may be 0),
    ``percent`` (of the total, may be 0), ``is_remainder`` and ``may_exceed``. Exactly one
    share is the remainder: it receives what the others leave, so the parts always sum to
    the total to the cent. Raises ``ValueError`` when the parts exceed the total or when
    there is not exactly one remainder; parts flagged ``may_exceed`` (a housing allowance
    larger than the occupant's due, paid back to the occupant) may make the remainder
    negative.

    Returns ``{key: Decimal}``.
    """
    total = round_cents(total)
    remainders = [share for share in shares if share.get("is_remainder")]
    if len(remainders) != 1:
        raise ValueError(f"Exactly one remainder payer is needed, found {len(remainders)}.")
    result = {}
    allotted = capped = Decimal(0)
    for share in shares:
        if share.get("is_remainder"):
            continue
        if share.get("percent"):
            part = round_cents(total * to_decimal(share["percent"]) / 100)
        else:
            part = round_cents(share.get("amount"))
        if part < 0:
            raise ValueError(f"A share cannot be negative ({part}).")
        result[share["key"]] = part
        allotted += part
        if not share.get("may_exceed"):
            capped += part
    if capped > total:
        raise ValueError(f"The shares ({capped}) exceed the total ({total}).")
    result[remainders[0]["key"]] = total - allotted
    return result


def share_out(total, weights):
    """Split ``total`` in proportion to ``weights`` (in their order); the last part absorbs the rounding.

    Serves every pro rata split of the addon: what is left to pay of an invoice between its dues, a
    charges balance between payers. Returns a list of ``Decimal`` summing to ``total`` to the cent
    (all to the last part when the weights sum to zero).
    """
    total = round_cents(total)
    weights = [abs(to_decimal(weight)) for weight in weights]
    if not weights:
        return []
    whole = sum(weights, Decimal(0))
    if not whole:
        return [Decimal("0.00")] * (len(weights) - 1) + [total]
    parts = [round_cents(total * weight / whole) for weight in weights[:-1]]
    parts.append(total - sum(parts, Decimal(0)))
    return parts


def irl_revised_rent(rent, new_index, old_index):
    """New rent (charges excluded) = rent × IRL(reference quarter) / IRL(a year before)."""
    if not old_index or not new_index:
        raise ValueError("Both IRL values are needed to revise a rent.")
    return round_cents(to_decimal(rent) * to_decimal(new_index) / to_decimal(old_index))


def _segment_bounds(first, last, changes):
    """Split [first, last] at each day of ``changes`` falling inside it."""
    cuts = sorted({day for day in changes if first < day <= last})
    starts = [first, *cuts]
    ends = [day - timedelta(days=1) for day in cuts] + [last]
    return list(zip(starts, ends, strict=True))


def _month_fraction(seg_days, days, month_days, method):
    """Part of the month that ``seg_days`` of the ``days`` occupied cost (a full month is 1)."""
    if days == month_days or method == PRORATA_ACTUAL:
        return Decimal(seg_days) / month_days
    if method == PRORATA_30:
        # 30 days or more of a 31-day month make a full 30-day month
        return Decimal(seg_days) / (30 if days < 30 else days)
    return Decimal(seg_days * 12) / 365


def period_dues(period_start, first_day, last_day, method, rents, charges, shares):
    """What each payer owes for the month starting on ``period_start``.

    - ``first_day``/``last_day``: the agreement's entry and last day (``None`` when open);
    - ``method``: the agreement's prorata method;
    - ``rents``: ``[(from_day, monthly_rent), ...]`` sorted, the rent in force from each day;
    - ``charges``: the monthly provision for charges;
    - ``shares``: dicts with ``key``, ``amount``, ``percent``, ``is_remainder``, ``may_exceed``,
      ``date_start``, ``date_end`` (``None`` when open).

    The month is cut where the rent or a share changes; each piece is prorated (a fully
    occupied month counts as one whatever the method), split between the shares in force,
    and the results are rounded once at the end. The remainder payer absorbs the rounding,
    so the parts always sum to the total; rent and charges are kept apart for receipts.

    Returns ``None`` when the agreement does not touch the month, else a dict with ``days``,
    ``basis`` (days of the month, 30 or 365), ``rent``, ``charges``, ``total`` and ``parts``
    ``{key: {"amount", "rent", "charges"}}``.
    """
    period_end = month_end(period_start)
    month_days = period_end.day
    first = max(period_start, first_day)
    last = min(period_end, last_day) if last_day else period_end
    if last < first:
        return None
    days = (last - first).days + 1
    full_month = days == month_days
    if method not in (PRORATA_ACTUAL, PRORATA_30, PRORATA_365):
        raise ValueError(f"Unknown prorata method {method!r}.")
    basis = {PRORATA_ACTUAL: month_days, PRORATA_30: 30, PRORATA_365: 365}[method]
    changes = [day for day, _rent in rents]
    for share in shares:
        if share.get("date_start"):
            changes.append(share["date_start"])
        if share.get("date_end"):
            changes.append(share["date_end"] + timedelta(days=1))
    remainder_keys = [share["key"] for share in shares if share.get("is_remainder")]
    if len(remainder_keys) != 1:
        raise ValueError(f"Exactly one remainder payer is needed, found {len(remainder_keys)}.")
    rent_total = charges_total = Decimal(0)
    raw = {}  # key -> [amount, rent part]
    for seg_first, seg_last in _segment_bounds(first, last, changes):
        seg_days = (seg_last - seg_first).days + 1
        fraction = _month_fraction(seg_days, days, month_days, method)
        rent = to_decimal(next(amount for day, amount in reversed(rents) if day <= seg_first)) if rents else Decimal(0)
        monthly_total = rent + to_decimal(charges)
        in_force = [
            share
            for share in shares
            if (not share.get("date_start") or share["date_start"] <= seg_first)
            and (not share.get("date_end") or seg_last <= share["date_end"])
        ]
        split = split_amount(monthly_total, in_force)
        rent_total += rent * fraction
        charges_total += to_decimal(charges) * fraction
        rent_ratio = rent / monthly_total if monthly_total else Decimal(0)
        for key, part in split.items():
            entry = raw.setdefault(key, [Decimal(0), Decimal(0)])
            entry[0] += part * fraction
            entry[1] += part * fraction * rent_ratio
    total = round_cents(rent_total + charges_total)
    rent_rounded = round_cents(rent_total)
    remainder_key = remainder_keys[0]
    parts = {}
    for key, (raw_amount, raw_rent) in raw.items():
        if key == remainder_key:
            continue
        amount, rent_part = round_cents(raw_amount), round_cents(raw_rent)
        parts[key] = {"amount": amount, "rent": rent_part, "charges": amount - rent_part}
    rest = total - sum((part["amount"] for part in parts.values()), Decimal(0))
    rest_rent = rent_rounded - sum((part["rent"] for part in parts.values()), Decimal(0))
    parts[remainder_key] = {"amount": rest, "rent": rest_rent, "charges": rest - rest_rent}
    return {
        "days": days,
        "basis": month_days if full_month else basis,
        "rent": rent_rounded,
        "charges": total - rent_rounded,
        "total": total,
        "parts": parts,
    }


def irl_publication_date(quarter, year):
    """When INSEE usually publishes the IRL of ``quarter`` ``year``: mid-month after the quarter ends."""
    if quarter == 4:
        return date(year + 1, 1, 15)
    return date(year, 3 * quarter + 1, 15)


def irl_reference_year(quarter, on_day):
    """Year of the latest IRL of ``quarter`` published on ``on_day`` (the one a revision uses)."""
    year = on_day.year
    while irl_publication_date(quarter, year) > on_day:
        year -= 1
    return year


def deposit_cap(rent_excluding_charges, furnished):
    """Legal maximum of a deposit: 1 month of rent excluding charges, 2 if furnished."""
    return round_cents(to_decimal(rent_excluding_charges) * (2 if furnished else 1))


def deposit_return_deadline(exit_date, inventory_matches):
    """Within 1 month of the exit when the inventories match, 2 months otherwise."""
    return add_months(exit_date, 1 if inventory_matches else 2)


def deposit_late_penalty(monthly_rent, deadline, returned_on):
    """10 % of the monthly rent per month (started) of delay after the deadline."""
    if not returned_on or returned_on <= deadline:
        return Decimal("0.00")
    months, cursor = 0, deadline
    while cursor < returned_on:
        months += 1
        cursor = add_months(deadline, months)
    return round_cents(to_decimal(monthly_rent) * Decimal("0.10") * months)


#: Ageing buckets of arrears, in days past due: (upper bound, label key).
AGEING_BUCKETS = ((30, "0_30"), (60, "31_60"), (90, "61_90"), (None, "over_90"))


def ageing_bucket(days_overdue):
    for bound, key in AGEING_BUCKETS:
        if bound is None or days_overdue <= bound:
            return key
    return AGEING_BUCKETS[-1][1]


def stock_state(occupied, free, out_of_service):
    """State of a unit or a room from its occupied and free beds."""
    if out_of_service or not (occupied or free):
        return "unavailable"
    if not occupied:
        return "free"
    return "partial" if free else "full"


def age_in_years(birthdate, on_day):
    years = on_day.year - birthdate.year
    if (on_day.month, on_day.day) < (birthdate.month, birthdate.day):
        years -= 1
    return years


def days_between(date_from, date_to):
    """Days from ``date_from`` to ``date_to`` inclusive."""
    return (date_to - date_from).days + 1


# Social follow-up ---------------------------------------------------------------------


def period_last_day(date_start, months):
    """Last day of a period of ``months`` months starting on ``date_start`` (3 months from
    1 January end on 31 March)."""
    return add_months(date_start, months) - timedelta(days=1)


def merge_periods(periods, window_start, window_end):
    """Clip ``periods`` (``(start, end)`` pairs, ``end`` ``None`` = still going on) to the
    window and merge the overlapping ones; returns sorted closed ``(start, end)`` pairs."""
    clipped = []
    for period_start, period_end in periods:
        start, end = max(period_start, window_start), min(period_end or window_end, window_end)
        if start <= end:
            clipped.append((start, end))
    merged = []
    for start, end in sorted(clipped):
        if merged and start <= merged[-1][1] + timedelta(days=1):
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def days_absent(periods, window_start, window_end):
    """Days of ``[window_start, window_end]`` covered by at least one absence."""
    return sum(days_between(start, end) for start, end in merge_periods(periods, window_start, window_end))


def yearly_occupation(periods, on_day, min_months):
    """Occupation over the 12 months ending on ``on_day`` (absences counted up to that day).

    Returns ``(occupied_days, required_days)``: the housing allowance needs ``min_months``
    of occupation a year, i.e. ``min_months`` months counted back from the end of the window
    (8 months before 15 June = 16 October to 15 June = 243 days).
    """
    window_start = add_months(on_day, -12) + timedelta(days=1)
    window_days = days_between(window_start, on_day)
    occupied = window_days - days_absent(periods, window_start, on_day)
    required = days_between(add_months(on_day, -min_months) + timedelta(days=1), on_day)
    return occupied, required


def share_per_part(total, parts):
    """``total`` split evenly in ``parts`` (at least one part): hours of a meeting per domain."""
    return total / max(parts, 1)
