from odoo.tests import tagged

from .common_caf import MARCH
from .common_portal import PortalCase


@tagged("post_install", "-at_install")
class TestPortalTour(PortalCase):
    def test_an_occupant_downloads_their_rent_receipt(self):
        self.start_tour("/my", "solidarity_housing_portal_tour", login=self.portal_mohamed.login)
        receipt = self.env["housing.rent.document"].search(
            [("occupant_id", "=", self.occupant.id), ("kind", "=", "rent_receipt")]
        )
        self.assertEqual((receipt.period_start, receipt.amount_paid), (MARCH, 200.0))
        self.assertEqual(
            self.env["housing.receipt.request"].search([("user_id", "=", self.portal_mohamed.id)]).state, "issued"
        )
