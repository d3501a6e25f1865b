from odoo import api, models

#: what an agreement's arrears figures read of it: its household, company, place, dates, amounts, state
ARREARS_FIELDS = frozenset(
    {
        "partner_id",
        "company_id",
        "programme_id",
        "unit_id",
        "room_id",
        "state",
        "date_start",
        "date_end",
        "exit_date",
        "rent",
        "charges",
        "share_ids",
    }
)


class HousingOccupancy(models.Model):
    """What collections add to an agreement: its household's arrears follow it (its monthly net share, its place,
    its dates) when the change is committed, as they follow dues and payments."""

    _inherit = "housing.occupancy"

    def _housing_arrears_households(self):
        """``{(company id, household id)}`` of these agreements, for ``housing.arrears._touch``."""
        return {(occupancy.company_id.id, occupancy.partner_id.id) for occupancy in self}

    @api.model_create_multi
    def create(self, vals_list):
        occupancies = super().create(vals_list)
        self.env["housing.arrears"]._touch(occupancies._housing_arrears_households())
        return occupancies

    def write(self, vals):
        if not ARREARS_FIELDS.intersection(vals):
            return super().write(vals)
        before = self._housing_arrears_households()
        result = super().write(vals)
        self.env["housing.arrears"]._touch(before | self._housing_arrears_households())
        return result

    def unlink(self):
        households = self._housing_arrears_households()
        result = super().unlink()
        self.env["housing.arrears"]._touch(households)
        return result
