from datetime import date

from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged

from .common import HousingCase


@tagged("post_install", "-at_install")
class TestRentRevision(HousingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.lease = cls._new_lease(start="2024-09-01", rent=1000, revision_clause=True, revision_quarter="2")

    def _wizard(self, records=None, run_date="2025-09-01", model="housing.lease"):
        context = {"default_res_model": model, "default_run_date": run_date}
        if records is not None:
            context["default_res_ids"] = records.ids
        return Form(self.env["housing.rent.revision.wizard"].with_user(self.user_backoffice).with_context(**context))

    def test_irl_table_ships_insee_values(self):
        irl = self.env["housing.irl"]
        self.assertGreaterEqual(irl.search_count([("year", ">=", 2019), ("year", "<=", 2025)]), 27)
        self.assertEqual(irl._get(2025, 1).value, 145.47)
        self.assertEqual(irl._get(2023, 4).value, 142.06)
        self.assertEqual(irl._get(2025, 2).published_on, date(2025, 7, 15))
        with self.assertRaisesRegex(ValidationError, "A year has quarters 1 to 4, not 5"):
            irl.create({"year": 2026, "quarter": 5, "value": 147})
        with self.assertRefusedByDatabase(
            "housing.irl", "This quarter already has an IRL value: correct it instead of adding another one."
        ):
            irl.create({"year": 2025, "quarter": 1, "value": 145.0})

    def test_revision_on_the_anniversary(self):
        self.assertEqual(self.lease.revision_date, date(2025, 9, 1))
        wizard = self._wizard(self.lease).save()
        line = wizard.line_ids
        # on 1 September 2025 the latest Q2 index is Q2 2025 (146.68), a year before: Q2 2024 (145.17)
        # 1000 × 146.68 / 145.17 = 1010.4016 → 1010.40
        self.assertEqual((line.irl_new_value, line.irl_old_value, line.new_rent), (146.68, 145.17, 1010.40))
        self.assertEqual(line.date, date(2025, 9, 1))
        wizard.action_apply()
        revision = self.lease.revision_ids
        self.assertEqual((self.lease.rent, self.lease.revision_date), (1010.40, date(2026, 9, 1)))
        self.assertEqual(
            (revision.old_rent, revision.new_rent, revision.irl_new_id.display_name, revision.irl_old_id.display_name),
            (1000.0, 1010.40, "Q2 2025", "Q2 2024"),
        )
        self.assertEqual(self.lease._rent_at(date(2025, 8, 31)), 1000.0)
        self.assertEqual(self.lease._rent_at(date(2025, 9, 1)), 1010.40)

    def test_revision_is_never_retroactive_and_lost_after_a_year(self):
        self.lease._apply_revisions([self.lease._prepare_revision(date(2025, 11, 10))])
        self.assertEqual(self.lease.revision_ids.date, date(2025, 11, 10), "asked late: applies from the request")
        self.assertEqual(self.lease._rent_at(date(2025, 10, 31)), 1000.0)
        other = self._new_lease(
            unit=self._new_unit("Autre"), start="2023-05-01", rent=800, revision_clause=True, revision_date="2024-05-01"
        )
        with self.assertRaisesRegex(UserError, "due on 2024-05-01 was not asked within a year: it is lost"):
            other._prepare_revision(date(2025, 5, 2))

    def test_next_revision_waits_for_the_new_index(self):
        self.lease._apply_revisions([self.lease._prepare_revision(date(2025, 9, 1))])
        with self.assertRaisesRegex(
            UserError, r"The IRL of Q2 2026 \(published by INSEE around 2026-07-15\) is needed to revise"
        ):
            self.lease._prepare_revision(date(2026, 9, 1))
        self.env["housing.irl"].create({"year": 2026, "quarter": 2, "value": 148.15})
        values = self.lease._prepare_revision(date(2026, 9, 1))
        # 1010.40 × 148.15 / 146.68 = 1020.5254 → 1020.53
        self.assertEqual((values["old_rent"], values["new_rent"]), (1010.40, 1020.53))
        no_clause = self._new_lease(unit=self._new_unit("Sans clause"))
        with self.assertRaisesRegex(UserError, "has no revision clause: its rent cannot be revised"):
            no_clause._prepare_revision(date(2026, 9, 1))

    def test_all_due_revisions_at_once(self):
        unit_b, unit_c = self._new_unit("B"), self._new_unit("C")
        due_b = self._new_lease(unit=unit_b, start="2024-08-01", rent=700, revision_clause=True, revision_quarter="1")
        not_due = self._new_lease(unit=unit_c, start="2025-01-01", rent=900, revision_clause=True)
        other_programme = self.programme.copy({"code": "AUTRE", "company_id": self.other_company.id})
        other_company_lease = self._new_lease(
            unit=self._new_unit("Ailleurs", programme=other_programme), start="2024-08-01", revision_clause=True
        )
        wizard = self._wizard(run_date="2025-09-01").save()
        self.assertEqual(sorted(wizard.line_ids.mapped("res_id")), sorted([self.lease.id, due_b.id]))
        self.assertEqual((wizard.ready_count, wizard.error_count), (2, 0))
        wizard.action_apply()
        # Q1 2025 (145.47) / Q1 2024 (143.46): 700 × 145.47 / 143.46 = 709.8083 → 709.81
        self.assertEqual((self.lease.rent, due_b.rent, not_due.rent), (1010.40, 709.81, 900.0))
        self.assertEqual(other_company_lease.rent, 1200.0, "another company's lease is not the back office's to revise")
        self.assertFalse(self._wizard(run_date="2025-09-01").save().line_ids, "nothing due any more")

    def test_agreements_are_revised_too(self):
        occupancy = self._new_occupancy(start="2024-10-01", revision_clause=True, revision_quarter="3")
        self.assertEqual(occupancy.revision_date, date(2025, 10, 1))
        wizard = self._wizard(occupancy, run_date="2025-10-20", model="housing.occupancy").save()
        line = wizard.line_ids
        # Q3 2025 is only published on 15 October: on the anniversary the latest Q3 index is Q3 2024
        # 400 × 144.51 (Q3 2024) / 141.03 (Q3 2023) = 409.8702 → 409.87, from the request (20 October)
        self.assertEqual((line.irl_new_value, line.irl_old_value, line.new_rent), (144.51, 141.03, 409.87))
        self.assertEqual(line.date, date(2025, 10, 20))
        wizard.action_apply()
        self.assertEqual((occupancy.rent, occupancy.amount_total), (409.87, 459.87))
        self.assertEqual(occupancy._rent_at(date(2025, 10, 19)), 400.0)
