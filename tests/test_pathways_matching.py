from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import TransactionCase, tagged

from .common_pathways import PathwaysSetup


@tagged("post_install", "-at_install")
@freeze_time("2025-03-03 10:00:00")
class TestPathwaysMatching(PathwaysSetup, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # a room of the programme let with no end in sight, one unavailable, and one left on 31 March
        cls.unit_taken = cls._new_unit("Chambre prise", programme=cls.programme_rooms, city="Paris", furnished=True)
        cls._new_lease(cls.unit_taken, start="2024-01-01")
        cls._new_occupancy(room=cls.unit_taken.room_ids, start="2024-02-01")
        cls.unit_off = cls._new_unit("Chambre en travaux", programme=cls.programme_rooms, out_of_service=True)
        cls._new_lease(cls.unit_off, start="2024-01-01")
        cls.unit_leaving = cls._new_unit(
            "Chambre libre en avril", programme=cls.programme_rooms, city="Paris", zip="75018", furnished=True
        )
        cls._new_lease(cls.unit_leaving, start="2024-01-01")
        cls.room_leaving = cls.unit_leaving.room_ids
        # its occupant gave notice for the end of her term: an agreement holds its beds until its exit is recorded
        cls._new_occupancy(room=cls.room_leaving, start="2024-02-01", date_end="2025-03-31")._record_exit(
            date(2025, 3, 31), "permanent_housing"
        )
        cls.farid = cls._new_application(
            "Farid Ahmadi",
            state="waiting",
            date_waiting="2025-01-10",
            area_wished="Paris",
            furnished_wished=True,
            date_available="2025-04-01",
            user_id=cls.user_social.id,
        )

    def _rooms(self, application, day):
        return [(line["room"], line["score"], line["empty_days"]) for line in application._find_rooms(day)]

    def test_find_a_place_lists_the_free_rooms_that_fit_best_first(self):
        # Léa: Paris, furnished, 1 bed for 1 (3 wishes of 3), empty since its lease began on 1 January: 61 days.
        # Room leaving: the same fit, empty from 1 April (0 days empty today).
        # Twin: Paris, furnished, 2 beds for 1 (2 of 3). Montreuil: none of the area and furnished, beds just
        # right (1 of 3), empty since 1 October: 153 days. The room let, the unavailable one and the shared
        # home (another programme) are left out.
        self.assertEqual(
            self._rooms(self.farid, date(2025, 4, 1)),
            [
                (self.room_lea, 100, 61),
                (self.room_leaving, 100, 0),
                (self.room_twin, 67, 30),
                (self.room_montreuil, 33, 153),
            ],
        )
        # before its agreement ends, the room leaving is not free
        self.assertNotIn(self.room_leaving, [room for room, *_ in self._rooms(self.farid, date(2025, 3, 15))])
        # needs: no stairs (Léa's lift), then a washing machine too: only Léa's room
        self.farid.step_free_needed = True
        self.assertEqual([room for room, *_ in self._rooms(self.farid, date(2025, 4, 1))], [self.room_lea])
        self.farid.tag_ids = [Command.set(self.tag_washer.ids)]
        self.assertEqual([room for room, *_ in self._rooms(self.farid, date(2025, 4, 1))], [self.room_lea])
        # a room proposed to another household is not offered twice
        other = self._new_application("Hamid Karimi", state="waiting", date_waiting="2025-02-01")
        self._propose(other, self.room_lea)
        self.assertEqual(self._rooms(self.farid, date(2025, 4, 1)), [])

    def test_the_screen_of_a_referral_proposes_the_room_chosen(self):
        action = self.farid.with_user(self.user_backoffice).action_find_rooms()
        match = self.env["housing.application.match"].browse(action["res_id"]).with_user(self.user_backoffice)
        self.assertEqual((match.date, match.date_deadline), (date(2025, 4, 1), date(2025, 3, 11)))
        self.assertEqual(
            match.line_ids.mapped(lambda line: (line.sequence, line.room_id, line.score, line.fit_note)),
            [
                (1, self.room_lea, 100, "✓ Area wished · ✓ Furnished · ✓ Beds just right"),
                (2, self.room_leaving, 100, "✓ Area wished · ✓ Furnished · ✓ Beds just right"),
                (3, self.room_twin, 67, "✓ Area wished · ✓ Furnished · ✗ Beds just right"),
                (4, self.room_montreuil, 33, "✓ Beds just right · ✗ Area wished · ✗ Furnished"),
            ],
        )
        proposal = self.env["housing.application.proposal"].browse(match.line_ids[0].action_propose()["res_id"])
        # the room's head lease gives the rent of a dwelling of one room
        self.assertEqual(
            (proposal.room_id, proposal.date_start, proposal.date_deadline, proposal.rent, proposal.charges),
            (self.room_lea, date(2025, 4, 1), date(2025, 3, 11), 370.0, 40.0),
        )
        self.assertEqual((self.farid.state, self.farid.date_proposed), ("proposed", date(2025, 3, 3)))
        alert = self.farid._housing_alerts(["proposal_answer"])
        self.assertEqual((alert.user_id, alert.date_deadline), (self.user_backoffice, date(2025, 3, 11)))

    def test_the_screen_of_a_room_lists_the_households_that_fit(self):
        applications = {
            name: self._new_application(name, state="waiting", **values)
            for name, values in {
                "Normal since January": {"date_waiting": "2025-01-20"},
                "Urgent since February": {"date_waiting": "2025-02-20", "priority": "2"},
                "Normal since December": {"date_waiting": "2024-12-01"},
                "Any programme": {"date_waiting": "2025-02-01", "programmes": self.env["housing.programme"]},
                "Two beds": {"date_waiting": "2024-11-01", "beds_needed": 2},
                "Shared home only": {"date_waiting": "2024-11-01", "programmes": self.programme},
                "Available in June": {"date_waiting": "2024-11-01", "date_available": "2025-06-01"},
                "Needs a lift": {"date_waiting": "2024-11-01", "step_free_needed": True},
            }.items()
        }
        self._new_application("Being assessed", state="assessment")
        found = self.room_montreuil._find_applications(date(2025, 4, 1))
        # the urgent one first, then the longest waiting; two beds, another programme, available too late or
        # needing a lift: left out
        self.assertEqual(
            [(line["application"].partner_id.name, line["waiting_days"]) for line in found],
            [
                ("Urgent since February", 11),
                ("Normal since December", 92),
                ("Farid Ahmadi", 52),
                ("Normal since January", 42),
                ("Any programme", 30),
            ],
        )
        action = self.room_montreuil.with_user(self.user_backoffice).action_find_applications()
        match = self.env["housing.application.match"].browse(action["res_id"])
        self.assertEqual(match.date, date(2025, 3, 3))
        self.assertEqual(match.line_ids[0].application_id, applications["Urgent since February"])
        twin = [line["application"] for line in self.room_twin._find_applications(date(2025, 4, 1))]
        self.assertIn(applications["Two beds"], twin)
        self.assertNotIn(applications["Needs a lift"], twin)

    def test_an_accepted_place_prepares_the_draft_agreement_then_houses_the_household(self):
        spouse = self.env["res.partner"].create({"name": "Leila Ahmadi"})
        self.farid.write({"member_ids": [Command.link(spouse.id)], "beds_needed": 2})
        proposal = self._propose(self.farid, self.room_twin)
        # never let, the twin room is the only room of its unit: its head lease gives the rent
        self.assertEqual((proposal.rent, proposal.charges), (600.0, 60.0))
        action = proposal.with_user(self.user_backoffice).action_accept()
        agreement = self.env["housing.occupancy"].browse(action["res_id"])
        self.assertEqual(
            (agreement.state, agreement.partner_id, agreement.member_ids, agreement.room_id, agreement.date_start),
            ("draft", self.farid.partner_id, spouse, self.room_twin, date(2025, 4, 1)),
        )
        self.assertEqual((agreement.rent, agreement.charges, agreement.lease_id.unit_id), (600.0, 60.0, self.unit_twin))
        # the programme's default payers: the occupant 150.00, the association the rest (510.00)
        self.assertEqual(
            agreement.share_ids.mapped(lambda share: (share.payer_kind, share.amount, share.is_remainder)),
            [("occupant", 150.0, False), ("association", 0.0, True)],
        )
        self.assertEqual(sorted(agreement._split_at(date(2025, 4, 1)).values()), [150, 510])
        self.assertEqual(
            (self.farid.state, self.farid.occupancy_id, proposal.state), ("accepted", agreement, "accepted")
        )
        self.assertFalse(self.farid._housing_alerts(["proposal_answer"]))
        signature = self.farid._housing_alerts(["agreement_signature"])
        self.assertEqual(signature.date_deadline, date(2025, 4, 1))
        agreement.with_user(self.user_backoffice).action_activate()
        self.assertEqual((self.farid.state, self.farid.date_housed), ("housed", date(2025, 4, 1)))
        self.assertFalse(self.farid._housing_alerts())
        # back to draft, the household waits for the signature again; the draft deleted, it waits for a place
        agreement.action_reset_draft()
        self.assertEqual(self.farid.state, "accepted")
        agreement.unlink()
        self.assertEqual((self.farid.state, self.farid.date_waiting), ("waiting", date(2025, 1, 10)))

    def test_proposals_that_break_a_rule_are_refused(self):
        hamid = self._new_application("Hamid Karimi", state="waiting", date_waiting="2025-02-01")
        couple = self._new_application("Couple Diallo", state="waiting", date_waiting="2025-02-01", beds_needed=2)
        with self.assertRaisesRegex(
            ValidationError, "Chambre 1 has 1 bed.s. and the household of .* Couple Diallo needs 2"
        ):
            self._propose(couple, self.room_lea)
        with self.assertRaisesRegex(ValidationError, "is not free on 2025-03-15: 0 of its 1 bed.s. are free"):
            self._propose(hamid, self.room_leaving, start="2025-03-15")
        proposal = self._propose(self.farid, self.room_lea)
        with self.assertRaisesRegex(UserError, "is not on the waiting list .stage: Place proposed."):
            self._propose(self.farid, self.room_montreuil)
        cancelled = self._propose(self.farid, self.room_montreuil, state="cancelled")
        with self.assertRaisesRegex(
            ValidationError, "Farid Ahmadi already has an open proposal .* answer by 2025-03-10"
        ):
            cancelled.state = "open"
        with self.assertRaisesRegex(ValidationError, "is already proposed to Farid Ahmadi"):
            self._propose(hamid, self.room_lea)
        with self.assertRaisesRegex(ValidationError, "The deadline to answer .2025-03-01. is before the day"):
            self._propose(hamid, self.room_montreuil, deadline="2025-03-01")
        # the database refuses them too, whoever writes
        refused = self._propose(hamid, self.room_montreuil)
        refused._cancel()
        self.env.flush_all()
        with self.assertRefusedByDatabase(
            "housing.application.proposal",
            "This room is already proposed to a household: wait for its answer, or cancel that proposal, before "
            "proposing it again.",
        ):
            self.env.cr.execute(
                "UPDATE housing_application_proposal SET state = 'open', room_id = %s WHERE id = %s",
                [self.room_lea.id, refused.id],
            )
        with self.assertRefusedByDatabase(
            "housing.application.proposal",
            "This household already has an open proposal: wait for its answer, or cancel it, before proposing "
            "another place.",
        ):
            self.env.cr.execute(
                "UPDATE housing_application_proposal SET state = 'open', partner_id = %s WHERE id = %s",
                [self.farid.partner_id.id, refused.id],
            )
        # past its deadline, the proposal cannot be accepted
        with freeze_time("2025-03-11"), self.assertRaisesRegex(UserError, "expired on 2025-03-10 without an answer"):
            proposal.action_accept()

    def test_a_refusal_says_why_and_the_household_waits_on(self):
        proposal = self._propose(self.farid, self.room_lea)
        action = proposal.with_user(self.user_backoffice).action_refuse()
        wizard = (
            self.env["housing.application.reason.wizard"]
            .with_user(self.user_backoffice)
            .with_context(**action["context"])
            .create({"reason_id": self.env.ref("solidarity_housing.reason_proposal_location").id, "note": "Trop loin"})
        )
        wizard.action_confirm()
        self.assertEqual(
            (proposal.state, proposal.refused_by, proposal.reason_id.code, proposal.refusal_note),
            ("refused", "household", "proposal_location", "Trop loin"),
        )
        self.assertEqual((self.farid.state, self.farid.date_waiting), ("waiting", date(2025, 1, 10)))
        self.assertFalse(self.farid._housing_alerts())
        second = self._propose(self.farid, self.room_montreuil)
        with self.assertRaisesRegex(
            UserError, "“Location” is not a reason for a refused proposal decided by the association"
        ):
            second._refuse("association", self.env.ref("solidarity_housing.reason_proposal_location"))
        second._refuse("association", self.env.ref("solidarity_housing.reason_proposal_incompatibility"))
        self.assertEqual(second.reason_id.name, "Incompatibility with the flatmates")

    def test_proposals_not_answered_in_time_expire(self):
        proposal = self._propose(self.farid, self.room_lea)
        with freeze_time("2025-03-10"):
            self.assertFalse(self.env["housing.application.proposal"]._cron_expire())
        with freeze_time("2025-03-11"):
            self.assertEqual(self.env["housing.application.proposal"]._cron_expire(), proposal)
        self.assertEqual((proposal.state, proposal.date_answered), ("expired", date(2025, 3, 11)))
        self.assertEqual(self.farid.state, "waiting")
        done = self.env["mail.message"].search(
            [("model", "=", "housing.application"), ("res_id", "=", self.farid.id), ("body", "ilike", "expired")]
        )
        self.assertTrue(done)
        self.assertFalse(self.farid._housing_alerts())
        with self.assertRaisesRegex(UserError, "expired on 2025-03-10 without an answer"):
            proposal.action_accept()

    def test_a_room_without_a_head_lease_is_neither_listed_nor_proposed(self):
        unit = self._new_unit("Chambre sans bail", programme=self.programme_rooms, city="Paris", furnished=True)
        room = unit.room_ids
        self.assertNotIn(room, [line["room"] for line in self.farid._find_rooms(date(2025, 4, 1))])
        self.assertEqual(room._find_applications(date(2025, 4, 1)), [])
        with self.assertRaisesRegex(
            ValidationError,
            r"LOG-\d+ / Chambre 1 has no running head lease on 2025-04-01: the association sub-lets a room only once "
            r"it rents the dwelling. Start the head lease of \[LOG-\d+\] Chambre sans bail with its landlord first",
        ):
            self._propose(self.farid, room)
        # a lease that ends: the agreement prepared ends with it
        self._new_lease(unit, start="2025-01-01", date_end="2025-12-31")
        agreement = self.env["housing.occupancy"].browse(self._propose(self.farid, room).action_accept()["res_id"])
        self.assertEqual((agreement.date_start, agreement.date_end), (date(2025, 4, 1), date(2025, 12, 31)))
        agreement.action_activate()
        self.assertEqual(self.farid.state, "housed")

    def test_a_proposal_fits_the_household_s_date_programmes_and_money(self):
        with self.assertRaisesRegex(
            ValidationError,
            r"The household of .* Farid Ahmadi is available from 2025-04-01: the entry date \(2025-03-20\) cannot be "
            "earlier",
        ):
            self._propose(self.farid, self.room_lea, start="2025-03-20")
        with self.assertRaisesRegex(
            ValidationError,
            r"LOG-\d+ / Chambre 1 belongs to Domiciles partagés test, and the household of ORI-\d+ — Farid Ahmadi "
            "wishes Colocations solidaires test: propose a room of a programme it wishes",
        ):
            self._propose(self.farid, self.room_1)
        self._new_lease(self.unit, start="2025-01-01")
        anywhere = self._new_application(
            "Sans préférence", state="waiting", date_waiting="2025-02-01", programmes=self.env["housing.programme"]
        )
        self.assertEqual(self._propose(anywhere, self.room_1).programme_id, self.programme)
        with self.assertRaisesRegex(ValidationError, "The rent and the charges of .* cannot be negative"):
            self._propose(self.farid, self.room_lea, rent=-10.0)

    def test_the_caf_or_a_funder_paying_by_default_is_an_organisation(self):
        person = self.env["res.partner"].create({"name": "Jean Martin"})
        with self.assertRaisesRegex(
            ValidationError,
            r"Jean Martin is a person: the Housing allowance \(CAF\) share of Colocations solidaires test is billed by "
            "default to an organisation",
        ):
            self.programme_rooms.write(
                {"payer_ids": [Command.create({"payer_kind": "housing_allowance", "partner_id": person.id})]}
            )
        self.programme_rooms.write(
            {
                "payer_ids": [
                    Command.create({"payer_kind": "housing_allowance", "partner_id": self.caf.id, "amount": 90})
                ]
            }
        )
        agreement = self.env["housing.occupancy"].browse(
            self._propose(self.farid, self.room_lea).action_accept()["res_id"]
        )
        self.assertEqual(
            agreement.share_ids.filtered(lambda share: share.payer_kind == "housing_allowance").partner_id, self.caf
        )


@tagged("post_install", "-at_install")
@freeze_time("2025-03-03 10:00:00")
class TestPathwaysProposalRules(PathwaysSetup, TransactionCase):
    """A proposal's outcome follows its buttons, whoever writes (the back office has write rights, and any
    client can call write or create)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.farid = cls._new_application("Farid Ahmadi", state="waiting", date_waiting="2025-01-10")
        cls.proposal = cls._propose(cls.farid, cls.room_lea).with_user(cls.user_backoffice)

    def test_the_status_is_not_written_by_hand(self):
        for state in ("accepted", "refused", "expired", "cancelled"):
            with (
                self.subTest(state=state),
                self.assertRaisesRegex(
                    UserError,
                    "These follow the buttons of a proposal, not a change by hand: Status. Accept, refuse or cancel",
                ),
            ):
                self.proposal.write({"state": state})
        with self.assertRaisesRegex(UserError, "These follow the buttons of a proposal, not a change by hand: Room"):
            self.proposal.write({"room_id": self.room_montreuil.id})
        self.assertEqual((self.proposal.state, self.farid.state), ("open", "proposed"))
        self.proposal.action_cancel()
        with self.assertRaisesRegex(UserError, "These follow the buttons of a proposal, not a change by hand: Status"):
            self.proposal.write({"state": "open"})

    def test_a_proposal_is_recorded_awaiting_its_answer(self):
        self.proposal.action_cancel()
        Proposal = self.env["housing.application.proposal"].with_user(self.user_backoffice)
        values = {
            "application_id": self.farid.id,
            "room_id": self.room_montreuil.id,
            "date_start": "2025-04-01",
            "date_deadline": "2025-03-10",
        }
        for outcome in ({"state": "accepted"}, {"state": "refused"}, {"date_answered": "2025-03-03"}):
            with (
                self.subTest(outcome=outcome),
                self.assertRaisesRegex(
                    UserError, "A proposal is recorded awaiting an answer; it is then accepted, refused or cancelled"
                ),
            ):
                Proposal.create({**values, **outcome})
        # a proposal is made today
        proposal = Proposal.create({**values, "date_proposed": "2025-01-01"})
        self.assertEqual((proposal.state, proposal.date_proposed), ("open", date(2025, 3, 3)))

    def test_a_passed_deadline_is_not_extended(self):
        self.proposal.date_deadline = "2025-03-12"  # before it passes, the household gets more time
        with freeze_time("2025-03-13"):
            with self.assertRaisesRegex(
                UserError, "passed on 2025-03-12 without an answer: it cannot be extended, the proposal expires"
            ):
                self.proposal.write({"date_deadline": "2025-03-20"})
            with self.assertRaisesRegex(UserError, "expired on 2025-03-12 without an answer"):
                self.proposal.action_accept()
        self.proposal.with_user(self.user_backoffice)._refuse(
            "household", self.env.ref("solidarity_housing.reason_proposal_location")
        )
        with self.assertRaisesRegex(UserError, "is answered .Refused.: its terms no longer change"):
            self.proposal.write({"rent": 100.0})

    def test_the_pathway_flag_cannot_be_sent_by_a_client(self):
        forged = self.proposal.with_context(housing_application_flow=True)
        with self.assertRaisesRegex(UserError, "These follow the buttons of a proposal, not a change by hand: Status"):
            forged.write({"state": "accepted"})

    def test_a_deleted_agreement_cancels_the_proposal_accepted(self):
        agreement = self.env["housing.occupancy"].browse(self.proposal.action_accept()["res_id"])
        agreement.with_user(self.user_backoffice).unlink()
        self.assertEqual(
            (self.proposal.state, self.proposal.occupancy_id), ("cancelled", self.env["housing.occupancy"])
        )
        self.assertEqual(self.farid.state, "waiting")
        figures = self.env["housing.indicator"]._get_indicators(
            self.programme_rooms, date(2025, 3, 1), date(2025, 3, 31)
        )
        self.assertEqual(figures["total"]["proposals_by_outcome"], {"Proposal cancelled": 1})
