from odoo import api, fields, models

from ..models.housing_application_proposal import PARTIES


class HousingApplicationReasonWizard(models.TransientModel):
    """Say why: a proposal refused (by the household or the association), or a referral withdrawn or refused."""

    _name = "housing.application.reason.wizard"
    _description = "Refusal or withdrawal reason"

    proposal_id = fields.Many2one("housing.application.proposal", readonly=True)
    application_id = fields.Many2one("housing.application", string="Referral", readonly=True)
    usage = fields.Selection(
        [("proposal", "Refused proposal"), ("application", "Closed referral")], compute="_compute_usage"
    )
    party = fields.Selection(PARTIES, string="Decided", required=True, default="household")
    reason_id = fields.Many2one(
        "housing.application.reason",
        required=True,
        domain="[('usage', '=', usage), ('party', '=', party)]",
    )
    note = fields.Text(string="Details", help="Facts only: the household may read what is written about it.")

    @api.depends("proposal_id")
    def _compute_usage(self):
        for wizard in self:
            wizard.usage = "proposal" if wizard.proposal_id else "application"

    @api.onchange("party")
    def _onchange_party(self):
        if self.reason_id.party != self.party:
            self.reason_id = False

    def action_confirm(self):
        self.ensure_one()
        if self.proposal_id:
            self.proposal_id._refuse(self.party, self.reason_id, self.note)
        else:
            self.application_id._close(self.party, self.reason_id, self.note)
        return {"type": "ir.actions.act_window_close"}
