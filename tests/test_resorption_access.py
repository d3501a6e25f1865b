from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError
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
        head = self.env["res.partner"].create({"name": "Vasile Rus"})
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
                # the move says the hand-over is complete or not, without its content
                self.assertFalse(self.move.with_user(user).handover_complete)
        with self.assertRaises(AccessError):
            self.medical.with_user(self.user_social_other).read(["name"])
        for user in (self.user_social, self.user_manager):
            with self.subTest(user=user.login):
                self.assertEqual(self.medical.with_user(user).name, "Dr Martin")
                self.assertEqual(len(self.move.with_user(user).handover_line_ids), 1)

    def test_another_company_sees_nothing(self):
        other = self.user_other_company
        for model in (
            "housing.camp.site",
            "housing.camp.site.condition",
            "housing.camp.site.phase",
            "housing.camp.census",
            "housing.camp.census.member",
            "housing.camp.census.need",
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
