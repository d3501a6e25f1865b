from odoo import api, fields, models

SOCIAL_WORKER_GROUP = "solidarity_housing.group_housing_social_worker"


class HousingFollowup(models.Model):
    """What camp resorption adds to a support file: the medical follow-up to hand over at the move, and the census
    the file was opened from."""

    _inherit = "housing.followup"

    medical_ids = fields.One2many(
        "housing.followup.medical", "followup_id", string="Medical follow-up", groups=SOCIAL_WORKER_GROUP
    )
    medical_open_count = fields.Integer(
        string="Ongoing medical follow-ups", compute="_compute_medical_open_count", groups=SOCIAL_WORKER_GROUP
    )
    camp_census_ids = fields.One2many("housing.camp.census", "followup_id", string="Census")

    @api.depends("medical_ids.state")
    @api.depends_context("uid")
    def _compute_medical_open_count(self):
        # the medical records the user reads (their rules): a figure that depends on who reads it
        for followup in self:
            followup.medical_open_count = len(followup.medical_ids.filtered(lambda medical: medical.state == "open"))

    def _housing_handover_items(self):
        """What the next case manager must receive: the ongoing medical follow-ups and the open health goals.

        Searched, not read from the files' lists: those hold what the current user may read (their rules), and the
        hand-over counts every item whoever asks."""
        medical = (
            self.env["housing.followup.medical"]
            .sudo()
            .search([("followup_id", "in", self.ids), ("state", "=", "open")])
        )
        goals = (
            self.env["housing.followup.goal"]
            .sudo()
            .search([("followup_id", "in", self.ids), ("domain_id.code", "=", "health")])
            .filtered("is_open")
        )
        return medical, goals
