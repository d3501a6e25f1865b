from odoo import fields, models


class HousingApplicationAssessment(models.Model):
    """A note of the assessment of a referral: read by its social worker (or her programmes') and managers only."""

    _name = "housing.application.assessment"
    _description = "Assessment note of a referral"
    _housing_gdpr_delete_own = True
    _order = "application_id, date desc, id desc"
    _check_company_auto = True

    application_id = fields.Many2one("housing.application", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="application_id.company_id", store=True, index=True, precompute=True)
    date = fields.Date(required=True, default=fields.Date.context_today)
    user_id = fields.Many2one("res.users", string="Written by", default=lambda self: self.env.user, readonly=True)
    note = fields.Text(
        required=True,
        help="Situation, needs and wishes of the household. Facts only: the person may read this note (right of "
        "access).",
    )
