from datetime import date

from odoo.tests import HttpCase, tagged

from ..models.housing_import_template import TEMPLATES
from .common import HousingCase, HousingSetup

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@tagged("post_install", "-at_install")
class TestImportTemplates(HousingCase):
    """Associations arrive with spreadsheets: each template imports as it is, in French, through Odoo's import."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("fr_FR")
        # what the templates' example rows name
        cls.env["housing.programme"].create(
            {"name": "Domiciles partagés", "code": "DP", "scheme_type": "shared_home", "company_id": cls.company.id}
        )
        cls.env["res.partner"].create(
            [{"name": "Paris Habitat", "is_company": True}, {"name": "CAF de Paris", "is_company": True}]
        )

    def _import(self, key, user=None):
        """Import the template ``key`` as a French user; returns the records created."""
        user = user or self.user_backoffice
        user.lang = "fr_FR"
        env = self.env(user=user, context={"lang": "fr_FR", "allowed_company_ids": self.company.ids})
        model = TEMPLATES[key]["model"]
        self.assertIn(
            f"/solidarity_housing/import_template/{key}",
            [template["template"] for template in env[model].get_import_templates()],
        )
        wizard = env["base_import.import"].create(
            {
                "res_model": model,
                "file": env["housing.import.template"]._render(key),
                "file_type": XLSX,
                "file_name": f"{key}.xlsx",
            }
        )
        options = {
            "has_headers": True,
            "quoting": '"',
            "separator": ",",
            "date_format": "%Y-%m-%d",
            "float_decimal_separator": ".",
            "float_thousand_separator": ",",
        }
        preview = wizard.parse_preview(options)
        self.assertNotIn("error", preview, preview.get("error"))
        headers = preview["headers"]
        matches = {int(index): path for index, path in preview["matches"].items()}
        fields = ["/".join(matches.get(index) or []) for index in range(len(headers))]
        # every French header maps to its field by itself
        self.assertEqual(fields, TEMPLATES[key]["columns"], headers)
        result = wizard.execute_import(fields, headers, options)
        errors = [message for message in result["messages"] if message["type"] == "error"]
        self.assertFalse(errors, errors)
        return env[model].browse(result["ids"])

    def test_templates_are_written_in_french(self):
        content = self.env["housing.import.template"].with_context(lang="fr_FR")._render("agreements")
        wizard = self.env["base_import.import"].create(
            {"res_model": "housing.occupancy", "file": content, "file_type": XLSX, "file_name": "a.xlsx"}
        )
        preview = wizard.parse_preview({"has_headers": True, "quoting": '"', "separator": ","})
        self.assertEqual(
            preview["headers"][:4], ["Signataire", "Logement", "Chambre", "Date d'entrée"], "the fields' French labels"
        )
        self.assertIn("Payeurs/Payeur", preview["headers"])
        self.assertEqual(preview["preview"][9][:2], ["Occupant", "Allocation logement (CAF)"], "selections by label")

    def test_each_template_imports_its_records(self):
        units = self._import("units")
        self.assertEqual(
            [
                (u.name, u.programme_id.name, u.unit_type, u.city, u.surface, u.furnished, u.landlord_id.name)
                for u in units
            ],
            [
                ("Appartement Belleville", "Domiciles partagés", "t4", "Paris", 82.0, True, "Paris Habitat"),
                ("Studio Ménilmontant", "Domiciles partagés", "t1", "Paris", 24.0, False, "Paris Habitat"),
            ],
        )
        self.assertEqual(
            [(room.name, room.capacity, room.surface) for room in units[0].room_ids],
            [("Chambre 1", 1, 12.0), ("Chambre 2", 1, 11.5), ("Chambre 3", 3, 16.0)],
        )
        self.assertEqual((units[0].capacity, units.company_id), (5, self.company))

        heads = self._import("households")
        self.assertEqual(heads.mapped("name"), ["Amina Diallo", "Mohamed Benali"])
        amina = heads[0]
        self.assertEqual(
            [(m.name, m.housing_birthdate, m.housing_relationship) for m in amina.housing_member_ids],
            [("Moussa Diallo", date(2012, 5, 2), "child"), ("Awa Diallo", date(2016, 9, 20), "child")],
        )
        self.assertEqual(
            (amina.housing_birthdate, amina.housing_household_size, amina.phone),
            (date(1985, 3, 14), 3, "06 12 34 56 78"),
        )

        leases = self._import("leases")
        self.assertEqual(
            [
                (lease.unit_id, lease.lease_type, lease.date_start, lease.rent, lease.charges, lease.rent_ceiling)
                for lease in leases
            ],
            [
                (units[0], "sublet", date(2025, 1, 1), 1200.0, 150.0, 1500.0),
                (units[1], "sliding_lease", date(2025, 3, 1), 520.0, 60.0, 0.0),
            ],
        )
        self.assertEqual(set(leases.mapped("state")), {"draft"}, "imported leases wait to be started")
        leases.action_start()

        agreements = self._import("agreements")
        amina_agreement, mohamed_agreement = agreements
        self.assertEqual(
            (amina_agreement.partner_id, amina_agreement.room_id, amina_agreement.unit_id, amina_agreement.lease_id),
            (amina, units[0].room_ids[2], units[0], leases[0]),
        )
        self.assertEqual(amina_agreement.member_ids, amina.housing_member_ids, "the household comes along")
        self.assertEqual(amina_agreement.person_count, 3)
        self.assertEqual(
            sorted(
                (s.payer_kind, s.partner_id.name, s.amount, s.is_remainder, s.date_start)
                for s in amina_agreement.share_ids
            ),
            [
                ("housing_allowance", "CAF de Paris", 210.0, False, date(2025, 3, 1)),
                ("occupant", "Amina Diallo", 0.0, True, False),
            ],
        )
        self.assertEqual((mohamed_agreement.room_id, mohamed_agreement.unit_id), (self.env["housing.room"], units[1]))
        self.assertEqual(
            sorted((s.payer_kind, s.amount, s.is_remainder) for s in mohamed_agreement.share_ids),
            [("association", 0.0, True), ("occupant", 200.0, False)],
        )
        agreements.action_activate()
        self.assertEqual(set(agreements.mapped("state")), {"active"})
        self.assertEqual(units[0].room_ids[2].occupied_beds, 3, "Amina's household of 3 fills the family room")

    def test_a_room_is_found_by_its_dwelling_and_name(self):
        Room = self.env["housing.room"]
        room = self.room_2
        for name in (f"{self.unit.ref} / Chambre 2", "Appartement Tanger / chambre 2"):
            self.assertEqual(Room.name_search(name, operator="=")[0][0], room.id, name)
        self.assertFalse(Room.name_search("Appartement Oran / Chambre 2", operator="="))


@tagged("post_install", "-at_install")
class TestImportTemplateDownload(HousingSetup, HttpCase):
    def test_the_template_downloads_for_the_staff_only(self):
        response = self.url_open("/solidarity_housing/import_template/units", allow_redirects=False)
        self.assertIn(response.status_code, (302, 303), "anonymous visitors are sent to the login page")
        self.authenticate(self.user_backoffice.login, self.user_backoffice.login)
        response = self.url_open("/solidarity_housing/import_template/units")
        self.assertEqual((response.status_code, response.headers["Content-Type"]), (200, XLSX))
        self.assertTrue(response.content.startswith(b"PK"), "an XLSX file")
        self.assertIn("attachment", response.headers["Content-Disposition"])
