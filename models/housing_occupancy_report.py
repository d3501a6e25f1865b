from datetime import date, timedelta

from odoo import api, fields, models
from odoo.fields import Domain
from odoo.orm.domains import DomainAnd, DomainCondition
from odoo.tools import SQL

from ..tools.housing_math import iter_months, month_end, month_start
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
    mandate: the association pays no rent); the rent of each day is the one in force that day, from the lease's
    IRL revisions (a revision overwrites the lease's rent, its history is kept in the revisions).

    The same SQL (``_room_period_sql``) serves the indicator engine over any period, clipped to the day.
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
        "housing.rent.revision": ["lease_id", "date", "old_rent", "new_rent"],
    }

    date = fields.Date(string="Month", readonly=True)
    room_id = fields.Many2one("housing.room", readonly=True)
    unit_id = fields.Many2one("housing.unit", readonly=True)
    programme_id = fields.Many2one("housing.programme", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
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
    occupancy_percent = fields.Float(
        string="Occupancy (%)",
        readonly=True,
        aggregator="avg",
        help="The occupancy rate as a percentage (charts).",
    )
    vacancy_cost = fields.Monetary(
        string="Vacancy cost",
        readonly=True,
        help="What the empty beds cost: head-lease rent and charges × vacant bed-days / bed-days of the unit.",
    )

    @property
    def _table_query(self):
        return SQL(
            """
            SELECT rm.room_id::bigint * %(month_key)s
                       + (EXTRACT(YEAR FROM rm.period_start) * 12 + EXTRACT(MONTH FROM rm.period_start) - 1)::bigint
                       AS id,
                   rm.period_start AS date, rm.room_id, rm.unit_id, rm.programme_id, rm.company_id, c.currency_id,
                   rm.available AS bed_days_available, rm.occupied AS bed_days_occupied,
                   rm.vacant AS bed_days_vacant,
                   CASE WHEN rm.available > 0 THEN rm.occupied::float / rm.available ELSE 0 END AS occupancy_rate,
                   CASE WHEN rm.available > 0 THEN 100.0 * rm.occupied / rm.available ELSE 0 END
                       AS occupancy_percent,
                   rm.vacancy_cost
              FROM (%(rows)s) rm
              JOIN res_company c ON c.id = rm.company_id
            """,
            month_key=MONTH_KEY,
            rows=self._room_period_sql(self._months_sql()),
        )

    @api.model
    def _months_sql(self):
        """The calendar months from the first day a dwelling may have been held to the end of the current month,
        as a list of values (the planner then knows how many they are); only those the search asks for
        (``_search``, ``_as_query``: context key ``housing_report_months``), so that a pivot of a year computes
        that year whatever the length of the history."""
        self.env.cr.execute(
            """
            SELECT LEAST((SELECT MIN(date_start) FROM housing_lease), (SELECT MIN(date_start) FROM housing_occupancy),
                         (SELECT MIN(date_start) FROM housing_programme),
                         (SELECT MIN(create_date)::date FROM housing_unit))
            """
        )
        first = self.env.cr.fetchone()[0]
        today = fields.Date.context_today(self)
        last = month_start(today)
        first = month_start(first) if first else last
        asked = self.env.context.get("housing_report_months")
        if asked:
            first, last = max(first, asked[0]), min(last, asked[1])
        months = list(iter_months(first, last)) if first <= last else []
        if not months:
            return SQL("SELECT NULL::date AS period_start, NULL::date AS period_end WHERE FALSE")
        return SQL(
            "SELECT period_start::date, period_end::date FROM (VALUES %s) AS period(period_start, period_end)",
            SQL(", ").join(SQL("(%s, %s)", month, month_end(month)) for month in months),
        )

    @api.model
    def _months_asked(self, domain):
        """``(first month, last month)`` a domain restricts ``date`` to (its conditions on ``date`` joined by AND
        at its top), ``None`` when it does not."""
        domain = Domain(domain)
        conditions = domain.children if isinstance(domain, DomainAnd) else [domain]
        first = last = None
        for condition in conditions:
            if not isinstance(condition, DomainCondition) or condition.field_expr != "date":
                continue
            operator, value = condition.operator, condition.value
            if operator == "in" and value and not any(day is False or day is None for day in value):
                days = [fields.Date.to_date(day) for day in value]
                low, high = min(days), max(days)
            elif operator in ("=", ">=", ">", "<=", "<") and value:
                day = fields.Date.to_date(value)
                low = day if operator in ("=", ">=", ">") else None
                high = (day - timedelta(days=1) if operator == "<" else day) if operator in ("=", "<=", "<") else None
            else:
                continue
            if low:
                first = max(first, month_start(low)) if first else month_start(low)
            if high:
                last = min(last, month_start(high)) if last else month_start(high)
        if first is None and last is None:
            return None
        return (first or date.min, last or date.max)

    @api.model
    def _search(self, domain, *args, **kwargs):
        months = self._months_asked(domain)
        if months and self.env.context.get("housing_report_months") != months:
            return self.with_context(housing_report_months=months)._search(domain, *args, **kwargs)
        return super()._search(domain, *args, **kwargs)

    def _as_query(self, ordered=True):
        # the rows read by id: their months only (a row's id says its month)
        indexes = [record_id % MONTH_KEY for record_id in self._ids if isinstance(record_id, int)]
        if indexes:
            months = tuple(date(index // 12, index % 12 + 1, 1) for index in (min(indexes), max(indexes)))
            if self.env.context.get("housing_report_months") != months:
                return self.with_context(housing_report_months=months)._as_query(ordered)
        return super()._as_query(ordered)

    @api.model
    def _read_group_select(self, aggregate_spec, query):
        """The occupancy rate of a group is its occupied bed-days over its available ones."""
        field = aggregate_spec.split(":")[0]
        if field in ("occupancy_rate", "occupancy_percent"):
            return SQL(
                "COALESCE(%s * SUM(%s)::float / NULLIF(SUM(%s), 0), 0)",
                100 if field == "occupancy_percent" else 1,
                self._field_to_sql(self._table, "bed_days_occupied", query),
                self._field_to_sql(self._table, "bed_days_available", query),
            )
        return super()._read_group_select(aggregate_spec, query)

    @api.model
    def _room_period_sql(self, periods, units=None, leases=None, agreements=None):
        """One row per room and period of ``periods`` (SQL of ``period_start, period_end`` rows: the months of the
        report, or the one period of the indicator engine), days clipped to the period: ``room_id, unit_id,
        programme_id, company_id, period_start, available, occupied, vacant, vacancy_cost, beds_end``
        (``beds_end``: the room's beds when it is held on the period's last day).

        A vacant bed-day costs the lease's monthly rent (in force that day: a span is cut at each revision) and
        charges / (beds of the dwelling × days of its month):
        over a span of days that is ``cost / beds × (month_index(last day + 1) - month_index(first day))``, the
        month index counting each day as the fraction of its month, so that no row per day or month is needed.
        ``units``, ``leases``, ``agreements``: SQL sub-queries of the ids to read (what the user may read), or
        ``None`` for every record.
        """

        def only(column, ids):
            return SQL("AND %s IN %s", SQL.identifier(*column.split(".")), ids) if ids is not None else SQL()

        def month_index(day):
            return SQL(
                "(EXTRACT(YEAR FROM %(day)s) * 12 + EXTRACT(MONTH FROM %(day)s) - 1 + (EXTRACT(DAY FROM %(day)s) - 1)"
                " / EXTRACT(DAY FROM date_trunc('month', %(day)s) + interval '1 month - 1 day'))",
                day=day,
            )

        # a span covering its whole period costs the period's months (computed once per period)
        months_of = SQL(
            "(CASE WHEN s.day_from = pe.period_start AND s.day_to = pe.period_end THEN pe.months ELSE %s - %s END)",
            month_index(SQL("(s.day_to + 1)")),
            month_index(SQL("s.day_from")),
        )
        period_months = SQL("(%s - %s)", month_index(SQL("(p.period_end + 1)")), month_index(SQL("p.period_start")))
        return SQL(
            """
            WITH period AS (
                SELECT p.period_start, p.period_end, %(period_months)s AS months FROM (%(periods)s) p
            ),
            lease AS (
                SELECT l.id, l.unit_id, l.date_start, COALESCE(l.date_end, 'infinity'::date) AS date_end,
                       l.lease_type, COALESCE(l.rent, 0) AS rent, COALESCE(l.charges, 0) AS charges
                  FROM housing_lease l
                 WHERE l.state IN %(lease_states)s %(only_leases)s %(only_lease_units)s
            ),
            revision AS (
                SELECT r.lease_id, r.date, r.id, r.old_rent, r.new_rent,
                       ROW_NUMBER() OVER (PARTITION BY r.lease_id ORDER BY r.date, r.id) AS n
                  FROM housing_rent_revision r
                 WHERE r.lease_id IN (SELECT le.id FROM lease le)
            ),
            lease_rent AS (
                -- the rent in force from each day, from the revision history (an IRL revision overwrites the
                -- lease's rent): before the first revision its previous rent, then each new rent from its date
                SELECT rv.lease_id, rv.rent_from,
                       COALESCE(LEAD(rv.rent_from) OVER (PARTITION BY rv.lease_id ORDER BY rv.rent_from, rv.seq)
                                - 1, 'infinity'::date) AS rent_to,
                       rv.rent
                  FROM (
                        SELECT le.id AS lease_id, le.date_start AS rent_from, 0 AS seq,
                               COALESCE(r.old_rent, le.rent) AS rent
                          FROM lease le
                          LEFT JOIN revision r ON r.lease_id = le.id AND r.n = 1
                        UNION ALL
                        SELECT r.lease_id, r.date, r.id, r.new_rent FROM revision r
                  ) rv
            ),
            period_span AS (
                SELECT MIN(pe.period_start) AS first_day, MAX(pe.period_end) AS last_day FROM period pe
            ),
            held AS (
                -- the days the association holds each dwelling: its head leases, at the rent of each day...
                SELECT le.unit_id, GREATEST(le.date_start, lr.rent_from) AS held_from,
                       LEAST(le.date_end, lr.rent_to) AS held_to,
                       CASE WHEN le.lease_type = 'management_mandate' THEN 0
                            ELSE lr.rent + le.charges END AS monthly_cost
                  FROM lease le
                  JOIN lease_rent lr ON lr.lease_id = le.id
                 CROSS JOIN period_span ps
                 WHERE GREATEST(le.date_start, lr.rent_from) <= LEAST(le.date_end, lr.rent_to)
                   -- only the spans of the periods asked
                   AND GREATEST(le.date_start, lr.rent_from) <= ps.last_day
                   AND LEAST(le.date_end, lr.rent_to) >= ps.first_day
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
            room AS MATERIALIZED (
                -- an archived room or dwelling counts until its last agreement
                SELECT r.id AS room_id, r.unit_id, r.capacity, GREATEST(u.capacity, r.capacity) AS unit_beds,
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
            held_room AS MATERIALIZED (
                SELECT ro.room_id, ro.unit_id, ro.programme_id, ro.company_id, ro.capacity, ro.unit_beds,
                       h.monthly_cost, h.held_from, LEAST(h.held_to, ro.room_until) AS held_to
                  FROM held h JOIN room ro ON ro.unit_id = h.unit_id
            ),
            agreement_room AS (
                -- a household fills as many beds of its room as it has persons; renting the whole dwelling,
                -- every bed of every room
                SELECT o.date_start, COALESCE(o.exit_date, 'infinity'::date) AS date_stop, ro.room_id,
                       LEAST(ro.capacity, o.person_count) AS beds
                  FROM housing_occupancy o
                  JOIN room ro ON ro.room_id = o.room_id
                 WHERE o.state IN %(signed)s %(only_agreements)s
                UNION ALL
                SELECT o.date_start, COALESCE(o.exit_date, 'infinity'::date), ro.room_id, ro.capacity
                  FROM housing_occupancy o
                  JOIN room ro ON o.room_id IS NULL AND ro.unit_id = o.unit_id
                 WHERE o.state IN %(signed)s %(only_agreements)s
            )
            SELECT x.room_id, x.unit_id, x.programme_id, x.company_id, x.period_start,
                   SUM(x.available)::integer AS available,
                   -- never more beds occupied than held, nor a negative vacancy (agreements overlapping in a
                   -- room, as earlier versions let the term of an agreement end it, fill its beds once)
                   LEAST(SUM(x.occupied), SUM(x.available))::integer AS occupied,
                   GREATEST(SUM(x.available) - SUM(x.occupied), 0)::integer AS vacant,
                   CASE WHEN SUM(x.occupied) >= SUM(x.available) THEN 0 ELSE GREATEST(SUM(x.cost), 0) END
                       AS vacancy_cost,
                   SUM(x.beds_end)::integer AS beds_end
              FROM (
                    -- the beds held, and what they cost...
                    SELECT hr.room_id, hr.unit_id, hr.programme_id, hr.company_id, pe.period_start,
                           (s.day_to - s.day_from + 1) * hr.capacity AS available,
                           0 AS occupied, hr.monthly_cost * hr.capacity / hr.unit_beds * %(months_of)s AS cost,
                           CASE WHEN s.day_to = pe.period_end THEN hr.capacity ELSE 0 END AS beds_end
                      FROM held_room hr
                      JOIN period pe ON pe.period_start <= hr.held_to AND pe.period_end >= hr.held_from
                     CROSS JOIN LATERAL (SELECT GREATEST(pe.period_start, hr.held_from) AS day_from,
                                                LEAST(pe.period_end, hr.held_to) AS day_to) s
                    UNION ALL
                    -- ...less the beds occupied on the days the dwelling is held (an agreement outside its
                    -- head lease fills no bed)
                    SELECT hr.room_id, hr.unit_id, hr.programme_id, hr.company_id, pe.period_start, 0,
                           (s.day_to - s.day_from + 1) * ar.beds,
                           -hr.monthly_cost * ar.beds / hr.unit_beds * %(months_of)s, 0
                      FROM agreement_room ar
                      JOIN held_room hr ON hr.room_id = ar.room_id
                                       AND hr.held_from <= ar.date_stop AND hr.held_to >= ar.date_start
                      JOIN period pe ON pe.period_start <= LEAST(ar.date_stop, hr.held_to)
                                    AND pe.period_end >= GREATEST(ar.date_start, hr.held_from)
                     CROSS JOIN LATERAL (SELECT GREATEST(pe.period_start, hr.held_from, ar.date_start) AS day_from,
                                                LEAST(pe.period_end, hr.held_to, ar.date_stop) AS day_to) s
              ) x
             GROUP BY x.room_id, x.unit_id, x.programme_id, x.company_id, x.period_start
            """,
            periods=periods,
            lease_states=HELD_LEASE_STATES,
            signed=SIGNED_STATES,
            months_of=months_of,
            period_months=period_months,
            only_leases=only("l.id", leases),
            only_lease_units=only("l.unit_id", units),
            only_units=only("u.id", units),
            only_room_units=only("r.unit_id", units),
            only_agreements=only("o.id", agreements),
        )
