"""No event page answers 500 to anything a browser can send."""

import pytest
from django.urls import reverse

from tiwizi.events import services
from tiwizi.events.models import Event, Outcome, Registration

BAD_QUERIES = [
    {"page": "abc"}, {"page": "99999"}, {"page": "-1"}, {"page": "0"}, {"page": "9" * 40},
    {"sort": "bogus"}, {"sort": "-"}, {"sort": "--start"}, {"sort": "start;drop table"},
    {"kind": "spaceship"}, {"status": "?"}, {"program": "abc"}, {"program": "9" * 40},
    {"program": "-3"}, {"province": "9" * 40}, {"province": "1.5"}, {"date_from": "garbage"},
    {"date_from": "2024-02-30"}, {"date_to": "9999999-01-01"}, {"date_to": "0000-00-00"},
    {"q": "\x00"}, {"q": "x" * 5000}, {"q": "%_%\\"}, {"q": "' OR 1=1 --"},
    {"q": "ورشة", "page": "2", "sort": "-title", "date_from": "2020-01-01"},
]  # fmt: skip


@pytest.mark.parametrize("query", BAD_QUERIES, ids=lambda q: repr(q)[:40])
def test_bad_list_queries_never_500(query, client_for, program_manager, event):
    client = client_for(program_manager)
    url = reverse("events:event_list")
    assert client.get(url, query).status_code == 200
    htmx = client.get(url, query, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="event-results")
    assert htmx.status_code == 200


@pytest.mark.parametrize(
    "path",
    ["/events/99999999999999999999999/", "/events/0/edit/", "/events/99999999999999999999/cancel/",
     "/events/99999999999999999999/register/", "/events/99999999999999999999/participants.xlsx",
     "/events/99999999999999999999/sign-in-sheet.pdf",
     "/events/registrations/99999999999999999999/remove/"],
)  # fmt: skip
def test_unknown_or_huge_ids_are_404(path, client_for, platform_admin):
    assert client_for(platform_admin).get(path).status_code == 404


@pytest.mark.parametrize(
    "changes",
    [{"start": "garbage"}, {"start": "2024-02-30T10:00"}, {"end": "9999999-01-01T00:00"},
     {"start": "", "end": ""}, {"kind": "party"}, {"program": "abc"}, {"program": "9" * 40},
     {"province": "9" * 40, "commune": "9" * 40}, {"province": "²", "commune": "-1"},
     {"organizers": ["abc", "9" * 40]}, {"title_fr": "x" * 1000},
     {"refresh_communes": "1", "province": "abc"}],
)  # fmt: skip
def test_bad_event_form_input_never_500(changes, client_for, program_manager, event, ngo):
    data = {
        "kind": "workshop", "title_fr": "Atelier", "start": "2030-01-01T09:00",
        "end": "2030-01-01T12:00", "organizers": [ngo.pk], "status": "planned",
    }  # fmt: skip
    data.update(changes)
    client = client_for(program_manager)
    before = Event.objects.count()
    for url in (reverse("events:event_create"), reverse("events:event_edit", args=[event.pk])):
        assert client.post(url, data).status_code == 200, url
    assert Event.objects.count() == before
    event.refresh_from_db()
    assert event.status == Event.Status.PLANNED


@pytest.mark.parametrize("status", ["cancelled", "vanished", "held"])
def test_edit_refuses_a_status_it_does_not_offer(status, client_for, program_manager, event, ngo):
    data = {
        "kind": "workshop", "title_fr": "Atelier", "start": "2030-01-01T09:00",
        "end": "2030-01-01T12:00", "organizers": [ngo.pk], "status": status,
    }  # fmt: skip
    response = client_for(program_manager).post(reverse("events:event_edit", args=[event.pk]), data)
    assert response.status_code == 200
    assert "status" in response.context["form"].errors
    event.refresh_from_db()
    assert event.status == Event.Status.PLANNED


@pytest.mark.parametrize(
    "data",
    [{}, {"organization": "abc"}, {"organization": "9" * 40, "role": "participant"},
     {"organization": "-1", "person": "abc", "role": "participant"},
     {"person": "9" * 40, "role": "participant"}, {"role": "king"},
     {"refresh_members": "1", "organization": "9" * 40}],
)  # fmt: skip
def test_bad_registration_input_never_500(data, client_for, program_manager, event):
    url = reverse("events:registration_add", args=[event.pk])
    assert client_for(program_manager).post(url, data).status_code == 200
    assert not Registration.objects.exists()


@pytest.mark.parametrize("organization", ["abc", "9" * 40, "-1", "²", "", "1.5"])
def test_bad_member_option_queries_never_500(organization, client_for, program_manager, event):
    url = reverse("events:registration_member_options", args=[event.pk])
    response = client_for(program_manager).get(url, {"organization": organization})
    assert response.status_code == 200


@pytest.mark.parametrize(
    "data",
    [{}, {"registration": "abc"}, {"registration": "9" * 40}, {"attended": "1"},
     {"registration": ["1", "1"], "attended": ["x"]}],
)  # fmt: skip
def test_bad_attendance_input_never_500(data, client_for, program_manager, past_event, cooperative):
    services.register(program_manager, past_event, organization=cooperative)
    response = client_for(program_manager).post(
        reverse("events:attendance", args=[past_event.pk]), data
    )
    assert response.status_code == 302
    assert not Registration.objects.filter(attended__isnull=False).exists()


@pytest.mark.parametrize(
    "data",
    [{}, {"text": ""}, {"text": "x", "due_date": "garbage"},
     {"text": "x", "due_date": "2024-02-30"},
     {"text": "x", "owner_organization": "abc"}, {"text": "x", "owner_organization": "9" * 40},
     {"text": "x", "owner_name": "y" * 500}],
)  # fmt: skip
def test_bad_outcome_input_never_500(data, client_for, program_manager, past_event):
    url = reverse("events:outcome_add", args=[past_event.pk])
    client = client_for(program_manager)
    assert client.post(url, data).status_code == 200
    assert client.post(url, data, HTTP_HX_REQUEST="true").status_code == 200
    assert not Outcome.objects.exists()


@pytest.mark.parametrize("data", [{}, {"status": "lost"}, {"status": "9" * 400}])
def test_bad_outcome_status_never_500(data, client_for, program_manager, past_event):
    outcome = services.add_outcome(program_manager, past_event, {"text": "Suivi"})
    url = reverse("events:outcome_status", args=[outcome.pk])
    client = client_for(program_manager)
    assert client.post(url, data).status_code == 302
    assert client.post(url, data, HTTP_HX_REQUEST="true").status_code == 200
    outcome.refresh_from_db()
    assert outcome.status == Outcome.Status.OPEN


def test_too_long_cancellation_reason_is_a_form_error(client_for, program_manager, event):
    url = reverse("events:event_cancel", args=[event.pk])
    assert client_for(program_manager).post(url, {"reason": "x" * 300}).status_code == 200
    event.refresh_from_db()
    assert event.status == Event.Status.PLANNED


def test_other_methods_are_refused(client_for, program_manager, event):
    client = client_for(program_manager)
    assert client.put(reverse("events:event_cancel", args=[event.pk])).status_code == 405
    assert client.get(reverse("events:attendance", args=[event.pk])).status_code == 405
    assert client.delete(reverse("events:event_edit", args=[event.pk])).status_code == 405
