import html
import re
from datetime import date

from odoo.tests import TransactionCase

from .common_billing import BillingSetup

REPORT = "solidarity_housing.action_report_housing_rent_document"
STATEMENT = "solidarity_housing.action_report_housing_charges_statement"


class DocumentsSetup(BillingSetup):
    """Two French-speaking occupants of the test unit who share their rent with the CAF and the association.

    Mohamed Benali enters room 1 on 12 March 2025, Fatima Haddad has lived in room 2 since 1 January 2025;
    each pays 200.00 of 390.00 + 60.00 a month, the CAF 210.00 from the month after entry, the association
    the rest (not billed).
    """

    @classmethod
    def _setup_housing(cls):
        result = super()._setup_housing()
        cls.env["res.lang"]._activate_lang("fr_FR")
        cls.occupant.write({"lang": "fr_FR", "email": "mohamed.benali@example.org"})
        cls.fatima = cls.env["res.partner"].create({"name": "Fatima Haddad", "lang": "fr_FR"})
        cls.mohamed_agreement = cls._caf_occupancy(room=cls.room_1, partner=cls.occupant, start="2025-03-12")
        cls.fatima_agreement = cls._caf_occupancy(room=cls.room_2, partner=cls.fatima, start="2025-01-01")
        return result

    @classmethod
    def _bill(cls, *months):
        """Bill ``months`` as the accountant (in a class set-up)."""
        for month in months:
            run = (
                cls.env["housing.billing.run"]
                .with_user(cls.user_accountant)
                .with_company(cls.company)
                .create({"period_start": month})
            )
            run.action_start()

    def _invoice(self, partner, month):
        """The posted invoice of ``partner``'s dues for ``month``."""
        return self._dues(month, partner_id=partner.id).move_id

    def _pay(self, invoice, amount, day):
        """Register a payment of ``amount`` on ``invoice`` on ``day``."""
        return (
            self.env["account.payment.register"]
            .with_context(active_model="account.move", active_ids=invoice.ids)
            .create({"amount": amount, "payment_date": day})
            ._create_payments()
        )

    def _wizard(self, month, request="notice", user=None, **values):
        return (
            self.env["housing.rent.document.wizard"]
            .with_user(user or self.user_accountant)
            .with_company(self.company)
            .create({"period_start": month, "request": request, **values})
        )

    def _issue(self, month, request="notice", **values):
        wizard = self._wizard(month, request, **values)
        wizard.action_prepare()
        return wizard

    @staticmethod
    def _text(content):
        """The rendered HTML as the reader sees it: tags and entities out, one space between words."""
        if isinstance(content, bytes):
            content = content.decode()
        # block elements separate words, inline ones (spans, strong) do not
        content = re.sub(
            r"<(?:/?(?:div|p|tr|td|th|h\d|li|table|thead|tbody|article|header|footer)\b[^>]*|br\s*/?)>", " ", content
        )
        text = html.unescape(re.sub(r"<[^>]+>", "", content))
        return re.sub(r"\s+", " ", text.replace("\xa0", " ").replace("\u202f", " ")).strip()

    def _render(self, report, records, user=None):
        reports = self.env["ir.actions.report"].with_user(user) if user else self.env["ir.actions.report"]
        content, report_type = reports._render_qweb_pdf(report, records.ids)
        self.assertEqual(report_type, "html", "tests render the HTML the PDF is made from")
        return self._text(content)


class DocumentsCase(DocumentsSetup, TransactionCase):
    MARCH, APRIL, MAY, JUNE = date(2025, 3, 1), date(2025, 4, 1), date(2025, 5, 1), date(2025, 6, 1)
