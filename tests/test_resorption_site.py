from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import TransactionCase, tagged

from .common_resorption import ResorptionSetup


@tagged("post_install", "-at_install")
@freeze_time("2025-06-15")
class TestResorptionSite(ResorptionSetup, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # 7 persons: two adults, five children of 1, 3, 8 (primary school), 13 (collège) and 17 (not schooled)
        cls.lupu = cls._new_census(
            ("Ion Lupu", date(1984, 1, 11), "male"),
            [
                ("Maria Lupu", date(1987, 4, 2), "female", "spouse", {"work": "contract"}),
                ("Ana Lupu", date(2024, 1, 5), "female", "child"),
                ("Dan Lupu", date(2021, 6, 1), "male", "child"),
                ("Eva Lupu", date(2016, 9, 1), "female", "child", {"schooling": "primary"}),
                ("Ilie Lupu", date(2011, 10, 10), "male", "child", {"schooling": "secondary"}),
                ("Sara Lupu", date(2007, 12, 1), "female", "child", {"schooling": "not_schooled"}),
            ],
        )
        # 2 persons: a mother and her baby
        cls.rusu = cls._new_census(
            ("Elena Rusu", date(1994, 2, 2), "female"),
            [("Tudor Rusu", date(2025, 1, 10), "male", "child")],
            need_ids=[Command.create({"domain_id": cls.domain_employment.id, "name": "Trouver un emploi"})],
        )

    def test_site_gets_its_phases_in_order_and_a_map_link(self):
        site = self.site
        self.assertEqual(
            site.phase_line_ids.phase_id.mapped("code"), ["diagnostic", "census", "accompaniment", "move", "followup"]
        )
        self.assertEqual(site.phase_id.code, "diagnostic")
        site.phase_line_ids[0].date_done = date(2024, 7, 1)
        site.phase_line_ids[1].date_planned = date(2025, 3, 3)
        self.assertEqual(site.phase_id.code, "census", "the first phase not done is the current one")
        self.assertEqual(site.phase_line_ids[1].state, "late", "planned for a day gone, not done")
        self.assertIn("search?query=Chemin+des+%C3%89troits%2C+31400%2C+Toulouse", site.map_url)
        site.write({"latitude": 43.6319, "longitude": 1.4832})
        self.assertEqual(site.map_url, "https://www.openstreetmap.org/?mlat=43.6319&mlon=1.4832#map=17/43.6319/1.4832")
        with self.assertRaisesRegex(ValidationError, "The GPS position of Campement des Étroits is impossible"):
            site.latitude = 143.6
        with self.assertRaisesRegex(ValidationError, "cannot be done on 2025-07-01, a day still to come"):
            site.phase_line_ids[2].date_done = date(2025, 7, 1)

    def test_each_domain_takes_the_worst_of_its_answers(self):
        site = self.site
        water = site.condition_ids.filtered(lambda line: line.domain == "water").sorted("sequence")
        self.assertEqual(len(water), 4)
        self.assertEqual(site.water_status, "unknown")
        water.write({"answer": "yes"})
        water[3].answer = "no"  # no stagnant water: the good answer
        self.assertEqual(site.water_status, "good")
        water[1].answer = "no"  # the water access is not continuous: to improve
        self.assertEqual(site.water_status, "to_improve")
        water[0].answer = "no"  # no drinking water at all: bad
        self.assertEqual(site.water_status, "bad")
        sanitation = site.condition_ids.filtered(lambda line: line.domain == "sanitation")
        sanitation.filtered(lambda line: line.question_id.good_answer == "yes").answer = "yes"
        self.assertEqual(site.sanitation_status, "unknown", "one question is not answered yet")
        sanitation.filtered(lambda line: line.question_id.good_answer == "no").answer = "no"
        self.assertEqual(site.sanitation_status, "good")
        self.assertEqual((site.electricity_status, site.fire_status), ("unknown", "unknown"))

    def test_population_is_counted_from_the_census(self):
        site = self.site
        self.assertEqual((site.household_count, site.person_count, site.women_count, site.minor_count), (2, 9, 2, 6))
        self.assertEqual(
            (site.minors_0_2, site.minors_3_5, site.minors_6_11, site.minors_12_15, site.minors_16_17), (2, 1, 1, 1, 1)
        )
        self.assertEqual(site.children_schooled, 2, "Eva at primary school, Ilie at collège; Sara is not schooled")
        self.assertEqual(site.persons_in_work, 1, "Maria's work contract")
        self.rusu.with_user(self.user_social).action_open_followup()
        self.rusu.followup_id.goal_ids.state = "done"
        site.invalidate_recordset()
        self.assertEqual(site.persons_in_work, 2, "Elena's employment goal is reached")
        self.assertEqual(site.households_accompanied, 1)

    def test_minors_are_counted_by_their_age_on_the_day_of_the_figures(self):
        """Dan was 3 at the interview (3 March) and is 4 now; Ana, 1, is 1: a child of 2 at the interview counts 3 to 5
        once 3."""
        site = self._new_site("Terrain de la Rocade")
        self._new_census(
            ("Vasile Rus", date(1990, 5, 5), "male"),
            [("Mara Rus", date(2022, 4, 1), "female", "child"), ("Ilie Rus", date(2007, 5, 1), "male", "child")],
            site=site,
        )
        census_bands = sorted(site.census_ids.member_ids.mapped("age_band"))
        self.assertEqual(census_bands, ["0_2", "16_17", "adult"], "on the day of the interview")
        self.assertEqual(
            (site.minors_0_2, site.minors_3_5, site.minors_16_17, site.minor_count, site.person_count),
            (0, 1, 0, 1, 3),
            "on 15 June Mara is 3 and Ilie 18",
        )
        at_march = site.with_context(housing_population_date=date(2025, 3, 31))
        self.assertEqual((at_march.minors_0_2, at_march.minors_16_17, at_march.minor_count), (1, 1, 2))

    def test_closing_as_resorbed_needs_two_thirds_with_a_lasting_solution(self):
        self.lupu.outcome = "temporary_shelter"
        self.rusu.outcome = "housing"
        site = self.site
        self.assertEqual((site.persons_lasting, site.lasting_rule_met), (2, False))
        self.assertEqual(site.lasting_rule_label, "2/3 of the censused persons with a lasting solution")
        wizard = (
            self.env["housing.camp.site.close"]
            .with_user(self.user_social)
            .create({"site_id": site.id, "date_closed": date(2025, 6, 10), "reason": "resorbed"})
        )
        with self.assertRaisesRegex(
            UserError,
            r"Campement des Étroits cannot be closed as resorbed: 2 of its 9 censused persons have a lasting "
            r"solution; the rule of 2/3 of the censused persons with a lasting solution asks for 6\. Choose another "
            r"closing reason, or ask a manager",
        ):
            wizard.action_confirm()
        as_manager = site.with_user(self.user_manager)
        with self.assertRaisesRegex(UserError, "give the reason of your decision; it is kept on the site"):
            as_manager._close(date(2025, 6, 10), "resorbed", override_reason="  ")
        self.assertEqual(site.state, "open", "nothing half-written")
        as_manager._close(
            date(2025, 6, 10), "resorbed", override_reason="Les autres familles sont reparties en Roumanie."
        )
        self.assertEqual((site.state, site.closing_reason, site.date_closed), ("closed", "resorbed", date(2025, 6, 10)))
        self.assertEqual(site.resorbed_override_reason, "Les autres familles sont reparties en Roumanie.")
        self.assertEqual(site.resorbed_override_user_id, self.user_manager)
        self.assertIn("Les autres familles sont reparties en Roumanie.", site.message_ids[0].body)

    def test_the_rule_holds_whoever_closes_the_site(self):
        """Imports and RPC write the site without the wizard: the model keeps the rule, the manager's reason and
        reopens only for managers, keeping the history."""
        self.lupu.outcome = "temporary_shelter"
        self.rusu.outcome = "housing"  # 2 of 9 persons with a lasting solution
        site = self.site
        closing = {"state": "closed", "closing_reason": "resorbed", "date_closed": date(2025, 6, 10)}
        for user in (self.user_backoffice, self.user_manager):
            with (
                self.subTest(user=user.login),
                self.assertRaisesRegex(
                    ValidationError,
                    r"Campement des Étroits cannot be closed as resorbed: 2 of its 9 censused persons have a lasting "
                    r"solution; the rule of 2/3 of the censused persons with a lasting solution asks for 6\. Choose "
                    r"another closing reason; below the rule, only a manager closes a site as resorbed, giving the "
                    r"reason of the decision \(button Close the site\)\.",
                ),
            ):
                site.with_user(user).write(closing)
        with self.assertRaisesRegex(
            AccessError,
            "Only a manager may close a site as resorbed below the resorption rule, giving the reason of the decision.",
        ):
            site.with_user(self.user_backoffice).write(dict(closing, resorbed_override_reason="Parce que."))
        with self.assertRaisesRegex(
            ValidationError, "Campement des Étroits cannot be closed without its closing date and cause"
        ):
            site.with_user(self.user_backoffice).write({"state": "closed"})
        self.assertEqual(site.state, "open", "nothing half-written")
        # a manager decides it, with a reason: kept, with who decided, whoever the import names
        site.with_user(self.user_manager).write(
            dict(closing, resorbed_override_reason="Les autres familles sont reparties en Roumanie.")
        )
        self.assertEqual(
            (site.state, site.resorbed_override_user_id, site.resorbed_override_reason),
            ("closed", self.user_manager, "Les autres familles sont reparties en Roumanie."),
        )
        self.assertIn("Les autres familles sont reparties en Roumanie.", site.message_ids[0].body)
        # reopening is a manager's decision; the closing and its reason stay in the chatter
        for action in (lambda s: s.action_reopen(), lambda s: s.write({"state": "open"})):
            with self.assertRaisesRegex(AccessError, "Only a manager may reopen a closed site."):
                action(site.with_user(self.user_social))
        self.assertEqual(site.state, "closed")
        site.with_user(self.user_manager).action_reopen()
        self.assertEqual(
            (site.state, site.closing_reason, site.date_closed, site.resorbed_override_reason),
            ("open", False, False, False),
        )
        self.assertIn(
            "Reopened by Housing manager. It had been closed on 2025-06-10 (Resorbed). Closed as resorbed below the "
            "rule by Housing manager: Les autres familles sont reparties en Roumanie.",
            site.message_ids[0].body,
        )
        # closed again for another cause, by the back office: no reason needed
        site.with_user(self.user_backoffice).write(dict(closing, closing_reason="court"))
        self.assertEqual((site.state, site.closing_reason), ("closed", "court"))

    def test_status_values_read_well_in_french(self):
        """One English word has one French translation: a site "Ouvert" (not the filters' "Ouverts"), a move
        "Effectué" and "Annulé" (masculine), a phase "Prévue" (feminine)."""
        self.env["res.lang"]._activate_lang("fr_FR")
        env = self.env(context=dict(self.env.context, lang="fr_FR"))

        def label(model, fname, value):
            return dict(env[model]._fields[fname]._description_selection(env))[value]

        self.assertEqual(
            [
                label("housing.camp.site", "state", "open"),
                label("housing.camp.site", "state", "closed"),
                label("housing.move", "state", "planned"),
                label("housing.move", "state", "done"),
                label("housing.move", "state", "cancelled"),
                label("housing.camp.site.phase", "state", "planned"),
                label("housing.camp.site.phase", "state", "done"),
                label("housing.shelter.stay", "state", "planned"),
                label("housing.shelter.stay", "state", "ended"),
                label("housing.camp.site", "land_type", "unknown"),
                label("housing.camp.site", "water_status", "unknown"),
                label("housing.camp.site", "police_status", "granted"),
            ],
            [
                "Ouvert",
                "Clôturé",
                "Prévu",
                "Effectué",
                "Annulé",
                "Prévue",
                "Terminée",
                "Prévu",
                "Terminé",
                "Inconnu",
                "Inconnu",
                "Obtenu",
            ],
        )

    def test_the_rule_is_a_programme_setting(self):
        self.lupu.outcome = "long_term"  # 7 of 9
        self.assertTrue(self.site.lasting_rule_met)
        self.camp_programme.write({"resorption_lasting_numerator": 4, "resorption_lasting_denominator": 5})
        self.site.invalidate_recordset()
        self.assertFalse(self.site.lasting_rule_met, "7/9 is below 4/5")
        self.site.with_user(self.user_social)._close(date(2025, 6, 10), "court", note="Expulsion ordonnée.")
        self.assertEqual((self.site.state, self.site.closing_reason), ("closed", "court"), "other reasons are free")
        with self.assertRaisesRegex(
            ValidationError, r"must be a fraction between 0 and 1, such as 2/3 \(3/2 entered\)"
        ):
            self.camp_programme.write({"resorption_lasting_numerator": 3, "resorption_lasting_denominator": 2})
        with self.assertRaisesRegex(ValidationError, "cannot last a negative number of months"):
            self.camp_programme.resorption_accompaniment_months = -1

    def test_a_site_with_a_census_is_archived_not_deleted(self):
        with self.assertRaisesRegex(UserError, "Campement des Étroits has a social census: archive the site instead"):
            self.site.with_user(self.user_manager).unlink()
