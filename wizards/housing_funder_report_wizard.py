import numbers
from datetime import date

from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import format_date, formatLang

from ..models.housing_indicator import AMOUNT, HOURS, RATE
from ..tools import indicator_math as im

PERIOD_TYPES = [
    (im.PERIOD_MONTH, "Month"),
    (im.PERIOD_QUARTER, "Quarter"),
    (im.PERIOD_YEAR, "Year"),
    (im.PERIOD_CUSTOM, "Dates of your choice"),
]
MONTHS = [(str(month), str(month)) for month in range(1, 13)]
QUARTERS = [("1", "Q1"), ("2", "Q2"), ("3", "Q3"), ("4", "Q4")]

PDF_REPORT = "solidarity_housing.action_report_housing_funder_pack"
XLSX_REPORT = "solidarity_housing.action_report_housing_funder_pack_xlsx"


class HousingFunderReportWizard(models.TransientModel):
    """The funder pack: every figure of the indicator engine for some programmes and a period, as a PDF (key
    figures of each programme, then the tables) and as an XLSX (the same figures and the lists behind them).

    Both files read ``_funder_pack_data``: one call of the engine, so their figures are the same."""

    _name = "housing.funder.report.wizard"
    _description = "Funder pack"
    _check_company_auto = True

    company_id = fields.Many2one(
        "res.company",
        required=True,
        default=lambda self: self.env.company,
        domain=lambda self: [("id", "in", self.env.companies.ids)],
    )
    available_funder_ids = fields.Many2many(
        "res.partner", compute="_compute_available_funder_ids", string="Funders of the programmes"
    )
    funder_id = fields.Many2one(
        "res.partner",
        domain="[('id', 'in', available_funder_ids)]",
        help="Pick a funder to report on all the programmes it funds.",
    )
    programme_ids = fields.Many2many(
        "housing.programme",
        "housing_funder_report_wizard_programme_rel",
        "wizard_id",
        "programme_id",
        string="Programmes",
        compute="_compute_programme_ids",
        store=True,
        readonly=False,
        check_company=True,
        domain="[('company_id', '=', company_id)]",
    )
    period_type = fields.Selection(PERIOD_TYPES, string="Period", required=True, default=im.PERIOD_YEAR)
    year = fields.Integer(required=True, default=lambda self: fields.Date.context_today(self).year)
    month = fields.Selection(
        MONTHS, default=lambda self: str(fields.Date.context_today(self).month), string="Month of the year"
    )
    quarter = fields.Selection(QUARTERS, default=lambda self: str((fields.Date.context_today(self).month - 1) // 3 + 1))
    date_from = fields.Date(
        string="From", compute="_compute_dates", store=True, readonly=False, required=True, precompute=True
    )
    date_to = fields.Date(
        string="To", compute="_compute_dates", store=True, readonly=False, required=True, precompute=True
    )
    names = fields.Boolean(
        help="Add the households' names to the lists. Off by default: a funder gets counts and agreement "
        "references, not people, unless its convention requires names.",
    )
    pdf_lists = fields.Boolean(
        string="Lists in the PDF",
        help="Print the lists behind the figures after the tables (the XLSX always has them).",
    )

    report_filename = fields.Char(compute="_compute_report_filename", string="File name")

    @api.depends("date_from", "date_to")
    def _compute_report_filename(self):
        for wizard in self:
            wizard.report_filename = self.env._(
                "Funder pack %(start)s %(end)s", start=wizard.date_from or "", end=wizard.date_to or ""
            )

    @api.depends("company_id")
    def _compute_available_funder_ids(self):
        for wizard in self:
            programmes = self.env["housing.programme"].search([("company_id", "=", wizard.company_id.id)])
            wizard.available_funder_ids = programmes.funder_ids

    @api.depends("funder_id", "company_id")
    def _compute_programme_ids(self):
        for wizard in self:
            domain = [("company_id", "=", wizard.company_id.id)]
            if wizard.funder_id:
                domain.append(("funder_ids", "in", wizard.funder_id.ids))
            wizard.programme_ids = [Command.set(self.env["housing.programme"].search(domain).ids)]

    @api.depends("period_type", "year", "month", "quarter")
    def _compute_dates(self):
        for wizard in self:
            if wizard.period_type == im.PERIOD_CUSTOM and wizard.date_from and wizard.date_to:
                continue
            kind = wizard.period_type if wizard.period_type != im.PERIOD_CUSTOM else im.PERIOD_YEAR
            if not 1900 <= wizard.year <= 2999:
                continue
            wizard.date_from, wizard.date_to = im.period_bounds(
                kind, wizard.year, month=int(wizard.month or 1), quarter=int(wizard.quarter or 1)
            )

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        for wizard in self:
            if wizard.date_to < wizard.date_from:
                raise ValidationError(
                    self.env._(
                        "The period ends (%(end)s) before it starts (%(start)s): check the dates.",
                        end=wizard.date_to,
                        start=wizard.date_from,
                    )
                )

    # ------------------------------------------------------------------ actions
    def action_print_pdf(self):
        self.ensure_one()
        self._check_printable()
        return self.env.ref(PDF_REPORT).report_action(self)

    def action_print_xlsx(self):
        self.ensure_one()
        self._check_printable()
        return self.env.ref(XLSX_REPORT).report_action(self)

    def _check_printable(self):
        if not self.programme_ids:
            raise UserError(
                self.env._("Choose the programmes to report on, or a funder to report on all the programmes it funds.")
            )

    # ------------------------------------------------------------------ what both files print
    def _funder_pack_data(self):
        """The engine's figures, layout and lists for the wizard's programmes and period, as both reports read
        them: ``{company, programmes, date_from, date_to, figures, layout, notes, lists, names, columns}``
        (``columns``: ``[(key in figures, title)]``, one per programme then the total)."""
        self.ensure_one()
        self._check_printable()
        engine = self.env["housing.indicator"].with_company(self.company_id)
        programmes = self.programme_ids.sorted(lambda programme: (programme.name, programme.id))
        figures = engine._get_indicators(programmes, self.date_from, self.date_to)
        scope = engine._indicator_scope(programmes, self.date_from, self.date_to)
        programmes = programmes.filtered(lambda programme: programme.id in figures)
        columns = [(programme.id, programme.name) for programme in programmes]
        columns.append(("total", self.env._("Total")))
        return {
            "company": self.company_id,
            "programmes": programmes,
            "date_from": self.date_from,
            "date_to": self.date_to,
            "figures": figures,
            "layout": engine._indicator_layout(),
            "notes": engine._indicator_notes(),
            "lists": engine._indicator_lists(scope, names=self.names),
            "names": self.names,
            "columns": columns,
        }

    def _period_label(self):
        self.ensure_one()
        return self.env._(
            "from %(start)s to %(end)s",
            start=format_date(self.env, self.date_from),
            end=format_date(self.env, self.date_to),
        )

    def _format_figure(self, value, kind):
        """A figure as the PDF prints it, in the reader's language."""
        currency = self.company_id.currency_id
        if kind == RATE:
            return f"{formatLang(self.env, float(value or 0) * 100, digits=1)} %"
        if kind == AMOUNT:
            return formatLang(self.env, float(value or 0), currency_obj=currency)
        if kind == HOURS:
            return f"{formatLang(self.env, float(value or 0), digits=2)} h"
        return self._format_number(value)

    def _format_number(self, value):
        if isinstance(value, bool) or value is None:
            return ""
        if isinstance(value, int):
            return formatLang(self.env, value, digits=0)
        if isinstance(value, numbers.Real):
            value = float(value)
            return formatLang(self.env, value, digits=2 if value != round(value, 1) else 1)
        if isinstance(value, date):
            return format_date(self.env, value)
        return str(value)

    def _dict_keys(self, figures, key, columns):
        """Every label of the dict figure ``key`` over the columns, in the total's order (it has them all)."""
        labels = []
        for column, _title in sorted(columns, key=lambda column: column[0] != "total"):
            for label in figures.get(column, {}).get(key) or {}:
                if label not in labels:
                    labels.append(label)
        return labels
