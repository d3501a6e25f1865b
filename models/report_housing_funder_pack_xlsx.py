import re
from datetime import date

from xlsxwriter.utility import xl_rowcol_to_cell

from odoo import models

from .housing_indicator import AMOUNT, COUNT, DAYS, DICT, HOURS, RATE

#: kinds of figures whose total over the programmes is a sum (when the engine's total is that sum)
ADDITIVE_KINDS = (COUNT, DAYS, HOURS, AMOUNT)
SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
HEADER_ROW = 3


class ReportHousingFunderPackXlsx(models.AbstractModel):
    """The funder pack as a workbook: a summary sheet (every figure, one column per programme and the total),
    one sheet per programme, then one sheet per list behind the figures (households housed, entries, exits
    with destination, vacancies, arrears, meetings by domain, and whatever sections the engine has).

    Headers are frozen and filtered; totals are formulas (a sum of the programmes when the figure adds up, a
    ``SUBTOTAL`` under each numeric column of a list, so that a filter totals what it shows). Reads the
    wizard's ``_funder_pack_data``, as the PDF does.
    """

    _name = "report.solidarity_housing.report_housing_funder_pack_xlsx"
    _inherit = "report.report_xlsx.abstract"
    _description = "Funder pack (XLSX)"

    def generate_xlsx_report(self, workbook, data, objs):
        del data  # everything comes from the wizard
        for wizard in objs:
            pack = wizard._funder_pack_data()
            styles = self._styles(workbook, wizard)
            self._write_summary(workbook, styles, wizard, pack)
            for programme in pack["programmes"]:
                self._write_programme(workbook, styles, wizard, pack, programme)
            for _key, title, columns, rows in pack["lists"]:
                self._write_list(workbook, styles, title, columns, rows)

    # ------------------------------------------------------------------ styles
    def _styles(self, workbook, wizard):
        currency = self._report_xlsx_currency_format(wizard.company_id.currency_id)
        border = {"border": 1, "border_color": "#BFBFBF"}
        return {
            "title": workbook.add_format({"bold": True, "font_size": 14}),
            "subtitle": workbook.add_format({"italic": True, "font_color": "#595959"}),
            "note": workbook.add_format({"text_wrap": True, "valign": "top", "font_color": "#595959"}),
            "header": workbook.add_format(
                {"bold": True, "bg_color": "#1F4E78", "font_color": "#FFFFFF", "text_wrap": True, **border}
            ),
            "section": workbook.add_format({"bold": True, "bg_color": "#DDEBF7", **border}),
            "label": workbook.add_format({"text_wrap": True, **border}),
            "sublabel": workbook.add_format({"indent": 2, **border}),
            "text": workbook.add_format(border),
            "total_label": workbook.add_format({"bold": True, "top": 2}),
            "count": workbook.add_format({"num_format": "#,##0", **border}),
            "days": workbook.add_format({"num_format": "#,##0.0", **border}),
            "hours": workbook.add_format({"num_format": "#,##0.00", **border}),
            "rate": workbook.add_format({"num_format": "0.0%", **border}),
            "amount": workbook.add_format({"num_format": currency, **border}),
            "date": workbook.add_format({"num_format": "dd/mm/yyyy", **border}),
            "total_count": workbook.add_format({"num_format": "#,##0", "bold": True, "top": 2}),
            "total_hours": workbook.add_format({"num_format": "#,##0.00", "bold": True, "top": 2}),
        }

    def _number(self, value):
        """A figure as a cell's number: an int stays one, anything else (Decimal...) is a float."""
        return value if isinstance(value, int) and not isinstance(value, bool) else float(value or 0)

    @staticmethod
    def _is_number(value):
        return isinstance(value, int | float) and not isinstance(value, bool)

    def _sheet_name(self, name):
        return SHEET_NAME_FORBIDDEN.sub(" ", name).strip()[:31] or "-"

    def _value_style(self, styles, value, kind):
        if kind in (RATE, AMOUNT, HOURS):
            return styles[kind]
        if isinstance(value, float) and value != int(value):
            return styles["days"]
        return styles["count"]

    def _write_heading(self, sheet, styles, wizard, title):
        sheet.write(0, 0, title, styles["title"])
        sheet.write(1, 0, f"{wizard.company_id.name} — {wizard._period_label()}", styles["subtitle"])

    # ------------------------------------------------------------------ figures
    def _figure_rows(self, wizard, pack, columns):
        """The rows of a figures' table: ``(style, label, kind, {column: value})``; a section's title and a
        dict figure's name have no values."""
        figures = pack["figures"]
        rows = []
        for _section, title, items in pack["layout"]:
            rows.append(("section", title, None, {}))
            for key, label, kind in items:
                if kind == DICT:
                    rows.append(("label", label, None, {}))
                    for sublabel in wizard._dict_keys(figures, key, [(column, None) for column in columns]):
                        values = {column: (figures[column].get(key) or {}).get(sublabel, 0) for column in columns}
                        fractional = any(value != int(value) for value in values.values())
                        rows.append(("sublabel", sublabel, HOURS if fractional else COUNT, values))
                else:
                    rows.append(("label", label, kind, {column: figures[column].get(key, 0) for column in columns}))
        return rows

    def _write_summary(self, workbook, styles, wizard, pack):
        sheet = workbook.add_worksheet(self._sheet_name(self.env._("Overview")))
        self._write_heading(sheet, styles, wizard, self.env._("Funder pack"))
        columns = [key for key, _title in pack["columns"]]
        sheet.write(HEADER_ROW, 0, self.env._("Figure"), styles["header"])
        for index, (_key, title) in enumerate(pack["columns"], 1):
            sheet.write(HEADER_ROW, index, title, styles["header"])
        programme_columns = columns[:-1]
        row = HEADER_ROW
        for style, label, kind, values in self._figure_rows(wizard, pack, columns):
            row += 1
            sheet.write(row, 0, label, styles[style])
            if kind is None:
                for index in range(1, len(columns) + 1):
                    sheet.write_blank(row, index, None, styles[style])
                continue
            for index, column in enumerate(programme_columns, 1):
                value = self._number(values[column])
                sheet.write_number(row, index, value, self._value_style(styles, value, kind))
            total = self._number(values["total"])
            cell_style = self._value_style(styles, total, kind)
            parts = sum(self._number(values[column]) for column in programme_columns)
            if programme_columns and kind in ADDITIVE_KINDS and abs(parts - total) < 0.005:
                formula = f"=SUM({xl_rowcol_to_cell(row, 1)}:{xl_rowcol_to_cell(row, len(programme_columns))})"
                sheet.write_formula(row, len(columns), formula, cell_style, total)
            else:
                sheet.write_number(row, len(columns), total, cell_style)
        sheet.set_column(0, 0, 60)
        sheet.set_column(1, len(columns), 18)
        sheet.freeze_panes(HEADER_ROW + 1, 1)
        sheet.autofilter(HEADER_ROW, 0, row, len(columns))
        self._write_notes(sheet, styles, pack, row + 2, len(columns))

    def _write_notes(self, sheet, styles, pack, row, last_column):
        """How the figures are counted, under the table (each note over the width of the table)."""
        if not pack.get("notes"):
            return
        sheet.write(row, 0, self.env._("How the figures are counted"), styles["section"])
        for note in pack["notes"]:
            row += 1
            sheet.merge_range(row, 0, row, max(last_column, 1), note, styles["note"])
            sheet.set_row(row, 45)

    def _write_programme(self, workbook, styles, wizard, pack, programme):
        sheet = workbook.add_worksheet(self._sheet_name(f"{programme.code} {programme.name}"))
        funders = ", ".join(programme.funder_ids.mapped("name"))
        self._write_heading(sheet, styles, wizard, programme.name + (f" ({funders})" if funders else ""))
        sheet.write(HEADER_ROW, 0, self.env._("Figure"), styles["header"])
        sheet.write(HEADER_ROW, 1, self.env._("Value"), styles["header"])
        row = HEADER_ROW
        for style, label, kind, values in self._figure_rows(wizard, pack, [programme.id]):
            row += 1
            sheet.write(row, 0, label, styles[style])
            if kind is None:
                sheet.write_blank(row, 1, None, styles[style])
            else:
                value = self._number(values[programme.id])
                sheet.write_number(row, 1, value, self._value_style(styles, value, kind))
        sheet.set_column(0, 0, 60)
        sheet.set_column(1, 1, 18)
        sheet.freeze_panes(HEADER_ROW + 1, 1)
        sheet.autofilter(HEADER_ROW, 0, row, 1)

    # ------------------------------------------------------------------ lists
    def _write_list(self, workbook, styles, title, columns, rows):
        sheet = workbook.add_worksheet(self._sheet_name(title))
        for index, label in enumerate(columns):
            sheet.write(0, index, label, styles["header"])
        # a column is numeric when all its values are numbers; whole numbers when all are integers
        numeric, integers = [], []
        for index in range(len(columns)):
            values = [row[index] for row in rows]
            numeric.append(bool(values) and all(self._is_number(value) for value in values))
            integers.append(all(isinstance(value, int) for value in values))
        for row_index, row in enumerate(rows, 1):
            for index, value in enumerate(row):
                if value is None or value is False:
                    sheet.write_blank(row_index, index, None, styles["text"])
                elif isinstance(value, date):
                    sheet.write_datetime(row_index, index, value, styles["date"])
                elif numeric[index]:
                    sheet.write_number(row_index, index, value, styles["count" if integers[index] else "hours"])
                else:
                    sheet.write_string(row_index, index, str(value), styles["text"])
        last = len(rows)
        total_row = last + 1
        sheet.write(total_row, 0, self.env._("Total"), styles["total_label"])
        for index, is_numeric in enumerate(numeric):
            if not is_numeric or index == 0:
                continue
            ints = integers[index]
            total = sum(row[index] for row in rows)
            formula = f"=SUBTOTAL(109,{xl_rowcol_to_cell(1, index)}:{xl_rowcol_to_cell(last, index)})"
            sheet.write_formula(
                total_row, index, formula, styles["total_count" if ints else "total_hours"], round(total, 2)
            )
        for index, label in enumerate(columns):
            sheet.set_column(index, index, max(12, min(40, len(label) + 4)))
        sheet.freeze_panes(1, 0)
        sheet.autofilter(0, 0, max(last, 1), len(columns) - 1)
