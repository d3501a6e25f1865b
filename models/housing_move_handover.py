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
    followup_id = fields.Many2one(
        "housing.followup",
        string="Support file",
        compute="_compute_followup_id",
        store=True,
        index=True,
        help="The support file the item comes from: its social worker (and managers) read the item.",
    )
    name = fields.Char(string="Item", compute="_compute_name")
    # read as the user, not as superuser: the medical follow-up's rules decide
    contact_id = fields.Many2one(related="medical_id.contact_id", related_sudo=False)
    next_appointment = fields.Date(related="medical_id.next_appointment", related_sudo=False)
    handed_to_id = fields.Many2one(
        "res.partner",
        string="Handed to",
        check_company=True,
        domain="[('is_company', '=', False)]",
        help="The next case manager.",
    )
    handed = fields.Boolean(string="Handed over")
    handed_date = fields.Date(string="Handed over on")
    note = fields.Char(string="Notes")

    @api.depends("medical_id.followup_id", "goal_id.followup_id")
    def _compute_followup_id(self):
        for line in self:
            line.followup_id = line.medical_id.followup_id or line.goal_id.followup_id

    @api.depends("medical_id", "goal_id")
    def _compute_name(self):
        for line in self:
            line.name = line.medical_id.display_name or (
                self.env._("Health goal: %(goal)s", goal=line.goal_id.name) if line.goal_id else False
            )

    @api.constrains("medical_id", "goal_id", "handed", "handed_to_id", "move_id")
    def _check_item(self):
        for line in self:
            if bool(line.medical_id) == bool(line.goal_id):
                raise ValidationError(
                    self.env._("A hand-over item is either a medical follow-up or a health goal of the file.")
                )
            followup = line.sudo().followup_id
            if followup.partner_id != line.move_id.partner_id:
                raise ValidationError(
                    self.env._(
                        "A hand-over item of the move of %(household)s comes from the household's own support file: "
                        "prepare the hand-over to list them.",
                        household=line.move_id.partner_id.name,
                    )
                )
            if line.handed_to_id.is_company:
                raise ValidationError(
                    self.env._(
                        "%(manager)s is an organisation: name the person the follow-up was handed to.",
                        manager=line.handed_to_id.name,
                    )
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
