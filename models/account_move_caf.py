from odoo import fields, models


class AccountMove(models.Model):
    """The credit notes and invoices a CAF statement's differences gave (allowance revised, overpayments)."""

    _inherit = "account.move"

    housing_caf_statement_id = fields.Many2one(
        "housing.caf.statement", string="CAF statement", index="btree_not_null", readonly=True, copy=False
    )
