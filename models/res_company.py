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
    housing_rent_product_id = fields.Many2one(
        "product.product", string="Rent product", help="Product of the rent lines; empty: Rent."
    )
    housing_charges_product_id = fields.Many2one(
        "product.product", string="Charges product", help="Product of the charges lines; empty: Charges."
    )
    housing_analytic_auto = fields.Boolean(
        string="Analytic accounts per programme and unit",
        default=True,
        help="Give each new programme and unit an analytic account, so that rent, charges and landlord bills "
        "are reported per programme and per dwelling.",
    )
    housing_due_day = fields.Integer(
        string="Rent due on day", default=5, help="Day of the month the rent is due (the payment notice says so)."
    )
    # Collections: arrears and repayment plans (DOMAIN.md defaults)
    housing_collections_user_id = fields.Many2one(
        "res.users",
        string="Collections accountant",
        domain="[('share', '=', False), ('company_ids', 'in', id)]",
        help="Gets the collections activities: arrears to report to the CAF, broken repayment plans, allowance to "
        "pay back. Empty: the accountant who started the billing, else the agreement's responsible.",
    )
    housing_arrears_caf_report_months = fields.Integer(
        string="Report arrears to the CAF within (months)",
        default=2,
        help="Months after a household falls into arrears by which the association reports them to the CAF "
        "paying its housing allowance.",
    )
    housing_repayment_max_months = fields.Integer(
        string="Longest repayment plan (instalments)",
        default=36,
        help="Most monthly instalments of a repayment plan (plan d'apurement): 3 years.",
    )
    housing_repayment_grace_days = fields.Integer(
        string="Instalment grace period (days)",
        default=15,
        help="An instalment still unpaid this many days after its due date is late, and the plan is broken.",
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

    # Social follow-up: alert thresholds (DOMAIN.md defaults)
    housing_papers_alert_days = fields.Integer(
        string="Papers expiring: alert (days before)",
        default=60,
        help="Days before a residence permit or receipt expires when the social worker is warned.",
    )
    housing_health_alert_days = fields.Integer(
        string="Health cover expiring: alert (days before)",
        default=60,
        help="Days before a health cover (PUMa, AME, complementary) expires when the social worker is warned.",
    )
    housing_absence_max_months = fields.Integer(
        string="Longest absence (months)",
        default=4,
        help="Beyond this continuous absence the housing allowance is at risk.",
    )
    housing_absence_alert_days = fields.Integer(string="Absence: alert (days before the limit)", default=30)
    housing_occupation_min_months = fields.Integer(
        string="Yearly occupation needed (months)",
        default=8,
        help="The housing allowance needs this many months of occupation over 12 months.",
    )
    housing_arrears_alert_months = fields.Float(
        string="Arrears alert (months of net share)",
        default=2.0,
        help="A household is in arrears once it owes this many months of its net share.",
    )
    housing_period_end_alert_days = fields.Integer(string="End of support period: alert (days before)", default=30)
    # Accompaniment measures (ASLL, AVDL): 3 to 6 months, renewable up to 12
    housing_measure_min_months = fields.Integer(string="Shortest support period (months)", default=3)
    housing_measure_max_months = fields.Integer(string="Longest support period (months)", default=6)
    housing_measure_total_months = fields.Integer(string="Longest measure, renewals included (months)", default=12)
    # Personal data retention
    housing_followup_archive_years = fields.Integer(
        string="Archive closed files after (years)",
        default=2,
        help="Closed support files leave active use (archived) after this many years.",
    )
    housing_followup_anonymise_years = fields.Integer(
        string="Anonymise closed files after (years)",
        default=5,
        help="Closed support files and their persons are anonymised after this many years.",
    )
    # Pathways into housing: proposals and the public "offer a room" form
    housing_proposal_answer_days = fields.Integer(
        string="Days to answer a proposal",
        default=8,
        help="Default deadline of a place proposed to a household; past it the proposal expires.",
    )
    housing_host_form_enabled = fields.Boolean(
        string="Public form to offer a room",
        help="Shared flats offer a room on the page /logement/proposer-une-chambre; each offer starts at stage "
        "Contacted.",
    )
    housing_host_form_user_id = fields.Many2one(
        "res.users",
        string="Offers of the form followed by",
        domain="[('share', '=', False), ('company_ids', 'in', id)]",
        help="Gets an activity to call back each host flat that offers a room on the public form. Empty: the "
        "manager of the solidarity-rooms programme.",
    )
    housing_host_form_rate_limit = fields.Integer(
        string="Offers per hour and address",
        default=5,
        help="The public form refuses more offers than this from one internet address within an hour.",
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

    @api.constrains("housing_arrears_caf_report_months", "housing_repayment_max_months", "housing_repayment_grace_days")
    def _check_housing_collections_settings(self):
        for company in self:
            if company.housing_arrears_caf_report_months <= 0 or company.housing_repayment_max_months <= 0:
                raise ValidationError(
                    self.env._(
                        "The CAF report delay and the longest repayment plan of %(company)s must be at least one "
                        "month: enter a number of months greater than zero.",
                        company=company.name,
                    )
                )
            if company.housing_repayment_grace_days < 0:
                raise ValidationError(
                    self.env._(
                        "The instalment grace period of %(company)s cannot be negative: enter 0 days or more.",
                        company=company.name,
                    )
                )

    def _housing_collections_user(self, fallback=None):
        """Who gets a collections activity: the setting, else ``fallback`` when it is a real employee."""
        self.ensure_one()
        user = self.housing_collections_user_id or fallback or self.env["res.users"]
        return user if user and not user.share and user._is_internal() and user.active else self.env["res.users"]

    @api.constrains(
        "housing_papers_alert_days",
        "housing_health_alert_days",
        "housing_absence_max_months",
        "housing_absence_alert_days",
        "housing_occupation_min_months",
        "housing_arrears_alert_months",
        "housing_period_end_alert_days",
    )
    def _check_housing_alert_settings(self):
        for company in self:
            if (
                min(
                    company.housing_papers_alert_days,
                    company.housing_health_alert_days,
                    company.housing_absence_alert_days,
                    company.housing_period_end_alert_days,
                )
                < 0
                or company.housing_arrears_alert_months <= 0
                or company.housing_absence_max_months <= 0
            ):
                raise ValidationError(
                    self.env._(
                        "The follow-up alert settings of %(company)s must be positive: enter a number of days, "
                        "months or months of net share greater than zero.",
                        company=company.name,
                    )
                )
            if not 0 < company.housing_occupation_min_months <= 12:
                raise ValidationError(
                    self.env._(
                        "The yearly occupation needed by %(company)s must be between 1 and 12 months "
                        "(%(months)s entered).",
                        company=company.name,
                        months=company.housing_occupation_min_months,
                    )
                )

    @api.constrains("housing_measure_min_months", "housing_measure_max_months", "housing_measure_total_months")
    def _check_housing_measure_settings(self):
        for company in self:
            if not (
                0
                < company.housing_measure_min_months
                <= company.housing_measure_max_months
                <= company.housing_measure_total_months
            ):
                raise ValidationError(
                    self.env._(
                        "The support periods of %(company)s must satisfy 0 < shortest (%(min)s) ≤ longest (%(max)s) "
                        "≤ longest measure with renewals (%(total)s): correct the months.",
                        company=company.name,
                        min=company.housing_measure_min_months,
                        max=company.housing_measure_max_months,
                        total=company.housing_measure_total_months,
                    )
                )

    @api.constrains("housing_followup_archive_years", "housing_followup_anonymise_years")
    def _check_housing_retention(self):
        for company in self:
            if not 0 < company.housing_followup_archive_years <= company.housing_followup_anonymise_years:
                raise ValidationError(
                    self.env._(
                        "Closed support files of %(company)s must be archived (after %(archive)s years) before they "
                        "are anonymised (after %(anonymise)s years), and both periods must be at least one year.",
                        company=company.name,
                        archive=company.housing_followup_archive_years,
                        anonymise=company.housing_followup_anonymise_years,
                    )
                )

    @api.constrains("housing_proposal_answer_days", "housing_host_form_rate_limit")
    def _check_housing_pathways_settings(self):
        for company in self:
            if company.housing_proposal_answer_days < 1 or company.housing_host_form_rate_limit < 1:
                raise ValidationError(
                    self.env._(
                        "The days to answer a proposal and the offers per hour of the public form of %(company)s "
                        "must be at least 1.",
                        company=company.name,
                    )
                )
