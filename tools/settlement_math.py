"""Computations of the annual charges settlement (régularisation des charges) that need no database.

The settlement compares the charges a unit actually cost over a period with the monthly provisions
billed to its agreements. Each agreement bears a part of the actual charges in proportion to the
days it covered and its charges parts (beds, by default), out of the unit's parts over the whole
period; what vacant places cost stays with the association. Each agreement's balance (its part of
the actual charges minus its provisions) is then split between its payers in proportion to the
provisions each of them was billed.

Money goes in as numbers and comes out as ``Decimal`` rounded to the cent; each total is rounded
once and the last item absorbs the rounding, so the parts always sum to the total to the cent.
``tests/test_settlement_math.py`` tests these functions without Odoo.
"""

from decimal import Decimal

from .housing_math import round_cents, share_out, to_decimal


def allocate_actual(actual, total_parts, period_days, lines):
    """Part of the ``actual`` charges each line bears.

    - ``actual``: the unit's actual charges over the period;
    - ``total_parts``: the unit's charges parts (its beds, by default);
    - ``period_days``: days of the period;
    - ``lines``: ordered ``[(key, parts, days), ...]``.

    A line bears ``actual × parts × days / (total_parts × period_days)``. The total borne by the
    lines is rounded once; the last line absorbs the rounding. Raises ``ValueError`` when the lines
    would bear more than the whole unit over the period, or with nonsense input.

    Returns ``({key: Decimal}, total)``.
    """
    actual = round_cents(actual)
    total_parts = to_decimal(total_parts)
    if actual < 0:
        raise ValueError(f"Actual charges cannot be negative ({actual}).")
    if total_parts <= 0 or period_days <= 0:
        raise ValueError("The unit's parts and the period's days must be positive.")
    weights = []
    for key, line_parts, days in lines:
        parts = to_decimal(line_parts)
        if parts < 0 or days < 0 or days > period_days:
            raise ValueError(f"Impossible parts ({parts}) or days ({days}) for {key}.")
        weights.append((key, parts * days))
    capacity = total_parts * period_days
    used = sum((weight for _key, weight in weights), Decimal(0))
    if used > capacity:
        raise ValueError(f"The lines use {used} part-days, more than the unit's {capacity}.")
    if not weights:
        return {}, Decimal("0.00")
    total = round_cents(actual * used / capacity)
    result = {key: round_cents(actual * weight / capacity) for key, weight in weights[:-1]}
    result[weights[-1][0]] = total - sum(result.values(), Decimal(0))
    return result, total


def split_balance(balance, provisions):
    """Split ``balance`` between payers in proportion to the provisions each was billed.

    ``provisions`` is an ordered ``{key: amount}``; the last key absorbs the rounding (and takes
    the whole balance when the provisions sum to zero). Returns ``{key: Decimal}`` summing to
    ``balance``.
    """
    if not provisions:
        raise ValueError("A balance needs at least one payer.")
    return dict(zip(provisions, share_out(balance, provisions.values()), strict=True))


def settle(actual, total_parts, period_days, lines):
    """The whole settlement of a unit.

    ``lines``: ordered list of dicts with ``key``, ``parts``, ``days`` and ``provisions`` (an
    ordered ``{payer: amount}`` of the charges billed to each payer; the last payer absorbs the
    rounding of the split).

    Returns a dict: ``lines`` ``{key: {"actual", "provisions", "balance", "payers": {payer: amount}}}``,
    ``allocated`` (actual charges borne by the lines), ``vacancy`` (borne by nobody's line: the
    association), ``provisions`` and ``difference`` (allocated − provisions = sum of the balances).
    """
    shares, allocated = allocate_actual(
        actual, total_parts, period_days, [(line["key"], line["parts"], line["days"]) for line in lines]
    )
    result, provisions_total = {}, Decimal(0)
    for line in lines:
        provisions = round_cents(sum((to_decimal(v) for v in line["provisions"].values()), Decimal(0)))
        balance = shares[line["key"]] - provisions
        result[line["key"]] = {
            "actual": shares[line["key"]],
            "provisions": provisions,
            "balance": balance,
            "payers": split_balance(balance, line["provisions"]),
        }
        provisions_total += provisions
    return {
        "lines": result,
        "allocated": allocated,
        "vacancy": round_cents(actual) - allocated,
        "provisions": provisions_total,
        "difference": allocated - provisions_total,
    }
