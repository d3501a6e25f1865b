from odoo import Command
from odoo.tests import HttpCase, new_test_user

from .common_caf import APRIL, MARCH, CafSetup


class PortalSetup(CafSetup):
    """Two households of the test unit with portal access, billed in March and April 2025.

    Mohamed Benali (room 1) paid March: its rent receipt may be asked for; April is unpaid. Fatima Haddad
    (room 2) paid nothing and repays March and April on a plan. Each pays 200.00 of 390.00 + 60.00, the CAF
    210.00, the association the rest. Mohamed's social profile holds a health cover and a CAF number that the
    portal never shows.
    """

    @classmethod
    def _setup_housing(cls):
        result = super()._setup_housing()
        cls.env["res.lang"]._activate_lang("fr_FR")
        cls.fatima = cls.env["res.partner"].create({"name": "Fatima Haddad", "email": "fatima@example.org"})
        cls.occupant.write({"email": "mohamed@example.org", "lang": "fr_FR"})
        cls.env["housing.social.profile"].create(
            {
                "partner_id": cls.occupant.id,
                "company_id": cls.company.id,
                "caf_number": "2345671",
                "health_cover": "ame",
                "residence_document": "receipt",
                "languages": "arabe dialectal",
            }
        )
        cls.unit.write({"street": "12 rue de Tanger", "zip": "75019", "city": "Paris"})
        cls.mohamed_agreement = cls._caf_occupancy(room=cls.room_1, partner=cls.occupant, start="2025-01-01")
        cls.fatima_agreement = cls._caf_occupancy(room=cls.room_2, partner=cls.fatima, start="2025-01-01")
        cls._bill_months(MARCH, APRIL)
        march = cls.env["housing.rent.line"].search(
            [
                ("occupancy_id", "=", cls.mohamed_agreement.id),
                ("payer_kind", "=", "occupant"),
                ("period_start", "=", MARCH),
            ]
        )
        (
            cls.env["account.payment.register"]
            .with_context(active_model="account.move", active_ids=march.move_id.ids)
            .create({"payment_date": "2025-03-06"})
            ._create_payments()
        )
        dues = cls.env["housing.rent.line"].search([("company_id", "=", cls.company.id), ("period_start", "=", APRIL)])
        cls.notices = cls.env["housing.rent.document"]._issue("notice", dues)["documents"]
        cls.plan = cls.env["housing.repayment.plan"].create(
            {"partner_id": cls.fatima.id, "company_id": cls.company.id, "amount": 400.0, "instalment_count": 4}
        )
        cls.plan.action_confirm()
        cls.portal_mohamed = cls._portal_user("portal_mohamed", cls.occupant)
        cls.portal_fatima = cls._portal_user("portal_fatima", cls.fatima)
        return result

    @classmethod
    def _portal_user(cls, login, partner):
        return new_test_user(
            cls.env,
            login=login,
            name=partner.name,
            lang="fr_FR",
            groups="base.group_portal",
            partner_id=partner.id,
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
        )


class PortalCase(PortalSetup, HttpCase):
    pass
