from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools.housing_math import days_between

ABSENCE_REASONS = [
    ("travel", "Stay abroad"),
    ("hospital", "Hospital or care"),
    ("family", "Family reasons"),
    ("other", "Other"),
]

SOCIAL_WORKER_GROUP = "solidarity_housing.group_housing_social_worker"


class HousingAbsence(models.Model):
    """An occupant away from the housing: the housing allowance needs 8 months' occupation a year."""

    _name = "housing.absence"
    _description = "Occupant's absence"
    _inherit = ["mail.thread"]
    _order = "date_start desc, id desc"
    _check_company_auto = True

    partner_id = fields.Many2one(
        "res.partner",
        string="Person",
        required=True,
        index=True,
        tracking=True,
        domain="[('is_company', '=', False)]",
    )
    household_id = fields.Many2one("res.partner", compute="_compute_household_id", store=True, index=True)
    company_id = fields.Many2one("res.company", required=True, index=True, default=lambda self: self.env.company)
    date_start = fields.Date(string="Left on", required=True, default=fields.Date.context_today, tracking=True)
    date_end = fields.Date(
        string="Back on", tracking=True, help="Return date, planned or actual; empty while the return is unknown."
    )
    days = fields.Integer(compute="_compute_days", string="Days away", help="Up to today while the person is away.")
    reason = fields.Selection(ABSENCE_REASONS, default="travel", groups=SOCIAL_WORKER_GROUP, tracking=True)
    note = fields.Text(groups=SOCIAL_WORKER_GROUP, help="Facts only: the person may read this note.")
    is_ongoing = fields.Boolean(compute="_compute_days", string="Away now")

    @api.depends("partner_id.housing_head_id")
    def _compute_household_id(self):
        for absence in self:
            absence.household_id = absence.partner_id.housing_head_id or absence.partner_id

    @api.depends("date_start", "date_end")
    def _compute_days(self):
        today = fields.Date.context_today(self)
        for absence in self:
            end = min(absence.date_end or today, today)
            absence.days = (
                days_between(absence.date_start, end) if absence.date_start and end >= absence.date_start else 0
            )
            absence.is_ongoing = (
                bool(absence.date_start)
                and absence.date_start <= today
                and (not absence.date_end or absence.date_end >= today)
            )

    @api.depends("partner_id", "date_start", "date_end")
    def _compute_display_name(self):
        for absence in self:
            absence.display_name = self.env._(
                "%(person)s away from %(start)s", person=absence.partner_id.name or "", start=absence.date_start or ""
            )

    @api.constrains("date_start", "date_end", "partner_id")
    def _check_dates(self):
        for absence in self:
            if absence.date_end and absence.date_end < absence.date_start:
                raise ValidationError(
                    self.env._(
                        "%(person)s cannot be back (%(end)s) before leaving (%(start)s): check the dates of the "
                        "absence.",
                        person=absence.partner_id.name,
                        end=absence.date_end,
                        start=absence.date_start,
                    )
                )
            overlapping = self.search(
                [
                    ("id", "!=", absence.id),
                    ("partner_id", "=", absence.partner_id.id),
                    "|",
                    ("date_end", "=", False),
                    ("date_end", ">=", absence.date_start),
                    *([("date_start", "<=", absence.date_end)] if absence.date_end else []),
                ],
                limit=1,
            )
            if overlapping:
                raise ValidationError(
                    self.env._(
                        "%(person)s is already away from %(start)s to %(end)s: change that absence instead of adding "
                        "another one.",
                        person=absence.partner_id.name,
                        start=overlapping.date_start,
                        end=overlapping.date_end or self.env._("an unknown date"),
                    )
                )
