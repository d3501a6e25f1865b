import logging
from collections import Counter, defaultdict
from decimal import Decimal

from psycopg2 import errors as pg_errors

from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL, format_date, formatLang, mute_logger

from ..tools import caf_statement_math as csm
from ..tools import housing_math as hm
from .housing_billing_run import BATCH_CONTEXT

_logger = logging.getLogger(__name__)

STATEMENT_STATES = [("draft", "To validate"), ("done", "Validated")]

#: largest statement file read (system parameter solidarity_housing.caf_statement_max_mb)
DEFAULT_MAX_MB = 5
#: errors listed at most when a file is refused
MAX_ERRORS_LISTED = 12
#: what only the import and the statement's actions write (a user, even through RPC, never does)
SYSTEM_FIELDS = frozenset(
    {
        "state",
        "company_id",
        "mapping_id",
        "caf_partner_id",
        "period_start",
        "amount_total",
        "file_name",
        "payment_id",
        "user_id",
        "date_validated",
    }
)
#: what the accountant may correct while the statement is to validate, never after
DRAFT_FIELDS = frozenset({"date_payment", "journal_id", "amount_transfer", "line_ids"})


class HousingCafStatement(models.Model):
    """A CAF's monthly payment statement: one bank transfer for every beneficiary in tiers payant.

    Imported from the CAF's file (CSV or XLSX, read with the CAF's layout), each line matched to an occupant and
    to that occupant's allowance due; nothing is posted until *Validate*, which registers one payment of the
    transfer, reconciled due by due, and the credit notes and invoices the differences call for. A statement
    is imported once: the database refuses a second one of the same CAF, month and total.
    """

    _name = "housing.caf.statement"
    _description = "CAF payment statement"
    _inherit = ["mail.thread", "mail.activity.mixin", "housing.month.mixin"]
    _order = "period_start desc, id desc"
    _check_company_auto = True

    name = fields.Char(compute="_compute_name", store=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, readonly=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    mapping_id = fields.Many2one(
        "housing.caf.statement.mapping", string="Layout", required=True, readonly=True, check_company=True
    )
    caf_partner_id = fields.Many2one(
        "res.partner", string="CAF", required=True, readonly=True, index=True, check_company=True
    )
    period_start = fields.Date(string="Month", required=True, readonly=True, index=True)
    date_payment = fields.Date(string="Transfer date", required=True, tracking=True)
    journal_id = fields.Many2one(
        "account.journal",
        string="Bank journal",
        required=True,
        check_company=True,
        domain="[('type', 'in', ('bank', 'cash'))]",
        tracking=True,
    )
    amount_transfer = fields.Monetary(
        string="Bank transfer",
        required=True,
        tracking=True,
        help="The amount the CAF transferred, as the bank shows it.",
    )
    amount_total = fields.Monetary(string="Total of the lines", readonly=True)
    amount_difference = fields.Monetary(compute="_compute_totals", string="Transfer minus lines")
    amount_matched = fields.Monetary(compute="_compute_totals", string="Paid on dues")
    amount_credit_left = fields.Monetary(
        compute="_compute_totals",
        string="Left as the CAF's credit",
        help="Unknown beneficiaries, no due, surpluses kept.",
    )
    amount_indu = fields.Monetary(compute="_compute_totals", string="Overpayments recovered")
    file_name = fields.Char(readonly=True)
    state = fields.Selection(
        STATEMENT_STATES, string="Status", default="draft", required=True, readonly=True, tracking=True, index=True
    )
    line_ids = fields.One2many("housing.caf.statement.line", "statement_id", string="Lines")
    line_count = fields.Integer(compute="_compute_counts", string="Lines count")
    matched_count = fields.Integer(compute="_compute_counts", string="Matched")
    differs_count = fields.Integer(compute="_compute_counts", string="Amount differs")
    no_due_count = fields.Integer(compute="_compute_counts", string="No due")
    unknown_count = fields.Integer(compute="_compute_counts", string="Unknown beneficiaries")
    payment_id = fields.Many2one("account.payment", readonly=True, copy=False)
    move_ids = fields.One2many("account.move", "housing_caf_statement_id", string="Credit notes and invoices")
    move_count = fields.Integer(compute="_compute_counts", string="Credit notes and invoices count")
    user_id = fields.Many2one("res.users", string="Validated by", readonly=True, copy=False)
    date_validated = fields.Datetime(string="Validated on", readonly=True, copy=False)

    _caf_month_total_uniq = models.Constraint(
        "UNIQUE(company_id, caf_partner_id, period_start, amount_total)",
        "This CAF's statement of this month and total was already imported: open it instead of importing it again.",
    )

    # ------------------------------------------------------------------ computes
    @api.depends("caf_partner_id", "period_start")
    def _compute_name(self):
        """The CAF and the month, the same in every language (the name is stored): "CAF de Paris 2025-04"."""
        for statement in self:
            month = statement.period_start and statement.period_start.strftime("%Y-%m")
            statement.name = " ".join(part for part in (statement.caf_partner_id.name, month) if part)

    @api.depends(
        "line_ids.amount",
        "line_ids.match_state",
        "line_ids.kind",
        "line_ids.rent_line_id",
        "line_ids.due_residual",
        "line_ids.difference_action",
        "amount_transfer",
        "amount_total",
    )
    def _compute_totals(self):
        for statement in self:
            lines = statement.line_ids
            paid = lines.filtered(lambda line: line.kind != "indu")
            on_dues = paid.filtered("rent_line_id")
            # the lines as they are (an amount corrected before validating), not only the file's total
            statement.amount_difference = statement.amount_transfer - sum(lines.mapped("amount"))
            statement.amount_matched = sum(min(line.amount, line.due_residual) for line in on_dues)
            statement.amount_credit_left = sum((paid - on_dues).mapped("amount")) + sum(
                max(line.amount - line.due_residual, 0) for line in on_dues if line.difference_action == "keep"
            )
            statement.amount_indu = -sum((lines - paid).mapped("amount"))

    def _compute_counts(self):
        groups = self.env["housing.caf.statement.line"]._read_group(
            [("statement_id", "in", self.ids)], ["statement_id", "match_state"], ["__count"]
        )
        counts = defaultdict(Counter)
        for statement, state, count in groups:
            counts[statement][state] += count
        moves = dict(
            self.env["account.move"]._read_group(
                [("housing_caf_statement_id", "in", self.ids)], ["housing_caf_statement_id"], ["__count"]
            )
        )
        for statement in self:
            count = counts[statement]
            statement.line_count = sum(count.values())
            statement.matched_count = count["matched"]
            statement.differs_count = count["amount_differs"]
            statement.no_due_count = count["no_due"]
            statement.unknown_count = count["unknown"]
            statement.move_count = moves.get(statement, 0)

    # ------------------------------------------------------------------ CRUD
    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            # a statement comes from the CAF's file: the import creates it (as the superuser, once it has checked
            # the user's rights), never a user by hand or through RPC
            raise UserError(
                self.env._("A CAF statement is created by importing the CAF's file (Billing > Import a CAF statement).")
            )
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su:
            self._check_user_write(vals)
        return super().write(vals)

    def _check_user_write(self, vals):
        """Users change the transfer's date, amount and journal of a statement to validate; nothing else, and
        nothing once it is validated. Its status, totals and payment change only through its actions."""
        system = SYSTEM_FIELDS & set(vals)
        if system:
            labels = ", ".join(sorted(self._fields[name].get_description(self.env)["string"] for name in system))
            raise UserError(
                self.env._(
                    "Set by the import and the Validate button of a CAF statement, not by hand: %(fields)s.",
                    fields=labels,
                )
            )
        done = self.filtered(lambda statement: statement.state != "draft")
        changed = set(vals) & DRAFT_FIELDS
        if "line_ids" in changed and all(
            isinstance(command, (list, tuple))
            and command[0] == Command.UPDATE
            and set(command[2] if len(command) > 2 and command[2] else {}) <= {"note"}
            for command in vals["line_ids"]
        ):
            changed.discard("line_ids")  # the lines' notes stay open (the line checks the rest)
        if done and changed:
            raise UserError(
                self.env._(
                    "%(statement)s is validated: its payment is registered, the statement cannot change any more.",
                    statement=", ".join(done.mapped("name")),
                )
            )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_validated(self):
        done = self.filtered(lambda statement: statement.state == "done" or statement.payment_id)
        if done:
            raise UserError(
                self.env._(
                    "%(statements)s is validated: its payment is registered. It cannot be deleted.",
                    statements=", ".join(done.mapped("name")),
                )
            )

    # ------------------------------------------------------------------ import
    @api.model
    def _import_file(self, mapping, content, file_name, amount_transfer, date_payment, journal, period_start=None):
        """Read a statement file with ``mapping`` and create the statement (to validate), its lines matched.

        Nothing is written when the file cannot be read: the error names each line and column at fault.
        """
        self._check_can_manage()
        mapping.ensure_one()
        self._check_size(content)
        items = self._parse(mapping, content, file_name)
        month = hm.month_start(period_start) if period_start else self._main_month(items)
        for item in items:
            if item["kind"] is None:
                item["kind"] = csm.kind_of(None, {}, item["amount"], item["period_start"], month)
        total = float(sum((item["amount"] for item in items), Decimal(0)))
        company = mapping.company_id
        self._check_not_imported(company, mapping.caf_partner_id, month, total)
        statement = self.new(
            {
                "company_id": company.id,
                "mapping_id": mapping.id,
                "caf_partner_id": mapping.caf_partner_id.id,
                "period_start": month,
            }
        )
        matches = statement._match_values(
            [dict(item, partner_id=False, rent_line_id=False, match_method=False) for item in items]
        )
        lines = [
            Command.create(
                {
                    "line_number": item["line_number"],
                    "caf_number": item["caf_number"],
                    "beneficiary_name": item["beneficiary_name"],
                    "period_start": item["period_start"],
                    "amount": float(item["amount"]),
                    "kind": item["kind"],
                    **match,
                }
            )
            for item, match in zip(items, matches, strict=True)
        ]
        # created as the superuser once the user's rights are checked: statements and their lines only ever come
        # from a file (see create)
        self.check_access("create")
        try:
            with mute_logger("odoo.sql_db"), self.env.cr.savepoint():
                statement = (
                    self.sudo()
                    .with_context(mail_create_nolog=True)
                    .create(
                        {
                            "company_id": company.id,
                            "mapping_id": mapping.id,
                            "caf_partner_id": mapping.caf_partner_id.id,
                            "period_start": month,
                            "date_payment": date_payment,
                            "journal_id": journal.id,
                            "amount_transfer": amount_transfer,
                            "amount_total": total,
                            "file_name": file_name,
                            "line_ids": lines,
                        }
                    )
                )
                statement.flush_recordset()
        except pg_errors.UniqueViolation:
            # imported at the same moment by someone else
            self._check_not_imported(company, mapping.caf_partner_id, month, total)
            raise
        statement = statement.with_env(self.env)
        self.env["ir.attachment"].create(
            {
                "name": file_name or "statement",
                "raw": content,
                "res_model": self._name,
                "res_id": statement.id,
            }
        )
        statement._post_import_message()
        return statement

    @api.model
    def _check_size(self, content, size=None):
        """Refuse a file of more than the limit (``size``: its size in bytes, when its content is not at hand)."""
        limit_mb = float(
            self.env["ir.config_parameter"].sudo().get_param("solidarity_housing.caf_statement_max_mb", DEFAULT_MAX_MB)
        )
        size = len(content or b"") if size is None else size
        if size > limit_mb * 1024 * 1024:
            raise UserError(
                self.env._(
                    "The file weighs %(size)s MB; a CAF statement is read up to %(limit)s MB. Check that it is the "
                    "CAF's statement (not a bank export or a picture), or split it by month.",
                    size=f"{size / 1024 / 1024:.1f}",
                    limit=f"{limit_mb:g}",
                )
            )

    @api.model
    def _check_not_imported(self, company, caf, month, total):
        existing = self.search(
            [
                ("company_id", "=", company.id),
                ("caf_partner_id", "=", caf.id),
                ("period_start", "=", month),
                ("amount_total", "=", total),
            ],
            limit=1,
        )
        if existing:
            raise UserError(
                self.env._(
                    "This statement was already imported (%(statement)s, %(total)s, on %(date)s): open it instead. "
                    "To import a corrected file, delete the statement first if it is not validated.",
                    statement=existing.name,
                    total=existing._format_amount(existing.amount_total),
                    date=format_date(self.env, existing.create_date),
                )
            )

    @api.model
    def _parse(self, mapping, content, file_name):
        """``[{line_number, caf_number, beneficiary_name, period_start, amount (Decimal), kind}]`` of the file's
        lines; raises a ValidationError listing every line and column that cannot be read."""
        rows = self._read_rows(mapping, content, file_name)
        columns, titles = self._header_columns(mapping, rows)
        data = [(number, row) for number, row in rows if number > mapping.header_row]
        if not data:
            raise ValidationError(
                self.env._(
                    "The file has no statement line after its column titles (line %(line)s).", line=mapping.header_row
                )
            )
        layout = {
            "decimal": mapping.decimal_separator,
            "thousands": {"space": " ", "none": ""}.get(mapping.thousands_separator, mapping.thousands_separator),
            "month_format": mapping.month_format,
            "keywords": mapping._kind_keywords(),
        }
        items, errors = [], []
        for number, row in data:
            values, row_errors = csm.parse_row(row, columns, layout)
            errors += [
                self.env._(
                    "Line %(line)s, column %(column)s “%(title)s”: “%(value)s” %(reason)s.",
                    line=number,
                    column=csm.column_label(columns[key]),
                    title=titles[key],
                    value="" if value is None else value,
                    reason=self._cell_reason(reason),
                )
                for key, value, reason in row_errors
            ]
            if values:
                items.append(dict(values, line_number=number))
        if errors:
            listed = errors[:MAX_ERRORS_LISTED]
            if len(errors) > MAX_ERRORS_LISTED:
                listed.append(self.env._("… and %(count)s more.", count=len(errors) - MAX_ERRORS_LISTED))
            raise ValidationError(
                self.env._(
                    "The statement cannot be imported, nothing was written. Correct the file (or the layout "
                    "%(layout)s) and import it again:\n%(errors)s",
                    layout=mapping.display_name,
                    errors="\n".join(listed),
                )
            )
        return items

    @api.model
    def _read_rows(self, mapping, content, file_name):
        try:
            return csm.read_table(content, file_name, mapping.delimiter, mapping.encoding)
        except csm.DecodeError as error:
            names = {"utf-8": "UTF-8", "cp1252": "Windows (cp1252)", "latin-1": "ISO-8859-1"}
            raise ValidationError(
                self.env._(
                    "The statement cannot be imported, nothing was written: line %(line)s, column %(column)s holds a "
                    "character (byte %(byte)s) that no encoding tried (%(encodings)s) reads. Export the statement "
                    "again as CSV (UTF-8), or choose the file's encoding in the layout %(layout)s.",
                    line=error.line,
                    column=csm.column_label(error.column),
                    byte=error.byte,
                    encodings=", ".join(names.get(name, name) for name in error.encodings),
                    layout=mapping.display_name,
                )
            ) from None
        except csm.CellError as error:
            if str(error) == "empty file":
                raise ValidationError(
                    self.env._("The file is empty: export the statement again from the CAF's site.")
                ) from None
            raise ValidationError(
                self.env._(
                    "The file cannot be read as a CSV or XLSX statement (%(reason)s): export it again, or check the "
                    "separator and the encoding of the layout %(layout)s.",
                    reason=self._cell_reason(str(error)),
                    layout=mapping.display_name,
                )
            ) from None

    @api.model
    def _header_columns(self, mapping, rows):
        """``({key: column index}, {key: title})`` of the columns the layout reads, from the header line."""
        header_rows = [row for number, row in rows if number == mapping.header_row]
        if not header_rows:
            raise ValidationError(
                self.env._(
                    "The file is empty or has no line %(line)s, where the layout %(layout)s expects the column titles.",
                    line=mapping.header_row,
                    layout=mapping.display_name,
                )
            )
        header = header_rows[0]
        columns = mapping._columns()
        found, missing = csm.find_columns(header, {key: title for key, (title, _label) in columns.items()})
        if missing:
            present = ", ".join(
                f"{csm.column_label(index)} “{cell}”" for index, cell in enumerate(header) if cell not in (None, "")
            )
            raise ValidationError(
                self.env._(
                    "Line %(line)s (the column titles): no column %(columns)s. The file's columns are: %(present)s. "
                    "Correct the layout %(layout)s (Billing > CAF statement layouts) or choose the "
                    "layout of this CAF.",
                    line=mapping.header_row,
                    columns=", ".join(f"“{columns[key][0]}” ({columns[key][1]})" for key in missing),
                    present=present or "—",
                    layout=mapping.display_name,
                )
            )
        return found, {key: title for key, (title, _label) in columns.items()}

    def _cell_reason(self, reason):
        """The reader's words for a cell error of ``tools.caf_statement_math``."""
        reasons = {
            "empty": self.env._("is empty"),
            "not an amount": self.env._("is not an amount"),
            "more than two decimals": self.env._("has more than two decimals"),
            "not a month": self.env._("is not a month in the layout's format"),
            "not a CAF number": self.env._("is not a CAF number"),
            "empty, and so is the CAF number": self.env._("is empty, and so is the CAF number"),
            "negative on a payment line": self.env._("is negative on a payment line"),
            "unknown kind": self.env._("is not a kind the layout knows (monthly payment, back-payment, recovery)"),
            "not a CSV file": self.env._("not a CSV file"),
            "not an XLSX file": self.env._("not an XLSX file"),
        }
        return reasons.get(reason, reason)

    @api.model
    def _main_month(self, items):
        """The month most lines are for (the statement's month when the user does not say it)."""
        months = Counter(item["period_start"] for item in items if (item["kind"] or "regular") == "regular")
        months = months or Counter(item["period_start"] for item in items)
        return max(months.items(), key=lambda item: (item[1], item[0]))[0]

    def _post_import_message(self):
        self.ensure_one()
        self.message_post(
            body=self.env._(
                "Imported from %(file)s: %(lines)s lines (%(total)s); %(matched)s matched, %(differs)s with another "
                "amount, %(no_due)s without due, %(unknown)s unknown beneficiaries.",
                file=self.file_name or "—",
                lines=self.line_count,
                total=self._format_amount(self.amount_total),
                matched=self.matched_count,
                differs=self.differs_count,
                no_due=self.no_due_count,
                unknown=self.unknown_count,
            ),
            subtype_xmlid="mail.mt_note",
        )

    # ------------------------------------------------------------------ matching
    def _match(self, lines=None):
        """Match ``lines`` (all the statement's by default) again, with the dues as they are now; lines an
        accountant matched by hand keep their occupant or due."""
        for line, changed in self._match_changes(lines):
            # the matching's own fields: written as the superuser (users never write them, see the line's write)
            line.sudo().with_context(housing_caf_matching=True).write(changed)

    def _match_changes(self, lines=None):
        """``[(line, {field: new value})]``: what matching ``lines`` (all the statement's by default) again would
        change, with the dues as they are now (nothing for a validated statement)."""
        self.ensure_one()
        lines = (
            (lines or self.line_ids)
            .filtered(lambda line: line.statement_id == self)
            .sorted(lambda line: (line.line_number, line.id))
        )
        if self.state != "draft":
            return []
        items = [
            {
                "line_number": line.line_number,
                "caf_number": line.caf_number,
                "beneficiary_name": line.beneficiary_name,
                "period_start": line.period_start,
                "amount": hm.to_decimal(line.amount),
                "kind": line.kind,
                "partner_id": line.partner_id.id if line.match_method == "manual" else False,
                "rent_line_id": line.rent_line_id.id if line.match_method == "manual" else False,
                "match_method": line.match_method,
            }
            for line in lines
        ]
        others = self.line_ids - lines
        reserved = defaultdict(Decimal)  # dues the lines not matched again already take
        for line in others.filtered(lambda line: line.rent_line_id and line.kind != "indu"):
            reserved[line.rent_line_id.id] += hm.to_decimal(min(line.amount, line.due_residual))
        matches = self._match_values(items, reserved=reserved)
        result = []
        for line, values in zip(lines, matches, strict=True):
            changed = {}
            for name, value in values.items():
                field = line._fields[name]
                if field.type == "monetary":
                    differs = self.currency_id.compare_amounts(line[name], value) != 0
                else:
                    differs = field.convert_to_write(line[name], line) != value
                if differs:
                    changed[name] = value
            if changed:
                result.append((line, changed))
        return result

    def _match_values(self, items, reserved=None):
        """What each item (a line's values) matches: ``[{partner_id, occupancy_id, rent_line_id, match_method,
        match_state, match_note, due_residual}]``, in the order of ``items``.

        A handful of queries for the whole statement: the CAF numbers of the company's social profiles (read for
        this only), the CAF's allowance dues of the months concerned, the agreements of the occupants found.
        """
        company, caf = self.company_id, self.caf_partner_id
        RentLine = self.env["housing.rent.line"]
        by_number = self._occupants_by_caf_number()
        months = sorted({item["period_start"] for item in items})
        dues = RentLine.search(
            [
                ("company_id", "=", company.id),
                ("payer_kind", "=", "housing_allowance"),
                ("partner_id", "=", caf.id),
                ("period_start", "in", months),
                ("state", "in", ("billed", "to_bill")),
            ],
            order="period_start, id",
        )
        manual_dues = (
            RentLine.browse([item["rent_line_id"] for item in items if item.get("rent_line_id")])
            .exists()
            .filtered(
                lambda due: (
                    due.payer_kind == "housing_allowance" and due.partner_id == caf and due.company_id == company
                )
            )
        )
        dues |= manual_dues
        by_occupant, by_name = defaultdict(list), defaultdict(list)
        for due in dues:
            by_occupant[(due.occupant_id.id, due.period_start)].append(due)
            by_name[(csm.name_key(due.occupant_id.name), due.period_start)].append(due)
        beneficiaries = self._beneficiaries_by_name()
        available = {}  # due id -> what is left to pay of it after the lines before

        def left(due):
            if due.id not in available:
                residual = hm.to_decimal(due.amount_residual if due.state == "billed" else 0)
                available[due.id] = max(residual - (reserved or {}).get(due.id, Decimal(0)), Decimal(0))
            return available[due.id]

        partner_ids = set()
        results = []
        index = {
            "by_number": by_number,
            "by_occupant": by_occupant,
            "by_name": by_name,
            "beneficiaries": beneficiaries,
            "beneficiary_ids": set().union(*beneficiaries.values()),
            "left": left,
            "manual_dues": manual_dues,
        }
        for item in items:
            result = self._match_one(item, index)
            if result.get("rent_line_id"):
                due = RentLine.browse(result["rent_line_id"])
                residual = left(due)
                result["due_residual"] = float(residual)
                if item["kind"] != "indu":
                    available[due.id] = max(residual - item["amount"], Decimal(0))
            if result.get("partner_id"):
                partner_ids.add(result["partner_id"])
            results.append(result)
        agreements = self._agreements_of(partner_ids)
        for item, result in zip(items, results, strict=True):
            if result.get("partner_id") and not result.get("occupancy_id"):
                result["occupancy_id"] = self._agreement_for(agreements, result["partner_id"], item["period_start"])
            result.setdefault("occupancy_id", False)
            result.setdefault("rent_line_id", False)
            result.setdefault("partner_id", False)
            result.setdefault("due_residual", 0.0)
        return results

    def _match_one(self, item, index):
        """The match of one line (see ``_match_values``); ``index`` holds what ``_match_values`` read."""
        manual_due = index["manual_dues"].filtered(lambda due: due.id == item.get("rent_line_id"))
        method, partner_id, note = self._match_occupant(item, index, manual_due)
        if not partner_id:
            return {"match_method": False, "match_state": "unknown", "match_note": note or self._unknown_note(item)}
        result = {"partner_id": partner_id, "match_method": method, "match_note": False}
        if item["kind"] == "indu":
            return dict(result, match_state="matched")
        return self._match_due(item, index, partner_id, manual_due, result)

    def _match_occupant(self, item, index, manual_due):
        """``(method, occupant id, note)``: by hand, by CAF number, else by name (and amount, for a payment)."""
        manual = manual_due.occupant_id.id or item.get("partner_id")
        if manual:
            return "manual", manual, False
        candidates = index["by_number"].get(item["caf_number"]) if item["caf_number"] else None
        if candidates:
            # a number entered for two persons (a typing mistake): the one whose allowance this CAF pays
            beneficiaries = index["beneficiary_ids"]
            return "caf_number", next((p for p in candidates if p in beneficiaries), candidates[0]), False
        key = csm.name_key(item["beneficiary_name"])
        if item["kind"] == "indu":
            candidates = index["beneficiaries"].get(key, set())
            return ("name", next(iter(candidates)), False) if len(candidates) == 1 else (False, False, False)
        left = index["left"]
        candidates = [
            due
            for due in index["by_name"].get((key, item["period_start"]), [])
            if due.state == "billed" and item["amount"] in (left(due), hm.to_decimal(due.amount))
        ]
        if len({due.occupant_id for due in candidates}) == 1:
            return "name_amount", candidates[0].occupant_id.id, False
        if candidates:
            return (
                False,
                False,
                self.env._("Several occupants of this name have an allowance due of this amount this month."),
            )
        return False, False, False

    def _unknown_note(self, item):
        if item["caf_number"]:
            return self.env._("No occupant has this CAF number in their social profile.")
        if item["kind"] == "indu":
            return self.env._("No CAF number, and the name is not that of a single beneficiary of this CAF.")
        return self.env._("No CAF number, and no occupant of this name has an allowance due of this amount this month.")

    def _match_due(self, item, index, partner_id, manual_due, result):
        """The occupant's allowance due of the line's month, and whether the line pays exactly what is left of it."""
        left = index["left"]
        due = manual_due
        if not due:
            candidates = index["by_occupant"].get((partner_id, item["period_start"]), [])
            billed = [due for due in candidates if due.state == "billed"]
            due = next((due for due in billed if left(due) > 0), billed[0] if billed else None)
            if due is None:
                return dict(
                    result,
                    match_state="no_due",
                    match_note=self.env._(
                        "The allowance due of this month is not billed yet: bill the month, then match again."
                    )
                    if candidates
                    else self.env._("This occupant has no allowance due of this CAF for this month."),
                )
        result.update(rent_line_id=due.id, occupancy_id=due.occupancy_id.id)
        if left(due) == item["amount"]:
            return dict(result, match_state="matched")
        note = (
            self.env._(
                "The CAF pays %(paid)s of %(due)s left to pay.",
                paid=self._format_amount(float(item["amount"])),
                due=self._format_amount(float(left(due))),
            )
            if left(due)
            else self.env._("The due is already paid.")
        )
        return dict(result, match_state="amount_differs", match_note=note)

    def _occupants_by_caf_number(self):
        """``{CAF number: [household head ids]}`` of the company's social profiles.

        The CAF number is the key of the CAF's statement: it is read here for accountants, who may not read
        the rest of the social profile (only this field is read, as the superuser).
        """
        profiles = (
            self.env["housing.social.profile"]
            .sudo()
            .search_fetch(
                [("company_id", "=", self.company_id.id), ("caf_number", "!=", False)], ["caf_number", "household_id"]
            )
        )
        result = defaultdict(list)
        for profile in profiles:
            household = profile.household_id.id
            number = csm.caf_number(profile.caf_number)
            if household not in result[number]:
                result[number].append(household)
        return result

    def _beneficiaries_by_name(self):
        """``{name key: {occupant ids}}`` of the agreements whose allowance this CAF pays."""
        shares = self.env["housing.occupancy.share"].search(
            [
                ("company_id", "=", self.company_id.id),
                ("payer_kind", "=", "housing_allowance"),
                ("partner_id", "=", self.caf_partner_id.id),
            ]
        )
        result = defaultdict(set)
        for partner in shares.occupancy_id.partner_id:
            result[csm.name_key(partner.name)].add(partner.id)
        return result

    def _agreements_of(self, partner_ids):
        if not partner_ids:
            return {}
        agreements = self.env["housing.occupancy"].search(
            [
                ("company_id", "=", self.company_id.id),
                ("partner_id", "in", list(partner_ids)),
                ("state", "in", ("active", "notice", "ended")),
            ],
            order="date_start desc, id desc",
        )
        result = defaultdict(list)
        for agreement in agreements:
            result[agreement.partner_id.id].append(agreement)
        return result

    @api.model
    def _agreement_for(self, agreements, partner_id, month):
        """The partner's agreement covering ``month`` (else their latest)."""
        candidates = agreements.get(partner_id, [])
        last = hm.month_end(month)
        for agreement in candidates:
            if agreement.date_start <= last and (not agreement.exit_date or agreement.exit_date >= month):
                return agreement.id
        return candidates[0].id if candidates else False

    # ------------------------------------------------------------------ actions
    def action_match(self):
        """Match every line again (after a month was billed, a CAF number entered...)."""
        self._check_can_manage()
        for statement in self.filtered(lambda statement: statement.state == "draft"):
            statement._match()
        return True

    def action_view_payment(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "account.payment",
            "res_id": self.payment_id.id,
            "view_mode": "form",
        }

    def action_view_moves(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Credit notes and invoices"),
            "res_model": "account.move",
            "view_mode": "list,form",
            "domain": [("housing_caf_statement_id", "=", self.id)],
            "context": {"create": False},
        }

    def _check_can_manage(self):
        if not self.env.su and not self.env.user.has_group("account.group_account_invoice"):
            raise UserError(self.env._("Only accountants (Invoicing rights) import and validate CAF statements."))

    def action_validate(self):
        """Register the CAF's payment, reconciled due by due, and the credit notes and invoices of the
        differences. All or nothing."""
        self._check_can_manage()
        for statement in self:
            statement._lock()
            statement._check_validate()
            statement.with_context(**BATCH_CONTEXT)._validate()
        return True

    def _lock(self):
        """Lock the statement's row: two accountants validating at once never pay twice."""
        self.ensure_one()
        try:
            with mute_logger("odoo.sql_db"), self.env.cr.savepoint():
                self.env.cr.execute(
                    SQL("SELECT id FROM housing_caf_statement WHERE id = %s FOR UPDATE NOWAIT", self.id)
                )
        except pg_errors.LockNotAvailable:
            raise UserError(
                self.env._("%(name)s is being validated by someone else right now.", name=self.name)
            ) from None
        self.invalidate_recordset(["state"])

    def _check_validate(self):
        self.ensure_one()
        if self.state != "draft":
            raise UserError(self.env._("%(name)s is already validated.", name=self.name))
        lines_total = sum(self.line_ids.mapped("amount"))
        if self.currency_id.compare_amounts(self.amount_transfer, lines_total):
            raise UserError(
                self.env._(
                    "The lines of %(name)s add up to %(total)s but the bank transfer is %(transfer)s: correct the "
                    "transfer's amount if it was mistyped, or ask the CAF for the right statement.",
                    name=self.name,
                    total=self._format_amount(lines_total),
                    transfer=self._format_amount(self.amount_transfer),
                )
            )
        if self.currency_id.compare_amounts(self.amount_transfer, 0) <= 0:
            raise UserError(
                self.env._(
                    "The transfer of %(name)s is %(transfer)s: only a transfer received can be registered.",
                    name=self.name,
                    transfer=self._format_amount(self.amount_transfer),
                )
            )
        unexplained = self.line_ids.filtered(
            lambda line: line.kind == "indu" and line.indu_action == "contested" and not (line.note or "").strip()
        )
        if unexplained:
            raise UserError(
                self.env._(
                    "Say why the overpayment recovered is contested (a note) on line %(lines)s.",
                    lines=", ".join(str(number) for number in unexplained.mapped("line_number")),
                )
            )
        accounting = self.company_id._housing_accounting()
        if not accounting["housing_sale_journal_id"]:
            raise UserError(
                self.env._(
                    "Set the rent journal of %(company)s (Housing > Configuration > Settings) first.",
                    company=self.company_id.name,
                )
            )

    def _check_still_matched(self):
        """What is posted is what the accountant reviewed: when the dues changed since the lines were matched (a
        payment registered, a month billed or cancelled...), validating is refused until they are matched again."""
        self.ensure_one()
        changed = [line for line, values in self._match_changes() if set(values) - {"match_note"}]
        if changed:
            raise UserError(
                self.env._(
                    "The dues changed since %(name)s was matched (a payment registered, a month billed or cancelled): "
                    "line %(lines)s would now be matched otherwise. Click Match again, check those lines, then "
                    "validate.",
                    name=self.name,
                    lines=", ".join(str(line.line_number) for line in changed),
                )
            )

    def _validate(self):
        self.ensure_one()
        self._check_still_matched()
        lines = self.line_ids.sorted(lambda line: (line.line_number, line.id))
        plan = self._plan(lines)
        moves = self._create_moves(plan)
        payment, pairs = self._register_payment(plan, moves)
        self._reconcile(plan, moves, pairs)
        results = plan["lines"]
        for invoice, items in plan["credit"].items():
            for line, _due, _amount in items:
                results[line]["caf_move_id"] = moves["credit"][invoice].id
        for line, _due, _amount in plan["raise"]:
            results[line]["caf_move_id"] = moves["raise"].id
        for line, _amount in plan["indu_debt"]:
            results[line]["caf_move_id"] = moves["indu"].id
        for key, items in plan["occupant"].items():
            for line, _due, _amount, _reason in items:
                results[line]["occupant_move_id"] = moves["occupant"][key].id
        # one write per set of values (most lines pay their due exactly: a few amounts for thousands of lines)
        by_values = defaultdict(list)
        for line, result in results.items():
            by_values[tuple(sorted(result.items()))].append(line.id)
        # what validating did, and the status: only this action writes them (as the superuser, see write)
        Line = self.env["housing.caf.statement.line"].sudo()
        for values, line_ids in by_values.items():
            Line.browse(line_ids).write(dict(values))
        self.sudo().write(
            {
                "state": "done",
                "payment_id": payment.id,
                "user_id": self.env.uid,
                "date_validated": fields.Datetime.now(),
            }
        )
        self.flush_recordset()
        self._post_validation_message(plan)

    def _plan(self, lines):
        """What validating does, line by line, before anything is written (Decimal amounts)."""
        cents = hm.round_cents
        plan = {
            "lines": {},  # line -> values written on it
            "settle": defaultdict(Decimal),  # CAF invoice -> paid by the payment
            "credit": defaultdict(list),  # CAF invoice -> [(line, due, amount)]: credit notes
            "raise": [],  # [(line, due, amount)]: invoice to the CAF for a surplus
            "occupant": defaultdict(list),  # (occupant, sign) -> [(line, due, amount, label kind)]
            "indu_debt": [],  # [(line, amount)]: credit note to the CAF, invoiced to the occupant
            "indu_kept": [],  # [(line, amount)]: kept aside on the CAF's account
            "unallocated": Decimal(0),
        }
        for line in lines:
            amount = cents(line.amount)
            result = {
                "amount_settled": 0.0,
                "amount_credited": 0.0,
                "residual_after": 0.0,
                "amount_unallocated": 0.0,
                "occupant_amount": 0.0,
            }
            if line.kind == "indu":
                if line._indu_kept_aside():
                    plan["indu_kept"].append((line, -amount))
                else:
                    plan["indu_debt"].append((line, -amount))
                    result["occupant_amount"] = float(-amount)
                    plan["occupant"][(line.partner_id, 1)].append((line, line.rent_line_id, -amount, "indu"))
            elif not line.rent_line_id:
                plan["unallocated"] += amount
                result["amount_unallocated"] = float(amount)
            else:
                due = line.rent_line_id
                available = cents(line.due_residual)
                settled = min(amount, available)
                plan["settle"][due.move_id] += settled
                result["amount_settled"] = float(settled)
                if amount < available:
                    shortfall = available - amount
                    if line.difference_action == "allowance_changed":
                        plan["credit"][due.move_id].append((line, due, shortfall))
                        plan["occupant"][(due.occupant_id, 1)].append((line, due, shortfall, "shortfall"))
                        result["amount_credited"] = float(shortfall)
                        result["occupant_amount"] = float(shortfall)
                    else:
                        result["residual_after"] = float(shortfall)
                elif amount > available:
                    surplus = amount - available
                    if line.difference_action == "allowance_changed":
                        plan["raise"].append((line, due, surplus))
                        plan["occupant"][(due.occupant_id, -1)].append((line, due, surplus, "surplus"))
                        result["occupant_amount"] = float(-surplus)
                    else:
                        plan["unallocated"] += surplus
                        result["amount_unallocated"] = float(surplus)
            plan["lines"][line] = result
        return plan

    def _create_moves(self, plan):
        """The credit notes and invoices of the differences, created and posted at once:
        ``{"credit": {CAF invoice: credit note}, "raise": invoice, "indu": credit note, "occupant": {key: move}}``."""
        accounting = self.company_id._housing_accounting()
        journal = accounting["housing_sale_journal_id"]
        due_day = min(max(self.company_id.housing_due_day or 1, 1), 28)
        next_due = hm.add_months(hm.month_start(self.date_payment), 1).replace(day=due_day)
        keys, vals_list = [], []

        def move_vals(partner, move_type, label_lines, ref, date_due):
            return {
                "move_type": move_type,
                "partner_id": partner.id,
                "company_id": self.company_id.id,
                "journal_id": journal.id,
                "currency_id": self.currency_id.id,
                "invoice_date": self.date_payment,
                "date": self.date_payment,
                "invoice_date_due": date_due,
                "ref": ref,
                "invoice_origin": self.name,
                "housing_caf_statement_id": self.id,
                "invoice_line_ids": label_lines,
            }

        for invoice, items in plan["credit"].items():
            lines = []
            for _line, due, amount in items:
                lines += self._move_lines(due, amount, self.env._("Allowance revised by the CAF"), accounting)
            keys.append(("credit", invoice))
            vals_list.append(
                move_vals(
                    self.caf_partner_id,
                    "out_refund",
                    lines,
                    self.env._("Allowance revised — %(invoice)s", invoice=invoice.name),
                    self.date_payment,
                )
            )
        if plan["raise"]:
            lines = []
            for _line, due, amount in plan["raise"]:
                lines += self._move_lines(due, amount, self.env._("Allowance revised by the CAF"), accounting)
            keys.append(("raise", None))
            vals_list.append(
                move_vals(self.caf_partner_id, "out_invoice", lines, self.env._("Allowance revised"), self.date_payment)
            )
        if plan["indu_debt"]:
            lines = []
            for line, amount in plan["indu_debt"]:
                lines += self._indu_lines(line, amount, accounting)
            keys.append(("indu", None))
            vals_list.append(
                move_vals(
                    self.caf_partner_id,
                    "out_refund",
                    lines,
                    self.env._("Overpayments recovered by the CAF"),
                    self.date_payment,
                )
            )
        for (partner, sign), items in plan["occupant"].items():
            keys.append(("occupant", (partner, sign)))
            vals_list.append(
                move_vals(
                    partner,
                    "out_invoice" if sign > 0 else "out_refund",
                    self._occupant_move_lines(items, accounting),
                    self.env._("Housing allowance — %(statement)s", statement=self.name),
                    next_due,
                )
            )
        moves = self.env["account.move"].create(vals_list) if vals_list else self.env["account.move"]
        moves.action_post()
        result = {"credit": {}, "raise": None, "indu": None, "occupant": {}}
        for (kind, key), move in zip(keys, moves, strict=True):
            if kind in ("credit", "occupant"):
                result[kind][key] = move
            else:
                result[kind] = move
        return result

    def _occupant_move_lines(self, items, accounting):
        """The lines of an occupant's invoice or credit note: the allowance revised, the overpayments recovered."""
        labels = {
            "shortfall": self.env._("Housing allowance lowered by the CAF: your share"),
            "surplus": self.env._("Housing allowance raised by the CAF: deducted from your share"),
        }
        lines = []
        for line, due, amount, reason in items:
            if reason == "indu":
                lines += self._indu_lines(line, amount, accounting)
            else:
                lines += self._move_lines(due, amount, labels[reason], accounting)
        return lines

    def _move_lines(self, due, amount, label, accounting):
        """Invoice lines for ``amount`` of ``due`` (rent and charges in the due's proportion, on the accounts and
        analytic accounts billing used for it)."""
        month = due._period_label()
        billed = self.env["housing.billing.run"]._prepare_move_lines(due, True, accounting, month)
        parts = hm.share_out(amount, [command[2]["price_unit"] for command in billed])
        commands = []
        for command, part in zip(billed, parts, strict=True):
            if not part:
                continue
            values = dict(command[2], price_unit=float(part))
            values["name"] = f"{label} — {month} — {due.occupant_id.name} — {due.occupancy_id.name}"
            commands.append(Command.create(values))
        return commands

    def _indu_lines(self, line, amount, accounting):
        """The invoice line of an overpayment recovered (on the rent account and the agreement's analytic)."""
        agreement = line.occupancy_id
        accounts = (agreement.programme_id.analytic_account_id | agreement.unit_id.analytic_account_id).ids
        month = hm.month_label(line.period_start, self.env.lang)
        return [
            Command.create(
                {
                    "product_id": accounting["housing_rent_product_id"].id,
                    "name": self.env._(
                        "Housing allowance overpaid and recovered by the CAF — %(month)s — %(person)s",
                        month=month,
                        person=line.partner_id.name or line.beneficiary_name,
                    ),
                    "account_id": accounting["housing_rent_account_id"].id,
                    "quantity": 1,
                    "price_unit": float(amount),
                    "tax_ids": [Command.clear()],
                    "analytic_distribution": {",".join(map(str, accounts)): 100} if accounts else False,
                }
            )
        ]

    def _register_payment(self, plan, moves):
        """One payment of the transfer whose journal entry pays each CAF invoice exactly what the statement
        allots to it (one receivable line per invoice), keeps the rest as the CAF's credit, and the
        overpayments recovered as the CAF's debt (settled by the credit note, or kept aside when contested).

        Returns ``(payment, pairs)``: the payment and its receivable lines with the line each one settles."""
        payment = self.env["account.payment"].create(
            {
                "payment_type": "inbound",
                "partner_type": "customer",
                "partner_id": self.caf_partner_id.id,
                "amount": self.amount_transfer,
                "date": self.date_payment,
                "journal_id": self.journal_id.id,
                "company_id": self.company_id.id,
                "memo": self.name,
            }
        )
        if not payment.outstanding_account_id:
            payment.outstanding_account_id = payment._get_outstanding_account("inbound")
        receivable = self.caf_partner_id.with_company(self.company_id).property_account_receivable_id
        label = self.name
        commands, targets = [], []

        def add(balance, account, name, target=None):
            commands.append(
                Command.create(
                    {
                        "name": name,
                        "date_maturity": self.date_payment,
                        "partner_id": self.caf_partner_id.id,
                        "account_id": account.id,
                        "currency_id": self.currency_id.id,
                        "balance": float(balance),
                        "amount_currency": float(balance),
                    }
                )
            )
            targets.append(target)

        add(hm.round_cents(self.amount_transfer), payment.outstanding_account_id, label)
        for invoice, amount in plan["settle"].items():
            if amount:
                target = self._receivable_line(invoice)
                add(-amount, target.account_id, f"{label} — {invoice.name}", target)
        for move, sign, name in (
            (moves["raise"], -1, None),
            (moves["indu"], 1, self.env._("%(label)s — overpayments recovered", label=label)),
        ):
            if move:
                target = self._receivable_line(move)
                add(
                    sign * hm.to_decimal(move.amount_total), target.account_id, name or f"{label} — {move.name}", target
                )
        if plan["unallocated"]:
            add(-plan["unallocated"], receivable, self.env._("%(label)s — CAF's credit", label=label))
        for statement_line, amount in plan["indu_kept"]:
            add(
                amount,
                receivable,
                self.env._(
                    "%(label)s — overpayment recovered, contested: %(person)s, %(month)s",
                    label=label,
                    person=statement_line.partner_id.name or statement_line.beneficiary_name,
                    month=hm.month_label(statement_line.period_start, self.env.lang),
                ),
            )
        payment._generate_journal_entry(line_ids=commands)
        payment.action_post()
        lines = payment.move_id.line_ids.sorted("id")
        pairs = [aml | target for aml, target in zip(lines, targets, strict=True) if target]
        return payment, pairs

    @api.model
    def _receivable_line(self, move):
        return move.line_ids.filtered(lambda aml: aml.account_id.account_type == "asset_receivable")[:1]

    def _reconcile(self, plan, moves, pairs):
        """Match each line of the payment and each credit note with the invoice it settles (one reconciliation
        plan: Odoo's partial matching, pair by pair, so that every invoice gets exactly its amount)."""
        pairs = list(pairs)
        for invoice, credit_note in moves["credit"].items():
            pairs.append(self._receivable_line(credit_note) | self._receivable_line(invoice))
        # an occupant's credit note (allowance raised) pays their own invoice of that month when it is still due
        RentLine = self.env["housing.rent.line"]
        for key, move in moves["occupant"].items():
            if key[1] > 0:
                continue
            own = RentLine
            for agreement_id, month in {
                (item[1].occupancy_id.id, item[1].period_start) for item in plan["occupant"][key]
            }:
                own |= RentLine.search(
                    [
                        ("occupancy_id", "=", agreement_id),
                        ("payer_kind", "=", "occupant"),
                        ("period_start", "=", month),
                        ("state", "=", "billed"),
                    ]
                )
            open_lines = own.move_id.filtered(lambda inv: inv.move_type == "out_invoice").line_ids.filtered(
                lambda aml: aml.account_id.account_type == "asset_receivable" and not aml.reconciled
            )
            if open_lines:
                pairs.append(self._receivable_line(move) | open_lines)
        if pairs:
            self.env["account.move.line"]._reconcile_plan(pairs)

    def _post_validation_message(self, plan):
        self.ensure_one()
        self.invalidate_recordset(["move_count", "move_ids"])
        lines = self.line_ids
        dues = lines.rent_line_id
        self.message_post(
            body=self.env._(
                "Validated: payment %(payment)s of %(amount)s; %(dues)s dues paid (%(paid)s fully, %(partial)s in "
                "part), %(credit)s left as the CAF's credit, %(indu)s of overpayments recovered, %(moves)s credit "
                "notes and invoices.",
                payment=self.payment_id.name,
                amount=self._format_amount(self.amount_transfer),
                dues=len(dues),
                paid=len(dues.filtered(lambda due: due.payment_state == "paid")),
                partial=len(dues.filtered(lambda due: due.payment_state == "partial")),
                credit=self._format_amount(float(plan["unallocated"])),
                indu=self._format_amount(self.amount_indu),
                moves=self.move_count,
            ),
            subtype_xmlid="mail.mt_note",
        )

    # ------------------------------------------------------------------ helpers
    def _format_amount(self, amount):
        return formatLang(self.env, amount, currency_obj=self.currency_id)

    # ------------------------------------------------------------------ demo
    @api.model
    def _demo_caf_story(self):
        """Demo data: last month of the shared homes billed, and the CAF of Paris's statement of that month
        imported, matched and validated (one allowance short-paid, left due by the CAF; one overpayment of an
        earlier month recovered, invoiced to the resident).

        Runs once, when the demo data is installed; never blocks the installation (it logs why it could not).
        """
        try:
            with self.env.cr.savepoint():
                self._demo_caf_story_run()
        except Exception:  # demo data is a bonus: a failure must not stop the installation
            _logger.warning("Demo CAF statement skipped", exc_info=True)

    def _demo_caf_story_run(self):
        programme = self.env.ref("solidarity_housing.programme_shared_homes_demo", raise_if_not_found=False)
        mapping = self.env.ref("solidarity_housing.caf_statement_mapping_paris_demo", raise_if_not_found=False)
        if not (programme and mapping):
            return
        admin = self.env.ref("base.user_admin")
        company = programme.company_id
        env = self.env(user=admin, context=dict(self.env.context, allowed_company_ids=company.ids))
        if env["housing.caf.statement"].search_count([("mapping_id", "=", mapping.id)], limit=1):
            return
        month = hm.add_months(hm.month_start(fields.Date.context_today(self)), -1)
        env["housing.billing.run"].create(
            {"period_start": month, "programme_ids": [Command.set(programme.ids)]}
        ).action_start()
        dues = env["housing.rent.line"].search(
            [
                ("programme_id", "=", programme.id),
                ("payer_kind", "=", "housing_allowance"),
                ("partner_id", "=", mapping.caf_partner_id.id),
                ("period_start", "=", month),
                ("state", "=", "billed"),
            ],
            order="id",
        )
        numbers = env["housing.caf.statement"].new({"company_id": company.id})._occupants_by_caf_number()
        number_of = {partner_id: number for number, partner_ids in numbers.items() for partner_id in partner_ids}
        month_text = month.strftime(mapping.month_format)
        numbered = dues.filtered(lambda due: due.occupant_id.id in number_of)
        indebted, short_paid = numbered[:1], numbered[1:2]
        rows = []
        for due in dues:
            first, _sep, last = (due.occupant_id.name or "").partition(" ")
            amount = due.amount - (15 if due == short_paid else 0)
            rows.append(
                [number_of.get(due.occupant_id.id, ""), f"{last.upper()} {first}", month_text, "Mensualité", amount]
            )
        if indebted:
            earlier = hm.add_months(month, -2).strftime(mapping.month_format)
            rows.append([number_of[indebted.occupant_id.id], indebted.occupant_id.name, earlier, "Indu", -25.0])
        lines = ["N° allocataire;Nom;Mois;Nature;Montant"] + [
            ";".join([str(number), name, when, kind, f"{amount:.2f}".replace(".", ",")])
            for number, name, when, kind, amount in rows
        ]
        total = round(sum(row[4] for row in rows), 2)
        journal = env["account.journal"].search(
            [("type", "=", "bank"), *env["account.journal"]._check_company_domain(company)], limit=1
        )
        statement = env["housing.caf.statement"]._import_file(
            mapping,
            ("\n".join(lines) + "\n").encode(),
            f"releve_caf_paris_{month:%Y_%m}.csv",
            total,
            min(month.replace(day=25), fields.Date.context_today(self)),
            journal,
            period_start=month,
        )
        statement.action_validate()
