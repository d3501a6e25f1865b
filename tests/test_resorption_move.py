from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import TransactionCase, tagged

from .common_resorption import ResorptionSetup


@tagged("post_install", "-at_install")
@freeze_time("2025-06-15")
class TestResorptionMove(ResorptionSetup, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        with freeze_time("2025-03-10"):
            # 4 persons, followed since March: a doctor, a treatment to continue and an open health goal
            cls.census = cls._family(
                "Lupu", need_ids=[Command.create({"domain_id": cls.domain_health.id, "name": "Ouvrir l'AME"})]
            )
            cls.census.with_user(cls.user_social).action_open_followup()
        cls.followup = cls.census.followup_id
        cls.doctor = cls.env["res.partner"].create({"name": "Dr Claire Martin", "phone": "05 61 00 00 00"})
        cls.followup.medical_ids = [
            Command.create({"kind": "doctor", "name": "Médecin traitant", "contact_id": cls.doctor.id}),
            Command.create(
                {
                    "kind": "treatment",
                    "name": "Insuline deux fois par jour",
                    "person_id": cls.census.partner_id.id,
                    "next_appointment": "2025-06-20",
                }
            ),
            Command.create({"kind": "pmi", "name": "Suivi terminé", "state": "closed"}),
        ]
        # a household without any medical follow-up, for the back office
        cls.plain = cls._family("Rusu", children=0)

    def test_a_move_into_a_room_that_is_not_free_is_refused(self):
        unit = self._new_unit("T3 Bagatelle", rooms=[3], programme=self.camp_programme, landlord_id=False)
        self._new_occupancy(room=unit.room_ids, start="2025-05-01", unit_id=unit.id).member_ids = [
            Command.create({"name": "Colocataire"})
        ]
        with self.assertRaisesRegex(
            ValidationError,
            r"\S+ / Chambre 1 is not free on 2025-06-02: 1 bed\(s\) free for the 4 persons of Ion Lupu "
            r"\(occupied by .*Occupant 2025-05-01\)\. Choose another room or another date\.",
        ):
            self._new_move(self.census, unit_id=unit.id, room_id=unit.room_ids.id)
        # two planned moves cannot share the 5 beds of the mobile home either
        self._new_move(self.census)
        with self.assertRaisesRegex(ValidationError, r"1 bed\(s\) free for the 2 persons of Ion Rusu"):
            self._new_move(self.plain, planned="2025-06-10 09:00:00")
        self.mobile_home.out_of_service = True
        with self.assertRaisesRegex(ValidationError, "is marked unavailable: Ion Rusu cannot move in"):
            self._new_move(self.plain, planned="2025-05-10 09:00:00")

    def test_a_move_is_done_only_once_the_medical_follow_up_is_handed_over(self):
        move = self._new_move(self.census, user=self.user_social)
        as_social = move.with_user(self.user_social)
        with self.assertRaisesRegex(
            UserError,
            r"The move of Ion Lupu cannot be marked done: the hand-over of its medical follow-up is incomplete\. "
            r"Missing: no next case manager is named; Attending doctor: Médecin traitant; Treatment to continue: "
            r"Insuline deux fois par jour — Ion Lupu; health goal “Ouvrir l'AME”\.",
        ):
            as_social.action_done()
        self.assertFalse(move.handover_complete)
        self.assertEqual(move.handover_missing_count, 3, "the ended PMI follow-up is not handed over")
        as_social.next_case_manager_id = self.next_manager
        as_social.action_prepare_handover()
        lines = as_social.handover_line_ids
        self.assertEqual(len(lines), 3)
        self.assertEqual(lines.handed_to_id, self.next_manager)
        lines[:2].handed = True
        with self.assertRaisesRegex(UserError, r"Missing: health goal “Ouvrir l'AME”\."):
            as_social.action_done()
        with self.assertRaisesRegex(ValidationError, "Say to whom “Health goal: Ouvrir l'AME” was handed over"):
            lines[2].write({"handed": True, "handed_to_id": False})
        lines[2].handed = True
        self.assertEqual(lines.mapped("handed_date"), [date(2025, 6, 15)] * 3)
        self.assertTrue(move.handover_complete)
        as_social.action_done()
        self.assertEqual((move.state, move.date_done), ("done", date(2025, 6, 2)))
        agreement = move.occupancy_id
        self.assertEqual(
            (agreement.unit_id, agreement.partner_id, agreement.state, agreement.date_start, agreement.occupancy_type),
            (self.mobile_home, self.census.partner_id, "active", date(2025, 6, 2), "shelter"),
        )
        self.assertEqual(agreement.person_count, 4, "the household's members come along")
        self.assertEqual((self.census.stage, self.census.outcome), ("moved", "long_term"))
        self.assertEqual(self.followup.next_case_manager_id, self.next_manager)
        self.assertEqual(self.mobile_home.free_beds, 0, "the household takes the whole mobile home")

    def test_the_back_office_plans_the_move_but_never_reads_the_medical_follow_up(self):
        move = self._new_move(self.census)
        as_back_office = move.with_user(self.user_backoffice)
        as_back_office.next_case_manager_id = self.next_manager
        with self.assertRaises(UserError) as caught:
            as_back_office.action_done()
        message = str(caught.exception)
        self.assertIn(
            "Missing: the medical follow-up is not all handed over: the social worker Housing cesf completes the "
            "hand-over.",
            message,
        )
        for secret in ("Insuline", "Médecin", "AME", "3"):
            self.assertNotIn(secret, message, "neither what is missing nor how many items")
        for fname in ("handover_line_ids",):
            with self.assertRaises(AccessError):
                as_back_office.read([fname])
        with self.assertRaises(AccessError):
            self.env["housing.followup.medical"].with_user(self.user_backoffice).search([])
        # a household without medical follow-up moves on the back office's word
        flat = self._new_unit("T2 Bagatelle", rooms=[2], programme=self.camp_programme, landlord_id=False)
        plain_move = self._new_move(self.plain, planned="2025-06-20 09:00:00", unit_id=flat.id)
        plain_move.with_user(self.user_backoffice).action_prepare_occupancy()
        self.assertEqual(plain_move.occupancy_id.state, "draft")
        plain_move.with_user(self.user_backoffice).action_done()
        self.assertEqual((plain_move.date_done, plain_move.occupancy_id.state), (date(2025, 6, 15), "active"))

    def test_hotel_and_other_destinations(self):
        move = self._new_move(self.plain, destination_type="hotel", unit_id=False)
        with self.assertRaisesRegex(UserError, "Record the hotel stay Ion Rusu moves into"):
            move.with_user(self.user_backoffice).action_done()
        move.shelter_stay_id = self._new_stay(self.plain.partner_id, date(2025, 6, 2), census_id=self.plain.id)
        move.with_user(self.user_backoffice).action_done()
        self.assertEqual((self.plain.outcome, self.plain.destination_type), ("temporary_shelter", "hotel"))
        other = self._new_move(self.census, destination_type="other", unit_id=False, next_case_manager_id=False)
        with self.assertRaisesRegex(UserError, r"Describe where Ion Lupu moves \(other destination\)"):
            other.with_user(self.user_social).action_done()

    def test_the_hand_over_summary_prints_the_medical_follow_up(self):
        move = self._new_move(self.census, user=self.user_social, next_case_manager_id=self.next_manager.id)
        action = move.with_user(self.user_social).action_print_handover()
        self.assertEqual(action["report_name"], "solidarity_housing.report_housing_followup_handover")
        html = (
            self.env["ir.actions.report"]
            .with_user(self.user_social)
            ._render_qweb_html("solidarity_housing.report_housing_followup_handover", self.followup.ids)[0]
            .decode()
        )
        self.assertIn("Medical follow-up to continue", html)
        for text in (
            "Dr Claire Martin",
            "05 61 00 00 00",
            "Insuline deux fois par jour",
            "06/20/2025",
            "Sophie Martin",
        ):
            self.assertIn(text, html)
        self.assertNotIn("Suivi terminé", html, "an ended follow-up is not handed over")

    def _complete_handover(self, move):
        """Every item of the household's medical follow-up listed and ticked, handed to the next case manager."""
        as_social = move.with_user(self.user_social)
        as_social.next_case_manager_id = self.next_manager
        as_social.action_prepare_handover()
        as_social.handover_line_ids.handed = True

    def test_marking_done_by_a_write_is_the_button(self):
        """An import or an RPC call that sets the state to done goes the button's way: the hand-over checked on the
        new values, the day it was done, the agreement activated."""
        move = self._new_move(self.census, user=self.user_social)
        self._complete_handover(move)
        move.with_user(self.user_social).next_case_manager_id = False
        with self.assertRaisesRegex(UserError, "Missing: no next case manager is named"):
            move.with_user(self.user_social).write({"state": "done"})
        # the next case manager named in the same write completes the hand-over
        move.with_user(self.user_social).write({"state": "done", "next_case_manager_id": self.next_manager.id})
        self.assertEqual((move.state, move.date_done), ("done", date(2025, 6, 2)))
        self.assertEqual((move.occupancy_id.state, move.occupancy_id.date_start), ("active", date(2025, 6, 2)))
        self.assertEqual(self.followup.next_case_manager_id, self.next_manager)
        with self.assertRaisesRegex(UserError, r"DEMEN-\S+ is done: it stays in the site's history and figures\."):
            move.with_user(self.user_social).write({"state": "planned"})

    def test_a_move_imported_done_is_done_the_button_s_way(self):
        flat = self._new_unit("T2 Bagatelle", rooms=[2], programme=self.camp_programme, landlord_id=False)
        move = self._new_move(self.plain, planned="2025-05-20 09:00:00", unit_id=flat.id, state="done")
        self.assertEqual((move.state, move.date_done), ("done", date(2025, 5, 20)))
        self.assertEqual(
            (move.occupancy_id.state, move.occupancy_id.unit_id, move.occupancy_id.date_start),
            ("active", flat, date(2025, 5, 20)),
        )
        with self.assertRaisesRegex(UserError, "The move of Ion Lupu cannot be marked done"):
            self._new_move(self.census, state="done")
        with self.assertRaisesRegex(UserError, "cannot be done on 2025-07-01, a day still to come"):
            self._new_move(
                self.plain,
                planned="2025-06-10 09:00:00",
                state="done",
                date_done="2025-07-01",
                destination_type="other",
                destination_note="Chez un cousin à Lyon",
                unit_id=False,
            )

    def test_the_room_is_the_dwelling_s_and_the_stay_the_household_s(self):
        unit = self._new_unit("T3 Bagatelle", rooms=[3], programme=self.camp_programme, landlord_id=False)
        with self.assertRaisesRegex(
            ValidationError,
            r"\S+ / Chambre 1 is not a room of .*Mobil-home A: choose a room of the dwelling Ion Rusu moves into\.",
        ):
            self._new_move(self.plain, room_id=unit.room_ids.id)
        stranger_stay = self._new_stay(self.census.partner_id, date(2025, 6, 2), census_id=self.census.id)
        with self.assertRaisesRegex(
            ValidationError,
            r"The hotel stay HOTEL-\S+ is not one of Ion Rusu: choose a stay of the household that moves\.",
        ):
            self._new_move(self.plain, destination_type="hotel", unit_id=False, shelter_stay_id=stranger_stay.id)
