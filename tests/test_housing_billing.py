from contextlib import suppress
from datetime import date
from unittest.mock import patch

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common_billing import BillingCase


@tagged("post_install", "-at_install")
class TestBilling(BillingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.fatima = cls.env["res.partner"].create({"name": "Fatima Haddad"})
        # Mohamed enters on 12 March; Fatima has been there since January
        cls.mohamed_agreement = cls._caf_occupancy(room=cls.room_1, partner=cls.occupant, start="2025-03-12")
        cls.fatima_agreement = cls._caf_occupancy(room=cls.room_2, partner=cls.fatima, start="2025-01-01")

    def _invoice(self, run, partner):
        return run.move_ids.filtered(lambda move: move.partner_id == partner)

    def test_entry_month_is_prorated_and_the_allowance_starts_the_month_after(self):
        run = self._run(self.MARCH)
        self.assertEqual(run.state, "done")
        mohamed = self._dues(self.MARCH, occupancy_id=self.mohamed_agreement.id)
        by_kind = {due.payer_kind: due for due in mohamed}
        self.assertEqual(set(by_kind), {"occupant", "association"}, "no allowance in the entry month")
        # 20 days of 31: 450.00 × 20 / 31 = 290.32, the occupant 200.00 × 20 / 31 = 129.03, the association the rest
        self.assertEqual(
            (by_kind["occupant"].amount, by_kind["occupant"].rent_amount, by_kind["occupant"].charges_amount),
            (129.03, 111.83, 17.20),
        )
        self.assertEqual(by_kind["association"].amount, 161.29)
        self.assertEqual(sum(mohamed.mapped("amount")), 290.32)
        self.assertEqual(by_kind["occupant"].prorata_note, "20 days / 31")
        self.assertEqual((by_kind["association"].state, by_kind["association"].move_id.id), ("not_billed", False))
        # one posted invoice per payer: Mohamed, Fatima, the CAF (for Fatima); a bill from the landlord
        invoice = self._invoice(run, self.occupant)
        self.assertEqual((invoice.move_type, invoice.state, invoice.amount_total), ("out_invoice", "posted", 129.03))
        self.assertEqual(invoice.invoice_line_ids.mapped("price_unit"), [111.83, 17.20])
        self.assertEqual(invoice.invoice_date_due, date(2025, 3, 5))
        self.assertEqual(self._invoice(run, self.fatima).amount_total, 200.0)
        self.assertEqual(self._invoice(run, self.caf).amount_total, 210.0)
        bill = self._invoice(run, self.landlord)
        self.assertEqual((bill.move_type, bill.amount_total), ("in_invoice", 1350.0))
        self.assertEqual(
            (run.invoice_count, run.bill_count, run.amount_invoiced, run.amount_billed), (3, 1, 539.03, 1350.0)
        )
        self.assertFalse(invoice.invoice_line_ids.tax_ids, "rent of a dwelling bears no VAT")
        self.assertEqual(
            invoice.invoice_line_ids.product_id,
            self.env.ref("solidarity_housing.product_rent") | self.env.ref("solidarity_housing.product_charges"),
        )
        analytic = f"{self.programme.analytic_account_id.id},{self.unit.analytic_account_id.id}"
        self.assertEqual(invoice.invoice_line_ids[0].analytic_distribution, {analytic: 100.0})
        self.assertEqual(self.unit.analytic_account_id.plan_id, self.env.ref("solidarity_housing.analytic_plan_units"))
        accounts = invoice.invoice_line_ids.account_id.mapped("code")
        self.assertTrue(all(code.startswith("7083") for code in accounts), accounts)
        self.assertTrue(bill.invoice_line_ids[0].account_id.code.startswith("6132"))
        self.assertTrue(bill.invoice_line_ids[1].account_id.code.startswith("614"))

    def test_caf_gets_one_invoice_listing_every_occupant(self):
        run = self._run(self.APRIL)
        caf_invoice = self._invoice(run, self.caf)
        self.assertEqual(len(caf_invoice), 1)
        self.assertEqual(caf_invoice.amount_total, 420.0)
        labels = " ".join(caf_invoice.invoice_line_ids.mapped("name"))
        self.assertIn("Mohamed Benali", labels)
        self.assertIn("Fatima Haddad", labels)
        self.assertIn(self.mohamed_agreement.name, labels)
        self.assertEqual(self._invoice(run, self.occupant).amount_total, 200.0)

    def test_share_change_and_revision_mid_year(self):
        caf = self.mohamed_agreement.share_ids.filtered(lambda share: share.payer_kind == "housing_allowance")
        caf.date_end = "2025-05-31"
        self.mohamed_agreement.share_ids = [
            (
                0,
                0,
                {
                    "payer_kind": "housing_allowance",
                    "partner_id": self.caf.id,
                    "amount": 230.0,
                    "date_start": "2025-06-01",
                },
            )
        ]
        irl = self.env["housing.irl"]
        self.env["housing.rent.revision"].create(
            {
                "occupancy_id": self.mohamed_agreement.id,
                "anniversary_date": "2025-06-15",
                "date": "2025-06-15",
                "old_rent": 390.0,
                "new_rent": 400.0,
                "irl_new_id": irl._get(2025, 1).id,
                "irl_old_id": irl._get(2024, 1).id,
                "irl_new_value": 145.47,
                "irl_old_value": 143.46,
            }
        )
        self.mohamed_agreement.rent = 400.0
        self._run(self.MAY)
        june = self._run(self.JUNE)
        dues = {due.payer_kind: due for due in self._dues(self.JUNE, occupancy_id=self.mohamed_agreement.id)}
        # 14 days at 390 + 16 days at 400: rent 182.00 + 213.33 = 395.33, charges 60.00
        self.assertEqual(sum(due.rent_amount for due in dues.values()), 395.33)
        self.assertEqual(sum(due.amount for due in dues.values()), 455.33)
        self.assertEqual(
            (dues["occupant"].amount, dues["housing_allowance"].amount, dues["association"].amount),
            (200.0, 230.0, 25.33),
        )
        self.assertEqual(
            self._dues(self.MAY, occupancy_id=self.mohamed_agreement.id, payer_kind="housing_allowance").amount, 210.0
        )
        self.assertEqual(self._invoice(june, self.caf).amount_total, 440.0, "Mohamed's 230.00 and Fatima's 210.00")

    def test_bill_a_month_from_the_dialog(self):
        run = self.env["housing.billing.run"].with_user(self.user_accountant).create({"period_start": "2025-04-17"})
        self.assertEqual(run.period_start, self.APRIL, "any day stands for its month")
        action = run.with_context(housing_open_run=True).action_start()
        self.assertEqual((action["res_model"], action["res_id"]), ("housing.billing.run", run.id))
        self.assertEqual((run.state, run.invoice_count, run.period_label), ("done", 3, "April 2025"))

    def test_dues_can_be_checked_before_billing(self):
        run = self.env["housing.billing.run"].with_user(self.user_accountant).create({"period_start": self.APRIL})
        run.action_prepare()
        self.assertEqual(len(self._dues(self.APRIL, state="to_bill")), 5, "2 occupants, 2 CAF shares, the landlord")
        self.assertFalse(self._dues(self.APRIL).move_id)
        run.action_start()
        self.assertEqual(run.state, "done")
        self.assertEqual(len(self._dues(self.APRIL, state="billed")), 5)

    def test_a_month_is_billed_once(self):
        first = self._run(self.APRIL)
        moves = first.move_ids
        second = self._run(self.APRIL)
        self.assertEqual((second.state, second.invoice_count, second.line_count), ("done", 0, 0))
        self.assertEqual(self._dues(self.APRIL).move_id, moves)
        self.assertEqual(len(self._dues(self.APRIL)), 7, "2 × (occupant, CAF, association) + the landlord")
        # a new agreement during the month is billed by the next run, and only it
        late = self._caf_occupancy(room=self.room_double, start="2025-04-20")
        third = self._run(self.APRIL)
        self.assertEqual(third.move_ids.partner_id, late.partner_id)
        self.assertEqual(third.move_ids.amount_total, 73.33, "11 days of 30: 200.00 × 11 / 30")

    def test_crash_midway_then_rerun_bills_the_rest_once(self):
        """Each batch is atomic: what a crash interrupts is billed by the next run, the rest never again."""
        self.env["ir.config_parameter"].sudo().set_param("solidarity_housing.billing_batch_size", 1)
        run = self.env["housing.billing.run"].with_user(self.user_accountant).create({"period_start": self.APRIL})
        original = type(run)._bill_payers
        calls = []

        def crash_on_second_batch(self_run, partner_ids):
            calls.append(partner_ids)
            if len(calls) == 2:
                raise KeyboardInterrupt("the server stops")
            return original(self_run, partner_ids)

        # (no assertRaises here: it would roll back the first batch as well)
        with patch.object(type(run), "_bill_payers", crash_on_second_batch), suppress(KeyboardInterrupt):
            run.sudo()._process()
        self.assertEqual(len(calls), 2)
        billed = self._dues(self.APRIL, state="billed")
        self.assertEqual(len(billed), 1, "the first batch went through")
        rerun = self._run(self.APRIL)
        dues = self._dues(self.APRIL).filtered(lambda due: due.state != "not_billed")
        self.assertEqual(dues.mapped("state"), ["billed"] * len(dues))
        moves = dues.move_id
        self.assertEqual(len(moves), 4, "Mohamed, Fatima, the CAF, the landlord: one move each")
        self.assertEqual(
            sorted(moves.partner_id.ids), sorted((self.occupant | self.fatima | self.caf | self.landlord).ids)
        )
        self.assertEqual(rerun.invoice_count + rerun.bill_count, 3)

    def test_a_failing_agreement_does_not_block_the_others(self):
        # a share the screens refuse, written behind their back: the run must say so and go on
        share = self.fatima_agreement.share_ids.filtered(lambda share: share.payer_kind == "occupant")
        self.env.cr.execute("UPDATE housing_occupancy_share SET amount = 900 WHERE id = %s", [share.id])
        self.env.invalidate_all()
        run = self._run(self.APRIL)
        self.assertEqual(run.state, "partial")
        self.assertEqual(run.error_ids.occupancy_id, self.fatima_agreement)
        self.assertIn("exceed the total", run.error_ids.message)
        self.assertEqual(run.move_ids.partner_id, self.occupant | self.caf | self.landlord)
        self.assertFalse(self._dues(self.APRIL, occupancy_id=self.fatima_agreement.id))

    def test_a_failing_invoice_does_not_block_the_others(self):
        original = type(self.env["housing.billing.run"])._prepare_move

        def broken_for_fatima(run, partner, direction, negative, dues, accounting):
            values = original(run, partner, direction, negative, dues, accounting)
            if partner == self.fatima:
                values["journal_id"] = False
            return values

        with patch.object(type(self.env["housing.billing.run"]), "_prepare_move", broken_for_fatima):
            run = self._run(self.APRIL)
        self.assertEqual(run.state, "partial")
        self.assertEqual(run.error_ids.partner_id, self.fatima)
        self.assertEqual(run.move_ids.partner_id, self.occupant | self.caf | self.landlord)
        self.assertEqual(self._dues(self.APRIL, partner_id=self.fatima.id).state, "to_bill")
        again = self._run(self.APRIL)
        self.assertEqual((again.state, again.move_ids.partner_id), ("done", self.fatima))

    def test_allowance_above_the_occupants_due_is_credited(self):
        tenant = self.env["res.partner"].create({"name": "Omar Haidari"})
        self._new_occupancy(
            room=self.room_double,
            partner=tenant,
            start="2025-01-01",
            shares=[
                {"payer_kind": "housing_allowance", "partner_id": self.caf.id, "amount": 480.0},
                {"payer_kind": "occupant", "is_remainder": True},
            ],
        )
        run = self._run(self.APRIL)
        credit = self._invoice(run, tenant)
        # 450.00 due, the CAF pays 480.00: the occupant is owed 30.00
        self.assertEqual((credit.move_type, credit.amount_total, credit.state), ("out_refund", 30.0, "posted"))
        self.assertEqual(self._invoice(run, self.caf).amount_total, 900.0)

    def test_landlord_bill_is_prorated_on_the_first_month(self):
        unit = self._new_unit("T2 Curial")
        self._new_lease(unit=unit, start="2025-04-16", rent=900.0, charges=90.0)
        run = self._run(self.APRIL)
        bills = run.move_ids.filtered(lambda move: move.move_type == "in_invoice")
        self.assertEqual(len(bills), 1, "one bill per landlord, both leases on it")
        # 990.00 × 15 / 30 = 495.00 for the new lease, 1350.00 for the other
        self.assertEqual(bills.amount_total, 1845.0)

    def test_cancelled_invoice_puts_its_dues_back_to_bill(self):
        run = self._run(self.APRIL)
        invoice = self._invoice(run, self.fatima)
        invoice.button_cancel()
        dues = self._dues(self.APRIL, partner_id=self.fatima.id)
        self.assertEqual((dues.state, dues.move_id.id), ("to_bill", False))
        again = self._run(self.APRIL)
        self.assertEqual(again.move_ids.partner_id, self.fatima)

    def test_back_office_cannot_bill(self):
        with self.assertRaisesRegex(AccessError, "You are not allowed to create 'Monthly rent billing'"):
            self._run(self.APRIL, user=self.user_backoffice)
        draft = self.env["housing.billing.run"].with_user(self.user_accountant).create({"period_start": self.APRIL})
        with self.assertRaisesRegex(UserError, "Only accountants \\(Invoicing rights\\) can bill rents"):
            draft.with_user(self.user_manager).action_start()
        run = self._run(self.APRIL)
        # the back office reads what was billed, not the invoices' accounting
        dues = self.env["housing.rent.line"].with_user(self.user_backoffice).search([("period_start", "=", self.APRIL)])
        self.assertEqual(len(dues), 7)
        with self.assertRaises(AccessError):
            run.move_ids[:1].with_user(self.user_backoffice).read(["amount_total"])
        with self.assertRaises(AccessError):
            dues[:1].write({"amount": 1})

    def test_monthly_job_bills_each_company_once(self):
        runs = self.env["housing.billing.run"].with_context(cron_id=True)
        with (
            patch.object(type(self.env["ir.cron"]), "_commit_progress", return_value=float("inf")),
            freeze_time("2025-04-01 02:00:00"),
        ):
            for _again in range(2):
                runs._cron_bill_month(companies=self.company)
                runs._cron_process_queue()
        runs = self.env["housing.billing.run"].search([("company_id", "=", self.company.id)])
        self.assertEqual((len(runs), runs.period_start, runs.state), (1, self.APRIL, "done"))
        self.assertEqual(runs.invoice_count, 3)
