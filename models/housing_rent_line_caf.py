from odoo import api, fields, models

from ..tools import caf_statement_math as csm


class HousingRentLine(models.Model):
    """What the CAF's statements say of an allowance due: what they left of it to pay.

    A CAF invoice lists many occupants; Odoo knows what is left to pay of the invoice, not of each due. Once a
    validated statement has paid a due (all of it, or all but a difference left with the CAF), what is left to
    pay of the invoice is shared in proportion to what the statements left of each due, so that every due's
    payment state is right to the cent.
    """

    _inherit = "housing.rent.line"

    caf_statement_line_ids = fields.One2many(
        "housing.caf.statement.line", "rent_line_id", string="CAF statement lines", readonly=True
    )
    caf_settled = fields.Boolean(
        compute="_compute_caf_settled", store=True, string="Paid through a CAF statement", index="btree_not_null"
    )
    caf_residual_known = fields.Monetary(
        compute="_compute_caf_settled",
        store=True,
        string="Left due by the CAF",
        help="What the last validated CAF statement that paid this due left to pay of it.",
    )

    @api.depends(
        "caf_statement_line_ids.residual_after",
        "caf_statement_line_ids.statement_id.state",
        "caf_statement_line_ids.statement_id.date_validated",
    )
    def _compute_caf_settled(self):
        for due in self:
            lines = due.caf_statement_line_ids.filtered(
                lambda line: line.statement_id.state == "done" and line.kind != "indu"
            ).sorted(lambda line: (line.statement_id.date_validated, line.statement_id.id, line.line_number, line.id))
            due.caf_settled = bool(lines)
            due.caf_residual_known = lines[-1:].residual_after if lines else 0.0

    @api.depends("caf_settled", "caf_residual_known")
    def _compute_payment(self):
        return super()._compute_payment()

    def _share_unpaid(self, unpaid):
        if not any(self.mapped("caf_settled")):
            return super()._share_unpaid(unpaid)
        known = [due.caf_residual_known if due.caf_settled else None for due in self]
        return csm.share_unpaid(unpaid, self.mapped("amount"), known)
