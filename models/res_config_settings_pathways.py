from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    """Pathways' settings (views/res_config_settings_pathways_views.xml)."""

    _inherit = "res.config.settings"

    housing_proposal_answer_days = fields.Integer(related="company_id.housing_proposal_answer_days", readonly=False)
    housing_host_form_enabled = fields.Boolean(related="company_id.housing_host_form_enabled", readonly=False)
    housing_host_form_user_id = fields.Many2one(related="company_id.housing_host_form_user_id", readonly=False)
    housing_host_form_rate_limit = fields.Integer(related="company_id.housing_host_form_rate_limit", readonly=False)
