from odoo import api, models
from odoo.tools import SQL

from ..tools.indicator_math import rate
from .housing_collection_report import COLLECTION_DOMAIN
from .housing_indicator import AMOUNT, COUNT, RATE

#: figure keys of what was billed, per payer kind
BILLED_KEYS = {
    "occupant": "billed_occupant",
    "housing_allowance": "billed_allowance",
    "funder": "billed_funder",
    "association": "association_share",
}


class HousingIndicator(models.AbstractModel):
    """Money: the dues of the months that begin in the period, billed per payer (the association's own share
    shown, it is never billed), what was collected of them so far and the collection rate; households in
    arrears (their arrears file in arrears since a day of the period or before, as the collections' last
    update says), repayment plans agreed, kept and broken, FSL requests and CCAPEX referrals in the period."""

    _inherit = "housing.indicator"

    @api.model
    def _indicator_sections(self):
        return [*super()._indicator_sections(), "_indicators_money"]

    @api.model
    def _indicator_layout(self):
        money = [
            ("billed_occupant", self.env._("Billed to occupants"), AMOUNT),
            ("billed_allowance", self.env._("Billed to the CAF (housing allowance)"), AMOUNT),
            ("billed_funder", self.env._("Billed to funders"), AMOUNT),
            ("billed_total", self.env._("Billed in all"), AMOUNT),
            ("association_share", self.env._("Borne by the association (not billed)"), AMOUNT),
            ("collected", self.env._("Collected"), AMOUNT),
            ("amount_due", self.env._("Still due"), AMOUNT),
            ("collection_rate", self.env._("Collection rate"), RATE),
            ("households_in_arrears", self.env._("Households in arrears (2 months of net share)"), COUNT),
            ("arrears_rate", self.env._("Arrears rate (of the households housed)"), RATE),
            ("plans_opened", self.env._("Repayment plans agreed"), COUNT),
            ("plans_kept", self.env._("Repayment plans kept"), COUNT),
            ("plans_broken", self.env._("Repayment plans broken"), COUNT),
            ("fsl_requests", self.env._("FSL requests"), COUNT),
            ("ccapex_referrals", self.env._("CCAPEX referrals"), COUNT),
        ]
        return [
            *super()._indicator_layout(),
            ("money", self.env._("Rents and collections"), money),
        ]

    @api.model
    def _indicator_lists(self, scope, names=False):
        return [*super()._indicator_lists(scope, names=names), self._indicator_list_arrears(scope, names)]

    @api.model
    def _indicators_money(self, scope, result):
        keys = [*BILLED_KEYS.values(), "billed_total", "collected", "amount_due"]
        for figures in result.values():
            figures.update(dict.fromkeys(keys, 0.0))
        groups = self.env["housing.rent.line"]._read_group(
            [
                ("programme_id", "in", scope["programmes"].ids),
                ("period_start", ">=", scope["date_from"]),
                ("period_start", "<=", scope["date_to"]),
                *COLLECTION_DOMAIN,
            ],
            ["programme_id", "payer_kind"],
            ["amount:sum", "amount_residual:sum"],
        )
        for programme, kind, amount, residual in groups:
            for figures in (result[programme.id], result["total"]):
                figures[BILLED_KEYS[kind]] += amount
                if kind != "association":
                    figures["billed_total"] += amount
                    figures["collected"] += amount - residual
                    figures["amount_due"] += residual
        for figures in result.values():
            for key in keys:
                figures[key] = round(figures[key], 2)
            figures["collection_rate"] = rate(figures["collected"], figures["billed_total"])
        self._indicators_arrears(scope, result)

    @api.model
    def _indicators_arrears(self, scope, result):
        date_from, date_to = self._indicator_period_sql(scope)
        within = SQL("BETWEEN %s AND %s", date_from, date_to)
        rows = self._indicator_execute(
            SQL(
                """
                SELECT GROUPING(a.programme_id) = 1, a.programme_id,
                       COUNT(DISTINCT a.partner_id) FILTER (WHERE a.in_arrears AND a.date_in_arrears <= %(date_to)s),
                       COUNT(*) FILTER (WHERE a.fsl_request_date %(within)s),
                       COUNT(*) FILTER (WHERE a.ccapex_date %(within)s)
                  FROM housing_arrears a
                 WHERE a.id IN %(arrears)s
                 GROUP BY GROUPING SETS ((a.programme_id), ())
                """,
                arrears=self._indicator_query("housing.arrears", scope, []),
                date_to=date_to,
                within=within,
            )
        )
        self._indicator_fill(result, ["households_in_arrears", "fsl_requests", "ccapex_referrals"], rows)
        rows = self._indicator_execute(
            SQL(
                """
                SELECT GROUPING(p.programme_id) = 1, p.programme_id,
                       COUNT(*) FILTER (WHERE p.date_confirmed %(within)s),
                       COUNT(*) FILTER (WHERE p.state = 'done' AND p.date_closed %(within)s),
                       COUNT(*) FILTER (WHERE p.state = 'broken' AND p.date_closed %(within)s)
                  FROM housing_repayment_plan p
                 WHERE p.id IN %(plans)s
                 GROUP BY GROUPING SETS ((p.programme_id), ())
                """,
                plans=self._indicator_query("housing.repayment.plan", scope, [("state", "!=", "draft")]),
                within=within,
            )
        )
        self._indicator_fill(result, ["plans_opened", "plans_kept", "plans_broken"], rows)
        for figures in result.values():
            figures["arrears_rate"] = rate(figures["households_in_arrears"], figures.get("households_housed", 0))

    @api.model
    def _indicator_list_arrears(self, scope, names):
        rows = self._indicator_execute(
            SQL(
                """
                SELECT pr.name, o.name, a.date_in_arrears, a.amount_overdue, a.months_owed, a.amount_0_30,
                       a.amount_31_60, a.amount_61_90, a.amount_over_90, a.plan_running, a.fsl_request_date,
                       a.ccapex_date, hh.name
                  FROM housing_arrears a
                  JOIN housing_programme pr ON pr.id = a.programme_id
                  LEFT JOIN housing_occupancy o ON o.id = a.occupancy_id
                  JOIN res_partner hh ON hh.id = a.partner_id
                 WHERE a.id IN %(arrears)s AND a.in_arrears AND a.date_in_arrears <= %(date_to)s
                 ORDER BY pr.name, a.date_in_arrears, o.name
                """,
                arrears=self._indicator_query("housing.arrears", scope, []),
                date_to=scope["date_to"],
            )
        )
        yes, no = self.env._("Yes"), self.env._("No")
        rows = [
            [row[0], row[1] or "", row[2], *(float(value or 0) for value in row[3:9]), yes if row[9] else no, *row[10:]]
            for row in rows
        ]
        columns = self._indicator_list_columns(
            names,
            self.env._("Programme"),
            self.env._("Agreement"),
            self.env._("In arrears since"),
            self.env._("Arrears"),
            self.env._("Months of net share owed"),
            self.env._("0-30 days"),
            self.env._("31-60 days"),
            self.env._("61-90 days"),
            self.env._("Over 90 days"),
            self.env._("Repayment plan running"),
            self.env._("FSL requested on"),
            self.env._("CCAPEX informed on"),
        )
        return (
            "arrears",
            self.env._("Households in arrears"),
            columns,
            [self._indicator_row(row, names) for row in rows],
        )
