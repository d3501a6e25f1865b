from datetime import date

from freezegun import freeze_time

from odoo.tests import TransactionCase, tagged

from .common_pathways import PathwaysSetup

FEB_FROM, FEB_TO = date(2025, 2, 1), date(2025, 2, 28)


@tagged("post_install", "-at_install")
class TestPathwaysFigures(PathwaysSetup, TransactionCase):
    """February 2025 of two programmes: the solidarity rooms (CS) and the shared home (DP)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cs, dp = cls.programme_rooms, cls.programme
        new = cls._new_application
        cls.a1 = new("A1", "waiting", cs, date_received="2024-12-20", date_waiting="2025-01-01")
        cls.a2 = new("A2", "waiting", cs | dp, date_received="2025-01-15", date_waiting="2025-02-01")
        cls.a3 = new("A3", "waiting", cs.browse(), date_received="2025-02-03", date_waiting="2025-02-15")
        cls.a4 = new(
            "A4", "accepted", cs, date_received="2024-11-20", date_waiting="2024-12-01", date_accepted="2025-02-10"
        )
        cls.a5 = new(
            "A5", "withdrawn", dp, date_received="2025-01-10", date_waiting="2025-01-20", date_closed="2025-02-25"
        )
        cls.a6 = new("A6", "received", cs, date_received="2025-02-05")
        reason = cls.env.ref
        cls.proposals = cls.env["housing.application.proposal"]
        for application, room, day, state, values in (
            (cls.a4, cls.room_lea, "2025-02-05", "accepted", {}),
            (
                cls.a1,
                cls.room_montreuil,
                "2025-02-12",
                "refused",
                {"reason_id": reason("solidarity_housing.reason_proposal_cost").id},
            ),
            (
                cls.a1,
                cls.room_twin,
                "2025-02-20",
                "refused",
                {"reason_id": reason("solidarity_housing.reason_proposal_location").id},
            ),
            (cls.a5, cls.room_1, "2025-02-02", "expired", {}),
            (cls.a2, cls.room_lea, "2025-02-26", "open", {}),
            (
                cls.a1,
                cls.room_lea,
                "2025-01-15",
                "refused",
                {"reason_id": reason("solidarity_housing.reason_proposal_incompatibility").id},
            ),
        ):
            cls.proposals |= cls._propose(
                application, room, start="2025-03-01", deadline="2025-03-05", date_proposed=day, state=state, **values
            )
        Offer = cls.env["housing.host.offer"]
        for name, stage, dates in (
            ("O1", "contacted", {"date_contacted": "2025-02-03"}),
            ("O2", "interested", {"date_contacted": "2025-02-05", "date_interested": "2025-02-10"}),
            (
                "O3",
                "agreed",
                {
                    "date_contacted": "2025-02-07",
                    "date_interested": "2025-02-08",
                    "date_visit": "2025-02-15",
                    "date_agreed": "2025-02-20",
                },
            ),
            (
                "O4",
                "hosting",
                {
                    "date_contacted": "2025-01-10",
                    "date_interested": "2025-01-15",
                    "date_visit": "2025-01-20",
                    "date_agreed": "2025-01-25",
                    "date_hosting": "2025-02-01",
                    "unit_id": cls.unit_twin.id,
                },
            ),
            (
                "O5",
                "declined",
                {"date_contacted": "2025-02-10", "date_interested": "2025-02-12", "date_declined": "2025-02-20"},
            ),
            ("O6", "interested", {"date_contacted": "2025-02-15", "date_interested": "2025-03-05"}),
        ):
            Offer.create({"name": name, "stage": stage, "programme_id": cs.id, "company_id": cls.company.id, **dates})
        cls.figures = (
            cls.env["housing.indicator"].with_user(cls.user_manager)._get_indicators(cs | dp, FEB_FROM, FEB_TO)
        )

    def test_waiting_list_and_waits(self):
        # on 28 February: A1 waited 58 days (since 1 January), A2 27, A3 13 (A3 wishes any programme);
        # A5 withdrew on the 25th; A4 accepted a place on 10 February after 71 days (since 1 December)
        expected = {
            self.programme_rooms.id: (2, 3, 27.0, 1, 71.0),
            self.programme.id: (1, 2, 20.0, 0, 0.0),
            "total": (2, 3, 27.0, 1, 71.0),
        }
        keys = (
            "referrals_received",
            "waiting_list_end",
            "waiting_days_median_end",
            "households_placed",
            "waiting_days_median_placed",
        )
        for key, values in expected.items():
            with self.subTest(programme=key):
                self.assertEqual(tuple(self.figures[key][fname] for fname in keys), values)
        with freeze_time("2025-02-28"):
            self.env.invalidate_all()
            self.assertEqual((self.programme_rooms.waiting_count, self.programme_rooms.waiting_median_days), (3, 27.0))
            self.assertEqual((self.programme.waiting_count, self.programme.waiting_median_days), (2, 20.0))
            # the pivot: per programme wished (A3 wishes none), A1 and A2 wait (58 + 27) / 2 = 42.5 days in CS
            groups = self.env["housing.application.report"]._read_group(
                [("company_id", "=", self.company.id), ("on_waiting_list", "=", True)],
                ["programme_ids"],
                ["waiting_count:sum", "waiting_days:avg"],
            )
            self.assertEqual(
                {programme.name or "-": (count, days) for programme, count, days in groups},
                {"Colocations solidaires test": (2, 42.5), "Domiciles partagés test": (1, 27.0), "-": (1, 13.0)},
            )

    def test_a_referral_assessed_again_still_waited_in_the_past(self):
        # on 10 March A1 (on the list since 1 January) goes back to the assessment: February's figures stay what
        # they were (A1 waited on 28 February, 58 days), March's end finds it off the list
        keys = ("waiting_list_end", "waiting_days_median_end", "households_placed", "waiting_days_median_placed")
        with freeze_time("2025-03-10"):
            self.a1.write({"state": "assessment"})
        self.assertEqual(self.a1.state, "assessment")
        Indicator = self.env["housing.indicator"].with_user(self.user_manager)
        february = Indicator._get_indicators(self.programme_rooms, FEB_FROM, FEB_TO)[self.programme_rooms.id]
        self.assertEqual(tuple(february[key] for key in keys), (3, 27.0, 1, 71.0))
        # 31 March: A2 waited 58 days (since 1 February), A3 44 (since 15 February); A4's place was in February
        march = Indicator._get_indicators(self.programme_rooms, date(2025, 3, 1), date(2025, 3, 31))
        self.assertEqual(tuple(march[self.programme_rooms.id][key] for key in keys), (2, 51.0, 0, 0.0))

    def test_proposals_by_outcome_and_reason(self):
        cs, dp, total = (self.figures[key] for key in (self.programme_rooms.id, self.programme.id, "total"))
        self.assertEqual(cs["proposals"], 4)  # the January refusal is outside the period
        self.assertEqual(cs["proposals_by_outcome"], {"Accepted": 1, "Refused": 2, "Awaiting an answer": 1})
        self.assertEqual(cs["proposals_refused_by_reason"], {"Cost": 1, "Location": 1})
        self.assertEqual(
            (dp["proposals"], dp["proposals_by_outcome"], dp["proposals_refused_by_reason"]), (1, {"Expired": 1}, {})
        )
        self.assertEqual(total["proposals"], 5)
        self.assertEqual(
            total["proposals_by_outcome"], {"Accepted": 1, "Refused": 2, "Awaiting an answer": 1, "Expired": 1}
        )

    def test_host_recruitment_by_stage_and_conversion(self):
        cs, dp = self.figures[self.programme_rooms.id], self.figures[self.programme.id]
        # contacted in February: O1, O2, O3, O5, O6; by the 28th interested: O2, O3, O5 (O6 on 5 March)
        self.assertEqual(cs["host_offers_new"], 5)
        self.assertEqual(
            cs["hosts_by_stage_end"], {"Contacted": 2, "Interested": 1, "Room agreed": 1, "Hosting": 1, "Declined": 1}
        )
        self.assertEqual(
            (cs["host_rate_interested"], cs["host_rate_visit"], cs["host_rate_agreed"], cs["host_rate_hosting"]),
            (3 / 5, 1 / 3, 1.0, 0.0),
        )
        self.assertEqual((dp["host_offers_new"], dp["hosts_by_stage_end"], dp["host_rate_interested"]), (0, {}, 0.0))
        self.assertEqual(self.figures["total"]["hosts_by_stage_end"], cs["hosts_by_stage_end"])

    def test_the_funder_pack_reads_the_section_and_its_lists(self):
        Indicator = self.env["housing.indicator"]
        section = next(section for section in Indicator._indicator_layout() if section[0] == "pathways")
        self.assertEqual(len(section[2]), 14)
        for key, _label, _kind in section[2]:
            self.assertIn(key, self.figures["total"])
        scope = Indicator._indicator_scope(self.programme_rooms | self.programme, FEB_FROM, FEB_TO)
        lists = {key: (columns, rows) for key, _title, columns, rows in Indicator._indicator_lists(scope)}
        both = "Domiciles partagés test, Colocations solidaires test"
        self.assertEqual(
            lists["pathways_waiting"][1],
            [
                [self.a1.name, "Colocations solidaires test", date(2024, 12, 20), date(2025, 1, 1), 58],
                [self.a2.name, both, date(2025, 1, 15), date(2025, 2, 1), 27],
                [self.a3.name, both, date(2025, 2, 3), date(2025, 2, 15), 13],
            ],
        )
        named = {key: rows for key, _title, _columns, rows in Indicator._indicator_lists(scope, names=True)}
        self.assertEqual(named["pathways_waiting"][0][-1], "A1")
        self.assertEqual(
            [row[5] for row in lists["pathways_proposals"][1]],
            ["Expired", "Accepted", "Refused", "Refused", "Awaiting an answer"],
        )
