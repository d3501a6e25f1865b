from odoo import api, models

from .housing_followup_alert import HousingFollowup as FollowupAlerts


class HousingFollowup(models.Model):
    """What collections add to the follow-up's daily alerts: the household owes too many months of net share.

    Read from the households' arrears files (``housing.arrears``), which collections keeps current as dues and
    payments change and every night: the alert job computes no figure of its own.
    """

    _inherit = "housing.followup"

    _housing_alert_types = dict(
        FollowupAlerts._housing_alert_types, arrears="solidarity_housing.mail_activity_type_followup_arrears"
    )

    @api.model
    def _housing_daily_alert_causes(self):
        return (*super()._housing_daily_alert_causes(), "arrears")

    def _housing_alert_causes(self, today):
        causes = super()._housing_alert_causes(today)
        followups = self.sudo()
        months_owed = followups.partner_id._housing_arrears_months()
        for company, files in followups.grouped("company_id").items():
            for followup in files:
                months = months_owed.get(followup.partner_id.id, 0)
                if months >= company.housing_arrears_alert_months:
                    causes[(followup.id, "arrears")] = {
                        "date_deadline": today,
                        "keep_deadline": True,
                        "summary": self.env._(
                            "%(household)s owes %(months)s months of net share: see the CAF report and a repayment "
                            "plan",
                            household=followup.partner_id.name,
                            months=round(months, 1),
                        ),
                    }
        return causes
