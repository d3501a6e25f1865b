"""Plain unit tests of the CAF statement's computations (no database)."""

from datetime import date, datetime
from decimal import Decimal

from odoo.addons.solidarity_housing.tools import caf_statement_math as csm
from odoo.tests.common import BaseCase

D = Decimal


class TestCells(BaseCase):
    def test_amounts_as_french_spreadsheets_write_them(self):
        for text, expected in (
            ("210,00", "210.00"),
            ("1 234,56", "1234.56"),
            ("1\xa0234,5", "1234.50"),
            ("-45,00", "-45.00"),
            ("45,00-", "-45.00"),
            ("(30,00)", "-30.00"),
            ("30,00 €", "30.00"),
            (180.5, "180.50"),
            (210, "210.00"),
        ):
            with self.subTest(text=text):
                self.assertEqual(csm.parse_amount(text), D(expected))
        self.assertEqual(csm.parse_amount("1.234,56", ",", "."), D("1234.56"))
        self.assertEqual(csm.parse_amount("1234.56", "."), D("1234.56"))
        for text, reason in (
            ("12,x", "not an amount"),
            ("", "empty"),
            ("1,234", "more than two decimals"),
            ("1.2,3", "not an amount"),
            ("12 50", "not an amount"),
        ):
            with self.subTest(text=text), self.assertRaisesRegex(csm.CellError, reason):
                csm.parse_amount(text)

    def test_amounts_in_french_formats_and_spreadsheet_numbers(self):
        for text, expected in (
            ("1 234,56 €", "1234.56"),
            ("1\xa0234,56\xa0€", "1234.56"),
            ("1\u202f234,56\u202f€", "1234.56"),
            ("-1 234,56 €", "-1234.56"),
            ("€ 12,50", "12.50"),
            ("12,50 EUR", "12.50"),
            (0.1 + 0.2, "0.30"),
            (D("12.5"), "12.50"),
        ):
            with self.subTest(text=text):
                self.assertEqual(csm.parse_amount(text), D(expected))
        # the thousands separator groups by three: "12.50" is not 1,250.00 when the point separates the thousands
        self.assertEqual(csm.parse_amount("1.234.567,80", ",", "."), D("1234567.80"))
        for text in ("12.50", "1.23,40", "1234.567,00"):
            with self.subTest(text=text), self.assertRaisesRegex(csm.CellError, "not an amount"):
                csm.parse_amount(text, ",", ".")
        # a spreadsheet's number with more than two decimals is refused, never rounded
        for number in (180.505, 12.001, D("1.005")):
            with self.subTest(number=number), self.assertRaisesRegex(csm.CellError, "more than two decimals"):
                csm.parse_amount(number)
        with self.assertRaisesRegex(csm.CellError, "not an amount"):
            csm.parse_amount(float("nan"))

    def test_months(self):
        self.assertEqual(csm.parse_month("04/2025"), date(2025, 4, 1))
        self.assertEqual(csm.parse_month("2025-04", "%Y-%m"), date(2025, 4, 1))
        self.assertEqual(csm.parse_month("15/04/2025", "%d/%m/%Y"), date(2025, 4, 1))
        self.assertEqual(csm.parse_month(202504.0, "%Y%m"), date(2025, 4, 1))
        self.assertEqual(csm.parse_month(datetime(2025, 4, 30, 12, 0)), date(2025, 4, 1))
        with self.assertRaisesRegex(csm.CellError, "not a month"):
            csm.parse_month("13/2025")

    def test_caf_numbers_and_names(self):
        self.assertEqual(csm.caf_number(" 234 5671 "), "2345671")
        self.assertEqual(csm.caf_number(45671.0), "0045671", "a spreadsheet drops the leading zeros")
        self.assertEqual(csm.caf_number(None), "")
        self.assertEqual(csm.name_key("BENALI Mohamed"), csm.name_key("Mohamed  Bénali"))
        self.assertNotEqual(csm.name_key("Mohamed Benali"), csm.name_key("Mohamed Benalia"))

    def test_columns_by_title_letter_or_number(self):
        header = ["N° allocataire", "Nom", "Mois", "Montant"]
        found, missing = csm.find_columns(
            header, {"number": "n° ALLOCATAIRE", "name": "B", "month": "3", "kind": "Nature"}
        )
        self.assertEqual((found, missing), ({"number": 0, "name": 1, "month": 2}, ["kind"]))
        self.assertEqual([csm.column_label(index) for index in (0, 25, 26, 27)], ["A", "Z", "AA", "AB"])

    def test_kinds(self):
        keywords = {"regular": ["mensualite"], "rappel": ["rappel"], "indu": ["indu", "retenue"]}
        april, march = date(2025, 4, 1), date(2025, 3, 1)
        self.assertEqual(csm.kind_of("Rappel APL", keywords, D(10), march, april), "rappel")
        self.assertEqual(csm.kind_of("RETENUE", keywords, D(10), april, april), "indu")
        self.assertIsNone(csm.kind_of("Prime", keywords, D(10), april, april))
        self.assertEqual(csm.kind_of(None, keywords, D(-10), april, april), "indu")
        self.assertEqual(csm.kind_of("", keywords, D(10), march, april), "rappel")
        self.assertEqual(csm.kind_of(None, keywords, D(10), april, april), "regular")

    def test_read_csv_and_empty_rows(self):
        rows = csm.read_table(b"Nom;Montant\n\nBenali;210,00\n;\n", "releve.csv")
        self.assertEqual(rows, [(1, ["Nom", "Montant"]), (3, ["Benali", "210,00"])])
        with self.assertRaisesRegex(csm.CellError, "empty file"):
            csm.read_table(b"", "releve.csv")
        rows = csm.read_table("Nom\tMontant\nHaddad\t1,00\n".encode("cp1252"), "r.csv", "tab", "cp1252")
        self.assertEqual(rows[1], (2, ["Haddad", "1,00"]))

    def test_encodings(self):
        text = "Nom;Nature;Montant\nHélène Bœuf;Mensualité;12,50 €\n"
        expected = [(1, ["Nom", "Nature", "Montant"]), (2, ["Hélène Bœuf", "Mensualité", "12,50 €"])]
        for content in (text.encode(), ("\ufeff" + text).encode(), text.encode("cp1252")):
            with self.subTest(content=content[:4]):
                self.assertEqual(csm.read_table(content, "releve.csv"), expected, "automatic: UTF-8, else Windows")
        self.assertEqual(csm.read_table(text.encode(), "releve.csv", ";", "cp1252"), expected, "UTF-8 first")
        with self.assertRaises(csm.DecodeError) as caught:
            csm.read_table(text.encode("cp1252"), "releve.csv", ";", "utf-8")
        error = caught.exception
        self.assertEqual((error.line, error.column, error.byte, error.encodings), (2, 0, "0xE9", ["utf-8"]))
        with self.assertRaises(csm.DecodeError) as caught:
            csm.read_table(b"Nom;Montant\nA;1\nB;\x9d2\n", "releve.csv")
        error = caught.exception
        self.assertEqual((error.line, error.column, error.byte, error.encodings), (3, 1, "0x9D", ["utf-8", "cp1252"]))


class TestShareUnpaid(BaseCase):
    def test_dues_the_statement_paid_keep_what_it_left(self):
        # three dues of 210, 180.50, 150 on one invoice; the statement paid the first in full and 150.50 of the
        # second: 30.00 and 150.00 are left, the invoice owes 180.00
        parts = csm.share_unpaid(180, [210, 180.5, 150], [D(0), D(30), None])
        self.assertEqual(parts, [D("0.00"), D("30.00"), D("150.00")])

    def test_payments_since_lower_every_due_pro_rata(self):
        # 90.00 paid by hand since: 90.00 left of 180.00, shared 30 : 150
        self.assertEqual(
            csm.share_unpaid(90, [210, 180.5, 150], [D(0), D(30), None]), [D("0.00"), D("15.00"), D("75.00")]
        )

    def test_a_statement_unmatched_since_falls_back_to_the_amounts(self):
        parts = csm.share_unpaid(540.5, [210, 180.5, 150], [D(0), D(30), None])
        self.assertEqual(parts, [D("210.00"), D("180.50"), D("150.00")])
