from odoo import fields, models


class HousingUnitTag(models.Model):
    _inherit = "housing.unit.tag"

    step_free = fields.Boolean(
        string="No stairs",
        help="A dwelling with this feature suits a household that needs a ground floor or a lift.",
    )
