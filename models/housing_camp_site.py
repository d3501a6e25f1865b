from collections import defaultdict
from urllib.parse import quote_plus

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL

from ..tools.resorption_math import ADULT_BAND, age_band, meets_lasting_rule, worst_status
from .housing_camp_census_member import SCHOOLED
from .housing_camp_condition_question import CONDITION_DOMAINS, CONDITION_STATUSES

SOCIAL_WORKER_GROUP = "solidarity_housing.group_housing_social_worker"
MANAGER_GROUP = "solidarity_housing.group_housing_manager"

# "Not known" and "Obtained", not "Unknown" and "Granted": those words are feminine elsewhere in French
LAND_TYPES = [("bare_land", "Bare land"), ("building", "Building"), ("unknown", "Not known")]
OWNER_TYPES = [("public", "Public"), ("private", "Private"), ("unknown", "Not known")]
POLICE_STATUSES = [("none", "Not requested"), ("requested", "Requested"), ("granted", "Obtained")]
# "Still open", not "Open": the word of the search filters (plural in French) is another translation
SITE_STATES = [("open", "Still open"), ("closed", "Closed")]
CLOSING_REASONS = [
    ("resorbed", "Resorbed"),
    ("court", "Closed by a court decision"),
    ("prefect", "Closed by the prefect"),
    ("city", "Closed by the city"),
    ("other", "Other"),
]


class HousingCampSite(models.Model):
    """A camp or bidonville: where it is, how people live there, the procedure that threatens it, its resorption
    phases and how it closed. Its population is counted from the social census, never typed."""

    _name = "housing.camp.site"
    _description = "Camp site"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "state, date_reported desc, id desc"
    _check_company_auto = True

    name = fields.Char(string="Site name", required=True, tracking=True, help="How the site is called locally.")
    active = fields.Boolean(default=True)
    color = fields.Integer()
    company_id = fields.Many2one("res.company", required=True, index=True, default=lambda self: self.env.company)
    programme_id = fields.Many2one(
        "housing.programme",
        string="Action",
        required=True,
        index=True,
        tracking=True,
        check_company=True,
        ondelete="restrict",
        domain="[('scheme_type', 'in', ('camp_resorption', 'hotel_shelter'))]",
        help="The resorption action (programme) the site belongs to: its funders get its figures.",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Site lead",
        tracking=True,
        default=lambda self: self.env.user,
        domain="[('share', '=', False)]",
    )
    state = fields.Selection(
        SITE_STATES, default="open", required=True, tracking=True, index=True, copy=False, string="Status"
    )
    # Where
    street = fields.Char(string="Address")
    street2 = fields.Char(string="Access details")
    zip = fields.Char()
    city = fields.Char(string="Commune", index=True)
    insee_code = fields.Char(string="INSEE code", help="Code of the commune (5 characters).")
    country_id = fields.Many2one("res.country", default=lambda self: self.env.ref("base.fr", raise_if_not_found=False))
    latitude = fields.Float(digits=(10, 7))
    longitude = fields.Float(digits=(10, 7))
    map_url = fields.Char(string="Map", compute="_compute_map_url")
    # What
    land_type = fields.Selection(LAND_TYPES, string="Land type", default="unknown", required=True, tracking=True)
    owner_type = fields.Selection(OWNER_TYPES, string="Owner type", default="unknown", required=True, tracking=True)
    owner_id = fields.Many2one("res.partner", check_company=True)
    date_installed = fields.Date(string="Installed on", tracking=True)
    date_reported = fields.Date(string="Reported on", default=fields.Date.context_today, tracking=True)
    reinstallation_of_id = fields.Many2one(
        "housing.camp.site",
        string="Reinstallation of",
        check_company=True,
        help="The earlier site this one's inhabitants come from (a reinstallation after a closing).",
    )
    reinstallation_ids = fields.One2many("housing.camp.site", "reinstallation_of_id", string="Reinstallations")
    reinstallation_note = fields.Text(string="About the reinstallation")
    # Origins: nationality groups only (never an ethnic origin)
    nationality_french = fields.Boolean(string="French nationals")
    nationality_eu = fields.Boolean(string="Other EU nationals")
    nationality_non_eu = fields.Boolean(string="Non-EU nationals")
    # Living conditions
    condition_ids = fields.One2many("housing.camp.site.condition", "site_id", string="Living conditions", copy=True)
    water_status = fields.Selection(
        CONDITION_STATUSES, string="Water", compute="_compute_condition_statuses", store=True
    )
    electricity_status = fields.Selection(
        CONDITION_STATUSES, string="Electricity", compute="_compute_condition_statuses", store=True
    )
    sanitation_status = fields.Selection(
        CONDITION_STATUSES, string="Sanitation", compute="_compute_condition_statuses", store=True
    )
    waste_status = fields.Selection(
        CONDITION_STATUSES, string="Waste", compute="_compute_condition_statuses", store=True
    )
    pests_status = fields.Selection(
        CONDITION_STATUSES, string="Pests", compute="_compute_condition_statuses", store=True
    )
    fire_status = fields.Selection(
        CONDITION_STATUSES, string="Fire safety", compute="_compute_condition_statuses", store=True
    )
    # Legal procedure: managers and social workers only (no tracking: the chatter is read by the back office)
    owner_complaint = fields.Boolean(string="Owner's complaint", groups=SOCIAL_WORKER_GROUP)
    complaint_date = fields.Date(string="Complaint filed on", groups=SOCIAL_WORKER_GROUP)
    court_procedure = fields.Boolean(string="Court procedure under way", groups=SOCIAL_WORKER_GROUP)
    court_decision = fields.Boolean(string="Court decision rendered", groups=SOCIAL_WORKER_GROUP)
    court_decision_date = fields.Date(string="Decision date", groups=SOCIAL_WORKER_GROUP)
    court_decision_by = fields.Char(string="Decision rendered by", groups=SOCIAL_WORKER_GROUP)
    appeal = fields.Boolean(string="Appeal under way", groups=SOCIAL_WORKER_GROUP)
    police_status = fields.Selection(
        POLICE_STATUSES, string="Police assistance", default="none", groups=SOCIAL_WORKER_GROUP
    )
    police_requested_date = fields.Date(string="Police assistance requested on", groups=SOCIAL_WORKER_GROUP)
    police_granted_date = fields.Date(string="Police assistance granted on", groups=SOCIAL_WORKER_GROUP)
    eviction_order = fields.Boolean(string="Eviction order", groups=SOCIAL_WORKER_GROUP)
    eviction_order_date = fields.Date(string="Order dated", groups=SOCIAL_WORKER_GROUP)
    eviction_order_by = fields.Char(string="Order issued by", groups=SOCIAL_WORKER_GROUP)
    eviction_date = fields.Date(string="Evacuation planned on", groups=SOCIAL_WORKER_GROUP)
    bailiff = fields.Char(groups=SOCIAL_WORKER_GROUP)
    procedure_note = fields.Text(string="Procedure notes", groups=SOCIAL_WORKER_GROUP)
    # Resorption phases
    phase_line_ids = fields.One2many("housing.camp.site.phase", "site_id", string="Phases")
    phase_id = fields.Many2one(
        "housing.camp.phase",
        string="Current phase",
        compute="_compute_phase_id",
        store=True,
        index=True,
        group_expand="_read_group_expand_phase",
        help="The first phase of the site not done yet.",
    )
    # Closing
    date_closed = fields.Date(string="Closed on", readonly=True, copy=False, tracking=True)
    closing_reason = fields.Selection(CLOSING_REASONS, readonly=True, copy=False, tracking=True)
    closing_note = fields.Text(string="Closing context", readonly=True, copy=False)
    resorbed_override_reason = fields.Text(
        string="Why resorbed below the rule",
        readonly=True,
        copy=False,
        help="A manager closed the site as resorbed although fewer of its censused persons than the programme's "
        "rule have a lasting solution; the reason is kept.",
    )
    resorbed_override_user_id = fields.Many2one("res.users", string="Decided by", readonly=True, copy=False)
    # Census and what came of it (computed from the census, moves and stays: never typed)
    census_ids = fields.One2many("housing.camp.census", "site_id")
    move_ids = fields.One2many("housing.move", "site_id", string="Moves")
    household_count = fields.Integer(string="Households", compute="_compute_population")
    person_count = fields.Integer(string="Persons", compute="_compute_population")
    women_count = fields.Integer(string="Women", compute="_compute_population", help="Women aged 18 or more.")
    minor_count = fields.Integer(string="Minors", compute="_compute_population")
    minors_0_2 = fields.Integer(string="0–2 years", compute="_compute_population")
    minors_3_5 = fields.Integer(string="3–5 years", compute="_compute_population")
    minors_6_11 = fields.Integer(string="6–11 years", compute="_compute_population")
    minors_12_15 = fields.Integer(string="12–15 years", compute="_compute_population")
    minors_16_17 = fields.Integer(string="16–17 years", compute="_compute_population")
    children_schooled = fields.Integer(string="Children schooled", compute="_compute_population")
    persons_in_work = fields.Integer(
        string="Persons in work",
        compute="_compute_population",
        help="A work contract recorded in the census, or the household's employment goal reached.",
    )
    households_accompanied = fields.Integer(string="Households accompanied", compute="_compute_outcomes")
    households_moved = fields.Integer(string="Households moved", compute="_compute_outcomes")
    persons_housed = fields.Integer(
        string="Persons housed", compute="_compute_outcomes", help="Moved into a dwelling with an agreement."
    )
    persons_sheltered = fields.Integer(string="Persons sheltered in hotels", compute="_compute_outcomes")
    persons_lasting = fields.Integer(
        string="Persons with a lasting solution",
        compute="_compute_outcomes",
        help="Housing, or long-term shelter or adapted housing with accompaniment.",
    )
    lasting_rate = fields.Float(string="Share with a lasting solution", compute="_compute_outcomes")
    lasting_rule_met = fields.Boolean(
        string="Resorption rule met",
        compute="_compute_outcomes",
        help="At least the programme's share (two thirds by default, DIHAL's rule) of the censused persons have a "
        "lasting solution.",
    )
    lasting_rule_label = fields.Char(string="Resorption rule", related="programme_id.resorption_rule_label")
    census_count = fields.Integer(compute="_compute_counts", string="Census count")
    move_count = fields.Integer(compute="_compute_counts", string="Moves count")
    stay_count = fields.Integer(compute="_compute_counts", string="Hotel stays count")

    # ------------------------------------------------------------------ computes
    @api.depends("latitude", "longitude", "street", "zip", "city")
    def _compute_map_url(self):
        for site in self:
            if site.latitude or site.longitude:
                lat, lon = round(site.latitude, 6), round(site.longitude, 6)
                site.map_url = f"https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=17/{lat}/{lon}"
            elif site.city:
                query = quote_plus(", ".join(part for part in (site.street, site.zip, site.city) if part))
                site.map_url = f"https://www.openstreetmap.org/search?query={query}"
            else:
                site.map_url = False

    @api.depends("condition_ids.status", "condition_ids.domain")
    def _compute_condition_statuses(self):
        for site in self:
            by_domain = defaultdict(list)
            for line in site.condition_ids:
                by_domain[line.domain].append(line.status)
            for domain, _label in CONDITION_DOMAINS:
                site[f"{domain}_status"] = worst_status(by_domain[domain])

    @api.depends("phase_line_ids.date_done", "phase_line_ids.sequence")
    def _compute_phase_id(self):
        for site in self:
            lines = site.phase_line_ids.sorted(lambda line: (line.sequence, line.id))
            open_lines = lines.filtered(lambda line: not line.date_done)
            site.phase_id = (open_lines[:1] or lines[-1:]).phase_id

    @api.model
    def _read_group_expand_phase(self, phases, _domain):
        """Every active phase is a kanban column, even without a site in it."""
        return phases.search([("active", "=", True)])

    @api.depends_context("housing_population_date", "date")
    def _compute_population(self):
        """The census's persons, their age taken on the day the figures are for (the context's
        ``housing_population_date``, a report's last day; today by default), not on the day of the interview: a
        child censused at 2 is counted 3 to 5 a year later."""
        day = self.env.context.get("housing_population_date") or fields.Date.context_today(self)
        figures = defaultdict(lambda: defaultdict(int))
        site_ids = tuple(self._origin.ids)
        if site_ids:
            self.env["housing.camp.census.member"].flush_model(["site_id", "birthdate", "gender", "schooling", "work"])
            self.env.cr.execute(
                SQL(
                    """
                    SELECT site_id, gender, schooling IN %(schooled)s, work = 'contract',
                           date_part('year', age(%(day)s::date, birthdate))::int AS age, count(*)
                      FROM housing_camp_census_member
                     WHERE site_id IN %(sites)s
                     GROUP BY 1, 2, 3, 4, 5
                    """,
                    schooled=SCHOOLED,
                    day=fields.Date.to_date(day),
                    sites=site_ids,
                )
            )
            for site_id, gender, schooled, contract, age, count in self.env.cr.fetchall():
                counts = figures[site_id]
                counts["persons"] += count
                if age is None:
                    continue  # a person recorded before birth dates were required: counted, in no age band
                band = age_band(max(0, age))
                counts[band] += count
                if band == ADULT_BAND and gender == "female":
                    counts["women"] += count
                if band != ADULT_BAND:
                    counts["minors"] += count
                    counts["schooled"] += count if schooled else 0
                counts["contracts"] += count if contract else 0
        Census = self.env["housing.camp.census"].sudo()
        censuses = Census.search([("site_id", "in", self.ids)])
        in_work = defaultdict(int)
        for census_id, persons in censuses._housing_persons_in_work().items():
            in_work[Census.browse(census_id).site_id.id] += persons
        households = dict(Census._read_group([("site_id", "in", self.ids)], ["site_id"], ["__count"]))
        for site in self:
            counts = figures[site._origin.id]
            site.household_count = households.get(site._origin, 0)
            site.person_count = counts["persons"]
            site.women_count = counts["women"]
            site.minor_count = counts["minors"]
            site.minors_0_2 = counts["0_2"]
            site.minors_3_5 = counts["3_5"]
            site.minors_6_11 = counts["6_11"]
            site.minors_12_15 = counts["12_15"]
            site.minors_16_17 = counts["16_17"]
            site.children_schooled = counts["schooled"]
            site.persons_in_work = in_work[site._origin.id]

    def _compute_outcomes(self):
        Census = self.env["housing.camp.census"].sudo()
        groups = Census._read_group(
            [("site_id", "in", self.ids)],
            ["site_id", "outcome", "is_accompanied", "is_moved", "destination_type"],
            ["__count", "person_count:sum"],
        )
        figures = defaultdict(lambda: defaultdict(int))
        for site, outcome, accompanied, moved, destination, count, persons in groups:
            counts = figures[site.id]
            counts["persons"] += persons
            counts["accompanied"] += count if accompanied else 0
            counts["moved"] += count if moved else 0
            counts["housed"] += persons if moved and destination == "occupancy" else 0
            counts["sheltered"] += persons if moved and destination == "hotel" else 0
            counts["lasting"] += persons if outcome in Census._LASTING_OUTCOMES else 0
        for site in self:
            counts = figures[site.id]
            site.households_accompanied = counts["accompanied"]
            site.households_moved = counts["moved"]
            site.persons_housed = counts["housed"]
            site.persons_sheltered = counts["sheltered"]
            site.persons_lasting = counts["lasting"]
            site.lasting_rate = counts["lasting"] / counts["persons"] if counts["persons"] else 0.0
            site.lasting_rule_met = site._housing_lasting_rule_met(counts["lasting"], counts["persons"])

    def _compute_counts(self):
        censuses = dict(
            self.env["housing.camp.census"]._read_group([("site_id", "in", self.ids)], ["site_id"], ["__count"])
        )
        moves = dict(self.env["housing.move"]._read_group([("site_id", "in", self.ids)], ["site_id"], ["__count"]))
        stays = dict(
            self.env["housing.shelter.stay"]._read_group(
                [("census_id.site_id", "in", self.ids)], ["census_id"], ["__count"]
            )
        )
        stays_by_site = defaultdict(int)
        for census, count in stays.items():
            stays_by_site[census.site_id.id] += count
        for site in self:
            site.census_count = censuses.get(site, 0)
            site.move_count = moves.get(site, 0)
            site.stay_count = stays_by_site[site.id]

    # ------------------------------------------------------------------ checks
    @api.constrains("latitude", "longitude")
    def _check_coordinates(self):
        for site in self:
            if not -90 <= site.latitude <= 90 or not -180 <= site.longitude <= 180:
                raise ValidationError(
                    self.env._(
                        "The GPS position of %(site)s is impossible (latitude %(lat)s, longitude %(lon)s): the "
                        "latitude lies between -90 and 90, the longitude between -180 and 180 (Toulouse: 43.6, 1.44).",
                        site=site.name,
                        lat=site.latitude,
                        lon=site.longitude,
                    )
                )

    @api.constrains("reinstallation_of_id")
    def _check_reinstallation(self):
        for site in self:
            if site.reinstallation_of_id == site:
                raise ValidationError(
                    self.env._(
                        "%(site)s cannot be a reinstallation of itself: choose the earlier site.", site=site.name
                    )
                )

    @api.constrains("date_installed", "date_reported")
    def _check_dates(self):
        for site in self:
            if site.date_installed and site.date_reported and site.date_reported < site.date_installed:
                raise ValidationError(
                    self.env._(
                        "%(site)s cannot have been reported (%(reported)s) before it was installed (%(installed)s): "
                        "check the dates.",
                        site=site.name,
                        reported=site.date_reported,
                        installed=site.date_installed,
                    )
                )

    @api.constrains("state", "date_closed", "closing_reason", "resorbed_override_reason", "date_installed")
    def _check_closing(self):
        """A closed site has its date and cause; "resorbed" below the programme's rule needs a manager's reason.
        Checked on the model: imports and RPC close sites without the wizard."""
        for site in self:
            if site.state != "closed":
                if site.date_closed or site.closing_reason:
                    raise ValidationError(
                        self.env._(
                            "%(site)s is open: it has no closing date nor cause. Close it with the button Close the "
                            "site.",
                            site=site.name,
                        )
                    )
                continue
            if not site.date_closed or not site.closing_reason:
                raise ValidationError(
                    self.env._(
                        "%(site)s cannot be closed without its closing date and cause: close it with the button "
                        "Close the site.",
                        site=site.name,
                    )
                )
            if site.date_installed and site.date_closed < site.date_installed:
                raise ValidationError(
                    self.env._(
                        "%(site)s cannot close on %(date)s, before it was installed (%(installed)s).",
                        site=site.name,
                        date=site.date_closed,
                        installed=site.date_installed,
                    )
                )
            overridden = (site.resorbed_override_reason or "").strip() and site.resorbed_override_user_id
            if site.closing_reason == "resorbed" and not site.lasting_rule_met and not overridden:
                raise ValidationError(
                    self.env._(
                        "%(site)s cannot be closed as resorbed: %(figures)s Choose another closing reason; below "
                        "the rule, only a manager closes a site as resorbed, giving the reason of the decision "
                        "(button Close the site).",
                        site=site.name,
                        figures=site._housing_rule_figures(),
                    )
                )

    # ------------------------------------------------------------------ CRUD
    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._housing_check_closing_rights(vals)
            if vals.get("resorbed_override_reason"):
                vals["resorbed_override_user_id"] = self.env.uid
        phases = self.env["housing.camp.phase"].search([("active", "=", True)])
        questions = self.env["housing.camp.condition.question"].search([("active", "=", True)])
        for vals in vals_list:
            if "phase_line_ids" not in vals:
                vals["phase_line_ids"] = [Command.create({"phase_id": phase.id}) for phase in phases]
            if "condition_ids" not in vals:
                vals["condition_ids"] = [
                    Command.create({"question_id": question.id, "answer": "unknown"}) for question in questions
                ]
        sites = super().create(vals_list)
        sites.filtered("resorbed_override_reason")._housing_post_override()
        return sites

    def write(self, vals):
        self._housing_check_closing_rights(vals, reopening=any(site.state == "closed" for site in self))
        if vals.get("state") == "open" and any(site.state == "closed" for site in self):
            # reopened: the closing is wiped from the fields, its history is kept in the chatter
            self.filtered(lambda site: site.state == "closed")._housing_post_reopened()
            vals = dict(
                vals,
                date_closed=False,
                closing_reason=False,
                closing_note=False,
                resorbed_override_reason=False,
                resorbed_override_user_id=False,
            )
        elif vals.get("resorbed_override_reason"):
            vals = dict(vals, resorbed_override_user_id=self.env.uid)
        result = super().write(vals)
        if vals.get("resorbed_override_reason"):
            self._housing_post_override()
        return result

    @api.model
    def _housing_check_closing_rights(self, vals, reopening=False):
        """Only a manager reopens a closed site or decides that a site below the rule is resorbed (the reason and
        who decided are set by the decision itself, never typed)."""
        if self.env.su or self.env.user.has_group(MANAGER_GROUP):
            if "resorbed_override_user_id" in vals and vals["resorbed_override_user_id"] not in (False, self.env.uid):
                raise UserError(self.env._("Who decided a site is resorbed below the rule is the manager who does it."))
            return
        if vals.get("resorbed_override_reason") or vals.get("resorbed_override_user_id"):
            raise AccessError(
                self.env._(
                    "Only a manager may close a site as resorbed below the resorption rule, giving the reason of the "
                    "decision."
                )
            )
        if reopening and vals.get("state") == "open":
            raise AccessError(self.env._("Only a manager may reopen a closed site."))

    def _housing_post_override(self):
        for site in self:
            site.message_post(
                body=self.env._(
                    "Closed as resorbed below the rule by %(user)s: %(reason)s",
                    user=site.resorbed_override_user_id.name or self.env.user.name,
                    reason=site.resorbed_override_reason,
                ),
                subtype_xmlid="mail.mt_note",
            )

    def _housing_post_reopened(self):
        reasons = dict(self._fields["closing_reason"]._description_selection(self.env))
        for site in self:
            body = self.env._(
                "Reopened by %(user)s. It had been closed on %(date)s (%(reason)s).",
                user=self.env.user.name,
                date=site.date_closed or "",
                reason=reasons.get(site.closing_reason, ""),
            )
            if site.resorbed_override_reason:
                body += " " + self.env._(
                    "Closed as resorbed below the rule by %(user)s: %(reason)s",
                    user=site.resorbed_override_user_id.name or "",
                    reason=site.resorbed_override_reason,
                )
            site.message_post(body=body, subtype_xmlid="mail.mt_note")

    @api.ondelete(at_uninstall=False)
    def _unlink_except_with_census(self):
        with_census = self.with_context(active_test=False).filtered("census_ids")
        if with_census:
            raise UserError(
                self.env._(
                    "%(sites)s has a social census: archive the site instead of deleting it, so that its figures "
                    "stay in the reports.",
                    sites=", ".join(with_census.mapped("name")),
                )
            )

    # ------------------------------------------------------------------ actions
    def action_open_close_wizard(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Close the site"),
            "res_model": "housing.camp.site.close",
            "view_mode": "form",
            "target": "new",
            "context": {"default_site_id": self.id},
        }

    def action_reopen(self):
        """A manager reopens a closed site; its closing (and a manager's decision to close it as resorbed below the
        rule) stays in its chatter."""
        self.filtered(lambda site: site.state == "closed").write({"state": "open"})

    def _action_view(self, xmlid, domain, context):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(xmlid)
        action["domain"] = domain
        action["context"] = context
        return action

    def action_view_census(self):
        return self._action_view(
            "solidarity_housing.housing_camp_census_action", [("site_id", "=", self.id)], {"default_site_id": self.id}
        )

    def action_view_moves(self):
        return self._action_view(
            "solidarity_housing.housing_move_action", [("site_id", "=", self.id)], {"default_site_id": self.id}
        )

    def action_view_stays(self):
        return self._action_view(
            "solidarity_housing.housing_shelter_stay_action", [("census_id.site_id", "=", self.id)], {}
        )

    # ------------------------------------------------------------------ business
    def _housing_lasting_rule_met(self, lasting, persons):
        self.ensure_one()
        programme = self.programme_id
        numerator, denominator = programme.resorption_lasting_numerator, programme.resorption_lasting_denominator
        if not programme or not 0 < numerator <= denominator:
            return False  # a programme being set up, or a fraction its constraint refuses
        return meets_lasting_rule(lasting, persons, numerator, denominator)

    def _housing_rule_figures(self):
        self.ensure_one()
        return self.env._(
            "%(lasting)s of its %(persons)s censused persons have a lasting solution; the rule of %(rule)s asks for "
            "%(needed)s.",
            lasting=self.persons_lasting,
            persons=self.person_count,
            rule=self.programme_id.resorption_rule_label,
            needed=self.programme_id._resorption_persons_needed(self.person_count),
        )

    def _close(self, date_closed, reason, note=False, override_reason=False):
        """Close the site on ``date_closed`` for ``reason`` (a CLOSING_REASONS key).

        "Resorbed" needs the programme's rule to be met (two thirds of the censused persons with a lasting
        solution, by default); below it, only a manager closes the site as resorbed, giving a reason that is kept.
        The model checks it again (``_check_closing``), whoever writes.
        """
        for site in self:
            if site.state == "closed":
                raise UserError(self.env._("%(site)s is already closed.", site=site.name))
            values = {
                "state": "closed",
                "date_closed": date_closed,
                "closing_reason": reason,
                "closing_note": note,
            }
            if reason == "resorbed" and not site.lasting_rule_met:
                if not self.env.user.has_group(MANAGER_GROUP):
                    raise UserError(
                        self.env._(
                            "%(site)s cannot be closed as resorbed: %(figures)s Choose another closing reason, or ask "
                            "a manager, who may decide it with a reason.",
                            site=site.name,
                            figures=site._housing_rule_figures(),
                        )
                    )
                if not (override_reason or "").strip():
                    raise UserError(
                        self.env._(
                            "%(site)s is below the resorption rule: %(figures)s To close it as resorbed anyway, "
                            "give the reason of your decision; it is kept on the site.",
                            site=site.name,
                            figures=site._housing_rule_figures(),
                        )
                    )
                values["resorbed_override_reason"] = override_reason.strip()
            site.write(values)
