from datetime import date
from types import SimpleNamespace
from unittest.mock import patch

from odoo import Command
from odoo.exceptions import AccessError, RedirectWarning, UserError, ValidationError
from odoo.tests import tagged

from .common_documents import REPORT, DocumentsCase


@tagged("post_install", "-at_install")
class TestRentDocuments(DocumentsCase):
    def _documents(self, occupant, month, kind=None):
        domain = [("occupant_id", "=", occupant.id), ("period_start", "=", month)]
        if kind:
            domain.append(("kind", "=", kind))
        return self.env["housing.rent.document"].search(domain)

    # ------------------------------------------------------------------ payment notices
    def test_notice_of_an_entry_month_states_the_proration(self):
        self._run(self.MARCH)
        wizard = self._issue(self.MARCH)
        self.assertEqual(wizard.state, "ready")
        self.assertEqual(wizard.document_ids.occupant_id, self.occupant | self.fatima)
        notice = self._documents(self.occupant, self.MARCH)
        self.assertEqual(notice.kind, "notice")
        # 20 days of 31: rent 390.00 → 251.61, charges 60.00 → 38.71; the association pays 161.29, Mohamed 129.03
        self.assertEqual(
            (notice.amount_rent, notice.amount_charges, notice.amount_total, notice.amount_association),
            (251.61, 38.71, 290.32, 161.29),
        )
        self.assertEqual((notice.amount_allowance, notice.amount_due), (0.0, 129.03), "no allowance the entry month")
        self.assertEqual(notice.amount_total, sum(notice.rent_line_ids.mapped("amount")), "the totals are the dues'")
        self.assertEqual(notice.amount_due, self._invoice(self.occupant, self.MARCH).amount_total)
        self.assertEqual(notice.date_due, date(2025, 3, 5))
        text = self._render(REPORT, notice)
        for expected in (
            "Avis d'échéance — mars 2025",
            "Bailleur (l'association) Association Toit Partagé",
            "Locataire Mohamed Benali",
            "Logement : Appartement Tanger, Chambre 1",
            "Période : du 12/03/2025 au 31/03/2025 — au prorata : 20 jours / 31",
            "Loyer (hors charges) 251,61 €",
            "Charges (provision mensuelle) 38,71 €",
            "Loyer et charges 290,32 €",
            "Moins : pris en charge par l'association - 161,29 €",
            "Votre part (loyer 111,83 €, charges 17,20 €) 129,03 €",
            "Net à payer : 129,03 €, à régler avant le 05/03/2025.",
            "Comment payer Par virement sur le compte de l'association",
        ):
            self.assertIn(expected, text)
        self.assertNotIn("Aide au logement", text)

    def test_notice_deducts_the_allowance_and_a_funder(self):
        funded = self.env["res.partner"].create({"name": "Amina Yusuf", "lang": "fr_FR"})
        self._new_occupancy(
            room=self.room_double,
            partner=funded,
            start="2025-01-01",
            shares=[
                {"payer_kind": "occupant", "amount": 50.0},
                {"payer_kind": "funder", "partner_id": self.funder.id, "amount": 300.0},
                {"payer_kind": "association", "is_remainder": True},
            ],
        )
        self.company.housing_payment_instructions = "Virement ou espèces au bureau, le mardi."
        self._run(self.APRIL)
        self._issue(self.APRIL)
        mohamed = self._documents(self.occupant, self.APRIL)
        self.assertEqual(
            (mohamed.amount_total, mohamed.amount_allowance, mohamed.amount_association, mohamed.amount_due),
            (450.0, 210.0, 40.0, 200.0),
        )
        amina = self._documents(funded, self.APRIL)
        self.assertEqual((amina.amount_funder, amina.amount_association, amina.amount_due), (300.0, 100.0, 50.0))
        text = self._render(REPORT, mohamed | amina)
        self.assertEqual(text.count("Avis d'échéance — avril 2025"), 2, "one document each, in one rendering")
        for expected in (
            "Loyer (hors charges) 390,00 €",
            "Charges (provision mensuelle) 60,00 €",
            "Moins : aide au logement versée directement par CAF Test - 210,00 €",
            "Moins : pris en charge par l'association - 40,00 €",
            "Net à payer : 200,00 €, à régler avant le 05/04/2025.",
            "Moins : pris en charge par DDETS Test - 300,00 €",
            "Net à payer : 50,00 €",
            "Virement ou espèces au bureau, le mardi.",
        ):
            self.assertIn(expected, text)
        self.assertNotIn("au prorata", text, "full months state no proration")

    def test_notice_is_issued_once_per_month(self):
        self._run(self.APRIL)
        first = self._issue(self.APRIL).document_ids
        again = self._issue(self.APRIL).document_ids
        self.assertEqual(first, again)
        self.assertEqual(self.env["housing.rent.document"].search_count([("period_start", "=", self.APRIL)]), 2)
        # a month without dues: bill it first
        with self.assertRaisesRegex(UserError, "No occupant has dues for May 2025"):
            self._issue(self.MAY)

    # ------------------------------------------------------------------ receipts
    def test_no_rent_receipt_for_an_unpaid_or_partly_paid_month(self):
        self._run(self.APRIL)
        invoice = self._invoice(self.occupant, self.APRIL)
        # nothing paid: no receipt at all
        wizard = self._issue(self.APRIL, "receipt", occupant_ids=[Command.set(self.occupant.ids)])
        self.assertFalse(wizard.document_ids)
        self.assertIn("Mohamed Benali (nothing received yet for the month)", wizard.summary)
        with self.assertRaisesRegex(RedirectWarning, "Mohamed Benali has not fully paid April 2025") as caught:
            self._issue(self.APRIL, "rent_receipt", occupant_ids=[Command.set(self.occupant.ids)])
        self.assertIn("200.00", str(caught.exception))
        self.assertEqual(caught.exception.args[2], "Give payment receipts instead")
        self.assertEqual(caught.exception.args[1]["context"]["default_request"], "receipt")
        # 150.00 paid of 200.00: a payment receipt, never a rent receipt
        self._pay(invoice, 150.0, date(2025, 4, 8))
        with self.assertRaises(RedirectWarning) as caught:
            self._issue(self.APRIL, "rent_receipt", occupant_ids=[Command.set(self.occupant.ids)])
        self.assertRegex(caught.exception.args[0], r"\(50\.00\s€ left to pay of 200\.00\s€\)")
        receipt = self._issue(self.APRIL, "receipt", occupant_ids=[Command.set(self.occupant.ids)]).document_ids
        self.assertEqual(receipt.kind, "payment_receipt")
        self.assertEqual(
            (receipt.amount_due, receipt.amount_paid, receipt.amount_residual, receipt.payment_date),
            (200.0, 150.0, 50.0, date(2025, 4, 8)),
        )
        self.assertFalse(self._documents(self.occupant, self.APRIL, "rent_receipt"))
        # nor can one be created behind the screens
        with self.assertRaisesRegex(ValidationError, "a rent receipt \\(quittance\\) is only given for a month fully"):
            self.env["housing.rent.document"].create(
                {
                    "kind": "rent_receipt",
                    "company_id": self.company.id,
                    "occupant_id": self.occupant.id,
                    "period_start": self.APRIL,
                    "rent_line_ids": [Command.set(self._dues(self.APRIL, occupant_id=self.occupant.id).ids)],
                }
            )
        text = self._render(REPORT, receipt)
        for expected in (
            "Reçu de paiement — avril 2025",
            "Association Toit Partagé reconnaît avoir reçu de Mohamed Benali la somme de 150,00 € le 08/04/2025 en "
            "paiement partiel du loyer et des charges de la période du 01/04/2025 au 30/04/2025.",
            "Dû pour le mois : 200,00 € Reçu : 150,00 € Reste dû : 50,00 €",
            "Ce reçu de paiement partiel ne vaut pas quittance.",
        ):
            self.assertIn(expected, text)
        self.assertNotIn("Quittance", text)

    def test_rent_receipt_once_the_month_is_fully_paid(self):
        self._run(self.APRIL)
        invoice = self._invoice(self.occupant, self.APRIL)
        self._pay(invoice, 150.0, date(2025, 4, 8))
        partial = self._issue(self.APRIL, "receipt", occupant_ids=[Command.set(self.occupant.ids)]).document_ids
        self._pay(invoice, 50.0, date(2025, 4, 20))
        quittance = self._issue(self.APRIL, "rent_receipt", occupant_ids=[Command.set(self.occupant.ids)]).document_ids
        self.assertEqual(quittance.kind, "rent_receipt")
        self.assertEqual(
            (quittance.amount_due, quittance.amount_paid, quittance.amount_residual, quittance.payment_date),
            (200.0, 200.0, 0.0, date(2025, 4, 20)),
        )
        self.assertEqual(partial.amount_paid, 150.0, "the payment receipt keeps what it acknowledged")
        again = self._issue(self.APRIL, "receipt", occupant_ids=[Command.set(self.occupant.ids)]).document_ids
        self.assertEqual(again, quittance, "one rent receipt per month")
        text = self._render(REPORT, quittance)
        for expected in (
            "Quittance de loyer — avril 2025",
            "Association Toit Partagé, bailleur, déclare avoir reçu de Mohamed Benali la somme de 200,00 € au titre "
            "du loyer et des charges de la période du 01/04/2025 au 30/04/2025 pour le logement désigné ci-dessous, "
            "et lui en donne quittance, sous réserve de tous ses droits.",
            "Logement : Appartement Tanger, Chambre 1",
            "Période : du 01/04/2025 au 30/04/2025",
            "Loyer (hors charges) 390,00 €",
            "Charges (provision mensuelle) 60,00 €",
            "Moins : aide au logement versée directement par CAF Test - 210,00 €",
            "Votre part (loyer 173,33 €, charges 26,67 €) 200,00 €",
            "Réglé par le locataire : 200,00 € (dernier paiement le 20/04/2025). Le mois est entièrement payé.",
            "Cette quittance annule tous les reçus",
            "Pour acquit",
        ):
            self.assertIn(expected, text)

    def test_rent_receipt_may_wait_for_the_allowance(self):
        self.company.housing_receipt_needs_third_party = True
        self._run(self.APRIL)
        self._pay(self._invoice(self.occupant, self.APRIL), 200.0, date(2025, 4, 3))
        with self.assertRaisesRegex(RedirectWarning, "The housing allowance or the funder has not paid April 2025"):
            self._issue(self.APRIL, "rent_receipt", occupant_ids=[Command.set(self.occupant.ids)])
        self._pay(self._invoice(self.caf, self.APRIL), 420.0, date(2025, 4, 15))
        quittance = self._issue(self.APRIL, "rent_receipt", occupant_ids=[Command.set(self.occupant.ids)])
        self.assertEqual(quittance.document_ids.kind, "rent_receipt")

    def test_receipts_for_a_whole_month(self):
        self._run(self.APRIL)
        self._pay(self._invoice(self.occupant, self.APRIL), 200.0, date(2025, 4, 3))
        self._pay(self._invoice(self.fatima, self.APRIL), 120.0, date(2025, 4, 6))
        wizard = self._issue(self.APRIL, "receipt")
        kinds = {document.occupant_id: document.kind for document in wizard.document_ids}
        self.assertEqual(kinds, {self.occupant: "rent_receipt", self.fatima: "payment_receipt"})
        self.assertIn("0 payment notices, 1 rent receipts, 1 payment receipts", wizard.summary)

    # ------------------------------------------------------------------ a whole month at once
    def test_print_a_month_in_one_rendering_without_a_query_per_occupant(self):
        unit = self._new_unit("Maison Curial", rooms=[1] * 6)
        self._new_lease(unit=unit, start="2025-01-01")
        for index, room in enumerate(unit.room_ids):
            self._caf_occupancy(
                room=room,
                partner=self.env["res.partner"].create({"name": f"Occupant {index}", "lang": "fr_FR"}),
                start="2025-01-01",
            )
        self._run(self.APRIL)
        wizard = self._issue(self.APRIL)
        self.assertEqual(wizard.document_count, 8)
        action = wizard.action_print()
        self.assertEqual(
            (action["type"], action["context"]["active_ids"]), ("ir.actions.report", wizard.document_ids.ids)
        )
        reports = type(self.env["ir.actions.report"])
        original = reports._render_qweb_html
        calls = []

        def count_renders(self_report, report_ref, docids, data=None):
            calls.append(list(docids))
            return original(self_report, report_ref, docids, data=data)

        def queries(documents):
            documents.invalidate_recordset()
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            self._render(REPORT, documents)
            return self.env.cr.sql_log_count - before

        few, many = wizard.document_ids[:2], wizard.document_ids
        queries(few)  # warm the caches of the templates
        with patch.object(reports, "_render_qweb_html", count_renders):
            self.assertEqual(queries(few), queries(many), "as many queries for 8 documents as for 2")
        self.assertEqual(calls, [few.ids, many.ids], "one rendering per print, whatever the number of documents")

    def test_email_each_occupant_through_the_mail_queue(self):
        self._run(self.APRIL)
        wizard = self._issue(self.APRIL)
        reports = type(self.env["ir.actions.report"])
        original = reports._render_qweb_html
        calls = []

        def count_renders(self_report, report_ref, docids, data=None):
            calls.append(list(docids))
            return original(self_report, report_ref, docids, data=data)

        with patch.object(reports, "_render_qweb_html", count_renders):
            wizard.action_send()
        self.assertEqual(len(calls), 1, "one rendering for all the e-mails")
        self.assertEqual(wizard.state, "sent")
        mohamed = self._documents(self.occupant, self.APRIL)
        fatima = self._documents(self.fatima, self.APRIL)
        self.assertEqual(wizard.unsent_document_ids, fatima, "no e-mail address: to print")
        self.assertIn("1 of 2 documents e-mailed", wizard.summary)
        self.assertIn(
            "have no e-mail address: print their documents and hand them over (Fatima Haddad)", wizard.summary
        )
        mail = self.env["mail.mail"].search([("model", "=", "housing.rent.document"), ("res_id", "=", mohamed.id)])
        self.assertEqual((len(mail), mail.state, mail.recipient_ids), (1, "outgoing", self.occupant))
        self.assertEqual(mail.subject, "Association Toit Partagé — Avis d'échéance avril 2025 — Mohamed Benali")
        body = self._text(mail.body_html)
        self.assertIn("Bonjour Mohamed Benali", body)
        self.assertIn("200,00 €", body)
        self.assertEqual(mail.attachment_ids.name, "Avis d'échéance avril 2025 - Mohamed Benali.html")
        self.assertIn("Net à payer : 200,00 €", self._text(mail.attachment_ids.raw))
        self.assertTrue(mohamed.sent_on)
        self.assertFalse(fatima.sent_on)
        self.assertIn(mail.mail_message_id, mohamed.message_ids, "logged on the document")
        print_action = wizard.action_print_unsent()
        self.assertEqual(print_action["context"]["active_ids"], fatima.ids)

    # ------------------------------------------------------------------ access
    def test_accountants_issue_back_office_reads_and_prints(self):
        self._run(self.APRIL)
        with self.assertRaises(AccessError):
            self._wizard(self.APRIL, user=self.user_backoffice)
        with self.assertRaises(AccessError):
            self._wizard(self.APRIL, user=self.user_manager)
        documents = self._issue(self.APRIL).document_ids
        as_backoffice = self.env["housing.rent.document"].with_user(self.user_backoffice)
        self.assertEqual(as_backoffice.search([("period_start", "=", self.APRIL)]), documents)
        # an occupant asks for their notice at the office: the back office prints it
        text = self._render(REPORT, documents, user=self.user_backoffice)
        self.assertIn("Net à payer : 200,00 €", text)
        with self.assertRaises(AccessError):
            documents.with_user(self.user_backoffice).write({"sent_on": False})
        with self.assertRaisesRegex(UserError, "Only accountants \\(Invoicing rights\\) issue and send"):
            documents.with_user(self.user_backoffice).action_send_email()
        # another association sees none of them
        other = self.env(user=self.user_other_company, context={"allowed_company_ids": self.other_company.ids})
        self.assertFalse(other["housing.rent.document"].search([]))
        with self.assertRaises(AccessError):
            other["housing.rent.document"].browse(documents[:1].id).read(["amount_due"])

    def test_month_prints_on_a_wkhtmltopdf_without_patched_qt(self):
        """Such a wkhtmltopdf converts one document per call: the HTML is still rendered once."""
        self._run(self.APRIL)
        documents = self._issue(self.APRIL).document_ids
        reports = self.env["ir.actions.report"]
        html_renders, conversions = [], []
        original = type(reports)._render_qweb_html

        def count_renders(self_report, report_ref, docids, data=None):
            html_renders.append(list(docids))
            return original(self_report, report_ref, docids, data=data)

        def fake_wkhtmltopdf(self_report, bodies, **kwargs):
            self.assertEqual(self_report._name, "ir.actions.report")
            self.assertEqual(kwargs["report_ref"], REPORT)
            conversions.append(len(bodies))
            return b"%PDF-" + str(len(conversions)).encode()

        unpatched = SimpleNamespace(is_patched_qt=False)
        with (
            patch("odoo.addons.solidarity_housing.models.ir_actions_report._wkhtml", return_value=unpatched),
            patch.object(type(reports), "get_wkhtmltopdf_state", return_value="ok"),
            patch.object(type(reports), "_render_qweb_html", count_renders),
            patch.object(type(reports), "_run_wkhtmltopdf", fake_wkhtmltopdf),
        ):
            streams = reports._render_qweb_pdf_prepare_streams(REPORT, {}, res_ids=documents.ids)
        self.assertEqual(html_renders, [documents.ids], "one rendering of the HTML")
        self.assertEqual(conversions, [1, 1], "one conversion per document")
        self.assertEqual(list(streams), documents.ids)
        self.assertEqual([stream["stream"].getvalue() for stream in streams.values()], [b"%PDF-1", b"%PDF-2"])
