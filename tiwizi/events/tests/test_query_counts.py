"""Event pages run the same queries for few rows as for many."""

import datetime
import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tiwizi.accounts.models import User
from tiwizi.core.dashboards import home_context
from tiwizi.events import services
from tiwizi.events.models import Event, Outcome, Registration
from tiwizi.registry.models import Membership, Organization, Person

_numbers = itertools.count()


def _queries(client, url, **params):
    headers = params.pop("headers", {})
    client.get(url, params, **headers)  # content types and the like are cached after one use
    with CaptureQueriesContext(connection) as context:
        response = client.get(url, params, **headers)
    assert response.status_code == 200
    return len(context.captured_queries)


def _add_events(count, program, commune, organizers):
    start = timezone.now() - datetime.timedelta(days=30)
    events = Event.objects.bulk_create(
        Event(program=program, kind="workshop", title_fr=f"Atelier {next(_numbers)}",
              title_ar="ورشة", start=start + datetime.timedelta(days=n),
              end=start + datetime.timedelta(days=n, hours=4), commune=commune, venue="Salle")
        for n in range(count)
    )  # fmt: skip
    Event.organizers.through.objects.bulk_create(
        Event.organizers.through(event_id=e.pk, organization_id=o.pk)
        for e in events
        for o in organizers
    )
    return events


def _add_registrations(count, event, organization):
    people = Person.objects.bulk_create(
        Person(first_name_latin="Membre", last_name_latin=f"N{next(_numbers)}",
               first_name_ar="عضو", last_name_ar="رقم", sex="female", birth_year=1990)
        for _ in range(count)
    )  # fmt: skip
    Membership.objects.bulk_create(
        Membership(person=p, organization=organization, role="member") for p in people
    )
    return Registration.objects.bulk_create(
        Registration(event=event, organization=organization, person=p,
                     attended=bool(n % 2), role=("participant", "speaker")[n % 2])
        for n, p in enumerate(people)
    )  # fmt: skip


@pytest.mark.parametrize("sort", ["-start", "title", "kind", "registrations"])
def test_event_list_query_count_is_constant(
    sort, client_for, program_manager, platform_admin, funder, program, commune, ngo,
    cooperative,
):  # fmt: skip
    url = reverse("events:event_list")
    users = (program_manager, platform_admin, funder)
    events = _add_events(5, program, commune, [ngo, cooperative])
    _add_registrations(3, events[0], cooperative)
    few = {user: _queries(client_for(user), url, sort=sort) for user in users}
    _add_events(45, program, commune, [ngo, cooperative])
    many = {user: _queries(client_for(user), url, sort=sort) for user in users}
    assert few == many
    assert max(many.values()) <= 14


def test_event_list_partial_query_count_is_constant(
    client_for, program_manager, program, commune, ngo
):
    url = reverse("events:event_list")
    headers = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "event-results"}
    client = client_for(program_manager)
    _add_events(5, program, commune, [ngo])
    few = _queries(client, url, headers=dict(headers))
    _add_events(45, program, commune, [ngo])
    assert _queries(client, url, headers=dict(headers)) == few


@pytest.mark.parametrize("role", ["program_manager", "funder", "cooperative_manager"])
def test_event_detail_query_count_is_bounded(
    role, request, client_for, past_event, program_manager, cooperative, make_organization, ngo
):
    user = request.getfixturevalue(role)
    client = client_for(user)
    url = past_event.get_absolute_url()
    services.register(program_manager, past_event, organization=cooperative)
    _add_registrations(10, past_event, cooperative)
    services.add_outcome(
        program_manager, past_event, {"text": "Premier suivi", "owner_organization": cooperative}
    )
    few = _queries(client, url)
    _add_registrations(50, past_event, cooperative)
    for n in range(5):
        other = make_organization(name_fr=f"Coopérative en plus {n}", stewards=[ngo])
        services.register(program_manager, past_event, organization=other)
        services.add_outcome(
            program_manager, past_event, {"text": f"Suivi {n}", "owner_organization": other}
        )
    marks = dict.fromkeys(past_event.registrations.values_list("pk", flat=True), True)
    services.record_attendance(program_manager, past_event, marks)
    assert _queries(client, url) == few


def test_home_panel_query_count_is_constant(program_manager, program, commune, ngo, past_event):
    def queries():
        home_context(User.objects.get(pk=program_manager.pk))
        with CaptureQueriesContext(connection) as context:
            home_context(User.objects.get(pk=program_manager.pk))
        return len(context.captured_queries)

    services.add_outcome(
        program_manager, past_event, {"text": "x", "due_date": datetime.date(2020, 1, 1)}
    )
    few = queries()
    future = _add_events(20, program, commune, [ngo])
    Event.objects.filter(pk__in=[e.pk for e in future]).update(
        start=timezone.now() + datetime.timedelta(days=3),
        end=timezone.now() + datetime.timedelta(days=3, hours=2),
    )
    Outcome.objects.bulk_create(
        Outcome(event=past_event, text=f"Suivi {n}", due_date=datetime.date(2020, 1, 1))
        for n in range(30)
    )
    assert queries() == few


def test_figures_take_a_fixed_number_of_queries(program, commune, ngo, cooperative):
    from tiwizi.events.figures import event_figures

    def queries():
        with CaptureQueriesContext(connection) as context:
            event_figures(program)
        return len(context.captured_queries)

    events = _add_events(3, program, commune, [ngo])
    _add_registrations(3, events[0], cooperative)
    few = queries()
    for event in _add_events(20, program, commune, [ngo]):
        _add_registrations(2, event, Organization.objects.create(kind="cooperative", name_fr="C"))
    assert queries() == few == 2
