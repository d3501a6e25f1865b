from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import UserError, ValidationError
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
