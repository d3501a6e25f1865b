from odoo import api, fields, models
from odoo.exceptions import ValidationError

#: default account of each billing role, by the French chart's code (a prefix match)
DEFAULT_ACCOUNT_CODES = {
    "housing_rent_account_id": "7083",  # locations diverses
    "housing_charges_account_id": "7083",
    "housing_funder_account_id": "74",  # subventions d'exploitation
    "housing_mandate_account_id": "467",  # autres comptes débiteurs ou créditeurs (mandant)
    "housing_rent_expense_account_id": "6132",  # locations immobilières
    "housing_charges_expense_account_id": "614",  # charges locatives
}

#: the rent is due on a day every month has
DUE_DAY_MAX = 28


class ResCompany(models.Model):
    """Rent billing's settings of a company: journals, accounts, products, the calendar."""

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
    housing_rent_product_id = fields.Many2one(
        "product.product", string="Rent product", help="Product of the rent lines; empty: Rent."
    )
    housing_charges_product_id = fields.Many2one(
        "product.product", string="Charges product", help="Product of the charges lines; empty: Charges."
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

    @api.constrains("housing_due_day")
    def _check_housing_due_day(self):
        for company in self:
            if not 1 <= company.housing_due_day <= DUE_DAY_MAX:
                raise ValidationError(
                    self.env._(
                        "The rent of %(company)s cannot be due on day %(day)s of the month: enter a day from 1 to "
                        "%(max)s, which every month has.",
                        company=company.name,
                        day=company.housing_due_day,
                        max=DUE_DAY_MAX,
                    )
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
        values["housing_rent_product_id"] = self.housing_rent_product_id or self.env.ref(
            "solidarity_housing.product_rent", raise_if_not_found=False
        )
        values["housing_charges_product_id"] = self.housing_charges_product_id or self.env.ref(
            "solidarity_housing.product_charges", raise_if_not_found=False
        )
        sale, purchase = values["housing_sale_journal_id"], values["housing_purchase_journal_id"]
        for field_name in ("housing_rent_account_id", "housing_charges_account_id", "housing_funder_account_id"):
            values[field_name] = values[field_name] or sale.default_account_id
        values["housing_mandate_account_id"] = values["housing_mandate_account_id"] or values["housing_rent_account_id"]
        for field_name in ("housing_rent_expense_account_id", "housing_charges_expense_account_id"):
            values[field_name] = values[field_name] or purchase.default_account_id
        return values
