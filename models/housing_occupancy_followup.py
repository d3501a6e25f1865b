from odoo import models


class HousingOccupancy(models.Model):
    """The follow-up's part of an agreement: a household leaving gets its support file handed over."""

    _inherit = "housing.occupancy"

    def _record_exit(self, exit_date, destination, inventory_matches=None):
        result = super()._record_exit(exit_date, destination, inventory_matches=inventory_matches)
        # the social worker prepares the hand-over for the next case manager
        reason = "programme_change" if destination == "other_programme" else "left"
        self.partner_id._housing_followup_on_exit(exit_date, reason=reason)
        return result
