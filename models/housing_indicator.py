from odoo import api, models


class HousingIndicator(models.AbstractModel):
    """The indicator engine: every figure a funder asks for, per programme and period, read and never written.

    ``_get_indicators(programmes, date_from, date_to)`` returns ``{programme id: figures, "total": figures}``
    (``figures`` a dict, keys in ../shared/DESIGN.md). Wizards, reports, dashboards and tests all call it.

    Each capability adds its figures as a *section*: a method ``_indicators_<name>(scope, result)`` that fills
    ``result[programme id]`` and ``result["total"]`` for the programmes of ``scope`` with SQL or ``_read_group``
    over the period (never a query per record), listed by ``_indicator_sections()``; the labels of its figures
    are given by ``_indicator_layout()`` (what the funder pack prints) and the lists behind them by
    ``_indicator_lists(scope)`` (what the XLSX traces). A capability extends the three in its own file
    (``_inherit = "housing.indicator"``), calling ``super()``.
    """

    _name = "housing.indicator"
    _description = "Housing indicators"

    @api.model
    def _get_indicators(self, programmes, date_from, date_to):
        """Every figure of ``programmes`` (as the user may read them) from ``date_from`` to ``date_to`` included."""
        scope = self._indicator_scope(programmes, date_from, date_to)
        result = {programme.id: {} for programme in scope["programmes"]}
        result["total"] = {}
        for section in self._indicator_sections():
            getattr(self, section)(scope, result)
        return result

    @api.model
    def _indicator_scope(self, programmes, date_from, date_to):
        """What every section reads: the programmes the user may read (record rules and companies applied),
        and the period."""
        if date_to < date_from:
            raise ValueError("the period ends before it starts")
        programmes = (
            self.env["housing.programme"].with_context(active_test=False).search([("id", "in", programmes.ids)])
        )
        return {"programmes": programmes, "date_from": date_from, "date_to": date_to}

    @api.model
    def _indicator_sections(self):
        """Names of the methods that compute the figures, in the order the reports show them."""
        return []

    @api.model
    def _indicator_layout(self):
        """What the reports print: ``[(section key, title, [(figure key, label, kind), ...]), ...]``.

        ``kind``: ``"count"``, ``"days"``, ``"hours"``, ``"rate"`` (0–1, shown as a percentage), ``"amount"``
        or ``"dict"`` (a figure holding ``{label: count}``, e.g. exits by destination).
        """
        return []

    @api.model
    def _indicator_lists(self, scope, names=False):
        """The lists behind the figures, for the funder's auditor:
        ``[(list key, title, [column labels], [rows as lists of plain values]), ...]``.

        Households are identified by their agreement reference; ``names`` adds their names (off by default:
        a funder gets counts and references, not people).
        """
        del scope, names  # each section's lists read them
        return []
