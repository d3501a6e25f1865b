from datetime import date

from odoo import api, fields, models
from odoo.exceptions import UserError


class HousingResorptionExport(models.TransientModel):
    """The figures of camp-resorption actions for the State's platform, as an XLSX file (counts only, no names)."""

    _name = "housing.resorption.export"
    _description = "Export of resorption figures"

    programme_ids = fields.Many2many(
        "housing.programme",
        string="Actions",
        required=True,
        domain="[('scheme_type', 'in', ('camp_resorption', 'hotel_shelter'))]",
        default=lambda self: self._default_programmes(),
    )
    date_from = fields.Date(string="From", required=True, default=lambda self: date(fields.Date.today().year, 1, 1))
    date_to = fields.Date(string="To", required=True, default=lambda self: date(fields.Date.today().year, 12, 31))

    @api.model
    def _default_programmes(self):
        return self.env["housing.programme"].search([("scheme_type", "in", ("camp_resorption", "hotel_shelter"))])

    def action_export(self):
        self.ensure_one()
        if self.date_to < self.date_from:
            raise UserError(
                self.env._(
                    "The period ends (%(to)s) before it starts (%(from)s).", to=self.date_to, **{"from": self.date_from}
                )
            )
        return self.env.ref("solidarity_housing.action_report_housing_resorption_xlsx").report_action(
            self.programme_ids,
            data={
                "date_from": str(self.date_from),
                "date_to": str(self.date_to),
                "programme_ids": self.programme_ids.ids,
            },
        )
