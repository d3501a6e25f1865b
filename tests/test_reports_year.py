import io
import re
from datetime import date
from unittest.mock import patch

import lxml.html
import openpyxl
from freezegun import freeze_time

from odoo.exceptions import UserError, ValidationError
from odoo.tests import TransactionCase, tagged

from ..models.report_housing_funder_pack_xlsx import HEADER_ROW
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
            "persons_present_start": 2,  # Amadou and Driss
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
            # room 1: 16 days of March 174.1935 + 9 days of April 101.25; room 2: 14 days of October 152.4194 +
            # December 337.50; double room: January 2 × 31 = 675.00 + 2 × 16 days of February 385.7143
            "vacancy_cost": 1826.08,
        }
        self.assertEqual({key: total[key] for key in expected}, expected)
        # any dates: 10 March - 20 April, 42 days; room 1 empty 16 March - 9 April
        clipped = self._indicators(date(2025, 3, 10), date(2025, 4, 20))["total"]
        self.assertEqual(
            {
                key: clipped[key]
                for key in ("bed_days_available", "bed_days_occupied", "bed_days_vacant", "vacancy_cost")
            },
            {"bed_days_available": 168, "bed_days_occupied": 143, "bed_days_vacant": 25, "vacancy_cost": 275.44},
        )
        self.assertEqual(clipped["households_present_start"], 3)  # Amadou, Claire, Driss on 10 March
        self.assertEqual(clipped["persons_present_start"], 4)  # and Chloé

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
        self.env.ref("base.lang_fr").active = True
        french = (
            self.env["housing.indicator"]
            .with_user(self.user_manager)
            .with_context(lang="fr_FR")
            ._get_indicators(self.programme, date(2025, 1, 1), date(2025, 3, 31))
        )
        self.assertEqual(french["total"]["exits"], 1)
        self.assertEqual(french["total"]["exits_by_destination"], {"Logement pérenne": 1})

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
            "meetings_by_domain": {
                "Residence permit and asylum": 2,
                "Health cover": 1,
                "CAF rights": 1,
                "No domain": 1,
            },
            "meeting_hours_by_domain": {
                "Residence permit and asylum": 4.0,
                "Health cover": 0.75,
                "CAF rights": 0.75,
                "No domain": 0.25,
            },
            "goals_set": 4,
            "goals_achieved": 1,
            "goals_set_by_domain": {
                "Health cover": 1,
                "CAF rights": 1,
                "Residence permit and asylum": 1,
                "Domiciliation": 1,
            },
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


@tagged("post_install", "-at_install")
class TestReportsPack(ReportsYearSetup, TransactionCase):
    """The funder pack: the wizard, and its PDF and XLSX carrying the engine's figures, equal to each other; the
    report models of the pivots and the dashboard."""

    @classmethod
    def _setup_reports_year(cls):
        result = super()._setup_reports_year()
        cls.env.ref("base.lang_fr").active = True
        cls.wizard = (
            cls.env["housing.funder.report.wizard"]
            .with_user(cls.user_manager)
            .with_context(lang="fr_FR", allowed_company_ids=cls.company.ids)
            .create({"company_id": cls.company.id, "period_type": "year", "year": 2025})
        )
        return result

    def _xlsx(self, wizard):
        content, kind = (
            self.env["ir.actions.report"]
            .with_user(self.user_manager)
            .with_context(lang="fr_FR")
            ._render_xlsx("solidarity_housing.action_report_housing_funder_pack_xlsx", wizard.ids, data=None)
        )
        self.assertEqual(kind, "xlsx")
        return openpyxl.load_workbook(io.BytesIO(content), data_only=True), openpyxl.load_workbook(io.BytesIO(content))

    def _html(self, wizard):
        html, kind = (
            self.env["ir.actions.report"]
            .with_user(self.user_manager)
            .with_context(lang="fr_FR")
            ._render_qweb_html("solidarity_housing.action_report_housing_funder_pack", wizard.ids)
        )
        self.assertEqual(kind, "html")
        return lxml.html.fromstring(html)

    def test_wizard_programmes_and_periods(self):
        wizard = self.wizard
        self.assertEqual(wizard.programme_ids, self.programme, "every programme of the company by default")
        self.assertEqual((wizard.date_from, wizard.date_to), (date(2025, 1, 1), date(2025, 12, 31)))
        wizard.write({"period_type": "quarter", "quarter": "2"})
        self.assertEqual((wizard.date_from, wizard.date_to), (date(2025, 4, 1), date(2025, 6, 30)))
        wizard.write({"period_type": "month", "month": "2"})
        self.assertEqual((wizard.date_from, wizard.date_to), (date(2025, 2, 1), date(2025, 2, 28)))
        wizard.write({"period_type": "custom", "date_from": "2025-03-10", "date_to": "2025-04-20"})
        self.assertEqual((wizard.date_from, wizard.date_to), (date(2025, 3, 10), date(2025, 4, 20)))
        # a funder: the programmes it funds
        other = self.env["housing.programme"].create(
            {"name": "Sans financeur", "code": "SF", "scheme_type": "sublet", "company_id": self.company.id}
        )
        wizard.funder_id = self.funder
        self.assertEqual(wizard.programme_ids, self.programme)
        self.assertIn(self.funder, wizard.available_funder_ids)
        wizard.funder_id = False
        self.assertEqual(wizard.programme_ids, self.programme | other)
        with self.assertRaisesRegex(ValidationError, "La période se termine|The period ends"):
            wizard.write({"date_from": "2025-05-01", "date_to": "2025-04-30"})
        wizard.programme_ids = False
        with self.assertRaisesRegex(UserError, "Choisissez les dispositifs|Choose the programmes"):
            wizard.action_print_pdf()
        with self.assertRaisesRegex(UserError, "Choisissez les dispositifs|Choose the programmes"):
            wizard.action_print_xlsx()

    def test_pdf_and_xlsx_figures_are_equal(self):
        wizard = self.wizard
        figures = (
            self.env["housing.indicator"]
            .with_user(self.user_manager)
            ._get_indicators(self.programme, wizard.date_from, wizard.date_to)
        )
        values, formulas = self._xlsx(wizard)
        self.assertEqual(values.sheetnames[0], "Synthèse")
        summary = values["Synthèse"]
        header = [cell.value for cell in summary[HEADER_ROW + 1]]
        self.assertEqual(header, ["Indicateur", self.programme.name, "Total"])
        self.assertEqual(summary.freeze_panes, "B5")
        self.assertTrue(summary.auto_filter.ref.startswith("A4:C"))
        layout = (
            self.env["housing.indicator"].with_user(self.user_manager).with_context(lang="fr_FR")._indicator_layout()
        )
        kinds = {label: (key, kind) for _section, _title, items in layout for key, label, kind in items}
        html = self._html(wizard)
        shown = {cell.get("data-figure"): cell.text_content().strip() for cell in html.xpath("//td[@data-figure]")}
        compared = 0
        current_dict = None
        for row in summary.iter_rows(min_row=HEADER_ROW + 2, values_only=True):
            label, programme_value, total_value = row
            if label in kinds and kinds[label][1] == "dict":
                current_dict = kinds[label][0]
                continue
            if programme_value is None:
                continue  # a section's title
            if label in kinds:
                key, kind = kinds[label]
                cells = [(f"{self.programme.id}|{key}", programme_value), (f"total|{key}", total_value)]
                self.assertEqual(total_value, figures["total"][key], label)
            else:  # a line of a dict figure
                kind = "count"
                cells = [
                    (f"{self.programme.id}|{current_dict}|{label}", programme_value),
                    (f"total|{current_dict}|{label}", total_value),
                ]
            for figure, value in cells:
                self.assertAlmostEqual(self._parse(shown[figure]), value, delta=0.0006 if kind == "rate" else 0.005)
                compared += 1
        self.assertGreater(compared, 100)
        self.assertEqual(shown["total|vacancy_cost"].replace("\u202f", " ").replace("\xa0", " "), "1 826,08 €")
        self.assertEqual(shown["total|occupancy_rate"], "88,8 %")
        self.assertEqual((shown["total|persons_present_start"], shown["total|persons_present_end"]), ("2", "3"))
        summary_rows = {row[0]: row[1:] for row in summary.iter_rows(values_only=True)}
        labels = {key: label for label, (key, _kind) in kinds.items()}
        self.assertEqual(summary_rows[labels["persons_present_start"]], (2, 2))  # Personnes présentes le premier jour
        # totals are formulas, a sum of the programmes when the figure adds up
        total_cells = [row[2].value for row in formulas["Synthèse"].iter_rows(min_row=HEADER_ROW + 2)]
        self.assertIn(f"=SUM(B{HEADER_ROW + 3}:B{HEADER_ROW + 3})", total_cells)

    def test_xlsx_lists_and_names(self):
        values, formulas = self._xlsx(self.wizard)
        self.assertEqual(
            values.sheetnames,
            [
                "Synthèse",
                f"DPT {self.programme.name}"[:31],
                "Ménages logés",
                "Entrées",
                "Sorties et destinations",
                "Vacance",
                "Ménages en impayé",
                "Rendez-vous par domaine",
                # the lists the other capabilities add to the engine (camp resorption, pathways)
                "Sites",
                "Séjours à l'hôtel",
                "Attente en fin de période",
                "Places proposées sur la période",
            ],
        )
        exits = values["Sorties et destinations"]
        rows = list(exits.iter_rows(values_only=True))
        self.assertEqual(
            rows[0][:7],
            (
                "Dispositif",
                "Convention",
                "Logement",
                "Date d'entrée",
                "Date de sortie",
                "Destination",
                "Séjour (jours)",
            ),
        )
        self.assertEqual(
            [row[1] for row in rows[1:4]], [self.agreement_a.name, self.agreement_d.name, self.agreement_e.name]
        )
        self.assertEqual(rows[-1][0], "Total")
        self.assertEqual(rows[-1][6], 74 + 273 + 47)
        self.assertEqual(formulas["Sorties et destinations"].freeze_panes, "A2")
        self.assertEqual(formulas["Sorties et destinations"]["G5"].value, "=SUBTOTAL(109,G2:G4)")
        vacancies = list(values["Vacance"].iter_rows(values_only=True))
        self.assertEqual(vacancies[-1][5:7], (164, 1826.08))
        arrears = list(values["Ménages en impayé"].iter_rows(values_only=True))
        self.assertEqual(
            sorted(row[1] for row in arrears[1:-1]), sorted([self.agreement_c.name, self.agreement_d.name])
        )
        # no name unless asked for
        every_value = {str(cell) for sheet in values for row in sheet.iter_rows(values_only=True) for cell in row}
        self.assertFalse({"Claire Mbala", "Driss Amrani", "Amadou Sow"} & every_value)
        self.assertNotIn("Claire Mbala", self._html(self.wizard).text_content())
        self.wizard.names = True
        values, _formulas = self._xlsx(self.wizard)
        exits = list(values["Sorties et destinations"].iter_rows(values_only=True))
        self.assertEqual(exits[0][-1], "Ménage")
        self.assertEqual([row[-1] for row in exits[1:4]], ["Amadou Sow", "Driss Amrani", "Emeka Obi"])
        self.wizard.pdf_lists = True
        self.assertIn("Claire Mbala", self._html(self.wizard).text_content())

    def test_reports_print_every_section_and_list(self):
        """Another capability's section and list appear in both files without a change to the reports."""
        Indicator = self.registry["housing.indicator"]
        sections, layout, lists = Indicator._indicator_sections, Indicator._indicator_layout, Indicator._indicator_lists

        def waiting(_engine, _scope, result):
            for programme_id, figures in result.items():
                figures["applications_waiting"] = 7 if programme_id == "total" else 4

        with (
            patch.object(Indicator, "_indicators_pathways_test", waiting, create=True),
            patch.object(
                Indicator, "_indicator_sections", lambda engine: [*sections(engine), "_indicators_pathways_test"]
            ),
            patch.object(
                Indicator,
                "_indicator_layout",
                lambda engine: [
                    *layout(engine),
                    ("pathways", "Parcours", [("applications_waiting", "En attente", "count")]),
                ],
            ),
            patch.object(
                Indicator,
                "_indicator_lists",
                lambda engine, scope, names=False: [
                    *lists(engine, scope, names=names),
                    ("waiting", "Liste d'attente", ["Demande", "Jours"], [["DEM-1", 12], ["DEM-2", 30]]),
                ],
            ),
        ):
            values, formulas = self._xlsx(self.wizard)
            html = self._html(self.wizard)
        summary = {row[0]: row[1:] for row in values["Synthèse"].iter_rows(values_only=True)}
        self.assertEqual(summary["En attente"], (4, 7))
        self.assertEqual(values.sheetnames[-1], "Liste d'attente")
        self.assertEqual(list(values["Liste d'attente"].iter_rows(values_only=True))[-1], ("Total", 42))
        self.assertEqual(formulas["Liste d'attente"]["B4"].value, "=SUBTOTAL(109,B2:B3)")
        shown = {cell.get("data-figure"): cell.text_content().strip() for cell in html.xpath("//td[@data-figure]")}
        self.assertEqual(
            (shown[f"{self.programme.id}|applications_waiting"], shown["total|applications_waiting"]), ("4", "7")
        )

    @staticmethod
    def _parse(text):
        """A figure as the PDF prints it in French (1 826,07 €, 88,8 %, 5,75 h), as a number."""
        number = re.sub(r"[^0-9,\-]", "", text).replace(",", ".")
        value = float(number or 0)
        return value / 100 if text.endswith("%") else value

    # the report models behind the pivots and the dashboard say what the engine says

    def test_occupancy_report_by_month(self):
        Report = self.env["housing.occupancy.report"].with_user(self.user_manager).with_company(self.company)
        domain = [("programme_id", "=", self.programme.id), ("date", ">=", "2025-01-01"), ("date", "<=", "2025-12-31")]
        [(available, occupied, vacant, rate, cost)] = Report._read_group(
            domain,
            [],
            [
                "bed_days_available:sum",
                "bed_days_occupied:sum",
                "bed_days_vacant:sum",
                "occupancy_rate:avg",
                "vacancy_cost:sum",
            ],
        )
        self.assertEqual((available, occupied, vacant, round(cost, 2)), (1460, 1296, 164, 1826.08))
        self.assertAlmostEqual(rate, 1296 / 1460, places=6)  # the rate of the group, not an average of rates
        months = {
            month: (vacant, round(cost, 2))
            for month, vacant, cost in Report._read_group(
                domain, ["date:month"], ["bed_days_vacant:sum", "vacancy_cost:sum"]
            )
        }
        self.assertEqual(months[date(2025, 1, 1)], (62, 675.0))  # the double room empty all January
        self.assertEqual(months[date(2025, 3, 1)], (16, 174.19))  # room 1 from 16 March
        self.assertEqual(months[date(2025, 6, 1)], (0, 0.0))
        rooms = Report.search([*domain, ("date", "=", "2025-03-01")])
        self.assertEqual(len(rooms), 3)
        self.assertEqual(len(set(rooms.ids)), 3, "one real id per room and month")
        room_1 = rooms.filtered(lambda row: row.room_id == self.room_1)
        self.assertEqual(
            (room_1.bed_days_available, room_1.bed_days_occupied, room_1.occupancy_rate), (31, 15, 15 / 31)
        )

    @freeze_time("2025-06-15")
    def test_collection_report(self):
        Report = self.env["housing.collection.report"].with_user(self.user_manager).with_company(self.company)
        domain = [("programme_id", "=", self.programme.id)]
        by_kind = {
            kind: (round(billed, 2), round(collected, 2), round(due, 2), round(share, 2))
            for kind, billed, collected, due, share in Report._read_group(
                domain,
                ["payer_kind"],
                ["billed:sum", "collected:sum", "amount_due:sum", "association_share:sum"],
            )
        }
        self.assertEqual(
            by_kind,
            {
                "occupant": (2182.74, 340.0, 1842.74, 0.0),
                "housing_allowance": (630.0, 210.0, 420.0, 0.0),
                "funder": (450.0, 150.0, 300.0, 0.0),
                "association": (0.0, 0.0, 0.0, 420.0),
            },
        )
        # what is still due on 15 June, aged by days past the due date (the 5th of each month): March's 277.74
        # (Amadou 217.74, Claire 60) 102 days late, April's 1075 (Bintou 315, Claire 100, Driss 300, the CAF 210,
        # the DDETS 150) 71 days, May's 1210 41 days
        ageing = ["amount_due", "amount_not_due", "amount_0_30", "amount_31_60", "amount_61_90", "amount_over_90"]
        [amounts] = Report._read_group(domain, [], [f"{key}:sum" for key in ageing])
        self.assertEqual([round(amount, 2) for amount in amounts], [2562.74, 0.0, 0.0, 1210.0, 1075.0, 277.74])
        # on 3 May: May's dues are not due yet
        with freeze_time("2025-05-03"):
            [amounts] = Report._read_group(domain, [], [f"{key}:sum" for key in ageing])
        self.assertEqual([round(amount, 2) for amount in amounts], [2562.74, 1210.0, 1075.0, 277.74, 0.0, 0.0])
        in_arrears = Report.search([*domain, ("household_in_arrears", "=", True), ("payer_kind", "=", "occupant")])
        self.assertEqual(in_arrears.occupant_id, self.claire | self.driss)
        self.assertEqual(len(in_arrears), 6)  # their March, April and May
