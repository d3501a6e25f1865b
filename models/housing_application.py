from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Domain

from ..tools import pathways_math as pm

REFERRER_KINDS = [
    ("siao", "SIAO"),
    ("social_service", "Social service"),
    ("association", "Partner association"),
    ("self", "The household itself"),
    ("other", "Other"),
]

APPLICATION_STATES = [
    ("received", "Received"),
    ("assessment", "Assessment"),
    ("waiting", "Waiting list"),
    ("proposed", "Place proposed"),
    ("accepted", "Accepted"),
    ("housed", "Housed"),
    ("withdrawn", "Withdrawn"),
    ("refused", "Refused"),
]
#: stages of a referral still under way
OPEN_STATES = ("received", "assessment", "waiting", "proposed", "accepted")
#: stages a user moves a referral between by hand (kanban); the others follow the proposals and the agreement
MANUAL_STATES = ("received", "assessment", "waiting")
#: stages on the waiting list: waiting for a place, or a place proposed and not yet accepted
WAITING_STATES = ("waiting", "proposed")
#: the context key of the moves made by the pathway itself (proposal, answer, agreement)
FLOW_CONTEXT = "housing_application_flow"

PRIORITIES = [("0", "Normal"), ("1", "High"), ("2", "Urgent")]

SOCIAL_WORKER_GROUP = "solidarity_housing.group_housing_social_worker"
MANAGER_GROUP = "solidarity_housing.group_housing_manager"


class HousingApplication(models.Model):
    _name = "housing.application"
    _description = "Referral of a household"
    _housing_gdpr_wipe_fields = ("referral_ref", "needs_note", "close_note", "languages", "area_wished")
    _inherit = ["mail.thread", "mail.activity.mixin", "housing.alert.mixin"]
    _order = "priority desc, date_waiting, date_received, id"
    _check_company_auto = True
    _housing_alert_types = {
        "proposal_answer": "solidarity_housing.mail_activity_housing_proposal_answer",
        "agreement_signature": "solidarity_housing.mail_activity_housing_agreement_signature",
    }

    name = fields.Char(
        string="Reference",
        required=True,
        copy=False,
        readonly=True,
        index="trigram",
        default=lambda self: self.env._("New"),
    )
    active = fields.Boolean(default=True)
    color = fields.Integer()
    company_id = fields.Many2one("res.company", required=True, index=True, default=lambda self: self.env.company)
    state = fields.Selection(
        APPLICATION_STATES,
        string="Stage",
        default="received",
        required=True,
        tracking=True,
        index=True,
        copy=False,
        group_expand=True,
    )
    priority = fields.Selection(PRIORITIES, default="0", required=True, tracking=True, index=True)
    user_id = fields.Many2one(
        "res.users",
        string="Social worker",
        index=True,
        tracking=True,
        domain=lambda self: [("share", "=", False), ("all_group_ids", "in", self.env.ref(SOCIAL_WORKER_GROUP).ids)],
        help="Assesses the household and reads the assessment notes.",
    )
    # The household
    partner_id = fields.Many2one(
        "res.partner",
        string="Household",
        required=True,
        index=True,
        tracking=True,
        check_company=True,
        ondelete="restrict",
        domain="[('is_company', '=', False)]",
        help="The person who will sign the agreement; the members of the household come with them.",
    )
    member_ids = fields.Many2many(
        "res.partner",
        "housing_application_member_rel",
        "application_id",
        "partner_id",
        string="Other household members",
        compute="_compute_member_ids",
        store=True,
        readonly=False,
        check_company=True,
    )
    person_count = fields.Integer(string="Persons", compute="_compute_person_count", store=True)
    # The referral
    referrer_kind = fields.Selection(
        REFERRER_KINDS, string="Referred by", required=True, default="siao", tracking=True, index=True
    )
    referrer_id = fields.Many2one(
        "res.partner",
        tracking=True,
        check_company=True,
        help="The SIAO, social service or association that referred the household, or its worker.",
    )
    referral_ref = fields.Char(string="Referral number", help="The number of the referral at the SIAO, if any.")
    date_received = fields.Date(string="Received on", required=True, default=fields.Date.context_today, tracking=True)
    programme_ids = fields.Many2many(
        "housing.programme",
        "housing_application_programme_rel",
        "application_id",
        "programme_id",
        string="Programmes wished",
        check_company=True,
        help="Empty: any programme of the association.",
    )
    # Needs (what a place must offer) and wishes (what makes a place fit better)
    beds_needed = fields.Integer(
        string="Beds needed",
        compute="_compute_beds_needed",
        store=True,
        readonly=False,
        tracking=True,
        help="One per person by default; a couple may share a bed.",
    )
    children_count = fields.Integer(
        string="Children",
        compute="_compute_children_count",
        store=True,
        readonly=False,
        help="Children of the household (from the members' birth dates when known).",
    )
    accessibility_needed = fields.Boolean(
        string="Reduced mobility", help="The dwelling must be accessible to a person of reduced mobility."
    )
    step_free_needed = fields.Boolean(
        string="Ground floor or lift",
        help="No stairs: the dwelling is accessible, or has a feature marked 'no stairs' (ground floor, lift).",
    )
    tag_ids = fields.Many2many(
        "housing.unit.tag",
        "housing_application_unit_tag_rel",
        "application_id",
        "tag_id",
        string="Features needed",
        help="Every one of these features must be found in the dwelling.",
    )
    furnished_wished = fields.Boolean(string="Furnished wished")
    area_wished = fields.Char(
        string="Area wished", help="Communes or postcodes, separated by commas: e.g. 'Paris, Montreuil, 93'."
    )
    date_available = fields.Date(
        string="Available from", tracking=True, help="The first day the household can move in (empty: now)."
    )
    languages = fields.Char(string="Languages spoken", help="To match flatmates and plan an interpreter.")
    needs_note = fields.Text(
        string="Practical needs",
        help="Practical needs only (pets, schooling of the children, work place...); health and the situation of "
        "the household go in the assessment, which only social workers read.",
    )
    # Stages: the day each was reached
    date_assessment = fields.Date(string="Assessment started on", readonly=True, copy=False)
    date_waiting = fields.Date(
        string="On the waiting list since",
        readonly=True,
        copy=False,
        index=True,
        help="Stays when a proposal is refused: the wait goes on.",
    )
    date_proposed = fields.Date(string="First proposal on", readonly=True, copy=False)
    date_accepted = fields.Date(string="Accepted on", readonly=True, copy=False)
    date_housed = fields.Date(string="Housed on", readonly=True, copy=False)
    date_closed = fields.Date(string="Closed on", readonly=True, copy=False)
    close_reason_id = fields.Many2one(
        "housing.application.reason", string="Reason", readonly=True, copy=False, tracking=True, ondelete="restrict"
    )
    close_note = fields.Text(string="Reason details", readonly=True, copy=False)
    waiting_days = fields.Integer(
        string="Days on the waiting list",
        compute="_compute_waiting_days",
        help="From the day on the waiting list to the acceptance of a place (or to today while waiting).",
    )
    # Proposals and the agreement
    proposal_ids = fields.One2many("housing.application.proposal", "application_id", string="Proposals")
    proposal_count = fields.Integer(compute="_compute_proposal_figures", string="Proposals count")
    open_proposal_id = fields.Many2one(
        "housing.application.proposal", compute="_compute_proposal_figures", string="Open proposal"
    )
    occupancy_id = fields.Many2one(
        "housing.occupancy",
        string="Agreement",
        readonly=True,
        copy=False,
        index="btree_not_null",
        check_company=True,
        ondelete="set null",
    )
    # Assessment: read by the application's social worker (or her programmes') and managers only
    assessment_ids = fields.One2many(
        "housing.application.assessment", "application_id", string="Assessment notes", groups=SOCIAL_WORKER_GROUP
    )
    can_read_assessment = fields.Boolean(compute="_compute_can_read_assessment")

    _open_household_uniq = models.UniqueIndex(
        "(company_id, partner_id) WHERE active AND state IN ('received', 'assessment', 'waiting', 'proposed', "
        "'accepted')",
        "This household already has a referral under way: complete it (or close it) instead of recording another.",
    )

    # ------------------------------------------------------------------ computes
    @api.depends("partner_id")
    def _compute_member_ids(self):
        for application in self:
            if not application.member_ids and application.partner_id.housing_member_ids:
                application.member_ids = application.partner_id.housing_member_ids

    @api.depends("partner_id", "member_ids")
    def _compute_person_count(self):
        for application in self:
            application.person_count = len(application.partner_id | application.member_ids)

    @api.depends("person_count")
    def _compute_beds_needed(self):
        for application in self:
            application.beds_needed = max(application.person_count, 1)

    @api.depends("member_ids.housing_birthdate", "date_available")
    def _compute_children_count(self):
        today = fields.Date.context_today(self)
        for application in self:
            day = max(application.date_available or today, today)
            application.children_count = len(application.member_ids.filtered(lambda p, d=day: p._housing_is_child(d)))

    @api.depends("date_waiting", "date_accepted", "date_closed")
    def _compute_waiting_days(self):
        today = fields.Date.context_today(self)
        for application in self:
            if not application.date_waiting:
                application.waiting_days = 0
                continue
            end = application.date_accepted or application.date_closed or today
            application.waiting_days = pm.days_since(application.date_waiting, end)

    @api.depends("proposal_ids.state")
    def _compute_proposal_figures(self):
        for application in self:
            application.proposal_count = len(application.proposal_ids)
            application.open_proposal_id = application.proposal_ids.filtered(lambda p: p.state == "open")[:1]

    @api.model
    def _assessment_scope_domain(self):
        """Referrals whose assessment the current social worker reads: hers, and those wishing one of her
        programmes when the programme opens its files to its social workers (as the follow-up does)."""
        uid = self.env.uid
        return Domain("user_id", "=", uid) | Domain(
            "programme_ids",
            "any",
            Domain("followup_visibility", "=", "programme") & Domain("social_worker_ids", "in", [uid]),
        )

    @api.depends_context("uid")
    def _compute_can_read_assessment(self):
        if self.env.su or self.env.user.has_group(MANAGER_GROUP):
            self.can_read_assessment = True
            return
        if not self.env.user.has_group(SOCIAL_WORKER_GROUP):
            self.can_read_assessment = False
            return
        readable = self.filtered_domain(self._assessment_scope_domain())
        for application in self:
            application.can_read_assessment = application in readable

    @api.depends("name", "partner_id")
    def _compute_display_name(self):
        for application in self:
            application.display_name = (
                f"{application.name} — {application.partner_id.name}" if application.partner_id else application.name
            )

    # ------------------------------------------------------------------ checks
    @api.constrains("beds_needed", "children_count", "partner_id")
    def _check_household_figures(self):
        for application in self:
            if application.beds_needed < 1:
                raise ValidationError(
                    self.env._(
                        "%(application)s needs at least one bed (%(beds)s entered).",
                        application=application.display_name,
                        beds=application.beds_needed,
                    )
                )
            if not 0 <= application.children_count < application.person_count:
                raise ValidationError(
                    self.env._(
                        "%(application)s counts %(children)s children in a household of %(persons)s persons: the "
                        "signatory is an adult, add the children as members of the household.",
                        application=application.display_name,
                        children=application.children_count,
                        persons=application.person_count,
                    )
                )

    @api.constrains("partner_id")
    def _check_partner(self):
        for application in self.filtered(lambda a: a.partner_id.is_company):
            raise ValidationError(
                self.env._(
                    "%(partner)s is an organisation: a referral is for a household, choose the person who will sign.",
                    partner=application.partner_id.name,
                )
            )

    @api.constrains("user_id")
    def _check_user_is_social_worker(self):
        for application in self.filtered("user_id"):
            if not application.user_id.has_group(SOCIAL_WORKER_GROUP):
                raise ValidationError(
                    self.env._(
                        "%(user)s cannot assess referrals: give them the Housing / Social worker group first, or "
                        "choose another social worker.",
                        user=application.user_id.name,
                    )
                )

    def _check_one_under_way(self, households, exclude_ids=()):
        """Each of ``households`` (``[(partner, company), ...]``, referrals about to be under way) has no other
        referral under way. Checked before writing, so that the message names the other referral (the database
        refuses it anyway)."""
        if not households:
            return
        partners = self.env["res.partner"].union(*(partner for partner, _company in households))
        others = self.sudo().search(
            [("partner_id", "in", partners.ids), ("state", "in", OPEN_STATES), ("id", "not in", list(exclude_ids))]
        )
        seen = {(other.partner_id, other.company_id): other.name for other in others}
        for partner, company in households:
            if (partner, company) in seen:
                raise ValidationError(
                    self.env._(
                        "%(household)s already has a referral under way (%(application)s): complete it, or close "
                        "it, instead of recording another.",
                        household=partner.name,
                        application=seen[partner, company] or self.env._("New"),
                    )
                )
            seen[partner, company] = False

    # ------------------------------------------------------------------ CRUD
    @api.model_create_multi
    def create(self, vals_list):
        new_label = self.env._("New")
        for vals in vals_list:
            if vals.get("name", new_label) == new_label:
                vals["name"] = self.env["ir.sequence"].next_by_code("housing.application") or new_label
            state = vals.get("state", "received")
            if state not in MANUAL_STATES and not self.env.context.get(FLOW_CONTEXT):
                raise UserError(self._state_move_message(state))
            vals.update(self._stage_dates(state, vals, None))
        Partner, Company = self.env["res.partner"], self.env["res.company"]
        self._check_one_under_way(
            [
                (Partner.browse(vals.get("partner_id")), Company.browse(vals.get("company_id")) or self.env.company)
                for vals in vals_list
                if vals.get("state", "received") in OPEN_STATES and vals.get("active", True)
            ]
        )
        return super().create(vals_list)

    def write(self, vals):
        if {"state", "partner_id", "company_id", "active"} & set(vals):
            self._check_one_under_way(
                [
                    (
                        self.env["res.partner"].browse(vals["partner_id"])
                        if "partner_id" in vals
                        else application.partner_id,
                        self.env["res.company"].browse(vals["company_id"])
                        if "company_id" in vals
                        else application.company_id,
                    )
                    for application in self
                    if vals.get("state", application.state) in OPEN_STATES and vals.get("active", application.active)
                ],
                exclude_ids=self.ids,
            )
        if "state" not in vals:
            return super().write(vals)
        state = vals["state"]
        if not self.env.context.get(FLOW_CONTEXT):
            moved = self.filtered(lambda a: a.state != state)
            if moved and (state not in MANUAL_STATES or any(a.state not in MANUAL_STATES for a in moved)):
                raise UserError(self._state_move_message(state))
        for application in self:
            super(HousingApplication, application).write(dict(vals, **self._stage_dates(state, vals, application)))
        return True

    def _state_move_message(self, state):
        stage = dict(self._fields["state"]._description_selection(self.env))[state]
        return self.env._(
            "A referral moves to or from “%(stage)s” through its buttons, not by hand: propose a room (Find a "
            "place), accept or refuse the proposal, activate the agreement, or withdraw or refuse the referral "
            "with its reason.",
            stage=stage,
        )

    def _stage_dates(self, state, vals, application):
        """The stage dates to write when the referral reaches ``state``: the first day each stage was reached."""
        today = fields.Date.context_today(self)
        dates = {}

        def reached(fname):
            if fname not in vals and not (application and application[fname]):
                dates[fname] = today

        if state == "assessment":
            reached("date_assessment")
            dates["date_waiting"] = False  # taken off the list to be assessed again
        elif state == "received":
            dates["date_waiting"] = False
        elif state == "waiting":
            reached("date_waiting")
            dates["date_accepted"] = False
        elif state == "proposed":
            reached("date_waiting")
            reached("date_proposed")
        elif state == "accepted":
            dates["date_accepted"] = vals.get("date_accepted") or today
            dates["date_housed"] = False
        elif state == "housed":
            reached("date_housed")
        elif state in ("withdrawn", "refused"):
            dates["date_closed"] = vals.get("date_closed") or today
        if state in OPEN_STATES:
            dates.update(date_closed=False, close_reason_id=False, close_note=False)
        return dates

    @api.ondelete(at_uninstall=False)
    def _unlink_except_with_proposals(self):
        with_history = self.filtered("proposal_ids")
        if with_history:
            raise UserError(
                self.env._(
                    "%(applications)s has proposals: archive the referral instead of deleting it, so that the "
                    "figures of the waiting list stay right.",
                    applications=", ".join(with_history.mapped("name")),
                )
            )

    # ------------------------------------------------------------------ actions
    def action_start_assessment(self):
        for application in self:
            if application.state != "received":
                raise UserError(
                    self.env._("Only a referral just received is assessed (%(name)s).", name=application.name)
                )
        self.write({"state": "assessment"})

    def action_add_to_waiting_list(self):
        for application in self:
            if application.state not in ("received", "assessment"):
                raise UserError(
                    self.env._(
                        "Only a referral received or being assessed goes on the waiting list (%(name)s).",
                        name=application.name,
                    )
                )
        self.write({"state": "waiting"})

    def action_find_rooms(self):
        self.ensure_one()
        if self.state != "waiting":
            raise UserError(
                self.env._(
                    "Put %(name)s on the waiting list before looking for a place: only a household on the waiting "
                    "list, without an open proposal, receives one.",
                    name=self.display_name,
                )
            )
        return self.env["housing.application.match"]._open_for(application=self)

    def action_withdraw(self):
        return self._open_reason_wizard("household")

    def action_refuse(self):
        return self._open_reason_wizard("association")

    def _open_reason_wizard(self, party):
        self.ensure_one()
        if self.state not in OPEN_STATES:
            raise UserError(self.env._("%(name)s is closed already.", name=self.display_name))
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Withdrawal") if party == "household" else self.env._("Refuse the referral"),
            "res_model": "housing.application.reason.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_application_id": self.id, "default_party": party},
        }

    def action_reopen(self):
        for application in self:
            if application.state not in ("withdrawn", "refused"):
                raise UserError(self.env._("Only a closed referral can be reopened (%(name)s).", name=application.name))
        for application in self:
            application.with_context(**{FLOW_CONTEXT: True}).write(
                {"state": "waiting" if application.date_waiting else "received"}
            )

    def action_view_proposals(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("solidarity_housing.housing_application_proposal_action")
        action["domain"] = [("application_id", "=", self.id)]
        action["context"] = {"default_application_id": self.id}
        return action

    def action_view_agreement(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "housing.occupancy",
            "res_id": self.occupancy_id.id,
            "view_mode": "form",
        }

    # ------------------------------------------------------------------ business
    def _close(self, party, reason, note=False):
        """Withdrawn by the household or refused by the association, with ``reason``; open proposals are
        cancelled and the alerts closed."""
        state = "withdrawn" if party == "household" else "refused"
        reason._check_usage("application", party)
        for application in self:
            if application.state not in OPEN_STATES:
                raise UserError(self.env._("%(name)s is closed already.", name=application.display_name))
            if application.state == "accepted" and application.occupancy_id.state not in (False, "draft"):
                raise UserError(
                    self.env._(
                        "The agreement %(agreement)s of %(name)s has been signed: record the exit on the agreement "
                        "instead.",
                        agreement=application.occupancy_id.name,
                        name=application.display_name,
                    )
                )
        self.proposal_ids.filtered(lambda p: p.state == "open")._cancel()
        self.with_context(**{FLOW_CONTEXT: True}).write(
            {"state": state, "close_reason_id": reason.id, "close_note": note or False}
        )
        self._housing_alert_close(feedback=self.env._("Closed automatically: the referral is closed."))

    def _fits_unit(self, unit):
        """The dwelling ``unit`` meets every need of the household (its beds apart): programme, features."""
        self.ensure_one()
        if self.programme_ids and unit.programme_id not in self.programme_ids:
            return False
        if self.accessibility_needed and not unit.accessible:
            return False
        if self.step_free_needed and not (unit.accessible or unit.tag_ids.filtered("step_free")):
            return False
        return not (self.tag_ids - unit.tag_ids)

    def _match_day(self):
        """The first day the household could move in: when it is available, or today."""
        self.ensure_one()
        today = fields.Date.context_today(self)
        return max(self.date_available or today, today)

    def _fit(self, unit, free_beds):
        """``(score, met, missed)`` of a free place of ``unit`` for this household (see ``pathways_math.fit``)."""
        self.ensure_one()
        return pm.fit(
            pm.in_area(self.area_wished, unit.city, unit.zip),
            self.furnished_wished,
            unit.furnished,
            self.beds_needed,
            free_beds,
        )

    def _find_rooms(self, day):
        """The rooms free from ``day`` that meet the household's needs, best first: ``[dict, ...]`` with the
        room, its free beds, the fit (score, met, missed) and the days it has been empty."""
        self.ensure_one()
        domain = [
            ("company_id", "=", self.company_id.id),
            ("capacity", ">=", self.beds_needed),
            ("out_of_service", "=", False),
            ("unit_id.out_of_service", "=", False),
            ("unit_id.active", "=", True),
        ]
        if self.programme_ids:
            domain.append(("programme_id", "in", self.programme_ids.ids))
        rooms = self.env["housing.room"].search(domain)
        rooms -= (
            self.env["housing.application.proposal"]
            .search([("room_id", "in", rooms.ids), ("state", "=", "open")])
            .room_id
        )
        availability = rooms._pathways_availability(day)
        today = fields.Date.context_today(self)
        found = []
        for room in rooms:
            free_beds, empty_since = availability[room.id]
            if free_beds < self.beds_needed or not self._fits_unit(room.unit_id):
                continue
            score, met, missed = self._fit(room.unit_id, free_beds)
            found.append(
                {
                    "room": room,
                    "free_beds": free_beds,
                    "score": score,
                    "met": met,
                    "missed": missed,
                    "empty_days": pm.days_since(empty_since, today),
                }
            )
        found.sort(key=lambda line: (-line["score"], -line["empty_days"], line["room"].id))
        return found
