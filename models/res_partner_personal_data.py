import html
import json
import re
from collections import defaultdict
from itertools import permutations

from markupsafe import escape

from odoo import fields, models
from odoo.exceptions import AccessError
from odoo.fields import Domain
from odoo.tools import SQL
from odoo.tools.translate import LazyTranslate

from ..tools import caf_statement_math as csm
from .housing_social_profile import PROFILE_FIELDS

_lt = LazyTranslate(__name__)

#: what a housing model declares of the personal data it holds, read by the anonymisation (a class attribute):
#: the fields emptied on a person's own records (texts and links emptied, dates kept to their year)
WIPE_ATTRIBUTE = "_housing_gdpr_wipe_fields"
#: ``True``: a person's own records are deleted (medical follow-ups, assessment notes...)
DELETE_ATTRIBUTE = "_housing_gdpr_delete_own"
#: the notes of a person's own records, on every housing model
NOTE_FIELDS = ("note", "description")
#: what separates the words of a name, in a text or an HTML body
NAME_SEPARATOR = r"(?:[\s'’.,-]|&nbsp;|&#39;|&#x27;)+"


#: the records that keep a person known to the association, and when each ended: ``(model, its fields pointing at
#: the persons, the domain of those still under way, the dates it ended on — the latest counts)``
RETENTION_SOURCES = (
    ("housing.followup", ("partner_id",), [("state", "!=", "closed")], ("date_closed",)),
    ("housing.occupancy", ("partner_id", "member_ids"), [("state", "in", ("active", "notice"))], ("date_stop",)),
    (
        "housing.application",
        ("partner_id", "member_ids"),
        [("state", "in", ("received", "assessment", "waiting", "proposed", "accepted"))],
        ("date_received", "date_housed", "date_closed"),
    ),
    ("housing.camp.census", ("partner_id",), [], ("date",)),
    ("housing.camp.census.member", ("partner_id",), [], ("census_id.date",)),
    ("housing.move", ("partner_id",), [("state", "=", "planned")], ("date_done",)),
    ("housing.shelter.stay", ("partner_id",), [("state", "!=", "ended")], ("date_checkin", "date_checkout")),
    (
        "housing.host.offer",
        ("partner_id", "flatmate_ids"),
        [("stage", "in", ("contacted", "interested", "visit", "agreed", "hosting"))],
        ("date_contacted", "date_ended", "date_declined"),
    ),
    ("housing.lease", ("landlord_id",), [("state", "in", ("running", "notice"))], ("date_start", "date_end")),
    ("housing.repayment.plan", ("partner_id",), [("state", "in", ("draft", "running"))], ("date_start",)),
)
#: the records through which the association knows persons who may have no support file: a referral, a census, a
#: hotel stay, a host flat (those with a support file are anonymised with it)
RETENTION_CANDIDATES = (
    "housing.application",
    "housing.camp.census",
    "housing.camp.census.member",
    "housing.shelter.stay",
    "housing.host.offer",
)


#: what the personal-data export shows of the capabilities that hold a person's records: ``(title, model, domain
#: on the person and their household, fields)``; each is read as the user, only the records and fields she may read
EXPORT_SECTIONS = (
    (
        _lt("Referrals received"),
        "housing.application",
        lambda person, head: ["|", ("partner_id", "in", (person | head).ids), ("member_ids", "in", person.ids)],
        (
            "name",
            "state",
            "date_received",
            "referrer_kind",
            "referrer_id",
            "referral_ref",
            "programme_ids",
            "languages",
            "area_wished",
            "needs_note",
            "date_closed",
            "close_reason_id",
            "close_note",
        ),
    ),
    (
        _lt("Referral assessments"),
        "housing.application.assessment",
        lambda person, head: [
            "|",
            ("application_id.partner_id", "in", (person | head).ids),
            ("application_id.member_ids", "in", person.ids),
        ],
        ("application_id", "date", "user_id", "note"),
    ),
    (
        _lt("Places proposed"),
        "housing.application.proposal",
        lambda person, head: [("partner_id", "in", (person | head).ids)],
        ("name", "room_id", "date_proposed", "date_start", "state", "refused_by", "reason_id", "refusal_note"),
    ),
    (
        _lt("Censuses"),
        "housing.camp.census",
        lambda person, head: [
            "|",
            ("partner_id", "in", (person | head).ids),
            ("member_ids.partner_id", "in", person.ids),
        ],
        (
            "name",
            "site_id",
            "date",
            "user_id",
            "interpreter_name",
            "languages",
            "consent_date",
            "health_needs",
            "papers_situation",
            "work_situation",
            "wish_area",
            "wish_housing_type",
            "wish_family_ids",
            "wish_project",
            "note",
        ),
    ),
    (
        _lt("Census: household members"),
        "housing.camp.census.member",
        lambda person, head: [("partner_id", "=", person.id)],
        ("census_id", "name", "birthdate", "relationship", "languages", "schooling", "school_name", "work"),
    ),
    (
        _lt("Census: needs"),
        "housing.camp.census.need",
        lambda person, head: [("census_id.partner_id", "in", (person | head).ids)],
        ("census_id", "domain_id", "name"),
    ),
    (
        _lt("Moves off a site"),
        "housing.move",
        lambda person, head: [("partner_id", "in", (person | head).ids)],
        (
            "name",
            "date_planned",
            "date_done",
            "state",
            "storage_place",
            "destination_type",
            "orientation_note",
            "destination_note",
        ),
    ),
    (
        _lt("Hand-over of the medical follow-up"),
        "housing.move.handover",
        lambda person, head: [("move_id.partner_id", "in", (person | head).ids)],
        ("move_id", "name", "handed_to_id", "handed_date", "note"),
    ),
    (
        _lt("Medical follow-ups"),
        "housing.followup.medical",
        lambda person, head: ["|", ("household_id", "in", (person | head).ids), ("person_id", "=", person.id)],
        ("kind", "name", "person_id", "contact_id", "next_appointment", "note", "state"),
    ),
    (
        _lt("Hotel stays"),
        "housing.shelter.stay",
        lambda person, head: [("partner_id", "in", (person | head).ids)],
        ("name", "hotel_id", "room_label", "date_checkin", "date_checkout", "state", "note"),
    ),
    (
        _lt("Host flat offers"),
        "housing.host.offer",
        lambda person, head: ["|", ("partner_id", "=", person.id), ("flatmate_ids", "in", person.ids)],
        ("name", "stage", "contact_name", "email", "phone", "street", "zip", "city", "message", "date_contacted"),
    ),
    (
        _lt("Lines of CAF statements"),
        "housing.caf.statement.line",
        lambda person, head: [("partner_id", "=", person.id)],
        ("statement_id", "period_start", "caf_number", "beneficiary_name", "kind", "amount"),
    ),
)


def declared_wipe_fields(model):
    """The fields a housing model declares to empty on a person's own records (a tuple, or names in a string)."""
    declared = getattr(model, WIPE_ATTRIBUTE, ())
    return tuple(declared.split()) if isinstance(declared, str) else tuple(declared)


def _digits(value):
    """The digits of a phone or CAF number; a French phone number in its national form (+33 6… = 06…)."""
    digits = re.sub(r"\D", "", value or "")
    if digits.startswith("33") and len(digits) == 11:
        digits = "0" + digits[2:]
    return digits


def identity_keys(identity):
    """The keys a text that names the person matches: their name whatever the order and case of its words, their
    e-mails, the digits of their phones and CAF numbers."""
    keys = {f"name:{csm.name_key(identity['name'])}"} if csm.name_key(identity["name"]) else set()
    keys |= {f"email:{email.lower()}" for email in identity["emails"]}
    keys |= {f"digits:{_digits(number)}" for number in (*identity["phones"], *identity["caf_numbers"])}
    return keys - {"digits:"}


def identity_keys_of(value):
    """The keys of a stored value (see ``identity_keys``)."""
    value = (value or "").strip()
    if not value:
        return set()
    return {f"name:{csm.name_key(value)}", f"email:{value.lower()}", f"digits:{_digits(value)}"} - {"digits:"}


def name_pattern(name):
    """A regular expression (for PostgreSQL and Python) of a name in any order of its words, plain or HTML-escaped:
    'Mohamed Benali' finds 'BENALI Mohamed' too."""
    words = [word for word in re.split(r"[\s'’.,-]+", name or "") if word]
    if not words:
        return None
    orders = permutations(words) if len(words) <= 4 else [words, words[::-1]]
    alternatives = {
        word: "(?:{})".format(
            "|".join(sorted({re.escape(word), re.escape(html.escape(word, quote=False)), re.escape(str(escape(word)))}))
        )
        for word in words
    }
    return "|".join(NAME_SEPARATOR.join(alternatives[word] for word in order) for order in orders)


def contact_patterns(identity):
    """Regular expressions of a person's e-mails, phones and CAF numbers, as texts may write them."""
    patterns = [re.escape(email) for email in identity["emails"]]
    for phone in identity["phones"]:
        digits = _digits(phone)
        if len(digits) >= 9:
            rest = r"[\s.()-]*".join(digits[1:])
            patterns.append(rf"(?:0|\+?33[\s.()-]*(?:\(0\))?)[\s.()-]*{rest}")
    patterns += [rf"(?<![0-9]){number}(?![0-9])" for number in identity["caf_numbers"]]
    return patterns


class ResPartner(models.Model):
    """Personal data (GDPR): everything held on a person (right of access), and its anonymisation."""

    _inherit = "res.partner"

    housing_anonymised = fields.Boolean(
        string="Identity wiped",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The retention period of the person's records is over: their identity was wiped.",
    )

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
        sections = {
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
        head = self.housing_head_id or self
        for title, model, domain, fnames in EXPORT_SECTIONS:
            if model not in self.env or not self.env[model].has_access("read"):
                continue
            Model = self.env[model].with_context(active_test=False)
            readable = [
                fname
                for fname in fnames
                if fname in Model._fields and Model._has_field_access(Model._fields[fname], "read")
            ]
            records = Model.search(domain(self, head))
            sections[self.env._(title)] = [
                {
                    Model._fields[fname]._description_string(self.env): self._housing_export_value(record, fname)
                    for fname in readable
                }
                for record in records
            ]
        return sections

    def _housing_export_value(self, record, fname):
        """A field's value as plain text, as the export's reader understands it."""
        field = record._fields[fname]
        value = record[fname]
        if field.type == "selection":
            return dict(field._description_selection(self.env)).get(value, "")
        if field.type in ("many2one", "many2many", "one2many"):
            return ", ".join(value.mapped("display_name"))
        if field.type == "date":
            return fields.Date.to_string(value) or ""
        if field.type == "datetime":
            return fields.Datetime.to_string(value) or ""
        return value if value is not False else ""

    def _housing_companies_holding(self):
        """The companies that hold housing records of this person or their household: agreements, support files,
        social profile, referrals, censuses, moves, hotel stays, host flats..."""
        self.ensure_one()
        env = self.sudo().with_context(active_test=False).env
        persons = self | (self.housing_head_id or self)
        companies = env["housing.social.profile"].search([("partner_id", "=", self.id)]).company_id
        for model, partner_fields, _under_way, _ended in RETENTION_SOURCES:
            if model in env:
                domain = Domain.OR([Domain(fname, "in", persons.ids) for fname in partner_fields])
                companies |= env[model].search(domain).company_id
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

        label = self._housing_export_value

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

        Every stored copy of the persons' identity in the housing records goes too:

        - each housing model declares what it holds (``_housing_gdpr_wipe_fields``: the fields emptied on the
          person's own records, dates kept to the year; ``_housing_gdpr_delete_own``: their own records are
          deleted); the notes of every own record are emptied;
        - a person's own records are those pointing at them (a census, a referral, a hotel stay...), those whose
          declared fields name them without pointing at them (a CAF statement line written "BENALI Mohamed", with
          their CAF number), and the lines and items of these (a referral's assessment, a census's needs, a move's
          hand-over);
        - the messages and attachments of their own records are deleted, and what still names them (computed
          names, chatter, tracking values, activities, e-mail headers) names the anonymised person instead, without
          their e-mail, phone or CAF number;
        - their user account (the portal's, whose login is their e-mail) is archived under another login.

        The accounting entries keep what the law requires (10 years): they are not housing records; so does the
        file of a CAF statement, the supporting document of the CAF's payment.
        """
        persons = self.sudo().with_context(
            active_test=False, tracking_disable=True, mail_notrack=True, mail_create_nolog=True
        )
        identities = persons._housing_identities()
        records, own = persons._housing_identity_records()
        for model, ids in persons._housing_records_by_identity(identities).items():
            records[model] |= ids
            own[model] |= ids
        persons._housing_own_items(records, own)
        persons._housing_profiles(sudo=True).unlink()
        persons.env["housing.social.profile"].search([("partner_id", "in", persons.ids)]).unlink()
        absences = persons.env["housing.absence"].search([("partner_id", "in", persons.ids)])
        absences.write({"reason": "other", "note": False})
        persons._housing_gdpr_wipe(own)
        persons._housing_wipe_own_records(own)
        for model, ids in records.items():
            if self.env[model]._transient:  # a wizard left open on their records
                self.env[model].sudo().browse(ids).exists().unlink()
        users = persons.env["res.users"].search([("partner_id", "in", persons.ids)])
        if users:
            users.write({"active": False, "signature": False})
            # written below the ORM: a new login would be announced by e-mail to the old address, naming the person
            self.env.cr.execute(SQL("UPDATE res_users SET login = 'anonymised-' || id WHERE id = ANY(%s)", users.ids))
            users.invalidate_recordset(["login"])
        for person in persons:
            birthdate = person.housing_birthdate
            person.write(
                {
                    "name": self.env._("Anonymised person %(number)s", number=person.id),
                    "street": False,
                    "street2": False,
                    "zip": False,
                    "city": False,
                    "state_id": False,
                    "email": False,
                    "phone": False,
                    "function": False,
                    "website": False,
                    "vat": False,
                    "ref": False,
                    "comment": False,
                    "image_1920": False,
                    # the year alone still counts adults and children in the funders' figures
                    "housing_birthdate": birthdate and birthdate.replace(month=1, day=1),
                    "housing_anonymised": True,
                }
            )
        for person_id, identity in identities.items():
            identity["new"] = persons.browse(person_id).name
        persons._housing_replace_identities(records, identities)

    def _housing_retention_due(self, company, limit):
        """The persons ``company`` knows through a referral, a census, a hotel stay or a host flat whose household's
        records all ended on or before ``limit`` (in every association: a record still under way, or a support file
        still kept, keeps the whole household known), not anonymised yet."""
        env = self.sudo().with_context(active_test=False).env
        sources = {model: spec for model, *spec in RETENTION_SOURCES if model in env}
        persons = env["res.partner"]
        for model in RETENTION_CANDIDATES:
            if model not in sources:
                continue
            partner_fields, open_domain, end_fields = sources[model]
            records = env[model].search(
                Domain.AND(
                    [
                        Domain("company_id", "=", company.id),
                        ~Domain(open_domain) if open_domain else Domain.TRUE,
                        Domain(end_fields[0], "<=", limit),
                    ]
                )
            )
            for fname in partner_fields:
                persons |= records[fname]
        persons = persons.filtered(lambda person: not person.is_company and not person.housing_anonymised)
        heads = persons.mapped(lambda person: person.housing_head_id or person)
        households = {head: head | head.housing_member_ids for head in heads}
        everyone = env["res.partner"].union(*households.values()) if households else env["res.partner"]
        head_of = {person: head for head, members in households.items() for person in members}
        kept = set()
        for model, (partner_fields, open_domain, end_fields) in sources.items():
            Model = env[model]
            domain = Domain.OR([Domain(fname, "in", everyone.ids) for fname in partner_fields])
            under_way = set(Model.search(Domain.AND([domain, Domain(open_domain)])).ids) if open_domain else set()
            for record in Model.search(domain):
                ended = [record.mapped(fname)[0] for fname in end_fields if record.mapped(fname)]
                ended = [day for day in ended if day]
                if record.id in under_way or (ended and max(ended) > limit):
                    for fname in partner_fields:
                        kept |= {head_of[person] for person in record[fname] if person in head_of}
        return (
            env["res.partner"]
            .union(*(members for head, members in households.items() if head not in kept))
            .filtered(lambda person: not person.housing_anonymised)
        )

    def _housing_identities(self):
        """What identifies each person: ``{id: {"name", "emails", "phones", "caf_numbers"}}`` (before it goes)."""
        env = self.sudo().env
        profiles = env["housing.social.profile"].search_fetch(
            [("partner_id", "in", self.ids), ("caf_number", "!=", False)], ["partner_id", "caf_number"]
        )
        users = env["res.users"].with_context(active_test=False).search([("partner_id", "in", self.ids)])
        # the CAF numbers the CAF's statements gave them, too
        caf_numbers = defaultdict(set)
        for model in self._housing_gdpr_models():
            fields_ = env[model]._fields
            if (
                "caf_number" in fields_
                and fields_.get("partner_id")
                and fields_["partner_id"].comodel_name == self._name
            ):
                for record in env[model].search_fetch(
                    [("partner_id", "in", self.ids), ("caf_number", "!=", False)], ["partner_id", "caf_number"]
                ):
                    caf_numbers[record.partner_id.id].add(csm.caf_number(record.caf_number))
        for profile in profiles:
            caf_numbers[profile.partner_id.id].add(csm.caf_number(profile.caf_number))
        identities = {}
        for person in self:
            emails = {person.email} | set(users.filtered(lambda u, p=person: u.partner_id == p).mapped("login"))
            identities[person.id] = {
                "name": person.name or "",
                "emails": sorted(email.strip() for email in emails if email and "@" in email),
                "phones": sorted(filter(None, [person.phone])),
                "caf_numbers": sorted(filter(None, caf_numbers[person.id])),
            }
        return identities

    def _housing_gdpr_models(self):
        """The housing models that declare personal data to wipe or delete on a person's own records."""
        return [
            name
            for name in self.env.registry
            if name.startswith("housing.")
            and self.env[name]._auto
            and not self.env[name]._abstract
            and not self.env[name]._transient
            and (declared_wipe_fields(self.env[name]) or getattr(self.env[name], DELETE_ATTRIBUTE, False))
        ]

    def _housing_records_by_identity(self, identities):
        """Records of the declaring models whose declared fields hold a person's name (in any order and case), e-mail,
        phone or CAF number without pointing at the person: ``{model: ids}``. A CAF statement names a beneficiary
        the CAF's way ("BENALI Mohamed") and a line the statement could not match points at nobody. Only in the
        associations that know the person: a namesake elsewhere keeps their records."""
        env = self.sudo().env
        found = defaultdict(set)
        companies = {person.id: person._housing_companies_holding() | person.company_id for person in self.sudo()}
        for model in self._housing_gdpr_models():
            Model = env[model].with_context(active_test=False)
            char_fields = [
                name
                for name in declared_wipe_fields(Model)
                if name in Model._fields and Model._fields[name].type == "char" and Model._fields[name].store
            ]
            for person_id, identity in identities.items():
                keys = identity_keys(identity)
                scope = (
                    Domain("company_id", "in", companies[person_id].ids)
                    if companies[person_id] and "company_id" in Model._fields
                    else Domain.TRUE
                )
                words = sorted((word for word in re.split(r"[\s'’.,-]+", identity["name"]) if word), key=len)
                for fname in char_fields:
                    domain = Domain.OR(
                        [
                            *([Domain(fname, "ilike", words[-1])] if words else []),
                            *(Domain(fname, "=ilike", email) for email in identity["emails"]),
                            *(
                                Domain(fname, "ilike", _digits(number)[-4:])
                                for number in (*identity["caf_numbers"], *identity["phones"])
                                if len(_digits(number)) >= 4
                            ),
                        ]
                    )
                    if domain.is_false():
                        continue
                    for record in Model.search_fetch(domain & scope, [fname]):
                        if identity_keys_of(record[fname]) & keys:
                            found[model].add(record.id)
        return found

    def _housing_own_items(self, records, own):
        """Add to the persons' own records the items of these (lines of a declaring model that belong to an own
        record, and go with it: a referral's assessments, a census's needs, a move's hand-over)."""
        env = self.sudo().env
        declaring = self._housing_gdpr_models()
        grown = True
        while grown:
            grown = False
            for model in declaring:
                Model = env[model].with_context(active_test=False)
                parents = [
                    field
                    for field in Model._fields.values()
                    if field.type == "many2one"
                    and field.store
                    and field.required
                    and field.ondelete == "cascade"
                    and own.get(field.comodel_name)
                ]
                if not parents:
                    continue
                domain = Domain.OR([Domain(field.name, "in", list(own[field.comodel_name])) for field in parents])
                ids = set(Model.search(domain).ids) - own[model]
                if ids:
                    own[model] |= ids
                    records[model] |= ids
                    grown = True

    def _housing_gdpr_wipe(self, own):
        """Apply what each housing model declares on the persons' own records: delete them, or empty the declared
        fields (a date keeps its year, as the birth date of the contact does) and the notes.

        Written below the models' own ``write``: a validated statement or a closed file refuses changes made by
        users, not the anonymisation the law requires."""
        env = self.sudo().env
        for model, ids in own.items():
            Model = env[model].with_context(active_test=False)
            if Model._transient or model == "res.partner" or not ids:
                continue
            records = Model.browse(ids).exists()
            if not records:
                continue
            if getattr(Model, DELETE_ATTRIBUTE, False):
                records.unlink()
                continue
            names = [
                name
                for name in (*declared_wipe_fields(Model), *NOTE_FIELDS)
                if name in Model._fields
                and Model._fields[name].store
                and (name not in NOTE_FIELDS or Model._fields[name].type in ("html", "text"))
            ]
            names = list(dict.fromkeys(names))
            if not names:
                continue
            env.flush_all()
            columns = [name for name in names if Model._fields[name].type != "many2many"]
            if columns:
                records._write_multi(
                    [
                        {
                            name: (
                                record[name].replace(month=1, day=1)
                                if Model._fields[name].type == "date" and record[name]
                                else None
                            )
                            for name in columns
                        }
                        for record in records
                    ]
                )
            for name in names:
                field = Model._fields[name]
                if field.type == "many2many":
                    env.cr.execute(
                        SQL(
                            "DELETE FROM %s WHERE %s = ANY(%s)",
                            SQL.identifier(field.relation),
                            SQL.identifier(field.column1),
                            records.ids,
                        )
                    )
            records.invalidate_recordset(names)
            records.modified(names)
        env.flush_all()

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
        """Delete the messages, activities and attachments of the persons' own housing records (and of their
        contact)."""
        env = self.sudo().env
        own = dict(own, **{"res.partner": set(self.ids)})
        for model, ids in own.items():
            Model = env[model].with_context(active_test=False)
            if Model._transient or not ids:
                continue
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

    def _housing_replace_identities(self, records, identities):
        """Write the new name wherever a housing record, its chatter, its tracking values, its activities or an
        e-mail header still hold an old one, and erase the old e-mail, phone and CAF number there.

        ``records``: ``{model: ids}``; ``identities``: ``{person id: {"name", "new", "emails", "phones",
        "caf_numbers"}}``."""
        env = self.sudo().env
        env.flush_all()
        cr = env.cr
        pairs = [
            (name_pattern(identity["name"]), identity["new"].replace("\\", "\\\\"))
            for identity in identities.values()
            if name_pattern(identity["name"])
        ]
        erase = [pattern for identity in identities.values() for pattern in contact_patterns(identity)]
        if erase:
            pairs.append(("|".join(erase), ""))
        if not pairs:
            return

        def replace(table, columns, where):
            for pattern, new in pairs:
                cr.execute(
                    SQL(
                        "UPDATE %s SET %s WHERE %s AND (%s)",
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
                        SQL(" OR ").join(SQL("%s ~* %s", SQL.identifier(column), pattern) for column in columns),
                    )
                )

        threads = dict(records, **{"res.partner": set(self.ids)})
        for model, ids in threads.items():
            if not ids:
                continue
            Model = env[model]
            columns = [
                name
                for name, field in Model._fields.items()
                if field.store and field.column_type and field.type in ("char", "text", "html") and not field.translate
            ]
            if columns and not Model._transient and model != "res.partner":
                replace(Model._table, columns, SQL("id = ANY(%s)", list(ids)))
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
        # the messages of these records, and those the persons wrote or received anywhere
        cr.execute(
            SQL(
                """SELECT id FROM mail_message WHERE %s OR author_id = ANY(%s)
                   UNION SELECT mail_message_id FROM mail_message_res_partner_rel WHERE res_partner_id = ANY(%s)""",
                SQL(" OR ").join(
                    SQL("(model = %s AND res_id = ANY(%s))", model, list(ids)) for model, ids in threads.items() if ids
                ),
                self.ids,
                self.ids,
            )
        )
        message_ids = [row[0] for row in cr.fetchall()]
        if message_ids:
            messages = SQL("mail_message_id = ANY(%s)", message_ids)
            replace(
                "mail_message",
                [
                    "subject",
                    "body",
                    "email_from",
                    "reply_to",
                    "incoming_email_to",
                    "incoming_email_cc",
                    "outgoing_email_to",
                ],
                SQL("id = ANY(%s)", message_ids),
            )
            replace("mail_mail", ["body_html", "email_to", "email_cc"], messages)
            replace(
                "mail_tracking_value",
                ["old_value_char", "new_value_char", "old_value_text", "new_value_text"],
                messages,
            )
            replace("mail_notification", ["mail_email_address", "failure_reason"], messages)
        replace(
            "mail_notification", ["mail_email_address", "failure_reason"], SQL("res_partner_id = ANY(%s)", self.ids)
        )
        env.invalidate_all()
