from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools import housing_math as hm

PAYER_KINDS = [
    ("occupant", "Occupant"),
    ("housing_allowance", "Housing allowance (CAF)"),
    ("funder", "Funder"),
    ("association", "Association"),
]


class HousingOccupancyShare(models.Model):
    _name = "housing.occupancy.share"
    _description = "Payer share of an occupancy agreement"
    _order = "occupancy_id, is_remainder, sequence, date_start, id"
    _check_company_auto = True

    occupancy_id = fields.Many2one("housing.occupancy", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="occupancy_id.company_id", store=True, index=True, precompute=True)
    currency_id = fields.Many2one(related="occupancy_id.currency_id")
    sequence = fields.Integer(default=10)
    payer_kind = fields.Selection(PAYER_KINDS, string="Payer", required=True, default="occupant")
    partner_id = fields.Many2one(
        "res.partner",
        string="Billed to",
        compute="_compute_partner_id",
        store=True,
        readonly=False,
        precompute=True,
        check_company=True,
        help="The occupant, the CAF, the funder; the association's own share is not billed.",
    )
    amount_type = fields.Selection(
        [("fixed", "Fixed amount"), ("percent", "Percentage")], string="As", required=True, default="fixed"
    )
    amount = fields.Monetary(string="Monthly amount")
    percent = fields.Float(digits=(5, 2))
    is_remainder = fields.Boolean(
        string="Pays the rest", help="Pays what the other payers leave, rounding included. Exactly one per agreement."
    )
    date_start = fields.Date(
        string="From",
        compute="_compute_date_start",
        store=True,
        readonly=False,
        precompute=True,
        help="Empty: from the entry. The housing allowance starts the month after entry by default.",
    )
    date_end = fields.Date(string="Until", help="Empty: until the exit. A new amount from a date is a new line.")
    monthly_amount = fields.Monetary(
        compute="_compute_monthly_amount", string="This month", help="What this payer owes for a full month today."
    )

    @api.depends("payer_kind", "occupancy_id.partner_id", "occupancy_id.company_id")
    def _compute_partner_id(self):
        for share in self:
            if share.payer_kind == "occupant":
                share.partner_id = share.occupancy_id.partner_id
            elif share.payer_kind == "association":
                share.partner_id = share.occupancy_id.company_id.partner_id
            elif share.partner_id in (share.occupancy_id.partner_id, share.occupancy_id.company_id.partner_id):
                share.partner_id = False

    @api.depends("payer_kind", "occupancy_id.date_start", "occupancy_id.allowance_month_after_entry")
    def _compute_date_start(self):
        for share in self:
            occupancy = share.occupancy_id
            if (
                share.payer_kind == "housing_allowance"
                and not share.date_start
                and occupancy.date_start
                and occupancy.allowance_month_after_entry
            ):
                share.date_start = hm.add_months(hm.month_start(occupancy.date_start), 1)

    @api.depends(
        "amount", "percent", "amount_type", "is_remainder", "date_start", "date_end", "occupancy_id.amount_total"
    )
    def _compute_monthly_amount(self):
        today = fields.Date.context_today(self)
        splits = {}  # one split per agreement, whatever its number of payers
        for share in self:
            occupancy = share.occupancy_id
            if occupancy not in splits:
                try:
                    splits[occupancy] = occupancy.share_ids._amounts_at(today, occupancy.amount_total)
                except ValueError:
                    splits[occupancy] = {}
            share.monthly_amount = float(splits[occupancy].get(share, 0))

    @api.depends("payer_kind", "partner_id", "date_start", "date_end")
    def _compute_display_name(self):
        kinds = dict(self._fields["payer_kind"]._description_selection(self.env))
        for share in self:
            share.display_name = share.partner_id.name or kinds.get(share.payer_kind)

    @api.constrains("amount", "percent", "amount_type", "date_start", "date_end", "is_remainder", "partner_id")
    def _check_share(self):
        for share in self:
            occupancy = share.occupancy_id
            if share.amount < 0 or not 0 <= share.percent <= 100:
                raise ValidationError(
                    self.env._(
                        "A payer's share of %(agreement)s must be a positive amount or a percentage between 0 and 100.",
                        agreement=occupancy.display_name,
                    )
                )
            if share.date_start and share.date_end and share.date_end < share.date_start:
                raise ValidationError(
                    self.env._(
                        "The share of %(payer)s in %(agreement)s ends (%(end)s) before it starts (%(start)s).",
                        payer=share.display_name,
                        agreement=occupancy.display_name,
                        end=share.date_end,
                        start=share.date_start,
                    )
                )
            if share.is_remainder and (share.date_start or share.date_end):
                raise ValidationError(
                    self.env._(
                        "The payer of the rest of %(agreement)s pays for the whole agreement: remove the dates of "
                        "its share (date the other payers' shares instead).",
                        agreement=occupancy.display_name,
                    )
                )
            if share.payer_kind in ("housing_allowance", "funder") and not share.partner_id:
                raise ValidationError(
                    self.env._(
                        "Say who pays the %(kind)s share of %(agreement)s (the CAF or the funder to bill).",
                        kind=dict(self._fields["payer_kind"]._description_selection(self.env))[share.payer_kind],
                        agreement=occupancy.display_name,
                    )
                )
        self._check_split()

    @api.constrains("payer_kind", "partner_id")
    def _check_partner_kind(self):
        """Who a share is billed to matches its payer: the household, the association, or an organisation."""
        kinds = dict(self._fields["payer_kind"]._description_selection(self.env))
        for share in self.filtered("partner_id"):
            occupancy = share.occupancy_id
            household = occupancy.partner_id | occupancy.member_ids
            if share.payer_kind == "occupant" and share.partner_id not in household:
                raise ValidationError(
                    self.env._(
                        "The occupant's share of %(agreement)s is billed to the signatory or a member of the "
                        "household, not to %(partner)s: choose the payer Funder or Housing allowance for another "
                        "payer.",
                        agreement=occupancy.display_name,
                        partner=share.partner_id.name,
                    )
                )
            if share.payer_kind == "association" and share.partner_id != occupancy.company_id.partner_id:
                raise ValidationError(
                    self.env._(
                        "The association's share of %(agreement)s is borne by %(company)s, not by %(partner)s: choose "
                        "the payer Funder to bill another organisation.",
                        agreement=occupancy.display_name,
                        company=occupancy.company_id.name,
                        partner=share.partner_id.name,
                    )
                )
            if share.payer_kind in ("housing_allowance", "funder") and not share.partner_id.is_company:
                raise ValidationError(
                    self.env._(
                        "%(partner)s is a person: the %(kind)s share of %(agreement)s is billed to an organisation "
                        "(the CAF or the funder).",
                        partner=share.partner_id.name,
                        kind=kinds[share.payer_kind],
                        agreement=occupancy.display_name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            # an empty "billed to" of the occupant's or the association's share (an import's empty cell) means
            # the agreement's signatory or the company, as the form fills it
            if vals.get("payer_kind", "occupant") in ("occupant", "association") and not vals.get("partner_id"):
                vals.pop("partner_id", None)
        return super().create(vals_list)

    def _in_force(self, day):
        return self.filtered(
            lambda share: (
                (not share.date_start or share.date_start <= day) and (not share.date_end or day <= share.date_end)
            )
        )

    def _amounts_at(self, day, total):
        """Full-month amount of each share in force on ``day`` for a monthly ``total``: {share: Decimal}.

        Raises ValueError (from the split) when the shares do not fit the total.
        """
        shares = self._in_force(day)
        return hm.split_amount(total, [share._split_values() for share in shares])

    def _split_values(self):
        """This share as the split functions take it.

        A housing allowance may exceed what the household owes when the occupant pays the rest:
        the surplus goes back to the occupant (a credit note), as the CAF's tiers payant requires.
        """
        self.ensure_one()
        remainder = self.occupancy_id.share_ids.filtered("is_remainder")[:1]
        return {
            "key": self,
            "amount": self.amount if self.amount_type == "fixed" else 0,
            "percent": self.percent if self.amount_type == "percent" else 0,
            "is_remainder": self.is_remainder,
            "may_exceed": self.payer_kind == "housing_allowance" and remainder.payer_kind == "occupant",
            "date_start": self.date_start,
            "date_end": self.date_end,
        }

    def _check_split(self):
        """Each agreement has exactly one payer of the rest, and its shares never exceed its total."""
        for occupancy in self.occupancy_id:
            shares = occupancy.share_ids
            remainders = shares.filtered("is_remainder")
            if len(remainders) != 1:
                raise ValidationError(
                    self.env._(
                        "%(agreement)s needs exactly one payer of the rest (found %(count)s): tick 'Pays the "
                        "rest' on one payer, usually the occupant or the association.",
                        agreement=occupancy.display_name,
                        count=len(remainders),
                    )
                )
            # shares change only where one starts or stops: check the total on each such day
            days = {occupancy.date_start} | {d for d in shares.mapped("date_start") if d}
            days |= {d + timedelta(days=1) for d in shares.mapped("date_end") if d}
            for day in sorted(days):
                try:
                    shares._amounts_at(day, occupancy.amount_total)
                except ValueError:
                    raise ValidationError(
                        self.env._(
                            "From %(day)s the payers of %(agreement)s would pay more than its monthly total of "
                            "%(total)s: lower their shares.",
                            day=day,
                            agreement=occupancy.display_name,
                            total=occupancy.amount_total,
                        )
                    ) from None
