from odoo import api, fields, models


class HousingRepaymentPlan(models.Model):
    """The occupants' portal shows a household its repayment plans; the staff's notes stay internal."""

    _inherit = "housing.repayment.plan"

    note = fields.Html(groups="base.group_user")
    housing_portal_partner_ids = fields.Many2many(
        "res.partner",
        string="Household (portal)",
        compute="_compute_housing_portal_partner_ids",
        search="_search_housing_portal_partner_ids",
        help="Who reads the plan on the portal: the household of its agreement (its signatory when it has none).",
    )

    @api.depends("partner_id", "occupancy_id.partner_id", "occupancy_id.member_ids")
    def _compute_housing_portal_partner_ids(self):
        for plan in self:
            plan.housing_portal_partner_ids = plan.occupancy_id.housing_portal_partner_ids or plan.partner_id

    def _search_housing_portal_partner_ids(self, operator, value):
        if operator != "in":
            return NotImplemented
        agreements = self.env["housing.occupancy"].sudo()._search([("housing_portal_partner_ids", "in", value)])
        return [
            "|",
            ("occupancy_id", "any", agreements),
            "&",
            ("occupancy_id", "=", False),
            ("partner_id", "in", value),
        ]
