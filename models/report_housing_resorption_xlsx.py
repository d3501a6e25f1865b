from collections import defaultdict

from odoo import fields, models
from odoo.tools import html2plaintext


class ReportHousingResorptionXlsx(models.AbstractModel):
    """The resorption figures of each action as the State's platform lays them out (aggregates only, no names):
    one sheet of actions (the platform's action export), one sheet of sites (its site export)."""

    _name = "report.solidarity_housing.resorption_xlsx"
    _inherit = "report.report_xlsx.abstract"
    _description = "Resorption figures (XLSX)"

    def _action_sections(self):
        """``[(section title, [(column title, value getter(programme, figures, sites)), ...]), ...]``"""

        def fig(key):
            return lambda programme, figures, sites: figures.get(key, 0)

        return [
            (
                self.env._("ACTION"),
                [
                    (
                        self.env._("Department"),
                        lambda p, f, s: ", ".join(sorted({site.zip[:2] for site in s if site.zip})),
                    ),
                    (self.env._("Region code"), lambda p, f, s: ""),
                    (self.env._("Region"), lambda p, f, s: ""),
                    (self.env._("Action ID"), lambda p, f, s: p.code),
                    (self.env._("Main operator"), lambda p, f, s: p.company_id.name),
                    (self.env._("Project name"), lambda p, f, s: p.name),
                    (self.env._("Start date"), lambda p, f, s: p.date_start or ""),
                    (self.env._("End date (planned)"), lambda p, f, s: p.date_end or ""),
                    (self.env._("Place"), lambda p, f, s: ", ".join(sorted({site.city for site in s if site.city}))),
                    (self.env._("Fields of intervention"), lambda p, f, s: self._topics(f)),
                    (self.env._("Goals of the action"), lambda p, f, s: html2plaintext(p.description or "").strip()),
                ],
            ),
            (self.env._("OPERATORS"), [(self.env._("Operators"), lambda p, f, s: p.company_id.name)]),
            (
                self.env._("GENERAL INDICATORS"),
                [
                    (
                        self.env._("Total number of persons concerned by the action"),
                        fig("resorption_persons_concerned"),
                    ),
                    (self.env._("Number of households"), fig("resorption_households_concerned")),
                    (self.env._("Number of women"), fig("resorption_women_concerned")),
                    (self.env._("Number of minors"), fig("resorption_minors_concerned")),
                ],
            ),
            (
                self.env._("HEALTH"),
                [(self.env._("Number of persons with a health accompaniment"), fig("resorption_persons_health"))],
            ),
            (
                self.env._("EMPLOYMENT"),
                [
                    (
                        self.env._("Number of persons with at least one work contract in the year"),
                        fig("resorption_persons_in_work"),
                    ),
                    (
                        self.env._("Number of women with at least one work contract in the year"),
                        fig("resorption_women_in_work"),
                    ),
                ],
            ),
            (
                self.env._("SHELTER/HOUSING"),
                [
                    (
                        self.env._(
                            "Number of persons with a long-term solution in shelter or adapted housing with "
                            "accompaniment, temporary accompaniment sites included"
                        ),
                        fig("resorption_persons_long_term"),
                    ),
                    (
                        self.env._(
                            "Number of households with a long-term solution in shelter or adapted housing with "
                            "accompaniment, temporary accompaniment sites included"
                        ),
                        fig("resorption_households_long_term"),
                    ),
                    (self.env._("Number of persons with access to housing"), fig("resorption_persons_housing")),
                    (self.env._("Number of households with access to housing"), fig("resorption_households_housing")),
                ],
            ),
            (
                self.env._("SCHOOLING"),
                [
                    (self.env._("Number of minors of school or training age"), fig("resorption_minors_school_age")),
                    (self.env._("Number of minors with a mediation action (3 - 18 years)"), lambda p, f, s: ""),
                    (self.env._("Number of minors in nursery school"), fig("resorption_minors_nursery")),
                    (self.env._("Number of minors in primary school"), fig("resorption_minors_primary")),
                    (self.env._("Number of minors in secondary school (collège)"), fig("resorption_minors_secondary")),
                    (
                        self.env._("Number of minors in high school or vocational training"),
                        fig("resorption_minors_high_school"),
                    ),
                    (self.env._("Number of minors schooled: other"), fig("resorption_minors_schooled_other")),
                ],
            ),
            (
                self.env._("HOTEL SHELTER"),
                [
                    (self.env._("Persons sheltered in hotels"), fig("resorption_persons_sheltered")),
                    (self.env._("Hotel nights"), fig("shelter_nights")),
                    (self.env._("Cost of the hotel nights"), fig("shelter_cost")),
                ],
            ),
        ]

    def _site_sections(self):
        Site = self.env["housing.camp.site"]

        def labels(model, fname):
            return dict(model._fields[fname]._description_selection(self.env))

        land, owners, reasons, statuses = (
            labels(Site, fname) for fname in ("land_type", "owner_type", "closing_reason", "water_status")
        )

        def status(key):
            return lambda site, outcomes: statuses.get(site[key], "")

        def yes_no(value):
            return self.env._("yes") if value else self.env._("no")

        sections = [
            (
                self.env._("Location"),
                [
                    (self.env._("Department"), lambda site, o: site.zip[:2] if site.zip else ""),
                    (self.env._("Commune"), lambda site, o: site.city or ""),
                    (self.env._("INSEE code"), lambda site, o: site.insee_code or ""),
                    (self.env._("Address"), lambda site, o: site.street or ""),
                    (self.env._("Site name"), lambda site, o: site.name),
                    (self.env._("Latitude"), lambda site, o: site.latitude or ""),
                    (self.env._("Longitude"), lambda site, o: site.longitude or ""),
                ],
            ),
            (
                self.env._("Site"),
                [
                    (self.env._("Site type"), lambda site, o: land.get(site.land_type, "")),
                    (self.env._("Installation date"), lambda site, o: site.date_installed or ""),
                    (self.env._("Report date"), lambda site, o: site.date_reported or ""),
                    (self.env._("Is it a reinstallation?"), lambda site, o: yes_no(site.reinstallation_of_id)),
                    (self.env._("Closing date"), lambda site, o: site.date_closed or ""),
                    (self.env._("Resorbed"), lambda site, o: yes_no(site.closing_reason == "resorbed")),
                    (self.env._("Closing cause"), lambda site, o: reasons.get(site.closing_reason, "")),
                    (self.env._("Owner type"), lambda site, o: owners.get(site.owner_type, "")),
                ],
            ),
            (
                self.env._("Inhabitants"),
                [
                    (self.env._("Number of persons"), lambda site, o: site.person_count),
                    (self.env._("Number of households"), lambda site, o: site.household_count),
                    (self.env._("Number of minors"), lambda site, o: site.minor_count),
                    (self.env._("0 to 2 years"), lambda site, o: site.minors_0_2),
                    (self.env._("3 to 5 years"), lambda site, o: site.minors_3_5),
                    (self.env._("6 to 11 years"), lambda site, o: site.minors_6_11),
                    (self.env._("12 to 15 years"), lambda site, o: site.minors_12_15),
                    (self.env._("16 to 17 years"), lambda site, o: site.minors_16_17),
                    (self.env._("Children enrolled in a school"), lambda site, o: site.children_schooled),
                    (self.env._("Origins"), lambda site, o: self._origins(site)),
                ],
            ),
            (
                self.env._("Living conditions"),
                [
                    (self.env._("Electricity access status"), status("electricity_status")),
                    (self.env._("Water access status"), status("water_status")),
                    (self.env._("Sanitation access status"), status("sanitation_status")),
                    (self.env._("Waste removal status"), status("waste_status")),
                    (self.env._("Pests status"), status("pests_status")),
                    (self.env._("Fire prevention status"), status("fire_status")),
                ],
            ),
        ]
        outcome_columns = []
        for key, name in labels(self.env["housing.camp.census"], "outcome").items():
            outcome_columns += [
                (self.env._("%(outcome)s: persons", outcome=name), lambda site, o, key=key: o[site.id][key][1]),
                (self.env._("%(outcome)s: households", outcome=name), lambda site, o, key=key: o[site.id][key][0]),
            ]
        sections.append((self.env._("Orientation"), outcome_columns))
        return sections

    def _topics(self, figures):
        topics = [
            (self.env._("Health"), figures.get("resorption_persons_health")),
            (self.env._("Employment"), figures.get("resorption_persons_in_work")),
            (
                self.env._("Shelter/housing"),
                figures.get("resorption_persons_housed") or figures.get("resorption_persons_sheltered"),
            ),
            (self.env._("Schooling"), figures.get("resorption_minors_schooled")),
        ]
        return ", ".join(name for name, value in topics if value)

    def _origins(self, site):
        groups = [
            (self.env._("French"), site.nationality_french),
            (self.env._("European Union"), site.nationality_eu),
            (self.env._("Outside the European Union"), site.nationality_non_eu),
        ]
        return ";".join(name for name, present in groups if present)

    def _report_values(self, data, objects):
        """What both sheets print, read once: the programmes, the period, the figures, the sites."""
        programmes = self.env["housing.programme"].browse((data or {}).get("programme_ids") or objects.ids)
        date_from = fields.Date.to_date(data["date_from"])
        date_to = fields.Date.to_date(data["date_to"])
        indicators = self.env["housing.indicator"]
        figures = indicators._get_indicators(programmes, date_from, date_to)
        scope = indicators._indicator_scope(programmes, date_from, date_to)
        # the sites' population by age on the period's last day, not on the day of each interview
        sites = indicators._resorption_sites(scope).with_context(housing_population_date=date_to)
        outcomes = defaultdict(lambda: defaultdict(lambda: [0, 0]))
        for site, outcome, count, persons in self.env["housing.camp.census"]._read_group(
            [("site_id", "in", sites.ids), ("outcome", "!=", False)],
            ["site_id", "outcome"],
            ["__count", "person_count:sum"],
        ):
            outcomes[site.id][outcome] = [count, persons]
        return {
            "programmes": scope["programmes"],
            "date_from": date_from,
            "date_to": date_to,
            "figures": figures,
            "sites": sites,
            "outcomes": outcomes,
        }

    def generate_xlsx_report(self, workbook, data, objects):
        values = self._report_values(data, objects)
        formats = {
            "title": workbook.add_format({"bold": True, "font_size": 14}),
            "small": workbook.add_format({"font_size": 10}),
            "section": workbook.add_format({"bold": True, "font_color": "#FFFFFF", "bg_color": "#000000"}),
            "header": workbook.add_format({"bold": True, "bg_color": "#BDBDBD", "text_wrap": True, "valign": "top"}),
            "date": workbook.add_format({"num_format": "dd/mm/yyyy"}),
            "total": workbook.add_format({"bold": True}),
        }
        period = self.env._(
            "from %(date_from)s to %(date_to)s", date_from=values["date_from"], date_to=values["date_to"]
        )
        # the actions
        sheet = workbook.add_worksheet(self.env._("Actions"))
        sheet.write(0, 0, self.env._("Actions %(period)s", period=period), formats["title"])
        sheet.write(
            1, 0, self.env._("Resorption figures of %(company)s", company=self.env.company.name), formats["small"]
        )
        sheet.write(2, 0, self.env._("Extracted on %(date)s", date=fields.Date.context_today(self)), formats["small"])
        sections = self._action_sections()
        self._write_headings(sheet, 4, sections, formats)
        row = 6
        sites_by_programme = defaultdict(lambda: self.env["housing.camp.site"])
        for site in values["sites"]:
            sites_by_programme[site.programme_id.id] |= site
        for programme in values["programmes"]:
            figures = values["figures"][programme.id]
            cells = [
                getter(programme, figures, sites_by_programme[programme.id])
                for _t, cols in sections
                for _c, getter in cols
            ]
            self._write_row(sheet, row, cells, formats)
            row += 1
        total = values["figures"]["total"]
        total_cells = []
        for _title, columns in sections[2:]:
            total_cells += [getter(self.env["housing.programme"], total, values["sites"]) for _c, getter in columns]
        sheet.write(row, 0, self.env._("All actions"), formats["total"])
        first_figure = sum(len(columns) for _title, columns in sections[:2])
        self._write_row(sheet, row, total_cells, formats, start=first_figure)
        sheet.freeze_panes(6, 6)
        # the sites
        sheet = workbook.add_worksheet(self.env._("Sites"))
        sheet.write(0, 0, self.env._("Sites %(period)s", period=period), formats["title"])
        sheet.write(1, 0, self.env._("Extracted on %(date)s", date=fields.Date.context_today(self)), formats["small"])
        sections = self._site_sections()
        self._write_headings(sheet, 3, sections, formats)
        for row, site in enumerate(values["sites"], 5):
            cells = [getter(site, values["outcomes"]) for _t, cols in sections for _c, getter in cols]
            self._write_row(sheet, row, cells, formats)
        sheet.freeze_panes(5, 5)

    def _write_headings(self, sheet, row, sections, formats):
        column = 0
        for title, columns in sections:
            if len(columns) > 1:
                sheet.merge_range(row, column, row, column + len(columns) - 1, title, formats["section"])
            else:
                sheet.write(row, column, title, formats["section"])
            for offset, (header, _getter) in enumerate(columns):
                sheet.write(row + 1, column + offset, header, formats["header"])
                sheet.set_column(column + offset, column + offset, 18)
            column += len(columns)
        sheet.set_row(row + 1, 90)

    def _write_row(self, sheet, row, cells, formats, start=0):
        for column, value in enumerate(cells, start):
            if hasattr(value, "isoformat"):
                sheet.write_datetime(row, column, fields.Datetime.to_datetime(value), formats["date"])
            else:
                sheet.write(row, column, value)
