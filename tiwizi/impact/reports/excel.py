"""The funder report's tables as an Excel workbook: one sheet of indicators (baseline,
target, actual, achievement), one long sheet of disaggregations, one of partners.

Headers are in the reader's language and Arabic sheets read right to left. Figures are
numbers (a suppressed one is the text "<5"); any text starting like a formula is
neutralized (tiwizi.core.spreadsheets.neutralize).
"""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from tiwizi.core.spreadsheets import XLSX_TYPE, neutralize
from tiwizi.impact.reports.content import FunderReport
from tiwizi.impact.results import Cell

XLSX_CONTENT_TYPE = XLSX_TYPE
BOLD = Font(bold=True)
TITLE = Font(bold=True, size=14)


def _figure(cell: Cell | None) -> Any:
    """A number for Excel; "<5" for a suppressed figure; empty without data."""
    if cell is None:
        return None
    if cell.suppressed:
        return cell.display
    return cell.value


def _text(value: Any) -> Any:
    return neutralize(str(value)) if value is not None else None


def _sheet(workbook: Workbook, title: str, report: FunderReport, *, first: bool) -> Worksheet:
    sheet = workbook.active if first else workbook.create_sheet()
    assert sheet is not None
    # Sheet names may not hold []:*?/\ and are at most 31 characters.
    sheet.title = "".join(c for c in title if c not in "[]:*?/\\")[:31]
    sheet.sheet_view.rightToLeft = report.rtl
    return sheet


def _heading(sheet: Worksheet, report: FunderReport) -> None:
    sheet.append([_text(report.program.name)])
    sheet["A1"].font = TITLE
    sheet.append([_text(gettext("Period: %(period)s") % {"period": report.period.label})])
    if report.suppresses:
        sheet.append([gettext("Figures about fewer than 5 people are shown as <5.")])
    sheet.append([])


def _header_row(sheet: Worksheet, headers: list[str]) -> None:
    sheet.append(headers)
    for cell in sheet[sheet.max_row]:
        cell.font = BOLD


def _widths(sheet: Worksheet, widths: list[int]) -> None:
    for index, width in enumerate(widths):
        sheet.column_dimensions[chr(ord("A") + index)].width = width


def _indicators_sheet(workbook: Workbook, report: FunderReport) -> None:
    sheet = _sheet(workbook, gettext("Indicators"), report, first=True)
    _heading(sheet, report)
    _header_row(
        sheet,
        [
            gettext("Indicator"),
            gettext("Unit"),
            gettext("Baseline"),
            gettext("Target"),
            gettext("Actual"),
            gettext("Achievement (%)"),
        ],
    )
    for line in report.lines:
        result = line.result
        sheet.append(
            [
                _text(line.name),
                _text(line.unit),
                _figure(result.baseline),
                result.target,
                _figure(result.actual),
                result.achievement,
            ]
        )
    _widths(sheet, [44, 16, 14, 14, 14, 16])


def _breakdown_sheet(workbook: Workbook, report: FunderReport) -> None:
    sheet = _sheet(workbook, gettext("Disaggregations"), report, first=False)
    _heading(sheet, report)
    _header_row(
        sheet,
        [
            gettext("Indicator"),
            gettext("Disaggregation"),
            gettext("Category"),
            gettext("Target"),
            gettext("Actual"),
            gettext("Achievement (%)"),
        ],
    )
    for table in report.tables:
        for line in table.lines:
            achieved = None
            if line.target_value and line.actual.value is not None and not line.actual.suppressed:
                achieved = (line.actual.value * 100 / line.target_value).quantize(Decimal("0.1"))
            sheet.append(
                [
                    _text(line.indicator),
                    _text(table.title),
                    _text(line.category),
                    line.target_value,
                    _figure(line.actual),
                    achieved,
                ]
            )
    _widths(sheet, [44, 18, 24, 14, 14, 16])


def _partners_sheet(workbook: Workbook, report: FunderReport) -> None:
    sheet = _sheet(workbook, gettext("Partners"), report, first=False)
    _heading(sheet, report)
    _header_row(sheet, [gettext("Role"), gettext("Organization")])
    for group in report.partners:
        for name in group.names:
            sheet.append([_text(group.label), _text(name)])
    _widths(sheet, [24, 60])


def report_workbook(report: FunderReport) -> bytes:
    workbook = Workbook()
    _indicators_sheet(workbook, report)
    _breakdown_sheet(workbook, report)
    _partners_sheet(workbook, report)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
