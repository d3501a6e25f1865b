from odoo import api, models
from odoo.tools import SQL

from ..tools.indicator_math import AGE_BANDS, PERMANENT_DESTINATIONS, rate
from .housing_indicator import AMOUNT, COUNT, DAYS, DICT, RATE
from .housing_occupancy import SIGNED_STATES

AGE_BAND_KEYS = [key for _first, _last, key in AGE_BANDS]


class HousingIndicator(models.AbstractModel):
    """Tenancy's figures: households and persons housed, places and bed-days, vacancy cost, entries and exits,
    lengths of stay.

    An agreement counts when it is signed and covers at least one day of the period (from its entry to its exit
    date; a term reached without an exit goes on, as billing has it). A household is the agreement's signatory;
    persons are the signatory and the members of the agreement, each once, their age taken on the last day
    they are housed in the period. A stay lasts from the entry to the exit date, both included.
    """

    _inherit = "housing.indicator"

    @api.model
    def _indicator_sections(self):
        return [
            *super()._indicator_sections(),
            "_indicators_households",
            "_indicators_places",
            "_indicators_movements",
        ]

    @api.model
    def _indicator_layout(self):
        households = [
            ("households_housed", self.env._("Households housed"), COUNT),
            ("households_present_start", self.env._("Households present on the first day"), COUNT),
            ("households_present_end", self.env._("Households present on the last day"), COUNT),
            ("persons_housed", self.env._("Persons housed"), COUNT),
            ("adults_housed", self.env._("Adults"), COUNT),
            ("minors_housed", self.env._("Minors"), COUNT),
            ("minors_0_2", self.env._("Minors aged 0 to 2"), COUNT),
            ("minors_3_5", self.env._("Minors aged 3 to 5"), COUNT),
            ("minors_6_11", self.env._("Minors aged 6 to 11"), COUNT),
            ("minors_12_15", self.env._("Minors aged 12 to 15"), COUNT),
            ("minors_16_17", self.env._("Minors aged 16 to 17"), COUNT),
            ("persons_present_start", self.env._("Persons present on the first day"), COUNT),
            ("persons_present_end", self.env._("Persons present on the last day"), COUNT),
        ]
        places = [
            ("places", self.env._("Places (beds) on the last day"), COUNT),
            ("bed_days_available", self.env._("Bed-days available"), DAYS),
            ("bed_days_occupied", self.env._("Bed-days occupied"), DAYS),
            ("bed_days_vacant", self.env._("Bed-days vacant"), DAYS),
            ("occupancy_rate", self.env._("Occupancy rate"), RATE),
            ("vacancy_cost", self.env._("Vacancy cost (rent paid for empty beds)"), AMOUNT),
        ]
        movements = [
            ("entries", self.env._("Entries"), COUNT),
            ("exits", self.env._("Exits"), COUNT),
            ("exits_by_destination", self.env._("Exits by destination"), DICT),
            (
                "exits_permanent",
                self.env._("Exits to permanent housing (sliding lease taken over included)"),
                COUNT,
            ),
            ("exits_permanent_rate", self.env._("Share of exits to permanent housing"), RATE),
            ("stay_days_average_exits", self.env._("Average stay of the households who left (days)"), DAYS),
            ("stay_days_median_exits", self.env._("Median stay of the households who left (days)"), DAYS),
            (
                "stay_days_average_present",
                self.env._("Average stay so far of those present at the end (days)"),
                DAYS,
            ),
            (
                "stay_days_median_present",
                self.env._("Median stay so far of those present at the end (days)"),
                DAYS,
            ),
        ]
        return [
            *super()._indicator_layout(),
            ("households", self.env._("Households and persons housed"), households),
            ("places", self.env._("Places and occupancy"), places),
            ("movements", self.env._("Entries, exits and length of stay"), movements),
        ]

    @api.model
    def _indicator_notes(self):
        return [
            *super()._indicator_notes(),
            self.env._(
                "An agreement runs from its entry to its recorded exit: a term reached without an exit goes on "
                "(tacit renewal), the household keeps its beds and is still billed. A household or a person is "
                "present on the first or the last day of the period when one of its agreements covers that day."
            ),
            self.env._(
                "Vacancy cost: the head lease's rent in force each day (IRL revisions included) and charges, "
                "× vacant bed-days / bed-days of the dwelling in the month."
            ),
        ]

    @api.model
    def _indicator_lists(self, scope, names=False):
        return [
            *super()._indicator_lists(scope, names=names),
            self._indicator_list_housed(scope, names),
            self._indicator_list_entries(scope, names),
            self._indicator_list_exits(scope, names),
            self._indicator_list_vacancies(scope),
        ]

    # ------------------------------------------------------------------ the agreements of the period
    @api.model
    def _indicator_agreements_sql(self, scope):
        """The agreements of the period the user may read, with the days they cover in it:
        ``id, name, programme_id, company_id, partner_id, unit_id, room_id, date_start, exit_date, exit_destination,
        person_count, first_day, last_day``."""
        date_from, date_to = self._indicator_period_sql(scope)
        agreements = self._indicator_query(
            "housing.occupancy",
            scope,
            [
                ("state", "in", SIGNED_STATES),
                ("date_start", "<=", scope["date_to"]),
                "|",
                ("exit_date", "=", False),
                ("exit_date", ">=", scope["date_from"]),
            ],
        )
        return SQL(
            """
            SELECT o.id, o.name, o.programme_id, o.company_id, o.partner_id, o.unit_id, o.room_id, o.date_start,
                   o.exit_date, o.exit_destination, o.person_count,
                   GREATEST(o.date_start, %(date_from)s) AS first_day,
                   LEAST(COALESCE(o.exit_date, %(date_to)s), %(date_to)s) AS last_day
              FROM housing_occupancy o
             WHERE o.id IN %(agreements)s
            """,
            date_from=date_from,
            date_to=date_to,
            agreements=agreements,
        )

    @api.model
    def _indicator_persons_sql(self, scope):
        """Every person of the period's agreements, once per agreement: ``agreement_id, programme_id, person_id,
        last_day, present_start, present_end`` (signatories and members)."""
        date_from, date_to = self._indicator_period_sql(scope)
        return SQL(
            """
            WITH agreement AS (%(agreements)s)
            SELECT a.id AS agreement_id, a.programme_id, person.person_id, a.last_day,
                   a.date_start <= %(date_from)s AS present_start,
                   a.exit_date IS NULL OR a.exit_date >= %(date_to)s AS present_end
              FROM agreement a
             CROSS JOIN LATERAL (
                   SELECT a.partner_id AS person_id
                   UNION
                   SELECT rel.partner_id FROM housing_occupancy_member_rel rel WHERE rel.occupancy_id = a.id
             ) person
            """,
            agreements=self._indicator_agreements_sql(scope),
            date_from=date_from,
            date_to=date_to,
        )

    @api.model
    def _indicator_minor_sql(self, birthdate, on_day):
        """SQL of the figure key of a person's age band (``'adult'`` for an adult or an unknown birth date)."""
        # whole years between the two days: 20250614 - 20220615 = 29999, 2 years
        age = SQL("((to_char(%s, 'YYYYMMDD')::integer - to_char(%s, 'YYYYMMDD')::integer) / 10000)", on_day, birthdate)
        # bands in ascending order: a child not yet born on that day counts in the first one
        cases = [SQL("WHEN age.years <= %s THEN %s", last, key) for _first, last, key in AGE_BANDS]
        return SQL(
            "(SELECT CASE WHEN %s IS NULL THEN 'adult' %s ELSE 'adult' END FROM (SELECT %s AS years) age)",
            birthdate,
            SQL(" ").join(cases),
            age,
        )

    # ------------------------------------------------------------------ sections
    @api.model
    def _indicators_households(self, scope, result):
        date_from, date_to = self._indicator_period_sql(scope)
        rows = self._indicator_execute(
            SQL(
                """
                WITH agreement AS (%(agreements)s)
                SELECT GROUPING(a.programme_id) = 1, a.programme_id,
                       COUNT(DISTINCT a.partner_id),
                       COUNT(DISTINCT a.partner_id) FILTER (WHERE a.date_start <= %(date_from)s),
                       COUNT(DISTINCT a.partner_id) FILTER (WHERE a.exit_date IS NULL OR a.exit_date >= %(date_to)s)
                  FROM agreement a
                 GROUP BY GROUPING SETS ((a.programme_id), ())
                """,
                agreements=self._indicator_agreements_sql(scope),
                date_from=date_from,
                date_to=date_to,
            )
        )
        self._indicator_fill(result, ["households_housed", "households_present_start", "households_present_end"], rows)
        band = self._indicator_minor_sql(SQL("p.housing_birthdate"), SQL("pp.last_day"))
        rows = self._indicator_execute(
            SQL(
                """
                WITH person AS (%(persons)s),
                pp AS (
                    -- each person once per programme, and once in the total, on her last day housed
                    SELECT GROUPING(x.programme_id) = 1 AS is_total, x.programme_id, x.person_id,
                           MAX(x.last_day) AS last_day, bool_or(x.present_start) AS present_start,
                           bool_or(x.present_end) AS present_end
                      FROM person x
                     GROUP BY GROUPING SETS ((x.programme_id, x.person_id), (x.person_id))
                ),
                banded AS MATERIALIZED (
                    SELECT pp.is_total, pp.programme_id, pp.present_start, pp.present_end, %(band)s AS band
                      FROM pp JOIN res_partner p ON p.id = pp.person_id
                )
                SELECT b.is_total, b.programme_id, COUNT(*),
                       COUNT(*) FILTER (WHERE b.band = 'adult'),
                       COUNT(*) FILTER (WHERE b.band <> 'adult'),
                       %(bands)s,
                       COUNT(*) FILTER (WHERE b.present_start),
                       COUNT(*) FILTER (WHERE b.present_end)
                  FROM banded b
                 GROUP BY b.is_total, b.programme_id
                """,
                persons=self._indicator_persons_sql(scope),
                band=band,
                bands=SQL(", ").join(SQL("COUNT(*) FILTER (WHERE b.band = %s)", key) for key in AGE_BAND_KEYS),
            )
        )
        self._indicator_fill(
            result,
            [
                "persons_housed",
                "adults_housed",
                "minors_housed",
                *AGE_BAND_KEYS,
                "persons_present_start",
                "persons_present_end",
            ],
            rows,
        )

    @api.model
    def _indicators_places(self, scope, result):
        rows = self._indicator_execute(
            SQL(
                """
                SELECT GROUPING(rm.programme_id) = 1, rm.programme_id, SUM(rm.beds_end), SUM(rm.available),
                       SUM(rm.occupied), SUM(rm.vacant), SUM(rm.vacancy_cost)
                  FROM (%s) rm
                 GROUP BY GROUPING SETS ((rm.programme_id), ())
                """,
                self._indicator_room_period_sql(scope),
            )
        )
        keys = ["places", "bed_days_available", "bed_days_occupied", "bed_days_vacant", "vacancy_cost"]
        self._indicator_fill(result, keys, rows, digits={"vacancy_cost": 2})
        for figures in result.values():
            for key in keys[:-1]:
                figures[key] = int(figures[key])
            figures["occupancy_rate"] = rate(figures["bed_days_occupied"], figures["bed_days_available"])

    @api.model
    def _indicator_room_period_sql(self, scope):
        """The rooms over the period (``housing.occupancy.report``'s SQL, the period as one row), as the user may
        read them."""
        date_from, date_to = self._indicator_period_sql(scope)
        return self.env["housing.occupancy.report"]._room_period_sql(
            SQL("SELECT %s AS period_start, %s AS period_end", date_from, date_to),
            units=self._indicator_query("housing.unit", scope, []),
            leases=self._indicator_query("housing.lease", scope, []),
            agreements=self._indicator_query("housing.occupancy", scope, [("state", "in", SIGNED_STATES)]),
        )

    @api.model
    def _indicators_movements(self, scope, result):
        date_from, date_to = self._indicator_period_sql(scope)
        exited = SQL("a.exit_date <= %s", date_to)
        present = SQL("(a.exit_date IS NULL OR a.exit_date >= %s)", date_to)
        stay = SQL("(a.exit_date - a.date_start + 1)")
        stay_so_far = SQL("(%s - a.date_start + 1)", date_to)
        rows = self._indicator_execute(
            SQL(
                """
                WITH agreement AS (%(agreements)s)
                SELECT GROUPING(a.programme_id) = 1, a.programme_id,
                       COUNT(*) FILTER (WHERE a.date_start >= %(date_from)s),
                       COUNT(*) FILTER (WHERE %(exited)s),
                       COUNT(*) FILTER (WHERE %(exited)s AND a.exit_destination IN %(permanent)s),
                       AVG(%(stay)s) FILTER (WHERE %(exited)s),
                       percentile_cont(0.5) WITHIN GROUP (ORDER BY %(stay)s) FILTER (WHERE %(exited)s),
                       AVG(%(stay_so_far)s) FILTER (WHERE %(present)s),
                       percentile_cont(0.5) WITHIN GROUP (ORDER BY %(stay_so_far)s) FILTER (WHERE %(present)s)
                  FROM agreement a
                 GROUP BY GROUPING SETS ((a.programme_id), ())
                """,
                agreements=self._indicator_agreements_sql(scope),
                date_from=date_from,
                exited=exited,
                present=present,
                permanent=PERMANENT_DESTINATIONS,
                stay=stay,
                stay_so_far=stay_so_far,
            )
        )
        stays = [
            "stay_days_average_exits",
            "stay_days_median_exits",
            "stay_days_average_present",
            "stay_days_median_present",
        ]
        self._indicator_fill(
            result, ["entries", "exits", "exits_permanent", *stays], rows, digits=dict.fromkeys(stays, 1)
        )
        for figures in result.values():
            figures["exits_permanent_rate"] = rate(figures["exits_permanent"], figures["exits"])
        rows = self._indicator_execute(
            SQL(
                """
                WITH agreement AS (%(agreements)s)
                SELECT GROUPING(a.programme_id) = 1, a.programme_id, a.destination, COUNT(*)
                  FROM (SELECT *, COALESCE(exit_destination, 'unknown') AS destination FROM agreement) a
                 WHERE %(exited)s
                 GROUP BY GROUPING SETS ((a.programme_id, a.destination), (a.destination))
                """,
                agreements=self._indicator_agreements_sql(scope),
                exited=exited,
            )
        )
        labels = self._indicator_labels("housing.occupancy", "exit_destination")
        self._indicator_fill_dict(result, "exits_by_destination", rows, labels)

    # ------------------------------------------------------------------ lists
    @api.model
    def _indicator_list_columns(self, names, *labels):
        return [*labels, self.env._("Household")] if names else list(labels)

    @api.model
    def _indicator_list_housed(self, scope, names):
        band = self._indicator_minor_sql(SQL("p.housing_birthdate"), SQL("x.last_day"))
        rows = self._indicator_execute(
            SQL(
                """
                WITH agreement AS (%(agreements)s), person AS (%(persons)s)
                SELECT pr.name, a.name, u.ref, r.name, a.date_start, a.exit_date,
                       (a.last_day - a.first_day + 1)::integer,
                       COALESCE(counts.persons, 0)::integer, COALESCE(counts.adults, 0)::integer,
                       COALESCE(counts.persons - counts.adults, 0)::integer, hh.name
                  FROM agreement a
                  JOIN housing_programme pr ON pr.id = a.programme_id
                  JOIN housing_unit u ON u.id = a.unit_id
                  LEFT JOIN housing_room r ON r.id = a.room_id
                  JOIN res_partner hh ON hh.id = a.partner_id
                  LEFT JOIN (
                      SELECT x.agreement_id, COUNT(*) AS persons, COUNT(*) FILTER (WHERE %(band)s = 'adult') AS adults
                        FROM person x JOIN res_partner p ON p.id = x.person_id
                       GROUP BY x.agreement_id
                  ) counts ON counts.agreement_id = a.id
                 ORDER BY pr.name, a.name
                """,
                agreements=self._indicator_agreements_sql(scope),
                persons=self._indicator_persons_sql(scope),
                band=band,
            )
        )
        columns = self._indicator_list_columns(
            names,
            self.env._("Programme"),
            self.env._("Agreement"),
            self.env._("Unit"),
            self.env._("Room"),
            self.env._("Entry date"),
            self.env._("Exit date"),
            self.env._("Days in the period"),
            self.env._("Persons"),
            self.env._("Adults"),
            self.env._("Minors"),
        )
        return (
            "households",
            self.env._("Households housed"),
            columns,
            [self._indicator_row(row, names) for row in rows],
        )

    @api.model
    def _indicator_row(self, row, names):
        """A list's row: the last value is the household's name, dropped unless names are asked for."""
        return list(row) if names else list(row[:-1])

    @api.model
    def _indicator_list_entries(self, scope, names):
        rows = self._indicator_execute(
            SQL(
                """
                WITH agreement AS (%(agreements)s)
                SELECT pr.name, a.name, u.ref, r.name, a.date_start, a.person_count, hh.name
                  FROM agreement a
                  JOIN housing_programme pr ON pr.id = a.programme_id
                  JOIN housing_unit u ON u.id = a.unit_id
                  LEFT JOIN housing_room r ON r.id = a.room_id
                  JOIN res_partner hh ON hh.id = a.partner_id
                 WHERE a.date_start >= %(date_from)s
                 ORDER BY pr.name, a.date_start, a.name
                """,
                agreements=self._indicator_agreements_sql(scope),
                date_from=scope["date_from"],
            )
        )
        columns = self._indicator_list_columns(
            names,
            self.env._("Programme"),
            self.env._("Agreement"),
            self.env._("Unit"),
            self.env._("Room"),
            self.env._("Entry date"),
            self.env._("Persons"),
        )
        return ("entries", self.env._("Entries"), columns, [self._indicator_row(row, names) for row in rows])

    @api.model
    def _indicator_list_exits(self, scope, names):
        labels = self._indicator_labels("housing.occupancy", "exit_destination")
        rows = self._indicator_execute(
            SQL(
                """
                WITH agreement AS (%(agreements)s)
                SELECT pr.name, a.name, u.ref, a.date_start, a.exit_date, COALESCE(a.exit_destination, 'unknown'),
                       (a.exit_date - a.date_start + 1)::integer, hh.name
                  FROM agreement a
                  JOIN housing_programme pr ON pr.id = a.programme_id
                  JOIN housing_unit u ON u.id = a.unit_id
                  JOIN res_partner hh ON hh.id = a.partner_id
                 WHERE a.exit_date <= %(date_to)s
                 ORDER BY pr.name, a.exit_date, a.name
                """,
                agreements=self._indicator_agreements_sql(scope),
                date_to=scope["date_to"],
            )
        )
        rows = [[*row[:5], labels.get(row[5], row[5]), *row[6:]] for row in rows]
        columns = self._indicator_list_columns(
            names,
            self.env._("Programme"),
            self.env._("Agreement"),
            self.env._("Unit"),
            self.env._("Entry date"),
            self.env._("Exit date"),
            self.env._("Destination"),
            self.env._("Stay (days)"),
        )
        return (
            "exits",
            self.env._("Exits with destination"),
            columns,
            [self._indicator_row(row, names) for row in rows],
        )

    @api.model
    def _indicator_list_vacancies(self, scope):
        rows = self._indicator_execute(
            SQL(
                """
                SELECT pr.name, u.ref, r.name, rm.available, rm.occupied, rm.vacant, rm.vacancy_cost
                  FROM (%(rows)s) rm
                  JOIN housing_room r ON r.id = rm.room_id
                  JOIN housing_unit u ON u.id = rm.unit_id
                  JOIN housing_programme pr ON pr.id = rm.programme_id
                 WHERE rm.vacant > 0
                 ORDER BY pr.name, u.ref, r.sequence, r.id
                """,
                rows=self._indicator_room_period_sql(scope),
            )
        )
        columns = [
            self.env._("Programme"),
            self.env._("Unit"),
            self.env._("Room"),
            self.env._("Bed-days available"),
            self.env._("Bed-days occupied"),
            self.env._("Bed-days vacant"),
            self.env._("Vacancy cost"),
        ]
        return ("vacancies", self.env._("Vacancies"), columns, [[*row[:6], float(row[6] or 0)] for row in rows])
