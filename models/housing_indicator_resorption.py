from collections import defaultdict
from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import SQL

from .housing_camp_census_member import SCHOOLED

#: the figures of the camp-resorption section, summed for the total
RESORPTION_COUNTS = (
    "resorption_sites",
    "resorption_sites_resorbed",
    "resorption_households_censused",
    "resorption_persons_censused",
    "resorption_households_concerned",
    "resorption_persons_concerned",
    "resorption_women_concerned",
    "resorption_minors_concerned",
    "resorption_households_accompanied",
    "resorption_persons_accompanied",
    "resorption_persons_health",
    "resorption_households_moved",
    "resorption_persons_moved",
    "resorption_households_long_term",
    "resorption_persons_long_term",
    "resorption_households_housing",
    "resorption_persons_housing",
    "resorption_households_housed",
    "resorption_persons_housed",
    "resorption_households_sheltered",
    "resorption_persons_sheltered",
    "resorption_persons_lasting",
    "resorption_households_in_work",
    "resorption_persons_in_work",
    "resorption_women_in_work",
    "resorption_minors_school_age",
    "resorption_minors_schooled",
    "resorption_minors_nursery",
    "resorption_minors_primary",
    "resorption_minors_secondary",
    "resorption_minors_high_school",
    "resorption_minors_schooled_other",
    "shelter_stays",
    "shelter_nights",
    "shelter_cost",
)


class HousingIndicator(models.AbstractModel):
    """Camp resorption and hotel shelter figures: what the DIHAL asks per action and year (persons censused,
    accompanied, moved, housed or sheltered, in work, children schooled, sites resorbed) and what sheltering cost."""

    _inherit = "housing.indicator"

    @api.model
    def _indicator_sections(self):
        return [*super()._indicator_sections(), "_indicators_resorption"]

    @api.model
    def _indicator_layout(self):
        # written as lists, then given as tuples: a tuple right after a translated string would be taken for a
        # translated string by the terms extractor
        sections = [
            [
                "resorption",
                self.env._("Camp resorption"),
                [
                    ["resorption_sites", self.env._("Sites followed"), "count"],
                    ["resorption_sites_resorbed", self.env._("Sites resorbed"), "count"],
                    ["resorption_households_censused", self.env._("Households censused in the period"), "count"],
                    ["resorption_persons_censused", self.env._("Persons censused in the period"), "count"],
                    ["resorption_persons_concerned", self.env._("Persons concerned by the action"), "count"],
                    ["resorption_households_concerned", self.env._("Households concerned by the action"), "count"],
                    ["resorption_women_concerned", self.env._("Women concerned"), "count"],
                    ["resorption_minors_concerned", self.env._("Minors concerned"), "count"],
                    ["resorption_households_accompanied", self.env._("Households accompanied"), "count"],
                    ["resorption_persons_accompanied", self.env._("Persons accompanied"), "count"],
                    ["resorption_persons_health", self.env._("Persons with a health accompaniment"), "count"],
                    ["resorption_households_moved", self.env._("Households moved off a site"), "count"],
                    ["resorption_persons_moved", self.env._("Persons moved off a site"), "count"],
                    ["resorption_persons_housed", self.env._("Persons housed (agreement)"), "count"],
                    ["resorption_households_housed", self.env._("Households housed (agreement)"), "count"],
                    ["resorption_persons_sheltered", self.env._("Persons sheltered in hotels"), "count"],
                    ["resorption_households_sheltered", self.env._("Households sheltered in hotels"), "count"],
                    ["resorption_persons_lasting_rate", self.env._("Persons with a lasting solution"), "rate"],
                    ["resorption_persons_in_work", self.env._("Persons in work"), "count"],
                    ["resorption_women_in_work", self.env._("Women in work"), "count"],
                    ["resorption_minors_school_age", self.env._("Minors of school age (3–17)"), "count"],
                    ["resorption_minors_schooled", self.env._("Children schooled"), "count"],
                ],
            ],
            [
                "shelter",
                self.env._("Hotel shelter"),
                [
                    ["shelter_stays", self.env._("Hotel stays"), "count"],
                    ["shelter_nights", self.env._("Hotel nights"), "count"],
                    ["shelter_cost", self.env._("Cost of the hotel nights"), "amount"],
                    ["shelter_nights_by_funder", self.env._("Hotel nights by funder"), "dict"],
                    ["shelter_cost_by_funder", self.env._("Cost of the hotel nights by funder"), "dict"],
                ],
            ],
        ]
        return super()._indicator_layout() + [
            (key, title, [tuple(figure) for figure in figures]) for key, title, figures in sections
        ]

    @api.model
    def _indicator_notes(self):
        return [
            *super()._indicator_notes(),
            self.env._(
                "Hotel nights: the nights whose evening falls in the period, up to tonight while the period runs "
                "on; the nights to come are not counted."
            ),
        ]

    @api.model
    def _indicator_lists(self, scope, names=False):
        lists = super()._indicator_lists(scope, names)
        sites = self._resorption_sites(scope)
        lists.append(
            (
                "resorption_sites",
                self.env._("Camp sites"),
                [
                    self.env._("Site"),
                    self.env._("Commune"),
                    self.env._("Households"),
                    self.env._("Persons"),
                    self.env._("Persons with a lasting solution"),
                    self.env._("Resorption rule met"),
                    self.env._("Closed on"),
                    self.env._("Closing reason"),
                ],
                [
                    [
                        site.name,
                        site.city or "",
                        site.household_count,
                        site.person_count,
                        site.persons_lasting,
                        self.env._("Yes") if site.lasting_rule_met else self.env._("No"),
                        site.date_closed or "",
                        dict(site._fields["closing_reason"]._description_selection(self.env)).get(
                            site.closing_reason, ""
                        ),
                    ]
                    for site in sites
                ],
            )
        )
        stays = self._resorption_stays(scope)
        nights = stays._nights_between(scope["date_from"], self._resorption_night_to(scope))
        columns = [
            self.env._("Stay"),
            self.env._("Hotel"),
            self.env._("Funder"),
            self.env._("Check-in"),
            self.env._("Check-out"),
            self.env._("Persons"),
            self.env._("Nights"),
            self.env._("Cost"),
        ]
        if names:
            columns.insert(1, self.env._("Household"))
        rows = []
        for stay in stays:
            row = [
                stay.name,
                stay.hotel_id.name,
                stay.funder_id.name or "",
                stay.date_checkin,
                stay.date_checkout or "",
                stay.person_count,
                nights[stay.id],
                nights[stay.id] * stay.nightly_cost,
            ]
            if names:
                row.insert(1, stay.partner_id.name)
            rows.append(row)
        lists.append(("shelter_stays", self.env._("Hotel stays"), columns, rows))
        return lists

    # ------------------------------------------------------------------ the section
    @api.model
    def _indicators_resorption(self, scope, result):
        programmes = scope["programmes"]
        figures = {programme.id: dict.fromkeys(RESORPTION_COUNTS, 0) for programme in programmes}
        by_funder = {programme.id: (defaultdict(int), defaultdict(float)) for programme in programmes}
        if programmes:
            params = self._resorption_params(scope)
            for query in (
                self._resorption_sql_sites,
                self._resorption_sql_population,
                self._resorption_sql_followups,
                self._resorption_sql_moves,
                self._resorption_sql_work,
                self._resorption_sql_sheltered,
            ):
                for row in self.env.execute_query_dict(query(params)):
                    counts = figures[row.pop("programme_id")]
                    for key, value in row.items():
                        counts[key] += value or 0
            rows = self.env.execute_query(self._resorption_sql_nights(params))
            funder_names = self._resorption_funder_names({row[1] for row in rows})
            for programme_id, funder_id, stays, nights, cost in rows:
                counts = figures[programme_id]
                counts["shelter_stays"] += stays
                counts["shelter_nights"] += nights
                counts["shelter_cost"] += float(cost or 0)
                by_funder[programme_id][0][funder_names[funder_id]] += nights
                by_funder[programme_id][1][funder_names[funder_id]] += float(cost or 0)
        total = dict.fromkeys(RESORPTION_COUNTS, 0)
        total_nights, total_cost = defaultdict(int), defaultdict(float)
        for programme in programmes:
            counts = figures[programme.id]
            counts["resorption_households_housed"] = (
                counts["resorption_households_long_term"] + counts["resorption_households_housing"]
            )
            counts["resorption_persons_housed"] = (
                counts["resorption_persons_long_term"] + counts["resorption_persons_housing"]
            )
            nights, cost = by_funder[programme.id]
            result[programme.id].update(
                counts,
                resorption_persons_lasting_rate=self._resorption_rate(counts),
                shelter_nights_by_funder=dict(nights),
                shelter_cost_by_funder={name: round(amount, 2) for name, amount in cost.items()},
                shelter_cost=round(counts["shelter_cost"], 2),
            )
            for key in RESORPTION_COUNTS:
                total[key] += counts[key]
            for name, value in nights.items():
                total_nights[name] += value
            for name, value in cost.items():
                total_cost[name] += value
        result["total"].update(
            total,
            resorption_persons_lasting_rate=self._resorption_rate(total),
            shelter_nights_by_funder=dict(total_nights),
            shelter_cost_by_funder={name: round(amount, 2) for name, amount in total_cost.items()},
            shelter_cost=round(total["shelter_cost"], 2),
        )

    @api.model
    def _resorption_night_to(self, scope):
        """The last evening whose night counts: the period's last day, or today when the period runs on (tonight
        counts, as a stay's *Nights so far* count it: the household sleeps at the hotel tonight); the nights to
        come are never counted."""
        return min(scope["date_to"], fields.Date.context_today(self))

    @api.model
    def _resorption_params(self, scope):
        """What the queries read, as the user may read it (record rules and companies applied): sub-queries of
        the ids of each model, and the period."""

        def readable(model, domain=()):
            return self.env[model].with_context(active_test=False)._search(list(domain)).subselect()

        night_to = self._resorption_night_to(scope)
        return {
            "sites": self._indicator_query("housing.camp.site", scope, [("active", "=", True)]),
            "censuses": self._indicator_query("housing.camp.census", scope, []),
            "members": readable("housing.camp.census.member"),
            "followups": readable("housing.followup"),
            "goals": readable("housing.followup.goal"),
            "medicals": readable("housing.followup.medical"),
            "moves": self._indicator_query("housing.move", scope, []),
            "occupancies": readable("housing.occupancy"),
            "stays": self._indicator_query("housing.shelter.stay", scope, [("active", "=", True)]),
            "date_from": scope["date_from"],
            "date_to": scope["date_to"],
            "night_to": night_to,
            "night_after": night_to + timedelta(days=1),
        }

    @api.model
    def _resorption_funder_names(self, funder_ids):
        """``{funder id: name}`` of the funders the user may read (one search for all), ``None``: no funder."""
        funders = (
            self.env["res.partner"]
            .with_context(active_test=False)
            .search_fetch([("id", "in", [funder_id for funder_id in funder_ids if funder_id])], ["name"])
        )
        names = dict.fromkeys(funder_ids, self.env._("Funder not shown (another association's contact)"))
        names.update({funder.id: funder.name for funder in funders})
        names[None] = self.env._("No funder")
        return names

    @api.model
    def _resorption_rate(self, counts):
        persons = counts["resorption_persons_concerned"]
        return counts["resorption_persons_lasting"] / persons if persons else 0.0

    # ------------------------------------------------------------------ the queries (one per group of figures)
    @api.model
    def _resorption_sql_sites(self, params):
        """Sites followed in the period (reported by its end, not closed before it starts); sites resorbed in it."""
        return SQL(
            """
            SELECT s.programme_id,
                   count(*) AS resorption_sites,
                   count(*) FILTER (WHERE s.closing_reason = 'resorbed'
                                      AND s.date_closed BETWEEN %(date_from)s AND %(date_to)s)
                       AS resorption_sites_resorbed
              FROM housing_camp_site s
             WHERE s.id IN %(sites)s
               AND COALESCE(s.date_reported, s.create_date::date) <= %(date_to)s
               AND (s.date_closed IS NULL OR s.date_closed >= %(date_from)s)
          GROUP BY s.programme_id
            """,
            **params,
        )

    @api.model
    def _resorption_sql_population(self, params):
        """The households concerned: censused by the end of the period on a site still followed in it; among them
        those censused in the period; persons, women, minors, school ages (their age on the period's last day, as the
        site's own figures count them, not at the interview), schooling, lasting solutions."""
        return SQL(
            """
            SELECT c.programme_id,
                   count(DISTINCT c.id) AS resorption_households_concerned,
                   count(m.id) AS resorption_persons_concerned,
                   count(m.id) FILTER (WHERE m.birthdate <= %(date_to)s::date - interval '18 years'
                                      AND m.gender = 'female')
                       AS resorption_women_concerned,
                   count(m.id) FILTER (WHERE m.birthdate > %(date_to)s::date - interval '18 years')
                       AS resorption_minors_concerned,
                   count(DISTINCT c.id) FILTER (WHERE c.date >= %(date_from)s) AS resorption_households_censused,
                   count(m.id) FILTER (WHERE c.date >= %(date_from)s) AS resorption_persons_censused,
                   count(m.id) FILTER (WHERE c.outcome IN ('long_term', 'housing')) AS resorption_persons_lasting,
                   count(m.id) FILTER (WHERE m.birthdate > %(date_to)s::date - interval '18 years'
                                      AND m.birthdate <= %(date_to)s::date - interval '3 years')
                       AS resorption_minors_school_age,
                   count(m.id) FILTER (WHERE m.is_schooled) AS resorption_minors_schooled,
                   count(m.id) FILTER (WHERE m.is_schooled AND m.schooling = 'nursery') AS resorption_minors_nursery,
                   count(m.id) FILTER (WHERE m.is_schooled AND m.schooling = 'primary') AS resorption_minors_primary,
                   count(m.id) FILTER (WHERE m.is_schooled AND m.schooling = 'secondary')
                       AS resorption_minors_secondary,
                   count(m.id) FILTER (WHERE m.is_schooled AND m.schooling IN ('high_school', 'vocational'))
                       AS resorption_minors_high_school,
                   count(m.id) FILTER (WHERE m.is_schooled AND m.schooling = 'higher')
                       AS resorption_minors_schooled_other
              FROM housing_camp_census c
              JOIN housing_camp_site s ON s.id = c.site_id AND s.id IN %(sites)s
         LEFT JOIN (SELECT mm.id, mm.census_id, mm.gender, mm.schooling, mm.birthdate,
                           mm.schooling IN %(schooled)s
                               AND mm.birthdate > %(date_to)s::date - interval '18 years' AS is_schooled
                      FROM housing_camp_census_member mm) m ON m.census_id = c.id AND m.id IN %(members)s
             WHERE c.id IN %(censuses)s
               AND c.date <= %(date_to)s
               AND (s.date_closed IS NULL OR s.date_closed >= %(date_from)s)
          GROUP BY c.programme_id
            """,
            schooled=SCHOOLED,
            **params,
        )

    @api.model
    def _resorption_sql_followups(self, params):
        """Households accompanied in the period (their support file, opened from the census, runs on a day of it),
        and the persons among them with a health accompaniment (a medical follow-up or a health goal)."""
        return SQL(
            """
            SELECT c.programme_id,
                   count(*) AS resorption_households_accompanied,
                   sum(c.person_count) AS resorption_persons_accompanied,
                   sum(c.person_count) FILTER (
                       WHERE EXISTS (SELECT 1 FROM housing_followup_medical fm
                                      WHERE fm.followup_id = f.id AND fm.id IN %(medicals)s)
                          OR EXISTS (SELECT 1 FROM housing_followup_goal g
                                       JOIN housing_followup_domain d ON d.id = g.domain_id
                                      WHERE g.followup_id = f.id AND d.code = 'health' AND g.id IN %(goals)s)
                   ) AS resorption_persons_health
              FROM housing_camp_census c
              JOIN housing_followup f ON f.id = c.followup_id AND f.id IN %(followups)s
             WHERE c.id IN %(censuses)s
               AND f.date_start <= %(date_to)s
               AND (f.date_closed IS NULL OR f.date_closed >= %(date_from)s)
          GROUP BY c.programme_id
            """,
            **params,
        )

    @api.model
    def _resorption_sql_moves(self, params):
        """Households moved in the period; households housed in it: moved into an agreement that covers a day of
        the period (long-term shelter with accompaniment for a shelter agreement, housing otherwise)."""
        return SQL(
            """
            WITH moved AS (
                SELECT DISTINCT ON (c.id) c.id, c.programme_id, c.person_count, mv.date_done, mv.destination_type,
                       o.occupancy_type, o.date_start, o.exit_date, o.state AS occupancy_state
                  FROM housing_move mv
                  JOIN housing_camp_census c ON c.id = mv.census_id AND c.id IN %(censuses)s
             LEFT JOIN housing_occupancy o ON o.id = mv.occupancy_id AND o.id IN %(occupancies)s
                 WHERE mv.id IN %(moves)s
                   AND mv.state = 'done'
                   AND mv.date_done <= %(date_to)s
              ORDER BY c.id, mv.date_done DESC
            )
            SELECT programme_id,
                   count(*) FILTER (WHERE date_done >= %(date_from)s) AS resorption_households_moved,
                   COALESCE(sum(person_count) FILTER (WHERE date_done >= %(date_from)s), 0) AS resorption_persons_moved,
                   count(*) FILTER (WHERE housed AND occupancy_type = 'shelter') AS resorption_households_long_term,
                   COALESCE(sum(person_count) FILTER (WHERE housed AND occupancy_type = 'shelter'), 0)
                       AS resorption_persons_long_term,
                   count(*) FILTER (WHERE housed AND occupancy_type != 'shelter') AS resorption_households_housing,
                   COALESCE(sum(person_count) FILTER (WHERE housed AND occupancy_type != 'shelter'), 0)
                       AS resorption_persons_housing
              FROM (
                  SELECT moved.*,
                         destination_type = 'occupancy'
                         AND occupancy_state IN ('active', 'notice', 'ended')
                         AND date_start <= %(date_to)s
                         AND (exit_date IS NULL OR exit_date >= %(date_from)s) AS housed
                    FROM moved
              ) AS m
          GROUP BY programme_id
            """,
            **params,
        )

    @api.model
    def _resorption_sql_work(self, params):
        """Households concerned in work by the end of the period: persons with a work contract recorded (women
        apart), or at least one person when the household's employment goal was reached."""
        return SQL(
            """
            WITH work AS (
                SELECT c.id, c.programme_id,
                       count(m.id) FILTER (WHERE m.has_work_contract
                                             AND COALESCE(m.work_contract_date, c.date) <= %(date_to)s) AS contracts,
                       count(m.id) FILTER (WHERE m.has_work_contract AND m.gender = 'female'
                                             AND COALESCE(m.work_contract_date, c.date) <= %(date_to)s) AS women,
                       EXISTS (SELECT 1 FROM housing_followup_goal g
                                 JOIN housing_followup_domain d ON d.id = g.domain_id
                                WHERE g.followup_id = c.followup_id AND d.code = 'employment' AND g.id IN %(goals)s
                                  AND g.state = 'done' AND g.date_done <= %(date_to)s) AS goal_reached
                  FROM housing_camp_census c
                  JOIN housing_camp_site s ON s.id = c.site_id AND s.id IN %(sites)s
             LEFT JOIN housing_camp_census_member m ON m.census_id = c.id AND m.id IN %(members)s
                 WHERE c.id IN %(censuses)s
                   AND c.date <= %(date_to)s
                   AND (s.date_closed IS NULL OR s.date_closed >= %(date_from)s)
              GROUP BY c.id, c.programme_id
            )
            SELECT programme_id,
                   count(*) FILTER (WHERE contracts > 0 OR goal_reached) AS resorption_households_in_work,
                   COALESCE(sum(CASE WHEN contracts > 0 THEN contracts WHEN goal_reached THEN 1 ELSE 0 END), 0)
                       AS resorption_persons_in_work,
                   COALESCE(sum(women), 0) AS resorption_women_in_work
              FROM work
          GROUP BY programme_id
            """,
            **params,
        )

    @api.model
    def _resorption_sql_sheltered(self, params):
        """Households sheltered in a hotel on a night of the period so far (their largest stay's persons)."""
        return SQL(
            """
            SELECT programme_id,
                   count(*) AS resorption_households_sheltered,
                   COALESCE(sum(persons), 0) AS resorption_persons_sheltered
              FROM (
                  SELECT st.programme_id, st.partner_id, max(st.person_count) AS persons
                    FROM housing_shelter_stay st
                   WHERE st.id IN %(stays)s
                     AND st.date_checkin <= %(night_to)s
                     AND (st.date_checkout IS NULL OR st.date_checkout > %(date_from)s)
                GROUP BY st.programme_id, st.partner_id
              ) AS households
          GROUP BY programme_id
            """,
            **params,
        )

    @api.model
    def _resorption_sql_nights(self, params):
        """Stays, nights (whose evening falls in the period, up to tonight: ``_resorption_night_to``) and their cost,
        per programme and funder."""
        return SQL(
            """
            SELECT programme_id, funder_id, count(*), COALESCE(sum(nights), 0), COALESCE(sum(nights * nightly_cost), 0)
              FROM (
                  SELECT st.programme_id, st.funder_id, COALESCE(st.nightly_cost, 0) AS nightly_cost,
                         GREATEST(0, LEAST(COALESCE(st.date_checkout, %(night_after)s), %(night_after)s)
                                     - GREATEST(st.date_checkin, %(date_from)s)) AS nights
                    FROM housing_shelter_stay st
                   WHERE st.id IN %(stays)s
                     AND st.date_checkin <= %(night_to)s
                     AND (st.date_checkout IS NULL OR st.date_checkout > %(date_from)s)
              ) AS stays
          GROUP BY programme_id, funder_id
            """,
            **params,
        )

    # ------------------------------------------------------------------ what the lists read
    @api.model
    def _resorption_sites(self, scope):
        return self.env["housing.camp.site"].search(
            [
                ("programme_id", "in", scope["programmes"].ids),
                "|",
                ("date_reported", "=", False),
                ("date_reported", "<=", scope["date_to"]),
                "|",
                ("date_closed", "=", False),
                ("date_closed", ">=", scope["date_from"]),
            ],
            order="programme_id, name",
        )

    @api.model
    def _resorption_stays(self, scope):
        return self.env["housing.shelter.stay"].search(
            [
                ("programme_id", "in", scope["programmes"].ids),
                ("date_checkin", "<=", self._resorption_night_to(scope)),
                "|",
                ("date_checkout", "=", False),
                ("date_checkout", ">", scope["date_from"]),
            ],
            order="programme_id, date_checkin, id",
        )
