from odoo import fields, models
from odoo.tools import SQL

from .housing_application import APPLICATION_STATES, PRIORITIES, REFERRER_KINDS


class HousingApplicationReport(models.Model):
    """The waiting list and its waits, one line per referral (its id is the referral's): pivot it by programme
    wished (a referral wishing two programmes waits on both lists), stage, referrer, month."""

    _name = "housing.application.report"
    _description = "Waiting list analysis"
    _auto = False
    _order = "date_received desc, id desc"
    _depends = {
        "housing.application": [
            "company_id",
            "partner_id",
            "user_id",
            "state",
            "priority",
            "referrer_kind",
            "date_received",
            "date_waiting",
            "date_accepted",
            "date_housed",
            "date_closed",
            "beds_needed",
            "person_count",
            "active",
            "programme_ids",
        ],
    }

    application_id = fields.Many2one("housing.application", string="Referral", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Household", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    user_id = fields.Many2one("res.users", string="Social worker", readonly=True)
    programme_ids = fields.Many2many(
        "housing.programme",
        "housing_application_programme_rel",
        "application_id",
        "programme_id",
        string="Programmes wished",
        readonly=True,
    )
    state = fields.Selection(APPLICATION_STATES, string="Stage", readonly=True)
    priority = fields.Selection(PRIORITIES, readonly=True)
    referrer_kind = fields.Selection(REFERRER_KINDS, string="Referred by", readonly=True)
    date_received = fields.Date(string="Received on", readonly=True)
    date_waiting = fields.Date(string="On the waiting list since", readonly=True)
    date_accepted = fields.Date(string="Accepted on", readonly=True)
    date_housed = fields.Date(string="Housed on", readonly=True)
    on_waiting_list = fields.Boolean(string="On the waiting list", readonly=True)
    waiting_count = fields.Integer(string="Households waiting", readonly=True, aggregator="sum")
    person_count = fields.Integer(string="Persons", readonly=True, aggregator="sum")
    beds_needed = fields.Integer(string="Beds needed", readonly=True, aggregator="sum")
    waiting_days = fields.Integer(
        string="Days waited",
        readonly=True,
        aggregator="avg",
        help="From the day on the waiting list to the acceptance of a place, the closing of the referral, or today.",
    )

    @property
    def _table_query(self):
        return SQL(
            """
            SELECT a.id AS id,
                   a.id AS application_id,
                   a.partner_id,
                   a.company_id,
                   a.user_id,
                   a.state,
                   a.priority,
                   a.referrer_kind,
                   a.date_received,
                   a.date_waiting,
                   a.date_accepted,
                   a.date_housed,
                   a.state IN ('waiting', 'proposed') AS on_waiting_list,
                   CASE WHEN a.state IN ('waiting', 'proposed') THEN 1 ELSE 0 END AS waiting_count,
                   a.person_count,
                   a.beds_needed,
                   CASE WHEN a.date_waiting IS NOT NULL
                        THEN COALESCE(a.date_accepted, a.date_closed, %(today)s) - a.date_waiting
                   END AS waiting_days
              FROM housing_application a
             WHERE a.active
            """,
            today=fields.Date.context_today(self),
        )
