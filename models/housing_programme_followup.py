from odoo import api, fields, models
from odoo.exceptions import ValidationError


class HousingProgramme(models.Model):
    """What the social follow-up adds to a programme: how often households are met, who reads the files."""

    _inherit = "housing.programme"

    followup_meeting_weeks = fields.Integer(
        string="Weeks without a meeting before an alert",
        compute="_compute_followup_meeting_weeks",
        store=True,
        readonly=False,
        help="The social worker of a file is warned when no meeting was held for this many weeks "
        "(shared homes: weekly visits). 0: no alert.",
    )
    followup_visibility = fields.Selection(
        [("own", "Their own files only"), ("programme", "Every file of the programme")],
        string="Social workers read",
        default="own",
        required=True,
        help="Which support files of this programme a social worker may read: only those she follows, or "
        "every file of the programme when she is one of its social workers. Managers read them all.",
    )
    social_worker_ids = fields.Many2many(
        "res.users",
        "housing_programme_social_worker_rel",
        "programme_id",
        "user_id",
        string="Social workers",
        domain="[('share', '=', False)]",
        help="Social workers of the programme: they read all its files when the programme says so.",
    )

    @api.depends("scheme_type")
    def _compute_followup_meeting_weeks(self):
        for programme in self:
            programme.followup_meeting_weeks = 1 if programme.scheme_type == "shared_home" else 4

    @api.constrains("followup_meeting_weeks")
    def _check_followup_meeting_weeks(self):
        for programme in self:
            if programme.followup_meeting_weeks < 0:
                raise ValidationError(
                    self.env._(
                        "The weeks without a meeting before an alert cannot be negative for %(name)s "
                        "(%(weeks)s entered): enter 0 for no alert.",
                        name=programme.name,
                        weeks=programme.followup_meeting_weeks,
                    )
                )
