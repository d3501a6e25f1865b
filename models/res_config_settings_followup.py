from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    """The social follow-up's settings (their block: views/res_partner_followup_views.xml)."""

    _inherit = "res.config.settings"

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
