from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    """Collections' settings of a company: arrears and repayment plans (DOMAIN.md defaults)."""

    _inherit = "res.company"

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
    housing_arrears_refresh_asked = fields.Boolean(
        string="Arrears update asked",
        readonly=True,
        copy=False,
        help="Someone asked to update the arrears figures of every household of the company: the arrears update "
        "job does it in the background, then clears this flag.",
    )

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
