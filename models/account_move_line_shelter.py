from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .account_move_shelter import LINE_CHECK_FIELDS


class AccountMoveLine(models.Model):
    """A hotel bill's line says which stay its nights are for."""

    _inherit = "account.move.line"

    housing_shelter_stay_id = fields.Many2one(
        "housing.shelter.stay",
        string="Hotel stay",
        index="btree_not_null",
        check_company=True,
        help="The stay whose nights this line bills: its quantity is the number of nights billed, in the stay's unit "
        "(room-nights for a price per room, person-nights for a price per person).",
    )

    @api.constrains("housing_shelter_stay_id", "partner_id", "move_id")
    def _check_housing_shelter_stay(self):
        """A line bills a stay at the bill's hotel."""
        for line in self.filtered("housing_shelter_stay_id"):
            stay = line.sudo().housing_shelter_stay_id
            hotel = line.move_id.partner_id.commercial_partner_id
            if stay.hotel_id != hotel:
                raise ValidationError(
                    self.env._(
                        "The stay %(stay)s is at %(stay_hotel)s, not at %(hotel)s: a bill's line bills a stay at the "
                        "bill's hotel.",
                        stay=stay.name,
                        stay_hotel=stay.hotel_id.name,
                        hotel=hotel.name or self.env._("(no vendor)"),
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines.move_id._housing_shelter_reset_acceptance()
        return lines

    def write(self, vals):
        moves = self.move_id if LINE_CHECK_FIELDS & set(vals) else self.move_id.browse()
        result = super().write(vals)
        # a line of a hotel bill changed after its differences were accepted: the bill is checked again
        moves._housing_shelter_reset_acceptance()
        return result

    def unlink(self):
        moves = self.move_id
        result = super().unlink()
        moves.exists()._housing_shelter_reset_acceptance()
        return result
