from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged

from .common_collections import CollectionsCase

JAN, FEB, MAR, APR, MAY, JUN = (date(2025, month, 1) for month in range(1, 7))


@tagged("post_install", "-at_install")
class TestRepaymentPlan(CollectionsCase):
    """Plans d'apurement: the schedule, its checks, the payments filling it, kept or broken."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Mohamed pays his 450.00 a month alone; January to March are unpaid: 1 350.00
        cls.agreement = cls._new_occupancy(room=cls.room_1, partner=cls.occupant, start="2025-01-01")

    def setUp(self):
        super().setUp()
        with freeze_time("2025-03-20"):
            for month in (JAN, FEB, MAR):
                self._run(month)

    def _plan_form(self, count=3, user=None):
        form = Form(self.env["housing.repayment.plan"].with_user(user or self.user_accountant))
        form.partner_id = self.occupant
        form.instalment_count = count
        return form

    @freeze_time("2025-03-20")
    def test_the_schedule_repays_the_debt_to_the_cent(self):
        form = self._plan_form(count=7)
        self.assertEqual(
            (form.amount, form.date_start, form.first_due_date), (1350.0, date(2025, 3, 20), date(2025, 4, 5))
        )
        self.assertEqual(form.occupancy_id, self.agreement)
        plan = form.save()
        lines = plan.line_ids
        # 1 350.00 / 7 = 192.857...: six instalments of 192.85, the last 192.90
        self.assertEqual(lines.mapped("amount"), [192.85] * 6 + [192.90])
        self.assertEqual(sum(lines.mapped("amount")), 1350.0)
        self.assertEqual(lines.mapped("date_due")[:3], [date(2025, 4, 5), date(2025, 5, 5), date(2025, 6, 5)])
        self.assertEqual(lines[-1].date_due, date(2025, 10, 5))
        self.assertEqual((plan.instalment_amount, plan.state, plan.name[:3]), (192.85, "draft", "PA-"))
        # fewer instalments: the schedule follows
        with Form(plan) as form:
            form.instalment_count = 4
        self.assertEqual(plan.line_ids.mapped("amount"), [337.5] * 4)
        plan.action_confirm()
        self.assertEqual((plan.state, plan.date_confirmed, plan.amount_left), ("running", date(2025, 3, 20), 1350.0))
        self.assertEqual(plan.arrears_id, self._arrears(self.occupant))
        self.assertTrue(plan.arrears_id.plan_running)
        self.assertIn("Plan agreed: 1,350.00&nbsp;€ in 4 instalments from 04/05/2025", plan.message_ids[0].body)

    @freeze_time("2025-03-20")
    def test_more_than_three_years_is_refused(self):
        with self.assertRaisesRegex(
            ValidationError, "A repayment plan lasts at most 36 monthly instalments \\(3 years\\)"
        ):
            self._plan_form(count=37).save()
        plan = self._plan_form(count=36).save()
        self.assertEqual((len(plan.line_ids), sum(plan.line_ids.mapped("amount"))), (36, 1350.0))
        self.company.housing_repayment_max_months = 24
        with self.assertRaisesRegex(ValidationError, "at most 24 monthly instalments"):
            self._plan_form(count=25).save()

    @freeze_time("2025-03-20")
    def test_bad_terms_are_refused(self):
        with self.assertRaisesRegex(ValidationError, "needs at least one instalment"):
            self._plan_form(count=0).save()
        form = self._plan_form()
        form.amount = 0
        with self.assertRaisesRegex(ValidationError, "The debt of a repayment plan must be positive"):
            form.save()
        form = self._plan_form()
        form.first_due_date = date(2025, 3, 1)
        with self.assertRaisesRegex(ValidationError, "cannot fall before the plan starts"):
            form.save()
        plan = self._plan_form().save()
        with Form(plan) as form, form.line_ids.edit(0) as line:
            line.amount = 500.0
        with self.assertRaisesRegex(UserError, "add up to 1,400.00\xa0€, not to the debt of 1,350.00\xa0€"):
            plan.action_confirm()
        plan.action_recompute_lines()
        self.assertEqual(plan.line_ids.mapped("amount"), [450.0] * 3)
        too_much = self._plan_form().save()
        too_much.amount = 2000.0
        with self.assertRaisesRegex(UserError, "owes 1,350.00\xa0€ in rent: a repayment plan of 2,000.00\xa0€"):
            too_much.action_confirm()
        with self.assertRaisesRegex(UserError, "Only accountants \\(Invoicing rights\\) manage repayment plans"):
            plan.with_user(self.user_manager).action_confirm()
        plan.action_confirm()
        second = self._plan_form().save()
        with self.assertRaisesRegex(UserError, "Mohamed Benali already has a running repayment plan"):
            second.action_confirm()
        with self.assertRaisesRegex(UserError, "terms of .* were agreed with the household"):
            plan.instalment_count = 6
        with self.assertRaisesRegex(UserError, "cancel it instead of deleting it"):
            plan.unlink()

    @freeze_time("2025-03-20")
    def test_every_refusal_says_what_to_do(self):
        form = self._plan_form(count=6)
        form.amount = 0.05
        with self.assertRaisesRegex(ValidationError, "0.05 cannot be spread over 6 instalments: fewer instalments"):
            form.save()
        plan = self._plan_form().save()
        plan.line_ids = [Command.clear()]
        with self.assertRaisesRegex(UserError, "has no instalments: click 'Recompute the instalments'"):
            plan.action_confirm()
        with self.assertRaisesRegex(UserError, "Only a cancelled plan can go back to draft"):
            plan.action_draft()
        plan.action_recompute_lines()
        plan.line_ids = [Command.create({"sequence": 4, "date_due": date(2025, 7, 5), "amount": 10.0})]
        self.company.housing_repayment_max_months = 3
        with self.assertRaisesRegex(UserError, "has 4 instalments; a repayment plan lasts at most 3: remove some"):
            plan.action_confirm()
        plan.line_ids[-1].unlink()
        plan.line_ids[0].date_due = date(2025, 3, 1)
        with self.assertRaisesRegex(
            UserError, "needs a positive amount and a due date from the plan's start .*: check the instalment of"
        ):
            plan.action_confirm()
        plan.action_recompute_lines()
        plan.action_confirm()
        with self.assertRaisesRegex(UserError, "Only a draft plan can be agreed"):
            plan.action_confirm()
        with self.assertRaisesRegex(UserError, "Only the schedule of a draft plan can be recomputed"):
            plan.action_recompute_lines()
        plan.action_cancel()
        plan.action_draft()
        self.assertEqual((plan.state, plan.amount_paid), ("draft", 0.0))

    def _confirmed_plan(self, count=3):
        with freeze_time("2025-03-20"):
            plan = self._plan_form(count=count).save()
            plan.action_confirm()
        return plan

    def test_a_plan_kept_to_the_end(self):
        plan = self._confirmed_plan()
        # each month Mohamed pays his rent and an instalment: 900.00
        for month, paid_on in ((APR, "2025-04-03"), (MAY, "2025-05-05"), (JUN, "2025-06-04")):
            with freeze_time(paid_on):
                self._run(month)
                # matched with the oldest invoices, or the new one: it makes no difference to the plan
                self._pay(self._invoices(self.occupant).filtered(lambda move: move.payment_state != "paid")[:2], 900.0)
                self._run_collections_job()
            if month == APR:
                self.assertEqual(plan.line_ids.mapped("state"), ["kept", "pending", "pending"])
                self.assertEqual((plan.amount_paid, plan.amount_left), (450.0, 900.0))
        self.assertEqual((plan.state, plan.amount_paid, plan.date_closed), ("done", 1350.0, date(2025, 6, 4)))
        self.assertEqual(plan.line_ids.mapped("state"), ["kept"] * 3)
        self.assertIn("Plan kept: 1,350.00&nbsp;€ repaid.", plan.message_ids[0].body)
        self.assertEqual(self._arrears(self.occupant).situation, "up_to_date")
        with self.assertRaisesRegex(UserError, "has been kept: there is nothing to cancel"):
            plan.action_cancel()

    def test_payments_fill_the_instalments_in_order(self):
        plan = self._confirmed_plan()
        with freeze_time("2025-04-10"):
            self._run(APR)
            # April's rent (450.00) comes first: 600.00 of the 1 050.00 go to the plan
            self._pay(self._invoices(self.occupant, JAN, FEB, MAR), 1050.0)
            plan.action_update_payments()
        self.assertEqual(plan.line_ids.mapped("amount_paid"), [450.0, 150.0, 0.0])
        self.assertEqual(plan.line_ids.mapped("state"), ["kept", "pending", "pending"])
        self.assertEqual(plan.amount_paid, 600.0)

    def test_a_missed_instalment_breaks_the_plan_after_the_grace_days(self):
        self.company.housing_collections_user_id = self.user_accountant
        plan = self._confirmed_plan()
        with freeze_time("2025-04-03"):
            self._run(APR)
            self._pay(self._invoices(self.occupant, APR), 450.0)  # the rent only
        with freeze_time("2025-04-20"):  # 15 days of grace after 5 April
            self._run_collections_job()
        self.assertEqual((plan.state, plan.line_ids[0].state), ("running", "pending"))
        with freeze_time("2025-04-21"):
            self._run_collections_job()
        self.assertEqual((plan.state, plan.late_count, plan.date_closed), ("broken", 1, date(2025, 4, 21)))
        self.assertEqual(plan.line_ids.mapped("state"), ["late", "pending", "pending"])
        activity = self._activities(plan, "plan_broken")
        self.assertEqual(
            (activity.user_id, activity.summary),
            (
                self.user_accountant,
                f"Repayment plan {plan.name} of Mohamed Benali broken: instalment of 04/05/2025 unpaid "
                "(450.00\xa0€ left)",
            ),
        )
        with freeze_time("2025-04-22"):
            self._run_collections_job()
        self.assertEqual(len(self._activities(plan, "plan_broken")), 1, "one activity for one break")
        plan.action_cancel()
        self.assertEqual(plan.state, "cancel")
        self.assertFalse(self._activities(plan, "plan_broken"))

    def test_the_grace_period_is_a_setting(self):
        self.company.housing_repayment_grace_days = 30
        plan = self._confirmed_plan()
        with freeze_time("2025-04-21"):
            self._run(APR)
            self._run_collections_job()
        self.assertEqual(plan.state, "running")
        with self.assertRaisesRegex(ValidationError, "grace period .* cannot be negative"):
            self.company.housing_repayment_grace_days = -1
