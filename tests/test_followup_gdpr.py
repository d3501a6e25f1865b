import base64
import json
from datetime import date, datetime

from freezegun import freeze_time

from odoo import Command
from odoo.tests import TransactionCase, tagged

from .common_followup import FollowupSetup


@tagged("post_install", "-at_install")
class TestFollowupPersonalData(FollowupSetup, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        with freeze_time("2019-06-01 10:00:00"):
            # a file closed on 1 June 2019, long ago
            cls.old_file = cls._new_followup(
                cls.head,
                date_start=date(2019, 1, 7),
                state="active",
                assessment_ids=[Command.create({"domain_id": cls.domain_health.id, "situation": "Suivi diabète."})],
                goal_ids=[Command.create({"domain_id": cls.domain_health.id, "name": "Obtenir l'AME"})],
                meeting_ids=[
                    Command.create({"date": datetime(2019, 3, 4, 10), "duration": 2.0, "summary": "Visite au CHU."}),
                    Command.create({"date": datetime(2019, 4, 1, 10), "duration": 1.5, "summary": "Préfecture."}),
                ],
            )
            cls.old_file.message_post(
                body="Hospitalisation de Maria.", message_type="comment", subtype_xmlid="mail.mt_note"
            )
            cls.old_file._close("left", date(2019, 6, 1))
            cls._set_social(cls.head, caf_number="1234567", health_cover="ame", asylum_status="refugee")
            cls._set_social(cls.spouse, residence_document="receipt")
            cls.env["housing.absence"].create(
                {
                    "partner_id": cls.head.id,
                    "date_start": "2019-02-01",
                    "date_end": "2019-02-10",
                    "reason": "hospital",
                    "note": "Opération.",
                    "company_id": cls.company.id,
                }
            )
        cls.head.write({"email": "ion.popescu@example.org", "phone": "+33 6 00 00 00 00", "street": "3 rue Bleue"})
        # a household followed recently
        cls.recent_head = cls.env["res.partner"].create({"name": "Amina Yusuf", "housing_birthdate": "2000-01-27"})
        with freeze_time("2023-01-01 10:00:00"):
            cls.recent_file = cls._new_followup(
                cls.recent_head,
                date_start=date(2022, 1, 3),
                state="active",
                meeting_ids=[Command.create({"date": datetime(2022, 5, 2, 10), "duration": 1.0, "summary": "Bilan."})],
            )
            cls.recent_file._close("goals_reached", date(2023, 1, 1))

    @freeze_time("2025-03-20")
    def test_retention_job_archives_then_anonymises(self):
        Followup = self.env["housing.followup"].with_context(active_test=False)
        self.run_job("_cron_followup_retention")
        # closed on 1 January 2023: more than 2 years, archived; less than 5 years, untouched
        self.assertEqual((self.recent_file.active, self.recent_file.anonymised), (False, False))
        self.assertEqual(self.recent_file.meeting_ids.summary, "Bilan.")
        self.assertEqual(self.recent_head.name, "Amina Yusuf")
        # closed on 1 June 2019: more than 5 years, anonymised with its household
        old = Followup.browse(self.old_file.id)
        self.assertEqual((old.active, old.anonymised, old.date_anonymised), (False, True, date(2025, 3, 20)))
        self.assertFalse(old.assessment_ids)
        self.assertEqual(old.goal_ids.name, "Anonymised goal")
        self.assertEqual(old.meeting_ids.mapped("summary"), [False, False])
        # the figures funders count stay: 2 meetings, 3.5 hours, one goal in health
        self.assertEqual((old.meeting_count, old.meeting_hours, old.goal_ids.domain_id), (2, 3.5, self.domain_health))
        self.assertFalse(self.env["mail.message"].search([("model", "=", "housing.followup"), ("res_id", "=", old.id)]))
        for person in (self.head, self.spouse, self.child):
            self.assertEqual(person.name, f"Anonymised person {person.id}")
            self.assertFalse(self.env["housing.social.profile"].search([("partner_id", "=", person.id)]))
        self.assertEqual((self.head.email, self.head.phone, self.head.street), (False, False, False))
        self.assertEqual(self.head.housing_birthdate, date(1981, 1, 1))
        absence = self.env["housing.absence"].search([("partner_id", "=", self.head.id)])
        self.assertEqual((absence.days, absence.reason, absence.note), (10, "other", False))
        # the job runs again: nothing else changes
        self.run_job("_cron_followup_retention")
        self.assertEqual(self.recent_head.name, "Amina Yusuf")

    @freeze_time("2025-03-20")
    def test_a_person_followed_again_keeps_their_name(self):
        self._new_followup(self.head, date_start=date(2025, 1, 6))
        self.run_job("_cron_followup_retention")
        self.assertTrue(self.old_file.anonymised)
        self.assertEqual(self.old_file.goal_ids.name, "Anonymised goal")
        self.assertEqual(self.head.name, "Ion Popescu")
        self.assertEqual(self.head.with_user(self.user_manager).housing_caf_number, "1234567")

    @freeze_time("2025-03-20")
    def test_retention_periods_are_the_company_s(self):
        self.company.write({"housing_followup_archive_years": 1, "housing_followup_anonymise_years": 2})
        self.run_job("_cron_followup_retention")
        self.assertTrue(self.recent_file.anonymised)
        self.assertEqual(self.recent_head.name, f"Anonymised person {self.recent_head.id}")

    @freeze_time("2020-01-15")
    def test_personal_data_export(self):
        data = self.head.with_user(self.user_social)._housing_personal_data()
        self.assertEqual(data["person"]["Name"], "Ion Popescu")
        self.assertEqual(data["person"]["Email"], "ion.popescu@example.org")
        self.assertEqual(data["person"]["Birth date"], "1981-01-11")
        self.assertEqual({p["name"] for p in data["household"]}, {"Maria Popescu", "Elena Popescu"})
        self.assertEqual(data["social_situation"]["CAF number"], "1234567")
        self.assertEqual(data["social_situation"]["Health cover"], "AME (state medical aid)")
        self.assertEqual(data["social_situation"]["Asylum status"], "Refugee")
        (file_data,) = data["support_files"]
        self.assertEqual((file_data["reference"], file_data["state"]), (self.old_file.name, "Closed"))
        self.assertEqual(file_data["assessment"][0]["situation"], "Suivi diabète.")
        self.assertEqual([m["summary"] for m in file_data["meetings"]], ["Visite au CHU.", "Préfecture."])
        self.assertEqual(
            data["absences"],
            [
                {
                    "from": "2019-02-01",
                    "to": "2019-02-10",
                    "days": 10,
                    "reason": "Hospital or care",
                    "note": "Opération.",
                }
            ],
        )
        self.assertEqual([m["text"] for m in data["messages"]], ["Hospitalisation de Maria."])
        self.assertEqual(
            data["summary"],
            {
                "support_files": 1,
                "meetings_held": 2,
                "support_hours": 3.5,
                "goals": 1,
                "absence_days": 10,
                "collective_activities": 0,
            },
        )
        # a member's export shows their own social part and their household's files
        spouse_data = self.spouse.with_user(self.user_social)._housing_personal_data()
        self.assertEqual(spouse_data["social_situation"]["Residence document"], "Receipt (récépissé)")
        self.assertEqual(len(spouse_data["support_files"]), 1)
        # the button gives a JSON file to download
        action = self.head.with_user(self.user_social).action_housing_export_personal_data()
        export = self.env["housing.personal.data.export"].browse(int(action["url"].split("id=")[1].split("&")[0]))
        self.assertEqual(export.filename, "personal_data_ion_popescu_2020-01-15.json")
        self.assertEqual(json.loads(base64.b64decode(export.data))["summary"]["support_hours"], 3.5)
