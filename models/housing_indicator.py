from odoo import api, models
from odoo.exceptions import AccessError
from odoo.tools import SQL

MANAGER_GROUP = "solidarity_housing.group_housing_manager"

#: kinds of figures in ``_indicator_layout`` (how the reports show them)
COUNT, DAYS, HOURS, RATE, AMOUNT, DICT = "count", "days", "hours", "rate", "amount", "dict"


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

    The total is not always the sum of the programmes: a household housed in two programmes is one household,
    a rate or a median is computed over all the records. Sections read as the user (record rules and companies
    applied: ``_indicator_query`` gives the records the user may read as an SQL sub-query); only housing
    managers read the funders' figures. The tools: ``_indicator_query``, ``_indicator_fill``,
    ``_indicator_fill_dict`` and the ``GROUPING SETS`` pattern of the core sections
    (``housing_indicator_tenancy.py``, ``_money.py``, ``_followup.py``).
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
        if not (self.env.su or self.env.user.has_group(MANAGER_GROUP)):
            raise AccessError(
                self.env._("Only housing managers read the funders' figures: ask a manager for the funder pack.")
            )
        programmes = (
            self.env["housing.programme"].with_context(active_test=False).search([("id", "in", programmes.ids)])
        )
        # the raw queries of the sections read what the ORM has written
        self.env.flush_all()
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
    def _indicator_notes(self):
        """How the figures are counted, in a few sentences the reports print under the figures (the PDF's
        tables, the XLSX's summary): each section adds the definitions a funder's auditor needs."""
        return []

    @api.model
    def _indicator_lists(self, scope, names=False):
        """The lists behind the figures, for the funder's auditor:
        ``[(list key, title, [column labels], [rows as lists of plain values]), ...]``.

        Households are identified by their agreement reference; ``names`` adds their names (off by default:
        a funder gets counts and references, not people). Values are ``str``, ``int``, ``float`` (amounts,
        hours) or ``date``; the reports format them by their type and total the numeric columns.
        """
        del scope, names  # each section's lists read them
        return []

    # ------------------------------------------------------------------ tools of the sections
    @api.model
    def _indicator_search(self, model, scope, domain, active_test=False):
        """The records of ``model`` in the scope's programmes matching ``domain`` that the user may read (record
        rules and companies applied), archived ones included, as a ``Query``."""
        domain = [("programme_id", "in", scope["programmes"].ids), *domain]
        return self.env[model].with_context(active_test=active_test)._search(domain)

    @api.model
    def _indicator_query(self, model, scope, domain, active_test=False):
        """``_indicator_search`` as an SQL sub-query of the ids (``x.id IN %s``)."""
        return self._indicator_search(model, scope, domain, active_test=active_test).subselect()

    @api.model
    def _indicator_fill(self, result, keys, rows, digits=None):
        """Write ``rows`` (``(is_total, programme id, value per key...)``, as the ``GROUPING SETS`` queries
        return them) into ``result``, every key at 0 first so that a programme without records shows zeros.

        ``digits``: ``{key: decimals}`` to round a float figure (amounts to the cent, averages...)."""
        digits = digits or {}
        for figures in result.values():
            figures.update(dict.fromkeys(keys, 0))
        for is_total, programme_id, *values in rows:
            figures = result["total"] if is_total else result.get(programme_id)
            if figures is None:
                continue
            for key, value in zip(keys, values, strict=True):
                figures[key] = round(float(value or 0), digits[key]) if key in digits else value or 0

    @api.model
    def _indicator_fill_dict(self, result, key, rows, labels, digits=None):
        """Write ``rows`` (``(is_total, programme id, code, value)``) as the dict figure ``key``:
        ``{label: value}`` in the order of ``labels`` (``{code: label}``), codes without a label last."""
        order = {code: index for index, code in enumerate(labels)}
        for figures in result.values():
            figures[key] = {}
        collected = {}
        for is_total, programme_id, code, value in rows:
            target = "total" if is_total else programme_id
            if target in result and value:
                collected.setdefault(target, []).append((code, round(float(value), digits) if digits else value))
        for target, items in collected.items():
            items.sort(key=lambda item: (order.get(item[0], len(order)), str(item[0])))
            result[target][key] = {labels.get(code, code): value for code, value in items}

    @api.model
    def _indicator_execute(self, query):
        return self.env.execute_query(query)

    @api.model
    def _indicator_period_sql(self, scope):
        """``date_from`` and ``date_to`` of the scope as SQL date literals."""
        return SQL("%s::date", scope["date_from"]), SQL("%s::date", scope["date_to"])

    @api.model
    def _indicator_labels(self, model, field):
        """``{code: label}`` of a selection field, in the user's language."""
        return dict(self.env[model]._fields[field]._description_selection(self.env))
