from odoo import fields, models


class HousingBillingRunError(models.Model):
    _name = "housing.billing.run.error"
    _description = "Billing run error"
    _order = "id"

    run_id = fields.Many2one("housing.billing.run", string="Billing", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="run_id.company_id", store=True, index=True)
    occupancy_id = fields.Many2one("housing.occupancy", string="Agreement", ondelete="cascade")
    lease_id = fields.Many2one("housing.lease", string="Head lease", ondelete="cascade")
    partner_id = fields.Many2one("res.partner", string="Payer", ondelete="cascade")
    message = fields.Text(required=True, string="Reason")
