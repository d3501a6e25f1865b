import html
import json
import re
from collections import defaultdict

from markupsafe import escape

from odoo import fields, models
from odoo.exceptions import AccessError
from odoo.fields import Domain
from odoo.tools import SQL

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
        """Replace identity and contact details, wipe the social part (retention period over).

        Every stored copy of the persons' identity in the housing records goes too: the names computed from
        theirs are recomputed, the notes and messages written on their own records (agreements, arrears files,
        repayment plans, absences, documents...) and their attachments are deleted, and what still names them
        (chatter, tracking values, alerts' summaries, errors...) names the anonymised person instead. The
        accounting entries keep what the law requires (10 years): they are not housing records.
        """
        persons = self.sudo()
        old_names = {person.id: person.name for person in persons if person.name}
        records, own = persons._housing_identity_records()
        persons._housing_profiles(sudo=True).unlink()
        persons.env["housing.social.profile"].sudo().search([("partner_id", "in", persons.ids)]).unlink()
        absences = persons.env["housing.absence"].sudo().search([("partner_id", "in", persons.ids)])
        absences.write({"reason": "other", "note": False})
        persons._housing_wipe_own_records(own)
        for model, ids in records.items():
            if self.env[model]._transient:  # a wizard left open on their records
                self.env[model].sudo().browse(ids).exists().unlink()
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
        persons._housing_replace_names(
            records, {pid: (name, persons.browse(pid).name) for pid, name in old_names.items()}
        )

    def _housing_identity_records(self):
        """The housing records that may hold these persons' identity, ``({model: ids}, {model: ids})``.

        All of them: those pointing at the persons (an agreement they sign or live under, a support file, a
        due, a document, a collective activity...) and, step by step, those pointing at these (a meeting of
        their file, an error on their agreement...); and their own, the records pointing at them through a
        many-to-one field (not a list of attendees, say). Every housing model counts, those of capabilities
        added later too.
        """
        models = [
            self.env[name].sudo().with_context(active_test=False)
            for name in self.env.registry
            if name.startswith("housing.") and not self.env[name]._abstract and self.env[name]._auto
        ]
        found, own = defaultdict(set), defaultdict(set)
        frontier = {"res.partner": set(self.ids)}
        while frontier:
            new = defaultdict(set)
            for Model in models:
                domains, own_domains = [], []
                for field in Model._fields.values():
                    if field.store and field.type in ("many2one", "many2many") and field.comodel_name in frontier:
                        domain = Domain(field.name, "in", list(frontier[field.comodel_name]))
                        domains.append(domain)
                        if field.type == "many2one" and field.comodel_name == "res.partner":
                            own_domains.append(domain)
                if not domains:
                    continue
                ids = set(Model.search(Domain.OR(domains)).ids) - found[Model._name]
                if own_domains:
                    own[Model._name] |= set(Model.search(Domain.OR(own_domains)).ids)
                if ids:
                    new[Model._name] = ids
                    found[Model._name] |= ids
            frontier = new
        return found, own

    def _housing_wipe_own_records(self, own):
        """Delete the notes, messages, activities and attachments of the persons' own housing records (and of
        their contact)."""
        env = self.sudo().env
        own = dict(own, **{"res.partner": set(self.ids)})
        for model, ids in own.items():
            Model = env[model].with_context(active_test=False)
            if Model._transient:
                continue
            records = Model.browse(ids).exists()
            notes = [
                name
                for name, field in Model._fields.items()
                if field.store and field.type == "html" and name in ("note", "description") and model != "res.partner"
            ]
            if notes and records:
                records.write(dict.fromkeys(notes, False))
            env["mail.message"].search(
                [
                    ("model", "=", model),
                    ("res_id", "in", list(ids)),
                    *(
                        []
                        if model == "res.partner"
                        else [("message_type", "in", ("comment", "email", "email_outgoing"))]
                    ),
                ]
            ).unlink()
            if model == "res.partner":
                env["mail.activity"].with_context(active_test=False).search(
                    [("res_model", "=", model), ("res_id", "in", list(ids))]
                ).unlink()
            env["ir.attachment"].search([("res_model", "=", model), ("res_id", "in", list(ids))]).unlink()

    def _housing_replace_names(self, records, names):
        """Write the new name wherever a housing record, its chatter, its tracking values or its activities
        still hold an old one. ``records``: ``{model: ids}``; ``names``: ``{person id: (old, new)}``."""
        env = self.sudo().env
        env.flush_all()
        cr = env.cr
        pairs = [
            (
                "|".join(
                    re.escape(variant) for variant in sorted({old, html.escape(old, quote=False), str(escape(old))})
                ),
                new.replace("\\", "\\\\"),
            )
            for old, new in names.values()
            if old
        ]

        def replace(table, columns, where):
            for pattern, new in pairs:
                cr.execute(
                    SQL(
                        "UPDATE %s SET %s WHERE %s",
                        SQL.identifier(table),
                        SQL(", ").join(
                            SQL(
                                "%s = regexp_replace(%s, %s, %s, 'gi')",
                                SQL.identifier(column),
                                SQL.identifier(column),
                                pattern,
                                new,
                            )
                            for column in columns
                        ),
                        where,
                    )
                )

        for model, ids in records.items():
            if not ids:
                continue
            Model = env[model]
            columns = [
                name
                for name, field in Model._fields.items()
                if field.store and field.column_type and field.type in ("char", "text", "html") and not field.translate
            ]
            if columns and not Model._transient:
                replace(Model._table, columns, SQL("id = ANY(%s)", list(ids)))
            threads = SQL("model = %s AND res_id = ANY(%s)", model, list(ids))
            replace("mail_message", ["subject", "body"], threads)
            replace(
                "mail_mail",
                ["body_html"],
                SQL("mail_message_id IN (SELECT id FROM mail_message WHERE %s)", threads),
            )
            replace(
                "mail_tracking_value",
                ["old_value_char", "new_value_char", "old_value_text", "new_value_text"],
                SQL("mail_message_id IN (SELECT id FROM mail_message WHERE %s)", threads),
            )
            replace(
                "mail_activity",
                ["summary", "note", "res_name", "feedback"],
                SQL("res_model = %s AND res_id = ANY(%s)", model, list(ids)),
            )
            replace(
                "ir_attachment",
                ["name", "description"],
                SQL("res_model = %s AND res_id = ANY(%s)", model, list(ids)),
            )
        env.invalidate_all()
