import html
import re

from odoo import Command
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common_caf import APRIL, MARCH
from .common_portal import PortalCase

REPORT = "solidarity_housing.report_housing_rent_document"


@tagged("post_install", "-at_install")
class TestPortalHousehold(PortalCase):
    """A household's records are those of the agreements a person signs or is a member of, whoever is set as the
    head of household on the contacts: a member who does not sign, a member who left, another household.

    Samira, Mohamed's wife, is a member of his agreement (no head of household set on her contact). Karim was a
    member of Fatima's agreement and left it; his contact still names Fatima his head of household."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.samira = cls.env["res.partner"].create({"name": "Samira Benali"})
        (cls.room_1 | cls.room_2).capacity = 2
        cls.mohamed_agreement.member_ids = [Command.link(cls.samira.id)]
        cls.karim = cls.env["res.partner"].create({"name": "Karim Haddad", "housing_head_id": cls.fatima.id})
        cls.fatima_agreement.member_ids = [Command.link(cls.karim.id)]
        cls.fatima_agreement.member_ids = [Command.unlink(cls.karim.id)]  # he left
        cls.portal_samira = cls._portal_user("portal_samira", cls.samira)
        cls.portal_karim = cls._portal_user("portal_karim", cls.karim)
        cls.mohamed_notice = cls.notices.filtered(lambda doc: doc.occupant_id == cls.occupant)
        cls.fatima_notice = cls.notices.filtered(lambda doc: doc.occupant_id == cls.fatima)

    def _login(self, user):
        self.authenticate(user.login, user.login)

    def _get(self, url, status=200):
        response = self.url_open(url)
        self.assertEqual(response.status_code, status, url)
        return response

    def _page(self, url):
        return html.unescape(self._get(url).text)

    def _counters(self):
        counters = ["housing_agreement_count", "housing_document_count", "housing_plan_count"]
        return self.url_open("/my/counters", json={"params": {"counters": counters}}).json()["result"]

    def _orm(self, user):
        """What the user reads through the ORM (the record rules): agreements, documents, plans."""
        return tuple(
            self.env[model].with_user(user).search([]).ids
            for model in ("housing.occupancy", "housing.rent.document", "housing.repayment.plan")
        )

    def test_a_member_who_does_not_sign_reads_the_households_records(self):
        self._login(self.portal_samira)
        self.assertEqual(self._orm(self.portal_samira), (self.mohamed_agreement.ids, self.mohamed_notice.ids, []))
        self.assertEqual(
            self._counters(), {"housing_agreement_count": 1, "housing_document_count": 1, "housing_plan_count": 0}
        )
        page = self._page("/my/housing")
        self.assertIn("Appartement Tanger", page)
        self.assertIn(f"/my/housing/documents/{self.mohamed_notice.id}?download=1", page)
        # the balance is the household's, as its notice states it (April unpaid), not her own invoices' (none)
        self.assertRegex(re.sub(r"<[^>]+>", "", page), r"Reste à payer :\s*200,00\s*€")
        self.assertNotIn("Rien à payer", page)
        self.assertNotIn('href="/my/invoices"', page, "the invoices are in Mohamed's name, not hers")
        self.assertIn(
            "Avis_d_",
            self._get(f"/my/housing/documents/{self.mohamed_notice.id}?download=1").headers["Content-Disposition"],
        )
        # she asks for the household's rent receipt of March, paid
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        self.url_open("/my/housing/receipt", data={"month": "2025-03-01", "csrf_token": csrf})
        request = self.env["housing.receipt.request"].search([("user_id", "=", self.portal_samira.id)])
        self.assertEqual(
            (request.state, request.partner_id, request.document_id.period_start), ("issued", self.occupant, MARCH)
        )
        for url in (
            f"/my/housing/agreement/{self.fatima_agreement.id}",
            f"/my/housing/documents/{self.fatima_notice.id}?download=1",
            f"/my/housing/plans/{self.plan.id}",
        ):
            with self.subTest(url=url):
                self._get(url, status=404)

    def test_a_member_who_left_reads_nothing_of_the_household_any_more(self):
        self._login(self.portal_karim)
        self.assertEqual(self._orm(self.portal_karim), ([], [], []))
        self.assertEqual(
            self._counters(), {"housing_agreement_count": 0, "housing_document_count": 0, "housing_plan_count": 0}
        )
        page = self._page("/my/housing")
        self.assertIn("Aucune convention d'occupation n'est enregistrée à votre nom", page)
        self.assertNotIn("Fatima", page)
        for url in (
            f"/my/housing/agreement/{self.fatima_agreement.id}",
            f"/my/housing/documents/{self.fatima_notice.id}?download=1",
            f"/my/housing/plans/{self.plan.id}",
        ):
            with self.subTest(url=url):
                self._get(url, status=404)
        self.assertNotIn(self.plan.name, self._page("/my/housing/plans"))
        self.assertNotIn("o_housing_ask_receipt", page)
        request = (
            self.env["housing.receipt.request"].with_user(self.portal_karim).with_context(lang="fr_FR")._ask(APRIL)
        )
        self.assertEqual((request.state, request.document_id), ("refused", self.env["housing.rent.document"]))
        self.assertIn("Aucun loyer ne vous a été facturé pour avril 2025", request.message)

    def test_every_other_id_answers_nothing(self):
        """As the signatory, a member and a former member: every record id but their own answers 404."""
        own = {
            self.portal_mohamed: (self.mohamed_agreement.ids, self.mohamed_notice.ids, []),
            self.portal_samira: (self.mohamed_agreement.ids, self.mohamed_notice.ids, []),
            self.portal_karim: ([], [], []),
            self.portal_fatima: (self.fatima_agreement.ids, self.fatima_notice.ids, self.plan.ids),
        }
        models = (
            ("agreement", "housing.occupancy"),
            ("documents", "housing.rent.document"),
            ("plans", "housing.repayment.plan"),
        )
        for user, mine in own.items():
            self._login(user)
            self.assertEqual(self._orm(user), mine, user.login)
            for (route, model), ids in zip(models, mine, strict=True):
                every = self.env[model].sudo().with_context(active_test=False).search([]).ids
                for record_id in [*every, max(every or [0]) + 1000]:
                    with self.subTest(user=user.login, route=route, record_id=record_id):
                        self._get(f"/my/housing/{route}/{record_id}", status=200 if record_id in ids else 404)

    def test_the_report_route_gives_no_other_households_document(self):
        """Odoo's report route answers no data of another household (a portal user's own documents come from
        /my/housing/documents)."""
        self._login(self.portal_samira)
        for converter in ("pdf", "html"):
            with self.subTest(converter=converter), mute_logger("odoo.http"):
                response = self.url_open(f"/report/{converter}/{REPORT}/{self.fatima_notice.id}")
                self.assertIn(response.status_code, (403, 404))
                self.assertNotIn("Haddad", response.text)
                self.assertNotIn("Net à payer", response.text)

    def test_receipts_are_offered_for_the_months_fully_paid_only(self):
        self._login(self.portal_mohamed)
        page = self._page("/my/housing")
        form = re.search(r"<form[^>]*o_housing_receipt_form.*?</form>", page, flags=re.S).group(0)
        self.assertIn('value="2025-03-01"', form)
        self.assertNotIn('value="2025-04-01"', form, "April is not paid: no button for it")
        unpaid = re.search(r"o_housing_unpaid_months.*?</ul>", page, flags=re.S).group(0)
        self.assertIn("<li>avril 2025</li>", unpaid, "listed, without a button")
        self.assertNotIn("mars 2025", unpaid)
        # Fatima paid nothing: no button at all, her months listed
        self._login(self.portal_fatima)
        page = self._page("/my/housing")
        self.assertNotIn("o_housing_ask_receipt", page)
        self.assertIn("mars 2025", page)

    def test_the_portal_home_lists_the_repayment_plans(self):
        self._login(self.portal_fatima)
        home = self._page("/my")
        self.assertIn('href="/my/housing/plans"', home)
        self.assertIn('data-placeholder_count="housing_plan_count"', home)
        self.assertEqual(self._counters()["housing_plan_count"], 1)
        plans = self._page("/my/housing/plans")
        self.assertIn(f'href="/my/housing/plans/{self.plan.id}"', plans)
        self.assertIn("400,00", plans)
        self._login(self.portal_mohamed)
        plans = self._page("/my/housing/plans")
        self.assertIn("o_portal_my_housing_plans", plans)
        self.assertNotIn("/my/housing/plans/", plans)
        self.assertEqual(self.env["housing.repayment.plan"].with_user(self.portal_mohamed).search([]).ids, [])
