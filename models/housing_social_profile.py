import re

from odoo import api, fields, models
from odoo.exceptions import ValidationError

RESIDENCE_DOCUMENTS = [
    ("national", "French or EU national"),
    ("asylum_certificate", "Asylum application certificate"),
    ("receipt", "Receipt (récépissé)"),
    ("long_stay_visa", "Long-stay visa"),
    ("temporary_permit", "Temporary residence permit"),
    ("multi_year_permit", "Multi-year residence permit"),
    ("resident_card", "Resident card (10 years)"),
    ("none", "No residence document"),
    ("other", "Other"),
]

ASYLUM_STATUSES = [
    ("not_concerned", "Not concerned"),
    ("applicant", "Asylum seeker"),
    ("dublin", "Dublin procedure"),
    ("refugee", "Refugee"),
    ("subsidiary", "Subsidiary protection"),
    ("rejected", "Application rejected"),
    ("stateless", "Stateless person"),
]

HEALTH_COVERS = [
    ("puma", "PUMa (universal health cover)"),
    ("ame", "AME (state medical aid)"),
    ("pending", "Application pending"),
    ("none", "No health cover"),
]

COMPLEMENTARY_COVERS = [
    ("c2s", "Complémentaire santé solidaire (free)"),
    ("c2s_contribution", "Complémentaire santé solidaire (with contribution)"),
    ("mutual", "Mutual insurance"),
    ("none", "None"),
]

SCHOOLING = [
    ("not_applicable", "Not applicable"),
    ("to_enrol", "To enrol"),
    ("nursery", "Nursery school"),
    ("primary", "Primary school"),
    ("secondary", "Secondary school (collège)"),
    ("high_school", "High school (lycée)"),
    ("vocational", "Vocational training"),
    ("higher", "Higher education"),
    ("not_schooled", "Not schooled"),
]

#: Fields of the profile shown on the person as ``housing_<name>``.
PROFILE_FIELDS = (
    "residence_document",
    "residence_document_expiry",
    "asylum_status",
    "health_cover",
    "health_cover_expiry",
    "complementary_cover",
    "complementary_cover_expiry",
    "caf_number",
    "domiciliation_partner_id",
    "domiciliation_expiry",
    "languages",
    "interpreter_needed",
    "schooling",
    "school_name",
)


class HousingSocialProfile(models.Model):
    """The social part of a person: readable by the social workers of their household's files and by managers.

    Kept apart from ``res.partner`` so that record rules protect it; the person shows it through
    ``housing_*`` fields. No ethnic origin and no social-security number (NIR): the CAF number is used.
    """

    _name = "housing.social.profile"
    _description = "Social profile of a person"
    _rec_name = "partner_id"
    _check_company_auto = True

    partner_id = fields.Many2one(
        "res.partner", string="Person", required=True, index=True, ondelete="cascade", check_company=True
    )
    household_id = fields.Many2one(
        "res.partner",
        compute="_compute_household_id",
        store=True,
        index=True,
        help="The head of the person's household (the person themself for a head).",
    )
    company_id = fields.Many2one("res.company", required=True, index=True, default=lambda self: self.env.company)
    residence_document = fields.Selection(RESIDENCE_DOCUMENTS, string="Residence document")
    residence_document_expiry = fields.Date(string="Residence document expiry")
    asylum_status = fields.Selection(ASYLUM_STATUSES, string="Asylum status")
    health_cover = fields.Selection(HEALTH_COVERS, string="Health cover")
    health_cover_expiry = fields.Date(string="Health cover expiry")
    complementary_cover = fields.Selection(COMPLEMENTARY_COVERS, string="Complementary health cover")
    complementary_cover_expiry = fields.Date(string="Complementary cover expiry")
    caf_number = fields.Char(string="CAF number", help="Family-allowance number (numéro d'allocataire), 7 digits.")
    domiciliation_partner_id = fields.Many2one(
        "res.partner",
        string="Domiciliation",
        check_company=True,
        domain="[('is_company', '=', True)]",
        help="The CCAS or association that gives the person a postal address.",
    )
    domiciliation_expiry = fields.Date(string="Domiciliation expiry")
    languages = fields.Char(string="Languages spoken")
    interpreter_needed = fields.Boolean(string="Interpreter needed")
    schooling = fields.Selection(SCHOOLING)
    school_name = fields.Char(string="School")

    _partner_company_uniq = models.Constraint(
        "UNIQUE(partner_id, company_id)",
        "This person already has a social profile in this company: complete it instead of adding another.",
    )

    @api.depends("partner_id.housing_head_id")
    def _compute_household_id(self):
        for profile in self:
            profile.household_id = profile.partner_id.housing_head_id or profile.partner_id

    @api.constrains("partner_id", "domiciliation_partner_id")
    def _check_partners(self):
        for profile in self:
            if profile.partner_id.is_company:
                raise ValidationError(
                    self.env._(
                        "%(name)s is an organisation: a social situation is a person's.", name=profile.partner_id.name
                    )
                )
            if profile.domiciliation_partner_id and not profile.domiciliation_partner_id.is_company:
                raise ValidationError(
                    self.env._(
                        "%(domiciliation)s is a person: the domiciliation of %(name)s is given by an organisation "
                        "(a CCAS or an approved association).",
                        domiciliation=profile.domiciliation_partner_id.name,
                        name=profile.partner_id.name,
                    )
                )

    @api.constrains("caf_number")
    def _check_caf_number(self):
        for profile in self:
            number = (profile.caf_number or "").replace(" ", "")
            if not number:
                continue
            if re.fullmatch(r"[12]\d{12,14}", number):
                raise ValidationError(
                    self.env._(
                        "“%(number)s” looks like a social-security number (NIR): the association must not record "
                        "it. Enter the CAF number (numéro d'allocataire, 7 digits) of %(person)s instead.",
                        number=profile.caf_number,
                        person=profile.partner_id.name,
                    )
                )
            if not re.fullmatch(r"\d{7}", number):
                raise ValidationError(
                    self.env._(
                        "The CAF number of %(person)s must be 7 digits (“%(number)s” entered): copy it from a CAF "
                        "letter.",
                        number=profile.caf_number,
                        person=profile.partner_id.name,
                    )
                )
