from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import formatLang


class AccountMove(models.Model):
    _name = "account.move"
    _inherit = ["account.move", "housing.alert.mixin"]
    _housing_alert_types = {"allowance_refund": "solidarity_housing.mail_activity_type_allowance_refund"}

    housing_billing_run_id = fields.Many2one(
        "housing.billing.run", string="Rent billing", index="btree_not_null", readonly=True, copy=False
    )
    housing_rent_line_ids = fields.One2many("housing.rent.line", "move_id", string="Rent dues", readonly=True)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_rent(self):
        if self.housing_rent_line_ids:
            raise UserError(
                self.env._(
                    "%(moves)s bill rent dues: cancel them (or issue a credit note) instead of deleting them, so "
                    "that each month stays billed once.",
                    moves=", ".join(self.filtered("housing_rent_line_ids").mapped("display_name")),
                )
            )

    def button_cancel(self):
        """A cancelled rent invoice bills nothing: its dues go back to the schedule, to be billed again."""
        result = super().button_cancel()
        dues = self.filtered(lambda move: move.state == "cancel").housing_rent_line_ids
        dues.write({"state": "to_bill", "move_id": False, "billing_run_id": False})
        return result

    def _post(self, soft=True):
        posted = super()._post(soft)
        posted._housing_ask_allowance_refund()
        posted._housing_touch_arrears()
        return posted

    def button_draft(self):
        result = super().button_draft()
        self._housing_touch_arrears()
        return result

    def _housing_touch_arrears(self):
        """Money received or taken back without an invoice changes a household's credit: its arrears follow."""
        payments = self.filtered(lambda move: move.move_type == "entry")
        if payments:
            self.env["housing.arrears"]._touch(
                (line.company_id.id, line.partner_id.id)
                for line in payments.line_ids
                if line.account_type == "asset_receivable" and line.partner_id
            )

    def _housing_ask_allowance_refund(self):
        """The allowance above an occupant's due is paid back when the company says so: the accountant gets an
        activity on the occupant's credit note (register its payment with the credit note's Pay button, which
        matches them). Kept as credit otherwise: the credit note waits for the next rents."""
        credit_notes = self.filtered(
            lambda move: (
                move.move_type == "out_refund"
                and move.housing_billing_run_id
                and move.company_id.housing_allowance_surplus == "refund"
            )
        )
        if not credit_notes:
            return
        today = fields.Date.context_today(self)
        credit_notes._housing_alert_raise(
            "allowance_refund",
            date_deadline=lambda move: max(move.invoice_date_due or today, today),
            summary=lambda move: self.env._(
                "Pay back %(amount)s of housing allowance to %(occupant)s",
                amount=formatLang(self.env, move.amount_total, currency_obj=move.currency_id),
                occupant=move.partner_id.name,
            ),
            note=lambda move: self.env._(
                "The CAF paid more than %(occupant)s owes (%(month)s). Register the payment of this credit "
                "note (button Pay) to pay the occupant back; if the household owes overdue rent, match the credit "
                "note with its invoices instead.",
                occupant=move.partner_id.name,
                month=move.ref or move.name,
            ),
            user_id=lambda move: move.company_id._housing_collections_user(move.housing_billing_run_id.user_id).id,
        )

    @api.model
    def _housing_close_refund_activities(self):
        """Daily: the pay-back reminders of credit notes paid (or matched) since are done."""
        alerts = self._housing_alerts_of_model(["allowance_refund"])
        moves = self.sudo().browse(alerts.mapped("res_id"))
        settled = moves.filtered(lambda move: move.payment_state in ("paid", "in_payment", "reversed"))
        settled._housing_alert_close(["allowance_refund"], self.env._("Credit note settled."))
