from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools.housing_math import age_in_years
from ..tools.resorption_math import ADULT_BAND, age_band
from .housing_social_profile import SCHOOLING
from .res_partner import RELATIONSHIPS

GENDERS = [("female", "Female"), ("male", "Male"), ("other", "Other")]
WORK = [
    ("none", "No work"),
    ("looking", "Looking for work"),
    ("informal", "Informal activity"),
    ("training", "In training"),
    ("contract", "Work contract"),
    ("not_applicable", "Not applicable"),
]
#: schooling values that mean the child goes to school (or to a vocational training)
SCHOOLED = ("nursery", "primary", "secondary", "high_school", "vocational", "higher")
AGE_BAND_LABELS = [
    ("0_2", "0–2 years"),
    ("3_5", "3–5 years"),
    ("6_11", "6–11 years"),
    ("12_15", "12–15 years"),
    ("16_17", "16–17 years"),
    (ADULT_BAND, "Adult"),
]


class HousingCampCensusMember(models.Model):
    """A person of a censused household, as the interview found them; each is a contact of the household."""

    _name = "housing.camp.census.member"
    _description = "Member of a censused household"
    _housing_gdpr_wipe_fields = ("birthdate", "languages", "school_name", "work_contract_date")
    _order = "census_id, birthdate, id"
    _check_company_auto = True

    census_id = fields.Many2one("housing.camp.census", required=True, index=True, ondelete="cascade")
    site_id = fields.Many2one(related="census_id.site_id", store=True, index=True)
    company_id = fields.Many2one(related="census_id.company_id", store=True, index=True, precompute=True)
    partner_id = fields.Many2one(
        "res.partner",
        string="Contact",
        index=True,
        ondelete="restrict",
        check_company=True,
        domain="[('is_company', '=', False)]",
        help="The person's contact, created with the census; the support file and the agreement follow it.",
    )
    name = fields.Char(required=True)
    birthdate = fields.Date(string="Birth date")
    gender = fields.Selection(GENDERS, string="Sex")
    relationship = fields.Selection(RELATIONSHIPS, default="child")
    age = fields.Integer(compute="_compute_age", store=True, help="Age on the day of the interview.")
    age_band = fields.Selection(AGE_BAND_LABELS, compute="_compute_age", store=True, string="Age band")
    languages = fields.Char(string="Languages spoken")
    interpreter_needed = fields.Boolean(string="Interpreter needed")
    schooling = fields.Selection(SCHOOLING)
    school_name = fields.Char(string="School")
    is_schooled = fields.Boolean(string="Schooled", compute="_compute_is_schooled", store=True)
    work = fields.Selection(WORK)
    work_contract_date = fields.Date(string="Contract since")
    has_work_contract = fields.Boolean(compute="_compute_has_work_contract", store=True, string="Work contract")

    @api.depends("birthdate", "census_id.date")
    def _compute_age(self):
        for member in self:
            if member.birthdate and member.census_id.date:
                member.age = max(0, age_in_years(member.birthdate, member.census_id.date))
                member.age_band = age_band(member.age)
            else:
                member.age = 0
                member.age_band = False

    @api.depends("schooling", "age_band")
    def _compute_is_schooled(self):
        for member in self:
            member.is_schooled = member.age_band not in (False, ADULT_BAND) and member.schooling in SCHOOLED

    @api.depends("work")
    def _compute_has_work_contract(self):
        for member in self:
            member.has_work_contract = member.work == "contract"

    @api.constrains("birthdate", "census_id")
    def _check_birthdate(self):
        for member in self:
            if not member.birthdate:
                raise ValidationError(
                    self.env._(
                        "Enter the birth date of %(person)s: the State's platform counts persons by age. When only "
                        "the year is known, enter the 1st of January of that year.",
                        person=member.name,
                    )
                )
            if member.birthdate > member.census_id.date:
                raise ValidationError(
                    self.env._(
                        "%(person)s cannot be born on %(birthdate)s, after the interview (%(date)s): check the birth "
                        "date.",
                        person=member.name,
                        birthdate=member.birthdate,
                        date=member.census_id.date,
                    )
                )

    @api.constrains("partner_id", "census_id")
    def _check_partner(self):
        """A member's contact is a person of the censused household: its head, or one of its members."""
        for member in self.filtered("partner_id"):
            partner, head = member.partner_id, member.census_id.partner_id
            if partner.is_company:
                raise ValidationError(
                    self.env._(
                        "%(contact)s is an organisation: a member of the household of %(head)s is a person.",
                        contact=partner.name,
                        head=head.name,
                    )
                )
            if partner != head and (
                (partner.housing_head_id and partner.housing_head_id != head) or partner.housing_member_ids
            ):
                raise ValidationError(
                    self.env._(
                        "%(contact)s belongs to another household (%(other)s): a member of the census of %(head)s is "
                        "a person of that household. Leave the contact empty to create it from the interview.",
                        contact=partner.name,
                        other=(partner.housing_head_id or partner).name,
                        head=head.name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            partner = self.env["res.partner"].browse(vals.get("partner_id"))
            if partner:
                # an existing contact: the interview starts from what is known of them
                vals.setdefault("name", partner.name)
                if not vals.get("birthdate"):
                    vals["birthdate"] = partner.housing_birthdate
                if not vals.get("relationship") and partner.housing_relationship:
                    vals["relationship"] = partner.housing_relationship
        members = super().create(vals_list)
        # checked on every member created, not only when a birth date is given (an import may omit it)
        members._check_birthdate()
        members._housing_link_persons()
        return members

    def write(self, vals):
        result = super().write(vals)
        if {"name", "birthdate", "relationship", "partner_id"} & set(vals):
            self._housing_link_persons()
        return result

    def _housing_link_persons(self):
        """Each member is a contact of the household (the head's members), created from the census: names and
        birth dates are typed once, in the interview."""
        # the census records the household: its persons are created as contacts by the census itself (the social
        # workers who run it need no right to edit the address book)
        Partner = self.env["res.partner"].sudo()
        for member in self.filtered(lambda member: not member.partner_id and member.relationship == "head"):
            if member.census_id.partner_id not in (member.census_id.member_ids - member).partner_id:
                member.partner_id = member.census_id.partner_id
        to_create = self.filtered(lambda member: not member.partner_id)
        created = Partner.create(
            [
                {
                    "name": member.name,
                    "housing_birthdate": member.birthdate,
                    "housing_relationship": member.relationship,
                    "housing_head_id": member.census_id.partner_id.id,
                    # the association's contact: another association never sees it
                    "company_id": member.census_id.company_id.id,
                }
                for member in to_create
            ]
        )
        for member, partner in zip(to_create, created, strict=True):
            member.partner_id = partner
        for member in self - to_create:
            partner = member.partner_id
            values = {}
            if member.birthdate and partner.housing_birthdate != member.birthdate:
                values["housing_birthdate"] = member.birthdate
            if member.relationship and partner.housing_relationship != member.relationship:
                values["housing_relationship"] = member.relationship
            if partner != member.census_id.partner_id and not partner.housing_head_id:
                # a contact of no household joins the household censused
                values["housing_head_id"] = member.census_id.partner_id.id
            if values:
                partner.sudo().write(values)
