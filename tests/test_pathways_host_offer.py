from datetime import date

from freezegun import freeze_time

from odoo.exceptions import UserError, ValidationError
from odoo.tests import TransactionCase, tagged

from .common_pathways import PathwaysSetup


@tagged("post_install", "-at_install")
@freeze_time("2025-03-03 10:00:00")
class TestPathwaysHostOffer(PathwaysSetup, TransactionCase):
    def _new_offer(self, **values):
        return (
            self.env["housing.host.offer"]
            .with_user(self.user_backoffice)
            .create(
                {
                    "name": "Colocation de Jeanne — Pantin",
                    "company_id": self.company.id,
                    "contact_name": "Jeanne Dubois",
                    "email": "jeanne.dubois@example.fr",
                    "street": "21 rue Hoche",
                    "zip": "93500",
                    "city": "Pantin",
                    "room_surface": 11.0,
                    "furnished": True,
                    "date_available": "2025-04-01",
                    "room_rent": 450.0,
                    "room_charges": 30.0,
                    "host_contribution": 60.0,
                    "occupant_contribution": 150.0,
                    **values,
                }
            )
        )

    def test_an_agreed_room_becomes_a_unit_matched_then_hosting(self):
        offer = self._new_offer()
        # the association pays the flat 450 − 60 + 30 = 420.00 a month; the occupant pays it back 150.00
        self.assertEqual((offer.association_contribution, offer.association_net_cost), (420.0, 270.0))
        self.assertEqual((offer.programme_id, offer.stage), (self.programme_rooms, "contacted"))
        with freeze_time("2025-03-05"):
            offer.stage = "visit"  # interested and visited the same day
        with freeze_time("2025-03-10"):
            offer.stage = "agreed"
        self.assertEqual(
            (offer.date_contacted, offer.date_interested, offer.date_visit, offer.date_agreed),
            (date(2025, 3, 3), date(2025, 3, 5), date(2025, 3, 5), date(2025, 3, 10)),
        )
        offer.action_create_unit()
        unit, lease = offer.unit_id, offer.lease_id
        self.assertEqual(offer.partner_id.name, "Jeanne Dubois")
        self.assertEqual(
            (unit.unit_type, unit.programme_id, unit.landlord_id, unit.city, unit.zip, unit.furnished, unit.surface),
            ("shared_flat_room", self.programme_rooms, offer.partner_id, "Pantin", "93500", True, 11.0),
        )
        self.assertEqual(unit.room_ids.mapped(lambda room: (room.capacity, room.surface)), [(1, 11.0)])
        self.assertEqual(
            (lease.lease_type, lease.state, lease.landlord_id, lease.date_start, lease.rent, lease.charges),
            ("sublet", "running", offer.partner_id, date(2025, 4, 1), 390.0, 30.0),
        )
        # the landlords' bills pay the host flat 390.00 + 30.00 each month
        due = lease._prepare_rent_lines(date(2025, 4, 1))
        self.assertEqual(
            [(line["direction"], line["partner_id"], line["amount"]) for line in due],
            [("payable", offer.partner_id.id, 420.0)],
        )
        with self.assertRaisesRegex(UserError, "is already the unit"):
            offer.action_create_unit()
        # ready to match: a household on the waiting list accepts it
        application = self._new_application("Aminata Koné", state="waiting", date_waiting="2025-01-15")
        self.assertIn(unit.room_ids, [line["room"] for line in application._find_rooms(date(2025, 4, 1))])
        proposal = self._propose(application, unit.room_ids)
        self.assertEqual((proposal.rent, proposal.charges), (390.0, 30.0))
        agreement = self.env["housing.occupancy"].browse(proposal.action_accept()["res_id"])
        # the occupant pays what the offer says, the association the rest: 150.00 + 270.00
        self.assertEqual(
            agreement.share_ids.mapped(lambda share: (share.payer_kind, share.amount, share.is_remainder)),
            [("occupant", 150.0, False), ("association", 0.0, True)],
        )
        self.assertEqual(sorted(agreement._split_at(date(2025, 4, 1)).values()), [150, 270])
        with freeze_time("2025-03-20"):
            agreement.action_activate()
        self.assertEqual((offer.stage, offer.date_hosting), ("hosting", date(2025, 3, 20)))
        with freeze_time("2025-09-30"):
            offer.action_end()
        self.assertEqual((offer.stage, offer.date_ended), ("ended", date(2025, 9, 30)))

    def test_an_offer_without_address_or_rent_is_not_a_unit(self):
        offer = self._new_offer(street=False)
        with self.assertRaisesRegex(UserError, "Only an offer whose room is agreed becomes a unit"):
            offer.action_create_unit()
        offer.stage = "agreed"
        with self.assertRaisesRegex(UserError, "has no address: enter the street and the city"):
            offer.action_create_unit()
        offer.write({"street": "21 rue Hoche", "room_rent": 0, "host_contribution": 0, "occupant_contribution": 0})
        with self.assertRaisesRegex(UserError, "has no rent: enter the rent of the room"):
            offer.action_create_unit()
        self.assertFalse(offer.unit_id)
        self.assertFalse(
            self.env["housing.unit"].search([("company_id", "=", self.company.id), ("city", "=", "Pantin")])
        )
        with self.assertRaisesRegex(ValidationError, "hosts once its room is a unit of the programme"):
            offer.stage = "hosting"

    def test_the_money_of_an_offer_adds_up(self):
        with self.assertRaisesRegex(ValidationError, "would keep paying 500.0 of a room rented 450.0"):
            self._new_offer(host_contribution=500.0)
        with self.assertRaisesRegex(ValidationError, "would pay 450.0 a month, more than the association pays"):
            self._new_offer(occupant_contribution=450.0)
        with self.assertRaisesRegex(ValidationError, "is not an e-mail address"):
            self._new_offer(email="jeanne at example")

    def test_declined_then_reopened(self):
        offer = self._new_offer()
        offer.stage = "interested"
        with freeze_time("2025-03-12"):
            offer.action_decline()
        self.assertEqual((offer.stage, offer.date_declined), ("declined", date(2025, 3, 12)))
        offer.action_reopen()
        self.assertEqual(
            (offer.stage, offer.date_declined, offer.date_interested), ("contacted", False, date(2025, 3, 3))
        )
        self.assertEqual(offer.reached_interested, 1)

    def test_a_room_whose_head_lease_starts_next_month_is_matched_from_that_day(self):
        # the host flat agrees on a room free from 1 April: its unit is sub-let under a lease starting then
        offer = self._new_offer()
        offer.stage = "agreed"
        offer.action_create_unit()
        room = offer.unit_id.room_ids
        self.assertEqual(offer.lease_id.date_start, date(2025, 4, 1))
        # a household available today: the room is listed, from the start of its lease
        application = self._new_application("Aminata Koné", state="waiting", date_waiting="2025-01-15")
        action = application.with_user(self.user_backoffice).action_find_rooms()
        match = self.env["housing.application.match"].browse(action["res_id"]).with_user(self.user_backoffice)
        self.assertEqual(match.date, date(2025, 3, 3))
        line = match.line_ids.filtered(lambda line: line.room_id == room)
        self.assertEqual(line.date_start, date(2025, 4, 1))
        # from the room, the households are looked for from that day too
        room_match = self.env["housing.application.match"].browse(
            room.with_user(self.user_backoffice).action_find_applications()["res_id"]
        )
        self.assertEqual((room_match.date, room_match.lease_note), (date(2025, 4, 1), False))
        room_match.date = date(2025, 3, 10)
        self.assertEqual(
            room_match.lease_note,
            "The head lease of this dwelling starts on 2025-04-01: a household enters the room from that day.",
        )
        self.assertFalse(room._find_applications(date(2025, 3, 10)))
        # proposed before its lease starts, the room is refused with what to do
        with self.assertRaisesRegex(
            ValidationError,
            r"is not sub-let before 2025-04-01: the head lease of \[LOG-\d+\] Room at Jeanne Dubois — Pantin starts on "
            "that day, and a household enters a room only under a running head lease. Propose it from 2025-04-01.",
        ):
            self._propose(application, room, start="2025-03-10")
        # proposed from the screen, accepted, the agreement is activated: the household is housed
        proposal = self.env["housing.application.proposal"].browse(line.action_propose()["res_id"])
        self.assertEqual(proposal.date_start, date(2025, 4, 1))
        agreement = self.env["housing.occupancy"].browse(
            proposal.with_user(self.user_backoffice).action_accept()["res_id"]
        )
        self.assertEqual((agreement.date_start, agreement.lease_id), (date(2025, 4, 1), offer.lease_id))
        agreement.with_user(self.user_backoffice).action_activate()
        self.assertEqual((agreement.state, application.state, offer.stage), ("active", "housed", "hosting"))

    def test_an_offer_s_unit_lease_and_figures_are_consistent(self):
        with self.assertRaisesRegex(ValidationError, "counts -2 flatmates: enter how many persons live in the flat"):
            self._new_offer(flatmate_count=-2)
        with self.assertRaisesRegex(ValidationError, "The amounts of .* cannot be negative"):
            self._new_offer(room_charges=-10.0)
        offer = self._new_offer()
        offer.stage = "agreed"
        offer.action_create_unit()
        other_lease = self.lease_lea
        with self.assertRaisesRegex(
            ValidationError,
            r"The head lease BAIL-\d+ is the lease of \[LOG-\d+\] Chambre chez Léa, not of the unit of Colocation de "
            "Jeanne — Pantin",
        ):
            offer.lease_id = other_lease
        with self.assertRaisesRegex(
            ValidationError,
            r"The unit \[LOG-\d+\] Room at Jeanne Dubois — Pantin of Colocation de Jeanne — Pantin belongs to "
            "Colocations solidaires test, not to Domiciles partagés test",
        ):
            offer.programme_id = self.programme
        # the people of an offer are those of its association
        with self.assertRaisesRegex(UserError, "company inconsistencies"):
            offer.user_id = self.user_other_company
