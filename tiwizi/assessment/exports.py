"""The Excel export of scores: one row per submitted assessment, one column per
dimension (scores 0-100, as computed by scoring.py). In the reader's language; an
Arabic reader's workbook reads right to left."""

from collections.abc import Sequence
from io import BytesIO
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from tiwizi.assessment import results
from tiwizi.assessment.models import Assessment
from tiwizi.core.i18n import is_rtl

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADER_FILL = PatternFill("solid", fgColor="F2E6DC")
SCORE_FORMAT = "0.0"
FIXED_WIDTHS = (36, 18, 14, 12, 16, 12)


def _text_cell(cell: Cell, value: Any) -> None:
    """Text typed by people: a name starting with "=" is not a formula."""
    cell.value = value
    if isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"


def scores_workbook(assessments: Sequence[Assessment]) -> bytes:
    """`assessments`: submitted ones, with organization__province and version loaded."""
    structure = results.version_structures(a.version_id for a in assessments)
    scores = results.scores_for(assessments, structure)
    columns = results.dimension_columns(structure)

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None  # a new workbook always has one sheet
    sheet.title = _("Scores")[:31]
    sheet.sheet_view.rightToLeft = is_rtl()
    headers = [
        _("Organization"), _("Province"), _("Kind"), _("Date"), _("Self-assessment"),
        _("Overall score"), *(column.name for column in columns), _("Questions answered"),
    ]  # fmt: skip
    sheet.append(headers)
    for number in range(1, len(headers) + 1):
        cell = sheet.cell(row=1, column=number)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(vertical="center", wrap_text=True)

    for assessment in assessments:
        score = scores[assessment.pk]
        organization = assessment.organization
        row = sheet.max_row + 1
        values: list[Any] = [
            organization.name,
            organization.province.name if organization.province else "",
            str(assessment.get_kind_display()),
            assessment.date,
            _("Yes") if assessment.is_self_assessment else _("No"),
            score.overall,
            *(score.dimensions.get(column.code) for column in columns),
            f"{score.answered}/{score.total}",
        ]
        for number, value in enumerate(values, start=1):
            cell = sheet.cell(row=row, column=number)
            if number == 4:
                cell.value = value
                cell.number_format = "yyyy-mm-dd"
            elif 6 <= number < len(values):
                cell.value = None if value is None else float(value)
                cell.number_format = SCORE_FORMAT
            else:
                _text_cell(cell, value)

    for number in range(1, len(headers) + 1):
        width = FIXED_WIDTHS[number - 1] if number <= len(FIXED_WIDTHS) else 18
        sheet.column_dimensions[get_column_letter(number)].width = width
    sheet.freeze_panes = "B2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{max(sheet.max_row, 1)}"

    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
