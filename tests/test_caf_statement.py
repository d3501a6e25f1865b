from odoo.tests import tagged

from .common_caf import APRIL, MARCH, CafCase


def caf(index):
    """The CAF's monthly allowance of household ``index`` (see ``CafSetup._caf_households``)."""
    return 180.0 + index


def money(amount):
    return f"{amount:.2f}".replace(".", ",")


@tagged("post_install", "-at_install")
class TestCafStatement(CafCase):
    """A 50-line statement of April 2025 with every case, matched and validated to the cent."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.households = cls._caf_households(40)
        cls._bill_months(MARCH, APRIL)

    def _rows(self):
        rows = []
        name = lambda i: f"Occupant{i:02d} Test"  # noqa: E731
        number = lambda i: 1000000 + i  # noqa: E731
        for i in range(30):  # exact, by CAF number
            rows.append([number(i), name(i), "04/2025", "Mensualité", money(caf(i))])
        for i in range(30, 33):  # exact, no CAF number: by name (in another order and case) and amount
            rows.append(["", f"TEST Occupant{i:02d}", "04/2025", "Mensualité", money(caf(i))])
        for i in (33, 34, 35, 36):  # less than the due: 33 and 34 left with the CAF, 35 and 36 the allowance changed
            rows.append([number(i), name(i), "04/2025", "Mensualité", money(caf(i) - (30 if i < 35 else 25.5))])
        rows.append([number(37), name(37), "04/2025", "Mensualité", money(caf(37) + 12)])  # more, kept by the CAF
        rows.append([number(38), name(38), "04/2025", "Mensualité", money(caf(38) + 20)])  # more, allowance raised
        for i in range(4):  # back-payments of March, exact
            rows.append([number(i), name(i), "03/2025", "Rappel", money(caf(i))])
        rows.append([number(4), name(4), "03/2025", "Rappel", money(caf(4) - 50)])  # back-payment, partial
        rows.append([number(5), name(5), "02/2025", "Indu", "-45,00"])  # overpayment: the occupant's debt
        rows.append([number(6), name(6), "02/2025", "Indu", "30,00"])  # the same, written positive by the CAF
        rows.append([number(7), name(7), "02/2025", "Retenue", "-60,00"])  # contested
        rows.append([9999999, "Personne Inconnue", "04/2025", "Mensualité", "210,00"])  # unknown CAF number
        rows.append(["", "Martin Dupont", "04/2025", "Mensualité", "185,00"])  # no number, unknown name
        rows.append([number(8), name(8), "05/2025", "Mensualité", money(caf(8))])  # May is not billed: no due
        return rows

    def test_a_statement_of_every_case_reconciles_to_the_cent(self):
        rows = self._rows()
        self.assertEqual(len(rows), 50)
        paid = (
            sum(caf(i) for i in range(33))
            + sum(caf(i) - 30 for i in (33, 34))
            + sum(caf(i) - 25.5 for i in (35, 36))
            + caf(37)
            + 12
            + caf(38)
            + 20
            + sum(caf(i) for i in range(4))
            + caf(4)
            - 50
            + 210
            + 185
            + caf(8)
        )
        transfer = round(paid - 45 - 30 - 60, 2)
        self.assertEqual(transfer, 8990.0)
        moves_before = self.env["account.move"].search_count([("company_id", "=", self.company.id)])
        statement = self._import(self._csv(rows), transfer, month=APRIL)

        # matched, line by line, nothing posted yet
        self.assertEqual(
            (statement.line_count, statement.matched_count, statement.differs_count),
            (50, 40, 7),
        )
        self.assertEqual((statement.no_due_count, statement.unknown_count), (1, 2))
        self.assertEqual((statement.amount_total, statement.amount_difference, statement.state), (8990.0, 0.0, "draft"))
        self.assertEqual(self.env["account.move"].search_count([("company_id", "=", self.company.id)]), moves_before)
        self.assertFalse(self.env["account.payment"].search([("partner_id", "=", self.caf.id)]))
        lines = {line.line_number: line for line in statement.line_ids}
        self._check_matching(lines)
        # the accountant's choices
        (lines[37] | lines[38] | lines[40]).write({"difference_action": "allowance_changed"})
        lines[48].write({"indu_action": "contested", "note": "La personne a prouvé ses ressources : recours envoyé."})
        self.assertEqual(lines[37].outcome, "Pays the due; 25.50\xa0€ moved to the occupant")
        self.assertEqual(lines[35].outcome, "30.00\xa0€ left due by the CAF")

        statement.with_user(self.user_accountant).action_validate()
        self.assertEqual(statement.state, "done")
        payment = statement.payment_id
        self.assertEqual((payment.amount, payment.partner_id, payment.state), (8990.0, self.caf, "in_process"))
        self.assertEqual(len(payment), 1, "one payment for the transfer")
        self._check_dues()
        self._check_moves(lines, payment)
        self.assertIn("Validated: payment", statement.message_ids[0].body)

    def _check_matching(self, lines):
        """Line by line (file line n is row n - 2 of ``_rows``)."""
        by_name = lines[32]  # file line 32 = household 30, without a CAF number
        self.assertEqual(
            (by_name.partner_id, by_name.match_method, by_name.match_state),
            (self.households[30].partner_id, "name_amount", "matched"),
        )
        self.assertEqual(
            (lines[2].match_method, lines[2].rent_line_id),
            ("caf_number", self._allowance_due(self.households[0], APRIL)),
        )
        self.assertEqual((lines[35].match_state, lines[35].difference), ("amount_differs", -30.0))
        self.assertEqual(lines[41].kind, "rappel")
        self.assertEqual(lines[41].rent_line_id, self._allowance_due(self.households[0], MARCH))
        self.assertEqual((lines[46].kind, lines[46].amount), ("indu", -45.0))
        self.assertEqual(
            (lines[47].kind, lines[47].amount), ("indu", -30.0), "an overpayment is deducted, whatever its sign"
        )
        self.assertEqual(
            (lines[49].match_state, lines[49].match_note),
            ("unknown", "No occupant has this CAF number in their social profile."),
        )
        self.assertEqual(lines[50].match_state, "unknown")
        self.assertEqual(
            (lines[51].match_state, lines[51].match_note),
            ("no_due", "This occupant has no allowance due of this CAF for this month."),
        )

    def _check_dues(self):
        """Each allowance due of April and March, as computed by hand."""
        expected = {}
        for i, agreement in enumerate(self.households):
            april = caf(i)
            expected[(agreement, APRIL)] = (
                ("paid", 0.0)
                if i < 33 or i in (35, 36, 37, 38)
                else ("partial", 30.0)
                if i in (33, 34)
                else ("not_paid", april)
            )
            expected[(agreement, MARCH)] = (
                ("paid", 0.0) if i < 4 else ("partial", 50.0) if i == 4 else ("not_paid", caf(i))
            )
        for (agreement, month), figures in expected.items():
            due = self._allowance_due(agreement, month)
            self.assertEqual((due.payment_state, due.amount_residual), figures, f"{agreement.partner_id.name} {month}")
        april_invoice = self._allowance_due(self.households[0], APRIL).move_id
        march_invoice = self._allowance_due(self.households[0], MARCH).move_id
        self.assertEqual(april_invoice.amount_residual, 30.0 + 30.0 + caf(39))
        self.assertEqual(march_invoice.amount_residual, round(50.0 + sum(caf(i) for i in range(5, 40)), 2))
        self.assertEqual(
            sum(self._allowance_due(agreement, APRIL).amount_residual for agreement in self.households),
            april_invoice.amount_residual,
            "the dues' amounts left to pay sum to the invoice's",
        )

    def _check_moves(self, lines, payment):
        # the allowance changed: a credit note to the CAF (matched with its April invoice), an invoice to the occupant
        credit_note = lines[37].caf_move_id
        self.assertEqual(credit_note, lines[38].caf_move_id)
        self.assertEqual(
            (credit_note.move_type, credit_note.amount_total, credit_note.payment_state), ("out_refund", 51.0, "paid")
        )
        for line in (lines[37], lines[38]):
            invoice = line.occupant_move_id
            self.assertEqual(
                (invoice.move_type, invoice.partner_id, invoice.amount_total), ("out_invoice", line.partner_id, 25.5)
            )
            self.assertEqual(invoice.state, "posted")
        # the allowance raised: an invoice to the CAF paid by the transfer, a credit note to the occupant that pays
        # part of their own April rent
        raised = lines[40].caf_move_id
        self.assertEqual((raised.move_type, raised.amount_total, raised.payment_state), ("out_invoice", 20.0, "paid"))
        own = self._own_due(self.households[38], APRIL)
        self.assertEqual(
            (lines[40].occupant_move_id.amount_total, own.payment_state, own.amount_residual), (20.0, "partial", 180.0)
        )
        # overpayments: the occupant's debt (invoice), the CAF's credit note matched by the transfer; or kept aside
        for line, amount in ((lines[46], 45.0), (lines[47], 30.0)):
            self.assertEqual(
                (line.occupant_move_id.move_type, line.occupant_move_id.amount_total), ("out_invoice", amount)
            )
        self.assertEqual((lines[46].caf_move_id.amount_total, lines[46].caf_move_id.payment_state), (75.0, "paid"))
        self.assertFalse(lines[48].occupant_move_id | lines[48].caf_move_id)
        receivable = payment.move_id.line_ids.filtered(lambda aml: aml.account_id.account_type == "asset_receivable")
        kept = receivable.filtered(lambda aml: "contested" in aml.name)
        self.assertEqual((kept.debit, kept.reconciled), (60.0, False), "kept aside: the CAF owes it back")
        credit = receivable.filtered(lambda aml: aml.name.endswith("CAF's credit"))
        self.assertEqual((credit.credit, credit.amount_residual), (210 + 185 + 12 + caf(8), -(210 + 185 + 12 + caf(8))))
        # the CAF's account: invoices left to pay, minus its credit, plus the contested overpayment
        self.assertEqual(
            (lines[35].residual_after, lines[2].amount_settled, lines[49].amount_unallocated), (30.0, caf(0), 210.0)
        )
