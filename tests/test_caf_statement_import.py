import io

import xlsxwriter

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common_caf import APRIL, MARCH, SAMPLE, CafCase


@tagged("post_install", "-at_install")
class TestCafStatementImport(CafCase):
    """The sample statement, an XLSX of another CAF's layout, one import per statement, malformed files."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the CAF number of Mohamed mistyped on someone else's profile too: the one whose allowance the CAF pays wins
        cls.env["housing.social.profile"].create(
            {
                "partner_id": cls.env["res.partner"].create({"name": "Karim Benali"}).id,
                "company_id": cls.company.id,
                "caf_number": "234 5671",
            }
        )
        cls.agreements = cls._sample_households()
        cls._bill_months(MARCH, APRIL)

    def _counts(self):
        return (
            self.env["housing.caf.statement"].search_count([]),
            self.env["housing.caf.statement.line"].search_count([]),
            self.env["ir.attachment"].search_count([("res_model", "=", "housing.caf.statement")]),
            self.env["account.move"].search_count([("company_id", "=", self.company.id)]),
        )

    def test_the_sample_statement_imports_and_matches(self):
        statement = self._import(SAMPLE.read_bytes(), 881.0, file_name=SAMPLE.name)
        self.assertEqual((statement.period_start, statement.amount_total, statement.line_count), (APRIL, 881.0, 6))
        self.assertEqual(statement.matched_count, 6, statement.line_ids.mapped("match_note"))
        self.assertEqual(
            statement.line_ids.mapped("match_method"),
            ["caf_number", "caf_number", "name_amount", "caf_number", "caf_number", "caf_number"],
        )
        self.assertEqual(statement.line_ids.mapped("kind"), ["regular"] * 4 + ["rappel", "indu"])
        self.assertEqual(
            self.env["ir.attachment"].search([("res_model", "=", statement._name), ("res_id", "=", statement.id)]).name,
            "caf_statement_sample.csv",
        )
        statement.action_validate()
        for agreement in self.agreements:
            self.assertEqual(self._allowance_due(agreement, APRIL).payment_state, "paid")
        self.assertEqual(self._allowance_due(self.agreements[1], MARCH).payment_state, "paid")
        self.assertEqual(self._allowance_due(self.agreements[0], MARCH).payment_state, "not_paid")
        indu = statement.line_ids[-1].occupant_move_id
        self.assertEqual((indu.partner_id.name, indu.amount_total), ("Aminata Diallo", 35.0))

    def test_an_xlsx_statement_of_another_layout(self):
        mapping = self.env["housing.caf.statement.mapping"].create(
            {
                "name": "Export XLSX",
                "caf_partner_id": self.caf.id,
                "company_id": self.company.id,
                "header_row": 3,
                "decimal_separator": ".",
                "month_format": "%Y-%m",
                "column_caf_number": "Numéro",
                "column_name": "Bénéficiaire",
                "column_month": "Période",
                "column_amount": "Montant versé",
                "column_kind": False,
            }
        )
        buffer = io.BytesIO()
        workbook = xlsxwriter.Workbook(buffer)
        sheet = workbook.add_worksheet()
        sheet.write_row(0, 0, ["CAF de Test — paiements du mois"])
        sheet.write_row(2, 0, ["Période", "Numéro", "Bénéficiaire", "Montant versé"])
        sheet.write_row(3, 0, ["2025-04", 2345671, "Benali Mohamed", 210])
        sheet.write_row(4, 0, ["2025-04", "2345672", "Haddad Fatima", 180.5])
        sheet.write_row(5, 0, ["2025-03", "2345672", "Haddad Fatima", 100])
        sheet.write_row(6, 0, ["2025-02", "2345674", "Diallo Aminata", -20])
        workbook.close()
        statement = self._import(buffer.getvalue(), 470.5, file_name="paiements.xlsx", mapping=mapping)
        self.assertEqual(statement.line_ids.mapped("line_number"), [4, 5, 6, 7])
        self.assertEqual(statement.line_ids.mapped("kind"), ["regular", "regular", "rappel", "indu"])
        self.assertEqual(statement.line_ids.mapped("match_state"), ["matched", "matched", "amount_differs", "matched"])
        self.assertEqual(statement.period_start, APRIL, "the month most lines are for")

    def test_a_statement_is_imported_once(self):
        self._import(SAMPLE.read_bytes(), 881.0)
        with self.assertRaisesRegex(UserError, r"This statement was already imported \(CAF Test 2025-04, 881\.00"):
            self._import(SAMPLE.read_bytes(), 881.0)
        # and the database refuses it whoever writes it
        statement = self.env["housing.caf.statement"].search([], limit=1)
        with self.assertRefusedByDatabase(
            "housing.caf.statement",
            "This CAF's statement of this month and total was already imported: open it instead of importing it again.",
        ):
            statement.copy({"date_payment": statement.date_payment})
        # another total of the same month is another statement
        content = SAMPLE.read_bytes().replace(b"150,00", b"151,00")
        self.assertEqual(self._import(content, 882.0).amount_total, 882.0)

    def test_malformed_files_are_refused_naming_the_line_and_the_column(self):
        before = self._counts()
        cases = [
            (
                b"Numero;Nom;Mois;Montant\n2345671;Benali;04/2025;210,00\n",
                ValidationError,
                r"^Line 1 \(the column titles\): no column “N° allocataire” \(CAF number column\), “Nature” \(Kind "
                r"column\)\. The file's columns are: A “Numero”, B “Nom”, C “Mois”, D “Montant”\.",
            ),
            (
                self._csv(
                    [
                        ["2345671", "Benali", "04/2025", "Mensualité", "210,00"],
                        ["2345672", "Haddad", "04/2025", "Mensualité", "12,x"],
                    ]
                ),
                ValidationError,
                r"Line 3, column E “Montant”: “12,x” is not an amount\.",
            ),
            (
                self._csv(
                    [
                        ["2345671", "Benali", "13/2025", "Mensualité", "210,00"],
                        ["2345672", "Haddad", "04/2025", "Prime", "1 180,5"],
                    ]
                ),
                ValidationError,
                r"Line 2, column C “Mois”: “13/2025” is not a month in the layout's format\.\n"
                r"Line 3, column D “Nature”: “Prime” is not a kind the layout knows",
            ),
            (b"", ValidationError, r"^The file is empty: export the statement again from the CAF's site\.$"),
            (self._csv([]), ValidationError, r"no statement line after its column titles \(line 1\)"),
            (b"\x00\x01PK garbage" * 10, ValidationError, r"cannot be read as a CSV or XLSX statement"),
            (
                b"N;x\n" + b"1;" + b"9" * (10 * 1024 * 1024),
                UserError,
                r"^The file weighs 10\.0 MB; a CAF statement is read up to 5 MB\.",
            ),
        ]
        for content, error, message in cases:
            with self.subTest(message=message), self.assertRaisesRegex(error, message):
                self._import(content, 100.0)
        self.assertEqual(self._counts(), before, "nothing written")

    def test_an_unknown_beneficiary_is_matched_by_hand(self):
        content = self._csv([["", "Mme HADDAD", "04/2025", "Mensualité", "180,50"]])
        statement = self._import(content, 180.5)
        line = statement.line_ids
        self.assertEqual(line.match_state, "unknown")
        line.with_user(self.user_accountant).partner_id = self.agreements[1].partner_id
        self.assertEqual((line.match_method, line.match_state), ("manual", "matched"))
        self.assertEqual(line.rent_line_id, self._allowance_due(self.agreements[1], APRIL))
        statement.action_validate()
        self.assertEqual(line.rent_line_id.payment_state, "paid")
        with self.assertRaisesRegex(UserError, "is validated: its lines cannot change any more"):
            line.with_user(self.user_accountant).partner_id = self.occupant

    def test_validation_needs_the_transfer_to_match_the_lines(self):
        statement = self._import(SAMPLE.read_bytes(), 880.0)
        self.assertEqual(statement.amount_difference, -1.0)
        with self.assertRaisesRegex(UserError, r"add up to 881\.00\xa0€ but the bank transfer is 880\.00\xa0€"):
            statement.with_user(self.user_accountant).action_validate()
        self.assertEqual(statement.state, "draft")
        statement.line_ids[-1].indu_action = "contested"
        statement.amount_transfer = 881.0
        with self.assertRaisesRegex(
            UserError, r"Say why the overpayment recovered is contested \(a note\) on line 7\."
        ):
            statement.with_user(self.user_accountant).action_validate()

    def test_a_french_accountant_reads_french(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        self.user_accountant.lang = "fr_FR"
        content = self._csv([["2345671", "Benali", "04/2025", "Mensualité", "12,x"]])
        with self.assertRaisesRegex(
            ValidationError, "Ligne 2, colonne E « Montant » : « 12,x » n'est pas un montant\\."
        ):
            self.env["housing.caf.statement"].with_user(self.user_accountant).with_context(lang="fr_FR")._import_file(
                self.mapping, content, "releve.csv", 12.0, APRIL, self.bank
            )
        statement = self._import(SAMPLE.read_bytes(), 881.0)
        french = statement.with_context(lang="fr_FR")
        self.assertEqual(french.line_ids[0].outcome, "Solde l'échéance")
        self.assertEqual(
            dict(french._fields["state"]._description_selection(french.env)), {"draft": "À valider", "done": "Validé"}
        )
        menu = self.env.ref("solidarity_housing.housing_caf_statement_import_menu").with_context(lang="fr_FR")
        self.assertEqual(menu.name, "Importer un relevé CAF")

    def test_a_windows_export_is_read_as_such(self):
        """A French spreadsheet saves its CSV in Windows-1252: read as it is, accents and euro sign included."""
        self.assertEqual(self.mapping.encoding, "auto", "the default")
        content = (
            "N° allocataire;Nom;Mois;Nature;Montant\n"
            "2345671;BENALI Mohamed;04/2025;Mensualité;210,00\xa0€\n"
            "2345672;HADDAD Fatima;04/2025;Mensualité;180,50 €\n"
            ";Hélène Bœuf;04/2025;Mensualité;1\xa0234,56\xa0€\n"
        ).encode("cp1252")
        statement = self._import(content, 1625.06)
        self.assertEqual(
            statement.line_ids.mapped("beneficiary_name"), ["BENALI Mohamed", "HADDAD Fatima", "Hélène Bœuf"]
        )
        self.assertEqual(statement.line_ids.mapped("amount"), [210.0, 180.5, 1234.56])
        self.assertEqual(statement.line_ids.mapped("match_state"), ["matched", "matched", "unknown"])
        # the same in UTF-8, with its byte-order mark, as another statement of the month
        content = "\ufeffN° allocataire;Nom;Mois;Nature;Montant\n2345674;DIALLO Aminata;04/2025;Mensualité;150,00\n"
        self.assertEqual(self._import(content.encode(), 150.0).line_ids.match_state, "matched")

    def test_bytes_no_encoding_reads_are_named_by_line_and_column(self):
        before = self._counts()
        windows = "N° allocataire;Nom;Mois;Nature;Montant\n2345671;BENALI Mohamed;04/2025;Mensualité;210,00\n"
        self.mapping.encoding = "utf-8"
        with self.assertRaisesRegex(
            ValidationError,
            r"^The statement cannot be imported, nothing was written: line 1, column A holds a character \(byte "
            r"0xB0\) that no encoding tried \(UTF-8\) reads\. Export the statement again as CSV \(UTF-8\), or choose "
            r"the file's encoding in the layout CAF Test — Export CAF Test\.$",
        ):
            self._import(windows.encode("cp1252"), 210.0)
        self.mapping.encoding = "auto"
        damaged = b"N\xc2\xb0 allocataire;Nom;Mois;Nature;Montant\n2345671;BENALI\x81;04/2025;Mensualit\xe9;210,00\n"
        with self.assertRaisesRegex(
            ValidationError,
            r"line 2, column B holds a character \(byte 0x81\) that no encoding tried \(UTF-8, "
            r"Windows \(cp1252\)\) reads",
        ):
            self._import(damaged, 210.0)
        self.assertEqual(self._counts(), before, "nothing written")

    def test_the_separators_of_a_layout_differ(self):
        with self.assertRaisesRegex(
            ValidationError,
            r"The decimal and the thousands separators of CAF Test — Export CAF Test are both “\.”: an amount such "
            r"as 12\.50 could not be read",
        ):
            self.mapping.write({"decimal_separator": ".", "thousands_separator": "."})
        # a point for the thousands groups them by three: "12.50" is not read as 1,250.00
        self.mapping.write({"decimal_separator": ",", "thousands_separator": "."})
        content = self._csv([["2345671", "BENALI Mohamed", "04/2025", "Mensualité", "12.50"]])
        with self.assertRaisesRegex(ValidationError, r"Line 2, column E “Montant”: “12\.50” is not an amount\."):
            self._import(content, 12.5)
        content = self._csv([["", "Inconnu", "04/2025", "Mensualité", "1.234,50"]])
        self.assertEqual(self._import(content, 1234.5).line_ids.amount, 1234.5)

    def test_a_spreadsheet_amount_with_more_than_two_decimals_is_refused(self):
        mapping = self.mapping.copy({"name": "Export XLSX", "column_kind": False, "month_format": "%Y-%m"})
        buffer = io.BytesIO()
        workbook = xlsxwriter.Workbook(buffer)
        sheet = workbook.add_worksheet()
        sheet.write_row(0, 0, ["Mois", "N° allocataire", "Nom", "Montant"])
        sheet.write_row(1, 0, ["2025-04", 2345671, "Benali Mohamed", 210])
        sheet.write_row(2, 0, ["2025-04", 2345672, "Haddad Fatima", 180.505])
        sheet.write_row(3, 0, ["2025-04", 2345674, "Diallo Aminata", 0.1 + 0.2])
        workbook.close()
        before = self._counts()
        with self.assertRaisesRegex(
            ValidationError, r"Line 3, column D “Montant”: “180\.505” has more than two decimals\.$"
        ):
            self._import(buffer.getvalue(), 390.8, file_name="paiements.xlsx", mapping=mapping)
        self.assertEqual(self._counts(), before, "nothing written, nothing rounded")
