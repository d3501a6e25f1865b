from odoo import fields, models
from odoo.tools import SQL


class HousingProgramme(models.Model):
    """What the pathways add to a programme: its default payers and its waiting list."""

    _inherit = "housing.programme"

    payer_ids = fields.One2many(
        "housing.programme.payer",
        "programme_id",
        string="Default payers",
        help="Copied into the agreement prepared when a household accepts a place of the programme.",
    )
    waiting_count = fields.Integer(
        compute="_compute_waiting_figures",
        string="Waiting list",
        help="Households on the waiting list that wish this programme (a place proposed included).",
    )
    waiting_median_days = fields.Float(
        compute="_compute_waiting_figures",
        string="Median wait (days)",
        digits=(16, 1),
        help="Median of the days the households of the waiting list have waited so far.",
    )

    def _compute_waiting_figures(self):
        figures = self._pathways_waiting_figures(fields.Date.context_today(self))
        for programme in self:
            programme.waiting_count, programme.waiting_median_days = figures.get(programme.id, (0, 0.0))

    def _pathways_waiting_figures(self, day):
        """``{programme id: (households on the waiting list on day, median days waited)}`` in one query.

        A referral wishing no programme in particular waits for each programme of its company. A referral is on
        the list on ``day`` when one of its periods on the list covers it (the day it left is not); its wait is
        counted from its first day on the list.
        """
        if not self.ids:
            return {}
        self.env["housing.application"].flush_model()
        self.env["housing.application.waiting.period"].flush_model()
        self.env.cr.execute(
            SQL(
                """
                SELECT p.id,
                       COUNT(a.id),
                       COALESCE(PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY %(day)s - a.date_waiting), 0)
                  FROM housing_programme p
                  JOIN housing_application a
                    ON a.company_id = p.company_id
                   AND a.active
                   AND EXISTS (SELECT 1 FROM housing_application_waiting_period w
                                WHERE w.application_id = a.id
                                  AND w.date_start <= %(day)s
                                  AND (w.date_end IS NULL OR w.date_end > %(day)s))
                 WHERE p.id IN %(ids)s
                   AND (
                        EXISTS (SELECT 1 FROM housing_application_programme_rel r
                                 WHERE r.application_id = a.id AND r.programme_id = p.id)
                        OR NOT EXISTS (SELECT 1 FROM housing_application_programme_rel r WHERE r.application_id = a.id)
                   )
                 GROUP BY p.id
                """,
                day=day,
                ids=tuple(self.ids),
            )
        )
        return {programme_id: (count, float(median)) for programme_id, count, median in self.env.cr.fetchall()}

    def _pathways_default_shares(self):
        """The default payers as agreement shares (values of ``housing.occupancy.share``)."""
        self.ensure_one()
        return [payer._share_values() for payer in self.payer_ids]

    def action_view_waiting_list(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("solidarity_housing.housing_application_action_waiting")
        action["domain"] = [
            ("state", "in", ("waiting", "proposed")),
            "|",
            ("programme_ids", "=", False),
            ("programme_ids", "in", self.ids),
        ]
        return action
