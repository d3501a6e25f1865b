import logging
from collections import defaultdict
from datetime import timedelta
from decimal import Decimal

from psycopg2 import errors as pg_errors

from odoo import SUPERUSER_ID, Command, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import format_date, formatLang, split_every

from ..tools import arrears_math as am
from ..tools import housing_math as hm

_logger = logging.getLogger(__name__)

SITUATIONS = [
    ("up_to_date", "Up to date"),
    ("late", "Late payments"),
    ("arrears", "In arrears"),
]

FSL_DECISIONS = [
    ("pending", "Pending"),
    ("granted", "Granted"),
    ("refused", "Refused"),
]

#: figures written by the refresh, in the order of ``_figures``
FIGURE_FIELDS = (
    "occupancy_id",
    "programme_id",
    "unit_id",
    "has_allowance",
    "monthly_share",
    "amount_overdue",
    "amount_0_30",
    "amount_31_60",
    "amount_61_90",
    "amount_over_90",
    "amount_not_due",
    "amount_credit",
    "months_owed",
    "oldest_due_date",
    "in_arrears",
    "situation",
)


class HousingArrears(models.Model):
    """What a household owes the association, aged, and what was done about it.

    One record per household (the signatory of its agreements) and company. The figures come from the
    occupants' dues (``housing.rent.line``) and the money received, for many households at once (a few
    grouped queries, never one per household): they are refreshed for the households whose dues or payments
    change, when the change is committed (``_touch``), by the ``Update`` button and every night (the ageing
    moves on with the days). Opening the screen only reads. What the staff record (CAF report, FSL request,
    CCAPEX) is kept.
    """

    _name = "housing.arrears"
    _description = "Household arrears"
    _inherit = ["mail.thread", "mail.activity.mixin", "housing.alert.mixin"]
    _order = "in_arrears desc, date_in_arrears, oldest_due_date, id"
    _rec_name = "partner_id"
    _check_company_auto = True

    partner_id = fields.Many2one(
        "res.partner", string="Household", required=True, readonly=True, index=True, ondelete="restrict"
    )
    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, index=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    occupancy_id = fields.Many2one(
        "housing.occupancy", string="Agreement", readonly=True, help="The household's current agreement, else its last."
    )
    programme_id = fields.Many2one("housing.programme", readonly=True, index=True)
    unit_id = fields.Many2one("housing.unit", string="Housing", readonly=True)
    user_id = fields.Many2one(
        "res.users",
        string="Accountant",
        tracking=True,
        domain="[('share', '=', False)]",
        default=lambda self: self.env.company.housing_collections_user_id,
        help="Gets the activities of this household's collections.",
    )
    # the flag the back office sees on the household's contact (res.partner.housing_in_arrears)
    situation = fields.Selection(SITUATIONS, default="up_to_date", required=True, readonly=True, index=True)
    in_arrears = fields.Boolean(
        string="In arrears",
        readonly=True,
        index=True,
        help="The household owes at least the company's threshold of months of net share (2 by default).",
    )
    plan_running = fields.Boolean(
        string="Repayment plan running", compute="_compute_plan_running", store=True, index=True
    )
    # the figures (accountants and managers only read this model: chatter included)
    has_allowance = fields.Boolean(
        string="Housing allowance (CAF)",
        readonly=True,
        help="The CAF pays part of the rent to the association (tiers payant): arrears are reported to it.",
    )
    monthly_share = fields.Monetary(
        string="Monthly net share",
        readonly=True,
        help="What the household pays each month now (its last agreement's when it has left).",
    )
    amount_overdue = fields.Monetary(string="Arrears", readonly=True, help="Dues unpaid after their due date.")
    amount_0_30 = fields.Monetary(string="0-30 days", readonly=True)
    amount_31_60 = fields.Monetary(string="31-60 days", readonly=True)
    amount_61_90 = fields.Monetary(string="61-90 days", readonly=True)
    amount_over_90 = fields.Monetary(string="Over 90 days", readonly=True)
    amount_not_due = fields.Monetary(string="Not yet due", readonly=True)
    amount_credit = fields.Monetary(
        string="Credit",
        readonly=True,
        help="Money received or credit notes not used by any due: owed back to the household or kept for its "
        "next rents.",
    )
    months_owed = fields.Float(
        string="Months owed",
        digits=(16, 2),
        readonly=True,
        aggregator="max",
        help="Arrears divided by the monthly net share.",
    )
    oldest_due_date = fields.Date(string="Oldest unpaid due", readonly=True)
    date_in_arrears = fields.Date(
        string="In arrears since",
        readonly=True,
        help="The day after the due that brought the debt to the threshold of months of net share.",
    )
    date_refreshed = fields.Date(string="Figures of", readonly=True)
    rent_line_ids = fields.Many2many(
        "housing.rent.line",
        compute="_compute_rent_line_ids",
        string="Unpaid dues",
    )
    # what the association did: CAF report, FSL, CCAPEX
    caf_report_deadline = fields.Date(
        string="Report to the CAF by",
        compute="_compute_caf_report",
        store=True,
        help="The association reports arrears to the CAF paying the housing allowance within 2 months (setting).",
    )
    caf_reported_date = fields.Date(string="Reported to the CAF on", tracking=True)
    caf_report_needed = fields.Boolean(string="CAF report to send", compute="_compute_caf_report", store=True)
    fsl_request_date = fields.Date(
        string="FSL requested on",
        tracking=True,
        help="Request to the département's housing-solidarity fund (FSL).",
    )
    fsl_decision = fields.Selection(FSL_DECISIONS, string="FSL decision", tracking=True)
    fsl_amount = fields.Monetary(string="FSL aid", tracking=True)
    ccapex_date = fields.Date(
        string="CCAPEX informed on",
        tracking=True,
        help="The departmental committee for the prevention of evictions (CCAPEX) was informed on this day.",
    )
    note = fields.Html(string="Notes")
    plan_ids = fields.One2many("housing.repayment.plan", "arrears_id", string="Repayment plans")
    plan_count = fields.Integer(compute="_compute_plan_count", string="Plans")

    _partner_company_uniq = models.Constraint(
        "UNIQUE(partner_id, company_id)", "A household has one arrears file per company."
    )

    _housing_alert_types = {"caf_report": "solidarity_housing.mail_activity_type_arrears_caf_report"}

    # ------------------------------------------------------------------ computes
    @api.depends("plan_ids.state")
    def _compute_plan_running(self):
        for arrears in self:
            arrears.plan_running = "running" in arrears.plan_ids.mapped("state")

    def _compute_plan_count(self):
        counts = dict(
            self.env["housing.repayment.plan"]._read_group(
                [("arrears_id", "in", self.ids)], ["arrears_id"], ["__count"]
            )
        )
        for arrears in self:
            arrears.plan_count = counts.get(arrears, 0)

    @api.depends(
        "date_in_arrears",
        "caf_reported_date",
        "has_allowance",
        "in_arrears",
        "company_id.housing_arrears_caf_report_months",
    )
    def _compute_caf_report(self):
        for arrears in self:
            since = arrears.date_in_arrears
            if not (since and arrears.in_arrears and arrears.has_allowance):
                arrears.caf_report_deadline = False
                arrears.caf_report_needed = False
                continue
            arrears.caf_report_deadline = hm.add_months(since, arrears.company_id.housing_arrears_caf_report_months)
            arrears.caf_report_needed = not (arrears.caf_reported_date and arrears.caf_reported_date >= since)

    def _compute_rent_line_ids(self):
        lines = self.env["housing.rent.line"].search(
            [
                ("occupant_id", "in", self.partner_id.ids),
                ("company_id", "in", self.company_id.ids),
                ("payer_kind", "=", "occupant"),
                ("state", "=", "billed"),
                ("amount_residual", "!=", 0),
            ],
            order="date_due, id",
        )
        by_household = defaultdict(lambda: self.env["housing.rent.line"])
        for line in lines:
            by_household[(line.occupant_id, line.company_id)] |= line
        for arrears in self:
            arrears.rent_line_ids = by_household[(arrears.partner_id, arrears.company_id)]

    @api.constrains("fsl_amount")
    def _check_fsl_amount(self):
        for arrears in self:
            if arrears.currency_id.compare_amounts(arrears.fsl_amount, 0) < 0:
                raise ValidationError(
                    self.env._(
                        "The FSL aid granted to %(household)s cannot be negative (%(amount)s): enter the amount the "
                        "fund grants, 0 if it refused.",
                        household=arrears.partner_id.name,
                        amount=arrears.fsl_amount,
                    )
                )

    # ------------------------------------------------------------------ CRUD
    def write(self, vals):
        result = super().write(vals)
        if vals.get("caf_reported_date"):
            # reported: the reminder is done
            self.filtered(lambda arrears: not arrears.caf_report_needed)._housing_alert_close(
                ["caf_report"], self.env._("Reported to the CAF.")
            )
        return result

    # ------------------------------------------------------------------ actions
    @api.model
    def action_open_arrears(self):
        """The arrears screen. It only reads: the figures are kept current when dues and payments change
        (``_touch``) and by the nightly job, never recomputed when a screen opens."""
        self.check_access("read")
        return self.env["ir.actions.act_window"]._for_xml_id("solidarity_housing.housing_arrears_action")

    def action_refresh(self):
        """Update the figures of the selected households now; of every household of the user's companies
        (the companies of a large selection) in the background, by the arrears update job."""
        if not (
            self.env.user.has_group("account.group_account_invoice")
            or self.env.user.has_group("solidarity_housing.group_housing_manager")
        ):
            raise UserError(self.env._("Only accountants and managers update the arrears."))
        if self and len(self) <= self._sync_refresh_limit():
            for company, files in self.grouped("company_id").items():
                self.sudo()._refresh(companies=company, partners=files.partner_id)
            return {"type": "ir.actions.client", "tag": "soft_reload"}
        # the companies the user works in (those of the selection), never the whole database
        companies = (self.company_id if self else self.env.companies) & self.env.user.company_ids
        companies.sudo().housing_arrears_refresh_asked = True
        self.env.ref("solidarity_housing.ir_cron_housing_arrears_refresh").sudo()._trigger()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "info",
                "title": self.env._("Arrears being updated"),
                "message": self.env._(
                    "The figures of every household of %(companies)s are being brought up to date in the background: "
                    "reload the screen in a few minutes.",
                    companies=", ".join(companies.mapped("name")),
                ),
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    @api.model
    def _sync_refresh_limit(self):
        return int(self.env["ir.config_parameter"].sudo().get_param("solidarity_housing.arrears_sync_limit", 200))

    @api.model
    def _touch(self, pairs):
        """Households whose dues or payments changed (``{(company id, partner id)}``): their figures are brought
        up to date when the transaction commits, in one refresh per company, whatever the number of changes."""
        pairs = {(company_id, partner_id) for company_id, partner_id in pairs if company_id and partner_id}
        if not pairs:
            return
        cr = self.env.cr
        touched = cr.precommit.data.get("housing.arrears.touched")
        if touched is None:
            touched = cr.precommit.data["housing.arrears.touched"] = set()
            env = api.Environment(cr, SUPERUSER_ID, {"lang": self.env.lang} if self.env.lang else {})
            cr.precommit.add(lambda: env["housing.arrears"]._refresh_touched(cr.precommit.data))
        touched.update(pairs)

    @api.model
    def _refresh_pending(self):
        """Apply now what this transaction changed (``_touch``) instead of at its commit: for a reader of the
        figures in the same transaction (the follow-up's alert job)."""
        data = self.env.cr.precommit.data
        if data.get("housing.arrears.touched"):
            self.sudo()._refresh_touched(data)

    @api.model
    def _refresh_touched(self, data):
        pairs = data.pop("housing.arrears.touched", set())
        by_company = defaultdict(set)
        for company_id, partner_id in pairs:
            by_company[company_id].add(partner_id)
        for company_id, partner_ids in by_company.items():
            company = self.env["res.company"].browse(company_id)
            self._refresh(companies=company, partners=self.env["res.partner"].browse(partner_ids))

    def action_new_plan(self):
        """A draft repayment plan of the household's arrears."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Repayment plan"),
            "res_model": "housing.repayment.plan",
            "view_mode": "form",
            "context": {
                "default_partner_id": self.partner_id.id,
                "default_company_id": self.company_id.id,
                "default_occupancy_id": self.occupancy_id.id,
            },
        }

    def action_view_plans(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("solidarity_housing.housing_repayment_plan_action")
        action["domain"] = [("arrears_id", "=", self.id)]
        action["context"] = {
            "default_partner_id": self.partner_id.id,
            "default_company_id": self.company_id.id,
            "default_occupancy_id": self.occupancy_id.id,
        }
        return action

    # ------------------------------------------------------------------ figures
    @api.model
    def _households(self, company, partners=None):
        """Ids of the households to refresh in ``company``: those with unpaid dues or a file still open."""
        domain = [
            ("company_id", "=", company.id),
            ("payer_kind", "=", "occupant"),
            ("state", "=", "billed"),
            ("amount_residual", "!=", 0),
        ]
        file_domain = [("company_id", "=", company.id), ("situation", "!=", "up_to_date")]
        if partners is not None:
            domain.append(("occupant_id", "in", partners.ids))
            file_domain.append(("partner_id", "in", partners.ids))
        ids = {partner.id for [partner] in self.env["housing.rent.line"]._read_group(domain, ["occupant_id"])}
        ids.update(self.search(file_domain).partner_id.ids)
        return sorted(ids)

    @api.model
    def _figures(self, company, partner_ids, today):
        """What each household of ``partner_ids`` owes in ``company`` on ``today``: ``{partner id: values}``.

        Four grouped queries for the whole batch: unpaid dues by due date, money not matched, agreements
        (with their shares), nothing per household.
        """
        RentLine = self.env["housing.rent.line"]
        dues = defaultdict(list)
        for partner, day, residual in RentLine._read_group(
            [
                ("company_id", "=", company.id),
                ("occupant_id", "in", partner_ids),
                ("payer_kind", "=", "occupant"),
                ("state", "=", "billed"),
                ("amount_residual", "!=", 0),
            ],
            ["occupant_id", "date_due:day"],
            ["amount_residual:sum"],
        ):
            dues[partner.id].append((day or today, residual))
        credits = {
            partner.id: -residual
            for partner, residual in self.env["account.move.line"]._read_group(
                [
                    ("company_id", "=", company.id),
                    ("partner_id", "in", partner_ids),
                    ("account_type", "=", "asset_receivable"),
                    ("parent_state", "=", "posted"),
                    ("reconciled", "=", False),
                    ("amount_residual", "<", 0),
                    ("move_id.move_type", "=", "entry"),
                ],
                ["partner_id"],
                ["amount_residual:sum"],
            )
        }
        agreements = self._agreements(company, partner_ids, today)
        threshold = company.housing_arrears_alert_months
        result = {}
        for partner_id in partner_ids:
            aged = am.age_dues(dues.get(partner_id, []), credits.get(partner_id, 0), today)
            occupancy, share, allowance = agreements.get(partner_id, (self.env["housing.occupancy"], Decimal(0), False))
            months = am.months_of_share(aged["overdue"], share)
            in_arrears = bool(aged["overdue"] > 0 and months and months >= Decimal(str(threshold)))
            overdue_dues = [(day, amount) for day, amount in aged["unpaid"] if day < today]
            result[partner_id] = {
                "occupancy_id": occupancy.id,
                "programme_id": occupancy.programme_id.id,
                "unit_id": occupancy.unit_id.id,
                "has_allowance": allowance,
                "monthly_share": float(share),
                "amount_overdue": float(aged["overdue"]),
                "amount_0_30": float(aged["0_30"]),
                "amount_31_60": float(aged["31_60"]),
                "amount_61_90": float(aged["61_90"]),
                "amount_over_90": float(aged["over_90"]),
                "amount_not_due": float(aged["not_due"]),
                "amount_credit": float(aged["credit"]),
                "months_owed": float(months),
                "oldest_due_date": aged["oldest_due"],
                "in_arrears": in_arrears,
                "situation": "arrears" if in_arrears else ("late" if aged["overdue"] > 0 else "up_to_date"),
                "_since": am.arrears_since(overdue_dues, share, threshold) if in_arrears else None,
            }
        return result

    @api.model
    def _agreements(self, company, partner_ids, today):
        """``{partner id: (agreement, monthly net share, housing allowance)}``: the agreement the household lives
        under today (else its last one) and what it pays on a full month of it."""
        occupancies = self.env["housing.occupancy"].search(
            [
                ("company_id", "=", company.id),
                ("partner_id", "in", partner_ids),
                ("state", "in", ("active", "notice", "ended")),
            ],
            order="date_start desc, id desc",
        )
        occupancies.share_ids.mapped("payer_kind")  # the shares of every agreement in one query
        result = {}
        for partner, agreements in occupancies.grouped("partner_id").items():
            live = agreements.filtered(lambda occ: occ.state in ("active", "notice") and occ._covers(today))
            counted = live or agreements[:1]
            share, allowance = Decimal(0), False
            for occupancy in counted:
                day = today if occupancy in live else min(occupancy._last_day() or today, today)
                try:
                    amounts = occupancy.share_ids._amounts_at(day, occupancy.amount_total)
                except ValueError:
                    amounts = {}
                share += sum((amount for s, amount in amounts.items() if s.payer_kind == "occupant"), Decimal(0))
                allowance = allowance or any(s.payer_kind == "housing_allowance" for s in amounts)
            result[partner.id] = (counted[:1], max(share, Decimal(0)), allowance)
        return result

    @api.model
    def _refresh(self, companies=None, partners=None, today=None):
        """Bring the arrears files of ``companies`` (default: all) up to date, ``partners`` only when given.

        Households are worked in chunks; each chunk costs a handful of queries whatever its size. Returns the
        files refreshed.
        """
        today = today or fields.Date.context_today(self)
        companies = companies if companies is not None else self.env["res.company"].search([("active", "=", True)])
        size = int(self.env["ir.config_parameter"].sudo().get_param("solidarity_housing.arrears_batch_size", 1000))
        refreshed = self.browse()
        for company in companies:
            for partner_ids in split_every(size, self._households(company, partners)):
                refreshed |= self._refresh_batch(company, list(partner_ids), today)
        return refreshed

    def _refresh_batch(self, company, partner_ids, today):
        figures = self._figures(company, partner_ids, today)
        existing = {
            arrears.partner_id.id: arrears
            for arrears in self.search([("company_id", "=", company.id), ("partner_id", "in", partner_ids)])
        }
        to_create, entered, left = [], self.browse(), self.browse()
        for partner_id, values in figures.items():
            since = values.pop("_since")
            arrears = existing.get(partner_id)
            if not arrears:
                if values["situation"] != "up_to_date":
                    to_create.append(
                        dict(
                            values,
                            partner_id=partner_id,
                            company_id=company.id,
                            user_id=company.housing_collections_user_id.id,
                            date_in_arrears=since or today if values["in_arrears"] else False,
                            date_refreshed=today,
                        )
                    )
                continue
            if values["in_arrears"]:
                # from the facts (dues and what was paid), never from when the figures were refreshed: an
                # incremental refresh gives what a full one gives
                values["date_in_arrears"] = since or arrears.date_in_arrears or today
            else:
                values["date_in_arrears"] = False
            values["date_refreshed"] = today
            if values["in_arrears"] and not arrears.in_arrears:
                entered |= arrears
            elif arrears.in_arrears and not values["in_arrears"]:
                left |= arrears
            changed = {
                name: value
                for name, value in values.items()
                if arrears._fields[name].convert_to_write(arrears[name], arrears) != value
            }
            if changed:
                arrears.write(changed)
        created = self.browse()
        if to_create:
            try:
                with self.env.cr.savepoint():
                    created = self.with_context(mail_create_nolog=True).create(to_create)
            except pg_errors.UniqueViolation:
                # refreshed at the same time by someone else: their figures are the same
                _logger.info("arrears of %s refreshed concurrently", company.name)
        entered |= created.filtered("in_arrears")
        files = created | self.browse([arrears.id for arrears in existing.values()])
        entered._post_arrears_message(entered=True)
        left._post_arrears_message(entered=False)
        files._sync_caf_activities()
        return files

    def _post_arrears_message(self, entered):
        """One note on each household's file that entered (or left) arrears, logged in one batch."""
        if not self:
            return
        bodies = {}
        for arrears in self:
            if entered:
                bodies[arrears.id] = self.env._(
                    "In arrears since %(date)s: %(amount)s overdue, %(months)s months of net share.",
                    date=format_date(self.env, arrears.date_in_arrears),
                    amount=arrears._format_amount(arrears.amount_overdue),
                    months=arrears.months_owed,
                )
            else:
                bodies[arrears.id] = self.env._(
                    "No longer in arrears: %(amount)s overdue.", amount=arrears._format_amount(arrears.amount_overdue)
                )
        self._message_log_batch(bodies=bodies, message_type="notification")

    def _format_amount(self, amount):
        self.ensure_one()
        return formatLang(self.env, amount, currency_obj=self.currency_id)

    # ------------------------------------------------------------------ activities
    def _activity_user(self):
        self.ensure_one()
        return self.company_id._housing_collections_user(self.user_id or self.occupancy_id.user_id)

    def _sync_caf_activities(self):
        """One reminder per household to report to the CAF, closed once reported or out of arrears."""
        wanted = {
            (arrears.id, "caf_report"): {
                "date_deadline": arrears.caf_report_deadline,
                "summary": self.env._(
                    "Report the arrears of %(household)s to the CAF by %(date)s",
                    household=arrears.partner_id.name,
                    date=format_date(self.env, arrears.caf_report_deadline),
                ),
                "user_id": arrears._activity_user().id,
            }
            for arrears in self.filtered("caf_report_needed")
        }
        self._housing_alert_sync(
            wanted,
            ["caf_report"],
            feedback=self.env._("No CAF report needed any more: the household is no longer in arrears."),
        )

    # ------------------------------------------------------------------ demo
    @api.model
    def _demo_collections_story(self):
        """Demo data: the last three months of the solidarity rooms billed and paid, except by Ahmad Karimi
        (three months unpaid: in arrears, now on a repayment plan) and Tesfay Gebremedhin (last month late).

        Runs once, when the demo data is installed, as the administrator; does nothing when the programme was
        billed already, and never blocks the installation (it only logs why it could not tell its story).
        """
        try:
            with self.env.cr.savepoint():
                self._demo_collections_story_run()
        except Exception:  # demo data is a bonus: a failure must not stop the installation
            _logger.warning("Demo collections story skipped", exc_info=True)

    def _demo_collections_story_run(self):
        programme = self.env.ref("solidarity_housing.programme_solidarity_rooms_demo", raise_if_not_found=False)
        late = self.env.ref("solidarity_housing.refugee_cs02_demo", raise_if_not_found=False)
        in_arrears = self.env.ref("solidarity_housing.refugee_cs01_demo", raise_if_not_found=False)
        if not (programme and late and in_arrears):
            return
        admin = self.env.ref("base.user_admin")
        company = programme.company_id
        env = self.env(user=admin, context=dict(self.env.context, allowed_company_ids=company.ids))
        if env["housing.rent.line"].search_count([("programme_id", "=", programme.id)], limit=1):
            return
        today = fields.Date.context_today(self)
        months = [hm.add_months(hm.month_start(today), -back) for back in (3, 2, 1)]
        for month in months:
            env["housing.billing.run"].create(
                {"period_start": month, "programme_ids": [Command.set(programme.ids)]}
            ).action_start()
        dues = env["housing.rent.line"].search(
            [("programme_id", "=", programme.id), ("payer_kind", "=", "occupant"), ("state", "=", "billed")]
        )
        for due in dues:
            if due.occupant_id == in_arrears or (due.occupant_id == late and due.period_start == months[-1]):
                continue
            env["account.payment.register"].with_context(
                active_model="account.move", active_ids=due.move_id.ids
            ).create({"payment_date": min(due.date_due + timedelta(days=2), today)})._create_payments()
        self._refresh(companies=company)
        plan = env["housing.repayment.plan"].create(
            {
                "partner_id": in_arrears.id,
                "instalment_count": 6,
                "note": self.env._("Agreed with Ahmad at the office: the instalment is paid with the rent."),
            }
        )
        plan.action_confirm()

    # ------------------------------------------------------------------ scheduled job
    @api.model
    def _cron_collections(self):
        """Daily: arrears figures and CAF reminders, repayment plans kept or broken, allowance paid back."""
        arrears = self.sudo()
        today = fields.Date.context_today(arrears)
        arrears._refresh_companies(arrears.env["res.company"].search([("active", "=", True)]), today)
        arrears.env["housing.repayment.plan"]._cron_check_plans(today)
        arrears.env["account.move"]._housing_close_refund_activities()

    @api.model
    def _cron_refresh_asked(self):
        """Triggered by *Update the figures* on the whole list: the figures of every household of the companies
        asked (``res.company.housing_arrears_refresh_asked``), and only theirs."""
        arrears = self.sudo()
        companies = arrears.env["res.company"].search([("housing_arrears_refresh_asked", "=", True)])
        arrears._refresh_companies(companies, fields.Date.context_today(arrears))

    @api.model
    def _refresh_companies(self, companies, today):
        """Every household of ``companies``, in batches; in a scheduled job each batch is committed, so that a
        stopped job resumes with the next. Clears the companies' request of an update."""
        in_cron = bool(self.env.context.get("cron_id"))
        size = int(self.env["ir.config_parameter"].sudo().get_param("solidarity_housing.arrears_batch_size", 1000))
        for company in companies:
            households = self._households(company)
            for index, partner_ids in enumerate(split_every(size, households), 1):
                self._refresh_batch(company, list(partner_ids), today)
                if in_cron:
                    self.env["ir.cron"]._commit_progress(
                        len(partner_ids), remaining=max(len(households) - index * size, 0)
                    )
            if company.housing_arrears_refresh_asked:
                company.housing_arrears_refresh_asked = False
