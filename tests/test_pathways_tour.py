from odoo import fields
from odoo.tests import HttpCase, tagged

from .common_pathways import PathwaysSetup


@tagged("post_install", "-at_install")
class TestPathwaysTour(PathwaysSetup, HttpCase):
    def test_referral_match_accept_agreement(self):
        amina = self.env["res.partner"].create({"name": "Amina Yusuf"})
        self.start_tour("/odoo", "solidarity_housing_pathways_tour", login=self.user_backoffice.login)
        application = self.env["housing.application"].search([("partner_id", "=", amina.id)])
        today = fields.Date.context_today(application)
        self.assertEqual((application.state, application.programme_ids), ("housed", self.programme_rooms))
        self.assertEqual((application.date_waiting, application.date_housed), (today, today))
        proposal = application.proposal_ids
        self.assertEqual(
            (proposal.state, proposal.room_id, proposal.user_id),
            ("accepted", self.room_montreuil, self.user_backoffice),
        )
        agreement = application.occupancy_id
        self.assertEqual(
            (agreement.state, agreement.partner_id, agreement.room_id, agreement.date_start, agreement.rent),
            ("active", amina, self.room_montreuil, today, 350.0),
        )
        self.assertEqual(
            agreement.share_ids.mapped(lambda share: (share.payer_kind, share.amount, share.is_remainder)),
            [("occupant", 150.0, False), ("association", 0.0, True)],
        )
