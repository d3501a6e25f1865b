from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    housing_unit_sequence_id = fields.Many2one(
        "ir.sequence",
        string="Unit reference sequence",
        compute="_compute_housing_unit_sequence_id",
    )
    housing_unit_sequence_prefix = fields.Char(
        related="housing_unit_sequence_id.prefix", readonly=False, string="Unit reference prefix"
    )

    def _compute_housing_unit_sequence_id(self):
        sequence = self.env["ir.sequence"].search(
            [("code", "=", "housing.unit"), ("company_id", "in", [False, self.env.company.id])],
            order="company_id",
            limit=1,
        )
        for settings in self:
            settings.housing_unit_sequence_id = sequence
