from odoo import fields, models


class HousingRepaymentPlan(models.Model):
    """The occupants' portal shows a household its repayment plans; the staff's notes stay internal."""

    _inherit = "housing.repayment.plan"

    note = fields.Html(groups="base.group_user")
