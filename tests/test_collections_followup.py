from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, tagged

from .common_collections import CollectionsSetup
from .common_followup import FollowupSetup


@tagged("post_install", "-at_install")
class TestArrearsAlert(FollowupSetup, CollectionsSetup, TransactionCase):
    """The social worker is warned of a household's arrears, computed from its real invoices."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.programme.followup_meeting_weeks = 0  # the meeting alert has its own test
        cls.followup = cls._new_followup(cls.head, state="active")
        flat = cls._new_unit("T3 Popescu", rooms=[3])
        cls._new_lease(unit=flat, start="2025-01-01", rent=700.0, charges=80.0)
        # the Popescu family pays 450.00 a month of its 600.00, the CAF the rest from February
        cls.agreement = cls._new_occupancy(
            room=flat.room_ids,
            partner=cls.head,
            start="2025-01-01",
            rent=520.0,
            charges=80.0,
            shares=[
                {"payer_kind": "housing_allowance", "partner_id": cls.caf.id, "amount": 150.0},
                {"payer_kind": "occupant", "is_remainder": True},
            ],
        )

    @freeze_time("2025-04-20")
    def test_the_social_worker_is_warned_of_two_months_of_arrears(self):
        for month in (date(2025, 2, 1), date(2025, 3, 1), date(2025, 4, 1)):
            self._run(month)
        self._pay(self._invoices(self.head, date(2025, 2, 1)), amount=225.0, date="2025-02-12")
        # 225.00 left of February, March and April unpaid: 1 125.00 = 2.5 months of 450.00
        self.assertEqual(self.head._housing_arrears_months(), {self.head.id: 2.5})
        self.run_job()
        alerts = self.alerts(self.followup)
        self.assertEqual(
            (alerts.housing_alert_key, alerts.user_id, alerts.date_deadline),
            ("arrears", self.user_social, date(2025, 4, 20)),
        )
        self.assertEqual(
            alerts.summary, "Ion Popescu owes 2.5 months of net share: see the CAF report and a repayment plan"
        )
        # the social worker sees the alert and, once the nightly figures are in, the flag; never the amounts
        self._refresh()
        self.assertTrue(self.head.with_user(self.user_social).housing_in_arrears)
        with self.assertRaises(AccessError):
            self._arrears(self.head).with_user(self.user_social).read(["amount_overdue"])
        # the household pays two months: 0.5 month left, the alert is done
        self._pay(self._invoices(self.head, date(2025, 2, 1), date(2025, 3, 1)), date="2025-04-20")
        self.assertEqual(self.head._housing_arrears_months(), {self.head.id: 1.0})
        self.run_job()
        self.assertFalse(self.alerts(self.followup))
        self.assertEqual(self.alerts(self.followup, active=False), alerts)
