from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools.housing_math import irl_publication_date


class HousingIrl(models.Model):
    _name = "housing.irl"
    _description = "Rent reference index (IRL)"
    _order = "year desc, quarter desc"

    year = fields.Integer(required=True)
    quarter = fields.Integer(required=True, help="1 to 4")
    value = fields.Float(required=True, digits=(8, 2), help="INSEE value, base 100 in the 4th quarter of 1998.")
    published_on = fields.Date(
        string="Published on",
        compute="_compute_published_on",
        store=True,
        readonly=False,
        help="INSEE publishes each quarter's IRL around the 15th of the month after the quarter.",
    )

    _year_quarter_uniq = models.Constraint(
        "UNIQUE(year, quarter)", "This quarter already has an IRL value: correct it instead of adding another one."
    )

    @api.depends("year", "quarter")
    def _compute_display_name(self):
        for irl in self:
            irl.display_name = self.env._("Q%(quarter)s %(year)s", quarter=irl.quarter, year=irl.year)

    @api.depends("year", "quarter")
    def _compute_published_on(self):
        for irl in self:
            if irl.quarter in (1, 2, 3, 4) and irl.year and not irl.published_on:
                irl.published_on = irl_publication_date(irl.quarter, irl.year)

    @api.constrains("year", "quarter", "value")
    def _check_values(self):
        for irl in self:
            if irl.quarter not in (1, 2, 3, 4):
                raise ValidationError(self.env._("A year has quarters 1 to 4, not %(quarter)s.", quarter=irl.quarter))
            if irl.value <= 0 or not 1998 <= irl.year <= 2200:
                raise ValidationError(
                    self.env._(
                        "The IRL of Q%(quarter)s %(year)s must be a positive INSEE value of a year since 1998 "
                        "(entered: %(value)s).",
                        quarter=irl.quarter,
                        year=irl.year,
                        value=irl.value,
                    )
                )

    @api.model
    def _get(self, year, quarter):
        return self.search([("year", "=", year), ("quarter", "=", quarter)], limit=1)
