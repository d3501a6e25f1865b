from datetime import date

from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged

from .common import HousingCase


@tagged("post_install", "-at_install")
class TestHousingStock(HousingCase):
    def test_unit_reference_capacity_and_state(self):
        self.assertRegex(self.unit.ref, r"^LOG-\d{4,}$")
        self.assertEqual(self.unit.display_name, f"[{self.unit.ref}] Appartement Tanger")
        self.assertEqual(self.room_1.display_name, f"{self.unit.ref} / Chambre 1")
        self.assertEqual((self.unit.room_count, self.unit.capacity, self.unit.free_beds), (3, 4, 4))
        self.assertEqual(self.unit.state, "free")
        self.assertEqual(self.programme.capacity, 4)
        self.assertEqual(self.programme.unit_count, 1)
        # 10 places expected by the funders, 4 found so far
        self.assertEqual(self.programme.places_gap, 6)

    def test_beds_follow_the_rooms(self):
        self.room_double.capacity = 3
        self.assertEqual(self.unit.capacity, 5)
        self.room_2.out_of_service = True
        self.assertEqual(self.room_2.state, "unavailable")
        self.assertEqual((self.unit.capacity, self.unit.free_beds), (5, 4))
        self.room_1.active = False
        self.assertEqual((self.unit.room_count, self.unit.capacity, self.unit.free_beds), (2, 4, 3))
        self.unit.out_of_service = True
        self.assertEqual((self.unit.state, self.unit.free_beds, self.room_double.free_beds), ("unavailable", 0, 0))

    def test_two_units_get_two_references(self):
        other = self._new_unit("Appartement Curial")
        self.assertNotEqual(other.ref, self.unit.ref)
        self.assertEqual(self.programme.capacity, 5)

    def test_duplicate_reference_in_a_company_is_refused(self):
        message = "Another unit of this company already has this reference: each unit needs its own."
        with self.assertRefusedByDatabase("housing.unit", message):
            self._new_unit("Doublon", ref=self.unit.ref)
        other = self._new_unit("Autre")
        with self.assertRefusedByDatabase("housing.unit", message):
            other.ref = self.unit.ref
            other.flush_recordset()
        # the same reference is free in another company
        other_programme = self.programme.copy({"code": "DPT2", "company_id": self.other_company.id})
        twin = self._new_unit("Jumeau", programme=other_programme, ref=self.unit.ref)
        self.assertEqual(twin.ref, self.unit.ref)

    def test_negative_surface_and_capacity_are_refused(self):
        with self.assertRaisesRegex(ValidationError, r"The surface of .* cannot be negative \(-5.0 m²\)"):
            self._new_unit("Négatif", surface=-5)
        with self.assertRaisesRegex(ValidationError, "must have at least one bed \\(-1 entered\\)"):
            self.room_1.capacity = -1
        with self.assertRaisesRegex(ValidationError, "must have at least one bed \\(0 entered\\)"):
            self.unit.write({"room_ids": [Command.create({"name": "Placard", "capacity": 0})]})
        with self.assertRaisesRegex(ValidationError, r"The surface of room .* cannot be negative \(-2.0 m²\)"):
            self.room_2.surface = -2

    def test_programme_rules(self):
        with self.assertRefusedByDatabase(
            "housing.programme",
            "A programme with this code already exists in this company: choose another code.",
        ):
            self.programme.copy({"code": "DPT"})
        with self.assertRaisesRegex(ValidationError, r"cannot end \(2025-01-01\) before it starts \(2025-06-01\)"):
            self.programme.copy({"code": "D1", "date_start": "2025-06-01", "date_end": "2025-01-01"})
        with self.assertRaisesRegex(ValidationError, r"The target places of .* cannot be negative \(-3\)"):
            self.programme.copy({"code": "D2", "places_target": -3})

    def test_deleting_what_has_history_is_refused(self):
        with self.assertRaisesRegex(UserError, "has housing units: archive it instead of deleting it"):
            self.programme.with_user(self.user_manager).unlink()
        # an empty programme can go
        empty = self.programme.copy({"code": "VIDE"})
        empty.with_user(self.user_manager).unlink()
        self.assertFalse(empty.exists())

    def test_create_unit_through_the_form(self):
        form = Form(self.env["housing.unit"].with_user(self.user_backoffice).with_company(self.company))
        form.name = "Mobil-home 7"
        form.programme_id = self.programme
        form.unit_type = "mobile_home"
        with form.room_ids.new() as room:
            room.name = "Mobil-home entier"
            room.capacity = 5
        unit = form.save()
        self.assertEqual((unit.capacity, unit.free_beds, unit.state), (5, 5, "free"))
        self.assertEqual(unit.country_id, self.env.ref("base.fr"))
        self.assertTrue(unit.ref.startswith("LOG-"))

    def test_household_counts_adults_and_children(self):
        head = self.env["res.partner"].create(
            {"name": "Ion Popescu", "housing_birthdate": "1985-03-02", "housing_relationship": "head"}
        )
        child = self.env["res.partner"].create(
            {
                "name": "Elena Popescu",
                "housing_birthdate": "2008-06-15",
                "housing_relationship": "child",
                "housing_head_id": head.id,
            }
        )
        self.assertEqual(head.housing_household_size, 2)
        self.assertEqual(head.housing_member_ids, child)
        # 18 on 15 June 2026: a child the day before, an adult that day
        self.assertTrue(child._housing_is_child(date(2026, 6, 14)))
        self.assertFalse(child._housing_is_child(date(2026, 6, 15)))
        self.assertFalse(head._housing_is_child(date(2026, 6, 15)))

    def test_french_speaking_users_read_french(self):
        french = self.env(context={"lang": "fr_FR"})
        self.assertEqual(self.env.ref("solidarity_housing.housing_menu_root").with_env(french).name, "Logement")
        self.assertEqual(
            dict(french["housing.unit"]._fields["unit_type"]._description_selection(french))["shared_flat_room"],
            "Chambre en colocation",
        )
        with self.assertRaisesRegex(ValidationError, "La chambre .* doit avoir au moins un lit"):
            self.room_1.with_env(french).capacity = 0
