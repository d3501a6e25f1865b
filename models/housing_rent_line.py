from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import float_compare, float_is_zero

from ..tools import housing_math as hm
from ..tools.housing_math import month_label, share_out
from .housing_occupancy_share import PAYER_KINDS

RENT_LINE_STATES = [
    ("to_bill", "To bill"),
    ("billed", "Billed"),
    ("not_billed", "Not billed"),
]

PAYMENT_STATES = [
    ("not_paid", "Not paid"),
    ("partial", "Partially paid"),
    # a due (une échéance) is "Payée"; "Paid" labels amounts ("Payé")
    ("paid", "Paid in full"),
    ("credited", "Credited"),
]


class HousingRentLine(models.Model):
    """One payer's due for one agreement (or one head lease) and one month.

    The billing schedule and its idempotency key: a month is billed once per payer because
    the database refuses a second line with the same key, and a line is billed in the same
    transaction that creates its invoice.
    """

    _name = "housing.rent.line"
    _description = "Rent due"
    _order = "period_start desc, occupancy_id, lease_id, payer_kind"
    _check_company_auto = True

    occupancy_id = fields.Many2one(
        "housing.occupancy", string="Agreement", index=True, ondelete="restrict", check_company=True
    )
    lease_id = fields.Many2one(
        "housing.lease", string="Head lease", index=True, ondelete="restrict", check_company=True
    )
    share_id = fields.Many2one("housing.occupancy.share", ondelete="set null", check_company=True)
    direction = fields.Selection(
        [("receivable", "Due to the association"), ("payable", "Due to the landlord")],
        required=True,
        default="receivable",
    )
    payer_kind = fields.Selection([*PAYER_KINDS, ("landlord", "Landlord")], string="Payer", required=True)
    partner_id = fields.Many2one("res.partner", string="Billed to", required=True, index=True, check_company=True)
    company_id = fields.Many2one("res.company", required=True, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    programme_id = fields.Many2one("housing.programme", index=True)
    unit_id = fields.Many2one("housing.unit", index=True)
    occupant_id = fields.Many2one(
        "res.partner", index=True, check_company=True, help="The agreement's signatory, whoever pays the line."
    )
    period_start = fields.Date(string="Month", required=True, index=True)
    period_end = fields.Date(string="End of the month", required=True)
    days = fields.Integer(help="Days of the month covered by the agreement.")
    basis = fields.Integer(help="Divisor of the proration: days of the month, 30 or 365.")
    prorata_note = fields.Char(compute="_compute_prorata_note", string="Proration")
    rent_amount = fields.Monetary(string="Rent")
    charges_amount = fields.Monetary(string="Charges")
    amount = fields.Monetary()
    state = fields.Selection(RENT_LINE_STATES, string="Status", default="to_bill", required=True, index=True)
    move_id = fields.Many2one("account.move", string="Invoice", index="btree_not_null", readonly=True, copy=False)
    billing_run_id = fields.Many2one("housing.billing.run", string="Billing run", index="btree_not_null", copy=False)
    payment_state = fields.Selection(
        PAYMENT_STATES, compute="_compute_payment", store=True, string="Payment", index=True
    )
    amount_residual = fields.Monetary(
        compute="_compute_payment",
        store=True,
        string="Left to pay",
        help="Share of the invoice still unpaid; negative on a credit note: what is still owed back to the occupant.",
    )
    date_due = fields.Date(related="move_id.invoice_date_due", string="Due date", store=True)

    _occupancy_payer_period_uniq = models.Constraint(
        "UNIQUE(occupancy_id, payer_kind, partner_id, period_start)",
        "This payer already has a due for this agreement and month: a month is billed once.",
    )
    _lease_period_uniq = models.Constraint(
        "UNIQUE(lease_id, period_start)",
        "This head lease already has a due for this month: a month is billed once.",
    )
    _one_contract = models.Constraint(
        "CHECK((occupancy_id IS NULL) != (lease_id IS NULL))",
        "A due belongs to either an agreement or a head lease.",
    )

    @api.constrains(
        "occupancy_id",
        "lease_id",
        "share_id",
        "direction",
        "payer_kind",
        "partner_id",
        "company_id",
        "programme_id",
        "unit_id",
        "occupant_id",
    )
    def _check_contract(self):
        """A due is its contract's: the agreement's (or the head lease's) company, programme, unit, signatory and
        payers. Accountants may correct a due; they cannot make it another contract's."""
        kinds = dict(self._fields["payer_kind"]._description_selection(self.env))
        for due in self:
            contract = due.occupancy_id or due.lease_id
            if due.occupancy_id:
                expected = {
                    "company_id": contract.company_id,
                    "programme_id": contract.programme_id,
                    "unit_id": contract.unit_id,
                    "occupant_id": contract.partner_id,
                }
            else:
                expected = {
                    "company_id": contract.company_id,
                    "programme_id": contract.programme_id,
                    "unit_id": contract.unit_id,
                    "partner_id": contract.landlord_id,
                }
            wrong = [fname for fname, value in expected.items() if due[fname] != value]
            if wrong:
                field = due._fields[wrong[0]]
                raise ValidationError(
                    self.env._(
                        "The due %(due)s reads %(value)s as its %(field)s, but its contract %(contract)s has "
                        "%(expected)s: a due keeps the company, programme, unit and persons of its agreement or head "
                        "lease.",
                        due=due.display_name,
                        value=due[wrong[0]].display_name or "—",
                        field=field._description_string(self.env),
                        contract=contract.display_name,
                        expected=expected[wrong[0]].display_name or "—",
                    )
                )
            if due.lease_id and (due.direction != "payable" or due.payer_kind != "landlord"):
                raise ValidationError(
                    self.env._(
                        "The due %(due)s of the head lease %(lease)s is what the association owes the landlord: its "
                        "payer is the landlord.",
                        due=due.display_name,
                        lease=contract.name,
                    )
                )
            if due.occupancy_id and (due.direction != "receivable" or due.payer_kind == "landlord"):
                raise ValidationError(
                    self.env._(
                        "The due %(due)s of the agreement %(agreement)s is owed to the association: its payer is the "
                        "occupant, the CAF, a funder or the association.",
                        due=due.display_name,
                        agreement=contract.display_name,
                    )
                )
            share = due.share_id
            if share and (share.occupancy_id != due.occupancy_id or share.payer_kind != due.payer_kind):
                raise ValidationError(
                    self.env._(
                        "The due %(due)s is billed on the share %(share)s (%(share_kind)s) of %(share_agreement)s: a "
                        "due of %(agreement)s is billed on one of its own payers, of the same kind (%(kind)s).",
                        due=due.display_name,
                        share=share.display_name,
                        share_kind=kinds.get(share.payer_kind),
                        share_agreement=share.occupancy_id.display_name,
                        agreement=contract.display_name,
                        kind=kinds.get(due.payer_kind),
                    )
                )
            if due.occupancy_id and not share and not due._partner_fits_kind():
                raise ValidationError(
                    self.env._(
                        "The due %(due)s is billed to %(partner)s, who cannot pay the %(kind)s share of %(agreement)s: "
                        "the occupant's share is billed to the household, the association's to the association, the "
                        "CAF's and a funder's to an organisation.",
                        due=due.display_name,
                        partner=due.partner_id.display_name,
                        kind=kinds.get(due.payer_kind),
                        agreement=contract.display_name,
                    )
                )
            if share and due.partner_id != share.partner_id:
                raise ValidationError(
                    self.env._(
                        "The due %(due)s is billed to %(partner)s, but its payer in %(agreement)s is %(payer)s: change "
                        "the payer on the agreement, then bill the due again.",
                        due=due.display_name,
                        partner=due.partner_id.display_name,
                        agreement=contract.display_name,
                        payer=share.partner_id.display_name or "—",
                    )
                )

    def _partner_fits_kind(self):
        """Whether the due's payer may pay its kind of share (for a due whose share was deleted)."""
        self.ensure_one()
        agreement = self.occupancy_id
        if self.payer_kind == "occupant":
            return self.partner_id in agreement.partner_id | agreement.member_ids
        if self.payer_kind == "association":
            return self.partner_id == agreement.company_id.partner_id
        return self.partner_id.is_company

    @api.constrains("period_start", "period_end", "days", "basis", "amount", "rent_amount", "charges_amount")
    def _check_figures(self):
        """A due covers days of one month, prorated on a positive basis; rent and charges make its amount. Only an
        occupant's due may be negative: the housing allowance above their share, paid back by a credit note."""
        for due in self:
            month_days = hm.month_end(due.period_start).day
            if due.period_start.day != 1 or due.period_end != hm.month_end(due.period_start):
                raise ValidationError(
                    self.env._(
                        "The due %(due)s covers %(start)s to %(end)s: a due covers one month, from its first day to "
                        "its last.",
                        due=due.display_name,
                        start=due.period_start,
                        end=due.period_end,
                    )
                )
            if not 0 < due.days <= month_days or due.basis <= 0 or due.days > due.basis:
                raise ValidationError(
                    self.env._(
                        "The due %(due)s is prorated on %(days)s days / %(basis)s: the days covered are 1 to "
                        "%(month_days)s, the divisor the days of the month, 30 or 365.",
                        due=due.display_name,
                        days=due.days,
                        basis=due.basis,
                        month_days=month_days,
                    )
                )
            currency = due.currency_id
            if currency.compare_amounts(due.amount, due.rent_amount + due.charges_amount):
                raise ValidationError(
                    self.env._(
                        "The due %(due)s is %(amount)s but its rent and charges make %(total)s: its amount is its "
                        "rent plus its charges.",
                        due=due.display_name,
                        amount=due.amount,
                        total=due.rent_amount + due.charges_amount,
                    )
                )
            if due.payer_kind != "occupant" and currency.compare_amounts(due.amount, 0) < 0:
                raise ValidationError(
                    self.env._(
                        "The due %(due)s cannot be negative (%(amount)s): only an occupant's due may be, when the "
                        "housing allowance exceeds their share.",
                        due=due.display_name,
                        amount=due.amount,
                    )
                )

    @api.depends("days", "basis", "period_start", "period_end")
    def _compute_prorata_note(self):
        for line in self:
            month_days = (line.period_end - line.period_start).days + 1 if line.period_start else 0
            if not line.days or line.days == month_days:
                line.prorata_note = False
            else:
                line.prorata_note = self.env._("%(days)s days / %(basis)s", days=line.days, basis=line.basis)

    @api.depends(
        "move_id.payment_state", "move_id.amount_residual", "move_id.amount_total", "move_id.state", "amount", "state"
    )
    def _compute_payment(self):
        """What is left to pay of each due, from the reconciliation of its invoice.

        An invoice may gather several dues (the CAF's lists every occupant): its unpaid amount is shared
        between them pro rata, the last due absorbing the rounding, so that the dues' amounts left to pay
        sum to the invoice's to the cent. A due billed by a credit note (the allowance above an
        occupant's due) has a negative amount left: what the association still owes back.
        """
        shares = {}  # move -> {due id: its part of what is left to pay}, computed once per invoice
        for line in self:
            move = line.move_id
            if line.state != "billed" or not move or move.state != "posted":
                line.payment_state = False if line.state != "billed" else "not_paid"
                line.amount_residual = line.amount if line.state == "billed" else 0.0
                continue
            if move.payment_state == "reversed":
                line.payment_state, line.amount_residual = "credited", 0.0
                continue
            parts = shares.get(move)
            if parts is None or line.id not in parts:
                # 'in_payment' without a journal entry yet (bank matching to come) counts as paid, as Odoo shows it
                unpaid = 0.0 if move.payment_state in ("paid", "in_payment") else move.amount_residual
                dues = (move.housing_rent_line_ids.filtered(lambda due: due.state == "billed") | line).sorted("id")
                parts = shares[move] = dict(zip(dues.ids, dues._share_unpaid(unpaid), strict=True))
            residual = float(parts[line.id])
            rounding = line.currency_id.rounding or 0.01
            line.amount_residual = -residual if line.amount < 0 else residual
            if float_is_zero(residual, precision_rounding=rounding):
                line.payment_state = "paid"
            elif float_compare(residual, abs(line.amount), precision_rounding=rounding) < 0:
                line.payment_state = "partial"
            else:
                line.payment_state = "not_paid"
        # the household's arrears follow its dues (refreshed when the change is committed)
        self.env["housing.arrears"]._touch(
            (line.company_id.id, line.occupant_id.id) for line in self if line.payer_kind == "occupant"
        )

    def _share_unpaid(self, unpaid):
        """What is left to pay of one invoice (``unpaid``), shared between its dues ``self`` (in their order):
        pro rata to their amounts. Extended where some dues are known to be paid (the CAF's statement)."""
        return share_out(unpaid, self.mapped("amount"))

    @api.depends("occupancy_id", "lease_id", "partner_id", "period_start")
    def _compute_display_name(self):
        for line in self:
            contract = line.occupancy_id or line.lease_id
            line.display_name = f"{contract.name} — {line.partner_id.name} — {line._period_label()}"

    def _period_label(self):
        """'mars 2026' in the reader's language."""
        self.ensure_one()
        return month_label(self.period_start, self.env.lang)

    def action_open_move(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "account.move",
            "res_id": self.move_id.id,
            "view_mode": "form",
        }
