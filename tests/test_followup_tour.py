from odoo.tests import HttpCase, tagged

from .common_followup import FollowupSetup


@tagged("post_install", "-at_install")
class TestFollowupTour(FollowupSetup, HttpCase):
    def test_social_worker_opens_a_file(self):
        household = self.env["res.partner"].create({"name": "Yonas Tesfamariam", "housing_relationship": "head"})
        self.start_tour("/odoo", "solidarity_housing_followup_tour", login=self.user_social.login)
        followup = self.env["housing.followup"].search([("partner_id", "=", household.id)])
        self.assertEqual(
            (followup.user_id, followup.programme_id, followup.state), (self.user_social, self.programme, "active")
        )
        self.assertEqual(followup.create_uid, self.user_social)
        line = followup.assessment_ids
        self.assertEqual(
            (line.domain_id, line.situation, line.needs),
            (self.domain_health, "Pas de couverture santé depuis l'arrivée.", "Demander la PUMa."),
        )
        self.assertEqual(
            (followup.goal_ids.name, followup.goal_ids.domain_id, followup.goal_ids.state),
            ("Obtenir la PUMa", self.domain_health, "todo"),
        )
        meeting = followup.meeting_ids
        self.assertEqual((meeting.duration, meeting.state, meeting.user_id), (1.5, "done", self.user_social))
        self.assertEqual(meeting.summary, "Visite d'accueil, dossier PUMa préparé.")
        self.assertEqual((followup.meeting_count, followup.meeting_hours), (1, 1.5))
