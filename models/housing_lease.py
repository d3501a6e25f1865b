from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..tools.housing_math import add_months

LEASE_TYPES = [
    ("sublet", "Sublet (head lease)"),
    ("management_mandate", "Management mandate"),
    ("sliding_lease", "Sliding lease"),
]

LEASE_STATES = [
    ("draft", "Draft"),
    ("running", "Running"),
    ("notice", "Notice given"),
    ("ended", "Ended"),
]

QUARTERS = [("1", "Q1"), ("2", "Q2"), ("3", "Q3"), ("4", "Q4")]


class HousingLease(models.Model):
    _name = "housing.lease"
    _description = "Head lease"
    _inherit = ["mail.thread", "mail.activity.mixin", "housing.alert.mixin", "housing.rent.revisable.mixin"]
    _order = "date_start desc, id desc"
    _check_company_auto = True
    _revision_link = "lease_id"
    _housing_alert_types = {"sliding_lease_review": "solidarity_housing.mail_activity_sliding_lease_review"}

    name = fields.Char(
        string="Reference", required=True, copy=False, default=lambda self: self.env._("New"), readonly=True
    )
    unit_id = fields.Many2one("housing.unit", required=True, index=True, tracking=True, ondelete="restrict")
    company_id = fields.Many2one(related="unit_id.company_id", store=True, index=True, precompute=True, readonly=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    programme_id = fields.Many2one(related="unit_id.programme_id", store=True, index=True)
    landlord_id = fields.Many2one(
        "res.partner",
        required=True,
        tracking=True,
        check_company=True,
        compute="_compute_landlord_id",
        store=True,
        readonly=False,
        precompute=True,
    )
    lease_type = fields.Selection(LEASE_TYPES, string="Type", required=True, default="sublet", tracking=True)
    user_id = fields.Many2one(
        "res.users",
        string="Responsible",
        default=lambda self: self.env.user,
        tracking=True,
        domain="[('share', '=', False)]",
    )
    state = fields.Selection(
        LEASE_STATES, string="Status", default="draft", required=True, tracking=True, copy=False, index=True
    )
    date_start = fields.Date(string="Start date", required=True, tracking=True)
    date_end = fields.Date(string="End date", tracking=True, help="Term of the lease, or its end once notice is given.")
    notice_months = fields.Integer(
        string="Notice (months)",
        default=3,
        help="Notice the association must give the landlord before leaving (3 months by default, 1 in a tight area).",
    )
    notice_date = fields.Date(string="Notice given on", tracking=True, copy=False)
    # Money: what the association pays the landlord each month
    rent = fields.Monetary(tracking=True, help="Monthly rent excluding charges paid to the landlord.")
    charges = fields.Monetary(tracking=True, help="Monthly provision for charges paid to the landlord.")
    rent_ceiling = fields.Monetary(
        string="Ceiling of sub-rents",
        tracking=True,
        help="Maximum the association may charge its occupants in total each month under the landlord's "
        "convention (rent and charges); empty when there is none.",
    )
    deposit = fields.Monetary(string="Deposit paid", tracking=True)
    deposit_paid_date = fields.Date(string="Deposit paid on")
    deposit_returned = fields.Monetary(string="Deposit returned", tracking=True, copy=False)
    deposit_returned_date = fields.Date(string="Deposit returned on", copy=False)
    # Sliding lease
    next_review_date = fields.Date(
        string="Next review",
        tracking=True,
        copy=False,
        help="Sliding leases are reviewed with the landlord every 6 months.",
    )
    review_months = fields.Integer(string="Review every (months)", default=6)
    glide_date = fields.Date(
        string="Planned glide",
        help="When the household should take over the lease (about 2 years after the start).",
    )
    occupancy_ids = fields.One2many("housing.occupancy", "lease_id", string="Occupancy agreements")
    revision_ids = fields.One2many("housing.rent.revision", "lease_id", string="Rent revisions")
    occupancy_count = fields.Integer(compute="_compute_occupancy_count", string="Agreements")
    note = fields.Html(string="Notes")

    @api.depends("unit_id")
    def _compute_landlord_id(self):
        for lease in self:
            if lease.unit_id.landlord_id and not lease.landlord_id:
                lease.landlord_id = lease.unit_id.landlord_id

    @api.depends("occupancy_ids")
    def _compute_occupancy_count(self):
        counts = dict(
            self.env["housing.occupancy"]._read_group([("lease_id", "in", self.ids)], ["lease_id"], ["__count"])
        )
        for lease in self:
            lease.occupancy_count = counts.get(lease, 0)

    @api.depends("name", "unit_id")
    def _compute_display_name(self):
        for lease in self:
            lease.display_name = f"{lease.name} — {lease.unit_id.name}" if lease.unit_id else lease.name

    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        for lease in self:
            if lease.date_end and lease.date_end < lease.date_start:
                raise ValidationError(
                    self.env._(
                        "The lease %(lease)s cannot end (%(end)s) before it starts (%(start)s): check its dates.",
                        lease=lease.display_name,
                        end=lease.date_end,
                        start=lease.date_start,
                    )
                )

    @api.constrains("rent", "charges", "deposit", "rent_ceiling", "notice_months")
    def _check_amounts(self):
        for lease in self:
            if min(lease.rent, lease.charges, lease.deposit, lease.rent_ceiling, lease.notice_months) < 0:
                raise ValidationError(
                    self.env._(
                        "Rent, charges, deposit, ceiling and notice of the lease %(lease)s cannot be negative.",
                        lease=lease.display_name,
                    )
                )

    @api.constrains("deposit_returned", "review_months")
    def _check_deposit_returned_review(self):
        for lease in self:
            if lease.currency_id.compare_amounts(lease.deposit_returned, 0) < 0:
                raise ValidationError(
                    self.env._(
                        "The deposit returned by the landlord of %(lease)s cannot be negative (%(amount)s): enter what "
                        "the landlord paid back, 0 if nothing was.",
                        lease=lease.display_name,
                        amount=lease.deposit_returned,
                    )
                )
            if lease.review_months < 1:
                raise ValidationError(
                    self.env._(
                        "The reviews of %(lease)s with the landlord come every %(months)s months: enter at least 1 "
                        "month (6 for a sliding lease).",
                        lease=lease.display_name,
                        months=lease.review_months,
                    )
                )

    @api.constrains("state", "date_start", "date_end", "unit_id")
    def _check_one_running_lease_per_unit(self):
        for lease in self.filtered(lambda lease: lease.state in ("running", "notice")):
            domain = [
                ("unit_id", "=", lease.unit_id.id),
                ("state", "in", ("running", "notice")),
                ("id", "!=", lease.id),
                "|",
                ("date_end", "=", False),
                ("date_end", ">=", lease.date_start),
            ]
            if lease.date_end:
                domain.append(("date_start", "<=", lease.date_end))
            other = self.search(domain, limit=1)
            if other:
                raise ValidationError(
                    self.env._(
                        "The unit %(unit)s already has the running lease %(other)s over these dates: end it "
                        "before starting %(lease)s.",
                        unit=lease.unit_id.display_name,
                        other=other.name,
                        lease=lease.name,
                    )
                )

    def _check_unit_of_agreements(self):
        """A head lease under which agreements sub-let stays the lease of their unit (checked when its unit
        changes: a new lease has no agreement)."""
        left = self.env["housing.occupancy"].search([("lease_id", "in", self.ids)])._left_in_another_unit("lease_id")
        if left:
            lease, unit, agreements = left
            raise ValidationError(
                self.env._(
                    "The head lease %(lease)s has occupancy agreements in %(unit)s (%(agreements)s): it cannot "
                    "become the lease of %(new_unit)s. End it and sign a new lease for the other unit instead.",
                    lease=lease.name,
                    unit=unit.display_name,
                    agreements=", ".join(agreements.mapped("name")),
                    new_unit=lease.unit_id.display_name,
                )
            )

    @api.constrains("rent_ceiling")
    def _check_rent_ceiling(self):
        self.occupancy_ids._check_rent_ceiling()

    @api.model
    def get_import_templates(self):
        return self.env["housing.import.template"]._templates_of(self._name)

    @api.model_create_multi
    def create(self, vals_list):
        new_label = self.env._("New")
        for vals in vals_list:
            if vals.get("name", new_label) == new_label:
                vals["name"] = self.env["ir.sequence"].next_by_code("housing.lease") or new_label
        return super().create(vals_list)

    def write(self, vals):
        moved = self.filtered(lambda lease: lease.unit_id.id != vals["unit_id"]) if "unit_id" in vals else self.browse()
        started = moved.filtered(lambda lease: lease.state != "draft")
        result = super().write(vals)
        if moved:
            moved._check_unit_of_agreements()
        if started:
            # its rent is billed (or about to be) for its own unit: the dues and the landlord's bills say so
            raise ValidationError(
                self.env._(
                    "The head lease %(lease)s has started: it stays the lease of the unit it was signed for. End it "
                    "and sign a new lease for the other unit instead.",
                    lease=started[0].name,
                )
            )
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_except_started(self):
        started = self.filtered(lambda lease: lease.state != "draft" or lease.occupancy_ids)
        if started:
            raise UserError(
                self.env._(
                    "The lease %(leases)s has started or has agreements: end it instead of deleting it.",
                    leases=", ".join(started.mapped("name")),
                )
            )

    # Actions
    def action_start(self):
        for lease in self:
            if lease.state != "draft":
                raise UserError(self.env._("Only a draft lease can start (%(lease)s).", lease=lease.name))
            values = {"state": "running"}
            if lease.lease_type == "sliding_lease":
                values["next_review_date"] = lease.next_review_date or add_months(lease.date_start, lease.review_months)
                values["glide_date"] = lease.glide_date or add_months(lease.date_start, 24)
            lease.write(values)
            lease._schedule_review()

    def action_give_notice(self):
        today = fields.Date.context_today(self)
        for lease in self:
            if lease.state != "running":
                raise UserError(
                    self.env._("Notice can only be given on a running lease (%(lease)s).", lease=lease.name)
                )
            notice_date = lease.notice_date or today
            lease.write(
                {
                    "state": "notice",
                    "notice_date": notice_date,
                    "date_end": lease.date_end or add_months(notice_date, lease.notice_months),
                }
            )

    def action_end(self):
        today = fields.Date.context_today(self)
        for lease in self:
            if lease.state not in ("running", "notice"):
                raise UserError(self.env._("Only a running lease can end (%(lease)s).", lease=lease.name))
            end = lease.date_end or today
            still_housed = lease.occupancy_ids.filtered(
                lambda occ, end=end: occ.state in ("active", "notice") and (not occ.exit_date or occ.exit_date > end)
            )
            if still_housed:
                raise UserError(
                    self.env._(
                        "The lease %(lease)s cannot end on %(end)s while these agreements go on: %(agreements)s. "
                        "Record the occupants' exit first.",
                        lease=lease.name,
                        end=end,
                        agreements=", ".join(still_housed.mapped("name")),
                    )
                )
            lease.write({"state": "ended", "date_end": end})
            lease._housing_alert_close(["sliding_lease_review"], self.env._("The lease ended."))

    def action_reset_draft(self):
        for lease in self:
            if lease.occupancy_ids.filtered(lambda occ: occ.state != "draft"):
                raise UserError(
                    self.env._(
                        "The lease %(lease)s has agreements under way: it cannot go back to draft.", lease=lease.name
                    )
                )
        self.write({"state": "draft"})

    def action_mark_reviewed(self):
        """The 6-monthly review of a sliding lease took place: plan the next one."""
        for lease in self:
            if lease.lease_type != "sliding_lease" or lease.state not in ("running", "notice"):
                raise UserError(self.env._("Only a running sliding lease is reviewed (%(lease)s).", lease=lease.name))
            reviewed_on = fields.Date.context_today(self)
            lease._housing_alert_close(
                ["sliding_lease_review"], self.env._("Review held on %(date)s.", date=reviewed_on)
            )
            next_review = add_months(lease.next_review_date or reviewed_on, lease.review_months)
            while next_review <= reviewed_on:
                next_review = add_months(next_review, lease.review_months)
            lease.next_review_date = next_review
            lease._schedule_review()

    def action_glide(self):
        self.ensure_one()
        if self.lease_type != "sliding_lease" or self.state not in ("running", "notice"):
            raise UserError(self.env._("Only a running sliding lease can glide to the household."))
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Glide the lease to the household"),
            "res_model": "housing.lease.glide.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_lease_id": self.id},
        }

    def action_view_occupancies(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("solidarity_housing.housing_occupancy_action")
        action["domain"] = [("lease_id", "=", self.id)]
        action["context"] = {"default_lease_id": self.id, "default_unit_id": self.unit_id.id}
        return action

    def _schedule_review(self):
        """The next review of each running sliding lease: one activity for its responsible, on its date."""
        leases = self.filtered(lambda lease: lease.lease_type == "sliding_lease")
        wanted = {
            (lease.id, "sliding_lease_review"): {
                "date_deadline": lease.next_review_date,
                "user_id": lease.user_id.id or self.env.uid,
            }
            for lease in leases.filtered("next_review_date")
        }
        leases._housing_alert_sync(wanted, ["sliding_lease_review"])

    def _glide(self, glide_date):
        """Hand the lease to the household: their agreements end with that destination, the lease ends."""
        self.ensure_one()
        agreements = self.occupancy_ids.filtered(lambda occ: occ.state in ("active", "notice"))
        agreements._record_exit(glide_date, "sliding_lease")
        self.write({"date_end": glide_date, "glide_date": glide_date})
        self.action_end()
        self.message_post(
            body=self.env._(
                "The lease glided to the household on %(date)s: %(agreements)s ended.",
                date=glide_date,
                agreements=", ".join(agreements.mapped("name")) or "-",
            )
        )
