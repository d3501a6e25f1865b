from datetime import date, timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common_documents import STATEMENT, DocumentsCase


@tagged("post_install", "-at_install")
class TestChargesSettlement(DocumentsCase):
    """Settle the first half of 2025 of the test unit (4 beds): Fatima all along, Mohamed from 12 March.

    Provisions billed (charges part of each due): Fatima 60.00 a month = 360.00 (her 160.02, the CAF 140.00
    from February, the association 59.98); Mohamed 38.71 in March (20 days) then 60.00 = 218.71 (his 97.21, the
    CAF 84.00 from April, the association 37.50).
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._bill(*(date(2025, month, 1) for month in range(1, 7)))

    def _settlement(self, user=None, **values):
        return (
            self.env["housing.charges.settlement"]
            .with_user(user or self.user_accountant)
            .with_company(self.company)
            .create({"unit_id": self.unit.id, "date_start": "2025-01-01", "date_end": "2025-06-30", **values})
        )

    def _lines(self, settlement):
        return {line.occupant_id: line for line in settlement.line_ids}

    def _shares(self, settlement):
        return {
            (share.occupant_id, share.payer_kind): (share.provisions, share.amount) for share in settlement.share_ids
        }

    def test_actual_charges_default_to_the_landlord_bills(self):
        settlement = self._settlement()
        # the head lease's 150.00 of charges a month, January to June
        self.assertEqual(
            (settlement.landlord_charges, settlement.actual_charges, settlement.total_parts, settlement.period_days),
            (900.0, 900.0, 4.0, 181),
        )
        self.assertEqual(settlement.name, "Charges 01/01/2025 – 06/30/2025 — " + self.unit.display_name)
        # the landlord's own charges bill for the unit (on its analytic account) counts too
        plan = self.env["account.analytic.plan"].create({"name": "Logements"})
        analytic = self.env["account.analytic.account"].create(
            {"name": "Appartement Tanger", "plan_id": plan.id, "company_id": self.company.id}
        )
        self.unit.analytic_account_id = analytic
        account = self.company._housing_accounting()["housing_charges_expense_account_id"]
        bill = (
            self.env["account.move"]
            .with_company(self.company)
            .create(
                {
                    "move_type": "in_invoice",
                    "partner_id": self.landlord.id,
                    "invoice_date": "2025-06-30",
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "name": "Régularisation des charges, 1er semestre",
                                "account_id": account.id,
                                "price_unit": 120.0,
                                "tax_ids": [Command.clear()],
                                "analytic_distribution": {str(analytic.id): 100},
                            }
                        )
                    ],
                }
            )
        )
        bill.action_post()
        settlement.invalidate_recordset(["landlord_charges"])
        settlement.action_use_landlord_charges()
        self.assertEqual((settlement.landlord_charges, settlement.actual_charges), (1020.0, 1020.0))

    def test_balance_due_is_invoiced_to_each_payer_once(self):
        settlement = self._settlement(actual_charges=2000.0)
        settlement.action_compute()
        lines = self._lines(settlement)
        fatima, mohamed = lines[self.fatima], lines[self.occupant]
        self.assertEqual(
            (fatima.date_from, fatima.date_to, fatima.days, fatima.parts), (date(2025, 1, 1), date(2025, 6, 30), 181, 1)
        )
        self.assertEqual(
            (mohamed.date_from, mohamed.date_to, mohamed.days), (date(2025, 3, 12), date(2025, 6, 30), 111)
        )
        # 2000.00 × 1 part of 4 × 181 / 181 days = 500.00; Mohamed, last, 806.63 − 500.00 = 306.63
        self.assertEqual((fatima.actual_amount, fatima.provisions, fatima.balance), (500.0, 360.0, 140.0))
        self.assertEqual((mohamed.actual_amount, mohamed.provisions, mohamed.balance), (306.63, 218.71, 87.92))
        self.assertEqual(
            self._shares(settlement),
            {
                (self.fatima, "housing_allowance"): (140.0, 54.44),
                (self.fatima, "occupant"): (160.02, 62.23),
                (self.fatima, "association"): (59.98, 23.33),
                (self.occupant, "housing_allowance"): (84.0, 33.77),
                (self.occupant, "occupant"): (97.21, 39.08),
                (self.occupant, "association"): (37.5, 15.07),
            },
        )
        self.assertEqual(
            (
                settlement.amount_allocated,
                settlement.amount_vacancy,
                settlement.amount_provisions,
                settlement.amount_difference,
            ),
            (806.63, 1193.37, 578.71, 227.92),
        )
        self.assertAlmostEqual(sum(settlement.share_ids.mapped("amount")), 227.92, places=2)
        settlement.action_confirm()
        self.assertEqual(settlement.state, "confirmed")
        moves = {move.partner_id: move for move in settlement.move_ids}
        self.assertEqual(set(moves), {self.caf, self.fatima, self.occupant}, "the association's share is not billed")
        summary = {
            partner: (move.move_type, move.state, move.amount_total, len(move.invoice_line_ids))
            for partner, move in moves.items()
        }
        self.assertEqual(
            summary,
            {
                self.caf: ("out_invoice", "posted", 88.21, 2),
                self.fatima: ("out_invoice", "posted", 62.23, 1),
                self.occupant: ("out_invoice", "posted", 39.08, 1),
            },
        )
        today = fields.Date.context_today(settlement)
        self.assertEqual(moves[self.fatima].invoice_date_due, today + timedelta(days=30))
        self.assertEqual(
            (settlement.amount_to_invoice, settlement.amount_to_credit, settlement.amount_association),
            (189.52, 0.0, 38.4),
        )
        self.assertEqual(
            settlement.share_ids.filtered(lambda s: s.payer_kind == "occupant").move_id,
            moves[self.fatima] | moves[self.occupant],
        )
        # confirming again bills nothing more
        with self.assertRaisesRegex(UserError, "was already confirmed on .*: its invoices and credit notes are issued"):
            settlement.action_confirm()
        self.assertEqual(self.env["account.move"].search_count([("invoice_origin", "=", settlement.name)]), 3)

    def test_provisions_paid_in_excess_are_credited(self):
        settlement = self._settlement(actual_charges=1000.0)
        settlement.action_compute()
        self.assertEqual((settlement.amount_allocated, settlement.amount_difference), (403.31, -175.4))
        self.assertEqual(
            self._shares(settlement),
            {
                (self.fatima, "housing_allowance"): (140.0, -42.78),
                (self.fatima, "occupant"): (160.02, -48.9),
                (self.fatima, "association"): (59.98, -18.32),
                (self.occupant, "housing_allowance"): (84.0, -25.12),
                (self.occupant, "occupant"): (97.21, -29.07),
                (self.occupant, "association"): (37.5, -11.21),
            },
        )
        settlement.action_confirm()
        summary = {move.partner_id: (move.move_type, move.amount_total) for move in settlement.move_ids}
        self.assertEqual(
            summary,
            {
                self.caf: ("out_refund", 67.9),
                self.fatima: ("out_refund", 48.9),
                self.occupant: ("out_refund", 29.07),
            },
        )
        self.assertEqual((settlement.amount_to_credit, settlement.amount_association), (145.87, -29.53))

    def test_statement_of_each_occupant(self):
        settlement = self._settlement(actual_charges=2000.0)
        settlement.action_compute()
        settlement.action_confirm()
        fatima = self._lines(settlement)[self.fatima]
        action = settlement.action_print_statements()
        self.assertEqual(action["context"]["active_ids"], settlement.line_ids.ids)
        text = self._render(STATEMENT, fatima)
        invoice = fatima.share_ids.filtered(lambda s: s.payer_kind == "occupant").move_id
        for expected in (
            "Décompte de régularisation des charges — 01/01/2025 – 30/06/2025",
            "Locataire Fatima Haddad",
            "Période régularisée : du 01/01/2025 au 30/06/2025",
            "Votre occupation : du 01/01/2025 au 30/06/2025 (181 jours sur 181)",
            "Charges réelles du logement sur la période 2 000,00 €",
            "Votre part : 1,00 part(s) sur 4,00, 181 jours sur 181 500,00 €",
            "Provisions pour charges facturées sur la période - 360,00 €",
            "dont à votre charge 160,02 €",
            "dont couvert par l'aide au logement (CAF Test) 140,00 €",
            "dont couvert par l'association 59,98 €",
            "Solde : charges restant dues 140,00 €",
            f"Vous à payer ({invoice.name}) 62,23 €",
            "CAF Test à payer",
            "L'association (non facturé) 23,33 €",
            "Vous devez 62,23 € au titre des charges de la période.",
        ):
            self.assertIn(expected, text)

    def test_bad_input_is_refused(self):
        with self.assertRaisesRegex(ValidationError, "cannot be negative"):
            self._settlement(actual_charges=-5.0)
        with self.assertRaisesRegex(ValidationError, r"ends \(.*\) before it starts"):
            self._settlement(date_start="2025-06-01", date_end="2025-03-31")
        with self.assertRaisesRegex(ValidationError, "a settlement covers whole months"):
            self._settlement(date_start="2025-01-15", date_end="2025-06-30")
        empty = self._new_unit("Studio vide")
        with self.assertRaisesRegex(UserError, "No occupancy agreement of .*Studio vide covers"):
            self._settlement(unit_id=empty.id).action_compute()
        with self.assertRaisesRegex(UserError, "These months were never billed: .*July 2025"):
            self._settlement(date_end="2025-12-31").action_compute()
        settlement = self._settlement(actual_charges=2000.0)
        with self.assertRaisesRegex(UserError, "before confirming it: it has no agreement line yet"):
            settlement.action_confirm()
        with self.assertRaisesRegex(ValidationError, "already settles the charges of"):
            self._settlement(date_start="2025-06-01", date_end="2025-12-31")
        settlement.action_compute()
        with self.assertRaisesRegex(ValidationError, "take more charges parts than the unit has"):
            settlement.line_ids[0].parts = 4
        with self.assertRaisesRegex(ValidationError, "cannot be negative"):
            settlement.line_ids[0].parts = -1
        with self.assertRaisesRegex(ValidationError, "must be positive"):
            settlement.total_parts = 0

    def test_cancel_reverses_the_invoices(self):
        settlement = self._settlement(actual_charges=2000.0)
        settlement.action_compute()
        settlement.action_confirm()
        invoices = settlement.move_ids
        settlement.action_cancel()
        self.assertEqual(settlement.state, "cancelled")
        self.assertEqual(invoices.mapped("payment_state"), ["reversed"] * 3)
        self.assertEqual(len(settlement.move_ids), 6, "the invoices and their credit notes")
        with self.assertRaisesRegex(UserError, "Only a draft settlement can change"):
            settlement.actual_charges = 10.0
        again = self._settlement(actual_charges=1800.0)
        again.action_compute()
        self.assertEqual(again.amount_allocated, 725.97, "1800.00 × 292 / 724, settled again once cancelled")

    def test_back_office_reads_accountants_settle(self):
        with self.assertRaises(AccessError):
            self._settlement(user=self.user_backoffice)
        settlement = self._settlement(actual_charges=2000.0)
        with self.assertRaisesRegex(UserError, "Only accountants \\(Invoicing rights\\) can settle charges"):
            settlement.with_user(self.user_backoffice).action_compute()
        settlement.action_compute()
        as_backoffice = settlement.with_user(self.user_backoffice)
        self.assertEqual((as_backoffice.amount_difference, len(as_backoffice.line_ids)), (227.92, 2))
        with self.assertRaises(AccessError):
            as_backoffice.write({"note": "<p>vu</p>"})
        with self.assertRaisesRegex(UserError, "Only accountants"):
            as_backoffice.action_confirm()
        settlement.action_confirm()
        # the back office prints the statements (reading the invoice numbers, not the invoices)
        text = self._render(STATEMENT, as_backoffice.line_ids, user=self.user_backoffice)
        self.assertIn("Vous devez 62,23 €", text)
        # another association sees nothing of it
        other = self.env(user=self.user_other_company, context={"allowed_company_ids": self.other_company.ids})
        self.assertFalse(other["housing.charges.settlement"].search([]))
        with self.assertRaises(AccessError):
            other["housing.charges.settlement"].browse(settlement.id).read(["name"])
        with self.assertRaises(AccessError):
            other["housing.charges.settlement.line"].browse(settlement.line_ids[:1].id).read(["balance"])
        with self.assertRaises(AccessError):
            other["housing.charges.settlement.share"].browse(settlement.share_ids[:1].id).read(["amount"])
