"""Anonymisation leaves no copy of a person's identity in the housing records, their chatter, tracking
values, activities, attachments, e-mail headers and user account; the accounting entries and the CAF's statement
files keep what the law requires. Persons known only through a referral, a census, a hotel stay or a host flat are
anonymised too, once their last record is older than the retention period."""

from datetime import date, datetime

from odoo import Command, fields
from odoo.tests import TransactionCase, new_test_user, tagged
from odoo.tools import SQL

from .common_caf import CafSetup
from .common_documents import DocumentsSetup
from .common_followup import FollowupSetup
from .common_resorption import ResorptionSetup

TEXT_TYPES = ("character varying", "text", "jsonb")
NAME = "Mohamed Benali-Ouazzani"
EMAIL = "m.benali-ouazzani@example.org"
PHONE = "06 47 19 83 25"
CAF_NUMBER = "7654321"
#: what must be found nowhere once he is anonymised (SQL regular expressions, case-insensitive): his name in any
#: order (the CAF writes "BENALI-OUAZZANI Mohamed"), his child's, his e-mail, his phone and his CAF number
PROBES = {
    "name": "ouazzani",
    "email": "benali-ouazzani@example",
    "phone": "47[ .]?19[ .]?83[ .]?25",
    "CAF number": CAF_NUMBER,
}


@tagged("post_install", "-at_install")
class TestHardeningGdpr(DocumentsSetup, CafSetup, FollowupSetup, ResorptionSetup, TransactionCase):
    """Mohamed Benali-Ouazzani, with his whole history in the test association, is anonymised: housed, billed,
    followed, censused on a camp with his daughter, sheltered in a hotel, moved, referred by the SIAO, a host
    flat's contact, paid for by the CAF, with a portal account."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # a name of his own: the demo data may hold a Mohamed Benali too
        cls.occupant.write({"name": NAME, "email": EMAIL, "phone": PHONE})
        cls._bill(date(2025, 3, 1), date(2025, 4, 1))
        tracked = cls.env(context=dict(cls.env.context, tracking_disable=False))
        mohamed, agreement = cls.occupant, cls.mohamed_agreement.with_env(tracked)
        # chatter: a note on the agreement
        agreement.message_post(body="Clés remises à Mohamed Benali-Ouazzani.", message_type="comment")
        # documents: the April notice, e-mailed with its PDF attached
        cls.wizard = (
            cls.env["housing.rent.document.wizard"]
            .with_user(cls.user_accountant)
            .with_company(cls.company)
            .create({"period_start": date(2025, 4, 1), "request": "notice"})
        )
        cls.wizard.action_prepare()
        cls.wizard.action_send()
        # the follow-up: a file with a goal, meetings, an alert (the hand-over), his social situation
        cls.followup = cls._new_followup(
            mohamed,
            date_start=date(2025, 3, 12),
            state="active",
            goal_ids=[
                Command.create({"domain_id": cls.domain_caf.id, "name": "Dossier CAF de Mohamed Benali-Ouazzani"})
            ],
            meeting_ids=[
                Command.create(
                    {"date": datetime(2025, 3, 20, 10), "duration": 1.0, "summary": "Mohamed Benali-Ouazzani va bien."}
                ),
                Command.create({"date": datetime(2025, 4, 2, 10), "duration": 2.0, "meeting_type": "office"}),
            ],
        )
        cls.followup.message_post(body="Mohamed Benali-Ouazzani a appelé.", message_type="comment")
        cls._set_social(mohamed, caf_number=CAF_NUMBER)
        cls.meetings = cls.followup.meeting_ids
        # an absence first recorded for Fatima by mistake: the change of person is tracked
        cls.absence = tracked["housing.absence"].create(
            {
                "partner_id": cls.fatima.id,
                "company_id": cls.company.id,
                "date_start": date(2025, 4, 10),
                "date_end": date(2025, 4, 20),
                "reason": "travel",
                "note": "Mohamed Benali-Ouazzani rend visite à sa sœur.",
            }
        )
        cls.env.flush_all()
        cls.env.cr.precommit.run()  # as a commit does: a record created in a transaction is tracked after it
        cls.absence.partner_id = mohamed
        cls.absence.message_post(body="Retour prévu de Mohamed Benali-Ouazzani le 20 avril.", message_type="comment")
        cls.env.flush_all()
        cls.env.cr.precommit.run()  # the tracking values, as a commit writes them
        cls._other_capabilities(mohamed)
        # he leaves: the hand-over alert names him; the file closes
        cls.mohamed_agreement._record_exit(date(2025, 6, 30), "permanent_housing")
        cls.followup._close("left", date(2025, 6, 30))
        cls.env.flush_all()
        cls.env.cr.precommit.run()
        # collections, once his exit is committed (its refresh reads his real figures): his arrears file, its
        # reminder to report to the CAF (an alert naming him), a note (the file exists when his dues were refreshed
        # on the way; else it is opened here)
        values = {
            "in_arrears": True,
            "has_allowance": True,
            "date_in_arrears": date(2025, 5, 6),
            "note": "<p>Mohamed Benali-Ouazzani promet de payer.</p>",
        }
        Arrears = cls.env["housing.arrears"]
        arrears = Arrears.search([("partner_id", "=", mohamed.id), ("company_id", "=", cls.company.id)])
        if arrears:
            arrears.write(values)
        else:
            arrears = Arrears.create(dict(values, partner_id=mohamed.id, company_id=cls.company.id))
        arrears._sync_caf_activities()
        cls.arrears = arrears

    @classmethod
    def _other_capabilities(cls, mohamed):
        """His history in the capabilities added after the follow-up: camp resorption, pathways, the CAF's
        statement, the portal."""
        # the census on the camp, with his daughter, his health and papers, his wishes, the needs it found
        cls.census = cls.env["housing.camp.census"].create(
            {
                "site_id": cls.site.id,
                "partner_id": mohamed.id,
                "date": date(2025, 1, 8),
                "consent_date": date(2025, 1, 8),
                "consent_given_to_id": cls.user_social.id,
                "member_ids": [
                    Command.create(
                        {
                            "name": "Yasmine Benali-Ouazzani",
                            "birthdate": date(2014, 6, 23),
                            "relationship": "child",
                            "schooling": "primary",
                            "school_name": "École Jules-Ferry",
                        }
                    )
                ],
                "health_needs": "Mohamed Benali-Ouazzani : diabète, insuline.",
                "papers_situation": "Titre de séjour de Mohamed Benali-Ouazzani à renouveler.",
                "work_situation": "Ferrailleur.",
                "wish_area": "Près de l'école de Yasmine",
                "wish_project": "Un logement pour Mohamed Benali-Ouazzani et sa fille.",
                "note": "Rencontré avec son frère.",
                "need_ids": [
                    Command.create({"domain_id": cls.domain_health.id, "name": "Suivi du diabète de Mohamed"})
                ],
            }
        )
        cls.daughter = cls.census.member_ids.filtered(lambda member: member.relationship == "child")
        cls.census.followup_id = cls.followup
        # the medical follow-up, and the move that hands it over
        doctor = cls.env["res.partner"].create({"name": "Dr Claire Martin", "phone": "05 61 00 00 00"})
        cls.medical = cls.env["housing.followup.medical"].create(
            {
                "followup_id": cls.followup.id,
                "kind": "doctor",
                "name": "Diabète de Mohamed Benali-Ouazzani",
                "person_id": mohamed.id,
                "contact_id": doctor.id,
                "note": "Insuline deux fois par jour.",
            }
        )
        cls.move = cls._new_move(
            cls.census,
            destination_type="other",
            unit_id=False,
            destination_note="Chez le frère de Mohamed Benali-Ouazzani, 3 rue des Lilas.",
            orientation_note="Orienté vers le CCAS",
            next_case_manager_id=cls.next_manager.id,
        )
        cls.handover = cls.env["housing.move.handover"].create(
            {
                "move_id": cls.move.id,
                "medical_id": cls.medical.id,
                "handed_to_id": cls.next_manager.id,
                "note": "Dossier médical de Mohamed Benali-Ouazzani remis en main propre.",
            }
        )
        # a hotel stay before the agreement
        cls.stay = cls._new_stay(
            mohamed,
            date(2025, 2, 1),
            date(2025, 3, 11),
            census_id=cls.census.id,
            note="Mohamed Benali-Ouazzani, chambre 12 ; M. Benali-Ouazzani rentre tard.",
        )
        # a referral from the SIAO: an assessment, a room proposed and refused
        cls.application = (
            cls.env["housing.application"]
            ._flow()
            .create(
                {
                    "partner_id": mohamed.id,
                    "company_id": cls.company.id,
                    "state": "waiting",
                    "date_received": date(2025, 1, 15),
                    "referrer_kind": "siao",
                    "referral_ref": "SIAO-75-2025-0042",
                    "needs_note": "Mohamed Benali-Ouazzani vit avec sa fille Yasmine.",
                    "assessment_ids": [Command.create({"note": "Mohamed Benali-Ouazzani est diabétique."})],
                }
            )
        )
        studio = cls._new_unit("Studio Voltaire", rooms=[2])
        cls._new_lease(unit=studio)
        cls.proposal = cls.env["housing.application.proposal"].create(
            {
                "application_id": cls.application.id,
                "room_id": studio.room_ids.id,
                "date_proposed": date(2025, 1, 20),
                "date_start": date(2025, 2, 1),
                "date_deadline": date(2025, 1, 31),
            }
        )
        cls.proposal._refuse(
            "household",
            cls.env.ref("solidarity_housing.reason_proposal_household_other"),
            "Mohamed Benali-Ouazzani veut rester près de l'école.",
        )
        # the contact of a host flat
        cls.host_offer = cls.env["housing.host.offer"].create(
            {
                "name": "Colocation Voltaire",
                "company_id": cls.company.id,
                "partner_id": mohamed.id,
                "message": "Bonjour, je suis Mohamed Benali-Ouazzani, nous avons une chambre libre.",
            }
        )
        # the CAF's statement: a line matched by his CAF number, one written otherwise and left unknown, Fatima's
        content = cls._csv(
            [
                (CAF_NUMBER, "BENALI-OUAZZANI Mohamed", "04/2025", "Mensualité", "210,00"),
                ("", "BENALI OUAZZANI MOHAMED", "03/2025", "Rappel", "12,34"),
                ("", "HADDAD Fatima", "04/2025", "Mensualité", "210,00"),
            ]
        )
        cls.statement = (
            cls.env["housing.caf.statement"]
            .with_user(cls.user_accountant)
            .with_company(cls.company)
            ._import_file(
                cls.mapping,
                content,
                "releve_caf.csv",
                432.34,
                date(2025, 4, 25),
                cls.bank,
                period_start=date(2025, 4, 1),
            )
            .sudo()
        )
        # his portal account (login = e-mail), and what he wrote from it on an activity he attended
        cls.portal_user = new_test_user(
            cls.env,
            login=EMAIL,
            name=NAME,
            groups="base.group_portal",
            partner_id=mohamed.id,
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
        )
        cls.activity = cls.env["housing.collective.activity"].create(
            {
                "name": "Goûter de printemps",
                "programme_id": cls.programme.id,
                "attendee_ids": [Command.set(mohamed.ids)],
            }
        )
        cls.activity.message_post(
            body="Merci pour le goûter !",
            author_id=mohamed.id,
            email_from=f'"{NAME}" <{EMAIL}>',
            message_type="comment",
        )

    def _hits(self, pattern):
        """Every text column of every housing table, the chatter, e-mails, notifications, tracking values,
        activities and attachments, the contacts and the logins that still match ``pattern`` (a case-insensitive
        regular expression): ``["table.column", ...]``. The file of a CAF statement is the CAF payment's
        supporting document, kept as the accounting entries are (10 years)."""
        cr = self.env.cr
        self.env.flush_all()
        cr.execute(
            """SELECT c.table_name, c.column_name
                 FROM information_schema.columns c
                 JOIN information_schema.tables t ON t.table_name = c.table_name AND t.table_schema = c.table_schema
                WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'
                  AND (c.table_name LIKE 'housing\\_%%' OR c.table_name IN ('res_partner', 'mail_message', 'mail_mail',
                       'mail_tracking_value', 'mail_activity', 'mail_notification'))
                  AND c.data_type IN %s""",
            [TEXT_TYPES],
        )
        checks = [(table, column, SQL("TRUE")) for table, column in cr.fetchall()]
        checks += [
            (
                "ir_attachment",
                column,
                SQL(
                    "(res_model LIKE 'housing.%%' OR res_model = 'res.partner') "
                    "AND NOT (res_model = %s AND res_id = %s)",
                    "housing.caf.statement",
                    self.statement.id,
                ),
            )
            for column in ("name", "description", "index_content")
        ]
        checks.append(("res_users", "login", SQL("TRUE")))
        hits = []
        for table, column, where in checks:
            cr.execute(
                SQL(
                    "SELECT count(*) FROM %s WHERE %s AND %s::text ~* %s",
                    SQL.identifier(table),
                    where,
                    SQL.identifier(column),
                    pattern,
                )
            )
            count = cr.fetchone()[0]
            if count:
                hits.append(f"{table}.{column}")
        return sorted(hits)

    def test_anonymisation_leaves_no_copy_of_the_name(self):
        mohamed = self.occupant
        # before: his name is everywhere the history put it
        before = self._hits(PROBES["name"])
        for where in (
            "housing_followup_goal.name",
            "housing_followup_meeting.name",
            "housing_followup_meeting.summary",
            "housing_arrears.note",
            "mail_activity.summary",
            "mail_activity.res_name",
            "mail_message.body",
            "mail_tracking_value.new_value_char",
            "ir_attachment.name",
            # the capabilities added since
            "housing_camp_census_detail.health_needs",
            "housing_camp_census_member.name",
            "housing_followup_medical.name",
            "housing_move.destination_note",
            "housing_move_handover.note",
            "housing_shelter_stay.note",
            "housing_application.needs_note",
            "housing_application_assessment.note",
            "housing_application_proposal.refusal_note",
            "housing_host_offer.message",
            "housing_caf_statement_line.beneficiary_name",
            "mail_message.email_from",
        ):
            self.assertIn(where, before)
        self.assertIn("res_users.login", self._hits(PROBES["email"]))
        self.assertIn("housing_host_offer.phone", self._hits(PROBES["phone"]))
        self.assertIn("housing_caf_statement_line.caf_number", self._hits(PROBES["CAF number"]))
        self.assertEqual(
            self.meetings.sorted("date").mapped("name"),
            ["Home visit — Mohamed Benali-Ouazzani", "Office appointment — Mohamed Benali-Ouazzani"],
        )

        self.followup._housing_anonymise(fields.Date.today())
        self.env.flush_all()
        self.env.cr.precommit.run()  # the tracking values, as a commit writes them

        anonymised = f"Anonymised person {mohamed.id}"
        self.assertEqual(mohamed.name, anonymised)
        for what, pattern in PROBES.items():
            self.assertEqual(self._hits(pattern), [], f"his {what} is left there")
        # what is computed from his name is recomputed; the figures stay
        self.assertEqual(
            self.meetings.sorted("date").mapped("name"),
            [f"Home visit — {anonymised}", f"Office appointment — {anonymised}"],
        )
        self.assertEqual((self.followup.meeting_count, self.followup.meeting_hours), (2, 3.0))
        alert = self.env["mail.activity"].search(
            [("res_model", "=", "housing.arrears"), ("res_id", "=", self.arrears.id)]
        )
        self.assertEqual(alert.summary, f"Report the arrears of {anonymised} to the CAF by 07/06/2025")
        self.assertFalse(self.arrears.note)
        agreement = self.mohamed_agreement
        self.assertEqual(
            (agreement.partner_id, agreement.amount_total, agreement.exit_date), (mohamed, 450.0, date(2025, 6, 30))
        )
        self.assertFalse(
            agreement.message_ids.filtered(lambda message: message.message_type == "comment"), "notes on his records go"
        )
        tracking = self.absence.message_ids.tracking_value_ids
        self.assertEqual(
            (tracking.old_value_char, tracking.new_value_char), ("Fatima Haddad", anonymised), "the tracking stays"
        )
        self.assertFalse(
            self.env["ir.attachment"]
            .search([("res_model", "=", "housing.rent.document")])
            .filtered(
                lambda attachment: self.env["housing.rent.document"].browse(attachment.res_id).occupant_id == mohamed
            )
        )
        # the documents keep their figures
        notice = self.env["housing.rent.document"].search([("occupant_id", "=", mohamed.id)])
        self.assertEqual((notice.kind, notice.amount_due), ("notice", 200.0))
        # the accounting entries keep what the law requires (10 years)
        lines = self._dues(date(2025, 4, 1), occupancy_id=agreement.id).move_id.line_ids
        self.assertTrue([label for label in lines.mapped("name") if label and "Mohamed Benali-Ouazzani" in label])
        # Fatima, who shared the unit, keeps her name
        self.assertEqual(self.fatima.name, "Fatima Haddad")

    def test_every_capability_forgets_him(self):
        mohamed, daughter = self.occupant, self.daughter.partner_id
        self.followup._housing_anonymise(fields.Date.today())
        self.assertTrue(mohamed.housing_anonymised and daughter.housing_anonymised)
        self.assertEqual(daughter.name, f"Anonymised person {daughter.id}")
        # the census keeps its figures, not what he said
        census = self.census
        self.assertEqual(
            (census.health_needs, census.papers_situation, census.work_situation, census.wish_project, census.note),
            (False, False, False, False, False),
        )
        self.assertFalse(census.need_ids, "the needs it found go")
        self.assertEqual((census.person_count, census.partner_id), (2, mohamed))
        self.assertEqual(
            (self.daughter.birthdate, self.daughter.school_name, self.daughter.schooling, self.daughter.age_band),
            (date(2014, 1, 1), False, "primary", "6_11"),
            "the year of birth still counts the child",
        )
        # the medical follow-up goes; the move and its hand-over keep their dates, not their notes
        self.assertFalse(self.medical.exists())
        self.assertFalse(self.handover.exists(), "the hand-over item of a medical follow-up goes with it")
        self.assertEqual(
            (self.move.state, self.move.destination_note, self.move.orientation_note), ("planned", False, False)
        )
        self.assertEqual(
            (self.stay.date_checkin, self.stay.date_checkout, self.stay.note),
            (date(2025, 2, 1), date(2025, 3, 11), False),
        )
        # the referral: no assessment, no SIAO number, no notes; its stages and reasons stay for the figures
        application = self.application
        self.assertEqual(
            (application.referral_ref, application.needs_note, application.state, application.date_received),
            (False, False, "waiting", date(2025, 1, 15)),
        )
        self.assertFalse(self.env["housing.application.assessment"].search([("application_id", "=", application.id)]))
        self.assertEqual(
            (self.proposal.state, self.proposal.refused_by, self.proposal.refusal_note), ("refused", "household", False)
        )
        # the host flat keeps its figures, not its contact's details
        offer = self.host_offer
        self.assertEqual((offer.email, offer.phone, offer.message, offer.partner_id), (False, False, False, mohamed))
        # the CAF's lines: his, matched by his CAF number or written otherwise, lose his name and number; Fatima's stay
        lines = {line.line_number: line for line in self.statement.line_ids}
        self.assertEqual(
            [(line.beneficiary_name, line.caf_number, line.amount) for _number, line in sorted(lines.items())],
            [(False, False, 210.0), (False, False, 12.34), ("HADDAD Fatima", "", 210.0)],
        )
        self.assertEqual(
            self.env["ir.attachment"].search_count(
                [("res_model", "=", "housing.caf.statement"), ("res_id", "=", self.statement.id)]
            ),
            1,
            "the statement's file stays: the supporting document of the CAF's payment (10 years)",
        )
        # his portal account is archived; what he wrote elsewhere is signed by the anonymised person
        user = self.portal_user.with_context(active_test=False)
        self.assertEqual((user.active, user.login), (False, f"anonymised-{user.id}"))
        message = self.activity.message_ids.filtered(lambda m: m.author_id == mohamed)
        self.assertEqual(
            (message.email_from, message.body),
            (f'"Anonymised person {mohamed.id}" <>', "<p>Merci pour le goûter !</p>"),
        )
        self.assertEqual(self.activity.attendee_ids, mohamed, "the attendance still counts")

    def test_retention_reaches_persons_known_without_a_support_file(self):
        """Persons known only through a referral, a census, a hotel stay or a host flat are anonymised once the last
        record of their household ended more than the retention period ago (5 years by default)."""
        old_day, recent_day = date(2018, 3, 1), fields.Date.today()
        Partner = self.env["res.partner"]

        def referral(name, day, **values):
            partner = Partner.create({"name": name, "housing_relationship": "head", "email": f"{name[:3]}@example.org"})
            return (
                self.env["housing.application"]
                ._flow()
                .create(
                    {
                        "partner_id": partner.id,
                        "company_id": self.company.id,
                        "state": "refused",
                        "date_received": day,
                        "date_closed": day,
                        "needs_note": f"{name} cherche un studio.",
                        **values,
                    }
                )
            )

        forgotten = referral("Aminata Diallo", old_day)
        recent = referral("Karim Haddou", recent_day)
        still_sheltered = referral("Ioana Lupescu", old_day)
        self._new_stay(still_sheltered.partner_id, date(2025, 1, 10))
        sheltered_long_ago = Partner.create({"name": "Petru Stoica", "housing_relationship": "head"})
        self._new_stay(sheltered_long_ago, date(2017, 11, 2), date(2018, 1, 5))
        host = Partner.create({"name": "Léa Fontaine", "email": "lea.fontaine@example.org"})
        offer = self.env["housing.host.offer"].create(
            {"name": "Colocation Fontaine", "company_id": self.company.id, "partner_id": host.id}
        )
        offer.write({"stage": "declined", "date_declined": old_day, "date_contacted": old_day})

        self.run_job("_cron_followup_retention")

        for name, partner in (
            ("Aminata Diallo", forgotten.partner_id),
            ("Petru Stoica", sheltered_long_ago),
            ("Léa Fontaine", host),
        ):
            self.assertEqual(
                (partner.name, partner.email, partner.housing_anonymised),
                (f"Anonymised person {partner.id}", False, True),
                f"{name} is anonymised",
            )
        self.assertFalse(forgotten.needs_note)
        self.assertEqual((offer.email, offer.stage), (False, "declined"))
        self.assertEqual(recent.partner_id.name, "Karim Haddou", "a referral of this year keeps the person")
        self.assertEqual(still_sheltered.partner_id.name, "Ioana Lupescu", "a hotel stay under way keeps the household")
        # Mohamed's file closed this year: he stays
        self.assertEqual(self.occupant.name, NAME)

    def test_export_holds_every_capability(self):
        """The right of access: the export shows what every capability holds on him, as its user may read it."""
        data = self.occupant.with_user(self.user_manager)._housing_personal_data()
        self.assertEqual(
            [(row["Reference"], row["Referral number"], row["Stage"]) for row in data["Referrals received"]],
            [(self.application.name, "SIAO-75-2025-0042", "Waiting list")],
        )
        self.assertEqual(
            [row["Note"] for row in data["Referral assessments"]], ["Mohamed Benali-Ouazzani est diabétique."]
        )
        self.assertEqual(
            [row["Refusal details"] for row in data["Places proposed"]],
            ["Mohamed Benali-Ouazzani veut rester près de l'école."],
        )
        self.assertEqual(
            [(row["Reference"], row["Health needs"]) for row in data["Censuses"]],
            [(self.census.name, "Mohamed Benali-Ouazzani : diabète, insuline.")],
        )
        self.assertEqual([row["Need"] for row in data["Census: needs"]], ["Suivi du diabète de Mohamed"])
        self.assertEqual([row["Other destination"] for row in data["Moves off a site"]], [self.move.destination_note])
        self.assertEqual(
            [row["Notes"] for row in data["Hand-over of the medical follow-up"]],
            ["Dossier médical de Mohamed Benali-Ouazzani remis en main propre."],
        )
        self.assertEqual(
            [row["Description"] for row in data["Medical follow-ups"]], ["Diabète de Mohamed Benali-Ouazzani"]
        )
        self.assertEqual(
            [(row["Check-in"], row["Check-out"]) for row in data["Hotel stays"]], [("2025-02-01", "2025-03-11")]
        )
        self.assertEqual(
            [(row["Host flat"], row["Phone"]) for row in data["Host flat offers"]], [("Colocation Voltaire", PHONE)]
        )
        self.assertEqual(
            [(row["Beneficiary"], row["CAF number"]) for row in data["Lines of CAF statements"]],
            [("BENALI-OUAZZANI Mohamed", CAF_NUMBER)],
        )
        # his daughter's export shows her census line and her household's census
        daughter = self.daughter.partner_id.with_user(self.user_manager)._housing_personal_data()
        self.assertEqual(
            [(row["Name"], row["Birth date"]) for row in daughter["Census: household members"]],
            [("Yasmine Benali-Ouazzani", "2014-06-23")],
        )
        self.assertEqual(len(daughter["Censuses"]), 1)
        # the social worker of his file reads the census and the medical follow-up, not the CAF's statements
        social = self.occupant.with_user(self.user_social)._housing_personal_data()
        self.assertEqual(len(social["Medical follow-ups"]), 1)
        self.assertEqual(social["Censuses"][0]["Health needs"], "Mohamed Benali-Ouazzani : diabète, insuline.")
        self.assertNotIn("Lines of CAF statements", social)
