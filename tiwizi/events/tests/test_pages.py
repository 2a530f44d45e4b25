"""The event pages: list with filters, detail, forms, registration, attendance, outcomes."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from tiwizi.events import services
from tiwizi.events.models import Event, Outcome, Registration

LIST = reverse("events:event_list")
HTMX = {"HTTP_HX_REQUEST": "true"}


def _titles(response):
    return [e.title for e in response.context["page_obj"]]


# List


def test_list_filters_by_kind_status_program_province_and_dates(
    client_for, program_manager, event, past_event, make_event, commune_elsewhere
):
    fair = make_event(title_fr="Foire régionale", kind=Event.Kind.FAIR, commune=commune_elsewhere)
    client = client_for(program_manager)
    assert set(_titles(client.get(LIST))) == {event.title, past_event.title, fair.title}
    assert _titles(client.get(LIST, {"kind": "fair"})) == [fair.title]
    assert set(_titles(client.get(LIST, {"program": event.program_id}))) == {
        event.title, past_event.title,
    }  # fmt: skip
    assert fair.title not in _titles(client.get(LIST, {"province": event.commune.province_id}))
    today = timezone.localdate()
    assert _titles(client.get(LIST, {"date_to": today.isoformat()})) == [past_event.title]
    assert past_event.title not in _titles(client.get(LIST, {"date_from": today.isoformat()}))
    assert _titles(client.get(LIST, {"q": "foire"})) == [fair.title]
    services.cancel_event(program_manager, fair)
    assert _titles(client.get(LIST, {"status": "cancelled"})) == [fair.title]


def test_list_sorts_by_date_and_title(client_for, program_manager, event, past_event):
    client = client_for(program_manager)
    assert _titles(client.get(LIST)) == [event.title, past_event.title]  # latest first
    assert _titles(client.get(LIST, {"sort": "start"})) == [past_event.title, event.title]
    by_title = _titles(client.get(LIST, {"sort": "title"}))
    assert by_title == sorted(by_title)


def test_list_answers_htmx_with_the_results_only(client_for, program_manager, event):
    response = client_for(program_manager).get(
        LIST, {"kind": "workshop"}, HTTP_HX_TARGET="event-results", **HTMX
    )
    html = response.content.decode()
    assert event.title in html
    assert "<html" not in html
    assert 'hx-swap-oob="true"' in html


def test_empty_states(client_for, program_manager, cooperative_manager):
    html = client_for(program_manager).get(LIST).content.decode()
    assert "There are no events yet." in html
    assert reverse("events:event_create") in html
    html = client_for(program_manager).get(LIST, {"kind": "fair"}).content.decode()
    assert "No event matches these filters." in html
    html = client_for(cooperative_manager).get(LIST).content.decode()
    assert "There are no events yet." in html
    assert reverse("events:event_create") not in html


def test_list_paginates(client_for, program_manager, make_event, settings):
    settings.TIWIZI_PAGE_SIZE = 2
    for _ in range(5):
        make_event()
    response = client_for(program_manager).get(LIST, {"page": 3})
    assert response.context["page_obj"].number == 3
    assert len(response.context["page_obj"]) == 1


# Create, edit, cancel


def _form_data(commune, ngo, **changes):
    data = {
        "kind": "meeting", "title_fr": "Réunion de coordination", "title_ar": "", "title_en": "",
        "start": "2030-03-14T09:00", "end": "2030-03-14T12:30", "province": commune.province_id,
        "commune": commune.pk, "venue": "Siège de l'association", "organizers": [ngo.pk],
        "agenda": "Bilan", "program": "",
    }  # fmt: skip
    data.update(changes)
    return data


def test_program_manager_plans_an_event(client_for, program_manager, commune, ngo):
    client = client_for(program_manager)
    form = client.get(reverse("events:event_create"))
    assert form.status_code == 200
    assert "status" not in form.context["form"].fields  # a new event is planned
    response = client.post(reverse("events:event_create"), _form_data(commune, ngo))
    event = Event.objects.get()
    assert response.status_code == 302
    assert response["Location"] == event.get_absolute_url()
    assert event.commune == commune
    assert timezone.localtime(event.start).hour == 9
    assert list(event.organizers.all()) == [ngo]
    assert "has been planned" in str(next(iter(get_messages(response.wsgi_request))))


def test_bad_event_input_is_shown_next_to_the_fields(
    client_for, program_manager, commune, commune_elsewhere, ngo
):
    data = _form_data(
        commune, ngo, title_fr="", end="2030-03-14T08:00", province=commune_elsewhere.province_id
    )
    response = client_for(program_manager).post(reverse("events:event_create"), data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "title_fr" in errors
    assert "end" in errors
    assert "commune" in errors
    assert "is-invalid" in response.content.decode()
    assert not Event.objects.exists()


def test_program_manager_edits_and_marks_an_event_held(
    client_for, program_manager, past_event, commune, ngo
):
    client = client_for(program_manager)
    url = reverse("events:event_edit", args=[past_event.pk])
    start = timezone.localtime(past_event.start).strftime("%Y-%m-%dT%H:%M")
    end = timezone.localtime(past_event.end).strftime("%Y-%m-%dT%H:%M")
    data = _form_data(commune, ngo, start=start, end=end, status="held", kind="info_day",
                      program=past_event.program_id)  # fmt: skip
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    past_event.refresh_from_db()
    assert past_event.status == Event.Status.HELD
    assert past_event.title_fr == "Réunion de coordination"


def test_province_refresh_without_javascript_redraws_the_form(
    client_for, program_manager, commune, ngo
):
    data = _form_data(commune, ngo, refresh_communes="1")
    response = client_for(program_manager).post(reverse("events:event_create"), data)
    assert response.status_code == 200
    assert not Event.objects.exists()
    assert f'value="{commune.pk}"' in response.content.decode()


def test_cancelling_asks_for_confirmation(client_for, program_manager, event):
    client = client_for(program_manager)
    url = reverse("events:event_cancel", args=[event.pk])
    assert "Cancel" in client.get(url).content.decode()
    event.refresh_from_db()
    assert event.status == Event.Status.PLANNED
    response = client.post(url, {"reason": "Intempéries"})
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.status == Event.Status.CANCELLED
    html = client.get(event.get_absolute_url()).content.decode()
    assert "This event has been cancelled." in html
    assert "Intempéries" in html
    assert client.get(reverse("events:event_edit", args=[event.pk])).status_code == 302


# Registration


def test_staff_register_a_member_of_a_cooperative(
    client_for, program_manager, event, cooperative, member
):
    client = client_for(program_manager)
    url = reverse("events:registration_add", args=[event.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url, {"organization": cooperative.pk, "person": member.pk, "role": "speaker"}
    )
    assert response.status_code == 302
    registration = Registration.objects.get()
    assert (registration.person, registration.role) == (member, "speaker")


def test_register_and_add_another_comes_back_to_the_form(
    client_for, program_manager, event, cooperative
):
    url = reverse("events:registration_add", args=[event.pk])
    response = client_for(program_manager).post(
        url, {"organization": cooperative.pk, "role": "participant", "add_another": "1"}
    )
    assert response["Location"] == url


def test_choosing_an_organization_loads_its_current_members(
    client_for, program_manager, event, cooperative, member, other_member
):
    url = reverse("events:registration_member_options", args=[event.pk])
    html = client_for(program_manager).get(url, {"organization": cooperative.pk}, **HTMX)
    html = html.content.decode()
    assert f'value="{member.pk}"' in html
    assert f'value="{other_member.pk}"' not in html
    form = client_for(program_manager).get(reverse("events:registration_add", args=[event.pk]))
    assert url in form.content.decode()  # the organization select asks for them


def test_cooperative_manager_registration_form_offers_their_organization_only(
    client_for, program_manager, cooperative_manager, event, cooperative, other_cooperative,
    member, other_member,
):  # fmt: skip
    services.register(program_manager, event, organization=cooperative)
    client = client_for(cooperative_manager)
    url = reverse("events:registration_add", args=[event.pk])
    form = client.get(url).context["form"]
    assert list(form.fields["organization"].queryset) == [cooperative]
    assert form.initial["organization"] == cooperative.pk
    # Another cooperative, or another cooperative's member: a form error, nothing saved.
    response = client.post(url, {"organization": other_cooperative.pk, "role": "participant"})
    assert response.status_code == 200
    assert "organization" in response.context["form"].errors
    response = client.post(
        url, {"organization": cooperative.pk, "person": other_member.pk, "role": "participant"}
    )
    assert response.status_code == 200
    assert "person" in response.context["form"].errors
    options = client.get(
        reverse("events:registration_member_options", args=[event.pk]),
        {"organization": other_cooperative.pk},
    ).content.decode()
    assert f'value="{other_member.pk}"' not in options
    assert event.registrations.count() == 1
    response = client.post(
        url, {"organization": cooperative.pk, "person": member.pk, "role": "participant"}
    )
    assert response.status_code == 302
    assert event.registrations.filter(person=member).exists()


def test_removing_a_registration_asks_for_confirmation(
    client_for, program_manager, event, cooperative
):
    registration = services.register(program_manager, event, organization=cooperative)
    client = client_for(program_manager)
    url = reverse("events:registration_remove", args=[registration.pk])
    assert cooperative.name_fr in client.get(url).content.decode()
    assert Registration.objects.exists()
    assert client.post(url).status_code == 302
    assert not Registration.objects.exists()
    html = client.get(event.get_absolute_url()).content.decode()
    assert "(removed)" in html  # the history keeps a note


# Detail and attendance


@pytest.fixture
def attendees(past_event, program_manager, cooperative, other_cooperative, member, other_member):
    return [
        services.register(program_manager, past_event, organization=cooperative, person=member),
        services.register(
            program_manager,
            past_event,
            organization=other_cooperative,
            person=other_member,
            role=Registration.Role.SPEAKER,
        ),
        services.register(program_manager, past_event, organization=other_cooperative),
    ]


def test_detail_groups_registrations_by_role(client_for, trainer, past_event, attendees):
    response = client_for(trainer).get(past_event.get_absolute_url())
    groups = response.context["groups"]
    assert [g["role"] for g in groups] == ["participant", "speaker"]
    assert [len(g["registrations"]) for g in groups] == [2, 1]
    html = response.content.decode()
    assert 'name="attended"' in html
    assert reverse("events:attendance", args=[past_event.pk]) in html


def test_attendance_checkboxes_are_saved_in_one_post(client_for, trainer, past_event, attendees):
    first, second, third = attendees
    response = client_for(trainer).post(
        reverse("events:attendance", args=[past_event.pk]),
        {"registration": [first.pk, second.pk, third.pk], "attended": [first.pk, third.pk]},
    )
    assert response.status_code == 302
    assert response["Location"].endswith("#registrations")
    marks = dict(Registration.objects.values_list("pk", "attended"))
    assert marks == {first.pk: True, second.pk: False, third.pk: True}


def test_attendance_with_an_unknown_registration_saves_nothing(
    client_for, trainer, past_event, attendees
):
    response = client_for(trainer).post(
        reverse("events:attendance", args=[past_event.pk]),
        {"registration": [attendees[0].pk, 999999], "attended": [attendees[0].pk]},
    )
    assert response.status_code == 302
    assert not Registration.objects.filter(attended__isnull=False).exists()
    assert "Nothing was saved" in str(next(iter(get_messages(response.wsgi_request))))


def test_upcoming_event_has_no_attendance_form(client_for, program_manager, event, cooperative):
    services.register(program_manager, event, organization=cooperative)
    html = client_for(program_manager).get(event.get_absolute_url()).content.decode()
    assert 'name="attended"' not in html
    assert "once the event has started" in html


# Outcomes


def test_outcome_is_added_with_htmx(client_for, program_manager, past_event, cooperative):
    url = reverse("events:outcome_add", args=[past_event.pk])
    response = client_for(program_manager).post(
        url,
        {"text": "Organiser une visite d'échange", "owner_name": "Comité de suivi",
         "owner_organization": cooperative.pk, "due_date": "2030-01-31"},
        **HTMX,
    )  # fmt: skip
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="outcomes"' in html and "<html" not in html
    assert "Organiser une visite d&#x27;échange" in html
    assert Outcome.objects.get().owner_organization == cooperative


def test_outcome_errors_come_back_in_the_fragment(client_for, program_manager, past_event):
    url = reverse("events:outcome_add", args=[past_event.pk])
    response = client_for(program_manager).post(url, {"text": "", "due_date": "not a date"}, **HTMX)
    assert response.status_code == 200
    assert "is-invalid" in response.content.decode()
    assert not Outcome.objects.exists()


def test_outcome_without_javascript_reloads_the_page(client_for, program_manager, past_event):
    url = reverse("events:outcome_add", args=[past_event.pk])
    response = client_for(program_manager).post(url, {"text": "Former les jeunes"})
    assert response.status_code == 302
    assert response["Location"].endswith("#outcomes")


def test_outcome_status_changes_with_htmx(client_for, trainer, program_manager, past_event):
    outcome = services.add_outcome(
        program_manager, past_event,
        {"text": "Suivre les ventes", "due_date": datetime.date(2020, 1, 1)},
    )  # fmt: skip
    url = reverse("events:outcome_status", args=[outcome.pk])
    response = client_for(trainer).post(url, {"status": "done"}, **HTMX)
    html = response.content.decode()
    assert html.lstrip().startswith(f'<tr id="outcome-{outcome.pk}"')
    assert "Overdue" not in html  # done: no longer overdue
    outcome.refresh_from_db()
    assert outcome.status == Outcome.Status.DONE
    response = client_for(trainer).post(url, {"status": "lost"}, **HTMX)
    assert "Choose one of the listed statuses." in response.content.decode()
    outcome.refresh_from_db()
    assert outcome.status == Outcome.Status.DONE


def test_outcome_owner_name_is_hidden_from_funders(client_for, funder, program_manager, past_event):
    services.add_outcome(
        program_manager, past_event, {"text": "Plan de formation", "owner_name": "Mme Zahra"}
    )
    html = client_for(funder).get(past_event.get_absolute_url()).content.decode()
    assert "Plan de formation" in html
    assert "Mme Zahra" not in html


# Every page: Arabic layout, and nothing the Content-Security-Policy would block


def test_pages_render_in_arabic_without_inline_code(
    client_for, program_manager, past_event, cooperative, member
):
    from tiwizi.core.tests.test_security import inline_code

    registration = services.register(
        program_manager, past_event, organization=cooperative, person=member
    )
    outcome = services.add_outcome(program_manager, past_event, {"text": "متابعة"})
    client = client_for(program_manager, "ar")
    pk = past_event.pk
    for url in (
        LIST, reverse("events:event_create"), past_event.get_absolute_url(),
        reverse("events:event_edit", args=[pk]), reverse("events:event_cancel", args=[pk]),
        reverse("events:registration_add", args=[pk]), reverse("events:outcome_add", args=[pk]),
        reverse("events:registration_remove", args=[registration.pk]), reverse("core:home"),
    ):  # fmt: skip
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert 'dir="rtl"' in html, url
        assert inline_code(html) == [], url
    assert outcome.text in client.get(past_event.get_absolute_url()).content.decode()
