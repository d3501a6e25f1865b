from odoo import api, fields, models
from odoo.exceptions import ValidationError

MEDICAL_KINDS = [
    ("doctor", "Attending doctor"),
    ("pmi", "PMI (mother and child protection)"),
    ("hospital", "Hospital follow-up"),
    ("specialist", "Specialist"),
    ("treatment", "Treatment to continue"),
    ("procedure", "Health procedure under way"),
]


class HousingFollowupMedical(models.Model):
    """A medical contact or an ongoing health procedure of a household: what the next case manager must receive
    when the household moves (the failure most criticised in past operations). Social workers and managers only."""

    _name = "housing.followup.medical"
    _description = "Medical follow-up of a support file"
    _housing_gdpr_delete_own = True
    _order = "followup_id, state, kind, id"
    _check_company_auto = True

    followup_id = fields.Many2one(
        "housing.followup", string="Support file", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="followup_id.company_id", store=True, index=True, precompute=True)
    household_id = fields.Many2one(related="followup_id.partner_id", store=True, string="Household")
    person_id = fields.Many2one(
        "res.partner",
        check_company=True,
        domain="['|', ('id', '=', household_id), ('housing_head_id', '=', household_id)]",
        help="The member of the household concerned.",
    )
    kind = fields.Selection(MEDICAL_KINDS, string="Follow-up", required=True, default="doctor")
    name = fields.Char(
        string="Description", required=True, help="E.g. Dr Martin; insulin twice a day; AME application."
    )
    contact_id = fields.Many2one("res.partner", help="The doctor, PMI centre or hospital service.")
    contact_phone = fields.Char(related="contact_id.phone", string="Phone")
    next_appointment = fields.Date(string="Next appointment")
    note = fields.Text(string="To know", help="Facts only: the person may read this note (right of access).")
    state = fields.Selection([("open", "Ongoing"), ("closed", "Ended")], default="open", required=True, string="Status")

    @api.depends("kind", "name", "person_id")
    def _compute_display_name(self):
        kinds = dict(self._fields["kind"]._description_selection(self.env))
        for medical in self:
            person = f" — {medical.person_id.name}" if medical.person_id else ""
            medical.display_name = f"{kinds.get(medical.kind, '')}: {medical.name}{person}"

    @api.constrains("person_id", "followup_id")
    def _check_person(self):
        """The person concerned is one of the household followed: its head or a member."""
        for medical in self.filtered("person_id"):
            person, household = medical.person_id, medical.household_id
            if household not in (person, person.housing_head_id):
                raise ValidationError(
                    self.env._(
                        "%(person)s is not a member of the household of %(household)s: choose the person concerned "
                        "among its members (or leave it empty for the whole household).",
                        person=person.name,
                        household=household.name,
                    )
                )
