from datetime import date

from werkzeug.exceptions import NotFound

from odoo import fields, http
from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager
from odoo.exceptions import AccessError, MissingError
from odoo.http import request

from ..models.housing_rent_document import REPORT_XMLID

#: months offered for a rent receipt on the portal
RECEIPT_MONTHS = 12
SESSION_MESSAGE = "housing_portal_message"


class HousingPortal(CustomerPortal):
    """*Mon logement*: an occupant's agreement, notices and receipts, what they owe, their repayment plan.

    Everything is searched as the portal user (the record rules keep them to their own household's records,
    and the domains below too, for staff who look at their own portal); what is shown of a record found is then
    read as the superuser (its dwelling, its room), never anything else. Social data is never read here.
    """

    # ------------------------------------------------------------------ scope
    # The household's records are defined once, by the agreements the user signs or is a member of (current or
    # past): ``housing_portal_partner_ids`` of the agreements, their documents and their plans, which the record
    # rules search too. The head of household set on a contact plays no part in it.
    def _housing_partner(self):
        return request.env.user.partner_id

    def _housing_agreements_domain(self):
        return [
            ("state", "in", ("active", "notice", "ended")),
            *request.env["housing.occupancy"]._portal_domain(self._housing_partner()),
        ]

    def _housing_documents_domain(self):
        return [("housing_portal_partner_ids", "in", self._housing_partner().ids)]

    def _housing_plans_domain(self):
        return [
            ("housing_portal_partner_ids", "in", self._housing_partner().ids),
            ("state", "in", ("running", "done", "broken")),
        ]

    def _housing_count(self, model, domain):
        Model = request.env[model]
        return Model.search_count(domain) if Model.has_access("read") else 0

    def _housing_record(self, model, record_id, domain):
        """The record as the superuser once the portal user may read it and it is theirs; else 404."""
        try:
            record_sudo = self._document_check_access(model, record_id)
        except (AccessError, MissingError):
            raise NotFound() from None
        if not record_sudo.filtered_domain(domain):
            raise NotFound()
        return record_sudo

    # ------------------------------------------------------------------ portal home
    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "housing_agreement_count" in counters:
            values["housing_agreement_count"] = self._housing_count(
                "housing.occupancy", self._housing_agreements_domain()
            )
        if "housing_document_count" in counters:
            values["housing_document_count"] = self._housing_count(
                "housing.rent.document", self._housing_documents_domain()
            )
        if "housing_plan_count" in counters:
            values["housing_plan_count"] = self._housing_count("housing.repayment.plan", self._housing_plans_domain())
        return values

    def _housing_values(self, **values):
        result = self._prepare_portal_layout_values()
        result.update(page_name="housing", message=request.session.pop(SESSION_MESSAGE, None), **values)
        return result

    # ------------------------------------------------------------------ pages
    @http.route(["/my/housing"], type="http", auth="user", website=True)
    def portal_my_housing(self, **_kwargs):
        if not request.env["housing.occupancy"].has_access("read"):
            raise NotFound()
        agreements = request.env["housing.occupancy"].search(self._housing_agreements_domain())
        documents = request.env["housing.rent.document"].search(self._housing_documents_domain(), limit=6)
        plans = request.env["housing.repayment.plan"].search(self._housing_plans_domain())
        agreements_sudo = agreements.sudo()
        return request.render(
            "solidarity_housing.portal_my_housing",
            self._housing_values(
                housing_page="overview",
                agreements=agreements_sudo,
                payers={agreement.id: agreement._portal_payers() for agreement in agreements_sudo},
                documents=documents,
                document_count=self._housing_count("housing.rent.document", self._housing_documents_domain()),
                plans=plans,
                receipt_months=self._housing_receipt_months(),
                balance=agreements._portal_balance(),
                # Odoo's invoices page lists the invoices in the user's name: the signatory's, not a member's
                invoices_page=self._housing_partner() in agreements_sudo.partner_id,
            ),
        )

    @http.route(["/my/housing/plans"], type="http", auth="user", website=True)
    def portal_my_housing_plans(self, **_kwargs):
        Plan = request.env["housing.repayment.plan"]
        if not Plan.has_access("read"):
            raise NotFound()
        return request.render(
            "solidarity_housing.portal_my_housing_plans",
            self._housing_values(housing_page="plans", plans=Plan.search(self._housing_plans_domain())),
        )

    @http.route(["/my/housing/agreement/<int:agreement_id>"], type="http", auth="user", website=True)
    def portal_my_housing_agreement(self, agreement_id, **_kwargs):
        agreement = self._housing_record("housing.occupancy", agreement_id, self._housing_agreements_domain())
        return request.render(
            "solidarity_housing.portal_my_housing_agreement",
            self._housing_values(housing_page="agreement", agreement=agreement, payers=agreement._portal_payers()),
        )

    @http.route(
        ["/my/housing/documents", "/my/housing/documents/page/<int:page>"], type="http", auth="user", website=True
    )
    def portal_my_housing_documents(self, page=1, **_kwargs):
        Document = request.env["housing.rent.document"]
        if not Document.has_access("read"):
            raise NotFound()
        domain = self._housing_documents_domain()
        total = Document.search_count(domain)
        pager = portal_pager(url="/my/housing/documents", total=total, page=page, step=self._items_per_page)
        documents = Document.search(domain, limit=self._items_per_page, offset=pager["offset"])
        return request.render(
            "solidarity_housing.portal_my_housing_documents",
            self._housing_values(
                housing_page="documents",
                documents=documents,
                pager=pager,
                receipt_months=self._housing_receipt_months(),
            ),
        )

    @http.route(["/my/housing/documents/<int:document_id>"], type="http", auth="user", website=True)
    def portal_my_housing_document(self, document_id, report_type="pdf", download=None, **_kwargs):
        document = self._housing_record("housing.rent.document", document_id, self._housing_documents_domain())
        if report_type not in ("pdf", "html"):
            raise NotFound()
        return self._show_report(
            model=document, report_type=report_type, report_ref=REPORT_XMLID, download=bool(download)
        )

    @http.route(["/my/housing/plans/<int:plan_id>"], type="http", auth="user", website=True)
    def portal_my_housing_plan(self, plan_id, **_kwargs):
        plan = self._housing_record("housing.repayment.plan", plan_id, self._housing_plans_domain())
        return request.render(
            "solidarity_housing.portal_my_housing_plan", self._housing_values(housing_page="plan", plan=plan)
        )

    @http.route(["/my/housing/receipt"], type="http", auth="user", website=True, methods=["POST"])
    def portal_my_housing_receipt(self, month=None, **_kwargs):
        """Ask for the rent receipt of a month (CSRF-checked form; a few requests an hour at most)."""
        if not request.env["housing.rent.document"].has_access("read"):
            raise NotFound()
        try:
            day = fields.Date.to_date(month)
        except ValueError:
            day = None
        if not isinstance(day, date):
            request.session[SESSION_MESSAGE] = {"type": "danger", "text": request.env._("Choose a month.")}
            return request.redirect("/my/housing")
        answer = request.env["housing.receipt.request"]._ask(day)
        request.session[SESSION_MESSAGE] = {
            "type": "success" if answer.state == "issued" else "warning",
            "text": answer.message,
            "document_id": answer.document_id.id,
        }
        return request.redirect("/my/housing/documents" if answer.state == "issued" else "/my/housing")

    # ------------------------------------------------------------------ figures
    def _housing_receipt_months(self):
        """The household's last months billed: ``[{"month", "label", "paid"}]``, newest first."""
        return request.env["housing.receipt.request"]._portal_months(RECEIPT_MONTHS)
