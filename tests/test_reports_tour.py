from unittest.mock import patch

from odoo import fields
from odoo.tests import tagged

from .common import HousingHttpCase


@tagged("post_install", "-at_install")
class TestReportsTour(HousingHttpCase):
    @classmethod
    def _setup_housing(cls):
        result = super()._setup_housing()
        cls.env.ref("base.lang_fr").active = True
        cls.user_manager.lang = "fr_FR"
        year_start = fields.Date.today().replace(month=1, day=1)
        cls._new_lease(start=year_start)
        cls._new_occupancy(room=cls.room_1, partner=cls.occupant, start=year_start)
        cls.dashboard = cls.env.ref("solidarity_housing.spreadsheet_dashboard_housing")
        return result

    def test_manager_downloads_the_funder_pack_and_opens_the_dashboard(self):
        Report = self.registry["ir.actions.report"]
        rendered = []
        render_pdf, render_xlsx = Report._render_qweb_pdf, Report._render_xlsx

        def pdf(report, report_ref, res_ids=None, data=None):
            content, kind = render_pdf(report, report_ref, res_ids=res_ids, data=data)
            rendered.append((report_ref, kind, report.env.user, content))
            return content, kind

        def xlsx(report, report_ref, docids, data):
            content, kind = render_xlsx(report, report_ref, docids, data)
            rendered.append((report_ref, kind, report.env.user, content))
            return content, kind

        with patch.object(Report, "_render_qweb_pdf", pdf), patch.object(Report, "_render_xlsx", xlsx):
            self.start_tour("/odoo", "solidarity_housing_reports_tour", login=self.user_manager.login)
        self.assertEqual(
            [(ref, user) for ref, _kind, user, _content in rendered],
            [
                ("solidarity_housing.report_housing_funder_pack", self.user_manager),
                ("solidarity_housing.report_housing_funder_pack_xlsx", self.user_manager),
            ],
        )
        # tests render PDFs as their HTML (no wkhtmltopdf in test mode); the XLSX is a real workbook
        self.assertIn(b"Rapport aux financeurs", rendered[0][3])
        self.assertIn(b"Domiciles partag", rendered[0][3])
        self.assertEqual(rendered[1][1], "xlsx")
        self.assertEqual(rendered[1][3][:2], b"PK")

    def test_dashboard_data_loads(self):
        """The dashboard's JSON loads for a manager and every pivot and chart reads its report model."""
        self.authenticate(self.user_manager.login, self.user_manager.login)
        response = self.url_open(f"/spreadsheet/dashboard/data/{self.dashboard.id}")
        self.assertEqual(response.status_code, 200)
        data = response.json()
        snapshot = data["snapshot"]
        self.assertEqual(data["translation_namespace"], "solidarity_housing")
        self.assertEqual([sheet["name"] for sheet in snapshot["sheets"]], ["Dashboard", "Data"])
        sources = [
            (pivot["model"], [measure["fieldName"] for measure in pivot["measures"]], pivot["rows"], pivot["domain"])
            for pivot in snapshot["pivots"].values()
        ]
        for figure in snapshot["sheets"][0]["figures"]:
            if figure["data"]["type"].startswith("odoo_"):
                meta = figure["data"]["metaData"]
                sources.append(
                    (meta["resModel"], [meta["measure"]], meta["groupBy"], figure["data"]["searchParams"]["domain"])
                )
        models = {model for model, *_rest in sources}
        self.assertEqual(
            models,
            {
                "housing.occupancy.report",
                "housing.collection.report",
                "housing.followup.hours.report",
                "housing.occupancy",
            },
        )
        manager_env = self.env(user=self.user_manager)
        for model, measures, rows, domain in sources:
            groupby = [
                row if isinstance(row, str) else ":".join(filter(None, [row["fieldName"], row.get("granularity")]))
                for row in rows
            ]
            aggregates = ["__count" if measure == "__count" else f"{measure}:sum" for measure in measures]
            groups = manager_env[model].formatted_read_group(domain, groupby, aggregates)
            self.assertIsInstance(groups, list, model)
        # the occupancy rate of the dashboard is the rate of the period, not an average of the rooms' rates
        [group] = manager_env["housing.occupancy.report"].formatted_read_group(
            [], [], ["occupancy_rate:avg", "bed_days_occupied:sum", "bed_days_available:sum"]
        )
        self.assertAlmostEqual(
            group["occupancy_rate:avg"], group["bed_days_occupied:sum"] / group["bed_days_available:sum"]
        )
        # the back office does not get it
        self.authenticate(self.user_backoffice.login, self.user_backoffice.login)
        response = self.url_open(f"/spreadsheet/dashboard/data/{self.dashboard.id}")
        self.assertNotEqual(response.status_code, 200)
