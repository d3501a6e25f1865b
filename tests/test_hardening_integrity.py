"""Links that must share a parent, amounts that cannot be negative, partners that must be persons or
organisations: each bad input is refused with a message saying what to do, and nothing is written."""

from datetime import date

from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import HousingCase
from .common_followup import FollowupSetup


@tagged("post_install", "-at_install")
class TestHardeningIntegrity(FollowupSetup, HousingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.lease = cls._new_lease()
        cls.other_unit = cls._new_unit("Maison Jaurès", rooms=[2, 2])
        cls.other_lease = cls._new_lease(unit=cls.other_unit)

    def _agreements_of(self, partner):
        return self.env["housing.occupancy"].search([("partner_id", "=", partner.id)])

    # ------------------------------------------------------------------ agreements (issue items 1 to 4)
    def test_room_of_another_unit_is_refused(self):
        with self.assertRaisesRegex(
            ValidationError,
            r"The room .* / Chambre 1 belongs to \[.*\] Maison Jaurès, not to \[.*\] Appartement Tanger, the unit of "
            r"CONV-\d+ — Mohamed Benali: choose one of its rooms, or no room when the household takes the whole unit\.",
        ):
            self._new_occupancy(room=self.other_unit.room_ids[0], partner=self.occupant, unit_id=self.unit.id)
        self.assertFalse(self._agreements_of(self.occupant), "nothing written")
        self.assertEqual(self.other_unit.room_ids.mapped("state"), ["free", "free"])
        # a room moved to another unit afterwards is refused the same way
        agreement = self._new_occupancy(partner=self.occupant)
        with self.assertRaisesRegex(ValidationError, "belongs to .*Maison Jaurès, not to .*Appartement Tanger"):
            agreement.write({"room_id": self.other_unit.room_ids[0].id, "unit_id": self.unit.id})

    def test_head_lease_of_another_dwelling_is_refused(self):
        with self.assertRaisesRegex(
            ValidationError,
            rf"The head lease {self.other_lease.name} is the lease of .*Maison Jaurès, not of .*Appartement Tanger: "
            r"CONV-\d+ — Mohamed Benali sub-lets under the head lease of its own unit\.",
        ):
            self._new_occupancy(partner=self.occupant, lease_id=self.other_lease.id)
        self.assertFalse(self._agreements_of(self.occupant))
        agreement = self._new_occupancy(partner=self.occupant)
        self.assertEqual(agreement.lease_id, self.lease)
        with self.assertRaisesRegex(ValidationError, "is the lease of .*Maison Jaurès, not of .*Appartement Tanger"):
            agreement.lease_id = self.other_lease

    def test_signatory_is_a_person_of_one_household(self):
        with self.assertRaisesRegex(
            ValidationError,
            "Bailleur Social Test is an organisation: the signatory of an occupancy agreement is a person, the head "
            "of the household housed.",
        ):
            self._new_occupancy(partner=self.landlord)
        self.assertFalse(self._agreements_of(self.landlord))
        agreement = self._new_occupancy(room=self.room_double, partner=self.occupant)
        with self.assertRaisesRegex(ValidationError, "CAF Test is an organisation: only persons are members"):
            agreement.member_ids = self.caf
        with self.assertRaisesRegex(ValidationError, "Mohamed Benali signs CONV-\\d+ — Mohamed Benali: remove them"):
            agreement.member_ids = self.occupant
        with self.assertRaisesRegex(
            ValidationError,
            "Maria Popescu belongs to the household of Ion Popescu, not to the household of Mohamed Benali: remove "
            "them from CONV-\\d+ — Mohamed Benali, or change their household on their contact first.",
        ):
            agreement.member_ids = self.spouse
        # the household of the signatory comes along
        household = self._new_occupancy(room=False, unit_id=self.other_unit.id, partner=self.head)
        self.assertEqual(household.member_ids, self.spouse | self.child)

    def test_deposit_returned_is_not_negative(self):
        agreement = self._new_occupancy(partner=self.occupant, deposit=400.0)
        with self.assertRaisesRegex(
            ValidationError,
            r"The deposit returned to the occupant of CONV-\d+ — Mohamed Benali cannot be negative \(-50.0\): enter "
            "what was paid back, 0 if nothing was.",
        ):
            agreement.deposit_returned_amount = -50.0
        agreement.deposit_returned_amount = 400.0
        with self.assertRaisesRegex(
            ValidationError,
            r"The deposit returned by the landlord of .* cannot be negative \(-1200.0\): enter what the landlord paid",
        ):
            self.lease.deposit_returned = -1200.0
        self.assertEqual(self.lease.deposit_returned, 0.0)
        # a review every 0 months would never end
        with self.assertRaisesRegex(ValidationError, "come every 0 months: enter at least 1 month"):
            self.lease.review_months = 0

    # ------------------------------------------------------------------ the same classes of fault elsewhere
    def test_payers_match_their_kind(self):
        agreement = self._new_occupancy(partner=self.occupant)
        stranger = self.env["res.partner"].create({"name": "Voisin serviable"})
        with self.assertRaisesRegex(
            ValidationError,
            "The occupant's share of CONV-\\d+ — Mohamed Benali is billed to the signatory or a member of the "
            "household, not to Voisin serviable",
        ):
            agreement.share_ids.partner_id = stranger
        with self.assertRaisesRegex(
            ValidationError,
            r"Voisin serviable is a person: the Housing allowance \(CAF\) share of CONV-\d+ — Mohamed Benali is "
            r"billed to an organisation \(the CAF or the funder\)\.",
        ):
            agreement.share_ids = [Command.create({"payer_kind": "housing_allowance", "partner_id": stranger.id})]
        with self.assertRaisesRegex(ValidationError, "Voisin serviable is a person: the Funder share"):
            agreement.share_ids = [Command.create({"payer_kind": "funder", "partner_id": stranger.id, "amount": 9})]
        with self.assertRaisesRegex(
            ValidationError, "The association's share of .* is borne by Association Toit Partagé, not by DDETS Test"
        ):
            agreement.share_ids = [Command.create({"payer_kind": "association", "partner_id": self.funder.id})]
        self.assertEqual(len(agreement.share_ids), 1)

    def test_household_is_persons_of_one_association(self):
        Partner = self.env["res.partner"]
        with self.assertRaisesRegex(ValidationError, "CAF Test is an organisation: the head of the household"):
            Partner.create({"name": "Enfant", "housing_head_id": self.caf.id})
        with self.assertRaisesRegex(ValidationError, "Ion Popescu cannot be the head of their own household"):
            self.head.housing_head_id = self.head
        with self.assertRaisesRegex(
            ValidationError,
            "Petit-fils cannot join the household of Elena Popescu: a household has one head, whose members have no "
            "household of their own. Choose Ion Popescu as the head.",
        ):
            Partner.create({"name": "Petit-fils", "housing_head_id": self.child.id})
        with self.assertRaisesRegex(
            ValidationError, "Ion Popescu is an organisation: it cannot be part of a household"
        ):
            self.head.is_company = True
        with self.assertRaisesRegex(
            ValidationError,
            r"Maria Popescu \(Association Voisine\) and the head of their household Ion Popescu \(Association Toit "
            r"Partagé\) belong to different associations",
        ):
            self.head.company_id = self.company
            self.spouse.company_id = self.other_company
        with self.assertRaisesRegex(ValidationError, "(Maria|Elena) Popescu .* belong to different associations"):
            (self.spouse | self.child).company_id = self.other_company
            self.head.company_id = self.company
        self.assertFalse(Partner.search([("name", "in", ("Enfant", "Petit-fils"))]))

    def test_follow_up_persons_and_companies(self):
        stranger = self.env["res.partner"].create({"name": "Personne voisine", "company_id": self.other_company.id})
        with self.assertRaises(UserError):  # Odoo's "incompatible companies"
            self._new_followup(stranger)
        with self.assertRaises(UserError):
            self.env["housing.absence"].create(
                {"partner_id": stranger.id, "date_start": date(2025, 3, 1), "company_id": self.company.id}
            )
        with self.assertRaisesRegex(
            ValidationError, "CAF Test is an organisation: an absence is a person's \\(an occupant away"
        ):
            self.env["housing.absence"].create(
                {"partner_id": self.caf.id, "date_start": date(2025, 3, 1), "company_id": self.company.id}
            )
        profile = self.env["housing.social.profile"]
        with self.assertRaisesRegex(ValidationError, "CAF Test is an organisation: a social situation is a person's"):
            profile.create({"partner_id": self.caf.id, "company_id": self.company.id})
        with self.assertRaisesRegex(
            ValidationError,
            r"Maria Popescu is a person: the domiciliation of Ion Popescu is given by an organisation \(a CCAS",
        ):
            profile.create(
                {"partner_id": self.head.id, "company_id": self.company.id, "domiciliation_partner_id": self.spouse.id}
            )
        self.assertFalse(profile.search([("company_id", "=", self.company.id)]))

    def test_collective_activity_units_and_attendees(self):
        Activity = self.env["housing.collective.activity"]
        rooms_unit = self._new_unit("Colocation Arago", programme=self.programme_rooms)
        with self.assertRaisesRegex(
            ValidationError,
            r"\[.*\] Colocation Arago belong to another programme than Domiciles partagés test: the collective "
            "activity “Goûter” gathers units of its own programme.",
        ):
            Activity.create({"name": "Goûter", "programme_id": self.programme.id, "unit_ids": rooms_unit.ids})
        with self.assertRaisesRegex(ValidationError, "CAF Test are organisations: the attendees of “Goûter” are"):
            Activity.create({"name": "Goûter", "programme_id": self.programme.id, "attendee_ids": self.caf.ids})
        stranger = self.env["res.partner"].create({"name": "Voisine", "company_id": self.other_company.id})
        with self.assertRaises(UserError):  # Odoo's "incompatible companies"
            Activity.create({"name": "Goûter", "programme_id": self.programme.id, "attendee_ids": stranger.ids})
        self.assertFalse(Activity.search([("name", "=", "Goûter")]))

    def test_repayment_plan_of_the_household(self):
        agreement = self._new_occupancy(partner=self.occupant)
        Plan = self.env["housing.repayment.plan"].with_company(self.company)
        with self.assertRaisesRegex(ValidationError, "CAF Test is an organisation: a repayment plan is agreed with"):
            Plan.create({"partner_id": self.caf.id, "amount": 300.0, "instalment_count": 3})
        with self.assertRaisesRegex(
            ValidationError,
            rf"{agreement.name} is signed by Mohamed Benali, not by Ion Popescu: choose an agreement of the household",
        ):
            Plan.create(
                {"partner_id": self.head.id, "occupancy_id": agreement.id, "amount": 300.0, "instalment_count": 3}
            )
        plan = Plan.create({"partner_id": self.occupant.id, "amount": 300.0, "instalment_count": 3})
        self.assertEqual((plan.occupancy_id, plan.line_ids.mapped("amount")), (agreement, [100.0, 100.0, 100.0]))
        with self.assertRaisesRegex(ValidationError, r"Each instalment of .* is a positive amount \(-100.0 entered\)"):
            plan.line_ids[:1].amount = -100.0
        arrears = plan.arrears_id
        with self.assertRaisesRegex(
            ValidationError, r"The FSL aid granted to Mohamed Benali cannot be negative \(-250.0\)"
        ):
            arrears.fsl_amount = -250.0

    def test_rent_revision_compares_a_quarter_with_the_same_a_year_before(self):
        irl = self.env["housing.irl"]
        new, same_year, year_before = irl._get(2025, 2), irl._get(2025, 1), irl._get(2024, 2)
        values = {
            "lease_id": self.lease.id,
            "anniversary_date": date(2026, 1, 1),
            "date": date(2026, 1, 1),
            "old_rent": 1200.0,
            "new_rent": 1212.0,
            "irl_new_id": new.id,
            "irl_new_value": new.value,
        }
        Revision = self.env["housing.rent.revision"]
        with self.assertRaisesRegex(
            ValidationError, "compares the IRL of Q2 2025 with Q1 2025: it compares an index with the same quarter"
        ):
            Revision.create(dict(values, irl_old_id=same_year.id, irl_old_value=same_year.value))
        with self.assertRaisesRegex(ValidationError, "applies from 2024-01-01, before the contract starts"):
            Revision.create(dict(values, irl_old_id=year_before.id, irl_old_value=year_before.value, date="2024-01-01"))
        self.assertFalse(self.lease.revision_ids)

    def test_settlement_line_of_the_unit(self):
        agreement = self._new_occupancy(partner=self.occupant)
        stranger = self._new_occupancy(room=self.other_unit.room_ids[0])
        settlement = self.env["housing.charges.settlement"].create(
            {"unit_id": self.unit.id, "date_start": "2025-01-01", "date_end": "2025-06-30"}
        )
        Line = self.env["housing.charges.settlement.line"]
        line = {"settlement_id": settlement.id, "date_from": "2025-01-01", "date_to": "2025-06-30"}
        with self.assertRaisesRegex(
            ValidationError,
            rf"{stranger.name} — Occupant 2025-01-01 lets \[.*\] Maison Jaurès: it has no share in the charges of",
        ):
            Line.create(dict(line, occupancy_id=stranger.id))
        with self.assertRaisesRegex(
            ValidationError, "bears the charges of .* from 2025-01-01 to 2025-06-30 at most: the days it covered"
        ):
            Line.create(dict(line, occupancy_id=agreement.id, date_to="2025-07-31"))
        self.assertFalse(settlement.line_ids)

    # ------------------------------------------------------------------ links changed after the fact
    def test_room_with_agreements_stays_in_its_unit(self):
        agreement = self._new_occupancy(partner=self.occupant)
        room = self.room_1.with_user(self.user_backoffice)
        with self.assertRaisesRegex(
            ValidationError,
            rf"The room Chambre 1 has occupancy agreements in \[.*\] Appartement Tanger \({agreement.name}\): it "
            r"cannot move to \[.*\] Maison Jaurès\. Archive it and create the room in the other unit instead\.",
        ):
            room.unit_id = self.other_unit
        self.assertEqual((room.unit_id, agreement.room_id.unit_id), (self.unit, self.unit))
        # a room never let moves freely
        self.room_2.with_user(self.user_backoffice).unit_id = self.other_unit
        self.assertEqual(self.room_2.unit_id, self.other_unit)

    def test_head_lease_with_agreements_stays_with_its_unit(self):
        agreement = self._new_occupancy(partner=self.occupant)
        self.assertEqual(agreement.lease_id, self.lease)
        self.other_lease.action_end()
        lease = self.lease.with_user(self.user_backoffice)
        with self.assertRaisesRegex(
            ValidationError,
            rf"The head lease {self.lease.name} has occupancy agreements in \[.*\] Appartement Tanger "
            rf"\({agreement.name}\): it cannot become the lease of \[.*\] Maison Jaurès\. End it and sign a new lease "
            r"for the other unit instead\.",
        ):
            lease.unit_id = self.other_unit
        self.assertEqual(lease.unit_id, self.unit)

    def test_a_started_head_lease_stays_with_its_unit(self):
        """Without agreements too: a running lease's rent is billed for its own unit (dues, landlord's bills)."""
        self.other_lease.action_end()
        lease = self.lease.with_user(self.user_backoffice)
        self.assertFalse(lease.occupancy_ids)
        with self.assertRaisesRegex(
            ValidationError,
            rf"The head lease {self.lease.name} has started: it stays the lease of the unit it was signed for\. End "
            r"it and sign a new lease for the other unit instead\.",
        ):
            lease.unit_id = self.other_unit
        self.assertEqual(lease.unit_id, self.unit)

    def test_programme_funders_and_company(self):
        person = self.env["res.partner"].create({"name": "Mécène Dupont"})
        with self.assertRaisesRegex(
            ValidationError,
            "Mécène Dupont: the funders of Domiciles partagés test are organisations",
        ):
            self.programme.funder_ids = [Command.link(person.id)]
        with self.assertRaisesRegex(
            ValidationError,
            r"The units \[.*\] Appartement Tanger.* of Domiciles partagés test belong to Association Toit Partagé: a "
            "programme and its units belong to one association.",
        ):
            self.programme.company_id = self.other_company
        self.assertEqual((self.programme.company_id, self.programme.funder_ids), (self.company, self.funder))

    def test_rent_revision_index_values_are_positive(self):
        irl = self.env["housing.irl"]
        new, old = irl._get(2025, 2), irl._get(2024, 2)
        values = {
            "lease_id": self.lease.id,
            "anniversary_date": date(2026, 1, 1),
            "date": date(2026, 1, 1),
            "old_rent": 1200.0,
            "new_rent": 1212.0,
            "irl_new_id": new.id,
            "irl_old_id": old.id,
            "irl_new_value": new.value,
        }
        Revision = self.env["housing.rent.revision"]
        with self.assertRaisesRegex(
            ValidationError,
            r"The IRL values of a revision of .* must be positive \(146.68 and 0.0 entered\): copy them from the INSEE",
        ):
            Revision.create(dict(values, irl_old_value=0.0))
        with self.assertRaisesRegex(ValidationError, r"must be positive \(-146.68 and 145.17 entered\)"):
            Revision.create(dict(values, irl_new_value=-new.value, irl_old_value=old.value))
        self.assertFalse(self.lease.revision_ids)
