from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools import housing_math as hm


class HousingChargesSettlementLine(models.Model):
    """One agreement of a charges settlement: its part of the unit's actual charges against its provisions."""

    _name = "housing.charges.settlement.line"
    _description = "Charges settlement: agreement"
    _order = "settlement_id, date_from, id"
    _check_company_auto = True

    settlement_id = fields.Many2one("housing.charges.settlement", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="settlement_id.company_id", store=True, index=True, precompute=True)
    currency_id = fields.Many2one(related="settlement_id.currency_id")
    state = fields.Selection(related="settlement_id.state", string="Status")
    occupancy_id = fields.Many2one(
        "housing.occupancy", string="Agreement", required=True, index=True, ondelete="restrict", check_company=True
    )
    occupant_id = fields.Many2one(related="occupancy_id.partner_id", store=True, index=True, string="Occupant")
    room_id = fields.Many2one(related="occupancy_id.room_id")
    date_from = fields.Date(string="From", required=True)
    date_to = fields.Date(string="To", required=True)
    days = fields.Integer(compute="_compute_days", store=True, help="Days of the period the agreement covered.")
    parts = fields.Float(
        digits=(8, 2),
        default=1.0,
        help="Charges parts of the agreement: the beds it takes by default (the whole unit for an agreement "
        "without room).",
    )
    actual_amount = fields.Monetary(
        compute="_compute_amounts", store=True, string="Actual charges", help="Its part of the unit's actual charges."
    )
    provisions = fields.Monetary(compute="_compute_amounts", store=True, string="Provisions billed")
    balance = fields.Monetary(
        compute="_compute_amounts",
        store=True,
        help="Actual charges minus provisions: positive, the payers owe it; negative, they are credited.",
    )
    share_ids = fields.One2many("housing.charges.settlement.share", "line_id", string="Payers")

    @api.depends("date_from", "date_to")
    def _compute_days(self):
        for line in self:
            ok = line.date_from and line.date_to and line.date_to >= line.date_from
            line.days = hm.days_between(line.date_from, line.date_to) if ok else 0

    @api.depends(
        "settlement_id.actual_charges",
        "settlement_id.total_parts",
        "settlement_id.date_start",
        "settlement_id.date_end",
        "settlement_id.line_ids.parts",
        "settlement_id.line_ids.days",
        "share_ids.provisions",
    )
    def _compute_amounts(self):
        figures = {}
        for line in self:
            settlement = line.settlement_id
            if settlement not in figures:
                try:
                    figures[settlement] = settlement._settle()["lines"]
                except (ValueError, KeyError):
                    figures[settlement] = {}
            values = figures[settlement].get(line.id)
            line.provisions = sum(line.share_ids.mapped("provisions"))
            line.actual_amount = float(values["actual"]) if values else 0.0
            line.balance = float(values["balance"]) if values else line.actual_amount - line.provisions

    @api.constrains("settlement_id", "occupancy_id", "date_from", "date_to")
    def _check_agreement(self):
        """A line settles an agreement of the settlement's unit, over days of the period it covered."""
        for line in self:
            settlement, agreement = line.settlement_id, line.occupancy_id
            if agreement.unit_id != settlement.unit_id:
                raise ValidationError(
                    self.env._(
                        "%(agreement)s lets %(unit)s: it has no share in the charges of %(settlement)s.",
                        agreement=agreement.display_name,
                        unit=agreement.unit_id.display_name,
                        settlement=settlement.name,
                    )
                )
            last = min(filter(None, (agreement.exit_date, settlement.date_end)))
            if not (max(agreement.date_start, settlement.date_start) <= line.date_from <= line.date_to <= last):
                raise ValidationError(
                    self.env._(
                        "%(agreement)s bears the charges of %(settlement)s from %(start)s to %(end)s at most: the days "
                        "it covered in the period.",
                        agreement=agreement.display_name,
                        settlement=settlement.name,
                        start=max(agreement.date_start, settlement.date_start),
                        end=last,
                    )
                )

    @api.constrains("parts")
    def _check_parts(self):
        for line in self:
            if line.parts < 0:
                raise ValidationError(
                    self.env._("The charges parts of %(occupant)s cannot be negative.", occupant=line.occupant_id.name)
                )
        for settlement in self.settlement_id:
            settlement._check_distribution()

    @api.depends("occupancy_id", "settlement_id")
    def _compute_display_name(self):
        for line in self:
            line.display_name = f"{line.settlement_id.name} — {line.occupant_id.name or ''}"

    def _lang(self):
        self.ensure_one()
        return self.occupant_id.lang or self.company_id.partner_id.lang or self.env.lang or "en_US"

    def _period_label(self):
        """The settled period in the occupant's language: '2025', or its dates."""
        self.ensure_one()
        return self.settlement_id.with_context(lang=self._lang())._period_label()

    def _statement_date(self):
        self.ensure_one()
        return self.settlement_id.date_confirmed or fields.Date.context_today(self)

    def _report_filename(self):
        self.ensure_one()
        label = self.with_context(lang=self._lang()).env._("Charges settlement")
        return f"{label} {self._period_label()} - {self.occupant_id.name}"
