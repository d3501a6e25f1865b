from odoo import api, fields, models
from odoo.exceptions import ValidationError

GOAL_STATES = [
    ("todo", "To do"),
    ("ongoing", "Ongoing"),
    ("done", "Reached"),
    ("dropped", "Dropped"),
]


class HousingFollowupGoal(models.Model):
    _name = "housing.followup.goal"
    _description = "Support plan goal"
    _order = "followup_id, deadline, id"
    _check_company_auto = True

    followup_id = fields.Many2one(
        "housing.followup", string="Support file", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="followup_id.company_id", store=True, index=True, precompute=True)
    partner_id = fields.Many2one(related="followup_id.partner_id", store=True, string="Household")
    programme_id = fields.Many2one(related="followup_id.programme_id", store=True)
    user_id = fields.Many2one(related="followup_id.user_id", store=True, string="Social worker")
    domain_id = fields.Many2one("housing.followup.domain", required=True, ondelete="restrict")
    name = fields.Char(string="Goal", required=True)
    deadline = fields.Date()
    state = fields.Selection(GOAL_STATES, string="Status", default="todo", required=True)
    date_done = fields.Date(string="Reached on")
    is_open = fields.Boolean(compute="_compute_is_open", store=True)
    is_late = fields.Boolean(compute="_compute_is_late", string="Late")

    @api.depends("state")
    def _compute_is_open(self):
        for goal in self:
            goal.is_open = goal.state in ("todo", "ongoing")

    @api.depends("deadline", "state")
    def _compute_is_late(self):
        today = fields.Date.context_today(self)
        for goal in self:
            goal.is_late = goal.is_open and bool(goal.deadline) and goal.deadline < today

    @api.constrains("deadline", "followup_id")
    def _check_deadline(self):
        for goal in self:
            if goal.deadline and goal.deadline < goal.followup_id.date_start:
                raise ValidationError(
                    self.env._(
                        "The goal “%(goal)s” cannot be due on %(deadline)s, before the support file started "
                        "(%(start)s): choose a later deadline.",
                        goal=goal.name,
                        deadline=goal.deadline,
                        start=goal.followup_id.date_start,
                    )
                )

    def write(self, vals):
        if vals.get("state") == "done" and "date_done" not in vals:
            vals = dict(vals, date_done=fields.Date.context_today(self))
        return super().write(vals)
