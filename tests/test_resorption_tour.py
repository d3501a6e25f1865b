from odoo import fields
from odoo.tests import HttpCase, tagged

from .common_resorption import ResorptionSetup


@tagged("post_install", "-at_install")
class TestResorptionTour(ResorptionSetup, HttpCase):
    def test_site_census_move(self):
        head = self.env["res.partner"].create(
            {"name": "Ion Dragan", "housing_birthdate": "1986-02-03", "housing_relationship": "head"}
        )
        self.start_tour(
            "/odoo/action-solidarity_housing.housing_camp_site_action",
            "solidarity_housing_resorption_tour",
            login=self.user_social.login,
        )
        # the browser types its today's date (the tour does not depend on the day it runs)
        today = fields.Date.context_today(self.env["housing.move"])
        site = self.env["housing.camp.site"].search([("name", "=", "Campement du Ramier")])
        self.assertEqual(
            (site.programme_id, site.city, site.create_uid), (self.camp_programme, "Toulouse", self.user_social)
        )
        census = site.census_ids
        self.assertEqual((census.partner_id, census.person_count, census.consent_date), (head, 2, today))
        self.assertEqual(head.housing_member_ids.mapped("name"), ["Luca Dragan"])
        followup = census.followup_id
        # the interview recorded no need: the file waits for its first assessment
        self.assertEqual(
            (followup.measure_type, followup.state, followup.user_id), ("resorption", "draft", self.user_social)
        )
        move = census.move_ids
        self.assertEqual((move.state, move.date_done, move.next_case_manager_id), ("done", today, self.next_manager))
        self.assertEqual((move.occupancy_id.state, move.occupancy_id.unit_id), ("active", self.mobile_home))
        self.assertEqual((site.households_moved, site.persons_housed), (1, 2))
