from collections import defaultdict

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
#: the context key of the moves made by the pathway itself (proposal, answer, agreement)...
FLOW_CONTEXT = "housing_application_flow"
#: ... and its value: an object of this process, that no client can send (a string or ``True`` sent over RPC is
#: not it). Use ``records._flow()``; ``records._in_flow()`` tells whether the pathway (or the superuser: data
#: files, scheduled jobs) is writing.
FLOW = object()

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
        check_company=True,
        domain=lambda self: [("share", "=", False), ("all_group_ids", "in", self.env.ref(SOCIAL_WORKER_GROUP).ids)],
        help="Assesses the household and reads the assessment notes. Once chosen, only she or a manager hands the "
        "referral over to another social worker.",
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
        help="The first day on the waiting list. Stays when a proposal is refused (the wait goes on), and when the "
        "referral is assessed again or reopened: the periods on the list are kept below.",
    )
    waiting_period_ids = fields.One2many(
        "housing.application.waiting.period", "application_id", string="Periods on the waiting list", readonly=True
    )
    date_proposed = fields.Date(string="First proposal on", readonly=True, copy=False)
    date_accepted = fields.Date(string="Accepted on", readonly=True, copy=False)
    date_housed = fields.Date(string="Housed on", readonly=True, copy=False)
    date_closed = fields.Date(string="Closing date", readonly=True, copy=False)
    close_reason_id = fields.Many2one(
        "housing.application.reason", string="Reason", readonly=True, copy=False, tracking=True, ondelete="restrict"
    )
    close_note = fields.Text(string="Reason details", readonly=True, copy=False)
    waiting_days = fields.Integer(
        string="Days on the waiting list",
        compute="_compute_waiting_days",
        help="From the first day on the waiting list to the acceptance of a place (or to today while waiting, or "
        "to the day it left the list).",
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

    @api.depends("date_waiting", "date_accepted", "date_closed", "state", "waiting_period_ids.date_end")
    def _compute_waiting_days(self):
        today = fields.Date.context_today(self)
        for application in self:
            if not application.date_waiting:
                application.waiting_days = 0
                continue
            left = max(filter(None, application.waiting_period_ids.mapped("date_end")), default=False)
            end = application.date_accepted or application.date_closed
            if not end:
                end = today if application.state in WAITING_STATES or not left else left
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

    @api.constrains("partner_id", "member_ids")
    def _check_partner(self):
        """The signatory is a person, the members persons of the signatory's household: the rule of the agreement
        prepared when a place is accepted (``housing.occupancy._check_household``), checked from the referral on
        so that the agreement does not fail then. (That check cannot be run on a referral's values: on a record
        not saved, the members are copies that never equal the signatory.)"""
        for application in self:
            signatory = application.partner_id
            if signatory.is_company:
                raise ValidationError(
                    self.env._(
                        "%(partner)s is an organisation: a referral is for a household, choose the person who will "
                        "sign.",
                        partner=signatory.name,
                    )
                )
            for member in application.member_ids:
                if member.is_company or member == signatory:
                    raise ValidationError(
                        self.env._(
                            "%(name)s is the signatory or an organisation: the other members of the household of "
                            "%(application)s are persons, the signatory apart.",
                            name=member.name,
                            application=application.display_name,
                        )
                    )
                member._housing_check_household_of(signatory, application)

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
        in_flow = self._in_flow()
        for vals in vals_list:
            if vals.get("name", new_label) == new_label:
                vals["name"] = self.env["ir.sequence"].next_by_code("housing.application") or new_label
            state = vals.get("state", "received")
            if state not in MANUAL_STATES and not in_flow:
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
        applications = super().create(vals_list)
        applications._waiting_periods_follow({})
        return applications

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
        if "user_id" in vals:
            self._check_can_hand_over(vals["user_id"])
        readable = self._assessments_read() if {"user_id", "programme_ids"} & set(vals) else None
        if "state" not in vals:
            result = super().write(vals)
        else:
            state = vals["state"]
            if not self._in_flow():
                moved = self.filtered(lambda a: a.state != state)
                if moved and (state not in MANUAL_STATES or any(a.state not in MANUAL_STATES for a in moved)):
                    raise UserError(self._state_move_message(state))
            was_waiting = {application.id: application.state in WAITING_STATES for application in self}
            for application in self:
                super(HousingApplication, application).write(dict(vals, **self._stage_dates(state, vals, application)))
            self._waiting_periods_follow(was_waiting)
            result = True
        if readable is not None:
            self._check_no_assessment_gained(readable)
        return result

    # ------------------------------------------------------------------ the pathway's own moves
    def _flow(self):
        """These referrals, written by the pathway itself (its stages, its agreement)."""
        return self.with_context(**{FLOW_CONTEXT: FLOW})

    def _in_flow(self):
        """The pathway itself (or the superuser: data files, scheduled jobs) is writing, not a user or a client."""
        return self.env.su or self.env.context.get(FLOW_CONTEXT) is FLOW

    # ------------------------------------------------------------------ the confidential assessment
    def _assessments_read(self):
        """Those of these referrals whose assessment the current user reads (``None``: every one)."""
        if self.env.su or self.env.user.has_group(MANAGER_GROUP):
            return None
        if not self.env.user.has_group(SOCIAL_WORKER_GROUP):
            return self.browse()
        return self.filtered_domain(self._assessment_scope_domain())

    def _check_can_hand_over(self, user_id):
        """A referral's social worker is changed by her, by a social worker who reads its assessment (her
        programme's, when it opens its files) or by a manager: like a support file, as its assessment is
        confidential. A referral without one gets one from whoever records it."""
        readable = self._assessments_read()
        if readable is None:
            return
        for application in self:
            if application.user_id and application.user_id.id != user_id and application not in readable:
                raise UserError(
                    self.env._(
                        "%(application)s is followed by %(worker)s and its assessment is confidential: only she, or "
                        "a manager, hands it over to another social worker.",
                        application=application.display_name,
                        worker=application.user_id.name,
                    )
                )

    def _check_no_assessment_gained(self, readable_before):
        """A social worker does not open to herself, by choosing herself or a programme, the assessment another
        social worker wrote (checked after writing: the transaction is rolled back)."""
        gained = self._assessments_read() - readable_before
        if gained and self.env["housing.application.assessment"].sudo().search_count(
            [("application_id", "in", gained.ids)], limit=1
        ):
            raise UserError(
                self.env._(
                    "The assessment of %(applications)s is confidential: you cannot make yourself its reader by "
                    "choosing its social worker or its programme. Ask its social worker, or a manager, to hand it "
                    "over to you.",
                    applications=", ".join(gained.mapped("display_name")),
                )
            )

    # ------------------------------------------------------------------ the periods on the waiting list
    def _waiting_periods_follow(self, was_waiting):
        """Open a period on the waiting list for the referrals that reached it, close it for those that left it
        (``was_waiting``: ``{id: on the list before}``, empty for new referrals): the figures of past periods
        read them, so that going back to the assessment or reopening rewrites nothing."""
        today = fields.Date.context_today(self)
        Period = self.env["housing.application.waiting.period"].sudo()
        to_open, to_close = [], self.browse()
        for application in self:
            before, now = was_waiting.get(application.id, False), application.state in WAITING_STATES
            if now and not before:
                start = (application.date_waiting if not was_waiting else False) or today
                to_open.append({"application_id": application.id, "date_start": start})
            elif before and not now:
                to_close |= application
            elif not was_waiting and application.date_waiting:
                # recorded at a later stage (an import of the past): the period it waited
                end = application.date_accepted or application.date_closed or application.date_waiting
                to_open.append(
                    {
                        "application_id": application.id,
                        "date_start": application.date_waiting,
                        "date_end": max(end, application.date_waiting),
                        "end_reason": application._waiting_end_reason(),
                    }
                )
        if to_close:
            for period in Period.search([("application_id", "in", to_close.ids), ("date_end", "=", False)]):
                application = period.application_id
                end = application.date_accepted or application.date_closed or today
                period.write({"date_end": max(end, period.date_start), "end_reason": application._waiting_end_reason()})
        if to_open:
            Period.create(to_open)

    def _waiting_end_reason(self):
        self.ensure_one()
        if self.state in ("accepted", "housed"):
            return "place"
        if self.state in ("withdrawn", "refused"):
            return "closed"
        return "reassessed"

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

        # taken off the list (assessed again), a referral keeps its first day on the list: the figures of the
        # periods it waited stay as they were; its periods on the list say when it left
        if state == "assessment":
            reached("date_assessment")
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
            # the agreement of an earlier acceptance is no longer this referral's: it waits for a new place
            application._flow().write(
                {"state": "waiting" if application.date_waiting else "received", "occupancy_id": False}
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
        accepted = self.filtered(lambda a: a.state == "accepted" and a.occupancy_id)
        drafts = accepted.occupancy_id
        self.proposal_ids.filtered(lambda p: p.state == "open")._cancel()
        for application in accepted:
            application.message_post(
                body=self.env._(
                    "The draft agreement %(agreement)s is deleted with the referral: the room is free again.",
                    agreement=application.occupancy_id.name,
                )
            )
        self._flow().write(
            {"state": state, "close_reason_id": reason.id, "close_note": note or False, "occupancy_id": False}
        )
        # the accepted proposal of each draft is cancelled with it (see the pathways' unlink of housing.occupancy)
        drafts.unlink()
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
        room, the entry date (``day``, or the later start of the head lease the association sub-lets it under),
        its free beds then, the fit (score, met, missed) and the days it has been empty."""
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
        entry_days = rooms._pathways_entry_days(day)
        by_entry_day = defaultdict(lambda: self.env["housing.room"])
        for room in rooms:
            if entry_days[room.id]:
                by_entry_day[entry_days[room.id]] |= room
        availability = {}
        for entry_day, entry_rooms in by_entry_day.items():
            availability.update(entry_rooms._pathways_availability(entry_day))
        today = fields.Date.context_today(self)
        found = []
        for room in rooms.filtered(lambda r: r.id in availability):
            free_beds, empty_since = availability[room.id]
            if free_beds < self.beds_needed or not self._fits_unit(room.unit_id):
                continue
            score, met, missed = self._fit(room.unit_id, free_beds)
            found.append(
                {
                    "room": room,
                    "date_start": entry_days[room.id],
                    "free_beds": free_beds,
                    "score": score,
                    "met": met,
                    "missed": missed,
                    "empty_days": pm.days_since(empty_since, today),
                }
            )
        found.sort(key=lambda line: (-line["score"], -line["empty_days"], line["room"].id))
        return found
