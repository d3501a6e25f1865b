"""Plain unit tests of the computations that need no database."""

from datetime import date
from decimal import Decimal

from odoo.addons.solidarity_housing.tools import housing_math as hm
from odoo.tests.common import BaseCase


class TestProrate(BaseCase):
    def test_actual_days_of_the_month(self):
        # 12 days of a 31-day month at 400.00 / month: 400 × 12 / 31 = 154.838... → 154.84
        self.assertEqual(hm.prorate(400, 12, date(2025, 1, 1)), (Decimal("154.84"), 31))
        # February 2024 has 29 days: 15 of them at 290.00 → 150.00
        self.assertEqual(hm.prorate(290, 15, date(2024, 2, 1)), (Decimal("150.00"), 29))

    def test_full_month_is_the_monthly_amount_whatever_the_method(self):
        for method in (hm.PRORATA_ACTUAL, hm.PRORATA_30, hm.PRORATA_365):
            self.assertEqual(hm.prorate("333.33", 31, date(2025, 3, 1), method)[0], Decimal("333.33"))

    def test_thirty_day_and_365_day_methods(self):
        # 30-day month: 10 days of 450.00 → 150.00
        self.assertEqual(hm.prorate(450, 10, date(2025, 1, 1), hm.PRORATA_30), (Decimal("150.00"), 30))
        # 365-day year: 450 × 12 × 10 / 365 = 147.945... → 147.95
        self.assertEqual(hm.prorate(450, 10, date(2025, 1, 1), hm.PRORATA_365), (Decimal("147.95"), 365))

    def test_impossible_day_counts_are_refused(self):
        with self.assertRaisesRegex(ValueError, "32 days cannot be occupied in a month of 31 days"):
            hm.prorate(100, 32, date(2025, 1, 1))
        with self.assertRaisesRegex(ValueError, "Unknown prorata method"):
            hm.prorate(100, 3, date(2025, 1, 1), "weekly")


class TestSplit(BaseCase):
    def test_remainder_payer_absorbs_the_rounding(self):
        parts = hm.split_amount(
            "100.00",
            [
                {"key": "occupant", "percent": Decimal("33.333")},
                {"key": "funder", "percent": Decimal("33.333")},
                {"key": "association", "is_remainder": True},
            ],
        )
        self.assertEqual(
            parts, {"occupant": Decimal("33.33"), "funder": Decimal("33.33"), "association": Decimal("33.34")}
        )
        self.assertEqual(sum(parts.values()), Decimal("100.00"))

    def test_fixed_amounts_and_errors(self):
        shares = [{"key": "caf", "amount": 250}, {"key": "occupant", "is_remainder": True}]
        self.assertEqual(hm.split_amount(480, shares), {"caf": Decimal("250.00"), "occupant": Decimal("230.00")})
        with self.assertRaisesRegex(ValueError, r"The shares \(500.00\) exceed the total \(480.00\)"):
            hm.split_amount(480, [{"key": "caf", "amount": 500}, {"key": "occupant", "is_remainder": True}])
        with self.assertRaisesRegex(ValueError, "Exactly one remainder payer is needed, found 2"):
            hm.split_amount(480, [{"key": "a", "is_remainder": True}, {"key": "b", "is_remainder": True}])
        with self.assertRaisesRegex(ValueError, "Exactly one remainder payer is needed, found 0"):
            hm.split_amount(480, [{"key": "a", "amount": 1}])

    def test_scaled_shares_keep_the_prorated_total(self):
        parts = {"caf": Decimal("250.00"), "occupant": Decimal("230.00")}
        scaled = dict(zip(parts, hm.share_out(Decimal("185.81"), parts.values()), strict=True))
        # 250 × 185.81 / 480 = 96.776 → 96.78; the last payer takes 185.81 - 96.78
        self.assertEqual(scaled, {"caf": Decimal("96.78"), "occupant": Decimal("89.03")})


class TestRentRules(BaseCase):
    def test_irl_revision(self):
        # 500.00 revised with 2025 Q1 (145.47) over 2024 Q1 (143.46): 507.006... → 507.01
        self.assertEqual(hm.irl_revised_rent(500, "145.47", "143.46"), Decimal("507.01"))
        with self.assertRaisesRegex(ValueError, "Both IRL values"):
            hm.irl_revised_rent(500, "145.47", None)

    def test_deposit_cap_and_late_return(self):
        self.assertEqual(hm.deposit_cap(420, furnished=False), Decimal("420.00"))
        self.assertEqual(hm.deposit_cap(420, furnished=True), Decimal("840.00"))
        deadline = hm.deposit_return_deadline(date(2025, 1, 31), inventory_matches=True)
        self.assertEqual(deadline, date(2025, 2, 28))
        self.assertEqual(hm.deposit_return_deadline(date(2025, 1, 15), inventory_matches=False), date(2025, 3, 15))
        # returned 1 month and 1 day late: 2 months started → 2 × 10 % × 420.00
        self.assertEqual(hm.deposit_late_penalty(420, date(2025, 2, 28), date(2025, 3, 29)), Decimal("84.00"))
        self.assertEqual(hm.deposit_late_penalty(420, date(2025, 2, 28), date(2025, 2, 28)), Decimal("0.00"))

    def test_months_and_days(self):
        self.assertEqual(hm.add_months(date(2024, 1, 31), 1), date(2024, 2, 29))
        self.assertEqual(hm.add_months(date(2024, 11, 15), 3), date(2025, 2, 15))
        self.assertEqual(
            list(hm.iter_months(date(2024, 12, 20), date(2025, 2, 1))),
            [date(2024, 12, 1), date(2025, 1, 1), date(2025, 2, 1)],
        )
        self.assertEqual(hm.overlap_days(date(2025, 1, 10), None, date(2025, 1, 1), date(2025, 1, 31)), 22)
        self.assertEqual(hm.age_in_years(date(2008, 6, 15), date(2026, 6, 14)), 17)
        self.assertEqual(hm.age_in_years(date(2008, 6, 15), date(2026, 6, 15)), 18)
        self.assertEqual(hm.ageing_bucket(45), "31_60")
        self.assertEqual(hm.ageing_bucket(400), "over_90")

    def test_stock_state(self):
        self.assertEqual(hm.stock_state(0, 3, False), "free")
        self.assertEqual(hm.stock_state(1, 2, False), "partial")
        self.assertEqual(hm.stock_state(3, 0, False), "full")
        self.assertEqual(hm.stock_state(0, 0, False), "unavailable")
        self.assertEqual(hm.stock_state(0, 3, True), "unavailable")


class TestFollowupMath(BaseCase):
    def test_support_period_last_day(self):
        # 3 months from 1 January end on 31 March; 6 months from 31 August end on 27 February
        self.assertEqual(hm.period_last_day(date(2025, 1, 1), 3), date(2025, 3, 31))
        self.assertEqual(hm.period_last_day(date(2025, 8, 31), 6), date(2026, 2, 27))
        self.assertEqual(hm.period_last_day(date(2025, 1, 15), 12), date(2026, 1, 14))

    def test_overlapping_absences_are_counted_once(self):
        periods = [(date(2025, 1, 1), date(2025, 1, 10)), (date(2025, 1, 5), date(2025, 1, 20))]
        self.assertEqual(
            hm.merge_periods(periods, date(2025, 1, 1), date(2025, 12, 31)), [(date(2025, 1, 1), date(2025, 1, 20))]
        )
        self.assertEqual(hm.days_absent(periods, date(2025, 1, 1), date(2025, 12, 31)), 20)
        # clipped to the window; an absence still going on counts up to the end of the window
        self.assertEqual(hm.days_absent([(date(2024, 12, 25), None)], date(2025, 1, 1), date(2025, 1, 31)), 31)
        # adjacent absences merge; nothing outside the window counts
        self.assertEqual(
            hm.merge_periods(
                [
                    (date(2025, 2, 1), date(2025, 2, 3)),
                    (date(2025, 2, 4), date(2025, 2, 5)),
                    (date(2024, 1, 1), date(2024, 1, 2)),
                ],
                date(2025, 1, 1),
                date(2025, 12, 31),
            ),
            [(date(2025, 2, 1), date(2025, 2, 5))],
        )

    def test_yearly_occupation(self):
        # 12 months ending 15 June 2025: 16 June 2024 to 15 June 2025 = 365 days; 8 months = 243 days
        occupied, required = hm.yearly_occupation([], date(2025, 6, 15), 8)
        self.assertEqual((occupied, required), (365, 243))
        # 1 November 2024 to 31 March 2025 away (151 days): 214 days occupied, under 8 months
        away = [(date(2024, 11, 1), date(2025, 3, 31))]
        self.assertEqual(hm.yearly_occupation(away, date(2025, 6, 15), 8), (214, 243))

    def test_hours_per_domain(self):
        self.assertEqual(hm.share_per_part(1.5, 3), 0.5)
        self.assertEqual(hm.share_per_part(2.0, 0), 2.0)
