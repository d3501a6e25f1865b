from datetime import date, timedelta

from odoo import fields
from odoo.tests import tagged

from ..tools.housing_math import irl_reference_year
from .common import HousingHttpCase


@tagged("post_install", "-at_install")
class TestTenancyTour(HousingHttpCase):
    def test_place_a_household_and_revise_rents(self):
        today = fields.Date.context_today(self.env["housing.lease"])
        anniversary = today - timedelta(days=9)
        lease = self._new_lease(start="2024-01-01", revision_clause=True, revision_quarter="2")
        lease.revision_date = anniversary
        # known index values, whatever the day the test runs
        year = irl_reference_year(2, anniversary)
        for index_year, value in ((year, 150.0), (year - 1, 148.5)):
            index = self.env["housing.irl"]._get(index_year, 2)
            if index:
                index.value = value
            else:
                self.env["housing.irl"].create({"year": index_year, "quarter": 2, "value": value})
        amina = self.env["res.partner"].create({"name": "Amina Yusuf"})
        self.start_tour(
            "/odoo/action-solidarity_housing.housing_occupancy_action",
            "solidarity_housing_tenancy_tour",
            login=self.user_backoffice.login,
        )
        occupancy = self.env["housing.occupancy"].search([("partner_id", "=", amina.id)])
        self.assertEqual((occupancy.state, occupancy.room_id, occupancy.lease_id), ("active", self.room_2, lease))
        self.assertEqual((occupancy.rent, occupancy.charges, occupancy.date_start), (390.0, 60.0, date(2025, 3, 1)))
        caf = occupancy.share_ids.filtered(lambda share: share.payer_kind == "housing_allowance")
        self.assertEqual((caf.partner_id, caf.amount, caf.date_start), (self.caf, 210.0, date(2025, 4, 1)))
        self.assertEqual(occupancy._split_at(date(2025, 4, 1))[occupancy.share_ids - caf], 240)
        # revised from the screen: 1200.00 × 150.00 / 148.50 = 1212.12, from the request (9 days late)
        self.assertEqual((lease.rent, lease.revision_ids.date), (1212.12, today))
