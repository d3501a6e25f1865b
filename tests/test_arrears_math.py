"""Plain unit tests of the collections computations (no database)."""

from datetime import date
from decimal import Decimal

from odoo.addons.solidarity_housing.tools import arrears_math as am
from odoo.addons.solidarity_housing.tools import housing_math as hm
from odoo.tests.common import BaseCase

D = Decimal


class TestShareOut(BaseCase):
    def test_an_invoice_left_to_pay_is_shared_pro_rata_to_the_cent(self):
        # the CAF paid 100.00 of 420.00 (210 + 210): 320.00 left, 160.00 each
        self.assertEqual(hm.share_out(320, [210, 210]), [D("160.00"), D("160.00")])
        # 100.00 left on 3 dues of 33.33, 33.33, 33.34: the last absorbs the rounding
        parts = hm.share_out(100, [33.33, 33.33, 33.34])
        self.assertEqual(parts, [D("33.33"), D("33.33"), D("33.34")])
        parts = hm.share_out("0.10", [1, 1, 1])
        self.assertEqual((parts, sum(parts)), ([D("0.03"), D("0.03"), D("0.04")], D("0.10")))

    def test_signs_and_empty(self):
        self.assertEqual(hm.share_out(30, [-30]), [D("30.00")], "a credit note's left amount is its own")
        self.assertEqual(hm.share_out(5, []), [])
        self.assertEqual(hm.share_out(5, [0, 0]), [D("0"), D("5.00")])


class TestInstalments(BaseCase):
    def test_instalments_sum_to_the_debt_the_last_absorbing_the_rounding(self):
        self.assertEqual(am.instalments(1000, 3), [D("333.33"), D("333.33"), D("333.34")])
        parts = am.instalments("1234.56", 36)
        self.assertEqual((parts[0], parts[-1], sum(parts)), (D("34.29"), D("34.41"), D("1234.56")))
        self.assertEqual(am.instalments(600, 6), [D("100.00")] * 6)

    def test_impossible_plans_are_refused(self):
        with self.assertRaisesRegex(ValueError, "at least one instalment"):
            am.instalments(100, 0)
        with self.assertRaisesRegex(ValueError, "positive debt"):
            am.instalments(0, 3)
        with self.assertRaisesRegex(ValueError, "0.05 cannot be spread over 6 instalments"):
            am.instalments("0.05", 6)

    def test_dates_fall_on_the_same_day_each_month(self):
        self.assertEqual(
            am.instalment_dates(date(2025, 11, 30), 4),
            [date(2025, 11, 30), date(2025, 12, 30), date(2026, 1, 30), date(2026, 2, 28)],
        )

    def test_payments_fill_the_instalments_in_order(self):
        self.assertEqual(am.allocate_in_order(250, [100, 100, 100]), [D("100.00"), D("100.00"), D("50.00")])
        self.assertEqual(am.allocate_in_order(500, [100, 100]), [D("100.00"), D("100.00")])
        self.assertEqual(am.allocate_in_order(-20, [100]), [D("0")])


class TestAgeing(BaseCase):
    def test_overdue_dues_by_days_past_due_sum_to_the_arrears(self):
        today = date(2025, 6, 20)
        dues = [
            (date(2025, 2, 5), D("200.00")),  # 135 days
            (date(2025, 4, 5), D("200.00")),  # 76 days
            (date(2025, 5, 5), D("150.00")),  # 46 days
            (date(2025, 6, 5), D("200.00")),  # 15 days
            (date(2025, 7, 5), D("200.00")),  # not yet due
        ]
        aged = am.age_dues(dues, 0, today)
        self.assertEqual(
            (aged["0_30"], aged["31_60"], aged["61_90"], aged["over_90"]),
            (D("200.00"), D("150.00"), D("200.00"), D("200.00")),
        )
        self.assertEqual((aged["overdue"], aged["not_due"], aged["credit"]), (D("750.00"), D("200.00"), D("0.00")))
        self.assertEqual(aged["oldest_due"], date(2025, 2, 5))

    def test_credits_pay_the_oldest_dues_first(self):
        dues = [(date(2025, 4, 5), D("200.00")), (date(2025, 5, 5), D("200.00")), (date(2025, 3, 5), D("-30.00"))]
        aged = am.age_dues(dues, D("100.00"), date(2025, 6, 20))
        # 130.00 of credit (a credit note and money not matched) pays April first
        self.assertEqual((aged["61_90"], aged["31_60"], aged["overdue"]), (D("70.00"), D("200.00"), D("270.00")))
        self.assertEqual(aged["oldest_due"], date(2025, 4, 5))
        aged = am.age_dues(dues, D("500.00"), date(2025, 6, 20))
        self.assertEqual((aged["overdue"], aged["credit"], aged["unpaid"]), (D("0"), D("130.00"), []))

    def test_a_due_is_overdue_the_day_after_its_due_date(self):
        aged = am.age_dues([(date(2025, 6, 5), D("10"))], 0, date(2025, 6, 5))
        self.assertEqual((aged["overdue"], aged["not_due"]), (D("0"), D("10.00")))
        aged = am.age_dues([(date(2025, 6, 5), D("10"))], 0, date(2025, 6, 6))
        self.assertEqual((aged["overdue"], aged["0_30"]), (D("10.00"), D("10.00")))

    def test_months_of_net_share_and_the_day_arrears_began(self):
        self.assertEqual(am.months_of_share(500, 200), D("2.50"))
        self.assertEqual(am.months_of_share(500, 0), D("0"))
        self.assertEqual(am.months_of_share(500, -30), D("0"))
        unpaid = [(date(2025, 3, 5), D("200")), (date(2025, 4, 5), D("150")), (date(2025, 5, 5), D("200"))]
        # 2 months of 200.00 = 400.00, reached with May's due: in arrears from 6 May
        self.assertEqual(am.arrears_since(unpaid, 200, 2), date(2025, 5, 6))
        self.assertEqual(am.arrears_since(unpaid, 200, 3), None)
        self.assertEqual(am.arrears_since(unpaid, 0, 2), None)
