from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    housing_unit_sequence_id = fields.Many2one(
        "ir.sequence",
        string="Unit reference sequence",
        compute="_compute_housing_unit_sequence_id",
    )
    housing_unit_sequence_prefix = fields.Char(
        related="housing_unit_sequence_id.prefix", readonly=False, string="Unit reference prefix"
    )

    # Billing
    housing_sale_journal_id = fields.Many2one(related="company_id.housing_sale_journal_id", readonly=False)
    housing_purchase_journal_id = fields.Many2one(related="company_id.housing_purchase_journal_id", readonly=False)
    housing_rent_account_id = fields.Many2one(related="company_id.housing_rent_account_id", readonly=False)
    housing_charges_account_id = fields.Many2one(related="company_id.housing_charges_account_id", readonly=False)
    housing_funder_account_id = fields.Many2one(related="company_id.housing_funder_account_id", readonly=False)
    housing_mandate_account_id = fields.Many2one(related="company_id.housing_mandate_account_id", readonly=False)
    housing_rent_expense_account_id = fields.Many2one(
        related="company_id.housing_rent_expense_account_id", readonly=False
    )
    housing_charges_expense_account_id = fields.Many2one(
        related="company_id.housing_charges_expense_account_id", readonly=False
    )
    housing_rent_product_id = fields.Many2one(related="company_id.housing_rent_product_id", readonly=False)
    housing_charges_product_id = fields.Many2one(related="company_id.housing_charges_product_id", readonly=False)
    housing_analytic_auto = fields.Boolean(related="company_id.housing_analytic_auto", readonly=False)
    housing_due_day = fields.Integer(related="company_id.housing_due_day", readonly=False)
    housing_collections_user_id = fields.Many2one(related="company_id.housing_collections_user_id", readonly=False)
    housing_arrears_caf_report_months = fields.Integer(
        related="company_id.housing_arrears_caf_report_months", readonly=False
    )
    housing_repayment_max_months = fields.Integer(related="company_id.housing_repayment_max_months", readonly=False)
    housing_repayment_grace_days = fields.Integer(related="company_id.housing_repayment_grace_days", readonly=False)
    housing_bill_in_advance = fields.Boolean(related="company_id.housing_bill_in_advance", readonly=False)
    housing_allowance_surplus = fields.Selection(related="company_id.housing_allowance_surplus", readonly=False)
    housing_payment_instructions = fields.Text(related="company_id.housing_payment_instructions", readonly=False)
    housing_receipt_needs_third_party = fields.Boolean(
        related="company_id.housing_receipt_needs_third_party", readonly=False
    )
    housing_settlement_due_days = fields.Integer(related="company_id.housing_settlement_due_days", readonly=False)

    housing_papers_alert_days = fields.Integer(related="company_id.housing_papers_alert_days", readonly=False)
    housing_health_alert_days = fields.Integer(related="company_id.housing_health_alert_days", readonly=False)
    housing_absence_max_months = fields.Integer(related="company_id.housing_absence_max_months", readonly=False)
    housing_absence_alert_days = fields.Integer(related="company_id.housing_absence_alert_days", readonly=False)
    housing_occupation_min_months = fields.Integer(related="company_id.housing_occupation_min_months", readonly=False)
    housing_arrears_alert_months = fields.Float(related="company_id.housing_arrears_alert_months", readonly=False)
    housing_period_end_alert_days = fields.Integer(related="company_id.housing_period_end_alert_days", readonly=False)
    housing_measure_min_months = fields.Integer(related="company_id.housing_measure_min_months", readonly=False)
    housing_measure_max_months = fields.Integer(related="company_id.housing_measure_max_months", readonly=False)
    housing_measure_total_months = fields.Integer(related="company_id.housing_measure_total_months", readonly=False)
    housing_followup_archive_years = fields.Integer(related="company_id.housing_followup_archive_years", readonly=False)
    housing_followup_anonymise_years = fields.Integer(
        related="company_id.housing_followup_anonymise_years", readonly=False
    )
    housing_proposal_answer_days = fields.Integer(related="company_id.housing_proposal_answer_days", readonly=False)
    housing_host_form_enabled = fields.Boolean(related="company_id.housing_host_form_enabled", readonly=False)
    housing_host_form_user_id = fields.Many2one(related="company_id.housing_host_form_user_id", readonly=False)
    housing_host_form_rate_limit = fields.Integer(related="company_id.housing_host_form_rate_limit", readonly=False)

    def action_housing_create_analytic_accounts(self):
        """Give every programme and unit of the company that has none an analytic account."""
        self.ensure_one()
        domain = [("company_id", "=", self.company_id.id), ("analytic_account_id", "=", False)]
        self.env["housing.programme"].search(domain)._housing_create_analytic_account()
        self.env["housing.unit"].search(domain)._housing_create_analytic_account()

    def _compute_housing_unit_sequence_id(self):
        sequence = self.env["ir.sequence"].search(
            [("code", "=", "housing.unit"), ("company_id", "in", [False, self.env.company.id])],
            order="company_id",
            limit=1,
        )
        for settings in self:
            settings.housing_unit_sequence_id = sequence
