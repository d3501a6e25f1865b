from odoo import api, models
from odoo.tools import SQL

from ..tools import pathways_math as pm
from .housing_host_offer import FUNNEL

#: the conversion rates between consecutive stages of the host recruitment, by the stage reached
HOST_RATE_KEYS = {stage: f"host_rate_{stage}" for stage in FUNNEL[1:]}
#: the section's figures, in the order the funder pack prints them, and their kind
FIGURES = [
    ("referrals_received", "count"),
    ("waiting_list_end", "count"),
    ("waiting_days_median_end", "days"),
    ("households_placed", "count"),
    ("waiting_days_median_placed", "days"),
    ("proposals", "count"),
    ("proposals_by_outcome", "dict"),
    ("proposals_refused_by_reason", "dict"),
    ("host_offers_new", "count"),
    ("hosts_by_stage_end", "dict"),
    *((key, "rate") for key in HOST_RATE_KEYS.values()),
]


class HousingIndicator(models.AbstractModel):
    """The pathways' figures: referrals and the waiting list, proposals and their outcome, host recruitment.

    A referral counts for each programme it wishes (one wishing none, for every programme of its association);
    the total counts each referral once. Proposals and host flats count for the programme of their room.
    """

    _inherit = "housing.indicator"

    @api.model
    def _indicator_sections(self):
        return [*super()._indicator_sections(), "_indicators_pathways"]

    @api.model
    def _indicator_layout(self):
        labels = self._pathways_labels()
        return [
            *super()._indicator_layout(),
            (
                "pathways",
                self.env._("Pathways into housing"),
                [(key, labels[key], kind) for key, kind in FIGURES],
            ),
        ]

    @api.model
    def _pathways_labels(self):
        return {
            "referrals_received": self.env._("Referrals received"),
            "waiting_list_end": self.env._("Households on the waiting list at the end of the period"),
            "waiting_days_median_end": self.env._("Median wait so far of the households waiting (days)"),
            "households_placed": self.env._("Households who accepted a place"),
            "waiting_days_median_placed": self.env._("Median wait before accepting a place (days)"),
            "proposals": self.env._("Places proposed"),
            "proposals_by_outcome": self.env._("Proposals by outcome"),
            "proposals_refused_by_reason": self.env._("Refused proposals by reason"),
            "host_offers_new": self.env._("Host flats contacted"),
            "hosts_by_stage_end": self.env._("Host flats by stage at the end of the period"),
            "host_rate_interested": self.env._("Host flats contacted then interested"),
            "host_rate_visit": self.env._("Host flats interested then visited"),
            "host_rate_agreed": self.env._("Host flats visited then agreeing a room"),
            "host_rate_hosting": self.env._("Rooms agreed then hosting"),
        }

    # ------------------------------------------------------------------ the section
    @api.model
    def _indicators_pathways(self, scope, result):
        self._pathways_referral_figures(scope, result)
        self._pathways_proposal_figures(scope, result)
        self._pathways_host_figures(scope, result)

    @api.model
    def _pathways_referrals_sql(self, scope):
        """Each referral received by the end of the period that the user may read (record rules and companies
        applied), with each programme of the scope it waits for: ``programme_id, id, name, partner_id,
        date_received, date_waiting, date_accepted, date_placed_from, waiting_end``.

        Read from the periods the referral spent on the waiting list (``housing.application.waiting.period``), so
        that a past period's figures stay what they were when a referral is assessed again, reopened or loses its
        agreement: ``date_waiting`` is the start of the period it was waiting in on the period's last day
        (``waiting_end``), ``date_accepted`` the day, in the period, it left the list for a place accepted, and
        ``date_placed_from`` the start of that wait."""
        date_from, date_to = self._indicator_period_sql(scope)
        applications = self.env["housing.application"]._search([("date_received", "<=", scope["date_to"])])
        return SQL(
            """
            SELECT x.*, x.date_waiting IS NOT NULL AS waiting_end
              FROM (
                    SELECT p.id AS programme_id, a.id, a.name, a.partner_id, a.date_received,
                           cur.date_start AS date_waiting,
                           placed.date_end AS date_accepted, placed.date_start AS date_placed_from
                      FROM housing_programme p
                      JOIN housing_application a ON a.company_id = p.company_id
                 LEFT JOIN LATERAL (
                            SELECT w.date_start FROM housing_application_waiting_period w
                             WHERE w.application_id = a.id AND w.date_start <= %(date_to)s
                               AND (w.date_end IS NULL OR w.date_end > %(date_to)s)
                          ORDER BY w.date_start DESC LIMIT 1
                           ) cur ON TRUE
                 LEFT JOIN LATERAL (
                            SELECT w.date_start, w.date_end FROM housing_application_waiting_period w
                             WHERE w.application_id = a.id AND w.end_reason = 'place'
                               AND w.date_end BETWEEN %(date_from)s AND %(date_to)s
                          ORDER BY w.date_end DESC LIMIT 1
                           ) placed ON TRUE
                     WHERE p.id IN %(programmes)s
                       AND a.id IN %(applications)s
                       AND (
                            EXISTS (SELECT 1 FROM housing_application_programme_rel r
                                     WHERE r.application_id = a.id AND r.programme_id = p.id)
                            OR NOT EXISTS (SELECT 1 FROM housing_application_programme_rel r
                                            WHERE r.application_id = a.id)
                       )
              ) x
            """,
            programmes=tuple(scope["programmes"].ids) or (None,),
            applications=applications.subselect(),
            date_from=date_from,
            date_to=date_to,
        )

    @api.model
    def _pathways_referral_figures(self, scope, result):
        date_from, date_to = self._indicator_period_sql(scope)
        figures = SQL(
            """
            COUNT(*) FILTER (WHERE r.date_received >= %(date_from)s),
            COUNT(*) FILTER (WHERE r.waiting_end),
            percentile_cont(0.5) WITHIN GROUP (ORDER BY GREATEST(0, %(date_to)s - r.date_waiting))
                FILTER (WHERE r.waiting_end),
            COUNT(*) FILTER (WHERE r.date_accepted IS NOT NULL),
            percentile_cont(0.5) WITHIN GROUP (ORDER BY GREATEST(0, r.date_accepted - r.date_placed_from))
                FILTER (WHERE r.date_accepted IS NOT NULL)
            """,
            date_from=date_from,
            date_to=date_to,
        )
        rows = self._indicator_execute(
            SQL(
                """
                WITH referral AS (%(referrals)s)
                SELECT FALSE, r.programme_id, %(figures)s FROM referral r GROUP BY r.programme_id
                UNION ALL
                -- the total counts each referral once
                SELECT TRUE, NULL, %(figures)s FROM (SELECT DISTINCT ON (id) * FROM referral) r
                """,
                referrals=self._pathways_referrals_sql(scope),
                figures=figures,
            )
        )
        medians = ["waiting_days_median_end", "waiting_days_median_placed"]
        self._indicator_fill(
            result,
            ["referrals_received", "waiting_list_end", medians[0], "households_placed", medians[1]],
            rows,
            digits=dict.fromkeys(medians, 1),
        )

    @api.model
    def _pathways_proposal_domain(self, scope):
        return [
            ("programme_id", "in", scope["programmes"].ids),
            ("date_proposed", ">=", scope["date_from"]),
            ("date_proposed", "<=", scope["date_to"]),
        ]

    @api.model
    def _pathways_proposal_figures(self, scope, result):
        Proposal = self.env["housing.application.proposal"]
        states = dict(Proposal._fields["state"]._description_selection(self.env))
        for key in result:
            result[key].update(proposals=0, proposals_by_outcome={}, proposals_refused_by_reason={})
        groups = Proposal._read_group(
            self._pathways_proposal_domain(scope), ["programme_id", "state", "reason_id"], ["__count"]
        )
        for programme, state, reason, count in groups:
            for key in (programme.id, "total"):
                figures = result[key]
                figures["proposals"] += count
                outcome = figures["proposals_by_outcome"]
                outcome[states[state]] = outcome.get(states[state], 0) + count
                if state == "refused" and reason:
                    by_reason = figures["proposals_refused_by_reason"]
                    by_reason[reason.name] = by_reason.get(reason.name, 0) + count

    @api.model
    def _pathways_host_figures(self, scope, result):
        """Host flats contacted in the period and how far they went by its end (the funnel), and every host flat
        contacted by then by its stage on the last day; as the user may read them, in two grouped queries."""
        date_from, date_to = self._indicator_period_sql(scope)

        def reached(stage):
            column = SQL.identifier("o", f"date_{stage}")
            return SQL("(%s IS NOT NULL AND %s <= %s)", column, column, date_to)

        stage_end = SQL(
            "CASE WHEN %s THEN 'declined' WHEN %s THEN 'ended' %s ELSE %s END",
            reached("declined"),
            reached("ended"),
            SQL(" ").join(SQL("WHEN %s THEN %s", reached(stage), stage) for stage in reversed(FUNNEL[1:])),
            FUNNEL[0],
        )
        offers = self._indicator_query("housing.host.offer", scope, [("date_contacted", "<=", scope["date_to"])])
        rows = self._indicator_execute(
            SQL(
                """
                SELECT GROUPING(o.programme_id) = 1, o.programme_id, %(funnel)s
                  FROM housing_host_offer o
                 WHERE o.id IN %(offers)s AND o.date_contacted >= %(date_from)s
                 GROUP BY GROUPING SETS ((o.programme_id), ())
                """,
                funnel=SQL(", ").join(SQL("COUNT(*) FILTER (WHERE %s)", reached(stage)) for stage in FUNNEL),
                offers=offers,
                date_from=date_from,
            )
        )
        keys = [f"host_funnel_{stage}" for stage in FUNNEL]
        self._indicator_fill(result, keys, rows)
        for figures in result.values():
            funnel = [(stage, figures.pop(key)) for stage, key in zip(FUNNEL, keys, strict=True)]
            figures["host_offers_new"] = funnel[0][1]
            for _from, to, rate in pm.conversions(funnel):
                figures[HOST_RATE_KEYS[to]] = rate
        rows = self._indicator_execute(
            SQL(
                """
                SELECT GROUPING(o.programme_id) = 1, o.programme_id, o.stage_end, COUNT(*)
                  FROM (SELECT o.programme_id, %(stage_end)s AS stage_end
                          FROM housing_host_offer o WHERE o.id IN %(offers)s) o
                 GROUP BY GROUPING SETS ((o.programme_id, o.stage_end), (o.stage_end))
                """,
                stage_end=stage_end,
                offers=offers,
            )
        )
        stages = self._indicator_labels("housing.host.offer", "stage")
        self._indicator_fill_dict(result, "hosts_by_stage_end", rows, stages)

    # ------------------------------------------------------------------ the lists behind the figures
    @api.model
    def _indicator_lists(self, scope, names=False):
        lists = super()._indicator_lists(scope, names=names)
        date_to = scope["date_to"]
        rows = self._indicator_execute(
            SQL(
                """
                WITH referral AS (%(referrals)s)
                SELECT r.id, r.name, r.partner_id, r.date_received, r.date_waiting,
                       STRING_AGG(p.name, ', ' ORDER BY p.id)
                  FROM referral r JOIN housing_programme p ON p.id = r.programme_id
                 WHERE r.waiting_end
                 GROUP BY r.id, r.name, r.partner_id, r.date_received, r.date_waiting
                 ORDER BY r.date_waiting, r.id
                """,
                referrals=self._pathways_referrals_sql(scope),
            )
        )
        waiting = {
            row[0]: (
                dict(zip(("id", "name", "partner_id", "date_received", "date_waiting"), row[:5], strict=True)),
                [row[5]],
            )
            for row in rows
        }
        partners = self.env["res.partner"].browse([row["partner_id"] for row, _p in waiting.values()])
        partner_names = dict(zip(partners.ids, partners.mapped("name"), strict=True)) if names else {}
        columns = [
            self.env._("Referral"),
            self.env._("Programmes"),
            self.env._("Received on"),
            self.env._("On the waiting list since"),
            self.env._("Days waited"),
        ]
        rows = [
            [
                row["name"],
                ", ".join(programmes),
                row["date_received"],
                row["date_waiting"],
                pm.days_since(row["date_waiting"], date_to),
                *([partner_names.get(row["partner_id"], "")] if names else []),
            ]
            for row, programmes in waiting.values()
        ]
        lists.append(
            (
                "pathways_waiting",
                self.env._("Waiting list at the end of the period"),
                columns + ([self.env._("Household")] if names else []),
                rows,
            )
        )
        proposals = self.env["housing.application.proposal"].search(self._pathways_proposal_domain(scope))
        states = dict(proposals._fields["state"]._description_selection(self.env))
        lists.append(
            (
                "pathways_proposals",
                self.env._("Places proposed in the period"),
                [
                    self.env._("Proposal"),
                    self.env._("Referral"),
                    self.env._("Room"),
                    self.env._("Programme"),
                    self.env._("Proposed on"),
                    self.env._("Outcome"),
                    self.env._("Reason"),
                ],
                [
                    [
                        proposal.name,
                        proposal.application_id.name,
                        proposal.room_id.display_name,
                        proposal.programme_id.name,
                        proposal.date_proposed,
                        states[proposal.state],
                        proposal.reason_id.name or "",
                    ]
                    for proposal in proposals.sorted(lambda p: (p.date_proposed, p.id))
                ],
            )
        )
        return lists
