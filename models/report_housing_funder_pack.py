from odoo import api, models


class ReportHousingFunderPack(models.AbstractModel):
    """Values of the funder pack's PDF: the wizard's ``_funder_pack_data``, the same the XLSX reads."""

    _name = "report.solidarity_housing.report_housing_funder_pack"
    _description = "Funder pack (PDF)"

    @api.model
    def _get_report_values(self, docids, data=None):
        wizards = self.env["housing.funder.report.wizard"].browse(docids)
        return {
            "doc_ids": docids,
            "doc_model": "housing.funder.report.wizard",
            "docs": wizards,
            "packs": {wizard.id: wizard._funder_pack_data() for wizard in wizards},
            "data": data,
        }
