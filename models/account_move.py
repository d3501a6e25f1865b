from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import formatLang


class AccountMove(models.Model):
    _inherit = "account.move"

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
        return posted

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
        asked = set(
            self.env["mail.activity"]
            .sudo()
            .search(
                [
                    ("res_model", "=", self._name),
                    ("res_id", "in", credit_notes.ids),
                    ("housing_alert_key", "=", "allowance_refund"),
                ]
            )
            .mapped("res_id")
        )
        activity_type = self.env.ref("solidarity_housing.mail_activity_type_allowance_refund")
        today = fields.Date.context_today(self)
        for move in credit_notes.filtered(lambda move: move.id not in asked):
            amount = formatLang(self.env, move.amount_total, currency_obj=move.currency_id)
            user = move.company_id._housing_collections_user(move.housing_billing_run_id.user_id)
            move.activity_schedule(
                activity_type_id=activity_type.id,
                date_deadline=max(move.invoice_date_due or today, today),
                summary=self.env._(
                    "Pay back %(amount)s of housing allowance to %(occupant)s",
                    amount=amount,
                    occupant=move.partner_id.name,
                ),
                note=self.env._(
                    "The CAF paid more than %(occupant)s owes (%(month)s). Register the payment of this credit "
                    "note (button Pay) to pay the occupant back; if the household owes overdue rent, match the credit "
                    "note with its invoices instead.",
                    occupant=move.partner_id.name,
                    month=move.ref or move.name,
                ),
                user_id=user.id or self.env.uid,
                housing_alert_key="allowance_refund",
            )

    @api.model
    def _housing_close_refund_activities(self):
        """Daily: the pay-back reminders of credit notes paid (or matched) since are done."""
        activities = (
            self.env["mail.activity"]
            .sudo()
            .search([("res_model", "=", self._name), ("housing_alert_key", "=", "allowance_refund")])
        )
        moves = self.sudo().browse(activities.mapped("res_id"))
        settled = moves.filtered(lambda move: move.payment_state in ("paid", "in_payment", "reversed"))
        done = activities.filtered(lambda activity: activity.res_id in settled.ids)
        if done:
            done.with_context(mail_activity_quick_update=True).action_feedback(
                feedback=self.env._("Credit note settled.")
            )
