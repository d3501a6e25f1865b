from datetime import timedelta

from odoo import fields, models
from odoo.tools import SQL


class HousingShelterNightReport(models.Model):
    """Hotel nights and their cost, per stay and month: what funders are told. A night counts in the month of its
    evening; only nights spent so far count: to the check-out, or to tonight (included) for a stay going on or ending
    later. Nights still to come are not counted (a hotel bill is checked against its month's nights, all of them)."""

    _name = "housing.shelter.night.report"
    _description = "Hotel nights by month"
    _auto = False
    _order = "month desc, hotel_id"
    _rec_name = "month"
    _depends = {
        "housing.shelter.stay": [
            "partner_id",
            "hotel_id",
            "funder_id",
            "programme_id",
            "company_id",
            "census_id",
            "date_checkin",
            "date_checkout",
            "nightly_cost",
            "active",
        ],
    }

    stay_id = fields.Many2one("housing.shelter.stay", string="Hotel stay", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Household", readonly=True)
    hotel_id = fields.Many2one("res.partner", readonly=True)
    funder_id = fields.Many2one("res.partner", readonly=True)
    programme_id = fields.Many2one("housing.programme", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    census_id = fields.Many2one("housing.camp.census", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    month = fields.Date(readonly=True)
    nights = fields.Integer(readonly=True, aggregator="sum")
    cost = fields.Monetary(readonly=True, aggregator="sum")

    @property
    def _table_query(self):
        # one row per stay and month: the id is the stay's, times 100000, plus the month's number since 2000;
        # nights so far: whose evening is the user's today (tonight counts) or before
        today = fields.Date.context_today(self)
        return SQL(
            """
            SELECT (s.id::bigint * 100000
                    + (EXTRACT(YEAR FROM m.month)::int - 2000) * 12 + EXTRACT(MONTH FROM m.month)::int) AS id,
                   s.id AS stay_id,
                   s.partner_id,
                   s.hotel_id,
                   s.funder_id,
                   s.programme_id,
                   s.company_id,
                   s.census_id,
                   c.currency_id,
                   m.month::date AS month,
                   n.nights,
                   n.nights * COALESCE(s.nightly_cost, 0) AS cost
              FROM housing_shelter_stay s
              JOIN res_company c ON c.id = s.company_id
             CROSS JOIN LATERAL generate_series(
                       date_trunc('month', s.date_checkin),
                       date_trunc('month', LEAST(COALESCE(s.date_checkout - 1, %(today)s), %(today)s)),
                       interval '1 month'
                   ) AS m(month)
             CROSS JOIN LATERAL (
                   SELECT GREATEST(0,
                              LEAST(COALESCE(s.date_checkout, %(tomorrow)s), %(tomorrow)s,
                                    (m.month + interval '1 month')::date)
                              - GREATEST(s.date_checkin, m.month::date)) AS nights
                   ) AS n
             WHERE s.active AND s.date_checkin <= %(today)s
            """,
            today=today,
            tomorrow=today + timedelta(days=1),
        )
