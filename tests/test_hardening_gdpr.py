"""Anonymisation leaves no copy of a person's identity in the housing records, their chatter, tracking
values, activities and attachments; the accounting entries keep what the law requires."""

from datetime import date, datetime

from odoo import Command, fields
from odoo.tests import TransactionCase, tagged
from odoo.tools import SQL

from .common_documents import DocumentsSetup
from .common_followup import FollowupSetup

TEXT_TYPES = ("character varying", "text", "jsonb")
NAME = "Mohamed Benali-Ouazzani"


@tagged("post_install", "-at_install")
class TestHardeningGdpr(DocumentsSetup, FollowupSetup, TransactionCase):
    """Mohamed Benali-Ouazzani, with his whole history in the test association, is anonymised."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # a name of his own: the demo data may hold a Mohamed Benali too
        cls.occupant.write({"name": NAME, "email": "m.benali-ouazzani@example.org"})
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
        cls._set_social(mohamed, caf_number="7654321")
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
        # collections: his arrears file, its reminder to report to the CAF (an alert naming him), a note
        # (the file exists when his dues were refreshed on the way; else it is opened here)
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
        # he leaves: the hand-over alert names him; the file closes
        cls.mohamed_agreement._record_exit(date(2025, 6, 30), "permanent_housing")
        cls.followup._close("left", date(2025, 6, 30))

    def _hits(self, name):
        """Every text column of every housing table, and the chatter, tracking values, activities and
        attachments of housing records, that still hold ``name``: ``["table.column", ...]``."""
        cr = self.env.cr
        self.env.flush_all()
        cr.execute(
            """SELECT c.table_name, c.column_name
                 FROM information_schema.columns c
                 JOIN information_schema.tables t ON t.table_name = c.table_name AND t.table_schema = c.table_schema
                WHERE c.table_schema = current_schema() AND c.table_name LIKE 'housing\\_%%'
                  AND c.data_type IN %s""",
            [TEXT_TYPES],
        )
        checks = [(table, column, SQL("TRUE")) for table, column in cr.fetchall()]
        housing_message = SQL("model LIKE 'housing.%%'")
        checks += [("mail_message", column, housing_message) for column in ("subject", "body", "email_from")]
        checks += [
            ("mail_activity", column, SQL("res_model LIKE 'housing.%%'"))
            for column in ("summary", "note", "res_name", "feedback")
        ]
        checks += [
            (
                "mail_tracking_value",
                column,
                SQL("mail_message_id IN (SELECT id FROM mail_message WHERE %s)", housing_message),
            )
            for column in ("old_value_char", "new_value_char", "old_value_text", "new_value_text")
        ]
        checks += [
            ("ir_attachment", column, SQL("res_model LIKE 'housing.%%'"))
            for column in ("name", "description", "index_content")
        ]
        hits = []
        for table, column, where in checks:
            cr.execute(
                SQL(
                    "SELECT count(*) FROM %s WHERE %s AND %s::text ILIKE %s",
                    SQL.identifier(table),
                    where,
                    SQL.identifier(column),
                    f"%{name}%",
                )
            )
            count = cr.fetchone()[0]
            if count:
                hits.append(f"{table}.{column}")
        return sorted(hits)

    def test_anonymisation_leaves_no_copy_of_the_name(self):
        mohamed = self.occupant
        # before: his name is everywhere the history put it
        before = self._hits("Mohamed Benali-Ouazzani")
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
        ):
            self.assertIn(where, before)
        self.assertEqual(
            self.meetings.sorted("date").mapped("name"),
            ["Home visit — Mohamed Benali-Ouazzani", "Office appointment — Mohamed Benali-Ouazzani"],
        )

        self.followup._housing_anonymise(fields.Date.today())

        anonymised = f"Anonymised person {mohamed.id}"
        self.assertEqual(mohamed.name, anonymised)
        self.assertEqual(self._hits("Mohamed Benali-Ouazzani"), [])
        self.assertEqual(self._hits("m.benali-ouazzani@example.org"), [])
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
