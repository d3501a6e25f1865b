from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import formatLang

from ..tools import housing_math as hm

LINE_KINDS = [
    ("regular", "Monthly payment"),
    ("rappel", "Back-payment (rappel)"),
    ("indu", "Overpayment recovered (indu)"),
]

MATCH_STATES = [
    ("matched", "Matched"),
    ("amount_differs", "Amount differs"),
    ("no_due", "No due"),
    ("unknown", "Unknown beneficiary"),
]

MATCH_METHODS = [
    ("caf_number", "CAF number"),
    ("name_amount", "Name and amount"),
    ("name", "Name"),
    ("manual", "By hand"),
]

DIFFERENCE_ACTIONS = [
    ("keep", "Left with the CAF"),
    ("allowance_changed", "The allowance changed: to the occupant's share"),
]

INDU_ACTIONS = [
    ("occupant_debt", "Owed by the occupant (invoice)"),
    ("contested", "Contested (kept aside)"),
]

#: what the matching and the validation write, never a user (even through RPC)
SYSTEM_FIELDS = frozenset(
    {
        "statement_id",
        "company_id",
        "occupancy_id",
        "match_method",
        "match_state",
        "match_note",
        "due_residual",
        "difference",
        "amount_settled",
        "amount_credited",
        "residual_after",
        "amount_unallocated",
        "occupant_amount",
        "occupant_move_id",
        "caf_move_id",
    }
)
#: what the accountant may correct while the statement is to validate (then the line is matched again)
DRAFT_FIELDS = frozenset(
    {
        "line_number",
        "caf_number",
        "beneficiary_name",
        "period_start",
        "amount",
        "kind",
        "partner_id",
        "rent_line_id",
        "difference_action",
        "indu_action",
    }
)
#: a change of these matches the line again
REMATCH_FIELDS = frozenset({"caf_number", "beneficiary_name", "period_start", "amount", "kind"})


class HousingCafStatementLine(models.Model):
    """One line of a CAF statement: a beneficiary's allowance of a month, a back-payment or a recovery.

    Matched to the occupant (by CAF number, else by name and amount) and to that occupant's allowance due
    of the month. What validating the statement did is kept on the line: what it paid of the due, what a
    credit note took off it, what was left with the CAF, the occupant's invoice or credit note.
    """

    _name = "housing.caf.statement.line"
    _description = "CAF statement line"
    _housing_gdpr_wipe_fields = ("beneficiary_name", "caf_number", "note")
    _order = "statement_id, line_number, id"
    _check_company_auto = True

    statement_id = fields.Many2one("housing.caf.statement", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="statement_id.company_id", store=True, index=True, precompute=True)
    currency_id = fields.Many2one(related="statement_id.currency_id")
    caf_partner_id = fields.Many2one(related="statement_id.caf_partner_id", string="CAF")
    statement_state = fields.Selection(related="statement_id.state", string="Statement status")
    line_number = fields.Integer(string="Line", readonly=True, help="Line of the file.")
    caf_number = fields.Char(string="CAF number", readonly=True)
    beneficiary_name = fields.Char(string="Beneficiary", readonly=True)
    period_start = fields.Date(string="Month", required=True, readonly=True)
    amount = fields.Monetary(readonly=True, help="Paid by the CAF; an overpayment recovered is negative.")
    kind = fields.Selection(LINE_KINDS, required=True, readonly=True, default="regular")
    partner_id = fields.Many2one(
        "res.partner",
        string="Occupant",
        index="btree_not_null",
        domain="[('is_company', '=', False)]",
        help="Found by CAF number, else by name and amount; choose it by hand when it is unknown.",
    )
    occupancy_id = fields.Many2one("housing.occupancy", string="Agreement", readonly=True, check_company=True)
    rent_line_id = fields.Many2one(
        "housing.rent.line",
        string="Allowance due",
        index="btree_not_null",
        check_company=True,
        domain="[('payer_kind', '=', 'housing_allowance'), ('partner_id', '=', caf_partner_id), "
        "('occupant_id', '=', partner_id), ('state', '=', 'billed')]",
    )
    match_method = fields.Selection(MATCH_METHODS, string="Matched by", readonly=True)
    match_state = fields.Selection(MATCH_STATES, string="Match", readonly=True, index=True, default="unknown")
    match_note = fields.Char(string="Why", readonly=True)
    due_amount = fields.Monetary(related="rent_line_id.amount", string="Amount due")
    due_residual = fields.Monetary(
        string="Due left to pay", readonly=True, help="What was left to pay of the due when the line was matched."
    )
    difference = fields.Monetary(
        compute="_compute_difference", store=True, help="Paid by the CAF minus what was left to pay of the due."
    )
    difference_action = fields.Selection(
        DIFFERENCE_ACTIONS,
        string="Treatment of the difference",
        default="keep",
        required=True,
        help="Left with the CAF: a shortfall stays due by the CAF, a surplus stays as the CAF's credit. The "
        "allowance changed: a credit note to the CAF and an invoice to the occupant for a shortfall, an invoice to "
        "the CAF and a credit note to the occupant for a surplus.",
    )
    indu_action = fields.Selection(INDU_ACTIONS, string="Recovery", default="occupant_debt", required=True)
    note = fields.Text(help="Why an overpayment is contested, what was agreed...")
    # what validating did
    amount_settled = fields.Monetary(string="Paid to the due", readonly=True)
    amount_credited = fields.Monetary(string="Credited to the due", readonly=True)
    residual_after = fields.Monetary(string="Left due by the CAF", readonly=True)
    amount_unallocated = fields.Monetary(string="Left as the CAF's credit", readonly=True)
    occupant_amount = fields.Monetary(
        string="To the occupant's share",
        readonly=True,
        help="Added to (or, below zero, taken off) what the occupant owes: the allowance revised, an overpayment.",
    )
    occupant_move_id = fields.Many2one("account.move", string="Occupant's invoice", readonly=True, copy=False)
    caf_move_id = fields.Many2one("account.move", string="CAF credit note or invoice", readonly=True, copy=False)
    outcome = fields.Char(compute="_compute_outcome")

    @api.depends("amount", "due_residual", "rent_line_id", "kind")
    def _compute_difference(self):
        for line in self:
            line.difference = line.amount - line.due_residual if line.rent_line_id and line.kind != "indu" else 0.0

    @api.depends(
        "match_state",
        "kind",
        "difference",
        "difference_action",
        "indu_action",
        "statement_state",
        "amount_settled",
        "residual_after",
        "amount_unallocated",
    )
    @api.depends_context("lang")
    def _compute_outcome(self):
        for line in self:
            line.outcome = line._outcome_text()

    def _outcome_text(self):
        """What validating the statement does (or did) with this line, in a few words."""
        self.ensure_one()
        fmt = self._format_amount
        if self.kind == "indu":
            if self._indu_kept_aside():
                return self.env._("Kept aside on the CAF's account: %(amount)s", amount=fmt(-self.amount))
            return self.env._("Invoiced to the occupant: %(amount)s", amount=fmt(-self.amount))
        if not self.rent_line_id:
            return self.env._("Left as the CAF's credit: %(amount)s", amount=fmt(self.amount))
        if self.currency_id.is_zero(self.difference):
            return self.env._("Pays the due")
        amount = fmt(abs(self.difference))
        changed = self.difference_action == "allowance_changed"
        texts = {
            (True, True): self.env._("Pays the due; %(amount)s moved to the occupant", amount=amount),
            (True, False): self.env._("%(amount)s left due by the CAF", amount=amount),
            (False, True): self.env._("Pays the due; %(amount)s credited to the occupant", amount=amount),
            (False, False): self.env._("Pays the due; %(amount)s left as the CAF's credit", amount=amount),
        }
        return texts[(self.difference < 0, changed)]

    def _indu_kept_aside(self):
        self.ensure_one()
        return self.kind == "indu" and (self.indu_action == "contested" or not self.partner_id)

    def _format_amount(self, amount):
        return formatLang(self.env, amount, currency_obj=self.currency_id)

    @api.depends("beneficiary_name", "period_start", "kind")
    def _compute_display_name(self):
        for line in self:
            month = line.period_start and hm.month_label(line.period_start, self.env.lang)
            line.display_name = f"{line.beneficiary_name or line.caf_number or ''} — {month or ''}"

    # ------------------------------------------------------------------ CRUD
    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            raise UserError(
                self.env._(
                    "The lines of a CAF statement come from the CAF's file: import the corrected file instead of "
                    "adding lines by hand."
                )
            )
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su:
            self._check_user_write(vals)
        result = super().write(vals)
        if not self.env.context.get("housing_caf_matching"):
            manual = {"partner_id", "rent_line_id"} & set(vals)
            if manual:
                # chosen by hand: the line is matched again with that occupant or that due
                self.filtered(lambda line: line.partner_id or line.rent_line_id).sudo().with_context(
                    housing_caf_matching=True
                ).write({"match_method": "manual"})
            if manual or REMATCH_FIELDS & set(vals):
                for statement, lines in self.grouped("statement_id").items():
                    statement._match(lines)
        return result

    def _check_user_write(self, vals):
        """Users choose the occupant, the due and the treatments of a statement to validate, and write notes; the
        matching and what validating did are the statement's own; a validated statement's lines keep their notes
        only open."""
        system = SYSTEM_FIELDS & set(vals)
        if system:
            labels = ", ".join(sorted(self._fields[name].get_description(self.env)["string"] for name in system))
            raise UserError(
                self.env._(
                    "Set by the matching and the validation of a CAF statement, not by hand: %(fields)s.",
                    fields=labels,
                )
            )
        done = self.filtered(lambda line: line.statement_id.state != "draft")
        if done and DRAFT_FIELDS & set(vals):
            raise UserError(
                self.env._(
                    "The statement %(statement)s is validated: its lines cannot change any more (only their notes).",
                    statement=done.statement_id[:1].name,
                )
            )
