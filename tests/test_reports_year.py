from datetime import date

from odoo.tests import TransactionCase, tagged

from .common_reports import ReportsYearSetup


@tagged("post_install", "-at_install")
class TestReportsYear(ReportsYearSetup, TransactionCase):
    """Every figure of the hand-built year, against values computed on paper (see ReportsYearSetup)."""

    def test_households_and_persons(self):
        figures = self._indicators()
        self.assertEqual(set(figures), {self.programme.id, "total"})
        expected = {
            "households_housed": 5,  # Amadou, Bintou, Claire, Driss, Emeka
            "households_present_start": 2,  # Amadou and Driss on 1 January
            "households_present_end": 2,  # Bintou and Claire on 31 December
            "persons_housed": 6,  # and Chloé
            "adults_housed": 5,
            "minors_housed": 1,
            # Chloé turned 3 on 15 June: 3 on the last day she is housed in the year
            "minors_0_2": 0,
            "minors_3_5": 1,
            "minors_6_11": 0,
            "minors_12_15": 0,
            "minors_16_17": 0,
            "persons_present_end": 3,
        }
        for scope in (self.programme.id, "total"):
            self.assertEqual({key: figures[scope][key] for key in expected}, expected)
        # in the first quarter Chloé was still 2
        first_quarter = self._indicators(date(2025, 1, 1), date(2025, 3, 31))["total"]
        self.assertEqual(
            (first_quarter["households_housed"], first_quarter["minors_0_2"], first_quarter["minors_3_5"]), (3, 1, 0)
        )
        self.assertEqual(first_quarter["households_present_end"], 2)  # Claire and Driss on 31 March

    def test_places_bed_days_and_vacancy_cost(self):
        total = self._indicators()["total"]
        # 4 beds × 365 days; room 1: 74 + 266 occupied, room 2: 273 + 47, double room: 2 × 318
        expected = {
            "places": 4,
            "bed_days_available": 1460,
            "bed_days_occupied": 1296,
            "bed_days_vacant": 164,
            "occupancy_rate": 0.8877,  # 1296 / 1460
            # a vacant bed-day costs 1350 / (4 beds × days of the month):
            # room 1: 16 days of March 174.19 + 9 days of April 101.25; room 2: 14 days of October 152.42 + December
            # 337.50; double room: January 2 × 31 = 675.00 + 2 × 16 days of February 385.71
            "vacancy_cost": 1826.07,
        }
        self.assertEqual({key: total[key] for key in expected}, expected)
        # any dates: 10 March - 20 April, 42 days; room 1 empty 16 March - 9 April
        clipped = self._indicators(date(2025, 3, 10), date(2025, 4, 20))["total"]
        self.assertEqual(
            {key: clipped[key] for key in ("bed_days_available", "bed_days_occupied", "bed_days_vacant", "vacancy_cost")},
            {"bed_days_available": 168, "bed_days_occupied": 143, "bed_days_vacant": 25, "vacancy_cost": 275.44},
        )
        self.assertEqual(clipped["households_present_start"], 3)  # Amadou, Claire, Driss on 10 March

    def test_entries_exits_and_stays(self):
        total = self._indicators()["total"]
        expected = {
            "entries": 5,
            "exits": 3,
            "exits_by_destination": {
                "Permanent housing": 1,
                "Sliding lease taken over": 1,
                "Family or friends": 1,
            },
            "exits_permanent": 2,  # the sliding lease taken over counts
            "exits_permanent_rate": 0.6667,
            # stays of those who left: 74, 273 and 47 days; of those present on 31 December: 266 and 318
            "stay_days_average_exits": 131.3,
            "stay_days_median_exits": 74.0,
            "stay_days_average_present": 292.0,
            "stay_days_median_present": 292.0,
        }
        self.assertEqual({key: total[key] for key in expected}, expected)
        french = (
            self.env["housing.indicator"]
            .with_user(self.user_manager)
            .with_context(lang="fr_FR")
            ._get_indicators(self.programme, date(2025, 1, 1), date(2025, 3, 31))
        )
        self.assertEqual(french["total"]["exits"], 1)
        self.assertEqual(len(french["total"]["exits_by_destination"]), 1)

    def test_money(self):
        total = self._indicators()["total"]
        expected = {
            # March: Amadou 15 days of 450 = 217.74, Claire 100, Driss 300; April: Bintou 21 days of 450 = 315,
            # Claire 100, Driss 300; May: Bintou 450, Claire 100, Driss 300
            "billed_occupant": 2182.74,
            "billed_allowance": 630.0,  # the CAF: 210 × 3
            "billed_funder": 450.0,  # the DDETS: 150 × 3
            "billed_total": 3262.74,
            "association_share": 420.0,  # 140 × 3, never billed
            "collected": 700.0,  # Driss's March 300, Claire 40, the CAF 210, the DDETS 150
            "amount_due": 2562.74,
            "collection_rate": 0.2145,
            # Claire owes 260 = 2.6 months of her 100; Driss 600 = 2 months of his 300; Bintou 1.7, Amadou 0.48
            "households_in_arrears": 2,
            "arrears_rate": 0.4,
            "plans_opened": 1,
            "plans_kept": 0,
            "plans_broken": 1,
            "fsl_requests": 1,
            "ccapex_referrals": 1,
        }
        self.assertEqual({key: total[key] for key in expected}, expected)
        self.assertEqual(self.plan.state, "broken")
        # the first quarter has only March's dues, and the plan came later
        quarter = self._indicators(date(2025, 1, 1), date(2025, 3, 31))["total"]
        self.assertEqual(
            (quarter["billed_occupant"], quarter["billed_allowance"], quarter["plans_opened"], quarter["fsl_requests"]),
            (617.74, 210.0, 0, 0),
        )

    def test_followup(self):
        total = self._indicators()["total"]
        expected = {
            "followups_open": 2,
            "followups_by_measure": {"ASLL (housing-related social support)": 1, "Internal support": 1},
            "households_met": 2,
            "meetings": 4,  # the missed one is not counted
            "meeting_hours": 5.75,
            "meetings_by_type": {"Home visit": 1, "Office appointment": 1, "Phone call": 1, "Accompaniment outside": 1},
            "meeting_hours_by_type": {
                "Home visit": 1.5,
                "Office appointment": 1.0,
                "Phone call": 0.25,
                "Accompaniment outside": 3.0,
            },
            # the home visit's 1.5 hours are shared between health and CAF rights
            "meetings_by_domain": {"Residence permit and asylum": 2, "Health cover": 1, "CAF rights": 1, "No domain": 1},
            "meeting_hours_by_domain": {
                "Residence permit and asylum": 4.0,
                "Health cover": 0.75,
                "CAF rights": 0.75,
                "No domain": 0.25,
            },
            "goals_set": 4,
            "goals_achieved": 1,
            "goals_set_by_domain": {"Health cover": 1, "CAF rights": 1, "Residence permit and asylum": 1, "Domiciliation": 1},
            "goals_achieved_by_domain": {"Health cover": 1},
            "collective_activities": 1,
            "collective_hours": 2.0,
            "attendees": 3,
            "attendee_hours": 6.0,
        }
        self.assertEqual({key: total[key] for key in expected}, expected)
        # third quarter: Amadou's file was closed, the health goal reached before it
        quarter = self._indicators(date(2025, 7, 1), date(2025, 9, 30))["total"]
        self.assertEqual(
            (quarter["followups_open"], quarter["goals_set"], quarter["goals_achieved"], quarter["meetings"]),
            (1, 2, 0, 0),
        )

    def test_total_counts_a_household_once(self):
        """A household housed in two programmes is one household in the total."""
        other_programme = self.env["housing.programme"].create(
            {"name": "Second dispositif", "code": "SEC", "scheme_type": "hotel_shelter"}
        )
        unit = self._new_unit("Chambre d'hôtel", programme=other_programme, unit_type="hotel_room")
        self._new_occupancy(room=unit.room_ids, partner=self.bintou, start="2025-01-01", date_end="2025-03-31")
        figures = self._indicators(programmes=self.programme | other_programme)
        self.assertEqual(figures[other_programme.id]["households_housed"], 1)
        self.assertEqual(figures[self.programme.id]["households_housed"], 5)
        self.assertEqual(figures["total"]["households_housed"], 5)
        self.assertEqual(figures["total"]["persons_housed"], 6)
        self.assertEqual(figures["total"]["entries"], 6)
