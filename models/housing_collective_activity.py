from odoo import api, fields, models
from odoo.exceptions import ValidationError

ACTIVITY_TYPES = [
    ("conviviality", "Conviviality moment"),
    ("prevention", "Prevention workshop"),
    ("citizenship", "Citizenship workshop"),
    ("french", "French class"),
    ("outing", "Outing"),
    ("other", "Other"),
]

#: an activity (une activité) is "Prévue", "Réalisée"; a meeting (un rendez-vous) "Prévu", "Tenu"; a move (un
#: déménagement) "Effectué" ("Carried out"): other English words
ACTIVITY_STATES = [
    ("planned", "Scheduled"),
    ("done", "Took place"),
    ("cancelled", "Cancelled"),
]


class HousingCollectiveActivity(models.Model):
    _name = "housing.collective.activity"
    _description = "Collective activity"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date desc, id desc"
    _check_company_auto = True

    name = fields.Char(required=True, tracking=True)
    activity_type = fields.Selection(
        ACTIVITY_TYPES, string="Type", required=True, default="conviviality", tracking=True
    )
    date = fields.Datetime(required=True, default=fields.Datetime.now, tracking=True)
    duration = fields.Float(string="Duration (hours)", default=2.0, tracking=True)
    state = fields.Selection(ACTIVITY_STATES, string="Status", default="planned", required=True, tracking=True)
    programme_id = fields.Many2one("housing.programme", required=True, index=True, check_company=True, tracking=True)
    company_id = fields.Many2one(related="programme_id.company_id", store=True, index=True, precompute=True)
    unit_ids = fields.Many2many(
        "housing.unit", string="Units", check_company=True, domain="[('programme_id', '=', programme_id)]"
    )
    user_ids = fields.Many2many(
        "res.users",
        string="Facilitators",
        default=lambda self: self.env.user,
        domain="[('share', '=', False)]",
    )
    attendee_ids = fields.Many2many(
        "res.partner",
        string="Attendees",
        check_company=True,
        domain="[('is_company', '=', False)]",
        help="Persons who took part.",
    )
    attendee_count = fields.Integer(compute="_compute_hours", store=True, string="Attendees count")
    attendee_hours = fields.Float(
        compute="_compute_hours",
        store=True,
        string="Attendance hours",
        help="Duration × attendees: the hours of presence funders count.",
    )
    description = fields.Html()

    @api.depends("attendee_ids", "duration")
    def _compute_hours(self):
        for activity in self:
            activity.attendee_count = len(activity.attendee_ids)
            activity.attendee_hours = activity.duration * activity.attendee_count

    @api.constrains("duration")
    def _check_duration(self):
        for activity in self:
            if activity.duration <= 0:
                raise ValidationError(
                    self.env._(
                        "The collective activity “%(name)s” must last more than 0 hours (%(hours)s entered): enter "
                        "its duration, e.g. 2:00.",
                        name=activity.name,
                        hours=activity.duration,
                    )
                )

    @api.constrains("programme_id", "unit_ids", "attendee_ids")
    def _check_units_attendees(self):
        for activity in self:
            other_units = activity.unit_ids.filtered(
                lambda unit, programme=activity.programme_id: unit.programme_id != programme
            )
            if other_units:
                raise ValidationError(
                    self.env._(
                        "%(units)s belong to another programme than %(programme)s: the collective activity "
                        "“%(name)s” gathers units of its own programme.",
                        units=", ".join(other_units.mapped("display_name")),
                        programme=activity.programme_id.name,
                        name=activity.name,
                    )
                )
            organisations = activity.attendee_ids.filtered("is_company")
            if organisations:
                raise ValidationError(
                    self.env._(
                        "%(names)s are organisations: the attendees of “%(name)s” are persons.",
                        names=", ".join(organisations.mapped("name")),
                        name=activity.name,
                    )
                )

    def action_mark_done(self):
        self.write({"state": "done"})

    def action_cancel(self):
        self.write({"state": "cancelled"})
