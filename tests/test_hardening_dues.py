"""Dues and charges settlements keep to their agreement: accountants may correct them, never make them another
contract's, another payer's or another company's; figures that cannot be negative are refused."""

from datetime import date

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common_documents import DocumentsCase

MARCH, APRIL = date(2025, 3, 1), date(2025, 4, 1)


@tagged("post_install", "-at_install")
class TestHardeningDues(DocumentsCase):
    """Mohamed (room 1, from 12 March 2025) and Fatima (room 2) billed from March to June 2025."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._bill(*(date(2025, month, 1) for month in range(3, 7)))
        cls.other_unit = cls._new_unit("Maison Jaurès", rooms=[2])
        cls.other_programme = cls.env["housing.programme"].create(
            {"name": "Autre dispositif", "code": "AUT", "scheme_type": "shared_home", "company_id": cls.company.id}
        )
        cls.stranger = cls.env["res.partner"].create({"name": "Voisin serviable"})
        cls.other_caf = cls.env["res.partner"].create({"name": "CAF Voisine", "is_company": True})

    def _due(self, agreement, kind, month=APRIL):
        return self._dues(month, occupancy_id=agreement.id, payer_kind=kind).with_user(self.user_accountant)

    def test_due_keeps_its_agreement(self):
        due = self._due(self.mohamed_agreement, "occupant")
        fatima_share = self.fatima_agreement.share_ids.filtered(lambda s: s.payer_kind == "occupant")
        with self.assertRaisesRegex(
            ValidationError,
            rf"The due .* is billed on the share Fatima Haddad \(Occupant\) of {self.fatima_agreement.name} — Fatima "
            rf"Haddad: a due of {self.mohamed_agreement.name} — Mohamed Benali is billed on one of its own payers, of "
            r"the same kind \(Occupant\)\.",
        ):
            due.share_id = fatima_share
        with self.assertRaisesRegex(
            ValidationError,
            r"The due .* reads \[.*\] Maison Jaurès as its Unit, but its contract CONV-\d+ — Mohamed Benali has "
            r"\[.*\] Appartement Tanger: a due keeps the company, programme, unit and persons of its agreement or "
            r"head lease\.",
        ):
            due.unit_id = self.other_unit
        with self.assertRaisesRegex(ValidationError, "reads Autre dispositif as its Programme"):
            due.programme_id = self.other_programme
        with self.assertRaisesRegex(ValidationError, "reads Fatima Haddad as its Occupant, .* has Mohamed Benali"):
            due.occupant_id = self.fatima
        with self.assertRaisesRegex(
            ValidationError,
            r"The due .* is billed to Voisin serviable, but its payer in CONV-\d+ — Mohamed Benali is Mohamed Benali: "
            "change the payer on the agreement, then bill the due again.",
        ):
            due.partner_id = self.stranger
        allowance = self._due(self.mohamed_agreement, "housing_allowance")
        with self.assertRaisesRegex(ValidationError, "is billed to CAF Voisine, but its payer .* is CAF Test"):
            allowance.partner_id = self.other_caf
        with self.assertRaisesRegex(ValidationError, "is owed to the association: its payer is the occupant, the CAF"):
            allowance.direction = "payable"
        landlord = self._dues(APRIL, lease_id=self.lease.id).with_user(self.user_accountant)
        with self.assertRaisesRegex(ValidationError, "reads Voisin serviable as its Billed to, .* has Bailleur Social"):
            landlord.partner_id = self.stranger
        # nothing was written
        self.assertEqual(
            (due.share_id.occupancy_id, due.unit_id, due.partner_id, allowance.partner_id, landlord.partner_id),
            (self.mohamed_agreement, self.unit, self.occupant, self.caf, self.landlord),
        )

    def test_links_to_another_company_are_refused(self):
        neighbour = self.env["res.partner"].create({"name": "Voisine", "company_id": self.other_company.id})
        due = self._due(self.mohamed_agreement, "occupant")
        with self.assertRaises(UserError):
            due.occupant_id = neighbour
        self.assertEqual(due.occupant_id, self.occupant)
        Profile = self.env["housing.social.profile"].with_user(self.user_manager)
        with self.assertRaisesRegex(UserError, "Voisine.*belongs to another company"):
            Profile.create({"partner_id": neighbour.id, "company_id": self.company.id})
        ccas = self.env["res.partner"].create(
            {"name": "CCAS voisin", "is_company": True, "company_id": self.other_company.id}
        )
        with self.assertRaisesRegex(UserError, "CCAS voisin.*belongs to another company"):
            Profile.create(
                {"partner_id": self.fatima.id, "company_id": self.company.id, "domiciliation_partner_id": ccas.id}
            )
        self.assertFalse(Profile.search([("partner_id", "in", (neighbour | self.fatima).ids)]))

    def test_due_figures(self):
        due = self._due(self.mohamed_agreement, "occupant", MARCH)
        self.assertEqual((due.days, due.basis, due.amount), (20, 31, 129.03))
        with self.assertRaisesRegex(
            ValidationError,
            r"is prorated on 32 days / 31: the days covered are 1 to 31, the divisor the days of the month, 30 or 365",
        ):
            due.days = 32
        with self.assertRaisesRegex(ValidationError, "is prorated on 20 days / 0"):
            due.basis = 0
        with self.assertRaisesRegex(
            ValidationError, r"The due .* is 500.0 but its rent and charges make 129.03: its amount is its rent plus"
        ):
            due.amount = 500.0
        with self.assertRaisesRegex(ValidationError, "covers 2025-03-01 to 2025-04-15: a due covers one month"):
            due.period_end = date(2025, 4, 15)
        allowance = self._due(self.mohamed_agreement, "housing_allowance")
        with self.assertRaisesRegex(
            ValidationError,
            r"The due .* cannot be negative \(-210.0\): only an occupant's due may be, when the housing allowance "
            "exceeds their share.",
        ):
            allowance.write({"amount": -210.0, "rent_amount": -180.0, "charges_amount": -30.0})
        # an occupant's due may be negative: the allowance above their share comes back to them
        due.write({"amount": -10.0, "rent_amount": -8.0, "charges_amount": -2.0})
        self.assertEqual(due.amount, -10.0)

    def test_settlement_payers_are_the_agreement_payers(self):
        settlement = (
            self.env["housing.charges.settlement"]
            .with_user(self.user_accountant)
            .with_company(self.company)
            .create({"unit_id": self.unit.id, "date_start": "2025-03-01", "date_end": "2025-06-30"})
        )
        settlement.action_compute()
        line = settlement.line_ids.filtered(lambda line: line.occupancy_id == self.mohamed_agreement)
        occupant = line.share_ids.filtered(lambda share: share.payer_kind == "occupant")
        caf = line.share_ids.filtered(lambda share: share.payer_kind == "housing_allowance")
        with self.assertRaisesRegex(
            ValidationError,
            r"Fatima Haddad is not the Occupant payer of CONV-\d+ — Mohamed Benali \(Mohamed Benali\): a charges "
            "balance is split between the agreement's own payers.",
        ):
            occupant.partner_id = self.fatima
        with self.assertRaisesRegex(ValidationError, r"CAF Voisine is not the Housing allowance \(CAF\) payer"):
            caf.partner_id = self.other_caf
        with self.assertRaisesRegex(
            ValidationError,
            r"The provisions billed to CAF Test for CONV-\d+ — Mohamed Benali cannot be negative \(-20.0\)",
        ):
            caf.provisions = -20.0
        occupant.provisions = -5.0  # the allowance above the occupant's share came back to them
        self.assertEqual((occupant.partner_id, caf.partner_id), (self.occupant, self.caf))

    def test_settlement_unit_changed_with_its_lines(self):
        settlement = (
            self.env["housing.charges.settlement"]
            .with_user(self.user_accountant)
            .with_company(self.company)
            .create({"unit_id": self.unit.id, "date_start": "2025-03-01", "date_end": "2025-06-30"})
        )
        settlement.action_compute()
        with self.assertRaisesRegex(
            ValidationError,
            r"Charges .* has lines of the agreements of \[.*\] Appartement Tanger: delete its lines before changing "
            "its unit, then compute it again.",
        ):
            settlement.unit_id = self.other_unit
        with self.assertRaisesRegex(ValidationError, "bears the charges of .* at most: the days it covered"):
            settlement.write({"date_start": date(2025, 5, 1)})
        self.assertEqual(settlement.unit_id, self.unit)
        # without lines, the draft moves to the other unit
        settlement.line_ids.unlink()
        settlement.unit_id = self.other_unit
        self.assertEqual(settlement.unit_id, self.other_unit)

    def test_billing_run_reads_in_its_creator_s_language(self):
        """As the demo loaded in French (bin/run) shows it: the run's name and its chatter are French."""
        # bin/run loads the demo in a French transaction: what is computed when the cursor flushes reads French too
        transaction = self.env.transaction
        self.addCleanup(setattr, transaction, "default_env", transaction.default_env)
        transaction.default_env = self.env(context=dict(self.env.context, lang="fr_FR"))
        run = (
            self.env["housing.billing.run"]
            .with_user(self.user_accountant)
            .with_company(self.company)
            .with_context(lang="fr_FR")
            .create({"period_start": date(2025, 7, 1)})
        )
        run.action_start()
        self.assertEqual(run.name, "Loyers 2025-07 — Association Toit Partagé")
        summary = run.message_ids.filtered(lambda message: "facturées" in (message.body or ""))
        self.assertRegex(
            summary.body,
            r"2 conventions, \d+ échéances facturées en \d+ factures .* ; 0 erreurs, 0 échéances restant à facturer\.",
        )
