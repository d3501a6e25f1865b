from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools import settlement_math as sm
from .housing_occupancy_share import PAYER_KINDS


class HousingChargesSettlementShare(models.Model):
    """One payer's part of an agreement's charges balance, and the invoice or credit note that bills it."""

    _name = "housing.charges.settlement.share"
    _description = "Charges settlement: payer"
    _order = "line_id, sequence, id"
    _check_company_auto = True

    line_id = fields.Many2one(
        "housing.charges.settlement.line", string="Agreement line", required=True, index=True, ondelete="cascade"
    )
    settlement_id = fields.Many2one(related="line_id.settlement_id", store=True, index=True, precompute=True)
    company_id = fields.Many2one(related="line_id.company_id", store=True, index=True, precompute=True)
    currency_id = fields.Many2one(related="line_id.currency_id")
    occupancy_id = fields.Many2one(related="line_id.occupancy_id")
    occupant_id = fields.Many2one(related="line_id.occupant_id", string="Occupant")
    sequence = fields.Integer(default=10)
    payer_kind = fields.Selection(PAYER_KINDS, string="Payer", required=True)
    partner_id = fields.Many2one("res.partner", string="Billed to", required=True, index=True, check_company=True)
    provisions = fields.Monetary(string="Provisions billed", help="Charges billed to this payer over the period.")
    amount = fields.Monetary(
        compute="_compute_amount",
        store=True,
        string="Balance",
        help="This payer's part of the agreement's balance, in proportion to its provisions: positive, invoiced; "
        "negative, credited; the association's is not billed.",
    )
    move_id = fields.Many2one("account.move", string="Invoice or credit note", readonly=True, copy=False)
    move_name = fields.Char(related="move_id.name", string="Invoice number")

    @api.depends("line_id.balance", "line_id.share_ids.provisions", "line_id.share_ids.sequence")
    def _compute_amount(self):
        splits = {}
        for share in self:
            line = share.line_id
            if line not in splits:
                shares = line.share_ids.sorted("sequence")
                splits[line] = (
                    sm.split_balance(line.balance, {other.id: other.provisions for other in shares}) if shares else {}
                )
            share.amount = float(splits[line].get(share.id, 0))

    @api.constrains("line_id", "payer_kind", "partner_id", "provisions")
    def _check_payer(self):
        """A payer of a settlement line pays the agreement: the household, the association, or the CAF or funder
        the agreement bills. Only the occupant's provisions may be negative (the allowance above their share)."""
        kinds = dict(self._fields["payer_kind"]._description_selection(self.env))
        for share in self:
            agreement = share.line_id.occupancy_id
            if share.payer_kind == "occupant":
                payers = agreement.partner_id | agreement.member_ids
            elif share.payer_kind == "association":
                payers = agreement.company_id.partner_id
            else:
                payers = agreement.share_ids.filtered(lambda s, kind=share.payer_kind: s.payer_kind == kind).partner_id
                payers |= (
                    self.env["housing.rent.line"]
                    .search([("occupancy_id", "=", agreement.id), ("payer_kind", "=", share.payer_kind)])
                    .partner_id
                )
            if share.partner_id not in payers:
                raise ValidationError(
                    self.env._(
                        "%(partner)s is not the %(kind)s payer of %(agreement)s (%(payers)s): a charges balance is "
                        "split between the agreement's own payers.",
                        partner=share.partner_id.display_name,
                        kind=kinds.get(share.payer_kind),
                        agreement=agreement.display_name,
                        payers=", ".join(payers.mapped("display_name")) or "—",
                    )
                )
            if share.payer_kind != "occupant" and share.currency_id.compare_amounts(share.provisions, 0) < 0:
                raise ValidationError(
                    self.env._(
                        "The provisions billed to %(partner)s for %(agreement)s cannot be negative (%(amount)s): enter "
                        "the charges billed to them over the period.",
                        partner=share.partner_id.display_name,
                        agreement=agreement.display_name,
                        amount=share.provisions,
                    )
                )

    def _move_line_label(self):
        self.ensure_one()
        line = self.line_id
        return self.env._(
            "%(settlement)s — %(occupant)s — %(agreement)s: actual charges %(actual)s, provisions %(provisions)s",
            settlement=line.settlement_id.name,
            occupant=line.occupant_id.name,
            agreement=line.occupancy_id.name,
            actual=line.settlement_id._format_amount(line.actual_amount),
            provisions=line.settlement_id._format_amount(line.provisions),
        )

    def _income_account(self, accounting):
        self.ensure_one()
        if self.occupancy_id.occupancy_type == "management_mandate":
            return accounting["housing_mandate_account_id"]
        if self.payer_kind == "funder":
            return accounting["housing_funder_account_id"]
        return accounting["housing_charges_account_id"]

    def _analytic_distribution(self):
        self.ensure_one()
        unit = self.line_id.settlement_id.unit_id
        accounts = (unit.programme_id.analytic_account_id | unit.analytic_account_id).ids
        return {",".join(str(account_id) for account_id in accounts): 100} if accounts else False
