from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    """The social follow-up's settings of a company: alert thresholds, measures, retention (DOMAIN.md defaults)."""

    _inherit = "res.company"

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
