"""Computations of collections that need no database: arrears ageing, repayment plans.

Money goes in as numbers and comes out as ``Decimal`` rounded to the cent (half up), like
``housing_math``; ``tests/test_arrears_math.py`` tests these functions without Odoo.
"""

from datetime import timedelta
from decimal import ROUND_DOWN, Decimal

from .housing_math import AGEING_BUCKETS, add_months, ageing_bucket, round_cents, to_decimal

#: keys of the ageing buckets, oldest last
BUCKET_KEYS = tuple(key for _bound, key in AGEING_BUCKETS)


def instalments(amount, count):
    """``count`` monthly instalments of ``amount``: equal cents, the last absorbing the rounding.

    Each instalment is the amount divided by the count, rounded down to the cent, so the last one is at
    most a few cents higher: 1000.00 in 3 gives 333.33, 333.33, 333.34. Raises ValueError when ``count``
    is under 1, the amount is not positive or too small to give each instalment a cent.
    """
    amount = round_cents(amount)
    if count < 1:
        raise ValueError("A repayment plan has at least one instalment.")
    if amount <= 0:
        raise ValueError("A repayment plan repays a positive debt.")
    each = (amount / count).quantize(Decimal("0.01"), rounding=ROUND_DOWN)
    if not each:
        raise ValueError(f"{amount} cannot be spread over {count} instalments.")
    return [each] * (count - 1) + [amount - each * (count - 1)]


def instalment_dates(first_due, count):
    """Due dates of ``count`` monthly instalments from ``first_due`` (same day each month, clamped)."""
    return [add_months(first_due, index) for index in range(count)]


def allocate_in_order(paid, amounts):
    """Spread ``paid`` over ``amounts`` in their order: each is filled before the next one gets anything."""
    left = max(round_cents(paid), Decimal(0))
    result = []
    for amount in amounts:
        part = min(left, round_cents(amount))
        result.append(part)
        left -= part
    return result


def age_dues(dues, credit, today):
    """What a household owes, aged: ``dues`` is a list of ``(date_due, unpaid)`` (negative: a credit note
    not used yet), ``credit`` money received and not matched with any due (positive).

    Credits pay the oldest dues first. Returns a dict: ``overdue`` (unpaid past their due date),
    ``not_due`` (unpaid, not yet due), ``credit`` (credit left over, positive), one key per ageing
    bucket (``0_30``, ``31_60``, ``61_90``, ``over_90``: the overdue amounts by days past due, summing
    to ``overdue``), ``oldest_due`` (due date of the oldest unpaid due) and ``unpaid`` (the dues
    still unpaid, oldest first, as ``(date_due, amount)``).
    """
    available = max(to_decimal(credit), Decimal(0))
    positive = []
    for date_due, unpaid in sorted(dues, key=lambda due: due[0]):
        amount = round_cents(unpaid)
        if amount < 0:
            available -= amount
        elif amount > 0:
            positive.append([date_due, amount])
    for due in positive:
        used = min(available, due[1])
        due[1] -= used
        available -= used
    unpaid = [(date_due, amount) for date_due, amount in positive if amount > 0]
    result = {key: Decimal(0) for key in BUCKET_KEYS}
    result.update(overdue=Decimal(0), not_due=Decimal(0), credit=round_cents(available), unpaid=unpaid)
    for date_due, amount in unpaid:
        days = (today - date_due).days
        if days > 0:
            result[ageing_bucket(days)] += amount
            result["overdue"] += amount
        else:
            result["not_due"] += amount
    result["oldest_due"] = unpaid[0][0] if unpaid else None
    return result


def months_of_share(amount, monthly_share):
    """Months of net share that ``amount`` makes (two decimals); 0 when the household pays no share."""
    monthly_share = to_decimal(monthly_share)
    if monthly_share <= 0:
        return Decimal(0)
    return round_cents(to_decimal(amount) / monthly_share)


def arrears_since(unpaid, monthly_share, months):
    """The day a household fell into arrears: the day after the due that brought its overdue debt to
    ``months`` months of ``monthly_share`` (``unpaid``: ``(date_due, amount)`` oldest first, all overdue).
    ``None`` when the debt stays under the threshold."""
    threshold = to_decimal(monthly_share) * to_decimal(months)
    if threshold <= 0:
        return None
    owed = Decimal(0)
    for date_due, amount in unpaid:
        owed += amount
        if owed >= threshold:
            return date_due + timedelta(days=1)
    return None
