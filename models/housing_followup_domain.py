from odoo import fields, models


class HousingFollowupDomain(models.Model):
    _name = "housing.followup.domain"
    _description = "Support domain"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True, help="Stable code used by alerts and reports (e.g. health, residence).")
    sequence = fields.Integer(default=10)
    color = fields.Integer()
    active = fields.Boolean(default=True)
    description = fields.Text(translate=True, help="What the social worker looks at in this domain.")

    _code_uniq = models.Constraint(
        "UNIQUE(code)", "A support domain with this code already exists: choose another code."
    )
