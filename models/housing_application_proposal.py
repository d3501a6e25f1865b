from datetime import timedelta

from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError

from .housing_application import FLOW, FLOW_CONTEXT

PROPOSAL_STATES = [
    ("open", "Awaiting an answer"),
    ("accepted", "Accepted"),
    ("refused", "Refused"),
    ("expired", "Expired"),
    # not "Cancelled": other records read "Annulé" in French, a proposal "Annulée"
    ("cancelled", "Proposal cancelled"),
]
PARTIES = [("household", "By the household"), ("association", "By the association")]
#: what the pathway alone writes: the answer, and what the proposal is about (propose again to change them)
FLOW_FIELDS = (
    "state",
    "application_id",
    "room_id",
    "date_proposed",
    "date_answered",
    "refused_by",
    "reason_id",
    "refusal_note",
    "occupancy_id",
)
#: the answer, written by the pathway
ANSWER_FIELDS = FLOW_FIELDS[4:]
#: the terms of the proposal, changed while it awaits an answer
TERMS_FIELDS = ("date_start", "date_deadline", "date_visit", "rent", "charges", "user_id")


class HousingApplicationProposal(models.Model):
    _name = "housing.application.proposal"
    _description = "Place proposed to a household"
    _housing_gdpr_wipe_fields = ("refusal_note",)
    _inherit = ["mail.thread"]
    _order = "date_proposed desc, id desc"
    _check_company_auto = True

    name = fields.Char(
        string="Reference", required=True, copy=False, readonly=True, default=lambda self: self.env._("New")
    )
    application_id = fields.Many2one(
        "housing.application", string="Referral", required=True, index=True, ondelete="cascade", check_company=True
    )
    partner_id = fields.Many2one(
        related="application_id.partner_id", string="Household", store=True, index=True, precompute=True
    )
    company_id = fields.Many2one(related="application_id.company_id", store=True, index=True, precompute=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    room_id = fields.Many2one(
        "housing.room", required=True, index=True, tracking=True, check_company=True, ondelete="restrict"
    )
    unit_id = fields.Many2one(related="room_id.unit_id", store=True, index=True, precompute=True, string="Unit")
    programme_id = fields.Many2one(
        related="room_id.programme_id", store=True, index=True, precompute=True, string="Programme"
    )
    beds_needed = fields.Integer(related="application_id.beds_needed")
    user_id = fields.Many2one(
        "res.users",
        string="Proposed by",
        default=lambda self: self.env.user,
        check_company=True,
        domain="[('share', '=', False)]",
        help="Follows the answer: the alert of the deadline goes to them.",
    )
    date_proposed = fields.Date(string="Proposed on", required=True, default=fields.Date.context_today, readonly=True)
    date_start = fields.Date(
        string="Entry date", required=True, tracking=True, help="When the household would move in."
    )
    date_deadline = fields.Date(
        string="Answer by",
        required=True,
        tracking=True,
        default=lambda self: (
            fields.Date.context_today(self) + timedelta(days=self.env.company.housing_proposal_answer_days)
        ),
        help="The household answers by this day; past it the proposal expires and the room is free to propose again.",
    )
    date_visit = fields.Date(string="Visit on", tracking=True)
    rent = fields.Monetary(
        compute="_compute_rent",
        store=True,
        readonly=False,
        precompute=True,
        help="Monthly rent of the agreement, excluding charges: that of the room's last agreement, or of the "
        "head lease of a dwelling of one room.",
    )
    charges = fields.Monetary(compute="_compute_rent", store=True, readonly=False, precompute=True)
    state = fields.Selection(
        PROPOSAL_STATES, string="Status", default="open", required=True, tracking=True, index=True, copy=False
    )
    date_answered = fields.Date(string="Answered on", readonly=True, copy=False)
    refused_by = fields.Selection(PARTIES, readonly=True, copy=False)
    reason_id = fields.Many2one(
        "housing.application.reason", string="Refusal reason", readonly=True, copy=False, ondelete="restrict"
    )
    refusal_note = fields.Text(string="Refusal details", readonly=True, copy=False)
    occupancy_id = fields.Many2one(
        "housing.occupancy", string="Agreement", readonly=True, copy=False, check_company=True, ondelete="set null"
    )
    is_expired = fields.Boolean(compute="_compute_is_expired", string="Deadline passed")

    _open_household_uniq = models.UniqueIndex(
        "(partner_id) WHERE state = 'open'",
        "This household already has an open proposal: wait for its answer, or cancel it, before proposing another "
        "place.",
    )
    _open_room_uniq = models.UniqueIndex(
        "(room_id) WHERE state = 'open'",
        "This room is already proposed to a household: wait for its answer, or cancel that proposal, before "
        "proposing it again.",
    )

    # ------------------------------------------------------------------ computes
    @api.depends("room_id")
    def _compute_rent(self):
        defaults = self.room_id._pathways_default_rent()
        for proposal in self:
            proposal.rent, proposal.charges = defaults.get(proposal.room_id.id, (0.0, 0.0))

    @api.depends("state", "date_deadline")
    def _compute_is_expired(self):
        today = fields.Date.context_today(self)
        for proposal in self:
            proposal.is_expired = proposal.state == "expired" or (
                proposal.state == "open" and proposal.date_deadline < today
            )

    @api.depends("name", "room_id", "partner_id")
    def _compute_display_name(self):
        for proposal in self:
            proposal.display_name = f"{proposal.name} — {proposal.room_id.display_name} — {proposal.partner_id.name}"

    # ------------------------------------------------------------------ checks
    @api.constrains("state", "room_id", "date_start", "application_id", "date_deadline")
    def _check_open_proposal(self):
        """An open proposal: answered after it is made, of a room of a programme the household wishes, from a
        day the household is available, with the beds, free and under a head lease from its date (that it is the
        household's only open proposal and the room's is checked before writing, see ``_check_one_open``)."""
        open_proposals = self.filtered(lambda p: p.state == "open")
        if not open_proposals:
            return
        for proposal in open_proposals:
            application = proposal.application_id
            if proposal.date_deadline < proposal.date_proposed:
                raise ValidationError(
                    self.env._(
                        "The deadline to answer (%(deadline)s) is before the day of the proposal (%(day)s): give the "
                        "household time to answer.",
                        deadline=proposal.date_deadline,
                        day=proposal.date_proposed,
                    )
                )
            if application.date_available and proposal.date_start < application.date_available:
                raise ValidationError(
                    self.env._(
                        "The household of %(application)s is available from %(available)s: the entry date "
                        "(%(day)s) cannot be earlier. Propose the room from %(available)s, or change the date the "
                        "household is available on the referral.",
                        application=application.display_name,
                        available=application.date_available,
                        day=proposal.date_start,
                    )
                )
            if application.programme_ids and proposal.programme_id not in application.programme_ids:
                raise ValidationError(
                    self.env._(
                        "%(room)s belongs to %(programme)s, and the household of %(application)s wishes "
                        "%(wished)s: propose a room of a programme it wishes (Find a place lists them), or add the "
                        "programme to the referral first.",
                        room=proposal.room_id.display_name,
                        programme=proposal.programme_id.name or self.env._("no programme"),
                        application=application.display_name,
                        wished=", ".join(application.programme_ids.mapped("name")),
                    )
                )
        open_proposals._check_room_free()

    @api.constrains("rent", "charges")
    def _check_amounts(self):
        for proposal in self:
            if proposal.rent < 0 or proposal.charges < 0:
                raise ValidationError(
                    self.env._(
                        "The rent and the charges of %(proposal)s cannot be negative: enter what the household "
                        "will pay each month (0 when nothing).",
                        proposal=proposal.display_name,
                    )
                )

    def _check_one_open(self, proposals, exclude_ids=()):
        """One open proposal per household and per room: ``proposals`` (``[(household, room, deadline), ...]``) are
        about to be open. Checked before writing, so that the message names the other proposal (the database
        refuses it anyway, whoever writes)."""
        if not proposals:
            return
        partners = self.env["res.partner"].union(*(partner for partner, _room, _deadline in proposals))
        rooms = self.env["housing.room"].union(*(room for _partner, room, _deadline in proposals))
        others = self.search(
            [
                ("state", "=", "open"),
                ("id", "not in", list(exclude_ids)),
                "|",
                ("partner_id", "in", partners.ids),
                ("room_id", "in", rooms.ids),
            ]
        )
        by_household = {other.partner_id: (other.room_id, other.date_deadline) for other in others}
        by_room = {other.room_id: (other.partner_id, other.date_deadline) for other in others}
        for partner, room, deadline in proposals:
            if partner in by_household:
                other_room, other_deadline = by_household[partner]
                raise ValidationError(
                    self.env._(
                        "%(household)s already has an open proposal (%(other)s, answer by %(deadline)s): wait for "
                        "its answer, or cancel it, before proposing another place.",
                        household=partner.name,
                        other=other_room.display_name,
                        deadline=other_deadline,
                    )
                )
            if room in by_room:
                other_household, other_deadline = by_room[room]
                raise ValidationError(
                    self.env._(
                        "%(room)s is already proposed to %(household)s (answer by %(deadline)s): a room is proposed "
                        "to one household at a time. Wait for the answer, or cancel that proposal.",
                        room=room.display_name,
                        household=other_household.name,
                        deadline=other_deadline,
                    )
                )
            by_household[partner] = (room, deadline)
            by_room[room] = (partner, deadline)

    def _check_room_free(self):
        """The room has the beds the household needs, and they are free from the entry date."""
        for proposal in self:
            room, needed = proposal.room_id, proposal.application_id.beds_needed
            if room.capacity < needed:
                raise ValidationError(
                    self.env._(
                        "%(room)s has %(beds)s bed(s) and the household of %(application)s needs %(needed)s: choose "
                        "a larger room (Find a place lists those that fit).",
                        room=room.display_name,
                        beds=room.capacity,
                        application=proposal.application_id.display_name,
                        needed=needed,
                    )
                )
            entry_day = room._pathways_entry_days(proposal.date_start)[room.id]
            if entry_day != proposal.date_start:
                if entry_day:
                    raise ValidationError(
                        self.env._(
                            "%(room)s is not sub-let before %(lease_start)s: the head lease of %(unit)s starts on "
                            "that day, and a household enters a room only under a running head lease. Propose it "
                            "from %(lease_start)s.",
                            room=room.display_name,
                            lease_start=entry_day,
                            unit=room.unit_id.display_name,
                        )
                    )
                raise ValidationError(
                    self.env._(
                        "%(room)s has no running head lease on %(day)s: the association sub-lets a room only once "
                        "it rents the dwelling. Start the head lease of %(unit)s with its landlord first (or renew "
                        "it), then propose the room.",
                        room=room.display_name,
                        day=proposal.date_start,
                        unit=room.unit_id.display_name,
                    )
                )
            free_beds = room._pathways_availability(proposal.date_start)[room.id][0]
            if free_beds < needed:
                raise ValidationError(
                    self.env._(
                        "%(room)s is not free on %(day)s: %(free)s of its %(beds)s bed(s) are free from that day "
                        "(agreements, or the room is unavailable) and the household needs %(needed)s. Choose "
                        "another room or a later entry date.",
                        room=room.display_name,
                        day=proposal.date_start,
                        free=free_beds,
                        beds=room.capacity,
                        needed=needed,
                    )
                )

    # ------------------------------------------------------------------ CRUD
    @api.model_create_multi
    def create(self, vals_list):
        new_label = self.env._("New")
        in_flow = self._in_flow()
        today = fields.Date.context_today(self)
        for vals in vals_list:
            if vals.get("name", new_label) == new_label:
                vals["name"] = self.env["ir.sequence"].next_by_code("housing.application.proposal") or new_label
            if not in_flow:
                # a proposal is made today and awaits its answer: the rest follows its buttons
                if vals.get("state", "open") != "open" or any(vals.get(fname) for fname in ANSWER_FIELDS):
                    raise UserError(
                        self.env._(
                            "A proposal is recorded awaiting an answer; it is then accepted, refused or cancelled "
                            "with its buttons (and expires by itself past its deadline). Record it without an "
                            "outcome."
                        )
                    )
                vals["date_proposed"] = today
        applications = self.env["housing.application"].browse(
            [vals.get("application_id") for vals in vals_list if vals.get("state", "open") == "open"]
        )
        for application in applications:
            if application.state != "waiting":
                raise UserError(
                    self.env._(
                        "%(application)s is not on the waiting list (stage: %(stage)s): only a household on the "
                        "waiting list, without an open proposal, receives a proposal.",
                        application=application.display_name,
                        stage=dict(application._fields["state"]._description_selection(self.env))[application.state],
                    )
                )
        Room = self.env["housing.room"]
        self._check_one_open(
            [
                (
                    self.env["housing.application"].browse(vals.get("application_id")).partner_id,
                    Room.browse(vals.get("room_id")),
                    vals.get("date_deadline"),
                )
                for vals in vals_list
                if vals.get("state", "open") == "open"
            ]
        )
        proposals = super().create(vals_list)
        for proposal in proposals.filtered(lambda p: p.state == "open"):
            proposal._notify_application()
        return proposals

    def write(self, vals):
        if not self._in_flow():
            self._check_user_change(vals)
        if {"state", "room_id", "application_id"} & set(vals):
            Application, Room = self.env["housing.application"], self.env["housing.room"]
            self._check_one_open(
                [
                    (
                        Application.browse(vals["application_id"]).partner_id
                        if "application_id" in vals
                        else proposal.partner_id,
                        Room.browse(vals["room_id"]) if "room_id" in vals else proposal.room_id,
                        vals.get("date_deadline", proposal.date_deadline),
                    )
                    for proposal in self
                    if vals.get("state", proposal.state) == "open"
                ],
                exclude_ids=self.ids,
            )
        return super().write(vals)

    def _check_user_change(self, vals):
        """What a user (or a client) may change: the terms of a proposal awaiting its answer, before its deadline
        has passed. Its status, household and room follow its buttons."""
        flow_fields = [fname for fname in FLOW_FIELDS if fname in vals]
        if flow_fields:
            labels = ", ".join(self._fields[fname]._description_string(self.env) for fname in flow_fields)
            raise UserError(
                self.env._(
                    "These follow the buttons of a proposal, not a change by hand: %(fields)s. Accept, refuse or "
                    "cancel it (past its deadline, it expires by itself); to propose another room, or to another "
                    "household, cancel it and propose again.",
                    fields=labels,
                )
            )
        if not set(TERMS_FIELDS) & set(vals):
            return
        today = fields.Date.context_today(self)
        for proposal in self:
            if proposal.state != "open":
                raise UserError(
                    self.env._(
                        "%(proposal)s is answered (%(status)s): its terms no longer change.",
                        proposal=proposal.display_name,
                        status=dict(self._fields["state"]._description_selection(self.env))[proposal.state],
                    )
                )
            if "date_deadline" in vals and proposal.date_deadline < today:
                raise UserError(
                    self.env._(
                        "The deadline of %(proposal)s passed on %(deadline)s without an answer: it cannot be "
                        "extended, the proposal expires. Propose the room again with a new deadline.",
                        proposal=proposal.display_name,
                        deadline=proposal.date_deadline,
                    )
                )

    def _flow(self):
        """These proposals, written by the pathway itself (their answer, their agreement)."""
        return self.with_context(**{FLOW_CONTEXT: FLOW})

    def _in_flow(self):
        return self.env["housing.application"]._in_flow()

    @api.ondelete(at_uninstall=False)
    def _unlink_except_answered(self):
        if self.filtered(lambda p: p.state != "cancelled"):
            raise UserError(
                self.env._("A proposal is kept for the figures of the waiting list: cancel it instead of deleting it.")
            )

    # ------------------------------------------------------------------ actions
    def action_accept(self):
        """The household accepts: the draft agreement is prepared (household, room, dates, default payers)."""
        today = fields.Date.context_today(self)
        for proposal in self:
            if proposal.state == "expired" or (proposal.state == "open" and proposal.date_deadline < today):
                raise UserError(
                    self.env._(
                        "The proposal %(proposal)s expired on %(deadline)s without an answer: it cannot be accepted. "
                        "Propose the room again with a new deadline.",
                        proposal=proposal.name,
                        deadline=proposal.date_deadline,
                    )
                )
            if proposal.state != "open":
                raise UserError(
                    self.env._("Only a proposal awaiting an answer can be accepted (%(name)s).", name=proposal.name)
                )
        self._check_room_free()
        agreements = self.env["housing.occupancy"].create([proposal._agreement_values() for proposal in self])
        for proposal, agreement in zip(self, agreements, strict=True):
            proposal._flow().write({"state": "accepted", "date_answered": today, "occupancy_id": agreement.id})
            application = proposal.application_id
            application._flow().write({"state": "accepted", "occupancy_id": agreement.id})
            application._housing_alert_close(
                ["proposal_answer"], self.env._("Accepted: agreement %(agreement)s prepared.", agreement=agreement.name)
            )
            application._housing_alert_raise(
                "agreement_signature",
                summary=self.env._("Have %(agreement)s signed and activate it", agreement=agreement.name),
                date_deadline=max(proposal.date_start, today),
                user_id=proposal.user_id.id or application.user_id.id,
            )
            application.message_post(
                body=self.env._(
                    "%(room)s accepted: the draft agreement %(agreement)s is prepared, entry on %(day)s.",
                    room=proposal.room_id.display_name,
                    agreement=agreement.name,
                    day=proposal.date_start,
                )
            )
        if len(self) == 1:
            return {
                "type": "ir.actions.act_window",
                "res_model": "housing.occupancy",
                "res_id": agreements.id,
                "view_mode": "form",
            }
        return True

    def action_refuse(self):
        self.ensure_one()
        if self.state != "open":
            raise UserError(self.env._("Only a proposal awaiting an answer can be refused (%(name)s).", name=self.name))
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Refuse the proposal"),
            "res_model": "housing.application.reason.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_proposal_id": self.id, "default_party": "household"},
        }

    def action_cancel(self):
        for proposal in self:
            if proposal.state != "open":
                raise UserError(
                    self.env._("Only a proposal awaiting an answer can be cancelled (%(name)s).", name=proposal.name)
                )
        self._cancel()

    def action_view_agreement(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "housing.occupancy",
            "res_id": self.occupancy_id.id,
            "view_mode": "form",
        }

    # ------------------------------------------------------------------ business
    def _notify_application(self):
        """The referral shows the place proposed; its follower is reminded of the deadline."""
        self.ensure_one()
        application = self.application_id
        application._flow().write({"state": "proposed"})
        application._housing_alert_raise(
            "proposal_answer",
            summary=self.env._("Answer to the proposal of %(room)s", room=self.room_id.display_name),
            date_deadline=self.date_deadline,
            user_id=self.user_id.id or application.user_id.id,
        )
        application.message_post(
            body=self.env._(
                "%(room)s proposed from %(day)s; answer by %(deadline)s.",
                room=self.room_id.display_name,
                day=self.date_start,
                deadline=self.date_deadline,
            )
        )

    def _close_open(self, state, feedback, values=None):
        """End these open proposals with ``state``: their referrals go back to the waiting list."""
        self._flow().write(dict(values or {}, state=state, date_answered=fields.Date.context_today(self)))
        applications = self.application_id.filtered(lambda a: a.state == "proposed")
        applications._flow().write({"state": "waiting"})
        self.application_id._housing_alert_close(["proposal_answer"], feedback)
        for proposal in self:
            proposal.application_id.message_post(body=feedback)

    def _refuse(self, party, reason, note=False):
        reason._check_usage("proposal", party)
        for proposal in self:
            if proposal.state != "open":
                raise UserError(
                    self.env._("Only a proposal awaiting an answer can be refused (%(name)s).", name=proposal.name)
                )
        for proposal in self:
            proposal._close_open(
                "refused",
                self.env._(
                    "%(room)s refused (%(party)s): %(reason)s.",
                    room=proposal.room_id.display_name,
                    party=dict(self._fields["refused_by"]._description_selection(self.env))[party].lower(),
                    reason=reason.name,
                ),
                {"refused_by": party, "reason_id": reason.id, "refusal_note": note or False},
            )

    def _cancel(self):
        for proposal in self:
            proposal._close_open(
                "cancelled", self.env._("Proposal of %(room)s cancelled.", room=proposal.room_id.display_name)
            )

    @api.model
    def _cron_expire(self):
        """Daily: proposals whose deadline has passed without an answer expire; the room is free to propose."""
        today = fields.Date.context_today(self)
        expired = self.search([("state", "=", "open"), ("date_deadline", "<", today)])
        for proposal in expired:
            proposal._close_open(
                "expired",
                self.env._(
                    "Proposal of %(room)s expired: no answer by %(deadline)s.",
                    room=proposal.room_id.display_name,
                    deadline=proposal.date_deadline,
                ),
            )
        return expired

    def _agreement_values(self):
        """What the draft agreement of an accepted proposal holds: household, room, dates, rent, payers."""
        self.ensure_one()
        application = self.application_id
        # the head lease the room is sub-let under: an agreement does not outlast it
        lease = self.unit_id._lease_at(self.date_start)
        return {
            "partner_id": application.partner_id.id,
            "member_ids": [Command.set(application.member_ids.ids)],
            "room_id": self.room_id.id,
            "unit_id": self.unit_id.id,
            "date_start": self.date_start,
            "date_end": lease.date_end or False,
            "rent": self.rent,
            "charges": self.charges,
            "user_id": self.user_id.id or self.env.uid,
            "share_ids": [Command.create(values) for values in self._agreement_shares()],
        }

    def _agreement_shares(self):
        """The programme's default payers (the occupant paying the rest when it has none); in a room offered by
        a host flat, the occupant pays what the offer says and the association the rest."""
        self.ensure_one()
        shares = self.programme_id._pathways_default_shares() or [{"payer_kind": "occupant", "is_remainder": True}]
        offer = self.env["housing.host.offer"].search([("unit_id", "=", self.unit_id.id)], order="id desc", limit=1)
        if offer:
            shares = [
                share
                for share in shares
                if share["payer_kind"] not in ("occupant", "association") and not share.get("is_remainder")
            ] + [
                {"payer_kind": "occupant", "amount_type": "fixed", "amount": offer.occupant_contribution},
                {"payer_kind": "association", "is_remainder": True},
            ]
        return shares
