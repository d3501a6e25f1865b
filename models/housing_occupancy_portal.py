from odoo import Command, fields, models
from odoo.exceptions import UserError

from ..tools import housing_math as hm

#: a household member invited with the signatory from this age
ADULT_AGE = 18


class HousingOccupancy(models.Model):
    """What the occupants' portal reads of an agreement, and the invitation to it.

    Portal users read their own household's agreements (record rules); the staff's notes stay internal.
    """

    _inherit = "housing.occupancy"

    note = fields.Html(groups="base.group_user")

    def action_housing_portal_invite(self):
        """Odoo's portal wizard for the signatory and the adult members of the household."""
        self.ensure_one()
        if not self.env.user.has_group("solidarity_housing.group_housing_user"):
            raise UserError(self.env._("Only the housing staff invite occupants to the portal."))
        today = fields.Date.context_today(self)
        adults = self.member_ids.filtered(
            lambda member: not member.housing_birthdate or hm.age_in_years(member.housing_birthdate, today) >= ADULT_AGE
        )
        wizard = self.env["portal.wizard"].create({"partner_ids": [Command.set((self.partner_id | adults).ids)]})
        return wizard._action_open_modal()

    def _portal_payers(self, day=None):
        """Who pays what of a full month of this agreement on ``day`` (today by default), for the occupant's
        eyes: ``[{"kind", "label", "name", "amount"}]``, the occupant first."""
        self.ensure_one()
        day = day or fields.Date.context_today(self)
        day = min(max(day, self.date_start), self._last_day() or day)
        try:
            amounts = self.share_ids._amounts_at(day, self.amount_total)
        except ValueError:
            return []
        kinds = dict(self.env["housing.occupancy.share"]._fields["payer_kind"]._description_selection(self.env))
        order = {"occupant": 0, "housing_allowance": 1, "funder": 2, "association": 3}
        payers = [
            {
                "kind": share.payer_kind,
                "label": kinds.get(share.payer_kind),
                "name": share.partner_id.name if share.payer_kind in ("housing_allowance", "funder") else "",
                "amount": float(amount),
            }
            for share, amount in amounts.items()
            if amount or share.payer_kind == "occupant"
        ]
        return sorted(payers, key=lambda payer: order.get(payer["kind"], 9))
