import json

from odoo import api, fields, models
from odoo.exceptions import AccessError

from ..tools.housing_math import age_in_years
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

RELATIONSHIPS = [
    ("head", "Head of household"),
    ("spouse", "Spouse or partner"),
    ("child", "Child"),
    ("relative", "Other relative"),
    ("other", "Other"),
]


class ResPartner(models.Model):
    _inherit = "res.partner"

    # Household: who lives with whom, so that adults and children can be counted.
    housing_birthdate = fields.Date(string="Birth date")
    housing_age = fields.Integer(string="Age", compute="_compute_housing_age")
    housing_relationship = fields.Selection(
        RELATIONSHIPS, string="Relationship", help="Place of the person in the household."
    )
    housing_head_id = fields.Many2one(
        "res.partner",
        string="Head of household",
        index="btree_not_null",
        domain="[('is_company', '=', False)]",
        help="The person who signs for the household; empty for the head themself.",
    )
    housing_member_ids = fields.One2many("res.partner", "housing_head_id", string="Household members")
    housing_household_size = fields.Integer(
        string="Household size", compute="_compute_housing_household_size", help="The head and their members."
    )

    # Social follow-up: that a file exists is known to the back office; its content is not.
    housing_followup_ids = fields.One2many("housing.followup", "partner_id", string="Support files")
    housing_followup_count = fields.Integer(compute="_compute_housing_followup_count", string="Support files count")
    housing_absence_ids = fields.One2many("housing.absence", "partner_id", string="Absences")
    # Collections: that a household is in arrears is known to the back office; the amounts are not
    housing_arrears_ids = fields.One2many("housing.arrears", "partner_id", string="Arrears files")
    housing_in_arrears = fields.Boolean(
        string="In arrears",
        compute="_compute_housing_in_arrears",
        search="_search_housing_in_arrears",
        groups="solidarity_housing.group_housing_user,account.group_account_invoice",
        help="The household owes at least the company's threshold of months of net share.",
    )
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

    @api.depends("housing_birthdate")
    def _compute_housing_age(self):
        today = fields.Date.context_today(self)
        for partner in self:
            birthdate = partner.housing_birthdate
            partner.housing_age = age_in_years(birthdate, today) if birthdate else 0

    @api.depends("housing_member_ids")
    def _compute_housing_household_size(self):
        for partner in self:
            partner.housing_household_size = 1 + len(partner.housing_member_ids)

    def _housing_is_child(self, on_day):
        """Under 18 on ``on_day``: children and adults are counted separately in reports."""
        self.ensure_one()
        return bool(self.housing_birthdate) and age_in_years(self.housing_birthdate, on_day) < 18

    # Social follow-up ------------------------------------------------------------------

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

    def _housing_household(self):
        """The persons of these households: heads and their members."""
        heads = self.housing_head_id | self.filtered(lambda p: not p.housing_head_id)
        return heads | heads.housing_member_ids

    def _housing_arrears_months(self):
        """Months of net share owed by each household of ``self`` (heads): ``{partner id: months}``.

        The overdue occupant's dues of each household divided by its monthly net share, as the arrears screen
        computes them (``housing.arrears``), for the whole batch in a few queries; a household owing nothing
        is left out. The daily alert job of the social follow-up warns from the company's threshold (2 months
        by default). A household housed by several companies of the database counts its highest figure.
        """
        RentLine = self.env["housing.rent.line"].sudo()
        today = fields.Date.context_today(self)
        companies = [
            company
            for [company] in RentLine._read_group(
                [("occupant_id", "in", self.ids), ("payer_kind", "=", "occupant"), ("amount_residual", "!=", 0)],
                ["company_id"],
            )
        ]
        months = {}
        for company in companies:
            figures = self.env["housing.arrears"].sudo()._figures(company, self.ids, today)
            for partner_id, values in figures.items():
                if values["months_owed"] > months.get(partner_id, 0):
                    months[partner_id] = values["months_owed"]
        return months

    @api.depends("housing_arrears_ids.in_arrears")
    @api.depends_context("allowed_company_ids")
    def _compute_housing_in_arrears(self):
        files = (
            self.env["housing.arrears"]
            .sudo()
            .search(
                [
                    ("partner_id", "in", self.ids),
                    ("in_arrears", "=", True),
                    ("company_id", "in", self.env.companies.ids),
                ]
            )
        )
        for partner in self:
            partner.housing_in_arrears = partner in files.partner_id

    def _search_housing_in_arrears(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            return NotImplemented
        files = (
            self.env["housing.arrears"]
            .sudo()
            .search([("in_arrears", "=", True), ("company_id", "in", self.env.companies.ids)])
        )
        wanted = (operator == "=") == value
        return [("id", "in" if wanted else "not in", files.partner_id.ids)]

    def _housing_followup_on_exit(self, exit_date, reason="left"):
        """A household leaves its housing (``reason`` "left") or changes programme ("programme_change").

        Hook for the occupancy agreements: called when an agreement ends. The social worker of each
        open support file of these households gets an activity to prepare the hand-over (printable
        summary for the next case manager, then closing of the file). Returns the activities created.
        """
        followups = (
            self.env["housing.followup"]
            .sudo()
            .search([("partner_id", "in", (self.housing_head_id | self).ids), ("state", "!=", "closed")])
        )
        activity_type = self.env.ref("solidarity_housing.mail_activity_type_followup_handover")
        activities = self.env["mail.activity"]
        for followup in followups:
            key = f"handover:{reason}"
            if (
                self.env["mail.activity"]
                .sudo()
                .search_count(
                    [("res_model", "=", followup._name), ("res_id", "=", followup.id), ("housing_alert_key", "=", key)]
                )
            ):
                continue
            activities |= followup.activity_schedule(
                activity_type_id=activity_type.id,
                date_deadline=exit_date,
                user_id=followup.user_id.id,
                summary=self.env._(
                    "%(household)s leaves on %(date)s: prepare the hand-over to the next case manager",
                    household=followup.partner_id.name,
                    date=exit_date,
                ),
                housing_alert_key=key,
            )
        return activities

    def action_view_housing_arrears(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("solidarity_housing.housing_arrears_action")
        action["domain"] = [("partner_id", "=", self.id)]
        action["context"] = {}
        files = self.env["housing.arrears"].search([("partner_id", "=", self.id)])
        if len(files) == 1:
            action.update(view_mode="form", views=[(False, "form")], res_id=files.id)
        return action

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

    def _housing_personal_data_extra(self):
        """Further sections of the personal-data export: the occupancy agreements of the person's household.

        ``{title: rows}``, rows being lists of dicts of plain values.
        """
        self.ensure_one()
        agreements = (
            self.env["housing.occupancy"]
            .sudo()
            .search(["|", ("partner_id", "=", self.id), ("member_ids", "in", self.ids)], order="date_start")
        )
        destinations = dict(agreements._fields["exit_destination"]._description_selection(self.env))
        return {
            self.env._("Occupancy agreements"): [
                {
                    self.env._("Reference"): agreement.name,
                    self.env._("Unit"): agreement.unit_id.display_name,
                    self.env._("Room"): agreement.room_id.name or "",
                    self.env._("Signatory"): agreement.partner_id.name,
                    self.env._("Entry date"): str(agreement.date_start),
                    self.env._("Exit date"): str(agreement.exit_date or ""),
                    self.env._("Exit destination"): destinations.get(agreement.exit_destination, ""),
                    self.env._("Monthly total"): agreement.amount_total,
                }
                for agreement in agreements
            ]
        }

    def _housing_personal_data(self):
        """Everything the association holds on this person, as plain values (right of access, GDPR art. 15).

        Read as the current user: only those who may read the social file can export it.
        """
        self.ensure_one()
        self.check_access("read")
        head = self.housing_head_id or self
        followups = self.env["housing.followup"].with_context(active_test=False).search([("partner_id", "=", head.id)])
        if self._housing_profiles(sudo=True) - self._housing_profiles() or not all(
            followups.mapped("can_read_content")
        ):
            raise AccessError(
                self.env._(
                    "You cannot export the personal data of %(person)s: their household is followed by another "
                    "social worker. Ask her or a manager.",
                    person=self.name,
                )
            )

        def label(record, fname):
            field = record._fields[fname]
            value = record[fname]
            if field.type == "selection":
                return dict(field._description_selection(self.env)).get(value, "")
            if field.type in ("many2one", "many2many", "one2many"):
                return ", ".join(value.mapped("display_name"))
            if field.type in ("date", "datetime"):
                return fields.Date.to_string(value) if field.type == "date" else fields.Datetime.to_string(value)
            return value if value is not False else ""

        household = self._housing_household() if (self.housing_head_id or self.housing_member_ids) else self
        identity_fields = [
            "name",
            "street",
            "street2",
            "zip",
            "city",
            "country_id",
            "email",
            "phone",
            "housing_birthdate",
            "housing_relationship",
            "housing_head_id",
        ]
        data = {
            "person": {self._fields[f].string: label(self, f) for f in identity_fields},
            "household": [{"name": p.name, "relationship": label(p, "housing_relationship")} for p in household - self],
        }
        profile = self._housing_profiles()
        data["social_situation"] = (
            {profile._fields[f].string: label(profile, f) for f in PROFILE_FIELDS} if profile else {}
        )
        held = followups.meeting_ids.filtered(lambda m: m.state == "done")
        files = []
        for followup in followups:
            files.append(
                {
                    "reference": followup.name,
                    "programme": followup.programme_id.name,
                    "measure": label(followup, "measure_type"),
                    "social_worker": followup.user_id.name,
                    "start": label(followup, "date_start"),
                    "end": label(followup, "date_end"),
                    "state": label(followup, "state"),
                    "assessment": [
                        {
                            "domain": line.domain_id.name,
                            "situation": line.situation or "",
                            "needs": line.needs or "",
                            "wishes": line.wishes or "",
                        }
                        for line in followup.assessment_ids
                    ],
                    "goals": [
                        {
                            "domain": goal.domain_id.name,
                            "goal": goal.name,
                            "deadline": label(goal, "deadline"),
                            "state": label(goal, "state"),
                        }
                        for goal in followup.goal_ids
                    ],
                    "meetings": [
                        {
                            "date": label(meeting, "date"),
                            "type": label(meeting, "meeting_type"),
                            "state": label(meeting, "state"),
                            "hours": meeting.duration,
                            "domains": label(meeting, "domain_ids"),
                            "summary": meeting.summary or "",
                        }
                        for meeting in followup.meeting_ids.sorted("date")
                    ],
                }
            )
        data["support_files"] = files
        absences = self.env["housing.absence"].search([("partner_id", "=", self.id)], order="date_start")
        data["absences"] = [
            {
                "from": label(a, "date_start"),
                "to": label(a, "date_end"),
                "days": a.days,
                "reason": label(a, "reason"),
                "note": a.note or "",
            }
            for a in absences
        ]
        activities = self.env["housing.collective.activity"].search([("attendee_ids", "in", self.ids)], order="date")
        data["collective_activities"] = [
            {"name": a.name, "date": label(a, "date"), "type": label(a, "activity_type"), "hours": a.duration}
            for a in activities
        ]
        messages = self.env["mail.message"].search(
            [
                "|",
                "&",
                ("model", "=", "res.partner"),
                ("res_id", "=", self.id),
                "&",
                ("model", "=", "housing.followup"),
                ("res_id", "in", followups.ids),
                ("message_type", "in", ("comment", "email")),
            ],
            order="date",
        )
        data["messages"] = [
            {"date": label(m, "date"), "author": m.author_id.name or "", "text": m.preview or ""} for m in messages
        ]
        data.update(self._housing_personal_data_extra())
        data["summary"] = {
            "support_files": len(files),
            "meetings_held": len(held),
            "support_hours": sum(held.mapped("duration")),
            "goals": sum(len(f["goals"]) for f in files),
            "absence_days": sum(a["days"] for a in data["absences"]),
            "collective_activities": len(data["collective_activities"]),
        }
        return data

    def _housing_personal_data_json(self):
        return json.dumps(self._housing_personal_data(), ensure_ascii=False, indent=2, default=str)

    def _housing_anonymise_person(self):
        """Replace identity and contact details, wipe the social part (retention period over)."""
        persons = self.sudo()
        persons._housing_profiles(sudo=True).unlink()
        persons.env["housing.social.profile"].sudo().search([("partner_id", "in", persons.ids)]).unlink()
        absences = persons.env["housing.absence"].sudo().search([("partner_id", "in", persons.ids)])
        absences.write({"reason": "other", "note": False})
        persons.env["mail.message"].sudo().search(
            [("model", "=", "res.partner"), ("res_id", "in", persons.ids)]
        ).unlink()
        for person in persons:
            birthdate = person.housing_birthdate
            person.write(
                {
                    "name": self.env._("Anonymised person %(number)s", number=person.id),
                    "street": False,
                    "street2": False,
                    "zip": False,
                    "city": False,
                    "email": False,
                    "phone": False,
                    "comment": False,
                    "image_1920": False,
                    # the year alone still counts adults and children in the funders' figures
                    "housing_birthdate": birthdate and birthdate.replace(month=1, day=1),
                }
            )
