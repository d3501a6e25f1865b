from odoo import api, models
from odoo.tools import SQL, formatLang

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
    arrears in the period (housed in it and owing, on a day of it, the threshold of months of their net share,
    from the dues and payments dated up to its last day: ``_indicator_arrears_sql``) and the arrears rate over the
    households housed; repayment plans agreed, kept and broken, FSL requests and CCAPEX referrals in the period."""

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
    def _indicator_notes(self):
        return [
            *super()._indicator_notes(),
            self.env._(
                "Households in arrears: housed in the period and owing, on one of its days, at least %(months)s "
                "months of their net share (the arrears threshold of the settings), from the dues and the payments "
                "dated up to its last day: a debt paid later still counts for the period, a household that left "
                "before it does not. The arrears rate is over the households housed.",
                months=formatLang(self.env, self.env.company.housing_arrears_alert_months, digits=1),
            ),
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
                WITH agreement AS (%(agreements)s), arrears AS MATERIALIZED (%(arrears)s)
                SELECT GROUPING(a.programme_id) = 1, a.programme_id, COUNT(DISTINCT a.partner_id)
                  FROM agreement a
                  JOIN arrears r ON r.company_id = a.company_id AND r.partner_id = a.partner_id
                 GROUP BY GROUPING SETS ((a.programme_id), ())
                """,
                agreements=self._indicator_agreements_sql(scope),
                arrears=self._indicator_arrears_sql(scope),
            )
        )
        self._indicator_fill(result, ["households_in_arrears"], rows)
        rows = self._indicator_execute(
            SQL(
                """
                SELECT GROUPING(a.programme_id) = 1, a.programme_id,
                       COUNT(*) FILTER (WHERE a.fsl_request_date %(within)s),
                       COUNT(*) FILTER (WHERE a.ccapex_date %(within)s)
                  FROM housing_arrears a
                 WHERE a.id IN %(arrears)s
                 GROUP BY GROUPING SETS ((a.programme_id), ())
                """,
                arrears=self._indicator_query("housing.arrears", scope, []),
                within=within,
            )
        )
        self._indicator_fill(result, ["fsl_requests", "ccapex_referrals"], rows)
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
    def _indicator_arrears_sql(self, scope):
        """The households housed in the period who were in arrears during it, as the dues and payments dated up
        to its last day say (never today's arrears files): ``company_id, partner_id, monthly_share, peak, owed_end,
        since``.

        What a household owes on a day is its occupant dues past their due date on that day less the money it had
        paid by then (payments and credit notes, dated; money pays the oldest dues first, as collections have
        it). It is in arrears for the period when, on a day of the period (its first day, or a day a due fell
        past its date), it owed at least the company's threshold (*Arrears alert*, 2 months by default) of its
        monthly net share: its occupant due of a full month, the latest billed by the end of the period (its
        arrears file's when it has none). ``peak`` is the most it owed on a day of the period, ``owed_end`` what
        it owed on the last day, ``since`` the first day of the period it was at the threshold.

        Dues are read as the user may read them; their invoices' payments are read with them (amounts and dates
        only, what the dues' *Left to pay* already shows). A due without invoice (imported, or written by hand) has
        no dated payment: what is left of it falls due the day after its date.

        Only the households who owed something on a day of the period are priced (their net share) and
        compared with the threshold."""
        date_from, date_to = self._indicator_period_sql(scope)
        dues = self.env["housing.rent.line"]._search(
            [
                ("direction", "=", "receivable"),
                ("payer_kind", "=", "occupant"),
                ("state", "=", "billed"),
                ("occupancy_id", "!=", False),
                ("payment_state", "!=", "credited"),
            ]
        )
        line = SQL.identifier(dues.table)
        return SQL(
            """
            WITH housed AS NOT MATERIALIZED (
                SELECT ag.company_id, ag.partner_id FROM (%(agreements)s) ag
            ),
            due AS MATERIALIZED (
                -- the dues that can leave something owed: invoiced (their payments are dated), or not fully paid
                SELECT l.*
                  FROM (%(dues)s) l
                 WHERE (l.move_id IS NOT NULL OR l.residual <> 0)
                   AND (l.company_id, l.partner_id) IN (SELECT h.company_id, h.partner_id FROM housed h)
            ),
            event AS (
                -- a due falls past its date the day after it...
                SELECT d.company_id, d.partner_id, d.date_due + 1 AS day, d.amount AS delta
                  FROM due d WHERE d.amount > 0 AND d.move_id IS NOT NULL
                UNION ALL
                -- ...and the money that paid it (payments, credit notes) counts from the day it was received
                SELECT d.company_id, d.partner_id, cl.date,
                       -p.amount * d.amount / NULLIF(ABS(m.amount_total_signed), 0)
                  FROM due d
                  JOIN account_move m ON m.id = d.move_id
                  JOIN account_move_line dl ON dl.move_id = d.move_id AND dl.display_type = 'payment_term'
                  JOIN account_partial_reconcile p ON p.debit_move_id = dl.id
                  JOIN account_move_line cl ON cl.id = p.credit_move_id
                 WHERE d.amount > 0
                UNION ALL
                -- a due without invoice (no dated payment): what is left of it, the day after its date
                SELECT d.company_id, d.partner_id, d.date_due + 1, d.residual
                  FROM due d WHERE d.amount > 0 AND d.move_id IS NULL AND d.residual > 0
                UNION ALL
                -- credit notes of the household not used yet
                SELECT d.company_id, d.partner_id, d.date_due, d.residual
                  FROM due d WHERE d.amount < 0 AND d.residual < 0
                UNION ALL
                -- money received and not matched with any due
                SELECT aml.company_id, aml.partner_id, aml.date, aml.amount_residual
                  FROM account_move_line aml
                  JOIN housed h ON h.company_id = aml.company_id AND h.partner_id = aml.partner_id
                  JOIN account_account acc ON acc.id = aml.account_id AND acc.account_type = 'asset_receivable'
                  JOIN account_move am ON am.id = aml.move_id AND am.move_type = 'entry'
                 WHERE aml.parent_state = 'posted' AND NOT aml.reconciled AND aml.amount_residual < 0
            ),
            owed AS (
                SELECT e.company_id, e.partner_id, e.day, SUM(SUM(e.delta)) OVER w AS owed,
                       LEAD(e.day) OVER w AS next_day
                  FROM event e
                 WHERE e.day <= %(date_to)s
                 GROUP BY e.company_id, e.partner_id, e.day
                WINDOW w AS (PARTITION BY e.company_id, e.partner_id ORDER BY e.day)
            ),
            -- what each household owed on the first day of the period, and on each day of it that changed it
            owed_day AS MATERIALIZED (
                SELECT o.company_id, o.partner_id, GREATEST(o.day, %(date_from)s) AS day, GREATEST(o.owed, 0) AS owed
                  FROM owed o
                 WHERE o.day > %(date_from)s OR o.next_day IS NULL OR o.next_day > %(date_from)s
            ),
            peak AS (
                SELECT od.company_id, od.partner_id, MAX(od.owed) AS peak
                  FROM owed_day od
                 GROUP BY od.company_id, od.partner_id
                HAVING MAX(od.owed) > 0
            ),
            full_month AS (
                -- the latest month billed in full by the end of the period, of the households who owed something
                SELECT DISTINCT ON (fm.company_id, fm.partner_id) fm.company_id, fm.partner_id, fm.amount
                  FROM (SELECT d.company_id, d.partner_id, d.period_start, SUM(d.amount) AS amount
                          FROM (%(dues)s) d
                          JOIN peak p ON p.company_id = d.company_id AND p.partner_id = d.partner_id
                         WHERE d.amount > 0 AND d.full_month AND d.period_start <= %(date_to)s
                         GROUP BY d.company_id, d.partner_id, d.period_start) fm
                 ORDER BY fm.company_id, fm.partner_id, fm.period_start DESC
            ),
            share AS (
                SELECT p.company_id, p.partner_id, p.peak, COALESCE(fm.amount, f.monthly_share, 0) AS monthly_share,
                       c.housing_arrears_alert_months AS months
                  FROM peak p
                  JOIN res_company c ON c.id = p.company_id
                  LEFT JOIN full_month fm ON fm.company_id = p.company_id AND fm.partner_id = p.partner_id
                  LEFT JOIN housing_arrears f ON f.company_id = p.company_id AND f.partner_id = p.partner_id
                                             AND f.id IN %(files)s
            ),
            arrears AS (
                SELECT s.* FROM share s
                 WHERE s.monthly_share > 0 AND ROUND(s.peak / s.monthly_share, 2) >= s.months
            )
            SELECT a.company_id, a.partner_id, a.monthly_share, a.peak,
                   (ARRAY_AGG(od.owed ORDER BY od.day DESC))[1] AS owed_end,
                   MIN(od.day) FILTER (WHERE ROUND(od.owed / a.monthly_share, 2) >= a.months) AS since
              FROM arrears a
              JOIN owed_day od ON od.company_id = a.company_id AND od.partner_id = a.partner_id
             GROUP BY a.company_id, a.partner_id, a.monthly_share, a.peak
            """,
            agreements=self._indicator_agreements_sql(scope),
            dues=dues.select(
                SQL(
                    """%(l)s.company_id, %(l)s.occupant_id AS partner_id, %(l)s.move_id, %(l)s.amount,
                       COALESCE(%(l)s.amount_residual, 0) AS residual,
                       COALESCE(%(l)s.date_due, %(l)s.period_start) AS date_due, %(l)s.period_start,
                       %(l)s.days = (%(l)s.period_end - %(l)s.period_start + 1) AS full_month""",
                    l=line,
                )
            ),
            files=self.env["housing.arrears"]._search([]).subselect(),
            date_from=date_from,
            date_to=date_to,
        )

    @api.model
    def _indicator_list_arrears(self, scope, names):
        rows = self._indicator_execute(
            SQL(
                """
                WITH agreement AS (%(agreements)s), arrears AS MATERIALIZED (%(arrears)s),
                last_agreement AS (
                    SELECT DISTINCT ON (a.programme_id, a.partner_id) a.programme_id, a.partner_id, a.company_id,
                           a.name
                      FROM agreement a
                     ORDER BY a.programme_id, a.partner_id, a.last_day DESC, a.date_start DESC, a.id DESC
                )
                SELECT pr.name, la.name, r.since, r.monthly_share, r.peak, ROUND(r.peak / r.monthly_share, 2),
                       r.owed_end, f.fsl_request_date, f.ccapex_date, hh.name
                  FROM last_agreement la
                  JOIN arrears r ON r.company_id = la.company_id AND r.partner_id = la.partner_id
                  JOIN housing_programme pr ON pr.id = la.programme_id
                  JOIN res_partner hh ON hh.id = la.partner_id
                  LEFT JOIN housing_arrears f ON f.company_id = la.company_id AND f.partner_id = la.partner_id
                                             AND f.id IN %(files)s
                 ORDER BY pr.name, r.since, la.name
                """,
                agreements=self._indicator_agreements_sql(scope),
                arrears=self._indicator_arrears_sql(scope),
                files=self.env["housing.arrears"]._search([]).subselect(),
            )
        )
        rows = [[row[0], row[1], row[2], *(float(value or 0) for value in row[3:7]), *row[7:]] for row in rows]
        columns = self._indicator_list_columns(
            names,
            self.env._("Programme"),
            self.env._("Agreement"),
            self.env._("At the threshold from"),
            self.env._("Net share of a full month"),
            self.env._("Most owed in the period"),
            self.env._("Months of net share owed (most)"),
            self.env._("Owed on the last day"),
            self.env._("FSL requested on"),
            self.env._("CCAPEX informed on"),
        )
        return (
            "arrears",
            self.env._("Households in arrears"),
            columns,
            [self._indicator_row(row, names) for row in rows],
        )
