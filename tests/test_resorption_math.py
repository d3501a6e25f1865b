"""Plain unit tests of the camp resorption and hotel shelter computations (no database)."""

from datetime import date

from odoo.addons.solidarity_housing.tools import resorption_math as rm
from odoo.tests.common import BaseCase


class TestLivingConditions(BaseCase):
    def test_a_domain_is_as_bad_as_its_worst_answer(self):
        self.assertEqual(rm.worst_status(["good", "to_improve", "good"]), "to_improve")
        self.assertEqual(rm.worst_status(["good", "bad", "to_improve"]), "bad")
        self.assertEqual(rm.worst_status(["good", "unknown"]), "unknown", "an unanswered question hides nothing")
        self.assertEqual(rm.worst_status(["good", "good"]), "good")
        self.assertEqual(rm.worst_status([]), "unknown")

    def test_an_answer_is_good_only_when_it_is_the_good_one(self):
        self.assertEqual(rm.answer_status("yes", "yes", "bad"), "good")
        self.assertEqual(rm.answer_status("no", "yes", "bad"), "bad")
        self.assertEqual(rm.answer_status("yes", "no", "to_improve"), "to_improve")
        self.assertEqual(rm.answer_status("unknown", "yes", "bad"), "unknown")


class TestPopulation(BaseCase):
    def test_age_bands_of_the_state_platform(self):
        bands = {age: rm.age_band(age) for age in (0, 2, 3, 5, 6, 11, 12, 15, 16, 17, 18, 40)}
        self.assertEqual(
            bands,
            {
                0: "0_2",
                2: "0_2",
                3: "3_5",
                5: "3_5",
                6: "6_11",
                11: "6_11",
                12: "12_15",
                15: "12_15",
                16: "16_17",
                17: "16_17",
                18: "adult",
                40: "adult",
            },
        )

    def test_two_thirds_exactly_is_resorbed(self):
        self.assertTrue(rm.meets_lasting_rule(6, 9, 2, 3), "6 of 9 is two thirds exactly: no rounding lets it fail")
        self.assertFalse(rm.meets_lasting_rule(5, 9, 2, 3))
        self.assertTrue(rm.meets_lasting_rule(10, 14, 2, 3))
        self.assertFalse(rm.meets_lasting_rule(9, 14, 2, 3))
        self.assertFalse(rm.meets_lasting_rule(0, 0, 2, 3), "nobody censused: nothing resorbed")
        with self.assertRaisesRegex(ValueError, "between 0 and 1"):
            rm.meets_lasting_rule(1, 2, 3, 2)
        with self.assertRaisesRegex(ValueError, "between 0 and 1"):
            rm.meets_lasting_rule(1, 2, 1, 0)


class TestNights(BaseCase):
    def test_a_night_counts_in_the_month_of_its_evening(self):
        checkin, checkout = date(2025, 1, 30), date(2025, 2, 3)
        self.assertEqual(rm.nights_in_month(checkin, checkout, date(2025, 1, 15)), 2, "30 and 31 January")
        self.assertEqual(rm.nights_in_month(checkin, checkout, date(2025, 2, 1)), 2, "1 and 2 February")
        self.assertEqual(rm.nights_in_month(checkin, checkout, date(2025, 3, 1)), 0)
        self.assertEqual(rm.nights_in_month(date(2025, 2, 10), None, date(2025, 2, 1)), 19, "10 to 28 February")
        self.assertEqual(rm.nights_in_month(date(2025, 1, 1), None, date(2025, 2, 1)), 28)

    def test_nights_of_a_period(self):
        self.assertEqual(
            rm.nights_between(date(2025, 3, 20), date(2025, 5, 3), date(2025, 4, 1), date(2025, 4, 30)), 30
        )
        self.assertEqual(rm.nights_between(date(2025, 3, 20), None, date(2025, 1, 1), date(2025, 3, 31)), 12)
        self.assertEqual(
            rm.nights_between(date(2025, 3, 20), date(2025, 3, 22), date(2025, 4, 1), date(2025, 4, 30)), 0
        )

    def test_leaving_the_day_another_stay_starts_is_no_overlap(self):
        self.assertFalse(rm.stays_overlap(date(2025, 3, 1), date(2025, 3, 10), date(2025, 3, 10), None))
        self.assertTrue(rm.stays_overlap(date(2025, 3, 1), date(2025, 3, 10), date(2025, 3, 9), date(2025, 3, 12)))
        self.assertTrue(rm.stays_overlap(date(2025, 3, 1), None, date(2025, 6, 1), date(2025, 6, 2)))
        self.assertTrue(rm.stays_overlap(date(2025, 6, 1), date(2025, 6, 2), date(2025, 3, 1), None))
        self.assertFalse(rm.stays_overlap(date(2025, 6, 1), date(2025, 6, 2), date(2025, 6, 5), None))
