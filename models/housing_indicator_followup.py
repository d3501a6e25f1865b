from datetime import datetime, time, timedelta

from odoo import api, models
from odoo.tools import SQL

from .housing_indicator import COUNT, DICT, HOURS


class HousingIndicator(models.AbstractModel):
    """The social follow-up's figures: support files open in the period by measure; meetings held and their
    hours by type and domain (a meeting's hours shared evenly between its domains, as the support-hours report
    shares them); goals set (the goals of the files open in the period, set by its last day and still pursued
    in it: ``_indicator_goal_set_sql``) and reached in the period, by domain; collective activities held, their
    attendees and attendance hours. Counts only: never a name nor the content of a file. Meetings and activities
    are dated in UTC, as the support-hours report dates them."""

    _inherit = "housing.indicator"

    @api.model
    def _indicator_sections(self):
        return [*super()._indicator_sections(), "_indicators_followup"]

    @api.model
    def _indicator_layout(self):
        followup = [
            ("followups_open", self.env._("Support files open"), COUNT),
            ("followups_by_measure", self.env._("Support files by measure"), DICT),
            ("households_met", self.env._("Households met"), COUNT),
            ("meetings", self.env._("Meetings held"), COUNT),
            ("meeting_hours", self.env._("Support hours"), HOURS),
            ("meetings_by_type", self.env._("Meetings by type"), DICT),
            ("meeting_hours_by_type", self.env._("Support hours by type"), DICT),
            ("meetings_by_domain", self.env._("Meetings by domain"), DICT),
            ("meeting_hours_by_domain", self.env._("Support hours by domain"), DICT),
            ("goals_set", self.env._("Goals set"), COUNT),
            ("goals_achieved", self.env._("Goals reached"), COUNT),
            ("goals_set_by_domain", self.env._("Goals set by domain"), DICT),
            ("goals_achieved_by_domain", self.env._("Goals reached by domain"), DICT),
            ("collective_activities", self.env._("Collective activities held"), COUNT),
            ("collective_hours", self.env._("Hours of collective activities"), HOURS),
            ("attendees", self.env._("Attendances at collective activities"), COUNT),
            ("attendee_hours", self.env._("Attendance hours"), HOURS),
        ]
        return [
            *super()._indicator_layout(),
            ("followup", self.env._("Social follow-up"), followup),
        ]

    @api.model
    def _indicator_notes(self):
        return [
            *super()._indicator_notes(),
            self.env._(
                "Goals set: the goals of the support files open in the period, recorded by its last day and still "
                "pursued in it (open, or reached during it); a dropped goal counts only in the period it was set."
            ),
        ]

    @api.model
    def _indicator_lists(self, scope, names=False):
        return [*super()._indicator_lists(scope, names=names), self._indicator_list_meetings(scope)]

    # ------------------------------------------------------------------ queries
    @api.model
    def _indicator_moments(self, scope):
        """The period as UTC datetimes ``[start, end)``: meetings and activities are datetimes."""
        return (
            datetime.combine(scope["date_from"], time.min),
            datetime.combine(scope["date_to"] + timedelta(days=1), time.min),
        )

    @api.model
    def _indicator_files(self, scope):
        """Support files open on a day of the period (archived and anonymised ones included), as a ``Query``."""
        return self._indicator_search(
            "housing.followup",
            scope,
            [
                ("date_start", "<=", scope["date_to"]),
                "|",
                ("date_closed", "=", False),
                ("date_closed", ">=", scope["date_from"]),
            ],
        )

    @api.model
    def _indicator_meetings(self, scope):
        start, end = self._indicator_moments(scope)
        return self._indicator_query(
            "housing.followup.meeting", scope, [("state", "=", "done"), ("date", ">=", start), ("date", "<", end)]
        )

    @api.model
    def _indicator_meeting_domains_sql(self, scope):
        """Each held meeting of the period once per domain (``domain_id`` NULL without one), with its share of
        the hours."""
        return SQL(
            """
            SELECT m.id, m.programme_id, m.meeting_type, rel.domain_id, m.duration / COALESCE(n.domains, 1) AS hours
              FROM housing_followup_meeting m
              LEFT JOIN housing_followup_meeting_domain_rel rel ON rel.meeting_id = m.id
              LEFT JOIN (SELECT meeting_id, COUNT(*) AS domains
                           FROM housing_followup_meeting_domain_rel
                          GROUP BY meeting_id) n ON n.meeting_id = m.id
             WHERE m.id IN %s
            """,
            self._indicator_meetings(scope),
        )

    # ------------------------------------------------------------------ section
    @api.model
    def _indicators_followup(self, scope, result):
        date_from, date_to = self._indicator_period_sql(scope)
        files = self._indicator_files(scope)
        rows = self._indicator_execute(
            SQL(
                """
                SELECT GROUPING(f.programme_id) = 1, f.programme_id, f.measure_type, COUNT(*)
                  FROM housing_followup f
                 WHERE f.id IN %s
                 GROUP BY GROUPING SETS ((f.programme_id, f.measure_type), (f.measure_type))
                """,
                files.subselect(),
            )
        )
        measures = self._indicator_labels("housing.followup", "measure_type")
        self._indicator_fill_dict(result, "followups_by_measure", rows, measures)
        for figures in result.values():
            figures["followups_open"] = sum(figures["followups_by_measure"].values())

        rows = self._indicator_execute(
            SQL(
                """
                SELECT GROUPING(m.programme_id) = 1, m.programme_id, GROUPING(m.meeting_type) = 1, m.meeting_type,
                       COUNT(*), SUM(m.duration), COUNT(DISTINCT m.partner_id)
                  FROM housing_followup_meeting m
                 WHERE m.id IN %s
                 GROUP BY GROUPING SETS ((m.programme_id, m.meeting_type), (m.meeting_type), (m.programme_id), ())
                """,
                self._indicator_meetings(scope),
            )
        )
        self._indicator_fill(
            result,
            ["meetings", "meeting_hours", "households_met"],
            [(is_total, programme, *values) for is_total, programme, all_types, _type, *values in rows if all_types],
            {"meeting_hours": 2},
        )
        types = self._indicator_labels("housing.followup.meeting", "meeting_type")
        by_type = [
            (is_total, programme, kind, *values)
            for is_total, programme, all_types, kind, *values in rows
            if not all_types
        ]
        self._indicator_fill_dict(result, "meetings_by_type", [row[:4] for row in by_type], types)
        self._indicator_fill_dict(
            result, "meeting_hours_by_type", [(*row[:3], row[4]) for row in by_type], types, digits=2
        )
        by_domain = self._indicator_execute(
            SQL(
                """
                WITH md AS (%s)
                SELECT GROUPING(md.programme_id) = 1, md.programme_id, md.domain_id, COUNT(*), SUM(md.hours)
                  FROM md
                 GROUP BY GROUPING SETS ((md.programme_id, md.domain_id), (md.domain_id))
                """,
                self._indicator_meeting_domains_sql(scope),
            )
        )
        domains = self._indicator_domain_labels([row[2] for row in by_domain])
        self._indicator_fill_dict(result, "meetings_by_domain", [row[:4] for row in by_domain], domains)
        self._indicator_fill_dict(
            result, "meeting_hours_by_domain", [(*row[:3], row[4]) for row in by_domain], domains, digits=2
        )

        goals = self._indicator_execute(
            SQL(
                """
                SELECT GROUPING(g.programme_id) = 1, g.programme_id, g.domain_id,
                       COUNT(*) FILTER (WHERE %(set)s),
                       COUNT(*) FILTER (WHERE g.state = 'done' AND g.date_done BETWEEN %(date_from)s AND %(date_to)s)
                  FROM housing_followup_goal g
                 WHERE g.id IN %(goals)s
                 GROUP BY GROUPING SETS ((g.programme_id, g.domain_id), (g.domain_id))
                """,
                goals=self._indicator_query("housing.followup.goal", scope, [("followup_id", "in", files)]),
                set=self._indicator_goal_set_sql(scope),
                date_from=date_from,
                date_to=date_to,
            )
        )
        domains = self._indicator_domain_labels([row[2] for row in goals])
        self._indicator_fill_dict(result, "goals_set_by_domain", [row[:4] for row in goals], domains)
        self._indicator_fill_dict(result, "goals_achieved_by_domain", [(*row[:3], row[4]) for row in goals], domains)
        for figures in result.values():
            figures["goals_set"] = sum(figures["goals_set_by_domain"].values())
            figures["goals_achieved"] = sum(figures["goals_achieved_by_domain"].values())

        start, end = self._indicator_moments(scope)
        rows = self._indicator_execute(
            SQL(
                """
                SELECT GROUPING(c.programme_id) = 1, c.programme_id, COUNT(*), SUM(c.duration),
                       SUM(c.attendee_count), SUM(c.attendee_hours)
                  FROM housing_collective_activity c
                 WHERE c.id IN %s
                 GROUP BY GROUPING SETS ((c.programme_id), ())
                """,
                self._indicator_query(
                    "housing.collective.activity",
                    scope,
                    [("state", "=", "done"), ("date", ">=", start), ("date", "<", end)],
                ),
            )
        )
        self._indicator_fill(
            result,
            ["collective_activities", "collective_hours", "attendees", "attendee_hours"],
            rows,
            {"collective_hours": 2, "attendee_hours": 2},
        )

    @api.model
    def _indicator_goal_set_sql(self, scope):
        """SQL condition on ``g`` (a goal of a support file open in the period): the goal counts as set in the
        period.

        A goal is set on the day it was recorded (or, when it was reached earlier than that, on the day it was
        reached: it was set by then). It counts for a period when it was set by the period's last day and was
        still pursued in it: open, or reached on or after its first day. A dropped goal counts in the periods
        that include the day it was set only: the day it was dropped is not recorded, so it is never carried
        over to the following periods."""
        date_from, date_to = self._indicator_period_sql(scope)
        set_day = SQL("LEAST(g.create_date::date, COALESCE(g.date_done, 'infinity'::date))")
        return SQL(
            """(%(set_day)s <= %(date_to)s
                AND CASE g.state WHEN 'done' THEN g.date_done >= %(date_from)s
                                 WHEN 'dropped' THEN %(set_day)s >= %(date_from)s
                                 ELSE TRUE END)""",
            set_day=set_day,
            date_from=date_from,
            date_to=date_to,
        )

    @api.model
    def _indicator_domain_labels(self, domain_ids):
        """``{domain id: name}`` of the support domains (one read for all), ``None``: meetings without one."""
        domains = (
            self.env["housing.followup.domain"]
            .with_context(active_test=False)
            .browse({domain_id for domain_id in domain_ids if domain_id})
        )
        labels = {domain.id: domain.name for domain in domains.sorted(lambda domain: (domain.sequence, domain.id))}
        labels[None] = self.env._("No domain")
        return labels

    @api.model
    def _indicator_list_meetings(self, scope):
        rows = self._indicator_execute(
            SQL(
                """
                WITH md AS (%s)
                SELECT pr.name, md.domain_id, COUNT(*), SUM(md.hours)
                  FROM md JOIN housing_programme pr ON pr.id = md.programme_id
                 GROUP BY pr.name, md.domain_id
                """,
                self._indicator_meeting_domains_sql(scope),
            )
        )
        labels = self._indicator_domain_labels([row[1] for row in rows])
        order = {domain_id: index for index, domain_id in enumerate(labels)}
        rows = sorted(rows, key=lambda row: (row[0], order.get(row[1], len(order))))
        return (
            "meetings",
            self.env._("Meetings by domain"),
            [self.env._("Programme"), self.env._("Domain"), self.env._("Meetings"), self.env._("Support hours")],
            [[row[0], labels.get(row[1], ""), row[2], round(float(row[3] or 0), 2)] for row in rows],
        )
