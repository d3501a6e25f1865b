from odoo import api, fields, models


class HousingApplicationMatchLine(models.TransientModel):
    """One room for a household (or one household for a room) of the matching screen, with its fit."""

    _name = "housing.application.match.line"
    _description = "Match of a household and a room"
    _order = "sequence, id"

    match_id = fields.Many2one("housing.application.match", required=True, ondelete="cascade")
    sequence = fields.Integer(string="Rank")
    room_id = fields.Many2one("housing.room", required=True, readonly=True)
    date_start = fields.Date(
        string="Entry date",
        readonly=True,
        help="The entry date of the screen, or the later start of the head lease the room is sub-let under.",
    )
    unit_id = fields.Many2one(related="room_id.unit_id", string="Unit")
    city = fields.Char(related="room_id.unit_id.city")
    programme_id = fields.Many2one(related="room_id.programme_id", string="Programme")
    application_id = fields.Many2one("housing.application", string="Referral", required=True, readonly=True)
    partner_id = fields.Many2one(related="application_id.partner_id", string="Household")
    priority = fields.Selection(related="application_id.priority")
    beds_needed = fields.Integer(related="application_id.beds_needed")
    free_beds = fields.Integer(string="Free beds", readonly=True)
    score = fields.Integer(string="Fit (%)", readonly=True, help="Share of the household's wishes the room meets.")
    fit_note = fields.Char(string="Fit", readonly=True)
    empty_days = fields.Integer(string="Empty for (days)", readonly=True)
    waiting_days = fields.Integer(string="Waiting for (days)", readonly=True)

    @api.model
    def _fit_labels(self):
        return {
            "area": self.env._("Area wished"),
            "furnished": self.env._("Furnished"),
            "beds": self.env._("Beds just right"),
        }

    def action_propose(self):
        """Propose this room to this household from its entry date, with the deadline of the screen."""
        self.ensure_one()
        proposal = self.env["housing.application.proposal"].create(
            {
                "application_id": self.application_id.id,
                "room_id": self.room_id.id,
                "date_start": self.date_start or self.match_id.date,
                "date_deadline": self.match_id.date_deadline,
            }
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "housing.application.proposal",
            "res_id": proposal.id,
            "view_mode": "form",
            "target": "current",
        }
