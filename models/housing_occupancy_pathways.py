from odoo import api, fields, models


class HousingOccupancy(models.Model):
    """What the pathways add to an agreement: the referral it houses; activating it houses the household."""

    _inherit = "housing.occupancy"

    application_ids = fields.One2many("housing.application", "occupancy_id", string="Referrals")

    def action_activate(self):
        result = super().action_activate()
        self._pathways_follow_agreement("housed")
        return result

    def action_reset_draft(self):
        result = super().action_reset_draft()
        self._pathways_follow_agreement("accepted")
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_back_to_waiting_list(self):
        """A draft agreement of an accepted place deleted: the household is back on the waiting list, and the
        proposal it accepted no longer counts as a place accepted (it is cancelled)."""
        applications = self.application_ids.filtered(lambda a: a.state == "accepted")
        applications._flow().write({"state": "waiting", "occupancy_id": False})
        applications._housing_alert_close(["agreement_signature"], self.env._("The agreement was deleted."))
        proposals = self.env["housing.application.proposal"].search(
            [("occupancy_id", "in", self.ids), ("state", "=", "accepted")]
        )
        proposals._flow().write({"state": "cancelled", "occupancy_id": False})
        for proposal in proposals:
            proposal.message_post(
                body=self.env._("The agreement prepared for this place was deleted: the proposal is cancelled.")
            )

    def _pathways_follow_agreement(self, state):
        """The referrals of these agreements follow them: housed once active, accepted again back in draft; the
        host flat of the room hosts from then on."""
        applications = self.application_ids.filtered(lambda a: a.state in ("accepted", "housed"))
        for application in applications:
            values = {"state": state}
            if state == "housed":
                values["date_housed"] = application.occupancy_id.date_start
            application._flow().write(values)
        if state == "housed":
            applications._housing_alert_close(
                ["agreement_signature"], self.env._("The agreement is active: the household is housed.")
            )
            offers = self.env["housing.host.offer"].search(
                [("unit_id", "in", self.unit_id.ids), ("stage", "=", "agreed")]
            )
            offers._set_stage("hosting")
