from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    """Tenant documents' and charges settlements' settings of a company."""

    _inherit = "res.company"

    housing_payment_instructions = fields.Text(
        string="How to pay",
        translate=True,
        help="Printed on the payment notices. Empty: by bank transfer to the association's account (its bank "
        "accounts are printed) or at its office.",
    )
    housing_receipt_needs_third_party = fields.Boolean(
        string="Rent receipt once the allowance is received",
        default=False,
        help="A rent receipt (quittance) is given once the occupant has paid their share; ticked, the housing "
        "allowance and the funders must have paid theirs too.",
    )
    housing_settlement_due_days = fields.Integer(
        string="Charges settlement due after (days)",
        default=30,
        help="Days the payers have to pay the invoices of an annual charges settlement.",
    )

    @api.constrains("housing_settlement_due_days")
    def _check_housing_settlement_due_days(self):
        for company in self:
            if company.housing_settlement_due_days < 0:
                raise ValidationError(
                    self.env._(
                        "The payers of a charges settlement of %(company)s cannot have %(days)s days to pay: enter "
                        "0 days (due at once) or more.",
                        company=company.name,
                        days=company.housing_settlement_due_days,
                    )
                )
