# ruff: noqa: RUF001
"""Reading uploads: encodings, delimiters, digits, and the files we refuse."""

import io
import zipfile

import pytest

from tiwizi.imports.readers import ImportFileError, check_file, clean_cell, read_table
from tiwizi.imports.tests.conftest import csv_bytes, xlsx_bytes

ARABIC = "تعاونية تافوكت للأركان"
ROWS = [["Name in Arabic", "Kind"], [ARABIC, "Coopérative"]]


def _read(data: bytes, name: str) -> list[list[object]]:
    upload = io.BytesIO(data)
    kind = check_file(upload, name, len(data))
    table = read_table(upload, kind)
    return [table.headers] + [values for _number, values in table.rows]


@pytest.mark.parametrize(
    ("encoding", "delimiter"),
    [
        ("utf-8", ","),
        ("utf-8-sig", ","),
        ("utf-8-sig", ";"),
        ("utf-16", "\t"),  # Excel's "Unicode text": UTF-16 with a BOM, tab-separated
        ("cp1256", ";"),  # Excel "CSV" on an Arabic Windows
    ],
)
def test_csv_encodings_keep_arabic_intact(encoding: str, delimiter: str) -> None:
    rows = [["Name in Arabic", "Kind"], [ARABIC, "Cooperative"]]
    data = csv_bytes(rows, encoding=encoding, delimiter=delimiter)
    read = _read(data, "file.csv")
    assert read == rows
    assert "?" not in read[1][0]


def test_cp1256_is_detected_when_not_utf8() -> None:
    data = "الاسم,النوع\r\nتعاونية,تعاونية\r\n".encode("cp1256")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    assert _read(data, "file.csv")[1] == ["تعاونية", "تعاونية"]


def test_utf8_bom_is_not_part_of_the_first_header() -> None:
    data = csv_bytes(ROWS, encoding="utf-8-sig")
    assert data.startswith(b"\xef\xbb\xbf")
    assert _read(data, "file.csv")[0][0] == "Name in Arabic"


def test_xlsx_is_read_with_dates_and_numbers() -> None:
    import datetime

    data = xlsx_bytes([["Date", "Count", "Text"], [datetime.date(2024, 3, 5), 12.0, " x "]])
    assert _read(data, "file.xlsx")[1] == [datetime.datetime(2024, 3, 5), 12, "x"] or _read(
        data, "file.xlsx"
    )[1] == [datetime.date(2024, 3, 5), 12, "x"]


def test_eastern_digits_become_western_and_export_apostrophe_is_removed() -> None:
    assert clean_cell("٠٦٦١٢٣٤٥٦٧") == "0661234567"
    assert clean_cell("۱۹۸۸") == "1988"
    assert clean_cell("'+212661234567") == "+212661234567"
    assert clean_cell("'hello") == "'hello"  # only our formula guard is removed


def test_empty_rows_are_skipped_and_rows_keep_their_spreadsheet_numbers() -> None:
    data = csv_bytes([["A", "B"], ["1", "2"], ["", ""], ["3", "4"]])
    upload = io.BytesIO(data)
    table = read_table(upload, check_file(upload, "f.csv", len(data)))
    assert [number for number, _values in table.rows] == [2, 4]


# Refused files


def _refusal(data: bytes, name: str) -> str:
    with pytest.raises(ImportFileError) as error:
        check_file(io.BytesIO(data), name, len(data))
    return str(error.value)


def test_file_over_the_size_limit_is_refused(settings) -> None:
    settings.TIWIZI_IMPORT_MAX_BYTES = 1024 * 1024
    message = _refusal(b"a,b\n" * (1024 * 384), "big.csv")
    assert message == "The file is too large (1.5 MB): the limit is 1 MB."


def test_zip_bomb_is_refused() -> None:
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", "0" * (50 * 1024 * 1024))
    assert _refusal(output.getvalue(), "bomb.xlsx") == (
        "This workbook expands to far more data than it holds and was refused."
    )


def test_xlsx_that_is_not_a_zip_is_refused() -> None:
    assert _refusal(b"name,kind\nA,B\n", "lying.xlsx") == (
        "This file is not an Excel workbook (.xlsx), whatever its name says."
    )


def test_zip_that_is_not_a_workbook_is_refused() -> None:
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as archive:
        archive.writestr("readme.txt", "hello")
    assert "not an Excel workbook" in _refusal(output.getvalue(), "archive.xlsx")


def test_csv_that_is_binary_is_refused() -> None:
    message = "This file is not a CSV text file, whatever its name says: export it as CSV again."
    assert _refusal(xlsx_bytes(ROWS), "workbook.csv") == message
    assert _refusal(b"\x00\x01\x02binary\x00" * 20, "data.csv") == message


def test_macro_workbooks_are_refused() -> None:
    message = "Workbooks with macros are refused: save the file as .xlsx (Excel workbook)."
    assert _refusal(xlsx_bytes(ROWS), "macro.xlsm") == message
    workbook = io.BytesIO(xlsx_bytes(ROWS))
    with zipfile.ZipFile(workbook, "a") as archive:
        archive.writestr("xl/vbaProject.bin", b"\x00" * 100)
    assert _refusal(workbook.getvalue(), "renamed.xlsx") == message


def test_other_extensions_are_refused() -> None:
    assert _refusal(b"x", "file.pdf") == "Send an Excel workbook (.xlsx) or a CSV file (.csv)."
