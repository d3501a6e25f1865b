from odoo.tests import TransactionCase, tagged

from .common_caf import APRIL, MAY, CafSetup
from .common_documents import REPORT, DocumentsSetup


@tagged("post_install", "-at_install")
class TestCafAdjustments(CafSetup, DocumentsSetup, TransactionCase):
    """The CAF lowers Mohamed's allowance of April by 20.00: his share of April grows by as much, stated on his
    next payment notice; April's rent receipt waits until it is paid."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["housing.social.profile"].create(
            {"partner_id": cls.occupant.id, "company_id": cls.company.id, "caf_number": "2345671"}
        )
        cls._bill_months(APRIL, MAY)

    def test_the_allowance_lowered_goes_to_the_occupant_and_on_his_next_notice(self):
        content = self._csv(
            [
                ["2345671", "BENALI Mohamed", "04/2025", "Mensualité", "190,00"],
                ["", "HADDAD Fatima", "04/2025", "Mensualité", "210,00"],
            ]
        )
        statement = self._import(content, 400.0)
        mohamed_line = statement.line_ids[0]
        self.assertEqual((mohamed_line.match_state, mohamed_line.difference), ("amount_differs", -20.0))
        mohamed_line.difference_action = "allowance_changed"
        statement.action_validate()
        allowance = self._allowance_due(self.mohamed_agreement, APRIL)
        self.assertEqual((allowance.payment_state, allowance.amount_residual), ("paid", 0.0))
        adjustment = mohamed_line.occupant_move_id
        self.assertEqual(
            (adjustment.partner_id, adjustment.amount_total, mohamed_line.occupant_amount), (self.occupant, 20.0, 20.0)
        )
        self.assertEqual(adjustment.invoice_date_due.isoformat(), "2025-05-05", "due with the next rent")
        self.assertTrue(
            adjustment.invoice_line_ids[0].name.startswith(
                "Housing allowance lowered by the CAF: your share — April 2025 — Mohamed Benali"
            )
        )
        self.assertEqual(adjustment.invoice_line_ids.mapped("price_unit"), [17.33, 2.67], "rent and charges as the due")

        # April's own share paid: still not fully paid, the adjustment is not
        own = self._own_due(self.mohamed_agreement, APRIL)
        self._pay(own.move_id, date="2025-04-10")
        result = self.env["housing.rent.document"]._issue(
            "rent_receipt", self._dues(APRIL, occupant_id=self.occupant.id)
        )
        document, status = result["refused"][0]
        self.assertEqual((status["due"], status["paid"], status["residual"]), (220.0, 200.0, 20.0))
        self.assertIn(
            "has not fully paid April 2025 (20.00\xa0€ left to pay of 220.00\xa0€)", document._not_paid_message(status)
        )

        # May's notice states it
        notice = self._issue(MAY, "notice", occupant_ids=[(6, 0, self.occupant.ids)]).document_ids
        text = self._render(REPORT, notice)
        self.assertIn("Régularisations d'allocation logement (relevé CAF)", text)
        self.assertIn(f"Allocation logement baissée par la CAF (avril 2025) — {adjustment.name} 20,00 €", text)
        self.assertIn("À payer en plus pour les régularisations 20,00 €", text)

        # paid: April is fully paid, its rent receipt counts the adjustment
        self._pay(adjustment, date="2025-05-03")
        result = self.env["housing.rent.document"]._issue(
            "rent_receipt", self._dues(APRIL, occupant_id=self.occupant.id)
        )
        receipt = result["documents"]
        self.assertEqual((receipt.kind, receipt.amount_paid, receipt.amount_residual), ("rent_receipt", 220.0, 0.0))
        text = self._render(REPORT, self._issue(MAY, "notice", occupant_ids=[(6, 0, self.occupant.ids)]).document_ids)
        self.assertIn("(réglé)", text, "settled in May: still stated on May's notice, as settled")
