from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import HousingCase


@tagged("post_install", "-at_install")
class TestTenancyAccess(HousingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.lease = cls._new_lease(revision_clause=True)
        cls.occupancy = cls._new_occupancy(partner=cls.occupant)

    def test_back_office_manages_leases_and_agreements(self):
        env = self.env(user=self.user_backoffice)
        occupancy = env["housing.occupancy"].create(
            {
                "room_id": self.room_2.id,
                "partner_id": self.occupant.id,
                "date_start": "2025-03-01",
                "rent": 300,
                "share_ids": [(0, 0, {"payer_kind": "occupant", "is_remainder": True})],
            }
        )
        occupancy.action_activate()
        self.assertEqual(occupancy.lease_id, self.lease)
        self.assertEqual(env["housing.lease"].browse(self.lease.id).occupancy_count, 2)
        self.assertEqual(env["housing.irl"].search_count([("year", "=", 2024)]), 4)
        with self.assertRaises(AccessError):
            env["housing.irl"].create({"year": 2026, "quarter": 1, "value": 147})
        self.env["housing.irl"].with_user(self.user_manager).create({"year": 2026, "quarter": 1, "value": 147})

    def test_accountant_reads_agreements_and_shares(self):
        occupancy = self.occupancy.with_user(self.user_accountant)
        self.assertEqual(occupancy.share_ids.mapped("monthly_amount"), [450.0])
        self.assertEqual(occupancy.lease_id.rent, 1200.0)

    def test_employee_and_other_company_read_nothing(self):
        for model, record in (
            ("housing.lease", self.lease),
            ("housing.occupancy", self.occupancy),
            ("housing.occupancy.share", self.occupancy.share_ids),
        ):
            with self.subTest(model=model):
                with self.assertRaises(AccessError):
                    record.with_user(self.user_employee).read(["id"])
                self.assertFalse(self.env[model].with_user(self.user_other_company).search([("id", "=", record.id)]))
                with self.assertRaises(AccessError):
                    record.with_user(self.user_other_company).read(["id"])
