from datetime import timedelta

from odoo import Command, api, fields, models


class HousingApplicationMatch(models.TransientModel):
    """Find a place: the free rooms that fit a household, or the households that fit a free room, best first."""

    _name = "housing.application.match"
    _description = "Match households and rooms"

    mode = fields.Selection(
        [("rooms", "Rooms for a household"), ("applications", "Households for a room")], required=True, readonly=True
    )
    application_id = fields.Many2one("housing.application", string="Referral", readonly=True)
    room_id = fields.Many2one("housing.room", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    date = fields.Date(string="Entry date", required=True, help="The day the household would move in.")
    date_deadline = fields.Date(
        string="Answer by",
        required=True,
        default=lambda self: (
            fields.Date.context_today(self) + timedelta(days=self.env.company.housing_proposal_answer_days)
        ),
    )
    line_ids = fields.One2many("housing.application.match.line", "match_id", string="Matches")
    lease_note = fields.Char(compute="_compute_lease_note", string="Head lease")

    @api.depends("mode", "room_id", "date")
    def _compute_lease_note(self):
        for wizard in self:
            wizard.lease_note = False
            if wizard.mode != "applications" or not (wizard.room_id and wizard.date):
                continue
            entry_day = wizard.room_id._pathways_entry_days(wizard.date)[wizard.room_id.id]
            if not entry_day:
                wizard.lease_note = self.env._(
                    "No head lease of this dwelling runs from this date: start it (or renew it) before matching."
                )
            elif entry_day != wizard.date:
                wizard.lease_note = self.env._(
                    "The head lease of this dwelling starts on %(day)s: a household enters the room from that day.",
                    day=entry_day,
                )

    @api.model
    def _open_for(self, application=None, room=None):
        """The matching screen of ``application`` (the rooms that fit) or ``room`` (the households that fit)."""
        if application:
            values = {"mode": "rooms", "application_id": application.id, "date": application._match_day()}
            company = application.company_id
        else:
            # the first day the room is free and sub-let under a head lease
            today = fields.Date.context_today(self)
            empty_since = room._pathways_availability(today)[room.id][1]
            day = max(empty_since or today, today)
            values = {
                "mode": "applications",
                "room_id": room.id,
                "date": room._pathways_entry_days(day)[room.id] or day,
            }
            company = room.company_id
        values["company_id"] = company.id
        values["date_deadline"] = fields.Date.context_today(self) + timedelta(days=company.housing_proposal_answer_days)
        wizard = self.create(values)
        wizard.line_ids = wizard._line_commands()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Find a place") if application else self.env._("Find a household"),
            "res_model": self._name,
            "res_id": wizard.id,
            "view_mode": "form",
            "target": "new",
        }

    @api.onchange("date")
    def _onchange_date(self):
        if self.date:
            self.line_ids = self._line_commands()

    def _line_commands(self):
        self.ensure_one()
        labels = self.env["housing.application.match.line"]._fit_labels()

        def note(line):
            return " · ".join(
                [f"✓ {labels[name]}" for name in line["met"]] + [f"✗ {labels[name]}" for name in line["missed"]]
            )

        if self.mode == "rooms":
            found = self.application_id._find_rooms(self.date)
            values = [
                {
                    "room_id": line["room"].id,
                    "date_start": line["date_start"],
                    "application_id": self.application_id.id,
                    "free_beds": line["free_beds"],
                    "score": line["score"],
                    "fit_note": note(line),
                    "empty_days": line["empty_days"],
                }
                for line in found
            ]
        else:
            found = self.room_id._find_applications(self.date)
            values = [
                {
                    "room_id": self.room_id.id,
                    "date_start": self.date,
                    "application_id": line["application"].id,
                    "free_beds": line["free_beds"],
                    "score": line["score"],
                    "fit_note": note(line),
                    "waiting_days": line["waiting_days"],
                }
                for line in found
            ]
        return [Command.clear()] + [Command.create(dict(vals, sequence=rank)) for rank, vals in enumerate(values, 1)]
