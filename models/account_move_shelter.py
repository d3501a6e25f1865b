from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import float_compare, formatLang

from ..tools.housing_math import month_end, month_label, month_start

#: statuses of a stay (or bill line) once a hotel bill is checked
CHECK_STATUSES = [
    ("ok", "Matches"),
    ("more", "More nights billed"),
    ("less", "Fewer nights billed"),
    ("amount", "Other amount billed"),
    ("not_billed", "Not billed"),
    ("no_stay", "No stay matches"),
]
ACCOUNTANT_GROUP = "account.group_account_invoice"
MANAGER_GROUP = "solidarity_housing.group_housing_manager"
#: a change of these fields of a bill's line checks the bill again once its differences were accepted
LINE_CHECK_FIELDS = {"quantity", "price_unit", "discount", "tax_ids", "housing_shelter_stay_id", "display_type"}


class AccountMove(models.Model):
    """A hotel's monthly bill, checked against the nights counted on its stays before it is posted.

    Every vendor bill of a hotel that shelters households of the company is checked when it is posted (the button,
    Odoo's "Post entries", the automatic posting: all go through ``_post``), unless an accountant marks it as a bill
    of something else than nights. A bill's line bills one stay in the stay's own unit: room-nights for a price per
    room, person-nights for a price per person, at the stay's price per night (taxes included).
    """

    _inherit = "account.move"

    housing_shelter_month = fields.Date(
        string="Nights of the month",
        copy=False,
        help="Month of the hotel nights this bill charges (any day of it): the bill is checked against the nights "
        "of the hotel's stays that month.",
    )
    housing_shelter_is_hotel = fields.Boolean(string="Hotel bill", compute="_compute_housing_shelter_is_hotel")
    housing_shelter_not_nights = fields.Boolean(
        string="Not a bill of nights",
        copy=False,
        tracking=True,
        help="Ticked by an accountant: this bill of a hotel that shelters households charges something else than "
        "their nights (a meeting room, meals...), and is not checked against the stays. Who ticked it is kept in the "
        "chatter.",
    )
    housing_shelter_difference_count = fields.Integer(
        string="Differences with the nights counted", compute="_compute_housing_shelter_difference_count"
    )
    housing_shelter_differences_accepted = fields.Boolean(
        string="Differences accepted", copy=False, tracking=True, readonly=True
    )
    housing_shelter_check_note = fields.Char(string="Why the differences are accepted", copy=False, readonly=True)

    @api.depends("partner_id", "move_type", "company_id")
    def _compute_housing_shelter_is_hotel(self):
        # whether the vendor is a hotel of the company's stays: a structural fact, known whoever posts the bill
        groups = (
            self.env["housing.shelter.stay"]
            .sudo()
            .with_context(active_test=False)
            ._read_group(
                [
                    ("hotel_id", "in", self.partner_id.commercial_partner_id.ids),
                    ("company_id", "in", self.company_id.ids),
                ],
                ["hotel_id", "company_id"],
            )
        )
        hotels = {(hotel.id, company.id) for hotel, company in groups}
        for move in self:
            move.housing_shelter_is_hotel = move.move_type in ("in_invoice", "in_refund") and (
                (move.partner_id.commercial_partner_id.id, move.company_id.id) in hotels
            )

    @api.depends(
        "housing_shelter_month",
        "invoice_line_ids.quantity",
        "invoice_line_ids.price_total",
        "invoice_line_ids.housing_shelter_stay_id",
    )
    def _compute_housing_shelter_difference_count(self):
        for move in self:
            if not move.housing_shelter_is_hotel or not move.housing_shelter_month:
                move.housing_shelter_difference_count = 0
                continue
            move.housing_shelter_difference_count = sum(
                1 for row in move._housing_shelter_check_rows() if row["status"] != "ok"
            )

    # ------------------------------------------------------------------ CRUD
    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._housing_shelter_check_rights(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._housing_shelter_check_rights(vals)
        checked = self.browse()
        if {"invoice_line_ids", "line_ids", "housing_shelter_month", "partner_id"} & set(vals):
            checked = self._housing_shelter_accepted()
        result = super().write(vals)
        # a hotel bill changed after its differences were accepted is checked again
        checked._housing_shelter_reset_acceptance()
        return result

    def _post(self, soft=True):
        # here, not in action_post: Odoo's "Post entries" and the automatic posting call _post directly
        self._housing_shelter_check_before_post()
        return super()._post(soft=soft)

    @api.model
    def _housing_shelter_check_rights(self, vals):
        """The differences are accepted only through *Contrôler la facture* (which writes them as superuser once it
        checked who accepts); only an accountant says that a hotel's bill is not a bill of nights."""
        if self.env.su:
            return
        if vals.get("housing_shelter_differences_accepted") or vals.get("housing_shelter_check_note"):
            raise AccessError(
                self.env._(
                    "The differences between a hotel bill and the nights counted are accepted with the button Check "
                    "the bill, by an accountant, with a reason."
                )
            )
        if "housing_shelter_not_nights" in vals and not self.env.user.has_group(ACCOUNTANT_GROUP):
            raise AccessError(
                self.env._("Only an accountant says whether a hotel's bill charges the nights of its stays.")
            )

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
        """One bill line per stay of the hotel that month not billed yet, with the nights counted in the stay's unit
        (room-nights or person-nights) at its price: the accountant then enters the hotel's own figures where they
        differ."""
        self.ensure_one()
        self._housing_shelter_require_month()
        if self.state != "draft":
            raise UserError(self.env._("Only a draft bill can be completed from the stays."))
        billed = self.invoice_line_ids.housing_shelter_stay_id
        month = month_start(self.housing_shelter_month)
        stays = self._housing_shelter_stays() - billed
        nights = stays._nights_between(month, month_end(month))
        lang = self.env.context.get("lang") or self.env.user.lang
        self.invoice_line_ids = [
            Command.create(
                {
                    "name": self.env._(
                        "Nights of %(month)s — %(stay)s (room %(rooms)s)",
                        month=month_label(month, lang),
                        stay=stay.name,
                        rooms=stay.room_label or stay.room_count,
                    ),
                    "quantity": nights[stay.id] * stay._housing_billing_units(),
                    "price_unit": stay.price_night,
                    "housing_shelter_stay_id": stay.id,
                    "tax_ids": [Command.clear()],
                }
            )
            for stay in stays
            if nights[stay.id]
        ]

    # ------------------------------------------------------------------ business
    def _housing_shelter_accepted(self):
        return self.filtered(lambda move: move.state == "draft" and move.housing_shelter_differences_accepted)

    def _housing_shelter_reset_acceptance(self):
        """The draft bills among these whose differences were accepted are checked again (something changed)."""
        accepted = self._housing_shelter_accepted()
        if not accepted:
            return
        accepted.sudo().write({"housing_shelter_differences_accepted": False, "housing_shelter_check_note": False})
        for move in accepted:
            move.sudo().message_post(
                body=self.env._(
                    "The bill or its stays changed after the differences were accepted: check the bill again."
                ),
                subtype_xmlid="mail.mt_note",
            )

    def _housing_shelter_require_month(self):
        if not self.housing_shelter_month:
            raise UserError(
                self.env._(
                    "Enter the month of the nights this bill charges (field Nights of the month) to check it against "
                    "the hotel stays."
                )
            )

    def _housing_shelter_stays(self):
        """The stays of this bill's hotel that have a night in its month (read whoever checks the bill: an accountant
        need not be a housing user)."""
        self.ensure_one()
        month = month_start(self.housing_shelter_month)
        after = month_end(month)
        stays = (
            self.env["housing.shelter.stay"]
            .sudo()
            .search(
                [
                    ("hotel_id", "=", self.partner_id.commercial_partner_id.id),
                    ("company_id", "=", self.company_id.id),
                    ("date_checkin", "<=", after),
                    "|",
                    ("date_checkout", "=", False),
                    ("date_checkout", ">", month),
                ]
            )
        )
        return stays.with_env(self.env)

    def _housing_shelter_check_rows(self):
        """Per stay of the hotel that month: nights counted, nights billed (the quantities of the bill's lines of that
        stay, in its unit: room-nights or person-nights), amounts counted (price per night × nights × rooms or
        persons) and billed (taxes included), and status; then the bill's lines that name no stay of the month."""
        self.ensure_one()
        month = month_start(self.housing_shelter_month)
        stays = self._housing_shelter_stays()
        lines = self.invoice_line_ids.filtered(lambda line: line.display_type == "product")
        counted = stays.sudo()._nights_between(month, month_end(month))
        currency = self.currency_id
        rows = []
        for stay in (stays | lines.housing_shelter_stay_id).sudo().sorted("name"):
            stay_lines = lines.filtered(lambda line, stay=stay: line.housing_shelter_stay_id == stay)
            units = stay._housing_billing_units()
            nights = counted.get(stay.id, 0)
            quantity_billed = sum(stay_lines.mapped("quantity"))
            amount_counted = currency.round(nights * units * stay.price_night)
            amount_billed = sum(stay_lines.mapped("price_total"))
            if not stay_lines:
                status = "not_billed"
            elif float_compare(quantity_billed, nights * units, precision_digits=2):
                status = "more" if quantity_billed > nights * units else "less"
            elif currency.compare_amounts(amount_billed, amount_counted):
                status = "amount"
            else:
                status = "ok"
            rows.append(
                {
                    "stay": stay.with_env(self.env),
                    "label": stay.display_name,
                    "nights_counted": nights,
                    "nights_billed": quantity_billed / units,
                    "amount_counted": amount_counted,
                    "amount_billed": amount_billed,
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
                    "amount_billed": line.price_total,
                    "status": "no_stay",
                }
            )
        return rows

    def _housing_shelter_check_before_post(self):
        """Every vendor bill of a hotel of the company's stays is checked against the nights counted: it is posted
        once it matches or its differences are accepted, unless an accountant said it is not a bill of nights."""
        lang = self.env.context.get("lang") or self.env.user.lang
        for move in self.filtered(lambda move: move.move_type == "in_invoice" and move.housing_shelter_is_hotel):
            if move.housing_shelter_not_nights:
                if move.invoice_line_ids.housing_shelter_stay_id:
                    raise UserError(
                        self.env._(
                            "The bill of %(hotel)s is marked as not a bill of nights, yet its lines bill hotel stays: "
                            "untick Not a bill of nights and check it, or remove the stays from its lines.",
                            hotel=move.partner_id.name,
                        )
                    )
                continue
            if not move.housing_shelter_month:
                raise UserError(
                    self.env._(
                        "%(hotel)s shelters households of the association: its bill is checked against the nights of "
                        "their stays before it is posted. Enter the month of the nights it charges (field Nights of "
                        "the month) and check the bill; if it charges something else than nights, an accountant ticks "
                        "Not a bill of nights.",
                        hotel=move.partner_id.name,
                    )
                )
            if move.housing_shelter_differences_accepted:
                continue
            differences = [row for row in move._housing_shelter_check_rows() if row["status"] != "ok"]
            if not differences:
                continue
            statuses = dict(
                self.env["housing.shelter.bill.check.line"]._fields["status"]._description_selection(self.env)
            )
            raise UserError(
                self.env._(
                    "The bill of %(hotel)s does not match the nights counted in %(month)s: %(differences)s. Correct "
                    "the bill, or accept the differences with a reason (button Check the bill) before posting it.",
                    hotel=move.partner_id.name,
                    month=month_label(move.housing_shelter_month, lang),
                    differences="; ".join(move._housing_shelter_difference_label(row, statuses) for row in differences),
                )
            )

    def _housing_shelter_difference_label(self, row, statuses):
        billed = row["nights_billed"]
        if row["status"] == "amount":
            return self.env._(
                "%(stay)s: %(billed)s billed, %(counted)s counted for %(nights)s night(s) (%(status)s)",
                stay=row["label"],
                billed=formatLang(self.env, row["amount_billed"], currency_obj=self.currency_id),
                counted=formatLang(self.env, row["amount_counted"], currency_obj=self.currency_id),
                nights=row["nights_counted"],
                status=statuses[row["status"]],
            )
        return self.env._(
            "%(stay)s: %(billed)s night(s) billed, %(counted)s counted (%(status)s)",
            stay=row["label"],
            billed=int(billed) if billed == int(billed) else round(billed, 2),
            counted=row["nights_counted"],
            status=statuses[row["status"]],
        )
