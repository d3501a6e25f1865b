import logging
from collections import defaultdict

from psycopg2 import errors as pg_errors

from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, format_amount, split_every

from ..tools import housing_math as hm

_logger = logging.getLogger(__name__)

RUN_STATES = [
    ("draft", "Draft"),
    ("queued", "Queued"),
    ("running", "Running"),
    ("done", "Done"),
    ("partial", "Done with errors"),
]

#: context of batch work: no chatter, no tracking
BATCH_CONTEXT = {
    "tracking_disable": True,
    "mail_create_nolog": True,
    "mail_notrack": True,
    "mail_auto_subscribe_no_notify": True,
}


class HousingBillingRun(models.Model):
    """One monthly billing of a company (optionally of some programmes).

    Work is done in batches: first the schedule (``housing.rent.line``) of every agreement and
    head lease in scope, then one posted invoice per payer (and one bill per landlord). A batch
    is atomic: its invoices and the dues they bill are written together, so a crash or a
    second run at the same time never bills a due twice and a re-run bills what is left.
    """

    _name = "housing.billing.run"
    _description = "Monthly rent billing"
    _inherit = ["mail.thread", "housing.month.mixin"]
    _order = "period_start desc, id desc"
    _check_company_auto = True

    name = fields.Char(compute="_compute_name", store=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company, readonly=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    period_start = fields.Date(
        string="Month",
        required=True,
        default=lambda self: hm.month_start(fields.Date.context_today(self)),
        help="Any day of the month to bill.",
    )
    period_end = fields.Date(compute="_compute_period_end", store=True, string="End of the month")
    programme_ids = fields.Many2many(
        "housing.programme", string="Programmes", check_company=True, help="Empty: every programme."
    )
    state = fields.Selection(RUN_STATES, string="Status", default="draft", required=True, tracking=True, index=True)
    user_id = fields.Many2one("res.users", string="Started by", readonly=True)
    date_done = fields.Datetime(string="Finished on", readonly=True)
    rent_line_ids = fields.One2many("housing.rent.line", "billing_run_id", string="Dues")
    move_ids = fields.One2many("account.move", "housing_billing_run_id", string="Invoices and bills")
    error_ids = fields.One2many("housing.billing.run.error", "run_id", string="Errors")
    agreement_count = fields.Integer(string="Agreements", readonly=True)
    line_count = fields.Integer(string="Dues billed", readonly=True)
    invoice_count = fields.Integer(compute="_compute_counts", string="Invoices")
    bill_count = fields.Integer(compute="_compute_counts", string="Landlord bills")
    error_count = fields.Integer(compute="_compute_counts", string="Errors count")
    amount_invoiced = fields.Monetary(compute="_compute_counts", string="Invoiced")
    amount_billed = fields.Monetary(compute="_compute_counts", string="Owed to landlords")

    @api.depends("period_start", "company_id")
    def _compute_name(self):
        for run in self:
            run.name = self.env._(
                "Rent %(month)s — %(company)s",
                month=run.period_start and run.period_start.strftime("%Y-%m"),
                company=run.company_id.name,
            )

    @api.depends("period_start")
    def _compute_period_end(self):
        for run in self:
            run.period_end = run.period_start and hm.month_end(run.period_start)

    @api.depends("move_ids.amount_total", "move_ids.move_type", "error_ids")
    def _compute_counts(self):
        for run in self:
            invoices = run.move_ids.filtered(lambda move: move.move_type in ("out_invoice", "out_refund"))
            bills = run.move_ids - invoices
            run.invoice_count = len(invoices)
            run.bill_count = len(bills)
            run.error_count = len(run.error_ids)
            run.amount_invoiced = sum(invoices.mapped("amount_total_signed"))
            run.amount_billed = -sum(bills.mapped("amount_total_signed"))

    # ------------------------------------------------------------------ actions
    def action_start(self):
        """Bill now when the run is small; otherwise hand it to the billing job (progress in the chatter)."""
        self._check_can_bill()
        limit = int(self.env["ir.config_parameter"].sudo().get_param("solidarity_housing.sync_billing_limit", 300))
        for run in self:
            run.write({"state": "queued", "user_id": self.env.uid})
            if (
                run._agreements_domain()
                and self.env["housing.occupancy"].search_count(run._agreements_domain()) <= limit
            ):
                run._process()
        if self.filtered(lambda run: run.state == "queued"):
            self.env.ref("solidarity_housing.ir_cron_housing_billing_run")._trigger()
        if self.env.context.get("housing_open_run") and len(self) == 1:
            return {
                "type": "ir.actions.act_window",
                "res_model": self._name,
                "res_id": self.id,
                "view_mode": "form",
                "target": "current",
            }
        return True

    def action_view_moves(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Invoices and bills"),
            "res_model": "account.move",
            "view_mode": "list,form",
            "views": [(self.env.ref("solidarity_housing.housing_account_move_view_list").id, "list"), (False, "form")],
            "domain": [("housing_billing_run_id", "=", self.id)],
            "context": {"create": False},
        }

    def action_view_rent_lines(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("solidarity_housing.housing_rent_line_action")
        action["domain"] = [("company_id", "=", self.company_id.id), ("period_start", "=", self.period_start)]
        if self.programme_ids:
            action["domain"].append(("programme_id", "in", self.programme_ids.ids))
        action["context"] = {}
        return action

    def _check_can_bill(self):
        if not self.env.user.has_group("account.group_account_invoice"):
            raise UserError(self.env._("Only accountants (Invoicing rights) can bill rents."))
        for run in self:
            if run.state not in ("draft", "partial", "done"):
                raise UserError(self.env._("The billing %(name)s is already under way.", name=run.name))
            accounting = run.company_id._housing_accounting()
            missing = [name for name, record in accounting.items() if not record]
            if missing:
                labels = [self.env["res.company"]._fields[name].string for name in missing]
                raise UserError(
                    self.env._(
                        "Billing needs these settings of %(company)s: %(settings)s. Set them in Housing > "
                        "Configuration > Settings (or install a chart of accounts).",
                        company=run.company_id.name,
                        settings=", ".join(labels),
                    )
                )

    # ------------------------------------------------------------------ scope
    def _agreements_domain(self):
        self.ensure_one()
        domain = [
            ("company_id", "=", self.company_id.id),
            ("state", "in", ("active", "notice", "ended")),
            ("date_start", "<=", self.period_end),
            "|",
            ("exit_date", "=", False),
            ("exit_date", ">=", self.period_start),
        ]
        if self.programme_ids:
            domain.append(("programme_id", "in", self.programme_ids.ids))
        return domain

    def _leases_domain(self):
        self.ensure_one()
        domain = [
            ("company_id", "=", self.company_id.id),
            ("state", "in", ("running", "notice", "ended")),
            ("lease_type", "!=", "management_mandate"),
            ("date_start", "<=", self.period_end),
            "|",
            ("date_end", "=", False),
            ("date_end", ">=", self.period_start),
        ]
        if self.programme_ids:
            domain.append(("programme_id", "in", self.programme_ids.ids))
        return domain

    def _dues_domain(self):
        self.ensure_one()
        domain = [
            ("company_id", "=", self.company_id.id),
            ("period_start", "=", self.period_start),
            ("state", "=", "to_bill"),
        ]
        if self.programme_ids:
            domain.append(("programme_id", "in", self.programme_ids.ids))
        return domain

    # ------------------------------------------------------------------ processing
    def _batch_size(self):
        return int(self.env["ir.config_parameter"].sudo().get_param("solidarity_housing.billing_batch_size", 500))

    def _process(self):
        """Schedule, then bill, batch by batch; returns False when the cron must continue later."""
        self.ensure_one()
        run = self.with_context(**BATCH_CONTEXT)
        in_cron = bool(self.env.context.get("cron_id"))
        run.state = "running"
        agreement_count = run._schedule_all(in_cron)
        if agreement_count is None:
            return False
        # one invoice per payer (one bill per landlord), a batch of payers at a time
        for partner_ids in list(run._payer_batches(run._batch_size())):
            run._bill_payers(partner_ids)
            if not run._end_batch(in_cron, len(partner_ids)):
                return False
        run._finish(agreement_count)
        if in_cron:
            run._commit(0)
        return True

    def _schedule_all(self, in_cron):
        """The month's dues of every agreement and head lease in scope; None when the cron's time is up."""
        self.ensure_one()
        size = self._batch_size()
        Occupancy, Lease = self.env["housing.occupancy"], self.env["housing.lease"]
        agreement_ids = Occupancy.search(self._agreements_domain(), order="id").ids
        lease_ids = Lease.search(self._leases_domain(), order="id").ids
        for model, ids_list in ((Occupancy, agreement_ids), (Lease, lease_ids)):
            for ids in split_every(size, ids_list):
                self._schedule(model.browse(ids))
                if not self._end_batch(in_cron, len(ids)):
                    return None
        return len(agreement_ids)

    def action_prepare(self):
        """Write the month's dues without billing them, to check them first."""
        self._check_can_bill()
        for run in self.with_context(**BATCH_CONTEXT):
            count = run._schedule_all(in_cron=False)
            dues = self.env["housing.rent.line"].search_count(run._dues_domain())
            run.message_post(
                body=self.env._(
                    "Dues of %(agreements)s agreements prepared: %(dues)s to bill.", agreements=count, dues=dues
                )
            )
        return self.action_view_rent_lines()

    def _end_batch(self, in_cron, processed):
        """After a batch: commit it inside the cron, and forget what it loaded so memory stays flat.

        Returns False when the cron's time is up (the job is triggered again for the rest).
        """
        self.env.invalidate_all()
        if in_cron:
            return self._commit(processed)
        return True

    def _commit(self, processed):
        """Commit a batch inside the cron; False when the cron's time is up (it is triggered again)."""
        return self.env["ir.cron"]._commit_progress(processed) > 0

    def _schedule(self, contracts):
        """Create the month's dues of ``contracts`` that do not exist yet (one create)."""
        self.ensure_one()
        field = "occupancy_id" if contracts._name == "housing.occupancy" else "lease_id"
        RentLine = self.env["housing.rent.line"]
        existing = {
            (line[field].id, line.payer_kind, line.partner_id.id)
            for line in RentLine.search([(field, "in", contracts.ids), ("period_start", "=", self.period_start)])
        }
        vals_list, errors = [], []
        for contract in contracts:
            try:
                for vals in contract._prepare_rent_lines(self.period_start):
                    if (contract.id, vals["payer_kind"], vals["partner_id"]) not in existing:
                        vals_list.append(vals)
            except ValueError as error:
                errors.append({"run_id": self.id, field: contract.id, "message": str(error)})
        if errors:
            self._record_errors(errors)
        if not vals_list:
            return
        try:
            with self.env.cr.savepoint():
                RentLine.create(vals_list)
        except pg_errors.UniqueViolation:
            # another run scheduled some of these dues at the same time: it bills them
            _logger.info("%s: dues scheduled concurrently by another run, left to it", self.name)

    def _payer_batches(self, size):
        """Payers with dues to bill, by batches of about ``size`` dues (a payer is never split)."""
        self.ensure_one()
        groups = self.env["housing.rent.line"]._read_group(self._dues_domain(), ["partner_id"], ["__count"])
        batch, count = [], 0
        for partner, lines in sorted(groups, key=lambda group: group[0].id):
            batch.append(partner.id)
            count += lines
            if count >= size:
                yield batch
                batch, count = [], 0
        if batch:
            yield batch

    def _lock_dues(self, partner_ids):
        """The dues of these payers not yet billed, locked for this transaction; those another run holds are left."""
        query = self.env["housing.rent.line"]._search([*self._dues_domain(), ("partner_id", "in", partner_ids)])
        self.env.cr.execute(
            SQL(
                "SELECT id FROM housing_rent_line WHERE id IN %s AND move_id IS NULL FOR UPDATE SKIP LOCKED",
                query.subselect(),
            )
        )
        return self.env["housing.rent.line"].browse([row[0] for row in self.env.cr.fetchall()])

    def _bill_payers(self, partner_ids):
        """Invoice the dues of ``partner_ids``: all in one go, or payer by payer when something fails."""
        self.ensure_one()
        try:
            with self.env.cr.savepoint():
                self._bill_dues(self._lock_dues(partner_ids))
            return
        except (pg_errors.SerializationFailure, pg_errors.LockNotAvailable):
            self._record_errors(
                [{"run_id": self.id, "message": self.env._("Dues billed meanwhile by another run: left to it.")}]
            )
            return
        except Exception:
            _logger.info("%s: a batch failed, billing its payers one by one", self.name, exc_info=True)
        for partner_id in partner_ids:
            try:
                with self.env.cr.savepoint():
                    self._bill_dues(self._lock_dues([partner_id]))
            except Exception as error:
                dues = self.env["housing.rent.line"].search([*self._dues_domain(), ("partner_id", "=", partner_id)])
                self._record_errors(
                    [
                        {
                            "run_id": self.id,
                            "occupancy_id": due.occupancy_id.id,
                            "lease_id": due.lease_id.id,
                            "partner_id": partner_id,
                            "message": str(error.args[0] if getattr(error, "args", None) else error),
                        }
                        for due in dues
                    ]
                    or [{"run_id": self.id, "partner_id": partner_id, "message": str(error)}]
                )

    def _bill_dues(self, dues):
        """One posted move per payer and direction for ``dues``, created and posted at once."""
        if not dues:
            return
        company = self.company_id
        accounting = company._housing_accounting()
        grouped = defaultdict(lambda: self.env["housing.rent.line"])
        for due in dues:
            grouped[(due.partner_id, due.direction, due.amount < 0 and due.payer_kind == "occupant")] |= due
        moves_vals, move_dues = [], []
        for (partner, direction, negative), partner_dues in grouped.items():
            moves_vals.append(self._prepare_move(partner, direction, negative, partner_dues, accounting))
            move_dues.append(partner_dues)
        moves = self.env["account.move"].with_context(**BATCH_CONTEXT).create(moves_vals)
        moves.action_post()
        for move, partner_dues in zip(moves, move_dues, strict=True):
            partner_dues.write({"state": "billed", "move_id": move.id, "billing_run_id": self.id})
        self.env["housing.rent.line"].flush_model()

    def _prepare_move(self, partner, direction, negative, dues, accounting):
        self.ensure_one()
        customer = direction == "receivable"
        if customer:
            move_type = "out_refund" if negative else "out_invoice"
            journal = accounting["housing_sale_journal_id"]
        else:
            move_type = "in_invoice"
            journal = accounting["housing_purchase_journal_id"]
        due_day = min(max(self.company_id.housing_due_day or 1, 1), 28)
        month = dues[:1]._period_label()
        lines = []
        for due in dues.sorted(lambda due: (due.occupant_id.name or "", due.occupancy_id.id, due.lease_id.id)):
            lines += self._prepare_move_lines(due, customer, accounting, month)
        return {
            "move_type": move_type,
            "partner_id": partner.id,
            "company_id": self.company_id.id,
            "journal_id": journal.id,
            "currency_id": self.company_id.currency_id.id,
            "invoice_date": self.period_start,
            "date": self.period_start,
            "invoice_date_due": self.period_start.replace(day=due_day),
            "ref": self.env._("Rent %(month)s", month=month),
            "invoice_origin": self.name,
            "housing_billing_run_id": self.id,
            "invoice_line_ids": lines,
        }

    def _prepare_move_lines(self, due, customer, accounting, month):
        """A line for the rent and one for the charges of a due (with the analytic of programme and unit)."""
        sign = -1 if (customer and due.amount < 0) else 1
        contract = due.occupancy_id or due.lease_id
        if customer:
            mandate = due.occupancy_id.occupancy_type == "management_mandate"
            if mandate:
                rent_account = charges_account = accounting["housing_mandate_account_id"]
            elif due.payer_kind == "funder":
                rent_account = charges_account = accounting["housing_funder_account_id"]
            else:
                rent_account = accounting["housing_rent_account_id"]
                charges_account = accounting["housing_charges_account_id"]
        else:
            rent_account = accounting["housing_rent_expense_account_id"]
            charges_account = accounting["housing_charges_expense_account_id"]
        who = due.occupant_id.name if due.occupancy_id else due.unit_id.display_name
        proration = f" ({due.prorata_note})" if due.prorata_note else ""
        analytic = self._analytic_distribution(due)
        lines = []
        for amount, account, product, label in (
            (due.rent_amount, rent_account, accounting["housing_rent_product_id"], self.env._("Rent")),
            (due.charges_amount, charges_account, accounting["housing_charges_product_id"], self.env._("Charges")),
        ):
            if not amount:
                continue
            lines.append(
                Command.create(
                    {
                        "product_id": product.id,
                        "name": f"{label} {month} — {who} — {contract.name}{proration}",
                        "account_id": account.id,
                        "quantity": 1,
                        "price_unit": sign * amount,
                        "tax_ids": [Command.clear()],
                        "analytic_distribution": analytic,
                    }
                )
            )
        return lines

    def _analytic_distribution(self, due):
        accounts = (due.programme_id.analytic_account_id | due.unit_id.analytic_account_id).ids
        return {",".join(str(account_id) for account_id in accounts): 100} if accounts else False

    def _record_errors(self, vals_list):
        self.env["housing.billing.run.error"].create(vals_list)

    def _dues_held_elsewhere(self):
        """Record how many dues left to bill another billing of the month holds now (locked by its batch), and who
        bills them; returns their number."""
        self.ensure_one()
        dues = self.env["housing.rent.line"]._search(self._dues_domain()).subselect()
        self.env.cr.execute(SQL("SELECT count(*) FROM housing_rent_line WHERE id IN %s", dues))
        left = self.env.cr.fetchone()[0]
        if not left:
            return 0
        # a due another transaction is billing is locked: the weakest lock tells which ones, and blocks nothing
        self.env.cr.execute(SQL("SELECT id FROM housing_rent_line WHERE id IN %s FOR KEY SHARE SKIP LOCKED", dues))
        held = left - len(self.env.cr.fetchall())
        if not held:
            return 0
        others = self.search(
            [
                ("company_id", "=", self.company_id.id),
                ("period_start", "=", self.period_start),
                ("state", "in", ("queued", "running")),
                ("id", "!=", self.id),
            ]
        )
        runs = [
            self.env._(
                "%(name)s (no. %(number)s, started by %(user)s)", name=run.name, number=run.id, user=run.user_id.name
            )
            if run.user_id
            else self.env._("%(name)s (no. %(number)s)", name=run.name, number=run.id)
            for run in others
        ]
        self._record_errors(
            [
                {
                    "run_id": self.id,
                    "message": self.env._(
                        "%(count)s dues of the month were being billed at the same time by %(runs)s: left to it, "
                        "see its invoices.",
                        count=held,
                        runs=", ".join(runs) or self.env._("another billing of the month"),
                    ),
                }
            ]
        )
        return held

    def _finish(self, agreement_count):
        self.ensure_one()
        held = self._dues_held_elsewhere()
        left = self.env["housing.rent.line"].search_count(self._dues_domain()) - held
        billed = self.env["housing.rent.line"].search_count([("billing_run_id", "=", self.id)])
        self.write(
            {
                "state": "partial" if (self.error_ids or left) else "done",
                "date_done": fields.Datetime.now(),
                "agreement_count": agreement_count,
                "line_count": billed,
            }
        )
        body = self.env._(
            "%(agreements)s agreements, %(dues)s dues billed in %(invoices)s invoices (%(amount)s) and "
            "%(bills)s landlord bills (%(owed)s); %(errors)s errors, %(left)s dues left to bill.",
            agreements=agreement_count,
            dues=billed,
            invoices=self.invoice_count,
            amount=format_amount(self.env, self.amount_invoiced, self.currency_id),
            bills=self.bill_count,
            owed=format_amount(self.env, self.amount_billed, self.currency_id),
            errors=self.error_count,
            left=left,
        )
        self.with_context(mail_notrack=False).message_post(body=body)

    # ------------------------------------------------------------------ scheduled job
    @api.model
    def _cron_bill_month(self, companies=None):
        """Monthly: open the month's billing of each company that has agreements, then work the queue."""
        today = fields.Date.context_today(self)
        for company in companies or self.env["res.company"].search([("active", "=", True)]):
            month = (
                hm.month_start(today) if company.housing_bill_in_advance else hm.add_months(hm.month_start(today), -1)
            )
            exists = self.search_count([("company_id", "=", company.id), ("period_start", "=", month)])
            has_agreements = self.env["housing.occupancy"].search_count(
                [("company_id", "=", company.id), ("state", "in", ("active", "notice"))], limit=1
            )
            if not exists and has_agreements:
                self.create({"company_id": company.id, "period_start": month, "state": "queued"})
        self.env.ref("solidarity_housing.ir_cron_housing_billing_run")._trigger()

    @api.model
    def _cron_process_queue(self):
        """Work the queued billings, batch by batch (each batch committed); the job runs again for the rest."""
        for run in self.search([("state", "in", ("queued", "running"))], order="period_start, id"):
            if not run.with_company(run.company_id)._process():
                return
