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
        for missing in ("consent_date", "consent_given_to_id", "both keys left out"):
            with self.subTest(missing=missing):
                values = {
                    "site_id": self.site.id,
                    "partner_id": self.env["res.partner"]
                    .create({"name": "Vasile Rus", "housing_birthdate": "1980-05-05"})
                    .id,
                    "consent_date": "2025-04-01",
                    "consent_given_to_id": self.user_social.id,
                }
                if missing in values:
                    values[missing] = False
                else:
                    # an import that leaves the consent out entirely
                    del values["consent_date"], values["consent_given_to_id"]
                with self.assertRaisesRegex(
                    ValidationError,
                    "The census of Vasile Rus needs the household's consent: enter the day it was given and to "
                    "whom. Without consent, record nothing.",
                ):
                    self.env["housing.camp.census"].with_user(self.user_social).create(values)

    def test_every_member_has_a_birth_date(self):
        head = self.env["res.partner"].create({"name": "Vasile Rus"})
        values = {
            "site_id": self.site.id,
            "partner_id": head.id,
            "consent_date": "2025-04-01",
            "consent_given_to_id": self.user_social.id,
        }
        with self.assertRaisesRegex(
            ValidationError,
            "Enter the birth date of Vasile Rus: the State's platform counts persons by age. When only the year is "
            "known, enter the 1st of January of that year.",
        ):
            self.env["housing.camp.census"].with_user(self.user_social).create(values)
        with self.assertRaisesRegex(ValidationError, "Enter the birth date of Radu Lupu"):
            self.census.with_user(self.user_social).member_ids = [Command.create({"name": "Radu Lupu"})]
        member = self.census.member_ids.filtered(lambda member: member.name == "Maria Lupu")
        with self.assertRaisesRegex(ValidationError, "Enter the birth date of Maria Lupu"):
            member.with_user(self.user_social).birthdate = False

    def test_a_member_is_a_person_of_the_household(self):
        other = self._family("Rusu", children=0)
        organisation = self.env["res.partner"].create({"name": "Secours Test", "is_company": True})
        as_social = self.census.with_user(self.user_social)
        with self.assertRaisesRegex(
            ValidationError, "Secours Test is an organisation: a member of the household of Ion Lupu is a person."
        ):
            as_social.member_ids = [
                Command.create({"name": "Secours", "birthdate": date(1990, 1, 1), "partner_id": organisation.id})
            ]
        maria_rusu = other.member_ids.partner_id.filtered(lambda person: person.name == "Maria Rusu")
        with self.assertRaisesRegex(
            ValidationError,
            r"Maria Rusu belongs to another household \(Ion Rusu\): a member of the census of Ion Lupu is a person of "
            r"that household\. Leave the contact empty to create it from the interview\.",
        ):
            as_social.member_ids = [Command.create({"partner_id": maria_rusu.id, "relationship": "other"})]
        with self.assertRaisesRegex(ValidationError, r"Ion Rusu belongs to another household \(Ion Rusu\)"):
            as_social.member_ids = [Command.create({"partner_id": other.partner_id.id, "relationship": "other"})]
        # a contact of no household joins the household censused
        cousin = self.env["res.partner"].create({"name": "Dorin Lupu", "housing_birthdate": "2001-02-03"})
        as_social.member_ids = [Command.create({"partner_id": cousin.id, "relationship": "other"})]
        self.assertEqual(cousin.housing_head_id, self.census.partner_id)

    def test_the_census_s_contacts_are_the_association_s(self):
        created = self.census.member_ids.partner_id - self.census.partner_id
        self.assertEqual(len(created), 3)
        self.assertEqual(created.company_id, self.company, "another association never sees them")
        self.assertFalse(self.env["res.partner"].with_user(self.user_other_company).search([("id", "in", created.ids)]))
        elsewhere = self.env["res.partner"].create(
            {"name": "Famille d'ailleurs", "company_id": self.other_company.id, "housing_birthdate": "1970-01-01"}
        )
        for values in (
            {"partner_id": elsewhere.id},
            {"wish_family_ids": [Command.link(elsewhere.id)]},
        ):
            with self.subTest(values=list(values)), self.assertRaisesRegex(UserError, "belongs to another company"):
                self.census.with_user(self.user_social).write(values)

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
                "measure_type": "internal",
                "date_end": "2025-06-30",
            }
        )
        self.census.with_user(self.user_social).action_open_followup()
        self.assertEqual(self.census.followup_id, followup)
        self.assertEqual(
            sorted((goal.name, goal.deadline) for goal in followup.goal_ids),
            [
                ("Inscription à France Travail", date(2025, 7, 31)),
                ("Ouvrir l'AME", date(2025, 7, 31)),
                ("Trouver un médecin traitant", date(2025, 7, 31)),
            ],
            "the needs of the census are added as goals, due at the end of the 4 months of accompaniment",
        )
        self.assertEqual(
            (followup.measure_type, followup.date_end), ("internal", date(2025, 6, 30)), "the file goes on"
        )
        expected = (
            "the household was already followed in this file (measure Internal support), which goes on unchanged; "
            "the 3 need(s) of the census were added as goals, due on 2025-07-31."
        )
        self.assertIn(expected, followup.message_ids[0].body, "the file's chatter says so")
        self.assertIn(expected, "".join(self.census.message_ids.mapped("body")), "and the census's")

    def test_health_and_papers_are_read_like_the_support_file(self):
        """The interviewer, the social worker of the household's file, her programme's (when it allows it) and
        managers read a census's health, papers and needs; another social worker reads the household, not them."""
        other = self._new_user("cesf_other", "solidarity_housing.group_housing_social_worker")
        census = self.census.with_user(other)
        self.assertEqual(census.person_count, 4, "the household itself is read by every social worker")
        self.assertEqual((census.health_needs, census.papers_situation, census.details_readable), (False, False, False))
        self.assertFalse(census.need_ids)
        self.assertFalse(self.env["housing.camp.census.detail"].with_user(other).search([]))
        self.assertFalse(self.env["housing.camp.census.need"].with_user(other).search([]))
        with self.assertRaisesRegex(
            AccessError,
            "The health, papers and needs of Ion Lupu are confidential: only the social worker who held the census, "
            "the social worker of the household's support file and managers may read or change them.",
        ):
            census.health_needs = "Écrasé"
        with self.assertRaisesRegex(
            AccessError,
            "Ion Lupu was censused by Housing cesf: only that social worker, the social worker of the household's "
            "support file or a manager may hand the census to another interviewer.",
        ):
            census.user_id = other
        with self.assertRaises(AccessError):
            census.need_ids = [Command.create({"domain_id": self.domain_health.id, "name": "Ajouté"})]
        for user in (self.user_social, self.user_manager):
            with self.subTest(user=user.login):
                as_user = self.census.with_user(user)
                self.assertEqual(
                    (as_user.health_needs, as_user.papers_situation, len(as_user.need_ids), as_user.details_readable),
                    (
                        "Grossesse suivie à la PMI de Rangueil ; insuline pour le père.",
                        "Passeports roumains valides.",
                        3,
                        True,
                    ),
                )
        # the programme shares its files with its social workers: she reads them too
        self.camp_programme.write({"followup_visibility": "programme", "social_worker_ids": [Command.link(other.id)]})
        self.census.invalidate_recordset()
        self.assertEqual(census.papers_situation, "Passeports roumains valides.")
        self.assertEqual(len(census.need_ids), 3)
        # the household's support file is hers: she reads them (the programme keeps its files apart again)
        self.camp_programme.followup_visibility = "own"
        self.census.invalidate_recordset()
        self.assertFalse(census.papers_situation)
        self.census.with_user(self.user_social).action_open_followup()
        self.census.followup_id.user_id = other
        self.census.invalidate_recordset()
        self.assertEqual(census.papers_situation, "Passeports roumains valides.")

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
