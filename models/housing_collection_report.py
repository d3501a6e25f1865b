from odoo import fields, models
from odoo.tools import SQL

from ..tools.housing_math import AGEING_BUCKETS
from .housing_occupancy_share import PAYER_KINDS

#: the dues a collections figure counts: billed (and not cancelled by a credit note), or the association's
#: own share (written, never billed); shared with the indicator engine
COLLECTION_DOMAIN = [
    ("direction", "=", "receivable"),
    ("occupancy_id", "!=", False),
    "|",
    "&",
    ("state", "=", "billed"),
    ("payment_state", "!=", "credited"),
    ("payer_kind", "=", "association"),
]


class HousingCollectionReport(models.Model):
    """Rents billed and collected by month, programme and payer, with what is still due aged as collections age
    it (days past the due date: 0–30, 31–60, 61–90, over 90) and the household's arrears situation.

    One row per due of an agreement (its id is the due's): billed (the association's own share apart, it is
    not billed), collected (billed less what is left to pay), still due.
    """

    _name = "housing.collection.report"
    _description = "Rent collections"
    _auto = False
    _order = "date desc, programme_id, payer_kind"
    _rec_name = "occupancy_id"
    _depends = {
        "housing.rent.line": [
            "direction",
            "occupancy_id",
            "state",
            "payment_state",
            "payer_kind",
            "partner_id",
            "occupant_id",
            "programme_id",
            "unit_id",
            "company_id",
            "period_start",
            "amount",
            "amount_residual",
            "date_due",
        ],
        "housing.arrears": ["partner_id", "company_id", "in_arrears", "situation"],
    }

    date = fields.Date(string="Month", readonly=True)
    occupancy_id = fields.Many2one("housing.occupancy", string="Agreement", readonly=True)
    programme_id = fields.Many2one("housing.programme", readonly=True)
    unit_id = fields.Many2one("housing.unit", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    payer_kind = fields.Selection(PAYER_KINDS, string="Payer", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Billed to", readonly=True)
    occupant_id = fields.Many2one("res.partner", string="Household", readonly=True)
    date_due = fields.Date(string="Due date", readonly=True)
    billed = fields.Monetary(string="Amount billed", readonly=True)
    association_share = fields.Monetary(
        string="Association's share", readonly=True, help="What the association bears itself: never billed."
    )
    collected = fields.Monetary(string="Amount collected", readonly=True)
    amount_due = fields.Monetary(string="Still due", readonly=True)
    amount_not_due = fields.Monetary(string="Not yet due", readonly=True)
    amount_0_30 = fields.Monetary(string="0-30 days", readonly=True)
    amount_31_60 = fields.Monetary(string="31-60 days", readonly=True)
    amount_61_90 = fields.Monetary(string="61-90 days", readonly=True)
    amount_over_90 = fields.Monetary(string="Over 90 days", readonly=True)
    household_in_arrears = fields.Boolean(
        string="Household in arrears", readonly=True, help="The household's arrears file says it is in arrears."
    )

    @property
    def _table_query(self):
        return SQL(
            """
            SELECT l.id, l.period_start AS date, l.occupancy_id, l.programme_id, l.unit_id, l.company_id,
                   c.currency_id, l.payer_kind, l.partner_id, l.occupant_id, l.date_due,
                   CASE WHEN l.payer_kind = 'association' THEN 0 ELSE l.amount END AS billed,
                   CASE WHEN l.payer_kind = 'association' THEN l.amount ELSE 0 END AS association_share,
                   CASE WHEN l.payer_kind = 'association' THEN 0
                        ELSE l.amount - COALESCE(l.amount_residual, 0) END AS collected,
                   %(due)s AS amount_due,
                   CASE WHEN l.date_due IS NULL OR l.date_due >= %(today)s THEN %(due)s ELSE 0 END
                       AS amount_not_due,
                   %(buckets)s,
                   COALESCE(a.in_arrears, FALSE) AS household_in_arrears
              FROM housing_rent_line l
              JOIN res_company c ON c.id = l.company_id
              LEFT JOIN housing_arrears a ON a.partner_id = l.occupant_id AND a.company_id = l.company_id
             WHERE l.direction = 'receivable' AND l.occupancy_id IS NOT NULL
               AND ((l.state = 'billed' AND l.payment_state IS DISTINCT FROM 'credited')
                    OR l.payer_kind = 'association')
            """,
            due=SQL("CASE WHEN l.payer_kind = 'association' THEN 0 ELSE COALESCE(l.amount_residual, 0) END"),
            buckets=self._ageing_sql(),
            today=self._today_sql(),
        )

    def _today_sql(self):
        """Today in the user's time zone, as collections age the dues (never the database's clock)."""
        return SQL("%s::date", fields.Date.context_today(self))

    def _ageing_sql(self):
        """One column per ageing bucket of collections (``AGEING_BUCKETS``): what is still due, by days past due."""
        columns, lower = [], 1
        late = SQL("(%s - l.date_due)", self._today_sql())
        for upper, key in AGEING_BUCKETS:
            condition = SQL("%s >= %s", late, lower)
            if upper is not None:
                condition = SQL("%s AND %s <= %s", condition, late, upper)
            columns.append(
                SQL(
                    "CASE WHEN l.payer_kind <> 'association' AND l.date_due IS NOT NULL AND %s "
                    "THEN COALESCE(l.amount_residual, 0) ELSE 0 END AS %s",
                    condition,
                    SQL.identifier(f"amount_{key}"),
                )
            )
            lower = (upper or 0) + 1
        return SQL(", ").join(columns)
