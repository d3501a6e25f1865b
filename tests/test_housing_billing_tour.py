from odoo import fields
from odoo.tests import tagged

from ..tools.housing_math import month_start
from .common import HousingHttpCase
from .common_billing import BillingSetup


@tagged("post_install", "-at_install")
class TestBillingTour(BillingSetup, HousingHttpCase):
    def test_accountant_bills_the_month_from_the_screen(self):
        fatima = self.env["res.partner"].create({"name": "Fatima Haddad"})
        self._caf_occupancy(room=self.room_1, partner=self.occupant, start="2025-01-01")
        self._caf_occupancy(room=self.room_2, partner=fatima, start="2025-01-01")
        self.start_tour("/odoo", "solidarity_housing_billing_tour", login=self.user_accountant.login)
        month = month_start(fields.Date.context_today(self.env["housing.billing.run"]))
        run = self.env["housing.billing.run"].search([("company_id", "=", self.company.id)])
        self.assertEqual((run.period_start, run.state, run.user_id), (month, "done", self.user_accountant))
        invoices = run.move_ids.filtered(lambda move: move.move_type == "out_invoice")
        self.assertEqual(
            sorted((move.partner_id.name, move.amount_total, move.state) for move in invoices),
            [("CAF Test", 420.0, "posted"), ("Fatima Haddad", 200.0, "posted"), ("Mohamed Benali", 200.0, "posted")],
        )
        self.assertEqual(run.move_ids.filtered(lambda move: move.move_type == "in_invoice").amount_total, 1350.0)
