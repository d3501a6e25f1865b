from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common_collections import CollectionsCase


@tagged("post_install", "-at_install")
class TestCollectionsAccess(CollectionsCase):
    """Accountants manage collections; managers read them; the back office sees the flag only; each company its own."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._new_occupancy(room=cls.room_1, partner=cls.occupant, start="2025-01-01")

    def setUp(self):
        super().setUp()
        with freeze_time("2025-03-20"):
            for month in (date(2025, 1, 1), date(2025, 2, 1), date(2025, 3, 1)):
                self._run(month)
            self._refresh()
            self.arrears = self._arrears(self.occupant)
            self.plan = (
                self.env["housing.repayment.plan"]
                .with_user(self.user_accountant)
                .create({"partner_id": self.occupant.id, "instalment_count": 6})
            )

    @freeze_time("2025-03-20")
    def test_accountant_manages_collections(self):
        arrears = self.arrears.with_user(self.user_accountant)
        self.assertEqual((arrears.amount_overdue, arrears.months_owed), (1350.0, 3.0))
        arrears.write({"caf_reported_date": "2025-03-20", "fsl_request_date": "2025-03-21"})
        plan = self.plan.with_user(self.user_accountant)
        plan.action_confirm()
        self.assertEqual((plan.state, plan.amount, len(plan.line_ids)), ("running", 1350.0, 6))
        self.assertEqual(plan.create_uid, self.user_accountant)

    def test_one_arrears_file_per_household_and_company(self):
        with self.assertRefusedByDatabase("housing.arrears", "A household has one arrears file per company."):
            self.env["housing.arrears"].create({"partner_id": self.occupant.id, "company_id": self.company.id})

    @freeze_time("2025-03-20")
    def test_manager_reads_everything_and_changes_nothing(self):
        arrears = self.arrears.with_user(self.user_manager)
        self.assertEqual((arrears.amount_overdue, arrears.amount_over_90, arrears.in_arrears), (1350.0, 0.0, True))
        plan = self.plan.with_user(self.user_manager)
        self.assertEqual((plan.amount, plan.line_ids.mapped("amount")), (1350.0, [225.0] * 6))
        with self.assertRaises(AccessError):
            plan.write({"note": "Revu"})
        with self.assertRaises(AccessError):
            arrears.write({"ccapex_date": "2025-03-20"})
        with self.assertRaisesRegex(UserError, "Only accountants \\(Invoicing rights\\) manage repayment plans"):
            plan.action_confirm()
        # the arrears screen opens for managers, figures brought up to date
        action = self.env["housing.arrears"].with_user(self.user_manager).action_open_arrears()
        self.assertEqual(action["res_model"], "housing.arrears")

    @freeze_time("2025-03-20")
    def test_back_office_and_social_workers_see_the_flag_not_the_amounts(self):
        for user in (self.user_backoffice, self.user_social):
            self.assertTrue(self.occupant.with_user(user).housing_in_arrears)
            self.assertEqual(
                self.env["res.partner"].with_user(user).search([("housing_in_arrears", "=", True)]), self.occupant
            )
            with self.assertRaises(AccessError):
                self.arrears.with_user(user).read(["amount_overdue"])
            with self.assertRaises(AccessError):
                self.plan.with_user(user).read(["amount"])
            with self.assertRaises(AccessError):
                self.env["housing.repayment.plan"].with_user(user).create({"partner_id": self.occupant.id})
            with self.assertRaises(AccessError):
                self.env["housing.arrears"].with_user(user).action_open_arrears()
            with self.assertRaisesRegex(UserError, "Only accountants and managers update the arrears"):
                self.env["housing.arrears"].with_user(user).action_refresh()

    @freeze_time("2025-03-20")
    def test_another_company_sees_nothing(self):
        other = self.user_other_company
        other.group_ids = [Command.link(self.env.ref("account.group_account_invoice").id)]
        env = self.env(user=other, context=dict(self.env.context, allowed_company_ids=self.other_company.ids))
        self.assertFalse(env["housing.arrears"].search([]))
        self.assertFalse(env["housing.repayment.plan"].search([]))
        self.assertFalse(env["housing.repayment.plan.line"].search([]))
        with self.assertRaises(AccessError):
            self.arrears.with_env(env).read(["amount_overdue"])
        with self.assertRaises(AccessError):
            self.plan.with_env(env).read(["amount"])
        self.assertFalse(self.occupant.with_env(env).housing_in_arrears)
        # opening the screen refreshes the user's own company only
        env["housing.arrears"].action_open_arrears()
        self.assertFalse(self.env["housing.arrears"].sudo().search([("company_id", "=", self.other_company.id)]))
