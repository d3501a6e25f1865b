import base64

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common_caf import APRIL, MAY, SAMPLE, CafCase


@tagged("post_install", "-at_install")
class TestCafIntegrity(CafCase):
    """What the accountant validated stays as validated, whatever is written through RPC; what is posted is what
    the accountant reviewed."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.agreements = cls._sample_households()
        cls._bill_months(APRIL)

    def _as_accountant(self, records):
        return records.with_user(self.user_accountant).with_company(self.company)

    def _caf_payments(self):
        return self.env["account.payment"].search_count([("partner_id", "=", self.caf.id)])

    def test_a_validated_statement_cannot_be_set_back_nor_validated_twice(self):
        rows = [
            ["2345671", "BENALI Mohamed", "04/2025", "Mensualité", "210,00"],
            ["2345672", "HADDAD Fatima", "04/2025", "Mensualité", "170,50"],
        ]
        statement = self._as_accountant(self._import(self._csv(rows), 380.5))
        statement.action_validate()
        due = self._allowance_due(self.agreements[1], APRIL)
        self.assertEqual((due.payment_state, due.amount_residual), ("partial", 10.0))
        payment = statement.payment_id
        self.assertEqual(self._caf_payments(), 1)
        for vals, message in (
            (
                {"state": "draft"},
                r"^Set by the import and the Validate button of a CAF statement, not by hand: Status\.$",
            ),
            ({"payment_id": False}, r"not by hand: Payment\.$"),
            ({"amount_total": 1.0}, r"not by hand: Total of the lines\.$"),
            ({"amount_transfer": 1.0}, r"is validated: its payment is registered, the statement cannot change"),
            ({"journal_id": self.bank.id}, r"is validated: its payment is registered"),
        ):
            with self.subTest(vals=vals), self.assertRaisesRegex(UserError, message):
                statement.write(vals)
        with self.assertRaisesRegex(UserError, "is validated: its payment is registered. It cannot be deleted"):
            statement.unlink()
        with self.assertRaisesRegex(UserError, "is already validated"):
            statement.action_validate()
        self.assertEqual((statement.state, statement.payment_id, self._caf_payments()), ("done", payment, 1))

        # its lines: frozen, but for their notes
        line = statement.line_ids.filtered(lambda line: line.line_number == 3)
        self._as_accountant(line).note = "La CAF a confirmé la baisse au téléphone."
        self.assertEqual(line.note, "La CAF a confirmé la baisse au téléphone.")
        for vals, message in (
            ({"amount": 180.5}, r"is validated: its lines cannot change any more \(only their notes\)"),
            ({"difference_action": "allowance_changed"}, r"is validated: its lines cannot change any more"),
            (
                {"residual_after": 0.0},
                r"^Set by the matching and the validation of a CAF statement, not by hand: Left due by the CAF\.$",
            ),
            ({"amount_settled": 180.5}, r"not by hand: Paid to the due\.$"),
            ({"statement_id": statement.id, "match_state": "matched"}, r"not by hand: Match, Statement\.$"),
        ):
            with self.subTest(vals=vals), self.assertRaisesRegex(UserError, message):
                self._as_accountant(line).write(vals)
        with self.assertRaisesRegex(UserError, "The lines of a CAF statement come from the CAF's file"):
            self._as_accountant(self.env["housing.caf.statement.line"]).create(
                {"statement_id": statement.id, "period_start": APRIL, "amount": 10.0}
            )
        with self.assertRaisesRegex(UserError, "is validated: its payment is registered, the statement cannot"):
            statement.write({"line_ids": [Command.update(line.id, {"amount": 1.0})]})
        statement.write({"line_ids": [Command.update(line.id, {"note": "Baisse confirmée."})]})
        due.invalidate_recordset()
        self.assertEqual((due.payment_state, due.amount_residual, line.residual_after), ("partial", 10.0, 10.0))

    def test_statements_come_from_a_file_and_the_matching_is_the_statements(self):
        with self.assertRaisesRegex(UserError, "A CAF statement is created by importing the CAF's file"):
            self._as_accountant(self.env["housing.caf.statement"]).create(
                {
                    "mapping_id": self.mapping.id,
                    "caf_partner_id": self.caf.id,
                    "period_start": APRIL,
                    "date_payment": APRIL,
                    "journal_id": self.bank.id,
                    "amount_transfer": 10.0,
                    "state": "done",
                }
            )
        statement = self._as_accountant(self._import(SAMPLE.read_bytes(), 881.0))
        line = statement.line_ids[0]
        with self.assertRaisesRegex(UserError, r"not by hand: Left due by the CAF\.$"):
            line.residual_after = 50.0
        with self.assertRaisesRegex(UserError, r"not by hand: Due left to pay\.$"):
            line.due_residual = 0.0
        # an amount corrected before validating: the line is matched again
        line.amount = 200.0
        self.assertEqual((line.match_state, line.difference), ("amount_differs", -10.0))
        self.assertEqual(statement.amount_difference, 10.0)
        with self.assertRaisesRegex(UserError, r"add up to 871\.00\xa0€ but the bank transfer is 881\.00\xa0€"):
            statement.action_validate()

    def test_validating_never_posts_another_matching_than_the_one_reviewed(self):
        rows = [
            ["2345671", "BENALI Mohamed", "04/2025", "Mensualité", "210,00"],
            ["2345672", "HADDAD Fatima", "05/2025", "Mensualité", "180,50"],
        ]
        statement = self._as_accountant(self._import(self._csv(rows), 390.5, month=APRIL))
        may = statement.line_ids.filtered(lambda line: line.period_start == MAY)
        self.assertEqual(may.match_state, "no_due")
        self._bill_months(MAY)  # billed since: the line would now pay May's due
        with self.assertRaisesRegex(
            UserError, r"The dues changed since CAF Test 2025-04 was matched .*: line 3 would now be matched otherwise"
        ):
            statement.action_validate()
        self.assertEqual((statement.state, self._caf_payments(), may.match_state), ("draft", 0, "no_due"))
        statement.action_match()
        self.assertEqual(may.match_state, "matched")
        statement.action_validate()
        self.assertEqual(self._allowance_due(self.agreements[1], MAY).payment_state, "paid")

    def test_the_totals_follow_the_treatment_chosen(self):
        rows = [["2345671", "BENALI Mohamed", "04/2025", "Mensualité", "222,00"]]
        statement = self._as_accountant(self._import(self._csv(rows), 222.0))
        self.assertEqual((statement.amount_matched, statement.amount_credit_left), (210.0, 12.0))
        statement.line_ids.difference_action = "allowance_changed"
        self.assertEqual(statement.amount_credit_left, 0.0, "the surplus goes to the occupant, not the CAF's credit")

    def test_the_name_is_the_same_in_every_language(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        self.user_accountant.lang = "fr_FR"
        statement = self._import(SAMPLE.read_bytes(), 881.0)
        self.assertEqual(statement.name, "CAF Test 2025-04")
        self.assertEqual(statement.with_context(lang="en_US").name, "CAF Test 2025-04")

    def test_a_file_too_large_is_refused_before_it_is_stored(self):
        Wizard = self.env["housing.caf.statement.import"].with_user(self.user_accountant).with_company(self.company)
        stored = [("res_model", "=", Wizard._name), ("res_field", "=", "file")]
        attachments = self.env["ir.attachment"].search_count(stored)
        content = b"N;x\n" + b"1;" + b"9" * (10 * 1024 * 1024)
        with self.assertRaisesRegex(UserError, r"^The file weighs 10\.0 MB; a CAF statement is read up to 5 MB\."):
            Wizard.create(
                {
                    "mapping_id": self.mapping.id,
                    "file": base64.b64encode(content),
                    "file_name": "releve.csv",
                    "amount_transfer": 100.0,
                    "journal_id": self.bank.id,
                }
            )
        self.assertEqual(self.env["ir.attachment"].search_count(stored), attachments, "nothing stored")
        wizard = Wizard.create(
            {
                "mapping_id": self.mapping.id,
                "file": base64.b64encode(SAMPLE.read_bytes()),
                "file_name": SAMPLE.name,
                "amount_transfer": 881.0,
                "journal_id": self.bank.id,
            }
        )
        with self.assertRaisesRegex(UserError, r"^The file weighs 10\.0 MB"):
            wizard.file = base64.b64encode(content)
        action = wizard.action_import()
        self.assertEqual(self.env["housing.caf.statement"].browse(action["res_id"]).amount_total, 881.0)
