from odoo import api, fields, models
from odoo.exceptions import ValidationError

MEETING_TYPES = [
    ("home_visit", "Home visit"),
    ("office", "Office appointment"),
    ("phone", "Phone call"),
    ("accompaniment", "Accompaniment outside"),
    ("collective", "Collective"),
]

MEETING_STATES = [
    ("planned", "Planned"),
    ("done", "Held"),
    ("missed", "Missed"),
]

#: Longest meeting accepted, in hours (a day of accompaniment).
MAX_MEETING_HOURS = 12


class HousingFollowupMeeting(models.Model):
    _name = "housing.followup.meeting"
    _description = "Support meeting"
    _inherit = ["mail.thread"]
    _order = "date desc, id desc"
    _check_company_auto = True

    name = fields.Char(compute="_compute_name", store=True)
    followup_id = fields.Many2one(
        "housing.followup", string="Support file", required=True, index=True, ondelete="cascade", check_company=True
    )
    company_id = fields.Many2one(related="followup_id.company_id", store=True, index=True, precompute=True)
    partner_id = fields.Many2one(related="followup_id.partner_id", store=True, string="Household")
    programme_id = fields.Many2one(related="followup_id.programme_id", store=True, index=True)
    user_id = fields.Many2one(
        "res.users",
        string="Met by",
        required=True,
        default=lambda self: self.env.user,
        domain="[('share', '=', False)]",
        tracking=True,
    )
    date = fields.Datetime(required=True, default=fields.Datetime.now, tracking=True)
    meeting_type = fields.Selection(MEETING_TYPES, string="Type", required=True, default="home_visit", tracking=True)
    duration = fields.Float(string="Duration (hours)", default=1.0, tracking=True)
    domain_ids = fields.Many2many(
        "housing.followup.domain", "housing_followup_meeting_domain_rel", "meeting_id", "domain_id", string="Domains"
    )
    summary = fields.Text(help="Facts only: what was done and agreed. The person may read it (right of access).")
    state = fields.Selection(MEETING_STATES, string="Status", default="done", required=True, tracking=True)

    @api.depends("meeting_type", "partner_id.name")
    def _compute_name(self):
        types = dict(self._fields["meeting_type"]._description_selection(self.env))
        for meeting in self:
            meeting.name = f"{types.get(meeting.meeting_type, '')} — {meeting.partner_id.name or ''}"

    @api.constrains("duration")
    def _check_duration(self):
        for meeting in self:
            if not 0 < meeting.duration <= MAX_MEETING_HOURS:
                raise ValidationError(
                    self.env._(
                        "The meeting “%(meeting)s” lasts %(hours)s hours: enter a duration greater than 0 and at "
                        "most %(max)s hours (e.g. 1:30 for an hour and a half).",
                        meeting=meeting.name,
                        hours=meeting.duration,
                        max=MAX_MEETING_HOURS,
                    )
                )

    @api.constrains("date", "state")
    def _check_date(self):
        now = fields.Datetime.now()
        for meeting in self:
            if meeting.state != "planned" and meeting.date > now:
                raise ValidationError(
                    self.env._(
                        "The meeting “%(meeting)s” of %(date)s has not happened yet: keep it planned, and mark it "
                        "held or missed afterwards.",
                        meeting=meeting.name,
                        date=meeting.date,
                    )
                )
            if meeting.date.date() < meeting.followup_id.date_start:
                raise ValidationError(
                    self.env._(
                        "The meeting “%(meeting)s” of %(date)s is dated before its support file started "
                        "(%(start)s): check the date.",
                        meeting=meeting.name,
                        date=meeting.date.date(),
                        start=meeting.followup_id.date_start,
                    )
                )

    def action_mark_done(self):
        self.write({"state": "done"})

    def action_mark_missed(self):
        self.write({"state": "missed"})
