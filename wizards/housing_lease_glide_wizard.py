from odoo import api, fields, models


class HousingLeaseGlideWizard(models.TransientModel):
    _name = "housing.lease.glide.wizard"
    _description = "Glide a sliding lease to the household"

    lease_id = fields.Many2one("housing.lease", required=True)
    glide_date = fields.Date(
        string="Household takes over on",
        required=True,
        default=fields.Date.context_today,
        help="The household becomes the landlord's tenant; the association's lease and agreement end that day.",
    )
    occupancy_ids = fields.Many2many(
        "housing.occupancy", compute="_compute_occupancy_ids", string="Agreements that end"
    )

    @api.depends("lease_id")
    def _compute_occupancy_ids(self):
        for wizard in self:
            wizard.occupancy_ids = wizard.lease_id.occupancy_ids.filtered(lambda occ: occ.state in ("active", "notice"))

    def action_confirm(self):
        self.ensure_one()
        self.lease_id._glide(self.glide_date)
        return {"type": "ir.actions.act_window_close"}
