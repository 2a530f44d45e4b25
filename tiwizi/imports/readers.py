"""Reading an uploaded spreadsheet into a table of raw cells, safely.

Before any parser touches a file we check what it really is: its size, that an .xlsx is
a zip holding a workbook (and no macros, and no "zip bomb" that inflates to gigabytes),
that a .csv is text. CSV files come from Excel and LibreOffice on Arabic, French and
English systems, so the encoding is detected (BOM, else strict UTF-8, else Windows-1256)
and so is the delimiter (comma, semicolon or tab). Workbooks are read with calamine,
which is several times faster than openpyxl on large sheets.
"""

from __future__ import annotations

import codecs
import csv
import io
import zipfile
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import IO, Any

from django.conf import settings
from django.utils.translation import gettext as _

from tiwizi.core.spreadsheets import unneutralize

FORMATS = ("xlsx", "csv")
MACRO_EXTENSIONS = (".xlsm", ".xltm", ".xlsb", ".xlam")
DEFAULT_MAX_BYTES = 10 * 1024 * 1024
# A workbook's XML compresses well (10-30 times); far beyond that, or beyond this total,
# the zip is built to exhaust memory rather than to hold data.
DEFAULT_MAX_UNCOMPRESSED = 300 * 1024 * 1024
DEFAULT_MAX_RATIO = 200
MAGIC_PREFIXES = (b"PK\x03\x04", b"%PDF", b"\xd0\xcf\x11\xe0", b"\x89PNG", b"\xff\xd8\xff")
# Arabic-Indic and Persian (Eastern Arabic-Indic) digits, with the Arabic decimal and
# thousands separators: phones often come typed on an Arabic keyboard.
DIGITS = str.maketrans(
    {
        **{chr(0x0660 + n): str(n) for n in range(10)},
        **{chr(0x06F0 + n): str(n) for n in range(10)},
        "\u066b": ".",
        "\u066c": "",
        "\u00a0": " ",
    }
)


class ImportFileError(Exception):
    """A file we refuse to read, with a message for its sender (already translated)."""


@dataclass
class Table:
    """The header row and the data rows, each numbered as the spreadsheet shows it."""

    headers: list[str]
    rows: list[tuple[int, list[Any]]] = field(default_factory=list)
    header_row: int = 1


def _setting(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


def max_upload_bytes() -> int:
    return _setting("TIWIZI_IMPORT_MAX_BYTES", DEFAULT_MAX_BYTES)


def file_format(filename: str) -> str:
    """ "xlsx" or "csv" from the name; anything else (macro workbooks included) refused."""
    suffix = PurePath(filename or "").suffix.lower()
    if suffix in MACRO_EXTENSIONS:
        raise ImportFileError(
            _("Workbooks with macros are refused: save the file as .xlsx (Excel workbook).")
        )
    if suffix.lstrip(".") not in FORMATS:
        raise ImportFileError(_("Send an Excel workbook (.xlsx) or a CSV file (.csv)."))
    return suffix.lstrip(".")


def check_file(upload: IO[bytes], filename: str, size: int) -> str:
    """Refuse what we will not parse; return the format ("xlsx" or "csv")."""
    kind = file_format(filename)
    limit = max_upload_bytes()
    if size > limit:
        raise ImportFileError(
            _("The file is too large (%(size)s MB): the limit is %(limit)s MB.")
            % {"size": _megabytes(size), "limit": _megabytes(limit)}
        )
    if size == 0:
        raise ImportFileError(_("The file is empty."))
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if kind == "xlsx":
        _check_workbook(upload, head)
    elif head.startswith(MAGIC_PREFIXES):
        raise _not_text()
    else:
        decode_text(upload.read())  # refuses binary content
    upload.seek(0)
    return kind


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".rstrip("0").rstrip(".")


def _check_workbook(upload: IO[bytes], head: bytes) -> None:
    not_a_workbook = ImportFileError(
        _("This file is not an Excel workbook (.xlsx), whatever its name says.")
    )
    if not head.startswith(b"PK\x03\x04"):
        raise not_a_workbook
    try:
        archive = zipfile.ZipFile(upload)
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise not_a_workbook from error
    names = {member.filename for member in members}
    if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
        raise not_a_workbook
    if any(name.lower().endswith("vbaproject.bin") for name in names):
        raise ImportFileError(
            _("Workbooks with macros are refused: save the file as .xlsx (Excel workbook).")
        )
    total = sum(member.file_size for member in members)
    max_ratio = _setting("TIWIZI_IMPORT_MAX_RATIO", DEFAULT_MAX_RATIO)
    too_compressed = any(
        member.file_size > 1024 * 1024
        and member.file_size > max_ratio * max(member.compress_size, 1)
        for member in members
    )
    if too_compressed or total > _setting(
        "TIWIZI_IMPORT_MAX_UNCOMPRESSED", DEFAULT_MAX_UNCOMPRESSED
    ):
        raise ImportFileError(
            _("This workbook expands to far more data than it holds and was refused.")
        )


# Cells


def clean_cell(value: Any) -> Any:
    """Text stripped, Eastern digits made Western, our export's formula guard removed;
    numbers that are whole become ints (calamine reads every number as a float)."""
    if isinstance(value, str):
        if not value.isascii():
            value = value.translate(DIGITS)
        value = value.strip()
        return unneutralize(value) if value[:1] == "'" else value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if value is None:
        return ""
    return value


# Workbooks


def read_table(upload: IO[bytes], kind: str) -> Table:
    upload.seek(0)
    if kind == "xlsx":
        return _read_workbook(upload)
    return _read_csv(upload.read())


def _read_workbook(upload: IO[bytes]) -> Table:
    from python_calamine import CalamineError, CalamineWorkbook, SheetVisibleEnum

    try:
        workbook = CalamineWorkbook.from_filelike(upload)
        # Our templates keep their drop-down lists on a hidden sheet: read the first
        # visible one.
        visible = [
            sheet.name
            for sheet in workbook.sheets_metadata
            if sheet.visible == SheetVisibleEnum.Visible
        ]
        sheet = workbook.get_sheet_by_name(visible[0] if visible else workbook.sheet_names[0])
        cells = sheet.to_python(skip_empty_area=False)
    except (CalamineError, ValueError, IndexError, OSError) as error:
        raise ImportFileError(_("This workbook could not be read: it may be damaged.")) from error
    return _table([[clean_cell(value) for value in row] for row in cells])


def _table(rows: list[list[Any]]) -> Table:
    """The first non-empty row is the header; fully empty rows below are skipped."""
    header_index = next((i for i, row in enumerate(rows) if any(v != "" for v in row)), None)
    if header_index is None:
        raise ImportFileError(_("The file has no header row and no data."))
    headers = [str(value) for value in rows[header_index]]
    while headers and headers[-1] == "":
        headers.pop()
    table = Table(headers=headers, header_row=header_index + 1)
    width = len(headers)
    for index in range(header_index + 1, len(rows)):
        row = rows[index]
        if any(v != "" for v in row):
            values = list(row[:width]) + [""] * (width - len(row))
            table.rows.append((index + 1, values))
    return table


# CSV


BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode_text(data: bytes) -> str:
    """The text of a CSV file: by its BOM, else strict UTF-8, else Windows-1256 (what
    Excel writes for "CSV" on an Arabic Windows)."""
    for bom, encoding in BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as error:
                raise _not_text() from error
    if b"\x00" in data[:4096]:
        raise _not_text()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1256")
        except UnicodeDecodeError as error:
            raise _not_text() from error
    if any(ord(ch) < 32 and ch not in "\t\r\n" for ch in text[:4096]):
        raise _not_text()
    return text


def _not_text() -> ImportFileError:
    return ImportFileError(
        _("This file is not a CSV text file, whatever its name says: export it as CSV again.")
    )


def sniff_delimiter(text: str) -> str:
    """Comma, semicolon (French Excel) or tab (Excel's "Unicode text"): the one the
    header line has most of."""
    first_line = text.split("\n", 1)[0]
    counts = {delimiter: first_line.count(delimiter) for delimiter in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _read_csv(data: bytes) -> Table:
    text = decode_text(data)
    delimiter = sniff_delimiter(text)
    try:
        rows = [
            [clean_cell(value) for value in row]
            for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        ]
    except csv.Error as error:
        raise ImportFileError(
            _("This CSV file could not be read: %(error)s") % {"error": error}
        ) from error
    return _table(rows)
