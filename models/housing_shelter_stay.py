from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..tools.housing_math import month_start
from ..tools.resorption_math import nights_between, stays_overlap

PRICE_BASES = [("per_room", "Per room"), ("per_person", "Per person")]
STAY_STATES = [("planned", "Planned"), ("ongoing", "In the hotel"), ("ended", "Ended")]
#: what a hotel bill is checked against: a change of these checks again a bill whose differences were accepted
BILL_FIELDS = {
    "partner_id",
    "hotel_id",
    "company_id",
    "date_checkin",
    "date_checkout",
    "price_night",
    "price_basis",
    "room_count",
    "person_count",
    "active",
}


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
        check_company=True,
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
    nights = fields.Integer(
        compute="_compute_nights", help="Nights so far: to the check-out, or to tonight (included) if it is later."
    )
    cost_total = fields.Monetary(string="Cost so far", compute="_compute_nights")
    funder_id = fields.Many2one(
        "res.partner", tracking=True, check_company=True, help="Who funds the nights (DIHAL, DDETS...)."
    )
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
            # so far: the nights whose evening is today or before (tonight counts), never nights still to come
            stay.nights = nights_between(stay.date_checkin, stay.date_checkout, stay.date_checkin, today)
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

    @api.constrains("partner_id", "census_id", "programme_id")
    def _check_household(self):
        """The household is a person at the head of a household; the census is that household's, in the stay's
        programme."""
        for stay in self:
            partner = stay.partner_id
            if partner.is_company or partner.housing_head_id:
                raise ValidationError(
                    self.env._(
                        "%(name)s is not the head of a household: a hotel stay shelters a household, recorded under "
                        "its head (%(head)s).",
                        name=partner.name,
                        head=partner.housing_head_id.name or self.env._("a person, not an organisation"),
                    )
                )
            census = stay.census_id
            if census and census.partner_id != partner:
                raise ValidationError(
                    self.env._(
                        "The census %(census)s is the one of %(other)s, not of %(household)s: choose the census of "
                        "the household sheltered.",
                        census=census.name,
                        other=census.partner_id.name,
                        household=partner.name,
                    )
                )
            if census and census.programme_id != stay.programme_id:
                raise ValidationError(
                    self.env._(
                        "The hotel stay of %(household)s is in the programme %(programme)s, its census in "
                        "%(census_programme)s: a stay after a census is in the census's programme.",
                        household=partner.name,
                        programme=stay.programme_id.name,
                        census_programme=census.programme_id.name,
                    )
                )

    @api.constrains("partner_id", "date_checkin", "date_checkout", "active", "company_id")
    def _check_overlap(self):
        stays = self.filtered("active")
        if not stays:
            return
        # one transaction at a time checks a household's stays (two users sheltering it at once)
        self.env["housing.move"]._housing_lock_rows("res_partner", stays.partner_id.ids)
        # the association's own stays only: another association's stays are neither counted nor named
        others = self.sudo().search(
            [("partner_id", "in", stays.partner_id.ids), ("company_id", "in", stays.company_id.ids)]
        )
        for stay in stays:
            for other in others:
                if other == stay or other.partner_id != stay.partner_id or other.company_id != stay.company_id:
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

    def write(self, vals):
        if {"price_night", "price_basis", "room_count", "person_count"} & set(vals):
            self._housing_check_not_billed(vals)
        bills = self._housing_checked_bills() if BILL_FIELDS & set(vals) else None
        result = super().write(vals)
        if bills is not None:
            # a hotel bill whose differences were accepted is checked again when its stays change
            (bills | self._housing_checked_bills())._housing_shelter_reset_acceptance()
        return result

    # ------------------------------------------------------------------ business
    def _housing_check_not_billed(self, vals):
        """The price, rooms and persons of a stay make the cost of all its nights: once nights are billed on a posted
        bill they are not changed, the stay is ended and a new one opened (the cost of past nights stays right)."""
        changed = self.filtered(
            lambda stay: any(
                stay[fname] != vals[fname]
                for fname in ("price_night", "price_basis", "room_count", "person_count")
                if fname in vals
            )
        )
        if not changed:
            return
        lines = (
            self.env["account.move.line"]
            .sudo()
            .search([("housing_shelter_stay_id", "in", changed.ids), ("parent_state", "=", "posted")], limit=1)
        )
        if lines:
            stay = lines.housing_shelter_stay_id
            raise UserError(
                self.env._(
                    "Nights of %(stay)s are already billed (%(bill)s): its price, rooms and persons make their cost. "
                    "When they change, end this stay on that day and open a new one from that day.",
                    stay=stay.name,
                    bill=lines.move_id.name,
                )
            )

    def _housing_checked_bills(self):
        """The draft hotel bills whose differences were accepted and that these stays' nights concern."""
        if not self:
            return self.env["account.move"]
        stays = self.sudo().with_context(active_test=False)
        first = min(stays.mapped("date_checkin"))
        return (
            self.env["account.move"]
            .sudo()
            .search(
                [
                    ("state", "=", "draft"),
                    ("housing_shelter_differences_accepted", "=", True),
                    "|",
                    ("invoice_line_ids.housing_shelter_stay_id", "in", stays.ids),
                    "&",
                    ("partner_id.commercial_partner_id", "in", stays.hotel_id.ids),
                    ("housing_shelter_month", ">=", month_start(first)),
                ]
            )
        )

    def _housing_billing_units(self):
        """What one night of the stay is billed for: its rooms (price per room) or its persons (price per person). A
        hotel bills room-nights or person-nights, at the price per night."""
        self.ensure_one()
        return max(1, self.room_count if self.price_basis == "per_room" else self.person_count)

    def _nights_between(self, date_from, date_to):
        """Nights of each stay whose evening falls in [date_from, date_to]: {stay id: nights}."""
        return {stay.id: nights_between(stay.date_checkin, stay.date_checkout, date_from, date_to) for stay in self}
