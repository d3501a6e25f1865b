"""The CAF's payment statement, without a database: reading the file, its cells, matching names.

Models call these functions; ``tests/test_caf_statement_math.py`` tests them without Odoo. Money comes
out as ``Decimal`` rounded to the cent, like ``housing_math``.
"""

import csv
import io
import re
import unicodedata
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from .housing_math import CENT, round_cents, share_out, to_decimal

#: what a date format of a mapping may be (key: strptime format, label)
MONTH_FORMATS = [
    ("%m/%Y", "MM/YYYY (03/2025)"),
    ("%Y-%m", "YYYY-MM (2025-03)"),
    ("%d/%m/%Y", "DD/MM/YYYY (01/03/2025)"),
    ("%Y-%m-%d", "YYYY-MM-DD (2025-03-01)"),
    ("%Y%m", "YYYYMM (202503)"),
    ("%m%Y", "MMYYYY (032025)"),
]

KINDS = ("regular", "rappel", "indu")

_AMOUNT = re.compile(r"^\d+(\.\d+)?$")


#: encodings a CSV statement is read in: UTF-8 first (with or without its mark), then this one
FALLBACK_ENCODINGS = {"auto": "cp1252", "utf-8": None, "cp1252": "cp1252", "latin-1": "latin-1"}


class CellError(ValueError):
    """A cell that cannot be read; ``reason`` says why (the caller adds the line and the column)."""


class DecodeError(CellError):
    """Bytes of a CSV file that no encoding tried reads: where they are (line, column index) and what they are."""

    def __init__(self, line, column, byte, encodings):
        super().__init__("undecodable bytes")
        self.line, self.column, self.byte, self.encodings = line, column, byte, encodings


def normalize_text(value):
    """Lower case, no accents, single spaces: how two spellings of a title or a name are compared."""
    text = unicodedata.normalize("NFKD", str(value or ""))
    text = "".join(char for char in text if not unicodedata.combining(char)).casefold()
    return " ".join(re.sub(r"[^\w]+", " ", text).split())


def name_key(value):
    """A person's name whatever the order and the case of its words: 'BENALI Mohamed' = 'Mohamed Benali'."""
    return " ".join(sorted(normalize_text(value).replace("_", " ").split()))


def caf_number(value):
    """The CAF number (numéro d'allocataire) of a cell: its digits; a number a spreadsheet shortened is padded
    back to 7 digits. Empty when the cell is."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    digits = re.sub(r"\D", "", str(value if value is not None else ""))
    if digits and len(digits) < 7:
        digits = digits.zfill(7)
    return digits


def _split_sign(text):
    """``(negative, digits)`` of an amount written '-12', '12-', '(12)' or '+12'."""
    negative = False
    if text.startswith("(") and text.endswith(")"):
        negative, text = True, text[1:-1]
    text = text.replace("€", "").replace("EUR", "").replace("\xa0", " ").replace("\u202f", " ").strip()
    if text.endswith("-"):
        negative, text = True, text[:-1].strip()
    if text.startswith("-"):
        negative, text = not negative, text[1:].strip()
    elif text.startswith("+"):
        text = text[1:].strip()
    return negative, text


def parse_amount(value, decimal_separator=",", thousands_separator=" "):
    """``Decimal`` of an amount cell ('1 234,56', '-12.5', '(30,00)', '1 234,56 €', or a number); raises CellError.

    A thousands separator must group the digits by three ('12.50' is not an amount when the point separates the
    thousands); a number (a spreadsheet's cell) with more than two decimals is refused, never rounded.
    """
    if isinstance(value, bool):
        raise CellError("not an amount")
    if isinstance(value, int):
        return round_cents(value)
    if isinstance(value, float | Decimal):
        if not Decimal(value).is_finite():
            raise CellError("not an amount")
        # a float's shortest writing (12.1 is 12.1, not 12.0999...), to the 9th decimal (a spreadsheet's sums
        # leave 0.30000000000000004): more than two decimals there are real ones
        exact = round(Decimal(repr(value)) if isinstance(value, float) else value, 9)
        if exact != exact.quantize(CENT):
            raise CellError("more than two decimals")
        return round_cents(exact)
    text = str(value or "").strip()
    if not text:
        raise CellError("empty")
    negative, text = _split_sign(text)
    if thousands_separator and thousands_separator != decimal_separator:
        _check_thousands(text, decimal_separator, thousands_separator)
        text = text.replace(thousands_separator, "")
    text = text.replace(" ", "")
    if decimal_separator != ".":
        if "." in text and decimal_separator in text:
            raise CellError("not an amount")
        text = text.replace(decimal_separator, ".")
    if not _AMOUNT.match(text):
        raise CellError("not an amount")
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise CellError("not an amount") from None
    if amount != amount.quantize(CENT):
        raise CellError("more than two decimals")
    return -round_cents(amount) if negative else round_cents(amount)


def _check_thousands(text, decimal_separator, thousands_separator):
    """Raise CellError unless the thousands separators of ``text`` group its whole part by three digits."""
    whole = text.split(decimal_separator)[0]
    groups = whole.replace(" ", "").split(thousands_separator) if thousands_separator.strip() else whole.split()
    if len(groups) > 1 and not (1 <= len(groups[0]) <= 3 and all(len(group) == 3 for group in groups[1:])):
        raise CellError("not an amount")


def parse_month(value, month_format="%m/%Y"):
    """First day of the month of a cell (text in ``month_format``, a date, or a number like 202503)."""
    if isinstance(value, datetime):
        return value.date().replace(day=1)
    if isinstance(value, date):
        return value.replace(day=1)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value if value is not None else "").strip()
    if not text:
        raise CellError("empty")
    try:
        return datetime.strptime(text, month_format).date().replace(day=1)
    except ValueError:
        raise CellError("not a month") from None


def read_table(content, file_name, delimiter=";", encoding="auto"):
    """The rows of a CSV or XLSX file: ``[(line number, [cells])]``, empty rows left out.

    CSV cells are texts; XLSX cells keep their type (number, date, text). Raises CellError when the file
    cannot be read at all.
    """
    if not content:
        raise CellError("empty file")
    if (file_name or "").lower().endswith(".xlsx") or content[:2] == b"PK":
        rows = _read_xlsx(content)
    else:
        rows = _read_csv(content, delimiter, encoding)
    result = []
    for number, row in rows:
        cells = [cell.strip() if isinstance(cell, str) else cell for cell in row]
        if any(cell not in (None, "") for cell in cells):
            result.append((number, cells))
    return result


def decode_text(content, encoding="auto", delimiter=";"):
    """The text of a CSV file: UTF-8 (with or without its byte-order mark) when it reads as such, else the
    layout's encoding (``auto``: Windows-1252, the usual one of a French spreadsheet's export).

    Raises DecodeError naming the line and the column of the first bytes no encoding tried reads."""
    tried = ["utf-8"]
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        failure = error
    fallback = FALLBACK_ENCODINGS.get(encoding, encoding)
    if fallback:
        tried.append(fallback)
        try:
            return content.decode(fallback)
        except UnicodeDecodeError as error:
            failure = error
    start = failure.start
    line_start = content.rfind(b"\n", 0, start) + 1
    before = content[line_start:start].decode(tried[-1], errors="replace")
    fields = next(csv.reader([before], delimiter="\t" if delimiter == "tab" else delimiter), [""])
    raise DecodeError(content.count(b"\n", 0, start) + 1, max(len(fields) - 1, 0), f"0x{content[start]:02X}", tried)


def _read_csv(content, delimiter, encoding):
    text = decode_text(content, encoding, delimiter)
    if "\x00" in text:
        raise CellError("not a CSV file")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter="\t" if delimiter == "tab" else delimiter)
    try:
        return [(reader.line_num, row) for row in reader]
    except csv.Error as error:
        raise CellError(f"not a CSV file ({error})") from None


def _read_xlsx(content):
    import openpyxl  # noqa: PLC0415 (only XLSX statements need it)

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds of errors on a damaged file
        raise CellError("not an XLSX file") from None
    try:
        sheet = workbook.worksheets[0]
        return [(index, list(row)) for index, row in enumerate(sheet.iter_rows(values_only=True), 1)]
    finally:
        workbook.close()


def find_columns(header, wanted):
    """``{key: index}`` of the columns titled as ``wanted`` (``{key: title}``) in ``header``; a title may also be a
    column number (1 = the first column) or letter (A). Returns ``(found, missing keys)``."""
    titles = {
        normalize_text(cell): index for index, cell in reversed(list(enumerate(header))) if cell not in (None, "")
    }
    found, missing = {}, []
    for key, title in wanted.items():
        if not title:
            continue
        text = str(title).strip()
        if text.isdigit():
            index = int(text) - 1
        elif re.fullmatch(r"[A-Za-z]{1,2}", text) and normalize_text(text) not in titles:
            index = _column_index(text)
        else:
            index = titles.get(normalize_text(text))
        if index is None or index < 0:
            missing.append(key)
        else:
            found[key] = index
    return found, missing


def _column_index(letters):
    index = 0
    for char in letters.upper():
        index = index * 26 + ord(char) - ord("A") + 1
    return index - 1


def column_label(index):
    """'A', 'B'... 'AA' of a column index (0 = A)."""
    label = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        label = chr(ord("A") + rest) + label
    return label


def kind_of(value, keywords, amount, month, statement_month):
    """The kind of a line: the mapping's keywords (``{kind: [normalized words]}``) for the kind cell when the
    file has one, else an amount below zero is an *indu* and an earlier month a *rappel*. ``None`` when the
    cell says something the mapping does not know."""
    if value not in (None, ""):
        text = normalize_text(value)
        for kind in KINDS:
            if any(word and (text == word or text.startswith(word)) for word in keywords.get(kind, ())):
                return kind
        return None
    if amount < 0:
        return "indu"
    if month < statement_month:
        return "rappel"
    return "regular"


def parse_row(row, columns, layout):
    """One line of a statement: ``(values or None, [(column key, cell, reason)])``.

    ``columns`` maps the keys (caf_number, name, month, amount, kind) to their indexes in ``row``; ``layout`` gives
    ``decimal``, ``thousands``, ``month_format`` and the kinds' ``keywords``. An overpayment recovered is negative
    whatever its sign in the file; its kind is ``None`` when the file has no kind to say it (then decided from the
    amount and the month, once the statement's month is known).
    """
    errors = []

    def cell(key):
        index = columns.get(key)
        return row[index] if index is not None and index < len(row) else None

    def read(key, parse):
        try:
            return parse(cell(key))
        except CellError as error:
            errors.append((key, cell(key), str(error)))
            return None

    amount = read("amount", lambda value: parse_amount(value, layout["decimal"], layout["thousands"]))
    month = read("month", lambda value: parse_month(value, layout["month_format"]))
    number_cell, name_cell = cell("caf_number"), cell("name")
    number = caf_number(number_cell)
    if number_cell not in (None, "") and not number:
        errors.append(("caf_number", number_cell, "not a CAF number"))
    name = str(name_cell).strip() if name_cell not in (None, "") else ""
    if not number and not name:
        errors.append(("name", name_cell, "empty, and so is the CAF number"))
    if amount is None or month is None:
        return None, errors
    kind = None
    if "kind" in columns and cell("kind") not in (None, ""):
        kind = kind_of(cell("kind"), layout["keywords"], amount, month, month)
        if kind is None:
            errors.append(("kind", cell("kind"), "unknown kind"))
    if kind == "indu":
        amount = -abs(amount)
    elif amount < 0 and kind in ("regular", "rappel"):
        errors.append(("amount", cell("amount"), "negative on a payment line"))
    values = {
        "caf_number": number,
        "beneficiary_name": name,
        "period_start": month,
        "amount": amount,
        "kind": kind,
    }
    return (None if errors else values), errors


def share_unpaid(unpaid, amounts, known_left):
    """Split what is left to pay of an invoice between its dues when the CAF's statements said what some owe.

    ``known_left`` gives, for each due, what the last statement that paid it left to pay (``None`` for a due no
    statement paid). What is still unpaid is shared in proportion to what is left of each due, so that a due the
    CAF paid in full is paid and one it short-paid keeps exactly its difference; payments made since lower every
    due pro rata. When the invoice owes more than that (a statement's payment was unmatched since), the dues
    share it in proportion to their amounts, as when no statement is known. Returns ``Decimal`` parts summing to
    ``unpaid``.
    """
    left = [
        abs(to_decimal(amount)) if known is None else max(to_decimal(known), Decimal(0))
        for amount, known in zip(amounts, known_left, strict=True)
    ]
    if round_cents(unpaid) > sum(left, Decimal(0)):
        return share_out(unpaid, amounts)
    return share_out(unpaid, left)
