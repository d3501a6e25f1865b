from odoo import api, fields, models
from odoo.exceptions import ValidationError


class HousingMoveHandover(models.Model):
    """One item of a move's hand-over checklist: an ongoing medical follow-up (or open health goal) of the
    household, handed to the next case manager. Social workers and managers only."""

    _name = "housing.move.handover"
    _description = "Hand-over checklist item"
    _housing_gdpr_wipe_fields = ("note",)
    _order = "move_id, id"
    _check_company_auto = True

    move_id = fields.Many2one("housing.move", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="move_id.company_id", store=True, index=True, precompute=True)
    medical_id = fields.Many2one("housing.followup.medical", string="Medical follow-up", ondelete="cascade")
    goal_id = fields.Many2one("housing.followup.goal", string="Health goal", ondelete="cascade")
    name = fields.Char(string="Item", compute="_compute_name")
    contact_id = fields.Many2one(related="medical_id.contact_id")
    next_appointment = fields.Date(related="medical_id.next_appointment")
    handed_to_id = fields.Many2one(
        "res.partner", string="Handed to", domain="[('is_company', '=', False)]", help="The next case manager."
    )
    handed = fields.Boolean(string="Handed over")
    handed_date = fields.Date(string="Handed over on")
    note = fields.Char(string="Notes")

    @api.depends("medical_id", "goal_id")
    def _compute_name(self):
        for line in self:
            line.name = line.medical_id.display_name or (
                self.env._("Health goal: %(goal)s", goal=line.goal_id.name) if line.goal_id else False
            )

    @api.constrains("medical_id", "goal_id", "handed", "handed_to_id")
    def _check_item(self):
        for line in self:
            if bool(line.medical_id) == bool(line.goal_id):
                raise ValidationError(
                    self.env._("A hand-over item is either a medical follow-up or a health goal of the file.")
                )
            if line.handed and not line.handed_to_id:
                raise ValidationError(
                    self.env._(
                        "Say to whom “%(item)s” was handed over: the next case manager, by name.", item=line.name
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        today = fields.Date.context_today(self)
        for vals in vals_list:
            if vals.get("handed") and not vals.get("handed_date"):
                vals["handed_date"] = today
        return super().create(vals_list)

    def write(self, vals):
        if vals.get("handed") and "handed_date" not in vals:
            vals = dict(vals, handed_date=fields.Date.context_today(self))
        return super().write(vals)
