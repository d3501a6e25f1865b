from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools import caf_statement_math as csm

DELIMITERS = [
    (";", "Semicolon (;)"),
    (",", "Comma (,)"),
    ("tab", "Tab"),
    ("|", "Vertical bar (|)"),
]
DECIMAL_SEPARATORS = [(",", "Comma (12,50)"), (".", "Point (12.50)")]
THOUSANDS_SEPARATORS = [("space", "Space (1 234,50)"), ("none", "None (1234,50)"), (".", "Point (1.234,50)")]
ENCODINGS = [
    ("auto", "Automatic (UTF-8, else Windows)"),
    ("utf-8", "UTF-8"),
    ("cp1252", "Windows (cp1252)"),
    ("latin-1", "ISO-8859-1"),
]


class HousingCafStatementMapping(models.Model):
    """How one CAF's statement file reads: which column holds what, and how its cells are written.

    Each CAF exports its own layout: the accountant maps it once, every later statement of that CAF
    is read with it.
    """

    _name = "housing.caf.statement.mapping"
    _description = "CAF statement layout"
    _order = "caf_partner_id, name, id"
    _check_company_auto = True

    name = fields.Char(required=True, default=lambda self: self.env._("CAF statement"))
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", required=True, index=True, default=lambda self: self.env.company)
    caf_partner_id = fields.Many2one(
        "res.partner",
        string="CAF",
        required=True,
        index=True,
        check_company=True,
        domain="[('is_company', '=', True)]",
        help="The family-allowance fund whose statements use this layout (the partner its allowance dues are billed "
        "to).",
    )
    header_row = fields.Integer(
        string="Header line",
        default=1,
        required=True,
        help="Line of the file holding the column titles; the statement's lines follow it.",
    )
    delimiter = fields.Selection(DELIMITERS, string="CSV separator", default=";", required=True)
    encoding = fields.Selection(
        ENCODINGS,
        string="CSV encoding",
        default="auto",
        required=True,
        help="Automatic: a file that reads as UTF-8 is read so, else as Windows (cp1252), the encoding of a French "
        "spreadsheet's CSV export.",
    )
    decimal_separator = fields.Selection(DECIMAL_SEPARATORS, default=",", required=True)
    thousands_separator = fields.Selection(THOUSANDS_SEPARATORS, default="space", required=True)
    month_format = fields.Selection(
        csm.MONTH_FORMATS,
        string="Month format",
        default="%m/%Y",
        required=True,
        help="How the month column is written.",
    )
    column_caf_number = fields.Char(
        string="CAF number column",
        required=True,
        default="N° allocataire",
        help="Title (or number, or letter) of the column.",
    )
    column_name = fields.Char(string="Name column", required=True, default="Nom")
    column_month = fields.Char(string="Month column", required=True, default="Mois")
    column_amount = fields.Char(string="Amount column", required=True, default="Montant")
    column_kind = fields.Char(
        string="Kind column",
        default="Nature",
        help="Empty when the file has none: then a negative amount is an overpayment recovered (indu) and an "
        "earlier month a back-payment (rappel).",
    )
    kind_regular = fields.Char(
        string="Monthly payment written", default="Mensualité, Droit courant, Courant, AL, APL", help="Comma-separated."
    )
    kind_rappel = fields.Char(string="Back-payment written", default="Rappel", help="Comma-separated.")
    kind_indu = fields.Char(string="Overpayment recovered written", default="Indu, Retenue, Récupération")
    statement_count = fields.Integer(compute="_compute_statement_count", string="Statements")

    _header_row_positive = models.Constraint("CHECK(header_row >= 1)", "The header line is line 1 or later.")

    def _compute_statement_count(self):
        counts = dict(
            self.env["housing.caf.statement"]._read_group([("mapping_id", "in", self.ids)], ["mapping_id"], ["__count"])
        )
        for mapping in self:
            mapping.statement_count = counts.get(mapping, 0)

    @api.depends("name", "caf_partner_id")
    def _compute_display_name(self):
        for mapping in self:
            mapping.display_name = (
                f"{mapping.caf_partner_id.name} — {mapping.name}" if mapping.caf_partner_id else mapping.name
            )

    @api.constrains("decimal_separator", "thousands_separator")
    def _check_separators(self):
        thousands = {"space": " ", "none": ""}
        for mapping in self:
            if thousands.get(mapping.thousands_separator, mapping.thousands_separator) == mapping.decimal_separator:
                raise ValidationError(
                    self.env._(
                        "The decimal and the thousands separators of %(layout)s are both “%(separator)s”: an amount "
                        "such as 12%(separator)s50 could not be read. Choose another thousands separator (or none).",
                        layout=mapping.display_name,
                        separator=mapping.decimal_separator,
                    )
                )

    @api.constrains("kind_regular", "kind_rappel", "kind_indu", "column_kind")
    def _check_kinds(self):
        for mapping in self.filtered("column_kind"):
            words = [word for words in mapping._kind_keywords().values() for word in words]
            if not mapping._kind_keywords()["regular"]:
                raise ValidationError(
                    self.env._("Say how %(layout)s writes a monthly payment in its kind column.", layout=mapping.name)
                )
            if len(words) != len(set(words)):
                raise ValidationError(
                    self.env._(
                        "A word of the kind column of %(layout)s stands for two kinds of lines: each word says one.",
                        layout=mapping.name,
                    )
                )

    def _kind_keywords(self):
        self.ensure_one()
        return {
            kind: [csm.normalize_text(word) for word in (self[f"kind_{kind}"] or "").split(",") if word.strip()]
            for kind in csm.KINDS
        }

    def _columns(self):
        """``{key: (title in the mapping, label for messages)}`` of the columns read."""
        self.ensure_one()
        return {
            "caf_number": (
                self.column_caf_number,
                self._fields["column_caf_number"].get_description(self.env)["string"],
            ),
            "name": (self.column_name, self._fields["column_name"].get_description(self.env)["string"]),
            "month": (self.column_month, self._fields["column_month"].get_description(self.env)["string"]),
            "amount": (self.column_amount, self._fields["column_amount"].get_description(self.env)["string"]),
            "kind": (self.column_kind, self._fields["column_kind"].get_description(self.env)["string"]),
        }

    def action_view_statements(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("solidarity_housing.housing_caf_statement_action")
        action["domain"] = [("mapping_id", "=", self.id)]
        return action
