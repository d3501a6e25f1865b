from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError
from odoo.tools import format_date

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
        check_company=True,
        domain="[('is_company', '=', False)]",
    )
    household_id = fields.Many2one("res.partner", compute="_compute_household_id", store=True, index=True)
    company_id = fields.Many2one("res.company", required=True, index=True, default=lambda self: self.env.company)
    date_start = fields.Date(string="Left on", required=True, default=fields.Date.context_today, tracking=True)
    date_end = fields.Date(
        string="Back on", tracking=True, help="Return date, planned or actual; empty while the return is unknown."
    )
    days = fields.Integer(compute="_compute_days", string="Days away", help="Up to today while the person is away.")
    # why: confidential, read like the household's support file (housing.absence.detail and its rules)
    detail_ids = fields.One2many(
        "housing.absence.detail", "absence_id", string="Confidential details", groups=SOCIAL_WORKER_GROUP
    )
    reason = fields.Selection(
        ABSENCE_REASONS,
        compute="_compute_details",
        inverse="_inverse_details",
        groups=SOCIAL_WORKER_GROUP,
    )
    note = fields.Text(
        compute="_compute_details",
        inverse="_inverse_details",
        groups=SOCIAL_WORKER_GROUP,
        help="Facts only: the person may read this note.",
    )
    details_readable = fields.Boolean(
        compute="_compute_details",
        string="Reason readable",
        groups=SOCIAL_WORKER_GROUP,
        help="The social worker of the household's support file and managers read why the person is away.",
    )
    is_ongoing = fields.Boolean(compute="_compute_days", string="Away now")

    @api.depends("partner_id.housing_head_id")
    def _compute_household_id(self):
        for absence in self:
            absence.household_id = absence.partner_id.housing_head_id or absence.partner_id

    def _details(self, sudo=False):
        """``{absence id: detail}`` of these absences, as the user may read them (or all)."""
        Detail = self.env["housing.absence.detail"]
        details = (Detail.sudo() if sudo else Detail).search([("absence_id", "in", self._origin.ids)])
        return {detail.absence_id.id: detail for detail in details}

    @api.depends(
        "detail_ids.reason",
        "detail_ids.note",
        "household_id.housing_followup_ids.user_id",
        "household_id.housing_followup_ids.programme_id.followup_visibility",
        "household_id.housing_followup_ids.programme_id.social_worker_ids",
    )
    @api.depends_context("uid")
    def _compute_details(self):
        readable = self._details()
        hidden = set(self._details(sudo=True)) - set(readable)
        empty = self.env["housing.absence.detail"]
        for absence in self:
            detail = readable.get(absence._origin.id, empty)
            absence.reason = detail.reason
            absence.note = detail.note
            absence.details_readable = absence._origin.id not in hidden

    def _inverse_details(self):
        """Write the reason and note on the absences' details, as the user: the details' rules decide."""
        readable = self._details()
        hidden = set(self._details(sudo=True)) - set(readable)
        to_create = []
        for absence in self:
            if absence.id in hidden:
                raise AccessError(absence._details_confidential_message())
            values = {"reason": absence.reason, "note": absence.note}
            if absence.id in readable:
                readable[absence.id].write(values)
            else:
                to_create.append({"absence_id": absence.id, **values})
        if to_create:
            try:
                self.env["housing.absence.detail"].create(to_create)
            except AccessError:
                raise AccessError(self[:1]._details_confidential_message()) from None

    def _details_confidential_message(self):
        return self.env._(
            "Why %(person)s is away is confidential: only the social worker of their household's support file and "
            "managers may read or change it.",
            person=self.partner_id.name,
        )

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
                "%(person)s away from %(start)s",
                person=absence.partner_id.name or "",
                start=format_date(self.env, absence.date_start) if absence.date_start else "",
            )

    @api.constrains("date_start", "date_end", "partner_id")
    def _check_dates(self):
        for absence in self:
            if absence.partner_id.is_company:
                raise ValidationError(
                    self.env._(
                        "%(name)s is an organisation: an absence is a person's (an occupant away from the housing).",
                        name=absence.partner_id.name,
                    )
                )
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

    @api.model_create_multi
    def create(self, vals_list):
        absences = super().create(vals_list)
        # every absence has its detail, so that its record rules alone say who reads the reason
        missing = (
            absences - self.env["housing.absence.detail"].sudo().search([("absence_id", "in", absences.ids)]).absence_id
        )
        self.env["housing.absence.detail"].sudo().create([{"absence_id": absence.id} for absence in missing])
        return absences
