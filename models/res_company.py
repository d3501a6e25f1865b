from odoo import fields, models

#: default account of each billing role, by the French chart's code (a prefix match)
DEFAULT_ACCOUNT_CODES = {
    "housing_rent_account_id": "7083",  # locations diverses
    "housing_charges_account_id": "7083",
    "housing_funder_account_id": "74",  # subventions d'exploitation
    "housing_mandate_account_id": "467",  # autres comptes débiteurs ou créditeurs (mandant)
    "housing_rent_expense_account_id": "6132",  # locations immobilières
    "housing_charges_expense_account_id": "614",  # charges locatives
}


class ResCompany(models.Model):
    _inherit = "res.company"

    housing_sale_journal_id = fields.Many2one(
        "account.journal",
        string="Rent journal",
        domain="[('type', '=', 'sale'), ('company_id', 'parent_of', id)]",
        help="Journal of the rent invoices; empty: the first sales journal.",
    )
    housing_purchase_journal_id = fields.Many2one(
        "account.journal",
        string="Landlord bills journal",
        domain="[('type', '=', 'purchase'), ('company_id', 'parent_of', id)]",
        help="Journal of the landlords' bills; empty: the first purchase journal.",
    )
    housing_rent_account_id = fields.Many2one(
        "account.account", string="Rent income account", help="Empty: 7083 (locations diverses)."
    )
    housing_charges_account_id = fields.Many2one(
        "account.account", string="Charges income account", help="Empty: 7083 (locations diverses)."
    )
    housing_funder_account_id = fields.Many2one(
        "account.account",
        string="Funders' share account",
        help="Income account of the shares billed to funders. Empty: 74 (subventions d'exploitation).",
    )
    housing_mandate_account_id = fields.Many2one(
        "account.account",
        string="Management mandate account",
        help="Rent collected for an owner under a management mandate is not income. Empty: 467.",
    )
    housing_rent_expense_account_id = fields.Many2one(
        "account.account", string="Rent expense account", help="Empty: 6132 (locations immobilières)."
    )
    housing_charges_expense_account_id = fields.Many2one(
        "account.account", string="Charges expense account", help="Empty: 614 (charges locatives)."
    )
    housing_due_day = fields.Integer(
        string="Rent due on day", default=5, help="Day of the month the rent is due (the payment notice says so)."
    )
    housing_bill_in_advance = fields.Boolean(
        string="Bill in advance",
        default=True,
        help="The monthly job bills the current month (rent due in advance); otherwise the past month.",
    )
    housing_allowance_surplus = fields.Selection(
        [("credit", "Keep as credit"), ("refund", "Pay back")],
        string="Allowance above the occupant's due",
        default="credit",
        required=True,
        help="The CAF paid more than the occupant owes: a credit note is issued to the occupant; it is either "
        "kept as credit on future rents or paid back (an activity reminds the accountant).",
    )
    housing_payment_instructions = fields.Text(
        string="How to pay",
        translate=True,
        help="Printed on the payment notices. Empty: by bank transfer to the association's account (its bank "
        "accounts are printed) or at its office.",
    )
    housing_receipt_needs_third_party = fields.Boolean(
        string="Rent receipt once the allowance is received",
        default=False,
        help="A rent receipt (quittance) is given once the occupant has paid their share; ticked, the housing "
        "allowance and the funders must have paid theirs too.",
    )
    housing_settlement_due_days = fields.Integer(
        string="Charges settlement due after (days)",
        default=30,
        help="Days the payers have to pay the invoices of an annual charges settlement.",
    )

    def _housing_accounting(self):
        """The accounts and journals billing uses, with the working defaults when a setting is empty."""
        self.ensure_one()
        account_model = self.env["account.account"].with_company(self)
        values = {}
        for field_name, code in DEFAULT_ACCOUNT_CODES.items():
            account = self[field_name]
            if not account:
                account = account_model.search(
                    [("code", "=like", f"{code}%"), ("company_ids", "parent_of", self.id), ("active", "=", True)],
                    order="code",
                    limit=1,
                )
            values[field_name] = account
        journal_model = self.env["account.journal"].with_company(self)
        for field_name, journal_type in (
            ("housing_sale_journal_id", "sale"),
            ("housing_purchase_journal_id", "purchase"),
        ):
            values[field_name] = self[field_name] or journal_model.search(
                [("type", "=", journal_type), *journal_model._check_company_domain(self)], limit=1
            )
        sale, purchase = values["housing_sale_journal_id"], values["housing_purchase_journal_id"]
        for field_name in ("housing_rent_account_id", "housing_charges_account_id", "housing_funder_account_id"):
            values[field_name] = values[field_name] or sale.default_account_id
        values["housing_mandate_account_id"] = values["housing_mandate_account_id"] or values["housing_rent_account_id"]
        for field_name in ("housing_rent_expense_account_id", "housing_charges_expense_account_id"):
            values[field_name] = values[field_name] or purchase.default_account_id
        return values
