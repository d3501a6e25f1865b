from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools.resorption_math import nights_between, stays_overlap

PRICE_BASES = [("per_room", "Per room"), ("per_person", "Per person")]
STAY_STATES = [("planned", "Planned"), ("ongoing", "In the hotel"), ("ended", "Ended")]


class HousingShelterStay(models.Model):
    """A household sheltered in a hotel: rooms, persons, nights, price and funder. The hotel's monthly bill is
    checked against the nights counted here."""

    _name = "housing.shelter.stay"
    _description = "Hotel stay"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date_checkin desc, id desc"
    _check_company_auto = True

    name = fields.Char(
        string="Reference", required=True, copy=False, readonly=True, default=lambda self: self.env._("New")
    )
    active = fields.Boolean(default=True)
    partner_id = fields.Many2one(
        "res.partner",
        string="Household",
        required=True,
        index=True,
        tracking=True,
        ondelete="restrict",
        domain="[('is_company', '=', False), ('housing_head_id', '=', False)]",
    )
    census_id = fields.Many2one(
        "housing.camp.census",
        index=True,
        check_company=True,
        domain="[('partner_id', '=', partner_id)]",
        help="The census of the household on the site it left.",
    )
    programme_id = fields.Many2one(
        "housing.programme",
        required=True,
        index=True,
        tracking=True,
        check_company=True,
        compute="_compute_programme_id",
        store=True,
        readonly=False,
        precompute=True,
        ondelete="restrict",
        domain="[('scheme_type', 'in', ('camp_resorption', 'hotel_shelter'))]",
    )
    company_id = fields.Many2one("res.company", required=True, index=True, default=lambda self: self.env.company)
    currency_id = fields.Many2one(related="company_id.currency_id")
    hotel_id = fields.Many2one("res.partner", required=True, index=True, tracking=True, check_company=True)
    room_label = fields.Char(string="Room(s)", help="Room numbers at the hotel, e.g. 12 and 14.")
    room_count = fields.Integer(string="Rooms", default=1, required=True)
    person_count = fields.Integer(
        string="Persons",
        compute="_compute_person_count",
        store=True,
        readonly=False,
        precompute=True,
        required=True,
    )
    date_checkin = fields.Date(string="Check-in", required=True, tracking=True)
    date_checkout = fields.Date(string="Check-out", tracking=True, help="Empty while the household is at the hotel.")
    price_basis = fields.Selection(PRICE_BASES, string="Price", required=True, default="per_room")
    price_night = fields.Monetary(string="Price per night", tracking=True)
    nightly_cost = fields.Monetary(
        string="Cost per night", compute="_compute_nightly_cost", store=True, help="Price × rooms, or × persons."
    )
    nights = fields.Integer(compute="_compute_nights", help="Nights so far (to the check-out).")
    cost_total = fields.Monetary(string="Cost so far", compute="_compute_nights")
    funder_id = fields.Many2one("res.partner", tracking=True, help="Who funds the nights (DIHAL, DDETS...).")
    state = fields.Selection(STAY_STATES, string="Status", compute="_compute_state", search="_search_state")
    month_ids = fields.One2many("housing.shelter.night.report", "stay_id", string="Nights per month")
    move_ids = fields.One2many("housing.move", "shelter_stay_id", string="Moves")
    note = fields.Text(string="Notes")

    # ------------------------------------------------------------------ computes
    @api.depends("census_id")
    def _compute_programme_id(self):
        for stay in self:
            stay.programme_id = stay.programme_id or stay.census_id.programme_id

    @api.depends("partner_id", "census_id.person_count")
    def _compute_person_count(self):
        for stay in self:
            stay.person_count = (
                stay.person_count or stay.census_id.person_count or stay.partner_id.housing_household_size or 1
            )

    @api.depends("price_night", "price_basis", "room_count", "person_count")
    def _compute_nightly_cost(self):
        for stay in self:
            units = stay.room_count if stay.price_basis == "per_room" else stay.person_count
            stay.nightly_cost = stay.price_night * units

    @api.depends("date_checkin", "date_checkout", "nightly_cost")
    @api.depends_context("date")
    def _compute_nights(self):
        today = fields.Date.context_today(self)
        for stay in self:
            if not stay.date_checkin:
                stay.nights, stay.cost_total = 0, 0.0
                continue
            last = (stay.date_checkout - stay.date_checkin).days if stay.date_checkout else None
            stay.nights = (
                last if last is not None else nights_between(stay.date_checkin, None, stay.date_checkin, today)
            )
            stay.cost_total = stay.nights * stay.nightly_cost

    def _compute_state(self):
        today = fields.Date.context_today(self)
        for stay in self:
            if not stay.date_checkin or stay.date_checkin > today:
                stay.state = "planned"
            elif stay.date_checkout and stay.date_checkout <= today:
                stay.state = "ended"
            else:
                stay.state = "ongoing"

    def _search_state(self, operator, value):
        if operator not in ("=", "in"):
            return NotImplemented
        states = {value} if operator == "=" else set(value)
        today = fields.Date.context_today(self)
        domains = {
            "planned": [("date_checkin", ">", today)],
            "ongoing": [
                ("date_checkin", "<=", today),
                "|",
                ("date_checkout", "=", False),
                ("date_checkout", ">", today),
            ],
            "ended": [("date_checkout", "<=", today)],
        }
        result = []
        for state in states:
            result = ["|", *result, *domains[state]] if result else domains[state]
        return result or [("id", "=", 0)]

    @api.depends("name", "partner_id", "hotel_id")
    def _compute_display_name(self):
        for stay in self:
            stay.display_name = (
                f"{stay.name} — {stay.partner_id.name} ({stay.hotel_id.name})" if stay.partner_id else stay.name
            )

    # ------------------------------------------------------------------ checks
    @api.constrains("date_checkin", "date_checkout")
    def _check_dates(self):
        for stay in self:
            if stay.date_checkout and stay.date_checkout <= stay.date_checkin:
                raise ValidationError(
                    self.env._(
                        "The hotel stay of %(household)s cannot end on %(checkout)s: the check-out comes after the "
                        "check-in (%(checkin)s), at least one night later.",
                        household=stay.partner_id.name,
                        checkout=stay.date_checkout,
                        checkin=stay.date_checkin,
                    )
                )

    @api.constrains("partner_id", "date_checkin", "date_checkout", "active")
    def _check_overlap(self):
        stays = self.filtered("active")
        if not stays:
            return
        others = self.sudo().search([("partner_id", "in", stays.partner_id.ids)])
        for stay in stays:
            for other in others:
                if other == stay or other.partner_id != stay.partner_id:
                    continue
                if stays_overlap(stay.date_checkin, stay.date_checkout, other.date_checkin, other.date_checkout):
                    raise ValidationError(
                        self.env._(
                            "%(household)s is already at %(hotel)s from %(checkin)s to %(checkout)s (%(stay)s): a "
                            "household stays in one hotel at a time. End that stay first, or change the dates.",
                            household=stay.partner_id.name,
                            hotel=other.hotel_id.name,
                            checkin=other.date_checkin,
                            checkout=other.date_checkout or "…",
                            stay=other.name,
                        )
                    )

    @api.constrains("room_count", "person_count", "price_night")
    def _check_quantities(self):
        for stay in self:
            if stay.room_count < 1 or stay.person_count < 1 or stay.price_night < 0:
                raise ValidationError(
                    self.env._(
                        "The hotel stay of %(household)s needs at least one room and one person, and a price per "
                        "night that is not negative.",
                        household=stay.partner_id.name,
                    )
                )

    # ------------------------------------------------------------------ CRUD
    @api.model_create_multi
    def create(self, vals_list):
        new_label = self.env._("New")
        for vals in vals_list:
            if vals.get("name", new_label) == new_label:
                company = self.env["res.company"].browse(vals.get("company_id")) or self.env.company
                vals["name"] = (
                    self.env["ir.sequence"].with_company(company).next_by_code("housing.shelter.stay") or new_label
                )
        return super().create(vals_list)

    # ------------------------------------------------------------------ business
    def _nights_between(self, date_from, date_to):
        """Nights of each stay whose evening falls in [date_from, date_to]: {stay id: nights}."""
        return {stay.id: nights_between(stay.date_checkin, stay.date_checkout, date_from, date_to) for stay in self}
