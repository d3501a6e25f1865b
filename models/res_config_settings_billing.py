from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    """Rent billing's settings (views/res_config_settings_billing_views.xml)."""

    _inherit = "res.config.settings"

    housing_sale_journal_id = fields.Many2one(related="company_id.housing_sale_journal_id", readonly=False)
    housing_purchase_journal_id = fields.Many2one(related="company_id.housing_purchase_journal_id", readonly=False)
    housing_rent_account_id = fields.Many2one(related="company_id.housing_rent_account_id", readonly=False)
    housing_charges_account_id = fields.Many2one(related="company_id.housing_charges_account_id", readonly=False)
    housing_funder_account_id = fields.Many2one(related="company_id.housing_funder_account_id", readonly=False)
    housing_mandate_account_id = fields.Many2one(related="company_id.housing_mandate_account_id", readonly=False)
    housing_rent_expense_account_id = fields.Many2one(
        related="company_id.housing_rent_expense_account_id", readonly=False
    )
    housing_charges_expense_account_id = fields.Many2one(
        related="company_id.housing_charges_expense_account_id", readonly=False
    )
    housing_rent_product_id = fields.Many2one(related="company_id.housing_rent_product_id", readonly=False)
    housing_charges_product_id = fields.Many2one(related="company_id.housing_charges_product_id", readonly=False)
    housing_due_day = fields.Integer(related="company_id.housing_due_day", readonly=False)
    housing_bill_in_advance = fields.Boolean(related="company_id.housing_bill_in_advance", readonly=False)
    housing_allowance_surplus = fields.Selection(related="company_id.housing_allowance_surplus", readonly=False)
