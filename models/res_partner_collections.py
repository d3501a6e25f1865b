from odoo import api, fields, models


class ResPartner(models.Model):
    """What collections add to a household: its arrears files, and whether it is in arrears (not the amounts)."""

    _inherit = "res.partner"

    # Collections: that a household is in arrears is known to the back office; the amounts are not
    housing_arrears_ids = fields.One2many("housing.arrears", "partner_id", string="Arrears files")
    housing_in_arrears = fields.Boolean(
        string="In arrears",
        compute="_compute_housing_in_arrears",
        search="_search_housing_in_arrears",
        groups="solidarity_housing.group_housing_user,account.group_account_invoice",
        help="The household owes at least the company's threshold of months of net share.",
    )

    def _housing_arrears_months(self):
        """Months of net share owed by each household of ``self`` (heads): ``{partner id: months}``.

        The overdue occupant's dues of each household divided by its monthly net share, as the arrears screen
        computes them (``housing.arrears``), for the whole batch in a few queries; a household owing nothing
        is left out. The daily alert job of the social follow-up warns from the company's threshold (2 months
        by default). A household housed by several companies of the database counts its highest figure.
        """
        RentLine = self.env["housing.rent.line"].sudo()
        today = fields.Date.context_today(self)
        companies = [
            company
            for [company] in RentLine._read_group(
                [("occupant_id", "in", self.ids), ("payer_kind", "=", "occupant"), ("amount_residual", "!=", 0)],
                ["company_id"],
            )
        ]
        months = {}
        for company in companies:
            figures = self.env["housing.arrears"].sudo()._figures(company, self.ids, today)
            for partner_id, values in figures.items():
                if values["months_owed"] > months.get(partner_id, 0):
                    months[partner_id] = values["months_owed"]
        return months

    @api.depends("housing_arrears_ids.in_arrears")
    @api.depends_context("allowed_company_ids")
    def _compute_housing_in_arrears(self):
        files = (
            self.env["housing.arrears"]
            .sudo()
            .search(
                [
                    ("partner_id", "in", self.ids),
                    ("in_arrears", "=", True),
                    ("company_id", "in", self.env.companies.ids),
                ]
            )
        )
        for partner in self:
            partner.housing_in_arrears = partner in files.partner_id

    def _search_housing_in_arrears(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            return NotImplemented
        files = (
            self.env["housing.arrears"]
            .sudo()
            .search([("in_arrears", "=", True), ("company_id", "in", self.env.companies.ids)])
        )
        wanted = (operator == "=") == value
        return [("id", "in" if wanted else "not in", files.partner_id.ids)]

    def action_view_housing_arrears(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("solidarity_housing.housing_arrears_action")
        action["domain"] = [("partner_id", "=", self.id)]
        action["context"] = {}
        files = self.env["housing.arrears"].search([("partner_id", "=", self.id)])
        if len(files) == 1:
            action.update(view_mode="form", views=[(False, "form")], res_id=files.id)
        return action
