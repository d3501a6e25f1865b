from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    """Pathways' settings of a company: proposals and the public "offer a room" form."""

    _inherit = "res.company"

    housing_proposal_answer_days = fields.Integer(
        string="Days to answer a proposal",
        default=8,
        help="Default deadline of a place proposed to a household; past it the proposal expires.",
    )
    housing_host_form_enabled = fields.Boolean(
        string="Public form to offer a room",
        help="Shared flats offer a room on the page /logement/proposer-une-chambre; each offer starts at stage "
        "Contacted.",
    )
    housing_host_form_user_id = fields.Many2one(
        "res.users",
        string="Offers of the form followed by",
        domain="[('share', '=', False), ('company_ids', 'in', id)]",
        help="Gets an activity to call back each host flat that offers a room on the public form. Empty: the "
        "manager of the solidarity-rooms programme.",
    )
    housing_host_form_rate_limit = fields.Integer(
        string="Offers per hour and address",
        default=5,
        help="The public form refuses more offers than this from one internet address within an hour.",
    )

    @api.constrains("housing_proposal_answer_days", "housing_host_form_rate_limit")
    def _check_housing_pathways_settings(self):
        for company in self:
            if company.housing_proposal_answer_days < 1 or company.housing_host_form_rate_limit < 1:
                raise ValidationError(
                    self.env._(
                        "The days to answer a proposal and the offers per hour of the public form of %(company)s "
                        "must be at least 1.",
                        company=company.name,
                    )
                )
