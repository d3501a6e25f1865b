from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Domain

from ..tools.housing_math import stock_state

#: the states of a unit (un logement: "Partiellement occupé", "Complet") read otherwise for a room (une chambre)
ROOM_STATES = [
    ("free", "Free"),
    ("partial", "Partly taken"),
    ("full", "Fully taken"),
    ("unavailable", "Unavailable"),
]


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
    occupancy_ids = fields.One2many("housing.occupancy", "room_id", string="Occupancy agreements")
    occupied_beds = fields.Integer(compute="_compute_occupied_beds", store=True, string="Occupied beds")
    free_beds = fields.Integer(compute="_compute_state", store=True, string="Free beds")
    state = fields.Selection(ROOM_STATES, compute="_compute_state", store=True, index=True, string="Status")

    @api.depends(
        "capacity",
        "unit_id.occupancy_ids.state",
        "unit_id.occupancy_ids.room_id",
        "unit_id.occupancy_ids.person_count",
        "unit_id.occupancy_ids.date_start",
        "unit_id.occupancy_ids.exit_date",
    )
    def _compute_occupied_beds(self):
        """Persons living in the room today; a household renting the whole unit fills every room.

        Dates move on without a write: the daily job ``housing.occupancy._cron_update_states`` recomputes
        the rooms whose agreements start or end.
        """
        today = fields.Date.context_today(self)
        for room in self:
            living = room.unit_id.occupancy_ids.filtered(
                lambda occ, room=room: (occ.room_id == room or not occ.room_id) and occ._lives_on(today)
            )
            if living.filtered(lambda occ: not occ.room_id):
                room.occupied_beds = room.capacity
            else:
                room.occupied_beds = min(room.capacity, sum(living.mapped("person_count")))

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

    @api.model
    def _search_display_name(self, operator, value):
        """A room is also found as "<unit reference or name> / <room>", as imports and spreadsheets name it."""
        domain = super()._search_display_name(operator, value)
        if operator in ("=", "in", "=ilike", "=like"):
            exact, names = "=ilike", [value] if isinstance(value, str) else list(value or [])
        elif operator in ("ilike", "like"):
            exact, names = "ilike", [value]
        else:
            return domain
        for name in names:
            if isinstance(name, str) and " / " in name:
                unit, room = (part.strip() for part in name.split(" / ", 1))
                unit_domain = Domain("unit_id.ref", exact, unit) | Domain("unit_id.name", exact, unit)
                domain |= Domain("name", exact, room) & unit_domain
        return domain

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

    @api.constrains("unit_id")
    def _check_unit_of_agreements(self):
        """A room whose agreements were signed in one unit stays in that unit: moving it would leave them
        pointing at a room of another dwelling (the room would show free while someone lives in it)."""
        left = self.env["housing.occupancy"].search([("room_id", "in", self.ids)])._left_in_another_unit("room_id")
        if left:
            room, unit, agreements = left
            raise ValidationError(
                self.env._(
                    "The room %(room)s has occupancy agreements in %(unit)s (%(agreements)s): it cannot move to "
                    "%(new_unit)s. Archive it and create the room in the other unit instead.",
                    room=room.name,
                    unit=unit.display_name,
                    agreements=", ".join(agreements.mapped("name")),
                    new_unit=room.unit_id.display_name,
                )
            )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_with_agreements(self):
        with_history = self.with_context(active_test=False).filtered("occupancy_ids")
        if with_history:
            raise UserError(
                self.env._(
                    "Room %(rooms)s has occupancy agreements: archive it instead of deleting it, so that "
                    "their history stays.",
                    rooms=", ".join(with_history.mapped("display_name")),
                )
            )
