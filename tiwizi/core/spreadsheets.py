"""Exports of list pages to CSV and Excel: what the page shows, with its filters.

Every list view builds its filtered queryset as usual, then, when `?export=csv` or
`?export=xlsx` is asked, hands rows and columns to `export_response`. CSV is streamed row
by row (UTF-8 with a BOM, so that Excel shows Arabic); Excel is written in openpyxl's
write-only mode into a spooled temporary file, so memory stays flat on large lists.

Cells whose text starts like a formula (= + - @, tab, carriage return) are prefixed with
an apostrophe in every export (CSV/formula injection); importers strip that prefix back
(`unneutralize`), so an export imported again changes nothing.
"""

from __future__ import annotations

import csv
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.http import FileResponse, HttpRequest, StreamingHttpResponse
from django.utils import timezone
from django.utils.functional import Promise

FORMATS = ("csv", "xlsx")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
NEUTRALIZER = "'"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Column:
    header: str | Promise
    value: Callable[[Any], Any]


def requested_format(request: HttpRequest) -> str | None:
    """ "csv" or "xlsx" when the list is asked as a file, else None."""
    wanted = request.GET.get("export", "")
    return wanted if wanted in FORMATS else None


def neutralize(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return NEUTRALIZER + value
    return value


def unneutralize(value: Any) -> Any:
    """Undo `neutralize` on a cell read back from one of our exports."""
    if (
        isinstance(value, str)
        and value.startswith(NEUTRALIZER)
        and value[1:].startswith(FORMULA_STARTS)
    ):
        return value[1:]
    return value


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, Promise):
        value = str(value)
    if isinstance(value, datetime):
        value = (
            timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
        )
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, (int, float, Decimal, date)):
        return value
    return neutralize(str(value))


def _rows(rows: Iterable[Any], columns: list[Column]) -> Iterator[list[Any]]:
    yield [str(column.header) for column in columns]
    for row in rows:
        yield [_cell(column.value(row)) for column in columns]


class _Echo:
    """A file-like object whose write() hands back what it was given (for csv.writer)."""

    def write(self, value: str) -> str:
        return value


def _csv_stream(rows: Iterable[Any], columns: list[Column]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield "\ufeff"
    for values in _rows(rows, columns):
        yield writer.writerow([v.isoformat() if isinstance(v, date) else v for v in values])


def export_response(
    rows: Iterable[Any], columns: list[Column], filename: str, file_format: str
) -> StreamingHttpResponse | FileResponse:
    """`filename` without extension; `rows` should be an iterator (`.iterator()`)."""
    if file_format == "csv":
        response = StreamingHttpResponse(
            _csv_stream(rows, columns), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
        return response
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    for values in _rows(rows, columns):
        sheet.append(values)
    spooled = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115
    workbook.save(spooled)
    spooled.seek(0)
    return FileResponse(
        spooled, as_attachment=True, filename=f"{filename}.xlsx", content_type=XLSX_TYPE
    )
