import io
from collections import OrderedDict

from odoo import models
from odoo.addons.base.models.ir_actions_report import _wkhtml

#: the addon's reports printed for many records at once (a month's documents, a unit's statements)
HOUSING_BATCH_REPORTS = (
    "solidarity_housing.report_housing_rent_document",
    "solidarity_housing.report_housing_charges_statement",
)


class IrActionsReport(models.Model):
    _inherit = "ir.actions.report"

    def _render_qweb_pdf_prepare_streams(self, report_ref, data, res_ids=None):
        """A month's documents print on a wkhtmltopdf without patched Qt too.

        Such a wkhtmltopdf converts one document per call, and Odoo refuses to print several records
        with it. For the addon's batch reports the HTML of all the records is still rendered once (one
        pass over the database), then each record's page is converted on its own; with a patched
        wkhtmltopdf, Odoo's single conversion is used.
        """
        report = self._get_report(report_ref)
        if (
            report.report_name not in HOUSING_BATCH_REPORTS
            or not res_ids
            or len(res_ids) < 2
            or len(res_ids) != len(set(res_ids))
            or _wkhtml().is_patched_qt
            or self.get_wkhtmltopdf_state() == "install"
        ):
            return super()._render_qweb_pdf_prepare_streams(report_ref, data, res_ids=res_ids)
        data = dict(data or {}, report_type="pdf", debug=False)
        html = self.with_context(debug=False)._render_qweb_html(report_ref, res_ids, data=data)[0]
        bodies, html_ids, header, footer, paperformat_args = report.with_context(debug=False)._prepare_html(
            html, report_model=report.model
        )
        streams = OrderedDict()
        for body, res_id in zip(bodies, html_ids, strict=True):
            content = self._run_wkhtmltopdf(
                [body],
                report_ref=report_ref,
                header=header,
                footer=footer,
                landscape=self.env.context.get("landscape"),
                specific_paperformat_args=paperformat_args,
                set_viewport_size=self.env.context.get("set_viewport_size"),
            )
            streams[res_id] = {"stream": io.BytesIO(content), "attachment": None}
        return streams
