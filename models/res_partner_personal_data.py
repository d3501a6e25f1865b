import json

from odoo import fields, models
from odoo.exceptions import AccessError

from .housing_social_profile import PROFILE_FIELDS


class ResPartner(models.Model):
    """Personal data (GDPR): everything held on a person (right of access), and its anonymisation."""

    _inherit = "res.partner"

    def _housing_personal_data_extra(self):
        """Further sections of the personal-data export: the occupancy agreements of the person's household.

        ``{title: rows}``, rows being lists of dicts of plain values.
        """
        self.ensure_one()
        # read as the user: the agreements of the companies they work for, nothing else
        agreements = self.env["housing.occupancy"].search(
            ["|", ("partner_id", "=", self.id), ("member_ids", "in", self.ids)], order="date_start"
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

    def _housing_companies_holding(self):
        """The companies that hold housing records of this person (agreements, support files, social profile)."""
        self.ensure_one()
        env = self.sudo().env
        head = self.housing_head_id or self
        companies = (
            env["housing.occupancy"]
            .search(["|", ("partner_id", "=", self.id), ("member_ids", "in", self.ids)])
            .company_id
        )
        companies |= (
            env["housing.followup"].with_context(active_test=False).search([("partner_id", "=", head.id)]).company_id
        )
        companies |= env["housing.social.profile"].search([("partner_id", "=", self.id)]).company_id
        return companies

    def _housing_check_same_company(self):
        """A person of another association is refused: their contact belongs to it, or only it holds their file."""
        self.ensure_one()
        allowed = self.env.companies
        holding = self._housing_companies_holding()
        if (self.company_id and self.company_id not in allowed) or (holding and not holding & allowed):
            raise AccessError(
                self.env._(
                    "%(person)s is followed by another association (%(companies)s): you cannot export their "
                    "personal data. Ask that association.",
                    person=self.name,
                    companies=", ".join((holding - allowed).sudo().mapped("name")) or self.company_id.sudo().name,
                )
            )

    def _housing_personal_data(self):
        """Everything the association holds on this person, as plain values (right of access, GDPR art. 15).

        Read as the current user: only those who may read the social file can export it.
        """
        self.ensure_one()
        self.check_access("read")
        self._housing_check_same_company()
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
