"""The social follow-up meets the tenancy: sliding-lease reviews, exits, the personal-data export."""

from datetime import date

from freezegun import freeze_time

from odoo.tests import TransactionCase, tagged

from .common_followup import FollowupSetup


@tagged("post_install", "-at_install")
class TestFollowupTenancy(FollowupSetup, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.programme.followup_meeting_weeks = 0  # the meeting alert has its own test
        cls.followup = cls._new_followup(cls.head, state="active")
        cls.family_unit = cls._new_unit("T3 Riquet", rooms=[2, 2])

    def test_sliding_lease_review_alerts_the_social_worker(self):
        lease = self._new_lease(unit=self.family_unit, lease_type="sliding_lease", start="2025-01-15")
        self._new_occupancy(room=False, unit_id=self.family_unit.id, partner=self.head, start="2025-02-01")
        with freeze_time("2025-06-01"):
            self.run_job()
            self.assertFalse(self.alerts(self.followup), "the review of 15 July is more than 30 days away")
        with freeze_time("2025-06-20"):
            self.run_job()
            self.run_job()
            alert = self.alerts(self.followup)
            self.assertEqual(
                (alert.user_id, alert.date_deadline, alert.housing_alert_key),
                (self.user_social, date(2025, 7, 15), f"sliding_lease:{lease.id}:2025-07-15"),
            )
        with freeze_time("2025-07-16"):
            lease.action_mark_reviewed()
            self.run_job()
            self.assertFalse(self.alerts(self.followup), "held: the next review is on 15 January")
        self.assertEqual(lease.next_review_date, date(2026, 1, 15))

    def test_exit_asks_for_a_hand_over(self):
        self._new_lease(unit=self.family_unit)
        agreement = self._new_occupancy(room=False, unit_id=self.family_unit.id, partner=self.head)
        self.assertEqual(agreement.person_count, 3)
        with freeze_time("2025-05-02"):
            agreement._record_exit(date(2025, 4, 30), "permanent_housing")
        handover = self.followup.activity_ids.filtered(
            lambda activity: (
                activity.activity_type_id == self.env.ref("solidarity_housing.mail_activity_type_followup_handover")
            )
        )
        self.assertEqual((handover.user_id, handover.date_deadline), (self.user_social, date(2025, 4, 30)))

    def test_personal_data_export_lists_the_agreements(self):
        self._new_lease(unit=self.family_unit)
        self._new_occupancy(room=False, unit_id=self.family_unit.id, partner=self.head, start="2025-02-01")
        data = self.spouse.with_user(self.user_social)._housing_personal_data()
        agreements = data["Occupancy agreements"]
        self.assertEqual(len(agreements), 1, "the spouse lives under the head's agreement")
        self.assertEqual(agreements[0]["Signatory"], "Ion Popescu")
        self.assertEqual(agreements[0]["Entry date"], "2025-02-01")
        self.assertEqual(agreements[0]["Monthly total"], 450.0)
