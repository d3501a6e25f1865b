from datetime import date, datetime
from unittest.mock import patch

from freezegun import freeze_time

from odoo.models import BaseModel
from odoo.tests import TransactionCase, tagged

from .common_followup import FollowupSetup


@tagged("post_install", "-at_install")
class TestFollowupAlerts(FollowupSetup, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.programme.followup_meeting_weeks = 0  # the meeting alert has its own test
        cls.followup = cls._new_followup(cls.head, state="active")

    def assertAlerts(self, followup, expected):
        """``expected``: {key: (user, deadline)} of the open alerts of ``followup``."""
        alerts = self.alerts(followup)
        self.assertEqual({a.housing_alert_key: (a.user_id, a.date_deadline) for a in alerts}, expected)
        return alerts

    @freeze_time("2025-03-20")
    def test_papers_and_health_cover_expiring_within_60_days(self):
        self._set_social(self.head, residence_document="receipt", residence_document_expiry=date(2025, 5, 10))
        self._set_social(
            self.spouse,
            health_cover="puma",
            health_cover_expiry=date(2025, 6, 30),  # 102 days: not yet
            complementary_cover="c2s",
            complementary_cover_expiry=date(2025, 4, 15),
        )
        self._set_social(
            self.child, residence_document="temporary_permit", residence_document_expiry=date(2025, 12, 31)
        )
        self.run_job()
        alerts = self.assertAlerts(
            self.followup,
            {
                f"papers:{self.head.id}": (self.user_social, date(2025, 5, 10)),
                f"health:{self.spouse.id}": (self.user_social, date(2025, 4, 15)),
            },
        )
        papers = alerts.filtered(lambda a: a.housing_alert_key.startswith("papers"))
        self.assertEqual(papers.summary, "Residence document of Ion Popescu ends on 05/10/2025")
        self.assertEqual(papers.activity_type_id, self.env.ref("solidarity_housing.mail_activity_type_followup_papers"))
        # the job runs again: nothing new
        self.run_job()
        self.assertEqual(self.alerts(self.followup), alerts)
        self.assertFalse(self.alerts(self.followup, active=False))
        # the permit is renewed: its alert is done, the other stays
        self._set_social(self.head, residence_document_expiry=date(2026, 5, 10))
        self.run_job()
        self.assertEqual(self.alerts(self.followup), alerts - papers)
        self.assertEqual(self.alerts(self.followup, active=False), papers)
        self.assertEqual(papers.feedback, "Closed automatically: the cause of the alert is gone.")
        # the file changes hands: so does its alert
        self.followup.user_id = self.user_social_other
        self.assertEqual(self.alerts(self.followup).user_id, self.user_social_other)
        # a shorter lead time set by the company
        self.company.housing_health_alert_days = 20
        self.run_job()
        self.assertFalse(self.alerts(self.followup))

    @freeze_time("2025-03-20")
    def test_absence_approaching_4_months_and_yearly_occupation(self):
        Absence = self.env["housing.absence"]
        away = Absence.create({"partner_id": self.spouse.id, "date_start": "2024-12-01", "company_id": self.company.id})
        Absence.create(
            [
                {
                    "partner_id": self.head.id,
                    "date_start": "2024-05-01",
                    "date_end": "2024-07-31",
                    "company_id": self.company.id,
                },
                {
                    "partner_id": self.head.id,
                    "date_start": "2024-10-01",
                    "date_end": "2024-11-30",
                    "company_id": self.company.id,
                },
            ]
        )
        self.run_job()
        alerts = self.assertAlerts(
            self.followup,
            {
                # away since 1 December: 4 months on 1 April, warned 30 days before
                f"absence:{away.id}": (self.user_social, date(2025, 4, 1)),
                # 92 + 61 days away over the last 12 months: 212 days occupied, under 8 months (243 days)
                f"occupation:{self.head.id}": (self.user_social, date(2025, 3, 20)),
            },
        )
        self.assertIn(
            "212 days over the last 12 months", alerts.filtered(lambda a: "occupation" in a.housing_alert_key).summary
        )
        self.run_job()
        self.assertEqual(self.alerts(self.followup), alerts)
        # the spouse is back
        away.date_end = "2025-03-18"
        self.run_job()
        self.assertEqual(set(self.alerts(self.followup).mapped("housing_alert_key")), {f"occupation:{self.head.id}"})
        # a year later the old absences no longer count
        with freeze_time("2025-12-01"):
            self.run_job()
        self.assertFalse(self.alerts(self.followup))

    @freeze_time("2025-02-25")
    def test_absence_not_yet_close_to_the_limit(self):
        self.env["housing.absence"].create(
            {"partner_id": self.spouse.id, "date_start": "2024-12-01", "company_id": self.company.id}
        )
        self.run_job()  # limit on 1 April, warned from 2 March
        self.assertFalse(self.alerts(self.followup))

    @freeze_time("2025-03-20")
    def test_arrears_of_two_months(self):
        with self.arrears({self.head.id: 2.5}):
            self.run_job()
            alerts = self.assertAlerts(self.followup, {"arrears": (self.user_social, date(2025, 3, 20))})
            self.assertEqual(
                alerts.summary, "Ion Popescu owes 2.5 months of net share: see the CAF report and a repayment plan"
            )
            with freeze_time("2025-03-25"):
                self.run_job()
            self.assertAlerts(self.followup, {"arrears": (self.user_social, date(2025, 3, 20))})
        with self.arrears({self.head.id: 1.0}):
            self.run_job()
        self.assertFalse(self.alerts(self.followup))
        self.assertEqual(self.alerts(self.followup, active=False), alerts)
        # without billing nobody owes anything
        self.assertEqual(self.head._housing_arrears_months(), {})
        self.company.housing_arrears_alert_months = 3
        with self.arrears({self.head.id: 2.5}):
            self.run_job()
        self.assertFalse(self.alerts(self.followup))

    @freeze_time("2025-03-20")
    def test_the_arrears_alert_reads_the_arrears_files(self):
        """The job reads the months owed kept on the household's arrears file; it computes no figure again."""
        self.env["housing.arrears"].sudo().create(
            {
                "partner_id": self.head.id,
                "company_id": self.company.id,
                "months_owed": 2.5,
                "amount_overdue": 1125.0,
                "situation": "arrears",
                "in_arrears": True,
            }
        )
        Arrears = type(self.env["housing.arrears"])
        with (
            patch.object(Arrears, "_figures", side_effect=AssertionError("the alert job computed the arrears")),
            patch.object(Arrears, "_refresh", side_effect=AssertionError("the alert job refreshed the arrears")),
        ):
            self.run_job()
        alert = self.assertAlerts(self.followup, {"arrears": (self.user_social, date(2025, 3, 20))})
        self.assertEqual(
            alert.summary, "Ion Popescu owes 2.5 months of net share: see the CAF report and a repayment plan"
        )
        self.assertEqual(alert.activity_type_id, self.env.ref("solidarity_housing.mail_activity_type_followup_arrears"))

    @freeze_time("2025-03-20")
    def test_closing_the_alerts_of_closed_files_is_one_pass(self):
        """The alerts left on closed files are found in one pass, never a list of the open files per alert."""
        partners = self.env["res.partner"].create([{"name": f"Ménage {n}"} for n in range(20)])
        closed = self.env["housing.followup"].browse()
        for partner in partners:
            closed |= self._new_followup(partner, date_end="2025-03-25")
        self.run_job()
        stale = self.env["mail.activity"].search(
            [("res_model", "=", "housing.followup"), ("res_id", "in", closed.ids), ("housing_alert_key", "!=", False)]
        )
        self.assertEqual(len(stale), 20, "the end of each support period is near")
        closed.write({"state": "closed"})
        self._new_followup(self.child.copy({"name": "Andrei Popescu", "housing_head_id": False}))
        counted = []
        real_ids = BaseModel.ids

        def ids(records):
            if records._name == "housing.followup" and len(records) > 1:
                counted.append(len(records))
            return real_ids.fget(records)

        with patch.object(type(self.env["housing.followup"]), "ids", property(ids)):
            self.run_job()
        self.assertFalse(stale.filtered("active"), "the alerts of the closed files are done")
        self.assertLess(len(counted), 10, f"the open files were listed {len(counted)} times for 20 closed alerts")

    @freeze_time("2025-03-20")
    def test_end_of_a_support_period(self):
        self.followup.write({"measure_type": "asll", "date_end": "2025-04-10", "date_start": "2025-01-06"})
        self.run_job()
        self.assertAlerts(self.followup, {"period_end": (self.user_social, date(2025, 4, 10))})
        self.followup.with_user(self.user_social).action_renew()
        self.assertEqual(self.followup.date_end, date(2025, 10, 10))
        self.run_job()
        self.assertFalse(self.alerts(self.followup))

    @freeze_time("2025-03-20 12:00:00")
    def test_no_meeting_for_a_week_in_shared_homes(self):
        self.programme.followup_meeting_weeks = 1
        self.env["housing.followup.meeting"].create(
            {"followup_id": self.followup.id, "date": datetime(2025, 3, 10, 10), "duration": 1.0}
        )
        self.run_job()
        self.assertAlerts(self.followup, {"no_meeting": (self.user_social, date(2025, 3, 17))})
        self.run_job()
        self.assertEqual(len(self.alerts(self.followup)), 1)
        # a missed meeting is no meeting
        self.env["housing.followup.meeting"].create(
            {"followup_id": self.followup.id, "date": datetime(2025, 3, 18, 10), "duration": 1.0, "state": "missed"}
        )
        self.run_job()
        self.assertEqual(len(self.alerts(self.followup)), 1)
        self.env["housing.followup.meeting"].create(
            {"followup_id": self.followup.id, "date": datetime(2025, 3, 19, 10), "duration": 1.0}
        )
        self.run_job()
        self.assertFalse(self.alerts(self.followup))
        # another programme expects a visit every 4 weeks
        rooms_file = self._new_followup(
            self.child.copy({"name": "Andrei Popescu", "housing_head_id": False}), programme=self.programme_rooms
        )
        self.run_job()
        self.assertAlerts(rooms_file, {"no_meeting": (self.user_social, date(2025, 2, 3))})

    @freeze_time("2025-03-20")
    def test_sliding_lease_review_hook(self):
        review = [
            {
                "followup_id": self.followup.id,
                "key": 7,
                "date_deadline": date(2025, 4, 15),
                "summary": "Révision du bail glissant",
            }
        ]
        with patch.object(self.registry["housing.followup"], "_get_sliding_lease_review_alerts", return_value=review):
            self.run_job()
            self.run_job()
        alert = self.assertAlerts(self.followup, {"sliding_lease:7": (self.user_social, date(2025, 4, 15))})
        self.assertEqual(alert.activity_type_id.name, "Sliding-lease review")
        self.run_job()
        self.assertFalse(self.alerts(self.followup))

    @freeze_time("2025-03-20")
    def test_closed_files_lose_their_alerts_and_the_job_works_in_batches(self):
        with self.arrears({self.head.id: 3}):
            self.run_job()
            self.assertEqual(len(self.alerts(self.followup)), 1)
            self.followup._close("left")
            self.assertFalse(self.alerts(self.followup))
            self.run_job()
            self.assertFalse(self.alerts(self.followup))
        others = self.env["res.partner"].create([{"name": f"Personne {n}"} for n in range(3)])
        files = self.env["housing.followup"]
        for other in others:
            files |= self._new_followup(other)
        with patch("odoo.addons.solidarity_housing.models.housing_followup_alert.BATCH_SIZE", 2):
            progress = self.run_job()
        open_count = self.env["housing.followup"].search_count([("state", "!=", "closed")])
        self.assertGreaterEqual(open_count, 3)
        calls = [(call.args, call.kwargs) for call in progress.call_args_list]
        self.assertEqual(sum(args[0] for args, _kwargs in calls), open_count)
        self.assertEqual(calls[-1][1], {"remaining": 0})
        self.assertEqual(len(calls), (open_count + 1) // 2)
