from odoo import fields, models


class AccountMoveLine(models.Model):
    """A hotel bill's line says which stay its nights are for."""

    _inherit = "account.move.line"

    housing_shelter_stay_id = fields.Many2one(
        "housing.shelter.stay",
        string="Hotel stay",
        index="btree_not_null",
        check_company=True,
        help="The stay whose nights this line bills: its quantity is the number of nights billed.",
    )
