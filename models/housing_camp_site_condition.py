from odoo import api, fields, models

from ..tools.resorption_math import answer_status
from .housing_camp_condition_question import CONDITION_STATUSES

ANSWERS = [("yes", "Yes"), ("no", "No"), ("unknown", "Don't know")]


class HousingCampSiteCondition(models.Model):
    """The answer to one living-conditions question on a site; the domain's status is the worst of its answers."""

    _name = "housing.camp.site.condition"
    _description = "Living-conditions answer"
    _order = "site_id, domain, sequence, id"
    _check_company_auto = True

    site_id = fields.Many2one("housing.camp.site", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="site_id.company_id", store=True, index=True, precompute=True)
    question_id = fields.Many2one("housing.camp.condition.question", required=True, ondelete="restrict")
    domain = fields.Selection(related="question_id.domain", store=True)
    sequence = fields.Integer(related="question_id.sequence", store=True)
    answer = fields.Selection(ANSWERS, required=True, default="unknown")
    status = fields.Selection(CONDITION_STATUSES, compute="_compute_status", store=True)
    note = fields.Char(string="Details")

    _question_uniq = models.Constraint(
        "UNIQUE(site_id, question_id)", "This question is already answered for this site: change its answer instead."
    )

    @api.depends("answer", "question_id.good_answer", "question_id.severity")
    def _compute_status(self):
        for line in self:
            line.status = answer_status(line.answer, line.question_id.good_answer, line.question_id.severity)
