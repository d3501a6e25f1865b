from odoo import api, models


class HousingOccupancyShare(models.Model):
    """What collections add to an agreement's payers: who pays what changes the household's monthly net share,
    so its arrears follow when the change is committed."""

    _inherit = "housing.occupancy.share"

    def _housing_arrears_households(self):
        """``{(company id, household id)}`` of these shares' agreements, for ``housing.arrears._touch``."""
        return self.occupancy_id._housing_arrears_households()

    @api.model_create_multi
    def create(self, vals_list):
        shares = super().create(vals_list)
        self.env["housing.arrears"]._touch(shares._housing_arrears_households())
        return shares

    def write(self, vals):
        before = self._housing_arrears_households()
        result = super().write(vals)
        self.env["housing.arrears"]._touch(before | self._housing_arrears_households())
        return result

    def unlink(self):
        households = self._housing_arrears_households()
        result = super().unlink()
        self.env["housing.arrears"]._touch(households)
        return result
