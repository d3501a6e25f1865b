from odoo import models

#: what may move an invoice's due date
DUE_DATE_FIELDS = frozenset({"invoice_date_due", "invoice_date", "invoice_payment_term_id", "line_ids"})


class AccountMove(models.Model):
    """What collections add to invoices: a rent invoice whose due date moves changes the ageing of its
    household's arrears, refreshed when the change is committed."""

    _inherit = "account.move"

    def write(self, vals):
        if not DUE_DATE_FIELDS.intersection(vals):
            return super().write(vals)
        rent_invoices = self.filtered("housing_rent_line_ids")
        before = {move.id: move.invoice_date_due for move in rent_invoices}
        result = super().write(vals)
        moved = rent_invoices.filtered(lambda move: move.invoice_date_due != before[move.id])
        if moved:
            self.env["housing.arrears"]._touch(
                (due.company_id.id, due.occupant_id.id)
                for due in moved.housing_rent_line_ids
                if due.payer_kind == "occupant"
            )
        return result
