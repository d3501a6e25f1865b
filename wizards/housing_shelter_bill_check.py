from odoo import fields, models
from odoo.exceptions import AccessError, UserError

MANAGER_GROUP = "solidarity_housing.group_housing_manager"


class HousingShelterBillCheck(models.TransientModel):
    """*Contrôler la facture*: a hotel's bill against the nights counted on its stays that month."""

    _name = "housing.shelter.bill.check"
    _description = "Check a hotel bill"

    move_id = fields.Many2one("account.move", string="Bill", required=True, ondelete="cascade")
    partner_id = fields.Many2one(related="move_id.partner_id", string="Hotel")
    month = fields.Date(related="move_id.housing_shelter_month")
    currency_id = fields.Many2one(related="move_id.currency_id")
    line_ids = fields.One2many("housing.shelter.bill.check.line", "check_id", string="Stays")
    difference_count = fields.Integer(compute="_compute_totals", string="Differences")
    nights_counted = fields.Integer(compute="_compute_totals", string="Nights counted")
    nights_billed = fields.Float(compute="_compute_totals", string="Nights billed")
    note = fields.Char(string="Why the differences are accepted")

    def _compute_totals(self):
        for check in self:
            check.difference_count = len(check.line_ids.filtered(lambda line: line.status != "ok"))
            check.nights_counted = sum(check.line_ids.mapped("nights_counted"))
            check.nights_billed = sum(check.line_ids.mapped("nights_billed"))

    def action_accept(self):
        self.ensure_one()
        user = self.env.user
        if not (user.has_group("account.group_account_invoice") or user.has_group(MANAGER_GROUP)):
            raise AccessError(
                self.env._("Only an accountant or a housing manager accepts the differences of a hotel bill.")
            )
        if not (self.note or "").strip():
            raise UserError(
                self.env._("Say why the differences are accepted (e.g. a night agreed by phone with the hotel).")
            )
        move = self.move_id
        if move.state != "draft":
            raise UserError(self.env._("Only the differences of a draft bill are accepted, before it is posted."))
        # the user may change the bill (its access rights and rules); the acceptance itself is written only here
        move.check_access("write")
        move.sudo().write(
            {"housing_shelter_differences_accepted": True, "housing_shelter_check_note": self.note.strip()}
        )
        move.message_post(
            body=self.env._(
                "Differences with the nights counted accepted by %(user)s: %(note)s",
                user=self.env.user.name,
                note=self.note.strip(),
            ),
            subtype_xmlid="mail.mt_note",
        )
        return {"type": "ir.actions.act_window_close"}
