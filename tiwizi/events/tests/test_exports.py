"""The participant list (Excel) and the sign-in sheet (PDF)."""

from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from tiwizi.events import services
from tiwizi.events.exports import XLSX_CONTENT_TYPE


@pytest.fixture
def participants(past_event, program_manager, cooperative, other_cooperative, member, other_member):
    first = services.register(program_manager, past_event, organization=cooperative, person=member)
    services.register(
        program_manager, past_event, organization=other_cooperative, person=other_member,
        role="speaker",
    )  # fmt: skip
    services.register(program_manager, past_event, organization=other_cooperative)
    services.record_attendance(program_manager, past_event, {first.pk: True})
    return past_event


def _workbook(client, event):
    response = client.get(reverse("events:participants_export", args=[event.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX_CONTENT_TYPE
    assert "attachment" in response["Content-Disposition"]
    return load_workbook(BytesIO(response.content)).active


def _rows(sheet):
    return [
        [cell if cell is not None else "" for cell in row]
        for row in sheet.iter_rows(values_only=True)
    ]


def test_excel_lists_the_participants_under_the_event_header(
    client_for, trainer, participants, member, other_member, cooperative, other_cooperative
):
    sheet = _workbook(client_for(trainer), participants)
    rows = _rows(sheet)
    assert rows[0][:2] == ["Event", participants.title]
    header_index = next(i for i, row in enumerate(rows) if row[0] == "Name")
    assert rows[header_index] == [
        "Name", "Organization", "Role", "Kind of organization", "Province", "Attended",
    ]  # fmt: skip
    data = rows[header_index + 1 :]
    assert len(data) == 3
    by_name = {row[0]: row for row in data}
    assert by_name[member.full_name_latin] == [
        member.full_name_latin, cooperative.name_fr, "Participant", "Cooperative",
        cooperative.province.name_fr, "Yes",
    ]  # fmt: skip
    assert by_name[other_member.full_name_latin][2:] == [
        "Speaker",
        "Cooperative",
        "",
        "Not recorded",
    ]
    assert by_name[""][1] == other_cooperative.name_fr  # the organization as a whole
    assert sheet.sheet_view.rightToLeft in (None, False)
    assert sheet.freeze_panes == f"A{header_index + 2}"


def test_excel_headers_are_in_the_readers_language(client_for, trainer, participants):
    rows = _rows(_workbook(client_for(trainer, "fr"), participants))
    assert next(r for r in rows if r[0] == "Nom")[:3] == ["Nom", "Organisation", "Rôle"]


def test_excel_reads_right_to_left_in_arabic(client_for, trainer, participants):
    sheet = _workbook(client_for(trainer, "ar"), participants)
    assert sheet.sheet_view.rightToLeft is True
    assert any(row[0] == "الاسم" for row in _rows(sheet))


def test_names_starting_with_equals_are_text_not_formulas(
    client_for, program_manager, past_event, make_member, cooperative
):
    person = make_member(cooperative, first_name_latin="=HYPERLINK", last_name_latin="(x)")
    services.register(program_manager, past_event, organization=cooperative, person=person)
    sheet = _workbook(client_for(program_manager), past_event)
    cells = [c for row in sheet.iter_rows() for c in row if c.value == "=HYPERLINK (x)"]
    assert cells and cells[0].data_type == "s"


def test_sign_in_sheet_names_everyone_in_both_scripts(
    client_for, trainer, participants, member, other_member, cooperative
):
    response = client_for(trainer).get(reverse("events:sign_in_sheet", args=[participants.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(BytesIO(response.content))
    page = reader.pages[0]
    assert page.mediabox.width > page.mediabox.height  # landscape
    text = "\n".join(p.extract_text() for p in reader.pages)
    assert participants.title_fr in text
    for person in (member, other_member):
        assert person.last_name_latin in text
    assert cooperative.name_fr in text
    assert "Signature" in text
    assert "Speaker" in text
    assert member.full_name_ar in text  # Amiri's glyphs map back to the letters


def test_exports_of_an_event_without_registrations_still_open(client_for, program_manager, event):
    client = client_for(program_manager)
    sheet = _workbook(client, event)
    assert _rows(sheet)[-1][0] == "Name"
    response = client.get(reverse("events:sign_in_sheet", args=[event.pk]))
    assert response.status_code == 200
    assert PdfReader(BytesIO(response.content)).pages
