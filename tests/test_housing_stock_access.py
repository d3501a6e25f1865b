from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import HousingCase


@tagged("post_install", "-at_install")
class TestHousingStockAccess(HousingCase):
    def test_back_office_registers_the_stock_but_does_not_delete_units(self):
        env = self.env(user=self.user_backoffice)
        programme = env["housing.programme"].create(
            {"name": "Hôtel social", "code": "HS", "scheme_type": "hotel_shelter"}
        )
        self.assertEqual(programme.company_id, self.company)
        unit = env["housing.unit"].create(
            {
                "name": "Chambre d'hôtel 12",
                "programme_id": programme.id,
                "unit_type": "hotel_room",
                "room_ids": [(0, 0, {"name": "Chambre 12", "capacity": 3})],
            }
        )
        unit.room_ids.capacity = 4
        self.assertEqual(unit.capacity, 4)
        with self.assertRaises(AccessError):
            unit.unlink()
        with self.assertRaises(AccessError):
            programme.unlink()
        unit.room_ids.unlink()  # rooms are edited inside the unit, removing a free one is allowed
        self.assertEqual(unit.capacity, 0)
        # a manager may delete an empty unit
        unit.with_user(self.user_manager).unlink()
        self.assertFalse(unit.exists())

    def test_each_housing_role_reads_the_stock(self):
        for user in (self.user_backoffice, self.user_social, self.user_manager, self.user_accountant):
            with self.subTest(user=user.login):
                units = self.env["housing.unit"].with_user(user).search([("programme_id", "=", self.programme.id)])
                self.assertEqual(units, self.unit)
                self.assertEqual(units.free_beds, 4)

    def test_employee_without_housing_rights_reads_nothing(self):
        with self.assertRaises(AccessError):
            self.env["housing.unit"].with_user(self.user_employee).search([])
        with self.assertRaises(AccessError):
            self.unit.with_user(self.user_employee).read(["name"])
        with self.assertRaises(AccessError):
            self.room_1.with_user(self.user_employee).read(["name"])

    def test_another_company_sees_nothing_of_ours(self):
        stranger = self.env(user=self.user_other_company)
        self.assertFalse(stranger["housing.unit"].search([("id", "=", self.unit.id)]))
        self.assertFalse(stranger["housing.room"].search([("unit_id", "=", self.unit.id)]))
        self.assertFalse(stranger["housing.programme"].search([("id", "=", self.programme.id)]))
        with self.assertRaises(AccessError):
            self.unit.with_user(self.user_other_company).read(["name"])
        with self.assertRaises(AccessError):
            self.programme.with_user(self.user_other_company).write({"name": "Pris"})

    def test_configuration_menu_is_for_managers(self):
        config = self.env.ref("solidarity_housing.housing_menu_config")
        root = self.env.ref("solidarity_housing.housing_menu_root")
        menus = self.env["ir.ui.menu"]
        for user, sees_app, sees_config in (
            (self.user_employee, False, False),
            (self.user_backoffice, True, False),
            (self.user_social, True, False),
            (self.user_manager, True, True),
        ):
            with self.subTest(user=user.login):
                visible = menus.with_user(user)._visible_menu_ids()
                self.assertEqual(root.id in visible, sees_app)
                self.assertEqual(config.id in visible, sees_config)
