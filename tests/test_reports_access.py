from datetime import date

from odoo.exceptions import AccessError, UserError
from odoo.tests import TransactionCase, tagged

from .common import HousingSetup


@tagged("post_install", "-at_install")
class TestReportsAccess(HousingSetup, TransactionCase):
    """Only managers read the funders' figures, each association its own."""

    @classmethod
    def _setup_housing(cls):
        result = super()._setup_housing()
        cls._new_lease(start="2025-01-01")
        cls._new_occupancy(room=cls.room_1, partner=cls.occupant, start="2025-02-01")
        cls.dashboard = cls.env.ref("solidarity_housing.spreadsheet_dashboard_housing")
        cls.menus = (
            cls.env.ref("solidarity_housing.housing_funder_report_wizard_menu")
            | cls.env.ref("solidarity_housing.housing_occupancy_report_menu")
            | cls.env.ref("solidarity_housing.housing_collection_report_menu")
            | cls.env.ref("solidarity_housing.housing_dashboard_menu")
        )
        return result

    def _engine(self, user):
        return (
            self.env["housing.indicator"]
            .with_user(user)
            ._get_indicators(self.programme, date(2025, 1, 1), date(2025, 12, 31))
        )

    def _visible_menus(self, user):
        visible = self.env["ir.ui.menu"].with_user(user)._visible_menu_ids()
        return self.menus.filtered(lambda menu: menu.id in visible)

    def test_staff_other_than_managers_are_refused(self):
        for user in (self.user_backoffice, self.user_social, self.user_accountant, self.user_employee):
            with self.subTest(user=user.login):
                with self.assertRaisesRegex(AccessError, "Only housing managers read the funders' figures"):
                    self._engine(user)
                with self.assertRaises(AccessError):
                    self.env["housing.funder.report.wizard"].with_user(user).create({"period_type": "year"})
                for model in ("housing.occupancy.report", "housing.collection.report"):
                    with self.assertRaises(AccessError):
                        self.env[model].with_user(user).search([])
                self.assertFalse(
                    self.env["spreadsheet.dashboard"].with_user(user).search([("id", "=", self.dashboard.id)])
                )
                self.assertFalse(self._visible_menus(user))

    def test_manager_reads_the_figures(self):
        figures = self._engine(self.user_manager)
        self.assertEqual(figures[self.programme.id]["households_housed"], 1)
        self.assertEqual(figures["total"]["entries"], 1)
        wizard = self.env["housing.funder.report.wizard"].with_user(self.user_manager).create({"year": 2025})
        self.assertEqual(wizard.programme_ids, self.programme)
        self.assertEqual(wizard._funder_pack_data()["figures"]["total"]["households_housed"], 1)
        self.assertTrue(self.env["housing.occupancy.report"].with_user(self.user_manager).search_count([]))
        self.assertEqual(
            self.env["spreadsheet.dashboard"].with_user(self.user_manager).search([("id", "=", self.dashboard.id)]),
            self.dashboard,
        )
        self.assertEqual(self._visible_menus(self.user_manager), self.menus)

    def test_another_association_sees_nothing(self):
        manager = self.user_other_company
        figures = self._engine(manager)
        self.assertEqual(set(figures), {"total"}, "another association's programme is not read")
        self.assertEqual((figures["total"]["households_housed"], figures["total"]["bed_days_available"]), (0, 0))
        for model in ("housing.occupancy.report", "housing.collection.report"):
            self.assertFalse(self.env[model].with_user(manager).search([("company_id", "=", self.company.id)]))
        wizard = self.env["housing.funder.report.wizard"].with_user(manager).create({"year": 2025})
        self.assertEqual(wizard.company_id, self.other_company)
        self.assertFalse(wizard.programme_ids)
        self.assertNotIn(self.funder, wizard.available_funder_ids)
        with self.assertRaisesRegex(UserError, "company"):
            wizard.programme_ids = self.programme
        # the engine itself reads nothing of another association's programme
        engine = self.env["housing.indicator"].with_user(manager)
        self.assertEqual(set(engine._get_indicators(self.programme, date(2025, 1, 1), date(2025, 12, 31))), {"total"})
