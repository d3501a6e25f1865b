import logging
from collections import defaultdict

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Domain

from ..tools.housing_math import add_months, period_last_day

_logger = logging.getLogger(__name__)

MEASURE_TYPES = [
    ("internal", "Internal support"),
    ("asll", "ASLL (housing-related social support)"),
    ("avdl", "AVDL (support towards and in housing)"),
    ("resorption", "Camp resorption accompaniment"),
]
#: Measures whose support periods are bounded by the company's settings (3 to 6 months, up to 12).
BOUNDED_MEASURES = ("asll", "avdl")

FOLLOWUP_STATES = [
    ("draft", "Assessment"),
    ("active", "Ongoing"),
    ("closed", "Closed"),
]

CLOSING_REASONS = [
    ("goals_reached", "Goals reached"),
    ("left", "Household left the housing"),
    ("programme_change", "Changed programme"),
    ("ended_by_person", "Ended by the person"),
    ("other", "Other"),
]

#: Support files handled per batch (and per commit) by the scheduled jobs.
BATCH_SIZE = 200

SOCIAL_WORKER_GROUP = "solidarity_housing.group_housing_social_worker"
MANAGER_GROUP = "solidarity_housing.group_housing_manager"


class HousingFollowup(models.Model):
    _name = "housing.followup"
    _description = "Support file"
    _inherit = ["mail.thread", "mail.activity.mixin", "housing.alert.mixin"]
    _order = "state, date_start desc, id desc"
    _check_company_auto = True

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
    partner_id = fields.Many2one(
        "res.partner",
        string="Household",
        required=True,
        index=True,
        tracking=True,
        ondelete="restrict",
        check_company=True,
        domain="[('is_company', '=', False), ('housing_head_id', '=', False)]",
        help="The head of the household followed; the members come with them.",
    )
    member_ids = fields.One2many(related="partner_id.housing_member_ids", string="Household members")
    household_size = fields.Integer(related="partner_id.housing_household_size")
    user_id = fields.Many2one(
        "res.users",
        string="Social worker",
        required=True,
        index=True,
        tracking=True,
        default=lambda self: self.env.user,
        domain=lambda self: [("share", "=", False), ("all_group_ids", "in", self.env.ref(SOCIAL_WORKER_GROUP).ids)],
    )
    programme_id = fields.Many2one(
        "housing.programme", required=True, index=True, tracking=True, check_company=True, ondelete="restrict"
    )
    measure_type = fields.Selection(MEASURE_TYPES, string="Measure", required=True, default="internal", tracking=True)
    date_start = fields.Date(string="Start date", required=True, default=fields.Date.context_today, tracking=True)
    date_end = fields.Date(
        string="End of support period",
        tracking=True,
        help="ASLL and AVDL: 3 to 6 months, renewable up to 12 months in all (see the settings).",
    )
    renewal_count = fields.Integer(string="Renewals", readonly=True, copy=False)
    state = fields.Selection(
        FOLLOWUP_STATES, string="Status", default="draft", required=True, tracking=True, index=True, copy=False
    )
    date_closed = fields.Date(string="Closed on", readonly=True, copy=False, tracking=True)
    closing_reason = fields.Selection(CLOSING_REASONS, readonly=True, copy=False, tracking=True)
    next_case_manager_id = fields.Many2one(
        "res.partner",
        string="Next case manager",
        tracking=True,
        help="Who takes over the household's support after the hand-over (person or organisation).",
    )
    entry_plan_done = fields.Boolean(string="Entry plan launched", readonly=True, copy=False)
    anonymised = fields.Boolean(readonly=True, copy=False)
    date_anonymised = fields.Date(string="Anonymised on", readonly=True, copy=False)
    # Content: protected models, readable by the file's social workers and managers only
    assessment_date = fields.Date(string="Assessment date", groups=SOCIAL_WORKER_GROUP)
    assessment_ids = fields.One2many(
        "housing.followup.assessment",
        "followup_id",
        groups=SOCIAL_WORKER_GROUP,
        help="Situation, needs and wishes of the household, domain by domain.",
    )
    goal_ids = fields.One2many("housing.followup.goal", "followup_id", string="Goals", groups=SOCIAL_WORKER_GROUP)
    meeting_ids = fields.One2many(
        "housing.followup.meeting", "followup_id", string="Meetings", groups=SOCIAL_WORKER_GROUP
    )
    can_read_content = fields.Boolean(compute="_compute_can_read_content")
    goal_count = fields.Integer(compute="_compute_goal_figures", string="Goals count", groups=SOCIAL_WORKER_GROUP)
    goal_open_count = fields.Integer(compute="_compute_goal_figures", string="Open goals", groups=SOCIAL_WORKER_GROUP)
    goal_done_count = fields.Integer(
        compute="_compute_goal_figures", string="Reached goals", groups=SOCIAL_WORKER_GROUP
    )
    meeting_count = fields.Integer(
        compute="_compute_meeting_figures", string="Meetings held", groups=SOCIAL_WORKER_GROUP
    )
    meeting_hours = fields.Float(compute="_compute_meeting_figures", string="Support hours", groups=SOCIAL_WORKER_GROUP)
    last_meeting_date = fields.Datetime(
        compute="_compute_meeting_figures", string="Last meeting", groups=SOCIAL_WORKER_GROUP
    )

    @api.model
    def _content_scope_domain(self):
        """Files whose content the current social worker reads: hers, and her programmes' when they allow it."""
        uid = self.env.uid
        return Domain("user_id", "=", uid) | (
            Domain("programme_id.followup_visibility", "=", "programme")
            & Domain("programme_id.social_worker_ids", "in", [uid])
        )

    @api.depends("user_id", "programme_id.followup_visibility", "programme_id.social_worker_ids")
    @api.depends_context("uid")
    def _compute_can_read_content(self):
        if self.env.su or self.env.user.has_group(MANAGER_GROUP):
            self.can_read_content = True
            return
        if not self.env.user.has_group(SOCIAL_WORKER_GROUP):
            self.can_read_content = False
            return
        readable = self.filtered_domain(self._content_scope_domain())
        for followup in self:
            followup.can_read_content = followup in readable

    @api.depends("goal_ids.state", "user_id", "programme_id.followup_visibility", "programme_id.social_worker_ids")
    @api.depends_context("uid")
    def _compute_goal_figures(self):
        figures = defaultdict(lambda: defaultdict(int))
        for followup, state, count in self.env["housing.followup.goal"]._read_group(
            [("followup_id", "in", self.ids)], ["followup_id", "state"], ["__count"]
        ):
            figures[followup.id][state] = count
        for followup in self:
            by_state = figures[followup.id]
            followup.goal_count = sum(by_state.values())
            followup.goal_open_count = by_state["todo"] + by_state["ongoing"]
            followup.goal_done_count = by_state["done"]

    @api.depends(
        "meeting_ids.state",
        "meeting_ids.duration",
        "meeting_ids.date",
        "user_id",
        "programme_id.followup_visibility",
        "programme_id.social_worker_ids",
    )
    @api.depends_context("uid")
    def _compute_meeting_figures(self):
        groups = self.env["housing.followup.meeting"]._read_group(
            [("followup_id", "in", self.ids), ("state", "=", "done")],
            ["followup_id"],
            ["__count", "duration:sum", "date:max"],
        )
        figures = {followup.id: (count, hours, last) for followup, count, hours, last in groups}
        for followup in self:
            count, hours, last = figures.get(followup.id, (0, 0.0, False))
            followup.meeting_count = count
            followup.meeting_hours = hours
            followup.last_meeting_date = last

    @api.depends("name", "partner_id")
    def _compute_display_name(self):
        for followup in self:
            followup.display_name = (
                f"{followup.name} — {followup.partner_id.name}" if followup.partner_id else followup.name
            )

    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        for followup in self:
            if followup.date_end and followup.date_end < followup.date_start:
                raise ValidationError(
                    self.env._(
                        "The support period of %(file)s cannot end (%(end)s) before it starts (%(start)s): "
                        "check its dates.",
                        file=followup.display_name,
                        end=followup.date_end,
                        start=followup.date_start,
                    )
                )

    @api.constrains("measure_type", "date_start", "date_end", "renewal_count")
    def _check_measure_period(self):
        measures = dict(self._fields["measure_type"]._description_selection(self.env))
        for followup in self.filtered(lambda f: f.measure_type in BOUNDED_MEASURES):
            company = followup.company_id
            measure = measures[followup.measure_type]
            shortest = period_last_day(followup.date_start, company.housing_measure_min_months)
            longest = period_last_day(followup.date_start, company.housing_measure_max_months)
            total = period_last_day(followup.date_start, company.housing_measure_total_months)
            if not followup.date_end:
                raise ValidationError(
                    self.env._(
                        "An %(measure)s measure has a support period: enter the end of the period of %(file)s, "
                        "between %(shortest)s and %(longest)s.",
                        measure=measure,
                        file=followup.display_name,
                        shortest=shortest,
                        longest=longest,
                    )
                )
            if not followup.renewal_count and not shortest <= followup.date_end <= longest:
                raise ValidationError(
                    self.env._(
                        "The first support period of an %(measure)s measure lasts %(min)s to %(max)s months: "
                        "starting on %(start)s, it ends between %(shortest)s and %(longest)s (%(end)s entered).",
                        measure=measure,
                        min=company.housing_measure_min_months,
                        max=company.housing_measure_max_months,
                        start=followup.date_start,
                        shortest=shortest,
                        longest=longest,
                        end=followup.date_end,
                    )
                )
            if followup.date_end > total:
                raise ValidationError(
                    self.env._(
                        "An %(measure)s measure lasts at most %(total)s months, renewals included: starting on "
                        "%(start)s, it ends by %(last)s (%(end)s entered). Close the file or go on with an internal "
                        "support.",
                        measure=measure,
                        total=company.housing_measure_total_months,
                        start=followup.date_start,
                        last=total,
                        end=followup.date_end,
                    )
                )

    @api.constrains("partner_id")
    def _check_partner(self):
        for followup in self:
            partner = followup.partner_id
            if partner.is_company:
                raise ValidationError(
                    self.env._(
                        "%(name)s is an organisation: a support file follows a person or a household.",
                        name=partner.name,
                    )
                )
            if partner.housing_head_id:
                raise ValidationError(
                    self.env._(
                        "%(person)s belongs to the household of %(head)s: open the support file for %(head)s, the "
                        "head of household.",
                        person=partner.name,
                        head=partner.housing_head_id.name,
                    )
                )

    @api.constrains("partner_id", "state", "company_id", "active")
    def _check_one_open_file(self):
        open_files = self.filtered(lambda f: f.state != "closed" and f.active)
        if not open_files:
            return
        groups = (
            self.sudo()
            .with_context(active_test=True)
            ._read_group(
                [
                    ("partner_id", "in", open_files.partner_id.ids),
                    ("state", "!=", "closed"),
                    ("company_id", "in", open_files.company_id.ids),
                ],
                ["partner_id", "company_id"],
                ["id:recordset"],
            )
        )
        for partner, _company, files in groups:
            if len(files) > 1:
                raise ValidationError(
                    self.env._(
                        "%(person)s already has an open support file (%(files)s): complete it, or close it before "
                        "opening another.",
                        person=partner.name,
                        files=", ".join(files.mapped("name")),
                    )
                )

    @api.constrains("user_id")
    def _check_user_is_social_worker(self):
        for followup in self:
            if not followup.user_id.has_group(SOCIAL_WORKER_GROUP):
                raise ValidationError(
                    self.env._(
                        "%(user)s cannot follow support files: give them the Housing / Social worker group first, "
                        "or choose another social worker.",
                        user=followup.user_id.name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        new_label = self.env._("New")
        for vals in vals_list:
            if not vals.get("name") or vals["name"] == new_label:
                company = self.env["res.company"].browse(vals.get("company_id")) or self.env.company
                vals["name"] = (
                    self.env["ir.sequence"].with_company(company).next_by_code("housing.followup") or new_label
                )
        followups = super().create(vals_list)
        for followup in followups:
            followup.message_subscribe(partner_ids=followup.user_id.partner_id.ids)
        return followups

    def write(self, vals):
        result = super().write(vals)
        if vals.get("user_id"):
            self.message_subscribe(partner_ids=self.user_id.partner_id.ids)
            # the alerts follow the file to its new social worker
            self._housing_alerts().write({"user_id": vals["user_id"]})
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_except_with_history(self):
        with_history = self.sudo().filtered(lambda f: f.state != "draft" or f.meeting_ids)
        if with_history:
            raise UserError(
                self.env._(
                    "The support files %(files)s have a history: close them instead of deleting them; they are "
                    "archived and anonymised after the retention periods.",
                    files=", ".join(with_history.mapped("name")),
                )
            )

    # Chatter and activities: the notes of a file are read by those who may change it
    def _mail_get_operation_for_mail_message_operation(self, message_operation):
        operations = super()._mail_get_operation_for_mail_message_operation(message_operation)
        if message_operation == "read":
            operations = dict.fromkeys(operations, "write")
        return operations

    # Actions
    def action_start(self):
        for followup in self:
            if followup.state != "draft":
                continue
            if not followup.assessment_ids:
                raise UserError(
                    self.env._(
                        "Record the first assessment of %(file)s (at least one domain: situation, needs, wishes) "
                        "before starting the support.",
                        file=followup.display_name,
                    )
                )
        self.filtered(lambda f: f.state == "draft").write({"state": "active"})
        for followup in self:
            if not followup.assessment_date:
                followup.assessment_date = fields.Date.context_today(self)

    def action_renew(self):
        for followup in self:
            if followup.state == "closed":
                raise UserError(self.env._("%(file)s is closed: reopen it first.", file=followup.display_name))
            if followup.measure_type not in BOUNDED_MEASURES:
                raise UserError(
                    self.env._(
                        "%(file)s is not an ASLL or AVDL measure: change the end of its support period directly.",
                        file=followup.display_name,
                    )
                )
            company = followup.company_id
            last = period_last_day(followup.date_start, company.housing_measure_total_months)
            if followup.date_end >= last:
                raise UserError(
                    self.env._(
                        "%(file)s already reaches %(total)s months, the longest a measure may last: close it or go "
                        "on with an internal support.",
                        file=followup.display_name,
                        total=company.housing_measure_total_months,
                    )
                )
            new_end = min(add_months(followup.date_end, company.housing_measure_max_months), last)
            followup.write({"date_end": new_end, "renewal_count": followup.renewal_count + 1})

    def action_reopen(self):
        for followup in self:
            if followup.anonymised:
                raise UserError(
                    self.env._(
                        "%(file)s was anonymised: open a new support file for the household instead.",
                        file=followup.name,
                    )
                )
        self.write({"state": "active", "active": True, "date_closed": False, "closing_reason": False})

    def action_open_handover(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Close or hand over"),
            "res_model": "housing.followup.handover",
            "view_mode": "form",
            "target": "new",
            "context": {"default_followup_id": self.id},
        }

    def action_print_handover(self):
        return self.env.ref("solidarity_housing.action_report_housing_followup_handover").report_action(self)

    def action_apply_entry_plan(self):
        plan = self.env.ref("solidarity_housing.mail_activity_plan_followup_entry", raise_if_not_found=False)
        if not plan or not plan.template_ids:
            raise UserError(
                self.env._(
                    "The entry plan of the social follow-up was deleted or is empty: a manager can recreate it in "
                    "Configuration › Activity plans."
                )
            )
        today = fields.Date.context_today(self)
        for followup in self:
            if followup.entry_plan_done:
                raise UserError(
                    self.env._(
                        "The entry plan of %(file)s was already launched: see its activities.",
                        file=followup.display_name,
                    )
                )
            for template in plan.template_ids:
                responsible = template._determine_responsible(followup.user_id, followup)["responsible"]
                activity_type = template.activity_type_id
                # a summary left as the type's reads in the user's language, like the type's
                untouched = template.summary == activity_type.with_context(lang="en_US").summary
                followup.activity_schedule(
                    activity_type_id=activity_type.id,
                    summary=activity_type.summary if untouched else template.summary,
                    note=template.note,
                    user_id=(responsible or followup.user_id).id,
                    date_deadline=template._get_date_deadline(today),
                )
            followup.entry_plan_done = True

    def _action_view(self, xmlid, extra_context=None):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(xmlid)
        action["domain"] = [("followup_id", "=", self.id)]
        action["context"] = {"default_followup_id": self.id, **(extra_context or {})}
        return action

    def action_view_meetings(self):
        return self._action_view("solidarity_housing.housing_followup_meeting_action")

    def action_view_goals(self):
        return self._action_view("solidarity_housing.housing_followup_goal_action")

    # Closing
    def _close(self, reason, date_closed=None):
        """Close the files with ``reason`` (a CLOSING_REASONS key); their alerts end with them."""
        self.write(
            {
                "state": "closed",
                "closing_reason": reason,
                "date_closed": date_closed or fields.Date.context_today(self),
            }
        )
        self._housing_alert_close(feedback=self.env._("Closed automatically: the support file is closed."))

    # Personal data retention (GDPR)
    @api.model
    def _cron_followup_retention(self):
        """Archive closed files after the company's archive period, anonymise them after the longer one."""
        today = fields.Date.context_today(self)
        Followup = self.sudo().with_context(active_test=False)
        for company in self.env["res.company"].sudo().search([("active", "=", True)]):
            archive_limit = today - relativedelta(years=company.housing_followup_archive_years)
            anonymise_limit = today - relativedelta(years=company.housing_followup_anonymise_years)
            to_archive = Followup.search(
                [
                    ("company_id", "=", company.id),
                    ("state", "=", "closed"),
                    ("active", "=", True),
                    ("date_closed", "<=", archive_limit),
                ]
            )
            to_archive.write({"active": False})
            to_anonymise = Followup.search(
                [
                    ("company_id", "=", company.id),
                    ("state", "=", "closed"),
                    ("anonymised", "=", False),
                    ("date_closed", "<=", anonymise_limit),
                ],
                order="id",
            )
            done = 0
            for start in range(0, len(to_anonymise), BATCH_SIZE):
                batch = to_anonymise[start : start + BATCH_SIZE]
                batch._housing_anonymise(anonymise_limit)
                done += len(batch)
                self.env["ir.cron"]._commit_progress(len(batch), remaining=len(to_anonymise) - done)
            # persons known without a support file (a referral, a census, a hotel stay, a host flat): the same
            # period, counted from the end of the last record of their household
            persons = self.env["res.partner"]._housing_retention_due(company, anonymise_limit)
            lang = company.partner_id.lang or self.env.lang
            for start in range(0, len(persons), BATCH_SIZE):
                batch = persons[start : start + BATCH_SIZE]
                batch.with_context(lang=lang)._housing_anonymise_person()
                self.env["ir.cron"]._commit_progress(len(batch), remaining=len(persons) - start - len(batch))

    def _housing_anonymise(self, anonymise_limit):
        """Wipe the content of these closed files, then the persons who have no more recent file."""
        followups = self.sudo().with_context(active_test=False)
        meetings = followups.meeting_ids
        followups.assessment_ids.unlink()
        followups.goal_ids.write({"name": self.env._("Anonymised goal")})
        meetings.write({"summary": False})
        for model, records in ((self._name, followups), (meetings._name, meetings)):
            self.env["mail.message"].sudo().search([("model", "=", model), ("res_id", "in", records.ids)]).unlink()
            self.env["mail.activity"].sudo().with_context(active_test=False).search(
                [("res_model", "=", model), ("res_id", "in", records.ids)]
            ).unlink()
            self.env["ir.attachment"].sudo().search([("res_model", "=", model), ("res_id", "in", records.ids)]).unlink()
        followups.write(
            {
                "anonymised": True,
                "date_anonymised": fields.Date.context_today(self),
                "active": False,
                "next_case_manager_id": False,
            }
        )
        households = followups.partner_id
        persons = households | households.housing_member_ids
        # a person keeps their identity while another of their household's files is open or recent
        kept_households = (
            self.sudo()
            .with_context(active_test=False)
            .search(
                [
                    ("partner_id", "in", households.ids),
                    ("id", "not in", followups.ids),
                    "|",
                    ("state", "!=", "closed"),
                    ("date_closed", ">", anonymise_limit),
                ]
            )
            .partner_id
        )
        kept = kept_households | kept_households.housing_member_ids
        # the anonymised names read in the association's language
        lang = followups.company_id[:1].partner_id.lang or self.env.lang
        (persons - kept).with_context(lang=lang)._housing_anonymise_person()
