from odoo import api, fields, models
from odoo.exceptions import UserError

REVISABLE_MODELS = [("housing.lease", "Head leases"), ("housing.occupancy", "Occupancy agreements")]
#: states in which a contract's rent can be revised, per model
REVISABLE_STATES = {"housing.lease": ("running", "notice"), "housing.occupancy": ("active", "notice")}


class HousingRentRevisionWizard(models.TransientModel):
    _name = "housing.rent.revision.wizard"
    _description = "Revise rents with the IRL"

    res_model = fields.Selection(REVISABLE_MODELS, string="Revise", required=True, default="housing.lease")
    res_ids = fields.Json(string="Contracts", help="The contracts the wizard was opened on; empty: every contract due.")
    run_date = fields.Date(string="Asked on", required=True, default=fields.Date.context_today)
    line_ids = fields.One2many(
        "housing.rent.revision.wizard.line",
        "wizard_id",
        compute="_compute_line_ids",
        compute_sudo=False,
        store=True,
        readonly=False,
    )
    ready_count = fields.Integer(compute="_compute_counts", string="Ready")
    error_count = fields.Integer(compute="_compute_counts", string="Cannot be revised")

    @api.depends("res_model", "res_ids", "run_date")
    def _compute_line_ids(self):
        for wizard in self:
            commands = [fields.Command.clear()]
            for record in wizard._records():
                line = {"res_id": record.id, "name": record.display_name}
                try:
                    values = record._prepare_revision(wizard.run_date)
                except UserError as error:
                    line["error"] = str(error.args[0])
                    line["old_rent"] = record.rent
                else:
                    line.update(
                        {
                            key: values[key]
                            for key in (
                                "anniversary_date",
                                "date",
                                "old_rent",
                                "new_rent",
                                "irl_new_id",
                                "irl_old_id",
                                "irl_new_value",
                                "irl_old_value",
                            )
                        }
                    )
                commands.append(fields.Command.create(line))
            wizard.line_ids = commands

    @api.depends("line_ids.error")
    def _compute_counts(self):
        for wizard in self:
            wizard.error_count = len(wizard.line_ids.filtered("error"))
            wizard.ready_count = len(wizard.line_ids) - wizard.error_count

    def _records(self):
        self.ensure_one()
        model = self.env[self.res_model].sudo(False)  # only what the user may revise, in their companies
        if self.res_ids:
            return model.browse(self.res_ids).exists()
        return model.search(
            [*model._revisions_due_domain(self.run_date), ("state", "in", REVISABLE_STATES[self.res_model])],
            order="revision_date, id",
        )

    def action_apply(self):
        self.ensure_one()
        lines = self.line_ids.filtered(lambda line: not line.error)
        if not lines:
            raise UserError(
                self.env._("No rent can be revised: %(errors)s", errors=" ".join(self.line_ids.mapped("error")) or "-")
            )
        records = self.env[self.res_model].browse(lines.mapped("res_id"))
        vals_list = [record._prepare_revision(self.run_date) for record in records]
        revisions = records._apply_revisions(vals_list)
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Rent revisions"),
            "res_model": "housing.rent.revision",
            "view_mode": "list,form",
            "domain": [("id", "in", revisions.ids)],
        }


class HousingRentRevisionWizardLine(models.TransientModel):
    _name = "housing.rent.revision.wizard.line"
    _description = "Rent revision to apply"

    wizard_id = fields.Many2one("housing.rent.revision.wizard", required=True, ondelete="cascade")
    res_id = fields.Integer(string="Record", required=True)
    name = fields.Char(string="Contract", readonly=True)
    currency_id = fields.Many2one("res.currency", default=lambda self: self.env.company.currency_id)
    anniversary_date = fields.Date(string="Anniversary", readonly=True)
    date = fields.Date(string="Effective from", readonly=True)
    old_rent = fields.Monetary(string="Current rent", readonly=True)
    new_rent = fields.Monetary(string="New rent", readonly=True)
    irl_new_id = fields.Many2one("housing.irl", string="New index", readonly=True)
    irl_old_id = fields.Many2one("housing.irl", string="Index a year earlier", readonly=True)
    irl_new_value = fields.Float(string="New value", digits=(8, 2), readonly=True)
    irl_old_value = fields.Float(string="Previous value", digits=(8, 2), readonly=True)
    error = fields.Char(string="Cannot be revised", readonly=True)
