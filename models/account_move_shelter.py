from odoo import Command, api, fields, models
from odoo.exceptions import UserError

from ..tools.housing_math import month_end, month_label, month_start

#: statuses of a stay (or bill line) once a hotel bill is checked
CHECK_STATUSES = [
    ("ok", "Matches"),
    ("more", "More nights billed"),
    ("less", "Fewer nights billed"),
    ("not_billed", "Not billed"),
    ("no_stay", "No stay matches"),
]


class AccountMove(models.Model):
    """A hotel's monthly bill, checked against the nights counted on its stays before the accountant posts it."""

    _inherit = "account.move"

    housing_shelter_month = fields.Date(
        string="Nights of the month",
        copy=False,
        help="Month of the hotel nights this bill charges (any day of it): the bill is checked against the nights "
        "of the hotel's stays that month.",
    )
    housing_shelter_is_hotel = fields.Boolean(string="Hotel bill", compute="_compute_housing_shelter_is_hotel")
    housing_shelter_difference_count = fields.Integer(
        string="Differences with the nights counted", compute="_compute_housing_shelter_difference_count"
    )
    housing_shelter_differences_accepted = fields.Boolean(
        string="Differences accepted", copy=False, tracking=True, readonly=True
    )
    housing_shelter_check_note = fields.Char(string="Why the differences are accepted", copy=False, readonly=True)

    @api.depends("partner_id", "move_type")
    def _compute_housing_shelter_is_hotel(self):
        hotels = set(
            self.env["housing.shelter.stay"]
            .with_context(active_test=False)
            .search([("hotel_id", "in", self.partner_id.commercial_partner_id.ids)])
            .hotel_id.ids
        )
        for move in self:
            move.housing_shelter_is_hotel = (
                move.move_type in ("in_invoice", "in_refund") and move.partner_id.commercial_partner_id.id in hotels
            )

    @api.depends("housing_shelter_month", "invoice_line_ids.quantity", "invoice_line_ids.housing_shelter_stay_id")
    def _compute_housing_shelter_difference_count(self):
        for move in self:
            if not move.housing_shelter_is_hotel or not move.housing_shelter_month:
                move.housing_shelter_difference_count = 0
                continue
            move.housing_shelter_difference_count = sum(
                1 for row in move._housing_shelter_check_rows() if row["status"] != "ok"
            )

    def write(self, vals):
        accepted = self.env["account.move"]
        if {"invoice_line_ids", "housing_shelter_month", "line_ids"} & set(vals) and not self.env.context.get(
            "housing_keep_check"
        ):
            accepted = self.filtered("housing_shelter_differences_accepted")
        result = super().write(vals)
        if accepted:
            # a hotel bill changed after its differences were accepted is checked again
            accepted.with_context(housing_keep_check=True).write(
                {"housing_shelter_differences_accepted": False, "housing_shelter_check_note": False}
            )
        return result

    def action_post(self):
        self._housing_shelter_check_before_post()
        return super().action_post()

    # ------------------------------------------------------------------ actions
    def action_housing_shelter_check(self):
        """*Contrôler la facture*: the nights billed against the nights counted, stay by stay."""
        self.ensure_one()
        self._housing_shelter_require_month()
        wizard = self.env["housing.shelter.bill.check"].create(
            {
                "move_id": self.id,
                "line_ids": [
                    Command.create(
                        {
                            "stay_id": row["stay"].id,
                            "label": row["label"],
                            "nights_counted": row["nights_counted"],
                            "nights_billed": row["nights_billed"],
                            "amount_counted": row["amount_counted"],
                            "amount_billed": row["amount_billed"],
                            "status": row["status"],
                        }
                    )
                    for row in self._housing_shelter_check_rows()
                ],
            }
        )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Check the hotel bill"),
            "res_model": wizard._name,
            "res_id": wizard.id,
            "view_mode": "form",
            "target": "new",
        }

    def action_housing_shelter_fill(self):
        """One bill line per stay of the hotel that month not billed yet, with the nights counted: the accountant
        then enters the hotel's own figures where they differ."""
        self.ensure_one()
        self._housing_shelter_require_month()
        if self.state != "draft":
            raise UserError(self.env._("Only a draft bill can be completed from the stays."))
        billed = self.invoice_line_ids.housing_shelter_stay_id
        month = month_start(self.housing_shelter_month)
        stays = self._housing_shelter_stays() - billed
        nights = stays._nights_between(month, month_end(month))
        lang = self.env.context.get("lang") or self.env.user.lang
        self.with_context(housing_keep_check=True).invoice_line_ids = [
            Command.create(
                {
                    "name": self.env._(
                        "Nights of %(month)s — %(stay)s (room %(rooms)s)",
                        month=month_label(month, lang),
                        stay=stay.name,
                        rooms=stay.room_label or stay.room_count,
                    ),
                    "quantity": nights[stay.id],
                    "price_unit": stay.nightly_cost,
                    "housing_shelter_stay_id": stay.id,
                    "tax_ids": [Command.clear()],
                }
            )
            for stay in stays
            if nights[stay.id]
        ]

    # ------------------------------------------------------------------ business
    def _housing_shelter_require_month(self):
        if not self.housing_shelter_month:
            raise UserError(
                self.env._(
                    "Enter the month of the nights this bill charges (field Nights of the month) to check it against "
                    "the hotel stays."
                )
            )

    def _housing_shelter_stays(self):
        """The stays of this bill's hotel that have a night in its month."""
        self.ensure_one()
        month = month_start(self.housing_shelter_month)
        after = month_end(month)
        return self.env["housing.shelter.stay"].search(
            [
                ("hotel_id", "=", self.partner_id.commercial_partner_id.id),
                ("company_id", "=", self.company_id.id),
                ("date_checkin", "<=", after),
                "|",
                ("date_checkout", "=", False),
                ("date_checkout", ">", month),
            ]
        )

    def _housing_shelter_check_rows(self):
        """Per stay of the hotel that month: nights counted, nights billed (quantities of the bill's lines of that
        stay), amounts and status; then the bill's lines that name no stay of the month."""
        self.ensure_one()
        month = month_start(self.housing_shelter_month)
        stays = self._housing_shelter_stays()
        lines = self.invoice_line_ids.filtered(lambda line: line.display_type == "product")
        counted = stays._nights_between(month, month_end(month))
        rows = []
        for stay in (stays | lines.housing_shelter_stay_id).sorted("name"):
            stay_lines = lines.filtered(lambda line, stay=stay: line.housing_shelter_stay_id == stay)
            billed = sum(stay_lines.mapped("quantity"))
            nights = counted.get(stay.id, 0)
            if not stay_lines:
                status = "not_billed"
            elif round(billed, 2) == nights:
                status = "ok"
            else:
                status = "more" if billed > nights else "less"
            rows.append(
                {
                    "stay": stay,
                    "label": stay.display_name,
                    "nights_counted": nights,
                    "nights_billed": billed,
                    "amount_counted": nights * stay.nightly_cost,
                    "amount_billed": sum(stay_lines.mapped("price_subtotal")),
                    "status": status,
                }
            )
        for line in lines.filtered(lambda line: not line.housing_shelter_stay_id):
            rows.append(
                {
                    "stay": self.env["housing.shelter.stay"],
                    "label": line.name,
                    "nights_counted": 0,
                    "nights_billed": line.quantity,
                    "amount_counted": 0.0,
                    "amount_billed": line.price_subtotal,
                    "status": "no_stay",
                }
            )
        return rows

    def _housing_shelter_check_before_post(self):
        """A hotel bill that differs from the nights counted is posted only once the differences are accepted."""
        for move in self.filtered(
            lambda move: (
                move.housing_shelter_is_hotel
                and move.move_type == "in_invoice"
                and not move.housing_shelter_differences_accepted
            )
        ):
            if not move.housing_shelter_month:
                if move.invoice_line_ids.housing_shelter_stay_id:
                    move._housing_shelter_require_month()
                continue
            differences = [row for row in move._housing_shelter_check_rows() if row["status"] != "ok"]
            if not differences:
                continue
            statuses = dict(CHECK_STATUSES)
            raise UserError(
                self.env._(
                    "The bill of %(hotel)s does not match the nights counted in %(month)s: %(differences)s. Correct "
                    "the bill, or accept the differences with a reason (button Check the bill) before posting it.",
                    hotel=move.partner_id.name,
                    month=month_label(move.housing_shelter_month, self.env.context.get("lang") or self.env.user.lang),
                    differences="; ".join(
                        self.env._(
                            "%(stay)s: %(billed)s night(s) billed, %(counted)s counted (%(status)s)",
                            stay=row["label"],
                            billed=int(row["nights_billed"])
                            if row["nights_billed"] == int(row["nights_billed"])
                            else row["nights_billed"],
                            counted=row["nights_counted"],
                            status=statuses[row["status"]],
                        )
                        for row in differences
                    ),
                )
            )
