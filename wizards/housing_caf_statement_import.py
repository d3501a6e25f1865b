import base64

from odoo import api, fields, models
from odoo.exceptions import UserError


class HousingCafStatementImport(models.TransientModel):
    """Import a CAF statement file (CSV or XLSX) with the CAF's layout."""

    _name = "housing.caf.statement.import"
    _description = "Import a CAF statement"
    _check_company_auto = True

    company_id = fields.Many2one("res.company", required=True, readonly=True, default=lambda self: self.env.company)
    currency_id = fields.Many2one(related="company_id.currency_id")
    mapping_id = fields.Many2one(
        "housing.caf.statement.mapping",
        string="Layout",
        required=True,
        check_company=True,
        default=lambda self: self.env["housing.caf.statement.mapping"].search(
            [("company_id", "=", self.env.company.id)], limit=1
        ),
        help="The CAF and how its file reads (Billing > Configuration > CAF statement layouts).",
    )
    file = fields.Binary(string="Statement file", required=True, help="The CAF's statement, as CSV or XLSX.")
    file_name = fields.Char()
    period_start = fields.Date(
        string="Month", help="The month the statement pays. Empty: the month most of its lines are for."
    )
    date_payment = fields.Date(string="Transfer date", required=True, default=fields.Date.context_today)
    amount_transfer = fields.Monetary(
        string="Bank transfer", required=True, help="The amount the CAF transferred, as the bank statement shows it."
    )
    journal_id = fields.Many2one(
        "account.journal",
        string="Bank journal",
        required=True,
        check_company=True,
        domain="[('type', 'in', ('bank', 'cash'))]",
        default=lambda self: self.env["account.journal"].search(
            [("type", "=", "bank"), *self.env["account.journal"]._check_company_domain(self.env.company)], limit=1
        ),
    )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_file_size(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._check_file_size(vals)
        return super().write(vals)

    @api.model
    def _check_file_size(self, vals):
        """A file too large is refused before it is stored (the wizard's file is an attachment)."""
        data = vals.get("file")
        if data:
            # the size of the decoded file, from its base64 text (not decoded: it may be large)
            text = data.encode() if isinstance(data, str) else data
            text = text.replace(b"\n", b"").replace(b"\r", b"")
            size = len(text) * 3 // 4 - text[-2:].count(b"=")
            self.env["housing.caf.statement"]._check_size(None, size=size)

    @api.onchange("file_name")
    def _onchange_file_name(self):
        if self.file_name and not self.file_name.lower().endswith((".csv", ".txt", ".xlsx")):
            return {
                "warning": {
                    "title": self.env._("CSV or XLSX"),
                    "message": self.env._("A CAF statement is read from a CSV or an XLSX file."),
                }
            }
        return None

    def action_import(self):
        self.ensure_one()
        if not self.file:
            raise UserError(self.env._("Choose the statement's file first."))
        statement = self.env["housing.caf.statement"]._import_file(
            self.mapping_id,
            base64.b64decode(self.file),
            self.file_name,
            self.amount_transfer,
            self.date_payment,
            self.journal_id,
            period_start=self.period_start,
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "housing.caf.statement",
            "res_id": statement.id,
            "view_mode": "form",
            "target": "current",
        }
