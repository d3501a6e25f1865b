from odoo import fields, models


class HousingCampPhase(models.Model):
    """A phase of a site's resorption (diagnostic, social census, accompaniment, move, follow-up): an ordered list
    that managers configure; each site plans and dates its own phases."""

    _name = "housing.camp.phase"
    _description = "Resorption phase"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(help="Stable code used by the addon (diagnostic, census, accompaniment, move, followup).")
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    fold = fields.Boolean(string="Folded in kanban")
    description = fields.Text(translate=True, help="What the team does in this phase.")

    _code_uniq = models.Constraint("UNIQUE(code)", "A resorption phase with this code already exists.")
