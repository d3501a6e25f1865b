from datetime import date

from odoo.tests import BaseCase, tagged

from ..tools import indicator_math as im


@tagged("post_install", "-at_install")
class TestReportsMath(BaseCase):
    def test_period_presets(self):
        self.assertEqual(im.period_bounds("month", 2024, month=2), (date(2024, 2, 1), date(2024, 2, 29)))
        self.assertEqual(im.period_bounds("quarter", 2025, quarter=4), (date(2025, 10, 1), date(2025, 12, 31)))
        self.assertEqual(im.period_bounds("quarter", 2025, quarter=1), (date(2025, 1, 1), date(2025, 3, 31)))
        self.assertEqual(im.period_bounds("year", 2025), (date(2025, 1, 1), date(2025, 12, 31)))
        with self.assertRaises(ValueError):
            im.period_bounds("week", 2025)
        self.assertEqual(im.period_days(date(2025, 1, 1), date(2025, 12, 31)), 365)

    def test_rates_medians_averages(self):
        self.assertEqual(im.rate(3, 4), 0.75)
        self.assertEqual(im.rate(2, 3), 0.6667)
        self.assertEqual(im.rate(5, 0), 0.0)
        self.assertEqual(im.median([10, 2, 5]), 5.0)
        self.assertEqual(im.median([10, 2, 5, 4]), 4.5)
        self.assertEqual(im.median([]), 0.0)
        self.assertEqual(im.average([10, 2, 5, 4, 1]), 4.4)
        self.assertEqual(im.average([]), 0.0)

    def test_age_bands(self):
        self.assertEqual(
            [im.age_band(age) for age in (-1, 0, 2, 3, 5, 6, 11, 12, 15, 16, 17, 18, 70)],
            [
                "minors_0_2",
                "minors_0_2",
                "minors_0_2",
                "minors_3_5",
                "minors_3_5",
                "minors_6_11",
                "minors_6_11",
                "minors_12_15",
                "minors_12_15",
                "minors_16_17",
                "minors_16_17",
                None,
                None,
            ],
        )
        self.assertIn("sliding_lease", im.PERMANENT_DESTINATIONS)
