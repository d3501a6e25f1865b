from collections import defaultdict
from datetime import timedelta

from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import format_date, formatLang, split_every

from ..tools import arrears_math as am
from ..tools import housing_math as hm

PLAN_STATES = [
    ("draft", "Draft"),
    ("running", "Running"),
    ("done", "Kept"),
    ("broken", "Broken"),
    # "Called off", not "Cancelled": a plan (un plan) is "Annulé", a settlement (une régularisation) "Annulée"
    ("cancel", "Called off"),
]

#: what cannot change once the household has agreed to the plan
TERMS = ("partner_id", "company_id", "amount", "date_start", "first_due_date", "instalment_count", "line_ids")


class HousingRepaymentPlan(models.Model):
    """A repayment plan (plan d'apurement): the household repays its arrears in monthly instalments,
    on top of its rent, for at most 3 years.

    What counts towards the plan is the money the household pays from the plan's start beyond the
    rents due from that day: the current rent comes first, whatever invoices the accountant matches
    the payments with. That money fills the instalments in order; a daily job marks them kept or late
    and the plan kept or broken.
    """

    _name = "housing.repayment.plan"
    _description = "Repayment plan"
    _inherit = ["mail.thread", "mail.activity.mixin", "housing.alert.mixin"]
    _order = "date_start desc, id desc"
    _check_company_auto = True
    _housing_alert_types = {"plan_broken": "solidarity_housing.mail_activity_type_repayment_plan_broken"}

    name = fields.Char(
        string="Reference", required=True, readonly=True, copy=False, default=lambda self: self.env._("New")
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Household",
        required=True,
        index=True,
        tracking=True,
        check_company=True,
        domain="[('is_company', '=', False)]",
        help="The signatory of the household's agreement.",
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company, readonly=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    occupancy_id = fields.Many2one(
        "housing.occupancy",
        string="Agreement",
        compute="_compute_occupancy_id",
        store=True,
        readonly=False,
        precompute=True,
        check_company=True,
        domain="[('partner_id', '=', partner_id)]",
    )
    programme_id = fields.Many2one(related="occupancy_id.programme_id", store=True, index=True)
    arrears_id = fields.Many2one("housing.arrears", string="Arrears file", readonly=True, index=True, copy=False)
    user_id = fields.Many2one(
        "res.users",
        string="Accountant",
        tracking=True,
        domain="[('share', '=', False)]",
        default=lambda self: self.env.company.housing_collections_user_id or self.env.user,
        help="Gets an activity when the plan breaks.",
    )
    amount = fields.Monetary(
        string="Debt",
        compute="_compute_amount",
        store=True,
        readonly=False,
        precompute=True,
        tracking=True,
        help="What the plan repays; by default the household's arrears today.",
    )
    date_start = fields.Date(
        string="Start date",
        required=True,
        default=fields.Date.context_today,
        tracking=True,
        help="Money paid from this day counts towards the plan once the rents due from this day are paid.",
    )
    first_due_date = fields.Date(
        string="First instalment",
        compute="_compute_first_due_date",
        store=True,
        readonly=False,
        precompute=True,
        required=True,
        help="Due date of the first instalment; the next ones fall on the same day of each following month.",
    )
    instalment_count = fields.Integer(string="Instalments", default=12, required=True, tracking=True)
    instalment_amount = fields.Monetary(string="Monthly instalment", compute="_compute_instalment_amount")
    line_ids = fields.One2many(
        "housing.repayment.plan.line",
        "plan_id",
        string="Schedule",
        compute="_compute_line_ids",
        store=True,
        readonly=False,
        precompute=True,
        copy=False,
    )
    amount_paid = fields.Monetary(string="Repaid", readonly=True, copy=False, tracking=True)
    amount_left = fields.Monetary(string="Left to repay", compute="_compute_amount_left", store=True)
    late_count = fields.Integer(string="Late instalments", readonly=True, copy=False)
    state = fields.Selection(
        PLAN_STATES,
        string="Status",
        default="draft",
        required=True,
        readonly=True,
        tracking=True,
        index=True,
        copy=False,
    )
    date_confirmed = fields.Date(string="Agreed on", readonly=True, copy=False)
    date_closed = fields.Date(string="Kept or broken on", readonly=True, copy=False)
    note = fields.Html(string="Terms and notes")

    # ------------------------------------------------------------------ computes
    @api.depends("partner_id", "company_id")
    def _compute_occupancy_id(self):
        for plan in self:
            if plan.occupancy_id.partner_id == plan.partner_id:
                continue
            plan.occupancy_id = (
                self.env["housing.occupancy"].search(
                    [
                        ("partner_id", "=", plan.partner_id.id),
                        ("company_id", "=", plan.company_id.id),
                        ("state", "in", ("active", "notice", "ended")),
                    ],
                    order="date_start desc, id desc",
                    limit=1,
                )
                if plan.partner_id
                else False
            )

    @api.depends("partner_id", "company_id")
    def _compute_amount(self):
        today = fields.Date.context_today(self)
        for plan in self:
            if plan.state != "draft" or not plan.partner_id or not plan.company_id:
                continue
            figures = self.env["housing.arrears"].sudo()._figures(plan.company_id, [plan.partner_id.id], today)
            plan.amount = figures[plan.partner_id.id]["amount_overdue"]

    @api.depends("date_start", "company_id.housing_due_day")
    def _compute_first_due_date(self):
        for plan in self:
            if plan.state != "draft" or not plan.date_start:
                continue
            due_day = min(max(plan.company_id.housing_due_day or 1, 1), 28)
            plan.first_due_date = hm.add_months(hm.month_start(plan.date_start), 1).replace(day=due_day)

    @api.depends("amount", "instalment_count", "first_due_date")
    def _compute_line_ids(self):
        for plan in self:
            if plan.state != "draft":
                continue
            commands = [Command.clear()]
            try:
                amounts = am.instalments(plan.amount, plan.instalment_count)
            except ValueError:
                amounts = []  # the constraints say what is wrong
            if amounts and plan.first_due_date and plan.instalment_count <= plan._max_instalments():
                dates = am.instalment_dates(plan.first_due_date, len(amounts))
                commands += [
                    Command.create({"sequence": index, "date_due": day, "amount": float(amount)})
                    for index, (day, amount) in enumerate(zip(dates, amounts, strict=True), 1)
                ]
            plan.line_ids = commands

    @api.depends("line_ids.amount")
    def _compute_instalment_amount(self):
        for plan in self:
            plan.instalment_amount = plan.line_ids.sorted(lambda line: (line.date_due, line.sequence))[:1].amount

    @api.depends("amount", "amount_paid")
    def _compute_amount_left(self):
        for plan in self:
            plan.amount_left = plan.amount - plan.amount_paid

    @api.depends("name", "partner_id")
    def _compute_display_name(self):
        for plan in self:
            plan.display_name = f"{plan.name} — {plan.partner_id.name}" if plan.partner_id else plan.name

    # ------------------------------------------------------------------ checks
    def _max_instalments(self):
        self.ensure_one()
        return (self.company_id or self.env.company).housing_repayment_max_months

    @api.constrains("instalment_count", "amount", "date_start", "first_due_date")
    def _check_terms(self):
        for plan in self:
            limit = plan._max_instalments()
            if plan.instalment_count > limit:
                raise ValidationError(
                    self.env._(
                        "A repayment plan lasts at most %(limit)s monthly instalments (3 years); %(count)s were "
                        "asked for %(household)s. Spread the debt over %(limit)s instalments or fewer, or ask the "
                        "FSL to cover part of it.",
                        limit=limit,
                        count=plan.instalment_count,
                        household=plan.partner_id.name,
                    )
                )
            if plan.instalment_count < 1:
                raise ValidationError(
                    self.env._("A repayment plan needs at least one instalment: enter a number of months from 1.")
                )
            if plan.currency_id.compare_amounts(plan.amount, 0) <= 0:
                raise ValidationError(
                    self.env._(
                        "The debt of a repayment plan must be positive (%(household)s: %(amount)s). Choose a household "
                        "that owes rent, or enter the amount it agreed to repay.",
                        household=plan.partner_id.name,
                        amount=plan.amount,
                    )
                )
            if plan.currency_id.compare_amounts(plan.amount, 0.01 * plan.instalment_count) < 0:
                raise ValidationError(
                    self.env._(
                        "%(amount)s cannot be spread over %(count)s instalments: fewer instalments, please.",
                        amount=plan.amount,
                        count=plan.instalment_count,
                    )
                )
            if plan.first_due_date and plan.date_start and plan.first_due_date < plan.date_start:
                raise ValidationError(
                    self.env._(
                        "The first instalment (%(first)s) cannot fall before the plan starts (%(start)s): move it "
                        "later.",
                        first=format_date(self.env, plan.first_due_date),
                        start=plan.date_start,
                    )
                )

    @api.constrains("partner_id", "occupancy_id")
    def _check_household(self):
        for plan in self:
            if plan.partner_id.is_company:
                raise ValidationError(
                    self.env._(
                        "%(name)s is an organisation: a repayment plan is agreed with a household, the signatory of "
                        "its agreement.",
                        name=plan.partner_id.name,
                    )
                )
            if plan.occupancy_id and plan.occupancy_id.partner_id != plan.partner_id:
                raise ValidationError(
                    self.env._(
                        "%(agreement)s is signed by %(signatory)s, not by %(household)s: choose an agreement of the "
                        "household that repays.",
                        agreement=plan.occupancy_id.name,
                        signatory=plan.occupancy_id.partner_id.name,
                        household=plan.partner_id.name,
                    )
                )

    # ------------------------------------------------------------------ CRUD
    @api.model_create_multi
    def create(self, vals_list):
        new_label = self.env._("New")
        for vals in vals_list:
            if vals.get("name", new_label) == new_label:
                vals["name"] = self.env["ir.sequence"].next_by_code("housing.repayment.plan") or new_label
        plans = super().create(vals_list)
        plans._link_arrears()
        return plans

    def write(self, vals):
        changed = set(vals) & set(TERMS)
        if changed:
            agreed = self.filtered(lambda plan: plan.state != "draft")
            if agreed:
                raise UserError(
                    self.env._(
                        "The terms of %(plans)s were agreed with the household (%(fields)s cannot change): cancel the "
                        "plan and make a new one.",
                        plans=", ".join(agreed.mapped("name")),
                        fields=", ".join(sorted(self._fields[name].string for name in changed)),
                    )
                )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_agreed(self):
        agreed = self.filtered(lambda plan: plan.state not in ("draft", "cancel"))
        if agreed:
            raise UserError(
                self.env._(
                    "%(plans)s was agreed with the household: cancel it instead of deleting it.",
                    plans=", ".join(agreed.mapped("name")),
                )
            )

    # ------------------------------------------------------------------ actions
    def action_confirm(self):
        """The household agreed: the plan runs, its instalments are followed every day."""
        self._check_can_manage()
        today = fields.Date.context_today(self)
        for plan in self:
            plan._check_confirm(today)
        self.write({"state": "running", "date_confirmed": today})
        self._link_arrears()
        for plan in self:
            plan.message_post(
                body=self.env._(
                    "Plan agreed: %(amount)s in %(count)s instalments from %(first)s (%(each)s a month).",
                    amount=formatLang(self.env, plan.amount, currency_obj=plan.currency_id),
                    count=len(plan.line_ids),
                    first=format_date(self.env, plan.first_due_date),
                    each=formatLang(self.env, plan.instalment_amount, currency_obj=plan.currency_id),
                ),
                subtype_xmlid="mail.mt_note",
            )
        self._update_payments(today)
        return True

    def action_cancel(self):
        self._check_can_manage()
        done = self.filtered(lambda plan: plan.state == "done")
        if done:
            raise UserError(
                self.env._("%(plans)s has been kept: there is nothing to cancel.", plans=", ".join(done.mapped("name")))
            )
        self.write({"state": "cancel"})
        self._close_broken_activities(self.env._("Plan cancelled."))
        return True

    def action_draft(self):
        self._check_can_manage()
        for plan in self:
            if plan.state != "cancel":
                raise UserError(self.env._("Only a cancelled plan can go back to draft (%(plan)s).", plan=plan.name))
        self.write({"state": "draft", "amount_paid": 0.0, "late_count": 0, "date_closed": False})
        self.line_ids.write({"amount_paid": 0.0, "state": "pending"})
        return True

    def action_update_payments(self):
        """Take the latest payments into account now (the daily job does it every night)."""
        self._check_can_manage()
        self.filtered(lambda plan: plan.state == "running")._update_payments(fields.Date.context_today(self))
        return True

    def action_recompute_lines(self):
        for plan in self:
            if plan.state != "draft":
                raise UserError(
                    self.env._("Only the schedule of a draft plan can be recomputed (%(plan)s).", plan=plan.name)
                )
        self._compute_line_ids()
        return True

    def _check_can_manage(self):
        if not self.env.su and not self.env.user.has_group("account.group_account_invoice"):
            raise UserError(self.env._("Only accountants (Invoicing rights) manage repayment plans."))

    def _check_confirm(self, today):
        self.ensure_one()
        if self.state != "draft":
            raise UserError(self.env._("Only a draft plan can be agreed (%(plan)s).", plan=self.name))
        lines = self.line_ids
        if not lines:
            raise UserError(
                self.env._("%(plan)s has no instalments: click 'Recompute the instalments'.", plan=self.name)
            )
        if len(lines) > self._max_instalments():
            raise UserError(
                self.env._(
                    "%(plan)s has %(count)s instalments; a repayment plan lasts at most %(limit)s: remove some.",
                    plan=self.name,
                    count=len(lines),
                    limit=self._max_instalments(),
                )
            )
        total = sum(lines.mapped("amount"))
        if self.currency_id.compare_amounts(total, self.amount):
            raise UserError(
                self.env._(
                    "The instalments of %(plan)s add up to %(total)s, not to the debt of %(amount)s: correct them or "
                    "click 'Recompute the instalments'.",
                    plan=self.name,
                    total=formatLang(self.env, total, currency_obj=self.currency_id),
                    amount=formatLang(self.env, self.amount, currency_obj=self.currency_id),
                )
            )
        wrong = lines.filtered(lambda line: line.amount <= 0 or line.date_due < self.date_start)
        if wrong:
            raise UserError(
                self.env._(
                    "Each instalment of %(plan)s needs a positive amount and a due date from the plan's start "
                    "(%(start)s): check the instalment of %(date)s.",
                    plan=self.name,
                    start=self.date_start,
                    date=wrong[:1].date_due,
                )
            )
        running = self.search(
            [
                ("partner_id", "=", self.partner_id.id),
                ("company_id", "=", self.company_id.id),
                ("state", "=", "running"),
                ("id", "!=", self.id),
            ],
            limit=1,
        )
        if running:
            raise UserError(
                self.env._(
                    "%(household)s already has a running repayment plan (%(plan)s): cancel it before agreeing a new "
                    "one.",
                    household=self.partner_id.name,
                    plan=running.name,
                )
            )
        figures = self.env["housing.arrears"].sudo()._figures(self.company_id, [self.partner_id.id], today)
        owed = figures[self.partner_id.id]
        total_owed = owed["amount_overdue"] + owed["amount_not_due"]
        if self.currency_id.compare_amounts(self.amount, total_owed) > 0:
            raise UserError(
                self.env._(
                    "%(household)s owes %(owed)s in rent: a repayment plan of %(amount)s would repay more than that. "
                    "Lower the debt.",
                    household=self.partner_id.name,
                    owed=formatLang(self.env, total_owed, currency_obj=self.currency_id),
                    amount=formatLang(self.env, self.amount, currency_obj=self.currency_id),
                )
            )

    def action_view_arrears(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "housing.arrears",
            "res_id": self.arrears_id.id,
            "view_mode": "form",
        }

    # ------------------------------------------------------------------ business
    def _link_arrears(self):
        """Attach each plan to its household's arrears file (made when missing)."""
        Arrears = self.env["housing.arrears"].sudo()
        for (partner, company), plans in self.grouped(lambda plan: (plan.partner_id, plan.company_id)).items():
            arrears = Arrears.search([("partner_id", "=", partner.id), ("company_id", "=", company.id)], limit=1)
            if not arrears:
                Arrears._refresh(companies=company, partners=partner)
                arrears = Arrears.search([("partner_id", "=", partner.id), ("company_id", "=", company.id)], limit=1)
            if not arrears:
                arrears = Arrears.with_context(mail_create_nolog=True).create(
                    {"partner_id": partner.id, "company_id": company.id}
                )
            plans.filtered(lambda plan, file=arrears: plan.arrears_id != file).sudo().arrears_id = arrears

    def _paid_towards(self, today):
        """``{plan: amount}``: money each plan's household paid from the plan's start, beyond the rents due
        since then (three grouped queries for all the plans)."""
        if not self:
            return {}
        partners = self.partner_id.ids
        companies = self.company_id.ids
        since = min(self.mapped("date_start"))
        received = defaultdict(float)  # (company, partner, day) -> money received (positive)
        for company, partner, day, balance in self.env["account.move.line"]._read_group(
            [
                ("company_id", "in", companies),
                ("partner_id", "in", partners),
                ("account_type", "=", "asset_receivable"),
                ("parent_state", "=", "posted"),
                ("move_id.move_type", "=", "entry"),
                ("date", ">=", since),
                ("date", "<=", today),
            ],
            ["company_id", "partner_id", "date:day"],
            ["balance:sum"],
        ):
            received[(company.id, partner.id, day)] -= balance
        # payments registered without a journal entry yet (matched with the bank later)
        for company, partner, day, payment_type, amount in self.env["account.payment"]._read_group(
            [
                ("company_id", "in", companies),
                ("partner_id", "in", partners),
                ("partner_type", "=", "customer"),
                ("move_id", "=", False),
                ("state", "=", "in_process"),
                ("date", ">=", since),
                ("date", "<=", today),
            ],
            ["company_id", "partner_id", "date:day", "payment_type"],
            ["amount:sum"],
        ):
            received[(company.id, partner.id, day)] += amount if payment_type == "inbound" else -amount
        due = defaultdict(float)  # (company, partner, due date) -> rent due (credit notes negative)
        for company, partner, day, amount in self.env["housing.rent.line"]._read_group(
            [
                ("company_id", "in", companies),
                ("occupant_id", "in", partners),
                ("payer_kind", "=", "occupant"),
                ("state", "=", "billed"),
                ("date_due", ">=", since),
                ("period_start", "<=", today),
            ],
            ["company_id", "occupant_id", "date_due:day"],
            ["amount:sum"],
        ):
            due[(company.id, partner.id, day)] += amount
        result = {}
        for plan in self:
            key = (plan.company_id.id, plan.partner_id.id)
            paid = sum(amount for (c, p, day), amount in received.items() if (c, p) == key and day >= plan.date_start)
            rents = sum(amount for (c, p, day), amount in due.items() if (c, p) == key and day >= plan.date_start)
            result[plan] = plan.currency_id.round(min(max(paid - rents, 0.0), plan.amount))
        return result

    def _update_payments(self, today):
        """Fill the instalments in order with what was paid towards each plan; mark them kept or late and the
        plans kept or broken (with a message, and an activity for the accountant when a plan breaks)."""
        plans = self.filtered(lambda plan: plan.state == "running")
        if not plans:
            return
        paid_by_plan = plans._paid_towards(today)
        kept, broken = self.browse(), self.browse()
        for plan in plans:
            grace = timedelta(days=plan.company_id.housing_repayment_grace_days)
            lines = plan.line_ids.sorted(lambda line: (line.date_due, line.sequence, line.id))
            parts = am.allocate_in_order(paid_by_plan[plan], lines.mapped("amount"))
            late = 0
            for line, part in zip(lines, parts, strict=True):
                if plan.currency_id.compare_amounts(float(part), line.amount) >= 0:
                    state = "kept"
                elif line.date_due + grace < today:
                    state, late = "late", late + 1
                else:
                    state = "pending"
                if line.state != state or plan.currency_id.compare_amounts(line.amount_paid, float(part)):
                    line.write({"state": state, "amount_paid": float(part)})
            values = {"amount_paid": paid_by_plan[plan], "late_count": late}
            if plan.currency_id.compare_amounts(paid_by_plan[plan], plan.amount) >= 0:
                values.update(state="done", date_closed=today)
                kept |= plan
            elif late:
                values.update(state="broken", date_closed=today)
                broken |= plan
            plan.write(values)
        for plan in kept:
            plan.message_post(
                body=self.env._(
                    "Plan kept: %(amount)s repaid.",
                    amount=formatLang(self.env, plan.amount, currency_obj=plan.currency_id),
                ),
                subtype_xmlid="mail.mt_note",
            )
        broken._notify_broken(today)

    def _notify_broken(self, today):
        summaries = {}
        for plan in self:
            first_late = plan.line_ids.filtered(lambda line: line.state == "late").sorted("date_due")[:1]
            summaries[plan] = self.env._(
                "Repayment plan %(plan)s of %(household)s broken: instalment of %(date)s unpaid (%(left)s left)",
                plan=plan.name,
                household=plan.partner_id.name,
                date=format_date(self.env, first_late.date_due),
                left=formatLang(self.env, first_late.amount - first_late.amount_paid, currency_obj=plan.currency_id),
            )
            plan.message_post(body=summaries[plan], subtype_xmlid="mail.mt_note")
        self._housing_alert_raise(
            "plan_broken",
            summary=summaries.get,
            date_deadline=today,
            user_id=lambda plan: plan.company_id._housing_collections_user(plan.user_id).id,
        )

    def _close_broken_activities(self, feedback):
        self._housing_alert_close(["plan_broken"], feedback)

    @api.model
    def _cron_check_plans(self, today=None):
        """Daily, from the collections job: every running plan, in chunks."""
        today = today or fields.Date.context_today(self)
        plans = self.sudo().search([("state", "=", "running")], order="id")
        in_cron = bool(self.env.context.get("cron_id"))
        done = 0
        for ids in split_every(500, plans.ids):
            self.sudo().browse(ids)._update_payments(today)
            done += len(ids)
            if in_cron:
                self.env["ir.cron"]._commit_progress(len(ids), remaining=len(plans) - done)
