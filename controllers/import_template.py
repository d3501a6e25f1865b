from odoo import http
from odoo.http import content_disposition, request


class HousingImportTemplateController(http.Controller):
    @http.route("/solidarity_housing/import_template/<string:key>", type="http", auth="user", methods=["GET"])
    def import_template(self, key):
        """An import template in the user's language (see ``housing.import.template``)."""
        templates = request.env["housing.import.template"]
        content = templates._render(key)
        return request.make_response(
            content,
            headers=[
                ("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
                ("Content-Disposition", content_disposition(templates._filename(key))),
            ],
        )
