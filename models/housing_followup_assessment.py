from odoo import fields, models


class HousingFollowupAssessment(models.Model):
    _name = "housing.followup.assessment"
    _description = "Assessment of a support domain"
    _order = "followup_id, sequence, id"
    _check_company_auto = True

    followup_id = fields.Many2one("housing.followup", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="followup_id.company_id", store=True, index=True, precompute=True)
    domain_id = fields.Many2one("housing.followup.domain", required=True, ondelete="restrict")
    sequence = fields.Integer(related="domain_id.sequence", store=True)
    situation = fields.Text(help="Facts only: the person may read this note (right of access).")
    needs = fields.Text()
    wishes = fields.Text(help="What the person wants, in their words.")

    _domain_uniq = models.Constraint(
        "UNIQUE(followup_id, domain_id)",
        "This domain is already assessed in this support file: complete its line instead of adding another.",
    )
