import base64
import re

from odoo import fields, models


class HousingPersonalDataExport(models.TransientModel):
    """Everything held on a person, as a file to hand over (right of access, GDPR art. 15)."""

    _name = "housing.personal.data.export"
    _description = "Personal data export"

    partner_id = fields.Many2one("res.partner", string="Person", required=True, ondelete="cascade")
    data = fields.Binary(string="File", readonly=True, attachment=False)
    filename = fields.Char(readonly=True)

    def action_download(self):
        self.ensure_one()
        content = self.partner_id._housing_personal_data_json()
        slug = re.sub(r"[^A-Za-z0-9]+", "_", self.partner_id.name or "person").strip("_").lower()
        self.write(
            {
                "data": base64.b64encode(content.encode()),
                "filename": f"personal_data_{slug}_{fields.Date.context_today(self)}.json",
            }
        )
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content?model={self._name}&id={self.id}&field=data&filename_field=filename&download=true",
            "target": "self",
        }
