from odoo import Command, api, fields, models
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
    housing_portal_partner_ids = fields.Many2many(
        "res.partner",
        string="Household (portal)",
        compute="_compute_housing_portal_partner_ids",
        search="_search_housing_portal_partner_ids",
        help="Who reads the agreement on the portal, with its documents, plans and what is owed on it: its signatory "
        "and the members of the household it lists.",
    )

    # ------------------------------------------------------------------ the household, for the portal
    # The one definition of "a portal user's household's records": the agreements the user signs or is listed on as a
    # member (current or past ones), and what belongs to them (documents, plans, dues). The record rules and the
    # portal's pages all search this field; the head of household set on a contact plays no part in it.
    @api.depends("partner_id", "member_ids")
    def _compute_housing_portal_partner_ids(self):
        for occupancy in self:
            occupancy.housing_portal_partner_ids = occupancy.partner_id | occupancy.member_ids

    def _search_housing_portal_partner_ids(self, operator, value):
        if operator != "in":
            return NotImplemented
        return ["|", ("partner_id", "in", value), ("member_ids", "in", value)]

    @api.model
    def _portal_domain(self, partner):
        """The agreements of ``partner``'s household (see ``housing_portal_partner_ids``)."""
        return [("housing_portal_partner_ids", "in", partner.ids)]

    def _portal_balance(self):
        """What the households of these agreements owe on them (below zero: what they are owed), as their payment
        notices and rent receipts state it: the occupants' dues left to pay, and the adjustments of the housing
        allowance the CAF's statements invoiced to them (or credited), left to pay. Read as the superuser: call it on
        agreements the user may read."""
        agreements = self.sudo()
        dues = (
            self.env["housing.rent.line"]
            .sudo()
            .search(
                [
                    ("occupancy_id", "in", agreements.ids),
                    ("payer_kind", "=", "occupant"),
                    ("direction", "=", "receivable"),
                    ("state", "=", "billed"),
                ]
            )
        )
        balance = sum(dues.mapped("amount_residual"))
        lines = (
            self.env["housing.caf.statement.line"]
            .sudo()
            .search(
                [
                    ("occupancy_id", "in", agreements.ids),
                    ("occupant_move_id", "!=", False),
                    ("occupant_move_id.state", "=", "posted"),
                ]
            )
        )
        moves = lines.occupant_move_id
        if moves:
            # a move may bundle the adjustments of several agreements: what is left of it is shared between them
            everyone = self.env["housing.caf.statement.line"].sudo().search([("occupant_move_id", "in", moves.ids)])
            for move, move_lines in everyone.grouped("occupant_move_id").items():
                sign = -1 if move.move_type == "out_refund" else 1
                parts = hm.share_out(move.amount_residual, [abs(line.occupant_amount) for line in move_lines])
                balance += sign * float(
                    sum(part for line, part in zip(move_lines, parts, strict=True) if line in lines)
                )
        currency = agreements.company_id[:1].currency_id or self.env.company.currency_id
        return currency.round(balance)

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
