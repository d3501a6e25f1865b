from odoo import api, fields, models
from odoo.exceptions import ValidationError

INSTALMENT_STATES = [
    ("pending", "To come"),
    # an instalment (une échéance) is "Payée"; "Paid" labels amounts ("Payé")
    ("kept", "Paid in full"),
    ("late", "Late"),
]


class HousingRepaymentPlanLine(models.Model):
    """One monthly instalment of a repayment plan."""

    _name = "housing.repayment.plan.line"
    _description = "Repayment plan instalment"
    _order = "plan_id, date_due, sequence, id"

    plan_id = fields.Many2one("housing.repayment.plan", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="plan_id.company_id", store=True, index=True, precompute=True)
    currency_id = fields.Many2one(related="plan_id.currency_id")
    partner_id = fields.Many2one(related="plan_id.partner_id", store=True, string="Household", index=True)
    plan_state = fields.Selection(related="plan_id.state", string="Plan status")
    sequence = fields.Integer(string="No.", default=1)
    date_due = fields.Date(string="Due date", required=True)
    amount = fields.Monetary(required=True)
    amount_paid = fields.Monetary(string="Paid", readonly=True, copy=False)
    amount_left = fields.Monetary(string="Left to pay", compute="_compute_amount_left")
    state = fields.Selection(
        INSTALMENT_STATES, string="Status", default="pending", required=True, readonly=True, copy=False
    )

    @api.depends("amount", "amount_paid")
    def _compute_amount_left(self):
        for line in self:
            line.amount_left = line.amount - line.amount_paid

    @api.constrains("amount")
    def _check_amount(self):
        for line in self:
            if line.currency_id.compare_amounts(line.amount, 0) <= 0:
                raise ValidationError(
                    self.env._(
                        "Each instalment of %(plan)s is a positive amount (%(amount)s entered): remove the instalment "
                        "instead, or recompute the schedule.",
                        plan=line.plan_id.name,
                        amount=line.amount,
                    )
                )

    @api.depends("plan_id.name", "sequence")
    def _compute_display_name(self):
        for line in self:
            line.display_name = f"{line.plan_id.name} — {line.sequence}/{len(line.plan_id.line_ids)}"
