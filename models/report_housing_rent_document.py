from odoo import api, models


class ReportHousingRentDocument(models.AbstractModel):
    """Values of the tenant documents: computed once for all the documents printed together."""

    _name = "report.solidarity_housing.report_housing_rent_document"
    _description = "Tenant documents report"

    @api.model
    def _get_report_values(self, docids, data=None):
        documents = self.env["housing.rent.document"].browse(docids)
        return {
            "doc_ids": docids,
            "doc_model": "housing.rent.document",
            "docs": documents,
            "document_values": documents._report_values(),
            "data": data,
        }
