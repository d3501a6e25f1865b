from datetime import date, datetime

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import TransactionCase, tagged

from .common_reports import ReportsYearSetup


@tagged("post_install", "-at_install")
class TestReportsRules(ReportsYearSetup, TransactionCase):
    """The rules behind the figures, on the hand-built year (see ReportsYearSetup): when an agreement ends, what a
    vacant bed costs, who was in arrears in a period, which goals were set in it, which hotel nights count, and
    that every section reads only what the manager may read."""

    # ------------------------------------------------------------------ an agreement ends with its exit
    def test_an_agreement_holds_its_beds_until_its_exit_is_recorded(self):
        # room 2 (1 bed) is free from 1 December; Fatou's agreement ends its term on 15 December
        fatou = self.env["res.partner"].create({"name": "Fatou Diallo"})
        agreement_f = self._new_occupancy(room=self.room_2, partner=fatou, start="2025-12-01", date_end="2025-12-15")
        # without her exit recorded, she still lives there (and is billed): nobody else takes the bed
        gaston = self.env["res.partner"].create({"name": "Gaston Leroy"})
        with self.assertRaisesRegex(
            ValidationError,
            rf"Chambre 2 has 1 bed\(s\) .*{agreement_f.name} reached its term on 2025-12-15 but its exit was never "
            r"recorded.* record its exit first",
        ):
            self._new_occupancy(room=self.room_2, partner=gaston, start="2025-12-16")
        agreement_f._record_exit(date(2025, 12, 15), "family")
        agreement_g = self._new_occupancy(room=self.room_2, partner=gaston, start="2025-12-16")
        self.assertEqual(agreement_g.state, "active")
        december = self._indicators(date(2025, 12, 1), date(2025, 12, 31))["total"]
        # 4 beds × 31 days, all occupied: Bintou, Claire and Chloé, Fatou then Gaston
        self.assertEqual((december["bed_days_occupied"], december["bed_days_vacant"]), (124, 0))

    def test_an_overlap_left_by_an_earlier_version_never_makes_vacancy_negative(self):
        # an agreement put in room 1 (1 bed, Bintou's) over December by an earlier version of the rule
        overlap = self._new_occupancy(room=self.room_2, start="2025-12-01")
        overlap.flush_recordset()
        self.env.cr.execute("UPDATE housing_occupancy SET room_id = %s WHERE id = %s", [self.room_1.id, overlap.id])
        self.env.invalidate_all()
        december = self._indicators(date(2025, 12, 1), date(2025, 12, 31))["total"]
        # room 1 full (not −31 vacant), room 2 empty all December: 31 bed-days at 1350 / (4 × 31)
        self.assertEqual((december["bed_days_vacant"], december["vacancy_cost"]), (31, 337.5))
        report = self.env["housing.occupancy.report"].with_user(self.user_manager).with_company(self.company)
        room_1 = report.search([("room_id", "=", self.room_1.id), ("date", "=", "2025-12-01")])
        self.assertEqual((room_1.bed_days_occupied, room_1.bed_days_vacant, room_1.vacancy_cost), (31, 0, 0.0))

    # ------------------------------------------------------------------ vacancy cost at the rent of the month
    def test_vacancy_cost_at_the_rent_in_force_each_month(self):
        irl = self.env["housing.irl"]
        new_index, old_index = irl._get(2025, 1), irl._get(2024, 1)
        self.lease._apply_revisions(
            [
                {
                    "lease_id": self.lease.id,
                    "anniversary_date": date(2025, 7, 1),
                    "date": date(2025, 7, 1),
                    "old_rent": 1200.0,
                    "new_rent": 1260.0,
                    "irl_new_id": new_index.id,
                    "irl_old_id": old_index.id,
                    "irl_new_value": new_index.value,
                    "irl_old_value": old_index.value,
                }
            ]
        )
        self.assertEqual(self.lease.rent, 1260.0, "the revision overwrote the lease's rent")
        # before July a vacant bed-day costs 1350 / (4 × days of the month), from July 1410 / (4 × days):
        # January 675.00, February 385.71, March 174.19, April 101.25; October 14 × 1410 / 124 = 159.19,
        # December 31 × 1410 / 124 = 352.50
        self.assertEqual(self._indicators()["total"]["vacancy_cost"], 1847.85)
        report = self.env["housing.occupancy.report"].with_user(self.user_manager).with_company(self.company)
        months = {
            month: round(cost, 2)
            for month, cost in report._read_group(
                [("programme_id", "=", self.programme.id), ("date", ">=", "2025-01-01"), ("date", "<=", "2025-12-31")],
                ["date:month"],
                ["vacancy_cost:sum"],
            )
        }
        self.assertEqual(
            (months[date(2025, 1, 1)], months[date(2025, 10, 1)], months[date(2025, 12, 1)]), (675.0, 159.19, 352.5)
        )

    # ------------------------------------------------------------------ arrears in the period
    def test_arrears_paid_after_the_period_still_count_for_it(self):
        # second quarter: Claire owes 260 from 6 May (2.6 months of her 100), Driss 600 (2 months of his 300)
        self.assertEqual(self._indicators(date(2025, 4, 1), date(2025, 6, 30))["total"]["households_in_arrears"], 2)
        # Claire pays everything on 15 July: her arrears file is up to date now...
        self._pay(self._invoices(self.claire), amount=260.0, date=date(2025, 7, 15))
        self._refresh()
        self.assertFalse(self._arrears(self.claire).in_arrears)
        # ...but she was in arrears in the second quarter, and until 15 July in the third
        second = self._indicators(date(2025, 4, 1), date(2025, 6, 30))["total"]
        # of the 3 households housed (Bintou, Claire, Driss)
        self.assertEqual((second["households_in_arrears"], second["arrears_rate"]), (2, 0.6667))
        self.assertEqual(self._indicators(date(2025, 7, 1), date(2025, 9, 30))["total"]["households_in_arrears"], 2)
        # in the fourth quarter she owes nothing, and Driss has left
        self.assertEqual(self._indicators(date(2025, 10, 1), date(2025, 12, 31))["total"]["households_in_arrears"], 0)
        # in March she owed 60 (0.6 month), Driss nothing: nobody
        self.assertEqual(self._indicators(date(2025, 3, 1), date(2025, 3, 31))["total"]["households_in_arrears"], 0)

    def test_a_departed_debtor_is_not_counted_in_later_periods(self):
        # Driss left on 30 September still owing 600, and Bintou leaves at the end of 2025: in 2026 only Claire
        # is housed, still owing 260
        self.agreement_b._record_exit(date(2025, 12, 31), "family")
        self.assertTrue(self._arrears(self.driss).in_arrears)
        year = self._indicators(date(2026, 1, 1), date(2026, 12, 31))["total"]
        self.assertEqual((year["households_housed"], year["households_in_arrears"], year["arrears_rate"]), (1, 1, 1.0))
        wizard = (
            self.env["housing.funder.report.wizard"]
            .with_user(self.user_manager)
            .create({"company_id": self.company.id, "period_type": "year", "year": 2026})
        )
        [(columns, rows)] = [
            (columns, rows) for key, _t, columns, rows in wizard._funder_pack_data()["lists"] if key == "arrears"
        ]
        self.assertEqual(
            columns,
            [
                "Programme",
                "Agreement",
                "At the threshold from",
                "Net share of a full month",
                "Most owed in the period",
                "Months of net share owed (most)",
                "Owed on the last day",
                "FSL requested on",
                "CCAPEX informed on",
            ],
        )
        self.assertEqual(
            rows,
            [
                [
                    self.programme.name,
                    self.agreement_c.name,
                    date(2026, 1, 1),
                    100.0,
                    260.0,
                    2.6,
                    260.0,
                    date(2025, 7, 1),
                    date(2025, 11, 15),
                ]
            ],
        )

    # ------------------------------------------------------------------ goals set in the period
    def test_goals_set_after_the_period_do_not_count_for_it(self):
        Goal = self.env["housing.followup.goal"]
        # a goal recorded today, long after 2025, and one agreed on 1 March 2025 then dropped
        Goal.create({"followup_id": self.file_claire.id, "domain_id": self.goals[1].domain_id.id, "name": "Emploi"})
        dropped = Goal.create(
            {
                "followup_id": self.file_claire.id,
                "domain_id": self.goals[1].domain_id.id,
                "name": "Ouvrir un compte",
                "state": "dropped",
            }
        )
        self._set_create_date(dropped, datetime(2025, 3, 1, 9, 0))
        # first quarter: Claire's 3 goals, Amadou's (dropped) and the one dropped, all set in it
        self.assertEqual(self._indicators(date(2025, 1, 1), date(2025, 3, 31))["total"]["goals_set"], 5)
        # third quarter: Claire's CAF and residence goals only (health reached in April; the dropped goal is not
        # carried over; today's goal did not exist yet)
        third = self._indicators(date(2025, 7, 1), date(2025, 9, 30))["total"]
        self.assertEqual(third["goals_set_by_domain"], {"CAF rights": 1, "Residence permit and asylum": 1})

    # ------------------------------------------------------------------ hotel nights up to tonight
    @freeze_time("2025-10-01")
    def test_hotel_nights_are_counted_up_to_tonight(self):
        hotel = self.env["res.partner"].create({"name": "Hôtel de la Gare", "is_company": True})
        Stay = self.env["housing.shelter.stay"]
        Stay.create(
            {
                "partner_id": self.emeka.id,
                "hotel_id": hotel.id,
                "programme_id": self.programme.id,
                "company_id": self.company.id,
                "date_checkin": date(2025, 9, 20),
                "price_night": 40.0,
                "funder_id": self.funder.id,
            }
        )
        # 20 September to tonight (1 October): 12 nights; the rest of the year is to come
        year = self._indicators()["total"]
        self.assertEqual((year["shelter_nights"], year["shelter_cost"]), (12, 480.0))
        self.assertEqual(year["shelter_nights_by_funder"], {self.funder.name: 12})

    # ------------------------------------------------------------------ record rules in every section
    def _hide(self, record):
        """A rule (for everyone) that hides ``record``: narrower than the company's."""
        self.env["ir.rule"].create(
            {
                "name": f"Test: hide {record.display_name}",
                "model_id": self.env["ir.model"]._get_id(record._name),
                "domain_force": f"[('id', '!=', {record.id})]",
            }
        )

    def test_every_section_reads_only_what_the_manager_may_read(self):
        Partner = self.env["res.partner"]
        applications = self.env["housing.application"].create(
            [
                {
                    "partner_id": Partner.create({"name": f"Ménage {index}"}).id,
                    "company_id": self.company.id,
                    "referrer_kind": "self",
                    "date_received": date(2025, 3, index),
                    "programme_ids": [Command.set(self.programme.ids)],
                }
                for index in (3, 4)
            ]
        )
        # another association's referral wishing no programme waits for its own programmes, never ours
        self.env["housing.application"].create(
            {
                "partner_id": Partner.create({"name": "Ménage ailleurs", "company_id": self.other_company.id}).id,
                "company_id": self.other_company.id,
                "referrer_kind": "self",
                "date_received": date(2025, 3, 5),
            }
        )
        offers = self.env["housing.host.offer"].create(
            [
                {
                    "name": f"Colocation {index}",
                    "programme_id": self.programme.id,
                    "company_id": self.company.id,
                    "date_contacted": date(2025, 4, index),
                }
                for index in (1, 2)
            ]
        )
        sites = self.env["housing.camp.site"].create(
            [
                {
                    "name": f"Site {index}",
                    "programme_id": self.programme.id,
                    "company_id": self.company.id,
                    "city": "Toulouse",
                    "date_reported": date(2025, 2, index),
                }
                for index in (1, 2)
            ]
        )
        hotel = Partner.create({"name": "Hôtel du Centre", "is_company": True})
        stays = self.env["housing.shelter.stay"].create(
            [
                {
                    "partner_id": partner.id,
                    "hotel_id": hotel.id,
                    "programme_id": self.programme.id,
                    "company_id": self.company.id,
                    "date_checkin": date(2025, 1, 10),
                    "date_checkout": date(2025, 1, 20),
                    "price_night": 50.0,
                    "funder_id": self.funder.id,
                }
                for partner in (self.amadou, self.driss)
            ]
        )
        total = self._indicators()["total"]
        figures = ("referrals_received", "host_offers_new", "resorption_sites", "shelter_stays", "shelter_nights")
        self.assertEqual(tuple(total[key] for key in figures), (2, 2, 2, 2, 20))
        for record in (applications[1], offers[1], sites[1], stays[1]):
            self._hide(record)
        total = self._indicators()["total"]
        self.assertEqual(tuple(total[key] for key in figures), (1, 1, 1, 1, 10))
        self.assertEqual((total["shelter_cost"], total["shelter_nights_by_funder"]), (500.0, {self.funder.name: 10}))
        # and another association's manager reads none of it
        other = (
            self.env["housing.indicator"]
            .with_user(self.user_other_company)
            .with_context(allowed_company_ids=self.other_company.ids)
            ._get_indicators(self.programme, date(2025, 1, 1), date(2025, 12, 31))
        )
        self.assertEqual(set(other), {"total"})
        self.assertEqual(tuple(other["total"].get(key, 0) for key in figures), (0, 0, 0, 0, 0))
