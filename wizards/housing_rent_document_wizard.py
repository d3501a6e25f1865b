from odoo import Command, api, fields, models
from odoo.exceptions import RedirectWarning, UserError

from ..models.housing_rent_document import DOCUMENT_REQUESTS, REPORT_XMLID
from ..tools import housing_math as hm


class HousingRentDocumentWizard(models.TransientModel):
    """The tenant documents of a month, for every occupant at once: printed in one PDF or e-mailed."""

    _name = "housing.rent.document.wizard"
    _inherit = ["housing.month.mixin"]
    _description = "Tenant documents of a month"
    _check_company_auto = True

    company_id = fields.Many2one("res.company", required=True, readonly=True, default=lambda self: self.env.company)
    period_start = fields.Date(
        string="Month",
        required=True,
        default=lambda self: hm.month_start(fields.Date.context_today(self)),
        help="Any day of the month.",
    )
    programme_ids = fields.Many2many(
        "housing.programme",
        "housing_rent_document_wizard_programme_rel",
        "wizard_id",
        "programme_id",
        string="Programmes",
        check_company=True,
        help="Empty: every programme.",
    )
    occupant_ids = fields.Many2many(
        "res.partner",
        "housing_rent_document_wizard_occupant_rel",
        "wizard_id",
        "partner_id",
        string="Occupants",
        help="Empty: every occupant billed for the month.",
    )
    request = fields.Selection(DOCUMENT_REQUESTS, string="Documents", required=True, default="notice")
    state = fields.Selection(
        [("choose", "Choose"), ("ready", "Ready"), ("sent", "Sent")], string="Status", default="choose", required=True
    )
    document_ids = fields.Many2many(
        "housing.rent.document",
        "housing_rent_document_wizard_document_rel",
        "wizard_id",
        "document_id",
        string="Documents prepared",
        readonly=True,
    )
    unsent_document_ids = fields.Many2many(
        "housing.rent.document",
        "housing_rent_document_wizard_unsent_rel",
        "wizard_id",
        "document_id",
        string="To print (no e-mail address)",
        readonly=True,
    )
    summary = fields.Text(readonly=True)
    document_count = fields.Integer(compute="_compute_document_count", string="Documents count")
    email_count = fields.Integer(compute="_compute_document_count", string="With an e-mail address")

    @api.depends("document_ids", "document_ids.occupant_id.email")
    def _compute_document_count(self):
        for wizard in self:
            wizard.document_count = len(wizard.document_ids)
            wizard.email_count = len(wizard.document_ids.filtered("occupant_id.email"))

    # ------------------------------------------------------------------ actions
    def action_prepare(self):
        """Issue (or find) the documents of every occupant in scope."""
        self.ensure_one()
        self._check_can_issue()
        month = hm.month_start(self.period_start)
        dues = self.env["housing.rent.line"].search(self._dues_domain(month))
        Document = self.env["housing.rent.document"]
        if not dues:
            raise UserError(
                self.env._(
                    "No occupant has dues for %(month)s in this selection: bill the month first (Billing > Rent "
                    "billings), or check the programmes and occupants.",
                    month=self._month_label(month),
                )
            )
        result = Document._issue(self.request, dues)
        if result["refused"]:
            raise RedirectWarning(
                "\n".join(document._not_paid_message(status) for document, status in result["refused"]),
                self._receipts_action(),
                self.env._("Give payment receipts instead"),
            )
        documents = result["documents"]
        lines = [self._count_message(documents)]
        if result["skipped"]:
            lines.append(
                self.env._(
                    "No document for: %(occupants)s.",
                    occupants="; ".join(f"{occupant.name} ({reason})" for occupant, reason in result["skipped"]),
                )
            )
        self.write(
            {
                "state": "ready",
                "period_start": month,
                "document_ids": [Command.set(documents.ids)],
                "summary": "\n".join(lines),
            }
        )
        return self._reopen()

    def action_print(self):
        """All the documents in one PDF."""
        self.ensure_one()
        if not self.document_ids:
            raise UserError(self.env._("There is no document to print."))
        return self.env.ref(REPORT_XMLID).report_action(self.document_ids)

    def action_send(self):
        """E-mail each occupant their document (mail queue); those without an address are listed to print."""
        self.ensure_one()
        self._check_can_issue()
        if not self.document_ids:
            raise UserError(self.env._("There is no document to send."))
        sent, unsent = self.document_ids._send_by_email()
        lines = [
            self.env._(
                "%(sent)s of %(total)s documents e-mailed: the e-mails leave with the mail queue.",
                sent=len(sent),
                total=len(self.document_ids),
            )
        ]
        if unsent:
            lines.append(
                self.env._(
                    "%(count)s occupants have no e-mail address: print their documents and hand them over "
                    "(%(occupants)s).",
                    count=len(unsent),
                    occupants=", ".join(unsent.occupant_id.mapped("name")),
                )
            )
        self.write({"state": "sent", "unsent_document_ids": [Command.set(unsent.ids)], "summary": "\n".join(lines)})
        return self._reopen()

    def action_print_unsent(self):
        self.ensure_one()
        if not self.unsent_document_ids:
            raise UserError(self.env._("Every occupant received their document by e-mail."))
        return self.env.ref(REPORT_XMLID).report_action(self.unsent_document_ids)

    def action_view_documents(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("solidarity_housing.housing_rent_document_action")
        action["domain"] = [("id", "in", self.document_ids.ids)]
        action["context"] = {}
        return action

    # ------------------------------------------------------------------ helpers
    def _check_can_issue(self):
        if not self.env.user.has_group("account.group_account_invoice"):
            raise UserError(self.env._("Only accountants (Invoicing rights) issue and send tenant documents."))

    def _dues_domain(self, month):
        self.ensure_one()
        domain = [
            ("company_id", "=", self.company_id.id),
            ("period_start", "=", month),
            ("occupancy_id", "!=", False),
            ("direction", "=", "receivable"),
        ]
        if self.programme_ids:
            domain.append(("programme_id", "in", self.programme_ids.ids))
        if self.occupant_ids:
            domain.append(("occupant_id", "in", self.occupant_ids.ids))
        return domain

    def _month_label(self, month):
        return hm.month_label(month, self.env.lang)

    def _count_message(self, documents):
        counts = {
            kind: len(documents.filtered(lambda doc, kind=kind: doc.kind == kind))
            for kind in dict(documents._fields["kind"].selection)
        }
        return self.env._(
            "%(month)s: %(notices)s payment notices, %(rent_receipts)s rent receipts, %(payment_receipts)s payment "
            "receipts; %(emails)s occupants have an e-mail address.",
            month=self._month_label(hm.month_start(self.period_start)),
            notices=counts["notice"],
            rent_receipts=counts["rent_receipt"],
            payment_receipts=counts["payment_receipt"],
            emails=len(documents.filtered("occupant_id.email")),
        )

    def _reopen(self):
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Tenant documents"),
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
        }

    def _receipts_action(self):
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Tenant documents"),
            "res_model": self._name,
            "view_mode": "form",
            "views": [[False, "form"]],
            "target": "new",
            "context": {
                "default_request": "receipt",
                "default_period_start": fields.Date.to_string(self.period_start),
                "default_programme_ids": self.programme_ids.ids,
                "default_occupant_ids": self.occupant_ids.ids,
            },
        }
