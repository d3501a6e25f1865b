from odoo import fields, models

from ..models.housing_occupancy import EXIT_DESTINATIONS


class HousingOccupancyExitWizard(models.TransientModel):
    _name = "housing.occupancy.exit.wizard"
    _description = "Record the exit of occupants"

    occupancy_ids = fields.Many2many("housing.occupancy", string="Agreements", required=True)
    exit_date = fields.Date(required=True, default=fields.Date.context_today)
    exit_destination = fields.Selection(EXIT_DESTINATIONS, string="Destination", required=True)
    exit_inventory_matches = fields.Boolean(
        string="Exit inventory matches entry",
        default=True,
        help="The deposit is due back within one month when it does, two months otherwise.",
    )

    def action_confirm(self):
        self.ensure_one()
        self.occupancy_ids._record_exit(self.exit_date, self.exit_destination, self.exit_inventory_matches)
        return {"type": "ir.actions.act_window_close"}
