from odoo import fields, models


class HousingUnitTag(models.Model):
    _name = "housing.unit.tag"
    _description = "Housing unit feature"
    _order = "name"

    name = fields.Char(required=True, translate=True)
    color = fields.Integer()
    active = fields.Boolean(default=True)

    _name_uniq = models.Constraint("UNIQUE(name)", "This feature already exists.")
