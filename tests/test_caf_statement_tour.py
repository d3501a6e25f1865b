from odoo.tests import HttpCase, tagged

from .common_caf import APRIL, CafSetup


@tagged("post_install", "-at_install")
class TestCafStatementTour(CafSetup, HttpCase):
    def test_accountant_validates_the_cafs_statement(self):
        households = self._caf_households(3)
        self._bill_months(APRIL)
        rows = [
            [1000000, "Occupant00 Test", "04/2025", "Mensualité", "180,00"],
            [1000001, "Occupant01 Test", "04/2025", "Mensualité", "181,00"],
            [1000002, "Occupant02 Test", "04/2025", "Mensualité", "172,00"],
        ]
        statement = self._import(self._csv(rows), 533.0)
        self.start_tour("/odoo", "solidarity_housing_caf_statement_tour", login=self.user_accountant.login)
        self.assertEqual((statement.state, statement.payment_id.amount), ("done", 533.0))
        for agreement in households:
            self.assertEqual(self._allowance_due(agreement, APRIL).payment_state, "paid")
        line = statement.line_ids.filtered(lambda line: line.beneficiary_name == "Occupant02 Test")
        self.assertEqual((line.difference_action, line.occupant_move_id.amount_total), ("allowance_changed", 10.0))
