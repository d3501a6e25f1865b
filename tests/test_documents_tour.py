from datetime import date

from odoo import fields
from odoo.tests import HttpCase, tagged

from ..tools import housing_math as hm
from .common_documents import DocumentsSetup


@tagged("post_install", "-at_install")
class TestDocumentsTour(DocumentsSetup, HttpCase):
    def test_accountant_emails_the_months_notices(self):
        month = hm.month_start(fields.Date.context_today(self.env["housing.rent.document"]))
        self._run(month)
        self.start_tour("/odoo", "solidarity_housing_documents_tour", login=self.user_accountant.login)
        documents = self.env["housing.rent.document"].search([("period_start", "=", month)])
        self.assertEqual(documents.occupant_id, self.occupant | self.fatima)
        self.assertEqual(set(documents.mapped("kind")), {"notice"})
        mohamed = documents.filtered(lambda doc: doc.occupant_id == self.occupant)
        self.assertEqual(
            (mohamed.amount_total, mohamed.amount_allowance, mohamed.amount_association, mohamed.amount_due),
            (450.0, 210.0, 40.0, 200.0),
        )
        self.assertEqual(mohamed.create_uid, self.user_accountant)
        mail = self.env["mail.mail"].search([("model", "=", "housing.rent.document"), ("res_id", "in", documents.ids)])
        self.assertEqual((mail.res_id, mail.recipient_ids, mail.state), (mohamed.id, self.occupant, "outgoing"))
        self.assertIn("Net à payer : 200,00 €", self._text(mail.attachment_ids.raw))
        self.assertFalse(documents.filtered(lambda doc: doc.occupant_id == self.fatima).sent_on)

    def test_accountant_settles_the_charges(self):
        self._bill(*(date(2025, month, 1) for month in range(1, 7)))
        settlement = (
            self.env["housing.charges.settlement"]
            .with_user(self.user_accountant)
            .create({"unit_id": self.unit.id, "date_start": "2025-01-01", "date_end": "2025-06-30"})
        )
        self.start_tour("/odoo", "solidarity_housing_settlement_tour", login=self.user_accountant.login)
        self.assertEqual((settlement.state, settlement.actual_charges), ("confirmed", 2000.0))
        self.assertEqual((settlement.amount_allocated, settlement.amount_difference), (806.63, 227.92))
        totals = {move.partner_id: (move.move_type, move.amount_total) for move in settlement.move_ids}
        self.assertEqual(
            totals,
            {
                self.caf: ("out_invoice", 88.21),
                self.fatima: ("out_invoice", 62.23),
                self.occupant: ("out_invoice", 39.08),
            },
        )
