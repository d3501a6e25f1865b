"""Who reads the reason of an absence, the social fields of a contact and a file's content, as each role, in
one transaction (what one user read is never handed to the next); what a personal-data export shows."""

from datetime import date, datetime

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, tagged

from .common_followup import SOCIAL_WORKER, FollowupSetup


@tagged("post_install", "-at_install")
class TestHardeningConfidentiality(FollowupSetup, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_social_third = cls._new_user("cesf_third", SOCIAL_WORKER)
        # Ion Popescu's household is followed by the test social worker, in the shared homes programme
        cls.followup = cls._new_followup(
            cls.head,
            state="active",
            meeting_ids=[Command.create({"date": datetime(2025, 2, 3, 10), "duration": 1.5, "summary": "Visite."})],
        )
        cls._set_social(cls.head, caf_number="1234567", health_cover="ame")
        cls.absence = cls.env["housing.absence"].create(
            {
                "partner_id": cls.spouse.id,
                "company_id": cls.company.id,
                "date_start": date(2025, 2, 1),
                "date_end": date(2025, 2, 20),
                "reason": "hospital",
                "note": "Opération du genou.",
            }
        )

    def _read_absence(self, user):
        absence = self.absence.with_user(user)
        return absence.reason, absence.note, absence.details_readable

    def test_absence_reason_follows_the_support_file(self):
        # the back office records and reads the dates, never the reason
        absence = self.absence.with_user(self.user_backoffice)
        self.assertEqual((absence.days, absence.partner_id, absence.household_id), (20, self.spouse, self.head))
        with self.assertRaises(AccessError):
            absence.read(["reason"])
        with self.assertRaises(AccessError):
            absence.read(["note"])
        # read one after the other in one transaction: each user gets their own answer
        hidden = (False, False, False)
        for user, expected in (
            (self.user_social, ("hospital", "Opération du genou.", True)),
            (self.user_social_other, hidden),
            (self.user_manager, ("hospital", "Opération du genou.", True)),
            (self.user_social_third, hidden),
            (self.user_social, ("hospital", "Opération du genou.", True)),
        ):
            with self.subTest(user=user.login):
                self.assertEqual(self._read_absence(user), expected)
        self.assertFalse(
            self.env["housing.absence.detail"].with_user(self.user_social_third).search([]),
            "the reasons cannot be searched either",
        )
        with self.assertRaisesRegex(
            AccessError,
            "Why Maria Popescu is away is confidential: only the social worker of their household's support file "
            "and managers may read or change it.",
        ):
            self.absence.with_user(self.user_social_third).write({"note": "Vu à la gare."})
        # the programme lets its social workers read all its files: the reason with them
        self.programme.write(
            {"followup_visibility": "programme", "social_worker_ids": [Command.set(self.user_social_other.ids)]}
        )
        self.assertEqual(self._read_absence(self.user_social_other), ("hospital", "Opération du genou.", True))
        self.assertEqual(self._read_absence(self.user_social_third), hidden)
        # the file's social worker changes it; a new absence of the household is hers to explain too
        self.absence.with_user(self.user_social).write({"reason": "family", "note": "Obsèques."})
        self.assertEqual(self._read_absence(self.user_manager), ("family", "Obsèques.", True))
        with self.assertRaisesRegex(AccessError, "Why Ion Popescu is away is confidential"):
            self.env["housing.absence"].with_user(self.user_social_third).create(
                {"partner_id": self.head.id, "date_start": date(2025, 5, 1), "reason": "travel"}
            )
        later = (
            self.env["housing.absence"]
            .with_user(self.user_backoffice)
            .create({"partner_id": self.head.id, "date_start": date(2025, 5, 1)})
        )
        later.with_user(self.user_social).reason = "travel"
        self.assertEqual(later.with_user(self.user_manager).reason, "travel")
        self.assertFalse(later.with_user(self.user_social_third).reason)
        # the chatter of an absence (read by the back office) does not track the reason
        self.assertNotIn("reason", self.env["housing.absence"]._track_get_fields())

    def test_social_fields_depend_on_who_reads(self):
        """A manager reads the social situation, then a social worker who may not: she gets nothing."""
        head = self.head
        for user, caf_number, readable in (
            (self.user_manager, "1234567", True),
            (self.user_social_third, False, False),
            (self.user_social, "1234567", True),
            (self.user_social_other, False, False),
        ):
            with self.subTest(user=user.login):
                self.assertEqual(head.with_user(user).housing_caf_number, caf_number)
                self.assertEqual(head.with_user(user).housing_health_cover, caf_number and "ame")
                self.assertEqual(head.with_user(user).housing_social_readable, readable)

    def test_file_content_flags_depend_on_who_reads(self):
        followup = self.followup
        for user, readable, meetings in (
            (self.user_manager, True, 1),
            (self.user_social_third, False, 0),
            (self.user_social, True, 1),
            (self.user_backoffice, False, None),
        ):
            with self.subTest(user=user.login):
                self.assertEqual(followup.with_user(user).can_read_content, readable)
                if meetings is not None:
                    self.assertEqual(followup.with_user(user).meeting_count, meetings)
                    self.assertEqual(followup.with_user(user).meeting_hours, 1.5 * meetings)
        # who reads follows the programme's setting at once
        self.programme.write(
            {"followup_visibility": "programme", "social_worker_ids": [Command.set(self.user_social_third.ids)]}
        )
        self.assertTrue(followup.with_user(self.user_social_third).can_read_content)
        self.assertEqual(followup.with_user(self.user_social_third).meeting_count, 1)


@tagged("post_install", "-at_install")
class TestHardeningPersonalData(FollowupSetup, TransactionCase):
    """The personal-data export reads as its user: the agreements of her association only, and a person only
    another association holds is refused."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other_programme = cls.env["housing.programme"].create(
            {"name": "Voisins", "code": "VOI", "scheme_type": "shared_home", "company_id": cls.other_company.id}
        )
        cls.other_unit = cls._new_unit("Studio voisin", programme=cls.other_programme, landlord_id=False)
        cls.nomad = cls.env["res.partner"].create({"name": "Samir Haddad"})
        cls.stranger = cls.env["res.partner"].create({"name": "Lina Haddad"})
        cls.here = cls._new_occupancy(partner=cls.nomad, start="2024-01-01", activate=False)
        cls.there = cls._new_occupancy(
            room=cls.other_unit.room_ids, partner=cls.nomad, start="2025-01-01", activate=False
        )
        cls._new_occupancy(room=cls.other_unit.room_ids, partner=cls.stranger, start="2023-01-01", activate=False)

    def _agreements(self, data):
        return [row["Reference"] for row in data["Occupancy agreements"]]

    def test_export_shows_the_agreements_of_the_user_s_association(self):
        data = self.nomad.with_user(self.user_social)._housing_personal_data()
        self.assertEqual(self._agreements(data), [self.here.name])
        self.assertEqual(data["Occupancy agreements"][0]["Unit"], self.unit.display_name)
        other = self.nomad.with_user(self.user_other_company).with_company(self.other_company)
        self.assertEqual(self._agreements(other._housing_personal_data()), [self.there.name])

    def test_export_of_another_association_s_person_is_refused(self):
        with self.assertRaisesRegex(
            AccessError,
            r"Lina Haddad is followed by another association \(Association Voisine\): you cannot export their "
            r"personal data\. Ask that association\.",
        ):
            self.stranger.with_user(self.user_social)._housing_personal_data()
        # the association that holds her exports it
        data = (
            self.stranger.with_user(self.user_other_company).with_company(self.other_company)._housing_personal_data()
        )
        self.assertEqual(data["person"]["Name"], "Lina Haddad")
        self.assertEqual(len(data["Occupancy agreements"]), 1)
        # from the contact's button too
        with self.assertRaisesRegex(AccessError, "Lina Haddad is followed by another association"):
            self.stranger.with_user(self.user_social).action_housing_export_personal_data()

    def test_export_of_a_person_another_association_shelters_is_refused(self):
        """A person another association knows through a hotel stay, a referral or a census only is theirs too."""
        hotel_programme = self.env["housing.programme"].create(
            {"name": "Hôtel voisin", "code": "HOV", "scheme_type": "hotel_shelter", "company_id": self.other_company.id}
        )
        hotel = self.env["res.partner"].create({"name": "Hôtel du Port", "is_company": True})
        sheltered = self.env["res.partner"].create({"name": "Ion Rusu"})
        self.env["housing.shelter.stay"].create(
            {
                "partner_id": sheltered.id,
                "hotel_id": hotel.id,
                "programme_id": hotel_programme.id,
                "company_id": self.other_company.id,
                "date_checkin": "2025-02-01",
                "price_night": 45.0,
            }
        )
        referred = self.env["res.partner"].create({"name": "Ana Rusu"})
        self.env["housing.application"]._flow().create(
            {"partner_id": referred.id, "company_id": self.other_company.id, "state": "waiting"}
        )
        for person in (sheltered, referred):
            with self.assertRaisesRegex(
                AccessError,
                rf"{person.name} is followed by another association \(Association Voisine\): you cannot export",
            ):
                person.with_user(self.user_social)._housing_personal_data()
