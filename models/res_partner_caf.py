from odoo import api, fields, models
from odoo.exceptions import UserError

ACCOUNTANT_GROUP = "account.group_account_invoice"


class ResPartner(models.Model):
    """The CAF number, readable by accountants: it is the key of the CAF's payment statement.

    The rest of the social profile stays with social workers. Accountants read this one field of the
    person's profile (as the superuser, nothing else of it) and cannot change it: the social worker
    records it in the person's social situation.
    """

    _inherit = "res.partner"

    housing_caf_number_accounting = fields.Char(
        string="CAF number (statements)",
        compute="_compute_housing_caf_number_accounting",
        groups=ACCOUNTANT_GROUP,
        help="Family-allowance number (numéro d'allocataire), the key of the CAF's statements. Recorded by the social "
        "worker in the person's social situation.",
    )

    @api.depends_context("allowed_company_ids")
    def _compute_housing_caf_number_accounting(self):
        profiles = (
            self.env["housing.social.profile"]
            .sudo()
            .search_fetch(
                [("partner_id", "in", self._origin.ids), ("company_id", "=", self.env.company.id)],
                ["partner_id", "caf_number"],
            )
        )
        numbers = {profile.partner_id.id: profile.caf_number for profile in profiles}
        for partner in self:
            partner.housing_caf_number_accounting = numbers.get(partner._origin.id, False)

    def write(self, vals):
        if "housing_caf_number_accounting" in vals:
            raise UserError(
                self.env._(
                    "The CAF number is recorded by the social worker, in the person's social situation: accountants "
                    "read it, they do not change it."
                )
            )
        return super().write(vals)
