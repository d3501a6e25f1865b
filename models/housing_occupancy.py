from collections import defaultdict
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..tools import housing_math as hm

OCCUPANCY_TYPES = [
    ("sublet", "Occupancy agreement (sublet)"),
    ("sliding_lease", "Sliding sub-lease"),
    ("management_mandate", "Lease under management mandate"),
    ("shelter", "Shelter (no head lease)"),
]
#: agreement types that need a running head lease covering their dates
SUBLET_TYPES = ("sublet", "sliding_lease")

OCCUPANCY_STATES = [
    ("draft", "Draft"),
    ("active", "Active"),
    ("notice", "Notice given"),
    # "Terminated", not "Ended": an agreement (une convention) is "Terminée", a lease (un bail) "Terminé"
    ("ended", "Terminated"),
]
#: states in which the household lives in (or is about to live in) the room
LIVE_STATES = ("active", "notice")
#: signed agreements: they hold beds over their dates, past ones included
SIGNED_STATES = ("active", "notice", "ended")

EXIT_DESTINATIONS = [
    ("permanent_housing", "Permanent housing"),
    ("sliding_lease", "Sliding lease taken over"),
    ("shelter", "Shelter or emergency accommodation"),
    ("other_programme", "Another programme of the association"),
    ("care_facility", "Care home or hospital"),
    ("family", "Family or friends"),
    ("deceased", "Deceased"),
    ("other", "Other"),
    ("unknown", "Unknown"),
]

PRORATA_METHODS = [
    (hm.PRORATA_ACTUAL, "Actual days of the month"),
    (hm.PRORATA_30, "30-day month"),
    (hm.PRORATA_365, "365-day year"),
]


class HousingOccupancy(models.Model):
    _name = "housing.occupancy"
    _description = "Occupancy agreement"
    _inherit = ["mail.thread", "mail.activity.mixin", "housing.rent.revisable.mixin"]
    _order = "date_start desc, id desc"
    _check_company_auto = True
    _revision_link = "occupancy_id"

    name = fields.Char(
        string="Reference", required=True, copy=False, readonly=True, default=lambda self: self.env._("New")
    )
    occupancy_type = fields.Selection(
        OCCUPANCY_TYPES,
        string="Type",
        required=True,
        tracking=True,
        compute="_compute_occupancy_type",
        store=True,
        readonly=False,
        precompute=True,
    )
    state = fields.Selection(
        OCCUPANCY_STATES, string="Status", default="draft", required=True, tracking=True, copy=False, index=True
    )
    user_id = fields.Many2one(
        "res.users", string="Responsible", default=lambda self: self.env.user, domain="[('share', '=', False)]"
    )
    # Where
    unit_id = fields.Many2one(
        "housing.unit",
        required=True,
        index=True,
        tracking=True,
        compute="_compute_unit_id",
        store=True,
        readonly=False,
        precompute=True,
        ondelete="restrict",
    )
    room_id = fields.Many2one(
        "housing.room",
        index=True,
        tracking=True,
        check_company=True,
        domain="[('unit_id', '=', unit_id)]",
        ondelete="restrict",
        help="Leave empty when the household occupies the whole unit.",
    )
    company_id = fields.Many2one(related="unit_id.company_id", store=True, index=True, precompute=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    programme_id = fields.Many2one(related="unit_id.programme_id", store=True, index=True, precompute=True)
    lease_id = fields.Many2one(
        "housing.lease",
        string="Head lease",
        index=True,
        tracking=True,
        check_company=True,
        domain="[('unit_id', '=', unit_id), ('state', 'in', ('running', 'notice'))]",
        compute="_compute_lease_id",
        store=True,
        readonly=False,
        precompute=True,
        ondelete="restrict",
    )
    # Who
    partner_id = fields.Many2one(
        "res.partner",
        string="Signatory",
        required=True,
        index=True,
        tracking=True,
        check_company=True,
        domain="[('is_company', '=', False)]",
    )
    member_ids = fields.Many2many(
        "res.partner",
        "housing_occupancy_member_rel",
        "occupancy_id",
        "partner_id",
        string="Other household members",
        compute="_compute_member_ids",
        store=True,
        readonly=False,
        check_company=True,
    )
    person_count = fields.Integer(string="Persons", compute="_compute_person_count", store=True)
    adult_count = fields.Integer(string="Adults", compute="_compute_person_count", store=True)
    child_count = fields.Integer(string="Children", compute="_compute_person_count", store=True)
    # When
    date_start = fields.Date(string="Entry date", required=True, tracking=True)
    date_end = fields.Date(string="End of term", tracking=True, help="Term of the agreement, if it has one.")
    notice_date = fields.Date(string="Notice given on", tracking=True, copy=False)
    exit_date = fields.Date(string="Exit date", tracking=True, copy=False)
    exit_destination = fields.Selection(EXIT_DESTINATIONS, tracking=True, copy=False)
    date_stop = fields.Date(
        compute="_compute_date_stop",
        store=True,
        string="Last day",
        help="Exit date, else end of term, else end of the head lease, else a year after entry (calendar).",
    )
    # Money: the monthly amount and who pays it
    rent = fields.Monetary(tracking=True, help="Monthly rent excluding charges of the agreement.")
    charges = fields.Monetary(tracking=True, help="Monthly provision for charges.")
    amount_total = fields.Monetary(string="Monthly total", compute="_compute_amount_total", store=True)
    prorata_method = fields.Selection(
        PRORATA_METHODS,
        string="Partial months",
        required=True,
        default=hm.PRORATA_ACTUAL,
        tracking=True,
        help="How a month started or left during the month is charged; stated on the agreement.",
    )
    prorata_statement = fields.Char(compute="_compute_prorata_statement", string="Partial months rule")
    share_ids = fields.One2many("housing.occupancy.share", "occupancy_id", string="Payers", copy=True)
    allowance_month_after_entry = fields.Boolean(
        string="Allowance from the month after entry",
        default=True,
        help="The housing allowance does not cover the entry month (CAF rule); new allowance shares start "
        "on the first day of the next month.",
    )
    # Deposit received from the occupant
    deposit = fields.Monetary(tracking=True)
    deposit_cap = fields.Monetary(
        string="Deposit cap",
        compute="_compute_deposit_cap",
        help="One month of rent excluding charges, two when the unit is furnished.",
    )
    deposit_received_date = fields.Date(string="Deposit received on")
    exit_inventory_matches = fields.Boolean(
        string="Exit inventory matches entry",
        help="The deposit is due back within one month when it does, two months otherwise.",
    )
    deposit_return_deadline = fields.Date(compute="_compute_deposit_return", string="Deposit due back by")
    deposit_returned_amount = fields.Monetary(string="Deposit returned", copy=False)
    deposit_returned_date = fields.Date(string="Deposit returned on", copy=False)
    deposit_late_penalty = fields.Monetary(
        compute="_compute_deposit_return",
        string="Late-return penalty",
        help="10 % of the monthly rent for each month started after the deadline.",
    )
    revision_ids = fields.One2many("housing.rent.revision", "occupancy_id", string="Rent revisions")
    note = fields.Html(string="Notes")

    # ------------------------------------------------------------------ computes
    @api.depends("lease_id.lease_type", "unit_id.programme_id.scheme_type")
    def _compute_occupancy_type(self):
        for occupancy in self:
            if occupancy.lease_id:
                occupancy.occupancy_type = occupancy.lease_id.lease_type
            elif not occupancy.occupancy_type:
                scheme = occupancy.unit_id.programme_id.scheme_type
                occupancy.occupancy_type = "shelter" if scheme in ("camp_resorption", "hotel_shelter") else "sublet"

    @api.depends("room_id")
    def _compute_unit_id(self):
        for occupancy in self:
            if occupancy.room_id:
                occupancy.unit_id = occupancy.room_id.unit_id

    @api.depends("unit_id", "date_start")
    def _compute_lease_id(self):
        for occupancy in self:
            if occupancy.lease_id.unit_id == occupancy.unit_id or not occupancy.unit_id:
                continue
            running = occupancy.unit_id.lease_ids.filtered(lambda lease: lease.state in ("running", "notice"))
            day = occupancy.date_start or fields.Date.context_today(self)
            occupancy.lease_id = occupancy.unit_id._lease_at(day) or running[:1]

    @api.depends("partner_id")
    def _compute_member_ids(self):
        for occupancy in self:
            if not occupancy.member_ids and occupancy.partner_id.housing_member_ids:
                occupancy.member_ids = occupancy.partner_id.housing_member_ids

    @api.depends("partner_id", "member_ids", "member_ids.housing_birthdate", "date_start")
    def _compute_person_count(self):
        for occupancy in self:
            persons = occupancy.partner_id | occupancy.member_ids
            on_day = occupancy.date_start or fields.Date.context_today(self)
            children = persons.filtered(lambda person, day=on_day: person._housing_is_child(day))
            occupancy.person_count = len(persons)
            occupancy.child_count = len(children)
            occupancy.adult_count = len(persons) - len(children)

    @api.depends("exit_date", "date_end", "lease_id.date_end", "date_start")
    def _compute_date_stop(self):
        for occupancy in self:
            occupancy.date_stop = (
                occupancy.exit_date
                or occupancy.date_end
                or occupancy.lease_id.date_end
                or (occupancy.date_start and hm.add_months(occupancy.date_start, 12))
            )

    @api.depends("rent", "charges")
    def _compute_amount_total(self):
        for occupancy in self:
            occupancy.amount_total = occupancy.rent + occupancy.charges

    @api.depends("prorata_method")
    def _compute_prorata_statement(self):
        statements = {
            hm.PRORATA_ACTUAL: self.env._("monthly amount × days occupied / days in that month"),
            hm.PRORATA_30: self.env._("monthly amount × days occupied / 30"),
            hm.PRORATA_365: self.env._("monthly amount × 12 × days occupied / 365"),
        }
        for occupancy in self:
            occupancy.prorata_statement = self.env._(
                "A month started or left during the month is charged: %(rule)s.",
                rule=statements[occupancy.prorata_method],
            )

    @api.depends("rent", "unit_id.furnished")
    def _compute_deposit_cap(self):
        for occupancy in self:
            occupancy.deposit_cap = float(hm.deposit_cap(occupancy.rent, occupancy.unit_id.furnished))

    @api.depends("exit_date", "exit_inventory_matches", "deposit_returned_date", "deposit", "rent")
    def _compute_deposit_return(self):
        today = fields.Date.context_today(self)
        for occupancy in self:
            if not occupancy.exit_date or not occupancy.deposit:
                occupancy.deposit_return_deadline = False
                occupancy.deposit_late_penalty = 0.0
                continue
            deadline = hm.deposit_return_deadline(occupancy.exit_date, occupancy.exit_inventory_matches)
            occupancy.deposit_return_deadline = deadline
            occupancy.deposit_late_penalty = float(
                hm.deposit_late_penalty(occupancy.rent, deadline, occupancy.deposit_returned_date or today)
            )

    @api.depends("name", "partner_id")
    def _compute_display_name(self):
        for occupancy in self:
            occupancy.display_name = (
                f"{occupancy.name} — {occupancy.partner_id.name}" if occupancy.partner_id else occupancy.name
            )

    # ------------------------------------------------------------------ checks
    @api.constrains("date_start", "date_end", "exit_date")
    def _check_dates(self):
        for occupancy in self:
            if occupancy.date_end and occupancy.date_end < occupancy.date_start:
                raise ValidationError(
                    self.env._(
                        "The end of term of %(agreement)s (%(end)s) is before its entry date (%(start)s): check "
                        "the dates.",
                        agreement=occupancy.display_name,
                        end=occupancy.date_end,
                        start=occupancy.date_start,
                    )
                )
            if occupancy.exit_date and occupancy.exit_date < occupancy.date_start:
                raise ValidationError(
                    self.env._(
                        "The exit date of %(agreement)s (%(exit)s) is before its entry date (%(start)s): check "
                        "the dates.",
                        agreement=occupancy.display_name,
                        exit=occupancy.exit_date,
                        start=occupancy.date_start,
                    )
                )

    @api.constrains("rent", "charges", "deposit")
    def _check_amounts(self):
        for occupancy in self:
            if min(occupancy.rent, occupancy.charges, occupancy.deposit) < 0:
                raise ValidationError(
                    self.env._(
                        "Rent, charges and deposit of %(agreement)s cannot be negative.",
                        agreement=occupancy.display_name,
                    )
                )
            if occupancy.deposit > occupancy.deposit_cap:
                raise ValidationError(
                    self.env._(
                        "The deposit of %(agreement)s (%(deposit)s) exceeds its legal cap of %(cap)s: one month of "
                        "rent excluding charges, two for a furnished unit. Lower the deposit.",
                        agreement=occupancy.display_name,
                        deposit=occupancy.deposit,
                        cap=occupancy.deposit_cap,
                    )
                )

    @api.constrains("deposit_returned_amount")
    def _check_deposit_returned(self):
        for occupancy in self:
            if occupancy.currency_id.compare_amounts(occupancy.deposit_returned_amount, 0) < 0:
                raise ValidationError(
                    self.env._(
                        "The deposit returned to the occupant of %(agreement)s cannot be negative (%(amount)s): enter "
                        "what was paid back, 0 if nothing was.",
                        agreement=occupancy.display_name,
                        amount=occupancy.deposit_returned_amount,
                    )
                )

    @api.constrains("room_id", "unit_id", "lease_id")
    def _check_room_and_lease(self):
        """The room and the head lease of an agreement are those of its unit."""
        for occupancy in self:
            if occupancy.room_id and occupancy.room_id.unit_id != occupancy.unit_id:
                raise ValidationError(
                    self.env._(
                        "The room %(room)s belongs to %(room_unit)s, not to %(unit)s, the unit of %(agreement)s: "
                        "choose one of its rooms, or no room when the household takes the whole unit.",
                        room=occupancy.room_id.display_name,
                        room_unit=occupancy.room_id.unit_id.display_name,
                        unit=occupancy.unit_id.display_name,
                        agreement=occupancy.display_name,
                    )
                )
            if occupancy.lease_id and occupancy.lease_id.unit_id != occupancy.unit_id:
                raise ValidationError(
                    self.env._(
                        "The head lease %(lease)s is the lease of %(lease_unit)s, not of %(unit)s: %(agreement)s "
                        "sub-lets under the head lease of its own unit.",
                        lease=occupancy.lease_id.name,
                        lease_unit=occupancy.lease_id.unit_id.display_name,
                        unit=occupancy.unit_id.display_name,
                        agreement=occupancy.display_name,
                    )
                )

    @api.constrains("partner_id", "member_ids")
    def _check_household(self):
        """The signatory and the household members are persons of one household."""
        for occupancy in self:
            signatory = occupancy.partner_id
            if signatory.is_company:
                raise ValidationError(
                    self.env._(
                        "%(name)s is an organisation: the signatory of an occupancy agreement is a person, the head "
                        "of the household housed.",
                        name=signatory.name,
                    )
                )
            for member in occupancy.member_ids:
                if member.is_company:
                    raise ValidationError(
                        self.env._(
                            "%(name)s is an organisation: only persons are members of the household of %(agreement)s.",
                            name=member.name,
                            agreement=occupancy.display_name,
                        )
                    )
                if member == signatory:
                    raise ValidationError(
                        self.env._(
                            "%(name)s signs %(agreement)s: remove them from the other household members.",
                            name=member.name,
                            agreement=occupancy.display_name,
                        )
                    )
                member._housing_check_household_of(signatory, occupancy)

    @api.constrains("state", "occupancy_type", "lease_id", "date_start", "date_end", "exit_date")
    def _check_head_lease(self):
        for occupancy in self.filtered(lambda occ: occ.state in LIVE_STATES and occ.occupancy_type in SUBLET_TYPES):
            lease = occupancy.lease_id
            if not lease or lease.state not in ("running", "notice"):
                raise ValidationError(
                    self.env._(
                        "%(agreement)s sub-lets %(unit)s but has no running head lease: start the head lease "
                        "with the landlord first.",
                        agreement=occupancy.display_name,
                        unit=occupancy.unit_id.display_name,
                    )
                )
            last_day = occupancy.exit_date or occupancy.date_end
            if occupancy.date_start < lease.date_start or (
                lease.date_end and (not last_day or last_day > lease.date_end)
            ):
                raise ValidationError(
                    self.env._(
                        "%(agreement)s (%(start)s to %(end)s) cannot outlast its head lease %(lease)s "
                        "(%(lease_start)s to %(lease_end)s): set its dates within the lease's.",
                        agreement=occupancy.display_name,
                        start=occupancy.date_start,
                        end=last_day or "…",
                        lease=lease.name,
                        lease_start=lease.date_start,
                        lease_end=lease.date_end or "…",
                    )
                )

    @api.constrains("state", "room_id", "unit_id", "partner_id", "member_ids", "date_start", "date_end", "exit_date")
    def _check_beds(self):
        """Overlapping signed agreements never put more persons in a room than it has beds.

        An agreement holds its beds from its entry until its exit is recorded, as billing has it: a term reached
        without an exit goes on (tacit renewal), so the household still occupies the room."""
        live = self.filtered(lambda occ: occ.state in SIGNED_STATES)
        if not live:
            return

        def exit_not_recorded(occupancy, others):
            """What to add when some of ``others`` reached their term before ``occupancy`` starts without their
            exit being recorded: they still hold their beds until it is."""
            lapsed = others.filtered(
                lambda other: not other.exit_date and other.date_end and other.date_end < occupancy.date_start
            )
            if not lapsed:
                return ""
            return " " + self.env._(
                "%(agreements)s reached its term on %(term)s but its exit was never recorded: an agreement holds "
                "its beds until its exit is recorded (it goes on by tacit renewal and is still billed). If the "
                "household has left, record its exit first (Record the exit).",
                agreements=", ".join(lapsed.mapped("name")),
                term=min(lapsed.mapped("date_end")),
            )

        ids_by_unit = defaultdict(list)
        for other in self.search([("unit_id", "in", live.unit_id.ids), ("state", "in", SIGNED_STATES)]):
            ids_by_unit[other.unit_id.id].append(other.id)
        by_unit = {unit_id: self.browse(ids) for unit_id, ids in ids_by_unit.items()}
        for occupancy in live:
            if occupancy.state != "ended" and (occupancy.room_id.out_of_service or occupancy.unit_id.out_of_service):
                raise ValidationError(
                    self.env._(
                        "%(place)s is marked unavailable: it cannot house %(agreement)s.",
                        place=(occupancy.room_id or occupancy.unit_id).display_name,
                        agreement=occupancy.display_name,
                    )
                )
            overlapping = by_unit.get(occupancy.unit_id.id, self.browse()).filtered(
                lambda other, occ=occupancy: other._overlaps(occ)
            )
            if occupancy.room_id:
                whole_unit = overlapping.filtered(lambda other: not other.room_id)
                if whole_unit:
                    raise ValidationError(
                        self.env._(
                            "%(unit)s is let as a whole to %(other)s over these dates: %(agreement)s cannot "
                            "take one of its rooms.",
                            unit=occupancy.unit_id.display_name,
                            other=whole_unit[0].display_name,
                            agreement=occupancy.display_name,
                        )
                        + exit_not_recorded(occupancy, whole_unit)
                    )
                place, beds = occupancy.room_id, occupancy.room_id.capacity
                sharing = overlapping.filtered(lambda other, room=place: other.room_id == room)
            else:
                place, beds = occupancy.unit_id, occupancy.unit_id.capacity
                sharing = overlapping
                if sharing - occupancy:
                    raise ValidationError(
                        self.env._(
                            "%(agreement)s takes the whole unit %(unit)s, but %(others)s live there over these dates.",
                            agreement=occupancy.display_name,
                            unit=place.display_name,
                            others=", ".join((sharing - occupancy).mapped("display_name")),
                        )
                        + exit_not_recorded(occupancy, sharing - occupancy)
                    )
            persons = sum(sharing.mapped("person_count"))
            if persons > beds:
                raise ValidationError(
                    self.env._(
                        "%(place)s has %(beds)s bed(s) but overlapping agreements would house %(persons)s "
                        "persons there (%(agreements)s): choose another room or change the dates.",
                        place=place.display_name,
                        beds=beds,
                        persons=persons,
                        agreements=", ".join(sharing.mapped("name")),
                    )
                    + exit_not_recorded(occupancy, sharing - occupancy)
                )

    @api.constrains("rent", "charges", "state", "lease_id", "date_start", "date_end", "exit_date")
    def _check_rent_ceiling(self):
        """Sub-rents may exceed the head rent per room, never the ceiling of the landlord's convention."""
        leases = self.lease_id.filtered("rent_ceiling")
        if not leases:
            return
        agreements = self.search([("lease_id", "in", leases.ids), ("state", "in", (*LIVE_STATES, "draft"))])
        ids_by_lease = defaultdict(list)
        for agreement in agreements:
            ids_by_lease[agreement.lease_id].append(agreement.id)
        for lease, ids in ids_by_lease.items():
            lease_agreements = self.browse(ids)
            # the set of agreements in force changes only on an entry date
            for day in set(lease_agreements.mapped("date_start")):
                in_force = lease_agreements.filtered(lambda occ, day=day: occ._covers(day))
                total = sum(in_force.mapped("amount_total"))
                if lease.currency_id.compare_amounts(total, lease.rent_ceiling) > 0:
                    raise ValidationError(
                        self.env._(
                            "On %(day)s the agreements of %(lease)s would charge %(total)s a month, above the "
                            "ceiling of the landlord's convention (%(ceiling)s): lower their rent or charges.",
                            day=day,
                            lease=lease.display_name,
                            total=total,
                            ceiling=lease.rent_ceiling,
                        )
                    )

    @api.constrains("share_ids", "rent", "charges", "state")
    def _check_shares(self):
        for occupancy in self.filtered(lambda occ: occ.state != "draft" or occ.share_ids):
            occupancy.share_ids._check_split()

    # ------------------------------------------------------------------ CRUD
    @api.model
    def get_import_templates(self):
        return self.env["housing.import.template"]._templates_of(self._name)

    @api.model_create_multi
    def create(self, vals_list):
        new_label = self.env._("New")
        for vals in vals_list:
            if vals.get("name", new_label) == new_label:
                vals["name"] = self.env["ir.sequence"].next_by_code("housing.occupancy") or new_label
        return super().create(vals_list)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_signed(self):
        signed = self.filtered(lambda occ: occ.state != "draft")
        if signed:
            raise UserError(
                self.env._(
                    "%(agreements)s has been signed: end it instead of deleting it, its history is needed for "
                    "billing and reports.",
                    agreements=", ".join(signed.mapped("name")),
                )
            )

    # ------------------------------------------------------------------ actions
    def action_activate(self):
        for occupancy in self:
            if occupancy.state != "draft":
                raise UserError(self.env._("Only a draft agreement can be activated (%(name)s).", name=occupancy.name))
            if not occupancy.share_ids:
                raise UserError(
                    self.env._(
                        "Say who pays the monthly amount of %(name)s (tab Payers) before activating it: at least "
                        "the remainder payer.",
                        name=occupancy.name,
                    )
                )
        self.write({"state": "active"})
        self.unit_id.room_ids.invalidate_recordset(["occupied_beds"])

    def action_give_notice(self):
        today = fields.Date.context_today(self)
        for occupancy in self:
            if occupancy.state != "active":
                raise UserError(
                    self.env._("Notice can only be given on an active agreement (%(name)s).", name=occupancy.name)
                )
            occupancy.write({"state": "notice", "notice_date": occupancy.notice_date or today})

    def action_record_exit(self):
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Record the exit"),
            "res_model": "housing.occupancy.exit.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_occupancy_ids": self.ids},
        }

    def action_reset_draft(self):
        for occupancy in self:
            if occupancy.state != "active":
                raise UserError(
                    self.env._("Only an active agreement can go back to draft (%(name)s).", name=occupancy.name)
                )
        self.write({"state": "draft"})

    # ------------------------------------------------------------------ business
    def _overlaps(self, other):
        """Both agreements share at least one day (those without a recorded exit run on)."""
        self.ensure_one()
        start = max(self.date_start, other.date_start)
        ends = [day for day in (self._last_day(), other._last_day()) if day]
        return not ends or start <= min(ends)

    def _left_in_another_unit(self, link):
        """``(record, the unit its agreements are in, its agreements)`` for the first record of ``link`` (``room_id``
        or ``lease_id``) now in another unit than one of these agreements, or ``None``: a room or a head lease stays
        in the unit its agreements were signed in."""
        for agreement in self:
            record = agreement[link]
            if agreement.unit_id != record.unit_id:
                return record, agreement.unit_id, self.filtered(lambda other, record=record: other[link] == record)
        return None

    def _last_day(self):
        """Last day lived in: the exit date; ``False`` while no exit is recorded.

        The end of term does not end an agreement: reached without an exit, the agreement goes on (tacit
        renewal), is billed (``_prepare_rent_lines``) and holds its beds (``_check_beds``, the rooms' free beds,
        the indicators and the occupancy report) until the exit is recorded."""
        return self.exit_date

    def _covers(self, day):
        last = self._last_day()
        return self.date_start <= day and (not last or day <= last)

    def _lives_on(self, day):
        """The household lives in the place on ``day`` (signed, arrived, not yet left)."""
        self.ensure_one()
        return self.state in LIVE_STATES and self.date_start <= day and (not self.exit_date or day <= self.exit_date)

    def _record_exit(self, exit_date, destination, inventory_matches=None):
        """End the agreements on ``exit_date`` with ``destination``: the beds are free from the next day."""
        for occupancy in self:
            if occupancy.state not in LIVE_STATES:
                raise UserError(
                    self.env._("Only an active agreement can record an exit (%(name)s).", name=occupancy.name)
                )
            if exit_date < occupancy.date_start:
                raise UserError(
                    self.env._(
                        "The exit date of %(name)s (%(exit)s) is before its entry date (%(start)s).",
                        name=occupancy.name,
                        exit=exit_date,
                        start=occupancy.date_start,
                    )
                )
        values = {"exit_date": exit_date, "exit_destination": destination}
        if inventory_matches is not None:
            values["exit_inventory_matches"] = inventory_matches
        today = fields.Date.context_today(self)
        self.write(dict(values, state="ended" if exit_date < today else "notice"))

    @api.model
    def _cron_update_states(self):
        """Daily: agreements whose exit date has passed end, and beds follow the calendar."""
        today = fields.Date.context_today(self)
        leaving = self.search([("state", "=", "notice"), ("exit_date", "<", today)])
        leaving.write({"state": "ended"})
        moving = self.search(
            [
                ("state", "in", LIVE_STATES),
                "|",
                ("date_start", "in", (today, today - timedelta(days=1))),
                ("exit_date", "in", (today, today - timedelta(days=1))),
            ]
        )
        # dates moved on without a write: recompute the beds (rooms, units, programmes) they touch
        (leaving | moving).modified(["date_start", "exit_date"])
        self.env.flush_all()

    def _rent_timeline(self):
        """``[(from_day, monthly_rent), ...]``: the rent at entry, then each revision."""
        self.ensure_one()
        revisions = self.revision_ids.sorted("date")
        start_rent = revisions[:1].old_rent if revisions else self.rent
        return [(self.date_start, start_rent)] + [(revision.date, revision.new_rent) for revision in revisions]

    def _split_at(self, day):
        """Monthly amount of each share in force on ``day``: {share: Decimal}."""
        self.ensure_one()
        return self.share_ids._amounts_at(day, self.amount_total)
