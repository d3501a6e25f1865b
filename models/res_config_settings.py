from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    """The housing stock's settings. Each later capability adds its own in a file of its own
    (``res_config_settings_billing.py``...), and its block to the settings screen in a view of its own."""

    _inherit = "res.config.settings"

    housing_unit_sequence_id = fields.Many2one(
        "ir.sequence",
        string="Unit reference sequence",
        compute="_compute_housing_unit_sequence_id",
    )
    housing_unit_sequence_prefix = fields.Char(
        related="housing_unit_sequence_id.prefix", readonly=False, string="Unit reference prefix"
    )
    housing_analytic_auto = fields.Boolean(related="company_id.housing_analytic_auto", readonly=False)

    def action_housing_create_analytic_accounts(self):
        """Give every programme and unit of the company that has none an analytic account."""
        self.ensure_one()
        domain = [("company_id", "=", self.company_id.id), ("analytic_account_id", "=", False)]
        self.env["housing.programme"].search(domain)._housing_create_analytic_account()
        self.env["housing.unit"].search(domain)._housing_create_analytic_account()

    def _compute_housing_unit_sequence_id(self):
        sequence = self.env["ir.sequence"].search(
            [("code", "=", "housing.unit"), ("company_id", "in", [False, self.env.company.id])],
            order="company_id",
            limit=1,
        )
        for settings in self:
            settings.housing_unit_sequence_id = sequence
