from collections import defaultdict

from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import float_is_zero
from odoo.tools.misc import formatLang

from ..tools import housing_math as hm

DOCUMENT_KINDS = [
    ("notice", "Payment notice"),
    ("rent_receipt", "Rent receipt"),
    ("payment_receipt", "Payment receipt"),
]

#: what a user may ask for a month: notices, receipts (a rent receipt when the month is fully paid,
#: a payment receipt otherwise), or rent receipts only (refused for a month not fully paid)
DOCUMENT_REQUESTS = [
    ("notice", "Payment notices"),
    ("receipt", "Receipts (rent receipt if fully paid, payment receipt otherwise)"),
    ("rent_receipt", "Rent receipts only"),
]

#: payers deducted from the occupant's rent on the documents, in the order they are shown
DEDUCTED_PAYERS = ("housing_allowance", "funder", "association")

REPORT_XMLID = "solidarity_housing.action_report_housing_rent_document"
MAIL_TEMPLATE_XMLID = "solidarity_housing.mail_template_housing_rent_document"


class HousingRentDocument(models.Model):
    """A document given to an occupant for a month: payment notice (avis d'échéance), rent receipt
    (quittance, only for a month fully paid) or payment receipt (reçu, for a partial payment).

    Built from the month's dues of the occupant's agreements (every payer: the occupant, the CAF, a
    funder, the association), so that it shows the whole picture: rent and charges, what the others
    pay, what the occupant owes. What was paid is recorded when the document is issued.
    """

    _name = "housing.rent.document"
    _description = "Tenant document"
    _inherit = ["mail.thread"]
    _order = "period_start desc, occupant_id, kind, id desc"
    _check_company_auto = True

    kind = fields.Selection(DOCUMENT_KINDS, string="Document", required=True, readonly=True, index=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, readonly=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    occupant_id = fields.Many2one("res.partner", required=True, index=True, readonly=True)
    occupant_email = fields.Char(related="occupant_id.email", string="E-mail")
    period_start = fields.Date(string="Month", required=True, index=True, readonly=True)
    period_end = fields.Date(compute="_compute_period_end", store=True)
    rent_line_ids = fields.Many2many(
        "housing.rent.line",
        "housing_rent_document_rent_line_rel",
        "document_id",
        "rent_line_id",
        string="Dues",
        readonly=True,
        check_company=True,
    )
    occupancy_ids = fields.Many2many(
        "housing.occupancy", compute="_compute_occupancy_ids", string="Agreements", help="The occupant's agreements."
    )
    programme_id = fields.Many2one("housing.programme", compute="_compute_from_dues", store=True, index=True)
    unit_id = fields.Many2one("housing.unit", compute="_compute_from_dues", store=True, index=True)
    date = fields.Date(string="Issued on", required=True, readonly=True, default=fields.Date.context_today)
    date_due = fields.Date(compute="_compute_from_dues", store=True, string="Due date")
    sent_on = fields.Datetime(string="E-mailed on", readonly=True, copy=False)
    amount_rent = fields.Monetary(compute="_compute_amounts", store=True, string="Rent")
    amount_charges = fields.Monetary(compute="_compute_amounts", store=True, string="Charges")
    amount_total = fields.Monetary(compute="_compute_amounts", store=True, string="Rent and charges")
    amount_allowance = fields.Monetary(compute="_compute_amounts", store=True, string="Housing allowance")
    amount_funder = fields.Monetary(compute="_compute_amounts", store=True, string="Funders")
    amount_association = fields.Monetary(compute="_compute_amounts", store=True, string="Association's share")
    amount_due = fields.Monetary(
        compute="_compute_amounts", store=True, string="Net due", help="What the occupant owes for the month."
    )
    amount_paid = fields.Monetary(
        string="Paid", readonly=True, help="Paid by the occupant when the document was issued."
    )
    amount_residual = fields.Monetary(
        string="Left to pay", readonly=True, help="Left to pay by the occupant when the document was issued."
    )
    payment_date = fields.Date(string="Last payment", readonly=True)

    _unique_notice_and_rent_receipt = models.UniqueIndex(
        "(company_id, occupant_id, period_start, kind) WHERE kind IN ('notice', 'rent_receipt')",
        "An occupant gets one payment notice and one rent receipt per month.",
    )

    # ------------------------------------------------------------------ computes
    @api.depends("period_start")
    def _compute_period_end(self):
        for document in self:
            document.period_end = document.period_start and hm.month_end(document.period_start)

    @api.depends("rent_line_ids.occupancy_id")
    def _compute_occupancy_ids(self):
        for document in self:
            document.occupancy_ids = document.rent_line_ids.occupancy_id

    @api.depends("rent_line_ids.occupancy_id", "rent_line_ids.date_due", "company_id.housing_due_day")
    def _compute_from_dues(self):
        for document in self:
            dues = document.rent_line_ids
            document.programme_id = dues.programme_id[:1]
            document.unit_id = dues.unit_id[:1]
            own = dues.filtered(lambda due: due.payer_kind == "occupant")
            dates = [day for day in own.mapped("date_due") if day]
            if dates:
                document.date_due = min(dates)
            elif document.period_start:
                due_day = min(max(document.company_id.housing_due_day or 1, 1), 28)
                document.date_due = document.period_start.replace(day=due_day)
            else:
                document.date_due = False

    @api.depends("rent_line_ids.amount", "rent_line_ids.rent_amount", "rent_line_ids.charges_amount")
    def _compute_amounts(self):
        for document in self:
            dues = document.rent_line_ids
            by_kind = defaultdict(float)
            for due in dues:
                by_kind[due.payer_kind] += due.amount
            document.amount_rent = sum(dues.mapped("rent_amount"))
            document.amount_charges = sum(dues.mapped("charges_amount"))
            document.amount_total = sum(dues.mapped("amount"))
            document.amount_allowance = by_kind["housing_allowance"]
            document.amount_funder = by_kind["funder"]
            document.amount_association = by_kind["association"]
            document.amount_due = by_kind["occupant"]

    @api.depends("kind", "occupant_id", "period_start")
    @api.depends_context("lang")
    def _compute_display_name(self):
        kinds = dict(self._fields["kind"]._description_selection(self.env))
        for document in self:
            month = document.period_start and document._period_label()
            document.display_name = f"{kinds.get(document.kind, '')} {month or ''} — {document.occupant_id.name or ''}"

    # ------------------------------------------------------------------ checks
    @api.constrains("kind", "rent_line_ids")
    def _check_rent_receipt(self):
        """A rent receipt (quittance) is never given for a month not fully paid."""
        for document in self.filtered(lambda doc: doc.kind == "rent_receipt"):
            status = self._payment_status(document.rent_line_ids, document.company_id)
            if not document.rent_line_ids or not status["fully_paid"]:
                raise ValidationError(document._not_paid_message(status))

    @api.constrains("rent_line_ids", "occupant_id", "period_start")
    def _check_dues(self):
        for document in self:
            dues = document.rent_line_ids
            if dues.filtered(
                lambda due, doc=document: (
                    due.occupant_id != doc.occupant_id or due.period_start != doc.period_start or not due.occupancy_id
                )
            ):
                raise ValidationError(
                    self.env._("A tenant document shows the dues of one occupant's agreements for one month only.")
                )

    # ------------------------------------------------------------------ actions
    def action_print(self):
        return self.env.ref(REPORT_XMLID).report_action(self)

    def action_send_email(self):
        if not self.env.user.has_group("account.group_account_invoice"):
            raise UserError(self.env._("Only accountants (Invoicing rights) issue and send tenant documents."))
        sent, unsent = self._send_by_email()
        message = self.env._("%(sent)s documents e-mailed (in the mail queue).", sent=len(sent))
        if unsent:
            message += " " + self.env._(
                "No e-mail address, print their documents: %(occupants)s.",
                occupants=", ".join(unsent.occupant_id.mapped("name")),
            )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {"message": message, "type": "warning" if unsent else "success", "sticky": bool(unsent)},
        }

    # ------------------------------------------------------------------ issuing
    @api.model
    def _payment_status(self, dues, company):
        """What the occupant paid of ``dues`` (one occupant, one month), and whether the month is fully paid.

        The occupant's dues count (a credited due is no longer owed); a due not billed yet is unpaid. With
        the setting *Rent receipt once the allowance is received*, the CAF's and funders' dues must be paid too.
        """
        rounding = company.currency_id.rounding or 0.01

        def owed(due_lines):
            lines = due_lines.filtered(lambda due: due.amount > 0 and due.payment_state != "credited")
            residual = sum(due.amount_residual if due.state == "billed" else due.amount for due in lines)
            return sum(lines.mapped("amount")), residual

        own_total, own_residual = owed(dues.filtered(lambda due: due.payer_kind == "occupant"))
        _others_total, others_residual = owed(
            dues.filtered(lambda due: due.payer_kind in ("housing_allowance", "funder"))
        )
        own_residual = company.currency_id.round(own_residual)
        fully_paid = float_is_zero(own_residual, precision_rounding=rounding) and (
            not company.housing_receipt_needs_third_party or float_is_zero(others_residual, precision_rounding=rounding)
        )
        return {
            "due": company.currency_id.round(own_total),
            "paid": company.currency_id.round(own_total - own_residual),
            "residual": own_residual,
            "others_residual": company.currency_id.round(others_residual),
            "fully_paid": fully_paid,
        }

    def _not_paid_message(self, status):
        self.ensure_one()
        if status["residual"] > 0 or not self.company_id.housing_receipt_needs_third_party:
            return self.env._(
                "%(occupant)s has not fully paid %(month)s (%(residual)s left to pay of %(due)s): a rent receipt "
                "(quittance) is only given for a month fully paid. Give a payment receipt (reçu) for what was "
                "received instead.",
                occupant=self.occupant_id.name,
                month=self._period_label(),
                residual=self._format_amount(status["residual"]),
                due=self._format_amount(status["due"]),
            )
        return self.env._(
            "The housing allowance or the funder has not paid %(month)s for %(occupant)s yet (%(residual)s left): "
            "the settings ask for it before a rent receipt (quittance) is given.",
            occupant=self.occupant_id.name,
            month=self._period_label(),
            residual=self._format_amount(status["others_residual"]),
        )

    @api.model
    def _issue(self, request, dues):
        """Issue the documents of ``request`` for the occupants of ``dues`` (receivable dues of agreements).

        ``request``: ``notice``, ``receipt`` (a rent receipt when the month is fully paid, a payment receipt
        otherwise, nothing when nothing was received) or ``rent_receipt`` (rent receipts only). An existing
        notice or rent receipt of the month is reused, as is a payment receipt for the same amount paid.

        Returns a dict: ``documents``, ``skipped`` (``[(occupant, reason)]``: nothing to issue) and
        ``refused`` (``[(document-to-be, status)]``: rent receipts asked for months not fully paid; when there
        are some, nothing is issued).
        """
        groups = defaultdict(lambda: self.env["housing.rent.line"])
        for due in dues.filtered(lambda due: due.occupancy_id and due.direction == "receivable"):
            groups[(due.company_id, due.occupant_id, due.period_start)] |= due
        existing = self._existing(groups)
        payment_dates = self._payment_dates(
            dues.filtered(lambda due: due.payer_kind == "occupant" and due.state == "billed").move_id
        )
        documents, skipped, refused, vals_list, updates = self.browse(), [], [], [], []
        for (company, occupant, month), group in sorted(
            groups.items(), key=lambda item: (item[0][1].name or "", item[0][1].id)
        ):
            status = self._payment_status(group, company)
            kind = self._kind_for(request, status)
            if kind == "refused":
                key = {"company_id": company.id, "occupant_id": occupant.id, "period_start": month}
                refused.append((self.new(key), status))
                continue
            if not kind:
                skipped.append((occupant, self.env._("nothing received yet for the month")))
                continue
            dates = [
                payment_dates[move]
                for move in group.filtered(lambda due: due.payer_kind == "occupant").move_id
                if payment_dates.get(move)
            ]
            snapshot = {
                "amount_paid": status["paid"],
                "amount_residual": status["residual"],
                "payment_date": max(dates) if dates else False,
            }
            found = existing[(company, occupant, month, kind)].filtered(
                lambda doc, kind=kind, paid=status["paid"], currency=company.currency_id: (
                    kind != "payment_receipt" or currency.is_zero(doc.amount_paid - paid)
                )
            )[:1]
            if found:
                if found.rent_line_ids != group:
                    updates.append((found, {"rent_line_ids": [Command.set(group.ids)], **snapshot}))
                documents |= found
                continue
            vals_list.append(
                {
                    "kind": kind,
                    "company_id": company.id,
                    "occupant_id": occupant.id,
                    "period_start": month,
                    "rent_line_ids": [Command.set(group.ids)],
                    **snapshot,
                }
            )
        if refused:
            return {"documents": self.browse(), "skipped": skipped, "refused": refused}
        for document, values in updates:
            document.write(values)
        documents |= self.with_context(mail_create_nolog=True, tracking_disable=True).create(vals_list)
        return {
            "documents": documents.sorted(lambda doc: (doc.occupant_id.name or "", doc.id)),
            "skipped": skipped,
            "refused": [],
        }

    @api.model
    def _kind_for(self, request, status):
        """The document a request gives for a month: a kind, ``refused`` or ``False`` (nothing to give)."""
        if request == "notice":
            return "notice"
        if status["fully_paid"]:
            return "rent_receipt"
        if request == "rent_receipt":
            return "refused"
        return "payment_receipt" if status["paid"] > 0 else False

    @api.model
    def _existing(self, groups):
        """Documents already issued for the (company, occupant, month) of ``groups``, by (..., kind), newest first."""
        existing = defaultdict(self.browse)
        if not groups:
            return existing
        domain = [
            ("company_id", "in", list({key[0].id for key in groups})),
            ("occupant_id", "in", list({key[1].id for key in groups})),
            ("period_start", "in", list({key[2] for key in groups})),
        ]
        for document in self.search(domain, order="id desc"):
            existing[(document.company_id, document.occupant_id, document.period_start, document.kind)] |= document
        return existing

    @api.model
    def _payment_dates(self, moves):
        """Date of the last payment reconciled with each of ``moves``: {move: date}."""
        result = {}
        for move in moves:
            lines = move.line_ids.filtered(lambda line: line.account_id.account_type == "asset_receivable")
            partials = lines.matched_credit_ids | lines.matched_debit_ids
            result[move] = max(partials.mapped("max_date"), default=False)
        return result

    # ------------------------------------------------------------------ e-mail
    def _mail_get_partner_fields(self, introspect_fields=False):
        """The occupant is the document's recipient (whatever ``introspect_fields`` asks)."""
        return ["occupant_id"] if "occupant_id" in self else super()._mail_get_partner_fields(introspect_fields)

    def _send_by_email(self):
        """E-mail each occupant who has an address their document, through the mail queue.

        One rendering of the report for all the documents, one creation of attachments, one of e-mails
        (each logged on its document). Returns ``(sent, without_email)``.
        """
        template = self.env.ref(MAIL_TEMPLATE_XMLID)
        sent = self.filtered(lambda doc: doc.occupant_id.email)
        if not sent:
            return sent, self
        report = self.env.ref(REPORT_XMLID)
        reports = self.env["ir.actions.report"]
        content, report_type = reports._pre_render_qweb_pdf(report.report_name, res_ids=sent.ids)
        by_id = reports._get_splitted_report(report.report_name, content, report_type)
        attachments = self.env["ir.attachment"].create(
            [
                {
                    "name": f"{document._report_filename()}.{'pdf' if report_type == 'pdf' else 'html'}",
                    "raw": by_id[document.id],
                    "mimetype": "application/pdf" if report_type == "pdf" else "text/html",
                    "res_model": self._name,
                    "res_id": document.id,
                }
                for document in sent
            ]
        )
        rendered = template._generate_template(
            sent.ids, ("subject", "body_html", "email_from", "reply_to", "partner_to")
        )
        author = self.env.user.partner_id
        self.env["mail.mail"].sudo().create(
            [
                {
                    "subject": rendered[document.id]["subject"],
                    "body_html": rendered[document.id]["body_html"],
                    "body": rendered[document.id]["body_html"],
                    "email_from": rendered[document.id].get("email_from") or author.email_formatted,
                    "reply_to": rendered[document.id].get("reply_to") or False,
                    "author_id": author.id,
                    "recipient_ids": [Command.link(partner_id) for partner_id in rendered[document.id]["partner_ids"]],
                    "model": self._name,
                    "res_id": document.id,
                    "message_type": "email_outgoing",
                    "auto_delete": False,
                    "attachment_ids": [Command.link(attachment.id)],
                }
                for document, attachment in zip(sent, attachments, strict=True)
            ]
        )
        sent.write({"sent_on": fields.Datetime.now()})
        return sent, self - sent

    # ------------------------------------------------------------------ rendering
    def _lang(self):
        self.ensure_one()
        return self.occupant_id.lang or self.company_id.partner_id.lang or self.env.lang or "en_US"

    def _period_label(self, lang=None):
        """'mars 2025' in ``lang`` (the reader's language by default)."""
        self.ensure_one()
        return hm.month_label(self.period_start, lang or self.env.lang)

    def _format_amount(self, amount):
        return formatLang(self.env, amount, currency_obj=self.currency_id)

    def _report_filename(self):
        """File name of the document, in the occupant's language."""
        self.ensure_one()
        lang = self._lang()
        document = self.with_context(lang=lang)
        kinds = dict(self._fields["kind"]._description_selection(document.env))
        return f"{kinds[self.kind]} {self._period_label(lang)} - {self.occupant_id.name}"

    def _report_values(self):
        """What the documents print, per document id (one pass over the dues of all documents)."""
        values = {}
        for document in self:
            lang = document._lang()
            sections = []
            for agreement in document.rent_line_ids.occupancy_id.sorted(lambda occ: (occ.date_start, occ.id)):
                dues = document.rent_line_ids.filtered(lambda due, occ=agreement: due.occupancy_id == occ)
                first = max(document.period_start, agreement.date_start)
                last = min(document.period_end, agreement.exit_date or document.period_end)
                deducted = []
                for kind in DEDUCTED_PAYERS:
                    for due in dues.filtered(lambda due, kind=kind: due.payer_kind == kind and due.amount):
                        deducted.append({"kind": kind, "partner": due.partner_id.name, "amount": due.amount})
                own = dues.filtered(lambda due: due.payer_kind == "occupant")
                sections.append(
                    {
                        "agreement": agreement,
                        "unit": agreement.unit_id,
                        "room": agreement.room_id,
                        "date_from": first,
                        "date_to": last,
                        "days": dues[:1].days,
                        "basis": dues[:1].basis,
                        "partial": bool(dues[:1].days)
                        and dues[:1].days != hm.days_between(document.period_start, document.period_end),
                        "rent": sum(dues.mapped("rent_amount")),
                        "charges": sum(dues.mapped("charges_amount")),
                        "total": sum(dues.mapped("amount")),
                        "own_rent": sum(own.mapped("rent_amount")),
                        "own_charges": sum(own.mapped("charges_amount")),
                        "deducted": deducted,
                        "net": sum(own.mapped("amount")),
                    }
                )
            unit = document.unit_id
            values[document.id] = {
                "lang": lang,
                "month": document._period_label(lang),
                "sections": sections,
                "members": document.occupancy_ids.member_ids,
                "address_lines": [
                    part
                    for part in (
                        unit.street,
                        unit.street2,
                        " ".join(part for part in (unit.zip, unit.city) if part),
                    )
                    if part
                ],
                # the association's own accounts, printed for whoever prints the document
                "bank_accounts": document.company_id.partner_id.sudo().bank_ids,
            }
        return values
