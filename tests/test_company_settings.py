from odoo.exceptions import ValidationError
from odoo.tests import Form, tagged

from .common import HousingCase, migration


@tagged("post_install", "-at_install")
class TestCompanySettings(HousingCase):
    """A company setting out of its range is refused with what to enter, never clamped silently by the code."""

    def test_the_rent_is_due_on_a_day_every_month_has(self):
        for day in (0, 29, 31, -5):
            with self.assertRaisesRegex(
                ValidationError, rf"cannot be due on day {day} of the month: enter a day from 1 to 28"
            ):
                self.company.housing_due_day = day
        for day in (1, 28):
            self.company.housing_due_day = day
            self.assertEqual(self.company.housing_due_day, day)

    def test_a_charges_settlement_is_never_due_before_it_is_billed(self):
        with self.assertRaisesRegex(ValidationError, r"cannot have -1 days to pay: enter 0 days \(due at once\)"):
            self.company.housing_settlement_due_days = -1
        self.company.housing_settlement_due_days = 0
        self.assertEqual(self.company.housing_settlement_due_days, 0)

    def test_the_settings_screen_refuses_them_too(self):
        settings = Form(self.env["res.config.settings"].with_company(self.company))
        settings.housing_due_day = 30
        with self.assertRaisesRegex(ValidationError, "cannot be due on day 30 of the month"):
            settings.save().execute()
        self.assertEqual(self.company.housing_due_day, 5)

    def test_the_settings_views_are_off_while_the_billing_block_moves(self):
        """Updating a database: the views adding to the billing block are off while the block moves to its view."""
        view = self.env.ref("solidarity_housing.res_config_settings_view_form_collections")
        pre, post = migration("pre-settings"), migration("post-settings")
        pre.migrate(self.env.cr, "19.0.1.0.1")
        self.env.invalidate_all()
        self.assertFalse(view.active)
        self.assertTrue(self.env.ref("solidarity_housing.res_config_settings_view_form_billing").active)
        self.assertTrue(self.env.ref("solidarity_housing.res_config_settings_view_form").active)
        post.migrate(self.env.cr, "19.0.1.0.1")
        self.env.invalidate_all()
        self.assertTrue(view.active)
        self.assertFalse(self.env["ir.config_parameter"].sudo().get_param("solidarity_housing.migration_views_off"))
