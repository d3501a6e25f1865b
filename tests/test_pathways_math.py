"""Plain unit tests of the pathways' computations: no database."""

from odoo.addons.solidarity_housing.tools import pathways_math as pm
from odoo.tests.common import BaseCase


class TestPathwaysMath(BaseCase):
    def test_area_wished_matches_a_commune_or_a_postcode(self):
        self.assertIsNone(pm.in_area("", "Paris", "75011"))
        self.assertTrue(pm.in_area("Paris, Montreuil", "Montreuil", "93100"))
        self.assertTrue(pm.in_area("saint denis", "Saint-Denis", "93200"))
        self.assertTrue(pm.in_area("Paris 19e", "Paris", "75019"))
        self.assertTrue(pm.in_area("93", "Pantin", "93500"))
        self.assertTrue(pm.in_area("75011; 75020", "Paris", "75020"))
        self.assertFalse(pm.in_area("75019", "Paris", "75011"))
        self.assertFalse(pm.in_area("Montreuil", "Ivry-sur-Seine", "94200"))
        self.assertTrue(pm.in_area("Ivry", "Ivry-sur-Seine", "94200"))

    def test_fit_counts_only_the_wishes_expressed(self):
        # area, furnished and exact beds: 3 of 3
        self.assertEqual(pm.fit(True, True, True, 1, 1), (100, ["area", "furnished", "beds"], []))
        # no area wished, furnished not asked: only the beds count, a bed left empty
        self.assertEqual(pm.fit(None, False, True, 1, 2), (0, [], ["beds"]))
        # area missed, furnished met, beds met: 2 of 3 = 66.67 → 67
        self.assertEqual(pm.fit(False, True, True, 2, 2), (67, ["furnished", "beds"], ["area"]))

    def test_median_and_conversions(self):
        self.assertEqual(pm.median([]), 0.0)
        self.assertEqual(pm.median([58, 27, 13]), 27.0)
        self.assertEqual(pm.median([27, 13]), 20.0)
        self.assertEqual(
            pm.conversions([("contacted", 5), ("interested", 3), ("visit", 1), ("agreed", 1), ("hosting", 0)]),
            [
                ("contacted", "interested", 0.6),
                ("interested", "visit", 1 / 3),
                ("visit", "agreed", 1.0),
                ("agreed", "hosting", 0.0),
            ],
        )
        self.assertEqual(pm.conversions([("contacted", 0), ("interested", 0)]), [("contacted", "interested", 0.0)])
