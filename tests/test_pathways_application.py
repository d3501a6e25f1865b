from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, TransactionCase, tagged

from .common_pathways import PathwaysSetup


@tagged("post_install", "-at_install")
@freeze_time("2025-03-03 10:00:00")
class TestPathwaysApplication(PathwaysSetup, TransactionCase):
    def test_a_referral_goes_through_its_first_stages(self):
        Application = self.env["housing.application"].with_user(self.user_backoffice)
        with freeze_time("2025-01-06"):
            form = Form(Application)
            form.partner_id = self.env["res.partner"].create({"name": "Awa Camara"})
            form.member_ids.add(
                self.env["res.partner"].create({"name": "Issa Camara", "housing_birthdate": "2019-03-01"})
            )
            form.referrer_kind = "social_service"
            form.programme_ids.add(self.programme_rooms)
            application = form.save()
            self.assertEqual(application.state, "received")
            self.assertRegex(application.name, r"^ORI-\d{4}$")
            # two persons, one of them a child: two beds by default
            self.assertEqual((application.person_count, application.children_count, application.beds_needed), (2, 1, 2))
            self.assertEqual(application.date_received, date(2025, 1, 6))
        with freeze_time("2025-01-08"):
            application.action_start_assessment()
        with freeze_time("2025-01-10"):
            application.action_add_to_waiting_list()
        self.assertEqual(
            (application.state, application.date_assessment, application.date_waiting),
            ("waiting", date(2025, 1, 8), date(2025, 1, 10)),
        )
        with freeze_time("2025-02-07"):
            application.invalidate_recordset(["waiting_days"])
            # 10 January to 7 February: 28 days on the waiting list
            self.assertEqual(application.waiting_days, 28)

    def test_stages_are_moved_by_hand_only_before_a_place_is_proposed(self):
        application = self._new_application("Karim Nasser").with_user(self.user_backoffice)
        application.write({"state": "waiting"})  # dragged in the kanban
        self.assertEqual(application.state, "waiting")
        for state in ("proposed", "accepted", "housed", "withdrawn"):
            with self.assertRaisesRegex(UserError, "A referral moves to or from .* through its buttons"):
                application.write({"state": state})
        self._propose(application, self.room_lea)
        self.assertEqual(application.state, "proposed")
        with self.assertRaisesRegex(UserError, "A referral moves to or from .* through its buttons"):
            application.write({"state": "received"})

    def test_one_referral_under_way_per_household(self):
        application = self._new_application("Lina Haddad")
        with self.assertRaisesRegex(ValidationError, "Lina Haddad already has a referral under way"):
            self.env["housing.application"].create(
                {"partner_id": application.partner_id.id, "company_id": self.company.id}
            )
        with self.assertRaisesRegex(ValidationError, "counts 1 children in a household of 1 persons"):
            application.children_count = 1
        with self.assertRaisesRegex(ValidationError, "cannot assess referrals"):
            application.user_id = self.user_backoffice

    def test_withdrawn_or_refused_with_a_reason_then_reopened(self):
        application = self._new_application("Sékou Traoré", state="waiting", date_waiting="2025-01-10")
        proposal = self._propose(application, self.room_lea, deadline="2099-01-01")
        wizard_action = application.with_user(self.user_backoffice).action_withdraw()
        wizard = (
            self.env["housing.application.reason.wizard"]
            .with_user(self.user_backoffice)
            .with_context(**wizard_action["context"])
            .create({"reason_id": self.env.ref("solidarity_housing.reason_withdrawn_housed_elsewhere").id})
        )
        self.assertEqual(wizard.party, "household")
        wizard.action_confirm()
        self.assertEqual((application.state, application.close_reason_id.name), ("withdrawn", "Housed elsewhere"))
        self.assertEqual(proposal.state, "cancelled")
        self.assertFalse(application._housing_alerts())
        application.action_reopen()
        # back on the waiting list, the wait counted from the first day
        self.assertEqual((application.state, application.date_waiting), ("waiting", date(2025, 1, 10)))
        self.assertFalse(application.close_reason_id)
        with self.assertRaisesRegex(
            UserError, "“Housed elsewhere” is not a reason for a closed referral decided by the association"
        ):
            application._close("association", self.env.ref("solidarity_housing.reason_withdrawn_housed_elsewhere"))
        application._close("association", self.env.ref("solidarity_housing.reason_refused_not_eligible"), "Hors zone")
        self.assertEqual((application.state, application.close_note), ("refused", "Hors zone"))

    def test_members_created_on_the_fly_join_the_household(self):
        head = self.env["res.partner"].create({"name": "Amadou Sy"})
        application = self.env["housing.application"].create(
            {
                "partner_id": head.id,
                "member_ids": [Command.create({"name": "Fanta Sy", "housing_head_id": head.id})],
            }
        )
        self.assertEqual(head.housing_member_ids.mapped("name"), ["Fanta Sy"])
        self.assertEqual(application.person_count, 2)
