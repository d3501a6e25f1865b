from datetime import date

from psycopg2 import IntegrityError

from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import HousingCase, migration


@tagged("post_install", "-at_install")
class TestAlertMechanism(HousingCase):
    """One mechanism for every alert: one open activity per record and cause, kept in step, closed when gone."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.lease = cls._new_lease()
        cls.other_lease = cls._new_lease(unit=cls._new_unit("Appartement Oran"))
        cls.leases = cls.lease | cls.other_lease

    def alerts(self, records=None):
        return (records or self.leases)._housing_alerts()

    def wanted(self, day, summary="Point avec le bailleur", records=None):
        return {
            (lease.id, "sliding_lease_review"): {
                "date_deadline": day,
                "summary": summary,
                "user_id": self.user_backoffice.id,
            }
            for lease in (records or self.leases)
        }

    def test_sync_creates_updates_and_closes(self):
        created = self.leases._housing_alert_sync(self.wanted(date(2025, 7, 1)), ["sliding_lease_review"])
        self.assertEqual(len(created), 2)
        self.assertEqual(
            {(a.res_id, a.housing_alert_key, a.housing_alert_cause, a.date_deadline, a.user_id) for a in created},
            {
                (lease.id, "sliding_lease_review", "sliding_lease_review", date(2025, 7, 1), self.user_backoffice)
                for lease in self.leases
            },
        )
        self.assertEqual(
            created.activity_type_id, self.env.ref("solidarity_housing.mail_activity_sliding_lease_review")
        )
        # the same causes again: nothing new, the deadline follows the cause
        again = self.leases._housing_alert_sync(
            self.wanted(date(2025, 8, 1), "Nouveau point"), ["sliding_lease_review"]
        )
        self.assertFalse(again)
        self.assertEqual(set(self.alerts().mapped("date_deadline")), {date(2025, 8, 1)})
        self.assertEqual(set(self.alerts().mapped("summary")), {"Nouveau point"})
        # the cause is gone on one lease: its alert is done, with the reason; the other stays
        self.leases._housing_alert_sync(self.wanted(date(2025, 8, 1), records=self.lease), ["sliding_lease_review"])
        self.assertEqual(self.alerts().mapped("res_id"), self.lease.ids)
        done = self.env["mail.message"].search(
            [
                ("model", "=", "housing.lease"),
                ("res_id", "=", self.other_lease.id),
                ("mail_activity_type_id", "!=", False),
            ]
        )
        self.assertIn("the cause of the alert is gone", done[:1].body)

    def test_sync_leaves_other_causes_alone_and_refuses_foreign_causes(self):
        self.leases._housing_alert_sync(self.wanted(date(2025, 7, 1)), ["sliding_lease_review"])
        self.leases._housing_alert_sync({}, ["some_other_cause"])
        self.assertEqual(len(self.alerts()), 2, "only the causes named are managed")
        with self.assertRaisesRegex(ValueError, "is not of the causes"):
            self.leases._housing_alert_sync({(self.lease.id, "other:1"): {"date_deadline": date(2025, 7, 1)}}, ["x"])

    def test_raise_once_and_close(self):
        first = self.leases._housing_alert_raise(
            "sliding_lease_review",
            summary=lambda lease: f"Revoir {lease.name}",
            date_deadline=date(2025, 7, 1),
            user_id=self.user_manager.id,
        )
        self.assertEqual(first.mapped("summary"), [f"Revoir {lease.name}" for lease in self.leases])
        self.assertFalse(
            self.leases._housing_alert_raise("sliding_lease_review", summary="x", date_deadline=date(2025, 7, 2)),
            "an open alert is never raised twice",
        )
        with self.assertRaisesRegex(ValueError, "does not start with its cause"):
            self.lease._housing_alert_raise(
                "sliding_lease_review", summary="x", date_deadline=date(2025, 7, 2), key="x"
            )
        closed = self.lease._housing_alert_close(["sliding_lease_review"], "Point tenu")
        self.assertEqual(len(closed), 1)
        self.assertEqual(self.alerts().mapped("res_id"), self.other_lease.ids)
        self.assertEqual(len(self.env["housing.lease"]._housing_alerts_of_model(["sliding_lease_review"])) >= 1, True)

    def test_database_refuses_a_second_open_alert_of_the_same_cause(self):
        self.lease._housing_alert_raise("sliding_lease_review", summary="x", date_deadline=date(2025, 7, 1))
        alert = self.alerts(self.lease)
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.env.cr.savepoint():
            alert.copy({"housing_alert_key": alert.housing_alert_key})
            self.env.flush_all()

    def test_every_alert_of_the_addon_declares_its_cause(self):
        """Each model of the mechanism names an activity type that exists for each of its causes."""
        causes = dict(self.env["mail.activity"]._fields["housing_alert_cause"]._description_selection(self.env))
        declared = {}
        for name in ("housing.followup", "housing.arrears", "housing.repayment.plan", "account.move", "housing.lease"):
            for cause, xmlid in type(self.env[name])._housing_alert_types.items():
                self.assertTrue(self.env.ref(xmlid, raise_if_not_found=False), f"{name}: {cause} -> {xmlid}")
                declared[cause] = xmlid
        self.assertLessEqual(set(declared), set(causes))
        self.assertEqual(
            causes["caf_report"], self.env.ref("solidarity_housing.mail_activity_type_arrears_caf_report").name
        )


@tagged("post_install", "-at_install")
class TestAlertMigration(HousingCase):
    """A database older than the mechanism: its alerts are put in order before the unique index is built."""

    def test_old_reviews_are_keyed_and_duplicates_closed_before_the_index(self):
        review = self.env.ref("solidarity_housing.mail_activity_sliding_lease_review")
        lease, other_lease, third_lease = (
            self._new_lease(),
            self._new_lease(unit=self._new_unit("Appartement Oran")),
            self._new_lease(unit=self._new_unit("Appartement Sétif")),
        )
        # what the old code left: a review without a key, and the mechanism's own next to it
        old = lease.activity_schedule(activity_type_id=review.id, date_deadline=date(2025, 7, 1), summary="Ancien")
        mechanism = lease._housing_alert_raise("sliding_lease_review", summary="Point", date_deadline=date(2025, 7, 1))
        lonely_old = other_lease.activity_schedule(
            activity_type_id=review.id, date_deadline=date(2025, 8, 1), summary="Seul"
        )
        # two open activities with one key, made while the index was missing
        self.env.cr.execute("DROP INDEX mail_activity_housing_alert_uniq")
        first = third_lease._housing_alert_raise("sliding_lease_review", summary="Un", date_deadline=date(2025, 9, 1))
        second = first.copy({"housing_alert_key": "sliding_lease_review", "summary": "Deux"})
        self.env.flush_all()
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.env.cr.savepoint():
            self.env["mail.activity"].init()  # what the update did: it stopped here

        self.env.invalidate_all()
        migration("pre-alerts").migrate(self.env.cr, "19.0.1.0.1")
        self.env["mail.activity"].init()  # the index is built
        migration("post-alerts").migrate(self.env.cr, "19.0.1.0.1")
        self.env.invalidate_all()

        Activity = self.env["mail.activity"].with_context(active_test=False)
        self.assertEqual(
            Activity.browse((old | mechanism | lonely_old | first | second).ids).mapped(
                lambda a: (a.summary, a.active, a.housing_alert_key, a.housing_alert_cause)
            ),
            [
                ("Ancien", False, False, False),
                ("Point", True, "sliding_lease_review", "sliding_lease_review"),
                ("Seul", True, "sliding_lease_review", "sliding_lease_review"),
                ("Un", False, "sliding_lease_review", "sliding_lease_review"),
                ("Deux", True, "sliding_lease_review", "sliding_lease_review"),
            ],
        )
        self.assertEqual(
            Activity.browse(old.id).feedback, "Closed automatically: the same alert is open on this record."
        )
        # the mechanism sees one open review per lease, and keeps it in step
        self.assertEqual(
            (lease | other_lease | third_lease)._housing_alerts().mapped("res_id"),
            [lease.id, other_lease.id, third_lease.id],
        )
        self.assertFalse(
            self.env["ir.config_parameter"].sudo().get_param("solidarity_housing.migration_duplicate_alerts")
        )
