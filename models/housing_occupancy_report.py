from odoo import api, fields, models
from odoo.tools import SQL

from .housing_occupancy import SIGNED_STATES

#: head leases under which the association held the dwelling
HELD_LEASE_STATES = ("running", "notice", "ended")
#: a month of a room is numbered room id × MONTH_KEY + months since year 0: a real, stable id
MONTH_KEY = 100000


class HousingOccupancyReport(models.Model):
    """Occupancy and vacancy by room and month: bed-days available, occupied and vacant, and what the empty beds
    cost the association.

    A room's beds are available on the days the association holds its dwelling: the days of its signed head
    leases, or, for a dwelling without head lease (shelter, camp), from its first agreement (or its programme's
    start) on. An archived room or dwelling counts until its last agreement. Occupied: each day of a signed
    agreement fills as many beds as the household has persons (at most the room's beds); a household renting
    the whole dwelling fills every room. Vacancy cost: a vacant bed-day costs the head lease's rent and
    charges of the month divided by the bed-days of the dwelling in that month (nothing under a management
    mandate: the association pays no rent).

    The same SQL (``_room_month_sql``) serves the indicator engine over any period, clipped to the day.
    """

    _name = "housing.occupancy.report"
    _description = "Occupancy and vacancy"
    _auto = False
    _order = "date desc, unit_id, room_id"
    _rec_name = "room_id"
    _depends = {
        "housing.lease": ["unit_id", "state", "date_start", "date_end", "rent", "charges", "lease_type"],
        "housing.room": ["unit_id", "capacity", "active"],
        "housing.unit": ["programme_id", "company_id", "capacity", "active"],
        "housing.occupancy": ["room_id", "unit_id", "state", "date_start", "exit_date", "person_count"],
        "housing.programme": ["date_start"],
    }

    date = fields.Date(string="Month", readonly=True)
    room_id = fields.Many2one("housing.room", string="Room", readonly=True)
    unit_id = fields.Many2one("housing.unit", string="Unit", readonly=True)
    programme_id = fields.Many2one("housing.programme", string="Programme", readonly=True)
    company_id = fields.Many2one("res.company", string="Company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    bed_days_available = fields.Integer(string="Bed-days available", readonly=True)
    bed_days_occupied = fields.Integer(string="Bed-days occupied", readonly=True)
    bed_days_vacant = fields.Integer(string="Bed-days vacant", readonly=True)
    occupancy_rate = fields.Float(
        string="Occupancy rate",
        readonly=True,
        aggregator="avg",
        help="Bed-days occupied / bed-days available (over the rows grouped, not an average of rates).",
    )
    vacancy_cost = fields.Monetary(
        string="Vacancy cost",
        readonly=True,
        help="What the empty beds cost: head-lease rent and charges × vacant bed-days / bed-days of the unit.",
    )

    @property
    def _table_query(self):
        month_end = SQL("(date_trunc('month', CURRENT_DATE) + interval '1 month - 1 day')::date")
        return SQL(
            """
            SELECT rm.id, rm.month AS date, rm.room_id, rm.unit_id, rm.programme_id, rm.company_id,
                   c.currency_id, rm.available AS bed_days_available, rm.occupied AS bed_days_occupied,
                   rm.vacant AS bed_days_vacant,
                   CASE WHEN rm.available > 0 THEN rm.occupied::float / rm.available ELSE 0 END AS occupancy_rate,
                   rm.vacancy_cost
              FROM (%(rows)s) rm
              JOIN res_company c ON c.id = rm.company_id
            """,
            rows=self._room_month_sql(None, month_end),
        )

    @api.model
    def _read_group_select(self, aggregate_spec, query):
        """The occupancy rate of a group is its occupied bed-days over its available ones."""
        if aggregate_spec.split(":")[0] == "occupancy_rate":
            return SQL(
                "COALESCE(SUM(%s)::float / NULLIF(SUM(%s), 0), 0)",
                self._field_to_sql(self._table, "bed_days_occupied", query),
                self._field_to_sql(self._table, "bed_days_available", query),
            )
        return super()._read_group_select(aggregate_spec, query)

    @api.model
    def _room_month_sql(self, date_from, date_to, units=None, leases=None, agreements=None):
        """One row per room and calendar month from ``date_from`` to ``date_to`` (SQL date expressions; ``None``
        for no lower bound), days clipped to the period: ``id, room_id, unit_id, programme_id, company_id, month,
        available, occupied, vacant, vacancy_cost, beds_end`` (``beds_end``: the room's beds when it is held on
        the last day of the month within the period).

        ``units``, ``leases``, ``agreements``: SQL sub-queries of the ids to read (what the user may read), or
        ``None`` for every record.
        """
        first = date_from if date_from is not None else SQL("NULL::date")
        last = date_to

        def only(column, ids):
            return SQL("AND %s IN %s", SQL.identifier(*column.split(".")), ids) if ids is not None else SQL()

        return SQL(
            """
            WITH held AS (
                -- the days the association holds each dwelling: its head leases...
                SELECT l.unit_id, l.date_start AS held_from, COALESCE(l.date_end, 'infinity'::date) AS held_to,
                       CASE WHEN l.lease_type = 'management_mandate' THEN 0
                            ELSE COALESCE(l.rent, 0) + COALESCE(l.charges, 0) END AS monthly_cost
                  FROM housing_lease l
                 WHERE l.state IN %(lease_states)s %(only_leases)s %(only_lease_units)s
                UNION ALL
                -- ...or, without any, from its first agreement or its programme's start
                SELECT u.id, COALESCE(LEAST(p.date_start, fa.date_start), u.create_date::date),
                       'infinity'::date, 0
                  FROM housing_unit u
                  JOIN housing_programme p ON p.id = u.programme_id
                  LEFT JOIN (SELECT o.unit_id, MIN(o.date_start) AS date_start
                               FROM housing_occupancy o
                              WHERE o.state IN %(signed)s
                              GROUP BY o.unit_id) fa ON fa.unit_id = u.id
                 WHERE NOT EXISTS (SELECT 1 FROM housing_lease l2
                                    WHERE l2.unit_id = u.id AND l2.state IN %(lease_states)s)
                       %(only_units)s
            ),
            room AS (
                -- an archived room or dwelling counts until its last agreement
                SELECT r.id AS room_id, r.unit_id, r.capacity, u.capacity AS unit_capacity,
                       u.programme_id, u.company_id,
                       CASE WHEN r.active AND u.active THEN 'infinity'::date
                            ELSE COALESCE(lu.last_day, '-infinity'::date) END AS room_until
                  FROM housing_room r
                  JOIN housing_unit u ON u.id = r.unit_id
                  LEFT JOIN (SELECT COALESCE(o.room_id, r2.id) AS room_id,
                                    MAX(COALESCE(o.exit_date, 'infinity'::date)) AS last_day
                               FROM housing_occupancy o
                               LEFT JOIN housing_room r2 ON o.room_id IS NULL AND r2.unit_id = o.unit_id
                              WHERE o.state IN %(signed)s
                              GROUP BY 1) lu ON lu.room_id = r.id
                 WHERE r.capacity > 0 %(only_room_units)s
            ),
            room_month AS (
                SELECT rm.room_id, rm.month, SUM(rm.days * rm.capacity) AS available,
                       SUM(rm.monthly_cost * rm.days / rm.month_days * rm.capacity
                           / GREATEST(rm.unit_capacity, rm.capacity)) AS cost,
                       SUM(CASE WHEN rm.day_to = LEAST(rm.month_last, %(last)s) THEN rm.capacity ELSE 0 END)
                           AS beds_end
                  FROM (
                    SELECT ro.room_id, ro.capacity, ro.unit_capacity, h.monthly_cost, m.month::date AS month,
                           d.day_to, d.month_last, d.day_to - d.day_from + 1 AS days,
                           (d.month_last - m.month::date + 1)::numeric AS month_days
                      FROM held h
                      JOIN room ro ON ro.unit_id = h.unit_id
                     CROSS JOIN LATERAL (
                           SELECT GREATEST(h.held_from, %(first)s) AS span_from,
                                  LEAST(h.held_to, ro.room_until, %(last)s) AS span_to) s
                     CROSS JOIN LATERAL generate_series(
                           date_trunc('month', s.span_from::timestamp), s.span_to::timestamp, interval '1 month'
                       ) AS m(month)
                     CROSS JOIN LATERAL (
                           SELECT GREATEST(m.month::date, s.span_from) AS day_from,
                                  LEAST((m.month + interval '1 month - 1 day')::date, s.span_to) AS day_to,
                                  (m.month + interval '1 month - 1 day')::date AS month_last) d
                     WHERE s.span_from <= s.span_to
                  ) rm
                 GROUP BY rm.room_id, rm.month
            ),
            agreement AS (
                SELECT o.id, o.room_id, o.unit_id, o.person_count,
                       GREATEST(o.date_start, %(first)s) AS span_from,
                       LEAST(COALESCE(o.exit_date, 'infinity'::date), %(last)s) AS span_to
                  FROM housing_occupancy o
                 WHERE o.state IN %(signed)s %(only_agreements)s
            ),
            agreement_room AS (
                -- a household fills as many beds of its room as it has persons; renting the whole
                -- dwelling, every bed of every room
                SELECT a.span_from, a.span_to, ro.room_id, LEAST(ro.capacity, a.person_count) AS beds
                  FROM agreement a JOIN room ro ON ro.room_id = a.room_id
                UNION ALL
                SELECT a.span_from, a.span_to, ro.room_id, ro.capacity
                  FROM agreement a JOIN room ro ON a.room_id IS NULL AND ro.unit_id = a.unit_id
            ),
            occupied_month AS (
                SELECT ar.room_id, m.month::date AS month,
                       SUM(ar.beds * (LEAST((m.month + interval '1 month - 1 day')::date, ar.span_to)
                                      - GREATEST(m.month::date, ar.span_from) + 1)) AS occupied
                  FROM agreement_room ar
                 CROSS JOIN LATERAL generate_series(
                       date_trunc('month', ar.span_from::timestamp), ar.span_to::timestamp, interval '1 month'
                   ) AS m(month)
                 WHERE ar.span_from <= ar.span_to
                 GROUP BY ar.room_id, m.month
            )
            SELECT rm.room_id::bigint * %(month_key)s
                       + (EXTRACT(YEAR FROM rm.month) * 12 + EXTRACT(MONTH FROM rm.month) - 1)::bigint AS id,
                   rm.room_id, ro.unit_id, ro.programme_id, ro.company_id, rm.month,
                   rm.available::integer AS available, fill.occupied::integer AS occupied,
                   (rm.available - fill.occupied)::integer AS vacant,
                   CASE WHEN rm.available > 0
                        THEN ROUND(rm.cost * (rm.available - fill.occupied) / rm.available, 2)
                        ELSE 0 END AS vacancy_cost,
                   rm.beds_end::integer AS beds_end
              FROM room_month rm
              JOIN room ro ON ro.room_id = rm.room_id
              LEFT JOIN occupied_month om ON om.room_id = rm.room_id AND om.month = rm.month
             CROSS JOIN LATERAL (SELECT LEAST(COALESCE(om.occupied, 0), rm.available) AS occupied) fill
            """,
            lease_states=HELD_LEASE_STATES,
            signed=SIGNED_STATES,
            first=first,
            last=last,
            month_key=MONTH_KEY,
            only_leases=only("l.id", leases),
            only_lease_units=only("l.unit_id", units),
            only_units=only("u.id", units),
            only_room_units=only("r.unit_id", units),
            only_agreements=only("o.id", agreements),
        )
