from odoo import api, fields, models

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

    def _housing_is_child(self, on_day):
        """Under 18 on ``on_day``: children and adults are counted separately in reports."""
        self.ensure_one()
        return bool(self.housing_birthdate) and age_in_years(self.housing_birthdate, on_day) < 18

    def _housing_household(self):
        """The persons of these households: heads and their members."""
        heads = self.housing_head_id | self.filtered(lambda p: not p.housing_head_id)
        return heads | heads.housing_member_ids
