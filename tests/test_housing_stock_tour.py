from odoo.tests import tagged

from .common import HousingHttpCase


@tagged("post_install", "-at_install")
class TestHousingStockTour(HousingHttpCase):
    def test_back_office_registers_a_unit_with_rooms(self):
        self.start_tour("/odoo", "solidarity_housing_stock_tour", login=self.user_backoffice.login)
        unit = self.env["housing.unit"].search([("name", "=", "Mobil-home 7")])
        self.assertEqual(unit.programme_id, self.programme)
        self.assertEqual(unit.create_uid, self.user_backoffice)
        self.assertEqual(unit.room_ids.mapped("name"), ["Mobil-home entier"])
        self.assertEqual((unit.capacity, unit.free_beds, unit.state), (5, 5, "free"))
        self.assertTrue(unit.ref.startswith("LOG-"))
