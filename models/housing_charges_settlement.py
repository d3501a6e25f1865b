from collections import defaultdict
from datetime import date, timedelta

from psycopg2 import errors as pg_errors

from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL, format_date, mute_logger
from odoo.tools.misc import formatLang

from ..tools import housing_math as hm
from ..tools import settlement_math as sm
from .housing_billing_run import BATCH_CONTEXT
from .housing_occupancy import SIGNED_STATES

SETTLEMENT_STATES = [
    ("draft", "Draft"),
    ("confirmed", "Confirmed"),
    ("cancelled", "Cancelled"),
]

#: order of the payers of an agreement's balance: the last one absorbs the rounding
PAYER_ORDER = {"housing_allowance": 0, "funder": 1, "occupant": 2, "association": 3}


def _last_year():
    today = date.today()
    return date(today.year - 1, 1, 1), date(today.year - 1, 12, 31)


class HousingChargesSettlement(models.Model):
    """Annual charges settlement (régularisation des charges) of a unit.

    The monthly provisions for charges billed to the unit's agreements over the period are compared
    with the unit's actual charges; each agreement bears the actual charges in proportion to its days
    and charges parts, and its balance is split between its payers in proportion to the provisions
    they were billed. Confirming issues one posted invoice (balance due) or credit note (overpaid)
    per payer, once; the association's own share is not billed.
    """

    _name = "housing.charges.settlement"
    _description = "Charges settlement"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date_end desc, id desc"
    _check_company_auto = True

    name = fields.Char(compute="_compute_name", store=True)
    unit_id = fields.Many2one(
        "housing.unit",
        required=True,
        index=True,
        tracking=True,
        ondelete="restrict",
        default=lambda self: self.env.context.get("default_unit_id"),
    )
    company_id = fields.Many2one(related="unit_id.company_id", store=True, index=True, precompute=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    programme_id = fields.Many2one(related="unit_id.programme_id", store=True, index=True)
    date_start = fields.Date(string="From", required=True, default=lambda self: _last_year()[0], tracking=True)
    date_end = fields.Date(string="To", required=True, default=lambda self: _last_year()[1], tracking=True)
    period_days = fields.Integer(compute="_compute_period_days", string="Days of the period")
    state = fields.Selection(
        SETTLEMENT_STATES, string="Status", default="draft", required=True, tracking=True, index=True, copy=False
    )
    landlord_charges = fields.Monetary(
        compute="_compute_landlord_charges",
        string="Charges of the landlord bills",
        help="Charges of the unit's posted landlord bills over the period: the monthly charges of the head "
        "lease, plus any other bill or credit note on the charges expense account carrying the unit's "
        "analytic account.",
    )
    actual_charges = fields.Monetary(
        compute="_compute_actual_charges",
        store=True,
        readonly=False,
        precompute=True,
        tracking=True,
        help="What the unit's charges actually cost over the period (the landlord's statement). Proposed from the "
        "landlord bills; enter the figure of the landlord's statement when it differs.",
    )
    total_parts = fields.Float(
        string="Charges parts of the unit",
        digits=(8, 2),
        compute="_compute_total_parts",
        store=True,
        readonly=False,
        precompute=True,
        help="The whole unit in charges parts: its beds by default. Each agreement bears its parts of the actual "
        "charges for the days it covered; what the vacant parts cost stays with the association.",
    )
    line_ids = fields.One2many("housing.charges.settlement.line", "settlement_id", string="Agreements", copy=False)
    share_ids = fields.One2many("housing.charges.settlement.share", "settlement_id", string="Payers", copy=False)
    move_ids = fields.Many2many(
        "account.move",
        "housing_charges_settlement_move_rel",
        "settlement_id",
        "move_id",
        string="Invoices and credit notes",
        readonly=True,
        copy=False,
    )
    amount_allocated = fields.Monetary(
        compute="_compute_amounts",
        store=True,
        string="Borne by the agreements",
        help="Actual charges of the parts occupied.",
    )
    amount_vacancy = fields.Monetary(
        compute="_compute_amounts",
        store=True,
        string="Vacancy (association)",
        help="Actual charges of the vacant parts.",
    )
    amount_provisions = fields.Monetary(compute="_compute_amounts", store=True, string="Provisions billed")
    amount_difference = fields.Monetary(
        compute="_compute_amounts",
        store=True,
        string="Balance",
        help="Borne by the agreements minus provisions billed.",
    )
    amount_to_invoice = fields.Monetary(compute="_compute_amounts", store=True, string="To invoice")
    amount_to_credit = fields.Monetary(compute="_compute_amounts", store=True, string="To credit")
    amount_association = fields.Monetary(
        compute="_compute_amounts", store=True, string="Association's share", help="Not billed."
    )
    move_count = fields.Integer(compute="_compute_move_count", string="Invoices count")
    date_confirmed = fields.Date(string="Confirmed on", readonly=True, copy=False)
    note = fields.Html(string="Notes")

    # ------------------------------------------------------------------ computes
    @api.depends("unit_id", "date_start", "date_end")
    def _compute_name(self):
        for settlement in self:
            period = settlement.date_start and settlement.date_end and settlement._period_label()
            settlement.name = self.env._(
                "Charges %(period)s — %(unit)s", period=period or "", unit=settlement.unit_id.display_name or ""
            )

    @api.depends("date_start", "date_end")
    def _compute_period_days(self):
        for settlement in self:
            ok = settlement.date_start and settlement.date_end and settlement.date_end >= settlement.date_start
            settlement.period_days = hm.days_between(settlement.date_start, settlement.date_end) if ok else 0

    @api.depends("unit_id", "date_start", "date_end")
    def _compute_landlord_charges(self):
        for settlement in self:
            settlement.landlord_charges = settlement._landlord_charges()

    @api.depends("unit_id", "date_start", "date_end")
    def _compute_actual_charges(self):
        for settlement in self:
            if settlement.state == "draft":
                settlement.actual_charges = settlement._landlord_charges()
            else:
                settlement.actual_charges = settlement.actual_charges

    @api.depends("unit_id.capacity")
    def _compute_total_parts(self):
        for settlement in self:
            if settlement.state == "draft":
                settlement.total_parts = settlement.unit_id.capacity or 1
            else:
                settlement.total_parts = settlement.total_parts

    @api.depends(
        "actual_charges", "line_ids.actual_amount", "line_ids.provisions", "share_ids.amount", "share_ids.payer_kind"
    )
    def _compute_amounts(self):
        for settlement in self:
            settlement.amount_allocated = sum(settlement.line_ids.mapped("actual_amount"))
            settlement.amount_vacancy = settlement.actual_charges - settlement.amount_allocated
            settlement.amount_provisions = sum(settlement.line_ids.mapped("provisions"))
            settlement.amount_difference = settlement.amount_allocated - settlement.amount_provisions
            billed = defaultdict(float)
            association = 0.0
            for share in settlement.share_ids:
                if share.payer_kind == "association":
                    association += share.amount
                else:
                    billed[share.partner_id] += share.amount
            settlement.amount_to_invoice = sum(amount for amount in billed.values() if amount > 0)
            settlement.amount_to_credit = -sum(amount for amount in billed.values() if amount < 0)
            settlement.amount_association = association

    @api.depends("move_ids")
    def _compute_move_count(self):
        for settlement in self:
            settlement.move_count = len(settlement.move_ids)

    # ------------------------------------------------------------------ checks
    @api.constrains("date_start", "date_end")
    def _check_period(self):
        for settlement in self:
            if settlement.date_end < settlement.date_start:
                raise ValidationError(
                    self.env._(
                        "The settlement period of %(unit)s ends (%(end)s) before it starts (%(start)s): check the "
                        "dates.",
                        unit=settlement.unit_id.display_name,
                        end=format_date(self.env, settlement.date_end),
                        start=format_date(self.env, settlement.date_start),
                    )
                )
            if settlement.date_start.day != 1 or settlement.date_end != hm.month_end(settlement.date_end):
                raise ValidationError(
                    self.env._(
                        "Charges are provisioned by the month: a settlement covers whole months, from the first day "
                        "of a month to the last day of a month (e.g. 1 January to 31 December)."
                    )
                )
            if settlement.date_end > hm.add_months(settlement.date_start, 24):
                raise ValidationError(self.env._("A settlement covers at most two years: settle each year on its own."))

    @api.constrains("actual_charges", "total_parts")
    def _check_amounts(self):
        for settlement in self:
            if settlement.currency_id.compare_amounts(settlement.actual_charges, 0) < 0:
                raise ValidationError(
                    self.env._(
                        "The actual charges of %(unit)s cannot be negative (%(amount)s): enter what the charges cost "
                        "over the period.",
                        unit=settlement.unit_id.display_name,
                        amount=settlement.actual_charges,
                    )
                )
            if settlement.total_parts <= 0:
                raise ValidationError(
                    self.env._(
                        "The charges parts of %(unit)s must be positive (its beds, by default).",
                        unit=settlement.unit_id.display_name,
                    )
                )

    @api.constrains("unit_id", "date_start", "date_end", "state")
    def _check_overlap(self):
        for settlement in self.filtered(lambda s: s.state != "cancelled"):
            other = self.search(
                [
                    ("id", "!=", settlement.id),
                    ("unit_id", "=", settlement.unit_id.id),
                    ("state", "!=", "cancelled"),
                    ("date_start", "<=", settlement.date_end),
                    ("date_end", ">=", settlement.date_start),
                ],
                limit=1,
            )
            if other:
                raise ValidationError(
                    self.env._(
                        "%(other)s already settles the charges of %(unit)s over part of this period: a period is "
                        "settled once (cancel the other settlement first).",
                        other=other.name,
                        unit=settlement.unit_id.display_name,
                    )
                )

    @api.constrains("unit_id", "date_start", "date_end")
    def _check_lines_of_the_unit(self):
        """The lines computed for a unit and a period stay that unit's and within that period."""
        for settlement in self.filtered("line_ids"):
            others = settlement.line_ids.filtered(lambda line, s=settlement: line.occupancy_id.unit_id != s.unit_id)
            if others:
                raise ValidationError(
                    self.env._(
                        "%(name)s has lines of the agreements of %(unit)s: delete its lines before changing its unit, "
                        "then compute it again.",
                        name=settlement.name,
                        unit=others[0].occupancy_id.unit_id.display_name,
                    )
                )
            settlement.line_ids._check_agreement()

    # ------------------------------------------------------------------ CRUD
    @api.ondelete(at_uninstall=False)
    def _unlink_except_confirmed(self):
        if self.filtered(lambda s: s.state == "confirmed"):
            raise UserError(self.env._("A confirmed settlement has issued invoices: cancel it instead of deleting it."))

    def write(self, vals):
        frozen = {"unit_id", "date_start", "date_end", "actual_charges", "total_parts"}
        if frozen & set(vals) and self.filtered(lambda s: s.state != "draft"):
            raise UserError(self.env._("Only a draft settlement can change its unit, period, actual charges or parts."))
        return super().write(vals)

    # ------------------------------------------------------------------ actions
    def action_use_landlord_charges(self):
        for settlement in self:
            settlement._check_draft()
            settlement.actual_charges = settlement.landlord_charges

    def action_compute(self):
        """(Re)build one line per agreement of the unit over the period, with the provisions of each payer."""
        self._check_can_settle()
        for settlement in self:
            settlement._check_draft()
            settlement._build_lines()
        return True

    def action_confirm(self):
        """Issue one posted invoice or credit note per payer, once."""
        self._check_can_settle()
        for settlement in self:
            settlement._lock()
            if settlement.state == "confirmed":
                raise UserError(
                    self.env._(
                        "%(name)s was already confirmed on %(date)s: its invoices and credit notes are issued, "
                        "nothing more is billed.",
                        name=settlement.name,
                        date=format_date(self.env, settlement.date_confirmed),
                    )
                )
            if settlement.state != "draft":
                raise UserError(self.env._("%(name)s is cancelled: create a new settlement.", name=settlement.name))
            if not settlement.line_ids:
                raise UserError(
                    self.env._(
                        "Compute %(name)s before confirming it: it has no agreement line yet.", name=settlement.name
                    )
                )
            settlement._check_distribution()
            settlement._issue_moves()
        return True

    def action_cancel(self):
        for settlement in self:
            if settlement.state == "cancelled":
                continue
            moves = settlement.move_ids.filtered(lambda move: move.state == "posted")
            paid = moves.filtered(lambda move: move.payment_state not in ("not_paid", "reversed"))
            if paid:
                raise UserError(
                    self.env._(
                        "%(moves)s of %(name)s are already paid: settle with the payers (refund or new invoice) "
                        "instead of cancelling.",
                        moves=", ".join(paid.mapped("name")),
                        name=settlement.name,
                    )
                )
            if moves:
                reversals = moves._reverse_moves(
                    [
                        {"ref": self.env._("Cancelled: %(name)s", name=settlement.name), "invoice_date": move.date}
                        for move in moves
                    ],
                    cancel=True,
                )
                settlement.move_ids = [Command.link(move.id) for move in reversals]
            settlement.state = "cancelled"
            if moves:
                settlement.message_post(
                    body=self.env._("Cancelled: %(count)s invoices and credit notes reversed.", count=len(moves))
                )
        return True

    def action_view_moves(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Invoices and credit notes"),
            "res_model": "account.move",
            "view_mode": "list,form",
            "domain": [("id", "in", self.move_ids.ids)],
        }

    def action_print_statements(self):
        self.ensure_one()
        if not self.line_ids:
            raise UserError(self.env._("Compute %(name)s first: it has no statement to print.", name=self.name))
        return self.env.ref("solidarity_housing.action_report_housing_charges_statement").report_action(self.line_ids)

    # ------------------------------------------------------------------ business
    def _period_label(self):
        self.ensure_one()
        if self.date_start.month == 1 and self.date_end == date(self.date_start.year, 12, 31):
            return str(self.date_start.year)
        return f"{format_date(self.env, self.date_start)} – {format_date(self.env, self.date_end)}"

    def _check_draft(self):
        self.ensure_one()
        if self.state != "draft":
            raise UserError(self.env._("%(name)s is no longer a draft.", name=self.name))

    def _check_can_settle(self):
        if not self.env.user.has_group("account.group_account_invoice"):
            raise UserError(self.env._("Only accountants (Invoicing rights) can settle charges."))

    def _lock(self):
        """Lock the settlement row: two users confirming at once never bill twice."""
        self.ensure_one()
        try:
            with mute_logger("odoo.sql_db"), self.env.cr.savepoint():
                self.env.cr.execute(
                    SQL("SELECT id FROM housing_charges_settlement WHERE id = %s FOR UPDATE NOWAIT", self.id)
                )
        except pg_errors.LockNotAvailable:
            raise UserError(
                self.env._("%(name)s is being confirmed by someone else right now.", name=self.name)
            ) from None
        self.invalidate_recordset(["state"])

    def _landlord_charges(self):
        """Charges of the unit's posted landlord bills over the period (see ``landlord_charges``)."""
        self.ensure_one()
        if not (self.unit_id and self.date_start and self.date_end):
            return 0.0
        dues = self.env["housing.rent.line"].search(
            [
                ("unit_id", "=", self.unit_id.id),
                ("direction", "=", "payable"),
                ("state", "=", "billed"),
                ("move_id.state", "=", "posted"),
                ("period_start", ">=", self.date_start),
                ("period_start", "<=", self.date_end),
            ]
        )
        total = sum(dues.filtered(lambda due: due.payment_state != "credited").mapped("charges_amount"))
        analytic = self.unit_id.analytic_account_id
        account = self.unit_id.company_id._housing_accounting()["housing_charges_expense_account_id"]
        if analytic and account:
            lines = self.env["account.move.line"].search(
                [
                    ("company_id", "=", self.unit_id.company_id.id),
                    ("parent_state", "=", "posted"),
                    ("move_id.move_type", "in", ("in_invoice", "in_refund")),
                    ("move_id.housing_rent_line_ids", "=", False),
                    ("account_id", "=", account.id),
                    ("date", ">=", self.date_start),
                    ("date", "<=", self.date_end),
                    ("analytic_distribution", "in", analytic.ids),
                ]
            )
            total += sum(lines.mapped("balance"))
        return self.unit_id.company_id.currency_id.round(total)

    def _agreements(self):
        self.ensure_one()
        return self.env["housing.occupancy"].search(
            [
                ("unit_id", "=", self.unit_id.id),
                ("state", "in", SIGNED_STATES),
                ("date_start", "<=", self.date_end),
                "|",
                ("exit_date", "=", False),
                ("exit_date", ">=", self.date_start),
            ],
            order="date_start, id",
        )

    def _build_lines(self):
        self.ensure_one()
        agreements = self._agreements()
        if not agreements:
            raise UserError(
                self.env._(
                    "No occupancy agreement of %(unit)s covers %(period)s: there is nothing to settle.",
                    unit=self.unit_id.display_name,
                    period=self._period_label(),
                )
            )
        dues = self.env["housing.rent.line"].search(
            [
                ("occupancy_id", "in", agreements.ids),
                ("period_start", ">=", self.date_start),
                ("period_start", "<=", self.date_end),
            ]
        )
        self._check_dues(agreements, dues)
        by_agreement = defaultdict(lambda: self.env["housing.rent.line"])
        for due in dues:
            if due.payment_state != "credited":
                by_agreement[due.occupancy_id] |= due
        lines_vals = []
        for agreement in agreements:
            first = max(agreement.date_start, self.date_start)
            last = min(agreement.exit_date or self.date_end, self.date_end)
            provisions = defaultdict(float)
            for due in by_agreement[agreement]:
                provisions[(due.payer_kind, due.partner_id.id)] += due.charges_amount
            if not provisions:
                provisions[("occupant", agreement.partner_id.id)] = 0.0
            ordered = sorted(provisions.items(), key=lambda item: (PAYER_ORDER.get(item[0][0], 9), item[0][1]))
            lines_vals.append(
                {
                    "settlement_id": self.id,
                    "occupancy_id": agreement.id,
                    "date_from": first,
                    "date_to": last,
                    "parts": self._default_parts(agreement),
                    "share_ids": [
                        Command.create(
                            {
                                "sequence": index,
                                "payer_kind": kind,
                                "partner_id": partner_id,
                                "provisions": self.currency_id.round(amount),
                            }
                        )
                        for index, ((kind, partner_id), amount) in enumerate(ordered)
                    ],
                }
            )
        self.line_ids.unlink()
        self.env["housing.charges.settlement.line"].with_context(**BATCH_CONTEXT).create(lines_vals)
        self._check_distribution()

    def _default_parts(self, agreement):
        """Charges parts of an agreement: the beds it takes (the whole unit for an agreement without room)."""
        if not agreement.room_id:
            return self.total_parts
        return max(min(agreement.person_count or 1, agreement.room_id.capacity or 1), 1)

    def _check_dues(self, agreements, dues):
        """Every month an agreement covered is billed: the provisions must all be known."""
        to_bill = dues.filtered(lambda due: due.state == "to_bill")
        if to_bill:
            raise UserError(
                self.env._(
                    "Some months of %(period)s are not billed yet (%(dues)s): bill them (Billing > Rent billings) "
                    "before settling the charges.",
                    period=self._period_label(),
                    dues=", ".join(to_bill[:5].mapped("display_name")),
                )
            )
        billed_months = {(due.occupancy_id.id, due.period_start) for due in dues}
        missing = []
        for agreement in agreements.filtered("charges"):
            first = max(agreement.date_start, self.date_start)
            last = min(agreement.exit_date or self.date_end, self.date_end)
            for month in hm.iter_months(first, last):
                if (agreement.id, month) not in billed_months:
                    missing.append(f"{agreement.name} {format_date(self.env, month, date_format='MMMM y')}")
        if missing:
            raise UserError(
                self.env._(
                    "These months were never billed: %(months)s. Bill them (Billing > Rent billings) before "
                    "settling the charges, so that their provisions are counted.",
                    months=", ".join(missing[:6]) + ("…" if len(missing) > 6 else ""),
                )
            )

    def _check_distribution(self):
        """The lines never bear more than the whole unit (in parts × days)."""
        self.ensure_one()
        try:
            self._settle()
        except ValueError:
            raise ValidationError(
                self.env._(
                    "The agreements of %(name)s take more charges parts than the unit has (%(parts)s over "
                    "%(days)s days): lower their parts or raise the unit's.",
                    name=self.name,
                    parts=self.total_parts,
                    days=self.period_days,
                )
            ) from None

    def _settle(self):
        """The settlement's figures (see ``tools.settlement_math.settle``); raises ValueError on impossible parts."""
        self.ensure_one()
        lines = self.line_ids
        return sm.settle(
            self.actual_charges,
            self.total_parts,
            self.period_days,
            [
                {
                    "key": line.id,
                    "parts": line.parts,
                    "days": line.days,
                    "provisions": {share.id: share.provisions for share in line.share_ids.sorted("sequence")},
                }
                for line in lines
            ],
        )

    def _issue_moves(self):
        """One posted invoice (balance due) or credit note (overpaid) per payer; the association is not billed."""
        self.ensure_one()
        accounting = self.company_id._housing_accounting()
        journal = accounting["housing_sale_journal_id"]
        if not journal:
            raise UserError(
                self.env._(
                    "Set the rent journal of %(company)s (Housing > Configuration > Settings) before confirming.",
                    company=self.company_id.name,
                )
            )
        by_partner = defaultdict(lambda: self.env["housing.charges.settlement.share"])
        for share in self.share_ids.filtered(lambda s: s.payer_kind != "association" and s.amount):
            by_partner[share.partner_id] |= share
        today = fields.Date.context_today(self)
        due_date = today + timedelta(days=max(self.company_id.housing_settlement_due_days, 0))
        moves_vals, move_shares = [], []
        for partner, shares in by_partner.items():
            total = sum(shares.mapped("amount"))
            if self.currency_id.is_zero(total):
                continue
            sign = 1 if total > 0 else -1
            moves_vals.append(
                {
                    "move_type": "out_invoice" if sign > 0 else "out_refund",
                    "partner_id": partner.id,
                    "company_id": self.company_id.id,
                    "journal_id": journal.id,
                    "currency_id": self.currency_id.id,
                    "invoice_date": today,
                    "invoice_date_due": due_date,
                    "ref": self.name,
                    "invoice_origin": self.name,
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "name": share._move_line_label(),
                                "account_id": share._income_account(accounting).id,
                                "quantity": 1,
                                "price_unit": sign * share.amount,
                                "tax_ids": [Command.clear()],
                                "analytic_distribution": share._analytic_distribution(),
                            }
                        )
                        for share in shares.sorted(lambda s: (s.line_id.date_from, s.line_id.id))
                    ],
                }
            )
            move_shares.append(shares)
        moves = self.env["account.move"].with_context(**BATCH_CONTEXT).create(moves_vals)
        moves.action_post()
        for move, shares in zip(moves, move_shares, strict=True):
            shares.write({"move_id": move.id})
        self.write({"state": "confirmed", "date_confirmed": today, "move_ids": [Command.set(moves.ids)]})
        invoices = moves.filtered(lambda move: move.move_type == "out_invoice")
        self.message_post(
            body=self.env._(
                "Confirmed: %(invoices)s invoices (%(invoiced)s) and %(credits)s credit notes (%(credited)s); the "
                "association bears %(association)s and the vacancy %(vacancy)s.",
                invoices=len(invoices),
                invoiced=self._format_amount(sum(invoices.mapped("amount_total"))),
                credits=len(moves - invoices),
                credited=self._format_amount(sum((moves - invoices).mapped("amount_total"))),
                association=self._format_amount(self.amount_association),
                vacancy=self._format_amount(self.amount_vacancy),
            )
        )

    def _format_amount(self, amount):
        return formatLang(self.env, amount, currency_obj=self.currency_id)
