from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import TransactionCase, tagged

from .common_resorption import ResorptionSetup

SOCIAL_WORKER = "solidarity_housing.group_housing_social_worker"


@tagged("post_install", "-at_install")
@freeze_time("2025-06-15")
class TestResorptionAccess(ResorptionSetup, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_social_other = cls._new_user("cesf_other", SOCIAL_WORKER)
        cls.site.write({"owner_complaint": True, "court_decision": True, "court_decision_date": "2025-02-01"})
        cls.census = cls._family("Lupu", health_needs="Diabète.")
        cls.census.with_user(cls.user_social).action_open_followup()
        cls.census.followup_id.medical_ids = [Command.create({"kind": "doctor", "name": "Dr Martin"})]
        cls.medical = cls.census.followup_id.medical_ids
        cls.move = cls._new_move(cls.census, next_case_manager_id=cls.next_manager.id)
        cls.move.sudo().action_prepare_handover()
        cls.stay = cls._new_stay(cls.census.partner_id, date(2025, 3, 1), date(2025, 3, 10))

    def test_the_legal_procedure_is_for_managers_and_social_workers(self):
        for user in (self.user_backoffice, self.user_accountant):
            with self.subTest(user=user.login):
                site = self.site.with_user(user)
                self.assertEqual(site.read(["name", "person_count"])[0]["person_count"], 4)
                for fname in ("owner_complaint", "court_decision_date", "police_status", "procedure_note"):
                    with self.assertRaises(AccessError):
                        site.read([fname])
        for user in (self.user_social, self.user_manager):
            with self.subTest(user=user.login):
                site = self.site.with_user(user)
                self.assertEqual((site.owner_complaint, site.court_decision_date), (True, date(2025, 2, 1)))

    def test_the_back_office_plans_sites_moves_and_stays_social_workers_run_the_census(self):
        site = (
            self.env["housing.camp.site"]
            .with_user(self.user_backoffice)
            .create(
                {"name": "Terrain de la Rocade", "programme_id": self.camp_programme.id, "company_id": self.company.id}
            )
        )
        self.assertEqual(len(site.condition_ids), 15, "every living-conditions question to answer")
        head = self.env["res.partner"].create({"name": "Vasile Rus", "housing_birthdate": "1980-05-05"})
        census_values = {
            "site_id": site.id,
            "partner_id": head.id,
            "consent_date": "2025-06-15",
            "consent_given_to_id": self.user_social.id,
        }
        with self.assertRaises(AccessError):
            self.env["housing.camp.census"].with_user(self.user_backoffice).create(census_values)
        census = self.env["housing.camp.census"].with_user(self.user_social).create(census_values)
        move = self._new_move(census, user=self.user_backoffice, planned="2025-07-01 09:00:00")
        self.assertEqual(move.create_uid, self.user_backoffice)
        stay = (
            self.env["housing.shelter.stay"]
            .with_user(self.user_backoffice)
            .create(
                {
                    "partner_id": head.id,
                    "census_id": census.id,
                    "hotel_id": self.hotel.id,
                    "company_id": self.company.id,
                    "date_checkin": "2025-07-01",
                    "price_night": 40.0,
                }
            )
        )
        self.assertEqual((stay.programme_id, stay.person_count), (self.camp_programme, 1))
        with self.assertRaises(AccessError):
            stay.with_user(self.user_backoffice).unlink()

    def test_the_medical_follow_up_is_read_by_the_file_s_social_worker_and_managers(self):
        for user in (self.user_backoffice, self.user_accountant):
            with self.subTest(user=user.login):
                with self.assertRaises(AccessError):
                    self.medical.with_user(user).read(["name"])
                with self.assertRaises(AccessError):
                    self.census.followup_id.with_user(user).read(["medical_ids"])
                with self.assertRaises(AccessError):
                    self.env["housing.move.handover"].with_user(user).search([])
                # the move says whether the hand-over is complete, never how many medical items the household has
                self.assertFalse(self.move.with_user(user).handover_complete)
                with self.assertRaises(AccessError):
                    self.move.with_user(user).read(["handover_missing_count"])
        with self.assertRaises(AccessError):
            self.medical.with_user(self.user_social_other).read(["name"])
        for user in (self.user_social, self.user_manager):
            with self.subTest(user=user.login):
                self.assertEqual(self.medical.with_user(user).name, "Dr Martin")
                self.assertEqual(len(self.move.with_user(user).handover_line_ids), 1)

    def test_the_hand_over_is_read_like_the_medical_follow_up(self):
        """Two social workers, the back office and a manager read the hand-over of one household's move."""
        doctor = self.env["res.partner"].create({"name": "Dr Claire Martin"})
        self.medical.write({"contact_id": doctor.id, "next_appointment": "2025-06-20"})
        line = self.move.sudo().handover_line_ids
        followup = self.census.followup_id
        # the household's social worker and managers read the item, its contact and its appointment
        for user in (self.user_social, self.user_manager):
            with self.subTest(user=user.login):
                as_user = line.with_user(user)
                self.assertEqual(
                    (as_user.name, as_user.contact_id, as_user.next_appointment),
                    ("Attending doctor: Dr Martin", doctor, date(2025, 6, 20)),
                )
                self.assertEqual(followup.with_user(user).medical_open_count, 1)
                self.assertEqual(self.move.with_user(user).handover_missing_count, 1)
        # another social worker reads neither the item nor, through it, the household's doctor
        other = self.user_social_other
        self.env.invalidate_all()
        self.assertFalse(self.move.with_user(other).handover_line_ids)
        self.assertFalse(self.env["housing.move.handover"].with_user(other).search([]))
        for fname in ("name", "contact_id", "next_appointment"):
            with self.subTest(fname=fname), self.assertRaises(AccessError):
                line.with_user(other).read([fname])
        self.assertEqual(followup.with_user(other).medical_open_count, 0, "not the file's social worker's figure")
        self.assertEqual(self.move.with_user(other).handover_missing_count, 0, "nor how many the household has")
        self.assertFalse(self.move.with_user(other).handover_complete)
        # the back office: only whether the hand-over is complete
        as_back_office = self.move.with_user(self.user_backoffice)
        self.assertFalse(as_back_office.handover_complete)
        with self.assertRaises(AccessError):
            as_back_office.read(["handover_missing_count"])
        line.write({"handed": True})
        self.move.invalidate_recordset()
        self.assertTrue(as_back_office.handover_complete)

    def test_a_hand_over_item_comes_from_the_household_s_file(self):
        other = self._family("Rusu", children=0)
        other.with_user(self.user_social).action_open_followup()
        other.followup_id.medical_ids = [Command.create({"kind": "pmi", "name": "PMI de Bagatelle"})]
        with self.assertRaisesRegex(
            ValidationError,
            "A hand-over item of the move of Ion Lupu comes from the household's own support file: prepare the "
            "hand-over to list them.",
        ):
            self.move.with_user(self.user_social).handover_line_ids = [
                Command.create({"medical_id": other.followup_id.medical_ids.id})
            ]
        organisation = self.env["res.partner"].create({"name": "CCAS Test", "is_company": True})
        with self.assertRaisesRegex(
            ValidationError, "CCAS Test is an organisation: name the person the follow-up was handed to."
        ):
            self.move.with_user(self.user_social).handover_line_ids.handed_to_id = organisation
        with self.assertRaisesRegex(
            ValidationError,
            r"CCAS Test is an organisation: name the person who takes over the follow-up of Ion Lupu \(a contact of "
            r"that organisation\)\.",
        ):
            self.move.with_user(self.user_social).next_case_manager_id = organisation
        elsewhere = self.env["res.partner"].create({"name": "Référent ailleurs", "company_id": self.other_company.id})
        with self.assertRaisesRegex(UserError, r"“Next case manager” .* belongs to another company"):
            self.move.with_user(self.user_social).next_case_manager_id = elsewhere

    def test_the_medical_follow_up_concerns_a_member_of_the_household(self):
        stranger = self._family("Rusu", children=0).partner_id
        with self.assertRaisesRegex(
            ValidationError,
            r"Ion Rusu is not a member of the household of Ion Lupu: choose the person concerned among its members "
            r"\(or leave it empty for the whole household\)\.",
        ):
            self.medical.with_user(self.user_social).person_id = stranger
        spouse = self.census.member_ids.partner_id.filtered(lambda person: person.name == "Maria Lupu")
        self.medical.with_user(self.user_social).person_id = spouse
        self.assertEqual(self.medical.person_id, spouse)

    def test_another_company_sees_nothing(self):
        other = self.user_other_company
        for model in (
            "housing.camp.site",
            "housing.camp.site.condition",
            "housing.camp.site.phase",
            "housing.camp.census",
            "housing.camp.census.member",
            "housing.camp.census.need",
            "housing.camp.census.detail",
            "housing.followup.medical",
            "housing.move",
            "housing.move.handover",
            "housing.shelter.stay",
            "housing.shelter.night.report",
        ):
            with self.subTest(model=model):
                self.assertFalse(self.env[model].with_user(other).search([]))
        with self.assertRaises(AccessError):
            self.site.with_user(other).read(["name"])
        with self.assertRaises(AccessError):
            self.stay.with_user(other).read(["name"])
        indicators = (
            self.env["housing.indicator"]
            .with_user(other)
            ._get_indicators(self.camp_programme, date(2025, 1, 1), date(2025, 12, 31))
        )
        self.assertEqual(list(indicators), ["total"], "another association's programme is not counted")
