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
    def _household_dues_domain(self):
        """The receivable dues of the current user's household: those of the agreements the user signs or is a
        member of (``housing.occupancy.housing_portal_partner_ids``, as the record rules), in the user's companies."""
        user = self.env.user
        return [
            ("occupancy_id", "any", self.env["housing.occupancy"]._portal_domain(user.partner_id)),
            ("company_id", "in", user.company_ids.ids),
            ("direction", "=", "receivable"),
        ]

    @api.model
    def _portal_months(self, limit=12):
        """The current user's household's last ``limit`` months billed to it: ``[{"month", "label", "paid"}]``,
        newest first; ``paid`` when the month is fully paid (its rent receipt may be asked for)."""
        RentLine = self.env["housing.rent.line"].sudo()
        domain = self._household_dues_domain()
        billed = RentLine.search([*domain, ("payer_kind", "=", "occupant"), ("state", "=", "billed")])
        recent = sorted(set(billed.mapped("period_start")), reverse=True)[:limit]
        dues = RentLine.search([*domain, ("period_start", "in", recent)], order="period_start desc")
        Document = self.env["housing.rent.document"].sudo()
        months = []
        for (company, month), group in dues.grouped(lambda due: (due.company_id, due.period_start)).items():
            if not group.filtered(lambda due: due.payer_kind == "occupant" and due.state == "billed"):
                continue
            status = Document._payment_status(group, company)
            months.append({"month": month, "label": hm.month_label(month, self.env.lang), "paid": status["fully_paid"]})
        return months

    @api.model
    def _ask(self, month):
        """The current (portal) user asks for the rent receipt of ``month``: the request, answered.

        Works as the superuser on the dues of the user's household only (see ``_household_dues_domain``): whatever
        the month asked, nothing of another household is read.
        """
        user = self.env.user
        agreements = (
            self.env["housing.occupancy"]
            .sudo()
            .search(self.env["housing.occupancy"]._portal_domain(user.partner_id), order="date_start desc, id desc")
        )
        household = agreements.partner_id[:1] or user.partner_id
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
            self.env["housing.rent.line"].sudo().search([*self._household_dues_domain(), ("period_start", "=", month)])
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
        values.update(company_id=own.company_id[:1].id, partner_id=own.occupant_id[:1].id)
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
