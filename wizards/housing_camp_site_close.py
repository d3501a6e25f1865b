from odoo import api, fields, models

from ..models.housing_camp_site import CLOSING_REASONS


class HousingCampSiteClose(models.TransientModel):
    """Close a site: the date, the reason, its context; "resorbed" below the rule needs a manager's reason."""

    _name = "housing.camp.site.close"
    _description = "Close a camp site"

    site_id = fields.Many2one("housing.camp.site", required=True, ondelete="cascade")
    date_closed = fields.Date(string="Closed on", required=True, default=fields.Date.context_today)
    reason = fields.Selection(CLOSING_REASONS, required=True, default="resorbed")
    note = fields.Text(string="Closing context")
    person_count = fields.Integer(related="site_id.person_count")
    persons_lasting = fields.Integer(related="site_id.persons_lasting")
    lasting_rule_met = fields.Boolean(related="site_id.lasting_rule_met")
    lasting_rule_label = fields.Char(related="site_id.lasting_rule_label")
    override_reason = fields.Text(
        string="Reason for closing as resorbed below the rule",
        help="Managers only: why the site is resorbed although fewer censused persons than the rule have a lasting "
        "solution. Kept on the site.",
    )
    is_manager = fields.Boolean(string="Manager", compute="_compute_is_manager")

    @api.depends_context("uid")
    def _compute_is_manager(self):
        self.is_manager = self.env.user.has_group("solidarity_housing.group_housing_manager")

    def action_confirm(self):
        self.ensure_one()
        self.site_id._close(self.date_closed, self.reason, self.note, self.override_reason)
        return {"type": "ir.actions.act_window_close"}
