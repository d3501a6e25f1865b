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

    def test_a_referral_closed_after_accepting_frees_the_room(self):
        application = self._new_application("Sékou Traoré", state="waiting", date_waiting="2025-01-10")
        proposal = self._propose(application, self.room_lea)
        agreement = self.env["housing.occupancy"].browse(proposal.action_accept()["res_id"])
        self.assertEqual(self.room_lea._pathways_availability(date(2025, 4, 1))[self.room_lea.id][0], 0)
        application.with_user(self.user_backoffice)._close(
            "household", self.env.ref("solidarity_housing.reason_withdrawn_housed_elsewhere")
        )
        # the draft agreement is deleted: the room is free, the proposal no longer counts as a place accepted
        self.assertFalse(agreement.exists())
        self.assertEqual((application.state, application.occupancy_id), ("withdrawn", self.env["housing.occupancy"]))
        self.assertEqual(proposal.state, "cancelled")
        self.assertEqual(self.room_lea._pathways_availability(date(2025, 4, 1))[self.room_lea.id][0], 1)
        # reopened, it waits for a new place
        application.action_reopen()
        self.assertEqual((application.state, application.occupancy_id), ("waiting", self.env["housing.occupancy"]))

    def test_an_old_agreement_is_not_kept_by_a_reopened_referral(self):
        application = self._new_application("Awa Camara", state="waiting", date_waiting="2025-01-10")
        agreement = self._new_occupancy(room=self.room_lea, start="2025-04-01", activate=False)
        application._flow().write({"state": "withdrawn", "occupancy_id": agreement.id})
        application.action_reopen()
        self.assertEqual((application.state, application.occupancy_id), ("waiting", self.env["housing.occupancy"]))

    def test_the_pathway_flag_cannot_be_sent_by_a_client(self):
        application = self._new_application("Karim Nasser", state="waiting").with_user(self.user_backoffice)
        forged = application.with_context(housing_application_flow=True)
        for state in ("proposed", "accepted", "housed"):
            with (
                self.subTest(state=state),
                self.assertRaisesRegex(UserError, "A referral moves to or from .* through its buttons"),
            ):
                forged.write({"state": state})
        with self.assertRaisesRegex(
            UserError, "Une orientation passe à ou quitte l'étape « Ménage logé » par ses boutons"
        ):
            self.env["housing.application"].with_user(self.user_backoffice).with_context(
                housing_application_flow="1", lang="fr_FR"
            ).create({"partner_id": self.env["res.partner"].create({"name": "Lina Haddad"}).id, "state": "housed"})
        self.assertEqual(application.state, "waiting")

    def test_members_are_persons_of_the_household(self):
        head = self.env["res.partner"].create({"name": "Amadou Sy"})
        other_head = self.env["res.partner"].create({"name": "Moussa Keita"})
        neighbour = self.env["res.partner"].create({"name": "Awa Keita", "housing_head_id": other_head.id})
        with self.assertRaisesRegex(
            ValidationError, "Awa Keita belongs to the household of Moussa Keita, not to the household of Amadou Sy"
        ):
            self.env["housing.application"].create({"partner_id": head.id, "member_ids": [Command.set(neighbour.ids)]})
        application = self.env["housing.application"].create({"partner_id": head.id})
        for member in (self.siao, head):
            with (
                self.subTest(member=member.name),
                self.assertRaisesRegex(
                    ValidationError,
                    f"{member.name} is the signatory or an organisation: the other members of the household",
                ),
            ):
                application.member_ids = member

    def test_sent_back_to_the_assessment_the_past_waits_stay(self):
        application = self._new_application(
            "Mariam Touré", state="waiting", date_received="2025-01-05", date_waiting="2025-01-10"
        )
        january = (self.programme_rooms, date(2025, 1, 1), date(2025, 1, 31))
        Indicator = self.env["housing.indicator"].with_user(self.user_manager)
        self.assertEqual(Indicator._get_indicators(*january)["total"]["waiting_list_end"], 1)
        with freeze_time("2025-02-20"):
            application.with_user(self.user_backoffice).write({"state": "assessment"})  # dragged in the kanban
        # January's figures do not change: the household waited then
        self.assertEqual(Indicator._get_indicators(*january)["total"]["waiting_list_end"], 1)
        self.assertEqual(application.date_waiting, date(2025, 1, 10))
        self.assertEqual(
            self.programme_rooms._pathways_waiting_figures(date(2025, 1, 31)), {self.programme_rooms.id: (1, 21.0)}
        )
        self.assertEqual(self.programme_rooms._pathways_waiting_figures(date(2025, 2, 20)), {})
        application.invalidate_recordset(["waiting_days"])
        self.assertEqual(application.waiting_days, 41)  # 10 January to 20 February, then no longer waiting
        with freeze_time("2025-03-01"):
            application.with_user(self.user_backoffice).action_add_to_waiting_list()
        self.assertEqual(
            application.waiting_period_ids.mapped(
                lambda period: (period.date_start, period.date_end, period.end_reason)
            ),
            [(date(2025, 1, 10), date(2025, 2, 20), "reassessed"), (date(2025, 3, 1), False, False)],
        )
        self.assertEqual(
            self.programme_rooms._pathways_waiting_figures(date(2025, 3, 3)), {self.programme_rooms.id: (1, 52.0)}
        )
