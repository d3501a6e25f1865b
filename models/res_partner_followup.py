from odoo import api, fields, models
from odoo.exceptions import AccessError
from odoo.tools import format_date

from .housing_social_profile import (
    ASYLUM_STATUSES,
    COMPLEMENTARY_COVERS,
    HEALTH_COVERS,
    PROFILE_FIELDS,
    RESIDENCE_DOCUMENTS,
    SCHOOLING,
)

SOCIAL_WORKER_GROUP = "solidarity_housing.group_housing_social_worker"
SOCIAL_FIELDS = frozenset(f"housing_{name}" for name in PROFILE_FIELDS)


class ResPartner(models.Model):
    """What the social follow-up adds to a person: their support files, absences and social situation."""

    _inherit = "res.partner"

    # Social follow-up: that a file exists is known to the back office; its content is not.
    housing_followup_ids = fields.One2many("housing.followup", "partner_id", string="Support files")
    housing_followup_count = fields.Integer(compute="_compute_housing_followup_count", string="Support files count")
    housing_absence_ids = fields.One2many("housing.absence", "partner_id", string="Absences")
    # The social part of a person (housing.social.profile): social workers of the household's files and managers
    housing_social_profile_ids = fields.One2many(
        "housing.social.profile", "partner_id", string="Social profiles", groups=SOCIAL_WORKER_GROUP
    )
    housing_social_readable = fields.Boolean(
        compute="_compute_housing_social", string="Social situation readable", groups=SOCIAL_WORKER_GROUP
    )
    housing_residence_document = fields.Selection(
        RESIDENCE_DOCUMENTS,
        string="Residence document",
        compute="_compute_housing_social",
        inverse="_inverse_housing_social",
        groups=SOCIAL_WORKER_GROUP,
    )
    housing_residence_document_expiry = fields.Date(
        string="Residence document expiry",
        compute="_compute_housing_social",
        inverse="_inverse_housing_social",
        groups=SOCIAL_WORKER_GROUP,
    )
    housing_asylum_status = fields.Selection(
        ASYLUM_STATUSES,
        string="Asylum status",
        compute="_compute_housing_social",
        inverse="_inverse_housing_social",
        groups=SOCIAL_WORKER_GROUP,
    )
    housing_health_cover = fields.Selection(
        HEALTH_COVERS,
        string="Health cover",
        compute="_compute_housing_social",
        inverse="_inverse_housing_social",
        groups=SOCIAL_WORKER_GROUP,
    )
    housing_health_cover_expiry = fields.Date(
        string="Health cover expiry",
        compute="_compute_housing_social",
        inverse="_inverse_housing_social",
        groups=SOCIAL_WORKER_GROUP,
    )
    housing_complementary_cover = fields.Selection(
        COMPLEMENTARY_COVERS,
        string="Complementary health cover",
        compute="_compute_housing_social",
        inverse="_inverse_housing_social",
        groups=SOCIAL_WORKER_GROUP,
    )
    housing_complementary_cover_expiry = fields.Date(
        string="Complementary cover expiry",
        compute="_compute_housing_social",
        inverse="_inverse_housing_social",
        groups=SOCIAL_WORKER_GROUP,
    )
    housing_caf_number = fields.Char(
        string="CAF number",
        compute="_compute_housing_social",
        inverse="_inverse_housing_social",
        groups=SOCIAL_WORKER_GROUP,
        help="Family-allowance number (numéro d'allocataire), 7 digits. Never the social-security number.",
    )
    housing_domiciliation_partner_id = fields.Many2one(
        "res.partner",
        string="Domiciliation",
        domain="[('is_company', '=', True)]",
        compute="_compute_housing_social",
        inverse="_inverse_housing_social",
        groups=SOCIAL_WORKER_GROUP,
        help="The CCAS or association that gives the person a postal address.",
    )
    housing_domiciliation_expiry = fields.Date(
        string="Domiciliation expiry",
        compute="_compute_housing_social",
        inverse="_inverse_housing_social",
        groups=SOCIAL_WORKER_GROUP,
    )
    housing_languages = fields.Char(
        string="Languages spoken",
        compute="_compute_housing_social",
        inverse="_inverse_housing_social",
        groups=SOCIAL_WORKER_GROUP,
    )
    housing_interpreter_needed = fields.Boolean(
        string="Interpreter needed",
        compute="_compute_housing_social",
        inverse="_inverse_housing_social",
        groups=SOCIAL_WORKER_GROUP,
    )
    housing_schooling = fields.Selection(
        SCHOOLING,
        string="Schooling",
        compute="_compute_housing_social",
        inverse="_inverse_housing_social",
        groups=SOCIAL_WORKER_GROUP,
    )
    housing_school_name = fields.Char(
        string="School",
        compute="_compute_housing_social",
        inverse="_inverse_housing_social",
        groups=SOCIAL_WORKER_GROUP,
    )

    # Social follow-up ------------------------------------------------------------------

    @api.depends("housing_followup_ids")
    @api.depends_context("allowed_company_ids")
    def _compute_housing_followup_count(self):
        counts = dict(
            self.env["housing.followup"]._read_group([("partner_id", "in", self.ids)], ["partner_id"], ["__count"])
        )
        for partner in self:
            partner.housing_followup_count = counts.get(partner._origin, 0)

    def _housing_profiles(self, sudo=False):
        """Social profiles of these persons in the current company, as the user may read them (or all)."""
        Profile = self.env["housing.social.profile"]
        return (Profile.sudo() if sudo else Profile).search(
            [("partner_id", "in", self._origin.ids), ("company_id", "=", self.env.company.id)]
        )

    @api.depends_context("uid", "allowed_company_ids")
    def _compute_housing_social(self):
        readable = {profile.partner_id.id: profile for profile in self._housing_profiles()}
        hidden = set(self._housing_profiles(sudo=True).partner_id.ids) - set(readable)
        empty = self.env["housing.social.profile"]
        for partner in self:
            profile = readable.get(partner._origin.id, empty)
            for name in PROFILE_FIELDS:
                partner[f"housing_{name}"] = profile[name]
            partner.housing_social_readable = partner._origin.id not in hidden

    def _inverse_housing_social(self):
        for partner in self:
            partner._housing_write_social(
                {
                    f"housing_{name}": self._fields[f"housing_{name}"].convert_to_write(
                        partner[f"housing_{name}"], partner
                    )
                    for name in PROFILE_FIELDS
                }
            )

    def _housing_write_social(self, values):
        """Write the social part of these persons (``{"housing_<field>": value}``) on their profiles.

        Done as the current user: the profile's record rules decide, not the right to edit contacts.
        """
        for fname in values:
            self._check_field_access(self._fields[fname], "write")
        Profile = self.env["housing.social.profile"]
        readable = {profile.partner_id.id: profile for profile in self._housing_profiles()}
        hidden = set(self._housing_profiles(sudo=True).partner_id.ids) - set(readable)
        vals = {fname.removeprefix("housing_"): value for fname, value in values.items()}
        to_create = []
        for partner in self:
            if partner.id in hidden:
                raise AccessError(
                    self.env._(
                        "The social situation of %(person)s is confidential: only the social worker of their "
                        "household's support file and managers may change it.",
                        person=partner.name,
                    )
                )
            if partner.id in readable:
                readable[partner.id].write(vals)
            elif any(vals.values()):
                to_create.append({"partner_id": partner.id, "company_id": self.env.company.id, **vals})
        if to_create:
            Profile.create(to_create)
        self.invalidate_recordset([*values, "housing_social_readable"])

    def write(self, vals):
        # the social part lives on the person's profile: writing it does not change the contact
        social = {fname: value for fname, value in vals.items() if fname in SOCIAL_FIELDS}
        if social:
            self._housing_write_social(social)
            vals = {fname: value for fname, value in vals.items() if fname not in social}
            if not vals:
                return True
        return super().write(vals)

    def _housing_followup_on_exit(self, exit_date, reason="left"):
        """A household leaves its housing (``reason`` "left") or changes programme ("programme_change").

        Called when an agreement ends (``housing.occupancy._record_exit``, extended by the follow-up). The
        social worker of each open support file of these households gets an activity to prepare the hand-over
        (printable summary for the next case manager, then closing of the file). Returns the activities created.
        """
        followups = (
            self.env["housing.followup"]
            .sudo()
            .search([("partner_id", "in", (self.housing_head_id | self).ids), ("state", "!=", "closed")])
        )
        return followups._housing_alert_raise(
            "handover",
            key=f"handover:{reason}",
            date_deadline=exit_date,
            user_id=lambda followup: followup.user_id.id,
            summary=lambda followup: self.env._(
                "%(household)s leaves on %(date)s: prepare the hand-over to the next case manager",
                household=followup.partner_id.name,
                date=format_date(self.env, exit_date),
            ),
        )

    def action_view_housing_followups(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("solidarity_housing.housing_followup_action")
        action["domain"] = [("partner_id", "=", self.id)]
        action["context"] = {"default_partner_id": self.id, "active_test": False}
        return action

    def action_housing_export_personal_data(self):
        self.ensure_one()
        export = self.env["housing.personal.data.export"].create({"partner_id": self.id})
        return export.action_download()
