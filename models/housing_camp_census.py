from collections import defaultdict

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Domain

from ..tools.housing_math import period_last_day

SOCIAL_WORKER_GROUP = "solidarity_housing.group_housing_social_worker"
MANAGER_GROUP = "solidarity_housing.group_housing_manager"

HOUSING_WISHES = [
    ("flat", "Flat"),
    ("house", "House"),
    ("mobile_home", "Mobile home or integration site"),
    ("shared", "Shared housing"),
    ("shelter", "Shelter with accompaniment"),
    ("any", "No preference"),
]

#: What came of a household when it left the site (the State's platform's "closing solutions").
OUTCOMES = [
    ("temporary_shelter", "Temporary shelter (a few days or weeks)"),
    ("long_term", "Long-term shelter or adapted housing with accompaniment"),
    ("housing", "Housing"),
    ("none", "None"),
    ("other", "Other"),
]
LASTING_OUTCOMES = ("long_term", "housing")

STAGES = [("censused", "Censused"), ("accompanied", "Accompanied"), ("moved", "Moved")]

#: Which part of the interview describes the situation of a support domain (by the domain's code).
DOMAIN_SITUATIONS = {"health": "health_needs", "residence": "papers_situation", "employment": "work_situation"}


class HousingCampCensus(models.Model):
    """The social census of one household on a site: the interview, the household, its needs and wishes, its
    consent; then its accompaniment on site and its move."""

    _name = "housing.camp.census"
    _description = "Social census of a household"
    _housing_gdpr_wipe_fields = "work_situation wish_area wish_project wish_family_ids"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "site_id, date desc, id desc"
    _check_company_auto = True
    _LASTING_OUTCOMES = LASTING_OUTCOMES

    name = fields.Char(
        string="Reference", required=True, copy=False, readonly=True, default=lambda self: self.env._("New")
    )
    site_id = fields.Many2one("housing.camp.site", required=True, index=True, tracking=True, ondelete="restrict")
    company_id = fields.Many2one(related="site_id.company_id", store=True, index=True, precompute=True)
    programme_id = fields.Many2one(related="site_id.programme_id", store=True, index=True, precompute=True)
    partner_id = fields.Many2one(
        "res.partner",
        string="Household",
        required=True,
        index=True,
        tracking=True,
        ondelete="restrict",
        check_company=True,
        domain="[('is_company', '=', False), ('housing_head_id', '=', False)]",
        help="The head of the household interviewed; the other members are listed in the interview.",
    )
    date = fields.Date(string="Interview date", required=True, default=fields.Date.context_today, tracking=True)
    user_id = fields.Many2one(
        "res.users", string="Interviewer", default=lambda self: self.env.user, domain="[('share', '=', False)]"
    )
    interpreter_name = fields.Char(string="Interpreter", help="Who interpreted the interview, if anyone.")
    languages = fields.Char(string="Languages of the household")
    # Consent (the census is held with the household's consent, recorded)
    consent_date = fields.Date(string="Consent given on", tracking=True)
    consent_given_to_id = fields.Many2one(
        "res.users", string="Consent given to", tracking=True, domain="[('share', '=', False)]"
    )
    # The household
    member_ids = fields.One2many("housing.camp.census.member", "census_id", string="Members")
    person_count = fields.Integer(string="Persons", compute="_compute_person_count", store=True)
    # The interview: health and papers read like the support file (housing.camp.census.detail and its rules): the
    # interviewer, the social worker of the household's file (or her programme's, when it allows it), managers
    detail_ids = fields.One2many(
        "housing.camp.census.detail", "census_id", string="Health and papers", groups=SOCIAL_WORKER_GROUP
    )
    health_needs = fields.Text(
        string="Health needs", compute="_compute_details", inverse="_inverse_details", groups=SOCIAL_WORKER_GROUP
    )
    papers_situation = fields.Text(
        string="Papers", compute="_compute_details", inverse="_inverse_details", groups=SOCIAL_WORKER_GROUP
    )
    details_readable = fields.Boolean(
        string="Health and papers readable",
        compute="_compute_details",
        groups=SOCIAL_WORKER_GROUP,
        help="The interviewer, the social worker of the household's support file and managers read the household's "
        "health, papers and needs.",
    )
    work_situation = fields.Text(string="Work and resources")
    need_ids = fields.One2many(
        "housing.camp.census.need", "census_id", string="Needs by domain", groups=SOCIAL_WORKER_GROUP
    )
    # Wishes
    wish_area = fields.Char(string="Area wished")
    wish_housing_type = fields.Selection(HOUSING_WISHES, string="Housing wished")
    wish_family_ids = fields.Many2many(
        "res.partner",
        "housing_camp_census_wish_family_rel",
        "census_id",
        "partner_id",
        string="Families to stay with",
        check_company=True,
        domain="[('is_company', '=', False), ('housing_head_id', '=', False), ('id', '!=', partner_id)]",
        help="Households the family wishes to live near after the move (Montaudran 2016: ignored, and criticised).",
    )
    wish_project = fields.Text(string="Long-term project")
    note = fields.Text(string="Notes", help="Facts only: the household may read what is recorded (right of access).")
    # What came of it
    followup_id = fields.Many2one("housing.followup", string="Support file", readonly=True, copy=False, index=True)
    is_accompanied = fields.Boolean(string="Accompanied", compute="_compute_is_accompanied", store=True)
    move_ids = fields.One2many("housing.move", "census_id", string="Moves")
    is_moved = fields.Boolean(string="Moved", compute="_compute_move_outcome", store=True)
    destination_type = fields.Selection(
        [("occupancy", "Agreement in a dwelling"), ("hotel", "Hotel stay"), ("other", "Other")],
        string="Destination",
        compute="_compute_move_outcome",
        store=True,
    )
    outcome = fields.Selection(
        OUTCOMES,
        compute="_compute_move_outcome",
        store=True,
        readonly=False,
        tracking=True,
        help="What came of the household: set by its move (an agreement, a hotel stay), or by hand.",
    )
    stage = fields.Selection(STAGES, compute="_compute_stage", store=True, index=True)

    _site_partner_uniq = models.Constraint(
        "UNIQUE(site_id, partner_id)",
        "This household is already censused on this site: complete its interview instead of adding another.",
    )

    # ------------------------------------------------------------------ computes
    @api.depends("member_ids")
    def _compute_person_count(self):
        for census in self:
            census.person_count = len(census.member_ids)

    @api.model
    def _content_scope_domain(self):
        """Censuses whose health, papers and needs the current social worker reads: those she held, those of the
        households she follows, and her programmes' when they allow it (as the support file's content)."""
        uid = self.env.uid
        return (
            Domain("user_id", "=", uid)
            | Domain("followup_id.user_id", "=", uid)
            | (
                Domain("programme_id.followup_visibility", "=", "programme")
                & Domain("programme_id.social_worker_ids", "in", [uid])
            )
        )

    def _housing_details_readable(self):
        """The censuses of ``self`` whose health, papers and needs the current user reads."""
        if self.env.su or self.env.user.has_group(MANAGER_GROUP):
            return self
        if not self.env.user.has_group(SOCIAL_WORKER_GROUP):
            return self.browse()
        return self.filtered_domain(self._content_scope_domain())

    def _details(self, sudo=False):
        """``{census id: detail}`` of these censuses, as the user may read them (or all)."""
        Detail = self.env["housing.camp.census.detail"]
        details = (Detail.sudo() if sudo else Detail).search([("census_id", "in", self._origin.ids)])
        return {detail.census_id.id: detail for detail in details}

    @api.depends(
        "detail_ids.health_needs",
        "detail_ids.papers_situation",
        "user_id",
        "followup_id.user_id",
        "programme_id.followup_visibility",
        "programme_id.social_worker_ids",
    )
    @api.depends_context("uid")
    def _compute_details(self):
        readable = self._details()
        in_scope = self._origin._housing_details_readable()
        empty = self.env["housing.camp.census.detail"]
        for census in self:
            detail = readable.get(census._origin.id, empty)
            census.health_needs = detail.health_needs
            census.papers_situation = detail.papers_situation
            census.details_readable = not census._origin or census._origin in in_scope

    def _inverse_details(self):
        """Write the health and papers on the censuses' details, as the user: the details' rules decide."""
        readable = self._details()
        hidden = set(self._details(sudo=True)) - set(readable)
        to_create = []
        for census in self:
            if census.id in hidden:
                raise AccessError(census._details_confidential_message())
            values = {"health_needs": census.health_needs, "papers_situation": census.papers_situation}
            if census.id in readable:
                readable[census.id].write(values)
            elif census.health_needs or census.papers_situation:
                to_create.append({"census_id": census.id, **values})
        if to_create:
            try:
                self.env["housing.camp.census.detail"].create(to_create)
            except AccessError:
                raise AccessError(self[:1]._details_confidential_message()) from None

    def _details_confidential_message(self):
        return self.env._(
            "The health, papers and needs of %(household)s are confidential: only the social worker who held the "
            "census, the social worker of the household's support file and managers may read or change them.",
            household=self.partner_id.name,
        )

    @api.depends("followup_id")
    def _compute_is_accompanied(self):
        for census in self:
            census.is_accompanied = bool(census.followup_id)

    @api.depends("move_ids.state", "move_ids.destination_type", "move_ids.occupancy_id.occupancy_type")
    def _compute_move_outcome(self):
        for census in self:
            done = census.move_ids.filtered(lambda move: move.state == "done").sorted("date_done")[-1:]
            census.is_moved = bool(done)
            census.destination_type = done.destination_type
            if not done:
                census.outcome = census.outcome
            elif done.destination_type == "occupancy":
                census.outcome = "long_term" if done.occupancy_id.occupancy_type == "shelter" else "housing"
            elif done.destination_type == "hotel":
                census.outcome = "temporary_shelter"
            else:
                census.outcome = census.outcome or "other"

    @api.depends("is_accompanied", "is_moved")
    def _compute_stage(self):
        for census in self:
            census.stage = "moved" if census.is_moved else "accompanied" if census.is_accompanied else "censused"

    @api.depends("name", "partner_id")
    def _compute_display_name(self):
        for census in self:
            census.display_name = f"{census.name} — {census.partner_id.name}" if census.partner_id else census.name

    @api.onchange("partner_id")
    def _onchange_partner_id(self):
        """The head of household is the first member of the interview."""
        if self.partner_id and self.partner_id not in self.member_ids.partner_id:
            self.member_ids = [Command.create(self._housing_head_line(self.partner_id))]

    # ------------------------------------------------------------------ checks
    @api.model
    def _housing_check_once_per_site(self, pairs, exclude_ids=()):
        """Refuse a second census of a household on a site (``pairs``: ``(site id, partner id)``), before the
        database does it with a message that names no one."""
        for site_id, partner_id in pairs:
            other = self.sudo().search(
                [("site_id", "=", site_id), ("partner_id", "=", partner_id), ("id", "not in", list(exclude_ids))],
                limit=1,
            )
            if other:
                raise ValidationError(
                    self.env._(
                        "%(household)s was already censused on %(site)s (%(census)s, %(date)s): complete that "
                        "interview instead of recording another.",
                        household=other.partner_id.name,
                        site=other.site_id.name,
                        census=other.name,
                        date=other.date,
                    )
                )

    @api.constrains("consent_date", "consent_given_to_id")
    def _check_consent(self):
        for census in self:
            if not census.consent_date or not census.consent_given_to_id:
                raise ValidationError(
                    self.env._(
                        "The census of %(household)s needs the household's consent: enter the day it was given and "
                        "to whom. Without consent, record nothing.",
                        household=census.partner_id.name,
                    )
                )

    @api.constrains("partner_id")
    def _check_partner_is_head(self):
        for census in self:
            partner = census.partner_id
            if partner.is_company or partner.housing_head_id:
                raise ValidationError(
                    self.env._(
                        "%(person)s is not the head of a household: census the household under its head (%(head)s).",
                        person=partner.name,
                        head=partner.housing_head_id.name or partner.name,
                    )
                )

    # ------------------------------------------------------------------ CRUD
    @api.model_create_multi
    def create(self, vals_list):
        self._housing_check_once_per_site([(vals.get("site_id"), vals.get("partner_id")) for vals in vals_list])
        new_label = self.env._("New")
        for vals in vals_list:
            if vals.get("name", new_label) == new_label:
                site = self.env["housing.camp.site"].browse(vals.get("site_id"))
                vals["name"] = (
                    self.env["ir.sequence"]
                    .with_company(site.company_id or self.env.company)
                    .next_by_code("housing.camp.census")
                    or new_label
                )
            head = self.env["res.partner"].browse(vals.get("partner_id"))
            lines = vals.get("member_ids") or []
            if head and not any(
                command[0] == Command.CREATE
                and (command[2].get("partner_id") == head.id or command[2].get("relationship") == "head")
                for command in lines
            ):
                vals["member_ids"] = [Command.create(self._housing_head_line(head)), *lines]
        censuses = super().create(vals_list)
        # the consent is checked on every census created, not only when its fields are given (an import may omit them)
        censuses._check_consent()
        return censuses

    def write(self, vals):
        if "user_id" in vals and not self.env.su:
            # handing a census to another interviewer hands its health and papers: only who reads them may do it
            hidden = self - self._housing_details_readable()
            if hidden:
                raise AccessError(
                    self.env._(
                        "%(household)s was censused by %(user)s: only that social worker, the social worker of the "
                        "household's support file or a manager may hand the census to another interviewer.",
                        household=hidden[0].partner_id.name,
                        user=hidden[0].user_id.name or "",
                    )
                )
        if "site_id" in vals or "partner_id" in vals:
            for census in self:
                self._housing_check_once_per_site(
                    [(vals.get("site_id", census.site_id.id), vals.get("partner_id", census.partner_id.id))],
                    exclude_ids=self.ids,
                )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_followed(self):
        followed = self.filtered(lambda census: census.followup_id or census.move_ids)
        if followed:
            raise UserError(
                self.env._(
                    "%(censuses)s led to a support file or a move: keep the census, its figures are reported.",
                    censuses=", ".join(followed.mapped("name")),
                )
            )

    # ------------------------------------------------------------------ actions
    def action_open_followup(self):
        """*Ouvrir l'accompagnement*: the household's support file, measure "camp resorption accompaniment", for
        the programme's months (4 by default), its first assessment and its goals taken from the census."""
        self.ensure_one()
        if self.followup_id:
            raise UserError(
                self.env._(
                    "The accompaniment of %(household)s is already open: %(file)s.",
                    household=self.partner_id.name,
                    file=self.followup_id.display_name,
                )
            )
        if not self._housing_details_readable():
            # the file is opened from the interview's needs and situation: who may not read them may not open it
            raise AccessError(self._details_confidential_message())
        Followup = self.env["housing.followup"]
        programme = self.programme_id
        start = fields.Date.context_today(self)
        months = programme.resorption_accompaniment_months
        end = period_last_day(start, months) if months else False
        goals = [
            Command.create({"domain_id": need.domain_id.id, "name": need.name, "deadline": end})
            for need in self.need_ids
        ]
        existing = Followup.search(
            [
                ("partner_id", "=", self.partner_id.id),
                ("state", "!=", "closed"),
                ("company_id", "=", self.company_id.id),
            ],
            limit=1,
        )
        if existing:
            # the household is already followed (one open file per household): its file goes on, with its own
            # measure and end, and the needs of the census become goals due by the end of the accompaniment on site
            existing.write({"goal_ids": goals})
            followup = existing
            measures = dict(Followup._fields["measure_type"]._description_selection(self.env))
            note = self.env._(
                "Accompaniment on site from the census %(census)s (site %(site)s): the household was already followed "
                "in this file (measure %(measure)s), which goes on unchanged; the %(count)s need(s) of the census "
                "were added as goals, due on %(deadline)s.",
                census=self.name,
                site=self.site_id.name,
                measure=measures.get(existing.measure_type, existing.measure_type),
                count=len(goals),
                deadline=end or self.env._("no date"),
            )
            followup.message_post(body=note, subtype_xmlid="mail.mt_note")
            self.message_post(body=note, subtype_xmlid="mail.mt_note")
        else:
            social_worker = self.user_id if self.user_id.has_group(SOCIAL_WORKER_GROUP) else self.env.user
            followup = Followup.create(
                {
                    "partner_id": self.partner_id.id,
                    "user_id": social_worker.id,
                    "programme_id": programme.id,
                    "company_id": self.company_id.id,
                    "measure_type": "resorption",
                    "date_start": start,
                    "date_end": end,
                    "assessment_date": self.date,
                    "assessment_ids": self._housing_assessment_commands(),
                    "goal_ids": goals,
                }
            )
            if followup.assessment_ids:
                followup.action_start()
        self.followup_id = followup
        self.message_post(
            body=self.env._("Accompaniment opened: %(file)s.", file=followup.display_name), subtype_xmlid="mail.mt_note"
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "housing.followup",
            "res_id": followup.id,
            "view_mode": "form",
        }

    def action_new_move(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("solidarity_housing.housing_move_action")
        action.update(
            {
                "views": [(False, "form")],
                "view_mode": "form",
                "context": {"default_census_id": self.id},
            }
        )
        return action

    # ------------------------------------------------------------------ business
    @api.model
    def _housing_head_line(self, head):
        return {"partner_id": head.id, "name": head.name, "birthdate": head.housing_birthdate, "relationship": "head"}

    def _housing_assessment_commands(self):
        """One assessment line per support domain the interview speaks of: its situation, its needs."""
        self.ensure_one()
        needs_by_domain = defaultdict(list)
        for need in self.need_ids:
            needs_by_domain[need.domain_id].append(need.name)
        domains = self.env["housing.followup.domain"].search([("active", "=", True)])
        commands = []
        for domain in domains:
            situation = self[DOMAIN_SITUATIONS[domain.code]] if domain.code in DOMAIN_SITUATIONS else False
            if situation or needs_by_domain[domain]:
                commands.append(
                    Command.create(
                        {
                            "domain_id": domain.id,
                            "situation": situation,
                            "needs": "\n".join(needs_by_domain[domain]) or False,
                            "wishes": self.wish_project if domain.code == "housing" else False,
                        }
                    )
                )
        return commands

    def _housing_persons_in_work(self):
        """{census id: persons in work}: members with a work contract recorded; a household whose employment goal
        was reached counts at least one person."""
        contracts = dict(
            self.env["housing.camp.census.member"]
            .sudo()
            ._read_group([("census_id", "in", self.ids), ("has_work_contract", "=", True)], ["census_id"], ["__count"])
        )
        followups = self.sudo().followup_id
        reached = set(
            self.env["housing.followup.goal"]
            .sudo()
            .search(
                [
                    ("followup_id", "in", followups.ids),
                    ("state", "=", "done"),
                    ("domain_id.code", "=", "employment"),
                ]
            )
            .followup_id.ids
        )
        return {
            census.id: contracts.get(census, 0) or (1 if census.sudo().followup_id.id in reached else 0)
            for census in self
        }
