from datetime import date

from odoo.tests import tagged

from .common_collections import CollectionsCase

APRIL = date(2025, 4, 1)


@tagged("post_install", "-at_install")
class TestPaymentState(CollectionsCase):
    """Each due follows the payments registered and matched with its invoice (Odoo's payment wizard)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.fatima = cls.env["res.partner"].create({"name": "Fatima Haddad"})
        # both since January: 200.00 a month each, the CAF 210.00 for Mohamed and 180.50 for Fatima
        cls.mohamed_agreement = cls._caf_occupancy(room=cls.room_1, partner=cls.occupant, start="2025-01-01")
        cls.fatima_agreement = cls._caf_occupancy(room=cls.room_2, partner=cls.fatima, start="2025-01-01", caf=180.50)

    def _due(self, agreement, payer_kind="occupant", month=APRIL):
        return self.env["housing.rent.line"].search(
            [("occupancy_id", "=", agreement.id), ("payer_kind", "=", payer_kind), ("period_start", "=", month)]
        )

    def test_an_occupant_pays_in_two_goes(self):
        self._run(APRIL)
        due = self._due(self.mohamed_agreement)
        self.assertEqual((due.payment_state, due.amount_residual), ("not_paid", 200.0))
        self._pay(due.move_id, amount=50.0, date="2025-04-10")
        self.assertEqual((due.payment_state, due.amount_residual), ("partial", 150.0))
        self._pay(due.move_id, amount=150.0, date="2025-04-25")
        self.assertEqual((due.payment_state, due.amount_residual), ("paid", 0.0))
        self.assertEqual(due.move_id.payment_state, "paid")

    def test_a_partial_payment_of_the_caf_is_shared_between_its_occupants(self):
        self._run(APRIL)
        mohamed, fatima = (
            self._due(self.mohamed_agreement, "housing_allowance"),
            self._due(self.fatima_agreement, "housing_allowance"),
        )
        invoice = mohamed.move_id
        self.assertEqual((fatima.move_id, invoice.amount_total), (invoice, 390.50), "one CAF invoice for both")
        self._pay(invoice, amount=100.0, date="2025-04-15")
        self.assertEqual(invoice.amount_residual, 290.50)
        # 290.50 left, shared 210.00 : 180.50 → 156.22 and 134.28, which sum to the invoice's to the cent
        self.assertEqual((mohamed.payment_state, mohamed.amount_residual), ("partial", 156.22))
        self.assertEqual((fatima.payment_state, fatima.amount_residual), ("partial", 134.28))
        self.assertEqual(mohamed.amount_residual + fatima.amount_residual, invoice.amount_residual)
        self._pay(invoice, date="2025-04-30")  # the rest
        self.assertEqual((mohamed.payment_state, fatima.payment_state), ("paid", "paid"))
        self.assertEqual((mohamed.amount_residual, fatima.amount_residual), (0.0, 0.0))
        # the occupants' own invoices are untouched
        self.assertEqual(self._due(self.mohamed_agreement).payment_state, "not_paid")

    def test_one_payment_of_several_months(self):
        self._run(date(2025, 3, 1))
        self._run(APRIL)
        invoices = self._invoices(self.occupant)
        self.assertEqual(len(invoices), 2)
        self._pay(invoices, amount=300.0, date="2025-04-20")
        march, april = self._due(self.mohamed_agreement, month=date(2025, 3, 1)), self._due(self.mohamed_agreement)
        # Odoo matches the oldest invoice first
        self.assertEqual((march.payment_state, april.payment_state), ("paid", "partial"))
        self.assertEqual((march.amount_residual, april.amount_residual), (0.0, 100.0))

    def test_an_invoice_cancelled_by_a_credit_note_is_credited(self):
        self._run(APRIL)
        due = self._due(self.fatima_agreement)
        invoice = due.move_id
        credit_note = invoice._reverse_moves([{"ref": "Erreur de facturation"}], cancel=True)
        self.assertEqual((credit_note.move_type, credit_note.state), ("out_refund", "posted"))
        self.assertEqual(invoice.payment_state, "reversed")
        self.assertEqual((due.payment_state, due.amount_residual), ("credited", 0.0))
        self.assertFalse(self._activities(credit_note), "a correction is not an allowance to pay back")

    def test_the_allowance_above_the_due_is_owed_back_until_paid(self):
        tenant = self.env["res.partner"].create({"name": "Omar Haidari"})
        agreement = self._new_occupancy(
            room=self.room_double,
            partner=tenant,
            start="2025-01-01",
            shares=[
                {"payer_kind": "housing_allowance", "partner_id": self.caf.id, "amount": 480.0},
                {"payer_kind": "occupant", "is_remainder": True},
            ],
        )
        self._run(APRIL)
        due = self._due(agreement)
        self.assertEqual((due.amount, due.payment_state, due.amount_residual), (-30.0, "not_paid", -30.0))
        self._pay(due.move_id, date="2025-04-12")  # the association pays the occupant back
        self.assertEqual((due.payment_state, due.amount_residual), ("paid", 0.0))
