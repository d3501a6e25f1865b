from odoo import fields, models

from ..models.account_move_shelter import CHECK_STATUSES


class HousingShelterBillCheckLine(models.TransientModel):
    _name = "housing.shelter.bill.check.line"
    _description = "Hotel bill check: one stay"
    _order = "status desc, id"

    check_id = fields.Many2one("housing.shelter.bill.check", string="Bill check", required=True, ondelete="cascade")
    currency_id = fields.Many2one(related="check_id.currency_id")
    stay_id = fields.Many2one("housing.shelter.stay", string="Hotel stay")
    label = fields.Char(string="Stay or bill line")
    room_label = fields.Char(related="stay_id.room_label")
    nights_counted = fields.Integer(string="Nights counted")
    nights_billed = fields.Float(string="Nights billed")
    difference = fields.Float(compute="_compute_difference")
    amount_counted = fields.Monetary(string="Amount counted")
    amount_billed = fields.Monetary(string="Amount billed")
    status = fields.Selection(CHECK_STATUSES)

    def _compute_difference(self):
        for line in self:
            line.difference = line.nights_billed - line.nights_counted
