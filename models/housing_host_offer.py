import re
from datetime import timedelta

from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import email_normalize

HOST_STAGES = [
    ("contacted", "Contacted"),
    ("interested", "Interested"),
    ("visit", "Visit"),
    ("agreed", "Room agreed"),
    ("hosting", "Hosting"),
    # not "Ended": agreements and leases read "Terminée", "Terminé" in French
    ("ended", "Hosting ended"),
    ("declined", "Declined"),
]
#: the recruitment funnel, in order: reaching a stage reaches those before it
FUNNEL = ("contacted", "interested", "visit", "agreed", "hosting")
#: stages of an offer still under way
ACTIVE_STAGES = ("contacted", "interested", "visit", "agreed", "hosting")

SOURCES = [
    ("flyer", "Flyer"),
    ("university", "University"),
    ("word_of_mouth", "Word of mouth"),
    ("web_form", "Web form"),
    ("other", "Other"),
]

#: the field of the public form that people never see: a robot filling it is thanked, and nothing is written.
#: A name that means nothing to a browser's autofill (which fills "website", "url", "company"...): a visitor's
#: browser never fills it for them, and their offer is never dropped.
HONEYPOT = "hs_leave_blank"
#: what the public form asks for, and its limits
PUBLIC_FIELDS = {
    "contact_name": 120,
    "email": 120,
    "phone": 40,
    "street": 200,
    "zip": 10,
    "city": 80,
    "message": 2000,
}


def _public_number(values, fname):
    """A number typed on the public form ('450', '450,50'): 0 when empty, ``None`` when not a sensible number."""
    raw = (values.get(fname) or "").replace(",", ".").strip()
    if not raw:
        return 0.0
    try:
        number = float(raw)
    except ValueError:
        return None
    return number if 0 <= number < 100000 else None


def _public_values(values):
    """What a visitor typed, without the spaces around it: a name or a city of spaces only is empty."""
    return {fname: value.strip() if isinstance(value, str) else value for fname, value in values.items()}


def _public_date(raw):
    """A date typed on the public form (YYYY-MM-DD), ``False`` when empty or not a date."""
    try:
        return fields.Date.to_date(raw) or False
    except ValueError:
        return False


class HousingHostOffer(models.Model):
    """A shared flat (students, young workers, a commune) offering a spare room to a refugee: the recruitment of
    the host, then the room turned into a unit of the solidarity-rooms programme."""

    _name = "housing.host.offer"
    _description = "Host offer"
    _housing_gdpr_wipe_fields = ("contact_name", "email", "phone", "message")
    _inherit = ["mail.thread", "mail.activity.mixin", "housing.alert.mixin"]
    _order = "date_contacted desc, id desc"
    _check_company_auto = True
    _housing_alert_types = {"host_callback": "solidarity_housing.mail_activity_housing_host_callback"}

    name = fields.Char(string="Host flat", required=True, tracking=True, help="How the team calls the host flat.")
    active = fields.Boolean(default=True)
    color = fields.Integer()
    company_id = fields.Many2one("res.company", required=True, index=True, default=lambda self: self.env.company)
    currency_id = fields.Many2one(related="company_id.currency_id")
    stage = fields.Selection(
        HOST_STAGES, default="contacted", required=True, tracking=True, index=True, copy=False, group_expand=True
    )
    source = fields.Selection(SOURCES, required=True, default="word_of_mouth", tracking=True)
    user_id = fields.Many2one(
        "res.users",
        string="Responsible",
        default=lambda self: self.env.user,
        tracking=True,
        check_company=True,
        domain="[('share', '=', False)]",
        help="The volunteer or staff member who follows the host.",
    )
    programme_id = fields.Many2one(
        "housing.programme",
        check_company=True,
        compute="_compute_programme_id",
        store=True,
        readonly=False,
        precompute=True,
        domain="[('scheme_type', '=', 'shared_flat')]",
        help="The solidarity-rooms programme the room will belong to.",
    )
    # The host flat
    partner_id = fields.Many2one(
        "res.partner",
        string="Contact person",
        tracking=True,
        check_company=True,
        help="The flatmate the association deals with; the landlord of the unit once the room is agreed.",
    )
    contact_name = fields.Char(
        compute="_compute_contact", store=True, readonly=False, precompute=True, string="Contact name"
    )
    email = fields.Char(compute="_compute_contact", store=True, readonly=False, precompute=True)
    phone = fields.Char(compute="_compute_contact", store=True, readonly=False, precompute=True)
    flatmate_ids = fields.Many2many(
        "res.partner",
        "housing_host_offer_flatmate_rel",
        "offer_id",
        "partner_id",
        string="Flatmates",
        check_company=True,
    )
    flatmate_count = fields.Integer(
        string="Flatmates count",
        compute="_compute_flatmate_count",
        store=True,
        readonly=False,
        help="Persons living in the flat, the contact person included.",
    )
    street = fields.Char()
    street2 = fields.Char()
    zip = fields.Char()
    city = fields.Char()
    country_id = fields.Many2one("res.country", default=lambda self: self.env.ref("base.fr", raise_if_not_found=False))
    # The room and its money, each month
    room_surface = fields.Float(string="Surface of the room (m²)", digits=(8, 2))
    furnished = fields.Boolean()
    date_available = fields.Date(string="Available from")
    room_rent = fields.Monetary(string="Rent of the room", tracking=True, help="The room's part of the flat's rent.")
    room_charges = fields.Monetary(string="Charges of the room", help="The room's part of the charges, if apart.")
    host_contribution = fields.Monetary(
        string="Kept by the host flat",
        tracking=True,
        help="What the flatmates keep paying of the room's rent (they pay a little more each).",
    )
    association_contribution = fields.Monetary(
        string="Paid by the association",
        compute="_compute_contributions",
        store=True,
        help="What the association pays the host flat each month: the rent of the room less what the flat keeps, "
        "plus the charges. It is the rent of the head lease, billed by the host flat.",
    )
    occupant_contribution = fields.Monetary(
        string="Paid by the occupant",
        tracking=True,
        help="What the occupant pays the association each month; the association bears the rest.",
    )
    association_net_cost = fields.Monetary(
        string="Net cost for the association",
        compute="_compute_contributions",
        store=True,
        help="What the association pays the host flat less what the occupant pays it.",
    )
    message = fields.Text(string="Message of the host", help="What the host wrote when offering the room.")
    note = fields.Html(string="Notes")
    decline_reason = fields.Char(string="Declined because", tracking=True)
    document_ids = fields.Many2many(
        "ir.attachment",
        "housing_host_offer_attachment_rel",
        "offer_id",
        "attachment_id",
        string="Documents",
        help="The flat's lease, the flatmates' agreement, the inventory, photos...",
    )
    # What the offer became
    unit_id = fields.Many2one("housing.unit", readonly=True, copy=False, check_company=True, index="btree_not_null")
    lease_id = fields.Many2one("housing.lease", string="Head lease", readonly=True, copy=False, check_company=True)
    # The recruitment: the day each stage was reached (reaching a stage reaches those before it)
    date_contacted = fields.Date(string="Contacted on", required=True, default=fields.Date.context_today, index=True)
    date_interested = fields.Date(string="Interested on", readonly=True, copy=False)
    date_visit = fields.Date(string="Visited on", readonly=True, copy=False)
    date_agreed = fields.Date(string="Room agreed on", readonly=True, copy=False)
    date_hosting = fields.Date(string="Hosting since", readonly=True, copy=False)
    date_ended = fields.Date(string="Ended on", readonly=True, copy=False)
    date_declined = fields.Date(string="Declined on", readonly=True, copy=False)
    reached_interested = fields.Integer(compute="_compute_reached", store=True, string="Reached interested")
    reached_visit = fields.Integer(compute="_compute_reached", store=True, string="Reached visit")
    reached_agreed = fields.Integer(compute="_compute_reached", store=True, string="Reached room agreed")
    reached_hosting = fields.Integer(compute="_compute_reached", store=True, string="Reached hosting")

    # ------------------------------------------------------------------ computes
    @api.depends("company_id")
    def _compute_programme_id(self):
        for offer in self:
            if not offer.programme_id:
                offer.programme_id = self.env["housing.programme"].search(
                    [("company_id", "=", offer.company_id.id), ("scheme_type", "=", "shared_flat")],
                    order="date_start desc, id",
                    limit=1,
                )

    @api.depends("partner_id")
    def _compute_contact(self):
        for offer in self:
            if offer.partner_id:
                offer.contact_name = offer.partner_id.name
                offer.email = offer.partner_id.email or offer.email
                offer.phone = offer.partner_id.phone or offer.phone

    @api.depends("flatmate_ids", "partner_id")
    def _compute_flatmate_count(self):
        for offer in self:
            offer.flatmate_count = len(offer.partner_id | offer.flatmate_ids)

    @api.depends("room_rent", "room_charges", "host_contribution", "occupant_contribution")
    def _compute_contributions(self):
        for offer in self:
            offer.association_contribution = offer.room_rent - offer.host_contribution + offer.room_charges
            offer.association_net_cost = offer.association_contribution - offer.occupant_contribution

    @api.depends("date_interested", "date_visit", "date_agreed", "date_hosting")
    def _compute_reached(self):
        for offer in self:
            offer.reached_interested = int(bool(offer.date_interested))
            offer.reached_visit = int(bool(offer.date_visit))
            offer.reached_agreed = int(bool(offer.date_agreed))
            offer.reached_hosting = int(bool(offer.date_hosting))

    # ------------------------------------------------------------------ checks
    @api.constrains(
        "room_rent", "room_charges", "host_contribution", "occupant_contribution", "room_surface", "flatmate_count"
    )
    def _check_amounts(self):
        for offer in self:
            if offer.flatmate_count < 0:
                raise ValidationError(
                    self.env._(
                        "%(offer)s counts %(count)s flatmates: enter how many persons live in the flat (0 when you "
                        "do not know yet).",
                        offer=offer.name,
                        count=offer.flatmate_count,
                    )
                )
            if min(offer.room_rent, offer.room_charges, offer.host_contribution, offer.occupant_contribution) < 0:
                raise ValidationError(
                    self.env._(
                        "The amounts of %(offer)s (rent, charges, contributions) cannot be negative.", offer=offer.name
                    )
                )
            if offer.room_surface < 0:
                raise ValidationError(
                    self.env._("The surface of the room of %(offer)s cannot be negative.", offer=offer.name)
                )
            if offer.host_contribution > offer.room_rent:
                raise ValidationError(
                    self.env._(
                        "The host flat of %(offer)s would keep paying %(kept)s of a room rented %(rent)s: what the "
                        "flat keeps is part of the rent of the room.",
                        offer=offer.name,
                        kept=offer.host_contribution,
                        rent=offer.room_rent,
                    )
                )
            if offer.occupant_contribution > offer.association_contribution:
                raise ValidationError(
                    self.env._(
                        "The occupant of %(offer)s would pay %(occupant)s a month, more than the association pays "
                        "the host flat (%(association)s): lower the occupant's part.",
                        offer=offer.name,
                        occupant=offer.occupant_contribution,
                        association=offer.association_contribution,
                    )
                )

    @api.constrains("email")
    def _check_email(self):
        for offer in self.filtered("email"):
            if not email_normalize(offer.email):
                raise ValidationError(
                    self.env._(
                        "“%(email)s” is not an e-mail address: check the e-mail of %(offer)s.",
                        email=offer.email,
                        offer=offer.name,
                    )
                )

    @api.constrains("unit_id", "lease_id", "programme_id")
    def _check_unit_and_lease(self):
        """The unit an offer became is of its programme, its head lease is the lease of that unit."""
        for offer in self:
            if offer.lease_id and offer.lease_id.unit_id != offer.unit_id:
                raise ValidationError(
                    self.env._(
                        "The head lease %(lease)s is the lease of %(lease_unit)s, not of the unit of %(offer)s "
                        "(%(unit)s): choose the lease of its own unit.",
                        lease=offer.lease_id.name,
                        lease_unit=offer.lease_id.unit_id.display_name,
                        offer=offer.name,
                        unit=offer.unit_id.display_name or self.env._("none"),
                    )
                )
            if offer.unit_id and offer.unit_id.programme_id != offer.programme_id:
                raise ValidationError(
                    self.env._(
                        "The unit %(unit)s of %(offer)s belongs to %(unit_programme)s, not to %(programme)s: the "
                        "offer and its unit are of one programme.",
                        unit=offer.unit_id.display_name,
                        offer=offer.name,
                        unit_programme=offer.unit_id.programme_id.name or self.env._("no programme"),
                        programme=offer.programme_id.name or self.env._("no programme"),
                    )
                )

    @api.constrains("stage", "unit_id")
    def _check_hosting_has_unit(self):
        for offer in self.filtered(lambda o: o.stage == "hosting" and not o.unit_id):
            raise ValidationError(
                self.env._(
                    "%(offer)s hosts once its room is a unit of the programme: click Create the unit on the agreed "
                    "offer first.",
                    offer=offer.name,
                )
            )

    # ------------------------------------------------------------------ CRUD
    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            vals.update(self._stage_dates(vals.get("stage", "contacted"), vals, None))
        return super().create(vals_list)

    def write(self, vals):
        if "stage" not in vals:
            return super().write(vals)
        for offer in self:
            super(HousingHostOffer, offer).write(dict(vals, **self._stage_dates(vals["stage"], vals, offer)))
        return True

    def _stage_dates(self, stage, vals, offer):
        """The stage dates to write when the offer reaches ``stage``; reaching a stage of the funnel reaches
        those before it (an offer agreed at the first visit was interested that day)."""
        today = fields.Date.context_today(self)
        dates = {}
        if stage in FUNNEL:
            for step in FUNNEL[1 : FUNNEL.index(stage) + 1]:
                fname = f"date_{step}"
                if fname not in vals and not (offer and offer[fname]):
                    dates[fname] = today
            dates.update(date_declined=False, date_ended=False)
        elif stage == "declined":
            dates["date_declined"] = vals.get("date_declined") or today
        elif stage == "ended":
            dates["date_ended"] = vals.get("date_ended") or today
        return dates

    # ------------------------------------------------------------------ actions
    def action_decline(self):
        self._set_stage("declined")

    def action_end(self):
        for offer in self:
            if offer.stage != "hosting":
                raise UserError(
                    self.env._("Only a host flat hosting someone ends its hosting (%(offer)s).", offer=offer.name)
                )
        self._set_stage("ended")

    def action_reopen(self):
        self._set_stage("contacted")

    def _set_stage(self, stage):
        self.write({"stage": stage})

    def action_create_unit(self):
        """The room agreed becomes a unit (room in a shared flat) of the programme, with its room and the head
        lease of what the association pays the host flat each month."""
        self.ensure_one()
        self._check_can_create_unit()
        landlord = self.partner_id or self.env["res.partner"].create(
            {
                "name": self.contact_name,
                "email": self.email,
                "phone": self.phone,
                "street": self.street,
                "street2": self.street2,
                "zip": self.zip,
                "city": self.city,
                "country_id": self.country_id.id,
                "company_id": self.company_id.id,
            }
        )
        unit = self.env["housing.unit"].create(
            {
                "name": self.env._("Room at %(host)s — %(city)s", host=landlord.name, city=self.city),
                "programme_id": self.programme_id.id,
                "company_id": self.company_id.id,
                "landlord_id": landlord.id,
                "unit_type": "shared_flat_room",
                "street": self.street,
                "street2": self.street2,
                "zip": self.zip,
                "city": self.city,
                "country_id": self.country_id.id,
                "surface": self.room_surface,
                "furnished": self.furnished,
                "user_id": self.user_id.id,
                "room_ids": [Command.create({"name": self.env._("Room"), "capacity": 1, "surface": self.room_surface})],
            }
        )
        lease = self.env["housing.lease"].create(
            {
                "unit_id": unit.id,
                "landlord_id": landlord.id,
                "lease_type": "sublet",
                "date_start": self.date_available or fields.Date.context_today(self),
                "rent": self.room_rent - self.host_contribution,
                "charges": self.room_charges,
                "user_id": self.user_id.id,
            }
        )
        lease.action_start()
        self.write({"partner_id": landlord.id, "unit_id": unit.id, "lease_id": lease.id})
        self.message_post(
            body=self.env._(
                "The room is now the unit %(unit)s, with the head lease %(lease)s (%(amount)s a month paid to the host "
                "flat).",
                unit=unit.display_name,
                lease=lease.name,
                amount=self.association_contribution,
            )
        )
        return {"type": "ir.actions.act_window", "res_model": "housing.unit", "res_id": unit.id, "view_mode": "form"}

    def _check_can_create_unit(self):
        self.ensure_one()
        if self.unit_id:
            raise UserError(
                self.env._("%(offer)s is already the unit %(unit)s.", offer=self.name, unit=self.unit_id.display_name)
            )
        if self.stage != "agreed":
            raise UserError(
                self.env._(
                    "Only an offer whose room is agreed becomes a unit: move %(offer)s to Room agreed first.",
                    offer=self.name,
                )
            )
        if not (self.street and self.city):
            raise UserError(
                self.env._(
                    "%(offer)s has no address: enter the street and the city of the host flat before creating the "
                    "unit.",
                    offer=self.name,
                )
            )
        if self.room_rent <= 0:
            raise UserError(
                self.env._(
                    "%(offer)s has no rent: enter the rent of the room (and what the host flat keeps paying) before "
                    "creating the unit, so that the head lease says what the association pays.",
                    offer=self.name,
                )
            )
        if not self.programme_id:
            raise UserError(
                self.env._(
                    "Choose the solidarity-rooms programme of %(offer)s before creating the unit.", offer=self.name
                )
            )
        if not (self.contact_name or self.partner_id):
            raise UserError(
                self.env._("Enter the contact person of %(offer)s: they will be the unit's landlord.", offer=self.name)
            )

    def action_view_unit(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "housing.unit",
            "res_id": self.unit_id.id,
            "view_mode": "form",
        }

    # ------------------------------------------------------------------ the public form
    @api.model
    def _public_form_errors(self, values):
        """What is wrong in what a visitor entered on the public form: ``{field: message}`` (empty when fine)."""
        values = _public_values(values)
        errors = {}
        required = {
            "contact_name": self.env._("your name"),
            "email": self.env._("your e-mail address"),
            "city": self.env._("the city of the flat"),
        }
        for fname, label in required.items():
            if not values.get(fname):
                errors[fname] = self.env._("Enter %(what)s.", what=label)
        for fname, size in PUBLIC_FIELDS.items():
            if len(values.get(fname) or "") > size:
                errors[fname] = self.env._("At most %(size)s characters.", size=size)
        if values.get("email") and "email" not in errors and not email_normalize(values["email"]):
            errors["email"] = self.env._("This is not an e-mail address: check it (e.g. name@example.fr).")
        if values.get("zip") and not re.fullmatch(r"\d{5}", values["zip"]):
            errors["zip"] = self.env._("A French postcode has 5 digits.")
        for fname in ("room_rent", "room_surface"):
            if _public_number(values, fname) is None:
                errors[fname] = self.env._("Enter a number, e.g. 450.")
        if values.get("date_available") and not _public_date(values["date_available"]):
            errors["date_available"] = self.env._("Enter a date, e.g. 2026-09-01.")
        if not values.get("consent"):
            errors["consent"] = self.env._("Tick the box so that the association may contact you.")
        return errors

    @api.model
    def _public_form_submit(self, company, values, address):
        """An offer sent on ``company``'s public form from the internet ``address``: ``(offer, errors)``.

        Nothing is written when something is wrong (``errors``: ``{field: message}``, ``"form"`` for the whole
        form), when the address sent too many offers within the hour, or when a robot filled the hidden field
        (no offer, no error: it is thanked like anyone). Only the offers recorded count against the address:
        wrong input may be sent again and again, as it writes nothing.
        """
        if values.get(HONEYPOT):
            return None, {}
        values = _public_values(values)
        errors = self._public_form_errors(values)
        if errors:
            return None, errors  # nothing written: bad input is not counted against the address
        if not self.env["housing.host.offer.submission"]._admit(company, address):
            return None, {
                "form": self.env._(
                    "Several offers were sent from your connection within the hour: try again later, or call the "
                    "association."
                )
            }
        offer = self.with_company(company)._create_from_public_form(values)
        return offer, {}

    @api.model
    def _create_from_public_form(self, values):
        """The offer of a visitor of the public form, at stage contacted (``values`` checked already)."""

        values = _public_values(values)
        city, name = values["city"], values["contact_name"]
        offer = self.create(
            {
                "name": self.env._("%(name)s — %(city)s", name=name, city=city),
                "source": "web_form",
                "stage": "contacted",
                "contact_name": name,
                "email": email_normalize(values["email"]),
                "phone": (values.get("phone") or "").strip() or False,
                "street": (values.get("street") or "").strip() or False,
                "zip": (values.get("zip") or "").strip() or False,
                "city": city,
                "room_rent": _public_number(values, "room_rent"),
                "room_surface": _public_number(values, "room_surface"),
                "furnished": bool(values.get("furnished")),
                "date_available": _public_date(values.get("date_available")),
                "message": (values.get("message") or "").strip() or False,
                "user_id": self.env.company.housing_host_form_user_id.id or False,
            }
        )
        follower = offer.user_id or offer.programme_id.user_id
        if follower:
            offer._housing_alert_raise(
                "host_callback",
                summary=self.env._("Call back the host flat that offered a room on the web"),
                date_deadline=fields.Date.context_today(self) + timedelta(days=2),
                user_id=follower.id,
            )
        return offer
