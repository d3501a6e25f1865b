import io
from datetime import date

import openpyxl
from freezegun import freeze_time

from odoo import Command
from odoo.tests import TransactionCase, tagged

from .common_resorption import ResorptionSetup


@tagged("post_install", "-at_install")
@freeze_time("2025-10-01")
class TestResorptionIndicators(ResorptionSetup, TransactionCase):
    """A year of a camp-resorption action, counted by hand:

    - the Lupus (4: a couple, the mother with a work contract, 2 children at primary school), censused on 3 March,
      accompanied (a health goal), moved on 2 June into a mobile home (long-term shelter with accompaniment);
    - the Rusus (2), censused on 3 March, moved on 2 June into a hotel, still there (45 a night, DIHAL);
    - the Stans (3, a child at primary school), censused in November 2024, accompanied, employment goal reached;
    - another programme: a family of 3 at the hotel for 10 nights in January, 25 a person (DDETS).
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        with freeze_time("2024-11-05"):
            cls.stan = cls._family(
                "Stan",
                children=1,
                day=date(2024, 11, 5),
                need_ids=[Command.create({"domain_id": cls.domain_employment.id, "name": "Trouver un emploi"})],
            )
            cls.stan.with_user(cls.user_social).action_open_followup()
        cls.stan.followup_id.goal_ids.write({"state": "done", "date_done": date(2025, 5, 1)})
        with freeze_time("2025-03-10"):
            cls.lupu = cls._family(
                "Lupu", need_ids=[Command.create({"domain_id": cls.domain_health.id, "name": "Ouvrir l'AME"})]
            )
            cls.lupu.member_ids.filtered(lambda member: member.relationship == "spouse").work = "contract"
            cls.lupu.with_user(cls.user_social).action_open_followup()
            cls.rusu = cls._family("Rusu", children=0)
        with freeze_time("2025-06-02"):
            lupu_move = cls._new_move(cls.lupu, planned="2025-06-02 09:00:00").sudo()
            lupu_move.next_case_manager_id = cls.next_manager
            lupu_move.action_prepare_handover()
            lupu_move.handover_line_ids.handed = True
            lupu_move.action_done()
            stay = cls._new_stay(cls.rusu.partner_id, date(2025, 6, 2), census_id=cls.rusu.id)
            cls._new_move(cls.rusu, destination_type="hotel", unit_id=False, shelter_stay_id=stay.id).action_done()
        cls.hotel_programme = cls.env["housing.programme"].create(
            {"name": "Mise à l'abri test", "code": "MAT", "scheme_type": "hotel_shelter", "company_id": cls.company.id}
        )
        family = cls.env["res.partner"].create({"name": "Famille Dinu"})
        cls._new_stay(
            family,
            date(2025, 1, 10),
            date(2025, 1, 20),
            programme_id=cls.hotel_programme.id,
            price_basis="per_person",
            price_night=25.0,
            person_count=3,
            funder_id=cls.funder.id,
        )
        cls.year = (date(2025, 1, 1), date(2025, 12, 31))

    def _indicators(self, date_from, date_to, user=None):
        programmes = self.camp_programme | self.hotel_programme
        return (
            self.env["housing.indicator"]
            .with_user(user or self.user_manager)
            ._get_indicators(programmes, date_from, date_to)
        )

    def test_the_figures_of_the_year(self):
        result = self._indicators(*self.year)
        camp = result[self.camp_programme.id]
        expected = {
            "resorption_sites": 1,
            "resorption_sites_resorbed": 0,
            "resorption_households_censused": 2,
            "resorption_persons_censused": 6,
            "resorption_households_concerned": 3,
            "resorption_persons_concerned": 9,
            "resorption_women_concerned": 3,
            "resorption_minors_concerned": 3,
            "resorption_households_accompanied": 2,
            "resorption_persons_accompanied": 7,
            "resorption_persons_health": 4,
            "resorption_households_moved": 2,
            "resorption_persons_moved": 6,
            "resorption_households_long_term": 1,
            "resorption_persons_long_term": 4,
            "resorption_households_housing": 0,
            "resorption_persons_housed": 4,
            "resorption_households_sheltered": 1,
            "resorption_persons_sheltered": 2,
            "resorption_persons_lasting": 4,
            "resorption_households_in_work": 2,
            "resorption_persons_in_work": 2,
            "resorption_women_in_work": 1,
            "resorption_minors_school_age": 3,
            "resorption_minors_schooled": 3,
            "resorption_minors_primary": 3,
            "resorption_minors_nursery": 0,
            # the stay runs on: 2 June to tonight (1 October, today), 29 + 31 + 31 + 30 + 1 nights at 45; the
            # nights to come are not counted
            "shelter_stays": 1,
            "shelter_nights": 122,
            "shelter_cost": 5490.0,
        }
        self.assertEqual({key: camp[key] for key in expected}, expected)
        self.assertAlmostEqual(camp["resorption_persons_lasting_rate"], 4 / 9)
        self.assertEqual(camp["shelter_nights_by_funder"], {"DIHAL Test": 122})
        hotel = result[self.hotel_programme.id]
        self.assertEqual(
            (hotel["shelter_nights"], hotel["shelter_cost"], hotel["resorption_persons_sheltered"]), (10, 750.0, 3)
        )
        total = result["total"]
        self.assertEqual((total["shelter_stays"], total["shelter_nights"], total["shelter_cost"]), (2, 132, 6240.0))
        self.assertEqual(total["shelter_nights_by_funder"], {"DIHAL Test": 122, "DDETS Test": 10})
        self.assertEqual(total["shelter_cost_by_funder"], {"DIHAL Test": 5490.0, "DDETS Test": 750.0})
        self.assertEqual(total["resorption_persons_concerned"], 9)
        layout_keys = {
            key for _s, _t, figures in self.env["housing.indicator"]._indicator_layout() for key, _l, _k in figures
        }
        self.assertFalse(layout_keys - set(total), "every figure the funder pack prints is computed")

    def test_a_first_quarter(self):
        result = self._indicators(date(2025, 1, 1), date(2025, 3, 31))
        camp = result[self.camp_programme.id]
        self.assertEqual(
            (
                camp["resorption_households_censused"],
                camp["resorption_households_concerned"],
                camp["resorption_households_moved"],
                camp["resorption_persons_housed"],
                camp["resorption_persons_sheltered"],
                camp["resorption_persons_in_work"],
                camp["shelter_nights"],
            ),
            (2, 3, 0, 0, 0, 1, 0),
            "nobody moved before June; Maria's contract is recorded at the census, the Stans' goal is reached in May",
        )
        self.assertEqual(result["total"]["shelter_nights"], 10)

    def test_the_lists_carry_references_not_names(self):
        indicators = self.env["housing.indicator"].with_user(self.user_manager)
        scope = indicators._indicator_scope(self.camp_programme | self.hotel_programme, *self.year)
        lists = {key: (columns, rows) for key, _title, columns, rows in indicators._indicator_lists(scope)}
        self.assertEqual(lists["resorption_sites"][1], [["Campement des Étroits", "Toulouse", 3, 9, 4, "No", "", ""]])
        columns, rows = lists["shelter_stays"]
        self.assertEqual(columns, ["Stay", "Hotel", "Funder", "Check-in", "Check-out", "Persons", "Nights", "Cost"])
        self.assertEqual([row[5:] for row in rows], [[3, 10, 750.0], [2, 122, 5490.0]])
        self.assertNotIn("Ion Rusu", str(rows))
        named = {key: rows for key, _t, _c, rows in indicators._indicator_lists(scope, names=True)}
        self.assertIn("Ion Rusu", str(named["shelter_stays"]))

    def test_the_xlsx_export_has_the_columns_of_the_state_platform_and_no_names(self):
        wizard = (
            self.env["housing.resorption.export"]
            .with_user(self.user_manager)
            .create(
                {
                    "programme_ids": [Command.set((self.camp_programme | self.hotel_programme).ids)],
                    "date_from": self.year[0],
                    "date_to": self.year[1],
                }
            )
        )
        action = wizard.action_export()
        self.assertEqual(action["report_name"], "solidarity_housing.resorption_xlsx")
        content, kind = (
            self.env["ir.actions.report"]
            .with_user(self.user_manager)
            ._render("solidarity_housing.resorption_xlsx", wizard.programme_ids.ids, data=action["data"])
        )
        self.assertEqual(kind, "xlsx")
        book = openpyxl.load_workbook(io.BytesIO(content))
        sheet = book["Actions"]
        headers = [cell.value for cell in sheet[6]]
        rows = {row[3]: dict(zip(headers, row, strict=False)) for row in sheet.iter_rows(min_row=7, values_only=True)}
        camp = rows["RBT"]
        self.assertEqual(camp["Project name"], "Résorption test")
        self.assertEqual(camp["Department"], "31")
        self.assertEqual(camp["Total number of persons concerned by the action"], 9)
        self.assertEqual((camp["Number of households"], camp["Number of women"], camp["Number of minors"]), (3, 3, 3))
        self.assertEqual(camp["Number of persons with a health accompaniment"], 4)
        self.assertEqual(camp["Number of persons with at least one work contract in the year"], 2)
        self.assertEqual(camp["Number of women with at least one work contract in the year"], 1)
        long_term = next(
            header for header in headers if header and header.startswith("Number of persons with a long-term")
        )
        self.assertEqual(camp[long_term], 4)
        self.assertEqual(camp["Number of persons with access to housing"], 0)
        self.assertEqual(camp["Number of minors of school or training age"], 3)
        self.assertEqual(camp["Number of minors in primary school"], 3)
        self.assertEqual((camp["Hotel nights"], camp["Cost of the hotel nights"]), (122, 5490))
        total = next(row for row in sheet.iter_rows(min_row=7, values_only=True) if row[0] == "All actions")
        self.assertEqual(dict(zip(headers, total, strict=False))["Hotel nights"], 132)
        sites = book["Sites"]
        site_headers = [cell.value for cell in sites[5]]
        site = dict(zip(site_headers, next(sites.iter_rows(min_row=6, values_only=True)), strict=False))
        self.assertEqual(
            (site["Site name"], site["Number of persons"], site["Number of households"], site["6 to 11 years"]),
            ("Campement des Étroits", 9, 3, 3),
        )
        self.assertEqual(site["Long-term shelter or adapted housing with accompaniment: persons"], 4)
        self.assertEqual(site["Temporary shelter (a few days or weeks): households"], 1)
        cells = " ".join(str(value) for sheet in book for row in sheet.iter_rows(values_only=True) for value in row)
        for name in ("Lupu", "Rusu", "Stan", "Dinu", "Ion"):
            self.assertNotIn(name, cells)

    def test_minors_are_counted_by_their_age_on_the_period_s_last_day(self):
        """Ilie, 17 and at the lycée when censused on 3 March 2025, turns 18 on 1 May: a minor at school for the
        first quarter, an adult (neither a minor nor schooled as one) for the year, as the site counts him."""
        self._new_census(
            ("Vasile Rus", date(1990, 5, 5), "male"),
            [("Ilie Rus", date(2007, 5, 1), "male", "child", {"schooling": "high_school"})],
            site=self.site,
        )
        quarter = self._indicators(date(2025, 1, 1), date(2025, 3, 31))[self.camp_programme.id]
        year = self._indicators(*self.year)[self.camp_programme.id]
        keys = ("resorption_minors_concerned", "resorption_minors_school_age", "resorption_minors_schooled")
        # the quarter: the Lupus' 2 and the Stans' child, plus Ilie; the year: without him
        self.assertEqual(tuple(quarter[key] for key in keys), (4, 4, 4))
        self.assertEqual(tuple(year[key] for key in keys), (3, 3, 3))
        self.assertEqual(year["resorption_minors_high_school"], 0)
        self.assertEqual(quarter["resorption_minors_high_school"], 1)
