"""A database from before the absences' confidential details: its reasons and notes move into the details (read
like the household's support file), the old columns go."""

from datetime import date

from odoo.tests import tagged

from .common import HousingCase, migration


@tagged("post_install", "-at_install")
class TestHardeningMigration(HousingCase):
    def _columns(self):
        self.env.cr.execute(
            """SELECT column_name FROM information_schema.columns
                WHERE table_schema = current_schema() AND table_name = 'housing_absence'
                  AND column_name IN ('reason', 'note')"""
        )
        return sorted(row[0] for row in self.env.cr.fetchall())

    def test_old_reasons_and_notes_move_into_the_details(self):
        Absence = self.env["housing.absence"]
        fatima = self.env["res.partner"].create({"name": "Fatima Haddad"})
        # recorded before the upgrade: the reason in housing_absence's own columns, no detail
        old = Absence.create(
            {"partner_id": self.occupant.id, "company_id": self.company.id, "date_start": date(2024, 5, 2)}
        )
        # recorded by the upgraded addon: its detail was created empty, the old columns still hold the values
        empty = Absence.create({"partner_id": fatima.id, "company_id": self.company.id, "date_start": date(2024, 6, 1)})
        self.env.flush_all()
        cr = self.env.cr
        cr.execute("DELETE FROM housing_absence_detail WHERE absence_id = %s", [old.id])
        cr.execute("ALTER TABLE housing_absence ADD COLUMN reason varchar, ADD COLUMN note text")
        cr.execute(
            "UPDATE housing_absence SET reason = 'hospital', note = 'Opéré à Lariboisière.' WHERE id = %s", [old.id]
        )
        cr.execute("UPDATE housing_absence SET reason = 'family', note = 'Mariage au Maroc.' WHERE id = %s", [empty.id])
        self.assertEqual(self._columns(), ["note", "reason"])

        migration("post-absence").migrate(cr, "19.0.1.0.1")
        self.env.invalidate_all()

        self.assertEqual(self._columns(), [], "the old columns are dropped")
        details = self.env["housing.absence.detail"].search([("absence_id", "in", (old | empty).ids)])
        self.assertEqual(
            sorted(
                (d.absence_id.partner_id.name, d.reason, d.note, d.company_id, d.household_id.name) for d in details
            ),
            [
                ("Fatima Haddad", "family", "Mariage au Maroc.", self.company, "Fatima Haddad"),
                ("Mohamed Benali", "hospital", "Opéré à Lariboisière.", self.company, "Mohamed Benali"),
            ],
        )
        self.assertEqual((old.reason, old.note), ("hospital", "Opéré à Lariboisière."), "the screens read them again")
        # run again (an update that finds nothing to move): nothing changes
        migration("post-absence").migrate(cr, "19.0.1.1.0")
        self.assertEqual(len(self.env["housing.absence.detail"].search([("absence_id", "in", old.ids)])), 1)

    def test_reason_and_details_have_their_own_labels(self):
        fields = self.env["housing.absence"]._fields
        self.assertEqual((fields["reason"].string, fields["detail_ids"].string), ("Reason", "Confidential details"))
