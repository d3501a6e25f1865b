from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools.housing_math import age_in_years

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

    @api.model
    def get_import_templates(self):
        return super().get_import_templates() + self.env["housing.import.template"]._templates_of(self._name)

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

    @api.constrains("housing_head_id", "is_company", "company_id")
    def _check_housing_household(self):
        """A household is persons of one association around a head who belongs to no other household."""
        for partner in self.filtered(lambda p: p.housing_head_id or p.housing_member_ids):
            head = partner.housing_head_id
            if partner.is_company:
                raise ValidationError(
                    self.env._(
                        "%(name)s is an organisation: it cannot be part of a household (head or member).",
                        name=partner.name,
                    )
                )
            if not head:
                for member in partner.housing_member_ids:
                    member._check_housing_household()
                continue
            if head == partner:
                raise ValidationError(
                    self.env._(
                        "%(name)s cannot be the head of their own household: leave the head of household empty "
                        "for the head.",
                        name=partner.name,
                    )
                )
            if head.is_company:
                raise ValidationError(
                    self.env._(
                        "%(head)s is an organisation: the head of the household of %(name)s is a person.",
                        head=head.name,
                        name=partner.name,
                    )
                )
            if head.housing_head_id or partner.housing_member_ids:
                raise ValidationError(
                    self.env._(
                        "%(name)s cannot join the household of %(head)s: a household has one head, whose "
                        "members have no household of their own. Choose %(top)s as the head.",
                        name=partner.name,
                        head=head.name,
                        top=(head.housing_head_id or head).name,
                    )
                )
            if head.company_id and partner.company_id and head.company_id != partner.company_id:
                raise ValidationError(
                    self.env._(
                        "%(name)s (%(company)s) and the head of their household %(head)s (%(head_company)s) belong "
                        "to different associations: a household is the contacts of one association.",
                        name=partner.name,
                        company=partner.company_id.name,
                        head=head.name,
                        head_company=head.company_id.name,
                    )
                )

    def _housing_is_child(self, on_day):
        """Under 18 on ``on_day``: children and adults are counted separately in reports."""
        self.ensure_one()
        return bool(self.housing_birthdate) and age_in_years(self.housing_birthdate, on_day) < 18

    def _housing_household(self):
        """The persons of these households: heads and their members."""
        heads = self.housing_head_id | self.filtered(lambda p: not p.housing_head_id)
        return heads | heads.housing_member_ids

    def _housing_check_household_of(self, signatory, record):
        """These persons, listed beside ``signatory`` as the members of the household of ``record`` (a referral, an
        agreement), belong to no other household than the signatory's."""
        head = signatory.housing_head_id or signatory
        for member in self:
            member_head = member.housing_head_id or (member if member.housing_member_ids else member.browse())
            if member_head and member_head != head:
                raise ValidationError(
                    self.env._(
                        "%(name)s belongs to the household of %(other)s, not to the household of %(signatory)s: "
                        "remove them from %(record)s, or change their household on their contact first.",
                        name=member.name,
                        other=member_head.name,
                        signatory=signatory.name,
                        record=record.display_name,
                    )
                )
