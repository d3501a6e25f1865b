import html
import re

from odoo.exceptions import AccessError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common_caf import APRIL, MARCH
from .common_portal import PortalCase

#: what the portal must never show of Mohamed's social profile
SOCIAL = ("2345671", "AME", "Aide médicale", "arabe dialectal", "Récépissé", "Titre de séjour", "Couverture santé")


@tagged("post_install", "-at_install")
class TestPortal(PortalCase):
    """*Mon logement* as the occupant, as another occupant and anonymously."""

    def _login(self, user):
        self.authenticate(user.login, user.login)

    def _get(self, url, status=200):
        response = self.url_open(url)  # French users are sent to /fr/... first
        self.assertEqual(response.status_code, status, url)
        return response

    def _page(self, url):
        """The page's text as the reader sees it (entities unescaped)."""
        return html.unescape(self._get(url).text)

    def _csrf(self):
        page = self._get("/my/housing").text
        return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)

    def _ask(self, month, csrf=None):
        data = {"month": month}
        if csrf is not False:
            data["csrf_token"] = csrf or self._csrf()
        return self.url_open("/my/housing/receipt", data=data, allow_redirects=False)

    def _routes(self):
        notice = self.notices.filtered(lambda doc: doc.occupant_id == self.occupant)
        return [
            "/my/housing",
            f"/my/housing/agreement/{self.mohamed_agreement.id}",
            "/my/housing/documents",
            f"/my/housing/documents/{notice.id}?download=1",
        ]

    def test_the_occupant_sees_their_housing_in_french(self):
        self._login(self.portal_mohamed)
        page = self._page("/my/housing")
        for text in (
            "Mon logement",
            "Appartement Tanger",
            "Chambre 1",
            "12 rue de Tanger",
            "Votre part",
            "200,00",
            "450,00",
        ):
            self.assertIn(text, page)
        self.assertIn("Allocation logement versée par CAF Test", page)
        self.assertIn("210,00", page)
        self.assertNotIn("Fatima", page)
        self.assertIn("Reste à payer", page, "April is unpaid")
        self.assertIn('href="/my/invoices"', page, "Odoo's own invoices page details what is owed")
        agreement = self._page(f"/my/housing/agreement/{self.mohamed_agreement.id}")
        for text in ("Date d'entrée", "01/01/2025", "Loyer", "390,00", "Charges", "60,00", "Qui paie quoi"):
            self.assertIn(text, agreement)
        documents = self._page("/my/housing/documents")
        self.assertIn("Avis d'échéance", documents)
        for route in self._routes():
            with self.subTest(route=route):
                content = self._page(route)
                for social in SOCIAL:
                    self.assertNotIn(social, content, "no social data on the portal")
        counters = self.url_open(
            "/my/counters",
            json={"params": {"counters": ["housing_agreement_count", "housing_document_count", "housing_plan_count"]}},
        ).json()["result"]
        self.assertEqual(counters, {"housing_agreement_count": 1, "housing_document_count": 1, "housing_plan_count": 0})
        invoices = self._page("/my/invoices")
        self.assertIn(self._own_due(self.mohamed_agreement, APRIL).move_id.name, invoices)
        self.assertNotIn(self._own_due(self.fatima_agreement, APRIL).move_id.name, invoices)

    def test_the_occupant_downloads_a_notice(self):
        self._login(self.portal_mohamed)
        notice = self.notices.filtered(lambda doc: doc.occupant_id == self.occupant)
        response = self._get(f"/my/housing/documents/{notice.id}?download=1")
        self.assertIn("attachment", response.headers["Content-Disposition"])
        self.assertIn("Avis_d_", response.headers["Content-Disposition"])
        self.assertIn("Net à payer", response.text)  # tests render the HTML the PDF is made from

    def test_a_rent_receipt_for_a_month_fully_paid_only(self):
        self._login(self.portal_mohamed)
        response = self._ask("2025-03-01")
        self.assertEqual(response.status_code, 303)
        self.assertTrue(response.headers["Location"].endswith("/my/housing/documents"))
        receipt = self.env["housing.rent.document"].search(
            [("occupant_id", "=", self.occupant.id), ("kind", "=", "rent_receipt")]
        )
        self.assertEqual((receipt.period_start, receipt.amount_paid), (MARCH, 200.0))
        page = self._page("/my/housing/documents")
        self.assertIn("Votre quittance de loyer de mars 2025 est prête", page)
        self.assertIn(f"/my/housing/documents/{receipt.id}?download=1", page)
        # April is not paid: refused, with the reason
        response = self._ask("2025-04-01")
        self.assertTrue(response.headers["Location"].endswith("/my/housing"))
        page = self._page("/my/housing")
        self.assertIn(
            "avril 2025 n'est pas encore entièrement payé (200,00\xa0€ restent à payer sur 200,00\xa0€)", page
        )
        request = self.env["housing.receipt.request"].search([("partner_id", "=", self.occupant.id)])
        self.assertEqual(request.mapped("state"), ["refused", "issued"])
        # a month of another household, or never billed: nothing to give
        self._ask("2024-01-01")
        self.assertIn("Aucun loyer ne vous a été facturé pour janvier 2024", self._page("/my/housing"))

    def test_receipt_requests_need_the_csrf_token_and_are_rate_limited(self):
        self._login(self.portal_mohamed)
        with mute_logger("odoo.http"):
            self.assertEqual(self._ask("2025-03-01", csrf=False).status_code, 400)
            self.assertEqual(self._ask("2025-03-01", csrf="forged").status_code, 400)
        self.assertFalse(self.env["housing.receipt.request"].search([("partner_id", "=", self.occupant.id)]))
        csrf = self._csrf()
        for _ in range(5):
            self._ask("2025-03-01", csrf=csrf)
        self._ask("2025-03-01", csrf=csrf)
        requests = self.env["housing.receipt.request"].search([("partner_id", "=", self.occupant.id)])
        self.assertEqual(requests.mapped("state"), ["limited"] + ["issued"] * 5)
        self.assertIn("Vous avez demandé 5 quittances dans la dernière heure", self._page("/my/housing"))
        self.assertEqual(
            self.env["housing.rent.document"].search_count(
                [("occupant_id", "=", self.occupant.id), ("kind", "=", "rent_receipt")]
            ),
            1,
            "one rent receipt per month, however often it is asked",
        )

    def test_another_occupant_gets_nothing_of_them(self):
        """Every other record id answers 404, the occupant's own ones 200."""
        self._login(self.portal_mohamed)
        mine = {
            "agreement": self.mohamed_agreement.ids,
            "documents": self.notices.filtered(lambda doc: doc.occupant_id == self.occupant).ids,
            "plans": [],
        }
        models = {
            "agreement": "housing.occupancy",
            "documents": "housing.rent.document",
            "plans": "housing.repayment.plan",
        }
        for route, model in models.items():
            others = self.env[model].sudo().with_context(active_test=False).search([("id", "not in", mine[route])]).ids
            self.assertTrue(others or route == "plans")
            for record_id in [*others, max(others or [0]) + 1000]:
                with self.subTest(route=route, record_id=record_id):
                    self._get(f"/my/housing/{route}/{record_id}", status=404)
        # Fatima's plan is hers
        self._login(self.portal_fatima)
        page = self._page(f"/my/housing/plans/{self.plan.id}")
        self.assertIn(self.plan.name, page)
        self.assertIn("100,00", page)
        for route in (self._routes()[1], self._routes()[3]):
            with self.subTest(route=route):
                self._get(route, status=404)
        self.assertNotIn("Mohamed", self._page("/my/housing"))
        # and through the ORM too: the record rules
        Agreement = self.env["housing.occupancy"].with_user(self.portal_fatima)
        self.assertEqual(Agreement.search([]), self.fatima_agreement)
        self.assertEqual(
            self.env["housing.rent.document"].with_user(self.portal_fatima).search([]).occupant_id, self.fatima
        )
        with self.assertRaises(AccessError):
            self.mohamed_agreement.with_user(self.portal_fatima).read(["name"])
        with self.assertRaises(AccessError):
            self.fatima_agreement.with_user(self.portal_fatima).read(["note"])  # the staff's notes stay internal

    def test_anonymous_visitors_are_sent_to_the_login(self):
        self.authenticate(None, None)
        for route in [*self._routes(), f"/my/housing/plans/{self.plan.id}"]:
            with self.subTest(route=route):
                response = self._get(route)
                self.assertIn("/web/login", response.url)
                self.assertNotIn("Benali", response.text)
        with mute_logger("odoo.http"):
            response = self.url_open("/my/housing/receipt", data={"month": "2025-03-01"}, allow_redirects=False)
        self.assertIn(response.status_code, (303, 400))
        self.assertFalse(self.env["housing.receipt.request"].search([]))

    def test_the_staff_invite_a_household_with_the_portal_wizard(self):
        staff = self._new_user("invite", "solidarity_housing.group_housing_user,base.group_partner_manager")
        newcomer = self.env["res.partner"].create({"name": "Omar Haidari", "email": "omar@example.org"})
        agreement = self._caf_occupancy(room=self.room_double, partner=newcomer, start="2025-01-01")
        action = agreement.with_user(staff).action_housing_portal_invite()
        wizard = self.env["portal.wizard"].browse(action["res_id"])
        self.assertEqual((action["res_model"], wizard.user_ids.partner_id), ("portal.wizard", newcomer))
        wizard.user_ids.with_user(staff).action_grant_access()
        user = newcomer.user_ids
        self.assertTrue(user.has_group("base.group_portal"))
        self.assertEqual(self.env["housing.occupancy"].with_user(user).search([]), agreement)
