from odoo import Command, api, fields, models
from odoo.exceptions import UserError

from ..models.housing_followup import CLOSING_REASONS


class HousingFollowupHandover(models.TransientModel):
    """Close a support file, hand it over to the next case manager and print the hand-over summary."""

    _name = "housing.followup.handover"
    _description = "Close or hand over a support file"

    followup_id = fields.Many2one("housing.followup", string="Support file", required=True, ondelete="cascade")
    reason = fields.Selection(CLOSING_REASONS, required=True, default="left")
    date_closed = fields.Date(string="Closing date", required=True, default=fields.Date.context_today)
    next_case_manager_id = fields.Many2one(
        "res.partner", string="Next case manager", help="Person or organisation that takes over the support."
    )
    new_programme_id = fields.Many2one(
        "housing.programme",
        string="New programme",
        help="Changed programme: a new support file is opened there with the open goals.",
    )
    new_user_id = fields.Many2one(
        "res.users",
        string="New social worker",
        domain=lambda self: [
            ("share", "=", False),
            ("all_group_ids", "in", self.env.ref("solidarity_housing.group_housing_social_worker").ids),
        ],
    )
    print_summary = fields.Boolean(string="Print the hand-over summary", default=True)

    @api.onchange("new_programme_id")
    def _onchange_new_programme_id(self):
        if self.new_programme_id:
            self.reason = "programme_change"

    def action_confirm(self):
        self.ensure_one()
        followup = self.followup_id
        if followup.state == "closed":
            raise UserError(self.env._("%(file)s is already closed.", file=followup.display_name))
        if self.reason == "programme_change" and not self.new_programme_id:
            raise UserError(
                self.env._(
                    "Choose the new programme of %(household)s: a support file is opened there with the open goals.",
                    household=followup.partner_id.name,
                )
            )
        if self.date_closed < followup.date_start:
            raise UserError(
                self.env._(
                    "%(file)s cannot close on %(date)s, before it started (%(start)s): check the closing date.",
                    file=followup.display_name,
                    date=self.date_closed,
                    start=followup.date_start,
                )
            )
        if self.next_case_manager_id:
            followup.next_case_manager_id = self.next_case_manager_id
        # the summary is printed from the file as it is before closing
        report = followup.action_print_handover() if self.print_summary else None
        new_followup = self.env["housing.followup"]
        # a hand-over asked for when the household left is now done
        followup._housing_alert_close(["handover"], self.env._("Hand-over done."))
        if self.reason == "programme_change":
            open_goals = followup.goal_ids.filtered("is_open")
            followup._close(self.reason, self.date_closed)
            # the next social worker may follow files the current one cannot read: she hands over
            new_followup = followup.sudo().copy(
                {
                    "programme_id": self.new_programme_id.id,
                    "user_id": (self.new_user_id or followup.user_id).id,
                    "date_start": self.date_closed,
                    "date_end": False,
                    "measure_type": "internal",
                    "state": "active",
                    "goal_ids": [
                        Command.create(
                            {
                                "domain_id": goal.domain_id.id,
                                "name": goal.name,
                                "deadline": goal.deadline,
                                "state": goal.state,
                            }
                        )
                        for goal in open_goals
                    ],
                }
            )
            followup.message_post(
                body=self.env._("Handed over to %(file)s.", file=new_followup.display_name),
                subtype_xmlid="mail.mt_note",
            )
        else:
            followup._close(self.reason, self.date_closed)
        if report:
            return report
        if new_followup:
            return {
                "type": "ir.actions.act_window",
                "res_model": new_followup._name,
                "res_id": new_followup.id,
                "view_mode": "form",
            }
        return {"type": "ir.actions.act_window_close"}
