from odoo import fields
from odoo.tests import HttpCase, tagged

from ..tools import housing_math as hm
from .common_collections import CollectionsSetup


@tagged("post_install", "-at_install")
class TestCollectionsTour(CollectionsSetup, HttpCase):
    def test_accountant_agrees_a_repayment_plan(self):
        # Amina has paid none of her last three months (450.00 each); the browser runs on today's date
        today = fields.Date.today()
        first = hm.add_months(hm.month_start(today), -3)
        amina = self.env["res.partner"].create({"name": "Amina Diallo"})
        self._new_occupancy(room=self.room_1, partner=amina, start=first)
        for months in range(3):
            self._run(hm.add_months(first, months))
        self.start_tour("/odoo", "solidarity_housing_collections_tour", login=self.user_accountant.login)
        plan = self.env["housing.repayment.plan"].search([("partner_id", "=", amina.id)])
        self.assertEqual((plan.state, plan.amount, plan.create_uid), ("running", 1350.0, self.user_accountant))
        self.assertEqual(plan.line_ids.mapped("amount"), [225.0] * 6)
        self.assertEqual(plan.first_due_date, hm.add_months(hm.month_start(today), 1).replace(day=5))
        self.assertEqual(plan.line_ids[-1].date_due, hm.add_months(plan.first_due_date, 5))
        arrears = self._arrears(amina)
        self.assertEqual((arrears.amount_overdue, arrears.months_owed, arrears.in_arrears), (1350.0, 3.0, True))
        self.assertEqual(arrears.plan_ids, plan)
        self.assertTrue(arrears.plan_running)
