from datetime import date

from freezegun import freeze_time

from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged

from .common import HousingCase


@tagged("post_install", "-at_install")
class TestLease(HousingCase):
    def test_lease_lifecycle(self):
        lease = self.env["housing.lease"].create({"unit_id": self.unit.id, "date_start": "2025-01-01", "rent": 1200})
        self.assertRegex(lease.name, r"^BAIL-\d{4,}$")
        self.assertEqual((lease.state, lease.landlord_id), ("draft", self.landlord), "the unit's landlord by default")
        lease.action_start()
        occupancy = self._new_occupancy(start="2025-02-01")
        with freeze_time("2025-09-15"):
            lease.action_give_notice()
        self.assertEqual(
            (lease.state, lease.notice_date, lease.date_end), ("notice", date(2025, 9, 15), date(2025, 12, 15))
        )
        with self.assertRaisesRegex(UserError, r"cannot end on 2025-12-15 while these agreements go on: CONV-"):
            lease.action_end()
        with freeze_time("2025-12-20"):
            occupancy._record_exit(date(2025, 12, 15), "permanent_housing")
            lease.action_end()
        self.assertEqual((lease.state, occupancy.state), ("ended", "ended"))

    def test_lease_rules(self):
        with self.assertRaisesRegex(ValidationError, r"cannot end \(2024-12-31\) before it starts \(2025-01-01\)"):
            self._new_lease(date_end="2024-12-31")
        with self.assertRaisesRegex(ValidationError, "cannot be negative"):
            self._new_lease(rent=-1)
        lease = self._new_lease()
        with self.assertRaisesRegex(ValidationError, "already has the running lease .* over these dates: end it"):
            self._new_lease(start="2025-06-01")
        with self.assertRaisesRegex(UserError, "has started or has agreements: end it instead of deleting it"):
            lease.unlink()
        with self.assertRaisesRegex(UserError, "Only a draft lease can start"):
            lease.action_start()

    def test_sliding_lease_review_and_glide(self):
        lease = self._new_lease(lease_type="sliding_lease", start="2025-01-15", user_id=self.user_backoffice.id)
        self.assertEqual((lease.next_review_date, lease.glide_date), (date(2025, 7, 15), date(2027, 1, 15)))
        review = lease.activity_ids
        self.assertEqual(review.activity_type_id, self.env.ref("solidarity_housing.mail_activity_sliding_lease_review"))
        self.assertEqual((review.date_deadline, review.user_id), (date(2025, 7, 15), self.user_backoffice))
        with freeze_time("2025-07-18"):
            lease.action_mark_reviewed()
        self.assertEqual(lease.next_review_date, date(2026, 1, 15))
        self.assertEqual(lease.activity_ids.date_deadline, date(2026, 1, 15), "one review planned, the next one")
        occupancy = self._new_occupancy(room=False, unit_id=self.unit.id, start="2025-02-01")
        self.assertEqual(occupancy.occupancy_type, "sliding_lease")
        wizard = Form(self.env["housing.lease.glide.wizard"].with_context(default_lease_id=lease.id))
        wizard.glide_date = date(2026, 12, 31)
        self.assertEqual(wizard.occupancy_ids[:], occupancy)
        with freeze_time("2027-01-02"):
            wizard.save().action_confirm()
        self.assertEqual((lease.state, lease.date_end), ("ended", date(2026, 12, 31)))
        self.assertEqual(
            (occupancy.state, occupancy.exit_date, occupancy.exit_destination),
            ("ended", date(2026, 12, 31), "sliding_lease"),
        )
        self.assertFalse(lease.activity_ids, "no review once the lease has glided")

    def test_back_office_registers_a_lease(self):
        form = Form(self.env["housing.lease"].with_user(self.user_backoffice).with_company(self.company))
        form.unit_id = self.unit
        form.date_start = date(2025, 5, 1)
        form.rent = 980
        form.charges = 120
        form.revision_clause = True
        form.revision_quarter = "3"
        lease = form.save()
        self.assertEqual(lease.revision_date, date(2026, 5, 1), "first anniversary")
        lease.action_start()
        self.assertEqual(self.unit.lease_count, 1)
