from odoo import fields, models

CONDITION_DOMAINS = [
    ("water", "Water"),
    ("electricity", "Electricity"),
    ("sanitation", "Sanitation"),
    ("waste", "Waste"),
    ("pests", "Pests"),
    ("fire", "Fire safety"),
]

# "Not known" (masculine in French, like Good and Bad), not "Unknown" (feminine elsewhere)
CONDITION_STATUSES = [
    ("good", "Good"),
    ("unknown", "Not known"),
    ("to_improve", "To improve"),
    ("bad", "Bad"),
]


class HousingCampConditionQuestion(models.Model):
    """A question asked about a site's living conditions in one domain, and what its answers mean."""

    _name = "housing.camp.condition.question"
    _description = "Living-conditions question"
    _order = "domain, sequence, id"

    name = fields.Char(string="Question", required=True, translate=True)
    domain = fields.Selection(CONDITION_DOMAINS, required=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    good_answer = fields.Selection(
        [("yes", "Yes"), ("no", "No")],
        string="Good answer",
        required=True,
        default="yes",
        help="The answer that means good conditions.",
    )
    severity = fields.Selection(
        [("to_improve", "To improve"), ("bad", "Bad")],
        required=True,
        default="to_improve",
        help="Status of the domain when the other answer is given.",
    )
