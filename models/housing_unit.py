from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..tools.housing_math import stock_state

UNIT_TYPES = [
    ("shared_flat_room", "Room in a shared flat"),
    ("t1", "T1 flat"),
    ("t2", "T2 flat"),
    ("t3", "T3 flat"),
    ("t4", "T4 flat"),
    ("t5", "T5 flat"),
    ("t6", "T6 flat"),
    ("house", "House"),
    ("mobile_home", "Mobile home"),
    ("hotel_room", "Hotel room"),
]

ENERGY_CLASSES = [(letter, letter) for letter in "ABCDEFG"]

#: Stock states shared by units and rooms, from the beds they have and the beds occupied.
STOCK_STATES = [
    ("free", "Free"),
    ("partial", "Partly occupied"),
    ("full", "Full"),
    ("unavailable", "Unavailable"),
]


class HousingUnit(models.Model):
    _name = "housing.unit"
    _description = "Housing unit"
    _inherit = ["mail.thread", "mail.activity.mixin", "housing.analytic.mixin"]
    _housing_analytic_plan = "solidarity_housing.analytic_plan_units"
    _order = "programme_id, ref"
    _rec_names_search = ["ref", "name", "city"]
    _check_company_auto = True

    ref = fields.Char(
        string="Reference",
        required=True,
        copy=False,
        readonly=False,
        index="trigram",
        default=lambda self: self.env._("New"),
        tracking=True,
        help="Given by the unit sequence when the unit is saved; unique within a company.",
    )
    name = fields.Char(required=True, tracking=True, help="How the team calls the dwelling.")
    active = fields.Boolean(default=True)
    color = fields.Integer()
    company_id = fields.Many2one("res.company", required=True, index=True, default=lambda self: self.env.company)
    programme_id = fields.Many2one(
        "housing.programme",
        required=True,
        index=True,
        tracking=True,
        check_company=True,
        ondelete="restrict",
    )
    scheme_type = fields.Selection(related="programme_id.scheme_type", store=True)
    landlord_id = fields.Many2one(
        "res.partner",
        tracking=True,
        check_company=True,
        index=True,
        help="Owner or social landlord of the dwelling, or the host of a shared flat.",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Responsible",
        tracking=True,
        domain="[('share', '=', False)]",
        default=lambda self: self.env.user,
    )
    # Address
    street = fields.Char()
    street2 = fields.Char()
    zip = fields.Char(change_default=True)
    city = fields.Char(index=True)
    state_id = fields.Many2one("res.country.state", domain="[('country_id', '=?', country_id)]")
    country_id = fields.Many2one("res.country", default=lambda self: self.env.ref("base.fr", raise_if_not_found=False))
    floor = fields.Char()
    # Description
    unit_type = fields.Selection(UNIT_TYPES, string="Type", required=True, default="t4", tracking=True)
    surface = fields.Float(string="Surface (m²)", digits=(8, 2), tracking=True)
    furnished = fields.Boolean(tracking=True, help="A furnished dwelling allows a deposit of two months' rent.")
    energy_class = fields.Selection(ENERGY_CLASSES, string="Energy class (DPE)")
    accessible = fields.Boolean(string="Accessible to reduced mobility")
    tag_ids = fields.Many2many(
        "housing.unit.tag",
        string="Features",
        help="Lift, ground floor, washing machine... to match a household's needs.",
    )
    out_of_service = fields.Boolean(
        string="Unavailable",
        tracking=True,
        help="Works, incident or handover: the unit's beds are not offered.",
    )
    note = fields.Html(string="Notes")
    analytic_account_id = fields.Many2one(
        "account.analytic.account",
        string="Analytic account",
        check_company=True,
        copy=False,
        help="Rent, charges and landlord bills of this unit are reported on this analytic account.",
    )
    # Rooms and beds
    room_ids = fields.One2many("housing.room", "unit_id", string="Rooms", copy=True)
    room_count = fields.Integer(compute="_compute_beds", store=True, string="Rooms count")
    capacity = fields.Integer(compute="_compute_beds", store=True, string="Beds", help="Beds of all rooms.")
    occupied_beds = fields.Integer(compute="_compute_beds", store=True, string="Occupied beds")
    free_beds = fields.Integer(compute="_compute_beds", store=True, string="Free beds")
    occupancy_rate = fields.Float(compute="_compute_beds", store=True, aggregator="avg", string="Occupancy (%)")
    lease_ids = fields.One2many("housing.lease", "unit_id", string="Head leases")
    occupancy_ids = fields.One2many("housing.occupancy", "unit_id", string="Occupancy agreements")
    occupant_ids = fields.Many2many(
        "res.partner", compute="_compute_occupant_ids", string="Occupants", help="Persons living in the unit today."
    )
    lease_count = fields.Integer(compute="_compute_counts", string="Leases count")
    occupancy_count = fields.Integer(compute="_compute_counts", string="Agreements count")
    state = fields.Selection(
        STOCK_STATES, compute="_compute_beds", store=True, index=True, tracking=True, string="Status"
    )

    _ref_company_uniq = models.Constraint(
        "UNIQUE(company_id, ref)",
        "Another unit of this company already has this reference: each unit needs its own.",
    )

    @api.depends(
        "room_ids.capacity", "room_ids.occupied_beds", "room_ids.free_beds", "room_ids.active", "out_of_service"
    )
    def _compute_beds(self):
        for unit in self:
            rooms = unit.room_ids.filtered("active")
            unit.room_count = len(rooms)
            unit.capacity = sum(rooms.mapped("capacity"))
            unit.occupied_beds = sum(rooms.mapped("occupied_beds"))
            unit.free_beds = 0 if unit.out_of_service else sum(rooms.mapped("free_beds"))
            unit.occupancy_rate = 100.0 * unit.occupied_beds / unit.capacity if unit.capacity else 0.0
            unit.state = stock_state(unit.occupied_beds, unit.free_beds, unit.out_of_service)

    @api.depends("occupancy_ids.state", "occupancy_ids.partner_id", "occupancy_ids.member_ids")
    def _compute_occupant_ids(self):
        today = fields.Date.context_today(self)
        for unit in self:
            living = unit.occupancy_ids.filtered(lambda occ: occ._lives_on(today))
            unit.occupant_ids = living.partner_id | living.member_ids

    @api.depends("lease_ids", "occupancy_ids")
    def _compute_counts(self):
        for unit in self:
            unit.lease_count = len(unit.lease_ids)
            unit.occupancy_count = len(unit.occupancy_ids)

    @api.depends("ref", "name")
    def _compute_display_name(self):
        for unit in self:
            unit.display_name = f"[{unit.ref}] {unit.name}" if unit.ref else unit.name

    @api.constrains("surface")
    def _check_surface(self):
        for unit in self:
            if unit.surface < 0:
                raise ValidationError(
                    self.env._(
                        "The surface of %(unit)s cannot be negative (%(surface)s m²): enter the living area "
                        "in square metres, or leave it empty.",
                        unit=unit.display_name,
                        surface=unit.surface,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        new_label = self.env._("New")
        for vals in vals_list:
            if not vals.get("ref") or vals["ref"] == new_label:
                company = self.env["res.company"].browse(vals.get("company_id")) or self.env.company
                vals["ref"] = self.env["ir.sequence"].with_company(company).next_by_code("housing.unit") or new_label
        return super().create(vals_list)

    @api.model
    def get_import_templates(self):
        return self.env["housing.import.template"]._templates_of(self._name)

    def _housing_analytic_values(self):
        self.ensure_one()
        return {"name": self.display_name, "code": self.ref}

    @api.ondelete(at_uninstall=False)
    def _unlink_except_history(self):
        with_history = self.filtered(lambda unit: unit.lease_ids or unit.occupancy_ids)
        if with_history:
            raise UserError(
                self.env._(
                    "%(units)s has leases or occupancy agreements: archive the unit instead of deleting it, "
                    "so that their history stays.",
                    units=", ".join(with_history.mapped("display_name")),
                )
            )

    def _lease_at(self, day):
        """The running head lease of the unit on ``day``."""
        self.ensure_one()
        return self.lease_ids.filtered(
            lambda lease: (
                lease.state in ("running", "notice")
                and lease.date_start <= day
                and (not lease.date_end or day <= lease.date_end)
            )
        )[:1]

    def action_view_leases(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("solidarity_housing.housing_lease_action")
        action["domain"] = [("unit_id", "=", self.id)]
        action["context"] = {"default_unit_id": self.id}
        return action

    def action_view_occupancies(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("solidarity_housing.housing_occupancy_action")
        action["domain"] = [("unit_id", "=", self.id)]
        action["context"] = {"default_unit_id": self.id}
        return action

    def action_view_rooms(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("solidarity_housing.housing_room_action")
        action["domain"] = [("unit_id", "=", self.id)]
        action["context"] = {"default_unit_id": self.id}
        return action
