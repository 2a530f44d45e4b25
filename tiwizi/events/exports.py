"""Files made from an event's registrations: the participant list (Excel) and what the
sign-in sheet (PDF, templates/events/pdf/sign_in_sheet.html) needs.

Both are in the reader's language; an Arabic reader's workbook reads right to left.
"""

from io import BytesIO
from typing import Any

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from tiwizi.core.i18n import is_rtl
from tiwizi.events.models import Event, Registration

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Empty numbered lines at the end of the sign-in sheet, for people who come unannounced.
BLANK_ROWS = 5
COLUMN_WIDTHS = (32, 36, 26, 26, 20, 14)
HEADER_FILL = PatternFill("solid", fgColor="F2E6DC")

ROLE_ORDER = {role: position for position, role in enumerate(Registration.Role.values)}


def in_role_order(registrations: list[Registration]) -> list[Registration]:
    """Speakers after participants and so on, as Registration.Role lists them (stable)."""
    return sorted(registrations, key=lambda r: ROLE_ORDER.get(r.role, len(ROLE_ORDER)))


def _attended(registration: Registration) -> str:
    if registration.attended is None:
        return _("Not recorded")
    return _("Yes") if registration.attended else _("No")


def _text_cell(cell: Cell, value: Any) -> None:
    """Write a value typed by people as text: a name starting with "=" is no formula."""
    cell.value = value
    if isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"


def participant_row(registration: Registration) -> list[str]:
    organization = registration.organization
    province = organization.province if organization is not None else None
    return [
        str(registration.person) if registration.person_id else "",
        organization.name if organization is not None else "",
        str(registration.get_role_display()),
        str(organization.get_kind_display()) if organization is not None else "",
        province.name if province is not None else "",
        _attended(registration),
    ]


def participants_workbook(event: Event, registrations: list[Registration]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None  # a new workbook always has one sheet
    sheet.title = _("Participants")[:31]
    sheet.sheet_view.rightToLeft = is_rtl()

    header_rows: list[tuple[str, str]] = [
        (_("Event"), event.title),
        (_("Kind"), str(event.get_kind_display())),
        (_("Date"), event.period),
        (_("Place"), event.place),
        (_("Program"), event.program.name if event.program_id and event.program else ""),
        (_("Status"), str(event.get_status_display())),
        (_("Exported on"), date_format(timezone.localtime(), "SHORT_DATETIME_FORMAT")),
    ]
    for label, value in header_rows:
        sheet.append([label])
        _text_cell(sheet.cell(row=sheet.max_row, column=2), value)
        sheet.cell(row=sheet.max_row, column=1).font = Font(bold=True)
    sheet.cell(row=1, column=2).font = Font(bold=True, size=14)
    sheet.append([])

    columns = [
        _("Name"), _("Organization"), _("Role"), _("Kind of organization"), _("Province"),
        _("Attended"),
    ]  # fmt: skip
    sheet.append(columns)
    header_row = sheet.max_row
    for column in range(1, len(columns) + 1):
        cell = sheet.cell(row=header_row, column=column)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(vertical="center", wrap_text=True)
    for registration in registrations:
        sheet.append([""] * len(columns))
        for column, value in enumerate(participant_row(registration), start=1):
            _text_cell(sheet.cell(row=sheet.max_row, column=column), value)

    for column, width in enumerate(COLUMN_WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)
    last = get_column_letter(len(columns))
    sheet.auto_filter.ref = f"A{header_row}:{last}{max(sheet.max_row, header_row)}"

    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
