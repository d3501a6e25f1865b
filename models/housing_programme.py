from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

SCHEME_TYPES = [
    ("shared_flat", "Solidarity room in a shared flat"),
    ("shared_home", "Shared home"),
    ("sublet", "Sublet intermediation"),
    ("management_mandate", "Management mandate"),
    ("sliding_lease", "Sliding lease"),
    ("camp_resorption", "Camp resorption"),
    ("hotel_shelter", "Hotel shelter"),
]


class HousingProgramme(models.Model):
    _name = "housing.programme"
    _description = "Housing programme"
    _inherit = ["mail.thread", "mail.activity.mixin", "housing.analytic.mixin"]
    _housing_analytic_plan = "solidarity_housing.analytic_plan_programmes"
    _order = "date_start desc, name"
    _check_company_auto = True

    name = fields.Char(required=True, tracking=True, translate=False)
    code = fields.Char(
        required=True,
        copy=False,
        tracking=True,
        help="Short code used in references and reports, unique within a company.",
    )
    scheme_type = fields.Selection(SCHEME_TYPES, required=True, tracking=True)
    active = fields.Boolean(default=True)
    color = fields.Integer()
    company_id = fields.Many2one("res.company", required=True, index=True, default=lambda self: self.env.company)
    currency_id = fields.Many2one(related="company_id.currency_id")
    user_id = fields.Many2one(
        "res.users",
        string="Programme manager",
        tracking=True,
        default=lambda self: self.env.user,
        domain="[('share', '=', False)]",
    )
    funder_ids = fields.Many2many(
        "res.partner",
        "housing_programme_funder_rel",
        "programme_id",
        "partner_id",
        string="Funders",
        check_company=True,
    )
    date_start = fields.Date(string="Start date", tracking=True)
    date_end = fields.Date(string="End date", tracking=True)
    places_target = fields.Integer(
        string="Target places", tracking=True, help="Places the funders expect the programme to provide."
    )
    analytic_account_id = fields.Many2one(
        "account.analytic.account",
        string="Analytic account",
        check_company=True,
        copy=False,
        help="Rent, charges and subsidies of this programme are reported on this analytic account.",
    )
    description = fields.Html()
    unit_ids = fields.One2many("housing.unit", "programme_id", string="Units")
    unit_count = fields.Integer(compute="_compute_places", string="Units count")
    capacity = fields.Integer(compute="_compute_places", string="Places")
    free_beds = fields.Integer(compute="_compute_places", string="Free places")
    occupied_beds = fields.Integer(compute="_compute_places", string="Occupied places")
    places_gap = fields.Integer(
        compute="_compute_places",
        string="Places to find",
        help="Target places minus the places of the programme's units.",
    )
    _code_company_uniq = models.Constraint(
        "UNIQUE(company_id, code)",
        "A programme with this code already exists in this company: choose another code.",
    )

    @api.constrains("date_start", "date_end", "places_target")
    def _check_dates_places(self):
        for programme in self:
            if programme.date_start and programme.date_end and programme.date_end < programme.date_start:
                raise ValidationError(
                    self.env._(
                        "The programme %(name)s cannot end (%(end)s) before it starts (%(start)s): check its dates.",
                        name=programme.name,
                        end=programme.date_end,
                        start=programme.date_start,
                    )
                )
            if programme.places_target < 0:
                raise ValidationError(
                    self.env._(
                        "The target places of %(name)s cannot be negative (%(places)s).",
                        name=programme.name,
                        places=programme.places_target,
                    )
                )

    @api.constrains("funder_ids")
    def _check_funders(self):
        for programme in self:
            persons = programme.funder_ids.filtered(lambda partner: not partner.is_company)
            if persons:
                raise ValidationError(
                    self.env._(
                        "%(names)s: the funders of %(programme)s are organisations (the State, a foundation, a local "
                        "authority), billed for their share.",
                        names=", ".join(persons.mapped("name")),
                        programme=programme.name,
                    )
                )

    @api.constrains("company_id")
    def _check_company_of_units(self):
        """A programme keeps the company of its units: moving it would leave them under another association's."""
        units = (
            self.env["housing.unit"]
            .with_context(active_test=False)
            .search([("programme_id", "in", self.ids)])
            .filtered(lambda unit: unit.company_id != unit.programme_id.company_id)
        )
        if units:
            raise ValidationError(
                self.env._(
                    "The units %(units)s of %(programme)s belong to %(company)s: a programme and its units belong to "
                    "one association. Move the units first, or create the programme in the other association.",
                    units=", ".join(units[:5].mapped("display_name")),
                    programme=units[0].programme_id.name,
                    company=units[0].company_id.name,
                )
            )

    @api.depends("unit_ids.capacity", "unit_ids.free_beds", "unit_ids.occupied_beds", "places_target")
    def _compute_places(self):
        groups = self.env["housing.unit"]._read_group(
            [("programme_id", "in", self.ids)],
            ["programme_id"],
            ["__count", "capacity:sum", "free_beds:sum", "occupied_beds:sum"],
        )
        figures = {programme.id: rest for programme, *rest in groups}
        for programme in self:
            count, capacity, free, occupied = figures.get(programme.id, (0, 0, 0, 0))
            programme.unit_count = count
            programme.capacity = capacity
            programme.free_beds = free
            programme.occupied_beds = occupied
            programme.places_gap = max(0, programme.places_target - capacity)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_with_units(self):
        with_units = self.with_context(active_test=False).filtered("unit_ids")
        if with_units:
            raise UserError(
                self.env._(
                    "The programme %(names)s has housing units: archive it instead of deleting it, "
                    "so that its history stays in the reports.",
                    names=", ".join(with_units.mapped("display_name")),
                )
            )

    def _housing_analytic_values(self):
        self.ensure_one()
        return {"name": self.name, "code": self.code}

    def action_view_units(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("solidarity_housing.housing_unit_action")
        action["domain"] = [("programme_id", "=", self.id)]
        action["context"] = {"default_programme_id": self.id}
        return action
