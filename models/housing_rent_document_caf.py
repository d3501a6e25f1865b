from collections import defaultdict

from odoo import api, models

from ..tools import housing_math as hm


class HousingRentDocument(models.Model):
    """What the CAF's statements add to an occupant's documents.

    When the CAF revised an allowance or recovered an overpayment, the occupant's share changed: the invoice (or
    credit note) a validated statement gave is stated on the occupant's next payment notice (and on any later one
    while it is unpaid), and a month is not fully paid, for a rent receipt, while its adjustment is unpaid.
    """

    _inherit = "housing.rent.document"

    def _get_report_base_filename(self):
        """The downloaded file's name (the portal's downloads)."""
        self.ensure_one()
        return self._report_filename()

    # ------------------------------------------------------------------ what the notice states
    def _caf_adjustments(self):
        """``{document id: [statement lines]}``: the allowance adjustments each payment notice states, those
        invoiced in the month before the notice's month and those still unpaid (one query for all documents)."""
        notices = self.filtered(lambda doc: doc.kind == "notice")
        result = defaultdict(list)
        if not notices:
            return result
        lines = (
            self.env["housing.caf.statement.line"]
            .sudo()
            .search(
                [
                    ("company_id", "in", notices.company_id.ids),
                    ("partner_id", "in", notices.occupant_id.ids),
                    ("occupant_move_id", "!=", False),
                    ("occupant_move_id.state", "=", "posted"),
                    ("occupant_move_id.invoice_date", "<", max(notices.mapped("period_start"))),
                ],
                order="period_start, id",
            )
        )
        for notice in notices:
            previous = hm.add_months(notice.period_start, -1)
            for line in lines:
                move = line.occupant_move_id
                if line.partner_id != notice.occupant_id or line.company_id != notice.company_id:
                    continue
                if move.invoice_date >= notice.period_start:
                    continue
                if move.invoice_date >= previous or move.payment_state in ("not_paid", "partial"):
                    result[notice.id].append(line)
        return result

    def _report_values(self):
        values = super()._report_values()
        adjustments = self._caf_adjustments()
        for document in self:
            lines = adjustments.get(document.id, [])
            lang = values[document.id]["lang"]
            rows = []
            for line in lines:
                month = hm.month_label(line.period_start, lang)
                reader = line.with_context(lang=lang)
                if line.kind == "indu":
                    label = reader.env._("Housing allowance overpaid, recovered by the CAF (%(month)s)", month=month)
                elif line.occupant_amount > 0:
                    label = reader.env._("Housing allowance lowered by the CAF (%(month)s)", month=month)
                else:
                    label = reader.env._("Housing allowance raised by the CAF (%(month)s)", month=month)
                rows.append(
                    {
                        "label": label,
                        "amount": line.occupant_amount,
                        "open": line.occupant_move_id.payment_state in ("not_paid", "partial"),
                        "reference": line.occupant_move_id.name,
                    }
                )
            values[document.id]["caf_adjustments"] = rows
            values[document.id]["caf_adjustments_total"] = sum(row["amount"] for row in rows if row["open"])
        return values

    # ------------------------------------------------------------------ rent receipts
    @api.model
    def _payment_status(self, dues, company):
        """A month whose allowance the CAF revised is fully paid once the occupant's adjustment is paid too."""
        status = super()._payment_status(dues, company)
        own = dues.filtered(lambda due: due.payer_kind == "occupant")[:1]
        if not own:
            return status
        lines = (
            self.env["housing.caf.statement.line"]
            .sudo()
            .search(
                [
                    ("company_id", "=", company.id),
                    ("partner_id", "=", own.occupant_id.id),
                    ("period_start", "=", own.period_start),
                    ("occupant_amount", ">", 0),
                    ("occupant_move_id.state", "=", "posted"),
                ]
            )
        )
        if not lines:
            return status
        currency = company.currency_id
        due = sum(lines.mapped("occupant_amount"))
        residual = 0.0
        for move, move_lines in lines.grouped("occupant_move_id").items():
            # a move may bundle several adjustments: what is left of it is shared between them
            everyone = self.env["housing.caf.statement.line"].sudo().search([("occupant_move_id", "=", move.id)])
            parts = hm.share_out(move.amount_residual, everyone.mapped("occupant_amount"))
            residual += float(sum(part for line, part in zip(everyone, parts, strict=True) if line in move_lines))
        status = dict(status)
        status["due"] = currency.round(status["due"] + due)
        status["residual"] = currency.round(status["residual"] + residual)
        status["paid"] = currency.round(status["due"] - status["residual"])
        status["fully_paid"] = status["fully_paid"] and currency.is_zero(residual)
        return status
