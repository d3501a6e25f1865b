from odoo import api, fields, models
from odoo.exceptions import ValidationError


class MailActivityPlanTemplate(models.Model):
    _inherit = "mail.activity.plan.template"

    responsible_type = fields.Selection(
        selection_add=[("housing_social_worker", "Social worker of the file")],
        ondelete={"housing_social_worker": "set default"},
    )

    @api.constrains("plan_id", "responsible_type")
    def _check_responsible_housing(self):
        for template in self:
            if (
                template.responsible_type == "housing_social_worker"
                and template.plan_id.res_model != "housing.followup"
            ):
                raise ValidationError(
                    self.env._(
                        "“Social worker of the file” can only assign activities of support-file plans: choose another "
                        "assignment for the plan %(plan)s.",
                        plan=template.plan_id.name,
                    )
                )

    def _determine_responsible(self, on_demand_responsible, applied_on_record):
        if self.responsible_type != "housing_social_worker":
            return super()._determine_responsible(on_demand_responsible, applied_on_record)
        return {"responsible": applied_on_record.user_id, "error": False, "warning": False}
