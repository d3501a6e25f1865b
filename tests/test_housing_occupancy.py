from datetime import date
from decimal import Decimal

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged

from .common import HousingCase


@tagged("post_install", "-at_install")
class TestOccupancy(HousingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.lease = cls._new_lease()

    def test_agreement_fills_the_room_and_the_unit(self):
        occupancy = self._new_occupancy(partner=self.occupant)
        self.assertRegex(occupancy.name, r"^CONV-\d{4,}$")
        self.assertEqual(occupancy.lease_id, self.lease, "the running head lease of the unit is found")
        self.assertEqual(occupancy.occupancy_type, "sublet")
        self.assertEqual((occupancy.state, occupancy.amount_total), ("active", 450.0))
        self.assertEqual((self.room_1.occupied_beds, self.room_1.state), (1, "full"))
        self.assertEqual((self.unit.occupied_beds, self.unit.free_beds, self.unit.state), (1, 3, "partial"))
        self.assertEqual(self.unit.occupant_ids, self.occupant)
        self.assertEqual(self.programme.occupied_beds, 1)

    def test_household_counts(self):
        spouse = self.env["res.partner"].create(
            {"name": "Zohra Benali", "housing_birthdate": "1953-01-01", "housing_head_id": self.occupant.id}
        )
        child = self.env["res.partner"].create(
            {"name": "Sami Benali", "housing_birthdate": "2015-05-01", "housing_head_id": self.occupant.id}
        )
        occupancy = self._new_occupancy(
            room=False,
            unit_id=self._new_unit("T3 Curial", rooms=[2, 1]).id,
            partner=self.occupant,
            lease_id=False,
            occupancy_type="shelter",
        )
        self.assertEqual(occupancy.member_ids, spouse | child, "the household's members come with the signatory")
        self.assertEqual((occupancy.person_count, occupancy.adult_count, occupancy.child_count), (3, 2, 1))
        # a household renting the whole unit fills every room
        self.assertEqual(occupancy.unit_id.room_ids.mapped("state"), ["full", "full"])
        self.assertEqual(occupancy.unit_id.state, "full")

    def test_beds_are_never_over_occupied(self):
        first = self._new_occupancy(room=self.room_double, start="2025-01-01")
        self._new_occupancy(room=self.room_double, start="2025-02-01")
        self.assertEqual(self.room_double.state, "full")
        with self.assertRaisesRegex(
            ValidationError,
            r"has 2 bed\(s\) but overlapping agreements would house 3 persons there",
        ):
            self._new_occupancy(room=self.room_double, start="2025-03-01")
        # once the first household has left, its bed can be let again from the next day
        first._record_exit(date(2025, 3, 31), "permanent_housing")
        third = self._new_occupancy(room=self.room_double, start="2025-04-01")
        self.assertEqual(third.state, "active")
        with self.assertRaisesRegex(ValidationError, "overlapping agreements would house 3 persons"):
            third.date_start = "2025-03-31"
        # a couple does not fit a single room
        couple_head = self.env["res.partner"].create({"name": "Couple"})
        self.env["res.partner"].create({"name": "Conjoint", "housing_head_id": couple_head.id})
        with self.assertRaisesRegex(ValidationError, r"has 1 bed\(s\) but overlapping agreements would house 2"):
            self._new_occupancy(room=self.room_2, partner=couple_head)

    def test_whole_unit_and_rooms_exclude_each_other(self):
        self._new_occupancy(room=self.room_1)
        with self.assertRaisesRegex(ValidationError, "takes the whole unit .* but .* live there over these dates"):
            self._new_occupancy(room=False, unit_id=self.unit.id)
        other_unit = self._new_unit("Maison", rooms=[2, 2])
        self._new_lease(unit=other_unit)
        self._new_occupancy(room=False, unit_id=other_unit.id)
        with self.assertRaisesRegex(ValidationError, "is let as a whole to .* cannot take one of its rooms"):
            self._new_occupancy(room=other_unit.room_ids[0])

    def test_unavailable_room_is_refused(self):
        self.room_2.out_of_service = True
        with self.assertRaisesRegex(ValidationError, "is marked unavailable: it cannot house"):
            self._new_occupancy(room=self.room_2)

    def test_sublet_needs_a_running_head_lease_covering_it(self):
        unit = self._new_unit("Sans bail")
        with self.assertRaisesRegex(ValidationError, "sub-lets .* but has no running head lease: start the head lease"):
            self._new_occupancy(room=unit.room_ids, occupancy_type="sublet")
        lease = self._new_lease(unit=unit, start="2025-01-01", date_end="2025-12-31")
        with self.assertRaisesRegex(ValidationError, r"cannot outlast its head lease .*\(2025-01-01 to 2025-12-31\)"):
            self._new_occupancy(room=unit.room_ids, start="2024-12-01")
        with self.assertRaisesRegex(ValidationError, r"\(2025-02-01 to …\) cannot outlast its head lease"):
            self._new_occupancy(room=unit.room_ids, start="2025-02-01")
        occupancy = self._new_occupancy(room=unit.room_ids, start="2025-02-01", date_end="2025-12-31")
        self.assertEqual(occupancy.lease_id, lease)
        # a shelter needs no lease
        shelter = self._new_occupancy(room=self._new_unit("Mobil-home").room_ids, occupancy_type="shelter")
        self.assertFalse(shelter.lease_id)

    def test_dates_and_amounts_are_checked(self):
        with self.assertRaisesRegex(ValidationError, r"The end of term of .* \(2024-12-01\) is before its entry date"):
            self._new_occupancy(date_end="2024-12-01")
        occupancy = self._new_occupancy()
        with self.assertRaisesRegex(UserError, r"The exit date of .* \(2024-12-31\) is before its entry date"):
            occupancy._record_exit(date(2024, 12, 31), "unknown")
        with self.assertRaisesRegex(ValidationError, "cannot be negative"):
            occupancy.charges = -10

    def test_shares_split_the_monthly_amount(self):
        occupancy = self._new_occupancy(
            start="2025-01-15",
            shares=[
                {"payer_kind": "housing_allowance", "partner_id": self.caf.id, "amount": 250.0},
                {"payer_kind": "funder", "partner_id": self.funder.id, "amount_type": "percent", "percent": 10},
                {"payer_kind": "occupant", "is_remainder": True},
            ],
        )
        caf = occupancy.share_ids.filtered(lambda share: share.payer_kind == "housing_allowance")
        funder = occupancy.share_ids.filtered(lambda share: share.payer_kind == "funder")
        occupant = occupancy.share_ids.filtered(lambda share: share.payer_kind == "occupant")
        self.assertEqual(occupant.partner_id, occupancy.partner_id)
        # the allowance starts on the first day of the month after entry
        self.assertEqual(caf.date_start, date(2025, 2, 1))
        self.assertEqual(
            occupancy._split_at(date(2025, 1, 20)), {funder: Decimal("45.00"), occupant: Decimal("405.00")}
        )
        self.assertEqual(
            occupancy._split_at(date(2025, 2, 1)),
            {caf: Decimal("250.00"), funder: Decimal("45.00"), occupant: Decimal("155.00")},
        )
        # the allowance changes from 1 June: the old line stops, a new one starts
        caf.date_end = "2025-05-31"
        occupancy.share_ids = [
            Command.create(
                {
                    "payer_kind": "housing_allowance",
                    "partner_id": self.caf.id,
                    "amount": 265.5,
                    "date_start": "2025-06-01",
                }
            )
        ]
        split = occupancy._split_at(date(2025, 6, 1))
        self.assertEqual(sorted(split.values()), [Decimal("45.00"), Decimal("139.50"), Decimal("265.50")])
        self.assertEqual(sum(split.values()), Decimal("450.00"))

    def test_share_rules(self):
        occupancy = self._new_occupancy()
        with self.assertRaisesRegex(
            ValidationError, r"From 2025-01-01 the payers of .* would pay more than its monthly total of 450.0"
        ):
            occupancy.share_ids = [
                Command.create({"payer_kind": "funder", "partner_id": self.funder.id, "amount": 500})
            ]
        with self.assertRaisesRegex(ValidationError, r"needs exactly one payer of the rest \(found 2\)"):
            occupancy.share_ids = [Command.create({"payer_kind": "association", "is_remainder": True})]
        with self.assertRaisesRegex(ValidationError, r"needs exactly one payer of the rest \(found 0\)"):
            occupancy.share_ids.is_remainder = False
        with self.assertRaisesRegex(ValidationError, "pays for the whole agreement: remove the dates of its share"):
            occupancy.share_ids.date_start = "2025-03-01"
        with self.assertRaisesRegex(ValidationError, "Say who pays the Housing allowance \\(CAF\\) share"):
            occupancy.share_ids = [Command.create({"payer_kind": "housing_allowance", "amount": 100})]
        # raising the total is fine, lowering it under the fixed shares is not
        occupancy.share_ids = [Command.create({"payer_kind": "funder", "partner_id": self.funder.id, "amount": 300})]
        with self.assertRaisesRegex(ValidationError, "would pay more than its monthly total of 250.0"):
            occupancy.rent = 200
        draft = self._new_occupancy(room=self.room_2, shares=[], activate=False)
        with self.assertRaisesRegex(UserError, "Say who pays the monthly amount of .* before activating it"):
            draft.action_activate()

    def test_deposit_cap_return_and_penalty(self):
        with self.assertRaisesRegex(
            ValidationError, r"The deposit of .* \(450.0\) exceeds its legal cap of 400.0: one month of rent"
        ):
            self._new_occupancy(deposit=450)
        self.unit.furnished = True
        occupancy = self._new_occupancy(deposit=800)
        self.assertEqual(occupancy.deposit_cap, 800.0)
        with freeze_time("2025-09-20"):
            occupancy._record_exit(date(2025, 6, 30), "permanent_housing", inventory_matches=False)
            occupancy.invalidate_recordset(["deposit_return_deadline", "deposit_late_penalty"])
            # inventories differ: two months to return it; 20 September is within the first month late
            self.assertEqual(occupancy.deposit_return_deadline, date(2025, 8, 30))
            self.assertEqual(occupancy.deposit_late_penalty, 40.0)
        with freeze_time("2025-10-05"):
            occupancy.invalidate_recordset(["deposit_late_penalty"])
            self.assertEqual(occupancy.deposit_late_penalty, 80.0, "a second month started: 2 × 10 % of 400.00")
        occupancy.write({"deposit_returned_date": "2025-08-29", "deposit_returned_amount": 800})
        self.assertEqual(occupancy.deposit_late_penalty, 0.0)

    def test_rent_ceiling_of_the_landlord_convention(self):
        self.lease.rent_ceiling = 1000
        self._new_occupancy(room=self.room_1)
        self._new_occupancy(room=self.room_2)
        with self.assertRaisesRegex(
            ValidationError, r"On 2025-03-01 the agreements of .* would charge 1350.0 a month, above the ceiling .*1000"
        ):
            self._new_occupancy(room=self.room_double, start="2025-03-01")
        with self.assertRaisesRegex(ValidationError, "above the ceiling of the landlord's convention"):
            self.lease.rent_ceiling = 800

    def test_exit_frees_the_bed_and_ends_the_shares(self):
        with freeze_time("2025-06-10"):
            occupancy = self._new_occupancy()
            wizard = Form(self.env["housing.occupancy.exit.wizard"].with_context(default_occupancy_ids=occupancy.ids))
            wizard.exit_date = date(2025, 6, 30)
            wizard.exit_destination = "permanent_housing"
            wizard.save().action_confirm()
            self.assertEqual((occupancy.state, occupancy.exit_destination), ("notice", "permanent_housing"))
            self.assertEqual(self.room_1.state, "full", "still living there until the 30th")
        with freeze_time("2025-07-01"):
            self.env["housing.occupancy"]._cron_update_states()
            self.assertEqual(occupancy.state, "ended")
            self.assertEqual((self.room_1.occupied_beds, self.room_1.state), (0, "free"))

    def test_entry_in_the_future_fills_the_bed_on_its_day(self):
        with freeze_time("2025-06-10"):
            self._new_occupancy(start="2025-06-15")
            self.assertEqual(self.room_1.state, "free")
        with freeze_time("2025-06-15"):
            self.env["housing.occupancy"]._cron_update_states()
            self.assertEqual(self.room_1.state, "full")

    def test_prorata_method_is_stated(self):
        occupancy = self._new_occupancy(prorata_method="days_30")
        self.assertEqual(
            occupancy.prorata_statement,
            "A month started or left during the month is charged: monthly amount × days occupied / 30.",
        )

    def test_history_cannot_be_deleted(self):
        occupancy = self._new_occupancy()
        with self.assertRaisesRegex(UserError, "has been signed: end it instead of deleting it"):
            occupancy.unlink()
        with self.assertRaisesRegex(UserError, "has occupancy agreements: archive it instead of deleting it"):
            self.room_1.unlink()
        with self.assertRaisesRegex(UserError, "has leases or occupancy agreements: archive the unit instead"):
            self.unit.with_user(self.user_manager).unlink()
        draft = self._new_occupancy(room=self.room_2, activate=False)
        draft.unlink()
        self.assertFalse(draft.exists())

    def test_back_office_places_a_household_through_the_form(self):
        form = Form(self.env["housing.occupancy"].with_user(self.user_backoffice).with_company(self.company))
        form.partner_id = self.occupant
        form.room_id = self.room_2
        form.date_start = date(2025, 3, 10)
        form.rent = 380
        form.charges = 40
        with form.share_ids.new() as share:
            share.payer_kind = "housing_allowance"
            share.partner_id = self.caf
            share.amount = 200
        with form.share_ids.new() as share:
            share.payer_kind = "occupant"
            share.is_remainder = True
        occupancy = form.save()
        self.assertEqual(occupancy.unit_id, self.unit)
        self.assertEqual(occupancy.lease_id, self.lease)
        self.assertEqual(occupancy.share_ids.mapped("date_start"), [date(2025, 4, 1), False])
        occupancy.action_activate()
        self.assertEqual(self.room_2.state, "full")
