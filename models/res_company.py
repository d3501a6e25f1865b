from odoo import fields, models


class ResCompany(models.Model):
    """The housing stock's settings of a company. Each later capability adds its own settings in a file of its
    own (``res_company_billing.py``, ``res_company_followup.py``...), loaded with it."""

    _inherit = "res.company"

    housing_analytic_auto = fields.Boolean(
        string="Analytic accounts per programme and unit",
        default=True,
        help="Give each new programme and unit an analytic account, so that rent, charges and landlord bills "
        "are reported per programme and per dwelling.",
    )
