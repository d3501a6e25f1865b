from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, TransactionCase, tagged

from .common_resorption import ResorptionSetup


@tagged("post_install", "-at_install")
@freeze_time("2025-04-01")
class TestResorptionCensus(ResorptionSetup, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.census = cls._family(
            "Lupu",
            health_needs="Grossesse suivie à la PMI de Rangueil ; insuline pour le père.",
            papers_situation="Passeports roumains valides.",
            work_situation="Ferraillage, pas de contrat.",
            wish_area="Toulouse nord",
            wish_housing_type="flat",
            wish_project="Un logement près de l'école des enfants.",
            need_ids=[
                Command.create({"domain_id": cls.domain_health.id, "name": "Ouvrir l'AME"}),
                Command.create({"domain_id": cls.domain_health.id, "name": "Trouver un médecin traitant"}),
                Command.create({"domain_id": cls.domain_employment.id, "name": "Inscription à France Travail"}),
            ],
        )

    def test_a_household_is_censused_once_per_site(self):
        with self.assertRaisesRegex(
            ValidationError,
            r"Ion Lupu was already censused on Campement des Étroits \(RECENS-2025-\d+, 2025-03-03\): complete that "
            r"interview instead of recording another\.",
        ):
            self.env["housing.camp.census"].with_user(self.user_social).create(
                {
                    "site_id": self.site.id,
                    "partner_id": self.census.partner_id.id,
                    "consent_date": "2025-04-01",
                    "consent_given_to_id": self.user_social.id,
                }
            )
        other_site = self._new_site("Terrain de la Rocade")
        again = (
            self.env["housing.camp.census"]
            .with_user(self.user_social)
            .create(
                {
                    "site_id": other_site.id,
                    "partner_id": self.census.partner_id.id,
                    "consent_date": "2025-04-01",
                    "consent_given_to_id": self.user_social.id,
                }
            )
        )
        self.assertEqual(again.member_ids.partner_id, self.census.partner_id, "the head is the first member")

    def test_no_census_without_consent(self):
        for missing in ("consent_date", "consent_given_to_id"):
            with self.subTest(missing=missing):
                values = {
                    "site_id": self.site.id,
                    "partner_id": self.env["res.partner"].create({"name": "Vasile Rus"}).id,
                    "consent_date": "2025-04-01",
                    "consent_given_to_id": self.user_social.id,
                    missing: False,
                }
                with self.assertRaisesRegex(
                    ValidationError,
                    "The census of Vasile Rus needs the household's consent: enter the day it was given and to "
                    "whom. Without consent, record nothing.",
                ):
                    self.env["housing.camp.census"].with_user(self.user_social).create(values)

    def test_the_interview_creates_the_household(self):
        census = self.census
        head = census.partner_id
        self.assertEqual(census.person_count, 4)
        self.assertEqual(
            sorted(head.housing_member_ids.mapped("name")), ["Enfant 1 Lupu", "Enfant 2 Lupu", "Maria Lupu"]
        )
        spouse = head.housing_member_ids.filtered(lambda person: person.name == "Maria Lupu")
        self.assertEqual((spouse.housing_birthdate, spouse.housing_relationship), (date(1987, 4, 2), "spouse"))
        child = census.member_ids.filtered(lambda member: member.name == "Enfant 2 Lupu")
        self.assertEqual((child.age, child.age_band, child.is_schooled), (9, "6_11", True), "born 1 September 2015")
        child.birthdate = date(2015, 10, 1)
        self.assertEqual(child.partner_id.housing_birthdate, date(2015, 10, 1), "the birth date is typed once")
        with self.assertRaisesRegex(ValidationError, "cannot be born on 2025-05-01, after the interview"):
            child.birthdate = date(2025, 5, 1)

    def test_the_head_is_the_first_member_of_the_interview_form(self):
        head = self.env["res.partner"].create({"name": "Petru Stoica", "housing_birthdate": "1979-08-08"})
        form = Form(self.env["housing.camp.census"].with_user(self.user_social))
        form.site_id = self.site
        form.partner_id = head
        form.consent_date = date(2025, 4, 1)
        form.consent_given_to_id = self.user_social
        census = form.save()
        self.assertEqual(
            [(member.partner_id, member.birthdate, member.relationship) for member in census.member_ids],
            [(head, date(1979, 8, 8), "head")],
        )

    def test_opening_the_accompaniment(self):
        action = self.census.with_user(self.user_social).action_open_followup()
        followup = self.census.followup_id
        self.assertEqual(action["res_id"], followup.id)
        self.assertEqual(
            (followup.partner_id, followup.measure_type, followup.programme_id, followup.user_id, followup.state),
            (self.census.partner_id, "resorption", self.camp_programme, self.user_social, "active"),
        )
        self.assertEqual((followup.date_start, followup.date_end), (date(2025, 4, 1), date(2025, 7, 31)), "4 months")
        self.assertEqual(followup.assessment_date, date(2025, 3, 3), "the day of the interview")
        health = followup.assessment_ids.filtered(lambda line: line.domain_id == self.domain_health)
        self.assertEqual(health.situation, "Grossesse suivie à la PMI de Rangueil ; insuline pour le père.")
        self.assertEqual(health.needs, "Ouvrir l'AME\nTrouver un médecin traitant")
        self.assertEqual(
            followup.assessment_ids.filtered(lambda line: line.domain_id == self.domain_residence).situation,
            "Passeports roumains valides.",
        )
        self.assertEqual(
            sorted((goal.domain_id.code, goal.name, goal.deadline) for goal in followup.goal_ids),
            [
                ("employment", "Inscription à France Travail", date(2025, 7, 31)),
                ("health", "Ouvrir l'AME", date(2025, 7, 31)),
                ("health", "Trouver un médecin traitant", date(2025, 7, 31)),
            ],
        )
        self.assertEqual(self.census.stage, "accompanied")
        with self.assertRaisesRegex(UserError, "The accompaniment of Ion Lupu is already open"):
            self.census.with_user(self.user_social).action_open_followup()

    def test_the_accompaniment_length_is_a_programme_setting(self):
        self.camp_programme.resorption_accompaniment_months = 6
        self.census.with_user(self.user_social).action_open_followup()
        self.assertEqual(self.census.followup_id.date_end, date(2025, 9, 30))

    def test_a_household_already_followed_keeps_its_file(self):
        followup = self.env["housing.followup"].create(
            {
                "partner_id": self.census.partner_id.id,
                "user_id": self.user_social.id,
                "programme_id": self.camp_programme.id,
                "company_id": self.company.id,
                "date_start": "2025-01-06",
            }
        )
        self.census.with_user(self.user_social).action_open_followup()
        self.assertEqual(self.census.followup_id, followup)
        self.assertEqual(len(followup.goal_ids), 3, "the needs of the census are added as goals")

    def test_health_and_papers_are_for_social_workers_only(self):
        for user in (self.user_backoffice, self.user_accountant):
            with self.subTest(user=user.login):
                census = self.census.with_user(user)
                self.assertEqual(census.read(["partner_id", "person_count"])[0]["person_count"], 4)
                self.assertEqual(len(census.member_ids), 4, "the back office sees who moves")
                for fname in ("health_needs", "papers_situation", "need_ids"):
                    with self.assertRaises(AccessError):
                        census.read([fname])
                with self.assertRaises(AccessError):
                    self.env["housing.camp.census.need"].with_user(user).search([])
                with self.assertRaises(AccessError):
                    census.write({"work_situation": "Changé"})
        for user in (self.user_social, self.user_manager):
            with self.subTest(user=user.login):
                census = self.census.with_user(user)
                self.assertEqual(census.health_needs, "Grossesse suivie à la PMI de Rangueil ; insuline pour le père.")
                self.assertEqual(len(census.need_ids), 3)
