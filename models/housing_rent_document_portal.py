from odoo import api, fields, models


class HousingRentDocument(models.Model):
    """The occupants' portal: a document belongs to the households of the agreements whose dues it states."""

    _inherit = "housing.rent.document"

    housing_portal_partner_ids = fields.Many2many(
        "res.partner",
        string="Household (portal)",
        compute="_compute_housing_portal_partner_ids",
        search="_search_housing_portal_partner_ids",
        help="Who reads the document on the portal: the households of the agreements whose dues it states.",
    )

    @api.depends("rent_line_ids.occupancy_id.partner_id", "rent_line_ids.occupancy_id.member_ids")
    def _compute_housing_portal_partner_ids(self):
        for document in self:
            document.housing_portal_partner_ids = document.rent_line_ids.occupancy_id.housing_portal_partner_ids

    def _search_housing_portal_partner_ids(self, operator, value):
        if operator != "in":
            return NotImplemented
        # the dues as the superuser: a portal user reads documents, never dues (the rules still filter the documents)
        dues = (
            self.env["housing.rent.line"]
            .sudo()
            ._search([("occupancy_id", "any", [("housing_portal_partner_ids", "in", value)])])
        )
        return [("rent_line_ids", "any", dues)]
