from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import format_date, formatLang

from ..tools import housing_math as hm

REQUEST_STATES = [
    ("issued", "Rent receipt given"),
    ("refused", "Refused"),
    ("limited", "Too many requests"),
]

#: requests an occupant may make in an hour (system parameter solidarity_housing.portal_receipt_requests_per_hour)
DEFAULT_REQUESTS_PER_HOUR = 5


class HousingReceiptRequest(models.Model):
    """A rent receipt an occupant asked for on the portal (art. 21 of the 1989 law: free, at any time).

    Given at once for a month fully paid, refused with the reason otherwise; an occupant asks at most a few
    times an hour. The accountants see every request.
    """

    _name = "housing.receipt.request"
    _description = "Rent receipt asked on the portal"
    _order = "create_date desc, id desc"
    _check_company_auto = True

    user_id = fields.Many2one("res.users", string="Asked by", required=True, readonly=True, index=True)
    partner_id = fields.Many2one("res.partner", string="Household", required=True, readonly=True, index=True)
    company_id = fields.Many2one("res.company", required=True, readonly=True, index=True)
    period_start = fields.Date(string="Month", required=True, readonly=True)
    state = fields.Selection(REQUEST_STATES, string="Answer", required=True, readonly=True)
    document_id = fields.Many2one("housing.rent.document", string="Rent receipt", readonly=True)
    message = fields.Text(string="Answer given", readonly=True)

    @api.depends("partner_id", "period_start")
    def _compute_display_name(self):
        for request in self:
            month = request.period_start and hm.month_label(request.period_start, self.env.lang)
            request.display_name = f"{request.partner_id.name} — {month}"

    @api.model
    def _ask(self, month):
        """The current (portal) user asks for the rent receipt of ``month``: the request, answered.

        Works as the superuser on the household of the user only (the signatory, or the head of the user's
        household): whatever the month asked, nothing of another household is read.
        """
        user = self.env.user
        household = user.partner_id.housing_head_id or user.partner_id
        month = hm.month_start(month)
        since = fields.Datetime.now() - timedelta(hours=1)
        Request = self.sudo()
        limit = int(
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("solidarity_housing.portal_receipt_requests_per_hour", DEFAULT_REQUESTS_PER_HOUR)
        )
        values = {
            "user_id": user.id,
            "partner_id": household.id,
            "company_id": user.company_id.id,
            "period_start": month,
        }
        recent = Request.search_count(
            [("user_id", "=", user.id), ("create_date", ">=", since), ("state", "!=", "limited")]
        )
        if recent >= limit:
            return Request.create(
                dict(
                    values,
                    state="limited",
                    message=self.env._(
                        "You have asked for %(count)s rent receipts in the last hour: please try again later.",
                        count=recent,
                    ),
                )
            )
        dues = (
            self.env["housing.rent.line"]
            .sudo()
            .search(
                [
                    ("occupant_id", "=", household.id),
                    ("company_id", "in", user.company_ids.ids),
                    ("period_start", "=", month),
                    ("occupancy_id", "!=", False),
                    ("direction", "=", "receivable"),
                ]
            )
        )
        own = dues.filtered(lambda due: due.payer_kind == "occupant" and due.state == "billed")
        if not own:
            return Request.create(
                dict(
                    values,
                    state="refused",
                    message=self.env._(
                        "No rent was billed to you for %(month)s: there is no rent receipt to give for it.",
                        month=hm.month_label(month, self.env.lang),
                    ),
                )
            )
        values["company_id"] = own.company_id[:1].id
        result = self.env["housing.rent.document"].sudo()._issue("rent_receipt", dues)
        if result["refused"]:
            _document, status = result["refused"][0]
            return Request.create(dict(values, state="refused", message=self._not_paid_message(month, status)))
        receipt = result["documents"][:1]
        return Request.create(
            dict(
                values,
                state="issued",
                document_id=receipt.id,
                message=self.env._(
                    "Your rent receipt for %(month)s is ready (issued on %(date)s).",
                    month=hm.month_label(month, self.env.lang),
                    date=format_date(self.env, receipt.date),
                ),
            )
        )

    @api.model
    def _not_paid_message(self, month, status):
        """Why the occupant cannot have the rent receipt of ``month`` yet, in their words."""
        company = self.env.user.company_id
        label = hm.month_label(month, self.env.lang)
        if company.currency_id.compare_amounts(status["residual"], 0) > 0:
            return self.env._(
                "%(month)s is not fully paid yet (%(residual)s left to pay of %(due)s): its rent receipt can be "
                "asked for once the month is paid.",
                month=label,
                residual=formatLang(self.env, status["residual"], currency_obj=company.currency_id),
                due=formatLang(self.env, status["due"], currency_obj=company.currency_id),
            )
        return self.env._(
            "The housing allowance or the funder has not paid its share of %(month)s yet: the rent receipt can be "
            "asked for once it has.",
            month=label,
        )
