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

        Read from the households' arrears files (``housing.arrears.months_owed``), kept current as dues and
        payments change and every night: one query, nothing computed again. What this transaction changed is
        applied first. A household owing nothing is left out; one housed by several companies of the database
        counts its highest figure. The follow-up's alert job warns from the company's threshold (2 months).
        """
        Arrears = self.env["housing.arrears"].sudo()
        Arrears._refresh_pending()
        return {
            partner.id: months
            for partner, months in Arrears._read_group(
                [("partner_id", "in", self.ids), ("months_owed", ">", 0)], ["partner_id"], ["months_owed:max"]
            )
        }

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
