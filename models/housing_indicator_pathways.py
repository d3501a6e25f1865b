from collections import defaultdict

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
    def _pathways_referrals(self, scope):
        """``[(programme id, referral row), ...]``: each referral received by the end of the period with each
        programme of the scope it waits for."""
        programmes = scope["programmes"]
        if not programmes:
            return []
        self.env["housing.application"].flush_model()
        self.env.cr.execute(
            SQL(
                """
                SELECT p.id, a.id, a.name, a.partner_id, a.date_received, a.date_waiting, a.date_accepted,
                       COALESCE(a.date_accepted, a.date_closed) AS wait_end
                  FROM housing_programme p
                  JOIN housing_application a ON a.company_id = p.company_id AND a.active
                 WHERE p.id IN %(ids)s
                   AND a.date_received <= %(date_to)s
                   AND (
                        EXISTS (SELECT 1 FROM housing_application_programme_rel r
                                 WHERE r.application_id = a.id AND r.programme_id = p.id)
                        OR NOT EXISTS (SELECT 1 FROM housing_application_programme_rel r WHERE r.application_id = a.id)
                   )
                 ORDER BY a.date_waiting, a.id, p.id
                """,
                ids=tuple(programmes.ids),
                date_to=scope["date_to"],
            )
        )
        keys = ("id", "name", "partner_id", "date_received", "date_waiting", "date_accepted", "wait_end")
        return [(row[0], dict(zip(keys, row[1:], strict=True))) for row in self.env.cr.fetchall()]

    @api.model
    def _pathways_waiting_at_end(self, row, date_to):
        return (
            bool(row["date_waiting"])
            and row["date_waiting"] <= date_to
            and not (row["wait_end"] and row["wait_end"] <= date_to)
        )

    @api.model
    def _pathways_referral_figures(self, scope, result):
        date_from, date_to = scope["date_from"], scope["date_to"]
        by_key = defaultdict(dict)  # programme id or "total" -> {referral id: row}
        for programme_id, row in self._pathways_referrals(scope):
            by_key[programme_id][row["id"]] = row
            by_key["total"][row["id"]] = row
        for key in result:
            rows = list(by_key[key].values())
            waiting = [row for row in rows if self._pathways_waiting_at_end(row, date_to)]
            placed = [row for row in rows if row["date_accepted"] and date_from <= row["date_accepted"] <= date_to]
            result[key].update(
                referrals_received=sum(1 for row in rows if row["date_received"] >= date_from),
                waiting_list_end=len(waiting),
                waiting_days_median_end=pm.median([pm.days_since(row["date_waiting"], date_to) for row in waiting]),
                households_placed=len(placed),
                waiting_days_median_placed=pm.median(
                    [pm.days_since(row["date_waiting"], row["date_accepted"]) for row in placed if row["date_waiting"]]
                ),
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
        date_from, date_to = scope["date_from"], scope["date_to"]
        Offer = self.env["housing.host.offer"].with_context(active_test=False)
        stages = dict(Offer._fields["stage"]._description_selection(self.env))
        dated = ["date_contacted"] + [f"date_{stage}" for stage in FUNNEL[1:]] + ["date_ended", "date_declined"]
        offers = Offer.search_fetch(
            [("programme_id", "in", scope["programmes"].ids), ("date_contacted", "<=", date_to)],
            ["programme_id", *dated],
        )
        rows = defaultdict(list)
        for offer in offers:
            values = {fname: offer[fname] for fname in dated}
            rows[offer.programme_id.id].append(values)
            rows["total"].append(values)

        def reached(values, stage):
            day = values[f"date_{stage}"]
            return bool(day) and day <= date_to

        for key in result:
            offers_of = rows[key]
            cohort = [values for values in offers_of if values["date_contacted"] >= date_from]
            at_end = {}
            for values in offers_of:
                if reached(values, "declined"):
                    stage = "declined"
                elif reached(values, "ended"):
                    stage = "ended"
                else:
                    stage = next(step for step in reversed(FUNNEL) if reached(values, step))
                at_end[stages[stage]] = at_end.get(stages[stage], 0) + 1
            funnel = [(stage, sum(1 for values in cohort if reached(values, stage))) for stage in FUNNEL]
            figures = result[key]
            figures.update(host_offers_new=len(cohort), hosts_by_stage_end=at_end)
            for _from, to, rate in pm.conversions(funnel):
                figures[HOST_RATE_KEYS[to]] = rate

    # ------------------------------------------------------------------ the lists behind the figures
    @api.model
    def _indicator_lists(self, scope, names=False):
        lists = super()._indicator_lists(scope, names=names)
        date_to = scope["date_to"]
        programme_names = dict(zip(scope["programmes"].ids, scope["programmes"].mapped("name"), strict=True))
        waiting = {}
        for programme_id, row in self._pathways_referrals(scope):
            if self._pathways_waiting_at_end(row, date_to):
                waiting.setdefault(row["id"], (row, []))[1].append(programme_names[programme_id])
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
