from datetime import date, datetime

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, TransactionCase, tagged

from .common_followup import FollowupSetup


@tagged("post_install", "-at_install")
class TestFollowup(FollowupSetup, TransactionCase):
    def test_file_reference_household_and_start(self):
        followup = self._new_followup(self.head).with_user(self.user_social)
        self.assertRegex(followup.name, r"^SUIVI-\d{4}-\d{4,}$")
        self.assertEqual(followup.display_name, f"{followup.name} — Ion Popescu")
        self.assertEqual(followup.member_ids, self.spouse | self.child)
        self.assertEqual(followup.household_size, 3)
        self.assertEqual(followup.state, "draft")
        with self.assertRefused(UserError, "Record the first assessment of .* before starting the support"):
            followup.action_start()
        followup.write(
            {
                "assessment_ids": [
                    Command.create({"domain_id": self.domain_health.id, "situation": "Pas de médecin traitant."}),
                    Command.create({"domain_id": self.domain_caf.id, "needs": "Ouvrir les droits APL."}),
                ]
            }
        )
        with freeze_time("2025-01-10"):
            followup.action_start()
        self.assertEqual((followup.state, followup.assessment_date), ("active", date(2025, 1, 10)))
        self.assertIn(self.user_social.partner_id, followup.message_partner_ids)
        with self.assertRefusedByDatabase(
            "housing.followup.assessment",
            "This domain is already assessed in this support file: complete its line instead of adding another.",
        ):
            followup.write({"assessment_ids": [Command.create({"domain_id": self.domain_health.id})]})

    def test_who_can_be_followed_and_by_whom(self):
        followup = self._new_followup(self.head)
        with self.assertRefused(ValidationError, "Maria Popescu belongs to the household of Ion Popescu: open the"):
            self._new_followup(self.spouse)
        with self.assertRefused(ValidationError, r"Ion Popescu already has an open support file \(SUIVI-"):
            self._new_followup(self.head, programme=self.programme_rooms)
        with self.assertRefused(ValidationError, "Bailleur Social Test is an organisation"):
            self._new_followup(self.landlord)
        with self.assertRefused(ValidationError, "Housing backoffice cannot follow support files: give them"):
            followup.user_id = self.user_backoffice
        # once the first file is closed, a new one may be opened
        followup._close("goals_reached", date(2025, 3, 1))
        self.assertEqual(self._new_followup(self.head, programme=self.programme_rooms).state, "draft")

    def test_asll_periods_and_renewals(self):
        with self.assertRefused(ValidationError, "An ASLL .* measure has a support period: enter the end"):
            self._new_followup(self.head, measure_type="asll")
        with self.assertRefused(
            ValidationError,
            r"lasts 3 to 6 months: starting on 2025-01-06, it ends between 2025-04-05 and 2025-07-05 "
            r"\(2025-09-30 entered\)",
        ):
            self._new_followup(self.head, measure_type="asll", date_end="2025-09-30")
        with self.assertRefused(ValidationError, r"cannot end \(2025-01-01\) before it starts \(2025-01-06\)"):
            self._new_followup(self.head, date_end="2025-01-01")
        followup = self._new_followup(self.head, measure_type="asll", date_end="2025-07-05")
        followup.with_user(self.user_social).action_renew()
        self.assertEqual((followup.date_end, followup.renewal_count), (date(2026, 1, 5), 1))
        with self.assertRefused(
            ValidationError, r"lasts at most 12 months, renewals included: .* \(2026-03-01 entered\)"
        ):
            followup.date_end = "2026-03-01"
        with self.assertRefused(UserError, "already reaches 12 months, the longest a measure may last"):
            followup.with_user(self.user_social).action_renew()
        internal = self._new_followup(self.child.copy({"housing_head_id": False, "name": "Adulte seul"}))
        with self.assertRefused(UserError, "is not an ASLL or AVDL measure"):
            internal.action_renew()

    def test_measure_settings_are_the_company_s(self):
        self.company.housing_measure_max_months = 4
        with self.assertRefused(ValidationError, "lasts 3 to 4 months"):
            self._new_followup(self.head, measure_type="avdl", date_end="2025-07-05")
        with self.assertRefused(ValidationError, r"shortest \(7\) ≤ longest \(4\)"):
            self.company.housing_measure_min_months = 7
        with self.assertRefused(ValidationError, r"archived \(after 6 years\) before they are anonymised \(after 5"):
            self.company.housing_followup_archive_years = 6
        with self.assertRefused(ValidationError, "must be between 1 and 12 months"):
            self.company.housing_occupation_min_months = 13
        with self.assertRefused(ValidationError, "alert settings of .* must be positive"):
            self.company.housing_papers_alert_days = -1

    @freeze_time("2025-03-20 10:00:00")
    def test_meetings_goals_counts_and_hours(self):
        followup = self._new_followup(self.head, state="active").with_user(self.user_social)
        Meeting = self.env["housing.followup.meeting"].with_user(self.user_social)
        Meeting.create(
            [
                {
                    "followup_id": followup.id,
                    "date": datetime(2025, 2, 3, 9),
                    "duration": 1.5,
                    "meeting_type": "home_visit",
                    "domain_ids": [Command.set((self.domain_health | self.domain_caf).ids)],
                    "summary": "Visite à domicile, dossier AME commencé.",
                },
                {
                    "followup_id": followup.id,
                    "date": datetime(2025, 3, 10, 14),
                    "duration": 3.0,
                    "meeting_type": "accompaniment",
                    "domain_ids": [Command.set(self.domain_residence.ids)],
                },
                {"followup_id": followup.id, "date": datetime(2025, 3, 12, 14), "duration": 1.0, "state": "missed"},
                {"followup_id": followup.id, "date": datetime(2025, 3, 27, 9), "duration": 1.0, "state": "planned"},
            ]
        )
        # held meetings only: 1h30 + 3h
        self.assertEqual((followup.meeting_count, followup.meeting_hours), (2, 4.5))
        self.assertEqual(followup.last_meeting_date, datetime(2025, 3, 10, 14))
        self.assertEqual(followup.meeting_ids.filtered(lambda m: m.duration == 1.5).name, "Home visit — Ion Popescu")
        # hours by domain: the home visit's 1h30 is shared between health and CAF
        report = self.env["housing.followup.hours.report"].with_user(self.user_manager)
        hours = {
            domain.code if domain else None: total
            for domain, total in report._read_group([("followup_id", "=", followup.id)], ["domain_id"], ["hours:sum"])
        }
        self.assertEqual(hours, {"health": 0.75, "caf": 0.75, "residence": 3.0})
        by_programme = report._read_group([("followup_id", "=", followup.id)], ["programme_id"], ["hours:sum"])
        self.assertEqual(by_programme, [(self.programme, 4.5)])

        Goal = self.env["housing.followup.goal"].with_user(self.user_social)
        ame = Goal.create(
            {
                "followup_id": followup.id,
                "domain_id": self.domain_health.id,
                "name": "Obtenir l'AME",
                "deadline": "2025-04-30",
            }
        )
        caf = Goal.create(
            {
                "followup_id": followup.id,
                "domain_id": self.domain_caf.id,
                "name": "Ouvrir l'APL",
                "deadline": "2025-03-01",
            }
        )
        self.assertEqual((ame.is_late, caf.is_late), (False, True))
        caf.state = "done"
        self.assertEqual((caf.date_done, caf.is_late), (date(2025, 3, 20), False))
        self.assertEqual((followup.goal_count, followup.goal_open_count, followup.goal_done_count), (2, 1, 1))
        with self.assertRefused(
            ValidationError, r"cannot be due on 2024-12-01, before the support file started \(2025-01-06\)"
        ):
            Goal.create(
                {
                    "followup_id": followup.id,
                    "domain_id": self.domain_caf.id,
                    "name": "Trop tôt",
                    "deadline": "2024-12-01",
                }
            )

    @freeze_time("2025-03-20 10:00:00")
    def test_meeting_rules(self):
        followup = self._new_followup(self.head)
        Meeting = self.env["housing.followup.meeting"].with_user(self.user_social)
        with self.assertRefused(ValidationError, "lasts 0.0 hours: enter a duration greater than 0 and at most 12"):
            Meeting.create({"followup_id": followup.id, "duration": 0})
        with self.assertRefused(ValidationError, "lasts 13.0 hours"):
            Meeting.create({"followup_id": followup.id, "duration": 13})
        with self.assertRefused(ValidationError, "has not happened yet: keep it planned"):
            Meeting.create({"followup_id": followup.id, "date": datetime(2025, 3, 25, 9)})
        with self.assertRefused(ValidationError, r"is dated before its support file started \(2025-01-06\)"):
            Meeting.create({"followup_id": followup.id, "date": datetime(2025, 1, 2, 9)})
        planned = Meeting.create({"followup_id": followup.id, "date": datetime(2025, 3, 25, 9), "state": "planned"})
        with freeze_time("2025-03-26"):
            planned.action_mark_done()
        self.assertEqual(planned.state, "done")

    @freeze_time("2025-02-01")
    def test_entry_plan(self):
        followup = self._new_followup(self.head).with_user(self.user_social)
        followup.action_apply_entry_plan()
        activities = followup.activity_ids.sorted("date_deadline")
        self.assertEqual(
            [(a.activity_type_id.name, a.date_deadline) for a in activities],
            [
                ("Welcome visit", date(2025, 2, 3)),
                ("CAF file", date(2025, 2, 8)),
                ("Domiciliation", date(2025, 2, 15)),
                ("Health cover", date(2025, 3, 1)),
            ],
        )
        self.assertEqual(activities.user_id, self.user_social)
        with self.assertRefused(UserError, "The entry plan of .* was already launched"):
            followup.action_apply_entry_plan()

    def test_social_profile_rules(self):
        with self.assertRefused(
            ValidationError, "looks like a social-security number \\(NIR\\): the association must not"
        ):
            self._set_social(self.head, caf_number="181017512345678")
        with self.assertRefused(ValidationError, "The CAF number of Ion Popescu must be 7 digits \\(“12AB” entered\\)"):
            self._set_social(self.head, caf_number="12AB")
        self._set_social(self.head, caf_number="1234567", health_cover="ame", health_cover_expiry=date(2025, 6, 30))
        profile = self.env["housing.social.profile"].search([("partner_id", "=", self.head.id)])
        self.assertEqual(
            (profile.caf_number, profile.health_cover, profile.company_id), ("1234567", "ame", self.company)
        )
        self.assertEqual(self.spouse.with_user(self.user_manager).housing_caf_number, False)
        # nothing of the kind is stored on the contact itself
        self.assertFalse(self.env["res.partner"]._fields["housing_caf_number"].store)

    def test_absence_rules(self):
        Absence = self.env["housing.absence"].with_user(self.user_backoffice)
        absence = Absence.create({"partner_id": self.spouse.id, "date_start": "2025-02-01", "date_end": "2025-03-15"})
        self.assertEqual((absence.household_id, absence.company_id), (self.head, self.company))
        with freeze_time("2025-06-01"):
            absence.invalidate_recordset(["days"])
            self.assertEqual(absence.days, 43)
        with self.assertRefused(ValidationError, r"cannot be back \(2025-01-01\) before leaving \(2025-02-01\)"):
            Absence.create({"partner_id": self.head.id, "date_start": "2025-02-01", "date_end": "2025-01-01"})
        with self.assertRefused(
            ValidationError, "Maria Popescu is already away from 2025-02-01 to 2025-03-15: change that absence"
        ):
            Absence.create({"partner_id": self.spouse.id, "date_start": "2025-03-01"})

    @freeze_time("2025-05-15 12:00:00")
    def test_collective_activity_hours(self):
        activity = (
            self.env["housing.collective.activity"]
            .with_user(self.user_social)
            .create(
                {
                    "name": "Repas partagé",
                    "programme_id": self.programme.id,
                    "date": datetime(2025, 5, 10, 12),
                    "duration": 2.5,
                    "attendee_ids": [Command.set((self.head | self.spouse | self.child).ids)],
                    "unit_ids": [Command.set(self.unit.ids)],
                }
            )
        )
        self.assertEqual(
            (activity.attendee_count, activity.attendee_hours, activity.company_id), (3, 7.5, self.company)
        )
        activity.action_mark_done()
        self.assertEqual(activity.state, "done")
        with self.assertRefused(ValidationError, "must last more than 0 hours"):
            activity.duration = 0

    def test_programme_follow_up_settings(self):
        self.assertEqual(self.programme.followup_meeting_weeks, 1)  # shared homes: weekly visits
        self.assertEqual(self.programme_rooms.followup_meeting_weeks, 4)
        with self.assertRefused(ValidationError, "cannot be negative for Colocations solidaires test"):
            self.programme_rooms.followup_meeting_weeks = -2

    @freeze_time("2025-04-01")
    def test_hand_over_when_leaving(self):
        followup = self._new_followup(self.head, state="active", date_start=date(2025, 1, 6))
        as_social = followup.with_user(self.user_social)
        Goal = self.env["housing.followup.goal"].with_user(self.user_social)
        Goal.create({"followup_id": followup.id, "domain_id": self.domain_health.id, "name": "Obtenir l'AME"})
        Goal.create({"followup_id": followup.id, "domain_id": self.domain_caf.id, "name": "APL", "state": "done"})
        self._set_social(self.head, health_cover="pending", languages="roumain", interpreter_needed=True)
        # the occupancy agreement ends: the hook asks the social worker for a hand-over
        requests = self.head._housing_followup_on_exit(date(2025, 4, 30))
        self.assertEqual((requests.user_id, requests.date_deadline), (self.user_social, date(2025, 4, 30)))
        self.assertFalse(self.head._housing_followup_on_exit(date(2025, 4, 30)), "asked once only")
        html = (
            self.env["ir.actions.report"]
            .with_user(self.user_social)
            ._render_qweb_html("solidarity_housing.report_housing_followup_handover", followup.ids)[0]
            .decode()
        )
        self.assertIn("Obtenir l&#39;AME", html)
        self.assertNotIn("APL", html)
        self.assertIn("Application pending", html)
        self.assertIn("roumain", html)
        wizard = Form(
            self.env["housing.followup.handover"]
            .with_user(self.user_social)
            .with_context(default_followup_id=followup.id)
        )
        wizard.reason = "left"
        wizard.next_case_manager_id = self.funder
        wizard.print_summary = False
        wizard.save().action_confirm()
        self.assertEqual(
            (as_social.state, as_social.closing_reason, as_social.date_closed, as_social.next_case_manager_id),
            ("closed", "left", date(2025, 4, 1), self.funder),
        )
        self.assertFalse(requests.exists().filtered("active"), "the hand-over request is done")
        with self.assertRefused(UserError, "is already closed"):
            self.env["housing.followup.handover"].with_user(self.user_social).create(
                {"followup_id": followup.id}
            ).action_confirm()

    @freeze_time("2025-04-01")
    def test_hand_over_to_another_programme(self):
        followup = self._new_followup(self.head, state="active")
        Goal = self.env["housing.followup.goal"].with_user(self.user_social)
        Goal.create(
            {
                "followup_id": followup.id,
                "domain_id": self.domain_health.id,
                "name": "Obtenir l'AME",
                "deadline": "2025-06-30",
            }
        )
        Goal.create({"followup_id": followup.id, "domain_id": self.domain_caf.id, "name": "APL", "state": "done"})
        Wizard = self.env["housing.followup.handover"].with_user(self.user_social)
        with self.assertRefused(UserError, "Choose the new programme of Ion Popescu"):
            Wizard.create({"followup_id": followup.id, "reason": "programme_change"}).action_confirm()
        with self.assertRefused(UserError, r"cannot close on 2024-12-31, before it started \(2025-01-06\)"):
            Wizard.create({"followup_id": followup.id, "date_closed": "2024-12-31"}).action_confirm()
        action = Wizard.create(
            {
                "followup_id": followup.id,
                "reason": "programme_change",
                "new_programme_id": self.programme_rooms.id,
                "new_user_id": self.user_social_other.id,
                "print_summary": True,
            }
        ).action_confirm()
        self.assertEqual(action["report_name"], "solidarity_housing.report_housing_followup_handover")
        new = self.env["housing.followup"].search([("partner_id", "=", self.head.id), ("state", "=", "active")])
        self.assertEqual(
            (new.programme_id, new.user_id, new.date_start),
            (self.programme_rooms, self.user_social_other, date(2025, 4, 1)),
        )
        self.assertEqual(new.with_user(self.user_manager).goal_ids.mapped("name"), ["Obtenir l'AME"])
        self.assertEqual((followup.state, followup.closing_reason), ("closed", "programme_change"))
        with self.assertRefused(ValidationError, "already has an open support file"):
            followup.with_user(self.user_manager).action_reopen()

    def test_rules_on_closed_anonymised_and_deleted_files(self):
        draft = self._new_followup(self.head)
        draft.with_user(self.user_manager).unlink()  # an empty assessment may go
        self.assertFalse(draft.exists())
        followup = self._new_followup(self.head, measure_type="asll", date_end="2025-07-05", state="active")
        with self.assertRefused(
            UserError, r"The support files SUIVI-.* have a history: close them instead of deleting"
        ):
            followup.with_user(self.user_manager).unlink()
        followup._close("ended_by_person", date(2025, 3, 1))
        with self.assertRefused(UserError, "is closed: reopen it first"):
            followup.with_user(self.user_social).action_renew()
        followup.with_user(self.user_social).action_reopen()
        self.assertEqual((followup.state, followup.date_closed, followup.closing_reason), ("active", False, False))
        followup._close("ended_by_person", date(2025, 3, 1))
        followup.anonymised = True
        with self.assertRefused(UserError, "was anonymised: open a new support file for the household instead"):
            followup.with_user(self.user_social).action_reopen()

    def test_plan_assignment_to_the_file_s_social_worker_is_for_support_files(self):
        plan = self.env["mail.activity.plan"].create({"name": "Accueil", "res_model": "res.partner"})
        with self.assertRefused(
            ValidationError, "“Social worker of the file” can only assign activities of support-file"
        ):
            self.env["mail.activity.plan.template"].create(
                {"plan_id": plan.id, "summary": "Visite", "responsible_type": "housing_social_worker"}
            )
        with self.assertRefusedByDatabase(
            "housing.social.profile",
            "This person already has a social profile in this company: complete it instead of adding another.",
        ):
            self.env["housing.social.profile"].create([{"partner_id": self.head.id, "company_id": self.company.id}] * 2)
