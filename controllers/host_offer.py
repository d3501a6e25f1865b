from odoo import http
from odoo.http import request

from ..models.housing_host_offer import HONEYPOT


class HostOfferController(http.Controller):
    """The public page where a shared flat offers a room (no website app needed)."""

    @http.route(
        ["/logement/proposer-une-chambre", "/logement/proposer-une-chambre/<int:company_id>"],
        type="http",
        auth="public",
        methods=["GET", "POST"],
        csrf=True,
        sitemap=False,
    )
    def offer_a_room(self, company_id=None, **post):
        company = self._form_company(company_id)
        request.update_context(lang=self._form_lang(company))
        if request.httprequest.method != "POST":
            return self._render_form(company, {}, {})
        Offer = request.env["housing.host.offer"].sudo()
        _offer, errors = Offer._public_form_submit(company, post, request.httprequest.remote_addr)
        if errors:
            status = 429 if set(errors) == {"form"} else 400
            return self._render_form(company, post, errors, status=status)
        return request.render("solidarity_housing.housing_host_offer_thanks", {"company": company})

    def _form_company(self, company_id):
        """The association whose form this is: the one of the address, else the main one; 404 when it does not
        take offers on the web (or does not exist)."""
        Company = request.env["res.company"].sudo()
        company = Company.browse(company_id).exists() if company_id is not None else request.env.company.sudo()
        if not company or not company.housing_host_form_enabled:
            raise request.not_found()
        return company

    def _form_lang(self, company):
        lang = company.partner_id.lang
        installed = dict(request.env["res.lang"].get_installed())
        if lang in installed:
            return lang
        return "fr_FR" if "fr_FR" in installed else request.env.lang

    def _render_form(self, company, values, errors, status=200):
        return request.render(
            "solidarity_housing.housing_host_offer_form",
            {"company": company, "values": values, "errors": errors, "honeypot": HONEYPOT},
            status=status,
        )
