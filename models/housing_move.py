from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

SOCIAL_WORKER_GROUP = "solidarity_housing.group_housing_social_worker"
MANAGER_GROUP = "solidarity_housing.group_housing_manager"

# "Carried out" and "Called off", not "Done" and "Cancelled": those words are feminine elsewhere in French
MOVE_STATES = [("planned", "Planned"), ("done", "Carried out"), ("cancelled", "Called off")]
DESTINATION_TYPES = [("occupancy", "Agreement in a dwelling"), ("hotel", "Hotel stay"), ("other", "Other")]
#: agreements that hold beds (tenancy's signed states)
SIGNED_STATES = ("active", "notice", "ended")
#: marks the write of the done state by ``_housing_mark_done`` (see ``write``)
_MARKING = object()


class HousingMove(models.Model):
    """The move of a household off a site: belongings stored, the moving company and its bill, the orientation
    appointment, the destination, and the hand-over of the medical follow-up to the next case manager."""

    _name = "housing.move"
    _description = "Move off a site"
    _housing_gdpr_wipe_fields = ("storage_place", "orientation_note", "destination_note")
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date_planned desc, id desc"
    _check_company_auto = True

    name = fields.Char(
        string="Reference", required=True, copy=False, readonly=True, default=lambda self: self.env._("New")
    )
    census_id = fields.Many2one("housing.camp.census", required=True, index=True, tracking=True, ondelete="restrict")
    partner_id = fields.Many2one(related="census_id.partner_id", store=True, index=True, string="Household")
    person_count = fields.Integer(related="census_id.person_count", string="Persons")
    site_id = fields.Many2one(related="census_id.site_id", store=True, index=True, string="Site")
    company_id = fields.Many2one(related="census_id.company_id", store=True, index=True, precompute=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    programme_id = fields.Many2one(related="census_id.programme_id", store=True)
    user_id = fields.Many2one(
        "res.users", string="Responsible", default=lambda self: self.env.user, domain="[('share', '=', False)]"
    )
    state = fields.Selection(
        MOVE_STATES, default="planned", required=True, tracking=True, index=True, copy=False, string="Status"
    )
    date_planned = fields.Datetime(string="Planned for", required=True, tracking=True)
    date_done = fields.Date(string="Done on", readonly=True, copy=False, tracking=True)
    # Belongings
    storage_needed = fields.Boolean(string="Belongings stored")
    storage_place = fields.Char(string="Storage place")
    storage_volume = fields.Float(string="Volume (m³)", digits=(8, 1))
    storage_date_from = fields.Date(string="Stored from")
    storage_date_to = fields.Date(string="Stored until")
    # Moving company and its cost
    mover_id = fields.Many2one("res.partner", string="Moving company", check_company=True, tracking=True)
    mover_quote = fields.Monetary(string="Quoted cost")
    mover_bill_id = fields.Many2one(
        "account.move",
        string="Moving company's bill",
        check_company=True,
        copy=False,
        domain="[('move_type', '=', 'in_invoice'), ('partner_id', '=', mover_id)]",
    )
    mover_cost = fields.Monetary(
        string="Moving cost", compute="_compute_mover_cost", help="The bill's total once it exists, else the quote."
    )
    # Orientation
    orientation_date = fields.Datetime(string="Orientation appointment")
    orientation_partner_id = fields.Many2one(
        "res.partner", string="Orientation centre", help="The municipal centre that receives the household."
    )
    orientation_note = fields.Char(string="Orientation notes")
    # Destination
    destination_type = fields.Selection(DESTINATION_TYPES, string="Destination", required=True, default="occupancy")
    unit_id = fields.Many2one("housing.unit", string="Dwelling", check_company=True, tracking=True)
    room_id = fields.Many2one(
        "housing.room",
        check_company=True,
        tracking=True,
        domain="[('unit_id', '=', unit_id)]",
        help="Leave empty when the household takes the whole dwelling.",
    )
    occupancy_id = fields.Many2one("housing.occupancy", string="Agreement", readonly=True, copy=False, tracking=True)
    shelter_stay_id = fields.Many2one(
        "housing.shelter.stay", string="Hotel stay", check_company=True, copy=False, tracking=True
    )
    destination_note = fields.Text(string="Other destination")
    # Hand-over of the medical follow-up
    followup_id = fields.Many2one(related="census_id.followup_id", string="Support file")
    next_case_manager_id = fields.Many2one(
        "res.partner",
        string="Next case manager",
        tracking=True,
        check_company=True,
        domain="[('is_company', '=', False)]",
        help="The person who takes over the household's follow-up after the move (named: a person, not a service).",
    )
    handover_line_ids = fields.One2many(
        "housing.move.handover", "move_id", string="Hand-over checklist", groups=SOCIAL_WORKER_GROUP
    )
    # how many: social workers only (the back office reads whether the hand-over is complete, not what it holds)
    handover_missing_count = fields.Integer(
        string="Still to hand over",
        compute="_compute_handover_missing_count",
        groups=SOCIAL_WORKER_GROUP,
        help="Ongoing medical follow-ups not handed over.",
    )
    handover_complete = fields.Boolean(string="Hand-over complete", compute="_compute_handover_complete")

    # ------------------------------------------------------------------ computes
    @api.depends("mover_bill_id.amount_total", "mover_bill_id.state", "mover_quote")
    def _compute_mover_cost(self):
        for move in self:
            bill = move.mover_bill_id
            move.mover_cost = bill.amount_total if bill and bill.state != "cancel" else move.mover_quote

    @api.depends(
        "next_case_manager_id", "census_id.followup_id", "handover_line_ids.handed", "handover_line_ids.handed_to_id"
    )
    def _compute_handover_complete(self):
        for move in self:
            missing = move._housing_handover_missing()
            move.handover_complete = not missing["medical"] and not missing["goals"] and not missing["no_manager"]

    @api.depends(
        "next_case_manager_id", "census_id.followup_id", "handover_line_ids.handed", "handover_line_ids.handed_to_id"
    )
    @api.depends_context("uid")
    def _compute_handover_missing_count(self):
        for move in self:
            missing = move._housing_handover_missing()
            readable = move._housing_content_readable(missing["medical"].followup_id | missing["goals"].followup_id)
            # how many items: those of the files whose content the user reads (a social worker's own households)
            move.handover_missing_count = len(
                missing["medical"].filtered(lambda item, readable=readable: item.followup_id in readable)
            ) + len(missing["goals"].filtered(lambda goal, readable=readable: goal.followup_id in readable))

    @api.depends("name", "partner_id")
    def _compute_display_name(self):
        for move in self:
            move.display_name = f"{move.name} — {move.partner_id.name}" if move.partner_id else move.name

    # ------------------------------------------------------------------ onchanges and checks
    @api.onchange("room_id")
    def _onchange_room_id(self):
        if self.room_id:
            self.unit_id = self.room_id.unit_id

    @api.constrains("state", "destination_type", "unit_id", "room_id", "date_planned", "date_done")
    def _check_destination_free(self):
        """A household moves only into a place with a free bed for each of its persons on the day of the move."""
        for move in self.filtered(
            lambda move: move.state != "cancelled" and move.destination_type == "occupancy" and move.unit_id
        ):
            day = move.date_done or move.date_planned.date()
            place = move.room_id or move.unit_id
            move._housing_lock_rows("housing_unit", move.unit_id.ids)
            if place.out_of_service or move.unit_id.out_of_service:
                raise ValidationError(
                    self.env._(
                        "%(place)s is marked unavailable: %(household)s cannot move in. Choose another room.",
                        place=place.display_name,
                        household=move.partner_id.name,
                    )
                )
            taken, holders = move._housing_beds_taken(day)
            free = max(0, place.capacity - taken)
            if free < move.person_count:
                raise ValidationError(
                    self.env._(
                        "%(place)s is not free on %(day)s: %(free)s bed(s) free for the %(persons)s persons of "
                        "%(household)s (occupied by %(holders)s). Choose another room or another date.",
                        place=place.display_name,
                        day=day,
                        free=free,
                        persons=move.person_count,
                        household=move.partner_id.name,
                        holders=", ".join(holders),
                    )
                )

    @api.constrains("unit_id", "room_id", "shelter_stay_id", "census_id", "destination_type")
    def _check_destination_links(self):
        """The room is one of the dwelling's; the hotel stay is the household's."""
        for move in self:
            if move.room_id and move.room_id.unit_id != move.unit_id:
                raise ValidationError(
                    self.env._(
                        "%(room)s is not a room of %(unit)s: choose a room of the dwelling %(household)s moves into.",
                        room=move.room_id.display_name,
                        unit=move.unit_id.display_name or self.env._("no dwelling"),
                        household=move.partner_id.name,
                    )
                )
            stay = move.shelter_stay_id
            if stay and stay.partner_id != move.partner_id:
                raise ValidationError(
                    self.env._(
                        "The hotel stay %(stay)s is not one of %(household)s: choose a stay of the household that "
                        "moves.",
                        stay=stay.name,
                        household=move.partner_id.name,
                    )
                )

    @api.constrains("next_case_manager_id")
    def _check_next_case_manager(self):
        """The next case manager is named: a person, not a service (the support file may name either)."""
        for move in self:
            manager = move.next_case_manager_id
            if manager.is_company:
                raise ValidationError(
                    self.env._(
                        "%(manager)s is an organisation: name the person who takes over the follow-up of "
                        "%(household)s (a contact of that organisation).",
                        manager=manager.name,
                        household=move.partner_id.name,
                    )
                )

    @api.constrains("mover_id", "mover_bill_id")
    def _check_mover_bill(self):
        """The moving company's bill is a vendor bill of that company: its total is the cost of the move."""
        for move in self.filtered("mover_bill_id"):
            bill = move.mover_bill_id.sudo()
            if bill.move_type != "in_invoice" or bill.partner_id.commercial_partner_id != (
                move.mover_id.commercial_partner_id
            ):
                raise ValidationError(
                    self.env._(
                        "%(bill)s is not a bill of the moving company %(mover)s: choose its vendor bill for the move "
                        "of %(household)s.",
                        bill=bill.display_name,
                        mover=move.mover_id.name or self.env._("(none chosen)"),
                        household=move.partner_id.name,
                    )
                )

    @api.constrains("storage_date_from", "storage_date_to", "storage_volume", "mover_quote")
    def _check_storage(self):
        for move in self:
            if move.storage_date_from and move.storage_date_to and move.storage_date_to < move.storage_date_from:
                raise ValidationError(
                    self.env._(
                        "The belongings of %(household)s cannot leave the storage (%(to)s) before entering it "
                        "(%(from)s): check the dates.",
                        household=move.partner_id.name,
                        to=move.storage_date_to,
                        **{"from": move.storage_date_from},
                    )
                )
            if move.storage_volume < 0 or move.mover_quote < 0:
                raise ValidationError(
                    self.env._(
                        "The stored volume and the quoted cost of the move of %(household)s cannot be negative.",
                        household=move.partner_id.name,
                    )
                )

    # ------------------------------------------------------------------ CRUD
    @api.model_create_multi
    def create(self, vals_list):
        new_label = self.env._("New")
        for vals in vals_list:
            if vals.get("name", new_label) == new_label:
                census = self.env["housing.camp.census"].browse(vals.get("census_id"))
                vals["name"] = (
                    self.env["ir.sequence"]
                    .with_company(census.company_id or self.env.company)
                    .next_by_code("housing.move")
                    or new_label
                )
        # a move created done (an import) is created planned, then marked done as the button does it
        done_dates = {}
        for index, vals in enumerate(vals_list):
            if vals.get("state") == "done":
                done_dates[index] = vals.get("date_done")
                vals_list[index] = {key: value for key, value in vals.items() if key not in ("state", "date_done")}
        moves = super().create(vals_list)
        for index, date_done in done_dates.items():
            moves[index]._housing_mark_done(date_done)
        return moves

    def write(self, vals):
        if "state" in vals and vals["state"] != "done":
            done = self.filtered(lambda move: move.state == "done")
            if done:
                raise UserError(
                    self.env._(
                        "%(moves)s is done: it stays in the site's history and figures.",
                        moves=", ".join(done.mapped("name")),
                    )
                )
        if vals.get("state") == "done" and self.env.context.get("housing_move_marking") is not _MARKING:
            # marking a move done (a button, an import, an RPC call) checks the hand-over on the new values, sets the
            # day it was done and activates the agreement: the same path as the button
            to_do = self.filtered(lambda move: move.state != "done")
            others = {key: value for key, value in vals.items() if key not in ("state", "date_done")}
            if others:
                super().write(others)
            for move in to_do:
                move._housing_mark_done(vals.get("date_done"))
            return True
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_done(self):
        done = self.filtered(lambda move: move.state == "done")
        if done:
            raise UserError(
                self.env._(
                    "%(moves)s is done: it stays in the site's history and figures.",
                    moves=", ".join(done.mapped("name")),
                )
            )

    # ------------------------------------------------------------------ actions
    def action_prepare_occupancy(self):
        """A draft agreement for the household in the destination, through tenancy's own model: the back office
        completes rent and payers there; it is activated when the move is done."""
        self.ensure_one()
        if self.destination_type != "occupancy" or not self.unit_id:
            raise UserError(
                self.env._(
                    "Choose the dwelling (and the room) the household of %(household)s moves into first.",
                    household=self.partner_id.name,
                )
            )
        if not self.occupancy_id:
            self.occupancy_id = self._housing_new_occupancy()
        return {
            "type": "ir.actions.act_window",
            "res_model": "housing.occupancy",
            "res_id": self.occupancy_id.id,
            "view_mode": "form",
        }

    def action_prepare_handover(self):
        """List on the checklist every ongoing medical follow-up and open health goal of the household's file."""
        for move in self:
            missing = move._housing_handover_missing()
            listed = move.handover_line_ids
            commands = [
                Command.create({"medical_id": medical.id, "handed_to_id": move.next_case_manager_id.id})
                for medical in missing["medical"]
                if medical not in listed.medical_id
            ] + [
                Command.create({"goal_id": goal.id, "handed_to_id": move.next_case_manager_id.id})
                for goal in missing["goals"]
                if goal not in listed.goal_id
            ]
            if commands:
                move.handover_line_ids = commands

    def action_print_handover(self):
        self.ensure_one()
        followup = self.census_id.followup_id
        if not followup:
            raise UserError(
                self.env._(
                    "%(household)s has no support file: open the accompaniment from the census first.",
                    household=self.partner_id.name,
                )
            )
        if self.next_case_manager_id and not followup.next_case_manager_id:
            followup.next_case_manager_id = self.next_case_manager_id
        return followup.action_print_handover()

    def action_done(self):
        self._housing_check_can_be_done()
        self.write({"state": "done"})
        return True

    def _housing_mark_done(self, date_done=None):
        """Mark the move done on ``date_done`` (by default its planned day, or today if that is still to come): the
        hand-over complete, the household's agreement activated, the next case manager told to the support file."""
        self.ensure_one()
        self._housing_check_can_be_done()
        today = fields.Date.context_today(self)
        day = fields.Date.to_date(date_done) if date_done else min(self.date_planned.date(), today)
        if day > today:
            raise UserError(
                self.env._(
                    "The move of %(household)s cannot be done on %(date)s, a day still to come: mark it done on the "
                    "day it happens.",
                    household=self.partner_id.name,
                    date=day,
                )
            )
        if self.destination_type == "occupancy":
            self._housing_settle_occupancy(day)
        # the one write of the done state that this model's write lets through (it routes every other one here): its
        # context mark is an object of this module, which no import nor RPC call can send
        self.with_context(housing_move_marking=_MARKING).write({"state": "done", "date_done": day})
        followup = self.sudo().census_id.followup_id
        if followup and self.next_case_manager_id:
            followup.next_case_manager_id = self.next_case_manager_id
            followup.message_post(
                body=self.env._(
                    "Moved on %(date)s (%(move)s); next case manager: %(manager)s.",
                    date=day,
                    move=self.name,
                    manager=self.next_case_manager_id.name,
                ),
                subtype_xmlid="mail.mt_note",
            )

    def action_cancel(self):
        for move in self:
            if move.state == "done":
                raise UserError(self.env._("%(move)s is done: it cannot be cancelled.", move=move.name))
            if move.occupancy_id.state == "draft":
                move.occupancy_id.unlink()
        self.write({"state": "cancelled"})

    def action_reset_planned(self):
        self.filtered(lambda move: move.state == "cancelled").write({"state": "planned"})

    def action_view_occupancy(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "housing.occupancy",
            "res_id": self.occupancy_id.id,
            "view_mode": "form",
        }

    # ------------------------------------------------------------------ business
    def _housing_beds_taken(self, day):
        """Beds of the destination taken on ``day`` by signed agreements and by other planned moves:
        ``(beds, [who])``."""
        self.ensure_one()
        place = self.room_id or self.unit_id
        agreements = (
            self.env["housing.occupancy"]
            .sudo()
            .search(
                [("unit_id", "=", self.unit_id.id), ("state", "in", SIGNED_STATES), ("id", "!=", self.occupancy_id.id)]
            )
        )
        agreements = agreements.filtered(
            lambda occ: occ._covers(day) and (not self.room_id or not occ.room_id or occ.room_id == self.room_id)
        )
        taken, holders = 0, []
        for occupancy in agreements:
            taken += place.capacity if not occupancy.room_id else occupancy.person_count
            holders.append(occupancy.display_name)
        others = (
            self.sudo()
            .search(
                [
                    ("id", "!=", self.id),
                    ("state", "=", "planned"),
                    ("destination_type", "=", "occupancy"),
                    ("unit_id", "=", self.unit_id.id),
                ]
            )
            .filtered(
                lambda move: (
                    (not self.room_id or not move.room_id or move.room_id == self.room_id)
                    and move.date_planned.date() <= day
                    and move.occupancy_id.state in (False, "draft")
                )
            )
        )
        for move in others:
            taken += move.person_count
            holders.append(move.display_name)
        return taken, holders

    def _housing_handover_missing(self):
        """What is not handed over yet: ``{"medical": records, "goals": goals, "no_manager": bool}``."""
        self.ensure_one()
        followups = self.sudo().census_id.followup_id or self.env["housing.followup"].sudo().search(
            [
                ("partner_id", "=", self.partner_id.id),
                ("state", "!=", "closed"),
                ("company_id", "=", self.company_id.id),
            ]
        )
        medical, goals = followups._housing_handover_items()
        files = medical.followup_id | goals.followup_id
        if (self.env.su or self.env.user.has_group(SOCIAL_WORKER_GROUP)) and self._housing_content_readable(
            files
        ) == files:
            # the user reads every item: the checklist as the form shows it, with its changes not saved yet
            lines = self.handover_line_ids
        else:
            # searched: the move's list holds only the lines the user may read
            lines = self.env["housing.move.handover"].sudo().search([("move_id", "=", self._origin.id)])
        handed = lines.filtered(lambda line: line.handed and line.handed_to_id)
        missing_medical = medical - handed.medical_id
        missing_goals = goals - handed.goal_id
        return {
            "medical": missing_medical,
            "goals": missing_goals,
            "no_manager": bool(medical or goals) and not self.next_case_manager_id,
        }

    def _housing_check_can_be_done(self):
        """Refuse to mark done a move whose destination is unknown or whose medical hand-over is incomplete."""
        for move in self:
            if move.state == "cancelled":
                raise UserError(self.env._("%(move)s is cancelled: plan it again first.", move=move.name))
            if move.destination_type == "occupancy" and not move.unit_id:
                raise UserError(
                    self.env._(
                        "Say where %(household)s moves: the dwelling (and the room) of the agreement.",
                        household=move.partner_id.name,
                    )
                )
            if move.destination_type == "hotel" and not move.shelter_stay_id:
                raise UserError(
                    self.env._("Record the hotel stay %(household)s moves into.", household=move.partner_id.name)
                )
            if move.destination_type == "other" and not (move.destination_note or "").strip():
                raise UserError(
                    self.env._(
                        "Describe where %(household)s moves (other destination).", household=move.partner_id.name
                    )
                )
            missing = move._housing_handover_missing()
            if not missing["medical"] and not missing["goals"] and not missing["no_manager"]:
                continue
            reasons = []
            if missing["no_manager"]:
                reasons.append(self.env._("no next case manager is named"))
            files = missing["medical"].followup_id | missing["goals"].followup_id
            if files and move._housing_content_readable(files) == files:
                # what is missing, read as the user (the medical records' rules apply)
                reasons += self.env["housing.followup.medical"].browse(missing["medical"].ids).mapped("display_name")
                reasons += [self.env._("health goal “%(goal)s”", goal=goal.name) for goal in missing["goals"]]
            elif files:
                # the back office (or another team's social worker) learns that something is missing, never what
                reasons.append(
                    self.env._(
                        "the medical follow-up is not all handed over: the social worker %(user)s completes the "
                        "hand-over",
                        user=", ".join(files.user_id.mapped("name")),
                    )
                )
            raise UserError(
                self.env._(
                    "The move of %(household)s cannot be marked done: the hand-over of its medical follow-up is "
                    "incomplete. Missing: %(missing)s. Name the next case manager, prepare the hand-over checklist "
                    "and tick each item handed over, then mark the move done.",
                    household=move.partner_id.name,
                    missing="; ".join(reasons),
                )
            )

    def _housing_content_readable(self, followups):
        """The support files among ``followups`` whose content (medical follow-up, goals) the current user reads:
        their social worker's, her programme's when it allows it, and managers'."""
        if self.env.su or self.env.user.has_group(MANAGER_GROUP):
            return followups
        if not self.env.user.has_group(SOCIAL_WORKER_GROUP):
            return followups.browse()
        Followup = self.env["housing.followup"]
        readable = Followup.browse(followups.ids).filtered_domain(Followup._content_scope_domain())
        return followups.filtered(lambda followup: followup.id in readable.ids)

    @api.model
    def _housing_lock_rows(self, table, ids):
        """Serialise the checks of concurrent transactions on these rows (a dwelling's free beds, a household's
        stays): the row is updated, not only locked, so that under Odoo's repeatable-read isolation a concurrent
        transaction that checked on an older snapshot fails to serialise and is retried, and then sees this one."""
        if ids:
            self.env.cr.execute(
                SQL(
                    "UPDATE %s SET write_date = write_date WHERE id IN %s",
                    SQL.identifier(table),
                    tuple(ids),
                )
            )

    def _housing_new_occupancy(self, day=None):
        """A draft agreement for the household in the destination (the occupant pays the rest, to be completed)."""
        self.ensure_one()
        return self.env["housing.occupancy"].create(
            {
                "unit_id": self.unit_id.id,
                "room_id": self.room_id.id,
                "partner_id": self.partner_id.id,
                "date_start": day or self.date_planned.date(),
                "share_ids": [Command.create({"payer_kind": "occupant", "is_remainder": True})],
            }
        )

    def _housing_settle_occupancy(self, day):
        """The household's agreement starts on the day of the move (tenancy checks beds, lease and payers)."""
        self.ensure_one()
        occupancy = self.occupancy_id
        if not occupancy:
            occupancy = self.occupancy_id = self._housing_new_occupancy(day)
        if occupancy.state == "draft":
            if occupancy.date_start != day:
                occupancy.date_start = day
            occupancy.action_activate()
