import html
import re
import uuid

from psycopg2.errors import SerializationFailure

from odoo import api
from odoo.tests import HttpCase, TransactionCase, tagged
from odoo.tools import mute_logger

from ..models.housing_host_offer import HONEYPOT
from .common_pathways import PathwaysSetup

VALID = {
    "contact_name": "Nadia Lambert",
    "email": "Nadia.Lambert@Example.fr",
    "phone": "06 12 34 56 78",
    "street": "3 rue de Fontenay",
    "zip": "94300",
    "city": "Vincennes",
    "room_surface": "12,5",
    "room_rent": "520",
    "date_available": "2025-09-01",
    "furnished": "1",
    "message": "Une chambre se libère en septembre.",
    "consent": "1",
}


@tagged("post_install", "-at_install")
class TestPathwaysPublicForm(PathwaysSetup, HttpCase):
    """The public "Offer a room" page, over HTTP as a visitor: what it answers, and what it writes."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write(
            {
                "housing_host_form_enabled": True,
                "housing_host_form_user_id": cls.user_backoffice.id,
                "housing_host_form_rate_limit": 2,
            }
        )
        cls.company.partner_id.lang = "fr_FR"
        cls.url = f"/logement/proposer-une-chambre/{cls.company.id}"

    def _offers(self):
        return self.env["housing.host.offer"].search([("company_id", "=", self.company.id)])

    def _post(self, csrf=True, **values):
        page = self.url_open(self.url)
        self.assertEqual(page.status_code, 200)
        data = {**VALID, **values}
        if csrf:
            data["csrf_token"] = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        response = self.url_open(self.url, data=data)
        return response, html.unescape(response.text)

    def test_a_valid_offer_is_recorded_at_stage_contacted(self):
        self.assertTrue(self.env["res.lang"]._lang_get("fr_FR").active)
        page = html.unescape(self.url_open(self.url).text)
        self.assertIn("Proposer une chambre à une personne réfugiée", page)
        response, text = self._post()
        self.assertEqual(response.status_code, 200)
        self.assertIn("Merci pour votre proposition !", text)
        offer = self._offers()
        self.assertEqual(
            (offer.stage, offer.source, offer.name, offer.contact_name, offer.email, offer.city, offer.zip),
            (
                "contacted",
                "web_form",
                "Nadia Lambert — Vincennes",
                "Nadia Lambert",
                "nadia.lambert@example.fr",
                "Vincennes",
                "94300",
            ),
        )
        self.assertEqual(
            (offer.room_surface, offer.room_rent, str(offer.date_available), offer.furnished, offer.programme_id),
            (12.5, 520.0, "2025-09-01", True, self.programme_rooms),
        )
        self.assertEqual(offer.user_id, self.user_backoffice)
        callback = offer._housing_alerts(["host_callback"])
        self.assertEqual(callback.user_id, self.user_backoffice)
        submission = self.env["housing.host.offer.submission"].search([("company_id", "=", self.company.id)])
        self.assertEqual(submission.offer_count, 1)
        self.assertNotIn("127.0.0.1", submission.address_hash)  # the address is kept hashed

    def test_missing_or_bad_input_gets_a_message_and_writes_nothing(self):
        response, text = self._post(contact_name="", city="", consent="")
        self.assertEqual(response.status_code, 400)
        for message in ("Indiquez votre nom.", "Indiquez la ville de l'appartement.", "Cochez la case"):
            self.assertIn(message, text)
        self.assertIn('value="Nadia.Lambert@Example.fr"', text)  # what was typed stays on the form
        response, text = self._post(email="nadia.lambert@", zip="9430", room_rent="beaucoup")
        self.assertEqual(response.status_code, 400)
        self.assertIn("Ce n'est pas une adresse e-mail", text)
        self.assertIn("Un code postal français a 5 chiffres.", text)
        self.assertIn("Indiquez un nombre, par exemple 450.", text)
        self.assertFalse(self._offers())
        self.assertFalse(self.env["housing.host.offer.submission"].search([("company_id", "=", self.company.id)]))

    def test_a_robot_filling_the_hidden_field_is_thanked_and_nothing_is_written(self):
        page = self.url_open(self.url).text
        self.assertIn(f'name="{HONEYPOT}"', page)
        self.assertNotIn('name="website"', page)
        response, text = self._post(**{HONEYPOT: "https://spam.example.com"})
        self.assertEqual(response.status_code, 200)
        self.assertIn("Merci pour votre proposition !", text)
        self.assertFalse(self._offers())

    def test_a_field_the_browser_fills_by_itself_does_not_drop_the_offer(self):
        # autofill fills fields named as an address, a company or a website: the offer is recorded
        response, _text = self._post(website="https://colocation.example.fr", company="Université")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(self._offers().contact_name, "Nadia Lambert")

    def test_spaces_are_not_a_name_nor_a_city(self):
        response, text = self._post(contact_name="   ", city=" \t ")
        self.assertEqual(response.status_code, 400)
        for message in ("Indiquez votre nom.", "Indiquez la ville de l'appartement."):
            self.assertIn(message, text)
        self.assertFalse(self._offers())
        response, _text = self._post(contact_name="  Nadia Lambert ", city=" Vincennes  ")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(
            (self._offers().name, self._offers().contact_name, self._offers().city),
            ("Nadia Lambert — Vincennes", "Nadia Lambert", "Vincennes"),
        )

    @mute_logger("odoo.http")
    def test_a_post_without_its_csrf_token_is_refused(self):
        response, _text = self._post(csrf=False)
        self.assertEqual(response.status_code, 400)
        self.assertFalse(self._offers())

    def test_more_offers_than_the_limit_from_one_address_are_refused(self):
        for number in (1, 2):
            response, _text = self._post(contact_name=f"Hôte {number}")
            self.assertEqual(response.status_code, 200)
        response, text = self._post(contact_name="Hôte 3")
        self.assertEqual(response.status_code, 429)
        self.assertIn("Plusieurs propositions ont été envoyées depuis votre connexion dans l'heure", text)
        self.assertEqual(sorted(self._offers().mapped("contact_name")), ["Hôte 1", "Hôte 2"])

    def test_wrong_input_writes_nothing_and_is_not_counted(self):
        # a visitor correcting the form many times is not refused: only the offers recorded count
        for _attempt in range(3):
            response, _text = self._post(email="nadia.lambert@")
            self.assertEqual(response.status_code, 400)
        response, _text = self._post()
        self.assertEqual(response.status_code, 200)
        self.assertEqual(len(self._offers()), 1)

    @mute_logger("odoo.http")
    def test_every_other_association_answers_404(self):
        closed = self.env["res.company"].create({"name": "Association sans formulaire"})
        last = self.env["res.company"].search([], order="id desc", limit=1).id
        for company_id in (self.other_company.id, closed.id, last + 1, 0):
            with self.subTest(company=company_id):
                self.assertEqual(self.url_open(f"/logement/proposer-une-chambre/{company_id}").status_code, 404)
                response = self.url_open(f"/logement/proposer-une-chambre/{company_id}", data=VALID)
                self.assertIn(response.status_code, (400, 404))
        self.assertFalse(
            self.env["housing.host.offer"].search([("company_id", "in", (self.other_company | closed).ids)])
        )


@tagged("post_install", "-at_install")
class TestPathwaysPublicFormConcurrency(TransactionCase):
    """Two offers from one address sent at the same time, each request with its own database transaction.

    This test commits: it counts an address of its own in the main company, and removes it afterwards.
    """

    def test_an_offer_sent_at_the_same_time_is_counted_before_the_other_passes(self):
        address = f"203.0.113.{uuid.uuid4().int % 250}-{uuid.uuid4().hex[:8]}"
        with self.registry.cursor() as first_cr, self.registry.cursor() as second_cr:
            first = api.Environment(first_cr, api.SUPERUSER_ID, {})["housing.host.offer.submission"]
            second = api.Environment(second_cr, api.SUPERUSER_ID, {})["housing.host.offer.submission"]
            company = first.env.ref("base.main_company")
            # both requests have begun: each reads the database as it was then
            self.assertFalse(second.search_count([("address_hash", "=", second._hash(address))]))
            self.assertTrue(first._admit(company, address))
            first_cr.commit()  # pylint: disable=invalid-commit
            try:
                # the second one cannot count from its old view: it fails, and Odoo replays the request
                with self.assertRaises(SerializationFailure), mute_logger("odoo.sql_db"):
                    second._admit(second.env.ref("base.main_company"), address)
                second_cr.rollback()
                self.assertTrue(second._admit(second.env.ref("base.main_company"), address))
                submission = second.search([("address_hash", "=", second._hash(address))])
                self.assertEqual(submission.offer_count, 2)
                second_cr.rollback()
            finally:
                first.search([("address_hash", "=", first._hash(address))]).unlink()
                first_cr.commit()  # pylint: disable=invalid-commit
