from datetime import date
from unittest.mock import patch

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common_collections import CollectionsCase

FEB, MAR, APR, MAY = date(2025, 2, 1), date(2025, 3, 1), date(2025, 4, 1), date(2025, 5, 1)


@tagged("post_install", "-at_install")
class TestArrears(CollectionsCase):
    """Arrears per household, aged, in months of net share; the CAF report, FSL and CCAPEX."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.housing_collections_user_id = cls.user_accountant
        # Mohamed pays 200.00 a month, the CAF 210.00; Fatima pays her 450.00 alone
        cls.fatima = cls.env["res.partner"].create({"name": "Fatima Haddad"})
        cls.mohamed_agreement = cls._caf_occupancy(room=cls.room_1, partner=cls.occupant, start="2025-01-01")
        cls.fatima_agreement = cls._new_occupancy(room=cls.room_2, partner=cls.fatima, start="2025-01-01")
        # Omar lives in a shared flat of another programme: 300.00 + 30.00 a month, all his
        cls.rooms = cls.env["housing.programme"].create(
            {
                "name": "Colocations solidaires test",
                "code": "CST",
                "scheme_type": "shared_flat",
                "company_id": cls.company.id,
            }
        )
        flat = cls._new_unit("Coloc Curial", rooms=[1], programme=cls.rooms)
        cls._new_lease(unit=flat, start="2025-01-01", rent=900.0, charges=90.0)
        cls.omar = cls.env["res.partner"].create({"name": "Omar Haidari"})
        cls.omar_agreement = cls._new_occupancy(
            room=flat.room_ids, partner=cls.omar, start="2025-01-01", rent=300.0, charges=30.0
        )

    def _bill_february_to_may(self):
        for month in (FEB, MAR, APR, MAY):
            self._run(month)
        # Mohamed paid February and 50.00 of March; Fatima paid everything; Omar all but May
        self._pay(self._invoices(self.occupant, FEB), date="2025-02-10")
        self._pay(self._invoices(self.occupant, MAR), amount=50.0, date="2025-03-12")
        self._pay(self._invoices(self.fatima), date="2025-05-06")
        self._pay(self._invoices(self.omar, FEB, MAR, APR), date="2025-04-30")

    @freeze_time("2025-05-20")
    def test_arrears_are_aged_and_counted_in_months_of_net_share(self):
        self._bill_february_to_may()
        self._refresh()
        mohamed = self._arrears(self.occupant)
        # March 150.00 (76 days late), April 200.00 (45 days), May 200.00 (15 days)
        self.assertEqual(
            (mohamed.amount_0_30, mohamed.amount_31_60, mohamed.amount_61_90, mohamed.amount_over_90),
            (200.0, 200.0, 150.0, 0.0),
        )
        self.assertEqual((mohamed.amount_overdue, mohamed.monthly_share, mohamed.months_owed), (550.0, 200.0, 2.75))
        self.assertEqual(
            mohamed.amount_0_30 + mohamed.amount_31_60 + mohamed.amount_61_90 + mohamed.amount_over_90,
            mohamed.amount_overdue,
        )
        self.assertEqual((mohamed.in_arrears, mohamed.situation), (True, "arrears"))
        # 150.00 + 200.00 + 200.00 reached 2 months of 200.00 with May's rent, due on the 5th
        self.assertEqual((mohamed.date_in_arrears, mohamed.oldest_due_date), (date(2025, 5, 6), date(2025, 3, 5)))
        self.assertEqual((mohamed.programme_id, mohamed.occupancy_id), (self.programme, self.mohamed_agreement))
        self.assertEqual(mohamed.rent_line_ids.mapped("amount_residual"), [150.0, 200.0, 200.0])
        omar = self._arrears(self.omar)
        self.assertEqual((omar.amount_0_30, omar.amount_overdue, omar.months_owed), (330.0, 330.0, 1.0))
        self.assertEqual((omar.in_arrears, omar.situation), (False, "late"))
        fatima = self._arrears(self.fatima)
        self.assertFalse(fatima.filtered(lambda file: file.situation != "up_to_date"), "Fatima owes nothing")
        self.assertEqual(sum(fatima.mapped("amount_overdue")), 0.0)
        self.assertIn("In arrears since", mohamed.message_ids[:1].body)
        # the pivot by programme
        by_programme = dict(
            self.env["housing.arrears"]
            .sudo()
            ._read_group([("company_id", "=", self.company.id)], ["programme_id"], ["amount_overdue:sum"])
        )
        self.assertEqual(by_programme, {self.programme: 550.0, self.rooms: 330.0})
        # the threshold is the company's
        self.company.housing_arrears_alert_months = 3
        self._refresh()
        self.assertEqual((mohamed.in_arrears, mohamed.situation, mohamed.date_in_arrears), (False, "late", False))

    @freeze_time("2025-05-20")
    def test_the_caf_is_told_within_two_months(self):
        self._bill_february_to_may()
        self._refresh()
        mohamed = self._arrears(self.occupant)
        self.assertTrue(mohamed.has_allowance)
        self.assertEqual((mohamed.caf_report_needed, mohamed.caf_report_deadline), (True, date(2025, 7, 6)))
        reminder = self._activities(mohamed, "caf_report")
        self.assertEqual(
            (reminder.user_id, reminder.date_deadline, reminder.summary),
            (self.user_accountant, date(2025, 7, 6), "Report the arrears of Mohamed Benali to the CAF by 07/06/2025"),
        )
        self._refresh()
        self.assertEqual(self._activities(mohamed, "caf_report"), reminder, "one reminder, whatever the refreshes")
        mohamed.with_user(self.user_accountant).write(
            {"caf_reported_date": "2025-05-22", "fsl_request_date": "2025-05-23", "ccapex_date": "2025-06-02"}
        )
        self.assertFalse(mohamed.caf_report_needed)
        self.assertFalse(self._activities(mohamed, "caf_report"), "reported: the reminder is done")
        # a household without housing allowance is not reported
        self.assertFalse(self._arrears(self.omar).caf_report_needed)
        # a shorter delay set by the company
        self.company.housing_arrears_caf_report_months = 1
        self.assertEqual(mohamed.caf_report_deadline, date(2025, 6, 6))
        with self.assertRaisesRegex(ValidationError, "must be at least one month"):
            self.company.housing_arrears_caf_report_months = 0

    @freeze_time("2025-05-20")
    def test_paying_off_ends_the_arrears(self):
        self._bill_february_to_may()
        self._refresh()
        mohamed = self._arrears(self.occupant)
        reminder = self._activities(mohamed, "caf_report")
        self._pay(self._invoices(self.occupant, MAR, APR, MAY), date="2025-05-20")
        self._refresh()
        self.assertEqual((mohamed.situation, mohamed.amount_overdue, mohamed.months_owed), ("up_to_date", 0.0, 0.0))
        self.assertFalse(mohamed.date_in_arrears)
        self.assertFalse(reminder.active, "no longer in arrears: the reminder is done")
        self.assertIn("No longer in arrears: 0.00&nbsp;€ overdue.", mohamed.message_ids.mapped("body")[1])

    @freeze_time("2025-05-20")
    def test_money_not_matched_pays_the_oldest_dues(self):
        self._bill_february_to_may()
        # 180.00 received from Mohamed and left unmatched with any invoice
        payment = (
            self.env["account.payment"]
            .with_user(self.user_accountant)
            .create(
                {
                    "payment_type": "inbound",
                    "partner_type": "customer",
                    "partner_id": self.occupant.id,
                    "amount": 180.0,
                    "date": "2025-05-15",
                    "journal_id": self.env["account.journal"]
                    .search([("company_id", "=", self.company.id), ("type", "=", "bank")], limit=1)
                    .id,
                }
            )
        )
        payment.action_post()
        self._refresh()
        mohamed = self._arrears(self.occupant)
        # it pays March's 150.00 and 30.00 of April
        self.assertEqual((mohamed.amount_61_90, mohamed.amount_31_60, mohamed.amount_0_30), (0.0, 170.0, 200.0))
        self.assertEqual((mohamed.amount_overdue, mohamed.months_owed, mohamed.in_arrears), (370.0, 1.85, False))

    @freeze_time("2025-05-20")
    def test_a_household_that_left_is_counted_on_its_last_share(self):
        self._bill_february_to_may()
        self.mohamed_agreement._record_exit(date(2025, 5, 10), "permanent_housing")
        self._refresh()
        mohamed = self._arrears(self.occupant)
        self.assertEqual((mohamed.monthly_share, mohamed.months_owed, mohamed.in_arrears), (200.0, 2.75, True))

    @freeze_time("2025-05-20")
    def test_figures_cost_the_same_queries_for_one_household_or_many(self):
        self._bill_february_to_may()
        Arrears = self.env["housing.arrears"].sudo()
        partners = [self.occupant.id, self.fatima.id, self.omar.id]
        Arrears._figures(self.company, partners, date(2025, 5, 20))  # warm the caches of the models
        self.env.invalidate_all()
        with self.assertQueryCount(__system__=7):
            one = Arrears._figures(self.company, partners[:1], date(2025, 5, 20))
        self.env.invalidate_all()
        with self.assertQueryCount(__system__=7):
            three = Arrears._figures(self.company, partners, date(2025, 5, 20))
        self.assertEqual(one[self.occupant.id]["amount_overdue"], three[self.occupant.id]["amount_overdue"])

    @freeze_time("2025-05-20")
    def test_the_daily_job_refreshes_every_household(self):
        self._bill_february_to_may()
        self._run_collections_job()
        self.assertEqual(self._arrears(self.occupant).amount_overdue, 550.0)
        with freeze_time("2025-06-10"):
            self._run(date(2025, 6, 1))
            self._run_collections_job()
        mohamed = self._arrears(self.occupant)
        # June's 200.00 is 5 days late, May's moved to 31-60, April's to 61-90, March's over 90
        self.assertEqual(
            (mohamed.amount_0_30, mohamed.amount_31_60, mohamed.amount_61_90, mohamed.amount_over_90),
            (200.0, 200.0, 200.0, 150.0),
        )
        self.assertEqual((mohamed.amount_overdue, mohamed.months_owed), (750.0, 3.75))


@tagged("post_install", "-at_install")
class TestArrearsScreen(CollectionsCase):
    @freeze_time("2025-05-20")
    def test_the_figures_follow_dues_and_payments_and_the_screen_only_reads(self):
        agreement = self._new_occupancy(
            room=self.room_1,
            partner=self.occupant,
            start="2025-03-01",
            shares=[{"payer_kind": "occupant", "is_remainder": True}],
        )
        agreement.share_ids = [Command.create({"payer_kind": "funder", "partner_id": self.funder.id, "amount": 50.0})]
        fatima = self.env["res.partner"].create({"name": "Fatima Haddad"})
        self._new_occupancy(room=self.room_2, partner=fatima, start="2025-03-01")
        for month in (MAR, APR, MAY):
            self._run(month)
        self.env.cr.flush()  # what a commit does: the households whose dues changed are refreshed
        Arrears = self.env["housing.arrears"].with_user(self.user_accountant)
        # 400.00 a month for Mohamed (the funder pays 50.00): 1 200.00 owed, 3 months; Fatima 450.00 a month
        self.assertEqual(
            {(a.partner_id, a.amount_overdue, a.months_owed) for a in Arrears.search([])},
            {(self.occupant, 1200.0, 3.0), (fatima, 1350.0, 3.0)},
        )
        self.assertTrue(self.occupant.with_user(self.user_backoffice).housing_in_arrears)
        # opening the screen does no batch work: it only reads
        with patch.object(type(Arrears), "_refresh", side_effect=AssertionError("the screen refreshed")):
            action = Arrears.action_open_arrears()
        self.assertEqual((action["res_model"], action["context"]), ("housing.arrears", "{'search_default_owing': 1}"))
        # Fatima pays March: only her household is refreshed, when the payment is committed
        refreshed = []
        original = type(Arrears)._refresh_batch

        def recording(records, company, partner_ids, today):
            refreshed.extend(partner_ids)
            return original(records, company, partner_ids, today)

        with patch.object(type(Arrears), "_refresh_batch", recording):
            self._pay(self._invoices(fatima, MAR), date="2025-05-20")
            self.env.cr.flush()
        self.assertEqual(refreshed, [fatima.id])
        self.assertEqual(self._arrears(fatima).amount_overdue, 900.0)
        self.assertEqual(self._arrears(self.occupant).amount_overdue, 1200.0)

    @freeze_time("2025-05-20")
    def test_a_change_of_agreement_payers_or_due_date_is_followed_at_once(self):
        """What changes a household's monthly net share (its agreement, its payers) or the age of its debt (a due
        date) refreshes its figures when the change is committed, not the next night."""
        fatima = self.env["res.partner"].create({"name": "Fatima Haddad"})
        agreement = self._new_occupancy(room=self.room_2, partner=fatima, start="2025-01-01")
        for month in (MAR, APR, MAY):
            self._run(month)
        self.env.cr.flush()
        file = self._arrears(fatima)

        def figures():
            self.env.cr.flush()  # what a commit does
            return (file.monthly_share, file.amount_overdue, file.months_owed)

        self.assertEqual(figures(), (450.0, 1350.0, 3.0))
        # a funder now pays 150.00 of the 450.00
        agreement.share_ids = [Command.create({"payer_kind": "funder", "partner_id": self.funder.id, "amount": 150.0})]
        self.assertEqual(figures(), (300.0, 1350.0, 4.5))
        agreement.share_ids.filtered(lambda share: share.payer_kind == "funder").amount = 90.0
        self.assertEqual(figures(), (360.0, 1350.0, 3.75))
        # the charges are raised by 90.00: the household pays them
        agreement.charges += 90.0
        self.assertEqual(figures(), (450.0, 1350.0, 3.0))
        # May's rent is now due on the 25th: not yet late
        may = self._invoices(fatima, MAY)
        may.sudo().invoice_date_due = date(2025, 5, 25)
        self.assertEqual(figures(), (450.0, 900.0, 2.0))
        self.assertEqual(file.amount_not_due, 450.0)

    @freeze_time("2025-05-20")
    def test_updating_every_household_is_left_to_a_job_for_the_users_companies(self):
        """Update with nothing selected asks the job to update the households of the user's companies only."""
        cron = self.env.ref("solidarity_housing.ir_cron_housing_arrears_refresh")
        Arrears = self.env["housing.arrears"].with_user(self.user_accountant)
        with (
            patch.object(type(cron), "_trigger", autospec=True) as trigger,
            patch.object(type(Arrears), "_refresh") as refresh,
        ):
            action = Arrears.action_refresh()
        self.assertEqual([call.args[0] for call in trigger.call_args_list], [cron])
        refresh.assert_not_called()
        self.assertEqual(action["params"]["title"], "Arrears being updated")
        self.assertEqual(
            (self.company.housing_arrears_refresh_asked, self.other_company.housing_arrears_refresh_asked),
            (True, False),
        )
        # the job updates the companies asked, and only them
        asked = []
        with patch.object(
            type(Arrears), "_households", lambda records, company, partners=None: asked.append(company) or []
        ):
            self.env["housing.arrears"]._cron_refresh_asked()
        self.assertEqual(asked, [self.company])
        self.assertFalse(self.company.housing_arrears_refresh_asked)
