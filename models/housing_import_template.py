import io
from datetime import date

import xlsxwriter

from odoo import api, models
from odoo.exceptions import UserError

#: The import templates: for each, the model, the columns (field paths as the import reads them) and example
#: rows (values; selections by key, booleans as booleans, many2one by name). A row with an empty first column
#: continues the record above it (its next room, member or payer), as Odoo's import reads one2many lines.
TEMPLATES = {
    "units": {
        "model": "housing.unit",
        "columns": [
            "name",
            "programme_id",
            "unit_type",
            "street",
            "zip",
            "city",
            "floor",
            "surface",
            "furnished",
            "landlord_id",
            "room_ids/name",
            "room_ids/capacity",
            "room_ids/surface",
        ],
        "rows": [
            [
                "Appartement Belleville",
                "Domiciles partagés",
                "t4",
                "12 rue de Belleville",
                "75020",
                "Paris",
                "3",
                82.0,
                True,
                "Paris Habitat",
                "Chambre 1",
                1,
                12.0,
            ],
            [None] * 10 + ["Chambre 2", 1, 11.5],
            [None] * 10 + ["Chambre 3", 3, 16.0],
            [
                "Studio Ménilmontant",
                "Domiciles partagés",
                "t1",
                "40 rue de Ménilmontant",
                "75020",
                "Paris",
                "1",
                24.0,
                False,
                "Paris Habitat",
                "Studio",
                1,
                24.0,
            ],
        ],
    },
    "households": {
        "model": "res.partner",
        "columns": [
            "name",
            "housing_birthdate",
            "housing_relationship",
            "phone",
            "email",
            "street",
            "zip",
            "city",
            "housing_member_ids/name",
            "housing_member_ids/housing_birthdate",
            "housing_member_ids/housing_relationship",
        ],
        "rows": [
            [
                "Amina Diallo",
                date(1985, 3, 14),
                "head",
                "06 12 34 56 78",
                "amina.diallo@example.org",
                "12 rue de Belleville",
                "75020",
                "Paris",
                "Moussa Diallo",
                date(2012, 5, 2),
                "child",
            ],
            [None] * 8 + ["Awa Diallo", date(2016, 9, 20), "child"],
            ["Mohamed Benali", date(1950, 4, 2), "head", "06 98 76 54 32", None, None, None, None, None, None, None],
        ],
    },
    "leases": {
        "model": "housing.lease",
        "columns": [
            "unit_id",
            "landlord_id",
            "lease_type",
            "date_start",
            "date_end",
            "rent",
            "charges",
            "rent_ceiling",
            "deposit",
            "notice_months",
        ],
        "rows": [
            [
                "Appartement Belleville",
                "Paris Habitat",
                "sublet",
                date(2025, 1, 1),
                None,
                1200.0,
                150.0,
                1500.0,
                1200.0,
                3,
            ],
            [
                "Studio Ménilmontant",
                "Paris Habitat",
                "sliding_lease",
                date(2025, 3, 1),
                None,
                520.0,
                60.0,
                None,
                520.0,
                1,
            ],
        ],
    },
    "agreements": {
        "model": "housing.occupancy",
        "columns": [
            "partner_id",
            "unit_id",
            "room_id",
            "date_start",
            "date_end",
            "rent",
            "charges",
            "prorata_method",
            "deposit",
            "share_ids/payer_kind",
            "share_ids/partner_id",
            "share_ids/amount",
            "share_ids/is_remainder",
            "share_ids/date_start",
        ],
        "rows": [
            [
                "Amina Diallo",
                "Appartement Belleville",
                "Appartement Belleville / Chambre 3",
                date(2025, 2, 10),
                None,
                390.0,
                60.0,
                "actual",
                390.0,
                "occupant",
                None,
                None,
                True,
                None,
            ],
            [None] * 9 + ["housing_allowance", "CAF de Paris", 210.0, False, date(2025, 3, 1)],
            [
                "Mohamed Benali",
                "Studio Ménilmontant",
                None,
                date(2025, 3, 1),
                None,
                480.0,
                40.0,
                "actual",
                0.0,
                "occupant",
                None,
                200.0,
                False,
                None,
            ],
            [None] * 9 + ["association", None, None, True, None],
        ],
    },
}


class HousingImportTemplate(models.AbstractModel):
    """Spreadsheets an association fills to bring its stock, households, leases and agreements into Odoo.

    Each model offers its template in Odoo's import screen (``get_import_templates``); the file is written
    in the reader's language (headers are the fields' labels, selections their labels), so that the import
    maps every column by itself.
    """

    _name = "housing.import.template"
    _description = "Import templates"

    @api.model
    def _templates_of(self, model_name):
        """``get_import_templates`` entries of ``model_name``."""
        labels = {
            "units": self.env._("Import template: dwellings and their rooms"),
            "households": self.env._("Import template: households and their members"),
            "leases": self.env._("Import template: head leases"),
            "agreements": self.env._("Import template: occupancy agreements and their payers"),
        }
        return [
            {"label": labels[key], "template": f"/solidarity_housing/import_template/{key}"}
            for key, template in TEMPLATES.items()
            if template["model"] == model_name
        ]

    @api.model
    def _filename(self, key):
        names = {
            "units": self.env._("dwellings"),
            "households": self.env._("households"),
            "leases": self.env._("head_leases"),
            "agreements": self.env._("agreements"),
        }
        return f"{self.env._('import_template')}_{names[key]}.xlsx"

    @api.model
    def _render(self, key):
        """The template ``key`` as an XLSX file (bytes), in the user's language."""
        if key not in TEMPLATES:
            raise UserError(self.env._("There is no import template named %(name)s.", name=key))
        template = TEMPLATES[key]
        Model = self.env[template["model"]]
        Model.check_access("create")
        headers, cells = [], []
        for path in template["columns"]:
            field_names = path.split("/")
            current, labels = Model, []
            for name in field_names:
                field = current._fields[name]
                labels.append(field._description_string(self.env))
                last = field
                if field.relational and name != field_names[-1]:
                    current = self.env[field.comodel_name]
            headers.append("/".join(labels))
            cells.append((last, current))
        output = io.BytesIO()
        workbook = xlsxwriter.Workbook(output, {"in_memory": True})
        sheet = workbook.add_worksheet(self.env._("Data to import"))
        bold = workbook.add_format({"bold": True, "bg_color": "#E8EEF4", "border": 1})
        day = workbook.add_format({"num_format": "yyyy-mm-dd"})
        for column, header in enumerate(headers):
            sheet.write(0, column, header, bold)
            sheet.set_column(column, column, max(14, len(header) + 2))
        for row_index, row in enumerate(template["rows"], 1):
            for column, value in enumerate(row):
                field, model = cells[column]
                if value is None:
                    continue
                if isinstance(value, date):
                    sheet.write_datetime(row_index, column, value, day)
                elif field.type == "selection":
                    sheet.write_string(row_index, column, dict(field._description_selection(model.env))[value])
                elif field.type == "boolean":
                    sheet.write_string(row_index, column, self.env._("Yes") if value else self.env._("No"))
                else:
                    sheet.write(row_index, column, value)
        sheet.freeze_panes(1, 0)
        workbook.close()
        return output.getvalue()
