from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    """Collections' settings (views/res_config_settings_collections_views.xml)."""

    _inherit = "res.config.settings"

    housing_collections_user_id = fields.Many2one(related="company_id.housing_collections_user_id", readonly=False)
    housing_arrears_caf_report_months = fields.Integer(
        related="company_id.housing_arrears_caf_report_months", readonly=False
    )
    housing_repayment_max_months = fields.Integer(related="company_id.housing_repayment_max_months", readonly=False)
    housing_repayment_grace_days = fields.Integer(related="company_id.housing_repayment_grace_days", readonly=False)
