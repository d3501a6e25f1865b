from odoo import fields, models
from odoo.tools import SQL, sql

END_REASONS = [
    ("place", "Place accepted"),
    ("reassessed", "Taken off the list to be assessed again"),
    ("closed", "Referral withdrawn or refused"),
]


class HousingApplicationWaitingPeriod(models.Model):
    """A period a referral spent on the waiting list (a place proposed included): from the day it reached the
    list to the day it left it. Kept for the figures of past periods: a referral assessed again, reopened, or
    whose agreement was deleted goes back and forth, and what it was on a day of the past stays true."""

    _name = "housing.application.waiting.period"
    _description = "Period on the waiting list"
    _order = "application_id, date_start, id"
    _check_company_auto = True

    application_id = fields.Many2one(
        "housing.application", string="Referral", required=True, index=True, ondelete="cascade", readonly=True
    )
    company_id = fields.Many2one(related="application_id.company_id", store=True, index=True, precompute=True)
    date_start = fields.Date(string="On the list from", required=True, readonly=True)
    date_end = fields.Date(string="Left the list on", readonly=True, help="Empty while the household waits.")
    end_reason = fields.Selection(END_REASONS, string="Left the list because", readonly=True)
    days = fields.Integer(compute="_compute_days", string="Days on the list")

    _dates_check = models.Constraint(
        "CHECK(date_end IS NULL OR date_end >= date_start)",
        "A period on the waiting list ends on or after the day it began.",
    )

    def _compute_days(self):
        today = fields.Date.context_today(self)
        for period in self:
            period.days = ((period.date_end or today) - period.date_start).days

    def init(self):
        """The referrals that waited before the periods were kept get the period their dates say."""
        if not sql.table_exists(self.env.cr, "housing_application"):
            return
        self.env.cr.execute(
            SQL(
                """
                INSERT INTO housing_application_waiting_period
                       (application_id, company_id, date_start, date_end, end_reason,
                        create_uid, create_date, write_uid, write_date)
                SELECT a.id, a.company_id, a.date_waiting,
                       CASE WHEN a.state IN ('waiting', 'proposed') THEN NULL
                            ELSE GREATEST(COALESCE(a.date_accepted, a.date_closed, a.date_waiting), a.date_waiting)
                       END,
                       CASE WHEN a.state IN ('waiting', 'proposed') THEN NULL
                            WHEN a.state IN ('accepted', 'housed') THEN 'place'
                            WHEN a.state IN ('withdrawn', 'refused') THEN 'closed'
                            ELSE 'reassessed'
                       END,
                       1, NOW() AT TIME ZONE 'UTC', 1, NOW() AT TIME ZONE 'UTC'
                  FROM housing_application a
                 WHERE a.date_waiting IS NOT NULL
                   AND NOT EXISTS (SELECT 1 FROM housing_application_waiting_period w WHERE w.application_id = a.id)
                """
            )
        )
