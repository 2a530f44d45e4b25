"""The template workbook of each import kind: headers in the reader's language, one
example row, and drop-down lists where the values are fixed (kept on a hidden sheet)."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from tiwizi.core.i18n import is_rtl
from tiwizi.core.spreadsheets import neutralize
from tiwizi.imports.kinds.base import ImportKind

# Rows of the data sheet that get the drop-downs (a template is for a batch of rows).
VALIDATED_ROWS = 5000
LISTS_SHEET = "lists"


def template_workbook(kind: ImportKind) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Data")[:31]
    sheet.sheet_view.rightToLeft = is_rtl()
    lists = workbook.create_sheet(LISTS_SHEET)
    lists.sheet_state = "hidden"
    header_font = Font(bold=True)
    header_fill = PatternFill("solid", fgColor="DDEBF7")
    example_font = Font(italic=True, color="666666")
    list_column = 0
    for index, column in enumerate(kind.columns, start=1):
        letter = get_column_letter(index)
        header = sheet.cell(row=1, column=index, value=neutralize(str(column.label)))
        header.font, header.fill = header_font, header_fill
        example = column.example
        cell = sheet.cell(
            row=2, column=index, value=neutralize(str(example)) if example != "" else None
        )
        cell.font = example_font
        sheet.column_dimensions[letter].width = max(14, min(40, len(str(column.label)) + 4))
        if column.as_text:
            for row in range(2, 200):
                sheet.cell(row=row, column=index).number_format = "@"
        if column.choices is None:
            continue
        values = column.choices()
        if not values:
            continue
        list_column += 1
        list_letter = get_column_letter(list_column)
        for position, value in enumerate(values, start=1):
            lists.cell(row=position, column=list_column, value=neutralize(value))
        validation = DataValidation(
            type="list",
            formula1=f"{LISTS_SHEET}!${list_letter}$1:${list_letter}${len(values)}",
            allow_blank=not column.required,
            showErrorMessage=not column.multiple,
            errorTitle=str(column.label)[:32],
            error=_("Choose a value from the list.")[:255],
        )
        validation.add(f"{letter}2:{letter}{VALIDATED_ROWS}")
        sheet.add_data_validation(validation)
    sheet.freeze_panes = "A2"
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()
