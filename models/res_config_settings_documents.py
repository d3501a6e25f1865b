from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    """Tenant documents' and charges settlements' settings (views/res_config_settings_documents_views.xml)."""

    _inherit = "res.config.settings"

    housing_payment_instructions = fields.Text(related="company_id.housing_payment_instructions", readonly=False)
    housing_receipt_needs_third_party = fields.Boolean(
        related="company_id.housing_receipt_needs_third_party", readonly=False
    )
    housing_settlement_due_days = fields.Integer(related="company_id.housing_settlement_due_days", readonly=False)
