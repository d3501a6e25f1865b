from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..tools.housing_math import stock_state
from .housing_unit import STOCK_STATES


class HousingRoom(models.Model):
    _name = "housing.room"
    _description = "Housing room"
    _order = "unit_id, sequence, id"
    _check_company_auto = True

    unit_id = fields.Many2one("housing.unit", required=True, index=True, ondelete="cascade", check_company=True)
    name = fields.Char(required=True, help="A bedroom, or the whole unit when it is let as one.")
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(related="unit_id.company_id", store=True, index=True, precompute=True)
    programme_id = fields.Many2one(related="unit_id.programme_id", store=True, index=True)
    capacity = fields.Integer(string="Beds", default=1, required=True)
    surface = fields.Float(string="Surface (m²)", digits=(8, 2))
    out_of_service = fields.Boolean(string="Unavailable", help="The room is not offered (works, incident).")
    note = fields.Text(string="Notes")
    occupied_beds = fields.Integer(compute="_compute_occupied_beds", store=True, string="Occupied beds")
    free_beds = fields.Integer(compute="_compute_state", store=True, string="Free beds")
    state = fields.Selection(STOCK_STATES, compute="_compute_state", store=True, index=True, string="Status")

    @api.depends()
    def _compute_occupied_beds(self):
        """Beds taken in the room; the agreements extend this."""
        for room in self:
            room.occupied_beds = 0

    @api.depends("capacity", "occupied_beds", "out_of_service", "unit_id.out_of_service")
    def _compute_state(self):
        for room in self:
            unavailable = room.out_of_service or room.unit_id.out_of_service
            room.free_beds = 0 if unavailable else max(0, room.capacity - room.occupied_beds)
            room.state = stock_state(room.occupied_beds, room.free_beds, unavailable)

    @api.depends("name", "unit_id.ref")
    def _compute_display_name(self):
        for room in self:
            room.display_name = f"{room.unit_id.ref} / {room.name}" if room.unit_id.ref else room.name

    @api.constrains("capacity", "surface")
    def _check_capacity_surface(self):
        for room in self:
            if room.capacity < 1:
                raise ValidationError(
                    self.env._(
                        "Room %(room)s must have at least one bed (%(beds)s entered): enter its number "
                        "of beds, or archive the room if it is no longer let.",
                        room=room.display_name,
                        beds=room.capacity,
                    )
                )
            if room.surface < 0:
                raise ValidationError(
                    self.env._(
                        "The surface of room %(room)s cannot be negative (%(surface)s m²).",
                        room=room.display_name,
                        surface=room.surface,
                    )
                )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_occupied(self):
        occupied = self.filtered("occupied_beds")
        if occupied:
            raise UserError(
                self.env._(
                    "Room %(rooms)s is occupied: end the agreement before removing the room.",
                    rooms=", ".join(occupied.mapped("display_name")),
                )
            )
