"""Plain unit tests of the charges settlement computations (no database)."""

from decimal import Decimal

from odoo.addons.solidarity_housing.tools import settlement_math as sm
from odoo.tests.common import BaseCase


class TestAllocateActual(BaseCase):
    def test_days_and_parts_out_of_the_whole_unit(self):
        # 1000.00 for 4 parts over 181 days: a whole-period part bears 250.00, 111 days of a part 153.31
        shares, total = sm.allocate_actual(1000, 4, 181, [("fatima", 1, 181), ("mohamed", 1, 111)])
        self.assertEqual(total, Decimal("403.31"), "1000 × 292 / 724, rounded once")
        self.assertEqual(shares, {"fatima": Decimal("250.00"), "mohamed": Decimal("153.31")})

    def test_last_line_absorbs_the_rounding(self):
        # 100.00 in three equal thirds: 33.33 + 33.33 + 33.34
        shares, total = sm.allocate_actual(100, 3, 365, [("a", 1, 365), ("b", 1, 365), ("c", 1, 365)])
        self.assertEqual(total, Decimal("100.00"))
        self.assertEqual(list(shares.values()), [Decimal("33.33"), Decimal("33.33"), Decimal("33.34")])

    def test_impossible_input_is_refused(self):
        with self.assertRaisesRegex(ValueError, "Actual charges cannot be negative"):
            sm.allocate_actual(-1, 1, 30, [("a", 1, 30)])
        with self.assertRaisesRegex(ValueError, "more than the unit's"):
            sm.allocate_actual(100, 1, 30, [("a", 1, 30), ("b", 1, 1)])
        with self.assertRaisesRegex(ValueError, "parts and the period's days must be positive"):
            sm.allocate_actual(100, 0, 30, [("a", 1, 30)])
        with self.assertRaisesRegex(ValueError, "Impossible parts"):
            sm.allocate_actual(100, 2, 30, [("a", 1, 31)])


class TestSplitBalance(BaseCase):
    def test_split_in_proportion_to_the_provisions(self):
        # 140.00 due: the CAF billed 140.00 of 360.00 of provisions, the occupant 160.02, the association 59.98
        split = sm.split_balance(140, {"caf": 140, "occupant": "160.02", "association": "59.98"})
        self.assertEqual(
            split, {"caf": Decimal("54.44"), "occupant": Decimal("62.23"), "association": Decimal("23.33")}
        )
        self.assertEqual(sum(split.values()), Decimal("140.00"))

    def test_credit_rounds_half_away_from_zero_and_sums(self):
        split = sm.split_balance(-110, {"caf": 140, "occupant": "160.02", "association": "59.98"})
        self.assertEqual(
            split, {"caf": Decimal("-42.78"), "occupant": Decimal("-48.90"), "association": Decimal("-18.32")}
        )

    def test_no_provisions_the_last_payer_takes_all(self):
        self.assertEqual(sm.split_balance("12.50", {"a": 0, "b": 0}), {"a": Decimal("0.00"), "b": Decimal("12.50")})
        with self.assertRaisesRegex(ValueError, "at least one payer"):
            sm.split_balance(10, {})


class TestSettle(BaseCase):
    def test_balances_sum_to_the_difference(self):
        result = sm.settle(
            2000,
            4,
            181,
            [
                {"key": "f", "parts": 1, "days": 181, "provisions": {"caf": 140, "occ": "160.02", "asso": "59.98"}},
                {"key": "m", "parts": 1, "days": 111, "provisions": {"caf": 84, "occ": "97.21", "asso": "37.50"}},
            ],
        )
        self.assertEqual((result["allocated"], result["vacancy"]), (Decimal("806.63"), Decimal("1193.37")))
        self.assertEqual((result["provisions"], result["difference"]), (Decimal("578.71"), Decimal("227.92")))
        self.assertEqual(result["lines"]["m"]["balance"], Decimal("87.92"))
        self.assertEqual(
            result["lines"]["m"]["payers"], {"caf": Decimal("33.77"), "occ": Decimal("39.08"), "asso": Decimal("15.07")}
        )
        payers = [amount for line in result["lines"].values() for amount in line["payers"].values()]
        self.assertEqual(sum(payers), result["difference"])
