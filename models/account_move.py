from odoo import api, fields, models
from odoo.exceptions import UserError


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
