from datetime import date

from freezegun import freeze_time

from odoo.tests import tagged

from .common_collections import CollectionsCase

APRIL = date(2025, 4, 1)


@tagged("post_install", "-at_install")
class TestAllowanceRefund(CollectionsCase):
    """The CAF pays more than the occupant owes: the surplus is paid back, or kept as credit, as the company says."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.omar = cls.env["res.partner"].create({"name": "Omar Haidari"})
        # 450.00 a month, the CAF pays 480.00: 30.00 a month owed back to Omar
        cls._new_occupancy(
            room=cls.room_double,
            partner=cls.omar,
            start="2025-01-01",
            shares=[
                {"payer_kind": "housing_allowance", "partner_id": cls.caf.id, "amount": 480.0},
                {"payer_kind": "occupant", "is_remainder": True},
            ],
        )

    def _credit_note(self, run):
        return run.move_ids.filtered(lambda move: move.partner_id == self.omar)

    @freeze_time("2025-04-01")
    def test_refund_setting_asks_the_accountant_to_pay_back(self):
        self.company.housing_allowance_surplus = "refund"
        run = self._run(APRIL)
        credit_note = self._credit_note(run)
        self.assertEqual((credit_note.move_type, credit_note.amount_total), ("out_refund", 30.0))
        activity = self._activities(credit_note, "allowance_refund")
        # nobody set as collections accountant: whoever billed
        self.assertEqual(
            (activity.user_id, activity.date_deadline, activity.summary),
            (self.user_accountant, date(2025, 4, 5), "Pay back 30.00\xa0€ of housing allowance to Omar Haidari"),
        )
        self.assertEqual(
            activity.activity_type_id, self.env.ref("solidarity_housing.mail_activity_type_allowance_refund")
        )
        # the accountant pays it back with the credit note's Pay button (Odoo's payment wizard)
        payment = self._pay(credit_note, date="2025-04-08")
        self.assertEqual((payment.payment_type, payment.amount, payment.partner_id), ("outbound", 30.0, self.omar))
        due = credit_note.housing_rent_line_ids
        self.assertEqual((due.payment_state, due.amount_residual), ("paid", 0.0))
        self._run_collections_job()
        self.assertFalse(activity.active, "paid back: the reminder is done")
        self.assertEqual(activity.feedback, "Credit note settled.")

    @freeze_time("2025-04-01")
    def test_refund_setting_names_the_collections_accountant(self):
        self.company.housing_allowance_surplus = "refund"
        self.company.housing_collections_user_id = self.user_manager
        run = self._run(APRIL)
        self.assertEqual(self._activities(self._credit_note(run), "allowance_refund").user_id, self.user_manager)

    @freeze_time("2025-04-01")
    def test_credit_setting_keeps_the_surplus_for_the_next_rents(self):
        self.assertEqual(self.company.housing_allowance_surplus, "credit", "DOMAIN.md default")
        run = self._run(APRIL)
        credit_note = self._credit_note(run)
        self.assertEqual((credit_note.amount_total, credit_note.payment_state), (30.0, "not_paid"))
        self.assertFalse(self._activities(credit_note), "nothing to pay back")
        figures = self.env["housing.arrears"].sudo()._figures(self.company, self.omar.ids, date(2025, 4, 20))
        self.assertEqual((figures[self.omar.id]["amount_credit"], figures[self.omar.id]["amount_overdue"]), (30.0, 0.0))
