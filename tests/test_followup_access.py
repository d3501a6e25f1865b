from datetime import date, datetime

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, tagged

from .common_followup import FollowupSetup


@tagged("post_install", "-at_install")
@freeze_time("2025-03-20 10:00:00")
class TestFollowupAccess(FollowupSetup, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        with freeze_time("2025-03-20 10:00:00"):
            cls.followup = cls._new_followup(
                cls.head,
                state="active",
                assessment_ids=[Command.create({"domain_id": cls.domain_health.id, "situation": "Diabète suivi."})],
                goal_ids=[Command.create({"domain_id": cls.domain_health.id, "name": "Renouveler l'AME"})],
                meeting_ids=[
                    Command.create(
                        {"date": datetime(2025, 3, 3, 10), "duration": 1.0, "summary": "Visite, papiers à jour."}
                    )
                ],
            )
            cls._set_social(cls.head, residence_document="temporary_permit", health_cover="ame", caf_number="7654321")
            cls.followup.with_user(cls.user_social).message_post(
                body="Note: rendez-vous préfecture le 12.", message_type="comment", subtype_xmlid="mail.mt_note"
            )
        cls.meeting = cls.followup.meeting_ids
        cls.profile = cls.env["housing.social.profile"].search([("partner_id", "=", cls.head.id)])

    def assertSeesThatTheFileExists(self, user):
        followup = self.env["housing.followup"].with_user(user).search([("partner_id", "=", self.head.id)])
        self.assertEqual(followup, self.followup)
        self.assertEqual(
            followup.read(["name", "partner_id", "user_id", "state", "programme_id"])[0]["user_id"][0],
            self.user_social.id,
        )
        self.assertEqual(followup.state, "active")
        return followup

    def test_back_office_and_accountant_see_the_file_not_its_content(self):
        for user in (self.user_backoffice, self.user_accountant):
            with self.subTest(user=user.login):
                followup = self.assertSeesThatTheFileExists(user)
                for fname in ("assessment_ids", "goal_ids", "meeting_ids", "meeting_hours"):
                    with self.assertRaises(AccessError):
                        followup.read([fname])
                with self.assertRaises(AccessError):
                    self.meeting.with_user(user).read(["summary"])
                with self.assertRaises(AccessError):
                    self.env["housing.followup.goal"].with_user(user).search([])
                with self.assertRaises(AccessError):
                    self.env["housing.followup.hours.report"].with_user(user).search([])
                with self.assertRaises(AccessError):
                    self.profile.with_user(user).read(["residence_document"])
                with self.assertRaises(AccessError):
                    self.head.with_user(user).read(["housing_health_cover"])
                # the partner itself stays readable, without its social part
                self.assertEqual(self.head.with_user(user).read(["name"])[0]["name"], "Ion Popescu")
                self.assertEqual(self.head.with_user(user).housing_followup_count, 1)
                # nor the chatter notes, nor the alerts of the file
                messages = (
                    self.env["mail.message"]
                    .with_user(user)
                    .search([("model", "=", "housing.followup"), ("res_id", "=", self.followup.id)])
                )
                self.assertFalse(messages)
                with self.assertRaises(AccessError):
                    followup.write({"date_end": "2025-06-30"})

    def test_the_file_s_social_worker_and_managers_read_everything(self):
        for user in (self.user_social, self.user_manager):
            with self.subTest(user=user.login):
                followup = self.followup.with_user(user)
                self.assertTrue(followup.can_read_content)
                self.assertEqual(followup.assessment_ids.situation, "Diabète suivi.")
                self.assertEqual(followup.goal_ids.name, "Renouveler l'AME")
                self.assertEqual((followup.meeting_count, followup.meeting_hours), (1, 1.0))
                self.assertEqual(self.meeting.with_user(user).summary, "Visite, papiers à jour.")
                head = self.head.with_user(user)
                self.assertEqual(
                    (head.housing_residence_document, head.housing_health_cover, head.housing_caf_number),
                    ("temporary_permit", "ame", "7654321"),
                )
                self.assertTrue(head.housing_social_readable)
                messages = (
                    self.env["mail.message"]
                    .with_user(user)
                    .search(
                        [
                            ("model", "=", "housing.followup"),
                            ("res_id", "=", self.followup.id),
                            ("message_type", "=", "comment"),
                        ]
                    )
                )
                self.assertIn("préfecture", messages.body)
                data = self.head.with_user(user)._housing_personal_data()
                self.assertEqual(data["social_situation"]["CAF number"], "7654321")

    def test_social_worker_of_another_programme(self):
        other = self.user_social_other
        followup = self.assertSeesThatTheFileExists(other).with_user(other)
        self.assertFalse(followup.can_read_content)
        self.assertFalse(followup.assessment_ids)
        self.assertFalse(followup.goal_ids)
        self.assertEqual(followup.meeting_count, 0)
        with self.assertRaises(AccessError):
            self.meeting.with_user(other).read(["summary"])
        with self.assertRaises(AccessError):
            self.profile.with_user(other).read(["health_cover"])
        head = self.head.with_user(other)
        self.assertFalse(head.housing_social_readable)
        self.assertEqual((head.housing_health_cover, head.housing_caf_number), (False, False))
        with self.assertRefused(AccessError, "The social situation of Ion Popescu is confidential"):
            head.housing_health_cover = "puma"
        with self.assertRaises(AccessError):
            followup.write({"date_end": "2025-06-30"})
        with self.assertRaises(AccessError):
            head._housing_personal_data()
        self.assertFalse(
            self.env["mail.message"]
            .with_user(other)
            .search(
                [
                    ("model", "=", "housing.followup"),
                    ("res_id", "=", self.followup.id),
                    ("message_type", "=", "comment"),
                ]
            )
        )
        # managers open the programme's files to its social workers
        self.programme.with_user(self.user_manager).write(
            {"followup_visibility": "programme", "social_worker_ids": [Command.link(other.id)]}
        )
        self.env.invalidate_all()
        self.assertTrue(followup.can_read_content)
        self.assertEqual(followup.assessment_ids.situation, "Diabète suivi.")
        self.assertEqual(self.meeting.with_user(other).summary, "Visite, papiers à jour.")
        self.assertEqual(head.housing_health_cover, "ame")
        head.housing_health_cover = "puma"
        self.assertEqual(self.profile.health_cover, "puma")

    def test_another_company_sees_nothing(self):
        stranger = self.user_other_company
        self.assertFalse(self.env["housing.followup"].with_user(stranger).search([("id", "=", self.followup.id)]))
        for record in (self.followup, self.meeting, self.followup.goal_ids, self.profile):
            with self.subTest(model=record._name), self.assertRaises(AccessError):
                record.with_user(stranger).read(["display_name"])
        self.assertFalse(self.env["housing.absence"].with_user(stranger).search([("partner_id", "=", self.head.id)]))
        self.assertFalse(self.head.with_user(stranger).housing_health_cover)

    def test_employee_without_housing_rights(self):
        with self.assertRaises(AccessError):
            self.env["housing.followup"].with_user(self.user_employee).search([])
        with self.assertRaises(AccessError):
            self.env["housing.absence"].with_user(self.user_employee).search([])

    def test_absences_back_office_records_dates_not_reasons(self):
        absence = (
            self.env["housing.absence"]
            .with_user(self.user_backoffice)
            .create({"partner_id": self.head.id, "date_start": date(2025, 3, 1)})
        )
        self.assertEqual(absence.days, 20)
        with self.assertRaises(AccessError):
            absence.read(["reason"])
        absence.with_user(self.user_social).write({"reason": "hospital", "note": "Hospitalisé."})
        self.assertEqual(absence.with_user(self.user_manager).reason, "hospital")

    def test_follow_up_menus(self):
        menus = self.env["ir.ui.menu"]
        root = self.env.ref("solidarity_housing.housing_followup_menu_root")
        meetings = self.env.ref("solidarity_housing.housing_followup_meeting_menu")
        hours = self.env.ref("solidarity_housing.housing_followup_hours_report_menu")
        for user, sees_files, sees_meetings, sees_hours in (
            (self.user_backoffice, True, False, False),
            (self.user_social, True, True, False),
            (self.user_manager, True, True, True),
        ):
            with self.subTest(user=user.login):
                visible = menus.with_user(user)._visible_menu_ids()
                self.assertEqual(root.id in visible, sees_files)
                self.assertEqual(meetings.id in visible, sees_meetings)
                self.assertEqual(hours.id in visible, sees_hours)

    def test_screens_open_for_each_role(self):
        """The forms and lists open for every housing role, showing only what the role may read."""
        for user in (self.user_backoffice, self.user_accountant, self.user_social_other, self.user_social):
            with self.subTest(user=user.login):
                Followup = self.env["housing.followup"].with_user(user)
                views = Followup.get_views([(False, "form"), (False, "kanban"), (False, "list"), (False, "search")])
                form = views["views"]["form"]
                is_social = user.has_group("solidarity_housing.group_housing_social_worker")
                self.assertEqual("assessment_ids" in form["arch"], is_social)
                spec = {name: {} for name in views["models"]["housing.followup"]["fields"]}
                for name in ("assessment_ids", "goal_ids", "meeting_ids", "member_ids", "activity_ids", "message_ids"):
                    if name in spec:
                        spec[name] = {"fields": {"display_name": {}}}
                self.env.invalidate_all()  # a fresh request: nothing read by another user is in the cache
                (values,) = self.followup.with_user(user).web_read(spec)
                self.assertEqual(
                    values["user_id"]["id"] if isinstance(values["user_id"], dict) else values["user_id"],
                    self.user_social.id,
                )
                if is_social:
                    readable = user == self.user_social
                    self.assertEqual(values["can_read_content"], readable)
                    self.assertEqual(len(values["assessment_ids"]), 1 if readable else 0)
                partner_views = self.env["res.partner"].with_user(user).get_views([(False, "form")])
                self.assertEqual("housing_health_cover" in partner_views["views"]["form"]["arch"], is_social)
                partner_spec = {
                    name: {}
                    for name in partner_views["models"]["res.partner"]["fields"]
                    if name.startswith("housing_") and name != "housing_member_ids"
                }
                self.env.invalidate_all()
                (partner_values,) = self.head.with_user(user).web_read(partner_spec)
                if is_social:
                    self.assertEqual(
                        partner_values["housing_health_cover"], "ame" if user == self.user_social else False
                    )
