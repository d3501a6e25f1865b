from odoo import api, fields, models

from ..tools import housing_math as hm


class HousingMonthMixin(models.AbstractModel):
    """A record about one month: any day entered is stored as the first day of its month."""

    _name = "housing.month.mixin"
    _description = "About one month"

    period_label = fields.Char(compute="_compute_period_label", string="Month billed")

    @api.depends("period_start")
    def _compute_period_label(self):
        for record in self:
            record.period_label = record.period_start and hm.month_label(record.period_start, self.env.lang)

    @api.model
    def _month_values(self, vals):
        if vals.get("period_start"):
            vals["period_start"] = hm.month_start(fields.Date.to_date(vals["period_start"]))
        return vals

    @api.model_create_multi
    def create(self, vals_list):
        return super().create([self._month_values(vals) for vals in vals_list])

    def write(self, vals):
        return super().write(self._month_values(vals))
